/* The feeds file, in newsboat's urls syntax: "URL [tag ...] ["~Title"]",
 * '#' comments, and the import of OPML files into it. */
#ifndef DATELINE_FEEDS_H
#define DATELINE_FEEDS_H

#include <stddef.h>

struct feed_entry {
	char *url;
	char *title;		/* from "~Title", or NULL */
	char **tags;
	size_t ntags;
};

struct feed_list {
	struct feed_entry *v;
	size_t n;
	/* Its bad lines, skipped: "NAME:LINE: why: what, skipped", for the
	 * caller to say (feeds_warn) or show. */
	char **bad;
	size_t nbad;
};

/* The default path: $XDG_CONFIG_HOME/dateline/feeds (a new string). */
char *feeds_default_path(void);

/* Read a feeds file.  Returns 0; 1 when the file does not exist (an empty
 * list); -1 with err on a read error.  Bad lines are skipped and listed in
 * out->bad with their line numbers. */
int feeds_load(const char *path, struct feed_list *out, char *err,
	       size_t errlen);
void feeds_free(struct feed_list *l);
/* Its bad lines on standard error, "dateline: " first. */
void feeds_warn(const struct feed_list *l);

/* The same for a file's contents in memory; name labels the reports. */
void feeds_parse(const char *data, size_t len, const char *name,
		 struct feed_list *out);

/* Append the feeds of an OPML file that are not in the feeds file yet
 * (creating it); *added receives how many, *listed how many outlines it
 * had already, *skipped how many outlines were left out as no web feed (a
 * command, another scheme, a quote or control character in the URL; a
 * space is written %20).
 * 0, or -1 with err. */
int feeds_import_opml(const char *opml, const char *feeds_path,
		      size_t *added, size_t *listed, size_t *skipped,
		      char *err, size_t errlen);

#endif
