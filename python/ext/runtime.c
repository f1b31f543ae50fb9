/* runtime.c: the Runtime object (libkrait.so loaded with dlopen, one KraitRuntime) and the Module
 * object (one source text compiled with krait_compile). A Module holds its Runtime; Dispatchers
 * hold their Module, so machine code outlives every function object that can call it. */
#include "krait_ext.h"

#include <dlfcn.h>
#include <structmember.h>

/* ---- packed types ---- */

long type_pack(KraitType t) {
  return (long)t.kind | (long)t.elem << 8 | (long)t.ndim << 16 | (long)t.layout << 24;
}

KraitType type_unpack(long v) {
  KraitType t = {(uint8_t)(v & 0xff), (uint8_t)(v >> 8 & 0xff), (uint8_t)(v >> 16 & 0xff),
                 (uint8_t)(v >> 24 & 0xff)};
  return t;
}

int types_from_tuple(PyObject *tuple, KraitType *types, int max) {
  PyObject *seq = PySequence_Fast(tuple, "expected a sequence of packed types");
  if (!seq) return -1;
  Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
  if (n > max) {
    Py_DECREF(seq);
    PyErr_Format(PyExc_TypeError, "at most %d types", max);
    return -1;
  }
  for (Py_ssize_t i = 0; i < n; i++) {
    long v = PyLong_AsLong(PySequence_Fast_GET_ITEM(seq, i));
    if (v == -1 && PyErr_Occurred()) {
      Py_DECREF(seq);
      return -1;
    }
    types[i] = type_unpack(v);
  }
  Py_DECREF(seq);
  return (int)n;
}

/* ---- Runtime ---- */

static int load_symbol(void *handle, void **slot, const char *name, bool required) {
  *slot = dlsym(handle, name);
  if (!*slot && required) {
    PyErr_Format(PyExc_ImportError, "krait: libkrait.so lacks %s", name);
    return -1;
  }
  return 0;
}

/* Fills api from the library at path. ISO C cannot convert void * to a function pointer, so each
 * entry is written through a void ** (POSIX guarantees the representations agree). */
static int api_load(KraitApi *api, const char *path) {
  api->handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!api->handle) {
    PyErr_Format(PyExc_ImportError, "krait: cannot load the compiler library: %s", dlerror());
    return -1;
  }
  struct { void **slot; const char *name; bool required; } table[] = {
#define ENTRY(field, name) {(void **)&api->field, name, true}
      ENTRY(runtime_new, "krait_runtime_new"),
      ENTRY(runtime_free, "krait_runtime_free"),
      ENTRY(options_default, "krait_options_default"),
      ENTRY(runtime_target, "krait_runtime_target"),
      ENTRY(runtime_cache_dir, "krait_runtime_cache_dir"),
      ENTRY(compile, "krait_compile"),
      ENTRY(module_free, "krait_module_free"),
      ENTRY(module_diagnostics, "krait_module_diagnostics"),
      ENTRY(module_error_count, "krait_module_error_count"),
      ENTRY(module_has_function, "krait_module_has_function"),
      ENTRY(module_signature, "krait_module_signature"),
      ENTRY(module_drop_options, "krait_module_drop_options"),
      ENTRY(lookup, "krait_lookup"),
      ENTRY(function_return_type, "krait_function_return_type"),
      ENTRY(function_param_type, "krait_function_param_type"),
      ENTRY(function_compile_times, "krait_function_compile_times"),
      ENTRY(function_pointer, "krait_function_pointer"),
      {(void **)&api->function_writes_param, "krait_function_writes_param", false},
      ENTRY(function_runs_briefly, "krait_function_runs_briefly"),
      ENTRY(call, "krait_call"),
      ENTRY(dump, "krait_dump"),
      ENTRY(free, "krait_free"),
      ENTRY(last_error, "krait_last_error"),
      ENTRY(clear_error, "krait_clear_error"),
      ENTRY(type_name, "krait_type_name"),
      ENTRY(parse_signature, "krait_parse_signature"),
#undef ENTRY
  };
  for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
    if (load_symbol(api->handle, table[i].slot, table[i].name, table[i].required) < 0) {
      dlclose(api->handle);
      api->handle = NULL;
      return -1;
    }
  }
  return 0;
}

/* Runtime(path_to_libkrait) */
static PyObject *runtime_new_object(PyTypeObject *type, PyObject *args, PyObject *kwds) {
  const char *path;
  if (!PyArg_ParseTuple(args, "s:Runtime", &path)) return NULL;
  RuntimeObject *self = (RuntimeObject *)type->tp_alloc(type, 0);
  if (!self) return NULL;
  if (api_load(&self->api, path) < 0) {
    Py_DECREF(self);
    return NULL;
  }
  self->rt = self->api.runtime_new(NULL);
  if (!self->rt) {
    raise_krait_error(&self->api);
    Py_DECREF(self);
    return NULL;
  }
  return (PyObject *)self;
}

static void runtime_dealloc(RuntimeObject *self) {
  PyTypeObject *type = Py_TYPE(self);
  if (self->rt) self->api.runtime_free(self->rt);
  /* The library stays loaded: its thread-local error records may still be referenced. */
  type->tp_free(self);
  Py_DECREF(type);
}

static PyObject *runtime_target(RuntimeObject *self, PyObject *unused) {
  char buf[1024];
  return PyUnicode_FromString(self->api.runtime_target(self->rt, buf, sizeof buf));
}

/* cache_dir() -> the directory of the disk cache, or None when it is off (KRAIT_CACHE=0) */
static PyObject *runtime_cache_dir(RuntimeObject *self, PyObject *unused) {
  char buf[4096];
  const char *dir = self->api.runtime_cache_dir(self->rt, buf, sizeof buf);
  if (!dir) Py_RETURN_NONE;
  return PyUnicode_DecodeFSDefault(dir);
}

static PyObject *runtime_type_name(RuntimeObject *self, PyObject *packed) {
  long v = PyLong_AsLong(packed);
  if (v == -1 && PyErr_Occurred()) return NULL;
  char buf[64];
  return PyUnicode_FromString(self->api.type_name(type_unpack(v), buf, sizeof buf));
}

/* parse_signature("(int, f64[:])") -> tuple of packed types, or None */
static PyObject *runtime_parse_signature(RuntimeObject *self, PyObject *arg) {
  const char *text = PyUnicode_AsUTF8(arg);
  if (!text) return NULL;
  KraitType types[EXT_MAX_ARGS];
  int n = self->api.parse_signature(text, types, EXT_MAX_ARGS);
  if (n < 0) Py_RETURN_NONE;
  PyObject *t = PyTuple_New(n);
  for (int i = 0; t && i < n; i++) PyTuple_SET_ITEM(t, i, PyLong_FromLong(type_pack(types[i])));
  return t;
}

static PyMethodDef runtime_methods[] = {
    {"target", (PyCFunction)runtime_target, METH_NOARGS, "The target triple, CPU and features."},
    {"cache_dir", (PyCFunction)runtime_cache_dir, METH_NOARGS, "The disk cache's directory, or None."},
    {"type_name", (PyCFunction)runtime_type_name, METH_O, "The name of a packed type."},
    {"parse_signature", (PyCFunction)runtime_parse_signature, METH_O, "Packed types of a signature."},
    {NULL, NULL, 0, NULL},
};

static PyType_Slot runtime_slots[] = {
    {Py_tp_new, runtime_new_object},
    {Py_tp_dealloc, runtime_dealloc},
    {Py_tp_methods, runtime_methods},
    {Py_tp_doc, "The loaded compiler library and one krait runtime (JIT, target)."},
    {0, NULL},
};

PyType_Spec runtime_spec = {"krait._krait.Runtime", sizeof(RuntimeObject), 0, Py_TPFLAGS_DEFAULT,
                            runtime_slots};

/* ---- Module ---- */

/* Module(runtime, filename, source, fastmath, boundscheck, cache=True): the options of the
 * module's functions, each of which its @jit(...) in the source may override (runtime/options.c). */
static PyObject *module_new_object(PyTypeObject *type, PyObject *args, PyObject *kwds) {
  PyObject *runtime, *filename;
  const char *source;
  Py_ssize_t len;
  int fastmath, boundscheck, cache = 1;
  if (!PyArg_ParseTuple(args, "OUs#pp|p:Module", &runtime, &filename, &source, &len, &fastmath, &boundscheck,
                        &cache))
    return NULL;
  if (Py_TYPE(runtime)->tp_dealloc != (destructor)runtime_dealloc) {
    PyErr_SetString(PyExc_TypeError, "Module() needs a Runtime");
    return NULL;
  }
  const char *fname = PyUnicode_AsUTF8(filename);
  if (!fname) return NULL;
  ModuleObject *self = (ModuleObject *)type->tp_alloc(type, 0);
  if (!self) return NULL;
  self->runtime = (RuntimeObject *)Py_NewRef(runtime);
  self->filename = Py_NewRef(filename);
  const KraitApi *api = &self->runtime->api;
  KraitOptions opts;
  api->options_default(&opts);
  opts.fastmath = fastmath != 0;
  opts.boundscheck = boundscheck != 0;
  opts.cache = cache != 0;
  self->m = api->compile(self->runtime->rt, fname, source, (long)len, &opts);
  self->runtime->live_modules++;
  static const char *const python_options[] = {"eager", "fallback"};
  api->module_drop_options(self->m, python_options, 2);
  return (PyObject *)self;
}

static void module_dealloc(ModuleObject *self) {
  PyTypeObject *type = Py_TYPE(self);
  if (self->m) {
    self->runtime->api.module_free(self->m);
    self->runtime->live_modules--;
  }
  Py_XDECREF(self->filename);
  Py_XDECREF(self->runtime);
  type->tp_free(self);
  Py_DECREF(type);
}

static PyObject *module_diagnostics(ModuleObject *self, PyObject *unused) {
  return PyUnicode_FromString(self->runtime->api.module_diagnostics(self->m));
}

static PyObject *module_has_function(ModuleObject *self, PyObject *name) {
  const char *s = PyUnicode_AsUTF8(name);
  if (!s) return NULL;
  return PyBool_FromLong(self->runtime->api.module_has_function(self->m, s));
}

/* signature(name) -> tuple of packed declared types (kind 0: unannotated), or None on an error */
static PyObject *module_signature(ModuleObject *self, PyObject *name) {
  const char *s = PyUnicode_AsUTF8(name);
  if (!s) return NULL;
  KraitType types[EXT_MAX_ARGS];
  int n = self->runtime->api.module_signature(self->m, s, types, EXT_MAX_ARGS);
  if (n < 0) Py_RETURN_NONE;
  if (n > EXT_MAX_ARGS) n = EXT_MAX_ARGS;
  PyObject *t = PyTuple_New(n);
  for (int i = 0; t && i < n; i++) PyTuple_SET_ITEM(t, i, PyLong_FromLong(type_pack(types[i])));
  return t;
}

/* dump(name, packed_types, stage) -> str, or None on a compile error (see diagnostics()) */
static PyObject *module_dump(ModuleObject *self, PyObject *args) {
  const char *name, *stage;
  PyObject *tuple;
  if (!PyArg_ParseTuple(args, "sOs:dump", &name, &tuple, &stage)) return NULL;
  KraitType types[EXT_MAX_ARGS];
  int n = types_from_tuple(tuple, types, EXT_MAX_ARGS);
  if (n < 0) return NULL;
  char *text = self->runtime->api.dump(self->m, name, types, n, stage);
  if (!text) Py_RETURN_NONE;
  PyObject *s = PyUnicode_DecodeUTF8(text, (Py_ssize_t)strlen(text), "replace");
  self->runtime->api.free(text);
  return s;
}

static PyMethodDef module_methods[] = {
    {"diagnostics", (PyCFunction)module_diagnostics, METH_NOARGS, "All diagnostics so far."},
    {"has_function", (PyCFunction)module_has_function, METH_O, "Whether a top-level def exists."},
    {"signature", (PyCFunction)module_signature, METH_O, "Declared parameter types (packed)."},
    {"dump", (PyCFunction)module_dump, METH_VARARGS, "A compilation stage as text."},
    {NULL, NULL, 0, NULL},
};

static PyMemberDef module_members[] = {
    {"runtime", T_OBJECT, offsetof(ModuleObject, runtime), READONLY, NULL},
    {"filename", T_OBJECT, offsetof(ModuleObject, filename), READONLY, NULL},
    {NULL, 0, 0, 0, NULL},
};

static PyType_Slot module_slots[] = {
    {Py_tp_new, module_new_object},
    {Py_tp_dealloc, module_dealloc},
    {Py_tp_methods, module_methods},
    {Py_tp_members, module_members},
    {Py_tp_doc, "One Python source file given to the compiler (krait_compile)."},
    {0, NULL},
};

PyType_Spec module_spec = {"krait._krait.Module", sizeof(ModuleObject), 0, Py_TPFLAGS_DEFAULT, module_slots};
