/* Writers of events (plain text and markdown for people, TSV and JSON Lines
 * for scripts) and writing a file whole or not at all. */
#define _GNU_SOURCE	/* renameat2, memmem */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "dateline/actors.h"
#include "dateline/buf.h"
#include "dateline/date.h"
#include "dateline/export.h"
#include "dateline/model.h"
#include "dateline/text.h"
#include "dateline/timeline.h"
#include "dateline/util.h"

/* ---- output: stop at the first failed write, remember its errno ---- */

struct out {
	FILE *f;
	int err;
};

static bool
out_put(struct out *o, struct buf *b)
{
	if (!o->err && b->len) {
		errno = 0;
		if (fwrite(b->data, 1, b->len, o->f) != b->len)
			o->err = errno ? errno : EIO;
	}
	buf_reset(b);
	return o->err == 0;
}

static int
out_end(struct out *o, struct buf *b)
{
	buf_free(b);
	if (!o->err && ferror(o->f))
		o->err = errno ? errno : EIO;
	if (o->err) {
		errno = o->err;
		return -1;
	}
	return 0;
}

/* ---- characters: strict UTF-8, and what may not reach a file ---- */

#define REPLACEMENT "\xef\xbf\xbd"

/* Decode one character of s (len > 0) into *cp and return its length;
 * a byte that starts no valid character gives *cp = -1 and length 1. */
static size_t
utf8_next(const char *str, size_t len, long *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n;
	long v, min;

	*cp = -1;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2, v = s[0] & 0x1f, min = 0x80;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3, v = s[0] & 0x0f, min = 0x800;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4, v = s[0] & 0x07, min = 0x10000;
	} else {
		return 1;
	}
	if (len < n)
		return 1;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 1;
		v = v << 6 | (s[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 1;
	*cp = v;
	return n;
}

enum char_class {
	CH_PLAIN,
	CH_CONTROL,	/* C0, DEL, C1, line and paragraph separators */
	CH_INVISIBLE,	/* bidi controls, zero-width and other format marks */
};

static enum char_class
char_class(long cp)
{
	if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028 ||
	    cp == 0x2029)
		return CH_CONTROL;
	if (cp == 0x061c || cp == 0x180e || (cp >= 0x200b && cp <= 0x200f) ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x206f) ||
	    cp == 0xfeff || (cp >= 0xfff9 && cp <= 0xfffb))
		return CH_INVISIBLE;
	return CH_PLAIN;
}

/* Append s as valid UTF-8 without controls: a control becomes a space
 * (a '\n' stays when keep_newline), invisible marks go, invalid bytes
 * become U+FFFD. */
static void
add_clean(struct buf *b, const char *s, size_t len, bool keep_newline)
{
	size_t i = 0, k;
	long cp;

	buf_grow(b, len);
	b->data[b->len] = '\0';	/* terminated even when nothing is kept */
	while (i < len) {
		/* printable ASCII, most of any text, a run at a time */
		for (k = i; k < len && (unsigned char)s[k] >= 0x20 &&
		     (unsigned char)s[k] < 0x7f; k++)
			;
		if (k > i) {
			buf_add(b, s + i, k - i);
			i = k;
			continue;
		}
		k = utf8_next(s + i, len - i, &cp);
		if (cp < 0)
			buf_adds(b, REPLACEMENT);
		else if (cp == '\n' && keep_newline)
			buf_addc(b, '\n');
		else if (char_class(cp) == CH_CONTROL)
			buf_addc(b, ' ');
		else if (char_class(cp) == CH_PLAIN)
			buf_add(b, s + i, k);
		i += k;
	}
}

static void
add_cleans(struct buf *b, const char *s)
{
	if (s)
		add_clean(b, s, strlen(s), false);
}

/* A JSON string, escaped, with "\uFFFD" for invalid bytes and invisible
 * marks escaped so that the line is safe to print. */
static void
add_json(struct buf *b, const char *s)
{
	size_t len = s ? strlen(s) : 0, i = 0, k;
	long cp;

	buf_addc(b, '"');
	while (i < len) {
		k = utf8_next(s + i, len - i, &cp);
		if (cp < 0)
			buf_adds(b, "\\ufffd");
		else if (cp == '"' || cp == '\\')
			buf_printf(b, "\\%c", (char)cp);
		else if (cp == '\n')
			buf_adds(b, "\\n");
		else if (cp == '\t')
			buf_adds(b, "\\t");
		else if (cp == '\r')
			buf_adds(b, "\\r");
		else if (char_class(cp) != CH_PLAIN)
			buf_printf(b, "\\u%04lx", cp);
		else
			buf_add(b, s + i, k);
		i += k;
	}
	buf_addc(b, '"');
}

/* ---- what an event shows ---- */

static const char *const precision_words[] = {
	[PREC_UNKNOWN] = "unknown",
	[PREC_MINUTE] = "minute",
	[PREC_DAY] = "day",
	[PREC_RANGE] = "range",
};

static const char *
precision_word(const struct event *e)
{
	return e->precision < ARRAY_SIZE(precision_words) ?
		precision_words[e->precision] : "unknown";
}

/* Source k of an event, NULL when out of range. */
static const struct story *
event_story(const struct timeline *tl, const struct event *e, size_t k)
{
	if (k >= e->nstories || e->stories[k] >= tl->nstories)
		return NULL;
	return &tl->stories[e->stories[k]];
}

static const char *
event_title(const struct timeline *tl, const struct event *e)
{
	const char *t = timeline_event_title(tl, e);

	return t ? t : "";
}

static const char *
event_link(const struct timeline *tl, const struct event *e)
{
	const struct story *s = event_story(tl, e, 0);

	return s && s->link ? s->link : "";
}

static const char *
event_summary(const struct timeline *tl, const struct event *e)
{
	const struct story *s = event_story(tl, e, 0);

	return s && s->summary ? s->summary : "";
}

static const char *
actor_name(const struct timeline *tl, uint32_t id)
{
	const struct actor *a = tl->actors ? actors_get(tl->actors, id) : NULL;

	return a && a->name ? a->name : NULL;
}

static const char *
feed_name(const struct timeline *tl, uint32_t feed)
{
	const char *name = feed < tl->nfeeds ?
		timeline_feed_name(tl, feed) : NULL;

	return name ? name : "";
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The names of an event's actors, sorted, so that the order does not hang
 * on the order actors were loaded in: a new array, count in *n. */
static const char **
event_actors(const struct timeline *tl, const struct event *e, size_t *n)
{
	const char **names = xcalloc(e->nactors + 1u, sizeof *names);

	*n = 0;
	for (size_t k = 0; k < e->nactors; k++)
		if ((names[*n] = actor_name(tl, e->actors[k])))
			(*n)++;
	qsort(names, *n, sizeof *names, name_cmp);
	return names;
}

/* The distinct feeds of an event's sources, earliest source first, into
 * out (room for nstories); returns how many. */
static size_t
event_feeds(const struct timeline *tl, const struct event *e, uint32_t *out)
{
	size_t n = 0, j;

	for (size_t k = 0; k < e->nstories; k++) {
		const struct story *s = event_story(tl, e, k);

		if (!s)
			continue;
		for (j = 0; j < n && out[j] != s->feed; j++)
			;
		if (j == n)
			out[n++] = s->feed;
	}
	return n;
}

/* RFC 3339 UTC, or "" for NO_TIME. */
static void
format_time(int64_t t, char out[32])
{
	if (t == NO_TIME)
		out[0] = '\0';
	else
		date_format_utc(t, out);
}

/* ---- one line an event, in two threads ---- */

typedef void line_fn(struct buf *b, const struct timeline *tl,
		     const struct event *e);

#define CHUNK 4096		/* events a thread formats at a time */
#define ALONE 16384		/* fewer are written by one thread */

/* The helper formats the odd chunks, one at a time, into its buffer;
 * the caller formats the even ones and writes every chunk in order. */
struct lines {
	const struct timeline *tl;
	const uint32_t *events;
	size_t n;
	line_fn *line;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct buf odd;		/* a chunk formatted by the helper */
	size_t ready;		/* the chunk in odd, or SIZE_MAX */
	bool stop;
};

static void
format_chunk(struct lines *l, size_t k, struct buf *b)
{
	size_t end = (k + 1) * CHUNK < l->n ? (k + 1) * CHUNK : l->n;

	for (size_t i = k * CHUNK; i < end; i++)
		l->line(b, l->tl, &l->tl->events[l->events[i]]);
}

static void *
format_odd(void *arg)
{
	struct lines *l = arg;
	struct buf b = BUF_INIT;

	for (size_t k = 1; k * CHUNK < l->n; k += 2) {
		buf_reset(&b);
		format_chunk(l, k, &b);
		pthread_mutex_lock(&l->mu);
		while (l->ready != SIZE_MAX && !l->stop)
			pthread_cond_wait(&l->cv, &l->mu);
		if (l->stop) {
			pthread_mutex_unlock(&l->mu);
			break;
		}
		/* hand the lines over, keep the caller's empty buffer */
		struct buf t = l->odd;

		l->odd = b;
		b = t;
		l->ready = k;
		pthread_cond_broadcast(&l->cv);
		pthread_mutex_unlock(&l->mu);
	}
	buf_free(&b);
	return NULL;
}

/* Write line() of each event after what b holds; a large timeline is
 * formatted by two threads, written in order all the same. */
static int
write_lines(FILE *f, struct buf *b, const struct timeline *tl,
	    const uint32_t *events, size_t n, line_fn *line)
{
	struct out o = { f, 0 };
	struct lines l = { tl, events, n, line, .ready = SIZE_MAX };
	pthread_t helper;
	bool two = n >= ALONE;

	if (two) {
		pthread_mutex_init(&l.mu, NULL);
		pthread_cond_init(&l.cv, NULL);
		two = pthread_create(&helper, NULL, format_odd, &l) == 0;
		if (!two) {
			pthread_mutex_destroy(&l.mu);
			pthread_cond_destroy(&l.cv);
		}
	}
	for (size_t k = 0; k * CHUNK < n && out_put(&o, b); k++) {
		if (!two || k % 2 == 0) {
			format_chunk(&l, k, b);
			continue;
		}
		pthread_mutex_lock(&l.mu);
		while (l.ready != k)
			pthread_cond_wait(&l.cv, &l.mu);
		buf_add(b, l.odd.data, l.odd.len);
		l.ready = SIZE_MAX;
		pthread_cond_broadcast(&l.cv);
		pthread_mutex_unlock(&l.mu);
	}
	out_put(&o, b);
	if (two) {
		pthread_mutex_lock(&l.mu);
		l.stop = true;
		pthread_cond_broadcast(&l.cv);
		pthread_mutex_unlock(&l.mu);
		pthread_join(helper, NULL);
		pthread_mutex_destroy(&l.mu);
		pthread_cond_destroy(&l.cv);
		buf_free(&l.odd);
	}
	return out_end(&o, b);
}

/* ---- TSV ---- */

static const char tsv_columns[] = "#start\tend\tprecision\treported\tsources"
	"\tactors\ttitle\tlink\tfeeds\tid\n";

/* A time and a tab. */
static void
tsv_time(struct buf *b, int64_t t)
{
	char s[32];

	format_time(t, s);
	buf_adds(b, s);
	buf_addc(b, '\t');
}

static void
tsv_event(struct buf *b, const struct timeline *tl, const struct event *e)
{
	uint32_t few[16];
	uint32_t *feeds = e->nstories <= 16 ? few :
		xcalloc(e->nstories, sizeof *feeds);
	size_t nfeeds = event_feeds(tl, e, feeds);
	size_t nactors;
	const char **actors = event_actors(tl, e, &nactors);
	char n[24];

	tsv_time(b, e->start);
	tsv_time(b, e->precision == PREC_RANGE ? e->end : NO_TIME);
	buf_adds(b, precision_word(e));
	buf_addc(b, '\t');
	tsv_time(b, e->reported);
	snprintf(n, sizeof n, "%u\t", (unsigned)e->nstories);
	buf_adds(b, n);
	for (size_t k = 0; k < nactors; k++) {
		buf_adds(b, k ? "; " : "");
		add_cleans(b, actors[k]);
	}
	buf_addc(b, '\t');
	add_cleans(b, event_title(tl, e));
	buf_addc(b, '\t');
	add_cleans(b, event_link(tl, e));
	buf_addc(b, '\t');
	for (size_t k = 0; k < nfeeds; k++) {
		buf_adds(b, k ? "; " : "");
		add_cleans(b, feed_name(tl, feeds[k]));
	}
	buf_printf(b, "\t%016llx\n", (unsigned long long)e->id);
	free(actors);
	if (feeds != few)
		free(feeds);
}

int
export_tsv(FILE *f, const struct timeline *tl, const uint32_t *events,
	   size_t n)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, tsv_columns);
	return write_lines(f, &b, tl, events, n, tsv_event);
}

/* ---- JSON Lines ---- */

static void
json_time(struct buf *b, const char *key, int64_t t)
{
	char s[32];

	format_time(t, s);
	buf_printf(b, "\"%s\":", key);
	if (t == NO_TIME)
		buf_adds(b, "null");
	else
		add_json(b, s);
}

static void
json_stories(struct buf *b, const struct timeline *tl, const struct event *e)
{
	const char *sep = "";

	buf_adds(b, ",\"stories\":[");
	for (size_t k = 0; k < e->nstories; k++) {
		const struct story *s = event_story(tl, e, k);

		if (!s)
			continue;
		buf_printf(b, "%s{\"feed\":", sep);
		add_json(b, feed_name(tl, s->feed));
		buf_adds(b, ",\"title\":");
		add_json(b, s->title);
		buf_adds(b, ",\"link\":");
		add_json(b, s->link);
		buf_addc(b, ',');
		json_time(b, "published", s->published.known ?
			  s->published.utc : NO_TIME);
		buf_adds(b, ",\"id\":");
		add_json(b, s->id);
		buf_addc(b, '}');
		sep = ",";
	}
	buf_addc(b, ']');
}

static void
json_event(struct buf *b, const struct timeline *tl, const struct event *e)
{
	uint32_t *feeds = xcalloc(e->nstories + 1, sizeof *feeds);
	size_t nfeeds = event_feeds(tl, e, feeds), nactors;
	const char **actors = event_actors(tl, e, &nactors);

	buf_addc(b, '{');
	json_time(b, "start", e->start);
	buf_addc(b, ',');
	json_time(b, "end", e->precision == PREC_RANGE ? e->end : NO_TIME);
	buf_printf(b, ",\"precision\":\"%s\",\"from_text\":%s,"
		   "\"scheduled\":%s,", precision_word(e),
		   e->flags & EVENT_TEXT_DATE ? "true" : "false",
		   e->flags & EVENT_SCHEDULED ? "true" : "false");
	json_time(b, "reported", e->reported);
	buf_printf(b, ",\"sources\":%u,\"actors\":[", (unsigned)e->nstories);
	for (size_t k = 0; k < nactors; k++) {
		buf_adds(b, k ? "," : "");
		add_json(b, actors[k]);
	}
	buf_adds(b, "],\"title\":");
	add_json(b, event_title(tl, e));
	buf_adds(b, ",\"link\":");
	add_json(b, event_link(tl, e));
	buf_adds(b, ",\"feeds\":[");
	for (size_t k = 0; k < nfeeds; k++) {
		buf_adds(b, k ? "," : "");
		add_json(b, feed_name(tl, feeds[k]));
	}
	buf_printf(b, "],\"id\":\"%016llx\",\"summary\":",
		   (unsigned long long)e->id);
	add_json(b, event_summary(tl, e));
	json_stories(b, tl, e);
	buf_adds(b, "}\n");
	free(actors);
	free(feeds);
}

int
export_jsonl(FILE *f, const struct timeline *tl, const uint32_t *events,
	     size_t n)
{
	struct buf b = BUF_INIT;

	return write_lines(f, &b, tl, events, n, json_event);
}

/* ---- wrapping by display width ---- */

struct wrap {
	struct buf *out;
	int width;		/* columns, the prefixes included */
	const char *first;	/* prefix of the first line */
	const char *indent;	/* prefix of the lines after it */
	bool markdown;		/* never split a backslash from what it escapes */
};

/* End a line without trailing blanks. */
static void
line_end(struct buf *b)
{
	while (b->len && b->data[b->len - 1] == ' ')
		b->len--;
	buf_addc(b, '\n');
}

static int
width_of(const char *s)
{
	return text_width(s, strlen(s));
}

/* Bytes of the first character of s (n > 0). */
static size_t
first_char(const char *s, size_t n)
{
	long cp;

	return utf8_next(s, n, &cp);
}

/* How much of word fits in room columns, never ending in a lone escaping
 * backslash when markdown. */
static size_t
fit_piece(const struct wrap *w, const char *word, size_t n, int room)
{
	size_t k = text_fit(word, n, room > 0 ? room : 0, NULL), bs = 0;

	if (w->markdown && k < n) {
		while (bs < k && word[k - 1 - bs] == '\\')
			bs++;
		k -= bs % 2;
	}
	return k;
}

/* Longer "links" are cut like any word: a hostile feed gets no unbounded
 * line through them. */
#define LINK_CAP 2048

/* Put a word at col on a line that holds nothing else yet (col is the
 * prefix's width); a word too long for any line is cut into pieces. */
static int
put_word(const struct wrap *w, const char *word, size_t n, int col)
{
	int iw = width_of(w->indent), ww = text_width(word, n);

	if (col + ww <= w->width ||
	    (n <= LINK_CAP && memmem(word, n, "://", 3))) {
		buf_add(w->out, word, n);
		return col + ww;
	}
	while (n > 0) {
		size_t k = fit_piece(w, word, n, w->width - col);

		if (k == 0 && col > iw) {
			line_end(w->out);
			buf_adds(w->out, w->indent);
			col = iw;
			continue;
		}
		if (k == 0)	/* not even one character fits: take it anyway */
			k = first_char(word, n);
		buf_add(w->out, word, k);
		col += text_width(word, k);
		word += k;
		n -= k;
		if (n > 0) {
			line_end(w->out);
			buf_adds(w->out, w->indent);
			col = iw;
		}
	}
	return col;
}

/* Wrap one paragraph (clean text, no '\n') into lines. */
static void
wrap_para(const struct wrap *w, const char *s, size_t len)
{
	int iw = width_of(w->indent), col = width_of(w->first);
	bool empty = true;	/* no word on this line yet */
	size_t i = 0, j;

	buf_adds(w->out, w->first);
	while (i < len) {
		int ww;

		while (i < len && s[i] == ' ')
			i++;
		if (i == len)
			break;
		for (j = i; j < len && s[j] != ' '; j++)
			;
		ww = text_width(s + i, j - i);
		if (!empty && col + 1 + ww <= w->width) {
			buf_addc(w->out, ' ');
			buf_add(w->out, s + i, j - i);
			col += 1 + ww;
			i = j;
			continue;
		}
		/* A new line, unless this is the first word and a later line
		 * would not hold it whole either. */
		if (!empty || (col > iw && col + ww > w->width &&
			       iw + ww <= w->width)) {
			line_end(w->out);
			buf_adds(w->out, w->indent);
			col = iw;
		}
		col = put_word(w, s + i, j - i, col);
		empty = false;
		i = j;
	}
	line_end(w->out);
}

static void
wrap_text(const struct wrap *w, const char *s)
{
	wrap_para(w, s, strlen(s));
}

/* Is a line of s (up to its end or a '\n') blank? */
static bool
blank_line(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ')
			return false;
	return true;
}

/* The next line of *p into line and len, moving *p past it; false at the
 * end. */
static bool
next_line(const char **p, const char **line, size_t *len)
{
	const char *nl = strchr(*p, '\n');

	if (!**p)
		return false;
	*line = *p;
	*len = nl ? (size_t)(nl - *p) : strlen(*p);
	*p += *len + (nl != NULL);
	return true;
}

void
export_wrap(struct buf *out, const char *text, int width, const char *indent)
{
	struct buf clean = BUF_INIT;
	struct wrap w = { out, width, indent, indent, false };
	bool gap = false, any = false;
	const char *p, *line;
	size_t len;

	add_clean(&clean, text, strlen(text), true);
	for (p = clean.data; next_line(&p, &line, &len); ) {
		if (blank_line(line, len)) {
			gap = any;
			continue;
		}
		if (gap)
			buf_addc(out, '\n');
		wrap_para(&w, line, len);
		gap = false;
		any = true;
	}
	buf_free(&clean);
}

/* ---- text and markdown ---- */

enum export_format
export_format_of(const char *path)
{
	size_t n = path ? strlen(path) : 0;

	if ((n > 3 && !strcasecmp(path + n - 3, ".md")) ||
	    (n > 9 && !strcasecmp(path + n - 9, ".markdown")))
		return EXPORT_MARKDOWN;
	return EXPORT_TEXT;
}

static const char *const month_names[] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December",
};

static const char *const weekday_names[] = {
	"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
	"Saturday",
};

#define DAY_UNKNOWN INT64_MAX

/* Break t down in local time (TZ), or in UTC for a day named by the text
 * (those are kept as 00:00Z of the day). */
static bool
break_down(int64_t t, bool local, struct tm *tm)
{
	time_t tt = (time_t)t;

	if (t == NO_TIME || (int64_t)tt != t)
		return false;
	return (local ? localtime_r(&tt, tm) : gmtime_r(&tt, tm)) != NULL;
}

/* The day an event is listed under: a sortable key, DAY_UNKNOWN when its
 * time is not known; *tm receives the broken-down start. */
static int64_t
event_day(const struct event *e, struct tm *tm)
{
	bool named = e->precision == PREC_DAY || e->precision == PREC_RANGE;

	if (!break_down(e->start, !named, tm))
		return DAY_UNKNOWN;
	return ((int64_t)tm->tm_year + 1900) * 10000 + (tm->tm_mon + 1) * 100 +
		tm->tm_mday;
}

struct placed {
	int64_t day;
	int64_t at;	/* where in its day: as the interface lists it */
	size_t pos;	/* in the caller's order */
};

static int
placed_cmp(const void *a, const void *b)
{
	const struct placed *x = a, *y = b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* The caller's order, grouped by day, and in a day as the interface lists
 * it: a day the text names (kept as 00:00Z of it) at the start of that day
 * on the reader's clock, before the day's timed events, in any zone; a
 * timed event at its instant; equal ones in the caller's order. */
static struct placed *
place_events(const struct timeline *tl, const uint32_t *events, size_t n)
{
	struct placed *p = xcalloc(n + 1, sizeof *p);
	struct tm tm;

	for (size_t i = 0; i < n; i++) {
		const struct event *e = &tl->events[events[i]];

		p[i].day = event_day(e, &tm);
		p[i].at = e->start == NO_TIME ? INT64_MAX :
			  e->precision == PREC_DAY ||
			  e->precision == PREC_RANGE ?
			  date_local_day_of_utc(e->start) : e->start;
		p[i].pos = i;
	}
	qsort(p, n, sizeof *p, placed_cmp);
	return p;
}

static void
add_short_date(struct buf *b, const struct tm *tm, bool year)
{
	buf_printf(b, "%.3s %d", month_names[tm->tm_mon], tm->tm_mday);
	if (year)
		buf_printf(b, ", %d", tm->tm_year + 1900);
}

/* "Dec 28–29", "Nov 30–Dec 2", "Dec 31, 2025–Jan 2, 2026". */
static void
add_range(struct buf *b, const struct tm *s, const struct tm *e)
{
	bool years = s->tm_year != e->tm_year;

	add_short_date(b, s, years);
	buf_adds(b, "\xe2\x80\x93");
	if (years || s->tm_mon != e->tm_mon)
		add_short_date(b, e, years);
	else
		buf_printf(b, "%d", e->tm_mday);
}

/* The time column: "14:05" local, a date range, "(day)" or "time unknown". */
static void
add_when(struct buf *b, const struct event *e)
{
	struct tm s, end;
	bool named = e->precision == PREC_DAY || e->precision == PREC_RANGE;

	if (!break_down(e->start, !named, &s) || e->precision == PREC_UNKNOWN)
		buf_adds(b, "time unknown");
	else if (e->precision == PREC_MINUTE)
		buf_printf(b, "%02d:%02d", s.tm_hour, s.tm_min);
	else if (e->precision == PREC_RANGE && e->end > e->start &&
		 break_down(e->end, false, &end))
		add_range(b, &s, &end);
	else
		buf_adds(b, "(day)");
}

/* Markdown's specials, escaped; those that only matter at the start of a
 * line are escaped at the start of each word, since wrapping may put any
 * word there. */
static void
add_markdown(struct buf *b, const char *s)
{
	bool word_start = true;

	for (; *s; s++) {
		if (strchr("\\`*_[]<>|~&", *s) ||
		    (word_start && strchr("-+#=", *s)))
			buf_addc(b, '\\');
		else if (word_start && *s >= '0' && *s <= '9') {
			size_t d = strspn(s, "0123456789");

			if ((s[d] == '.' || s[d] == ')') &&
			    (s[d + 1] == ' ' || s[d + 1] == '\0')) {
				buf_add(b, s, d);
				buf_addc(b, '\\');
				s += d;
			}
		}
		buf_addc(b, *s);
		word_start = *s == ' ';
	}
}

/* Text for a format: cleaned into one line, escaped for markdown. */
static void
add_shown(struct buf *b, const char *s, bool md)
{
	struct buf clean = BUF_INIT;

	add_clean(&clean, s ? s : "", s ? strlen(s) : 0, false);
	if (md)
		add_markdown(b, clean.data ? clean.data : "");
	else
		buf_add(b, clean.data ? clean.data : "", clean.len);
	buf_free(&clean);
}

/* A link as a single word: blanks and markdown's brackets percent-encoded. */
static void
add_link(struct buf *b, const char *link, bool md)
{
	struct buf clean = BUF_INIT;

	add_clean(&clean, link, strlen(link), false);
	for (size_t i = 0; i < clean.len; i++) {
		char c = clean.data[i];

		if (c == ' ' || (md && strchr("()<>\\", c)))
			buf_printf(b, "%%%02X", (unsigned char)c);
		else
			buf_addc(b, c);
	}
	buf_free(&clean);
}

static void
add_header_time(struct buf *b, int64_t t, bool end)
{
	int64_t edge = end && t < INT64_MAX ? t + 1 : t;
	struct tm tm;
	char utc[32];

	/* A whole local day (date_parse_arg's "YYYY-MM-DD") is named as
	 * such, even one whose midnight a clock change skipped. */
	if (date_local_day(edge) == edge && break_down(t, true, &tm)) {
		buf_printf(b, "%04d-%02d-%02d", tm.tm_year + 1900,
			   tm.tm_mon + 1, tm.tm_mday);
		return;
	}
	/* else the instant on the reader's clock, with its zone */
	if (break_down(t, true, &tm) &&
	    strftime(utc, sizeof utc, "%Y-%m-%d %H:%M %Z", &tm) > 0) {
		add_clean(b, utc, strlen(utc), false);
		return;
	}
	date_format_utc(t, utc);
	buf_adds(b, utc);
}

/* Does b end in "X to X" from mark on, X being what precedes mark? */
static bool
same_day(const struct buf *b, size_t mark)
{
	size_t to = b->len - mark - 4;

	return to == mark && memcmp(b->data, b->data + mark + 4, to) == 0;
}

/* "2025-12-28 to 2025-12-29", "2025-12-29" for one day,
 * "2025-12-28 onwards", "all". */
static void
add_range_label(struct buf *b, const struct export_header *h)
{
	if (h->from == NO_TIME && h->to == NO_TIME) {
		buf_adds(b, "all");
		return;
	}
	if (h->from != NO_TIME)
		add_header_time(b, h->from, false);
	else
		buf_adds(b, "until");
	if (h->to != NO_TIME) {
		size_t mark = b->len;

		buf_adds(b, h->from != NO_TIME ? " to " : " ");
		add_header_time(b, h->to, true);
		if (h->from != NO_TIME && same_day(b, mark))
			b->data[b->len = mark] = '\0';
	} else {
		buf_adds(b, " onwards");
	}
}

static void
write_header(struct buf *b, const struct export_header *h, size_t n, bool md)
{
	struct buf t = BUF_INIT;
	const char *filter = h && h->filter && *h->filter ? h->filter : NULL;
	struct export_header all = { NO_TIME, NO_TIME, NULL, false };
	struct wrap w = { b, EXPORT_WIDTH, md ? "- Filter: " : "Filter: ",
			  md ? "  " : "        ", md };

	buf_adds(b, md ? "# Timeline export\n\n- Range: " : "Timeline export\n"
		 "Range:  ");
	add_range_label(&t, h ? h : &all);
	if (h && h->part)
		buf_adds(&t, " (the events marked, not all of it)");
	wrap_text(&(struct wrap){ b, EXPORT_WIDTH, "", w.indent, md },
		  t.data);
	buf_reset(&t);
	add_shown(&t, filter ? filter : "none", md);
	wrap_text(&w, t.data);
	buf_printf(b, "%sEvents: %zu\n", md ? "- " : "", n);
	buf_free(&t);
}

static void
write_heading(struct buf *b, int64_t day, const struct tm *tm, bool md)
{
	size_t start, width;

	buf_adds(b, md ? "\n## " : "\n");
	start = b->len;
	if (day == DAY_UNKNOWN)
		buf_adds(b, "Date unknown");
	else
		buf_printf(b, "%s, %s %d, %d", weekday_names[tm->tm_wday % 7],
			   month_names[tm->tm_mon % 12], tm->tm_mday,
			   tm->tm_year + 1900);
	if (md) {
		buf_adds(b, "\n\n");
		return;
	}
	width = b->len - start;	/* the heading is ASCII */
	buf_addc(b, '\n');
	while (width--)
		buf_addc(b, '-');
	buf_addc(b, '\n');
}

/* Prefixes of an event block's lines, by format. */
struct layout {
	const char *item;	/* a detail line's first prefix */
	const char *cont;	/* the lines after it */
	const char *title_cont;	/* markdown's; text's hangs under the title */
};

static const struct layout text_layout = { "       ", "       ", NULL };
static const struct layout md_layout = { "  - ", "    ", "  " };

static void
write_title(struct buf *b, const struct timeline *tl, const struct event *e,
	    bool md)
{
	struct buf first = BUF_INIT, cont = BUF_INIT, t = BUF_INIT;
	size_t mark;

	buf_adds(&first, md ? "- **" : "");
	add_when(&first, e);
	buf_adds(&first, md ? "** " : "  ");
	/* in text, a long title goes on under its own start, past a time
	 * wider than "14:05" ("Dec 28–29", "time unknown") too */
	if (!md)
		buf_printf(&cont, "%*s", text_width(first.data, first.len), "");
	if (e->flags & EVENT_SCHEDULED)
		buf_adds(&t, md ? "*Scheduled:* " : "Scheduled: ");
	mark = t.len;
	add_shown(&t, event_title(tl, e), md);
	if (blank_line(t.data + mark, t.len - mark))
		buf_adds(&t, "(untitled)");
	wrap_text(&(struct wrap){ b, EXPORT_WIDTH, first.data,
		  md ? md_layout.title_cont : cont.data, md }, t.data);
	buf_free(&first);
	buf_free(&cont);
	buf_free(&t);
}

static void
write_actors(struct buf *b, const struct timeline *tl, const struct event *e,
	     const struct layout *l, bool md)
{
	struct buf t = BUF_INIT;
	size_t n;
	const char **actors = event_actors(tl, e, &n);

	for (size_t k = 0; k < n; k++) {
		buf_adds(&t, k ? "; " : "Actors: ");
		add_shown(&t, actors[k], md);
	}
	free(actors);
	if (t.len)
		wrap_text(&(struct wrap){ b, EXPORT_WIDTH, l->item, l->cont,
			  md }, t.data);
	buf_free(&t);
}

/* Each paragraph of the summary, wrapped (a markdown bullet each). */
static void
write_summary(struct buf *b, const struct timeline *tl,
	      const struct event *e, const struct layout *l, bool md)
{
	struct buf clean = BUF_INIT, t = BUF_INIT, esc = BUF_INIT;
	const char *summary = event_summary(tl, e), *p, *line;
	struct wrap w = { b, EXPORT_WIDTH, l->item, l->cont, md };
	size_t len;

	add_clean(&clean, summary, strlen(summary), true);
	for (p = clean.data; next_line(&p, &line, &len); ) {
		if (blank_line(line, len))
			continue;
		buf_reset(&t);
		buf_add(&t, line, len);
		if (md) {
			buf_reset(&esc);
			add_markdown(&esc, t.data);
		}
		wrap_text(&w, md ? esc.data : t.data);
	}
	buf_free(&clean);
	buf_free(&esc);
	buf_free(&t);
}

/* One source's line: "- Feed: link", "[Feed](link)" in markdown. */
static void
write_source_line(struct buf *b, const struct timeline *tl,
		  const struct story *s, bool md, struct buf *t)
{
	const char *link = s->link ? s->link : "";
	bool short_link;

	buf_reset(t);
	buf_adds(t, md && *link ? "[" : "");
	add_shown(t, feed_name(tl, s->feed), md);
	if (blank_line(t->data + (md && *link), t->len - (md && *link)))
		buf_adds(t, "source");	/* no empty link text */
	/* A markdown link stays on one line when its text is short: like a
	 * link, it may run past the edge. */
	short_link = md && *link &&
		text_width(t->data, t->len) <= EXPORT_WIDTH / 2;
	if (*link) {
		buf_adds(t, md ? "](" : ": ");
		add_link(t, link, md);
		buf_adds(t, md ? ")" : "");
	}
	if (short_link)
		buf_printf(b, "  - %s\n", t->data);
	else
		wrap_text(&(struct wrap){ b, EXPORT_WIDTH,
			  md ? "  - " : "       - ",
			  md ? "    " : "         ", md }, t->data);
}

/* Each source's line, then its own title where it is not the event's (a
 * correction, a new toll). */
static void
write_sources(struct buf *b, const struct timeline *tl,
	      const struct event *e, bool md)
{
	const char *title = event_title(tl, e);
	struct buf t = BUF_INIT;

	for (size_t k = 0; k < e->nstories; k++) {
		const struct story *s = event_story(tl, e, k);

		if (!s)
			continue;
		write_source_line(b, tl, s, md, &t);
		if (!s->title || !*s->title || !strcmp(s->title, title))
			continue;
		buf_reset(&t);
		/* in markdown the line goes on the link's paragraph */
		buf_adds(&t, md ? "\xe2\x80\x94 " : "");
		add_shown(&t, s->title, md);
		if (!blank_line(t.data + (md ? 4 : 0), t.len - (md ? 4 : 0)))
			wrap_text(&(struct wrap){ b, EXPORT_WIDTH,
				  md ? "    " : "         ",
				  md ? "    " : "         ", md }, t.data);
	}
	buf_free(&t);
}

static void
write_event(struct buf *b, const struct timeline *tl, const struct event *e,
	    bool md)
{
	const struct layout *l = md ? &md_layout : &text_layout;

	if (!md)
		buf_addc(b, '\n');
	write_title(b, tl, e, md);
	write_actors(b, tl, e, l, md);
	write_summary(b, tl, e, l, md);
	write_sources(b, tl, e, md);
}

int
export_text(FILE *f, const struct timeline *tl, const uint32_t *events,
	    size_t n, const struct export_header *h, enum export_format fmt)
{
	struct out o = { f, 0 };
	struct buf b = BUF_INIT;
	bool md = fmt == EXPORT_MARKDOWN;
	struct placed *p;
	struct tm tm;

	tzset();
	p = place_events(tl, events, n);
	write_header(&b, h, n, md);
	for (size_t i = 0; i < n && out_put(&o, &b); i++) {
		const struct event *e = &tl->events[events[p[i].pos]];

		if (i == 0 || p[i].day != p[i - 1].day) {
			event_day(e, &tm);
			write_heading(&b, p[i].day, &tm, md);
		}
		write_event(&b, tl, e, md);
	}
	out_put(&o, &b);
	free(p);
	return out_end(&o, &b);
}

/* ---- writing a file whole or not at all ---- */

static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

/* The mode of a new file: what the old one had, else 0666 less umask. */
static mode_t
new_mode(const char *path)
{
	struct stat st;
	mode_t mask;

	if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
		return st.st_mode & 07777;
	mask = umask(0);
	umask(mask);
	return 0666 & ~mask;
}

/* Write the temporary file through fn and sync it; closes fd.  Returns 0
 * or an errno.  A file-size limit must fail the write (EFBIG), not kill
 * the program with the temporary file left behind. */
static int
write_temp(int fd, mode_t mode, export_write_fn fn, void *ud)
{
	struct sigaction ign = { .sa_handler = SIG_IGN }, old;
	FILE *f = fdopen(fd, "w");
	int e = 0;

	if (!f) {
		e = errno;
		close(fd);
		return e;
	}
	sigemptyset(&ign.sa_mask);
	sigaction(SIGXFSZ, &ign, &old);
	if (fchmod(fd, mode) != 0)
		e = errno;
	errno = 0;
	if (!e && fn(f, ud) != 0)
		e = errno ? errno : EIO;
	if (!e && fflush(f) != 0)
		e = errno ? errno : EIO;
	if (!e && ferror(f))
		e = EIO;
	if (!e && fsync(fd) != 0)
		e = errno;
	if (fclose(f) != 0 && !e)
		e = errno;
	sigaction(SIGXFSZ, &old, NULL);
	return e;
}

/* Move tmp to path; without force, never over an existing file. */
static int
put_in_place(const char *tmp, const char *path, bool force)
{
	struct stat st;

	if (force)
		return rename(tmp, path) == 0 ? 0 : errno;
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
		return errno;
	/* The file system cannot refuse to replace: look, then rename. */
	if (lstat(path, &st) == 0)
		return EEXIST;
	return rename(tmp, path) == 0 ? 0 : errno;
}

static int
fail(char *err, size_t errlen, const char *path, int e)
{
	if (e == EEXIST)
		snprintf(err, errlen, "%s: file exists (use --force)", path);
	else
		snprintf(err, errlen, "%s: %s", path, strerror(e));
	errno = e;
	return -1;
}

int
export_file(const char *path, bool force, export_write_fn fn, void *ud,
	    char *err, size_t errlen)
{
	struct stat st;
	struct buf name = BUF_INIT;
	char *dir, *tmp;
	int fd, dfd, e;

	if (lstat(path, &st) == 0 && !force)
		return fail(err, errlen, path, EEXIST);
	dir = dir_of(path);
	/* Opened first, so that a directory we cannot read is known before
	 * anything is written; syncing it is then skipped. */
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0 && errno != EACCES) {
		e = errno;
		free(dir);
		return fail(err, errlen, path, e);
	}
	buf_printf(&name, "%s/.dateline-XXXXXX", dir);
	tmp = buf_steal(&name);
	fd = mkstemp(tmp);
	if (fd < 0)
		e = errno;
	else if ((e = write_temp(fd, new_mode(path), fn, ud)) == 0)
		e = put_in_place(tmp, path, force);
	if (e && fd >= 0)
		unlink(tmp);
	if (!e && dfd >= 0 && fsync(dfd) != 0 && errno != EINVAL)
		e = errno;
	if (dfd >= 0)
		close(dfd);
	free(tmp);
	free(dir);
	return e ? fail(err, errlen, path, e) : 0;
}
