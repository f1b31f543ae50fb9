/* module.c: KraitModule, one source text: its scan, its diagnostics (kept without repeats and
 * rendered with carets), checking the @jit functions, and the types a call specializes for.
 * Compiling a specialization is compile.c's; calling it is call.c's. */
#include "runtime.h"

#include <string.h>

static const Span NO_SPAN = {-1, -1};

/* ---- diagnostics ---- */

static bool diag_is_same(const Diag *a, const Diag *b) {
  return a->level == b->level && a->line == b->line && a->col == b->col && strcmp(a->file, b->file) == 0 &&
         strcmp(a->message, b->message) == 0;
}

static void diag_append(DiagList *d, Diag dg) {
  if (d->len == d->cap) {
    d->cap = d->cap ? d->cap * 2 : 8;
    d->items = kr_realloc(d->items, sizeof(Diag) * (size_t)d->cap);
  }
  d->items[d->len++] = dg;
  if (dg.level == DIAG_ERROR) d->nerrors++;
}

static void diag_release(Diag *dg) {
  kr_free(dg->file);
  kr_free(dg->line_text);
  kr_free(dg->message);
}

/* Several lookups of a function with the same error, or a check after a lookup, would report it
 * again: an error or warning identical to one already kept is dropped with the notes after it. */
void module_take_diags(KraitModule *m, DiagList *from) {
  for (int i = 0; i < from->len;) {
    int end = i + 1;
    while (end < from->len && from->items[end].level == DIAG_NOTE) end++;
    bool repeated = false;
    for (int j = 0; j < m->diags.len && !repeated; j++)
      repeated = diag_is_same(&m->diags.items[j], &from->items[i]);
    for (int k = i; k < end; k++) {
      if (repeated)
        diag_release(&from->items[k]);
      else
        diag_append(&m->diags, from->items[k]);
    }
    i = end;
  }
  kr_free(from->items);
  memset(from, 0, sizeof *from);

  if (m->diag_text && m->diag_text_count == m->diags.len) return;
  StrBuf out = {0};
  diag_render_all(&m->diags, &out);
  kr_free(m->diag_text);
  m->diag_text = strbuf_take(&out);
  m->diag_text_count = m->diags.len;
}

const char *krait_module_diagnostics(const KraitModule *m) { return m->diag_text ? m->diag_text : ""; }

int krait_module_error_count(const KraitModule *m) { return m->diags.nerrors; }

/* ---- creating and freeing ---- */

KraitModule *krait_compile(KraitRuntime *rt, const char *filename, const char *source, long len,
                           const KraitOptions *opts) {
  KraitModule *m = kr_alloc(sizeof *m);
  m->rt = rt;
  rt->live_modules++;
  m->opts = opts ? *opts : rt->defaults;
  if (!source) source = "";
  size_t n = len < 0 ? strlen(source) : (size_t)len;
  DiagList d = {0};
  if (n > INT32_MAX - 1) {
    diag_error(&d, NULL, NO_SPAN, "source text of %zu bytes is too large", n);
    n = 0;
  }
  m->text = kr_strndup(source, n);
  arena_init(&m->arena);
  source_init(&m->src, &m->arena, arena_strdup(&m->arena, filename ? filename : "<string>"), m->text,
              (int32_t)n);
  /* The scan reports into the module's own list (parse errors come later, once per function). */
  m->mod = module_scan(&m->arena, &m->src, &m->diags);
  module_take_diags(m, &d);
  return m;
}

void krait_module_free(KraitModule *m) {
  if (!m) return;
  for (int i = 0; i < m->nfuncs; i++) function_free(m->funcs[i]);
  kr_free(m->funcs);
  diag_list_free(&m->diags);
  kr_free(m->diag_text);
  arena_free(&m->arena);
  kr_free(m->text);
  m->rt->live_modules--;
  kr_free(m);
}

/* ---- the @jit functions ---- */

bool krait_module_has_function(const KraitModule *m, const char *name) {
  for (int k = 0; name && k < m->mod->funcs.len; k++)
    if (strcmp(m->mod->funcs.data[k].name, name) == 0) return true;
  return false;
}

static const ModuleFunc *jit_func_at(const KraitModule *m, int i) {
  for (int k = 0; k < m->mod->funcs.len; k++) {
    const ModuleFunc *f = &m->mod->funcs.data[k];
    if (f->jit.is_jit && i-- == 0) return f;
  }
  return NULL;
}

int krait_module_function_count(const KraitModule *m) {
  int n = 0;
  for (int k = 0; k < m->mod->funcs.len; k++) n += m->mod->funcs.data[k].jit.is_jit;
  return n;
}

const char *krait_module_function_name(const KraitModule *m, int i) {
  const ModuleFunc *f = i >= 0 ? jit_func_at(m, i) : NULL;
  return f ? f->name : NULL;
}

int krait_module_signature(KraitModule *m, const char *name, KraitType *params, int max) {
  DiagList d = {0};
  Type types[MAX_PARAMS], ret;
  int n = -1;
  if (!module_find_func(m->mod, name))
    diag_error(&d, &m->src, NO_SPAN, "no function named '%s'", name);
  else
    n = ir_declared_signature(m->mod, name, types, MAX_PARAMS, &ret, &d);
  for (int i = 0; i < n && i < max && i < MAX_PARAMS; i++)
    params[i] = (KraitType){types[i].kind, types[i].elem, types[i].ndim, types[i].layout};
  module_take_diags(m, &d);
  return n;
}

/* Checks every @jit function: parse it (reporting syntax errors once), read its annotations, and
 * when all its parameters are annotated, build its IR at those types and throw the IR away. */
int krait_module_check(KraitModule *m) {
  DiagList d = {0};
  CompileOptions copts = compile_options(m);
  for (int k = 0; k < m->mod->funcs.len; k++) {
    ModuleFunc *f = &m->mod->funcs.data[k];
    if (!f->jit.is_jit) continue;
    CompileOptions fopts = copts;
    bool options_ok = jit_options_apply(m, &f->jit, &fopts, &d);
    if (!module_parse_func(m->mod, f) || !options_ok) continue;
    Type types[MAX_PARAMS], ret;
    int n = ir_declared_signature(m->mod, f->name, types, MAX_PARAMS, &ret, &d);
    if (n < 0 || n > MAX_PARAMS) continue;
    bool annotated = true;
    for (int i = 0; i < n; i++) annotated &= types[i].kind != TY_UNKNOWN;
    if (!annotated) continue;
    Arena arena;
    arena_init(&arena);
    ir_build(&arena, m->mod, f->name, types, n, &fopts, &d);
    arena_free(&arena);
  }
  module_take_diags(m, &d);
  return m->diags.nerrors;
}

/* ---- the types of a specialization ---- */

/* Python's implicit conversions of an argument to an annotated parameter: bool and int to float,
 * bool to int, between widths; a C-contiguous array where any layout is accepted. */
static bool type_converts_to(Type from, Type to) {
  if (type_eq(from, to)) return true;
  if (type_is_float(to)) return from.kind == TY_BOOL || type_is_int(from) || type_is_float(from);
  if (type_is_int(to)) return from.kind == TY_BOOL || type_is_int(from);
  if (to.kind == TY_ARRAY && from.kind == TY_ARRAY)
    return from.elem == to.elem && from.ndim == to.ndim && to.layout == LAYOUT_ANY;
  return false;
}

bool module_specialization_types(KraitModule *m, const char *name, const KraitType *args, int nargs,
                                 Type *out, DiagList *d) {
  ModuleFunc *mf = module_find_func(m->mod, name);
  if (!mf) return diag_error(d, &m->src, NO_SPAN, "no function named '%s'", name);
  Type declared[MAX_PARAMS], ret;
  int n = ir_declared_signature(m->mod, name, declared, MAX_PARAMS, &ret, d);
  if (n < 0) return false;
  if (n > MAX_PARAMS)
    return diag_error(d, &m->src, mf->name_span, "'%s' has %d parameters; krait supports up to %d", name,
                      n, MAX_PARAMS);
  if (n != nargs)
    return diag_error(d, &m->src, mf->name_span, "%s() takes %d argument%s but %d %s given", name, n,
                      n == 1 ? "" : "s", nargs, nargs == 1 ? "was" : "were");
  bool ok = true;
  for (int i = 0; i < n; i++) {
    Type arg = {args[i].kind, args[i].elem, args[i].ndim, args[i].layout};
    const Param *p = mf->def && i < mf->def->params.len ? &mf->def->params.data[i] : NULL;
    Span span = p ? p->span : mf->name_span;
    const char *pname = p ? p->name : "?";
    char want[32], got[32];
    if (arg.kind == TY_UNKNOWN || arg.kind == TY_NONE || arg.kind > TY_ARRAY) {
      ok = diag_error(d, &m->src, span, "cannot pass a '%s' argument to parameter '%s' of '%s'",
                      type_name(arg, got), pname, name);
    } else if (declared[i].kind == TY_UNKNOWN) {
      out[i] = arg;
    } else if (type_converts_to(arg, declared[i])) {
      out[i] = declared[i];
    } else {
      ok = diag_error(d, &m->src, span, "cannot pass a '%s' argument to parameter '%s' annotated '%s'",
                      type_name(arg, got), pname, type_name(declared[i], want));
    }
  }
  return ok;
}
