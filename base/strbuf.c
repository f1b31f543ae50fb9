/* strbuf.c: growable heap strings for printers and messages. */
#include "base.h"

#include <string.h>

static void reserve(StrBuf *b, size_t extra) {
  if (b->len + extra + 1 <= b->cap) return;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < b->len + extra + 1) cap *= 2;
  b->data = kr_realloc(b->data, cap);
  b->cap = cap;
}

void strbuf_append(StrBuf *b, const char *s, size_t n) {
  reserve(b, n);
  memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = '\0';
}

void strbuf_putc(StrBuf *b, char c) { strbuf_append(b, &c, 1); }

void strbuf_puts(StrBuf *b, const char *s) { strbuf_append(b, s, strlen(s)); }

void strbuf_put_uint(StrBuf *b, uint64_t v) {
  char digits[20];
  int n = 0;
  do digits[sizeof digits - 1 - n++] = (char)('0' + v % 10);
  while ((v /= 10) != 0);
  strbuf_append(b, digits + sizeof digits - n, (size_t)n);
}

/* Formats into the room already there, and only when the text does not fit, grows and formats
 * again: printers call this for every token, and formatting twice each time doubled their cost. */
void strbuf_vprintf(StrBuf *b, const char *fmt, va_list ap) {
  reserve(b, 64);
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap2);
  va_end(ap2);
  if (n < 0) n = 0;
  if ((size_t)n >= b->cap - b->len) {
    reserve(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  }
  b->len += (size_t)n;
  b->data[b->len] = '\0';
}

void strbuf_printf(StrBuf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  strbuf_vprintf(b, fmt, ap);
  va_end(ap);
}

char *strbuf_take(StrBuf *b) {
  char *s = b->data ? b->data : kr_strdup("");
  b->data = NULL, b->len = b->cap = 0;
  return s;
}

void strbuf_free(StrBuf *b) {
  kr_free(b->data);
  b->data = NULL, b->len = b->cap = 0;
}
