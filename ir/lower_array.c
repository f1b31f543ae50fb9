/* lower_array.c: lowering of array operations: element reads and writes (`a[i]`, `a[i, j]`,
 * `a[i][j]`), with Python's negative indices and NumPy's IndexError, row views (`a[i]` of a 2-D
 * array), `len(a)`, `a.shape[k]`, `n, m = a.shape`, `a.size`, `a.ndim`.
 *
 * An index becomes, per axis: IR_ARRAY_DIM (the size), IR_BOUNDS_CHECK (only when the function
 * is compiled with boundscheck), IR_INDEX_WRAP (i < 0 ? i + n : i); then IR_ARRAY_LOAD or
 * IR_ARRAY_STORE with every wrapped index, or IR_ARRAY_VIEW with fewer indices than dimensions.
 * ir/boundscheck.c removes the checks it can prove. */
#include "ir_internal.h"

#include <string.h>

static bool is_attr(const Expr *e, const char *name) {
  return e->kind == EXPR_ATTR && strcmp(e->u.attr.attr, name) == 0;
}

static IrInst *last_inst(Lower *L) { return &vec_last(&L->cur->insts); }

static Val emit_dim(Lower *L, Val a, int axis, Span sp) {
  Val n = emit1(L, IR_ARRAY_DIM, TYPE_INT, a, sp);
  last_inst(L)->imm.i = axis;
  return n;
}

Val lower_len(Lower *L, Val a, Span sp) { return emit_dim(L, a, 0, sp); }

static Val not_indexable(Lower *L, Val v, Span sp) {
  char b1[32];
  lx_error(L, sp, "indexing a value of type %s is not supported (only arrays can be indexed)", type_name(v.type, b1));
  return val_unknown();
}

/* a.shape[k] with a constant k (negative counts from the end, as for a tuple). */
static Val lower_shape_item(Lower *L, const Expr *e) {
  const Expr *shape = e->u.subscript.value;
  Val a = lower_expr(L, shape->u.attr.value);
  if (!is_known(a)) return a;
  if (!type_is_array(a.type)) return not_indexable(L, a, shape->span);
  ConstVal cv;
  const Expr *k = e->u.subscript.index;
  if (!const_fold(L->b, L->s, k, &cv) || type_is_float(cv.type)) {
    lx_error(L, k->span, "the index of a.shape must be a constant integer");
    return val_unknown();
  }
  int64_t axis = cv.v.i < 0 ? cv.v.i + a.type.ndim : cv.v.i;
  if (axis < 0 || axis >= a.type.ndim) {
    lx_error(L, k->span, "tuple index out of range (the array has %d dimension%s)", a.type.ndim,
             a.type.ndim == 1 ? "" : "s");
    return val_unknown();
  }
  return emit_dim(L, a, (int)axis, e->span);
}

ElemRef lower_elem_ref(Lower *L, const Expr *e) {
  ElemRef r = {0};
  /* a[i][j] is a[i, j]: collect the subscripts from the innermost out. */
  const Expr *chain[KRAIT_MAX_NDIM + 1];
  int nchain = 0;
  const Expr *base = e;
  while (base->kind == EXPR_SUBSCRIPT && nchain <= KRAIT_MAX_NDIM) {
    chain[nchain++] = base;
    base = base->u.subscript.value;
  }
  r.array = lower_expr(L, base);
  if (!is_known(r.array)) return r;
  if (!type_is_array(r.array.type)) {
    not_indexable(L, r.array, e->span);
    return r;
  }
  int ndim = r.array.type.ndim;
  const Expr *items[KRAIT_MAX_NDIM + 1];
  int n = 0;
  bool too_many = false;
  for (int c = nchain - 1; c >= 0; c--) {
    const Expr *idx = chain[c]->u.subscript.index;
    int k = idx->kind == EXPR_TUPLE ? idx->u.tuple.items.len : 1;
    for (int j = 0; j < k; j++) {
      if (n >= ndim) {
        too_many = true;
        break;
      }
      items[n++] = idx->kind == EXPR_TUPLE ? idx->u.tuple.items.data[j] : idx;
    }
  }
  if (too_many || nchain > KRAIT_MAX_NDIM) {
    int total = 0;
    for (int c = 0; c < nchain; c++) {
      const Expr *idx = chain[c]->u.subscript.index;
      total += idx->kind == EXPR_TUPLE ? idx->u.tuple.items.len : 1;
    }
    lx_error(L, e->span, "too many indices for array: array is %d-dimensional, but %d were indexed", ndim, total);
    return r;
  }
  bool ok = true;
  Val raw[KRAIT_MAX_NDIM];
  for (int i = 0; i < n; i++) {
    const Expr *x = items[i];
    if (x->kind == EXPR_SLICE) {
      lx_error(L, x->span, "slicing arrays is not supported (index with integers)");
      ok = false;
      continue;
    }
    Val v = lower_expr(L, x);
    if (is_known(v) && !type_is_int(v.type)) {
      char b1[32];
      lx_error(L, x->span, "array indices must be integers, not %s", type_name(v.type, b1));
      v = val_unknown();
    }
    raw[i] = convert(L, v, TYPE_INT, x->span);
    ok = ok && is_known(raw[i]);
  }
  if (!ok) return r;
  for (int i = 0; i < n; i++) {
    Span sp = e->span;
    Val size = emit_dim(L, r.array, i, sp);
    if (L->fn->boundscheck) {
      emit2(L, IR_BOUNDS_CHECK, TYPE_NONE, raw[i], size, sp);
      last_inst(L)->imm.i = i;
    }
    r.idx[i] = emit2(L, IR_INDEX_WRAP, TYPE_INT, raw[i], size, sp);
  }
  r.n = n;
  r.ok = true;
  return r;
}

/* IR_ARRAY_LOAD, IR_ARRAY_STORE or IR_ARRAY_VIEW of a at n indices. */
static Val emit_access(Lower *L, IrOp op, Val a, const Val *idx, int n, Val value, Span sp) {
  uint32_t first = (uint32_t)L->fn->call_args.len;
  for (int i = 0; i < n; i++) vec_push(L->arena, &L->fn->call_args, idx[i].id);
  if (op == IR_ARRAY_STORE) vec_push(L->arena, &L->fn->call_args, value.id);
  Type t = op == IR_ARRAY_LOAD ? type_elem(a.type) : TYPE_NONE;
  if (op == IR_ARRAY_VIEW) t = type_array((TypeKind)a.type.elem, a.type.ndim - n, (ArrayLayout)a.type.layout);
  Val r = emit1(L, op, t, a, sp);
  IrInst *inst = last_inst(L);
  inst->b = first;
  inst->c = (uint32_t)(n + (op == IR_ARRAY_STORE));
  return r;
}

/* A view keeps the array's layout: the remaining axes of a C-contiguous array are C-contiguous. */
Val lower_elem_load(Lower *L, ElemRef r, Span sp) {
  if (!r.ok) return val_unknown();
  IrOp op = r.n < r.array.type.ndim ? IR_ARRAY_VIEW : IR_ARRAY_LOAD;
  return emit_access(L, op, r.array, r.idx, r.n, val_unknown(), sp);
}

Val lower_elem_at(Lower *L, Val a, Val i, Span sp) {
  return emit_access(L, a.type.ndim > 1 ? IR_ARRAY_VIEW : IR_ARRAY_LOAD, a, &i, 1, val_unknown(), sp);
}

void lower_elem_store(Lower *L, ElemRef r, Val v, Span sp) {
  if (!r.ok || !is_known(v)) return;
  if (r.n < r.array.type.ndim) {
    char b1[32];
    lx_error(L, sp, "assigning to a row of %s is not supported (it needs %d indices; assign its elements)",
             type_name(r.array.type, b1), r.array.type.ndim);
    return;
  }
  if (!type_is_numeric(v.type)) {
    char b1[32], b2[32];
    lx_error(L, sp, "cannot store a value of type %s into an element of %s", type_name(v.type, b1),
             type_name(r.array.type, b2));
    return;
  }
  Val x = convert(L, v, type_elem(r.array.type), sp);
  emit_access(L, IR_ARRAY_STORE, r.array, r.idx, r.n, x, sp);
}

Val lower_subscript(Lower *L, const Expr *e) {
  if (is_attr(e->u.subscript.value, "shape")) return lower_shape_item(L, e);
  ElemRef r = lower_elem_ref(L, e);
  return lower_elem_load(L, r, e->span);
}

Val lower_array_attr(Lower *L, Val a, const Expr *e) {
  const char *attr = e->u.attr.attr;
  if (strcmp(attr, "ndim") == 0) return emit_const_int(L, TYPE_INT, a.type.ndim, e->span);
  if (strcmp(attr, "size") == 0) {
    Val n = emit_dim(L, a, 0, e->span);
    for (int k = 1; k < a.type.ndim; k++) n = emit2(L, IR_IMUL, TYPE_INT, n, emit_dim(L, a, k, e->span), e->span);
    return n;
  }
  if (strcmp(attr, "shape") == 0)
    lx_error(L, e->span, "'%s' is only supported indexed (a.shape[0]) or unpacked (n, m = a.shape)",
             span_text(L->b, e->span));
  else
    lx_error(L, e->u.attr.attr_span, "array attribute '%s' is not supported (arrays have shape, size and ndim)", attr);
  return val_unknown();
}

int lower_shape_tuple(Lower *L, const Expr *value, Val *out, int max) {
  if (!is_attr(value, "shape")) return 0;
  const Expr *base = value->u.attr.value;
  if (base->kind != EXPR_NAME || func_local_index(L->s->info, base->u.name) < 0) return 0;
  Val a = lower_expr(L, base);
  if (!is_known(a)) return -1;
  if (!type_is_array(a.type)) return 0;
  int n = a.type.ndim < max ? a.type.ndim : max;
  for (int k = 0; k < n; k++) out[k] = emit_dim(L, a, k, value->span);
  return n;
}
