/* The timeline: every feed, story and event in memory, events ordered by
 * time, with the indexes the interface asks for at every keystroke. */
#ifndef DATELINE_TIMELINE_H
#define DATELINE_TIMELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dateline/model.h"
#include "dateline/pool.h"
#include "dateline/temporal.h"

#define EVENT_NONE UINT32_MAX

struct actors;

struct timeline {
	struct actors *actors;		/* not owned */

	struct feed_info *feeds;
	size_t nfeeds, feeds_cap;

	struct story *stories;		/* owned */
	size_t nstories, stories_cap;

	/* Per story, what extraction found (parallel to stories). */
	struct story_facts *facts;

	/* Events ordered by (start, reported, id); unknown times last. */
	struct event *events;
	size_t nevents, events_cap;

	/* Folded title and text of each event, for search (parallel; owned
	 * here, built from the event's earliest source). */
	char **folded;

	struct cluster *cluster;	/* merging state */
	struct pool pool;		/* the events' stories and actors */
	bool dirty;			/* events changed since the last sort */

	/* Private: (feed, id) -> story, open addressing (story EVENT_NONE:
	 * empty), with the key's hash so that a probe seldom reads a story. */
	struct smap_slot {
		uint32_t story, hash;
	} *smap;
	size_t smap_cap;
	/* Private: stories known new (a bulk read), put in smap in one sweep
	 * before the next lookup, instead of a random write each. */
	struct smap_slot *smap_later;
	size_t nsmap_later, smap_later_cap;
	/* Private: event label -> a story of that event (groups). */
	struct gslot {
		uint32_t fp, story;
	} *gmap;
	size_t gmap_cap, gmap_used;
	/* Private: events per actor, built by timeline_finish (CSR). */
	uint32_t *actor_off, *actor_ev;
	size_t nactor_index;
	/* Private: events per feed (CSR), and the longest event's span. */
	uint32_t *feed_off, *feed_ev;
	size_t nfeed_index;
	int64_t max_span;
	/* Private: the stories placed (or replaced) since the last finish;
	 * when one of them discovered a name, the finish looks for the
	 * actors from retag_from on in them again, and in those published
	 * from a while before the oldest that found one (see
	 * timeline_take_retagged). */
	uint32_t *fresh;
	size_t nfresh, fresh_cap;
	bool retag;
	uint32_t retag_from;		/* the first actor added since */
	int64_t retag_oldest;		/* the oldest that found one */
	uint32_t *retagged;		/* stories given actors so */
	size_t nretagged, retagged_cap;
	size_t fold_from;		/* events before it have search text ... */
	uint32_t *refold;		/* ... but these, given a source since */
	size_t nrefold, refold_cap;
	bool no_search;			/* no search text is made */
	size_t nempty;			/* events left without a story */
};

/* Private to cluster.c: the content words of a story, held while it is
 * compared (let go for the older stories, found again when asked). */
struct story_words {
	float norm;			/* their norm, made when ... */
	uint32_t norm_docs;		/* ... this many were counted (0: not
					   yet) */
	uint32_t said_by;		/* the title word before "says" (0:
					   none) */
	uint8_t n;
	uint32_t w[];			/* hashes, sorted, with flags in the
					   low bits */
};

/* What extract found in one story: 64 bytes, one for each story. */
struct story_facts {
	int64_t start;			/* the happening's time (NO_TIME) */
	int32_t span;			/* its end, from start (0: none; see
					   facts_end) */
	uint32_t event;			/* index of its event, EVENT_NONE */
	uint32_t *actors;
	uint64_t group;			/* its event's label, kept by the
					   archive: the same for every story
					   of an event */
	int64_t pub;			/* publication, NO_TIME */
	/* Private to cluster.c: its words, NULL when let go or none; the
	 * normalised title's hash (0: none). */
	struct story_words *words;
	uint64_t thash;
	uint16_t nactors;
	uint8_t precision;
	uint8_t flags;			/* enum event_flags */
	uint8_t acls;			/* actors' pool class (0: malloc, as
					   decoded facts' are) */
	bool copy;			/* private to cluster.c: the same
					   article (id or link) as a story
					   placed before, on another feed:
					   its words neither counted nor
					   indexed */
	bool words_out;			/* private to cluster.c: its words
					   were let go (a cache of the
					   newest), found again when asked */
};

/* The end of a story's happening (NO_TIME for an instant, and for a
 * range that ends where it starts), and setting it (start first). */
static inline int64_t
facts_end(const struct story_facts *f)
{
	return f->span == 0 || f->start == NO_TIME ? NO_TIME :
	       f->start + f->span;
}

static inline void
facts_set_end(struct story_facts *f, int64_t end)
{
	int64_t d = 0;

	/* a range of more than 68 years is no happening's: cut (stored
	 * facts are read back untrusted: the difference may not fit) */
	if (end != NO_TIME && f->start != NO_TIME &&
	    __builtin_sub_overflow(end, f->start, &d))
		d = end > f->start ? INT32_MAX : -INT32_MAX;
	f->span = d > INT32_MAX ? INT32_MAX : d < -INT32_MAX ? -INT32_MAX :
		  (int32_t)d;
}

struct timeline *timeline_new(struct actors *actors);
void timeline_free(struct timeline *tl);

/* The index of the feed with that source, added when new. */
uint32_t timeline_feed(struct timeline *tl, const char *source);

/* Add a story (ownership of its strings passes to the timeline; the
 * caller's struct is zeroed) or, when a story with the same feed and id is
 * there, replace it.  Actors and the event time are extracted and the story
 * is merged into an event.  Returns the story's index. */
uint32_t timeline_add(struct timeline *tl, struct story *s);
/* Whether the timeline holds a story of s's feed and id (s normalised):
 * 0 no, 1 the same, 2 another version of it, which adding s replaces. */
int timeline_knows(struct timeline *tl, const struct story *s);
/* Room for more stories made at once, before many are added. */
void timeline_reserve(struct timeline *tl, size_t more);

/* timeline_add in two parts, for adding many stories with several threads
 * (adder.h).  The part that hangs on the story alone, which any thread may
 * do: s normalised, its time and words into f (zeroed before), the actors
 * view (a copy of the timeline's dictionary for this thread, see actors.h;
 * NULL when the timeline has none) finds into found. */
struct actors_found;
void timeline_prepare(const struct timeline *tl, struct actors *view,
		      struct story *s, struct story_facts *f,
		      struct actors_found *found);
/* The rest, in the timeline's thread, in the order the stories are to be
 * added: timeline_add for a prepared story; f is taken over (left
 * zeroed), found is emptied for the next story (actors_found_clear). */
uint32_t timeline_add_prepared(struct timeline *tl, struct story *s,
			       struct story_facts *f,
			       struct actors_found *found);

/* Add a story whose facts were made before (the archive keeps them):
 * no extraction and no comparison; it joins the event of its group (see
 * cluster_restore).  Both are taken over (zeroed).  A story the timeline
 * holds already is handled as timeline_add would, the facts dropped;
 * unless the caller knows it new (not looked for: a reader of distinct
 * stories into an empty timeline). */
uint32_t timeline_restore(struct timeline *tl, struct story *s,
			  struct story_facts *f, bool known_new);

/* A hint before restoring many stories: a story with facts of this label
 * comes soon.  Called for it at steps 0 to 4, the first some stories
 * ahead, each nearer, it fetches what joining its event will read, a
 * step deeper each time (what the step before fetched is read). */
void timeline_prefetch(const struct timeline *tl, uint64_t group, int step);

/* Sort events and build indexes after adding; cheap when nothing changed.
 * Event indices change: facts[].event follows. */
void timeline_finish(struct timeline *tl);

/* The stories whose actors a finish added to, since the last call (a name
 * found after them: their facts changed, for the archive); *n of them,
 * the caller's to free (NULL when none). */
uint32_t *timeline_take_retagged(struct timeline *tl, size_t *n);

/* Make the search text of the events added since the last call (or the
 * last finish) now, a little at a time, so that finishing a large timeline
 * read in slices has less to do at once. */
void timeline_fold_new(struct timeline *tl);

/* Whether the events get search text (folded): yes unless turned off, as
 * a command that searches no words does.  Turning it on makes the text of
 * the events there are at the next timeline_finish. */
void timeline_search_text(struct timeline *tl, bool on);

/* The display name of a feed: "~Title", else its title, else the source. */
const char *timeline_feed_name(const struct timeline *tl, uint32_t feed);

/* The event's title (its earliest source's title). */
const char *timeline_event_title(const struct timeline *tl,
				 const struct event *ev);

/* The events (indices, in order) that name an actor; *n receives the count.
 * Valid until the timeline changes. */
const uint32_t *timeline_actor_events(const struct timeline *tl,
				      uint32_t actor, size_t *n);

/* The events (indices, in order) with a source from feed; *n receives
 * the count.  Valid until the timeline changes. */
const uint32_t *timeline_feed_events(const struct timeline *tl,
				     uint32_t feed, size_t *n);

/* The longest time an event covers, end minus start (0 when none is a
 * range): how far before a time an event may start and still reach it. */
int64_t timeline_max_span(const struct timeline *tl);

/* How many events name each actor: counts[actor] for every actor id below
 * actors_count() (the caller's array, zeroed here). */
void timeline_actor_counts(const struct timeline *tl, size_t *counts);

/* The first event at or after t (events are sorted), nevents if none. */
size_t timeline_seek(const struct timeline *tl, int64_t t);

/* The dates a story's text mentions besides its event time (for the detail
 * view), into out; returns their count.  Read again from the story's text
 * (its first 64 KiB) at each call, not kept: few are ever asked for, and
 * a timeline of a million stories would hold a hundred bytes for each. */
size_t timeline_story_dates(const struct timeline *tl, uint32_t story,
			    struct temporal_date out[TEMPORAL_MAX_DATES]);

/* For the cluster module: put story si into event ev (EVENT_NONE: a new
 * event) and return the event's index; take it out of its event. */
uint32_t timeline_join(struct timeline *tl, uint32_t si, uint32_t ev);
void timeline_leave(struct timeline *tl, uint32_t si);

#endif
