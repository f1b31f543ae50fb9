/* cache_host.c: the host target without LLVM. What LLVM says about this machine (triple, CPU name,
 * features, data layout, and the CPU's own features for checking named targets) takes loading
 * libLLVM to learn, 10 to 20 ms; it is remembered in the cache root, in a file named after the
 * CPU's identity, so that a process whose code is all cached never loads LLVM.
 *
 * The identity is a SHA-256 of everything LLVM's host detection reads on x86-64: subleaf 0 of
 * every CPUID leaf and subleaf 1 of leaves 7 and 0xD (but the per-core APIC and topology ids),
 * the register state the OS enables (XGETBV), plus KRAIT_CPU, KRAIT_CPU_FEATURES, the LLVM
 * version and the krait build. Another CPU, override or build gives another file; the file is
 * checked like a cache entry (ours, writable by nobody else, well-formed: cache_host_parse) and
 * anything wrong with it means asking LLVM again. */
#define _GNU_SOURCE /* O_NOFOLLOW, O_CLOEXEC */
#include "runtime.h"

#include <llvm/Config/llvm-config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__x86_64__)
#include <cpuid.h>

static void hash_u32s(Sha256 *s, const uint32_t *v, size_t n) { sha256_update(s, v, n * sizeof *v); }

static void hash_cpu_identity(Sha256 *s) {
  uint32_t r[6], max = 0, max_ext = 0;
  if (!__get_cpuid_max(0, NULL)) return;
  __cpuid_count(0, 0, r[2], r[3], r[4], r[5]);
  max = r[2] < 0x40 ? r[2] : 0x40;
  for (uint32_t leaf = 0; leaf <= max; leaf++) {
    if (leaf == 0x0b || leaf == 0x1f) continue; /* x2APIC topology: this core's id */
    /* Subleaf 0 of every leaf, and subleaf 1 of the two whose subleaf 1 holds features LLVM
     * reads (7: AVX-VNNI, AVX512-BF16, ...; 0xD: XSAVEOPT, XSAVEC, XSAVES). Each CPUID exits to
     * the hypervisor in a VM (about 1.5 us here): every leaf's every subleaf cost 0.15 ms. */
    uint32_t nsub = leaf == 7 || leaf == 0x0d ? 2 : 1;
    for (uint32_t sub = 0; sub < nsub; sub++) {
      r[0] = leaf, r[1] = sub;
      __cpuid_count(leaf, sub, r[2], r[3], r[4], r[5]);
      if (leaf == 1) r[3] &= 0x00ffffffu; /* EBX[31:24]: this core's initial APIC id */
      hash_u32s(s, r, 6);
    }
  }
  __cpuid_count(0x80000000u, 0, r[2], r[3], r[4], r[5]);
  max_ext = r[2] < 0x80000040u ? r[2] : 0x80000040u;
  for (uint32_t leaf = 0x80000000u; leaf <= max_ext; leaf++) {
    if (leaf == 0x8000001eu) continue; /* AMD: this core's extended APIC, core and node ids */
    r[0] = leaf, r[1] = 0;
    __cpuid_count(leaf, 0, r[2], r[3], r[4], r[5]);
    hash_u32s(s, r, 6);
  }
  uint32_t a, b, c, d;
  __cpuid_count(1, 0, a, b, c, d);
  if (c & (1u << 27)) { /* OSXSAVE: which register state the OS saves (AVX, AVX-512) */
    uint32_t lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    uint32_t xcr0[2] = {lo, hi};
    hash_u32s(s, xcr0, 2);
  }
}
#else
/* Elsewhere there is no cheap identity: a name no file has, so LLVM is always asked. */
static void hash_cpu_identity(Sha256 *s) {
  uint64_t t = (uint64_t)getpid() ^ (uint64_t)(uintptr_t)s;
  sha256_update(s, &t, sizeof t);
}
#endif

static void hash_text(Sha256 *s, const char *name, const char *value) {
  sha256_update(s, name, strlen(name) + 1);
  sha256_update(s, value ? "=" : "-", 1); /* unset differs from empty */
  if (value) sha256_update(s, value, strlen(value) + 1);
}

static char *host_file_path(const RuntimeCache *c) {
  Sha256 s;
  sha256_init(&s);
  hash_cpu_identity(&s);
  hash_text(&s, "KRAIT_CPU", getenv("KRAIT_CPU"));
  hash_text(&s, "KRAIT_CPU_FEATURES", getenv("KRAIT_CPU_FEATURES"));
  hash_text(&s, "llvm", LLVM_VERSION_STRING);
  hash_text(&s, "krait", KRAIT_VERSION);
  hash_text(&s, "build", c->build);
  uint8_t h[SHA256_SIZE];
  sha256_final(&s, h);
  char hex[33];
  hash_hex(h, 16, hex);
  StrBuf b = {0};
  strbuf_printf(&b, "%s/host-%s", c->root, hex);
  return strbuf_take(&b);
}

enum { MAX_HOST_FILE = 1 << 16 };
static const char host_magic[] = "krait host 1\n";
static const char *const host_fields[] = {"triple", "cpu", "features", "host-features", "layout"};
_Static_assert(sizeof host_fields / sizeof host_fields[0] == CACHE_HOST_FIELDS, "one value per field");
enum { NFIELDS = CACHE_HOST_FIELDS };

/* The file's text if it may be trusted, NUL-terminated (kr_alloc'd), or NULL; *size its length. */
static char *read_host_file(RuntimeCache *c, const char *path, size_t *size) {
  int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return NULL;
  struct stat st;
  char *text = NULL;
  if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 && st.st_size < MAX_HOST_FILE) {
    const char *why = cache_untrusted_reason(&st);
    if (why) {
      cache_warn_once(c, path, why);
    } else {
      text = kr_alloc((size_t)st.st_size + 1);
      ssize_t n;
      do n = read(fd, text, (size_t)st.st_size);
      while (n < 0 && errno == EINTR);
      if (n != st.st_size) {
        kr_free(text);
        text = NULL;
      } else {
        text[n] = '\0';
        *size = (size_t)n;
      }
    }
  }
  close(fd);
  return text;
}

bool cache_host_parse(char *text, size_t size, char *values[CACHE_HOST_FIELDS]) {
  if (strlen(text) != size) return false; /* a NUL inside */
  if (strncmp(text, host_magic, sizeof host_magic - 1) != 0) return false;
  char *p = text + sizeof host_magic - 1;
  for (int i = 0; i < NFIELDS; i++) {
    size_t n = strlen(host_fields[i]);
    char *end = strchr(p, '\n');
    if (!end || strncmp(p, host_fields[i], n) != 0 || p[n] != ' ') return false;
    *end = '\0';
    values[i] = p + n + 1;
    p = end + 1;
  }
  /* Only features may be empty (a KRAIT_CPU without KRAIT_CPU_FEATURES). */
  return *p == '\0' && *values[0] && *values[1] && *values[4];
}

static bool remembered(RuntimeCache *c, const char *path, Target *t, char **host_features) {
  if (!c->root || !cache_is_trusted_dir(c, c->root)) return false;
  size_t size = 0;
  char *text = read_host_file(c, path, &size);
  char *v[NFIELDS];
  bool ok = text && cache_host_parse(text, size, v);
  if (ok) {
    *t = (Target){kr_strdup(v[0]), kr_strdup(v[1]), kr_strdup(v[2]), kr_strdup(v[4])};
    *host_features = kr_strdup(v[3]);
  }
  kr_free(text);
  return ok;
}

static void remember(RuntimeCache *c, const char *path, const Target *t, const char *host_features) {
  if (!c->root || !cache_make_dirs(c->root) || !cache_is_trusted_dir(c, c->root)) return;
  StrBuf b = {0};
  strbuf_printf(&b, "%striple %s\ncpu %s\nfeatures %s\nhost-features %s\nlayout %s\n", host_magic, t->triple, t->cpu,
                t->features ? t->features : "", host_features, t->data_layout);
  /* A value with a newline could not be read back: do not write it. */
  size_t lines = 0;
  for (size_t i = 0; i < b.len; i++) lines += b.data[i] == '\n';
  const void *parts[] = {b.data};
  size_t sizes[] = {b.len};
  if (lines == 1 + NFIELDS) cache_write_atomically(path, parts, sizes, 1);
  strbuf_free(&b);
}

bool cache_host_target(KraitRuntime *rt, DiagList *d) {
  RuntimeCache *c = &rt->cache;
  char *path = c->root ? host_file_path(c) : NULL;
  bool ok = path && remembered(c, path, &rt->target, &rt->host_features);
  if (!ok) {
    ok = target_init_host(&rt->target, d) && (rt->host_features = target_host_features(d)) != NULL;
    if (ok && path) remember(c, path, &rt->target, rt->host_features);
  }
  kr_free(path);
  return ok;
}
