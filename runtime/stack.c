/* stack.c: the stack budget compiled code charges on every call, so that deep recursion raises
 * RecursionError instead of overflowing the native stack (backend.h: the hidden budget parameter). */
#define _GNU_SOURCE
#include "runtime.h"

#include <pthread.h>

/* Room left below the budget for krait_rt_raise and for whoever called compiled code. */
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

int64_t krait_rt_stack_budget(void) {
  if (!stack_floor) stack_floor = find_stack_floor();
  uintptr_t here = (uintptr_t)__builtin_frame_address(0);
  return here > stack_floor ? (int64_t)(here - stack_floor) : 0;
}
