/* error.c: the thread-local error record that compiled code fills when it raises, the exception
 * names, and the runtime helpers compiled code calls (krait_rt_*), handed to the JIT by address.
 * This is the only mutable global state of krait: one record per thread. */
#include "runtime.h"

#include <setjmp.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

static _Thread_local KraitError last_error;

/* ---- exception names ---- */

static const char *const exc_names[KRAIT_EXC__COUNT] = {
#define KRAIT_X_(k, s) [k] = s,
    KRAIT_EXC_KINDS(KRAIT_X_)
#undef KRAIT_X_
};

const char *krait_exc_name(KraitExcKind kind) {
  if ((unsigned)kind >= KRAIT_EXC__COUNT) return "Exception";
  return exc_names[kind];
}

KraitExcKind krait_exc_from_name(const char *name) {
  if (!name || !*name) return KRAIT_EXC_NONE;
  for (int k = 1; k < KRAIT_EXC__COUNT; k++)
    if (strcmp(exc_names[k], name) == 0) return (KraitExcKind)k;
  return KRAIT_EXC_NONE;
}

/* ---- the record ---- */

const KraitError *krait_last_error(void) { return &last_error; }

void krait_clear_error(void) { memset(&last_error, 0, sizeof last_error); }

/* Copies s into dst[size], truncated on a UTF-8 character boundary. */
static void copy_truncated(char *dst, size_t size, const char *s) {
  if (!s) s = "";
  size_t n = strlen(s);
  if (n >= size) {
    n = size - 1;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--; /* do not split a character */
  }
  memcpy(dst, s, n);
  dst[n] = '\0';
}

void krait_rt_raise(int32_t kind, const char *msg, const char *file, int32_t line, const char *function) {
  if (kind <= KRAIT_EXC_NONE || kind >= KRAIT_EXC__COUNT) kind = KRAIT_EXC_EXCEPTION;
  last_error.kind = (KraitExcKind)kind;
  copy_truncated(last_error.message, sizeof last_error.message, msg);
  copy_truncated(last_error.file, sizeof last_error.file, file);
  last_error.line = line;
  copy_truncated(last_error.function, sizeof last_error.function, function);
}

/* The traceback as Python prints it:
 *   Traceback (most recent call last):
 *     File "f.py", line 3, in f
 *   ZeroDivisionError: integer division or modulo by zero
 * The File line is left out when the record has no file; ": message" when it has no message. */
void krait_error_format(const KraitError *e, char *buf, size_t size) {
  if (!buf || size == 0) return;
  buf[0] = '\0';
  if (!e || e->kind == KRAIT_EXC_NONE) return;
  size_t n = 0;
#define APPEND(...)                                                           \
  do {                                                                        \
    int w_ = snprintf(buf + n, size - n, __VA_ARGS__);                        \
    if (w_ < 0 || (size_t)w_ >= size - n) return; /* truncated: buf is full */ \
    n += (size_t)w_;                                                          \
  } while (0)
  APPEND("Traceback (most recent call last):\n");
  if (e->file[0]) {
    APPEND("  File \"%s\", line %d", e->file, e->line);
    if (e->function[0]) APPEND(", in %s", e->function);
    APPEND("\n");
  }
  if (e->message[0])
    APPEND("%s: %s\n", krait_exc_name(e->kind), e->message);
  else
    APPEND("%s\n", krait_exc_name(e->kind));
#undef APPEND
}

/* ---- round(x, n) ---- */

/* round(x, ndigits) for a float, exactly as CPython: the exact binary value of x is rounded half
 * to even at ndigits decimal digits, and the decimal result converted back correctly rounded.
 * glibc's printf prints the exact decimal expansion of a double, so the rounding is done on that
 * digit string here and strtod converts back. NaN and infinities are returned as they are.
 * Deviation: where CPython raises OverflowError ("rounded value too large to represent", e.g.
 * round(1.7e308, -308)), this helper cannot report and returns an infinity of x's sign. */
double krait_rt_round_float(double x, int64_t ndigits) {
  if (!isfinite(x) || x == 0.0) return x;
  /* CPython's limits: beyond these every x rounds to itself, or to a zero of its sign. */
  if (ndigits > 323) return x;
  if (ndigits < -308) return 0.0 * x;

  /* The exact expansion: a double has at most 1074 fractional digits; one with binary exponent
   * ex (x = f * 2^ex, 0.5 <= f < 1) has at most 53 - ex of them. */
  int ex;
  frexp(x, &ex);
  int prec = 53 - ex;
  if (prec < 0) prec = 0;
  if (prec > 1074) prec = 1074;
  char digits[1500];
  int len = snprintf(digits, sizeof digits, "%.*f", prec, fabs(x));
  kr_assert(len > 0 && (size_t)len < sizeof digits);
  char *point = strchr(digits, '.');
  int int_len = point ? (int)(point - digits) : len;
  const char *frac = point ? point + 1 : "";
  int frac_len = point ? len - int_len - 1 : 0;

  /* The digit string of x scaled by 10^ndigits, split into the kept part and the rest. The kept
   * digits are int digits + the first ndigits fraction digits (ndigits >= 0), or the int digits
   * without their last -ndigits ones (ndigits < 0). The digit at index i of the full string
   * "int digits ++ fraction digits" is at(i); digits past the expansion are 0. */
  char kept[1500];
  int nkept = 0;
  int cut = int_len + (int)ndigits; /* index of the first dropped digit in int ++ frac */
  for (int i = 0; i < cut; i++) {
    char c = i < int_len ? digits[i] : (i - int_len < frac_len ? frac[i - int_len] : '0');
    kept[nkept++] = c;
  }
  if (nkept == 0) kept[nkept++] = '0';
  /* Inspect the dropped digits: first one, and whether any later one is nonzero. */
  int first = -1;
  bool rest_nonzero = false;
  for (int i = cut < 0 ? 0 : cut; i < int_len + frac_len; i++) {
    char c = i < int_len ? digits[i] : frac[i - int_len];
    if (i == cut)
      first = c - '0';
    else if (c != '0')
      rest_nonzero = true;
  }
  if (cut < 0) { /* every digit is dropped and the first dropped one is a leading zero */
    first = 0;
    rest_nonzero = true;
  }
  if (first < 0) first = 0;
  bool round_up = first > 5 || (first == 5 && (rest_nonzero || (kept[nkept - 1] - '0') % 2 == 1));
  if (round_up) {
    int i = nkept - 1;
    while (i >= 0 && kept[i] == '9') kept[i--] = '0';
    if (i >= 0) {
      kept[i]++;
    } else {
      memmove(kept + 1, kept, (size_t)nkept);
      kept[0] = '1';
      nkept++;
    }
  }
  char text[1600];
  snprintf(text, sizeof text, "%s%.*se%lld", x < 0 ? "-" : "", nkept, kept, (long long)-ndigits);
  return strtod(text, NULL); /* overflow gives +-HUGE_VAL, i.e. inf (see above) */
}

/* round(x, ndigits) for an int: ndigits >= 0 leaves x alone; otherwise x is rounded half to even
 * to a multiple of 10^-ndigits. With ndigits <= -19 the result is 0 (a multiple of 10^19 that
 * int64 can hold). A result beyond int64 wraps, like all int64 arithmetic of krait. */
int64_t krait_rt_round_int(int64_t x, int64_t ndigits) {
  if (ndigits >= 0) return x;
  if (ndigits <= -19) return 0;
  int64_t m = 1;
  for (int64_t i = 0; i < -ndigits; i++) m *= 10;
  int64_t q = x / m, r = x % m;
  if (r < 0) { /* floor division: 0 <= r < m */
    q -= 1;
    r += m;
  }
  if (2 * r > m || (2 * r == m && (q & 1))) q += 1;
  return (int64_t)((uint64_t)q * (uint64_t)m);
}

/* ---- the symbol table for the JIT ---- */

static const LinkSymbol symbols[] = {
    /* Through uintptr_t: ISO C has no direct conversion of a function pointer to void *. */
    {"krait_rt_raise", (void *)(uintptr_t)krait_rt_raise},
    {"krait_rt_round_float", (void *)(uintptr_t)krait_rt_round_float},
    {"krait_rt_round_int", (void *)(uintptr_t)krait_rt_round_int},
    {"krait_rt_stack_limit", (void *)(uintptr_t)krait_rt_stack_limit},
    {"krait_rt_recursion_enter", (void *)(uintptr_t)krait_rt_recursion_enter},
    {"krait_rt_recursion_leave", (void *)(uintptr_t)krait_rt_recursion_leave},
    {"krait_rt_recursion_overflow", (void *)(uintptr_t)krait_rt_recursion_overflow},
    {"_setjmp", (void *)(uintptr_t)_setjmp},
    {"krait_rt_raise_index", (void *)(uintptr_t)krait_rt_raise_index},
};

const LinkSymbol *runtime_symbols(int *count) {
  *count = (int)(sizeof symbols / sizeof symbols[0]);
  return symbols;
}
