/* The model: feeds, stories (feed items) and events (timeline lines). */
#ifndef DATELINE_MODEL_H
#define DATELINE_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "dateline/date.h"

#define NO_TIME INT64_MIN

/* One source of stories. */
struct feed_info {
	char *source;		/* the URL or path the user gave: the key */
	char *title;		/* the feed's own title, or NULL */
	char *link;		/* the feed's home page, or NULL */
	char *name;		/* "~Title" from the feeds file, or NULL */
};

/* One feed item, cleaned: every string is valid UTF-8 without controls
 * (summary and content may hold '\n').  All strings are owned and never
 * NULL after story_normalise() ("" when absent). */
struct story {
	uint32_t feed;		/* index into the timeline's feeds */
	bool packed;		/* its strings are one block (story_pack) */
	bool slab;		/* ... from slab_alloc, not malloc */
	char *id;		/* guid/id, else link, else hash of title and date */
	char *link;
	char *title;
	char *summary;
	char *content;
	char *authors;		/* joined with "; " */
	char *categories;	/* joined with "; " */
	struct dl_time published;
};

enum precision {
	PREC_UNKNOWN,
	PREC_MINUTE,
	PREC_DAY,
	PREC_RANGE,
};

enum event_flags {
	EVENT_SCHEDULED = 1 << 0,	/* announced, in the future of its report */
	EVENT_TEXT_DATE = 1 << 1,	/* time taken from the text, not the feed */
	/* A story's facts only: its title tells a repeat ("strikes Kharkiv
	 * again", "another"), a happening after one like it. */
	FACT_REPEAT = 1 << 2,
	/* ... or may ("again", "second"): when the texts date it another
	 * day than the event like it */
	FACT_AGAIN = 1 << 3,
	/* ... or marks a wire's correction of its own story */
	FACT_CORRECTION = 1 << 4,
};

/* One line of the timeline: a happening and the stories that report it. */
struct event {
	uint64_t id;		/* stable for the same sources across runs */
	int64_t start;		/* NO_TIME when unknown */
	int64_t end;		/* NO_TIME for an instant */
	int64_t reported;	/* earliest publication of its sources */
	uint32_t *stories;	/* indices of its stories, earliest first */
	uint32_t *actors;	/* actor ids, sorted, each once */
	uint32_t nstories;
	uint16_t nactors;
	uint8_t precision;	/* enum precision */
	uint8_t flags;		/* enum event_flags */
	bool stale;		/* sources changed; timeline_finish redoes
				   the fields above from them */
	uint8_t scls, acls;	/* the pool classes of stories and actors
				   (0: from malloc, as a test's may be) */
};

/* Free a story's strings (not the struct itself). */
void story_free(struct story *s);
/* Set all seven strings of s (id, link, title, summary, content, authors,
 * categories; NULL for "") from v[i] of len[i] bytes, in one allocation:
 * for the many stories read back from the archive at once. */
enum { STORY_STRINGS = 7 };
void story_pack(struct story *s, const char *const v[STORY_STRINGS],
		const size_t len[STORY_STRINGS]);
/* Its strings in one block, of their exact size (a parser's are seven,
 * each with room to spare): for the many stories of a large feed. */
void story_compact(struct story *s);
/* Replace the summary and content of s (of len bytes; NULL for ""). */
void story_set_text(struct story *s, const char *summary, size_t slen,
		    const char *content, size_t clen);
/* Replace NULL strings by "" and fill the id when the feed gave none. */
void story_normalise(struct story *s);

#endif
