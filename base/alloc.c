/* alloc.c: the one allocator every part of krait uses, with a count of live allocations. */
#include "base.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static atomic_size_t live_allocations;

_Noreturn void kr_bug(const char *file, int line, const char *what) {
  fprintf(stderr, "krait: internal error at %s:%d: %s\n", file, line, what);
  abort();
}

void *kr_alloc(size_t size) {
  void *p = calloc(1, size ? size : 1);
  if (!p) kr_bug(__FILE__, __LINE__, "out of memory");
  atomic_fetch_add(&live_allocations, 1);
  return p;
}

void *kr_realloc(void *ptr, size_t size) {
  if (!ptr) return kr_alloc(size);
  void *p = realloc(ptr, size ? size : 1);
  if (!p) kr_bug(__FILE__, __LINE__, "out of memory");
  return p;
}

void kr_free(void *ptr) {
  if (!ptr) return;
  atomic_fetch_sub(&live_allocations, 1);
  free(ptr);
}

char *kr_strndup(const char *s, size_t n) {
  char *p = kr_alloc(n + 1);
  memcpy(p, s, n);
  return p;
}

char *kr_strdup(const char *s) { return kr_strndup(s, strlen(s)); }

size_t kr_live_allocations(void) { return atomic_load(&live_allocations); }
