/* base.h: what every stage shares: the allocator, arenas, growable arrays, string buffers,
 * source text with spans, and diagnostics. Nothing here knows about Python or LLVM. */
#ifndef KRAIT_BASE_H
#define KRAIT_BASE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#if defined(__GNUC__)
#define KR_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define KR_PRINTF(f, a)
#endif

/* A bug (never a user error): print file and line and abort. */
#define kr_assert(cond) ((cond) ? (void)0 : kr_bug(__FILE__, __LINE__, #cond))
_Noreturn void kr_bug(const char *file, int line, const char *what);

/* ---- alloc.c: the one allocator. Every heap allocation of krait goes through here so that tests
 * can count allocations. Out of memory is fatal (kr_bug). ---- */
void *kr_alloc(size_t size);                /* zeroed */
void *kr_realloc(void *ptr, size_t size);
void kr_free(void *ptr);
/* Zeroed memory for array elements, allocated as NumPy does: aligned to 64 bytes (a cache line,
 * the widest vector load), and from 4 MiB on, in whole 2 MiB pages with madvise(MADV_HUGEPAGE),
 * so that transparent huge pages in "madvise" mode back it (fewer TLB misses when streaming).
 * Unlike kr_alloc, NULL when the memory cannot be had: the size comes from the user, and the
 * caller says so as an error (a MemoryError in CPython). Freed with kr_free. */
void *kr_alloc_array(size_t size);
char *kr_strdup(const char *s);
char *kr_strndup(const char *s, size_t n);
size_t kr_live_allocations(void);           /* allocations not yet freed, for leak tests */

/* ---- arena.c: one arena per compile job; everything in it dies with arena_free. ---- */
typedef struct ArenaChunk ArenaChunk;
typedef struct Arena {
  ArenaChunk *head;
  size_t total;                             /* bytes handed out, for statistics */
} Arena;

void arena_init(Arena *a);
void arena_free(Arena *a);
void *arena_alloc(Arena *a, size_t size);   /* zeroed, 16-byte aligned */
char *arena_strndup(Arena *a, const char *s, size_t n);
char *arena_strdup(Arena *a, const char *s);
char *arena_printf(Arena *a, const char *fmt, ...) KR_PRINTF(2, 3);
char *arena_vprintf(Arena *a, const char *fmt, va_list ap);
#define arena_new(a, T) ((T *)arena_alloc((a), sizeof(T)))
#define arena_array(a, T, n) ((T *)arena_alloc((a), sizeof(T) * (size_t)(n)))

/* Typed growable array, arena-backed:
 *   typedef Vec(Stmt *) StmtVec;   StmtVec v = {0};   vec_push(arena, &v, s);   v.data[i], v.len */
#define Vec(T) struct { T *data; int len, cap; }
void vec_grow_(Arena *a, void **data, int *cap, size_t elem_size);
#define vec_push(arena, v, x)                                                      \
  do {                                                                             \
    if ((v)->len == (v)->cap)                                                      \
      vec_grow_((arena), (void **)&(v)->data, &(v)->cap, sizeof(*(v)->data));      \
    (v)->data[(v)->len++] = (x);                                                   \
  } while (0)
#define vec_last(v) ((v)->data[(v)->len - 1])

/* ---- strbuf.c: a heap string that grows (for printers and messages). ---- */
typedef struct StrBuf {
  char *data;                               /* always NUL-terminated once anything was written */
  size_t len, cap;
} StrBuf;

void strbuf_printf(StrBuf *b, const char *fmt, ...) KR_PRINTF(2, 3);
void strbuf_vprintf(StrBuf *b, const char *fmt, va_list ap);
void strbuf_append(StrBuf *b, const char *s, size_t n);
void strbuf_putc(StrBuf *b, char c);
void strbuf_puts(StrBuf *b, const char *s);
void strbuf_put_uint(StrBuf *b, uint64_t v);  /* decimal */
char *strbuf_take(StrBuf *b);               /* hands the kr_alloc'd string over, resets b */
void strbuf_free(StrBuf *b);

/* ---- source.c: a source file and positions in it. ---- */
typedef struct Span {
  int32_t start, end;                       /* byte offsets into Source.text, end exclusive */
} Span;

typedef struct Source {
  const char *name;                         /* file name as given, for messages */
  const char *text;                         /* NUL-terminated */
  int32_t len;
  int32_t *line_starts;                     /* byte offset of each line's start */
  int32_t nlines;
} Source;

/* text must outlive the Source; the line table lives in the arena. */
void source_init(Source *src, Arena *a, const char *name, const char *text, int32_t len);
/* 1-based line, and 1-based column counted in characters (UTF-8 code points). */
void source_line_col(const Source *src, int32_t offset, int *line, int *col);
/* The line holding offset, without its newline. */
const char *source_line_text(const Source *src, int line, int32_t *len);
Span span_join(Span a, Span b);

/* ---- diag.c: diagnostics. User errors are recorded here and the caller returns false/NULL;
 * several errors in one run are all kept. A DiagList owns its memory (it outlives compile jobs). ---- */
typedef enum { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE } DiagLevel;

typedef struct Diag {
  DiagLevel level;
  char *file;                               /* copies: a Diag outlives the Source */
  int line, col;                            /* 1-based; 0 when the diagnostic has no position */
  int end_col;                              /* column after the span on the same line, for ~~~ */
  char *line_text;                          /* the source line, or NULL */
  char *message;
} Diag;

typedef struct DiagList {
  Diag *items;
  int len, cap;
  int nerrors;
} DiagList;

/* Each returns false so that callers can write `return diag_error(...)`. */
bool diag_error(DiagList *d, const Source *src, Span span, const char *fmt, ...) KR_PRINTF(4, 5);
bool diag_warning(DiagList *d, const Source *src, Span span, const char *fmt, ...) KR_PRINTF(4, 5);
void diag_note(DiagList *d, const Source *src, Span span, const char *fmt, ...) KR_PRINTF(4, 5);
void diag_add(DiagList *d, DiagLevel level, const Source *src, Span span, const char *fmt, va_list ap);
/* `file:line:col: error: message`, the source line, a caret under the span (^~~~). */
void diag_render(const Diag *dg, StrBuf *out);
void diag_render_all(const DiagList *d, StrBuf *out);
void diag_list_free(DiagList *d);

#endif
