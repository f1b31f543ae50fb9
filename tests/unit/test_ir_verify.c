/* test_ir_verify.c: the verifier accepts well-formed IR and rejects hand-built broken IR. */
#include "test_ir_common.h"

typedef struct VFixture {
  Arena arena;
  IrProgram prog;
  IrFunc *fn;
  DiagList diags;
} VFixture;

static VFixture *vnew(Type ret) {
  VFixture *v = kr_alloc(sizeof *v);
  arena_init(&v->arena);
  v->prog.arena = &v->arena;
  v->fn = ir_func_new(&v->prog, "f");
  v->fn->ret = ret;
  return v;
}

static void vdone(VFixture *v) {
  diag_list_free(&v->diags);
  arena_free(&v->arena);
  kr_free(v);
}

static const Span NOSPAN = {-1, -1};

static uint32_t iconst(IrFunc *fn, IrBlock *b, int64_t x) {
  IrInst *i = ir_append(fn, b, IR_CONST, TYPE_INT, NOSPAN);
  i->imm.i = x;
  return i->id;
}

static void ret(IrFunc *fn, IrBlock *b, uint32_t v) { ir_append(fn, b, IR_RET, TYPE_NONE, NOSPAN)->a = v; }

static bool has_message(const VFixture *v, const char *sub) {
  for (int i = 0; i < v->diags.len; i++)
    if (strstr(v->diags.items[i].message, sub)) return true;
  return false;
}

#define expect_rejected(v, sub)                                                              \
  do {                                                                                       \
    cr_expect(!ir_verify_func((v)->fn, &(v)->diags), "accepted");                            \
    cr_expect(has_message((v), (sub)), "no message containing '%s' (first: %s)", (sub),      \
              (v)->diags.len ? (v)->diags.items[0].message : "none");                        \
  } while (0)

Test(verify, accepts_well_formed) {
  VFixture *v = vnew(TYPE_INT);
  IrFunc *fn = v->fn;
  vec_push(fn->arena, &fn->params, TYPE_INT);
  vec_push(fn->arena, &fn->param_names, "n");
  uint32_t n = ir_add_local(fn, "n", TYPE_INT, NOSPAN);
  IrBlock *entry = ir_block_new(fn, "entry");
  IrBlock *then = ir_block_new(fn, "then");
  IrBlock *orelse = ir_block_new(fn, "else");
  IrInst *p = ir_append(fn, entry, IR_PARAM, TYPE_INT, NOSPAN);
  uint32_t pid = p->id;
  IrInst *st = ir_append(fn, entry, IR_STORE, TYPE_NONE, NOSPAN);
  st->a = n;
  st->b = pid;
  uint32_t two = iconst(fn, entry, 2);
  IrInst *c = ir_append(fn, entry, IR_ICMP, TYPE_BOOL, NOSPAN);
  c->aux = CMP_LT;
  c->a = pid;
  c->b = two;
  IrInst *br = ir_append(fn, entry, IR_BRANCH, TYPE_NONE, NOSPAN);
  br->a = c->id;
  br->b = then->id;
  br->c = orelse->id;
  ret(fn, then, pid); /* entry dominates then */
  IrInst *ld = ir_append(fn, orelse, IR_LOAD, TYPE_INT, NOSPAN);
  ld->a = n;
  IrInst *add = ir_append(fn, orelse, IR_IADD, TYPE_INT, NOSPAN);
  add->a = ld->id;
  add->b = two;
  ret(fn, orelse, add->id);
  cr_expect(ir_verify_func(fn, &v->diags), "%s", v->diags.len ? v->diags.items[0].message : "");
  vdone(v);
}

Test(verify, missing_terminator) {
  VFixture *v = vnew(TYPE_INT);
  IrBlock *b = ir_block_new(v->fn, "entry");
  iconst(v->fn, b, 1);
  expect_rejected(v, "does not end with a terminator");
  vdone(v);
}

Test(verify, empty_block) {
  VFixture *v = vnew(TYPE_NONE);
  IrBlock *b = ir_block_new(v->fn, "entry");
  IrBlock *e = ir_block_new(v->fn, "empty");
  ir_append(v->fn, b, IR_JUMP, TYPE_NONE, NOSPAN)->a = e->id;
  expect_rejected(v, "is empty");
  vdone(v);
}

Test(verify, terminator_in_the_middle) {
  VFixture *v = vnew(TYPE_NONE);
  IrBlock *b = ir_block_new(v->fn, "entry");
  ret(v->fn, b, IR_NO_VALUE);
  ret(v->fn, b, IR_NO_VALUE);
  expect_rejected(v, "terminator before the end");
  vdone(v);
}

Test(verify, use_before_def_in_block) {
  VFixture *v = vnew(TYPE_INT);
  IrBlock *b = ir_block_new(v->fn, "entry");
  IrInst *add = ir_append(v->fn, b, IR_IADD, TYPE_INT, NOSPAN);
  add->a = 1;
  add->b = 1;
  uint32_t addid = add->id;
  iconst(v->fn, b, 1); /* id 1, defined after its use */
  ret(v->fn, b, addid);
  expect_rejected(v, "used before its definition");
  vdone(v);
}

Test(verify, use_not_dominated) {
  VFixture *v = vnew(TYPE_INT);
  IrFunc *fn = v->fn;
  IrBlock *entry = ir_block_new(fn, "entry");
  IrBlock *a = ir_block_new(fn, "a");
  IrBlock *b = ir_block_new(fn, "b");
  IrBlock *join = ir_block_new(fn, "join");
  IrInst *c = ir_append(fn, entry, IR_CONST, TYPE_BOOL, NOSPAN);
  uint32_t cid = c->id;
  IrInst *br = ir_append(fn, entry, IR_BRANCH, TYPE_NONE, NOSPAN);
  br->a = cid;
  br->b = a->id;
  br->c = b->id;
  uint32_t x = iconst(fn, a, 7); /* defined only on one path */
  ir_append(fn, a, IR_JUMP, TYPE_NONE, NOSPAN)->a = join->id;
  ir_append(fn, b, IR_JUMP, TYPE_NONE, NOSPAN)->a = join->id;
  ret(fn, join, x);
  expect_rejected(v, "does not dominate");
  vdone(v);
}

Test(verify, undefined_operand) {
  VFixture *v = vnew(TYPE_INT);
  IrBlock *b = ir_block_new(v->fn, "entry");
  ret(v->fn, b, 99);
  expect_rejected(v, "is not defined");
  vdone(v);
}

Test(verify, operand_type_mismatch) {
  VFixture *v = vnew(TYPE_INT);
  IrFunc *fn = v->fn;
  IrBlock *b = ir_block_new(fn, "entry");
  uint32_t one = iconst(fn, b, 1);
  IrInst *f = ir_append(fn, b, IR_CONST, TYPE_FLOAT, NOSPAN);
  f->imm.f = 1.5;
  uint32_t fid = f->id;
  IrInst *add = ir_append(fn, b, IR_IADD, TYPE_INT, NOSPAN);
  add->a = one;
  add->b = fid;
  ret(fn, b, add->id);
  expect_rejected(v, "operand b has type float, expected int");
  vdone(v);
}

Test(verify, result_type_mismatch) {
  VFixture *v = vnew(TYPE_FLOAT);
  IrFunc *fn = v->fn;
  IrBlock *b = ir_block_new(fn, "entry");
  uint32_t one = iconst(fn, b, 1);
  IrInst *add = ir_append(fn, b, IR_FADD, TYPE_FLOAT, NOSPAN);
  add->a = one;
  add->b = one;
  ret(fn, b, add->id);
  expect_rejected(v, "has type int, expected float");
  vdone(v);
}

Test(verify, branch_condition_must_be_bool) {
  VFixture *v = vnew(TYPE_NONE);
  IrFunc *fn = v->fn;
  IrBlock *b = ir_block_new(fn, "entry");
  IrBlock *t = ir_block_new(fn, "t");
  uint32_t one = iconst(fn, b, 1);
  IrInst *br = ir_append(fn, b, IR_BRANCH, TYPE_NONE, NOSPAN);
  br->a = one;
  br->b = t->id;
  br->c = t->id;
  ret(fn, t, IR_NO_VALUE);
  expect_rejected(v, "condition has type int, expected bool");
  vdone(v);
}

Test(verify, return_type_mismatch) {
  VFixture *v = vnew(TYPE_FLOAT);
  IrBlock *b = ir_block_new(v->fn, "entry");
  ret(v->fn, b, iconst(v->fn, b, 3));
  expect_rejected(v, "value has type int, expected float");
  vdone(v);
}

Test(verify, missing_return_value) {
  VFixture *v = vnew(TYPE_INT);
  IrBlock *b = ir_block_new(v->fn, "entry");
  ret(v->fn, b, IR_NO_VALUE);
  expect_rejected(v, "returns no value");
  vdone(v);
}

Test(verify, indices_out_of_range) {
  VFixture *v = vnew(TYPE_NONE);
  IrFunc *fn = v->fn;
  IrBlock *b = ir_block_new(fn, "entry");
  IrInst *ld = ir_append(fn, b, IR_LOAD, TYPE_INT, NOSPAN);
  ld->a = 5;
  ir_append(fn, b, IR_JUMP, TYPE_NONE, NOSPAN)->a = 9;
  expect_rejected(v, "local index 5 out of range");
  cr_expect(has_message(v, "target block 9 out of range"));
  vdone(v);
}

Test(verify, raise_message_index) {
  VFixture *v = vnew(TYPE_NONE);
  IrBlock *b = ir_block_new(v->fn, "entry");
  IrInst *r = ir_append(v->fn, b, IR_RAISE, TYPE_NONE, NOSPAN);
  r->aux = KRAIT_EXC_VALUE;
  r->a = 3;
  expect_rejected(v, "message 3 out of range");
  vdone(v);
}

Test(verify, unknown_types_are_rejected) {
  VFixture *v = vnew(TYPE_NONE);
  IrBlock *b = ir_block_new(v->fn, "entry");
  ir_add_local(v->fn, "x", TYPE_UNKNOWN, NOSPAN);
  ir_append(v->fn, b, IR_CONST, TYPE_UNKNOWN, NOSPAN);
  ret(v->fn, b, IR_NO_VALUE);
  expect_rejected(v, "unknown");
  vdone(v);
}

Test(verify, math_arity) {
  VFixture *v = vnew(TYPE_FLOAT);
  IrFunc *fn = v->fn;
  IrBlock *b = ir_block_new(fn, "entry");
  IrInst *f = ir_append(fn, b, IR_CONST, TYPE_FLOAT, NOSPAN);
  uint32_t fid = f->id;
  IrInst *m = ir_append(fn, b, IR_MATH, TYPE_FLOAT, NOSPAN);
  m->aux = MATH_ATAN2;
  m->a = fid; /* b missing */
  ret(fn, b, m->id);
  expect_rejected(v, "not defined");
  vdone(v);
}

Test(verify, call_checked_against_callee) {
  VFixture *v = vnew(TYPE_INT);
  IrFunc *callee = ir_func_new(&v->prog, "g");
  callee->ret = TYPE_FLOAT;
  vec_push(callee->arena, &callee->params, TYPE_FLOAT);
  IrBlock *cb = ir_block_new(callee, "entry");
  IrInst *p = ir_append(callee, cb, IR_PARAM, TYPE_FLOAT, NOSPAN);
  ret(callee, cb, p->id);
  IrFunc *fn = v->fn;
  IrBlock *b = ir_block_new(fn, "entry");
  uint32_t one = iconst(fn, b, 1);
  vec_push(fn->arena, &fn->call_args, one);
  IrInst *call = ir_append(fn, b, IR_CALL, TYPE_INT, NOSPAN);
  call->a = 1;
  call->b = 0;
  call->c = 1;
  ret(fn, b, call->id);
  cr_expect(ir_verify_func(fn, &v->diags)); /* without the program the callee is not checked */
  cr_expect(!ir_verify_program(&v->prog, &v->diags));
  cr_expect(has_message(v, "differs from the return type float"));
  cr_expect(has_message(v, "argument 1 has type int, expected float"));
  vdone(v);
}

Test(verify, built_programs_verify) {
  IrFixture *f = ir_build_text("def f(n, x):\n"
                               "    t = 0.0\n"
                               "    for i in range(n, 0, -3):\n"
                               "        if i % 2 == 0 and x > 1 or not x:\n"
                               "            t += x ** i\n"
                               "        elif 0 < i < 10:\n"
                               "            continue\n"
                               "        else:\n"
                               "            t -= min(i, x)\n"
                               "    while t > 100:\n"
                               "        t /= 2\n"
                               "    return t if t > 0 else -t\n",
                               "f", "int,float");
  expect_built(f);
  cr_expect(ir_verify_program(f->prog, &f->diags));
  ir_done(f);
}
