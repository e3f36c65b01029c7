/* Reading the archive back into a timeline, a slice at a time.  The
 * interface reads oldest first, so that the start of the timeline shows
 * while the rest is read; a command reads in stored order, the file front
 * to back, with a second thread (the pump) stepping SQLite and copying
 * rows while this one puts them on the timeline. */
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "dateline/adder.h"
#include "dateline/archive.h"
#include "dateline/buf.h"
#include "dateline/facts.h"
#include "dateline/model.h"
#include "dateline/timeline.h"
#include "dateline/util.h"

#include "archive_db.h"

#define PUMP_BATCH 1024		/* rows the pump reads at a time */
#define PUMP_BATCHES 4		/* ... and keeps ready, at most */

/* A row as the pump hands it over: the story (strings in one block) and
 * where its facts are in the batch's bytes. */
struct row {
	struct story s;
	size_t facts, nfacts;	/* offset, length; SIZE_MAX: none */
	uint64_t group;		/* their event label, 0: none */
	int64_t rowid;
};

struct pump {
	pthread_t thread;
	bool running;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	/* guarded by mu: */
	size_t count[PUMP_BATCHES];	/* rows in a full batch */
	bool full[PUMP_BATCHES];
	bool done, stop, failed;
	char err[512];
	/* the pump's own: */
	size_t fill;
	int64_t last_row;
	/* the reader's own: */
	size_t take, at;		/* batch and row read next */
	bool holding;			/* batch take is being read */
	struct row rows[PUMP_BATCHES][PUMP_BATCH];
	struct buf facts[PUMP_BATCHES];	/* the batches' facts, copied */
};

/* Each slice is a short statement of its own that resumes after the last
 * row read, so no read stays open while the same connection writes what a
 * refresh brings.  By time: dated stories by publication, then the undated
 * ones. */
struct archive_reader {
	struct archive *a;
	struct timeline *tl;
	sqlite3_stmt *dated, *undated;
	uint32_t *made;			/* stories whose facts were made now */
	int64_t *made_row;		/* ... and their rows */
	size_t nmade, made_cap;
	uint32_t *feed_of;		/* archive feed id -> timeline feed */
	size_t nfeed_of;
	bool in_undated;		/* the dated ones are all read */
	int64_t last_pub, last_row;
	bool stored;			/* READ_STORED */
	/* stored order into an empty timeline: no row is one it holds
	 * already ((feed, id) is unique, and nothing else writes) */
	bool distinct;
	/* The rows whose facts must be made, put off until the rest is read
	 * and then placed oldest first, each compared with every story read,
	 * as a story fetched after the archive was read is; so that the
	 * events hang neither on the order read in nor on when the facts
	 * were made.  In stored order, or by time, when the archive holds
	 * facts; a first reader of an archive without any reads by time and
	 * places them as it reads (and the interface shows them at once). */
	bool defer, later_sorted;
	sqlite3_stmt *one;		/* one row, with its text */
	struct later {
		int64_t pub, row;
		bool dated;
	} *later;
	size_t nlater, later_done, later_cap;
	size_t counted;			/* rows _step has returned */
	/* READ_NO_TEXT: the stories restored without their text, which
	 * they get before any story is compared with them */
	bool no_text;
	struct bare {
		int64_t row;
		uint32_t story;
	} *bare;
	size_t nbare, bare_cap;
	struct pump *pump;		/* READ_STORED, while it reads */
	/* How facts made under this reader's key begin: others are not
	 * decoded (decoding may add to the dictionary, which an adder's
	 * threads may be using). */
	unsigned char prefix[FACTS_PREFIX];
};

/* What a reader selects: everything, or the text left empty. */
#define COLUMNS(text) "SELECT s.feed, s.id, s.link, s.title, " text \
	", s.authors, s.categories, s.published, s.utc_offset, s.has_zone," \
	" s.rowid, f.facts FROM stories s LEFT JOIN facts f" \
	" ON f.story = s.rowid"
#define WITH_TEXT COLUMNS("s.summary, s.content")
#define NO_TEXT COLUMNS("'', ''")
#define BY_TIME " WHERE s.published IS NOT NULL AND (s.published, s.rowid)" \
	" > (?1, ?2) ORDER BY s.published, s.rowid LIMIT ?3"
#define UNDATED " WHERE s.published IS NULL AND s.rowid > ?1" \
	" ORDER BY s.rowid LIMIT ?2"
#define STORED " WHERE s.rowid > ?1 ORDER BY s.rowid LIMIT ?2"
#define ONE " WHERE s.rowid = ?1"

static void flush_facts(struct archive_reader *r);
static void pump_end(struct archive_reader *r);

static int
map_feeds(struct archive_reader *r, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(r->a->db, "SELECT id, source, title, link"
			       " FROM feeds ORDER BY id", -1, &st,
			       NULL) != SQLITE_OK) {
		adb_err(r->a, err, errlen, "cannot read the archive");
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		uint32_t f = timeline_feed(r->tl,
			(const char *)sqlite3_column_text(st, 1));

		if (!r->tl->feeds[f].title)
			r->tl->feeds[f].title = adb_column_dup(st, 2);
		if (!r->tl->feeds[f].link)
			r->tl->feeds[f].link = adb_column_dup(st, 3);
		if (id < 0 || id > UINT32_MAX / 2)
			continue;
		if ((size_t)id >= r->nfeed_of) {
			size_t n = (size_t)id + 1 + r->nfeed_of;

			r->feed_of = xreallocarray(r->feed_of, n,
						   sizeof *r->feed_of);
			memset(r->feed_of + r->nfeed_of, 0xff,
			       (n - r->nfeed_of) * sizeof *r->feed_of);
			r->nfeed_of = n;
		}
		r->feed_of[id] = f;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		adb_err(r->a, err, errlen, "cannot read the archive");
		return -1;
	}
	return 0;
}

static size_t
count_stories(struct archive *a)
{
	sqlite3_stmt *st;
	size_t n = 0;

	if (sqlite3_prepare_v2(a->db, "SELECT count(*) FROM stories", -1, &st,
			       NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = (size_t)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static size_t
count_facts(struct archive *a)
{
	sqlite3_stmt *st;
	size_t n = SIZE_MAX;

	if (sqlite3_prepare_v2(a->db, "SELECT count(*) FROM facts", -1, &st,
			       NULL) != SQLITE_OK)
		return n;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = (size_t)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* Whether some stored facts can be read: else (a first reader, or one
 * with another dictionary) all are to be made, as the stories come. */
static bool
any_facts(struct archive *a)
{
	unsigned char prefix[FACTS_PREFIX];
	sqlite3_stmt *st;
	bool any = false;

	if (!a->actors)
		return false;
	if (sqlite3_prepare_v2(a->db, "SELECT 1 FROM facts WHERE"
			       " substr(facts, 1, ?1) = ?2 LIMIT 1", -1, &st,
			       NULL) != SQLITE_OK)
		return false;
	facts_prefix(a->facts_key, prefix);
	sqlite3_bind_int(st, 1, FACTS_PREFIX);
	sqlite3_bind_blob(st, 2, prefix, FACTS_PREFIX, SQLITE_STATIC);
	any = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return any;
}

void
archive_reader_free(struct archive_reader *r)
{
	if (!r)
		return;
	pump_end(r);
	flush_facts(r);
	sqlite3_finalize(r->dated);
	sqlite3_finalize(r->undated);
	sqlite3_finalize(r->one);
	free(r->later);
	free(r->bare);
	free(r->feed_of);
	free(r->made);
	free(r->made_row);
	free(r);
}

struct archive_reader *
archive_reader_new(struct archive *a, struct timeline *tl, unsigned flags,
		   size_t *total, char *err, size_t errlen)
{
	struct archive_reader *r = xcalloc(1, sizeof *r);
	size_t n = count_stories(a);
	bool text, any = any_facts(a);
	int rc;

	r->a = a;
	r->tl = tl;
	facts_prefix(a->facts_key, r->prefix);
	r->last_pub = INT64_MIN;
	r->last_row = INT64_MIN;
	/* stored order is one pass of the "undated" kind over every row;
	 * the rows without facts are put off, and read again by time.  When
	 * no row has facts (the first reader after `fetch`), all would be:
	 * reading by time at once places the same stories in the same order,
	 * each row read once. */
	r->in_undated = r->stored = (flags & READ_STORED) && any;
	r->defer = r->stored || any;
	r->distinct = r->stored && tl->nstories == 0;
	/* without text only when every story has its facts: one that has
	 * none is compared with the others, by their words */
	r->no_text = r->stored && (flags & READ_NO_TEXT) && a->actors &&
		     count_facts(a) == n;
	text = !r->no_text;
	rc = map_feeds(r, err, errlen);
	if (!rc && r->stored)
		rc = adb_prepare(a, &r->undated, text ? WITH_TEXT STORED :
			     NO_TEXT STORED, err, errlen) ||
		     adb_prepare(a, &r->one, WITH_TEXT ONE, err, errlen);
	else if (!rc)
		rc = adb_prepare(a, &r->dated, text ? WITH_TEXT BY_TIME :
			     NO_TEXT BY_TIME, err, errlen) ||
		     adb_prepare(a, &r->undated, text ? WITH_TEXT UNDATED :
			     NO_TEXT UNDATED, err, errlen) ||
		     (r->defer && adb_prepare(a, &r->one, WITH_TEXT ONE, err,
					      errlen));
	if (rc) {
		archive_reader_free(r);
		return NULL;
	}
	if (total)
		*total = n;
	return r;
}

/* Keep the facts made while reading, so that the next start need not
 * make them again.  Only a cache: an archive busy with another writer is
 * not waited for, and they are made again next time. */
static void
flush_facts(struct archive_reader *r)
{
	struct archive *a = r->a;
	struct buf b = BUF_INIT;
	bool ok;

	if (!r->nmade || !a->actors)
		return;
	a->no_wait = true;
	ok = adb_exec(a, "BEGIN IMMEDIATE", NULL, 0) == 0;
	for (size_t i = 0; ok && i < r->nmade; i++) {
		buf_reset(&b);
		facts_encode(&r->tl->facts[r->made[i]], a->actors,
			     a->facts_key, &b);
		ok = adb_put_facts(a, r->made_row[i], &b) == 0;
	}
	if (ok)
		ok = adb_exec(a, "COMMIT", NULL, 0) == 0;
	if (!ok)
		adb_exec(a, "ROLLBACK", NULL, 0);
	a->no_wait = false;
	buf_free(&b);
	r->nmade = 0;
}

static void
put_off(struct archive_reader *r, bool dated, int64_t pub, int64_t row)
{
	struct later *l;

	if (r->nlater == r->later_cap) {
		r->later_cap = r->later_cap ? r->later_cap * 2 : 256;
		r->later = xreallocarray(r->later, r->later_cap,
					 sizeof *r->later);
	}
	l = &r->later[r->nlater++];
	l->dated = dated;
	l->pub = pub;
	l->row = row;
}

/* A story restored without its text, to be given it if need be. */
static void
keep_bare(struct archive_reader *r, int64_t row, uint32_t si)
{
	if (r->nbare == r->bare_cap) {
		r->bare_cap = r->bare_cap ? r->bare_cap * 2 : 256;
		r->bare = xreallocarray(r->bare, r->bare_cap,
					sizeof *r->bare);
	}
	r->bare[r->nbare].row = row;
	r->bare[r->nbare++].story = si;
}

/* The story of the row st is on, its strings in one block; false when
 * its feed is gone. */
static bool
row_story(const struct archive_reader *r, sqlite3_stmt *st, struct story *s)
{
	const char *v[STORY_STRINGS];
	size_t len[STORY_STRINGS];
	int64_t feed = sqlite3_column_int64(st, 0);

	if (feed < 0 || (size_t)feed >= r->nfeed_of ||
	    r->feed_of[feed] == UINT32_MAX)
		return false;
	memset(s, 0, sizeof *s);
	s->feed = r->feed_of[feed];
	for (int i = 0; i < STORY_STRINGS; i++) {
		v[i] = (const char *)sqlite3_column_text(st, i + 1);
		len[i] = (size_t)sqlite3_column_bytes(st, i + 1);
	}
	story_pack(s, v, len);
	s->published.known = sqlite3_column_type(st, 8) != SQLITE_NULL;
	s->published.utc = sqlite3_column_int64(st, 8);
	s->published.offset = sqlite3_column_int(st, 9);
	s->published.has_zone = sqlite3_column_int(st, 10) != 0;
	return true;
}

/* The order of READ_BY_TIME: dated by publication, then the undated. */
static int
cmp_later(const void *a, const void *b)
{
	const struct later *x = a, *y = b;

	if (x->dated != y->dated)
		return x->dated ? -1 : 1;
	if (x->dated && x->pub != y->pub)
		return x->pub < y->pub ? -1 : 1;
	return (x->row > y->row) - (x->row < y->row);
}

/* Note that story si, of row, has facts made now (to be stored). */
static void
note_made(struct archive_reader *r, int64_t row, uint32_t si)
{
	if (!r->a->actors)
		return;
	if (r->nmade == r->made_cap) {
		r->made_cap = r->made_cap ? r->made_cap * 2 : 256;
		r->made = xreallocarray(r->made, r->made_cap, sizeof *r->made);
		r->made_row = xreallocarray(r->made_row, r->made_cap,
					    sizeof *r->made_row);
	}
	r->made_row[r->nmade] = row;
	r->made[r->nmade++] = si;
}

/* Stories without readable facts being added together (an adder: several
 * threads make their facts while the next rows are read), and their rows. */
struct pending {
	struct adder *adder;
	int64_t *row;
	size_t n, cap;
};

/* Wait until the pending stories are in the timeline. */
static void
pending_add(struct archive_reader *r, struct pending *p)
{
	uint32_t *si;

	if (!p->adder)
		return;
	adder_end(p->adder, &si);
	p->adder = NULL;
	for (size_t i = 0; i < p->n; i++)
		note_made(r, p->row[i], si[i]);
	free(si);
	p->n = 0;
}

/* Whether the row st is on has facts made under this reader's key. */
static bool
ours(const struct archive_reader *r, sqlite3_stmt *st)
{
	return sqlite3_column_type(st, 12) == SQLITE_BLOB &&
	       sqlite3_column_bytes(st, 12) >= FACTS_PREFIX &&
	       memcmp(sqlite3_column_blob(st, 12), r->prefix,
		      FACTS_PREFIX) == 0;
}

/* Add the story of the row st is on: with its stored facts, else made
 * now (or put off, when may_put_off; or, given p, added with the others
 * in p, which are added first when this one may have facts). */
static void
read_story(struct archive_reader *r, sqlite3_stmt *st, bool may_put_off,
	   struct pending *p)
{
	struct story s;
	struct story_facts f;
	int64_t row = sqlite3_column_int64(st, 11);
	int64_t feed = sqlite3_column_int64(st, 0);
	bool restored;
	uint32_t si;

	if (feed < 0 || (size_t)feed >= r->nfeed_of ||
	    r->feed_of[feed] == UINT32_MAX)
		return;		/* a row whose feed is gone */
	restored = false;
	if (r->a->actors && ours(r, st)) {
		/* the dictionary is the adder's while it runs */
		if (p)
			pending_add(r, p);
		restored = facts_decode(sqlite3_column_blob(st, 12),
					(size_t)sqlite3_column_bytes(st, 12),
					r->a->facts_key, r->a->actors, &f);
	}
	if (!restored && may_put_off) {
		put_off(r, sqlite3_column_type(st, 8) != SQLITE_NULL,
			sqlite3_column_int64(st, 8), row);
		return;
	}
	if (!restored && p) {
		if (p->n == p->cap) {
			p->cap = p->cap ? p->cap * 2 : 256;
			p->row = xreallocarray(p->row, p->cap, sizeof *p->row);
		}
		if (!p->adder)
			p->adder = adder_new(r->tl);
		row_story(r, st, &s);
		adder_push(p->adder, &s);
		p->row[p->n++] = row;
		return;
	}
	row_story(r, st, &s);
	story_normalise(&s);
	if (restored) {
		si = timeline_restore(r->tl, &s, &f, false);
		if (r->no_text)
			keep_bare(r, row, si);
		return;
	}
	note_made(r, row, timeline_add(r->tl, &s));
}

/* ---- the pump ---- */

/* Fill batches in turn until the rows run out, an error, or stop. */
static void *
pump_run(void *arg)
{
	struct archive_reader *r = arg;
	struct pump *p = r->pump;
	sqlite3_stmt *st = r->undated;

	for (;;) {
		size_t b, n = 0, got = 0;
		int rc;

		pthread_mutex_lock(&p->mu);
		while (p->full[p->fill] && !p->stop)
			pthread_cond_wait(&p->cv, &p->mu);
		b = p->fill;
		if (p->stop) {
			pthread_mutex_unlock(&p->mu);
			return NULL;
		}
		pthread_mutex_unlock(&p->mu);
		buf_reset(&p->facts[b]);
		sqlite3_bind_int64(st, 1, p->last_row);
		sqlite3_bind_int64(st, 2, PUMP_BATCH);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			struct row *w = &p->rows[b][n];

			got++;
			p->last_row = sqlite3_column_int64(st, 11);
			if (!row_story(r, st, &w->s))
				continue;	/* its feed is gone */
			w->rowid = p->last_row;
			w->facts = SIZE_MAX;
			w->nfacts = 0;
			w->group = 0;
			if (sqlite3_column_type(st, 12) == SQLITE_BLOB) {
				w->facts = p->facts[b].len;
				w->nfacts = (size_t)sqlite3_column_bytes(st,
									 12);
				buf_add(&p->facts[b],
					sqlite3_column_blob(st, 12),
					w->nfacts);
				w->group = facts_group(p->facts[b].data +
						       w->facts, w->nfacts);
			}
			n++;
		}
		sqlite3_reset(st);
		pthread_mutex_lock(&p->mu);
		if (rc != SQLITE_DONE) {
			adb_err(r->a, p->err, sizeof p->err,
				"cannot read the archive");
			p->failed = true;
		}
		if (n) {	/* else the same batch again */
			p->count[b] = n;
			p->full[b] = true;
			p->fill = (b + 1) % PUMP_BATCHES;
		}
		if (!got || p->failed)
			p->done = true;
		pthread_cond_broadcast(&p->cv);
		if (p->done) {
			pthread_mutex_unlock(&p->mu);
			return NULL;
		}
		pthread_mutex_unlock(&p->mu);
	}
}

static void
pump_start(struct archive_reader *r)
{
	struct pump *p = xcalloc(1, sizeof *p);

	p->last_row = INT64_MIN;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	r->pump = p;
	p->running = pthread_create(&p->thread, NULL, pump_run, r) == 0;
	if (!p->running) {
		p->done = p->failed = true;
		snprintf(p->err, sizeof p->err, "%s",
			 "cannot start reading the archive");
	}
}

/* Stop the pump, wait for it, and drop what it read and was not taken. */
static void
pump_end(struct archive_reader *r)
{
	struct pump *p = r->pump;

	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	p->stop = true;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	if (p->running)
		pthread_join(p->thread, NULL);
	for (size_t b = 0; b < PUMP_BATCHES; b++) {
		size_t from = b == p->take && p->holding ? p->at : 0;

		if (p->full[b])
			for (size_t i = from; i < p->count[b]; i++)
				story_free(&p->rows[b][i].s);
		buf_free(&p->facts[b]);
	}
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	free(p);
	r->pump = NULL;
}

/* Put one row on the timeline, or put it off when its facts must be
 * made. */
static void
use_row(struct archive_reader *r, struct row *w, const struct buf *facts)
{
	struct story_facts f;
	bool restored = r->a->actors && w->facts != SIZE_MAX &&
		facts_decode(facts->data + w->facts, w->nfacts,
			     r->a->facts_key, r->a->actors, &f);
	uint32_t si;

	if (!restored) {
		put_off(r, w->s.published.known, w->s.published.utc,
			w->rowid);
		story_free(&w->s);
		return;
	}
	story_normalise(&w->s);
	si = timeline_restore(r->tl, &w->s, &f, r->distinct);
	if (r->no_text)
		keep_bare(r, w->rowid, si);
}

/* Where row i of the batch being read will find its event, fetched
 * ahead of it, step by step (timeline_prefetch), two rows a step. */
#define AHEAD_STEPS 5

static void
ahead(struct archive_reader *r, size_t i, int step)
{
	struct pump *p = r->pump;

	if (i < p->count[p->take])
		timeline_prefetch(r->tl, p->rows[p->take][i].group, step);
}

/* Up to max rows from the pump: how many (0 once it has read them all,
 * -1 with err set). */
static long
pump_take(struct archive_reader *r, size_t max, char *err, size_t errlen)
{
	struct pump *p = r->pump;
	long n = 0;

	while ((size_t)n < max) {
		if (!p->holding || p->at == p->count[p->take]) {
			pthread_mutex_lock(&p->mu);
			if (p->holding) {
				p->full[p->take] = false;
				p->take = (p->take + 1) % PUMP_BATCHES;
				p->holding = false;
				pthread_cond_broadcast(&p->cv);
			}
			while (!p->full[p->take] && !p->done)
				pthread_cond_wait(&p->cv, &p->mu);
			if (!p->full[p->take]) {
				bool failed = p->failed;

				pthread_mutex_unlock(&p->mu);
				if (failed) {
					snprintf(err, errlen, "%s", p->err);
					return -1;
				}
				break;
			}
			p->holding = true;
			p->at = 0;
			pthread_mutex_unlock(&p->mu);
		}
		for (int k = 0; k < AHEAD_STEPS; k++)
			ahead(r, p->at + 2 * (AHEAD_STEPS - k), k);
		use_row(r, &p->rows[p->take][p->at++], &p->facts[p->take]);
		n++;
	}
	return n;
}

/* The text of the stories restored without it. */
static int
give_text(struct archive_reader *r, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	int rc = SQLITE_DONE;

	if (adb_prepare(r->a, &st, "SELECT summary, content FROM stories"
		    " WHERE rowid = ?1", err, errlen))
		return -1;
	for (size_t i = 0; i < r->nbare; i++) {
		struct story *s = &r->tl->stories[r->bare[i].story];

		sqlite3_bind_int64(st, 1, r->bare[i].row);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			story_set_text(s, (const char *)sqlite3_column_text(
					       st, 0),
				       (size_t)sqlite3_column_bytes(st, 0),
				       (const char *)sqlite3_column_text(
					       st, 1),
				       (size_t)sqlite3_column_bytes(st, 1));
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			break;
	}
	sqlite3_finalize(st);
	r->nbare = 0;
	r->no_text = false;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		adb_err(r->a, err, errlen, "cannot read the archive");
		return -1;
	}
	return 0;
}

/* Up to max of the rows put off, oldest first, each read again whole. */
static long
read_later(struct archive_reader *r, size_t max, char *err, size_t errlen)
{
	struct pending p = { 0 };
	long n = 0;

	if (!r->later_sorted) {
		if (r->nlater)
			qsort(r->later, r->nlater, sizeof *r->later,
			      cmp_later);
		r->later_sorted = true;
		/* some facts could not be read after all (another
		 * dictionary wrote them) */
		if (r->nlater && r->no_text && give_text(r, err, errlen))
			return -1;
	}
	while (r->later_done < r->nlater && (size_t)n < max) {
		int rc;

		sqlite3_bind_int64(r->one, 1, r->later[r->later_done++].row);
		rc = sqlite3_step(r->one);
		if (rc == SQLITE_ROW)
			read_story(r, r->one, false, &p);
		sqlite3_reset(r->one);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
			pending_add(r, &p);
			free(p.row);
			adb_err(r->a, err, errlen, "cannot read the archive");
			return -1;
		}
		n++;
	}
	pending_add(r, &p);
	free(p.row);
	if (r->nmade >= FACTS_FLUSH)
		flush_facts(r);
	return n;
}

static long
step(struct archive_reader *r, size_t max, char *err, size_t errlen)
{
	long n = 0;

	if (r->later_sorted)
		return read_later(r, max, err, errlen);
	if (r->stored) {
		if (!r->pump)
			pump_start(r);
		n = pump_take(r, max, err, errlen);
		if (n)
			return n;
		/* all read: the connection is this thread's again */
		pump_end(r);
		return read_later(r, max, err, errlen);
	}
	while (n == 0) {
		sqlite3_stmt *st = r->in_undated ? r->undated : r->dated;
		struct pending p = { 0 };
		int rc;

		if (r->in_undated) {
			sqlite3_bind_int64(st, 1, r->last_row);
			sqlite3_bind_int64(st, 2, (sqlite3_int64)max);
		} else {
			sqlite3_bind_int64(st, 1, r->last_pub);
			sqlite3_bind_int64(st, 2, r->last_row);
			sqlite3_bind_int64(st, 3, (sqlite3_int64)max);
		}
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			r->last_pub = sqlite3_column_int64(st, 8);
			r->last_row = sqlite3_column_int64(st, 11);
			read_story(r, st, r->defer, &p);
			n++;
		}
		sqlite3_reset(st);
		pending_add(r, &p);
		free(p.row);
		if (rc != SQLITE_DONE) {
			adb_err(r->a, err, errlen, "cannot read the archive");
			return -1;
		}
		if (r->nmade >= FACTS_FLUSH)
			flush_facts(r);
		if (!n && r->in_undated && r->defer)
			return read_later(r, max, err, errlen);
		if (n || r->in_undated)
			break;
		r->in_undated = true;
		r->last_row = INT64_MIN;
	}
	return n;
}

long
archive_reader_step(struct archive_reader *r, size_t max, char *err,
		    size_t errlen)
{
	long n = step(r, max, err, errlen);

	if (n > 0)
		r->counted += (size_t)n;
	return n;
}

/* Every row put off was counted once when put off, and once more for
 * each one placed since. */
size_t
archive_reader_placed(const struct archive_reader *r)
{
	return r->counted - r->nlater;
}
