/* Event time from a story's words: date expressions found by one pass over
 * the text (only words that may start a date are looked at), resolved
 * against the writer's local publication day with HeidelTime's news rules. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dateline/model.h"
#include "dateline/temporal.h"

#define DAY 86400
#define PAST_SLACK 90		/* days a past date may lie after publication */
#define TENSE_WINDOW 400	/* bytes looked back for the tense of a date */
#define FIRST_SENTENCE_CAP 1000	/* a "sentence" without an end stops here */

enum kw {
	KW_NONE,
	KW_MONTH,		/* value: 1..12 */
	KW_WEEKDAY,		/* value: 0 Sunday .. 6 Saturday */
	KW_YESTERDAY, KW_TODAY, KW_TONIGHT, KW_TOMORROW,
	KW_LAST, KW_NEXT, KW_THIS, KW_COMING, KW_EARLIER, KW_LATER,
	KW_OVERNIGHT,
};

struct keyword {
	const char *word;
	uint8_t kind;
	uint8_t value;
};

/* Sorted for bsearch. */
static const struct keyword keywords[] = {
	{ "apr", KW_MONTH, 4 }, { "april", KW_MONTH, 4 },
	{ "aug", KW_MONTH, 8 }, { "august", KW_MONTH, 8 },
	{ "coming", KW_COMING, 0 },
	{ "dec", KW_MONTH, 12 }, { "december", KW_MONTH, 12 },
	{ "earlier", KW_EARLIER, 0 },
	{ "feb", KW_MONTH, 2 }, { "february", KW_MONTH, 2 },
	{ "friday", KW_WEEKDAY, 5 },
	{ "jan", KW_MONTH, 1 }, { "january", KW_MONTH, 1 },
	{ "jul", KW_MONTH, 7 }, { "july", KW_MONTH, 7 },
	{ "jun", KW_MONTH, 6 }, { "june", KW_MONTH, 6 },
	{ "last", KW_LAST, 0 }, { "later", KW_LATER, 0 },
	{ "mar", KW_MONTH, 3 }, { "march", KW_MONTH, 3 },
	{ "may", KW_MONTH, 5 },
	{ "monday", KW_WEEKDAY, 1 },
	{ "next", KW_NEXT, 0 },
	{ "nov", KW_MONTH, 11 }, { "november", KW_MONTH, 11 },
	{ "oct", KW_MONTH, 10 }, { "october", KW_MONTH, 10 },
	{ "overnight", KW_OVERNIGHT, 0 },
	{ "saturday", KW_WEEKDAY, 6 },
	{ "sep", KW_MONTH, 9 }, { "sept", KW_MONTH, 9 },
	{ "september", KW_MONTH, 9 },
	{ "sunday", KW_WEEKDAY, 0 },
	{ "this", KW_THIS, 0 },
	{ "thursday", KW_WEEKDAY, 4 },
	{ "today", KW_TODAY, 0 }, { "tomorrow", KW_TOMORROW, 0 },
	{ "tonight", KW_TONIGHT, 0 },
	{ "tuesday", KW_WEEKDAY, 2 },
	{ "wednesday", KW_WEEKDAY, 3 },
	{ "yesterday", KW_YESTERDAY, 0 },
};

/* Words before a date that make it the time of saying, not of doing. */
static const char *const reporting[] = {
	"added", "announced", "claimed", "confirmed", "reported", "said",
	"says", "stated", "told", "wrote",
};

/* Abbreviations whose '.' does not end a sentence. */
static const char *const abbrevs[] = {
	"apr", "aug", "col", "dec", "dr", "feb", "gen", "gov", "jan", "jr",
	"jul", "jun", "lt", "mar", "mr", "mrs", "ms", "no", "nov", "oct",
	"rep", "sen", "sep", "sept", "sgt", "sr", "st", "vs",
};

enum rel {
	REL_NONE,
	REL_DAY,		/* value: days from publication */
	REL_LAST_WEEK, REL_NEXT_WEEK,
	REL_EARLIER_WEEK, REL_LATER_WEEK,
	REL_EARLIER_MONTH, REL_LATER_MONTH,
	REL_LAST_WEEKEND, REL_THIS_WEEKEND,
};

enum wmod { WMOD_NONE, WMOD_LAST, WMOD_NEXT };

enum tense { TENSE_OPEN, TENSE_PAST, TENSE_FUTURE };

/* An expression as written, before resolution. */
struct raw {
	size_t start, end;	/* bytes */
	int m0, d0, y0;		/* calendar date (y0 0: no year) */
	int m1, d1, y1;		/* end of a range (m1 0: none) */
	int weekday;		/* -1: not a weekday */
	int wmod;		/* enum wmod */
	int rel, reldays;	/* enum rel */
	int tense;		/* what the expression itself says */
};

/* The string being scanned. */
struct scan {
	const char *s;
	size_t len;
};

/* The publication day of the writer. */
struct pub {
	bool known;
	int64_t day;		/* days since the epoch */
	int y, m, d, wd;
};

/* Civil calendar <-> days since 1970-01-01 (proleptic Gregorian). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int
days_in_month(int y, int m)
{
	static const int n[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
				 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : n[m - 1];
}

/* 0 Sunday .. 6 Saturday; 1970-01-01 was a Thursday. */
static int
weekday_of(int64_t day)
{
	int64_t w = (day + 4) % 7;

	return (int)(w < 0 ? w + 7 : w);
}

static int64_t
floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

static bool
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static bool
is_alnum(int c)
{
	return is_alpha(c) || is_digit(c);
}

static int
at(const struct scan *sc, size_t i)
{
	return i < sc->len ? (unsigned char)sc->s[i] : 0;
}

static bool
has(const struct scan *sc, size_t i, const char *lit)
{
	size_t n = strlen(lit);

	return i <= sc->len && sc->len - i >= n && !memcmp(sc->s + i, lit, n);
}

/* Skip blanks (and no-break spaces); returns the new position. */
static size_t
skip_space(const struct scan *sc, size_t i)
{
	for (;;) {
		if (at(sc, i) == ' ' || at(sc, i) == '\t')
			i++;
		else if (has(sc, i, "\xc2\xa0"))
			i += 2;
		else
			return i;
	}
}

/* The ASCII word at i: its end, and it lowercased into w (at most n - 1
 * letters; longer words give ""). */
static size_t
word_at(const struct scan *sc, size_t i, char *w, size_t n)
{
	size_t j = i, k = 0;

	while (is_alpha(at(sc, j))) {
		if (k + 1 < n)
			w[k] = (char)(at(sc, j) | 0x20);
		k++;
		j++;
	}
	w[k + 1 <= n ? k : 0] = '\0';
	if (k + 1 > n)
		w[0] = '\0';
	return j;
}

static int
cmp_keyword(const void *key, const void *elem)
{
	return strcmp(key, ((const struct keyword *)elem)->word);
}

static const struct keyword *
keyword(const char *w)
{
	if (!w[0] || !w[1])
		return NULL;
	return bsearch(w, keywords, sizeof keywords / sizeof keywords[0],
		       sizeof keywords[0], cmp_keyword);
}

static int
cmp_str(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

static bool
in_list(const char *w, const char *const *list, size_t n)
{
	return bsearch(w, list, n, sizeof *list, cmp_str) != NULL;
}

/* A month name at i (capitalised: "may" and "march" are words too);
 * returns 1..12 and sets *end past it and an abbreviation's '.'. */
static int
month_at(const struct scan *sc, size_t i, size_t *end)
{
	const struct keyword *k;
	char w[16];
	size_t j;

	if (!(at(sc, i) >= 'A' && at(sc, i) <= 'Z'))
		return 0;
	j = word_at(sc, i, w, sizeof w);
	k = keyword(w);
	if (!k || k->kind != KW_MONTH)
		return 0;
	if (at(sc, j) == '.')
		j++;
	*end = j;
	return k->value;
}

/* A day of the month at i: 1-2 digits and an optional ordinal suffix, not
 * part of a longer number or a time. */
static int
day_at(const struct scan *sc, size_t i, size_t *end)
{
	int d = 0;
	size_t j = i;
	char w[4];

	while (is_digit(at(sc, j)) && j - i < 3)
		d = d * 10 + at(sc, j++) - '0';
	if (j == i || j - i > 2 || d < 1 || d > 31)
		return 0;
	if (at(sc, j) == ':' || (at(sc, j) == '.' && is_digit(at(sc, j + 1))))
		return 0;
	if (is_alpha(at(sc, j))) {
		size_t k = word_at(sc, j, w, sizeof w);

		if (strcmp(w, "st") && strcmp(w, "nd") && strcmp(w, "rd") &&
		    strcmp(w, "th"))
			return 0;
		j = k;
	}
	*end = j;
	return d;
}

/* A four-digit year (1900-2199) at i, standing alone. */
static int
year_at(const struct scan *sc, size_t i, size_t *end)
{
	int y = 0;

	for (size_t j = i; j < i + 4; j++) {
		if (!is_digit(at(sc, j)))
			return 0;
		y = y * 10 + at(sc, j) - '0';
	}
	if (is_alnum(at(sc, i + 4)) || y < 1900 || y > 2199)
		return 0;
	*end = i + 4;
	return y;
}

/* ", 2025" or " 2025" after a date. */
static int
year_after(const struct scan *sc, size_t i, size_t *end)
{
	size_t j = i;

	if (at(sc, j) == ',')
		j++;
	j = skip_space(sc, j);
	return year_at(sc, j, end);
}

/* A range separator: hyphen, en or em dash, "and", "to", "through",
 * "until"; returns the position after it and the blanks, or 0. */
static size_t
range_sep(const struct scan *sc, size_t i)
{
	size_t j = skip_space(sc, i);
	char w[10];

	if (at(sc, j) == '-')
		return skip_space(sc, j + 1);
	if (has(sc, j, "\xe2\x80\x93") || has(sc, j, "\xe2\x80\x94"))
		return skip_space(sc, j + 3);
	if (j == i)
		return 0;
	size_t k = word_at(sc, j, w, sizeof w);

	if (k == j || (at(sc, k) != ' ' && at(sc, k) != '\t'))
		return 0;
	if (!strcmp(w, "and") || !strcmp(w, "to") || !strcmp(w, "through") ||
	    !strcmp(w, "until") || !strcmp(w, "till"))
		return skip_space(sc, k);
	return 0;
}

/* "December 28", "Dec. 28-29", "December 28 and 29", "Dec 28 - Jan 2",
 * "Dec 28, 2025" at i. */
static bool
parse_month_first(const struct scan *sc, size_t i, struct raw *r)
{
	size_t j, k, e;
	int m, d, y;

	m = month_at(sc, i, &j);
	if (!m)
		return false;
	k = skip_space(sc, j);
	if (k == j || !(d = day_at(sc, k, &j)))
		return false;
	/* "June 10,000" is a number, not a date. */
	if (at(sc, j) == ',' && is_digit(at(sc, j + 1)) && !year_at(sc, j + 1, &e))
		return false;
	r->m0 = m;
	r->d0 = d;
	r->end = j;
	if ((k = range_sep(sc, j))) {
		int m1 = month_at(sc, k, &e), d1;

		if (m1)
			e = skip_space(sc, e);
		else
			e = k;
		if ((d1 = day_at(sc, e, &e)) && (m1 || d1 > d)) {
			r->m1 = m1 ? m1 : m;
			r->d1 = d1;
			r->end = j = e;
		}
	}
	if ((y = year_after(sc, j, &e))) {
		if (r->m1)
			r->y1 = y;
		else
			r->y0 = y;
		r->end = e;
	}
	return true;
}

/* "28 December", "28-29 December", "28 December 2025", "28th of December",
 * "28 December - 2 January", "2025-12-28" at i. */
static bool
parse_day_first(const struct scan *sc, size_t i, struct raw *r)
{
	size_t j, k, e;
	int d, d1 = 0, m, y;
	char w[4];

	if ((y = year_at(sc, i, &e)) || (is_digit(at(sc, i)) && is_digit(
		 at(sc, i + 3)) && at(sc, i + 4) == '-')) {
		/* ISO 8601: exactly YYYY-MM-DD. */
		if (!y || at(sc, i + 4) != '-' || !is_digit(at(sc, i + 5)) ||
		    !is_digit(at(sc, i + 6)) || at(sc, i + 7) != '-' ||
		    !is_digit(at(sc, i + 8)) || !is_digit(at(sc, i + 9)) ||
		    is_digit(at(sc, i + 10)))
			return false;
		m = (at(sc, i + 5) - '0') * 10 + at(sc, i + 6) - '0';
		d = (at(sc, i + 8) - '0') * 10 + at(sc, i + 9) - '0';
		if (m < 1 || m > 12 || d < 1)
			return false;
		r->y0 = y;
		r->m0 = m;
		r->d0 = d;
		r->end = i + 10;
		return true;
	}
	if (!(d = day_at(sc, i, &j)))
		return false;
	if ((k = range_sep(sc, j)) && (d1 = day_at(sc, k, &e)) && d1 > d)
		j = e;
	else
		d1 = 0;
	j = skip_space(sc, j);
	k = word_at(sc, j, w, sizeof w);
	if (!strcmp(w, "of"))
		j = skip_space(sc, k);
	if (!(m = month_at(sc, j, &j)))
		return false;
	r->d0 = d;
	r->m0 = m;
	r->end = j;
	if (d1) {
		r->m1 = m;
		r->d1 = d1;
	} else if ((k = range_sep(sc, j)) && (d1 = day_at(sc, k, &e))) {
		int m1 = month_at(sc, skip_space(sc, e), &e);

		if (m1) {
			r->m1 = m1;
			r->d1 = d1;
			r->end = j = e;
		}
	}
	if ((y = year_at(sc, skip_space(sc, j), &e))) {
		if (r->m1)
			r->y1 = y;
		else
			r->y0 = y;
		r->end = e;
	}
	return true;
}

/* The keyword of the next word after j (skipping blanks), its end in *end. */
static const struct keyword *
next_keyword(const struct scan *sc, size_t j, size_t *end, char *w, size_t n)
{
	j = skip_space(sc, j);
	*end = word_at(sc, j, w, n);
	return *end > j ? keyword(w) : NULL;
}

static bool
next_word_is(const struct scan *sc, size_t j, const char *word, size_t *end)
{
	char w[16];

	j = skip_space(sc, j);
	*end = word_at(sc, j, w, sizeof w);
	return *end > j && !strcmp(w, word);
}

/* A weekday at i (the modifier already read); a following explicit date
 * ("Monday, Dec. 29") wins. */
static bool
parse_weekday(const struct scan *sc, size_t j, int wd, struct raw *r)
{
	size_t k = j;

	if (at(sc, k) == ',')
		k++;
	k = skip_space(sc, k);
	if (k > j && (parse_month_first(sc, k, r) || parse_day_first(sc, k, r)))
		return true;
	r->weekday = wd;
	r->end = j;
	return true;
}

/* Expressions led by a word: weekdays, "yesterday", "last week", "earlier
 * this month", "overnight on Dec. 28-29", month first dates. */
static bool
parse_word(const struct scan *sc, size_t i, struct raw *r, int depth)
{
	const struct keyword *k, *k2;
	char w[16];
	size_t j, e;

	j = word_at(sc, i, w, sizeof w);
	if (!(k = keyword(w)))
		return false;
	switch (k->kind) {
	case KW_MONTH:
		return parse_month_first(sc, i, r);
	case KW_WEEKDAY:
		return parse_weekday(sc, j, k->value, r);
	case KW_YESTERDAY:
	case KW_TODAY:
	case KW_TONIGHT:
	case KW_TOMORROW:
		r->rel = REL_DAY;
		r->reldays = k->kind == KW_YESTERDAY ? -1 :
			     k->kind == KW_TOMORROW ? 1 : 0;
		r->tense = k->kind == KW_TOMORROW ? TENSE_FUTURE :
			   k->kind == KW_YESTERDAY ? TENSE_PAST : TENSE_OPEN;
		r->end = j;
		return true;
	case KW_OVERNIGHT:
		if (depth)
			return false;
		if (next_word_is(sc, j, "on", &e))
			j = e;
		j = skip_space(sc, j);
		return (is_digit(at(sc, j)) && parse_day_first(sc, j, r)) ||
		       (is_alpha(at(sc, j)) && parse_word(sc, j, r, 1));
	default:
		break;
	}
	k2 = next_keyword(sc, j, &e, w, sizeof w);
	switch (k->kind) {
	case KW_LAST:
	case KW_NEXT:
		r->tense = k->kind == KW_LAST ? TENSE_PAST : TENSE_FUTURE;
		if (k2 && k2->kind == KW_WEEKDAY) {
			r->weekday = k2->value;
			r->wmod = k->kind == KW_LAST ? WMOD_LAST : WMOD_NEXT;
		} else if (!strcmp(w, "week")) {
			r->rel = k->kind == KW_LAST ? REL_LAST_WEEK :
				 REL_NEXT_WEEK;
		} else if (!strcmp(w, "night") && k->kind == KW_LAST) {
			r->rel = REL_DAY;
			r->reldays = -1;
		} else if (!strcmp(w, "weekend") && k->kind == KW_LAST) {
			r->rel = REL_LAST_WEEKEND;
		} else {
			return false;
		}
		r->end = e;
		return true;
	case KW_THIS:
	case KW_COMING:
		if (k->kind == KW_THIS && k2 && k2->kind == KW_COMING) {
			k = k2;		/* "this coming Friday" */
			k2 = next_keyword(sc, e, &e, w, sizeof w);
		}
		if (k2 && k2->kind == KW_WEEKDAY) {
			/* "this Friday" goes with the tense; "coming" is
			 * ahead. */
			r->weekday = k2->value;
			if (k->kind == KW_COMING) {
				r->wmod = WMOD_NEXT;
				r->tense = TENSE_FUTURE;
			}
			r->end = e;
			return true;
		}
		if (k->kind != KW_THIS)
			return false;
		if (!strcmp(w, "weekend"))
			r->rel = REL_THIS_WEEKEND;
		else if (!strcmp(w, "morning") || !strcmp(w, "afternoon") ||
			 !strcmp(w, "evening"))
			r->rel = REL_DAY;
		else
			return false;
		r->end = e;
		return true;
	case KW_EARLIER:
	case KW_LATER:
		if (k2 && k2->kind == KW_TODAY) {
			r->rel = REL_DAY;
			r->tense = k->kind == KW_LATER ? TENSE_FUTURE :
				   TENSE_PAST;
			r->end = e;
			return true;
		}
		if (!k2 || k2->kind != KW_THIS)
			return false;
		e = word_at(sc, skip_space(sc, e), w, sizeof w);
		if (!strcmp(w, "week"))
			r->rel = k->kind == KW_EARLIER ? REL_EARLIER_WEEK :
				 REL_LATER_WEEK;
		else if (!strcmp(w, "month"))
			r->rel = k->kind == KW_EARLIER ? REL_EARLIER_MONTH :
				 REL_LATER_MONTH;
		else
			return false;
		r->tense = k->kind == KW_EARLIER ? TENSE_PAST : TENSE_FUTURE;
		r->end = e;
		return true;
	default:
		return false;
	}
}

static bool
parse_at(const struct scan *sc, size_t i, struct raw *r)
{
	memset(r, 0, sizeof *r);
	r->start = i;
	r->weekday = -1;
	if (is_digit(at(sc, i)))
		return parse_day_first(sc, i, r);
	return parse_word(sc, i, r, 0);
}

/* The word that ends just before i (skipping blanks), lowercased in w. */
static size_t
word_before(const struct scan *sc, size_t i, size_t floor, char *w,
	    size_t n)
{
	size_t j = i;

	while (j > floor && (at(sc, j - 1) == ' ' || at(sc, j - 1) == ','))
		j--;
	size_t e = j;

	while (j > floor && is_alpha(at(sc, j - 1)))
		j--;
	if (j == e || e - j >= n) {
		w[0] = '\0';
		return j;
	}
	word_at(sc, j, w, n);
	return j;
}

/* Does the sentence before the expression speak of the future?  Words
 * after the last reporting verb count: "said on Monday that talks will"
 * leaves Monday in the past, "talks will resume on Monday" does not. */
static bool
future_context(const struct scan *sc, size_t from, size_t to)
{
	bool future = false;
	char w[16], prev[16] = "", next[16];

	if (to - from > TENSE_WINDOW)
		from = to - TENSE_WINDOW;
	for (size_t i = from; i < to;) {
		if (!is_alpha(at(sc, i))) {
			i++;
			continue;
		}
		size_t j = word_at(sc, i, w, sizeof w);

		word_at(sc, skip_space(sc, j), next, sizeof next);
		if (in_list(w, reporting, sizeof reporting /
			    sizeof reporting[0]))
			future = false;
		else if (!strcmp(w, "will") || !strcmp(w, "shall") ||
			 !strcmp(w, "scheduled") || !strcmp(w, "slated") ||
			 !strcmp(w, "upcoming") || !strcmp(w, "planned") ||
			 !strcmp(w, "plans") || !strcmp(w, "next") ||
			 !strcmp(w, "tomorrow") || !strcmp(w, "intends") ||
			 (!strcmp(w, "ll") && i > 0 &&
			  (at(sc, i - 1) == '\'' || at(sc, i - 1) == 0x99)))
			future = true;
		else if ((!strcmp(w, "set") || !strcmp(w, "plan")) &&
			 (!strcmp(next, "for") || !strcmp(next, "to")))
			future = true;
		else if ((!strcmp(w, "expected") || !strcmp(w, "going")) &&
			 !strcmp(next, "to"))
			future = true;
		else if (!strcmp(w, "due") && (!strcmp(prev, "is") ||
			 !strcmp(prev, "are") || !strcmp(prev, "s")))
			future = true;
		memcpy(prev, w, sizeof prev);
		i = j;
	}
	return future;
}

/* Is the expression the time of saying ("said on Monday")? */
static bool
after_reporting(const struct scan *sc, size_t from, size_t i)
{
	char w[16];
	size_t j = word_before(sc, i, from, w, sizeof w);

	if (!strcmp(w, "on"))
		word_before(sc, j, from, w, sizeof w);
	return w[0] && in_list(w, reporting, sizeof reporting /
			       sizeof reporting[0]);
}

/* A wire dateline: "KYIV, Dec 29 (Reuters) -" (nothing lower-case before
 * the date in its sentence, a dash after it). */
static bool
is_dateline(const struct scan *sc, size_t from, const struct raw *r)
{
	size_t j;

	for (size_t i = from; i < r->start; i++)
		if (at(sc, i) >= 'a' && at(sc, i) <= 'z')
			return false;
	j = skip_space(sc, r->end);
	if (at(sc, j) == '(') {
		size_t close = j;

		while (close < sc->len && close - j < 60 && at(sc, close) != ')')
			close++;
		if (at(sc, close) != ')')
			return false;
		j = skip_space(sc, close + 1);
	}
	return at(sc, j) == '-' || has(sc, j, "\xe2\x80\x93") ||
	       has(sc, j, "\xe2\x80\x94");
}

static int64_t
monday_of(int64_t day)
{
	return day - (weekday_of(day) + 6) % 7;
}

/* Relative expressions against the publication day. */
static bool
resolve_rel(const struct raw *r, const struct pub *p, int64_t *a, int64_t *b)
{
	int64_t mon = monday_of(p->day), first = p->day - (p->d - 1);
	int64_t last = first + days_in_month(p->y, p->m) - 1;

	switch (r->rel) {
	case REL_DAY:
		*a = *b = p->day + r->reldays;
		return true;
	case REL_LAST_WEEK:
	case REL_NEXT_WEEK:
		*a = mon + (r->rel == REL_LAST_WEEK ? -7 : 7);
		*b = *a + 6;
		return true;
	case REL_EARLIER_WEEK:
		*a = mon;
		*b = p->day > mon ? p->day - 1 : mon;
		return true;
	case REL_LATER_WEEK:
		*b = mon + 6;
		*a = p->day < *b ? p->day + 1 : *b;
		return true;
	case REL_EARLIER_MONTH:
		*a = first;
		*b = p->day > first ? p->day - 1 : first;
		return true;
	case REL_LATER_MONTH:
		*b = last;
		*a = p->day < last ? p->day + 1 : last;
		return true;
	case REL_LAST_WEEKEND:
		*a = p->day - 2 - (weekday_of(p->day - 2) + 1) % 7;
		*b = *a + 1;
		return true;
	case REL_THIS_WEEKEND:
		*a = mon + 5;
		*b = mon + 6;
		return true;
	default:
		return false;
	}
}

static bool
resolve_weekday(const struct raw *r, const struct pub *p, bool future,
		int64_t *a)
{
	int diff = (r->weekday - p->wd + 7) % 7;	/* days ahead */

	if (r->wmod == WMOD_NEXT)
		*a = p->day + (diff ? diff : 7);
	else if (r->wmod == WMOD_LAST)
		*a = p->day - ((7 - diff) % 7 ? (7 - diff) % 7 : 7);
	else if (future)
		*a = p->day + diff;
	else
		*a = p->day - (7 - diff) % 7;
	return true;
}

/* A calendar date; the year from the publication and the tense when not
 * written. */
static bool
resolve_date(const struct raw *r, const struct pub *p, bool future,
	     int64_t *a, int64_t *b)
{
	int y0 = r->y0, y1 = r->y1;

	if (!y0 && r->m1 && y1)		/* "Dec 28 - Jan 2, 2026" */
		y0 = y1 - (r->m1 < r->m0);
	if (!y0) {
		if (!p->known)
			return false;
		y0 = p->y;
		if (r->d0 <= days_in_month(y0, r->m0)) {
			int64_t c = days_from_civil(y0, r->m0, r->d0);

			if (future && c < p->day)
				y0++;
			else if (!future && c > p->day + PAST_SLACK)
				y0--;
		}
	}
	if (r->d0 > days_in_month(y0, r->m0))
		return false;
	*a = *b = days_from_civil(y0, r->m0, r->d0);
	if (!r->m1)
		return true;
	if (!y1)
		y1 = y0 + (r->m1 < r->m0);
	if (r->m1 < 1 || r->d1 > days_in_month(y1, r->m1))
		return false;
	*b = days_from_civil(y1, r->m1, r->d1);
	if (*b < *a)
		*b = *a;
	return true;
}

/* Resolve r (found in sentence [from, ...) of sc) into out. */
static bool
resolve(const struct scan *sc, size_t from, const struct raw *r,
	const struct pub *p, struct temporal_date *out)
{
	bool future;
	int64_t a, b;

	if (r->tense == TENSE_OPEN)
		future = future_context(sc, from, r->start);
	else
		future = r->tense == TENSE_FUTURE;
	if (r->m0) {
		if (!resolve_date(r, p, future, &a, &b))
			return false;
	} else if (!p->known) {
		return false;
	} else if (r->weekday >= 0) {
		resolve_weekday(r, p, future, &a);
		b = a;
	} else if (!resolve_rel(r, p, &a, &b)) {
		return false;
	}
	memset(out, 0, sizeof *out);
	out->start = a * DAY;
	out->end = b > a ? b * DAY : NO_TIME;
	out->precision = b > a ? PREC_RANGE : PREC_DAY;
	out->scheduled = p->known && (a > p->day || (future && a >= p->day));
	out->offset = (uint32_t)r->start;
	out->length = (uint32_t)(r->end - r->start);
	return true;
}

/* Does the '.' at i end a sentence?  Not after "Dec", "Mr", "U.S" or
 * before a digit or a lower-case word. */
static bool
sentence_end(const struct scan *sc, size_t i)
{
	char w[8];
	size_t j, k;

	if (at(sc, i) != '.')
		return true;
	j = i;
	while (j > 0 && is_alpha(at(sc, j - 1)))
		j--;
	if (i - j == 1)
		return false;
	if (i > j && i - j < sizeof w) {
		word_at(sc, j, w, sizeof w);
		if (in_list(w, abbrevs, sizeof abbrevs / sizeof abbrevs[0]))
			return false;
	}
	k = skip_space(sc, i + 1);
	if (k == i + 1 && k < sc->len && at(sc, k) != '\n' && at(sc, k) != '"'
	    && at(sc, k) != 0xe2)
		return false;
	return !(at(sc, k) >= 'a' && at(sc, k) <= 'z') && !is_digit(at(sc, k));
}

/* The best event candidate: the first that is not the time of saying. */
struct pick {
	struct temporal_date date;
	bool have, reporting;
};

static void
consider(struct pick *pk, const struct temporal_date *d, bool saying)
{
	if (pk->have && (!pk->reporting || saying))
		return;
	pk->date = *d;
	pk->have = true;
	pk->reporting = saying;
}

/* One pass over s: dates into out->dates (when collect), event candidates
 * from the first sentence (all of s when whole) into pk. */
static void
scan_text(const struct scan *sc, const struct pub *p, bool whole,
	  bool collect, struct temporal_result *out, struct pick *pk)
{
	size_t i = 0, sent = 0;
	bool quoted = false, first = true;
	struct raw r;
	struct temporal_date d;

	while (i < sc->len) {
		int c = at(sc, i);

		if (first && !whole && i >= FIRST_SENTENCE_CAP)
			first = false;
		if (!first && (!collect || out->ndates == TEMPORAL_MAX_DATES))
			return;
		if (c == '\n' || ((c == '.' || c == '!' || c == '?') &&
				  sentence_end(sc, i))) {
			if (!whole && !quoted)
				first = false;
			if (c == '\n')
				quoted = false;
			sent = i + 1;
			i++;
			continue;
		}
		if ((c == '"' && quoted) || has(sc, i, "\xe2\x80\x9d") ||
		    has(sc, i, "\xc2\xbb")) {
			quoted = false;
			/* '."' and '.”' close the sentence with the quote. */
			if (i > 0 && (at(sc, i - 1) == '.' || at(sc, i - 1) == '!'
				      || at(sc, i - 1) == '?')) {
				if (!whole)
					first = false;
				sent = i + 1;
			}
		} else if (c == '"' || has(sc, i, "\xe2\x80\x9c") ||
			   has(sc, i, "\xc2\xab")) {
			quoted = true;
		}
		if (!is_alnum(c) || (i > 0 && is_alnum(at(sc, i - 1)))) {
			i++;
			continue;
		}
		if (parse_at(sc, i, &r) && resolve(sc, sent, &r, p, &d)) {
			d.in_title = whole;
			if (collect && out->ndates < TEMPORAL_MAX_DATES)
				out->dates[out->ndates++] = d;
			if (first && !quoted &&
			    !(!whole && is_dateline(sc, sent, &r)))
				consider(pk, &d, after_reporting(sc, sent,
								 r.start));
			i = r.end > i ? r.end : i + 1;
			continue;
		}
		while (i < sc->len && is_alnum(at(sc, i)))
			i++;
	}
}

void
temporal_extract(const char *title, const char *text,
		 const struct dl_time *published, struct temporal_result *out)
{
	struct pub p = { 0 };
	struct pick title_pick = { 0 }, text_pick = { 0 };
	struct scan sc;

	memset(out, 0, sizeof *out);
	out->event.start = out->event.end = NO_TIME;
	out->event.precision = PREC_UNKNOWN;
	/* Feeds may say anything: keep to years the calendar code handles. */
	if (published && published->known &&
	    published->utc > -(1LL << 40) && published->utc < (1LL << 40) &&
	    published->offset > -DAY && published->offset < DAY) {
		p.known = true;
		p.day = floor_div(published->utc + published->offset, DAY);
		civil_from_days(p.day, &p.y, &p.m, &p.d);
		p.wd = weekday_of(p.day);
	}
	if (title) {
		sc.s = title;
		sc.len = strnlen(title, UINT32_MAX);
		scan_text(&sc, &p, true, false, out, &title_pick);
	}
	if (text) {
		sc.s = text;
		sc.len = strnlen(text, UINT32_MAX);
		scan_text(&sc, &p, false, true, out, &text_pick);
	}
	if (title_pick.have)
		out->event = title_pick.date;
	else if (text_pick.have)
		out->event = text_pick.date;
}
