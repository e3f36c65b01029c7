/* A pool block used wrongly, one way per run (the argument): after it is
 * freed, past its end, or a chunk's part not carved yet.  Under the
 * address sanitizer each ends the program with a report; should it not,
 * the program ends with status 0, and its test (which expects a failure)
 * fails. */
#include <stdio.h>
#include <string.h>

#include "dateline/pool.h"

int
main(int argc, char **argv)
{
	struct pool p = { 0 };
	uint8_t cls, cls2;
	uint32_t *b = pool_alloc(&p, 4, &cls);
	uint32_t *next = pool_alloc(&p, 4, &cls2);
	volatile uint32_t *v;

	if (argc != 2)
		return 2;
	b[0] = 1;
	next[0] = 2;
	if (strcmp(argv[1], "after-free") == 0) {
		pool_free(&p, b, cls);
		v = b;
		v[2] = 3;
	} else if (strcmp(argv[1], "past-end") == 0) {
		v = b;
		v[4] = 3;	/* the gap before the next block */
	} else if (strcmp(argv[1], "uncarved") == 0) {
		v = next;
		v[40] = 3;	/* beyond the last block carved */
	} else {
		return 2;
	}
	printf("not reported\n");
	pool_clear(&p);
	return 0;
}
