/* target.c: the CPU code is compiled for (triple, CPU name, features, data layout), by default
 * the host's, and target machines for it. The Target is part of every cache key. */
#include "backend.h"

#include <llvm-c/Target.h>
#include <pthread.h>
#include <stdlib.h>

static pthread_once_t llvm_init_once = PTHREAD_ONCE_INIT;
static bool llvm_init_ok; /* written once under llvm_init_once, then only read */

static void llvm_init(void) {
  llvm_init_ok = !LLVMInitializeNativeTarget() && !LLVMInitializeNativeAsmPrinter() &&
                 !LLVMInitializeNativeAsmParser();
}

/* An LLVM message as a kr_alloc'd string; disposes of the message. */
static char *take_message(char *msg) {
  char *s = kr_strdup(msg ? msg : "");
  LLVMDisposeMessage(msg);
  return s;
}

static LLVMTargetMachineRef create_machine(const Target *t, LLVMCodeGenOptLevel level, char **error) {
  LLVMTargetRef target;
  if (LLVMGetTargetFromTriple(t->triple, &target, error)) return NULL;
  /* What LLJIT itself asks for when it links with JITLink: PIC and the small code model. The
   * objects are cached on disk and loaded anywhere; JITLink keeps each object's sections
   * together and reaches libm and the runtime through GOT entries and stubs it synthesizes.
   * (JITDefault would pick the large code model on x86-64: movabs for every address.) */
  return LLVMCreateTargetMachine(target, t->triple, t->cpu, t->features, level, LLVMRelocPIC,
                                 LLVMCodeModelSmall);
}

bool target_init_host(Target *t, DiagList *d) {
  *t = (Target){0};
  pthread_once(&llvm_init_once, llvm_init);
  if (!llvm_init_ok)
    return diag_error(d, NULL, (Span){-1, -1}, "LLVM has no native target for this machine");

  char *raw = LLVMGetDefaultTargetTriple();
  t->triple = take_message(LLVMNormalizeTargetTriple(raw));
  LLVMDisposeMessage(raw);
  const char *cpu = getenv("KRAIT_CPU");
  const char *features = getenv("KRAIT_CPU_FEATURES");
  if (cpu && *cpu) {
    t->cpu = kr_strdup(cpu);
    /* A named CPU brings its own features; the host's would override them. */
    t->features = kr_strdup(features ? features : "");
  } else {
    t->cpu = take_message(LLVMGetHostCPUName());
    t->features = features ? kr_strdup(features) : take_message(LLVMGetHostCPUFeatures());
  }

  char *error = NULL;
  LLVMTargetMachineRef tm = create_machine(t, LLVMCodeGenLevelDefault, &error);
  if (!tm) {
    diag_error(d, NULL, (Span){-1, -1}, "cannot target '%s': %s", t->triple, error ? error : "unknown error");
    LLVMDisposeMessage(error);
    target_free(t);
    return false;
  }
  LLVMTargetDataRef layout = LLVMCreateTargetDataLayout(tm);
  t->data_layout = take_message(LLVMCopyStringRepOfTargetData(layout));
  LLVMDisposeTargetData(layout);
  LLVMDisposeTargetMachine(tm);
  return true;
}

void target_free(Target *t) {
  kr_free(t->triple);
  kr_free(t->cpu);
  kr_free(t->features);
  kr_free(t->data_layout);
  *t = (Target){0};
}

LLVMTargetMachineRef target_machine_new(const Target *t, int opt_level) {
  LLVMCodeGenOptLevel level = opt_level <= 0   ? LLVMCodeGenLevelNone
                              : opt_level == 1 ? LLVMCodeGenLevelLess
                                               : LLVMCodeGenLevelAggressive;
  char *error = NULL;
  LLVMTargetMachineRef tm = create_machine(t, level, &error);
  LLVMDisposeMessage(error);
  return tm;
}
