/* cache_entry.c: the format of one disk cache entry (docs/cache.md): its header, its checksum, the
 * checks its bytes pass before the object in it is linked, and the `name value` lines of its
 * metadata. Only bytes in memory here: cache.c reads, trusts and writes the files, and
 * tools/fuzz/fuzz_cache.c feeds these functions anything. */
#include "runtime.h"

#include <string.h>

/* An entry file: a fixed header (integers little-endian), then the metadata text, then the object.
 *   0  magic "KRAITOBJ"         8   u32 format version        12  u32 header size (128)
 *   16 key (32 bytes)           48  u32 metadata size         52  u32 0
 *   56 u64 object size          64  SHA-256 of bytes 0..64, metadata and object  96  zeros
 * Every byte of the file is checked: a flipped bit anywhere makes the entry invalid. */
static const char entry_magic[8] = {'K', 'R', 'A', 'I', 'T', 'O', 'B', 'J'};

/* ---- little-endian fields ---- */

static void put_u32(uint8_t *p, uint32_t v) {
  for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}
static void put_u64(uint8_t *p, uint64_t v) {
  for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i));
}
static uint32_t get_u32(const uint8_t *p) {
  uint32_t v = 0;
  for (int i = 0; i < 4; i++) v |= (uint32_t)p[i] << (8 * i);
  return v;
}
static uint64_t get_u64(const uint8_t *p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; i++) v |= (uint64_t)p[i] << (8 * i);
  return v;
}

/* ---- the header and its checksum ---- */

void cache_entry_checksum(const uint8_t *header, const void *meta, size_t meta_size, const void *obj,
                          size_t obj_size, uint8_t out[SHA256_SIZE]) {
  Sha256 s;
  sha256_init(&s);
  sha256_update(&s, header, 64);
  sha256_update(&s, meta, meta_size);
  sha256_update(&s, obj, obj_size);
  sha256_final(&s, out);
}

void cache_entry_header(uint8_t header[CACHE_ENTRY_HEADER_SIZE], const CacheKey *key, const void *meta,
                        size_t meta_size, const void *obj, size_t obj_size) {
  memset(header, 0, CACHE_ENTRY_HEADER_SIZE);
  memcpy(header, entry_magic, sizeof entry_magic);
  put_u32(header + 8, CACHE_ENTRY_FORMAT);
  put_u32(header + 12, CACHE_ENTRY_HEADER_SIZE);
  memcpy(header + 16, key->bytes, SHA256_SIZE);
  put_u32(header + 48, (uint32_t)meta_size);
  put_u64(header + 56, obj_size);
  cache_entry_checksum(header, meta, meta_size, obj, obj_size, header + 64);
}

/* ---- checking an entry ---- */

bool cache_entry_is_valid(const uint8_t *data, size_t size, const CacheKey *key, const char **meta,
                          size_t *meta_size, const uint8_t **obj, size_t *obj_size) {
  if (size < CACHE_ENTRY_HEADER_SIZE || memcmp(data, entry_magic, sizeof entry_magic) != 0) return false;
  if (get_u32(data + 8) != CACHE_ENTRY_FORMAT || get_u32(data + 12) != CACHE_ENTRY_HEADER_SIZE) return false;
  if (key && memcmp(data + 16, key->bytes, SHA256_SIZE) != 0) return false;
  /* in 64 bits, so that the sum below cannot wrap */
  uint64_t nmeta = get_u32(data + 48), nobj = get_u64(data + 56);
  if (nmeta > CACHE_ENTRY_MAX_META || nobj > CACHE_ENTRY_MAX_OBJECT ||
      CACHE_ENTRY_HEADER_SIZE + nmeta + nobj != size)
    return false;
  for (int i = 96; i < CACHE_ENTRY_HEADER_SIZE; i++) /* the only bytes the checksum does not cover */
    if (data[i]) return false;
  uint8_t sum[SHA256_SIZE];
  const uint8_t *body = data + CACHE_ENTRY_HEADER_SIZE;
  cache_entry_checksum(data, body, (size_t)nmeta, body + nmeta, (size_t)nobj, sum);
  if (memcmp(sum, data + 64, SHA256_SIZE) != 0) return false;
  *meta = (const char *)body;
  *meta_size = (size_t)nmeta;
  *obj = body + nmeta;
  *obj_size = (size_t)nobj;
  return true;
}

/* ---- the metadata ---- */

void cache_entry_field(const char *text, size_t len, const char *name, char *out, size_t size) {
  out[0] = '\0';
  size_t n = strlen(name);
  for (const char *p = text, *end = text + len; p < end;) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    if (!nl) nl = end;
    if ((size_t)(nl - p) > n && memcmp(p, name, n) == 0 && p[n] == ' ') {
      size_t v = (size_t)(nl - p) - n - 1;
      if (v >= size) v = size - 1;
      memcpy(out, p + n + 1, v);
      out[v] = '\0';
      return;
    }
    p = nl + 1;
  }
}
