/* test_runtime_corpus.c: the program corpus through the C API. One parameterized test, one case
 * per `# call: NAME(ARG, ...)  expect: REPR` (or `raises: ExcName`) line of the .py files in
 * tests/programs/ and tests/programs_nocpython/: parse the arguments (literals and arrays, with
 * krait_values_parse), compile the file, look the function up at the arguments' types, call it
 * through krait_call, and compare repr(result) or the raised exception's name, then the contents of
 * array arguments against the `# after: argN == [...]` lines below the call (after an exception
 * too: the writes before it stay).
 * KRAIT_CORPUS_SKIP_ARRAYS=1 leaves out the files named arrays_*.py. */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <ctype.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "krait.h"

enum { MAX_AFTER = 4 };

typedef struct CallCase {
  char file[256]; /* path under KRAIT_SOURCE_DIR, e.g. "tests/programs/power.py" */
  int line;
  char call[400]; /* "fadd(0.1, 0.2)", "scale(arange(4.0)[::2], $0)" */
  char expect[200];
  bool raises;
  int nafter;
  int after_arg[MAX_AFTER];     /* `# after: arg1 == [0.0, 2.0]`: 1 */
  char after[MAX_AFTER][400];   /* and "[0.0, 2.0]" */
} CallCase;

static char *read_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *text = malloc((size_t)n + 1);
  size_t got = fread(text, 1, (size_t)n, f);
  text[got] = '\0';
  fclose(f);
  return text;
}

static int compare_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void trim(char *s) {
  size_t n = strlen(s);
  while (n && isspace((unsigned char)s[n - 1])) s[--n] = '\0';
  size_t k = 0;
  while (isspace((unsigned char)s[k])) k++;
  memmove(s, s + k, n - k + 1);
}

/* Parses "# call: CALL  expect: VALUE" (or raises:) into c; false if the line is not one. */
static bool parse_call_line(const char *line, CallCase *c) {
  const char *p = line;
  while (isspace((unsigned char)*p)) p++;
  if (*p++ != '#') return false;
  while (isspace((unsigned char)*p)) p++;
  if (strncmp(p, "call:", 5) != 0) return false;
  p += 5;
  const char *e = strstr(p, "expect:"), *r = strstr(p, "raises:");
  const char *mark = e && (!r || e < r) ? e : r;
  if (!mark) return false;
  c->raises = mark == r;
  snprintf(c->call, sizeof c->call, "%.*s", (int)(mark - p), p);
  snprintf(c->expect, sizeof c->expect, "%s", mark + 7);
  char *nep50 = strstr(c->expect, "# nep50"); /* a note for the CPython check */
  if (nep50) *nep50 = '\0';
  trim(c->call);
  trim(c->expect);
  return true;
}

/* Parses "# after: argN == LIST" into the next after slot of c; false if the line is not one. */
static bool parse_after_line(const char *line, CallCase *c) {
  const char *p = line;
  while (isspace((unsigned char)*p)) p++;
  if (*p++ != '#') return false;
  while (isspace((unsigned char)*p)) p++;
  if (strncmp(p, "after:", 6) != 0) return false;
  p += 6;
  while (isspace((unsigned char)*p)) p++;
  int arg, n = 0;
  if (c->nafter == MAX_AFTER || sscanf(p, "arg%d == %n", &arg, &n) != 1 || n == 0) return false;
  c->after_arg[c->nafter] = arg;
  snprintf(c->after[c->nafter], sizeof c->after[0], "%s", p + n);
  trim(c->after[c->nafter]);
  c->nafter++;
  return true;
}

static void add_cases_of(const char *dir, CallCase **cases, size_t *n, size_t *cap) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", KRAIT_SOURCE_DIR, dir);
  DIR *d = opendir(path);
  if (!d) return;
  char *names[1024];
  int nnames = 0;
  for (struct dirent *ent; (ent = readdir(d)) && nnames < 1024;) {
    size_t len = strlen(ent->d_name);
    if (len > 3 && strcmp(ent->d_name + len - 3, ".py") == 0) names[nnames++] = strdup(ent->d_name);
  }
  closedir(d);
  qsort(names, (size_t)nnames, sizeof names[0], compare_names);
  const char *skip = getenv("KRAIT_CORPUS_SKIP_ARRAYS");
  bool skip_arrays = skip && strcmp(skip, "1") == 0;
  for (int i = 0; i < nnames; i++) {
    if (skip_arrays && strncmp(names[i], "arrays_", 7) == 0) {
      free(names[i]);
      continue;
    }
    snprintf(path, sizeof path, "%s/%s/%s", KRAIT_SOURCE_DIR, dir, names[i]);
    char *text = read_file(path);
    int lineno = 0;
    bool after_call = false; /* the previous line was a call (or one of its after lines) */
    for (char *line = text; line && *line;) {
      char *nl = strchr(line, '\n');
      if (nl) *nl = '\0';
      lineno++;
      CallCase c = {0};
      if (after_call && parse_after_line(line, &(*cases)[*n - 1])) {
        /* belongs to the call above */
      } else if (parse_call_line(line, &c)) {
        snprintf(c.file, sizeof c.file, "%s/%s", dir, names[i]);
        c.line = lineno;
        if (*n == *cap) {
          *cap = *cap ? *cap * 2 : 256;
          *cases = realloc(*cases, *cap * sizeof **cases);
        }
        (*cases)[(*n)++] = c;
        after_call = true;
      } else {
        after_call = false;
      }
      line = nl ? nl + 1 : NULL;
    }
    free(text);
    free(names[i]);
  }
}

static void free_cases(struct criterion_test_params *crp) { cr_free(crp->params); }

ParameterizedTestParameters(corpus, call) {
  CallCase *cases = NULL;
  size_t n = 0, cap = 0;
  add_cases_of("tests/programs", &cases, &n, &cap);
  add_cases_of("tests/programs_nocpython", &cases, &n, &cap);
  size_t count = n ? n : 1; /* an empty corpus still gives one case, which fails */
  CallCase *params = cr_malloc(sizeof(CallCase) * count);
  memset(params, 0, sizeof(CallCase) * count);
  if (n) memcpy(params, cases, sizeof(CallCase) * n);
  free(cases);
  return cr_make_param_array(CallCase, params, count, free_cases);
}

/* "name(ARGS)" into name and the parsed arguments (krait_values_parse); NULL with a message. */
static KraitValueSet *split_call(const char *call, char *name, size_t name_size, char *err, size_t errsize) {
  const char *open = strchr(call, '(');
  size_t len = strlen(call);
  if (!open || len == 0 || call[len - 1] != ')') {
    snprintf(err, errsize, "not NAME(ARGS)");
    return NULL;
  }
  snprintf(name, name_size, "%.*s", (int)(open - call), call);
  trim(name);
  char *inner = strdup(open + 1);
  inner[strlen(inner) - 1] = '\0';
  KraitValueSet *args = krait_values_parse(inner, err, errsize);
  free(inner);
  return args;
}

/* Compares array argument `arg` with the expected list text: both as Python's repr of tolist(),
 * the expected one normalized by reading it as array(LIST). Writes what differs into why. */
static bool after_matches(KraitValueSet *args, int arg, const char *want, char *why, size_t size) {
  KraitValue *v = krait_values_get(args, arg);
  char *got = v ? krait_array_tolist(v) : NULL;
  if (!got) {
    snprintf(why, size, "arg%d is not an array", arg);
    return false;
  }
  char text[512], err[400];
  snprintf(text, sizeof text, "array(%s)", want);
  KraitValueSet *expected = krait_values_parse(text, err, sizeof err);
  char *normal = expected ? krait_array_tolist(krait_values_get(expected, 0)) : NULL;
  bool ok = normal && strcmp(got, normal) == 0;
  if (!expected) snprintf(why, size, "cannot read the after list %s: %s", want, err);
  else if (!ok) snprintf(why, size, "arg%d is %.150s after the call, expected %.150s", arg, got, want);
  krait_free(normal);
  krait_free(got);
  krait_values_free(expected);
  return ok;
}

ParameterizedTest(CallCase *c, corpus, call) {
  cr_assert(c->file[0], "no '# call:' lines found under %s/tests/programs", KRAIT_SOURCE_DIR);
  char where[700];
  snprintf(where, sizeof where, "%s:%d: %s", c->file, c->line, c->call);
  char name[128], err[400];
  KraitValueSet *argset = split_call(c->call, name, sizeof name, err, sizeof err);
  cr_assert_not_null(argset, "%s: cannot read the call: %s", where, err);
  int nargs = krait_values_count(argset);
  cr_assert_leq(nargs, 64, "%s: too many arguments", where);
  KraitValue args[64];
  KraitType types[64];
  for (int i = 0; i < nargs; i++) {
    args[i] = *krait_values_get(argset, i);
    types[i] = args[i].type;
  }

  char path[600];
  snprintf(path, sizeof path, "%s/%s", KRAIT_SOURCE_DIR, c->file);
  char *source = read_file(path);
  cr_assert_not_null(source, "%s: cannot read %s", where, path);
  KraitRuntime *rt = krait_runtime_new(NULL);
  cr_assert_not_null(rt, "%s: no runtime", where);
  KraitModule *m = krait_compile(rt, c->file, source, -1, NULL);
  KraitFunction *f = krait_lookup(m, name, types, nargs);
  char got[600] = "";
  bool ok;
  if (!f) {
    snprintf(got, sizeof got, "a compile error:\n%.500s", krait_module_diagnostics(m));
    ok = false;
  } else {
    KraitValue result;
    krait_clear_error();
    int rc = krait_call(f, args, nargs, &result);
    if (rc == 0) {
      char repr[64];
      krait_value_repr(&result, repr, sizeof repr);
      snprintf(got, sizeof got, "%s", repr);
      ok = !c->raises && strcmp(repr, c->expect) == 0;
      for (int i = 0; ok && i < c->nafter; i++) ok = after_matches(argset, c->after_arg[i], c->after[i], got, sizeof got);
    } else {
      const KraitError *e = krait_last_error();
      snprintf(got, sizeof got, "%s: %s (line %d)", krait_exc_name(e->kind), e->message, e->line);
      ok = c->raises && rc == 1 && strcmp(krait_exc_name(e->kind), c->expect) == 0;
      for (int i = 0; ok && i < c->nafter; i++) ok = after_matches(argset, c->after_arg[i], c->after[i], got, sizeof got);
    }
  }
  krait_module_free(m);
  krait_runtime_free(rt);
  free(source);
  krait_values_free(argset);
  cr_expect(ok, "%s: expected %s%s, got %s", where, c->raises ? "raises " : "", c->expect, got);
}
