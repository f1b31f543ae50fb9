/* stack.c: the stack limit recursive compiled code compares its frames with, and the jump back to
 * the entry wrapper when a frame would pass it, so that deep recursion raises RecursionError instead of
 * overflowing the native stack (backend/emit.c: emit_stack_check, emit_entry_wrapper). */
#define _GNU_SOURCE
#include "runtime.h"

#include <pthread.h>
#include <setjmp.h>

/* The entry wrapper keeps its jump buffer in a 256-byte slot of its frame. */
_Static_assert(sizeof(jmp_buf) <= 256, "jmp_buf must fit the entry wrapper's slot");

/* Room left below the limit for krait_rt_raise and for whoever called compiled code. */
enum { STACK_MARGIN_MIN = 128 * 1024 };

static _Thread_local uintptr_t stack_floor; /* 0 until first asked on this thread */

static uintptr_t find_stack_floor(void) {
  pthread_attr_t attr;
  void *lo = NULL;
  size_t size = 0;
  if (pthread_getattr_np(pthread_self(), &attr) == 0) {
    pthread_attr_getstack(&attr, &lo, &size);
    pthread_attr_destroy(&attr);
  }
  uintptr_t here = (uintptr_t)__builtin_frame_address(0);
  if (!lo || size == 0 || here < (uintptr_t)lo || here - (uintptr_t)lo > size) {
    /* Unknown stack: assume 1 MiB below the current frame. */
    size = 1u << 20;
    lo = (void *)(here > size ? here - size : 0);
  }
  size_t margin = size / 8 > STACK_MARGIN_MIN ? size / 8 : STACK_MARGIN_MIN;
  if (margin > size / 2) margin = size / 2;
  return (uintptr_t)lo + margin;
}

int64_t krait_rt_stack_limit(void) {
  if (!stack_floor) stack_floor = find_stack_floor();
  return (int64_t)stack_floor;
}

/* The jump buffer of the innermost entry wrapper of this thread that can recurse. */
static _Thread_local void *current_jump;

void *krait_rt_recursion_enter(void *jump) {
  void *prev = current_jump;
  current_jump = jump;
  return prev;
}

void krait_rt_recursion_leave(void *prev) { current_jump = prev; }

/* Fills the record and jumps back to the entry wrapper, which returns 1. Compiled frames hold
 * nothing to clean up (no heap memory, no locks), so leaving them by longjmp is safe. */
_Noreturn void krait_rt_recursion_overflow(const char *file, int32_t line, const char *function) {
  krait_rt_raise(KRAIT_EXC_RECURSION, "maximum recursion depth exceeded", file, line, function);
  kr_assert(current_jump != NULL);
  longjmp(*(jmp_buf *)current_jump, 1);
}
