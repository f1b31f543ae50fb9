/* runtime.c: the KraitRuntime that every module compiles into: the target for the host CPU, the
 * one linker holding all machine code, and the default options. */
#define _POSIX_C_SOURCE 200809L
#include "runtime.h"

#include <string.h>
#include <time.h>

double runtime_now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

void krait_options_default(KraitOptions *o) {
  o->opt_level = 3;
  o->fastmath = false;
  o->boundscheck = true;
  o->cache = true;
}

/* On failure the reason goes into the calling thread's error record (a RuntimeError), since
 * there is no object yet to hold diagnostics. */
KraitRuntime *krait_runtime_new(const KraitOptions *defaults) {
  KraitRuntime *rt = kr_alloc(sizeof *rt);
  if (defaults)
    rt->defaults = *defaults;
  else
    krait_options_default(&rt->defaults);
  if (rt->defaults.opt_level < 0) rt->defaults.opt_level = 0;
  if (rt->defaults.opt_level > 3) rt->defaults.opt_level = 3;
  rt->next_job = 1;

  int nsymbols;
  const LinkSymbol *symbols = runtime_symbols(&nsymbols);
  rt->linker = linker_new(symbols, nsymbols);
  cache_init(&rt->cache);
  DiagList d = {0};
  bool ok = cache_host_target(rt, &d); /* LLVM's description of the host, remembered */
  if (ok && rt->cache.root) rt->cache.target_dir = cache_target_dir(rt->cache.root, &rt->target);
  if (!ok) {
    StrBuf msg = {0};
    diag_render_all(&d, &msg);
    krait_rt_raise(KRAIT_EXC_RUNTIME, msg.data ? msg.data : "cannot target the host CPU", "", 0, "");
    strbuf_free(&msg);
    diag_list_free(&d);
    krait_runtime_free(rt);
    return NULL;
  }
  diag_list_free(&d);
  return rt;
}

/* Every module of rt must have been freed first (their code lives in rt's linker). */
void krait_runtime_free(KraitRuntime *rt) {
  if (!rt) return;
  kr_assert(rt->live_modules == 0 && "free every module of a runtime before the runtime");
  linker_free(rt->linker);
  cache_free(&rt->cache);
  for (int i = 0; i < 4; i++)
    if (rt->machines[i]) LLVMDisposeTargetMachine(rt->machines[i]);
  target_free(&rt->target);
  kr_free(rt->host_features);
  kr_free(rt);
}

/* Creating a target machine parses the CPU and its feature string: worth doing once, not per
 * compile (about 1 ms of a 10 ms budget). */
LLVMTargetMachineRef runtime_target_machine(KraitRuntime *rt, int opt_level, DiagList *d) {
  kr_assert(opt_level >= 0 && opt_level <= 3);
  if (!rt->machines[opt_level]) rt->machines[opt_level] = target_machine_new(&rt->target, opt_level, d);
  return rt->machines[opt_level];
}

const char *krait_runtime_target(const KraitRuntime *rt, char *buf, size_t size) {
  if (!buf || size == 0) return buf;
  const Target *t = &rt->target;
  const char *features = t->features ? t->features : "";
  snprintf(buf, size, "%s %s%s%s", t->triple ? t->triple : "?", t->cpu ? t->cpu : "?",
           *features ? " " : "", features);
  return buf;
}

const char *krait_runtime_cache_dir(const KraitRuntime *rt, char *buf, size_t size) {
  if (!rt->cache.root || !buf || size == 0) return NULL;
  snprintf(buf, size, "%s", rt->cache.root);
  return buf;
}

void krait_free(void *p) { kr_free(p); }
