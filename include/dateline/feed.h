/* Feed parsing: RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom bytes into stories,
 * streaming, with libxml2.  Nothing else knows about libxml2. */
#ifndef DATELINE_FEED_H
#define DATELINE_FEED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "dateline/model.h"

/* Called once per item; the callee takes ownership of the story's strings
 * (story->feed is left 0 for the caller to set). */
typedef void (*feed_story_fn)(struct story *story, void *ud);

struct feed_result {
	char *title;		/* feed title, or NULL; owned by the caller */
	char *link;		/* feed home page, resolved, or NULL */
	size_t items;		/* stories passed to the callback */
	bool damaged;		/* a parse error: what came before it was kept */
	char error[256];	/* the reason when damaged or failed, "" else */
};

/* Encodings, in this order of precedence: a byte-order mark (UTF-8,
 * UTF-16); else the HTTP charset when libxml2/iconv knows it; else the
 * XML declaration's encoding when known; else UTF-8 (an unknown declared
 * encoding is read as UTF-8).
 *
 * Broken feeds: the bytes are parsed strictly; on the first error they are
 * repaired (feed_repair) and parsed strictly again; if that fails too, the
 * repaired bytes are read once more in libxml2's recovery mode.  Stories
 * are never delivered twice: each later pass skips those already given.
 * A feed read whole after repair returns 0; otherwise res->damaged is set
 * and res->error names the first error left ("XML error at line N: ...").
 * An empty body (nothing but white space) gives "empty"; an HTML page
 * "not a feed (HTML page)"; another XML root element "not a feed (root
 * element <x>)".  Links are resolved against xml:base and base_url, and
 * only http, https and ftp links are kept.
 *
 * Parse a whole feed held in memory.  base_url resolves relative links
 * (may be NULL); http_charset is the charset of the HTTP Content-Type (may
 * be NULL).  Returns 0 when the feed was read whole, -1 when it failed or
 * was damaged (res->error says why: "not a feed (HTML page)", "empty",
 * "XML error at line 12: ...").  Stories read before damage are delivered
 * all the same. */
int feed_parse(const char *data, size_t len, const char *base_url,
	       const char *http_charset, feed_story_fn fn, void *ud,
	       struct feed_result *res);

/* The same, read from an open file in pieces: only the start of the bytes
 * is kept, and a broken feed's file is read again from its start for the
 * second and third passes (when it cannot be, its damage is said as
 * found).  Memory does not grow with the file.  Read errors give
 * "cannot read: ...". */
int feed_parse_file(FILE *fp, const char *base_url, const char *http_charset,
		    feed_story_fn fn, void *ud, struct feed_result *res);

/* The same, fed in pieces as they arrive (from the download).  Stories
 * are delivered as their items end; the bytes are also kept until finish,
 * for the second and third passes a broken feed needs (so memory grows
 * with the download, which the fetcher's size cap bounds). */
struct feed_parser;
struct feed_parser *feed_parser_new(const char *base_url,
				    const char *http_charset,
				    feed_story_fn fn, void *ud);
/* Returns -1 once the parser has given up (the rest is ignored). */
int feed_parser_push(struct feed_parser *p, const char *data, size_t len);
/* Ends the input, fills res and frees the parser; returns as feed_parse. */
int feed_parser_finish(struct feed_parser *p, struct feed_result *res);

/* Free the strings of a result. */
void feed_result_free(struct feed_result *res);

/* The feeds listed in an OPML file, outline by outline at any depth
 * (xmlUrl, and the title attribute, else text, or NULL).  Outlines of
 * type "command" and URLs that are not http, https or file are given with
 * a NULL url (skipped, and counted by the caller).
 * Returns 0, or -1 with err set ("empty", "not an OPML file (root element
 * <x>)", "XML error at line N: ..."); outlines before an error are given
 * all the same. */
typedef void (*feed_opml_fn)(const char *url, const char *title, void *ud);
int feed_opml(const char *data, size_t len, feed_opml_fn fn, void *ud,
	      char *err, size_t errlen);

/* The bytes of a broken feed made parseable where that can be done
 * without guessing: NUL bytes and other C0 controls but tab, CR and LF
 * removed; HTML named entities (&nbsp;) as numeric references; a '&' that
 * starts no reference escaped, and a '<' that starts no markup; HTML tags
 * inside a title or description escaped (RSS holds them as text), and
 * such a field left open closed before the next element; references to
 * characters XML forbids removed; when utf8, invalid UTF-8 replaced by
 * U+FFFD.  CDATA sections
 * and comments are copied as they are but for the byte fixes.  Returns a
 * new buffer of *outlen bytes (NUL-terminated); *changed tells whether it
 * differs from the input.  The encoding must be an ASCII superset. */
char *feed_repair(const char *s, size_t len, bool utf8, size_t *outlen,
		  bool *changed);

/* One-time libxml2 set-up (deny-all entity loader, error handler). */
void feed_init(void);

#endif
