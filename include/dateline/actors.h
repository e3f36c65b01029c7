/* The actor dictionary and matching of actors in text.
 *
 * Dictionary files are TSV: canonical name, kind (person, organisation,
 * place), country, role, aliases joined with '|'.  '#' starts a comment
 * line.  Matching works on folded text (text_fold): case and diacritics
 * ignored, whole words only, possessives accepted, the longest alias
 * winning.
 *
 * Words are runs of letters, marks and digits of any script; the words of
 * a name may be joined by spaces or hyphens, and by a period after a
 * single letter ("U.S.", "Donald J. Trump"), never across other
 * punctuation.  False friends: an alias matches only where the original
 * text capitalises each of its words when it is written "!Alias" in the
 * dictionary, is an acronym (no lower-case letter: UN, EU), or is one
 * common English word (trump, tusk, may ...; a built-in list).
 *
 * A struct actors keeps scratch space for matching: use one from one
 * thread at a time. */
#ifndef DATELINE_ACTORS_H
#define DATELINE_ACTORS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ACTOR_NONE UINT32_MAX

enum actor_kind {
	ACTOR_PERSON,
	ACTOR_ORGANISATION,
	ACTOR_PLACE,
};

struct actor {
	char *name;		/* canonical */
	char *country;		/* "" when none */
	char *role;		/* "" when none */
	uint8_t kind;		/* enum actor_kind */
	bool discovered;	/* found in text, not in a dictionary */
};

struct actors;

struct actors *actors_new(void);
void actors_free(struct actors *a);

/* Add the entries of a dictionary held in memory; a later entry with the
 * same canonical name replaces the earlier one (the user's file wins).
 * Returns 0, or 1 with err naming the first bad line ("FILE:LINE: why
 * (line ignored)"): bad lines are left out, the others loaded all the
 * same.  _file returns -1 (err set) when the file cannot be read. */
int actors_load_mem(struct actors *a, const char *data, size_t len,
		    const char *name, char *err, size_t errlen);
int actors_load_file(struct actors *a, const char *path, char *err,
		     size_t errlen);

size_t actors_count(const struct actors *a);
const struct actor *actors_get(const struct actors *a, uint32_t id);

/* Each live alias with its actor, folded (words joined by one space), the
 * canonical names among them: for narrowing a list as one types. */
void actors_each_alias(const struct actors *a,
		       void (*fn)(uint32_t actor, const char *folded, void *ud),
		       void *ud);

/* The actor a name or alias stands for (folded comparison of the whole
 * name, no capitalisation rule), or ACTOR_NONE. */
uint32_t actors_lookup(const struct actors *a, const char *name);

/* The actor named so, or a discovered one added with that name and role
 * (as matching would add it: for actors read back from the archive);
 * ACTOR_NONE past the cap or for a name without a word. */
uint32_t actors_add_discovered(struct actors *a, const char *name,
			       const char *role);

/* Discovered people from id from on are also found by their surname
 * (the last word of the name with its particles: "Kowal", "de la Cruz",
 * "O'Neill"), written with its capital, unless it stands for another
 * actor already.  Matching adds none while it runs (the timeline calls
 * this when it finishes, then looks for them again); one read back from
 * the archive (actors_add_discovered) has its surname at once. */
void actors_add_surnames(struct actors *a, uint32_t from);

/* Actors named in text (raw cleaned text; folded inside).  Writes up to max
 * distinct ids, sorted, to out and returns how many.  Discovered names
 * ("Colonel-General Mikhail Teplinsky" when not in the dictionary) are added
 * to the dictionary as discovered actors when discover is true: two to four
 * capitalised words, not known, right after a title word (President,
 * Minister, General, spokesman ...); the title becomes the role.  At most
 * 4096 actors are discovered in all. */
size_t actors_match(struct actors *a, const char *text, size_t len,
		    uint32_t *out, size_t max, bool discover);

/* Matching in other threads while the dictionary grows.  A view is a copy
 * of a's tables, made while nothing else uses a; each thread matches on a
 * view of its own.  What a view finds is finished, in the thread that owns
 * a and in the order of the texts, into what actors_match(a, ...) would
 * have returned then: unless a name added to a since actors_freeze may
 * stand in the text (actors_found_stale), and then the caller matches
 * again with actors_match. */
#define ACTORS_FOUND_MAX 256
struct actors_name {
	char *key, *name, *role;
};
struct actors_found {
	uint32_t *ids;			/* found in the view's dictionary */
	size_t nids, ids_cap;
	struct actors_name *names;	/* names to be discovered, in order */
	size_t nnames;
	uint32_t *pairs;		/* each two words in a row, hashed */
	size_t npairs, pairs_cap;
};
void actors_freeze(struct actors *a);
void actors_thaw(struct actors *a);
struct actors *actors_view_new(const struct actors *a);
void actors_view_free(struct actors *v);
void actors_view_match(struct actors *v, const char *text, size_t len,
		       struct actors_found *f);
bool actors_found_stale(const struct actors *a, const struct actors_found *f);
size_t actors_found_finish(struct actors *a, const struct actors_found *f,
			   uint32_t *out, size_t max);
/* Emptied for the next text, its arrays kept: the thread that owns a and
 * the threads that match then do not take turns at one malloc arena. */
void actors_found_clear(struct actors_found *f);
void actors_found_free(struct actors_found *f);

#endif
