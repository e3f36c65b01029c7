/* The pipeline every command shares: sources to bytes (fetch), to stories
 * (feed), to events (timeline), remembered by the archive. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "dateline/actors.h"
#include "dateline/adder.h"
#include "dateline/app.h"
#include "dateline/archive.h"
#include "dateline/buf.h"
#include "dateline/cluster.h"
#include "dateline/embedded.h"
#include "dateline/facts.h"
#include "dateline/feed.h"
#include "dateline/feeds.h"
#include "dateline/fetch.h"
#include "dateline/model.h"
#include "dateline/query.h"
#include "dateline/slab.h"
#include "dateline/timeline.h"
#include "dateline/util.h"

#define FIRST_SLICE 2000	/* stories read before the first screen */
#define LOAD_STEP 512		/* ... read or counted at a time between
				   looks at the clock (by several threads
				   from 256 on) */
#define LOAD_SLICE 4096		/* ... at a time by the commands */

/* In the order of their names, as a command takes sources. */
static const char *const sample_files[] = {
	"sample/baltic-rdf.xml",
	"sample/kestrel-wire.xml",
	"sample/meridian-atom.xml",
};

/* Stories of one source, gathered before they are stored together. */
struct batch {
	struct story *v;
	struct buf *facts;		/* their facts, once in the timeline */
	size_t n, cap;
	int64_t before;			/* stories published before it are
					   left out (NO_TIME: none) */
};

/* For the archive, the n stories just added (si: their indexes): shallow
 * copies of the timeline's (an id given twice is the story that replaced
 * the first) and the facts found in each. */
static void
from_timeline(struct app *app, struct batch *b, const uint32_t *si, size_t n)
{
	b->v = xcalloc(n ? n : 1, sizeof *b->v);
	b->facts = xcalloc(n ? n : 1, sizeof *b->facts);
	b->n = b->cap = n;
	for (size_t i = 0; i < n; i++) {
		b->v[i] = app->tl->stories[si[i]];
		facts_encode(&app->tl->facts[si[i]], app->actors,
			     app->facts_key, &b->facts[i]);
	}
}

/* Store the facts of stories si[0..n) (taken over) again, with those a
 * busy archive had no time for before; kept for the next time if it is
 * busy still. */
static void
store_renewed(struct app *app, uint32_t *si, size_t n)
{
	const char **sources, **ids;
	struct buf *facts;
	int rc;

	if (app->nunstored) {
		si = xreallocarray(si, n + app->nunstored, sizeof *si);
		memcpy(si + n, app->unstored, app->nunstored * sizeof *si);
		n += app->nunstored;
		free(app->unstored);
		app->unstored = NULL;
		app->nunstored = 0;
	}
	if (!n || !app->archive || !app->actors || !app->tl) {
		free(si);
		return;
	}
	sources = xreallocarray(NULL, n, sizeof *sources);
	ids = xreallocarray(NULL, n, sizeof *ids);
	facts = xcalloc(n, sizeof *facts);
	for (size_t i = 0; i < n; i++) {
		const struct story *s = &app->tl->stories[si[i]];

		sources[i] = app->tl->feeds[s->feed].source;
		ids[i] = s->id;
		facts_encode(&app->tl->facts[si[i]], app->actors,
			     app->facts_key, &facts[i]);
	}
	rc = archive_store_facts(app->archive, sources, ids, facts, n);
	for (size_t i = 0; i < n; i++)
		buf_free(&facts[i]);
	free(facts);
	free(sources);
	free(ids);
	if (rc) {
		app->unstored = si;
		app->nunstored = n;
	} else {
		free(si);
	}
}

/* Sort and index the timeline; stories given an actor found after them
 * (see timeline_take_retagged) have their facts stored again. */
static void
finish(struct app *app)
{
	size_t n;
	uint32_t *si;

	timeline_finish(app->tl);
	si = timeline_take_retagged(app->tl, &n);
	store_renewed(app, si, n);
}

/* owned: the stories are the batch's own (else the timeline's). */
static void
batch_free(struct batch *b, bool owned)
{
	for (size_t i = 0; i < b->n; i++) {
		if (owned)
			story_free(&b->v[i]);
		if (b->facts)
			buf_free(&b->facts[i]);
	}
	free(b->v);
	free(b->facts);
}

static void
batch_add(struct story *s, void *ud)
{
	struct batch *b = ud;

	if (b->before != NO_TIME && s->published.known &&
	    s->published.utc < b->before) {
		story_free(s);
		return;
	}
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 64;
		b->v = xreallocarray(b->v, b->cap, sizeof *b->v);
	}
	story_normalise(s);
	story_compact(s);
	b->v[b->n++] = *s;
}

static struct source_status *
set_status(struct app *app, const char *source, bool failed,
	   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static struct source_status *
set_status(struct app *app, const char *source, bool failed,
	   const char *fmt, ...)
{
	struct source_status *st = NULL;
	struct buf msg = BUF_INIT;
	va_list ap;

	for (size_t i = 0; i < app->nstatus; i++)
		if (strcmp(app->status[i].source, source) == 0)
			st = &app->status[i];
	if (!st) {
		app->status = xreallocarray(app->status, app->nstatus + 1,
					    sizeof *app->status);
		st = &app->status[app->nstatus++];
		st->source = xstrdup(source);
		st->message = NULL;
	}
	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	free(st->message);
	st->message = buf_steal(&msg);
	st->failed = failed;
	st->lasting = false;
	st->refresh = app->refresh;
	if (app->quiet)
		return st;
	/* fetch says how each source went; a failure goes to standard
	 * error, as every command names it (cron's "fetch >/dev/null") */
	if (failed)
		warn("%s: %s", source, st->message);
	else if (app->opt.command && strcmp(app->opt.command, "fetch") == 0)
		printf("%s: %s\n", source, st->message);
	return st;
}

/* The last refresh is over: what an earlier one said is forgotten (a
 * source since left out of the feeds file, a feeds file read since), once;
 * the failures that are left are those of the last refresh, and the
 * archive's own. */
static void
refresh_ended(struct app *app)
{
	size_t k = 0;

	if (app->refresh_over == app->refresh)
		return;
	app->refresh_over = app->refresh;
	for (size_t i = 0; i < app->nstatus; i++) {
		struct source_status *st = &app->status[i];

		if (st->lasting || st->refresh == app->refresh) {
			app->status[k++] = *st;
		} else {
			free(st->source);
			free(st->message);
		}
	}
	app->nstatus = k;
}

/* `fetch` only stores: it has no use for events. */
static bool
storing_only(const struct app *app)
{
	return app->archive && app->opt.command &&
		strcmp(app->opt.command, "fetch") == 0;
}

/* Whether the refresh after loading may read something: any feed unless
 * offline, else the feeds file's local files. */
static bool
refresh_reads(const struct app *app)
{
	struct feed_list list = { 0 };
	char err[512];
	char *path;
	bool reads = false;

	if (!app->opt.offline)
		return true;
	path = app->opt.feeds_file ? xstrdup(app->opt.feeds_file) :
		feeds_default_path();
	if (feeds_load(path, &list, err, sizeof err) == 0)
		for (size_t i = 0; i < list.n && !reads; i++)
			reads = !fetch_is_remote(list.v[i].url);
	feeds_free(&list);
	free(path);
	return reads;
}

/* How a command reads the archive: in stored order, all of it before it
 * shows anything; without the text when it shows none and searches no
 * words, and no story read from a feed will be compared with the stored
 * ones.  The interface reads the oldest first, and everything. */
static unsigned
read_flags(const struct app *app)
{
	const char *cmd = app->opt.command;
	bool text;

	if (!cmd)
		return 0;
	text = (strcmp(cmd, "dump") == 0 && app->opt.json) ||
	       strcmp(cmd, "export") == 0 || query_uses_text(app->query) ||
	       refresh_reads(app);
	return READ_STORED | (text ? 0 : READ_NO_TEXT);
}

/* A source parsed, on its way into the timeline and the archive. */
struct parsed {
	const char *source;
	uint32_t feed;
	struct batch b;
	struct feed_result res;
	struct feed_state *st;		/* its state to store, or NULL */
	int rc;
	uint32_t *si;			/* where each story went */
	size_t updated;			/* stories the timeline held in
					   another version */
};

/* Parse a source's bytes, or the file at path when path is not NULL,
 * into p.  The bytes are freed once parsed when they are *drop's (which
 * becomes NULL). */
static void
parse_source(struct app *app, struct parsed *p, const char *source,
	     const char *data, size_t len, const char *path, const char *url,
	     const char *charset, struct feed_state *st, char **drop)
{
	FILE *fp = NULL;

	memset(p, 0, sizeof *p);
	p->source = source;
	p->feed = timeline_feed(app->tl, source);
	p->st = app->archive ? st : NULL;
	p->b.before = NO_TIME;
	/* what fetch --keep-days would prune at once is not stored, so that
	 * a feed that keeps old items does not bring them back each run --
	 * by any command that stores what it reads (the interface's refresh
	 * too: keep-days in the config is the archive's size) */
	if (app->archive && app->opt.keep_days >= 0)
		p->b.before = (int64_t)time(NULL) -
			      (int64_t)app->opt.keep_days * 86400;
	/* Parsed whole before the stories go in: they are placed oldest
	 * first, all of a gathering's together (see place). */
	if (path && !(fp = fopen(path, "rb"))) {
		snprintf(p->res.error, sizeof p->res.error, "cannot read: %s",
			 strerror(errno));
		p->rc = -1;
	} else if (fp) {
		p->rc = feed_parse_file(fp, url, charset, batch_add, &p->b,
					&p->res);
		fclose(fp);
	} else {
		p->rc = feed_parse(data, len, url, charset, batch_add, &p->b,
				   &p->res);
	}
	if (drop) {
		/* the stories hold copies */
		free(*drop);
		*drop = NULL;
	}
	for (size_t i = 0; i < p->b.n; i++)
		p->b.v[i].feed = p->feed;
}

struct slot_ref {
	int64_t at;			/* publication; undated last */
	uint32_t source, index;		/* in the parsed array, its batch */
};

static int
cmp_slot(const void *a, const void *b)
{
	const struct slot_ref *x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	if (x->source != y->source)
		return x->source < y->source ? -1 : 1;
	return (x->index > y->index) - (x->index < y->index);
}

/* How many of a batch's stories the timeline holds in another version:
 * each id once, as its last copy (a feed that lists an id twice is not
 * "updated" at every refresh). */
static size_t
count_updated(struct timeline *tl, const struct batch *b)
{
	size_t cap = 16, n = 0;
	uint64_t *seen;

	while (cap < 2 * b->n)
		cap *= 2;
	seen = xcalloc(cap, sizeof *seen);
	for (size_t i = b->n; i-- > 0;) {
		const char *id = b->v[i].id;
		uint64_t h = hash64(HASH64_INIT, id, strlen(id)) | 1;
		size_t j = h & (cap - 1);
		bool again = false;

		/* a hash seen: the same id, or (seldom) a collision, which
		 * counts one story fewer */
		for (; seen[j]; j = (j + 1) & (cap - 1))
			if (seen[j] == h) {
				again = true;
				break;
			}
		if (again)
			continue;
		seen[j] = h;
		n += timeline_knows(tl, &b->v[i]) == 2;
	}
	free(seen);
	return n;
}

/* The stories of n parsed sources into the timeline together, oldest
 * first (then in the order given, then as each feed lists them), as the
 * archive's first reader places the stories it makes facts for: so that
 * merging, which depends on what came before, gives the same events
 * whether the stories come straight from the feeds or from the archive.
 * Each p->si receives where its stories went. */
static void
place(struct app *app, struct parsed *p, size_t n)
{
	size_t total = 0, k = 0;
	struct slot_ref *order;
	struct story *v;
	uint32_t *si;

	for (size_t s = 0; s < n; s++)
		total += p[s].b.n;
	if (!total)
		return;
	/* which of them change a story shown: known only now (the archive
	 * may hold the change already, stored by a fetch from cron) */
	for (size_t s = 0; s < n && app->tl->nstories; s++)
		p[s].updated = count_updated(app->tl, &p[s].b);
	order = xresize_huge(NULL, 0, total, sizeof *order);
	for (size_t s = 0; s < n; s++)
		for (size_t i = 0; i < p[s].b.n; i++) {
			const struct dl_time *t = &p[s].b.v[i].published;

			order[k].at = t->known ? t->utc : INT64_MAX;
			order[k].source = (uint32_t)s;
			order[k++].index = (uint32_t)i;
		}
	qsort(order, total, sizeof *order, cmp_slot);
	v = xresize_huge(NULL, 0, total, sizeof *v);
	for (k = 0; k < total; k++)
		v[k] = p[order[k].source].b.v[order[k].index];
	/* the stories are v's now, and the timeline's next: the batches'
	 * arrays go before the events grow */
	for (size_t s = 0; s < n; s++) {
		free(p[s].b.v);
		p[s].b.v = NULL;
	}
	si = xreallocarray(NULL, total, sizeof *si);
	adder_add_many(app->tl, v, total, si);
	for (size_t s = 0; s < n; s++)
		p[s].si = xreallocarray(NULL, p[s].b.n + 1, sizeof *p[s].si);
	for (k = 0; k < total; k++)
		p[order[k].source].si[order[k].index] = si[k];
	free(order);
	free(v);
	free(si);
}

/* After place (or without it, for fetch): the feed's title and link, the
 * archive, the status line.  Returns false when the source failed. */
static bool
finish_source(struct app *app, struct parsed *p, size_t before,
	      bool *counted)
{
	struct feed_info *fi = &app->tl->feeds[p->feed];
	struct feed_state *st = p->st;
	struct store_counts counts = { 0 };
	size_t added = p->b.n, kept = p->b.n;
	bool placed = p->si != NULL;
	char err[512];

	if (p->si) {
		size_t n = p->b.n;

		/* the archive keeps what was found in each story with it */
		p->b = (struct batch){ 0 };
		if (st)
			from_timeline(app, &p->b, p->si, n);
		/* new is what the timeline lacked: a story another dateline
		 * stored meanwhile (a fetch from cron) is new on the screen
		 * though not to the archive */
		added = 0;
		for (size_t i = 0; i < n; i++)
			if (p->si[i] >= before && !counted[p->si[i] - before]) {
				counted[p->si[i] - before] = true;
				added++;
			}
		free(p->si);
		p->si = NULL;
	}
	if (p->res.title && !fi->title)
		fi->title = xstrdup(p->res.title);
	if (p->res.link && !fi->link)
		fi->link = xstrdup(p->res.link);
	if (st) {
		st->title = p->res.title ? xstrdup(p->res.title) : NULL;
		st->link = p->res.link ? xstrdup(p->res.link) : NULL;
	}
	if (st && (p->b.n || p->rc == 0)) {
		st->failed = p->rc != 0;
		st->last_status = xstrdup(p->rc ? p->res.error : "ok");
		/* no validators for a damaged feed: the next run gets it
		 * whole again, and says again what is wrong with it, instead
		 * of "unchanged" */
		if (p->rc != 0) {
			free(st->etag);
			free(st->last_modified);
			st->etag = st->last_modified = NULL;
		}
		if (archive_store(app->archive, p->source, st, p->b.v,
				  p->b.facts, p->b.n, &counts, err,
				  sizeof err) != 0) {
			set_status(app, p->source, true, "%s", err);
			p->rc = -1;
		}
		/* fetch places nothing: new is what the archive lacked */
		if (!placed)
			added = counts.added;
	}
	/* updated: for fetch, what the archive held in another version;
	 * when placed, what the timeline did (see count_updated) */
	if (placed)
		counts.updated = p->updated;
	batch_free(&p->b, storing_only(app));
	if (p->rc == 0 && counts.updated)
		set_status(app, p->source, false, "ok %zu new, %zu updated",
			   added, counts.updated);
	else if (p->rc == 0)
		set_status(app, p->source, false, "ok %zu new", added);
	/* a damaged feed says how much of it is left: the stories after the
	 * damage may be lost, and a reader should know half a wire is */
	else if (p->res.damaged && !strncmp(p->res.error, "XML error", 9))
		set_status(app, p->source, true, "%s (%zu %s kept)",
			   p->res.error, kept, kept == 1 ? "story" : "stories");
	else if (p->res.error[0])	/* else the archive's, said above */
		set_status(app, p->source, true, "%s", p->res.error);
	app->refresh_new += added;	/* a damaged feed's too */
	app->refresh_updated += counts.updated;
	feed_result_free(&p->res);
	return p->rc == 0;
}

/* Sources parsed together, placed together, then each finished. */
static void
ingest_all(struct app *app, struct parsed *p, size_t n)
{
	size_t before = app->tl->nstories;
	bool *counted;

	if (!storing_only(app))
		place(app, p, n);
	counted = xcalloc(app->tl->nstories - before + 1, sizeof *counted);
	for (size_t i = 0; i < n; i++)
		finish_source(app, &p[i], before, counted);
	free(counted);
}

/* The validators the interface sends for a source: those of the archive
 * when it first asks (they go with the stories it read), then those of its
 * own fetches.  Not the archive's later ones: a `dateline fetch` from cron
 * stores stories and validators together, and a conditional request with
 * its ETag would hear "unchanged" about stories this timeline never got. */
static struct validators *
validators_of(struct app *app, const char *source)
{
	struct feed_state st = { 0 };
	struct validators *v;

	for (size_t i = 0; i < app->nvalidators; i++)
		if (strcmp(app->validators[i].source, source) == 0)
			return &app->validators[i];
	if (app->archive)
		archive_feed_state(app->archive, source, &st);
	app->validators = xreallocarray(app->validators, app->nvalidators + 1,
					sizeof *app->validators);
	v = &app->validators[app->nvalidators++];
	v->source = xstrdup(source);
	v->etag = st.etag;
	v->last_modified = st.last_modified;
	st.etag = st.last_modified = NULL;
	feed_state_free(&st);
	return v;
}

static void
validators_set(struct app *app, const char *source, const char *etag,
	       const char *last_modified)
{
	struct validators *v = validators_of(app, source);

	free(v->etag);
	free(v->last_modified);
	v->etag = etag ? xstrdup(etag) : NULL;
	v->last_modified = last_modified ? xstrdup(last_modified) : NULL;
}

/* A fetch that gave nothing to parse (failed, or unchanged) said and
 * stored; false for one whose body is to be parsed, its state in st. */
static bool
take_status(struct app *app, struct fetch_job *job, struct feed_state *st)
{
	char err[512];

	memset(st, 0, sizeof *st);
	st->last_success = NO_TIME;
	if (job->status == FETCH_FAILED) {
		set_status(app, job->source, true, "%s", job->error);
		if (app->archive) {
			st->failed = true;
			st->last_status = xstrdup(job->error);
			archive_store_state(app->archive, job->source, st,
					    err, sizeof err);
		}
		return true;
	}
	if (job->status == FETCH_UNCHANGED) {
		set_status(app, job->source, false, "unchanged");
		return true;
	}
	/* no validators for a feed cut at the cap: the next run reads it
	 * again, and says again that it is too large */
	if (!job->cut) {
		st->etag = job->etag ? xstrdup(job->etag) : NULL;
		st->last_modified = job->last_modified ?
			xstrdup(job->last_modified) : NULL;
	}
	st->last_success = (int64_t)time(NULL);
	return false;
}

static void
parse_job(struct app *app, struct parsed *p, struct fetch_job *job,
	  struct feed_state *st)
{
	parse_source(app, p, job->source, job->body, job->len, job->path,
		     job->url ? job->url : job->source, job->charset, st,
		     &job->body);
	/* cut at the cap: the stories before the cut are kept, as a damaged
	 * feed's are, and the source is said to have failed */
	if (job->cut) {
		p->rc = -1;
		p->res.damaged = true;
		if (p->b.n)
			snprintf(p->res.error, sizeof p->res.error,
				 "%.200s: cut there, %zu %s kept", job->error,
				 p->b.n, p->b.n == 1 ? "story" : "stories");
		else
			snprintf(p->res.error, sizeof p->res.error, "%.200s",
				 job->error);
	}
}

/* What a source gave: its stories in, its state stored. */
static void
take(struct app *app, struct fetch_job *job)
{
	struct feed_state st;
	struct parsed p;

	if (!take_status(app, job, &st)) {
		parse_job(app, &p, job, &st);
		ingest_all(app, &p, 1);
		/* what was stored, as the interface's own (see queue); none
		 * for a damaged feed, read whole again at the next refresh */
		if (!app->opt.command)
			validators_set(app, job->source,
				       p.rc ? NULL : st.etag,
				       p.rc ? NULL : st.last_modified);
	}
	feed_state_free(&st);
}

/* Merging is incremental: where a story lands hangs on what was placed
 * before it.  A command waits for all the sources and places their
 * stories together (see place), so that its output depends neither on
 * the network's timing nor on the order the sources were given in.  The
 * interface places together the sources that arrived by the end of each
 * turn of the fetcher: local files all at once, as a command does, and a
 * slow feed does not hold back the others. */
static bool
gathers(const struct app *app)
{
	return !storing_only(app);
}

static void
fetched(struct fetch_job *job, void *ud)
{
	struct app *app = ud;

	if (gathers(app)) {
		/* the job's strings are ours now; it frees NULLs */
		app->arrived = xreallocarray(app->arrived, app->narrived + 1,
					     sizeof *app->arrived);
		app->arrived[app->narrived++] = *job;
		job->source = job->body = job->charset = job->etag = NULL;
		job->path = NULL;
		job->last_modified = job->url = NULL;
		return;
	}
	take(app, job);
	if (app->changed)
		app->changed(app, app->changed_ud);
}

static void
job_strings_free(struct fetch_job *job)
{
	free(job->source);
	free(job->body);
	free(job->path);
	free(job->charset);
	free(job->etag);
	free(job->last_modified);
	free(job->url);
}

static int
cmp_job_source(const void *a, const void *b)
{
	const struct fetch_job *x = a, *y = b;

	return strcmp(x->source, y->source);
}

/* The sources a command gathered, in the order of their names, their
 * stories placed together (see place). */
static void
take_arrived(struct app *app)
{
	size_t n = app->narrived, np = 0;
	struct feed_state *st = xcalloc(n + 1, sizeof *st);
	struct parsed *p = xcalloc(n + 1, sizeof *p);

	if (n)
		qsort(app->arrived, n, sizeof *app->arrived, cmp_job_source);
	for (size_t i = 0; i < n; i++) {
		if (take_status(app, &app->arrived[i], &st[np])) {
			feed_state_free(&st[np]);
			continue;
		}
		parse_job(app, &p[np], &app->arrived[i], &st[np]);
		np++;
	}
	ingest_all(app, p, np);
	for (size_t i = 0; i < np; i++) {
		/* what was stored, as the interface's own (see queue); none
		 * for a damaged feed, read whole again at the next refresh */
		if (!app->opt.command && p[i].source)
			validators_set(app, p[i].source,
				       p[i].rc ? NULL : st[i].etag,
				       p[i].rc ? NULL : st[i].last_modified);
		feed_state_free(&st[i]);
	}
	for (size_t i = 0; i < n; i++)
		job_strings_free(&app->arrived[i]);
	free(st);
	free(p);
	free(app->arrived);
	app->arrived = NULL;
	app->narrived = 0;
}

static bool
file_exists(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0;
}

/* Add a file's bytes to the facts key's input (nothing when unreadable:
 * the dictionary was not loaded either). */
static void
key_file(const char *path, struct buf *all)
{
	FILE *f = fopen(path, "rb");

	if (!f)
		return;
	buf_add_file(all, f);
	fclose(f);
	buf_addc(all, '\0');
}

/* Stored facts hold actor ids: valid for these dictionaries only. */
static uint64_t
dictionaries_key(const struct embedded_file *dict, const char *user,
		 const char *extra)
{
	struct buf files = BUF_INIT;
	const char *data[2] = { dict->data, "" };
	size_t len[2] = { dict->len, 0 };
	uint64_t key;

	if (user)
		key_file(user, &files);
	if (extra)
		key_file(extra, &files);
	if (files.len) {
		data[1] = files.data;
		len[1] = files.len;
	}
	key = facts_key(data, len, 2);
	buf_free(&files);
	return key;
}

/* A dictionary of the user's: one that cannot be read stops the run (2);
 * its bad lines are left out and said, the others are used, as a bad line
 * of the configuration is (the interface says it on its status line). */
static int
user_actors(struct app *app, const char *path)
{
	char err[512];

	switch (actors_load_file(app->actors, path, err, sizeof err)) {
	case 0:
		return 0;
	case 1:
		if (app->opt.command) {
			warn("%s", err);
		} else {
			free(app->notice);
			app->notice = xstrdup(err);
		}
		return 0;
	default:
		warn("%s", err);
		return 2;
	}
}

static int
load_actors(struct app *app)
{
	const struct embedded_file *dict = embedded_find("actors.tsv");
	char *path = config_file("actors.tsv");
	char err[512];
	int rc = 0;

	app->facts_key = dictionaries_key(dict, file_exists(path) ? path :
					  NULL, app->opt.actors_file);

	app->actors = actors_new();
	if (actors_load_mem(app->actors, dict->data, dict->len,
			    "actors.tsv", err, sizeof err) != 0)
		die("%s", err);
	if (file_exists(path))
		rc = user_actors(app, path);
	free(path);
	if (!rc && app->opt.actors_file)
		rc = user_actors(app, app->opt.actors_file);
	return rc;
}

static void
load_sample(struct app *app)
{
	struct parsed p[ARRAY_SIZE(sample_files)];
	size_t n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(sample_files); i++) {
		const struct embedded_file *f = embedded_find(sample_files[i]);

		if (f)
			parse_source(app, &p[n++], sample_files[i], f->data,
				     f->len, NULL, NULL, NULL, NULL, NULL);
	}
	ingest_all(app, p, n);
	app->sample = true;
	/* what the samples said is no refresh's: it stays */
	for (size_t i = 0; i < app->nstatus; i++)
		app->status[i].lasting = true;
}

/* The archive at path could not be read (err, which may begin with the
 * path): a failure that no refresh clears. */
static void
archive_failed(struct app *app, const char *path, const char *err)
{
	size_t n = strlen(path);

	if (strncmp(err, path, n) == 0 && strncmp(err + n, ": ", 2) == 0)
		err += n + 2;
	set_status(app, path, true, "%s", err)->lasting = true;
}

/* A new user with nothing configured (no source, no feeds file, an empty
 * archive) sees the sample wires, which are never stored. */
static void
maybe_sample(struct app *app)
{
	char *path;
	bool configured;

	if (app->opt.nsources || app->opt.feeds_file || app->tl->nstories)
		return;
	path = feeds_default_path();
	configured = file_exists(path);
	free(path);
	if (!configured)
		load_sample(app);
}

static int load_some(struct app *app, size_t n);

int
app_open(struct app *app, const struct options *opt)
{
	char err[512];
	char *path;
	bool existed;
	int rc;

	memset(app, 0, sizeof *app);
	app->opt = *opt;
	/* the interface says its failures on its screen, and on standard
	 * error once it has ended */
	app->quiet = !opt->command;
	feed_init();
	/* a command keeps what it reads until it ends; the interface reads
	 * its feeds again and again (see slab.h) */
	slab_enable(opt->command != NULL);
	if ((rc = load_actors(app)) != 0)
		return rc;
	app->tl = timeline_new(app->actors);
	/* the interface searches as the reader types; a command only when
	 * its filter has words (app_set_filter) */
	timeline_search_text(app->tl, !opt->command);
	if (app_set_filter(app, NULL, err, sizeof err) != 0) {
		warn("%s", err);
		return 2;
	}
	/* Explicit sources show just themselves; the archive serves the
	 * feeds file's timeline (and `fetch`, which stores). */
	if (opt->no_archive || (opt->nsources && (!opt->command ||
	    strcmp(opt->command, "fetch") != 0))) {
		maybe_sample(app);
		return 0;
	}
	path = opt->archive_file ? xstrdup(opt->archive_file) :
		archive_default_path();
	existed = file_exists(path);
	app->archive = archive_open(path, err, sizeof err);
	if (app->archive) {
		archive_quiet(app->archive, !opt->command);
		archive_use_facts(app->archive, app->actors, app->facts_key);
		if (storing_only(app)) {
			free(path);
			return 0;
		}
		app->loader = archive_reader_new(app->archive, app->tl,
						 read_flags(app),
						 &app->load_total, err,
						 sizeof err);
		if (!app->loader) {
			archive_close(app->archive);
			app->archive = NULL;
		}
	}
	if (!app->archive && !existed) {
		/* one that cannot be made where it was asked for */
		warn("%s", err);
		free(path);
		return 2;
	}
	if (!app->archive) {
		/* one that is there but cannot be read is a source that
		 * failed: the feeds are still read and shown, and nothing
		 * stored (fetch, which only stores, has nothing left to do) */
		archive_failed(app, path, err);
		free(path);
		if (opt->command && strcmp(opt->command, "fetch") == 0)
			return 1;
		return 0;
	}
	free(path);
	/* The interface shows the start of the timeline while the rest is
	 * read between keys; the commands read it all. */
	/* (an archive whose reading fails part way is said to have failed,
	 * and what was read of it stays) */
	if (!opt->command)
		load_some(app, FIRST_SLICE);
	else
		while (load_some(app, LOAD_SLICE) > 0)
			;
	maybe_sample(app);
	finish(app);
	return 0;
}

/* Read up to n more stories of the archive: 1 while some are left, 0 at
 * the end, -1 on error (said). */
static int
load_some(struct app *app, size_t n)
{
	char err[512];
	long got;

	if (!app->loader)
		return 0;
	got = archive_reader_step(app->loader, n, err, sizeof err);
	if (got > 0) {
		app->load_done = archive_reader_placed(app->loader);
		if (app->load_done > app->load_total)
			app->load_total = app->load_done;
		return 1;
	}
	if (got < 0) {
		char *path = app->opt.archive_file ?
			xstrdup(app->opt.archive_file) :
			archive_default_path();

		archive_failed(app, path, err);
		free(path);
	}
	archive_reader_free(app->loader);
	app->loader = NULL;
	app->load_total = app->load_done;
	return got < 0 ? -1 : 0;
}

/* Restored stories still to be counted for merging (cluster_restore). */
static size_t
uncounted(const struct app *app)
{
	return cluster_drain(app->tl->cluster, app->tl, 0);
}

bool
app_load_step(struct app *app, int budget_ms)
{
	int64_t until = now_ms() + budget_ms;

	/* the interface counts what it restores as it goes, so that a
	 * refresh never waits for all of it at once */
	do {
		if (cluster_drain(app->tl->cluster, app->tl, LOAD_STEP) == 0 &&
		    app->loader)
			load_some(app, LOAD_STEP);
	} while ((app->loader || uncounted(app)) && now_ms() < until);
	timeline_fold_new(app->tl);
	return app->loader || uncounted(app);
}

bool
app_loading(const struct app *app, size_t *done, size_t *total)
{
	if (done)
		*done = app->load_done;
	if (total)
		*total = app->load_total;
	return app->loader || uncounted(app);
}
void
app_close(struct app *app)
{
	if (app->fetcher)
		fetch_free(app->fetcher);
	archive_reader_free(app->loader);
	store_renewed(app, NULL, 0);	/* a last try, if it was busy */
	free(app->unstored);
	if (app->archive)
		archive_close(app->archive);
	query_free(app->query);
	free(app->filter);
	free(app->notice);
	feeds_free(&app->feeds_bad);
	for (size_t i = 0; i < app->narrived; i++)
		job_strings_free(&app->arrived[i]);
	free(app->arrived);
	for (size_t i = 0; i < app->nvalidators; i++) {
		free(app->validators[i].source);
		free(app->validators[i].etag);
		free(app->validators[i].last_modified);
	}
	free(app->validators);
	if (app->tl)
		timeline_free(app->tl);
	if (app->actors)
		actors_free(app->actors);
	for (size_t i = 0; i < app->nstatus; i++) {
		free(app->status[i].source);
		free(app->status[i].message);
	}
	free(app->status);
	memset(app, 0, sizeof *app);
}

/* What app_close_at_exit leaves to the end of the process, kept
 * reachable (volatile, so that the stores are not left out). */
static struct timeline *volatile left_timeline;
static struct actors *volatile left_actors;

void
app_close_at_exit(struct app *app)
{
	archive_reader_free(app->loader);	/* its facts first */
	app->loader = NULL;
	store_renewed(app, NULL, 0);
	left_timeline = app->tl;
	left_actors = app->actors;
	app->tl = NULL;
	app->actors = NULL;
	app_close(app);
}

/* given: named on the command line, where skipping it offline is said (a
 * feeds file's web feeds are skipped in silence). */
static void
queue(struct app *app, const char *source, bool given)
{
	struct feed_state st = { 0 };

	if (app->opt.offline && fetch_is_remote(source)) {
		if (given)
			set_status(app, source, true, "not fetched: --offline");
		return;
	}
	if (!app->opt.command) {
		const struct validators *v = validators_of(app, source);

		fetch_add(app->fetcher, source, v->etag, v->last_modified,
			  NULL);
		return;
	}
	if (app->archive)
		archive_feed_state(app->archive, source, &st);
	fetch_add(app->fetcher, source, st.etag, st.last_modified, NULL);
	feed_state_free(&st);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sources queued in the order of their names (v is sorted): local files
 * are read in the order queued, and the interface takes each source as it
 * comes (see gathers). */
static void
queue_sorted(struct app *app, const char **v, size_t n, bool given)
{
	qsort(v, n, sizeof *v, cmp_str);
	for (size_t i = 0; i < n; i++)
		queue(app, v[i], given);
}

size_t
app_refresh_begin(struct app *app)
{
	size_t done, total;

	if (!app->fetcher)
		app->fetcher = fetch_new(&app->opt.fetch);
	app->refresh_new = 0;
	app->refresh_updated = 0;
	app->refresh++;
	if (app->opt.nsources) {
		const char **v = xreallocarray(NULL, app->opt.nsources,
					       sizeof *v);

		for (size_t i = 0; i < app->opt.nsources; i++)
			v[i] = app->opt.sources[i];
		queue_sorted(app, v, app->opt.nsources, true);
		free(v);
	} else {
		struct feed_list list = { 0 };
		char err[512];
		char *path = app->opt.feeds_file ?
			xstrdup(app->opt.feeds_file) : feeds_default_path();
		int rc = feeds_load(path, &list, err, sizeof err);
		const char **v;

		if (rc < 0)
			set_status(app, path, true, "%s", err);
		if (rc == 1 && app->opt.feeds_file)
			set_status(app, path, true, "no such feeds file");
		/* its bad lines: a command says them; the interface keeps
		 * them for its screen, which standard error would garble */
		if (app->opt.command && !app->quiet)
			feeds_warn(&list);
		feeds_free(&app->feeds_bad);
		app->feeds_bad.bad = list.bad;
		app->feeds_bad.nbad = list.nbad;
		list.bad = NULL;
		list.nbad = 0;
		v = xreallocarray(NULL, list.n + 1, sizeof *v);

		for (size_t i = 0; i < list.n; i++) {
			uint32_t feed = timeline_feed(app->tl, list.v[i].url);

			if (list.v[i].title && !app->tl->feeds[feed].name)
				app->tl->feeds[feed].name =
					xstrdup(list.v[i].title);
			v[i] = list.v[i].url;
		}
		queue_sorted(app, v, list.n, false);
		free(v);
		feeds_free(&list);
		free(path);
	}
	fetch_progress(app->fetcher, &done, &total);
	/* nothing queued (no feed left in the feeds file): this refresh is
	 * over already */
	if (done == total)
		refresh_ended(app);
	return total - done;
}

int
app_refresh_step(struct app *app, int extra_fd, int timeout_ms)
{
	int pending;

	if (!app->fetcher)
		return 0;
	pending = fetch_run(app->fetcher, extra_fd, timeout_ms, fetched, app);
	/* the interface's: what arrived in this turn (see gathers) */
	if (!app->opt.command && app->narrived) {
		take_arrived(app);
		if (app->changed)
			app->changed(app, app->changed_ud);
	}
	if (!pending)
		refresh_ended(app);
	/* while the archive is read, the events are sorted when asked for
	 * (app_select), not after every turn */
	if (!app->loader)
		finish(app);
	return pending;
}

int
app_refresh(struct app *app)
{
	app_refresh_begin(app);
	while (app_refresh_step(app, -1, 1000) > 0)
		;
	take_arrived(app);
	finish(app);
	return app_failed(app) ? 1 : 0;
}

void
app_progress(const struct app *app, size_t *done, size_t *total)
{
	*done = *total = 0;
	if (app->fetcher)
		fetch_progress(app->fetcher, done, total);
}

bool
app_failed(const struct app *app)
{
	for (size_t i = 0; i < app->nstatus; i++)
		if (app->status[i].failed)
			return true;
	return false;
}

int
app_set_filter(struct app *app, const char *expr, char *err, size_t errlen)
{
	struct buf q = BUF_INIT;
	struct query *compiled;

	/* Check the user's part alone, so that columns in errors are theirs. */
	if (expr && *expr) {
		compiled = query_compile(expr, app->actors, err, errlen);
		if (!compiled)
			return -1;
		query_free(compiled);
	}
	for (size_t i = 0; i < app->opt.nactor_names; i++) {
		char *quoted = query_quote(app->opt.actor_names[i]);

		buf_printf(&q, "%sactor:%s", q.len ? " " : "", quoted);
		free(quoted);
	}
	if (app->opt.from_arg)
		buf_printf(&q, "%sfrom:%s", q.len ? " " : "", app->opt.from_arg);
	if (app->opt.to_arg)
		buf_printf(&q, "%sto:%s", q.len ? " " : "", app->opt.to_arg);
	if (app->opt.query && *app->opt.query)
		buf_printf(&q, "%s(%s)", q.len ? " " : "", app->opt.query);
	if (expr && *expr)
		buf_printf(&q, "%s(%s)", q.len ? " " : "", expr);
	if (app->opt.query && *app->opt.query && !(expr && *expr)) {
		compiled = query_compile(app->opt.query, app->actors, err,
					 errlen);
		if (!compiled) {
			buf_free(&q);
			return -1;
		}
		query_free(compiled);
	}
	compiled = query_compile(q.data ? q.data : "", app->actors, err,
				 errlen);
	if (!compiled) {
		buf_free(&q);
		return -1;
	}
	if (query_uses_text(compiled))
		timeline_search_text(app->tl, true);
	query_free(app->query);
	free(app->filter);
	app->query = compiled;
	app->query_actors = app->actors ? actors_count(app->actors) : 0;
	app->filter = q.len ? buf_steal(&q) : NULL;
	buf_free(&q);
	return 0;
}

uint32_t *
app_select(struct app *app, size_t *n)
{
	uint32_t *v;

	/* An actor's name in the filter stands for the actors it named when
	 * compiled: those found in the stories since (discovered ones) are
	 * named by it too once it is compiled again.  It compiled before. */
	if (app->actors && actors_count(app->actors) != app->query_actors) {
		char err[256];
		struct query *q = query_compile(app->filter ? app->filter : "",
						app->actors, err, sizeof err);

		if (q) {
			query_free(app->query);
			app->query = q;
		}
		app->query_actors = actors_count(app->actors);
	}
	finish(app);
	v = xreallocarray(NULL, app->tl->nevents + 1, sizeof *v);
	*n = query_run(app->query, app->tl, v);
	return v;
}
