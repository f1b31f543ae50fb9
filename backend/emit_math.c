/* emit_math.c: IR_MATH (LLVM intrinsics for the exact operations, libm for the rest, so results
 * equal CPython's, which calls the same libm), IR_ROUNDN (runtime helpers), and the conversions
 * with their raise paths. */
#include "backend_internal.h"

#include <math.h>
#include <string.h>

static const struct {
  const char *symbol;
  int nargs;
} math_fns[MATH__COUNT] = {
#define X(name, nargs, sym) [name] = {sym, nargs},
    MATH_FNS(X)
#undef X
};

/* The functions with an exact LLVM intrinsic (correctly rounded by IEEE 754, so the intrinsic and
 * libm agree bit for bit); NULL for a libm call. */
static const char *math_intrinsic(MathFn f) {
  switch (f) {
  case MATH_SQRT: return "llvm.sqrt";
  case MATH_FABS: return "llvm.fabs";
  case MATH_FLOOR: return "llvm.floor";
  case MATH_CEIL: return "llvm.ceil";
  case MATH_TRUNC: return "llvm.trunc";
  case MATH_ROUNDEVEN: return "llvm.roundeven";
  case MATH_COPYSIGN: return "llvm.copysign";
  default: return NULL;
  }
}

static bool is_unsigned(Type t) {
  return t.kind == TY_BOOL || (t.kind >= TY_U8 && t.kind <= TY_U64);
}

static LLVMValueRef to_double(Emitter *em, Type t, LLVMValueRef v) {
  return t.kind == TY_F32 ? LLVMBuildFPExt(em->b, v, em->f64, "") : v;
}

static LLVMValueRef from_double(Emitter *em, Type t, LLVMValueRef v) {
  return t.kind == TY_F32 ? LLVMBuildFPTrunc(em->b, v, em->f32, "") : v;
}

/* Integer of krait type `from` to i64 (by from's signedness) or from i64 to `to`. */
static LLVMValueRef int_to_i64(Emitter *em, Type from, LLVMValueRef v) {
  unsigned w = LLVMGetIntTypeWidth(LLVMTypeOf(v));
  if (w == 64) return v;
  return is_unsigned(from) ? LLVMBuildZExt(em->b, v, em->i64, "") : LLVMBuildSExt(em->b, v, em->i64, "");
}

static LLVMValueRef i64_to_int(Emitter *em, Type to, LLVMValueRef v) {
  LLVMTypeRef ty = emit_type(em, to);
  return LLVMGetIntTypeWidth(ty) == 64 ? v : LLVMBuildTrunc(em->b, v, ty, "");
}

static LLVMValueRef emit_math_fn(Emitter *em, const IrInst *inst) {
  if (inst->aux >= MATH__COUNT) {
    emit_internal_error(em, inst, "bad math function");
    return NULL;
  }
  MathFn f = (MathFn)inst->aux;
  int n = math_fns[f].nargs;
  Type t = inst->type;
  LLVMTypeRef ty = emit_type(em, t);
  LLVMValueRef args[2] = {emit_value(em, inst->a), n > 1 ? emit_value(em, inst->b) : NULL};
  LLVMValueRef r;
  const char *intrinsic = math_intrinsic(f);
  if (intrinsic) {
    r = emit_intrinsic(em, intrinsic, ty, args, (unsigned)n);
  } else {
    /* f32 goes through the double function, as CPython's math module does. */
    for (int i = 0; i < n; i++) args[i] = to_double(em, t, args[i]);
    r = emit_call_libm(em, inst, math_fns[f].symbol, em->f64, args, (unsigned)n);
    return from_double(em, t, r);
  }
  emit_fast_flags(em, inst, r);
  return r;
}

/* round(x, n): the runtime's helpers implement CPython's exact algorithms. */
static LLVMValueRef emit_roundn(Emitter *em, const IrInst *inst) {
  Type t = inst->type;
  LLVMValueRef x = emit_value(em, inst->a);
  LLVMValueRef n = int_to_i64(em, emit_value_type(em, inst->b), emit_value(em, inst->b));
  if (type_is_float(t)) {
    LLVMTypeRef params[] = {em->f64, em->i64};
    LLVMValueRef args[] = {to_double(em, t, x), n};
    LLVMValueRef r = emit_call_c(em, "krait_rt_round_float", em->f64, params, 2, args, true);
    return from_double(em, t, r);
  }
  LLVMTypeRef params[] = {em->i64, em->i64};
  LLVMValueRef args[] = {int_to_i64(em, emit_value_type(em, inst->a), x), n};
  return i64_to_int(em, t, emit_call_c(em, "krait_rt_round_int", em->i64, params, 2, args, true));
}

/* float -> int, truncating. CPython's int(x) raises for NaN and infinities; krait's ints are
 * 64-bit, so values outside [-2^63, 2^63) raise too (u64: [-2^63, 2^64)). Narrower types wrap,
 * like any other integer narrowing. */
static LLVMValueRef emit_f2i(Emitter *em, const IrInst *inst) {
  LLVMBuilderRef b = em->b;
  Type from = emit_value_type(em, inst->a);
  LLVMValueRef x = to_double(em, from, emit_value(em, inst->a));
  emit_raise_if(em, LLVMBuildFCmp(b, LLVMRealUNO, x, x, ""), KRAIT_EXC_VALUE,
                "cannot convert float NaN to integer", inst->span);
  LLVMValueRef ax = emit_intrinsic(em, "llvm.fabs", em->f64, &x, 1);
  emit_raise_if(em, LLVMBuildFCmp(b, LLVMRealOEQ, ax, LLVMConstReal(em->f64, INFINITY), ""),
                KRAIT_EXC_OVERFLOW, "cannot convert float infinity to integer", inst->span);
  bool u64 = inst->type.kind == TY_U64;
  double hi = u64 ? 18446744073709551616.0 : 9223372036854775808.0, lo = -9223372036854775808.0;
  LLVMValueRef out = LLVMBuildOr(b, LLVMBuildFCmp(b, LLVMRealOLT, x, LLVMConstReal(em->f64, lo), ""),
                                 LLVMBuildFCmp(b, LLVMRealOGE, x, LLVMConstReal(em->f64, hi), ""), "");
  emit_raise_if(em, out, KRAIT_EXC_OVERFLOW, "float too large to convert to a 64-bit int", inst->span);
  if (!u64) return i64_to_int(em, inst->type, LLVMBuildFPToSI(b, x, em->i64, ""));
  /* [2^63, 2^64): subtract 2^63 first so that fptosi stays in range, then set the top bit. */
  LLVMValueRef two63 = LLVMConstReal(em->f64, 9223372036854775808.0);
  LLVMValueRef big = LLVMBuildFCmp(b, LLVMRealOGE, x, two63, "");
  LLVMValueRef xs = LLVMBuildSelect(b, big, LLVMBuildFSub(b, x, two63, ""), x, "");
  LLVMValueRef r = LLVMBuildFPToSI(b, xs, em->i64, "");
  return LLVMBuildSelect(b, big, LLVMBuildXor(b, r, LLVMConstInt(em->i64, 1ull << 63, 0), ""), r, "");
}

static LLVMValueRef emit_icast(Emitter *em, const IrInst *inst) {
  Type from = emit_value_type(em, inst->a), to = inst->type;
  LLVMValueRef v = emit_value(em, inst->a);
  LLVMTypeRef ty = emit_type(em, to);
  if (to.kind == TY_BOOL) return LLVMBuildICmp(em->b, LLVMIntNE, v, LLVMConstNull(LLVMTypeOf(v)), "");
  unsigned fw = LLVMGetIntTypeWidth(LLVMTypeOf(v)), tw = LLVMGetIntTypeWidth(ty);
  if (fw == tw) return v;
  if (fw > tw) return LLVMBuildTrunc(em->b, v, ty, "");
  return is_unsigned(from) ? LLVMBuildZExt(em->b, v, ty, "") : LLVMBuildSExt(em->b, v, ty, "");
}

static LLVMValueRef emit_truth(Emitter *em, const IrInst *inst) {
  Type t = emit_value_type(em, inst->a);
  LLVMValueRef v = emit_value(em, inst->a);
  if (t.kind == TY_BOOL) return v;
  if (type_is_float(t)) return LLVMBuildFCmp(em->b, LLVMRealUNE, v, emit_float_const(em, t, 0.0), "");
  return LLVMBuildICmp(em->b, LLVMIntNE, v, LLVMConstNull(LLVMTypeOf(v)), "");
}

LLVMValueRef emit_math(Emitter *em, const IrInst *inst) {
  switch ((IrOp)inst->op) {
  case IR_MATH: return emit_math_fn(em, inst);
  case IR_ROUNDN: return emit_roundn(em, inst);
  case IR_I2F: {
    Type from = emit_value_type(em, inst->a);
    LLVMValueRef v = emit_value(em, inst->a);
    LLVMTypeRef ty = emit_type(em, inst->type);
    return is_unsigned(from) ? LLVMBuildUIToFP(em->b, v, ty, "") : LLVMBuildSIToFP(em->b, v, ty, "");
  }
  case IR_F2I: return emit_f2i(em, inst);
  case IR_ICAST: return emit_icast(em, inst);
  case IR_FCAST: {
    Type from = emit_value_type(em, inst->a);
    LLVMValueRef v = emit_value(em, inst->a);
    if (from.kind == inst->type.kind) return v;
    LLVMTypeRef ty = emit_type(em, inst->type);
    return inst->type.kind == TY_F64 ? LLVMBuildFPExt(em->b, v, ty, "") : LLVMBuildFPTrunc(em->b, v, ty, "");
  }
  case IR_TRUTH: return emit_truth(em, inst);
  case IR_F2I_SAT: {
    /* NumPy's unchecked cast: llvm.fpto[su]i.sat never gives poison (NaN: 0, out of range:
     * the nearest bound). */
    LLVMValueRef v = emit_value(em, inst->a);
    LLVMTypeRef types[] = {emit_type(em, inst->type), LLVMTypeOf(v)};
    const char *name = is_unsigned(inst->type) ? "llvm.fptoui.sat" : "llvm.fptosi.sat";
    unsigned id = LLVMLookupIntrinsicID(name, strlen(name));
    LLVMValueRef fn = LLVMGetIntrinsicDeclaration(em->mod, id, types, 2);
    LLVMTypeRef fty = LLVMIntrinsicGetType(em->ctx, id, types, 2);
    return LLVMBuildCall2(em->b, fty, fn, &v, 1, "");
  }
  default:
    emit_internal_error(em, inst, "unsupported operation");
    return NULL;
  }
}
