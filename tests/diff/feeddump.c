/* Test helper: parse one feed file and print its stories as JSON lines,
 * then a last line with the feed's title, link and the parse result.
 *   feeddump [--base URL] [--charset NAME] [--push BYTES] FILE */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dateline/buf.h"
#include "dateline/feed.h"
#include "dateline/util.h"

static void
json_str(const char *s)
{
	putchar('"');
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c == '\n')
			fputs("\\n", stdout);
		else if (c < 0x20 || c == 0x7f)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void
field(const char *name, const char *value, bool comma)
{
	printf("\"%s\":", name);
	json_str(value);
	if (comma)
		putchar(',');
}

static void
story(struct story *s, void *ud)
{
	char date[32];

	putchar('{');
	field("title", s->title, true);
	field("link", s->link, true);
	field("id", s->id, true);
	if (s->published.known) {
		date_format_utc(s->published.utc, date);
		field("published", date, true);
	} else {
		fputs("\"published\":null,", stdout);
	}
	printf("\"offset\":%d,\"has_zone\":%s,", (int)s->published.offset,
	       s->published.has_zone ? "true" : "false");
	field("authors", s->authors, true);
	field("categories", s->categories, true);
	field("summary", s->summary, true);
	field("content", s->content, false);
	puts("}");
	story_free(s);
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char chunk[65536];
	size_t n;

	if (!f)
		die("%s: cannot open", path);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	*len = b.len;
	return buf_steal(&b);
}

int
main(int argc, char **argv)
{
	const char *base = NULL, *charset = NULL, *path = NULL;
	size_t push = 0, len;
	struct feed_result res;
	char *data;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--base") && i + 1 < argc)
			base = argv[++i];
		else if (!strcmp(argv[i], "--charset") && i + 1 < argc)
			charset = argv[++i];
		else if (!strcmp(argv[i], "--push") && i + 1 < argc)
			push = strtoul(argv[++i], NULL, 10);
		else
			path = argv[i];
	}
	if (!path)
		die("usage: feeddump [--base URL] [--charset NAME] "
		    "[--push BYTES] FILE");
	data = slurp(path, &len);
	if (push) {
		struct feed_parser *p = feed_parser_new(base, charset, story,
							NULL);

		for (size_t off = 0; off < len; off += push)
			if (feed_parser_push(p, data + off, len - off < push ?
					     len - off : push) < 0)
				break;
		rc = feed_parser_finish(p, &res);
	} else {
		rc = feed_parse(data, len, base, charset, story, NULL, &res);
	}
	fputs("{\"feed\":{", stdout);
	field("title", res.title, true);
	field("link", res.link, false);
	printf("},\"rc\":%d,\"items\":%zu,\"damaged\":%s,", rc, res.items,
	       res.damaged ? "true" : "false");
	field("error", res.error, false);
	puts("}");
	feed_result_free(&res);
	free(data);
	return rc ? 1 : 0;
}
