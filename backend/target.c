/* target.c: the CPU code is compiled for (triple, CPU name, features, data layout), by default
 * the host's, and target machines for it. The Target is part of every cache key. */
#include "backend.h"

#include <llvm-c/Support.h>
#include <llvm-c/Target.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static pthread_once_t llvm_init_once = PTHREAD_ONCE_INIT;
static bool llvm_init_ok; /* written once under llvm_init_once, then only read */

/* Code-generation tuning that LLVM only takes as command-line options, set once per process
 * before the first target machine (they hold for every module this process compiles, and for
 * anything else in the process that uses the same libLLVM). The options are LLVM 19's; CMake
 * requires LLVM 19, so none is unknown (an unknown one would end the process).
 * - Innermost loops start on a 32-byte boundary instead of 16: a small loop that straddles a
 *   64-byte line costs the front end a cycle per iteration. fib's loop (27 bytes) sat at offset
 *   0x30 of its function: alternating runs, best of 5 to 7, fib(36) at 1.16 of C before and 0.99
 *   to 1.03 after, the other kernels unchanged within noise.
 * - Software prefetching in innermost loops: optimize_module runs LLVM's loop-data-prefetch at
 *   -O2 and -O3, which on x86 does nothing until given a distance (in instructions of the loop
 *   body: 2048 is 2 to 5 KB ahead for a vector or unrolled loop) and a cache line size. A
 *   minimum stride of one line keeps it out of scalar loops, where it would prefetch every
 *   element (without it, matmul ran 1.4 times slower). Streams through memory gain: sum of
 *   squares over 10M f64 0.65 to 0.73 of C (which clang -O3 does not prefetch), dot 0.75, saxpy
 *   0.84 to 0.89; loops over arrays that stay in L1 (1000 elements) run as fast as without. */
static const char *const llvm_tuning[] = {
    "krait",
    "-x86-experimental-pref-innermost-loop-alignment=5",
    "-prefetch-distance=2048",
    "-cache-line-size=64",
    "-min-prefetch-stride=64",
};

static void llvm_init(void) {
  LLVMParseCommandLineOptions((int)(sizeof llvm_tuning / sizeof *llvm_tuning), llvm_tuning, NULL);
  llvm_init_ok = !LLVMInitializeNativeTarget() && !LLVMInitializeNativeAsmPrinter() &&
                 !LLVMInitializeNativeAsmParser();
}

/* LLVM loaded and its native target initialized, once per process: before any target machine,
 * whether the target came from LLVM or from the cache (runtime/cache_host.c). */
static bool llvm_ready(DiagList *d) {
  if (!llvm_load(d)) return false;
  pthread_once(&llvm_init_once, llvm_init);
  if (!llvm_init_ok) return diag_error(d, NULL, (Span){-1, -1}, "LLVM has no native target for this machine");
  return true;
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
  /* PIC and the small code model, what backend/link.c links: the objects are cached on disk and
   * loaded anywhere; the linker keeps each object's sections together and reaches libm and the
   * runtime through stubs and GOT slots of its own. (The JIT default would be the large code
   * model on x86-64: movabs for every address.) */
  return LLVMCreateTargetMachine(target, t->triple, t->cpu, t->features, level, LLVMRelocPIC,
                                 LLVMCodeModelSmall);
}

static int compare_strings(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The host's features ("+avx2,-avx512f,...") sorted, so that the same CPU always gives the same
 * string (it is part of the cache key); takes the LLVM message. */
static char *canonical_features(char *msg) {
  char *copy = kr_strdup(msg ? msg : "");
  LLVMDisposeMessage(msg);
  int n = 0, cap = 0;
  char **items = NULL;
  for (char *p = copy; *p;) {
    char *comma = strchr(p, ',');
    if (comma) *comma = '\0';
    if (*p) {
      if (n == cap) {
        cap = cap ? cap * 2 : 64;
        items = kr_realloc(items, sizeof(char *) * (size_t)cap);
      }
      items[n++] = p;
    }
    if (!comma) break;
    p = comma + 1;
  }
  if (n > 0) qsort(items, (size_t)n, sizeof(char *), compare_strings);
  StrBuf out = {0};
  for (int i = 0; i < n; i++) strbuf_printf(&out, "%s%s", i ? "," : "", items[i]);
  kr_free(items);
  kr_free(copy);
  return strbuf_take(&out);
}

bool target_init_host(Target *t, DiagList *d) {
  *t = (Target){0};
  if (!llvm_ready(d)) return false;

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
    t->features = features ? kr_strdup(features) : canonical_features(LLVMGetHostCPUFeatures());
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

char *target_host_features(DiagList *d) {
  if (!llvm_load(d)) return NULL;
  return canonical_features(LLVMGetHostCPUFeatures());
}

void target_free(Target *t) {
  kr_free(t->triple);
  kr_free(t->cpu);
  kr_free(t->features);
  kr_free(t->data_layout);
  *t = (Target){0};
}

LLVMTargetMachineRef target_machine_new(const Target *t, int opt_level, DiagList *d) {
  if (!llvm_ready(d)) return NULL;
  LLVMCodeGenOptLevel level = opt_level <= 0   ? LLVMCodeGenLevelNone
                              : opt_level == 1 ? LLVMCodeGenLevelLess
                                               : LLVMCodeGenLevelAggressive;
  char *error = NULL;
  LLVMTargetMachineRef tm = create_machine(t, level, &error);
  if (!tm)
    diag_error(d, NULL, (Span){-1, -1}, "cannot target '%s' (CPU '%s'): %s", t->triple, t->cpu,
               error ? error : "unknown error");
  LLVMDisposeMessage(error);
  return tm;
}
