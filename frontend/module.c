/* module.c: the module scanner, the frontend's entry point. Tokenizes a whole module and looks only
 * at its structure: top-level defs with their decorators, imports, and `NAME = expr` constants with
 * a count of every binding of each name. Bodies are skipped by INDENT/DEDENT and parsed lazily on
 * request (module_parse_func, module_parse_const), so nothing the scan skips is ever reported. */
#include "frontend.h"

#include <string.h>

/* Every module-level binding of a name, to invalidate constants; a hash table, as modules can
 * be large (generated tables of thousands of constants). */
typedef struct Binding {
  const char *name;
  int count;
  int const_index;           /* into Module.consts, or -1 */
} Binding;

typedef struct Scanner {
  Module *m;
  Parser p;                  /* over m->toks; reports into `scratch`, which is thrown away */
  DiagList scratch;
  Binding *table;            /* open addressing, cap a power of two, at most half full */
  int cap, used;
} Scanner;

static const Token *tok(const Scanner *sc, int i) {
  const Module *m = sc->m;
  return &m->toks.data[i < m->toks.len ? i : m->toks.len - 1];
}

static TokenKind kind_at(const Scanner *sc, int i) { return tok(sc, i)->kind; }

static char *tok_text(Scanner *sc, int i) {
  const Token *t = tok(sc, i);
  return arena_strndup(sc->m->arena, sc->m->src->text + t->span.start, (size_t)(t->span.end - t->span.start));
}

static uint32_t hash_name(const char *s) {
  uint32_t h = 2166136261u; /* FNV-1a */
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
  return h;
}

static Binding *find_binding(Scanner *sc, const char *name) {
  if (sc->used * 2 >= sc->cap) {
    int old_cap = sc->cap;
    Binding *old = sc->table;
    sc->cap = old_cap ? old_cap * 2 : 256;
    sc->table = arena_array(sc->m->arena, Binding, sc->cap);
    sc->used = 0;
    for (int i = 0; i < old_cap; i++)
      if (old[i].name) {
        Binding *b = find_binding(sc, old[i].name);
        *b = old[i];
        sc->used++;
      }
  }
  uint32_t mask = (uint32_t)sc->cap - 1;
  for (uint32_t i = hash_name(name) & mask;; i = (i + 1) & mask) {
    Binding *b = &sc->table[i];
    if (!b->name) {
      b->name = name;
      b->const_index = -1;
      sc->used++;
      return b;
    }
    if (strcmp(b->name, name) == 0) return b;
  }
}

static Binding *bind(Scanner *sc, const char *name) {
  Binding *b = find_binding(sc, name);
  b->count++;
  return b;
}

static void bind_token(Scanner *sc, int i) { bind(sc, tok_text(sc, i)); }

/* ---- decorators ---- */

static bool is_jit_callee(const Expr *e) {
  if (e->kind == EXPR_NAME) return strcmp(e->u.name, "jit") == 0;
  return e->kind == EXPR_ATTR && strcmp(e->u.attr.attr, "jit") == 0 && e->u.attr.value->kind == EXPR_NAME &&
         strcmp(e->u.attr.value->u.name, "krait") == 0;
}

/* decorator = "@" expr NEWLINE   (jit, krait.jit, jit(...), krait.jit(...)) */
static void scan_decorator(Scanner *sc, JitOptions *jit) {
  parse_advance(&sc->p); /* '@' */
  Expr *e = parse_expr(&sc->p);
  if (!e || parse_peek(&sc->p)->kind != TOK_NEWLINE) {
    parse_skip_statement(&sc->p);
    return;
  }
  parse_advance(&sc->p);
  if (jit->is_jit) return; /* the first jit decorator wins */
  if (is_jit_callee(e)) {
    jit->is_jit = true;
    jit->span = e->span;
  } else if (e->kind == EXPR_CALL && is_jit_callee(e->u.call.func)) {
    jit->is_jit = true;
    jit->span = e->span;
    jit->keywords = e->u.call.keywords;
  }
}

/* ---- assignments ---- */

static bool is_line_end(TokenKind k) {
  return k == TOK_NEWLINE || k == TOK_SEMI || k == TOK_EOF || k == TOK_INDENT || k == TOK_DEDENT;
}

/* Binds the names a target segment [a, b) assigns: names outside brackets or inside tuple/list
 * displays, but not attribute names or anything inside a subscript or call. */
static void bind_target_names(Scanner *sc, int a, int b) {
  enum { MAX_NEST = 64 };
  bool display[MAX_NEST];
  int depth = 0, trailer_depth = 0; /* trailer_depth: how many enclosing brackets are trailers */
  for (int i = a; i < b; i++) {
    TokenKind k = kind_at(sc, i);
    TokenKind prev = i > a ? kind_at(sc, i - 1) : TOK_COMMA;
    if (k == TOK_LPAREN || k == TOK_LBRACKET || k == TOK_LBRACE) {
      bool is_display = prev != TOK_NAME && prev != TOK_RPAREN && prev != TOK_RBRACKET;
      if (depth < MAX_NEST) display[depth] = is_display;
      depth++;
      if (!is_display) trailer_depth++;
    } else if (k == TOK_RPAREN || k == TOK_RBRACKET || k == TOK_RBRACE) {
      if (depth > 0) {
        depth--;
        if (depth < MAX_NEST && !display[depth]) trailer_depth--;
      }
    } else if (k == TOK_NAME && prev != TOK_DOT && trailer_depth == 0) {
      bind_token(sc, i);
    }
  }
}

/* One simple statement at [start, end) that begins like an assignment. At the top level a single
 * NAME target becomes a ModuleConst; everywhere each bound name is counted. */
static void scan_assignment(Scanner *sc, int start, int end, bool top) {
  Module *m = sc->m;
  int eqs[64], neq = 0, depth = 0;
  for (int i = start; i < end; i++) {
    TokenKind k = kind_at(sc, i);
    if (k == TOK_LPAREN || k == TOK_LBRACKET || k == TOK_LBRACE) depth++;
    else if ((k == TOK_RPAREN || k == TOK_RBRACKET || k == TOK_RBRACE) && depth > 0) depth--;
    else if (k == TOK_LAMBDA && depth == 0) break; /* a lambda's default is no assignment */
    else if (k == TOK_ASSIGN && depth == 0 && neq < 64) eqs[neq++] = i;
  }
  bool annotated = kind_at(sc, start) == TOK_NAME && kind_at(sc, start + 1) == TOK_COLON;
  if (annotated) {
    if (neq == 0) return; /* `x: int` declares without binding */
    neq = 1;
  } else if (neq == 0) {
    TokenKind k = kind_at(sc, start + 1);
    if (kind_at(sc, start) == TOK_NAME && k >= TOK_PLUS_ASSIGN && k <= TOK_AT_ASSIGN) bind_token(sc, start);
    return;
  }
  int value_tok = eqs[neq - 1] + 1;
  for (int s = 0; s < neq; s++) {
    int a = s == 0 ? start : eqs[s - 1] + 1, b = eqs[s];
    bool single = annotated ? true : (b - a == 1 && kind_at(sc, a) == TOK_NAME);
    if (!single) {
      bind_target_names(sc, a, b);
      continue;
    }
    Binding *bd = bind(sc, tok_text(sc, a));
    if (!top || bd->const_index >= 0) continue; /* counted; the first assignment is kept */
    bd->const_index = m->consts.len;
    ModuleConst c = {0};
    c.name = bd->name;
    c.span = span_join(tok(sc, start)->span, tok(sc, end - 1)->span);
    c.value_tok = value_tok;
    c.value_end = end;
    vec_push(m->arena, &m->consts, c);
  }
}

/* ---- imports ---- */

static void record_import(Scanner *sc, const Stmt *s, bool top) {
  Module *m = sc->m;
  for (int i = 0; i < s->u.import.names.len; i++) {
    const ImportName *in = &s->u.import.names.data[i];
    ModuleImport mi = {0};
    mi.span = in->span;
    if (s->kind == STMT_IMPORT) {
      mi.module = in->name;
      if (in->asname) {
        mi.bound = in->asname;
      } else {
        const char *dot = strchr(in->name, '.');
        mi.bound = dot ? arena_strndup(m->arena, in->name, (size_t)(dot - in->name)) : in->name;
      }
    } else {
      const char *mod = s->u.import.module ? s->u.import.module : "";
      if (s->u.import.level > 0) {
        char *dots = arena_alloc(m->arena, (size_t)s->u.import.level + strlen(mod) + 1);
        memset(dots, '.', (size_t)s->u.import.level);
        strcpy(dots + s->u.import.level, mod);
        mod = dots;
      }
      mi.module = mod;
      mi.name = in->name;
      mi.bound = in->asname ? in->asname : in->name;
    }
    if (strcmp(mi.bound, "*") != 0) bind(sc, mi.bound);
    if (top) vec_push(m->arena, &m->imports, mi);
  }
}

/* ---- the scan ---- */

/* Skips to the end of the current simple statement: past its ';' or NEWLINE (not blocks). */
static void skip_simple(Scanner *sc) {
  Parser *p = &sc->p;
  while (!is_line_end(parse_peek(p)->kind)) parse_advance(p);
  if (parse_peek(p)->kind == TOK_SEMI || parse_peek(p)->kind == TOK_NEWLINE) parse_advance(p);
}

/* Skips to the end of the logical line, through its NEWLINE, without skipping the block after. */
static void skip_line(Scanner *sc) {
  Parser *p = &sc->p;
  for (;;) {
    TokenKind k = parse_peek(p)->kind;
    if (k == TOK_NEWLINE || k == TOK_EOF || k == TOK_INDENT || k == TOK_DEDENT) break;
    parse_advance(p);
  }
  if (parse_peek(p)->kind == TOK_NEWLINE) parse_advance(p);
}

static void scan_def(Scanner *sc, int first_tok, const JitOptions *jit, bool top) {
  Parser *p = &sc->p;
  int def_tok = p->pos;
  bool named = kind_at(sc, def_tok + 1) == TOK_NAME;
  if (named) bind_token(sc, def_tok + 1);
  parse_skip_statement(p); /* the header line and the whole body */
  if (!top || !named) return;
  ModuleFunc f = {0};
  f.name = tok_text(sc, def_tok + 1);
  f.name_span = tok(sc, def_tok + 1)->span;
  f.first_tok = first_tok;
  f.def_tok = def_tok;
  f.end_tok = p->pos;
  if (jit) f.jit = *jit;
  vec_push(sc->m->arena, &sc->m->funcs, f);
}

/* Looks at one statement at the start of a line (or after ';'). `level` is the indentation depth:
 * at 0 defs, imports and constants are recorded; inside top-level blocks (if, for, try...) only the
 * names bound are counted. Class and def bodies are skipped whole. */
static void scan_statement(Scanner *sc, int level) {
  Parser *p = &sc->p;
  bool top = level == 0;
  const Token *t = parse_peek(p);
  switch (t->kind) {
  case TOK_AT: {
    int first = p->pos;
    JitOptions jit = {0};
    while (parse_peek(p)->kind == TOK_AT) scan_decorator(sc, &jit);
    if (parse_peek(p)->kind == TOK_DEF) scan_def(sc, first, &jit, top);
    /* a decorated class or async def is handled as itself by the next call */
    return;
  }
  case TOK_DEF:
    scan_def(sc, p->pos, NULL, top);
    return;
  case TOK_CLASS:
  case TOK_ASYNC:
    if (kind_at(sc, p->pos + 1) == TOK_NAME) bind_token(sc, p->pos + 1);
    if (t->kind == TOK_ASYNC && kind_at(sc, p->pos + 1) == TOK_DEF && kind_at(sc, p->pos + 2) == TOK_NAME)
      bind_token(sc, p->pos + 2);
    parse_skip_statement(p);
    return;
  case TOK_IMPORT:
  case TOK_FROM: {
    int start = p->pos;
    Stmt *s = parse_stmt(p); /* reports into the scratch list; consumes its ';' or NEWLINE */
    if (s && (s->kind == STMT_IMPORT || s->kind == STMT_IMPORTFROM)) record_import(sc, s, top);
    if (p->pos == start) parse_advance(p);
    return;
  }
  case TOK_FOR: {
    int in = p->pos + 1;
    while (!is_line_end(kind_at(sc, in)) && kind_at(sc, in) != TOK_IN) in++;
    if (kind_at(sc, in) == TOK_IN) bind_target_names(sc, p->pos + 1, in);
    skip_line(sc);
    return;
  }
  case TOK_DEL:
    for (int i = p->pos + 1; !is_line_end(kind_at(sc, i)); i++)
      if (kind_at(sc, i) == TOK_NAME && kind_at(sc, i - 1) != TOK_DOT) bind_token(sc, i);
    skip_simple(sc);
    return;
  case TOK_NAME:
  case TOK_LPAREN:
  case TOK_LBRACKET:
  case TOK_STAR: {
    int start = p->pos, end = start;
    while (!is_line_end(kind_at(sc, end))) end++;
    /* a soft-keyword compound statement (match) has no '=' at depth 0 and ends in ':' */
    if (end > start) scan_assignment(sc, start, end, top);
    p->pos = end;
    if (parse_peek(p)->kind == TOK_SEMI || parse_peek(p)->kind == TOK_NEWLINE) parse_advance(p);
    return;
  }
  default:
    /* headers of if/while/try/with/else..., other expressions, errors: their blocks are scanned */
    skip_line(sc);
    return;
  }
}

Module *module_scan(Arena *a, const Source *src, DiagList *d) {
  Module *m = arena_new(a, Module);
  m->arena = a;
  m->src = src;
  m->diags = d;
  /* CPython refuses a whole file that is not UTF-8, comments included: so does the scan, and the
   * module is left empty (one token, EOF) */
  int32_t bad = lex_invalid_utf8(src->text, src->len);
  if (bad >= 0) {
    diag_error(d, src, (Span){bad, bad + 1}, "non-UTF-8 code starting with '\\x%02x' (source files must be UTF-8)",
               (unsigned char)src->text[bad]);
    Source empty = {.name = src->name, .text = "", .len = 0, .line_starts = src->line_starts, .nlines = 1};
    m->toks = lex_source(a, &empty);
    return m;
  }
  m->toks = lex_source(a, src);
  Scanner sc;
  memset(&sc, 0, sizeof sc);
  sc.m = m;
  parser_init(&sc.p, a, src, &m->toks, &sc.scratch);

  /* `global N` in any function rebinds N: such a name is not a constant */
  for (int i = 0; i + 1 < m->toks.len; i++)
    if (m->toks.data[i].kind == TOK_GLOBAL)
      for (int j = i + 1; j < m->toks.len && m->toks.data[j].kind == TOK_NAME; j += 2) {
        bind_token(&sc, j);
        if (j + 1 >= m->toks.len || m->toks.data[j + 1].kind != TOK_COMMA) break;
      }

  int level = 0;
  while (parse_peek(&sc.p)->kind != TOK_EOF) {
    TokenKind k = parse_peek(&sc.p)->kind;
    int before = sc.p.pos;
    if (k == TOK_INDENT) {
      level++;
      parse_advance(&sc.p);
    } else if (k == TOK_DEDENT) {
      if (level > 0) level--;
      parse_advance(&sc.p);
    } else if (k == TOK_NEWLINE) {
      parse_advance(&sc.p);
    } else {
      scan_statement(&sc, level);
    }
    if (sc.p.pos == before) parse_advance(&sc.p); /* progress, whatever the tokens */
  }

  for (int i = 0; i < sc.cap; i++)
    if (sc.table[i].name && sc.table[i].const_index >= 0)
      m->consts.data[sc.table[i].const_index].assign_count = sc.table[i].count;
  diag_list_free(&sc.scratch);
  return m;
}

ModuleFunc *module_find_func(Module *m, const char *name) {
  for (int i = m->funcs.len - 1; i >= 0; i--) /* the last definition wins, as in Python */
    if (strcmp(m->funcs.data[i].name, name) == 0) return &m->funcs.data[i];
  return NULL;
}

ModuleConst *module_find_const(Module *m, const char *name) {
  for (int i = 0; i < m->consts.len; i++)
    if (strcmp(m->consts.data[i].name, name) == 0) return &m->consts.data[i];
  return NULL;
}

const ModuleImport *module_find_import(const Module *m, const char *bound) {
  for (int i = m->imports.len - 1; i >= 0; i--)
    if (strcmp(m->imports.data[i].bound, bound) == 0) return &m->imports.data[i];
  return NULL;
}

FuncDef *module_parse_func(Module *m, ModuleFunc *f) {
  if (f->parsed) return f->def;
  f->parsed = true;
  Parser p;
  parser_init(&p, m->arena, m->src, &m->toks, m->diags);
  p.pos = f->def_tok;
  FuncDef *def = parse_funcdef(&p);
  if (!def) {
    f->parse_failed = true;
    return NULL;
  }
  def->jit = f->jit;
  f->def = def;
  return def;
}

Expr *module_parse_const(Module *m, ModuleConst *c) {
  if (c->parsed) return c->value;
  c->parsed = true;
  Parser p;
  parser_init(&p, m->arena, m->src, &m->toks, m->diags);
  p.pos = c->value_tok;
  Expr *e = parse_expr_list(&p);
  if (e && p.pos != c->value_end) {
    parse_error_expected(&p, parse_peek(&p),
                         arena_printf(m->arena, "newline after the value of '%s'", c->name));
    e = NULL;
  }
  if (!e) c->parse_failed = true;
  c->value = e;
  return e;
}
