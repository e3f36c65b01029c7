/* Feed parsing: RSS 0.9x/2.0, RSS 1.0 and Atom 1.0/0.3 into stories with
 * libxml2's SAX2 push parser, in three passes when a feed is broken. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sys/stat.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/uri.h>
#include <libxml/xmlerror.h>

#include "dateline/buf.h"
#include "dateline/feed.h"
#include "dateline/text.h"
#include "dateline/util.h"

/* Raw text kept per element before cleaning: a little more than the
 * cleaned caps, so that markup and entities do not eat the budget. */
#define RAW_SMALL (16 * 1024)
#define RAW_BODY (4 * TEXT_BODY_CAP)
/* Authors and categories joined: at most this many. */
#define LIST_MAX 32
/* Elements nested deeper than this end the parse (libxml2's push parser
 * has no limit of its own); the message in too_deep() says the number. */
#define MAX_FRAMES 256
/* Bytes of the start looked at before parsing (BOM, declaration, HTML). */
#define SNIFF_LEN 512
/* Pieces given to libxml2 at a time, so its buffer stays small. */
#define CHUNK (256 * 1024)
/* An internal entity longer than this, or one that refers to others, is
 * not declared at all, and references stop resolving once they have
 * expanded to ENTITY_BUDGET bytes: no amplification ("billion laughs"). */
#define ENTITY_MAX 1024
#define ENTITY_BUDGET (1024 * 1024)

enum kind {
	K_OTHER, K_FIELD, K_RSS, K_RDF, K_FEED, K_CHANNEL, K_ITEM, K_AUTHOR,
	K_GROUP,
};

enum field {
	F_NONE, F_TITLE, F_LINK, F_ID, F_SUMMARY, F_CONTENT, F_DATE, F_AUTHOR,
	F_NAME, F_CATEGORY, NFIELDS
};

enum mode { M_TEXT, M_HTML, M_XHTML, M_SNIFF, M_ATOM, M_MEDIA, M_SKIP };

struct tag {
	const char *key;	/* "prefix:local" */
	uint8_t kind;
	uint8_t field;
	uint8_t prio;		/* lower wins */
	uint8_t mode;
};

/* Sorted by key (strcmp): searched with bsearch.  The date priorities are
 * the order of preference: first publication over later changes. */
static const struct tag tags[] = {
	{ "atom:author", K_AUTHOR, F_NONE, 0, M_TEXT },
	{ "atom:category", K_FIELD, F_CATEGORY, 1, M_TEXT },
	{ "atom:content", K_FIELD, F_CONTENT, 1, M_ATOM },
	{ "atom:created", K_FIELD, F_DATE, 4, M_TEXT },
	{ "atom:entry", K_ITEM, F_NONE, 0, M_TEXT },
	{ "atom:feed", K_FEED, F_NONE, 0, M_TEXT },
	{ "atom:id", K_FIELD, F_ID, 1, M_TEXT },
	{ "atom:issued", K_FIELD, F_DATE, 2, M_TEXT },
	{ "atom:link", K_FIELD, F_LINK, 2, M_TEXT },
	{ "atom:modified", K_FIELD, F_DATE, 6, M_TEXT },
	{ "atom:name", K_FIELD, F_NAME, 1, M_TEXT },
	{ "atom:published", K_FIELD, F_DATE, 1, M_TEXT },
	{ "atom:summary", K_FIELD, F_SUMMARY, 1, M_ATOM },
	{ "atom:title", K_FIELD, F_TITLE, 1, M_ATOM },
	{ "atom:updated", K_FIELD, F_DATE, 5, M_TEXT },
	{ "content:encoded", K_FIELD, F_CONTENT, 1, M_HTML },
	{ "dc:creator", K_FIELD, F_AUTHOR, 1, M_TEXT },
	{ "dc:date", K_FIELD, F_DATE, 3, M_TEXT },
	{ "dc:description", K_FIELD, F_SUMMARY, 2, M_HTML },
	{ "dc:subject", K_FIELD, F_CATEGORY, 1, M_TEXT },
	{ "dc:title", K_FIELD, F_TITLE, 2, M_SNIFF },
	{ "dcterms:created", K_FIELD, F_DATE, 4, M_TEXT },
	{ "dcterms:issued", K_FIELD, F_DATE, 3, M_TEXT },
	{ "dcterms:modified", K_FIELD, F_DATE, 6, M_TEXT },
	{ "media:description", K_FIELD, F_SUMMARY, 3, M_MEDIA },
	{ "media:group", K_GROUP, F_NONE, 0, M_TEXT },
	{ "media:title", K_FIELD, F_TITLE, 3, M_MEDIA },
	{ "rdf:RDF", K_RDF, F_NONE, 0, M_TEXT },
	{ "rss:author", K_FIELD, F_AUTHOR, 1, M_TEXT },
	{ "rss:category", K_FIELD, F_CATEGORY, 1, M_TEXT },
	{ "rss:channel", K_CHANNEL, F_NONE, 0, M_TEXT },
	{ "rss:content", K_FIELD, F_CONTENT, 2, M_ATOM },
	{ "rss:description", K_FIELD, F_SUMMARY, 1, M_HTML },
	{ "rss:entry", K_ITEM, F_NONE, 0, M_TEXT },
	{ "rss:feed", K_FEED, F_NONE, 0, M_TEXT },
	{ "rss:guid", K_FIELD, F_ID, 1, M_TEXT },
	{ "rss:id", K_FIELD, F_ID, 2, M_TEXT },
	{ "rss:item", K_ITEM, F_NONE, 0, M_TEXT },
	{ "rss:link", K_FIELD, F_LINK, 1, M_TEXT },
	{ "rss:pubDate", K_FIELD, F_DATE, 1, M_TEXT },
	{ "rss:published", K_FIELD, F_DATE, 1, M_TEXT },
	{ "rss:rss", K_RSS, F_NONE, 0, M_TEXT },
	{ "rss:summary", K_FIELD, F_SUMMARY, 2, M_ATOM },
	{ "rss:title", K_FIELD, F_TITLE, 1, M_SNIFF },
	{ "rss:updated", K_FIELD, F_DATE, 5, M_TEXT },
};

struct ns {
	const char *uri;
	const char *prefix;
};

/* Namespace URIs to the prefixes of the table above, sorted by URI.  No
 * namespace, RSS 0.90 and RSS 1.0 all read as "rss". */
static const struct ns namespaces[] = {
	{ "http://backend.userland.com/rss2", "rss" },
	{ "http://my.netscape.com/rdf/simple/0.9/", "rss" },
	{ "http://purl.org/atom/ns#", "atom" },
	{ "http://purl.org/dc/elements/1.1/", "dc" },
	{ "http://purl.org/dc/terms/", "dcterms" },
	{ "http://purl.org/rss/1.0/", "rss" },
	{ "http://purl.org/rss/1.0/modules/content/", "content" },
	{ "http://search.yahoo.com/mrss", "media" },
	{ "http://search.yahoo.com/mrss/", "media" },
	{ "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdf" },
	{ "http://www.w3.org/2005/Atom", "atom" },
};

/* Prefixes read as such when a feed forgot to declare them. */
static const char *const bare_prefixes[] = {
	"atom", "content", "dc", "dcterms", "media", "rdf",
};

struct frame {
	uint8_t kind;
	bool own_base;
	char *base;		/* xml:base in effect, or NULL */
};

/* What one item has gathered so far. */
struct item {
	char *val[NFIELDS];
	uint8_t prio[NFIELDS];
	struct dl_time date;
	uint8_t date_prio;
	struct buf authors, categories;
	int nauthors, ncategories;
};

/* The element whose text is being gathered. */
struct capture {
	uint8_t field;
	uint8_t mode;
	uint8_t prio;
	bool in_item;		/* else a feed-level field */
	bool perma;		/* rss:guid that is also a link */
	size_t depth;
	size_t limit;
	const char *base;
};

enum pass { PASS_STRICT, PASS_REPAIRED, PASS_RECOVER };

struct feed_parser {
	char *base_url;
	char *charset;
	feed_story_fn fn;
	void *ud;

	struct buf raw;		/* everything pushed, for another pass */
	const char *ext;	/* feed_parse: the caller's bytes, not copied */
	size_t extlen;
	FILE *file;		/* feed_parse_file: read again for another
				   pass, so raw stops at the first bytes */
	bool partial;		/* raw is not all of the bytes */
	off_t file_start;	/* where the file's bytes begin */
	struct stat file_was;	/* the file as the first pass found it */

	xmlParserCtxtPtr ctxt;
	enum pass pass;
	bool started;		/* a context exists for this pass */
	bool gave_up;		/* not a feed: nothing more to do */
	bool failed;		/* this pass met a fatal error */
	bool stopped;		/* this pass was stopped (too deep) */
	bool seen_root;
	const char *forced;	/* encoding from the BOM or HTTP, or NULL */
	bool ignore_enc;	/* the XML declaration's encoding is overruled */
	bool utf8;		/* the bytes are UTF-8 (repair may fix them) */
	bool ascii;		/* an ASCII superset: repair is possible */

	struct frame *frames;
	size_t depth;		/* elements open */
	size_t in_item;		/* depth of the open item, 0 when none */
	struct item item;
	struct capture cap;
	struct buf text;
	size_t pass_items;	/* items seen in this pass */
	size_t entity_bytes;	/* expanded by entity references this pass */
	size_t delivered;	/* stories handed out over all passes */

	char *title, *link;
	uint8_t title_prio, link_prio;
	char error[256];
	char pass_error[256];	/* the first error of the last strict pass */
	int error_line;		/* ... its line */
	bool ending;		/* the parser is told the bytes are over */
};

/* Copy a message into a fixed buffer, cleaned and cut at a character
 * boundary (messages quote the feed's bytes). */
static void
copy_clean(char *dst, size_t n, const char *src)
{
	char *c = text_clean(src, strlen(src), n - 1);

	memcpy(dst, c, strlen(c) + 1);
	free(c);
}

static void
set_error(struct feed_parser *p, const char *msg)
{
	if (!p->error[0])
		copy_clean(p->error, sizeof p->error, msg);
}

/* ---- tag lookup ---- */

static int
tag_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct tag *)elem)->key);
}

static int
ns_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct ns *)elem)->uri);
}

static const char *
ns_prefix(const xmlChar *uri, const xmlChar *prefix)
{
	const struct ns *n;

	if (!uri) {
		if (!prefix)
			return "rss";
		for (size_t i = 0; i < ARRAY_SIZE(bare_prefixes); i++)
			if (!strcmp((const char *)prefix, bare_prefixes[i]))
				return bare_prefixes[i];
		return NULL;
	}
	n = bsearch(uri, namespaces, ARRAY_SIZE(namespaces), sizeof *n,
		    ns_cmp);
	if (n)
		return n->prefix;
	/* An unknown default namespace (a typo, a private one) is read as
	 * none, the way RSS 2.0 has it; prefixed unknowns are extensions. */
	return prefix ? NULL : "rss";
}

static const struct tag *
tag_find(const xmlChar *local, const xmlChar *uri, const xmlChar *prefix)
{
	const char *pre = ns_prefix(uri, prefix);
	char key[64];
	size_t lp, ll;

	if (!pre)
		return NULL;
	lp = strlen(pre);
	ll = strlen((const char *)local);
	if (lp + 1 + ll >= sizeof key)
		return NULL;
	memcpy(key, pre, lp);
	key[lp] = ':';
	memcpy(key + lp + 1, local, ll + 1);
	return bsearch(key, tags, ARRAY_SIZE(tags), sizeof *tags, tag_cmp);
}

/* ---- attributes ---- */

/* libxml2 hands attribute values with '&' kept as "&#38;" and references
 * to declared entities kept as "&name;" (we do not substitute entities):
 * decode the first, replace the second by the entity's short content. */
static char *
attr_decode(xmlParserCtxtPtr ctxt, const char *v, size_t n)
{
	struct buf b = BUF_INIT;
	const char *end = v + n, *amp, *semi;

	while (v < end && (amp = memchr(v, '&', (size_t)(end - v)))) {
		buf_add(&b, v, (size_t)(amp - v));
		semi = memchr(amp, ';', (size_t)(end - amp));
		if (!semi) {
			v = end;
			break;
		}
		if (semi - amp == 4 && !memcmp(amp, "&#38;", 5)) {
			buf_addc(&b, '&');
		} else if (semi - amp > 1 && semi - amp < 64 && ctxt->myDoc) {
			char name[64];
			xmlEntityPtr e;

			memcpy(name, amp + 1, (size_t)(semi - amp - 1));
			name[semi - amp - 1] = '\0';
			e = xmlGetDocEntity(ctxt->myDoc, (const xmlChar *)name);
			if (e && e->etype == XML_INTERNAL_GENERAL_ENTITY &&
			    e->content)
				buf_adds(&b, (const char *)e->content);
		}
		v = semi + 1;
	}
	if (v < end)
		buf_add(&b, v, (size_t)(end - v));
	return buf_steal(&b);
}

/* The value of attribute local (in namespace uri, or none), or NULL. */
static char *
attr_get(xmlParserCtxtPtr ctxt, int n, const xmlChar **a, const char *uri,
	 const char *local)
{
	for (int i = 0; i < n; i++, a += 5) {
		if (strcmp((const char *)a[0], local))
			continue;
		if (uri ? !a[2] || strcmp((const char *)a[2], uri) : !!a[2])
			continue;
		return attr_decode(ctxt, (const char *)a[3],
				   (size_t)(a[4] - a[3]));
	}
	return NULL;
}

static bool
attr_is(const char *v, const char *s)
{
	return v && !strcasecmp(v, s);
}

/* ---- links ---- */

static bool
scheme_ok(const char *u)
{
	static const char *const ok[] = { "http://", "https://", "ftp://" };

	for (size_t i = 0; i < ARRAY_SIZE(ok); i++)
		if (!strncasecmp(u, ok[i], strlen(ok[i])))
			return true;
	return false;
}

/* A link made absolute against base; only web links are kept, so that
 * "javascript:", "file:" or "|command" never reach a browser or shell. */
static char *
link_resolve(const char *raw, size_t len, const char *base)
{
	char *s = text_clean(raw, len, RAW_SMALL), *abs = NULL;

	if (*s && base) {
		xmlChar *u = xmlBuildURI((const xmlChar *)s,
					 (const xmlChar *)base);

		if (u) {
			abs = xstrdup((const char *)u);
			xmlFree(u);
		}
	}
	if (!abs)
		abs = s;
	else
		free(s);
	if (!scheme_ok(abs)) {
		free(abs);
		return NULL;
	}
	return abs;
}

/* ---- frames and xml:base ---- */

static struct frame *
frame_at(struct feed_parser *p, size_t depth)
{
	if (depth == 0 || depth > MAX_FRAMES)
		return NULL;
	return &p->frames[depth - 1];
}

static uint8_t
kind_at(struct feed_parser *p, size_t depth)
{
	struct frame *f = frame_at(p, depth);

	return f ? f->kind : K_OTHER;
}

static const char *
base_at(struct feed_parser *p, size_t depth)
{
	struct frame *f = frame_at(p, depth);

	if (depth > MAX_FRAMES)
		f = frame_at(p, MAX_FRAMES);
	return f ? f->base : p->base_url;
}

static void
frame_push(struct feed_parser *p, uint8_t kind, const char *xml_base)
{
	const char *parent = base_at(p, p->depth);
	struct frame *f;

	p->depth++;
	f = frame_at(p, p->depth);
	if (!f)
		return;
	f->kind = kind;
	f->base = (char *)parent;
	f->own_base = false;
	if (xml_base) {
		xmlChar *u = parent ? xmlBuildURI((const xmlChar *)xml_base,
						  (const xmlChar *)parent)
				    : xmlStrdup((const xmlChar *)xml_base);

		if (u) {
			f->base = xstrdup((const char *)u);
			f->own_base = true;
			xmlFree(u);
		}
	}
}

static void
frame_pop(struct feed_parser *p)
{
	struct frame *f = frame_at(p, p->depth);

	if (f && f->own_base)
		free(f->base);
	if (p->depth)
		p->depth--;
}

/* ---- items ---- */

static void
item_clear(struct item *it)
{
	for (int i = 0; i < NFIELDS; i++)
		free(it->val[i]);
	buf_free(&it->authors);
	buf_free(&it->categories);
	memset(it, 0, sizeof *it);
}

static void
item_set(struct item *it, int field, uint8_t prio, char *v)
{
	if (!v || !*v || (it->val[field] && it->prio[field] <= prio)) {
		free(v);
		return;
	}
	free(it->val[field]);
	it->val[field] = v;
	it->prio[field] = prio;
}

/* Add v to a "; "-joined list unless it is there already. */
static void
list_add(struct buf *b, int *n, char *v)
{
	size_t len = strlen(v);
	const char *s = b->data;

	if (!len || *n >= LIST_MAX || b->len + len > TEXT_TITLE_CAP)
		goto out;
	while (s && (s = strstr(s, v))) {
		bool start = s == b->data || s[-1] == ' ';
		bool end = s[len] == '\0' || s[len] == ';';

		if (start && end)
			goto out;
		s += len;
	}
	if (b->len)
		buf_adds(b, "; ");
	buf_add(b, v, len);
	(*n)++;
out:
	free(v);
}

static void
item_deliver(struct feed_parser *p)
{
	struct item *it = &p->item;
	struct story s;

	memset(&s, 0, sizeof s);
	if (p->pass_items++ < p->delivered) {
		item_clear(it);
		return;
	}
	s.id = it->val[F_ID];
	s.link = it->val[F_LINK];
	s.title = it->val[F_TITLE];
	s.summary = it->val[F_SUMMARY];
	s.content = it->val[F_CONTENT];
	s.authors = it->authors.len ? buf_steal(&it->authors) : NULL;
	s.categories = it->categories.len ? buf_steal(&it->categories) : NULL;
	s.published = it->date;
	it->val[F_ID] = it->val[F_LINK] = it->val[F_TITLE] = NULL;
	it->val[F_SUMMARY] = it->val[F_CONTENT] = NULL;
	item_clear(it);
	story_normalise(&s);
	p->delivered++;
	p->fn(&s, p->ud);
}

/* ---- cleaning gathered text ---- */

/* Whether text meant as plain may in fact be HTML: a tag or an entity. */
static bool
looks_html(const char *s, size_t len)
{
	for (size_t i = 0; i + 1 < len; i++) {
		unsigned char c = (unsigned char)s[i + 1];
		bool letter = (unsigned)((c | 0x20) - 'a') < 26u;

		if (s[i] == '<' && (c == '/' || c == '!' || letter))
			return true;
		if (s[i] == '&' && (c == '#' || letter)) {
			size_t j = i + 2;

			while (j < len && j < i + 40 &&
			       s[j] != ';' && s[j] != ' ' && s[j] != '&' &&
			       s[j] != '<')
				j++;
			if (j < len && s[j] == ';')
				return true;
		}
	}
	return false;
}

static char *
clean_line(const char *s, size_t len, bool html, size_t cap)
{
	char *tmp, *out;

	if (!html)
		return text_clean(s, len, cap);
	tmp = text_from_html(s, len, RAW_SMALL);
	out = text_clean(tmp, strlen(tmp), cap);
	free(tmp);
	return out;
}

static char *
clean_body(const char *s, size_t len, bool html)
{
	if (!html)
		return text_clean(s, len, TEXT_BODY_CAP);
	return text_from_html(s, len, TEXT_BODY_CAP);
}

static void
commit_feed(struct feed_parser *p, const char *s, size_t len)
{
	struct capture *c = &p->cap;
	char *v;

	if (c->field == F_TITLE) {
		if (p->title && p->title_prio <= c->prio)
			return;
		v = clean_line(s, len, c->mode == M_HTML || c->mode == M_XHTML,
			       TEXT_TITLE_CAP);
		if (!*v) {
			free(v);
			return;
		}
		free(p->title);
		p->title = v;
		p->title_prio = c->prio;
	} else if (c->field == F_LINK) {
		if (p->link && p->link_prio <= c->prio)
			return;
		v = link_resolve(s, len, c->base);
		if (!v)
			return;
		free(p->link);
		p->link = v;
		p->link_prio = c->prio;
	}
}

static void
commit_item(struct feed_parser *p, const char *s, size_t len)
{
	struct capture *c = &p->cap;
	struct item *it = &p->item;
	bool html = c->mode == M_HTML || c->mode == M_XHTML;

	switch (c->field) {
	case F_TITLE:
		item_set(it, F_TITLE, c->prio,
			 clean_line(s, len, html, TEXT_TITLE_CAP));
		break;
	case F_SUMMARY:
	case F_CONTENT:
		if (!it->val[c->field] || it->prio[c->field] > c->prio)
			item_set(it, c->field, c->prio,
				 clean_body(s, len, html));
		break;
	case F_ID:
		item_set(it, F_ID, c->prio, text_clean(s, len, TEXT_TITLE_CAP));
		if (c->perma)
			item_set(it, F_LINK, 3, link_resolve(s, len, c->base));
		break;
	case F_LINK:
		item_set(it, F_LINK, c->prio, link_resolve(s, len, c->base));
		break;
	case F_DATE: {
		struct dl_time t;
		char *d = text_clean(s, len, 256);

		if (date_parse(d, &t) && t.known &&
		    (!it->date.known || it->date_prio > c->prio)) {
			it->date = t;
			it->date_prio = c->prio;
		}
		free(d);
		break;
	}
	case F_AUTHOR:
	case F_NAME:
		list_add(&it->authors, &it->nauthors,
			 text_clean(s, len, TEXT_TITLE_CAP));
		break;
	case F_CATEGORY:
		list_add(&it->categories, &it->ncategories,
			 text_clean(s, len, TEXT_TITLE_CAP));
		break;
	}
}

static void
capture_end(struct feed_parser *p)
{
	struct capture *c = &p->cap;
	const char *s = p->text.data ? p->text.data : "";
	size_t len = p->text.len;

	if (c->mode == M_SNIFF)
		c->mode = looks_html(s, len) ? M_HTML : M_TEXT;
	if (c->in_item)
		commit_item(p, s, len);
	else
		commit_feed(p, s, len);
	c->field = F_NONE;
	buf_reset(&p->text);
}

/* Append gathered text, stopping at the limit on a character boundary. */
static void
text_add(struct feed_parser *p, const char *s, size_t n, bool escape)
{
	size_t room;

	if (p->text.len >= p->cap.limit)
		return;
	room = p->cap.limit - p->text.len;
	if (n > room) {
		n = room;
		while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	if (!escape) {
		buf_add(&p->text, s, n);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '<')
			buf_adds(&p->text, "&lt;");
		else if (s[i] == '&')
			buf_adds(&p->text, "&amp;");
		else
			buf_addc(&p->text, s[i]);
	}
}

/* ---- what an element means where it is ---- */

static uint8_t
atom_mode(const char *type, const char *mode)
{
	if (attr_is(mode, "base64"))
		return M_SKIP;
	if (!type || attr_is(type, "text") || attr_is(type, "text/plain"))
		return attr_is(mode, "escaped") ? M_HTML : M_TEXT;
	if (attr_is(type, "html") || attr_is(type, "text/html"))
		return M_HTML;
	if (attr_is(type, "xhtml") || attr_is(type, "application/xhtml+xml"))
		return M_XHTML;
	return M_SKIP;
}

/* The kind an element takes given its parent's; K_OTHER when it is not
 * where that tag means something. */
static uint8_t
kind_in(const struct tag *t, uint8_t parent, uint8_t grand, size_t depth)
{
	if (!t)
		return K_OTHER;
	switch (t->kind) {
	case K_RSS:
	case K_RDF:
	case K_FEED:
		return depth == 0 ? t->kind : K_OTHER;
	case K_CHANNEL:
		return parent == K_RSS || parent == K_RDF ? K_CHANNEL : K_OTHER;
	case K_ITEM:
		return parent == K_CHANNEL || parent == K_RDF ||
		       parent == K_FEED || parent == K_RSS ? K_ITEM : K_OTHER;
	case K_AUTHOR:
	case K_GROUP:
		return parent == K_ITEM ? t->kind : K_OTHER;
	}
	/* A field: of an item, or of the feed (title and link only). */
	if (parent == K_ITEM)
		return t->field == F_NAME ? K_OTHER : K_FIELD;
	if (parent == K_AUTHOR && grand == K_ITEM && t->field == F_NAME)
		return K_FIELD;
	if (parent == K_GROUP && grand == K_ITEM &&
	    (t->mode == M_MEDIA))
		return K_FIELD;
	if ((parent == K_CHANNEL || parent == K_FEED) &&
	    (t->field == F_TITLE || t->field == F_LINK) && t->mode != M_MEDIA)
		return K_FIELD;
	return K_OTHER;
}

static void
root_check(struct feed_parser *p, uint8_t kind, const xmlChar *local)
{
	char msg[128];

	p->seen_root = true;
	if (kind == K_RSS || kind == K_RDF || kind == K_FEED)
		return;
	if (!strcasecmp((const char *)local, "html")) {
		snprintf(msg, sizeof msg, "not a feed (HTML page)");
	} else {
		char *name = text_clean((const char *)local,
					strlen((const char *)local), 64);

		snprintf(msg, sizeof msg, "not a feed (root element <%s>)",
			 name);
		free(name);
	}
	set_error(p, msg);
	p->gave_up = true;
	p->ctxt->disableSAX = 1;
}

/* Atom links and categories carry their value in attributes: take it.
 * Returns false when the element's text is the value instead. */
static bool
field_from_attrs(struct feed_parser *p, const struct tag *t, int na,
		 const xmlChar **a)
{
	xmlParserCtxtPtr ctxt = p->ctxt;
	bool in_item = p->in_item != 0;
	char *href, *rel, *v;

	if (t->field == F_LINK && (href = attr_get(ctxt, na, a, NULL, "href"))) {
		rel = attr_get(ctxt, na, a, NULL, "rel");
		if (!rel || attr_is(rel, "alternate")) {
			v = link_resolve(href, strlen(href), base_at(p, p->depth));
			if (in_item) {
				item_set(&p->item, F_LINK, t->prio, v);
			} else if (v && (!p->link || p->link_prio > t->prio)) {
				free(p->link);
				p->link = v;
				p->link_prio = t->prio;
			} else {
				free(v);
			}
		}
		free(rel);
		free(href);
		return true;
	}
	if (t->field == F_CATEGORY &&
	    ((v = attr_get(ctxt, na, a, NULL, "term")) ||
	     (v = attr_get(ctxt, na, a, NULL, "label")))) {
		if (in_item)
			list_add(&p->item.categories, &p->item.ncategories,
				 text_clean(v, strlen(v), TEXT_TITLE_CAP));
		free(v);
		return true;
	}
	return false;
}

/* How the text of an Atom or media text construct is to be read. */
static uint8_t
construct_mode(struct feed_parser *p, uint8_t mode, int na, const xmlChar **a)
{
	char *type = attr_get(p->ctxt, na, a, NULL, "type");
	char *enc = mode == M_ATOM ? attr_get(p->ctxt, na, a, NULL, "mode")
				   : NULL;
	char *src = attr_get(p->ctxt, na, a, NULL, "src");

	if (mode == M_MEDIA)
		mode = attr_is(type, "html") ? M_HTML : M_TEXT;
	else
		mode = atom_mode(type, enc);
	if (src)
		mode = M_SKIP;	/* out of line: not fetched */
	free(type);
	free(enc);
	free(src);
	return mode;
}

/* Start gathering the text of a field element. */
static void
field_start(struct feed_parser *p, const struct tag *t, int na,
	    const xmlChar **a)
{
	struct capture *c = &p->cap;

	memset(c, 0, sizeof *c);
	if (field_from_attrs(p, t, na, a))
		return;
	c->in_item = p->in_item != 0;
	c->prio = t->prio;
	c->base = base_at(p, p->depth);
	c->mode = t->mode;
	if (c->mode == M_ATOM || c->mode == M_MEDIA)
		c->mode = construct_mode(p, c->mode, na, a);
	if (c->mode == M_SKIP)
		return;
	if (t->field == F_ID && !strcmp(t->key, "rss:guid")) {
		char *v = attr_get(p->ctxt, na, a, NULL, "isPermaLink");

		c->perma = !attr_is(v, "false");
		free(v);
	}
	c->field = t->field;
	c->depth = p->depth;
	c->limit = t->field == F_SUMMARY || t->field == F_CONTENT ?
		   RAW_BODY : RAW_SMALL;
	buf_reset(&p->text);
}

/* ---- SAX callbacks ---- */

static struct feed_parser *
parser_of(void *ctx)
{
	struct feed_parser *p = ((xmlParserCtxtPtr)ctx)->_private;

	return p->failed || p->gave_up || p->stopped ? NULL : p;
}

/* Nesting past the cap, or entities expanding past their budget, end
 * this pass, in recovery mode too; what was read before is kept.
 * xmlStopParser is meant for use in callbacks. */
static void
halt(struct feed_parser *p, const char *why)
{
	if (!p->pass_error[0] || p->pass == PASS_STRICT) {
		char msg[128];

		snprintf(msg, sizeof msg, "XML error at line %d: %s",
			 xmlSAX2GetLineNumber(p->ctxt), why);
		copy_clean(p->pass_error, sizeof p->pass_error, msg);
	}
	if (p->pass != PASS_RECOVER)
		p->failed = true;
	p->stopped = true;
	xmlStopParser(p->ctxt);
}

static void
too_deep(struct feed_parser *p)
{
	halt(p, "elements nested deeper than 256");
}

/* In recovery, what a known tag begins when it comes where the feed's
 * structure says it cannot: an item, or a field of the item, inside a
 * field of the item (a title's "<b>" left open, a description without its
 * end tag) means that field was never closed.  It ends there, and the tag
 * is what it would have been, as lenient readers take it -- libxml2 would
 * nest the rest of the feed in the open field.  K_OTHER: nothing of the
 * kind (markup inside a field, or the structure as it should be). */
static uint8_t
reopened(struct feed_parser *p, const struct tag *t)
{
	bool in_field = p->cap.field != F_NONE;

	if (p->pass != PASS_RECOVER || !t ||
	    (t->kind != K_ITEM && t->kind != K_FIELD))
		return K_OTHER;
	for (size_t d = p->depth; !in_field && d > p->in_item; d--) {
		uint8_t k = kind_at(p, d);

		if (k == K_FIELD)
			in_field = true;
		else if (k != K_OTHER)
			break;
	}
	if (!in_field)
		return K_OTHER;
	if (t->kind == K_ITEM)
		return K_ITEM;
	return p->in_item && t->field != F_NAME ? K_FIELD : K_OTHER;
}

static void
sax_start(void *ctx, const xmlChar *local, const xmlChar *prefix,
	  const xmlChar *uri, int nns, const xmlChar **nsv, int na, int nd,
	  const xmlChar **a)
{
	struct feed_parser *p = parser_of(ctx);
	const struct tag *t;
	uint8_t kind;
	char *xb;

	if (!p)
		return;
	if (p->depth >= MAX_FRAMES) {
		too_deep(p);
		return;
	}
	/* markup inside a field is looked up only where it may end it */
	t = p->cap.field == F_NONE || p->pass == PASS_RECOVER ?
		tag_find(local, uri, prefix) : NULL;
	if ((kind = reopened(p, t)) != K_OTHER) {
		if (p->cap.field != F_NONE)
			capture_end(p);
		if (kind == K_ITEM && p->in_item) {
			item_deliver(p);
			p->in_item = 0;
		}
	} else if (p->cap.field != F_NONE) {
		/* Markup inside a field: kept as tags for HTML fields. */
		if (p->cap.mode == M_HTML || p->cap.mode == M_XHTML) {
			text_add(p, "<", 1, false);
			text_add(p, (const char *)local,
				 strlen((const char *)local), false);
			text_add(p, ">", 1, false);
		}
		frame_push(p, K_OTHER, NULL);
		return;
	} else {
		kind = kind_in(t, kind_at(p, p->depth),
			       kind_at(p, p->depth - 1), p->depth);
	}
	if (p->depth == 0) {
		root_check(p, kind, local);
		if (p->gave_up)
			return;
	}
	xb = attr_get(p->ctxt, na, a, (const char *)XML_XML_NAMESPACE, "base");
	frame_push(p, kind, xb);
	free(xb);
	if (kind == K_ITEM) {
		item_clear(&p->item);
		p->in_item = p->depth;
		/* RSS 1.0: the item's URI is its id. */
		xb = attr_get(p->ctxt, na, a,
			      "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
			      "about");
		if (xb)
			item_set(&p->item, F_ID, 2,
				 text_clean(xb, strlen(xb), TEXT_TITLE_CAP));
		free(xb);
	} else if (kind == K_FIELD) {
		field_start(p, t, na, a);
	}
}

static void
sax_end(void *ctx, const xmlChar *local, const xmlChar *prefix,
	const xmlChar *uri)
{
	struct feed_parser *p = parser_of(ctx);

	if (!p || !p->depth)
		return;
	if (p->cap.field != F_NONE) {
		if (p->depth == p->cap.depth) {
			capture_end(p);
		} else if (p->cap.mode == M_HTML || p->cap.mode == M_XHTML) {
			text_add(p, "</", 2, false);
			text_add(p, (const char *)local,
				 strlen((const char *)local), false);
			text_add(p, ">", 1, false);
		}
	}
	if (p->in_item && p->in_item == p->depth) {
		item_deliver(p);
		p->in_item = 0;
	}
	frame_pop(p);
}

static void
sax_chars(void *ctx, const xmlChar *s, int len)
{
	struct feed_parser *p = parser_of(ctx);

	if (p && p->cap.field != F_NONE && len > 0)
		text_add(p, (const char *)s, (size_t)len,
			 p->cap.mode == M_XHTML);
}

/* Only short internal entities made of plain text are declared: nothing
 * external, no parameter entities, no entity that refers to another. */
static void
sax_entity_decl(void *ctx, const xmlChar *name, int type,
		const xmlChar *pub, const xmlChar *sys, xmlChar *content)
{
	if (type != XML_INTERNAL_GENERAL_ENTITY || !content ||
	    xmlStrlen(content) > ENTITY_MAX ||
	    strpbrk((const char *)content, "&%<"))
		return;
	xmlSAX2EntityDecl(ctx, name, type, pub, sys, content);
}

static xmlEntityPtr
sax_get_entity(void *ctx, const xmlChar *name)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct feed_parser *p = ctxt->_private;
	xmlEntityPtr e = xmlSAX2GetEntity(ctx, name);

	if (p->stopped)
		return NULL;
	if (e && e->etype == XML_INTERNAL_GENERAL_ENTITY) {
		p->entity_bytes += (size_t)e->length;
		if (p->entity_bytes > ENTITY_BUDGET) {
			halt(p, "entities expand to more than 1 MiB");
			return NULL;
		}
	}
	return e;
}

static xmlParserInputPtr
sax_resolve(void *ctx, const xmlChar *pub, const xmlChar *sys)
{
	return NULL;
}

static xmlParserInputPtr
deny_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	return NULL;
}

static void
quiet(void *ctx, const char *msg, ...)
{
}

static void
quiet_structured(void *ctx, xmlErrorPtr err)
{
}

/* "XML error at line N: reason", cleaned (the reason may quote the feed). */
static void
format_error(char *out, size_t n, const xmlError *err)
{
	struct buf b = BUF_INIT;

	buf_printf(&b, "XML error at line %d: %s", err->line,
		   err->message ? err->message : "parse error");
	copy_clean(out, n, b.data);
	buf_free(&b);
}

static void
sax_error(void *ctx, xmlErrorPtr err)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct feed_parser *p = ctxt->_private;

	/* raised while the context is made (an encoding the first bytes
	 * name and libxml2 cannot read): not ours yet; the same bytes fail
	 * again once they are parsed */
	if (!p || p->failed || p->pass == PASS_RECOVER)
		return;
	if (err->level != XML_ERR_FATAL &&
	    err->code != XML_ERR_UNDECLARED_ENTITY &&
	    err->code != XML_WAR_UNDECLARED_ENTITY)
		return;
	p->failed = true;
	/* a repaired text that fails no further on than the original did
	 * was not repaired where it is damaged: the original's reason says
	 * more ("Premature end of data" in a cut feed, say, not what the
	 * repair made of its last line) */
	if (p->pass != PASS_REPAIRED || err->line > p->error_line) {
		format_error(p->pass_error, sizeof p->pass_error, err);
		p->error_line = err->line;
		/* libxml2 calls bytes that stop inside an element "extra
		 * content at the end of the document": the opposite */
		if (p->ending && p->depth > 0 &&
		    err->code == XML_ERR_DOCUMENT_END)
			snprintf(p->pass_error, sizeof p->pass_error,
				 "XML error at line %d: the feed stops before "
				 "its end (cut short?)", err->line);
	}
	/* An error can be raised in the middle of libxml2's own bookkeeping:
	 * only flags here (no xmlStopParser); callbacks check p->failed and
	 * nothing more is pushed. */
	ctxt->disableSAX = 1;
}

static void
sax_init(xmlSAXHandler *sax, startElementNsSAX2Func start,
	 endElementNsSAX2Func end, charactersSAXFunc chars,
	 xmlStructuredErrorFunc error)
{
	memset(sax, 0, sizeof *sax);
	xmlSAXVersion(sax, 2);
	sax->startElementNs = start;
	sax->endElementNs = end;
	sax->startElement = NULL;
	sax->endElement = NULL;
	sax->characters = chars;
	sax->cdataBlock = chars;
	sax->ignorableWhitespace = chars;
	sax->entityDecl = sax_entity_decl;
	sax->resolveEntity = sax_resolve;
	sax->externalSubset = NULL;
	sax->reference = NULL;
	sax->processingInstruction = NULL;
	sax->comment = NULL;
	sax->warning = NULL;
	sax->error = NULL;
	sax->fatalError = NULL;
	sax->serror = error;
}

void
feed_init(void)
{
	static bool done;

	for (size_t i = 1; i < ARRAY_SIZE(tags); i++)
		if (strcmp(tags[i - 1].key, tags[i].key) >= 0)
			die("feed: tag table out of order at %s", tags[i].key);
	for (size_t i = 1; i < ARRAY_SIZE(namespaces); i++)
		if (strcmp(namespaces[i - 1].uri, namespaces[i].uri) >= 0)
			die("feed: namespace table out of order");
	if (!done) {
		xmlInitParser();
		done = true;
	}
	xmlSetExternalEntityLoader(deny_loader);
	xmlSetGenericErrorFunc(NULL, quiet);
	xmlSetStructuredErrorFunc(NULL, quiet_structured);
}

/* ---- encodings ---- */

static bool
encoding_known(const char *name)
{
	xmlCharEncodingHandlerPtr h = xmlFindCharEncodingHandler(name);

	if (!h)
		return false;
	xmlCharEncCloseFunc(h);
	return true;
}

static bool
name_is(const char *name, const char *prefix)
{
	return !strncasecmp(name, prefix, strlen(prefix));
}

/* The encoding named in the XML declaration, or NULL. */
static char *
declared_encoding(const char *s, size_t len)
{
	const char *end, *e, *q;

	if (len < 6 || memcmp(s, "<?xml", 5))
		return NULL;
	end = memchr(s, '>', len);
	if (!end)
		return NULL;
	for (e = s; e + 8 < end && memcmp(e, "encoding", 8); e++)
		;
	if (e + 8 >= end)
		return NULL;
	for (e += 8; e < end && (*e == ' ' || *e == '=' || *e == '\t'); e++)
		;
	if (e >= end || (*e != '"' && *e != '\''))
		return NULL;
	q = memchr(e + 1, *e, (size_t)(end - e - 1));
	if (!q || q - e - 1 > 40 || q == e + 1)
		return NULL;
	return xstrndup(e + 1, (size_t)(q - e - 1));
}

/* The order: a byte-order mark, then the HTTP charset, then the XML
 * declaration, then UTF-8 (see feed.h). */
static void
encoding_choose(struct feed_parser *p, const char *s, size_t len)
{
	char *decl;

	p->forced = NULL;
	p->ignore_enc = false;
	p->utf8 = p->ascii = true;
	if (len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) {
		p->ignore_enc = true;
		return;
	}
	if (len >= 2 && (!memcmp(s, "\xFE\xFF", 2) ||
			 !memcmp(s, "\xFF\xFE", 2))) {
		p->ignore_enc = true;
		p->utf8 = p->ascii = false;
		return;
	}
	if (p->charset && encoding_known(p->charset)) {
		p->forced = p->charset;
		p->ignore_enc = true;
		p->utf8 = name_is(p->charset, "utf-8") ||
			  name_is(p->charset, "utf8");
		p->ascii = !name_is(p->charset, "utf-16") &&
			   !name_is(p->charset, "utf-32") &&
			   !name_is(p->charset, "ucs");
		return;
	}
	decl = declared_encoding(s, len);
	if (decl && !encoding_known(decl)) {
		p->ignore_enc = true;	/* unknown: read as UTF-8 */
	} else if (decl) {
		p->utf8 = name_is(decl, "utf-8") || name_is(decl, "utf8");
		p->ascii = !name_is(decl, "utf-16") &&
			   !name_is(decl, "utf-32") && !name_is(decl, "ucs");
	}
	free(decl);
}

static bool
starts_ci(const char *s, const char *end, const char *word)
{
	size_t n = strlen(word);

	return (size_t)(end - s) >= n && !strncasecmp(s, word, n);
}

/* An HTML page rather than a feed: a doctype or <html> first. */
static bool
sniff_html(const char *s, size_t len)
{
	const char *end = s + (len < SNIFF_LEN ? len : SNIFF_LEN);

	if (starts_ci(s, end, "\xEF\xBB\xBF"))
		s += 3;
	for (;;) {
		while (s < end && strchr(" \t\r\n", *s))
			s++;
		if (starts_ci(s, end, "<!--")) {
			const char *c = s + 4;

			while (c + 3 <= end && memcmp(c, "-->", 3))
				c++;
			if (c + 3 > end)
				return false;
			s = c + 3;
			continue;
		}
		if (starts_ci(s, end, "<?xml")) {
			const char *c = memchr(s, '>', (size_t)(end - s));

			if (!c)
				return false;
			s = c + 1;
			continue;
		}
		break;
	}
	return starts_ci(s, end, "<!doctype html") ||
	       starts_ci(s, end, "<html");
}

static bool
blank(const char *s, size_t len)
{
	if (len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) {
		s += 3;
		len -= 3;
	}
	for (size_t i = 0; i < len; i++)
		if (!strchr(" \t\r\n", s[i]) || !s[i])
			return false;
	return true;
}

/* ---- passes ---- */

static void
pass_reset(struct feed_parser *p, enum pass pass)
{
	while (p->depth)
		frame_pop(p);
	item_clear(&p->item);
	memset(&p->cap, 0, sizeof p->cap);
	buf_reset(&p->text);
	p->in_item = 0;
	p->pass_items = 0;
	p->entity_bytes = 0;
	p->failed = false;
	p->stopped = false;
	p->seen_root = false;
	p->pass = pass;
}

/* A parser context for one pass; head is the start of the bytes (for
 * libxml2's own detection of a byte-order mark). */
static void
ctxt_new(struct feed_parser *p, const char *head, size_t hlen)
{
	xmlSAXHandler sax;
	int opts = XML_PARSE_NONET;
	bool forced = p->forced != NULL;

	sax_init(&sax, sax_start, sax_end, sax_chars, sax_error);
	sax.getEntity = sax_get_entity;
	p->ctxt = xmlCreatePushParserCtxt(&sax, NULL, forced ? NULL : head,
					  forced ? 0 : (int)hlen, NULL);
	if (!p->ctxt)
		die("out of memory");
	p->ctxt->_private = p;
	if (p->pass == PASS_RECOVER)
		opts |= XML_PARSE_RECOVER;
	if (p->ignore_enc)
		opts |= XML_PARSE_IGNORE_ENC;
	xmlCtxtUseOptions(p->ctxt, opts);
	if (forced && !(name_is(p->forced, "utf-8") && strlen(p->forced) == 5)) {
		xmlCharEncodingHandlerPtr h =
			xmlFindCharEncodingHandler(p->forced);

		if (h)
			xmlSwitchToEncoding(p->ctxt, h);
	}
	p->started = true;
}

static void
ctxt_free(struct feed_parser *p)
{
	if (!p->ctxt)
		return;
	if (p->ctxt->myDoc)
		xmlFreeDoc(p->ctxt->myDoc);
	p->ctxt->myDoc = NULL;
	xmlFreeParserCtxt(p->ctxt);
	p->ctxt = NULL;
	p->started = false;
}

static void
feed_bytes(struct feed_parser *p, const char *s, size_t len, bool last)
{
	while (len && !p->failed && !p->gave_up && !p->stopped) {
		size_t n = len < CHUNK ? len : CHUNK;

		xmlParseChunk(p->ctxt, s, (int)n, 0);
		s += n;
		len -= n;
	}
	if (last && !p->failed && !p->gave_up && !p->stopped) {
		p->ending = true;
		xmlParseChunk(p->ctxt, NULL, 0, 1);
		p->ending = false;
	}
}

/* Begin the strict pass once the start of the bytes is known. */
static void
pass_begin(struct feed_parser *p, const char *s, size_t len)
{
	size_t head = len < 4 ? len : 4;

	encoding_choose(p, s, len);
	if (sniff_html(s, len)) {
		set_error(p, "not a feed (HTML page)");
		p->gave_up = true;
		return;
	}
	pass_reset(p, PASS_STRICT);
	ctxt_new(p, s, head);
	feed_bytes(p, s + (p->forced ? 0 : head),
		   len - (p->forced ? 0 : head), false);
}

/* One whole pass over bytes held in memory. */
static void
pass_run(struct feed_parser *p, enum pass pass, const char *s, size_t len)
{
	size_t head = len < 4 ? len : 4;

	pass_reset(p, pass);
	ctxt_new(p, s, head);
	feed_bytes(p, s + (p->forced ? 0 : head),
		   len - (p->forced ? 0 : head), true);
	ctxt_free(p);
}

/* After a failed strict pass: repair and try again strictly, then
 * recover.  Returns true when the feed was read whole after all. */
static bool
retry(struct feed_parser *p, const char *s, size_t len)
{
	char *fixed = NULL;
	size_t flen = 0;
	bool changed = false;

	if (p->ascii)
		fixed = feed_repair(s, len, p->utf8, &flen, &changed);
	if (changed) {
		pass_run(p, PASS_REPAIRED, fixed, flen);
		if (!p->failed && p->seen_root) {
			free(fixed);
			return true;
		}
		s = fixed;
		len = flen;
	}
	pass_run(p, PASS_RECOVER, s, len);
	free(fixed);
	return false;
}

/* ---- the public interface ---- */

struct feed_parser *
feed_parser_new(const char *base_url, const char *http_charset,
		feed_story_fn fn, void *ud)
{
	struct feed_parser *p = xcalloc(1, sizeof *p);

	feed_init();
	p->base_url = base_url ? xstrdup(base_url) : NULL;
	p->charset = http_charset && *http_charset ? xstrdup(http_charset)
						   : NULL;
	p->fn = fn;
	p->ud = ud;
	p->frames = xcalloc(MAX_FRAMES, sizeof *p->frames);
	return p;
}

int
feed_parser_push(struct feed_parser *p, const char *data, size_t len)
{
	if (p->gave_up)
		return -1;
	if (p->file && p->started)
		p->partial = true;
	else if (!p->ext)
		buf_add(&p->raw, data, len);
	if (!p->started) {
		if (p->raw.len >= SNIFF_LEN)
			pass_begin(p, p->raw.data, p->raw.len);
	} else {
		feed_bytes(p, data, len, false);
	}
	return p->gave_up ? -1 : 0;
}

static void
parser_free(struct feed_parser *p)
{
	ctxt_free(p);
	pass_reset(p, PASS_STRICT);
	buf_free(&p->text);
	buf_free(&p->raw);
	free(p->frames);
	free(p->base_url);
	free(p->charset);
	free(p->title);
	free(p->link);
	free(p);
}

/* All of a file whose start only was kept, for another pass: false
 * when it cannot be read again. */
static bool
reread(struct feed_parser *p)
{
	struct stat now;

	/* a file changed since: its items are not the ones counted as
	 * delivered, and a second pass would repeat or skip some */
	if (fstat(fileno(p->file), &now) != 0 ||
	    now.st_size != p->file_was.st_size ||
	    now.st_mtim.tv_sec != p->file_was.st_mtim.tv_sec ||
	    now.st_mtim.tv_nsec != p->file_was.st_mtim.tv_nsec)
		return false;
	buf_reset(&p->raw);
	if (fseeko(p->file, p->file_start, SEEK_SET) != 0)
		return false;
	p->partial = false;
	return buf_add_file(&p->raw, p->file);
}

int
feed_parser_finish(struct feed_parser *p, struct feed_result *res)
{
	const char *s = p->ext ? p->ext : p->raw.data;
	size_t len = p->ext ? p->extlen : p->raw.len;
	bool whole = true;

	memset(res, 0, sizeof *res);
	if (!s)
		s = "";
	if (!p->started && !p->gave_up) {
		if (blank(s, len))
			set_error(p, "empty");
		else
			pass_begin(p, s, len);
	}
	if (p->started) {
		feed_bytes(p, NULL, 0, true);
		ctxt_free(p);
	}
	if (!p->error[0] && (p->failed || !p->seen_root) && p->partial &&
	    !reread(p)) {
		/* no second pass to be had: what the first one read stays */
		res->damaged = true;
		set_error(p, p->pass_error[0] ? p->pass_error :
			  "cannot be read again");
	}
	if (!p->error[0] && (p->failed || !p->seen_root)) {
		if (p->file) {
			s = p->raw.data ? p->raw.data : "";
			len = p->raw.len;
		}
		whole = retry(p, s, len);
		res->damaged = !whole && (p->seen_root || p->delivered);
		if (!whole && !res->damaged) {
			/* Not even a root element: this is no feed. */
			struct buf msg = BUF_INIT;

			buf_printf(&msg, "not a feed (%s)", p->pass_error[0] ?
				   p->pass_error : "no XML");
			set_error(p, msg.data);
			buf_free(&msg);
		} else if (!whole) {
			set_error(p, p->pass_error);
		}
	}
	res->title = p->title;
	res->link = p->link;
	p->title = p->link = NULL;
	res->items = p->delivered;
	memcpy(res->error, p->error, sizeof res->error);
	parser_free(p);
	return res->error[0] ? -1 : 0;
}

int
feed_parse(const char *data, size_t len, const char *base_url,
	   const char *http_charset, feed_story_fn fn, void *ud,
	   struct feed_result *res)
{
	struct feed_parser *p = feed_parser_new(base_url, http_charset, fn,
						ud);

	p->ext = data ? data : "";
	p->extlen = data ? len : 0;
	return feed_parser_finish(p, res);
}

int
feed_parse_file(FILE *fp, const char *base_url, const char *http_charset,
		feed_story_fn fn, void *ud, struct feed_result *res)
{
	struct feed_parser *p = feed_parser_new(base_url, http_charset, fn,
						ud);
	char *chunk = xmalloc(CHUNK);
	size_t n;
	int err = 0;

	/* a pipe cannot be read again: all of it is kept, as from the
	 * network */
	if ((p->file_start = ftello(fp)) >= 0 &&
	    fstat(fileno(fp), &p->file_was) == 0 &&
	    S_ISREG(p->file_was.st_mode))
		p->file = fp;
	while ((n = fread(chunk, 1, CHUNK, fp)) > 0) {
		if (n < CHUNK)
			err = errno;
		if (feed_parser_push(p, chunk, n) != 0)
			break;
		/* broken: the rest is for the repair pass, read again */
		if (p->file && p->failed) {
			p->partial = true;
			break;
		}
	}
	if (!n)
		err = errno;
	free(chunk);
	if (ferror(fp) && !p->gave_up) {
		struct buf msg = BUF_INIT;

		buf_printf(&msg, "cannot read: %s", strerror(err));
		set_error(p, msg.data);
		buf_free(&msg);
	}
	return feed_parser_finish(p, res);
}

void
feed_result_free(struct feed_result *res)
{
	free(res->title);
	free(res->link);
	res->title = res->link = NULL;
}

/* ---- OPML ---- */

struct opml {
	feed_opml_fn fn;
	void *ud;
	bool root_checked;
	bool failed;
	char error[256];
	size_t entity_bytes;
};

static void
opml_start(void *ctx, const xmlChar *local, const xmlChar *prefix,
	   const xmlChar *uri, int nns, const xmlChar **nsv, int na, int nd,
	   const xmlChar **a)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct opml *o = ctxt->_private;
	char *url, *type, *title;

	if (o->failed)
		return;
	if (!o->root_checked) {
		o->root_checked = true;
		if (strcmp((const char *)local, "opml")) {
			char *n = text_clean((const char *)local,
					     strlen((const char *)local), 64);

			snprintf(o->error, sizeof o->error,
				 "not an OPML file (root element <%s>)", n);
			free(n);
			o->failed = true;
			ctxt->disableSAX = 1;
		}
		return;
	}
	if (strcmp((const char *)local, "outline"))
		return;
	url = attr_get(ctxt, na, a, NULL, "xmlUrl");
	if (!url)
		url = attr_get(ctxt, na, a, NULL, "xmlurl");
	type = attr_get(ctxt, na, a, NULL, "type");
	/* A "command" outline, or any scheme but the web and files, is not
	 * a feed we would fetch: given without its URL, to be counted. */
	if (url) {
		char *u = text_clean(url, strlen(url), RAW_SMALL);
		bool ok = !attr_is(type, "command") &&
			  (scheme_ok(u) || !strncasecmp(u, "file://", 7));

		title = attr_get(ctxt, na, a, NULL, "title");
		if (!title)
			title = attr_get(ctxt, na, a, NULL, "text");
		if (title) {
			char *t = text_clean(title, strlen(title),
					     TEXT_TITLE_CAP);

			free(title);
			title = t;
		}
		o->fn(ok ? u : NULL, title && *title ? title : NULL, o->ud);
		free(title);
		free(u);
	}
	free(url);
	free(type);
}

/* The entity budget of feeds, for OPML too. */
static xmlEntityPtr
opml_get_entity(void *ctx, const xmlChar *name)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct opml *o = ctxt->_private;
	xmlEntityPtr e = xmlSAX2GetEntity(ctx, name);

	if (o->failed)
		return NULL;
	if (e && e->etype == XML_INTERNAL_GENERAL_ENTITY) {
		o->entity_bytes += (size_t)e->length;
		if (o->entity_bytes > ENTITY_BUDGET) {
			snprintf(o->error, sizeof o->error,
				 "XML error at line %d: entities expand to "
				 "more than 1 MiB", xmlSAX2GetLineNumber(ctxt));
			o->failed = true;
			xmlStopParser(ctxt);
			return NULL;
		}
	}
	return e;
}

static void
opml_error(void *ctx, xmlErrorPtr err)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct opml *o = ctxt->_private;

	/* raised while the context is made: see sax_error */
	if (!o || o->failed || err->level != XML_ERR_FATAL)
		return;
	o->failed = true;
	format_error(o->error, sizeof o->error, err);
	ctxt->disableSAX = 1;
}

int
feed_opml(const char *data, size_t len, feed_opml_fn fn, void *ud,
	  char *err, size_t errlen)
{
	struct opml o = { fn, ud, false, false, "", 0 };
	xmlSAXHandler sax;
	xmlParserCtxtPtr ctxt;

	feed_init();
	if (blank(data, len)) {
		snprintf(err, errlen, "empty");
		return -1;
	}
	sax_init(&sax, opml_start, NULL, NULL, opml_error);
	sax.getEntity = opml_get_entity;
	ctxt = xmlCreatePushParserCtxt(&sax, NULL, data, len < 4 ? (int)len
				       : 4, NULL);
	if (!ctxt)
		die("out of memory");
	ctxt->_private = &o;
	xmlCtxtUseOptions(ctxt, XML_PARSE_NONET);
	for (size_t off = len < 4 ? len : 4; off < len && !o.failed;) {
		size_t n = len - off < CHUNK ? len - off : CHUNK;

		xmlParseChunk(ctxt, data + off, (int)n, 0);
		off += n;
	}
	if (!o.failed)
		xmlParseChunk(ctxt, NULL, 0, 1);
	if (ctxt->myDoc)
		xmlFreeDoc(ctxt->myDoc);
	xmlFreeParserCtxt(ctxt);
	if (!o.failed && !o.root_checked)
		snprintf(o.error, sizeof o.error, "not an OPML file");
	if (o.error[0]) {
		if (errlen)
			copy_clean(err, errlen, o.error);
		return -1;
	}
	return 0;
}
