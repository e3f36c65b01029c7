/* Allocation that cannot fail quietly, and die() for start-up errors. */
#ifndef DATELINE_UTIL_H
#define DATELINE_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdnoreturn.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Print "dateline: MESSAGE" and exit 2 (out of memory, start-up errors).
 * The hook, when set, runs first: the interface uses it to restore the
 * terminal. */
noreturn void die(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
void util_set_die_hook(void (*hook)(void));

/* Print "dateline: MESSAGE" on standard error. */
void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* FNV-1a, 64 bits, continued from h (start from HASH64_INIT): stable across
 * runs and machines, for ids that must not change. */
#define HASH64_INIT 0xcbf29ce484222325ULL
uint64_t hash64(uint64_t h, const void *data, size_t n);

/* $XDG_CONFIG_HOME/dateline/NAME (a relative XDG value is ignored, as the
 * spec says), else ~/.config/dateline/NAME: a new string. */
char *config_file(const char *name);

/* s as a whole decimal number in [min, max] into *out; false if it is not
 * one (*out is left alone). */
bool parse_long(const char *s, long min, long max, long *out);

/* Milliseconds on the monotonic clock, for timeouts and budgets. */
int64_t now_ms(void);

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* realloc for an array of n elements of size, checking the product. */
void *xreallocarray(void *p, size_t n, size_t size);
/* A new array of n * size bytes for at least n elements, holding the
 * first old_n of old (freed); when large, laid on whole huge pages and
 * advised to be backed by them where the kernel offers them on request (a
 * page fault per 2 MiB, not per 4 KiB, as it is first written): for
 * arrays sized once for what is coming. */
void *xresize_huge(void *old, size_t old_n, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
