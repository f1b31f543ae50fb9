/* lower_stmt.c: lowering of statements to blocks and branches, and the definite-assignment state
 * that decides where reading a local needs an "is it bound" check (CPython's UnboundLocalError).
 *
 * Loops: `while` tests in a header block; `for i in range(...)` computes the trip count once in
 * unsigned 64-bit arithmetic (so no overflow near the int64 limits) and counts k = 0 .. n with
 * i = start + k * step. A loop's `else` runs when the loop ends without `break`. */
#include "ir_internal.h"

#include <string.h>

/* ------------------------------------------------------------------ flow states */

static int nlocals(const Lower *L) { return L->s->info->locals.len > 0 ? L->s->info->locals.len : 1; }

Flow flow_copy(Lower *L, Flow f) {
  Flow c = {f.live, arena_array(L->arena, uint8_t, nlocals(L))};
  memcpy(c.da, f.da, (size_t)nlocals(L));
  return c;
}

Flow flow_dead(Lower *L) {
  Flow f = {false, arena_array(L->arena, uint8_t, nlocals(L))};
  memset(f.da, 1, (size_t)nlocals(L));
  return f;
}

void flow_join(Lower *L, Flow *acc, Flow f) {
  if (!f.live) return;
  if (!acc->live) {
    *acc = flow_copy(L, f);
    return;
  }
  for (int i = 0; i < nlocals(L); i++) acc->da[i] &= f.da[i];
}

void lower_set_dead(Lower *L) {
  L->cur = lower_block_new(L, "dead");
  L->flow = flow_dead(L);
}

/* ------------------------------------------------------------------ assignments */

static void bind_target(Lower *L, const Expr *t, Val v, Span value) {
  switch (t->kind) {
  case EXPR_NAME: {
    int idx = func_local_index(L->s->info, t->u.name);
    kr_assert(idx >= 0); /* resolve.c made every bound name a local */
    bind_local(L, idx, v, t->span, value);
    return;
  }
  case EXPR_SUBSCRIPT: {
    /* Python evaluates the value first, then the array and its indices. */
    ElemRef r = lower_elem_ref(L, t);
    lower_elem_store(L, r, v, value);
    return;
  }
  case EXPR_ATTR: lx_error(L, t->span, "assignment to attributes is not supported"); return;
  case EXPR_TUPLE:
  case EXPR_LIST: lx_error(L, t->span, "nested unpacking is not supported"); return;
  default: lx_error(L, t->span, "cannot assign to '%s'", span_text(L->b, t->span)); return;
  }
}

/* Binds values already evaluated to one target: a name, or a tuple of names of the same count. */
static void bind_values(Lower *L, const Expr *t, Val *vals, int n, Span value) {
  if (t->kind != EXPR_TUPLE && t->kind != EXPR_LIST) {
    if (n == 1) bind_target(L, t, vals[0], value);
    else
      lx_error(L, value, "tuples are not supported as values (only in assignments such as 'a, b = b, a')");
    return;
  }
  const ExprVec *items = &t->u.tuple.items;
  if (items->len != n) {
    if (n == 1) lx_error(L, value, "cannot unpack a non-tuple value into %d names", items->len);
    else lx_error(L, t->span, "cannot unpack %d values into %d names", n, items->len);
    return;
  }
  for (int i = 0; i < n; i++) {
    if (items->data[i]->kind == EXPR_STARRED) {
      lx_error(L, items->data[i]->span, "starred assignment targets are not supported");
      continue;
    }
    bind_target(L, items->data[i], vals[i], value);
  }
}

static bool is_divmod_call(Lower *L, const Expr *e) {
  if (e->kind != EXPR_CALL || e->u.call.func->kind != EXPR_NAME) return false;
  const char *name = e->u.call.func->u.name;
  if (func_local_index(L->s->info, name) >= 0) return false;
  Sym sym = resolve_global(L->b, L->s, name);
  return sym.kind == SYM_INTRINSIC && sym.fn->kind == FN_DIVMOD;
}

/* q, r = divmod(a, b): Python's floor division and modulo of the promoted operands. */
static int lower_divmod(Lower *L, const Expr *e, Val *out) {
  const ExprVec *args = &e->u.call.args;
  if (args->len != 2 || e->u.call.keywords.len > 0) {
    lx_error(L, e->span, "divmod() takes exactly 2 arguments but %d %s given", args->len,
             args->len == 1 ? "was" : "were");
    return 0;
  }
  Val a = lower_expr(L, args->data[0]);
  Val b = lower_expr(L, args->data[1]);
  if (is_known(a) && is_known(b) && type_is_float(type_promote(a.type, b.type))) {
    /* CPython's message for a float divmod by zero is its own, not the one of //. */
    Val fb = convert(L, b, TYPE_FLOAT, e->span);
    IrBlock *bad = lower_block_new(L, "divmod.zero");
    IrBlock *ok = lower_block_new(L, "divmod.ok");
    emit_branch(L, emit_cmp(L, CMP_EQ, fb, emit_const_float(L, 0.0, e->span), e->span), bad, ok, e->span);
    L->cur = bad;
    emit_raise(L, KRAIT_EXC_ZERO_DIVISION, "float divmod()", e->span);
    L->cur = ok;
  }
  out[0] = lower_binop_vals(L, BIN_FLOORDIV, a, b, NULL, e->span);
  out[1] = is_known(out[0]) ? lower_binop_vals(L, BIN_MOD, a, b, NULL, e->span) : val_unknown();
  return 2;
}

static void lower_assign(Lower *L, const Stmt *s) {
  const Expr *value = s->u.assign.value;
  Val one, *vals = &one, shape[KRAIT_MAX_NDIM];
  int n = 1;
  if (value->kind == EXPR_TUPLE) {
    for (int i = 0; i < s->u.assign.targets.len; i++) {
      ExprKind k = s->u.assign.targets.data[i]->kind;
      if (k != EXPR_TUPLE && k != EXPR_LIST) {
        lx_error(L, value->span, "tuples are not supported as values (only in assignments such as 'a, b = b, a')");
        return;
      }
    }
    /* a, b = b, a: every right-hand value first, then the targets left to right. */
    n = value->u.tuple.items.len;
    vals = arena_array(L->arena, Val, n > 0 ? n : 1);
    for (int i = 0; i < n; i++) {
      const Expr *item = value->u.tuple.items.data[i];
      if (item->kind == EXPR_STARRED) {
        lx_error(L, item->span, "starred expressions are not supported");
        vals[i] = val_unknown();
      } else {
        vals[i] = lower_expr(L, item);
      }
    }
  } else if (is_divmod_call(L, value)) {
    vals = arena_array(L->arena, Val, 2);
    n = lower_divmod(L, value, vals);
    if (n == 0) return;
    for (int i = 0; i < s->u.assign.targets.len; i++) {
      const Expr *t = s->u.assign.targets.data[i];
      if (t->kind != EXPR_TUPLE && t->kind != EXPR_LIST) {
        lx_error(L, value->span, "divmod() is only supported as the value of an assignment such as 'q, r = divmod(a, b)'");
        return;
      }
    }
  } else if (value->kind == EXPR_ATTR && (n = lower_shape_tuple(L, value, shape, KRAIT_MAX_NDIM)) != 0) {
    if (n < 0) return;
    vals = shape; /* n, m = a.shape: one value per axis */
    for (int i = 0; i < s->u.assign.targets.len; i++) {
      ExprKind k = s->u.assign.targets.data[i]->kind;
      if (k != EXPR_TUPLE && k != EXPR_LIST) {
        lx_error(L, value->span, "'%s' is only supported indexed (a.shape[0]) or unpacked (n, m = a.shape)",
                 span_text(L->b, value->span));
        return;
      }
    }
  } else {
    n = 1;
    one = lower_expr(L, value);
  }
  for (int i = 0; i < s->u.assign.targets.len; i++) bind_values(L, s->u.assign.targets.data[i], vals, n, value->span);
}

static void lower_augassign(Lower *L, const Stmt *s) {
  const Expr *t = s->u.augassign.target;
  if (t->kind == EXPR_SUBSCRIPT) {
    /* a[i] += x: the array and the index are evaluated once. */
    ElemRef r = lower_elem_ref(L, t);
    Val cur = lower_elem_load(L, r, t->span);
    Val v = lower_expr(L, s->u.augassign.value);
    Val res = lower_binop_vals(L, s->u.augassign.op, cur, v, s->u.augassign.value, s->span);
    lower_elem_store(L, r, res, s->span);
    return;
  }
  if (t->kind != EXPR_NAME) {
    bind_target(L, t, val_unknown(), s->span); /* reports */
    return;
  }
  int idx = func_local_index(L->s->info, t->u.name);
  Val cur = lower_name_load(L, idx, t->span);
  Val v = lower_expr(L, s->u.augassign.value);
  Val r = lower_binop_vals(L, s->u.augassign.op, cur, v, s->u.augassign.value, s->span);
  bind_local(L, idx, r, t->span, s->span);
}

static void lower_annassign(Lower *L, const Stmt *s) {
  const Expr *t = s->u.annassign.target;
  if (t->kind != EXPR_NAME) {
    lx_error(L, t->span, "annotated assignment to '%s' is not supported (only to names)", span_text(L->b, t->span));
    return;
  }
  if (!s->u.annassign.value) return; /* `x: float` only declares */
  Val v = lower_expr(L, s->u.annassign.value);
  bind_target(L, t, v, s->u.annassign.value->span);
}

/* ------------------------------------------------------------------ control flow */

/* The truth of a condition that is a compile-time constant (`while True`, `if DEBUG`): 1 or 0,
 * or -1 when it is not constant. */
static int const_truth(Lower *L, const Expr *cond) {
  ConstVal cv;
  if (!const_fold(L->b, L->s, cond, &cv)) return -1;
  return (type_is_float(cv.type) ? cv.v.f != 0.0 : cv.v.i != 0) ? 1 : 0;
}

static void lower_if(Lower *L, const Stmt *s) {
  IrBlock *then = lower_block_new(L, "if.then");
  IrBlock *orelse = s->u.if_.orelse.len ? lower_block_new(L, "if.else") : NULL;
  IrBlock *end = lower_block_new(L, "if.end");
  int known = const_truth(L, s->u.if_.cond);
  if (known >= 0) {
    /* The branch not taken is still lowered (for its errors) but is dead. */
    emit_jump(L, known ? then : orelse ? orelse : end, s->u.if_.cond->span);
  } else {
    Val c = lower_truth(L, s->u.if_.cond);
    emit_branch(L, c, then, orelse ? orelse : end, s->u.if_.cond->span);
  }
  /* A branch a constant condition never takes is not lowered at all (`if DEBUG: print(x)`
   * with DEBUG = False compiles), like dead-branch pruning in Numba. */
  Flow pre = flow_copy(L, L->flow);
  L->cur = then;
  if (known == 0) L->flow = flow_dead(L);
  else lower_body(L, &s->u.if_.then);
  emit_jump(L, end, s->span);
  Flow out = flow_dead(L);
  flow_join(L, &out, L->flow);
  L->flow = known == 1 ? flow_dead(L) : pre;
  if (orelse) {
    L->cur = orelse;
    if (known != 1) lower_body(L, &s->u.if_.orelse);
    emit_jump(L, end, s->span);
  }
  flow_join(L, &out, L->flow);
  L->flow = out;
  L->cur = end;
}

static void loop_push(Lower *L, IrBlock *brk, IrBlock *cont) {
  Loop lp = {brk, cont, flow_dead(L)};
  vec_push(L->arena, &L->loops, lp);
}

/* After the body: the `else` runs from the header's exit state (pre), then joins the breaks. */
static void loop_finish(Lower *L, Flow exit_flow, const StmtVec *orelse, IrBlock *els, IrBlock *end, Span sp) {
  Loop lp = L->loops.data[--L->loops.len];
  L->flow = exit_flow;
  if (els) {
    L->cur = els;
    lower_body(L, orelse);
    emit_jump(L, end, sp);
  }
  flow_join(L, &L->flow, lp.brk_flow);
  L->cur = end;
}

static void lower_while(Lower *L, const Stmt *s) {
  IrBlock *header = lower_block_new(L, "while.cond");
  IrBlock *body = lower_block_new(L, "while.body");
  IrBlock *els = s->u.while_.orelse.len ? lower_block_new(L, "while.else") : NULL;
  IrBlock *end = lower_block_new(L, "while.end");
  emit_jump(L, header, s->span);
  L->cur = header;
  Flow pre = flow_copy(L, L->flow);
  /* `while True:` has no exit but its breaks; the body of `while False:` is dead. */
  int known = const_truth(L, s->u.while_.cond);
  bool forever = known == 1;
  if (known >= 0) {
    emit_jump(L, forever ? body : els ? els : end, s->u.while_.cond->span);
    if (!forever) L->flow = flow_dead(L);
  } else {
    Val c = lower_truth(L, s->u.while_.cond);
    emit_branch(L, c, body, els ? els : end, s->u.while_.cond->span);
  }
  loop_push(L, end, header);
  L->cur = body;
  if (known != 0) lower_body(L, &s->u.while_.body);
  emit_jump(L, header, s->span);
  loop_finish(L, forever ? flow_dead(L) : pre, &s->u.while_.orelse, els, end, s->span);
}

/* a >= b as unsigned 64-bit numbers, with signed compares: flip the sign bits. */
static Val ucmp_ge(Lower *L, Val a, Val b, Span sp) {
  Val min = emit_const_int(L, TYPE_INT, INT64_MIN, sp);
  return emit_cmp(L, CMP_GE, emit2(L, IR_IXOR, TYPE_INT, a, min, sp), emit2(L, IR_IXOR, TYPE_INT, b, min, sp), sp);
}

/* x / s as unsigned 64-bit numbers (s != 0), from signed operations only. When s < 2^63:
 * q = 2 * ((x >>> 1) / s), then one correction step; otherwise the quotient is 0 or 1. */
static Val udiv(Lower *L, Val x, Val s, bool s_positive, Span sp) {
  Val one = emit_const_int(L, TYPE_INT, 1, sp);
  Val zero = emit_const_int(L, TYPE_INT, 0, sp);
  Val hi = emit2(L, IR_ISHR, TYPE_INT, x, one, sp);
  hi = emit2(L, IR_IAND, TYPE_INT, hi, emit_const_int(L, TYPE_INT, INT64_MAX, sp), sp);
  Val q = emit2(L, IR_IFLOORDIV, TYPE_INT, hi, s, sp);
  q = emit2(L, IR_IADD, TYPE_INT, q, q, sp);
  Val r = emit2(L, IR_ISUB, TYPE_INT, x, emit2(L, IR_IMUL, TYPE_INT, q, s, sp), sp);
  q = emit2(L, IR_IADD, TYPE_INT, q, emit3(L, IR_SELECT, TYPE_INT, ucmp_ge(L, r, s, sp), one, zero, sp), sp);
  if (s_positive) return q;
  Val big = emit3(L, IR_SELECT, TYPE_INT, ucmp_ge(L, x, s, sp), one, zero, sp);
  Val neg = emit_cmp(L, CMP_LT, s, zero, sp);
  return emit3(L, IR_SELECT, TYPE_INT, neg, big, q, sp);
}

/* Iterations of range(lo, hi, step) counting up (up) or down, as an unsigned 64-bit number:
 * lo < hi ? (hi - lo - 1) / step + 1 : 0 (down: mirrored, dividing by -step). */
static Val range_count_dir(Lower *L, Val start, Val stop, Val step, bool up, bool step_known, int64_t step_val, Span sp) {
  Val lo = up ? start : stop, hi = up ? stop : start;
  Val nonempty = emit_cmp(L, CMP_LT, lo, hi, sp);
  Val d = emit2(L, IR_ISUB, TYPE_INT, hi, lo, sp);
  Val n1;
  if (step_known && (step_val == 1 || step_val == -1)) {
    n1 = d;
  } else {
    Val one = emit_const_int(L, TYPE_INT, 1, sp);
    Val mag = up ? step : emit1(L, IR_INEG, TYPE_INT, step, sp);
    bool positive = step_known && step_val != INT64_MIN;
    Val q = udiv(L, emit2(L, IR_ISUB, TYPE_INT, d, one, sp), mag, positive, sp);
    n1 = emit2(L, IR_IADD, TYPE_INT, q, one, sp);
  }
  return emit3(L, IR_SELECT, TYPE_INT, nonempty, n1, emit_const_int(L, TYPE_INT, 0, sp), sp);
}

static bool is_range_call(Lower *L, const Expr *e) {
  if (e->kind != EXPR_CALL || e->u.call.func->kind != EXPR_NAME) return false;
  const char *name = e->u.call.func->u.name;
  if (func_local_index(L->s->info, name) >= 0) return false;
  Sym sym = resolve_global(L->b, L->s, name);
  return sym.kind == SYM_INTRINSIC && sym.fn->kind == FN_RANGE;
}

/* The skeleton both `for` loops share: a counter k (a temporary) from 0 while k != count, tested
 * in the `for.cond` header. ir/boundscheck.c recognizes this shape: the body's first
 * instruction loads k and the only stores to k are 0 and k + 1. */
typedef struct CountedLoop {
  IrBlock *header, *els, *end;
  Flow pre;                  /* the definite-assignment state at the header */
} CountedLoop;

/* Emits the counter and the header, opens the loop, and leaves L in the body; returns k there
 * (already incremented in memory for the next iteration). count unknown: inference with unknown
 * bounds, or an error; the body is still walked. */
static Val counted_loop_begin(Lower *L, const Stmt *s, Val count, CountedLoop *cl) {
  Span sp = s->u.for_.iter->span;
  bool known = is_known(count);
  uint32_t k = lower_temp(L, TYPE_INT, sp);
  if (known) emit_store(L, k, emit_const_int(L, TYPE_INT, 0, sp), sp);
  cl->header = lower_block_new(L, "for.cond");
  IrBlock *body = lower_block_new(L, "for.body");
  cl->els = s->u.for_.orelse.len ? lower_block_new(L, "for.else") : NULL;
  cl->end = lower_block_new(L, "for.end");
  emit_jump(L, cl->header, s->span);
  L->cur = cl->header;
  cl->pre = flow_copy(L, L->flow);
  Val more = known ? emit_cmp(L, CMP_NE, emit_load(L, k, TYPE_INT, sp), count, sp) : val_unknown();
  emit_branch(L, more, body, cl->els ? cl->els : cl->end, sp);
  loop_push(L, cl->end, cl->header);
  L->cur = body;
  if (!known) return val_unknown();
  Val kv = emit_load(L, k, TYPE_INT, sp);
  emit_store(L, k, emit2(L, IR_IADD, TYPE_INT, kv, emit_const_int(L, TYPE_INT, 1, sp), sp), sp);
  return kv;
}

/* Binds the loop variable to x, lowers the body and the else block, and closes the loop. */
static void counted_loop_end(Lower *L, const Stmt *s, CountedLoop *cl, Val x) {
  const Expr *target = s->u.for_.target;
  bind_local(L, func_local_index(L->s->info, target->u.name), x, target->span, s->u.for_.iter->span);
  lower_body(L, &s->u.for_.body);
  emit_jump(L, cl->header, s->span);
  loop_finish(L, cl->pre, &s->u.for_.orelse, cl->els, cl->end, s->span);
}

/* for x in a: a counter k from 0 to len(a), read once; x = a[k] unchecked (an element, or a row
 * view of an N-D array). */
static void lower_for_array(Lower *L, const Stmt *s, Val a) {
  Span sp = s->u.for_.iter->span;
  CountedLoop cl;
  Val kv = counted_loop_begin(L, s, is_known(a) ? lower_len(L, a, sp) : val_unknown(), &cl);
  counted_loop_end(L, s, &cl, is_known(kv) ? lower_elem_at(L, a, kv, sp) : val_unknown());
}

static void lower_for(Lower *L, const Stmt *s) {
  const Expr *target = s->u.for_.target, *iter = s->u.for_.iter;
  Span sp = iter->span;
  if (target->kind == EXPR_NAME && !is_range_call(L, iter)) {
    Val a = lower_expr(L, iter);
    if (!is_known(a) || type_is_array(a.type)) {
      lower_for_array(L, s, a);
      return;
    }
    char b1[32];
    lx_error(L, iter->span, "cannot iterate over a value of type %s (only range(...) and arrays)",
             type_name(a.type, b1));
    return;
  }
  if (target->kind != EXPR_NAME || !is_range_call(L, iter)) {
    lx_error(L, target->kind != EXPR_NAME ? target->span : iter->span,
             "only 'for NAME in range(...)' loops are supported");
    return;
  }
  const ExprVec *args = &iter->u.call.args;
  if (iter->u.call.keywords.len > 0) {
    lx_error(L, iter->u.call.keywords.data[0].span, "range() does not take keyword arguments");
    return;
  }
  if (args->len < 1 || args->len > 3) {
    lx_error(L, sp, "range expected %s, got %d", args->len < 1 ? "at least 1 argument" : "at most 3 arguments",
             args->len);
    return;
  }
  Val v[3];
  bool known = true;
  for (int i = 0; i < args->len; i++) {
    v[i] = lower_expr(L, args->data[i]);
    if (is_known(v[i]) && !type_is_int(v[i].type) && v[i].type.kind != TY_BOOL) {
      char b1[32];
      lx_error(L, args->data[i]->span, "range() arguments must be int, not %s", type_name(v[i].type, b1));
      v[i] = val_unknown();
    }
    v[i] = convert(L, v[i], TYPE_INT, args->data[i]->span);
    known = known && is_known(v[i]);
  }
  bool step_known = true;
  int64_t step_val = 1;
  if (args->len == 3) {
    ConstVal cv;
    step_known = const_fold(L->b, L->s, args->data[2], &cv) && !type_is_float(cv.type);
    step_val = step_known ? cv.v.i : 0;
    if (step_known && step_val == 0) {
      lx_error(L, args->data[2]->span, "range() arg 3 must not be zero");
      known = false;
    }
  }
  Val count = val_unknown(), start = val_unknown(), step = val_unknown();
  if (known) {
    start = args->len == 1 ? emit_const_int(L, TYPE_INT, 0, sp) : v[0];
    Val stop = args->len == 1 ? v[0] : v[1];
    step = args->len == 3 ? v[2] : emit_const_int(L, TYPE_INT, 1, sp);
    if (!step_known) {
      Val zero = emit_const_int(L, TYPE_INT, 0, sp);
      IrBlock *bad = lower_block_new(L, "range.zero");
      IrBlock *ok = lower_block_new(L, "range.ok");
      emit_branch(L, emit_cmp(L, CMP_EQ, step, zero, sp), bad, ok, sp);
      L->cur = bad;
      emit_raise(L, KRAIT_EXC_VALUE, "range() arg 3 must not be zero", args->data[2]->span);
      L->cur = ok;
      Val up = range_count_dir(L, start, stop, step, true, false, 0, sp);
      Val down = range_count_dir(L, start, stop, step, false, false, 0, sp);
      count = emit3(L, IR_SELECT, TYPE_INT, emit_cmp(L, CMP_GT, step, zero, sp), up, down, sp);
    } else {
      count = range_count_dir(L, start, stop, step, step_val > 0, true, step_val, sp);
    }
  }
  CountedLoop cl;
  Val kv = counted_loop_begin(L, s, count, &cl);
  Val i = {IR_NO_VALUE, TYPE_INT}; /* the loop variable is an int even while the bounds are unknown */
  if (is_known(kv)) {
    Val off = step_known && step_val == 1 ? kv : emit2(L, IR_IMUL, TYPE_INT, kv, step, sp);
    i = emit2(L, IR_IADD, TYPE_INT, start, off, sp);
  }
  counted_loop_end(L, s, &cl, i);
}

static void lower_return(Lower *L, const Stmt *s) {
  const Expr *value = s->u.ret.value;
  bool has_value = value && value->kind != EXPR_NONE;
  Val v = has_value ? lower_expr(L, value) : val_unknown();
  if (has_value && v.type.kind == TY_NONE) has_value = false; /* return g(), g returning None */
  v = infer_return(L, v, has_value, has_value ? value->span : s->span);
  IrInst *ret = ir_append(L->fn, L->cur, IR_RET, TYPE_NONE, s->span);
  ret->a = has_value && is_known(v) ? v.id : IR_NO_VALUE;
  lower_set_dead(L);
}

/* ------------------------------------------------------------------ assert, raise, import */

static ExcKind exc_kind_from_name(const char *name) {
  static const char *const names[] = {
#define X(k, s) s,
      KRAIT_EXC_KINDS(X)
#undef X
  };
  for (int i = 1; i < KRAIT_EXC__COUNT; i++)
    if (strcmp(names[i], name) == 0) return (ExcKind)i;
  return KRAIT_EXC_NONE;
}

/* A message argument: a string literal, or NULL for none; false (reported) otherwise. */
static bool message_of(Lower *L, const Expr *e, const char **out) {
  *out = NULL;
  if (!e) return true;
  if (e->kind == EXPR_STRING) {
    *out = e->u.str;
    return true;
  }
  return lx_error(L, e->span, "exception messages must be string literals");
}

static void lower_assert(Lower *L, const Stmt *s) {
  Val c = lower_truth(L, s->u.assert_.cond);
  IrBlock *ok = lower_block_new(L, "assert.ok");
  IrBlock *fail = lower_block_new(L, "assert.fail");
  emit_branch(L, c, ok, fail, s->u.assert_.cond->span);
  L->cur = fail;
  const char *msg;
  message_of(L, s->u.assert_.msg, &msg);
  emit_raise(L, KRAIT_EXC_ASSERTION, msg, s->span);
  L->cur = ok;
}

static void lower_raise(Lower *L, const Stmt *s) {
  const Expr *exc = s->u.raise.exc;
  if (!exc) {
    lx_error(L, s->span, "bare 'raise' is not supported (raise an exception such as ValueError(\"...\"))");
    return;
  }
  if (s->u.raise.cause) lx_error(L, s->u.raise.cause->span, "'raise ... from ...' is not supported");
  const Expr *name = exc, *msg_expr = NULL;
  if (exc->kind == EXPR_CALL) {
    name = exc->u.call.func;
    if (exc->u.call.args.len > 1 || exc->u.call.keywords.len > 0) {
      lx_error(L, exc->span, "exceptions take at most one argument, a string literal");
      return;
    }
    if (exc->u.call.args.len == 1) msg_expr = exc->u.call.args.data[0];
  }
  if (name->kind != EXPR_NAME) {
    lx_error(L, exc->span, "only 'raise Name' and 'raise Name(\"message\")' are supported");
    return;
  }
  ExcKind kind = exc_kind_from_name(name->u.name);
  if (kind == KRAIT_EXC_NONE) {
    lx_error(L, name->span, "unknown exception '%s' (expected a builtin exception such as ValueError)", name->u.name);
    return;
  }
  const char *msg;
  if (!message_of(L, msg_expr, &msg)) return;
  emit_raise(L, kind, msg, s->span);
  lower_set_dead(L);
}

static void lower_import(Lower *L, const Stmt *s) {
  bool from = s->kind == STMT_IMPORTFROM;
  if (from) {
    const char *mod = s->u.import.module;
    if (s->u.import.level > 0 || !mod) {
      lx_error(L, s->span, "relative imports are not supported");
      return;
    }
    if (!is_supported_module(mod)) {
      lx_error(L, s->span, "module '%s' is not supported (krait code can import math and numpy)", mod);
      return;
    }
    for (int i = 0; i < s->u.import.names.len; i++) {
      const ImportName *n = &s->u.import.names.data[i];
      if (strcmp(n->name, "*") == 0) lx_error(L, n->span, "'from %s import *' is not supported", mod);
      else if (strcmp(mod, "krait") != 0 && resolve_module_attr(mod, n->name).kind == SYM_NONE)
        lx_error(L, n->span, "cannot import name '%s' from '%s' (not supported by krait)", n->name, mod);
    }
    return;
  }
  for (int i = 0; i < s->u.import.names.len; i++) {
    const ImportName *n = &s->u.import.names.data[i];
    if (!is_supported_module(n->name))
      lx_error(L, n->span, "module '%s' is not supported (krait code can import math and numpy)", n->name);
  }
}

/* ------------------------------------------------------------------ dispatch */

static bool is_literal(const Expr *e) {
  return e->kind == EXPR_STRING || e->kind == EXPR_BYTES || e->kind == EXPR_ELLIPSIS || e->kind == EXPR_INT ||
         e->kind == EXPR_FLOAT || e->kind == EXPR_BOOL || e->kind == EXPR_NONE;
}

static void lower_stmt(Lower *L, const Stmt *s) {
  switch (s->kind) {
  case STMT_EXPR:
    if (!is_literal(s->u.expr)) lower_expr(L, s->u.expr); /* docstrings and `...` do nothing */
    return;
  case STMT_ASSIGN: lower_assign(L, s); return;
  case STMT_AUGASSIGN: lower_augassign(L, s); return;
  case STMT_ANNASSIGN: lower_annassign(L, s); return;
  case STMT_IF: lower_if(L, s); return;
  case STMT_WHILE: lower_while(L, s); return;
  case STMT_FOR: lower_for(L, s); return;
  case STMT_BREAK:
  case STMT_CONTINUE: {
    bool is_break = s->kind == STMT_BREAK;
    if (L->loops.len == 0) {
      lx_error(L, s->span, is_break ? "'break' outside loop" : "'continue' not properly in loop");
      return;
    }
    Loop *lp = &L->loops.data[L->loops.len - 1];
    if (is_break) flow_join(L, &lp->brk_flow, L->flow);
    emit_jump(L, is_break ? lp->brk : lp->cont, s->span);
    lower_set_dead(L);
    return;
  }
  case STMT_RETURN: lower_return(L, s); return;
  case STMT_PASS: return;
  case STMT_ASSERT: lower_assert(L, s); return;
  case STMT_RAISE: lower_raise(L, s); return;
  case STMT_IMPORT:
  case STMT_IMPORTFROM: lower_import(L, s); return;
  case STMT_GLOBAL: lx_error(L, s->span, "'global' statements are not supported"); return;
  case STMT_NONLOCAL: lx_error(L, s->span, "'nonlocal' statements are not supported"); return;
  case STMT_DEL: lx_error(L, s->span, "'del' statements are not supported"); return;
  case STMT_UNSUPPORTED: lx_error(L, s->span, "%s are not supported", s->u.unsupported); return;
  }
}

void lower_body(Lower *L, const StmtVec *body) {
  for (int i = 0; i < body->len; i++) lower_stmt(L, body->data[i]);
}
