/* ir_internal.h: what the files of the IR stage share: the build context, specializations, the
 * lowering context, and one section per .c file. Nothing outside ir/ includes this header. */
#ifndef KRAIT_IR_INTERNAL_H
#define KRAIT_IR_INTERNAL_H

#include "ir.h"

/* A compile-time value of a module constant or a folded literal. bool and int live in .i. */
typedef struct ConstVal {
  Type type;                 /* TYPE_BOOL, TYPE_INT or TYPE_FLOAT */
  union { int64_t i; double f; } v;
} ConstVal;

/* A module constant's evaluation, memoized per build. */
typedef enum { CONST_UNSEEN, CONST_BUSY, CONST_DONE, CONST_FAILED } ConstState;
typedef struct ConstEntry {
  ModuleConst *c;
  ConstState state;
  ConstVal val;
} ConstEntry;

/* A local variable of one function as resolution finds it: a parameter or a name the body binds. */
typedef struct LocalDecl {
  const char *name;
  Span span;                 /* the parameter, or the first binding in the text */
  bool is_param;
  bool declared;             /* a parameter annotation or `x: T` fixes the type */
  Type decl_type;
  Span decl_span;
} LocalDecl;

/* What the build knows of one module function, independent of argument types: its parse, its
 * declared signature and its locals. Computed once, so annotation errors are reported once. */
typedef struct FuncInfo {
  ModuleFunc *mf;
  FuncDef *def;              /* NULL when it failed to parse */
  bool ok;                   /* parsed, signature and annotations valid */
  int nparams;
  Type ret_decl;             /* TY_UNKNOWN when unannotated */
  Vec(LocalDecl) locals;     /* parameters first, in order */
  Vec(ModuleImport) imports; /* imports inside the body (function scope) */
} FuncInfo;

/* A local of one specialization: its inferred type and what lowering needs. */
typedef struct LocalInfo {
  const LocalDecl *decl;
  Type type;                 /* current inference result; fixed when decl->declared */
  Span bind_span;            /* the binding that gave the current type (for conflict messages) */
  bool needs_flag;           /* read where it may be unbound: keeps a "$set.x" flag */
  bool has_int_consts;       /* Python int constants bound to it (`best = -1`), in [int_lo, int_hi] */
  int64_t int_lo, int_hi;
  uint32_t slot, flag_slot;  /* IR local indices in the function being lowered */
} LocalInfo;

/* One specialization: a function at parameter types. Memoized per (function, parameter types). */
typedef struct Spec {
  FuncInfo *info;
  const char *name;
  Type *params;              /* annotation, or the argument type for unannotated parameters */
  int nparams;
  Type ret;                  /* declared, or the join of the returns so far (TY_UNKNOWN: none yet) */
  bool ret_declared;
  Span ret_span;             /* the return that gave ret its current type */
  bool ret_has_int_consts;   /* Python int constants returned (`return -1`), in [ret_int_lo, ret_int_hi] */
  int64_t ret_int_lo, ret_int_hi;
  bool returns_value, returns_none; /* seen on the last walk */
  LocalInfo *locals;         /* info->locals.len of them */
  int walks;                 /* inference walks done */
  int func_index;            /* in IrProgram.funcs once the final lowering reaches it, else -1 */
  bool lowered;
  int final_errors;          /* errors the final lowering reported in this function */
} Spec;

typedef struct Build {
  Arena *arena;              /* the caller's arena: the program lives here */
  Module *m;
  const Source *src;
  DiagList *d;
  CompileOptions opts;
  IrProgram *prog;
  Vec(FuncInfo *) infos;
  Vec(Spec *) specs;
  Vec(ConstEntry) consts;
  Vec(Spec *) worklist;      /* specializations reached by the final lowering, not yet lowered */
  bool changed;              /* an inference walk changed a type or created a specialization */
  bool inferring;            /* inside infer_all */
  int infer_depth;           /* nesting of walks started for new specializations */
} Build;

/* A lowered value: an instruction id and its type. TY_UNKNOWN means "not known (yet)": during
 * inference the type depends on something still unknown; in the final lowering an error was
 * reported. Operations on an unknown value yield an unknown value and report nothing. */
typedef struct Val {
  uint32_t id;
  Type type;
} Val;

/* The definite-assignment state at a program point: live (reachable) and, per local, whether it
 * is assigned on every path to here. A dead point has every bit set. */
typedef struct Flow {
  bool live;
  uint8_t *da;
} Flow;

typedef struct Loop {
  IrBlock *brk, *cont;
  Flow brk_flow;             /* join of the states at each `break` */
} Loop;

/* The walk of one specialization's body. The same code runs for inference (final == false: into
 * a scratch function, no errors reported, types updated in the Spec) and for the final lowering
 * (final == true: the real IrFunc, errors reported, types fixed). */
typedef struct Lower {
  Build *b;
  Spec *s;
  IrFunc *fn;
  Arena *arena;              /* fn's arena */
  bool final;
  int errors_at_start;       /* d->nerrors when the walk began: later errors may be cascades */
  IrBlock *cur;
  Flow flow;
  Vec(Loop) loops;
  int ntemps;
  bool poisoned;             /* used a value whose error was reported elsewhere: skip cascades */
} Lower;

/* ==================================== consts.c ==================================== */

/* The value of a module constant (memoized; reports its errors once). */
bool const_eval_module(Build *b, ModuleConst *c, ConstVal *out);
/* Folds e silently when it is a compile-time constant: literals, unary and binary arithmetic on
 * constants, module constants the function does not shadow (s may be NULL), math constants,
 * `a.ndim` of an array local of s. */
bool const_fold(Build *b, const Spec *s, const Expr *e, ConstVal *out);

/* ==================================== resolve.c ==================================== */

/* What a name or `module.attr` denotes outside the function's locals. */
typedef enum {
  SYM_NONE,                  /* undefined */
  SYM_CONST,                 /* a module constant: .mc */
  SYM_BADVAR,                /* a module variable assigned more than once: .mc */
  SYM_MODULE,                /* an imported module: .module ("math", "numpy", "krait", ...) */
  SYM_LIBCONST,              /* math.pi, from math import inf: .cval */
  SYM_INTRINSIC,             /* a builtin or library function: .fn */
  SYM_USERFN,                /* a function of the module: .mf */
} SymKind;

typedef enum {
  FN_ABS, FN_MIN, FN_MAX, FN_INT, FN_FLOAT, FN_BOOL, FN_ROUND, FN_POW, FN_DIVMOD, FN_RANGE,
  FN_MATH1,                  /* float -> float: aux MathFn */
  FN_MATH2,                  /* (float, float) -> float: aux MathFn */
  FN_TOINT,                  /* math.floor/ceil/trunc: int stays, float -> aux MathFn -> int */
  FN_LOG,                    /* math.log(x[, base]) */
  FN_ISNAN, FN_ISINF, FN_ISFINITE,
  FN_FPOW,                   /* math.pow */
  FN_DEGREES, FN_RADIANS,
  FN_LEN,                    /* len(array): shape[0] */
  FN_UNSUPPORTED,            /* exists in Python, not in krait */
} FnKind;

typedef struct Intrinsic {
  const char *name;          /* "sqrt" */
  FnKind kind;
  int aux;
  int min_args, max_args;
} Intrinsic;

typedef struct Sym {
  SymKind kind;
  ModuleConst *mc;
  ModuleFunc *mf;
  const char *module;
  const Intrinsic *fn;
  const char *display;       /* "math.sqrt", "abs": for messages */
  double cval;
} Sym;

FuncInfo *func_info_get(Build *b, ModuleFunc *mf);
/* The index of a local of info, or -1. */
int func_local_index(const FuncInfo *info, const char *name);
/* Resolves a name that is not a local: function-scope imports, module constants, functions,
 * module imports, builtins. */
Sym resolve_global(Build *b, const Spec *s, const char *name);
/* Resolves `module.attr` for an imported module (math, numpy). kind SYM_NONE when unknown. */
Sym resolve_module_attr(const char *module, const char *attr);
/* Whether the module can be imported in krait code. */
bool is_supported_module(const char *module);
/* The spelling of a span's source text, for messages. */
const char *span_text(Build *b, Span sp);

/* ===================================== infer.c ===================================== */

/* The specialization of mf at parameter types from args (annotated parameters take their
 * annotation). NULL when the function cannot be specialized (reported when report is set). */
Spec *spec_get(Build *b, ModuleFunc *mf, const Type *args, int nargs, Span call, bool report);
/* The native symbol of a specialization: "fib$i64", "f$f64.bool", "g$". */
const char *spec_symbol(Build *b, const Spec *s);
/* Runs inference walks over every specialization until nothing changes. */
bool infer_all(Build *b);
/* Records a binding of v to local li during inference, or checks and stores it in the final
 * lowering. Marks the local as assigned. */
void bind_local(Lower *L, int index, Val v, Span target, Span value);
/* Records a return (value NULL: none) during inference; converts and checks it when final. */
Val infer_return(Lower *L, Val v, bool has_value, Span span);

/* ==================================== lower_*.c ==================================== */

bool lx_error(Lower *L, Span span, const char *fmt, ...) KR_PRINTF(3, 4);
void lx_note(Lower *L, Span span, const char *fmt, ...) KR_PRINTF(3, 4);
bool lx_quiet(const Lower *L);            /* errors since the walk began: skip cascades */

/* emission (lower_expr.c) */
Val emit_const_int(Lower *L, Type t, int64_t v, Span sp);
Val emit_const_float(Lower *L, double v, Span sp);
Val emit1(Lower *L, IrOp op, Type t, Val a, Span sp);
Val emit2(Lower *L, IrOp op, Type t, Val a, Val b, Span sp);
Val emit3(Lower *L, IrOp op, Type t, Val a, Val b, Val c, Span sp);
Val emit_cmp(Lower *L, CmpOp op, Val a, Val b, Span sp);  /* a, b of one numeric type */
Val emit_load(Lower *L, uint32_t slot, Type t, Span sp);
void emit_store(Lower *L, uint32_t slot, Val v, Span sp);
void emit_jump(Lower *L, IrBlock *to, Span sp);
void emit_branch(Lower *L, Val cond, IrBlock *then, IrBlock *orelse, Span sp);
void emit_raise(Lower *L, ExcKind kind, const char *msg, Span sp);
IrBlock *lower_block_new(Lower *L, const char *label);
uint32_t lower_temp(Lower *L, Type t, Span sp);
/* Converts a value as Python's numeric tower allows (bool -> int -> float, anything -> bool
 * by truth). Unknown in, unknown out. */
Val convert(Lower *L, Val v, Type to, Span sp);
bool is_known(Val v);
Val val_unknown(void);

Val lower_expr(Lower *L, const Expr *e);
/* The truth of e as a bool (and/or/not short-circuit on truth values). */
Val lower_truth(Lower *L, const Expr *e);
Val lower_binop_vals(Lower *L, BinOp op, Val a, Val b, const Expr *right, Span sp);
Val lower_name_load(Lower *L, int index, Span sp);

/* arrays (lower_array.c) */
/* a[i], a[i, j], a[i][j], a.shape[k]: an element read, or a view (IR_ARRAY_VIEW) when there are
 * fewer indices than dimensions. */
Val lower_subscript(Lower *L, const Expr *e);
/* a.size, a.ndim (a.shape only as a.shape[k] or in `n, m = a.shape`). */
Val lower_array_attr(Lower *L, Val a, const Expr *e);
/* An element reference: the array and its wrapped (and, with boundscheck, checked) indices. */
typedef struct ElemRef {
  Val array;
  Val idx[KRAIT_MAX_NDIM];
  int n;
  bool ok;                   /* false after an error, or during inference with unknown parts */
} ElemRef;
/* Evaluates the target of `a[i, j] = v` or `a[i] += v`: the array, then each index, once. */
ElemRef lower_elem_ref(Lower *L, const Expr *e);
Val lower_elem_load(Lower *L, ElemRef r, Span sp);
/* Stores v, converted to the element type as NumPy's item assignment casts (float into an int
 * array truncates). */
void lower_elem_store(Lower *L, ElemRef r, Val v, Span sp);
/* `n, m = a.shape`: when value is `X.shape` of an array, fills out[0..ndim) and returns ndim;
 * 0 when value is not that; -1 after an error. */
int lower_shape_tuple(Lower *L, const Expr *value, Val *out, int max);
/* len(a): shape[0]. */
Val lower_len(Lower *L, Val a, Span sp);
/* a[i] at an index known to be in bounds (for x in a): the element of a 1-D array, the row view
 * of an N-D one. */
Val lower_elem_at(Lower *L, Val a, Val i, Span sp);

/* calls (lower_call.c) */
Val lower_call(Lower *L, const Expr *e);
/* Resolves e as a callee (a name or module.attr); reports and returns SYM_NONE when unknown. */
Sym lower_resolve_callee(Lower *L, const Expr *func);

/* statements (lower_stmt.c) */
void lower_body(Lower *L, const StmtVec *body);
Flow flow_copy(Lower *L, Flow f);
void flow_join(Lower *L, Flow *acc, Flow f);
Flow flow_dead(Lower *L);
/* After a terminator: continue in a fresh unreachable block. */
void lower_set_dead(Lower *L);

/* ===================================== build.c ===================================== */

/* Runs one walk over s: inference (final false) or the final lowering into s's IrFunc. */
void lower_spec(Build *b, Spec *s, bool final);
/* The IrFunc of s in the program, created (and queued for lowering) on first use. */
uint32_t spec_func_index(Build *b, Spec *s);

#endif
