/* dispatch.c: the Dispatcher, the object @krait.jit returns. A call classifies its arguments into
 * krait types (the key), finds the specialization for that key in a small per-function cache (the
 * last one hit is tried first), compiles one on a miss, converts the arguments to native values
 * and calls the machine code with the GIL released.
 *
 * The hot path allocates nothing. Where the platform passes integer and floating-point arguments
 * in separate register files (x86-64 System V, AArch64), a specialization whose arguments all fit
 * in registers is called through one function-pointer type with six integer and eight double
 * parameters: the callee reads the registers it declares and ignores the rest. Others go through
 * krait_call (libffi).
 *
 * The fastest path, taken first: positional arguments that are exact ints, floats and bools of
 * the types the last specialization was made for. Checking each argument's type against that
 * specialization is the key comparison and the conversion in one pass, in a small stack frame;
 * anything else (keywords, arrays, NumPy scalars, a new type tuple, a large int) takes the
 * general path, which classifies, looks up and converts in separate steps. */
#include "krait_ext.h"

#include <structmember.h>
#include <string.h>

#if (defined(__x86_64__) && !defined(_WIN32)) || defined(__aarch64__)
#define DIRECT_CALLS 1
#else
#define DIRECT_CALLS 0
#endif
enum { DIRECT_INTS = 6, DIRECT_DOUBLES = 8 };
typedef int32_t (*DirectEntry)(int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, double, double, double,
                               double, double, double, double, double);
/* The same entry when no argument is a double: no floating-point register to load. */
typedef int32_t (*DirectIntEntry)(int64_t, int64_t, int64_t, int64_t, int64_t, int64_t);

/* How the fastest path converts an argument: the exact Python type it takes, for the parameter
 * type the specialization has. */
typedef enum FastArg {
  FAST_NONE,                      /* not on the fastest path */
  FAST_INT,                       /* int for an int parameter */
  FAST_FLOAT,                     /* float for a float parameter */
  FAST_BOOL,                      /* bool for a bool or int parameter */
} FastArg;

/* One specialization: the argument types it was made for and how to call it. Allocated once and
 * never moved, so that a call can keep a pointer while other threads compile. */
typedef struct Spec {
  KraitType key[EXT_MAX_ARGS];    /* the argument types (nparams of them) */
  KraitType params[EXT_MAX_ARGS]; /* the compiled parameter types */
  KraitType ret;
  KraitFunction *fn;              /* NULL when compiling failed */
  void *native;
  PyObject *error;                /* compiling failed: the diagnostics (str), else NULL */
  bool direct;                    /* callable as a DirectEntry */
  bool ints_only;                 /* direct, and no argument goes in a double register */
  bool fast;                      /* direct, and every argument has a FastArg */
  int8_t reg[EXT_MAX_ARGS];       /* direct: >= 0 integer register, < 0 double register -1 - k */
  uint8_t fast_arg[EXT_MAX_ARGS]; /* FastArg of each argument */
  int8_t out_reg;                 /* direct: the integer register of the result pointer, or -1 */
  uint64_t writes;                /* bit i: compiled code may write array parameter i */
  bool brief;                     /* finishes in bounded time: called without releasing the GIL */
} Spec;

typedef struct DispatcherObject {
  PyObject_HEAD
  vectorcallfunc vectorcall;
  PyObject *dict;
  ModuleObject *module;
  PyObject *name;                 /* str: the function's name in its source */
  const char *cname;              /* UTF-8 of name */
  PyObject *pyfunc;               /* the Python function */
  PyObject *param_names;          /* tuple of str, for keyword arguments */
  PyObject *on_error;             /* on_error(diagnostics, fallback) -> exception or None */
  int nparams;
  bool fallback;
  Spec **specs;
  int nspecs, cap;
  int last;                       /* index of the last specialization used */
  unsigned long long calls, hits, misses;
  PyInterpreterState *main_interpreter; /* for others_may_wait */
} DispatcherObject;

/* ---- specializations ---- */

static void spec_plan_direct(Spec *s, int n) {
  s->direct = false;
#if DIRECT_CALLS
  int ints = 0, doubles = 0;
  for (int i = 0; i < n; i++) {
    KraitTypeKind k = s->params[i].kind;
    if (k == KRAIT_TY_F32 || k == KRAIT_TY_UNKNOWN || k == KRAIT_TY_NONE) return;
    if (k == KRAIT_TY_F64) {
      if (doubles == DIRECT_DOUBLES) return;
      s->reg[i] = (int8_t)(-1 - doubles++);
    } else {
      if (ints == DIRECT_INTS) return;
      s->reg[i] = (int8_t)ints++;
    }
  }
  s->out_reg = -1;
  if (s->ret.kind != KRAIT_TY_NONE) {
    if (ints == DIRECT_INTS) return;
    s->out_reg = (int8_t)ints++;
  }
  s->direct = true;
  s->ints_only = doubles == 0;
  s->fast = true;
  for (int i = 0; i < n; i++) {
    KraitTypeKind k = s->key[i].kind, p = s->params[i].kind;
    if (k == KRAIT_TY_I64 && p == KRAIT_TY_I64)
      s->fast_arg[i] = FAST_INT;
    else if (k == KRAIT_TY_F64 && p == KRAIT_TY_F64)
      s->fast_arg[i] = FAST_FLOAT;
    else if (k == KRAIT_TY_BOOL && (p == KRAIT_TY_BOOL || p == KRAIT_TY_I64))
      s->fast_arg[i] = FAST_BOOL;
    else
      s->fast = false;
  }
#endif
}

static bool key_equal(const KraitType *a, const KraitType *b, int n) {
  for (int i = 0; i < n; i++) {
    uint32_t x, y;
    memcpy(&x, &a[i], sizeof x);
    memcpy(&y, &b[i], sizeof y);
    if (x != y) return false;
  }
  return true;
}

static Spec *spec_find(DispatcherObject *self, const KraitType *key) {
  for (int i = 0; i < self->nspecs; i++) {
    if (key_equal(self->specs[i]->key, key, self->nparams)) {
      self->last = i;
      return self->specs[i];
    }
  }
  return NULL;
}

/* Compiles the specialization for key (a miss). Returns it (possibly a failed one: fn NULL), or
 * NULL with an exception set. */
static Spec *spec_compile(DispatcherObject *self, const KraitType *key) {
  const KraitApi *api = &self->module->runtime->api;
  KraitModule *m = self->module->m;
  int n = self->nparams;
  Spec *s = PyMem_Calloc(1, sizeof *s);
  if (!s) return (Spec *)PyErr_NoMemory();
  memcpy(s->key, key, sizeof(KraitType) * (size_t)n);
  size_t before = strlen(api->module_diagnostics(m));
  s->fn = api->lookup(m, self->cname, key, n);
  if (s->fn) {
    s->native = api->function_pointer(s->fn);
    s->ret = api->function_return_type(s->fn);
    for (int i = 0; i < n; i++) {
      s->params[i] = api->function_param_type(s->fn, i);
      if (s->params[i].kind != KRAIT_TY_ARRAY) continue;
      /* Without krait_function_writes_param every array parameter counts as written. */
      if (!api->function_writes_param || api->function_writes_param(s->fn, i)) s->writes |= 1ull << i;
    }
    s->brief = api->function_runs_briefly(s->fn);
    spec_plan_direct(s, n);
  } else {
    const char *text = api->module_diagnostics(m);
    if (strlen(text) > before) text += before;
    s->error = PyUnicode_DecodeUTF8(text, (Py_ssize_t)strlen(text), "replace");
    if (!s->error) {
      PyMem_Free(s);
      return NULL;
    }
  }
  if (self->nspecs == self->cap) {
    int cap = self->cap ? self->cap * 2 : 4;
    Spec **specs = PyMem_Realloc(self->specs, sizeof(Spec *) * (size_t)cap);
    if (!specs) {
      Py_XDECREF(s->error);
      PyMem_Free(s);
      return (Spec *)PyErr_NoMemory();
    }
    self->specs = specs;
    self->cap = cap;
  }
  self->last = self->nspecs;
  self->specs[self->nspecs++] = s;
  self->misses++;
  return s;
}

/* A failed specialization: raises the CompileError (NULL), or with fallback=True warns (once, in
 * on_error) and returns Py_None, meaning "run the Python function". */
static PyObject *spec_failed(DispatcherObject *self, Spec *s, bool first) {
  if (self->fallback && !first) Py_RETURN_NONE;
  PyObject *exc = PyObject_CallFunction(self->on_error, "OO", s->error, self->fallback ? Py_True : Py_False);
  if (!exc) return NULL;
  if (exc == Py_None) return exc;
  PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
  Py_DECREF(exc);
  return NULL;
}

/* ---- calls ---- */

/* Puts keyword arguments in their places: out[nparams]. Returns 0 or -1 with a TypeError. */
static int bind_arguments(DispatcherObject *self, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames,
                          PyObject **out) {
  int n = self->nparams;
  if (nargs > n) {
    PyErr_Format(PyExc_TypeError, "%s() takes %d positional argument%s but %zd %s given", self->cname, n,
                 n == 1 ? "" : "s", nargs, nargs == 1 ? "was" : "were");
    return -1;
  }
  for (int i = 0; i < n; i++) out[i] = i < nargs ? args[i] : NULL;
  Py_ssize_t nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
  for (Py_ssize_t k = 0; k < nkw; k++) {
    PyObject *key = PyTuple_GET_ITEM(kwnames, k);
    int at = -1;
    for (int i = 0; i < n && at < 0; i++) {
      PyObject *name = PyTuple_GET_ITEM(self->param_names, i);
      if (name == key || PyUnicode_Compare(name, key) == 0) at = i;
    }
    if (at < 0) {
      PyErr_Format(PyExc_TypeError, "%s() got an unexpected keyword argument '%U'", self->cname, key);
      return -1;
    }
    if (out[at]) {
      PyErr_Format(PyExc_TypeError, "%s() got multiple values for argument '%U'", self->cname, key);
      return -1;
    }
    out[at] = args[nargs + k];
  }
  for (int i = 0; i < n; i++) {
    if (!out[i]) {
      PyErr_Format(PyExc_TypeError, "%s() missing required argument '%U'", self->cname,
                   PyTuple_GET_ITEM(self->param_names, i));
      return -1;
    }
  }
  return 0;
}

/* The value of an exact int of at most two digits, read in place (CPython 3.11's layout: the size's
 * sign is the int's, its magnitude the number of 30-bit digits); false when it is larger or the
 * layout is another version's. */
static inline bool small_int_value(PyObject *o, int64_t *out) {
#if PY_VERSION_HEX >= 0x030B0000 && PY_VERSION_HEX < 0x030C0000 && PYLONG_BITS_IN_DIGIT == 30
  const PyLongObject *l = (const PyLongObject *)o;
  Py_ssize_t size = Py_SIZE(o);
  switch (size) {
  case 0: *out = 0; return true;
  case 1: *out = (int64_t)l->ob_digit[0]; return true;
  case -1: *out = -(int64_t)l->ob_digit[0]; return true;
  case 2: *out = (int64_t)l->ob_digit[0] | (int64_t)l->ob_digit[1] << 30; return true;
  case -2: *out = -((int64_t)l->ob_digit[0] | (int64_t)l->ob_digit[1] << 30); return true;
  default: return false;
  }
#else
  (void)o;
  (void)out;
  return false;
#endif
}

/* Whether another thread could take the GIL while compiled code runs: another thread state in this
 * interpreter, or another interpreter. (Asked only for specializations that may run long: a brief
 * one, krait_function_runs_briefly, keeps the GIL, since handing it over and taking it back costs
 * some 100 ns and, when another thread wants it, a wait for that thread's turn.) Thread states are made while holding the GIL (threading
 * does so in the parent), so the answer stands for the whole call. With no other thread, releasing
 * and taking back the GIL would cost twice as much as the rest of a call and gain nothing.
 * Interpreters are listed newest first, so the main one heads the list only when it is alone. */
static bool others_may_wait(const DispatcherObject *self) {
  PyThreadState *ts = PyThreadState_Get();
  return ts->prev || ts->next || PyInterpreterState_Head() != self->main_interpreter;
}

/* The result slot: compiled code stores a value of the return type at its start. */
typedef union NativeOut {
  int64_t i;
  double d;
  float f;
} NativeOut;

#if DIRECT_CALLS
/* Calls a direct specialization with its arguments in registers (ints[0..6), doubles[0..8)) and
 * boxes the result. Inlined into both paths: on the fastest one, a call level costs as much as
 * any one step of the call. */
static inline __attribute__((always_inline)) PyObject *call_direct(DispatcherObject *self, const Spec *s,
                                                                   int64_t *ints, const double *doubles) {
  NativeOut out = {0};
  int32_t status;
  if (s->out_reg >= 0) ints[s->out_reg] = (int64_t)(intptr_t)&out;
  bool release = !s->brief && others_may_wait(self);
  PyThreadState *saved = release ? PyEval_SaveThread() : NULL;
  if (s->ints_only) {
    DirectIntEntry entry = (DirectIntEntry)(uintptr_t)s->native;
    status = entry(ints[0], ints[1], ints[2], ints[3], ints[4], ints[5]);
  } else {
    DirectEntry entry = (DirectEntry)(uintptr_t)s->native;
    status = entry(ints[0], ints[1], ints[2], ints[3], ints[4], ints[5], doubles[0], doubles[1], doubles[2],
                   doubles[3], doubles[4], doubles[5], doubles[6], doubles[7]);
  }
  if (release) PyEval_RestoreThread(saved);
  if (status != 0) return raise_krait_error(&self->module->runtime->api);
  KraitType ret = s->ret;
  if (ret.kind == KRAIT_TY_I64) return PyLong_FromLongLong(out.i);
  if (ret.kind == KRAIT_TY_F64) return PyFloat_FromDouble(out.d);
  return result_box(ret, out.i, ret.kind == KRAIT_TY_F32 ? (double)out.f : out.d);
}

/* The fastest path's arguments: true when each is of the exact Python type s->fast_arg names (so
 * that the call's key is s's), with their native values in place. False sends the call down the
 * general path, which raises whatever error there is. */
static inline bool fast_arguments(const Spec *s, PyObject *const *args, int n, int64_t *ints, double *doubles) {
  for (int i = 0; i < n; i++) {
    PyObject *o = args[i];
    int r = s->reg[i];
    switch ((FastArg)s->fast_arg[i]) {
    case FAST_INT:
      if (!Py_IS_TYPE(o, &PyLong_Type)) return false;
      if (!small_int_value(o, &ints[r])) {
        int overflow;
        ints[r] = PyLong_AsLongLongAndOverflow(o, &overflow);
        if (overflow) return false;
      }
      break;
    case FAST_FLOAT:
      if (!Py_IS_TYPE(o, &PyFloat_Type)) return false;
      doubles[-1 - r] = PyFloat_AS_DOUBLE(o);
      break;
    case FAST_BOOL:
      if (!Py_IS_TYPE(o, &PyBool_Type)) return false;
      ints[r] = o == Py_True;
      break;
    case FAST_NONE:
      return false;
    }
  }
  return true;
}
#endif

static PyObject *call_spec(DispatcherObject *self, Spec *s, PyObject *const *args, ArgSlot *slots,
                           uint64_t views) {
  const KraitApi *api = &self->module->runtime->api;
  int n = self->nparams;
  int32_t status;
  uint64_t check = views & s->writes;
  for (int i = 0; check; i++, check >>= 1) {
    if ((check & 1) && slots[i].view.readonly) {
      PyErr_Format(PyExc_TypeError, "%s() argument %d ('%U') is a read-only buffer, but %s writes to it",
                   self->cname, i + 1, PyTuple_GET_ITEM(self->param_names, i), self->cname);
      return NULL;
    }
  }
#if DIRECT_CALLS
  if (s->direct) {
    int64_t ints[DIRECT_INTS] = {0};
    double doubles[DIRECT_DOUBLES] = {0};
    for (int i = 0; i < n; i++) {
      PyObject *o = args[i];
      int r = s->reg[i];
      if (r < 0) {
        if (Py_IS_TYPE(o, &PyFloat_Type))
          doubles[-1 - r] = PyFloat_AS_DOUBLE(o);
        else if (arg_to_double(o, &doubles[-1 - r]) < 0)
          return NULL;
      } else if (s->params[i].kind == KRAIT_TY_I64 && Py_IS_TYPE(o, &PyLong_Type) &&
                 small_int_value(o, &ints[r])) {
        /* the common case, without a call */
      } else if (arg_to_int(o, &slots[i], s->params[i], &ints[r], self->cname, i) < 0) {
        return NULL;
      }
    }
    return call_direct(self, s, ints, doubles);
  }
#endif
  KraitValue values[EXT_MAX_ARGS];
  for (int i = 0; i < n; i++) {
    KraitType p = s->params[i];
    values[i].type = p;
    if (p.kind == KRAIT_TY_F32 || p.kind == KRAIT_TY_F64) {
      values[i].type.kind = KRAIT_TY_F64;
      if (arg_to_double(args[i], &values[i].as.f) < 0) return NULL;
    } else if (p.kind == KRAIT_TY_ARRAY) {
      values[i].as.array = &slots[i].array;
    } else {
      int64_t v;
      if (arg_to_int(args[i], &slots[i], p, &v, self->cname, i) < 0) return NULL;
      if (p.kind == KRAIT_TY_BOOL)
        values[i].as.b = v != 0;
      else
        values[i].as.i = v;
    }
  }
  KraitValue result;
  KraitFunction *fn = s->fn;
  if (!s->brief && others_may_wait(self)) {
    Py_BEGIN_ALLOW_THREADS
    status = api->call(fn, values, n, &result);
    Py_END_ALLOW_THREADS
  } else {
    status = api->call(fn, values, n, &result);
  }
  if (status != 0) return raise_krait_error(api);
  return value_box(&result);
}

static void release_views(ArgSlot *slots, uint64_t views) {
  for (int i = 0; views; i++, views >>= 1)
    if (views & 1) arg_release(&slots[i], 1);
}

/* The general path: binds keywords, classifies every argument (buffers included), finds or
 * compiles the specialization, converts and calls. Kept out of line so that the fastest path's
 * frame stays small (this one holds an ArgSlot per parameter). */
static PyObject *__attribute__((noinline)) dispatch_general(DispatcherObject *self, PyObject *const *args,
                                                             size_t nargsf, PyObject *kwnames) {
  Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
  int n = self->nparams;
  PyObject *bound[EXT_MAX_ARGS];
  if (kwnames || nargs != n) {
    if (bind_arguments(self, args, nargs, kwnames, bound) < 0) return NULL;
    args = bound;
  }
  self->calls++;
  ArgSlot slots[EXT_MAX_ARGS];
  KraitType key[EXT_MAX_ARGS];
  key[0] = (KraitType){KRAIT_TY_UNKNOWN, 0, 0, 0}; /* n may be 0 */
  uint64_t views = 0; /* bit i: slots[i] holds a buffer to release */
  for (int i = 0; i < n; i++) {
    PyTypeObject *t = Py_TYPE(args[i]);
    if (t == &PyLong_Type) {
      key[i] = (KraitType){KRAIT_TY_I64, 0, 0, 0};
    } else if (t == &PyFloat_Type) {
      key[i] = (KraitType){KRAIT_TY_F64, 0, 0, 0};
    } else if (t == &PyBool_Type) {
      key[i] = (KraitType){KRAIT_TY_BOOL, 0, 0, 0};
    } else {
      int rc = arg_classify(&self->module->runtime->api, args[i], &slots[i], self->cname, i);
      if (slots[i].has_view) views |= 1ull << i;
      if (rc < 0) {
        release_views(slots, views);
        if (!self->fallback) return NULL;
        PyErr_Clear();
        return PyObject_Vectorcall(self->pyfunc, args, (size_t)n, NULL);
      }
      key[i] = slots[i].type;
    }
  }
  Spec *s = NULL;
  if (self->nspecs && key_equal(self->specs[self->last]->key, key, n))
    s = self->specs[self->last];
  else
    s = spec_find(self, key);
  bool first = false;
  if (s) {
    self->hits++;
  } else {
    s = spec_compile(self, key);
    if (!s) {
      release_views(slots, views);
      return NULL;
    }
    first = true;
  }
  PyObject *result;
  if (s->fn) {
    result = call_spec(self, s, args, slots, views);
  } else {
    result = spec_failed(self, s, first);
    if (result == Py_None) {
      Py_DECREF(result);
      result = PyObject_Vectorcall(self->pyfunc, args, (size_t)n, NULL);
    }
  }
  if (views) release_views(slots, views);
  return result;
}

static PyObject *dispatcher_vectorcall(PyObject *obj, PyObject *const *args, size_t nargsf, PyObject *kwnames) {
  DispatcherObject *self = (DispatcherObject *)obj;
#if DIRECT_CALLS
  if (!kwnames && PyVectorcall_NARGS(nargsf) == (Py_ssize_t)self->nparams && self->nspecs) {
    const Spec *s = self->specs[self->last];
    int64_t ints[DIRECT_INTS] = {0};
    double doubles[DIRECT_DOUBLES] = {0};
    if (s->fast && fast_arguments(s, args, self->nparams, ints, doubles)) {
      self->calls++;
      self->hits++;
      return call_direct(self, s, ints, doubles);
    }
  }
#endif
  return dispatch_general(self, args, nargsf, kwnames);
}

/* ---- the object ---- */

/* Dispatcher(module, name, pyfunc, param_names, fallback, on_error) */
static PyObject *dispatcher_new(PyTypeObject *type, PyObject *args, PyObject *kwds) {
  PyObject *module, *name, *pyfunc, *param_names, *on_error;
  int fallback;
  if (!PyArg_ParseTuple(args, "OUOO!pO:Dispatcher", &module, &name, &pyfunc, &PyTuple_Type, &param_names,
                        &fallback, &on_error))
    return NULL;
  if (!PyObject_HasAttrString(module, "dump") || !PyObject_HasAttrString(module, "runtime")) {
    PyErr_SetString(PyExc_TypeError, "Dispatcher() needs a Module");
    return NULL;
  }
  if (PyTuple_GET_SIZE(param_names) > EXT_MAX_ARGS) {
    PyErr_Format(PyExc_TypeError, "krait supports functions of up to %d parameters", EXT_MAX_ARGS);
    return NULL;
  }
  DispatcherObject *self = (DispatcherObject *)type->tp_alloc(type, 0);
  if (!self) return NULL;
  self->vectorcall = dispatcher_vectorcall;
  self->module = (ModuleObject *)Py_NewRef(module);
  self->name = Py_NewRef(name);
  self->cname = PyUnicode_AsUTF8(name);
  self->pyfunc = Py_NewRef(pyfunc);
  self->param_names = Py_NewRef(param_names);
  self->on_error = Py_NewRef(on_error);
  self->nparams = (int)PyTuple_GET_SIZE(param_names);
  self->fallback = fallback != 0;
  self->main_interpreter = PyInterpreterState_Main();
  if (!self->cname) {
    Py_DECREF(self);
    return NULL;
  }
  return (PyObject *)self;
}

static int dispatcher_traverse(DispatcherObject *self, visitproc visit, void *arg) {
  Py_VISIT(Py_TYPE(self));
  Py_VISIT(self->dict);
  Py_VISIT(self->module);
  Py_VISIT(self->pyfunc);
  Py_VISIT(self->on_error);
  return 0;
}

static int dispatcher_clear(DispatcherObject *self) {
  Py_CLEAR(self->dict);
  Py_CLEAR(self->pyfunc);
  Py_CLEAR(self->on_error);
  return 0;
}

static void dispatcher_dealloc(DispatcherObject *self) {
  PyTypeObject *type = Py_TYPE(self);
  PyObject_GC_UnTrack(self);
  dispatcher_clear(self);
  for (int i = 0; i < self->nspecs; i++) {
    Py_XDECREF(self->specs[i]->error);
    PyMem_Free(self->specs[i]);
  }
  PyMem_Free(self->specs);
  Py_XDECREF(self->param_names);
  Py_XDECREF(self->name);
  Py_XDECREF(self->module); /* last: the specializations' code lives in its runtime */
  type->tp_free(self);
  Py_DECREF(type);
}

static PyObject *types_tuple(const KraitType *types, int n) {
  PyObject *t = PyTuple_New(n);
  for (int i = 0; t && i < n; i++) PyTuple_SET_ITEM(t, i, PyLong_FromLong(type_pack(types[i])));
  return t;
}

/* _specializations() -> [(key, params, ret, times, cached, error)]: packed types; times is
 * (parse_ir, emit, optimize, codegen, link, cache_load) in ms; cached where the code came from
 * instead of being compiled: "disk", "memory" (another module of the runtime had linked it) or
 * None; error the diagnostics of a failed compile. */
static PyObject *dispatcher_specializations(DispatcherObject *self, PyObject *unused) {
  const KraitApi *api = &self->module->runtime->api;
  PyObject *list = PyList_New(0);
  for (int i = 0; list && i < self->nspecs; i++) {
    Spec *s = self->specs[i];
    PyObject *item;
    if (s->fn) {
      KraitCompileTimes t = api->function_compile_times(s->fn);
      const char *origin = !t.cached ? NULL : t.from_disk ? "disk" : "memory";
      item = Py_BuildValue("(NNl(dddddd)zO)", types_tuple(s->key, self->nparams),
                           types_tuple(s->params, self->nparams), type_pack(s->ret), t.parse_ir, t.emit,
                           t.optimize, t.codegen, t.link, t.cache_load, origin, Py_None);
    } else {
      item = Py_BuildValue("(NOOOOO)", types_tuple(s->key, self->nparams), Py_None, Py_None, Py_None, Py_None,
                           s->error);
    }
    if (!item || PyList_Append(list, item) < 0) Py_CLEAR(list);
    Py_XDECREF(item);
  }
  return list;
}

/* _compile(packed_key) -> True, or False after a fallback warning; raises CompileError. */
static PyObject *dispatcher_compile(DispatcherObject *self, PyObject *arg) {
  KraitType key[EXT_MAX_ARGS];
  memset(key, 0, sizeof key);
  int n = types_from_tuple(arg, key, EXT_MAX_ARGS);
  if (n < 0) return NULL;
  if (n != self->nparams) {
    PyErr_Format(PyExc_TypeError, "%s() takes %d arguments, the signature has %d", self->cname, self->nparams, n);
    return NULL;
  }
  bool first = false;
  Spec *s = spec_find(self, key);
  if (!s) {
    s = spec_compile(self, key);
    if (!s) return NULL;
    first = true;
  }
  if (s->fn) Py_RETURN_TRUE;
  PyObject *r = spec_failed(self, s, first);
  if (!r) return NULL;
  Py_DECREF(r);
  Py_RETURN_FALSE;
}

static PyObject *dispatcher_counters(DispatcherObject *self, PyObject *unused) {
  return Py_BuildValue("(KKK)", self->calls, self->hits, self->misses);
}

/* Pickled by reference: the module and qualified name, as functions are. */
static PyObject *dispatcher_reduce(PyObject *self, PyObject *unused) {
  return PyObject_GetAttrString(self, "__qualname__");
}

static PyMethodDef dispatcher_methods[] = {
    {"_specializations", (PyCFunction)dispatcher_specializations, METH_NOARGS, NULL},
    {"_compile", (PyCFunction)dispatcher_compile, METH_O, NULL},
    {"_counters", (PyCFunction)dispatcher_counters, METH_NOARGS, NULL},
    {"__reduce__", (PyCFunction)dispatcher_reduce, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyMemberDef dispatcher_members[] = {
    {"py_func", T_OBJECT, offsetof(DispatcherObject, pyfunc), READONLY, "The Python function."},
    {"_module", T_OBJECT, offsetof(DispatcherObject, module), READONLY, NULL},
    {"_name", T_OBJECT, offsetof(DispatcherObject, name), READONLY, NULL},
    {"_param_names", T_OBJECT, offsetof(DispatcherObject, param_names), READONLY, NULL},
    {"__dictoffset__", T_PYSSIZET, offsetof(DispatcherObject, dict), READONLY, NULL},
    {"__vectorcalloffset__", T_PYSSIZET, offsetof(DispatcherObject, vectorcall), READONLY, NULL},
    {NULL, 0, 0, 0, NULL},
};

static PyGetSetDef dispatcher_getset[] = {
    {"__dict__", PyObject_GenericGetDict, PyObject_GenericSetDict, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyType_Slot dispatcher_slots[] = {
    {Py_tp_new, dispatcher_new},
    {Py_tp_dealloc, dispatcher_dealloc},
    {Py_tp_traverse, dispatcher_traverse},
    {Py_tp_clear, dispatcher_clear},
    {Py_tp_call, PyVectorcall_Call},
    {Py_tp_methods, dispatcher_methods},
    {Py_tp_members, dispatcher_members},
    {Py_tp_getset, dispatcher_getset},
    {Py_tp_doc, "A function compiled by krait: one specialization per argument-type tuple."},
    {0, NULL},
};

/* Not immutable: the krait package adds its Python-level methods (inspect, signatures, stats). */
PyType_Spec dispatcher_spec = {"krait._krait.Dispatcher", sizeof(DispatcherObject), 0,
                               Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC |
                                   Py_TPFLAGS_HAVE_VECTORCALL,
                               dispatcher_slots};
