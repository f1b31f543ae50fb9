/* ir.h: the second stage. Types and promotion, name resolution and type inference over the AST,
 * the typed control-flow-graph IR that lowering produces, its printer, its verifier and IR passes.
 * Knows nothing of LLVM. */
#ifndef KRAIT_IR_H
#define KRAIT_IR_H

#include "../frontend/frontend.h"
#include "../include/krait.h"

/* ===================================== type.c ===================================== */

/* A type is a small value: compare with type_eq, pass by value. Scalars use `kind` only. The
 * numbering equals KraitTypeKind in include/krait.h (checked by static_assert in type.c). */
typedef enum {
  TY_UNKNOWN,                /* not inferred yet (inference only; never in lowered IR) */
  TY_NONE,                   /* no value: functions returning None, statements */
  TY_BOOL,
  TY_I8, TY_I16, TY_I32, TY_I64,
  TY_U8, TY_U16, TY_U32, TY_U64,
  TY_F32, TY_F64,
  TY_ARRAY,                  /* elem, ndim, layout are live (issue: arrays) */
} TypeKind;

typedef enum { LAYOUT_ANY, LAYOUT_C } ArrayLayout;

typedef struct Type {
  uint8_t kind;              /* TypeKind */
  uint8_t elem;              /* TY_ARRAY: element TypeKind; scalars: TYPE_STRONG or 0 (below) */
  uint8_t ndim;              /* TY_ARRAY: number of dimensions */
  uint8_t layout;            /* TY_ARRAY: ArrayLayout */
} Type;

static inline Type type_of(TypeKind k) { Type t = {(uint8_t)k, 0, 0, 0}; return t; }

/* NumPy 2 promotion (NEP 50) tells Python scalars (weak: `int`, `float`, `bool` values, literals,
 * parameters) from NumPy scalars (strong: array elements and what arithmetic on them gives). The
 * sized kinds (i8..i32, u8..u64, f32) are always strong; TY_I64, TY_F64 and TY_BOOL are strong
 * when `elem` holds TYPE_STRONG. Strength lives only in lowering (Val types, locals' inferred
 * types): IR instructions, locals, parameters and return types carry type_ir(t), without it. */
enum { TYPE_STRONG = 1 };
#define TYPE_UNKNOWN type_of(TY_UNKNOWN)
#define TYPE_NONE type_of(TY_NONE)
#define TYPE_BOOL type_of(TY_BOOL)
#define TYPE_INT type_of(TY_I64)   /* Python int */
#define TYPE_FLOAT type_of(TY_F64) /* Python float */

bool type_eq(Type a, Type b);
bool type_is_int(Type t);          /* signed or unsigned integer, not bool */
bool type_is_float(Type t);
bool type_is_numeric(Type t);      /* bool, int or float */
bool type_is_unsigned(Type t);     /* u8..u64 */
bool type_is_strong(Type t);       /* a NumPy scalar (see TYPE_STRONG) */
bool type_is_array(Type t);
Type type_strong(TypeKind k);      /* the strong scalar of kind k */
Type type_ir(Type t);              /* t without the strength flag (the type the IR carries) */
Type type_elem(Type array);        /* the strong scalar type of an array's elements */
Type type_array(TypeKind elem, int ndim, ArrayLayout layout);
int type_int_bits(Type t);         /* bits of an integer or bool type (bool: 1) */
/* Bytes of one element of a scalar kind (TY_F64: 8, TY_BOOL: 1), 0 for others. */
size_t type_itemsize(TypeKind k);
/* The spelling used in messages and signatures: "int", "float", "bool", "None", "i32", "f64[:, ::1]". */
const char *type_name(Type t, char buf[static 32]);
/* The result type of arithmetic between two numeric types. Two Python scalars: Python's rules
 * (bool+bool -> int, int+float -> float). Otherwise NumPy 2's (NEP 50): a weak Python scalar
 * takes the other operand's type (weak float with a strong integer: f64); two strong types
 * follow NumPy's promotion table (i8+u8 -> i16, u64+i64 -> f64, i32+f32 -> f64, i16+f32 -> f32).
 * TY_UNKNOWN if the pair does not promote. */
Type type_promote(Type a, Type b);
/* Whether a value of type `from` passes to a parameter or a declared local of type `to` (a
 * number to a float, an integer or bool to an integer, bool to bool, an array to its own type or,
 * C-contiguous, to the strided type of its element and ndim). */
bool type_converts_implicitly(Type from, Type to);
/* Unification of two types one variable holds: equal -> same; int/float -> float; a strong
 * scalar with another number -> their promotion (s = 0.0 then s += f32 element: f32); arrays of
 * one element type and ndim, one C-contiguous, the other strided -> strided;
 * TY_UNKNOWN is the identity; anything else (bool with a number, different arrays) ->
 * TY_UNKNOWN with *conflict set. */
Type type_unify(Type a, Type b, bool *conflict);

/* ===================================== ir.c ===================================== */

/* Exception kinds raised by compiled code: the same numbering as KraitExcKind in krait.h. */
typedef KraitExcKind ExcKind;

/* Math functions called by IR_MATH (aux). X(name, nargs, c-symbol-or-intrinsic) */
#define MATH_FNS(X)                                                                      \
  X(MATH_SQRT, 1, "sqrt") X(MATH_EXP, 1, "exp") X(MATH_LOG, 1, "log")                    \
  X(MATH_LOG2, 1, "log2") X(MATH_LOG10, 1, "log10") X(MATH_LOG1P, 1, "log1p")            \
  X(MATH_EXPM1, 1, "expm1") X(MATH_SIN, 1, "sin") X(MATH_COS, 1, "cos")                  \
  X(MATH_TAN, 1, "tan") X(MATH_ASIN, 1, "asin") X(MATH_ACOS, 1, "acos")                  \
  X(MATH_ATAN, 1, "atan") X(MATH_SINH, 1, "sinh") X(MATH_COSH, 1, "cosh")                \
  X(MATH_TANH, 1, "tanh") X(MATH_ASINH, 1, "asinh") X(MATH_ACOSH, 1, "acosh")            \
  X(MATH_ATANH, 1, "atanh") X(MATH_ATAN2, 2, "atan2") X(MATH_FLOOR, 1, "floor")          \
  X(MATH_CEIL, 1, "ceil") X(MATH_TRUNC, 1, "trunc") X(MATH_FABS, 1, "fabs")              \
  X(MATH_HYPOT, 2, "hypot") X(MATH_COPYSIGN, 2, "copysign") X(MATH_FMOD, 2, "fmod")      \
  X(MATH_ERF, 1, "erf") X(MATH_ERFC, 1, "erfc") X(MATH_GAMMA, 1, "tgamma")               \
  X(MATH_LGAMMA, 1, "lgamma") X(MATH_ROUNDEVEN, 1, "roundeven")
/* MATH_FLOOR/CEIL/TRUNC/ROUNDEVEN return float here; lowering converts with IR_F2I where Python
 * returns int. Domain errors give NaN/inf as in C (documented deviation). */

typedef enum {
#define X(name, nargs, sym) name,
  MATH_FNS(X)
#undef X
  MATH__COUNT
} MathFn;

/* IR opcodes. X(name, nargs, may_raise, operands)
 * Operands a, b, c are value ids unless the comment says block/local/func/string index.
 * "Value" ops produce a value of inst.type; all integer ops work on the width of inst.type.
 * Integer arithmetic wraps (two's complement): the backend must never add nsw/nuw. */
#define IR_OPS(X)                                                                        \
  /* constants and parameters */                                                         \
  X(IR_CONST, 0, 0)       /* imm.i (bool/int types) or imm.f (float types)               */\
  X(IR_PARAM, 0, 0)       /* imm.i = parameter index                                     */\
  /* locals: named stack slots, promoted to SSA by the backend's optimizer              */\
  X(IR_LOAD, 0, 0)        /* a = local index                                             */\
  X(IR_STORE, 1, 0)       /* a = local index, b = value; type NONE                       */\
  /* integer arithmetic (wrapping)                                                      */\
  X(IR_IADD, 2, 0) X(IR_ISUB, 2, 0) X(IR_IMUL, 2, 0) X(IR_INEG, 1, 0)                    \
  X(IR_IFLOORDIV, 2, 1)   /* Python //: floors; b == 0 raises ZeroDivisionError; MIN//-1 wraps */\
  X(IR_IMOD, 2, 1)        /* Python %: sign of b; b == 0 raises ZeroDivisionError         */\
  X(IR_IPOW, 2, 1)        /* a ** b, b >= 0 (b < 0 raises ValueError), wrapping           */\
  X(IR_IPOWMOD, 3, 1)     /* pow(a, b, c): b < 0 raises ValueError, c == 0 raises ValueError;
                             exact (128-bit products); result has c's sign as in Python    */\
  X(IR_IAND, 2, 0) X(IR_IOR, 2, 0) X(IR_IXOR, 2, 0) X(IR_INOT, 1, 0) /* ~a; on bool: not */\
  X(IR_ISHL, 2, 1)        /* a << b: b < 0 raises ValueError; b >= width gives 0          */\
  X(IR_ISHR, 2, 1)        /* a >> b arithmetic: b < 0 raises ValueError; b >= width: 0/-1 */\
  X(IR_ICMP, 2, 0)        /* aux = CmpOp (EQ..GE), signedness from operand type; -> bool  */\
  /* float arithmetic (IEEE, no contraction or reassociation unless fastmath)           */\
  X(IR_FADD, 2, 0) X(IR_FSUB, 2, 0) X(IR_FMUL, 2, 0) X(IR_FNEG, 1, 0)                    \
  X(IR_FDIV, 2, 1)        /* a / b: b == 0 raises ZeroDivisionError "float division by zero" */\
  X(IR_FFLOORDIV, 2, 1)   /* Python float //: b == 0 raises ZeroDivisionError             */\
  X(IR_FMOD, 2, 1)        /* Python float %: sign of b; b == 0 raises ZeroDivisionError   */\
  X(IR_FPOW, 2, 1)        /* a ** b: 0.0 ** neg raises ZeroDivisionError; a finite result
                             overflowing to inf from finite operands raises OverflowError  */\
  X(IR_FCMP, 2, 0)        /* aux = CmpOp; ordered compares, except NE which is unordered  */\
  X(IR_MATH, 1, 0)        /* aux = MathFn; a [, b]; float in, float out                   */\
  X(IR_ROUNDN, 2, 0)      /* round(a, b) with b int: float a -> float; int a -> int (exact,
                             half to even, CPython's algorithm; runtime helper)            */\
  /* conversions                                                                        */\
  X(IR_I2F, 1, 0)         /* int -> float (signed or unsigned by operand type)            */\
  X(IR_F2I, 1, 1)         /* float -> int truncating toward zero; NaN raises ValueError,
                             inf or out of range raises OverflowError                      */\
  X(IR_ICAST, 1, 0)       /* int/bool -> another int width: sign/zero-extend or truncate  */\
  X(IR_FCAST, 1, 0)       /* f32 <-> f64                                                 */\
  X(IR_TRUTH, 1, 0)       /* any scalar -> bool: != 0 (NaN is true)                       */\
  X(IR_F2I_SAT, 1, 0)     /* float -> int truncating toward zero, saturating at the type's
                             bounds, NaN gives 0 (NumPy's unchecked cast; never raises)   */\
  X(IR_SELECT, 3, 0)      /* a ? b : c                                                   */\
  /* arrays: an array value is a pointer to its descriptor {data, shape[n], strides[n]}; it is
     never written by compiled code, so its fields are loop-invariant                    */\
  X(IR_ARRAY_DIM, 1, 0)   /* a = array; imm.i = axis: shape[axis] as int                  */\
  X(IR_BOUNDS_CHECK, 2, 1) /* a = index (int), b = size (int, >= 0), imm.i = axis; type NONE:
                             unless -b <= a < b raises IndexError "index A is out of bounds
                             for axis AXIS with size B". IR_FLAG_NONNEG: a >= 0 is known  */\
  X(IR_INDEX_WRAP, 2, 0)  /* a = index, b = size: a < 0 ? a + b : a (Python's negative
                             indices). IR_FLAG_NONNEG: a >= 0 is known, the result is a   */\
  X(IR_ARRAY_LOAD, 0, 0)  /* a = array; indices (int, in bounds) are fn->call_args[b .. b+c),
                             c = ndim; result: the element (type_ir of the element type)  */\
  X(IR_ARRAY_STORE, 0, 0) /* a = array; fn->call_args[b .. b+c) are the ndim indices then
                             the value (of the element type), c = ndim + 1; type NONE      */\
  X(IR_ARRAY_VIEW, 0, 0)  /* a = array; fn->call_args[b .. b+c) are 0 < c < ndim leading
                             indices (int, in bounds): the view a[i, ...] of the remaining
                             axes, an array of ndim - c dimensions over the same memory    */\
  /* calls                                                                              */\
  X(IR_CALL, 0, 1)        /* a = callee index in IrProgram.funcs; args are
                             fn->call_args[b .. b+c); an error in the callee propagates    */\
  /* terminators: exactly one, last in each block                                       */\
  X(IR_JUMP, 0, 0)        /* a = target block                                            */\
  X(IR_BRANCH, 1, 0)      /* a = bool condition, b = then block, c = else block           */\
  X(IR_RET, 0, 0)         /* a = value, or IR_NO_VALUE for a function returning None      */\
  X(IR_RAISE, 0, 1)       /* aux = ExcKind, a = message index in fn->strings (or
                             IR_NO_VALUE for none); the error record gets inst.span's line */\
  X(IR_UNREACHABLE, 0, 0)

typedef enum {
#define X(name, nargs, raises) name,
  IR_OPS(X)
#undef X
  IR__COUNT
} IrOp;

typedef struct IrOpInfo {
  const char *name;          /* "iadd" */
  int8_t nargs;              /* value operands in a, b, c (IR_CALL's live in call_args) */
  bool may_raise;
} IrOpInfo;
extern const IrOpInfo ir_op_info[IR__COUNT];

#define IR_NO_VALUE UINT32_MAX

typedef struct IrInst {
  uint8_t op;                /* IrOp */
  uint8_t aux;               /* CmpOp, MathFn or ExcKind, per op */
  uint16_t flags;            /* IR_FLAG_* */
  Type type;                 /* result type; TY_NONE for stores and terminators */
  uint32_t id;               /* value number, unique in the function, < IrFunc.nvalues */
  uint32_t a, b, c;          /* operands, meaning per op (see IR_OPS) */
  Span span;                 /* the source construct, for errors and the printer */
  union { int64_t i; double f; } imm;
} IrInst;
_Static_assert(sizeof(IrInst) <= 40, "IrInst must stay small");

enum { IR_FLAG_FASTMATH = 1, IR_FLAG_NONNEG = 2 };

typedef Vec(IrInst) IrInstVec;

typedef struct IrBlock {
  uint32_t id;               /* index in IrFunc.blocks */
  const char *label;         /* "entry", "for.body", ... for the printer (may repeat) */
  IrInstVec insts;           /* ends with exactly one terminator */
} IrBlock;

typedef struct IrLocal {
  const char *name;          /* Python name, or "$tmpN" for temporaries */
  Type type;
  Span span;                 /* first binding */
} IrLocal;

typedef struct IrFunc {
  Arena *arena;              /* the program's arena: blocks and vectors grow there */
  const char *name;          /* Python name */
  const char *symbol;        /* unique native symbol, e.g. "fib$i64" */
  const Source *src;
  Span span;
  Type ret;                  /* TY_NONE when it returns None */
  Vec(Type) params;
  Vec(const char *) param_names;
  Vec(IrLocal) locals;
  Vec(IrBlock *) blocks;     /* blocks.data[0] is the entry */
  Vec(uint32_t) call_args;   /* operand pool of IR_CALL */
  Vec(const char *) strings; /* messages of IR_RAISE */
  uint32_t nvalues;          /* ids are 0 .. nvalues-1 */
  bool fastmath, boundscheck;
  uint64_t writes_params;    /* bit i: compiled code may store into array parameter i (writes.c) */
} IrFunc;

typedef struct IrProgram {
  Arena *arena;
  const Source *src;
  Vec(IrFunc *) funcs;       /* funcs.data[0] is the requested function; the rest are the
                                specializations it reaches, each once */
} IrProgram;

IrFunc *ir_func_new(IrProgram *prog, const char *name);
IrBlock *ir_block_new(IrFunc *fn, const char *label);
/* Appends an instruction to b, gives it the next value id, returns a pointer valid until the next
 * append to the same block. */
IrInst *ir_append(IrFunc *fn, IrBlock *b, IrOp op, Type type, Span span);
bool ir_block_is_terminated(const IrBlock *b);
uint32_t ir_add_local(IrFunc *fn, const char *name, Type type, Span span);
uint32_t ir_add_string(IrFunc *fn, const char *s);

/* ===================================== print.c ===================================== */
/* The text form (docs/ir.md):
 *   func fib$i64(n: int) -> int {
 *   entry:
 *     %0 = param 0 : int               ; 3:9
 *     store n, %0
 *     ...                                                                               */
void ir_print_func(const IrFunc *fn, StrBuf *out);
void ir_print_program(const IrProgram *p, StrBuf *out);

/* ===================================== verify.c ===================================== */
/* Checks the invariants every pass must keep: each block ends with one terminator and has no
 * other; operands are defined ids whose definition dominates the use (within a block: earlier);
 * operand and result types fit the op; block, local, callee and string indices are in range;
 * no TY_UNKNOWN. Reports into d (as internal errors naming the function and instruction). */
bool ir_verify_func(const IrFunc *fn, DiagList *d);
bool ir_verify_program(const IrProgram *p, DiagList *d);

/* ===================================== cfg.c ===================================== */
/* The control-flow graph of a function, for IR passes. Unreachable blocks have rpo_num -1 and
 * no dominator. */
typedef struct IrCfg {
  int nblocks;
  int32_t *idom;             /* immediate dominator per block (entry: itself) */
  int32_t *rpo_num;          /* position in reverse postorder */
  int32_t *pred_start;       /* predecessors of b: preds[pred_start[b] .. pred_start[b + 1]) */
  int32_t *preds;
} IrCfg;
void ir_cfg_build(IrCfg *g, const IrFunc *fn);
/* The blocks blk's terminator may go to (0, 1 or 2 of them); returns their number. */
int ir_block_successors(const IrBlock *blk, uint32_t succ[2]);
void ir_cfg_free(IrCfg *g);
bool ir_cfg_dominates(const IrCfg *g, int32_t a, int32_t b);

/* ===================================== boundscheck.c ===================================== */
/* Bounds-check elimination. Requires: a verified function. Removes the IR_BOUNDS_CHECKs it can
 * prove never raise and marks IR_INDEX_WRAP/IR_BOUNDS_CHECK IR_FLAG_NONNEG where the index is
 * provably >= 0: an index that is the variable of a `for ... in range(...)` loop (start >= 0,
 * step 1), plus or minus a constant, whose stop is the checked size itself or a local holding it
 * that the loop does not assign (`len(a)`, `a.shape[k]`, `n = len(a)`), with the constant offset
 * kept inside [0, size) by the range's start and stop. Produces: a function that still verifies,
 * raising exactly where it raised before. Returns the number of checks removed. */
int ir_boundscheck_func(IrFunc *fn);

/* ===================================== brief.c ====================================== */
/* Whether p's requested function finishes in bounded time: no loop, no call of a compiled
 * function, only instructions of bounded cost. Conservative: false does not mean it loops. */
bool ir_program_runs_briefly(const IrProgram *p);

/* ===================================== writes.c ===================================== */
/* Sets IrFunc.writes_params of every function of p: which array parameters compiled code may
 * store into, directly, through a local, or through a callee (to a fixpoint). Conservative. */
void ir_compute_writes(IrProgram *p);

/* ===================================== module constants, resolve, infer, lower ===================================== */

typedef struct CompileOptions {
  int opt_level;             /* 0..3, default 3 */
  bool fastmath;             /* default false */
  bool boundscheck;          /* default true */
  bool verify;               /* run the IR verifier between passes (debug and test builds) */
} CompileOptions;

/* Builds the typed IR of `name` specialized for argument types `args` (nargs of them), and of every
 * function it reaches. Parameters with annotations must match `args` exactly (the caller converts
 * first); unannotated ones take the argument's type. Reports every error it can find (it keeps
 * going after the first) and returns NULL when there was one. */
IrProgram *ir_build(Arena *a, Module *m, const char *name, const Type *args, int nargs,
                    const CompileOptions *opts, DiagList *d);

/* The parameter types a function declares: fills types[i] with the annotation's type, or
 * TY_UNKNOWN for an unannotated parameter. Reports bad annotations. Returns the parameter count,
 * or -1 on error (or when the function does not exist). `*ret` gets the return annotation or
 * TY_UNKNOWN. */
int ir_declared_signature(Module *m, const char *name, Type *types, int max, Type *ret, DiagList *d);

/* Parses a type annotation expression ("int", "krait.f64", "f64[:, ::1]"). */
bool ir_parse_annotation(const Module *m, const Expr *e, Type *out, DiagList *d);

#endif
