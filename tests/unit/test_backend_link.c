/* test_backend_link.c: the in-process linker (backend/link.c) on objects LLVM writes for every kind
 * of reference krait's code can make (calls to libm, to the process and to given symbols, private
 * strings, writable and zeroed data, external data through the GOT, a jump table), and on damaged
 * objects: truncated, bit-flipped, foreign, which must be refused or linked, never crash. */
#include "backend/backend.h"

#include <criterion/criterion.h>
#include <elf.h>
#include <llvm-c/IRReader.h>
#include <string.h>

int64_t test_ext_data = 37;

/* use_all(x): every relocation kind. Returns strlen("hello") + counter (5, 6, ...) + ext_data
 * + the previous zeros[x] + isqrt(x) + the switch's case value; zeros[x] is set to 5 + x. */
static const char IR[] =
    "@msg = private unnamed_addr constant [6 x i8] c\"hello\\00\"\n"
    "@counter = global i64 5\n"
    "@zeros = global [64 x i64] zeroinitializer\n"
    "@ext_data = external global i64\n"
    "declare double @sqrt(double)\n"
    "declare i64 @strlen(ptr)\n"
    "define i64 @use_all(i64 %x) {\n"
    "entry:\n"
    "  %len = call i64 @strlen(ptr @msg)\n"
    "  %c = load i64, ptr @counter\n"
    "  %c1 = add i64 %c, 1\n"
    "  store i64 %c1, ptr @counter\n"
    "  %e = load i64, ptr @ext_data\n"
    "  %slot = getelementptr [64 x i64], ptr @zeros, i64 0, i64 %x\n"
    "  %old = load i64, ptr %slot\n"
    "  %new = add i64 %len, %x\n"
    "  store i64 %new, ptr %slot\n"
    "  %f = sitofp i64 %x to double\n"
    "  %r = call double @sqrt(double %f)\n"
    "  %ri = fptosi double %r to i64\n"
    "  %s1 = add i64 %len, %c\n"
    "  %s2 = add i64 %s1, %e\n"
    "  %s3 = add i64 %s2, %old\n"
    "  %s4 = add i64 %s3, %ri\n"
    "  switch i64 %x, label %other [i64 0, label %k0 i64 1, label %k1 i64 2, label %k2\n"
    "                                i64 3, label %k3 i64 4, label %k4 i64 5, label %k5]\n"
    "k0:\n  %a0 = add i64 %s4, 1000\n  ret i64 %a0\n"
    "k1:\n  %a1 = mul i64 %s4, 3\n  ret i64 %a1\n"
    "k2:\n  %a2 = sub i64 %s4, 7\n  ret i64 %a2\n"
    "k3:\n  %a3 = xor i64 %s4, 255\n  ret i64 %a3\n"
    "k4:\n  %a4 = shl i64 %s4, 2\n  ret i64 %a4\n"
    "k5:\n  %a5 = sdiv i64 %s4, 2\n  ret i64 %a5\n"
    "other:\n  ret i64 %s4\n"
    "}\n";

static const LinkSymbol given[] = {{"ext_data", &test_ext_data}};

/* The object LLVM writes for IR at -O0 (which keeps the jump table), kr_alloc'd. */
static uint8_t *object_for_ir(size_t *size) {
  DiagList d = {0};
  Target t;
  cr_assert(target_init_host(&t, &d));
  LLVMContextRef ctx = LLVMContextCreate();
  LLVMMemoryBufferRef text = LLVMCreateMemoryBufferWithMemoryRangeCopy(IR, sizeof IR - 1, "link-test");
  LLVMModuleRef m;
  char *error = NULL;
  cr_assert(!LLVMParseIRInContext(ctx, text, &m, &error), "%s", error); /* takes text */
  LLVMSetTarget(m, t.triple);
  LLVMTargetMachineRef tm = target_machine_new(&t, 0, &d);
  LLVMMemoryBufferRef obj = module_to_object(m, tm, &d);
  cr_assert(obj);
  *size = LLVMGetBufferSize(obj);
  uint8_t *bytes = kr_alloc(*size);
  memcpy(bytes, LLVMGetBufferStart(obj), *size);
  LLVMDisposeMemoryBuffer(obj);
  LLVMDisposeTargetMachine(tm);
  LLVMDisposeModule(m);
  LLVMContextDispose(ctx);
  target_free(&t);
  diag_list_free(&d);
  return bytes;
}

typedef int64_t (*UseAll)(int64_t);

static int64_t expected(int64_t x, int64_t counter, int64_t old) {
  int64_t isqrt = 0;
  while ((isqrt + 1) * (isqrt + 1) <= x) isqrt++;
  int64_t s = 5 + counter + 37 + old + isqrt;
  switch (x) {
  case 0: return s + 1000;
  case 1: return s * 3;
  case 2: return s - 7;
  case 3: return s ^ 255;
  case 4: return s << 2;
  case 5: return s / 2;
  default: return s;
  }
}

Test(link, every_reference_kind) {
  size_t size;
  uint8_t *obj = object_for_ir(&size);
  Linker *l = linker_new(given, 1);
  DiagList d = {0};
  uint64_t h = linker_add(l, obj, size, &d);
  cr_assert(h > 0, "%s", d.nerrors ? d.items[0].message : "");
  kr_free(obj); /* the linker copied what it needs */
  UseAll f = (UseAll)(uintptr_t)linker_lookup(l, h, "use_all");
  cr_assert(f);
  cr_assert_null(linker_lookup(l, h, "msg"), "private symbols are not found");
  int64_t counter = 5;
  for (int64_t x = 0; x < 9; x++, counter++) cr_assert_eq(f(x), expected(x, counter, 0), "x = %lld", (long long)x);
  /* zeros[x] kept 5 + x; counter kept counting. */
  for (int64_t x = 0; x < 9; x++, counter++) cr_assert_eq(f(x), expected(x, counter, 5 + x), "again x = %lld", (long long)x);
  int64_t *counter_var = linker_lookup(l, h, "counter");
  cr_assert(counter_var && *counter_var == counter);
  linker_free(l);
  diag_list_free(&d);
}

Test(link, two_objects_are_independent) {
  size_t size;
  uint8_t *obj = object_for_ir(&size);
  Linker *l = linker_new(given, 1);
  DiagList d = {0};
  uint64_t a = linker_add(l, obj, size, &d), b = linker_add(l, obj, size, &d);
  cr_assert(a && b && a != b);
  UseAll fa = (UseAll)(uintptr_t)linker_lookup(l, a, "use_all");
  UseAll fb = (UseAll)(uintptr_t)linker_lookup(l, b, "use_all");
  cr_assert(fa && fb && fa != fb);
  cr_assert_eq(fa(9), expected(9, 5, 0));
  cr_assert_eq(fa(9), expected(9, 6, 14));
  cr_assert_eq(fb(9), expected(9, 5, 0), "b has its own data");
  linker_remove(l, a);
  cr_assert_null(linker_lookup(l, a, "use_all"));
  cr_assert_eq(fb(9), expected(9, 6, 14), "removing a leaves b alone");
  linker_free(l);
  kr_free(obj);
  diag_list_free(&d);
}

static void expect_refused(const void *obj, size_t size, const char *fragment) {
  Linker *l = linker_new(given, 1);
  DiagList d = {0};
  cr_assert_eq(linker_add(l, obj, size, &d), 0);
  cr_assert(d.nerrors == 1 && strstr(d.items[0].message, fragment), "%s", d.nerrors ? d.items[0].message : "no error");
  linker_free(l);
  diag_list_free(&d);
}

Test(link, refuses_what_it_cannot_link) {
  size_t size;
  uint8_t *obj = object_for_ir(&size);
  expect_refused("", 0, "too short");
  expect_refused("\177ELF", 4, "too short");
  uint8_t copy[sizeof(Elf64_Ehdr)];
  memcpy(copy, obj, sizeof copy);
  copy[EI_CLASS] = ELFCLASS32;
  expect_refused(copy, sizeof copy, "not an x86-64 ELF64 relocatable object");
  /* Nobody defines ext_data. */
  Linker *l = linker_new(NULL, 0);
  DiagList d = {0};
  cr_assert_eq(linker_add(l, obj, size, &d), 0);
  cr_assert(d.nerrors == 1 && strstr(d.items[0].message, "undefined symbol ext_data"), "%s", d.items[0].message);
  linker_free(l);
  diag_list_free(&d);
  kr_free(obj);
}

/* Damaged objects are refused or linked (a flipped bit in the code links fine): never a crash,
 * never a read outside the bytes (the ASan build checks). Linked ones are not called. */
Test(link, damaged_objects_never_crash) {
  size_t size;
  uint8_t *obj = object_for_ir(&size);
  Linker *l = linker_new(given, 1);
  for (size_t n = 0; n < size; n += 7) { /* truncated */
    uint8_t *part = kr_alloc(n ? n : 1);
    memcpy(part, obj, n);
    DiagList d = {0};
    uint64_t h = linker_add(l, part, n, &d);
    if (h) linker_remove(l, h);
    cr_assert(h || d.nerrors == 1);
    diag_list_free(&d);
    kr_free(part);
  }
  uint8_t *flipped = kr_alloc(size);
  uint64_t seed = 0x9e3779b97f4a7c15u;
  for (int round = 0; round < 3000; round++) { /* 1 to 4 flipped bits */
    memcpy(flipped, obj, size);
    for (int k = 0; k <= round % 4; k++) {
      seed = seed * 6364136223846793005u + 1442695040888963407u;
      size_t bit = (size_t)(seed >> 16) % (size * 8);
      flipped[bit / 8] ^= (uint8_t)(1u << (bit % 8));
    }
    DiagList d = {0};
    uint64_t h = linker_add(l, flipped, size, &d);
    if (h) linker_remove(l, h);
    diag_list_free(&d);
  }
  kr_free(flipped);
  linker_free(l);
  kr_free(obj);
}
