/* cache_target.c: the targets code is compiled and cached for: the host (or KRAIT_CPU), or a named
 * portable level, @jit(target="x86-64-v3"), whose cache entries machines with different CPUs of
 * that level share. Each target has its own cache directory (docs/cache.md). */
#include "runtime.h"

#include <string.h>

/* The x86-64 micro-architecture levels: LLVM's CPU name and the features it implies (in LLVM's
 * spelling, sorted: the Target's feature string and the host check use them). */
static const struct {
  const char *name, *cpu, *features;
} levels[] = {
    {"generic", "x86-64", "+cmov,+cx8,+fxsr,+mmx,+sse,+sse2"},
    {"x86-64", "x86-64", "+cmov,+cx8,+fxsr,+mmx,+sse,+sse2"},
    {"x86-64-v2", "x86-64-v2", "+cmov,+cx16,+cx8,+fxsr,+mmx,+popcnt,+sahf,+sse,+sse2,+sse3,+sse4.1,+sse4.2,+ssse3"},
    {"x86-64-v3", "x86-64-v3",
     "+avx,+avx2,+bmi,+bmi2,+cmov,+cx16,+cx8,+f16c,+fma,+fxsr,+lzcnt,+mmx,+movbe,+popcnt,+sahf,+sse,+sse2,"
     "+sse3,+sse4.1,+sse4.2,+ssse3,+xsave"},
};

bool cache_target_is_known(const char *name) {
  if (strcmp(name, "host") == 0 || strcmp(name, "cpu") == 0) return true;
  for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++)
    if (strcmp(name, levels[i].name) == 0) return true;
  return false;
}

/* Whether every feature of the comma-separated list `need` is on ("+f") in `have`. */
static bool has_features(const char *have, const char *need) {
  for (const char *p = need; *p;) {
    const char *end = strchr(p, ',');
    size_t n = end ? (size_t)(end - p) : strlen(p);
    bool found = false;
    for (const char *q = have; *q && !found;) {
      const char *qend = strchr(q, ',');
      size_t k = qend ? (size_t)(qend - q) : strlen(q);
      found = k == n && memcmp(p, q, n) == 0;
      q += k + (qend != NULL);
    }
    if (!found) return false;
    p += n + (end != NULL);
  }
  return true;
}

bool cache_target(KraitRuntime *rt, const char *name, CacheTarget *out, DiagList *d) {
  RuntimeCache *c = &rt->cache;
  if (!name || strcmp(name, "host") == 0 || strcmp(name, "cpu") == 0) {
    *out = (CacheTarget){&rt->target, c->target_dir, NULL};
    return true;
  }
  for (int i = 0; i < c->nnamed; i++)
    if (strcmp(c->named[i].name, name) == 0) {
      *out = (CacheTarget){&c->named[i].target, c->named[i].dir, &c->named[i]};
      return true;
    }
  size_t k = 0;
  while (k < sizeof levels / sizeof levels[0] && strcmp(levels[k].name, name) != 0) k++;
  static const Span no_span = {-1, -1};
  if (k == sizeof levels / sizeof levels[0] || strncmp(rt->target.triple, "x86_64", 6) != 0)
    return diag_error(d, NULL, no_span, "target '%s' is not known for %s", name, rt->target.triple);
  /* Code for a level the machine lacks would die of SIGILL: refuse it. */
  if (!has_features(rt->host_features, levels[k].features))
    return diag_error(d, NULL, no_span, "target '%s': this machine's CPU lacks some of its features", name);
  if (c->nnamed == c->named_cap) {
    c->named_cap = c->named_cap ? c->named_cap * 2 : 4;
    c->named = kr_realloc(c->named, sizeof(NamedTarget) * (size_t)c->named_cap);
  }
  NamedTarget *nt = &c->named[c->nnamed++];
  *nt = (NamedTarget){0};
  nt->name = kr_strdup(name);
  nt->target.triple = kr_strdup(rt->target.triple);
  nt->target.cpu = kr_strdup(levels[k].cpu);
  nt->target.features = kr_strdup(levels[k].features);
  nt->target.data_layout = kr_strdup(rt->target.data_layout);
  nt->dir = c->root ? cache_target_dir(c->root, &nt->target) : NULL;
  *out = (CacheTarget){&nt->target, nt->dir, nt};
  return true;
}

LLVMTargetMachineRef cache_target_machine(KraitRuntime *rt, const CacheTarget *t, int opt_level, DiagList *d) {
  if (!t->named) return runtime_target_machine(rt, opt_level, d);
  kr_assert(opt_level >= 0 && opt_level <= 3);
  NamedTarget *nt = t->named;
  if (!nt->machines[opt_level]) nt->machines[opt_level] = target_machine_new(&nt->target, opt_level, d);
  return nt->machines[opt_level];
}

void cache_targets_free(RuntimeCache *c) {
  for (int i = 0; i < c->nnamed; i++) {
    NamedTarget *nt = &c->named[i];
    for (int k = 0; k < 4; k++)
      if (nt->machines[k]) LLVMDisposeTargetMachine(nt->machines[k]);
    target_free(&nt->target);
    kr_free(nt->name);
    kr_free(nt->dir);
  }
  kr_free(c->named);
  c->named = NULL;
  c->nnamed = c->named_cap = 0;
}
