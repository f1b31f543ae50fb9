/* optimize.c: the LLVM pass pipeline (new pass manager) on an emitted module, and the module's
 * text forms: LLVM IR, assembly and an object file in memory. */
#include "backend.h"

#include <llvm-c/Analysis.h>
#include <llvm-c/Transforms/PassBuilder.h>

static bool llvm_error(DiagList *d, const char *what, char *msg) {
  diag_error(d, NULL, (Span){-1, -1}, "internal error: backend: %s: %s", what, msg ? msg : "unknown error");
  LLVMDisposeMessage(msg);
  return false;
}

bool optimize_module(LLVMModuleRef m, LLVMTargetMachineRef tm, int opt_level, DiagList *d) {
#ifdef KRAIT_DEBUG
  char *msg = NULL;
  if (LLVMVerifyModule(m, LLVMReturnStatusAction, &msg)) return llvm_error(d, "invalid LLVM module", msg);
  LLVMDisposeMessage(msg);
#endif
  if (opt_level < 0) opt_level = 0;
  if (opt_level > 3) opt_level = 3;
  /* loop-data-prefetch runs last, on the loops as vectorized and unrolled, so that it prefetches
   * once per cache line of each stream (backend/target.c: llvm_tuning sets its distance). */
  static const char *const pipelines[] = {"default<O0>", "default<O1>",
                                          "default<O2>,function(loop-data-prefetch)",
                                          "default<O3>,function(loop-data-prefetch)"};
  LLVMPassBuilderOptionsRef opts = LLVMCreatePassBuilderOptions();
  bool vectorize = opt_level >= 2;
  LLVMPassBuilderOptionsSetLoopVectorization(opts, vectorize);
  LLVMPassBuilderOptionsSetSLPVectorization(opts, vectorize);
  LLVMPassBuilderOptionsSetLoopInterleaving(opts, vectorize);
  LLVMPassBuilderOptionsSetLoopUnrolling(opts, opt_level >= 2);
  LLVMErrorRef err = LLVMRunPasses(m, pipelines[opt_level], tm, opts);
  LLVMDisposePassBuilderOptions(opts);
  if (err) {
    char *emsg = LLVMGetErrorMessage(err);
    diag_error(d, NULL, (Span){-1, -1}, "internal error: backend: optimization failed: %s", emsg);
    LLVMDisposeErrorMessage(emsg);
    return false;
  }
  return true;
}

char *module_to_text(LLVMModuleRef m) {
  char *s = LLVMPrintModuleToString(m);
  char *copy = kr_strdup(s);
  LLVMDisposeMessage(s);
  return copy;
}

/* Code generation runs passes that rewrite the module's IR, so it works on a clone: the caller's
 * module stays as it was (it may still be printed or emitted again). */
static LLVMMemoryBufferRef emit_to_memory(LLVMModuleRef m, LLVMTargetMachineRef tm,
                                          LLVMCodeGenFileType kind, DiagList *d) {
  LLVMModuleRef clone = LLVMCloneModule(m);
  char *msg = NULL;
  LLVMMemoryBufferRef buf = NULL;
  bool failed = LLVMTargetMachineEmitToMemoryBuffer(tm, clone, kind, &msg, &buf);
  LLVMDisposeModule(clone);
  if (failed) {
    llvm_error(d, kind == LLVMObjectFile ? "object emission failed" : "assembly emission failed", msg);
    return NULL;
  }
  LLVMDisposeMessage(msg);
  return buf;
}

char *module_to_asm(LLVMModuleRef m, LLVMTargetMachineRef tm, DiagList *d) {
  LLVMMemoryBufferRef buf = emit_to_memory(m, tm, LLVMAssemblyFile, d);
  if (!buf) return NULL;
  char *s = kr_strndup(LLVMGetBufferStart(buf), LLVMGetBufferSize(buf));
  LLVMDisposeMemoryBuffer(buf);
  return s;
}

LLVMMemoryBufferRef module_to_object(LLVMModuleRef m, LLVMTargetMachineRef tm, DiagList *d) {
  return emit_to_memory(m, tm, LLVMObjectFile, d);
}
