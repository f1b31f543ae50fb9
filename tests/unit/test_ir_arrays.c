/* test_ir_arrays.c: the IR stage's arrays: NumPy 2 promotion (NEP 50) against NumPy's own table,
 * annotations, lowering of indexing and its bounds checks, bounds-check elimination (which checks
 * go and which stay), array errors, and which parameters a function writes. */
#include "test_ir_common.h"

static const TypeKind kinds[] = {TY_BOOL, TY_I8, TY_I16, TY_I32, TY_I64, TY_U8,
                                 TY_U16,  TY_U32, TY_U64, TY_F32, TY_F64};
static const char *const kind_names[] = {"bool", "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "f32", "f64"};

/* numpy.promote_types over the kinds above, in that order (generated once with NumPy). */
static const char *const numpy_table[] = {
    "bool i8 i16 i32 i64 u8 u16 u32 u64 f32 f64", "i8 i8 i16 i32 i64 i16 i32 i64 f64 f32 f64",
    "i16 i16 i16 i32 i64 i16 i32 i64 f64 f32 f64", "i32 i32 i32 i32 i64 i32 i32 i64 f64 f64 f64",
    "i64 i64 i64 i64 i64 i64 i64 i64 f64 f64 f64", "u8 i16 i16 i32 i64 u8 u16 u32 u64 f32 f64",
    "u16 i32 i32 i32 i64 u16 u16 u32 u64 f32 f64", "u32 i64 i64 i64 i64 u32 u32 u32 u64 f64 f64",
    "u64 f64 f64 f64 f64 u64 u64 u64 u64 f64 f64", "f32 f32 f32 f64 f64 f32 f32 f64 f64 f32 f64",
    "f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64",
};
/* A Python int, float, bool with each kind under NEP 50 (np._set_promotion_state("weak")). */
static const char *const weak_int = "i64 i8 i16 i32 i64 u8 u16 u32 u64 f32 f64";
static const char *const weak_float = "f64 f64 f64 f64 f64 f64 f64 f64 f64 f32 f64";
static const char *const weak_bool = "bool i8 i16 i32 i64 u8 u16 u32 u64 f32 f64";

static const char *sized_name(Type t) {
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
    if (kinds[i] == t.kind) return kind_names[i];
  return "?";
}

static void expect_row(Type weak, const char *row, const char *what) {
  char got[128] = "";
  for (size_t j = 0; j < sizeof kinds / sizeof kinds[0]; j++) {
    Type r = type_promote(weak, type_strong(kinds[j]));
    cr_expect(type_is_strong(r), "%s with %s is not strong", what, kind_names[j]);
    strcat(got, j ? " " : "");
    strcat(got, sized_name(r));
  }
  cr_expect_str_eq(got, row, "%s", what);
}

Test(arrays, numpy_promotion_table) {
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
    char got[128] = "";
    for (size_t j = 0; j < sizeof kinds / sizeof kinds[0]; j++) {
      Type r = type_promote(type_strong(kinds[i]), type_strong(kinds[j]));
      strcat(got, j ? " " : "");
      strcat(got, sized_name(r));
    }
    cr_expect_str_eq(got, numpy_table[i], "row %s", kind_names[i]);
  }
  expect_row(TYPE_INT, weak_int, "int");
  expect_row(TYPE_FLOAT, weak_float, "float");
  expect_row(TYPE_BOOL, weak_bool, "bool");
  /* Two Python scalars keep Python's rules and stay weak. */
  cr_expect(type_eq(type_promote(TYPE_INT, TYPE_FLOAT), TYPE_FLOAT));
  cr_expect(type_eq(type_promote(TYPE_BOOL, TYPE_BOOL), TYPE_INT));
  cr_expect(!type_is_strong(type_promote(TYPE_INT, TYPE_INT)));
}

Test(arrays, weak_scalars_keep_the_element_type) {
  IrFixture *f = ir_build_text("def f(a, b, c):\n"
                               "    x = a[0] * 2.0\n"
                               "    y = b[0] + 1\n"
                               "    z = b[0] + c[0]\n"
                               "    w = b[0] / 2\n"
                               "    return x\n",
                               "f", "f32[:],i32[:],i64[:]");
  expect_built(f);
  expect_local(f, "x", "f32");
  expect_local(f, "y", "i32");
  expect_local(f, "z", "int");
  expect_local(f, "w", "float");
  expect_ret(f, "f32");
  expect_ir(f, "fmul");
  expect_ir(f, ": f32");
  ir_done(f);
}

Test(arrays, accumulator_takes_the_element_type) {
  /* s = 0.0; s += f32 element: NumPy keeps float32 (the weak 0.0 becomes f32) */
  IrFixture *f = ir_build_text("def f(a):\n"
                               "    s = 0.0\n"
                               "    for i in range(len(a)):\n"
                               "        s += a[i]\n"
                               "    return s\n",
                               "f", "f32[:]");
  expect_built(f);
  expect_local(f, "s", "f32");
  expect_ir(f, "fcast");
  ir_done(f);
}

Test(arrays, annotations) {
  IrFixture *f = ir_build_text("import krait\n"
                               "def f(a: f64[:], b: krait.i32[:, ::1], c: u8[:, :, :], d: f32, e: i16) -> f32:\n"
                               "    return d\n",
                               "f", "f64[:],i32[:,::1],u8[:,:,:],f32,i16");
  expect_built(f);
  expect_ir(f, "func f$f64a1.i32a2c.u8a3.f32.i16(a: f64[:], b: i32[:, ::1], c: u8[:, :, :], d: f32, e: i16) -> f32 {");
  ir_done(f);
  f = ir_build_text("def f(a: f64[::1, :]):\n"
                    "    pass\n",
                    "f", "f64[:,:]");
  expect_failed(f);
  expect_error(f, "t.py:1:10: error: unsupported array annotation 'f64[::1, :]'");
  ir_done(f);
  f = ir_build_text("def f(a: str[:]):\n"
                    "    pass\n",
                    "f", "f64[:]");
  expect_failed(f);
  expect_error(f, "unknown array element type 'str'");
  ir_done(f);
}

Test(arrays, indexing_lowers_to_checks_wraps_and_loads) {
  IrFixture *f = ir_build_text("def f(m, i, j):\n"
                               "    m[i, j] = m[i][j] + 1.0\n",
                               "f", "f64[:,:],int,int");
  expect_built(f);
  expect_ir(f, "array_dim %");
  expect_ir(f, ", 1 : int");
  expect_ir(f, "bounds_check");
  expect_ir(f, ", axis 1");
  expect_ir(f, "index_wrap");
  expect_ir(f, "array_load");
  expect_ir(f, "array_store");
  cr_expect_eq(ir_count(f, "bounds_check"), 4, "%s", f->ir);
  ir_done(f);
  /* boundscheck=False: no checks, but negative indices still wrap */
  f = ir_build_text_checked("def f(a, i):\n"
                            "    return a[i]\n",
                            "f", "f64[:],int", false);
  expect_built(f);
  expect_no_ir(f, "bounds_check");
  expect_ir(f, "index_wrap");
  ir_done(f);
}

Test(arrays, augmented_assignment_evaluates_the_index_once) {
  IrFixture *f = ir_build_text("def g() -> int:\n"
                               "    return 1\n"
                               "def f(a):\n"
                               "    a[g()] += 2\n",
                               "f", "i32[:]");
  expect_built(f);
  cr_expect_eq(ir_count(f, "call g$"), 1, "%s", f->ir);
  cr_expect_eq(ir_count(f, "bounds_check"), 1, "%s", f->ir);
  expect_ir(f, "iadd");
  ir_done(f);
}

Test(arrays, stores_convert_to_the_element_type) {
  IrFixture *f = ir_build_text("def f(a, b, c, x: float):\n"
                               "    a[0] = x\n"
                               "    b[0] = x\n"
                               "    c[0] = 3\n",
                               "f", "i32[:],bool[:],f32[:],float");
  expect_built(f);
  expect_ir(f, "f2i_sat");
  expect_ir(f, "truth");
  expect_ir(f, "i2f");
  ir_done(f);
}

Test(arrays, shape_size_ndim_len) {
  IrFixture *f = ir_build_text("def f(m) -> int:\n"
                               "    n, k = m.shape\n"
                               "    return n + k + m.shape[-1] + m.size + m.ndim + len(m)\n",
                               "f", "f64[:,:]");
  expect_built(f);
  cr_expect_eq(ir_count(f, "array_dim"), 6, "%s", f->ir);
  expect_ir(f, "const 2 : int");
  ir_done(f);
}

/* ---- bounds-check elimination ---- */

Test(bce, range_len_loses_its_check) {
  IrFixture *f = ir_build_text("def f(a) -> float:\n"
                               "    s = 0.0\n"
                               "    for i in range(len(a)):\n"
                               "        s += a[i] * a[i]\n"
                               "    return s\n",
                               "f", "f64[::1]");
  expect_built(f);
  expect_no_ir(f, "bounds_check");
  cr_expect_eq(ir_count(f, "index_wrap"), 2);
  cr_expect_eq(ir_count(f, " nonneg : int"), 2, "%s", f->ir);
  ir_done(f);
}

Test(bce, offsets_within_the_range) {
  IrFixture *f = ir_build_text("def f(a, b):\n"
                               "    n = len(a)\n"
                               "    for i in range(1, n):\n"
                               "        a[i] = a[i - 1] + a[i]\n"
                               "    for j in range(n - 1):\n"
                               "        a[j] = a[j + 1]\n"
                               "    for k in range(a.shape[0]):\n"
                               "        a[k] = 0.0\n",
                               "f", "f64[:],f64[:]");
  expect_built(f);
  expect_no_ir(f, "bounds_check");
  ir_done(f);
}

Test(bce, checks_that_stay) {
  IrFixture *f = ir_build_text("def f(a, b, m: int):\n"
                               "    n = len(a)\n"
                               "    for i in range(n):\n"
                               "        a[i] = a[i + 1]\n"       /* i + 1 reaches n */
                               "    for i in range(n):\n"
                               "        b[i] = 1.0\n"            /* b may be shorter */
                               "    for i in range(1, n):\n"
                               "        a[i - 2] = 1.0\n"        /* -1 at i = 1: wraps, nonneg unknown */
                               "    for i in range(m):\n"
                               "        a[i] = 1.0\n"            /* m is not len(a) */
                               "    for i in range(n):\n"
                               "        n = 5\n"
                               "        a[i] = 1.0\n",           /* range() read n once: no check */
                               "f", "f64[:],f64[:],int");
  expect_built(f);
  cr_expect_eq(ir_count(f, "bounds_check"), 4, "%s", f->ir);
  ir_done(f);
}

Test(bce, rebinding_the_array_or_the_variable_keeps_the_check) {
  IrFixture *f = ir_build_text("def f(a, b):\n"
                               "    for i in range(len(a)):\n"
                               "        a = b\n"
                               "        a[i] = 1.0\n"
                               "    for j in range(len(b)):\n"
                               "        j = j + 2\n"
                               "        b[j] = 1.0\n",
                               "f", "f64[:],f64[:]");
  expect_built(f);
  cr_expect_eq(ir_count(f, "bounds_check"), 2, "%s", f->ir);
  ir_done(f);
}

Test(bce, row_views_keep_inner_loops_unchecked) {
  /* The row's length is the array's axis 1: j in range(len(row)), range(m.shape[1]) or
   * range(len(m[i])) indexes the row without a check; the row itself is a[i] with i checked
   * only where it cannot be proven. */
  IrFixture *f = ir_build_text("def f(m) -> float:\n"
                               "    s = 0.0\n"
                               "    for row in m:\n"
                               "        for j in range(len(row)):\n"
                               "            s += row[j]\n"
                               "    for i in range(len(m)):\n"
                               "        r = m[i]\n"
                               "        for j in range(m.shape[1]):\n"
                               "            s += r[j]\n"
                               "        for j in range(len(m[i])):\n"
                               "            s += m[i][j]\n"
                               "    return s\n",
                               "f", "f64[:,::1]");
  expect_built(f);
  expect_ir(f, "array_view");
  expect_ir(f, ": f64[::1]");
  expect_no_ir(f, "bounds_check");
  ir_done(f);
}

Test(bce, a_row_index_out_of_the_loop_range_keeps_its_check) {
  IrFixture *f = ir_build_text("def f(m, k: int) -> float:\n"
                               "    r = m[k]\n"
                               "    return r[0]\n",
                               "f", "f64[:,:],int");
  expect_built(f);
  cr_expect_eq(ir_count(f, "bounds_check"), 2, "%s", f->ir);
  ir_done(f);
}

Test(bce, nested_loops_2d) {
  IrFixture *f = ir_build_text("def f(m) -> float:\n"
                               "    s = 0.0\n"
                               "    rows, cols = m.shape\n"
                               "    for i in range(rows):\n"
                               "        for j in range(cols):\n"
                               "            s += m[i, j]\n"
                               "    return s\n",
                               "f", "f64[:,:]");
  expect_built(f);
  expect_no_ir(f, "bounds_check");
  ir_done(f);
}

/* ---- errors ---- */

Test(arrays, errors) {
  IrFixture *f = ir_build_text("def f(a, m, x: float):\n"
                               "    y = a[1:2]\n"
                               "    m[0] = 1.0\n"
                               "    w = a[0, 1]\n"
                               "    v = a[x]\n"
                               "    u = a.shape\n"
                               "    t = a.foo\n"
                               "    return a\n",
                               "f", "f64[:],f64[:,:],float");
  expect_failed(f);
  expect_error(f, "t.py:2:11: error: slicing arrays is not supported");
  expect_error(f, "t.py:3:12: error: assigning to a row of f64[:, :] is not supported");
  expect_error(f, "t.py:4:9: error: too many indices for array: array is 1-dimensional, but 2 were indexed");
  expect_error(f, "t.py:5:11: error: array indices must be integers, not float");
  expect_error(f, "t.py:6:9: error: 'a.shape' is only supported indexed");
  expect_error(f, "t.py:7:11: error: array attribute 'foo' is not supported");
  expect_error(f, "t.py:8:12: error: returning an array is not supported");
  ir_done(f);
}

Test(arrays, writes_params) {
  IrFixture *f = ir_build_text("def g(x, y):\n"
                               "    y[0] = x[0]\n"
                               "def f(a, b, c, n: int):\n"
                               "    d = c\n"
                               "    g(a, d)\n"
                               "    return b[0]\n",
                               "f", "f64[:],f64[:],f64[:],int");
  expect_built(f);
  cr_expect_eq(f->prog->funcs.data[0]->writes_params, 4u);
  cr_expect_eq(f->prog->funcs.data[1]->writes_params, 2u);
  ir_done(f);
}

Test(arrays, c_contiguous_rows_pass_as_strided) {
  IrFixture *f = ir_build_text("def h(r: f64[:]) -> float:\n"
                               "    return r[0]\n"
                               "def f(a, b) -> float:\n"
                               "    r = a[0]\n"
                               "    if len(b) > 2:\n"
                               "        r = b\n"
                               "    return h(a[1]) + h(a) + r[0]\n",
                               "f", "f64[:,::1],f64[:]");
  expect_failed(f);
  expect_error(f, "t.py:7:24: error: argument 1 of h() must be f64[:], not f64[:, ::1]");
  ir_done(f);
  f = ir_build_text("def h(r: f64[:]) -> float:\n"
                    "    return r[0]\n"
                    "def f(a, b) -> float:\n"
                    "    r = a[0]\n"
                    "    if len(b) > 2:\n"
                    "        r = b\n"
                    "    return h(a[1]) + r[0]\n",
                    "f", "f64[:,::1],f64[:]");
  expect_built(f);
  expect_local(f, "r", "f64[:]");
  ir_done(f);
}

Test(arrays, writes_through_row_views) {
  IrFixture *f = ir_build_text("def g(r):\n"
                               "    r[0] = 1.0\n"
                               "def f(a, b, c):\n"
                               "    for row in a:\n"
                               "        row[0] = 2.0\n"
                               "    g(b[1])\n"
                               "    x = c[0]\n"
                               "    return x[0]\n",
                               "f", "f64[:,:],f64[:,:],f64[:,:]");
  expect_built(f);
  cr_expect_eq(f->prog->funcs.data[0]->writes_params, 3u);
  ir_done(f);
}

Test(arrays, numpy_functions_keep_float32) {
  IrFixture *f = ir_build_text("import math\n"
                               "import numpy as np\n"
                               "def f(a):\n"
                               "    x = np.sqrt(a[0])\n"
                               "    y = math.sqrt(a[0])\n"
                               "    z = np.arctan2(a[0], 2.0)\n"
                               "    return x\n",
                               "f", "f32[:]");
  expect_built(f);
  expect_local(f, "x", "f32");
  expect_local(f, "y", "float");
  expect_local(f, "z", "f32");
  expect_ir(f, "math sqrt");
  ir_done(f);
}

Test(arrays, python_ints_compare_exactly_with_narrow_elements) {
  IrFixture *f = ir_build_text("def f(a, n: int) -> bool:\n"
                               "    return a[0] < 300 and a[1] != n\n",
                               "f", "u8[:],int");
  expect_built(f);
  expect_ir(f, "icast");
  expect_ir(f, "icmp lt");
  expect_ir(f, "const 300 : int");
  expect_no_ir(f, "icast %10");
  ir_done(f);
}
