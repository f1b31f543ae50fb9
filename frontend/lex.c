/* lex.c: the tokenizer, first step of the frontend. Turns a whole module's text into tokens for all
 * of Python 3's lexical grammar (INDENT/DEDENT as CPython computes them, implicit and explicit line
 * joining, every literal form). It never reports: malformed input becomes TOK_ERROR tokens, so code
 * the module scanner skips can never cause an error. String values are decoded on demand. */
#include "frontend.h"

#include <stdlib.h>
#include <string.h>

enum { MAX_INDENT = 100 }; /* CPython's limit; deeper lines become TOK_ERROR */

typedef struct Lexer {
  Arena *arena;
  const Source *src;
  const char *text;
  int32_t len, pos;
  int depth;                 /* open ( [ { */
  int32_t openers[64];       /* offsets of the outermost open brackets, for "never closed" */
  int indents[MAX_INDENT + 1];
  int nindents;              /* indents[0] == 0 always */
  int pending_indent_from;   /* first INDENT/DEDENT token waiting for the line's first token span */
  TokenVec toks;
} Lexer;

static const char *const kind_names[] = {
#define X(k, s) s,
    TOKEN_KINDS(X)
#undef X
};

const char *token_kind_name(TokenKind k) {
  if (k < 0 || k >= TOK__COUNT) return "?";
  return kind_names[k];
}

static Token *emit(Lexer *lx, TokenKind kind, int32_t start, int32_t end) {
  Token t;
  memset(&t, 0, sizeof t);
  t.kind = kind;
  t.span.start = start;
  t.span.end = end;
  vec_push(lx->arena, &lx->toks, t);
  return &vec_last(&lx->toks);
}

static void emit_error(Lexer *lx, int32_t start, int32_t end, const char *msg) {
  emit(lx, TOK_ERROR, start, end)->u.error = msg;
}

static int peek_at(const Lexer *lx, int32_t i) {
  return i < lx->len ? (unsigned char)lx->text[i] : -1;
}

static bool is_newline_at(const Lexer *lx, int32_t i) {
  int c = peek_at(lx, i);
  return c == '\n' || c == '\r';
}

static int32_t newline_len(const Lexer *lx, int32_t i) {
  return (peek_at(lx, i) == '\r' && peek_at(lx, i + 1) == '\n') ? 2 : 1;
}

static bool is_ident_start(int c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}
static bool is_ident_char(int c) { return is_ident_start(c) || (c >= '0' && c <= '9'); }
static bool is_digit_in_base(int c, int base) {
  if (c < 0) return false;
  switch (base) {
  case 2: return c == '0' || c == '1';
  case 8: return c >= '0' && c <= '7';
  case 10: return c >= '0' && c <= '9';
  default: return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
static int digit_value(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

/* ---- numbers ---- */

/* Reads digits of base with single underscores between them; returns false on a misplaced '_'. */
static bool scan_digits(Lexer *lx, int base, int *count) {
  *count = 0;
  for (;;) {
    int c = peek_at(lx, lx->pos);
    if (is_digit_in_base(c, base)) {
      lx->pos++;
      (*count)++;
    } else if (c == '_' && *count > 0 && is_digit_in_base(peek_at(lx, lx->pos + 1), base)) {
      lx->pos++;
    } else if (c == '_') {
      return false;
    } else {
      return true;
    }
  }
}

static void finish_int(Lexer *lx, int32_t start, int32_t digits_start, int base) {
  uint64_t v = 0;
  bool too_big = false;
  for (int32_t i = digits_start; i < lx->pos; i++) {
    int c = (unsigned char)lx->text[i];
    if (c == '_') continue;
    uint64_t d = (uint64_t)digit_value(c);
    if (v > (UINT64_MAX - d) / (uint64_t)base) too_big = true;
    else v = v * (uint64_t)base + d;
  }
  Token *t = emit(lx, TOK_INT, start, lx->pos);
  if (too_big || v > (uint64_t)INT64_MAX) {
    t->u.int_lit.overflow = true;
    /* exactly 2**63 is kept as INT64_MIN so that the parser can fold -9223372036854775808 */
    t->u.int_lit.value = (!too_big && v == (uint64_t)INT64_MAX + 1) ? INT64_MIN : 0;
  } else {
    t->u.int_lit.value = (int64_t)v;
  }
}

/* A number that ran into an identifier character or a bad '_': swallow the rest as one error. */
static void bad_number(Lexer *lx, int32_t start, const char *msg) {
  while (is_ident_char(peek_at(lx, lx->pos)) || peek_at(lx, lx->pos) == '.') lx->pos++;
  emit_error(lx, start, lx->pos, msg);
}

static void lex_number(Lexer *lx) {
  int32_t start = lx->pos;
  int c0 = peek_at(lx, start), c1 = peek_at(lx, start + 1);
  if (c0 == '0' && (c1 == 'x' || c1 == 'X' || c1 == 'o' || c1 == 'O' || c1 == 'b' || c1 == 'B')) {
    int base = (c1 == 'x' || c1 == 'X') ? 16 : (c1 == 'o' || c1 == 'O') ? 8 : 2;
    const char *what = base == 16 ? "invalid hexadecimal literal"
                       : base == 8 ? "invalid octal literal" : "invalid binary literal";
    lx->pos += 2;
    if (peek_at(lx, lx->pos) == '_') lx->pos++; /* 0x_ff */
    int32_t digits = lx->pos;
    int n;
    bool ok = scan_digits(lx, base, &n);
    if (!ok || n == 0 || is_digit_in_base(peek_at(lx, lx->pos), 10) || is_ident_char(peek_at(lx, lx->pos))) {
      if (n > 0 && ok && is_ident_start(peek_at(lx, lx->pos)) &&
          !is_digit_in_base(peek_at(lx, lx->pos), 16)) {
        finish_int(lx, start, digits, base); /* 0x1for: let the parser see the keyword */
        return;
      }
      bad_number(lx, start, what);
      return;
    }
    finish_int(lx, start, digits, base);
    return;
  }

  int n_int = 0, n_frac = 0;
  bool ok = scan_digits(lx, 10, &n_int);
  bool is_float = false;
  if (ok && peek_at(lx, lx->pos) == '.') {
    lx->pos++;
    is_float = true;
    if (is_digit_in_base(peek_at(lx, lx->pos), 10)) ok = scan_digits(lx, 10, &n_frac);
    else if (peek_at(lx, lx->pos) == '_') ok = false;
  }
  if (ok && (peek_at(lx, lx->pos) == 'e' || peek_at(lx, lx->pos) == 'E')) {
    int32_t save = lx->pos;
    lx->pos++;
    if (peek_at(lx, lx->pos) == '+' || peek_at(lx, lx->pos) == '-') lx->pos++;
    int n_exp;
    ok = scan_digits(lx, 10, &n_exp);
    if (n_exp == 0) {
      if (!is_ident_start(peek_at(lx, save + 1)) || peek_at(lx, save + 1) == 'e' ||
          peek_at(lx, save + 1) == 'E') {
        lx->pos = save;
        bad_number(lx, start, "invalid float literal (exponent has no digits)");
        return;
      }
      lx->pos = save; /* 1else: the number ends before the keyword */
    } else {
      is_float = true;
    }
  }
  if (!ok) {
    bad_number(lx, start, "invalid decimal literal ('_' must separate digits)");
    return;
  }
  bool imag = false;
  if (peek_at(lx, lx->pos) == 'j' || peek_at(lx, lx->pos) == 'J') {
    lx->pos++;
    imag = true;
  }
  if (is_digit_in_base(peek_at(lx, lx->pos), 10)) {
    bad_number(lx, start, "invalid decimal literal");
    return;
  }
  if (!is_float && !imag) {
    /* 0 may repeat (000) but other decimal literals cannot start with 0 */
    if (lx->text[start] == '0') {
      for (int32_t i = start; i < lx->pos; i++)
        if (lx->text[i] != '0' && lx->text[i] != '_') {
          emit_error(lx, start, lx->pos,
                     "leading zeros in decimal integer literals are not permitted (use 0o for octal)");
          return;
        }
    }
    finish_int(lx, start, start, 10);
    return;
  }
  /* strtod on a copy without underscores (and without the j) */
  int32_t end = imag ? lx->pos - 1 : lx->pos;
  char buf[128];
  char *copy = (end - start) < (int32_t)sizeof buf ? buf : arena_alloc(lx->arena, (size_t)(end - start) + 1);
  int k = 0;
  for (int32_t i = start; i < end; i++)
    if (lx->text[i] != '_') copy[k++] = lx->text[i];
  copy[k] = '\0';
  Token *t = emit(lx, imag ? TOK_IMAG : TOK_FLOAT, start, lx->pos);
  t->u.float_val = strtod(copy, NULL);
}

/* ---- strings ---- */

/* The prefix letters of a string literal: returns false when name is not a valid prefix. */
static bool string_prefix_kind(const char *s, int n, TokenKind *kind) {
  bool r = false, b = false, u = false, f = false;
  for (int i = 0; i < n; i++) {
    switch (s[i]) {
    case 'r': case 'R': if (r) return false; r = true; break;
    case 'b': case 'B': if (b) return false; b = true; break;
    case 'u': case 'U': if (u) return false; u = true; break;
    case 'f': case 'F': if (f) return false; f = true; break;
    default: return false;
    }
  }
  if (u && (r || b || f)) return false;
  if (b && f) return false;
  *kind = b ? TOK_BYTES : f ? TOK_FSTRING : TOK_STRING;
  return true;
}

/* Scans a quoted literal from its opening quote to just past its closing quote. In an f-string,
 * replacement fields `{...}` may hold strings with any quotes (Python 3.12); `{{` is a literal
 * brace. Returns false, with lx->pos at the point of failure, when the literal is unterminated. */
static bool scan_quoted(Lexer *lx, bool is_f, int nest) {
  char q = lx->text[lx->pos];
  bool triple = peek_at(lx, lx->pos + 1) == q && peek_at(lx, lx->pos + 2) == q;
  lx->pos += triple ? 3 : 1;
  int braces = 0;
  for (;;) {
    int c = peek_at(lx, lx->pos);
    if (c < 0) return false;
    if (c == '\\' && braces == 0) {
      lx->pos += 2; /* even raw strings cannot end in an odd backslash */
      if (lx->pos > lx->len) lx->pos = lx->len;
      continue;
    }
    if (!triple && (c == '\n' || c == '\r')) return false;
    if (is_f && c == '{') {
      if (braces == 0 && peek_at(lx, lx->pos + 1) == '{') lx->pos++;
      else braces++;
    } else if (is_f && c == '}' && braces > 0) {
      braces--;
    } else if (braces > 0 && (c == '\'' || c == '"') && nest < 8) {
      /* a string inside a replacement field; it may itself be an f-string */
      int32_t p = lx->pos - 1;
      bool inner_f = false;
      while (p >= 0 && is_ident_char(peek_at(lx, p))) {
        if (lx->text[p] == 'f' || lx->text[p] == 'F') inner_f = true;
        p--;
      }
      if (!scan_quoted(lx, inner_f, nest + 1)) return false;
      continue;
    } else if (c == q && braces == 0 &&
               (!triple || (peek_at(lx, lx->pos + 1) == q && peek_at(lx, lx->pos + 2) == q))) {
      lx->pos += triple ? 3 : 1;
      return true;
    }
    lx->pos++;
  }
}

/* At the opening quote; start is the start of the prefix. */
static void lex_string(Lexer *lx, int32_t start, TokenKind kind) {
  bool triple =
      peek_at(lx, lx->pos + 1) == lx->text[lx->pos] && peek_at(lx, lx->pos + 2) == lx->text[lx->pos];
  if (scan_quoted(lx, kind == TOK_FSTRING, 0)) {
    emit(lx, kind, start, lx->pos);
    return;
  }
  if (!triple && kind == TOK_FSTRING) {
    /* an unterminated field: end the error at the end of the line, not wherever it stopped */
    while (lx->pos < lx->len && !is_newline_at(lx, lx->pos)) lx->pos++;
  }
  emit_error(lx, start, lx->pos,
             triple ? "unterminated triple-quoted string literal" : "unterminated string literal");
}

/* ---- names and keywords ---- */

static TokenKind keyword_kind(const char *s, int n) {
  for (int k = TOK_FALSE; k <= TOK_YIELD; k++) {
    const char *kw = kind_names[k];
    if ((int)strlen(kw) == n && memcmp(kw, s, (size_t)n) == 0) return (TokenKind)k;
  }
  return TOK_NAME;
}

/* ---- operators ---- */

typedef struct Punct { const char *text; TokenKind kind; } Punct;

/* longest first */
static const Punct puncts[] = {
    {"**=", TOK_DSTAR_ASSIGN}, {"//=", TOK_DSLASH_ASSIGN}, {"<<=", TOK_LSHIFT_ASSIGN},
    {">>=", TOK_RSHIFT_ASSIGN}, {"...", TOK_ELLIPSIS},
    {"->", TOK_ARROW}, {":=", TOK_WALRUS}, {"**", TOK_DSTAR}, {"//", TOK_DSLASH},
    {"<<", TOK_LSHIFT}, {">>", TOK_RSHIFT}, {"<=", TOK_LE}, {">=", TOK_GE}, {"==", TOK_EQ},
    {"!=", TOK_NE}, {"+=", TOK_PLUS_ASSIGN}, {"-=", TOK_MINUS_ASSIGN}, {"*=", TOK_STAR_ASSIGN},
    {"/=", TOK_SLASH_ASSIGN}, {"%=", TOK_PERCENT_ASSIGN}, {"&=", TOK_AMP_ASSIGN},
    {"|=", TOK_PIPE_ASSIGN}, {"^=", TOK_CARET_ASSIGN}, {"@=", TOK_AT_ASSIGN},
    {"(", TOK_LPAREN}, {")", TOK_RPAREN}, {"[", TOK_LBRACKET}, {"]", TOK_RBRACKET},
    {"{", TOK_LBRACE}, {"}", TOK_RBRACE}, {":", TOK_COLON}, {",", TOK_COMMA}, {";", TOK_SEMI},
    {".", TOK_DOT}, {"@", TOK_AT}, {"=", TOK_ASSIGN}, {"+", TOK_PLUS}, {"-", TOK_MINUS},
    {"*", TOK_STAR}, {"/", TOK_SLASH}, {"%", TOK_PERCENT}, {"<", TOK_LT}, {">", TOK_GT},
    {"&", TOK_AMP}, {"|", TOK_PIPE}, {"^", TOK_CARET}, {"~", TOK_TILDE},
};

static bool lex_punct(Lexer *lx) {
  for (size_t i = 0; i < sizeof puncts / sizeof puncts[0]; i++) {
    size_t n = strlen(puncts[i].text);
    if (lx->pos + (int32_t)n <= lx->len && memcmp(lx->text + lx->pos, puncts[i].text, n) == 0) {
      TokenKind k = puncts[i].kind;
      if (k == TOK_LPAREN || k == TOK_LBRACKET || k == TOK_LBRACE) {
        if (lx->depth < 64) lx->openers[lx->depth] = lx->pos;
        lx->depth++;
      }
      if ((k == TOK_RPAREN || k == TOK_RBRACKET || k == TOK_RBRACE) && lx->depth > 0) lx->depth--;
      emit(lx, k, lx->pos, lx->pos + (int32_t)n);
      lx->pos += (int32_t)n;
      return true;
    }
  }
  return false;
}

/* ---- lines and indentation ---- */

static bool line_has_tokens(const Lexer *lx) {
  if (lx->toks.len == 0) return false;
  TokenKind k = vec_last(&lx->toks).kind;
  return k != TOK_NEWLINE && k != TOK_INDENT && k != TOK_DEDENT;
}

/* Inside brackets, a line that starts at column 0 with `def`, `class` or `async def` cannot be a
 * continuation: the bracket was never closed. Closing it there keeps the following definitions
 * intact (CPython would reject the whole file). */
static bool starts_definition(const Lexer *lx, int32_t i) {
  static const char *const words[] = {"def", "class", "async"};
  /* a decorator line counts when a definition (or another decorator) follows it */
  for (int lines = 0; i < lx->len && lx->text[i] == '@' && lines < 64; lines++) {
    if (!is_ident_start(peek_at(lx, i + 1))) return false;
    while (i < lx->len && !is_newline_at(lx, i)) i++;
    if (i >= lx->len) return false;
    i += newline_len(lx, i);
  }
  for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
    int32_t n = (int32_t)strlen(words[w]);
    if (i + n < lx->len && memcmp(lx->text + i, words[w], (size_t)n) == 0 &&
        (lx->text[i + n] == ' ' || lx->text[i + n] == '\t'))
      return true;
  }
  return false;
}

/* At the start of a physical line outside brackets: measure its indentation. Blank and comment-only
 * lines are consumed whole and produce nothing. Returns false when the line was consumed. */
static bool start_line(Lexer *lx) {
  int col = 0;
  for (;;) {
    int c = peek_at(lx, lx->pos);
    if (c == ' ') col++;
    else if (c == '\t') col = (col / 8 + 1) * 8;
    else if (c == '\f') col = 0;
    else break;
    lx->pos++;
  }
  int c = peek_at(lx, lx->pos);
  if (c == '#') {
    while (lx->pos < lx->len && !is_newline_at(lx, lx->pos)) lx->pos++;
    c = peek_at(lx, lx->pos);
  }
  if (c < 0) return false;
  if (c == '\n' || c == '\r') {
    lx->pos += newline_len(lx, lx->pos);
    return false;
  }
  int32_t here = lx->pos;
  lx->pending_indent_from = lx->toks.len;
  int top = lx->indents[lx->nindents - 1];
  if (col > top) {
    if (lx->nindents > MAX_INDENT) {
      emit_error(lx, here, here + 1, "too many levels of indentation");
    } else {
      lx->indents[lx->nindents++] = col;
      emit(lx, TOK_INDENT, here, here);
    }
  } else if (col < top) {
    while (lx->nindents > 1 && lx->indents[lx->nindents - 1] > col) {
      lx->nindents--;
      emit(lx, TOK_DEDENT, here, here);
    }
    if (lx->indents[lx->nindents - 1] != col) {
      /* inconsistent dedent: report it through an error token, then open a block at this
       * column so that INDENT and DEDENT stay balanced */
      emit_error(lx, here, here + 1, "unindent does not match any outer indentation level");
      if (lx->nindents <= MAX_INDENT) {
        lx->indents[lx->nindents++] = col;
        emit(lx, TOK_INDENT, here, here);
      }
    }
  }
  return true;
}

/* Gives the INDENT/DEDENT tokens of the current line the span of its first token. */
static void fix_pending_spans(Lexer *lx, int first_tok_index) {
  if (lx->pending_indent_from < 0) return;
  Span s = lx->toks.data[first_tok_index].span;
  for (int i = lx->pending_indent_from; i < first_tok_index; i++)
    if (lx->toks.data[i].kind == TOK_INDENT || lx->toks.data[i].kind == TOK_DEDENT) lx->toks.data[i].span = s;
  lx->pending_indent_from = -1;
}

/* The length of the well-formed UTF-8 sequence at s[0..n), or 0 if there is none: no overlong
 * forms, no surrogates, nothing above U+10FFFF (Unicode's Table 3-7, what CPython decodes). */
static int utf8_sequence_length(const unsigned char *s, int32_t n) {
  if (s[0] < 0x80) return 1;
  int len = s[0] >= 0xC2 && s[0] <= 0xDF ? 2 : s[0] >= 0xE0 && s[0] <= 0xEF ? 3 : s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : 0;
  if (len == 0 || n < len) return 0;
  /* the second byte's range depends on the first; the others are plain continuation bytes */
  unsigned lo = s[0] == 0xE0 ? 0xA0 : s[0] == 0xF0 ? 0x90 : 0x80;
  unsigned hi = s[0] == 0xED ? 0x9F : s[0] == 0xF4 ? 0x8F : 0xBF;
  if (s[1] < lo || s[1] > hi) return 0;
  for (int i = 2; i < len; i++)
    if ((s[i] & 0xC0) != 0x80) return 0;
  return len;
}

int32_t lex_invalid_utf8(const char *text, int32_t len) {
  const unsigned char *s = (const unsigned char *)text;
  for (int32_t i = 0; i < len;) {
    int n = utf8_sequence_length(s + i, len - i);
    if (n == 0) return i;
    i += n;
  }
  return -1;
}

TokenVec lex_source(Arena *a, const Source *src) {
  Lexer lx;
  memset(&lx, 0, sizeof lx);
  lx.arena = a;
  lx.src = src;
  lx.text = src->text;
  lx.len = src->len;
  lx.nindents = 1;
  lx.pending_indent_from = -1;
  if (lx.len >= 3 && memcmp(lx.text, "\xEF\xBB\xBF", 3) == 0) lx.pos = 3; /* a UTF-8 byte order mark */
  bool at_line_start = true;

  while (lx.pos < lx.len) {
    if (at_line_start && lx.depth == 0) {
      at_line_start = false;
      if (!start_line(&lx)) {
        at_line_start = true;
        continue;
      }
    }
    at_line_start = false;
    int c = peek_at(&lx, lx.pos);
    if (c == ' ' || c == '\t' || c == '\f') {
      lx.pos++;
      continue;
    }
    if (c == '#') {
      while (lx.pos < lx.len && !is_newline_at(&lx, lx.pos)) lx.pos++;
      continue;
    }
    if (c == '\n' || c == '\r') {
      int32_t n = newline_len(&lx, lx.pos);
      if (lx.depth > 0 && starts_definition(&lx, lx.pos + n)) {
        int32_t open = lx.openers[0];
        emit_error(&lx, open, open + 1, arena_printf(a, "'%c' was never closed", lx.text[open]));
        lx.depth = 0;
      }
      if (lx.depth == 0) {
        if (line_has_tokens(&lx)) emit(&lx, TOK_NEWLINE, lx.pos, lx.pos + n);
        at_line_start = true;
      }
      lx.pos += n;
      continue;
    }
    if (c == '\\') {
      if (is_newline_at(&lx, lx.pos + 1)) {
        lx.pos += 1 + newline_len(&lx, lx.pos + 1);
        continue;
      }
      if (lx.pos + 1 >= lx.len) { /* a backslash at end of file */
        emit_error(&lx, lx.pos, lx.pos + 1, "unexpected end of file after line continuation character");
        lx.pos++;
        continue;
      }
      int first = lx.toks.len;
      emit_error(&lx, lx.pos, lx.pos + 1, "unexpected character after line continuation character");
      fix_pending_spans(&lx, first);
      lx.pos++;
      continue;
    }

    int first = lx.toks.len;
    int32_t start = lx.pos;
    if (is_ident_start(c)) {
      while (is_ident_char(peek_at(&lx, lx.pos))) lx.pos++;
      int q = peek_at(&lx, lx.pos);
      TokenKind sk;
      if ((q == '\'' || q == '"') && string_prefix_kind(lx.text + start, lx.pos - start, &sk)) {
        lex_string(&lx, start, sk);
      } else {
        emit(&lx, keyword_kind(lx.text + start, lx.pos - start), start, lx.pos);
      }
    } else if ((c >= '0' && c <= '9') || (c == '.' && is_digit_in_base(peek_at(&lx, lx.pos + 1), 10))) {
      lex_number(&lx);
    } else if (c == '\'' || c == '"') {
      lex_string(&lx, start, TOK_STRING);
    } else if (!lex_punct(&lx)) {
      lx.pos++;
      const char *msg = c == '!' ? "invalid character '!' (did you mean '!=' or 'not'?)"
                        : (c >= 0x20 && c < 0x7f) ? arena_printf(a, "invalid character '%c' in source", c)
                        : arena_printf(a, "invalid character U+%04X in source", c);
      emit_error(&lx, start, lx.pos, msg);
    }
    fix_pending_spans(&lx, first);
  }

  if (line_has_tokens(&lx)) emit(&lx, TOK_NEWLINE, lx.len, lx.len);
  while (lx.nindents > 1) {
    lx.nindents--;
    emit(&lx, TOK_DEDENT, lx.len, lx.len);
  }
  emit(&lx, TOK_EOF, lx.len, lx.len);
  return lx.toks;
}

/* ---- string values ---- */

static void put_utf8(StrBuf *b, uint32_t cp) {
  char buf[4];
  int n;
  if (cp < 0x80) {
    buf[0] = (char)cp, n = 1;
  } else if (cp < 0x800) {
    buf[0] = (char)(0xC0 | (cp >> 6)), buf[1] = (char)(0x80 | (cp & 0x3F)), n = 2;
  } else if (cp < 0x10000) {
    buf[0] = (char)(0xE0 | (cp >> 12)), buf[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    buf[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
  } else {
    buf[0] = (char)(0xF0 | (cp >> 18)), buf[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    buf[2] = (char)(0x80 | ((cp >> 6) & 0x3F)), buf[3] = (char)(0x80 | (cp & 0x3F)), n = 4;
  }
  strbuf_append(b, buf, (size_t)n);
}

/* Reads exactly n hex digits at s; returns -1 if they are not all there. */
static int64_t read_hex(const char *s, const char *end, int n) {
  int64_t v = 0;
  for (int i = 0; i < n; i++) {
    if (s + i >= end || !is_digit_in_base((unsigned char)s[i], 16)) return -1;
    v = v * 16 + digit_value((unsigned char)s[i]);
  }
  return v;
}

char *lex_string_value(Arena *a, const Source *src, const Token *t, DiagList *d) {
  kr_assert(t->kind == TOK_STRING || t->kind == TOK_BYTES || t->kind == TOK_FSTRING);
  const char *s = src->text + t->span.start, *end = src->text + t->span.end;
  bool raw = false, bytes = false;
  while (*s != '\'' && *s != '"') {
    if (*s == 'r' || *s == 'R') raw = true;
    if (*s == 'b' || *s == 'B') bytes = true;
    s++;
  }
  int qlen = (s + 2 < end && s[1] == s[0] && s[2] == s[0] && end - s >= 6) ? 3 : 1;
  s += qlen;
  end -= qlen;
  StrBuf b = {0};
  strbuf_append(&b, "", 0);
  bool ok = true;
  while (s < end) {
    if (*s == '\r') { /* newlines in the text are \n in the value */
      strbuf_putc(&b, '\n');
      s += (s + 1 < end && s[1] == '\n') ? 2 : 1;
      continue;
    }
    if (*s != '\\' || raw) {
      if (*s == '\\' && s + 1 < end) { /* raw: keep both, the escaped char cannot end the string */
        strbuf_append(&b, s, 2);
        s += 2;
        continue;
      }
      strbuf_putc(&b, *s++);
      continue;
    }
    const char *esc = s;
    s++; /* the backslash */
    if (s >= end) break;
    char c = *s++;
    switch (c) {
    case '\n': break;
    case '\r': if (s < end && *s == '\n') s++; break;
    case '\\': strbuf_putc(&b, '\\'); break;
    case '\'': strbuf_putc(&b, '\''); break;
    case '"': strbuf_putc(&b, '"'); break;
    case 'a': strbuf_putc(&b, '\a'); break;
    case 'b': strbuf_putc(&b, '\b'); break;
    case 'f': strbuf_putc(&b, '\f'); break;
    case 'n': strbuf_putc(&b, '\n'); break;
    case 'r': strbuf_putc(&b, '\r'); break;
    case 't': strbuf_putc(&b, '\t'); break;
    case 'v': strbuf_putc(&b, '\v'); break;
    case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
      uint32_t v = (uint32_t)(c - '0');
      for (int i = 0; i < 2 && s < end && *s >= '0' && *s <= '7'; i++) v = v * 8 + (uint32_t)(*s++ - '0');
      if (bytes) strbuf_putc(&b, (char)(v & 0xFF));
      else put_utf8(&b, v);
      break;
    }
    case 'x': {
      int64_t v = read_hex(s, end, 2);
      if (v < 0) {
        Span sp = {(int32_t)(esc - src->text), (int32_t)(s - src->text)};
        ok = diag_error(d, src, sp, "truncated \\xXX escape in string literal (expected two hex digits)");
        break;
      }
      s += 2;
      if (bytes) strbuf_putc(&b, (char)v);
      else put_utf8(&b, (uint32_t)v);
      break;
    }
    case 'u': case 'U': {
      if (bytes) { /* not an escape in bytes */
        strbuf_append(&b, esc, 2);
        break;
      }
      int n = c == 'u' ? 4 : 8;
      int64_t v = read_hex(s, end, n);
      if (v < 0 || v > 0x10FFFF) {
        Span sp = {(int32_t)(esc - src->text), (int32_t)(s - src->text)};
        if (v < 0)
          ok = diag_error(d, src, sp, "truncated \\%c escape in string literal (expected %d hex digits)", c,
                          n);
        else ok = diag_error(d, src, sp, "illegal Unicode character in \\%c escape", c);
        break;
      }
      s += n;
      put_utf8(&b, (uint32_t)v);
      break;
    }
    case 'N':
      if (!bytes) {
        const char *close = s;
        while (close < end && *close != '}') close++;
        Span sp = {(int32_t)(esc - src->text), (int32_t)((close < end ? close + 1 : close) - src->text)};
        ok = diag_error(d, src, sp, "\\N{...} escapes are not supported (use \\u or \\U)");
        s = close < end ? close + 1 : end;
        break;
      }
      strbuf_append(&b, esc, 2);
      break;
    default: /* unknown escapes keep their backslash, as in Python */
      strbuf_append(&b, esc, (size_t)(s - esc));
      break;
    }
  }
  char *out = ok ? arena_strndup(a, b.data, b.len) : NULL;
  strbuf_free(&b);
  return out;
}
