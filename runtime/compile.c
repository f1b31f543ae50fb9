/* compile.c: the compile driver. compile_specialization is the whole pipeline, from a function's
 * source to callable machine code, in the order the stages run; krait_dump stops it at a stage
 * and returns that stage's text. */
#include "runtime.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

CompileOptions compile_options(const KraitModule *m) {
  CompileOptions o = {
      .opt_level = m->opts.opt_level < 0 ? 0 : m->opts.opt_level > 3 ? 3 : m->opts.opt_level,
      .fastmath = m->opts.fastmath,
      .boundscheck = m->opts.boundscheck,
  };
#ifdef KRAIT_DEBUG
  o.verify = true;
#endif
  const char *env = getenv("KRAIT_VERIFY");
  if (env && strcmp(env, "1") == 0) o.verify = true;
  return o;
}

/* Milliseconds since *t, and *t moved to now. */
static double lap(double *t) {
  double now = runtime_now_ms();
  double ms = now - *t;
  *t = now;
  return ms;
}

/* The pipeline. Contract: args are the specialization's parameter types (converted already, see
 * module_specialization_types). Every LLVM handle and the job's arena are created and disposed of
 * here; what survives is the machine code in the runtime's JIT and the KraitFunction. */
KraitFunction *compile_specialization(KraitModule *m, const char *name, const Type *args, int nargs,
                                      DumpStage dump, char **dump_text, DiagList *d) {
  kr_assert(dump != DUMP_AST);
  KraitRuntime *rt = m->rt;
  CompileOptions opts = compile_options(m);
  PhaseTimes times = {0};
  Arena arena; /* the compile job's: IR and its strings */
  arena_init(&arena);
  LLVMContextRef ctx = NULL;
  LLVMModuleRef llvm_module = NULL;
  LLVMTargetMachineRef tm = NULL;
  uint64_t tracker = 0;
  KraitFunction *fn = NULL;
  double t = runtime_now_ms();
  ModuleFunc *mf = module_find_func(m->mod, name);
  if (mf && !jit_options_apply(m, &mf->jit, &opts, d)) goto done;
  CacheTarget target; /* the runtime's, or the decorator's target= */
  if (!cache_target(rt, mf ? jit_options_target(&mf->jit) : NULL, &target, d)) goto done;

  /* 1. Parse, resolve, infer types, lower to IR (the IR verifier runs inside when opts.verify). */
  IrProgram *prog = ir_build(&arena, m->mod, name, args, nargs, &opts, d);
  times.parse_ir = lap(&t);
  if (!prog) goto done;
  if (dump == DUMP_IR) {
    StrBuf out = {0};
    ir_print_program(prog, &out);
    *dump_text = strbuf_take(&out);
    goto done;
  }
  IrFunc *entry = prog->funcs.data[0];
  int def_line = 0, def_col;
  if (entry->span.start >= 0) source_line_col(&m->src, entry->span.start, &def_line, &def_col);

  /* 2. Symbols unique in the runtime's JIT. Cached code is named after its key, "k<16 hex digits
   * of the key>." + the IR's symbol: the same names whichever process compiled it, and one key is
   * linked once per runtime. Uncached code is named after the job, "k<job>.". (Dumps never reach
   * the JIT: they keep the IR's names, which read better.) */
  bool cached = dump == DUMP_NONE && m->opts.cache && (!mf || jit_options_cache(m, &mf->jit));
  CacheKey key = {0};
  char prefix[24];
  if (cached) {
    key = cache_key(m, prog, &opts, target.target);
    char hex[17];
    hash_hex(key.bytes, 8, hex);
    snprintf(prefix, sizeof prefix, "k%s", hex);
  } else {
    snprintf(prefix, sizeof prefix, "k%" PRIu64, rt->next_job++);
  }
  for (int i = 0; i < prog->funcs.len && dump == DUMP_NONE; i++) {
    IrFunc *f = prog->funcs.data[i];
    f->symbol = arena_printf(&arena, "%s.%s", prefix, f->symbol);
  }

  /* 3. The cache: this runtime's code for the key, or the disk's entry (docs/cache.md). */
  void *native = cached ? cache_load(rt, &key, &target, entry->symbol, &tracker, &times.from_disk) : NULL;
  if (native) {
    times.cache_load = lap(&t);
    times.cached = true;
    goto made;
  }

  /* 4. Emit LLVM IR, in a context of this job's own (LLVM is loaded on the first compile). */
  if (!llvm_load(d)) goto done;
  ctx = LLVMContextCreate();
  llvm_module = emit_program(ctx, prog, target.target, d);
  times.emit = lap(&t);
  if (!llvm_module) goto done;
  if (dump == DUMP_LLVM) {
    *dump_text = module_to_text(llvm_module);
    goto done;
  }

  /* 5. Optimize with the pass pipeline of the opt level. */
  tm = cache_target_machine(rt, &target, opts.opt_level, d);
  if (!tm || !optimize_module(llvm_module, tm, opts.opt_level, d)) goto done;
  times.optimize = lap(&t);
  if (dump == DUMP_OPT) {
    *dump_text = module_to_text(llvm_module);
    goto done;
  }
  if (dump == DUMP_ASM) {
    *dump_text = module_to_asm(llvm_module, tm, d);
    goto done;
  }

  /* 6. Machine code, as an object file in memory. */
  LLVMMemoryBufferRef obj = module_to_object(llvm_module, tm, d);
  times.codegen = lap(&t);
  if (!obj) goto done;

  /* 7. Store it in the disk cache. */
  const void *bytes = LLVMGetBufferStart(obj);
  size_t nbytes = LLVMGetBufferSize(obj);
  if (cached) cache_store(rt, &key, &target, bytes, nbytes, entry, def_line);

  /* 8. Link it into memory (backend/link.c) and find the entry. */
  tracker = linker_add(rt->linker, bytes, nbytes, d);
  LLVMDisposeMemoryBuffer(obj);
  if (!tracker) goto done;
  native = linker_lookup(rt->linker, tracker, entry->symbol);
  times.link = lap(&t);
  if (!native) {
    diag_error(d, NULL, (Span){-1, -1}, "internal error: the object code defines no '%s'", entry->symbol);
    goto done;
  }
  if (cached) cache_remember(rt, &key, tracker, native);

made:
  fn = function_new(m, entry->name, entry->params.data, entry->params.len, entry->ret, def_line, native,
                    tracker, d);
  if (fn) fn->times = times;
  if (fn) fn->writes_params = entry->writes_params;
  if (fn) fn->brief = ir_program_runs_briefly(prog);

done:
  if (!fn && tracker) linker_remove(rt->linker, tracker);
  if (llvm_module) LLVMDisposeModule(llvm_module);
  if (ctx) LLVMContextDispose(ctx);
  arena_free(&arena);
  return fn;
}

KraitCompileTimes krait_function_compile_times(const KraitFunction *f) { return f->times; }

DumpStage dump_stage_from_name(const char *name) {
  static const struct {
    const char *name;
    DumpStage stage;
  } stages[] = {{"ast", DUMP_AST}, {"ir", DUMP_IR}, {"llvm", DUMP_LLVM}, {"opt", DUMP_OPT}, {"asm", DUMP_ASM}};
  for (size_t i = 0; i < sizeof stages / sizeof stages[0]; i++)
    if (name && strcmp(name, stages[i].name) == 0) return stages[i].stage;
  return DUMP_NONE;
}

/* "ast" needs no types (args are ignored); the other stages compile the specialization for args
 * (converted as krait_lookup converts them) up to that stage. */
char *krait_dump(KraitModule *m, const char *name, const KraitType *args, int nargs, const char *stage) {
  DiagList d = {0};
  char *text = NULL;
  DumpStage which = dump_stage_from_name(stage);
  static const Span no_span = {-1, -1};
  if (which == DUMP_NONE) {
    diag_error(&d, &m->src, no_span, "unknown stage '%s' (expected ast, ir, llvm, opt or asm)",
               stage ? stage : "");
  } else if (which == DUMP_AST) {
    ModuleFunc *mf = module_find_func(m->mod, name);
    FuncDef *def = mf ? module_parse_func(m->mod, mf) : NULL;
    if (!mf) diag_error(&d, &m->src, no_span, "no function named '%s'", name);
    if (def) {
      StrBuf out = {0};
      ast_print_func(def, &m->src, &out);
      text = strbuf_take(&out);
    }
  } else if (nargs < 0 || nargs > MAX_PARAMS) {
    diag_error(&d, &m->src, no_span, "bad argument count %d", nargs);
  } else {
    Type types[MAX_PARAMS];
    if (module_specialization_types(m, name, args, nargs, types, &d))
      compile_specialization(m, name, types, nargs, which, &text, &d);
  }
  module_take_diags(m, &d);
  return text;
}
