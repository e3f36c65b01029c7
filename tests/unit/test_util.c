/* util: arrays resized onto huge pages keep what they held. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dateline/util.h"

static void
test_resize_huge_keeps_elements(void **state)
{
	size_t small = 1000, big = 2000000;
	uint32_t *v = xresize_huge(NULL, 0, small, sizeof *v);

	(void)state;
	for (size_t i = 0; i < small; i++)
		v[i] = (uint32_t)i * 7u;
	/* past 4 MiB: a new block on huge-page boundaries */
	v = xresize_huge(v, small, big, sizeof *v);
	assert_int_equal((uintptr_t)v % ((uintptr_t)2 << 20), 0);
	for (size_t i = 0; i < small; i++)
		assert_int_equal(v[i], (uint32_t)i * 7u);
	for (size_t i = small; i < big; i++)
		v[i] = (uint32_t)i;
	/* and grown again the ordinary way afterwards */
	v = xreallocarray(v, 2 * big, sizeof *v);
	assert_int_equal(v[big - 1], (uint32_t)(big - 1));
	assert_int_equal(v[small - 1], (uint32_t)(small - 1) * 7u);
	free(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resize_huge_keeps_elements),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
