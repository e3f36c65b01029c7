/* STUB: replaced by the query module. */
#include <stdio.h>
#include "dateline/query.h"
#include "dateline/timeline.h"
#include "dateline/util.h"
struct query *query_compile(const char *expr, const struct actors *actors, char *err, size_t errlen) { snprintf(err, errlen, "query: not implemented yet"); return NULL; }
void query_free(struct query *q) {}
bool query_match(const struct query *q, const struct timeline *tl, size_t i) { return false; }
size_t query_run(const struct query *q, const struct timeline *tl, uint32_t *out) { return 0; }
char *query_quote(const char *s) { return xstrdup(s); }
