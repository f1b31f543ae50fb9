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

/* "int,float,bool" -> types; returns the count. */
static inline int ir_test_sig(const char *sig, Type *types) {
  int n = 0;
  const char *p = sig;
  while (p && *p) {
    const char *end = strchr(p, ',');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    if (len == 3 && strncmp(p, "int", 3) == 0) types[n++] = TYPE_INT;
    else if (len == 5 && strncmp(p, "float", 5) == 0) types[n++] = TYPE_FLOAT;
    else if (len == 4 && strncmp(p, "bool", 4) == 0) types[n++] = TYPE_BOOL;
    else cr_assert_fail("bad signature '%s'", sig);
    p = end ? end + 1 : NULL;
  }
  return n;
}

/* Builds `fn` of `text` for the signature `sig` with the verifier on. */
static inline IrFixture *ir_build_text(const char *text, const char *fn, const char *sig) {
  IrFixture *f = kr_alloc(sizeof *f);
  arena_init(&f->arena);
  source_init(&f->src, &f->arena, "t.py", text, (int32_t)strlen(text));
  f->m = module_scan(&f->arena, &f->src, &f->diags);
  Type args[16];
  int nargs = ir_test_sig(sig, args);
  CompileOptions opts = {3, false, true, true};
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
