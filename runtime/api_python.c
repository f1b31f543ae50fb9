/* api_python.c: C API additions for the CPython extension (python/). The Python layer reads some
 * @jit(...) keywords itself (eager=, fallback=): they change how and when Python compiles, not the
 * code, so they are taken out of the module's decorators before the runtime interprets them. */
#include "runtime.h"

#include <string.h>

static bool name_is_listed(const char *name, const char *const *names, int count) {
  for (int i = 0; i < count; i++)
    if (names[i] && strcmp(name, names[i]) == 0) return true;
  return false;
}

int krait_module_drop_options(KraitModule *m, const char *const *names, int count) {
  int dropped = 0;
  for (int k = 0; k < m->mod->funcs.len; k++) {
    ModuleFunc *f = &m->mod->funcs.data[k];
    KeywordVec *kw = &f->jit.keywords;
    int kept = 0;
    for (int i = 0; i < kw->len; i++) {
      if (name_is_listed(kw->data[i].name, names, count)) {
        dropped++;
        continue;
      }
      kw->data[kept++] = kw->data[i];
    }
    kw->len = kept;
    if (f->def) f->def->jit.keywords.len = kept;
  }
  return dropped;
}
