/* fuzz_frontend.c: libFuzzer target for the frontend and the checker. The input is a module's
 * source: it is tokenized and scanned (a text that is not UTF-8 is refused whole), every top-level
 * function and constant is parsed (decorated or not), then the public API compiles it and
 * type-checks every @jit function (krait_module_check). Nothing here may crash, leak or trip a
 * sanitizer, whatever the bytes. */
#include <krait.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "base/base.h"
#include "frontend/frontend.h"

enum { MAX_INPUT = 1 << 20 };

static KraitRuntime *rt;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  rt = krait_runtime_new(NULL);
  if (!rt) abort();
  return 0;
}

/* The frontend alone: scan, then parse every function and constant. The scan refuses a text that
 * is not UTF-8 before it tokenizes, so the tokenizer also gets the raw bytes. */
static void parse_everything(const char *text, size_t size) {
  Arena arena;
  arena_init(&arena);
  DiagList diags = {0};
  Source src;
  source_init(&src, &arena, "fuzz.py", text, (int32_t)size);
  (void)lex_source(&arena, &src);
  Module *m = module_scan(&arena, &src, &diags);
  for (int i = 0; i < m->funcs.len; i++) module_parse_func(m, &m->funcs.data[i]);
  for (int i = 0; i < m->consts.len; i++) module_parse_const(m, &m->consts.data[i]);
  StrBuf out = {0};
  diag_render_all(&diags, &out);
  strbuf_free(&out);
  diag_list_free(&diags);
  arena_free(&arena);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > MAX_INPUT) return 0;
  /* A copy without the fuzzer's buffer around it, so that a read past the end is caught. */
  char *text = malloc(size + 1);
  for (size_t i = 0; i < size; i++) text[i] = (char)data[i];
  text[size] = '\0';
  parse_everything(text, size);

  KraitModule *m = krait_compile(rt, "fuzz.py", text, (long)size, NULL);
  krait_module_check(m);
  (void)krait_module_diagnostics(m);
  int n = krait_module_function_count(m);
  for (int i = 0; i < n; i++) {
    KraitType params[16];
    (void)krait_module_signature(m, krait_module_function_name(m, i), params, 16);
  }
  krait_module_free(m);
  free(text);
  return 0;
}
