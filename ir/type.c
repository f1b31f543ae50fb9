/* type.c: the type lattice of krait: names, predicates, Python promotion and unification. */
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

static const char *const scalar_names[] = {
    [TY_UNKNOWN] = "unknown", [TY_NONE] = "None", [TY_BOOL] = "bool", [TY_I8] = "i8",
    [TY_I16] = "i16",         [TY_I32] = "i32",   [TY_I64] = "int",   [TY_U8] = "u8",
    [TY_U16] = "u16",         [TY_U32] = "u32",   [TY_U64] = "u64",   [TY_F32] = "f32",
    [TY_F64] = "float",
};

const char *type_name(Type t, char buf[static 32]) {
  if (t.kind != TY_ARRAY) {
    snprintf(buf, 32, "%s", t.kind < TY_ARRAY ? scalar_names[t.kind] : "?");
    return buf;
  }
  /* Arrays spell their element with the sized name: f64[:, ::1]. */
  const char *elem = t.elem == TY_I64 ? "i64" : t.elem == TY_F64 ? "f64" : scalar_names[t.elem];
  int n = snprintf(buf, 32, "%s[", elem);
  for (int i = 0; i < t.ndim && n < 24; i++) {
    bool last = i == t.ndim - 1;
    n += snprintf(buf + n, (size_t)(32 - n), "%s%s", i ? ", " : "",
                  last && t.layout == LAYOUT_C ? "::1" : ":");
  }
  snprintf(buf + n, (size_t)(32 - n), "]");
  return buf;
}

Type type_promote(Type a, Type b) {
  if (!type_is_numeric(a) || !type_is_numeric(b)) return TYPE_UNKNOWN;
  if (type_is_float(a) || type_is_float(b)) return TYPE_FLOAT;
  return TYPE_INT; /* bool op bool, bool op int, int op int: Python int */
}

Type type_unify(Type a, Type b, bool *conflict) {
  *conflict = false;
  if (a.kind == TY_UNKNOWN) return b;
  if (b.kind == TY_UNKNOWN) return a;
  if (type_eq(a, b)) return a;
  if ((a.kind == TY_I64 && b.kind == TY_F64) || (a.kind == TY_F64 && b.kind == TY_I64)) return TYPE_FLOAT;
  *conflict = true;
  return TYPE_UNKNOWN;
}
