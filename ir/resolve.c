/* resolve.c: name resolution. Which names of a function are locals (Python's rule: every name
 * the body binds, plus the parameters), its function-scope imports, what a non-local name denotes
 * (module constant, module function, imported module or function, builtin), the builtin and
 * library function tables, and type annotations. */
#include "ir_internal.h"

#include <limits.h>
#include <math.h>
#include <string.h>

/* ------------------------------------------------------------------ intrinsic tables */

#define MANY INT_MAX
static const Intrinsic builtin_fns[] = {
    {"abs", FN_ABS, 0, 1, 1},         {"min", FN_MIN, 0, 2, MANY},   {"max", FN_MAX, 0, 2, MANY},
    {"int", FN_INT, 0, 1, 1},         {"float", FN_FLOAT, 0, 1, 1},  {"bool", FN_BOOL, 0, 1, 1},
    {"round", FN_ROUND, 0, 1, 2},     {"pow", FN_POW, 0, 2, 3},      {"divmod", FN_DIVMOD, 0, 2, 2},
    {"range", FN_RANGE, 0, 1, 3},
    {"print", FN_UNSUPPORTED, 0, 0, 0}, {"len", FN_LEN, 0, 1, 1},
    {"sum", FN_UNSUPPORTED, 0, 0, 0},   {"list", FN_UNSUPPORTED, 0, 0, 0},
    {"tuple", FN_UNSUPPORTED, 0, 0, 0}, {"dict", FN_UNSUPPORTED, 0, 0, 0},
    {"set", FN_UNSUPPORTED, 0, 0, 0},   {"str", FN_UNSUPPORTED, 0, 0, 0},
    {"enumerate", FN_UNSUPPORTED, 0, 0, 0}, {"zip", FN_UNSUPPORTED, 0, 0, 0},
    {"sorted", FN_UNSUPPORTED, 0, 0, 0}, {"reversed", FN_UNSUPPORTED, 0, 0, 0},
    {"map", FN_UNSUPPORTED, 0, 0, 0},   {"filter", FN_UNSUPPORTED, 0, 0, 0},
    {"any", FN_UNSUPPORTED, 0, 0, 0},   {"all", FN_UNSUPPORTED, 0, 0, 0},
    {"isinstance", FN_UNSUPPORTED, 0, 0, 0}, {"type", FN_UNSUPPORTED, 0, 0, 0},
    {"input", FN_UNSUPPORTED, 0, 0, 0}, {"open", FN_UNSUPPORTED, 0, 0, 0},
    {"iter", FN_UNSUPPORTED, 0, 0, 0},  {"next", FN_UNSUPPORTED, 0, 0, 0},
    {"hash", FN_UNSUPPORTED, 0, 0, 0},  {"id", FN_UNSUPPORTED, 0, 0, 0},
    {"repr", FN_UNSUPPORTED, 0, 0, 0},  {"chr", FN_UNSUPPORTED, 0, 0, 0},
    {"ord", FN_UNSUPPORTED, 0, 0, 0},   {"hex", FN_UNSUPPORTED, 0, 0, 0},
    {"bin", FN_UNSUPPORTED, 0, 0, 0},   {"oct", FN_UNSUPPORTED, 0, 0, 0},
    {"format", FN_UNSUPPORTED, 0, 0, 0}, {"complex", FN_UNSUPPORTED, 0, 0, 0},
    {"bytes", FN_UNSUPPORTED, 0, 0, 0}, {"getattr", FN_UNSUPPORTED, 0, 0, 0},
    {"setattr", FN_UNSUPPORTED, 0, 0, 0}, {"callable", FN_UNSUPPORTED, 0, 0, 0},
    {"super", FN_UNSUPPORTED, 0, 0, 0}, {"object", FN_UNSUPPORTED, 0, 0, 0},
    {"slice", FN_UNSUPPORTED, 0, 0, 0}, {"exec", FN_UNSUPPORTED, 0, 0, 0},
    {"eval", FN_UNSUPPORTED, 0, 0, 0},
};

static const Intrinsic math_fns[] = {
    {"sqrt", FN_MATH1, MATH_SQRT, 1, 1},     {"exp", FN_MATH1, MATH_EXP, 1, 1},
    {"log", FN_LOG, MATH_LOG, 1, 2},         {"log2", FN_MATH1, MATH_LOG2, 1, 1},
    {"log10", FN_MATH1, MATH_LOG10, 1, 1},   {"log1p", FN_MATH1, MATH_LOG1P, 1, 1},
    {"expm1", FN_MATH1, MATH_EXPM1, 1, 1},   {"sin", FN_MATH1, MATH_SIN, 1, 1},
    {"cos", FN_MATH1, MATH_COS, 1, 1},       {"tan", FN_MATH1, MATH_TAN, 1, 1},
    {"asin", FN_MATH1, MATH_ASIN, 1, 1},     {"acos", FN_MATH1, MATH_ACOS, 1, 1},
    {"atan", FN_MATH1, MATH_ATAN, 1, 1},     {"sinh", FN_MATH1, MATH_SINH, 1, 1},
    {"cosh", FN_MATH1, MATH_COSH, 1, 1},     {"tanh", FN_MATH1, MATH_TANH, 1, 1},
    {"asinh", FN_MATH1, MATH_ASINH, 1, 1},   {"acosh", FN_MATH1, MATH_ACOSH, 1, 1},
    {"atanh", FN_MATH1, MATH_ATANH, 1, 1},   {"atan2", FN_MATH2, MATH_ATAN2, 2, 2},
    {"floor", FN_TOINT, MATH_FLOOR, 1, 1},   {"ceil", FN_TOINT, MATH_CEIL, 1, 1},
    {"trunc", FN_TOINT, MATH_TRUNC, 1, 1},   {"fabs", FN_MATH1, MATH_FABS, 1, 1},
    {"hypot", FN_MATH2, MATH_HYPOT, 2, 2},   {"copysign", FN_MATH2, MATH_COPYSIGN, 2, 2},
    {"fmod", FN_MATH2, MATH_FMOD, 2, 2},     {"erf", FN_MATH1, MATH_ERF, 1, 1},
    {"erfc", FN_MATH1, MATH_ERFC, 1, 1},     {"gamma", FN_MATH1, MATH_GAMMA, 1, 1},
    {"lgamma", FN_MATH1, MATH_LGAMMA, 1, 1}, {"isnan", FN_ISNAN, 0, 1, 1},
    {"isinf", FN_ISINF, 0, 1, 1},            {"isfinite", FN_ISFINITE, 0, 1, 1},
    {"pow", FN_FPOW, 0, 2, 2},               {"degrees", FN_DEGREES, 0, 1, 1},
    {"radians", FN_RADIANS, 0, 1, 1},
    {"factorial", FN_UNSUPPORTED, 0, 0, 0},  {"gcd", FN_UNSUPPORTED, 0, 0, 0},
    {"lcm", FN_UNSUPPORTED, 0, 0, 0},        {"comb", FN_UNSUPPORTED, 0, 0, 0},
    {"perm", FN_UNSUPPORTED, 0, 0, 0},       {"isqrt", FN_UNSUPPORTED, 0, 0, 0},
    {"fsum", FN_UNSUPPORTED, 0, 0, 0},       {"prod", FN_UNSUPPORTED, 0, 0, 0},
    {"dist", FN_UNSUPPORTED, 0, 0, 0},       {"isclose", FN_UNSUPPORTED, 0, 0, 0},
    {"frexp", FN_UNSUPPORTED, 0, 0, 0},      {"ldexp", FN_UNSUPPORTED, 0, 0, 0},
    {"modf", FN_UNSUPPORTED, 0, 0, 0},       {"remainder", FN_UNSUPPORTED, 0, 0, 0},
    {"exp2", FN_UNSUPPORTED, 0, 0, 0},       {"cbrt", FN_UNSUPPORTED, 0, 0, 0},
    {"nextafter", FN_UNSUPPORTED, 0, 0, 0},  {"ulp", FN_UNSUPPORTED, 0, 0, 0},
};

static const Intrinsic numpy_fns[] = {
    {"sqrt", FN_MATH1, MATH_SQRT, 1, 1},      {"exp", FN_MATH1, MATH_EXP, 1, 1},
    {"log", FN_MATH1, MATH_LOG, 1, 1},        {"log2", FN_MATH1, MATH_LOG2, 1, 1},
    {"log10", FN_MATH1, MATH_LOG10, 1, 1},    {"log1p", FN_MATH1, MATH_LOG1P, 1, 1},
    {"expm1", FN_MATH1, MATH_EXPM1, 1, 1},    {"sin", FN_MATH1, MATH_SIN, 1, 1},
    {"cos", FN_MATH1, MATH_COS, 1, 1},        {"tan", FN_MATH1, MATH_TAN, 1, 1},
    {"arcsin", FN_MATH1, MATH_ASIN, 1, 1},    {"arccos", FN_MATH1, MATH_ACOS, 1, 1},
    {"arctan", FN_MATH1, MATH_ATAN, 1, 1},    {"sinh", FN_MATH1, MATH_SINH, 1, 1},
    {"cosh", FN_MATH1, MATH_COSH, 1, 1},      {"tanh", FN_MATH1, MATH_TANH, 1, 1},
    {"arcsinh", FN_MATH1, MATH_ASINH, 1, 1},  {"arccosh", FN_MATH1, MATH_ACOSH, 1, 1},
    {"arctanh", FN_MATH1, MATH_ATANH, 1, 1},  {"arctan2", FN_MATH2, MATH_ATAN2, 2, 2},
    {"floor", FN_MATH1, MATH_FLOOR, 1, 1},    {"ceil", FN_MATH1, MATH_CEIL, 1, 1},
    {"trunc", FN_MATH1, MATH_TRUNC, 1, 1},    {"fabs", FN_MATH1, MATH_FABS, 1, 1},
    {"hypot", FN_MATH2, MATH_HYPOT, 2, 2},    {"copysign", FN_MATH2, MATH_COPYSIGN, 2, 2},
    {"fmod", FN_MATH2, MATH_FMOD, 2, 2},      {"abs", FN_ABS, 0, 1, 1},
    {"absolute", FN_ABS, 0, 1, 1},            {"float64", FN_FLOAT, 0, 1, 1},
    {"int64", FN_INT, 0, 1, 1},               {"bool_", FN_BOOL, 0, 1, 1},
    {"isnan", FN_ISNAN, 0, 1, 1},             {"isinf", FN_ISINF, 0, 1, 1},
    {"isfinite", FN_ISFINITE, 0, 1, 1},       {"degrees", FN_DEGREES, 0, 1, 1},
    {"radians", FN_RADIANS, 0, 1, 1},         {"rad2deg", FN_DEGREES, 0, 1, 1},
    {"deg2rad", FN_RADIANS, 0, 1, 1},
};

typedef struct LibConst { const char *name; double value; } LibConst;

static const Intrinsic *find_intrinsic(const Intrinsic *table, size_t n, const char *name) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(table[i].name, name) == 0) return &table[i];
  return NULL;
}

static bool lib_const(const char *module, const char *name, double *out) {
  bool is_math = strcmp(module, "math") == 0, is_np = strcmp(module, "numpy") == 0;
  if (!is_math && !is_np) return false;
  if (strcmp(name, "pi") == 0) *out = 3.141592653589793;
  else if (strcmp(name, "e") == 0) *out = 2.718281828459045;
  else if (strcmp(name, "tau") == 0 && is_math) *out = 6.283185307179586;
  else if (strcmp(name, "inf") == 0) *out = INFINITY;
  else if (strcmp(name, "nan") == 0) *out = NAN;
  else return false;
  return true;
}

bool is_supported_module(const char *module) {
  return strcmp(module, "math") == 0 || strcmp(module, "numpy") == 0 || strcmp(module, "krait") == 0;
}

Sym resolve_module_attr(const char *module, const char *attr) {
  Sym sym = {0};
  sym.kind = SYM_NONE;
  sym.module = module;
  if (lib_const(module, attr, &sym.cval)) {
    sym.kind = SYM_LIBCONST;
    return sym;
  }
  const Intrinsic *fn = NULL;
  if (strcmp(module, "math") == 0)
    fn = find_intrinsic(math_fns, sizeof math_fns / sizeof *math_fns, attr);
  else if (strcmp(module, "numpy") == 0)
    fn = find_intrinsic(numpy_fns, sizeof numpy_fns / sizeof *numpy_fns, attr);
  if (fn) {
    sym.kind = SYM_INTRINSIC;
    sym.fn = fn;
  }
  return sym;
}

/* What an import binds: a module, or (from M import name) a library function or constant. */
static Sym import_sym(Build *b, const ModuleImport *imp) {
  Sym sym = {0};
  if (!imp->name) {
    sym.kind = SYM_MODULE;
    sym.module = imp->module;
    return sym;
  }
  sym = resolve_module_attr(imp->module, imp->name);
  if (sym.kind == SYM_INTRINSIC)
    sym.display = arena_printf(b->arena, "%s.%s", imp->module, imp->name);
  return sym;
}

Sym resolve_global(Build *b, const Spec *s, const char *name) {
  Sym sym = {0};
  if (s) {
    for (int i = s->info->imports.len - 1; i >= 0; i--)
      if (strcmp(s->info->imports.data[i].bound, name) == 0) return import_sym(b, &s->info->imports.data[i]);
  }
  ModuleFunc *mf = module_find_func(b->m, name);
  if (mf) {
    sym.kind = SYM_USERFN;
    sym.mf = mf;
    return sym;
  }
  ModuleConst *mc = module_find_const(b->m, name);
  if (mc) {
    sym.kind = mc->assign_count == 1 ? SYM_CONST : SYM_BADVAR;
    sym.mc = mc;
    return sym;
  }
  const ModuleImport *imp = module_find_import(b->m, name);
  if (imp) return import_sym(b, imp);
  const Intrinsic *fn = find_intrinsic(builtin_fns, sizeof builtin_fns / sizeof *builtin_fns, name);
  if (fn) {
    sym.kind = SYM_INTRINSIC;
    sym.fn = fn;
    sym.display = fn->name;
    return sym;
  }
  sym.kind = SYM_NONE;
  return sym;
}

const char *span_text(Build *b, Span sp) {
  int32_t len = sp.end - sp.start;
  if (len < 0) len = 0;
  if (len > 60) return arena_printf(b->arena, "%.57s...", b->src->text + sp.start);
  return arena_strndup(b->arena, b->src->text + sp.start, (size_t)len);
}

/* ------------------------------------------------------------------ annotations */

/* The scalar a type name denotes: Python's int, float, bool; i64 and f64 are the same as int and
 * float (weak, NEP 50); the other sized names are NumPy's types. */
static bool scalar_type_name(const char *name, Type *out) {
  static const struct { const char *name; TypeKind kind; } names[] = {
      {"int", TY_I64}, {"i64", TY_I64}, {"float", TY_F64}, {"f64", TY_F64}, {"bool", TY_BOOL},
      {"i8", TY_I8},   {"i16", TY_I16}, {"i32", TY_I32},   {"u8", TY_U8},   {"u16", TY_U16},
      {"u32", TY_U32}, {"u64", TY_U64}, {"f32", TY_F32},
  };
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    if (strcmp(names[i].name, name) == 0) {
      *out = type_of(names[i].kind);
      return true;
    }
  }
  return false;
}

/* numpy.float32, numpy.int64, numpy.bool_ ... */
static bool numpy_type_name(const char *name, Type *out) {
  static const struct { const char *name; TypeKind kind; } names[] = {
      {"float64", TY_F64}, {"float32", TY_F32}, {"int64", TY_I64},   {"int32", TY_I32},
      {"int16", TY_I16},   {"int8", TY_I8},     {"uint64", TY_U64},  {"uint32", TY_U32},
      {"uint16", TY_U16},  {"uint8", TY_U8},    {"bool_", TY_BOOL},
  };
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    if (strcmp(names[i].name, name) == 0) {
      *out = type_of(names[i].kind);
      return true;
    }
  }
  return false;
}

/* A scalar type expression: NAME, krait.NAME or numpy.NAME. */
static bool scalar_annotation(const Module *m, const Expr *e, Type *out) {
  if (e->kind == EXPR_NAME) return scalar_type_name(e->u.name, out);
  if (e->kind != EXPR_ATTR || e->u.attr.value->kind != EXPR_NAME) return false;
  const ModuleImport *imp = module_find_import(m, e->u.attr.value->u.name);
  const char *mod = imp && !imp->name ? imp->module : e->u.attr.value->u.name;
  const char *attr = e->u.attr.attr;
  if (strcmp(mod, "krait") == 0)
    return strcmp(attr, "int") != 0 && strcmp(attr, "float") != 0 && scalar_type_name(attr, out);
  if (strcmp(mod, "numpy") == 0) return numpy_type_name(attr, out);
  return false;
}

/* One dimension of an array annotation: `:` or `::1`. */
static bool dim_annotation(const Expr *e, bool *contiguous) {
  if (e->kind != EXPR_SLICE || e->u.slice.lower || e->u.slice.upper) return false;
  const Expr *step = e->u.slice.step;
  *contiguous = step != NULL;
  return !step || (step->kind == EXPR_INT && step->u.int_val == 1);
}

/* annotation := scalar | scalar "[" dim ("," dim)* "]"   dim := ":" | "::1" (last axis only) */
bool ir_parse_annotation(const Module *m, const Expr *e, Type *out, DiagList *d) {
  const char *expected = "expected int, float, bool, a sized type such as f32 or i32, or an array such as f64[:]";
  if (e->kind == EXPR_NONE) {
    *out = TYPE_NONE;
    return true;
  }
  if (scalar_annotation(m, e, out)) return true;
  if (e->kind == EXPR_SUBSCRIPT) {
    Type elem;
    if (!scalar_annotation(m, e->u.subscript.value, &elem))
      return diag_error(d, m->src, e->u.subscript.value->span, "unknown array element type '%.*s' (%s)",
                        (int)(e->u.subscript.value->span.end - e->u.subscript.value->span.start),
                        m->src->text + e->u.subscript.value->span.start, expected);
    const Expr *idx = e->u.subscript.index;
    int n = idx->kind == EXPR_TUPLE ? idx->u.tuple.items.len : 1;
    bool ok = n >= 1 && n <= KRAIT_MAX_NDIM, contiguous = false;
    for (int i = 0; i < n && ok; i++) {
      const Expr *dim = idx->kind == EXPR_TUPLE ? idx->u.tuple.items.data[i] : idx;
      bool c;
      ok = dim_annotation(dim, &c) && (!c || i == n - 1);
      contiguous = c;
    }
    if (!ok)
      return diag_error(d, m->src, e->span,
                        "unsupported array annotation '%.*s' (expected 1 to %d dimensions, each ':', "
                        "the last one may be '::1' for C-contiguous, as in f64[:, ::1])",
                        (int)(e->span.end - e->span.start), m->src->text + e->span.start, KRAIT_MAX_NDIM);
    *out = type_array((TypeKind)elem.kind, n, contiguous ? LAYOUT_C : LAYOUT_ANY);
    return true;
  }
  return diag_error(d, m->src, e->span, "unsupported type annotation '%.*s' (%s)",
                    (int)(e->span.end - e->span.start), m->src->text + e->span.start, expected);
}

/* ------------------------------------------------------------------ locals of a function */

int func_local_index(const FuncInfo *info, const char *name) {
  for (int i = 0; i < info->locals.len; i++)
    if (strcmp(info->locals.data[i].name, name) == 0) return i;
  return -1;
}

static int add_local(Build *b, FuncInfo *info, const char *name, Span span) {
  int i = func_local_index(info, name);
  if (i >= 0) return i;
  LocalDecl l = {0};
  l.name = name;
  l.span = span;
  vec_push(b->arena, &info->locals, l);
  return info->locals.len - 1;
}

static void collect_target(Build *b, FuncInfo *info, const Expr *t) {
  switch (t->kind) {
  case EXPR_NAME: add_local(b, info, t->u.name, t->span); break;
  case EXPR_TUPLE:
  case EXPR_LIST:
    for (int i = 0; i < t->u.tuple.items.len; i++) collect_target(b, info, t->u.tuple.items.data[i]);
    break;
  case EXPR_STARRED: collect_target(b, info, t->u.starred.value); break;
  default: break; /* subscripts and attributes bind no name; lowering rejects them */
  }
}

static void collect_body(Build *b, FuncInfo *info, const StmtVec *body);

static void collect_stmt(Build *b, FuncInfo *info, const Stmt *s) {
  switch (s->kind) {
  case STMT_ASSIGN:
    for (int i = 0; i < s->u.assign.targets.len; i++) collect_target(b, info, s->u.assign.targets.data[i]);
    break;
  case STMT_AUGASSIGN: collect_target(b, info, s->u.augassign.target); break;
  case STMT_ANNASSIGN: {
    const Expr *t = s->u.annassign.target;
    if (t->kind != EXPR_NAME) break;
    int i = add_local(b, info, t->u.name, t->span);
    Type ty;
    if (!ir_parse_annotation(b->m, s->u.annassign.annotation, &ty, b->d)) {
      info->ok = false;
      break;
    }
    LocalDecl *l = &info->locals.data[i];
    if (ty.kind == TY_NONE) {
      info->ok = diag_error(b->d, b->src, s->u.annassign.annotation->span,
                            "a variable cannot be declared None (expected int, float or bool)");
    } else if (l->declared && !type_eq(l->decl_type, ty)) {
      char b1[32], b2[32];
      int line, col;
      source_line_col(b->src, l->decl_span.start, &line, &col);
      info->ok = diag_error(b->d, b->src, s->u.annassign.annotation->span,
                            "conflicting declarations for '%s': %s here, %s at line %d", l->name,
                            type_name(ty, b1), type_name(l->decl_type, b2), line);
      diag_note(b->d, b->src, l->decl_span, "'%s' is first declared here", l->name);
    } else if (!l->declared) {
      l->declared = true;
      l->decl_type = ty;
      l->decl_span = s->u.annassign.annotation->span;
    }
    break;
  }
  case STMT_IF:
    collect_body(b, info, &s->u.if_.then);
    collect_body(b, info, &s->u.if_.orelse);
    break;
  case STMT_WHILE:
    collect_body(b, info, &s->u.while_.body);
    collect_body(b, info, &s->u.while_.orelse);
    break;
  case STMT_FOR:
    collect_target(b, info, s->u.for_.target);
    collect_body(b, info, &s->u.for_.body);
    collect_body(b, info, &s->u.for_.orelse);
    break;
  case STMT_IMPORT:
    for (int i = 0; i < s->u.import.names.len; i++) {
      const ImportName *n = &s->u.import.names.data[i];
      ModuleImport imp = {0};
      imp.module = n->name;
      imp.span = n->span;
      if (n->asname) {
        imp.bound = n->asname;
      } else {
        const char *dot = strchr(n->name, '.');
        imp.bound = dot ? arena_strndup(b->arena, n->name, (size_t)(dot - n->name)) : n->name;
        if (dot) imp.module = imp.bound;
      }
      vec_push(b->arena, &info->imports, imp);
    }
    break;
  case STMT_IMPORTFROM:
    for (int i = 0; i < s->u.import.names.len; i++) {
      const ImportName *n = &s->u.import.names.data[i];
      if (strcmp(n->name, "*") == 0 || !s->u.import.module) continue; /* rejected when lowered */
      ModuleImport imp = {0};
      imp.module = s->u.import.module;
      imp.name = n->name;
      imp.bound = n->asname ? n->asname : n->name;
      imp.span = n->span;
      vec_push(b->arena, &info->imports, imp);
    }
    break;
  default: break;
  }
}

static void collect_body(Build *b, FuncInfo *info, const StmtVec *body) {
  for (int i = 0; i < body->len; i++) collect_stmt(b, info, body->data[i]);
}

FuncInfo *func_info_get(Build *b, ModuleFunc *mf) {
  for (int i = 0; i < b->infos.len; i++)
    if (b->infos.data[i]->mf == mf) return b->infos.data[i];
  FuncInfo *info = arena_new(b->arena, FuncInfo);
  info->mf = mf;
  info->ret_decl = TYPE_UNKNOWN;
  vec_push(b->arena, &b->infos, info);
  info->def = module_parse_func(b->m, mf);
  if (!info->def) return info;
  FuncDef *def = info->def;
  info->ok = true;
  if (def->has_varargs)
    info->ok = diag_error(b->d, b->src, def->varargs_span,
                          "*args, **kwargs, keyword-only and positional-only parameters are not supported");
  info->nparams = def->params.len;
  for (int i = 0; i < def->params.len; i++) {
    const Param *p = &def->params.data[i];
    if (func_local_index(info, p->name) >= 0)
      info->ok = diag_error(b->d, b->src, p->span, "duplicate parameter '%s'", p->name);
    LocalDecl l = {0};
    l.name = p->name;
    l.span = p->span;
    l.is_param = true;
    if (p->annotation) {
      Type t;
      if (!ir_parse_annotation(b->m, p->annotation, &t, b->d)) {
        info->ok = false;
      } else if (t.kind == TY_NONE) {
        info->ok = diag_error(b->d, b->src, p->annotation->span,
                              "parameter '%s' cannot be annotated None (expected int, float or bool)", p->name);
      } else {
        l.declared = true;
        l.decl_type = t;
        l.decl_span = p->annotation->span;
      }
    }
    if (p->default_value)
      info->ok = diag_error(b->d, b->src, p->default_value->span,
                            "default parameter values are not supported (parameter '%s')", p->name);
    vec_push(b->arena, &info->locals, l);
  }
  if (def->returns && !ir_parse_annotation(b->m, def->returns, &info->ret_decl, b->d)) {
    info->ok = false;
    info->ret_decl = TYPE_UNKNOWN;
  }
  collect_body(b, info, &def->body);
  return info;
}

int ir_declared_signature(Module *m, const char *name, Type *types, int max, Type *ret, DiagList *d) {
  *ret = TYPE_UNKNOWN;
  ModuleFunc *mf = module_find_func(m, name);
  if (!mf) {
    Span none = {-1, -1};
    diag_error(d, m->src, none, "no function named '%s' in %s", name, m->src->name);
    return -1;
  }
  FuncDef *def = module_parse_func(m, mf);
  if (!def) return -1;
  bool ok = true;
  for (int i = 0; i < def->params.len; i++) {
    const Param *p = &def->params.data[i];
    Type t = TYPE_UNKNOWN;
    if (p->annotation && !ir_parse_annotation(m, p->annotation, &t, d)) ok = false;
    if (i < max) types[i] = t;
  }
  if (def->returns && !ir_parse_annotation(m, def->returns, ret, d)) ok = false;
  return ok ? def->params.len : -1;
}
