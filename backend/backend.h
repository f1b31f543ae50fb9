/* backend.h: the third stage. Typed IR to LLVM IR through the LLVM C API, the optimization
 * pipeline, the target machine for the host CPU, object code in memory, and the linker that
 * maps it into executable memory (link.h, which needs no LLVM). Knows no caching policy and no
 * Python objects. */
#ifndef KRAIT_BACKEND_H
#define KRAIT_BACKEND_H

#include "../ir/ir.h"
#include "link.h"

#include <llvm-c/Core.h>
#include <llvm-c/TargetMachine.h>

/* ===================================== llvm_load.c ===================================== */

/* Makes the LLVM C API usable: loads libLLVM on the first call in binaries that do not link it
 * (libkrait.so, the CLI). Call it before the first LLVM function of a path; false with a
 * diagnostic when the library cannot be loaded. */
bool llvm_load(DiagList *d);

/* ===================================== target.c ===================================== */

/* The CPU code is compiled for; also part of every cache key. */
typedef struct Target {
  char *triple;              /* "x86_64-pc-linux-gnu" */
  char *cpu;                 /* "znver3"; KRAIT_CPU overrides the host's */
  char *features;            /* "+avx2,+fma,..."; KRAIT_CPU_FEATURES overrides */
  char *data_layout;
} Target;

/* Initializes LLVM's native target once per process and fills t for the host. */
bool target_init_host(Target *t, DiagList *d);
/* The host CPU's own features, sorted (KRAIT_CPU_FEATURES does not change them; kr_alloc'd), or
 * NULL with a diagnostic. */
char *target_host_features(DiagList *d);
void target_free(Target *t);
/* A new target machine for t at opt_level (loading LLVM first if need be); the caller disposes of
 * it. NULL with a diagnostic when LLVM cannot target t. */
LLVMTargetMachineRef target_machine_new(const Target *t, int opt_level, DiagList *d);

/* ===================================== emit*.c ===================================== */

/* Native signature of every IrFunc (the public ABI of krait.h):
 *   int32_t symbol(T0 a0, ..., R *out)     bool as i8 (0/1), int as i64, float as double,
 *                                          sized scalars as their C types, arrays as a pointer
 *                                          to their descriptor (KraitArray's layout);
 *   no `out` for a None return; result 0 ok, 1 error (record filled by krait_rt_raise, or by a
 *   callee whose status is propagated unchanged).
 * Raising: call `void krait_rt_raise(i32 kind, ptr msg, ptr file, i32 line, ptr function)`, then
 * return 1. String constants are private globals of the module. */

/* Inside a module, every function's body takes one more, hidden parameter: the stack limit, the
 * lowest address compiled frames may use on this thread; a function on a call cycle whose frame
 * would reach below it raises RecursionError. The entry wrapper gets it from
 * krait_rt_stack_limit(). */

/* Runtime helpers compiled code calls (defined in runtime/, given to linker_new by address):
 *   void    krait_rt_raise(int32_t kind, const char *msg, const char *file, int32_t line,
 *                          const char *function);
 *   double  krait_rt_round_float(double x, int64_t ndigits);   round(x, n), exact like CPython
 *   int64_t krait_rt_round_int(int64_t x, int64_t ndigits);    round(i, n), half to even
 *   int64_t krait_rt_stack_limit(void);      lowest stack address compiled frames may use
 *   void    krait_rt_raise_index(int64_t index, int64_t axis, int64_t size, const char *file,
 *                                int32_t line, const char *function);
 *           IndexError "index 10 is out of bounds for axis 0 with size 10" (NumPy's words)
 * Integer power, float floor division/modulo and the checks are emitted inline. */

/* Emits all functions of prog into a new module in ctx. Float ops carry no fast-math flags unless
 * the function is fastmath; integer ops carry no nsw/nuw. Math functions call libm symbols (or
 * LLVM intrinsics that lower to the same results). Returns NULL on an internal error. */
LLVMModuleRef emit_program(LLVMContextRef ctx, const IrProgram *prog, const Target *t, DiagList *d);

/* ===================================== optimize.c ===================================== */

/* Runs the new pass manager ("default<O3>" etc.) with LLVMRunPasses on m. Verifies the module
 * first in debug builds. */
bool optimize_module(LLVMModuleRef m, LLVMTargetMachineRef tm, int opt_level, DiagList *d);
/* The module as LLVM IR text (kr_alloc'd). */
char *module_to_text(LLVMModuleRef m);
/* The module as assembly text for tm (kr_alloc'd), or NULL with a diagnostic. Both this and
 * module_to_object generate code from a clone: m is left unchanged. */
char *module_to_asm(LLVMModuleRef m, LLVMTargetMachineRef tm, DiagList *d);
/* The module as an ELF object in memory (the caller disposes of it), or NULL. */
LLVMMemoryBufferRef module_to_object(LLVMModuleRef m, LLVMTargetMachineRef tm, DiagList *d);

#endif
