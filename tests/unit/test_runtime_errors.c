/* test_runtime_errors.c: the invalid-program corpus. One parameterized test, one case per file of
 * tests/errors/ (*.py): krait_module_check must report exactly the errors the file's
 * `# error: LINE:COL: fragment` lines list, each at that line:col with a message containing the
 * fragment (case-insensitively). A failure lists what was expected and every error reported. */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/runtime.h"

typedef struct ErrorFile {
  char file[300]; /* path under KRAIT_SOURCE_DIR */
} ErrorFile;

typedef struct Expectation {
  int source_line; /* where the `# error:` comment is */
  int line, col;
  char fragment[200];
  bool matched;
} Expectation;

static int compare_files(const void *a, const void *b) {
  return strcmp(((const ErrorFile *)a)->file, ((const ErrorFile *)b)->file);
}

static void free_files(struct criterion_test_params *crp) { cr_free(crp->params); }

ParameterizedTestParameters(errors, file) {
  ErrorFile found[1024];
  size_t n = 0;
  char path[512];
  snprintf(path, sizeof path, "%s/tests/errors", KRAIT_SOURCE_DIR);
  DIR *d = opendir(path);
  for (struct dirent *ent; d && (ent = readdir(d)) && n < 1024;) {
    size_t len = strlen(ent->d_name);
    if (len > 3 && strcmp(ent->d_name + len - 3, ".py") == 0)
      snprintf(found[n++].file, sizeof found[0].file, "tests/errors/%s", ent->d_name);
  }
  if (d) closedir(d);
  qsort(found, n, sizeof found[0], compare_files);
  size_t count = n ? n : 1; /* no files: one empty case, which fails */
  ErrorFile *params = cr_malloc(sizeof(ErrorFile) * count);
  memset(params, 0, sizeof(ErrorFile) * count);
  memcpy(params, found, sizeof(ErrorFile) * n);
  return cr_make_param_array(ErrorFile, params, count, free_files);
}

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

/* `# error: 12:5: undefined name 'foo'` anywhere on a line (leading blanks allowed). */
static bool parse_expectation(const char *line, Expectation *e) {
  const char *p = line;
  while (isspace((unsigned char)*p)) p++;
  if (*p++ != '#') return false;
  while (isspace((unsigned char)*p)) p++;
  if (strncmp(p, "error:", 6) != 0) return false;
  int consumed = 0;
  if (sscanf(p + 6, " %d:%d:%n", &e->line, &e->col, &consumed) != 2 || consumed == 0) return false;
  p += 6 + consumed;
  while (isspace((unsigned char)*p)) p++;
  snprintf(e->fragment, sizeof e->fragment, "%s", p);
  size_t n = strlen(e->fragment);
  while (n && isspace((unsigned char)e->fragment[n - 1])) e->fragment[--n] = '\0';
  return true;
}

static bool contains_ignoring_case(const char *haystack, const char *needle) {
  size_t n = strlen(needle);
  for (const char *h = haystack; *h; h++) {
    size_t i = 0;
    while (i < n && h[i] && tolower((unsigned char)h[i]) == tolower((unsigned char)needle[i])) i++;
    if (i == n) return true;
  }
  return n == 0;
}

ParameterizedTest(ErrorFile *ef, errors, file) {
  cr_assert(ef->file[0], "no files in %s/tests/errors", KRAIT_SOURCE_DIR);
  char path[600];
  snprintf(path, sizeof path, "%s/%s", KRAIT_SOURCE_DIR, ef->file);
  char *source = read_file(path);
  cr_assert_not_null(source, "cannot read %s", path);

  Expectation expected[64];
  int nexpected = 0, lineno = 0;
  char *copy = strdup(source);
  for (char *line = copy; line;) {
    char *nl = strchr(line, '\n');
    if (nl) *nl = '\0';
    lineno++;
    Expectation e = {.source_line = lineno};
    if (nexpected < 64 && parse_expectation(line, &e)) expected[nexpected++] = e;
    line = nl ? nl + 1 : NULL;
  }
  free(copy);
  cr_assert(nexpected > 0, "%s has no '# error: LINE:COL: message' line", ef->file);

  KraitRuntime *rt = krait_runtime_new(NULL);
  cr_assert_not_null(rt);
  KraitModule *m = krait_compile(rt, ef->file, source, -1, NULL);
  krait_module_check(m);

  /* Every reported error claims at most one expectation: the first unmatched one at its line:col
   * whose fragment it contains. */
  const DiagList *diags = &m->diags;
  bool claimed[256] = {0};
  for (int k = 0; k < diags->len && k < 256; k++) {
    const Diag *dg = &diags->items[k];
    if (dg->level != DIAG_ERROR) continue;
    for (int i = 0; i < nexpected; i++) {
      Expectation *e = &expected[i];
      if (!e->matched && e->line == dg->line && e->col == dg->col && contains_ignoring_case(dg->message, e->fragment)) {
        e->matched = claimed[k] = true;
        break;
      }
    }
  }
  bool ok = diags->nerrors == nexpected;
  for (int i = 0; i < nexpected; i++) ok &= expected[i].matched;

  if (!ok) {
    StrBuf report = {0};
    strbuf_printf(&report, "%s: expected %d error%s, krait reported %d\n", ef->file, nexpected,
                  nexpected == 1 ? "" : "s", diags->nerrors);
    for (int i = 0; i < nexpected; i++) {
      const Expectation *e = &expected[i];
      strbuf_printf(&report, "  %s %s:%d: expected %d:%d: %s\n", e->matched ? "ok     " : "MISSING", ef->file,
                    e->source_line, e->line, e->col, e->fragment);
      for (int k = 0; !e->matched && k < diags->len; k++) /* the wording krait uses there, if any */
        if (diags->items[k].level == DIAG_ERROR && diags->items[k].line == e->line && diags->items[k].col == e->col)
          strbuf_printf(&report, "          krait says at %d:%d: %s\n", e->line, e->col, diags->items[k].message);
    }
    for (int k = 0; k < diags->len; k++) {
      const Diag *dg = &diags->items[k];
      if (dg->level != DIAG_ERROR) continue;
      strbuf_printf(&report, "  %s reported %d:%d: %s\n", k < 256 && claimed[k] ? "ok     " : "EXTRA  ", dg->line,
                    dg->col, dg->message);
    }
    strbuf_printf(&report, "diagnostics as rendered:\n%s", krait_module_diagnostics(m));
    cr_expect(ok, "%s", report.data);
    strbuf_free(&report);
  }
  krait_module_free(m);
  krait_runtime_free(rt);
  free(source);
}
