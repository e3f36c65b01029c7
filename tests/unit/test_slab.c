/* slab: blocks that do not overlap, chunks given back once empty, by any
 * thread. */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <cmocka.h>

#include "dateline/slab.h"

#define BLOCKS 3000
#define SIZE 4000		/* BLOCKS * SIZE spans three chunks */

/* Whether the page holding p is mapped. */
static bool
mapped(const void *p)
{
	long page = sysconf(_SC_PAGESIZE);
	unsigned char v;
	void *start = (void *)((uintptr_t)p & ~(uintptr_t)(page - 1));

	if (mincore(start, 1, &v) == 0)
		return true;
	assert_int_equal(errno, ENOMEM);
	return false;
}

static void **
carve(size_t n, size_t size)
{
	void **v = calloc(n, sizeof *v);

	assert_non_null(v);
	for (size_t i = 0; i < n; i++) {
		v[i] = slab_alloc(size);
		assert_non_null(v[i]);
		assert_int_equal((uintptr_t)v[i] % 16, 0);
		memset(v[i], (int)(i % 251), size);
	}
	return v;
}

static void
test_blocks_apart_and_given_back(void **state)
{
	void *probe = slab_alloc(16), **v;

	(void)state;
	if (!probe)
		skip();		/* the sanitizer build uses malloc */
	slab_free(probe);
	v = carve(BLOCKS, SIZE);
	for (size_t i = 0; i < BLOCKS; i++) {
		const unsigned char *b = v[i];

		for (size_t k = 0; k < SIZE; k += 97)
			assert_int_equal(b[k], i % 251);
	}
	for (size_t i = 0; i < BLOCKS; i++)
		slab_free(v[i]);
	/* the first chunk is no thread's any more: unmapped when empty; the
	 * last one stays for the next blocks */
	assert_false(mapped(v[0]));
	assert_true(mapped(v[BLOCKS - 1]));
	free(v);
}

static void
test_sizes_left_to_malloc(void **state)
{
	void *p = slab_alloc(16);

	(void)state;
	if (!p)
		skip();
	slab_free(p);
	assert_null(slab_alloc(0));
	assert_null(slab_alloc((size_t)1 << 20));
	slab_free(NULL);
}

/* Off, nothing is carved: the interface's text is malloc's. */
static void
test_off(void **state)
{
	void *p;

	(void)state;
	slab_enable(false);
	assert_null(slab_alloc(16));
	slab_enable(true);
	p = slab_alloc(16);
	slab_free(p);
}

static void *
carve_and_end(void *arg)
{
	*(void ***)arg = carve(10, 100);
	return NULL;
}

static void
test_thread_that_ends_gives_back(void **state)
{
	pthread_t t;
	void **v = NULL, *p = slab_alloc(16);

	(void)state;
	if (!p)
		skip();
	slab_free(p);
	assert_int_equal(pthread_create(&t, NULL, carve_and_end, &v), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_true(mapped(v[0]));
	for (size_t i = 0; i < 10; i++)
		slab_free(v[i]);
	assert_false(mapped(v[0]));
	free(v);
}

int
main(void)
{
	slab_enable(true);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blocks_apart_and_given_back),
		cmocka_unit_test(test_sizes_left_to_malloc),
		cmocka_unit_test(test_off),
		cmocka_unit_test(test_thread_that_ends_gives_back),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
