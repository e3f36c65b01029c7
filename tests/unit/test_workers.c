/* workers_for: every turn once, whether shared or not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "dateline/util.h"
#include "dateline/workers.h"

static void
mark(void *ud, size_t i)
{
	atomic_uint *seen = ud;

	atomic_fetch_add(&seen[i], 1);
}

static void
check(size_t n, size_t min)
{
	atomic_uint *seen = xcalloc(n ? n : 1, sizeof *seen);

	workers_for(n, min, mark, seen);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(atomic_load(&seen[i]), 1);
	free(seen);
}

static void
test_every_turn_once(void **state)
{
	(void)state;
	check(0, 0);
	check(1, 0);
	check(31, 0);		/* less than one run */
	check(33, 0);
	check(100000, 256);	/* shared */
	check(100000, SIZE_MAX);	/* this thread alone */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_turn_once),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
