/* print.c: the text form of the IR (docs/ir.md), for `krait dump --stage=ir`, f.inspect("ir") and
 * tests that match IR by substring. One instruction per line, its source line:col in a comment. */
#include "ir_internal.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const math_names[] = {
#define X(name, nargs, sym) #name,
    MATH_FNS(X)
#undef X
};

static const char *const exc_names[] = {
#define X(k, s) s,
    KRAIT_EXC_KINDS(X)
#undef X
};

static const char *const cmp_names[] = {"eq", "ne", "lt", "le", "gt", "ge", "is", "isnot", "in", "notin"};

/* "IR_IFLOORDIV" -> "ifloordiv", "MATH_SQRT" -> "sqrt". */
static void lower_name(const char *name, size_t skip, char buf[static 32]) {
  size_t i = 0;
  for (const char *p = name + skip; *p && i < 31; p++) buf[i++] = (char)tolower((unsigned char)*p);
  buf[i] = 0;
}

/* Python's repr of a float: the shortest digits that read back to the same value. */
static void float_repr(double f, char buf[static 40]) {
  if (isnan(f)) {
    snprintf(buf, 40, "nan");
    return;
  }
  if (isinf(f)) {
    snprintf(buf, 40, f < 0 ? "-inf" : "inf");
    return;
  }
  for (int prec = 1; prec <= 17; prec++) {
    snprintf(buf, 40, "%.*g", prec, f);
    if (strtod(buf, NULL) == f) break;
  }
  if (!strpbrk(buf, ".en")) strcat(buf, ".0");
}

static void block_ref(const IrFunc *fn, uint32_t id, StrBuf *out) {
  if (id >= (uint32_t)fn->blocks.len) {
    strbuf_printf(out, "?block%u", id);
    return;
  }
  strbuf_puts(out, fn->blocks.data[id]->label);
  if (id == 0) return;
  strbuf_putc(out, '.');
  strbuf_put_uint(out, id);
}

/* The printer runs for every cache key (runtime/cache.c): the frequent tokens are appended
 * without printf. */
static void value_ref(uint32_t id, StrBuf *out) {
  strbuf_putc(out, '%');
  if (id == IR_NO_VALUE) strbuf_putc(out, '?');
  else strbuf_put_uint(out, id);
}

static void int_text(int64_t v, StrBuf *out) {
  if (v < 0) strbuf_putc(out, '-');
  strbuf_put_uint(out, v < 0 ? 0 - (uint64_t)v : (uint64_t)v);
}

static const char *local_name(const IrFunc *fn, uint32_t slot) {
  return slot < (uint32_t)fn->locals.len ? fn->locals.data[slot].name : "?local";
}

static void quoted(const char *s, StrBuf *out) {
  strbuf_putc(out, '"');
  for (const char *p = s; *p; p++) {
    if (*p == '"' || *p == '\\') strbuf_printf(out, "\\%c", *p);
    else if (*p == '\n') strbuf_printf(out, "\\n");
    else if ((unsigned char)*p < 0x20) strbuf_printf(out, "\\x%02x", (unsigned char)*p);
    else strbuf_putc(out, *p);
  }
  strbuf_putc(out, '"');
}

static void print_inst(const IrFunc *fn, const IrProgram *prog, const IrInst *in, StrBuf *out) {
  char nb[32], tb[32];
  IrOp op = (IrOp)in->op;
  bool has_result = in->type.kind != TY_NONE && op != IR_STORE && op != IR_JUMP && op != IR_BRANCH &&
                    op != IR_RET && op != IR_RAISE && op != IR_UNREACHABLE;
  if (has_result) {
    value_ref(in->id, out);
    strbuf_puts(out, " = ");
  }
  lower_name(ir_op_info[op].name, 3, nb);
  switch (op) {
  case IR_CONST:
    if (type_is_float(in->type)) {
      char fb[40];
      float_repr(in->imm.f, fb);
      strbuf_printf(out, "const %s", fb);
    } else if (in->type.kind == TY_BOOL) {
      strbuf_printf(out, "const %s", in->imm.i ? "True" : "False");
    } else {
      strbuf_puts(out, "const ");
      int_text(in->imm.i, out);
    }
    break;
  case IR_PARAM: strbuf_printf(out, "param %lld", (long long)in->imm.i); break;
  case IR_LOAD:
    strbuf_puts(out, "load ");
    strbuf_puts(out, local_name(fn, in->a));
    break;
  case IR_STORE:
    strbuf_puts(out, "store ");
    strbuf_puts(out, local_name(fn, in->a));
    strbuf_puts(out, ", ");
    value_ref(in->b, out);
    return;
  case IR_ICMP:
  case IR_FCMP:
    strbuf_printf(out, "%s %s ", nb, in->aux < 10 ? cmp_names[in->aux] : "?");
    value_ref(in->a, out);
    strbuf_puts(out, ", ");
    value_ref(in->b, out);
    break;
  case IR_MATH: {
    char mb[32];
    lower_name(in->aux < MATH__COUNT ? math_names[in->aux] : "MATH_?", 5, mb);
    strbuf_printf(out, "math %s ", mb);
    value_ref(in->a, out);
    if (in->b != IR_NO_VALUE) {
      strbuf_puts(out, ", ");
      value_ref(in->b, out);
    }
    break;
  }
  case IR_CALL:
    if (prog && in->a < (uint32_t)prog->funcs.len) strbuf_printf(out, "call %s(", prog->funcs.data[in->a]->symbol);
    else strbuf_printf(out, "call #%u(", in->a);
    for (uint32_t i = 0; i < in->c; i++) {
      if (i) strbuf_puts(out, ", ");
      uint32_t k = in->b + i;
      value_ref(k < (uint32_t)fn->call_args.len ? fn->call_args.data[k] : IR_NO_VALUE, out);
    }
    strbuf_putc(out, ')');
    break;
  case IR_ARRAY_DIM:
    strbuf_puts(out, "array_dim ");
    value_ref(in->a, out);
    strbuf_puts(out, ", ");
    int_text(in->imm.i, out);
    break;
  case IR_BOUNDS_CHECK:
  case IR_INDEX_WRAP:
    strbuf_puts(out, nb);
    strbuf_putc(out, ' ');
    value_ref(in->a, out);
    strbuf_puts(out, ", ");
    value_ref(in->b, out);
    if (op == IR_BOUNDS_CHECK) strbuf_printf(out, ", axis %lld", (long long)in->imm.i);
    if (in->flags & IR_FLAG_NONNEG) strbuf_printf(out, " nonneg");
    if (op == IR_BOUNDS_CHECK) return;
    break;
  case IR_ARRAY_LOAD:
  case IR_ARRAY_VIEW:
  case IR_ARRAY_STORE: {
    bool store = op == IR_ARRAY_STORE;
    strbuf_printf(out, "%s ", nb);
    value_ref(in->a, out);
    strbuf_putc(out, '[');
    uint32_t nidx = in->c > 0 ? in->c - store : 0;
    for (uint32_t i = 0; i < nidx; i++) {
      if (i) strbuf_puts(out, ", ");
      uint32_t k = in->b + i;
      value_ref(k < (uint32_t)fn->call_args.len ? fn->call_args.data[k] : IR_NO_VALUE, out);
    }
    strbuf_putc(out, ']');
    if (store) {
      uint32_t k = in->b + nidx;
      strbuf_puts(out, ", ");
      value_ref(k < (uint32_t)fn->call_args.len ? fn->call_args.data[k] : IR_NO_VALUE, out);
      return;
    }
    break;
  }
  case IR_JUMP:
    strbuf_printf(out, "jump ");
    block_ref(fn, in->a, out);
    return;
  case IR_BRANCH:
    strbuf_printf(out, "branch ");
    value_ref(in->a, out);
    strbuf_puts(out, ", ");
    block_ref(fn, in->b, out);
    strbuf_puts(out, ", ");
    block_ref(fn, in->c, out);
    return;
  case IR_RET:
    strbuf_printf(out, "ret");
    if (in->a != IR_NO_VALUE) {
      strbuf_putc(out, ' ');
      value_ref(in->a, out);
    }
    return;
  case IR_RAISE:
    strbuf_printf(out, "raise %s", in->aux < KRAIT_EXC__COUNT ? exc_names[in->aux] : "?");
    if (in->a != IR_NO_VALUE) {
      strbuf_putc(out, ' ');
      quoted(in->a < (uint32_t)fn->strings.len ? fn->strings.data[in->a] : "?", out);
    }
    return;
  case IR_UNREACHABLE: strbuf_printf(out, "unreachable"); return;
  default: {
    strbuf_puts(out, nb);
    uint32_t ops[3] = {in->a, in->b, in->c};
    for (int i = 0; i < ir_op_info[op].nargs; i++) {
      strbuf_puts(out, i ? ", " : " ");
      value_ref(ops[i], out);
    }
    break;
  }
  }
  if (has_result || op == IR_CALL) {
    strbuf_puts(out, " : ");
    strbuf_puts(out, type_name(in->type, tb));
  }
}

static void print_func(const IrFunc *fn, const IrProgram *prog, StrBuf *out) {
  char tb[32];
  strbuf_printf(out, "func %s(", fn->symbol);
  for (int i = 0; i < fn->params.len; i++)
    strbuf_printf(out, "%s%s: %s", i ? ", " : "", i < fn->param_names.len ? fn->param_names.data[i] : "?",
                  type_name(fn->params.data[i], tb));
  strbuf_printf(out, ") -> %s {\n", type_name(fn->ret, tb));
  for (int i = 0; i < fn->locals.len; i++)
    strbuf_printf(out, "  local %s : %s\n", fn->locals.data[i].name, type_name(fn->locals.data[i].type, tb));
  for (int bi = 0; bi < fn->blocks.len; bi++) {
    const IrBlock *b = fn->blocks.data[bi];
    block_ref(fn, b->id, out);
    strbuf_puts(out, ":\n");
    for (int i = 0; i < b->insts.len; i++) {
      const IrInst *in = &b->insts.data[i];
      size_t start = out->len;
      strbuf_puts(out, "  ");
      print_inst(fn, prog, in, out);
      if (fn->src && in->span.start >= 0 && in->span.start <= fn->src->len) {
        int line, col;
        source_line_col(fn->src, in->span.start, &line, &col);
        for (size_t width = out->len - start; width < 39; width++) strbuf_putc(out, ' ');
        strbuf_puts(out, " ; ");
        strbuf_put_uint(out, (uint64_t)line);
        strbuf_putc(out, ':');
        strbuf_put_uint(out, (uint64_t)col);
      }
      strbuf_putc(out, '\n');
    }
  }
  strbuf_printf(out, "}\n");
}

void ir_print_func(const IrFunc *fn, StrBuf *out) { print_func(fn, NULL, out); }

void ir_print_program(const IrProgram *p, StrBuf *out) {
  for (int i = 0; i < p->funcs.len; i++) {
    if (i) strbuf_putc(out, '\n');
    print_func(p->funcs.data[i], p, out);
  }
}
