/* link.h: the in-process linker. It maps the ELF relocatable objects that the backend writes (and
 * the disk cache stores) into executable memory, resolves their references, and finds their
 * symbols, without LLVM: loading a cached specialization must not cost loading libLLVM.
 * Independent of the rest of the runtime so that it can be tested and fuzzed alone. */
#ifndef KRAIT_LINK_H
#define KRAIT_LINK_H

#include "../base/base.h"

#include <stddef.h>
#include <stdint.h>

typedef struct Linker Linker;

typedef struct LinkSymbol {
  const char *name;
  void *address;
} LinkSymbol;

/* A linker whose objects may call the given symbols (the runtime's krait_rt_* helpers), then the
 * libm and compiler-rt functions emitted code calls, then anything the process exports. The
 * table must outlive the linker. */
Linker *linker_new(const LinkSymbol *symbols, int nsymbols);
/* Frees every object still linked. */
void linker_free(Linker *l);

/* Links one ELF64 x86-64 relocatable object (copied: obj may be freed after the call). Returns a
 * handle > 0 holding one reference, or 0 with a diagnostic when the object is malformed, uses
 * something the linker does not support, or references a symbol nobody defines. Never reads
 * outside obj[0..size). */
uint64_t linker_add(Linker *l, const void *obj, size_t size, DiagList *d);
/* Takes one more reference to an object's code; false when it was removed already (handles are
 * never reused). */
bool linker_retain(Linker *l, uint64_t handle);
/* Drops a reference, and unmaps the code with the last one. */
void linker_remove(Linker *l, uint64_t handle);
/* The address of a global symbol defined by the object of a handle, or NULL. */
void *linker_lookup(Linker *l, uint64_t handle, const char *symbol);

#endif
