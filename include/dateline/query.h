/* The query language of the -q option, the filter prompt and saved filters:
 * words and "phrases", actor:, feed:, from:, to:, sources:, and, or, not,
 * '-', parentheses. */
#ifndef DATELINE_QUERY_H
#define DATELINE_QUERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct timeline;
struct actors;
struct query;

/* Compile expr (NULL or "" matches everything).  On error returns NULL and
 * writes "query: expected ')' at column 17" to err (columns count
 * characters from 1).  Terms: a word or "phrase" (a folded substring of the
 * event's folded text; \" and \\ escape inside quotes), actor:NAME (the
 * actor actors_lookup() finds, else every actor with a word of its
 * canonical name starting with NAME; none: matches nothing), feed:NAME
 * (folded substring of a source feed's name, title or source), from:DATE,
 * to:DATE (date_parse_arg; events of unknown time are out), sources:N.
 * Keywords and, or, not (any case), a leading '-', parentheses; not binds
 * tighter than and (or juxtaposition), and than or.  actors may be NULL. */
struct query *query_compile(const char *expr, const struct actors *actors,
			    char *err, size_t errlen);
void query_free(struct query *q);

/* The names of q's actor: terms that stand for no actor (a typo, or a
 * name in no story), up to max of them, into names (q's strings). */
size_t query_unknown_actors(const struct query *q, const char **names,
			   size_t max);

/* Whether q looks for words, and so needs the events' search text. */
bool query_uses_text(const struct query *q);

/* Does event i of tl match? */
bool query_match(const struct query *q, const struct timeline *tl, size_t i);

/* The indices of all matching events, in timeline order, into out (room
 * for tl->nevents); returns how many.  When every match must name an actor
 * and the timeline has its indexes (tl->cluster set, not dirty), only
 * that actor's events (timeline_actor_events) are looked at.  q NULL
 * matches everything. */
size_t query_run(const struct query *q, const struct timeline *tl,
		 uint32_t *out);

/* Quote a value so that it reads back as one term: actor:"Sergei Lavrov".
 * Plain words come back as they are.  Returns a new string. */
char *query_quote(const char *s);

#endif
