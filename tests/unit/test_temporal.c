/* Event times from words: the labelled cases of tests/data/temporal and the
 * details (offsets, every date of the text, hostile input). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dateline/model.h"
#include "dateline/temporal.h"

#define CASES "tests/data/temporal/cases.tsv"

/* Own calendar arithmetic: the test must not lean on the code under test. */
static int64_t
civil_days(int y, int m, int d)
{
	static const int before[] = { 0, 31, 59, 90, 120, 151, 181, 212, 243,
				      273, 304, 334 };
	int64_t days = 0;

	for (int yy = 1970; yy < y; yy++)
		days += (yy % 4 == 0 && yy % 100 != 0) || yy % 400 == 0 ? 366 :
			365;
	days += before[m - 1] + d - 1;
	if (m > 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		days++;
	return days;
}

/* "2025-12-28" as 00:00Z of that day; "-" as NO_TIME. */
static int64_t
day(const char *s)
{
	int y, m, d;

	if (!strcmp(s, "-"))
		return NO_TIME;
	assert_int_equal(sscanf(s, "%d-%d-%d", &y, &m, &d), 3);
	return civil_days(y, m, d) * 86400;
}

/* "2025-12-30T09:15:00+03:00" (local time and offset); "-" unknown. */
static struct dl_time
pub(const char *s)
{
	struct dl_time t = { 0 };
	int y, mo, d, h, mi, se, oh, om;
	char sign;

	if (!strcmp(s, "-"))
		return t;
	assert_int_equal(sscanf(s, "%d-%d-%dT%d:%d:%d%c%d:%d", &y, &mo, &d,
				&h, &mi, &se, &sign, &oh, &om), 9);
	t.offset = (sign == '-' ? -1 : 1) * (oh * 3600 + om * 60);
	t.utc = civil_days(y, mo, d) * 86400 + h * 3600 + mi * 60 + se -
		t.offset;
	t.has_zone = t.known = true;
	return t;
}

/* "\n" in the data file stands for a newline. */
static char *
unescape(const char *s)
{
	char *out = malloc(strlen(s) + 1), *o = out;

	assert_non_null(out);
	for (; *s; s++) {
		if (s[0] == '\\' && s[1] == 'n') {
			*o++ = '\n';
			s++;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
	return out;
}

static char *
field(char **line)
{
	char *f = *line, *tab = strchr(f, '\t');

	if (tab) {
		*tab = '\0';
		*line = tab + 1;
	} else {
		f[strcspn(f, "\n")] = '\0';
		*line = f + strlen(f);
	}
	return f;
}

static void
fmt(int64_t t, char *out, size_t n)
{
	if (t == NO_TIME) {
		snprintf(out, n, "-");
		return;
	}
	for (int y = 1970; y < 2200; y++)
		for (int m = 1; m <= 12; m++)
			for (int d = 1; d <= 31; d++)
				if (civil_days(y, m, d) * 86400 == t) {
					snprintf(out, n, "%04d-%02d-%02d", y, m,
						 d);
					return;
				}
	snprintf(out, n, "%lld", (long long)t);
}

/* One case: does the event come out as expected? */
static bool
check_case(int lineno, char *line)
{
	char *p = field(&line), *title = field(&line), *text = field(&line);
	char *start = field(&line), *end = field(&line), *flags = field(&line);
	struct dl_time t = pub(p);
	struct temporal_result r, ev;
	char *tx = unescape(text), got_s[32], got_e[32];
	int64_t es = day(start), ee = day(end);
	int prec = es == NO_TIME ? PREC_UNKNOWN : ee == NO_TIME ? PREC_DAY :
		   PREC_RANGE;
	bool sched = !strcmp(flags, "s"), ok;

	temporal_extract(strcmp(title, "-") ? title : NULL,
			 strcmp(tx, "-") ? tx : NULL, &t, &r);
	ok = r.event.start == es && r.event.end == ee &&
	     r.event.precision == prec && (bool)r.event.scheduled == sched;
	/* the event alone (as the timeline asks, the dates not wanted) is
	 * the same event, and no date besides */
	temporal_event(strcmp(title, "-") ? title : NULL,
		       strcmp(tx, "-") ? tx : NULL, &t, &ev);
	if (ev.event.start != r.event.start || ev.event.end != r.event.end ||
	    ev.event.precision != r.event.precision ||
	    ev.event.scheduled != r.event.scheduled ||
	    ev.event.offset != r.event.offset ||
	    ev.event.length != r.event.length || ev.ndates) {
		fprintf(stderr, "%s:%d: temporal_event differs from "
			"temporal_extract\n", CASES, lineno);
		ok = false;
	}
	if (!ok) {
		fmt(r.event.start, got_s, sizeof got_s);
		fmt(r.event.end, got_e, sizeof got_e);
		fprintf(stderr, "%s:%d: [%s | %s] expected %s %s %s, got %s %s "
			"%s (precision %d)\n", CASES, lineno, title, tx, start,
			end, flags, got_s, got_e, r.event.scheduled ? "s" : "-",
			r.event.precision);
	}
	free(tx);
	return ok;
}

static void
test_cases(void **state)
{
	FILE *f = fopen(CASES, "r");
	char line[2048];
	int lineno = 0, n = 0, failed = 0;

	(void)state;
	assert_non_null(f);
	while (fgets(line, sizeof line, f)) {
		lineno++;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		n++;
		if (!check_case(lineno, line))
			failed++;
	}
	fclose(f);
	assert_true(n >= 80);
	assert_int_equal(failed, 0);
}

static void
test_offsets_and_all_dates(void **state)
{
	struct dl_time t = pub("2025-12-30T09:15:00+03:00");
	const char *text = "Russia said on Monday that drones attacked on "
			   "Dec. 28-29.\nTalks are set for January 5. An "
			   "earlier raid came on 20 December.";
	struct temporal_result r;

	(void)state;
	temporal_extract("Kremlin claims attack", text, &t, &r);
	assert_int_equal(r.event.start, day("2025-12-28"));
	assert_int_equal(r.event.end, day("2025-12-29"));
	assert_false(r.event.in_title);
	assert_memory_equal(text + r.event.offset, "Dec. 28-29", 10);
	assert_int_equal(r.event.length, 10);
	assert_int_equal(r.ndates, 4);
	assert_int_equal(r.dates[0].start, day("2025-12-29"));
	assert_memory_equal(text + r.dates[0].offset, "Monday",
			    r.dates[0].length);
	assert_int_equal(r.dates[1].precision, PREC_RANGE);
	assert_int_equal(r.dates[2].start, day("2026-01-05"));
	assert_true(r.dates[2].scheduled);
	assert_memory_equal(text + r.dates[2].offset, "January 5", 9);
	assert_int_equal(r.dates[3].start, day("2025-12-20"));
	assert_int_equal(r.dates[3].end, NO_TIME);
	assert_false(r.dates[3].scheduled);
}

static void
test_title_offset(void **state)
{
	struct dl_time t = pub("2025-12-30T09:15:00+03:00");
	const char *title = "Kyiv says drones hit nothing on Dec 28";
	struct temporal_result r;

	(void)state;
	temporal_extract(title, "The army denied it. Strikes on 27 December.",
			 &t, &r);
	assert_true(r.event.in_title);
	assert_int_equal(r.event.start, day("2025-12-28"));
	assert_string_equal(title + r.event.offset, "Dec 28");
	/* dates[] holds the text's dates only. */
	assert_int_equal(r.ndates, 1);
	assert_int_equal(r.dates[0].start, day("2025-12-27"));
}

static void
test_dates_capped(void **state)
{
	struct dl_time t = pub("2025-12-30T09:15:00+03:00");
	char text[1024] = "";
	struct temporal_result r;

	(void)state;
	for (int d = 1; d <= 20; d++) {
		char one[64];

		snprintf(one, sizeof one, "A raid on December %d. ", d);
		strcat(text, one);
	}
	temporal_extract(NULL, text, &t, &r);
	assert_int_equal(r.ndates, TEMPORAL_MAX_DATES);
	for (size_t i = 0; i < r.ndates; i++)
		assert_int_equal(r.dates[i].start,
				 day("2025-12-01") + (int64_t)i * 86400);
	assert_int_equal(r.event.start, day("2025-12-01"));
}

/* Every weekday from every publication weekday, in all four readings:
 * the right weekday, in the right week. */
static void
test_weekday_rules(void **state)
{
	static const char *const names[] = { "Sunday", "Monday", "Tuesday",
		"Wednesday", "Thursday", "Friday", "Saturday" };
	static const struct {
		const char *lead;
		int lo, hi;		/* days from publication */
		bool scheduled;
	} forms[] = {
		{ "Officials met on ", -6, 0, false },
		{ "Officials will meet on ", 0, 6, true },
		{ "Officials met last ", -7, -1, false },
		{ "Officials meet next ", 1, 7, true },
	};
	struct temporal_result r;
	char text[80];

	(void)state;
	/* 2025-12-28 was a Sunday: publications on Sunday 28 .. Saturday 3. */
	for (int p = 0; p < 7; p++) {
		struct dl_time t = pub("2025-12-28T12:00:00+00:00");
		int64_t pubday = day("2025-12-28") / 86400 + p;

		t.utc += p * 86400;
		for (int w = 0; w < 7; w++) {
			for (size_t f = 0; f < 4; f++) {
				int64_t got, diff;

				snprintf(text, sizeof text, "%s%s.",
					 forms[f].lead, names[w]);
				temporal_extract(NULL, text, &t, &r);
				assert_int_equal(r.event.precision, PREC_DAY);
				got = r.event.start / 86400;
				diff = got - pubday;
				/* 1970-01-01 was a Thursday (4). */
				assert_int_equal((got + 4) % 7, w);
				assert_true(diff >= forms[f].lo &&
					    diff <= forms[f].hi);
				assert_int_equal(r.event.scheduled,
						 forms[f].scheduled &&
						 (diff > 0 || f == 1));
			}
		}
	}
}

static void
test_empty_and_hostile(void **state)
{
	struct dl_time t = pub("2025-12-30T09:15:00+03:00");
	struct dl_time wild = { INT64_MAX, INT32_MIN, true, true };
	struct temporal_result r;
	char big[70000];

	(void)state;
	temporal_extract(NULL, NULL, &t, &r);
	assert_int_equal(r.event.precision, PREC_UNKNOWN);
	assert_int_equal(r.event.start, NO_TIME);
	assert_int_equal(r.ndates, 0);
	temporal_extract("", "", NULL, &r);
	assert_int_equal(r.ndates, 0);
	/* Absurd publication times do not resolve relative words. */
	temporal_extract("Strike on Monday", NULL, &wild, &r);
	assert_int_equal(r.event.precision, PREC_UNKNOWN);
	/* A long text with no sentence end: the event is looked for only in
	 * its beginning, dates are still collected. */
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	memcpy(big + 60000, " on Monday ", 11);
	temporal_extract(NULL, big, &t, &r);
	assert_int_equal(r.event.precision, PREC_UNKNOWN);
	assert_int_equal(r.ndates, 1);
	/* Cut-off expressions at the very end. */
	temporal_extract("Dec", "overnight on", &t, &r);
	assert_int_equal(r.ndates, 0);
	temporal_extract("December 28 -", "2025-12-", &t, &r);
	assert_int_equal(r.event.start, day("2025-12-28"));
	assert_int_equal(r.ndates, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_offsets_and_all_dates),
		cmocka_unit_test(test_title_offset),
		cmocka_unit_test(test_dates_capped),
		cmocka_unit_test(test_weekday_rules),
		cmocka_unit_test(test_empty_and_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
