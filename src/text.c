/* Cleaning of untrusted text (UTF-8 repair, control and invisible character
 * removal, HTML to plain text), Unicode folding and terminal widths. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "dateline/buf.h"
#include "dateline/text.h"
#include "dateline/util.h"
#include "entities.h"

#define REPLACEMENT 0xFFFD

/* Longest entity name we try to read; the longest HTML5 name has 31. */
#define ENTITY_MAX 40

size_t
text_decode(const char *s, size_t len, int *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c, min;
	size_t n, i;

	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (u[0] >= 0xC2 && u[0] <= 0xDF) {
		n = 2, c = u[0] & 0x1F, min = 0x80;
	} else if (u[0] >= 0xE0 && u[0] <= 0xEF) {
		n = 3, c = u[0] & 0x0F, min = 0x800;
	} else if (u[0] >= 0xF0 && u[0] <= 0xF4) {
		n = 4, c = u[0] & 0x07, min = 0x10000;
	} else {
		*cp = REPLACEMENT;
		return 1;
	}
	if (len < n)
		goto bad;
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xC0) != 0x80)
			goto bad;
		c = (c << 6) | (u[i] & 0x3F);
	}
	/* Overlong forms, UTF-16 surrogates and values past Unicode. */
	if (c < min || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF)
		goto bad;
	*cp = (int)c;
	return n;
bad:
	*cp = REPLACEMENT;
	return 1;
}

static size_t
encode(int cp, char *out)
{
	unsigned c = (unsigned)cp;

	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xC0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xE0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		out[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	out[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

/* Bidi embeddings, overrides, isolates and marks (U+202A-202E,
 * U+2066-2069, U+200E/200F, U+061C) can reorder what the terminal shows;
 * zero-width characters (U+200B-200D, U+2060, U+FEFF) hide text inside
 * words.  All are format characters (Cf), removed with the rest of them
 * (soft hyphen, tags, interlinear annotation ...) and with the default
 * ignorable code points that draw nothing (Hangul fillers, variation
 * selectors, whose width terminals disagree on). */
static bool
is_invisible(int cp)
{
	const utf8proc_property_t *p;

	if (cp < 0xA0)
		return false;
	p = utf8proc_get_property(cp);
	return p->category == UTF8PROC_CATEGORY_CF || p->ignorable;
}

static bool
is_control(int cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

static bool
is_space(int cp)
{
	if (cp < 0x80)
		return cp == ' ' || (cp >= '\t' && cp <= '\r');
	if (cp == 0x85 || cp == 0xA0 || cp == 0x1680 || cp == 0x202F ||
	    cp == 0x205F || cp == 0x3000)
		return true;
	return cp >= 0x2000 && cp <= 0x2029 &&
	       (cp <= 0x200A || cp == 0x2028 || cp == 0x2029);
}

bool
text_is_safe(const char *s, size_t len, bool allow_newline)
{
	size_t i = 0, n;
	int cp;

	while (i < len) {
		if ((unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7F) {
			i++;
			continue;
		}
		n = text_decode(s + i, len - i, &cp);
		if (cp == REPLACEMENT && n == 1)
			return false;
		if (cp == '\n' ? !allow_newline : is_control(cp) || is_invisible(cp))
			return false;
		i += n;
	}
	return true;
}

/* The writer shared by text_clean() and text_from_html(): it drops unsafe
 * characters, folds white space into one pending space or line break, and
 * stops at the cap on a character boundary. */
struct out {
	struct buf b;
	size_t cap;
	int space;	/* a space is pending */
	int breaks;	/* line breaks pending (at most 2: one blank line) */
	bool newlines;	/* '\n' allowed in the result */
	bool full;
};

static void
out_init(struct out *o, size_t len, size_t cap, bool newlines)
{
	memset(o, 0, sizeof *o);
	o->cap = cap;
	o->newlines = newlines;
	/* The size of the input, not the next power of two: the result is
	 * seldom longer, and it is kept (buf_steal would shrink it). */
	o->b.cap = (len < cap ? len : cap) + 2;
	o->b.data = xmalloc(o->b.cap);
	o->b.data[0] = '\0';
}

static void
out_raw(struct out *o, const char *s, size_t n)
{
	if (o->b.len + n > o->cap) {
		o->full = true;
		return;
	}
	if (o->b.len + n + 1 > o->b.cap)
		buf_grow(&o->b, n);
	memcpy(o->b.data + o->b.len, s, n);
	o->b.len += n;
	o->b.data[o->b.len] = '\0';
}

static void
out_break(struct out *o, int n)
{
	if (!o->newlines) {
		o->space = 1;
		return;
	}
	if (n > o->breaks)
		o->breaks = n;
}

static void
out_cp(struct out *o, int cp)
{
	char enc[6];
	size_t pre = 0, n;

	if (o->full)
		return;
	if (is_space(cp)) {
		o->space = 1;
		return;
	}
	if (is_control(cp) || is_invisible(cp))
		return;
	if (o->b.len > 0 && o->breaks) {
		pre = (size_t)o->breaks;
		memcpy(enc, "\n\n", pre);
	} else if (o->b.len > 0 && o->space) {
		pre = 1;
		enc[0] = ' ';
	}
	o->breaks = 0;
	o->space = 0;
	n = encode(cp, enc + pre);
	out_raw(o, enc, pre + n);
}

/* Skip the rest of an ANSI escape sequence (CSI parameters and final
 * byte) so that "ESC[31m" leaves nothing behind; i is just past the CSI. */
static size_t
skip_csi(const char *s, size_t len, size_t i)
{
	size_t start = i;

	while (i < len && i - start < 64 && s[i] >= 0x20 && s[i] <= 0x3F)
		i++;
	if (i < len && s[i] >= 0x40 && s[i] <= 0x7E)
		return i + 1;
	return start;
}

/* Skip an operating system command (ESC ] ... BEL or ESC \\), which sets
 * window titles and worse; i is just past its introducer.  Unterminated
 * within a short distance: 0, and only the introducer goes. */
static size_t
skip_osc(const char *s, size_t len, size_t i)
{
	size_t j;

	for (j = i; j < len && j - i < 256; j++) {
		if (s[j] == '\a')
			return j + 1;
		if (s[j] == '\x1b' && j + 1 < len && s[j + 1] == '\\')
			return j + 2;
	}
	return 0;
}

/* One character of plain text at s[i]: returns where the next begins. */
static size_t
clean_one(struct out *o, const char *s, size_t len, size_t i)
{
	size_t n, r;
	int cp;

	n = text_decode(s + i, len - i, &cp);
	if (cp == 0x1B && i + 1 < len && s[i + 1] == '[')
		return skip_csi(s, len, i + 2);
	if (cp == 0x9B)
		return skip_csi(s, len, i + n);
	if (cp == 0x1B && i + 1 < len && s[i + 1] == ']')
		return (r = skip_osc(s, len, i + 2)) ? r : i + 1;
	if (cp == 0x9D)
		return (r = skip_osc(s, len, i + n)) ? r : i + n;
	out_cp(o, cp);
	return i + n;
}

/* Printable ASCII but space: bit 0 in plain text, bit 1 in HTML (where
 * '<' and '&' begin markup).  The rest of the 256 bytes are 0. */
static const unsigned char word_bytes[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 3, 3, 3, 3, 3, 1, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 1, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0,
};

static bool
is_word_byte(char c, bool html)
{
	return word_bytes[(unsigned char)c] & (html ? 2 : 1);
}

/* A run of printable ASCII from s[i], single spaces between words
 * included, copied at once: most feed text is this, and it needs no check
 * but the cap. */
static size_t
ascii_run(struct out *o, const char *s, size_t len, size_t i, bool html)
{
	size_t j = i + 1, n;

	while (j < len) {
		if (is_word_byte(s[j], html))
			j++;
		else if (s[j] == ' ' && j + 1 < len && is_word_byte(s[j + 1], html))
			j += 2;
		else
			break;
	}
	out_cp(o, s[i]);
	if (o->full)
		return len;
	n = j - i - 1;
	if (o->b.len + n > o->cap) {
		/* Cut anywhere (ASCII), but never leave a trailing space. */
		n = o->cap - o->b.len;
		if (n > 0 && s[i + n] == ' ')
			n--;
		o->full = true;
	}
	out_raw(o, s + i + 1, n);
	return j;
}

char *
text_clean(const char *s, size_t len, size_t cap)
{
	struct out o;
	size_t i = 0;

	out_init(&o, len, cap, false);
	while (i < len && !o.full) {
		if (is_word_byte(s[i], false))
			i = ascii_run(&o, s, len, i, false);
		else
			i = clean_one(&o, s, len, i);
	}
	return buf_steal(&o.b);
}

/* ---- HTML ---- */

static int
entity_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct entity *)elem)->name);
}

static const struct entity *
entity_find(const char *name, size_t len)
{
	char key[ENTITY_MAX + 1];
	size_t lo, hi;

	if (len == 0 || len > ENTITY_MAX || name[0] < 'A' || name[0] > 'z')
		return NULL;
	memcpy(key, name, len);
	key[len] = '\0';
	/* Only the names with the same first letter. */
	lo = entity_first[name[0] - 'A'];
	hi = entity_first[name[0] - 'A' + 1];
	return bsearch(key, entities + lo, hi - lo, sizeof entities[0],
		       entity_cmp);
}

size_t
text_entity(const char *name, size_t len, char *out)
{
	const struct entity *e = entity_find(name, len);
	size_t n;

	if (!e)
		return 0;
	n = strlen(e->utf8);
	memcpy(out, e->utf8, n);
	return n;
}

/* What HTML5 makes of &#128; to &#159;: the windows-1252 characters. */
static const uint16_t cp1252[32] = {
	0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
	0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
};

static bool
is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A numeric reference at s[i] (just past "&#"): returns the end, or 0
 * when there is no digit (then the text is literal). */
static size_t
numeric_ref(struct out *o, const char *s, size_t len, size_t i)
{
	int base = 10, d;
	size_t start;
	uint32_t v = 0;

	if (i < len && (s[i] == 'x' || s[i] == 'X'))
		base = 16, i++;
	start = i;
	while (i < len && (d = hexval(s[i])) >= 0 && d < base) {
		if (v <= 0x10FFFF)
			v = v * (uint32_t)base + (uint32_t)d;
		i++;
	}
	if (i == start)
		return 0;
	if (i < len && s[i] == ';')
		i++;
	if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		v = REPLACEMENT;
	else if (v >= 0x80 && v <= 0x9F)
		v = cp1252[v - 0x80];
	/* "&#27;[31m": the escape sequence goes whole, as a raw one does */
	if (v == 0x1B && i < len && s[i] == '[')
		return skip_csi(s, len, i + 1);
	out_cp(o, (int)v);
	return i;
}

static void
out_utf8(struct out *o, const char *s)
{
	size_t i = 0, len = strlen(s);
	int cp;

	while (i < len) {
		i += text_decode(s + i, len - i, &cp);
		out_cp(o, cp);
	}
}

/* A reference at s[i] ('&'): decodes it and returns where the text goes
 * on, or i + 1 after emitting a literal '&'. */
static size_t
reference(struct out *o, const char *s, size_t len, size_t i)
{
	const struct entity *e;
	size_t j = i + 1, k, r;

	if (j < len && s[j] == '#') {
		r = numeric_ref(o, s, len, j + 1);
		if (r)
			return r;
	}
	while (j < len && j - i <= ENTITY_MAX && is_alnum(s[j]))
		j++;
	if (j < len && s[j] == ';' && (e = entity_find(s + i + 1, j - i - 1))) {
		out_utf8(o, e->utf8);
		return j + 1;
	}
	/* Without ';' only the legacy names count, longest first. */
	for (k = j; k > i + 2; k--) {
		e = entity_find(s + i + 1, k - i - 1);
		if (e && e->legacy) {
			out_utf8(o, e->utf8);
			return k;
		}
	}
	out_cp(o, '&');
	return i + 1;
}

/* Elements that break lines: 2 for a paragraph (a blank line), 1 for a
 * line.  Sorted for bsearch. */
struct block {
	const char *name;
	int breaks;
};

static const struct block blocks[] = {
	{ "address", 2 }, { "article", 2 }, { "aside", 2 },
	{ "blockquote", 2 }, { "br", 1 }, { "caption", 1 }, { "dd", 1 },
	{ "details", 2 }, { "div", 1 }, { "dl", 2 }, { "dt", 1 },
	{ "figcaption", 1 }, { "figure", 2 }, { "footer", 2 }, { "form", 2 },
	{ "h1", 2 }, { "h2", 2 }, { "h3", 2 }, { "h4", 2 }, { "h5", 2 },
	{ "h6", 2 }, { "header", 2 }, { "hr", 2 }, { "li", 1 }, { "main", 2 },
	{ "nav", 2 }, { "ol", 2 }, { "p", 2 }, { "pre", 2 }, { "section", 2 },
	{ "summary", 1 }, { "table", 2 }, { "td", 0 }, { "th", 0 },
	{ "tr", 1 }, { "ul", 2 },
};

static int
block_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct block *)elem)->name);
}

/* Elements whose content is never text for a reader. */
static bool
is_raw_text(const char *name)
{
	static const char *const raw[] = {
		"script", "style", "template", "noscript",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(raw); i++)
		if (strcmp(name, raw[i]) == 0)
			return true;
	return false;
}

/* Case-insensitive search for needle (lower case) from s[i]; len if none. */
static size_t
find_ci(const char *s, size_t len, size_t i, const char *needle)
{
	size_t n = strlen(needle), k;

	for (; i + n <= len; i++) {
		for (k = 0; k < n; k++) {
			char c = s[i + k];
			if (c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			if (c != needle[k])
				break;
		}
		if (k == n)
			return i;
	}
	return len;
}

/* Past the '>' that ends a tag begun before s[i]; a quote opens a value
 * only after '=', as in HTML (so <img alt=Don't> ends at its '>'). */
static size_t
tag_end(const char *s, size_t len, size_t i)
{
	char quote = 0, last = 0;

	for (; i < len; i++) {
		if (quote) {
			if (s[i] == quote)
				quote = 0;
		} else if ((s[i] == '"' || s[i] == '\'') && last == '=') {
			quote = s[i];
		} else if (s[i] == '>') {
			return i + 1;
		}
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			last = s[i];
	}
	return len;
}

/* Comments, CDATA, doctype and processing instructions at s[i] ('<'). */
static size_t
markup_decl(struct out *o, const char *s, size_t len, size_t i)
{
	size_t j;

	if (len - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
		j = find_ci(s, len, i + 4, "-->");
		return j < len ? j + 3 : len;
	}
	if (len - i >= 9 && memcmp(s + i, "<![CDATA[", 9) == 0) {
		j = find_ci(s, len, i + 9, "]]>");
		for (i += 9; i < j && !o->full;)
			i = clean_one(o, s, j, i);
		return j < len ? j + 3 : len;
	}
	return tag_end(s, len, i + 2);
}

/* A tag at s[i] ('<'): acts on it and returns where the text goes on. */
static size_t
tag(struct out *o, const char *s, size_t len, size_t i)
{
	char name[16];
	const struct block *b;
	size_t j = i + 1, n = 0, end;
	bool closing = false;

	if (j < len && (s[j] == '!' || s[j] == '?'))
		return markup_decl(o, s, len, i);
	if (j < len && s[j] == '/')
		closing = true, j++;
	if (j >= len || !((s[j] | 0x20) >= 'a' && (s[j] | 0x20) <= 'z')) {
		out_cp(o, '<');
		return i + 1;
	}
	for (; j < len && is_alnum(s[j]); j++)
		if (n < sizeof name - 1)
			name[n++] = (char)(s[j] | 0x20);
	name[n] = '\0';
	end = tag_end(s, len, j);
	if (!closing && is_raw_text(name)) {
		char close[sizeof name + 2] = "</";
		strcat(close, name);
		j = find_ci(s, len, end, close);
		return j < len ? tag_end(s, len, j) : len;
	}
	b = bsearch(name, blocks, ARRAY_SIZE(blocks), sizeof blocks[0],
		    block_cmp);
	if (b && b->breaks)
		out_break(o, b->breaks);
	else if (b)
		o->space = 1;
	return end;
}

char *
text_from_html(const char *s, size_t len, size_t cap)
{
	struct out o;
	size_t i = 0;

	out_init(&o, len, cap, true);
	while (i < len && !o.full) {
		if (s[i] == '<')
			i = tag(&o, s, len, i);
		else if (s[i] == '&')
			i = reference(&o, s, len, i);
		else if (is_word_byte(s[i], true))
			i = ascii_run(&o, s, len, i, true);
		else
			i = clean_one(&o, s, len, i);
	}
	return buf_steal(&o.b);
}

/* ---- folding and widths ---- */

static bool
is_apostrophe(int cp)
{
	return cp == 0x2019 || cp == 0x2018 || cp == 0x02BC || cp == 0xFF07;
}

/* Latin letters with a stroke or ligatures that Unicode does not
 * decompose, folded to what English-language wires write: "Wałęsa" and
 * "Walesa", "Kılıçdaroğlu" and "Kilicdaroglu" match.  Sorted. */
static const struct {
	int cp;
	const char *ascii;
} undecomposed[] = {
	{ 0x00E6, "ae" }, { 0x00F0, "d" }, { 0x00F8, "o" }, { 0x00FE, "th" },
	{ 0x0111, "d" }, { 0x0127, "h" }, { 0x0131, "i" }, { 0x0142, "l" },
	{ 0x0153, "oe" }, { 0x0167, "t" },
};

static const char *
undecomposed_ascii(int cp)
{
	size_t lo = 0, hi = ARRAY_SIZE(undecomposed);

	if (cp < 0xE6 || cp > 0x167)
		return NULL;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (undecomposed[mid].cp == cp)
			return undecomposed[mid].ascii;
		if (undecomposed[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

#define FOLD_OPTIONS (UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | \
		      UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_IGNORE)

/* One non-ASCII character, folded: utf8proc per character, so that there
 * is no allocation and no second pass over the string. */
static void
fold_char(struct buf *b, int cp)
{
	utf8proc_int32_t dst[32];
	utf8proc_ssize_t n, k;
	int boundclass = UTF8PROC_BOUNDCLASS_START;
	char enc[4];

	n = utf8proc_decompose_char(cp, dst, ARRAY_SIZE(dst), FOLD_OPTIONS,
				    &boundclass);
	if (n < 0 || n > (utf8proc_ssize_t)ARRAY_SIZE(dst)) {
		dst[0] = cp;
		n = 1;
	}
	for (k = 0; k < n; k++) {
		int c = is_apostrophe(dst[k]) ? '\'' : dst[k];
		const char *ascii = undecomposed_ascii(c);
		if (ascii)
			buf_adds(b, ascii);
		else if (c != 0)
			buf_add(b, enc, encode(c, enc));
	}
}

void
text_fold_append(struct buf *b, const char *s, size_t len)
{
	size_t i = 0, n;
	int cp;

	buf_grow(b, len);
	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			/* An ASCII run keeps its length: there is room already.
			 * Through locals: a store through b->data could alias
			 * b->len and cost a reload per byte. */
			char *d = b->data + b->len;
			size_t k = 0;
			unsigned char c;

			while (i < len && (c = (unsigned char)s[i]) < 0x80) {
				if (c >= 'A' && c <= 'Z')
					c = (unsigned char)(c - 'A' + 'a');
				if (c)
					d[k++] = (char)c;
				i++;
			}
			b->len += k;
			continue;
		}
		n = text_decode(s + i, len - i, &cp);
		if (is_apostrophe(cp))
			buf_addc(b, '\'');
		else
			fold_char(b, cp);
		i += n;
		/* Room for the rest, should it all be ASCII. */
		buf_grow(b, len - i);
	}
	b->data[b->len] = '\0';
}

char *
text_fold(const char *s, size_t len)
{
	struct buf b = BUF_INIT;

	text_fold_append(&b, s, len);
	return buf_steal(&b);
}

static int
cp_width(int cp)
{
	int w;

	if (is_control(cp) || is_invisible(cp))
		return 0;
	w = utf8proc_charwidth(cp);
	return w < 0 ? 0 : w;
}

int
text_width(const char *s, size_t len)
{
	size_t i = 0;
	int cp, w = 0;

	while (i < len) {
		if ((unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7F) {
			w++, i++;
			continue;
		}
		i += text_decode(s + i, len - i, &cp);
		w += cp_width(cp);
	}
	return w;
}

size_t
text_fit(const char *s, size_t len, int cols, int *width)
{
	size_t i = 0, n;
	int cp, w = 0, cw;

	while (i < len) {
		n = text_decode(s + i, len - i, &cp);
		cw = cp_width(cp);
		if (w + cw > cols)
			break;
		w += cw;
		i += n;
	}
	if (width)
		*width = w;
	return i;
}

const unsigned char text_ascii_word[256] = {
	0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0,
	'0', '1', '2', '3', '4', '5', '6', '7',
	'8', '9', 0, 0, 0, 0, 0, 0,
	0, 'a', 'b', 'c', 'd', 'e', 'f', 'g',
	'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
	'p', 'q', 'r', 's', 't', 'u', 'v', 'w',
	'x', 'y', 'z', 0, 0, 0, 0, 0,
	0, 'a', 'b', 'c', 'd', 'e', 'f', 'g',
	'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
	'p', 'q', 'r', 's', 't', 'u', 'v', 'w',
	'x', 'y', 'z', 0, 0, 0, 0, 0,
};
