/* value_parse.c: argument values written as text, for the CLI and the test corpus: Python
 * literals, array constructors with NumPy's semantics (arange, zeros, ones, full, rand, array),
 * views (.T, .reshape, slices), aliases ($N) and .npy files; and the text and .npy forms of arrays.
 * It sits beside the runtime and uses only the public types of include/krait.h. */
#include "runtime.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Memory one or more arguments view: a constructor's result or a whole .npy file. */
typedef struct ArgBuffer {
  char *data;                /* kr_alloc_array'd */
  size_t bytes;
  char *npy_path;            /* the file it was read from, or NULL */
  uint8_t elem;              /* the file's dtype, shape and order, for write-back */
  int ndim;
  int64_t shape[KRAIT_MAX_NDIM];
  bool fortran;
} ArgBuffer;

/* An array while it is parsed: a view of one buffer. */
typedef struct ArgView {
  int buffer;                /* index into the set's buffers */
  char *data;                /* the first element */
  uint8_t elem;
  int ndim;
  int64_t shape[KRAIT_MAX_NDIM], strides[KRAIT_MAX_NDIM]; /* strides in bytes */
} ArgView;

typedef struct ArgSlot {
  KraitValue value;
  KraitArray *desc;          /* kr_alloc'd, arrays only (value.as.array) */
  ArgView view;                 /* arrays only */
} ArgSlot;

struct KraitValueSet {
  ArgSlot *slots;
  int nslots, slots_cap;
  ArgBuffer *buffers;
  int nbuffers, buffers_cap;
};

/* A number before it is stored into an array element. */
typedef struct ArgNum {
  uint8_t kind;              /* KRAIT_TY_BOOL, KRAIT_TY_I64 or KRAIT_TY_F64: the literal's type */
  int64_t i;
  double f;
  bool big;                  /* an int above INT64_MAX (only u64 holds it): its bits are in i */
} ArgNum;

typedef struct ArgParser {
  KraitValueSet *set;
  const char *text;          /* the whole argument, for messages */
  const char *p;
  char *err;
  size_t errsize;
  int first_buffer;          /* buffers from here on were made by this argument (undone on error) */
} ArgParser;

/* 1 GiB per constructed array: a typo, not a workload. Fuzzing builds take 1 MiB, so that an
 * input such as arange(99999999) costs milliseconds under ASan rather than seconds. */
#ifdef KRAIT_FUZZING
enum { MAX_ELEMS_BYTES = 1 << 20 };
#else
enum { MAX_ELEMS_BYTES = 1 << 30 };
#endif

static bool fail(ArgParser *ps, const char *fmt, ...) KR_PRINTF(2, 3);
static bool fail(ArgParser *ps, const char *fmt, ...) {
  if (ps->err && ps->errsize && !ps->err[0]) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ps->err, ps->errsize, fmt, ap);
    va_end(ap);
  }
  return false;
}

static void skip_space(ArgParser *ps) {
  while (isspace((unsigned char)*ps->p)) ps->p++;
}

static bool accept(ArgParser *ps, char c) {
  skip_space(ps);
  if (*ps->p != c) return false;
  ps->p++;
  return true;
}

static bool expect_char(ArgParser *ps, char c, const char *where) {
  if (accept(ps, c)) return true;
  return fail(ps, "expected '%c' %s, found '%.20s'", c, where, *ps->p ? ps->p : "end of text");
}

static bool is_ident_char(char c) { return isalnum((unsigned char)c) || c == '_'; }

/* ---- element types ---- */

static const struct {
  const char *name;
  uint8_t kind;
  size_t size;
  const char *numpy;         /* repr's dtype= name */
  const char *descr;         /* .npy descr */
} dtypes[] = {
    {"bool", KRAIT_TY_BOOL, 1, "bool", "|b1"}, {"i8", KRAIT_TY_I8, 1, "int8", "|i1"},
    {"i16", KRAIT_TY_I16, 2, "int16", "<i2"},   {"i32", KRAIT_TY_I32, 4, "int32", "<i4"},
    {"i64", KRAIT_TY_I64, 8, "int64", "<i8"},   {"u8", KRAIT_TY_U8, 1, "uint8", "|u1"},
    {"u16", KRAIT_TY_U16, 2, "uint16", "<u2"},  {"u32", KRAIT_TY_U32, 4, "uint32", "<u4"},
    {"u64", KRAIT_TY_U64, 8, "uint64", "<u8"},  {"f32", KRAIT_TY_F32, 4, "float32", "<f4"},
    {"f64", KRAIT_TY_F64, 8, "float64", "<f8"},
};
enum { NDTYPES = sizeof dtypes / sizeof dtypes[0] };

static int dtype_index(uint8_t kind) {
  for (int i = 0; i < NDTYPES; i++)
    if (dtypes[i].kind == kind) return i;
  return -1;
}

static size_t elem_size(uint8_t kind) {
  int i = dtype_index(kind);
  return i < 0 ? 0 : dtypes[i].size;
}

static bool is_float_kind(uint8_t k) { return k == KRAIT_TY_F32 || k == KRAIT_TY_F64; }
static bool is_signed_kind(uint8_t k) { return k >= KRAIT_TY_I8 && k <= KRAIT_TY_I64; }

/* Stores n into an element of kind `kind` the way NumPy's array(..., dtype=) does: floats to ints
 * truncate toward zero; an int or float that does not fit is an error (NumPy 2 raises too). */
static bool store_num(ArgParser *ps, uint8_t kind, char *p, ArgNum n) {
  if (kind == KRAIT_TY_BOOL) {
    uint8_t b = n.kind == KRAIT_TY_F64 ? n.f != 0.0 : n.i != 0;
    memcpy(p, &b, 1);
    return true;
  }
  if (kind == KRAIT_TY_F64) {
    double d = n.kind == KRAIT_TY_F64 ? n.f : n.big ? (double)(uint64_t)n.i : (double)n.i;
    memcpy(p, &d, 8);
    return true;
  }
  if (kind == KRAIT_TY_F32) {
    float x = n.kind == KRAIT_TY_F64 ? (float)n.f : n.big ? (float)(uint64_t)n.i : (float)n.i;
    memcpy(p, &x, 4);
    return true;
  }
  if (n.big) {
    if (kind != KRAIT_TY_U64) return fail(ps, "%" PRIu64 " does not fit in %s", (uint64_t)n.i, dtypes[dtype_index(kind)].name);
    memcpy(p, &n.i, 8);
    return true;
  }
  int64_t v;
  if (n.kind == KRAIT_TY_F64) {
    if (!isfinite(n.f)) return fail(ps, "cannot convert float %g to integer", n.f);
    double t = trunc(n.f);
    if (!(t >= -9223372036854775808.0 && t < 9223372036854775808.0))
      return fail(ps, "%g does not fit in %s", n.f, dtypes[dtype_index(kind)].name);
    v = (int64_t)t;
  } else {
    v = n.i;
  }
  size_t size = elem_size(kind);
  int bits = (int)size * 8;
  bool fits = is_signed_kind(kind) ? (bits == 64 || (v >= -(INT64_C(1) << (bits - 1)) && v < (INT64_C(1) << (bits - 1))))
                                   : (v >= 0 && (bits == 64 || v < (INT64_C(1) << bits)));
  if (!fits) return fail(ps, "%" PRId64 " does not fit in %s", v, dtypes[dtype_index(kind)].name);
  /* little-endian: the low bytes of v are the element */
  memcpy(p, &v, size);
  return true;
}

/* An element as an ArgNum of its own kind family (bool, int, float). u64 above INT64_MAX keeps its
 * bits in i; callers that print use the unsigned value. */
static ArgNum load_num(uint8_t kind, const char *p) {
  ArgNum n = {KRAIT_TY_I64, 0, 0.0, false};
  switch (kind) {
  case KRAIT_TY_BOOL: n.kind = KRAIT_TY_BOOL; n.i = *(const uint8_t *)p != 0; break;
  case KRAIT_TY_I8: { int8_t x; memcpy(&x, p, 1); n.i = x; break; }
  case KRAIT_TY_I16: { int16_t x; memcpy(&x, p, 2); n.i = x; break; }
  case KRAIT_TY_I32: { int32_t x; memcpy(&x, p, 4); n.i = x; break; }
  case KRAIT_TY_I64: memcpy(&n.i, p, 8); break;
  case KRAIT_TY_U8: n.i = *(const uint8_t *)p; break;
  case KRAIT_TY_U16: { uint16_t x; memcpy(&x, p, 2); n.i = x; break; }
  case KRAIT_TY_U32: { uint32_t x; memcpy(&x, p, 4); n.i = x; break; }
  case KRAIT_TY_U64: memcpy(&n.i, p, 8); break;
  case KRAIT_TY_F32: { float x; memcpy(&x, p, 4); n.kind = KRAIT_TY_F64; n.f = x; break; }
  case KRAIT_TY_F64: n.kind = KRAIT_TY_F64; memcpy(&n.f, p, 8); break;
  default: kr_assert(!"not an element kind");
  }
  return n;
}

/* ---- Python literals: ints in every base with underscores, floats including inf and nan and the
 * float('...') spelling, True and False (what the CLI has always accepted) ---- */

static bool literal_fail(char *err, size_t size, const char *text, const char *why) {
  snprintf(err, size, "'%.200s' is not a Python int, float or bool literal (%.60s)", text, why);
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

static bool parse_literal(const char *text, KraitValue *out, char *err, size_t errsize) {
  char buf[256];
  if (strlen(text) >= sizeof buf) return literal_fail(err, errsize, text, "too long");
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
    return literal_fail(err, errsize, text, "float() cannot read that string");
  }
  if (strcmp(text, "True") == 0) return *out = krait_bool(true), true;
  if (strcmp(text, "False") == 0) return *out = krait_bool(false), true;

  const char *p = text;
  bool negative = *p == '-';
  if (*p == '-' || *p == '+') p++;
  if (!*p) return literal_fail(err, errsize, text, "empty");
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
        if (*q != '0' && *q != '_') return literal_fail(err, errsize, text, "leading zeros in a decimal int");
    }
    if (overflow) {
      snprintf(err, errsize, "'%.200s' does not fit in a 64-bit int", text);
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
  return literal_fail(err, errsize, text, "unrecognized");
}

/* ---- views ---- */

static int64_t view_size(const ArgView *v) {
  int64_t n = 1;
  for (int k = 0; k < v->ndim; k++) n *= v->shape[k];
  return n;
}

/* C-contiguous as NumPy decides it: dimensions of length 1 may have any stride. */
static bool view_is_contiguous(const ArgView *v) {
  int64_t expected = (int64_t)elem_size(v->elem);
  for (int k = 0; k < v->ndim; k++)
    if (v->shape[k] == 0) return true;
  for (int k = v->ndim - 1; k >= 0; k--) {
    if (v->shape[k] != 1 && v->strides[k] != expected) return false;
    expected *= v->shape[k];
  }
  return true;
}

static void set_c_strides(ArgView *v) {
  int64_t stride = (int64_t)elem_size(v->elem);
  for (int k = v->ndim - 1; k >= 0; k--) {
    v->strides[k] = stride;
    stride *= v->shape[k] ? v->shape[k] : 1;
  }
}

/* Calls visit(element pointer, index in C order) for each element of v, in C order. */
typedef bool (*ArgVisitFn)(void *ctx, char *elem, int64_t index);
static bool view_each(const ArgView *v, ArgVisitFn visit, void *ctx) {
  int64_t total = view_size(v);
  int64_t idx[KRAIT_MAX_NDIM] = {0};
  for (int64_t n = 0; n < total; n++) {
    char *p = v->data;
    for (int k = 0; k < v->ndim; k++) p += idx[k] * v->strides[k];
    if (!visit(ctx, p, n)) return false;
    for (int k = v->ndim - 1; k >= 0; k--) {
      if (++idx[k] < v->shape[k]) break;
      idx[k] = 0;
    }
  }
  return true;
}

/* The product of the dimensions of `shape` but `skip` (-1: none), times `factor`, into *out (0
 * when one of them is 0). False when the nonzero ones overflow int64: NumPy refuses such a shape
 * even when another dimension is 0, and so must we, or its strides would overflow. */
static bool shape_product(const int64_t *shape, int ndim, int skip, int64_t factor, int64_t *out) {
  int64_t product = factor;
  bool empty = false;
  for (int k = 0; k < ndim; k++) {
    if (k == skip) continue;
    if (shape[k] == 0) empty = true;
    else if (__builtin_mul_overflow(product, shape[k], &product)) return false;
  }
  *out = empty ? 0 : product;
  return true;
}

/* A new zeroed buffer for `shape` (C order) of `elem`; v views all of it. */
static bool new_buffer(ArgParser *ps, uint8_t elem, int ndim, const int64_t *shape, ArgView *v) {
  if (ndim < 1 || ndim > KRAIT_MAX_NDIM) return fail(ps, "arrays have 1 to %d dimensions, not %d", KRAIT_MAX_NDIM, ndim);
  for (int k = 0; k < ndim; k++)
    if (shape[k] < 0) return fail(ps, "negative dimensions are not allowed");
  int64_t span;
  if (!shape_product(shape, ndim, -1, (int64_t)elem_size(elem), &span))
    return fail(ps, "array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum possible size.");
  if (span > MAX_ELEMS_BYTES) return fail(ps, "an array of more than %d bytes is not a test argument", MAX_ELEMS_BYTES);
  size_t bytes = (size_t)span;
  KraitValueSet *s = ps->set;
  if (s->nbuffers == s->buffers_cap) {
    s->buffers_cap = s->buffers_cap ? 2 * s->buffers_cap : 4;
    s->buffers = kr_realloc(s->buffers, (size_t)s->buffers_cap * sizeof *s->buffers);
  }
  char *data = kr_alloc_array(bytes);
  if (!data) return fail(ps, "out of memory: cannot allocate %zu bytes for this array", bytes);
  ArgBuffer *b = &s->buffers[s->nbuffers];
  memset(b, 0, sizeof *b);
  b->data = data;
  b->bytes = bytes;
  b->elem = elem;
  b->ndim = ndim;
  memcpy(b->shape, shape, (size_t)ndim * sizeof *shape);
  *v = (ArgView){.buffer = s->nbuffers, .data = b->data, .elem = elem, .ndim = ndim};
  memcpy(v->shape, shape, (size_t)ndim * sizeof *shape);
  set_c_strides(v);
  s->nbuffers++;
  return true;
}

typedef struct ArgCopy {
  const ArgView *dst;
} ArgCopy;

static bool copy_element(void *ctx, char *elem, int64_t index) {
  const ArgView *dst = ((ArgCopy *)ctx)->dst;
  size_t size = elem_size(dst->elem);
  memcpy(dst->data + (size_t)index * size, elem, size);
  return true;
}

/* A C-contiguous copy of v with shape `shape` (same number of elements). */
static bool copy_view(ArgParser *ps, ArgView *v, int ndim, const int64_t *shape) {
  ArgView dst;
  if (!new_buffer(ps, v->elem, ndim, shape, &dst)) return false;
  ArgCopy ctx = {&dst};
  view_each(v, copy_element, &ctx);
  *v = dst;
  return true;
}

/* ---- literals ---- */

/* A Python literal at ps->p: a signed int in any base, a float, inf, nan, True, False,
 * float('...'). Reads the longest run of literal characters and hands it to parse_literal. */
static bool parse_number(ArgParser *ps, ArgNum *out) {
  skip_space(ps);
  const char *start = ps->p, *q = ps->p;
  if (strncmp(q, "float(", 6) == 0) {
    const char *close = strchr(q, ')');
    if (!close) return fail(ps, "float( without ')'");
    q = close + 1;
  } else {
    if (*q == '-' || *q == '+') q++;
    bool hex = q[0] == '0' && (q[1] == 'x' || q[1] == 'X');
    for (; is_ident_char(*q) || *q == '.' ||
           ((*q == '+' || *q == '-') && !hex && (q[-1] == 'e' || q[-1] == 'E'));
         q++) {
    }
  }
  if (q == start) return fail(ps, "expected a number, found '%.20s'", *start ? start : "end of text");
  char word[256];
  if ((size_t)(q - start) >= sizeof word) return fail(ps, "a literal of more than %zu characters", sizeof word - 1);
  memcpy(word, start, (size_t)(q - start));
  word[q - start] = '\0';
  KraitValue v;
  char why[320] = "";
  *out = (ArgNum){0};
  if (!parse_literal(word, &v, why, sizeof why)) {
    /* an int between 2**63 and 2**64 - 1 is an element of a u64 array (NumPy's uint64) */
    char *end;
    errno = 0;
    unsigned long long u = isdigit((unsigned char)word[0]) && !strchr(word, '_') ? strtoull(word, &end, 0) : 0;
    if (u <= (unsigned long long)INT64_MAX || errno || *end || (word[0] == '0' && isdigit((unsigned char)word[1])))
      return fail(ps, "%s", why);
    ps->p = q;
    *out = (ArgNum){KRAIT_TY_I64, (int64_t)(uint64_t)u, 0.0, true};
    return true;
  }
  ps->p = q;
  out->kind = v.type.kind;
  out->i = v.type.kind == KRAIT_TY_BOOL ? v.as.b : v.type.kind == KRAIT_TY_I64 ? v.as.i : 0;
  out->f = v.type.kind == KRAIT_TY_F64 ? v.as.f : 0.0;
  return true;
}

static bool parse_int(ArgParser *ps, int64_t *out, const char *what) {
  const char *at = ps->p;
  ArgNum n;
  if (!parse_number(ps, &n)) return false;
  if (n.kind != KRAIT_TY_I64) {
    ps->p = at;
    return fail(ps, "%s must be an int", what);
  }
  *out = n.i;
  return true;
}

/* An identifier at ps->p (without consuming it when it is not followed as wanted). */
static size_t ident_length(const char *s) {
  size_t n = 0;
  if (!isalpha((unsigned char)*s) && *s != '_') return 0;
  while (is_ident_char(s[n])) n++;
  return n;
}

static bool parse_dtype(ArgParser *ps, uint8_t *kind) {
  skip_space(ps);
  size_t n = ident_length(ps->p);
  for (int i = 0; i < NDTYPES; i++)
    if (n && strlen(dtypes[i].name) == n && strncmp(dtypes[i].name, ps->p, n) == 0) {
      *kind = dtypes[i].kind;
      ps->p += n;
      return true;
    }
  if (n == 5 && strncmp(ps->p, "float", 5) == 0) return ps->p += n, *kind = KRAIT_TY_F64, true;
  if (n == 3 && strncmp(ps->p, "int", 3) == 0) return ps->p += n, *kind = KRAIT_TY_I64, true;
  return fail(ps, "unknown dtype '%.*s' (expected bool, i8, i16, i32, i64, u8, u16, u32, u64, f32 or f64)",
              (int)(n ? n : strcspn(ps->p, ",) ")), ps->p);
}

/* ---- constructors ---- */

/* The arguments of a constructor call after its '(': numbers, then keywords dtype= and seed=. */
typedef struct ArgCtor {
  ArgNum pos[KRAIT_MAX_NDIM + 3];
  int npos;
  bool has_dtype, has_seed;
  uint8_t dtype;
  int64_t seed;
} ArgCtor;

static bool parse_ctor_args(ArgParser *ps, const char *name, ArgCtor *a) {
  memset(a, 0, sizeof *a);
  skip_space(ps);
  if (accept(ps, ')')) return true;
  for (;;) {
    skip_space(ps);
    size_t n = ident_length(ps->p);
    const char *after = ps->p + n;
    while (isspace((unsigned char)*after)) after++;
    if (n && *after == '=' && after[1] != '=') {
      if (n == 5 && strncmp(ps->p, "dtype", 5) == 0) {
        ps->p = after + 1;
        if (!parse_dtype(ps, &a->dtype)) return false;
        a->has_dtype = true;
      } else if (n == 4 && strncmp(ps->p, "seed", 4) == 0) {
        ps->p = after + 1;
        if (!parse_int(ps, &a->seed, "seed=")) return false;
        a->has_seed = true;
      } else {
        return fail(ps, "%s() has no keyword '%.*s' (only dtype= and seed= for rand)", name, (int)n, ps->p);
      }
    } else {
      if (a->has_dtype || a->has_seed) return fail(ps, "%s(): a positional argument after a keyword", name);
      if (a->npos == (int)(sizeof a->pos / sizeof a->pos[0])) return fail(ps, "%s(): too many arguments", name);
      if (!parse_number(ps, &a->pos[a->npos])) return false;
      a->npos++;
    }
    if (accept(ps, ')')) return true;
    if (!accept(ps, ','))
      return fail(ps, "expected ',' or ')' after an argument of %s(), found '%.20s'", name, *ps->p ? ps->p : "end of text");
    if (accept(ps, ')')) return true; /* trailing comma */
  }
}

/* positional arguments pos[from..to) as a shape */
static bool args_shape(ArgParser *ps, const char *name, const ArgCtor *a, int to, int64_t *shape, int *ndim) {
  if (to < 1) return fail(ps, "%s() needs a shape: %s(d0[, d1, ...])", name, name);
  if (to > KRAIT_MAX_NDIM) return fail(ps, "%s(): at most %d dimensions", name, KRAIT_MAX_NDIM);
  for (int k = 0; k < to; k++) {
    if (a->pos[k].kind != KRAIT_TY_I64 || a->pos[k].big) return fail(ps, "%s(): dimensions must be ints (below 2**63)", name);
    shape[k] = a->pos[k].i;
  }
  *ndim = to;
  return true;
}

static bool fill_all(ArgParser *ps, ArgView *v, ArgNum n) {
  size_t size = elem_size(v->elem);
  int64_t total = view_size(v);
  for (int64_t i = 0; i < total; i++)
    if (!store_num(ps, v->elem, v->data + (size_t)i * size, n)) return false;
  return true;
}

/* splitmix64 (Steele, Lea, Flood 2014), the generator rand() and the Python checker share: the
 * state starts at the seed, each draw adds 0x9E3779B97F4A7C15 and mixes; a double in [0, 1) is
 * the top 53 bits times 2**-53. Elements are drawn in C order. */
static uint64_t splitmix64(uint64_t *state) {
  uint64_t z = (*state += UINT64_C(0x9E3779B97F4A7C15));
  z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
  return z ^ (z >> 31);
}

/* arange as NumPy computes it: length ceil((stop - start) / step); ints exactly; floats as
 * start + i * delta where delta = (start + step) - start, in the dtype's precision. */
static bool make_arange(ArgParser *ps, const ArgCtor *a, ArgView *v) {
  if (a->npos < 1 || a->npos > 3) return fail(ps, "arange() takes 1 to 3 positional arguments (start, stop, step)");
  ArgNum start = {KRAIT_TY_I64, 0, 0, false}, stop, step = {KRAIT_TY_I64, 1, 0, false};
  if (a->npos == 1) stop = a->pos[0];
  else start = a->pos[0], stop = a->pos[1];
  if (a->npos == 3) step = a->pos[2];
  bool floats = start.kind == KRAIT_TY_F64 || stop.kind == KRAIT_TY_F64 || step.kind == KRAIT_TY_F64;
  uint8_t elem = a->has_dtype ? a->dtype : floats ? KRAIT_TY_F64 : KRAIT_TY_I64;
  int64_t len;
  if (!floats) {
    if (step.i == 0) return fail(ps, "arange(): step must not be zero");
    /* In unsigned arithmetic: stop - start may not fit in int64 (found by fuzz_args). */
    uint64_t ustep = step.i > 0 ? (uint64_t)step.i : 0 - (uint64_t)step.i, ulen;
    if (step.i > 0) ulen = stop.i > start.i ? ((uint64_t)stop.i - (uint64_t)start.i - 1) / ustep + 1 : 0;
    else ulen = start.i > stop.i ? ((uint64_t)start.i - (uint64_t)stop.i - 1) / ustep + 1 : 0;
    if (ulen > (uint64_t)INT64_MAX / 16) return fail(ps, "arange(): too many elements");
    len = (int64_t)ulen;
  } else {
    double s0 = start.kind == KRAIT_TY_F64 ? start.f : (double)start.i;
    double s1 = stop.kind == KRAIT_TY_F64 ? stop.f : (double)stop.i;
    double st = step.kind == KRAIT_TY_F64 ? step.f : (double)step.i;
    if (st == 0.0) return fail(ps, "arange(): step must not be zero");
    double l = ceil((s1 - s0) / st);
    if (!isfinite(l)) return fail(ps, "arange(): the length is not finite");
    if (l > (double)(INT64_MAX / 16)) return fail(ps, "arange(): too many elements");
    len = l > 0 ? (int64_t)l : 0;
    start.f = s0, step.f = st;
  }
  if (!new_buffer(ps, elem, 1, &len, v)) return false;
  size_t size = elem_size(elem);
  if (!floats) {
    for (int64_t i = 0; i < len; i++)
      if (!store_num(ps, elem, v->data + (size_t)i * size,
                     (ArgNum){KRAIT_TY_I64, (int64_t)((uint64_t)start.i + (uint64_t)i * (uint64_t)step.i), 0, false}))
        return false;
    return true;
  }
  if (elem == KRAIT_TY_F32) {
    float first = (float)start.f, delta = (float)(start.f + step.f) - first;
    for (int64_t i = 0; i < len; i++) {
      float x = i == 0 ? first : i == 1 ? (float)(start.f + step.f) : first + (float)i * delta;
      memcpy(v->data + (size_t)i * 4, &x, 4);
    }
    return true;
  }
  double delta = (start.f + step.f) - start.f;
  for (int64_t i = 0; i < len; i++) {
    double x = i == 0 ? start.f : i == 1 ? start.f + step.f : start.f + (double)i * delta;
    if (!store_num(ps, elem, v->data + (size_t)i * size, (ArgNum){KRAIT_TY_F64, 0, x, false})) return false;
  }
  return true;
}

/* array(LIST[, dtype=]): LIST is a (nested) list of numbers, rectangular. */
typedef struct ArgList {
  ArgNum *items;
  int64_t n, cap;
  int ndim;                  /* set by the first list of numbers */
  int64_t shape[KRAIT_MAX_NDIM];
  bool seen[KRAIT_MAX_NDIM];
} ArgList;

static bool parse_list(ArgParser *ps, ArgList *acc, int depth) {
  if (depth >= KRAIT_MAX_NDIM) return fail(ps, "array(): more than %d levels of lists", KRAIT_MAX_NDIM);
  if (!expect_char(ps, '[', "to open a list")) return false;
  int64_t count = 0;
  skip_space(ps);
  bool nested = *ps->p == '[';
  if (!accept(ps, ']')) {
    for (;;) {
      skip_space(ps);
      if ((*ps->p == '[') != nested) return fail(ps, "array(): a list mixes numbers and lists");
      if (nested) {
        if (!parse_list(ps, acc, depth + 1)) return false;
      } else {
        ArgNum n;
        if (!parse_number(ps, &n)) return false;
        if (acc->n == acc->cap) {
          acc->cap = acc->cap ? 2 * acc->cap : 16;
          acc->items = kr_realloc(acc->items, (size_t)acc->cap * sizeof *acc->items);
        }
        acc->items[acc->n++] = n;
      }
      count++;
      if (accept(ps, ']')) break;
      if (!accept(ps, ','))
        return fail(ps, "expected ',' or ']' after a list item, found '%.20s'", *ps->p ? ps->p : "end of text");
      if (accept(ps, ']')) break;
    }
  }
  if (!nested) { /* a list of numbers (or an empty one) is the last dimension */
    if (acc->ndim == 0) acc->ndim = depth + 1;
    else if (acc->ndim != depth + 1) return fail(ps, "array(): lists nested to different depths");
  }
  if (!acc->seen[depth]) {
    acc->seen[depth] = true;
    acc->shape[depth] = count;
  } else if (acc->shape[depth] != count) {
    return fail(ps, "array(): rows of different lengths (%" PRId64 " and %" PRId64 ")", acc->shape[depth], count);
  }
  return true;
}

static bool make_array(ArgParser *ps, ArgView *v) {
  ArgList acc = {0};
  bool ok = parse_list(ps, &acc, 0);
  uint8_t elem = KRAIT_TY_F64;
  bool has_dtype = false;
  if (ok && accept(ps, ',')) {
    skip_space(ps);
    if (strncmp(ps->p, "dtype", 5) == 0) {
      ps->p += 5;
      ok = expect_char(ps, '=', "after dtype") && parse_dtype(ps, &elem);
      has_dtype = true;
      accept(ps, ',');
    }
  }
  ok = ok && expect_char(ps, ')', "to close array(");
  if (ok) {
    int64_t shape[KRAIT_MAX_NDIM];
    for (int k = 0; k < acc.ndim; k++) shape[k] = acc.shape[k];
    if (!has_dtype) {
      bool any_float = false, any_int = false, any_big = false;
      for (int64_t i = 0; i < acc.n; i++) {
        any_float |= acc.items[i].kind == KRAIT_TY_F64;
        any_int |= acc.items[i].kind == KRAIT_TY_I64;
        any_big |= acc.items[i].big;
      }
      elem = any_float ? KRAIT_TY_F64 : any_big ? KRAIT_TY_U64 : any_int ? KRAIT_TY_I64 : acc.n ? KRAIT_TY_BOOL : KRAIT_TY_F64;
    }
    ok = new_buffer(ps, elem, acc.ndim, shape, v);
    size_t size = elem_size(elem);
    for (int64_t i = 0; ok && i < acc.n; i++) ok = store_num(ps, elem, v->data + (size_t)i * size, acc.items[i]);
  }
  kr_free(acc.items);
  return ok;
}

/* ---- .npy files ---- */

static bool read_npy(ArgParser *ps, const char *path, ArgView *v) {
  FILE *f = fopen(path, "rb");
  if (!f) return fail(ps, "cannot read '%s': %s", path, strerror(errno));
  unsigned char head[12];
  char *header = NULL;
  bool ok = false;
  if (fread(head, 1, 10, f) != 10 || memcmp(head, "\x93NUMPY", 6) != 0) {
    fail(ps, "'%s' is not a .npy file", path);
    goto out;
  }
  int major = head[6];
  size_t hlen;
  if (major == 1) {
    hlen = (size_t)head[8] | (size_t)head[9] << 8;
  } else if (major == 2 || major == 3) {
    if (fread(head + 10, 1, 2, f) != 2) {
      fail(ps, "'%s': truncated header", path);
      goto out;
    }
    hlen = (size_t)head[8] | (size_t)head[9] << 8 | (size_t)head[10] << 16 | (size_t)head[11] << 24;
  } else {
    fail(ps, "'%s': .npy format version %d.%d is not supported (1.0, 2.0, 3.0 are)", path, major, head[7]);
    goto out;
  }
  if (hlen > (1u << 20)) {
    fail(ps, "'%s': a header of %zu bytes", path, hlen);
    goto out;
  }
  header = kr_alloc(hlen + 1);
  if (fread(header, 1, hlen, f) != hlen) {
    fail(ps, "'%s': truncated header", path);
    goto out;
  }
  /* {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), } */
  const char *d = strstr(header, "'descr'"), *fo = strstr(header, "'fortran_order'"), *sh = strstr(header, "'shape'");
  if (!d || !fo || !sh) {
    fail(ps, "'%s': the header lacks descr, fortran_order or shape", path);
    goto out;
  }
  d = strchr(d + 7, '\'');
  uint8_t elem = 0;
  int found = -1;
  for (int i = 0; d && i < NDTYPES; i++) {
    size_t n = strlen(dtypes[i].descr);
    if (strncmp(d + 1, dtypes[i].descr, n) == 0 && d[1 + n] == '\'') found = i;
    /* NumPy writes int8/uint8/bool with '|'; accept '<' too */
    if (strncmp(d + 2, dtypes[i].descr + 1, n - 1) == 0 && (d[1] == '<' || d[1] == '=') && d[n + 1] == '\'')
      found = i;
  }
  if (found < 0) {
    int n = d ? (int)strcspn(d + 1, "'") : 0;
    fail(ps, "'%s': dtype '%.*s' is not supported (little-endian bool, ints and floats are)", path, n, d ? d + 1 : "");
    goto out;
  }
  elem = dtypes[found].kind;
  const char *colon = strchr(fo + 15, ':');
  while (colon && isspace((unsigned char)colon[1])) colon++;
  bool fortran = colon && strncmp(colon + 1, "True", 4) == 0;
  const char *open = strchr(sh + 7, '(');
  int64_t shape[KRAIT_MAX_NDIM];
  int ndim = 0;
  for (const char *q = open ? open + 1 : NULL; q && *q && *q != ')';) {
    while (*q == ' ' || *q == ',') q++;
    if (*q == ')') break;
    char *end;
    long long x = strtoll(q, &end, 10);
    if (end == q || ndim == KRAIT_MAX_NDIM) {
      fail(ps, "'%s': cannot read the shape (at most %d dimensions)", path, KRAIT_MAX_NDIM);
      goto out;
    }
    shape[ndim++] = x;
    q = end;
  }
  if (ndim == 0) {
    fail(ps, "'%s' holds a 0-dimensional array (arguments are scalars or arrays of 1 or more dimensions)", path);
    goto out;
  }
  if (!new_buffer(ps, elem, ndim, shape, v)) goto out;
  ArgBuffer *b = &ps->set->buffers[v->buffer];
  if (fread(b->data, 1, b->bytes, f) != b->bytes) {
    fail(ps, "'%s': truncated data (%zu bytes expected)", path, b->bytes);
    goto out;
  }
  b->npy_path = kr_strdup(path);
  b->fortran = fortran;
  if (fortran) { /* column-major: a strided view */
    int64_t stride = (int64_t)elem_size(elem);
    for (int k = 0; k < ndim; k++) {
      v->strides[k] = stride;
      stride *= shape[k] ? shape[k] : 1;
    }
  }
  ok = true;
out:
  kr_free(header);
  fclose(f);
  return ok;
}

static void put_le(unsigned char *p, uint32_t x, int n) {
  for (int i = 0; i < n; i++) p[i] = (unsigned char)(x >> (8 * i));
}

/* The 1.0 header for an array: magic, version, length, the dict padded to a multiple of 64. */
static size_t npy_header(char *out, size_t size, uint8_t elem, int ndim, const int64_t *shape, bool fortran) {
  char dict[400];
  int n = snprintf(dict, sizeof dict, "{'descr': '%s', 'fortran_order': %s, 'shape': (", dtypes[dtype_index(elem)].descr,
                   fortran ? "True" : "False");
  for (int k = 0; k < ndim; k++) n += snprintf(dict + n, sizeof dict - (size_t)n, "%" PRId64 "%s", shape[k], ndim == 1 ? "," : k + 1 < ndim ? ", " : "");
  n += snprintf(dict + n, sizeof dict - (size_t)n, "), }");
  size_t total = 10 + (size_t)n + 1;
  total = (total + 63) / 64 * 64;
  kr_assert(total <= size);
  memcpy(out, "\x93NUMPY\x01\x00", 8);
  put_le((unsigned char *)out + 8, (uint32_t)(total - 10), 2);
  memcpy(out + 10, dict, (size_t)n);
  memset(out + 10 + n, ' ', total - 10 - (size_t)n - 1);
  out[total - 1] = '\n';
  return total;
}

typedef struct ArgWrite {
  FILE *f;
  size_t size;
} ArgWrite;

static bool write_element(void *ctx, char *elem, int64_t index) {
  ArgWrite *w = ctx;
  return fwrite(elem, 1, w->size, w->f) == w->size;
}

/* Writes header and data (raw bytes, or v's elements in C order) to path through a temporary. */
static int write_npy(const char *path, const char *header, size_t hlen, const void *raw, size_t bytes,
                     const ArgView *v, char *err, size_t errsize) {
  size_t n = strlen(path) + 16;
  char *tmp = kr_alloc(n);
  snprintf(tmp, n, "%s.tmp-krait", path);
  FILE *f = fopen(tmp, "wb");
  int status = -1;
  if (!f) {
    snprintf(err, errsize, "cannot write '%s': %s", tmp, strerror(errno));
    goto out;
  }
  bool ok = fwrite(header, 1, hlen, f) == hlen;
  if (ok && raw) ok = fwrite(raw, 1, bytes, f) == bytes;
  if (ok && v) {
    ArgWrite w = {f, elem_size(v->elem)};
    ok = view_each(v, write_element, &w);
  }
  ok = fclose(f) == 0 && ok;
  if (!ok || rename(tmp, path) != 0) {
    snprintf(err, errsize, "cannot write '%s': %s", path, strerror(errno));
    remove(tmp);
    goto out;
  }
  status = 0;
out:
  kr_free(tmp);
  return status;
}

/* ---- arguments ---- */

/* index := int | [int] ":" [int] [":" [int]] ; applied to dimension *dim of v */
static bool apply_subscript(ArgParser *ps, ArgView *v) {
  ArgView r = *v;
  r.ndim = 0;
  int dim = 0;
  if (accept(ps, ']')) return fail(ps, "an empty subscript []");
  for (;;) {
    if (dim >= v->ndim) return fail(ps, "too many indices for an array of %d dimension%s", v->ndim, v->ndim == 1 ? "" : "s");
    int64_t len = v->shape[dim], stride = v->strides[dim];
    int64_t parts[3] = {0, 0, 1};
    bool given[3] = {false, false, false};
    bool slice = false;
    for (int k = 0; k < 3; k++) {
      skip_space(ps);
      if (*ps->p != ':' && *ps->p != ',' && *ps->p != ']') {
        if (!parse_int(ps, &parts[k], "an index or slice bound")) return false;
        given[k] = true;
      }
      if (k < 2 && accept(ps, ':')) {
        slice = true;
        continue;
      }
      break;
    }
    if (!slice) {
      int64_t i = parts[0];
      if (i < -len || i >= len) return fail(ps, "index %" PRId64 " is out of bounds for axis %d with size %" PRId64, i, dim, len);
      if (i < 0) i += len;
      r.data += i * stride;
    } else {
      int64_t step = given[2] ? parts[2] : 1;
      if (step == 0) return fail(ps, "slice step cannot be zero");
      int64_t start, stop;
      /* Python's slice.indices(len) */
      if (!given[0]) start = step > 0 ? 0 : len - 1;
      else {
        start = parts[0] < 0 ? parts[0] + len : parts[0];
        if (start < 0) start = step < 0 ? -1 : 0;
        else if (start >= len) start = step < 0 ? len - 1 : len;
      }
      if (!given[1]) stop = step > 0 ? len : -1;
      else {
        stop = parts[1] < 0 ? parts[1] + len : parts[1];
        if (stop < 0) stop = step < 0 ? -1 : 0;
        else if (stop >= len) stop = step < 0 ? len - 1 : len;
      }
      int64_t n = step < 0 ? (stop < start ? (start - stop - 1) / -step + 1 : 0) : (start < stop ? (stop - start - 1) / step + 1 : 0);
      if (n > 0) r.data += start * stride;
      r.shape[r.ndim] = n;
      /* With two elements or more, stride * step is within the buffer (no overflow); with one
       * or none the stride is never used, and a step such as 2**62 would overflow it. */
      r.strides[r.ndim] = n > 1 ? stride * step : stride;
      r.ndim++;
    }
    dim++;
    if (accept(ps, ']')) break;
    if (!expect_char(ps, ',', "between indices")) return false;
  }
  for (; dim < v->ndim; dim++) {
    r.shape[r.ndim] = v->shape[dim];
    r.strides[r.ndim] = v->strides[dim];
    r.ndim++;
  }
  if (r.ndim == 0) return fail(ps, "indexing every dimension gives a scalar (arguments are arrays or literals)");
  *v = r;
  return true;
}

static bool apply_reshape(ArgParser *ps, ArgView *v) {
  int64_t shape[KRAIT_MAX_NDIM];
  int ndim = 0, unknown = -1;
  if (!accept(ps, ')')) {
    for (;;) {
      if (ndim == KRAIT_MAX_NDIM) return fail(ps, "reshape(): at most %d dimensions", KRAIT_MAX_NDIM);
      if (!parse_int(ps, &shape[ndim], "a reshape() dimension")) return false;
      if (shape[ndim] == -1) {
        if (unknown >= 0) return fail(ps, "reshape(): can only specify one unknown dimension");
        unknown = ndim;
      } else if (shape[ndim] < 0) {
        return fail(ps, "negative dimensions are not allowed");
      }
      ndim++;
      if (accept(ps, ')')) break;
      if (!expect_char(ps, ',', "between reshape() dimensions")) return false;
    }
  }
  if (ndim == 0) return fail(ps, "reshape() needs a shape");
  /* As NumPy: the -1 takes what the others leave, which must divide the size and not be
   * ambiguous (another dimension 0); a shape whose dimensions overflow is no shape of the size. */
  int64_t size = view_size(v), known = 0, product = -1;
  bool fits = shape_product(shape, ndim, unknown, 1, &known);
  if (fits && unknown >= 0 && known != 0 && size % known == 0) shape[unknown] = size / known;
  else if (unknown >= 0) fits = false;
  if (fits && shape_product(shape, ndim, -1, (int64_t)elem_size(v->elem), &product))
    product /= (int64_t)elem_size(v->elem);
  if (!fits || product != size) {
    char text[200];
    int n = 0;
    for (int k = 0; k < ndim; k++) {
      const char *sep = k ? ", " : "";
      if (k == unknown) n += snprintf(text + n, sizeof text - (size_t)n, "%snewaxis", sep);
      else n += snprintf(text + n, sizeof text - (size_t)n, "%s%" PRId64, sep, shape[k]);
    }
    return fail(ps, "cannot reshape array of size %" PRId64 " into shape (%s%s)", size, text, ndim == 1 ? "," : "");
  }
  if (!view_is_contiguous(v)) return copy_view(ps, v, ndim, shape); /* NumPy copies too */
  v->ndim = ndim;
  memcpy(v->shape, shape, (size_t)ndim * sizeof *shape);
  set_c_strides(v);
  return true;
}

/* postfix := primary ( ".T" | ".reshape(" dims ")" | ".copy()" | "[" indices "]" )* */
static bool parse_postfix(ArgParser *ps, ArgSlot *s) {
  for (;;) {
    skip_space(ps);
    const char *at = ps->p;
    bool method = *ps->p == '.';
    if (!method && *ps->p != '[') return true;
    if (s->value.type.kind != KRAIT_TY_ARRAY) return fail(ps, "'%.20s' applies to arrays, not to a scalar", at);
    ArgView *v = &s->view;
    if (!method) {
      ps->p++;
      if (!apply_subscript(ps, v)) return false;
      continue;
    }
    ps->p++;
    size_t n = ident_length(ps->p);
    if (n == 1 && *ps->p == 'T') {
      ps->p++;
      for (int k = 0; k < v->ndim / 2; k++) {
        int64_t t = v->shape[k];
        v->shape[k] = v->shape[v->ndim - 1 - k], v->shape[v->ndim - 1 - k] = t;
        t = v->strides[k];
        v->strides[k] = v->strides[v->ndim - 1 - k], v->strides[v->ndim - 1 - k] = t;
      }
    } else if (n == 7 && strncmp(ps->p, "reshape", 7) == 0) {
      ps->p += 7;
      if (!expect_char(ps, '(', "after reshape") || !apply_reshape(ps, v)) return false;
    } else if (n == 4 && strncmp(ps->p, "copy", 4) == 0) {
      ps->p += 4;
      if (!expect_char(ps, '(', "after copy") || !expect_char(ps, ')', "after copy(")) return false;
      int64_t shape[KRAIT_MAX_NDIM];
      memcpy(shape, v->shape, sizeof shape);
      if (!copy_view(ps, v, v->ndim, shape)) return false;
    } else {
      return fail(ps, "unknown array attribute '.%.*s' (.T, .reshape(...), .copy() are known)", (int)n, ps->p);
    }
  }
}

static bool make_constructor(ArgParser *ps, const char *name, ArgView *v) {
  if (strcmp(name, "array") == 0) return make_array(ps, v);
  ArgCtor a;
  if (!parse_ctor_args(ps, name, &a)) return false;
  if (a.has_seed && strcmp(name, "rand") != 0) return fail(ps, "%s() has no keyword 'seed'", name);
  if (strcmp(name, "arange") == 0) return make_arange(ps, &a, v);
  int64_t shape[KRAIT_MAX_NDIM];
  int ndim = 0;
  if (strcmp(name, "zeros") == 0 || strcmp(name, "ones") == 0) {
    if (!args_shape(ps, name, &a, a.npos, shape, &ndim)) return false;
    if (!new_buffer(ps, a.has_dtype ? a.dtype : KRAIT_TY_F64, ndim, shape, v)) return false;
    return name[0] == 'z' || fill_all(ps, v, (ArgNum){KRAIT_TY_I64, 1, 0, false});
  }
  if (strcmp(name, "full") == 0) {
    if (a.npos < 2) return fail(ps, "full() needs a shape and a fill value: full(d0[, d1, ...], value)");
    if (!args_shape(ps, name, &a, a.npos - 1, shape, &ndim)) return false;
    ArgNum fill = a.pos[a.npos - 1];
    uint8_t elem = a.has_dtype ? a.dtype : fill.kind; /* NumPy: the fill value's type */
    return new_buffer(ps, elem, ndim, shape, v) && fill_all(ps, v, fill);
  }
  /* rand */
  if (!a.has_seed) return fail(ps, "rand() needs seed= (rand(d0[, d1, ...], seed=S))");
  uint8_t elem = a.has_dtype ? a.dtype : KRAIT_TY_F64;
  if (!is_float_kind(elem)) return fail(ps, "rand() makes floats: dtype f32 or f64, not %s", dtypes[dtype_index(elem)].name);
  if (!args_shape(ps, name, &a, a.npos, shape, &ndim) || !new_buffer(ps, elem, ndim, shape, v)) return false;
  uint64_t state = (uint64_t)a.seed;
  size_t size = elem_size(elem);
  for (int64_t i = 0; i < view_size(v); i++) {
    double x = (double)(splitmix64(&state) >> 11) * 0x1.0p-53;
    store_num(ps, elem, v->data + (size_t)i * size, (ArgNum){KRAIT_TY_F64, 0, x, false});
  }
  return true;
}

/* primary := "$" N | NAME "(" ... ")" | PATH.npy | 'PATH' | literal */
static bool parse_primary(ArgParser *ps, ArgSlot *s) {
  skip_space(ps);
  const char *p = ps->p;
  memset(s, 0, sizeof *s);
  if (*p == '$') {
    ps->p++;
    if (!isdigit((unsigned char)*ps->p)) return fail(ps, "'$' wants an argument number: $0, $1, ...");
    int64_t k = 0;
    while (isdigit((unsigned char)*ps->p) && k < 1000000) k = k * 10 + (*ps->p++ - '0');
    if (k >= ps->set->nslots)
      return fail(ps, "$%" PRId64 ": no argument %" PRId64 " before this one ($N counts from 0)", k, k);
    const ArgSlot *src = &ps->set->slots[k];
    if (src->value.type.kind != KRAIT_TY_ARRAY) return fail(ps, "$%" PRId64 " is a scalar; only arrays can be shared", k);
    s->value = src->value;
    s->view = src->view;
    return true;
  }
  if (*p == '\'' || *p == '"') {
    const char *close = strchr(p + 1, *p);
    if (!close) return fail(ps, "a quoted path without its closing quote");
    char *path = kr_strndup(p + 1, (size_t)(close - p - 1));
    bool ok = read_npy(ps, path, &s->view);
    kr_free(path);
    ps->p = close + 1;
    s->value.type.kind = KRAIT_TY_ARRAY;
    return ok;
  }
  size_t n = ident_length(p);
  const char *after = p + n;
  while (isspace((unsigned char)*after)) after++;
  static const char *const ctors[] = {"arange", "zeros", "ones", "full", "rand", "array"};
  if (n && *after == '(') {
    for (size_t i = 0; i < sizeof ctors / sizeof ctors[0]; i++)
      if (strlen(ctors[i]) == n && strncmp(ctors[i], p, n) == 0) {
        ps->p = after + 1;
        s->value.type.kind = KRAIT_TY_ARRAY;
        return make_constructor(ps, ctors[i], &s->view);
      }
    if (!(n == 5 && strncmp(p, "float", 5) == 0))
      return fail(ps, "unknown constructor '%.*s' (arange, zeros, ones, full, rand, array are known)", (int)n, p);
  }
  /* a path: a run of characters that no other form uses, containing ".npy" */
  size_t run = strcspn(p, ",()[]$ \t\n'\"");
  const char *npy = NULL;
  for (const char *q = p; q + 4 <= p + run; q++)
    if (strncmp(q, ".npy", 4) == 0 && !is_ident_char(q[4])) npy = q;
  if (npy) {
    char *path = kr_strndup(p, (size_t)(npy + 4 - p));
    bool ok = read_npy(ps, path, &s->view);
    kr_free(path);
    ps->p = npy + 4;
    s->value.type.kind = KRAIT_TY_ARRAY;
    return ok;
  }
  if (*p == '[') return fail(ps, "a list is not an argument: write array([...])");
  ArgNum num;
  if (!parse_number(ps, &num)) return false;
  if (num.big) return fail(ps, "'%.*s' does not fit in a 64-bit int", (int)(ps->p - p), p);
  s->value = num.kind == KRAIT_TY_BOOL ? krait_bool(num.i != 0) : num.kind == KRAIT_TY_I64 ? krait_int(num.i) : krait_float(num.f);
  return true;
}

static bool parse_arg_expr(ArgParser *ps, ArgSlot *out) { return parse_primary(ps, out) && parse_postfix(ps, out); }

/* Drops the buffers an argument made before it failed. */
static void undo_buffers(KraitValueSet *s, int from) {
  for (int i = from; i < s->nbuffers; i++) {
    kr_free(s->buffers[i].data);
    kr_free(s->buffers[i].npy_path);
  }
  s->nbuffers = from;
}

/* Parses one argument at ps->p into a new slot; stops before a top-level ',' or the end. */
static bool parse_argument(ArgParser *ps) {
  KraitValueSet *s = ps->set;
  ps->first_buffer = s->nbuffers;
  ArgSlot slot;
  if (!parse_arg_expr(ps, &slot)) {
    undo_buffers(s, ps->first_buffer);
    return false;
  }
  if (slot.value.type.kind == KRAIT_TY_ARRAY) {
    slot.desc = kr_alloc(sizeof *slot.desc);
    ArgView *v = &slot.view;
    slot.desc->data = v->data;
    for (int k = 0; k < v->ndim; k++) {
      slot.desc->dims[k] = v->shape[k];
      slot.desc->dims[v->ndim + k] = v->strides[k];
    }
    slot.value = krait_array(slot.desc, (KraitTypeKind)v->elem, v->ndim, view_is_contiguous(v));
  }
  if (s->nslots == s->slots_cap) {
    s->slots_cap = s->slots_cap ? 2 * s->slots_cap : 8;
    s->slots = kr_realloc(s->slots, (size_t)s->slots_cap * sizeof *s->slots);
  }
  s->slots[s->nslots++] = slot;
  return true;
}

KraitValueSet *krait_values_new(void) { return kr_alloc(sizeof(KraitValueSet)); }

static void drop_last(KraitValueSet *s) {
  s->nslots--;
  kr_free(s->slots[s->nslots].desc);
}

int krait_values_add(KraitValueSet *s, const char *text, char *err, size_t errsize) {
  if (err && errsize) err[0] = '\0';
  ArgParser ps = {s, text, text, err, errsize, 0};
  int buffers = s->nbuffers;
  if (!parse_argument(&ps)) return -1;
  skip_space(&ps);
  if (*ps.p) {
    fail(&ps, "unexpected '%.20s' after the argument", ps.p);
    drop_last(s);
    undo_buffers(s, buffers);
    return -1;
  }
  return 0;
}

KraitValueSet *krait_values_parse(const char *text, char *err, size_t errsize) {
  if (err && errsize) err[0] = '\0';
  KraitValueSet *s = krait_values_new();
  ArgParser ps = {s, text, text, err, errsize, 0};
  skip_space(&ps);
  if (!*ps.p) return s;
  for (;;) {
    if (!parse_argument(&ps)) break;
    skip_space(&ps);
    if (!*ps.p) return s;
    if (*ps.p != ',') {
      fail(&ps, "expected ',' between arguments, found '%.20s'", ps.p);
      break;
    }
    ps.p++;
    skip_space(&ps);
    if (!*ps.p) return s; /* a trailing comma */
  }
  if (err && errsize) {
    char msg[512];
    snprintf(msg, sizeof msg, "argument %d: %s", s->nslots + 1, err);
    snprintf(err, errsize, "%s", msg);
  }
  krait_values_free(s);
  return NULL;
}

int krait_values_count(const KraitValueSet *s) { return s ? s->nslots : 0; }

KraitValue *krait_values_get(KraitValueSet *s, int i) {
  return s && i >= 0 && i < s->nslots ? &s->slots[i].value : NULL;
}

const char *krait_values_npy_path(const KraitValueSet *s, int i) {
  if (!s || i < 0 || i >= s->nslots || s->slots[i].value.type.kind != KRAIT_TY_ARRAY) return NULL;
  return s->buffers[s->slots[i].view.buffer].npy_path;
}

int krait_values_write_back(const KraitValueSet *s, int i, char *err, size_t errsize) {
  const char *path = krait_values_npy_path(s, i);
  if (!path) {
    snprintf(err, errsize, "argument %d is not a view of a .npy file", i + 1);
    return -1;
  }
  const ArgBuffer *b = &s->buffers[s->slots[i].view.buffer];
  char header[512];
  size_t hlen = npy_header(header, sizeof header, b->elem, b->ndim, b->shape, b->fortran);
  return write_npy(path, header, hlen, b->data, b->bytes, NULL, err, errsize);
}

void krait_values_free(KraitValueSet *s) {
  if (!s) return;
  for (int i = 0; i < s->nslots; i++) kr_free(s->slots[i].desc);
  undo_buffers(s, 0);
  kr_free(s->slots);
  kr_free(s->buffers);
  kr_free(s);
}

/* ---- text of arrays ---- */

static bool value_view(const KraitValue *v, ArgView *out) {
  if (!v || v->type.kind != KRAIT_TY_ARRAY || !v->as.array || v->type.ndim < 1 || v->type.ndim > KRAIT_MAX_NDIM ||
      dtype_index(v->type.elem) < 0)
    return false;
  *out = (ArgView){.data = v->as.array->data, .elem = v->type.elem, .ndim = v->type.ndim};
  for (int k = 0; k < out->ndim; k++) {
    out->shape[k] = v->as.array->dims[k];
    out->strides[k] = v->as.array->dims[out->ndim + k];
  }
  return true;
}

static void put_element(StrBuf *b, uint8_t elem, const char *p) {
  ArgNum n = load_num(elem, p);
  if (n.kind == KRAIT_TY_BOOL) strbuf_printf(b, "%s", n.i ? "True" : "False");
  else if (elem == KRAIT_TY_U64) strbuf_printf(b, "%" PRIu64, (uint64_t)n.i);
  else if (n.kind == KRAIT_TY_I64) strbuf_printf(b, "%" PRId64, n.i);
  else {
    char text[40];
    repr_float(n.f, text, sizeof text);
    strbuf_printf(b, "%s", text);
  }
}

static void put_list(StrBuf *b, const ArgView *v, int dim, const char *data) {
  strbuf_putc(b, '[');
  for (int64_t i = 0; i < v->shape[dim]; i++) {
    if (i) strbuf_append(b, ", ", 2);
    const char *p = data + i * v->strides[dim];
    if (dim + 1 < v->ndim) put_list(b, v, dim + 1, p);
    else put_element(b, v->elem, p);
  }
  strbuf_putc(b, ']');
}

char *krait_array_tolist(const KraitValue *v) {
  ArgView view;
  if (!value_view(v, &view)) return NULL;
  StrBuf b = {0};
  put_list(&b, &view, 0, view.data);
  return strbuf_take(&b);
}

char *krait_array_repr(const KraitValue *v) {
  ArgView view;
  if (!value_view(v, &view)) return NULL;
  StrBuf b = {0};
  strbuf_append(&b, "array(", 6);
  put_list(&b, &view, 0, view.data);
  if (view.elem != KRAIT_TY_F64 && view.elem != KRAIT_TY_I64 && view.elem != KRAIT_TY_BOOL)
    strbuf_printf(&b, ", dtype=%s", dtypes[dtype_index(view.elem)].numpy);
  strbuf_putc(&b, ')');
  return strbuf_take(&b);
}

int krait_array_save_npy(const KraitValue *v, const char *path, char *err, size_t errsize) {
  ArgView view;
  if (!value_view(v, &view)) {
    snprintf(err, errsize, "not an array");
    return -1;
  }
  char header[512];
  size_t hlen = npy_header(header, sizeof header, view.elem, view.ndim, view.shape, false);
  return write_npy(path, header, hlen, NULL, 0, &view, err, errsize);
}
