/* cmd_check.c: `krait check FILE.py`: parses every @jit function of a file and type-checks the
 * fully annotated ones, printing the diagnostics the way a compiler does. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const char check_help[] =
    "usage: krait check [OPTIONS] FILE.py\n"
    "\n"
    "Checks every @jit function of FILE.py: parses it, and type-checks it when all its parameters\n"
    "are annotated. Prints the diagnostics (file:line:col: error: ..., with the line and a caret)\n"
    "to stderr and exits with 1 if there was an error; otherwise prints a summary and exits with 0.\n"
    "\n"
    "options:\n"
    "  -q, --quiet        print nothing on success\n"
    "  -h, --help         show this help\n";

int cmd_check(int argc, char **argv) {
  const char *file = NULL;
  bool quiet = false;
  KraitOptions opts;
  krait_options_default(&opts);
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    if (is_help(a)) {
      fputs(check_help, stdout);
      return EXIT_OK;
    }
    if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
      quiet = true;
    } else if (a[0] == '-' && a[1]) {
      if (!parse_compile_option(a, &opts)) return usage_error("check", "unknown option '%s'", a);
    } else if (file) {
      return usage_error("check", "unexpected argument '%s' (one FILE.py at a time)", a);
    } else {
      file = a;
    }
  }
  if (!file) return usage_error("check", "missing FILE.py");

  KraitRuntime *rt;
  KraitModule *m;
  int status = open_source(file, &opts, &rt, &m, NULL);
  if (status != EXIT_OK) return status;
  int errors = krait_module_check(m);
  print_diagnostics(m);
  int nfuncs = krait_module_function_count(m);
  if (errors == 0 && !quiet) printf("%s: %d function%s ok\n", file, nfuncs, nfuncs == 1 ? "" : "s");
  if (errors > 0) fprintf(stderr, "%d error%s\n", errors, errors == 1 ? "" : "s");
  close_source(rt, m);
  return errors ? EXIT_FAILED : EXIT_OK;
}
