/* When a story's happening took place, from its words: "on December
 * 28-29", "on Monday", "yesterday", "28 December", normalised against the
 * publication date in the feed's own offset (HeidelTime's rules for news). */
#ifndef DATELINE_TEMPORAL_H
#define DATELINE_TEMPORAL_H

#include <stddef.h>
#include <stdint.h>

#include "dateline/date.h"

#define TEMPORAL_MAX_DATES 8

struct temporal_date {
	int64_t start;		/* the calendar day named, as 00:00:00Z of it */
	int64_t end;		/* NO_TIME unless a range: its last day, 00:00Z */
	uint8_t precision;	/* enum precision: PREC_DAY or PREC_RANGE */
	uint8_t scheduled;	/* future tense: announced */
	uint32_t offset;	/* byte offset of the expression in the text */
	uint32_t length;	/* its length in bytes */
};

struct temporal_result {
	/* The event's time when the title or first sentence dates it;
	 * precision PREC_UNKNOWN when it does not (use the publication). */
	struct temporal_date event;
	/* Every date the text mentions, for the detail view. */
	struct temporal_date dates[TEMPORAL_MAX_DATES];
	size_t ndates;
};

/* title and text are clean UTF-8; published must be known for relative
 * expressions ("on Monday") to resolve. */
void temporal_extract(const char *title, const char *text,
		      const struct dl_time *published,
		      struct temporal_result *out);

#endif
