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

/* What the header of an export says. */
struct export_header {
	int64_t from, to;	/* NO_TIME when open */
	const char *filter;	/* the query, or NULL */
};

/* Each writer checks ferror at the end: 0, or -1 (errno set). */
int export_text(FILE *f, const struct timeline *tl, const uint32_t *events,
		size_t n, const struct export_header *h,
		enum export_format fmt);
int export_tsv(FILE *f, const struct timeline *tl, const uint32_t *events,
	       size_t n);
int export_jsonl(FILE *f, const struct timeline *tl, const uint32_t *events,
		 size_t n);

/* Write path whole or not at all: a temporary file in its directory, fn
 * writes into it, fsync, rename, fsync the directory.  An existing file is
 * kept unless force.  Returns 0, or -1 with err naming the path and the
 * reason (the old file untouched, no temporary file left). */
typedef int (*export_write_fn)(FILE *f, void *ud);
int export_file(const char *path, bool force, export_write_fn fn, void *ud,
		char *err, size_t errlen);

/* Wrap text to width columns (display width) into lines, each prefixed by
 * indent; words are broken only when longer than a line. */
struct buf;
void export_wrap(struct buf *out, const char *text, int width,
		 const char *indent);

#endif
