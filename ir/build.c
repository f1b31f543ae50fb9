/* build.c: the driver of the IR stage. ir_build reads the requested function, infers the types of
 * every specialization it reaches (infer.c), lowers each reached specialization to the typed CFG
 * IR (lower_*.c), removes unreachable blocks and runs the verifier:
 *
 *   parse (on demand) -> resolve -> infer (fixpoint) -> lower -> cleanup -> verify
 *
 * Nothing is returned when any error was reported. */
#include "ir_internal.h"

#include <string.h>

uint32_t spec_func_index(Build *b, Spec *s) {
  if (s->func_index < 0) {
    /* The final lowering reaches exactly what the last inference walk reached. */
    kr_assert(s->walks > 0);
    ir_func_new(b->prog, s->name);
    s->func_index = b->prog->funcs.len - 1;
    vec_push(b->arena, &b->worklist, s);
  }
  return (uint32_t)s->func_index;
}

void lower_spec(Build *b, Spec *s, bool final) {
  const FuncDef *def = s->info->def;
  Arena scratch;
  IrFunc *fn;
  if (final) {
    fn = b->prog->funcs.data[s->func_index];
  } else {
    /* Inference walks lower into a throwaway function. */
    arena_init(&scratch);
    IrProgram *prog = arena_new(&scratch, IrProgram);
    prog->arena = &scratch;
    prog->src = b->src;
    fn = ir_func_new(prog, s->name);
    s->returns_value = s->returns_none = false;
  }
  fn->symbol = spec_symbol(b, s);
  fn->span = def->span;
  fn->fastmath = b->opts.fastmath;
  fn->boundscheck = b->opts.boundscheck;
  Lower L = {0};
  L.b = b;
  L.s = s;
  L.fn = fn;
  L.arena = fn->arena;
  L.final = final;
  L.errors_at_start = b->d->nerrors;
  const FuncInfo *info = s->info;
  for (int i = 0; i < info->locals.len; i++) {
    LocalInfo *li = &s->locals[i];
    Type t = li->type.kind == TY_UNKNOWN && final ? TYPE_INT : li->type; /* unused, or after an error */
    li->slot = ir_add_local(fn, li->decl->name, t, li->decl->span);
    if (li->needs_flag)
      li->flag_slot = ir_add_local(fn, arena_printf(L.arena, "$set.%s", li->decl->name), TYPE_BOOL, li->decl->span);
  }
  fn->ret = type_ir(s->ret);
  L.cur = ir_block_new(fn, "entry");
  L.flow.live = true;
  L.flow.da = arena_array(L.arena, uint8_t, info->locals.len > 0 ? info->locals.len : 1);
  for (int i = 0; i < s->nparams; i++) {
    const Param *p = &def->params.data[i];
    vec_push(fn->arena, &fn->params, s->params[i]);
    vec_push(fn->arena, &fn->param_names, p->name);
    IrInst *inst = ir_append(fn, L.cur, IR_PARAM, s->params[i], p->span);
    inst->imm.i = i;
    Val v = {inst->id, s->params[i]};
    bind_local(&L, i, v, p->span, p->span);
  }
  if (final) {
    for (int i = 0; i < info->locals.len; i++) {
      LocalInfo *li = &s->locals[i];
      if (li->needs_flag) emit_store(&L, li->flag_slot, emit_const_int(&L, TYPE_BOOL, 0, def->name_span), def->name_span);
    }
  }
  lower_body(&L, &def->body);
  /* Falling off the end returns None. */
  bool value_fn = s->returns_value || (s->ret_declared && s->ret.kind != TY_NONE);
  if (L.flow.live) {
    if (!final) {
      s->returns_none = true;
    } else if (value_fn) {
      char b1[32];
      Span last = def->body.len ? vec_last(&def->body)->span : def->name_span;
      if (s->returns_value)
        lx_error(&L, def->name_span, "function '%s' returns a value on some paths and None on others", s->name);
      else
        lx_error(&L, def->name_span, "function '%s' is annotated to return %s but can end without a return",
                 s->name, type_name(s->ret, b1));
      lx_note(&L, last, "the end of the function is reached after this statement");
    }
    IrInst *ret = ir_append(fn, L.cur, IR_RET, TYPE_NONE, def->name_span);
    ret->a = IR_NO_VALUE;
  } else {
    ir_append(fn, L.cur, IR_UNREACHABLE, TYPE_NONE, def->name_span);
  }
  if (final) {
    s->lowered = true;
    s->final_errors = b->d->nerrors - L.errors_at_start;
    return;
  }
  if (!s->ret_declared && !s->returns_value && s->ret.kind == TY_UNKNOWN) {
    s->ret = TYPE_NONE;
    b->changed = true;
  }
  s->walks++;
  arena_free(&scratch);
}

/* Removes the blocks the entry cannot reach (code after return, joins of paths that all left)
 * and renumbers the rest in order. */
static void remove_unreachable(IrFunc *fn) {
  int n = fn->blocks.len;
  if (n == 0) return;
  int *map = kr_alloc(sizeof(int) * (size_t)n);
  int *stack = kr_alloc(sizeof(int) * (size_t)n);
  for (int i = 0; i < n; i++) map[i] = -1;
  int top = 0;
  stack[top++] = 0;
  map[0] = 0;
  while (top > 0) {
    IrBlock *blk = fn->blocks.data[stack[--top]];
    if (blk->insts.len == 0) continue;
    const IrInst *t = &vec_last(&blk->insts);
    uint32_t succ[2] = {IR_NO_VALUE, IR_NO_VALUE};
    if (t->op == IR_JUMP) succ[0] = t->a;
    if (t->op == IR_BRANCH) succ[0] = t->b, succ[1] = t->c;
    for (int k = 0; k < 2; k++) {
      if (succ[k] != IR_NO_VALUE && succ[k] < (uint32_t)n && map[succ[k]] < 0) {
        map[succ[k]] = 0;
        stack[top++] = (int)succ[k];
      }
    }
  }
  int kept = 0;
  for (int i = 0; i < n; i++) {
    if (map[i] < 0) continue;
    map[i] = kept;
    fn->blocks.data[kept] = fn->blocks.data[i];
    fn->blocks.data[kept]->id = (uint32_t)kept;
    kept++;
  }
  fn->blocks.len = kept;
  for (int i = 0; i < kept; i++) {
    IrBlock *blk = fn->blocks.data[i];
    if (blk->insts.len == 0) continue;
    IrInst *t = &vec_last(&blk->insts);
    if (t->op == IR_JUMP) t->a = (uint32_t)map[t->a];
    if (t->op == IR_BRANCH) {
      t->b = (uint32_t)map[t->b];
      t->c = (uint32_t)map[t->c];
    }
  }
  kr_free(map);
  kr_free(stack);
}

IrProgram *ir_build(Arena *a, Module *m, const char *name, const Type *args, int nargs,
                    const CompileOptions *opts, DiagList *d) {
  Build b = {0};
  b.arena = a;
  b.m = m;
  b.src = m->src;
  b.d = d;
  CompileOptions defaults = {3, false, true, false};
  b.opts = opts ? *opts : defaults;
  int errors0 = d->nerrors;
  ModuleFunc *mf = module_find_func(m, name);
  if (!mf) {
    Span none = {-1, -1};
    diag_error(d, m->src, none, "no function named '%s' in %s", name, m->src->name);
    return NULL;
  }
  FuncInfo *info = func_info_get(&b, mf);
  if (!info->ok) return NULL;
  Span at = info->def->name_span;
  if (nargs != info->nparams) {
    diag_error(d, m->src, at, "%s() takes %d argument%s but %d %s given", name, info->nparams,
               info->nparams == 1 ? "" : "s", nargs, nargs == 1 ? "was" : "were");
    return NULL;
  }
  for (int i = 0; i < nargs; i++) {
    const LocalDecl *l = &info->locals.data[i];
    char b1[32], b2[32];
    Type t = args[i];
    bool array_ok = type_is_array(t) && t.ndim >= 1 && t.ndim <= KRAIT_MAX_NDIM && t.layout <= LAYOUT_C &&
                    type_is_numeric(type_of((TypeKind)t.elem));
    if ((!type_is_numeric(t) && !array_ok) || type_is_strong(type_ir(t)) != type_is_strong(t)) {
      diag_error(d, m->src, l->span, "unsupported argument type %s for parameter '%s' (expected a number or an array)",
                 type_name(args[i], b1), l->name);
    } else if (l->declared && !type_eq(l->decl_type, args[i])) {
      diag_error(d, m->src, l->span, "parameter '%s' is annotated %s but the argument is %s", l->name,
                 type_name(l->decl_type, b1), type_name(args[i], b2));
    }
  }
  if (d->nerrors > errors0) return NULL;
  Spec *entry = spec_get(&b, mf, args, nargs, at, true);
  if (!entry) return NULL;
  infer_all(&b);

  IrProgram *prog = arena_new(a, IrProgram);
  prog->arena = a;
  prog->src = m->src;
  b.prog = prog;
  spec_func_index(&b, entry);
  for (int i = 0; i < b.worklist.len; i++) lower_spec(&b, b.worklist.data[i], true);
  /* A return type that depends only on itself: fib(n) = fib(n - 1) with no base case value.
   * After other errors an unknown return type may be their consequence: report those first. */
  bool clean = d->nerrors == errors0;
  for (int i = 0; i < b.worklist.len && clean; i++) {
    Spec *s = b.worklist.data[i];
    if (s->returns_value && s->ret.kind == TY_UNKNOWN)
      diag_error(d, m->src, s->info->def->name_span,
                 "cannot infer the return type of recursive function '%s'; annotate its return type", s->name);
  }
  if (d->nerrors > errors0) return NULL;
  for (int i = 0; i < prog->funcs.len; i++) remove_unreachable(prog->funcs.data[i]);
  if (b.opts.verify && !ir_verify_program(prog, d)) return NULL;
  /* Bounds-check elimination, then the verifier again. */
  bool any_checks = false;
  for (int i = 0; i < prog->funcs.len; i++) any_checks |= prog->funcs.data[i]->boundscheck;
  if (any_checks) {
    for (int i = 0; i < prog->funcs.len; i++) ir_boundscheck_func(prog->funcs.data[i]);
    if (b.opts.verify && !ir_verify_program(prog, d)) return NULL;
  }
  ir_compute_writes(prog);
  return prog;
}
