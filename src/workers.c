/* A loop over independent turns, shared with helper threads a run of
 * turns at a time. */
#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

#include "dateline/workers.h"

#define RUN 32			/* turns taken at a time */
#define MAX_HELPERS 3

struct loop {
	size_t n;
	atomic_size_t next;
	void (*fn)(void *ud, size_t i);
	void *ud;
};

static void *
work(void *arg)
{
	struct loop *l = arg;
	size_t i;

	while ((i = atomic_fetch_add(&l->next, RUN)) < l->n) {
		size_t end = i + RUN < l->n ? i + RUN : l->n;

		for (; i < end; i++)
			l->fn(l->ud, i);
	}
	return NULL;
}

void
workers_for(size_t n, size_t min, void (*fn)(void *ud, size_t i), void *ud)
{
	struct loop l = { .n = n, .fn = fn, .ud = ud };
	pthread_t helper[MAX_HELPERS];
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t want = 0, nh = 0;

	atomic_init(&l.next, 0);
	if (n >= min && cpus > 1)
		want = cpus - 1 < MAX_HELPERS ? (size_t)cpus - 1 : MAX_HELPERS;
	while (nh < want && pthread_create(&helper[nh], NULL, work, &l) == 0)
		nh++;
	work(&l);
	for (size_t h = 0; h < nh; h++)
		pthread_join(helper[h], NULL);
}
