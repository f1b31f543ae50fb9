/* fuzz_args.c: libFuzzer target for the parser of `krait run` arguments (krait_values_parse: Python
 * literals, array constructors, views, $N aliases; docs/cli.md). The input is the text between a
 * call's parentheses. Besides not crashing or leaking, a scalar that parses must survive a round
 * trip: its repr parses back to the same value. */
#include <krait.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool same_scalar(const KraitValue *a, const KraitValue *b) {
  if (a->type.kind != b->type.kind) return false;
  switch (a->type.kind) {
  case KRAIT_TY_BOOL: return a->as.b == b->as.b;
  case KRAIT_TY_I64: return a->as.i == b->as.i;
  case KRAIT_TY_F64:
    if (isnan(a->as.f)) return isnan(b->as.f);
    return memcmp(&a->as.f, &b->as.f, sizeof(double)) == 0;
  default: return true; /* other kinds are not written by repr */
  }
}

static void check_round_trip(const char *input, const KraitValue *v) {
  if (v->type.kind == KRAIT_TY_ARRAY) return;
  char repr[128], err[512];
  krait_value_repr(v, repr, sizeof repr);
  KraitValueSet *again = krait_values_parse(repr, err, sizeof err);
  if (!again || krait_values_count(again) != 1 || !same_scalar(v, krait_values_get(again, 0))) {
    fprintf(stderr, "round trip failed: '%s' -> %s -> %s\n", input, repr, again ? "another value" : err);
    abort();
  }
  krait_values_free(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 4096) return 0;
  char *text = malloc(size + 1);
  memcpy(text, data, size);
  text[size] = '\0';
  char err[512] = "";
  KraitValueSet *s = krait_values_parse(text, err, sizeof err);
  if (s) {
    for (int i = 0; i < krait_values_count(s); i++) check_round_trip(text, krait_values_get(s, i));
    krait_values_free(s);
  } else if (err[0] == '\0') {
    fprintf(stderr, "rejected '%s' without a reason\n", text);
    abort();
  }
  free(text);
  return 0;
}
