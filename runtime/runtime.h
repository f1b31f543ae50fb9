/* runtime.h: the last stage. The compile driver (the pipeline, in one function), specializations
 * per signature, calls through libffi, the error records and the helpers compiled code calls.
 * The public face of all this is include/krait.h. */
#ifndef KRAIT_RUNTIME_H
#define KRAIT_RUNTIME_H

#include "../backend/backend.h"

/* ---- error.c: the thread-local error record and the helpers compiled code calls ---- */
void krait_rt_raise(int32_t kind, const char *msg, const char *file, int32_t line, const char *function);
double krait_rt_round_float(double x, int64_t ndigits);
int64_t krait_rt_round_int(int64_t x, int64_t ndigits);
/* The {name, address} table handed to jit_new. */
const JitSymbol *runtime_symbols(int *count);

/* ---- repr.c: Python's repr of floats (shortest round-trip) and ints ---- */
void repr_float(double x, char *buf, size_t size);

#endif
