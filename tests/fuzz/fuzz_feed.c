/* Fuzz target: arbitrary bytes through the feed parser, whole or pushed in
 * pieces, then through the OPML reader; every string that comes out must
 * be clean (valid UTF-8, no controls, bidi or zero-width characters). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dateline/feed.h"
#include "dateline/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
must_be_safe(const char *s, bool newline)
{
	if (s && !text_is_safe(s, strlen(s), newline))
		abort();
}

static void
check_story(struct story *s, void *ud)
{
	size_t *n = ud;

	must_be_safe(s->id, false);
	must_be_safe(s->link, false);
	must_be_safe(s->title, false);
	must_be_safe(s->authors, false);
	must_be_safe(s->categories, false);
	must_be_safe(s->summary, true);
	must_be_safe(s->content, true);
	if (!s->id || !*s->id || strlen(s->title) > TEXT_TITLE_CAP)
		abort();
	story_free(s);
	(*n)++;
}

static void
check_outline(const char *url, const char *title, void *ud)
{
	must_be_safe(url, false);
	must_be_safe(title, false);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct feed_result res;
	size_t n = 0;
	char err[256] = "";	/* feed_opml writes it only on failure */

	if (size && (data[0] & 1)) {
		/* Odd first byte: the same bytes pushed in small pieces. */
		size_t piece = data[0] % 61 + 1;
		struct feed_parser *p = feed_parser_new(
			"http://example.com/feed.xml", NULL, check_story, &n);

		for (size_t off = 0; off < size; off += piece)
			if (feed_parser_push(p, s + off, size - off < piece ?
					     size - off : piece) < 0)
				break;
		feed_parser_finish(p, &res);
	} else {
		feed_parse(s, size, "http://example.com/feed.xml",
			   size > 1 && data[1] == 'K' ? "koi8-r" : NULL,
			   check_story, &n, &res);
	}
	must_be_safe(res.title, false);
	must_be_safe(res.link, false);
	must_be_safe(res.error, false);
	if (res.items != n)
		abort();
	feed_result_free(&res);
	feed_opml(s, size, check_outline, NULL, err, sizeof err);
	must_be_safe(err, false);
	return 0;
}
