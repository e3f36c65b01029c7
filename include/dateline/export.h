/* Writers of events: plain text and markdown for people, TSV and JSON
 * Lines for scripts, and the safe writing of a file. */
#ifndef DATELINE_EXPORT_H
#define DATELINE_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct timeline;

enum export_format {
	EXPORT_TEXT,
	EXPORT_MARKDOWN,
};

/* The format a file name asks for: markdown for ".md" and ".markdown"
 * (any case), else text. */
enum export_format export_format_of(const char *path);

/* The width of an export's lines (links may run past it). */
#define EXPORT_WIDTH 72

/* What the header of an export says. */
struct export_header {
	int64_t from, to;	/* NO_TIME when open */
	const char *filter;	/* the query, or NULL */
	bool part;		/* only some events of the range (marked) */
};

/* Each writer takes the events' indices in the order to write them (the
 * callers pass them oldest first), stops at the first failed write and
 * checks ferror at the end: 0, or -1 (errno set).  The output is valid
 * UTF-8 without control characters and the same bytes for the same input.
 *
 * export_text groups the events under a heading per local day (TZ; the
 * day named for events known to the day only) and wraps everything but
 * links at EXPORT_WIDTH display columns. */
int export_text(FILE *f, const struct timeline *tl, const uint32_t *events,
		size_t n, const struct export_header *h,
		enum export_format fmt);
/* A '#' line naming the columns, then one event a line:
 * start end precision reported sources actors title link feeds id. */
int export_tsv(FILE *f, const struct timeline *tl, const uint32_t *events,
	       size_t n);
/* One JSON object a line: the TSV's fields (actors and feeds arrays,
 * null for a missing time) plus summary and stories. */
int export_jsonl(FILE *f, const struct timeline *tl, const uint32_t *events,
		 size_t n);

/* Write path whole or not at all: a temporary file in its directory, fn
 * writes into it, fsync, rename, fsync the directory.  An existing file is
 * kept unless force.  Returns 0, or -1 with err naming the path and the
 * reason (the old file untouched, no temporary file left). */
typedef int (*export_write_fn)(FILE *f, void *ud);
int export_file(const char *path, bool force, export_write_fn fn, void *ud,
		char *err, size_t errlen);

/* Wrap text to width columns (display width, the indent included) into
 * lines ending in '\n', each prefixed by indent; words are broken only when
 * longer than a line, and never a word holding "://" (a link) unless it is
 * longer than 2048 bytes.  Each line
 * of text is a paragraph; a blank line is kept (one in a row).  Control
 * characters become spaces. */
struct buf;
void export_wrap(struct buf *out, const char *text, int width,
		 const char *indent);

#endif
