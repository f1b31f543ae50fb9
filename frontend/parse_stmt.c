/* parse_stmt.c: recursive descent for statements, blocks and function definitions, on top of
 * parse_expr.c. Compound statements outside the subset (class, try, with, nested def, ...) become
 * STMT_UNSUPPORTED and are skipped whole. After a syntax error the parser reports once, skips to the
 * next NEWLINE at the current nesting level (and any block that follows) and goes on, so several
 * errors in one function are all reported. */
#include "frontend.h"

#include <string.h>

void parse_skip_statement(Parser *p) {
  int depth = 0;
  for (;;) {
    TokenKind k = parse_peek(p)->kind;
    if (k == TOK_EOF) return;
    if (k == TOK_INDENT) {
      depth++;
    } else if (k == TOK_DEDENT) {
      if (depth == 0) return; /* closes the enclosing block: not ours */
      parse_advance(p);
      if (--depth == 0) return;
      continue;
    } else if (k == TOK_NEWLINE) {
      parse_advance(p);
      if (depth == 0 && parse_peek(p)->kind != TOK_INDENT) return;
      continue;
    }
    parse_advance(p);
  }
}

static bool at(const Parser *p, TokenKind k) { return parse_peek(p)->kind == k; }

static Stmt *new_stmt(Parser *p, StmtKind kind, Span span) {
  Stmt *s = arena_new(p->arena, Stmt);
  s->kind = kind;
  s->span = span;
  return s;
}

static char *token_text(Parser *p, const Token *t) {
  return arena_strndup(p->arena, p->src->text + t->span.start, (size_t)(t->span.end - t->span.start));
}

static Span from(const Parser *p, Span start) { return span_join(start, parse_prev_end_span(p)); }

/* ---- blocks ---- */

static bool is_compound_start(const Parser *p) {
  switch (parse_peek(p)->kind) {
  case TOK_IF: case TOK_WHILE: case TOK_FOR: case TOK_DEF: case TOK_CLASS: case TOK_TRY:
  case TOK_WITH: case TOK_ASYNC: case TOK_AT:
    return true;
  default:
    return false;
  }
}

/* block = ":" (simple_stmt (";" simple_stmt)* [";"] NEWLINE | NEWLINE INDENT stmt+ DEDENT)
 * `after` names what precedes the colon, for messages ("'if' condition"). On a missing ':' the
 * rest of the header and the block are skipped; returns false after any error in the header. */
static bool parse_block_after(Parser *p, StmtVec *out, const char *after) {
  if (!parse_accept(p, TOK_COLON)) {
    parse_error_expected(p, parse_peek(p), arena_printf(p->arena, "':' after %s", after));
    parse_skip_statement(p);
    return false;
  }
  if (!parse_accept(p, TOK_NEWLINE)) {
    /* simple statements on the same line as the header */
    if (is_compound_start(p)) {
      parse_error_expected(p, parse_peek(p),
                           "a simple statement after ':' (a compound statement must start on its own line)");
      parse_skip_statement(p);
      return false;
    }
    for (;;) {
      const Token *t = parse_peek(p);
      if (t->kind == TOK_EOF || t->kind == TOK_DEDENT) break;
      Stmt *s = parse_stmt(p);
      if (s) vec_push(p->arena, out, s);
      if (p->pos > 0 && p->toks[p->pos - 1].kind == TOK_NEWLINE) break;
      if (!s && p->pos > 0 && p->toks[p->pos - 1].kind == TOK_DEDENT) break;
    }
    return true;
  }
  if (!at(p, TOK_INDENT)) {
    parse_error_expected(p, parse_peek(p), arena_printf(p->arena, "an indented block after %s", after));
    return false;
  }
  if (++p->depth > PARSE_MAX_DEPTH) {
    parse_error(p, parse_peek(p)->span, "blocks nested too deeply (more than %d levels)",
               PARSE_MAX_DEPTH);
    parse_skip_statement(p); /* at the INDENT: skips the whole block */
    p->depth--;
    return false;
  }
  parse_advance(p); /* INDENT */
  while (!at(p, TOK_DEDENT) && !at(p, TOK_EOF)) {
    int before = p->pos;
    Stmt *s = parse_stmt(p);
    if (s) vec_push(p->arena, out, s);
    if (p->pos == before) parse_advance(p); /* cannot happen; guards against a stuck loop */
  }
  parse_accept(p, TOK_DEDENT);
  p->depth--;
  return true;
}

bool parse_block(Parser *p, StmtVec *out) { return parse_block_after(p, out, "the statement header"); }

/* Skips the clauses that continue a compound statement whose header failed (elif/else/...). */
static void skip_clauses(Parser *p, TokenKind a, TokenKind b, TokenKind c) {
  for (;;) {
    TokenKind k = parse_peek(p)->kind;
    if (k != a && k != b && k != c) return;
    parse_skip_statement(p);
  }
}

/* ---- compound statements ---- */

/* if_stmt = "if" expr block ("elif" expr block)* ["else" block]
 * Each elif becomes an IF inside the previous orelse; the chain is built in a loop so that a long
 * elif ladder does not recurse. */
static Stmt *parse_if(Parser *p) {
  Stmt *head = NULL, *last = NULL;
  Vec(Stmt *) chain = {0}; /* every IF of the ladder, to set their spans at the end */
  for (;;) {
    const Token *kw = parse_advance(p); /* 'if' or 'elif' */
    Stmt *s = new_stmt(p, STMT_IF, kw->span);
    s->u.if_.cond = parse_expr(p);
    if (!s->u.if_.cond) {
      parse_skip_statement(p);
      skip_clauses(p, TOK_ELIF, TOK_ELSE, TOK_ELSE);
      return NULL;
    }
    if (!parse_block_after(p, &s->u.if_.then, kw->kind == TOK_ELIF ? "'elif' condition" : "'if' condition")) {
      skip_clauses(p, TOK_ELIF, TOK_ELSE, TOK_ELSE);
      return NULL;
    }
    if (last) vec_push(p->arena, &last->u.if_.orelse, s);
    else head = s;
    last = s;
    vec_push(p->arena, &chain, s);
    if (!at(p, TOK_ELIF)) break;
  }
  if (parse_accept(p, TOK_ELSE) && !parse_block_after(p, &last->u.if_.orelse, "'else'")) return NULL;
  Span end = parse_prev_end_span(p);
  for (int i = 0; i < chain.len; i++) chain.data[i]->span = span_join(chain.data[i]->span, end);
  return head;
}

/* while_stmt = "while" expr block ["else" block] */
static Stmt *parse_while(Parser *p) {
  const Token *kw = parse_advance(p);
  Stmt *s = new_stmt(p, STMT_WHILE, kw->span);
  s->u.while_.cond = parse_expr(p);
  if (!s->u.while_.cond) {
    parse_skip_statement(p);
    skip_clauses(p, TOK_ELSE, TOK_ELSE, TOK_ELSE);
    return NULL;
  }
  if (!parse_block_after(p, &s->u.while_.body, "'while' condition")) {
    skip_clauses(p, TOK_ELSE, TOK_ELSE, TOK_ELSE);
    return NULL;
  }
  if (parse_accept(p, TOK_ELSE) && !parse_block_after(p, &s->u.while_.orelse, "'else'")) return NULL;
  s->span = from(p, kw->span);
  return s;
}

/* for_stmt = "for" target_list "in" expr_list block ["else" block] */
static Stmt *parse_for(Parser *p) {
  const Token *kw = parse_advance(p);
  Stmt *s = new_stmt(p, STMT_FOR, kw->span);
  s->u.for_.target = parse_target_list(p);
  if (s->u.for_.target && !parse_accept(p, TOK_IN)) {
    parse_error_expected(p, parse_peek(p), "'in' after 'for' target");
    s->u.for_.target = NULL;
  }
  if (s->u.for_.target) s->u.for_.iter = parse_expr_list(p);
  if (!s->u.for_.iter) {
    parse_skip_statement(p);
    skip_clauses(p, TOK_ELSE, TOK_ELSE, TOK_ELSE);
    return NULL;
  }
  if (!parse_block_after(p, &s->u.for_.body, "'for' clause")) {
    skip_clauses(p, TOK_ELSE, TOK_ELSE, TOK_ELSE);
    return NULL;
  }
  if (parse_accept(p, TOK_ELSE) && !parse_block_after(p, &s->u.for_.orelse, "'else'")) return NULL;
  s->span = from(p, kw->span);
  return s;
}

/* A compound statement outside the subset: skipped whole, with its continuation clauses
 * (except/else/finally) and, for decorators, the decorated definition. */
static Stmt *parse_unsupported_compound(Parser *p, const char *what) {
  const Token *first = parse_peek(p);
  bool decorated = first->kind == TOK_AT;
  Span header = first->span;
  /* the span covers the header line, which is what a message should point at */
  for (int i = p->pos; i < p->ntoks && p->toks[i].kind != TOK_NEWLINE && p->toks[i].kind != TOK_EOF; i++) {
    if (p->toks[i].kind == TOK_COLON) {
      header = span_join(header, p->toks[i].span);
      break;
    }
    header = span_join(header, p->toks[i].span);
  }
  if (decorated) {
    while (at(p, TOK_AT)) parse_skip_statement(p);
    if (!at(p, TOK_EOF) && !at(p, TOK_DEDENT)) parse_skip_statement(p); /* the def or class */
  } else {
    parse_skip_statement(p);
  }
  skip_clauses(p, TOK_EXCEPT, TOK_ELSE, TOK_FINALLY);
  Stmt *s = new_stmt(p, STMT_UNSUPPORTED, header);
  s->u.unsupported = what;
  return s;
}

/* `match` is a soft keyword: the line starts with the name match and ends with ':' + a block. */
static bool at_match_statement(const Parser *p) {
  const Token *t = parse_peek(p);
  if (t->kind != TOK_NAME || t->span.end - t->span.start != 5 ||
      memcmp(p->src->text + t->span.start, "match", 5) != 0)
    return false;
  int i = p->pos + 1;
  TokenKind next = i < p->ntoks ? p->toks[i].kind : TOK_EOF;
  if (next == TOK_ASSIGN || next == TOK_DOT || next == TOK_COLON || next == TOK_NEWLINE || next == TOK_COMMA)
    return false;
  while (i < p->ntoks && p->toks[i].kind != TOK_NEWLINE && p->toks[i].kind != TOK_EOF) i++;
  return i + 1 < p->ntoks && p->toks[i - 1].kind == TOK_COLON && p->toks[i + 1].kind == TOK_INDENT;
}

/* ---- simple statements ---- */

static const char *target_problem(const Expr *e) {
  switch (e->kind) {
  case EXPR_NAME: case EXPR_ATTR: case EXPR_SUBSCRIPT: return NULL;
  case EXPR_TUPLE: case EXPR_LIST:
    for (int i = 0; i < e->u.tuple.items.len; i++) {
      const char *why = target_problem(e->u.tuple.items.data[i]);
      if (why) return why;
    }
    return NULL;
  case EXPR_STARRED: return target_problem(e->u.starred.value);
  case EXPR_CALL: return "a function call";
  case EXPR_INT: case EXPR_FLOAT: case EXPR_IMAG: case EXPR_STRING: case EXPR_BYTES:
  case EXPR_BOOL: case EXPR_NONE: case EXPR_ELLIPSIS: return "a literal";
  case EXPR_COMPARE: return "a comparison";
  case EXPR_BOOLOP: return "a boolean expression";
  case EXPR_IFEXP: return "a conditional expression";
  case EXPR_UNSUPPORTED: return e->u.unsupported;
  default: return "an expression";
  }
}

static const Expr *bad_target(const Expr *e) {
  if (e->kind == EXPR_TUPLE || e->kind == EXPR_LIST) {
    for (int i = 0; i < e->u.tuple.items.len; i++) {
      const Expr *b = bad_target(e->u.tuple.items.data[i]);
      if (b) return b;
    }
    return NULL;
  }
  if (e->kind == EXPR_STARRED) return bad_target(e->u.starred.value);
  return target_problem(e) ? e : NULL;
}

static bool check_target(Parser *p, const Expr *e) {
  const Expr *b = bad_target(e);
  if (!b) return true;
  return parse_error(p, b->span, "cannot assign to %s", target_problem(b));
}

static bool aug_op(TokenKind k, BinOp *op) {
  switch (k) {
  case TOK_PLUS_ASSIGN: *op = BIN_ADD; return true;
  case TOK_MINUS_ASSIGN: *op = BIN_SUB; return true;
  case TOK_STAR_ASSIGN: *op = BIN_MUL; return true;
  case TOK_SLASH_ASSIGN: *op = BIN_DIV; return true;
  case TOK_DSLASH_ASSIGN: *op = BIN_FLOORDIV; return true;
  case TOK_PERCENT_ASSIGN: *op = BIN_MOD; return true;
  case TOK_DSTAR_ASSIGN: *op = BIN_POW; return true;
  case TOK_LSHIFT_ASSIGN: *op = BIN_LSHIFT; return true;
  case TOK_RSHIFT_ASSIGN: *op = BIN_RSHIFT; return true;
  case TOK_AMP_ASSIGN: *op = BIN_BITAND; return true;
  case TOK_PIPE_ASSIGN: *op = BIN_BITOR; return true;
  case TOK_CARET_ASSIGN: *op = BIN_BITXOR; return true;
  case TOK_AT_ASSIGN: *op = BIN_MATMUL; return true;
  default: return false;
  }
}

static bool is_single_target(const Expr *e) {
  return e->kind == EXPR_NAME || e->kind == EXPR_ATTR || e->kind == EXPR_SUBSCRIPT;
}

/* expr_stmt = expr_list ( ("=" expr_list)+ | aug_op expr_list | ":" expr ["=" expr_list] )? */
static Stmt *parse_expr_stmt(Parser *p) {
  Expr *first = parse_expr_list(p);
  if (!first) return NULL;
  const Token *t = parse_peek(p);
  BinOp op;
  if (t->kind == TOK_ASSIGN) {
    Stmt *s = new_stmt(p, STMT_ASSIGN, first->span);
    Expr *value = first;
    while (parse_accept(p, TOK_ASSIGN)) {
      if (!check_target(p, value)) return NULL;
      vec_push(p->arena, &s->u.assign.targets, value);
      value = parse_expr_list(p);
      if (!value) return NULL;
    }
    s->u.assign.value = value;
    s->span = span_join(first->span, value->span);
    return s;
  }
  if (aug_op(t->kind, &op)) {
    if (!is_single_target(first)) {
      const char *why = target_problem(first);
      parse_error(p, first->span,
                 "cannot use augmented assignment on %s (only a name, attribute or subscript)",
                 why                         ? why
                 : first->kind == EXPR_TUPLE ? "a tuple"
                 : first->kind == EXPR_LIST  ? "a list"
                                             : "this target");
      return NULL;
    }
    parse_advance(p);
    Expr *value = parse_expr_list(p);
    if (!value) return NULL;
    Stmt *s = new_stmt(p, STMT_AUGASSIGN, span_join(first->span, value->span));
    s->u.augassign.op = op;
    s->u.augassign.target = first;
    s->u.augassign.value = value;
    return s;
  }
  if (t->kind == TOK_COLON) {
    if (!is_single_target(first)) {
      parse_error(p, first->span,
                 "only a single name, attribute or subscript can be annotated");
      return NULL;
    }
    parse_advance(p);
    Expr *ann = parse_expr(p);
    if (!ann) return NULL;
    Stmt *s = new_stmt(p, STMT_ANNASSIGN, span_join(first->span, ann->span));
    s->u.annassign.target = first;
    s->u.annassign.annotation = ann;
    if (parse_accept(p, TOK_ASSIGN)) {
      if (!(s->u.annassign.value = parse_expr_list(p))) return NULL;
      s->span = span_join(s->span, s->u.annassign.value->span);
    }
    return s;
  }
  Stmt *s = new_stmt(p, STMT_EXPR, first->span);
  s->u.expr = first;
  return s;
}

/* dotted_name = NAME ("." NAME)* */
static const char *parse_dotted_name(Parser *p, Span *span) {
  const Token *t = parse_peek(p);
  if (t->kind != TOK_NAME) {
    parse_error_expected(p, t, "a module name");
    return NULL;
  }
  StrBuf b = {0};
  *span = t->span;
  for (;;) {
    const Token *n = parse_advance(p);
    strbuf_append(&b, p->src->text + n->span.start, (size_t)(n->span.end - n->span.start));
    *span = span_join(*span, n->span);
    if (!at(p, TOK_DOT)) break;
    parse_advance(p);
    if (!at(p, TOK_NAME)) {
      parse_error_expected(p, parse_peek(p), "a name after '.' in module name");
      strbuf_free(&b);
      return NULL;
    }
    strbuf_putc(&b, '.');
  }
  char *s = arena_strndup(p->arena, b.data, b.len);
  strbuf_free(&b);
  return s;
}

/* as_name = ["as" NAME] */
static bool parse_as_name(Parser *p, ImportName *in) {
  if (!parse_accept(p, TOK_AS)) return true;
  const Token *t = parse_peek(p);
  if (t->kind != TOK_NAME) return parse_error_expected(p, t, "a name after 'as'");
  parse_advance(p);
  in->asname = token_text(p, t);
  in->span = span_join(in->span, t->span);
  return true;
}

/* import_stmt = "import" dotted_name ["as" NAME] ("," dotted_name ["as" NAME])* */
static Stmt *parse_import(Parser *p) {
  const Token *kw = parse_advance(p);
  Stmt *s = new_stmt(p, STMT_IMPORT, kw->span);
  do {
    ImportName in = {0};
    if (!(in.name = parse_dotted_name(p, &in.span)) || !parse_as_name(p, &in)) return NULL;
    vec_push(p->arena, &s->u.import.names, in);
  } while (parse_accept(p, TOK_COMMA));
  s->span = from(p, kw->span);
  return s;
}

/* from_stmt = "from" ("." | "...")* [dotted_name] "import"
 *             ("*" | "(" import_as_names [","] ")" | import_as_names)
 * import_as_names = NAME ["as" NAME] ("," NAME ["as" NAME])* */
static Stmt *parse_from_import(Parser *p) {
  const Token *kw = parse_advance(p);
  Stmt *s = new_stmt(p, STMT_IMPORTFROM, kw->span);
  for (;;) {
    if (parse_accept(p, TOK_DOT)) s->u.import.level += 1;
    else if (parse_accept(p, TOK_ELLIPSIS)) s->u.import.level += 3;
    else break;
  }
  Span span;
  if (at(p, TOK_NAME)) {
    if (!(s->u.import.module = parse_dotted_name(p, &span))) return NULL;
  } else if (s->u.import.level == 0) {
    parse_error_expected(p, parse_peek(p), "a module name after 'from'");
    return NULL;
  } else {
    s->u.import.module = "";
  }
  if (!parse_accept(p, TOK_IMPORT)) {
    parse_error_expected(p, parse_peek(p), "'import' after the module name");
    return NULL;
  }
  const Token *t = parse_peek(p);
  if (t->kind == TOK_STAR) {
    parse_advance(p);
    ImportName in = {"*", NULL, t->span};
    vec_push(p->arena, &s->u.import.names, in);
  } else {
    const Token *open = parse_accept(p, TOK_LPAREN) ? t : NULL;
    do {
      if (open && at(p, TOK_RPAREN)) break;
      const Token *n = parse_peek(p);
      if (n->kind != TOK_NAME) {
        parse_error_expected(p, n, "a name to import");
        return NULL;
      }
      parse_advance(p);
      ImportName in = {token_text(p, n), NULL, n->span};
      if (!parse_as_name(p, &in)) return NULL;
      vec_push(p->arena, &s->u.import.names, in);
    } while (parse_accept(p, TOK_COMMA));
    if (open && !parse_accept(p, TOK_RPAREN)) {
      parse_error_expected(p, parse_peek(p), "')' to close the import list");
      return NULL;
    }
  }
  s->span = from(p, kw->span);
  return s;
}

/* global_stmt = ("global" | "nonlocal") NAME ("," NAME)* */
static Stmt *parse_global(Parser *p) {
  const Token *kw = parse_advance(p);
  Stmt *s = new_stmt(p, kw->kind == TOK_GLOBAL ? STMT_GLOBAL : STMT_NONLOCAL, kw->span);
  do {
    const Token *n = parse_peek(p);
    if (n->kind != TOK_NAME) {
      parse_error_expected(p, n, arena_printf(p->arena, "a name after '%s'", token_kind_name(kw->kind)));
      return NULL;
    }
    parse_advance(p);
    vec_push(p->arena, &s->u.names, token_text(p, n));
  } while (parse_accept(p, TOK_COMMA));
  s->span = from(p, kw->span);
  return s;
}

static bool at_simple_end(const Parser *p) {
  TokenKind k = parse_peek(p)->kind;
  return k == TOK_NEWLINE || k == TOK_SEMI || k == TOK_EOF || k == TOK_DEDENT;
}

/* simple_stmt = "pass" | "break" | "continue" | "return" [expr_list]
 *             | "raise" [expr ["from" expr]] | "assert" expr ["," expr]
 *             | "del" target_list | import_stmt | from_stmt | global_stmt | expr_stmt */
static Stmt *parse_simple_stmt(Parser *p) {
  const Token *kw = parse_peek(p);
  Stmt *s;
  switch (kw->kind) {
  case TOK_PASS:
  case TOK_BREAK:
  case TOK_CONTINUE:
    parse_advance(p);
    return new_stmt(p,
                    kw->kind == TOK_PASS    ? STMT_PASS
                    : kw->kind == TOK_BREAK ? STMT_BREAK
                                            : STMT_CONTINUE,
                    kw->span);
  case TOK_RETURN:
    parse_advance(p);
    s = new_stmt(p, STMT_RETURN, kw->span);
    if (!at_simple_end(p)) {
      if (!(s->u.ret.value = parse_expr_list(p))) return NULL;
      s->span = span_join(kw->span, s->u.ret.value->span);
    }
    return s;
  case TOK_RAISE:
    parse_advance(p);
    s = new_stmt(p, STMT_RAISE, kw->span);
    if (!at_simple_end(p)) {
      if (!(s->u.raise.exc = parse_expr(p))) return NULL;
      if (parse_accept(p, TOK_FROM) && !(s->u.raise.cause = parse_expr(p))) return NULL;
      s->span = from(p, kw->span);
    }
    return s;
  case TOK_ASSERT:
    parse_advance(p);
    s = new_stmt(p, STMT_ASSERT, kw->span);
    if (!(s->u.assert_.cond = parse_expr(p))) return NULL;
    if (parse_accept(p, TOK_COMMA) && !(s->u.assert_.msg = parse_expr(p))) return NULL;
    s->span = from(p, kw->span);
    return s;
  case TOK_DEL:
    parse_advance(p);
    s = new_stmt(p, STMT_DEL, kw->span);
    if (!(s->u.expr = parse_target_list(p))) return NULL;
    if (!check_target(p, s->u.expr)) return NULL;
    s->span = from(p, kw->span);
    return s;
  case TOK_IMPORT:
    return parse_import(p);
  case TOK_FROM:
    return parse_from_import(p);
  case TOK_GLOBAL:
  case TOK_NONLOCAL:
    return parse_global(p);
  default:
    if (!parse_starts_expr(kw->kind)) {
      parse_error_expected(p, kw, "a statement");
      return NULL;
    }
    return parse_expr_stmt(p);
  }
}

/* stmt = if_stmt | while_stmt | for_stmt | unsupported_compound
 *      | simple_stmt (";" | NEWLINE)        (one element of a `a; b; c` line per call) */
Stmt *parse_stmt(Parser *p) {
  const Token *t = parse_peek(p);
  switch (t->kind) {
  case TOK_IF: return parse_if(p);
  case TOK_WHILE: return parse_while(p);
  case TOK_FOR: return parse_for(p);
  case TOK_DEF: return parse_unsupported_compound(p, "nested function definitions");
  case TOK_CLASS: return parse_unsupported_compound(p, "class definitions");
  case TOK_TRY: return parse_unsupported_compound(p, "try statements");
  case TOK_WITH: return parse_unsupported_compound(p, "with statements");
  case TOK_AT: return parse_unsupported_compound(p, "decorated definitions inside a function");
  case TOK_ASYNC: {
    TokenKind next = p->pos + 1 < p->ntoks ? p->toks[p->pos + 1].kind : TOK_EOF;
    return parse_unsupported_compound(p, next == TOK_DEF   ? "async functions"
                                         : next == TOK_FOR ? "async for loops"
                                         : next == TOK_WITH ? "async with statements"
                                                            : "async statements");
  }
  case TOK_NEWLINE:
    parse_advance(p); /* a stray newline, e.g. after recovery */
    return NULL;
  case TOK_INDENT:
    parse_error(p, t->span, "unexpected indent");
    parse_skip_statement(p);
    return NULL;
  case TOK_DEDENT:
  case TOK_EOF:
    parse_error_expected(p, t, "a statement");
    return NULL;
  case TOK_ELIF:
  case TOK_ELSE:
  case TOK_EXCEPT:
  case TOK_FINALLY:
    parse_error(p, t->span, "'%s' without a matching '%s'", token_kind_name(t->kind),
               t->kind == TOK_ELIF ? "if" : t->kind == TOK_ELSE ? "if', 'for' or 'while" : "try");
    parse_skip_statement(p);
    return NULL;
  default:
    break;
  }
  if (at_match_statement(p)) {
    Stmt *s = parse_unsupported_compound(p, "match statements");
    /* the case blocks are inside the match block, already skipped */
    return s;
  }
  Stmt *s = parse_simple_stmt(p);
  if (!s) {
    parse_skip_statement(p);
    return NULL;
  }
  if (parse_accept(p, TOK_SEMI)) {
    parse_accept(p, TOK_NEWLINE); /* a trailing ';' ends the line */
    return s;
  }
  if (parse_accept(p, TOK_NEWLINE) || at(p, TOK_EOF)) return s;
  parse_error_expected(p, parse_peek(p), "newline or ';' after the statement");
  parse_skip_statement(p);
  return NULL;
}

/* ---- function definitions ---- */

/* param = NAME [":" expr] ["=" expr] | "*" [NAME [":" expr]] | "**" NAME [":" expr] | "/" */
static bool parse_param(Parser *p, FuncDef *f) {
  const Token *t = parse_peek(p);
  if (t->kind == TOK_STAR || t->kind == TOK_DSTAR || t->kind == TOK_SLASH) {
    parse_advance(p);
    bool first = !f->has_varargs;
    if (first) f->varargs_span = t->span;
    f->has_varargs = true;
    if (t->kind == TOK_SLASH) return true;
    if (t->kind == TOK_STAR && (at(p, TOK_COMMA) || at(p, TOK_RPAREN))) return true;
    const Token *n = parse_peek(p);
    if (n->kind != TOK_NAME)
      return parse_error_expected(
          p, n, arena_printf(p->arena, "a parameter name after '%s'", token_kind_name(t->kind)));
    parse_advance(p);
    if (first) f->varargs_span = span_join(f->varargs_span, n->span);
    if (parse_accept(p, TOK_COLON) && !parse_expr(p)) return false;
    return true;
  }
  if (t->kind != TOK_NAME) return parse_error_expected(p, t, "a parameter name");
  parse_advance(p);
  Param prm = {token_text(p, t), t->span, NULL, NULL};
  if (parse_accept(p, TOK_COLON)) {
    if (!(prm.annotation = parse_expr(p))) return false;
    prm.span = span_join(prm.span, prm.annotation->span);
  }
  if (parse_accept(p, TOK_ASSIGN)) {
    if (!(prm.default_value = parse_expr(p))) return false;
    prm.span = span_join(prm.span, prm.default_value->span);
  }
  for (int i = 0; i < f->params.len; i++)
    if (strcmp(f->params.data[i].name, prm.name) == 0)
      return parse_error(p, t->span, "duplicate parameter '%s' in function definition",
                        prm.name);
  vec_push(p->arena, &f->params, prm);
  return true;
}

/* funcdef = "def" NAME "(" [param ("," param)* [","]] ")" ["->" expr] block
 * Returns NULL when any syntax error was reported in the definition (all of them are reported). */
FuncDef *parse_funcdef(Parser *p) {
  int errors_before = p->errors;
  const Token *kw = parse_peek(p);
  if (kw->kind != TOK_DEF) {
    parse_error_expected(p, kw, "'def'");
    return NULL;
  }
  parse_advance(p);
  FuncDef *f = arena_new(p->arena, FuncDef);
  const Token *name = parse_peek(p);
  if (name->kind != TOK_NAME) {
    parse_error_expected(p, name, "a function name after 'def'");
    parse_skip_statement(p);
    return NULL;
  }
  parse_advance(p);
  f->name = token_text(p, name);
  f->name_span = name->span;
  const Token *open = parse_peek(p);
  bool ok = true;
  if (!parse_accept(p, TOK_LPAREN)) {
    ok = parse_error_expected(p, open, "'(' after the function name");
  } else {
    while (ok && !at(p, TOK_RPAREN)) {
      ok = parse_param(p, f);
      if (ok && !parse_accept(p, TOK_COMMA)) break;
    }
    if (ok && !parse_accept(p, TOK_RPAREN))
      ok = parse_error_expected(p, parse_peek(p), "',' or ')' in the parameter list");
  }
  if (ok && parse_accept(p, TOK_ARROW)) ok = (f->returns = parse_expr(p)) != NULL;
  if (!ok) {
    parse_skip_statement(p);
    return NULL;
  }
  parse_block_after(p, &f->body, "the function signature");
  f->span = from(p, kw->span);
  return p->errors > errors_before ? NULL : f;
}
