/* ast.c: printing the AST for `krait dump --stage=ast` and tests, and operator symbols. Two forms:
 * ast_print_expr gives a one-line S-expression ("(neg (** 2 2))"); ast_print_func an indented tree,
 * one node per line with its line:col. */
#include "frontend.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *binop_symbol(BinOp op) {
  static const char *const names[] = {"+", "-", "*", "/", "//", "%", "**", "<<", ">>", "&", "|", "^", "@"};
  return (unsigned)op < sizeof names / sizeof names[0] ? names[op] : "?";
}

const char *cmpop_symbol(CmpOp op) {
  static const char *const names[] = {"==", "!=", "<", "<=", ">", ">=", "is", "is not", "in", "not in"};
  return (unsigned)op < sizeof names / sizeof names[0] ? names[op] : "?";
}

static const char *unary_name(UnaryOp op) {
  switch (op) {
  case UN_NEG: return "neg";
  case UN_POS: return "pos";
  case UN_INVERT: return "invert";
  case UN_NOT: return "not";
  }
  return "?";
}

/* Shortest text that reads back as the same double, always with a '.' or exponent. */
static void print_float(double v, StrBuf *out) {
  if (isinf(v)) {
    strbuf_printf(out, v > 0 ? "inf" : "-inf");
    return;
  }
  if (isnan(v)) {
    strbuf_printf(out, "nan");
    return;
  }
  char buf[40];
  for (int prec = 1; prec <= 17; prec++) {
    snprintf(buf, sizeof buf, "%.*g", prec, v);
    if (strtod(buf, NULL) == v) break;
  }
  strbuf_printf(out, "%s", buf);
  if (!strpbrk(buf, ".eE")) strbuf_printf(out, ".0");
}

static void print_quoted(const char *s, bool bytes, StrBuf *out) {
  strbuf_printf(out, "%s'", bytes ? "b" : "");
  for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
    switch (*c) {
    case '\n': strbuf_printf(out, "\\n"); break;
    case '\t': strbuf_printf(out, "\\t"); break;
    case '\r': strbuf_printf(out, "\\r"); break;
    case '\\': strbuf_printf(out, "\\\\"); break;
    case '\'': strbuf_printf(out, "\\'"); break;
    default:
      if (*c < 0x20 || *c == 0x7f || (bytes && *c >= 0x80)) strbuf_printf(out, "\\x%02x", *c);
      else strbuf_putc(out, (char)*c);
    }
  }
  strbuf_putc(out, '\'');
}

static void print_opt(const Expr *e, StrBuf *out) {
  if (e) ast_print_expr(e, out);
  else strbuf_putc(out, '_');
}

static void print_list(const char *head, const ExprVec *v, StrBuf *out) {
  strbuf_printf(out, "(%s", head);
  for (int i = 0; i < v->len; i++) {
    strbuf_putc(out, ' ');
    ast_print_expr(v->data[i], out);
  }
  strbuf_putc(out, ')');
}

void ast_print_expr(const Expr *e, StrBuf *out) {
  if (!e) {
    strbuf_printf(out, "<null>");
    return;
  }
  switch (e->kind) {
  case EXPR_INT: strbuf_printf(out, "%lld", (long long)e->u.int_val); break;
  case EXPR_FLOAT: print_float(e->u.float_val, out); break;
  case EXPR_IMAG: print_float(e->u.float_val, out); strbuf_putc(out, 'j'); break;
  case EXPR_BOOL: strbuf_printf(out, "%s", e->u.bool_val ? "True" : "False"); break;
  case EXPR_NONE: strbuf_printf(out, "None"); break;
  case EXPR_STRING: print_quoted(e->u.str, false, out); break;
  case EXPR_BYTES: print_quoted(e->u.str, true, out); break;
  case EXPR_ELLIPSIS: strbuf_printf(out, "..."); break;
  case EXPR_NAME: strbuf_printf(out, "%s", e->u.name); break;
  case EXPR_ATTR:
    strbuf_printf(out, "(attr ");
    ast_print_expr(e->u.attr.value, out);
    strbuf_printf(out, " %s)", e->u.attr.attr);
    break;
  case EXPR_UNARY:
    strbuf_printf(out, "(%s ", unary_name(e->u.unary.op));
    ast_print_expr(e->u.unary.operand, out);
    strbuf_putc(out, ')');
    break;
  case EXPR_BINOP:
    strbuf_printf(out, "(%s ", binop_symbol(e->u.binop.op));
    ast_print_expr(e->u.binop.left, out);
    strbuf_putc(out, ' ');
    ast_print_expr(e->u.binop.right, out);
    strbuf_putc(out, ')');
    break;
  case EXPR_BOOLOP: print_list(e->u.boolop.op == BOOL_AND ? "and" : "or", &e->u.boolop.values, out); break;
  case EXPR_COMPARE:
    strbuf_printf(out, "(cmp ");
    for (int i = 0; i < e->u.compare.operands.len; i++) {
      if (i > 0) strbuf_printf(out, " %s ", cmpop_symbol(e->u.compare.ops.data[i - 1]));
      ast_print_expr(e->u.compare.operands.data[i], out);
    }
    strbuf_putc(out, ')');
    break;
  case EXPR_IFEXP:
    strbuf_printf(out, "(ifexp ");
    ast_print_expr(e->u.ifexp.cond, out);
    strbuf_putc(out, ' ');
    ast_print_expr(e->u.ifexp.then, out);
    strbuf_putc(out, ' ');
    ast_print_expr(e->u.ifexp.orelse, out);
    strbuf_putc(out, ')');
    break;
  case EXPR_CALL:
    strbuf_printf(out, "(call ");
    ast_print_expr(e->u.call.func, out);
    for (int i = 0; i < e->u.call.args.len; i++) {
      strbuf_putc(out, ' ');
      ast_print_expr(e->u.call.args.data[i], out);
    }
    for (int i = 0; i < e->u.call.keywords.len; i++) {
      strbuf_printf(out, " %s=", e->u.call.keywords.data[i].name);
      ast_print_expr(e->u.call.keywords.data[i].value, out);
    }
    strbuf_putc(out, ')');
    break;
  case EXPR_SUBSCRIPT:
    strbuf_printf(out, "(index ");
    ast_print_expr(e->u.subscript.value, out);
    strbuf_putc(out, ' ');
    ast_print_expr(e->u.subscript.index, out);
    strbuf_putc(out, ')');
    break;
  case EXPR_SLICE:
    strbuf_printf(out, "(slice ");
    print_opt(e->u.slice.lower, out);
    strbuf_putc(out, ' ');
    print_opt(e->u.slice.upper, out);
    strbuf_putc(out, ' ');
    print_opt(e->u.slice.step, out);
    strbuf_putc(out, ')');
    break;
  case EXPR_TUPLE: print_list("tuple", &e->u.tuple.items, out); break;
  case EXPR_LIST: print_list("list", &e->u.tuple.items, out); break;
  case EXPR_STARRED:
    strbuf_printf(out, "(star ");
    ast_print_expr(e->u.starred.value, out);
    strbuf_putc(out, ')');
    break;
  case EXPR_UNSUPPORTED: strbuf_printf(out, "(unsupported \"%s\")", e->u.unsupported); break;
  }
}

/* ---- the tree form ---- */

typedef struct TreePrinter {
  const Source *src;
  StrBuf *out;
} TreePrinter;

static void line_start(TreePrinter *tp, int indent, const char *label) {
  for (int i = 0; i < indent; i++) strbuf_printf(tp->out, "  ");
  if (label) strbuf_printf(tp->out, "%s: ", label);
}

static void pos(TreePrinter *tp, Span s) {
  int line, col;
  source_line_col(tp->src, s.start, &line, &col);
  strbuf_printf(tp->out, " %d:%d\n", line, col);
}

static void tree_expr(TreePrinter *tp, const Expr *e, int indent, const char *label);

static void tree_exprs(TreePrinter *tp, const ExprVec *v, int indent) {
  for (int i = 0; i < v->len; i++) tree_expr(tp, v->data[i], indent, NULL);
}

static void tree_expr(TreePrinter *tp, const Expr *e, int indent, const char *label) {
  line_start(tp, indent, label);
  StrBuf *out = tp->out;
  if (!e) {
    strbuf_printf(out, "<none>\n");
    return;
  }
  switch (e->kind) {
  case EXPR_INT: case EXPR_FLOAT: case EXPR_IMAG: case EXPR_BOOL: case EXPR_NONE:
  case EXPR_STRING: case EXPR_BYTES: case EXPR_ELLIPSIS: case EXPR_NAME:
    strbuf_printf(out, "%s ", e->kind == EXPR_NAME ? "name" : "const");
    ast_print_expr(e, out);
    pos(tp, e->span);
    return;
  case EXPR_ATTR:
    strbuf_printf(out, "attr .%s", e->u.attr.attr);
    pos(tp, e->span);
    tree_expr(tp, e->u.attr.value, indent + 1, NULL);
    return;
  case EXPR_UNARY:
    strbuf_printf(out, "unary %s", unary_name(e->u.unary.op));
    pos(tp, e->span);
    tree_expr(tp, e->u.unary.operand, indent + 1, NULL);
    return;
  case EXPR_BINOP:
    strbuf_printf(out, "binop %s", binop_symbol(e->u.binop.op));
    pos(tp, e->span);
    tree_expr(tp, e->u.binop.left, indent + 1, NULL);
    tree_expr(tp, e->u.binop.right, indent + 1, NULL);
    return;
  case EXPR_BOOLOP:
    strbuf_printf(out, "boolop %s", e->u.boolop.op == BOOL_AND ? "and" : "or");
    pos(tp, e->span);
    tree_exprs(tp, &e->u.boolop.values, indent + 1);
    return;
  case EXPR_COMPARE:
    strbuf_printf(out, "compare");
    for (int i = 0; i < e->u.compare.ops.len; i++)
      strbuf_printf(out, " %s", cmpop_symbol(e->u.compare.ops.data[i]));
    pos(tp, e->span);
    tree_exprs(tp, &e->u.compare.operands, indent + 1);
    return;
  case EXPR_IFEXP:
    strbuf_printf(out, "ifexp");
    pos(tp, e->span);
    tree_expr(tp, e->u.ifexp.cond, indent + 1, "cond");
    tree_expr(tp, e->u.ifexp.then, indent + 1, "then");
    tree_expr(tp, e->u.ifexp.orelse, indent + 1, "else");
    return;
  case EXPR_CALL:
    strbuf_printf(out, "call");
    pos(tp, e->span);
    tree_expr(tp, e->u.call.func, indent + 1, "func");
    tree_exprs(tp, &e->u.call.args, indent + 1);
    for (int i = 0; i < e->u.call.keywords.len; i++)
      tree_expr(tp, e->u.call.keywords.data[i].value, indent + 1, e->u.call.keywords.data[i].name);
    return;
  case EXPR_SUBSCRIPT:
    strbuf_printf(out, "subscript");
    pos(tp, e->span);
    tree_expr(tp, e->u.subscript.value, indent + 1, NULL);
    tree_expr(tp, e->u.subscript.index, indent + 1, "index");
    return;
  case EXPR_SLICE:
    strbuf_printf(out, "slice");
    pos(tp, e->span);
    if (e->u.slice.lower) tree_expr(tp, e->u.slice.lower, indent + 1, "lower");
    if (e->u.slice.upper) tree_expr(tp, e->u.slice.upper, indent + 1, "upper");
    if (e->u.slice.step) tree_expr(tp, e->u.slice.step, indent + 1, "step");
    return;
  case EXPR_TUPLE:
  case EXPR_LIST:
    strbuf_printf(out, "%s", e->kind == EXPR_TUPLE ? "tuple" : "list");
    pos(tp, e->span);
    tree_exprs(tp, &e->u.tuple.items, indent + 1);
    return;
  case EXPR_STARRED:
    strbuf_printf(out, "starred");
    pos(tp, e->span);
    tree_expr(tp, e->u.starred.value, indent + 1, NULL);
    return;
  case EXPR_UNSUPPORTED:
    strbuf_printf(out, "unsupported \"%s\"", e->u.unsupported);
    pos(tp, e->span);
    return;
  }
}

static void tree_stmts(TreePrinter *tp, const StmtVec *v, int indent, const char *label);

static const char *stmt_name(StmtKind k) {
  switch (k) {
  case STMT_EXPR: return "expr";
  case STMT_ASSIGN: return "assign";
  case STMT_AUGASSIGN: return "augassign";
  case STMT_ANNASSIGN: return "annassign";
  case STMT_IF: return "if";
  case STMT_WHILE: return "while";
  case STMT_FOR: return "for";
  case STMT_BREAK: return "break";
  case STMT_CONTINUE: return "continue";
  case STMT_RETURN: return "return";
  case STMT_PASS: return "pass";
  case STMT_ASSERT: return "assert";
  case STMT_RAISE: return "raise";
  case STMT_IMPORT: return "import";
  case STMT_IMPORTFROM: return "from-import";
  case STMT_GLOBAL: return "global";
  case STMT_NONLOCAL: return "nonlocal";
  case STMT_DEL: return "del";
  case STMT_UNSUPPORTED: return "unsupported";
  }
  return "?";
}

static void tree_stmt(TreePrinter *tp, const Stmt *s, int indent) {
  line_start(tp, indent, NULL);
  StrBuf *out = tp->out;
  strbuf_printf(out, "%s", stmt_name(s->kind));
  int in = indent + 1;
  switch (s->kind) {
  case STMT_EXPR:
  case STMT_DEL:
    pos(tp, s->span);
    tree_expr(tp, s->u.expr, in, NULL);
    break;
  case STMT_ASSIGN:
    pos(tp, s->span);
    for (int i = 0; i < s->u.assign.targets.len; i++)
      tree_expr(tp, s->u.assign.targets.data[i], in, "target");
    tree_expr(tp, s->u.assign.value, in, "value");
    break;
  case STMT_AUGASSIGN:
    strbuf_printf(out, " %s=", binop_symbol(s->u.augassign.op));
    pos(tp, s->span);
    tree_expr(tp, s->u.augassign.target, in, "target");
    tree_expr(tp, s->u.augassign.value, in, "value");
    break;
  case STMT_ANNASSIGN:
    pos(tp, s->span);
    tree_expr(tp, s->u.annassign.target, in, "target");
    tree_expr(tp, s->u.annassign.annotation, in, "annotation");
    if (s->u.annassign.value) tree_expr(tp, s->u.annassign.value, in, "value");
    break;
  case STMT_IF:
    pos(tp, s->span);
    tree_expr(tp, s->u.if_.cond, in, "cond");
    tree_stmts(tp, &s->u.if_.then, in, "then");
    if (s->u.if_.orelse.len) tree_stmts(tp, &s->u.if_.orelse, in, "else");
    break;
  case STMT_WHILE:
    pos(tp, s->span);
    tree_expr(tp, s->u.while_.cond, in, "cond");
    tree_stmts(tp, &s->u.while_.body, in, "body");
    if (s->u.while_.orelse.len) tree_stmts(tp, &s->u.while_.orelse, in, "else");
    break;
  case STMT_FOR:
    pos(tp, s->span);
    tree_expr(tp, s->u.for_.target, in, "target");
    tree_expr(tp, s->u.for_.iter, in, "iter");
    tree_stmts(tp, &s->u.for_.body, in, "body");
    if (s->u.for_.orelse.len) tree_stmts(tp, &s->u.for_.orelse, in, "else");
    break;
  case STMT_RETURN:
    pos(tp, s->span);
    if (s->u.ret.value) tree_expr(tp, s->u.ret.value, in, NULL);
    break;
  case STMT_ASSERT:
    pos(tp, s->span);
    tree_expr(tp, s->u.assert_.cond, in, "cond");
    if (s->u.assert_.msg) tree_expr(tp, s->u.assert_.msg, in, "msg");
    break;
  case STMT_RAISE:
    pos(tp, s->span);
    if (s->u.raise.exc) tree_expr(tp, s->u.raise.exc, in, "exc");
    if (s->u.raise.cause) tree_expr(tp, s->u.raise.cause, in, "cause");
    break;
  case STMT_IMPORT:
  case STMT_IMPORTFROM:
    if (s->kind == STMT_IMPORTFROM)
      strbuf_printf(out, " %.*s%s", s->u.import.level, "........................................",
                    s->u.import.module);
    for (int i = 0; i < s->u.import.names.len; i++) {
      const ImportName *n = &s->u.import.names.data[i];
      strbuf_printf(out, "%s %s", i ? "," : "", n->name);
      if (n->asname) strbuf_printf(out, " as %s", n->asname);
    }
    pos(tp, s->span);
    break;
  case STMT_GLOBAL:
  case STMT_NONLOCAL:
    for (int i = 0; i < s->u.names.len; i++) strbuf_printf(out, "%s %s", i ? "," : "", s->u.names.data[i]);
    pos(tp, s->span);
    break;
  case STMT_UNSUPPORTED:
    strbuf_printf(out, " \"%s\"", s->u.unsupported);
    pos(tp, s->span);
    break;
  case STMT_BREAK:
  case STMT_CONTINUE:
  case STMT_PASS:
    pos(tp, s->span);
    break;
  }
}

static void tree_stmts(TreePrinter *tp, const StmtVec *v, int indent, const char *label) {
  line_start(tp, indent, NULL);
  strbuf_printf(tp->out, "%s:\n", label);
  for (int i = 0; i < v->len; i++) tree_stmt(tp, v->data[i], indent + 1);
}

void ast_print_func(const FuncDef *f, const Source *src, StrBuf *out) {
  TreePrinter tp = {src, out};
  strbuf_printf(out, "def %s", f->name);
  pos(&tp, f->name_span);
  if (f->jit.is_jit) {
    strbuf_printf(out, "  jit");
    for (int i = 0; i < f->jit.keywords.len; i++) {
      strbuf_printf(out, " %s=", f->jit.keywords.data[i].name);
      ast_print_expr(f->jit.keywords.data[i].value, out);
    }
    pos(&tp, f->jit.span);
  }
  if (f->has_varargs) {
    strbuf_printf(out, "  varargs");
    pos(&tp, f->varargs_span);
  }
  for (int i = 0; i < f->params.len; i++) {
    const Param *prm = &f->params.data[i];
    strbuf_printf(out, "  param %s", prm->name);
    pos(&tp, prm->span);
    if (prm->annotation) tree_expr(&tp, prm->annotation, 2, "annotation");
    if (prm->default_value) tree_expr(&tp, prm->default_value, 2, "default");
  }
  if (f->returns) tree_expr(&tp, f->returns, 1, "returns");
  tree_stmts(&tp, &f->body, 1, "body");
}
