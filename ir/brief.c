/* brief.c: whether a specialization finishes in bounded time, for krait_function_runs_briefly
 * (the Python extension keeps the GIL through calls of such functions: releasing it would cost
 * more than the call).
 *
 * Requires: lowered functions. Brief means: the requested function has no cycle in its control
 * flow and calls no compiled function, and every instruction is one known to take bounded time
 * (arithmetic, libm, one array element). An opcode not listed here counts as not brief, so a new
 * one that iterates (an array reduction, say) is never taken for brief by mistake. */
#include "ir.h"

static bool op_is_bounded(IrOp op) {
  switch (op) {
  case IR_CONST: case IR_PARAM: case IR_LOAD: case IR_STORE:
  case IR_IADD: case IR_ISUB: case IR_IMUL: case IR_INEG: case IR_IFLOORDIV: case IR_IMOD:
  case IR_IPOW: case IR_IPOWMOD: /* by squaring: at most 64 steps */
  case IR_IAND: case IR_IOR: case IR_IXOR: case IR_INOT: case IR_ISHL: case IR_ISHR: case IR_ICMP:
  case IR_FADD: case IR_FSUB: case IR_FMUL: case IR_FNEG: case IR_FDIV: case IR_FFLOORDIV: case IR_FMOD:
  case IR_FPOW: case IR_FCMP: case IR_MATH: case IR_ROUNDN:
  case IR_I2F: case IR_F2I: case IR_ICAST: case IR_FCAST: case IR_TRUTH: case IR_F2I_SAT: case IR_SELECT:
  case IR_ARRAY_DIM: case IR_BOUNDS_CHECK: case IR_INDEX_WRAP: case IR_ARRAY_LOAD: case IR_ARRAY_STORE:
  case IR_JUMP: case IR_BRANCH: case IR_RET: case IR_RAISE: case IR_UNREACHABLE:
    return true;
  default:
    return false; /* IR_CALL: the callee may loop or recurse */
  }
}

bool ir_program_runs_briefly(const IrProgram *p) {
  const IrFunc *fn = p->funcs.data[0];
  for (int bi = 0; bi < fn->blocks.len; bi++) {
    const IrBlock *b = fn->blocks.data[bi];
    for (int k = 0; k < b->insts.len; k++)
      if (!op_is_bounded(b->insts.data[k].op)) return false;
  }
  /* A cycle has an edge that does not go forward in reverse postorder (a back edge of the depth-
   * first search that numbered the blocks). */
  IrCfg g;
  ir_cfg_build(&g, fn);
  bool acyclic = true;
  for (int bi = 0; bi < fn->blocks.len && acyclic; bi++) {
    if (g.rpo_num[bi] < 0) continue; /* unreachable */
    uint32_t succ[2];
    int ns = ir_block_successors(fn->blocks.data[bi], succ);
    for (int k = 0; k < ns; k++)
      if (succ[k] < (uint32_t)fn->blocks.len && g.rpo_num[succ[k]] <= g.rpo_num[bi]) acyclic = false;
  }
  ir_cfg_free(&g);
  return acyclic;
}
