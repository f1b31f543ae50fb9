/* type.c: the type lattice of krait: names, predicates, Python promotion and NumPy 2 (NEP 50)
 * promotion of sized and strong scalars, and unification. */
#include "ir.h"

#include <stdio.h>

_Static_assert((int)TY_F64 == (int)KRAIT_TY_F64 && (int)TY_ARRAY == (int)KRAIT_TY_ARRAY &&
                   (int)TY_BOOL == (int)KRAIT_TY_BOOL && (int)TY_NONE == (int)KRAIT_TY_NONE,
               "TypeKind must match KraitTypeKind");
_Static_assert(sizeof(Type) == sizeof(KraitType), "Type must match KraitType");

bool type_eq(Type a, Type b) {
  return a.kind == b.kind && a.elem == b.elem && a.ndim == b.ndim && a.layout == b.layout;
}

bool type_is_int(Type t) { return t.kind >= TY_I8 && t.kind <= TY_U64; }
bool type_is_float(Type t) { return t.kind == TY_F32 || t.kind == TY_F64; }
bool type_is_numeric(Type t) { return t.kind == TY_BOOL || type_is_int(t) || type_is_float(t); }
bool type_is_unsigned(Type t) { return t.kind >= TY_U8 && t.kind <= TY_U64; }
bool type_is_array(Type t) { return t.kind == TY_ARRAY; }

bool type_is_strong(Type t) {
  if (!type_is_numeric(t)) return false;
  if (t.kind == TY_I64 || t.kind == TY_F64 || t.kind == TY_BOOL) return t.elem == TYPE_STRONG;
  return true;
}

Type type_strong(TypeKind k) {
  Type t = type_of(k);
  if (k == TY_I64 || k == TY_F64 || k == TY_BOOL) t.elem = TYPE_STRONG;
  return t;
}

Type type_ir(Type t) {
  if (t.kind != TY_ARRAY) t.elem = 0;
  return t;
}

Type type_elem(Type array) { return type_strong((TypeKind)array.elem); }

Type type_array(TypeKind elem, int ndim, ArrayLayout layout) {
  Type t = {TY_ARRAY, (uint8_t)elem, (uint8_t)ndim, (uint8_t)layout};
  return t;
}

int type_int_bits(Type t) {
  switch ((TypeKind)t.kind) {
  case TY_BOOL: return 1;
  case TY_I8: case TY_U8: return 8;
  case TY_I16: case TY_U16: return 16;
  case TY_I32: case TY_U32: return 32;
  case TY_I64: case TY_U64: return 64;
  default: return 0;
  }
}

size_t type_itemsize(TypeKind k) {
  switch (k) {
  case TY_BOOL: case TY_I8: case TY_U8: return 1;
  case TY_I16: case TY_U16: return 2;
  case TY_I32: case TY_U32: case TY_F32: return 4;
  case TY_I64: case TY_U64: case TY_F64: return 8;
  default: return 0;
  }
}

static const char *const scalar_names[] = {
    [TY_UNKNOWN] = "unknown", [TY_NONE] = "None", [TY_BOOL] = "bool", [TY_I8] = "i8",
    [TY_I16] = "i16",         [TY_I32] = "i32",   [TY_I64] = "int",   [TY_U8] = "u8",
    [TY_U16] = "u16",         [TY_U32] = "u32",   [TY_U64] = "u64",   [TY_F32] = "f32",
    [TY_F64] = "float",
};

const char *type_name(Type t, char buf[static 32]) {
  if (t.kind != TY_ARRAY) {
    /* A NumPy int64 or float64 scalar reads as its sized name. */
    const char *name = t.kind < TY_ARRAY ? scalar_names[t.kind] : "?";
    if (t.elem == TYPE_STRONG && t.kind == TY_I64) name = "i64";
    if (t.elem == TYPE_STRONG && t.kind == TY_F64) name = "f64";
    snprintf(buf, 32, "%s", name);
    return buf;
  }
  /* Arrays spell their element with the sized name: f64[:, ::1]. */
  const char *elem = t.elem == TY_I64 ? "i64" : t.elem == TY_F64 ? "f64" : t.elem < TY_ARRAY ? scalar_names[t.elem] : "?";
  int n = snprintf(buf, 32, "%s[", elem);
  for (int i = 0; i < t.ndim && n < 24; i++) {
    bool last = i == t.ndim - 1;
    n += snprintf(buf + n, (size_t)(32 - n), "%s%s", i ? ", " : "",
                  last && t.layout == LAYOUT_C ? "::1" : ":");
  }
  snprintf(buf + n, (size_t)(32 - n), "]");
  return buf;
}

static TypeKind int_kind(bool is_unsigned, int bits) {
  switch (bits) {
  case 8: return is_unsigned ? TY_U8 : TY_I8;
  case 16: return is_unsigned ? TY_U16 : TY_I16;
  case 32: return is_unsigned ? TY_U32 : TY_I32;
  default: return is_unsigned ? TY_U64 : TY_I64;
  }
}

/* NumPy's promotion of two strong scalar types (numpy.promote_types). */
static Type promote_strong(Type a, Type b) {
  if (a.kind == b.kind) return type_strong((TypeKind)a.kind);
  if (a.kind == TY_BOOL) return type_strong((TypeKind)b.kind);
  if (b.kind == TY_BOOL) return type_strong((TypeKind)a.kind);
  if (type_is_float(a) && type_is_float(b)) return type_strong(TY_F64); /* f32 with f64 */
  if (type_is_float(a) || type_is_float(b)) {
    Type f = type_is_float(a) ? a : b, i = type_is_float(a) ? b : a;
    /* f32 holds every i8, u8, i16 and u16 exactly; wider integers need f64. */
    if (f.kind == TY_F32 && type_int_bits(i) <= 16) return type_strong(TY_F32);
    return type_strong(TY_F64);
  }
  int ba = type_int_bits(a), bb = type_int_bits(b);
  bool ua = type_is_unsigned(a), ub = type_is_unsigned(b);
  if (ua == ub) return type_strong(int_kind(ua, ba > bb ? ba : bb));
  int bu = ua ? ba : bb, bs = ua ? bb : ba;
  if (bs > bu) return type_strong(int_kind(false, bs));
  if (bu < 64) return type_strong(int_kind(false, 2 * bu));
  return type_strong(TY_F64); /* u64 with any signed integer */
}

Type type_promote(Type a, Type b) {
  if (!type_is_numeric(a) || !type_is_numeric(b)) return TYPE_UNKNOWN;
  bool sa = type_is_strong(a), sb = type_is_strong(b);
  if (!sa && !sb) {
    if (type_is_float(a) || type_is_float(b)) return TYPE_FLOAT;
    return TYPE_INT; /* bool op bool, bool op int, int op int: Python int */
  }
  if (sa && sb) return promote_strong(a, b);
  /* NEP 50: the Python scalar w is weak and takes the kind of the strong operand s when it can. */
  Type w = sa ? b : a, s = sa ? a : b;
  if (s.kind == TY_BOOL) return type_strong(w.kind == TY_BOOL ? TY_BOOL : (TypeKind)w.kind);
  if (w.kind == TY_F64 && type_is_int(s)) return type_strong(TY_F64);
  return type_strong((TypeKind)s.kind);
}

/* A C-contiguous array is also a strided one: its descriptor holds its real strides. */
static bool array_relaxes_to(Type from, Type to) {
  return type_is_array(from) && type_is_array(to) && from.elem == to.elem && from.ndim == to.ndim &&
         to.layout == LAYOUT_ANY;
}

Type type_unify(Type a, Type b, bool *conflict) {
  *conflict = false;
  if (a.kind == TY_UNKNOWN) return b;
  if (b.kind == TY_UNKNOWN) return a;
  if (type_eq(a, b)) return a;
  if (array_relaxes_to(a, type_array((TypeKind)b.elem, b.ndim, LAYOUT_ANY)))
    return type_array((TypeKind)a.elem, a.ndim, LAYOUT_ANY); /* a row of a C array, then a strided one */
  if (type_is_numeric(a) && type_is_numeric(b)) {
    if (a.kind == TY_BOOL && b.kind == TY_BOOL) return type_strong(TY_BOOL);
    if (a.kind != TY_BOOL && b.kind != TY_BOOL) {
      if (!type_is_strong(a) && !type_is_strong(b)) return TYPE_FLOAT; /* int and float */
      return type_promote(a, b);
    }
  }
  *conflict = true;
  return TYPE_UNKNOWN;
}

bool type_converts_implicitly(Type from, Type to) {
  if (type_is_float(to)) return type_is_numeric(from);
  if (type_is_int(to)) return type_is_int(from) || from.kind == TY_BOOL;
  if (to.kind == TY_BOOL) return from.kind == TY_BOOL;
  return type_eq(from, to) || array_relaxes_to(from, to);
}
