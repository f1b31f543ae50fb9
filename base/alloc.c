/* alloc.c: the one allocator every part of krait uses, with a count of live allocations. */
#define _DEFAULT_SOURCE /* madvise, MADV_HUGEPAGE */
#include "base.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

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

/* NumPy asks for huge pages from 4 MiB on (numpy/core/src/multiarray/alloc.c); so do we, on
 * whole 2 MiB pages, which is what the kernel can back with huge pages. */
enum { ARRAY_ALIGN = 64, HUGE_PAGE = 2u << 20, HUGE_FROM = 4u << 20 };

void *kr_alloc_array(size_t size) {
  size_t align = ARRAY_ALIGN, bytes = size ? size : 1;
  if (bytes >= HUGE_FROM) {
    align = HUGE_PAGE;
    bytes = (bytes + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
  } else {
    bytes = (bytes + ARRAY_ALIGN - 1) / ARRAY_ALIGN * ARRAY_ALIGN;
  }
  void *p = NULL;
  if (posix_memalign(&p, align, bytes) != 0) return NULL;
#ifdef MADV_HUGEPAGE
  /* Advice only: without transparent huge pages (or where the kernel refuses) it fails harmlessly. */
  if (align == HUGE_PAGE) (void)madvise(p, bytes, MADV_HUGEPAGE);
#endif
  memset(p, 0, bytes); /* after the advice, so that the first touch faults in huge pages */
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
