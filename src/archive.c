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

#include "archive_db.h"

#define SCHEMA_VERSION 3
#define BUSY_TIMEOUT_MS 10000


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

void
adb_err(struct archive *a, char *err, size_t errlen, const char *what)
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
	if (!a->told_busy && !a->quiet && count == 10) {
		warn("%s: archive busy (another dateline is writing), waiting",
		     a->path);
		a->told_busy = true;
	}
	sqlite3_sleep(50);
	return 1;
}

int
adb_exec(struct archive *a, const char *sql, char *err, size_t errlen)
{
	if (sqlite3_exec(a->db, sql, NULL, NULL, NULL) != SQLITE_OK) {
		adb_err(a, err, errlen, "database error");
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

	if (adb_exec(a, "BEGIN IMMEDIATE", err, errlen))
		return -1;
	v = user_version(a);
	if (v < 0 || v > SCHEMA_VERSION) {
		adb_exec(a, "ROLLBACK", NULL, 0);
		if (v > SCHEMA_VERSION)
			set_err(err, errlen, "%s: archive schema %d is newer "
				"than this dateline knows (%d)", a->path, v,
				SCHEMA_VERSION);
		else
			adb_err(a, err, errlen, "not a dateline archive");
		return -1;
	}
	for (; v < SCHEMA_VERSION; v++) {
		char pragma[64];

		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d",
			 v + 1);
		if (adb_exec(a, migrations[v], err, errlen) ||
		    adb_exec(a, pragma, err, errlen)) {
			adb_exec(a, "ROLLBACK", NULL, 0);
			return -1;
		}
	}
	return adb_exec(a, "COMMIT", err, errlen);
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

int
adb_prepare(struct archive *a, sqlite3_stmt **st, const char *sql, char *err,
	size_t errlen)
{
	if (sqlite3_prepare_v3(a->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st,
			       NULL) != SQLITE_OK) {
		adb_err(a, err, errlen, "database error");
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
int
adb_put_facts(struct archive *a, int64_t rowid, const struct buf *facts)
{
	sqlite3_bind_int64(a->set_facts, 1, rowid);
	sqlite3_bind_blob(a->set_facts, 2, facts->data, (int)facts->len,
			  SQLITE_STATIC);
	return step_reset(a->set_facts);
}

static int
prepare_all(struct archive *a, char *err, size_t errlen)
{
	return adb_prepare(a, &a->insert,
		"INSERT OR IGNORE INTO stories (feed, id, link, title, summary,"
		" content, authors, categories, published, utc_offset,"
		" has_zone, seen) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,"
		"?12)", err, errlen) ||
	    adb_prepare(a, &a->update,
		"UPDATE stories SET link=?3, title=?4, summary=?5, content=?6,"
		" authors=?7, categories=?8, published=?9, utc_offset=?10,"
		" has_zone=?11 WHERE feed=?1 AND id=?2 AND (link IS NOT ?3 OR"
		" title IS NOT ?4 OR summary IS NOT ?5 OR content IS NOT ?6 OR"
		" authors IS NOT ?7 OR categories IS NOT ?8 OR published IS"
		" NOT ?9 OR utc_offset IS NOT ?10 OR has_zone IS NOT ?11)",
		err, errlen) ||
	    adb_prepare(a, &a->set_facts,
		"INSERT OR REPLACE INTO facts (story, facts) VALUES (?1, ?2)",
		err, errlen) ||
	    adb_prepare(a, &a->renew_facts,
		"UPDATE facts SET facts = ?2 WHERE story = ?1", err, errlen) ||
	    adb_prepare(a, &a->story_row,
		"SELECT rowid FROM stories WHERE feed = ?1 AND id = ?2", err,
		errlen) ||
	    adb_prepare(a, &a->feed_id, "SELECT id FROM feeds WHERE source = ?1",
		err, errlen) ||
	    adb_prepare(a, &a->add_feed,
		"INSERT OR IGNORE INTO feeds (source) VALUES (?1)", err,
		errlen) ||
	    adb_prepare(a, &a->set_state,
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
			adb_err(a, err, errlen, "database error");
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
	    adb_exec(a, "PRAGMA synchronous=NORMAL", err, errlen) ||
	    migrate(a, err, errlen) || prepare_all(a, err, errlen)) {
		archive_close(a);
		return NULL;
	}
	return a;
}

void
archive_quiet(struct archive *a, bool on)
{
	a->quiet = on;
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
	sqlite3_finalize(a->renew_facts);
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

char *
adb_column_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? xstrndup((const char *)s,
			    (size_t)sqlite3_column_bytes(st, i)) : NULL;
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
		fs->title = adb_column_dup(st, 0);
		fs->link = adb_column_dup(st, 1);
		fs->etag = adb_column_dup(st, 2);
		fs->last_modified = adb_column_dup(st, 3);
		fs->last_status = adb_column_dup(st, 4);
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

/* The row id a bound look-up st gives (its first column), or -1; st is
 * reset for the next. */
static int64_t
row_of(sqlite3_stmt *st)
{
	int64_t id = -1;

	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return id;
}

/* The feed's row id, or -1 when it has none. */
static int64_t
feed_known(struct archive *a, const char *source)
{
	bind_text(a->feed_id, 1, source);
	return row_of(a->feed_id);
}

/* The feed's row id, the row added when new (inside the transaction). */
static int64_t
feed_row(struct archive *a, const char *source)
{
	bind_text(a->add_feed, 1, source);
	if (step_reset(a->add_feed))
		return -1;
	return feed_known(a, source);
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


static int64_t story_rowid(struct archive *a, int64_t feed, const char *id);

static int
put_story(struct archive *a, int64_t feed, const struct story *s,
	  const struct buf *facts, struct store_counts *counts)
{
	int64_t now = (int64_t)time(NULL), row = -1;

	bind_story(a->insert, feed, s, now);
	if (step_reset(a->insert))
		return -1;
	if (sqlite3_changes(a->db) == 1) {
		counts->added++;
		row = sqlite3_last_insert_rowid(a->db);
	} else {
		/* a changed story loses its old facts (a trigger) */
		bind_story(a->update, feed, s, NO_TIME);
		if (step_reset(a->update))
			return -1;
		counts->updated += sqlite3_changes(a->db) == 1;
		if (!facts || !facts->len)
			return 0;
		row = story_rowid(a, feed, s->id);
	}
	if (row < 0 || !facts || !facts->len)
		return 0;
	return adb_put_facts(a, row, facts);
}

static int
begin(struct archive *a, char *err, size_t errlen)
{
	a->told_busy = false;
	return adb_exec(a, "BEGIN IMMEDIATE", err, errlen);
}

/* End a transaction begun by begin(): committed, or rolled back. */
static int
commit(struct archive *a, char *err, size_t errlen)
{
	if (adb_exec(a, "COMMIT", err, errlen) == 0)
		return 0;
	adb_exec(a, "ROLLBACK", NULL, 0);
	return -1;
}

/* A statement failed inside the transaction: say why (before the rollback
 * replaces the error), then roll back. */
static int
abandon(struct archive *a, char *err, size_t errlen, const char *what)
{
	adb_err(a, err, errlen, what);
	adb_exec(a, "ROLLBACK", NULL, 0);
	return -1;
}

int
archive_store(struct archive *a, const char *source,
	      const struct feed_state *fs, const struct story *stories,
	      const struct buf *facts, size_t n, struct store_counts *counts,
	      char *err, size_t errlen)
{
	int64_t feed;

	*counts = (struct store_counts){ 0 };
	if (begin(a, err, errlen))
		return -1;
	feed = feed_row(a, source);
	if (feed < 0 || (fs && put_state(a, source, fs)))
		goto fail;
	for (size_t i = 0; i < n; i++)
		if (put_story(a, feed, &stories[i], facts ? &facts[i] : NULL,
			      counts))
			goto fail;
	if (commit(a, err, errlen) == 0)
		return 0;
	*counts = (struct store_counts){ 0 };
	return -1;
fail:
	*counts = (struct store_counts){ 0 };
	return abandon(a, err, errlen, "cannot write the archive");
}

/* The row of the story of that feed row and id, or -1. */
static int64_t
story_rowid(struct archive *a, int64_t feed, const char *id)
{
	sqlite3_bind_int64(a->story_row, 1, feed);
	bind_text(a->story_row, 2, id);
	return row_of(a->story_row);
}

int
archive_store_facts(struct archive *a, const char *const *sources,
		    const char *const *ids, const struct buf *facts, size_t n)
{
	bool ok;

	if (!n)
		return 0;
	/* a cache, as the reader's: a busy archive is not waited for */
	a->no_wait = true;
	ok = adb_exec(a, "BEGIN IMMEDIATE", NULL, 0) == 0;
	for (size_t i = 0; ok && i < n; i++) {
		int64_t feed = feed_known(a, sources[i]);
		int64_t row = feed < 0 ? -1 : story_rowid(a, feed, ids[i]);

		if (row < 0 || !facts[i].len)
			continue;
		/* facts only where there are some: none means the story
		 * changed since it was read (its facts went with its old
		 * text), or they are still to be stored by their reader */
		sqlite3_bind_int64(a->renew_facts, 1, row);
		sqlite3_bind_blob(a->renew_facts, 2, facts[i].data,
				  (int)facts[i].len, SQLITE_STATIC);
		ok = step_reset(a->renew_facts) == 0;
	}
	if (ok)
		ok = adb_exec(a, "COMMIT", NULL, 0) == 0;
	if (!ok)
		adb_exec(a, "ROLLBACK", NULL, 0);
	a->no_wait = false;
	return ok ? 0 : -1;
}

int
archive_store_state(struct archive *a, const char *source,
		    const struct feed_state *fs, char *err, size_t errlen)
{
	struct store_counts counts;

	return archive_store(a, source, fs, NULL, NULL, 0, &counts, err,
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
	if (adb_exec(a, "PRAGMA wal_checkpoint(TRUNCATE)", err, errlen))
		return -1;
	return adb_exec(a, "VACUUM", err, errlen);
}
