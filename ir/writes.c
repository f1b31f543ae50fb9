/* writes.c: which array parameters compiled code may store into, for krait_function_writes_param
 * (the CLI's --write-back, read-only buffers in the Python extension).
 *
 * Requires: lowered functions. Produces: IrFunc.writes_params. An array value comes from a
 * parameter, a view of one (`a[i]` of a 2-D array), or from a local that holds one (locals may
 * hold several over time); each value gets
 * the set of parameters it may be, to a fixpoint over the locals. A function writes parameter i
 * when it stores into an element of a value that may be parameter i, or passes such a value to a
 * callee that writes the matching parameter (a fixpoint over the program, for recursion). */
#include "ir.h"

/* The writes of fn given its callees' current ones. */
static uint64_t function_writes(const IrFunc *fn, const IrProgram *p) {
  uint64_t *vmask = kr_alloc(sizeof(uint64_t) * (fn->nvalues + 1));
  uint64_t *lmask = kr_alloc(sizeof(uint64_t) * (size_t)(fn->locals.len + 1));
  for (uint32_t i = 0; i <= fn->nvalues; i++) vmask[i] = 0;
  for (int i = 0; i <= fn->locals.len; i++) lmask[i] = 0;
  bool changed = true;
  while (changed) {
    changed = false;
    for (int bi = 0; bi < fn->blocks.len; bi++) {
      const IrBlock *b = fn->blocks.data[bi];
      for (int k = 0; k < b->insts.len; k++) {
        const IrInst *in = &b->insts.data[k];
        if (in->op == IR_PARAM && type_is_array(in->type) && in->imm.i >= 0 && in->imm.i < 64)
          vmask[in->id] = (uint64_t)1 << in->imm.i;
        else if (in->op == IR_LOAD && type_is_array(in->type))
          vmask[in->id] = lmask[in->a];
        else if (in->op == IR_ARRAY_VIEW && in->a < fn->nvalues && vmask[in->id] != vmask[in->a]) {
          vmask[in->id] = vmask[in->a]; /* a row of parameter i writes parameter i */
          changed = true;
        }
        else if (in->op == IR_STORE && in->b < fn->nvalues && (lmask[in->a] | vmask[in->b]) != lmask[in->a]) {
          lmask[in->a] |= vmask[in->b];
          changed = true;
        }
      }
    }
  }
  uint64_t w = 0;
  for (int bi = 0; bi < fn->blocks.len; bi++) {
    const IrBlock *b = fn->blocks.data[bi];
    for (int k = 0; k < b->insts.len; k++) {
      const IrInst *in = &b->insts.data[k];
      if (in->op == IR_ARRAY_STORE && in->a < fn->nvalues) w |= vmask[in->a];
      if (in->op == IR_CALL && in->a < (uint32_t)p->funcs.len) {
        const IrFunc *callee = p->funcs.data[in->a];
        for (uint32_t j = 0; j < in->c && j < 64; j++) {
          uint32_t arg = fn->call_args.data[in->b + j];
          if ((callee->writes_params >> j & 1) && arg < fn->nvalues) w |= vmask[arg];
        }
      }
    }
  }
  kr_free(vmask);
  kr_free(lmask);
  return w;
}

void ir_compute_writes(IrProgram *p) {
  for (int i = 0; i < p->funcs.len; i++) p->funcs.data[i]->writes_params = 0;
  bool changed = true;
  while (changed) {
    changed = false;
    for (int i = 0; i < p->funcs.len; i++) {
      IrFunc *fn = p->funcs.data[i];
      uint64_t w = fn->writes_params | function_writes(fn, p);
      if (w != fn->writes_params) {
        fn->writes_params = w;
        changed = true;
      }
    }
  }
}
