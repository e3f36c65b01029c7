/* Dates as feeds write them (RFC 822 and its wild variants, RFC 3339,
 * W3C-DTF, asctime), UTC formatting, local days, and calendar arithmetic
 * of our own so that years 0 to 9999 work whatever time_t and libc allow. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dateline/date.h"
#include "dateline/util.h"

/* Longer text is not a date anyone wrote by hand or by program. */
#define DATE_MAX 128

/* Days from 1970-01-01 to the given day of the proleptic Gregorian
 * calendar, counting in 400-year eras so that it holds for any year. */
int64_t
date_from_civil(int year, int month, int day)
{
	int64_t y = (int64_t)year - (month <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t mp = (month + 9) % 12;	/* March is 0: leap day comes last */
	int64_t doy = (153 * mp + 2) / 5 + day - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

void
date_to_civil(int64_t days, int *year, int *month, int *day)
{
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t m = mp < 10 ? mp + 3 : mp - 9;

	*day = (int)(doy - (153 * mp + 2) / 5 + 1);
	*month = (int)m;
	*year = (int)(yoe + era * 400 + (m <= 2));
}

static int
days_in_month(int year, int month)
{
	static const int days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	return month == 2 && leap ? 29 : days[month - 1];
}

static int64_t
floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* v (0 <= v < 10^n) in n decimal digits. */
static void
put_digits(char *out, int v, int n)
{
	while (n--) {
		out[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

void
date_format_utc(int64_t t, char *out)
{
	int64_t days = floor_div(t, 86400), secs = t - days * 86400;
	int y, m, d;

	date_to_civil(days, &y, &m, &d);
	if (y < 0 || y > 9999) {
		snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d,
			 (int)(secs / 3600), (int)(secs / 60 % 60),
			 (int)(secs % 60));
		return;
	}
	/* by hand: a dump writes three of these a line */
	put_digits(out, y, 4);
	out[4] = '-';
	put_digits(out + 5, m, 2);
	out[7] = '-';
	put_digits(out + 8, d, 2);
	out[10] = 'T';
	put_digits(out + 11, (int)(secs / 3600), 2);
	out[13] = ':';
	put_digits(out + 14, (int)(secs / 60 % 60), 2);
	out[16] = ':';
	put_digits(out + 17, (int)(secs % 60), 2);
	out[19] = 'Z';
	out[20] = '\0';
}

/* The fields a parser fills before they become an instant. */
struct fields {
	int year, month, day, hour, min, sec;
	int offset;	/* seconds east of UTC */
	bool has_zone, has_year, has_day, has_time;
};

static bool
in_years(int64_t t)
{
	return t >= date_from_civil(0, 1, 1) * 86400 &&
	       t < date_from_civil(10000, 1, 1) * 86400;
}

static bool
fields_to_time(const struct fields *f, struct dl_time *out)
{
	if (f->year < 0 || f->year > 9999 || f->month < 1 || f->month > 12)
		return false;
	if (f->day < 1 || f->day > days_in_month(f->year, f->month))
		return false;
	/* 24:00:00 is the end of the day (ISO 8601); 60 a leap second. */
	if (f->hour > 24 || f->min > 59 || f->sec > 60 ||
	    (f->hour == 24 && (f->min || f->sec)))
		return false;
	if (f->offset < -24 * 3600 || f->offset > 24 * 3600)
		return false;
	out->utc = date_from_civil(f->year, f->month, f->day) * 86400 +
		   f->hour * 3600 + f->min * 60 + (f->sec == 60 ? 59 : f->sec) -
		   f->offset;
	/* The instant, and the local time it was written in (24:00 of
	 * 9999-12-31 is already year 10000 there), lie in years 0 to 9999. */
	if (!in_years(out->utc) || !in_years(out->utc + f->offset)) {
		out->utc = 0;
		return false;
	}
	out->offset = f->has_zone ? f->offset : 0;
	out->has_zone = f->has_zone;
	out->known = true;
	return true;
}

/* Exactly n digits at *p, advancing past them. */
static bool
digits(const char **p, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if ((*p)[i] < '0' || (*p)[i] > '9')
			return false;
		*v = *v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	return true;
}

/* One to max digits at *p. */
static int
number(const char **p, int max, int *v)
{
	int n = 0;

	*v = 0;
	while (n < max && **p >= '0' && **p <= '9') {
		*v = *v * 10 + (**p - '0');
		(*p)++, n++;
	}
	return n;
}

/* "+hh:mm", "+hhmm", "+hh" or "+h" at *p; false when it is none. */
static bool
numeric_offset(const char **p, int *offset)
{
	const char *q = *p;
	int sign, h, m = 0, n;

	if (*q != '+' && *q != '-')
		return false;
	sign = *q++ == '-' ? -1 : 1;
	n = number(&q, 4, &h);
	if (n == 4) {
		m = h % 100;
		h /= 100;
	} else if (n == 3 || n == 0) {
		return false;
	} else if (*q == ':') {
		q++;
		if (!digits(&q, 2, &m))
			return false;
	}
	if (h > 23 || m > 59)
		return false;
	*offset = sign * (h * 3600 + m * 60);
	*p = q;
	return true;
}

/* ---- named zones, months and days ---- */

struct name {
	const char *name;
	int value;
};

static int
name_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct name *)elem)->name);
}

/* Zones in hours east of UTC; sorted.  The North American ones, GMT and
 * friends, and a few European names feeds use (feedparser's list too). */
static const struct name zones[] = {
	{ "ADT", -3 }, { "AST", -4 }, { "AT", -4 }, { "BST", 1 },
	{ "CDT", -5 }, { "CEST", 2 }, { "CET", 1 }, { "CST", -6 },
	{ "CT", -6 }, { "EDT", -4 }, { "EEST", 3 }, { "EET", 2 },
	{ "EST", -5 }, { "ET", -5 }, { "GMT", 0 }, { "MDT", -6 },
	{ "MEST", 2 }, { "MET", 1 }, { "MSK", 3 }, { "MST", -7 },
	{ "MT", -7 }, { "PDT", -7 }, { "PST", -8 }, { "PT", -8 },
	{ "UT", 0 }, { "UTC", 0 }, { "WET", 0 }, { "Z", 0 },
};

/* Month (1-12) or weekday (-1) from a word: the first three letters must
 * name one and the rest must follow its full name ("Sept", "Thurs"). */
static const char *const months[] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december",
};
static const char *const weekdays[] = {
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
	"sunday",
};

static bool
prefix_of(const char *word, size_t n, const char *full)
{
	/* The first letters differ for most pairs: test them first. */
	return n >= 3 && word[0] == full[0] && word[1] == full[1] &&
	       n <= strlen(full) && strncmp(word, full, n) == 0;
}

static int
month_or_day(const char *lower, size_t n)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(months); i++)
		if (prefix_of(lower, n, months[i]))
			return (int)i + 1;
	for (i = 0; i < ARRAY_SIZE(weekdays); i++)
		if (prefix_of(lower, n, weekdays[i]))
			return -1;
	return 0;
}

/* A military zone letter with the signs RFC 822 printed (A-I -1..-9,
 * K-M -10..-12, N-Y +1..+12, Z 0), as feedparser reads them too; they are
 * known to be backwards, but no reading of them is better. */
static bool
military(char c, int *hours)
{
	if (c >= 'A' && c <= 'I')
		*hours = -(c - 'A' + 1);
	else if (c >= 'K' && c <= 'M')
		*hours = -(c - 'K' + 10);
	else if (c >= 'N' && c <= 'Y')
		*hours = c - 'N' + 1;
	else if (c == 'Z')
		*hours = 0;
	else
		return false;
	return true;
}

/* A zone written as a word at *p ("GMT", "EST", "GMT+2", "UTC+02:00",
 * "Z", "z", a military letter); true and *p advanced when it is one. */
static bool
zone_word(const char **p, int *offset)
{
	char up[8];
	const char *q = *p;
	const struct name *z;
	size_t n = 0;
	int h, extra;

	while (((*q | 0x20) >= 'a' && (*q | 0x20) <= 'z') && n < sizeof up - 1)
		up[n++] = (char)(*q++ & ~0x20);
	if (n == 0 || ((*q | 0x20) >= 'a' && (*q | 0x20) <= 'z'))
		return false;
	up[n] = '\0';
	if ((z = bsearch(up, zones, ARRAY_SIZE(zones), sizeof zones[0],
			 name_cmp))) {
		*offset = z->value * 3600;
		if (z->value == 0 && numeric_offset(&q, &extra))
			*offset = extra;
	} else if (n == 1 && military(up[0], &h)) {
		*offset = h * 3600;
	} else {
		return false;
	}
	*p = q;
	return true;
}

/* ---- RFC 3339 and W3C-DTF ---- */

/* "hh:mm[:ss[.frac]]" at *p. */
static bool
wall_clock(const char **p, struct fields *f)
{
	if (!digits(p, 2, &f->hour) || **p != ':')
		return false;
	(*p)++;
	if (!digits(p, 2, &f->min))
		return false;
	if (**p == ':') {
		(*p)++;
		if (!digits(p, 2, &f->sec))
			return false;
		if (**p == '.' || **p == ',') {
			(*p)++;
			if (!(**p >= '0' && **p <= '9'))
				return false;
			while (**p >= '0' && **p <= '9')
				(*p)++;
		}
	}
	f->has_time = true;
	return true;
}

static bool
zone_any(const char **p, struct fields *f)
{
	if (numeric_offset(p, &f->offset) || zone_word(p, &f->offset)) {
		f->has_zone = true;
		return true;
	}
	return false;
}

static bool
parse_iso(const char *s, struct fields *f)
{
	const char *p = s;
	char sep;

	if (!digits(&p, 4, &f->year))
		return false;
	f->month = f->day = 1;
	/* "2025/12/28" is seen too; the separators must agree. */
	sep = *p;
	if (sep == '-' || sep == '/') {
		p++;
		if (!digits(&p, 2, &f->month))
			return false;
		if (*p == sep) {
			p++;
			if (!digits(&p, 2, &f->day))
				return false;
			if (*p == 'T' || *p == 't' || (*p == ' ' && p[1] >= '0' &&
						       p[1] <= '9')) {
				p++;
				if (!wall_clock(&p, f))
					return false;
				if (*p == ' ')
					p++;
				if (*p)
					zone_any(&p, f);
			}
		}
	}
	return *p == '\0';
}

/* ---- RFC 822, asctime and their relatives, read word by word ---- */

static bool
word_822(const char **p, struct fields *f, bool *seen_month)
{
	char lower[16];
	const char *q = *p;
	size_t n = 0;
	int m, ignored;

	/* A name after a numeric offset ("-0800 PST") only repeats it. */
	if (f->has_zone && zone_word(p, &ignored))
		return true;
	if (zone_word(p, &f->offset)) {
		f->has_zone = true;
		return true;
	}
	while (((*q | 0x20) >= 'a' && (*q | 0x20) <= 'z')) {
		if (n < sizeof lower - 1)
			lower[n] = (char)(*q | 0x20);
		n++, q++;
	}
	if (n >= sizeof lower)
		return false;
	lower[n] = '\0';
	m = month_or_day(lower, n);
	if (m == 0 && (strcmp(lower, "am") == 0 || strcmp(lower, "pm") == 0) &&
	    f->has_time && f->hour >= 1 && f->hour <= 12) {
		f->hour = f->hour % 12 + (lower[0] == 'p' ? 12 : 0);
		m = -1;
	}
	if (m == 0 || (m > 0 && *seen_month))
		return false;
	if (m > 0) {
		f->month = m;
		*seen_month = true;
	}
	*p = q;
	if (**p == '.')
		(*p)++;
	return true;
}

static bool
ordinal_suffix(const char *p)
{
	char a, b, next;

	if (!p[0] || !p[1])
		return false;
	a = (char)(p[0] | 0x20);
	b = (char)(p[1] | 0x20);
	next = (char)(p[2] | 0x20);
	if (next >= 'a' && next <= 'z')
		return false;
	return (a == 's' && b == 't') || (a == 'n' && b == 'd') ||
	       (a == 'r' && b == 'd') || (a == 't' && b == 'h');
}

static bool
number_822(const char **p, struct fields *f)
{
	int v, n;

	if ((*p)[1] == ':' || ((*p)[1] && (*p)[2] == ':')) {
		if (f->has_time)
			return false;
		n = number(p, 2, &f->hour);
		if (**p != ':')
			return false;
		(*p)++;
		if (!digits(p, 2, &f->min))
			return false;
		if (**p == ':') {
			(*p)++;
			if (!digits(p, 2, &f->sec))
				return false;
		}
		f->has_time = n > 0;
		return true;
	}
	n = number(p, 5, &v);
	if (n >= 5 || n == 3 || (**p >= '0' && **p <= '9'))
		return false;
	/* "28th": an ordinal day. */
	if (n <= 2 && ordinal_suffix(*p))
		*p += 2;
	if (n <= 2 && !f->has_day) {
		f->day = v;
		f->has_day = true;
	} else if (!f->has_year) {
		/* RFC 2822: two-digit years 00-49 are 2000s, 50-99 1900s. */
		f->year = n == 4 ? v : v < 50 ? 2000 + v : 1900 + v;
		f->has_year = true;
	} else {
		return false;
	}
	return true;
}

static bool
parse_822(const char *s, struct fields *f)
{
	const char *p = s;
	bool seen_month = false;

	while (*p) {
		char c = *p;

		if (c == ' ' || c == ',' || c == '\t' || c == '.' ||
		    (c == '-' && !f->has_year && !f->has_time)) {
			p++;
		} else if (c == '+' || c == '-') {
			if (f->has_zone || !numeric_offset(&p, &f->offset))
				return false;
			f->has_zone = true;
		} else if (c == '(') {
			/* An RFC 822 comment, such as "(PST)", says nothing more. */
			while (*p && *p != ')')
				p++;
			if (*p)
				p++;
		} else if (c >= '0' && c <= '9') {
			if (!number_822(&p, f))
				return false;
		} else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
			if (!word_822(&p, f, &seen_month))
				return false;
		} else {
			return false;
		}
	}
	return seen_month && f->has_day && f->has_year;
}

bool
date_parse(const char *s, struct dl_time *out)
{
	struct fields f;
	char t[DATE_MAX + 1];
	size_t len;
	bool ok;

	memset(out, 0, sizeof *out);
	if (!s)
		return false;
	while (*s == ' ' || (*s >= '\t' && *s <= '\r'))
		s++;
	len = strnlen(s, DATE_MAX + 1);
	if (len > DATE_MAX)
		return false;
	while (len > 0 && (s[len - 1] == ' ' ||
			   (s[len - 1] >= '\t' && s[len - 1] <= '\r')))
		len--;
	memcpy(t, s, len);
	t[len] = '\0';
	for (char *c = t; *c; c++)
		if (*c >= '\t' && *c <= '\r')
			*c = ' ';
	memset(&f, 0, sizeof f);
	ok = parse_iso(t, &f);
	if (!ok) {
		memset(&f, 0, sizeof f);
		ok = parse_822(t, &f);
	}
	if (!ok || !fields_to_time(&f, out)) {
		memset(out, 0, sizeof *out);
		return false;
	}
	return true;
}

/* ---- local days ---- */

/* The instant of a local wall-clock time; mktime knows the zone rules,
 * our arithmetic takes over where time_t or libc give up. */
static int64_t
local_instant(int year, int month, int day, int hour, int min, int sec)
{
	struct tm tm;
	time_t t;

	memset(&tm, 0, sizeof tm);
	tm.tm_year = year - 1900;
	tm.tm_mon = month - 1;
	tm.tm_mday = day;
	tm.tm_hour = hour;
	tm.tm_min = min;
	tm.tm_sec = sec;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	if (t == (time_t)-1 && !(tm.tm_year == 69 && tm.tm_mon == 11))
		return date_from_civil(year, month, day) * 86400 +
		       hour * 3600 + min * 60 + sec;
	return (int64_t)t;
}

int64_t
date_local_day(int64_t t)
{
	struct tm tm;
	time_t tt = (time_t)t;
	int64_t day;

	if (!localtime_r(&tt, &tm))
		return floor_div(t, 86400) * 86400;
	day = local_instant(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
			    0, 0, 0);
	/* A day whose midnight was skipped by a clock change. */
	if (day > t)
		day = t - (tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec);
	return day;
}

int64_t
date_local_day_of_utc(int64_t t)
{
	int y, m, d;

	date_to_civil(t / 86400 - (t % 86400 < 0), &y, &m, &d);
	/* from noon, which no clock change skips */
	return date_local_day(local_instant(y, m, d, 12, 0, 0));
}

/* "YYYY-MM-DD" alone. */
static bool
plain_day(const char *s, int *y, int *m, int *d)
{
	const char *p = s;

	if (!digits(&p, 4, y) || *p++ != '-' || !digits(&p, 2, m) ||
	    *p++ != '-' || !digits(&p, 2, d) || *p)
		return false;
	return *m >= 1 && *m <= 12 && *d >= 1 && *d <= days_in_month(*y, *m);
}

bool
date_parse_arg(const char *s, bool end_of_day, int64_t *out)
{
	struct fields f;
	struct dl_time dt;
	int y, m, d;

	if (!s)
		return false;
	if (plain_day(s, &y, &m, &d)) {
		if (!end_of_day) {
			*out = local_instant(y, m, d, 0, 0, 0);
		} else {
			int64_t next = date_from_civil(y, m, d) + 1;
			date_to_civil(next, &y, &m, &d);
			*out = local_instant(y, m, d, 0, 0, 0) - 1;
		}
		return true;
	}
	memset(&f, 0, sizeof f);
	if (strnlen(s, DATE_MAX + 1) > DATE_MAX || !parse_iso(s, &f) ||
	    !f.has_time || !fields_to_time(&f, &dt))
		return false;
	/* Without a zone the time is the reader's own. */
	*out = f.has_zone ? dt.utc : local_instant(f.year, f.month, f.day,
						     f.hour, f.min, f.sec);
	return true;
}
