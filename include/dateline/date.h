/* Dates: parsing the formats feeds use, formatting, and local days. */
#ifndef DATELINE_DATE_H
#define DATELINE_DATE_H

#include <stdbool.h>
#include <stdint.h>

/* An instant as a feed gave it. */
struct dl_time {
	int64_t utc;		/* seconds since the epoch, UTC */
	int32_t offset;		/* the original UTC offset, in seconds */
	bool has_zone;		/* false: no zone given, read as UTC */
	bool known;		/* false: no date, or an unreadable one */
};

/* RFC 822 and its variants seen in the wild, RFC 3339, W3C-DTF (partial
 * dates too) and asctime.  Returns false (and out->known = false) when the
 * text is not a date.
 * Two-digit years 00-49 are 20xx, 50-99 19xx (RFC 2822); military zone
 * letters have RFC 822's signs (A = -1, N = +1), as feedparser; a zone name
 * after a numeric offset ("-0800 (PST)", "-0800 PST") is ignored.  Both the
 * written date and the UTC instant must lie in years 0 to 9999. */
bool date_parse(const char *s, struct dl_time *out);

/* "2025-12-28T00:00:00Z" into out (at least 32 bytes). */
void date_format_utc(int64_t t, char *out);

/* A command-line or query date: "YYYY-MM-DD" (a local day: its first second,
 * or its last when end_of_day) or RFC 3339.  False when not a date. */
bool date_parse_arg(const char *s, bool end_of_day, int64_t *out);

/* The first second of the local day (TZ) that holds t. */
int64_t date_local_day(int64_t t);
/* The local instant that starts the calendar day of t's UTC date: where a
 * day named by a text (kept as 00:00Z of it) begins on the reader's clock. */
int64_t date_local_day_of_utc(int64_t t);

/* Broken-down UTC time from seconds, and back, without the C library's
 * limits (years 0 to 9999 at least). */
int64_t date_from_civil(int year, int month, int day);
void date_to_civil(int64_t days, int *year, int *month, int *day);

#endif
