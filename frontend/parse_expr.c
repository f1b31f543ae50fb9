/* parse_expr.c: recursive descent for expressions, with Python's precedence, over the token array
 * of lex.c. Every node gets a span covering the whole construct. Constructs outside the subset are
 * parsed (or skipped) and returned as EXPR_UNSUPPORTED for the next stage to reject by name. On a
 * syntax error a function reports once and returns NULL; the statement parser recovers. */
#include "frontend.h"

#include <string.h>

/* ---- shared helpers ---- */

void parser_init(Parser *p, Arena *a, const Source *src, const TokenVec *toks, DiagList *d) {
  memset(p, 0, sizeof *p);
  p->arena = a;
  p->src = src;
  p->toks = toks->data;
  p->ntoks = toks->len;
  p->diags = d;
}

const Token *parse_peek(const Parser *p) {
  kr_assert(p->ntoks > 0);
  return &p->toks[p->pos < p->ntoks ? p->pos : p->ntoks - 1];
}

static const Token *peek_ahead(const Parser *p, int n) {
  int i = p->pos + n;
  return &p->toks[i < p->ntoks ? i : p->ntoks - 1];
}

const Token *parse_advance(Parser *p) {
  const Token *t = parse_peek(p);
  if (t->kind != TOK_EOF && p->pos < p->ntoks - 1) p->pos++;
  return t;
}

bool parse_accept(Parser *p, TokenKind k) {
  if (parse_peek(p)->kind != k) return false;
  parse_advance(p);
  return true;
}

static bool at(const Parser *p, TokenKind k) { return parse_peek(p)->kind == k; }

Span parse_prev_end_span(const Parser *p) {
  for (int i = p->pos - 1; i >= 0; i--) {
    TokenKind k = p->toks[i].kind;
    if (k != TOK_NEWLINE && k != TOK_INDENT && k != TOK_DEDENT) return p->toks[i].span;
  }
  return parse_peek(p)->span;
}

const char *parse_describe(const Parser *p, const Token *t) {
  switch (t->kind) {
  case TOK_EOF: return "end of file";
  case TOK_NEWLINE: return "newline";
  case TOK_INDENT: return "an indented block";
  case TOK_DEDENT: return "the end of the indented block";
  case TOK_STRING: return "a string literal";
  case TOK_BYTES: return "a bytes literal";
  case TOK_FSTRING: return "an f-string";
  case TOK_ERROR: return "an invalid token";
  default: break;
  }
  int32_t n = t->span.end - t->span.start;
  if (n > 40) return arena_printf(p->arena, "'%.37s...'", p->src->text + t->span.start);
  return arena_printf(p->arena, "'%.*s'", (int)n, p->src->text + t->span.start);
}

bool parse_error(Parser *p, Span span, const char *fmt, ...) {
  /* one error per position: a token that ends one construct badly often fails the next too */
  p->errors++;
  int line, col;
  source_line_col(p->src, span.start, &line, &col);
  const DiagList *d = p->diags;
  if (d->len > 0 && d->items[d->len - 1].level == DIAG_ERROR && d->items[d->len - 1].line == line &&
      d->items[d->len - 1].col == col)
    return false;
  va_list ap;
  va_start(ap, fmt);
  diag_add(p->diags, DIAG_ERROR, p->src, span, fmt, ap);
  va_end(ap);
  return false;
}

bool parse_error_expected(Parser *p, const Token *t, const char *what) {
  if (t->kind == TOK_ERROR) return parse_error(p, t->span, "%s", t->u.error);
  return parse_error(p, t->span, "expected %s, found %s", what, parse_describe(p, t));
}

Expr *parse_expr_new(Parser *p, ExprKind kind, Span span) {
  Expr *e = arena_new(p->arena, Expr);
  e->kind = kind;
  e->span = span;
  return e;
}

static Expr *unsupported(Parser *p, const char *what, Span span) {
  Expr *e = parse_expr_new(p, EXPR_UNSUPPORTED, span);
  e->u.unsupported = what;
  return e;
}

bool parse_starts_expr(TokenKind k) {
  switch (k) {
  case TOK_NAME: case TOK_INT: case TOK_FLOAT: case TOK_IMAG: case TOK_STRING: case TOK_BYTES:
  case TOK_FSTRING: case TOK_ERROR: case TOK_LPAREN: case TOK_LBRACKET: case TOK_LBRACE:
  case TOK_MINUS: case TOK_PLUS: case TOK_TILDE: case TOK_NOT: case TOK_LAMBDA: case TOK_AWAIT:
  case TOK_TRUE: case TOK_FALSE: case TOK_NONE: case TOK_ELLIPSIS: case TOK_STAR: case TOK_YIELD:
    return true;
  default:
    return false;
  }
}

static bool is_closer(TokenKind k) { return k == TOK_RPAREN || k == TOK_RBRACKET || k == TOK_RBRACE; }
static bool is_opener(TokenKind k) { return k == TOK_LPAREN || k == TOK_LBRACKET || k == TOK_LBRACE; }

/* Skips to the closing bracket of the innermost open bracket, without consuming it. Inside
 * brackets the lexer makes no NEWLINE, so EOF (or the end-of-file NEWLINE) bounds the loop. */
static void skip_to_closer(Parser *p) {
  int depth = 0;
  for (;;) {
    TokenKind k = parse_peek(p)->kind;
    if (k == TOK_EOF || k == TOK_NEWLINE) return;
    if (is_closer(k)) {
      if (depth == 0) return;
      depth--;
    } else if (is_opener(k)) {
      depth++;
    }
    parse_advance(p);
  }
}

/* Expects the closing bracket k of the construct opened at open. */
static bool expect_closer(Parser *p, TokenKind k, const Token *open) {
  if (parse_accept(p, k)) return true;
  int line, col;
  source_line_col(p->src, open->span.start, &line, &col);
  const char *what = arena_printf(p->arena, "'%s' to close the '%s' on line %d", token_kind_name(k),
                                  token_kind_name(open->kind), line);
  return parse_error_expected(p, parse_peek(p), what);
}

static bool enter(Parser *p) {
  if (++p->depth <= PARSE_MAX_DEPTH) return true;
  parse_error(p, parse_peek(p)->span, "expression nested too deeply (more than %d levels)",
             PARSE_MAX_DEPTH);
  return false;
}

static char *token_text(Parser *p, const Token *t) {
  return arena_strndup(p->arena, p->src->text + t->span.start, (size_t)(t->span.end - t->span.start));
}

static Expr *parse_or_test(Parser *p);
static Expr *parse_bitor(Parser *p);
static Expr *parse_factor(Parser *p);
static Expr *parse_star_expr(Parser *p);

/* ---- unsupported constructs that must still be skipped correctly ---- */

/* lambda = "lambda" [params] ":" expr */
static Expr *parse_lambda(Parser *p) {
  const Token *kw = parse_advance(p);
  int depth = 0;
  for (;;) {
    const Token *t = parse_peek(p);
    if (t->kind == TOK_EOF || t->kind == TOK_NEWLINE || (depth == 0 && is_closer(t->kind))) {
      parse_error_expected(p, t, "':' in lambda expression");
      return NULL;
    }
    if (depth == 0 && t->kind == TOK_COLON) break;
    if (is_opener(t->kind)) depth++;
    if (is_closer(t->kind)) depth--;
    parse_advance(p);
  }
  parse_advance(p); /* ':' */
  Expr *body = parse_expr(p);
  if (!body) return NULL;
  return unsupported(p, "lambda expressions", span_join(kw->span, body->span));
}

/* yield_expr = "yield" ["from" expr | expr_list] */
static Expr *parse_yield(Parser *p) {
  const Token *kw = parse_advance(p);
  Span span = kw->span;
  if (parse_accept(p, TOK_FROM)) {
    Expr *e = parse_expr(p);
    if (!e) return NULL;
    span = span_join(span, e->span);
  } else if (parse_starts_expr(parse_peek(p)->kind) && !at(p, TOK_YIELD)) {
    Expr *e = parse_expr_list(p);
    if (!e) return NULL;
    span = span_join(span, e->span);
  }
  return unsupported(p, "yield expressions", span);
}

/* A comprehension's `for ... in ... if ...` clauses, up to the closing bracket. */
static void skip_comprehension(Parser *p) { skip_to_closer(p); }

static bool at_comprehension(const Parser *p) {
  return at(p, TOK_FOR) || (at(p, TOK_ASYNC) && peek_ahead(p, 1)->kind == TOK_FOR);
}

/* brace_display = "{" ... "}"  (dicts, sets and their comprehensions; none is in the subset) */
static Expr *parse_brace_display(Parser *p) {
  const Token *open = parse_advance(p);
  bool is_dict = at(p, TOK_RBRACE) || at(p, TOK_DSTAR), is_comp = false;
  int depth = 0;
  for (;;) {
    TokenKind k = parse_peek(p)->kind;
    if (k == TOK_EOF || k == TOK_NEWLINE) break;
    if (is_closer(k)) {
      if (depth == 0) break;
      depth--;
    } else if (is_opener(k)) {
      depth++;
    } else if (depth == 0 && k == TOK_COLON) {
      is_dict = true;
    } else if (depth == 0 && k == TOK_FOR) {
      is_comp = true;
    } else if (depth == 0 && k == TOK_LAMBDA) {
      /* the ':' of a lambda is not a dict's: skip to the lambda's colon */
      parse_advance(p);
      int d2 = 0;
      while (!at(p, TOK_EOF) && !at(p, TOK_NEWLINE) &&
             !(d2 == 0 && (at(p, TOK_COLON) || is_closer(parse_peek(p)->kind)))) {
        if (is_opener(parse_peek(p)->kind)) d2++;
        if (is_closer(parse_peek(p)->kind)) d2--;
        parse_advance(p);
      }
      if (!at(p, TOK_COLON)) continue;
    }
    parse_advance(p);
  }
  if (!expect_closer(p, TOK_RBRACE, open)) return NULL;
  const char *what = is_comp ? (is_dict ? "dict comprehensions" : "set comprehensions")
                             : (is_dict ? "dict displays" : "set displays");
  return unsupported(p, what, span_join(open->span, parse_prev_end_span(p)));
}

/* ---- atoms ---- */

/* strings = (STRING | BYTES | FSTRING)+   adjacent literals are concatenated */
static Expr *parse_strings(Parser *p) {
  const Token *first = parse_peek(p);
  bool has_f = false, has_bytes = false, has_str = false;
  int start = p->pos;
  while (at(p, TOK_STRING) || at(p, TOK_BYTES) || at(p, TOK_FSTRING)) {
    TokenKind k = parse_advance(p)->kind;
    has_f |= k == TOK_FSTRING;
    has_bytes |= k == TOK_BYTES;
    has_str |= k != TOK_BYTES;
  }
  Span span = span_join(first->span, p->toks[p->pos - 1].span);
  if (has_bytes && has_str) {
    parse_error(p, span, "cannot mix bytes and nonbytes literals");
    return NULL;
  }
  if (has_f) return unsupported(p, "f-strings", span);
  StrBuf b = {0};
  strbuf_append(&b, "", 0);
  bool ok = true;
  for (int i = start; i < p->pos; i++) {
    char *v = lex_string_value(p->arena, p->src, &p->toks[i], p->diags);
    if (!v) {
      ok = false;
      p->errors++; /* lex_string_value reported it */
    }
    else strbuf_append(&b, v, strlen(v));
  }
  Expr *e = NULL;
  if (ok) {
    e = parse_expr_new(p, has_bytes ? EXPR_BYTES : EXPR_STRING, span);
    e->u.str = arena_strndup(p->arena, b.data, b.len);
  }
  strbuf_free(&b);
  return e;
}

/* paren = "(" ")" | "(" yield_expr ")" | "(" star_expr ("," star_expr)* [","] ")"
 *       | "(" expr comp_for ")" */
static Expr *parse_paren(Parser *p) {
  const Token *open = parse_advance(p);
  if (parse_accept(p, TOK_RPAREN))
    return parse_expr_new(p, EXPR_TUPLE, span_join(open->span, p->toks[p->pos - 1].span));
  Expr *first = parse_star_expr(p);
  if (!first) return NULL;
  if (at_comprehension(p)) {
    skip_comprehension(p);
    if (!expect_closer(p, TOK_RPAREN, open)) return NULL;
    return unsupported(p, "generator expressions", span_join(open->span, p->toks[p->pos - 1].span));
  }
  if (!at(p, TOK_COMMA)) {
    if (!expect_closer(p, TOK_RPAREN, open)) return NULL;
    /* the parenthesized expression itself, its span widened to the parentheses */
    first->span = span_join(open->span, p->toks[p->pos - 1].span);
    return first;
  }
  Expr *tup = parse_expr_new(p, EXPR_TUPLE, open->span);
  vec_push(p->arena, &tup->u.tuple.items, first);
  while (parse_accept(p, TOK_COMMA)) {
    if (at(p, TOK_RPAREN)) break;
    Expr *e = parse_star_expr(p);
    if (!e) return NULL;
    vec_push(p->arena, &tup->u.tuple.items, e);
  }
  if (!expect_closer(p, TOK_RPAREN, open)) return NULL;
  tup->span = span_join(open->span, p->toks[p->pos - 1].span);
  return tup;
}

/* list = "[" [star_expr ("," star_expr)* [","]] "]" | "[" expr comp_for "]" */
static Expr *parse_list(Parser *p) {
  const Token *open = parse_advance(p);
  Expr *list = parse_expr_new(p, EXPR_LIST, open->span);
  while (!at(p, TOK_RBRACKET)) {
    Expr *e = parse_star_expr(p);
    if (!e) return NULL;
    vec_push(p->arena, &list->u.tuple.items, e);
    if (list->u.tuple.items.len == 1 && at_comprehension(p)) {
      skip_comprehension(p);
      if (!expect_closer(p, TOK_RBRACKET, open)) return NULL;
      return unsupported(p, "list comprehensions", span_join(open->span, p->toks[p->pos - 1].span));
    }
    if (!parse_accept(p, TOK_COMMA)) break;
  }
  if (!expect_closer(p, TOK_RBRACKET, open)) return NULL;
  list->span = span_join(open->span, p->toks[p->pos - 1].span);
  return list;
}

/* atom = NAME | INT | FLOAT | IMAG | strings | "True" | "False" | "None" | "..."
 *      | paren | list | brace_display */
static Expr *parse_atom(Parser *p) {
  const Token *t = parse_peek(p);
  Expr *e;
  switch (t->kind) {
  case TOK_NAME:
    parse_advance(p);
    e = parse_expr_new(p, EXPR_NAME, t->span);
    e->u.name = token_text(p, t);
    return e;
  case TOK_INT:
    if (t->u.int_lit.overflow) {
      parse_error(p, t->span, "integer literal too large for int64 (krait ints are 64-bit)");
      return NULL;
    }
    parse_advance(p);
    e = parse_expr_new(p, EXPR_INT, t->span);
    e->u.int_val = t->u.int_lit.value;
    return e;
  case TOK_FLOAT:
  case TOK_IMAG:
    parse_advance(p);
    e = parse_expr_new(p, t->kind == TOK_FLOAT ? EXPR_FLOAT : EXPR_IMAG, t->span);
    e->u.float_val = t->u.float_val;
    return e;
  case TOK_STRING:
  case TOK_BYTES:
  case TOK_FSTRING:
    return parse_strings(p);
  case TOK_TRUE:
  case TOK_FALSE:
    parse_advance(p);
    e = parse_expr_new(p, EXPR_BOOL, t->span);
    e->u.bool_val = t->kind == TOK_TRUE;
    return e;
  case TOK_NONE:
    parse_advance(p);
    return parse_expr_new(p, EXPR_NONE, t->span);
  case TOK_ELLIPSIS:
    parse_advance(p);
    return parse_expr_new(p, EXPR_ELLIPSIS, t->span);
  case TOK_LPAREN:
    return parse_paren(p);
  case TOK_LBRACKET:
    return parse_list(p);
  case TOK_LBRACE:
    return parse_brace_display(p);
  default:
    parse_error_expected(p, t, "an expression");
    return NULL;
  }
}

/* ---- trailers ---- */

/* slice_item = expr | [expr] ":" [expr] [":" [expr]] | "*" bitor */
static Expr *parse_slice_item(Parser *p) {
  const Token *t = parse_peek(p);
  Expr *lower = NULL;
  if (t->kind == TOK_STAR) return parse_star_expr(p);
  if (t->kind != TOK_COLON) {
    lower = parse_expr(p);
    if (!lower) return NULL;
    if (!at(p, TOK_COLON)) return lower;
  }
  Span span = lower ? lower->span : t->span;
  parse_advance(p); /* ':' */
  span = span_join(span, p->toks[p->pos - 1].span);
  Expr *s = parse_expr_new(p, EXPR_SLICE, span);
  s->u.slice.lower = lower;
  TokenKind k = parse_peek(p)->kind;
  if (k != TOK_COLON && k != TOK_COMMA && k != TOK_RBRACKET) {
    if (!(s->u.slice.upper = parse_expr(p))) return NULL;
    s->span = span_join(s->span, s->u.slice.upper->span);
  }
  if (parse_accept(p, TOK_COLON)) {
    s->span = span_join(s->span, p->toks[p->pos - 1].span);
    k = parse_peek(p)->kind;
    if (k != TOK_COMMA && k != TOK_RBRACKET) {
      if (!(s->u.slice.step = parse_expr(p))) return NULL;
      s->span = span_join(s->span, s->u.slice.step->span);
    }
  }
  return s;
}

/* subscript = primary "[" slice_item ("," slice_item)* [","] "]"   (a TUPLE index on ',') */
static Expr *parse_subscript(Parser *p, Expr *value) {
  const Token *open = parse_advance(p);
  Expr *first = parse_slice_item(p);
  if (!first) return NULL;
  Expr *index = first;
  if (at(p, TOK_COMMA)) {
    index = parse_expr_new(p, EXPR_TUPLE, first->span);
    vec_push(p->arena, &index->u.tuple.items, first);
    while (parse_accept(p, TOK_COMMA)) {
      if (at(p, TOK_RBRACKET)) break;
      Expr *e = parse_slice_item(p);
      if (!e) return NULL;
      vec_push(p->arena, &index->u.tuple.items, e);
      index->span = span_join(index->span, e->span);
    }
  }
  if (!expect_closer(p, TOK_RBRACKET, open)) return NULL;
  Expr *e = parse_expr_new(p, EXPR_SUBSCRIPT, span_join(value->span, p->toks[p->pos - 1].span));
  e->u.subscript.value = value;
  e->u.subscript.index = index;
  return e;
}

/* call = primary "(" [arg ("," arg)* [","]] ")"
 * arg = NAME "=" expr | "*" expr | "**" expr | expr [comp_for] */
static Expr *parse_call(Parser *p, Expr *func) {
  const Token *open = parse_advance(p);
  Expr *call = parse_expr_new(p, EXPR_CALL, func->span);
  call->u.call.func = func;
  while (!at(p, TOK_RPAREN)) {
    const Token *t = parse_peek(p);
    if (t->kind == TOK_NAME && peek_ahead(p, 1)->kind == TOK_ASSIGN) {
      parse_advance(p);
      parse_advance(p);
      Expr *v = parse_expr(p);
      if (!v) return NULL;
      Keyword kw = {token_text(p, t), span_join(t->span, v->span), v};
      vec_push(p->arena, &call->u.call.keywords, kw);
    } else if (t->kind == TOK_DSTAR) {
      parse_advance(p);
      Expr *v = parse_expr(p);
      if (!v) return NULL;
      vec_push(p->arena, &call->u.call.args, unsupported(p, "'**' arguments", span_join(t->span, v->span)));
    } else {
      Expr *v = parse_star_expr(p);
      if (!v) return NULL;
      if (at_comprehension(p)) {
        skip_comprehension(p);
        v = unsupported(p, "generator expressions", span_join(v->span, parse_prev_end_span(p)));
      }
      if (call->u.call.keywords.len > 0 && v->kind != EXPR_STARRED) {
        parse_error(p, v->span, "positional argument follows keyword argument");
        return NULL;
      }
      vec_push(p->arena, &call->u.call.args, v);
    }
    if (!parse_accept(p, TOK_COMMA)) break;
  }
  if (!expect_closer(p, TOK_RPAREN, open)) return NULL;
  call->span = span_join(func->span, p->toks[p->pos - 1].span);
  return call;
}

/* primary = atom ("(" args ")" | "[" subscripts "]" | "." NAME)* */
static Expr *parse_primary(Parser *p) {
  Expr *e = parse_atom(p);
  while (e) {
    const Token *t = parse_peek(p);
    if (t->kind == TOK_LPAREN) {
      e = parse_call(p, e);
    } else if (t->kind == TOK_LBRACKET) {
      e = parse_subscript(p, e);
    } else if (t->kind == TOK_DOT) {
      parse_advance(p);
      const Token *name = parse_peek(p);
      if (name->kind != TOK_NAME) {
        parse_error_expected(p, name, "an attribute name after '.'");
        return NULL;
      }
      parse_advance(p);
      Expr *a = parse_expr_new(p, EXPR_ATTR, span_join(e->span, name->span));
      a->u.attr.value = e;
      a->u.attr.attr = token_text(p, name);
      a->u.attr.attr_span = name->span;
      e = a;
    } else {
      break;
    }
  }
  return e;
}

/* power = ["await"] primary ["**" factor]     (right-associative; binds tighter than a unary
 *                                              operator on its left: -2**2 is -(2**2)) */
static Expr *parse_power(Parser *p) {
  const Token *t = parse_peek(p);
  Expr *base;
  if (t->kind == TOK_AWAIT) {
    parse_advance(p);
    Expr *e = parse_primary(p);
    if (!e) return NULL;
    base = unsupported(p, "await expressions", span_join(t->span, e->span));
  } else {
    base = parse_primary(p);
  }
  if (!base || !parse_accept(p, TOK_DSTAR)) return base;
  if (!enter(p)) {
    p->depth--;
    return NULL;
  }
  Expr *exp = parse_factor(p);
  p->depth--;
  if (!exp) return NULL;
  Expr *e = parse_expr_new(p, EXPR_BINOP, span_join(base->span, exp->span));
  e->u.binop.op = BIN_POW;
  e->u.binop.left = base;
  e->u.binop.right = exp;
  return e;
}

/* factor = ("+" | "-" | "~") factor | power */
static Expr *parse_factor(Parser *p) {
  const Token *t = parse_peek(p);
  UnaryOp op;
  switch (t->kind) {
  case TOK_MINUS: op = UN_NEG; break;
  case TOK_PLUS: op = UN_POS; break;
  case TOK_TILDE: op = UN_INVERT; break;
  default: return parse_power(p);
  }
  /* -9223372036854775808 is NEG applied to 2**63, which only fits in int64 once negated */
  const Token *lit = peek_ahead(p, 1);
  TokenKind after = peek_ahead(p, 2)->kind;
  if (op == UN_NEG && lit->kind == TOK_INT && lit->u.int_lit.overflow && lit->u.int_lit.value == INT64_MIN &&
      after != TOK_DSTAR && after != TOK_DOT && after != TOK_LBRACKET && after != TOK_LPAREN) {
    parse_advance(p);
    parse_advance(p);
    Expr *e = parse_expr_new(p, EXPR_INT, span_join(t->span, lit->span));
    e->u.int_val = INT64_MIN;
    return e;
  }
  if (!enter(p)) {
    p->depth--;
    return NULL;
  }
  parse_advance(p);
  Expr *operand = parse_factor(p);
  p->depth--;
  if (!operand) return NULL;
  Expr *e = parse_expr_new(p, EXPR_UNARY, span_join(t->span, operand->span));
  e->u.unary.op = op;
  e->u.unary.operand = operand;
  return e;
}

/* Binary operator levels, loosest first; each is left-associative:
 *   bitor  = bitxor ("|" bitxor)*
 *   bitxor = bitand ("^" bitand)*
 *   bitand = shift ("&" shift)*
 *   shift  = arith (("<<" | ">>") arith)*
 *   arith  = term (("+" | "-") term)*
 *   term   = factor (("*" | "/" | "//" | "%" | "@") factor)* */
typedef struct BinLevel { TokenKind tok[5]; BinOp op[5]; int n; } BinLevel;
static const BinLevel bin_levels[] = {
    {{TOK_PIPE}, {BIN_BITOR}, 1},
    {{TOK_CARET}, {BIN_BITXOR}, 1},
    {{TOK_AMP}, {BIN_BITAND}, 1},
    {{TOK_LSHIFT, TOK_RSHIFT}, {BIN_LSHIFT, BIN_RSHIFT}, 2},
    {{TOK_PLUS, TOK_MINUS}, {BIN_ADD, BIN_SUB}, 2},
    {{TOK_STAR, TOK_SLASH, TOK_DSLASH, TOK_PERCENT, TOK_AT},
     {BIN_MUL, BIN_DIV, BIN_FLOORDIV, BIN_MOD, BIN_MATMUL},
     5},
};
enum { NUM_BIN_LEVELS = sizeof bin_levels / sizeof bin_levels[0] };

static Expr *parse_binary(Parser *p, int level) {
  if (level == NUM_BIN_LEVELS) return parse_factor(p);
  Expr *left = parse_binary(p, level + 1);
  for (int chain = 1; left; chain++) {
    TokenKind k = parse_peek(p)->kind;
    const BinLevel *lv = &bin_levels[level];
    int i = 0;
    while (i < lv->n && lv->tok[i] != k) i++;
    if (i == lv->n) break;
    if (chain > PARSE_MAX_CHAIN) {
      parse_error(p, parse_peek(p)->span, "expression too long (more than %d operators in a row)", PARSE_MAX_CHAIN);
      return NULL;
    }
    parse_advance(p);
    Expr *right = parse_binary(p, level + 1);
    if (!right) return NULL;
    Expr *e = parse_expr_new(p, EXPR_BINOP, span_join(left->span, right->span));
    e->u.binop.op = lv->op[i];
    e->u.binop.left = left;
    e->u.binop.right = right;
    left = e;
  }
  return left;
}

static Expr *parse_bitor(Parser *p) { return parse_binary(p, 0); }

/* comparison = bitor (comp_op bitor)*
 * comp_op = "<" | ">" | "==" | ">=" | "<=" | "!=" | "in" | "not" "in" | "is" ["not"] */
static Expr *parse_comparison(Parser *p) {
  Expr *first = parse_bitor(p);
  if (!first) return NULL;
  Expr *cmp = NULL;
  for (;;) {
    const Token *t = parse_peek(p);
    CmpOp op;
    switch (t->kind) {
    case TOK_LT: op = CMP_LT; break;
    case TOK_GT: op = CMP_GT; break;
    case TOK_EQ: op = CMP_EQ; break;
    case TOK_GE: op = CMP_GE; break;
    case TOK_LE: op = CMP_LE; break;
    case TOK_NE: op = CMP_NE; break;
    case TOK_IN: op = CMP_IN; break;
    case TOK_IS: op = CMP_IS; break;
    case TOK_NOT:
      if (peek_ahead(p, 1)->kind != TOK_IN) return cmp ? cmp : first;
      op = CMP_NOTIN;
      parse_advance(p);
      break;
    default:
      return cmp ? cmp : first;
    }
    parse_advance(p);
    if (op == CMP_IS && parse_accept(p, TOK_NOT)) op = CMP_ISNOT;
    Expr *right = parse_bitor(p);
    if (!right) return NULL;
    if (!cmp) {
      cmp = parse_expr_new(p, EXPR_COMPARE, first->span);
      vec_push(p->arena, &cmp->u.compare.operands, first);
    }
    vec_push(p->arena, &cmp->u.compare.operands, right);
    vec_push(p->arena, &cmp->u.compare.ops, op);
    cmp->span = span_join(cmp->span, right->span);
  }
}

/* not_test = "not" not_test | comparison */
static Expr *parse_not_test(Parser *p) {
  const Token *t = parse_peek(p);
  if (t->kind != TOK_NOT) return parse_comparison(p);
  if (!enter(p)) {
    p->depth--;
    return NULL;
  }
  parse_advance(p);
  Expr *operand = parse_not_test(p);
  p->depth--;
  if (!operand) return NULL;
  Expr *e = parse_expr_new(p, EXPR_UNARY, span_join(t->span, operand->span));
  e->u.unary.op = UN_NOT;
  e->u.unary.operand = operand;
  return e;
}

/* and_test = not_test ("and" not_test)*
 * or_test  = and_test ("or" and_test)*     (flattened: a and b and c is one BOOLOP) */
static Expr *parse_boolop(Parser *p, BoolOp op) {
  TokenKind k = op == BOOL_OR ? TOK_OR : TOK_AND;
  Expr *first = op == BOOL_OR ? parse_boolop(p, BOOL_AND) : parse_not_test(p);
  if (!first || !at(p, k)) return first;
  Expr *e = parse_expr_new(p, EXPR_BOOLOP, first->span);
  e->u.boolop.op = op;
  vec_push(p->arena, &e->u.boolop.values, first);
  while (parse_accept(p, k)) {
    Expr *v = op == BOOL_OR ? parse_boolop(p, BOOL_AND) : parse_not_test(p);
    if (!v) return NULL;
    vec_push(p->arena, &e->u.boolop.values, v);
    e->span = span_join(e->span, v->span);
  }
  return e;
}

static Expr *parse_or_test(Parser *p) { return parse_boolop(p, BOOL_OR); }

/* expr = lambda | yield_expr | or_test ["if" or_test "else" expr] [":=" expr] */
static Expr *parse_expr_inner(Parser *p) {
  const Token *t = parse_peek(p);
  if (t->kind == TOK_LAMBDA) return parse_lambda(p);
  if (t->kind == TOK_YIELD) return parse_yield(p);
  Expr *e = parse_or_test(p);
  if (!e) return NULL;
  if (parse_accept(p, TOK_IF)) {
    Expr *cond = parse_or_test(p);
    if (!cond) return NULL;
    if (!parse_accept(p, TOK_ELSE)) {
      parse_error_expected(p, parse_peek(p), "'else' in conditional expression");
      return NULL;
    }
    Expr *orelse = parse_expr(p);
    if (!orelse) return NULL;
    Expr *ife = parse_expr_new(p, EXPR_IFEXP, span_join(e->span, orelse->span));
    ife->u.ifexp.cond = cond;
    ife->u.ifexp.then = e;
    ife->u.ifexp.orelse = orelse;
    e = ife;
  }
  if (parse_accept(p, TOK_WALRUS)) {
    Expr *v = parse_expr(p);
    if (!v) return NULL;
    e = unsupported(p, "assignment expressions (':=')", span_join(e->span, v->span));
  }
  return e;
}

Expr *parse_expr(Parser *p) {
  if (!enter(p)) {
    p->depth--;
    return NULL;
  }
  Expr *e = parse_expr_inner(p);
  p->depth--;
  return e;
}

/* star_expr = "*" bitor | expr */
static Expr *parse_star_expr(Parser *p) {
  const Token *t = parse_peek(p);
  if (t->kind != TOK_STAR) return parse_expr(p);
  parse_advance(p);
  if (!enter(p)) {
    p->depth--;
    return NULL;
  }
  Expr *v = parse_bitor(p);
  p->depth--;
  if (!v) return NULL;
  Expr *e = parse_expr_new(p, EXPR_STARRED, span_join(t->span, v->span));
  e->u.starred.value = v;
  return e;
}

/* Generic comma list: item ("," item)* [","], a TUPLE when there is a comma. */
static Expr *parse_comma_list(Parser *p, Expr *(*item)(Parser *)) {
  Expr *first = item(p);
  if (!first || !at(p, TOK_COMMA)) return first;
  Expr *tup = parse_expr_new(p, EXPR_TUPLE, first->span);
  vec_push(p->arena, &tup->u.tuple.items, first);
  while (parse_accept(p, TOK_COMMA)) {
    tup->span = span_join(tup->span, p->toks[p->pos - 1].span);
    if (!parse_starts_expr(parse_peek(p)->kind) || at(p, TOK_YIELD)) break;
    Expr *e = item(p);
    if (!e) return NULL;
    vec_push(p->arena, &tup->u.tuple.items, e);
    tup->span = span_join(tup->span, e->span);
  }
  return tup;
}

/* expr_list = star_expr ("," star_expr)* [","] */
Expr *parse_expr_list(Parser *p) { return parse_comma_list(p, parse_star_expr); }

/* target = "*" bitor | bitor */
static Expr *parse_target(Parser *p) {
  const Token *t = parse_peek(p);
  if (t->kind != TOK_STAR) return parse_bitor(p);
  parse_advance(p);
  Expr *v = parse_bitor(p);
  if (!v) return NULL;
  Expr *e = parse_expr_new(p, EXPR_STARRED, span_join(t->span, v->span));
  e->u.starred.value = v;
  return e;
}

/* target_list = target ("," target)* [","] */
Expr *parse_target_list(Parser *p) {
  if (!enter(p)) {
    p->depth--;
    return NULL;
  }
  Expr *e = parse_comma_list(p, parse_target);
  p->depth--;
  return e;
}
