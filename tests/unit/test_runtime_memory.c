/* test_runtime_memory.c: krait lives in long-running processes, so compiling and freeing modules
 * must not make it grow. One runtime compiles, calls and frees 10,000 modules, each with a source
 * text of its own (so nothing is served from a cache). From the 1,000th to the last, the bytes
 * malloc has handed out and not taken back (LLVM's included) must stay within a bound that a leak
 * of one small object per compile exceeds, and the resident set size (which also sees the JIT's
 * code pages) within a looser one. Release builds only: the sanitizers' quarantine and Debug's
 * verifier make the sizes meaningless and the loop slow. */
#include <criterion/criterion.h>
#include <malloc.h>
#include <stdio.h>
#include <unistd.h>

#include "runtime/runtime.h"

enum {
  WARMUP = 1000,             /* compiles before the first measurement: LLVM's caches fill up */
  TOTAL = 10000,
  /* Allowed growth of malloc's bytes in use from WARMUP to TOTAL. The smallest malloc chunk is 32
   * bytes, so a leak of one object of any size per compile adds 9000 * 32 B = 281 KiB; measured
   * without a leak: 4 KiB (a 32-byte leak in LLVM's symbol pool, since fixed, added 600 KiB). */
  MAX_HEAP_GROWTH_KIB = 96,
  /* Allowed growth of the resident set size: a leaked module's machine code is at least a page
   * (4 KiB) per compile, 36 MiB in all; measured without a leak: 64 to 90 KiB. */
  MAX_RSS_GROWTH_KIB = 1024,
};

#if defined(__SANITIZE_ADDRESS__)
#define KRAIT_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KRAIT_TEST_ASAN 1
#endif
#endif

#if defined(KRAIT_DEBUG) || defined(KRAIT_TEST_ASAN)
Test(memory, ten_thousand_compiles_do_not_grow) { cr_skip_test("Release builds without sanitizers only"); }
#else
/* The resident set size in KiB, from /proc/self/statm (second field, in pages). */
static long rss_kib(void) {
  FILE *f = fopen("/proc/self/statm", "r");
  if (!f) return -1;
  long size = 0, resident = -1;
  if (fscanf(f, "%ld %ld", &size, &resident) != 2) resident = -1;
  fclose(f);
  return resident < 0 ? -1 : resident * (sysconf(_SC_PAGESIZE) / 1024);
}

/* malloc's bytes in use (small chunks and mmap'd large ones), in KiB. */
static long heap_kib(void) {
  struct mallinfo2 mi = mallinfo2();
  return (long)((mi.uordblks + mi.hblkhd) / 1024);
}

/* Compiles module number i (a constant of its own), calls it once and frees it. */
static void compile_one(KraitRuntime *rt, int i) {
  char source[512];
  snprintf(source, sizeof source,
           "from krait import jit\n"
           "K = %d\n"
           "@jit\n"
           "def f(x: int, y: float) -> float:\n"
           "    t = 0.0\n"
           "    for k in range(x):\n"
           "        t += y * (k + K) // 3\n"
           "    if t < -%d.5:\n"
           "        raise ValueError('big')\n"
           "    return t\n",
           i, i);
  KraitModule *m = krait_compile(rt, "memory.py", source, -1, NULL);
  KraitType sig[] = {KRAIT_INT, KRAIT_FLOAT};
  KraitFunction *f = krait_lookup(m, "f", sig, 2);
  cr_assert_not_null(f, "module %d: %s", i, krait_module_diagnostics(m));
  KraitValue args[] = {krait_int(4), krait_float(1.5)}, result;
  cr_assert_eq(krait_call(f, args, 2, &result), 0, "module %d raised", i);
  krait_module_free(m);
}

Test(memory, ten_thousand_compiles_do_not_grow, .timeout = 600) {
  KraitOptions opts;
  krait_options_default(&opts);
  opts.opt_level = 1; /* the whole pipeline, at a tenth of -O3's time */
  KraitRuntime *rt = krait_runtime_new(&opts);
  cr_assert_not_null(rt, "no runtime: %s", krait_last_error()->message);
  for (int i = 0; i < WARMUP; i++) compile_one(rt, i);
  long rss0 = rss_kib(), heap0 = heap_kib();
  size_t live = kr_live_allocations(); /* the runtime's own tables, grown on demand */
  for (int i = WARMUP; i < TOTAL; i++) compile_one(rt, i);
  long rss1 = rss_kib(), heap1 = heap_kib();
  printf("memory: from %d to %d compiles, malloc in use %ld -> %ld KiB (+%ld, bound %d), RSS %ld -> %ld KiB "
         "(+%ld, bound %d)\n",
         WARMUP, TOTAL, heap0, heap1, heap1 - heap0, MAX_HEAP_GROWTH_KIB, rss0, rss1, rss1 - rss0,
         MAX_RSS_GROWTH_KIB);
  cr_assert_leq(kr_live_allocations(), live, "krait allocations live: %zu after %d modules, %zu after %d", live,
                WARMUP, kr_live_allocations(), TOTAL);
  cr_assert_gt(rss0, 0, "cannot read /proc/self/statm");
  cr_assert_leq(heap1 - heap0, MAX_HEAP_GROWTH_KIB, "malloc'd memory grew by %ld KiB from %d to %d compiles",
                heap1 - heap0, WARMUP, TOTAL);
  cr_assert_leq(rss1 - rss0, MAX_RSS_GROWTH_KIB, "RSS grew by %ld KiB from %d to %d compiles", rss1 - rss0,
                WARMUP, TOTAL);
  krait_runtime_free(rt);
}
#endif
