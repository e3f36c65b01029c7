/* Repair of broken feed bytes before a second parse: the damage feeds
 * really have (HTML entities, stray '&', NUL bytes, bad UTF-8). */
#include <string.h>
#include <strings.h>

#include "dateline/buf.h"
#include "dateline/feed.h"
#include "dateline/text.h"
#include "dateline/util.h"

/* Longest entity name looked at (HTML's longest is 31 characters). */
#define NAME_MAX_LEN 40
#define TAG_MAX_LEN 32		/* longest tag name looked at */

/* Elements of RSS that hold text, where a feed's unescaped HTML ("RSF
 * demands <b>guarantees</title>") breaks the document: in them, the
 * HTML tags below are escaped, to be read as the HTML text they are. */
static const char *const text_fields[] = { "title", "description" };

/* Elements of an item: inside a text field left open, one of these (or
 * any name with a prefix, "dc:date") ends the field; any other tag is the
 * feed's raw HTML ("<b>", "<del>", "<video>"), escaped.  Sorted. */
static const char *const item_tags[] = {
	"author", "category", "channel", "comments", "content",
	"description", "enclosure", "entry", "feed", "guid", "id", "item",
	"link", "pubdate", "published", "rss", "summary", "title",
	"updated",
};

static bool
is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

static bool
xml_char(long cp)
{
	return cp == 0x9 || cp == 0xA || cp == 0xD ||
	       (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
	       (cp >= 0x10000 && cp <= 0x10FFFF);
}

/* Length of a well-formed UTF-8 character at s, 0 when invalid. */
static size_t
utf8_len(const unsigned char *s, size_t len)
{
	unsigned char c = s[0];
	size_t n;
	long cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2, cp = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3, cp = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4, cp = c & 0x07;
	else
		return 0;
	if (n > len)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		return 0;
	return n;
}

/* A numeric reference &#N; or &#xH; at s: its length, and *cp. */
static size_t
numeric_ref(const char *s, size_t len, long *cp)
{
	size_t i = 2;
	bool hex = len > 2 && (s[2] == 'x' || s[2] == 'X');
	long v = 0;

	if (hex)
		i++;
	for (; i < len && i < 12; i++) {
		char c = s[i];
		int d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			d = (c | 0x20) - 'a' + 10;
		else
			break;
		v = v * (hex ? 16 : 10) + d;
	}
	if (i >= len || s[i] != ';' || i == (hex ? 3u : 2u))
		return 0;
	*cp = v;
	return i + 1;
}

/* After an ESC that repair drops (a raw byte, or "&#27;"), the rest of a
 * terminal control sequence goes with it, so that no "[2J" or "]0;title"
 * is left in the text; only the plain forms, that cannot reach into the
 * markup around them: "[" digits and ";" then a letter, "]" to a BEL with
 * neither '<' nor '&' before it.  Returns its length, 0 for none. */
static size_t
escape_rest(const char *s, size_t len)
{
	size_t i = 1;

	if (len && s[0] == '[') {
		while (i < len && i < 32 && ((s[i] >= '0' && s[i] <= '9') ||
					     s[i] == ';'))
			i++;
		return i < len && ((s[i] | 0x20) >= 'a' &&
				   (s[i] | 0x20) <= 'z') ? i + 1 : 0;
	}
	if (len && s[0] == ']') {
		for (; i < len && i < 256; i++) {
			if (s[i] == '\a')
				return i + 1;
			if (s[i] == '<' || s[i] == '&')
				break;
		}
	}
	return 0;
}

/* One reference starting at s ('&'), written to b; returns bytes read. */
static size_t
reference(struct buf *b, const char *s, size_t len)
{
	static const char *const xml[] = { "amp", "lt", "gt", "quot", "apos" };
	char utf8[16];
	size_t n = 1, ulen;
	long cp;

	if (len > 1 && s[1] == '#') {
		n = numeric_ref(s, len, &cp);
		if (!n) {
			buf_adds(b, "&amp;");
			return 1;
		}
		if (xml_char(cp))
			buf_add(b, s, n);
		else if (cp == 0x1B)
			n += escape_rest(s + n, len - n);
		return n;
	}
	while (n < len && n <= NAME_MAX_LEN && is_alnum(s[n]))
		n++;
	if (n == 1 || n >= len || s[n] != ';') {
		buf_adds(b, "&amp;");
		return 1;
	}
	for (size_t i = 0; i < sizeof xml / sizeof *xml; i++)
		if (n - 1 == strlen(xml[i]) && !memcmp(s + 1, xml[i], n - 1)) {
			buf_add(b, s, n + 1);
			return n + 1;
		}
	ulen = text_entity(s + 1, n - 1, utf8);
	if (!ulen) {
		/* Perhaps declared in the document: left as it is. */
		buf_add(b, s, n + 1);
		return n + 1;
	}
	for (size_t i = 0; i < ulen;) {
		int c;

		i += text_decode(utf8 + i, ulen - i, &c);
		buf_printf(b, "&#%d;", c);
	}
	return n + 1;
}

/* The byte fixes that apply everywhere: returns bytes read. */
static size_t
byte_fix(struct buf *b, const char *s, size_t len, bool utf8)
{
	unsigned char c = (unsigned char)*s;
	size_t n;

	if (c == 0x1B)
		return 1 + escape_rest(s + 1, len - 1);
	if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
		return 1;
	if (c < 0x80 || !utf8) {
		buf_addc(b, (char)c);
		return 1;
	}
	n = utf8_len((const unsigned char *)s, len);
	if (!n) {
		buf_adds(b, "\xEF\xBF\xBD");
		return 1;
	}
	buf_add(b, s, n);
	return n;
}

/* Inside "<![CDATA[" or "<!--", copy up to and with the closing mark. */
static size_t
verbatim(struct buf *b, const char *s, size_t len, size_t open,
	 const char *close, bool utf8)
{
	size_t i = open, cl = strlen(close);

	buf_add(b, s, open);
	while (i < len) {
		if (len - i >= cl && !memcmp(s + i, close, cl)) {
			buf_add(b, s + i, cl);
			return i + cl;
		}
		i += byte_fix(b, s + i, len - i, utf8);
	}
	return i;
}

/* The local name of the tag at s ('<'), the '/' of an end tag and a
 * prefix ("media:") skipped; its length (0: no name, or too long). */
static size_t
tag_name(const char *s, size_t len, const char **name)
{
	size_t i = 1, start;

	if (i < len && s[i] == '/')
		i++;
	start = i;
	while (i < len && i - start <= TAG_MAX_LEN &&
	       (is_alnum(s[i]) || s[i] == ':' || s[i] == '-' || s[i] == '_' ||
		s[i] == '.')) {
		if (s[i] == ':')
			start = i + 1;
		i++;
	}
	if (i == start || i - start > TAG_MAX_LEN ||
	    (i < len && s[i] != '>' && s[i] != '/' && s[i] != ' ' &&
	     s[i] != '\t' && s[i] != '\n' && s[i] != '\r'))
		return 0;
	*name = s + start;
	return i - start;
}

static bool
listed(const char *const *list, size_t n, const char *w, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(list[i]) == len && !strncasecmp(list[i], w, len))
			return true;
	return false;
}

/* Whether '<' at s may start markup: a name, an end tag, "<!", "<?".
 * "fewer than <5%" or "a < b" cannot. */
static bool
may_be_markup(const char *s, size_t len)
{
	size_t i = 1;
	unsigned char c;

	while (i < len && i < 8 && !s[i])	/* NUL bytes go (byte_fix) */
		i++;
	if (i >= len)
		return true;	/* a tag cut short by the end */
	c = (unsigned char)s[i];

	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z' ? true :
	       c == '/' || c == '!' || c == '?' || c == '_' || c == ':' ||
	       c >= 0x80;
}

/* The end of the tag at s ('<'): the index of its '>' (attribute values
 * skipped), or 0 when not within its first bytes. */
static size_t
tag_end(const char *s, size_t len)
{
	char quote = 0;

	for (size_t i = 1; i < len && i < 1024; i++) {
		if (quote) {
			quote = s[i] == quote ? 0 : quote;
		} else if (s[i] == '"' || s[i] == '\'') {
			quote = s[i];
		} else if (s[i] == '>') {
			return i;
		}
	}
	return 0;
}

/* Whether the start tag at s opens a text field whose raw HTML repair
 * escapes: not an empty one ("<title/>"), nor Atom's XHTML, which is
 * markup by right. */
static bool
opens_text(const char *s, size_t len)
{
	size_t e = tag_end(s, len);

	if (e && s[e - 1] == '/')
		return false;
	for (size_t i = 1; i + 12 <= (e ? e : len) && i < 1024; i++)
		if (!strncmp(s + i, "type=\"xhtml\"", 12) ||
		    !strncmp(s + i, "type='xhtml'", 12))
			return false;
	return true;
}

char *
feed_repair(const char *s, size_t len, bool utf8, size_t *outlen,
	    bool *changed)
{
	struct buf b = BUF_INIT;
	size_t i = 0;
	bool in_text = false;	/* inside one of text_fields */
	const char *field = NULL, *field_tag = NULL;	/* its name, tag */
	size_t field_len = 0, field_tag_len = 0;

	buf_grow(&b, len + len / 16);
	while (i < len) {
		const char *p = s + i, *name;
		size_t rest = len - i, n;

		if (*p == '&') {
			i += reference(&b, p, rest);
		} else if (*p == '<' && rest >= 9 &&
			   !memcmp(p, "<![CDATA[", 9)) {
			i += verbatim(&b, p, rest, 9, "]]>", utf8);
		} else if (*p == '<' && rest >= 4 && !memcmp(p, "<!--", 4)) {
			i += verbatim(&b, p, rest, 4, "-->", utf8);
		} else if (*p == '<' && !may_be_markup(p, rest)) {
			buf_adds(&b, "&lt;");
			i++;
		} else if (*p == '<' && (n = tag_name(p, rest, &name))) {
			if (in_text && !memchr(p, ':', (size_t)(name - p) + n) &&
			    !listed(item_tags, ARRAY_SIZE(item_tags), name, n)) {
				buf_adds(&b, "&lt;");
				i++;
				continue;
			}
			/* any other tag ends the field: one left open is
			 * closed before its item's next element */
			if (in_text && !(p[1] == '/' && n == field_len &&
					 !strncasecmp(name, field, n))) {
				buf_adds(&b, "</");
				buf_add(&b, field_tag, field_tag_len);
				buf_addc(&b, '>');
			}
			in_text = p[1] != '/' && listed(text_fields,
				ARRAY_SIZE(text_fields), name, n) &&
				opens_text(p, rest);
			if (in_text) {
				field = name;
				field_len = n;
				field_tag = p + 1;
				field_tag_len = (size_t)(name - p - 1) + n;
			}
			buf_addc(&b, '<');
			i++;
		} else {
			i += byte_fix(&b, p, rest, utf8);
		}
	}
	*changed = b.len != len || (len && memcmp(b.data, s, len));
	*outlen = b.len;
	return buf_steal(&b);
}
