/* array.c: array descriptors for the C API (krait_array_init, krait_type_itemsize), the IndexError
 * helper compiled code calls, and which array parameters a specialization may write. */
#include "runtime.h"

#include <inttypes.h>
#include <stdio.h>

int krait_array_init(KraitArray *a, void *data, int ndim, const int64_t *shape, const int64_t *strides,
                     size_t itemsize) {
  if (!a || ndim < 1 || ndim > KRAIT_MAX_NDIM || !shape) return -1;
  for (int k = 0; k < ndim; k++)
    if (shape[k] < 0) return -1;
  a->data = data;
  for (int k = 0; k < 2 * KRAIT_MAX_NDIM; k++) a->dims[k] = 0;
  int64_t step = (int64_t)itemsize;
  for (int k = ndim - 1; k >= 0; k--) {
    a->dims[k] = shape[k];
    a->dims[ndim + k] = strides ? strides[k] : step;
    step *= shape[k] > 0 ? shape[k] : 1;
  }
  return 0;
}

size_t krait_type_itemsize(KraitTypeKind kind) {
  return kind == KRAIT_TY_ARRAY ? 0 : type_itemsize((TypeKind)kind);
}

bool array_is_c_contiguous(const KraitArray *a, int ndim, size_t itemsize) {
  /* An array with no elements is contiguous whatever its strides say (NumPy agrees). */
  for (int k = 0; k < ndim; k++)
    if (a->dims[k] == 0) return true;
  int64_t step = (int64_t)itemsize;
  for (int k = ndim - 1; k >= 0; k--) {
    if (a->dims[k] > 1 && a->dims[ndim + k] != step) return false;
    step *= a->dims[k];
  }
  return true;
}

void krait_rt_raise_index(int64_t index, int64_t axis, int64_t size, const char *file, int32_t line,
                          const char *function) {
  char msg[160];
  snprintf(msg, sizeof msg, "index %" PRId64 " is out of bounds for axis %" PRId64 " with size %" PRId64, index,
           axis, size);
  krait_rt_raise(KRAIT_EXC_INDEX, msg, file, line, function);
}

bool krait_function_writes_param(const KraitFunction *f, int i) {
  return f && i >= 0 && i < f->nparams && i < 64 && (f->writes_params >> i & 1);
}
