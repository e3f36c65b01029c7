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
#include <sqlite3.h>

#include "dateline/actors.h"
#include "dateline/archive.h"
#include "dateline/buf.h"
#include "dateline/embedded.h"
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
	struct store_counts counts;

	st.last_success = NO_TIME;
	assert_int_equal(archive_store(a, source, &st, v, NULL, n, &counts, err,
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

/* Reading in stored order must give the events a reader by time gives:
 * the same ids, the same sources.  Here the rows are stored feed by feed
 * (not in time order), most stories have facts and some do not: a third
 * wire's reports of the same happenings, stored after the others' facts
 * were made, and a little older than them, and a scattering whose facts
 * were lost.  A story without facts is compared with every story read, as
 * a story fetched after the archive was read would be: so the late
 * reports join the events they report, whoever reads them. */
#define HAPPENINGS 700

static void
word(char *out, unsigned k, unsigned seed)
{
	unsigned x = k * 2654435761u + seed * 40503u + 17;

	for (int i = 0; i < 7; i++) {
		x = x * 1103515245u + 12345u;
		out[i] = (char)('a' + (x >> 16) % 26);
	}
	out[7] = '\0';
}

static struct story
report(unsigned k, int wire)
{
	static const int delay[3] = { 0, 900, -1200 };
	char w[4][8], title[160], summary[200], id[16];
	struct story s;

	for (unsigned i = 0; i < 4; i++)
		word(w[i], k, i);
	snprintf(id, sizeof id, "%c-%u", 'a' + wire, k);
	s = story(id, T0 + (int64_t)k * 3600 + delay[wire]);
	if (wire == 0)
		snprintf(title, sizeof title, "Negotiators from %s and %s"
			 " sign the %s accord in %s", w[0], w[1], w[2], w[3]);
	else if (wire == 1)
		snprintf(title, sizeof title, "%s talks end as %s and %s sign"
			 " the %s accord", w[3], w[0], w[1], w[2]);
	else
		snprintf(title, sizeof title, "%s and %s agree on the %s"
			 " accord at a %s meeting", w[0], w[1], w[2], w[3]);
	snprintf(summary, sizeof summary, "The %s accord between %s and %s"
		 " was signed in %s after %u hours.", w[2], w[0], w[1], w[3],
		 k % 40 + 2);
	free(s.title);
	free(s.summary);
	s.title = xstrdup(title);
	s.summary = xstrdup(summary);
	return s;
}

static void
store_wire(struct archive *a, int wire)
{
	struct story *v = xcalloc(HAPPENINGS, sizeof *v);
	char source[16];

	for (unsigned k = 0; k < HAPPENINGS; k++)
		v[k] = report(HAPPENINGS - 1 - k, wire);
	snprintf(source, sizeof source, "wire-%c", 'a' + wire);
	store(a, source, v, HAPPENINGS);
	free(v);
}

static struct timeline *
read_all(struct archive *a, struct actors *actors, unsigned flags)
{
	struct timeline *tl = timeline_new(actors);
	struct archive_reader *r;
	size_t total = 0, placed = 0;
	char err[256];
	long n;

	r = archive_reader_new(a, tl, flags, &total, err, sizeof err);
	assert_non_null(r);
	/* progress: what is placed, each story once, whether it was put
	 * off or not, never beyond the total */
	while ((n = archive_reader_step(r, 500, err, sizeof err)) > 0) {
		assert_true(archive_reader_placed(r) >= placed);
		placed = archive_reader_placed(r);
		assert_int_equal(placed, tl->nstories);
		assert_true(placed <= total);
	}
	assert_int_equal(n, 0);
	assert_int_equal(archive_reader_placed(r), total);
	archive_reader_free(r);
	timeline_finish(tl);
	return tl;
}

static void
sql_exec(const char *path, const char *q)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	assert_int_equal(sqlite3_exec(db, q, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

static void
test_stored_order(void **state)
{
	/* facts lost, and facts spoilt (made under this key, their last
	 * byte cut: decoded, found wanting, made again); many put off, so
	 * that their facts are made by several threads while the spoilt
	 * ones are read (decoding may add to the dictionary: never while
	 * those threads run) */
	static const char lose[] = "DELETE FROM facts WHERE story IN"
		" (SELECT s.rowid FROM stories s JOIN feeds f ON f.id = s.feed"
		" WHERE f.source = 'wire-c' OR s.rowid % 11 = 3);"
		" UPDATE facts SET facts = substr(facts, 1, length(facts) - 1)"
		" WHERE story % 11 = 5";
	struct fixture *f = *state;
	const struct embedded_file *dict = embedded_find("actors.tsv");
	struct actors *actors = actors_new();
	struct timeline *tl, *bytime;
	char err[256];
	size_t merged = 0, with_c = 0;

	assert_non_null(dict);
	assert_int_equal(actors_load_mem(actors, dict->data, dict->len,
					 "actors.tsv", err, sizeof err), 0);
	archive_use_facts(f->a, actors, 42);
	store_wire(f->a, 0);
	store_wire(f->a, 1);
	timeline_free(read_all(f->a, actors, 0));	/* facts made, kept */
	store_wire(f->a, 2);
	sql_exec(f->path, lose);
	bytime = read_all(f->a, actors, 0);
	sql_exec(f->path, lose);
	tl = read_all(f->a, actors, READ_STORED | READ_NO_TEXT);
	assert_int_equal(tl->nstories, NSTORIES + 3 * HAPPENINGS);
	assert_int_equal(tl->nevents, bytime->nevents);
	for (size_t i = 0; i < tl->nevents; i++) {
		const struct event *e = &tl->events[i];

		assert_true(e->id == bytime->events[i].id);
		assert_int_equal(e->nstories, bytime->events[i].nstories);
		for (size_t j = 0; j < e->nstories; j++) {
			const struct story *s = &tl->stories[e->stories[j]],
				*t = &bytime->stories[
					bytime->events[i].stories[j]];

			assert_string_equal(s->id, t->id);
			with_c += e->nstories > 1 && s->id[0] == 'c';
		}
		merged += e->nstories > 1;
	}
	/* not a vacuous agreement: wires a and b were merged, and the
	 * late, older reports of wire c joined them */
	printf("events %zu, merged %zu, c in merged %zu\n", tl->nevents,
	       merged, with_c);
	assert_true(merged > HAPPENINGS / 2);
	assert_true(with_c > HAPPENINGS / 2);
	/* each story is found by its feed and id afterwards, once */
	for (size_t i = 0; i < tl->nstories; i += 97) {
		struct story again = tl->stories[i];
		uint32_t si;

		again.id = xstrdup(tl->stories[i].id);
		again.link = xstrdup(tl->stories[i].link);
		again.title = xstrdup("Told again");
		again.summary = again.content = again.authors =
			again.categories = NULL;
		again.packed = again.slab = false;
		si = timeline_add(tl, &again);
		assert_int_equal(si, i);
		assert_int_equal(tl->nstories, NSTORIES + 3 * HAPPENINGS);
		story_free(&again);
	}
	timeline_free(tl);
	timeline_free(bytime);
	actors_free(actors);
}

static long long
sql_count(const char *path, const char *q)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	long long n = -1;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, q, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

/* Facts stored again (a name found after the story) replace the stored
 * ones only: a story stored without facts (its text changed since, which
 * dropped them) or not stored at all is passed over. */
static void
test_renew_facts(void **state)
{
	struct fixture *f = *state;
	const char *sources[] = { "wire-a", "wire-a", "wire-a", "wire-z" };
	const char *ids[] = { "a00", "a01", "nope", "a00" };
	struct buf facts[4] = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };

	sql_exec(f->path, "INSERT INTO facts (story, facts) SELECT rowid,"
		 " x'01' FROM stories WHERE id = 'a00'");
	for (size_t i = 0; i < 4; i++)
		buf_adds(&facts[i], "renewed");
	assert_int_equal(archive_store_facts(f->a, sources, ids, facts, 4), 0);
	assert_int_equal(sql_count(f->path, "SELECT count(*) FROM facts"), 1);
	assert_int_equal(sql_count(f->path, "SELECT count(*) FROM facts JOIN"
				   " stories ON stories.rowid = facts.story"
				   " WHERE id = 'a00' AND CAST(facts AS TEXT) = 'renewed'"),
			 1);
	for (size_t i = 0; i < 4; i++)
		buf_free(&facts[i]);
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
		cmocka_unit_test_setup_teardown(test_renew_facts, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
