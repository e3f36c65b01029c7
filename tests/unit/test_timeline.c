/* The timeline store: order, replacing in place, incremental adds, stable
 * ids, per-actor lists, feed names. */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dateline/actors.h"
#include "dateline/cluster.h"
#include "dateline/adder.h"
#include "dateline/buf.h"
#include "dateline/model.h"
#include "dateline/timeline.h"
#include "dateline/util.h"

#define T0 1766966400		/* 2025-12-29T00:00:00Z */

static uint32_t
add_text(struct timeline *tl, const char *feed, const char *id,
	 const char *title, const char *summary, int64_t t)
{
	struct story s = { 0 };

	s.feed = timeline_feed(tl, feed);
	s.id = xstrdup(id);
	s.title = xstrdup(title);
	s.summary = xstrdup(summary);
	if (t != NO_TIME) {
		s.published.utc = t;
		s.published.known = true;
	}
	return timeline_add(tl, &s);
}

static uint32_t
add(struct timeline *tl, const char *feed, const char *id, const char *title,
    int64_t t)
{
	return add_text(tl, feed, id, title, "", t);
}

/* Every story is in the event its facts name, and nowhere else. */
static void
check_mapping(const struct timeline *tl)
{
	size_t total = 0;

	for (size_t e = 0; e < tl->nevents; e++) {
		const struct event *ev = &tl->events[e];

		assert_true(ev->nstories > 0);
		for (size_t k = 0; k < ev->nstories; k++)
			assert_int_equal(tl->facts[ev->stories[k]].event, e);
		total += ev->nstories;
	}
	assert_int_equal(total, tl->nstories);
}

static void
check_order(const struct timeline *tl)
{
	for (size_t e = 1; e < tl->nevents; e++) {
		const struct event *a = &tl->events[e - 1], *b = &tl->events[e];

		if (b->start == NO_TIME)
			continue;
		assert_true(a->start != NO_TIME);
		assert_true(a->start < b->start ||
			    (a->start == b->start && a->reported <= b->reported));
	}
}

static void
test_order_and_unknown_last(void **state)
{
	struct timeline *tl = timeline_new(NULL);

	(void)state;
	add(tl, "w", "1", "Harbour cranes collapse during storm", T0 + 7200);
	add(tl, "w", "2", "Parliament passes budget bill late", NO_TIME);
	add(tl, "w", "3", "Orchestra announces winter season", T0);
	add(tl, "w", "4", "Glacier retreat measured by survey", T0 + 3600);
	timeline_finish(tl);
	assert_int_equal(tl->nevents, 4);
	assert_string_equal(timeline_event_title(tl, &tl->events[0]),
			    "Orchestra announces winter season");
	assert_string_equal(timeline_event_title(tl, &tl->events[1]),
			    "Glacier retreat measured by survey");
	assert_string_equal(timeline_event_title(tl, &tl->events[2]),
			    "Harbour cranes collapse during storm");
	assert_string_equal(timeline_event_title(tl, &tl->events[3]),
			    "Parliament passes budget bill late");
	assert_int_equal(tl->events[3].start, NO_TIME);
	assert_int_equal(tl->events[3].precision, PREC_UNKNOWN);
	assert_int_equal(tl->events[0].precision, PREC_MINUTE);
	assert_int_equal(tl->events[0].reported, T0);
	check_mapping(tl);
	check_order(tl);
	/* seeking */
	assert_int_equal(timeline_seek(tl, T0 - 1), 0);
	assert_int_equal(timeline_seek(tl, T0 + 1), 1);
	assert_int_equal(timeline_seek(tl, T0 + 3600), 1);
	assert_int_equal(timeline_seek(tl, T0 + 86400), tl->nevents);
	/* the search text is the folded title and text */
	assert_non_null(tl->folded[0]);
	assert_non_null(strstr(tl->folded[0], "rchestra"));
	timeline_free(tl);
}

static void
test_replace_in_place(void **state)
{
	struct timeline *tl = timeline_new(NULL);
	uint32_t a, b, c;

	(void)state;
	a = add(tl, "w", "x", "Ferry service suspended in gale", T0);
	add(tl, "w", "y", "Museum reopens after renovation", T0 + 60);
	timeline_finish(tl);
	/* the same feed and id: the story is replaced, not doubled */
	b = add(tl, "w", "x", "Ferry service resumes after gale", T0 + 600);
	assert_int_equal(a, b);
	/* the same id in another feed is another story */
	c = add(tl, "v", "x", "Bakery wins regional prize", T0 + 900);
	assert_int_not_equal(a, c);
	/* and an unchanged story changes nothing */
	assert_int_equal(add(tl, "w", "x", "Ferry service resumes after gale",
			     T0 + 600), a);
	timeline_finish(tl);
	assert_int_equal(tl->nstories, 3);
	assert_int_equal(tl->nevents, 3);
	assert_string_equal(tl->stories[a].title,
			    "Ferry service resumes after gale");
	assert_string_equal(timeline_event_title(tl,
			    &tl->events[tl->facts[a].event]),
			    "Ferry service resumes after gale");
	assert_int_equal(tl->events[tl->facts[a].event].reported, T0 + 600);
	check_mapping(tl);
	check_order(tl);
	timeline_free(tl);
}

/* Twenty headlines that share no word. */
static const char *const distinct[] = {
	"Apple harvest", "Bridge inspection", "Chess olympiad", "Dam repairs",
	"Eclipse watchers", "Forest fire", "Grain prices", "Harbour strike",
	"Ice hockey final", "Jazz festival", "Kite regatta", "Lottery draw",
	"Marathon route", "Nurses ballot", "Opera premiere", "Pension reform",
	"Quarry blast", "Rail timetable", "Satellite launch", "Tram derailment",
};

static void
test_incremental_after_finish(void **state)
{
	struct timeline *tl = timeline_new(NULL);
	char id[16];

	(void)state;
	for (int i = 0; i < 20; i += 2) {
		snprintf(id, sizeof id, "%d", i);
		add(tl, "w", id, distinct[i], T0 + i * 3600);
	}
	timeline_finish(tl);
	assert_int_equal(tl->nevents, 10);
	/* a refresh brings the odd hours: they slot in between */
	for (int i = 1; i < 20; i += 2) {
		snprintf(id, sizeof id, "%d", i);
		add(tl, "w", id, distinct[i], T0 + i * 3600);
	}
	timeline_finish(tl);
	assert_int_equal(tl->nevents, 20);
	check_mapping(tl);
	check_order(tl);
	for (size_t e = 0; e < tl->nevents; e++) {
		assert_int_equal(tl->events[e].start, T0 + (int64_t)e * 3600);
		assert_non_null(tl->folded[e]);
	}
	/* a second finish with nothing new changes nothing */
	timeline_finish(tl);
	assert_int_equal(tl->nevents, 20);
	timeline_free(tl);
}

static void
test_sources_and_merging(void **state)
{
	struct timeline *tl = timeline_new(NULL);
	struct event *ev;
	uint32_t a, b;

	(void)state;
	/* the later report arrives first: the event still takes the title
	 * and report time of the earliest */
	b = add(tl, "wire-b", "b1",
		"Volcano erupts on remote island, flights cancelled", T0 + 5400);
	a = add(tl, "wire-a", "a1",
		"Remote island volcano erupts; flights cancelled", T0);
	timeline_finish(tl);
	assert_int_equal(tl->nevents, 1);
	ev = &tl->events[0];
	assert_int_equal(ev->nstories, 2);
	assert_int_equal(ev->stories[0], a);
	assert_int_equal(ev->stories[1], b);
	assert_int_equal(ev->reported, T0);
	assert_int_equal(ev->start, T0);
	assert_string_equal(timeline_event_title(tl, ev),
			    "Remote island volcano erupts; flights cancelled");
	assert_non_null(strstr(tl->folded[0], "emote island"));
	timeline_free(tl);
}

/* A wire does not write one happening up twice a day apart, and a title
 * that tells a repeat is a new happening: alike as the stories are, they
 * stay apart; a follow-up the same morning joins. */
static void
test_apart_by_feed_and_repeat(void **state)
{
	struct timeline *tl = timeline_new(NULL);
	uint32_t a1, b1, a3, a2, c1, e1;

	(void)state;
	a1 = add(tl, "wire-a", "a1",
		 "Russian drones strike Kharkiv overnight, killing two residents",
		 T0 + 4 * 3600);
	b1 = add(tl, "wire-b", "b1",
		 "Drones strike Kharkiv overnight, killing two residents",
		 T0 + 6 * 3600);
	a3 = add(tl, "wire-a", "a3",
		 "Russian drones strike Kharkiv overnight, killing two "
		 "residents, governor says", T0 + 8 * 3600);
	a2 = add(tl, "wire-a", "a2",
		 "Russian drones strike Kharkiv overnight, two residents killed",
		 T0 + 28 * 3600);
	c1 = add(tl, "wire-c", "c1",
		 "Russian drones strike Kharkiv in another overnight attack, "
		 "killing two residents", T0 + 29 * 3600);
	timeline_finish(tl);
	check_mapping(tl);
	e1 = tl->facts[a1].event;
	assert_int_equal(tl->facts[b1].event, e1);
	assert_int_equal(tl->facts[a3].event, e1);
	assert_int_not_equal(tl->facts[a2].event, e1);
	assert_int_not_equal(tl->facts[c1].event, e1);
	timeline_free(tl);
	/* the repeat alone, with no story of its feed before */
	tl = timeline_new(NULL);
	a1 = add(tl, "wire-a", "a1",
		 "Russian drones strike Kharkiv overnight, killing two residents",
		 T0 + 4 * 3600);
	c1 = add(tl, "wire-c", "c1",
		 "Russian drones strike Kharkiv in another overnight attack, "
		 "killing two residents", T0 + 22 * 3600);
	timeline_finish(tl);
	assert_int_not_equal(tl->facts[c1].event, tl->facts[a1].event);
	timeline_free(tl);
}

/* Two titles from one template with other names are two happenings; the
 * one before "says" is who tells it, not another name. */
static void
test_template_titles(void **state)
{
	struct timeline *tl = timeline_new(NULL);
	uint32_t a, b, c, d;

	(void)state;
	a = add_text(tl, "wire-a", "a",
		     "Russian drones hit Odesa port overnight, two injured",
		     "Russian drones struck port infrastructure in Odesa "
		     "overnight, injuring two workers, the governor said.",
		     T0 + 5 * 3600);
	b = add_text(tl, "wire-b", "b",
		     "Russian drones hit Izmail port overnight, one injured",
		     "Russian drones struck port infrastructure in Izmail "
		     "overnight, injuring one worker, the governor said.",
		     T0 + 6 * 3600);
	c = add_text(tl, "wire-a", "c",
		     "Russian missiles hit Kharkiv apartment block, four "
		     "killed, Zelensky says",
		     "A Russian missile strike on an apartment block in "
		     "Kharkiv killed four people, President Zelensky said.",
		     T0 + 30 * 3600);
	d = add_text(tl, "wire-b", "d",
		     "Russian missiles hit Kharkiv apartment block, four "
		     "killed, Syniehubov says",
		     "Four people were killed when Russian missiles struck an "
		     "apartment block in Kharkiv, governor Syniehubov said.",
		     T0 + 31 * 3600);
	timeline_finish(tl);
	assert_int_not_equal(tl->facts[a].event, tl->facts[b].event);
	assert_int_equal(tl->facts[c].event, tl->facts[d].event);
	timeline_free(tl);
}

/* An announced happening stays announced until a source filed on its day
 * tells it as done. */
static void
test_announced_until_told(void **state)
{
	struct timeline *tl = timeline_new(NULL);

	(void)state;
	add(tl, "wire-a", "a1",
	    "Leaders will meet in Rome on Friday for ceasefire talks",
	    T0 + 9 * 3600);
	timeline_finish(tl);
	assert_int_equal(tl->nevents, 1);
	assert_true(tl->events[0].flags & EVENT_SCHEDULED);
	assert_true(tl->events[0].start == T0 + 4 * 86400);
	/* a reminder filed the day before changes nothing */
	add(tl, "wire-c", "c1",
	    "Leaders will meet in Rome on Friday for ceasefire talks",
	    T0 + 3 * 86400);
	timeline_finish(tl);
	assert_int_equal(tl->nevents, 1);
	assert_true(tl->events[0].flags & EVENT_SCHEDULED);
	add(tl, "wire-b", "b1", "Leaders meet in Rome for ceasefire talks",
	    T0 + 4 * 86400 + 12 * 3600);
	timeline_finish(tl);
	assert_int_equal(tl->nevents, 1);
	assert_int_equal(tl->events[0].nstories, 3);
	assert_false(tl->events[0].flags & EVENT_SCHEDULED);
	assert_true(tl->events[0].start == T0 + 4 * 86400);
	timeline_free(tl);
}

static void
build(struct timeline *tl, bool reverse)
{
	static const char *const titles[] = {
		"Ferry service suspended in gale",
		"Museum reopens after renovation",
		"Bakery wins regional prize",
		"Glacier retreat measured by survey",
	};

	for (size_t k = 0; k < 4; k++) {
		size_t i = reverse ? 3 - k : k;
		char id[8];

		snprintf(id, sizeof id, "s%zu", i);
		add(tl, i % 2 ? "wire-a" : "wire-b", id, titles[i],
		    T0 + (int64_t)i * 600);
	}
	timeline_finish(tl);
}

static void
test_stable_ids(void **state)
{
	struct timeline *one = timeline_new(NULL), *two = timeline_new(NULL);

	(void)state;
	build(one, false);
	build(two, true);
	assert_int_equal(one->nevents, 4);
	assert_int_equal(two->nevents, 4);
	for (size_t e = 0; e < 4; e++) {
		assert_int_equal(one->events[e].id, two->events[e].id);
		for (size_t f = 0; f < e; f++)
			assert_true(one->events[e].id != one->events[f].id);
	}
	timeline_free(one);
	timeline_free(two);
}

static uint32_t *
ids(size_t n, ...)
{
	uint32_t *v = xmalloc(n * sizeof *v);
	va_list ap;

	va_start(ap, n);
	for (size_t i = 0; i < n; i++)
		v[i] = va_arg(ap, uint32_t);
	va_end(ap);
	return v;
}

static void
test_actor_lists(void **state)
{
	struct timeline *tl = timeline_new(NULL);
	const uint32_t *list;
	size_t n;

	(void)state;
	add(tl, "w", "1", "Ferry service suspended in gale", T0 + 7200);
	add(tl, "w", "2", "Museum reopens after renovation", T0);
	add(tl, "w", "3", "Bakery wins regional prize", T0 + 3600);
	timeline_finish(tl);
	/* the actors module is not ours: name the actors by hand */
	tl->events[0].actors = ids(2, 0u, 2u);
	tl->events[0].nactors = 2;
	tl->events[2].actors = ids(1, 2u);
	tl->events[2].nactors = 1;
	tl->dirty = true;
	timeline_finish(tl);
	list = timeline_actor_events(tl, 2, &n);
	assert_int_equal(n, 2);
	assert_int_equal(list[0], 0);
	assert_int_equal(list[1], 2);
	list = timeline_actor_events(tl, 0, &n);
	assert_int_equal(n, 1);
	assert_int_equal(list[0], 0);
	timeline_actor_events(tl, 1, &n);
	assert_int_equal(n, 0);
	timeline_actor_events(tl, 99, &n);
	assert_int_equal(n, 0);
	timeline_free(tl);
}

/* A large timeline is sorted, moved and indexed by two threads: the same
 * order, every story told its event, each feed's list whole. */
static void
test_large_finish(void **state)
{
	enum { N = 70000 };
	struct timeline *tl = timeline_new(NULL);
	uint32_t x = 12345;
	char id[16], title[64];
	size_t n, total = 0;

	(void)state;
	for (unsigned i = 0; i < N; i++) {
		x = x * 1103515245u + 12345u;
		snprintf(id, sizeof id, "%u", i);
		for (int k = 0; k < 20; k++)	/* three words of letters */
			title[k] = k % 7 == 6 ? ' ' :
				(char)('a' + (i * 7 + k * 13 + (x >> k)) % 26);
		title[20] = '\0';
			/* in no order; pairs at one time, two days from the next
		 * pair (beyond any merging); one in a hundred undated */
		add(tl, i % 3 ? "north" : "south", id, title,
		    i % 100 == 7 ? NO_TIME :
		    T0 + (int64_t)((i * 40503u) % N / 2) * 2 * 86400);
	}
	timeline_finish(tl);
	assert_true(tl->nevents > 65536);
	check_mapping(tl);
	check_order(tl);
	for (size_t e = 1; e < tl->nevents; e++) {
		const struct event *a = &tl->events[e - 1],
			*b = &tl->events[e];

		if (a->start == b->start && a->reported == b->reported)
			assert_true(a->id <= b->id);
	}
	for (uint32_t f = 0; f < tl->nfeeds; f++) {
		const uint32_t *list = timeline_feed_events(tl, f, &n);

		for (size_t k = 1; k < n; k++)
			assert_true(list[k - 1] < list[k]);
		total += n;
	}
	assert_int_equal(total, tl->nevents);
	timeline_free(tl);
}

static int
cmp_ptr(const void *a, const void *b)
{
	uintptr_t x = *(const uintptr_t *)a, y = *(const uintptr_t *)b;

	return (x > y) - (x < y);
}

/* Restored from an archive, every event is made again when finishing, a
 * large timeline's by two threads: each event gets its own actors array,
 * holding its story's actors (the two threads once took blocks from one
 * pool at once: events shared arrays and held others' actors). */
static void
test_large_restore_actors(void **state)
{
	enum { N = 80000, ROUNDS = 3 };
	uintptr_t *arrays = xreallocarray(NULL, N, sizeof *arrays);
	char id[16];

	(void)state;
	for (int round = 0; round < ROUNDS; round++) {
		struct timeline *tl = timeline_new(NULL);
		uint32_t feed = timeline_feed(tl, "w");

		for (uint32_t i = 0; i < N; i++) {
			struct story s = { 0 };
			struct story_facts f = { 0 };

			snprintf(id, sizeof id, "%u", i);
			s.feed = feed;
			s.id = xstrdup(id);
			s.title = xstrdup(id);
			s.published.known = true;
			s.published.utc = T0 + (int64_t)i * 60;
			f.start = s.published.utc;
			facts_set_end(&f, NO_TIME);
			f.precision = PREC_MINUTE;
			f.group = (uint64_t)i * 2 + 1;	/* each its own event */
			f.nactors = (uint16_t)(1 + i % 5);
			f.actors = xreallocarray(NULL, f.nactors,
						 sizeof *f.actors);
			for (uint16_t k = 0; k < f.nactors; k++)
				f.actors[k] = i + k;
			timeline_restore(tl, &s, &f, true);
		}
		timeline_finish(tl);
		assert_int_equal(tl->nevents, N);
		for (size_t e = 0; e < N; e++) {
			const struct event *ev = &tl->events[e];
			const struct story_facts *f = &tl->facts[ev->stories[0]];

			assert_int_equal(ev->nactors, f->nactors);
			assert_memory_equal(ev->actors, f->actors,
					    f->nactors * sizeof *f->actors);
			arrays[e] = (uintptr_t)ev->actors;
		}
		qsort(arrays, N, sizeof *arrays, cmp_ptr);
		for (size_t e = 1; e < N; e++)
			assert_true(arrays[e] != arrays[e - 1]);
		timeline_free(tl);
	}
	free(arrays);
}

static void
test_feed_names(void **state)
{
	struct timeline *tl = timeline_new(NULL);
	uint32_t a = timeline_feed(tl, "https://a.example/rss");
	uint32_t b = timeline_feed(tl, "https://b.example/rss");
	uint32_t c = timeline_feed(tl, "/tmp/c.xml");

	(void)state;
	assert_int_equal(timeline_feed(tl, "https://a.example/rss"), a);
	assert_int_equal(tl->nfeeds, 3);
	tl->feeds[a].title = xstrdup("Kestrel Wire");
	tl->feeds[a].name = xstrdup("Kestrel");
	tl->feeds[b].title = xstrdup("Meridian News");
	assert_string_equal(timeline_feed_name(tl, a), "Kestrel");
	assert_string_equal(timeline_feed_name(tl, b), "Meridian News");
	assert_string_equal(timeline_feed_name(tl, c), "/tmp/c.xml");
	assert_string_equal(timeline_feed_name(tl, 42), "");
	timeline_free(tl);
}

/* The dates a story's text names are read from its text when asked for
 * (they are not kept): the same as extraction finds, none for a story
 * that names none or that is not there. */
static void
test_story_dates(void **state)
{
	struct timeline *tl = timeline_new(NULL);
	struct temporal_date d[TEMPORAL_MAX_DATES];
	struct story s = { 0 };
	struct temporal_result want;
	const char *text = "Troops pulled back on Sunday. Talks are set for "
			   "January 5, and a vote for 12 February.";
	uint32_t a, b;
	size_t n;

	(void)state;
	s.feed = timeline_feed(tl, "w");
	s.id = xstrdup("2");
	s.title = xstrdup("Ceasefire holds on the river");
	s.summary = xstrdup(text);
	s.published.utc = T0 + 9 * 3600;
	s.published.known = true;
	b = timeline_add(tl, &s);
	a = add(tl, "w", "1", "Museum reopens after renovation", T0);
	temporal_extract("Ceasefire holds on the river", text,
			 &tl->stories[b].published, &want);
	assert_int_equal(want.ndates, 3);
	n = timeline_story_dates(tl, b, d);
	assert_int_equal(n, 3);
	for (size_t i = 0; i < n; i++) {
		assert_true(d[i].start == want.dates[i].start);
		assert_true(d[i].end == want.dates[i].end);
		assert_int_equal(d[i].offset, want.dates[i].offset);
	}
	assert_true(d[0].start == T0 - 86400);		/* Sunday 28 */
	assert_true(d[1].start == T0 + 7 * 86400);	/* January 5 */
	assert_int_equal(d[1].scheduled, 1);
	assert_int_equal(timeline_story_dates(tl, a, d), 0);
	assert_int_equal(timeline_story_dates(tl, 99, d), 0);
	/* a long text: the dates of its first 64 KiB only */
	{
		struct buf long_text = BUF_INIT;
		struct story l = { 0 };
		uint32_t c;

		buf_printf(&long_text, "Talks are set for January 5.");
		while (long_text.len < 65536 - 100)
			buf_printf(&long_text, " Delegations kept talking.");
		buf_printf(&long_text, " A vote for 12 February.");
		while (long_text.len < 70000)
			buf_printf(&long_text, " Delegations kept talking.");
		buf_printf(&long_text, " Then 20 March.");
		l.feed = s.feed;
		l.id = xstrdup("3");
		l.title = xstrdup("Long report from the talks");
		l.summary = buf_steal(&long_text);
		l.published.utc = T0 + 9 * 3600;
		l.published.known = true;
		c = timeline_add(tl, &l);
		n = timeline_story_dates(tl, c, d);
		assert_int_equal(n, 2);
		assert_true(d[0].start == T0 + 7 * 86400);	/* January 5 */
		assert_true(d[1].start == T0 + 45 * 86400);	/* 12 February */
	}
	timeline_free(tl);
}

/* A story read back from the archive keeps its strings in one block: each
 * reads as before, the text can be replaced, an empty id is filled, and a
 * packed story replaced by a new version frees cleanly (ASan checks). */
static void
test_story_pack(void **state)
{
	const char *v[STORY_STRINGS] = {
		"id-1", "https://w.example/1", "Dam repairs begin", NULL,
		"Crews arrived at dawn.", "A. Writer", "news",
	};
	size_t len[STORY_STRINGS];
	struct story s = { 0 };
	struct timeline *tl = timeline_new(NULL);
	uint32_t a;

	(void)state;
	for (int i = 0; i < STORY_STRINGS; i++)
		len[i] = v[i] ? strlen(v[i]) : 0;
	len[4] = 5;		/* a part of a string: "Crews" */
	story_pack(&s, v, len);
	assert_true(s.packed);
	assert_string_equal(s.id, "id-1");
	assert_string_equal(s.title, "Dam repairs begin");
	assert_string_equal(s.summary, "");
	assert_string_equal(s.content, "Crews");
	assert_string_equal(s.categories, "news");
	story_set_text(&s, "The dam is old.", 15, NULL, 0);
	assert_true(s.packed);
	assert_string_equal(s.summary, "The dam is old.");
	assert_string_equal(s.content, "");
	assert_string_equal(s.link, "https://w.example/1");
	assert_string_equal(s.authors, "A. Writer");
	story_free(&s);
	assert_null(s.id);
	assert_false(s.packed);

	v[0] = "";
	len[0] = 0;
	story_pack(&s, v, len);
	story_normalise(&s);	/* takes its id from the link */
	assert_false(s.packed);
	assert_string_equal(s.id, "https://w.example/1");
	assert_string_equal(s.title, "Dam repairs begin");
	s.feed = timeline_feed(tl, "w");
	a = timeline_add(tl, &s);
	v[0] = "https://w.example/1";
	len[0] = strlen(v[0]);
	v[2] = "Dam repairs finished";
	len[2] = strlen(v[2]);
	story_pack(&s, v, len);
	s.feed = timeline_feed(tl, "w");
	assert_int_equal(timeline_add(tl, &s), a);
	timeline_finish(tl);
	assert_string_equal(tl->stories[a].title, "Dam repairs finished");
	timeline_free(tl);
}

/* ---- adding many at once ---- */

static const char *const many_names[][2] = {
	{ "Olek Varnavsky", "Minister" },
	{ "Ilse Marrow", "General" },
	{ "Tomas Quell", "Ambassador" },
	{ "Rina Sato Ovell", "Governor" },
	{ "Pavel Dorn", "Colonel-General" },
};

static const char *const many_topics[] = {
	"dam breach floods valley towns",
	"talks on grain corridor resume",
	"strike on power plant cuts supply",
	"election count delayed in north",
	"border crossing reopens for trucks",
	"missile debris falls near port",
	"ceasefire proposal rejected overnight",
	"prisoner exchange completed at border",
};

/* Story k of a set built to exercise adder_add_many: three wires
 * reporting the same topics at nearby times (merges), names introduced
 * after a title in one story and named bare in later ones (discovered
 * actors that must be found in the stories after), dictionary actors,
 * text dates, undated stories, and ids given twice (a replacement, and a
 * story sent again unchanged). */
static void
many_story(struct story *s, size_t k, uint32_t feed)
{
	char id[64], title[256], summary[512];
	size_t topic = (k / 3) % ARRAY_SIZE(many_topics);
	size_t who = (k / 7) % ARRAY_SIZE(many_names);
	const char *bare = many_names[(k / 11) % ARRAY_SIZE(many_names)][0];

	memset(s, 0, sizeof *s);
	s->feed = feed;
	/* every 97th story repeats an earlier id: changed every other time */
	if (k % 97 == 96)
		snprintf(id, sizeof id, "w%u-%zu", feed, k - 90);
	else
		snprintf(id, sizeof id, "w%u-%zu", feed, k);
	snprintf(title, sizeof title, "%s %s%s", k % 5 ? "Officials say" :
		 "Putin says", many_topics[topic],
		 k % 194 == 96 ? " (updated)" : "");
	if (k % 97 == 96 && k % 194 != 96)
		snprintf(title, sizeof title, "%s %s", (k - 90) % 5 ?
			 "Officials say" : "Putin says",
			 many_topics[((k - 90) / 3) % ARRAY_SIZE(many_topics)]);
	if (k % 13 == 0)
		snprintf(summary, sizeof summary,
			 "%s %s said on Monday that the %s, after Zelensky "
			 "spoke.", many_names[who][1], many_names[who][0],
			 many_topics[topic]);
	else
		snprintf(summary, sizeof summary,
			 "%s said the %s on December %zu; crews count %zu "
			 "homes.", bare, many_topics[topic], 1 + (k / 3) % 28,
			 100 + k % 50);
	s->id = xstrdup(id);
	s->title = xstrdup(title);
	s->summary = xstrdup(summary);
	s->link = xstrdup("");
	if (k % 17 != 5) {
		s->published.utc = T0 + (int64_t)(k / 24) * 3600 +
				   (int64_t)(k % 3) * 600;
		s->published.known = true;
	}
}

static struct timeline *
many_timeline(struct actors **out)
{
	const char dict[] =
	    "Vladimir Putin\tperson\tRU\tpresident\tPutin\n"
	    "Volodymyr Zelensky\tperson\tUA\tpresident\tZelensky\n";
	struct actors *a = actors_new();
	char err[128];

	assert_int_equal(actors_load_mem(a, dict, strlen(dict), "t", err,
					 sizeof err), 0);
	*out = a;
	return timeline_new(a);
}

/* Stories added at once (helpers reading ahead of the placing, far enough
 * to reuse their slots many times over) give the timeline adding them one
 * by one gives: events, their sources and
 * actors, each story's facts, and the discovered actors with their ids. */
static void
add_many_same(bool push, int helpers)
{
	enum { N = 12000, FEEDS = 3 };
	struct actors *a1, *a2;
	struct timeline *one = many_timeline(&a1), *many = many_timeline(&a2);
	struct story *v = xcalloc(N, sizeof *v);
	uint32_t *si = xcalloc(N, sizeof *si);
	size_t bare_found = 0;

	for (uint32_t f = 0; f < FEEDS; f++) {
		char name[16];

		snprintf(name, sizeof name, "wire%u", f);
		timeline_feed(one, name);
		timeline_feed(many, name);
	}
	for (size_t k = 0; k < N; k++) {
		struct story s;

		many_story(&s, k, (uint32_t)(k % FEEDS));
		timeline_add(one, &s);
		many_story(&v[k], k, (uint32_t)(k % FEEDS));
	}
	adder_helpers(helpers);
	if (push) {
		/* one at a time, as a parser gives them */
		struct adder *ad = adder_new(many);
		uint32_t *idx;

		for (size_t k = 0; k < N; k++)
			adder_push(ad, &v[k]);
		assert_int_equal(adder_end(ad, &idx), N);
		memcpy(si, idx, N * sizeof *si);
		free(idx);
	} else {
		adder_add_many(many, v, N, si);
	}
	adder_helpers(-1);
	timeline_finish(one);
	timeline_finish(many);

	assert_int_equal(actors_count(a1), actors_count(a2));
	for (uint32_t id = 0; id < actors_count(a1); id++) {
		assert_string_equal(actors_get(a1, id)->name,
				    actors_get(a2, id)->name);
		assert_string_equal(actors_get(a1, id)->role,
				    actors_get(a2, id)->role);
	}
	/* five names discovered, in the order the stories named them */
	assert_int_equal(actors_count(a1), 2 + ARRAY_SIZE(many_names));
	assert_int_equal(one->nstories, many->nstories);
	for (size_t i = 0; i < one->nstories; i++) {
		const struct story_facts *x = &one->facts[i], *y = &many->facts[i];

		assert_string_equal(one->stories[i].id, many->stories[i].id);
		assert_string_equal(one->stories[i].title,
				    many->stories[i].title);
		assert_int_equal(x->nactors, y->nactors);
		for (size_t j = 0; j < x->nactors; j++)
			assert_int_equal(x->actors[j], y->actors[j]);
		assert_int_equal(x->start, y->start);
		assert_int_equal(facts_end(x), facts_end(y));
		assert_int_equal(x->event, y->event);
		/* a bare name is found, before its discovery too */
		for (size_t n = 0; n < ARRAY_SIZE(many_names); n++) {
			uint32_t id = actors_lookup(a1, many_names[n][0]);
			bool has = false;

			if (strncmp(one->stories[i].summary, many_names[n][0],
				    strlen(many_names[n][0])) != 0)
				continue;
			for (size_t j = 0; j < x->nactors; j++)
				has |= x->actors[j] == id;
			assert_true(has);
			bare_found++;
		}
	}
	assert_true(bare_found > N / 2);
	for (size_t k = 0; k < N; k++)
		assert_true(si[k] < many->nstories);
	assert_int_equal(one->nevents, many->nevents);
	assert_true(one->nevents < N / 2);	/* the wires merged */
	for (size_t e = 0; e < one->nevents; e++) {
		const struct event *x = &one->events[e], *y = &many->events[e];

		assert_int_equal(x->id, y->id);
		assert_int_equal(x->start, y->start);
		assert_int_equal(x->nstories, y->nstories);
		for (size_t j = 0; j < x->nstories; j++)
			assert_int_equal(x->stories[j], y->stories[j]);
		assert_int_equal(x->nactors, y->nactors);
		for (size_t j = 0; j < x->nactors; j++)
			assert_int_equal(x->actors[j], y->actors[j]);
	}
	check_mapping(many);
	check_order(many);
	free(v);
	free(si);
	timeline_free(one);
	timeline_free(many);
	actors_free(a1);
	actors_free(a2);
}

/* A name discovered after stories that name it bare ("Rafał Trzaskowski"
 * before "Warsaw Mayor Rafał Trzaskowski") is found in them too, once the
 * timeline is finished; those stories are handed over for the archive, and
 * their events list the actor. */
static void
test_discovered_late(void **state)
{
	const char dict[] = "Warsaw\tplace\tPL\tcity\n";
	struct actors *a = actors_new();
	struct timeline *tl;
	uint32_t s0, s1, s2, s3, s4, id, *v;
	size_t n;
	char err[64];

	(void)state;
	assert_int_equal(actors_load_mem(a, dict, strlen(dict), "t", err,
					 sizeof err), 0);
	tl = timeline_new(a);
	s1 = add_text(tl, "w", "1", "Rafał Trzaskowski leads in polls",
		      "Rafał Trzaskowski leads the race, a poll shows.", T0);
	s2 = add_text(tl, "w", "2", "Ferry service suspended in gale",
		      "Crews waited in the harbour.", T0 + 3600);
	s0 = add_text(tl, "w", "0", "Coalition talks stall",
		      "Trzaskowski, who has run the city since 2018, spoke.",
		      T0 + 7200);
	s3 = add_text(tl, "w", "3", "Mayor pledges new tram lines",
		      "Warsaw Mayor Rafał Trzaskowski promised three lines.",
		      T0 + 86400);
	id = actors_lookup(a, "Rafał Trzaskowski");
	assert_int_not_equal(id, ACTOR_NONE);
	/* not yet: the first story was matched before the name was known */
	assert_int_equal(tl->facts[s1].nactors, 0);
	timeline_finish(tl);
	assert_int_equal(tl->facts[s1].nactors, 1);
	assert_int_equal(tl->facts[s1].actors[0], id);
	assert_int_equal(tl->facts[s2].nactors, 0);
	assert_int_equal(tl->events[tl->facts[s1].event].nactors, 1);
	assert_int_equal(tl->events[tl->facts[s1].event].actors[0], id);
	/* and by the surname alone */
	assert_int_equal(tl->facts[s0].nactors, 1);
	timeline_actor_events(tl, id, &n);
	assert_int_equal(n, 3);
	v = timeline_take_retagged(tl, &n);
	assert_int_equal(n, 2);
	assert_true((v[0] == s1 && v[1] == s0) || (v[0] == s0 && v[1] == s1));
	free(v);
	/* the next finish has nothing to look at again */
	s4 = add_text(tl, "w", "4", "Trzaskowski to debate rival",
		      "Rafał Trzaskowski will meet his rival.", T0 + 2 * 86400);
	timeline_finish(tl);
	assert_int_equal(tl->facts[s4].nactors, 1);
	assert_int_equal(tl->facts[s3].nactors, 2);	/* and Warsaw */
	v = timeline_take_retagged(tl, &n);
	assert_int_equal(n, 0);
	assert_null(v);
	timeline_free(tl);
	actors_free(a);
}

/* Stories placed before the last finish are looked at again when
 * published up to 30 days before the oldest story that found a name; a
 * story placed (or replaced) since is, however old. */
static void
test_discovered_window(void **state)
{
	struct actors *a = actors_new();
	struct timeline *tl = timeline_new(a);
	const int64_t day = 86400;
	uint32_t old, recent, updated, far, id1, id2;

	(void)state;
	old = add_text(tl, "w", "old", "Jan Kowalczyk opens a bridge",
		       "Jan Kowalczyk cut the ribbon.", T0 - 60 * day);
	recent = add_text(tl, "w", "recent", "Jan Kowalczyk visits port",
			  "Jan Kowalczyk met dockers.", T0 - 10 * day);
	updated = add_text(tl, "w", "upd", "Piotr Sadowski opens a school",
			   "Piotr Sadowski spoke.", T0 - 400 * day);
	far = add_text(tl, "w", "far", "Piotr Sadowski plants trees",
		       "Piotr Sadowski planted oaks.", T0 - 500 * day);
	timeline_finish(tl);
	/* one refresh: its update of an old story, two names found */
	assert_int_equal(add_text(tl, "w", "upd", "Piotr Sadowski opens a "
				  "school, updated", "Piotr Sadowski spoke "
				  "again.", T0 - 400 * day), updated);
	add_text(tl, "v", "d1", "Mayor speaks", "Gdansk Mayor Jan Kowalczyk "
		 "spoke.", T0);
	add_text(tl, "v", "d2", "Governor speaks", "Governor Piotr Sadowski "
		 "spoke.", T0 - 100 * day);
	timeline_finish(tl);
	id1 = actors_lookup(a, "Jan Kowalczyk");
	id2 = actors_lookup(a, "Piotr Sadowski");
	assert_int_not_equal(id1, ACTOR_NONE);
	assert_int_not_equal(id2, ACTOR_NONE);
	/* the window starts 30 days before the oldest that found one (the
	 * newest's would leave out the story 60 days old); a story of the
	 * refresh is looked at however old */
	assert_int_equal(tl->facts[recent].nactors, 1);
	assert_int_equal(tl->facts[old].nactors, 1);
	assert_int_equal(tl->facts[old].actors[0], id1);
	assert_int_equal(tl->facts[updated].nactors, 1);
	assert_int_equal(tl->facts[updated].actors[0], id2);
	assert_int_equal(tl->facts[far].nactors, 0);
	timeline_free(tl);
	actors_free(a);
}

/* Room made for each source as it comes (the interface) grows the arrays
 * by doubling, not by the source's few stories each time. */
static void
test_reserve_grows_geometrically(void **state)
{
	struct timeline *tl = timeline_new(NULL);
	size_t grew = 0, cap = 0;
	char id[32];

	(void)state;
	for (int i = 0; i < 2000; i++) {
		timeline_reserve(tl, 3);
		if (tl->stories_cap != cap) {
			grew++;
			cap = tl->stories_cap;
		}
		snprintf(id, sizeof id, "s%d", i);
		add(tl, "f", id, "Talks on the border resume", T0 + i * 60);
		assert_true(tl->nstories <= tl->stories_cap);
	}
	assert_true(grew <= 12);
	timeline_free(tl);
}

static void
test_add_many_same(void **state)
{
	(void)state;
	add_many_same(false, 2);
	add_many_same(false, 0);	/* the placing thread alone */
}

static void
test_add_pushed_same(void **state)
{
	(void)state;
	add_many_same(true, 1);
}

/* A story's words are let go once stories days newer are placed: an
 * older story compared with it, or its update replacing it, finds them
 * again from its text, and merging comes out as if they had been kept. */
static const char *const later_titles[] = {
	"Parliament passes budget after overnight session",
	"Central bank holds interest rates steady",
	"Flooding closes mountain roads in the north",
	"Football federation names new national coach",
};

static void
words_timeline(struct timeline *tl, bool first_too)
{
	char id[16];

	if (first_too)
		add(tl, "wire-a", "a1", "Drones strike Kharkiv power station "
		    "overnight, cutting heat to thousands of homes", T0);
	for (size_t i = 0; i < 4; i++) {
		snprintf(id, sizeof id, "c%zu", i);
		add(tl, "wire-c", id, later_titles[i],
		    T0 + (int64_t)(5 + i) * 86400);
	}
}

static void
test_words_let_go(void **state)
{
	struct timeline *a = timeline_new(NULL), *b = timeline_new(NULL);
	const char *update = "Drones strike Kharkiv power station, heat "
			     "cut to thousands of homes";
	uint32_t first, late, first_b, late_b, mayor, mayor_b;

	(void)state;
	words_timeline(a, true);
	first = 0;
	assert_true(a->facts[first].words_out);
	late = add(a, "wire-b", "b1", "Drone strike on Kharkiv power station "
		   "cuts heat to thousands of homes", T0 + 3600);
	timeline_finish(a);
	assert_int_equal(a->facts[first].event, a->facts[late].event);
	check_mapping(a);

	/* the update replaces it: its words leave the counts they were
	 * counted in (b never held the first version) */
	add(a, "wire-c", "c9", "Another filler about the weather today",
	    T0 + 20 * 86400);
	assert_true(a->facts[first].words_out);
	assert_int_equal(add(a, "wire-a", "a1", update, T0), first);
	timeline_finish(a);

	first_b = add(b, "wire-a", "a1", update, T0);
	words_timeline(b, false);
	late_b = add(b, "wire-b", "b1", "Drone strike on Kharkiv power station "
		     "cuts heat to thousands of homes", T0 + 3600);
	add(b, "wire-c", "c9", "Another filler about the weather today",
	    T0 + 20 * 86400);
	timeline_finish(b);
	/* the same counts in both: a pair whose words weigh differently */
	mayor = add(a, "wire-b", "b2", "Kharkiv mayor says power station "
		    "repairs will take weeks", T0 + 7200);
	mayor_b = add(b, "wire-b", "b2", "Kharkiv mayor says power station "
		      "repairs will take weeks", T0 + 7200);
	assert_true(cluster_score(a, late, mayor, false) > 0.1);
	assert_float_equal(cluster_score(a, late, mayor, false),
			   cluster_score(b, late_b, mayor_b, false), 1e-9);
	assert_int_equal(a->facts[first].event, a->facts[late].event);
	assert_int_equal(b->facts[first_b].event, b->facts[late_b].event);

	/* a story dated decades ahead (a feed's typo) lets go of nothing:
	 * the words of the newest stories stay held */
	assert_false(a->facts[mayor].words_out);
	add(a, "wire-c", "c10", "A story from a feed whose clock is wrong",
	    T0 + 30 * 366 * 86400LL);
	add(a, "wire-c", "c11", "Yet another filler about the weather", T0);
	assert_false(a->facts[mayor].words_out);
	timeline_free(a);
	timeline_free(b);
}

/* An event's search text holds every source's title, made again when a
 * source joins it after the text was made (as the interface makes it a
 * slice at a time while it reads an archive). */
static void
test_refold(void **state)
{
	struct timeline *tl = timeline_new(NULL);
	uint32_t a, b, e;

	(void)state;
	a = add_text(tl, "wire-a", "tag:example.org,2025:1",
		     "Ceasefire talks open in Geneva", "Delegations met.", T0);
	timeline_fold_new(tl);
	e = tl->facts[a].event;
	assert_non_null(tl->folded[e]);
	assert_null(strstr(tl->folded[e], "mediators"));
	b = add_text(tl, "wire-b", "tag:example.org,2025:1",
		     "Mediators shuttle between delegations", "", T0 + 600);
	assert_int_equal(tl->facts[b].event, e);
	timeline_fold_new(tl);
	assert_non_null(tl->folded[e]);
	assert_non_null(strstr(tl->folded[e], "mediators"));
	timeline_free(tl);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order_and_unknown_last),
		cmocka_unit_test(test_reserve_grows_geometrically),
		cmocka_unit_test(test_replace_in_place),
		cmocka_unit_test(test_incremental_after_finish),
		cmocka_unit_test(test_sources_and_merging),
		cmocka_unit_test(test_announced_until_told),
		cmocka_unit_test(test_apart_by_feed_and_repeat),
		cmocka_unit_test(test_template_titles),
		cmocka_unit_test(test_stable_ids),
		cmocka_unit_test(test_actor_lists),
		cmocka_unit_test(test_feed_names),
		cmocka_unit_test(test_large_finish),
		cmocka_unit_test(test_story_dates),
		cmocka_unit_test(test_large_restore_actors),
		cmocka_unit_test(test_story_pack),
		cmocka_unit_test(test_add_many_same),
		cmocka_unit_test(test_add_pushed_same),
		cmocka_unit_test(test_words_let_go),
		cmocka_unit_test(test_discovered_late),
		cmocka_unit_test(test_discovered_window),
		cmocka_unit_test(test_refold),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
