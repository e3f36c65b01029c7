/* Fuzz target: compile an arbitrary expression against a tiny timeline and
 * evaluate it.  Errors must say something; query_run and query_match must
 * agree; a quoted value must read back as one term. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dateline/actors.h"
#include "dateline/model.h"
#include "dateline/query.h"
#include "dateline/text.h"
#include "dateline/timeline.h"

static const char dictionary[] =
	"Vladimir Putin\tperson\tRU\tpresident\tPutin|Путин\n"
	"Volodymyr Zelensky\tperson\tUA\tpresident\tZelensky|Zelenskyy\n"
	"Sergei Lavrov\tperson\tRU\tminister\tLavrov\n";

static struct feed_info feeds[] = {
	{ (char *)"https://wire-a.example/rss", (char *)"Wire A", NULL, NULL },
	{ (char *)"file:///srv/b.xml", NULL, NULL, (char *)"Borealis" },
};
static struct story stories[3] = { { .feed = 0 }, { .feed = 1 },
				   { .feed = 5 } };
static uint32_t st0[] = { 0, 1 }, st1[] = { 2 }, st2[] = { 7 };
static uint32_t ac0[] = { 0, 2 }, ac1[] = { 1 };
static char *folded[] = { (char *)"drone attack on the residence",
			  (char *)"zelensky denies the claim", NULL };
static struct event events[] = {
	{ .start = 1766880000, .end = 1766966400, .precision = PREC_RANGE,
	  .stories = st0, .nstories = 2, .actors = ac0, .nactors = 2 },
	{ .start = 1767031200, .end = NO_TIME, .precision = PREC_MINUTE,
	  .stories = st1, .nstories = 1, .actors = ac1, .nactors = 1 },
	{ .start = NO_TIME, .end = NO_TIME, .precision = PREC_UNKNOWN,
	  .stories = st2, .nstories = 1 },
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct actors *actors;
	struct timeline tl = { 0 };
	char err[256], *expr;
	struct query *q;
	uint32_t out[3];
	size_t n, m = 0;

	if (!actors) {
		char e[128];

		actors = actors_new();
		actors_load_mem(actors, dictionary, sizeof dictionary - 1,
				"fuzz", e, sizeof e);
	}
	tl.feeds = feeds;
	tl.nfeeds = 2;
	tl.stories = stories;
	tl.nstories = 3;
	tl.events = events;
	tl.nevents = 3;
	tl.folded = folded;
	expr = malloc(size + 1);
	if (!expr)
		return 0;
	memcpy(expr, data, size);
	expr[size] = '\0';
	err[0] = '\0';
	q = query_compile(expr, actors, err, sizeof err);
	if (!q) {
		if (strncmp(err, "query: ", 7) || !strstr(err, " at column "))
			abort();
	} else {
		n = query_run(q, &tl, out);
		for (size_t i = 0; i < tl.nevents; i++)
			if (query_match(q, &tl, i) && (m >= n || out[m++] != i))
				abort();
		if (m != n)
			abort();
		query_free(q);
	}
	/* Any value quoted compiles as one term, but one that folds to white
	 * space or nothing (an empty phrase). */
	char *quoted = query_quote(expr);
	char *plain = text_fold(expr, strlen(expr));

	q = query_compile(quoted, actors, err, sizeof err);
	if (!q && plain[strspn(plain, " \t\n")])
		abort();
	free(plain);
	query_free(q);
	free(quoted);
	free(expr);
	return 0;
}
