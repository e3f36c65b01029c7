/* The archive: every story seen, and each feed's state, in one SQLite file
 * that outlives the feeds.  Nothing else knows about SQLite. */
#ifndef DATELINE_ARCHIVE_H
#define DATELINE_ARCHIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dateline/model.h"

struct archive;
struct timeline;
struct buf;
struct actors;

/* What is remembered of a feed between runs.  Strings owned, may be NULL. */
struct feed_state {
	char *title;
	char *link;
	char *etag;
	char *last_modified;
	char *last_status;	/* "ok 3 new", "HTTP 404", ... */
	int64_t last_success;	/* NO_TIME when never */
	bool failed;		/* the last attempt failed */
};

/* Open or create the archive at path (its directory is created).  NULL
 * with err naming the path and the reason. */
struct archive *archive_open(const char *path, char *err, size_t errlen);
void archive_close(struct archive *a);
/* Wait for another writer without saying so on standard error (the
 * interface, whose screen is there). */
void archive_quiet(struct archive *a, bool on);

/* The default path: $XDG_DATA_HOME/dateline/archive.db (a new string). */
char *archive_default_path(void);

/* Read and write stories' facts (facts.h) made with these actors under
 * key: stories read with facts under that key are restored without being
 * compared again; the facts made for the others while reading are written
 * back (when the archive is not busy).  Without this call, no facts are
 * read or written. */
void archive_use_facts(struct archive *a, struct actors *actors,
		       uint64_t key);

/* Add the stored feeds and stories to tl a slice at a time.  By default
 * oldest first (dated stories by publication, then the undated), so that
 * the start of the timeline can show before the rest is read; rows a
 * refresh writes meanwhile are read too (a story the timeline holds
 * already is replaced or kept, never doubled).  READ_STORED reads in the
 * order the stories were stored, the file front to back, a second thread
 * stepping SQLite ahead of the timeline: several times faster, for a
 * reader that wants everything before it shows anything; the archive's
 * connection is the reader's until _step returns 0 or _free.  Stories
 * whose facts must be made are placed after the others, oldest first,
 * each compared with every story read, as a story fetched after the
 * archive was read would be (in both orders; by time only when the
 * archive holds facts readable with these dictionaries: else, a first
 * reader, it places them as it reads, and shows them at once).
 * READ_NO_TEXT leaves summaries and contents empty, for a reader that
 * shows neither and searches no words; they are read after all when a
 * story must be compared with the others.  _new adds the feeds and sets
 * *total to the number of stories; _step reads up to max rows and
 * returns how many (0 at the end, -1 with err set; a row put off to be
 * placed last is counted again when it is placed); _placed tells how many
 * stories are on the timeline so far, for a reader's progress. */
enum read_flags { READ_STORED = 1 << 0, READ_NO_TEXT = 1 << 1 };
struct archive_reader;
struct archive_reader *archive_reader_new(struct archive *a,
					  struct timeline *tl, unsigned flags,
					  size_t *total, char *err,
					  size_t errlen);
long archive_reader_step(struct archive_reader *r, size_t max, char *err,
			 size_t errlen);
size_t archive_reader_placed(const struct archive_reader *r);
void archive_reader_free(struct archive_reader *r);

/* The stored state of a feed (zeroed when unknown); free with
 * feed_state_free. */
int archive_feed_state(struct archive *a, const char *source,
		       struct feed_state *st);
void feed_state_free(struct feed_state *st);

/* One transaction: the feed's new state and its stories (inserted, or
 * updated in place when the same feed and id are stored), with their facts
 * (facts_encode; facts NULL, or an empty one, when not made: a changed
 * story's old facts are then dropped).  *counts receives how many were
 * new and how many changed.  A busy archive is retried within the busy
 * timeout, then -1 with err saying it is locked. */
struct store_counts {
	size_t added, updated;
};
int archive_store(struct archive *a, const char *source,
		  const struct feed_state *st, const struct story *stories,
		  const struct buf *facts, size_t n,
		  struct store_counts *counts, char *err, size_t errlen);

/* The facts of n stored stories (each by its source and id) made again,
 * in place of those stored with them: a story not stored, or stored
 * without facts (changed since), is passed over.  A busy archive is not
 * waited for: -1, nothing written. */
int archive_store_facts(struct archive *a, const char *const *sources,
			const char *const *ids, const struct buf *facts,
			size_t n);

/* Only the state (a failure, a 304). */
int archive_store_state(struct archive *a, const char *source,
			const struct feed_state *st, char *err, size_t errlen);

/* Remove stories published before t; compact the file. */
int archive_prune(struct archive *a, int64_t before, size_t *removed,
		  char *err, size_t errlen);
int archive_vacuum(struct archive *a, char *err, size_t errlen);

#endif
