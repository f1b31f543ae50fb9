/* cmd_cache.c: `krait cache list|info|clear|prune`: the disk cache of compiled code
 * (docs/cache.md), read through krait_cache_entries. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char cache_help[] =
    "usage: krait cache COMMAND [OPTIONS]\n"
    "\n"
    "The disk cache of compiled code: $KRAIT_CACHE_DIR, else $XDG_CACHE_HOME/krait, else\n"
    "~/.cache/krait, one directory per CPU target. KRAIT_CACHE=0 or --no-cache (run) turn it off.\n"
    "\n"
    "commands:\n"
    "  list                     entries by target: function, signature, size, age\n"
    "  info                     directory, targets, number of entries, total size\n"
    "  clear [--target T]       remove every entry and host description (or the entries of\n"
    "                           target T: a directory name or CPU name)\n"
    "  prune --max-size SIZE    remove the oldest entries until the cache fits in SIZE\n"
    "                           (bytes, or with a suffix K, M, G: 200M)\n"
    "  -h, --help               show this help\n";

static void format_size(int64_t n, char *buf, size_t size) {
  if (n < 1024)
    snprintf(buf, size, "%lld B", (long long)n);
  else if (n < 1024 * 1024)
    snprintf(buf, size, "%.1f KiB", (double)n / 1024);
  else
    snprintf(buf, size, "%.1f MiB", (double)n / (1024.0 * 1024));
}

static void format_age(int64_t mtime, char *buf, size_t size) {
  double s = difftime(time(NULL), (time_t)mtime);
  if (s < 0) s = 0;
  if (s < 120)
    snprintf(buf, size, "%.0f s", s);
  else if (s < 7200)
    snprintf(buf, size, "%.0f min", s / 60);
  else if (s < 172800)
    snprintf(buf, size, "%.0f h", s / 3600);
  else
    snprintf(buf, size, "%.0f days", s / 86400);
}

/* "200M" -> bytes; false when it does not read as a size. */
static bool parse_size(const char *text, int64_t *out) {
  char *end;
  errno = 0;
  double v = strtod(text, &end);
  if (end == text || errno || v < 0) return false;
  double scale = 1;
  if (*end == 'K' || *end == 'k') scale = 1024.0, end++;
  else if (*end == 'M' || *end == 'm') scale = 1024.0 * 1024, end++;
  else if (*end == 'G' || *end == 'g') scale = 1024.0 * 1024 * 1024, end++;
  if (*end == 'B' || *end == 'b') end++;
  if (*end) return false;
  *out = (int64_t)(v * scale);
  return true;
}

static bool matches_target(const KraitCacheEntry *e, const char *target) {
  return !target || strcmp(e->target, target) == 0 || strcmp(e->cpu, target) == 0;
}

/* Removes the target directories left without entries (and their TARGET file and temporaries). */
static void remove_empty_targets(const char *root) {
  DIR *top = opendir(root);
  if (!top) return;
  struct dirent *t;
  while ((t = readdir(top))) {
    if (t->d_name[0] == '.') continue;
    char sub[4096];
    int len = snprintf(sub, sizeof sub, "%s/%s", root, t->d_name);
    if (len < 0 || (size_t)len >= sizeof sub) continue;
    DIR *d = opendir(sub);
    if (!d) continue;
    bool has_entries = false;
    struct dirent *e;
    while ((e = readdir(d))) {
      size_t n = strlen(e->d_name);
      if (n > 3 && strcmp(e->d_name + n - 3, ".kc") == 0) has_entries = true;
    }
    closedir(d);
    if (has_entries) continue;
    char path[4200];
    len = snprintf(path, sizeof path, "%s/TARGET", sub);
    if (len > 0 && (size_t)len < sizeof path) unlink(path);
    rmdir(sub);
  }
  closedir(top);
}

static int cache_list(const char *root, KraitCacheEntry *es, int n) {
  printf("%s\n", root);
  if (n == 0) printf("  (no entries)\n");
  /* group by target: entries are sorted by age, so walk the targets in order of first sight */
  for (int i = 0; i < n; i++) {
    bool seen = false;
    for (int k = 0; k < i && !seen; k++) seen = strcmp(es[k].target, es[i].target) == 0;
    if (seen) continue;
    printf("target %s (%s %s)\n", es[i].target, es[i].triple[0] ? es[i].triple : "?",
           es[i].cpu[0] ? es[i].cpu : "?");
    for (int k = i; k < n; k++) {
      if (strcmp(es[k].target, es[i].target) != 0) continue;
      char size[32], age[32];
      format_size(es[k].size, size, sizeof size);
      format_age(es[k].mtime, age, sizeof age);
      if (es[k].valid)
        printf("  %-24s %-36s %10s %10s  %s\n", es[k].function, es[k].signature, size, age, es[k].file);
      else
        printf("  %-24s %-36s %10s %10s  %s\n", "(damaged)", "", size, age, es[k].path);
    }
  }
  return EXIT_OK;
}

static int cache_info(const char *root, KraitCacheEntry *es, int n) {
  int64_t total = 0;
  int ntargets = 0, damaged = 0;
  for (int i = 0; i < n; i++) {
    total += es[i].size;
    damaged += !es[i].valid;
    bool seen = false;
    for (int k = 0; k < i && !seen; k++) seen = strcmp(es[k].target, es[i].target) == 0;
    ntargets += !seen;
  }
  char size[32];
  format_size(total, size, sizeof size);
  const char *off = getenv("KRAIT_CACHE");
  printf("directory: %s\n", root);
  bool disabled = krait_cache_disabled_by_env();
  printf("enabled:   %s%s\n", disabled ? "no, KRAIT_CACHE=" : "yes", disabled ? off : "");
  printf("targets:   %d\n", ntargets);
  for (int i = 0; i < n; i++) {
    bool seen = false;
    for (int k = 0; k < i && !seen; k++) seen = strcmp(es[k].target, es[i].target) == 0;
    if (!seen) printf("  %s (%s)\n", es[i].target, es[i].cpu[0] ? es[i].cpu : "?");
  }
  printf("entries:   %d%s\n", n, damaged ? " (some damaged: they are replaced when compiled again)" : "");
  printf("size:      %s (%lld bytes)\n", size, (long long)total);
  return EXIT_OK;
}

/* Removes the host descriptions ("host-<hash>" files in the root, docs/cache.md): `clear` leaves
 * nothing behind. */
static void remove_host_files(const char *root) {
  DIR *top = opendir(root);
  if (!top) return;
  struct dirent *f;
  while ((f = readdir(top))) {
    char path[4200];
    int len = snprintf(path, sizeof path, "%s/%s", root, f->d_name);
    if (strncmp(f->d_name, "host-", 5) == 0 && len > 0 && (size_t)len < sizeof path) unlink(path);
  }
  closedir(top);
}

static int remove_entries(const char *root, KraitCacheEntry *es, int n, const char *target, int64_t max_size) {
  int64_t total = 0;
  for (int i = 0; i < n; i++) total += es[i].size;
  int removed = 0;
  int64_t freed = 0;
  for (int i = 0; i < n; i++) { /* oldest first */
    if (max_size >= 0 && total - freed <= max_size) break;
    if (!matches_target(&es[i], target)) continue;
    if (unlink(es[i].path) == 0) {
      removed++;
      freed += es[i].size;
    } else if (errno != ENOENT) {
      fprintf(stderr, "krait: cannot remove '%s': %s\n", es[i].path, strerror(errno));
    }
  }
  remove_empty_targets(root);
  if (!target && max_size < 0) remove_host_files(root);
  char size[32];
  format_size(freed, size, sizeof size);
  printf("removed %d entr%s (%s)\n", removed, removed == 1 ? "y" : "ies", size);
  return EXIT_OK;
}

int cmd_cache(int argc, char **argv) {
  for (int i = 0; i < argc; i++)
    if (is_help(argv[i])) {
      fputs(cache_help, stdout);
      return EXIT_OK;
    }
  if (argc < 1) return usage_error("cache", "missing a command (list, info, clear, prune)");
  const char *cmd = argv[0], *target = NULL;
  int64_t max_size = -1;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *v = NULL;
    if (strcmp(a, "--target") == 0 || strcmp(a, "--max-size") == 0) {
      if (i + 1 >= argc) return usage_error("cache", "option '%s' needs a value", a);
      v = argv[++i];
    } else if (strncmp(a, "--target=", 9) == 0) {
      v = a + 9;
      a = "--target";
    } else if (strncmp(a, "--max-size=", 11) == 0) {
      v = a + 11;
      a = "--max-size";
    } else {
      return usage_error("cache", "unexpected argument '%s'", a);
    }
    if (strcmp(a, "--target") == 0 && strcmp(cmd, "clear") == 0) {
      target = v;
    } else if (strcmp(a, "--max-size") == 0 && strcmp(cmd, "prune") == 0) {
      if (!parse_size(v, &max_size)) return usage_error("cache", "'%s' is not a size (like 200M)", v);
    } else {
      return usage_error("cache", "'%s' takes no option '%s'", cmd, a);
    }
  }
  bool known = strcmp(cmd, "list") == 0 || strcmp(cmd, "info") == 0 || strcmp(cmd, "clear") == 0 ||
               strcmp(cmd, "prune") == 0;
  if (!known) return usage_error("cache", "no cache command '%s' (list, info, clear, prune)", cmd);
  if (strcmp(cmd, "prune") == 0 && max_size < 0) return usage_error("cache", "prune needs --max-size SIZE");
  char root[4096];
  if (!krait_cache_dir(root, sizeof root)) {
    fprintf(stderr, "krait: no cache directory (set KRAIT_CACHE_DIR or HOME)\n");
    return EXIT_FAILED;
  }
  KraitCacheEntry *es;
  int n = krait_cache_entries(root, &es);
  if (n < 0) {
    fprintf(stderr, "krait: cannot read the cache directory '%s': %s\n", root, strerror(errno));
    return EXIT_FAILED;
  }
  int status;
  if (strcmp(cmd, "list") == 0)
    status = cache_list(root, es, n);
  else if (strcmp(cmd, "info") == 0)
    status = cache_info(root, es, n);
  else
    status = remove_entries(root, es, n, target, strcmp(cmd, "prune") == 0 ? max_size : -1);
  krait_free(es);
  return status;
}
