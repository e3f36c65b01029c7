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
	uint8_t in_title;	/* offset and length are in the title */
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

/* title and text are clean UTF-8 (either may be NULL); published must be
 * known for relative expressions ("on Monday") to resolve, and its day is
 * the writer's local day (utc + offset).  Conventions, after HeidelTime's
 * news rules:
 * - a weekday is the latest such day on or before publication, or the
 *   first on or after it when the sentence speaks of the future ("will",
 *   "is scheduled", "set for", "next"); "last Monday" is strictly before,
 *   "next Monday" strictly after;
 * - a month and day without a year take the publication year, a year back
 *   when that lands more than 90 days after publication in a sentence not
 *   in the future, a year forward when a future sentence lands before it
 *   or when a sentence with no word of the past ("was", "attacked") lands
 *   more than half a year before it ("Talks resume January 5");
 * - "yesterday", "last night": the day before; "today", "tonight": the day
 *   itself; "tomorrow": the day after;
 * - "last week" / "next week": Monday to Sunday of the previous / next ISO
 *   week; "last weekend": the latest Saturday-Sunday that ended before
 *   publication; "earlier this week/month": from its first day to the day
 *   before publication (or the day itself on a first day); "later this
 *   week/month": from the day after publication to its last day;
 * - scheduled: the date lies after the publication day, or the sentence
 *   speaks of the future and the date is not before it.
 * The event comes only from the title, else the first sentence of text;
 * quoted words, a wire dateline ("KYIV, Dec 29 (Reuters) -") and, when the
 * sentence holds another date, the time of saying ("said on Monday") are
 * passed over.  dates[] holds the dates of text (not of the title). */
void temporal_extract(const char *title, const char *text,
		      const struct dl_time *published,
		      struct temporal_result *out);
/* The same event, without the other dates (ndates 0): the text is read no
 * further than its first sentence. */
void temporal_event(const char *title, const char *text,
		    const struct dl_time *published,
		    struct temporal_result *out);

#endif
