/* frontend.h: the first stage. Tokens for all of Python 3's lexical grammar, the AST of the subset
 * with a span on every node, and the module scanner that finds @jit functions and parses only what
 * is needed. Knows nothing of types or LLVM. */
#ifndef KRAIT_FRONTEND_H
#define KRAIT_FRONTEND_H

#include "../base/base.h"

/* ===================================== lex.c ===================================== */

/* X(kind, spelling): punctuators and keywords carry their spelling, the others a description. */
#define TOKEN_KINDS(X)                                                                     \
  X(TOK_EOF, "end of file") X(TOK_NEWLINE, "newline") X(TOK_INDENT, "indent")              \
  X(TOK_DEDENT, "dedent") X(TOK_NAME, "name") X(TOK_INT, "integer literal")               \
  X(TOK_FLOAT, "float literal") X(TOK_IMAG, "imaginary literal")                          \
  X(TOK_STRING, "string literal") X(TOK_BYTES, "bytes literal")                           \
  X(TOK_FSTRING, "f-string") X(TOK_ERROR, "invalid token")                                \
  /* punctuators */                                                                        \
  X(TOK_LPAREN, "(") X(TOK_RPAREN, ")") X(TOK_LBRACKET, "[") X(TOK_RBRACKET, "]")          \
  X(TOK_LBRACE, "{") X(TOK_RBRACE, "}") X(TOK_COLON, ":") X(TOK_COMMA, ",")                \
  X(TOK_SEMI, ";") X(TOK_DOT, ".") X(TOK_ELLIPSIS, "...") X(TOK_ARROW, "->")               \
  X(TOK_AT, "@") X(TOK_WALRUS, ":=") X(TOK_ASSIGN, "=")                                    \
  X(TOK_PLUS, "+") X(TOK_MINUS, "-") X(TOK_STAR, "*") X(TOK_SLASH, "/")                    \
  X(TOK_DSLASH, "//") X(TOK_PERCENT, "%") X(TOK_DSTAR, "**") X(TOK_LSHIFT, "<<")           \
  X(TOK_RSHIFT, ">>") X(TOK_AMP, "&") X(TOK_PIPE, "|") X(TOK_CARET, "^")                   \
  X(TOK_TILDE, "~") X(TOK_LT, "<") X(TOK_GT, ">") X(TOK_LE, "<=") X(TOK_GE, ">=")          \
  X(TOK_EQ, "==") X(TOK_NE, "!=")                                                          \
  X(TOK_PLUS_ASSIGN, "+=") X(TOK_MINUS_ASSIGN, "-=") X(TOK_STAR_ASSIGN, "*=")              \
  X(TOK_SLASH_ASSIGN, "/=") X(TOK_DSLASH_ASSIGN, "//=") X(TOK_PERCENT_ASSIGN, "%=")        \
  X(TOK_DSTAR_ASSIGN, "**=") X(TOK_LSHIFT_ASSIGN, "<<=") X(TOK_RSHIFT_ASSIGN, ">>=")        \
  X(TOK_AMP_ASSIGN, "&=") X(TOK_PIPE_ASSIGN, "|=") X(TOK_CARET_ASSIGN, "^=")               \
  X(TOK_AT_ASSIGN, "@=")                                                                   \
  /* keywords (soft keywords match/case/type/_ stay TOK_NAME) */                           \
  X(TOK_FALSE, "False") X(TOK_NONE, "None") X(TOK_TRUE, "True") X(TOK_AND, "and")          \
  X(TOK_AS, "as") X(TOK_ASSERT, "assert") X(TOK_ASYNC, "async") X(TOK_AWAIT, "await")      \
  X(TOK_BREAK, "break") X(TOK_CLASS, "class") X(TOK_CONTINUE, "continue")                  \
  X(TOK_DEF, "def") X(TOK_DEL, "del") X(TOK_ELIF, "elif") X(TOK_ELSE, "else")              \
  X(TOK_EXCEPT, "except") X(TOK_FINALLY, "finally") X(TOK_FOR, "for") X(TOK_FROM, "from")  \
  X(TOK_GLOBAL, "global") X(TOK_IF, "if") X(TOK_IMPORT, "import") X(TOK_IN, "in")          \
  X(TOK_IS, "is") X(TOK_LAMBDA, "lambda") X(TOK_NONLOCAL, "nonlocal") X(TOK_NOT, "not")    \
  X(TOK_OR, "or") X(TOK_PASS, "pass") X(TOK_RAISE, "raise") X(TOK_RETURN, "return")        \
  X(TOK_TRY, "try") X(TOK_WHILE, "while") X(TOK_WITH, "with") X(TOK_YIELD, "yield")

typedef enum {
#define X(k, s) k,
  TOKEN_KINDS(X)
#undef X
  TOK__COUNT
} TokenKind;

typedef struct Token {
  TokenKind kind;
  Span span;                 /* NEWLINE: the newline character (or end of file); INDENT/DEDENT:
                                the first token of the line; EOF: empty at end of text */
  union {
    struct {                 /* TOK_INT */
      int64_t value;
      bool overflow;         /* the literal does not fit in int64 */
    } int_lit;
    double float_val;        /* TOK_FLOAT, TOK_IMAG (the imaginary part) */
    const char *error;       /* TOK_ERROR: what is wrong ("unterminated string literal", ...) */
  } u;
} Token;

typedef Vec(Token) TokenVec;

/* Tokenizes the whole of src. Never fails and never reports: malformed input becomes TOK_ERROR
 * tokens (also for inconsistent dedents), so code that is skipped never causes an error. The
 * vector always ends with NEWLINE (when the last line has tokens), the closing DEDENTs, then EOF. */
TokenVec lex_source(Arena *a, const Source *src);
/* The offset of the first byte of text[0..len) that does not start a well-formed UTF-8 sequence,
 * or -1 when the whole text is UTF-8. */
int32_t lex_invalid_utf8(const char *text, int32_t len);
const char *token_kind_name(TokenKind k);
/* The value of a STRING/BYTES token (prefixes, all quote forms and escapes handled; adjacent
 * literals are concatenated by the parser). Returns NULL and reports on a bad escape. */
char *lex_string_value(Arena *a, const Source *src, const Token *t, DiagList *d);

/* ===================================== ast.c ===================================== */

typedef struct Expr Expr;
typedef struct Stmt Stmt;
typedef Vec(Expr *) ExprVec;
typedef Vec(Stmt *) StmtVec;

typedef enum {
  BIN_ADD, BIN_SUB, BIN_MUL, BIN_DIV, BIN_FLOORDIV, BIN_MOD, BIN_POW,
  BIN_LSHIFT, BIN_RSHIFT, BIN_BITAND, BIN_BITOR, BIN_BITXOR, BIN_MATMUL,
} BinOp;

typedef enum { UN_NEG, UN_POS, UN_INVERT, UN_NOT } UnaryOp;

typedef enum { CMP_EQ, CMP_NE, CMP_LT, CMP_LE, CMP_GT, CMP_GE, CMP_IS, CMP_ISNOT, CMP_IN, CMP_NOTIN } CmpOp;

typedef enum { BOOL_AND, BOOL_OR } BoolOp;

typedef enum {
  EXPR_INT,        /* 42, 0x_ff           u.int_val                                  */
  EXPR_FLOAT,      /* 1.5e-3              u.float_val                                */
  EXPR_IMAG,       /* 2j                  u.float_val (imaginary part; not in subset) */
  EXPR_BOOL,       /* True                u.bool_val                                 */
  EXPR_NONE,       /* None                                                           */
  EXPR_STRING,     /* "abc" 'x' "a" "b"   u.str (decoded, concatenated)              */
  EXPR_BYTES,      /* b"abc"              u.str                                      */
  EXPR_ELLIPSIS,   /* ...                                                            */
  EXPR_NAME,       /* acc                 u.name                                     */
  EXPR_ATTR,       /* math.pi             u.attr                                     */
  EXPR_UNARY,      /* -x, not x           u.unary                                    */
  EXPR_BINOP,      /* a * b               u.binop                                    */
  EXPR_BOOLOP,     /* a and b and c       u.boolop (n >= 2 operands)                 */
  EXPR_COMPARE,    /* a < b <= c          u.compare (n operands, n-1 ops)            */
  EXPR_IFEXP,      /* a if c else b       u.ifexp                                    */
  EXPR_CALL,       /* f(x, k=1)           u.call                                     */
  EXPR_SUBSCRIPT,  /* a[i], f64[:, :]     u.subscript (index is a TUPLE for a[i, j]) */
  EXPR_SLICE,      /* the `1:n:2` in a[1:n:2]   u.slice (each part may be NULL)      */
  EXPR_TUPLE,      /* a, b   (a, b)       u.tuple                                    */
  EXPR_LIST,       /* [a, b]              u.tuple (parsed so it can be rejected)     */
  EXPR_STARRED,    /* *a                  u.starred (parsed so it can be rejected)   */
  EXPR_UNSUPPORTED,/* lambda, comprehension, dict, set, await, yield, walrus, f-string:
                      u.unsupported names the construct for the error message, in the
                      plural ("lambda expressions"): "%s are not supported"          */
} ExprKind;

typedef struct Keyword {
  const char *name;
  Span span;                 /* the whole `name=value` */
  Expr *value;
} Keyword;
typedef Vec(Keyword) KeywordVec;

struct Expr {
  ExprKind kind;
  Span span;
  union {
    int64_t int_val;
    double float_val;
    bool bool_val;
    const char *str;
    const char *name;
    struct { Expr *value; const char *attr; Span attr_span; } attr;
    struct { UnaryOp op; Expr *operand; } unary;
    struct { BinOp op; Expr *left, *right; } binop;
    struct { BoolOp op; ExprVec values; } boolop;
    struct { ExprVec operands; Vec(CmpOp) ops; } compare;
    struct { Expr *cond, *then, *orelse; } ifexp;
    struct { Expr *func; ExprVec args; KeywordVec keywords; } call;
    struct { Expr *value, *index; } subscript;
    struct { Expr *lower, *upper, *step; } slice;
    struct { ExprVec items; } tuple;
    struct { Expr *value; } starred;
    const char *unsupported;
  } u;
};

typedef enum {
  STMT_EXPR,       /* f(x)  or a docstring       u.expr                          */
  STMT_ASSIGN,     /* a = b = expr, a, b = b, a  u.assign (targets: NAME, TUPLE, SUBSCRIPT, ...) */
  STMT_AUGASSIGN,  /* a += 1                     u.augassign                     */
  STMT_ANNASSIGN,  /* x: float = 0.0             u.annassign (value may be NULL) */
  STMT_IF,         /* if/elif/else               u.if_ (elif: orelse holds one STMT_IF) */
  STMT_WHILE,      /* while c: ... else: ...     u.while_                        */
  STMT_FOR,        /* for i in range(n): ...     u.for_                          */
  STMT_BREAK,      /*                                                            */
  STMT_CONTINUE,   /*                                                            */
  STMT_RETURN,     /* return [expr]              u.ret (value may be NULL)       */
  STMT_PASS,       /*                                                            */
  STMT_ASSERT,     /* assert c, "msg"            u.assert_ (msg may be NULL)     */
  STMT_RAISE,      /* raise ValueError("m")      u.raise (exc may be NULL: bare raise) */
  STMT_IMPORT,     /* import math, numpy as np   u.import                        */
  STMT_IMPORTFROM, /* from math import sqrt as s u.import                        */
  STMT_GLOBAL,     /* global x (rejected later)  u.names                         */
  STMT_NONLOCAL,   /* nonlocal x (rejected)      u.names                         */
  STMT_DEL,        /* del x (rejected)           u.expr                          */
  STMT_UNSUPPORTED,/* def, class, try, with, match, async, lambda at statement level, ...
                      u.unsupported names it; the parser skipped the whole statement   */
} StmtKind;

typedef struct ImportName {
  const char *name;          /* "math", "numpy", or for `from`: the imported name ("sqrt", "*") */
  const char *asname;        /* NULL without `as` */
  Span span;
} ImportName;
typedef Vec(ImportName) ImportNameVec;

struct Stmt {
  StmtKind kind;
  Span span;                 /* the whole statement, up to (not including) its NEWLINE */
  union {
    Expr *expr;
    struct { ExprVec targets; Expr *value; } assign;
    struct { BinOp op; Expr *target, *value; } augassign;
    struct { Expr *target, *annotation, *value; } annassign;
    struct { Expr *cond; StmtVec then, orelse; } if_;
    struct { Expr *cond; StmtVec body, orelse; } while_;
    struct { Expr *target, *iter; StmtVec body, orelse; } for_;
    struct { Expr *value; } ret;
    struct { Expr *cond, *msg; } assert_;
    struct { Expr *exc, *cause; } raise;
    struct { const char *module; /* STMT_IMPORTFROM: "math"; NULL for STMT_IMPORT */
             int level;          /* leading dots of a relative import */
             ImportNameVec names; } import;
    Vec(const char *) names;
    const char *unsupported;
  } u;
};

typedef struct Param {
  const char *name;
  Span span;
  Expr *annotation;          /* NULL when unannotated */
  Expr *default_value;       /* NULL without default; defaults are rejected later */
} Param;
typedef Vec(Param) ParamVec;

/* Options of a @jit(...) decorator, parsed from its keywords (each value a literal). */
typedef struct JitOptions {
  bool is_jit;               /* decorated with jit, krait.jit, jit(...) or krait.jit(...) */
  Span span;                 /* the decorator expression */
  KeywordVec keywords;       /* all keywords as written; the runtime interprets them */
} JitOptions;

typedef struct FuncDef {
  const char *name;
  Span span;                 /* from `def` to the end of the body */
  Span name_span;
  ParamVec params;
  bool has_varargs;          /* *args / **kwargs / keyword-only / positional-only markers seen */
  Span varargs_span;
  Expr *returns;             /* return annotation or NULL */
  StmtVec body;              /* a leading docstring is kept as a STMT_EXPR of EXPR_STRING */
  JitOptions jit;
} FuncDef;

/* Printing for `krait dump --stage=ast`: an indented S-expression-like tree with line:col. */
void ast_print_func(const FuncDef *f, const Source *src, StrBuf *out);
void ast_print_expr(const Expr *e, StrBuf *out);
const char *binop_symbol(BinOp op);
const char *cmpop_symbol(CmpOp op);

/* ============================ parse_expr.c, parse_stmt.c ============================ */

typedef struct Parser {
  Arena *arena;
  const Source *src;
  const Token *toks;
  int ntoks;
  int pos;
  DiagList *diags;
  int depth;                 /* current nesting of expressions and blocks, capped (PARSE_MAX_DEPTH) */
  int errors;                /* syntax errors found, including duplicates not reported again */
} Parser;

enum { PARSE_MAX_DEPTH = 200 }; /* deeper nesting is "expression nested too deeply" */
/* A longer run of one binary operator level (a + b + ... ) is "expression too long": each operator
 * nests the tree one level deeper for the stages that walk it recursively. */
enum { PARSE_MAX_CHAIN = 5000 };

/* A parser over toks (which must end with TOK_EOF), at token 0. */
void parser_init(Parser *p, Arena *a, const Source *src, const TokenVec *toks, DiagList *d);

/* Each parses one construct starting at p->pos. On a syntax error they report, skip to a point
 * from which parsing can go on, and return NULL or a node of kind *_UNSUPPORTED; a parse never
 * loops forever and never reads past EOF. */
Expr *parse_expr(Parser *p);            /* test: conditional expression or boolean ops */
Expr *parse_expr_list(Parser *p);       /* a, b  (a TUPLE when there is a comma) */
Stmt *parse_stmt(Parser *p);            /* one simple statement list element or compound stmt */
bool parse_block(Parser *p, StmtVec *out); /* ':' then NEWLINE INDENT stmts DEDENT, or simple stmts */
/* `def NAME(params) [-> ann]: block` starting at the `def` token. */
FuncDef *parse_funcdef(Parser *p);
/* Skips the rest of the logical line (through its NEWLINE) and any indented block that follows;
 * stops early at a DEDENT that closes the enclosing block, and never passes EOF. */
void parse_skip_statement(Parser *p);

/* Helpers shared by parse_expr.c and parse_stmt.c. */
const Token *parse_peek(const Parser *p);                /* never past the final EOF */
const Token *parse_advance(Parser *p);                   /* returns the token consumed */
bool parse_accept(Parser *p, TokenKind k);               /* consumes k when it is next */
const char *parse_describe(const Parser *p, const Token *t); /* "')'", "newline", "'foo'" */
/* Every syntax error goes through here: diag_error, except that a second error at the position
 * of the previous one is dropped (no cascades). Returns false. */
bool parse_error(Parser *p, Span span, const char *fmt, ...) KR_PRINTF(3, 4);
/* Reports "expected <what>, found <t>" (or a TOK_ERROR's own message) at t; returns false. */
bool parse_error_expected(Parser *p, const Token *t, const char *what);
Expr *parse_expr_new(Parser *p, ExprKind kind, Span span);
bool parse_starts_expr(TokenKind k);                     /* k can begin an expression */
Expr *parse_target_list(Parser *p);  /* `for` / `del` targets: bitwise-or level, a TUPLE on ',' */
Span parse_prev_end_span(const Parser *p); /* span of the last consumed token that is not
                                              NEWLINE/INDENT/DEDENT */

/* ===================================== module.c ===================================== */

typedef struct ModuleFunc {
  const char *name;
  Span name_span;
  int first_tok;             /* first decorator's '@' or the 'def' token */
  int def_tok;               /* the 'def' token */
  int end_tok;               /* one past the function's last token (after its DEDENT) */
  JitOptions jit;            /* from the decorators, parsed during the scan */
  FuncDef *def;              /* NULL until module_parse_func */
  bool parsed, parse_failed;
} ModuleFunc;

typedef struct ModuleConst {
  const char *name;
  Span span;                 /* the whole assignment */
  int value_tok, value_end;  /* token range of the right-hand side */
  int assign_count;          /* module-level bindings of this name; only 1 makes a constant */
  Expr *value;               /* NULL until module_parse_const */
  bool parsed, parse_failed;
} ModuleConst;

typedef struct ModuleImport {
  const char *module;        /* "math", "numpy", "krait" */
  const char *name;          /* `from M import name`; NULL for `import M` */
  const char *bound;         /* the name it binds in the module: alias, name, or first dotted part */
  Span span;
} ModuleImport;

typedef struct Module {
  Arena *arena;
  const Source *src;
  TokenVec toks;
  DiagList *diags;
  Vec(ModuleFunc) funcs;     /* every top-level def, in source order */
  Vec(ModuleConst) consts;   /* every top-level `NAME = expr` / `NAME: T = expr` */
  Vec(ModuleImport) imports; /* every top-level import */
} Module;

/* Tokenizes src and scans its top level: defs with their decorators, constants, imports. Every
 * other top-level statement (classes, loops, anything) is skipped by indentation, whatever syntax
 * it uses. Reports nothing for code it skips, with one exception: a text that is not UTF-8 is
 * reported (at its first bad byte) and gives an empty module, as CPython refuses the whole file.
 * Never returns NULL. */
Module *module_scan(Arena *a, const Source *src, DiagList *d);
ModuleFunc *module_find_func(Module *m, const char *name);
ModuleConst *module_find_const(Module *m, const char *name);
const ModuleImport *module_find_import(const Module *m, const char *bound);
/* Parses a function fully on first use; reports syntax errors; NULL on failure. */
FuncDef *module_parse_func(Module *m, ModuleFunc *f);
/* Parses a constant's right-hand side on first use; NULL on failure. */
Expr *module_parse_const(Module *m, ModuleConst *c);

#endif
