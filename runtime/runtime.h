/* runtime.h: the last stage. The compile driver (the pipeline, in one function), specializations
 * per signature, calls through libffi, the error records and the helpers compiled code calls.
 * The public face of all this is include/krait.h; the structs behind its opaque handles are here. */
#ifndef KRAIT_RUNTIME_H
#define KRAIT_RUNTIME_H

#include "../backend/backend.h"

#include <ffi.h>

/* ---- error.c: the thread-local error record and the helpers compiled code calls ---- */
void krait_rt_raise(int32_t kind, const char *msg, const char *file, int32_t line, const char *function);
double krait_rt_round_float(double x, int64_t ndigits);
int64_t krait_rt_round_int(int64_t x, int64_t ndigits);
/* array.c: IndexError "index I is out of bounds for axis A with size N", as NumPy words it. */
void krait_rt_raise_index(int64_t index, int64_t axis, int64_t size, const char *file, int32_t line,
                          const char *function);
/* Whether the strides of an ndim-dimensional descriptor are C-contiguous for itemsize (axes of
 * length 0 or 1 may have any stride, as in NumPy's flags). */
bool array_is_c_contiguous(const KraitArray *a, int ndim, size_t itemsize);
/* stack.c: the bytes of stack compiled code may still use on this thread (the recursion limit). */
int64_t krait_rt_stack_budget(void);
/* The {name, address} table handed to jit_new. */
const JitSymbol *runtime_symbols(int *count);

/* ---- repr.c: Python's repr of floats (shortest round-trip) and ints ---- */
void repr_float(double x, char *buf, size_t size);

/* ---- runtime.c: the runtime: one target, one JIT, the default options ---- */
struct KraitRuntime {
  Target target;             /* the host CPU (or KRAIT_CPU) */
  Jit *jit;                  /* all machine code of all modules of this runtime */
  LLVMTargetMachineRef machines[4]; /* per opt level, made on first use (one thread at a time) */
  uint64_t next_job;         /* numbers compile jobs: symbol prefix "k<N>." is never reused */
  int live_modules;          /* modules not yet freed: they must all go before the runtime */
  KraitOptions defaults;
};

/* The runtime's target machine for an opt level (0..3), created once; NULL if LLVM cannot. */
LLVMTargetMachineRef runtime_target_machine(KraitRuntime *rt, int opt_level);

/* Milliseconds on a monotonic clock, for the phase timings. */
double runtime_now_ms(void);

/* ---- module.c: a source text, its scan, its diagnostics and its specializations ---- */
struct KraitModule {
  KraitRuntime *rt;
  KraitOptions opts;
  char *text;                /* our copy of the source (kr_alloc'd), NUL-terminated */
  Arena arena;               /* Source line table, tokens, AST: as long as the module lives */
  Source src;
  Module *mod;               /* module_scan's result, in arena */
  DiagList diags;            /* every diagnostic so far, without repeats */
  char *diag_text;           /* diags rendered (kr_alloc'd) */
  int diag_text_count;       /* diags.len when diag_text was rendered */
  KraitFunction **funcs;     /* the specializations, in the order they were compiled */
  int nfuncs, funcs_cap;
};

/* Functions with more parameters than this are rejected (libffi and sanity both want a bound). */
enum { MAX_PARAMS = 64 };

/* Moves the diagnostics of a compile job into the module's list, dropping any (with its notes)
 * already there, then re-renders the module's text if the list changed. Frees *from. */
void module_take_diags(KraitModule *m, DiagList *from);
/* The types a call with `args` compiles for: declared parameter types where annotated (after
 * Python's conversions: int or bool to float, bool to int), the argument's type elsewhere.
 * Reports a wrong name, arity or a type that cannot convert into d; returns false then. */
bool module_specialization_types(KraitModule *m, const char *name, const KraitType *args, int nargs,
                                 Type *out, DiagList *d);

/* ---- options.c: @jit(...) keywords ---- */

/* Lays the options of a function's decorator (fastmath=, boundscheck=, cache=, error_model=,
 * target=) over o, reporting unknown or malformed ones. A compile job takes the options of the
 * function it starts from; the functions it reaches are compiled with the same options. */
bool jit_options_apply(const KraitModule *m, const JitOptions *jit, CompileOptions *o, DiagList *d);

/* ---- compile.c: the pipeline from source to callable code ---- */

/* Wall time of each phase of one compilation (include/krait.h's KraitCompileTimes). */
typedef KraitCompileTimes PhaseTimes;

/* Stages `krait dump` can show; DUMP_NONE compiles all the way. DUMP_AST needs no compiling:
 * krait_dump prints the parsed function itself. */
typedef enum { DUMP_NONE, DUMP_AST, DUMP_IR, DUMP_LLVM, DUMP_OPT, DUMP_ASM } DumpStage;

/* Compiles `name` for the (already converted) argument types `args`: ir_build, unique symbols,
 * emit, optimize, object code, JIT link, lookup. With a dump stage other than DUMP_NONE it stops
 * at that stage, stores its text (kr_alloc'd) in *dump_text and returns NULL. Otherwise returns
 * the new specialization (not yet in m->funcs), or NULL. Diagnostics go into d. */
KraitFunction *compile_specialization(KraitModule *m, const char *name, const Type *args, int nargs,
                                      DumpStage dump, char **dump_text, DiagList *d);
DumpStage dump_stage_from_name(const char *name);
/* The module's options for ir_build; verify is on in Debug builds (KRAIT_DEBUG) or with the
 * environment variable KRAIT_VERIFY=1. */
CompileOptions compile_options(const KraitModule *m);

/* ---- call.c: specializations and calls through libffi ---- */
struct KraitFunction {
  KraitModule *module;
  char *name;                /* the Python name */
  int nparams;
  KraitType *params;         /* kr_alloc'd */
  KraitType ret;
  int def_line;              /* line of the `def`, for TypeError records of krait_call */
  void *native;              /* the entry in the JIT */
  uint64_t tracker;          /* the JIT's handle of this specialization's code */
  ffi_cif cif;               /* prepared once: int32_t (T0, ..., R *) */
  ffi_type **ffi_args;       /* kr_alloc'd, nparams + 1 */
  uint64_t writes_params;    /* bit i: the code may store into array parameter i (IrFunc's) */
  PhaseTimes times;
};

/* A new specialization; prepares its ffi_cif. Returns NULL with a diagnostic when a parameter or
 * result type has no native representation. */
KraitFunction *function_new(KraitModule *m, const char *name, const Type *params, int nparams, Type ret,
                            int def_line, void *native, uint64_t tracker, DiagList *d);
/* Frees f and removes its code from the JIT. */
void function_free(KraitFunction *f);

#endif
