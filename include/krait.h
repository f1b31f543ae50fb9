/* krait.h: the public C API of krait, a JIT compiler for the numeric subset of Python.
 *
 *   KraitRuntime *rt = krait_runtime_new(NULL);
 *   KraitModule *m = krait_compile(rt, "kernels.py", source, -1, NULL);
 *   if (krait_module_error_count(m)) fputs(krait_module_diagnostics(m), stderr);
 *   KraitType sig[] = {KRAIT_INT};
 *   KraitFunction *fib = krait_lookup(m, "fib", sig, 1);      // compiles on first lookup
 *   KraitValue arg = krait_int(30), result;
 *   if (krait_call(fib, &arg, 1, &result) != 0) { const KraitError *e = krait_last_error(); ... }
 *   int32_t (*native)(int64_t, int64_t *) = krait_function_pointer(fib);
 *   krait_module_free(m); krait_runtime_free(rt);
 *
 * Everything returned is owned by krait and lives until the object it came from is freed, unless
 * the comment says otherwise. A runtime may be used from one thread at a time; compiled functions
 * may be called from any number of threads at once. */
#ifndef KRAIT_H
#define KRAIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define KRAIT_VERSION "0.1.0"

/* ---- types ---- */

typedef enum KraitTypeKind {
  KRAIT_TY_UNKNOWN, KRAIT_TY_NONE, KRAIT_TY_BOOL,
  KRAIT_TY_I8, KRAIT_TY_I16, KRAIT_TY_I32, KRAIT_TY_I64,
  KRAIT_TY_U8, KRAIT_TY_U16, KRAIT_TY_U32, KRAIT_TY_U64,
  KRAIT_TY_F32, KRAIT_TY_F64,
  KRAIT_TY_ARRAY,
} KraitTypeKind;

typedef struct KraitType {
  uint8_t kind;              /* KraitTypeKind */
  uint8_t elem;              /* arrays: element KraitTypeKind */
  uint8_t ndim;              /* arrays: number of dimensions */
  uint8_t layout;            /* arrays: 0 any (strided), 1 C-contiguous */
} KraitType;

#define KRAIT_NONE ((KraitType){KRAIT_TY_NONE, 0, 0, 0})
#define KRAIT_BOOL ((KraitType){KRAIT_TY_BOOL, 0, 0, 0})
#define KRAIT_INT ((KraitType){KRAIT_TY_I64, 0, 0, 0})
#define KRAIT_FLOAT ((KraitType){KRAIT_TY_F64, 0, 0, 0})

/* An array argument: a view of memory its owner keeps alive during the call. The layout is the
 * native descriptor compiled code receives a pointer to (DESIGN: {data, shape[ndim],
 * strides[ndim] in bytes}): for an n-dimensional array, dims[0..n) is the shape and dims[n..2n)
 * the strides in bytes. Build it with krait_array_init. Writes by compiled code go to `data`. */
#define KRAIT_MAX_NDIM 8
typedef struct KraitArray {
  void *data;
  int64_t dims[2 * KRAIT_MAX_NDIM];
} KraitArray;

/* Fills a with data, shape and strides (bytes; NULL means C-contiguous for `itemsize`). Returns 0,
 * or -1 when ndim is not in 1..KRAIT_MAX_NDIM or a dimension is negative. */
int krait_array_init(KraitArray *a, void *data, int ndim, const int64_t *shape, const int64_t *strides,
                     size_t itemsize);
/* The bytes of one element of a scalar kind (KRAIT_TY_F64 -> 8), 0 for others. */
size_t krait_type_itemsize(KraitTypeKind kind);

/* A value with its type: a scalar, or (type.kind == KRAIT_TY_ARRAY) an array whose type gives
 * element kind, ndim and layout. */
typedef struct KraitValue {
  KraitType type;
  union {
    bool b;
    int64_t i;
    double f;
    KraitArray *array;
  } as;
} KraitValue;

static inline KraitValue krait_int(int64_t v) { KraitValue x = {KRAIT_INT, {.i = v}}; return x; }
static inline KraitValue krait_float(double v) { KraitValue x = {KRAIT_FLOAT, {.f = v}}; return x; }
static inline KraitValue krait_bool(bool v) { KraitValue x = {KRAIT_BOOL, {.b = v}}; return x; }
/* An array value; `contiguous` says the strides are C-contiguous (the type's layout then is 1). */
static inline KraitValue krait_array(KraitArray *a, KraitTypeKind elem, int ndim, bool contiguous) {
  KraitValue x;
  x.type.kind = KRAIT_TY_ARRAY;
  x.type.elem = (uint8_t)elem;
  x.type.ndim = (uint8_t)ndim;
  x.type.layout = contiguous ? 1 : 0;
  x.as.array = a;
  return x;
}

/* Writes a type the way krait spells it ("int", "float", "bool", "None"); returns buf. */
const char *krait_type_name(KraitType t, char *buf, size_t size);
/* Parses a signature "(int, float)" or "int, float"; returns the count or -1. */
int krait_parse_signature(const char *text, KraitType *types, int max);
/* Python's repr of a scalar: "-4", "0.1", "1e+16", "-0.0", "nan", "True". Returns buf. */
const char *krait_value_repr(const KraitValue *v, char *buf, size_t size);

/* ---- errors raised by compiled code ---- */

#define KRAIT_EXC_KINDS(X)                                                                  \
  X(KRAIT_EXC_NONE, "") X(KRAIT_EXC_EXCEPTION, "Exception")                                 \
  X(KRAIT_EXC_ARITHMETIC, "ArithmeticError") X(KRAIT_EXC_ASSERTION, "AssertionError")       \
  X(KRAIT_EXC_INDEX, "IndexError") X(KRAIT_EXC_KEY, "KeyError")                             \
  X(KRAIT_EXC_LOOKUP, "LookupError") X(KRAIT_EXC_NOT_IMPLEMENTED, "NotImplementedError")    \
  X(KRAIT_EXC_OVERFLOW, "OverflowError") X(KRAIT_EXC_RUNTIME, "RuntimeError")               \
  X(KRAIT_EXC_TYPE, "TypeError") X(KRAIT_EXC_UNBOUND_LOCAL, "UnboundLocalError")            \
  X(KRAIT_EXC_VALUE, "ValueError") X(KRAIT_EXC_ZERO_DIVISION, "ZeroDivisionError")          \
  X(KRAIT_EXC_RECURSION, "RecursionError") X(KRAIT_EXC_MEMORY, "MemoryError")

typedef enum KraitExcKind {
#define KRAIT_X_(k, s) k,
  KRAIT_EXC_KINDS(KRAIT_X_)
#undef KRAIT_X_
  KRAIT_EXC__COUNT
} KraitExcKind;

/* "ZeroDivisionError"; "" for KRAIT_EXC_NONE. */
const char *krait_exc_name(KraitExcKind kind);
/* The kind for a builtin exception name, or KRAIT_EXC_NONE. */
KraitExcKind krait_exc_from_name(const char *name);

/* The error record compiled code fills when it raises (one per thread). */
typedef struct KraitError {
  KraitExcKind kind;
  char message[256];         /* "integer division or modulo by zero" */
  char file[256];            /* source file of the raising line */
  int line;
  char function[128];        /* the Python function that raised */
} KraitError;

/* The calling thread's last error (kind KRAIT_EXC_NONE when none), and clearing it. */
const KraitError *krait_last_error(void);
void krait_clear_error(void);
/* Python's way: "ZeroDivisionError: integer division or modulo by zero" with file and line. */
void krait_error_format(const KraitError *e, char *buf, size_t size);

/* ---- runtime, modules, functions ---- */

typedef struct KraitRuntime KraitRuntime;    /* the JIT, the target, the caches */
typedef struct KraitModule KraitModule;      /* one compiled source text */
typedef struct KraitFunction KraitFunction;  /* one specialization: a function at a signature */

typedef struct KraitOptions {
  int opt_level;             /* 0..3; default 3 */
  bool fastmath;             /* default false: bit-identical to CPython */
  bool boundscheck;          /* default true */
  bool cache;                /* default true: keep machine code on disk (docs/cache.md); off when
                                the environment has KRAIT_CACHE=0 */
} KraitOptions;

/* Fills the defaults. */
void krait_options_default(KraitOptions *o);

/* NULL options: defaults. Returns NULL only when LLVM cannot target the host; the reason is then
 * in the calling thread's error record (a RuntimeError, see krait_last_error). */
KraitRuntime *krait_runtime_new(const KraitOptions *defaults);
void krait_runtime_free(KraitRuntime *rt);
/* The target code is compiled for: triple, CPU and features separated by spaces, as in
 * "x86_64-pc-linux-gnu znver3 +avx2,+fma,...". Returns buf. */
const char *krait_runtime_target(const KraitRuntime *rt, char *buf, size_t size);

/* Reads a source text: tokenizes it and finds its @jit functions, constants and imports (cheap:
 * functions are parsed and type-checked by krait_module_check, or when first looked up).
 * `len` < 0 means NUL-terminated. Options NULL: the runtime's defaults. Never NULL: check
 * krait_module_error_count. The module keeps its own copy of the text. Free every module of a
 * runtime before the runtime. */
KraitModule *krait_compile(KraitRuntime *rt, const char *filename, const char *source, long len,
                           const KraitOptions *opts);
void krait_module_free(KraitModule *m);

/* Diagnostics so far (compile errors, warnings), rendered with carets; "" when none. */
const char *krait_module_diagnostics(const KraitModule *m);
int krait_module_error_count(const KraitModule *m);
/* Checks every decorated function (parse, resolve, and type-check the fully annotated ones).
 * Returns the number of errors. */
int krait_module_check(KraitModule *m);

/* Whether the source defines a top-level function `name` (decorated or not). */
bool krait_module_has_function(const KraitModule *m, const char *name);
/* Names of the @jit functions, in source order. */
int krait_module_function_count(const KraitModule *m);
const char *krait_module_function_name(const KraitModule *m, int i);
/* A function's declared parameters (TY_UNKNOWN when unannotated); returns the count or -1. */
int krait_module_signature(KraitModule *m, const char *name, KraitType *params, int max);

/* The specialization of `name` for these argument types, compiled on first lookup (any function
 * of the source, decorated or not). NULL on a compile error: see krait_module_diagnostics. */
KraitFunction *krait_lookup(KraitModule *m, const char *name, const KraitType *args, int nargs);
KraitType krait_function_return_type(const KraitFunction *f);
int krait_function_arity(const KraitFunction *f);
KraitType krait_function_param_type(const KraitFunction *f, int i);
/* Whether compiled code may store into the elements of array parameter i (directly, through a
 * local or through a function it calls). False for scalars. Conservative: true does not mean it
 * does on every call. */
bool krait_function_writes_param(const KraitFunction *f, int i);
/* Whether f finishes in bounded time: no loop, no call of a compiled function, only arithmetic,
 * math functions and single array elements. Conservative: false does not mean it loops. The
 * Python extension keeps the GIL through calls of such functions (releasing it costs more than
 * they take). The first call builds f's IR again (about 0.1 ms); the answer is kept. */
bool krait_function_runs_briefly(KraitFunction *f);

/* Wall time of each phase of the compilation of a specialization, in milliseconds. */
typedef struct KraitCompileTimes {
  double parse_ir;           /* parse, resolve, infer types, lower to IR */
  double emit;               /* IR to LLVM IR */
  double optimize;           /* LLVM's pass pipeline */
  double codegen;            /* machine code into an object file */
  double link;               /* linking into memory (backend/link.c) and symbol lookup */
  double cache_load;         /* reading, checking and linking a cached copy; the phases before
                                are then 0 but parse_ir (the key hashes the IR) */
  bool cached;               /* the code came from the cache (disk, or this runtime's memory) */
  bool from_disk;            /* ... and from the disk: no module of this runtime had linked it */
} KraitCompileTimes;
KraitCompileTimes krait_function_compile_times(const KraitFunction *f);

/* ---- the disk cache (docs/cache.md) ---- */

/* The cache's directory: $KRAIT_CACHE_DIR, else $XDG_CACHE_HOME/krait, else $HOME/.cache/krait.
 * Returns buf, or NULL when none can be named (no HOME). */
const char *krait_cache_dir(char *buf, size_t size);
/* Whether the environment turns the disk cache off: KRAIT_CACHE=0, off or false. */
bool krait_cache_disabled_by_env(void);
/* The directory rt's disk cache uses (krait_cache_dir's when rt was made), or NULL when rt uses
 * none: KRAIT_CACHE=0 was set when it was made, or no directory can be named. For reports such as
 * the Python extension's f.stats, which count disk hits and misses only where there is a disk
 * cache. Returns buf or NULL. */
const char *krait_runtime_cache_dir(const KraitRuntime *rt, char *buf, size_t size);

/* One entry of the cache, as `krait cache list` shows it. */
typedef struct KraitCacheEntry {
  char path[1024];
  char target[128];          /* its target directory's name, "skylake-1f2e3d4c5b6a7980" */
  char cpu[64];              /* the target's CPU name, its triple */
  char triple[64];
  char function[128];        /* "" when the entry is damaged (valid false) */
  char signature[256];       /* "(int, float) -> float" */
  char file[256];            /* the source file it was compiled from */
  int64_t size;              /* bytes on disk */
  int64_t mtime;             /* seconds since the epoch */
  bool valid;                /* header, key and checksum check out */
} KraitCacheEntry;

/* The entries under dir (krait_cache_dir's), oldest first; *out is kr-allocated (krait_free).
 * Returns their number, or -1 when dir cannot be read (0 when it does not exist). */
int krait_cache_entries(const char *dir, KraitCacheEntry **out);

/* The native entry: int32_t f(T0 a0, T1 a1, ..., R *out) with bool as uint8_t, int as int64_t,
 * float as double; no `out` when the return type is None. Returns 0, or 1 after filling the
 * calling thread's error record. */
void *krait_function_pointer(const KraitFunction *f);
/* Calls through libffi. Arguments are converted to the parameter types as Python would (int to
 * float; bool to int); a mismatch returns -1 with a TypeError record. Returns 0 on success, 1 when
 * compiled code raised (see krait_last_error). */
int krait_call(KraitFunction *f, const KraitValue *args, int nargs, KraitValue *result);

/* Text of a compilation stage for a specialization: "ast", "ir", "llvm" (before optimization),
 * "opt" (after), "asm". Arguments are converted as for krait_lookup; "ast" ignores them. Returns a
 * malloc'd string the caller frees with krait_free, or NULL with diagnostics. */
char *krait_dump(KraitModule *m, const char *name, const KraitType *args, int nargs, const char *stage);
void krait_free(void *p);

/* ---- for the CPython extension (runtime/api_python.c) ---- */

/* Removes the keywords `names` from the @jit(...) decorators of m's functions, before anything is
 * compiled: options the caller interprets itself (Python's eager=, fallback=). Returns how many. */
int krait_module_drop_options(KraitModule *m, const char *const *names, int count);

/* ---- argument values written as text (the CLI, the test corpus) ----
 *
 * One argument is a Python literal or an array expression; docs/cli.md gives every form:
 *   scalars  -7, 0xff, 1_000, 1.5, -0.0, 1e-3, inf, nan, float('nan'), True, False
 *   arrays   arange(stop), arange(start, stop[, step]), zeros(d0, ...), ones(d0, ...),
 *            full(d0, ..., value) (the last argument is the fill value), rand(d0, ..., seed=S),
 *            array([[1, 2], [3, 4]]), each with an optional dtype= (bool, i8..i64, u8..u64, f32,
 *            f64); a .npy file by path (data.npy or 'my data.npy')
 *   views    X.T, X.reshape(d0, ...), X.copy(), X[1:5], X[::-1], X[:, ::2], X[2]
 *   aliases  $N: the array of an earlier argument N, sharing its memory ($0[1:] is a view of it)
 * The set owns the memory of its arrays; every KraitValue it hands out lives until it is freed. */
typedef struct KraitValueSet KraitValueSet;

KraitValueSet *krait_values_new(void);
/* Parses one argument and appends it. Returns 0, or -1 with a message in err (the set is unchanged). */
int krait_values_add(KraitValueSet *s, const char *text, char *err, size_t errsize);
/* Parses a comma-separated list (the text between a call's parentheses; "" is no argument).
 * NULL with a message in err on error. */
KraitValueSet *krait_values_parse(const char *text, char *err, size_t errsize);
int krait_values_count(const KraitValueSet *s);
KraitValue *krait_values_get(KraitValueSet *s, int i);
/* The .npy file whose memory argument i views, or NULL (a scalar, a constructor, a copy). */
const char *krait_values_npy_path(const KraitValueSet *s, int i);
/* Writes the whole array of the .npy file argument i views back to that file (same dtype, shape
 * and order). Returns 0, or -1 with a message in err. */
int krait_values_write_back(const KraitValueSet *s, int i, char *err, size_t errsize);
void krait_values_free(KraitValueSet *s);

/* Text of an array value: krait_array_repr is NumPy-like, "array([0.0, 1.5, 2.0])" or
 * "array([1, 2], dtype=int32)" (elements as Python reprs, exact; dtype unless f64, i64 or bool);
 * krait_array_tolist is Python's repr of a.tolist(), "[[1.0, 2.0], [3.0, 4.0]]". Both malloc'd:
 * free with krait_free. NULL for a value that is not an array. */
char *krait_array_repr(const KraitValue *v);
char *krait_array_tolist(const KraitValue *v);
/* Writes an array value (any strides) to a NumPy .npy file (format 1.0, C order). Returns 0, or -1
 * with a message in err. */
int krait_array_save_npy(const KraitValue *v, const char *path, char *err, size_t errsize);

/* ---- for the CPython extension (runtime/api_python.c) ---- */

/* Removes the keywords `names` from the @jit(...) decorators of m's functions, before anything is
 * compiled: options the caller interprets itself (Python's eager=, fallback=). Returns how many. */
int krait_module_drop_options(KraitModule *m, const char *const *names, int count);

#ifdef __cplusplus
}
#endif
#endif
