/* Adding many stories to a timeline with several threads, while they are
 * still being read: the timeline that adding them one by one with
 * timeline_add gives, sooner.  What hangs on each story alone (its dates,
 * its words, the actors a copy of the dictionary finds) is done by helper
 * threads a chunk at a time; one thread places the prepared chunks in the
 * order the stories came.  The caller keeps its own thread (a parser
 * pushing stories as it reads them) and must not touch the timeline or its
 * dictionary between adder_new and adder_end. */
#ifndef DATELINE_ADDER_H
#define DATELINE_ADDER_H

#include <stddef.h>
#include <stdint.h>

struct story;
struct timeline;
struct adder;

struct adder *adder_new(struct timeline *tl);

/* Add s (taken over; zeroed): it is placed after the stories pushed
 * before it.  Its feed must be one of the timeline's. */
void adder_push(struct adder *a, struct story *s);

/* Wait until every story pushed is in the timeline and free a.  Returns
 * how many were pushed and, in *si (the caller frees it), the index of
 * each story in the timeline, in push order (a story given twice has the
 * index of the one it replaced). */
size_t adder_end(struct adder *a, uint32_t **si);

/* adder_new, adder_push of v[0..n-1], adder_end: si[i] (when si is not
 * NULL) receives the index of v[i]. */
void adder_add_many(struct timeline *tl, struct story *v, size_t n,
		    uint32_t *si);

/* How many helper threads an adder starts besides the placing one (at
 * most 3); -1, the default, is two less than the processors, and at least
 * one.  For tests and benchmarks. */
void adder_helpers(int n);

#endif
