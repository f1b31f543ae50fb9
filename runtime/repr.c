/* repr.c: Python's repr of the scalars compiled code returns (floats as the shortest string that
 * round-trips, formatted as CPython does), type names, and the parser of signature strings that
 * the CLI and the C API take ("(int, float)"). */
#include "runtime.h"

#include <ctype.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* repr(float): the shortest digit string that reads back to the same double (the correctly
 * rounded p-digit string for the smallest p that round-trips), then CPython's layout: scientific
 * when the decimal exponent is < -4 or >= 16 ("1e-05", "1e+16", "1.5e+300"), otherwise positional
 * with at least one digit after the point ("1.0", "0.001", "123456789012345.0"). */
void repr_float(double x, char *buf, size_t size) {
  if (isnan(x)) {
    snprintf(buf, size, "nan");
    return;
  }
  if (isinf(x)) {
    snprintf(buf, size, "%s", x < 0 ? "-inf" : "inf");
    return;
  }
  if (x == 0.0) {
    snprintf(buf, size, "%s", signbit(x) ? "-0.0" : "0.0");
    return;
  }
  char sci[40];
  for (int p = 1; p <= 17; p++) {
    snprintf(sci, sizeof sci, "%.*e", p - 1, x);
    if (strtod(sci, NULL) == x) break;
  }
  /* sci is "-d.ddde+XX": collect the digits without trailing zeros, and the exponent. */
  const char *s = sci;
  bool negative = *s == '-';
  if (negative) s++;
  char digits[24];
  int ndigits = 0;
  for (; *s && *s != 'e'; s++)
    if (isdigit((unsigned char)*s)) digits[ndigits++] = *s;
  while (ndigits > 1 && digits[ndigits - 1] == '0') ndigits--;
  digits[ndigits] = '\0';
  int exp10 = atoi(s + 1);

  char out[64];
  int n = 0;
  if (negative) out[n++] = '-';
  if (exp10 < -4 || exp10 >= 16) {
    out[n++] = digits[0];
    if (ndigits > 1) {
      out[n++] = '.';
      memcpy(out + n, digits + 1, (size_t)ndigits - 1);
      n += ndigits - 1;
    }
    n += snprintf(out + n, sizeof out - (size_t)n, "e%c%02d", exp10 < 0 ? '-' : '+', abs(exp10));
  } else if (exp10 < 0) {
    out[n++] = '0';
    out[n++] = '.';
    for (int i = 0; i < -exp10 - 1; i++) out[n++] = '0';
    memcpy(out + n, digits, (size_t)ndigits);
    n += ndigits;
  } else {
    /* exp10 + 1 integer digits, padded with zeros; then the rest or "0" after the point. */
    for (int i = 0; i <= exp10; i++) out[n++] = i < ndigits ? digits[i] : '0';
    out[n++] = '.';
    if (ndigits > exp10 + 1) {
      memcpy(out + n, digits + exp10 + 1, (size_t)(ndigits - exp10 - 1));
      n += ndigits - exp10 - 1;
    } else {
      out[n++] = '0';
    }
  }
  out[n] = '\0';
  snprintf(buf, size, "%s", out);
}

const char *krait_value_repr(const KraitValue *v, char *buf, size_t size) {
  if (!buf || size == 0) return buf;
  switch ((KraitTypeKind)v->type.kind) {
  case KRAIT_TY_NONE: snprintf(buf, size, "None"); break;
  case KRAIT_TY_BOOL: snprintf(buf, size, "%s", v->as.b ? "True" : "False"); break;
  case KRAIT_TY_I8:
  case KRAIT_TY_I16:
  case KRAIT_TY_I32:
  case KRAIT_TY_I64:
  case KRAIT_TY_U8:
  case KRAIT_TY_U16:
  case KRAIT_TY_U32: snprintf(buf, size, "%" PRId64, v->as.i); break;
  case KRAIT_TY_U64: snprintf(buf, size, "%" PRIu64, (uint64_t)v->as.i); break;
  case KRAIT_TY_F32:
  case KRAIT_TY_F64: repr_float(v->as.f, buf, size); break;
  case KRAIT_TY_UNKNOWN:
  case KRAIT_TY_ARRAY:
  default: {
    char name[32];
    snprintf(buf, size, "<%s>", krait_type_name(v->type, name, sizeof name));
    break;
  }
  }
  return buf;
}

const char *krait_type_name(KraitType t, char *buf, size_t size) {
  if (!buf || size == 0) return buf;
  Type ty = {t.kind, t.elem, t.ndim, t.layout};
  char name[32];
  snprintf(buf, size, "%s", type_name(ty, name));
  return buf;
}

/* ---- signatures: "(int, float)", "int, float", "(f64[:, ::1], i32)" ---- */

static const struct {
  const char *name;
  uint8_t kind;
} scalar_types[] = {
    {"int", KRAIT_TY_I64}, {"float", KRAIT_TY_F64}, {"bool", KRAIT_TY_BOOL},
    {"None", KRAIT_TY_NONE}, {"i8", KRAIT_TY_I8},   {"i16", KRAIT_TY_I16},
    {"i32", KRAIT_TY_I32}, {"i64", KRAIT_TY_I64},   {"u8", KRAIT_TY_U8},
    {"u16", KRAIT_TY_U16}, {"u32", KRAIT_TY_U32},   {"u64", KRAIT_TY_U64},
    {"f32", KRAIT_TY_F32}, {"f64", KRAIT_TY_F64},
};

static const char *skip_space(const char *s) {
  while (*s == ' ' || *s == '\t') s++;
  return s;
}

/* type := ["krait."] NAME ["[" dim ("," dim)* "]"],  dim := ":" | "::1" */
static const char *parse_type(const char *s, KraitType *out) {
  s = skip_space(s);
  if (strncmp(s, "krait.", 6) == 0) s += 6;
  const char *start = s;
  while (isalnum((unsigned char)*s) || *s == '_') s++;
  size_t len = (size_t)(s - start);
  int kind = -1;
  for (size_t i = 0; i < sizeof scalar_types / sizeof scalar_types[0]; i++)
    if (strlen(scalar_types[i].name) == len && strncmp(scalar_types[i].name, start, len) == 0)
      kind = scalar_types[i].kind;
  if (kind < 0) return NULL;
  *out = (KraitType){(uint8_t)kind, 0, 0, 0};
  s = skip_space(s);
  if (*s != '[') return s;
  if (kind == KRAIT_TY_NONE) return NULL;
  KraitType arr = {KRAIT_TY_ARRAY, (uint8_t)kind, 0, 0};
  s++;
  for (;;) {
    s = skip_space(s);
    if (strncmp(s, "::1", 3) == 0) {
      s += 3;
      arr.layout = 1;
      arr.ndim++;
      s = skip_space(s);
      if (*s != ']') return NULL; /* only the last dimension may be contiguous */
    } else if (*s == ':') {
      s++;
      arr.ndim++;
    } else {
      return NULL;
    }
    s = skip_space(s);
    if (*s == ']') break;
    if (*s != ',') return NULL;
    s++;
  }
  *out = arr;
  return s + 1;
}

int krait_parse_signature(const char *text, KraitType *types, int max) {
  if (!text) return -1;
  const char *s = skip_space(text);
  bool paren = *s == '(';
  if (paren) s = skip_space(s + 1);
  int n = 0;
  if ((paren && *s == ')') || (!paren && !*s)) {
    s = skip_space(s + paren);
    return *s ? -1 : 0;
  }
  for (;;) {
    KraitType t;
    s = parse_type(s, &t);
    if (!s || n >= max) return -1;
    types[n++] = t;
    s = skip_space(s);
    if (*s == ',') {
      s = skip_space(s + 1);
      if (paren && *s == ')') break; /* trailing comma */
      continue;
    }
    break;
  }
  if (paren) {
    if (*s != ')') return -1;
    s++;
  }
  return *skip_space(s) ? -1 : n;
}
