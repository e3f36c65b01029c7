/* What extraction and merging found in one story, as bytes for the
 * archive: stored beside the story, they let a restart rebuild the events
 * and their actors without reading, matching and comparing the text again.
 *
 * The bytes hold actor ids of the dictionary they were made with (the
 * discovered actors by name), so each encoding carries its key (facts_key
 * of the dictionaries' bytes) and is trusted only under the same key. */
#ifndef DATELINE_FACTS_H
#define DATELINE_FACTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dateline/buf.h"

/* Bump when extraction or merging changes what it produces: stored facts
 * made by another version are then made again. */
#define FACTS_VERSION 3

struct actors;
struct story_facts;

/* The key stored facts are valid under: FACTS_VERSION and the bytes of
 * every dictionary loaded (in order), n of them. */
uint64_t facts_key(const char *const *dicts, const size_t *lens, size_t n);

/* Append f's encoding, made under key, to out. */
void facts_encode(const struct story_facts *f, const struct actors *a,
		  uint64_t key, struct buf *out);

/* The bytes every encoding made under key starts with: FACTS_PREFIX of
 * them, into out. */
#define FACTS_PREFIX 9
void facts_prefix(uint64_t key, unsigned char out[FACTS_PREFIX]);

/* The event label of an encoding (0 when it is none), without decoding
 * the rest: a hint for reading ahead. */
uint64_t facts_group(const void *p, size_t n);

/* Fill f (its arrays newly allocated; the event left EVENT_NONE) from
 * bytes made by facts_encode under key; discovered actors rejoin a.  False,
 * with f untouched, when the bytes are not such an encoding or were made
 * under another key. */
bool facts_decode(const void *p, size_t n, uint64_t key, struct actors *a,
		  struct story_facts *f);

#endif
