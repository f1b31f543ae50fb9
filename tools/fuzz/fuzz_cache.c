/* fuzz_cache.c: libFuzzer target for the cache's readers (runtime/cache_entry.c, docs/cache.md,
 * and the host file of runtime/cache_host.c). The input is one byte of flags, then a file.
 * When that byte is 'H' the file is a host file: cache_host_parse must not read past it, and what
 * it accepts must be exactly the file `remember` would write for the values it found. Otherwise
 * it is an entry file. Random bytes rarely pass the checksum, so the flags can make the input a
 * well-framed entry first:
 *   bit 0  frame: the right magic, version and header size, the fuzzer's key, zero padding;
 *   bit 1  sizes: a metadata size (bytes 48..49, modulo what follows the header) and the object's
 *          size that add up to the file's;
 *   bit 2  seal: the right checksum over whatever the header and the rest now say.
 * With all three the entry must be valid, and the fields of its metadata are read as `krait cache
 * list` reads them. Every input is also written into a private cache directory, with its TARGET
 * file, and listed with krait_cache_entries, which must agree with cache_entry_is_valid. */
#define _GNU_SOURCE /* mkdtemp */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime/runtime.h"

enum {
  FRAME = 1,
  SIZES = 2,
  SEAL = 4,
  HOST = 'H', /* the whole flags byte */
  MAX_ENTRY = 1 << 16,
};

static char root[64];
static char entry_path[256], target_path[256];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st, (void)flag, (void)ftw;
  return remove(path);
}

static void remove_root(void) { nftw(root, remove_one, 8, FTW_DEPTH | FTW_PHYS); }

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  umask(077); /* the cache trusts only what nobody else may write */
  snprintf(root, sizeof root, "/tmp/krait-fuzz-cache-XXXXXX");
  if (!mkdtemp(root)) abort();
  atexit(remove_root);
  char dir[128];
  snprintf(dir, sizeof dir, "%s/x86-64-0123456789abcdef", root);
  if (mkdir(dir, 0700) != 0) abort();
  snprintf(entry_path, sizeof entry_path, "%s/%064d.kc", dir, 0);
  snprintf(target_path, sizeof target_path, "%s/TARGET", dir);
  return 0;
}

static void write_file(const char *path, const void *data, size_t size) {
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0) abort();
}

static void fail(const char *what) {
  fprintf(stderr, "fuzz_cache: %s\n", what);
  abort();
}

/* The fields `krait cache list` shows, into buffers of several sizes (a 1-byte one holds only
 * the terminator). */
static void read_fields(const char *meta, size_t n) {
  static const char *const names[] = {"function", "signature", "file", "symbol", "line", "params", "", " "};
  char small[1], medium[8], large[256];
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    cache_entry_field(meta, n, names[i], small, sizeof small);
    cache_entry_field(meta, n, names[i], medium, sizeof medium);
    cache_entry_field(meta, n, names[i], large, sizeof large);
    if (small[0] || strlen(medium) >= sizeof medium || strlen(large) >= sizeof large) fail("field not cut to fit");
  }
}

/* A host file of n bytes: parsed from an exact-size copy; accepted means well-formed. */
static void check_host_file(const uint8_t *data, size_t n) {
  char *text = malloc(n + 1);
  memcpy(text, data, n);
  text[n] = '\0';
  char *v[CACHE_HOST_FIELDS];
  if (cache_host_parse(text, n, v)) {
    static const char *const names[] = {"triple", "cpu", "features", "host-features", "layout"};
    char *again = malloc(n + 1);
    size_t len = (size_t)snprintf(again, n + 1, "krait host 1\n");
    for (int i = 0; i < CACHE_HOST_FIELDS; i++) {
      if (strchr(v[i], '\n')) fail("a host value holds a newline");
      if (len < n) len += (size_t)snprintf(again + len, n + 1 - len, "%s %s\n", names[i], v[i]);
    }
    if (!*v[0] || !*v[1] || !*v[4]) fail("a required host value is empty");
    if (len != n || memcmp(again, data, n) != 0) fail("an accepted host file is not the one its values make");
    free(again);
  }
  free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1 || size > MAX_ENTRY) return 0;
  int flags = data[0];
  if (flags == HOST) {
    check_host_file(data + 1, size - 1);
    return 0;
  }
  size_t n = size - 1;
  if ((flags & (FRAME | SIZES | SEAL)) && n < CACHE_ENTRY_HEADER_SIZE) n = CACHE_ENTRY_HEADER_SIZE;
  /* A copy of exactly the entry's size, so that a read past its end is caught. */
  uint8_t *entry = calloc(n ? n : 1, 1);
  memcpy(entry, data + 1, size - 1);
  CacheKey key = {{0}}; /* the entry's own, when it has one */
  if (n >= 16 + SHA256_SIZE) memcpy(key.bytes, entry + 16, SHA256_SIZE);
  uint8_t *body = entry + CACHE_ENTRY_HEADER_SIZE;
  size_t nbody = n >= CACHE_ENTRY_HEADER_SIZE ? n - CACHE_ENTRY_HEADER_SIZE : 0;

  if (flags & FRAME) {
    uint8_t header[CACHE_ENTRY_HEADER_SIZE];
    cache_entry_header(header, &key, "", 0, "", 0);
    memcpy(entry, header, 16); /* magic, version, header size; the key stays */
    memset(entry + 96, 0, CACHE_ENTRY_HEADER_SIZE - 96);
  }
  if (flags & SIZES) {
    size_t nmeta = (size_t)(entry[48] | entry[49] << 8) % (nbody + 1);
    if (nmeta > CACHE_ENTRY_MAX_META) nmeta = CACHE_ENTRY_MAX_META;
    for (int i = 0; i < 4; i++) entry[48 + i] = (uint8_t)(nmeta >> (8 * i));
    memset(entry + 52, 0, 4);
    for (int i = 0; i < 8; i++) entry[56 + i] = (uint8_t)((uint64_t)(nbody - nmeta) >> (8 * i));
  }
  if (flags & SEAL && n >= CACHE_ENTRY_HEADER_SIZE)
    cache_entry_checksum(entry, body, nbody, "", 0, entry + 64); /* metadata and object, one run */

  const char *meta;
  const uint8_t *obj;
  size_t meta_size, obj_size;
  bool valid = cache_entry_is_valid(entry, n, NULL, &meta, &meta_size, &obj, &obj_size);
  bool valid_for_key = cache_entry_is_valid(entry, n, &key, &meta, &meta_size, &obj, &obj_size);
  if ((flags & (FRAME | SIZES | SEAL)) == (FRAME | SIZES | SEAL) && !valid_for_key)
    fail("a framed, sized and sealed entry was refused");
  if (valid != valid_for_key) fail("the entry's own key made a difference");
  if (valid) {
    if ((const uint8_t *)meta != body || obj != body + meta_size || meta_size + obj_size != nbody)
      fail("metadata and object are not where the sizes put them");
    read_fields(meta, meta_size);
    CacheKey other = key;
    other.bytes[flags % SHA256_SIZE] ^= 1;
    if (cache_entry_is_valid(entry, n, &other, &meta, &meta_size, &obj, &obj_size)) fail("another key was accepted");
  }

  /* As `krait cache list` sees it: the entry, and the input's bytes as the TARGET file too. */
  write_file(entry_path, entry, n);
  write_file(target_path, data + 1, size - 1);
  KraitCacheEntry *items = NULL;
  int count = krait_cache_entries(root, &items);
  if (count != 1) fail("the listing did not find the one entry");
  if (items[0].valid != valid) fail("the listing and cache_entry_is_valid disagree");
  if (!memchr(items[0].function, '\0', sizeof items[0].function) || !memchr(items[0].cpu, '\0', sizeof items[0].cpu))
    fail("a listed field is not terminated");
  krait_free(items);
  free(entry);
  return 0;
}
