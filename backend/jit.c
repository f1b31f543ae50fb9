/* jit.c: the ORC LLJIT that links object files into the process. One per runtime; each object
 * gets its own resource tracker so that its code can be freed alone. Symbols resolve, in order,
 * to the runtime helpers given to jit_new, the libm and compiler-rt functions emitted code calls,
 * and anything else the process exports (memcpy, memset). */
#include "backend.h"

#include <llvm-c/Error.h>
#include <llvm-c/Orc.h>

#include <math.h>
#include <string.h>

/* C23 / TS 18661 functions that -std=c17 headers do not declare, and the compiler-rt (libgcc)
 * 128-bit division helpers that i128 urem/srem lower to (pow(a, b, m)). Only their addresses
 * are taken here. */
double roundeven(double);
float roundevenf(float);
void __divti3(void);
void __modti3(void);
void __udivti3(void);
void __umodti3(void);

typedef void (*AnyFn)(void);
#define FN_ADDR(f) ((uint64_t)(uintptr_t)(AnyFn)(f))

/* The C functions emitted code may call by name (backend/emit_math.c, emit_arith.c, and the
 * libcalls LLVM lowers intrinsics and i128 division to). */
static void libm_symbols(const char **names, uint64_t *addrs, int *n) {
#define S(f) (names[*n] = #f, addrs[(*n)++] = FN_ADDR(f))
  S(sqrt); S(exp); S(log); S(log2); S(log10); S(log1p); S(expm1); S(sin); S(cos); S(tan);
  S(asin); S(acos); S(atan); S(sinh); S(cosh); S(tanh); S(asinh); S(acosh); S(atanh);
  S(atan2); S(floor); S(ceil); S(trunc); S(fabs); S(hypot); S(copysign); S(fmod); S(erf);
  S(erfc); S(tgamma); S(lgamma); S(roundeven); S(pow);
  S(sqrtf); S(floorf); S(ceilf); S(truncf); S(fabsf); S(copysignf); S(fmodf); S(roundevenf);
  S(powf);
  S(__divti3); S(__modti3); S(__udivti3); S(__umodti3);
#undef S
}
enum { MAX_LIBM_SYMBOLS = 64 };

typedef struct JitTracker {
  uint64_t id;
  int refs;                  /* jit_add_object's reference and one per jit_retain */
  LLVMOrcResourceTrackerRef rt;
} JitTracker;

struct Jit {
  LLVMOrcLLJITRef lljit;
  LLVMOrcJITDylibRef main;
  JitTracker *trackers;
  int ntrackers, cap;
  uint64_t next_id;
};

static bool jit_error(DiagList *d, const char *what, LLVMErrorRef err) {
  char *msg = LLVMGetErrorMessage(err);
  diag_error(d, NULL, (Span){-1, -1}, "internal error: jit: %s: %s", what, msg);
  LLVMDisposeErrorMessage(msg);
  return false;
}

static bool define_symbols(Jit *j, const JitSymbol *symbols, int nsymbols, DiagList *d) {
  const char *names[MAX_LIBM_SYMBOLS];
  uint64_t addrs[MAX_LIBM_SYMBOLS];
  int nlibm = 0;
  libm_symbols(names, addrs, &nlibm);
  kr_assert(nlibm <= MAX_LIBM_SYMBOLS);
  LLVMOrcCSymbolMapPair *pairs = kr_alloc(sizeof(LLVMOrcCSymbolMapPair) * (size_t)(nsymbols + nlibm));
  LLVMJITSymbolFlags flags = {LLVMJITSymbolGenericFlagsExported | LLVMJITSymbolGenericFlagsCallable, 0};
  size_t n = 0;
  for (int i = 0; i < nsymbols; i++) {
    LLVMOrcSymbolStringPoolEntryRef name = LLVMOrcLLJITMangleAndIntern(j->lljit, symbols[i].name);
    pairs[n++] = (LLVMOrcCSymbolMapPair){name, {(uintptr_t)symbols[i].address, flags}};
  }
  for (int i = 0; i < nlibm; i++) {
    bool given = false; /* the caller's definition wins */
    for (int k = 0; k < nsymbols && !given; k++) given = strcmp(symbols[k].name, names[i]) == 0;
    if (given) continue;
    LLVMOrcSymbolStringPoolEntryRef name = LLVMOrcLLJITMangleAndIntern(j->lljit, names[i]);
    pairs[n++] = (LLVMOrcCSymbolMapPair){name, {addrs[i], flags}};
  }
  LLVMOrcMaterializationUnitRef mu = LLVMOrcAbsoluteSymbols(pairs, n); /* takes the names */
  kr_free(pairs);
  LLVMErrorRef err = LLVMOrcJITDylibDefine(j->main, mu);
  if (err) {
    LLVMOrcDisposeMaterializationUnit(mu);
    return jit_error(d, "cannot define the runtime symbols", err);
  }
  LLVMOrcDefinitionGeneratorRef gen;
  char prefix = LLVMOrcLLJITGetGlobalPrefix(j->lljit);
  err = LLVMOrcCreateDynamicLibrarySearchGeneratorForProcess(&gen, prefix, NULL, NULL);
  if (err) return jit_error(d, "cannot search the process for symbols", err);
  LLVMOrcJITDylibAddGenerator(j->main, gen);
  return true;
}

Jit *jit_new(const Target *t, const JitSymbol *symbols, int nsymbols, DiagList *d) {
  LLVMTargetMachineRef tm = target_machine_new(t, 3);
  if (!tm) {
    diag_error(d, NULL, (Span){-1, -1}, "internal error: jit: no target machine for '%s'", t->triple);
    return NULL;
  }
  LLVMOrcLLJITBuilderRef builder = LLVMOrcCreateLLJITBuilder();
  /* Both calls take ownership: of tm, then of the target machine builder. */
  LLVMOrcJITTargetMachineBuilderRef jtmb = LLVMOrcJITTargetMachineBuilderCreateFromTargetMachine(tm);
  LLVMOrcLLJITBuilderSetJITTargetMachineBuilder(builder, jtmb);
  Jit *j = kr_alloc(sizeof(Jit));
  LLVMErrorRef err = LLVMOrcCreateLLJIT(&j->lljit, builder); /* takes builder */
  if (err) {
    jit_error(d, "cannot create the JIT", err);
    kr_free(j);
    return NULL;
  }
  j->main = LLVMOrcLLJITGetMainJITDylib(j->lljit);
  j->next_id = 1;
  if (!define_symbols(j, symbols, nsymbols, d)) {
    jit_free(j);
    return NULL;
  }
  return j;
}

void jit_free(Jit *j) {
  if (!j) return;
  /* Released trackers hand their code to the dylib's default tracker; it dies with the JIT. */
  for (int i = 0; i < j->ntrackers; i++) LLVMOrcReleaseResourceTracker(j->trackers[i].rt);
  kr_free(j->trackers);
  LLVMErrorRef err = LLVMOrcDisposeLLJIT(j->lljit);
  if (err) LLVMConsumeError(err);
  kr_free(j);
}

uint64_t jit_add_object(Jit *j, LLVMMemoryBufferRef obj, DiagList *d) {
  LLVMOrcResourceTrackerRef rt = LLVMOrcJITDylibCreateResourceTracker(j->main);
  LLVMErrorRef err = LLVMOrcLLJITAddObjectFileWithRT(j->lljit, rt, obj); /* takes obj */
  if (err) {
    jit_error(d, "cannot add object", err);
    err = LLVMOrcResourceTrackerRemove(rt);
    if (err) LLVMConsumeError(err);
    LLVMOrcReleaseResourceTracker(rt);
    return 0;
  }
  if (j->ntrackers == j->cap) {
    j->cap = j->cap ? j->cap * 2 : 8;
    j->trackers = kr_realloc(j->trackers, sizeof(JitTracker) * (size_t)j->cap);
  }
  uint64_t id = j->next_id++;
  j->trackers[j->ntrackers++] = (JitTracker){id, 1, rt};
  return id;
}

bool jit_retain(Jit *j, uint64_t tracker) {
  for (int i = 0; i < j->ntrackers; i++)
    if (j->trackers[i].id == tracker) return ++j->trackers[i].refs > 0;
  return false;
}

void jit_remove(Jit *j, uint64_t tracker) {
  for (int i = 0; i < j->ntrackers; i++) {
    if (j->trackers[i].id != tracker) continue;
    if (--j->trackers[i].refs > 0) return;
    LLVMErrorRef err = LLVMOrcResourceTrackerRemove(j->trackers[i].rt);
    if (err) LLVMConsumeError(err);
    LLVMOrcReleaseResourceTracker(j->trackers[i].rt);
    j->trackers[i] = j->trackers[--j->ntrackers];
    /* The removed code's symbol names stay interned in the session's string pool until dead
     * entries are cleared: without this, every compile leaks its names for the JIT's lifetime. */
    LLVMOrcSymbolStringPoolClearDeadEntries(
        LLVMOrcExecutionSessionGetSymbolStringPool(LLVMOrcLLJITGetExecutionSession(j->lljit)));
    return;
  }
}

void *jit_lookup(Jit *j, const char *symbol, DiagList *d) {
  LLVMOrcExecutorAddress addr = 0;
  LLVMErrorRef err = LLVMOrcLLJITLookup(j->lljit, &addr, symbol);
  if (err) {
    jit_error(d, "symbol lookup failed", err);
    return NULL;
  }
  return (void *)(uintptr_t)addr;
}
