/* Merging stories about one happening, from several wires, into one event:
 * exact duplicates (guid, link, normalised title), then near duplicates
 * (content words, shared actors and numbers, times within ~36 hours). */
#ifndef DATELINE_CLUSTER_H
#define DATELINE_CLUSTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct timeline;
struct cluster;

struct cluster *cluster_new(void);
void cluster_free(struct cluster *c);

/* Place story si (already in tl->stories, facts filled) into an event:
 * an existing one it duplicates, or a new one.  Returns the event index. */
uint32_t cluster_place(struct cluster *c, struct timeline *tl, uint32_t si);

/* Story s's content words into f (words, nwords, thash), the part of
 * placing that depends on the story alone: it reads only what cluster_new
 * made, so that several threads may call it at once. */
struct story;
struct story_facts;
void cluster_words(const struct cluster *c, const struct story *s,
		   struct story_facts *f);

/* cluster_place for a story whose words cluster_words found already. */
uint32_t cluster_place_ready(struct cluster *c, struct timeline *tl,
			     uint32_t si);

/* Take in story si whose event was decided before (its facts read back
 * from the archive), without comparing.  It is made known by its id, link
 * and title, and its words are counted and indexed, later, in the order
 * stories came: before the next story is compared (cluster_place and
 * cluster_remove do it) or when cluster_drain is called.  A story placed
 * after restored ones meets the state it would have met had they all been
 * placed; a command that places none pays nothing.  The caller puts si in
 * its event. */
void cluster_restore(struct cluster *c, struct timeline *tl, uint32_t si);

/* Count and index up to max restored stories; returns how many are left. */
size_t cluster_drain(struct cluster *c, struct timeline *tl, size_t max);

/* Forget story si (before it is replaced). */
void cluster_remove(struct cluster *c, struct timeline *tl, uint32_t si);

/* Similarity of two stories in [0, 1], and whether they are one happening:
 * exposed for the labelled tests. */
bool cluster_same(const struct timeline *tl, uint32_t a, uint32_t b);
/* The score behind it, before the time window; its shared words found the
 * quick way, or by a plain merge of the two lists when merge: for the
 * tests that check the two agree. */
double cluster_score(const struct timeline *tl, uint32_t a, uint32_t b,
		     bool merge);
/* The placed stories that story si's words find in the candidate index
 * (up to max, in the order met): for the tests of the index. */
size_t cluster_candidates(struct timeline *tl, uint32_t si, uint32_t *out,
			  size_t max);

#endif
