/* Private to archive.c and archive_read.c: the open archive and the few
 * helpers both use. */
#ifndef DATELINE_ARCHIVE_DB_H
#define DATELINE_ARCHIVE_DB_H

#include <stdbool.h>
#include <stdint.h>

#include <sqlite3.h>

#include "dateline/buf.h"

#define FACTS_FLUSH 4096	/* stories whose facts are written at once */

struct archive {
	sqlite3 *db;
	char *path;
	bool told_busy;		/* "waiting for the archive" said once */
	bool no_wait;		/* a busy archive is given up at once */
	bool quiet;		/* ... and the waiting not said (a screen is
				   on standard error) */
	struct actors *actors;	/* for facts; NULL: none stored or read */
	uint64_t facts_key;
	sqlite3_stmt *insert, *update, *feed_id, *add_feed, *set_state;
	sqlite3_stmt *set_facts, *renew_facts, *story_row;
};

/* The connection's last error as "PATH: WHAT: message" (or that the
 * archive is locked) into err. */
void adb_err(struct archive *a, char *err, size_t errlen, const char *what);
int adb_exec(struct archive *a, const char *sql, char *err, size_t errlen);
/* Prepare a statement kept for the archive's life; 0 or -1 (err set). */
int adb_prepare(struct archive *a, sqlite3_stmt **st, const char *sql,
		char *err, size_t errlen);
/* Store the facts of the story stored as rowid. */
int adb_put_facts(struct archive *a, int64_t rowid, const struct buf *facts);
/* Column i of the row st is on, a new string (NULL for NULL). */
char *adb_column_dup(sqlite3_stmt *st, int i);

#endif
