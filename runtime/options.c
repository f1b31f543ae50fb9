/* options.c: the options of a @jit(...) decorator. The frontend keeps its keywords as written; here
 * they are checked and laid over the module's options for each compilation of that function. */
#include "runtime.h"

#include <string.h>

/* The keywords @jit(...) takes (docs: the Python interface). */
static const char *const known_options = "cache, fastmath, boundscheck, error_model, target";

static bool bool_option(const KraitModule *m, const Keyword *k, bool *out, DiagList *d) {
  if (k->value && k->value->kind == EXPR_BOOL) {
    *out = k->value->u.bool_val;
    return true;
  }
  return diag_error(d, &m->src, k->span, "@jit option '%s' must be True or False", k->name);
}

static bool string_option(const KraitModule *m, const Keyword *k, const char **out, DiagList *d) {
  if (k->value && k->value->kind == EXPR_STRING) {
    *out = k->value->u.str;
    return true;
  }
  return diag_error(d, &m->src, k->span, "@jit option '%s' must be a string", k->name);
}

bool jit_options_apply(const KraitModule *m, const JitOptions *jit, CompileOptions *o, DiagList *d) {
  bool ok = true;
  for (int i = 0; i < jit->keywords.len; i++) {
    const Keyword *k = &jit->keywords.data[i];
    bool flag = false;
    const char *s = "";
    if (strcmp(k->name, "fastmath") == 0) {
      if (bool_option(m, k, &flag, d)) o->fastmath = flag;
      else ok = false;
    } else if (strcmp(k->name, "boundscheck") == 0) {
      if (bool_option(m, k, &flag, d)) o->boundscheck = flag;
      else ok = false;
    } else if (strcmp(k->name, "cache") == 0) {
      ok &= bool_option(m, k, &flag, d); /* read by jit_options_cache */
    } else if (strcmp(k->name, "error_model") == 0) {
      if (!string_option(m, k, &s, d))
        ok = false;
      else if (strcmp(s, "python") != 0)
        ok = diag_error(d, &m->src, k->span, "error_model='%s' is not supported (only 'python')", s);
    } else if (strcmp(k->name, "target") == 0) {
      if (!string_option(m, k, &s, d))
        ok = false;
      else if (!cache_target_is_known(s))
        ok = diag_error(d, &m->src, k->span,
                        "target='%s' is not supported (expected 'host', 'generic', 'x86-64-v2' or 'x86-64-v3')", s);
    } else {
      ok = diag_error(d, &m->src, k->span, "unknown @jit option '%s' (expected %s)", k->name, known_options);
    }
  }
  return ok;
}

bool jit_options_cache(const KraitModule *m, const JitOptions *jit) {
  bool cache = m->opts.cache;
  for (int i = 0; i < jit->keywords.len; i++) {
    const Keyword *k = &jit->keywords.data[i];
    if (strcmp(k->name, "cache") == 0 && k->value && k->value->kind == EXPR_BOOL) cache = k->value->u.bool_val;
  }
  return cache;
}

const char *jit_options_target(const JitOptions *jit) {
  const char *target = NULL;
  for (int i = 0; i < jit->keywords.len; i++) {
    const Keyword *k = &jit->keywords.data[i];
    if (strcmp(k->name, "target") == 0 && k->value && k->value->kind == EXPR_STRING) target = k->value->u.str;
  }
  return target;
}
