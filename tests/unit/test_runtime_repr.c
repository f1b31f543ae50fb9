/* test_runtime_repr.c: Python's repr of floats and scalars, signatures, exception names, the error
 * record, and the round() helpers compiled code calls. Expected strings are CPython's. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "runtime/runtime.h"

static const char *frepr(double x) {
  static char buf[64];
  repr_float(x, buf, sizeof buf);
  return buf;
}

Test(repr, floats_like_python) {
  static const struct {
    double x;
    const char *want;
  } cases[] = {
      {0.1, "0.1"},
      {1e16, "1e+16"},
      {1e-5, "1e-05"},
      {1.0, "1.0"},
      {-0.0, "-0.0"},
      {0.0, "0.0"},
      {123456789.123, "123456789.123"},
      {1e22, "1e+22"},
      {5e-324, "5e-324"},
      {0.001, "0.001"},
      {0.0001, "0.0001"},
      {123456789012345.0, "123456789012345.0"},
      {1234567890123456.0, "1234567890123456.0"},
      {1.5e300, "1.5e+300"},
      {-2.5, "-2.5"},
      {1.0 / 3.0, "0.3333333333333333"},
      {2.0 / 3.0, "0.6666666666666666"},
      {0.1 + 0.2, "0.30000000000000004"},
      {1.7976931348623157e308, "1.7976931348623157e+308"},
      {100.0, "100.0"},
      {1e15, "1000000000000000.0"},
      {12345.678e-10, "1.2345678e-06"},
      {-1e-7, "-1e-07"},
      {NAN, "nan"},
      {INFINITY, "inf"},
      {-INFINITY, "-inf"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    cr_expect_str_eq(frepr(cases[i].x), cases[i].want, "repr(%.17g)", cases[i].x);
}

Test(repr, values) {
  char buf[64];
  KraitValue v = krait_int(-4);
  cr_expect_str_eq(krait_value_repr(&v, buf, sizeof buf), "-4");
  v = krait_int(INT64_MIN);
  cr_expect_str_eq(krait_value_repr(&v, buf, sizeof buf), "-9223372036854775808");
  v = krait_bool(true);
  cr_expect_str_eq(krait_value_repr(&v, buf, sizeof buf), "True");
  v = krait_bool(false);
  cr_expect_str_eq(krait_value_repr(&v, buf, sizeof buf), "False");
  v = krait_float(0.5);
  cr_expect_str_eq(krait_value_repr(&v, buf, sizeof buf), "0.5");
  v.type = KRAIT_NONE;
  cr_expect_str_eq(krait_value_repr(&v, buf, sizeof buf), "None");
  /* truncation is safe */
  v = krait_float(0.1 + 0.2);
  char small[5];
  cr_expect_str_eq(krait_value_repr(&v, small, sizeof small), "0.30");
}

Test(repr, type_names_and_signatures) {
  char buf[32];
  cr_expect_str_eq(krait_type_name(KRAIT_INT, buf, sizeof buf), "int");
  cr_expect_str_eq(krait_type_name(KRAIT_FLOAT, buf, sizeof buf), "float");
  cr_expect_str_eq(krait_type_name(KRAIT_BOOL, buf, sizeof buf), "bool");
  cr_expect_str_eq(krait_type_name(KRAIT_NONE, buf, sizeof buf), "None");

  KraitType t[8];
  cr_assert_eq(krait_parse_signature("(int, float)", t, 8), 2);
  cr_expect_eq(t[0].kind, KRAIT_TY_I64);
  cr_expect_eq(t[1].kind, KRAIT_TY_F64);
  cr_assert_eq(krait_parse_signature("bool,int", t, 8), 2);
  cr_expect_eq(t[0].kind, KRAIT_TY_BOOL);
  cr_assert_eq(krait_parse_signature("()", t, 8), 0);
  cr_assert_eq(krait_parse_signature("", t, 8), 0);
  cr_assert_eq(krait_parse_signature("(int,)", t, 8), 1);
  cr_assert_eq(krait_parse_signature("(f64[:, ::1], krait.i32, f32[:])", t, 8), 3);
  cr_expect_eq(t[0].kind, KRAIT_TY_ARRAY);
  cr_expect_eq(t[0].elem, KRAIT_TY_F64);
  cr_expect_eq(t[0].ndim, 2);
  cr_expect_eq(t[0].layout, 1);
  cr_expect_eq(t[1].kind, KRAIT_TY_I32);
  cr_expect_eq(t[2].ndim, 1);
  cr_expect_eq(t[2].layout, 0);
  cr_expect_str_eq(krait_type_name(t[0], buf, sizeof buf), "f64[:, ::1]");
  cr_expect_eq(krait_parse_signature("(int, str)", t, 8), -1);
  cr_expect_eq(krait_parse_signature("(int", t, 8), -1);
  cr_expect_eq(krait_parse_signature("int float", t, 8), -1);
  cr_expect_eq(krait_parse_signature("(int, int)", t, 1), -1);
  cr_expect_eq(krait_parse_signature("f64[::1, :]", t, 8), -1);
}

Test(errors, names_and_record) {
  cr_expect_str_eq(krait_exc_name(KRAIT_EXC_ZERO_DIVISION), "ZeroDivisionError");
  cr_expect_str_eq(krait_exc_name(KRAIT_EXC_NONE), "");
  cr_expect_eq(krait_exc_from_name("IndexError"), KRAIT_EXC_INDEX);
  cr_expect_eq(krait_exc_from_name("NoSuchError"), KRAIT_EXC_NONE);
  for (int k = 1; k < KRAIT_EXC__COUNT; k++)
    cr_expect_eq(krait_exc_from_name(krait_exc_name((KraitExcKind)k)), k);

  krait_clear_error();
  cr_expect_eq(krait_last_error()->kind, KRAIT_EXC_NONE);
  krait_rt_raise(KRAIT_EXC_ZERO_DIVISION, "integer division or modulo by zero", "k.py", 7, "f");
  const KraitError *e = krait_last_error();
  cr_expect_eq(e->kind, KRAIT_EXC_ZERO_DIVISION);
  cr_expect_str_eq(e->file, "k.py");
  cr_expect_eq(e->line, 7);
  cr_expect_str_eq(e->function, "f");
  char buf[256];
  krait_error_format(e, buf, sizeof buf);
  cr_expect_str_eq(buf, "Traceback (most recent call last):\n  File \"k.py\", line 7, in f\n"
                        "ZeroDivisionError: integer division or modulo by zero\n");

  /* long strings are truncated, never overflowed, and not in the middle of a UTF-8 character */
  char long_msg[600];
  memset(long_msg, 'x', sizeof long_msg);
  long_msg[sizeof long_msg - 1] = '\0';
  memcpy(long_msg + 254, "\xc3\xa9", 2); /* é across the truncation point (byte 255) */
  krait_rt_raise(KRAIT_EXC_VALUE, long_msg, long_msg, 1, long_msg);
  e = krait_last_error();
  cr_expect_eq(strlen(e->message), 254);
  cr_expect_lt(strlen(e->function), sizeof e->function);
  krait_error_format(e, buf, 40);
  cr_expect_lt(strlen(buf), 40);
  krait_clear_error();
}

Test(round, floats_exact_like_cpython) {
  cr_expect_eq(krait_rt_round_float(2.675, 2), 2.67);
  cr_expect_eq(krait_rt_round_float(0.125, 2), 0.12);
  cr_expect_eq(krait_rt_round_float(0.375, 2), 0.38);
  cr_expect_eq(krait_rt_round_float(1234.5678, -2), 1200.0);
  cr_expect_eq(krait_rt_round_float(1250.0, -2), 1200.0);
  cr_expect_eq(krait_rt_round_float(1350.0, -2), 1400.0);
  cr_expect_eq(krait_rt_round_float(50.0, -2), 0.0);
  cr_expect_eq(krait_rt_round_float(2.5, 0), 2.0);
  cr_expect_eq(krait_rt_round_float(3.5, 0), 4.0);
  cr_expect_eq(krait_rt_round_float(0.5, 0), 0.0);
  cr_expect_eq(krait_rt_round_float(1.5, 0), 2.0);
  cr_expect_eq(krait_rt_round_float(0.1, 1), 0.1);
  cr_expect_eq(krait_rt_round_float(1.0 / 3.0, 5), 0.33333);
  cr_expect_eq(krait_rt_round_float(-2.675, 2), -2.67);
  cr_expect_eq(krait_rt_round_float(9.995, 2), 9.99);       /* 9.99499999... */
  cr_expect_eq(krait_rt_round_float(99.5, 0), 100.0);
  cr_expect_eq(krait_rt_round_float(999.9, -3), 1000.0);
  cr_expect_eq(krait_rt_round_float(5e-324, 400), 5e-324);  /* beyond NDIGITS_MAX: x itself */
  cr_expect_eq(krait_rt_round_float(1.5, 320), 1.5);
  cr_expect_eq(krait_rt_round_float(123.456, 1000), 123.456);
  cr_expect_eq(krait_rt_round_float(1e300, 0), 1e300);
  cr_expect_eq(krait_rt_round_float(1.7976931348623157e308, -300), 1.79769313e308);
  cr_expect_eq(krait_rt_round_float(1.7976931348623157e308, -308), INFINITY);
  cr_expect_eq(krait_rt_round_float(4e-320, 321), 4e-320);

  double r = krait_rt_round_float(-0.5, 0);
  cr_expect(r == 0.0 && signbit(r), "round(-0.5, 0) is -0.0");
  r = krait_rt_round_float(-0.4, 0);
  cr_expect(r == 0.0 && signbit(r), "round(-0.4, 0) is -0.0");
  r = krait_rt_round_float(-5.0, -400);
  cr_expect(r == 0.0 && signbit(r), "round(-5.0, -400) is -0.0");
  r = krait_rt_round_float(-0.0, 2);
  cr_expect(r == 0.0 && signbit(r));
  cr_expect(isnan(krait_rt_round_float(NAN, 2)));
  cr_expect_eq(krait_rt_round_float(INFINITY, 2), INFINITY);
  cr_expect_eq(krait_rt_round_float(-INFINITY, -2), -INFINITY);
}

Test(round, ints_half_even) {
  cr_expect_eq(krait_rt_round_int(15, -1), 20);
  cr_expect_eq(krait_rt_round_int(25, -1), 20);
  cr_expect_eq(krait_rt_round_int(-25, -1), -20);
  cr_expect_eq(krait_rt_round_int(-15, -1), -20);
  cr_expect_eq(krait_rt_round_int(-14, -1), -10);
  cr_expect_eq(krait_rt_round_int(1234, -2), 1200);
  cr_expect_eq(krait_rt_round_int(1250, -2), 1200);
  cr_expect_eq(krait_rt_round_int(1251, -2), 1300);
  cr_expect_eq(krait_rt_round_int(7, 0), 7);
  cr_expect_eq(krait_rt_round_int(7, 5), 7);
  cr_expect_eq(krait_rt_round_int(INT64_MAX, -19), 0);
  cr_expect_eq(krait_rt_round_int(-5, -1), 0);
  cr_expect_eq(krait_rt_round_int(5, -1), 0);
  cr_expect_eq(krait_rt_round_int(INT64_MIN, -18), -9000000000000000000LL);
  cr_expect_eq(krait_rt_round_int(INT64_MAX, -18), 9000000000000000000LL);
}

Test(runtime, symbols_table) {
  int n;
  const LinkSymbol *s = runtime_symbols(&n);
  cr_assert_geq(n, 3);
  bool raise = false;
  for (int i = 0; i < n; i++) {
    cr_expect_not_null(s[i].address);
    raise |= strcmp(s[i].name, "krait_rt_raise") == 0;
  }
  cr_expect(raise);
}
