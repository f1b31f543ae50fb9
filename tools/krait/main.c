/* main.c: the `krait` command-line driver: dispatches to the commands (run, check, dump, bench)
 * and holds what they share: usage errors, reading files, compile options, diagnostics. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char main_help[] =
    "usage: krait COMMAND [OPTIONS] ...\n"
    "\n"
    "krait compiles the numeric subset of Python to native code.\n"
    "\n"
    "commands:\n"
    "  run FILE.py FUNC [ARG...]   compile FUNC for the arguments' types and call it\n"
    "  check FILE.py               check every @jit function of FILE.py\n"
    "  dump --stage=S FILE.py FUNC show a compilation stage (ast, ir, llvm, opt, asm)\n"
    "  bench compile               measure compile latency\n"
    "  cache list|info|clear|prune the disk cache of compiled code\n"
    "  help [COMMAND]              show help\n"
    "\n"
    "options:\n"
    "  -h, --help                  show help (also after any command)\n"
    "  --version                   show the version\n"
    "\n"
    "exit status: 0 success, 1 compile error or exception in compiled code, 2 bad usage.\n";

int usage_error(const char *command, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("krait: ", stderr);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fprintf(stderr, "\n(see 'krait %s%s--help')\n", command ? command : "", command ? " " : "");
  return EXIT_USAGE;
}

/* The whole file (malloc'd, NUL-terminated), or NULL after printing "krait: cannot read 'x': why". */
static char *read_source(const char *path, long *len) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "krait: cannot read '%s': %s\n", path, strerror(errno));
    return NULL;
  }
  size_t cap = 1 << 16, n = 0;
  char *text = malloc(cap);
  for (;;) {
    if (!text) break;
    n += fread(text + n, 1, cap - n - 1, f);
    if (ferror(f)) {
      int err = errno;
      fprintf(stderr, "krait: cannot read '%s': %s\n", path, strerror(err ? err : EIO));
      free(text);
      fclose(f);
      return NULL;
    }
    if (feof(f)) break;
    if (n + 1 == cap) {
      char *bigger = realloc(text, cap * 2);
      if (!bigger) free(text);
      text = bigger;
      cap *= 2;
    }
  }
  fclose(f);
  if (!text) {
    fprintf(stderr, "krait: cannot read '%s': out of memory\n", path);
    return NULL;
  }
  text[n] = '\0';
  *len = (long)n;
  return text;
}

bool parse_compile_option(const char *arg, KraitOptions *o) {
  if (strlen(arg) == 3 && arg[0] == '-' && arg[1] == 'O' && arg[2] >= '0' && arg[2] <= '3') {
    o->opt_level = arg[2] - '0';
    return true;
  }
  if (strcmp(arg, "--fastmath") == 0) return o->fastmath = true;
  if (strcmp(arg, "--no-boundscheck") == 0) {
    o->boundscheck = false;
    return true;
  }
  if (strcmp(arg, "--no-cache") == 0) {
    o->cache = false;
    return true;
  }
  return false;
}

bool is_help(const char *arg) { return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0; }

KraitRuntime *runtime_open(const KraitOptions *o) {
  KraitRuntime *rt = krait_runtime_new(o);
  if (!rt) {
    const KraitError *e = krait_last_error();
    fprintf(stderr, "krait: cannot compile for this machine: %s\n", e->message[0] ? e->message : "LLVM has no target");
  }
  return rt;
}

double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int open_source(const char *file, const KraitOptions *o, KraitRuntime **rt, KraitModule **m,
                double *compile_start) {
  long len;
  char *text = read_source(file, &len); /* first: an unreadable file needs no LLVM */
  if (!text) return EXIT_USAGE;
  *rt = runtime_open(o);
  if (!*rt) {
    free(text);
    return EXIT_FAILED;
  }
  if (compile_start) *compile_start = now_ms();
  *m = krait_compile(*rt, file, text, len, o); /* keeps its own copy of the text */
  free(text);
  if (krait_module_error_count(*m) == 0) return EXIT_OK;
  /* The file as a whole was refused (not UTF-8, too large): nothing in it can be used. */
  print_diagnostics(*m);
  close_source(*rt, *m);
  *rt = NULL;
  *m = NULL;
  return EXIT_FAILED;
}

void close_source(KraitRuntime *rt, KraitModule *m) {
  krait_module_free(m);
  krait_runtime_free(rt);
}

void print_diagnostics(const KraitModule *m) {
  const char *text = krait_module_diagnostics(m);
  if (*text) fputs(text, stderr);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fputs(main_help, stderr);
    return EXIT_USAGE;
  }
  const char *cmd = argv[1];
  if (is_help(cmd) || (strcmp(cmd, "help") == 0 && argc == 2)) {
    fputs(main_help, stdout);
    return EXIT_OK;
  }
  if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
    printf("krait %s\n", KRAIT_VERSION);
    return EXIT_OK;
  }
  static const struct {
    const char *name;
    int (*run)(int, char **);
  } commands[] = {{"run", cmd_run}, {"check", cmd_check}, {"dump", cmd_dump}, {"bench", cmd_bench},
                  {"cache", cmd_cache}};
  if (strcmp(cmd, "help") == 0) { /* krait help COMMAND: that command's --help */
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
      if (strcmp(argv[2], commands[i].name) == 0) {
        char *help_argv[] = {"--help", NULL};
        return commands[i].run(1, help_argv);
      }
    return usage_error(NULL, "no command '%s' (commands: run, check, dump, bench, cache)", argv[2]);
  }
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (strcmp(cmd, commands[i].name) == 0) return commands[i].run(argc - 2, argv + 2);
  return usage_error(NULL, "no command '%s' (commands: run, check, dump, bench, cache)", cmd);
}
