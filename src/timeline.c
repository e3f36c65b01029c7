/* The timeline store: feeds, stories and their facts, events kept in time
 * order, and the per-actor index; the text lives once, in the stories. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dateline/actors.h"
#include "dateline/buf.h"
#include "dateline/cluster.h"
#include "dateline/text.h"
#include "dateline/timeline.h"
#include "dateline/util.h"
#include "dateline/workers.h"

#define MAX_ACTORS 64		/* actors kept per story */
#define RETAG_WINDOW (30 * 86400LL)	/* stories placed before a finish are
					   looked at again for a name found
					   since when published this close
					   before the oldest story that
					   found one */
#define ACTOR_TEXT_CAP 65536	/* how much text actor matching reads */
#define DATES_TEXT_CAP 65536	/* ... and the detail pane's dates */
#define FOLD_TEXT_CAP 16384	/* how much text search sees */
#define FOLD_TITLES 16		/* sources whose titles search sees */
#define FOLD_SHARED 4096	/* events from which folding is shared */

static uint64_t
story_key(uint32_t feed, const char *id)
{
	uint64_t h = hash64(HASH64_INIT, (const char *)&feed,
			   sizeof feed);

	h = hash64(h, id, strlen(id));
	return h ^ (h >> 29);
}

struct timeline *
timeline_new(struct actors *actors)
{
	struct timeline *tl = xcalloc(1, sizeof *tl);

	tl->actors = actors;
	tl->cluster = cluster_new();
	return tl;
}

static void
facts_free(struct timeline *tl, struct story_facts *f)
{
	pool_free(&tl->pool, f->actors, f->acls);
	free(f->words);
	memset(f, 0, sizeof *f);
	f->event = EVENT_NONE;
}

void
timeline_free(struct timeline *tl)
{
	if (!tl)
		return;
	for (size_t i = 0; i < tl->nstories; i++) {
		story_free(&tl->stories[i]);
		facts_free(tl, &tl->facts[i]);
	}
	for (size_t i = 0; i < tl->nevents; i++) {
		/* a test's arrays may come from malloc */
		pool_free(&tl->pool, tl->events[i].stories,
			  tl->events[i].scls);
		pool_free(&tl->pool, tl->events[i].actors,
			  tl->events[i].acls);
		free(tl->folded[i]);
	}
	pool_clear(&tl->pool);
	for (size_t i = 0; i < tl->nfeeds; i++) {
		free(tl->feeds[i].source);
		free(tl->feeds[i].title);
		free(tl->feeds[i].link);
		free(tl->feeds[i].name);
	}
	free(tl->stories);
	free(tl->facts);
	free(tl->events);
	free(tl->folded);
	free(tl->refold);
	free(tl->feeds);
	free(tl->smap);
	free(tl->smap_later);
	free(tl->gmap);
	free(tl->actor_off);
	free(tl->actor_ev);
	free(tl->feed_off);
	free(tl->feed_ev);
	free(tl->retagged);
	free(tl->fresh);
	cluster_free(tl->cluster);
	free(tl);
}

uint32_t
timeline_feed(struct timeline *tl, const char *source)
{
	for (size_t i = 0; i < tl->nfeeds; i++)
		if (strcmp(tl->feeds[i].source, source) == 0)
			return (uint32_t)i;
	if (tl->nfeeds == tl->feeds_cap) {
		tl->feeds_cap = tl->feeds_cap ? tl->feeds_cap * 2 : 8;
		tl->feeds = xreallocarray(tl->feeds, tl->feeds_cap,
					  sizeof *tl->feeds);
	}
	memset(&tl->feeds[tl->nfeeds], 0, sizeof *tl->feeds);
	tl->feeds[tl->nfeeds].source = xstrdup(source);
	return (uint32_t)tl->nfeeds++;
}

const char *
timeline_feed_name(const struct timeline *tl, uint32_t feed)
{
	const struct feed_info *f;

	if (feed >= tl->nfeeds)
		return "";
	f = &tl->feeds[feed];
	if (f->name && *f->name)
		return f->name;
	if (f->title && *f->title)
		return f->title;
	return f->source;
}

/* ---- (feed, id) -> story ---- */

static void
smap_put(struct timeline *tl, uint32_t si, uint32_t h)
{
	size_t j = h & (tl->smap_cap - 1);

	while (tl->smap[j].story != EVENT_NONE)
		j = (j + 1) & (tl->smap_cap - 1);
	tl->smap[j].story = si;
	tl->smap[j].hash = h;
}

static void
smap_grow(struct timeline *tl)
{
	struct smap_slot *old = tl->smap;
	size_t old_cap = tl->smap_cap;
	size_t cap = tl->smap_cap ? tl->smap_cap * 2 : 1024;

	tl->smap = xreallocarray(NULL, cap, sizeof *tl->smap);
	memset(tl->smap, 0xff, cap * sizeof *tl->smap);
	tl->smap_cap = cap;
	for (size_t i = 0; i < old_cap; i++)
		if (old[i].story != EVENT_NONE)
			smap_put(tl, old[i].story, old[i].hash);
	free(old);
}

/* The stories kept for later put in, a region of the map at a time: in
 * slot order, each region's writes fall in a few pages of it. */
static void
smap_settle(struct timeline *tl)
{
	enum { REGION_BITS = 11 };
	size_t n = tl->nsmap_later, shift = 0, mask;
	size_t *at = xcalloc((size_t)1 << REGION_BITS, sizeof *at);
	struct smap_slot *v;

	while ((tl->nstories + 1) * 2 > tl->smap_cap)
		smap_grow(tl);
	mask = tl->smap_cap - 1;
	while ((mask >> shift) >> REGION_BITS)
		shift++;
	v = xreallocarray(NULL, n + 1, sizeof *v);
	for (size_t i = 0; i < n; i++)
		at[(tl->smap_later[i].hash & mask) >> shift]++;
	for (size_t r = 0, sum = 0; r < (size_t)1 << REGION_BITS; r++) {
		size_t c = at[r];

		at[r] = sum;
		sum += c;
	}
	for (size_t i = 0; i < n; i++)
		v[at[(tl->smap_later[i].hash & mask) >> shift]++] =
			tl->smap_later[i];
	for (size_t i = 0; i < n; i++)
		smap_put(tl, v[i].story, v[i].hash);
	free(v);
	free(at);
	free(tl->smap_later);
	tl->smap_later = NULL;
	tl->nsmap_later = tl->smap_later_cap = 0;
}

static uint32_t
smap_find(struct timeline *tl, uint32_t feed, const char *id, uint32_t h)
{
	if (tl->nsmap_later)
		smap_settle(tl);
	if (!tl->smap_cap)
		return EVENT_NONE;
	for (size_t j = h & (tl->smap_cap - 1);
	     tl->smap[j].story != EVENT_NONE;
	     j = (j + 1) & (tl->smap_cap - 1)) {
		const struct story *s;

		if (tl->smap[j].hash != h)
			continue;
		s = &tl->stories[tl->smap[j].story];
		if (s->feed == feed && strcmp(s->id, id) == 0)
			return tl->smap[j].story;
	}
	return EVENT_NONE;
}

/* ---- events ---- */

/* Earliest first; undated last; then by feed and id, so that the order
 * (and so the event's id and title) does not depend on arrival. */
static int
story_cmp(const struct timeline *tl, uint32_t a, uint32_t b)
{
	const struct story *x = &tl->stories[a], *y = &tl->stories[b];
	int c;

	if (x->published.known != y->published.known)
		return x->published.known ? -1 : 1;
	if (x->published.known && x->published.utc != y->published.utc)
		return x->published.utc < y->published.utc ? -1 : 1;
	c = strcmp(tl->feeds[x->feed].source, tl->feeds[y->feed].source);
	if (c)
		return c;
	c = strcmp(x->id, y->id);
	return c ? c : (a > b) - (a < b);
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* The event's actors, its array from pool (the timeline's, or a helper
 * thread's own). */
static void
event_actors(struct timeline *tl, struct pool *pool, struct event *ev)
{
	size_t n = 0, k = 0;
	uint32_t *all;

	for (size_t i = 0; i < ev->nstories; i++)
		n += tl->facts[ev->stories[i]].nactors;
	pool_free(pool, ev->actors, ev->acls);
	ev->actors = NULL;
	ev->acls = POOL_MALLOC;
	ev->nactors = 0;
	if (!n)
		return;
	all = pool_alloc(pool, n, &ev->acls);
	if (ev->nstories == 1) {	/* most: sorted and distinct already */
		memcpy(all, tl->facts[ev->stories[0]].actors, n * sizeof *all);
		ev->actors = all;
		ev->nactors = (uint16_t)n;
		return;
	}
	for (size_t i = 0; i < ev->nstories; i++) {
		const struct story_facts *f = &tl->facts[ev->stories[i]];

		if (f->nactors)
			memcpy(all + k, f->actors, f->nactors * sizeof *all);
		k += f->nactors;
	}
	qsort(all, n, sizeof *all, cmp_u32);
	k = 0;
	for (size_t i = 0; i < n && k < UINT16_MAX; i++)
		if (k == 0 || all[k - 1] != all[i])
			all[k++] = all[i];
	ev->actors = all;
	ev->nactors = (uint16_t)k;
}

/* Recompute what an event takes from its sources (sorted already). */
static void
event_refresh(struct timeline *tl, struct pool *pool, struct event *ev)
{
	const struct story *first = &tl->stories[ev->stories[0]];
	uint64_t h = 0xcbf29ce484222325ULL;

	h = hash64(h, tl->feeds[first->feed].source,
		  strlen(tl->feeds[first->feed].source) + 1);
	ev->id = hash64(h, first->id, strlen(first->id));
	ev->reported = first->published.known ? first->published.utc : NO_TIME;
	ev->start = ev->reported;
	ev->end = NO_TIME;
	ev->precision = ev->reported == NO_TIME ? PREC_UNKNOWN : PREC_MINUTE;
	ev->flags = 0;
	for (size_t i = 0; i < ev->nstories; i++) {
		const struct story_facts *f = &tl->facts[ev->stories[i]];

		if (f->flags & EVENT_TEXT_DATE) {
			ev->start = f->start;
			ev->end = facts_end(f);
			ev->precision = f->precision;
			ev->flags = f->flags & (EVENT_TEXT_DATE |
						EVENT_SCHEDULED);
			break;
		}
	}
	/* Announced, until a source filed once its day had come tells it
	 * without looking ahead: then it has happened. */
	for (size_t i = 0; (ev->flags & EVENT_SCHEDULED) && i < ev->nstories;
	     i++) {
		const struct story_facts *f = &tl->facts[ev->stories[i]];

		if (!(f->flags & EVENT_SCHEDULED) && f->pub != NO_TIME &&
		    f->pub >= ev->start)
			ev->flags &= (uint8_t)~EVENT_SCHEDULED;
	}
	event_actors(tl, pool, ev);
}

static uint32_t
event_new(struct timeline *tl)
{
	if (tl->nevents == tl->events_cap) {
		tl->events_cap = tl->events_cap ? tl->events_cap * 2 : 256;
		tl->events = xreallocarray(tl->events, tl->events_cap,
					   sizeof *tl->events);
		tl->folded = xreallocarray(tl->folded, tl->events_cap,
					   sizeof *tl->folded);
	}
	memset(&tl->events[tl->nevents], 0, sizeof *tl->events);
	tl->folded[tl->nevents] = NULL;
	return (uint32_t)tl->nevents++;
}

/* ---- event labels (groups) ---- */

/* A story's own label, for an event it starts: its feed's source and its
 * id, so that the label means the same in every run. */
static uint64_t
story_group(const struct timeline *tl, uint32_t si)
{
	const struct story *s = &tl->stories[si];
	const char *src = tl->feeds[s->feed].source;
	uint64_t h = hash64(HASH64_INIT, src, strlen(src) + 1);

	h = hash64(h, s->id, strlen(s->id));
	return h ? h : 1;
}

/* The group map's slot of a label: its high half (never 0, an empty
 * slot) beside a story of that label; the story's own label says whether
 * the slot is still the label's (a story that left its event has
 * another: the slot is then passed over, and dropped when the map
 * grows).  8 bytes a slot: the label itself is the story's. */
static uint32_t
gmap_fp(uint64_t group)
{
	return (uint32_t)(group >> 32) | 1;
}

static bool
gmap_holds(const struct timeline *tl, const struct gslot *g, uint64_t group)
{
	return g->fp == gmap_fp(group) && g->story < tl->nstories &&
	       tl->facts[g->story].group == group;
}

static void
gmap_grow(struct timeline *tl)
{
	size_t cap = tl->gmap_cap ? tl->gmap_cap * 2 : 1024;
	struct gslot *t = xcalloc(cap, sizeof *t);

	tl->gmap_used = 0;
	for (size_t i = 0; i < tl->gmap_cap; i++) {
		const struct gslot *g = &tl->gmap[i];
		uint64_t group;
		size_t j;

		if (!g->fp || g->story >= tl->nstories)
			continue;
		group = tl->facts[g->story].group;
		if (!group || g->fp != gmap_fp(group))
			continue;	/* its story has another label now */
		for (j = group & (cap - 1); t[j].fp; j = (j + 1) & (cap - 1))
			;
		t[j] = *g;
		tl->gmap_used++;
	}
	free(tl->gmap);
	tl->gmap = t;
	tl->gmap_cap = cap;
}

static void
gmap_put(struct timeline *tl, uint64_t group, uint32_t si)
{
	size_t j;

	if (!group)
		return;
	if ((tl->gmap_used + 1) * 2 > tl->gmap_cap)
		gmap_grow(tl);
	for (j = group & (tl->gmap_cap - 1); tl->gmap[j].fp &&
	     !gmap_holds(tl, &tl->gmap[j], group);
	     j = (j + 1) & (tl->gmap_cap - 1))
		;
	if (!tl->gmap[j].fp)
		tl->gmap_used++;
	tl->gmap[j] = (struct gslot){ gmap_fp(group), si };
}

/* The event that holds stories of the group, or EVENT_NONE. */
static uint32_t
gmap_event(const struct timeline *tl, uint64_t group)
{
	if (!tl->gmap_cap || !group)
		return EVENT_NONE;
	for (size_t j = group & (tl->gmap_cap - 1); tl->gmap[j].fp;
	     j = (j + 1) & (tl->gmap_cap - 1))
		if (gmap_holds(tl, &tl->gmap[j], group))
			return tl->facts[tl->gmap[j].story].event;
	return EVENT_NONE;
}

/* Event e's search text is to be made again (a source came or went):
 * by timeline_fold_new too, when it made the text before. */
static void
unfold(struct timeline *tl, uint32_t e)
{
	if (!tl->folded[e])
		return;
	free(tl->folded[e]);
	tl->folded[e] = NULL;
	if (e >= tl->fold_from)
		return;
	if (tl->nrefold == tl->refold_cap) {
		tl->refold_cap = tl->refold_cap ? tl->refold_cap * 2 : 256;
		tl->refold = xreallocarray(tl->refold, tl->refold_cap,
					   sizeof *tl->refold);
	}
	tl->refold[tl->nrefold++] = e;
}

/* Put si into event e (a new one when EVENT_NONE); its fields are made
 * again now, or by timeline_finish when later -- unless the event was made
 * already (it may be on a screen): then now too. */
static uint32_t
join(struct timeline *tl, uint32_t si, uint32_t e, bool later)
{
	struct story_facts *f = &tl->facts[si];
	struct event *ev;
	size_t pos, n;

	if (e == EVENT_NONE || e >= tl->nevents || !tl->events[e].nstories) {
		/* a restored story keeps its stored label; a new event's is
		 * its story's, unless an event holds that one already (the
		 * story started it in an earlier run and has left it since):
		 * then another, or the archive would join the two when it is
		 * read back */
		if (!f->group) {
			f->group = story_group(tl, si);
			while (gmap_event(tl, f->group) != EVENT_NONE)
				f->group = hash64(f->group, "+", 1) | 1;
		}
		e = event_new(tl);
		gmap_put(tl, f->group, si);
	} else {
		/* a restored story has its event's label already */
		if (!later)
			f->group = tl->facts[tl->events[e].stories[0]].group;
		later = later && tl->events[e].stale;
	}
	ev = &tl->events[e];
	/* room doubles at each power of two (it never shrinks) */
	n = ev->nstories;
	if ((n & (n - 1)) == 0)
		ev->stories = pool_grow(&tl->pool, ev->stories, n,
					n ? 2 * n : 1, &ev->scls);
	for (pos = ev->nstories; pos > 0 &&
	     story_cmp(tl, si, ev->stories[pos - 1]) < 0; pos--)
		ev->stories[pos] = ev->stories[pos - 1];
	ev->stories[pos] = si;
	ev->nstories++;
	f->event = e;
	/* the event's search text is its earliest source's title and text
	 * and the other sources' titles: folded again when finishing */
	unfold(tl, e);
	ev->stale = later;
	if (!later)
		event_refresh(tl, &tl->pool, ev);
	tl->dirty = true;
	return e;
}

uint32_t
timeline_join(struct timeline *tl, uint32_t si, uint32_t e)
{
	return join(tl, si, e, false);
}

void
timeline_leave(struct timeline *tl, uint32_t si)
{
	struct story_facts *f = &tl->facts[si];
	struct event *ev;
	size_t i;

	if (f->event == EVENT_NONE)
		return;
	ev = &tl->events[f->event];
	for (i = 0; i < ev->nstories && ev->stories[i] != si; i++)
		;
	unfold(tl, f->event);
	if (i < ev->nstories) {
		memmove(ev->stories + i, ev->stories + i + 1,
			(ev->nstories - i - 1) * sizeof *ev->stories);
		ev->nstories--;
	}
	if (ev->nstories) {
		event_refresh(tl, &tl->pool, ev);
		ev->stale = false;
		/* the label is found through a story that keeps it: si
		 * may have been the one the map named, and goes (its new
		 * version would take the label again, and the archive's
		 * next reader join the two events) */
		if (f->group && tl->facts[ev->stories[0]].group == f->group)
			gmap_put(tl, f->group, ev->stories[0]);
	} else {
		tl->nempty++;
	}
	f->event = EVENT_NONE;
	tl->dirty = true;
}

/* ---- adding ---- */

static bool
story_same(const struct story *a, const struct story *b)
{
	return a->published.known == b->published.known &&
	       a->published.utc == b->published.utc &&
	       strcmp(a->title, b->title) == 0 &&
	       strcmp(a->link, b->link) == 0 &&
	       strcmp(a->summary, b->summary) == 0 &&
	       strcmp(a->content, b->content) == 0 &&
	       strcmp(a->authors, b->authors) == 0 &&
	       strcmp(a->categories, b->categories) == 0;
}

/* The text actors are found in and dates read from, besides the title. */
static const char *
story_body(const struct story *s)
{
	return *s->summary ? s->summary : s->content;
}

/* What actors are looked for in: "title\nbody", the body cut short. */
static char *
actor_text(const struct story *s, size_t *len)
{
	const char *body = story_body(s);
	size_t tlen = strlen(s->title), blen = strlen(body);
	char *text;

	if (blen > ACTOR_TEXT_CAP)
		blen = ACTOR_TEXT_CAP;
	text = xmalloc(tlen + blen + 2);
	memcpy(text, s->title, tlen);
	text[tlen] = '\n';
	memcpy(text + tlen + 1, body, blen);
	text[tlen + blen + 1] = '\0';
	*len = tlen + blen + 1;
	return text;
}

static void
set_actors(struct timeline *tl, struct story_facts *f, const uint32_t *ids,
	   size_t n)
{
	pool_free(&tl->pool, f->actors, f->acls);
	f->actors = NULL;
	f->acls = POOL_MALLOC;
	f->nactors = 0;
	if (n) {
		f->actors = pool_alloc(&tl->pool, n, &f->acls);
		memcpy(f->actors, ids, n * sizeof *ids);
		f->nactors = (uint16_t)n;
	}
}

static void
find_actors(struct timeline *tl, const struct story *s,
	    struct story_facts *f)
{
	uint32_t out[MAX_ACTORS];
	size_t len, n;
	char *text;

	if (!tl->actors)
		return;
	text = actor_text(s, &len);
	n = actors_match(tl->actors, text, len, out, MAX_ACTORS, true);
	free(text);
	set_actors(tl, f, out, n);
}

/* Actors for story s from what a view found ahead (see actors.h). */
static void
finish_actors(struct timeline *tl, const struct story *s,
	      const struct actors_found *found, struct story_facts *f)
{
	uint32_t out[MAX_ACTORS];

	if (!tl->actors)
		return;
	if (actors_found_stale(tl->actors, found)) {
		find_actors(tl, s, f);
		return;
	}
	set_actors(tl, f, out, actors_found_finish(tl->actors, found, out,
					       MAX_ACTORS));
}

/* When story s says its happening was: the part of the facts that hangs
 * on the story alone (any thread).  The other dates it names are read
 * again when asked for (timeline_story_dates). */
static void
extract_time(const struct story *s, struct story_facts *f)
{
	const char *body = story_body(s);
	struct temporal_result res;

	f->pub = s->published.known ? s->published.utc : NO_TIME;
	temporal_event(s->title, body, &s->published, &res);
	f->span = 0;			/* no end */
	if (res.event.precision != PREC_UNKNOWN) {
		f->start = res.event.start;
		facts_set_end(f, res.event.end);
		f->precision = res.event.precision;
		f->flags = EVENT_TEXT_DATE |
			   (res.event.scheduled ? EVENT_SCHEDULED : 0);
	} else if (s->published.known) {
		f->start = s->published.utc;
		f->precision = PREC_MINUTE;
	} else {
		f->start = NO_TIME;
		f->precision = PREC_UNKNOWN;
	}
}

static void
extract(struct timeline *tl, uint32_t si)
{
	find_actors(tl, &tl->stories[si], &tl->facts[si]);
	extract_time(&tl->stories[si], &tl->facts[si]);
}

void
timeline_reserve(struct timeline *tl, size_t more)
{
	size_t cap = tl->nstories + more;

	if (cap <= tl->stories_cap)
		return;
	/* a source at a time (the interface) must not copy the arrays
	 * each time: at least double, as story_new would */
	if (cap < 2 * tl->stories_cap)
		cap = 2 * tl->stories_cap;
	tl->stories = xresize_huge(tl->stories, tl->nstories, cap,
				   sizeof *tl->stories);
	tl->facts = xresize_huge(tl->facts, tl->nstories, cap,
				 sizeof *tl->facts);
	tl->stories_cap = cap;
}

static uint32_t
story_new(struct timeline *tl)
{
	if (tl->nstories == tl->stories_cap) {
		tl->stories_cap = tl->stories_cap ? tl->stories_cap * 2 : 256;
		tl->stories = xreallocarray(tl->stories, tl->stories_cap,
					    sizeof *tl->stories);
		tl->facts = xreallocarray(tl->facts, tl->stories_cap,
					  sizeof *tl->facts);
	}
	memset(&tl->facts[tl->nstories], 0, sizeof *tl->facts);
	tl->facts[tl->nstories].event = EVENT_NONE;
	return (uint32_t)tl->nstories++;
}

/* A new story (taken over; s zeroed), known by its feed and id, whose
 * story_key is h; put in the map later when it is known new. */
static uint32_t
story_insert(struct timeline *tl, struct story *s, uint32_t h, bool later)
{
	uint32_t si = story_new(tl);

	tl->stories[si] = *s;
	memset(s, 0, sizeof *s);
	if (later) {
		if (tl->nsmap_later == tl->smap_later_cap) {
			tl->smap_later_cap = tl->smap_later_cap ?
				tl->smap_later_cap * 2 : 1024;
			tl->smap_later = xreallocarray(tl->smap_later,
				tl->smap_later_cap, sizeof *tl->smap_later);
		}
		tl->smap_later[tl->nsmap_later].story = si;
		tl->smap_later[tl->nsmap_later++].hash = h;
		return si;
	}
	if (tl->nsmap_later)
		smap_settle(tl);
	if ((tl->nstories + 1) * 2 > tl->smap_cap)
		smap_grow(tl);
	smap_put(tl, si, h);
	return si;
}

/* ---- names found late ---- */

/* A name is discovered (added to the dictionary) by the first story that
 * gives it a title ("Warsaw Mayor Rafał Trzaskowski"); stories placed
 * before may have named him bare.  Story si was just placed (or replaced)
 * and given its actors, with the dictionary holding known before: kept
 * for the next finish, which looks again if si added a name. */
static void
noticed(struct timeline *tl, size_t known, uint32_t si)
{
	int64_t pub = tl->facts[si].pub;

	if (tl->nfresh == tl->fresh_cap) {
		tl->fresh_cap = tl->fresh_cap ? tl->fresh_cap * 2 : 1024;
		tl->fresh = xreallocarray(tl->fresh, tl->fresh_cap,
					  sizeof *tl->fresh);
	}
	tl->fresh[tl->nfresh++] = si;
	if (actors_count(tl->actors) <= known)
		return;
	if (!tl->retag) {
		tl->retag_from = (uint32_t)known;
		tl->retag_oldest = INT64_MAX;
	} else if (known < tl->retag_from) {
		tl->retag_from = (uint32_t)known;
	}
	tl->retag = true;
	if (pub != NO_TIME && pub < tl->retag_oldest)
		tl->retag_oldest = pub;
}

/* Whether story i, placed before the last finish, is looked at again:
 * published up to RETAG_WINDOW before the oldest story that found a name
 * (an archive of years is not read again for each name). */
static bool
in_window(const struct timeline *tl, size_t i)
{
	int64_t pub = tl->facts[i].pub;

	return tl->facts[i].event != EVENT_NONE && pub != NO_TIME &&
	       tl->retag_oldest != INT64_MAX &&
	       pub >= tl->retag_oldest - RETAG_WINDOW;
}

/* Story i's actors with those of ids[0..n) from retag_from on that it
 * lacks; whether it gained any. */
static bool
retag_story(struct timeline *tl, size_t i, const uint32_t *ids, size_t n)
{
	struct story_facts *f = &tl->facts[i];
	uint32_t out[MAX_ACTORS];
	size_t a = 0, b = 0, m = 0;
	bool gained = false;

	while ((a < f->nactors || b < n) && m < MAX_ACTORS) {
		if (b < n && ids[b] < tl->retag_from) {
			b++;
		} else if (b == n || (a < f->nactors && f->actors[a] < ids[b])) {
			out[m++] = f->actors[a++];
		} else if (a == f->nactors || ids[b] < f->actors[a]) {
			out[m++] = ids[b++];
			gained = true;
		} else {
			out[m++] = f->actors[a++];
			b++;
		}
	}
	if (!gained)
		return false;
	set_actors(tl, f, out, m);
	return true;
}

/* Look for the names found since the last finish in story i again. */
static void
retag_one(struct timeline *tl, size_t i)
{
	uint32_t ids[MAX_ACTORS];
	size_t len, n;
	char *text = actor_text(&tl->stories[i], &len);

	n = actors_match(tl->actors, text, len, ids, MAX_ACTORS, false);
	free(text);
	if (!retag_story(tl, i, ids, n))
		return;
	tl->events[tl->facts[i].event].stale = true;
	tl->dirty = true;
	if (tl->nretagged == tl->retagged_cap) {
		tl->retagged_cap = tl->retagged_cap ? tl->retagged_cap * 2 : 64;
		tl->retagged = xreallocarray(tl->retagged, tl->retagged_cap,
					     sizeof *tl->retagged);
	}
	tl->retagged[tl->nretagged++] = (uint32_t)i;
}

/* The stories placed since the last finish, and those in the window,
 * for the names found since and their surnames ("Kowal, who has run the
 * finance ministry"). */
static void
retag(struct timeline *tl)
{
	actors_add_surnames(tl->actors, tl->retag_from);
	for (size_t i = 0; i < tl->nstories; i++)
		if (in_window(tl, i))
			retag_one(tl, i);
	for (size_t k = 0; k < tl->nfresh; k++) {
		uint32_t i = tl->fresh[k];

		if (i < tl->nstories && tl->facts[i].event != EVENT_NONE &&
		    !in_window(tl, i))
			retag_one(tl, i);
	}
	tl->retag = false;
}

uint32_t *
timeline_take_retagged(struct timeline *tl, size_t *n)
{
	uint32_t *v = tl->retagged;

	*n = tl->nretagged;
	tl->retagged = NULL;
	tl->nretagged = tl->retagged_cap = 0;
	return v;
}

/* timeline_add, for a story whose time and words were read before into
 * ready (taken over) and its actors into found, unless ready is NULL. */
static uint32_t
add_story(struct timeline *tl, struct story *s, struct story_facts *ready,
	  const struct actors_found *found)
{
	size_t known = tl->actors ? actors_count(tl->actors) : 0;
	uint32_t si, h;

	story_normalise(s);
	/* a story built by hand may name a feed never declared */
	while (s->feed >= tl->nfeeds) {
		char name[32];

		snprintf(name, sizeof name, "feed %zu", tl->nfeeds);
		timeline_feed(tl, name);
	}
	h = (uint32_t)story_key(s->feed, s->id);
	si = smap_find(tl, s->feed, s->id, h);
	if (si != EVENT_NONE) {
		if (story_same(&tl->stories[si], s)) {
			story_free(s);
			memset(s, 0, sizeof *s);
			if (ready)
				facts_free(tl, ready);
			return si;
		}
		cluster_remove(tl->cluster, tl, si);
		story_free(&tl->stories[si]);
		facts_free(tl, &tl->facts[si]);
		tl->stories[si] = *s;
		memset(s, 0, sizeof *s);
	} else {
		si = story_insert(tl, s, h, false);
	}
	if (!ready) {
		extract(tl, si);
		if (tl->actors)
			noticed(tl, known, si);
		cluster_place(tl->cluster, tl, si);
		return si;
	}
	tl->facts[si] = *ready;
	memset(ready, 0, sizeof *ready);
	finish_actors(tl, &tl->stories[si], found, &tl->facts[si]);
	if (tl->actors)
		noticed(tl, known, si);
	cluster_place_ready(tl->cluster, tl, si);
	return si;
}

int
timeline_knows(struct timeline *tl, const struct story *s)
{
	uint32_t si = smap_find(tl, s->feed, s->id,
				(uint32_t)story_key(s->feed, s->id));

	if (si == EVENT_NONE)
		return 0;
	return story_same(&tl->stories[si], s) ? 1 : 2;
}

uint32_t
timeline_add(struct timeline *tl, struct story *s)
{
	return add_story(tl, s, NULL, NULL);
}

/* ---- adding many ---- */

void
timeline_prepare(const struct timeline *tl, struct actors *view,
		 struct story *s, struct story_facts *f,
		 struct actors_found *found)
{
	story_normalise(s);
	f->event = EVENT_NONE;
	extract_time(s, f);
	cluster_words(tl->cluster, s, f);
	if (view) {
		size_t len;
		char *text = actor_text(s, &len);

		actors_view_match(view, text, len, found);
		free(text);
	}
}

uint32_t
timeline_add_prepared(struct timeline *tl, struct story *s,
		      struct story_facts *f, struct actors_found *found)
{
	uint32_t si = add_story(tl, s, f, found);

	actors_found_clear(found);
	return si;
}

uint32_t
timeline_restore(struct timeline *tl, struct story *s, struct story_facts *f,
		 bool known_new)
{
	uint64_t group = f->group;
	uint32_t si, h;

	story_normalise(s);
	h = (uint32_t)story_key(s->feed, s->id);
	if (s->feed >= tl->nfeeds ||
	    (!known_new && smap_find(tl, s->feed, s->id, h) != EVENT_NONE)) {
		facts_free(tl, f);
		return timeline_add(tl, s);
	}
	si = story_insert(tl, s, h, known_new);
	tl->facts[si] = *f;
	memset(f, 0, sizeof *f);
	f->event = EVENT_NONE;
	tl->facts[si].event = EVENT_NONE;
	tl->facts[si].pub = tl->stories[si].published.known ?
		tl->stories[si].published.utc : NO_TIME;
	cluster_restore(tl->cluster, tl, si);
	/* of the many restored at once, each event is made once */
	join(tl, si, gmap_event(tl, group), true);
	return si;
}

void
timeline_prefetch(const struct timeline *tl, uint64_t group, int step)
{
	const struct event *ev;
	size_t j;
	uint32_t gs, e;

	if (!group || !tl->gmap_cap)
		return;
	j = group & (tl->gmap_cap - 1);
	if (step == 0) {
		__builtin_prefetch(&tl->gmap[j]);
		return;
	}
	gs = tl->gmap[j].story;
	if (tl->gmap[j].fp != gmap_fp(group) || gs >= tl->nstories)
		return;		/* a new event, or further on */
	if (step == 1) {
		__builtin_prefetch(&tl->facts[gs]);
		return;
	}
	e = tl->facts[gs].event;
	if (tl->facts[gs].group != group || e >= tl->nevents)
		return;
	ev = &tl->events[e];
	if (step == 2)
		__builtin_prefetch(ev);
	else if (step == 3 && ev->nstories)
		__builtin_prefetch(&ev->stories[ev->nstories - 1]);
	else if (step == 4 && ev->nstories &&
		 ev->stories[ev->nstories - 1] < tl->nstories)
		__builtin_prefetch(&tl->stories[ev->stories[ev->nstories - 1]]);
}

/* ---- finishing: order and indexes ---- */

struct order {
	int64_t start, reported;
	uint64_t id;
	uint32_t index;
};

static int
cmp_time(int64_t a, int64_t b)
{
	if (a == b)
		return 0;
	if (a == NO_TIME)
		return 1;
	if (b == NO_TIME)
		return -1;
	return a < b ? -1 : 1;
}

static int
cmp_order(const void *a, const void *b)
{
	const struct order *x = a, *y = b;
	int c = cmp_time(x->start, y->start);

	if (!c)
		c = cmp_time(x->reported, y->reported);
	if (!c)
		c = (x->id > y->id) - (x->id < y->id);
	if (!c)
		c = (x->index > y->index) - (x->index < y->index);
	return c;
}

/* A large timeline is sorted in two halves at once, then merged, and its
 * events moved in two halves at once. */
#define SORT_ALONE 65536

struct sort_part {
	struct timeline *tl;
	struct order *o;
	size_t n;		/* sort: o[0..n) */
	struct event *events;	/* move: events [from, to) */
	char **folded;
	size_t from, to;
};

static void *
sort_part(void *arg)
{
	struct sort_part *p = arg;

	qsort(p->o, p->n, sizeof *p->o, cmp_order);
	return NULL;
}

/* Events from..to in their sorted places, their stories told. */
static void *
move_part(void *arg)
{
	struct sort_part *p = arg;
	struct timeline *tl = p->tl;

	for (size_t i = p->from; i < p->to; i++) {
		p->events[i] = tl->events[p->o[i].index];
		p->folded[i] = tl->folded[p->o[i].index];
		for (size_t k = 0; k < p->events[i].nstories; k++)
			tl->facts[p->events[i].stories[k]].event = (uint32_t)i;
	}
	return NULL;
}

/* Run f on a and on b, in two threads when it is worth one. */
static void
both(void *(*f)(void *), void *a, void *b, bool two)
{
	pthread_t helper;

	if (two && pthread_create(&helper, NULL, f, b) == 0) {
		f(a);
		pthread_join(helper, NULL);
		return;
	}
	f(a);
	f(b);
}

static void
merge_orders(const struct order *x, size_t nx, const struct order *y,
	     size_t ny, struct order *out)
{
	size_t i = 0, j = 0, k = 0;

	while (i < nx && j < ny)
		out[k++] = cmp_order(&y[j], &x[i]) < 0 ? y[j++] : x[i++];
	while (i < nx)
		out[k++] = x[i++];
	while (j < ny)
		out[k++] = y[j++];
}

/* Sort the events, dropping the ones left empty, and point each story at
 * its event's new index. */
static void
sort_events(struct timeline *tl)
{
	struct order *o = xreallocarray(NULL, tl->nevents + 1, sizeof *o);
	struct sort_part a = { 0 }, b;
	bool two;
	size_t n = 0;

	for (size_t i = 0; i < tl->nevents; i++) {
		if (!tl->events[i].nstories) {
			pool_free(&tl->pool, tl->events[i].stories,
				  tl->events[i].scls);
			pool_free(&tl->pool, tl->events[i].actors,
				  tl->events[i].acls);
			free(tl->folded[i]);
			continue;
		}
		o[n].start = tl->events[i].start;
		o[n].reported = tl->events[i].reported;
		o[n].id = tl->events[i].id;
		o[n++].index = (uint32_t)i;
	}
	two = n >= SORT_ALONE;
	a.tl = tl;
	b = a;
	a.o = o;
	a.n = two ? n / 2 : n;
	b.o = o + a.n;
	b.n = n - a.n;
	both(sort_part, &a, &b, two);
	if (two) {
		struct order *m = xreallocarray(NULL, n + 1, sizeof *m);

		merge_orders(a.o, a.n, b.o, b.n, m);
		free(o);
		o = m;
	}
	a.o = b.o = o;
	a.events = b.events = xreallocarray(NULL, tl->events_cap,
					    sizeof *a.events);
	a.folded = b.folded = xreallocarray(NULL, tl->events_cap,
					    sizeof *a.folded);
	a.from = 0;
	a.to = b.from = two ? n / 2 : n;
	b.to = n;
	both(move_part, &a, &b, two);
	free(tl->events);
	free(tl->folded);
	free(o);
	tl->events = a.events;
	tl->folded = a.folded;
	tl->nevents = n;
	tl->nempty = 0;
}

/* The search text of event i: its earliest source's title and text. */
static void
fold_event(struct timeline *tl, size_t i)
{
	const struct story *s;
	const char *body;
	struct buf b = BUF_INIT;
	size_t n;

	if (tl->folded[i] || !tl->events[i].nstories)
		return;
	s = &tl->stories[tl->events[i].stories[0]];
	body = *s->summary ? s->summary : s->content;
	n = strnlen(body, FOLD_TEXT_CAP);
	while (n && ((unsigned char)body[n] & 0xc0) == 0x80)
		n--;	/* cut between characters */
	/* folded in parts, straight into the result */
	buf_grow(&b, strlen(s->title) + n + 2);
	text_fold_append(&b, s->title, strlen(s->title));
	text_fold_append(&b, "\n", 1);
	text_fold_append(&b, body, n);
	/* the other wires' titles: a word of any headline finds its event
	 * (each title once, from the first sources) */
	for (size_t k = 1; k < tl->events[i].nstories && k < FOLD_TITLES;
	     k++) {
		const char *t = tl->stories[tl->events[i].stories[k]].title;
		bool seen = false;

		for (size_t j = 0; j < k && !seen; j++)
			seen = !strcmp(t, tl->stories[
				tl->events[i].stories[j]].title);
		if (seen)
			continue;
		text_fold_append(&b, "\n", 1);
		text_fold_append(&b, t, strlen(t));
	}
	tl->folded[i] = buf_steal(&b);
}

static void
fold_turn(void *tl, size_t i)
{
	fold_event(tl, i);
}

/* Every event's folded text, by several threads (each writes its own). */
static void
fill_folded(struct timeline *tl)
{
	if (!tl->no_search)
		workers_for(tl->nevents, FOLD_SHARED, fold_turn, tl);
	tl->fold_from = tl->nevents;
	tl->nrefold = 0;	/* every event has its text */
}

/* Search text for events whose earliest source changed. */
void
timeline_fold_new(struct timeline *tl)
{
	for (size_t i = 0; i < tl->nrefold && !tl->no_search; i++)
		if (tl->refold[i] < tl->nevents)
			fold_event(tl, tl->refold[i]);
	tl->nrefold = 0;
	for (size_t i = tl->fold_from; i < tl->nevents && !tl->no_search; i++)
		fold_event(tl, i);
	tl->fold_from = tl->nevents;
}

static void
index_actors(struct timeline *tl)
{
	size_t n = tl->actors ? actors_count(tl->actors) : 0, total = 0;

	for (size_t i = 0; i < tl->nevents; i++) {
		const struct event *ev = &tl->events[i];

		if (ev->nactors && ev->actors[ev->nactors - 1] >= n)
			n = (size_t)ev->actors[ev->nactors - 1] + 1;
		total += ev->nactors;
	}
	free(tl->actor_off);
	free(tl->actor_ev);
	tl->actor_off = xcalloc(n + 2, sizeof *tl->actor_off);
	tl->actor_ev = xreallocarray(NULL, total + 1, sizeof *tl->actor_ev);
	tl->nactor_index = n;
	for (size_t i = 0; i < tl->nevents; i++)
		for (size_t k = 0; k < tl->events[i].nactors; k++)
			tl->actor_off[tl->events[i].actors[k] + 2]++;
	for (size_t a = 2; a < n + 2; a++)
		tl->actor_off[a] += tl->actor_off[a - 1];
	/* actor_off[a + 1] is the fill cursor of actor a, then its end */
	for (size_t i = 0; i < tl->nevents; i++)
		for (size_t k = 0; k < tl->events[i].nactors; k++)
			tl->actor_ev[tl->actor_off[tl->events[i].actors[k] +
						   1]++] = (uint32_t)i;
}

/* Events per feed (each event once under each feed among its sources),
 * and the longest span. */
static void
index_feeds(struct timeline *tl)
{
	size_t n = tl->nfeeds, total = 0;
	uint32_t *last = xreallocarray(NULL, n + 1, sizeof *last);

	free(tl->feed_off);
	free(tl->feed_ev);
	tl->feed_off = xcalloc(n + 2, sizeof *tl->feed_off);
	tl->nfeed_index = n;
	tl->max_span = 0;
	memset(last, 0xff, (n + 1) * sizeof *last);
	for (size_t i = 0; i < tl->nevents; i++) {
		const struct event *ev = &tl->events[i];

		if (ev->end != NO_TIME && ev->start != NO_TIME &&
		    ev->end - ev->start > tl->max_span)
			tl->max_span = ev->end - ev->start;
		for (size_t k = 0; k < ev->nstories; k++) {
			uint32_t f = tl->stories[ev->stories[k]].feed;

			if (f < n && last[f] != i) {
				last[f] = (uint32_t)i;
				tl->feed_off[f + 2]++;
				total++;
			}
		}
	}
	for (size_t f = 2; f < n + 2; f++)
		tl->feed_off[f] += tl->feed_off[f - 1];
	tl->feed_ev = xreallocarray(NULL, total + 1, sizeof *tl->feed_ev);
	memset(last, 0xff, (n + 1) * sizeof *last);
	for (size_t i = 0; i < tl->nevents; i++) {
		const struct event *ev = &tl->events[i];

		for (size_t k = 0; k < ev->nstories; k++) {
			uint32_t f = tl->stories[ev->stories[k]].feed;

			if (f < n && last[f] != i) {
				last[f] = (uint32_t)i;
				tl->feed_ev[tl->feed_off[f + 1]++] = (uint32_t)i;
			}
		}
	}
	free(last);
}

/* Events from..to whose sources changed, made again, their actors'
 * arrays from pool. */
struct refresh_part {
	struct timeline *tl;
	struct pool *pool;
	size_t from, to;
};

static void *
refresh_part(void *arg)
{
	struct refresh_part *p = arg;

	for (size_t i = p->from; i < p->to; i++)
		if (p->tl->events[i].stale && p->tl->events[i].nstories) {
			event_refresh(p->tl, p->pool, &p->tl->events[i]);
			p->tl->events[i].stale = false;
		}
	return NULL;
}

/* After a bulk restore most events are stale: a large timeline's are
 * made by two threads, each event by one (it reads the stories and
 * writes only itself), the helper with a pool of its own (the pool is
 * for one thread), which the timeline's takes over after. */
static void
refresh_stale(struct timeline *tl)
{
	struct pool own = { 0 };
	struct refresh_part a = { tl, &tl->pool, 0, tl->nevents }, b = a;
	pthread_t helper;

	if (tl->nevents >= 65536) {
		a.to = b.from = tl->nevents / 2;
		b.pool = &own;
		if (pthread_create(&helper, NULL, refresh_part, &b) == 0) {
			refresh_part(&a);
			pthread_join(helper, NULL);
			pool_merge(&tl->pool, &own);
			return;
		}
		a.to = tl->nevents;
	}
	refresh_part(&a);
}

static void *
feed_index(void *tl)
{
	index_feeds(tl);
	return NULL;
}

void
timeline_finish(struct timeline *tl)
{
	pthread_t helper;
	bool two;

	if (tl->retag)
		retag(tl);
	free(tl->fresh);	/* a command's were all its stories */
	tl->fresh = NULL;
	tl->nfresh = tl->fresh_cap = 0;
	if (!tl->dirty)
		return;
	refresh_stale(tl);
	sort_events(tl);
	/* the feed index by a helper meanwhile (each writes its own) */
	two = tl->nevents >= SORT_ALONE &&
	      pthread_create(&helper, NULL, feed_index, tl) == 0;
	fill_folded(tl);
	index_actors(tl);
	if (two)
		pthread_join(helper, NULL);
	else
		index_feeds(tl);
	tl->dirty = false;
}

void
timeline_search_text(struct timeline *tl, bool on)
{
	if (on && tl->no_search)
		tl->dirty = true;	/* the next finish folds them all */
	tl->no_search = !on;
}

const uint32_t *
timeline_feed_events(const struct timeline *tl, uint32_t feed, size_t *n)
{
	if (!tl->feed_off || feed >= tl->nfeed_index) {
		*n = 0;
		return NULL;
	}
	*n = tl->feed_off[feed + 1] - tl->feed_off[feed];
	return tl->feed_ev + tl->feed_off[feed];
}

int64_t
timeline_max_span(const struct timeline *tl)
{
	return tl->max_span;
}

/* ---- queries ---- */

const char *
timeline_event_title(const struct timeline *tl, const struct event *ev)
{
	if (!ev->nstories || ev->stories[0] >= tl->nstories)
		return "";
	return tl->stories[ev->stories[0]].title;
}

const uint32_t *
timeline_actor_events(const struct timeline *tl, uint32_t actor, size_t *n)
{
	if (!tl->actor_off || actor >= tl->nactor_index) {
		*n = 0;
		return NULL;
	}
	*n = tl->actor_off[actor + 1] - tl->actor_off[actor];
	return tl->actor_ev + tl->actor_off[actor];
}

void
timeline_actor_counts(const struct timeline *tl, size_t *counts)
{
	size_t n = tl->actors ? actors_count(tl->actors) : 0;

	memset(counts, 0, n * sizeof *counts);
	for (size_t i = 0; i < tl->nevents; i++) {
		const struct event *ev = &tl->events[i];

		if (!ev->nstories)
			continue;
		for (size_t k = 0; k < ev->nactors; k++)
			if (ev->actors[k] < n)
				counts[ev->actors[k]]++;
	}
}

size_t
timeline_seek(const struct timeline *tl, int64_t t)
{
	size_t lo = 0, hi = tl->nevents;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int64_t s = tl->events[mid].start;

		if (s != NO_TIME && s < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < tl->nevents && tl->events[lo].start == NO_TIME)
		return tl->nevents;
	return lo;
}

size_t
timeline_story_dates(const struct timeline *tl, uint32_t story,
		     struct temporal_date out[TEMPORAL_MAX_DATES])
{
	const struct story *s;
	struct temporal_result res;
	const char *body;
	char *cut = NULL;
	size_t n;

	if (story >= tl->nstories)
		return 0;
	s = &tl->stories[story];
	body = story_body(s);
	/* asked at each move of the cursor: the start of a long text only
	 * (2 ms a megabyte) */
	if ((n = strnlen(body, DATES_TEXT_CAP + 1)) > DATES_TEXT_CAP)
		body = cut = xstrndup(body, DATES_TEXT_CAP);
	temporal_extract(s->title, body, &s->published, &res);
	free(cut);
	n = res.ndates < TEMPORAL_MAX_DATES ? res.ndates : TEMPORAL_MAX_DATES;
	memcpy(out, res.dates, n * sizeof *out);
	return n;
}
