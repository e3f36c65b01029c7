/* The export writers on a timeline built by hand: exact TSV, JSON and text
 * bytes, cleaning of hostile fields, wrapping by display width, and the
 * safe writing of files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "dateline/actors.h"
#include "dateline/buf.h"
#include "dateline/export.h"
#include "dateline/model.h"
#include "dateline/text.h"
#include "dateline/timeline.h"
#include "dateline/util.h"

static const char dictionary[] =
	"Volodymyr Zelensky\tperson\tUA\tPresident of Ukraine\tZelensky|Zelenskyy\n"
	"Donald Trump\tperson\tUS\tPresident of the United States\tTrump\n";

/* 2025-12-28T00:00:00Z and friends. */
#define DEC28 INT64_C(1766880000)
#define DEC29 (DEC28 + 86400)
#define DEC30 (DEC29 + 86400)

struct fixture {
	struct timeline tl;
	struct feed_info feeds[2];
	struct story stories[3];
	struct event events[3];
	uint32_t ev0_stories[2], ev1_stories[1], ev2_stories[1];
	uint32_t ev0_actors[2];
};

static struct story
story(uint32_t feed, const char *id, const char *link, const char *title,
      const char *summary, int64_t published)
{
	struct story s = { 0 };

	s.feed = feed;
	s.id = xstrdup(id);
	s.link = xstrdup(link);
	s.title = xstrdup(title);
	s.summary = xstrdup(summary);
	s.content = xstrdup("");
	s.authors = xstrdup("");
	s.categories = xstrdup("");
	s.published.utc = published;
	s.published.known = published != NO_TIME;
	s.published.has_zone = true;
	return s;
}

/* Two feeds; a range event (Dec 28-29, reported by both, two actors), a
 * minute event on Dec 29 and an event of unknown time. */
static int
setup(void **state)
{
	struct fixture *fx = xcalloc(1, sizeof *fx);
	struct timeline *tl = &fx->tl;
	char err[256];

	tl->actors = actors_new();
	assert_int_equal(actors_load_mem(tl->actors, dictionary,
					 strlen(dictionary), "test", err,
					 sizeof err), 0);
	fx->feeds[0] = (struct feed_info){ xstrdup("kestrel.xml"),
		xstrdup("Kestrel Wire"), NULL, NULL };
	fx->feeds[1] = (struct feed_info){ xstrdup("meridian.xml"), NULL,
		NULL, xstrdup("Meridian") };
	tl->feeds = fx->feeds;
	tl->nfeeds = 2;
	fx->stories[0] = story(0, "k-1", "https://kestrel.example/drone",
		"Drone attack alleged on residence",
		"Officials said drones were launched on December 28-29.",
		DEC29 + 14 * 3600 + 5 * 60);
	fx->stories[1] = story(1, "m-1", "https://meridian.example/a?x=1",
		"Residence attack claimed", "Another account.",
		DEC29 + 15 * 3600);
	fx->stories[2] = story(0, "k-2", "https://kestrel.example/talks",
		"Talks \"held\"\tin Florida", "Line one\nline two",
		NO_TIME);
	tl->stories = fx->stories;
	tl->nstories = 3;

	fx->ev0_stories[0] = 0;
	fx->ev0_stories[1] = 1;
	fx->ev0_actors[0] = actors_lookup(tl->actors, "Zelensky");
	fx->ev0_actors[1] = actors_lookup(tl->actors, "Trump");
	assert_int_not_equal(fx->ev0_actors[0], ACTOR_NONE);
	assert_int_not_equal(fx->ev0_actors[1], ACTOR_NONE);
	if (fx->ev0_actors[0] > fx->ev0_actors[1]) {
		uint32_t t = fx->ev0_actors[0];

		fx->ev0_actors[0] = fx->ev0_actors[1];
		fx->ev0_actors[1] = t;
	}
	fx->events[0] = (struct event){ .id = UINT64_C(0x00a1b2c3d4e5f607),
		.start = DEC28, .end = DEC29, .reported = DEC29 + 14 * 3600 + 300,
		.stories = fx->ev0_stories, .nstories = 2,
		.actors = fx->ev0_actors, .nactors = 2,
		.precision = PREC_RANGE, .flags = EVENT_TEXT_DATE };
	fx->ev1_stories[0] = 2;
	fx->events[1] = (struct event){ .id = 42, .start = DEC29 + 9 * 3600 + 30 * 60,
		.end = NO_TIME, .reported = DEC29 + 9 * 3600 + 30 * 60,
		.stories = fx->ev1_stories, .nstories = 1,
		.precision = PREC_MINUTE, .flags = EVENT_SCHEDULED };
	fx->ev2_stories[0] = 1;
	fx->events[2] = (struct event){ .id = 7, .start = NO_TIME,
		.end = NO_TIME, .reported = NO_TIME,
		.stories = fx->ev2_stories, .nstories = 1,
		.precision = PREC_UNKNOWN };
	tl->events = fx->events;
	tl->nevents = 3;
	setenv("TZ", "UTC", 1);
	tzset();
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;

	for (size_t i = 0; i < 3; i++)
		story_free(&fx->stories[i]);
	for (size_t i = 0; i < 2; i++) {
		free(fx->feeds[i].source);
		free(fx->feeds[i].title);
		free(fx->feeds[i].name);
	}
	actors_free(fx->tl.actors);
	free(fx);
	return 0;
}

typedef int (*writer)(FILE *, const struct timeline *, const uint32_t *,
		      size_t);

/* The bytes a writer produces. */
static char *
capture(writer fn, const struct timeline *tl, const uint32_t *ev, size_t n)
{
	char *data = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&data, &len);

	assert_non_null(f);
	assert_int_equal(fn(f, tl, ev, n), 0);
	assert_int_equal(fclose(f), 0);
	return data;
}

static char *
capture_text(const struct timeline *tl, const uint32_t *ev, size_t n,
	     const struct export_header *h, enum export_format fmt)
{
	char *data = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&data, &len);

	assert_non_null(f);
	assert_int_equal(export_text(f, tl, ev, n, h, fmt), 0);
	assert_int_equal(fclose(f), 0);
	return data;
}

/* Every line fits width columns unless it holds a link. */
static void
assert_lines_fit(const char *s, int width)
{
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		char *line = xstrndup(s, len);

		if (!strstr(line, "://") && text_width(line, len) > width)
			fail_msg("line wider than %d: [%s]", width, line);
		assert_true(text_is_safe(line, len, false));
		free(line);
		s += len + (nl != NULL);
	}
}

static void
test_tsv(void **state)
{
	struct fixture *fx = *state;
	uint32_t ev[] = { 0, 1, 2 };
	char *out = capture(export_tsv, &fx->tl, ev, 3);

	assert_string_equal(out,
		"#start\tend\tprecision\treported\tsources\tactors\ttitle\tlink\tfeeds\tid\n"
		"2025-12-28T00:00:00Z\t2025-12-29T00:00:00Z\trange\t2025-12-29T14:05:00Z\t2\t"
		"Donald Trump; Volodymyr Zelensky\tDrone attack alleged on residence\t"
		"https://kestrel.example/drone\tKestrel Wire; Meridian\t00a1b2c3d4e5f607\n"
		"2025-12-29T09:30:00Z\t\tminute\t2025-12-29T09:30:00Z\t1\t\t"
		"Talks \"held\" in Florida\thttps://kestrel.example/talks\tKestrel Wire\t"
		"000000000000002a\n"
		"\t\tunknown\t\t1\t\tResidence attack claimed\thttps://meridian.example/a?x=1\t"
		"Meridian\t0000000000000007\n");
	free(out);
}

static void
test_tsv_empty(void **state)
{
	struct fixture *fx = *state;
	char *out = capture(export_tsv, &fx->tl, NULL, 0);

	assert_string_equal(out, "#start\tend\tprecision\treported\tsources"
			    "\tactors\ttitle\tlink\tfeeds\tid\n");
	free(out);
}

/* Hostile bytes in every kind of field: no tab, newline or control
 * character comes out, and the line is valid UTF-8. */
static void
test_tsv_hostile(void **state)
{
	struct fixture *fx = *state;
	uint32_t ev[] = { 1 };
	char *out;
	const char *line;

	free(fx->stories[2].title);
	fx->stories[2].title = xstrdup("a\tb\nc\rd\x1b[31me\xc2\x9b" "f"
				       "\xff\xfeg\xe2\x80\xaeh\x7fi");
	free(fx->stories[2].link);
	fx->stories[2].link = xstrdup("https://x.example/\t\n");
	free(fx->feeds[0].title);
	fx->feeds[0].title = xstrdup("Kes\ttrel\n");
	out = capture(export_tsv, &fx->tl, ev, 1);
	line = strchr(out, '\n') + 1;
	{	/* safe once the nine separators are set aside */
		char *copy = xstrdup(line);

		for (char *p = copy; *p; p++)
			if (*p == '\t')
				*p = ' ';
		assert_true(text_is_safe(copy, strlen(copy) - 1, false));
		free(copy);
	}
	assert_non_null(strstr(line, "\ta b c d [31me f\xef\xbf\xbd\xef\xbf\xbdgh i\t"));
	assert_non_null(strstr(line, "\thttps://x.example/  \tKes trel \t"));
	/* ten fields: nine tabs */
	{
		size_t tabs = 0;

		for (const char *p = line; *p; p++)
			tabs += *p == '\t';
		assert_int_equal(tabs, 9);
	}
	free(out);
}

static void
test_jsonl(void **state)
{
	struct fixture *fx = *state;
	uint32_t ev[] = { 0, 1, 2 };
	char *out = capture(export_jsonl, &fx->tl, ev, 3);

	assert_string_equal(out,
		"{\"start\":\"2025-12-28T00:00:00Z\",\"end\":\"2025-12-29T00:00:00Z\","
		"\"precision\":\"range\",\"from_text\":true,\"scheduled\":false,"
		"\"reported\":\"2025-12-29T14:05:00Z\",\"sources\":2,"
		"\"actors\":[\"Donald Trump\",\"Volodymyr Zelensky\"],"
		"\"title\":\"Drone attack alleged on residence\","
		"\"link\":\"https://kestrel.example/drone\",\"feeds\":[\"Kestrel Wire\",\"Meridian\"],"
		"\"id\":\"00a1b2c3d4e5f607\","
		"\"summary\":\"Officials said drones were launched on December 28-29.\","
		"\"stories\":[{\"feed\":\"Kestrel Wire\",\"title\":\"Drone attack alleged on residence\","
		"\"link\":\"https://kestrel.example/drone\",\"published\":\"2025-12-29T14:05:00Z\","
		"\"id\":\"k-1\"},{\"feed\":\"Meridian\",\"title\":\"Residence attack claimed\","
		"\"link\":\"https://meridian.example/a?x=1\",\"published\":\"2025-12-29T15:00:00Z\","
		"\"id\":\"m-1\"}]}\n"
		"{\"start\":\"2025-12-29T09:30:00Z\",\"end\":null,\"precision\":\"minute\","
		"\"from_text\":false,\"scheduled\":true,"
		"\"reported\":\"2025-12-29T09:30:00Z\",\"sources\":1,\"actors\":[],"
		"\"title\":\"Talks \\\"held\\\"\\tin Florida\",\"link\":\"https://kestrel.example/talks\","
		"\"feeds\":[\"Kestrel Wire\"],\"id\":\"000000000000002a\","
		"\"summary\":\"Line one\\nline two\",\"stories\":[{\"feed\":\"Kestrel Wire\","
		"\"title\":\"Talks \\\"held\\\"\\tin Florida\",\"link\":\"https://kestrel.example/talks\","
		"\"published\":null,\"id\":\"k-2\"}]}\n"
		"{\"start\":null,\"end\":null,\"precision\":\"unknown\","
		"\"from_text\":false,\"scheduled\":false,\"reported\":null,"
		"\"sources\":1,\"actors\":[],\"title\":\"Residence attack claimed\","
		"\"link\":\"https://meridian.example/a?x=1\",\"feeds\":[\"Meridian\"],"
		"\"id\":\"0000000000000007\",\"summary\":\"Another account.\",\"stories\":["
		"{\"feed\":\"Meridian\",\"title\":\"Residence attack claimed\","
		"\"link\":\"https://meridian.example/a?x=1\",\"published\":\"2025-12-29T15:00:00Z\","
		"\"id\":\"m-1\"}]}\n");
	free(out);
}

static void
test_jsonl_escapes(void **state)
{
	struct fixture *fx = *state;
	uint32_t ev[] = { 1 };
	char *out;

	free(fx->stories[2].summary);
	fx->stories[2].summary = xstrdup("q\"b\\s/\x01\x1f\x7f\xc2\x85\xff"
					 "\xe2\x80\xae\xe2\x80\xa8ok \xc3\xa9");
	out = capture(export_jsonl, &fx->tl, ev, 1);
	assert_non_null(strstr(out, "\"summary\":\"q\\\"b\\\\s/\\u0001\\u001f"
			       "\\u007f\\u0085\\ufffd\\u202e\\u2028ok \xc3\xa9\""));
	assert_true(text_is_safe(out, strlen(out) - 1, false));
	free(out);
}

/* Many lines are formatted by two threads: the same bytes, in order, as
 * line after line; a failed write stops both. */
static void
test_many_lines(void **state)
{
	struct fixture *fx = *state;
	const size_t n = 50002;		/* a part-chunk at the end */
	uint32_t *ev = xreallocarray(NULL, n, sizeof *ev);
	uint32_t three[] = { 0, 1, 2 };
	writer fns[] = { export_tsv, export_jsonl };
	FILE *f;

	for (size_t i = 0; i < n; i++)
		ev[i] = (uint32_t)(i % 3);
	for (size_t w = 0; w < 2; w++) {
		char *one = capture(fns[w], &fx->tl, three, 3);
		char *all = capture(fns[w], &fx->tl, ev, n);
		const char *body = one, *p = all;
		size_t len;

		if (w == 0) {	/* the TSV header once, then lines */
			body = strchr(one, '\n') + 1;
			assert_memory_equal(all, one, (size_t)(body - one));
			p += body - one;
		}
		len = strlen(body);
		for (size_t i = 0; i < n / 3; i++, p += len)
			assert_memory_equal(p, body, len);
		/* the last: the first line of the three */
		assert_memory_equal(p, body, (size_t)(strchr(body, '\n') -
						     body + 1));
		assert_int_equal(strlen(p), strchr(body, '\n') - body + 1);
		free(one);
		free(all);
	}
	f = fopen("/dev/full", "w");
	assert_non_null(f);
	setvbuf(f, NULL, _IONBF, 0);
	errno = 0;
	assert_int_equal(export_tsv(f, &fx->tl, ev, n), -1);
	assert_int_equal(errno, ENOSPC);
	fclose(f);
	free(ev);
}

/* A write that fails is reported with its errno. */
static void
test_write_error(void **state)
{
	struct fixture *fx = *state;
	uint32_t ev[] = { 0, 1, 2 };
	FILE *f = fopen("/dev/full", "w");

	assert_non_null(f);
	setvbuf(f, NULL, _IONBF, 0);
	errno = 0;
	assert_int_equal(export_tsv(f, &fx->tl, ev, 3), -1);
	assert_int_equal(errno, ENOSPC);
	clearerr(f);
	errno = 0;
	assert_int_equal(export_jsonl(f, &fx->tl, ev, 3), -1);
	assert_int_equal(errno, ENOSPC);
	clearerr(f);
	errno = 0;
	assert_int_equal(export_text(f, &fx->tl, ev, 3, NULL, EXPORT_TEXT), -1);
	assert_int_equal(errno, ENOSPC);
	fclose(f);
}

static char *
wrap(const char *text, int width, const char *indent)
{
	struct buf b = BUF_INIT;

	export_wrap(&b, text, width, indent);
	return buf_steal(&b);
}

static void
test_wrap_ascii(void **state)
{
	char *out = wrap("the quick brown fox jumps over the lazy dog", 16, "  ");

	assert_string_equal(out, "  the quick\n  brown fox\n  jumps over the\n"
			    "  lazy dog\n");
	free(out);
	/* paragraphs, one blank line kept, controls become spaces */
	out = wrap("one two\n\n\n\nthree\tfour\n", 40, "");
	assert_string_equal(out, "one two\n\nthree four\n");
	free(out);
	/* a word longer than a line is cut; exact fits are kept */
	out = wrap("abcdefghijklmnop 1234567890", 10, "");
	assert_string_equal(out, "abcdefghij\nklmnop\n1234567890\n");
	free(out);
}

/* Wide characters count two columns: 東京 is four. */
static void
test_wrap_cjk(void **state)
{
	/* 12 CJK characters without spaces: 24 columns, a word longer than
	 * a 10-column line, cut between characters. */
	const char *s = "\xe6\x9d\xb1\xe4\xba\xac\xe9\x83\xbd\xe3\x81\xae"
		"\xe5\xa4\xa9\xe6\xb0\x97\xe3\x81\xaf\xe6\x99\xb4\xe3\x82\x8c"
		"\xe3\x81\xa7\xe3\x81\x99\xe3\x80\x82";
	char *out = wrap(s, 10, "");

	assert_string_equal(out,
		"\xe6\x9d\xb1\xe4\xba\xac\xe9\x83\xbd\xe3\x81\xae\xe5\xa4\xa9\n"
		"\xe6\xb0\x97\xe3\x81\xaf\xe6\x99\xb4\xe3\x82\x8c\xe3\x81\xa7\n"
		"\xe3\x81\x99\xe3\x80\x82\n");
	free(out);
	/* Odd width: a wide character never straddles the edge. */
	out = wrap(s, 9, "");
	assert_lines_fit(out, 9);
	assert_int_equal(strncmp(out, "\xe6\x9d\xb1\xe4\xba\xac\xe9\x83\xbd"
				 "\xe3\x81\xae\n", 13), 0);
	free(out);
	/* Words of wide characters: 東京 (4) 大阪 (4) in 9 columns fit. */
	out = wrap("\xe6\x9d\xb1\xe4\xba\xac \xe5\xa4\xa7\xe9\x98\xaa "
		   "\xe5\xa4\xa7\xe9\x98\xaa", 9, "");
	assert_string_equal(out, "\xe6\x9d\xb1\xe4\xba\xac \xe5\xa4\xa7\xe9\x98\xaa\n"
			    "\xe5\xa4\xa7\xe9\x98\xaa\n");
	free(out);
}

/* Combining marks take no column: "e\u0301" is one. */
static void
test_wrap_combining(void **state)
{
	/* "café" written with a combining acute, five times: 4 columns each */
	const char *cafe = "cafe\xcc\x81";
	struct buf in = BUF_INIT;
	char *out;

	for (int i = 0; i < 5; i++)
		buf_printf(&in, "%s%s", i ? " " : "", cafe);
	out = wrap(in.data, 14, "");
	/* three fit in 14 columns (4+1+4+1+4) though they take 20 bytes */
	assert_string_equal(out, "cafe\xcc\x81 cafe\xcc\x81 cafe\xcc\x81\n"
			    "cafe\xcc\x81 cafe\xcc\x81\n");
	free(out);
	buf_free(&in);
}

/* Emoji are wide; a run of them is cut between characters. */
static void
test_wrap_emoji(void **state)
{
	const char *fire = "\xf0\x9f\x94\xa5";	/* U+1F525, two columns */
	struct buf in = BUF_INIT;
	char *out;

	buf_adds(&in, "news ");
	for (int i = 0; i < 8; i++)
		buf_adds(&in, fire);
	out = wrap(in.data, 7, "");
	assert_lines_fit(out, 7);
	/* "news" then 3 emoji a line (6 columns), then 3, then 2 */
	assert_string_equal(out, "news\n"
		"\xf0\x9f\x94\xa5\xf0\x9f\x94\xa5\xf0\x9f\x94\xa5\n"
		"\xf0\x9f\x94\xa5\xf0\x9f\x94\xa5\xf0\x9f\x94\xa5\n"
		"\xf0\x9f\x94\xa5\xf0\x9f\x94\xa5\n");
	free(out);
	buf_free(&in);
}

/* A link is never cut, even when longer than a line. */
static void
test_wrap_url(void **state)
{
	const char *url = "https://example.org/a/very/long/path/that/goes/on"
		"/and/on/well/past/the/edge/of/any/line/index.html";
	struct buf in = BUF_INIT;
	char *out, *want;

	buf_printf(&in, "see %s for more", url);
	out = wrap(in.data, 30, "    ");
	want = xmalloc(strlen(url) + 64);
	sprintf(want, "    see\n    %s\n    for more\n", url);
	assert_string_equal(out, want);
	free(out);
	free(want);
	/* but a monster "link" from a hostile feed is cut like a word */
	buf_reset(&in);
	buf_adds(&in, "https://");
	for (int i = 0; i < 5000; i++)
		buf_addc(&in, 'a');
	out = wrap(in.data, 72, "");
	assert_lines_fit(out, 72);
	assert_int_equal(strlen(out), 5008 + (5008 + 71) / 72);
	free(out);
	buf_free(&in);
}

static void
test_text(void **state)
{
	struct fixture *fx = *state;
	uint32_t ev[] = { 0, 1, 2 };
	struct export_header h = { DEC28, DEC29 + 86399, "actor:Zelensky",
				   false };
	char *out = capture_text(&fx->tl, ev, 3, &h, EXPORT_TEXT);

	assert_string_equal(out,
		"Timeline export\n"
		"Range:  2025-12-28 to 2025-12-29\n"
		"Filter: actor:Zelensky\n"
		"Events: 3\n"
		"\n"
		"Sunday, December 28, 2025\n"
		"-------------------------\n"
		"\n"
		"Dec 28\xe2\x80\x93" "29  Drone attack alleged on residence\n"
		"       Actors: Donald Trump; Volodymyr Zelensky\n"
		"       Officials said drones were launched on December 28-29.\n"
		"       - Kestrel Wire: https://kestrel.example/drone\n"
		"       - Meridian: https://meridian.example/a?x=1\n"
		"         Residence attack claimed\n"
		"\n"
		"Monday, December 29, 2025\n"
		"-------------------------\n"
		"\n"
		"09:30  Scheduled: Talks \"held\" in Florida\n"
		"       Line one\n"
		"       line two\n"
		"       - Kestrel Wire: https://kestrel.example/talks\n"
		"\n"
		"Date unknown\n"
		"------------\n"
		"\n"
		"time unknown  Residence attack claimed\n"
		"       Another account.\n"
		"       - Meridian: https://meridian.example/a?x=1\n");
	free(out);
}

static void
test_markdown(void **state)
{
	struct fixture *fx = *state;
	uint32_t ev[] = { 0, 1 };
	struct export_header h = { NO_TIME, NO_TIME, NULL, false };
	char *out;

	free(fx->stories[0].title);
	fx->stories[0].title = xstrdup("*Drone* attack [alleged] on_residence");
	free(fx->stories[2].summary);
	fx->stories[2].summary = xstrdup("# not a heading\n- not a list\n1. nor this");
	out = capture_text(&fx->tl, ev, 2, &h, EXPORT_MARKDOWN);
	assert_string_equal(out,
		"# Timeline export\n"
		"\n"
		"- Range: all\n"
		"- Filter: none\n"
		"- Events: 2\n"
		"\n"
		"## Sunday, December 28, 2025\n"
		"\n"
		"- **Dec 28\xe2\x80\x93" "29** \\*Drone\\* attack \\[alleged\\] on\\_residence\n"
		"  - Actors: Donald Trump; Volodymyr Zelensky\n"
		"  - Officials said drones were launched on December 28-29.\n"
		"  - [Kestrel Wire](https://kestrel.example/drone)\n"
		"  - [Meridian](https://meridian.example/a?x=1)\n"
		"    \xe2\x80\x94 Residence attack claimed\n"
		"\n"
		"## Monday, December 29, 2025\n"
		"\n"
		"- **09:30** *Scheduled:* Talks \"held\" in Florida\n"
		"  - \\# not a heading\n"
		"  - \\- not a list\n"
		"  - 1\\. nor this\n"
		"  - [Kestrel Wire](https://kestrel.example/talks)\n");
	free(out);
}

/* Days are local days: the 09:30Z event is on the 29th in UTC but on the
 * 28th in Honolulu, while a range keeps the days it names. */
static void
test_text_local_days(void **state)
{
	struct fixture *fx = *state;
	uint32_t ev[] = { 0, 1 };
	char *out;

	setenv("TZ", "Pacific/Honolulu", 1);
	tzset();
	out = capture_text(&fx->tl, ev, 2, NULL, EXPORT_TEXT);
	setenv("TZ", "UTC", 1);
	tzset();
	assert_non_null(strstr(out,
		"Sunday, December 28, 2025\n"
		"-------------------------\n"
		"\n"
		"Dec 28\xe2\x80\x93" "29  Drone attack alleged on residence\n"));
	assert_non_null(strstr(out, "\n23:30  Scheduled: Talks"));
	/* one heading for the 28th: the later event joins it */
	assert_null(strstr(strstr(out, "December 28") + 1, "December 28, 2025\n"));
	assert_null(strstr(out, "December 29, 2025\n"));
	free(out);
}

/* The header names whole local days as dates, instants as RFC 3339. */
static void
test_text_header(void **state)
{
	struct fixture *fx = *state;
	struct export_header one = { DEC28, DEC28 + 86399, NULL, false };
	struct export_header later = { DEC28 + 3600, NO_TIME, "", false };
	struct export_header until = { NO_TIME, DEC29 + 86399, NULL, false };
	char *out;

	out = capture_text(&fx->tl, NULL, 0, &one, EXPORT_TEXT);
	assert_string_equal(out, "Timeline export\nRange:  2025-12-28\n"
			    "Filter: none\nEvents: 0\n");
	free(out);
	out = capture_text(&fx->tl, NULL, 0, &later, EXPORT_TEXT);
	assert_non_null(strstr(out, "Range:  2025-12-28 01:00 UTC onwards\n"));
	free(out);
	out = capture_text(&fx->tl, NULL, 0, &until, EXPORT_MARKDOWN);
	assert_non_null(strstr(out, "- Range: until 2025-12-29\n"));
	free(out);
	/* a marked range that leaves events of its days out says so */
	one.part = true;
	out = capture_text(&fx->tl, NULL, 0, &one, EXPORT_TEXT);
	assert_non_null(strstr(out, "(the events marked, not all of it)\n"));
	free(out);
	one.part = false;
	/* in Honolulu, the 28th starts ten hours after 00:00Z */
	setenv("TZ", "Pacific/Honolulu", 1);
	tzset();
	one.from += 10 * 3600;
	one.to += 10 * 3600;
	out = capture_text(&fx->tl, NULL, 0, &one, EXPORT_TEXT);
	setenv("TZ", "UTC", 1);
	tzset();
	assert_non_null(strstr(out, "Range:  2025-12-28\n"));
	free(out);
}

/* Everything but links fits 72 columns, in text and markdown, with wide,
 * combining and emoji text, a long title and a long link. */
static void
test_text_width(void **state)
{
	struct fixture *fx = *state;
	uint32_t ev[] = { 0, 1, 2 };
	struct buf s = BUF_INIT;
	struct export_header h = { DEC28, NO_TIME,
		"actor:\"Volodymyr Zelensky\" or (drone and feed:Kestrel) or "
		"(Trump and not Florida) or sources:2", false };
	char *out;

	for (int i = 0; i < 30; i++)
		buf_adds(&s, "\xe6\x9d\xb1\xe4\xba\xac cafe\xcc\x81 "
			 "\xf0\x9f\x94\xa5 ");
	free(fx->stories[0].summary);
	fx->stories[0].summary = xstrdup(s.data);
	buf_reset(&s);
	for (int i = 0; i < 12; i++)
		buf_adds(&s, "Unusually long headline words ");
	free(fx->stories[0].title);
	fx->stories[0].title = buf_steal(&s);
	free(fx->stories[1].link);
	fx->stories[1].link = xstrdup("https://meridian.example/2025/12/29/"
		"an-address-far-longer-than-any-line-of-the-export-could-be.html");
	for (int fmt = EXPORT_TEXT; fmt <= EXPORT_MARKDOWN; fmt++) {
		out = capture_text(&fx->tl, ev, 3, &h, fmt);
		assert_lines_fit(out, EXPORT_WIDTH);
		assert_non_null(strstr(out, fx->stories[1].link));
		free(out);
	}
}

/* Empty fields, and fields that are empty once cleaned. */
static void
test_text_empty_fields(void **state)
{
	struct fixture *fx = *state;
	uint32_t ev[] = { 1 };
	char *out;

	free(fx->stories[2].summary);
	fx->stories[2].summary = xstrdup("");
	free(fx->stories[2].title);
	fx->stories[2].title = xstrdup("\xe2\x80\x8b\xe2\x80\xae");
	free(fx->stories[2].link);
	fx->stories[2].link = xstrdup("");
	fx->events[1].flags = 0;
	out = capture_text(&fx->tl, ev, 1, NULL, EXPORT_TEXT);
	assert_non_null(strstr(out, "\n09:30  (untitled)\n       - Kestrel Wire\n"));
	free(out);
	out = capture_text(&fx->tl, ev, 1, NULL, EXPORT_MARKDOWN);
	assert_non_null(strstr(out, "\n- **09:30** (untitled)\n  - Kestrel Wire\n"));
	free(out);
	/* a feed without a name still gives its link a text */
	free(fx->feeds[0].title);
	fx->feeds[0].title = NULL;
	free(fx->feeds[0].source);
	fx->feeds[0].source = xstrdup("\xe2\x80\x8b");
	free(fx->stories[2].link);
	fx->stories[2].link = xstrdup("https://k.example/1");
	out = capture_text(&fx->tl, ev, 1, NULL, EXPORT_MARKDOWN);
	assert_non_null(strstr(out, "\n  - [source](https://k.example/1)\n"));
	free(out);
	/* a summary of nothing but invisible marks */
	free(fx->stories[2].summary);
	fx->stories[2].summary = xstrdup("\xe2\x80\x8b");
	out = capture_text(&fx->tl, ev, 1, NULL, EXPORT_TEXT);
	assert_non_null(strstr(out, "(untitled)\n       - source: https://k.example/1\n"));
	free(out);
	{
		struct buf b = BUF_INIT;

		export_wrap(&b, "\xe2\x80\x8b", 72, "  ");
		assert_int_equal(b.len, 0);
		export_wrap(&b, "", 72, "  ");
		assert_int_equal(b.len, 0);
		buf_free(&b);
	}
}

/* The same input gives the same bytes. */
static void
test_text_deterministic(void **state)
{
	struct fixture *fx = *state;
	uint32_t ev[] = { 0, 1, 2 };
	char *a = capture_text(&fx->tl, ev, 3, NULL, EXPORT_MARKDOWN);
	char *b = capture_text(&fx->tl, ev, 3, NULL, EXPORT_MARKDOWN);

	assert_string_equal(a, b);
	free(a);
	free(b);
}

/* ---- export_file ---- */

struct payload {
	const char *text;
	size_t repeat;
	int fail_errno;		/* fail after writing, with this errno */
};

static int
write_payload(FILE *f, void *ud)
{
	struct payload *p = ud;

	for (size_t i = 0; i < p->repeat; i++)
		fputs(p->text, f);
	if (p->fail_errno) {
		errno = p->fail_errno;
		return -1;
	}
	return ferror(f) ? -1 : 0;
}

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;

	if (!f)
		return NULL;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	return buf_steal(&b);
}

static void
put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static size_t
count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t n = 0;

	assert_non_null(d);
	while ((de = readdir(d)))
		n += strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
	closedir(d);
	return n;
}

struct scratch {
	char dir[64];
	char path[128];
};

static void
scratch_new(struct scratch *s)
{
	strcpy(s->dir, "/tmp/dateline-export-XXXXXX");
	assert_non_null(mkdtemp(s->dir));
	snprintf(s->path, sizeof s->path, "%s/out.txt", s->dir);
}

static void
scratch_free(struct scratch *s)
{
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", s->dir);
	assert_int_equal(system(cmd), 0);
}

static void
assert_file(const char *path, const char *want)
{
	char *got = slurp(path);

	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void
test_file_new_and_refuse(void **state)
{
	struct scratch s;
	struct payload p = { "new\n", 1, 0 }, q = { "other\n", 1, 0 };
	char err[256], want[256];
	struct stat st;
	mode_t mask = umask(022);

	scratch_new(&s);
	assert_int_equal(export_file(s.path, false, write_payload, &p, err,
				     sizeof err), 0);
	assert_file(s.path, "new\n");
	assert_int_equal(stat(s.path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	/* an existing file is not replaced without force */
	assert_int_equal(export_file(s.path, false, write_payload, &q, err,
				     sizeof err), -1);
	snprintf(want, sizeof want, "%s: file exists (use --force)", s.path);
	assert_string_equal(err, want);
	assert_file(s.path, "new\n");
	/* with force it is, keeping its mode */
	assert_int_equal(chmod(s.path, 0600), 0);
	assert_int_equal(export_file(s.path, true, write_payload, &q, err,
				     sizeof err), 0);
	assert_file(s.path, "other\n");
	assert_int_equal(stat(s.path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(count_entries(s.dir), 1);
	umask(mask);
	scratch_free(&s);
}

/* A writer that fails leaves the old file and no temporary file. */
static void
test_file_writer_fails(void **state)
{
	struct scratch s;
	struct payload p = { "partial\n", 100, EIO };
	char err[256], want[256];

	scratch_new(&s);
	put(s.path, "old\n");
	assert_int_equal(export_file(s.path, true, write_payload, &p, err,
				     sizeof err), -1);
	snprintf(want, sizeof want, "%s: %s", s.path, strerror(EIO));
	assert_string_equal(err, want);
	assert_file(s.path, "old\n");
	assert_int_equal(count_entries(s.dir), 1);
	scratch_free(&s);
}

/* A file-size limit (a full disk, as far as the writer can tell). */
static void
test_file_too_large(void **state)
{
	struct scratch s;
	struct payload p = { "0123456789abcdef0123456789abcdef\n", 4096, 0 };
	struct rlimit old, lim;
	char err[256], want[256];
	int rc;

	scratch_new(&s);
	put(s.path, "old\n");
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = 8192;
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	rc = export_file(s.path, true, write_payload, &p, err, sizeof err);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	assert_int_equal(rc, -1);
	snprintf(want, sizeof want, "%s: %s", s.path, strerror(EFBIG));
	assert_string_equal(err, want);
	assert_file(s.path, "old\n");
	assert_int_equal(count_entries(s.dir), 1);
	scratch_free(&s);
}

static void
test_file_bad_directory(void **state)
{
	struct scratch s;
	struct payload p = { "x\n", 1, 0 };
	char err[256], path[256], want[512];

	scratch_new(&s);
	snprintf(path, sizeof path, "%s/missing/out.txt", s.dir);
	assert_int_equal(export_file(path, false, write_payload, &p, err,
				     sizeof err), -1);
	snprintf(want, sizeof want, "%s: %s", path, strerror(ENOENT));
	assert_string_equal(err, want);
	/* a file where a directory should be */
	put(s.path, "old\n");
	snprintf(path, sizeof path, "%s/out.txt/inner.txt", s.dir);
	assert_int_equal(export_file(path, true, write_payload, &p, err,
				     sizeof err), -1);
	snprintf(want, sizeof want, "%s: %s", path, strerror(ENOTDIR));
	assert_string_equal(err, want);
	assert_file(s.path, "old\n");
	/* a directory where the file should be, even with force */
	snprintf(path, sizeof path, "%s/sub", s.dir);
	assert_int_equal(mkdir(path, 0755), 0);
	assert_int_equal(export_file(path, true, write_payload, &p, err,
				     sizeof err), -1);
	assert_int_equal(count_entries(s.dir), 2);
	assert_int_equal(count_entries(path), 0);
	scratch_free(&s);
}

/* A file in the current directory (no slash in the path). */
static void
test_file_relative(void **state)
{
	struct scratch s;
	struct payload p = { "here\n", 1, 0 };
	char err[256], cwd[4096];

	scratch_new(&s);
	assert_non_null(getcwd(cwd, sizeof cwd));
	assert_int_equal(chdir(s.dir), 0);
	assert_int_equal(export_file("rel.txt", false, write_payload, &p, err,
				     sizeof err), 0);
	assert_file("rel.txt", "here\n");
	assert_int_equal(count_entries("."), 1);
	assert_int_equal(chdir(cwd), 0);
	scratch_free(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_tsv, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tsv_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tsv_hostile, setup, teardown),
		cmocka_unit_test_setup_teardown(test_jsonl, setup, teardown),
		cmocka_unit_test_setup_teardown(test_jsonl_escapes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_lines, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_write_error, setup, teardown),
		cmocka_unit_test(test_wrap_ascii),
		cmocka_unit_test(test_wrap_cjk),
		cmocka_unit_test(test_wrap_combining),
		cmocka_unit_test(test_wrap_emoji),
		cmocka_unit_test(test_wrap_url),
		cmocka_unit_test_setup_teardown(test_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_markdown, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_local_days, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_header, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_width, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_empty_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_deterministic, setup, teardown),
		cmocka_unit_test(test_file_new_and_refuse),
		cmocka_unit_test(test_file_writer_fails),
		cmocka_unit_test(test_file_too_large),
		cmocka_unit_test(test_file_bad_directory),
		cmocka_unit_test(test_file_relative),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
