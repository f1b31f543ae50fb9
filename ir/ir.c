/* ir.c: building the typed IR: functions, blocks, instructions, locals and the opcode table. */
#include "ir.h"

const IrOpInfo ir_op_info[IR__COUNT] = {
#define X(name, nargs, raises) [name] = {#name, nargs, raises},
    IR_OPS(X)
#undef X
};

IrFunc *ir_func_new(IrProgram *prog, const char *name) {
  IrFunc *fn = arena_new(prog->arena, IrFunc);
  fn->arena = prog->arena;
  fn->name = arena_strdup(prog->arena, name);
  fn->symbol = fn->name;
  fn->src = prog->src;
  fn->ret = TYPE_NONE;
  fn->boundscheck = true;
  vec_push(prog->arena, &prog->funcs, fn);
  return fn;
}

IrBlock *ir_block_new(IrFunc *fn, const char *label) {
  Arena *a = fn->arena;
  IrBlock *b = arena_new(a, IrBlock);
  b->id = (uint32_t)fn->blocks.len;
  b->label = label;
  vec_push(a, &fn->blocks, b);
  return b;
}

IrInst *ir_append(IrFunc *fn, IrBlock *b, IrOp op, Type type, Span span) {
  IrInst inst = {0};
  inst.op = (uint8_t)op;
  inst.type = type_ir(type); /* strength is a lowering notion (ir.h, TYPE_STRONG) */
  inst.id = fn->nvalues++;
  inst.a = inst.b = inst.c = IR_NO_VALUE;
  inst.span = span;
  if (fn->fastmath) inst.flags |= IR_FLAG_FASTMATH;
  vec_push(fn->arena, &b->insts, inst);
  return &vec_last(&b->insts);
}

bool ir_block_is_terminated(const IrBlock *b) {
  if (b->insts.len == 0) return false;
  IrOp op = (IrOp)b->insts.data[b->insts.len - 1].op;
  return op == IR_JUMP || op == IR_BRANCH || op == IR_RET || op == IR_RAISE || op == IR_UNREACHABLE;
}

uint32_t ir_add_local(IrFunc *fn, const char *name, Type type, Span span) {
  IrLocal l = {name, type_ir(type), span};
  vec_push(fn->arena, &fn->locals, l);
  return (uint32_t)fn->locals.len - 1;
}

uint32_t ir_add_string(IrFunc *fn, const char *s) {
  vec_push(fn->arena, &fn->strings, s);
  return (uint32_t)fn->strings.len - 1;
}
