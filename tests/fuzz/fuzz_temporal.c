/* Fuzz target: temporal_extract on arbitrary title and text (split at the
 * first newline) against a fixed publication date; every date it returns
 * must be ordered, within the text, and of a known precision. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dateline/model.h"
#include "dateline/temporal.h"

static void
check(const struct temporal_date *d, size_t len)
{
	if (d->precision != PREC_DAY && d->precision != PREC_RANGE)
		abort();
	if (d->start == NO_TIME || d->start % 86400 != 0)
		abort();
	if (d->precision == PREC_RANGE ? d->end == NO_TIME || d->end <=
	    d->start || d->end % 86400 != 0 : d->end != NO_TIME)
		abort();
	if ((size_t)d->offset + d->length > len || d->length == 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Tuesday 2025-12-30 09:15 in Moscow. */
	struct dl_time pub = { 1767075300, 3 * 3600, true, true };
	struct temporal_result r, ev;
	char *buf = malloc(size + 1), *title = buf, *text;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	text = memchr(buf, '\n', size);
	if (text)
		*text++ = '\0';
	else
		text = buf + size;
	temporal_extract(title, text, &pub, &r);
	if (r.event.precision != PREC_UNKNOWN)
		check(&r.event, strlen(r.event.in_title ? title : text));
	else if (r.event.start != NO_TIME)
		abort();
	if (r.ndates > TEMPORAL_MAX_DATES)
		abort();
	for (size_t i = 0; i < r.ndates; i++)
		check(&r.dates[i], strlen(text));
	/* the event alone is the same event */
	temporal_event(title, text, &pub, &ev);
	if (ev.ndates || ev.event.start != r.event.start ||
	    ev.event.end != r.event.end ||
	    ev.event.precision != r.event.precision ||
	    ev.event.scheduled != r.event.scheduled ||
	    ev.event.offset != r.event.offset)
		abort();
	free(buf);
	return 0;
}
