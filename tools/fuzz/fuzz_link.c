/* fuzz_link.c: libFuzzer target for krait's in-process linker (backend/link.c), the last step of
 * reading a cache entry: arbitrary bytes as an ELF object. The linker must refuse them with one
 * diagnostic or link them, never crash, never read outside the input (ASan) and never leak; linked
 * code is looked up and unmapped, never run. Seeds: objects LLVM wrote for the examples
 * (tools/fuzz/run.sh extracts them from cache entries). */
#include "backend/link.h"
#include "runtime/runtime.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  int nsymbols;
  const LinkSymbol *symbols = runtime_symbols(&nsymbols);
  Linker *l = linker_new(symbols, nsymbols);
  DiagList d = {0};
  uint64_t handle = linker_add(l, data, size, &d);
  if (handle ? d.nerrors != 0 : d.nerrors != 1) abort(); /* one diagnostic exactly when refused */
  if (handle) {
    (void)linker_lookup(l, handle, "main");
    linker_remove(l, handle);
  }
  diag_list_free(&d);
  linker_free(l);
  return 0;
}
