/* test_runtime_corpus.c: the program corpus through the C API. One parameterized test, one case
 * per `# call: NAME(ARG, ...)  expect: REPR` (or `raises: ExcName`) line of the .py files in
 * tests/programs/ and tests/programs_nocpython/: compile the file, look the function up at the literals' types,
 * call it through krait_call, and compare repr(result) or the raised exception's name. */
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

typedef struct CallCase {
  char file[256]; /* path under KRAIT_SOURCE_DIR, e.g. "tests/programs/power.py" */
  int line;
  char call[400]; /* "fadd(0.1, 0.2)" */
  char expect[200];
  bool raises;
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
  trim(c->call);
  trim(c->expect);
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
  for (int i = 0; i < nnames; i++) {
    snprintf(path, sizeof path, "%s/%s/%s", KRAIT_SOURCE_DIR, dir, names[i]);
    char *text = read_file(path);
    int lineno = 0;
    for (char *line = text; line && *line;) {
      char *nl = strchr(line, '\n');
      if (nl) *nl = '\0';
      lineno++;
      CallCase c = {0};
      if (parse_call_line(line, &c)) {
        snprintf(c.file, sizeof c.file, "%s/%s", dir, names[i]);
        c.line = lineno;
        if (*n == *cap) {
          *cap = *cap ? *cap * 2 : 256;
          *cases = realloc(*cases, *cap * sizeof **cases);
        }
        (*cases)[(*n)++] = c;
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

/* ---- the literals of a call: ints (any base, underscores, signs), floats, True, False,
 * float('inf'), float('-inf'), float('nan') ---- */

static bool parse_arg(const char *text, KraitValue *v) {
  char s[128];
  size_t k = 0;
  for (const char *p = text; *p && k + 1 < sizeof s; p++)
    if (*p != '_' && !isspace((unsigned char)*p)) s[k++] = *p;
  s[k] = '\0';
  if (strcmp(s, "True") == 0) return *v = krait_bool(true), true;
  if (strcmp(s, "False") == 0) return *v = krait_bool(false), true;
  if (strncmp(s, "float(", 6) == 0) {
    char inner[sizeof s];
    snprintf(inner, sizeof inner, "%s", s + 7); /* skip the quote */
    inner[strcspn(inner, "'\"")] = '\0';
    char *end;
    double x = strtod(inner, &end);
    return *end == '\0' && (*v = krait_float(x), true);
  }
  const char *p = s;
  bool negative = false;
  while (*p == '-' || *p == '+') negative ^= *p++ == '-';
  int base = 10;
  if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) base = 16;
  if (p[0] == '0' && (p[1] == 'o' || p[1] == 'O')) base = 8;
  if (p[0] == '0' && (p[1] == 'b' || p[1] == 'B')) base = 2;
  bool is_float = base == 10 && (strpbrk(p, ".eE") || strcmp(p, "inf") == 0 || strcmp(p, "nan") == 0);
  char *end;
  if (is_float) {
    double x = strtod(p, &end);
    return *end == '\0' && (*v = krait_float(negative ? -x : x), true);
  }
  unsigned long long u = strtoull(base == 10 ? p : p + 2, &end, base);
  if (*end != '\0') return false;
  *v = krait_int(negative ? (int64_t)(0 - u) : (int64_t)u);
  return true;
}

/* "name(a, b)" into name and arguments; false if malformed. */
static bool split_call(const char *call, char *name, size_t name_size, KraitValue *args, int *nargs) {
  const char *open = strchr(call, '(');
  size_t len = strlen(call);
  if (!open || len == 0 || call[len - 1] != ')') return false;
  snprintf(name, name_size, "%.*s", (int)(open - call), call);
  trim(name);
  *nargs = 0;
  const char *p = open + 1, *end = call + len - 1;
  int depth = 0;
  const char *start = p;
  char arg[128];
  for (; p <= end; p++) {
    if (p < end && *p == '(') depth++;
    if (p < end && *p == ')') depth--;
    if (p == end || (*p == ',' && depth == 0)) {
      snprintf(arg, sizeof arg, "%.*s", (int)(p - start), start);
      trim(arg);
      if (*arg) {
        if (*nargs == 64 || !parse_arg(arg, &args[*nargs])) return false;
        (*nargs)++;
      } else if (p != end) {
        return false; /* "f(1,,2)"; an empty last one is "f()" or a trailing comma */
      }
      start = p + 1;
    }
  }
  return true;
}

ParameterizedTest(CallCase *c, corpus, call) {
  cr_assert(c->file[0], "no '# call:' lines found under %s/tests/programs", KRAIT_SOURCE_DIR);
  char where[700];
  snprintf(where, sizeof where, "%s:%d: %s", c->file, c->line, c->call);
  char name[128];
  KraitValue args[64];
  int nargs;
  cr_assert(split_call(c->call, name, sizeof name, args, &nargs), "%s: cannot read the call", where);
  KraitType types[64];
  for (int i = 0; i < nargs; i++) types[i] = args[i].type;

  char path[600];
  snprintf(path, sizeof path, "%s/%s", KRAIT_SOURCE_DIR, c->file);
  char *source = read_file(path);
  cr_assert_not_null(source, "%s: cannot read %s", where, path);
  KraitRuntime *rt = krait_runtime_new(NULL);
  cr_assert_not_null(rt, "%s: no runtime", where);
  KraitModule *m = krait_compile(rt, c->file, source, -1, NULL);
  KraitFunction *f = krait_lookup(m, name, types, nargs);
  char got[300] = "";
  bool ok;
  if (!f) {
    snprintf(got, sizeof got, "a compile error:\n%s", krait_module_diagnostics(m));
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
    } else {
      const KraitError *e = krait_last_error();
      snprintf(got, sizeof got, "%s: %s (line %d)", krait_exc_name(e->kind), e->message, e->line);
      ok = c->raises && rc == 1 && strcmp(krait_exc_name(e->kind), c->expect) == 0;
    }
  }
  krait_module_free(m);
  krait_runtime_free(rt);
  free(source);
  cr_expect(ok, "%s: expected %s%s, got %s", where, c->raises ? "raises " : "", c->expect, got);
}
