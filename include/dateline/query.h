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
 * writes "query: expected ')' at column 17" to err. */
struct query *query_compile(const char *expr, const struct actors *actors,
			    char *err, size_t errlen);
void query_free(struct query *q);

/* Does event i of tl match? */
bool query_match(const struct query *q, const struct timeline *tl, size_t i);

/* The indices of all matching events, in timeline order, into out (room
 * for tl->nevents); returns how many.  Uses the timeline's indexes. */
size_t query_run(const struct query *q, const struct timeline *tl,
		 uint32_t *out);

/* Quote a value so that it reads back as one term: actor:"Sergei Lavrov". */
char *query_quote(const char *s);

#endif
