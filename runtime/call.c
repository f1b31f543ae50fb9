/* call.c: specializations (KraitFunction), looked up by name and argument types and compiled on
 * first use, and calls to them through libffi with one prepared ffi_cif each. */
#include "runtime.h"

#include <string.h>

/* The C type of a value of type t in the native calling convention (include/krait.h). */
static ffi_type *ffi_type_of(Type t) {
  switch ((TypeKind)t.kind) {
  case TY_BOOL: return &ffi_type_uint8;
  case TY_I8: return &ffi_type_sint8;
  case TY_I16: return &ffi_type_sint16;
  case TY_I32: return &ffi_type_sint32;
  case TY_I64: return &ffi_type_sint64;
  case TY_U8: return &ffi_type_uint8;
  case TY_U16: return &ffi_type_uint16;
  case TY_U32: return &ffi_type_uint32;
  case TY_U64: return &ffi_type_uint64;
  case TY_F32: return &ffi_type_float;
  case TY_F64: return &ffi_type_double;
  case TY_ARRAY: return &ffi_type_pointer; /* a pointer to the array's descriptor */
  case TY_UNKNOWN:
  case TY_NONE: return NULL;
  }
  return NULL;
}

static KraitType krait_type_of(Type t) { return (KraitType){t.kind, t.elem, t.ndim, t.layout}; }

KraitFunction *function_new(KraitModule *m, const char *name, const Type *params, int nparams, Type ret,
                            int def_line, void *native, uint64_t tracker, DiagList *d) {
  static const Span no_span = {-1, -1};
  KraitFunction *f = kr_alloc(sizeof *f);
  f->module = m;
  f->name = kr_strdup(name);
  f->nparams = nparams;
  f->params = kr_alloc(sizeof(KraitType) * (size_t)(nparams ? nparams : 1));
  f->ret = krait_type_of(ret);
  f->def_line = def_line;
  f->native = native;
  f->ffi_args = kr_alloc(sizeof(ffi_type *) * (size_t)(nparams + 1));
  char tname[32];
  for (int i = 0; i < nparams; i++) {
    f->params[i] = krait_type_of(params[i]);
    f->ffi_args[i] = ffi_type_of(params[i]);
    if (!f->ffi_args[i]) {
      diag_error(d, &m->src, no_span, "parameter %d of '%s' has type '%s', which has no native form", i + 1,
                 name, type_name(params[i], tname));
      function_free(f);
      return NULL;
    }
  }
  int nffi = nparams;
  if (ret.kind != TY_NONE) f->ffi_args[nffi++] = &ffi_type_pointer; /* R *out */
  if (ffi_prep_cif(&f->cif, FFI_DEFAULT_ABI, (unsigned)nffi, &ffi_type_sint32, f->ffi_args) != FFI_OK) {
    diag_error(d, &m->src, no_span, "internal error: libffi cannot describe the signature of '%s'", name);
    function_free(f);
    return NULL;
  }
  f->tracker = tracker; /* only now: a failed function_new leaves the code to the caller */
  return f;
}

void function_free(KraitFunction *f) {
  if (!f) return;
  if (f->tracker) linker_remove(f->module->rt->linker, f->tracker);
  kr_free(f->name);
  kr_free(f->params);
  kr_free(f->ffi_args);
  kr_free(f);
}

/* ---- lookup ---- */

static KraitFunction *find_specialization(KraitModule *m, const char *name, const Type *types, int n) {
  for (int i = 0; i < m->nfuncs; i++) {
    KraitFunction *f = m->funcs[i];
    if (f->nparams != n || strcmp(f->name, name) != 0) continue;
    bool same = true;
    for (int k = 0; k < n && same; k++)
      same = type_eq((Type){f->params[k].kind, f->params[k].elem, f->params[k].ndim, f->params[k].layout},
                     types[k]);
    if (same) return f;
  }
  return NULL;
}

KraitFunction *krait_lookup(KraitModule *m, const char *name, const KraitType *args, int nargs) {
  DiagList d = {0};
  KraitFunction *f = NULL;
  Type types[MAX_PARAMS];
  if (!name || nargs < 0 || nargs > MAX_PARAMS || (nargs > 0 && !args)) {
    diag_error(&d, &m->src, (Span){-1, -1}, "bad lookup of '%s' with %d arguments", name ? name : "", nargs);
  } else if (module_specialization_types(m, name, args, nargs, types, &d)) {
    f = find_specialization(m, name, types, nargs);
    if (!f) {
      f = compile_specialization(m, name, types, nargs, DUMP_NONE, NULL, &d);
      if (f) {
        if (m->nfuncs == m->funcs_cap) {
          m->funcs_cap = m->funcs_cap ? m->funcs_cap * 2 : 8;
          m->funcs = kr_realloc(m->funcs, sizeof(KraitFunction *) * (size_t)m->funcs_cap);
        }
        m->funcs[m->nfuncs++] = f;
      }
    }
  }
  module_take_diags(m, &d);
  return f;
}

KraitType krait_function_return_type(const KraitFunction *f) { return f->ret; }
int krait_function_arity(const KraitFunction *f) { return f->nparams; }
KraitType krait_function_param_type(const KraitFunction *f, int i) {
  return i >= 0 && i < f->nparams ? f->params[i] : KRAIT_NONE;
}
void *krait_function_pointer(const KraitFunction *f) { return f->native; }

/* Decided from the IR when the specialization was made (compile_specialization), cached or not. */
bool krait_function_runs_briefly(KraitFunction *f) { return f->brief; }

/* ---- calls ---- */

/* One argument or result in its native form. */
typedef union NativeValue {
  uint8_t u8;
  uint16_t u16;
  uint32_t u32;
  uint64_t u64;
  int8_t i8;
  int16_t i16;
  int32_t i32;
  int64_t i64;
  float f32;
  double f64;
  void *ptr;
} NativeValue;

static int raise_type_error(const KraitFunction *f, KraitExcKind kind, const char *msg) {
  krait_rt_raise(kind, msg, f->module->src.name, f->def_line, f->name);
  return -1;
}

static bool is_int_kind(int k) { return k >= KRAIT_TY_I8 && k <= KRAIT_TY_U64; }

/* Converts argument i as Python would: bool to int or float, int to float; anything else that
 * does not match is a TypeError (an int out of a sized parameter's range: OverflowError). */
static int convert_arg(const KraitFunction *f, int i, const KraitValue *v, NativeValue *out) {
  KraitType p = f->params[i];
  int from = v->type.kind;
  char want[32], got[32], msg[160];
  bool is_int = is_int_kind(from) || from == KRAIT_TY_BOOL;
  int64_t iv = from == KRAIT_TY_BOOL ? (int64_t)v->as.b : v->as.i;
  bool ok = true;
  switch ((KraitTypeKind)p.kind) {
  case KRAIT_TY_BOOL:
    ok = from == KRAIT_TY_BOOL;
    out->u8 = ok && v->as.b;
    break;
  case KRAIT_TY_I64: ok = is_int; out->i64 = iv; break;
  case KRAIT_TY_U64: ok = is_int; out->u64 = (uint64_t)iv; break;
  case KRAIT_TY_I8:
  case KRAIT_TY_I16:
  case KRAIT_TY_I32:
  case KRAIT_TY_U8:
  case KRAIT_TY_U16:
  case KRAIT_TY_U32: {
    ok = is_int;
    if (!ok) break;
    static const struct { int64_t lo, hi; } range[] = {
        [KRAIT_TY_I8] = {INT8_MIN, INT8_MAX},   [KRAIT_TY_I16] = {INT16_MIN, INT16_MAX},
        [KRAIT_TY_I32] = {INT32_MIN, INT32_MAX}, [KRAIT_TY_U8] = {0, UINT8_MAX},
        [KRAIT_TY_U16] = {0, UINT16_MAX},        [KRAIT_TY_U32] = {0, UINT32_MAX},
    };
    if (iv < range[p.kind].lo || iv > range[p.kind].hi) {
      snprintf(msg, sizeof msg, "%s() argument %d: %lld is out of range for %s", f->name, i + 1, (long long)iv,
               krait_type_name(p, want, sizeof want));
      return raise_type_error(f, KRAIT_EXC_OVERFLOW, msg);
    }
    if (p.kind == KRAIT_TY_I8) out->i8 = (int8_t)iv;
    if (p.kind == KRAIT_TY_I16) out->i16 = (int16_t)iv;
    if (p.kind == KRAIT_TY_I32) out->i32 = (int32_t)iv;
    if (p.kind == KRAIT_TY_U8) out->u8 = (uint8_t)iv;
    if (p.kind == KRAIT_TY_U16) out->u16 = (uint16_t)iv;
    if (p.kind == KRAIT_TY_U32) out->u32 = (uint32_t)iv;
    break;
  }
  case KRAIT_TY_F32:
  case KRAIT_TY_F64: {
    double x;
    if (from == KRAIT_TY_F64 || from == KRAIT_TY_F32)
      x = v->as.f;
    else if (from == KRAIT_TY_U64)
      x = (double)(uint64_t)v->as.i;
    else if (is_int)
      x = (double)iv;
    else {
      ok = false;
      break;
    }
    if (p.kind == KRAIT_TY_F32)
      out->f32 = (float)x;
    else
      out->f64 = x;
    break;
  }
  case KRAIT_TY_ARRAY: {
    /* The descriptor itself is what compiled code receives (a pointer to it). */
    const KraitArray *a = v->as.array;
    ok = from == KRAIT_TY_ARRAY && v->type.elem == p.elem && v->type.ndim == p.ndim && a;
    if (ok && p.layout == 1 && !array_is_c_contiguous(a, p.ndim, krait_type_itemsize((KraitTypeKind)p.elem))) {
      snprintf(msg, sizeof msg, "%s() argument %d must be a C-contiguous array (%s)", f->name, i + 1,
               krait_type_name(p, want, sizeof want));
      return raise_type_error(f, KRAIT_EXC_TYPE, msg);
    }
    for (int k = 0; ok && k < p.ndim; k++) {
      if (a->dims[k] < 0) {
        snprintf(msg, sizeof msg, "%s() argument %d: negative dimension %lld", f->name, i + 1, (long long)a->dims[k]);
        return raise_type_error(f, KRAIT_EXC_VALUE, msg);
      }
    }
    out->ptr = (void *)(uintptr_t)a;
    break;
  }
  default:
    snprintf(msg, sizeof msg, "%s() argument %d: krait_call cannot pass a value of type %s", f->name, i + 1,
             krait_type_name(p, want, sizeof want));
    return raise_type_error(f, KRAIT_EXC_TYPE, msg);
  }
  if (ok) return 0;
  snprintf(msg, sizeof msg, "%s() argument %d must be %s, not %s", f->name, i + 1,
           krait_type_name(p, want, sizeof want), krait_type_name(v->type, got, sizeof got));
  return raise_type_error(f, KRAIT_EXC_TYPE, msg);
}

static void result_to_value(KraitType t, const NativeValue *r, KraitValue *out) {
  out->type = t;
  out->as.i = 0;
  switch ((KraitTypeKind)t.kind) {
  case KRAIT_TY_BOOL: out->as.b = r->u8 != 0; break;
  case KRAIT_TY_I8: out->as.i = r->i8; break;
  case KRAIT_TY_I16: out->as.i = r->i16; break;
  case KRAIT_TY_I32: out->as.i = r->i32; break;
  case KRAIT_TY_I64: out->as.i = r->i64; break;
  case KRAIT_TY_U8: out->as.i = r->u8; break;
  case KRAIT_TY_U16: out->as.i = r->u16; break;
  case KRAIT_TY_U32: out->as.i = r->u32; break;
  case KRAIT_TY_U64: out->as.i = (int64_t)r->u64; break;
  case KRAIT_TY_F32: out->as.f = r->f32; break;
  case KRAIT_TY_F64: out->as.f = r->f64; break;
  default: break;
  }
}

/* void * to a function pointer: ISO C has no direct conversion, uintptr_t bridges the two. */
static void (*entry_of(const KraitFunction *f))(void) { return (void (*)(void))(uintptr_t)f->native; }

int krait_call(KraitFunction *f, const KraitValue *args, int nargs, KraitValue *result) {
  if (nargs != f->nparams) {
    char msg[160];
    snprintf(msg, sizeof msg, "%s() takes %d positional argument%s but %d %s given", f->name, f->nparams,
             f->nparams == 1 ? "" : "s", nargs, nargs == 1 ? "was" : "were");
    return raise_type_error(f, KRAIT_EXC_TYPE, msg);
  }
  NativeValue slots[MAX_PARAMS];
  void *values[MAX_PARAMS + 1];
  for (int i = 0; i < nargs; i++) {
    if (convert_arg(f, i, &args[i], &slots[i]) != 0) return -1;
    values[i] = &slots[i];
  }
  NativeValue ret = {0};
  void *out = &ret;
  if (f->ret.kind != KRAIT_TY_NONE) values[nargs] = &out;
  ffi_arg status = 0;
  ffi_call(&f->cif, entry_of(f), &status, values);
  if ((int32_t)status != 0) return 1;
  if (result) result_to_value(f->ret, &ret, result);
  return 0;
}
