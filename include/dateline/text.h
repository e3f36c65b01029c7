/* Cleaning of untrusted text, Unicode folding and display widths.
 *
 * Every byte from a feed goes through text_clean() or text_from_html()
 * before it reaches the model: the results are valid UTF-8 with no C0 or C1
 * control (except '\n' where a function says so), no bidi override or
 * isolate and no zero-width character. */
#ifndef DATELINE_TEXT_H
#define DATELINE_TEXT_H

#include <stdbool.h>
#include <stddef.h>

struct buf;

/* Caps on what a story keeps; longer text is cut at a character boundary. */
#define TEXT_TITLE_CAP 2048
#define TEXT_BODY_CAP (1024 * 1024)

/* Plain text to one clean line: invalid UTF-8 becomes U+FFFD, controls and
 * invisible formatting characters are removed, runs of white space become
 * one space, ends trimmed, at most cap bytes.  Entities are NOT decoded
 * (XML already did that).  Returns a new string.
 * Terminal escape sequences go whole (ESC [ ... and U+009B ... up to the
 * final byte, ESC ] ... BEL or ESC \ within 256 bytes), other controls one
 * by one; CR, tab, form feed, NBSP and the Unicode spaces count as white
 * space; format characters (category Cf: bidi controls, zero-width, soft
 * hyphen, tags) are removed. */
char *text_clean(const char *s, size_t len, size_t cap);

/* HTML (or plain text that may hold HTML) to clean text: tags removed,
 * script and style dropped, all HTML named and numeric character references
 * decoded, block elements and <br> kept as '\n' (at most one blank line in a
 * row), white space normalised within lines, then cleaned as text_clean()
 * but keeping '\n'.  Returns a new string of at most cap bytes. */
char *text_from_html(const char *s, size_t len, size_t cap);

/* In text_from_html(): p, h1-h6, blockquote, ul, ol, table, pre and other
 * blocks end a paragraph (one blank line), br, li, tr, div and dt/dd a
 * line; script, style, template and noscript are dropped with their
 * content; comments and declarations vanish, CDATA is text.  A named
 * reference without ';' is decoded for the legacy names HTML5 allows
 * (&amp &lt &copy ...); &#NNN; for 128-159 is read as windows-1252, and 0,
 * surrogates and values past U+10FFFF become U+FFFD. */

/* Decode one HTML named entity (without '&' and ';', e.g. "nbsp") to UTF-8
 * in out (at least 8 bytes).  Returns bytes written, 0 when unknown. */
size_t text_entity(const char *name, size_t len, char *out);

/* True when s is valid UTF-8 holding no control character, except '\n'
 * when allow_newline, and no bidi control or zero-width character. */
bool text_is_safe(const char *s, size_t len, bool allow_newline);

/* Folded form for matching: Unicode case folding, compatibility
 * decomposition, marks (diacritics) removed, so "Erdoğan" and "ERDOGAN"
 * fold alike, and "Путин" and "ПУТИН".  Apostrophes (' and U+2019) become
 * '\''.  Letters Unicode does not decompose fold to their English spelling
 * (ł l, ø o, æ ae, đ d, ı i, þ th).  Returns a new string. */
char *text_fold(const char *s, size_t len);

/* text_fold of s appended to b: folding goes character by character, so
 * the folds of two strings appended one after the other are the fold of
 * the two joined. */
void text_fold_append(struct buf *b, const char *s, size_t len);

/* Display width in terminal columns (wide characters 2, combining 0). */
int text_width(const char *s, size_t len);

/* How many bytes of s fit in cols columns without splitting a character;
 * *width receives the columns used (may be NULL). */
size_t text_fit(const char *s, size_t len, int cols, int *width);

/* Decode one UTF-8 character at s (len > 0): returns its length (1 for an
 * invalid byte, with *cp = 0xFFFD). */
size_t text_decode(const char *s, size_t len, int *cp);

/* ASCII letters and digits, lower-cased; 0 for every other byte: what the
 * tokenizers read of most text without decoding it. */
extern const unsigned char text_ascii_word[256];

#endif
