/* args.c: Python values to krait types and native values, and back. Scalars are Python's int,
 * float and bool and NumPy's scalar types (recognized by type name: NumPy is never imported);
 * arrays are any object with the buffer protocol (NumPy arrays of every layout, array.array,
 * memoryview, bytearray), described to compiled code by a KraitArray. */
#include "krait_ext.h"

#include <string.h>

/* ---- classifying arguments ---- */

static const struct {
  const char *name;
  KraitTypeKind kind;
} numpy_scalars[] = {
    {"numpy.float64", KRAIT_TY_F64}, {"numpy.float32", KRAIT_TY_F32}, {"numpy.int64", KRAIT_TY_I64},
    {"numpy.int32", KRAIT_TY_I32},   {"numpy.int16", KRAIT_TY_I16},   {"numpy.int8", KRAIT_TY_I8},
    {"numpy.uint64", KRAIT_TY_U64},  {"numpy.uint32", KRAIT_TY_U32},  {"numpy.uint16", KRAIT_TY_U16},
    {"numpy.uint8", KRAIT_TY_U8},    {"numpy.bool_", KRAIT_TY_BOOL},  {"numpy.bool", KRAIT_TY_BOOL},
    {"numpy.longlong", KRAIT_TY_I64}, {"numpy.ulonglong", KRAIT_TY_U64}, {"numpy.double", KRAIT_TY_F64},
    {"numpy.intc", KRAIT_TY_I32},    {"numpy.uintc", KRAIT_TY_U32},
};

static KraitTypeKind numpy_scalar_kind(PyTypeObject *t) {
  const char *name = t->tp_name;
  if (strncmp(name, "numpy.", 6) != 0) return KRAIT_TY_UNKNOWN;
  for (size_t i = 0; i < sizeof numpy_scalars / sizeof numpy_scalars[0]; i++)
    if (strcmp(name, numpy_scalars[i].name) == 0) return numpy_scalars[i].kind;
  return KRAIT_TY_UNKNOWN;
}

/* The element kind of a struct-module format with one item ("d", "<i4" style is not used by the
 * buffer protocol: "=i", "<q", "@d", "l"), checked against the item size. */
static KraitTypeKind format_kind(const char *format, Py_ssize_t itemsize) {
  if (!format) return itemsize == 1 ? KRAIT_TY_U8 : KRAIT_TY_UNKNOWN; /* plain bytes */
  if (*format == '@' || *format == '=' || *format == '<') format++;
  if (!format[0] || format[1]) return KRAIT_TY_UNKNOWN;
  bool is_signed = true;
  switch (*format) {
  case '?': return itemsize == 1 ? KRAIT_TY_BOOL : KRAIT_TY_UNKNOWN;
  case 'f': return itemsize == 4 ? KRAIT_TY_F32 : KRAIT_TY_UNKNOWN;
  case 'd': return itemsize == 8 ? KRAIT_TY_F64 : KRAIT_TY_UNKNOWN;
  case 'B': case 'H': case 'I': case 'L': case 'Q': case 'N': is_signed = false; break;
  case 'b': case 'h': case 'i': case 'l': case 'q': case 'n': break;
  default: return KRAIT_TY_UNKNOWN;
  }
  switch (itemsize) {
  case 1: return is_signed ? KRAIT_TY_I8 : KRAIT_TY_U8;
  case 2: return is_signed ? KRAIT_TY_I16 : KRAIT_TY_U16;
  case 4: return is_signed ? KRAIT_TY_I32 : KRAIT_TY_U32;
  case 8: return is_signed ? KRAIT_TY_I64 : KRAIT_TY_U64;
  default: return KRAIT_TY_UNKNOWN;
  }
}

static int classify_buffer(const KraitApi *api, PyObject *o, ArgSlot *slot, const char *fname, int index) {
  Py_buffer *v = &slot->view;
  if (PyObject_GetBuffer(o, v, PyBUF_RECORDS_RO) < 0) return -1;
  slot->has_view = true;
  KraitTypeKind elem = format_kind(v->format, v->itemsize);
  if (elem == KRAIT_TY_UNKNOWN) {
    PyErr_Format(PyExc_TypeError, "%s() argument %d: cannot pass a buffer of format '%s' (krait arrays hold "
                 "bool, int8..int64, uint8..uint64, float32 or float64 in native byte order)",
                 fname, index + 1, v->format ? v->format : "B");
    return -1;
  }
  if (v->ndim < 1 || v->ndim > KRAIT_MAX_NDIM) {
    PyErr_Format(PyExc_TypeError, "%s() argument %d: cannot pass a %d-dimensional buffer (krait arrays have "
                 "1 to %d dimensions)", fname, index + 1, v->ndim, KRAIT_MAX_NDIM);
    return -1;
  }
  int64_t shape[KRAIT_MAX_NDIM], strides[KRAIT_MAX_NDIM];
  bool contiguous = true;
  int64_t expect = (int64_t)v->itemsize;
  for (int d = v->ndim - 1; d >= 0; d--) {
    shape[d] = (int64_t)v->shape[d];
    strides[d] = v->strides ? (int64_t)v->strides[d] : expect;
    if (shape[d] > 1 && strides[d] != expect) contiguous = false;
    expect *= shape[d];
  }
  /* The descriptor's layout (include/krait.h): shape in dims[0..ndim), strides in dims[ndim..2 ndim). */
  slot->array.data = v->buf;
  for (int d = 0; d < v->ndim; d++) {
    slot->array.dims[d] = shape[d];
    slot->array.dims[v->ndim + d] = strides[d];
  }
  slot->type = (KraitType){KRAIT_TY_ARRAY, (uint8_t)elem, (uint8_t)v->ndim, contiguous ? 1 : 0};
  return 0;
}

int arg_classify(const KraitApi *api, PyObject *o, ArgSlot *slot, const char *fname, int index) {
  PyTypeObject *t = Py_TYPE(o);
  slot->has_view = false;
  slot->type = (KraitType){KRAIT_TY_UNKNOWN, 0, 0, 0};
  if (t == &PyLong_Type) {
    slot->type.kind = KRAIT_TY_I64;
  } else if (t == &PyFloat_Type) {
    slot->type.kind = KRAIT_TY_F64;
  } else if (t == &PyBool_Type) {
    slot->type.kind = KRAIT_TY_BOOL;
  } else if ((slot->type.kind = (uint8_t)numpy_scalar_kind(t)) != KRAIT_TY_UNKNOWN) {
    /* a NumPy scalar */
  } else if (PyFloat_Check(o)) {
    slot->type.kind = KRAIT_TY_F64;
  } else if (PyLong_Check(o)) {
    slot->type.kind = KRAIT_TY_I64;
  } else if (PyObject_CheckBuffer(o)) {
    return classify_buffer(api, o, slot, fname, index);
  } else {
    PyErr_Format(PyExc_TypeError, "%s() argument %d: krait cannot pass a '%.100s' (expected int, float, bool, "
                 "a NumPy scalar or an array with the buffer protocol)", fname, index + 1, t->tp_name);
    return -1;
  }
  return 0;
}

void arg_release(ArgSlot *slots, int n) {
  for (int i = 0; i < n; i++)
    if (slots[i].has_view) {
      PyBuffer_Release(&slots[i].view);
      slots[i].has_view = false;
    }
}

/* ---- unboxing to the parameter's type ---- */

int arg_to_double(PyObject *o, double *out) {
  *out = PyFloat_AsDouble(o);
  return *out == -1.0 && PyErr_Occurred() ? -1 : 0;
}

int arg_to_int(PyObject *o, ArgSlot *slot, KraitType p, int64_t *out, const char *fname, int index) {
  if (p.kind == KRAIT_TY_ARRAY) {
    *out = (int64_t)(intptr_t)&slot->array;
    return 0;
  }
  if (p.kind == KRAIT_TY_BOOL) {
    int b = PyObject_IsTrue(o);
    if (b < 0) return -1;
    *out = b;
    return 0;
  }
  if (p.kind == KRAIT_TY_U64) {
    PyObject *index_obj = PyNumber_Index(o);
    if (!index_obj) return -1;
    unsigned long long u = PyLong_AsUnsignedLongLong(index_obj);
    if (u == (unsigned long long)-1 && PyErr_Occurred()) {
      /* a negative int: wraps as it does in compiled code */
      PyErr_Clear();
      long long s = PyLong_AsLongLong(index_obj);
      if (s == -1 && PyErr_Occurred()) {
        Py_DECREF(index_obj);
        PyErr_Format(PyExc_OverflowError, "%s() argument %d is out of range for uint64", fname, index + 1);
        return -1;
      }
      u = (unsigned long long)s;
    }
    Py_DECREF(index_obj);
    *out = (int64_t)u;
    return 0;
  }
  long long v;
  if (Py_IS_TYPE(o, &PyLong_Type)) {
    int overflow;
    v = PyLong_AsLongLongAndOverflow(o, &overflow);
    if (overflow) {
      PyErr_Format(PyExc_OverflowError, "%s() argument %d does not fit in krait's int (int64)", fname,
                   index + 1);
      return -1;
    }
    if (v == -1 && PyErr_Occurred()) return -1;
  } else {
    PyObject *index_obj = PyNumber_Index(o);
    if (!index_obj) return -1;
    int overflow;
    v = PyLong_AsLongLongAndOverflow(index_obj, &overflow);
    Py_DECREF(index_obj);
    if (overflow) {
      PyErr_Format(PyExc_OverflowError, "%s() argument %d does not fit in krait's int (int64)", fname,
                   index + 1);
      return -1;
    }
    if (v == -1 && PyErr_Occurred()) return -1;
  }
  static const struct { long long lo, hi; const char *name; } range[] = {
      [KRAIT_TY_I8] = {INT8_MIN, INT8_MAX, "int8"},    [KRAIT_TY_I16] = {INT16_MIN, INT16_MAX, "int16"},
      [KRAIT_TY_I32] = {INT32_MIN, INT32_MAX, "int32"}, [KRAIT_TY_U8] = {0, UINT8_MAX, "uint8"},
      [KRAIT_TY_U16] = {0, UINT16_MAX, "uint16"},       [KRAIT_TY_U32] = {0, UINT32_MAX, "uint32"},
  };
  if (p.kind != KRAIT_TY_I64 && p.kind < sizeof range / sizeof range[0] && range[p.kind].name &&
      (v < range[p.kind].lo || v > range[p.kind].hi)) {
    PyErr_Format(PyExc_OverflowError, "%s() argument %d: %lld is out of range for %s", fname, index + 1, v,
                 range[p.kind].name);
    return -1;
  }
  *out = (int64_t)v;
  return 0;
}

/* ---- results ---- */

PyObject *result_box(KraitType t, int64_t i, double d) {
  switch ((KraitTypeKind)t.kind) {
  case KRAIT_TY_NONE: Py_RETURN_NONE;
  case KRAIT_TY_BOOL: return PyBool_FromLong((uint8_t)i != 0);
  case KRAIT_TY_I8: return PyLong_FromLong((int8_t)i);
  case KRAIT_TY_I16: return PyLong_FromLong((int16_t)i);
  case KRAIT_TY_I32: return PyLong_FromLong((int32_t)i);
  case KRAIT_TY_I64: return PyLong_FromLongLong(i);
  case KRAIT_TY_U8: return PyLong_FromLong((uint8_t)i);
  case KRAIT_TY_U16: return PyLong_FromLong((uint16_t)i);
  case KRAIT_TY_U32: return PyLong_FromUnsignedLong((uint32_t)i);
  case KRAIT_TY_U64: return PyLong_FromUnsignedLongLong((uint64_t)i);
  case KRAIT_TY_F32:
  case KRAIT_TY_F64: return PyFloat_FromDouble(d);
  default: break;
  }
  PyErr_SetString(PyExc_TypeError, "krait: a compiled function returned a value Python cannot receive");
  return NULL;
}

PyObject *value_box(const KraitValue *v) {
  KraitType t = v->type;
  if (t.kind == KRAIT_TY_BOOL) return PyBool_FromLong(v->as.b);
  if (t.kind == KRAIT_TY_F32 || t.kind == KRAIT_TY_F64) return result_box(t, 0, v->as.f);
  return result_box(t, v->as.i, 0.0);
}

/* ---- errors ---- */

static PyObject *exception_type(KraitExcKind kind) {
  switch (kind) {
  case KRAIT_EXC_ARITHMETIC: return PyExc_ArithmeticError;
  case KRAIT_EXC_ASSERTION: return PyExc_AssertionError;
  case KRAIT_EXC_INDEX: return PyExc_IndexError;
  case KRAIT_EXC_KEY: return PyExc_KeyError;
  case KRAIT_EXC_LOOKUP: return PyExc_LookupError;
  case KRAIT_EXC_NOT_IMPLEMENTED: return PyExc_NotImplementedError;
  case KRAIT_EXC_OVERFLOW: return PyExc_OverflowError;
  case KRAIT_EXC_RUNTIME: return PyExc_RuntimeError;
  case KRAIT_EXC_TYPE: return PyExc_TypeError;
  case KRAIT_EXC_UNBOUND_LOCAL: return PyExc_UnboundLocalError;
  case KRAIT_EXC_VALUE: return PyExc_ValueError;
  case KRAIT_EXC_ZERO_DIVISION: return PyExc_ZeroDivisionError;
  case KRAIT_EXC_RECURSION: return PyExc_RecursionError;
  case KRAIT_EXC_MEMORY: return PyExc_MemoryError;
  default: return PyExc_Exception;
  }
}

/* "integer division or modulo by zero (kernels.py, line 9)": the message, then where compiled code
 * raised; the exception also carries krait_location = (file, line, function). */
PyObject *raise_krait_error(const KraitApi *api) {
  const KraitError *e = api->last_error();
  PyObject *type = exception_type(e->kind);
  const char *base = strrchr(e->file, '/');
  base = base ? base + 1 : e->file;
  PyObject *msg;
  if (!e->file[0])
    msg = PyUnicode_FromString(e->message);
  else if (e->message[0])
    msg = PyUnicode_FromFormat("%s (%s, line %d)", e->message, base, e->line);
  else
    msg = PyUnicode_FromFormat("(%s, line %d)", base, e->line);
  if (!msg) return NULL;
  PyObject *exc = PyObject_CallOneArg(type, msg);
  Py_DECREF(msg);
  if (!exc) return NULL;
  PyObject *where = Py_BuildValue("(sis)", e->file, e->line, e->function);
  if (where) {
    PyObject_SetAttrString(exc, "krait_location", where);
    Py_DECREF(where);
  }
  PyErr_Clear();
  PyErr_SetObject(type, exc);
  Py_DECREF(exc);
  api->clear_error();
  return NULL;
}
