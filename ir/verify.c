/* verify.c: the IR verifier. Checks the invariants of ir.h that every pass must keep: block
 * structure (one terminator, last), value ids (unique, defined, definition dominates use), types
 * (operands and results fit the op, no TY_UNKNOWN), and indices (blocks, locals, callees, strings).
 * A failure is a compiler bug, reported as an internal error naming function, block and value. */
#include "ir_internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct Verifier {
  const IrFunc *fn;
  const IrProgram *prog;     /* NULL: callees are not checked */
  DiagList *d;
  bool ok;
  int32_t *def_block;        /* per value id: defining block, or -1 */
  int32_t *def_pos;          /* per value id: index in that block */
  Type *val_type;            /* per value id */
  IrCfg cfg;                 /* dominators (cfg.c), once the structure checks passed */
  bool has_cfg;
} Verifier;

static const int8_t math_arity_table[] = {
#define X(name, nargs, sym) nargs,
    MATH_FNS(X)
#undef X
};

static int math_arity(int fn) { return fn < MATH__COUNT ? math_arity_table[fn] : 0; }

static bool vfail(Verifier *v, const IrBlock *b, const IrInst *in, const char *fmt, ...) KR_PRINTF(4, 5);
static bool vfail(Verifier *v, const IrBlock *b, const IrInst *in, const char *fmt, ...) {
  char msg[256];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  Span sp = in ? in->span : v->fn->span;
  if (b && in)
    diag_error(v->d, v->fn->src, sp, "internal error: invalid IR in %s, block %s.%u, %%%u (%s): %s", v->fn->symbol,
               b->label, b->id, in->id, ir_op_info[in->op].name, msg);
  else
    diag_error(v->d, v->fn->src, sp, "internal error: invalid IR in %s: %s", v->fn->symbol, msg);
  v->ok = false;
  return false;
}

static bool is_terminator(IrOp op) {
  return op == IR_JUMP || op == IR_BRANCH || op == IR_RET || op == IR_RAISE || op == IR_UNREACHABLE;
}

/* The value operands of an instruction (IR_CALL's live in call_args). */
static int value_operands(const IrFunc *fn, const IrInst *in, uint32_t *ids, int max) {
  int n = 0;
  switch ((IrOp)in->op) {
  case IR_STORE: ids[n++] = in->b; break;
  case IR_BRANCH: ids[n++] = in->a; break;
  case IR_RET:
    if (in->a != IR_NO_VALUE) ids[n++] = in->a;
    break;
  case IR_MATH:
    ids[n++] = in->a;
    if (math_arity(in->aux) == 2) ids[n++] = in->b;
    break;
  case IR_CALL:
  case IR_ARRAY_LOAD:
  case IR_ARRAY_VIEW:
  case IR_ARRAY_STORE:
    if (in->op != IR_CALL && n < max) ids[n++] = in->a;
    for (uint32_t i = 0; i < in->c && n < max; i++) {
      uint32_t k = in->b + i;
      ids[n++] = k < (uint32_t)fn->call_args.len ? fn->call_args.data[k] : IR_NO_VALUE;
    }
    break;
  case IR_CONST: case IR_PARAM: case IR_LOAD: case IR_JUMP: case IR_RAISE: case IR_UNREACHABLE: break;
  default: {
    uint32_t ops[3] = {in->a, in->b, in->c};
    for (int i = 0; i < ir_op_info[in->op].nargs; i++) ids[n++] = ops[i];
    break;
  }
  }
  return n;
}

/* ------------------------------------------------------------------ per-instruction checks */

static Type operand_type(const Verifier *v, uint32_t id) {
  return id < v->fn->nvalues && v->def_block[id] >= 0 ? v->val_type[id] : TYPE_UNKNOWN;
}

/* An operand of type `want`; a C-contiguous array also stands where its strided type is wanted
 * (stored into a strided local, passed to a strided parameter): it is the same descriptor. */
static bool same_type(Verifier *v, const IrBlock *b, const IrInst *in, uint32_t id, Type want, const char *which) {
  Type t = operand_type(v, id);
  if (type_eq(t, want)) return true;
  if (type_is_array(t) && type_is_array(want) && type_converts_implicitly(t, want)) return true;
  char b1[32], b2[32];
  return vfail(v, b, in, "operand %s has type %s, expected %s", which, type_name(t, b1), type_name(want, b2));
}

static bool check_result(Verifier *v, const IrBlock *b, const IrInst *in, bool (*pred)(Type), const char *what) {
  if (pred(in->type)) return true;
  char b1[32];
  return vfail(v, b, in, "result type %s is not %s", type_name(in->type, b1), what);
}

static bool same_type_result(Verifier *v, const IrBlock *b, const IrInst *in, Type want) {
  if (type_eq(in->type, want)) return true;
  char b1[32], b2[32];
  return vfail(v, b, in, "result type %s, expected %s", type_name(in->type, b1), type_name(want, b2));
}

/* A type values of parameters and locals may have: a number (without the strength flag of
 * lowering), or an array of numbers of 1..KRAIT_MAX_NDIM dimensions. */
static bool is_value_type(Type t) {
  if (type_is_numeric(t)) return t.elem == 0 && t.ndim == 0 && t.layout == 0;
  return type_is_array(t) && type_is_numeric(type_of((TypeKind)t.elem)) && t.ndim >= 1 &&
         t.ndim <= KRAIT_MAX_NDIM && t.layout <= LAYOUT_C;
}

static bool is_int_type(Type t) { return type_is_int(t); }
static bool is_float_type(Type t) { return type_is_float(t); }
static bool is_bool_type(Type t) { return t.kind == TY_BOOL; }
static bool is_int_or_bool(Type t) { return type_is_int(t) || t.kind == TY_BOOL; }
static bool is_none_type(Type t) { return t.kind == TY_NONE; }

static void check_inst(Verifier *v, const IrBlock *b, const IrInst *in) {
  const IrFunc *fn = v->fn;
  IrOp op = (IrOp)in->op;
  char b1[32], b2[32];
  switch (op) {
  case IR_CONST: check_result(v, b, in, type_is_numeric, "bool, int or float"); break;
  case IR_PARAM:
    if (in->imm.i < 0 || in->imm.i >= fn->params.len) vfail(v, b, in, "parameter index %lld out of range", (long long)in->imm.i);
    else if (!type_eq(in->type, fn->params.data[in->imm.i]))
      vfail(v, b, in, "type %s differs from parameter type %s", type_name(in->type, b1),
            type_name(fn->params.data[in->imm.i], b2));
    break;
  case IR_LOAD:
    if (in->a >= (uint32_t)fn->locals.len) vfail(v, b, in, "local index %u out of range", in->a);
    else if (!type_eq(in->type, fn->locals.data[in->a].type))
      vfail(v, b, in, "type %s differs from local '%s' of type %s", type_name(in->type, b1),
            fn->locals.data[in->a].name, type_name(fn->locals.data[in->a].type, b2));
    break;
  case IR_STORE:
    check_result(v, b, in, is_none_type, "None");
    if (in->a >= (uint32_t)fn->locals.len) vfail(v, b, in, "local index %u out of range", in->a);
    else same_type(v, b, in, in->b, fn->locals.data[in->a].type, "value");
    break;
  case IR_IADD: case IR_ISUB: case IR_IMUL: case IR_IFLOORDIV: case IR_IMOD: case IR_IPOW:
  case IR_ISHL: case IR_ISHR:
    if (check_result(v, b, in, is_int_type, "an integer"))
      (void)(same_type(v, b, in, in->a, in->type, "a") && same_type(v, b, in, in->b, in->type, "b"));
    break;
  case IR_IPOWMOD:
    if (check_result(v, b, in, is_int_type, "an integer"))
      (void)(same_type(v, b, in, in->a, in->type, "a") && same_type(v, b, in, in->b, in->type, "b") && same_type(v, b, in, in->c, in->type, "c"));
    break;
  case IR_INEG:
    if (check_result(v, b, in, is_int_type, "an integer")) same_type(v, b, in, in->a, in->type, "a");
    break;
  case IR_IAND: case IR_IOR: case IR_IXOR:
    if (check_result(v, b, in, is_int_or_bool, "an integer or bool"))
      (void)(same_type(v, b, in, in->a, in->type, "a") && same_type(v, b, in, in->b, in->type, "b"));
    break;
  case IR_INOT:
    if (check_result(v, b, in, is_int_or_bool, "an integer or bool")) same_type(v, b, in, in->a, in->type, "a");
    break;
  case IR_ICMP:
  case IR_FCMP: {
    check_result(v, b, in, is_bool_type, "bool");
    if (in->aux > CMP_GE) vfail(v, b, in, "comparison %u is not one of eq, ne, lt, le, gt, ge", in->aux);
    Type t = operand_type(v, in->a);
    bool fits = op == IR_ICMP ? is_int_or_bool(t) : type_is_float(t);
    if (!fits) vfail(v, b, in, "operand a has type %s, expected %s", type_name(t, b1), op == IR_ICMP ? "an integer" : "a float");
    else same_type(v, b, in, in->b, t, "b");
    break;
  }
  case IR_FADD: case IR_FSUB: case IR_FMUL: case IR_FDIV: case IR_FFLOORDIV: case IR_FMOD: case IR_FPOW:
    if (check_result(v, b, in, is_float_type, "a float"))
      (void)(same_type(v, b, in, in->a, in->type, "a") && same_type(v, b, in, in->b, in->type, "b"));
    break;
  case IR_FNEG:
    if (check_result(v, b, in, is_float_type, "a float")) same_type(v, b, in, in->a, in->type, "a");
    break;
  case IR_MATH:
    if (in->aux >= MATH__COUNT) {
      vfail(v, b, in, "math function %u out of range", in->aux);
      break;
    }
    if (check_result(v, b, in, is_float_type, "a float")) {
      same_type(v, b, in, in->a, in->type, "a");
      if (math_arity(in->aux) == 2) same_type(v, b, in, in->b, in->type, "b");
    }
    break;
  case IR_ROUNDN:
    if (!type_is_int(in->type) && !type_is_float(in->type)) vfail(v, b, in, "result must be an integer or a float");
    else (void)(same_type(v, b, in, in->a, in->type, "a") && same_type(v, b, in, in->b, TYPE_INT, "b"));
    break;
  case IR_I2F:
    check_result(v, b, in, is_float_type, "a float");
    if (!type_is_int(operand_type(v, in->a))) vfail(v, b, in, "operand must be an integer");
    break;
  case IR_F2I:
    check_result(v, b, in, is_int_type, "an integer");
    if (!type_is_float(operand_type(v, in->a))) vfail(v, b, in, "operand must be a float");
    break;
  case IR_ICAST:
    check_result(v, b, in, is_int_type, "an integer");
    if (!is_int_or_bool(operand_type(v, in->a))) vfail(v, b, in, "operand must be an integer or bool");
    break;
  case IR_FCAST:
    check_result(v, b, in, is_float_type, "a float");
    if (!type_is_float(operand_type(v, in->a))) vfail(v, b, in, "operand must be a float");
    break;
  case IR_TRUTH:
    check_result(v, b, in, is_bool_type, "bool");
    if (!type_is_numeric(operand_type(v, in->a))) vfail(v, b, in, "operand must be a number");
    break;
  case IR_SELECT:
    if (check_result(v, b, in, type_is_numeric, "a number"))
      (void)(same_type(v, b, in, in->a, TYPE_BOOL, "a") && same_type(v, b, in, in->b, in->type, "b") && same_type(v, b, in, in->c, in->type, "c"));
    break;
  case IR_F2I_SAT:
    check_result(v, b, in, is_int_type, "an integer");
    if (!type_is_float(operand_type(v, in->a))) vfail(v, b, in, "operand must be a float");
    break;
  case IR_ARRAY_DIM: {
    Type t = operand_type(v, in->a);
    if (!type_is_array(t)) vfail(v, b, in, "operand must be an array");
    else if (in->imm.i < 0 || in->imm.i >= t.ndim) vfail(v, b, in, "axis %lld out of range", (long long)in->imm.i);
    same_type_result(v, b, in, TYPE_INT);
    break;
  }
  case IR_BOUNDS_CHECK:
    check_result(v, b, in, is_none_type, "None");
    (void)(same_type(v, b, in, in->a, TYPE_INT, "a") && same_type(v, b, in, in->b, TYPE_INT, "b"));
    break;
  case IR_INDEX_WRAP:
    same_type_result(v, b, in, TYPE_INT);
    (void)(same_type(v, b, in, in->a, TYPE_INT, "a") && same_type(v, b, in, in->b, TYPE_INT, "b"));
    break;
  case IR_ARRAY_LOAD:
  case IR_ARRAY_STORE: {
    Type t = operand_type(v, in->a);
    bool store = op == IR_ARRAY_STORE;
    if (!type_is_array(t)) {
      vfail(v, b, in, "operand a must be an array");
      break;
    }
    if (in->c != (uint32_t)t.ndim + store || (uint64_t)in->b + in->c > (uint64_t)fn->call_args.len) {
      vfail(v, b, in, "operands %u..%u do not fit an array of %d dimensions", in->b, in->b + in->c, t.ndim);
      break;
    }
    for (int i = 0; i < t.ndim; i++) same_type(v, b, in, fn->call_args.data[in->b + (uint32_t)i], TYPE_INT, "index");
    Type elem = type_ir(type_elem(t));
    if (store) {
      check_result(v, b, in, is_none_type, "None");
      same_type(v, b, in, fn->call_args.data[in->b + (uint32_t)t.ndim], elem, "value");
    } else {
      same_type_result(v, b, in, elem);
    }
    break;
  }
  case IR_ARRAY_VIEW: {
    Type t = operand_type(v, in->a);
    if (!type_is_array(t)) {
      vfail(v, b, in, "operand a must be an array");
      break;
    }
    if (in->c == 0 || in->c >= (uint32_t)t.ndim || (uint64_t)in->b + in->c > (uint64_t)fn->call_args.len) {
      vfail(v, b, in, "a view takes 1 to %d indices of an array of %d dimensions", t.ndim - 1, t.ndim);
      break;
    }
    for (uint32_t i = 0; i < in->c; i++) same_type(v, b, in, fn->call_args.data[in->b + i], TYPE_INT, "index");
    same_type_result(v, b, in, type_array((TypeKind)t.elem, t.ndim - (int)in->c, (ArrayLayout)t.layout));
    break;
  }
  case IR_CALL:
    if ((uint64_t)in->b + in->c > (uint64_t)fn->call_args.len) {
      vfail(v, b, in, "arguments %u..%u out of range", in->b, in->b + in->c);
      break;
    }
    if (v->prog) {
      if (in->a >= (uint32_t)v->prog->funcs.len) {
        vfail(v, b, in, "callee %u out of range", in->a);
        break;
      }
      const IrFunc *callee = v->prog->funcs.data[in->a];
      if ((int)in->c != callee->params.len) {
        vfail(v, b, in, "%u arguments for %s, which takes %d", in->c, callee->symbol, callee->params.len);
        break;
      }
      if (!type_eq(in->type, callee->ret))
        vfail(v, b, in, "type %s differs from the return type %s of %s", type_name(in->type, b1),
              type_name(callee->ret, b2), callee->symbol);
      for (uint32_t i = 0; i < in->c; i++) {
        char which[32];
        snprintf(which, sizeof which, "argument %u", i + 1);
        same_type(v, b, in, fn->call_args.data[in->b + i], callee->params.data[i], which);
      }
    }
    break;
  case IR_JUMP:
    if (in->a >= (uint32_t)fn->blocks.len) vfail(v, b, in, "target block %u out of range", in->a);
    break;
  case IR_BRANCH:
    same_type(v, b, in, in->a, TYPE_BOOL, "condition");
    if (in->b >= (uint32_t)fn->blocks.len || in->c >= (uint32_t)fn->blocks.len)
      vfail(v, b, in, "target blocks %u, %u out of range", in->b, in->c);
    break;
  case IR_RET:
    if (fn->ret.kind == TY_NONE) {
      if (in->a != IR_NO_VALUE) vfail(v, b, in, "returns a value from a function returning None");
    } else if (in->a == IR_NO_VALUE) {
      vfail(v, b, in, "returns no value from a function returning %s", type_name(fn->ret, b1));
    } else {
      same_type(v, b, in, in->a, fn->ret, "value");
    }
    break;
  case IR_RAISE:
    if (in->aux == KRAIT_EXC_NONE || in->aux >= KRAIT_EXC__COUNT) vfail(v, b, in, "exception kind %u out of range", in->aux);
    if (in->a != IR_NO_VALUE && in->a >= (uint32_t)fn->strings.len) vfail(v, b, in, "message %u out of range", in->a);
    break;
  case IR_UNREACHABLE: break;
  case IR__COUNT: vfail(v, b, in, "unknown opcode"); break;
  }
}

/* ------------------------------------------------------------------ driver */

static bool verify_func(const IrFunc *fn, const IrProgram *prog, DiagList *d) {
  Verifier v = {fn, prog, d, true, NULL, NULL, NULL, {0}, false};
  char b1[32];
  if (fn->blocks.len == 0) return vfail(&v, NULL, NULL, "no blocks");
  if (fn->ret.kind == TY_UNKNOWN) vfail(&v, NULL, NULL, "unknown return type");
  for (int i = 0; i < fn->params.len; i++)
    if (!is_value_type(fn->params.data[i])) vfail(&v, NULL, NULL, "parameter %d has type %s", i, type_name(fn->params.data[i], b1));
  for (int i = 0; i < fn->locals.len; i++)
    if (!is_value_type(fn->locals.data[i].type))
      vfail(&v, NULL, NULL, "local '%s' has type %s", fn->locals.data[i].name, type_name(fn->locals.data[i].type, b1));
  size_t nv = fn->nvalues > 0 ? fn->nvalues : 1;
  v.def_block = kr_alloc(sizeof(int32_t) * nv);
  v.def_pos = kr_alloc(sizeof(int32_t) * nv);
  v.val_type = kr_alloc(sizeof(Type) * nv);
  for (size_t i = 0; i < nv; i++) v.def_block[i] = -1;
  /* Structure and definitions. */
  for (int bi = 0; bi < fn->blocks.len; bi++) {
    const IrBlock *b = fn->blocks.data[bi];
    if (b->id != (uint32_t)bi) vfail(&v, NULL, NULL, "block %d has id %u", bi, b->id);
    if (b->insts.len == 0) {
      vfail(&v, NULL, NULL, "block %s.%d is empty (no terminator)", b->label, bi);
      continue;
    }
    for (int i = 0; i < b->insts.len; i++) {
      const IrInst *in = &b->insts.data[i];
      bool last = i == b->insts.len - 1;
      if (in->op >= IR__COUNT) {
        vfail(&v, b, in, "unknown opcode %u", in->op);
        continue;
      }
      if (is_terminator((IrOp)in->op) && !last) vfail(&v, b, in, "terminator before the end of the block");
      if (last && !is_terminator((IrOp)in->op)) vfail(&v, b, in, "the block does not end with a terminator");
      if (in->type.kind == TY_UNKNOWN) vfail(&v, b, in, "unknown type");
      if (in->id >= fn->nvalues) {
        vfail(&v, b, in, "value id out of range (%u values)", fn->nvalues);
      } else if (v.def_block[in->id] >= 0) {
        vfail(&v, b, in, "value id defined twice");
      } else {
        v.def_block[in->id] = bi;
        v.def_pos[in->id] = i;
        v.val_type[in->id] = in->type;
      }
    }
  }
  if (v.ok) {
    ir_cfg_build(&v.cfg, fn);
    v.has_cfg = true;
    for (int bi = 0; bi < fn->blocks.len; bi++) {
      const IrBlock *b = fn->blocks.data[bi];
      for (int i = 0; i < b->insts.len; i++) {
        const IrInst *in = &b->insts.data[i];
        uint32_t ids[64];
        int n = value_operands(fn, in, ids, 64);
        bool defined = true;
        for (int k = 0; k < n; k++) {
          uint32_t id = ids[k];
          if (id >= fn->nvalues || v.def_block[id] < 0) {
            defined = vfail(&v, b, in, "operand %%%s is not defined", id == IR_NO_VALUE ? "?" : "");
            continue;
          }
          int32_t db = v.def_block[id];
          if (db == bi ? v.def_pos[id] >= i : (v.cfg.idom[bi] >= 0 && !ir_cfg_dominates(&v.cfg, db, bi)))
            defined = vfail(&v, b, in, "operand %%%u is used before its definition (or where it does not dominate)", id);
          if (fn->blocks.data[db]->insts.data[v.def_pos[id]].type.kind == TY_NONE)
            defined = vfail(&v, b, in, "operand %%%u has no value", id);
        }
        if (defined) check_inst(&v, b, in);
      }
    }
  }
  kr_free(v.def_block);
  kr_free(v.def_pos);
  kr_free(v.val_type);
  if (v.has_cfg) ir_cfg_free(&v.cfg);
  return v.ok;
}

bool ir_verify_func(const IrFunc *fn, DiagList *d) { return verify_func(fn, NULL, d); }

bool ir_verify_program(const IrProgram *p, DiagList *d) {
  bool ok = true;
  for (int i = 0; i < p->funcs.len; i++) ok = verify_func(p->funcs.data[i], p, d) && ok;
  return ok;
}
