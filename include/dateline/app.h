/* The application: options, and the pipeline every command shares —
 * sources to bytes (fetch) to stories (feed) to events (timeline), with the
 * archive remembering.  The commands and the interface drive it. */
#ifndef DATELINE_APP_H
#define DATELINE_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dateline/feeds.h"
#include "dateline/fetch.h"

struct actors;
struct timeline;
struct archive;
struct archive_reader;
struct fetcher;
struct query;

#define KEEP_DAYS_MAX 1000000	/* --keep-days and keep-days */
#define TIMEOUT_MAX 86400		/* --timeout and timeout, seconds */

struct options {
	const char *command;		/* NULL for the interface */
	char **sources;			/* SOURCE arguments */
	size_t nsources;
	const char *from_arg, *to_arg;	/* as given, for headers */
	int64_t from, to;		/* NO_TIME when open */
	char **actor_names;		/* --actor, repeatable */
	size_t nactor_names;
	const char *query;		/* -q */
	const char *actors_file;	/* --actors */
	const char *feeds_file;		/* -F */
	const char *archive_file;	/* --archive */
	const char *output;		/* export -o */
	const char *format;		/* export --format */
	bool offline, no_archive, json, force, vacuum;
	long keep_days;			/* fetch --keep-days, -1 when unset */
	struct fetch_opts fetch;
};

/* What happened to one source in the last refresh. */
struct source_status {
	char *source;
	char *message;			/* "ok 3 new", "HTTP 404", ... */
	bool failed;
	bool lasting;			/* not a refresh's (the archive) */
	unsigned refresh;		/* the refresh that said it */
};

struct app {
	struct options opt;
	struct actors *actors;
	struct timeline *tl;
	struct archive *archive;	/* NULL with --no-archive */
	struct fetcher *fetcher;	/* while a refresh runs */
	char *filter;			/* the whole filter as a query */
	struct query *query;		/* compiled filter */
	size_t query_actors;		/* actors known when it was compiled:
					   names resolve to them then */
	struct source_status *status;
	size_t nstatus;
	unsigned refresh, refresh_over;	/* refreshes begun, and the last
					   one whose end was seen */
	size_t refresh_new;		/* new stories in the last refresh */
	size_t refresh_updated;		/* ... and stored ones it changed */
	char *notice;			/* for the interface's status line at
					   start (commands warn at once) */
	struct fetch_job *arrived;	/* a command's sources, fetched and
					   waiting for the others */
	size_t narrived;
	struct validators {		/* the interface's own, by source */
		char *source, *etag, *last_modified;
	} *validators;
	size_t nvalidators;
	bool sample;			/* showing the bundled sample wires */
	bool quiet;			/* no status lines on stderr (tui) */
	struct feed_list feeds_bad;	/* the feeds file's bad lines (.bad),
					   as the last refresh read them */
	void (*changed)(struct app *app, void *ud);	/* after each source */
	void *changed_ud;
	struct archive_reader *loader;	/* while the archive is read */
	size_t load_done, load_total;	/* stories read, stories stored */
	uint64_t facts_key;		/* facts.h: of the dictionaries read */
	uint32_t *unstored;		/* stories whose facts changed, not
					   stored again yet (a busy archive) */
	size_t nunstored;
};

/* Load the actors, open the archive and fill the timeline from it, read
 * the explicit sources that are files.  Returns 0, or 2 with a message
 * printed (bad usage, bad query, unusable archive). */
int app_open(struct app *app, const struct options *opt);
void app_close(struct app *app);
/* app_close for a process about to exit: the archive and the fetcher are
 * closed, but the timeline and the actors are left to the end of the
 * process, which takes them back at once, instead of being freed a piece
 * at a time (a million stories are millions of pieces).  They stay
 * reachable, so leak checkers do not count them. */
void app_close_at_exit(struct app *app);

/* The interface's app_open reads only the start of the archive; this reads
 * more for about budget_ms.  True while some is left. */
bool app_load_step(struct app *app, int budget_ms);
/* True while the archive is being read; progress in stories. */
bool app_loading(const struct app *app, size_t *done, size_t *total);

/* Start refreshing: the SOURCE arguments, or the feeds file's feeds when
 * none were given (nothing with --offline).  Returns how many were queued. */
size_t app_refresh_begin(struct app *app);
/* One turn of the loop (see fetch_run); returns how many are pending. */
int app_refresh_step(struct app *app, int extra_fd, int timeout_ms);
/* Refresh to the end; returns 0, or 1 when a source failed. */
int app_refresh(struct app *app);
/* Fetch progress, for "fetching 7/12". */
void app_progress(const struct app *app, size_t *done, size_t *total);

/* Compile a new filter (the options' --actor, --from, --to and -q are
 * always ANDed in).  Returns 0, or -1 with err set. */
int app_set_filter(struct app *app, const char *expr, char *err,
		   size_t errlen);

/* The events that pass the filter, in order: a new array, count in *n. */
uint32_t *app_select(struct app *app, size_t *n);

/* True when some source failed in the last refresh. */
bool app_failed(const struct app *app);

#endif
