/* The archive read a slice at a time: every story once, oldest first, the
 * undated last, across slice boundaries that fall inside a run of equal
 * times, and with a feed update written between two slices. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "dateline/archive.h"
#include "dateline/model.h"
#include "dateline/timeline.h"
#include "dateline/util.h"

#define T0 1766966400		/* 2025-12-29T00:00:00Z */
#define NSTORIES 23

struct fixture {
	char dir[64];
	char path[96];
	struct archive *a;
};

static struct story
story(const char *id, int64_t t)
{
	struct story s = { 0 };
	char title[64];

	snprintf(title, sizeof title, "Story %s on its own happening", id);
	s.id = xstrdup(id);
	s.link = xstrdup("");
	s.title = xstrdup(title);
	s.summary = xstrdup("");
	s.content = xstrdup("");
	s.authors = xstrdup("");
	s.categories = xstrdup("");
	if (t != NO_TIME) {
		s.published.utc = t;
		s.published.known = true;
	}
	return s;
}

static void
store(struct archive *a, const char *source, struct story *v, size_t n)
{
	struct feed_state st = { 0 };
	char err[256];
	size_t added;

	st.last_success = NO_TIME;
	assert_int_equal(archive_store(a, source, &st, v, NULL, n, &added, err,
				       sizeof err), 0);
	for (size_t i = 0; i < n; i++)
		story_free(&v[i]);
}

/* Two feeds; times with long runs of ties (every third story shares a
 * minute), written out of order; three undated. */
static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	struct story a[NSTORIES], b[3];
	char err[256];
	size_t na = 0;

	snprintf(f->dir, sizeof f->dir, "/tmp/dateline-unit-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/archive.db", f->dir);
	f->a = archive_open(f->path, err, sizeof err);
	assert_non_null(f->a);
	for (int i = NSTORIES - 3 - 1; i >= 0; i--) {
		char id[16];

		snprintf(id, sizeof id, "a%02d", i);
		a[na++] = story(id, T0 + (i / 3) * 60);
	}
	store(f->a, "wire-a", a, na);
	b[0] = story("u1", NO_TIME);
	b[1] = story("u2", NO_TIME);
	b[2] = story("u3", NO_TIME);
	store(f->a, "wire-b", b, 3);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];

	archive_close(f->a);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

static void
test_slices_read_everything_once(void **state)
{
	struct fixture *f = *state;
	struct timeline *tl = timeline_new(NULL);
	struct archive_reader *r;
	size_t total = 0, got = 0;
	int64_t last = INT64_MIN;
	bool undated = false;
	char err[256];
	long n;

	r = archive_reader_new(f->a, tl, 0, &total, err, sizeof err);
	assert_non_null(r);
	assert_int_equal(total, NSTORIES);
	assert_int_equal(tl->nfeeds, 2);
	/* slices of 2 end inside runs of three equal times */
	while ((n = archive_reader_step(r, 2, err, sizeof err)) > 0) {
		assert_true(n <= 2);
		for (size_t i = got; i < got + (size_t)n; i++) {
			const struct story *s = &tl->stories[i];

			if (!s->published.known) {
				undated = true;
				continue;
			}
			assert_false(undated);	/* the dated come first */
			assert_true(s->published.utc >= last);
			last = s->published.utc;
		}
		got += (size_t)n;
	}
	assert_int_equal(n, 0);
	assert_int_equal(got, NSTORIES);
	assert_int_equal(tl->nstories, NSTORIES);
	assert_true(undated);
	archive_reader_free(r);
	timeline_free(tl);
}

/* A refresh stores a changed story and a new one between two slices: the
 * timeline ends with each story once, in its newest version. */
static void
test_write_between_slices(void **state)
{
	struct fixture *f = *state;
	struct timeline *tl = timeline_new(NULL);
	struct archive_reader *r;
	struct story s[2];
	char err[256];
	long n;
	size_t found = 0;

	r = archive_reader_new(f->a, tl, 0, NULL, err, sizeof err);
	assert_non_null(r);
	assert_int_equal(archive_reader_step(r, 5, err, sizeof err), 5);
	s[0] = story("a19", T0 + 6 * 60);
	free(s[0].title);
	s[0].title = xstrdup("Story a19, corrected");
	s[1] = story("a99", T0 + 99 * 60);
	store(f->a, "wire-a", s, 2);
	while ((n = archive_reader_step(r, 5, err, sizeof err)) > 0)
		;
	assert_int_equal(n, 0);
	assert_int_equal(tl->nstories, NSTORIES + 1);
	for (size_t i = 0; i < tl->nstories; i++) {
		if (strcmp(tl->stories[i].id, "a19") == 0) {
			assert_string_equal(tl->stories[i].title,
					    "Story a19, corrected");
			found++;
		}
	}
	assert_int_equal(found, 1);
	archive_reader_free(r);
	timeline_free(tl);
}

/* Read to the end in large slices: the events in time order, the
 * undated last. */
static void
test_load_all(void **state)
{
	struct fixture *f = *state;
	struct timeline *tl = timeline_new(NULL);
	struct archive_reader *r;
	char err[256];

	r = archive_reader_new(f->a, tl, 0, NULL, err, sizeof err);
	assert_non_null(r);
	while (archive_reader_step(r, 4096, err, sizeof err) > 0)
		;
	archive_reader_free(r);
	assert_int_equal(tl->nstories, NSTORIES);
	timeline_finish(tl);
	assert_true(tl->nevents > 0);
	assert_true(tl->events[0].start == T0);
	assert_true(tl->events[tl->nevents - 1].start == NO_TIME);
	timeline_free(tl);
}

/* In stored order, in slices of 2, with a refresh written between two
 * slices: every story once (the new one and the new version may come too
 * late, the pump reads ahead), and without the write the same events as
 * a reader by time makes. */
static void
test_stored_order(void **state)
{
	struct fixture *f = *state;
	struct timeline *tl = timeline_new(NULL), *bytime = timeline_new(NULL);
	struct archive_reader *r;
	struct story s[2];
	size_t total = 0, found = 0;
	char err[256];
	long n;

	r = archive_reader_new(f->a, tl, READ_STORED | READ_NO_TEXT, &total,
			       err, sizeof err);
	assert_non_null(r);
	assert_int_equal(total, NSTORIES);
	assert_int_equal(archive_reader_step(r, 2, err, sizeof err), 2);
	s[0] = story("a19", T0 + 6 * 60);
	free(s[0].title);
	s[0].title = xstrdup("Story a19, corrected");
	s[1] = story("a99", T0 + 99 * 60);
	store(f->a, "wire-a", s, 2);
	while ((n = archive_reader_step(r, 2, err, sizeof err)) > 0)
		assert_true(n <= 2);
	assert_int_equal(n, 0);
	archive_reader_free(r);
	assert_true(tl->nstories == NSTORIES || tl->nstories == NSTORIES + 1);
	for (size_t i = 0; i < tl->nstories; i++)
		if (strcmp(tl->stories[i].id, "a19") == 0)
			found++;
	assert_int_equal(found, 1);
	timeline_free(tl);

	tl = timeline_new(NULL);
	r = archive_reader_new(f->a, tl, READ_STORED, NULL, err, sizeof err);
	assert_non_null(r);
	while ((n = archive_reader_step(r, 2, err, sizeof err)) > 0)
		assert_true(n <= 2);
	assert_int_equal(n, 0);
	archive_reader_free(r);
	assert_int_equal(tl->nstories, NSTORIES + 1);
	r = archive_reader_new(f->a, bytime, 0, NULL, err, sizeof err);
	assert_non_null(r);
	while (archive_reader_step(r, 4096, err, sizeof err) > 0)
		;
	archive_reader_free(r);
	timeline_finish(tl);
	timeline_finish(bytime);
	assert_int_equal(tl->nevents, bytime->nevents);
	for (size_t i = 0; i < tl->nevents; i++) {
		assert_true(tl->events[i].id == bytime->events[i].id);
		assert_int_equal(tl->events[i].nstories,
				 bytime->events[i].nstories);
	}
	timeline_free(tl);
	timeline_free(bytime);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_slices_read_everything_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_between_slices,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_all, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_stored_order, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
