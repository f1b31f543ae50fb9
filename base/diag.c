/* diag.c: diagnostics in one format: `file:line:col: error: message`, the line, a caret. */
#include "base.h"

#include <string.h>

void diag_add(DiagList *d, DiagLevel level, const Source *src, Span span, const char *fmt, va_list ap) {
  if (d->len == d->cap) {
    d->cap = d->cap ? d->cap * 2 : 8;
    d->items = kr_realloc(d->items, sizeof(Diag) * (size_t)d->cap);
  }
  Diag *dg = &d->items[d->len++];
  memset(dg, 0, sizeof *dg);
  dg->level = level;
  StrBuf msg = {0};
  strbuf_vprintf(&msg, fmt, ap);
  dg->message = strbuf_take(&msg);
  dg->file = kr_strdup(src && src->name ? src->name : "<unknown>");
  if (src && span.start >= 0) {
    source_line_col(src, span.start, &dg->line, &dg->col);
    int32_t len;
    const char *text = source_line_text(src, dg->line, &len);
    dg->line_text = kr_strndup(text, (size_t)len);
    int end_line, end_col;
    int32_t end = span.end > span.start ? span.end : span.start + 1;
    source_line_col(src, end, &end_line, &end_col);
    if (end_line != dg->line || span.end <= span.start) {
      int line_chars, dummy;
      source_line_col(src, src->line_starts[dg->line - 1] + len, &dummy, &line_chars);
      end_col = end_line != dg->line ? line_chars : dg->col + 1;
    }
    dg->end_col = end_col > dg->col ? end_col : dg->col + 1;
  }
  if (level == DIAG_ERROR) d->nerrors++;
}

#define DEFINE_DIAG(fn, level, ret, retval)                                          \
  ret fn(DiagList *d, const Source *src, Span span, const char *fmt, ...) {          \
    va_list ap;                                                                      \
    va_start(ap, fmt);                                                               \
    diag_add(d, level, src, span, fmt, ap);                                          \
    va_end(ap);                                                                      \
    return retval;                                                                   \
  }
DEFINE_DIAG(diag_error, DIAG_ERROR, bool, false)
DEFINE_DIAG(diag_warning, DIAG_WARNING, bool, false)

void diag_note(DiagList *d, const Source *src, Span span, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  diag_add(d, DIAG_NOTE, src, span, fmt, ap);
  va_end(ap);
}

static const char *level_name(DiagLevel l) {
  return l == DIAG_ERROR ? "error" : l == DIAG_WARNING ? "warning" : "note";
}

void diag_render(const Diag *dg, StrBuf *out) {
  if (dg->line > 0)
    strbuf_printf(out, "%s:%d:%d: %s: %s\n", dg->file, dg->line, dg->col, level_name(dg->level), dg->message);
  else
    strbuf_printf(out, "%s: %s: %s\n", dg->file, level_name(dg->level), dg->message);
  if (!dg->line_text) return;
  strbuf_printf(out, "    %s\n    ", dg->line_text);
  /* Pad with the line's own tabs so the caret lines up however tabs are shown. */
  int c = 1;
  for (const char *p = dg->line_text; *p && c < dg->col; p++) {
    if (((unsigned char)*p & 0xC0) == 0x80) continue;
    strbuf_putc(out, *p == '\t' ? '\t' : ' ');
    c++;
  }
  strbuf_putc(out, '^');
  for (int i = dg->col + 1; i < dg->end_col; i++) strbuf_putc(out, '~');
  strbuf_putc(out, '\n');
}

void diag_render_all(const DiagList *d, StrBuf *out) {
  for (int i = 0; i < d->len; i++) diag_render(&d->items[i], out);
}

void diag_list_free(DiagList *d) {
  for (int i = 0; i < d->len; i++) {
    kr_free(d->items[i].file);
    kr_free(d->items[i].line_text);
    kr_free(d->items[i].message);
  }
  kr_free(d->items);
  memset(d, 0, sizeof *d);
}
