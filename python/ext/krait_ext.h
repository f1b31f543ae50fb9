/* krait_ext.h: the CPython extension krait._krait. It links no part of the compiler: runtime.c
 * loads libkrait.so with dlopen() when the first Runtime object is made (so that `import krait`
 * does not load LLVM), and everything else reaches the C API through the table KraitApi.
 *
 *   runtime.c   Runtime (the loaded library and one KraitRuntime) and Module (one source text)
 *   args.c      Python arguments to krait types and native values; results and errors back
 *   dispatch.c  Dispatcher: the @jit function object, its specialization cache and hot call path
 *   module.c    the module krait._krait
 */
#ifndef KRAIT_EXT_H
#define KRAIT_EXT_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "krait.h"

/* The C API of libkrait.so, looked up by name. Optional entries (newer API) may be NULL. */
typedef struct KraitApi {
  void *handle;
  KraitRuntime *(*runtime_new)(const KraitOptions *defaults);
  void (*runtime_free)(KraitRuntime *rt);
  void (*options_default)(KraitOptions *o);
  const char *(*runtime_target)(const KraitRuntime *rt, char *buf, size_t size);
  const char *(*runtime_cache_dir)(const KraitRuntime *rt, char *buf, size_t size);
  KraitModule *(*compile)(KraitRuntime *rt, const char *filename, const char *source, long len,
                          const KraitOptions *opts);
  void (*module_free)(KraitModule *m);
  const char *(*module_diagnostics)(const KraitModule *m);
  int (*module_error_count)(const KraitModule *m);
  bool (*module_has_function)(const KraitModule *m, const char *name);
  int (*module_signature)(KraitModule *m, const char *name, KraitType *params, int max);
  int (*module_drop_options)(KraitModule *m, const char *const *names, int count);
  KraitFunction *(*lookup)(KraitModule *m, const char *name, const KraitType *args, int nargs);
  KraitType (*function_return_type)(const KraitFunction *f);
  KraitType (*function_param_type)(const KraitFunction *f, int i);
  KraitCompileTimes (*function_compile_times)(const KraitFunction *f);
  void *(*function_pointer)(const KraitFunction *f);
  bool (*function_writes_param)(const KraitFunction *f, int i); /* optional */
  bool (*function_runs_briefly)(KraitFunction *f);
  int (*call)(KraitFunction *f, const KraitValue *args, int nargs, KraitValue *result);
  char *(*dump)(KraitModule *m, const char *name, const KraitType *args, int nargs, const char *stage);
  void (*free)(void *p);
  const KraitError *(*last_error)(void);
  void (*clear_error)(void);
  const char *(*type_name)(KraitType t, char *buf, size_t size);
  int (*parse_signature)(const char *text, KraitType *types, int max);
} KraitApi;

/* Parameters a compiled function may have (the runtime's bound). */
enum { EXT_MAX_ARGS = 64 };

/* ---- runtime.c ---- */

typedef struct RuntimeObject {
  PyObject_HEAD
  KraitApi api;
  KraitRuntime *rt;
  int live_modules;           /* Module objects still holding a KraitModule of rt */
} RuntimeObject;

typedef struct ModuleObject {
  PyObject_HEAD
  RuntimeObject *runtime;     /* strong reference: the code lives in its JIT */
  KraitModule *m;
  PyObject *filename;         /* str */
} ModuleObject;

extern PyType_Spec runtime_spec;
extern PyType_Spec module_spec;

/* A KraitType as one Python int (kind | elem << 8 | ndim << 16 | layout << 24) and back. */
long type_pack(KraitType t);
KraitType type_unpack(long v);
/* A tuple of packed types into types[max]; returns the count or -1 with an exception set. */
int types_from_tuple(PyObject *tuple, KraitType *types, int max);

/* ---- args.c ---- */

/* One argument on its way to native code. */
typedef struct ArgSlot {
  KraitType type;             /* the argument's own type: the specialization key */
  Py_buffer view;             /* arrays: the buffer, released after the call */
  bool has_view;
  KraitArray array;           /* arrays: the descriptor compiled code gets a pointer to */
} ArgSlot;

/* The krait type of a Python argument (fills slot->type; for buffers also view and array).
 * Returns 0, or -1 with a TypeError set. */
int arg_classify(const KraitApi *api, PyObject *o, ArgSlot *slot, const char *fname, int index);
void arg_release(ArgSlot *slots, int n);
/* Converts o to parameter type p as a native int64 (bool, int kinds, array pointers) or double
 * (f32 and f64): returns 0, or -1 with OverflowError/TypeError set. */
int arg_to_int(PyObject *o, ArgSlot *slot, KraitType p, int64_t *out, const char *fname, int index);
int arg_to_double(PyObject *o, double *out);
/* The Python value of a native result (int64 slot or double slot) of type t. */
PyObject *result_box(KraitType t, int64_t i, double d);
PyObject *value_box(const KraitValue *v);
/* Raises the Python exception that the calling thread's error record describes; returns NULL. */
PyObject *raise_krait_error(const KraitApi *api);

/* ---- dispatch.c ---- */

extern PyType_Spec dispatcher_spec;

#endif
