/* backend_internal.h: what the backend's files share: the Emitter (the state of turning one
 * IrProgram into one LLVM module) and the helpers emit.c gives emit_arith.c and emit_math.c. */
#ifndef KRAIT_BACKEND_INTERNAL_H
#define KRAIT_BACKEND_INTERNAL_H

#include "backend.h"

/* A private constant string of the module, emitted once per distinct text. */
typedef struct EmitString {
  const char *text;
  LLVMValueRef global;
} EmitString;

typedef struct Emitter {
  LLVMContextRef ctx;
  LLVMModuleRef mod;
  LLVMBuilderRef b;          /* where instructions go */
  LLVMBuilderRef alloca_b;   /* before the terminator of the function's entry block */
  const IrProgram *prog;
  const Target *target;
  DiagList *d;

  LLVMTypeRef i1, i8, i32, i64, i128, f32, f64, ptr, void_ty;
  const char *entry_body_name; /* "<symbol>.body": funcs[0]'s body behind the entry wrapper */
  uint8_t *recursive;        /* per IrProgram.funcs index: on a call cycle (checks the stack) */
  uint8_t *can_raise;        /* per IrProgram.funcs index: may fail (returns a status) */
  int cur;                   /* index of the function being emitted */
  LLVMValueRef overflow_fn;  /* krait_rt_recursion_overflow, declared when the program recurses */
  LLVMTypeRef overflow_ty;
  LLVMValueRef *funcs;       /* per IrProgram.funcs index: the bodies, with the limit param */
  LLVMTypeRef *func_types;
  LLVMValueRef raise_fn;
  LLVMTypeRef raise_ty;
  unsigned prof_kind;        /* !prof */
  LLVMMetadataRef cold_weights; /* branch_weights: the true edge (the raise) is unlikely */
  EmitString *strings;
  int nstrings, cap_strings;

  /* The function being emitted. */
  const IrFunc *fn;
  LLVMValueRef llfn;
  LLVMBasicBlockRef *blocks; /* per IrBlock id */
  LLVMValueRef *values;      /* per value id; NULL until defined */
  Type *value_types;         /* per value id */
  LLVMValueRef *locals;      /* allocas, per IrLocal */
  LLVMValueRef file_str, name_str;
  LLVMValueRef stack_probe;  /* i64 address of a byte of the frame, for stack checks, or NULL */
  struct ArrayFields **arrays; /* per value id: the loaded descriptor of an array value, or NULL */
  bool failed;               /* an internal error was reported */
} Emitter;

/* ---- emit.c ---- */

/* The internal LLVM type of a krait type (bool is i1, arrays a pointer). */
LLVMTypeRef emit_type(Emitter *em, Type t);
/* The LLVM value of IR value `id` and its krait type. */
LLVMValueRef emit_value(Emitter *em, uint32_t id);
Type emit_value_type(Emitter *em, uint32_t id);
/* Reports an internal error (a bug in the IR or the emitter) at inst's span. */
bool emit_internal_error(Emitter *em, const IrInst *inst, const char *what);
/* When cond (i1) holds, raises kind with msg and returns 1 from the function: the raise sits in
 * its own cold block; the builder continues in the likely block. */
void emit_raise_if(Emitter *em, LLVMValueRef cond, ExcKind kind, const char *msg, Span span);
/* Returns from the current body: a status (i32) and, for a function with a value, the value
 * (NULL after an error). emit_return_error returns status 1. */
void emit_return(Emitter *em, LLVMValueRef status, LLVMValueRef value);
void emit_return_error(Emitter *em);
/* Calls krait_rt_raise and returns 1, at the builder's position (which gets terminated). */
void emit_raise_here(Emitter *em, ExcKind kind, const char *msg, Span span);
/* A new block of the current function, placed after the builder's current block. */
LLVMBasicBlockRef emit_block_new(Emitter *em, const char *name);
/* Calls an overloaded LLVM intrinsic ("llvm.floor") at type ty. */
LLVMValueRef emit_intrinsic(Emitter *em, const char *name, LLVMTypeRef ty, LLVMValueRef *args,
                            unsigned nargs);
/* Calls a C function by symbol, declaring it on first use; `pure` functions get memory(none)
 * (libm: krait never reads errno). */
LLVMValueRef emit_call_c(Emitter *em, const char *symbol, LLVMTypeRef ret, LLVMTypeRef *params,
                         unsigned nparams, LLVMValueRef *args, bool pure);
/* Calls a libm function of nargs floats of type ty: as a builtin LLVM may simplify when inst is
 * fastmath, as an opaque (but pure) call otherwise. */
LLVMValueRef emit_call_libm(Emitter *em, const IrInst *inst, const char *symbol, LLVMTypeRef ty,
                            LLVMValueRef *args, unsigned nargs);
/* All fast-math flags on v when inst is fastmath; none otherwise. */
void emit_fast_flags(Emitter *em, const IrInst *inst, LLVMValueRef v);
LLVMValueRef emit_float_const(Emitter *em, Type t, double v);

/* ---- emit_arith.c: integer and float ops with Python semantics. Returns the value (NULL for
 * an internal error). ---- */
LLVMValueRef emit_arith(Emitter *em, const IrInst *inst);

/* ---- emit_array.c: array descriptors and elements ---- */

/* Loads the descriptor fields of array value `id` of type t (desc: the descriptor pointer) at
 * the builder's position, for later IR_ARRAY_* of that value. */
void emit_array_fields(Emitter *em, uint32_t id, Type t, LLVMValueRef desc);
/* IR_ARRAY_DIM, IR_BOUNDS_CHECK, IR_INDEX_WRAP, IR_ARRAY_LOAD, IR_ARRAY_STORE. */
LLVMValueRef emit_array_op(Emitter *em, const IrInst *inst);

/* ---- emit_math.c: IR_MATH, IR_ROUNDN and the conversions. ---- */
LLVMValueRef emit_math(Emitter *em, const IrInst *inst);

#endif
