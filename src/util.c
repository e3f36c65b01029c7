/* Allocation wrappers and fatal errors. */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <pwd.h>
#include <sys/mman.h>
#include <unistd.h>

#include "dateline/buf.h"
#include "dateline/embedded.h"
#include "dateline/util.h"

static void (*die_hook)(void);

void
util_set_die_hook(void (*hook)(void))
{
	die_hook = hook;
}

void
die(const char *fmt, ...)
{
	va_list ap;

	if (die_hook) {
		void (*hook)(void) = die_hook;

		die_hook = NULL;	/* never twice */
		hook();
	}
	fputs("dateline: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

void
warn(const char *fmt, ...)
{
	va_list ap;

	fputs("dateline: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

bool
parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

char *
config_file(const char *name)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	struct passwd *pw;
	struct buf b = BUF_INIT;

	if (xdg && xdg[0] == '/') {
		buf_printf(&b, "%s/dateline/%s", xdg, name);
		return buf_steal(&b);
	}
	if ((!home || !*home) && (pw = getpwuid(getuid())))
		home = pw->pw_dir;
	buf_printf(&b, "%s/.config/dateline/%s", home ? home : ".", name);
	return buf_steal(&b);
}

uint64_t
hash64(uint64_t h, const void *data, size_t n)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		die("out of memory");
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		die("out of memory");
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die("out of memory");
	return p;
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		die("out of memory");
	return xrealloc(p, n * size);
}

void *
xresize_huge(void *old, size_t old_n, size_t n, size_t size)
{
	const size_t huge = (size_t)2 << 20;
	size_t bytes;
	void *p;

	if (n && size > SIZE_MAX / n)
		die("out of memory");
	bytes = n * size;
	if (bytes < 2 * huge)
		return xreallocarray(old, n, size);
	if (bytes > SIZE_MAX - huge)
		die("out of memory");
	bytes = (bytes + huge - 1) & ~(huge - 1);
	if (!(p = aligned_alloc(huge, bytes)))
		die("out of memory");
#ifdef MADV_HUGEPAGE
	(void)madvise(p, bytes, MADV_HUGEPAGE);	/* only a hint */
#endif
	if (old_n)
		memcpy(p, old, old_n * size);
	free(old);
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

const struct embedded_file *
embedded_find(const char *name)
{
	for (const struct embedded_file *e = embedded_files; e->name; e++)
		if (strcmp(e->name, name) == 0)
			return e;
	return NULL;
}

int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
