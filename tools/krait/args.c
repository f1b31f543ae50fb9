/* args.c: the arguments of `krait run`, written as Python literals: ints in every base with
 * underscores, floats including inf and nan and the float('...') spelling, True and False. */
#include "cli.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static bool fail(char *err, size_t size, const char *text, const char *why) {
  snprintf(err, size, "'%s' is not a Python int, float or bool literal (%s)", text, why);
  return false;
}

static int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return 99;
}

/* Digits of `base` with single underscores between them (Python's rule); at least one digit. */
static bool parse_digits(const char *s, int base, bool negative, int64_t *out, bool *overflow) {
  uint64_t limit = negative ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
  uint64_t v = 0;
  int ndigits = 0;
  *overflow = false;
  for (const char *p = s; *p; p++) {
    if (*p == '_') {
      if (p == s || !p[1] || p[1] == '_') return false;
      continue;
    }
    int d = digit_value(*p);
    if (d >= base) return false;
    if (v > (limit - (uint64_t)d) / (uint64_t)base) *overflow = true;
    else v = v * (uint64_t)base + (uint64_t)d;
    ndigits++;
  }
  if (ndigits == 0) return false;
  *out = negative ? (int64_t)(0 - v) : (int64_t)v;
  return true;
}

/* decimal float literal: digits ["." [digits]] [exponent] | "." digits [exponent], where there
 * is a point or an exponent; underscores only between digits. Writes it without underscores. */
static bool is_float_literal(const char *s, char *clean, size_t size) {
  size_t n = 0;
  bool digits_before = false, digits_after = false, point = false, exponent = false;
  const char *p = s;
  char prev = 0;
  for (; *p; p++) {
    char c = *p;
    if (c == '_') {
      if (!isdigit((unsigned char)prev) || !isdigit((unsigned char)p[1])) return false;
      prev = c;
      continue;
    }
    if (isdigit((unsigned char)c)) {
      if (exponent) digits_after = true;
      else if (point) digits_after = true;
      else digits_before = true;
    } else if (c == '.' && !point && !exponent) {
      point = true;
    } else if ((c == 'e' || c == 'E') && !exponent && (digits_before || digits_after)) {
      exponent = true;
      digits_after = false;
      if (p[1] == '+' || p[1] == '-') {
        if (n + 1 >= size) return false;
        clean[n++] = c;
        c = *++p;
      }
      if (!isdigit((unsigned char)p[1])) return false;
    } else {
      return false;
    }
    if (n + 1 >= size) return false;
    clean[n++] = c;
    prev = c;
  }
  clean[n] = '\0';
  if (exponent) return digits_after;
  return point && (digits_before || digits_after);
}

static bool equals_ignoring_case(const char *a, const char *b) {
  for (; *a && *b; a++, b++)
    if (tolower((unsigned char)*a) != tolower((unsigned char)*b)) return false;
  return *a == *b;
}

/* What float() accepts that a literal does not: inf, infinity, nan in any case. */
static bool special_float(const char *s, double *out) {
  if (equals_ignoring_case(s, "inf") || equals_ignoring_case(s, "infinity")) return *out = INFINITY, true;
  if (equals_ignoring_case(s, "nan")) return *out = NAN, true;
  return false;
}

bool parse_literal(const char *text, KraitValue *out, char *err, size_t errsize) {
  char buf[256];
  if (strlen(text) >= sizeof buf) return fail(err, errsize, text, "too long");
  /* float('...') / float("..."): the string is read the way float() reads it */
  size_t len = strlen(text);
  if (strncmp(text, "float(", 6) == 0 && len >= 9 && text[len - 1] == ')' &&
      (text[6] == '\'' || text[6] == '"') && text[len - 2] == text[6]) {
    size_t inner = len - 9;
    char s[256];
    memcpy(s, text + 7, inner);
    s[inner] = '\0';
    char *p = s, *end = s + inner;
    while (isspace((unsigned char)*p)) p++;
    while (end > p && isspace((unsigned char)end[-1])) *--end = '\0';
    bool negative = *p == '-';
    if (*p == '-' || *p == '+') p++;
    double x;
    char clean[256];
    if (special_float(p, &x) || (is_float_literal(p, clean, sizeof clean) && (x = strtod(clean, NULL), true))) {
      *out = krait_float(negative ? -x : x);
      return true;
    }
    int64_t iv;
    bool overflow;
    if (parse_digits(p, 10, false, &iv, &overflow) && !overflow) {
      *out = krait_float(negative ? -(double)iv : (double)iv);
      return true;
    }
    return fail(err, errsize, text, "float() cannot read that string");
  }
  if (strcmp(text, "True") == 0) return *out = krait_bool(true), true;
  if (strcmp(text, "False") == 0) return *out = krait_bool(false), true;

  const char *p = text;
  bool negative = *p == '-';
  if (*p == '-' || *p == '+') p++;
  if (!*p) return fail(err, errsize, text, "empty");
  if (strcmp(p, "inf") == 0 || strcmp(p, "nan") == 0) {
    *out = krait_float(negative ? -(p[0] == 'i' ? INFINITY : NAN) : (p[0] == 'i' ? INFINITY : NAN));
    return true;
  }
  /* ints: 0x, 0o, 0b prefixes, or decimal without leading zeros (Python 3 has no 017) */
  int base = 10;
  const char *digits = p;
  if (p[0] == '0' && p[1] && strchr("xXoObB", p[1])) {
    base = p[1] == 'x' || p[1] == 'X' ? 16 : p[1] == 'o' || p[1] == 'O' ? 8 : 2;
    digits = p + 2;
    if (*digits == '_') digits++; /* 0x_ff is valid */
  }
  int64_t iv;
  bool overflow;
  if (parse_digits(digits, base, negative, &iv, &overflow)) {
    if (base == 10 && p[0] == '0') {
      for (const char *q = p; *q; q++)
        if (*q != '0' && *q != '_') return fail(err, errsize, text, "leading zeros in a decimal int");
    }
    if (overflow) {
      snprintf(err, errsize, "'%s' does not fit in a 64-bit int", text);
      return false;
    }
    *out = krait_int(iv);
    return true;
  }
  char clean[256];
  if (base == 10 && is_float_literal(p, clean, sizeof clean)) {
    double x = strtod(clean, NULL);
    *out = krait_float(negative ? -x : x);
    return true;
  }
  return fail(err, errsize, text, "unrecognized");
}
