/* cli.h: the `krait` command-line driver. It uses only the public API (include/krait.h); each
 * command lives in its own file (cmd_*.c); arguments are parsed by krait_values_* (krait.h). */
#ifndef KRAIT_CLI_H
#define KRAIT_CLI_H

#include "krait.h"

#include <stdio.h>

/* Exit statuses of every command. A signal is never one of them. */
enum {
  EXIT_OK = 0,
  EXIT_FAILED = 1,           /* a compile error, or an exception raised by compiled code */
  EXIT_USAGE = 2,            /* bad usage, or a file that cannot be read */
};

/* ---- main.c: shared helpers ---- */

/* Prints "krait: <message>" and a hint at `krait CMD --help` to stderr; returns EXIT_USAGE. */
int usage_error(const char *command, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Milliseconds on a monotonic clock. */
double now_ms(void);
/* Reads FILE and compiles it in a new runtime for o: sets *rt and *m and returns EXIT_OK, or
 * returns the exit status after printing why (EXIT_USAGE: the file cannot be read; EXIT_FAILED:
 * LLVM cannot target this machine, or the text as a whole was refused: not UTF-8). *compile_start, unless NULL, gets the time just before the
 * module is compiled (runtime creation excluded). close_source frees both. */
int open_source(const char *file, const KraitOptions *o, KraitRuntime **rt, KraitModule **m,
                double *compile_start);
void close_source(KraitRuntime *rt, KraitModule *m);
/* A runtime for o, or NULL after printing why. */
KraitRuntime *runtime_open(const KraitOptions *o);
/* -O0..-O3, --fastmath, --no-boundscheck, --no-cache: applies the option and returns true if arg is one. */
bool parse_compile_option(const char *arg, KraitOptions *o);
/* "--help" or "-h". */
bool is_help(const char *arg);
/* Prints the module's diagnostics (if any) to stderr. */
void print_diagnostics(const KraitModule *m);

/* ---- the commands: each takes the arguments after its name ---- */
int cmd_run(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_dump(int argc, char **argv);
int cmd_bench(int argc, char **argv);
int cmd_cache(int argc, char **argv);

#endif
