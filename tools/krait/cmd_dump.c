/* cmd_dump.c: `krait dump --stage=S FILE.py FUNC`: prints one stage of the compilation of a
 * specialization: the AST, krait's IR, LLVM IR before and after optimization, or assembly. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const char dump_help[] =
    "usage: krait dump --stage=STAGE [OPTIONS] FILE.py FUNC [--sig SIGNATURE]\n"
    "\n"
    "Prints a stage of the compilation of FUNC:\n"
    "  ast     the parsed function\n"
    "  ir      krait's typed IR\n"
    "  llvm    LLVM IR before optimization\n"
    "  opt     LLVM IR after optimization\n"
    "  asm     assembly for this machine\n"
    "\n"
    "The function is compiled for its declared parameter types unless --sig gives them, as in\n"
    "--sig \"(int, float)\"; --sig is needed when a parameter is unannotated.\n"
    "\n"
    "options:\n"
    "  --stage=STAGE      ast, ir, llvm, opt or asm (required)\n"
    "  --sig=SIGNATURE    the argument types, e.g. \"(int, float, f64[::1])\"\n"
    "  -O0 .. -O3         optimization level (default -O3)\n"
    "  --fastmath         allow floating-point reassociation and contraction\n"
    "  --no-boundscheck   do not check array indices\n"
    "  --no-cache         accepted for symmetry with run (dumps never use the cache)\n"
    "  -h, --help         show this help\n";

enum { MAX_ARGS = 64 };

/* "--name=value" or "--name value": the value, advancing *i past it; NULL if a is not --name. */
static const char *option_value(int argc, char **argv, int *i, const char *name, bool *missing) {
  size_t n = strlen(name);
  const char *a = argv[*i];
  if (strncmp(a, name, n) != 0) return NULL;
  if (a[n] == '=') return a + n + 1;
  if (a[n] != '\0') return NULL;
  if (*i + 1 >= argc) {
    *missing = true;
    return NULL;
  }
  return argv[++*i];
}

int cmd_dump(int argc, char **argv) {
  const char *stage = NULL, *sig = NULL, *file = NULL, *func = NULL;
  KraitOptions opts;
  krait_options_default(&opts);
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i], *v;
    bool missing = false;
    if (is_help(a)) {
      fputs(dump_help, stdout);
      return EXIT_OK;
    }
    if ((v = option_value(argc, argv, &i, "--stage", &missing))) {
      stage = v;
    } else if ((v = option_value(argc, argv, &i, "--sig", &missing))) {
      sig = v;
    } else if (missing) {
      return usage_error("dump", "option '%s' needs a value", a);
    } else if (a[0] == '-' && a[1]) {
      if (!parse_compile_option(a, &opts)) return usage_error("dump", "unknown option '%s'", a);
    } else if (!file) {
      file = a;
    } else if (!func) {
      func = a;
    } else {
      return usage_error("dump", "unexpected argument '%s'", a);
    }
  }
  if (!stage) return usage_error("dump", "missing --stage=ast|ir|llvm|opt|asm");
  static const char *const stages[] = {"ast", "ir", "llvm", "opt", "asm"};
  bool known = false;
  for (size_t i = 0; i < sizeof stages / sizeof stages[0]; i++) known |= strcmp(stage, stages[i]) == 0;
  if (!known) return usage_error("dump", "unknown stage '%s' (expected ast, ir, llvm, opt or asm)", stage);
  if (!file) return usage_error("dump", "missing FILE.py");
  if (!func) return usage_error("dump", "missing the name of the function");
  KraitType types[MAX_ARGS];
  int ntypes = -1;
  if (sig && (ntypes = krait_parse_signature(sig, types, MAX_ARGS)) < 0)
    return usage_error("dump", "cannot read the signature '%s' (expected e.g. \"(int, float)\")", sig);

  KraitRuntime *rt;
  KraitModule *m;
  int status = open_source(file, &opts, &rt, &m, NULL);
  if (status != EXIT_OK) return status;
  char *out = NULL;
  if (!krait_module_has_function(m, func)) {
    status = usage_error("dump", "'%s' has no function '%s'", file, func);
    goto done;
  }
  if (ntypes < 0 && strcmp(stage, "ast") != 0) {
    ntypes = krait_module_signature(m, func, types, MAX_ARGS);
    if (ntypes < 0) {
      print_diagnostics(m);
      status = EXIT_FAILED;
      goto done;
    }
    for (int i = 0; i < ntypes; i++)
      if (types[i].kind == KRAIT_TY_UNKNOWN) {
        status = usage_error("dump", "parameter %d of %s() is unannotated: pass --sig \"(...)\"", i + 1, func);
        goto done;
      }
  }
  out = krait_dump(m, func, types, ntypes < 0 ? 0 : ntypes, stage);
  print_diagnostics(m);
  if (!out) {
    status = EXIT_FAILED;
    goto done;
  }
  fputs(out, stdout);
  if (*out && out[strlen(out) - 1] != '\n') putchar('\n');
done:
  krait_free(out);
  close_source(rt, m);
  return status;
}
