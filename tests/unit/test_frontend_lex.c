/* test_frontend_lex.c: the tokenizer on tiny inputs: every literal form, indentation, line joining,
 * strings and their values, error tokens. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "frontend/frontend.h"

typedef struct LexFixture {
  Arena arena;
  Source src;
  TokenVec toks;
  DiagList diags;
} LexFixture;

static LexFixture *lex(const char *text) {
  LexFixture *f = kr_alloc(sizeof *f);
  arena_init(&f->arena);
  source_init(&f->src, &f->arena, "t.py", text, (int32_t)strlen(text));
  f->toks = lex_source(&f->arena, &f->src);
  return f;
}

static void done(LexFixture *f) {
  diag_list_free(&f->diags);
  arena_free(&f->arena);
  kr_free(f);
}

/* The token kinds as a space-separated string of their names, for compact comparisons. */
static char *kinds(LexFixture *f) {
  StrBuf b = {0};
  for (int i = 0; i < f->toks.len; i++) {
    const Token *t = &f->toks.data[i];
    const char *n;
    switch (t->kind) {
    case TOK_NAME: n = "NAME"; break;
    case TOK_INT: n = "INT"; break;
    case TOK_FLOAT: n = "FLOAT"; break;
    case TOK_IMAG: n = "IMAG"; break;
    case TOK_STRING: n = "STR"; break;
    case TOK_BYTES: n = "BYTES"; break;
    case TOK_FSTRING: n = "FSTR"; break;
    case TOK_NEWLINE: n = "NL"; break;
    case TOK_INDENT: n = "IN"; break;
    case TOK_DEDENT: n = "DE"; break;
    case TOK_EOF: n = "EOF"; break;
    case TOK_ERROR: n = "ERR"; break;
    default: n = token_kind_name(t->kind); break;
    }
    strbuf_printf(&b, "%s%s", i ? " " : "", n);
  }
  char *s = arena_strdup(&f->arena, b.data ? b.data : "");
  strbuf_free(&b);
  return s;
}

static void expect_kinds(const char *text, const char *expected) {
  LexFixture *f = lex(text);
  char *got = kinds(f);
  cr_expect_str_eq(got, expected, "lexing %s", text);
  done(f);
}

static const Token *first_of(LexFixture *f, TokenKind k) {
  for (int i = 0; i < f->toks.len; i++)
    if (f->toks.data[i].kind == k) return &f->toks.data[i];
  return NULL;
}

Test(lex, empty_and_blank) {
  expect_kinds("", "EOF");
  expect_kinds("\n\n   \n# only a comment\n", "EOF");
  expect_kinds("x", "NAME NL EOF");
  expect_kinds("x\n", "NAME NL EOF");
}

Test(lex, indent_dedent) {
  expect_kinds("if x:\n    y\nz\n", "if NAME : NL IN NAME NL DE NAME NL EOF");
  expect_kinds("if x:\n  if y:\n    z\n", "if NAME : NL IN if NAME : NL IN NAME NL DE DE EOF");
  /* blank and comment-only lines inside a block produce nothing */
  expect_kinds("if x:\n    y\n\n  # c\n    z\n", "if NAME : NL IN NAME NL NAME NL DE EOF");
}

Test(lex, tabs_are_multiples_of_eight) {
  /* a tab and 8 spaces are the same level */
  expect_kinds("if x:\n\ty\n        z\n", "if NAME : NL IN NAME NL NAME NL DE EOF");
  /* 4 spaces then a tab is column 8 */
  expect_kinds("if x:\n    \ty\n\tz\n", "if NAME : NL IN NAME NL NAME NL DE EOF");
}

Test(lex, inconsistent_dedent_is_an_error_token) {
  LexFixture *f = lex("if x:\n        y\n    z\n");
  const Token *e = first_of(f, TOK_ERROR);
  cr_assert_not_null(e);
  cr_expect(strstr(e->u.error, "unindent does not match") != NULL);
  /* INDENT and DEDENT stay balanced */
  int depth = 0;
  for (int i = 0; i < f->toks.len; i++) {
    if (f->toks.data[i].kind == TOK_INDENT) depth++;
    if (f->toks.data[i].kind == TOK_DEDENT) depth--;
    cr_expect(depth >= 0);
  }
  cr_expect_eq(depth, 0);
  done(f);
}

Test(lex, indent_span_is_first_token_of_line) {
  LexFixture *f = lex("if x:\n    yy\n");
  const Token *in = first_of(f, TOK_INDENT);
  cr_assert_not_null(in);
  cr_expect_eq(in->span.start, 10);
  cr_expect_eq(in->span.end, 12);
  done(f);
}

Test(lex, comments_and_continuation) {
  expect_kinds("x = 1  # comment\n", "NAME = INT NL EOF");
  expect_kinds("x = 1 + \\\n    2\n", "NAME = INT + INT NL EOF");
  expect_kinds("x = \\ 1\n", "NAME = ERR INT NL EOF");
}

Test(lex, implicit_joining) {
  expect_kinds("f(a,\n  b,\n\n    c)\nx\n", "NAME ( NAME , NAME , NAME ) NL NAME NL EOF");
  expect_kinds("x = [1,\n# c\n 2]\n", "NAME = [ INT , INT ] NL EOF");
  expect_kinds("d = {\n}\n", "NAME = { } NL EOF");
}

Test(lex, operators_longest_match) {
  expect_kinds("a **= b //= c <<= d >>= e", "NAME **= NAME //= NAME <<= NAME >>= NAME NL EOF");
  expect_kinds("a -> b := c ... d", "NAME -> NAME := NAME ... NAME NL EOF");
  expect_kinds("a<=b>=c==d!=e<f>g", "NAME <= NAME >= NAME == NAME != NAME < NAME > NAME NL EOF");
  expect_kinds("a@b@=c%d%=e", "NAME @ NAME @= NAME % NAME %= NAME NL EOF");
  expect_kinds("~a^b&c|d", "~ NAME ^ NAME & NAME | NAME NL EOF");
  expect_kinds("a[::1]", "NAME [ : : INT ] NL EOF");
}

Test(lex, keywords_and_soft_keywords) {
  expect_kinds("def lambda None True False and or not is in",
               "def lambda None True False and or not is in NL EOF");
  expect_kinds("match case type _", "NAME NAME NAME NAME NL EOF");
  expect_kinds("async await yield nonlocal", "async await yield nonlocal NL EOF");
}

Test(lex, unicode_identifiers) {
  LexFixture *f = lex("π = 3.14\nnaïve_x = 1\n");
  cr_expect_str_eq(kinds(f), "NAME = FLOAT NL NAME = INT NL EOF");
  cr_expect_eq(f->toks.data[0].span.end - f->toks.data[0].span.start, 2);
  done(f);
}

static int64_t int_value(const char *text, bool *overflow) {
  LexFixture *f = lex(text);
  cr_assert_eq(f->toks.data[0].kind, TOK_INT, "%s is not an int", text);
  int64_t v = f->toks.data[0].u.int_lit.value;
  *overflow = f->toks.data[0].u.int_lit.overflow;
  cr_expect_eq(f->toks.data[1].kind, TOK_NEWLINE, "%s lexed as more than one token", text);
  done(f);
  return v;
}

Test(lex, int_literals) {
  bool ov;
  cr_expect_eq(int_value("0", &ov), 0);
  cr_expect_eq(int_value("000", &ov), 0);
  cr_expect_eq(int_value("42", &ov), 42);
  cr_expect_eq(int_value("1_000_000", &ov), 1000000);
  cr_expect_eq(int_value("0xff", &ov), 255);
  cr_expect_eq(int_value("0XFF", &ov), 255);
  cr_expect_eq(int_value("0x_ff", &ov), 255);
  cr_expect_eq(int_value("0o17", &ov), 15);
  cr_expect_eq(int_value("0b1010", &ov), 10);
  cr_expect_eq(int_value("0b_1_0", &ov), 2);
  cr_expect_eq(int_value("9223372036854775807", &ov), INT64_MAX);
  cr_expect(!ov);
  cr_expect_eq(int_value("9223372036854775808", &ov), INT64_MIN);
  cr_expect(ov);
  int_value("99999999999999999999999", &ov);
  cr_expect(ov);
  int_value("0xffffffffffffffff", &ov);
  cr_expect(ov);
}

static double float_value(const char *text, TokenKind kind) {
  LexFixture *f = lex(text);
  cr_assert_eq(f->toks.data[0].kind, kind, "%s: wrong kind %s", text, token_kind_name(f->toks.data[0].kind));
  cr_expect_eq(f->toks.data[1].kind, TOK_NEWLINE, "%s lexed as more than one token", text);
  double v = f->toks.data[0].u.float_val;
  done(f);
  return v;
}

Test(lex, float_and_imaginary_literals) {
  cr_expect_eq(float_value("1.", TOK_FLOAT), 1.0);
  cr_expect_eq(float_value(".5", TOK_FLOAT), 0.5);
  cr_expect_eq(float_value("1e-3", TOK_FLOAT), 1e-3);
  cr_expect_eq(float_value("1_000.5", TOK_FLOAT), 1000.5);
  cr_expect_eq(float_value("1E+10", TOK_FLOAT), 1e10);
  cr_expect_eq(float_value("1e10", TOK_FLOAT), 1e10);
  cr_expect_eq(float_value("3.14_15", TOK_FLOAT), 3.1415);
  cr_expect(isinf(float_value("1e999", TOK_FLOAT)));
  cr_expect_eq(float_value("1j", TOK_IMAG), 1.0);
  cr_expect_eq(float_value("2.5J", TOK_IMAG), 2.5);
  cr_expect_eq(float_value("1e3j", TOK_IMAG), 1000.0);
}

Test(lex, numbers_next_to_keywords_and_dots) {
  expect_kinds("1if x else 2", "INT if NAME else INT NL EOF");
  expect_kinds("x.real", "NAME . NAME NL EOF");
  expect_kinds("1 .real", "INT . NAME NL EOF");
  expect_kinds("a[1:2]", "NAME [ INT : INT ] NL EOF");
}

Test(lex, bad_numbers) {
  const char *bad[] = {"0x", "0b2", "0o8", "1__0", "1_", "012", "1e", "0x_"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    LexFixture *f = lex(bad[i]);
    cr_expect_eq(f->toks.data[0].kind, TOK_ERROR, "%s should be an error token", bad[i]);
    cr_expect_not_null(f->toks.data[0].u.error);
    done(f);
  }
}

Test(lex, string_forms) {
  expect_kinds("'a' \"b\" '''c''' \"\"\"d\"\"\"", "STR STR STR STR NL EOF");
  expect_kinds("r'a' R\"b\" u'c' U'd'", "STR STR STR STR NL EOF");
  expect_kinds("b'a' B'a' rb'a' bR'a' Br'a' RB'a'", "BYTES BYTES BYTES BYTES BYTES BYTES NL EOF");
  expect_kinds("f'a' F'{x}' rf'a' fR'a' Rf'a'", "FSTR FSTR FSTR FSTR FSTR NL EOF");
  expect_kinds("f'{x[\"k\"]}' + 1", "FSTR + INT NL EOF");
  expect_kinds("bu'x'", "NAME STR NL EOF");
}

Test(lex, triple_quoted_strings_span_lines) {
  LexFixture *f = lex("x = '''a\nb\n  c'''\ny\n");
  cr_expect_str_eq(kinds(f), "NAME = STR NL NAME NL EOF");
  char *v = lex_string_value(&f->arena, &f->src, &f->toks.data[2], &f->diags);
  cr_expect_str_eq(v, "a\nb\n  c");
  done(f);
}

Test(lex, unterminated_strings) {
  LexFixture *f = lex("x = 'abc\ny = 1\n");
  cr_expect_str_eq(kinds(f), "NAME = ERR NL NAME = INT NL EOF");
  cr_expect_str_eq(f->toks.data[2].u.error, "unterminated string literal");
  done(f);
  f = lex("x = '''abc\ny = 1\n");
  cr_expect_str_eq(kinds(f), "NAME = ERR NL EOF");
  cr_expect_str_eq(f->toks.data[2].u.error, "unterminated triple-quoted string literal");
  done(f);
}

Test(lex, stray_characters) {
  LexFixture *f = lex("a $ b ? c ! d `");
  cr_expect_str_eq(kinds(f), "NAME ERR NAME ERR NAME ERR NAME ERR NL EOF");
  cr_expect(strstr(f->toks.data[1].u.error, "'$'") != NULL);
  done(f);
}

static char *value_of(const char *text, bool *ok) {
  LexFixture *f = lex(text);
  char *v = lex_string_value(&f->arena, &f->src, &f->toks.data[0], &f->diags);
  *ok = v != NULL && f->diags.nerrors == 0;
  char *copy = v ? kr_strdup(v) : NULL;
  done(f);
  return copy;
}

static void expect_value(const char *text, const char *expected) {
  bool ok;
  char *v = value_of(text, &ok);
  cr_expect(ok, "%s should decode", text);
  if (v) cr_expect_str_eq(v, expected, "value of %s", text);
  kr_free(v);
}

Test(lex, string_values) {
  expect_value("'a\\nb\\tc'", "a\nb\tc");
  expect_value("'\\\\ \\' \\\"'", "\\ ' \"");
  expect_value("'\\x41\\101'", "AA");
  expect_value("'\\u00e9'", "\xc3\xa9");
  expect_value("'\\U0001F600'", "\xf0\x9f\x98\x80");
  expect_value("r'a\\nb'", "a\\nb");
  expect_value("r'\\''", "\\'");
  expect_value("b'\\xff'", "\xff");
  expect_value("b'\\u0041'", "\\u0041");
  expect_value("'a\\\nb'", "ab");
  expect_value("'\\d'", "\\d");
  expect_value("\"\"\"x\"y\"\"\"", "x\"y");
}

Test(lex, bad_escapes_report) {
  bool ok;
  char *v = value_of("'\\N{DASH}'", &ok);
  cr_expect(!ok);
  cr_expect_null(v);
  v = value_of("'\\x4'", &ok);
  cr_expect(!ok);
  v = value_of("'\\u12'", &ok);
  cr_expect(!ok);
}

Test(lex, ends_with_newline_dedents_eof) {
  expect_kinds("def f():\n    return 1", "def NAME ( ) : NL IN return INT NL DE EOF");
  expect_kinds("def f():\n    if x:\n        return 1",
               "def NAME ( ) : NL IN if NAME : NL IN return INT NL DE DE EOF");
}

Test(lex, crlf_line_endings) {
  expect_kinds("if x:\r\n    y\r\nz\r\n", "if NAME : NL IN NAME NL DE NAME NL EOF");
}

Test(lex, never_fails_on_garbage) {
  unsigned char buf[4096];
  unsigned seed = 12345;
  for (int round = 0; round < 50; round++) {
    for (size_t i = 0; i < sizeof buf - 1; i++) {
      seed = seed * 1103515245u + 12345u;
      buf[i] = (unsigned char)(seed >> 16);
      if (buf[i] == 0) buf[i] = '\n';
    }
    buf[sizeof buf - 1] = 0;
    LexFixture *f = lex((const char *)buf);
    cr_expect_eq(vec_last(&f->toks).kind, TOK_EOF);
    done(f);
  }
}

Test(lex, fstring_replacement_fields) {
  expect_kinds("f\"{x[\"k\"]}\" + 1", "FSTR + INT NL EOF");
  expect_kinds("f'{a:{w}.{p}}' x", "FSTR NAME NL EOF");
  expect_kinds("f'{{literal}}' x", "FSTR NAME NL EOF");
  expect_kinds("f'{f\"{y}\"}' x", "FSTR NAME NL EOF");
  expect_kinds("f'''{x\n}''' x", "FSTR NAME NL EOF");
  expect_kinds("f'{x' \ny\n", "ERR NL NAME NL EOF");
}

Test(lex, byte_order_mark_is_skipped) {
  expect_kinds("\xEF\xBB\xBFx = 1\n", "NAME = INT NL EOF");
}

Test(lex, unclosed_bracket_ends_at_a_definition) {
  LexFixture *f = lex("x = f(1,\ndef g():\n    pass\n");
  cr_expect_str_eq(kinds(f), "NAME = NAME ( INT , ERR NL def NAME ( ) : NL IN pass NL DE EOF");
  cr_expect_str_eq(f->toks.data[6].u.error, "'(' was never closed");
  cr_expect_eq(f->toks.data[6].span.start, 5);
  done(f);
  /* an indented def is a continuation as far as the lexer knows */
  expect_kinds("x = (1,\n  def)\n", "NAME = ( INT , def ) NL EOF");
}

/* Well-formed UTF-8 as Unicode's Table 3-7 has it (what CPython decodes): the first bad byte. */
Test(lex, invalid_utf8_is_found_at_its_first_byte) {
  struct {
    const char *text;
    int32_t bad;
  } cases[] = {
      {"x = 1  # caf\xC3\xA9 \xE2\x86\x92 \xF0\x9F\x90\x8D\n", -1}, /* é → 🐍 */
      {"\xC2\x80\xDF\xBF\xE0\xA0\x80\xED\x9F\xBF\xEE\x80\x80\xF0\x90\x80\x80\xF4\x8F\xBF\xBF", -1},
      {"# caf\xE9\n", 5},                /* latin-1 é: a lead byte without continuation */
      {"ab\x80", 2},                     /* a stray continuation byte */
      {"a\xC0\x80", 1},                  /* overlong NUL */
      {"a\xC1\xBF", 1},                  /* overlong U+007F */
      {"a\xE0\x9F\xBF", 1},              /* overlong three-byte form */
      {"a\xF0\x8F\xBF\xBF", 1},          /* overlong four-byte form */
      {"a\xED\xA0\x80", 1},              /* the surrogate U+D800 */
      {"a\xF4\x90\x80\x80", 1},          /* above U+10FFFF */
      {"a\xF5\x80\x80\x80", 1},
      {"a\xFF", 1},
      {"ab\xE2\x82", 2},                 /* cut at the end of the text */
      {"ab\xE2\x82x", 2},                /* cut before another character */
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    cr_expect_eq(lex_invalid_utf8(cases[i].text, (int32_t)strlen(cases[i].text)), cases[i].bad, "case %zu", i);
  cr_expect_eq(lex_invalid_utf8("a\0b", 3), -1, "NUL is UTF-8 (the tokenizer reports it)");
}
