/* Small arrays of 32-bit values in size classes (see pool.h). */
#include <stdlib.h>
#include <string.h>

#include "dateline/pool.h"
#include "dateline/util.h"

/* Under the address sanitizer what a caller may not touch is poisoned: a
 * chunk's part not carved yet, a freed block, and a gap after each block,
 * so that reading or writing there, or a block used after it is freed,
 * is reported as it would be for malloc's. */
#if defined(__SANITIZE_ADDRESS__)
#define POOL_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define POOL_ASAN 1
#endif
#endif
#ifdef POOL_ASAN
#include <sanitizer/asan_interface.h>
#define GAP 8			/* poisoned, after each block */
#define POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define GAP 0
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

#define CHUNK (256 * 1024)
#define HEAD 16			/* a chunk begins with the one before it */

/* The pointer a freed block or a chunk begins with: the next freed block
 * of its class, or the chunk made before it (a freed block is poisoned
 * but for the pool's own reads). */
static void *
link_of(const void *b)
{
	void *next;

	UNPOISON(b, sizeof next);
	memcpy(&next, b, sizeof next);
	return next;
}

static void
set_link(void *b, const void *next)
{
	UNPOISON(b, sizeof next);
	memcpy(b, &next, sizeof next);
}

static size_t
block_bytes(uint8_t cls)
{
	return sizeof(uint32_t) << cls;
}

static uint8_t
class_of(size_t n)
{
	uint8_t c = 1;

	while (c <= POOL_CLASSES && ((size_t)1 << c) < n)
		c++;
	return c <= POOL_CLASSES ? c : POOL_MALLOC;
}

uint32_t *
pool_alloc(struct pool *p, size_t n, uint8_t *cls)
{
	uint8_t c = class_of(n);
	size_t bytes;
	void *b;

	*cls = c;
	if (c == POOL_MALLOC)
		return xreallocarray(NULL, n, sizeof(uint32_t));
	bytes = block_bytes(c);
	if ((b = p->free[c])) {
		p->free[c] = link_of(b);
		UNPOISON(b, bytes);
		return b;
	}
	if (!p->chunk || p->used + bytes + GAP > CHUNK) {
		char *chunk = xmalloc(CHUNK);

		set_link(chunk, p->chunk);
		POISON(chunk + HEAD, CHUNK - HEAD);
		p->chunk = chunk;
		p->used = HEAD;
	}
	b = p->chunk + p->used;
	UNPOISON(b, bytes);
	p->used += bytes + GAP;
	return b;
}

void
pool_free(struct pool *p, uint32_t *b, uint8_t cls)
{
	if (!b)
		return;
	if (cls == POOL_MALLOC || cls > POOL_CLASSES) {
		free(b);
		return;
	}
	POISON(b, block_bytes(cls));
	set_link(b, p->free[cls]);
	POISON(b, sizeof(void *));
	p->free[cls] = b;
}

uint32_t *
pool_grow(struct pool *p, uint32_t *b, size_t used, size_t n, uint8_t *cls)
{
	uint32_t *nb;
	uint8_t c;

	if (*cls == POOL_MALLOC && class_of(n) == POOL_MALLOC)
		return xreallocarray(b, n, sizeof *b);
	if (*cls != POOL_MALLOC && ((size_t)1 << *cls) >= n)
		return b;
	nb = pool_alloc(p, n, &c);
	if (used)
		memcpy(nb, b, used * sizeof *b);
	pool_free(p, b, *cls);
	*cls = c;
	return nb;
}

void
pool_merge(struct pool *dst, struct pool *src)
{
	for (int c = 1; c <= POOL_CLASSES; c++) {
		void *last = src->free[c];

		if (!last)
			continue;
		while (link_of(last)) {
			void *next = link_of(last);

			POISON(last, sizeof(void *));
			last = next;
		}
		set_link(last, dst->free[c]);
		POISON(last, sizeof(void *));
		dst->free[c] = src->free[c];
	}
	if (src->chunk && !dst->chunk) {
		dst->chunk = src->chunk;
		dst->used = src->used;
	} else if (src->chunk) {
		/* src's chain goes under dst's newest chunk, which is still
		 * carved from (the rest of src's newest is given up) */
		void *tail = src->chunk;

		while (link_of(tail))
			tail = link_of(tail);
		set_link(tail, link_of(dst->chunk));
		set_link(dst->chunk, src->chunk);
	}
	memset(src, 0, sizeof *src);
}

void
pool_clear(struct pool *p)
{
	char *chunk = p->chunk;

	while (chunk) {
		char *prev = link_of(chunk);

		UNPOISON(chunk, CHUNK);
		free(chunk);
		chunk = prev;
	}
	memset(p, 0, sizeof *p);
}
