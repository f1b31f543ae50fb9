/* test_frontend_module.c: the module scanner: finding @jit functions and their options, skipping
 * everything else silently, constants with binding counts, imports, lazy parsing, and garbage. */
#include <criterion/criterion.h>
#include <string.h>

#include "frontend/frontend.h"

typedef struct ModFixture {
  Arena arena;
  Source src;
  DiagList diags;
  Module *m;
} ModFixture;

static ModFixture *scan(const char *text, size_t len) {
  ModFixture *f = kr_alloc(sizeof *f);
  arena_init(&f->arena);
  source_init(&f->src, &f->arena, "m.py", text, (int32_t)len);
  f->m = module_scan(&f->arena, &f->src, &f->diags);
  return f;
}

static ModFixture *scan_str(const char *text) { return scan(text, strlen(text)); }

static void done(ModFixture *f) {
  diag_list_free(&f->diags);
  arena_free(&f->arena);
  kr_free(f);
}

static const char *kw_text(ModFixture *f, const ModuleFunc *fn, int i) {
  StrBuf b = {0};
  strbuf_printf(&b, "%s=", fn->jit.keywords.data[i].name);
  ast_print_expr(fn->jit.keywords.data[i].value, &b);
  char *s = arena_strdup(&f->arena, b.data);
  strbuf_free(&b);
  return s;
}

Test(module, finds_jit_functions) {
  ModFixture *f = scan_str("import krait\n"
                           "from krait import jit\n"
                           "\n"
                           "@jit\n"
                           "def a(x):\n"
                           "    return x\n"
                           "\n"
                           "@krait.jit\n"
                           "def b(x):\n"
                           "    return x\n"
                           "\n"
                           "@jit()\n"
                           "def c(x): return x\n"
                           "\n"
                           "@other\n"
                           "@krait.jit(fastmath=True, boundscheck=False, error_model='numpy')\n"
                           "@functools.wraps(a)\n"
                           "def d(x):\n"
                           "    return x\n"
                           "\n"
                           "def plain(x):\n"
                           "    return x\n"
                           "\n"
                           "@staticmethod\n"
                           "def e(x):\n"
                           "    return x\n");
  Module *m = f->m;
  cr_assert_eq(m->funcs.len, 6);
  const char *names[] = {"a", "b", "c", "d", "plain", "e"};
  bool jit[] = {true, true, true, true, false, false};
  for (int i = 0; i < 6; i++) {
    cr_expect_str_eq(m->funcs.data[i].name, names[i]);
    cr_expect_eq(m->funcs.data[i].jit.is_jit, jit[i], "%s", names[i]);
  }
  ModuleFunc *d = module_find_func(m, "d");
  cr_assert_not_null(d);
  cr_assert_eq(d->jit.keywords.len, 3);
  cr_expect_str_eq(kw_text(f, d, 0), "fastmath=True");
  cr_expect_str_eq(kw_text(f, d, 1), "boundscheck=False");
  cr_expect_str_eq(kw_text(f, d, 2), "error_model='numpy'");
  /* first_tok is the first decorator, def_tok the def, end_tok one past the body's DEDENT */
  cr_expect_eq(m->toks.data[d->first_tok].kind, TOK_AT);
  cr_expect_eq(m->toks.data[d->def_tok].kind, TOK_DEF);
  cr_expect_eq(m->toks.data[d->end_tok - 1].kind, TOK_DEDENT);
  int line, col;
  source_line_col(&f->src, d->name_span.start, &line, &col);
  cr_expect_eq(line, 18);
  cr_expect_eq(col, 5);
  ModuleFunc *c = module_find_func(m, "c");
  cr_expect_eq(m->toks.data[c->end_tok - 1].kind, TOK_NEWLINE);
  FuncDef *def = module_parse_func(m, d);
  cr_assert_not_null(def);
  cr_expect(def->jit.is_jit);
  cr_expect_eq(def->jit.keywords.len, 3);
  cr_expect_eq(module_parse_func(m, d), def, "parsed once");
  cr_expect_eq(f->diags.len, 0);
  done(f);
}

Test(module, decorators_attach_to_the_next_def) {
  ModFixture *f = scan_str("@jit\n"
                           "class C:\n"
                           "    pass\n"
                           "def g(): pass\n"
                           "@jit\n"
                           "# a comment between\n"
                           "\n"
                           "def h(): pass\n"
                           "@jit\n"
                           "async def co(): pass\n"
                           "def k(): pass\n"
                           "@jit(\n"
                           "    fastmath=True,\n"
                           ")\n"
                           "def m(): pass\n"
                           "@jit +\n"
                           "def bad_decorator(): pass\n");
  Module *m = f->m;
  cr_expect_eq(f->diags.len, 0);
  cr_expect(!module_find_func(m, "g")->jit.is_jit);
  cr_expect(module_find_func(m, "h")->jit.is_jit);
  cr_expect_null(module_find_func(m, "co"));
  cr_expect(!module_find_func(m, "k")->jit.is_jit);
  cr_expect(module_find_func(m, "m")->jit.is_jit);
  cr_expect_eq(module_find_func(m, "m")->jit.keywords.len, 1);
  cr_expect(!module_find_func(m, "bad_decorator")->jit.is_jit);
  done(f);
}

Test(module, skips_everything_else_silently) {
  ModFixture *f = scan_str("from __future__ import annotations\n"
                           "class Point:\n"
                           "    x: int = 0\n"
                           "    def norm(self) -> float:\n"
                           "        return (self.x ** 2) ** 0.5\n"
                           "    @property\n"
                           "    def y(self): return [i for i in range(3) if (j := i)]\n"
                           "\n"
                           "@dataclass\n"
                           "class Q:\n"
                           "    pass\n"
                           "squares = {k: v ** 2 for k, v in data.items()}\n"
                           "print(f\"{squares['a']!r:>10}\")\n"
                           "match command.split():\n"
                           "    case [action, obj]:\n"
                           "        pass\n"
                           "    case _:\n"
                           "        pass\n"
                           "if __name__ == '__main__':\n"
                           "    main(*sys.argv[1:], **{'k': 1})\n"
                           "try:\n"
                           "    import numpy\n"
                           "except ImportError:\n"
                           "    numpy = None\n"
                           "with open('f') as fh, lock:\n"
                           "    data = fh.read()\n"
                           "async def co():\n"
                           "    await thing\n"
                           "x = 'unterminated\n"
                           "$$$ ??? `backtick`\n"
                           "lambda: (yield)\n"
                           "type Alias = list[int]\n"
                           "0x 1__2 0b2\n"
                           "@jit\n"
                           "def kernel(a):\n"
                           "    return a + 1\n");
  Module *m = f->m;
  cr_expect_eq(f->diags.len, 0, "the scan reported: %s", f->diags.len ? f->diags.items[0].message : "");
  cr_assert_eq(m->funcs.len, 1);
  cr_expect_str_eq(m->funcs.data[0].name, "kernel");
  cr_expect(m->funcs.data[0].jit.is_jit);
  cr_expect_not_null(module_parse_func(m, &m->funcs.data[0]));
  cr_expect_eq(f->diags.len, 0);
  /* class bodies and nested defs are not module functions */
  cr_expect_null(module_find_func(m, "norm"));
  cr_expect_null(module_find_func(m, "co"));
  done(f);
}

static int count_of(Module *m, const char *name) {
  ModuleConst *c = module_find_const(m, name);
  return c ? c->assign_count : -1;
}

Test(module, constants_and_binding_counts) {
  ModFixture *f = scan_str("N = 100\n"
                           "SCALE: float = 2.5\n"
                           "DECL: int\n"
                           "A = B = 7\n"
                           "M = 3\n"
                           "M += 1\n"
                           "T = 1\n"
                           "T, U = 2, 3\n"
                           "R = 1\n"
                           "for R in range(3):\n"
                           "    pass\n"
                           "F = 1\n"
                           "def F():\n"
                           "    pass\n"
                           "G = 1\n"
                           "def bump():\n"
                           "    global G\n"
                           "    G = 2\n"
                           "C = 1\n"
                           "if cond:\n"
                           "    C = 2\n"
                           "L = [1, 2]\n"
                           "L[0] = 5\n"
                           "X = 1; Y = X + 1\n"
                           "I = 1\n"
                           "import I\n"
                           "NEG = -9223372036854775808\n"
                           "BAD = 1 +\n"
                           "K = 2 * (N +\n"
                           "         1)\n");
  Module *m = f->m;
  cr_expect_eq(count_of(m, "N"), 1);
  cr_expect_eq(count_of(m, "SCALE"), 1);
  cr_expect_null(module_find_const(m, "DECL"));
  cr_expect_eq(count_of(m, "A"), 1);
  cr_expect_eq(count_of(m, "B"), 1);
  cr_expect_eq(count_of(m, "M"), 2);
  cr_expect_eq(count_of(m, "T"), 2);
  cr_expect_null(module_find_const(m, "U"));
  cr_expect_eq(count_of(m, "R"), 2);
  cr_expect_eq(count_of(m, "F"), 2);
  cr_expect_eq(count_of(m, "G"), 2);
  cr_expect_eq(count_of(m, "C"), 2);
  cr_expect_eq(count_of(m, "L"), 2);
  cr_expect_eq(count_of(m, "X"), 1);
  cr_expect_eq(count_of(m, "Y"), 1);
  cr_expect_eq(count_of(m, "I"), 2);
  cr_expect_eq(f->diags.len, 0);

  StrBuf b = {0};
  Expr *e = module_parse_const(m, module_find_const(m, "SCALE"));
  cr_assert_not_null(e);
  ast_print_expr(e, &b);
  cr_expect_str_eq(b.data, "2.5");
  b.len = 0;
  e = module_parse_const(m, module_find_const(m, "Y"));
  cr_assert_not_null(e);
  ast_print_expr(e, &b);
  cr_expect_str_eq(b.data, "(+ X 1)");
  b.len = 0;
  e = module_parse_const(m, module_find_const(m, "NEG"));
  cr_assert_not_null(e);
  cr_expect_eq(e->kind, EXPR_INT);
  cr_expect_eq(e->u.int_val, INT64_MIN);
  e = module_parse_const(m, module_find_const(m, "K"));
  cr_assert_not_null(e);
  ast_print_expr(e, &b);
  cr_expect_str_eq(b.data, "(* 2 (+ N 1))");
  strbuf_free(&b);
  cr_expect_eq(f->diags.len, 0);

  ModuleConst *bad = module_find_const(m, "BAD");
  cr_assert_not_null(bad);
  cr_expect_null(module_parse_const(m, bad));
  cr_expect(bad->parse_failed);
  cr_assert_eq(f->diags.len, 1);
  cr_expect_str_eq(f->diags.items[0].message, "expected an expression, found newline");
  cr_expect_eq(f->diags.items[0].line, 28);
  done(f);
}

Test(module, imports) {
  ModFixture *f = scan_str("import math\n"
                           "import numpy as np\n"
                           "import os.path\n"
                           "import a.b.c as abc, sys\n"
                           "from krait import jit, f64 as F\n"
                           "from . import sibling\n"
                           "from ..pkg import thing\n"
                           "from math import *\n"
                           "import\n"
                           "from x import (\n"
                           "    p,\n"
                           "    q,\n"
                           ")\n");
  Module *m = f->m;
  cr_expect_eq(f->diags.len, 0);
  const ModuleImport *i = module_find_import(m, "math");
  cr_assert_not_null(i);
  cr_expect_str_eq(i->module, "math");
  cr_expect_null(i->name);
  i = module_find_import(m, "np");
  cr_assert_not_null(i);
  cr_expect_str_eq(i->module, "numpy");
  i = module_find_import(m, "os");
  cr_assert_not_null(i);
  cr_expect_str_eq(i->module, "os.path");
  i = module_find_import(m, "abc");
  cr_assert_not_null(i);
  cr_expect_str_eq(i->module, "a.b.c");
  cr_expect_not_null(module_find_import(m, "sys"));
  i = module_find_import(m, "F");
  cr_assert_not_null(i);
  cr_expect_str_eq(i->module, "krait");
  cr_expect_str_eq(i->name, "f64");
  i = module_find_import(m, "jit");
  cr_assert_not_null(i);
  cr_expect_str_eq(i->name, "jit");
  i = module_find_import(m, "sibling");
  cr_assert_not_null(i);
  cr_expect_str_eq(i->module, ".");
  i = module_find_import(m, "thing");
  cr_assert_not_null(i);
  cr_expect_str_eq(i->module, "..pkg");
  i = module_find_import(m, "*");
  cr_assert_not_null(i);
  cr_expect_str_eq(i->module, "math");
  cr_expect_not_null(module_find_import(m, "q"));
  cr_expect_null(module_find_import(m, "nothing"));
  done(f);
}

Test(module, function_bodies_with_imports_and_errors) {
  ModFixture *f = scan_str("@jit\n"
                           "def f(x):\n"
                           "    import math\n"
                           "    from math import sqrt\n"
                           "    return sqrt(x) + math.pi\n"
                           "\n"
                           "@jit\n"
                           "def g(x):\n"
                           "    y = (x +\n"
                           "    return y\n"
                           "\n"
                           "@jit\n"
                           "def h(x):\n"
                           "    if x\n"
                           "        return 1\n"
                           "    return x +\n");
  Module *m = f->m;
  cr_assert_eq(m->funcs.len, 3);
  FuncDef *d = module_parse_func(m, module_find_func(m, "f"));
  cr_assert_not_null(d);
  cr_expect_eq(d->body.data[0]->kind, STMT_IMPORT);
  cr_expect_eq(d->body.data[1]->kind, STMT_IMPORTFROM);
  cr_expect_eq(f->diags.len, 0);
  ModuleFunc *g = module_find_func(m, "g");
  cr_expect_null(module_parse_func(m, g));
  cr_expect(g->parse_failed);
  cr_assert_eq(f->diags.len, 1);
  /* the unclosed bracket is closed by the lexer at the next top-level def */
  cr_expect_str_eq(f->diags.items[0].message, "expected an expression, found 'return'");
  cr_expect_eq(f->diags.items[0].line, 10);
  cr_expect_eq(f->diags.items[0].col, 5);
  ModuleFunc *h = module_find_func(m, "h");
  cr_expect_null(module_parse_func(m, h));
  cr_assert_eq(f->diags.len, 3);
  cr_expect_str_eq(f->diags.items[1].message, "expected ':' after 'if' condition, found newline");
  cr_expect_eq(f->diags.items[1].line, 14);
  cr_expect_eq(f->diags.items[1].col, 9);
  cr_expect_str_eq(f->diags.items[2].message, "expected an expression, found newline");
  cr_expect_eq(f->diags.items[2].line, 16);
  done(f);
}

Test(module, unclosed_bracket_stops_at_the_next_def) {
  ModFixture *f = scan_str("def g(x):\n"
                           "    return f(x,\n"
                           "\n"
                           "@jit\n"
                           "def h(x):\n"
                           "    return x\n");
  Module *m = f->m;
  cr_assert_eq(m->funcs.len, 2);
  cr_expect(module_find_func(m, "h")->jit.is_jit);
  cr_expect_not_null(module_parse_func(m, module_find_func(m, "h")));
  cr_expect_eq(f->diags.len, 0);
  cr_expect_null(module_parse_func(m, module_find_func(m, "g")));
  cr_assert_eq(f->diags.len, 1);
  cr_expect_str_eq(f->diags.items[0].message, "'(' was never closed");
  cr_expect_eq(f->diags.items[0].line, 2);
  cr_expect_eq(f->diags.items[0].col, 13);
  done(f);
}

/* Scans and parses every function and constant; only checks that it returns. */
static void scan_and_parse_all(const char *text, size_t len) {
  ModFixture *f = scan(text, len);
  for (int i = 0; i < f->m->funcs.len; i++) module_parse_func(f->m, &f->m->funcs.data[i]);
  for (int i = 0; i < f->m->consts.len; i++) module_parse_const(f->m, &f->m->consts.data[i]);
  cr_expect_eq(vec_last(&f->m->toks).kind, TOK_EOF);
  done(f);
}

Test(module, garbage_does_not_crash) {
  StrBuf b = {0};
  /* deep nesting of every bracket kind, balanced and not */
  const char *openers[] = {"(", "[", "{", "-", "not ", "a[", "f(", "lambda: ", "x if y else "};
  for (size_t k = 0; k < sizeof openers / sizeof openers[0]; k++) {
    b.len = 0;
    strbuf_printf(&b, "def f():\n    return ");
    for (int i = 0; i < 10000; i++) strbuf_printf(&b, "%s", openers[k]);
    strbuf_printf(&b, "1\nX = ");
    for (int i = 0; i < 10000; i++) strbuf_printf(&b, "%s", openers[k]);
    strbuf_printf(&b, "1\n");
    scan_and_parse_all(b.data, b.len);
  }
  b.len = 0;
  strbuf_printf(&b, "def f():\n    return 2");
  for (int i = 0; i < 10000; i++) strbuf_printf(&b, "**2");
  strbuf_printf(&b, "\n    if x: pass\n");
  for (int i = 0; i < 20000; i++) strbuf_printf(&b, "    elif x: pass\n");
  strbuf_printf(&b, "    else: pass\n");
  scan_and_parse_all(b.data, b.len);
  b.len = 0;
  for (int i = 0; i < 10000; i++) strbuf_printf(&b, ")]}");
  scan_and_parse_all(b.data, b.len);
  /* deeply indented blocks */
  b.len = 0;
  strbuf_printf(&b, "def f():\n");
  for (int i = 1; i < 400; i++) {
    for (int j = 0; j < i; j++) strbuf_putc(&b, ' ');
    strbuf_printf(&b, "if x:\n");
  }
  for (int j = 0; j < 400; j++) strbuf_putc(&b, ' ');
  strbuf_printf(&b, "pass\n");
  scan_and_parse_all(b.data, b.len);
  /* random bytes, and random tokens from a Python-ish alphabet */
  const char *pieces[] = {"def ", "f", "(", ")", ":", "\n", "    ", "\t", "@jit\n", "=", "x", "1", "0x",
                          "'", "\"\"\"", "#", "\\", "if ", "else", "for ", "in ", "[", "]", "{", "}", ",",
                          "**", "-", "lambda", "class ", "return ", "import ", "from ", ".", "$", "é", ";"};
  unsigned seed = 7;
  for (int round = 0; round < 300; round++) {
    b.len = 0;
    int n = 50 + round * 3;
    for (int i = 0; i < n; i++) {
      seed = seed * 1103515245u + 12345u;
      if (round % 3 == 0) {
        char c = (char)((seed >> 16) & 0xFF);
        strbuf_putc(&b, c ? c : '\n');
      } else {
        strbuf_printf(&b, "%s", pieces[(seed >> 16) % (sizeof pieces / sizeof pieces[0])]);
      }
    }
    scan_and_parse_all(b.data ? b.data : "", b.len);
  }
  strbuf_free(&b);
}

Test(module, non_utf8_text_is_refused_whole) {
  const char text[] = "@jit\ndef f(x):\n    return x  # caf\xE9\n\n@jit\ndef g(x):\n    return x\n";
  ModFixture *f = scan(text, sizeof text - 1);
  cr_expect_eq(f->m->funcs.len, 0, "CPython refuses the whole file, so no function is found");
  cr_expect_eq(f->m->toks.len, 1);
  cr_expect_eq(f->diags.nerrors, 1);
  cr_expect_eq(f->diags.items[0].line, 3);
  cr_expect_eq(f->diags.items[0].col, 20);
  cr_expect_str_eq(f->diags.items[0].message, "non-UTF-8 code starting with '\\xe9' (source files must be UTF-8)");
  done(f);
}
