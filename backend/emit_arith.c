/* emit_arith.c: integer and float arithmetic with Python's semantics, and their raise paths.
 *
 * Integers wrap (two's complement at the width of inst.type) and never carry nsw/nuw; no
 * instruction emitted here can trap or produce poison for any operand values: division by -1
 * and shift counts >= the width are handled before the LLVM instruction sees them. Floats follow
 * CPython's float object (Objects/floatobject.c) exactly unless the function is fastmath. */
#include "backend_internal.h"

#include <math.h>

static bool is_unsigned(Type t) {
  return t.kind == TY_BOOL || (t.kind >= TY_U8 && t.kind <= TY_U64);
}

static unsigned int_width(Emitter *em, Type t) { return LLVMGetIntTypeWidth(emit_type(em, t)); }

/* v of krait type from, as an integer of LLVM type to (extension by from's signedness). */
static LLVMValueRef int_resize(Emitter *em, LLVMValueRef v, Type from, LLVMTypeRef to) {
  unsigned fw = LLVMGetIntTypeWidth(LLVMTypeOf(v)), tw = LLVMGetIntTypeWidth(to);
  if (fw == tw) return v;
  if (fw > tw) return LLVMBuildTrunc(em->b, v, to, "");
  return is_unsigned(from) ? LLVMBuildZExt(em->b, v, to, "") : LLVMBuildSExt(em->b, v, to, "");
}

static LLVMValueRef int_const(LLVMTypeRef ty, long long v) {
  return LLVMConstInt(ty, (unsigned long long)v, 1);
}

/* ---- integers ---- */

/* Python's // and %: floor division, remainder with the divisor's sign. The divisor -1 is
 * replaced by 1 before sdiv (INT_MIN / -1 traps on x86): a // -1 is -a (wrapping), a % -1 is 0. */
static LLVMValueRef int_divmod(Emitter *em, const IrInst *inst, bool mod) {
  LLVMBuilderRef b = em->b;
  LLVMTypeRef ty = emit_type(em, inst->type);
  LLVMValueRef x = emit_value(em, inst->a), y = emit_value(em, inst->b);
  emit_raise_if(em, LLVMBuildICmp(b, LLVMIntEQ, y, LLVMConstNull(ty), ""), KRAIT_EXC_ZERO_DIVISION,
                mod ? "integer modulo by zero" : "integer division or modulo by zero", inst->span);
  if (is_unsigned(inst->type)) return mod ? LLVMBuildURem(b, x, y, "") : LLVMBuildUDiv(b, x, y, "");
  LLVMValueRef minus_one = LLVMBuildICmp(b, LLVMIntEQ, y, LLVMConstAllOnes(ty), "");
  LLVMValueRef safe_y = LLVMBuildSelect(b, minus_one, int_const(ty, 1), y, "");
  LLVMValueRef r = LLVMBuildSRem(b, x, safe_y, "");
  /* Truncation rounded toward zero: step down when the remainder is nonzero and its sign differs
   * from the divisor's. (With y == -1, r is 0.) */
  LLVMValueRef r_nonzero = LLVMBuildICmp(b, LLVMIntNE, r, LLVMConstNull(ty), "");
  LLVMValueRef signs_differ = LLVMBuildICmp(b, LLVMIntSLT, LLVMBuildXor(b, r, y, ""), LLVMConstNull(ty), "");
  LLVMValueRef adjust = LLVMBuildAnd(b, r_nonzero, signs_differ, "");
  if (mod) return LLVMBuildSelect(b, adjust, LLVMBuildAdd(b, r, y, ""), r, "");
  LLVMValueRef q = LLVMBuildSDiv(b, x, safe_y, "");
  q = LLVMBuildSelect(b, adjust, LLVMBuildSub(b, q, int_const(ty, 1), ""), q, "");
  return LLVMBuildSelect(b, minus_one, LLVMBuildNeg(b, x, ""), q, "");
}

/* A do-while loop of square-and-multiply: e is shifted right each round until it is zero. The
 * caller supplies the multiply (wrapping, or modular). */
typedef LLVMValueRef (*MulFn)(Emitter *em, LLVMValueRef x, LLVMValueRef y, LLVMValueRef m);

static LLVMValueRef pow_loop(Emitter *em, LLVMValueRef one, LLVMValueRef base, LLVMValueRef e,
                             MulFn mul, LLVMValueRef m) {
  LLVMBuilderRef b = em->b;
  LLVMTypeRef ty = LLVMTypeOf(one), ety = LLVMTypeOf(e);
  LLVMBasicBlockRef pre = LLVMGetInsertBlock(b);
  LLVMBasicBlockRef loop = emit_block_new(em, "pow.loop");
  LLVMBuildBr(b, loop);
  LLVMPositionBuilderAtEnd(b, loop);
  LLVMBasicBlockRef done = emit_block_new(em, "pow.done");
  LLVMValueRef r = LLVMBuildPhi(b, ty, "pow.r");
  LLVMValueRef x = LLVMBuildPhi(b, ty, "pow.x");
  LLVMValueRef k = LLVMBuildPhi(b, ety, "pow.e");
  LLVMValueRef odd = LLVMBuildTrunc(b, k, em->i1, "");
  LLVMValueRef r2 = LLVMBuildSelect(b, odd, mul(em, r, x, m), r, "");
  LLVMValueRef x2 = mul(em, x, x, m);
  LLVMValueRef k2 = LLVMBuildLShr(b, k, LLVMConstInt(ety, 1, 0), "");
  LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntEQ, k2, LLVMConstNull(ety), ""), done, loop);
  LLVMValueRef r_in[] = {one, r2}, x_in[] = {base, x2}, k_in[] = {e, k2};
  LLVMBasicBlockRef from[] = {pre, loop};
  LLVMAddIncoming(r, r_in, from, 2);
  LLVMAddIncoming(x, x_in, from, 2);
  LLVMAddIncoming(k, k_in, from, 2);
  LLVMPositionBuilderAtEnd(b, done);
  return r2;
}

static LLVMValueRef wrapping_mul(Emitter *em, LLVMValueRef x, LLVMValueRef y, LLVMValueRef m) {
  (void)m;
  return LLVMBuildMul(em->b, x, y, "");
}

static LLVMValueRef modular_mul(Emitter *em, LLVMValueRef x, LLVMValueRef y, LLVMValueRef m) {
  return LLVMBuildURem(em->b, LLVMBuildMul(em->b, x, y, ""), m, "");
}

/* a ** b for b >= 0, wrapping. */
static LLVMValueRef int_pow(Emitter *em, const IrInst *inst) {
  LLVMBuilderRef b = em->b;
  LLVMTypeRef ty = emit_type(em, inst->type);
  Type ety = emit_value_type(em, inst->b);
  LLVMValueRef x = emit_value(em, inst->a);
  LLVMValueRef e = int_resize(em, emit_value(em, inst->b), ety, ty);
  if (!is_unsigned(ety))
    emit_raise_if(em, LLVMBuildICmp(b, LLVMIntSLT, e, LLVMConstNull(ty), ""), KRAIT_EXC_VALUE,
                  "negative exponent in integer power (krait ints are 64-bit; use a float base)",
                  inst->span);
  if (LLVMIsAConstantInt(e) && LLVMConstIntGetSExtValue(e) >= 0) {
    /* A constant exponent: straight-line square-and-multiply (x ** 3 is x * (x * x)). */
    unsigned long long k = (unsigned long long)LLVMConstIntGetSExtValue(e);
    LLVMValueRef r = NULL;
    while (k) {
      if (k & 1) r = r ? LLVMBuildMul(b, r, x, "") : x;
      k >>= 1;
      if (k) x = LLVMBuildMul(b, x, x, "");
    }
    return r ? r : int_const(ty, 1);
  }
  return pow_loop(em, int_const(ty, 1), x, e, wrapping_mul, NULL);
}

/* pow(a, b, m), exact: products of two residues below |m| <= 2^63 fit in 128 bits (64 bits for
 * types of 32 bits or less). The result has m's sign, as in Python. */
static LLVMValueRef int_powmod(Emitter *em, const IrInst *inst) {
  LLVMBuilderRef b = em->b;
  Type t = inst->type;
  LLVMTypeRef ty = emit_type(em, t);
  bool sign = !is_unsigned(t);
  LLVMTypeRef wide = int_width(em, t) <= 32 ? em->i64 : em->i128;
  LLVMValueRef x = emit_value(em, inst->a);
  LLVMValueRef e = int_resize(em, emit_value(em, inst->b), emit_value_type(em, inst->b), ty);
  LLVMValueRef m = int_resize(em, emit_value(em, inst->c), emit_value_type(em, inst->c), ty);
  emit_raise_if(em, LLVMBuildICmp(b, LLVMIntEQ, m, LLVMConstNull(ty), ""), KRAIT_EXC_VALUE,
                "pow() 3rd argument cannot be 0", inst->span);
  if (!is_unsigned(emit_value_type(em, inst->b)))
    emit_raise_if(em, LLVMBuildICmp(b, LLVMIntSLT, e, LLVMConstNull(ty), ""), KRAIT_EXC_VALUE,
                  "pow() negative exponent not supported with a modulus", inst->span);
  LLVMValueRef negative = NULL, abs_m = m;
  if (sign) {
    negative = LLVMBuildICmp(b, LLVMIntSLT, m, LLVMConstNull(ty), "");
    abs_m = LLVMBuildSelect(b, negative, LLVMBuildNeg(b, m, ""), m, ""); /* |INT_MIN| as unsigned */
  }
  LLVMValueRef mw = LLVMBuildZExt(b, abs_m, wide, "");
  LLVMValueRef base;
  if (sign) {
    LLVMValueRef xw = LLVMBuildSExt(b, x, wide, "");
    base = LLVMBuildSRem(b, xw, mw, "");
    LLVMValueRef below = LLVMBuildICmp(b, LLVMIntSLT, base, LLVMConstNull(wide), "");
    base = LLVMBuildSelect(b, below, LLVMBuildAdd(b, base, mw, ""), base, "");
  } else {
    base = LLVMBuildURem(b, LLVMBuildZExt(b, x, wide, ""), mw, "");
  }
  /* 1 % |m|: 0 when |m| == 1, where every power is 0. */
  LLVMValueRef m_is_one = LLVMBuildICmp(b, LLVMIntEQ, mw, LLVMConstInt(wide, 1, 0), "");
  LLVMValueRef one = LLVMBuildSelect(b, m_is_one, LLVMConstNull(wide), LLVMConstInt(wide, 1, 0), "");
  LLVMValueRef r = pow_loop(em, one, base, e, modular_mul, mw);
  if (sign) {
    LLVMValueRef nonzero = LLVMBuildICmp(b, LLVMIntNE, r, LLVMConstNull(wide), "");
    LLVMValueRef flip = LLVMBuildAnd(b, negative, nonzero, "");
    r = LLVMBuildSelect(b, flip, LLVMBuildSub(b, r, mw, ""), r, "");
  }
  return LLVMBuildTrunc(b, r, ty, "");
}

/* a << b and a >> b: a negative count raises; counts >= the width are clamped so that no shift
 * is poison: shl and lshr then give 0, ashr gives the sign (a >> (width - 1)). */
static LLVMValueRef int_shift(Emitter *em, const IrInst *inst) {
  LLVMBuilderRef b = em->b;
  Type t = inst->type;
  LLVMTypeRef ty = emit_type(em, t);
  unsigned w = LLVMGetIntTypeWidth(ty);
  LLVMValueRef x = emit_value(em, inst->a), n = emit_value(em, inst->b);
  Type nt = emit_value_type(em, inst->b);
  LLVMTypeRef nty = LLVMTypeOf(n);
  if (!is_unsigned(nt))
    emit_raise_if(em, LLVMBuildICmp(b, LLVMIntSLT, n, LLVMConstNull(nty), ""), KRAIT_EXC_VALUE,
                  "negative shift count", inst->span);
  LLVMValueRef too_big = LLVMConstInt(em->i1, 0, 0);
  if (LLVMGetIntTypeWidth(nty) >= 64 || (1ull << LLVMGetIntTypeWidth(nty)) > w) {
    too_big = LLVMBuildICmp(b, LLVMIntUGE, n, LLVMConstInt(nty, w, 0), "");
    n = LLVMBuildSelect(b, too_big, LLVMConstInt(nty, w - 1, 0), n, "");
  }
  unsigned nw = LLVMGetIntTypeWidth(nty);
  n = nw > w ? LLVMBuildTrunc(b, n, ty, "") : nw < w ? LLVMBuildZExt(b, n, ty, "") : n;
  if (inst->op == IR_ISHR && !is_unsigned(t)) return LLVMBuildAShr(b, x, n, "");
  LLVMValueRef r = inst->op == IR_ISHL ? LLVMBuildShl(b, x, n, "") : LLVMBuildLShr(b, x, n, "");
  return LLVMBuildSelect(b, too_big, LLVMConstNull(ty), r, "");
}

static LLVMValueRef int_compare(Emitter *em, const IrInst *inst) {
  bool u = is_unsigned(emit_value_type(em, inst->a));
  LLVMIntPredicate p;
  switch ((CmpOp)inst->aux) {
  case CMP_EQ: p = LLVMIntEQ; break;
  case CMP_NE: p = LLVMIntNE; break;
  case CMP_LT: p = u ? LLVMIntULT : LLVMIntSLT; break;
  case CMP_LE: p = u ? LLVMIntULE : LLVMIntSLE; break;
  case CMP_GT: p = u ? LLVMIntUGT : LLVMIntSGT; break;
  case CMP_GE: p = u ? LLVMIntUGE : LLVMIntSGE; break;
  default: emit_internal_error(em, inst, "bad comparison"); return NULL;
  }
  return LLVMBuildICmp(em->b, p, emit_value(em, inst->a), emit_value(em, inst->b), "");
}

/* ---- floats ---- */

static LLVMValueRef float_compare(Emitter *em, const IrInst *inst) {
  LLVMRealPredicate p;
  switch ((CmpOp)inst->aux) {
  case CMP_EQ: p = LLVMRealOEQ; break;
  case CMP_NE: p = LLVMRealUNE; break; /* nan != nan is True */
  case CMP_LT: p = LLVMRealOLT; break;
  case CMP_LE: p = LLVMRealOLE; break;
  case CMP_GT: p = LLVMRealOGT; break;
  case CMP_GE: p = LLVMRealOGE; break;
  default: emit_internal_error(em, inst, "bad comparison"); return NULL;
  }
  LLVMValueRef v = LLVMBuildFCmp(em->b, p, emit_value(em, inst->a), emit_value(em, inst->b), "");
  emit_fast_flags(em, inst, v);
  return v;
}

static LLVMValueRef copysign_of(Emitter *em, LLVMValueRef mag, LLVMValueRef sign) {
  LLVMValueRef args[] = {mag, sign};
  return emit_intrinsic(em, "llvm.copysign", LLVMTypeOf(mag), args, 2);
}

/* CPython's float_rem and _float_div_mod (Objects/floatobject.c):
 *   mod = fmod(a, b); div = (a - mod) / b;
 *   if (mod) { if ((b < 0) != (mod < 0)) { mod += b; div -= 1.0; } } else mod = copysign(0, b);
 *   if (div) { floordiv = floor(div); if (div - floordiv > 0.5) floordiv += 1.0; }
 *   else floordiv = copysign(0, a / b);
 * frem lowers to fmod. No fast-math flags here even in fastmath functions: the sign rules are
 * the point of these ops. */
static LLVMValueRef float_divmod(Emitter *em, const IrInst *inst, bool mod_only) {
  LLVMBuilderRef b = em->b;
  Type t = inst->type;
  LLVMValueRef x = emit_value(em, inst->a), y = emit_value(em, inst->b);
  LLVMValueRef zero = emit_float_const(em, t, 0.0);
  emit_raise_if(em, LLVMBuildFCmp(b, LLVMRealOEQ, y, zero, ""), KRAIT_EXC_ZERO_DIVISION,
                mod_only ? "float modulo" : "float floor division by zero", inst->span);
  LLVMValueRef mod = LLVMBuildFRem(b, x, y, "");
  LLVMValueRef nonzero = LLVMBuildFCmp(b, LLVMRealUNE, mod, zero, ""); /* C's `if (mod)` */
  LLVMValueRef y_neg = LLVMBuildFCmp(b, LLVMRealOLT, y, zero, "");
  LLVMValueRef mod_neg = LLVMBuildFCmp(b, LLVMRealOLT, mod, zero, "");
  LLVMValueRef flip = LLVMBuildAnd(b, nonzero, LLVMBuildXor(b, y_neg, mod_neg, ""), "");
  LLVMValueRef mod_adj = LLVMBuildSelect(b, flip, LLVMBuildFAdd(b, mod, y, ""), mod, "");
  LLVMValueRef mod_res = LLVMBuildSelect(b, nonzero, mod_adj, copysign_of(em, zero, y), "");
  if (mod_only) return mod_res;
  LLVMValueRef div = LLVMBuildFDiv(b, LLVMBuildFSub(b, x, mod, ""), y, "");
  div = LLVMBuildSelect(b, flip, LLVMBuildFSub(b, div, emit_float_const(em, t, 1.0), ""), div, "");
  LLVMValueRef div_nonzero = LLVMBuildFCmp(b, LLVMRealUNE, div, zero, "");
  LLVMValueRef fl = emit_intrinsic(em, "llvm.floor", LLVMTypeOf(div), &div, 1);
  LLVMValueRef snap = LLVMBuildFCmp(b, LLVMRealOGT, LLVMBuildFSub(b, div, fl, ""),
                                    emit_float_const(em, t, 0.5), "");
  fl = LLVMBuildSelect(b, snap, LLVMBuildFAdd(b, fl, emit_float_const(em, t, 1.0), ""), fl, "");
  LLVMValueRef signed_zero = copysign_of(em, zero, LLVMBuildFDiv(b, x, y, ""));
  return LLVMBuildSelect(b, div_nonzero, fl, signed_zero, "");
}

/* a ** b through libm pow, which agrees with CPython's float_pow on every special case (C99
 * Annex F) except the two CPython raises for: 0.0 ** (finite negative) and overflow to inf from
 * finite operands. A negative base with a non-integer exponent gives NaN (CPython: complex). */
static LLVMValueRef float_pow(Emitter *em, const IrInst *inst) {
  LLVMBuilderRef b = em->b;
  Type t = inst->type;
  LLVMTypeRef ty = emit_type(em, t);
  LLVMValueRef x = emit_value(em, inst->a), y = emit_value(em, inst->b);
  LLVMValueRef zero = emit_float_const(em, t, 0.0), inf = emit_float_const(em, t, INFINITY);
  LLVMValueRef zero_base = LLVMBuildFCmp(b, LLVMRealOEQ, x, zero, "");
  LLVMValueRef y_neg = LLVMBuildFCmp(b, LLVMRealOLT, y, zero, "");
  LLVMValueRef y_finite = LLVMBuildFCmp(b, LLVMRealOGT, y, LLVMConstReal(ty, -INFINITY), "");
  LLVMValueRef neg_finite = LLVMBuildAnd(b, y_neg, y_finite, "");
  emit_raise_if(em, LLVMBuildAnd(b, zero_base, neg_finite, ""), KRAIT_EXC_ZERO_DIVISION,
                "0.0 cannot be raised to a negative power", inst->span);
  LLVMValueRef args[] = {x, y};
  LLVMValueRef r = emit_call_libm(em, inst, t.kind == TY_F32 ? "powf" : "pow", ty, args, 2);
  LLVMValueRef ax = emit_intrinsic(em, "llvm.fabs", ty, &x, 1);
  LLVMValueRef ay = emit_intrinsic(em, "llvm.fabs", ty, &y, 1);
  LLVMValueRef ar = emit_intrinsic(em, "llvm.fabs", ty, &r, 1);
  LLVMValueRef finite_args = LLVMBuildAnd(b, LLVMBuildFCmp(b, LLVMRealOLT, ax, inf, ""),
                                          LLVMBuildFCmp(b, LLVMRealOLT, ay, inf, ""), "");
  LLVMValueRef overflow = LLVMBuildAnd(b, LLVMBuildFCmp(b, LLVMRealOEQ, ar, inf, ""), finite_args, "");
  emit_raise_if(em, overflow, KRAIT_EXC_OVERFLOW, "(34, 'Numerical result out of range')",
                inst->span);
  return r;
}

LLVMValueRef emit_arith(Emitter *em, const IrInst *inst) {
  LLVMBuilderRef b = em->b;
  LLVMValueRef v;
  switch ((IrOp)inst->op) {
  case IR_IADD: return LLVMBuildAdd(b, emit_value(em, inst->a), emit_value(em, inst->b), "");
  case IR_ISUB: return LLVMBuildSub(b, emit_value(em, inst->a), emit_value(em, inst->b), "");
  case IR_IMUL: return LLVMBuildMul(b, emit_value(em, inst->a), emit_value(em, inst->b), "");
  case IR_INEG: return LLVMBuildNeg(b, emit_value(em, inst->a), "");
  case IR_IFLOORDIV: return int_divmod(em, inst, false);
  case IR_IMOD: return int_divmod(em, inst, true);
  case IR_IPOW: return int_pow(em, inst);
  case IR_IPOWMOD: return int_powmod(em, inst);
  case IR_IAND: return LLVMBuildAnd(b, emit_value(em, inst->a), emit_value(em, inst->b), "");
  case IR_IOR: return LLVMBuildOr(b, emit_value(em, inst->a), emit_value(em, inst->b), "");
  case IR_IXOR: return LLVMBuildXor(b, emit_value(em, inst->a), emit_value(em, inst->b), "");
  case IR_INOT: return LLVMBuildNot(b, emit_value(em, inst->a), "");
  case IR_ISHL: case IR_ISHR: return int_shift(em, inst);
  case IR_ICMP: return int_compare(em, inst);
  case IR_FADD: v = LLVMBuildFAdd(b, emit_value(em, inst->a), emit_value(em, inst->b), ""); break;
  case IR_FSUB: v = LLVMBuildFSub(b, emit_value(em, inst->a), emit_value(em, inst->b), ""); break;
  case IR_FMUL: v = LLVMBuildFMul(b, emit_value(em, inst->a), emit_value(em, inst->b), ""); break;
  case IR_FNEG: v = LLVMBuildFNeg(b, emit_value(em, inst->a), ""); break;
  case IR_FDIV: {
    Type t = inst->type;
    LLVMValueRef y = emit_value(em, inst->b);
    emit_raise_if(em, LLVMBuildFCmp(b, LLVMRealOEQ, y, emit_float_const(em, t, 0.0), ""),
                  KRAIT_EXC_ZERO_DIVISION, "float division by zero", inst->span);
    v = LLVMBuildFDiv(b, emit_value(em, inst->a), y, "");
    break;
  }
  case IR_FFLOORDIV: return float_divmod(em, inst, false);
  case IR_FMOD: return float_divmod(em, inst, true);
  case IR_FPOW: return float_pow(em, inst);
  case IR_FCMP: return float_compare(em, inst);
  default:
    emit_internal_error(em, inst, "unsupported operation");
    return NULL;
  }
  emit_fast_flags(em, inst, v);
  return v;
}
