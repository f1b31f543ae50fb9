/* link.c: the in-process linker: ELF64 x86-64 relocatable objects into executable memory.
 *
 * The backend compiles with the small code model and PIC (backend/target.c), so an object's own
 * references are PC-relative (R_X86_64_PC32, PLT32), calls to C functions are PLT32 and data
 * outside it is reached through the GOT (GOTPCREL, GOTPCRELX, REX_GOTPCRELX). One object is laid
 * out in one mapping: its code and a stub per external function ("jmp *addr(%rip)", since libm may
 * be more than 2 GiB away), then its read-only data and GOT, then its writable data, each part on
 * pages of its own so that code is never writable and data never executable.
 *
 * The input is treated as untrusted: every offset, size and index is checked before use, and
 * anything unexpected is a diagnostic, never a crash (tools/fuzz/fuzz_link.c). */
#define _GNU_SOURCE /* RTLD_DEFAULT */
#include "link.h"

#include <dlfcn.h>
#include <elf.h>
#include <math.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* C23 / TS 18661 functions that -std=c17 headers do not declare, and the compiler-rt (libgcc)
 * 128-bit division helpers that i128 urem/srem lower to (pow(a, b, m)). Only their addresses
 * are taken here. */
double roundeven(double);
float roundevenf(float);
void __divti3(void);
void __modti3(void);
void __udivti3(void);
void __umodti3(void);

typedef void (*AnyFn)(void);
#define FN_ADDR(f) ((void *)(uintptr_t)(AnyFn)(f))

/* The C functions emitted code may call by name (backend/emit_math.c, emit_arith.c, and the
 * libcalls LLVM lowers intrinsics and i128 division to): by address, because the process may
 * not export them (libkrait.so loaded with RTLD_LOCAL, a static libm). */
static const LinkSymbol libm_symbols[] = {
#define S(f) {#f, FN_ADDR(f)}
    S(sqrt),     S(exp),        S(log),     S(log2),     S(log10),  S(log1p),   S(expm1),    S(sin),
    S(cos),      S(tan),        S(asin),    S(acos),     S(atan),   S(sinh),    S(cosh),     S(tanh),
    S(asinh),    S(acosh),      S(atanh),   S(atan2),    S(floor),  S(ceil),    S(trunc),    S(fabs),
    S(hypot),    S(copysign),   S(fmod),    S(erf),      S(erfc),   S(tgamma),  S(lgamma),   S(roundeven),
    S(pow),      S(sqrtf),      S(floorf),  S(ceilf),    S(truncf), S(fabsf),   S(copysignf), S(fmodf),
    S(roundevenf), S(powf),     S(__divti3), S(__modti3), S(__udivti3), S(__umodti3), S(memcpy), S(memmove),
    S(memset),
#undef S
};

typedef struct LinkedSymbol {
  char *name;
  void *address;
} LinkedSymbol;

typedef struct Object {
  uint64_t handle;
  int refs;
  void *base; /* the mapping */
  size_t size;
  LinkedSymbol *symbols; /* the object's global definitions */
  int nsymbols;
} Object;

struct Linker {
  const LinkSymbol *given;
  int ngiven;
  Object *objects;
  int nobjects, cap;
  uint64_t next_handle;
};

Linker *linker_new(const LinkSymbol *symbols, int nsymbols) {
  Linker *l = kr_alloc(sizeof *l);
  l->given = symbols;
  l->ngiven = nsymbols;
  l->next_handle = 1;
  return l;
}

static void object_free(Object *o) {
  if (o->base) munmap(o->base, o->size);
  for (int i = 0; i < o->nsymbols; i++) kr_free(o->symbols[i].name);
  kr_free(o->symbols);
}

void linker_free(Linker *l) {
  if (!l) return;
  for (int i = 0; i < l->nobjects; i++) object_free(&l->objects[i]);
  kr_free(l->objects);
  kr_free(l);
}

static Object *find_object(Linker *l, uint64_t handle) {
  for (int i = 0; i < l->nobjects; i++)
    if (l->objects[i].handle == handle) return &l->objects[i];
  return NULL;
}

bool linker_retain(Linker *l, uint64_t handle) {
  Object *o = find_object(l, handle);
  if (o) o->refs++;
  return o != NULL;
}

void linker_remove(Linker *l, uint64_t handle) {
  Object *o = find_object(l, handle);
  if (!o || --o->refs > 0) return;
  object_free(o);
  *o = l->objects[--l->nobjects];
}

void *linker_lookup(Linker *l, uint64_t handle, const char *symbol) {
  Object *o = find_object(l, handle);
  for (int i = 0; o && i < o->nsymbols; i++)
    if (strcmp(o->symbols[i].name, symbol) == 0) return o->symbols[i].address;
  return NULL;
}

/* ---- reading the object ---- */

/* Where each loaded section goes: one of three parts of the mapping. */
enum { PART_TEXT, PART_RODATA, PART_DATA, NPARTS };
enum { STUB_SIZE = 16, GOT_SLOT = 8, MAX_ALIGN = 4096, MAX_LINKED = 1 << 28 };

typedef struct Job {
  const uint8_t *data;
  size_t size;
  DiagList *d;
  Linker *l;
  int nsections;
  Elf64_Shdr *sections;  /* copies: obj may not be aligned */
  int *part;             /* per section: its part, or -1 when it is not loaded */
  uint64_t *offset;      /* per section: its offset in its part */
  const char *strtab;    /* the symbol names */
  uint64_t strtab_size;
  int symtab;            /* the SHT_SYMTAB section */
  Elf64_Sym *syms;
  uint64_t nsyms;
  uint64_t *address;     /* per symbol: where it is, once resolved */
  int64_t *stub, *got;   /* per symbol: its stub / GOT slot index, or -1 */
  uint64_t nstubs, ngot;
  uint64_t part_size[NPARTS], part_start[NPARTS];
  uint8_t *base;
  size_t map_size;
} Job;

static bool bad(Job *j, const char *fmt, const char *arg) {
  return diag_error(j->d, NULL, (Span){-1, -1}, "internal error: cannot link the object code: %s%s", fmt, arg ? arg : "");
}

static bool in_file(const Job *j, uint64_t off, uint64_t len) { return off <= j->size && len <= j->size - off; }

static bool read_header(Job *j, Elf64_Ehdr *h) {
  if (j->size < sizeof *h) return bad(j, "too short for an ELF header", NULL);
  memcpy(h, j->data, sizeof *h);
  if (memcmp(h->e_ident, ELFMAG, SELFMAG) != 0) return bad(j, "not an ELF file", NULL);
  if (h->e_ident[EI_CLASS] != ELFCLASS64 || h->e_ident[EI_DATA] != ELFDATA2LSB || h->e_type != ET_REL ||
      h->e_machine != EM_X86_64)
    return bad(j, "not an x86-64 ELF64 relocatable object", NULL);
  if (h->e_shentsize != sizeof(Elf64_Shdr) || h->e_shnum == 0 || h->e_shnum >= SHN_LORESERVE ||
      !in_file(j, h->e_shoff, (uint64_t)h->e_shnum * sizeof(Elf64_Shdr)))
    return bad(j, "bad section header table", NULL);
  j->nsections = h->e_shnum;
  j->sections = kr_alloc(sizeof(Elf64_Shdr) * (size_t)j->nsections);
  memcpy(j->sections, j->data + h->e_shoff, sizeof(Elf64_Shdr) * (size_t)j->nsections);
  for (int i = 0; i < j->nsections; i++) {
    const Elf64_Shdr *s = &j->sections[i];
    if (s->sh_type != SHT_NOBITS && s->sh_type != SHT_NULL && !in_file(j, s->sh_offset, s->sh_size))
      return bad(j, "a section lies outside the file", NULL);
  }
  return true;
}

/* Decides which sections are loaded, and where in their part. */
static bool lay_out_sections(Job *j) {
  j->part = kr_alloc(sizeof(int) * (size_t)j->nsections);
  j->offset = kr_alloc(sizeof(uint64_t) * (size_t)j->nsections);
  for (int i = 0; i < j->nsections; i++) {
    const Elf64_Shdr *s = &j->sections[i];
    j->part[i] = -1;
    /* Unwind tables are not needed (compiled code never unwinds: errors return status codes). */
    if (!(s->sh_flags & SHF_ALLOC) || s->sh_type == SHT_X86_64_UNWIND) continue;
    if (s->sh_type != SHT_PROGBITS && s->sh_type != SHT_NOBITS) return bad(j, "unsupported section type", NULL);
    if (s->sh_flags & SHF_TLS) return bad(j, "thread-local data is not supported", NULL);
    uint64_t align = s->sh_addralign ? s->sh_addralign : 1;
    if (align & (align - 1) || align > MAX_ALIGN) return bad(j, "bad section alignment", NULL);
    if (s->sh_size > MAX_LINKED) return bad(j, "a section is too large", NULL);
    int p = (s->sh_flags & SHF_EXECINSTR) ? PART_TEXT : (s->sh_flags & SHF_WRITE) ? PART_DATA : PART_RODATA;
    j->part[i] = p;
    j->offset[i] = (j->part_size[p] + align - 1) & ~(align - 1);
    j->part_size[p] = j->offset[i] + s->sh_size;
    if (j->part_size[p] > MAX_LINKED) return bad(j, "the object is too large", NULL);
  }
  return true;
}

static bool read_symbols(Job *j) {
  j->symtab = -1;
  for (int i = 0; i < j->nsections; i++) {
    if (j->sections[i].sh_type != SHT_SYMTAB) continue;
    if (j->symtab >= 0) return bad(j, "more than one symbol table", NULL);
    j->symtab = i;
  }
  if (j->symtab < 0) return bad(j, "no symbol table", NULL);
  const Elf64_Shdr *st = &j->sections[j->symtab];
  if (st->sh_entsize != sizeof(Elf64_Sym) || st->sh_link >= (uint32_t)j->nsections ||
      j->sections[st->sh_link].sh_type != SHT_STRTAB)
    return bad(j, "bad symbol table", NULL);
  const Elf64_Shdr *names = &j->sections[st->sh_link];
  j->strtab = (const char *)j->data + names->sh_offset;
  j->strtab_size = names->sh_size;
  j->nsyms = st->sh_size / sizeof(Elf64_Sym);
  if (j->nsyms > MAX_LINKED / sizeof(Elf64_Sym)) return bad(j, "too many symbols", NULL);
  j->syms = kr_alloc(sizeof(Elf64_Sym) * (j->nsyms + 1));
  memcpy(j->syms, j->data + st->sh_offset, sizeof(Elf64_Sym) * j->nsyms);
  j->address = kr_alloc(sizeof(uint64_t) * (j->nsyms + 1));
  j->stub = kr_alloc(sizeof(int64_t) * (j->nsyms + 1));
  j->got = kr_alloc(sizeof(int64_t) * (j->nsyms + 1));
  for (uint64_t i = 0; i < j->nsyms; i++) j->stub[i] = j->got[i] = -1;
  return true;
}

/* A symbol's name, or NULL when it does not lie, NUL-terminated, inside the string table. */
static const char *symbol_name(const Job *j, const Elf64_Sym *s) {
  if (s->st_name >= j->strtab_size) return NULL;
  const char *p = j->strtab + s->st_name;
  return memchr(p, '\0', j->strtab_size - s->st_name) ? p : NULL;
}

/* Calls each relocation of a loaded section with its target section. */
typedef bool (*RelocFn)(Job *j, int target, const Elf64_Rela *r);

static bool each_relocation(Job *j, RelocFn fn) {
  for (int i = 0; i < j->nsections; i++) {
    const Elf64_Shdr *s = &j->sections[i];
    if (s->sh_type == SHT_REL) return bad(j, "REL relocations are not supported", NULL);
    if (s->sh_type != SHT_RELA) continue;
    if (s->sh_info >= (uint32_t)j->nsections) return bad(j, "a relocation section has no target", NULL);
    int target = (int)s->sh_info;
    if (j->part[target] < 0) continue; /* relocates something not loaded (unwind tables) */
    if (s->sh_entsize != sizeof(Elf64_Rela) || s->sh_link != (uint32_t)j->symtab)
      return bad(j, "bad relocation section", NULL);
    for (uint64_t k = 0; k < s->sh_size / sizeof(Elf64_Rela); k++) {
      Elf64_Rela r;
      memcpy(&r, j->data + s->sh_offset + k * sizeof r, sizeof r);
      if (ELF64_R_SYM(r.r_info) >= j->nsyms) return bad(j, "a relocation names no symbol", NULL);
      if (!fn(j, target, &r)) return false;
    }
  }
  return true;
}

static bool is_external(const Job *j, uint64_t sym) { return j->syms[sym].st_shndx == SHN_UNDEF; }

/* First pass: which symbols need a stub (calls to functions outside the object) or a GOT slot. */
static bool count_indirections(Job *j, int target, const Elf64_Rela *r) {
  uint64_t sym = ELF64_R_SYM(r->r_info);
  switch (ELF64_R_TYPE(r->r_info)) {
  case R_X86_64_PLT32:
    if (is_external(j, sym) && j->stub[sym] < 0) j->stub[sym] = (int64_t)j->nstubs++;
    break;
  case R_X86_64_GOTPCREL:
  case R_X86_64_GOTPCRELX:
  case R_X86_64_REX_GOTPCRELX:
    if (j->got[sym] < 0) j->got[sym] = (int64_t)j->ngot++;
    break;
  }
  return true;
}

static void *resolve_external(const Linker *l, const char *name) {
  for (int i = 0; i < l->ngiven; i++)
    if (strcmp(l->given[i].name, name) == 0) return l->given[i].address;
  for (size_t i = 0; i < sizeof libm_symbols / sizeof libm_symbols[0]; i++)
    if (strcmp(libm_symbols[i].name, name) == 0) return libm_symbols[i].address;
  return dlsym(RTLD_DEFAULT, name);
}

static bool resolve_symbols(Job *j) {
  for (uint64_t i = 1; i < j->nsyms; i++) {
    const Elf64_Sym *s = &j->syms[i];
    int type = ELF64_ST_TYPE(s->st_info);
    if (type == STT_TLS || type == STT_GNU_IFUNC) return bad(j, "unsupported symbol type", NULL);
    if (s->st_shndx == SHN_UNDEF) {
      const char *name = symbol_name(j, s);
      if (!name || !*name) return bad(j, "an external symbol has no name", NULL);
      void *p = resolve_external(j->l, name);
      if (!p && ELF64_ST_BIND(s->st_info) != STB_WEAK) return bad(j, "undefined symbol ", name);
      j->address[i] = (uint64_t)(uintptr_t)p;
    } else if (s->st_shndx == SHN_ABS) {
      j->address[i] = s->st_value;
    } else if (s->st_shndx < j->nsections && j->part[s->st_shndx] >= 0) {
      if (s->st_value > j->sections[s->st_shndx].sh_size) return bad(j, "a symbol lies outside its section", NULL);
      int p = j->part[s->st_shndx];
      j->address[i] = (uint64_t)(uintptr_t)j->base + j->part_start[p] + j->offset[s->st_shndx] + s->st_value;
    } else if (s->st_shndx >= SHN_LORESERVE) {
      return bad(j, "unsupported symbol section (common or extended)", NULL);
    } /* else: defined in a section that is not loaded; a relocation against it is refused */
  }
  return true;
}

static bool fits_i32(int64_t v) { return v >= INT32_MIN && v <= INT32_MAX; }

static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }

/* Second pass: patches one place. P is the place, S the symbol (or its stub), A the addend. */
static bool apply_relocation(Job *j, int target, const Elf64_Rela *r) {
  uint64_t sym = ELF64_R_SYM(r->r_info);
  uint32_t type = (uint32_t)ELF64_R_TYPE(r->r_info);
  const Elf64_Shdr *ts = &j->sections[target];
  if (type == R_X86_64_NONE) return true;
  uint64_t width = type == R_X86_64_64 || type == R_X86_64_PC64 ? 8 : 4;
  if (ts->sh_type == SHT_NOBITS || r->r_offset > ts->sh_size || width > ts->sh_size - r->r_offset)
    return bad(j, "a relocation lies outside its section", NULL);
  if (sym != 0 && !j->address[sym] && !(is_external(j, sym) && ELF64_ST_BIND(j->syms[sym].st_info) == STB_WEAK))
    return bad(j, "a relocation refers to a section that is not loaded", NULL);
  uint8_t *place = j->base + j->part_start[j->part[target]] + j->offset[target] + r->r_offset;
  uint64_t P = (uint64_t)(uintptr_t)place, S = j->address[sym], A = (uint64_t)r->r_addend;
  int64_t v;
  switch (type) {
  case R_X86_64_64:
    put64(place, S + A);
    return true;
  case R_X86_64_PC64:
    put64(place, S + A - P);
    return true;
  case R_X86_64_PLT32:
  case R_X86_64_PC32:
    if (type == R_X86_64_PLT32 && j->stub[sym] >= 0)
      S = (uint64_t)(uintptr_t)j->base + j->part_start[PART_TEXT] + j->part_size[PART_TEXT] -
          (j->nstubs - (uint64_t)j->stub[sym]) * STUB_SIZE;
    v = (int64_t)(S + A - P);
    break;
  case R_X86_64_GOTPCREL:
  case R_X86_64_GOTPCRELX:
  case R_X86_64_REX_GOTPCRELX: {
    uint64_t slot = (uint64_t)(uintptr_t)j->base + j->part_start[PART_RODATA] + j->part_size[PART_RODATA] -
                    (j->ngot - (uint64_t)j->got[sym]) * GOT_SLOT;
    v = (int64_t)(slot + A - P);
    break;
  }
  case R_X86_64_32:
    if (S + A > UINT32_MAX) return bad(j, "a 32-bit absolute address is out of range", NULL);
    put32(place, (uint32_t)(S + A));
    return true;
  case R_X86_64_32S:
    v = (int64_t)(S + A);
    break;
  default:
    return bad(j, "unsupported relocation type", NULL);
  }
  if (!fits_i32(v)) return bad(j, "a 32-bit displacement is out of range", NULL);
  put32(place, (uint32_t)(int32_t)v);
  return true;
}

/* Stubs at the end of the text part, GOT slots at the end of the read-only part. */
static void write_indirections(Job *j) {
  uint8_t *stubs = j->base + j->part_start[PART_TEXT] + j->part_size[PART_TEXT] - j->nstubs * STUB_SIZE;
  uint8_t *got = j->base + j->part_start[PART_RODATA] + j->part_size[PART_RODATA] - j->ngot * GOT_SLOT;
  for (uint64_t i = 0; i < j->nsyms; i++) {
    if (j->stub[i] >= 0) {
      /* jmp *2(%rip); ud2; .quad address */
      static const uint8_t code[8] = {0xff, 0x25, 0x02, 0x00, 0x00, 0x00, 0x0f, 0x0b};
      uint8_t *p = stubs + (uint64_t)j->stub[i] * STUB_SIZE;
      memcpy(p, code, sizeof code);
      put64(p + 8, j->address[i]);
    }
    if (j->got[i] >= 0) put64(got + (uint64_t)j->got[i] * GOT_SLOT, j->address[i]);
  }
}

static bool map_parts(Job *j) {
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  /* Room for the stubs and GOT slots, after the sections of their part. */
  j->part_size[PART_TEXT] = ((j->part_size[PART_TEXT] + STUB_SIZE - 1) & ~(uint64_t)(STUB_SIZE - 1)) +
                            j->nstubs * STUB_SIZE;
  j->part_size[PART_RODATA] = ((j->part_size[PART_RODATA] + GOT_SLOT - 1) & ~(uint64_t)(GOT_SLOT - 1)) +
                              j->ngot * GOT_SLOT;
  if (j->part_size[PART_TEXT] == 0) return bad(j, "the object has no code", NULL);
  uint64_t total = 0;
  for (int p = 0; p < NPARTS; p++) {
    j->part_start[p] = total;
    total += (j->part_size[p] + page - 1) & ~(uint64_t)(page - 1);
  }
  if (total > MAX_LINKED) return bad(j, "the object is too large", NULL);
  void *m = mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (m == MAP_FAILED) return bad(j, "out of memory", NULL);
  j->base = m;
  j->map_size = total;
  for (int i = 0; i < j->nsections; i++) {
    const Elf64_Shdr *s = &j->sections[i];
    if (j->part[i] >= 0 && s->sh_type == SHT_PROGBITS)
      memcpy(j->base + j->part_start[j->part[i]] + j->offset[i], j->data + s->sh_offset, s->sh_size);
  }
  return true;
}

static bool protect_parts(Job *j) {
  static const int prot[NPARTS] = {PROT_READ | PROT_EXEC, PROT_READ, PROT_READ | PROT_WRITE};
  for (int p = 0; p < NPARTS; p++) {
    uint64_t end = p + 1 < NPARTS ? j->part_start[p + 1] : j->map_size;
    if (end > j->part_start[p] && mprotect(j->base + j->part_start[p], end - j->part_start[p], prot[p]) != 0)
      return bad(j, "cannot protect the code", NULL);
  }
  return true;
}

static void collect_globals(Job *j, Object *o) {
  for (uint64_t i = 1; i < j->nsyms; i++) {
    const Elf64_Sym *s = &j->syms[i];
    int bind = ELF64_ST_BIND(s->st_info);
    const char *name = symbol_name(j, s);
    if ((bind != STB_GLOBAL && bind != STB_WEAK) || is_external(j, i) || !j->address[i] || !name || !*name)
      continue;
    o->symbols = kr_realloc(o->symbols, sizeof(LinkedSymbol) * (size_t)(o->nsymbols + 1));
    o->symbols[o->nsymbols++] = (LinkedSymbol){kr_strdup(name), (void *)(uintptr_t)j->address[i]};
  }
}

uint64_t linker_add(Linker *l, const void *obj, size_t size, DiagList *d) {
  Job j = {.data = obj, .size = size, .d = d, .l = l};
  Elf64_Ehdr header;
  bool ok = read_header(&j, &header) && lay_out_sections(&j) && read_symbols(&j) &&
            each_relocation(&j, count_indirections) && map_parts(&j) && resolve_symbols(&j) &&
            each_relocation(&j, apply_relocation);
  if (ok) write_indirections(&j);
  ok = ok && protect_parts(&j);
  uint64_t handle = 0;
  if (ok) {
    if (l->nobjects == l->cap) {
      l->cap = l->cap ? l->cap * 2 : 8;
      l->objects = kr_realloc(l->objects, sizeof(Object) * (size_t)l->cap);
    }
    Object *o = &l->objects[l->nobjects++];
    *o = (Object){.handle = l->next_handle++, .refs = 1, .base = j.base, .size = j.map_size};
    collect_globals(&j, o);
    handle = o->handle;
  } else if (j.base) {
    munmap(j.base, j.map_size);
  }
  kr_free(j.sections);
  kr_free(j.part);
  kr_free(j.offset);
  kr_free(j.syms);
  kr_free(j.address);
  kr_free(j.stub);
  kr_free(j.got);
  return handle;
}
