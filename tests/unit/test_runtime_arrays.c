/* test_runtime_arrays.c: arrays through the C API: descriptors (krait_array_init), lookups with
 * array types, element reads and writes visible to the caller, negative indices, IndexError with
 * NumPy's message and the source line, boundscheck=False, aliasing (one array passed twice),
 * strided and transposed views, every element type, krait_function_writes_param, and the
 * optimized LLVM IR of the kernels that must vectorize with no bounds check left. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/runtime.h"

static const char source[] =
    "import krait\n"                                              /* 1 */
    "from krait import jit\n"                                     /* 2 */
    "\n"                                                          /* 3 */
    "@jit\n"                                                      /* 4 */
    "def total(a: krait.f64[:]) -> float:\n"                      /* 5 */
    "    s = 0.0\n"                                               /* 6 */
    "    for i in range(len(a)):\n"                               /* 7 */
    "        s += a[i]\n"                                         /* 8 */
    "    return s\n"                                              /* 9 */
    "\n"                                                          /* 10 */
    "@jit\n"                                                      /* 11 */
    "def get(a, i):\n"                                            /* 12 */
    "    return a[i]\n"                                           /* 13 */
    "\n"                                                          /* 14 */
    "@jit\n"                                                      /* 15 */
    "def saxpy(a: float, x: f64[::1], y: f64[::1]):\n"            /* 16 */
    "    for i in range(len(x)):\n"                               /* 17 */
    "        y[i] = a * x[i] + y[i]\n"                            /* 18 */
    "\n"                                                          /* 19 */
    "@jit\n"                                                      /* 20 */
    "def sumsq(a: f64[::1]) -> float:\n"                          /* 21 */
    "    s = 0.0\n"                                               /* 22 */
    "    for i in range(len(a)):\n"                               /* 23 */
    "        s += a[i] * a[i]\n"                                  /* 24 */
    "    return s\n"                                              /* 25 */
    "\n"                                                          /* 26 */
    "@jit\n"                                                      /* 27 */
    "def get2(m, i, j):\n"                                        /* 28 */
    "    return m[i, j]\n"                                        /* 29 */
    "\n"                                                          /* 30 */
    "@jit\n"                                                      /* 31 */
    "def put(a, i, v):\n"                                         /* 32 */
    "    a[i] = v\n"                                              /* 33 */
    "\n"                                                          /* 34 */
    "@jit\n"                                                      /* 35 */
    "def shift(a, b):\n"                                          /* 36 */
    "    for i in range(1, len(a)):\n"                            /* 37 */
    "        b[i] = a[i - 1]\n"                                   /* 38 */
    "\n"                                                          /* 39 */
    "@jit\n"                                                      /* 40 */
    "def shape_info(m) -> int:\n"                                 /* 41 */
    "    n, k = m.shape\n"                                        /* 42 */
    "    return n * 100 + k * 10 + m.ndim + m.size * 1000\n"      /* 43 */
    "\n"                                                          /* 44 */
    "@jit\n"                                                      /* 45 */
    "def iter_sum(a) -> float:\n"                                 /* 46 */
    "    s = 0.0\n"                                               /* 47 */
    "    for x in a:\n"                                           /* 48 */
    "        s += x\n"                                            /* 49 */
    "    return s\n"                                              /* 50 */
    "\n"                                                          /* 51 */
    "@jit\n"                                                      /* 52 */
    "def bump(a, i):\n"                                           /* 53 */
    "    a[i] += 1\n"                                             /* 54 */
    "\n"                                                          /* 55 */
    "@jit\n"                                                      /* 56 */
    "def trace(m) -> float:\n"                                    /* 57 */
    "    t = 0.0\n"                                               /* 58 */
    "    for i in range(m.shape[0]):\n"                           /* 59 */
    "        t += m[i][i]\n"                                      /* 60 */
    "    return t\n"                                              /* 61 */
    "\n"                                                          /* 62 */
    "@jit(boundscheck=False)\n"                                   /* 63 */
    "def get_unchecked(a, i):\n"                                  /* 64 */
    "    return a[i]\n"                                           /* 65 */
    "\n"                                                          /* 66 */
    "@jit\n"                                                      /* 67 */
    "def reader(a, b) -> float:\n"                                /* 68 */
    "    put(b, 0, a[0])\n"                                       /* 69 */
    "    return a[0]\n";                                          /* 70 */

static KraitRuntime *rt;
static KraitModule *m;
static size_t live_at_start;

static void setup(void) {
  live_at_start = kr_live_allocations();
  rt = krait_runtime_new(NULL);
  cr_assert_not_null(rt, "no runtime: %s", krait_last_error()->message);
  m = krait_compile(rt, "arrays.py", source, -1, NULL);
  cr_assert_eq(krait_module_error_count(m), 0, "%s", krait_module_diagnostics(m));
}

static void teardown(void) {
  krait_module_free(m);
  krait_runtime_free(rt);
  cr_expect_eq(kr_live_allocations(), live_at_start, "leaked %zu allocations",
               kr_live_allocations() - live_at_start);
}

TestSuite(arrays, .init = setup, .fini = teardown);

static KraitFunction *lookup(const char *name, const char *sig) {
  KraitType types[8];
  int n = krait_parse_signature(sig, types, 8);
  cr_assert(n >= 0, "bad signature %s", sig);
  KraitFunction *f = krait_lookup(m, name, types, n);
  cr_assert_not_null(f, "%s%s: %s", name, sig, krait_module_diagnostics(m));
  return f;
}

static KraitValue vec_f64(KraitArray *a, double *data, int64_t n) {
  krait_array_init(a, data, 1, &n, NULL, sizeof(double));
  return krait_array(a, KRAIT_TY_F64, 1, true);
}

Test(arrays, init_and_itemsize) {
  KraitArray a;
  double d[6];
  int64_t shape[] = {2, 3};
  cr_assert_eq(krait_array_init(&a, d, 2, shape, NULL, 8), 0);
  cr_expect_eq(a.dims[0], 2);
  cr_expect_eq(a.dims[1], 3);
  cr_expect_eq(a.dims[2], 24);
  cr_expect_eq(a.dims[3], 8);
  cr_expect_eq(krait_array_init(&a, d, 0, shape, NULL, 8), -1);
  cr_expect_eq(krait_array_init(&a, d, 9, shape, NULL, 8), -1);
  int64_t bad[] = {2, -1};
  cr_expect_eq(krait_array_init(&a, d, 2, bad, NULL, 8), -1);
  cr_expect_eq(krait_type_itemsize(KRAIT_TY_F64), 8);
  cr_expect_eq(krait_type_itemsize(KRAIT_TY_F32), 4);
  cr_expect_eq(krait_type_itemsize(KRAIT_TY_BOOL), 1);
  cr_expect_eq(krait_type_itemsize(KRAIT_TY_U16), 2);
  cr_expect_eq(krait_type_itemsize(KRAIT_TY_ARRAY), 0);
}

Test(arrays, sum_of_1d_f64) {
  KraitFunction *f = lookup("total", "(f64[:])");
  double d[] = {1.5, 2.5, -1.0, 4.0};
  KraitArray a;
  KraitValue arg = vec_f64(&a, d, 4), r;
  cr_assert_eq(krait_call(f, &arg, 1, &r), 0, "%s", krait_last_error()->message);
  cr_expect_eq(r.type.kind, KRAIT_TY_F64);
  cr_expect_float_eq(r.as.f, 7.0, 0);
  cr_expect_not(krait_function_writes_param(f, 0));
}

Test(arrays, negative_index_and_index_error) {
  KraitFunction *f = lookup("get", "(f64[:], int)");
  double d[10];
  for (int i = 0; i < 10; i++) d[i] = i * 1.5;
  KraitArray a;
  KraitValue args[2] = {vec_f64(&a, d, 10), krait_int(-1)}, r;
  cr_assert_eq(krait_call(f, args, 2, &r), 0);
  cr_expect_float_eq(r.as.f, 13.5, 0);
  args[1] = krait_int(-10);
  cr_assert_eq(krait_call(f, args, 2, &r), 0);
  cr_expect_float_eq(r.as.f, 0.0, 0);
  args[1] = krait_int(10);
  cr_assert_eq(krait_call(f, args, 2, &r), 1);
  const KraitError *e = krait_last_error();
  cr_expect_eq(e->kind, KRAIT_EXC_INDEX);
  cr_expect_str_eq(e->message, "index 10 is out of bounds for axis 0 with size 10");
  cr_expect_eq(e->line, 13);
  cr_expect_str_eq(e->function, "get");
  args[1] = krait_int(-11);
  cr_assert_eq(krait_call(f, args, 2, &r), 1);
  cr_expect_str_eq(krait_last_error()->message, "index -11 is out of bounds for axis 0 with size 10");
  krait_clear_error();
}

Test(arrays, saxpy_writes_are_visible) {
  KraitFunction *f = lookup("saxpy", "(float, f64[::1], f64[::1])");
  double x[7], y[7];
  for (int i = 0; i < 7; i++) x[i] = i, y[i] = 10 * i;
  KraitArray ax, ay;
  KraitValue args[3] = {krait_float(2.0), vec_f64(&ax, x, 7), vec_f64(&ay, y, 7)};
  cr_assert_eq(krait_call(f, args, 3, NULL), 0, "%s", krait_last_error()->message);
  for (int i = 0; i < 7; i++) cr_expect_float_eq(y[i], 12.0 * i, 0);
  cr_expect_not(krait_function_writes_param(f, 0));
  cr_expect_not(krait_function_writes_param(f, 1));
  cr_expect(krait_function_writes_param(f, 2));
  cr_expect_not(krait_function_writes_param(f, 3));
}

Test(arrays, same_array_twice) {
  /* shift(a, a): every b[i] = a[i - 1] sees the previous store, as in CPython. */
  KraitFunction *f = lookup("shift", "(f64[:], f64[:])");
  double d[] = {1, 2, 3, 4, 5};
  KraitArray a;
  KraitValue v = vec_f64(&a, d, 5);
  v.type.layout = 0;
  KraitValue args[2] = {v, v};
  cr_assert_eq(krait_call(f, args, 2, NULL), 0);
  for (int i = 0; i < 5; i++) cr_expect_float_eq(d[i], 1.0, 0);
  /* and an overlapping view: b is a shifted by one element */
  double e[] = {1, 2, 3, 4, 5, 6};
  KraitArray va, vb;
  int64_t n = 5;
  krait_array_init(&va, e, 1, &n, NULL, 8);
  krait_array_init(&vb, e + 1, 1, &n, NULL, 8);
  KraitValue args2[2] = {krait_array(&va, KRAIT_TY_F64, 1, false), krait_array(&vb, KRAIT_TY_F64, 1, false)};
  cr_assert_eq(krait_call(f, args2, 2, NULL), 0);
  double want[] = {1, 2, 1, 2, 1, 2}; /* b[i] = e[i + 1] = e[i - 1], in order */
  for (int i = 0; i < 6; i++) cr_expect_float_eq(e[i], want[i], 0, "e[%d] = %g", i, e[i]);
}

Test(arrays, two_dims_strided_and_transposed) {
  KraitFunction *f = lookup("get2", "(f64[:, :], int, int)");
  double d[12];
  for (int i = 0; i < 12; i++) d[i] = i;
  int64_t shape[] = {3, 4};
  KraitArray a;
  krait_array_init(&a, d, 2, shape, NULL, 8);
  KraitValue args[3] = {krait_array(&a, KRAIT_TY_F64, 2, false), krait_int(2), krait_int(-1)}, r;
  cr_assert_eq(krait_call(f, args, 3, &r), 0);
  cr_expect_float_eq(r.as.f, 11.0, 0);
  /* the transpose: shape (4, 3), strides (8, 32) */
  int64_t tshape[] = {4, 3}, tstrides[] = {8, 32};
  KraitArray t;
  krait_array_init(&t, d, 2, tshape, tstrides, 8);
  args[0] = krait_array(&t, KRAIT_TY_F64, 2, false);
  args[1] = krait_int(3);
  args[2] = krait_int(1);
  cr_assert_eq(krait_call(f, args, 3, &r), 0);
  cr_expect_float_eq(r.as.f, 7.0, 0);
  args[1] = krait_int(1);
  args[2] = krait_int(3);
  cr_assert_eq(krait_call(f, args, 3, &r), 1);
  cr_expect_str_eq(krait_last_error()->message, "index 3 is out of bounds for axis 1 with size 3");
  cr_expect_eq(krait_last_error()->line, 29);
  /* every other column: strides (32, 16) */
  int64_t sshape[] = {3, 2}, sstrides[] = {32, 16};
  KraitArray s;
  krait_array_init(&s, d, 2, sshape, sstrides, 8);
  args[0] = krait_array(&s, KRAIT_TY_F64, 2, false);
  args[1] = krait_int(2);
  args[2] = krait_int(1);
  cr_assert_eq(krait_call(f, args, 3, &r), 0);
  cr_expect_float_eq(r.as.f, 10.0, 0);
  krait_clear_error();
}

Test(arrays, shape_size_ndim_iteration_trace) {
  double d[12];
  for (int i = 0; i < 12; i++) d[i] = i;
  int64_t shape[] = {3, 4};
  KraitArray a;
  krait_array_init(&a, d, 2, shape, NULL, 8);
  KraitValue arg = krait_array(&a, KRAIT_TY_F64, 2, true), r;
  KraitFunction *f = lookup("shape_info", "(f64[:, ::1])");
  cr_assert_eq(krait_call(f, &arg, 1, &r), 0);
  cr_expect_eq(r.as.i, 12000 + 300 + 40 + 2);
  int64_t sq[] = {3, 3};
  krait_array_init(&a, d, 2, sq, NULL, 8);
  f = lookup("trace", "(f64[:, :])");
  arg.type.layout = 0;
  cr_assert_eq(krait_call(f, &arg, 1, &r), 0);
  cr_expect_float_eq(r.as.f, 0 + 4 + 8, 0);
  f = lookup("iter_sum", "(f64[:])");
  KraitArray v;
  KraitValue varg = vec_f64(&v, d, 5);
  varg.type.layout = 0;
  cr_assert_eq(krait_call(f, &varg, 1, &r), 0);
  cr_expect_float_eq(r.as.f, 10.0, 0);
}

Test(arrays, writes_convert_to_the_element_type) {
  int64_t n = 4;
  int32_t i32[4] = {0};
  KraitArray a;
  krait_array_init(&a, i32, 1, &n, NULL, 4);
  KraitValue args[3] = {krait_array(&a, KRAIT_TY_I32, 1, false), krait_int(1), krait_float(-2.7)};
  KraitFunction *f = lookup("put", "(i32[:], int, float)");
  cr_assert_eq(krait_call(f, args, 3, NULL), 0);
  cr_expect_eq(i32[1], -2);
  cr_expect(krait_function_writes_param(f, 0));
  /* a[i] += 1 evaluates the index once and wraps at the element's width */
  uint8_t u8[3] = {255, 7, 0};
  krait_array_init(&a, u8, 1, &(int64_t){3}, NULL, 1);
  KraitValue bargs[2] = {krait_array(&a, KRAIT_TY_U8, 1, false), krait_int(-3)};
  f = lookup("bump", "(u8[:], int)");
  cr_assert_eq(krait_call(f, bargs, 2, NULL), 0);
  cr_expect_eq(u8[0], 0);
  /* bool elements are bytes 0/1 */
  bool flags[3] = {false, false, false};
  krait_array_init(&a, flags, 1, &(int64_t){3}, NULL, 1);
  KraitValue fargs[3] = {krait_array(&a, KRAIT_TY_BOOL, 1, false), krait_int(2), krait_float(0.5)};
  f = lookup("put", "(bool[:], int, float)");
  cr_assert_eq(krait_call(f, fargs, 3, NULL), 0);
  cr_expect_eq(((uint8_t *)flags)[2], 1);
}

Test(arrays, every_dtype_round_trips) {
  static const struct { const char *sig; KraitTypeKind kind; } types[] = {
      {"(bool[:], int)", KRAIT_TY_BOOL}, {"(i8[:], int)", KRAIT_TY_I8},   {"(i16[:], int)", KRAIT_TY_I16},
      {"(i32[:], int)", KRAIT_TY_I32},   {"(i64[:], int)", KRAIT_TY_I64}, {"(u8[:], int)", KRAIT_TY_U8},
      {"(u16[:], int)", KRAIT_TY_U16},   {"(u32[:], int)", KRAIT_TY_U32}, {"(u64[:], int)", KRAIT_TY_U64},
      {"(f32[:], int)", KRAIT_TY_F32},   {"(f64[:], int)", KRAIT_TY_F64},
  };
  for (size_t t = 0; t < sizeof types / sizeof types[0]; t++) {
    KraitFunction *f = lookup("get", types[t].sig);
    size_t size = krait_type_itemsize(types[t].kind);
    unsigned char buf[3 * 8];
    memset(buf, 0, sizeof buf);
    /* element 1 holds the type's "-1" (all ones) or 1.5 or True */
    switch (types[t].kind) {
    case KRAIT_TY_BOOL: buf[1] = 1; break;
    case KRAIT_TY_F32: { float x = 1.5f; memcpy(buf + 4, &x, 4); break; }
    case KRAIT_TY_F64: { double x = 1.5; memcpy(buf + 8, &x, 8); break; }
    default: memset(buf + size, 0xff, size); break;
    }
    KraitArray a;
    krait_array_init(&a, buf, 1, &(int64_t){3}, NULL, size);
    KraitValue args[2] = {krait_array(&a, types[t].kind, 1, false), krait_int(1)}, r;
    cr_assert_eq(krait_call(f, args, 2, &r), 0, "%s", types[t].sig);
    cr_expect_eq(r.type.kind, types[t].kind, "%s", types[t].sig);
    switch (types[t].kind) {
    case KRAIT_TY_BOOL: cr_expect(r.as.b); break;
    case KRAIT_TY_F32: case KRAIT_TY_F64: cr_expect_float_eq(r.as.f, 1.5, 0, "%s", types[t].sig); break;
    case KRAIT_TY_I8: case KRAIT_TY_I16: case KRAIT_TY_I32: case KRAIT_TY_I64:
      cr_expect_eq(r.as.i, -1, "%s", types[t].sig);
      break;
    case KRAIT_TY_U64: cr_expect_eq((uint64_t)r.as.i, UINT64_MAX); break;
    default: cr_expect_eq(r.as.i, (int64_t)((1ull << (8 * size)) - 1), "%s", types[t].sig); break;
    }
  }
}

Test(arrays, every_dtype_stores_and_reads_back) {
  static const char *const elems[] = {"bool", "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "f32", "f64"};
  static const KraitTypeKind kinds[] = {KRAIT_TY_BOOL, KRAIT_TY_I8,  KRAIT_TY_I16, KRAIT_TY_I32,
                                        KRAIT_TY_I64,  KRAIT_TY_U8,  KRAIT_TY_U16, KRAIT_TY_U32,
                                        KRAIT_TY_U64,  KRAIT_TY_F32, KRAIT_TY_F64};
  for (size_t t = 0; t < sizeof kinds / sizeof kinds[0]; t++) {
    char sig[64];
    snprintf(sig, sizeof sig, "(%s[:], int, int)", elems[t]);
    KraitFunction *put = lookup("put", sig);
    snprintf(sig, sizeof sig, "(%s[:], int)", elems[t]);
    KraitFunction *get = lookup("get", sig);
    unsigned char buf[4 * 8];
    memset(buf, 0xAB, sizeof buf);
    size_t size = krait_type_itemsize(kinds[t]);
    KraitArray a;
    krait_array_init(&a, buf, 1, &(int64_t){4}, NULL, size);
    KraitValue args[3] = {krait_array(&a, kinds[t], 1, false), krait_int(-2), krait_int(5)}, r;
    cr_assert_eq(krait_call(put, args, 3, NULL), 0, "%s", elems[t]);
    cr_assert_eq(krait_call(get, args, 2, &r), 0, "%s", elems[t]);
    if (kinds[t] == KRAIT_TY_BOOL) cr_expect(r.as.b && buf[2] == 1, "bool");
    else if (kinds[t] == KRAIT_TY_F32 || kinds[t] == KRAIT_TY_F64) cr_expect_float_eq(r.as.f, 5.0, 0, "%s", elems[t]);
    else cr_expect_eq(r.as.i, 5, "%s", elems[t]);
    /* the neighbours are untouched */
    cr_expect_eq(buf[size - 1], 0xAB, "%s", elems[t]);
    cr_expect_eq(buf[3 * size], 0xAB, "%s", elems[t]);
  }
}

Test(arrays, negative_index_on_the_second_axis) {
  KraitFunction *f = lookup("get2", "(i32[:, ::1], int, int)");
  int32_t d[6] = {0, 1, 2, 3, 4, 5};
  int64_t shape[] = {2, 3};
  KraitArray a;
  krait_array_init(&a, d, 2, shape, NULL, 4);
  KraitValue args[3] = {krait_array(&a, KRAIT_TY_I32, 2, true), krait_int(-1), krait_int(-3)}, r;
  cr_assert_eq(krait_call(f, args, 3, &r), 0);
  cr_expect_eq(r.type.kind, KRAIT_TY_I32);
  cr_expect_eq(r.as.i, 3);
  args[2] = krait_int(-4);
  cr_assert_eq(krait_call(f, args, 3, &r), 1);
  cr_expect_str_eq(krait_last_error()->message, "index -4 is out of bounds for axis 1 with size 3");
  args[1] = krait_int(2);
  cr_assert_eq(krait_call(f, args, 3, &r), 1);
  cr_expect_str_eq(krait_last_error()->message, "index 2 is out of bounds for axis 0 with size 2");
  krait_clear_error();
}

Test(arrays, boundscheck_false_still_wraps) {
  KraitFunction *f = lookup("get_unchecked", "(f64[:], int)");
  double d[] = {1, 2, 3};
  KraitArray a;
  KraitValue args[2] = {vec_f64(&a, d, 3), krait_int(-1)}, r;
  args[0].type.layout = 0;
  cr_assert_eq(krait_call(f, args, 2, &r), 0);
  cr_expect_float_eq(r.as.f, 3.0, 0);
  char *ir = krait_dump(m, "get_unchecked", (KraitType[]){{KRAIT_TY_ARRAY, KRAIT_TY_F64, 1, 0}, KRAIT_INT}, 2, "ir");
  cr_assert_not_null(ir);
  cr_expect_null(strstr(ir, "bounds_check"), "%s", ir);
  krait_free(ir);
}

Test(arrays, writes_through_callees) {
  KraitFunction *f = lookup("reader", "(f64[:], f64[:])");
  cr_expect_not(krait_function_writes_param(f, 0));
  cr_expect(krait_function_writes_param(f, 1));
}

Test(arrays, type_errors) {
  KraitFunction *f = lookup("total", "(f64[:])");
  int32_t d[2] = {1, 2};
  KraitArray a;
  krait_array_init(&a, d, 1, &(int64_t){2}, NULL, 4);
  KraitValue arg = krait_array(&a, KRAIT_TY_I32, 1, true);
  cr_expect_eq(krait_call(f, &arg, 1, NULL), -1);
  cr_expect_eq(krait_last_error()->kind, KRAIT_EXC_TYPE);
  KraitFunction *g = lookup("sumsq", "(f64[::1])");
  double e[4] = {0};
  int64_t stride = 16;
  krait_array_init(&a, e, 1, &(int64_t){2}, &stride, 8);
  arg = krait_array(&a, KRAIT_TY_F64, 1, true); /* claims contiguity, but is not */
  cr_expect_eq(krait_call(g, &arg, 1, NULL), -1);
  cr_expect_eq(krait_last_error()->kind, KRAIT_EXC_TYPE);
  krait_clear_error();
}

/* ---- the optimized LLVM IR of the kernels (krait_dump's "opt" stage, at O3) ---- */

/* The text of the basic block `label` (up to the next blank line) in ir, or "" . */
static char *block_text(const char *ir, const char *label) {
  const char *p = strstr(ir, label);
  if (!p) p = "";
  const char *end = strstr(p, "\n\n");
  size_t n = end ? (size_t)(end - p) : strlen(p);
  char *s = malloc(n + 1);
  memcpy(s, p, n);
  s[n] = 0;
  return s;
}

static char *dump_opt(const char *name, const char *sig) {
  KraitType types[8];
  int n = krait_parse_signature(sig, types, 8);
  char *text = krait_dump(m, name, types, n, "opt");
  cr_assert_not_null(text, "%s", krait_module_diagnostics(m));
  return text;
}

Test(arrays, sum_of_squares_has_no_bounds_check) {
  char *ir = dump_opt("sumsq", "(f64[::1])");
  cr_expect_null(strstr(ir, "krait_rt_raise_index"), "%s", ir);
  krait_free(ir);
}

Test(arrays, sum_of_squares_vectorizes_with_fastmath) {
  static const char fast[] = "from krait import jit\n"
                             "@jit(fastmath=True)\n"
                             "def sumsq(a) -> float:\n"
                             "    s = 0.0\n"
                             "    for i in range(len(a)):\n"
                             "        s += a[i] * a[i]\n"
                             "    return s\n";
  KraitModule *fm = krait_compile(rt, "fast.py", fast, -1, NULL);
  KraitType t[] = {{KRAIT_TY_ARRAY, KRAIT_TY_F64, 1, 1}};
  char *ir = krait_dump(fm, "sumsq", t, 1, "opt");
  cr_assert_not_null(ir, "%s", krait_module_diagnostics(fm));
  char *body = block_text(ir, "vector.body:");
  cr_expect(strstr(body, "fmul fast <4 x double>") || strstr(body, "fmul fast <8 x double>"), "%s", ir);
  cr_expect_null(strstr(ir, "krait_rt_raise_index"), "%s", ir);
  free(body);
  krait_free(ir);
  krait_module_free(fm);
}

Test(arrays, saxpy_vectorizes_without_checks_in_the_vector_loop) {
  char *ir = dump_opt("saxpy", "(float, f64[::1], f64[::1])");
  char *body = block_text(ir, "vector.body:");
  cr_expect(strstr(body, "x double>"), "no vector loop:\n%s", ir);
  cr_expect(strstr(body, "fmul <4 x double>") || strstr(body, "fmul <8 x double>"), "%s", body);
  cr_expect_null(strstr(body, "index.error"), "%s", body);
  cr_expect_null(strstr(body, "krait_rt_raise_index"), "%s", body);
  free(body);
  krait_free(ir);
}

/* backend/optimize.c runs loop-data-prefetch at O3: the vector loop prefetches its two input
 * streams (a read prefetch, i32 0, per cache line); the scalar loop after it prefetches nothing. */
Test(arrays, saxpy_prefetches_its_streams) {
  char *ir = dump_opt("saxpy", "(float, f64[::1], f64[::1])");
  char *body = block_text(ir, "vector.body:");
  int prefetches = 0;
  for (const char *p = body; (p = strstr(p, "call void @llvm.prefetch.p0(ptr")); p++) prefetches++;
  cr_expect_geq(prefetches, 2, "%s", body);
  cr_expect(strstr(body, "i32 0, i32 3, i32 1)"), "%s", body);
  int total = 0;
  for (const char *p = ir; (p = strstr(p, "call void @llvm.prefetch.p0(ptr")); p++) total++;
  cr_expect_eq(total, prefetches, "prefetches outside the vector loop:\n%s", ir);
  free(body);
  krait_free(ir);
}
