/* test_runtime_cache.c: the memory and disk caches of compiled code (docs/cache.md): what the key
 * is sensitive to, one directory per target, damaged entries ignored and replaced, permissions,
 * and many processes compiling one function at once. Each test has its own KRAIT_CACHE_DIR. */
#define _XOPEN_SOURCE 700
#include <criterion/criterion.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runtime/runtime.h"

/* sum_sq calls sq and reads SCALE; tail is unrelated and comes after both. */
static const char base_source[] =
    "from krait import jit\n"
    "\n"
    "SCALE = 3\n"
    "\n"
    "def sq(x: int) -> int:\n"
    "    return x * x\n"
    "\n"
    "@jit\n"
    "def sum_sq(n: int) -> int:\n"
    "    total = 0\n"
    "    for i in range(n):\n"
    "        total += sq(i) * SCALE\n"
    "    return total\n"
    "\n"
    "@jit\n"
    "def tail(x: float) -> float:\n"
    "    return x + 1.0\n";

static char cache_dir[256];
static size_t live_at_start;

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st, (void)flag, (void)ftw;
  chmod(path, 0700);
  return remove(path);
}

static void setup(void) {
  live_at_start = kr_live_allocations();
  snprintf(cache_dir, sizeof cache_dir, "/tmp/krait-cache-test-XXXXXX");
  cr_assert_not_null(mkdtemp(cache_dir));
  setenv("KRAIT_CACHE_DIR", cache_dir, 1);
  unsetenv("KRAIT_CACHE");
  unsetenv("KRAIT_CPU");
  unsetenv("KRAIT_CPU_FEATURES");
}

static void teardown(void) {
  chmod(cache_dir, 0700);
  nftw(cache_dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
  cr_expect_eq(kr_live_allocations(), live_at_start, "krait allocations leaked: %zu",
               kr_live_allocations() - live_at_start);
}

TestSuite(cache, .init = setup, .fini = teardown);

/* Compiles `func` of `source` in a fresh runtime (so only the disk can hit), checks that calling
 * it with `arg` gives `expect`, and says whether the code came from the cache. */
static bool compile_fresh(const char *source, const KraitOptions *opts, const char *func, int64_t arg,
                          int64_t expect) {
  KraitRuntime *rt = krait_runtime_new(opts);
  cr_assert_not_null(rt, "%s", krait_last_error()->message);
  KraitModule *m = krait_compile(rt, "cached.py", source, -1, opts);
  KraitType t = KRAIT_INT;
  KraitFunction *f = krait_lookup(m, func, &t, 1);
  cr_assert_not_null(f, "%s", krait_module_diagnostics(m));
  KraitValue a = krait_int(arg), r;
  cr_assert_eq(krait_call(f, &a, 1, &r), 0);
  cr_expect_eq(r.as.i, expect, "%s(%lld) = %lld, expected %lld", func, (long long)arg, (long long)r.as.i,
               (long long)expect);
  bool cached = krait_function_compile_times(f).cached;
  krait_module_free(m);
  krait_runtime_free(rt);
  return cached;
}

static bool compile_base(void) { return compile_fresh(base_source, NULL, "sum_sq", 4, (0 + 1 + 4 + 9) * 3); }

/* The source with the first `from` replaced by `to`. */
static char *edited(const char *from, const char *to) {
  const char *at = strstr(base_source, from);
  cr_assert_not_null(at, "'%s' not in the source", from);
  size_t n = strlen(base_source) + strlen(to) + 1;
  char *s = malloc(n);
  snprintf(s, n, "%.*s%s%s", (int)(at - base_source), base_source, to, at + strlen(from));
  return s;
}

/* The entries on disk (all targets). */
static int entries(KraitCacheEntry **out) {
  int n = krait_cache_entries(getenv("KRAIT_CACHE_DIR"), out);
  cr_assert_geq(n, 0);
  return n;
}

static int count_entries(void) {
  KraitCacheEntry *es;
  int n = entries(&es);
  krait_free(es);
  return n;
}

/* The path of the one entry there is. */
static void only_entry(char *path, size_t size) {
  KraitCacheEntry *es;
  cr_assert_eq(entries(&es), 1);
  cr_expect(es[0].valid);
  snprintf(path, size, "%s", es[0].path);
  krait_free(es);
}

static void write_file(const char *path, const void *data, size_t n) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  cr_assert_geq(fd, 0);
  cr_assert_eq(write(fd, data, n), (ssize_t)n);
  close(fd);
}

static uint8_t *read_file(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  cr_assert_not_null(f);
  fseek(f, 0, SEEK_END);
  *n = (size_t)ftell(f);
  fseek(f, 0, SEEK_SET);
  uint8_t *data = malloc(*n ? *n : 1);
  cr_assert_eq(fread(data, 1, *n, f), *n);
  fclose(f);
  return data;
}

Test(cache, second_process_loads_from_disk) {
  cr_expect(!compile_base(), "a fresh cache has nothing");
  cr_expect_eq(count_entries(), 1);
  cr_expect(compile_base(), "the same code again comes from disk");
  KraitCacheEntry *es;
  cr_assert_eq(entries(&es), 1);
  cr_expect_str_eq(es[0].function, "sum_sq");
  cr_expect_str_eq(es[0].signature, "(int) -> int");
  cr_expect_str_eq(es[0].file, "cached.py");
  krait_free(es);
}

Test(cache, key_sensitivity) {
  cr_assert(!compile_base());
  /* an unrelated function after the compiled ones: the same key */
  char *unrelated = edited("    return x + 1.0\n", "    return x + 2.0\n");
  cr_expect(compile_fresh(unrelated, NULL, "sum_sq", 4, 42), "an unrelated edit must hit");
  free(unrelated);
  /* a callee */
  char *callee = edited("return x * x", "return x * x + 1");
  cr_expect(!compile_fresh(callee, NULL, "sum_sq", 4, (1 + 2 + 5 + 10) * 3), "a callee edit must miss");
  free(callee);
  /* a constant it reads */
  char *constant = edited("SCALE = 3", "SCALE = 4");
  cr_expect(!compile_fresh(constant, NULL, "sum_sq", 4, 14 * 4), "a constant edit must miss");
  free(constant);
  /* options */
  KraitOptions o;
  krait_options_default(&o);
  o.opt_level = 1;
  cr_expect(!compile_fresh(base_source, &o, "sum_sq", 4, 42), "another opt level must miss");
  krait_options_default(&o);
  o.boundscheck = false;
  cr_expect(!compile_fresh(base_source, &o, "sum_sq", 4, 42), "boundscheck=False must miss");
  krait_options_default(&o);
  o.fastmath = true;
  cr_expect(!compile_fresh(base_source, &o, "sum_sq", 4, 42), "fastmath must miss");
  /* and the original is still there */
  cr_expect(compile_base());
  cr_expect_eq(count_entries(), 6);
}

Test(cache, turned_off) {
  KraitOptions o;
  krait_options_default(&o);
  o.cache = false;
  cr_expect(!compile_fresh(base_source, &o, "sum_sq", 4, 42));
  cr_expect_eq(count_entries(), 0, "cache=false writes nothing");
  setenv("KRAIT_CACHE", "0", 1);
  cr_expect(!compile_base());
  cr_expect_eq(count_entries(), 0, "KRAIT_CACHE=0 writes nothing");
  unsetenv("KRAIT_CACHE");
  char *decorated = edited("@jit\ndef sum_sq", "@jit(cache=False)\ndef sum_sq");
  cr_expect(!compile_fresh(decorated, NULL, "sum_sq", 4, 42));
  cr_expect(!compile_fresh(decorated, NULL, "sum_sq", 4, 42));
  cr_expect_eq(count_entries(), 0, "@jit(cache=False) writes nothing");
  free(decorated);
}

Test(cache, one_copy_per_runtime) {
  KraitRuntime *rt = krait_runtime_new(NULL);
  KraitModule *a = krait_compile(rt, "cached.py", base_source, -1, NULL);
  KraitModule *b = krait_compile(rt, "cached.py", base_source, -1, NULL);
  KraitType t = KRAIT_INT;
  KraitFunction *fa = krait_lookup(a, "sum_sq", &t, 1);
  KraitFunction *fb = krait_lookup(b, "sum_sq", &t, 1);
  cr_assert(fa && fb, "%s%s", krait_module_diagnostics(a), krait_module_diagnostics(b));
  cr_expect(!krait_function_compile_times(fa).cached);
  cr_expect(krait_function_compile_times(fb).cached, "the second module shares the first one's code");
  cr_expect(!krait_function_compile_times(fb).from_disk, "... from memory");
  cr_expect_eq(krait_function_pointer(fa), krait_function_pointer(fb));
  /* the code outlives the first module: the second still holds it */
  krait_module_free(a);
  KraitValue arg = krait_int(4), r;
  cr_expect_eq(krait_call(fb, &arg, 1, &r), 0);
  cr_expect_eq(r.as.i, 42);
  krait_module_free(b);
  /* all freed: a new module links the code again (from disk), without clashing symbols */
  KraitModule *c = krait_compile(rt, "cached.py", base_source, -1, NULL);
  KraitFunction *fc = krait_lookup(c, "sum_sq", &t, 1);
  cr_assert_not_null(fc, "%s", krait_module_diagnostics(c));
  cr_expect(krait_function_compile_times(fc).cached);
  cr_expect(krait_function_compile_times(fc).from_disk);
  cr_expect_eq(krait_call(fc, &arg, 1, &r), 0);
  cr_expect_eq(r.as.i, 42);
  krait_module_free(c);
  krait_runtime_free(rt);
}

Test(cache, one_directory_per_target) {
  setenv("KRAIT_CPU", "x86-64-v2", 1);
  setenv("KRAIT_CPU_FEATURES", "", 1);
  cr_expect(!compile_base());
  setenv("KRAIT_CPU", "x86-64-v3", 1);
  cr_expect(!compile_base(), "another CPU must miss");
  setenv("KRAIT_CPU", "x86-64-v2", 1);
  setenv("KRAIT_CPU_FEATURES", "+sse4.2,-avx", 1);
  cr_expect(!compile_base(), "the same CPU name with other features must miss");
  setenv("KRAIT_CPU_FEATURES", "", 1);
  cr_expect(compile_base(), "the first target again hits");
  KraitCacheEntry *es;
  int n = entries(&es);
  cr_expect_eq(n, 3);
  for (int i = 0; i < n; i++)
    for (int k = 0; k < i; k++) cr_expect_str_neq(es[i].target, es[k].target, "one directory per target");
  krait_free(es);
}

/* Replaces the entry with `bytes`, then checks that a fresh runtime ignores it (compiles, gets
 * the right result) and leaves a valid entry in its place. */
static void expect_replaced(const char *path, const void *bytes, size_t n, const char *what) {
  write_file(path, bytes, n);
  cr_expect(!compile_base(), "%s was loaded", what);
  KraitCacheEntry *es;
  cr_assert_eq(entries(&es), 1);
  cr_expect(es[0].valid, "%s was not replaced", what);
  krait_free(es);
}

Test(cache, damaged_entries_are_ignored_and_replaced) {
  cr_assert(!compile_base());
  char path[1024];
  only_entry(path, sizeof path);
  size_t size;
  uint8_t *good = read_file(path, &size);
  char what[64];
  for (size_t cut = 0; cut < size; cut += 64) {
    snprintf(what, sizeof what, "the entry cut at %zu bytes", cut);
    expect_replaced(path, good, cut, what);
  }
  uint8_t *bad = malloc(size);
  for (size_t bit = 0; bit < size * 8; bit += 8 * 61 + 3) {
    memcpy(bad, good, size);
    bad[bit / 8] ^= (uint8_t)(1u << (bit % 8));
    snprintf(what, sizeof what, "the entry with bit %zu flipped", bit);
    expect_replaced(path, bad, size, what);
  }
  memcpy(bad, good, size);
  bad[8] = 2; /* format version */
  expect_replaced(path, bad, size, "an entry of another format");
  memcpy(bad, good, size);
  memset(bad + 16, 0xab, 32); /* another key: a foreign file under this name */
  expect_replaced(path, bad, size, "an entry with another key");
  memcpy(bad + 8, "\x01\x00\x00\x00", 4);
  expect_replaced(path, "", 0, "an empty entry");
  free(bad);
  /* the untouched entry still loads */
  write_file(path, good, size);
  cr_expect(compile_base());
  free(good);
}

Test(cache, a_directory_in_place_of_an_entry) {
  cr_assert(!compile_base());
  char path[1024];
  only_entry(path, sizeof path);
  cr_assert_eq(unlink(path), 0);
  cr_assert_eq(mkdir(path, 0700), 0);
  cr_expect(!compile_base());
  struct stat st;
  cr_assert_eq(stat(path, &st), 0);
  cr_expect(S_ISREG(st.st_mode), "the empty directory is replaced by the entry");
  cr_expect(compile_base());
}

Test(cache, read_only_directory) {
  cr_assert(!compile_base());
  char path[1024];
  only_entry(path, sizeof path);
  char *dir = strdup(path);
  *strrchr(dir, '/') = '\0';
  cr_assert_eq(chmod(dir, 0500), 0);
  cr_expect(compile_base(), "a read-only cache still loads");
  char *other = edited("SCALE = 3", "SCALE = 5");
  cr_expect(!compile_fresh(other, NULL, "sum_sq", 4, 14 * 5), "and compiles what it lacks");
  if (geteuid() != 0) cr_expect_eq(count_entries(), 1, "without writing");
  free(other);
  chmod(dir, 0700);
  free(dir);
}

Test(cache, untrusted_entries_are_refused) {
  cr_assert(!compile_base());
  char path[1024];
  only_entry(path, sizeof path);
  cr_assert_eq(chmod(path, 0620), 0);
  cr_expect(!compile_base(), "a group-writable entry must not be loaded");
  struct stat st;
  cr_assert_eq(stat(path, &st), 0);
  cr_expect_eq(st.st_mode & 0777, 0600, "it is replaced by a private one");
  cr_expect(compile_base());
  char *dir = strdup(path);
  *strrchr(dir, '/') = '\0';
  cr_assert_eq(chmod(dir, 0770), 0);
  cr_expect(!compile_base(), "nothing in a group-writable directory is loaded");
  chmod(dir, 0700);
  free(dir);
}

Test(cache, created_private) {
  char root[300];
  snprintf(root, sizeof root, "%s/a/b", cache_dir);
  setenv("KRAIT_CACHE_DIR", root, 1);
  cr_expect(!compile_base());
  char path[1024];
  only_entry(path, sizeof path);
  struct stat st;
  cr_assert_eq(stat(root, &st), 0);
  cr_expect_eq(st.st_mode & 0777, 0700);
  cr_assert_eq(stat(path, &st), 0);
  cr_expect_eq(st.st_mode & 0777, 0600);
  setenv("KRAIT_CACHE_DIR", cache_dir, 1);
}

Test(cache, concurrent_processes) {
  enum { NPROC = 8 };
  pid_t pids[NPROC];
  for (int i = 0; i < NPROC; i++) {
    pids[i] = fork();
    cr_assert_geq(pids[i], 0);
    if (pids[i] == 0) {
      KraitRuntime *rt = krait_runtime_new(NULL);
      KraitModule *m = rt ? krait_compile(rt, "cached.py", base_source, -1, NULL) : NULL;
      KraitType t = KRAIT_INT;
      KraitFunction *f = m ? krait_lookup(m, "sum_sq", &t, 1) : NULL;
      KraitValue a = krait_int(4), r = {0};
      bool ok = f && krait_call(f, &a, 1, &r) == 0 && r.as.i == 42;
      krait_module_free(m);
      krait_runtime_free(rt);
      _exit(ok ? 0 : 1);
    }
  }
  for (int i = 0; i < NPROC; i++) {
    int status;
    cr_assert_eq(waitpid(pids[i], &status, 0), pids[i]);
    cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0, "process %d failed", i);
  }
  char path[1024];
  only_entry(path, sizeof path);
  char *dir = strdup(path);
  *strrchr(dir, '/') = '\0';
  char cmd[1200];
  snprintf(cmd, sizeof cmd, "ls -A '%s' | grep -c '^\\.tmp' > /dev/null", dir);
  cr_expect_neq(system(cmd), 0, "no temporary file is left behind");
  free(dir);
  cr_expect(compile_base());
}

Test(cache, sha256_vectors) {
  uint8_t h[SHA256_SIZE];
  char hex[2 * SHA256_SIZE + 1];
  sha256("abc", 3, h);
  hash_hex(h, SHA256_SIZE, hex);
  cr_expect_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  sha256("", 0, h);
  hash_hex(h, SHA256_SIZE, hex);
  cr_expect_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  Sha256 s;
  sha256_init(&s);
  for (const char *p = two; *p; p++) sha256_update(&s, p, 1); /* byte by byte */
  sha256_final(&s, h);
  hash_hex(h, SHA256_SIZE, hex);
  cr_expect_str_eq(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  /* A million 'a' (FIPS 180-2), in pieces of odd sizes: 15,625 blocks through sha256_block. */
  static char million[1000000];
  memset(million, 'a', sizeof million);
  sha256_init(&s);
  for (size_t at = 0, step = 1; at < sizeof million; at += step, step = step * 7 % 4093 + 1)
    sha256_update(&s, million + at, at + step <= sizeof million ? step : sizeof million - at);
  sha256_final(&s, h);
  hash_hex(h, SHA256_SIZE, hex);
  cr_expect_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* The host file's format alone (runtime/cache_host.c: cache_host_parse). */
static bool host_parses(const char *text, size_t size, char *v[CACHE_HOST_FIELDS]) {
  static char copy[512];
  cr_assert_lt(size, sizeof copy);
  memcpy(copy, text, size);
  copy[size] = '\0';
  return cache_host_parse(copy, size, v);
}

Test(cache, host_file_format) {
  static const char good[] = "krait host 1\ntriple x86_64-pc-linux-gnu\ncpu x86-64-v3\nfeatures \n"
                             "host-features +avx2,+fma\nlayout e-m:e-i64:64\n";
  char *v[CACHE_HOST_FIELDS];
  cr_assert(host_parses(good, sizeof good - 1, v));
  cr_expect_str_eq(v[0], "x86_64-pc-linux-gnu");
  cr_expect_str_eq(v[1], "x86-64-v3");
  cr_expect_str_eq(v[2], "");
  cr_expect_str_eq(v[3], "+avx2,+fma");
  cr_expect_str_eq(v[4], "e-m:e-i64:64");
  static const char *const bad[] = {
      "krait host 2\ntriple t\ncpu c\nfeatures \nhost-features \nlayout e\n",  /* another version */
      "krait host 1\ntriple t\ncpu c\nfeatures \nhost-features \nlayout e",    /* no last newline */
      "krait host 1\ntriple t\ncpu c\nfeatures \nhost-features \nlayout e\nx", /* more after */
      "krait host 1\ntriple t\ncpu \nfeatures \nhost-features \nlayout e\n",   /* no CPU */
      "krait host 1\ntriple t\nfeatures \ncpu c\nhost-features \nlayout e\n",  /* out of order */
      "krait host 1\ntriple t\ncpu c\nfeatures\nhost-features \nlayout e\n",   /* no space */
      "krait host 1\ntriple t\ncpu c\nfeatures \nhost-features \n",             /* no layout */
      "",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    cr_expect_not(host_parses(bad[i], strlen(bad[i]), v), "accepted: %s", bad[i]);
  /* A NUL inside: the text up to it would be a whole file, but the file goes on. */
  static const char nul[] = "krait host 1\ntriple t\ncpu c\nfeatures \nhost-features \nlayout e\n\0junk";
  cr_expect_not(host_parses(nul, sizeof nul - 1, v));
  cr_expect(host_parses(nul, sizeof nul - 6, v));
}

/* The entry format alone (runtime/cache_entry.c), on bytes in memory. */
Test(cache, entry_format) {
  static const char meta[] = "function f\nsignature (int) -> int\nfile a.py\n";
  static const uint8_t obj[] = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0};
  CacheKey key;
  for (int i = 0; i < SHA256_SIZE; i++) key.bytes[i] = (uint8_t)(i * 7);
  size_t n = CACHE_ENTRY_HEADER_SIZE + sizeof meta - 1 + sizeof obj;
  uint8_t *entry = malloc(n);
  cache_entry_header(entry, &key, meta, sizeof meta - 1, obj, sizeof obj);
  memcpy(entry + CACHE_ENTRY_HEADER_SIZE, meta, sizeof meta - 1);
  memcpy(entry + CACHE_ENTRY_HEADER_SIZE + sizeof meta - 1, obj, sizeof obj);
  cr_expect_eq(memcmp(entry, "KRAITOBJ\1\0\0\0\x80\0\0\0", 16), 0);

  const char *m;
  const uint8_t *o;
  size_t nm, no;
  cr_assert(cache_entry_is_valid(entry, n, &key, &m, &nm, &o, &no));
  cr_expect(m == (const char *)entry + CACHE_ENTRY_HEADER_SIZE && nm == sizeof meta - 1);
  cr_expect(o == entry + CACHE_ENTRY_HEADER_SIZE + nm && no == sizeof obj);
  cr_expect(cache_entry_is_valid(entry, n, NULL, &m, &nm, &o, &no), "no key: any key");
  CacheKey other = key;
  other.bytes[31] ^= 1;
  cr_expect(!cache_entry_is_valid(entry, n, &other, &m, &nm, &o, &no));
  /* a flipped bit anywhere, a byte less or more */
  for (size_t i = 0; i < n; i++) {
    entry[i] ^= 0x10;
    cr_expect(!cache_entry_is_valid(entry, n, NULL, &m, &nm, &o, &no), "flipped byte %zu", i);
    entry[i] ^= 0x10;
  }
  cr_expect(!cache_entry_is_valid(entry, n - 1, NULL, &m, &nm, &o, &no));
  uint8_t *longer = calloc(n + 1, 1);
  memcpy(longer, entry, n);
  cr_expect(!cache_entry_is_valid(longer, n + 1, NULL, &m, &nm, &o, &no));
  free(longer);

  char out[16], tiny[4];
  cache_entry_field(meta, sizeof meta - 1, "signature", out, sizeof out);
  cr_expect_str_eq(out, "(int) -> int");
  cache_entry_field(meta, sizeof meta - 1, "signature", tiny, sizeof tiny);
  cr_expect_str_eq(tiny, "(in", "cut to fit");
  cache_entry_field(meta, sizeof meta - 1, "func", out, sizeof out);
  cr_expect_str_eq(out, "", "a prefix of a name is not the name");
  cache_entry_field(meta, 10, "file", out, sizeof out);
  cr_expect_str_eq(out, "", "only the first len bytes are read");
  free(entry);
}

Test(cache, named_portable_target) {
  char *v2 = edited("@jit\ndef sum_sq", "@jit(target=\"x86-64-v2\")\ndef sum_sq");
  cr_expect(!compile_fresh(v2, NULL, "sum_sq", 4, 42));
  cr_expect(compile_fresh(v2, NULL, "sum_sq", 4, 42), "a named target is cached too");
  cr_expect(!compile_base(), "the host's code is another entry");
  KraitCacheEntry *es;
  int n = entries(&es);
  cr_assert_eq(n, 2);
  int named = 0;
  for (int i = 0; i < n; i++) named += strcmp(es[i].cpu, "x86-64-v2") == 0 && strncmp(es[i].target, "x86-64-v2-", 10) == 0;
  cr_expect_eq(named, 1, "one entry in the x86-64-v2 directory");
  krait_free(es);
  free(v2);
  /* a target that does not exist is a compile error */
  char *bad = edited("@jit\ndef sum_sq", "@jit(target=\"pentium\")\ndef sum_sq");
  KraitRuntime *rt = krait_runtime_new(NULL);
  KraitModule *m = krait_compile(rt, "cached.py", bad, -1, NULL);
  KraitType t = KRAIT_INT;
  cr_expect_null(krait_lookup(m, "sum_sq", &t, 1));
  cr_expect(strstr(krait_module_diagnostics(m), "target='pentium' is not supported"), "%s",
            krait_module_diagnostics(m));
  krait_module_free(m);
  krait_runtime_free(rt);
  free(bad);
}
