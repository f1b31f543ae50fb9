/* lower_expr.c: lowering of expressions to typed IR, with Python's numeric semantics: promotion
 * (bool < int < float), true division, floor division and modulo, `**` with a negative literal
 * exponent giving a float, short-circuit and/or that yield an operand, chained comparisons that
 * evaluate each operand once. Also the emission helpers every lowering file uses.
 *
 * Every function returns a Val; TY_UNKNOWN means "not known yet" during inference and "an error
 * was reported" in the final lowering, and propagates silently. */
#include "ir_internal.h"

#include <string.h>

/* ------------------------------------------------------------------ errors */

bool lx_error(Lower *L, Span span, const char *fmt, ...) {
  if (!L->final) return false;
  va_list ap;
  va_start(ap, fmt);
  diag_add(L->b->d, DIAG_ERROR, L->b->src, span, fmt, ap);
  va_end(ap);
  return false;
}

void lx_note(Lower *L, Span span, const char *fmt, ...) {
  if (!L->final) return;
  va_list ap;
  va_start(ap, fmt);
  diag_add(L->b->d, DIAG_NOTE, L->b->src, span, fmt, ap);
  va_end(ap);
}

bool lx_quiet(const Lower *L) { return L->poisoned || L->b->d->nerrors > L->errors_at_start; }

/* ------------------------------------------------------------------ emission */

bool is_known(Val v) { return v.type.kind != TY_UNKNOWN; }
Val val_unknown(void) { Val v = {IR_NO_VALUE, TYPE_UNKNOWN}; return v; }
static Val val_of(const IrInst *i, Type t) { Val v = {i->id, t}; return v; }

/* The instruction gets the IR's type (without the strength flag); its Val keeps t. */
static IrInst *append(Lower *L, IrOp op, Type t, Span sp) {
  kr_assert(!ir_block_is_terminated(L->cur));
  return ir_append(L->fn, L->cur, op, type_ir(t), sp);
}

Val emit_const_int(Lower *L, Type t, int64_t v, Span sp) {
  IrInst *i = append(L, IR_CONST, t, sp);
  i->imm.i = v;
  return val_of(i, t);
}

Val emit_const_float(Lower *L, double v, Span sp) {
  IrInst *i = append(L, IR_CONST, TYPE_FLOAT, sp);
  i->imm.f = v;
  return val_of(i, TYPE_FLOAT);
}

Val emit1(Lower *L, IrOp op, Type t, Val a, Span sp) {
  IrInst *i = append(L, op, t, sp);
  i->a = a.id;
  return val_of(i, t);
}

Val emit2(Lower *L, IrOp op, Type t, Val a, Val b, Span sp) {
  IrInst *i = append(L, op, t, sp);
  i->a = a.id;
  i->b = b.id;
  return val_of(i, t);
}

Val emit3(Lower *L, IrOp op, Type t, Val a, Val b, Val c, Span sp) {
  IrInst *i = append(L, op, t, sp);
  i->a = a.id;
  i->b = b.id;
  i->c = c.id;
  return val_of(i, t);
}

Val emit_cmp(Lower *L, CmpOp op, Val a, Val b, Span sp) {
  IrInst *i = append(L, type_is_float(a.type) ? IR_FCMP : IR_ICMP, TYPE_BOOL, sp);
  i->aux = (uint8_t)op;
  i->a = a.id;
  i->b = b.id;
  return val_of(i, TYPE_BOOL);
}

Val emit_load(Lower *L, uint32_t slot, Type t, Span sp) {
  IrInst *i = append(L, IR_LOAD, t, sp);
  i->a = slot;
  return val_of(i, t);
}

void emit_store(Lower *L, uint32_t slot, Val v, Span sp) {
  if (!is_known(v)) return;
  IrInst *i = append(L, IR_STORE, TYPE_NONE, sp);
  i->a = slot;
  i->b = v.id;
}

void emit_jump(Lower *L, IrBlock *to, Span sp) {
  IrInst *i = append(L, IR_JUMP, TYPE_NONE, sp);
  i->a = to->id;
}

void emit_branch(Lower *L, Val cond, IrBlock *then, IrBlock *orelse, Span sp) {
  IrInst *i = append(L, IR_BRANCH, TYPE_NONE, sp);
  i->a = cond.id;
  i->b = then->id;
  i->c = orelse->id;
}

void emit_raise(Lower *L, ExcKind kind, const char *msg, Span sp) {
  IrInst *i = append(L, IR_RAISE, TYPE_NONE, sp);
  i->aux = (uint8_t)kind;
  i->a = msg ? ir_add_string(L->fn, msg) : IR_NO_VALUE;
}

IrBlock *lower_block_new(Lower *L, const char *label) { return ir_block_new(L->fn, label); }

uint32_t lower_temp(Lower *L, Type t, Span sp) {
  return ir_add_local(L->fn, arena_printf(L->arena, "$tmp%d", L->ntemps++), t, sp);
}

Val convert(Lower *L, Val v, Type to, Span sp) {
  if (!is_known(v) || to.kind == TY_UNKNOWN) return val_unknown();
  if (type_eq(type_ir(v.type), type_ir(to)) || (type_is_array(v.type) && type_converts_implicitly(v.type, to))) {
    v.type = to; /* a weak and a strong scalar of one kind: the same bits; a C array is strided */
    return v;
  }
  if (to.kind == TY_BOOL && type_is_numeric(v.type)) return emit1(L, IR_TRUTH, to, v, sp);
  if (v.type.kind == TY_BOOL && type_is_int(to)) return emit1(L, IR_ICAST, to, v, sp);
  if (v.type.kind == TY_BOOL && type_is_float(to)) {
    Val i = emit1(L, IR_ICAST, TYPE_INT, v, sp);
    return emit1(L, IR_I2F, to, i, sp);
  }
  if (type_is_int(v.type) && type_is_int(to)) return emit1(L, IR_ICAST, to, v, sp);
  if (type_is_int(v.type) && type_is_float(to)) return emit1(L, IR_I2F, to, v, sp);
  if (type_is_float(v.type) && type_is_float(to)) return emit1(L, IR_FCAST, to, v, sp);
  if (type_is_float(v.type) && type_is_int(to)) return emit1(L, IR_F2I_SAT, to, v, sp);
  kr_assert(!"convert: not a conversion between numbers");
  return val_unknown();
}

/* The truth of a value as a bool. */
static Val truth_of(Lower *L, Val v, Span sp) {
  if (!is_known(v)) return v;
  if (!type_is_numeric(v.type)) {
    char b1[32];
    lx_error(L, sp, "a value of type %s has no truth value here", type_name(v.type, b1));
    return val_unknown();
  }
  return convert(L, v, TYPE_BOOL, sp);
}

/* The type two operands of and/or/if-else meet at: equal, else Python's promotion. */
static Type join_types(Lower *L, Val a, Val b, Span sp) {
  if (!is_known(a) || !is_known(b)) return TYPE_UNKNOWN;
  if (type_eq(a.type, b.type) && type_is_numeric(a.type)) return a.type;
  Type t = type_promote(a.type, b.type);
  if (t.kind == TY_UNKNOWN) {
    char b1[32], b2[32];
    lx_error(L, sp, "operands of types %s and %s cannot be combined here", type_name(a.type, b1),
             type_name(b.type, b2));
  }
  return t;
}

/* ------------------------------------------------------------------ names */

Val lower_name_load(Lower *L, int index, Span sp) {
  Spec *s = L->s;
  LocalInfo *li = &s->locals[index];
  if (L->flow.live && !L->flow.da[index]) {
    /* Not assigned on every path to here: check the flag, as CPython raises UnboundLocalError. */
    if (!L->final) {
      if (!li->needs_flag) {
        li->needs_flag = true;
        L->b->changed = true;
      }
    } else if (li->needs_flag) {
      Val f = emit_load(L, li->flag_slot, TYPE_BOOL, sp);
      IrBlock *ok = lower_block_new(L, "bound");
      IrBlock *fail = lower_block_new(L, "unbound");
      emit_branch(L, f, ok, fail, sp);
      L->cur = fail;
      emit_raise(L, KRAIT_EXC_UNBOUND_LOCAL,
                 arena_printf(L->arena, "cannot access local variable '%s' where it is not associated with a value",
                              li->decl->name),
                 sp);
      L->cur = ok;
    }
  }
  if (li->type.kind == TY_UNKNOWN) {
    if (L->final && !lx_quiet(L))
      lx_error(L, sp, "cannot infer the type of '%s' (no assignment gives it a value before this use)",
               li->decl->name);
    return val_unknown();
  }
  return emit_load(L, li->slot, li->type, sp);
}

static Val lower_const(Lower *L, ConstVal cv, Span sp) {
  if (type_is_float(cv.type)) return emit_const_float(L, cv.v.f, sp);
  return emit_const_int(L, cv.type, cv.v.i, sp);
}

static Val lower_name(Lower *L, const Expr *e) {
  const char *name = e->u.name;
  int idx = func_local_index(L->s->info, name);
  if (idx >= 0) return lower_name_load(L, idx, e->span);
  Sym sym = resolve_global(L->b, L->s, name);
  ConstVal cv;
  switch (sym.kind) {
  case SYM_CONST:
    if (const_eval_module(L->b, sym.mc, &cv)) return lower_const(L, cv, e->span);
    L->poisoned = true; /* reported where the constant is defined */
    return val_unknown();
  case SYM_LIBCONST: return emit_const_float(L, sym.cval, e->span);
  case SYM_BADVAR:
    lx_error(L, e->span, "module variable '%s' is assigned more than once, so it is not a constant", name);
    return val_unknown();
  case SYM_MODULE: lx_error(L, e->span, "module '%s' cannot be used as a value", name); return val_unknown();
  case SYM_INTRINSIC:
  case SYM_USERFN:
    lx_error(L, e->span, "function '%s' cannot be used as a value (only called)", name);
    return val_unknown();
  case SYM_NONE: break;
  }
  lx_error(L, e->span, "undefined name '%s'", name);
  return val_unknown();
}

static Val lower_attr(Lower *L, const Expr *e) {
  const Expr *v = e->u.attr.value;
  if (v->kind == EXPR_NAME && func_local_index(L->s->info, v->u.name) < 0) {
    Sym mod = resolve_global(L->b, L->s, v->u.name);
    if (mod.kind == SYM_MODULE) {
      if (!is_supported_module(mod.module)) {
        lx_error(L, v->span, "module '%s' is not supported", mod.module);
        return val_unknown();
      }
      Sym sym = resolve_module_attr(mod.module, e->u.attr.attr);
      if (sym.kind == SYM_LIBCONST) return emit_const_float(L, sym.cval, e->span);
      if (sym.kind == SYM_INTRINSIC)
        lx_error(L, e->span, "function '%s.%s' cannot be used as a value (only called)", mod.module, e->u.attr.attr);
      else
        lx_error(L, e->u.attr.attr_span, "module '%s' has no attribute '%s'", mod.module, e->u.attr.attr);
      return val_unknown();
    }
  }
  if (v->kind == EXPR_NAME && func_local_index(L->s->info, v->u.name) >= 0) {
    Val base = lower_expr(L, v);
    if (!is_known(base)) return base;
    if (type_is_array(base.type)) return lower_array_attr(L, base, e);
  }
  if (v->kind == EXPR_NAME && func_local_index(L->s->info, v->u.name) < 0 &&
      resolve_global(L->b, L->s, v->u.name).kind == SYM_NONE) {
    lx_error(L, v->span, "undefined name '%s'", v->u.name);
    return val_unknown();
  }
  lx_error(L, e->span, "attribute access '%s' is not supported", span_text(L->b, e->span));
  return val_unknown();
}

/* ------------------------------------------------------------------ operators */

static Val lower_unary(Lower *L, const Expr *e) {
  UnaryOp op = e->u.unary.op;
  if (op == UN_NOT) {
    Val t = lower_truth(L, e->u.unary.operand);
    return is_known(t) ? emit1(L, IR_INOT, TYPE_BOOL, t, e->span) : t;
  }
  Val v = lower_expr(L, e->u.unary.operand);
  if (!is_known(v)) return v;
  const char *sym = op == UN_NEG ? "-" : op == UN_POS ? "+" : "~";
  char b1[32];
  if (!type_is_numeric(v.type) || (op == UN_INVERT && type_is_float(v.type))) {
    lx_error(L, e->span, "bad operand type for unary %s: '%s'", sym, type_name(v.type, b1));
    return val_unknown();
  }
  if (v.type.kind == TY_BOOL && type_is_strong(v.type)) {
    /* A NumPy bool: ~ is logical not; NumPy 2 has no - or + for it (NumPy 1.24 deprecates +). */
    if (op == UN_INVERT) return emit1(L, IR_INOT, v.type, v, e->span);
    lx_error(L, e->span, "bad operand type for unary %s: '%s' (NumPy has no %s for bools%s)", sym,
             type_name(v.type, b1), op == UN_NEG ? "negative" : "positive", op == UN_NEG ? "; use ~ or 'not'" : "");
    return val_unknown();
  }
  if (v.type.kind == TY_BOOL) v = convert(L, v, TYPE_INT, e->span); /* -True == -1, ~True == -2 */
  switch (op) {
  case UN_NEG: return emit1(L, type_is_float(v.type) ? IR_FNEG : IR_INEG, v.type, v, e->span);
  case UN_POS: return v;
  case UN_INVERT: return emit1(L, IR_INOT, v.type, v, e->span);
  default: return val_unknown();
  }
}

static Val binop_error(Lower *L, BinOp op, Val a, Val b, Span sp) {
  char b1[32], b2[32];
  lx_error(L, sp, "unsupported operand types for %s: '%s' and '%s'", binop_symbol(op), type_name(a.type, b1),
           type_name(b.type, b2));
  return val_unknown();
}

/* Whether e is a compile-time int constant below zero (`x ** -1` gives a float in Python). */
static bool is_negative_int_const(Lower *L, const Expr *e) {
  ConstVal cv;
  return e && const_fold(L->b, L->s, e, &cv) && !type_is_float(cv.type) && cv.v.i < 0;
}

Val lower_binop_vals(Lower *L, BinOp op, Val a, Val b, const Expr *right, Span sp) {
  if (!is_known(a) || !is_known(b)) return val_unknown();
  if (op == BIN_MATMUL) {
    lx_error(L, sp, "the @ operator is not supported");
    return val_unknown();
  }
  if (!type_is_numeric(a.type) || !type_is_numeric(b.type)) return binop_error(L, op, a, b, sp);
  Type t = type_promote(a.type, b.type);
  bool strong = type_is_strong(t);
  bool is_float = type_is_float(t);
  /* Arithmetic on Python bools gives an int, as in Python. On a NumPy bool (and a NumPy or Python
   * bool) it follows NumPy's ufunc loops: + is a logical or, * a logical and, - an error, and
   * the integer-only operators compute in int8. */
  if (t.kind == TY_BOOL && strong) {
    Type bt = type_strong(TY_BOOL);
    if (op == BIN_ADD || op == BIN_MUL)
      return emit2(L, op == BIN_ADD ? IR_IOR : IR_IAND, bt, convert(L, a, bt, sp), convert(L, b, bt, sp), sp);
    if (op == BIN_SUB) {
      lx_error(L, sp, "unsupported operand types for -: 'bool' and 'bool' (NumPy has no subtract for bools; "
               "use ^ or '!=')");
      return val_unknown();
    }
  }
  Type arith = t.kind == TY_BOOL ? (strong ? type_strong(TY_I8) : TYPE_INT) : t;
  Type float_t = strong ? type_strong(TY_F64) : TYPE_FLOAT;
  switch (op) {
  case BIN_ADD:
  case BIN_SUB:
  case BIN_MUL: {
    static const IrOp iops[] = {[BIN_ADD] = IR_IADD, [BIN_SUB] = IR_ISUB, [BIN_MUL] = IR_IMUL};
    static const IrOp fops[] = {[BIN_ADD] = IR_FADD, [BIN_SUB] = IR_FSUB, [BIN_MUL] = IR_FMUL};
    return emit2(L, is_float ? fops[op] : iops[op], arith, convert(L, a, arith, sp), convert(L, b, arith, sp), sp);
  }
  case BIN_DIV: {
    if (!is_float) {
      /* int / int: CPython's message is "division by zero", not the float one of IR_FDIV. */
      Val bi = convert(L, b, arith, sp);
      Val zero = emit_const_int(L, arith, 0, sp);
      IrBlock *bad = lower_block_new(L, "div.zero");
      IrBlock *ok = lower_block_new(L, "div.ok");
      emit_branch(L, emit_cmp(L, CMP_EQ, bi, zero, sp), bad, ok, sp);
      L->cur = bad;
      emit_raise(L, KRAIT_EXC_ZERO_DIVISION, "division by zero", sp);
      L->cur = ok;
    }
    Type ft = is_float ? t : float_t; /* f32 / f32 stays f32; integers divide as f64 */
    return emit2(L, IR_FDIV, ft, convert(L, a, ft, sp), convert(L, b, ft, sp), sp);
  }
  case BIN_FLOORDIV:
    return emit2(L, is_float ? IR_FFLOORDIV : IR_IFLOORDIV, arith, convert(L, a, arith, sp), convert(L, b, arith, sp), sp);
  case BIN_MOD:
    return emit2(L, is_float ? IR_FMOD : IR_IMOD, arith, convert(L, a, arith, sp), convert(L, b, arith, sp), sp);
  case BIN_POW:
    if (!is_float && !strong && is_negative_int_const(L, right)) arith = TYPE_FLOAT, is_float = true;
    return emit2(L, is_float ? IR_FPOW : IR_IPOW, arith, convert(L, a, arith, sp), convert(L, b, arith, sp), sp);
  case BIN_LSHIFT:
  case BIN_RSHIFT:
    if (is_float) return binop_error(L, op, a, b, sp);
    return emit2(L, op == BIN_LSHIFT ? IR_ISHL : IR_ISHR, arith, convert(L, a, arith, sp),
                 convert(L, b, arith, sp), sp);
  case BIN_BITAND:
  case BIN_BITOR:
  case BIN_BITXOR: {
    if (is_float) return binop_error(L, op, a, b, sp);
    IrOp iop = op == BIN_BITAND ? IR_IAND : op == BIN_BITOR ? IR_IOR : IR_IXOR;
    if (a.type.kind == TY_BOOL && b.type.kind == TY_BOOL) {
      Type bt = strong ? type_strong(TY_BOOL) : TYPE_BOOL;
      return emit2(L, iop, bt, convert(L, a, bt, sp), convert(L, b, bt, sp), sp);
    }
    return emit2(L, iop, arith, convert(L, a, arith, sp), convert(L, b, arith, sp), sp);
  }
  default: return val_unknown();
  }
}

/* One comparison of two values: int against float compares as floats, bools as ints. */
static Val compare_vals(Lower *L, CmpOp op, Val a, Val b, Span sp) {
  if (!is_known(a) || !is_known(b)) return val_unknown();
  if (!type_is_numeric(a.type) || !type_is_numeric(b.type)) {
    char b1[32], b2[32];
    lx_error(L, sp, "unsupported comparison %s between '%s' and '%s'", cmpop_symbol(op), type_name(a.type, b1),
             type_name(b.type, b2));
    return val_unknown();
  }
  Type t = type_promote(a.type, b.type);
  /* A Python int against a narrower NumPy integer compares exactly, as in NumPy 2 (u8 element
   * < 300 is True): both as int64 rather than the int squeezed into u8. */
  bool weak_int = (a.type.kind == TY_I64 && !type_is_strong(a.type)) || (b.type.kind == TY_I64 && !type_is_strong(b.type));
  if (weak_int && type_is_int(t) && t.kind != TY_U64) t = TYPE_INT;
  Val r = emit_cmp(L, op, convert(L, a, t, sp), convert(L, b, t, sp), sp);
  /* A comparison involving a NumPy scalar gives a NumPy bool (`(a[i] > 0) + (b[i] > 0)` is an or). */
  if (type_is_strong(a.type) || type_is_strong(b.type)) r.type = type_strong(TY_BOOL);
  return r;
}

static Val lower_compare(Lower *L, const Expr *e) {
  const ExprVec *xs = &e->u.compare.operands;
  for (int i = 0; i < e->u.compare.ops.len; i++) {
    CmpOp op = e->u.compare.ops.data[i];
    if (op == CMP_IS || op == CMP_ISNOT || op == CMP_IN || op == CMP_NOTIN) {
      lx_error(L, e->span, "'%s' comparisons are not supported (numbers compare with ==, !=, <, <=, >, >=)",
               cmpop_symbol(op));
      return val_unknown();
    }
  }
  Val left = lower_expr(L, xs->data[0]);
  if (xs->len == 2) return compare_vals(L, e->u.compare.ops.data[0], left, lower_expr(L, xs->data[1]), e->span);
  /* a < b < c: each operand once, stop at the first false comparison. */
  uint32_t tmp = lower_temp(L, TYPE_BOOL, e->span);
  IrBlock *done = lower_block_new(L, "cmp.end");
  bool known = true;
  for (int i = 0; i + 1 < xs->len; i++) {
    Val right = lower_expr(L, xs->data[i + 1]);
    Span sp = span_join(xs->data[i]->span, xs->data[i + 1]->span);
    Val r = compare_vals(L, e->u.compare.ops.data[i], left, right, sp);
    known = known && is_known(r);
    emit_store(L, tmp, r, sp);
    if (i + 2 < xs->len) {
      IrBlock *next = lower_block_new(L, "cmp.next");
      emit_branch(L, r, next, done, sp);
      L->cur = next;
    } else {
      emit_jump(L, done, sp);
    }
    left = right;
  }
  L->cur = done;
  return known ? emit_load(L, tmp, TYPE_BOOL, e->span) : val_unknown();
}

/* a and b / a or b as a value: the operand that decides, converted to the operands' common type
 * (a documented deviation: Python keeps the operand's own type). Each operand is lowered into its
 * own block, left open until the common type is known. */
static Val lower_boolop(Lower *L, const Expr *e) {
  const ExprVec *xs = &e->u.boolop.values;
  bool is_and = e->u.boolop.op == BOOL_AND;
  int n = xs->len;
  Val *vals = arena_array(L->arena, Val, n);
  IrBlock **starts = arena_array(L->arena, IrBlock *, n);
  IrBlock **ends = arena_array(L->arena, IrBlock *, n);
  for (int i = 0; i < n; i++) {
    if (i > 0) {
      starts[i] = lower_block_new(L, is_and ? "and.rhs" : "or.rhs");
      L->cur = starts[i];
    }
    vals[i] = lower_expr(L, xs->data[i]);
    ends[i] = L->cur;
  }
  Type t = vals[0].type;
  for (int i = 1; i < n && is_known(vals[0]); i++) {
    Val acc = {IR_NO_VALUE, t};
    t = join_types(L, acc, vals[i], e->span);
    if (!is_known(vals[i])) t = TYPE_UNKNOWN;
  }
  if (is_known(vals[0]) && !type_is_numeric(t)) {
    if (t.kind != TY_UNKNOWN) {
      char b1[32];
      lx_error(L, e->span, "operands of '%s' must be numbers, not %s", is_and ? "and" : "or", type_name(t, b1));
    }
    t = TYPE_UNKNOWN;
  }
  IrBlock *done = lower_block_new(L, is_and ? "and.end" : "or.end");
  uint32_t tmp = lower_temp(L, t, e->span);
  for (int i = 0; i < n; i++) {
    L->cur = ends[i];
    Span sp = xs->data[i]->span;
    if (t.kind != TY_UNKNOWN) emit_store(L, tmp, convert(L, vals[i], t, sp), sp);
    if (i + 1 < n) {
      Val c = truth_of(L, vals[i], sp);
      if (is_and) emit_branch(L, c, starts[i + 1], done, sp);
      else emit_branch(L, c, done, starts[i + 1], sp);
    } else {
      emit_jump(L, done, sp);
    }
  }
  L->cur = done;
  return t.kind != TY_UNKNOWN ? emit_load(L, tmp, t, e->span) : val_unknown();
}

static Val lower_ifexp(Lower *L, const Expr *e) {
  Val c = lower_truth(L, e->u.ifexp.cond);
  IrBlock *then = lower_block_new(L, "ifexp.then");
  IrBlock *orelse = lower_block_new(L, "ifexp.else");
  IrBlock *done = lower_block_new(L, "ifexp.end");
  emit_branch(L, c, then, orelse, e->span);
  L->cur = then;
  Val a = lower_expr(L, e->u.ifexp.then);
  IrBlock *then_end = L->cur;
  L->cur = orelse;
  Val b = lower_expr(L, e->u.ifexp.orelse);
  IrBlock *else_end = L->cur;
  Type t = join_types(L, a, b, e->span);
  uint32_t tmp = lower_temp(L, t, e->span);
  L->cur = then_end;
  if (t.kind != TY_UNKNOWN) emit_store(L, tmp, convert(L, a, t, e->span), e->u.ifexp.then->span);
  emit_jump(L, done, e->span);
  L->cur = else_end;
  if (t.kind != TY_UNKNOWN) emit_store(L, tmp, convert(L, b, t, e->span), e->u.ifexp.orelse->span);
  emit_jump(L, done, e->span);
  L->cur = done;
  return t.kind != TY_UNKNOWN ? emit_load(L, tmp, t, e->span) : val_unknown();
}

Val lower_truth(Lower *L, const Expr *e) {
  if (e->kind == EXPR_UNARY && e->u.unary.op == UN_NOT) {
    Val t = lower_truth(L, e->u.unary.operand);
    return is_known(t) ? emit1(L, IR_INOT, TYPE_BOOL, t, e->span) : t;
  }
  if (e->kind != EXPR_BOOLOP) return truth_of(L, lower_expr(L, e), e->span);
  /* In a condition, and/or only need the truth of their operands. */
  const ExprVec *xs = &e->u.boolop.values;
  bool is_and = e->u.boolop.op == BOOL_AND;
  uint32_t tmp = lower_temp(L, TYPE_BOOL, e->span);
  IrBlock *done = lower_block_new(L, is_and ? "and.end" : "or.end");
  bool known = true;
  for (int i = 0; i < xs->len; i++) {
    const Expr *x = xs->data[i];
    Val t = lower_truth(L, x);
    known = known && is_known(t);
    emit_store(L, tmp, t, x->span);
    if (i + 1 < xs->len) {
      IrBlock *next = lower_block_new(L, is_and ? "and.rhs" : "or.rhs");
      if (is_and) emit_branch(L, t, next, done, x->span);
      else emit_branch(L, t, done, next, x->span);
      L->cur = next;
    } else {
      emit_jump(L, done, x->span);
    }
  }
  L->cur = done;
  return known ? emit_load(L, tmp, TYPE_BOOL, e->span) : val_unknown();
}

/* ------------------------------------------------------------------ dispatch */

static Val unsupported(Lower *L, Span sp, const char *what) {
  lx_error(L, sp, "%s", what);
  return val_unknown();
}

Val lower_expr(Lower *L, const Expr *e) {
  switch (e->kind) {
  case EXPR_INT: return emit_const_int(L, TYPE_INT, e->u.int_val, e->span);
  case EXPR_FLOAT: return emit_const_float(L, e->u.float_val, e->span);
  case EXPR_BOOL: return emit_const_int(L, TYPE_BOOL, e->u.bool_val, e->span);
  case EXPR_NONE: return unsupported(L, e->span, "None is not supported as a value here");
  case EXPR_STRING: return unsupported(L, e->span, "strings are not supported as values");
  case EXPR_BYTES: return unsupported(L, e->span, "bytes are not supported as values");
  case EXPR_IMAG: return unsupported(L, e->span, "complex numbers are not supported");
  case EXPR_ELLIPSIS: return unsupported(L, e->span, "'...' is not supported as a value");
  case EXPR_NAME: return lower_name(L, e);
  case EXPR_ATTR: return lower_attr(L, e);
  case EXPR_UNARY: return lower_unary(L, e);
  case EXPR_BINOP: {
    Val a = lower_expr(L, e->u.binop.left);
    Val b = lower_expr(L, e->u.binop.right);
    return lower_binop_vals(L, e->u.binop.op, a, b, e->u.binop.right, e->span);
  }
  case EXPR_BOOLOP: return lower_boolop(L, e);
  case EXPR_COMPARE: return lower_compare(L, e);
  case EXPR_IFEXP: return lower_ifexp(L, e);
  case EXPR_CALL: return lower_call(L, e);
  case EXPR_SUBSCRIPT: return lower_subscript(L, e);
  case EXPR_SLICE: return unsupported(L, e->span, "slices are not supported");
  case EXPR_TUPLE:
    return unsupported(L, e->span, "tuples are not supported as values (only in assignments such as 'a, b = b, a')");
  case EXPR_LIST: return unsupported(L, e->span, "lists are not supported");
  case EXPR_STARRED: return unsupported(L, e->span, "starred expressions are not supported");
  case EXPR_UNSUPPORTED:
    lx_error(L, e->span, "%s are not supported", e->u.unsupported);
    return val_unknown();
  }
  return val_unknown();
}
