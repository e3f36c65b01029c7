/* Small arrays of 32-bit values made and freed by the hundred thousand in
 * one thread (an event's stories and actors): blocks of 2, 4, ... 256
 * values carved from large chunks, a freed block kept for the next array
 * of its size.  No header per block: malloc spends 8 bytes on each and
 * rounds a 4-byte array up to 32.  Larger arrays come from malloc.  Under
 * the address sanitizer a freed block, the part of a chunk not carved yet
 * and a gap after each block are poisoned.
 * One thread at a time: a timeline's; a helper thread makes its arrays
 * from a pool of its own, merged into the timeline's once it is done. */
#ifndef DATELINE_POOL_H
#define DATELINE_POOL_H

#include <stddef.h>
#include <stdint.h>

#define POOL_CLASSES 8		/* class c holds 2^c values, 1 <= c <= 8 */
#define POOL_MALLOC 0		/* the class of a block from malloc */

struct pool {
	void *free[POOL_CLASSES + 1];	/* freed blocks of each class */
	char *chunk;			/* the newest chunk (they are linked) */
	size_t used;			/* bytes of it carved */
};

/* A block of at least n values (n >= 1; not zeroed); its class into *cls,
 * to be given back with it. */
uint32_t *pool_alloc(struct pool *p, size_t n, uint8_t *cls);
/* Give back b (NULL is nothing) of class cls. */
void pool_free(struct pool *p, uint32_t *b, uint8_t cls);
/* A block of at least n values holding the first used of b (b and *cls
 * as pool_alloc gave them, or NULL and POOL_MALLOC); b is given back. */
uint32_t *pool_grow(struct pool *p, uint32_t *b, size_t used, size_t n,
		    uint8_t *cls);
/* Take over src's chunks and freed blocks (src is left empty): the
 * blocks it gave out are dst's to free after. */
void pool_merge(struct pool *dst, struct pool *src);
/* Every chunk back to the system: the blocks are all gone (those from
 * malloc are the caller's to free). */
void pool_clear(struct pool *p);

#endif
