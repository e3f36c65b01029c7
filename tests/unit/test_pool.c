/* pool: blocks of the size asked for or more, apart, reused once given
 * back, grown with their values kept.  (pool_misuse.c: what the address
 * sanitizer reports of a block used wrongly.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dateline/pool.h"

#define BLOCKS 20000		/* of up to 64 bytes: several chunks */

static size_t
room(uint8_t cls, size_t asked)
{
	return cls == POOL_MALLOC ? asked : (size_t)1 << cls;
}

/* Every block has the room it was given, apart from every other: each is
 * filled with its own number and read back after all are made. */
static void
test_apart(void **state)
{
	struct pool p = { 0 };
	uint32_t *b[BLOCKS];
	uint8_t cls[BLOCKS];

	(void)state;
	for (size_t i = 0; i < BLOCKS; i++) {
		size_t n = 1 + i % 16;

		b[i] = pool_alloc(&p, n, &cls[i]);
		assert_non_null(b[i]);
		assert_true(room(cls[i], n) >= n);
		assert_true(cls[i] == POOL_MALLOC || cls[i] <= POOL_CLASSES);
		for (size_t k = 0; k < room(cls[i], n); k++)
			b[i][k] = (uint32_t)i;
	}
	for (size_t i = 0; i < BLOCKS; i++)
		for (size_t k = 0; k < room(cls[i], 1 + i % 16); k++)
			assert_int_equal(b[i][k], i);
	for (size_t i = 0; i < BLOCKS; i++)
		pool_free(&p, b[i], cls[i]);
	pool_clear(&p);
}

/* The chunks of a pool, from the newest: each begins with the one before. */
static size_t
chunks(const struct pool *p)
{
	size_t n = 0;

	for (const char *c = p->chunk; c; n++) {
		const char *next;

		memcpy(&next, c, sizeof next);
		c = next;
	}
	return n;
}

/* A helper's pool merged into another: the blocks it gave out keep their
 * values, its chunks join the other's (pool_clear frees them all), its
 * freed blocks are handed out again by the other, and it is left empty. */
static void
test_merge(void **state)
{
	struct pool dst = { 0 }, src = { 0 };
	uint32_t *d[BLOCKS], *s[BLOCKS];
	uint8_t dc[BLOCKS], sc[BLOCKS], c;
	size_t before;

	(void)state;
	for (size_t i = 0; i < BLOCKS; i++) {
		d[i] = pool_alloc(&dst, 4, &dc[i]);
		s[i] = pool_alloc(&src, 4, &sc[i]);
		for (size_t k = 0; k < 4; k++) {
			d[i][k] = (uint32_t)i;
			s[i][k] = (uint32_t)(BLOCKS + i);
		}
	}
	assert_true(chunks(&src) > 1);
	before = chunks(&dst) + chunks(&src);
	/* freed blocks on both sides: three of src's, two of dst's */
	for (size_t i = 7; i < 10; i++)
		pool_free(&src, s[i], sc[i]);
	pool_free(&dst, d[3], dc[3]);
	pool_free(&dst, d[4], dc[4]);
	pool_merge(&dst, &src);
	assert_null(src.chunk);
	assert_null(src.free[sc[7]]);
	assert_int_equal(chunks(&dst), before);
	for (size_t i = 0; i < BLOCKS; i++)
		for (size_t k = 0; k < 4; k++) {
			if (i != 3 && i != 4)
				assert_int_equal(d[i][k], i);
			if (i < 7 || i >= 10)
				assert_int_equal(s[i][k], BLOCKS + i);
		}
	/* the five come back, each once, before anything is carved */
	{
		uint32_t *want[5] = { s[7], s[8], s[9], d[3], d[4] };
		bool got[5] = { false };

		for (int n = 0; n < 5; n++) {
			uint32_t *b = pool_alloc(&dst, 4, &c);
			int k = 0;

			while (k < 5 && want[k] != b)
				k++;
			assert_true(k < 5);
			assert_false(got[k]);
			got[k] = true;
		}
	}
	/* dst carves on from its own newest chunk, not from src's */
	assert_true(pool_alloc(&dst, 4, &c) ==
		    d[BLOCKS - 1] + (d[BLOCKS - 1] - d[BLOCKS - 2]));
	pool_clear(&dst);
	assert_null(dst.chunk);
}

/* The classes: 1 and 2 values share the smallest, 256 is the largest, 257
 * comes from malloc (and is given back to it). */
static void
test_classes(void **state)
{
	struct pool p = { 0 };
	uint32_t *b;
	uint8_t c1, c2, c3, c256, c257;

	(void)state;
	b = pool_alloc(&p, 1, &c1);
	pool_free(&p, b, c1);
	b = pool_alloc(&p, 2, &c2);
	pool_free(&p, b, c2);
	b = pool_alloc(&p, 3, &c3);
	pool_free(&p, b, c3);
	b = pool_alloc(&p, 256, &c256);
	pool_free(&p, b, c256);
	b = pool_alloc(&p, 257, &c257);
	memset(b, 0xab, 257 * sizeof *b);
	assert_int_equal(c257, POOL_MALLOC);
	pool_free(&p, b, c257);
	assert_int_equal(c1, 1);
	assert_int_equal(c2, 1);
	assert_int_equal(c3, 2);
	assert_int_equal(c256, POOL_CLASSES);
	pool_free(&p, NULL, 3);
	pool_clear(&p);
}

/* A block given back is the next one of its class handed out; another
 * class does not take it. */
static void
test_reuse(void **state)
{
	struct pool p = { 0 };
	uint8_t ca, cb, cc, cd;
	uint32_t *a = pool_alloc(&p, 4, &ca);
	uint32_t *b = pool_alloc(&p, 4, &cb);
	uint32_t *c, *d;

	(void)state;
	assert_ptr_not_equal(a, b);
	pool_free(&p, a, ca);
	c = pool_alloc(&p, 8, &cc);
	assert_ptr_not_equal(c, a);
	d = pool_alloc(&p, 3, &cd);
	assert_ptr_equal(d, a);
	assert_int_equal(cd, ca);
	pool_free(&p, b, cb);
	pool_free(&p, c, cc);
	pool_free(&p, d, cd);
	pool_clear(&p);
}

/* Growing keeps the values, from the first block (NULL) to one from
 * malloc; a block with room enough stays where it is. */
static void
test_grow(void **state)
{
	struct pool p = { 0 };
	uint32_t *b = NULL;
	uint8_t cls = POOL_MALLOC;
	size_t n = 0;

	(void)state;
	for (size_t cap = 1; cap <= 1024; cap *= 2) {
		b = pool_grow(&p, b, n, cap, &cls);
		assert_true(room(cls, cap) >= cap);
		for (; n < cap; n++)
			b[n] = (uint32_t)(n * 3);
		for (size_t k = 0; k < n; k++)
			assert_int_equal(b[k], k * 3);
	}
	assert_int_equal(cls, POOL_MALLOC);
	pool_free(&p, b, cls);
	b = pool_alloc(&p, 5, &cls);
	assert_ptr_equal(pool_grow(&p, b, 5, 8, &cls), b);
	pool_free(&p, b, cls);
	pool_clear(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_apart),
		cmocka_unit_test(test_classes),
		cmocka_unit_test(test_reuse),
		cmocka_unit_test(test_grow),
		cmocka_unit_test(test_merge),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
