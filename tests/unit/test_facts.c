/* Facts to bytes and back: every field kept, discovered actors by name,
 * another key or damaged bytes refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dateline/actors.h"
#include "dateline/facts.h"
#include "dateline/timeline.h"
#include "dateline/util.h"

static const char dict[] =
	"Vladimir Putin\tperson\tRU\tPresident\tPutin\n"
	"Volodymyr Zelensky\tperson\tUA\tPresident\tZelensky\n";

static struct actors *
dictionary(void)
{
	struct actors *a = actors_new();
	char err[128];

	assert_int_equal(actors_load_mem(a, dict, sizeof dict - 1, "t", err,
					 sizeof err), 0);
	return a;
}

/* A story's facts with two dictionary actors and a discovered one. */
static void
sample(struct actors *a, struct story_facts *f)
{
	const char text[] = "Colonel-General Mikhail Teplinsky met Putin "
			    "and Zelensky";
	static struct temporal_date d[2] = {
		{ 1766880000, NO_TIME, PREC_DAY, 0, 1, 12, 7 },
		{ 1766880000, 1766966400, PREC_RANGE, 1, 0, 40, 14 },
	};
	uint32_t ids[8];
	size_t n = actors_match(a, text, sizeof text - 1, ids, 8, true);

	assert_int_equal(n, 3);
	memset(f, 0, sizeof *f);
	f->start = 1766880000;
	f->end = 1766966400;
	f->precision = PREC_RANGE;
	f->flags = EVENT_TEXT_DATE | EVENT_SCHEDULED;
	f->group = 0x1234567890abcdefULL;
	f->thash = 0xfedcba0987654321ULL;
	f->actors = xreallocarray(NULL, n, sizeof *ids);
	memcpy(f->actors, ids, n * sizeof *ids);
	f->nactors = (uint16_t)n;
	f->dates = xreallocarray(NULL, 2, sizeof *f->dates);
	memcpy(f->dates, d, sizeof d);
	f->ndates = 2;
	f->event = 7;
}

static void
release(struct story_facts *f)
{
	free(f->actors);
	free(f->dates);
	free(f->words);
}

static const char *
actor_name(struct actors *a, uint32_t id)
{
	const struct actor *ac = actors_get(a, id);

	return ac ? ac->name : "";
}

static void
test_round_trip(void **state)
{
	struct actors *a = dictionary(), *b = dictionary();
	struct story_facts f, g;
	struct buf bytes = BUF_INIT;
	const struct actor *ac;

	(void)state;
	sample(a, &f);
	facts_encode(&f, a, 42, &bytes);
	/* the archive asks for facts of a key by the bytes they start with */
	{
		unsigned char p42[FACTS_PREFIX], p43[FACTS_PREFIX];

		facts_prefix(42, p42);
		facts_prefix(43, p43);
		assert_true(bytes.len > FACTS_PREFIX);
		assert_memory_equal(bytes.data, p42, FACTS_PREFIX);
		assert_memory_not_equal(bytes.data, p43, FACTS_PREFIX);
	}
	/* b has never seen the discovered name: it joins b as discovered */
	assert_true(facts_decode(bytes.data, bytes.len, 42, b, &g));
	assert_int_equal(g.start, f.start);
	assert_int_equal(g.end, f.end);
	assert_int_equal(g.precision, PREC_RANGE);
	assert_int_equal(g.flags, f.flags);
	assert_true(g.group == f.group);
	assert_true(g.thash == f.thash);
	assert_int_equal(g.event, EVENT_NONE);
	assert_int_equal(g.nactors, 3);
	assert_string_equal(actor_name(b, g.actors[0]), "Vladimir Putin");
	assert_string_equal(actor_name(b, g.actors[1]), "Volodymyr Zelensky");
	ac = actors_get(b, g.actors[2]);
	assert_non_null(ac);
	assert_string_equal(ac->name, "Mikhail Teplinsky");
	assert_true(ac->discovered);
	assert_string_equal(ac->role, "Colonel-General");
	assert_int_equal(g.ndates, 2);
	for (size_t i = 0; i < 2; i++) {
		assert_true(g.dates[i].start == f.dates[i].start);
		assert_true(g.dates[i].end == f.dates[i].end);
		assert_int_equal(g.dates[i].precision, f.dates[i].precision);
		assert_int_equal(g.dates[i].scheduled, f.dates[i].scheduled);
		assert_int_equal(g.dates[i].in_title, f.dates[i].in_title);
		assert_int_equal(g.dates[i].offset, f.dates[i].offset);
		assert_int_equal(g.dates[i].length, f.dates[i].length);
	}
	release(&g);
	/* decoding twice finds the discovered actor again, not a copy */
	assert_true(facts_decode(bytes.data, bytes.len, 42, b, &g));
	assert_int_equal(actors_count(b), 3);
	release(&g);
	release(&f);
	buf_free(&bytes);
	actors_free(a);
	actors_free(b);
}

static void
test_refused(void **state)
{
	struct actors *a = dictionary();
	struct story_facts f, g;
	struct buf bytes = BUF_INIT;

	(void)state;
	sample(a, &f);
	facts_encode(&f, a, 42, &bytes);
	memset(&g, 0x5a, sizeof g);
	assert_false(facts_decode(bytes.data, bytes.len, 43, a, &g));
	/* every truncation, and one byte too many */
	for (size_t n = 0; n < bytes.len; n++)
		assert_false(facts_decode(bytes.data, n, 42, a, &g));
	buf_addc(&bytes, 0);
	assert_false(facts_decode(bytes.data, bytes.len, 42, a, &g));
	bytes.len--;
	/* an impossible precision */
	bytes.data[1 + 8 + 8 + 16] = 9;
	assert_false(facts_decode(bytes.data, bytes.len, 42, a, &g));
	release(&f);
	buf_free(&bytes);
	actors_free(a);
}

/* As many dates as extraction keeps, and no actor at all. */
static void
test_most_dates(void **state)
{
	struct actors *a = dictionary();
	struct story_facts f = { 0 }, g;
	struct buf bytes = BUF_INIT;

	(void)state;
	f.start = f.end = NO_TIME;
	f.ndates = TEMPORAL_MAX_DATES;
	f.dates = xcalloc(f.ndates, sizeof *f.dates);
	for (size_t i = 0; i < f.ndates; i++) {
		f.dates[i].start = 1766880000 + (int64_t)i * 86400;
		f.dates[i].end = NO_TIME;
		f.dates[i].precision = PREC_DAY;
	}
	facts_encode(&f, a, 1, &bytes);
	assert_true(facts_decode(bytes.data, bytes.len, 1, a, &g));
	assert_int_equal(g.ndates, TEMPORAL_MAX_DATES);
	assert_true(g.dates[7].start == 1766880000 + 7 * 86400);
	assert_true(g.start == NO_TIME && g.end == NO_TIME);
	assert_int_equal(g.nactors, 0);
	assert_null(g.actors);
	release(&g);
	release(&f);
	buf_free(&bytes);
	actors_free(a);
}

/* The key follows the version and every dictionary byte. */
static void
test_key(void **state)
{
	const char *d1[] = { "a\tperson\n", "" };
	const char *d2[] = { "a\tperson\n", "b\tperson\n" };
	size_t l1[] = { 9, 0 }, l2[] = { 9, 9 };

	(void)state;
	assert_true(facts_key(d1, l1, 2) == facts_key(d1, l1, 2));
	assert_true(facts_key(d1, l1, 2) != facts_key(d2, l2, 2));
	assert_true(facts_key(d1, l1, 1) != facts_key(d1, l1, 2));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_most_dates),
		cmocka_unit_test(test_key),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
