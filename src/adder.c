/* Adding many stories with several threads: the caller pushes, helpers
 * prepare chunks of stories (timeline_prepare), one thread places them in
 * order (timeline_add_prepared).  Only the placing thread touches the
 * timeline and the dictionary; every other thread matches actors on a view
 * of its own, made before the threads start. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dateline/actors.h"
#include "dateline/adder.h"
#include "dateline/model.h"
#include "dateline/timeline.h"
#include "dateline/util.h"

#define CHUNK 64		/* stories prepared at a time */
#define ALONE 256		/* fewer stories: added one by one */
#define MAX_HELPERS 3		/* besides the placing thread */
#define AHEAD 32		/* chunks prepared ahead of the placing */
#define RING (AHEAD * CHUNK)
#define WAKE_EVERY 8		/* chunks placed between two wakes */

static int helpers_wanted = -1;

void
adder_helpers(int n)
{
	helpers_wanted = n < 0 ? -1 : n > MAX_HELPERS ? MAX_HELPERS : n;
}

static long
cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? n : 1;
}

/* Helpers besides the placing thread and the caller's (which pushes). */
static size_t
helpers_count(void)
{
	if (helpers_wanted >= 0)
		return (size_t)helpers_wanted;
	if (cpus() - 2 >= MAX_HELPERS)
		return MAX_HELPERS;
	return cpus() > 3 ? (size_t)cpus() - 2 : 1;
}

struct worker {
	struct adder *a;
	struct actors *view;	/* NULL: the timeline has no dictionary */
};

struct adder {
	struct timeline *tl;

	/* The stories, CHUNK to a block so that they do not move while the
	 * caller pushes more; the list of blocks grows under mu. */
	struct story **blocks;
	size_t nblocks, blocks_cap;
	size_t n;			/* pushed (the caller's count) */
	bool threaded;			/* the threads run */
	bool borrowed;			/* the blocks are the caller's array */

	atomic_size_t published;	/* chunks the others may read */
	atomic_size_t total;		/* stories, once ended */
	atomic_bool ended;
	atomic_size_t next;		/* the next chunk to prepare */
	atomic_size_t placing;		/* the chunk being placed */
	/* Chunk k's stories are prepared into slots k % AHEAD, taken again
	 * only once it is placed; ready[k % AHEAD] is k + 1 when they are. */
	struct story_facts *f;
	struct actors_found *found;
	atomic_size_t ready[AHEAD];

	/* The placing thread's: each story's index in the timeline. */
	uint32_t *si;
	size_t si_cap;

	pthread_mutex_t mu;		/* blocks; and the sleeps below */
	pthread_cond_t cv;		/* something changed */
	pthread_t placer, helper[MAX_HELPERS];
	size_t nhelpers;
	struct worker w[MAX_HELPERS + 2];	/* placer, helpers, caller */
};

static void
wake(struct adder *a)
{
	pthread_mutex_lock(&a->mu);
	pthread_cond_broadcast(&a->cv);
	pthread_mutex_unlock(&a->mu);
}

static struct story *
block(struct adder *a, size_t k)
{
	struct story *b;

	pthread_mutex_lock(&a->mu);
	b = a->blocks[k];
	pthread_mutex_unlock(&a->mu);
	return b;
}

/* Stories in chunk k, which is published (the last one, shorter, only
 * once the total is known). */
static size_t
chunk_len(struct adder *a, size_t k)
{
	size_t total = atomic_load(&a->total);

	if (!total)
		return CHUNK;
	return total - k * CHUNK < CHUNK ? total - k * CHUNK : CHUNK;
}

/* Whether a chunk may be taken now: published, and not too far ahead. */
static bool
can_take(struct adder *a, size_t k)
{
	return k < atomic_load(&a->published) &&
	       k < atomic_load(&a->placing) + AHEAD;
}

/* Prepare the next chunk if one may be taken; false if none. */
static bool
prepare_one(struct worker *w)
{
	struct adder *a = w->a;
	size_t k = atomic_load(&a->next), len;
	struct story *b;

	do {
		if (!can_take(a, k))
			return false;
	} while (!atomic_compare_exchange_weak(&a->next, &k, k + 1));
	b = block(a, k);
	len = chunk_len(a, k);
	for (size_t i = 0; i < len; i++) {
		size_t r = (k % AHEAD) * CHUNK + i;

		timeline_prepare(a->tl, w->view, &b[i], &a->f[r],
				 &a->found[r]);
	}
	atomic_store(&a->ready[k % AHEAD], k + 1);
	wake(a);
	return true;
}

/* All chunks are taken and no more will come. */
static bool
all_taken(struct adder *a)
{
	return atomic_load(&a->ended) &&
	       atomic_load(&a->next) >= atomic_load(&a->published);
}

static void *
helper_run(void *arg)
{
	struct worker *w = arg;
	struct adder *a = w->a;

	for (;;) {
		if (prepare_one(w))
			continue;
		pthread_mutex_lock(&a->mu);
		while (!all_taken(a) && !can_take(a, atomic_load(&a->next)))
			pthread_cond_wait(&a->cv, &a->mu);
		pthread_mutex_unlock(&a->mu);
		if (all_taken(a))
			return NULL;
	}
}

static void
place_chunk(struct adder *a, size_t k)
{
	struct story *b = block(a, k);
	size_t len = chunk_len(a, k);

	if (k * CHUNK + len > a->si_cap) {
		a->si_cap = a->si_cap ? a->si_cap * 2 : RING;
		a->si = xreallocarray(a->si, a->si_cap, sizeof *a->si);
	}
	for (size_t i = 0; i < len; i++) {
		size_t r = (k % AHEAD) * CHUNK + i;

		a->si[k * CHUNK + i] = timeline_add_prepared(a->tl, &b[i],
							       &a->f[r],
							       &a->found[r]);
	}
}

/* Chunk k can be placed, or there is no chunk k. */
static bool
placeable(struct adder *a, size_t k)
{
	return atomic_load(&a->ready[k % AHEAD]) == k + 1 ||
	       (atomic_load(&a->ended) && k >= atomic_load(&a->published));
}

static void *
placer_run(void *arg)
{
	struct worker *w = arg;
	struct adder *a = w->a;

	for (size_t k = 0;; k++) {
		atomic_store(&a->placing, k);
		/* helpers held back by AHEAD are let go a few chunks at a
		 * time (each wake is a system call on both sides), and
		 * always before this thread waits itself */
		if (k % WAKE_EVERY == 0 || !placeable(a, k))
			wake(a);
		while (!placeable(a, k)) {
			if (prepare_one(w))
				continue;
			pthread_mutex_lock(&a->mu);
			while (!placeable(a, k) &&
			       !can_take(a, atomic_load(&a->next)))
				pthread_cond_wait(&a->cv, &a->mu);
			pthread_mutex_unlock(&a->mu);
		}
		if (atomic_load(&a->ready[k % AHEAD]) != k + 1)
			return NULL;	/* ended, all placed */
		place_chunk(a, k);
	}
}

struct adder *
adder_new(struct timeline *tl)
{
	struct adder *a = xcalloc(1, sizeof *a);

	a->tl = tl;
	pthread_mutex_init(&a->mu, NULL);
	pthread_cond_init(&a->cv, NULL);
	atomic_init(&a->published, 0);
	atomic_init(&a->total, 0);
	atomic_init(&a->ended, false);
	atomic_init(&a->next, 0);
	atomic_init(&a->placing, 0);
	for (size_t i = 0; i < AHEAD; i++)
		atomic_init(&a->ready[i], 0);
	return a;
}

static void
stop_views(struct adder *a)
{
	for (size_t i = 0; i < MAX_HELPERS + 2; i++) {
		actors_view_free(a->w[i].view);
		a->w[i].view = NULL;
	}
	if (a->tl->actors)
		actors_thaw(a->tl->actors);
}

static void
start(struct adder *a)
{
	size_t want = helpers_count();

	a->f = xcalloc(RING, sizeof *a->f);
	a->found = xcalloc(RING, sizeof *a->found);
	if (a->tl->actors)
		actors_freeze(a->tl->actors);
	for (size_t i = 0; i < want + 2; i++) {
		a->w[i].a = a;
		a->w[i].view = a->tl->actors ? actors_view_new(a->tl->actors) :
			NULL;
	}
	a->threaded = true;
	if (pthread_create(&a->placer, NULL, placer_run, &a->w[0]) != 0) {
		/* no thread to be had: adder_end adds them one by one */
		a->threaded = false;
		stop_views(a);
		return;
	}
	while (a->nhelpers < want &&
	       pthread_create(&a->helper[a->nhelpers], NULL, helper_run,
			      &a->w[a->nhelpers + 1]) == 0)
		a->nhelpers++;
}

void
adder_push(struct adder *a, struct story *s)
{
	size_t k = a->n / CHUNK;

	if (k == a->nblocks) {
		struct story *b = xcalloc(CHUNK, sizeof *b);

		pthread_mutex_lock(&a->mu);
		if (a->nblocks == a->blocks_cap) {
			a->blocks_cap = a->blocks_cap ? a->blocks_cap * 2 : 16;
			a->blocks = xreallocarray(a->blocks, a->blocks_cap,
						  sizeof *a->blocks);
		}
		a->blocks[a->nblocks++] = b;
		pthread_mutex_unlock(&a->mu);
	}
	a->blocks[k][a->n % CHUNK] = *s;
	memset(s, 0, sizeof *s);
	a->n++;
	if (!a->threaded && a->n == ALONE)
		start(a);
	if (a->threaded && a->n % CHUNK == 0) {
		atomic_store(&a->published, a->n / CHUNK);
		wake(a);
	}
}

static void
free_blocks(struct adder *a)
{
	for (size_t k = 0; k < a->nblocks && !a->borrowed; k++)
		free(a->blocks[k]);
	free(a->blocks);
}

size_t
adder_end(struct adder *a, uint32_t **si)
{
	size_t n = a->n;

	if (!a->threaded) {
		/* few stories, or no thread to be had: one by one */
		a->si = xreallocarray(a->si, n ? n : 1, sizeof *a->si);
		for (size_t i = 0; i < n; i++)
			a->si[i] = timeline_add(a->tl,
						&a->blocks[i / CHUNK][i % CHUNK]);
	} else {
		/* in this order: a chunk's length, then the last chunk, then
		 * the end (after which published no longer moves) */
		atomic_store(&a->total, n);
		atomic_store(&a->published, (n + CHUNK - 1) / CHUNK);
		atomic_store(&a->ended, true);
		wake(a);
		/* the caller helps with what is left, if a processor is
		 * free for it: the placing thread must not wait for one (a
		 * number of helpers set by hand, for the tests, says that
		 * the caller helps too) */
		if (a->nhelpers + 2 <= (size_t)cpus() || helpers_wanted >= 0)
			helper_run(&a->w[a->nhelpers + 1]);
		pthread_join(a->placer, NULL);
		for (size_t h = 0; h < a->nhelpers; h++)
			pthread_join(a->helper[h], NULL);
		stop_views(a);
	}
	free_blocks(a);
	free(a->f);
	for (size_t r = 0; a->found && r < RING; r++)
		actors_found_free(&a->found[r]);
	free(a->found);
	pthread_mutex_destroy(&a->mu);
	pthread_cond_destroy(&a->cv);
	if (si)
		*si = a->si;
	else
		free(a->si);
	free(a);
	return n;
}

void
adder_add_many(struct timeline *tl, struct story *v, size_t n, uint32_t *si)
{
	struct adder *a = adder_new(tl);
	uint32_t *idx;

	timeline_reserve(tl, n);
	/* pushed all at once, where they are: no copy */
	a->borrowed = true;
	a->nblocks = a->blocks_cap = (n + CHUNK - 1) / CHUNK;
	a->blocks = xreallocarray(NULL, a->nblocks ? a->nblocks : 1,
				  sizeof *a->blocks);
	for (size_t k = 0; k < a->nblocks; k++)
		a->blocks[k] = v + k * CHUNK;
	a->n = n;
	if (n >= ALONE)
		start(a);
	adder_end(a, &idx);
	if (si)
		memcpy(si, idx, n * sizeof *si);
	free(idx);
}
