/* The archive: stories and feed state in one SQLite file.  Every feed update
 * is one transaction, so a crash loses at most the feed being written. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "dateline/archive.h"
#include "dateline/buf.h"
#include "dateline/facts.h"
#include "dateline/timeline.h"
#include "dateline/util.h"

#define SCHEMA_VERSION 3
#define FACTS_FLUSH 4096	/* stories whose facts are written at once */
#define BUSY_TIMEOUT_MS 10000

struct archive {
	sqlite3 *db;
	char *path;
	bool told_busy;		/* "waiting for the archive" said once */
	bool no_wait;		/* a busy archive is given up at once */
	struct actors *actors;	/* for facts; NULL: none stored or read */
	uint64_t facts_key;
	sqlite3_stmt *insert, *update, *feed_id, *add_feed, *set_state;
	sqlite3_stmt *set_facts, *story_row;
};

/* Each step from version N-1 to N; version 1 is the first schema. */
static const char *const migrations[SCHEMA_VERSION] = {
	/* 1: feeds and stories */
	"CREATE TABLE feeds ("
	" id INTEGER PRIMARY KEY,"
	" source TEXT NOT NULL UNIQUE,"
	" title TEXT, link TEXT, etag TEXT, last_modified TEXT);"
	"CREATE TABLE stories ("
	" feed INTEGER NOT NULL REFERENCES feeds(id),"
	" id TEXT NOT NULL,"
	" link TEXT NOT NULL, title TEXT NOT NULL,"
	" summary TEXT NOT NULL, content TEXT NOT NULL,"
	" authors TEXT NOT NULL, categories TEXT NOT NULL,"
	" published INTEGER, utc_offset INTEGER NOT NULL,"
	" has_zone INTEGER NOT NULL,"
	" UNIQUE (feed, id));",
	/* 2: the outcome of the last attempt, and when a story was seen */
	"ALTER TABLE feeds ADD COLUMN last_status TEXT;"
	"ALTER TABLE feeds ADD COLUMN last_success INTEGER;"
	"ALTER TABLE feeds ADD COLUMN failed INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE stories ADD COLUMN seen INTEGER NOT NULL DEFAULT 0;"
	"UPDATE stories SET seen = CAST(strftime('%s', 'now') AS INTEGER);"
	"CREATE INDEX stories_published ON stories(published);",
	/* 3: what extraction and merging found in each story, to restart
	 * without them (facts.h); gone with the story or its old text */
	"CREATE TABLE facts ("
	" story INTEGER PRIMARY KEY,"
	" facts BLOB NOT NULL);"
	"CREATE TRIGGER story_gone AFTER DELETE ON stories BEGIN"
	" DELETE FROM facts WHERE story = old.rowid; END;"
	"CREATE TRIGGER story_changed AFTER UPDATE ON stories BEGIN"
	" DELETE FROM facts WHERE story = old.rowid; END;",
};

static void
set_err(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static void
db_err(struct archive *a, char *err, size_t errlen, const char *what)
{
	int code = sqlite3_errcode(a->db);

	if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
		set_err(err, errlen, "%s: archive is locked by another "
			"dateline (waited %d s)", a->path,
			BUSY_TIMEOUT_MS / 1000);
	else
		set_err(err, errlen, "%s: %s: %s", a->path, what,
			sqlite3_errmsg(a->db));
}

/* Wait for another writer, saying so once. */
static int
busy_wait(void *ud, int count)
{
	struct archive *a = ud;

	if (a->no_wait || count * 50 >= BUSY_TIMEOUT_MS)
		return 0;
	if (!a->told_busy && count == 10) {
		warn("%s: archive busy (another dateline is writing), waiting",
		     a->path);
		a->told_busy = true;
	}
	sqlite3_sleep(50);
	return 1;
}

static int
exec(struct archive *a, const char *sql, char *err, size_t errlen)
{
	if (sqlite3_exec(a->db, sql, NULL, NULL, NULL) != SQLITE_OK) {
		db_err(a, err, errlen, "database error");
		return -1;
	}
	return 0;
}

static int
user_version(struct archive *a)
{
	sqlite3_stmt *st;
	int v = -1;

	if (sqlite3_prepare_v2(a->db, "PRAGMA user_version", -1, &st,
			       NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int
migrate(struct archive *a, char *err, size_t errlen)
{
	int v;

	if (exec(a, "BEGIN IMMEDIATE", err, errlen))
		return -1;
	v = user_version(a);
	if (v < 0 || v > SCHEMA_VERSION) {
		exec(a, "ROLLBACK", NULL, 0);
		if (v > SCHEMA_VERSION)
			set_err(err, errlen, "%s: archive schema %d is newer "
				"than this dateline knows (%d)", a->path, v,
				SCHEMA_VERSION);
		else
			db_err(a, err, errlen, "not a dateline archive");
		return -1;
	}
	for (; v < SCHEMA_VERSION; v++) {
		char pragma[64];

		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d",
			 v + 1);
		if (exec(a, migrations[v], err, errlen) ||
		    exec(a, pragma, err, errlen)) {
			exec(a, "ROLLBACK", NULL, 0);
			return -1;
		}
	}
	return exec(a, "COMMIT", err, errlen);
}

/* mkdir -p of the directory that holds path. */
static int
make_parent(const char *path, char *err, size_t errlen)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	struct stat sb;

	if (!slash || slash == dir) {
		free(dir);
		return 0;
	}
	*slash = '\0';
	for (char *p = dir + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;

		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			set_err(err, errlen, "%s: cannot create directory "
				"%s: %s", path, dir, strerror(errno));
			free(dir);
			return -1;
		}
		*p = c;
		if (!c)
			break;
	}
	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		set_err(err, errlen, "%s: %s is not a directory", path, dir);
		free(dir);
		return -1;
	}
	free(dir);
	return 0;
}

static int
prepare(struct archive *a, sqlite3_stmt **st, const char *sql, char *err,
	size_t errlen)
{
	if (sqlite3_prepare_v3(a->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st,
			       NULL) != SQLITE_OK) {
		db_err(a, err, errlen, "database error");
		return -1;
	}
	return 0;
}

static void
bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static int
step_reset(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}

/* The facts of the story stored as rowid. */
static int
put_facts(struct archive *a, int64_t rowid, const struct buf *facts)
{
	sqlite3_bind_int64(a->set_facts, 1, rowid);
	sqlite3_bind_blob(a->set_facts, 2, facts->data, (int)facts->len,
			  SQLITE_STATIC);
	return step_reset(a->set_facts);
}

static int
prepare_all(struct archive *a, char *err, size_t errlen)
{
	return prepare(a, &a->insert,
		"INSERT OR IGNORE INTO stories (feed, id, link, title, summary,"
		" content, authors, categories, published, utc_offset,"
		" has_zone, seen) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,"
		"?12)", err, errlen) ||
	    prepare(a, &a->update,
		"UPDATE stories SET link=?3, title=?4, summary=?5, content=?6,"
		" authors=?7, categories=?8, published=?9, utc_offset=?10,"
		" has_zone=?11 WHERE feed=?1 AND id=?2 AND (link IS NOT ?3 OR"
		" title IS NOT ?4 OR summary IS NOT ?5 OR content IS NOT ?6 OR"
		" authors IS NOT ?7 OR categories IS NOT ?8 OR published IS"
		" NOT ?9 OR utc_offset IS NOT ?10 OR has_zone IS NOT ?11)",
		err, errlen) ||
	    prepare(a, &a->set_facts,
		"INSERT OR REPLACE INTO facts (story, facts) VALUES (?1, ?2)",
		err, errlen) ||
	    prepare(a, &a->story_row,
		"SELECT rowid FROM stories WHERE feed = ?1 AND id = ?2", err,
		errlen) ||
	    prepare(a, &a->feed_id, "SELECT id FROM feeds WHERE source = ?1",
		err, errlen) ||
	    prepare(a, &a->add_feed,
		"INSERT OR IGNORE INTO feeds (source) VALUES (?1)", err,
		errlen) ||
	    prepare(a, &a->set_state,
		"UPDATE feeds SET title = coalesce(?2, title),"
		" link = coalesce(?3, link), etag = ?4, last_modified = ?5,"
		" last_status = ?6, last_success = coalesce(?7, last_success),"
		" failed = ?8 WHERE source = ?1", err, errlen);
}

/* Switching a new file to WAL takes a lock that SQLite does not wait for
 * (two programs creating the archive at once): wait for it here. */
static int
set_wal(struct archive *a, char *err, size_t errlen)
{
	for (int waited = 0;; waited += 50) {
		int rc = sqlite3_exec(a->db, "PRAGMA journal_mode=WAL", NULL,
				      NULL, NULL);

		if (rc == SQLITE_OK)
			return 0;
		if (rc != SQLITE_BUSY || waited >= BUSY_TIMEOUT_MS) {
			db_err(a, err, errlen, "database error");
			return -1;
		}
		sqlite3_sleep(50);
	}
}

struct archive *
archive_open(const char *path, char *err, size_t errlen)
{
	struct archive *a;
	int rc;

	if (make_parent(path, err, errlen) != 0)
		return NULL;
	a = xcalloc(1, sizeof *a);
	a->path = xstrdup(path);
	rc = sqlite3_open_v2(path, &a->db, SQLITE_OPEN_READWRITE |
			     SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		set_err(err, errlen, "%s: cannot open the archive: %s", path,
			a->db ? sqlite3_errmsg(a->db) : sqlite3_errstr(rc));
		archive_close(a);
		return NULL;
	}
	sqlite3_busy_handler(a->db, busy_wait, a);
	if (set_wal(a, err, errlen) ||
	    exec(a, "PRAGMA synchronous=NORMAL", err, errlen) ||
	    migrate(a, err, errlen) || prepare_all(a, err, errlen)) {
		archive_close(a);
		return NULL;
	}
	return a;
}

void
archive_close(struct archive *a)
{
	if (!a)
		return;
	sqlite3_finalize(a->insert);
	sqlite3_finalize(a->update);
	sqlite3_finalize(a->feed_id);
	sqlite3_finalize(a->add_feed);
	sqlite3_finalize(a->set_state);
	sqlite3_finalize(a->set_facts);
	sqlite3_finalize(a->story_row);
	sqlite3_close(a->db);
	free(a->path);
	free(a);
}

char *
archive_default_path(void)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	struct buf b = BUF_INIT;

	if (xdg && *xdg == '/')
		buf_printf(&b, "%s/dateline/archive.db", xdg);
	else
		buf_printf(&b, "%s/.local/share/dateline/archive.db",
			   home && *home ? home : ".");
	return buf_steal(&b);
}

static char *
column_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? xstrndup((const char *)s,
			    (size_t)sqlite3_column_bytes(st, i)) : NULL;
}

/* Reading a slice at a time, oldest first: dated stories by publication,
 * then the undated ones.  Each slice is a short statement of its own that
 * resumes after the last row read, so no read stays open while the same
 * connection writes what a refresh brings. */
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
	/* READ_STORED: the rows whose facts must be made, put off until
	 * the rest is read and then placed oldest first, as the interface
	 * places them, so that the events do not hang on who read first */
	bool stored, later_sorted;
	sqlite3_stmt *one;		/* one row, with its text */
	struct later {
		int64_t pub, row;
		bool dated;
	} *later;
	size_t nlater, later_done, later_cap;
	/* READ_NO_TEXT: the stories restored without their text, which
	 * they get before any story is compared with them */
	bool no_text;
	struct bare {
		int64_t row;
		uint32_t story;
	} *bare;
	size_t nbare, bare_cap;
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

static int
map_feeds(struct archive_reader *r, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(r->a->db, "SELECT id, source, title, link"
			       " FROM feeds ORDER BY id", -1, &st,
			       NULL) != SQLITE_OK) {
		db_err(r->a, err, errlen, "cannot read the archive");
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		uint32_t f = timeline_feed(r->tl,
			(const char *)sqlite3_column_text(st, 1));

		if (!r->tl->feeds[f].title)
			r->tl->feeds[f].title = column_dup(st, 2);
		if (!r->tl->feeds[f].link)
			r->tl->feeds[f].link = column_dup(st, 3);
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
		db_err(r->a, err, errlen, "cannot read the archive");
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

void
archive_reader_free(struct archive_reader *r)
{
	if (!r)
		return;
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
	bool text;
	int rc;

	r->a = a;
	r->tl = tl;
	r->last_pub = INT64_MIN;
	r->last_row = INT64_MIN;
	/* stored order is one pass of the "undated" kind over every row */
	r->in_undated = r->stored = flags & READ_STORED;
	/* without text only when every story has its facts: one that has
	 * none is compared with the others, by their words */
	r->no_text = r->stored && (flags & READ_NO_TEXT) && a->actors &&
		     count_facts(a) == n;
	text = !r->no_text;
	rc = map_feeds(r, err, errlen);
	if (!rc && r->stored)
		rc = prepare(a, &r->undated, text ? WITH_TEXT STORED :
			     NO_TEXT STORED, err, errlen) ||
		     prepare(a, &r->one, WITH_TEXT ONE, err, errlen);
	else if (!rc)
		rc = prepare(a, &r->dated, text ? WITH_TEXT BY_TIME :
			     NO_TEXT BY_TIME, err, errlen) ||
		     prepare(a, &r->undated, text ? WITH_TEXT UNDATED :
			     NO_TEXT UNDATED, err, errlen);
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
	ok = exec(a, "BEGIN IMMEDIATE", NULL, 0) == 0;
	for (size_t i = 0; ok && i < r->nmade; i++) {
		buf_reset(&b);
		facts_encode(&r->tl->facts[r->made[i]], a->actors,
			     a->facts_key, &b);
		ok = put_facts(a, r->made_row[i], &b) == 0;
	}
	if (ok)
		ok = exec(a, "COMMIT", NULL, 0) == 0;
	if (!ok)
		exec(a, "ROLLBACK", NULL, 0);
	a->no_wait = false;
	buf_free(&b);
	r->nmade = 0;
}

static void
put_off(struct archive_reader *r, sqlite3_stmt *st)
{
	struct later *l;

	if (r->nlater == r->later_cap) {
		r->later_cap = r->later_cap ? r->later_cap * 2 : 256;
		r->later = xreallocarray(r->later, r->later_cap,
					 sizeof *r->later);
	}
	l = &r->later[r->nlater++];
	l->dated = sqlite3_column_type(st, 8) != SQLITE_NULL;
	l->pub = sqlite3_column_int64(st, 8);
	l->row = sqlite3_column_int64(st, 11);
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

/* Add the story of the row st is on: with its stored facts, else made
 * now (or put off, when may_put_off). */
static void
read_story(struct archive_reader *r, sqlite3_stmt *st, bool may_put_off)
{
	struct story s = { 0 };
	struct story_facts f;
	const char *v[STORY_STRINGS];
	size_t len[STORY_STRINGS];
	int64_t feed = sqlite3_column_int64(st, 0);
	bool restored;
	uint32_t si;

	if (feed < 0 || (size_t)feed >= r->nfeed_of ||
	    r->feed_of[feed] == UINT32_MAX)
		return;		/* a row whose feed is gone */
	restored = r->a->actors && sqlite3_column_type(st, 12) == SQLITE_BLOB &&
		   facts_decode(sqlite3_column_blob(st, 12),
				(size_t)sqlite3_column_bytes(st, 12),
				r->a->facts_key, r->a->actors, &f);
	if (!restored && may_put_off) {
		put_off(r, st);
		return;
	}
	s.feed = r->feed_of[feed];
	for (int i = 0; i < STORY_STRINGS; i++) {
		v[i] = (const char *)sqlite3_column_text(st, i + 1);
		len[i] = (size_t)sqlite3_column_bytes(st, i + 1);
	}
	story_pack(&s, v, len);
	s.published.known = sqlite3_column_type(st, 8) != SQLITE_NULL;
	s.published.utc = sqlite3_column_int64(st, 8);
	s.published.offset = sqlite3_column_int(st, 9);
	s.published.has_zone = sqlite3_column_int(st, 10) != 0;
	story_normalise(&s);
	if (restored) {
		si = timeline_restore(r->tl, &s, &f);
		if (r->no_text) {
			if (r->nbare == r->bare_cap) {
				r->bare_cap = r->bare_cap ? r->bare_cap * 2 :
					256;
				r->bare = xreallocarray(r->bare, r->bare_cap,
							sizeof *r->bare);
			}
			r->bare[r->nbare].row = sqlite3_column_int64(st, 11);
			r->bare[r->nbare++].story = si;
		}
		return;
	}
	si = timeline_add(r->tl, &s);
	if (!r->a->actors)
		return;
	if (r->nmade == r->made_cap) {
		r->made_cap = r->made_cap ? r->made_cap * 2 : 256;
		r->made = xreallocarray(r->made, r->made_cap, sizeof *r->made);
		r->made_row = xreallocarray(r->made_row, r->made_cap,
					    sizeof *r->made_row);
	}
	r->made_row[r->nmade] = sqlite3_column_int64(st, 11);
	r->made[r->nmade++] = si;
}

/* The text of the stories restored without it. */
static int
give_text(struct archive_reader *r, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	int rc = SQLITE_DONE;

	if (prepare(r->a, &st, "SELECT summary, content FROM stories"
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
		db_err(r->a, err, errlen, "cannot read the archive");
		return -1;
	}
	return 0;
}

/* Up to max of the rows put off, oldest first, each read again whole. */
static long
read_later(struct archive_reader *r, size_t max, char *err, size_t errlen)
{
	long n = 0;

	if (!r->later_sorted) {
		qsort(r->later, r->nlater, sizeof *r->later, cmp_later);
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
			read_story(r, r->one, false);
		sqlite3_reset(r->one);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
			db_err(r->a, err, errlen, "cannot read the archive");
			return -1;
		}
		n++;
	}
	if (r->nmade >= FACTS_FLUSH)
		flush_facts(r);
	return n;
}

long
archive_reader_step(struct archive_reader *r, size_t max, char *err,
		    size_t errlen)
{
	long n = 0;

	if (r->later_sorted)
		return read_later(r, max, err, errlen);
	while (n == 0) {
		sqlite3_stmt *st = r->in_undated ? r->undated : r->dated;
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
			read_story(r, st, r->stored);
			n++;
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE) {
			db_err(r->a, err, errlen, "cannot read the archive");
			return -1;
		}
		if (r->nmade >= FACTS_FLUSH)
			flush_facts(r);
		if (!n && r->stored)
			return read_later(r, max, err, errlen);
		if (n || r->in_undated)
			break;
		r->in_undated = true;
		r->last_row = INT64_MIN;
	}
	return n;
}

void
archive_use_facts(struct archive *a, struct actors *actors, uint64_t key)
{
	a->actors = actors;
	a->facts_key = key;
}

int
archive_feed_state(struct archive *a, const char *source,
		   struct feed_state *fs)
{
	sqlite3_stmt *st;

	memset(fs, 0, sizeof *fs);
	fs->last_success = NO_TIME;
	if (sqlite3_prepare_v2(a->db,
		"SELECT title, link, etag, last_modified, last_status,"
		" last_success, failed FROM feeds WHERE source = ?1", -1, &st,
		NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		fs->title = column_dup(st, 0);
		fs->link = column_dup(st, 1);
		fs->etag = column_dup(st, 2);
		fs->last_modified = column_dup(st, 3);
		fs->last_status = column_dup(st, 4);
		if (sqlite3_column_type(st, 5) != SQLITE_NULL)
			fs->last_success = sqlite3_column_int64(st, 5);
		fs->failed = sqlite3_column_int(st, 6) != 0;
	}
	sqlite3_finalize(st);
	return 0;
}

void
feed_state_free(struct feed_state *fs)
{
	free(fs->title);
	free(fs->link);
	free(fs->etag);
	free(fs->last_modified);
	free(fs->last_status);
	memset(fs, 0, sizeof *fs);
}

/* The feed's row id, the row added when new (inside the transaction). */
static int64_t
feed_row(struct archive *a, const char *source)
{
	int64_t id = -1;

	bind_text(a->add_feed, 1, source);
	if (step_reset(a->add_feed))
		return -1;
	bind_text(a->feed_id, 1, source);
	if (sqlite3_step(a->feed_id) == SQLITE_ROW)
		id = sqlite3_column_int64(a->feed_id, 0);
	sqlite3_reset(a->feed_id);
	sqlite3_clear_bindings(a->feed_id);
	return id;
}

static int
put_state(struct archive *a, const char *source, const struct feed_state *fs)
{
	sqlite3_stmt *st = a->set_state;

	bind_text(st, 1, source);
	bind_text(st, 2, fs->title);
	bind_text(st, 3, fs->link);
	bind_text(st, 4, fs->etag);
	bind_text(st, 5, fs->last_modified);
	bind_text(st, 6, fs->last_status);
	if (fs->last_success != NO_TIME && fs->last_success != 0)
		sqlite3_bind_int64(st, 7, fs->last_success);
	sqlite3_bind_int(st, 8, fs->failed);
	return step_reset(st);
}

static void
bind_story(sqlite3_stmt *st, int64_t feed, const struct story *s, int64_t now)
{
	sqlite3_bind_int64(st, 1, feed);
	bind_text(st, 2, s->id);
	bind_text(st, 3, s->link ? s->link : "");
	bind_text(st, 4, s->title ? s->title : "");
	bind_text(st, 5, s->summary ? s->summary : "");
	bind_text(st, 6, s->content ? s->content : "");
	bind_text(st, 7, s->authors ? s->authors : "");
	bind_text(st, 8, s->categories ? s->categories : "");
	if (s->published.known)
		sqlite3_bind_int64(st, 9, s->published.utc);
	sqlite3_bind_int(st, 10, s->published.offset);
	sqlite3_bind_int(st, 11, s->published.has_zone);
	if (now != NO_TIME)
		sqlite3_bind_int64(st, 12, now);
}


static int
put_story(struct archive *a, int64_t feed, const struct story *s,
	  const struct buf *facts, size_t *added)
{
	int64_t now = (int64_t)time(NULL), row = -1;

	bind_story(a->insert, feed, s, now);
	if (step_reset(a->insert))
		return -1;
	if (sqlite3_changes(a->db) == 1) {
		(*added)++;
		row = sqlite3_last_insert_rowid(a->db);
	} else {
		/* a changed story loses its old facts (a trigger) */
		bind_story(a->update, feed, s, NO_TIME);
		if (step_reset(a->update))
			return -1;
		if (!facts || !facts->len)
			return 0;
		sqlite3_bind_int64(a->story_row, 1, feed);
		bind_text(a->story_row, 2, s->id);
		if (sqlite3_step(a->story_row) == SQLITE_ROW)
			row = sqlite3_column_int64(a->story_row, 0);
		sqlite3_reset(a->story_row);
		sqlite3_clear_bindings(a->story_row);
	}
	if (row < 0 || !facts || !facts->len)
		return 0;
	return put_facts(a, row, facts);
}

static int
begin(struct archive *a, char *err, size_t errlen)
{
	a->told_busy = false;
	return exec(a, "BEGIN IMMEDIATE", err, errlen);
}

/* End a transaction begun by begin(): committed, or rolled back. */
static int
commit(struct archive *a, char *err, size_t errlen)
{
	if (exec(a, "COMMIT", err, errlen) == 0)
		return 0;
	exec(a, "ROLLBACK", NULL, 0);
	return -1;
}

/* A statement failed inside the transaction: say why (before the rollback
 * replaces the error), then roll back. */
static int
abandon(struct archive *a, char *err, size_t errlen, const char *what)
{
	db_err(a, err, errlen, what);
	exec(a, "ROLLBACK", NULL, 0);
	return -1;
}

int
archive_store(struct archive *a, const char *source,
	      const struct feed_state *fs, const struct story *stories,
	      const struct buf *facts, size_t n, size_t *added, char *err,
	      size_t errlen)
{
	int64_t feed;

	*added = 0;
	if (begin(a, err, errlen))
		return -1;
	feed = feed_row(a, source);
	if (feed < 0 || (fs && put_state(a, source, fs)))
		goto fail;
	for (size_t i = 0; i < n; i++)
		if (put_story(a, feed, &stories[i], facts ? &facts[i] : NULL,
			      added))
			goto fail;
	if (commit(a, err, errlen) == 0)
		return 0;
	*added = 0;
	return -1;
fail:
	*added = 0;
	return abandon(a, err, errlen, "cannot write the archive");
}

int
archive_store_state(struct archive *a, const char *source,
		    const struct feed_state *fs, char *err, size_t errlen)
{
	size_t added;

	return archive_store(a, source, fs, NULL, NULL, 0, &added, err,
			     errlen);
}

int
archive_prune(struct archive *a, int64_t before, size_t *removed, char *err,
	      size_t errlen)
{
	sqlite3_stmt *st;

	*removed = 0;
	if (begin(a, err, errlen))
		return -1;
	/* A story without a date ages from when it was first seen. */
	if (sqlite3_prepare_v2(a->db,
		"DELETE FROM stories WHERE coalesce(published, seen) < ?1",
		-1, &st, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_int64(st, 1, before);
	if (sqlite3_step(st) != SQLITE_DONE) {
		sqlite3_finalize(st);
		goto fail;
	}
	sqlite3_finalize(st);
	*removed = (size_t)sqlite3_changes(a->db);
	if (commit(a, err, errlen) == 0)
		return 0;
	*removed = 0;
	return -1;
fail:
	return abandon(a, err, errlen, "cannot prune the archive");
}

int
archive_vacuum(struct archive *a, char *err, size_t errlen)
{
	if (exec(a, "PRAGMA wal_checkpoint(TRUNCATE)", err, errlen))
		return -1;
	return exec(a, "VACUUM", err, errlen);
}
