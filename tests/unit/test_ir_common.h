/* test_ir_common.h: helpers of the IR stage's unit tests: build a function of a source text for a
 * signature, print its IR, render its diagnostics. */
#ifndef KRAIT_TEST_IR_COMMON_H
#define KRAIT_TEST_IR_COMMON_H

#include <criterion/criterion.h>
#include <string.h>

#include "ir/ir.h"

typedef struct IrFixture {
  Arena arena;
  Source src;
  DiagList diags;
  Module *m;
  IrProgram *prog;
  const char *ir;            /* the printed program, "" when the build failed */
  const char *errors;        /* the rendered diagnostics, "" when none */
} IrFixture;

/* One type of a test signature: int, float, bool, a sized name (i32, f32, u8, ...) or an array
 * "f64[:]", "i32[:,::1]". */
static inline Type ir_test_type(const char *p, size_t len) {
  static const struct { const char *name; TypeKind kind; } names[] = {
      {"int", TY_I64}, {"float", TY_F64}, {"bool", TY_BOOL}, {"i8", TY_I8},   {"i16", TY_I16},
      {"i32", TY_I32}, {"i64", TY_I64},   {"u8", TY_U8},     {"u16", TY_U16}, {"u32", TY_U32},
      {"u64", TY_U64}, {"f32", TY_F32},   {"f64", TY_F64},
  };
  const char *br = memchr(p, '[', len);
  size_t nlen = br ? (size_t)(br - p) : len;
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    if (strlen(names[i].name) != nlen || strncmp(names[i].name, p, nlen) != 0) continue;
    if (!br) return type_of(names[i].kind);
    int ndim = 1;
    for (const char *q = br; q < p + len; q++) ndim += *q == ',';
    bool contiguous = len >= 4 && strncmp(p + len - 4, "::1]", 4) == 0;
    return type_array(names[i].kind, ndim, contiguous ? LAYOUT_C : LAYOUT_ANY);
  }
  cr_assert_fail("bad type '%.*s'", (int)len, p);
  return TYPE_UNKNOWN;
}

/* "int,float,bool,f64[:,:]" -> types; returns the count. */
static inline int ir_test_sig(const char *sig, Type *types) {
  int n = 0;
  const char *p = sig;
  while (p && *p) {
    const char *end = p;
    int depth = 0;
    while (*end && (depth > 0 || *end != ',')) {
      depth += *end == '[';
      depth -= *end == ']';
      end++;
    }
    types[n++] = ir_test_type(p, (size_t)(end - p));
    p = *end ? end + 1 : NULL;
  }
  return n;
}

/* Builds `fn` of `text` for the signature `sig` with the verifier on, bounds checks as asked. */
static inline IrFixture *ir_build_text_checked(const char *text, const char *fn, const char *sig, bool boundscheck) {
  IrFixture *f = kr_alloc(sizeof *f);
  arena_init(&f->arena);
  source_init(&f->src, &f->arena, "t.py", text, (int32_t)strlen(text));
  f->m = module_scan(&f->arena, &f->src, &f->diags);
  Type args[16];
  int nargs = ir_test_sig(sig, args);
  CompileOptions opts = {3, false, boundscheck, true};
  f->prog = ir_build(&f->arena, f->m, fn, args, nargs, &opts, &f->diags);
  StrBuf b = {0};
  if (f->prog) ir_print_program(f->prog, &b);
  f->ir = arena_strdup(&f->arena, b.data ? b.data : "");
  strbuf_free(&b);
  diag_render_all(&f->diags, &b);
  f->errors = arena_strdup(&f->arena, b.data ? b.data : "");
  strbuf_free(&b);
  return f;
}

/* Builds `fn` of `text` for the signature `sig` with the verifier on. */
static inline IrFixture *ir_build_text(const char *text, const char *fn, const char *sig) {
  return ir_build_text_checked(text, fn, sig, true);
}

/* How many times sub occurs in the printed IR. */
static inline int ir_count(const IrFixture *f, const char *sub) {
  int n = 0;
  for (const char *p = strstr(f->ir, sub); p; p = strstr(p + 1, sub)) n++;
  return n;
}

static inline void ir_done(IrFixture *f) {
  diag_list_free(&f->diags);
  arena_free(&f->arena);
  kr_free(f);
}

/* The type of a local of the requested function (TY_UNKNOWN when there is none). */
static inline Type ir_local_type(const IrFixture *f, const char *name) {
  if (!f->prog) return TYPE_UNKNOWN;
  const IrFunc *fn = f->prog->funcs.data[0];
  for (int i = 0; i < fn->locals.len; i++)
    if (strcmp(fn->locals.data[i].name, name) == 0) return fn->locals.data[i].type;
  return TYPE_UNKNOWN;
}

static inline const char *ir_type_str(Type t) {
  static char buf[32];
  return type_name(t, buf);
}

#define expect_built(f) cr_expect((f)->prog != NULL, "build failed:\n%s", (f)->errors)
#define expect_failed(f) cr_expect((f)->prog == NULL, "build succeeded:\n%s", (f)->ir)
#define expect_ir(f, sub) cr_expect(strstr((f)->ir, (sub)) != NULL, "missing '%s' in:\n%s%s", (sub), (f)->ir, (f)->errors)
#define expect_no_ir(f, sub) cr_expect(strstr((f)->ir, (sub)) == NULL, "unexpected '%s' in:\n%s", (sub), (f)->ir)
#define expect_error(f, sub) cr_expect(strstr((f)->errors, (sub)) != NULL, "missing error '%s' in:\n%s", (sub), (f)->errors)
#define expect_local(f, name, type) \
  cr_expect(strcmp(ir_type_str(ir_local_type((f), (name))), (type)) == 0, "local %s: %s, expected %s\n%s%s", (name), \
            ir_type_str(ir_local_type((f), (name))), (type), (f)->ir, (f)->errors)
#define expect_ret(f, type) \
  cr_expect((f)->prog && strcmp(ir_type_str((f)->prog->funcs.data[0]->ret), (type)) == 0, "return type, expected %s\n%s%s", \
            (type), (f)->ir, (f)->errors)

#endif
