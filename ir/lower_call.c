/* lower_call.c: lowering of calls. Calls to functions of the module specialize the callee on the
 * argument types; builtins (abs, min, max, int, float, bool, round, pow) and the math library
 * (math.*, numpy scalar functions) lower to IR operations with Python's semantics. */
#include "ir_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

Sym lower_resolve_callee(Lower *L, const Expr *func) {
  Sym none = {0};
  none.kind = SYM_NONE;
  if (func->kind == EXPR_NAME) {
    const char *name = func->u.name;
    if (func_local_index(L->s->info, name) >= 0) {
      lx_error(L, func->span, "'%s' is a local variable, not a function", name);
      return none;
    }
    Sym sym = resolve_global(L->b, L->s, name);
    switch (sym.kind) {
    case SYM_USERFN:
    case SYM_INTRINSIC:
      if (!sym.display) sym.display = name;
      return sym;
    case SYM_NONE: lx_error(L, func->span, "undefined name '%s'", name); return none;
    case SYM_MODULE: lx_error(L, func->span, "module '%s' is not callable", name); return none;
    default: lx_error(L, func->span, "'%s' is not callable", name); return none;
    }
  }
  if (func->kind == EXPR_ATTR && func->u.attr.value->kind == EXPR_NAME &&
      func_local_index(L->s->info, func->u.attr.value->u.name) < 0) {
    const Expr *v = func->u.attr.value;
    Sym mod = resolve_global(L->b, L->s, v->u.name);
    if (mod.kind == SYM_MODULE) {
      if (!is_supported_module(mod.module)) {
        lx_error(L, v->span, "module '%s' is not supported", mod.module);
        return none;
      }
      Sym sym = resolve_module_attr(mod.module, func->u.attr.attr);
      if (sym.kind == SYM_INTRINSIC) {
        sym.display = span_text(L->b, func->span);
        return sym;
      }
      if (sym.kind == SYM_LIBCONST)
        lx_error(L, func->span, "'%s' is not callable", span_text(L->b, func->span));
      else
        lx_error(L, func->u.attr.attr_span, "module '%s' has no function '%s'", mod.module, func->u.attr.attr);
      return none;
    }
    if (mod.kind == SYM_NONE) {
      lx_error(L, v->span, "undefined name '%s'", v->u.name);
      return none;
    }
  }
  lx_error(L, func->span, "calls of '%s' are not supported", span_text(L->b, func->span));
  return none;
}

/* Lowers the positional arguments; false (reported) on starred or keyword arguments. */
static bool lower_args(Lower *L, const Expr *e, const char *fname, Val *vals, bool arrays) {
  const ExprVec *args = &e->u.call.args;
  bool ok = true;
  if (e->u.call.keywords.len > 0) {
    lx_error(L, e->u.call.keywords.data[0].span, "keyword arguments are not supported (in the call to %s())", fname);
    ok = false;
  }
  for (int i = 0; i < args->len; i++) {
    if (args->data[i]->kind == EXPR_STARRED) {
      lx_error(L, args->data[i]->span, "starred arguments are not supported");
      ok = false;
      continue;
    }
    vals[i] = lower_expr(L, args->data[i]);
    if (is_known(vals[i]) && !type_is_numeric(vals[i].type) && !(arrays && type_is_array(vals[i].type))) {
      char b1[32];
      lx_error(L, args->data[i]->span, "argument %d of %s() must be a number, not %s", i + 1, fname,
               type_name(vals[i].type, b1));
      vals[i] = val_unknown();
    }
    if (!is_known(vals[i])) ok = false;
  }
  return ok;
}

static Val lower_user_call(Lower *L, const Expr *e, ModuleFunc *mf) {
  int n = e->u.call.args.len;
  Val *vals = arena_array(L->arena, Val, n > 0 ? n : 1);
  Type *types = arena_array(L->arena, Type, n > 0 ? n : 1);
  if (!lower_args(L, e, mf->name, vals, true)) return val_unknown();
  for (int i = 0; i < n; i++) types[i] = vals[i].type;
  Spec *callee = spec_get(L->b, mf, types, n, e->span, L->final);
  if (!callee) {
    L->poisoned = true;
    return val_unknown();
  }
  bool ok = true;
  for (int i = 0; i < n; i++) {
    Type p = callee->params[i];
    if (type_eq(type_ir(vals[i].type), p)) {
      vals[i].type = p; /* a NumPy int64 or float64 passes as a Python int or float */
      continue;
    }
    if (type_converts_implicitly(vals[i].type, p) && p.kind != TY_BOOL) {
      vals[i] = convert(L, vals[i], p, e->u.call.args.data[i]->span);
    } else {
      char b1[32], b2[32];
      lx_error(L, e->u.call.args.data[i]->span, "argument %d of %s() must be %s, not %s", i + 1, mf->name,
               type_name(p, b1), type_name(vals[i].type, b2));
      ok = false;
    }
  }
  if (!ok) return val_unknown();
  if (callee->ret.kind == TY_UNKNOWN) {
    /* Still being inferred (recursion), or the callee has an error: lowering it reports. */
    if (L->final) {
      L->poisoned = true;
      spec_func_index(L->b, callee);
    }
    return val_unknown();
  }
  uint32_t index = L->final ? spec_func_index(L->b, callee) : 0;
  uint32_t first = (uint32_t)L->fn->call_args.len;
  for (int i = 0; i < n; i++) vec_push(L->arena, &L->fn->call_args, vals[i].id);
  Val r = emit3(L, IR_CALL, callee->ret, val_unknown(), val_unknown(), val_unknown(), e->span);
  IrInst *inst = &vec_last(&L->cur->insts);
  inst->a = index;
  inst->b = first;
  inst->c = (uint32_t)n;
  return r;
}

static const char *arity_text(Lower *L, const Intrinsic *fn) {
  if (fn->min_args == fn->max_args)
    return arena_printf(L->arena, "exactly %d argument%s", fn->min_args, fn->min_args == 1 ? "" : "s");
  if (fn->max_args == INT32_MAX) return arena_printf(L->arena, "at least %d arguments", fn->min_args);
  return arena_printf(L->arena, "%d to %d arguments", fn->min_args, fn->max_args);
}

/* float("inf"), float("nan"), float("1.5"): a string literal argument folds to a constant. */
static bool float_of_string(const char *s, double *out) {
  while (*s == ' ' || *s == '\t' || *s == '\n') s++;
  const char *p = s;
  if (*p == '+' || *p == '-') p++;
  if (strcasecmp(p, "inf") == 0 || strcasecmp(p, "infinity") == 0) {
    *out = *s == '-' ? -INFINITY : INFINITY;
    return true;
  }
  if (strcasecmp(p, "nan") == 0) {
    *out = NAN;
    return true;
  }
  char *end;
  *out = strtod(s, &end);
  if (end == s) return false;
  while (*end == ' ' || *end == '\t' || *end == '\n') end++;
  return *end == 0;
}

static Val to_float(Lower *L, Val v, Span sp) { return convert(L, v, TYPE_FLOAT, sp); }

/* IR_MATH of one or two operands of float type t (b unknown for one). */
static Val emit_math_typed(Lower *L, MathFn f, Type t, Val a, Val b, Span sp) {
  Val r = b.id == IR_NO_VALUE ? emit1(L, IR_MATH, t, a, sp) : emit2(L, IR_MATH, t, a, b, sp);
  vec_last(&L->cur->insts).aux = (uint8_t)f;
  return r;
}

/* IR_MATH of one or two float operands (b unknown for one). */
static Val emit_math(Lower *L, MathFn f, Val a, Val b, Span sp) {
  Val r = b.id == IR_NO_VALUE ? emit1(L, IR_MATH, TYPE_FLOAT, a, sp) : emit2(L, IR_MATH, TYPE_FLOAT, a, b, sp);
  vec_last(&L->cur->insts).aux = (uint8_t)f;
  return r;
}

/* min/max: Python's loop, `if item < best: best = item` (max: `>`), so NaN and ties keep the
 * first; mixed types compare and return in the promoted type. */
static Val lower_minmax(Lower *L, const Expr *e, Val *vals, int n, bool is_min) {
  Type t = vals[0].type;
  for (int i = 1; i < n; i++)
    if (!type_eq(vals[i].type, t)) t = type_promote(t, vals[i].type);
  Type cmp_type = t.kind == TY_BOOL ? TYPE_INT : t;
  Val best = convert(L, vals[0], t, e->span);
  for (int i = 1; i < n; i++) {
    Span sp = e->u.call.args.data[i]->span;
    Val x = convert(L, vals[i], t, sp);
    Val c = emit_cmp(L, is_min ? CMP_LT : CMP_GT, convert(L, x, cmp_type, sp), convert(L, best, cmp_type, sp), e->span);
    best = emit3(L, IR_SELECT, t, c, x, best, e->span);
  }
  return best;
}

static Val lower_intrinsic(Lower *L, const Expr *e, Sym sym) {
  const Intrinsic *fn = sym.fn;
  const char *name = sym.display ? sym.display : fn->name;
  Span sp = e->span;
  int n = e->u.call.args.len;
  if (fn->kind == FN_UNSUPPORTED) {
    lx_error(L, e->u.call.func->span, "%s() is not supported", name);
    return val_unknown();
  }
  if (fn->kind == FN_RANGE) {
    lx_error(L, sp, "range() is only supported as the iterable of a for loop");
    return val_unknown();
  }
  if (fn->kind == FN_DIVMOD) {
    lx_error(L, sp, "divmod() is only supported as the value of an assignment such as 'q, r = divmod(a, b)'");
    return val_unknown();
  }
  if (n < fn->min_args || n > fn->max_args) {
    lx_error(L, sp, "%s() takes %s but %d %s given", name, arity_text(L, fn), n, n == 1 ? "was" : "were");
    return val_unknown();
  }
  if (fn->kind == FN_FLOAT && n == 1 && e->u.call.args.data[0]->kind == EXPR_STRING) {
    double f;
    if (float_of_string(e->u.call.args.data[0]->u.str, &f)) return emit_const_float(L, f, sp);
    lx_error(L, e->u.call.args.data[0]->span, "could not convert string to float: '%s'", e->u.call.args.data[0]->u.str);
    return val_unknown();
  }
  /* round(x, None) is round(x). */
  if (fn->kind == FN_ROUND && n == 2 && e->u.call.args.data[1]->kind == EXPR_NONE) n = 1;
  Val vals[3] = {val_unknown(), val_unknown(), val_unknown()};
  Val *vs = n <= 3 ? vals : arena_array(L->arena, Val, n);
  Expr one_arg = *e;
  one_arg.u.call.args.len = n;
  if (!lower_args(L, &one_arg, name, vs, fn->kind == FN_LEN)) return val_unknown();
  Val x = vs[0];
  if (fn->kind == FN_LEN) {
    if (type_is_array(x.type)) return lower_len(L, x, sp);
    char b1[32];
    lx_error(L, e->u.call.args.data[0]->span, "len() of a value of type %s is not supported (only of arrays)",
             type_name(x.type, b1));
    return val_unknown();
  }
  switch (fn->kind) {
  case FN_ABS:
    if (type_is_float(x.type)) return emit_math(L, MATH_FABS, x, val_unknown(), sp);
    {
      /* A NumPy integer keeps its type and wraps at its width (abs(int8(-128)) is -128); an
       * unsigned one and a NumPy bool are their own absolute value; a Python bool becomes an int. */
      if (type_is_unsigned(x.type) || (x.type.kind == TY_BOOL && type_is_strong(x.type))) return x;
      Type t = type_is_int(x.type) ? x.type : TYPE_INT;
      x = convert(L, x, t, sp);
      Val neg = emit1(L, IR_INEG, t, x, sp);
      Val lt = emit_cmp(L, CMP_LT, x, emit_const_int(L, t, 0, sp), sp);
      return emit3(L, IR_SELECT, t, lt, neg, x, sp);
    }
  case FN_MIN:
  case FN_MAX: return lower_minmax(L, e, vs, n, fn->kind == FN_MIN);
  case FN_INT:
    if (type_is_float(x.type)) return emit1(L, IR_F2I, TYPE_INT, x, sp);
    return convert(L, x, TYPE_INT, sp);
  case FN_FLOAT: return to_float(L, x, sp);
  case FN_BOOL: return convert(L, x, TYPE_BOOL, sp);
  case FN_ROUND:
    if (n == 1) {
      if (!type_is_float(x.type)) return convert(L, x, TYPE_INT, sp);
      Val r = emit_math(L, MATH_ROUNDEVEN, x, val_unknown(), sp);
      return emit1(L, IR_F2I, TYPE_INT, r, sp);
    }
    if (type_is_float(vs[1].type)) {
      lx_error(L, e->u.call.args.data[1]->span, "'float' object cannot be interpreted as an integer");
      return val_unknown();
    }
    {
      Type t = type_is_float(x.type) ? TYPE_FLOAT : TYPE_INT;
      return emit2(L, IR_ROUNDN, t, convert(L, x, t, sp), convert(L, vs[1], TYPE_INT, sp), sp);
    }
  case FN_POW:
    if (n == 2) return lower_binop_vals(L, BIN_POW, x, vs[1], e->u.call.args.data[1], sp);
    for (int i = 0; i < 3; i++) {
      if (type_is_float(vs[i].type)) {
        lx_error(L, sp, "pow() 3rd argument not allowed unless all arguments are integers");
        return val_unknown();
      }
    }
    return emit3(L, IR_IPOWMOD, TYPE_INT, convert(L, vs[0], TYPE_INT, sp), convert(L, vs[1], TYPE_INT, sp),
                 convert(L, vs[2], TYPE_INT, sp), sp);
  case FN_MATH1:
  case FN_MATH2: {
    /* NumPy's functions keep float32 (NEP 50: numpy.sqrt of an f32 is an f32; a Python float
     * with an f32 is an f32); math's return a Python float. */
    Type t = TYPE_FLOAT;
    bool numpy = sym.module && strcmp(sym.module, "numpy") == 0;
    if (numpy && x.type.kind == TY_F32 && (fn->kind == FN_MATH1 || type_promote(x.type, vs[1].type).kind == TY_F32))
      t = type_strong(TY_F32);
    Val a = convert(L, x, t, sp), b = fn->kind == FN_MATH2 ? convert(L, vs[1], t, sp) : val_unknown();
    return emit_math_typed(L, (MathFn)fn->aux, t, a, b, sp);
  }
  case FN_TOINT:
    if (!type_is_float(x.type)) return convert(L, x, TYPE_INT, sp);
    if (fn->aux != MATH_TRUNC) x = emit_math(L, (MathFn)fn->aux, x, val_unknown(), sp);
    return emit1(L, IR_F2I, TYPE_INT, x, sp);
  case FN_LOG: {
    Val r = emit_math(L, MATH_LOG, to_float(L, x, sp), val_unknown(), sp);
    if (n == 1) return r;
    Val base = emit_math(L, MATH_LOG, to_float(L, vs[1], sp), val_unknown(), sp);
    return emit2(L, IR_FDIV, TYPE_FLOAT, r, base, sp);
  }
  case FN_ISNAN: {
    Val f = to_float(L, x, sp);
    return emit_cmp(L, CMP_NE, f, f, sp);
  }
  case FN_ISINF:
  case FN_ISFINITE: {
    Val a = emit_math(L, MATH_FABS, to_float(L, x, sp), val_unknown(), sp);
    return emit_cmp(L, fn->kind == FN_ISINF ? CMP_EQ : CMP_LT, a, emit_const_float(L, INFINITY, sp), sp);
  }
  case FN_FPOW: return emit2(L, IR_FPOW, TYPE_FLOAT, to_float(L, x, sp), to_float(L, vs[1], sp), sp);
  case FN_DEGREES:
  case FN_RADIANS: {
    double k = fn->kind == FN_DEGREES ? 180.0 / 3.141592653589793 : 3.141592653589793 / 180.0;
    return emit2(L, IR_FMUL, TYPE_FLOAT, to_float(L, x, sp), emit_const_float(L, k, sp), sp);
  }
  default: break;
  }
  return val_unknown();
}

Val lower_call(Lower *L, const Expr *e) {
  Sym sym = lower_resolve_callee(L, e->u.call.func);
  switch (sym.kind) {
  case SYM_USERFN: return lower_user_call(L, e, sym.mf);
  case SYM_INTRINSIC: return lower_intrinsic(L, e, sym);
  default: return val_unknown();
  }
}
