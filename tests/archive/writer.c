/* A test writer: stores BATCHES batches of SIZE stories for feed SOURCE
 * into an archive, one transaction each, and prints "committed N" after
 * each commit, so that a test can kill it and check what survived. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dateline/archive.h"
#include "dateline/util.h"

int
main(int argc, char **argv)
{
	char err[512], id[64], title[128];
	struct archive *a;
	struct story *v;
	long batches, size;

	if (argc != 5) {
		fprintf(stderr, "usage: writer ARCHIVE SOURCE BATCHES SIZE\n");
		return 2;
	}
	batches = atol(argv[3]);
	size = atol(argv[4]);
	if (!(a = archive_open(argv[1], err, sizeof err))) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	v = xcalloc((size_t)size, sizeof *v);
	for (long b = 0; b < batches; b++) {
		struct store_counts counts;

		for (long i = 0; i < size; i++) {
			struct story *s = &v[i];

			snprintf(id, sizeof id, "%s-%ld-%ld", argv[2], b, i);
			snprintf(title, sizeof title, "Story %ld of batch %ld",
				 i, b);
			s->id = xstrdup(id);
			s->link = xstrdup(id);
			s->title = xstrdup(title);
			s->summary = xstrdup("Filler text that makes the "
				"transaction large enough to be interrupted "
				"in the middle by a kill.");
			s->content = xstrdup("");
			s->authors = xstrdup("");
			s->categories = xstrdup("");
			s->published.known = true;
			s->published.utc = 1767000000 + b * 60 + i;
		}
		if (archive_store(a, argv[2], NULL, v, NULL, (size_t)size,
				  &counts, err, sizeof err) != 0) {
			fprintf(stderr, "%s\n", err);
			return 1;
		}
		printf("committed %ld %zu\n", b, counts.added);
		fflush(stdout);
		for (long i = 0; i < size; i++)
			story_free(&v[i]);
	}
	free(v);
	archive_close(a);
	return 0;
}
