/* The detail pane: everything about the event under the cursor — its
 * times, actors, every source with its feed, its own title where it is
 * not the event's, and link, the text wrapped,
 * and the other dates the text mentions. */
#include <string.h>
#include <time.h>

#include "dateline/actors.h"
#include "dateline/app.h"
#include "dateline/export.h"
#include "dateline/model.h"
#include "dateline/text.h"
#include "dateline/timeline.h"
#include "dateline/util.h"
#include "tui_int.h"

#define TEXT_SHOWN (16 * 1024)
#define DATE_SOURCES 16		/* sources whose dates are listed */

static const char *const precision_names[] = {
	[PREC_UNKNOWN] = "time unknown",
	[PREC_MINUTE] = "to the minute",
	[PREC_DAY] = "to the day",
	[PREC_RANGE] = "a range of days",
};

/* Each line starts with its style: T title, L labelled, N plain, D dim. */
static void
line(struct buf *b, char style, const char *label, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void
line(struct buf *b, char style, const char *label, const char *fmt, ...)
{
	va_list ap;

	buf_addc(b, style);
	if (label)
		buf_printf(b, "%-10s", label);
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
	buf_addc(b, '\n');
}

/* text wrapped to width columns (indent included), a line of style for
 * each; one empty line for no text. */
static void
wrapped(struct buf *b, char style, const char *indent, const char *text,
	int width)
{
	struct buf w = BUF_INIT;

	export_wrap(&w, text, width > 8 ? width : 8, indent);
	if (!w.len)
		buf_printf(&w, "%s\n", indent);
	for (const char *p = w.data; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		buf_addc(b, style);
		buf_add(b, p, n);
		buf_addc(b, '\n');
		p += n + (nl != NULL);
	}
	buf_free(&w);
}

/* A labelled line whose text goes on under it where it is long (drawn
 * from column 11 to the right edge, as detail_draw does): wrapped under
 * ten columns of indent, the first line's indent then made the label. */
static void
labelled(struct buf *b, const char *label, const char *text, int cols)
{
	size_t at = b->len;
	char pad[11];

	wrapped(b, 'N', "          ", text, cols - 2);
	snprintf(pad, sizeof pad, "%-10s", label);
	b->data[at] = 'L';
	memcpy(b->data + at + 1, pad, 10);
}

static void
format_instant(int64_t t, char *out, size_t len)
{
	time_t s = (time_t)t;
	struct tm tm;

	if (t == NO_TIME) {
		snprintf(out, len, "unknown");
		return;
	}
	tui_tm(s, true, &tm);
	strftime(out, len, "%a %d %b %Y %H:%M %Z", &tm);
}

static void
format_date(const struct temporal_date *d, char *out, size_t len)
{
	time_t s = (time_t)d->start, e = (time_t)d->end;
	struct tm a, b;

	tui_tm(s, false, &a);
	if (d->precision == PREC_RANGE && d->end != NO_TIME) {
		tui_tm(e, false, &b);
		strftime(out, len, "%d %b", &a);
		strftime(out + strlen(out), len - strlen(out),
			 "\xe2\x80\x93%d %b %Y", &b);
	} else {
		strftime(out, len, "%a %d %b %Y", &a);
	}
	if (d->scheduled)
		snprintf(out + strlen(out), len - strlen(out), " (announced)");
}

static void
add_sources(struct tui *t, const struct event *e, int cols, struct buf *b)
{
	const struct timeline *tl = t->app->tl;

	const char *title = timeline_event_title(tl, e);

	line(b, 'L', "Sources", "%u", e->nstories);
	for (uint32_t i = 0; i < e->nstories; i++) {
		const struct story *s = &tl->stories[e->stories[i]];
		char when[64];

		format_instant(s->published.known ? s->published.utc :
			       NO_TIME, when, sizeof when);
		line(b, 'N', NULL, "  %s \xc2\xb7 %s",
		     timeline_feed_name(tl, s->feed), when);
		/* a source's own title, when it tells it otherwise (a
		 * correction, a new toll) */
		if (s->title && *s->title && strcmp(s->title, title) != 0)
			wrapped(b, 'N', "    ", s->title, cols - 2);
		if (s->link && *s->link)
			line(b, 'D', NULL, "    %s", s->link);
	}
}

static void
add_text(const struct story *s, int cols, struct buf *b)
{
	const char *text = s->content && *s->content ? s->content :
		s->summary ? s->summary : "";
	size_t len = strlen(text);
	struct buf cut = BUF_INIT;

	if (!len)
		return;
	if (len > TEXT_SHOWN) {
		len = TEXT_SHOWN;
		while (len > 0 && ((unsigned char)text[len] & 0xc0) == 0x80)
			len--;
	}
	buf_add(&cut, text, len);
	line(b, 'N', NULL, "%s", "");
	wrapped(b, 'N', "  ", cut.data, cols - 4);
	buf_free(&cut);
}

static void
add_dates(struct tui *t, const struct event *e, int cols, struct buf *b)
{
	const struct timeline *tl = t->app->tl;
	struct buf list = BUF_INIT;
	int64_t seen[64];
	size_t nseen = 0;

	/* the dates are read again from each text (they are not kept): from
	 * the first sources only, so that a large event's pane comes at once */
	for (uint32_t i = 0; i < e->nstories && i < DATE_SOURCES &&
	     nseen < ARRAY_SIZE(seen); i++) {
		struct temporal_date dates[TEMPORAL_MAX_DATES];
		size_t ndates = timeline_story_dates(tl, e->stories[i], dates);

		for (size_t k = 0; k < ndates; k++) {
			const struct temporal_date *d = &dates[k];
			char when[64];
			bool dup = false;

			for (size_t j = 0; j < nseen; j++)
				dup |= seen[j] == d->start;
			if (dup || nseen == ARRAY_SIZE(seen))
				continue;
			seen[nseen++] = d->start;
			format_date(d, when, sizeof when);
			buf_printf(&list, "%s%s", list.len ? ", " : "", when);
		}
	}
	if (list.len) {
		line(b, 'N', NULL, "%s", "");
		labelled(b, "Dates", list.data, cols);
	}
	buf_free(&list);
}

static void
build(struct tui *t, uint32_t ev, int cols)
{
	const struct timeline *tl = t->app->tl;
	const struct event *e = &tl->events[ev];
	struct buf *b = &t->detail_text, names = BUF_INIT;
	char when[96], reported[64];

	buf_reset(b);
	/* a long title goes on to more lines, as the text does */
	wrapped(b, 'T', "", timeline_event_title(tl, e), cols - 2);
	tv_format_when(t, ev, true, when, sizeof when);
	line(b, 'L', "When", "%s \xc2\xb7 %s%s%s", when,
	     precision_names[e->precision <= PREC_RANGE ? e->precision : 0],
	     e->flags & EVENT_SCHEDULED ? " \xc2\xb7 announced" : "",
	     e->flags & EVENT_TEXT_DATE ? " \xc2\xb7 date from the text" : "");
	format_instant(e->reported, reported, sizeof reported);
	line(b, 'L', "Reported", "%s", reported);
	for (uint16_t i = 0; i < e->nactors; i++) {
		const struct actor *a = actors_get(t->app->actors, e->actors[i]);

		if (a)
			buf_printf(&names, "%s%s", names.len ? ", " : "",
				   a->name);
	}
	labelled(b, "Actors", names.len ? names.data : "none found", cols);
	buf_free(&names);
	add_sources(t, e, cols, b);
	if (e->nstories)
		add_text(&tl->stories[e->stories[0]], cols, b);
	add_dates(t, e, cols, b);
}

void
detail_draw(struct tui *t, int y, int height, int cols)
{
	long ev = tv_current(t);
	const char *p;
	int skip, row = 0;

	if (height <= 0 || ev < 0)
		return;
	draw_fill(y, 0, cols, draw_attr(PART_DIM));
	draw_str(y, 1, "Detail", cols - 1, draw_attr(PART_DIM) | A_UNDERLINE);
	for (int i = 1; i < height; i++)
		draw_fill(y + i, 0, cols, draw_attr(PART_NORMAL));
	if (!t->detail_valid || t->detail_event != t->app->tl->events[ev].id ||
	    t->detail_cols != cols) {
		build(t, (uint32_t)ev, cols);
		t->detail_event = t->app->tl->events[ev].id;
		t->detail_cols = cols;
		t->detail_valid = true;
		t->detail_scroll = 0;
	}
	t->detail_rows = height - 1;
	skip = t->detail_scroll;
	for (p = t->detail_text.data; p && *p && row < height - 1;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char style = *p;

		if (skip > 0) {
			skip--;
		} else if (style == 'L' && n > 11) {
			draw_text(y + 1 + row, 1, p + 1, 10, cols - 1,
				  draw_attr(PART_DIM));
			draw_text(y + 1 + row, 11, p + 11, n - 11, cols - 12,
				  draw_attr(PART_NORMAL));
			row++;
		} else {
			enum part part = style == 'T' ? PART_TITLE :
				style == 'D' ? PART_DIM : PART_NORMAL;

			draw_text(y + 1 + row, 1, p + 1, n - 1, cols - 2,
				  draw_attr(part));
			row++;
		}
		p += n + (nl != NULL);
	}
}

/* How many lines the detail holds, to bound its scrolling. */
int
detail_lines(const struct tui *t)
{
	int n = 0;

	for (size_t i = 0; i < t->detail_text.len; i++)
		n += t->detail_text.data[i] == '\n';
	return n;
}
