/* The timeline view: the filtered events grouped under local-day headings,
 * the header with the counts, and the strip of events per day. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dateline/actors.h"
#include "dateline/app.h"
#include "dateline/buf.h"
#include "dateline/model.h"
#include "dateline/text.h"
#include "dateline/timeline.h"
#include "dateline/util.h"
#include "tui_int.h"

#define DAY 86400

static const char *const blocks[] = {
	"\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83", "\xe2\x96\x84",
	"\xe2\x96\x85", "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88",
};

bool
tv_is_heading(const struct tui *t, size_t row)
{
	return row < t->nrows && (t->rows[row] & ROW_HEADING);
}

static const struct event *
row_event(const struct tui *t, size_t row)
{
	if (row >= t->nrows || (t->rows[row] & ROW_HEADING))
		return NULL;
	return &t->app->tl->events[t->sel[t->rows[row]]];
}

long
tv_current(const struct tui *t)
{
	size_t row = t->timeline.list.cur;

	if (row >= t->nrows || (t->rows[row] & ROW_HEADING))
		return -1;
	return (long)t->sel[t->rows[row]];
}

void
tv_range(const struct tui *t, size_t *first, size_t *last)
{
	size_t a = t->timeline.list.cur, b = t->range ? t->range_anchor : a;
	size_t lo = a < b ? a : b, hi = a < b ? b : a;

	while (lo < hi && tv_is_heading(t, lo))
		lo++;
	while (hi > lo && tv_is_heading(t, hi))
		hi--;
	*first = lo < t->nrows ? t->rows[lo] & ~ROW_HEADING : 0;
	*last = hi < t->nrows ? t->rows[hi] & ~ROW_HEADING : 0;
}

/* The day (index in t->days) that holds row. */
static size_t
row_day(const struct tui *t, size_t row)
{
	size_t lo = 0, hi = t->ndays;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->days[mid].row <= row)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static void
add_row(struct tui *t, uint32_t r)
{
	if (t->nrows == t->rows_cap) {
		t->rows_cap = t->rows_cap ? t->rows_cap * 2 : 1024;
		t->rows = xreallocarray(t->rows, t->rows_cap, sizeof *t->rows);
	}
	t->rows[t->nrows++] = r;
}

static void
add_day(struct tui *t, int64_t start, size_t *cap)
{
	struct day *d;

	if (t->ndays == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		t->days = xreallocarray(t->days, *cap, sizeof *t->days);
	}
	d = &t->days[t->ndays++];
	d->start = start;
	d->row = t->nrows;
	d->count = 0;
	d->index = 0;
	if (start != NO_TIME && t->ndays > 1 && t->days[0].start != NO_TIME) {
		/* Rounded: local days are 23 to 25 hours long. */
		d->index = (long)((start - t->days[0].start + DAY / 2) / DAY);
	}
}

/* Where an event is listed: a day the text names (kept as 00:00Z of it)
 * from the start of that day on the reader's clock, as export and from:
 * and to: read it; a timed event at its instant.  memo holds the last day
 * met and its start (day events come in order: one lookup a day). */
static int64_t
shown_start(const struct event *e, int64_t memo[2])
{
	if (e->start == NO_TIME ||
	    (e->precision != PREC_DAY && e->precision != PREC_RANGE))
		return e->start;
	if (e->start != memo[0]) {
		memo[0] = e->start;
		memo[1] = date_local_day_of_utc(e->start);
	}
	return memo[1];
}

/* The selection (in timeline order) in the order listed, with the shown
 * times: the timed events and the day events are each in order already,
 * so the two are merged; equal times keep the timeline's order. */
static void
order_selection(struct tui *t)
{
	const struct event *evs = t->app->tl->events;
	size_t n = t->nsel, na = 0, nb = 0, i = 0, j = 0, k = 0;
	uint32_t *pos = xreallocarray(NULL, n + 1, sizeof *pos);
	int64_t *key = xreallocarray(NULL, n + 1, sizeof *key);
	uint32_t *sel = xreallocarray(NULL, n + 1, sizeof *sel);
	int64_t memo[2] = { NO_TIME, 0 };

	free(t->shown);
	t->shown = xreallocarray(NULL, n + 1, sizeof *t->shown);
	/* day events' positions from the end of pos, timed from its start */
	for (size_t p = 0; p < n; p++) {
		const struct event *e = &evs[t->sel[p]];
		int64_t s = shown_start(e, memo);

		key[p] = s == NO_TIME ? INT64_MAX : s;
		if (s != e->start)
			pos[n - 1 - nb++] = (uint32_t)p;
		else
			pos[na++] = (uint32_t)p;
	}
	while (i < na || j < nb) {
		uint32_t a = i < na ? pos[i] : 0, b = j < nb ? pos[n - 1 - j] : 0;
		bool take_b = j < nb && (i == na || key[b] < key[a] ||
					 (key[b] == key[a] && b < a));
		uint32_t p = take_b ? b : a;

		if (take_b)
			j++;
		else
			i++;
		sel[k] = t->sel[p];
		t->shown[k++] = key[p] == INT64_MAX ? NO_TIME : key[p];
	}
	free(t->sel);
	t->sel = sel;
	free(pos);
	free(key);
}

/* Rows and days from the selection: one local-day lookup per day, not per
 * event, so that a million events stay quick. */
static void
build_rows(struct tui *t)
{
	int64_t day_start = 0, day_end = 0;
	bool in_day = false, undated = false;
	size_t dcap = 0;

	t->nrows = 0;
	t->ndays = 0;
	for (size_t i = 0; i < t->nsel; i++) {
		int64_t s = t->shown[i];

		if (s == NO_TIME) {
			if (!undated) {
				add_day(t, NO_TIME, &dcap);
				add_row(t, ROW_HEADING | (uint32_t)i);
				undated = true;
			}
		} else if (!in_day || s < day_start || s >= day_end) {
			day_start = date_local_day(s);
			day_end = date_local_day(day_start + DAY + DAY / 2);
			if (day_end <= day_start)
				day_end = day_start + DAY;
			in_day = true;
			add_day(t, day_start, &dcap);
			add_row(t, ROW_HEADING | (uint32_t)i);
		}
		t->days[t->ndays - 1].count++;
		add_row(t, (uint32_t)i);
	}
	t->timeline.list.n = t->nrows;
}

/* The selection position of an event id, or of the nearest time. */
static size_t
find_event(const struct tui *t, uint64_t id, int64_t start)
{
	const struct event *evs = t->app->tl->events;
	size_t lo = 0, hi = t->nsel;

	for (size_t i = 0; i < t->nsel; i++)
		if (evs[t->sel[i]].id == id)
			return i;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int64_t s = t->shown[mid];

		if (s != NO_TIME && (start == NO_TIME || s < start))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < t->nsel ? lo : t->nsel ? t->nsel - 1 : 0;
}

/* The row of a selection position. */
static size_t
sel_row(const struct tui *t, size_t pos)
{
	size_t lo = 0, hi = t->nrows;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint32_t r = t->rows[mid] & ~ROW_HEADING;

		if (r < pos || (r == pos && (t->rows[mid] & ROW_HEADING)))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* A range outlives new events and a new filter while the event it
 * started from is still listed. */
static void
keep_range(struct tui *t)
{
	const struct event *evs = t->app->tl->events;

	for (size_t i = 0; i < t->nsel; i++) {
		if (evs[t->sel[i]].id == t->range_anchor_id) {
			t->range_anchor = sel_row(t, i);
			return;
		}
	}
	t->range = false;
	tui_set_status(t, false, "range dropped: its first event is no "
		       "longer listed");
}

void
tv_remember(struct tui *t)
{
	size_t row = t->timeline.list.cur;

	t->have_cursor = row < t->nrows && !(t->rows[row] & ROW_HEADING);
	if (t->have_cursor) {
		t->cursor_id = t->app->tl->events[t->sel[t->rows[row]]].id;
		t->cursor_start = t->shown[t->rows[row]];
	}
}

/* A new selection (after a filter, or new events): the cursor stays on
 * the event it was on, else the nearest in time.  The event is known by
 * the id remembered at the last draw, since the events may have been
 * sorted again since. */
void
tv_select(struct tui *t)
{
	size_t pos;

	free(t->sel);
	t->sel = app_select(t->app, &t->nsel);
	order_selection(t);
	build_rows(t);
	t->detail_valid = false;
	if (!t->have_cursor) {
		list_goto(t, &t->timeline, 0, 1);
	} else {
		pos = find_event(t, t->cursor_id, t->cursor_start);
		list_goto(t, &t->timeline, t->nsel ? sel_row(t, pos) : 0, 1);
	}
	tv_remember(t);
	if (t->range)
		keep_range(t);
}

/* "14:32", "day", "28–29 Dec": the time column of an event. */
static void
format_time(const struct event *e, bool wide, char *out, size_t len)
{
	struct tm a, b;
	time_t s = (time_t)e->start, en = (time_t)e->end;

	if (e->start == NO_TIME) {
		snprintf(out, len, "?");
		return;
	}
	if (e->precision == PREC_RANGE && e->end != NO_TIME) {
		tui_tm(s, false, &a);
		tui_tm(en, false, &b);
		if (!wide)
			snprintf(out, len, "%02d\xe2\x80\x93%02d", a.tm_mday,
				 b.tm_mday);
		else if (a.tm_mon == b.tm_mon && a.tm_year == b.tm_year) {
			snprintf(out, len, "%02d\xe2\x80\x93", a.tm_mday);
			strftime(out + strlen(out), len - strlen(out),
				 "%d %b", &b);
		} else if (snprintf(out, len, "%d/%d\xe2\x80\x93%d/%d",
				    a.tm_mday, a.tm_mon + 1, b.tm_mday,
				    b.tm_mon + 1) > 11) {
			/* more than the column's 9 (the dash is 3 bytes, 1
			 * column): cut whole, "30/11-6/1" read as January */
			snprintf(out, len, "%d/%d\xe2\x80\x93\xe2\x80\xa6",
				 a.tm_mday, a.tm_mon + 1);
		}
		return;
	}
	if (e->precision == PREC_DAY || e->precision == PREC_RANGE) {
		snprintf(out, len, "day");
		return;
	}
	tui_tm(s, true, &a);
	strftime(out, len, "%H:%M", &a);
}

void
tv_format_when(const struct tui *t, uint32_t ev, bool full, char *out,
	       size_t len)
{
	const struct event *e = &t->app->tl->events[ev];
	struct tm a;
	time_t s = (time_t)e->start;

	if (e->start == NO_TIME) {
		snprintf(out, len, "unknown");
		return;
	}
	if (e->precision == PREC_RANGE && e->end != NO_TIME) {
		time_t en = (time_t)e->end;
		struct tm b;

		tui_tm(s, false, &a);
		tui_tm(en, false, &b);
		strftime(out, len, "%a %d %b", &a);
		strftime(out + strlen(out), len - strlen(out),
			 " \xe2\x80\x93 %a %d %b %Y", &b);
		return;
	}
	if (e->precision == PREC_DAY) {
		tui_tm(s, false, &a);
		strftime(out, len, "%a %d %b %Y", &a);
		return;
	}
	tui_tm(s, true, &a);
	strftime(out, len, full ? "%a %d %b %Y %H:%M %Z" : "%H:%M", &a);
}

static void
format_marks(const struct event *e, char *out)
{
	size_t n = 0;

	if (e->precision == PREC_RANGE)
		out[n++] = '=';
	if (e->flags & EVENT_SCHEDULED)
		out[n++] = '>';
	if ((e->flags & EVENT_TEXT_DATE) && n < 2)
		out[n++] = '~';
	out[n] = '\0';
}

/* The first actor's name in room columns, tail (" +N") kept after it:
 * whole, else a person's surname when the name is a given name and a
 * surname ("Dmitriev" of "Kirill Dmitriev"; not "Un" of "Kim Jong Un",
 * nor "House" of "White House"), else cut with an ellipsis. */
static void
add_first_name(struct buf *out, const struct actor *a, int room, int tail)
{
	const char *name = a->name, *last = strrchr(name, ' ');
	int left = room - tail;
	size_t n;

	if (text_width(name, strlen(name)) <= left) {
		buf_adds(out, name);
		return;
	}
	if (a->kind == ACTOR_PERSON && last && last[1] &&
	    strchr(name, ' ') == last)
		name = last + 1;
	if (text_width(name, strlen(name)) <= left) {
		buf_adds(out, name);
		return;
	}
	if (left < 2)
		return;
	n = text_fit(name, strlen(name), left - 1, NULL);
	buf_add(out, name, n);
	buf_adds(out, "\xe2\x80\xa6");
}

static void
format_actors(const struct tui *t, const struct event *e, int room,
	      struct buf *out)
{
	int used = 0, shown = 0, named = 0;
	char more[16];

	for (uint16_t i = 0; i < e->nactors; i++)
		named += actors_get(t->app->actors, e->actors[i]) != NULL;
	/* whole names while they fit, with room kept for "+N" when some
	 * would be left out; the first is made to fit (add_first_name) */
	for (uint16_t i = 0; i < e->nactors; i++) {
		const struct actor *a = actors_get(t->app->actors,
						   e->actors[i]);
		int w, tail;

		if (!a)
			continue;
		w = text_width(a->name, strlen(a->name)) + (shown ? 2 : 0);
		tail = shown + 1 < named ?
		       snprintf(more, sizeof more, " +%d", named - shown - 1) : 0;
		if (!shown && w + tail > room) {
			add_first_name(out, a, room, tail);
			shown++;
			break;
		}
		if (shown && used + w + tail > room)
			break;
		if (shown)
			buf_adds(out, ", ");
		buf_adds(out, a->name);
		used += w;
		shown++;
	}
	if (shown < named) {
		snprintf(more, sizeof more, " +%d", named - shown);
		buf_adds(out, more);
	}
}

static void
draw_heading(struct tui *t, size_t row, int y, int cols, bool cursor)
{
	const struct day *d = &t->days[row_day(t, row)];
	attr_t attr = draw_attr(PART_HEADING);
	char label[96], count[48];
	int x, cw;

	if (d->start == NO_TIME) {
		snprintf(label, sizeof label, "Date unknown");
	} else {
		time_t s = (time_t)d->start;
		struct tm tm;

		tui_tm(s, true, &tm);
		strftime(label, sizeof label,
			 cols >= 60 ? "%A %d %B %Y" : "%a %d %b %Y", &tm);
	}
	snprintf(count, sizeof count, "%zu event%s", d->count,
		 d->count == 1 ? "" : "s");
	x = draw_str(y, 1, label, cols - 1, attr);
	cw = (int)strlen(count);
	if (1 + x + 2 + cw + 1 <= cols)
		draw_str(y, cols - cw - 1, count, cw, draw_attr(PART_DIM));
	(void)cursor;
}

static void
draw_event(struct tui *t, size_t row, int y, int cols, bool cursor)
{
	const struct event *e = row_event(t, row);
	bool wide = cols >= 60, in_range = false;
	int tw = wide ? 9 : 5, aw, x = 1, titlew;
	char when[64], marks[4], count[16];
	struct buf actors = BUF_INIT;
	attr_t attr;

	if (t->range) {
		size_t a = t->range_anchor, c = t->timeline.list.cur;

		in_range = (row >= a && row <= c) || (row >= c && row <= a);
	}
	attr = cursor ? draw_attr(PART_CURSOR) : in_range ?
		draw_attr(PART_RANGE) : draw_attr(PART_NORMAL);
	if (cursor || in_range)
		draw_fill(y, 0, cols, attr);
	format_time(e, wide, when, sizeof when);
	format_marks(e, marks);
	snprintf(count, sizeof count, "\xc3\x97%u", e->nstories);
	aw = cols >= 100 ? 28 : cols >= 80 ? cols / 4 : cols >= 60 ? cols / 5 : 0;
	draw_str(y, x, when, tw, attr);
	x += tw + 1;
	draw_str(y, x, marks, 2, cursor || in_range ? attr :
		 draw_attr(PART_MARK));
	x += 3;
	/* an event that names no actor lends its column to the title */
	if (!e->nactors)
		aw = 0;
	titlew = cols - x - (aw ? aw + 1 : 0) - 5;
	draw_matched(y, x, timeline_event_title(t->app->tl, e), titlew, attr,
		     t->search);
	if (aw) {
		format_actors(t, e, aw, &actors);
		draw_text(y, cols - 5 - aw, actors.data ? actors.data : "",
			  actors.len, aw, cursor || in_range ? attr :
			  draw_attr(PART_DIM));
	}
	draw_str(y, cols - 1 - text_width(count, strlen(count)), count, 5,
		 attr);
	buf_free(&actors);
}

static void
tv_draw(struct tui *t, struct view *v, size_t row, int y, int x, int cols,
	bool cursor)
{
	if (tv_is_heading(t, row))
		draw_heading(t, row, y, cols, cursor);
	else
		draw_event(t, row, y, cols, cursor);
}

static bool
tv_selectable(struct tui *t, struct view *v, size_t row)
{
	return !tv_is_heading(t, row);
}

static bool
tv_grep(struct tui *t, struct view *v, size_t row, const char *needle)
{
	const struct event *e = row_event(t, row);
	const struct timeline *tl = t->app->tl;
	uint32_t ev;
	bool hit;
	char *f;

	if (!e)
		return false;
	ev = t->sel[t->rows[row]];
	if (tl->folded && tl->folded[ev])
		return strstr(tl->folded[ev], needle) != NULL;
	f = text_fold(timeline_event_title(tl, e),
		      strlen(timeline_event_title(tl, e)));
	hit = strstr(f, needle) != NULL;
	free(f);
	return hit;
}

void
tv_day_jump(struct tui *t, int dir, long count)
{
	struct view *v = &t->timeline;
	long d, n = count > 0 ? count : 1;

	if (t->ndays == 0)
		return;
	d = (long)row_day(t, v->list.cur);
	if (dir > 0)
		d += n;
	else if (v->list.cur == t->days[d].row + 1)
		d -= n;		/* at the top of a day: the one before */
	else
		d -= n - 1;	/* first to the top of this day */
	if (d < 0)
		d = 0;
	if (d >= (long)t->ndays)
		d = (long)t->ndays - 1;
	v->list.cur = t->days[d].row + 1;
	/* The day's heading at the top of the screen. */
	v->list.top = t->days[d].row;
	list_fix(t, v);
}

static bool
tv_request(struct tui *t, struct view *v, enum command cmd)
{
	switch (cmd) {
	case CMD_PREV_DAY:
		tv_day_jump(t, -1, t->count);
		return true;
	case CMD_NEXT_DAY:
		tv_day_jump(t, 1, t->count);
		return true;
	default:
		return false;
	}
}

const struct view_ops timeline_view_ops = {
	.name = "timeline",
	.draw = tv_draw,
	.selectable = tv_selectable,
	.grep = tv_grep,
	.request = tv_request,
};

void
tv_draw_header(struct tui *t, int y, int cols)
{
	struct app *app = t->app;
	struct buf h = BUF_INIT, tail = BUF_INIT;
	const char *filter;
	size_t failed = 0, nsources = app->nstatus, done, total;

	for (size_t i = 0; i < app->nstatus; i++)
		failed += app->status[i].failed;
	/* the sources still being fetched count too: "1 source" while the
	 * other of two hangs read as if it were left out */
	if (t->refreshing) {
		app_progress(app, &done, &total);
		if (total > nsources)
			nsources = total;
	}
	buf_printf(&h, " dateline  %zu", t->nsel);
	if (t->nsel != app->tl->nevents)
		buf_printf(&h, " of %zu", app->tl->nevents);
	buf_printf(&h, app->tl->nevents == 1 ? " event" : " events");
	if (app->sample)
		buf_printf(&tail, " \xc2\xb7 sample wires");
	if (nsources) {
		buf_printf(&tail, " \xc2\xb7 %zu source%s", nsources,
			   nsources == 1 ? "" : "s");
		if (failed)
			buf_printf(&tail, ", %zu failed", failed);
	}
	filter = t->user_filter && *t->user_filter ? t->user_filter :
		 app->filter;
	if (filter && cols - text_width(h.data, h.len) -
		      (tail.len ? text_width(tail.data, tail.len) : 0) >= 12) {
		/* a long filter is cut, not the sources and their failures
		 * after it (and left out where not even its start fits) */
		int room = cols - text_width(h.data, h.len) -
			   (tail.len ? text_width(tail.data, tail.len) : 0) -
			   (int)strlen(" \xc2\xb7 filter: ") + 1;
		size_t n = strlen(filter);

		buf_adds(&h, " \xc2\xb7 filter: ");
		if (text_width(filter, n) > room && room > 1) {
			buf_add(&h, filter, text_fit(filter, n, room - 1, NULL));
			buf_adds(&h, "\xe2\x80\xa6");
		} else {
			buf_add(&h, filter, n);
		}
	}
	if (tail.len)
		buf_add(&h, tail.data, tail.len);
	draw_fill(y, 0, cols, draw_attr(PART_HEADER));
	draw_text(y, 0, h.data, h.len, cols, draw_attr(PART_HEADER));
	buf_free(&h);
	buf_free(&tail);
}

static void
day_label(int64_t day, char *out, size_t len)
{
	time_t s = (time_t)day;
	struct tm tm;

	tui_tm(s, true, &tm);
	strftime(out, len, "%d %b", &tm);
}

/* The days (indices) the rows lo..hi cover. */
static void
rows_days(const struct tui *t, size_t lo, size_t hi, long *a, long *b)
{
	size_t x = row_day(t, lo), y = row_day(t, hi);

	*a = t->days[x].index;
	*b = t->days[y].index;
	if (t->days[x].start == NO_TIME)
		*a = -1;
	if (t->days[y].start == NO_TIME && y > 0)
		*b = t->days[y - 1].index;
}

void
tv_draw_strip(struct tui *t, int y, int cols)
{
	size_t nd = t->ndays, *sum, max = 0;
	long total, bucket, ncol, vlo, vhi, rlo = 1, rhi = 0;
	char first[16], last[16];
	int x, w;

	draw_fill(y, 0, cols, draw_attr(PART_NORMAL));
	if (nd && t->days[nd - 1].start == NO_TIME)
		nd--;
	if (nd == 0)
		return;
	total = t->days[nd - 1].index + 1;
	day_label(t->days[0].start, first, sizeof first);
	day_label(t->days[nd - 1].start, last, sizeof last);
	w = cols - (int)strlen(first) - (int)strlen(last) - 4;
	if (w < 4) {
		first[0] = last[0] = '\0';
		w = cols - 2;
	}
	if (w < 1)
		return;
	bucket = (total + w - 1) / w;
	ncol = (total + bucket - 1) / bucket;
	sum = xcalloc((size_t)ncol, sizeof *sum);
	for (size_t i = 0; i < nd; i++)
		sum[t->days[i].index / bucket] += t->days[i].count;
	for (long c = 0; c < ncol; c++)
		if (sum[c] > max)
			max = sum[c];
	{
		size_t top = t->timeline.list.top;
		size_t bot = top + (size_t)(t->timeline.list.height > 0 ?
					     t->timeline.list.height : 1) - 1;

		if (bot >= t->nrows)
			bot = t->nrows ? t->nrows - 1 : 0;
		rows_days(t, top, bot, &vlo, &vhi);
	}
	if (t->range) {
		size_t a = t->range_anchor, c = t->timeline.list.cur;

		rows_days(t, a < c ? a : c, a < c ? c : a, &rlo, &rhi);
	}
	x = 1;
	if (first[0])
		x += draw_str(y, x, first, cols, draw_attr(PART_DIM)) + 1;
	for (long c = 0; c < ncol; c++) {
		long d0 = c * bucket, d1 = d0 + bucket - 1;
		enum part p = (d1 >= rlo && d0 <= rhi) ? PART_STRIP_RANGE :
			(d1 >= vlo && d0 <= vhi) ? PART_STRIP_VIEW : PART_STRIP;
		const char *ch = " ";

		if (sum[c])
			ch = blocks[(sum[c] * 8 - 1) / max];
		draw_str(y, x + (int)c, ch, 1, draw_attr(p));
	}
	x += (int)ncol + 1;
	if (last[0])
		draw_str(y, x, last, cols - x, draw_attr(PART_DIM));
	free(sum);
}
