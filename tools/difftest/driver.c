/* driver.c: krait-difftest, the krait side of the differential tester (tools/difftest/run.py). It
 * reads commands on stdin and runs them through the public C API in one process, so that a batch
 * of generated programs costs one process start-up:
 *
 *   file PATH            compile the source at PATH (the previous module is freed)
 *   call FUNC<TAB>ARGS   call FUNC; ARGS is the text between a call's parentheses, as
 *                        krait_values_parse reads it (literals, array([...]), zeros(0, dtype=i64))
 *
 * Output, one line per call, flushed at once (so a crash loses nothing already answered):
 *   ok REPR              the result's repr ("None" for no result)
 *   raise KIND: MESSAGE  compiled code raised
 *   ... then, for each array argument, a TAB and its contents after the call (a.tolist()'s repr)
 *   compile-error TEXT   the module or the specialization did not compile (first diagnostic line)
 *   bad TEXT             a command the driver could not read
 */
#define _POSIX_C_SOURCE 200809L
#include <krait.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_ARGS = 64, LINE_MAX_LEN = 1 << 16 };

typedef struct Driver {
  KraitRuntime *rt;
  KraitModule *module;       /* NULL before the first `file` */
  char *source;              /* the module's text, malloc'd */
  char path[1024];
} Driver;

static void driver_close_module(Driver *d) {
  if (d->module) krait_module_free(d->module);
  d->module = NULL;
  free(d->source);
  d->source = NULL;
}

static char *read_file(const char *path, long *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap);
  for (;;) {
    if (n + 1 >= cap) {
      cap *= 2;
      char *grown = realloc(buf, cap);
      if (!grown) {
        free(buf);
        fclose(f);
        return NULL;
      }
      buf = grown;
    }
    size_t got = fread(buf + n, 1, cap - n - 1, f);
    if (got == 0) break;
    n += got;
  }
  fclose(f);
  buf[n] = '\0';
  *len = (long)n;
  return buf;
}

/* The first line of the diagnostics, without its newline. */
static void print_first_line(const char *prefix, const char *text) {
  size_t n = strcspn(text, "\n");
  printf("%s %.*s\n", prefix, (int)n, text);
}

static void driver_open(Driver *d, const char *path) {
  driver_close_module(d);
  long len = 0;
  d->source = read_file(path, &len);
  snprintf(d->path, sizeof d->path, "%s", path);
  if (!d->source) return;
  d->module = krait_compile(d->rt, path, d->source, len, NULL);
}

/* The contents of the array arguments after a call, each after a TAB. */
static void print_arrays(KraitValueSet *values) {
  for (int i = 0; i < krait_values_count(values); i++) {
    KraitValue *v = krait_values_get(values, i);
    if (v->type.kind != KRAIT_TY_ARRAY) continue;
    char *list = krait_array_tolist(v);
    printf("\t%s", list ? list : "?");
    krait_free(list);
  }
  putchar('\n');
}

static void driver_call(Driver *d, char *rest) {
  if (!d->module) {
    printf("bad no module (cannot read '%s')\n", d->path);
    return;
  }
  char *tab = strchr(rest, '\t');
  if (!tab) {
    puts("bad expected FUNC<TAB>ARGS");
    return;
  }
  *tab = '\0';
  const char *func = rest;
  char err[512];
  KraitValueSet *values = krait_values_parse(tab + 1, err, sizeof err);
  if (!values) {
    printf("bad arguments: %s\n", err);
    return;
  }
  int nargs = krait_values_count(values);
  if (krait_module_error_count(d->module) > 0) {
    print_first_line("compile-error", krait_module_diagnostics(d->module));
    krait_values_free(values);
    return;
  }
  /* An annotated scalar parameter decides the type (krait_call converts); otherwise, and for
   * arrays, the argument's own type. */
  KraitType declared[MAX_ARGS], types[MAX_ARGS];
  KraitValue args[MAX_ARGS];
  int n = krait_module_signature(d->module, func, declared, MAX_ARGS);
  if (n < 0 || n != nargs || nargs > MAX_ARGS) {
    if (n < 0) print_first_line("compile-error", krait_module_diagnostics(d->module));
    else printf("bad %s takes %d arguments, %d given\n", func, n, nargs);
    krait_values_free(values);
    return;
  }
  for (int i = 0; i < nargs; i++) {
    args[i] = *krait_values_get(values, i);
    bool scalar = args[i].type.kind != KRAIT_TY_ARRAY && declared[i].kind != KRAIT_TY_ARRAY;
    types[i] = scalar && declared[i].kind != KRAIT_TY_UNKNOWN ? declared[i] : args[i].type;
  }
  KraitFunction *f = krait_lookup(d->module, func, types, nargs);
  if (!f) {
    print_first_line("compile-error", krait_module_diagnostics(d->module));
    krait_values_free(values);
    return;
  }
  KraitValue result;
  krait_clear_error();
  int rc = krait_call(f, args, nargs, &result);
  if (rc == 0) {
    char repr[128];
    if (result.type.kind == KRAIT_TY_NONE) printf("ok None");
    else printf("ok %s", krait_value_repr(&result, repr, sizeof repr));
  } else {
    const KraitError *e = krait_last_error();
    printf("raise %s: %s", krait_exc_name(e->kind), e->message);
  }
  print_arrays(values);
  krait_values_free(values);
}

int main(void) {
  Driver d = {0};
  d.rt = krait_runtime_new(NULL);
  if (!d.rt) {
    fprintf(stderr, "krait-difftest: no runtime: %s\n", krait_last_error()->message);
    return 1;
  }
  char *line = malloc(LINE_MAX_LEN);
  while (fgets(line, LINE_MAX_LEN, stdin)) {
    line[strcspn(line, "\r\n")] = '\0';
    if (strncmp(line, "file ", 5) == 0) {
      driver_open(&d, line + 5);
    } else if (strncmp(line, "call ", 5) == 0) {
      driver_call(&d, line + 5);
    } else if (line[0]) {
      puts("bad unknown command");
    }
    fflush(stdout);
  }
  free(line);
  driver_close_module(&d);
  krait_runtime_free(d.rt);
  return 0;
}
