/* Unit tests of base/: array memory, arenas, vectors, string buffers, source positions and diagnostics. */
#include <criterion/criterion.h>
#include <string.h>

#include "base/base.h"

Test(alloc, array_memory_is_zeroed_counted_and_aligned_as_numpy_does) {
  size_t before = kr_live_allocations();
  size_t sizes[] = {0, 1, 8, 100, 4096, (4u << 20) - 8, 4u << 20, (5u << 20) + 3};
  for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
    unsigned char *p = kr_alloc_array(sizes[i]);
    cr_assert_eq((uintptr_t)p % 64, 0, "size %zu", sizes[i]);
    /* From 4 MiB on, whole 2 MiB pages, which transparent huge pages can back. */
    if (sizes[i] >= (4u << 20)) cr_assert_eq((uintptr_t)p % (2u << 20), 0, "size %zu", sizes[i]);
    for (size_t k = 0; k < sizes[i]; k += 4093) cr_assert_eq(p[k], 0);
    if (sizes[i]) cr_assert_eq(p[sizes[i] - 1], 0);
    cr_assert_eq(kr_live_allocations(), before + 1);
    kr_free(p);
  }
  cr_assert_eq(kr_live_allocations(), before);
}

Test(arena, allocates_zeroed_aligned_memory_and_frees_in_one_call) {
  Arena a;
  arena_init(&a);
  size_t before = kr_live_allocations();
  for (int i = 1; i < 2000; i++) {
    unsigned char *p = arena_alloc(&a, (size_t)i);
    cr_assert_eq((uintptr_t)p % 16, 0);
    for (int k = 0; k < i; k++) cr_assert_eq(p[k], 0);
    memset(p, 0xAB, (size_t)i);
  }
  char *big = arena_alloc(&a, 1 << 20); /* larger than a chunk */
  big[(1 << 20) - 1] = 'x';
  cr_assert_str_eq(arena_printf(&a, "%s-%d", "k", 42), "k-42");
  arena_free(&a);
  cr_assert_lt(kr_live_allocations(), before + 1);
}

Test(vec, grows_and_keeps_order) {
  Arena a;
  arena_init(&a);
  Vec(int) v = {0};
  for (int i = 0; i < 1000; i++) vec_push(&a, &v, i * 3);
  cr_assert_eq(v.len, 1000);
  for (int i = 0; i < 1000; i++) cr_assert_eq(v.data[i], i * 3);
  cr_assert_eq(vec_last(&v), 2997);
  arena_free(&a);
}

Test(strbuf, formats_and_hands_over) {
  StrBuf b = {0};
  strbuf_printf(&b, "%d+%d", 2, 3);
  strbuf_append(&b, "=5", 2);
  strbuf_putc(&b, '!');
  char *s = strbuf_take(&b);
  cr_assert_str_eq(s, "2+3=5!");
  cr_assert_null(b.data);
  kr_free(s);
}

Test(source, line_and_column_count_characters) {
  Arena a;
  arena_init(&a);
  const char *text = "x = 1\n\xc3\xa9t\xc3\xa9 = 2\n\nz";
  Source src;
  source_init(&src, &a, "t.py", text, (int32_t)strlen(text));
  int line, col;
  source_line_col(&src, 0, &line, &col);
  cr_assert(line == 1 && col == 1);
  source_line_col(&src, 4, &line, &col);
  cr_assert(line == 1 && col == 5);
  const char *eq = strchr(text + 6, '=');
  source_line_col(&src, (int32_t)(eq - text), &line, &col);
  cr_assert(line == 2 && col == 5, "got %d:%d", line, col); /* "été " is 4 characters */
  source_line_col(&src, (int32_t)strlen(text) - 1, &line, &col);
  cr_assert(line == 4 && col == 1);
  int32_t len;
  const char *l2 = source_line_text(&src, 2, &len);
  cr_assert_eq(len, (int32_t)strlen("\xc3\xa9t\xc3\xa9 = 2"));
  cr_assert_eq(strncmp(l2, "\xc3\xa9t\xc3\xa9", 5), 0);
  arena_free(&a);
}

Test(diag, renders_location_line_and_caret) {
  Arena a;
  arena_init(&a);
  const char *text = "def f(x):\n    total += scale[i]\n";
  Source src;
  source_init(&src, &a, "kernels.py", text, (int32_t)strlen(text));
  DiagList d = {0};
  const char *at = strstr(text, "scale");
  Span span = {(int32_t)(at - text), (int32_t)(at - text + 8)};
  cr_assert_not(diag_error(&d, &src, span, "cannot index '%s' (only arrays can be indexed)", "float"));
  diag_note(&d, &src, (Span){6, 7}, "'x' is a float parameter");
  cr_assert_eq(d.nerrors, 1);
  cr_assert_eq(d.len, 2);
  StrBuf out = {0};
  diag_render_all(&d, &out);
  cr_assert_str_eq(out.data,
                   "kernels.py:2:14: error: cannot index 'float' (only arrays can be indexed)\n"
                   "        total += scale[i]\n"
                   "                 ^~~~~~~~\n"
                   "kernels.py:1:7: note: 'x' is a float parameter\n"
                   "    def f(x):\n"
                   "          ^\n");
  strbuf_free(&out);
  diag_list_free(&d);
  arena_free(&a);
}

Test(diag, span_past_the_line_is_clipped_and_keeps_errors_apart) {
  Arena a;
  arena_init(&a);
  const char *text = "a = (1 +\n     2)\n";
  Source src;
  source_init(&src, &a, "m.py", text, (int32_t)strlen(text));
  DiagList d = {0};
  diag_error(&d, &src, (Span){4, 15}, "first");
  diag_error(&d, &src, (Span){14, 14}, "second");
  cr_assert_eq(d.nerrors, 2);
  cr_assert_eq(d.items[0].line, 1);
  cr_assert_eq(d.items[0].end_col, 9); /* clipped to the end of line 1 */
  cr_assert_eq(d.items[1].line, 2);
  cr_assert_eq(d.items[1].col, 6);
  diag_list_free(&d);
  arena_free(&a);
}
