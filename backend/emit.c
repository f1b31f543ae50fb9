/* emit.c: typed IR to LLVM IR. Functions and their native signatures, blocks, locals, calls,
 * control flow and raising; the arithmetic lives in emit_arith.c, math and conversions in
 * emit_math.c.
 *
 * Contract: the program passed the IR verifier (types fit the ops, definitions dominate uses).
 * Produces one module holding every function of the program: funcs[0] external under its symbol,
 * the others internal (each compile job gets its own copies, so modules never clash in the JIT).
 * Locals become entry-block allocas for SROA/mem2reg; no instruction carries nsw/nuw, and float
 * instructions carry fast-math flags only in fastmath functions. */
#include "backend_internal.h"

#include <string.h>

/* ---- types ---- */

LLVMTypeRef emit_type(Emitter *em, Type t) {
  switch ((TypeKind)t.kind) {
  case TY_BOOL: return em->i1;
  case TY_I8: case TY_U8: return em->i8;
  case TY_I16: case TY_U16: return LLVMInt16TypeInContext(em->ctx);
  case TY_I32: case TY_U32: return em->i32;
  case TY_I64: case TY_U64: return em->i64;
  case TY_F32: return em->f32;
  case TY_F64: return em->f64;
  case TY_ARRAY: return em->ptr;
  case TY_NONE: return em->void_ty;
  case TY_UNKNOWN: break;
  }
  kr_assert(!"no LLVM type for this krait type");
}

/* At the native ABI bool is a byte (0/1). */
static LLVMTypeRef abi_type(Emitter *em, Type t) {
  return t.kind == TY_BOOL ? em->i8 : emit_type(em, t);
}

static LLVMValueRef to_abi(Emitter *em, Type t, LLVMValueRef v) {
  return t.kind == TY_BOOL ? LLVMBuildZExt(em->b, v, em->i8, "") : v;
}

static LLVMValueRef from_abi(Emitter *em, Type t, LLVMValueRef v) {
  return t.kind == TY_BOOL ? LLVMBuildICmp(em->b, LLVMIntNE, v, LLVMConstInt(em->i8, 0, 0), "") : v;
}

LLVMValueRef emit_float_const(Emitter *em, Type t, double v) {
  return LLVMConstReal(t.kind == TY_F32 ? em->f32 : em->f64, v);
}

LLVMValueRef emit_value(Emitter *em, uint32_t id) {
  kr_assert(id < em->fn->nvalues && em->values[id]);
  return em->values[id];
}

Type emit_value_type(Emitter *em, uint32_t id) {
  kr_assert(id < em->fn->nvalues);
  return em->value_types[id];
}

bool emit_internal_error(Emitter *em, const IrInst *inst, const char *what) {
  em->failed = true;
  return diag_error(em->d, em->fn->src, inst->span, "internal error: backend: %s in '%s' (%s)",
                    what, em->fn->name, ir_op_info[inst->op].name);
}

static bool function_error(Emitter *em, const char *what) {
  em->failed = true;
  return diag_error(em->d, em->fn->src, em->fn->span, "internal error: backend: %s in '%s'", what,
                    em->fn->name);
}

/* ---- attributes, strings, declarations ---- */

static void add_fn_attr(Emitter *em, LLVMValueRef fn, const char *name, uint64_t value) {
  unsigned kind = LLVMGetEnumAttributeKindForName(name, strlen(name));
  kr_assert(kind != 0);
  LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(em->ctx, kind, value));
}

static void add_param_attr_value(Emitter *em, LLVMValueRef fn, unsigned param, const char *name, uint64_t value) {
  unsigned kind = LLVMGetEnumAttributeKindForName(name, strlen(name));
  kr_assert(kind != 0);
  LLVMAddAttributeAtIndex(fn, param + 1, LLVMCreateEnumAttribute(em->ctx, kind, value));
}

static void add_param_attr(Emitter *em, LLVMValueRef fn, unsigned param, const char *name) {
  add_param_attr_value(em, fn, param, name, 0);
}

/* An array parameter points to a descriptor of 8 + 16 * ndim bytes at least, which the caller
 * keeps alive: LLVM may load its fields anywhere. Never noalias (the same array may come twice). */
static void add_array_param_attrs(Emitter *em, LLVMValueRef fn, unsigned param, Type t) {
  add_param_attr(em, fn, param, "nonnull");
  add_param_attr(em, fn, param, "noundef");
  add_param_attr_value(em, fn, param, "dereferenceable", 8 + 16 * (uint64_t)t.ndim);
  add_param_attr_value(em, fn, param, "align", 8);
}

static void add_string_attr(Emitter *em, LLVMValueRef fn, const char *key, const char *value) {
  LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex,
                          LLVMCreateStringAttribute(em->ctx, key, (unsigned)strlen(key), value,
                                                    (unsigned)strlen(value)));
}

/* A private unnamed_addr constant C string, one per distinct text in the module. */
static LLVMValueRef string_const(Emitter *em, const char *text) {
  for (int i = 0; i < em->nstrings; i++)
    if (strcmp(em->strings[i].text, text) == 0) return em->strings[i].global;
  size_t len = strlen(text);
  LLVMValueRef init = LLVMConstStringInContext(em->ctx, text, (unsigned)len, 0);
  LLVMValueRef g = LLVMAddGlobal(em->mod, LLVMTypeOf(init), ".str");
  LLVMSetInitializer(g, init);
  LLVMSetGlobalConstant(g, 1);
  LLVMSetLinkage(g, LLVMPrivateLinkage);
  LLVMSetUnnamedAddress(g, LLVMGlobalUnnamedAddr);
  LLVMSetAlignment(g, 1);
  if (em->nstrings == em->cap_strings) {
    em->cap_strings = em->cap_strings ? em->cap_strings * 2 : 16;
    em->strings = kr_realloc(em->strings, sizeof(EmitString) * (size_t)em->cap_strings);
  }
  em->strings[em->nstrings++] = (EmitString){text, g};
  return g;
}

LLVMValueRef emit_call_c(Emitter *em, const char *symbol, LLVMTypeRef ret, LLVMTypeRef *params,
                         unsigned nparams, LLVMValueRef *args, bool pure) {
  LLVMTypeRef ty = LLVMFunctionType(ret, params, nparams, 0);
  LLVMValueRef fn = LLVMGetNamedFunction(em->mod, symbol);
  /* A krait function's symbol is mangled ("fib$i64") and never clashes with a C function. */
  kr_assert(!fn || LLVMGlobalGetValueType(fn) == ty);
  if (!fn) {
    fn = LLVMAddFunction(em->mod, symbol, ty);
    add_fn_attr(em, fn, "nounwind", 0);
    if (pure) {
      add_fn_attr(em, fn, "memory", 0); /* MemoryEffects::none() encodes as 0 */
      add_fn_attr(em, fn, "willreturn", 0);
      add_fn_attr(em, fn, "nosync", 0);
      add_fn_attr(em, fn, "nofree", 0);
    }
  }
  return LLVMBuildCall2(em->b, ty, fn, args, nparams, "");
}

LLVMValueRef emit_call_libm(Emitter *em, const IrInst *inst, const char *symbol, LLVMTypeRef ty,
                            LLVMValueRef *args, unsigned nargs) {
  LLVMTypeRef params[] = {ty, ty};
  LLVMValueRef call = emit_call_c(em, symbol, ty, params, nargs, args, true);
  if (inst->flags & IR_FLAG_FASTMATH) {
    emit_fast_flags(em, inst, call);
  } else {
    /* Not a builtin: LLVM would otherwise rewrite pow(2.0, x) as exp2(x), pow(x, 0.5) as sqrt(x),
     * sin(-x) as -sin(x)..., which can differ from the libm call CPython makes in the last bit. */
    unsigned kind = LLVMGetEnumAttributeKindForName("nobuiltin", 9);
    LLVMAddCallSiteAttribute(call, LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(em->ctx, kind, 0));
  }
  return call;
}

LLVMValueRef emit_intrinsic(Emitter *em, const char *name, LLVMTypeRef ty, LLVMValueRef *args,
                            unsigned nargs) {
  unsigned id = LLVMLookupIntrinsicID(name, strlen(name));
  kr_assert(id != 0);
  LLVMValueRef fn = LLVMGetIntrinsicDeclaration(em->mod, id, &ty, 1);
  LLVMTypeRef fty = LLVMIntrinsicGetType(em->ctx, id, &ty, 1);
  return LLVMBuildCall2(em->b, fty, fn, args, nargs, "");
}

void emit_fast_flags(Emitter *em, const IrInst *inst, LLVMValueRef v) {
  (void)em;
  if ((inst->flags & IR_FLAG_FASTMATH) && LLVMCanValueUseFastMathFlags(v))
    LLVMSetFastMathFlags(v, LLVMFastMathAll);
}

LLVMBasicBlockRef emit_block_new(Emitter *em, const char *name) {
  LLVMBasicBlockRef next = LLVMGetNextBasicBlock(LLVMGetInsertBlock(em->b));
  if (next) return LLVMInsertBasicBlockInContext(em->ctx, next, name);
  return LLVMAppendBasicBlockInContext(em->ctx, em->llfn, name);
}

/* Cold blocks go to the end of the function, out of the way of the likely path. */
static LLVMBasicBlockRef cold_block_new(Emitter *em, const char *name) {
  return LLVMAppendBasicBlockInContext(em->ctx, em->llfn, name);
}

/* ---- raising ---- */

void emit_raise_here(Emitter *em, ExcKind kind, const char *msg, Span span) {
  int line = 0, col = 0;
  if (em->fn->src && span.start >= 0) source_line_col(em->fn->src, span.start, &line, &col);
  LLVMValueRef args[] = {
      LLVMConstInt(em->i32, (unsigned long long)kind, 0),
      string_const(em, msg ? msg : ""),
      em->file_str,
      LLVMConstInt(em->i32, (unsigned long long)line, 0),
      em->name_str,
  };
  LLVMValueRef call = LLVMBuildCall2(em->b, em->raise_ty, em->raise_fn, args, 5, "");
  unsigned cold = LLVMGetEnumAttributeKindForName("cold", 4);
  LLVMAddCallSiteAttribute(call, LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(em->ctx, cold, 0));
  emit_return_error(em);
}

void emit_raise_if(Emitter *em, LLVMValueRef cond, ExcKind kind, const char *msg, Span span) {
  LLVMBasicBlockRef raise = cold_block_new(em, "raise");
  LLVMBasicBlockRef cont = emit_block_new(em, "ok");
  LLVMValueRef br = LLVMBuildCondBr(em->b, cond, raise, cont);
  LLVMSetMetadata(br, em->prof_kind, LLVMMetadataAsValue(em->ctx, em->cold_weights));
  LLVMPositionBuilderAtEnd(em->b, raise);
  emit_raise_here(em, kind, msg, span);
  LLVMPositionBuilderAtEnd(em->b, cont);
}

/* ---- functions ---- */

/* Which functions can fail: those with an operation that may raise, and those that call one.
 * Exhausting the stack is not a failure here: it leaves by longjmp (emit_stack_check). */
static void mark_can_raise(Emitter *em) {
  const IrProgram *prog = em->prog;
  int n = prog->funcs.len;
  for (int i = 0; i < n; i++) {
    const IrFunc *fn = prog->funcs.data[i];
    em->can_raise[i] = 0;
    for (int b = 0; b < fn->blocks.len && !em->can_raise[i]; b++)
      for (int k = 0; k < fn->blocks.data[b]->insts.len; k++) {
        const IrInst *inst = &fn->blocks.data[b]->insts.data[k];
        if (inst->op != IR_CALL && ir_op_info[inst->op].may_raise) em->can_raise[i] = 1;
      }
  }
  for (bool changed = true; changed;) {
    changed = false;
    for (int i = 0; i < n; i++) {
      if (em->can_raise[i]) continue;
      const IrFunc *fn = prog->funcs.data[i];
      for (int b = 0; b < fn->blocks.len && !em->can_raise[i]; b++)
        for (int k = 0; k < fn->blocks.data[b]->insts.len; k++) {
          const IrInst *inst = &fn->blocks.data[b]->insts.data[k];
          if (inst->op == IR_CALL && inst->a < (uint32_t)n && em->can_raise[inst->a]) {
            em->can_raise[i] = 1;
            changed = true;
            break;
          }
        }
    }
  }
}

/* What a body returns. A function that can raise returns its status (i32; 0 ok, 1 raised) and,
 * when it has a value, both as {i32 status, T value} in registers. One that cannot raise returns
 * just its value (or void): callers then check nothing, and LLVM sees plain arithmetic through
 * the calls (a recursive `return f(n - 1) + f(n - 2)` becomes a loop as in C). */
static LLVMTypeRef body_return_type(Emitter *em, int index) {
  const IrFunc *fn = em->prog->funcs.data[index];
  bool has_value = fn->ret.kind != TY_NONE;
  if (!em->can_raise[index]) return has_value ? abi_type(em, fn->ret) : em->void_ty;
  if (!has_value) return em->i32;
  LLVMTypeRef fields[] = {em->i32, abi_type(em, fn->ret)};
  return LLVMStructTypeInContext(em->ctx, fields, 2, 0);
}

/* Returns from the current body: status with value (NULL: none, or undefined after an error). */
void emit_return(Emitter *em, LLVMValueRef status, LLVMValueRef value) {
  bool has_value = em->fn->ret.kind != TY_NONE;
  if (!em->can_raise[em->cur]) {
    if (has_value) LLVMBuildRet(em->b, value);
    else LLVMBuildRetVoid(em->b);
    return;
  }
  if (!has_value) {
    LLVMBuildRet(em->b, status);
    return;
  }
  LLVMTypeRef ty = body_return_type(em, em->cur);
  LLVMValueRef agg = LLVMGetUndef(ty);
  agg = LLVMBuildInsertValue(em->b, agg, status, 0, "");
  if (value) agg = LLVMBuildInsertValue(em->b, agg, value, 1, "");
  LLVMBuildRet(em->b, agg);
}

void emit_return_error(Emitter *em) {
  kr_assert(em->can_raise[em->cur]);
  emit_return(em, LLVMConstInt(em->i32, 1, 0), NULL);
}

static void declare_function(Emitter *em, int index) {
  const IrFunc *fn = em->prog->funcs.data[index];
  int n = fn->params.len;
  LLVMTypeRef *params = kr_alloc(sizeof(LLVMTypeRef) * (size_t)(n + 1));
  for (int i = 0; i < n; i++) params[i] = abi_type(em, fn->params.data[i]);
  params[n] = em->i64; /* the stack limit, see emit_stack_check */
  LLVMTypeRef ty = LLVMFunctionType(body_return_type(em, index), params, (unsigned)(n + 1), 0);
  kr_free(params);
  /* Bodies are internal; the entry's native ABI is the wrapper emit_entry_wrapper adds. */
  const char *name = index == 0 ? em->entry_body_name : fn->symbol;
  LLVMValueRef f = LLVMAddFunction(em->mod, name, ty);
  LLVMSetLinkage(f, LLVMInternalLinkage);
  add_fn_attr(em, f, "nounwind", 0);
  add_string_attr(em, f, "target-cpu", em->target->cpu);
  add_string_attr(em, f, "target-features", em->target->features);
  for (int i = 0; i < n; i++) {
    const char *pname = i < fn->param_names.len ? fn->param_names.data[i] : NULL;
    if (pname) LLVMSetValueName2(LLVMGetParam(f, (unsigned)i), pname, strlen(pname));
    if (fn->params.data[i].kind == TY_BOOL) add_param_attr(em, f, (unsigned)i, "zeroext");
    if (type_is_array(fn->params.data[i])) add_array_param_attrs(em, f, (unsigned)i, fn->params.data[i]);
  }
  em->funcs[index] = f;
  em->func_types[index] = ty;
}

/* Successors of a block, from its terminator. */
static int successors(const IrBlock *blk, uint32_t out[2]) {
  if (blk->insts.len == 0) return 0;
  const IrInst *t = &blk->insts.data[blk->insts.len - 1];
  if (t->op == IR_JUMP) {
    out[0] = t->a;
    return 1;
  }
  if (t->op == IR_BRANCH) {
    out[0] = t->b;
    out[1] = t->c;
    return 2;
  }
  return 0;
}

/* Blocks in reverse postorder from the entry: every definition is emitted before its uses
 * (definitions dominate uses). Returns how many are reachable. */
static int reverse_postorder(const IrFunc *fn, uint32_t *order) {
  int n = fn->blocks.len;
  uint8_t *state = kr_alloc((size_t)n);        /* 0 new, 1 on the stack, 2 done */
  uint32_t *stack = kr_alloc(sizeof(uint32_t) * (size_t)n);
  int *next = kr_alloc(sizeof(int) * (size_t)n); /* successor to visit next */
  int sp = 0, count = 0;
  if (n > 0) {
    stack[sp++] = 0;
    state[0] = 1;
  }
  while (sp > 0) {
    uint32_t top = stack[sp - 1];
    uint32_t succ[2];
    int ns = successors(fn->blocks.data[top], succ);
    if (next[top] < ns) {
      uint32_t s = succ[next[top]++];
      if (s < (uint32_t)n && state[s] == 0) {
        state[s] = 1;
        stack[sp++] = s;
      }
      continue;
    }
    state[top] = 2;
    order[count++] = top;
    sp--;
  }
  for (int i = 0; i < count / 2; i++) {
    uint32_t t = order[i];
    order[i] = order[count - 1 - i];
    order[count - 1 - i] = t;
  }
  kr_free(state);
  kr_free(stack);
  kr_free(next);
  return count;
}

/* Deep recursion raises RecursionError instead of overflowing the native stack. Every body takes
 * a hidden parameter, the stack limit: the lowest address this thread's compiled frames may use
 * (krait_rt_stack_limit, the bottom of the stack plus a margin), passed down unchanged. Before a
 * call to a function on a call cycle (the only ones that can recurse without bound), the caller
 * compares the top of its frame, less conservative estimates of its frame and of the callee's, with
 * the limit; below it, it calls krait_rt_recursion_overflow, which fills
 * the error record (at the call's line, as CPython's traceback shows it) and longjmps back to the
 * entry wrapper. Calls to functions off cycles check nothing.
 * What this buys: a call that returns at once (fib's n < 2, half of all calls) checks nothing;
 * the check is loop-invariant (the limit and the frame do not change within a call), so once
 * LLVM has turned a tail call into a loop it is hoisted out of it; and the overflow call does
 * not return, so the status a body returns stays what it was: a recursive function that cannot
 * raise otherwise still provably returns 0, and LLVM keeps eliminating tail recursion. fib's
 * loop is clang's, plus the limit in a register. */
static uint64_t frame_estimate(const IrFunc *fn) {
  return 128 + 16 * (uint64_t)fn->locals.len + 4 * (uint64_t)fn->nvalues;
}

/* The top of the current function's frame (the address of its return address) as an i64, made
 * once, in the entry. llvm.addressofreturnaddress reads no memory, so LLVM may hoist the checks
 * that use it, and needs no frame pointer (llvm.frameaddress costs one: two more pushes per call
 * of fib); the address of an alloca would keep LLVM from eliminating tail recursion. */
static LLVMValueRef stack_probe(Emitter *em) {
  if (!em->stack_probe) {
    LLVMTypeRef ty = LLVMFunctionType(em->ptr, NULL, 0, 0);
    LLVMValueRef fn = LLVMGetNamedFunction(em->mod, "llvm.addressofreturnaddress.p0");
    if (!fn) fn = LLVMAddFunction(em->mod, "llvm.addressofreturnaddress.p0", ty);
    LLVMValueRef frame = LLVMBuildCall2(em->alloca_b, ty, fn, NULL, 0, "frame");
    em->stack_probe = LLVMBuildPtrToInt(em->alloca_b, frame, em->i64, "stack.here");
  }
  return em->stack_probe;
}

/* Before a call from the current function to `callee`: raises RecursionError (at `line`) when
 * the callee is on a cycle and its frame could reach below the stack limit. */
static void emit_stack_check(Emitter *em, int callee, int line) {
  if (!em->recursive[callee]) return;
  uint64_t frames = frame_estimate(em->fn) + frame_estimate(em->prog->funcs.data[callee]);
  LLVMValueRef limit = LLVMGetLastParam(em->llfn);
  LLVMValueRef floor = LLVMBuildAdd(em->b, limit, LLVMConstInt(em->i64, frames, 0), "stack.floor");
  LLVMValueRef deep = LLVMBuildICmp(em->b, LLVMIntULT, stack_probe(em), floor, "too.deep");
  LLVMBasicBlockRef overflow = cold_block_new(em, "recursion.overflow");
  LLVMBasicBlockRef cont = emit_block_new(em, "recursion.ok");
  LLVMValueRef br = LLVMBuildCondBr(em->b, deep, overflow, cont);
  LLVMSetMetadata(br, em->prof_kind, LLVMMetadataAsValue(em->ctx, em->cold_weights));
  LLVMPositionBuilderAtEnd(em->b, overflow);
  LLVMValueRef args[] = {em->file_str, LLVMConstInt(em->i32, (unsigned long long)line, 0), em->name_str};
  LLVMBuildCall2(em->b, em->overflow_ty, em->overflow_fn, args, 3, "");
  LLVMBuildUnreachable(em->b);
  LLVMPositionBuilderAtEnd(em->b, cont);
}

static LLVMValueRef emit_call(Emitter *em, const IrInst *inst) {
  const IrFunc *fn = em->fn;
  if (inst->a >= (uint32_t)em->prog->funcs.len || inst->b + inst->c > (uint32_t)fn->call_args.len) {
    emit_internal_error(em, inst, "bad call operands");
    return NULL;
  }
  const IrFunc *callee = em->prog->funcs.data[inst->a];
  unsigned n = inst->c;
  if (n != (unsigned)callee->params.len) {
    emit_internal_error(em, inst, "call arity differs from the callee's");
    return NULL;
  }
  bool has_value = callee->ret.kind != TY_NONE;
  LLVMValueRef *args = kr_alloc(sizeof(LLVMValueRef) * (n + 1));
  for (unsigned i = 0; i < n; i++)
    args[i] = to_abi(em, callee->params.data[i], emit_value(em, fn->call_args.data[inst->b + i]));
  int line = 0, col = 0;
  if (fn->src && inst->span.start >= 0) source_line_col(fn->src, inst->span.start, &line, &col);
  emit_stack_check(em, (int)inst->a, line);
  args[n] = LLVMGetLastParam(em->llfn); /* the stack limit, passed down unchanged */
  LLVMValueRef result = LLVMBuildCall2(em->b, em->func_types[inst->a], em->funcs[inst->a], args, n + 1, "");
  kr_free(args);
  if (!em->can_raise[inst->a]) return has_value ? from_abi(em, callee->ret, result) : NULL;
  LLVMValueRef status = has_value ? LLVMBuildExtractValue(em->b, result, 0, "status") : result;
  /* A raise in the callee already filled the record: hand its status up unchanged. */
  LLVMBasicBlockRef fail = cold_block_new(em, "call.fail");
  LLVMBasicBlockRef ok = emit_block_new(em, "call.ok");
  LLVMValueRef failed = LLVMBuildICmp(em->b, LLVMIntNE, status, LLVMConstInt(em->i32, 0, 0), "");
  LLVMValueRef br = LLVMBuildCondBr(em->b, failed, fail, ok);
  LLVMSetMetadata(br, em->prof_kind, LLVMMetadataAsValue(em->ctx, em->cold_weights));
  LLVMPositionBuilderAtEnd(em->b, fail);
  emit_return(em, status, NULL);
  LLVMPositionBuilderAtEnd(em->b, ok);
  if (!has_value) return NULL;
  return from_abi(em, callee->ret, LLVMBuildExtractValue(em->b, result, 1, ""));
}

static bool check_block(Emitter *em, const IrInst *inst, uint32_t id) {
  if (id < (uint32_t)em->fn->blocks.len) return true;
  return emit_internal_error(em, inst, "block index out of range");
}

static bool check_local(Emitter *em, const IrInst *inst, uint32_t id) {
  if (id < (uint32_t)em->fn->locals.len) return true;
  return emit_internal_error(em, inst, "local index out of range");
}

/* Emits one instruction; returns false on an internal error. */
static bool emit_inst(Emitter *em, const IrInst *inst) {
  const IrFunc *fn = em->fn;
  LLVMValueRef v = NULL;
  switch ((IrOp)inst->op) {
  case IR_CONST:
    if (type_is_float(inst->type)) v = emit_float_const(em, inst->type, inst->imm.f);
    else if (inst->type.kind == TY_BOOL) v = LLVMConstInt(em->i1, inst->imm.i != 0, 0);
    else v = LLVMConstInt(emit_type(em, inst->type), (unsigned long long)inst->imm.i, 1);
    break;
  case IR_PARAM:
    if (inst->imm.i < 0 || inst->imm.i >= fn->params.len)
      return emit_internal_error(em, inst, "parameter index out of range");
    v = from_abi(em, fn->params.data[inst->imm.i], LLVMGetParam(em->llfn, (unsigned)inst->imm.i));
    if (type_is_array(inst->type)) emit_array_fields(em, inst->id, inst->type, v);
    break;
  case IR_LOAD: {
    if (!check_local(em, inst, inst->a)) return false;
    const IrLocal *l = &fn->locals.data[inst->a];
    v = LLVMBuildLoad2(em->b, emit_type(em, l->type), em->locals[inst->a], l->name ? l->name : "");
    if (type_is_array(l->type)) emit_array_fields(em, inst->id, l->type, v);
    break;
  }
  case IR_STORE:
    if (!check_local(em, inst, inst->a)) return false;
    LLVMBuildStore(em->b, emit_value(em, inst->b), em->locals[inst->a]);
    break;
  case IR_SELECT:
    v = LLVMBuildSelect(em->b, emit_value(em, inst->a), emit_value(em, inst->b), emit_value(em, inst->c), "");
    break;
  case IR_CALL:
    v = emit_call(em, inst);
    if (em->failed) return false;
    break;
  case IR_JUMP:
    if (!check_block(em, inst, inst->a)) return false;
    LLVMBuildBr(em->b, em->blocks[inst->a]);
    break;
  case IR_BRANCH:
    if (!check_block(em, inst, inst->b) || !check_block(em, inst, inst->c)) return false;
    LLVMBuildCondBr(em->b, emit_value(em, inst->a), em->blocks[inst->b], em->blocks[inst->c]);
    break;
  case IR_RET: {
    LLVMValueRef value = NULL;
    if (fn->ret.kind != TY_NONE) {
      if (inst->a == IR_NO_VALUE) return emit_internal_error(em, inst, "return without a value");
      value = to_abi(em, fn->ret, emit_value(em, inst->a));
    }
    emit_return(em, LLVMConstInt(em->i32, 0, 0), value);
    break;
  }
  case IR_RAISE: {
    const char *msg = "";
    if (inst->a != IR_NO_VALUE) {
      if (inst->a >= (uint32_t)fn->strings.len) return emit_internal_error(em, inst, "bad message index");
      msg = fn->strings.data[inst->a];
    }
    emit_raise_here(em, (ExcKind)inst->aux, msg, inst->span);
    break;
  }
  case IR_UNREACHABLE:
    LLVMBuildUnreachable(em->b);
    break;
  case IR_ARRAY_DIM: case IR_BOUNDS_CHECK: case IR_INDEX_WRAP: case IR_ARRAY_LOAD: case IR_ARRAY_STORE:
  case IR_ARRAY_VIEW:
    v = emit_array_op(em, inst);
    if (!v) return false;
    if (inst->type.kind == TY_NONE) v = NULL;
    break;
  case IR_MATH: case IR_ROUNDN: case IR_I2F: case IR_F2I: case IR_ICAST: case IR_FCAST:
  case IR_TRUTH: case IR_F2I_SAT:
    v = emit_math(em, inst);
    if (!v) return false;
    break;
  default:
    v = emit_arith(em, inst);
    if (!v) return false;
    break;
  }
  if (inst->id < fn->nvalues) {
    em->values[inst->id] = v;
    em->value_types[inst->id] = inst->type;
  }
  return true;
}

/* Does function `from` reach function `to` through calls? (Programs are small: a DFS per query.) */
static bool reaches(const IrProgram *prog, int from, int to, uint8_t *seen) {
  const IrFunc *fn = prog->funcs.data[from];
  for (int i = 0; i < fn->blocks.len; i++) {
    const IrBlock *blk = fn->blocks.data[i];
    for (int k = 0; k < blk->insts.len; k++) {
      const IrInst *inst = &blk->insts.data[k];
      if (inst->op != IR_CALL || inst->a >= (uint32_t)prog->funcs.len) continue;
      int callee = (int)inst->a;
      if (callee == to) return true;
      if (seen[callee]) continue;
      seen[callee] = 1;
      if (reaches(prog, callee, to, seen)) return true;
    }
  }
  return false;
}

/* Marks the functions that lie on a call cycle: only they can recurse without bound. */
static bool mark_recursive(Emitter *em) {
  int n = em->prog->funcs.len;
  bool any = false;
  uint8_t *seen = kr_alloc((size_t)n);
  for (int i = 0; i < n; i++) {
    memset(seen, 0, (size_t)n);
    em->recursive[i] = reaches(em->prog, i, i, seen);
    any |= em->recursive[i];
  }
  kr_free(seen);
  return any;
}

static LLVMValueRef declare_runtime_fn(Emitter *em, const char *name, LLVMTypeRef ty) {
  LLVMValueRef f = LLVMGetNamedFunction(em->mod, name);
  if (!f) f = LLVMAddFunction(em->mod, name, ty);
  add_fn_attr(em, f, "nounwind", 0);
  return f;
}

/* The entry's native ABI (backend.h): int32_t symbol(params..., out) calls the body (which LLVM
 * inlines) and stores its value through out. When the program can recurse, the wrapper first registers a jump buffer on its own
 * frame (krait_rt_recursion_enter), _setjmp's into it (a longjmp back means the stack ran out:
 * the record is filled, return 1), and passes the thread's stack limit to the body. */
/* In the entry wrapper: stores the body's value through `out` when it succeeded, and gives the
 * status. */
static LLVMValueRef wrapper_result(Emitter *em, LLVMValueRef wrapper, const IrFunc *fn, LLVMValueRef result) {
  bool has_value = fn->ret.kind != TY_NONE;
  if (!em->can_raise[0]) {
    if (has_value) LLVMBuildStore(em->b, result, LLVMGetParam(wrapper, (unsigned)fn->params.len));
    return LLVMConstInt(em->i32, 0, 0);
  }
  if (!has_value) return result;
  LLVMValueRef status = LLVMBuildExtractValue(em->b, result, 0, "status");
  LLVMBasicBlockRef store = LLVMAppendBasicBlockInContext(em->ctx, wrapper, "store");
  LLVMBasicBlockRef done = LLVMAppendBasicBlockInContext(em->ctx, wrapper, "done");
  LLVMBuildCondBr(em->b, LLVMBuildICmp(em->b, LLVMIntEQ, status, LLVMConstInt(em->i32, 0, 0), ""), store, done);
  LLVMPositionBuilderAtEnd(em->b, store);
  LLVMBuildStore(em->b, LLVMBuildExtractValue(em->b, result, 1, ""), LLVMGetParam(wrapper, (unsigned)fn->params.len));
  LLVMBuildBr(em->b, done);
  LLVMPositionBuilderAtEnd(em->b, done);
  return status;
}

static void emit_entry_wrapper(Emitter *em, bool recursive) {
  const IrFunc *fn = em->prog->funcs.data[0];
  LLVMValueRef body = em->funcs[0];
  unsigned nparams = (unsigned)fn->params.len;
  bool has_out = fn->ret.kind != TY_NONE;
  LLVMTypeRef *params = kr_alloc(sizeof(LLVMTypeRef) * (nparams + 1));
  LLVMGetParamTypes(em->func_types[0], params); /* the body's: params..., limit */
  params[nparams] = em->ptr;                     /* the wrapper's: params..., out */
  LLVMTypeRef ty = LLVMFunctionType(em->i32, params, nparams + has_out, 0);
  LLVMValueRef f = LLVMAddFunction(em->mod, fn->symbol, ty);
  LLVMSetLinkage(f, LLVMExternalLinkage);
  add_fn_attr(em, f, "nounwind", 0);
  add_string_attr(em, f, "target-cpu", em->target->cpu);
  add_string_attr(em, f, "target-features", em->target->features);
  for (int i = 0; i < fn->params.len; i++) {
    if (fn->params.data[i].kind == TY_BOOL) add_param_attr(em, f, (unsigned)i, "zeroext");
    if (type_is_array(fn->params.data[i])) add_array_param_attrs(em, f, (unsigned)i, fn->params.data[i]);
  }
  LLVMBasicBlockRef entry = LLVMAppendBasicBlockInContext(em->ctx, f, "entry");
  LLVMPositionBuilderAtEnd(em->b, entry);
  LLVMValueRef *args = kr_alloc(sizeof(LLVMValueRef) * (nparams + 1));
  for (unsigned i = 0; i < nparams; i++) args[i] = LLVMGetParam(f, i);
  if (has_out) {
    LLVMValueRef out = LLVMGetParam(f, nparams);
    LLVMSetValueName2(out, "out", 3);
    add_param_attr(em, f, nparams, "noalias");
    add_param_attr(em, f, nparams, "nocapture");
    add_param_attr(em, f, nparams, "writeonly");
  }
  if (!recursive) {
    args[nparams] = LLVMConstInt(em->i64, 0, 0); /* nobody compares with it */
    LLVMValueRef result = LLVMBuildCall2(em->b, em->func_types[0], body, args, nparams + 1, "");
    LLVMBuildRet(em->b, wrapper_result(em, f, fn, result));
  } else {
    LLVMTypeRef jmp_ty = LLVMArrayType2(em->i8, 256); /* >= sizeof(jmp_buf), checked in stack.c */
    LLVMValueRef jb = LLVMBuildAlloca(em->b, jmp_ty, "jmp");
    LLVMSetAlignment(jb, 16);
    LLVMTypeRef enter_ty = LLVMFunctionType(em->ptr, &em->ptr, 1, 0);
    LLVMTypeRef leave_ty = LLVMFunctionType(em->void_ty, &em->ptr, 1, 0);
    LLVMTypeRef limit_ty = LLVMFunctionType(em->i64, NULL, 0, 0);
    LLVMTypeRef setjmp_ty = LLVMFunctionType(em->i32, &em->ptr, 1, 0);
    LLVMValueRef enter_fn = declare_runtime_fn(em, "krait_rt_recursion_enter", enter_ty);
    LLVMValueRef leave_fn = declare_runtime_fn(em, "krait_rt_recursion_leave", leave_ty);
    LLVMValueRef limit_fn = declare_runtime_fn(em, "krait_rt_stack_limit", limit_ty);
    LLVMValueRef setjmp_fn = declare_runtime_fn(em, "_setjmp", setjmp_ty);
    add_fn_attr(em, setjmp_fn, "returns_twice", 0);
    LLVMValueRef prev = LLVMBuildCall2(em->b, enter_ty, enter_fn, &jb, 1, "prev");
    LLVMValueRef jumped = LLVMBuildCall2(em->b, setjmp_ty, setjmp_fn, &jb, 1, "jumped");
    unsigned rt = LLVMGetEnumAttributeKindForName("returns_twice", 13);
    LLVMAddCallSiteAttribute(jumped, LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(em->ctx, rt, 0));
    LLVMBasicBlockRef run = LLVMAppendBasicBlockInContext(em->ctx, f, "run");
    LLVMBasicBlockRef overflowed = LLVMAppendBasicBlockInContext(em->ctx, f, "overflowed");
    LLVMBuildCondBr(em->b, LLVMBuildICmp(em->b, LLVMIntNE, jumped, LLVMConstInt(em->i32, 0, 0), ""),
                    overflowed, run);
    LLVMPositionBuilderAtEnd(em->b, overflowed);
    LLVMBuildCall2(em->b, leave_ty, leave_fn, &prev, 1, "");
    LLVMBuildRet(em->b, LLVMConstInt(em->i32, 1, 0));
    LLVMPositionBuilderAtEnd(em->b, run);
    args[nparams] = LLVMBuildCall2(em->b, limit_ty, limit_fn, NULL, 0, "limit");
    LLVMValueRef result = LLVMBuildCall2(em->b, em->func_types[0], body, args, nparams + 1, "");
    LLVMValueRef status = wrapper_result(em, f, fn, result);
    LLVMBuildCall2(em->b, leave_ty, leave_fn, &prev, 1, "");
    LLVMBuildRet(em->b, status);
  }
  kr_free(args);
  kr_free(params);
}

static bool emit_function(Emitter *em, int index) {
  const IrFunc *fn = em->prog->funcs.data[index];
  em->fn = fn;
  em->cur = index;
  em->llfn = em->funcs[index];
  int nb = fn->blocks.len;
  if (nb == 0) return function_error(em, "function has no blocks");
  em->blocks = kr_alloc(sizeof(LLVMBasicBlockRef) * (size_t)nb);
  em->values = kr_alloc(sizeof(LLVMValueRef) * (fn->nvalues + 1));
  em->value_types = kr_alloc(sizeof(Type) * (fn->nvalues + 1));
  em->locals = kr_alloc(sizeof(LLVMValueRef) * (size_t)(fn->locals.len + 1));
  em->arrays = kr_alloc(sizeof(*em->arrays) * (fn->nvalues + 1));
  for (uint32_t i = 0; i <= fn->nvalues; i++) em->arrays[i] = NULL;
  em->file_str = string_const(em, fn->src && fn->src->name ? fn->src->name : "<unknown>");
  em->name_str = string_const(em, fn->name);

  /* The entry block holds the allocas (locals zeroed: a read before any store is a lowering bug
   * but must stay defined) and jumps to the IR's entry, which may have predecessors. */
  LLVMBasicBlockRef entry = LLVMAppendBasicBlockInContext(em->ctx, em->llfn, "entry");
  for (int i = 0; i < nb; i++) {
    const char *label = fn->blocks.data[i]->label;
    em->blocks[i] = LLVMAppendBasicBlockInContext(em->ctx, em->llfn, label ? label : "bb");
  }
  LLVMPositionBuilderAtEnd(em->b, entry);
  for (int i = 0; i < fn->locals.len; i++) {
    const IrLocal *l = &fn->locals.data[i];
    LLVMTypeRef ty = emit_type(em, l->type);
    em->locals[i] = LLVMBuildAlloca(em->b, ty, l->name ? l->name : "");
    LLVMBuildStore(em->b, LLVMConstNull(ty), em->locals[i]);
  }
  em->stack_probe = NULL;
  LLVMBuildBr(em->b, em->blocks[0]);
  LLVMPositionBuilderBefore(em->alloca_b, LLVMGetBasicBlockTerminator(entry));

  uint32_t *order = kr_alloc(sizeof(uint32_t) * (size_t)nb);
  int nreach = reverse_postorder(fn, order);
  uint8_t *reached = kr_alloc((size_t)nb);
  bool ok = true;
  for (int k = 0; k < nreach && ok; k++) {
    const IrBlock *blk = fn->blocks.data[order[k]];
    reached[order[k]] = 1;
    LLVMPositionBuilderAtEnd(em->b, em->blocks[order[k]]);
    for (int i = 0; i < blk->insts.len && ok; i++) ok = emit_inst(em, &blk->insts.data[i]);
    if (ok && !ir_block_is_terminated(blk))
      ok = function_error(em, "block without a terminator");
  }
  /* Unreachable IR blocks stay as LLVM blocks (other unreachable blocks may name them). */
  for (int i = 0; i < nb && ok; i++) {
    if (reached[i]) continue;
    LLVMPositionBuilderAtEnd(em->b, em->blocks[i]);
    LLVMBuildUnreachable(em->b);
  }
  kr_free(order);
  kr_free(reached);
  kr_free(em->blocks);
  kr_free(em->values);
  kr_free(em->value_types);
  kr_free(em->locals);
  for (uint32_t i = 0; i <= fn->nvalues; i++) kr_free(em->arrays[i]);
  kr_free(em->arrays);
  em->arrays = NULL;
  em->blocks = NULL;
  em->values = NULL;
  em->value_types = NULL;
  em->locals = NULL;
  return ok && !em->failed;
}

LLVMModuleRef emit_program(LLVMContextRef ctx, const IrProgram *prog, const Target *t, DiagList *d) {
  kr_assert(prog->funcs.len > 0);
  Emitter em = {0};
  em.ctx = ctx;
  em.prog = prog;
  em.target = t;
  em.d = d;
  const char *modname = prog->funcs.data[0]->symbol;
  em.mod = LLVMModuleCreateWithNameInContext(modname, ctx);
  const char *srcname = prog->src && prog->src->name ? prog->src->name : "<unknown>";
  LLVMSetSourceFileName(em.mod, srcname, strlen(srcname));
  LLVMSetTarget(em.mod, t->triple);
  LLVMSetDataLayout(em.mod, t->data_layout);
  em.b = LLVMCreateBuilderInContext(ctx);
  em.alloca_b = LLVMCreateBuilderInContext(ctx);
  em.i1 = LLVMInt1TypeInContext(ctx);
  em.i8 = LLVMInt8TypeInContext(ctx);
  em.i32 = LLVMInt32TypeInContext(ctx);
  em.i64 = LLVMInt64TypeInContext(ctx);
  em.i128 = LLVMInt128TypeInContext(ctx);
  em.f32 = LLVMFloatTypeInContext(ctx);
  em.f64 = LLVMDoubleTypeInContext(ctx);
  em.ptr = LLVMPointerTypeInContext(ctx, 0);
  em.void_ty = LLVMVoidTypeInContext(ctx);

  LLVMTypeRef raise_params[] = {em.i32, em.ptr, em.ptr, em.i32, em.ptr};
  em.raise_ty = LLVMFunctionType(em.void_ty, raise_params, 5, 0);
  em.raise_fn = LLVMAddFunction(em.mod, "krait_rt_raise", em.raise_ty);
  add_fn_attr(&em, em.raise_fn, "cold", 0);
  add_fn_attr(&em, em.raise_fn, "nounwind", 0);

  em.prof_kind = LLVMGetMDKindIDInContext(ctx, "prof", 4);
  LLVMMetadataRef weights[] = {
      LLVMMDStringInContext2(ctx, "branch_weights", 14),
      LLVMValueAsMetadata(LLVMConstInt(em.i32, 1, 0)),
      LLVMValueAsMetadata(LLVMConstInt(em.i32, 2000, 0)),
  };
  em.cold_weights = LLVMMDNodeInContext2(ctx, weights, 3);

  int n = prog->funcs.len;
  em.funcs = kr_alloc(sizeof(LLVMValueRef) * (size_t)n);
  em.func_types = kr_alloc(sizeof(LLVMTypeRef) * (size_t)n);
  em.entry_body_name = arena_printf(prog->arena, "%s.body", prog->funcs.data[0]->symbol);
  em.can_raise = kr_alloc((size_t)n);
  mark_can_raise(&em);
  for (int i = 0; i < n; i++) declare_function(&em, i);
  em.recursive = kr_alloc((size_t)n);
  bool recursive = mark_recursive(&em);
  LLVMTypeRef overflow_params[] = {em.ptr, em.i32, em.ptr};
  em.overflow_ty = LLVMFunctionType(em.void_ty, overflow_params, 3, 0);
  if (recursive) {
    em.overflow_fn = LLVMAddFunction(em.mod, "krait_rt_recursion_overflow", em.overflow_ty);
    add_fn_attr(&em, em.overflow_fn, "noreturn", 0);
    add_fn_attr(&em, em.overflow_fn, "cold", 0);
    add_fn_attr(&em, em.overflow_fn, "nounwind", 0);
  }
  bool ok = true;
  for (int i = 0; i < n && ok; i++) ok = emit_function(&em, i);
  if (ok) emit_entry_wrapper(&em, recursive);
  kr_free(em.recursive);
  kr_free(em.can_raise);

  LLVMDisposeBuilder(em.b);
  LLVMDisposeBuilder(em.alloca_b);
  kr_free(em.funcs);
  kr_free(em.func_types);
  kr_free(em.strings);
  if (!ok) {
    LLVMDisposeModule(em.mod);
    return NULL;
  }
  return em.mod;
}
