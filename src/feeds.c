/* The feeds file in newsboat's urls syntax, so a newsboat user's file works
 * as it is, and the import of OPML subscriptions into it. */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "dateline/buf.h"
#include "dateline/feed.h"
#include "dateline/feeds.h"
#include "dateline/util.h"

#define TITLE_MAX 200	/* an imported title longer than this is cut */

char *
feeds_default_path(void)
{
	return config_file("feeds");
}

void
feeds_free(struct feed_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		struct feed_entry *e = &l->v[i];

		free(e->url);
		free(e->title);
		for (size_t t = 0; t < e->ntags; t++)
			free(e->tags[t]);
		free(e->tags);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
	for (size_t i = 0; i < l->nbad; i++)
		free(l->bad[i]);
	free(l->bad);
	l->bad = NULL;
	l->nbad = 0;
}

/* --- Reading -------------------------------------------------------- */

/* The next token of a line: a run of non-blanks, or a double-quoted string
 * with backslash escapes.  Returns 1 with tok filled, 0 at the end of the
 * line (or a '#' comment), -1 on an unterminated quote. */
static int
next_token(const char **p, const char *end, struct buf *tok)
{
	const char *s = *p;

	buf_reset(tok);
	while (s < end && (*s == ' ' || *s == '\t' || *s == '\r'))
		s++;
	if (s == end || *s == '#')
		return 0;
	if (*s == '"') {
		for (s++; s < end && *s != '"'; s++) {
			if (*s == '\\' && s + 1 < end)
				s++;
			buf_addc(tok, *s);
		}
		if (s == end)
			return -1;
		*p = s + 1;
	} else {
		const char *t = s;

		while (s < end && *s != ' ' && *s != '\t' && *s != '\r')
			s++;
		buf_add(tok, t, (size_t)(s - t));
		*p = s;
	}
	buf_addc(tok, '\0');	/* so an empty quoted token has data */
	tok->len--;
	return 1;
}

/* Newsboat's kinds of lines that are no feed to download. */
static const char *const not_feeds[] = { "exec:", "filter:", "query:" };

/* Why a URL cannot be a source, or NULL when it can. */
static const char *
bad_url(const char *url)
{
	for (size_t i = 0; i < ARRAY_SIZE(not_feeds); i++)
		if (strncasecmp(url, not_feeds[i], strlen(not_feeds[i])) == 0)
			return "command and query feeds are not supported";
	if (strncasecmp(url, "http://", 7) == 0 ||
	    strncasecmp(url, "https://", 8) == 0 ||
	    strncasecmp(url, "file://", 7) == 0 || url[0] == '/' ||
	    strncmp(url, "./", 2) == 0 || strncmp(url, "../", 3) == 0)
		return NULL;
	return strstr(url, "://") ? "unsupported scheme" : "not a URL";
}

static bool
listed(const struct feed_list *l, const char *url)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].url, url) == 0)
			return true;
	return false;
}

static void
report(struct feed_list *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
report(struct feed_list *l, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	l->bad = xreallocarray(l->bad, l->nbad + 1, sizeof *l->bad);
	l->bad[l->nbad++] = buf_steal(&b);
}

void
feeds_warn(const struct feed_list *l)
{
	for (size_t i = 0; i < l->nbad; i++)
		warn("%s", l->bad[i]);
}

/* One line; the entry is appended to out when it is one. */
static void
parse_line(const char *s, const char *end, const char *name, size_t lineno,
	   struct feed_list *out)
{
	struct buf tok = BUF_INIT;
	struct feed_entry e = { 0 };
	const char *why;
	int rc;

	if ((rc = next_token(&s, end, &tok)) <= 0) {
		if (rc < 0)
			report(out, "%s:%zu: unterminated quote, skipped",
			       name, lineno);
		goto out;
	}
	if ((why = bad_url(tok.data))) {
		report(out, "%s:%zu: %s: %.200s, skipped", name, lineno, why,
		       tok.data);
		goto out;
	}
	if (listed(out, tok.data)) {
		report(out, "%s:%zu: listed twice: %.200s, skipped", name,
		       lineno, tok.data);
		goto out;
	}
	e.url = xstrdup(tok.data);
	while ((rc = next_token(&s, end, &tok)) > 0) {
		if (tok.data[0] == '~') {
			free(e.title);
			e.title = tok.len > 1 ? xstrdup(tok.data + 1) : NULL;
		} else if (tok.len) {
			e.tags = xreallocarray(e.tags, e.ntags + 1,
					       sizeof *e.tags);
			e.tags[e.ntags++] = xstrdup(tok.data);
		}
	}
	if (rc < 0)
		report(out, "%s:%zu: unterminated quote, the rest of the line "
		       "is ignored", name, lineno);
	out->v = xreallocarray(out->v, out->n + 1, sizeof *out->v);
	out->v[out->n++] = e;
out:
	buf_free(&tok);
}

void
feeds_parse(const char *data, size_t len, const char *name,
	    struct feed_list *out)
{
	const char *p = data, *end = data + len;
	size_t lineno = 0;

	out->v = NULL;
	out->n = 0;
	out->bad = NULL;
	out->nbad = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;

		lineno++;
		parse_line(p, eol, name, lineno, out);
		p = nl ? nl + 1 : end;
	}
}

static int
read_file(const char *path, struct buf *b, char *err, size_t errlen)
{
	FILE *fp = fopen(path, "rb");

	if (!fp) {
		if (errno == ENOENT)
			return 1;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (!buf_add_file(b, fp)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		fclose(fp);
		return -1;
	}
	fclose(fp);
	return 0;
}

int
feeds_load(const char *path, struct feed_list *out, char *err, size_t errlen)
{
	struct buf b = BUF_INIT;
	int rc = read_file(path, &b, err, errlen);

	out->v = NULL;
	out->n = 0;
	out->bad = NULL;
	out->nbad = 0;
	if (rc == 0)
		feeds_parse(b.data ? b.data : "", b.len, path, out);
	buf_free(&b);
	return rc;
}

/* --- Importing OPML ------------------------------------------------- */

struct import {
	struct feed_list *have;
	struct buf lines;	/* what to append */
	size_t added;
	size_t listed;		/* outlines the file had already ... */
	size_t nhad;		/* ... in the first nhad of have, */
	bool *counted;		/* each counted once (nhad of them) */
	size_t skipped;		/* outlines that are no web feed */
};

/* A URL that goes on a line as it is: http(s), no blank, quote or control
 * character that would change how the line reads. */
static bool
importable(const char *url)
{
	if (strncasecmp(url, "http://", 7) != 0 &&
	    strncasecmp(url, "https://", 8) != 0)
		return false;
	for (const unsigned char *p = (const unsigned char *)url; *p; p++)
		if (*p <= ' ' || *p == '"' || *p == 0x7f)
			return false;
	return true;
}

static void
add_quoted_title(struct buf *b, const char *title)
{
	size_t n = 0;

	buf_adds(b, " \"~");
	for (const char *p = title; *p && n < TITLE_MAX; p++, n++) {
		if (*p == '"' || *p == '\\')
			buf_addc(b, '\\');
		buf_addc(b, (unsigned char)*p < ' ' ? ' ' : *p);
	}
	buf_addc(b, '"');
}

/* An outline's feed, added unless listed. */
static void
on_feed_url(struct import *im, const char *url, const char *title)
{
	struct feed_entry *e;

	if (listed(im->have, url)) {
		/* the file's own, once: not one this OPML named twice */
		for (size_t i = 0; i < im->nhad; i++)
			if (!strcmp(im->have->v[i].url, url)) {
				im->listed += !im->counted[i];
				im->counted[i] = true;
				break;
			}
		return;
	}
	buf_adds(&im->lines, url);
	if (title && *title)
		add_quoted_title(&im->lines, title);
	buf_addc(&im->lines, '\n');
	/* Remember it, so the OPML's own duplicates go in once. */
	im->have->v = xreallocarray(im->have->v, im->have->n + 1,
				    sizeof *im->have->v);
	e = &im->have->v[im->have->n++];
	memset(e, 0, sizeof *e);
	e->url = xstrdup(url);
	im->added++;
}

/* A URL with its spaces written %20, as a browser sends it (a feeds
 * file's line holds no blank); a new string. */
static char *
spaces_encoded(const char *url)
{
	struct buf b = BUF_INIT;

	for (const char *p = url; *p; p++) {
		if (*p == ' ')
			buf_adds(&b, "%20");
		else
			buf_addc(&b, *p);
	}
	return buf_steal(&b);
}

static void
on_outline(const char *url, const char *title, void *ud)
{
	struct import *im = ud;
	char *enc;

	if (!url) {
		im->skipped++;
		return;
	}
	enc = spaces_encoded(url);
	if (!importable(enc)) {
		im->skipped++;
		free(enc);
		return;
	}
	on_feed_url(im, enc, title);
	free(enc);
}


/* mkdir -p of the directory a file goes in. */
static int
make_parent(const char *path, char *err, size_t errlen)
{
	char *dir = xstrdup(path);
	int rc = 0;

	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
			snprintf(err, errlen, "%s: %s", dir, strerror(errno));
			rc = -1;
			break;
		}
		*p = '/';
	}
	free(dir);
	return rc;
}

/* Append text, starting on a new line if the file does not end with one. */
static int
append(const char *path, const struct buf *text, char *err, size_t errlen)
{
	struct buf old = BUF_INIT;
	FILE *fp;
	int rc;

	if ((rc = read_file(path, &old, err, errlen)) < 0)
		return -1;
	if (make_parent(path, err, errlen) != 0)
		goto fail_quiet;
	if (!(fp = fopen(path, "a")))
		goto fail;
	if (old.len && old.data[old.len - 1] != '\n')
		fputc('\n', fp);
	fwrite(text->data, 1, text->len, fp);
	if (ferror(fp) | (fclose(fp) != 0))
		goto fail;
	buf_free(&old);
	return 0;
fail:
	snprintf(err, errlen, "%s: %s", path, strerror(errno));
fail_quiet:
	buf_free(&old);
	return -1;
}

int
feeds_import_opml(const char *opml, const char *feeds_path, size_t *added,
		  size_t *listed, size_t *skipped, char *err, size_t errlen)
{
	struct feed_list have = { 0 };
	struct import im = { &have, BUF_INIT, 0, 0, 0, NULL, 0 };
	struct buf data = BUF_INIT;
	int rc = -1;

	*added = *listed = *skipped = 0;
	switch (read_file(opml, &data, err, errlen)) {
	case 1:
		snprintf(err, errlen, "%s: %s", opml, strerror(ENOENT));
		/* fall through */
	case -1:
		goto out;
	}
	if (feeds_load(feeds_path, &have, err, errlen) < 0)
		goto out;
	feeds_warn(&have);
	im.nhad = have.n;
	im.counted = xcalloc(have.n + 1, sizeof *im.counted);
	if (feed_opml(data.data ? data.data : "", data.len, on_outline, &im,
		      err, errlen) != 0) {
		char *why = xstrdup(err);

		/* "FILE: reason", as every source's failure is said */
		snprintf(err, errlen, "%s: %s", opml, why);
		free(why);
		goto out;
	}
	if (im.added && append(feeds_path, &im.lines, err, errlen) != 0)
		goto out;
	*added = im.added;
	*listed = im.listed;
	*skipped = im.skipped;
	rc = 0;
out:
	buf_free(&data);
	buf_free(&im.lines);
	free(im.counted);
	feeds_free(&have);
	return rc;
}
