/* Fetching: many sources at once on one event loop (the curl multi
 * interface), polite and bounded.  Nothing else knows about libcurl.
 * Local files (paths, file:// URLs) are read directly, never by libcurl. */
#ifndef DATELINE_FETCH_H
#define DATELINE_FETCH_H

#include <stdbool.h>
#include <stddef.h>

struct fetch_opts {
	long timeout;		/* seconds per source (60) */
	size_t max_bytes;	/* decompressed cap for network sources (16 MiB) */
	int per_host;		/* connections per host (2) */
	int total;		/* connections in all (16) */
	bool jitter;		/* random start delay per host (< 0.25 s) */
	long slow_after;	/* seconds under 16 bytes a second before a
				 * transfer is given up (30) */
	const char *ca_file;	/* CA bundle to trust instead of the
				 * system's (tests), or NULL; copied */
};

enum fetch_status {
	FETCH_OK,		/* body holds the feed (or its first
				   max_bytes: cut), or path names the
				   file that does */
	FETCH_UNCHANGED,	/* 304 */
	FETCH_FAILED,		/* error says why */
};

struct fetch_job {
	char *source;		/* as given */
	void *ud;		/* the caller's */
	/* Results, valid in the done callback: */
	enum fetch_status status;
	long http_code;
	char *body;		/* NUL-terminated; the callback may take
				   it, or any of the strings here (free
				   it later and set it to NULL) */
	size_t len;
	char *path;		/* a local file, left to the callback to
				   read (body NULL; len its size when
				   opened): taken or freed as body is */
	char *charset;		/* from Content-Type, or NULL */
	char *etag;		/* new validators, or NULL */
	char *last_modified;
	char *url;		/* the final URL after redirects */
	bool cut;		/* FETCH_OK, but cut: larger than the cap
				   (body holds its first max_bytes) or the
				   connection ended early (body holds what
				   came); error says which ("larger than
				   16 MiB", "truncated: ...") */
	char error[256];	/* "HTTP 404", "timed out after 60 s", ... */
};

struct fetcher;

void fetch_opts_default(struct fetch_opts *o);
struct fetcher *fetch_new(const struct fetch_opts *o);
void fetch_free(struct fetcher *f);

/* Queue a source; etag and last_modified (may be NULL) are sent back for a
 * conditional GET. */
void fetch_add(struct fetcher *f, const char *source, const char *etag,
	       const char *last_modified, void *ud);

typedef void (*fetch_done_fn)(struct fetch_job *job, void *ud);

/* Drive transfers for at most timeout_ms, returning early when extra_fd
 * (-1 for none) is readable.  done is called for each finished source (the
 * job is freed after it returns).  Returns how many are still pending. */
int fetch_run(struct fetcher *f, int extra_fd, int timeout_ms,
	      fetch_done_fn done, void *ud);

/* Finished and queued counts, for "fetching 7/12"; they start from zero
 * again when a source is added after all the others finished. */
void fetch_progress(const struct fetcher *f, size_t *done, size_t *total);

/* True for http:// and https:// sources. */
bool fetch_is_remote(const char *source);

#endif
