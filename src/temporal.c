/* Event time from a story's words: date expressions found by one pass over
 * the text (only words that may start a date are looked at), resolved
 * against the writer's local publication day with HeidelTime's news rules. */
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dateline/model.h"
#include "dateline/temporal.h"

#define DAY 86400
#define PAST_SLACK 90		/* days a past date may lie after publication */
#define NEAR 182		/* an untensed date is the nearest of its kind */
#define PLANNED_AHEAD 60	/* days: "welcomed the January 5 talks" in
				   December is next year's */
#define PAST_WINDOW 300		/* bytes around a date looked at for the past */
#define TENSE_WINDOW 400	/* bytes looked back for the tense of a date */
#define FIRST_SENTENCE_CAP 1000	/* a "sentence" without an end stops here */
#define HISTORY 366		/* days back past which a date is background */
#define HORIZON 3653		/* days ahead past which a date is a vision */

enum kw {
	KW_NONE,
	KW_MONTH,		/* value: 1..12 */
	KW_WEEKDAY,		/* value: 0 Sunday .. 6 Saturday */
	KW_YESTERDAY, KW_TODAY, KW_TONIGHT, KW_TOMORROW,
	KW_LAST, KW_NEXT, KW_THIS, KW_COMING, KW_EARLIER, KW_LATER,
	KW_OVERNIGHT,
	KW_HOLIDAY,		/* "Christmas Day", "New Year's Eve" */
	KW_NUMBER,		/* "two" (days ago); value: 1..10 */
	/* Words that only tell the tense or the time of saying. */
	KW_CUE,			/* "will", "scheduled": the future */
	KW_PENDING,		/* "set", "expected": the future before "to" */
	KW_TO,			/* "to", "for" */
	KW_DUE,			/* the future after "is", "are" */
	KW_BE,			/* "is", "are" */
	KW_LL,			/* "'ll" */
	KW_REPORT,		/* "said": a date after it is when it was said */
	KW_ON,
	KW_ARTICLE,		/* "a", "the", "their": "agreed to a truce" */
	KW_PLAN,		/* "meets", "opens": a present-tense happening */
	KW_PAST,		/* "was", "met", "held": the past */
	KW_REF,			/* "before" (and "ahead of"): a date after it
				   is a point of reference ahead of the
				   event, not the event ("after Sunday's
				   meeting" often is the event) */
	KW_AHEAD,		/* "ahead" (of) */
	KW_OF,
};

struct keyword {
	const char *word;
	uint8_t kind;
	uint8_t value;
};

/* Every word the scanner cares about, looked up once per word. */
static const struct keyword keywords[] = {
	{ "added", KW_REPORT, 0 },
	{ "agree", KW_PENDING, 0 }, { "agreed", KW_PENDING, 0 },
	{ "agrees", KW_PENDING, 0 },
	{ "an", KW_ARTICLE, 0 }, { "announced", KW_REPORT, 0 },
	{ "apr", KW_MONTH, 4 }, { "april", KW_MONTH, 4 },
	{ "are", KW_BE, 0 },
	{ "aug", KW_MONTH, 8 }, { "august", KW_MONTH, 8 },
	{ "boxing", KW_HOLIDAY, 0 }, { "christmas", KW_HOLIDAY, 0 },
	{ "claimed", KW_REPORT, 0 }, { "coming", KW_COMING, 0 },
	{ "confirmed", KW_REPORT, 0 },
	{ "dec", KW_MONTH, 12 }, { "december", KW_MONTH, 12 },
	{ "due", KW_DUE, 0 },
	{ "earlier", KW_EARLIER, 0 }, { "expected", KW_PENDING, 0 },
	{ "feb", KW_MONTH, 2 }, { "february", KW_MONTH, 2 },
	{ "for", KW_TO, 0 }, { "friday", KW_WEEKDAY, 5 },
	{ "going", KW_PENDING, 0 },
	{ "intends", KW_CUE, 0 }, { "is", KW_BE, 0 },
	{ "jan", KW_MONTH, 1 }, { "january", KW_MONTH, 1 },
	{ "jul", KW_MONTH, 7 }, { "july", KW_MONTH, 7 },
	{ "jun", KW_MONTH, 6 }, { "june", KW_MONTH, 6 },
	{ "last", KW_LAST, 0 }, { "later", KW_LATER, 0 }, { "ll", KW_LL, 0 },
	{ "mar", KW_MONTH, 3 }, { "march", KW_MONTH, 3 },
	{ "may", KW_MONTH, 5 },
	{ "monday", KW_WEEKDAY, 1 },
	{ "new", KW_HOLIDAY, 0 }, { "next", KW_NEXT, 0 },
	{ "nov", KW_MONTH, 11 }, { "november", KW_MONTH, 11 },
	{ "oct", KW_MONTH, 10 }, { "october", KW_MONTH, 10 },
	{ "on", KW_ON, 0 }, { "orthodox", KW_HOLIDAY, 0 },
	{ "overnight", KW_OVERNIGHT, 0 },
	{ "plan", KW_PENDING, 0 }, { "planned", KW_CUE, 0 },
	{ "plans", KW_CUE, 0 },
	{ "reported", KW_REPORT, 0 },
	{ "said", KW_REPORT, 0 }, { "saturday", KW_WEEKDAY, 6 },
	{ "says", KW_REPORT, 0 }, { "scheduled", KW_CUE, 0 },
	{ "sep", KW_MONTH, 9 }, { "sept", KW_MONTH, 9 },
	{ "september", KW_MONTH, 9 },
	{ "set", KW_PENDING, 0 }, { "shall", KW_CUE, 0 },
	{ "slated", KW_CUE, 0 }, { "stated", KW_REPORT, 0 },
	{ "sunday", KW_WEEKDAY, 0 },
	{ "this", KW_THIS, 0 },
	{ "the", KW_ARTICLE, 0 }, { "thursday", KW_WEEKDAY, 4 },
	{ "to", KW_TO, 0 },
	{ "today", KW_TODAY, 0 }, { "told", KW_REPORT, 0 },
	{ "tomorrow", KW_TOMORROW, 0 },
	{ "tonight", KW_TONIGHT, 0 },
	{ "tuesday", KW_WEEKDAY, 2 },
	{ "upcoming", KW_CUE, 0 },
	{ "wednesday", KW_WEEKDAY, 3 }, { "will", KW_CUE, 0 },
	{ "wrote", KW_REPORT, 0 },
	{ "yesterday", KW_YESTERDAY, 0 },
};

/* Words that tell the tense or a point of reference: verbs in the
 * present that news uses for a planned happening ("the committee meets on
 * Friday"), past forms without "-ed", possessives (as articles), counts
 * ("two days ago"), "before" and "ahead of".  Sorted; looked up through
 * the same hash as the keywords. */
static const struct keyword tense_words[] = {
	{ "ago", KW_PAST, 0 }, { "ahead", KW_AHEAD, 0 },
	{ "arrive", KW_PLAN, 0 }, { "arrives", KW_PLAN, 0 },
	{ "became", KW_PAST, 0 }, { "before", KW_REF, 0 },
	{ "began", KW_PAST, 0 }, { "begin", KW_PLAN, 0 },
	{ "begins", KW_PLAN, 0 }, { "blew", KW_PAST, 0 },
	{ "broke", KW_PAST, 0 }, { "broken", KW_PAST, 0 },
	{ "brought", KW_PAST, 0 }, { "built", KW_PAST, 0 },
	{ "came", KW_PAST, 0 }, { "caught", KW_PAST, 0 },
	{ "chosen", KW_PAST, 0 }, { "closes", KW_PLAN, 0 },
	{ "comes", KW_PLAN, 0 }, { "convene", KW_PLAN, 0 },
	{ "convenes", KW_PLAN, 0 }, { "decide", KW_PLAN, 0 },
	{ "decides", KW_PLAN, 0 }, { "did", KW_PAST, 0 },
	{ "done", KW_PAST, 0 }, { "driven", KW_PAST, 0 },
	{ "drove", KW_PAST, 0 }, { "eight", KW_NUMBER, 8 },
	{ "ends", KW_PLAN, 0 }, { "enters", KW_PLAN, 0 },
	{ "expires", KW_PLAN, 0 }, { "faces", KW_PLAN, 0 },
	{ "fell", KW_PAST, 0 }, { "felt", KW_PAST, 0 },
	{ "five", KW_NUMBER, 5 }, { "fled", KW_PAST, 0 },
	{ "flew", KW_PAST, 0 }, { "flies", KW_PLAN, 0 },
	{ "fought", KW_PAST, 0 }, { "found", KW_PAST, 0 },
	{ "four", KW_NUMBER, 4 }, { "froze", KW_PAST, 0 },
	{ "gather", KW_PLAN, 0 }, { "gathers", KW_PLAN, 0 },
	{ "gave", KW_PAST, 0 }, { "given", KW_PAST, 0 }, { "go", KW_PLAN, 0 },
	{ "goes", KW_PLAN, 0 }, { "grew", KW_PAST, 0 }, { "had", KW_PAST, 0 },
	{ "heads", KW_PLAN, 0 }, { "heard", KW_PAST, 0 },
	{ "hears", KW_PLAN, 0 }, { "held", KW_PAST, 0 },
	{ "her", KW_ARTICLE, 0 }, { "his", KW_ARTICLE, 0 },
	{ "hit", KW_PAST, 0 }, { "hold", KW_PLAN, 0 }, { "holds", KW_PLAN, 0 },
	{ "hosts", KW_PLAN, 0 }, { "its", KW_ARTICLE, 0 },
	{ "kept", KW_PAST, 0 }, { "knew", KW_PAST, 0 }, { "laid", KW_PAST, 0 },
	{ "leaves", KW_PLAN, 0 }, { "led", KW_PAST, 0 },
	{ "left", KW_PAST, 0 }, { "lost", KW_PAST, 0 }, { "made", KW_PAST, 0 },
	{ "meet", KW_PLAN, 0 }, { "meets", KW_PLAN, 0 }, { "met", KW_PAST, 0 },
	{ "my", KW_ARTICLE, 0 }, { "nine", KW_NUMBER, 9 }, { "of", KW_OF, 0 },
	{ "one", KW_NUMBER, 1 }, { "opens", KW_PLAN, 0 },
	{ "our", KW_ARTICLE, 0 }, { "paid", KW_PAST, 0 },
	{ "ran", KW_PAST, 0 }, { "reconvene", KW_PLAN, 0 },
	{ "reconvenes", KW_PLAN, 0 }, { "resume", KW_PLAN, 0 },
	{ "resumes", KW_PLAN, 0 }, { "returns", KW_PLAN, 0 },
	{ "rose", KW_PAST, 0 }, { "rules", KW_PLAN, 0 },
	{ "runs", KW_PLAN, 0 }, { "sank", KW_PAST, 0 }, { "sat", KW_PAST, 0 },
	{ "saw", KW_PAST, 0 }, { "seen", KW_PAST, 0 }, { "sent", KW_PAST, 0 },
	{ "seven", KW_NUMBER, 7 }, { "shook", KW_PAST, 0 },
	{ "shot", KW_PAST, 0 }, { "shown", KW_PAST, 0 },
	{ "sign", KW_PLAN, 0 }, { "signs", KW_PLAN, 0 },
	{ "sits", KW_PLAN, 0 }, { "six", KW_NUMBER, 6 },
	{ "sold", KW_PAST, 0 }, { "spent", KW_PAST, 0 },
	{ "spoke", KW_PAST, 0 }, { "starts", KW_PLAN, 0 },
	{ "stood", KW_PAST, 0 }, { "struck", KW_PAST, 0 },
	{ "swept", KW_PAST, 0 }, { "taken", KW_PAST, 0 },
	{ "takes", KW_PLAN, 0 }, { "ten", KW_NUMBER, 10 },
	{ "their", KW_ARTICLE, 0 }, { "three", KW_NUMBER, 3 },
	{ "threw", KW_PAST, 0 }, { "took", KW_PAST, 0 },
	{ "tore", KW_PAST, 0 }, { "travel", KW_PLAN, 0 },
	{ "travels", KW_PLAN, 0 }, { "two", KW_NUMBER, 2 },
	{ "visits", KW_PLAN, 0 }, { "vote", KW_PLAN, 0 },
	{ "votes", KW_PLAN, 0 }, { "was", KW_PAST, 0 }, { "went", KW_PAST, 0 },
	{ "were", KW_PAST, 0 }, { "withdrew", KW_PAST, 0 },
	{ "woke", KW_PAST, 0 }, { "won", KW_PAST, 0 }, { "wore", KW_PAST, 0 },
	{ "written", KW_PAST, 0 }, { "your", KW_ARTICLE, 0 },
};

/* An open-addressing hash of the words, built once: one probe or two per
 * word of the text instead of a binary search. */
#define HASH_SLOTS 512
#define WORD_MAX 12		/* longer words are none of ours */

static const struct keyword *hash_table[HASH_SLOTS];
/* The lengths (bits) of the words with each first two letters: most words
 * of a text are turned away here, before any hashing. */
static uint16_t prefix_lengths[26][26];
static pthread_once_t hash_once = PTHREAD_ONCE_INIT;

static unsigned
hash_word(const char *w)
{
	unsigned h = 5381;

	while (*w)
		h = h * 33 ^ (unsigned char)*w++;
	return h;
}

static void
hash_add(const struct keyword *k)
{
	unsigned h = hash_word(k->word);

	while (hash_table[h % HASH_SLOTS])
		h++;
	hash_table[h % HASH_SLOTS] = k;
	prefix_lengths[k->word[0] - 'a'][k->word[1] - 'a'] |=
		(uint16_t)(1u << strlen(k->word));
}

static void
hash_build(void)
{
	for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
		hash_add(&keywords[i]);
	for (size_t i = 0; i < sizeof tense_words / sizeof tense_words[0]; i++)
		hash_add(&tense_words[i]);
}

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
	REL_LAST_MONTH, REL_NEXT_MONTH,
	REL_LAST_WEEKEND, REL_THIS_WEEKEND,
};

enum wmod { WMOD_NONE, WMOD_LAST, WMOD_NEXT };

/* TENSE_PRESENT: a happening told in the present ("meets on Friday"): the
 * nearest such day, most often ahead. */
/* TENSE_NOTPAST: a month and day that a later word puts ahead ("the June
 * 12 election will be held"): the nearest such day, before or after
 * publication, not moved a year back when it is a few months ahead ("the
 * November 20 strike will take months to repair" stays the one past). */
enum tense {
	TENSE_OPEN, TENSE_PAST, TENSE_FUTURE, TENSE_PRESENT, TENSE_NOTPAST,
};

/* An expression as written, before resolution. */
struct raw {
	size_t start, end;	/* bytes */
	int m0, d0, y0;		/* calendar date (y0 0: no year) */
	int m1, d1, y1;		/* end of a range (m1 0: none) */
	int weekday;		/* -1: not a weekday */
	int wmod;		/* enum wmod */
	int rel, reldays;	/* enum rel */
	int tense;		/* what the expression itself says */
	bool nested;		/* the end of a range being read */
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
	w[k < n ? k : 0] = '\0';
	return j;
}

/* The entry of word w (lower-case); the table is built by then. */
static const struct keyword *
keyword(const char *w)
{
	unsigned h = hash_word(w);
	const struct keyword *k;

	if (!w[0] || !w[1])
		return NULL;
	while ((k = hash_table[h % HASH_SLOTS])) {
		if (!strcmp(k->word, w))
			return k;
		h++;
	}
	return NULL;
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

/* A four-digit year (1000-2999) at i, standing alone. */
static int
year_at(const struct scan *sc, size_t i, size_t *end)
{
	int y = 0;

	for (size_t j = i; j < i + 4; j++) {
		if (!is_digit(at(sc, j)))
			return 0;
		y = y * 10 + at(sc, j) - '0';
	}
	if (is_alnum(at(sc, i + 4)) || y < 1000 || y > 2999)
		return 0;
	*end = i + 4;
	return y;
}

/* ", 2025" or " 2025" after a date.  A year far from ours may be a count
 * ("on 4 July 1500 troops crossed"): it is one only before punctuation
 * or a word that cannot be counted ("4 July 1187, and", "1187 when"). */
static int
year_after(const struct scan *sc, size_t i, size_t *end)
{
	static const char *const after[] = {
		"after", "and", "as", "at", "before", "but", "in", "is", "on",
		"the", "was", "were", "when",
	};
	size_t j = i, k;
	char w[8];
	int y;

	if (at(sc, j) == ',')
		j++;
	j = skip_space(sc, j);
	if (!(y = year_at(sc, j, end)) || (y >= 1900 && y <= 2199))
		return y;
	k = skip_space(sc, *end);
	if (!is_alnum(at(sc, k)))
		return y;
	word_at(sc, k, w, sizeof w);
	for (size_t n = 0; n < sizeof after / sizeof after[0]; n++)
		if (!strcmp(w, after[n]) && at(sc, k) >= 'a')
			return y;
	return 0;
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

/* "days ago" after a count n that ends at j: n days before publication. */
static bool
parse_ago(const struct scan *sc, size_t j, int n, struct raw *r)
{
	char w[8];
	size_t k = skip_space(sc, j), e;

	if (k == j || n < 1 || n > 31)
		return false;
	e = word_at(sc, k, w, sizeof w);
	if (strcmp(w, "days") && !(n == 1 && !strcmp(w, "day")))
		return false;
	k = skip_space(sc, e);
	e = word_at(sc, k, w, sizeof w);
	if (k == e || strcmp(w, "ago"))
		return false;
	r->rel = REL_DAY;
	r->reldays = -n;
	r->tense = TENSE_PAST;
	r->end = e;
	return true;
}

static bool parse_month_first(const struct scan *sc, size_t i,
			      struct raw *r);
static bool parse_day_first(const struct scan *sc, size_t i, struct raw *r);

/* After a whole date with its year, a whole date as its end: "5 January
 * 2026 to 9 January 2026", "December 28, 2025 - January 3, 2026". */
static void
range_tail(const struct scan *sc, struct raw *r)
{
	struct raw end = { .weekday = -1, .nested = true };
	size_t k;

	if (r->nested || r->m1 || !r->y0 || !(k = range_sep(sc, r->end)))
		return;
	end.start = k;
	if (!(is_digit(at(sc, k)) ? parse_day_first(sc, k, &end) :
	      parse_month_first(sc, k, &end)) || end.m1 ||
	    (end.y0 && end.y0 < r->y0))
		return;
	r->m1 = end.m0;
	r->d1 = end.d0;
	r->y1 = end.y0 ? end.y0 : r->y0 + (end.m0 < r->m0);
	r->end = end.end;
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
	range_tail(sc, r);
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
		range_tail(sc, r);
		return true;
	}
	if (!(d = day_at(sc, i, &j)))
		return false;
	if (!r->nested && parse_ago(sc, j, d, r))
		return true;
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
	if ((y = year_after(sc, j, &e))) {
		if (r->m1)
			r->y1 = y;
		else
			r->y0 = y;
		r->end = e;
	}
	range_tail(sc, r);
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

/* Whether the word at i follows "the" ("over the last month"). */
static bool
follows_the(const struct scan *sc, size_t i)
{
	size_t j = i;

	while (j > 0 && at(sc, j - 1) == ' ')
		j--;
	return j >= 3 && (at(sc, j - 3) | 0x20) == 't' &&
	       (at(sc, j - 2) | 0x20) == 'h' && (at(sc, j - 1) | 0x20) == 'e' &&
	       (j == 3 || !is_alpha(at(sc, j - 4)));
}

/* Holidays of a fixed day that news dates happenings by, led by word w
 * (its end at j): "Christmas Day" and "Christmas Eve", "Boxing Day", "New
 * Year's Day" and "New Year's Eve", "Orthodox Christmas" (7 January; its
 * eve the 6th).  "Christmas" alone is no day ("a Christmas truce"). */
static bool
parse_holiday(const struct scan *sc, const char *w, size_t j, struct raw *r)
{
	bool orthodox = !strcmp(w, "orthodox");
	size_t e;
	int y;

	if (orthodox) {
		if (!next_word_is(sc, j, "christmas", &j))
			return false;
		w = "christmas";
	}
	if (!strcmp(w, "christmas")) {
		bool eve = next_word_is(sc, j, "eve", &e);
		bool day = !eve && next_word_is(sc, j, "day", &e);

		if (!eve && !day && !orthodox)
			return false;
		r->m0 = orthodox ? 1 : 12;
		r->d0 = orthodox ? (eve ? 6 : 7) : (eve ? 24 : 25);
		if (eve || day)
			j = e;
	} else if (!strcmp(w, "boxing")) {
		if (!next_word_is(sc, j, "day", &j))
			return false;
		r->m0 = 12;
		r->d0 = 26;
	} else {
		if (!next_word_is(sc, j, "year", &e) &&
		    !next_word_is(sc, j, "years", &e))
			return false;
		j = e;
		/* "Year's", with a straight or a typographic apostrophe */
		if (at(sc, j) == '\'' && (at(sc, j + 1) | 0x20) == 's' &&
		    !is_alpha(at(sc, j + 2)))
			j += 2;
		else if (has(sc, j, "\xe2\x80\x99") &&
			 (at(sc, j + 3) | 0x20) == 's' && !is_alpha(at(sc, j + 4)))
			j += 4;
		if (next_word_is(sc, j, "day", &e))
			r->m0 = r->d0 = 1;
		else if (next_word_is(sc, j, "eve", &e))
			r->m0 = 12, r->d0 = 31;
		else
			return false;
		j = e;
	}
	r->end = j;
	if ((y = year_after(sc, j, &e))) {
		r->y0 = y;
		r->end = e;
	}
	return true;
}

/* Expressions led by a word: weekdays, "yesterday", "last week", "earlier
 * this month", "last month", "overnight on Dec. 28-29", month first
 * dates. */
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
	case KW_HOLIDAY:
		return parse_holiday(sc, w, j, r);
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
	case KW_NUMBER:
		return !depth && parse_ago(sc, j, k->value, r);
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
		} else if (!strcmp(w, "month") && !follows_the(sc, i)) {
			/* the calendar month; "over the last month" is the
			 * thirty days before, no date of a happening */
			r->rel = k->kind == KW_LAST ? REL_LAST_MONTH :
				 REL_NEXT_MONTH;
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
	case REL_LAST_MONTH:
		*b = first - 1;
		*a = *b - (days_in_month(p->m == 1 ? p->y - 1 : p->y,
					 p->m == 1 ? 12 : p->m - 1) - 1);
		return true;
	case REL_NEXT_MONTH:
		*a = last + 1;
		*b = last + days_in_month(p->m == 12 ? p->y + 1 : p->y,
					  p->m == 12 ? 1 : p->m + 1);
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
resolve_weekday(const struct raw *r, const struct pub *p, int tense,
		int64_t *a)
{
	int diff = (r->weekday - p->wd + 7) % 7;	/* days ahead */

	if (r->wmod == WMOD_NEXT)
		*a = p->day + (diff ? diff : 7);
	else if (r->wmod == WMOD_LAST)
		*a = p->day - ((7 - diff) % 7 ? (7 - diff) % 7 : 7);
	else if (tense == TENSE_FUTURE || (tense == TENSE_PRESENT && diff <= 3))
		*a = p->day + diff;
	else
		*a = p->day - (7 - diff) % 7;
	return true;
}

/* A calendar date; the year from the publication and the tense when not
 * written. */
static bool
resolve_date(const struct raw *r, const struct pub *p, int tense,
	     int64_t *a, int64_t *b)
{
	int y0 = r->y0, y1 = r->y1;

	if (!y0 && r->m1 && y1)		/* "Dec 28 - Jan 2, 2026" */
		y0 = y1 - (r->m1 < r->m0);
	if (!y0) {
		if (!p->known)
			return false;
		y0 = p->y;
		if (tense == TENSE_NOTPAST) {
			if (r->d0 <= days_in_month(y0, r->m0)) {
				int64_t c = days_from_civil(y0, r->m0, r->d0);

				y0 += c < p->day - NEAR ? 1 :
				      c > p->day + NEAR ? -1 : 0;
			}
		} else if (r->d0 <= days_in_month(y0, r->m0)) {
			int64_t c = days_from_civil(y0, r->m0, r->d0);

			if (tense == TENSE_FUTURE ? c < p->day :
			    tense != TENSE_PAST && c < p->day - NEAR)
				y0++;
			else if (tense != TENSE_FUTURE &&
				 c > p->day + PAST_SLACK)
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

/* Resolve r into out; tense: what its sentence says (enum tense). */
static bool
resolve(const struct raw *r, const struct pub *p, int tense,
	struct temporal_date *out)
{
	int64_t a, b;
	bool future;

	if (r->tense != TENSE_OPEN)
		tense = r->tense;
	future = tense == TENSE_FUTURE;
	if (r->m0) {
		if (!resolve_date(r, p, tense, &a, &b))
			return false;
	} else if (!p->known) {
		return false;
	} else if (r->weekday >= 0) {
		resolve_weekday(r, p, tense, &a);
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
	int weekday;		/* a bare weekday's (-1: none) ... */
	bool untensed;		/* ... placed without a word of tense */
	bool second;		/* in a headline's second part (after ';') */
	bool reference;		/* a planned happening's date named in
				   passing (planned_noun_after) */
};

static void
consider(struct pick *pk, const struct temporal_date *d, bool saying,
	 const struct raw *r, int tense, bool second, bool reference)
{
	/* a date named in passing is taken when there is no other */
	if (pk->have && (reference ||
			 (!pk->reference && (!pk->reporting || saying))))
		return;
	pk->reference = reference;
	pk->second = second;
	pk->date = *d;
	pk->have = true;
	pk->reporting = saying;
	pk->weekday = r->weekday >= 0 && r->wmod == WMOD_NONE ? r->weekday :
		      -1;
	pk->untensed = tense == TENSE_OPEN && r->tense == TENSE_OPEN;
}

/* Where the pass over one string is. */
struct state {
	size_t sent;		/* start of the current sentence */
	bool first;		/* still in the first sentence (or the title) */
	bool quoted;		/* inside quotation marks */
	bool future;		/* the sentence so far speaks of the future */
	bool present;		/* ... tells a happening in the present */
	bool infinitive;	/* ... "X to visit": looks ahead, unless a
				   past word is near */
	bool to;		/* the last word was "to" ... */
	bool to_after_be;	/* ... and "is" or "are" before it */
	bool verb_seen;		/* a verb came in the sentence so far */
	bool after_be;		/* the last word was "be" or "been" */
	bool future_by_to;	/* ... since "set to", "agreed to" just now */
	uint8_t prev, prev2;	/* kinds of the last two words */
};

static void
new_sentence(struct state *st, size_t at_byte, bool whole)
{
	if (!whole && !st->quoted)
		st->first = false;
	st->sent = at_byte;
	st->future = st->future_by_to = st->present = false;
	st->infinitive = st->to = false;
	st->to_after_be = st->verb_seen = st->after_be = false;
	st->prev = st->prev2 = KW_NONE;
}

/* What a word that is not a date says about the tense: "will",
 * "scheduled", "set for", "is due", "'ll" turn to the future; "said" back
 * to the past ("said on Monday that talks will..."). */
static void
tense_word(struct state *st, int kind)
{
	bool by_to = false;

	switch (kind) {
	case KW_REPORT:
		st->future = st->present = st->infinitive = false;
		break;
	case KW_PLAN:
		/* "the vote on Friday" is a thing; "votes on Friday" may be */
		if (st->prev != KW_ARTICLE)
			st->present = true;
		break;
	case KW_CUE:
	case KW_NEXT:
	case KW_TOMORROW:
	case KW_LL:
		st->future = true;
		break;
	case KW_TO:
		/* not "were expected to": that was the plan once */
		if (st->prev == KW_PENDING && !st->future &&
		    st->prev2 != KW_PAST)
			st->future = by_to = true;
		break;
	case KW_ARTICLE:
		/* "agreed to a truce": to a thing, not to do it */
		if (st->future_by_to)
			st->future = false;
		break;
	case KW_DUE:
		if (st->prev == KW_BE)
			st->future = true;
		break;
	default:
		break;
	}
	st->future_by_to = by_to;
	st->prev2 = st->prev;
	st->prev = (uint8_t)kind;
}

static bool
after_apostrophe(const struct scan *sc, size_t i)
{
	return (i >= 1 && at(sc, i - 1) == '\'') ||
	       (i >= 3 && has(sc, i - 3, "\xe2\x80\x99"));
}

/* Verbs after "to" that name a planned happening ("to visit", "to
 * discuss"), besides the KW_PLAN words.  Sorted, as failing_verb's. */
static bool
plan_verb(const char *w)
{
	static const char *const verbs[] = {
		"address", "announce", "attend", "chair", "debate", "depart",
		"discuss", "elect", "face", "fly", "head", "hold", "host",
		"join", "land", "launch", "leave", "open", "present",
		"publish", "receive", "release", "reopen", "resume", "return",
		"review", "rule", "sail", "sign", "speak", "start", "testify",
		"tour", "travel", "unveil", "visit", "vote",
	};

	return in_list(w, verbs, sizeof verbs / sizeof *verbs);
}

/* Verbs before "to" that tell no plan but what did not happen ("Court
 * refuses to rule on appeal Thursday", "Airliner fails to land on
 * Thursday"): a headline's verb, after which "to" looks nowhere ahead. */
static bool
failing_verb(const char *w)
{
	static const char *const verbs[] = {
		"declines", "fail", "fails", "refuse", "refuses", "struggle",
		"struggles", "unable",
	};

	return in_list(w, verbs, sizeof verbs / sizeof *verbs);
}

/* A regular past form: "-ed" ("died", "attacked"), not "-eed" ("need",
 * "speed"); w lower case, n its length (w holds its first WORD_MAX). */
static bool
past_form(const char *w, size_t n)
{
	return n >= 4 && n <= WORD_MAX && w[n - 2] == 'e' && w[n - 1] == 'd' &&
	       w[n - 3] != 'e';
}

/* Does a word near r put its sentence in the past ("was", "attacked")? */
static bool
past_near(const struct scan *sc, size_t from, const struct raw *r)
{
	size_t i = r->start > from + PAST_WINDOW ? r->start - PAST_WINDOW : from;
	size_t stop = r->start, j;
	char w[WORD_MAX + 1];
	bool be = false;	/* the last word was "be": "will be held" */

	for (int side = 0; side < 2; side++) {
		while (i < stop) {
			const struct keyword *k;
			size_t n;

			if (!is_alpha(at(sc, i))) {
				if (side && strchr(".!?\n", at(sc, i)))
					break;
				i++;
				continue;
			}
			j = word_at(sc, i, w, sizeof w);
			n = strlen(w);
			k = keyword(w);
			if (!be && ((k && k->kind == KW_PAST) ||
				    (past_form(w, n) && !(k && (k->kind ==
				     KW_CUE || k->kind == KW_PENDING)))))
				return true;
			be = !strcmp(w, "be") || !strcmp(w, "been");
			i = j;
		}
		/* "on 12 February." took its full stop: the sentence ends */
		if (r->end > 0 && at(sc, r->end - 1) == '.' &&
		    sentence_end(sc, r->end - 1))
			break;
		i = r->end;
		stop = r->end + PAST_WINDOW < sc->len ? r->end + PAST_WINDOW :
		       sc->len;
	}
	return false;
}

/* The next word of r's sentence from *i, lower case into w (the bytes
 * after r up to TENSE_WINDOW): *start at it, *i past it; or false at the
 * sentence's end. */
static bool
next_word_after(const struct scan *sc, const struct raw *r, size_t *i,
		size_t *start, char *w, size_t wlen)
{
	size_t stop = r->end + TENSE_WINDOW < sc->len ?
		      r->end + TENSE_WINDOW : sc->len;

	while (*i < stop && !is_alpha(at(sc, *i))) {
		if (strchr("!?;:\n", at(sc, *i)) ||
		    (at(sc, *i) == '.' && sentence_end(sc, *i)))
			return false;
		(*i)++;
	}
	if (*i >= stop)
		return false;
	*start = *i;
	*i = word_at(sc, *i, w, wlen);
	return true;
}

/* Does the sentence look ahead after r, before any past form or word of
 * saying ("the June 12 election will be held", "on Friday, leaders will
 * meet")?  Not after a possessive ("Monday's attack will be ..."). */
static bool
future_after(const struct scan *sc, const struct raw *r)
{
	size_t i = r->end, start;
	char w[WORD_MAX + 1];

	if (at(sc, i) == '\'' || has(sc, i, "\xe2\x80\x99"))
		return false;
	while (next_word_after(sc, r, &i, &start, w, sizeof w)) {
		const struct keyword *k = keyword(w);

		if (k && (k->kind == KW_CUE || k->kind == KW_DUE ||
			  (k->kind == KW_LL && after_apostrophe(sc, start)) ||
			  !strcmp(w, "expected") || !strcmp(w, "set") ||
			  !strcmp(w, "going")))
			return true;
		if ((k && (k->kind == KW_REPORT || k->kind == KW_PAST)) ||
		    past_form(w, strlen(w)))
			return false;
	}
	return false;
}

/* Does a past form follow r in its sentence ("the January 5 talks
 * failed", "the April 5 election was won")?  Then the planned happening's
 * own verb tells it is over. */
static bool
past_after(const struct scan *sc, const struct raw *r)
{
	size_t i = r->end, start;
	char w[WORD_MAX + 1];

	while (next_word_after(sc, r, &i, &start, w, sizeof w)) {
		const struct keyword *k = keyword(w);

		if ((k && k->kind == KW_PAST) ||
		    (past_form(w, strlen(w)) &&
		     !(k && (k->kind == KW_CUE || k->kind == KW_PENDING))))
			return true;
	}
	return false;
}

/* Past a possessive "'s" (or "’s") at j: "Friday's attack". */
static size_t
after_possessive(const struct scan *sc, size_t j)
{
	if (at(sc, j) == '\'' && (at(sc, j + 1) | 0x20) == 's')
		return j + 2;
	if (has(sc, j, "\xe2\x80\x99") && (at(sc, j + 3) | 0x20) == 's')
		return j + 4;
	return j;
}

/* Does a word of violence or disaster follow r ("the November 20
 * strike", "Friday's attack")?  Then r dates a happening already past,
 * whatever the sentence plans ("Kyiv plans a memorial to victims of the
 * November 20 strike"). */
static bool
event_noun_after(const struct scan *sc, const struct raw *r)
{
	static const char *const nouns[] = {
		"ambush", "assault", "attack", "attacks", "blast", "bombing",
		"collapse", "coup", "crash", "earthquake", "explosion", "fire",
		"flood", "floods", "killing", "killings", "massacre", "quake",
		"raid", "raids", "shelling", "shooting", "storm", "strike",
		"strikes",
	};
	size_t j = after_possessive(sc, r->end);
	char w[12];

	/* names may stand between: "the June 12 Air India crash" */
	for (int words = 0; words < 4; words++) {
		size_t e;

		j = skip_space(sc, j);
		e = word_at(sc, j, w, sizeof w);
		for (size_t i = 0; i < sizeof nouns / sizeof nouns[0]; i++)
			if (!strcmp(w, nouns[i]))
				return true;
		if (e == j || at(sc, j) < 'A' || at(sc, j) > 'Z')
			return false;
		j = e;
	}
	return false;
}

/* Does r name a planned happening it is the date of ("the Dec. 6
 * parliamentary election", "Sunday's vote", "the January 5 talks")?
 * Then it is a point of reference in a story of something else (a poll
 * before the election, a rally ahead of the vote): the date of the
 * story's own happening, when the sentence gives one, wins. */
static bool
planned_noun_after(const struct scan *sc, const struct raw *r)
{
	static const char *const nouns[] = {
		"ballot", "ballots", "caucus", "caucuses", "conference",
		"congress", "deadline", "debate", "election", "elections",
		"hearing", "inauguration", "meeting", "plebiscite", "poll",
		"polls", "primaries", "primary", "referendum", "runoff",
		"summit", "talks", "trial", "vote", "votes", "voting",
	};
	static const char *const kinds[] = {
		"early", "european", "federal", "general", "legislative",
		"local", "mayoral", "midterm", "municipal", "national",
		"parliamentary", "presidential", "regional", "snap", "state",
	};
	size_t j = after_possessive(sc, r->end);
	char w[16];

	for (int words = 0; words < 3; words++) {
		size_t e;
		bool kind = false;

		j = skip_space(sc, j);
		e = word_at(sc, j, w, sizeof w);
		if (e == j)
			return false;
		for (size_t i = 0; i < sizeof nouns / sizeof *nouns; i++)
			if (!strcmp(w, nouns[i]))
				return true;
		for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
			kind |= !strcmp(w, kinds[i]);
		if (!kind)
			return false;
		j = e;
	}
	return false;
}

/* The tense that places r: the future when the sentence spoke of it
 * before r; the present for a bare weekday after a happening told in the
 * present, unless a word near it speaks of the past; for a month and day
 * that would lie most of a year back, whether any word of the sentence
 * speaks of the past. */
static int
sentence_tense(const struct scan *sc, const struct state *st,
	       const struct raw *r, const struct pub *p)
{
	int d;
	int64_t c;

	bool weekday = r->weekday >= 0 && r->wmod == WMOD_NONE &&
		       r->tense == TENSE_OPEN;
	bool month_day = r->m0 && !r->y0 && !r->y1 && r->tense == TENSE_OPEN;

	bool saying = st->prev == KW_REPORT ||
		      (st->prev == KW_ON && st->prev2 == KW_REPORT);

	if ((weekday || month_day) && event_noun_after(sc, r))
		return TENSE_PAST;
	if (st->future)
		/* "the vote, originally set for December 21, was postponed" */
		return month_day && past_near(sc, st->sent, r) ?
		       TENSE_NOTPAST : TENSE_FUTURE;
	if ((weekday || month_day) && st->infinitive &&
	    !past_near(sc, st->sent, r))
		return weekday ? TENSE_FUTURE : TENSE_NOTPAST;
	if (st->present && weekday && !past_near(sc, st->sent, r))
		return TENSE_PRESENT;
	/* not a day of saying: "said on Monday that Putin will attend" */
	if ((weekday || month_day) && !saying && future_after(sc, r) &&
	    !past_near(sc, st->sent, r))
		return weekday ? TENSE_FUTURE : TENSE_NOTPAST;
	if (!r->m0 || r->y0 || r->y1 || !p->known)
		return TENSE_OPEN;
	d = r->d0 < days_in_month(p->y, r->m0) ? r->d0 :
	    days_in_month(p->y, r->m0);
	c = days_from_civil(p->y, r->m0, d);
	/* "Xi welcomed the January 5 talks" in late November: a planned
	 * happening's day close ahead, not most of a year back, whatever
	 * the verb of the welcoming (the nearest day, next year's); unless
	 * its own verb says it is over ("the January 5 talks failed") */
	if (c < p->day - NEAR && past_near(sc, st->sent, r))
		return c + 365 <= p->day + PLANNED_AHEAD &&
		       planned_noun_after(sc, r) && !past_after(sc, r) ?
		       TENSE_OPEN : TENSE_PAST;
	return TENSE_OPEN;
}

/* A date found at r: keep it, and offer it as the event when it is in the
 * first sentence, unquoted and not a wire's dateline. */
static void
found(const struct scan *sc, struct state *st, const struct raw *r,
      const struct pub *p, bool whole, bool collect,
      struct temporal_result *out, struct pick *pk)
{
	int tense = sentence_tense(sc, st, r, p);
	struct temporal_date d;
	bool saying;

	/* A headline tells the past in the present ("Kremlin meets envoy
	 * Monday"): the nearest day there; in the text, the coming one. */
	if (tense == TENSE_PRESENT && !whole)
		tense = TENSE_FUTURE;
	if (!resolve(r, p, tense, &d))
		return;
	d.in_title = whole;
	if (collect && out->ndates < TEMPORAL_MAX_DATES)
		out->dates[out->ndates++] = d;
	if (!st->first || st->quoted || (!whole && is_dateline(sc, st->sent, r)))
		return;
	/* "born on 12 March 1950": the story's background, not its news;
	 * "a colony on Mars by 1 January 2250" is no date to be kept */
	if (p->known && (d.start < (p->day - HISTORY) * DAY ||
			 d.start > (p->day + HORIZON) * DAY))
		return;
	/* "ahead of Thursday's vote", "before Monday's talks": a point of
	 * reference */
	if (st->prev == KW_REF || (st->prev == KW_OF && st->prev2 == KW_AHEAD))
		return;
	saying = st->prev == KW_REPORT ||
		 (st->prev == KW_ON && st->prev2 == KW_REPORT);
	/* a planned happening still ahead ("the Dec. 6 election") is a
	 * point of reference; one past ("Friday's talks ended") is the news */
	consider(pk, &d, saying, r, tense,
		 whole && memchr(sc->s, ';', r->start) != NULL,
		 d.scheduled && planned_noun_after(sc, r));
}

/* The word at i: a date, or a word that may tell the tense.  Returns the
 * position after what was read. */
static size_t
scan_word(const struct scan *sc, struct state *st, size_t i,
	  const struct pub *p, bool whole, bool collect,
	  struct temporal_result *out, struct pick *pk)
{
	const struct keyword *k = NULL;
	char w[WORD_MAX + 1];
	size_t j = i, n = 0;
	int kind = KW_NONE;
	bool past;
	struct raw r;

	/* The strings end in NUL: reading up to it is safe. */
	const unsigned char *u = (const unsigned char *)sc->s;

	while (is_alpha(u[j])) {
		if (n < WORD_MAX)
			w[n] = (char)(u[j] | 0x20);
		n++;
		j++;
	}
	w[n < WORD_MAX ? n : WORD_MAX] = '\0';
	if (n >= 2 && n <= WORD_MAX && !is_digit(u[j])) {
		w[n] = '\0';
		if ((prefix_lengths[w[0] - 'a'][w[1] - 'a'] & (1u << n)) &&
		    (k = keyword(w)))
			kind = k->kind;
	} else if (n == 1 && w[0] == 's' && after_apostrophe(sc, i)) {
		kind = KW_BE;			/* "it's due" */
	} else if (n == 1 && w[0] == 'a') {
		kind = KW_ARTICLE;
	}
	if ((n == 0 || (kind >= KW_MONTH && kind <= KW_NUMBER)) &&
	    parse_at(sc, i, &r)) {
		found(sc, st, &r, p, whole, collect, out, pk);
		st->prev2 = st->prev;
		st->prev = KW_NONE;
		st->to = false;
		return r.end > i ? r.end : i + 1;
	}
	if (kind == KW_LL && !after_apostrophe(sc, i))
		kind = KW_NONE;
	/* "next to a police station" is a place */
	if (kind == KW_NEXT) {
		char w2[4];

		word_at(sc, skip_space(sc, j), w2, sizeof w2);
		if (!strcmp(w2, "to"))
			kind = KW_NONE;
	}
	/* "to" and a verb of plans look ahead after "is" ("the president
	 * is to visit Paris") and, in a headline, when no verb came before
	 * ("Zelensky to visit Berlin"; not "Kyiv votes to extend", "taken
	 * to hospital", "according to officials") */
	if (st->to && u[i] >= 'a' && u[i] <= 'z' && n <= WORD_MAX &&
	    (st->to_after_be || (whole && !st->verb_seen)) &&
	    (kind == KW_PLAN || plan_verb(w)))
		st->infinitive = true;
	past = kind == KW_PAST || (kind == KW_NONE && past_form(w, n));
	/* "the minister, who is due to visit Kyiv, met Erdogan on Monday":
	 * a past form ends what looked ahead ("will be held" does not) */
	if (past && !st->after_be)
		st->future = st->present = st->infinitive = false;
	st->after_be = n == 2 ? w[0] == 'b' && w[1] == 'e' :
		       n == 4 && !strcmp(w, "been");
	st->verb_seen |= past || kind == KW_PLAN || kind == KW_REPORT ||
			 kind == KW_CUE || (n <= WORD_MAX && failing_verb(w));
	st->to_after_be = st->prev == KW_BE;
	st->to = n == 2 && w[0] == 't' && w[1] == 'o';
	tense_word(st, kind);
	while (is_alnum(u[j]))
		j++;
	return j;
}

/* Quotation marks: dates inside them are someone's words, not the
 * event.  A closing mark right after '.', '!' or '?' ends the sentence. */
static void
quote_mark(const struct scan *sc, struct state *st, size_t i, bool whole)
{
	bool open = sc->s[i] == '"' ? !st->quoted :
		    has(sc, i, "\xe2\x80\x9c") || has(sc, i, "\xc2\xab");
	bool close = sc->s[i] == '"' ? st->quoted :
		     has(sc, i, "\xe2\x80\x9d") || has(sc, i, "\xc2\xbb");

	if (open) {
		st->quoted = true;
	} else if (close) {
		st->quoted = false;
		if (i > 0 && (at(sc, i - 1) == '.' || at(sc, i - 1) == '!' ||
			      at(sc, i - 1) == '?'))
			new_sentence(st, i + 1, whole);
	}
}

/* One pass over s: dates into out->dates (when collect), event candidates
 * from the first sentence (all of s when whole) into pk. */
static void
scan_text(const struct scan *sc, const struct pub *p, bool whole,
	  bool collect, struct temporal_result *out, struct pick *pk)
{
	struct state st = { .first = true };
	size_t i = 0;

	while (i < sc->len) {
		int c = (unsigned char)sc->s[i];

		if (is_alnum(c)) {
			if (st.first && !whole && i >= FIRST_SENTENCE_CAP)
				st.first = false;
			i = scan_word(sc, &st, i, p, whole, collect, out, pk);
			/* Past the first sentence only the dates are left. */
			if (!st.first && (!collect ||
					  out->ndates == TEMPORAL_MAX_DATES))
				return;
		} else {
			if (c == '\n') {
				st.quoted = false;
				new_sentence(&st, i + 1, whole);
			} else if ((c == '.' || c == '!' || c == '?') &&
				   sentence_end(sc, i)) {
				new_sentence(&st, i + 1, whole);
			} else if (c == ';') {
				/* a clause of its own: "will publish a
				 * report; the crash on December 25 killed" */
				st.future = st.present = st.infinitive = false;
			} else if (c == '"' || c == 0xc2 || c == 0xe2) {
				quote_mark(sc, &st, i, whole);
			}
			i++;
		}
	}
}

/* Whether date a names days inside range b, fewer of them: "Rail strike
 * called for next week" over "from December 2 to December 3", where the
 * text is the more precise. */
static bool
within(const struct temporal_date *a, const struct temporal_date *b)
{
	int64_t a_end = a->precision == PREC_RANGE ? a->end : a->start;

	return b->precision == PREC_RANGE && a->start >= b->start &&
	       a_end <= b->end && a_end - a->start < b->end - b->start;
}

static void
extract(const char *title, const char *text, const struct dl_time *published,
	bool collect, struct temporal_result *out)
{
	struct pub p = { 0 };
	struct pick title_pick = { 0 }, text_pick = { 0 };
	struct scan sc;

	pthread_once(&hash_once, hash_build);
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
		scan_text(&sc, &p, false, collect, out, &text_pick);
	}
	/* "Berlin talks on Friday" over "Merz will receive Zelensky on
	 * Friday": the text tells which Friday */
	/* "No deal in Geneva; next round on December 3" over "The talks
	 * ended on Wednesday": a headline's second part announces what
	 * comes next, its first tells the news */
	if (title_pick.have && !(title_pick.untensed && text_pick.have &&
				 title_pick.weekday >= 0 &&
				 text_pick.weekday == title_pick.weekday &&
				 !text_pick.untensed) &&
	    !(text_pick.have && within(&text_pick.date, &title_pick.date)) &&
	    !(title_pick.second && title_pick.date.scheduled &&
	      text_pick.have && !text_pick.date.scheduled) &&
	    !(title_pick.reference && text_pick.have &&
	      !text_pick.reference))
		out->event = title_pick.date;
	else if (text_pick.have)
		out->event = text_pick.date;
}

void
temporal_extract(const char *title, const char *text,
		 const struct dl_time *published, struct temporal_result *out)
{
	extract(title, text, published, true, out);
}

void
temporal_event(const char *title, const char *text,
	       const struct dl_time *published, struct temporal_result *out)
{
	extract(title, text, published, false, out);
}
