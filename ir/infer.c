/* infer.c: type inference. Specializations are memoized per (function, parameter types); the
 * types of locals and returns are found by walking every specialization's body (the lowering code
 * in inference mode) until nothing changes. Types only grow (unknown < int < float; bool alone),
 * so the iteration ends. Conflicts are reported by the final lowering, at the second binding.
 *
 * Requires: parsed functions (FuncInfo). Produces: Spec.locals[i].type, Spec.ret, and the set of
 * locals that need an "is assigned" flag. */
#include "ir_internal.h"

#include <string.h>

/* The symbol-friendly spelling of a type: i64, f64, bool, i32, ...; arrays: the element, "a" and
 * the number of dimensions, "c" when C-contiguous (f64a1c is f64[::1], i32a2 is i32[:, :]). */
static const char *symbol_type(Arena *a, Type t) {
  static const char *const names[] = {
      [TY_BOOL] = "bool", [TY_I8] = "i8",   [TY_I16] = "i16", [TY_I32] = "i32", [TY_I64] = "i64",
      [TY_U8] = "u8",     [TY_U16] = "u16", [TY_U32] = "u32", [TY_U64] = "u64", [TY_F32] = "f32",
      [TY_F64] = "f64",
  };
  if (type_is_numeric(t)) return names[t.kind];
  if (type_is_array(t) && type_is_numeric(type_of((TypeKind)t.elem)))
    return arena_printf(a, "%sa%d%s", names[t.elem], t.ndim, t.layout == LAYOUT_C ? "c" : "");
  return "x";
}

Spec *spec_get(Build *b, ModuleFunc *mf, const Type *args, int nargs, Span call, bool report) {
  FuncInfo *info = func_info_get(b, mf);
  if (!info->ok) return NULL; /* reported once when the function was read */
  if (nargs != info->nparams) {
    if (report)
      diag_error(b->d, b->src, call, "%s() takes %d argument%s but %d %s given", mf->name, info->nparams,
                 info->nparams == 1 ? "" : "s", nargs, nargs == 1 ? "was" : "were");
    return NULL;
  }
  Type *params = arena_array(b->arena, Type, nargs > 0 ? nargs : 1);
  for (int i = 0; i < nargs; i++) {
    const LocalDecl *l = &info->locals.data[i];
    params[i] = l->declared ? l->decl_type : type_ir(args[i]); /* NumPy scalars pass as Python's */
  }
  for (int i = 0; i < b->specs.len; i++) {
    Spec *s = b->specs.data[i];
    if (s->info != info) continue;
    bool same = true;
    for (int j = 0; j < nargs && same; j++) same = type_eq(s->params[j], params[j]);
    if (same) return s;
  }
  Spec *s = arena_new(b->arena, Spec);
  s->info = info;
  s->name = mf->name;
  s->params = params;
  s->nparams = nargs;
  s->ret_declared = info->ret_decl.kind != TY_UNKNOWN;
  s->ret = info->ret_decl;
  s->func_index = -1;
  s->locals = arena_array(b->arena, LocalInfo, info->locals.len > 0 ? info->locals.len : 1);
  for (int i = 0; i < info->locals.len; i++) {
    const LocalDecl *l = &info->locals.data[i];
    LocalInfo *li = &s->locals[i];
    li->decl = l;
    li->type = l->declared ? l->decl_type : l->is_param ? params[i] : TYPE_UNKNOWN;
    li->bind_span = l->declared ? l->decl_span : l->span;
  }
  vec_push(b->arena, &b->specs, s);
  b->changed = true;
  /* Walk a new callee at once, so that a chain of calls is inferred in one pass (bounded, so
   * that a deep chain cannot exhaust the stack; the rest waits for the next pass). */
  if (b->inferring && b->infer_depth < 64) {
    b->infer_depth++;
    lower_spec(b, s, false);
    b->infer_depth--;
  }
  return s;
}

const char *spec_symbol(Build *b, const Spec *s) {
  StrBuf sb = {0};
  strbuf_printf(&sb, "%s$", s->name);
  for (int i = 0; i < s->nparams; i++) strbuf_printf(&sb, "%s%s", i ? "." : "", symbol_type(b->arena, s->params[i]));
  char *sym = arena_strdup(b->arena, sb.data);
  strbuf_free(&sb);
  return sym;
}

bool infer_all(Build *b) {
  b->inferring = true;
  for (int iter = 0;; iter++) {
    b->changed = false;
    /* Newest first: callees are created after their callers, so their return types reach the
     * callers in the same pass. Specializations created during the pass wait for the next. */
    for (int i = b->specs.len - 1; i >= 0; i--) lower_spec(b, b->specs.data[i], false);
    if (!b->changed) break;
    /* Types only grow and specializations are finite, so this is a bug guard. */
    kr_assert(iter < 10000);
  }
  b->inferring = false;
  return true;
}

static int line_of(const Source *src, Span sp) {
  int line, col;
  source_line_col(src, sp.start, &line, &col);
  return line;
}

/* The value of v when it is a Python int constant (`0`, `-1`, a module constant): the value's
 * instruction in the current block is a const, or the negation of one. */
static bool const_int_value(Lower *L, Val v, int64_t *out) {
  if (v.type.kind != TY_I64 || type_is_strong(v.type)) return false;
  const IrInstVec *insts = &L->cur->insts;
  bool negate = false;
  for (int k = insts->len - 1; k >= 0 && k >= insts->len - 4; k--) {
    const IrInst *i = &insts->data[k];
    if (i->id != v.id) continue;
    if (i->op == IR_INEG && !negate) {
      negate = true;
      v.id = i->a;
      continue;
    }
    if (i->op != IR_CONST) return false;
    *out = negate ? (int64_t)(0 - (uint64_t)i->imm.i) : i->imm.i;
    return true;
  }
  return false;
}

/* The type of a local that holds Python int constants (all in [lo, hi]) and NumPy integers of
 * kind t: t when the constants fit it (`best = 0` then `best = a[i]` over u64: u64), else the
 * type NumPy gives an int64 and a t together (`best = -1` with u32 elements: int64; with u64
 * elements: float64), so that every value the local holds keeps its value. */
static Type widen_for_consts(Type t, int64_t lo, int64_t hi) {
  if (!type_is_int(t) || !type_is_strong(t)) return t;
  int bits = type_int_bits(t);
  bool fits;
  if (type_is_unsigned(t)) fits = lo >= 0 && (bits == 64 || hi < ((int64_t)1 << bits));
  else fits = bits == 64 || (lo >= -((int64_t)1 << (bits - 1)) && hi < ((int64_t)1 << (bits - 1)));
  if (fits) return t;
  return t.kind == TY_U64 ? type_strong(TY_F64) : type_strong(TY_I64);
}

/* Records v in [*lo, *hi] when it is a Python int constant. */
static void note_int_const(Lower *L, Val v, bool *has, int64_t *lo, int64_t *hi) {
  int64_t c;
  if (!const_int_value(L, v, &c)) return;
  *lo = *has && *lo < c ? *lo : c;
  *hi = *has && *hi > c ? *hi : c;
  *has = true;
}

void bind_local(Lower *L, int index, Val v, Span target, Span value) {
  Spec *s = L->s;
  LocalInfo *li = &s->locals[index];
  const LocalDecl *ld = li->decl;
  if (!L->final) {
    if (is_known(v) && (type_is_numeric(v.type) || type_is_array(v.type)) && !ld->declared) {
      note_int_const(L, v, &li->has_int_consts, &li->int_lo, &li->int_hi);
      bool conflict;
      Type t = type_unify(li->type, v.type, &conflict);
      if (!conflict && li->has_int_consts) t = widen_for_consts(t, li->int_lo, li->int_hi);
      if (!conflict && !type_eq(t, li->type)) {
        li->type = t;
        li->bind_span = target;
        L->b->changed = true;
      }
    }
  } else if (is_known(v)) {
    char b1[32], b2[32];
    bool conflict = true;
    bool storable = type_is_numeric(v.type) || type_is_array(v.type);
    Type t = storable ? type_unify(li->type, v.type, &conflict) : TYPE_UNKNOWN;
    if (ld->declared && type_converts_implicitly(v.type, li->type)) {
      conflict = false; /* x: float = f32 element: the declared type rules */
      t = li->type;
    }
    if (!storable) {
      lx_error(L, value, "cannot assign a value of type %s to '%s'", type_name(v.type, b1), ld->name);
    } else if (conflict || !type_eq(t, li->type)) {
      if (ld->declared) {
        lx_error(L, value, "cannot assign %s to '%s', declared %s", type_name(v.type, b1), ld->name,
                 type_name(li->type, b2));
        lx_note(L, ld->decl_span, "'%s' is declared here", ld->name);
      } else {
        lx_error(L, target, "conflicting types for '%s': %s here, %s at line %d", ld->name,
                 type_name(v.type, b1), type_name(li->type, b2), line_of(L->b->src, li->bind_span));
        lx_note(L, li->bind_span, "'%s' is bound to %s here", ld->name, type_name(li->type, b2));
      }
    } else {
      emit_store(L, li->slot, convert(L, v, li->type, value), target);
    }
  }
  L->flow.da[index] = 1;
  if (L->final && li->needs_flag) {
    Val t = emit_const_int(L, TYPE_BOOL, 1, target);
    emit_store(L, li->flag_slot, t, target);
  }
}

Val infer_return(Lower *L, Val v, bool has_value, Span span) {
  Spec *s = L->s;
  char b1[32], b2[32];
  if (!has_value) {
    if (!L->final) {
      s->returns_none = true;
      return v;
    }
    if (s->ret_declared && s->ret.kind != TY_NONE)
      lx_error(L, span, "'return' without a value in '%s', which is annotated to return %s", s->name,
               type_name(s->ret, b1));
    else if (s->returns_value)
      lx_error(L, span, "function '%s' returns a value on some paths and None on others", s->name);
    return v;
  }
  if (is_known(v) && type_is_array(v.type)) {
    lx_error(L, span, "returning an array is not supported (arrays are passed in and written in place)");
    return val_unknown();
  }
  if (!L->final) {
    s->returns_value = true;
    if (!s->ret_declared && is_known(v) && type_is_numeric(v.type)) {
      note_int_const(L, v, &s->ret_has_int_consts, &s->ret_int_lo, &s->ret_int_hi);
      bool conflict;
      Type t = type_unify(s->ret, v.type, &conflict);
      if (!conflict && s->ret_has_int_consts) t = widen_for_consts(t, s->ret_int_lo, s->ret_int_hi);
      if (!conflict && !type_eq(t, s->ret)) {
        s->ret = t;
        s->ret_span = span;
        L->b->changed = true;
      }
    }
    return v;
  }
  if (!is_known(v) || s->ret.kind == TY_UNKNOWN) return val_unknown();
  if (s->ret.kind == TY_NONE) {
    lx_error(L, span, "function '%s' is annotated to return None but returns a value", s->name);
    return val_unknown();
  }
  bool conflict = true;
  Type t = type_is_numeric(v.type) ? type_unify(s->ret, v.type, &conflict) : TYPE_UNKNOWN;
  if (s->ret_declared && type_converts_implicitly(v.type, s->ret)) {
    conflict = false; /* -> float returning an f32 or a NumPy float64 */
    t = s->ret;
  }
  if (conflict || !type_eq(t, s->ret)) {
    if (s->ret_declared) {
      lx_error(L, span, "cannot return %s from '%s', which is annotated to return %s", type_name(v.type, b1),
               s->name, type_name(s->ret, b2));
    } else {
      lx_error(L, span, "conflicting return types for '%s': %s here, %s at line %d", s->name,
               type_name(v.type, b1), type_name(s->ret, b2), line_of(L->b->src, s->ret_span));
      lx_note(L, s->ret_span, "'%s' returns %s here", s->name, type_name(s->ret, b2));
    }
    return val_unknown();
  }
  return convert(L, v, s->ret, span);
}
