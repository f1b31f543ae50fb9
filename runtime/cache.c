/* cache.c: compiled specializations kept for later. In memory, a runtime links the code of one
 * key once and shares it between modules; on disk, one file per entry in one directory per CPU
 * target, written atomically and checked before it is loaded. docs/cache.md has the format, the
 * key, the layout and the security rules. */
#define _GNU_SOURCE /* O_NOFOLLOW, O_CLOEXEC */
#include "runtime.h"
#include "build_id.h" /* generated: KRAIT_BUILD_ID */

#include <llvm/Config/llvm-config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define ENTRY_SUFFIX ".kc"

/* ---- directories ---- */

const char *krait_cache_dir(char *buf, size_t size) {
  const char *dir = getenv("KRAIT_CACHE_DIR");
  if (dir && *dir) return snprintf(buf, size, "%s", dir) < (int)size ? buf : NULL;
  const char *xdg = getenv("XDG_CACHE_HOME");
  if (xdg && *xdg == '/') return snprintf(buf, size, "%s/krait", xdg) < (int)size ? buf : NULL;
  const char *home = getenv("HOME");
  if (home && *home) return snprintf(buf, size, "%s/.cache/krait", home) < (int)size ? buf : NULL;
  return NULL;
}

/* The directory of a target: a readable CPU name, then 16 hex digits of the hash of triple, CPU
 * and features, so that CPUs of one name with different features never share entries. */
char *cache_target_dir(const char *root, const Target *t) {
  Sha256 s;
  sha256_init(&s);
  const char *parts[] = {t->triple, t->cpu, t->features};
  for (int i = 0; i < 3; i++) sha256_update(&s, parts[i] ? parts[i] : "", strlen(parts[i] ? parts[i] : "") + 1);
  uint8_t h[SHA256_SIZE];
  sha256_final(&s, h);
  char hex[17], cpu[48];
  hash_hex(h, 8, hex);
  size_t n = 0;
  for (const char *p = t->cpu ? t->cpu : ""; *p && n < sizeof cpu - 1; p++)
    cpu[n++] = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '.' ||
                       *p == '-' || *p == '_'
                   ? *p
                   : '_';
  cpu[n] = '\0';
  StrBuf b = {0};
  strbuf_printf(&b, "%s/%s-%s", root, n ? cpu : "cpu", hex);
  return strbuf_take(&b);
}

bool krait_cache_disabled_by_env(void) {
  const char *env = getenv("KRAIT_CACHE");
  return env && (strcmp(env, "0") == 0 || strcmp(env, "off") == 0 || strcmp(env, "false") == 0);
}

void cache_init(RuntimeCache *c) {
  *c = (RuntimeCache){0};
  c->build = KRAIT_BUILD_ID;
  if (krait_cache_disabled_by_env()) return;
  char buf[4096];
  if (!krait_cache_dir(buf, sizeof buf)) return;
  c->root = kr_strdup(buf);
}

void cache_free(RuntimeCache *c) {
  cache_targets_free(c);
  kr_free(c->root);
  kr_free(c->target_dir);
  strbuf_free(&c->warned);
  kr_free(c->loaded);
  *c = (RuntimeCache){0};
}

/* Warns about a refused path once per runtime (on stderr: there may be no module to hold it). */
void cache_warn_once(RuntimeCache *c, const char *path, const char *why) {
  if (c->warned.data) {
    size_t n = strlen(path);
    for (const char *p = c->warned.data; (p = strstr(p, path)); p += n)
      if ((p == c->warned.data || p[-1] == '\n') && p[n] == '\n') return;
  }
  strbuf_printf(&c->warned, "%s\n", path);
  fprintf(stderr, "krait: warning: not using the cache at '%s': %s\n", path, why);
}

/* Owned by us and writable by nobody else: the only files and directories the cache trusts. */
const char *cache_untrusted_reason(const struct stat *st) {
  if (st->st_uid != geteuid()) return "it is owned by another user";
  if (st->st_mode & (S_IWGRP | S_IWOTH)) return "it is writable by group or others";
  return NULL;
}

bool cache_is_trusted_dir(RuntimeCache *c, const char *path) {
  struct stat st;
  if (lstat(path, &st) != 0) return false;
  const char *why = !S_ISDIR(st.st_mode) ? "it is not a directory" : cache_untrusted_reason(&st);
  if (why) cache_warn_once(c, path, why);
  return !why;
}

/* mkdir -p with mode 0700 for what it creates. */
bool cache_make_dirs(const char *path) {
  char *p = kr_strdup(path);
  bool ok = true;
  for (char *s = p + 1; ok; s++) {
    if (*s != '/' && *s != '\0') continue;
    char c = *s;
    *s = '\0';
    if (mkdir(p, 0700) != 0 && errno != EEXIST) ok = false;
    *s = c;
    if (!c) break;
  }
  kr_free(p);
  return ok;
}

/* ---- the key ---- */

CacheKey cache_key(const KraitModule *m, const IrProgram *prog, const CompileOptions *o, const Target *t) {
  StrBuf b = {0};
  /* Everything outside the IR that changes code; the IR text has every reached function with
   * its types, source positions (error records carry lines) and folded constants. */
  strbuf_printf(&b, "krait cache key %d\nkrait %s\nbuild %s\nllvm %s\n", CACHE_ENTRY_FORMAT, KRAIT_VERSION,
                m->rt->cache.build ? m->rt->cache.build : "", LLVM_VERSION_STRING);
  strbuf_printf(&b, "target %s\ncpu %s\nfeatures %s\nlayout %s\n", t->triple, t->cpu, t->features ? t->features : "",
                t->data_layout ? t->data_layout : "");
  strbuf_printf(&b, "opt %d\nfastmath %d\nboundscheck %d\nerror_model python\n", o->opt_level, o->fastmath,
                o->boundscheck);
  strbuf_printf(&b, "file %s\n", m->src.name);
  ir_print_program(prog, &b);
  CacheKey key;
  sha256(b.data, b.len, key.bytes);
  strbuf_free(&b);
  return key;
}

static char *entry_path(const char *dir, const CacheKey *key) {
  char hex[2 * SHA256_SIZE + 1];
  hash_hex(key->bytes, SHA256_SIZE, hex);
  StrBuf b = {0};
  strbuf_printf(&b, "%s/%s" ENTRY_SUFFIX, dir, hex);
  return strbuf_take(&b);
}

/* ---- memory ---- */

void cache_remember(KraitRuntime *rt, const CacheKey *key, uint64_t tracker, void *native) {
  RuntimeCache *c = &rt->cache;
  for (int i = 0; i < c->nloaded; i++)
    if (memcmp(c->loaded[i].key.bytes, key->bytes, SHA256_SIZE) == 0) {
      c->loaded[i].tracker = tracker;
      c->loaded[i].native = native;
      return;
    }
  if (c->nloaded == c->loaded_cap) {
    /* Full: first drop the keys whose code was freed since, and grow only if more than half are
     * still live (so the table stays within twice the live code). */
    int live = 0;
    for (int i = 0; i < c->nloaded; i++) {
      bool alive = linker_retain(rt->linker, c->loaded[i].tracker);
      if (alive) linker_remove(rt->linker, c->loaded[i].tracker); /* just a look: give it back */
      if (alive) c->loaded[live++] = c->loaded[i];
    }
    c->nloaded = live;
    if (c->nloaded * 2 > c->loaded_cap || c->loaded_cap == 0) {
      c->loaded_cap = c->loaded_cap ? c->loaded_cap * 2 : 16;
      c->loaded = kr_realloc(c->loaded, sizeof(CacheLoaded) * (size_t)c->loaded_cap);
    }
  }
  c->loaded[c->nloaded++] = (CacheLoaded){*key, tracker, native};
}

/* The code of key linked in this runtime, with one more reference; NULL when there is none (its
 * functions were all freed: the entry is dropped). */
static void *memory_load(KraitRuntime *rt, const CacheKey *key, uint64_t *tracker) {
  RuntimeCache *c = &rt->cache;
  for (int i = 0; i < c->nloaded; i++) {
    CacheLoaded *l = &c->loaded[i];
    if (memcmp(l->key.bytes, key->bytes, SHA256_SIZE) != 0) continue;
    if (linker_retain(rt->linker, l->tracker)) {
      *tracker = l->tracker;
      return l->native;
    }
    *l = c->loaded[--c->nloaded];
    return NULL;
  }
  return NULL;
}

/* ---- reading an entry ---- */

/* Reads a whole entry if it may be trusted: a regular file of ours that nobody else can write.
 * Returns the bytes (kr_alloc'd) or NULL. */
static uint8_t *read_entry(RuntimeCache *c, const char *path, size_t *size) {
  int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return NULL;
  struct stat st;
  uint8_t *data = NULL;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < CACHE_ENTRY_HEADER_SIZE ||
      st.st_size > CACHE_ENTRY_HEADER_SIZE + CACHE_ENTRY_MAX_META + CACHE_ENTRY_MAX_OBJECT)
    goto out;
  const char *why = cache_untrusted_reason(&st);
  if (why) {
    cache_warn_once(c, path, why);
    goto out;
  }
  size_t n = (size_t)st.st_size, got = 0;
  data = kr_alloc(n);
  while (got < n) {
    ssize_t r = read(fd, data + got, n - got);
    if (r <= 0) {
      if (r < 0 && errno == EINTR) continue;
      break;
    }
    got += (size_t)r;
  }
  if (got != n) {
    kr_free(data);
    data = NULL;
  }
  *size = n;
out:
  close(fd);
  return data;
}

void *cache_load(KraitRuntime *rt, const CacheKey *key, const CacheTarget *t, const char *symbol,
                 uint64_t *tracker, bool *from_disk) {
  *from_disk = false;
  void *native = memory_load(rt, key, tracker);
  RuntimeCache *c = &rt->cache;
  if (native || !c->root || !t->dir) return native;
  char *path = entry_path(t->dir, key);
  size_t size = 0;
  uint8_t *data = NULL;
  if (cache_is_trusted_dir(c, c->root) && cache_is_trusted_dir(c, t->dir)) data = read_entry(c, path, &size);
  const char *meta;
  const uint8_t *obj;
  size_t meta_size, obj_size;
  if (data && cache_entry_is_valid(data, size, key, &meta, &meta_size, &obj, &obj_size)) {
    DiagList d = {0}; /* a failure here is a miss, not the user's error */
    uint64_t id = linker_add(rt->linker, obj, obj_size, &d);
    native = id ? linker_lookup(rt->linker, id, symbol) : NULL;
    if (id && !native) linker_remove(rt->linker, id);
    if (native) {
      *tracker = id;
      cache_remember(rt, key, id, native);
      *from_disk = true;
    }
    diag_list_free(&d);
  }
  kr_free(data);
  kr_free(path);
  return native;
}

/* ---- writing an entry ---- */

static bool write_all(int fd, const void *data, size_t n) {
  const uint8_t *p = data;
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    p += w;
    n -= (size_t)w;
  }
  return true;
}

/* Writes data to path through a temporary file in the same directory and a rename, so that a
 * reader sees the old file or the new one, never a part. */
bool cache_write_atomically(const char *path, const void *parts[], const size_t sizes[], int nparts) {
  StrBuf tmp = {0};
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  const char *slash = strrchr(path, '/');
  strbuf_printf(&tmp, "%.*s/.tmp-%ld-%ld", (int)(slash - path), path, (long)getpid(), (long)ts.tv_nsec);
  int fd = open(tmp.data, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  bool ok = fd >= 0;
  for (int i = 0; ok && i < nparts; i++) ok = write_all(fd, parts[i], sizes[i]);
  if (fd >= 0 && close(fd) != 0) ok = false;
  if (ok && rename(tmp.data, path) != 0) {
    /* A directory where the entry belongs (a damaged cache): an empty one can go. */
    ok = (errno == EISDIR || errno == ENOTEMPTY || errno == EEXIST) && rmdir(path) == 0 &&
         rename(tmp.data, path) == 0;
  }
  if (!ok && fd >= 0) unlink(tmp.data);
  strbuf_free(&tmp);
  return ok;
}

static void type_text(Type t, StrBuf *out) {
  char buf[32];
  strbuf_printf(out, "%s", type_name(t, buf));
}

/* The metadata: `key value` lines (docs/cache.md). */
static void entry_meta(const IrFunc *entry, int def_line, StrBuf *out) {
  strbuf_printf(out, "function %s\nsymbol %s\nfile %s\nline %d\nsignature (", entry->name, entry->symbol,
                entry->src->name, def_line);
  for (int i = 0; i < entry->params.len; i++) {
    if (i) strbuf_printf(out, ", ");
    type_text(entry->params.data[i], out);
  }
  strbuf_printf(out, ") -> ");
  type_text(entry->ret, out);
  strbuf_printf(out, "\nparams");
  for (int i = 0; i < entry->params.len; i++) {
    Type t = entry->params.data[i];
    strbuf_printf(out, " %d:%d:%d:%d", t.kind, t.elem, t.ndim, t.layout);
  }
  strbuf_printf(out, "\nreturn %d:%d:%d:%d\n", entry->ret.kind, entry->ret.elem, entry->ret.ndim, entry->ret.layout);
  strbuf_printf(out, "writes %#llx\n", (unsigned long long)entry->writes_params);
}

/* The target directory, made (0700) and described by a TARGET file on first use; false when it
 * cannot be made or is not to be trusted. */
static bool ensure_target_dir(RuntimeCache *c, const CacheTarget *ct) {
  struct stat st;
  if (lstat(ct->dir, &st) == 0) return cache_is_trusted_dir(c, c->root) && cache_is_trusted_dir(c, ct->dir);
  if (!cache_make_dirs(ct->dir) || !cache_is_trusted_dir(c, c->root) || !cache_is_trusted_dir(c, ct->dir)) return false;
  const Target *t = ct->target;
  StrBuf desc = {0}, path = {0};
  strbuf_printf(&desc, "triple %s\ncpu %s\nfeatures %s\n", t->triple, t->cpu, t->features ? t->features : "");
  strbuf_printf(&path, "%s/TARGET", ct->dir);
  const void *parts[] = {desc.data};
  size_t sizes[] = {desc.len};
  cache_write_atomically(path.data, parts, sizes, 1);
  strbuf_free(&desc);
  strbuf_free(&path);
  return true;
}

void cache_store(KraitRuntime *rt, const CacheKey *key, const CacheTarget *t, const void *obj, size_t obj_size,
                 const IrFunc *entry, int def_line) {
  RuntimeCache *c = &rt->cache;
  if (!c->root || !t->dir) return;
  if (obj_size > CACHE_ENTRY_MAX_OBJECT || !ensure_target_dir(c, t)) return;
  StrBuf meta = {0};
  entry_meta(entry, def_line, &meta);
  uint8_t header[CACHE_ENTRY_HEADER_SIZE];
  cache_entry_header(header, key, meta.data, meta.len, obj, obj_size);
  char *path = entry_path(t->dir, key);
  const void *parts[] = {header, meta.data, obj};
  size_t sizes[] = {CACHE_ENTRY_HEADER_SIZE, meta.len, obj_size};
  if (meta.len <= CACHE_ENTRY_MAX_META) cache_write_atomically(path, parts, sizes, 3);
  kr_free(path);
  strbuf_free(&meta);
}

/* ---- listing (krait cache list, info, clear, prune) ---- */

/* strncpy that always terminates (and that -Wformat-truncation has no opinion about). */
static void copy_text(char *dst, size_t size, const char *src) {
  size_t n = strlen(src);
  if (n >= size) n = size - 1;
  memcpy(dst, src, n);
  dst[n] = '\0';
}

static bool has_suffix(const char *s, const char *suffix) {
  size_t n = strlen(s), k = strlen(suffix);
  return n >= k && strcmp(s + n - k, suffix) == 0;
}

static int compare_entries(const void *a, const void *b) {
  const KraitCacheEntry *x = a, *y = b;
  if (x->mtime != y->mtime) return x->mtime < y->mtime ? -1 : 1;
  return strcmp(x->path, y->path);
}

int krait_cache_entries(const char *dir, KraitCacheEntry **out) {
  *out = NULL;
  DIR *top = opendir(dir);
  if (!top) return errno == ENOENT ? 0 : -1;
  RuntimeCache scratch = {0}; /* for read_entry's warnings */
  KraitCacheEntry *items = NULL;
  int n = 0, cap = 0;
  struct dirent *t;
  while ((t = readdir(top))) {
    if (t->d_name[0] == '.') continue;
    StrBuf sub = {0};
    strbuf_printf(&sub, "%s/%s", dir, t->d_name);
    DIR *d = opendir(sub.data);
    if (!d) {
      strbuf_free(&sub);
      continue;
    }
    char desc[4096] = "", triple[64] = "", cpu[64] = "";
    StrBuf tpath = {0};
    strbuf_printf(&tpath, "%s/TARGET", sub.data);
    FILE *tf = fopen(tpath.data, "r");
    if (tf) {
      size_t k = fread(desc, 1, sizeof desc - 1, tf);
      desc[k] = '\0';
      fclose(tf);
      cache_entry_field(desc, k, "triple", triple, sizeof triple);
      cache_entry_field(desc, k, "cpu", cpu, sizeof cpu);
    }
    strbuf_free(&tpath);
    struct dirent *e;
    while ((e = readdir(d))) {
      if (!has_suffix(e->d_name, ENTRY_SUFFIX)) continue;
      if (n == cap) {
        cap = cap ? cap * 2 : 32;
        items = kr_realloc(items, sizeof(KraitCacheEntry) * (size_t)cap);
      }
      KraitCacheEntry *it = memset(&items[n++], 0, sizeof *it);
      StrBuf path = {0};
      strbuf_printf(&path, "%s/%s", sub.data, e->d_name);
      copy_text(it->path, sizeof it->path, path.data);
      strbuf_free(&path);
      copy_text(it->target, sizeof it->target, t->d_name);
      copy_text(it->cpu, sizeof it->cpu, cpu);
      copy_text(it->triple, sizeof it->triple, triple);
      struct stat st;
      if (lstat(it->path, &st) == 0) {
        it->size = (int64_t)st.st_size;
        it->mtime = (int64_t)st.st_mtime;
      }
      size_t size;
      uint8_t *data = read_entry(&scratch, it->path, &size);
      const char *meta;
      const uint8_t *obj;
      size_t meta_size, obj_size;
      if (data && cache_entry_is_valid(data, size, NULL, &meta, &meta_size, &obj, &obj_size)) {
        it->valid = true;
        cache_entry_field(meta, meta_size, "function", it->function, sizeof it->function);
        cache_entry_field(meta, meta_size, "signature", it->signature, sizeof it->signature);
        cache_entry_field(meta, meta_size, "file", it->file, sizeof it->file);
      }
      kr_free(data);
    }
    closedir(d);
    strbuf_free(&sub);
  }
  closedir(top);
  cache_free(&scratch);
  if (n > 1) qsort(items, (size_t)n, sizeof *items, compare_entries);
  *out = items;
  return n;
}
