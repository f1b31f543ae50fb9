/* test_frontend_parse.c: the expression and statement parser: precedence (via ast_print_expr),
 * spans, every statement kind, unsupported constructs, syntax errors and recovery, and the AST
 * printer. */
#include <criterion/criterion.h>
#include <string.h>

#include "frontend/frontend.h"

typedef struct ParseFixture {
  Arena arena;
  Source src;
  TokenVec toks;
  DiagList diags;
  Parser p;
} ParseFixture;

static ParseFixture *fixture(const char *text) {
  ParseFixture *f = kr_alloc(sizeof *f);
  arena_init(&f->arena);
  source_init(&f->src, &f->arena, "t.py", text, (int32_t)strlen(text));
  f->toks = lex_source(&f->arena, &f->src);
  parser_init(&f->p, &f->arena, &f->src, &f->toks, &f->diags);
  return f;
}

static void done(ParseFixture *f) {
  diag_list_free(&f->diags);
  arena_free(&f->arena);
  kr_free(f);
}

/* Parses text as one expression list and prints it; "ERROR: message" on a syntax error. */
static char *print_expr(const char *text) {
  ParseFixture *f = fixture(text);
  Expr *e = parse_expr_list(&f->p);
  StrBuf b = {0};
  if (e && parse_peek(&f->p)->kind != TOK_NEWLINE)
    strbuf_printf(&b, "TRAILING %s", token_kind_name(parse_peek(&f->p)->kind));
  else if (e && f->diags.nerrors == 0)
    ast_print_expr(e, &b);
  else
    strbuf_printf(&b, "ERROR: %s", f->diags.len ? f->diags.items[0].message : "(none)");
  char *s = kr_strdup(b.data);
  strbuf_free(&b);
  done(f);
  return s;
}

static void expect_expr(const char *text, const char *expected) {
  char *got = print_expr(text);
  cr_expect_str_eq(got, expected, "parsing `%s`", text);
  kr_free(got);
}

static void expect_expr_contains(const char *text, const char *expected) {
  char *got = print_expr(text);
  cr_expect(strstr(got, expected) != NULL, "parsing `%s`: expected `%s` in `%s`", text, expected, got);
  kr_free(got);
}

Test(parse_expr, precedence) {
  expect_expr("-2**2", "(neg (** 2 2))");
  expect_expr("2**-1", "(** 2 (neg 1))");
  expect_expr("2**3**2", "(** 2 (** 3 2))");
  expect_expr("a + b * c", "(+ a (* b c))");
  expect_expr("a - b - c", "(- (- a b) c)");
  expect_expr("a * b // c % d @ e / f", "(/ (@ (% (// (* a b) c) d) e) f)");
  expect_expr("a << 1 + 2", "(<< a (+ 1 2))");
  expect_expr("a & b | c ^ d", "(| (& a b) (^ c d))");
  expect_expr("a | b < c", "(cmp (| a b) < c)");
  expect_expr("not a < b", "(not (cmp a < b))");
  expect_expr("a and b or c and d", "(or (and a b) (and c d))");
  expect_expr("a or b or c", "(or a b c)");
  expect_expr("not not a", "(not (not a))");
  expect_expr("~-+a", "(invert (neg (pos a)))");
  expect_expr("a if b else c if d else e", "(ifexp b a (ifexp d c e))");
  expect_expr("a or b if c and d else e", "(ifexp (and c d) (or a b) e)");
  expect_expr("-a.b[1](2)", "(neg (call (index (attr a b) 1) 2))");
  expect_expr("(a + b) * c", "(* (+ a b) c)");
}

Test(parse_expr, comparisons) {
  expect_expr("a < b <= c", "(cmp a < b <= c)");
  expect_expr("a not in b", "(cmp a not in b)");
  expect_expr("a is not None", "(cmp a is not None)");
  expect_expr("a is b == c != d > e >= f in g", "(cmp a is b == c != d > e >= f in g)");
}

Test(parse_expr, atoms) {
  expect_expr("42", "42");
  expect_expr("0x_ff", "255");
  expect_expr("1.5e-3", "0.0015");
  expect_expr("1.", "1.0");
  expect_expr("2j", "2.0j");
  expect_expr("True", "True");
  expect_expr("None", "None");
  expect_expr("...", "...");
  expect_expr("'a' \"b\"  '''c'''", "'abc'");
  expect_expr("b'a' b'b'", "b'ab'");
  expect_expr("()", "(tuple)");
  expect_expr("(a,)", "(tuple a)");
  expect_expr("(a, b)", "(tuple a b)");
  expect_expr("a, b", "(tuple a b)");
  expect_expr("a,", "(tuple a)");
  expect_expr("[]", "(list)");
  expect_expr("[1, 2,]", "(list 1 2)");
  expect_expr("*a, b", "(tuple (star a) b)");
  expect_expr("-9223372036854775808", "-9223372036854775808");
  expect_expr("9223372036854775807", "9223372036854775807");
}

Test(parse_expr, int_overflow) {
  expect_expr("9223372036854775808", "ERROR: integer literal too large for int64 (krait ints are 64-bit)");
  expect_expr("-9223372036854775809", "ERROR: integer literal too large for int64 (krait ints are 64-bit)");
  expect_expr("-9223372036854775808**2",
              "ERROR: integer literal too large for int64 (krait ints are 64-bit)");
  expect_expr("0xffffffffffffffff", "ERROR: integer literal too large for int64 (krait ints are 64-bit)");
}

Test(parse_expr, calls_and_subscripts) {
  expect_expr("f()", "(call f)");
  expect_expr("f(a, b=1, c=x+1)", "(call f a b=1 c=(+ x 1))");
  expect_expr("f(a,)", "(call f a)");
  expect_expr("f(*a)", "(call f (star a))");
  expect_expr("f(**k)", "(call f (unsupported \"'**' arguments\"))");
  expect_expr("a[i]", "(index a i)");
  expect_expr("a[i, j]", "(index a (tuple i j))");
  expect_expr("a[i,]", "(index a (tuple i))");
  expect_expr("a[1:n:2]", "(index a (slice 1 n 2))");
  expect_expr("a[:]", "(index a (slice _ _ _))");
  expect_expr("a[::]", "(index a (slice _ _ _))");
  expect_expr("a[::-1]", "(index a (slice _ _ (neg 1)))");
  expect_expr("f64[:, ::1]", "(index f64 (tuple (slice _ _ _) (slice _ _ 1)))");
  expect_expr("f64[:, :]", "(index f64 (tuple (slice _ _ _) (slice _ _ _)))");
  expect_expr("a[i:]", "(index a (slice i _ _))");
  expect_expr("a[:j]", "(index a (slice _ j _))");
  expect_expr("math.pi", "(attr math pi)");
  expect_expr("np.zeros(n)[0].real", "(attr (index (call (attr np zeros) n) 0) real)");
  expect_expr("f(a)(b)", "(call (call f a) b)");
}

Test(parse_expr, unsupported_constructs) {
  expect_expr("lambda x, y=1: x + y", "(unsupported \"lambda expressions\")");
  expect_expr("lambda: 0", "(unsupported \"lambda expressions\")");
  expect_expr("[x for x in y]", "(unsupported \"list comprehensions\")");
  expect_expr("[x for x in y if x for z in w]", "(unsupported \"list comprehensions\")");
  expect_expr("{x for x in y}", "(unsupported \"set comprehensions\")");
  expect_expr("{k: v for k, v in y}", "(unsupported \"dict comprehensions\")");
  expect_expr("(x for x in y)", "(unsupported \"generator expressions\")");
  expect_expr("sum(x for x in y)", "(call sum (unsupported \"generator expressions\"))");
  expect_expr("{}", "(unsupported \"dict displays\")");
  expect_expr("{1: 2, 3: [4]}", "(unsupported \"dict displays\")");
  expect_expr("{**a}", "(unsupported \"dict displays\")");
  expect_expr("{1, 2}", "(unsupported \"set displays\")");
  expect_expr("{lambda: 1}", "(unsupported \"set displays\")");
  expect_expr("f'{x}'", "(unsupported \"f-strings\")");
  expect_expr("'a' f'{x}'", "(unsupported \"f-strings\")");
  expect_expr("await x", "(unsupported \"await expressions\")");
  expect_expr("(yield x)", "(unsupported \"yield expressions\")");
  expect_expr("(yield)", "(unsupported \"yield expressions\")");
  expect_expr("(n := 10)", "(unsupported \"assignment expressions (':=')\")");
  expect_expr("f(lambda q: q) + 1", "(+ (call f (unsupported \"lambda expressions\")) 1)");
}

Test(parse_expr, syntax_errors) {
  expect_expr("(a + b", "ERROR: expected ')' to close the '(' on line 1, found newline");
  expect_expr("a +", "ERROR: expected an expression, found newline");
  expect_expr("f(a", "ERROR: expected ')' to close the '(' on line 1, found newline");
  expect_expr("a[1", "ERROR: expected ']' to close the '[' on line 1, found newline");
  expect_expr("a.1", "TRAILING float literal");
  expect_expr("a.", "ERROR: expected an attribute name after '.', found newline");
  expect_expr(")", "ERROR: expected an expression, found ')'");
  expect_expr("a if b", "ERROR: expected 'else' in conditional expression, found newline");
  expect_expr("f(a=1, b)", "ERROR: positional argument follows keyword argument");
  expect_expr("b'a' 'b'", "ERROR: cannot mix bytes and nonbytes literals");
  expect_expr("$", "ERROR: invalid character '$' in source");
  expect_expr("'abc", "ERROR: unterminated string literal");
  expect_expr("0x", "ERROR: invalid hexadecimal literal");
  expect_expr("lambda x", "ERROR: expected ':' in lambda expression, found newline");
}

Test(parse_expr, nesting_is_capped) {
  StrBuf b = {0};
  for (int i = 0; i < 10000; i++) strbuf_putc(&b, '(');
  strbuf_putc(&b, '1');
  for (int i = 0; i < 10000; i++) strbuf_putc(&b, ')');
  char *got = print_expr(b.data);
  cr_expect(strstr(got, "expression nested too deeply") != NULL, "%s", got);
  kr_free(got);
  strbuf_free(&b);
  for (int i = 0; i < 10000; i++) strbuf_putc(&b, '-');
  strbuf_putc(&b, '1');
  got = print_expr(b.data);
  cr_expect(strstr(got, "expression nested too deeply") != NULL, "%s", got);
  kr_free(got);
  strbuf_free(&b);
  for (int i = 0; i < 150; i++) strbuf_putc(&b, '(');
  strbuf_putc(&b, '1');
  for (int i = 0; i < 150; i++) strbuf_putc(&b, ')');
  expect_expr(b.data, "1");
  strbuf_free(&b);
}

/* ---- spans ---- */

static void line_col(ParseFixture *f, Span s, int *line, int *col) {
  source_line_col(&f->src, s.start, line, col);
}

static char *span_text(ParseFixture *f, Span s) {
  return arena_strndup(&f->arena, f->src.text + s.start, (size_t)(s.end - s.start));
}

Test(parse_expr, spans_cover_the_construct) {
  ParseFixture *f = fixture("foo(a) + b[1:2] * -c.d");
  Expr *e = parse_expr(&f->p);
  cr_assert_not_null(e);
  cr_expect_str_eq(span_text(f, e->span), "foo(a) + b[1:2] * -c.d");
  cr_expect_str_eq(span_text(f, e->u.binop.left->span), "foo(a)");
  Expr *mul = e->u.binop.right;
  cr_expect_str_eq(span_text(f, mul->span), "b[1:2] * -c.d");
  cr_expect_str_eq(span_text(f, mul->u.binop.left->u.subscript.index->span), "1:2");
  cr_expect_str_eq(span_text(f, mul->u.binop.right->span), "-c.d");
  Expr *attr = mul->u.binop.right->u.unary.operand;
  cr_expect_str_eq(span_text(f, attr->u.attr.attr_span), "d");
  done(f);
}

Test(parse_expr, spans_of_calls_and_compares) {
  ParseFixture *f = fixture("0 <= i < len(x) and f(k=1)");
  Expr *e = parse_expr(&f->p);
  cr_assert_not_null(e);
  cr_expect_str_eq(span_text(f, e->u.boolop.values.data[0]->span), "0 <= i < len(x)");
  Expr *call = e->u.boolop.values.data[1];
  cr_expect_str_eq(span_text(f, call->span), "f(k=1)");
  cr_expect_str_eq(span_text(f, call->u.call.keywords.data[0].span), "k=1");
  done(f);
}

/* ---- statements, through a whole function ---- */

typedef struct FuncFixture {
  ParseFixture *pf;
  FuncDef *def;
} FuncFixture;

static FuncFixture parse_func(const char *text) {
  FuncFixture ff;
  ff.pf = fixture(text);
  ff.def = parse_funcdef(&ff.pf->p);
  return ff;
}

static char *dump(FuncFixture ff) {
  StrBuf b = {0};
  ast_print_func(ff.def, &ff.pf->src, &b);
  char *s = arena_strdup(&ff.pf->arena, b.data);
  strbuf_free(&b);
  return s;
}

#define EXPECT_DUMP_HAS(ff, text) \
  cr_expect(strstr(dump(ff), text) != NULL, "expected `%s` in:\n%s", text, dump(ff))

static Stmt *body(FuncFixture ff, int i) {
  cr_assert(i < ff.def->body.len, "body has %d statements", ff.def->body.len);
  return ff.def->body.data[i];
}

Test(parse_stmt, function_header) {
  FuncFixture ff = parse_func("def f(a: float, x: f64[:, ::1], n=3, *args, k, **kw) -> int:\n    pass\n");
  cr_assert_not_null(ff.def);
  cr_expect_str_eq(ff.def->name, "f");
  cr_expect_eq(ff.def->params.len, 4);
  cr_expect_str_eq(ff.def->params.data[0].name, "a");
  cr_expect_eq(ff.def->params.data[0].annotation->kind, EXPR_NAME);
  cr_expect_eq(ff.def->params.data[1].annotation->kind, EXPR_SUBSCRIPT);
  cr_expect_null(ff.def->params.data[2].annotation);
  cr_expect_not_null(ff.def->params.data[2].default_value);
  cr_expect_str_eq(ff.def->params.data[3].name, "k");
  cr_expect(ff.def->has_varargs);
  cr_expect_str_eq(span_text(ff.pf, ff.def->varargs_span), "*args");
  cr_expect_not_null(ff.def->returns);
  cr_expect_eq(ff.def->body.len, 1);
  cr_expect_eq(body(ff, 0)->kind, STMT_PASS);
  done(ff.pf);

  ff = parse_func("def g(a, /, b, *, c,):\n    return a\n");
  cr_assert_not_null(ff.def);
  cr_expect(ff.def->has_varargs);
  cr_expect_eq(ff.def->params.len, 3);
  done(ff.pf);

  ff = parse_func("def h(): return 1\n");
  cr_assert_not_null(ff.def);
  cr_expect_eq(ff.def->params.len, 0);
  cr_expect(!ff.def->has_varargs);
  cr_expect_eq(body(ff, 0)->kind, STMT_RETURN);
  done(ff.pf);
}

Test(parse_stmt, assignments) {
  FuncFixture ff = parse_func("def f():\n"
                              "    a = b = 1\n"
                              "    a, b = b, a + b\n"
                              "    (a, b) = [c, d] = e\n"
                              "    x[i, j] = y.z = 0.0\n"
                              "    x: float = 0.0\n"
                              "    y: int\n"
                              "    t += 1; t -= 1; t *= 2; t /= 2; t //= 2; t %= 2\n"
                              "    t **= 2; t <<= 1; t >>= 1; t &= 1; t |= 1; t ^= 1; t @= m\n");
  cr_assert_not_null(ff.def);
  cr_assert_eq(ff.def->body.len, 19);
  Stmt *s = body(ff, 0);
  cr_expect_eq(s->kind, STMT_ASSIGN);
  cr_expect_eq(s->u.assign.targets.len, 2);
  s = body(ff, 1);
  cr_expect_eq(s->u.assign.targets.data[0]->kind, EXPR_TUPLE);
  cr_expect_eq(s->u.assign.value->kind, EXPR_TUPLE);
  s = body(ff, 2);
  cr_expect_eq(s->u.assign.targets.len, 2);
  cr_expect_eq(s->u.assign.targets.data[1]->kind, EXPR_LIST);
  s = body(ff, 4);
  cr_expect_eq(s->kind, STMT_ANNASSIGN);
  cr_expect_not_null(s->u.annassign.value);
  s = body(ff, 5);
  cr_expect_eq(s->kind, STMT_ANNASSIGN);
  cr_expect_null(s->u.annassign.value);
  BinOp ops[] = {BIN_ADD, BIN_SUB, BIN_MUL, BIN_DIV, BIN_FLOORDIV, BIN_MOD, BIN_POW,
                 BIN_LSHIFT, BIN_RSHIFT, BIN_BITAND, BIN_BITOR, BIN_BITXOR, BIN_MATMUL};
  for (int i = 0; i < 13; i++) {
    s = body(ff, 6 + i);
    cr_expect_eq(s->kind, STMT_AUGASSIGN);
    cr_expect_eq(s->u.augassign.op, ops[i], "augassign %d", i);
  }
  done(ff.pf);
}

Test(parse_stmt, control_flow) {
  FuncFixture ff = parse_func("def f(n):\n"
                              "    if n > 0:\n"
                              "        pass\n"
                              "    elif n < 0:\n"
                              "        pass\n"
                              "    elif n == 0: pass\n"
                              "    else:\n"
                              "        return -1\n"
                              "    while n:\n"
                              "        n -= 1\n"
                              "        if n == 3: break\n"
                              "        continue\n"
                              "    else:\n"
                              "        pass\n"
                              "    for i, j in zip(a, b):\n"
                              "        pass\n"
                              "    else:\n"
                              "        pass\n"
                              "    for i in range(0, n, 2): total = i\n"
                              "    return\n");
  cr_assert_not_null(ff.def);
  cr_assert_eq(ff.def->body.len, 5);
  Stmt *s = body(ff, 0);
  cr_expect_eq(s->kind, STMT_IF);
  cr_expect_eq(s->u.if_.orelse.len, 1);
  Stmt *elif = s->u.if_.orelse.data[0];
  cr_expect_eq(elif->kind, STMT_IF);
  int line, col;
  line_col(ff.pf, elif->span, &line, &col);
  cr_expect_eq(line, 4);
  cr_expect_eq(col, 5);
  Stmt *elif2 = elif->u.if_.orelse.data[0];
  cr_expect_eq(elif2->u.if_.orelse.data[0]->kind, STMT_RETURN);
  s = body(ff, 1);
  cr_expect_eq(s->kind, STMT_WHILE);
  cr_expect_eq(s->u.while_.body.len, 3);
  cr_expect_eq(s->u.while_.orelse.len, 1);
  cr_expect_eq(s->u.while_.body.data[1]->u.if_.then.data[0]->kind, STMT_BREAK);
  cr_expect_eq(s->u.while_.body.data[2]->kind, STMT_CONTINUE);
  s = body(ff, 2);
  cr_expect_eq(s->kind, STMT_FOR);
  cr_expect_eq(s->u.for_.target->kind, EXPR_TUPLE);
  cr_expect_eq(s->u.for_.orelse.len, 1);
  s = body(ff, 3);
  cr_expect_eq(s->u.for_.body.data[0]->kind, STMT_ASSIGN);
  s = body(ff, 4);
  cr_expect_eq(s->kind, STMT_RETURN);
  cr_expect_null(s->u.ret.value);
  /* a compound statement spans from its keyword to the end of its body */
  cr_expect_str_eq(span_text(ff.pf, body(ff, 3)->span), "for i in range(0, n, 2): total = i");
  done(ff.pf);
}

Test(parse_stmt, other_simple_statements) {
  FuncFixture ff = parse_func("def f(a):\n"
                              "    \"\"\"Doc.\"\"\"\n"
                              "    assert a > 0\n"
                              "    assert a > 0, 'positive'\n"
                              "    raise\n"
                              "    raise ValueError\n"
                              "    raise ValueError('m') from e\n"
                              "    import math, numpy as np, os.path\n"
                              "    from math import sqrt, pi as PI\n"
                              "    from ..pkg.mod import (x, y,)\n"
                              "    from . import *\n"
                              "    global g, h\n"
                              "    nonlocal q\n"
                              "    del a, b[0]\n"
                              "    print(a); pass;\n");
  cr_assert_not_null(ff.def);
  cr_assert_eq(ff.def->body.len, 15);
  cr_expect_eq(body(ff, 0)->kind, STMT_EXPR);
  cr_expect_eq(body(ff, 0)->u.expr->kind, EXPR_STRING);
  cr_expect_null(body(ff, 1)->u.assert_.msg);
  cr_expect_not_null(body(ff, 2)->u.assert_.msg);
  cr_expect_null(body(ff, 3)->u.raise.exc);
  cr_expect_not_null(body(ff, 4)->u.raise.exc);
  cr_expect_not_null(body(ff, 5)->u.raise.cause);
  Stmt *s = body(ff, 6);
  cr_expect_eq(s->kind, STMT_IMPORT);
  cr_assert_eq(s->u.import.names.len, 3);
  cr_expect_str_eq(s->u.import.names.data[1].asname, "np");
  cr_expect_str_eq(s->u.import.names.data[2].name, "os.path");
  s = body(ff, 7);
  cr_expect_eq(s->kind, STMT_IMPORTFROM);
  cr_expect_str_eq(s->u.import.module, "math");
  cr_expect_eq(s->u.import.level, 0);
  cr_expect_str_eq(s->u.import.names.data[1].asname, "PI");
  s = body(ff, 8);
  cr_expect_eq(s->u.import.level, 2);
  cr_expect_str_eq(s->u.import.module, "pkg.mod");
  cr_expect_eq(s->u.import.names.len, 2);
  s = body(ff, 9);
  cr_expect_eq(s->u.import.level, 1);
  cr_expect_str_eq(s->u.import.names.data[0].name, "*");
  s = body(ff, 10);
  cr_expect_eq(s->kind, STMT_GLOBAL);
  cr_expect_eq(s->u.names.len, 2);
  cr_expect_eq(body(ff, 11)->kind, STMT_NONLOCAL);
  cr_expect_eq(body(ff, 12)->kind, STMT_DEL);
  cr_expect_eq(body(ff, 12)->u.expr->kind, EXPR_TUPLE);
  cr_expect_eq(body(ff, 13)->kind, STMT_EXPR);
  cr_expect_eq(body(ff, 14)->kind, STMT_PASS);
  cr_expect_str_eq(span_text(ff.pf, body(ff, 13)->span), "print(a)");
  EXPECT_DUMP_HAS(ff, "assert 3:5");
  EXPECT_DUMP_HAS(ff, "msg: const 'positive' 4:19");
  EXPECT_DUMP_HAS(ff, "cause: name e 7:32");
  EXPECT_DUMP_HAS(ff, "import math, numpy as np, os.path 8:5");
  EXPECT_DUMP_HAS(ff, "from-import math sqrt, pi as PI 9:5");
  EXPECT_DUMP_HAS(ff, "from-import ..pkg.mod x, y 10:5");
  EXPECT_DUMP_HAS(ff, "global g, h 12:5");
  EXPECT_DUMP_HAS(ff, "del 14:5");
  done(ff.pf);
}

Test(parse_stmt, unsupported_compound_statements) {
  FuncFixture ff = parse_func("def f(a):\n"
                              "    def inner(x):\n"
                              "        return x\n"
                              "    class C:\n"
                              "        def m(self): pass\n"
                              "    try:\n"
                              "        x = 1\n"
                              "    except ValueError as e:\n"
                              "        pass\n"
                              "    else:\n"
                              "        pass\n"
                              "    finally:\n"
                              "        pass\n"
                              "    with open(p) as fh:\n"
                              "        pass\n"
                              "    match a:\n"
                              "        case 1:\n"
                              "            pass\n"
                              "    async def g(): pass\n"
                              "    @dec\n"
                              "    @dec2(1)\n"
                              "    def h(): pass\n"
                              "    lambda: 0\n"
                              "    return a\n");
  cr_assert_not_null(ff.def, "errors: %s", ff.pf->diags.len ? ff.pf->diags.items[0].message : "");
  const char *expected[] = {"nested function definitions",
                            "class definitions",
                            "try statements",
                            "with statements",
                            "match statements",
                            "async functions",
                            "decorated definitions inside a function"};
  cr_assert_eq(ff.def->body.len, 9);
  for (int i = 0; i < 7; i++) {
    cr_expect_eq(body(ff, i)->kind, STMT_UNSUPPORTED, "statement %d", i);
    cr_expect_str_eq(body(ff, i)->u.unsupported, expected[i]);
  }
  int line, col;
  line_col(ff.pf, body(ff, 2)->span, &line, &col);
  cr_expect_eq(line, 6);
  cr_expect_eq(col, 5);
  cr_expect_str_eq(span_text(ff.pf, body(ff, 0)->span), "def inner(x):");
  cr_expect_eq(body(ff, 7)->u.expr->kind, EXPR_UNSUPPORTED);
  cr_expect_eq(body(ff, 8)->kind, STMT_RETURN);
  cr_expect_eq(ff.pf->diags.len, 0);
  EXPECT_DUMP_HAS(ff, "unsupported \"try statements\" 6:5");
  EXPECT_DUMP_HAS(ff, "unsupported \"lambda expressions\" 23:5");
  done(ff.pf);
}

/* ---- syntax errors ---- */

static void expect_error_at(FuncFixture ff, int i, int line, int col, const char *message) {
  cr_assert(i < ff.pf->diags.len, "only %d diagnostics, wanted #%d: %s", ff.pf->diags.len, i, message);
  const Diag *d = &ff.pf->diags.items[i];
  cr_expect_str_eq(d->message, message);
  cr_expect_eq(d->line, line, "line of `%s`", message);
  cr_expect_eq(d->col, col, "column of `%s`", message);
}

Test(parse_errors, two_errors_in_one_function) {
  FuncFixture ff = parse_func("def f(n):\n"
                              "    x = (1 + )\n"
                              "    if n > 0:\n"
                              "        return 1\n"
                              "    y = 2 +* 3\n"
                              "    return x\n");
  cr_expect_null(ff.def);
  expect_error_at(ff, 0, 2, 14, "expected an expression, found ')'");
  expect_error_at(ff, 1, 5, 12, "expected an expression, found '*'");
  cr_expect_eq(ff.pf->diags.len, 2);
  done(ff.pf);
}

Test(parse_errors, missing_colon_and_recovery) {
  FuncFixture ff = parse_func("def f(n):\n"
                              "    if n > 0\n"
                              "        return 1\n"
                              "    elif n < 0:\n"
                              "        return 2\n"
                              "    while n\n"
                              "        n -= 1\n"
                              "    for i in\n"
                              "        pass\n"
                              "    return 0\n");
  cr_expect_null(ff.def);
  expect_error_at(ff, 0, 2, 13, "expected ':' after 'if' condition, found newline");
  expect_error_at(ff, 1, 6, 12, "expected ':' after 'while' condition, found newline");
  expect_error_at(ff, 2, 8, 13, "expected an expression, found newline");
  cr_expect_eq(ff.pf->diags.len, 3);
  done(ff.pf);
}

Test(parse_errors, bad_targets_and_tokens) {
  FuncFixture ff = parse_func("def f(n):\n"
                              "    f(n) = 1\n"
                              "    1 = n\n"
                              "    a, b += 1\n"
                              "    x = n $ 2\n"
                              "    y = 99999999999999999999\n"
                              "    z = 'unterminated\n"
                              "    return n n\n"
                              "    else:\n"
                              "        pass\n"
                              "      w = 1\n");
  cr_expect_null(ff.def);
  expect_error_at(ff, 0, 2, 5, "cannot assign to a function call");
  expect_error_at(ff, 1, 3, 5, "cannot assign to a literal");
  expect_error_at(ff, 2, 4, 5,
                  "cannot use augmented assignment on a tuple (only a name, attribute or subscript)");
  expect_error_at(ff, 3, 5, 11, "invalid character '$' in source");
  expect_error_at(ff, 4, 6, 9, "integer literal too large for int64 (krait ints are 64-bit)");
  expect_error_at(ff, 5, 7, 9, "unterminated string literal");
  expect_error_at(ff, 6, 8, 14, "expected newline or ';' after the statement, found 'n'");
  expect_error_at(ff, 7, 9, 5, "'else' without a matching 'if', 'for' or 'while'");
  expect_error_at(ff, 8, 11, 7, "unindent does not match any outer indentation level");
  done(ff.pf);
  ff = parse_func("def f(n):\n    x = 1\n        y = 2\n    return x\n");
  cr_expect_null(ff.def);
  expect_error_at(ff, 0, 3, 9, "unexpected indent");
  cr_expect_eq(ff.pf->diags.len, 1);
  done(ff.pf);
  ff = parse_func("def f(n):\n    x = (1 +\n    return x\n");
  cr_expect_null(ff.def);
  /* the unclosed paren joins the next line, as in Python */
  expect_error_at(ff, 0, 3, 5, "expected an expression, found 'return'");
  done(ff.pf);
}

Test(parse_errors, header_errors) {
  FuncFixture ff = parse_func("def f(a b):\n    pass\n");
  cr_expect_null(ff.def);
  expect_error_at(ff, 0, 1, 9, "expected ',' or ')' in the parameter list, found 'b'");
  done(ff.pf);
  ff = parse_func("def f(a, a):\n    pass\n");
  cr_expect_null(ff.def);
  expect_error_at(ff, 0, 1, 10, "duplicate parameter 'a' in function definition");
  done(ff.pf);
  ff = parse_func("def f()\n    pass\n");
  cr_expect_null(ff.def);
  expect_error_at(ff, 0, 1, 8, "expected ':' after the function signature, found newline");
  done(ff.pf);
  ff = parse_func("def f():\nx = 1\n");
  cr_expect_null(ff.def);
  expect_error_at(ff, 0, 2, 1, "expected an indented block after the function signature, found 'x'");
  done(ff.pf);
  ff = parse_func("def f(): if x: pass\n");
  cr_expect_null(ff.def);
  done(ff.pf);
}

Test(parse_errors, bad_escape_fails_the_function) {
  FuncFixture ff = parse_func("def f():\n    s = '\\N{EM DASH}'\n    return 1\n");
  cr_expect_null(ff.def);
  expect_error_at(ff, 0, 2, 10, "\\N{...} escapes are not supported (use \\u or \\U)");
  done(ff.pf);
}

Test(parse_errors, one_error_per_position) {
  FuncFixture ff = parse_func("def f(x):\n    if x:\n    .y = 1\n    return x\n");
  cr_expect_null(ff.def);
  expect_error_at(ff, 0, 3, 5, "expected an indented block after 'if' condition, found '.'");
  cr_expect_eq(ff.pf->diags.len, 1);
  done(ff.pf);
}

Test(parse_errors, parser_stops_at_the_end_of_the_function) {
  ParseFixture *f = fixture("def f():\n    return (\n\ndef g():\n    pass\n");
  FuncDef *d = parse_funcdef(&f->p);
  cr_expect_null(d);
  cr_expect_geq(f->diags.nerrors, 1);
  done(f);
}

/* ---- the printer ---- */

Test(ast_print, func_tree_has_line_col) {
  FuncFixture ff = parse_func("def f(x: f64[:]) -> float:\n    return x[0] * 2.0\n");
  cr_assert_not_null(ff.def);
  EXPECT_DUMP_HAS(ff, "def f 1:5");
  EXPECT_DUMP_HAS(ff, "param x 1:7");
  EXPECT_DUMP_HAS(ff, "return 2:5");
  EXPECT_DUMP_HAS(ff, "binop * 2:12");
  EXPECT_DUMP_HAS(ff, "const 2.0 2:19");
  EXPECT_DUMP_HAS(ff, "index: slice 1:14");
  done(ff.pf);
}

Test(ast_print, control_flow_and_assignments) {
  FuncFixture ff = parse_func("def f(n, *a):\n"
                              "    x: float = 1.0\n"
                              "    x **= 2\n"
                              "    while n > 0:\n"
                              "        n -= 1\n"
                              "    else:\n"
                              "        pass\n"
                              "    for i in range(n):\n"
                              "        if i: continue\n"
                              "        elif not i: break\n"
                              "        else: return -i if i else (i, a[1:2, ...])\n");
  cr_assert_not_null(ff.def);
  EXPECT_DUMP_HAS(ff, "varargs 1:10");
  EXPECT_DUMP_HAS(ff, "annassign 2:5");
  EXPECT_DUMP_HAS(ff, "annotation: name float 2:8");
  EXPECT_DUMP_HAS(ff, "augassign **= 3:5");
  EXPECT_DUMP_HAS(ff, "while 4:5");
  EXPECT_DUMP_HAS(ff, "for 8:5");
  EXPECT_DUMP_HAS(ff, "continue 9:15");
  EXPECT_DUMP_HAS(ff, "ifexp 11:22");
  EXPECT_DUMP_HAS(ff, "unary neg 11:22");
  EXPECT_DUMP_HAS(ff, "tuple 11:35");
  EXPECT_DUMP_HAS(ff, "const ... 11:46");
  done(ff.pf);
}

Test(ast_print, symbols) {
  cr_expect_str_eq(binop_symbol(BIN_FLOORDIV), "//");
  cr_expect_str_eq(binop_symbol(BIN_MATMUL), "@");
  cr_expect_str_eq(cmpop_symbol(CMP_NOTIN), "not in");
  cr_expect_str_eq(cmpop_symbol(CMP_ISNOT), "is not");
  expect_expr_contains("x == 1.5e300", "1.5e+300");
  expect_expr("'a\\n\\'b'", "'a\\n\\'b'");
}
