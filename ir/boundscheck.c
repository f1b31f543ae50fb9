/* boundscheck.c: bounds-check elimination, the IR pass ir_build runs after lowering (contract in
 * ir.h). Lowering keeps locals in memory (IR_LOAD/IR_STORE), so the pass first finds, for a load,
 * the one store it can read (its unique reaching store); it then recognizes the counted loops
 * lower_for emits for `for i in range(start, stop)` (step 1):
 *
 *   %k0 = const 0 ... store $tmpK, %k0          before the loop: the counter starts at 0
 *   for.cond:  %c = icmp ne (load $tmpK), %count ; branch %c, for.body, ...
 *   for.body:  %kv = load $tmpK                  first instruction of the body
 *              %i  = iadd %start, %kv
 *              store $tmpK, (iadd %kv, 1)        the counter's only other store
 *   %count = select (icmp lt %start, %stop), (isub %stop, %start), 0
 *
 * so in for.body 0 <= kv < count and start <= i < stop. An index i + c (c constant) is then in
 * [0, size) when start + c >= 0 (start a constant) and stop + c <= size, where stop is size - d
 * (d >= c) of the same array and axis: `len(a)`, `a.shape[k]`, or a local holding one of those,
 * possibly less a constant. Arrays are the same when both resolve to one value (a parameter the
 * function never rebinds): a descriptor never changes during a call. */
#include "ir.h"

typedef struct Bce {
  IrFunc *fn;
  IrCfg cfg;
  int32_t *def_block;        /* per value id: block of its definition, or -1 */
  int32_t *def_pos;
  uint8_t *mark;             /* per block, scratch for searches */
  int32_t *queue;
} Bce;

static IrInst *def_of(Bce *x, uint32_t id) {
  if (id >= x->fn->nvalues || x->def_block[id] < 0) return NULL;
  return &x->fn->blocks.data[x->def_block[id]]->insts.data[x->def_pos[id]];
}

static bool stores_local(const IrBlock *b, uint32_t local, int from, int to) {
  for (int i = from; i < to && i < b->insts.len; i++)
    if (b->insts.data[i].op == IR_STORE && b->insts.data[i].a == local) return true;
  return false;
}

/* The value the load at (block, pos) of `local` reads when one store alone can reach it; else
 * IR_NO_VALUE. The store is the last one in the load's block before it, or the last one in the
 * nearest dominator that has one, provided no block on a path from there to the load (the
 * blocks that reach the load backwards without passing the dominator) stores the local. */
static uint32_t reaching_store(Bce *x, int32_t block, int pos, uint32_t local) {
  const IrBlock *b = x->fn->blocks.data[block];
  for (int i = pos - 1; i >= 0; i--)
    if (b->insts.data[i].op == IR_STORE && b->insts.data[i].a == local) return b->insts.data[i].b;
  int32_t d = block;
  const IrInst *store = NULL;
  while (d != 0 && !store) {
    d = x->cfg.idom[d];
    if (d < 0) return IR_NO_VALUE;
    const IrBlock *db = x->fn->blocks.data[d];
    for (int i = db->insts.len - 1; i >= 0 && !store; i--)
      if (db->insts.data[i].op == IR_STORE && db->insts.data[i].a == local) store = &db->insts.data[i];
  }
  if (!store) return IR_NO_VALUE;
  int n = x->fn->blocks.len, head = 0, tail = 0;
  for (int i = 0; i < n; i++) x->mark[i] = 0;
  x->mark[d] = 1;
  for (int k = x->cfg.pred_start[block]; k < x->cfg.pred_start[block + 1]; k++) {
    int32_t p = x->cfg.preds[k];
    if (!x->mark[p]) x->mark[p] = 1, x->queue[tail++] = p;
  }
  while (head < tail) {
    int32_t c = x->queue[head++];
    const IrBlock *cb = x->fn->blocks.data[c];
    /* The load's own block, reached again around a loop: its stores after the load count too. */
    if (stores_local(cb, local, 0, cb->insts.len)) return IR_NO_VALUE;
    for (int k = x->cfg.pred_start[c]; k < x->cfg.pred_start[c + 1]; k++) {
      int32_t p = x->cfg.preds[k];
      if (!x->mark[p]) x->mark[p] = 1, x->queue[tail++] = p;
    }
  }
  return store->b;
}

/* The value id a value stands for, seen through loads with a unique reaching store. */
static uint32_t resolve(Bce *x, uint32_t id) {
  for (int depth = 0; depth < 64; depth++) {
    IrInst *in = def_of(x, id);
    if (!in || in->op != IR_LOAD) return id;
    uint32_t v = reaching_store(x, x->def_block[id], x->def_pos[id], in->a);
    if (v == IR_NO_VALUE) return id;
    id = v;
  }
  return id;
}

static bool const_value(Bce *x, uint32_t id, int64_t *out) {
  IrInst *in = def_of(x, resolve(x, id));
  if (!in || in->op != IR_CONST || !type_is_int(in->type)) return false;
  *out = in->imm.i;
  return true;
}

/* Whether every store of the counter `local` is a constant 0 or `iadd kv, 1` with kv the load
 * at the start of `body`. */
static bool counter_stores_ok(Bce *x, uint32_t local, uint32_t kv) {
  for (int bi = 0; bi < x->fn->blocks.len; bi++) {
    const IrBlock *b = x->fn->blocks.data[bi];
    for (int i = 0; i < b->insts.len; i++) {
      const IrInst *in = &b->insts.data[i];
      if (in->op != IR_STORE || in->a != local) continue;
      IrInst *v = def_of(x, in->b);
      int64_t c;
      if (v && v->op == IR_CONST && v->imm.i == 0) continue;
      if (v && v->op == IR_IADD && v->a == kv && const_value(x, v->b, &c) && c == 1) continue;
      return false;
    }
  }
  return true;
}

/* When value i is the variable of a counted range loop (see the file comment), its start and
 * stop. */
static bool range_var(Bce *x, uint32_t i, uint32_t *start, uint32_t *stop) {
  IrInst *add = def_of(x, i);
  if (!add || add->op != IR_IADD) return false;
  IrInst *kv = def_of(x, add->b);
  if (!kv || kv->op != IR_LOAD || x->def_pos[add->b] != 0) return false;
  int32_t body = x->def_block[add->b];
  if (x->cfg.pred_start[body + 1] - x->cfg.pred_start[body] != 1) return false;
  const IrBlock *header = x->fn->blocks.data[x->cfg.preds[x->cfg.pred_start[body]]];
  const IrInst *br = &vec_last(&header->insts);
  if (br->op != IR_BRANCH || br->b != (uint32_t)body) return false;
  IrInst *cmp = def_of(x, br->a);
  if (!cmp || cmp->op != IR_ICMP || cmp->aux != CMP_NE) return false;
  IrInst *k = def_of(x, cmp->a);
  if (!k || k->op != IR_LOAD || k->a != kv->a) return false;
  IrInst *count = def_of(x, cmp->b);
  if (!count || count->op != IR_SELECT) return false;
  IrInst *lt = def_of(x, count->a), *sub = def_of(x, count->b);
  int64_t zero;
  if (!lt || !sub || lt->op != IR_ICMP || lt->aux != CMP_LT || sub->op != IR_ISUB) return false;
  if (!const_value(x, count->c, &zero) || zero != 0) return false;
  if (lt->a != add->a || sub->b != add->a || lt->b != sub->a) return false;
  if (!counter_stores_ok(x, kv->a, add->b)) return false;
  *start = add->a;
  *stop = lt->b;
  return true;
}

/* Splits v into base + c with c a constant (iadd/isub of a constant). */
static uint32_t split_offset(Bce *x, uint32_t v, int64_t *c) {
  *c = 0;
  v = resolve(x, v);
  IrInst *in = def_of(x, v);
  int64_t k;
  if (in && in->op == IR_IADD && const_value(x, in->b, &k)) return *c = k, resolve(x, in->a);
  if (in && in->op == IR_IADD && const_value(x, in->a, &k)) return *c = k, resolve(x, in->b);
  if (in && in->op == IR_ISUB && const_value(x, in->b, &k) && k != INT64_MIN) return *c = -k, resolve(x, in->a);
  return v;
}

/* The array and axis an array_dim reads, through views: axis k of a view with c leading indices
 * of array a is axis c + k of a, whichever row the view is (every row has a's shape). */
static bool dim_source(Bce *x, uint32_t v, uint32_t *array, int64_t *axis) {
  IrInst *d = def_of(x, v);
  if (!d || d->op != IR_ARRAY_DIM) return false;
  *axis = d->imm.i;
  uint32_t a = resolve(x, d->a);
  for (IrInst *view = def_of(x, a); view && view->op == IR_ARRAY_VIEW; view = def_of(x, a)) {
    *axis += view->c;
    a = resolve(x, view->a);
  }
  *array = a;
  return true;
}

/* Whether two values are the same axis of the same array. */
static bool same_dim(Bce *x, uint32_t a, uint32_t b) {
  a = resolve(x, a);
  b = resolve(x, b);
  if (a == b) return true;
  uint32_t arr_a, arr_b;
  int64_t axis_a, axis_b;
  return dim_source(x, a, &arr_a, &axis_a) && dim_source(x, b, &arr_b, &axis_b) && axis_a == axis_b &&
         arr_a == arr_b;
}

/* What is known of one check: its index is >= 0 (nonneg) and < size (below). */
static void analyze(Bce *x, const IrInst *check, bool *nonneg, bool *below) {
  *nonneg = *below = false;
  int64_t c = 0, s;
  uint32_t base = resolve(x, check->a), start, stop;
  if (const_value(x, check->a, &s)) {
    *nonneg = s >= 0;
    return;
  }
  if (!range_var(x, base, &start, &stop)) {
    base = split_offset(x, check->a, &c);
    if (!range_var(x, base, &start, &stop)) return;
  }
  if (const_value(x, start, &s) && s >= 0 && c >= -s) *nonneg = true;
  int64_t d;
  uint32_t size = split_offset(x, stop, &d);
  if (same_dim(x, size, check->b) && d <= 0 && c <= -d) *below = true;
}

int ir_boundscheck_func(IrFunc *fn) {
  if (fn->blocks.len == 0) return 0;
  Bce x = {0};
  x.fn = fn;
  ir_cfg_build(&x.cfg, fn);
  size_t nv = fn->nvalues + 1, nb = (size_t)fn->blocks.len + 1;
  x.def_block = kr_alloc(sizeof(int32_t) * nv);
  x.def_pos = kr_alloc(sizeof(int32_t) * nv);
  x.mark = kr_alloc(nb);
  x.queue = kr_alloc(sizeof(int32_t) * nb);
  for (size_t i = 0; i < nv; i++) x.def_block[i] = -1;
  for (int bi = 0; bi < fn->blocks.len; bi++) {
    const IrBlock *b = fn->blocks.data[bi];
    for (int i = 0; i < b->insts.len; i++) {
      uint32_t id = b->insts.data[i].id;
      if (id < fn->nvalues) x.def_block[id] = bi, x.def_pos[id] = i;
    }
  }
  int removed = 0;
  for (int bi = 0; bi < fn->blocks.len; bi++) {
    IrBlock *b = fn->blocks.data[bi];
    if (x.cfg.rpo_num[bi] < 0) continue;
    for (int i = 0; i < b->insts.len; i++) {
      IrInst *in = &b->insts.data[i];
      if (in->op != IR_BOUNDS_CHECK && in->op != IR_INDEX_WRAP) continue;
      bool nonneg, below;
      analyze(&x, in, &nonneg, &below);
      if (nonneg) in->flags |= IR_FLAG_NONNEG;
      if (in->op == IR_BOUNDS_CHECK && nonneg && below) {
        in->op = IR_UNREACHABLE; /* marked for removal below; definitions keep their positions */
        removed++;
      }
    }
  }
  /* Drop the proven checks (they define no value, so no position another uses moves). */
  for (int bi = 0; bi < fn->blocks.len && removed; bi++) {
    IrBlock *b = fn->blocks.data[bi];
    int out = 0;
    for (int i = 0; i < b->insts.len; i++) {
      bool dead = b->insts.data[i].op == IR_UNREACHABLE && i + 1 < b->insts.len;
      if (!dead) b->insts.data[out++] = b->insts.data[i];
    }
    b->insts.len = out;
  }
  kr_free(x.def_block);
  kr_free(x.def_pos);
  kr_free(x.mark);
  kr_free(x.queue);
  ir_cfg_free(&x.cfg);
  return removed;
}
