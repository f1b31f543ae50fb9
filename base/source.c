/* source.c: source text, its line table, and byte offsets turned into line and column. */
#include "base.h"

void source_init(Source *src, Arena *a, const char *name, const char *text, int32_t len) {
  src->name = name;
  src->text = text;
  src->len = len;
  int32_t n = 1;
  for (int32_t i = 0; i < len; i++)
    if (text[i] == '\n') n++;
  src->line_starts = arena_array(a, int32_t, n);
  src->line_starts[0] = 0;
  int32_t k = 1;
  for (int32_t i = 0; i < len; i++)
    if (text[i] == '\n') src->line_starts[k++] = i + 1;
  src->nlines = n;
}

void source_line_col(const Source *src, int32_t offset, int *line, int *col) {
  if (offset < 0) offset = 0;
  if (offset > src->len) offset = src->len;
  int lo = 0, hi = src->nlines - 1; /* last line start <= offset */
  while (lo < hi) {
    int mid = (lo + hi + 1) / 2;
    if (src->line_starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  int c = 1;
  for (int32_t i = src->line_starts[lo]; i < offset; i++)
    if (((unsigned char)src->text[i] & 0xC0) != 0x80) c++;
  *line = lo + 1;
  *col = c;
}

const char *source_line_text(const Source *src, int line, int32_t *len) {
  if (line < 1 || line > src->nlines) {
    *len = 0;
    return "";
  }
  int32_t start = src->line_starts[line - 1];
  int32_t end = start;
  while (end < src->len && src->text[end] != '\n' && src->text[end] != '\r') end++;
  *len = end - start;
  return src->text + start;
}

Span span_join(Span a, Span b) {
  Span s = {a.start < b.start ? a.start : b.start, a.end > b.end ? a.end : b.end};
  return s;
}
