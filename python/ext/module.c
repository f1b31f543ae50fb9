/* module.c: the extension module krait._krait: its types (Runtime, Module, Dispatcher). It loads
 * nothing heavy: the compiler library is loaded when the krait package makes its first Runtime. */
#include "krait_ext.h"

static int add_type(PyObject *mod, PyType_Spec *spec) {
  PyObject *type = PyType_FromModuleAndSpec(mod, spec, NULL);
  if (!type) return -1;
  int rc = PyModule_AddType(mod, (PyTypeObject *)type);
  Py_DECREF(type);
  return rc;
}

static int krait_exec(PyObject *mod) {
  if (add_type(mod, &runtime_spec) < 0 || add_type(mod, &module_spec) < 0 || add_type(mod, &dispatcher_spec) < 0)
    return -1;
  if (PyModule_AddStringConstant(mod, "version", KRAIT_VERSION) < 0) return -1;
  return PyModule_AddIntConstant(mod, "MAX_ARGS", EXT_MAX_ARGS);
}

static PyModuleDef_Slot krait_slots[] = {
    {Py_mod_exec, krait_exec},
    {0, NULL},
};

static struct PyModuleDef krait_module = {
    PyModuleDef_HEAD_INIT, "krait._krait", "The C side of krait: dispatch to compiled code.", 0, NULL, krait_slots,
    NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__krait(void);
PyMODINIT_FUNC PyInit__krait(void) { return PyModuleDef_Init(&krait_module); }
