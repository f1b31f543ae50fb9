/* test_runtime_values.c: argument values written as text (krait_values_*): literals, every array
 * constructor and dtype, views, aliases, .npy files (tests/data/, written by NumPy 1.24) and their
 * round trip, and the error messages. Expected contents come from NumPy itself. */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "krait.h"

/* Parses one argument list and returns the tolist() text of argument i (krait_free it), failing
 * the test on a parse error. */
static char *tolist_of(const char *text, int i) {
  char err[400];
  KraitValueSet *s = krait_values_parse(text, err, sizeof err);
  cr_assert_not_null(s, "%s: %s", text, err);
  char *list = krait_array_tolist(krait_values_get(s, i));
  cr_assert_not_null(list, "%s: argument %d is not an array", text, i);
  krait_values_free(s);
  return list;
}

static void expect_list(const char *text, const char *want) {
  char *got = tolist_of(text, 0);
  cr_expect_str_eq(got, want, "%s: got %s, want %s", text, got, want);
  krait_free(got);
}

/* The type krait specializes for: element kind, ndim, layout. */
static void expect_type(const char *text, KraitTypeKind elem, int ndim, int layout) {
  char err[400];
  KraitValueSet *s = krait_values_parse(text, err, sizeof err);
  cr_assert_not_null(s, "%s: %s", text, err);
  KraitValue *v = krait_values_get(s, 0);
  cr_expect_eq(v->type.kind, KRAIT_TY_ARRAY, "%s: not an array", text);
  cr_expect_eq(v->type.elem, elem, "%s: elem %d, want %d", text, v->type.elem, elem);
  cr_expect_eq(v->type.ndim, ndim, "%s: ndim %d, want %d", text, v->type.ndim, ndim);
  cr_expect_eq(v->type.layout, layout, "%s: layout %d, want %d", text, v->type.layout, layout);
  krait_values_free(s);
}

static void expect_error(const char *text, const char *fragment) {
  char err[400] = "";
  KraitValueSet *s = krait_values_parse(text, err, sizeof err);
  cr_expect_null(s, "%s: parsed, expected an error containing '%s'", text, fragment);
  krait_values_free(s);
  cr_expect(strstr(err, fragment) != NULL, "%s: error '%s' lacks '%s'", text, err, fragment);
}

Test(values, scalars) {
  char err[400];
  KraitValueSet *s = krait_values_parse("-7, 0xff, 1_000, 1.5, -0.0, 1e-3, inf, nan, float('-inf'), True, False", err,
                                        sizeof err);
  cr_assert_not_null(s, "%s", err);
  cr_assert_eq(krait_values_count(s), 11);
  const char *want[] = {"-7", "255", "1000", "1.5", "-0.0", "0.001", "inf", "nan", "-inf", "True", "False"};
  for (int i = 0; i < 11; i++) {
    char repr[64];
    krait_value_repr(krait_values_get(s, i), repr, sizeof repr);
    cr_expect_str_eq(repr, want[i], "argument %d: %s", i, repr);
  }
  cr_expect_null(krait_values_npy_path(s, 0));
  krait_values_free(s);
  s = krait_values_parse("", err, sizeof err);
  cr_assert_not_null(s);
  cr_expect_eq(krait_values_count(s), 0);
  krait_values_free(s);
}

Test(values, arange) {
  expect_list("arange(5.0)", "[0.0, 1.0, 2.0, 3.0, 4.0]");
  expect_list("arange(4)", "[0, 1, 2, 3]");
  expect_list("arange(2, 20, 3, dtype=i32)", "[2, 5, 8, 11, 14, 17]");
  expect_list("arange(10, 0, -3)", "[10, 7, 4, 1]");
  expect_list("arange(0.1, 1.0, 0.2)", "[0.1, 0.30000000000000004, 0.5000000000000001, 0.7000000000000001, 0.9000000000000001]");
  expect_list("arange(0.0, 1.0, 0.1, dtype=f32)",
              "[0.0, 0.10000000149011612, 0.20000000298023224, 0.30000001192092896, 0.4000000059604645, 0.5, "
              "0.6000000238418579, 0.699999988079071, 0.800000011920929, 0.9000000357627869]");
  expect_list("arange(0)", "[]");
  expect_list("arange(5, 2)", "[]");
  expect_type("arange(5.0)", KRAIT_TY_F64, 1, 1);
  expect_type("arange(5)", KRAIT_TY_I64, 1, 1);
}

Test(values, zeros_ones_full) {
  expect_list("zeros(3)", "[0.0, 0.0, 0.0]");
  expect_list("zeros(2, 3, dtype=i32)", "[[0, 0, 0], [0, 0, 0]]");
  expect_list("ones(2, dtype=bool)", "[True, True]");
  expect_list("ones(2, 1, 2, dtype=u16)", "[[[1, 1]], [[1, 1]]]");
  expect_list("full(2, 3, 7)", "[[7, 7, 7], [7, 7, 7]]");
  expect_list("full(3, 2.5, dtype=f32)", "[2.5, 2.5, 2.5]");
  expect_list("full(2, True)", "[True, True]");
  expect_type("full(2, 3, 7)", KRAIT_TY_I64, 2, 1);
  expect_type("full(4, 0.1)", KRAIT_TY_F64, 1, 1);
  expect_type("zeros(2, 2)", KRAIT_TY_F64, 2, 1);
}

Test(values, rand_is_splitmix64) {
  expect_list("rand(5, seed=1)", "[0.5665615751722809, 0.7457817572627011, 0.9710027535867962, 0.4443592170557721, "
                                 "0.44426470082635805]");
  expect_list("rand(2, 2, seed=42, dtype=f32)",
              "[[0.7415648698806763, 0.1599103957414627], [0.27860113978385925, 0.34419071674346924]]");
}

Test(values, array_literals) {
  expect_list("array([[1, 2], [3, 4]], dtype=u8)", "[[1, 2], [3, 4]]");
  expect_list("array([True, 2])", "[1, 2]");
  expect_list("array([1, 2.5, -0.0, nan, -inf])", "[1.0, 2.5, -0.0, nan, -inf]");
  expect_list("array([1.9, -1.9], dtype=i32)", "[1, -1]");
  expect_list("array([True, False])", "[True, False]");
  expect_list("array([[[1], [2]], [[3], [4]]], dtype=i8)", "[[[1], [2]], [[3], [4]]]");
  expect_list("array([-128, 127], dtype=i8)", "[-128, 127]");
  expect_list("array([0, 65535], dtype=u16)", "[0, 65535]");
  expect_list("array([-2147483648, 2147483647], dtype=i32)", "[-2147483648, 2147483647]");
  expect_list("array([0, 4294967295], dtype=u32)", "[0, 4294967295]");
  expect_list("array([1, 2], dtype=u64)", "[1, 2]");
  expect_list("array([18446744073709551615, 0xffffffffffffffff, 9223372036854775808], dtype=u64)",
              "[18446744073709551615, 18446744073709551615, 9223372036854775808]");
  expect_type("array([18446744073709551615, 1])", KRAIT_TY_U64, 1, 1); /* NumPy: uint64 */
  expect_list("array([18446744073709551615], dtype=f64)", "[1.8446744073709552e+19]");
  expect_list("array([1, 2], dtype=i16)", "[1, 2]");
  expect_list("array([0.1], dtype=f32)", "[0.10000000149011612]");
  expect_list("array([1, 0], dtype=bool)", "[True, False]");
  expect_list("array([])", "[]");
  expect_type("array([True, False])", KRAIT_TY_BOOL, 1, 1);
  expect_type("array([[1, 2]])", KRAIT_TY_I64, 2, 1);
  expect_type("array([1, 2.0])", KRAIT_TY_F64, 1, 1);
}

Test(values, every_dtype) {
  static const struct {
    const char *name;
    KraitTypeKind kind;
    const char *repr;
  } cases[] = {
      {"bool", KRAIT_TY_BOOL, "array([False, True])"},        {"i8", KRAIT_TY_I8, "array([0, 1], dtype=int8)"},
      {"i16", KRAIT_TY_I16, "array([0, 1], dtype=int16)"},     {"i32", KRAIT_TY_I32, "array([0, 1], dtype=int32)"},
      {"i64", KRAIT_TY_I64, "array([0, 1])"},                  {"u8", KRAIT_TY_U8, "array([0, 1], dtype=uint8)"},
      {"u16", KRAIT_TY_U16, "array([0, 1], dtype=uint16)"},    {"u32", KRAIT_TY_U32, "array([0, 1], dtype=uint32)"},
      {"u64", KRAIT_TY_U64, "array([0, 1], dtype=uint64)"},    {"f32", KRAIT_TY_F32, "array([0.0, 1.0], dtype=float32)"},
      {"f64", KRAIT_TY_F64, "array([0.0, 1.0])"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char text[64], err[400];
    snprintf(text, sizeof text, "arange(2, dtype=%s)", cases[i].name);
    expect_type(text, cases[i].kind, 1, 1);
    KraitValueSet *s = krait_values_parse(text, err, sizeof err);
    cr_assert_not_null(s, "%s: %s", text, err);
    char *repr = krait_array_repr(krait_values_get(s, 0));
    cr_expect_str_eq(repr, cases[i].repr, "%s: %s", text, repr);
    krait_free(repr);
    krait_values_free(s);
  }
}

Test(values, views) {
  expect_list("array([[1, 2], [3, 4]], dtype=u8).T", "[[1, 3], [2, 4]]");
  expect_type("array([[1, 2], [3, 4]], dtype=u8).T", KRAIT_TY_U8, 2, 0);
  expect_list("arange(12).reshape(3, 4)[:, 1::2]", "[[1, 3], [5, 7], [9, 11]]");
  expect_type("arange(12).reshape(3, 4)[:, 1::2]", KRAIT_TY_I64, 2, 0);
  expect_list("arange(12).reshape(3, 4).T.reshape(12)", "[0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11]");
  expect_type("arange(12).reshape(3, 4).T.reshape(12)", KRAIT_TY_I64, 1, 1);
  expect_list("arange(12).reshape(3, -1)[1]", "[4, 5, 6, 7]");
  expect_list("arange(10)[::-3]", "[9, 6, 3, 0]");
  expect_type("arange(10)[::-3]", KRAIT_TY_I64, 1, 0);
  expect_list("arange(10)[-3:]", "[7, 8, 9]");
  expect_type("arange(10)[-3:]", KRAIT_TY_I64, 1, 1);
  expect_list("arange(10)[8:2:-2]", "[8, 6, 4]");
  expect_list("arange(10)[100:]", "[]");
  expect_list("arange(10)[-100:2]", "[0, 1]");
  expect_list("arange(24).reshape(2, 3, 4)[1, ::2, -1:]", "[[15], [23]]");
  expect_type("arange(24).reshape(2, 3, 4)[1, ::2, -1:]", KRAIT_TY_I64, 2, 0);
  expect_list("arange(6.0).reshape(2, 3).T.copy()", "[[0.0, 3.0], [1.0, 4.0], [2.0, 5.0]]");
  expect_type("arange(6.0).reshape(2, 3).T.copy()", KRAIT_TY_F64, 2, 1);
  expect_type("arange(8.0).reshape(2, 1, 4)", KRAIT_TY_F64, 3, 1);
  expect_list("zeros(0, 1099511627776)", "[]"); /* empty, and its strides fit */
  expect_list("arange(0).reshape(-1)", "[]");
  expect_list("arange(10)[::4611686018427387904]", "[0]"); /* one element: the step never scales a stride */
  expect_list("arange(10)[3::-4611686018427387904]", "[3]");

  char err[400];
  KraitValueSet *s = krait_values_parse("arange(6.0).reshape(2, 3).T", err, sizeof err);
  cr_assert_not_null(s, "%s", err);
  KraitArray *a = krait_values_get(s, 0)->as.array;
  cr_expect_eq(a->dims[0], 3);
  cr_expect_eq(a->dims[1], 2);
  cr_expect_eq(a->dims[2], 8); /* strides in bytes, reversed */
  cr_expect_eq(a->dims[3], 24);
  krait_values_free(s);
}

Test(values, aliases_share_memory) {
  char err[400];
  KraitValueSet *s = krait_values_parse("arange(5.0), $0, $0[1:], 3, $0[::-1]", err, sizeof err);
  cr_assert_not_null(s, "%s", err);
  cr_assert_eq(krait_values_count(s), 5);
  KraitArray *a = krait_values_get(s, 0)->as.array, *b = krait_values_get(s, 1)->as.array,
             *c = krait_values_get(s, 2)->as.array, *d = krait_values_get(s, 4)->as.array;
  cr_expect_eq(a->data, b->data);
  cr_expect_eq((char *)c->data, (char *)a->data + 8);
  cr_expect_eq(c->dims[0], 4);
  cr_expect_eq((char *)d->data, (char *)a->data + 32);
  cr_expect_eq(d->dims[1], -8);
  ((double *)a->data)[2] = 9.5; /* a write through one is seen by all */
  char *list = krait_array_tolist(krait_values_get(s, 2));
  cr_expect_str_eq(list, "[1.0, 9.5, 3.0, 4.0]");
  krait_free(list);
  list = krait_array_tolist(krait_values_get(s, 4));
  cr_expect_str_eq(list, "[4.0, 3.0, 9.5, 1.0, 0.0]");
  krait_free(list);
  krait_values_free(s);

  /* one argument at a time, as the CLI adds them */
  s = krait_values_new();
  cr_assert_eq(krait_values_add(s, "zeros(2, 2)", err, sizeof err), 0, "%s", err);
  cr_assert_eq(krait_values_add(s, "$0.T", err, sizeof err), 0, "%s", err);
  cr_expect_eq(krait_values_add(s, "$5", err, sizeof err), -1);
  cr_expect(strstr(err, "no argument 5 before this one") != NULL, "%s", err);
  cr_expect_eq(krait_values_count(s), 2);
  krait_values_free(s);
}

Test(values, repr_text) {
  char err[400];
  KraitValueSet *s = krait_values_parse("arange(3.0), array([[1, 2]], dtype=i32), full(2, False), arange(2, dtype=f32)", err,
                                        sizeof err);
  cr_assert_not_null(s, "%s", err);
  const char *want[] = {"array([0.0, 1.0, 2.0])", "array([[1, 2]], dtype=int32)", "array([False, False])",
                        "array([0.0, 1.0], dtype=float32)"};
  for (int i = 0; i < 4; i++) {
    char *repr = krait_array_repr(krait_values_get(s, i));
    cr_expect_str_eq(repr, want[i]);
    krait_free(repr);
  }
  KraitValue scalar = krait_int(1);
  cr_expect_null(krait_array_repr(&scalar));
  krait_values_free(s);
}

static void expect_npy(const char *file, const char *list, KraitTypeKind elem, int ndim, int layout) {
  char text[600];
  snprintf(text, sizeof text, "%s/tests/data/%s", KRAIT_SOURCE_DIR, file);
  expect_list(text, list);
  expect_type(text, elem, ndim, layout);
}

Test(values, npy_files) {
  expect_npy("f8_2x3.npy", "[[0.0, 0.25, 0.5], [0.75, 1.0, 1.25]]", KRAIT_TY_F64, 2, 1);
  expect_npy("f4_fortran_3x2.npy", "[[0.5, 1.5], [2.5, 3.5], [4.5, 5.5]]", KRAIT_TY_F32, 2, 0);
  expect_npy("i2_v2.npy", "[-3, 0, 300, -32768]", KRAIT_TY_I16, 1, 1);
  expect_npy("u1_v3.npy", "[0, 7, 255]", KRAIT_TY_U8, 1, 1);
  expect_npy("b1.npy", "[True, False, True]", KRAIT_TY_BOOL, 1, 1);
  expect_npy("i8_2x2x2.npy", "[[[-4, -3], [-2, -1]], [[0, 1], [2, 3]]]", KRAIT_TY_I64, 3, 1);
  expect_npy("i4.npy", "[1, -2, 3]", KRAIT_TY_I32, 1, 1);
  expect_npy("u8.npy", "[18446744073709551615, 5]", KRAIT_TY_U64, 1, 1);
  char text[600];
  snprintf(text, sizeof text, "'%s/tests/data/f8_2x3.npy'.T[::-1]", KRAIT_SOURCE_DIR);
  expect_list(text, "[[0.5, 1.25], [0.25, 1.0], [0.0, 0.75]]");
  snprintf(text, sizeof text, "%s/tests/data/f8_big_endian.npy", KRAIT_SOURCE_DIR);
  expect_error(text, "'>f8' is not supported");
  expect_error("no/such/file.npy", "cannot read 'no/such/file.npy'");
}

/* Copies a data file to a temporary path, changes the array through a view, writes it back and
 * reads it again: the whole file comes back with the change, in its own order. */
static void round_trip(const char *file, const char *view, const char *want) {
  char src[600], dst[600], text[1400], err[400];
  snprintf(src, sizeof src, "%s/tests/data/%s", KRAIT_SOURCE_DIR, file);
  snprintf(dst, sizeof dst, "%s/values_rt_%s", KRAIT_BINARY_DIR, file);
  FILE *in = fopen(src, "rb"), *out = fopen(dst, "wb");
  cr_assert(in && out, "cannot copy %s to %s", src, dst);
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, in)) > 0) fwrite(buf, 1, n, out);
  fclose(in);
  fclose(out);
  snprintf(text, sizeof text, "%s%s", dst, view);
  KraitValueSet *s = krait_values_parse(text, err, sizeof err);
  cr_assert_not_null(s, "%s: %s", text, err);
  cr_expect_str_eq(krait_values_npy_path(s, 0), dst);
  KraitValue *v = krait_values_get(s, 0);
  /* element 0 of the view := element 0 + 100, in the view's own type */
  char *p = v->as.array->data;
  switch (v->type.elem) {
  case KRAIT_TY_F64: *(double *)p += 100; break;
  case KRAIT_TY_F32: *(float *)p += 100; break;
  case KRAIT_TY_I16: *(int16_t *)p += 100; break;
  default: cr_assert_fail("no case for elem %d", v->type.elem);
  }
  cr_assert_eq(krait_values_write_back(s, 0, err, sizeof err), 0, "%s", err);
  krait_values_free(s);
  char *got = tolist_of(dst, 0);
  cr_expect_str_eq(got, want, "%s: %s", text, got);
  krait_free(got);
  remove(dst);
}

Test(values, npy_write_back) {
  round_trip("f8_2x3.npy", "[1, ::-1]", "[[0.0, 0.25, 0.5], [0.75, 1.0, 101.25]]");
  round_trip("f4_fortran_3x2.npy", ".T", "[[100.5, 1.5], [2.5, 3.5], [4.5, 5.5]]");
  round_trip("f4_fortran_3x2.npy", "[2, 1:]", "[[0.5, 1.5], [2.5, 3.5], [4.5, 105.5]]");
  round_trip("i2_v2.npy", "[-1:]", "[-3, 0, 300, -32668]");
  char err[400];
  KraitValueSet *s = krait_values_parse("arange(3)", err, sizeof err);
  cr_expect_eq(krait_values_write_back(s, 0, err, sizeof err), -1);
  cr_expect(strstr(err, "not a view of a .npy file") != NULL, "%s", err);
  krait_values_free(s);
}

Test(values, save_npy_of_a_view) {
  char path[600], err[400];
  snprintf(path, sizeof path, "%s/values_save.npy", KRAIT_BINARY_DIR);
  KraitValueSet *s = krait_values_parse("arange(12, dtype=i32).reshape(3, 4).T[::2]", err, sizeof err);
  cr_assert_not_null(s, "%s", err);
  cr_assert_eq(krait_array_save_npy(krait_values_get(s, 0), path, err, sizeof err), 0, "%s", err);
  krait_values_free(s);
  expect_list(path, "[[0, 4, 8], [2, 6, 10]]");
  expect_type(path, KRAIT_TY_I32, 2, 1);
  /* NumPy pads the 1.0 header so that the data starts at a multiple of 64 */
  FILE *f = fopen(path, "rb");
  unsigned char head[10];
  cr_assert_eq(fread(head, 1, 10, f), 10u);
  fclose(f);
  cr_expect_eq((10 + head[8] + 256 * head[9]) % 64, 0);
  remove(path);
}

Test(values, errors) {
  expect_error("zeros(3, dtype=f65)", "unknown dtype 'f65'");
  expect_error("rand(3)", "rand() needs seed=");
  expect_error("rand(3, seed=1, dtype=i32)", "rand() makes floats");
  expect_error("arange(1, 2, 0)", "step must not be zero");
  expect_error("zeros(-1)", "negative dimensions are not allowed");
  expect_error("zeros(2.5)", "dimensions must be ints");
  expect_error("full(3)", "full() needs a shape and a fill value");
  expect_error("array([[1, 2], [3]])", "rows of different lengths");
  expect_error("array([[1, 2], 3])", "mixes numbers and lists");
  expect_error("array([300], dtype=u8)", "300 does not fit in u8");
  expect_error("array([-1], dtype=u32)", "-1 does not fit in u32");
  expect_error("array([nan], dtype=i64)", "cannot convert float nan to integer");
  expect_error("arange(6).reshape(4)", "cannot reshape array of size 6 into shape (4,)");
  expect_error("arange(6).reshape(-1, -1)", "only specify one unknown dimension");
  /* NumPy's errors for shapes whose dimensions overflow int64, empty or not (found by fuzz_args:
   * the strides of such an empty array overflowed), and for an unknown dimension it cannot
   * settle. */
  static const char too_big[] = "array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum possible size.";
  expect_error("full(0, 72543, 74, 3, 39, 875474, 543, 74, 3.5)", too_big);
  expect_error("zeros(3037000500, 3037000500, 0)", too_big);
  expect_error("zeros(1152921504606846976)", too_big);
  expect_error("arange(0).reshape(4611686018427387904, 4611686018427387904, 0)",
               "cannot reshape array of size 0 into shape (4611686018427387904, 4611686018427387904, 0)");
  expect_error("arange(0).reshape(0, -1)", "cannot reshape array of size 0 into shape (0, newaxis)");
  expect_error("arange(7).reshape(3, -1)", "cannot reshape array of size 7 into shape (3, newaxis)");
  expect_error("arange(5)[5]", "index 5 is out of bounds for axis 0 with size 5");
  expect_error("arange(5)[::0]", "slice step cannot be zero");
  expect_error("arange(5)[1, 2]", "too many indices");
  expect_error("arange(5)[2]", "gives a scalar");
  expect_error("arange(5).X", "unknown array attribute '.X'");
  expect_error("linspace(0, 1)", "unknown constructor 'linspace'");
  expect_error("3[0]", "applies to arrays, not to a scalar");
  expect_error("1, $0", "$0 is a scalar");
  expect_error("$1", "$1: no argument 1 before this one ($N counts from 0)");
  expect_error("zeros(3", "expected ',' or ')' after an argument of zeros(), found 'end of text'");
  expect_error("array([1 2])", "expected ',' or ']' after a list item");
  expect_error("abc", "'abc' is not a Python int, float or bool literal");
  expect_error("1 2", "expected ',' between arguments");
  expect_error("zeros(2), 3, [1]", "argument 3: a list is not an argument");
  expect_error("zeros(2, seed=3)", "no keyword 'seed'");
  expect_error("zeros(2, order=3)", "no keyword 'order'");
  expect_error("99999999999999999999", "does not fit in a 64-bit int");
  expect_error("18446744073709551615", "'18446744073709551615' does not fit in a 64-bit int");
  expect_error("array([18446744073709551615], dtype=i64)", "18446744073709551615 does not fit in i64");
  expect_error("array([18446744073709551616], dtype=u64)", "does not fit in a 64-bit int");
  expect_error("zeros(18446744073709551615)", "dimensions must be ints");
}

Test(values, failed_add_leaves_the_set_unchanged) {
  char err[400];
  KraitValueSet *s = krait_values_new();
  cr_assert_eq(krait_values_add(s, "arange(3)", err, sizeof err), 0);
  cr_expect_eq(krait_values_add(s, "ones(4) x", err, sizeof err), -1);
  cr_expect(strstr(err, "unexpected 'x'") != NULL, "%s", err);
  cr_expect_eq(krait_values_add(s, "zeros(2, dtype=nope)", err, sizeof err), -1);
  cr_expect_eq(krait_values_count(s), 1);
  cr_assert_eq(krait_values_add(s, "$0[::2]", err, sizeof err), 0, "%s", err);
  char *list = krait_array_tolist(krait_values_get(s, 1));
  cr_expect_str_eq(list, "[0, 2]");
  krait_free(list);
  krait_values_free(s);
}
