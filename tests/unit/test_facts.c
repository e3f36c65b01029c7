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
	uint32_t ids[8];
	size_t n = actors_match(a, text, sizeof text - 1, ids, 8, true);

	assert_int_equal(n, 3);
	memset(f, 0, sizeof *f);
	f->start = 1766880000;
	facts_set_end(f, 1766966400);
	f->precision = PREC_RANGE;
	f->flags = EVENT_TEXT_DATE | EVENT_SCHEDULED;
	f->group = 0x1234567890abcdefULL;
	f->thash = 0xfedcba0987654321ULL;
	f->actors = xreallocarray(NULL, n, sizeof *ids);
	memcpy(f->actors, ids, n * sizeof *ids);
	f->nactors = (uint16_t)n;
	f->event = 7;
}

static void
release(struct story_facts *f)
{
	free(f->actors);
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
	assert_int_equal(facts_end(&g), facts_end(&f));
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

/* The encoding of an archive written before the text's other dates were
 * read again when shown: ndates dates of 27 bytes each before the title's
 * hash, where an encoding now has a count of 0. */
static void
old_encoding(const struct buf *now, size_t ndates, struct buf *old)
{
	buf_add(old, now->data, now->len - 9);
	buf_addc(old, (char)ndates);
	for (size_t i = 0; i < ndates * 27; i++)
		buf_addc(old, (char)(i * 7));
	buf_add(old, now->data + now->len - 8, 8);
}

/* Such an archive's facts are read as before, their dates skipped; more
 * than extraction ever kept, or cut short, and they are refused. */
static void
test_old_dates(void **state)
{
	struct actors *a = dictionary();
	struct story_facts f, g;
	struct buf now = BUF_INIT, old = BUF_INIT;

	(void)state;
	sample(a, &f);
	facts_encode(&f, a, 1, &now);
	assert_int_equal(now.data[now.len - 9], 0);
	old_encoding(&now, TEMPORAL_MAX_DATES, &old);
	assert_true(facts_decode(old.data, old.len, 1, a, &g));
	assert_true(g.thash == f.thash && g.group == f.group);
	assert_true(g.start == f.start && facts_end(&g) == facts_end(&f));
	assert_int_equal(g.nactors, 3);
	release(&g);
	for (size_t n = now.len; n < old.len; n++)
		assert_false(facts_decode(old.data, n, 1, a, &g));
	old.len = 0;
	old_encoding(&now, TEMPORAL_MAX_DATES + 1, &old);
	assert_false(facts_decode(old.data, old.len, 1, a, &g));
	release(&f);
	buf_free(&now);
	buf_free(&old);
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

/* A range's end far from its start (stored facts are read back
 * untrusted) is cut, with no overflow on the way. */
static void
test_far_end(void **state)
{
	struct story_facts f = { 0 };

	(void)state;
	f.start = INT64_MIN + 1;
	facts_set_end(&f, 1);
	assert_int_equal(f.span, INT32_MAX);
	f.start = INT64_MAX;
	facts_set_end(&f, INT64_MIN + 2);
	assert_int_equal(f.span, -INT32_MAX);
	f.start = 1000;
	facts_set_end(&f, 1000 + 86400);
	assert_int_equal(facts_end(&f), 1000 + 86400);
	facts_set_end(&f, NO_TIME);
	assert_int_equal(facts_end(&f), NO_TIME);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_far_end),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_old_dates),
		cmocka_unit_test(test_key),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
