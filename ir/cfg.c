/* cfg.c: the control-flow graph of an IrFunc for the IR passes: predecessors, reverse postorder
 * and immediate dominators (Cooper, Harvey and Kennedy's iteration). */
#include "ir.h"

int ir_block_successors(const IrBlock *blk, uint32_t succ[2]) {
  if (blk->insts.len == 0) return 0;
  const IrInst *t = &vec_last(&blk->insts);
  if (t->op == IR_JUMP) {
    succ[0] = t->a;
    return 1;
  }
  if (t->op == IR_BRANCH) {
    succ[0] = t->b;
    succ[1] = t->c;
    return 2;
  }
  return 0;
}

void ir_cfg_build(IrCfg *g, const IrFunc *fn) {
  int n = fn->blocks.len;
  g->nblocks = n;
  g->idom = kr_alloc(sizeof(int32_t) * (size_t)(n + 1));
  g->rpo_num = kr_alloc(sizeof(int32_t) * (size_t)(n + 1));
  g->pred_start = kr_alloc(sizeof(int32_t) * (size_t)(n + 2));
  g->preds = kr_alloc(sizeof(int32_t) * (size_t)(2 * n + 1));
  int32_t *order = kr_alloc(sizeof(int32_t) * (size_t)(n + 1)); /* postorder */
  int32_t *stack = kr_alloc(sizeof(int32_t) * (size_t)(2 * n + 2));
  uint8_t *seen = kr_alloc((size_t)(n + 1));
  int norder = 0, top = 0;
  for (int i = 0; i < n; i++) g->idom[i] = -1, g->rpo_num[i] = -1;
  if (n > 0) {
    stack[top++] = 0;
    stack[top++] = 0;
    seen[0] = 1;
  }
  while (top > 0) {
    int32_t b = stack[top - 2], k = stack[top - 1];
    uint32_t succ[2];
    int ns = ir_block_successors(fn->blocks.data[b], succ);
    if (k < ns) {
      stack[top - 1] = k + 1;
      if (succ[k] < (uint32_t)n && !seen[succ[k]]) {
        seen[succ[k]] = 1;
        stack[top++] = (int32_t)succ[k];
        stack[top++] = 0;
      }
      continue;
    }
    order[norder++] = b;
    top -= 2;
  }
  for (int i = 0; i < norder; i++) g->rpo_num[order[i]] = norder - 1 - i;
  /* Predecessors of reachable blocks, in CSR form: preds[pred_start[b] .. pred_start[b + 1]). */
  for (int p = 0; p < n; p++) {
    uint32_t succ[2];
    int ns = g->rpo_num[p] < 0 ? 0 : ir_block_successors(fn->blocks.data[p], succ);
    for (int k = 0; k < ns; k++)
      if (succ[k] < (uint32_t)n) g->pred_start[succ[k] + 1]++;
  }
  for (int i = 1; i <= n; i++) g->pred_start[i] += g->pred_start[i - 1];
  int32_t *fill = kr_alloc(sizeof(int32_t) * (size_t)(n + 1));
  for (int i = 0; i < n; i++) fill[i] = g->pred_start[i];
  for (int p = 0; p < n; p++) {
    uint32_t succ[2];
    int ns = g->rpo_num[p] < 0 ? 0 : ir_block_successors(fn->blocks.data[p], succ);
    for (int k = 0; k < ns; k++)
      if (succ[k] < (uint32_t)n) g->preds[fill[succ[k]]++] = p;
  }
  kr_free(fill);
  if (n > 0) g->idom[0] = 0;
  bool changed = n > 0;
  while (changed) {
    changed = false;
    for (int i = norder - 1; i >= 0; i--) {
      int32_t b = order[i];
      if (b == 0) continue;
      int32_t new_idom = -1;
      for (int k = g->pred_start[b]; k < g->pred_start[b + 1]; k++) {
        int32_t p = g->preds[k];
        if (g->idom[p] < 0) continue;
        if (new_idom < 0) {
          new_idom = p;
          continue;
        }
        int32_t x = p, y = new_idom;
        while (x != y) {
          while (g->rpo_num[x] > g->rpo_num[y]) x = g->idom[x];
          while (g->rpo_num[y] > g->rpo_num[x]) y = g->idom[y];
        }
        new_idom = x;
      }
      if (new_idom >= 0 && g->idom[b] != new_idom) {
        g->idom[b] = new_idom;
        changed = true;
      }
    }
  }
  kr_free(order);
  kr_free(stack);
  kr_free(seen);
}

void ir_cfg_free(IrCfg *g) {
  kr_free(g->idom);
  kr_free(g->rpo_num);
  kr_free(g->pred_start);
  kr_free(g->preds);
}

bool ir_cfg_dominates(const IrCfg *g, int32_t a, int32_t b) {
  if (a < 0 || b < 0 || g->rpo_num[a] < 0 || g->rpo_num[b] < 0) return false;
  while (true) {
    if (a == b) return true;
    if (b == 0) return false;
    b = g->idom[b];
  }
}
