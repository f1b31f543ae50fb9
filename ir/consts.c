/* consts.c: module constants. Evaluates the right-hand side of `NAME = expr` at compile time with
 * Python's semantics: literals, unary and binary arithmetic, other constants, math constants
 * (and, when folding inside a function, `a.ndim` of an array local).
 * Values are bool, int (int64: overflow is an error, Python's ints are unbounded) or float. */
#include "ir_internal.h"

#include <math.h>
#include <string.h>

typedef struct ConstCtx {
  Build *b;
  const Spec *s;             /* the function whose locals shadow module names, or NULL */
  bool silent;               /* fold only: report nothing */
  const char *what;          /* "module constant 'N'" for messages */
} ConstCtx;

static bool cerr(ConstCtx *cx, Span sp, const char *fmt, const char *detail) {
  if (!cx->silent) {
    char msg[256];
    snprintf(msg, sizeof msg, fmt, detail);
    diag_error(cx->b->d, cx->b->src, sp, "%s in %s", msg, cx->what);
  }
  return false;
}

static ConstVal cv_int(int64_t i) { ConstVal v = {TYPE_INT, {.i = i}}; return v; }
static ConstVal cv_float(double f) { ConstVal v = {TYPE_FLOAT, {.f = f}}; return v; }
static ConstVal cv_bool(bool x) { ConstVal v = {TYPE_BOOL, {.i = x}}; return v; }
static double cv_as_float(ConstVal v) { return type_is_float(v.type) ? v.v.f : (double)v.v.i; }

/* Python's float floor division and modulo (Objects/floatobject.c: float_divmod). */
static void py_float_divmod(double vx, double wx, double *div_out, double *mod_out) {
  double mod = fmod(vx, wx);
  double div = (vx - mod) / wx;
  if (mod != 0.0) {
    if ((wx < 0) != (mod < 0)) {
      mod += wx;
      div -= 1.0;
    }
  } else {
    mod = copysign(0.0, wx);
  }
  double floordiv;
  if (div != 0.0) {
    floordiv = floor(div);
    if (div - floordiv > 0.5) floordiv += 1.0;
  } else {
    floordiv = copysign(0.0, vx / wx);
  }
  *div_out = floordiv;
  *mod_out = mod;
}

static bool const_expr(ConstCtx *cx, const Expr *e, ConstVal *out);

static bool const_name(ConstCtx *cx, const Expr *e, const char *name, ConstVal *out) {
  if (cx->s && func_local_index(cx->s->info, name) >= 0) return false;
  Sym sym = resolve_global(cx->b, cx->s, name);
  switch (sym.kind) {
  case SYM_CONST: return const_eval_module(cx->b, sym.mc, out); /* reports its own errors once */
  case SYM_LIBCONST: *out = cv_float(sym.cval); return true;
  case SYM_BADVAR:
    return cerr(cx, e->span, "'%s' is assigned more than once at module level and is not a constant", name);
  case SYM_NONE: return cerr(cx, e->span, "undefined name '%s'", name);
  default: return cerr(cx, e->span, "'%s' is not a numeric constant", name);
  }
}

static bool const_unary(ConstCtx *cx, const Expr *e, ConstVal *out) {
  ConstVal x;
  if (!const_expr(cx, e->u.unary.operand, &x)) return false;
  switch (e->u.unary.op) {
  case UN_NOT:
    *out = cv_bool(type_is_float(x.type) ? x.v.f == 0.0 : x.v.i == 0);
    return true;
  case UN_POS:
    *out = x.type.kind == TY_BOOL ? cv_int(x.v.i) : x;
    return true;
  case UN_NEG:
    if (type_is_float(x.type)) { *out = cv_float(-x.v.f); return true; }
    if (x.v.i == INT64_MIN) return cerr(cx, e->span, "integer overflow%s (krait ints are 64-bit)", "");
    *out = cv_int(-x.v.i);
    return true;
  case UN_INVERT:
    if (type_is_float(x.type)) return cerr(cx, e->span, "bad operand type for unary ~: '%s'", "float");
    *out = cv_int(~x.v.i);
    return true;
  }
  return false;
}

static bool int_pow(ConstCtx *cx, Span sp, int64_t base, int64_t exp, int64_t *out) {
  int64_t result = 1;
  while (exp > 0) {
    if (exp & 1) {
      if (__builtin_mul_overflow(result, base, &result))
        return cerr(cx, sp, "integer overflow%s (krait ints are 64-bit)", "");
    }
    exp >>= 1;
    if (exp > 0 && __builtin_mul_overflow(base, base, &base))
      return cerr(cx, sp, "integer overflow%s (krait ints are 64-bit)", "");
  }
  *out = result;
  return true;
}

/* Arithmetic on two constants with Python's promotion and semantics. */
static bool const_arith(ConstCtx *cx, BinOp op, ConstVal x, ConstVal y, Span sp, ConstVal *out) {
  bool both_bool = x.type.kind == TY_BOOL && y.type.kind == TY_BOOL;
  bool is_float = type_is_float(x.type) || type_is_float(y.type);
  const char *ovf = "integer overflow%s (krait ints are 64-bit)";
  if (op == BIN_MATMUL) return cerr(cx, sp, "the %s operator is not supported", "@");
  if (op == BIN_LSHIFT || op == BIN_RSHIFT || op == BIN_BITAND || op == BIN_BITOR || op == BIN_BITXOR) {
    if (is_float) return cerr(cx, sp, "unsupported operand type for %s: 'float'", binop_symbol(op));
    int64_t a = x.v.i, c = y.v.i, r = 0;
    switch (op) {
    case BIN_BITAND: r = a & c; break;
    case BIN_BITOR: r = a | c; break;
    case BIN_BITXOR: r = a ^ c; break;
    case BIN_LSHIFT:
      if (c < 0) return cerr(cx, sp, "negative shift count%s", "");
      if (a != 0 && (c >= 63 || (a << c) >> c != a)) return cerr(cx, sp, ovf, "");
      r = a == 0 ? 0 : (int64_t)((uint64_t)a << c);
      break;
    case BIN_RSHIFT:
      if (c < 0) return cerr(cx, sp, "negative shift count%s", "");
      r = c >= 63 ? (a < 0 ? -1 : 0) : a >> c;
      break;
    default: break;
    }
    *out = both_bool && op != BIN_LSHIFT && op != BIN_RSHIFT ? cv_bool(r != 0) : cv_int(r);
    return true;
  }
  if (op == BIN_DIV) {
    double b = cv_as_float(y);
    if (b == 0.0) return cerr(cx, sp, "division by zero%s", "");
    *out = cv_float(cv_as_float(x) / b);
    return true;
  }
  if (op == BIN_POW && !is_float && y.v.i < 0) {
    if (x.v.i == 0) return cerr(cx, sp, "0 raised to a negative power%s", "");
    *out = cv_float(pow((double)x.v.i, (double)y.v.i));
    return true;
  }
  if (is_float) {
    double a = cv_as_float(x), c = cv_as_float(y), r = 0, m;
    switch (op) {
    case BIN_ADD: r = a + c; break;
    case BIN_SUB: r = a - c; break;
    case BIN_MUL: r = a * c; break;
    case BIN_FLOORDIV:
    case BIN_MOD:
      if (c == 0.0) return cerr(cx, sp, "division by zero%s", "");
      py_float_divmod(a, c, &r, &m);
      if (op == BIN_MOD) r = m;
      break;
    case BIN_POW:
      if (a == 0.0 && c < 0.0) return cerr(cx, sp, "0.0 raised to a negative power%s", "");
      if (a < 0.0 && isfinite(c) && c != floor(c))
        return cerr(cx, sp, "negative number raised to a fractional power%s (complex result)", "");
      r = pow(a, c);
      if (isinf(r) && isfinite(a) && isfinite(c)) return cerr(cx, sp, "float overflow%s", "");
      break;
    default: return false;
    }
    *out = cv_float(r);
    return true;
  }
  int64_t a = x.v.i, c = y.v.i, r = 0;
  switch (op) {
  case BIN_ADD: if (__builtin_add_overflow(a, c, &r)) return cerr(cx, sp, ovf, ""); break;
  case BIN_SUB: if (__builtin_sub_overflow(a, c, &r)) return cerr(cx, sp, ovf, ""); break;
  case BIN_MUL: if (__builtin_mul_overflow(a, c, &r)) return cerr(cx, sp, ovf, ""); break;
  case BIN_FLOORDIV:
  case BIN_MOD:
    if (c == 0) return cerr(cx, sp, "integer division or modulo by zero%s", "");
    if (a == INT64_MIN && c == -1) {
      if (op == BIN_FLOORDIV) return cerr(cx, sp, ovf, "");
      r = 0;
      break;
    }
    {
      int64_t q = a / c, m = a % c;
      if (m != 0 && ((m < 0) != (c < 0))) {
        q -= 1;
        m += c;
      }
      r = op == BIN_FLOORDIV ? q : m;
    }
    break;
  case BIN_POW:
    if (!int_pow(cx, sp, a, c, &r)) return false;
    break;
  default: return false;
  }
  *out = cv_int(r);
  return true;
}

static bool const_expr(ConstCtx *cx, const Expr *e, ConstVal *out) {
  switch (e->kind) {
  case EXPR_INT: *out = cv_int(e->u.int_val); return true;
  case EXPR_FLOAT: *out = cv_float(e->u.float_val); return true;
  case EXPR_BOOL: *out = cv_bool(e->u.bool_val); return true;
  case EXPR_NAME: return const_name(cx, e, e->u.name, out);
  case EXPR_ATTR: {
    const Expr *v = e->u.attr.value;
    int local = v->kind == EXPR_NAME && cx->s ? func_local_index(cx->s->info, v->u.name) : -1;
    if (local >= 0 && type_is_array(cx->s->locals[local].type) && strcmp(e->u.attr.attr, "ndim") == 0) {
      *out = cv_int(cx->s->locals[local].type.ndim); /* a.ndim is part of a's type */
      return true;
    }
    if (v->kind == EXPR_NAME && local < 0) {
      Sym mod = resolve_global(cx->b, cx->s, v->u.name);
      if (mod.kind == SYM_MODULE) {
        Sym sym = resolve_module_attr(mod.module, e->u.attr.attr);
        if (sym.kind == SYM_LIBCONST) {
          *out = cv_float(sym.cval);
          return true;
        }
      }
    }
    return cerr(cx, e->span, "'%s' is not a numeric constant", span_text(cx->b, e->span));
  }
  case EXPR_UNARY: return const_unary(cx, e, out);
  case EXPR_BINOP: {
    ConstVal x, y;
    if (!const_expr(cx, e->u.binop.left, &x) || !const_expr(cx, e->u.binop.right, &y)) return false;
    return const_arith(cx, e->u.binop.op, x, y, e->span, out);
  }
  case EXPR_STRING: return cerr(cx, e->span, "a string%s is not a numeric constant", "");
  case EXPR_CALL: return cerr(cx, e->span, "a call%s is not a constant expression", "");
  default:
    return cerr(cx, e->span, "'%s' is not a constant expression (expected literals, arithmetic and "
                             "other constants)", span_text(cx->b, e->span));
  }
}

bool const_eval_module(Build *b, ModuleConst *c, ConstVal *out) {
  ConstEntry *ce = NULL;
  for (int i = 0; i < b->consts.len; i++)
    if (b->consts.data[i].c == c) ce = &b->consts.data[i];
  if (!ce) {
    ConstEntry fresh = {c, CONST_UNSEEN, {TYPE_UNKNOWN, {0}}};
    vec_push(b->arena, &b->consts, fresh);
    ce = &vec_last(&b->consts);
  }
  int idx = (int)(ce - b->consts.data);
  switch (ce->state) {
  case CONST_DONE: *out = ce->val; return true;
  case CONST_FAILED: return false;
  case CONST_BUSY:
    ce->state = CONST_FAILED;
    return diag_error(b->d, b->src, c->span, "module constant '%s' is defined in terms of itself", c->name);
  case CONST_UNSEEN: break;
  }
  ce->state = CONST_BUSY;
  Expr *e = module_parse_const(b->m, c);
  ConstVal v = {TYPE_UNKNOWN, {0}};
  bool ok = false;
  if (e) {
    ConstCtx cx = {b, NULL, false, arena_printf(b->arena, "module constant '%s'", c->name)};
    ok = const_expr(&cx, e, &v);
  }
  ce = &b->consts.data[idx]; /* the vector may have grown during the recursion */
  if (ce->state == CONST_BUSY) ce->state = ok ? CONST_DONE : CONST_FAILED;
  if (ce->state == CONST_FAILED) return false;
  ce->val = v;
  *out = v;
  return true;
}

bool const_fold(Build *b, const Spec *s, const Expr *e, ConstVal *out) {
  ConstCtx cx = {b, s, true, ""};
  return const_expr(&cx, e, out);
}
