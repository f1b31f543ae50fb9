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
/* stack.c: the lowest stack address compiled frames may use on this thread (the recursion limit:
 * the bottom of the stack plus a margin). */
int64_t krait_rt_stack_limit(void);
/* Registers an entry wrapper's jump buffer (returns the previous one), restores it, and jumps to
 * the current one after filling a RecursionError record. */
void *krait_rt_recursion_enter(void *jump);
void krait_rt_recursion_leave(void *prev);
_Noreturn void krait_rt_recursion_overflow(const char *file, int32_t line, const char *function);
/* The {name, address} table handed to linker_new. */
const LinkSymbol *runtime_symbols(int *count);

/* ---- repr.c: Python's repr of floats (shortest round-trip) and ints ---- */
void repr_float(double x, char *buf, size_t size);

/* ---- hash.c: SHA-256, for cache keys and checksums ---- */
enum { SHA256_SIZE = 32 };
typedef struct Sha256 {
  uint32_t state[8];
  uint64_t total;            /* bytes hashed so far */
  size_t used;               /* bytes waiting in buf */
  uint8_t buf[64];
} Sha256;

void sha256_init(Sha256 *s);
void sha256_update(Sha256 *s, const void *data, size_t n);
void sha256_final(Sha256 *s, uint8_t out[SHA256_SIZE]);
void sha256(const void *data, size_t n, uint8_t out[SHA256_SIZE]);
/* n bytes as 2n lowercase hex digits and a NUL into out. */
void hash_hex(const uint8_t *bytes, size_t n, char *out);

/* ---- cache.c: specializations cached in memory (per runtime) and on disk (docs/cache.md) ---- */

/* SHA-256 of everything that can change a specialization's machine code. */
typedef struct CacheKey {
  uint8_t bytes[SHA256_SIZE];
} CacheKey;

/* Code of this runtime's JIT by key, so that one key is linked once per runtime: its symbols
 * carry the key, and a second copy would define them twice. */
typedef struct CacheLoaded {
  CacheKey key;
  uint64_t tracker;          /* the JIT's handle; the code lives while a function holds it */
  void *native;
} CacheLoaded;

/* A named portable target, @jit(target="x86-64-v3"): made on first use (cache_target.c). */
typedef struct NamedTarget {
  char *name;                /* as written: "x86-64-v3", "generic" */
  Target target;             /* the level's LLVM CPU name and features */
  LLVMTargetMachineRef machines[4];
  char *dir;                 /* its cache directory; NULL when the disk cache is off */
} NamedTarget;

typedef struct RuntimeCache {
  char *root;                /* $KRAIT_CACHE_DIR, $XDG_CACHE_HOME/krait or ~/.cache/krait; NULL: off */
  const char *build;         /* which sources krait was built from: KRAIT_BUILD_ID (cache.c) */
  char *target_dir;          /* root/<cpu>-<hash of the target>: the runtime target's entries */
  StrBuf warned;             /* paths refused so far, one per line: each is warned about once */
  CacheLoaded *loaded;
  int nloaded, loaded_cap;
  NamedTarget *named;
  int nnamed, named_cap;
} RuntimeCache;

/* What a compile job compiles for: a target and its cache directory (NULL: no disk cache). */
typedef struct CacheTarget {
  const Target *target;
  const char *dir;
  NamedTarget *named;        /* NULL for the runtime's own target */
} CacheTarget;

/* Reads the environment (KRAIT_CACHE=0 turns the disk cache off) and finds the root; the
 * runtime names target_dir once it knows its target. */
void cache_init(RuntimeCache *c);
void cache_free(RuntimeCache *c);
/* The directory of target t under root: "<cpu>-<16 hex digits of the hash of triple, cpu and
 * features>" (kr_alloc'd). */
char *cache_target_dir(const char *root, const Target *t);
/* The key of prog (built for m with o) compiled for t. */
CacheKey cache_key(const KraitModule *m, const IrProgram *prog, const CompileOptions *o, const Target *t);
/* The code for key: linked in this runtime already (another reference is taken), or read from
 * its entry in t's directory, verified and linked. Returns the address of `symbol` and the
 * tracker, or NULL when there is no usable copy (a damaged entry is ignored: storing replaces it). */
void *cache_load(KraitRuntime *rt, const CacheKey *key, const CacheTarget *t, const char *symbol,
                 uint64_t *tracker, bool *from_disk);
/* Writes obj (not taken) as key's entry in t's directory, with what `krait cache list` shows and
 * what rebuilds the KraitFunction. Failures (a read-only directory) are silent: nothing is written. */
void cache_store(KraitRuntime *rt, const CacheKey *key, const CacheTarget *t, const void *obj, size_t obj_size,
                 const IrFunc *entry, int def_line);
/* Records code just linked for key (see CacheLoaded). */
void cache_remember(KraitRuntime *rt, const CacheKey *key, uint64_t tracker, void *native);
/* The file-system rules every cache file follows (cache.c): why a file or directory may not be
 * trusted (NULL: it may), a trusted directory check that warns once per path, mkdir -p with mode
 * 0700, and writing a file through a temporary file and a rename. */
struct stat;
const char *cache_untrusted_reason(const struct stat *st);
void cache_warn_once(RuntimeCache *c, const char *path, const char *why);
bool cache_is_trusted_dir(RuntimeCache *c, const char *path);
bool cache_make_dirs(const char *path);
bool cache_write_atomically(const char *path, const void *parts[], const size_t sizes[], int nparts);

/* cache_host.c: the host target as LLVM describes it (triple, CPU, features, data layout) and the
 * host's own features, remembered in the cache root per CPU identity, so that a process running
 * only cached code never loads LLVM. Fills rt->target and rt->host_features. */
bool cache_host_target(KraitRuntime *rt, DiagList *d);
/* The host file's text (size bytes, NUL-terminated): the magic line, then one "name value" line
 * for each of triple, cpu, features, host-features and layout, in that order, and nothing else.
 * True when it is exactly that, with values[] pointing into text (whose newlines become NULs);
 * only features and host-features may be empty. */
enum { CACHE_HOST_FIELDS = 5 };
bool cache_host_parse(char *text, size_t size, char *values[CACHE_HOST_FIELDS]);

/* cache_entry.c: the bytes of one entry file (the layout is in cache_entry.c and docs/cache.md) */
enum {
  CACHE_ENTRY_FORMAT = 1,        /* the format version, also part of every key */
  CACHE_ENTRY_HEADER_SIZE = 128,
  CACHE_ENTRY_MAX_META = 1 << 16,
  CACHE_ENTRY_MAX_OBJECT = 1 << 28,
};
/* The header of key's entry holding this metadata and object (sizes within the limits above),
 * with its checksum. */
void cache_entry_header(uint8_t header[CACHE_ENTRY_HEADER_SIZE], const CacheKey *key, const void *meta,
                        size_t meta_size, const void *obj, size_t obj_size);
/* The checksum an entry carries at offset 64: SHA-256 of its header's first 64 bytes, the metadata
 * and the object. */
void cache_entry_checksum(const uint8_t *header, const void *meta, size_t meta_size, const void *obj,
                          size_t obj_size, uint8_t out[SHA256_SIZE]);
/* Checks an entry's bytes: magic, version, header size, the key (unless NULL), sizes that add up
 * to `size` exactly, zero padding, the checksum. Points *meta and *obj into data when they pass. */
bool cache_entry_is_valid(const uint8_t *data, size_t size, const CacheKey *key, const char **meta,
                          size_t *meta_size, const uint8_t **obj, size_t *obj_size);
/* The value of the first `name value` line of text[0..len) into out[size] (size >= 1), cut to
 * fit; empty when there is none. For the metadata and the TARGET files. */
void cache_entry_field(const char *text, size_t len, const char *name, char *out, size_t size);

/* cache_target.c: "host" (or "cpu"), or an x86-64 level: "generic", "x86-64-v2", "x86-64-v3". */
bool cache_target_is_known(const char *name);
/* The target of that name (NULL: the runtime's), made on first use. Reports a level the machine
 * cannot run. */
bool cache_target(KraitRuntime *rt, const char *name, CacheTarget *out, DiagList *d);
/* The target machine for t at an opt level (0..3), made once. */
LLVMTargetMachineRef cache_target_machine(KraitRuntime *rt, const CacheTarget *t, int opt_level, DiagList *d);
void cache_targets_free(RuntimeCache *c);

/* ---- runtime.c: the runtime: one target, one linker, the default options ---- */
struct KraitRuntime {
  Target target;             /* the host CPU (or KRAIT_CPU) */
  char *host_features;       /* the host CPU's own features, whatever KRAIT_CPU says */
  Linker *linker;            /* all machine code of all modules of this runtime */
  LLVMTargetMachineRef machines[4]; /* per opt level, made on first use (one thread at a time) */
  uint64_t next_job;         /* numbers compile jobs: symbol prefix "k<N>." is never reused */
  int live_modules;          /* modules not yet freed: they must all go before the runtime */
  KraitOptions defaults;
  RuntimeCache cache;
};

/* The runtime's target machine for an opt level (0..3), created once; NULL if LLVM cannot. */
LLVMTargetMachineRef runtime_target_machine(KraitRuntime *rt, int opt_level, DiagList *d);

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
/* Whether the function's code may be cached: its decorator's cache= (checked by
 * jit_options_apply), else the module's option. */
bool jit_options_cache(const KraitModule *m, const JitOptions *jit);
/* The decorator's target= (checked by jit_options_apply), or NULL for the runtime's. */
const char *jit_options_target(const JitOptions *jit);

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
  bool brief;                /* krait_function_runs_briefly: no loop, no call (ir/brief.c) */
  PhaseTimes times;
};

/* A new specialization; prepares its ffi_cif. Returns NULL with a diagnostic when a parameter or
 * result type has no native representation. */
KraitFunction *function_new(KraitModule *m, const char *name, const Type *params, int nparams, Type ret,
                            int def_line, void *native, uint64_t tracker, DiagList *d);
/* Frees f and removes its code from the JIT. */
void function_free(KraitFunction *f);

#endif
