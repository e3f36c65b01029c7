/* In-memory figures that no command shows alone: building the timeline from
 * parsed stories, query times, memory per event.
 *
 *   bench_query FEED.xml [QUERY...]
 *
 * Prints "name value unit" lines for scripts/bench. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "dateline/actors.h"
#include "dateline/adder.h"
#include "dateline/embedded.h"
#include "dateline/feed.h"
#include "dateline/query.h"
#include "dateline/slab.h"
#include "dateline/timeline.h"
#include "dateline/util.h"

struct batch {
	struct story *v;
	size_t n, cap;
};

static void
collect(struct story *s, void *ud)
{
	struct batch *b = ud;

	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 1024;
		b->v = xreallocarray(b->v, b->cap, sizeof *b->v);
	}
	story_normalise(s);
	b->v[b->n++] = *s;
}

/* Oldest first, undated last, as dateline places a feed's stories. */
static int
cmp_published(const void *a, const void *b)
{
	const struct story *x = a, *y = b;
	int64_t p = x->published.known ? x->published.utc : INT64_MAX;
	int64_t q = y->published.known ? y->published.utc : INT64_MAX;

	return (p > q) - (p < q);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long
rss_kb(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	long pages = 0, resident = 0;

	if (f) {
		if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
			resident = 0;
		fclose(f);
	}
	return resident * 4;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct stat sb;
	char *data;

	if (!f || fstat(fileno(f), &sb) != 0)
		die("%s: cannot read", path);
	data = xmalloc((size_t)sb.st_size + 1);
	*len = fread(data, 1, (size_t)sb.st_size, f);
	data[*len] = '\0';
	fclose(f);
	return data;
}

int
main(int argc, char **argv)
{
	const struct embedded_file *dict = embedded_find("actors.tsv");
	struct actors *actors = actors_new();
	struct batch b = { 0 };
	struct feed_result res;
	struct timeline *tl;
	char err[256];
	size_t len;
	long before;
	double t;
	char *data;
	uint32_t *out;

	if (argc < 2)
		die("usage: bench_query FEED.xml [QUERY...]");
	feed_init();
	slab_enable(true);	/* as the commands do */
	if (actors_load_mem(actors, dict->data, dict->len, "actors.tsv", err,
			    sizeof err))
		die("%s", err);
	data = slurp(argv[1], &len);
	t = now();
	feed_parse(data, len, NULL, NULL, collect, &b, &res);
	printf("parse\t%.1f ms\n", (now() - t) * 1e3);
	free(data);
	feed_result_free(&res);
	before = rss_kb();
	tl = timeline_new(actors);
	t = now();
	for (size_t i = 0; i < b.n; i++)
		b.v[i].feed = timeline_feed(tl, argv[1]);
	/* (qsort is not stable: equal times in another order than the
	 * feed's; the events differ from dump's by a few at most) */
	qsort(b.v, b.n, sizeof *b.v, cmp_published);
	adder_add_many(tl, b.v, b.n, NULL);
	timeline_finish(tl);
	printf("build\t%.1f ms\n", (now() - t) * 1e3);
	printf("stories\t%zu\n", b.n);
	printf("events\t%zu\n", tl->nevents);
	free(b.v);
	/* The stories' text was in memory before the build; what the build
	 * added is structures plus the folded search text, a copy of each
	 * event's first title and text, counted apart. */
	if (tl->nevents) {
		size_t folded = 0;

		for (size_t i = 0; i < tl->nevents; i++)
			folded += tl->folded[i] ? strlen(tl->folded[i]) + 1 : 0;
		printf("bytes per event beyond text\t%.0f\n",
		       ((double)(rss_kb() - before) * 1024.0 -
			(double)folded) / (double)tl->nevents);
		printf("folded search text per event\t%.0f bytes\n",
		       (double)folded / (double)tl->nevents);
	}
	out = xcalloc(tl->nevents + 1, sizeof *out);
	for (int i = 2; i < argc; i++) {
		struct query *q = query_compile(argv[i], actors, err,
						sizeof err);
		double best = 1e9;
		size_t n = 0;

		if (!q)
			die("%s", err);
		for (int rep = 0; rep < 5; rep++) {
			t = now();
			n = query_run(q, tl, out);
			t = now() - t;
			if (t < best)
				best = t;
		}
		printf("query[%s]\t%.2f ms (%zu events)\n", argv[i], best * 1e3,
		       n);
		query_free(q);
	}
	free(out);
	timeline_free(tl);
	actors_free(actors);
	return 0;
}
