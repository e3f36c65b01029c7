/* One event across wires: exact duplicates (id, link, normalised title),
 * then near duplicates scored on content words weighted by rarity, with
 * figures and actors, within a time window; candidates come from an index
 * of each story's title and rarest words by day, so adding is cheap. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <utf8proc.h>

#include "dateline/cluster.h"
#include "dateline/pool.h"
#include "dateline/text.h"
#include "dateline/timeline.h"
#include "dateline/util.h"
#include "dateline/workers.h"

#define WINDOW (36 * 3600)	/* event times this close may be one event */
#define DAY_GAP (12 * 3600)	/* ... days named by both texts: next days */
#define FILED_APART (6 * 3600)	/* one feed's stories on days next to
				   each other filed this far apart tell two
				   happenings */
#define ZONES_APART (12 * 3600)	/* ... published this close: one moment
				   in two time zones */
#define BUCKET 86400		/* the candidate index's time slices */
#define MAX_BUCKETS 8		/* a long range looks at its start only */
#define MAX_WORDS 40		/* content words kept per story */
#define BODY_TOKENS 60		/* the lead of the text is what matters */
#define KEYS 4			/* rare words a story is indexed under */
#define WALK 48			/* postings read per key and bucket */
#define LIST_ROOM 64		/* postings kept per key and bucket: WALK
				   or more, a power of two up to 256 */
#define MAX_CANDS 512
#define SEEN_SLOTS 2048		/* a power of two, four times MAX_CANDS */
#define SCORED 6		/* candidates scored, most key hits first */
#define SAME 0.32		/* score from which two stories are one */
#define SEED_SAME 0.24		/* ... with the event's first story */
#define SAME_UNDATED 0.40	/* ... when one has no time at all */
#define NAME_WEIGHT 0.6		/* a name's weight against other words */
#define ACTOR_BONUS 0.05	/* at most, for sharing every actor */
#define OTHER_FIGURES 0.7	/* both give figures, none in common */
#define NO_SHARED_ACTOR 0.6	/* both name actors, none in common */
#define TEMPLATE 0.3		/* one title's words, other names */
#define TEMPLATE_SHARE 0.7	/* of the titles' other words, shared */
#define APART (16 * 3600)	/* a feed's stories this far apart, or a
				   repeat told this long after an event's
				   first report, are other happenings */
#define MIN_TITLE_TOKENS 4	/* shorter titles are not identities */
#define TITLE_TOKENS 48		/* a title's tokens held while it is read */
#define KEEP (3 * 86400)	/* words are kept for the stories placed
				   this long before the newest: those
				   compared again and again */
#define DRAIN_SHARED 256	/* restored stories whose words are found by
				   several threads at once, from */
#define DRAIN_SLICE 8192	/* ... and at most, at once */

#define W_TITLE 1u		/* word flags, in the low bits of a hash */
#define W_NUMBER 2u
#define W_NAME 4u		/* written with a capital inside a sentence */
#define W_FLAGS 7u
#define W_TITLE_NAME (W_TITLE | W_NAME)	/* a name in the title */
#define UNKNOWN_BUCKET INT64_MAX
#define WORD_SLOTS 128		/* a power of two, over twice MAX_WORDS */
#define PROBE_BITS 13		/* a probe's table of its words */
#define PROBE_SLOTS (1u << PROBE_BITS)
#define WORD_KINDS 512		/* a power of two, over twice the words of
				   stop_words, kin_words and same_words */
#define LN_TABLE 65536		/* log(n) is looked up below this n */

/* A key and its value side by side: a lookup costs one cache miss, not
 * two (the tables are large and read at random). */
struct slot {
	uint32_t key, val;		/* key 0: empty */
};

/* A list of the candidate index: the stories last indexed under a key,
 * newest last.  Only the WALK newest are ever read, so a list keeps its
 * LIST_ROOM newest, in a ring once full; before that its room doubles. */
struct list {
	uint32_t key;			/* 0: a free slot of the table */
	uint32_t n;			/* stories ever put in it */
	uint32_t *v;			/* list_room(n) of them, from c->lists */
};

/* A story whose words are held, and the newest publication placed when
 * they were found. */
struct held {
	uint32_t story;
	int64_t stamp;
};

struct cand {
	uint32_t story, hits;
	int64_t at;		/* its publication; undated: INT64_MAX */
};

/* A story met while collecting candidates: in round gen, at cand[slot]. */
struct mark {
	uint32_t story, gen, slot;
};


/* Function words and newsroom words that say nothing about a happening
 * (kept sorted: bsearch). */
static const char *const stop_words[] = {
	"a", "about", "above", "according", "after", "again", "against",
	"ago", "all", "also", "am", "an", "and", "another", "any", "apr",
	"april", "are", "as", "at", "aug", "august", "be", "because",
	"been", "before", "being", "between", "both", "breaking", "but",
	"by", "can", "could", "day", "dec", "december", "did", "do",
	"does", "during", "each", "earlier", "early", "either", "feb",
	"february", "for", "friday", "from", "further", "had", "has",
	"have", "having", "he", "her", "here", "hers", "him", "his",
	"how", "however", "i", "if", "in", "into", "is", "it", "its",
	"jan", "january", "jul", "july", "jun", "june", "just", "last",
	"late", "later", "latest", "least", "less", "like", "live", "made", "make",
	"many", "mar", "march", "may", "me", "might", "monday", "month",
	"more", "most", "much", "must", "my", "near", "new", "news",
	"next", "no", "nor", "not", "nov", "november", "now", "oct",
	"october", "of", "off", "official", "officials", "on", "once",
	"one", "only", "or", "other", "our", "out", "over", "own", "per",
	"report", "reported", "reports", "said", "same", "saturday", "say",
	"saying", "says", "sep", "sept", "september", "she", "should",
	"since", "so", "some", "still", "such", "sunday", "than", "that",
	"the", "their", "them", "then", "there", "these", "they", "this",
	"those", "though", "through", "thursday", "to", "today", "told",
	"tonight", "too", "tuesday", "under", "until", "up", "update",
	"updated", "updates", "upon", "us", "very", "was", "we", "wednesday", "week",
	"were", "what", "when", "where", "whether", "which", "while",
	"who", "whom", "whose", "why", "will", "with", "within", "without",
	"would", "year", "yesterday", "yet", "you", "your",
};

/* Words wires use for one another in a title telling one happening: in
 * a title, each list's words are one word of their own (not the stem of
 * any), so that "a complete fabrication" and "rejects ... as invented",
 * "orders generals to push on" and "tells commanders to keep up the
 * offensive", meet.  Matched as written (folded): "generals" is here,
 * "general" is not.  In titles only, and not words of denial: the report
 * of an accusation quotes the denial ("..., Ukraine denies it"), in its
 * title or further down, and would join the denial's event.  Left out
 * too, words with another common sense in titles ("false alarm",
 * "factory orders", "Senate advances bill", "fake medicines"). */
static const char *const kin_words[] = {
	("fabrication fabricated fabrications invented lies hoax baseless "
	 "untrue bogus disinformation falsehood falsehoods"),
	"commanders commander generals",
	"offensive counteroffensive onslaught push pushes pushing",
	"pretext justify justifies justified justification",
};

/* Words that wires use for one another anywhere in a story ("Deadly
 * tremor shakes eastern Turkey", "Magnitude 6.8 quake hits Malatya",
 * "Powerful earthquake strikes"): each is read as the first of its list. */
static const char *const same_words[] = {
	("earthquake earthquakes quake quakes tremor tremors temblor "
	 "temblors"),
	"explosion explosions blast",	/* not "blasts": "Zelensky blasts Moscow" */
	"ceasefire ceasefires truce truces",
};

/* What the lists above say of one word, found by its hash (of the whole
 * word, folded) in one probe: a collision only drops one more word or
 * joins two. */
struct word_kind {
	uint32_t key;			/* the word's hash; 0 empty */
	uint8_t stop;			/* STOP_WORD, STOP_MONTH, or 0 */
	uint32_t kin;			/* kin_words: its list's hash, or 0 */
	uint32_t same;			/* same_words: its first's, or 0 */
};
enum { STOP_NOT, STOP_WORD, STOP_MONTH };

struct cluster {
	/* Document frequency: word -> stories holding it. */
	struct slot *df;		/* word -> count */
	size_t df_cap, df_used, ndocs;
	double ln_docs;			/* ln(ndocs + 10), see idf_of */
	/* Exact identities (id, link, title) -> latest story. */
	struct slot *ex;		/* fingerprint -> story */
	size_t ex_cap, ex_used;
	/* Candidate index: (rare word, bucket) -> list of stories. */
	struct list *ix;		/* by key, open addressing */
	size_t ix_cap, ix_used;
	struct pool lists;		/* the lists' stories */
	/* The stories met while collecting candidates, a set of this
	 * round's (gen) marks: small enough to stay in the cache, where a
	 * mark per story was 8 bytes each of a million read at random. */
	struct mark seen[SEEN_SLOTS];
	uint32_t gen;
	struct cand cand[MAX_CANDS];
	struct word_kind kinds[WORD_KINDS];	/* by word_kind */
	float *logs;			/* log(n) for n below nlogs */
	size_t nlogs;
	size_t far_n;			/* the last n past the table ... */
	float far_ln;			/* ... and its log */
	/* While a story is placed, its words' frequencies, which are asked
	 * for again and again and do not change meanwhile. */
	const struct story_facts *df_of;
	uint32_t df_words[MAX_WORDS];
	/* Restored stories not yet counted and indexed, in the order read:
	 * done before the next story is compared (cluster_drain). */
	uint32_t *pending;
	size_t npending, pending_done, pending_cap;
	bool pending_unsorted;		/* came out of time order */
	/* The stories holding words, oldest first (a queue): the words of
	 * those held since the newest publication placed moved more than
	 * KEEP on are let go, and found again from the text if asked. */
	struct held *held;
	size_t held_head, nheld, held_cap;
	int64_t newest;			/* publication, INT64_MIN: none */
	int64_t misdated;		/* publications after this (a day past
					   the clock when last asked) do not
					   move it */
};

/* A story's words (see struct story_words): how many, and the i-th. */
static inline size_t
nwords(const struct story_facts *f)
{
	return f->words ? f->words->n : 0;
}

static inline uint32_t
said_by(const struct story_facts *f)
{
	return f->words ? f->words->said_by : 0;
}

static uint32_t
fnv32(const char *s, size_t n)
{
	uint32_t h = 0x811c9dc5u;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x01000193u;
	}
	return h;
}

static uint32_t
mix32(uint32_t h)
{
	h ^= h >> 16;
	h *= 0x7feb352du;
	h ^= h >> 15;
	h *= 0x846ca68bu;
	h ^= h >> 16;
	return h;
}

static uint64_t
mix64(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

/* Whether a word (folded) names a month: "dec", "december", "sept"
 * (asked of a word only when its hash is a month's). */
static bool
month_word(const char *w, size_t n)
{
	static const char *const months[] = {
		"jan", "january", "feb", "february", "mar", "march", "apr",
		"april", "may", "jun", "june", "jul", "july", "aug", "august",
		"sep", "sept", "september", "oct", "october", "nov",
		"november", "dec", "december",
	};

	if (n < 3 || n > 9)
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(months); i++)
		if (strlen(months[i]) == n && !memcmp(w, months[i], n))
			return true;
	return false;
}

/* The entry of word h (the hash of a whole word), or NULL.  A hash table
 * rather than bsearch: this is asked for every word read.  (No word of
 * the lists hashes to 0, the empty slot.) */
static const struct word_kind *
word_kind(const struct cluster *c, uint32_t h)
{
	for (size_t j = mix32(h) & (WORD_KINDS - 1); c->kinds[j].key;
	     j = (j + 1) & (WORD_KINDS - 1))
		if (c->kinds[j].key == h)
			return &c->kinds[j];
	return NULL;
}

/* word_kind's entry for h, made if there is none. */
static struct word_kind *
word_kind_make(struct cluster *c, uint32_t h)
{
	size_t j = mix32(h) & (WORD_KINDS - 1);

	while (c->kinds[j].key && c->kinds[j].key != h)
		j = (j + 1) & (WORD_KINDS - 1);
	c->kinds[j].key = h;
	return &c->kinds[j];
}

/* ---- small open-addressing tables ---- */

/* Move a table's entries into one of cap slots. */
static struct slot *
slots_rehash(const struct slot *old, size_t old_cap, size_t cap)
{
	struct slot *t = xcalloc(cap, sizeof *t);

	for (size_t i = 0; i < old_cap; i++) {
		size_t j;

		if (!old[i].key)
			continue;
		for (j = mix32(old[i].key) & (cap - 1); t[j].key;
		     j = (j + 1) & (cap - 1))
			;
		t[j] = old[i];
	}
	return t;
}

static void
df_grow(struct cluster *c)
{
	size_t cap = c->df_cap ? c->df_cap * 2 : 1024;
	struct slot *t = slots_rehash(c->df, c->df_cap, cap);

	free(c->df);
	c->df = t;
	c->df_cap = cap;
}

/* The slot of word w (flags masked), created when create. */
static uint32_t *
df_slot(struct cluster *c, uint32_t w, bool create)
{
	size_t j;

	w &= ~W_FLAGS;
	if (!w)
		w = 4;
	if (create && (c->df_used + 1) * 4 > c->df_cap * 3)
		df_grow(c);
	if (!c->df_cap)
		return NULL;
	for (j = mix32(w) & (c->df_cap - 1); c->df[j].key;
	     j = (j + 1) & (c->df_cap - 1))
		if (c->df[j].key == w)
			return &c->df[j].val;
	if (!create)
		return NULL;
	c->df[j].key = w;
	c->df_used++;
	return &c->df[j].val;
}

static uint32_t
df_get(const struct cluster *c, uint32_t w)
{
	uint32_t *n = df_slot((struct cluster *)c, w, false);

	return n ? *n : 0;
}

/* The kinds of identity, in the order exact_story asks them. */
enum { EX_ID, EX_LINK, EX_TITLE };

static uint64_t ex_key_of(const struct timeline *tl, uint32_t si, int kind);

/* A slot's fingerprint: the key's high half (the keys are hashes), never
 * 0 (an empty slot).  Where a slot's fingerprint is a key's, its story's
 * own key of that kind says whether it is that key. */
static uint32_t
ex_fp(uint64_t key)
{
	uint32_t fp = (uint32_t)(key >> 32);

	return fp ? fp : 1;
}

static void
ex_grow(struct cluster *c)
{
	size_t cap = c->ex_cap ? c->ex_cap * 2 : 1024;
	struct slot *t = xcalloc(cap, sizeof *t);

	for (size_t i = 0; i < c->ex_cap; i++) {
		size_t j;

		if (!c->ex[i].key)
			continue;
		for (j = mix32(c->ex[i].key) & (cap - 1); t[j].key;
		     j = (j + 1) & (cap - 1))
			;
		t[j] = c->ex[i];
	}
	free(c->ex);
	c->ex = t;
	c->ex_cap = cap;
}

/* The slot of key (of that kind): its own, or the empty one where it
 * goes.  A slot whose story no longer holds the key (it was replaced by
 * its update) is passed over. */
static struct slot *
ex_slot(const struct cluster *c, const struct timeline *tl, uint64_t key,
	int kind)
{
	uint32_t fp = ex_fp(key);
	size_t j;

	for (j = mix32(fp) & (c->ex_cap - 1); c->ex[j].key;
	     j = (j + 1) & (c->ex_cap - 1))
		if (c->ex[j].key == fp && c->ex[j].val < tl->nstories &&
		    ex_key_of(tl, c->ex[j].val, kind) == key)
			break;
	return &c->ex[j];
}

static uint32_t
ex_find(const struct cluster *c, const struct timeline *tl, uint64_t key,
	int kind)
{
	const struct slot *e;

	if (!c->ex_cap || !key)
		return EVENT_NONE;
	e = ex_slot(c, tl, key, kind);
	return e->key ? e->val : EVENT_NONE;
}

static void
ex_put(struct cluster *c, const struct timeline *tl, uint64_t key, int kind,
       uint32_t si)
{
	struct slot *e;

	if (!key)
		return;
	if ((c->ex_used + 1) * 4 > c->ex_cap * 3)
		ex_grow(c);
	e = ex_slot(c, tl, key, kind);
	if (!e->key)
		c->ex_used++;
	*e = (struct slot){ ex_fp(key), si };
}

static void
ix_grow(struct cluster *c)
{
	size_t cap = c->ix_cap ? c->ix_cap * 2 : 4096;
	struct list *t = xcalloc(cap, sizeof *t);

	for (size_t i = 0; i < c->ix_cap; i++) {
		size_t j;

		if (!c->ix[i].key)
			continue;
		for (j = mix32(c->ix[i].key) & (cap - 1); t[j].key;
		     j = (j + 1) & (cap - 1))
			;
		t[j] = c->ix[i];
	}
	free(c->ix);
	c->ix = t;
	c->ix_cap = cap;
}

/* The room of a list that n stories were put in (at least 2, a power of
 * two: a pool class). */
static uint32_t
list_room(uint32_t n)
{
	uint32_t room = 2;

	while (room < n && room < LIST_ROOM)
		room *= 2;
	return room;
}

/* The story put in list l w places before the newest (w < WALK, and
 * w < l->n); mask is list_room(l->n) - 1. */
static inline uint32_t
list_at(const struct list *l, uint32_t mask, uint32_t w)
{
	return l->v[(l->n - 1 - w) & mask];
}

/* 32 bits are enough: a collision only adds candidates, which scoring
 * then rejects. */
static uint32_t
ix_keyof(uint32_t w, int64_t bucket)
{
	uint32_t k = mix32((w & ~W_FLAGS) ^ mix32((uint32_t)bucket ^
					(uint32_t)((uint64_t)bucket >> 32)));

	return k ? k : 1;
}

/* A key's list, or NULL when none. */
static const struct list *
ix_list(const struct cluster *c, uint32_t key)
{
	if (!c->ix_cap)
		return NULL;
	for (size_t j = mix32(key) & (c->ix_cap - 1); c->ix[j].key;
	     j = (j + 1) & (c->ix_cap - 1))
		if (c->ix[j].key == key)
			return &c->ix[j];
	return NULL;
}

static void
ix_push(struct cluster *c, uint32_t key, uint32_t si)
{
	struct list *l;
	size_t j;
	uint32_t room;

	if ((c->ix_used + 1) * 4 > c->ix_cap * 3)
		ix_grow(c);
	for (j = mix32(key) & (c->ix_cap - 1); c->ix[j].key;
	     j = (j + 1) & (c->ix_cap - 1))
		if (c->ix[j].key == key)
			break;
	l = &c->ix[j];
	if (!l->key) {
		uint8_t cls;

		c->ix_used++;
		l->key = key;
		l->v = pool_alloc(&c->lists, list_room(1), &cls);
	}
	room = list_room(l->n);
	if (l->n == room && room < LIST_ROOM) {
		uint8_t cls = (uint8_t)__builtin_ctz(room);

		l->v = pool_grow(&c->lists, l->v, l->n, 2 * room, &cls);
	}
	if (l->n == UINT32_MAX)		/* the ring goes on as it was */
		l->n = LIST_ROOM + (l->n & (LIST_ROOM - 1));
	l->v[l->n & (list_room(l->n + 1) - 1)] = si;
	l->n++;
}

static size_t stem(const char *w, size_t n);

/* A list of words, each mapped to one hash: to that of the list's kin
 * when kin, else to that of the words that are one. */
static void
list_add(struct cluster *c, const char *list, uint32_t to, bool kin)
{
	for (const char *w = list; *w;) {
		size_t n = strcspn(w, " ");
		struct word_kind *k = word_kind_make(c, fnv32(w, n));

		if (kin)
			k->kin = to;
		else
			k->same = to;
		w += n + (w[n] == ' ');
	}
}

/* A list of kin words: each maps to the list's own hash, which no word
 * of a story hashes to (it is salted), so that a kin word meets only its
 * kin and not the words that share its stem ("command", "order"). */
static void
kin_add(struct cluster *c, const char *list)
{
	uint32_t h = fnv32(list, strcspn(list, " "));

	list_add(c, list, mix32(h ^ 0x6b696e73u) | 8u, true);
}

/* A list of words that are one: each maps to the hash its first word
 * has as a word of a story (its stem's). */
static void
same_add(struct cluster *c, const char *list)
{
	char w[32];
	size_t n = strcspn(list, " ");

	if (n >= sizeof w)
		n = sizeof w - 1;
	memcpy(w, list, n);
	list_add(c, list, fnv32(w, stem(w, n)), false);
}

struct cluster *
cluster_new(void)
{
	struct cluster *c = xcalloc(1, sizeof *c);

	c->newest = INT64_MIN;
	c->misdated = (int64_t)time(NULL) + 86400;
	for (size_t i = 0; i < ARRAY_SIZE(stop_words); i++) {
		size_t n = strlen(stop_words[i]);
		struct word_kind *k = word_kind_make(c, fnv32(stop_words[i],
							       n));

		k->stop = month_word(stop_words[i], n) ? STOP_MONTH :
							 STOP_WORD;
	}
	for (size_t i = 0; i < ARRAY_SIZE(kin_words); i++)
		kin_add(c, kin_words[i]);
	for (size_t i = 0; i < ARRAY_SIZE(same_words); i++)
		same_add(c, same_words[i]);
	c->ln_docs = (double)(float)log(10.0);	/* as ln(c, 10) */
	return c;
}

void
cluster_free(struct cluster *c)
{

	if (!c)
		return;
	free(c->df);
	free(c->ex);
	free(c->ix);
	pool_clear(&c->lists);
	free(c->logs);
	free(c->pending);
	free(c->held);
	free(c);
}

/* ---- words ---- */

struct tokens {
	uint32_t w[MAX_WORDS];
	uint8_t slot[WORD_SLOTS];	/* add_word's index into w, 1-based */
	size_t n;
	size_t ntitle;			/* title tokens seen (for thash) */
	uint64_t thash;
	uint8_t repeat;			/* what the title tells of a repeat:
					   FACT_REPEAT, FACT_AGAIN */
	bool correction;		/* the title marks a correction */
	uint32_t prev;			/* the last title word taken (0) */
	bool month;			/* the last token named a month */
	uint32_t said_by;		/* the title word before "says" */
};

/* One token of raw text. */
struct token {
	char text[72];			/* folded: lower case, no marks */
	size_t len;
	uint32_t hash;			/* fnv32 of text */
	bool number;			/* text is digits and points */
	bool capital;			/* began with a capital letter */
	bool sentence;			/* first word of a sentence or line */
	bool eol;			/* no token: the line ended */
};

/* Fold one character into out (case folded, compatibility decomposed,
 * marks dropped); returns the bytes written. */
static size_t
fold_char(int32_t cp, char *out, size_t room)
{
	utf8proc_int32_t dec[8];
	int last = 0;
	utf8proc_ssize_t n = utf8proc_decompose_char(cp, dec, 8,
		UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
		UTF8PROC_STRIPMARK, &last);
	size_t len = 0;

	for (utf8proc_ssize_t i = 0; i < n && i < 8; i++) {
		uint8_t enc[4];
		utf8proc_ssize_t m = utf8proc_encode_char(dec[i], enc);

		if (m <= 0 || len + (size_t)m > room)
			break;
		memcpy(out + len, enc, (size_t)m);
		len += (size_t)m;
	}
	return len;
}

static bool
word_char(int32_t cp)
{
	utf8proc_category_t cat;

	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		       (cp >= '0' && cp <= '9');
	cat = utf8proc_category(cp);
	return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO;
}

static bool
ends_sentence(int32_t cp)
{
	return cp == '.' || cp == '!' || cp == '?' || cp == ':' ||
	       cp == '"' || cp == 0x201c || cp == ';';
}


/* Read the next token of s from *i; false at the end of the text or of a
 * line (t->eol).  *sentence carries "a sentence starts here" across.
 * Position and length are kept in locals: stores into t->text could
 * otherwise alias them and cost a reload per byte. */
static bool
next_token(const char *s, size_t len, size_t *i, struct token *t,
	   bool *sentence)
{
	bool digits = true, number = true;
	size_t pos = *i, n = 0;
	const size_t room = sizeof t->text - 8;
	uint32_t h = 0x811c9dc5u;	/* fnv32 as the text is written */

	t->eol = false;
	while (pos < len) {
		int32_t cp = (unsigned char)s[pos];
		utf8proc_ssize_t k = 1;

		/* a run of ASCII letters and digits, the common case */
		if (text_ascii_word[cp]) {
			unsigned char lc = text_ascii_word[cp];

			if (!n) {
				t->capital = lc != cp;	/* only capitals change */
				t->sentence = *sentence;
				*sentence = false;
			}
			do {
				digits &= lc <= '9';
				if (n < room) {
					t->text[n++] = (char)lc;
					h = (h ^ lc) * 0x01000193u;
					number &= lc <= '9';
				}
				if (++pos == len)
					break;
				lc = text_ascii_word[(unsigned char)s[pos]];
			} while (lc);
			continue;
		}
		/* other ASCII without a call per byte */
		if (cp >= 0x80)
			k = utf8proc_iterate((const uint8_t *)s + pos,
					     (utf8proc_ssize_t)(len - pos), &cp);
		if (k <= 0) {
			pos++;
			continue;
		}
		if (word_char(cp)) {
			if (!n) {
				utf8proc_category_t cat = utf8proc_category(cp);

				t->capital = cat == UTF8PROC_CATEGORY_LU ||
					     cat == UTF8PROC_CATEGORY_LT;
				t->sentence = *sentence;
				*sentence = false;
			}
			if (cp < '0' || cp > '9')
				digits = false;
			if (n < room) {	/* a very long token: keep its start */
				size_t w = fold_char(cp, t->text + n, room - n);

				for (size_t b = n; b < n + w; b++) {
					unsigned char x = (unsigned char)t->text[b];

					h = (h ^ x) * 0x01000193u;
					number &= (x >= '0' && x <= '9') || x == '.';
				}
				n += w;
			}
			pos += (size_t)k;
			continue;
		}
		if (n && pos + (size_t)k < len) {
			unsigned char next = (unsigned char)s[pos + (size_t)k];

			/* 1,200 and 3.5 are one number; o'brien one word */
			if (digits && (cp == ',' || cp == '.') &&
			    next >= '0' && next <= '9') {
				if (cp == '.' && n < room) {
					t->text[n++] = '.';
					h = (h ^ '.') * 0x01000193u;
				}
				pos += (size_t)k;
				continue;
			}
			if ((cp == '\'' || cp == 0x2019) &&
			    (next >= 'a' || (next >= 'A' && next <= 'Z'))) {
				if (n < room) {
					t->text[n++] = '\'';
					h = (h ^ '\'') * 0x01000193u;
					number = false;
				}
				pos += (size_t)k;
				continue;
			}
		}
		if (n)
			break;
		pos += (size_t)k;
		if (cp == '\n') {
			*sentence = true;
			t->eol = true;
			break;
		}
		if (ends_sentence(cp))
			*sentence = true;
	}
	*i = pos;
	t->len = n;
	t->hash = h;
	t->number = number;
	return n > 0;
}

/* Whether a title capitalises most of its words ("Trump Says He Will"):
 * then its capitals say nothing about names. */
static bool
title_case(const char *s, size_t len)
{
	size_t i = 0, words = 0, caps = 0;
	bool sentence = true;
	struct token t;

	while (i < len && next_token(s, len, &i, &t, &sentence))
		if (t.len >= 4) {
			words++;
			caps += t.capital;
		}
	return words >= 3 && caps * 4 >= words * 3;
}

/* Light stemming: possessive, plural and -ed/-ing off, a final e off,
 * then the first six letters, so "drones"/"drone", "raised"/"raising",
 * "Russian"/"Russia" meet. */
static size_t
stem(const char *w, size_t n)
{
	size_t chars = 0, i;

	if (n > 2 && w[n - 2] == '\'' && w[n - 1] == 's')
		n -= 2;
	if (n > 3 && w[n - 1] == 's' && w[n - 2] != 's' && w[n - 2] != 'u' &&
	    w[n - 2] != 'i')
		n--;
	if (n > 5 && memcmp(w + n - 3, "ing", 3) == 0)
		n -= 3;
	else if (n > 4 && memcmp(w + n - 2, "ed", 2) == 0)
		n -= 2;
	if (n > 3 && w[n - 1] == 'e')
		n--;
	if (n <= 6)
		return n;	/* six bytes are six characters at most */
	for (i = 0; i < n; i++) {
		if (((unsigned char)w[i] & 0xc0) != 0x80 && ++chars > 6)
			break;
	}
	return i;
}

/* Add word w, or its flags to the same word seen before: found through a
 * small table of positions in w[] (0 empty) rather than by a scan. */
static void
add_word(struct tokens *t, uint32_t w)
{
	size_t j = mix32(w & ~W_FLAGS) & (WORD_SLOTS - 1);

	for (; t->slot[j]; j = (j + 1) & (WORD_SLOTS - 1)) {
		uint32_t *x = &t->w[t->slot[j] - 1];

		if ((*x & ~W_FLAGS) == (w & ~W_FLAGS)) {
			*x |= w & W_FLAGS;
			return;
		}
	}
	if (t->n < MAX_WORDS) {
		t->w[t->n++] = w;
		t->slot[j] = (uint8_t)t->n;
	}
}

/* One token's content word, if it is one, into t. */
static void
take_token(const struct cluster *c, const struct token *tok, bool title,
	   bool tcase, struct tokens *t)
{
	uint32_t flags = title ? W_TITLE : 0, h;
	bool number = tok->number;
	/* "Dec. 6": a day of a month is no content word (two stories
	 * naming the date of one election are not one happening) */
	if (number && t->month && tok->len <= 2) {
		t->month = false;
		return;
	}
	t->month = false;
	if (number) {
		h = tok->hash ^ 0x5bd1e995u;
		/* "90" is a coincidence more often than "64,000" */
		if (tok->len >= 3)
			flags |= W_NUMBER;
	} else {
		uint32_t whole = tok->hash;
		const struct word_kind *k = word_kind(c, whole);
		int stop = k && tok->len < 12 ? k->stop : STOP_NOT;

		if (tok->len < 2 || stop != STOP_NOT) {
			/* by its text: a word whose hash is a month's is
			 * dropped, but the number after it is kept */
			t->month = stop == STOP_MONTH &&
				   month_word(tok->text, tok->len);
			return;
		}
		/* a title's kin word is its list's word: two titles
		 * telling one happening in other words meet; so do one
		 * word's other names anywhere */
		h = title && k ? k->kin : 0;
		if (!h && k)
			h = k->same;
		if (!h)
			h = fnv32(tok->text, stem(tok->text, tok->len));
		if (tok->capital && !tok->sentence && !(title && tcase))
			flags |= W_NAME;
	}
	add_word(t, (h & ~W_FLAGS) | flags);
	t->prev = h & ~W_FLAGS;
}

/* What a word of a title says of a repeat of a happening: "another",
 * "renewed" tell one (FACT_REPEAT).  "again", "second" and "fresh" are as
 * often the same happening ("names him administrator again", "mourns for
 * a second day", "fresh footage of the strike"): they tell one only when
 * the two texts date their happenings on other days (FACT_AGAIN). */
static uint8_t
repeat_word(const struct token *t)
{
	static const struct {
		const char *word;
		uint8_t flag;
	} words[] = {
		{ "another", FACT_REPEAT }, { "renewed", FACT_REPEAT },
		{ "again", FACT_AGAIN }, { "second", FACT_AGAIN },
		{ "fresh", FACT_AGAIN },
	};

	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		if (t->len == strlen(words[i].word) &&
		    !memcmp(t->text, words[i].word, t->len))
			return words[i].flag;
	return 0;
}

/* One token of the title: into the title's hash and what it tells, then
 * taken as any token. */
static void
take_title(const struct cluster *c, const struct token *tok, bool tcase,
	   uint64_t *th, struct tokens *t)
{
	*th = hash64(*th, tok->text, tok->len);
	*th = hash64(*th, " ", 1);
	t->ntitle++;
	t->repeat |= repeat_word(tok);
	/* ", Zelensky says": who tells it */
	if (tok->len == 4 &&
	    (!memcmp(tok->text, "says", 4) || !memcmp(tok->text, "said", 4)))
		t->said_by = t->prev;
	t->prev = 0;
	take_token(c, tok, true, tcase, t);
}

/* The content words of the text "head\nrest" (raw), head first: head is
 * the title and holds no line break.  Read in two parts so that a story's
 * strings need no copy; the line break between them ends the title.  The
 * title's tokens are read once and kept until its end, where whether it
 * is in title case (title_case) is known; a very long title is read
 * again. */
static void
tokenize(const struct cluster *c, const char *head, size_t hlen,
	 const char *rest, size_t rlen, struct tokens *t)
{
	struct token tt[TITLE_TOKENS], tok;
	size_t nt = 0, i = 0, words = 0, caps = 0, body = 0;
	uint64_t th = HASH64_INIT;
	bool sentence = true, tcase;

	memset(t, 0, sizeof *t);
	while (i < hlen && nt < TITLE_TOKENS) {
		if (!next_token(head, hlen, &i, &tt[nt], &sentence))
			continue;
		if (tt[nt].len >= 4) {
			words++;
			caps += tt[nt].capital;
		}
		nt++;
	}
	if (i < hlen)
		tcase = title_case(head, hlen);
	else
		tcase = words >= 3 && caps * 4 >= words * 3;
	for (size_t k = 0; k < nt; k++)
		take_title(c, &tt[k], tcase, &th, t);
	while (i < hlen)
		if (next_token(head, hlen, &i, &tok, &sentence))
			take_title(c, &tok, tcase, &th, t);
	/* the line break after the title */
	sentence = true;
	i = 0;
	while (i < rlen && body < BODY_TOKENS) {
		if (!next_token(rest, rlen, &i, &tok, &sentence))
			continue;
		body++;
		take_token(c, &tok, false, tcase, t);
	}
	t->thash = t->ntitle >= MIN_TITLE_TOKENS ? th : 0;
}

/* By hash, flags aside; few enough for an insertion sort. */
static void
sort_words(uint32_t *w, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		uint32_t x = w[i];
		size_t j = i;

		for (; j > 0 && (w[j - 1] & ~W_FLAGS) > (x & ~W_FLAGS); j--)
			w[j] = w[j - 1];
		w[j] = x;
	}
}

/* log(n), from a table for the counts of most words: weights are asked
 * for millions of times.  Past the table (the count of every story, and
 * of the few words most stories hold) it is computed, the last one kept;
 * a table as long as the timeline was 4 bytes a story.  The table grows
 * out of line so that the lookup itself is inlined. */
static double
ln_far(struct cluster *m, size_t n)
{
	size_t cap = n + n / 2 + 64;

	if (n >= LN_TABLE) {
		if (n != m->far_n) {
			m->far_n = n;
			m->far_ln = (float)log((double)n);
		}
		return (double)m->far_ln;
	}
	if (cap > LN_TABLE)
		cap = LN_TABLE;
	m->logs = xreallocarray(m->logs, cap, sizeof *m->logs);
	for (size_t i = m->nlogs; i < cap; i++)
		m->logs[i] = i ? (float)log((double)i) : 0;
	m->nlogs = cap;
	return (double)m->logs[n];
}

static inline double
ln(const struct cluster *c, size_t n)
{
	if (n < c->nlogs)
		return (double)c->logs[n];
	return ln_far((struct cluster *)c, n);
}

/* How much a word says: rare words much, ubiquitous ones nothing. */
/* The +10 keeps a young timeline from calling everything common. */
static double
idf_of(const struct cluster *c, uint32_t df)
{
	double x = c->ln_docs - ln(c, df + 1);

	return x > 0 ? x : 0;
}

/* The frequency of f's word i: from the cache while f is being placed. */
static uint32_t
word_df(const struct cluster *c, const struct story_facts *f, size_t i)
{
	return f == c->df_of ? c->df_words[i] : df_get(c, f->words->w[i]);
}

static double
idf(const struct cluster *c, const struct story_facts *f, size_t i)
{
	return idf_of(c, word_df(c, f, i));
}

/* ... and where it stands: titles say more, and the same people are in
 * many happenings.  (A shared figure is already rare; its absence is
 * what score() weighs.) */
static double
factor(uint32_t w)
{
	return (w & W_TITLE ? 2.0 : 1.0) * (w & W_NAME ? NAME_WEIGHT : 1.0);
}

/* factor() by a word's flags. */
static const double factors[W_FLAGS + 1] = {
	1.0, 2.0, 1.0, 2.0,
	1.0 * NAME_WEIGHT, 2.0 * NAME_WEIGHT, 1.0 * NAME_WEIGHT,
	2.0 * NAME_WEIGHT,
};

static double
norm(const struct cluster *c, const struct story_facts *f)
{
	double sum = 0;

	for (size_t i = 0; i < nwords(f); i++) {
		double x = idf(c, f, i) * factor(f->words->w[i]);

		sum += x * x;
	}
	return sqrt(sum);
}

/* A story being compared with many: its words' rarity looked up once. */
struct probe {
	const struct story_facts *f;
	double idf[MAX_WORDS];
	double w2[MAX_WORDS];		/* idf * idf * factor, for score() */
	double norm;
	bool figures;			/* it holds a figure */
	/* Its words by part of their hash (flags aside): 1 + their index,
	 * 0 none; unless two of them fall on one place (collided) */
	bool collided;
	uint8_t at[PROBE_SLOTS];
};

static inline size_t
probe_slot(uint32_t w)
{
	return (size_t)((w * 0x9e3779b1u) >> (32 - PROBE_BITS));
}

static bool
figures(const struct story_facts *f)
{
	for (size_t i = 0; i < nwords(f); i++)
		if (f->words->w[i] & W_NUMBER)
			return true;
	return false;
}

static void
probe_init(const struct cluster *c, const struct story_facts *f,
	   struct probe *p)
{
	double sum = 0;

	p->f = f;
	for (size_t i = 0; i < nwords(f) && i < MAX_WORDS; i++) {
		double x;

		p->idf[i] = idf(c, f, i);
		p->w2[i] = p->idf[i] * p->idf[i] * factor(f->words->w[i]);
		x = p->idf[i] * factor(f->words->w[i]);
		sum += x * x;
	}
	p->norm = sqrt(sum);
	p->figures = figures(f);
	p->collided = false;
	memset(p->at, 0, sizeof p->at);
	for (size_t i = 0; i < nwords(f) && i < MAX_WORDS; i++) {
		uint8_t *at = &p->at[probe_slot(f->words->w[i] & ~W_FLAGS)];

		p->collided |= *at != 0;
		*at = (uint8_t)(i + 1);
	}
}

/* The length of the mark of a wire's correction of a story it filed,
 * with what follows it up to the title proper ("CORRECTED-", "CORRECTION:
 * ", "Corrects: "), or 0 ("Correction deepens": a correction capitalised
 * with no colon or dash after it is a market's). */
static size_t
correction_mark(const char *t)
{
	static const char *const words[] = {
		"correction", "corrected", "corrects", "correcting",
	};
	const char *t0 = t;

	while (*t == ' ')
		t++;
	for (size_t i = 0; i < ARRAY_SIZE(words); i++) {
		size_t n = strlen(words[i]), dash;
		bool caps = true;
		const char *p = t + n;

		if (strncasecmp(t, words[i], n) != 0 ||
		    ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z'))
			continue;
		for (size_t k = 0; k < n; k++)
			caps &= t[k] >= 'A' && t[k] <= 'Z';
		while (*p == ' ')
			p++;
		dash = *p == ':' || *p == '-' ? 1 :
		       !strncmp(p, "\u2013", 3) || !strncmp(p, "\u2014", 3) ? 3 : 0;
		if (!caps && !dash)
			continue;
		for (p += dash; *p == ' '; p++)
			;
		return (size_t)(p - t0);
	}
	return 0;
}

/* What tokenize reads of a story: its title, then the start of its text.
 * A title that holds a line break (a story built by hand) is read the way
 * "title\ntext" reads, from a copy. */
static void
features_words(const struct cluster *c, const struct story *s,
	       struct tokens *t)
{
	const char *body = *s->summary ? s->summary : s->content;
	/* a correction's title is the title of the story it corrects */
	size_t mark = correction_mark(s->title);
	const char *title = s->title + mark;
	size_t blen = strnlen(body, 4096), tlen = strlen(title);
	size_t head = strcspn(title, "\n");
	char *text;

	if (head == tlen) {
		tokenize(c, title, tlen, body, blen, t);
	} else {
		text = xmalloc(tlen + blen + 2);
		memcpy(text, title, tlen);
		text[tlen] = '\n';
		memcpy(text + tlen + 1, body, blen);
		tokenize(c, text, head, text + head + 1, tlen + blen - head,
			 t);
		free(text);
	}
	t->correction = mark > 0;
}

void
cluster_words(const struct cluster *c, const struct story *s,
	      struct story_facts *f)
{
	struct tokens t;

	features_words(c, s, &t);
	sort_words(t.w, t.n);
	free(f->words);
	f->words = xmalloc(sizeof *f->words + t.n * sizeof *t.w);
	f->words->norm = 0;
	f->words->norm_docs = 0;
	f->words->said_by = t.said_by;
	f->words->n = (uint8_t)t.n;
	memcpy(f->words->w, t.w, t.n * sizeof *t.w);
	f->thash = t.thash;
	f->flags = (uint8_t)((f->flags & ~(FACT_REPEAT | FACT_AGAIN |
					   FACT_CORRECTION)) | t.repeat |
			     (t.correction ? FACT_CORRECTION : 0));
}

/* ---- words held ---- */

/* Story si's words are held from now on (it was placed, or its words
 * found again); those held since the newest publication placed moved more
 * than KEEP on are let go.  Comparing reads the words of stories near a
 * story's time, which for the most is the newest; the older are read
 * seldom, and their words found again then (worded). */
static void
hold(struct cluster *c, const struct timeline *tl, uint32_t si)
{
	int64_t pub = tl->facts[si].pub;

	/* a story dated in the future (a feed's clock or typo) would let
	 * go every word held, and keep every one held after it (the clock
	 * is asked again for such a story only: the interface runs for
	 * days) */
	if (pub != NO_TIME && pub > c->misdated)
		c->misdated = (int64_t)time(NULL) + 86400;
	if (pub != NO_TIME && pub > c->newest && pub <= c->misdated)
		c->newest = pub;
	if (c->held_head + c->nheld == c->held_cap) {
		if (c->held_head >= c->held_cap / 2 && c->held_head) {
			memmove(c->held, c->held + c->held_head,
				c->nheld * sizeof *c->held);
			c->held_head = 0;
		} else {
			c->held_cap = c->held_cap ? c->held_cap * 2 : 1024;
			c->held = xreallocarray(c->held, c->held_cap,
						sizeof *c->held);
		}
	}
	c->held[c->held_head + c->nheld++] = (struct held){ si, c->newest };
	if (c->newest == INT64_MIN)
		return;
	while (c->nheld && c->held[c->held_head].stamp < c->newest - KEEP) {
		uint32_t j = c->held[c->held_head].story;
		struct story_facts *f = &tl->facts[j];

		c->held_head++;
		c->nheld--;
		if (j >= tl->nstories || f->words_out)
			continue;
		free(f->words);
		f->words = NULL;
		f->words_out = true;
	}
	if (!c->nheld)
		c->held_head = 0;
}

/* Story j's facts, its words found again if they were let go.  This lets
 * go of none: j's publication is not after the newest (held, it was
 * placed), and what hold() lets go was let go already at the last story
 * placed; so words a caller is comparing stay where they are.  (The
 * exposed cluster_score and cluster_same write through a const timeline
 * here: they are for the tests, never called while placing.) */
static struct story_facts *
worded(struct cluster *c, const struct timeline *tl, uint32_t j)
{
	struct story_facts *f = &tl->facts[j];

	if (f->words_out) {
		cluster_words(c, &tl->stories[j], f);
		f->words_out = false;
		hold(c, tl, j);
	}
	return f;
}

/* Count story si's words (found before) among all stories. */
static void
features(struct cluster *c, struct timeline *tl, uint32_t si)
{
	struct story_facts *f = &tl->facts[si];

	/* a story's words are distinct (flags aside): each count is final
	 * once counted */
	for (size_t i = 0; i < nwords(f); i++)
		c->df_words[i] = ++*df_slot(c, f->words->w[i], true);
	c->df_of = f;
	c->ndocs++;
	c->ln_docs = ln(c, c->ndocs + 10);
	if (f->words) {
		f->words->norm = (float)norm(c, f);
		f->words->norm_docs = (uint32_t)c->ndocs;
	}
}

/* ---- time ---- */

/* The span a story's happening covers; false when it has no time. */
static bool
span(const struct story_facts *f, int64_t *lo, int64_t *hi)
{
	if (f->start == NO_TIME)
		return false;
	*lo = f->start;
	switch (f->precision) {
	case PREC_DAY:
		*hi = f->start + 86399;
		break;
	case PREC_RANGE:
		*hi = (facts_end(f) == NO_TIME ? f->start : facts_end(f)) +
		      86399;
		break;
	default:
		*hi = f->start;
	}
	return true;
}

static int
near_spans(int64_t alo, int64_t ahi, int64_t blo, int64_t bhi)
{
	if (blo > ahi)
		return blo - ahi <= WINDOW;
	if (alo > bhi)
		return alo - bhi <= WINDOW;
	return 1;
}

/* Whether a story's text dates its happening to the day (or days). */
static bool
day_dated(const struct story_facts *f)
{
	return (f->flags & EVENT_TEXT_DATE) &&
	       (f->precision == PREC_DAY || f->precision == PREC_RANGE);
}

/* Two texts that date their happenings to the day, on days (from alo and
 * blo, to ahi and bhi): the window is for times of day, not for days.
 * Days next to each other may be one happening ("late Saturday" and
 * "early Sunday", or one moment on two sides of the date line), days with
 * one between are not.  When a title tells it again (FACT_AGAIN), the
 * next day is another happening, unless the two were published close
 * together (then it is the same moment in two time zones: "on Wednesday"
 * in Seoul, "on Tuesday" in Washington). */
static int
near_days(const struct story_facts *a, const struct story_facts *b,
	  int64_t alo, int64_t ahi, int64_t blo, int64_t bhi)
{
	int64_t gap = blo > ahi ? blo - ahi : alo > bhi ? alo - bhi : 0;

	if (!gap)
		return 1;
	if (gap > DAY_GAP)
		return 0;
	if ((a->flags | b->flags) & FACT_AGAIN)
		return a->pub != NO_TIME && b->pub != NO_TIME &&
		       a->pub - b->pub <= ZONES_APART &&
		       b->pub - a->pub <= ZONES_APART;
	return 1;
}

/* 1: within the window, 0: too far apart, -1: one has no time.  Event
 * times decide; but when only one text gave a date (perhaps read wrong),
 * reports published close together are close too. */
static int
close_in_time(const struct story_facts *a, const struct story_facts *b)
{
	int64_t alo, ahi, blo, bhi;
	int ev = -1, pub = -1;

	if (span(a, &alo, &ahi) && span(b, &blo, &bhi)) {
		ev = day_dated(a) && day_dated(b) ?
			near_days(a, b, alo, ahi, blo, bhi) :
			near_spans(alo, ahi, blo, bhi);
		if (ev == 1)
			return 1;
		if (a->flags & b->flags & EVENT_TEXT_DATE)
			return 0;
	}
	if (a->pub != NO_TIME && b->pub != NO_TIME)
		pub = near_spans(a->pub, a->pub, b->pub, b->pub);
	if (pub == 1)
		return 1;
	return ev == 0 || pub == 0 ? 0 : -1;
}

/* The times a story is indexed and looked up by: its event's span, and
 * its publication when a text date moved the event away from it. */
static size_t
anchors(const struct story_facts *f, int64_t *lo, int64_t *hi)
{
	size_t n = 0;

	if (span(f, &lo[0], &hi[0]))
		n++;
	if ((f->flags & EVENT_TEXT_DATE) && f->pub != NO_TIME &&
	    (!n || f->pub < lo[0] - BUCKET || f->pub > hi[0] + BUCKET)) {
		lo[n] = hi[n] = f->pub;
		n++;
	}
	return n;
}

static int64_t
bucket_of(int64_t t)
{
	return t / BUCKET - (t % BUCKET < 0);
}

/* ---- exact identities ---- */

/* A link without scheme, "www.", fragment and trailing '/'. */
static const char *
link_norm(const char *l, size_t *n)
{
	const char *p = strstr(l, "://");
	size_t len;

	l = p ? p + 3 : l;
	if (strncmp(l, "www.", 4) == 0)
		l += 4;
	len = strcspn(l, "#");
	while (len && l[len - 1] == '/')
		len--;
	*n = len;
	return l;
}

/* Ids such as "1" or "post-7" are only unique within a feed. */
static bool
global_id(const char *id)
{
	return strlen(id) >= 12 && strpbrk(id, ":/.") != NULL;
}

static uint64_t
id_key(const char *id)
{
	return global_id(id) ? hash64(hash64(HASH64_INIT, "i", 1), id,
				     strlen(id)) : 0;
}

static uint64_t
link_key(const char *link)
{
	size_t n;
	const char *l = link_norm(link, &n);

	return n > 3 ? hash64(hash64(HASH64_INIT, "l", 1), l, n) : 0;
}

static uint64_t
title_key(uint64_t thash)
{
	return thash ? mix64(thash ^ 0x7469746c65ULL) | 1 : 0;
}

/* Story si's key of an identity kind (0: it has none). */
static uint64_t
ex_key_of(const struct timeline *tl, uint32_t si, int kind)
{
	const struct story *s = &tl->stories[si];

	switch (kind) {
	case EX_ID:
		return id_key(s->id);
	case EX_LINK:
		return link_key(s->link);
	default:
		return title_key(tl->facts[si].thash);
	}
}

static bool
same_link(const struct story *a, const struct story *b)
{
	size_t na, nb;
	const char *la = link_norm(a->link, &na), *lb = link_norm(b->link, &nb);

	return na > 3 && na == nb && memcmp(la, lb, na) == 0;
}

/* Do two stories of one feed date their happenings to other days: with
 * a day between, or on days next to each other when they were filed far
 * apart ("late on Saturday" and "early on Sunday", two hours apart, are
 * one happening; a rally on Sunday and a count on Monday are two)? */
static bool
other_days(const struct story_facts *a, const struct story_facts *b)
{
	int64_t alo, ahi, blo, bhi, gap;

	if (!day_dated(a) || !day_dated(b) || !span(a, &alo, &ahi) ||
	    !span(b, &blo, &bhi))
		return false;
	gap = blo > ahi ? blo - ahi : alo > bhi ? alo - bhi : 0;
	if (!gap)
		return false;
	return gap > DAY_GAP ||
	       (a->pub != NO_TIME && b->pub != NO_TIME &&
		(a->pub - b->pub > FILED_APART || b->pub - a->pub > FILED_APART));
}

/* Stories a and b of one feed filed more than APART apart, neither a
 * correction, or dated to other days: a wire's two write-ups of
 * happenings alike (see apart). */
static bool
feed_apart(const struct timeline *tl, uint32_t a, uint32_t b)
{
	const struct story_facts *fa = &tl->facts[a], *fb = &tl->facts[b];

	if (tl->stories[a].feed != tl->stories[b].feed ||
	    ((fa->flags | fb->flags) & FACT_CORRECTION))
		return false;
	return (fa->pub != NO_TIME && fb->pub != NO_TIME &&
		(fa->pub - fb->pub > APART || fb->pub - fa->pub > APART)) ||
	       other_days(fa, fb);
}

static bool
exact_same(const struct timeline *tl, uint32_t a, uint32_t b)
{
	const struct story *sa = &tl->stories[a], *sb = &tl->stories[b];
	const struct story_facts *fa = &tl->facts[a], *fb = &tl->facts[b];

	if (global_id(sa->id) && strcmp(sa->id, sb->id) == 0)
		return true;
	if (same_link(sa, sb))
		return true;
	return fa->thash && fa->thash == fb->thash &&
	       close_in_time(fa, fb) != 0 && !feed_apart(tl, a, b);
}

/* The story placed before that story si exactly duplicates (its id, link
 * or title), or EVENT_NONE; si is then what its keys stand for. */
static uint32_t
exact_story(struct cluster *c, const struct timeline *tl, uint32_t si)
{
	const struct story *s = &tl->stories[si];
	uint64_t keys[3] = { id_key(s->id), link_key(s->link),
			     title_key(tl->facts[si].thash) };

	for (int k = EX_ID; k <= EX_TITLE; k++) {
		uint32_t j = ex_find(c, tl, keys[k], k);

		if (j != EVENT_NONE && j != si && j < tl->nstories &&
		    tl->facts[j].event != EVENT_NONE &&
		    exact_same(tl, si, j))
			return j;
	}
	for (int k = EX_ID; k <= EX_TITLE; k++)
		ex_put(c, tl, keys[k], k, si);
	return EVENT_NONE;
}

/* Story si to be found by its id, link and title from now on. */
static void
ex_register(struct cluster *c, const struct timeline *tl, uint32_t si)
{
	for (int k = EX_ID; k <= EX_TITLE; k++)
		ex_put(c, tl, ex_key_of(tl, si, k), k, si);
}

/* Whether stories a and b are one article (the same global id or link):
 * one feed's copy of another's, as a wire's section feeds carry. */
static bool
same_article(const struct timeline *tl, uint32_t a, uint32_t b)
{
	const struct story *sa = &tl->stories[a], *sb = &tl->stories[b];

	return (global_id(sa->id) && strcmp(sa->id, sb->id) == 0) ||
	       same_link(sa, sb);
}

/* ---- similarity ---- */

/* The dot product of the probe's weighted words and b's, and whether
 * they share a figure: by the probe's table, or by a merge of the two
 * sorted lists when the table collided (or merge is asked for, to check
 * that both give the same).  Neither branches on whether a word is shared,
 * which cannot be predicted; adding 0 for an unshared word leaves dot as
 * it was, and both add the shared words in the same order: b's. */
static double
dot_of(const struct probe *p, const struct story_facts *b, bool merge,
       bool *shared_figure)
{
	const struct story_facts *a = p->f;
	double dot = 0;
	size_t i = 0, j = 0;
	bool fig = false;

	if (!merge) {
		/* b's words looked up in the table: no chain from one step
		 * to the next, as a merge has */
		for (j = 0; j < nwords(b); j++) {
			uint32_t y = b->words->w[j] & ~W_FLAGS;
			size_t k = p->at[probe_slot(y)], at = k ? k - 1 : 0;
			uint32_t x = a->words->w[at];
			bool eq = k && (x & ~W_FLAGS) == y;
			double w = p->w2[at] * factors[b->words->w[j] & W_FLAGS];

			dot += eq ? w : 0.0;
			fig |= eq && (x & W_NUMBER);
		}
		*shared_figure = fig;
		return dot;
	}
	while (i < nwords(a) && j < nwords(b)) {
		uint32_t x = a->words->w[i] & ~W_FLAGS, y = b->words->w[j] & ~W_FLAGS;
		bool eq = x == y;

		dot += eq ? p->w2[i] * factors[b->words->w[j] & W_FLAGS] : 0.0;
		fig |= eq && (a->words->w[i] & W_NUMBER);
		i += x <= y;
		j += y <= x;
	}
	*shared_figure = fig;
	return dot;
}

/* One title written over the other with other names ("drones hit Odesa
 * port, two injured", "drones hit Izmail port, one injured"; "meets Merz
 * in Berlin", "meets Macron in Paris"): each title names someone or
 * somewhere the other story never does (the one before "says" aside:
 * "..., Zelensky says" and "..., governor says" tell one strike), and
 * their other title words are mostly the same.  Two happenings of one
 * kind, not one told twice.  Asked only of pairs alike enough to merge:
 * a merge of the two lists. */
static bool
template_pair(const struct story_facts *a, const struct story_facts *b)
{
	size_t i = 0, j = 0, a_alone = 0, b_alone = 0;
	size_t a_title = 0, b_title = 0, shared = 0, most;

	while (i < nwords(a) || j < nwords(b)) {
		uint32_t x = i < nwords(a) ? a->words->w[i] & ~W_FLAGS : UINT32_MAX;
		uint32_t y = j < nwords(b) ? b->words->w[j] & ~W_FLAGS : UINT32_MAX;
		uint32_t fa = i < nwords(a) ? a->words->w[i] & W_TITLE_NAME : 0;
		uint32_t fb = j < nwords(b) ? b->words->w[j] & W_TITLE_NAME : 0;

		/* who tells it is no word of the happening's */
		if (x == said_by(a))
			fa = 0;
		if (y == said_by(b))
			fb = 0;
		if (x <= y) {
			a_title += (fa & W_TITLE) != 0;
			a_alone += fa == W_TITLE_NAME && x != y;
		}
		if (y <= x) {
			b_title += (fb & W_TITLE) != 0;
			b_alone += fb == W_TITLE_NAME && x != y;
		}
		shared += x == y && (fa & W_TITLE) && (fb & W_TITLE);
		i += x <= y;
		j += y <= x;
	}
	most = a_title - a_alone > b_title - b_alone ? a_title - a_alone :
	       b_title - b_alone;
	return a_alone && b_alone && most &&
	       (double)shared >= TEMPLATE_SHARE * (double)most;
}

/* Cosine of the weighted words, and a little for shared actors. */
static double
score_by(const struct probe *p, const struct story_facts *b, double nb,
	 bool merge)
{
	const struct story_facts *a = p->f;
	double dot, s;
	size_t i, j, shared = 0;
	bool shared_figure;

	if (p->norm <= 0 || nb <= 0)
		return 0;
	dot = dot_of(p, b, merge || p->collided, &shared_figure);
	s = dot / (p->norm * nb);
	/* figures such as "137" or "64,000" in both, none the same: two
	 * counts of two happenings, more often than two counts of one */
	if (p->figures && figures(b) && !shared_figure)
		s *= OTHER_FIGURES;
	if (a->nactors && b->nactors) {
		i = j = 0;
		while (i < a->nactors && j < b->nactors) {
			if (a->actors[i] < b->actors[j])
				i++;
			else if (a->actors[i] > b->actors[j])
				j++;
			else
				shared++, i++, j++;
		}
		/* shared actors are weak evidence (hard negatives share
		 * them); no actor in common is stronger evidence against */
		if (shared)
			s += ACTOR_BONUS * (double)shared /
			     (double)(a->nactors + b->nactors - shared);
		else
			s *= NO_SHARED_ACTOR;
	}
	/* asked last, and only where it can matter: it is rarely so */
	if (s >= SEED_SAME && template_pair(a, b))
		s *= TEMPLATE;
	return s;
}

static double
score(const struct probe *p, const struct story_facts *b, double nb)
{
	return score_by(p, b, nb, false);
}

static bool
similar(const struct probe *p, const struct story_facts *b, double nb,
	double *out)
{
	int near = close_in_time(p->f, b);

	*out = 0;
	if (near == 0)
		return false;
	*out = score(p, b, nb);
	return *out >= (near > 0 ? SAME : SAME_UNDATED);
}

double
cluster_score(const struct timeline *tl, uint32_t a, uint32_t b, bool merge)
{
	struct cluster *c = tl->cluster;
	struct probe p;

	if (a >= tl->nstories || b >= tl->nstories)
		return 0;
	worded(c, tl, b);
	probe_init(c, worded(c, tl, a), &p);
	return score_by(&p, &tl->facts[b], norm(c, &tl->facts[b]), merge);
}

bool
cluster_same(const struct timeline *tl, uint32_t a, uint32_t b)
{
	struct cluster *c = tl->cluster;
	struct probe p;
	double s;

	if (a >= tl->nstories || b >= tl->nstories)
		return false;
	if (a == b || exact_same(tl, a, b))
		return true;
	worded(c, tl, b);
	probe_init(c, worded(c, tl, a), &p);
	return similar(&p, &tl->facts[b], norm(c, &tl->facts[b]), &s);
}

/* ---- candidates ---- */

/* The up to max rarest of a story's words (title words skipped when
 * notitle), rarest first; *df receives their frequencies. */
static size_t
rarest(const struct cluster *c, const struct story_facts *f, bool notitle,
       uint32_t *out, uint32_t *df, size_t max)
{
	/* frequency and position in one key: one array to move, and the
	 * earlier of two as rare first */
	uint64_t key[MAX_WORDS];
	size_t n = 0;

	if (max > MAX_WORDS)
		max = MAX_WORDS;
	for (size_t i = 0; i < nwords(f); i++) {
		uint64_t x = (uint64_t)word_df(c, f, i) << 32 | i;
		size_t k;

		if (notitle && (f->words->w[i] & W_TITLE))
			continue;
		if (n == max && x >= key[n - 1])
			continue;
		if (n < max)
			n++;
		for (k = n - 1; k > 0 && key[k - 1] > x; k--)
			key[k] = key[k - 1];
		key[k] = x;
	}
	for (size_t k = 0; k < n; k++) {
		df[k] = (uint32_t)(key[k] >> 32);
		out[k] = f->words->w[(uint32_t)key[k]];
	}
	return n;
}

/* What a story is indexed under: its title words and its rarest other
 * words, so that two reports of one happening share a key even while the
 * timeline is too young to tell rare words from common ones. */
static size_t
index_words(const struct cluster *c, const struct story_facts *f,
	    uint32_t *out)
{
	uint32_t df[KEYS];
	size_t n = 0;

	for (size_t i = 0; i < nwords(f); i++)
		if (f->words->w[i] & W_TITLE)
			out[n++] = f->words->w[i];
	return n + rarest(c, f, true, out + n, df, KEYS);
}

/* What a story looks up: its words, but those so common that their lists
 * are long and say little only when nothing rarer is left (the title
 * words it was indexed under find it the other way round). */
static size_t
query_words(const struct cluster *c, const struct story_facts *f,
	    uint32_t *out)
{
	uint32_t df[MAX_WORDS];
	size_t n = rarest(c, f, false, out, df, MAX_WORDS);
	size_t limit = c->ndocs / 64 > 64 ? c->ndocs / 64 : 64;

	while (n > 1 && df[n - 1] > limit)
		n--;
	return n;
}

static void
index_story(struct cluster *c, struct timeline *tl, uint32_t si)
{
	const struct story_facts *f = &tl->facts[si];
	uint32_t keys[MAX_WORDS + KEYS];
	size_t n = index_words(c, f, keys);
	int64_t lo[2], hi[2], b[2] = { UNKNOWN_BUCKET, UNKNOWN_BUCKET };
	size_t na = anchors(f, lo, hi), nik = 0;
	uint32_t ik[2 * (MAX_WORDS + KEYS)];

	for (size_t a = 0; a < na; a++)
		b[a] = bucket_of(lo[a]);

	/* keys first, their slots fetched ahead (as in walk_keys) */
	for (size_t a = 0; a < (na ? na : 1); a++)
		for (size_t i = 0; i < n; i++) {
			ik[nik++] = ix_keyof(keys[i], b[a]);
			if (c->ix_cap)
				__builtin_prefetch(&c->ix[mix32(ik[nik - 1]) &
							 (c->ix_cap - 1)]);
		}
	for (size_t i = 0; i < nik; i++)
		ix_push(c, ik[i], si);
}

static int
cmp_cand(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	/* then the latest first: by time, not by the order stories were
	 * taken in, which differs between a first and a later start */
	if (x->hits != y->hits)
		return x->hits < y->hits ? 1 : -1;
	if (x->at != y->at)
		return x->at < y->at ? 1 : -1;
	return (x->story < y->story) - (x->story > y->story);
}

/* Move the SCORED best candidates, in cmp_cand order, to the front:
 * the order a full sort gives them (it is total), without sorting the
 * up to MAX_CANDS others. */
static size_t
best_cands(struct cand *cand, size_t n)
{
	struct cand top[SCORED];
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		size_t j;

		if (k == SCORED && cmp_cand(&cand[i], &top[k - 1]) >= 0)
			continue;
		if (k < SCORED)
			k++;
		for (j = k - 1; j > 0 && cmp_cand(&cand[i], &top[j - 1]) < 0;
		     j--)
			top[j] = top[j - 1];
		top[j] = cand[i];
	}
	memcpy(cand, top, k * sizeof *top);
	return k;
}

/* Story j's mark of this round, or the free slot where it goes (marks
 * of earlier rounds are free): at most MAX_CANDS are put, a quarter of
 * the slots. */
static struct mark *
mark_of(struct cluster *c, uint32_t j)
{
	size_t i = mix32(j) & (SEEN_SLOTS - 1);

	while (c->seen[i].gen == c->gen && c->seen[i].story != j)
		i = (i + 1) & (SEEN_SLOTS - 1);
	return &c->seen[i];
}

/* Gather the stories listed under keys in buckets first..last. */
static void
walk_keys(struct cluster *c, struct timeline *tl, uint32_t si,
	  const uint32_t *keys, size_t nk, int64_t first, int64_t last,
	  struct cand *cand, size_t *np)
{
	uint32_t hk[MAX_WORDS * MAX_BUCKETS];
	const struct list *lists[MAX_WORDS * MAX_BUCKETS];
	size_t n = *np, nh = 0;

	/* The keys first, each table slot fetched ahead of its look-up:
	 * the index is large and read at random, and the misses overlap
	 * this way.  Then the lists' newest ends, then the lists, in the
	 * same order as ever. */
	for (size_t k = 0; k < nk; k++) {
		for (int64_t b = first; b <= last; b++) {
			hk[nh++] = ix_keyof(keys[k], b);
			if (c->ix_cap)
				__builtin_prefetch(&c->ix[mix32(hk[nh - 1]) &
							 (c->ix_cap - 1)]);
			if (b == UNKNOWN_BUCKET)
				break;
		}
	}
	for (size_t h = 0; h < nh; h++) {
		lists[h] = ix_list(c, hk[h]);
		if (lists[h])
			__builtin_prefetch(&lists[h]->v[(lists[h]->n - 1) &
				(list_room(lists[h]->n) - 1)]);
	}
	for (size_t h = 0; h < nh; h++) {
		const struct list *l = lists[h];
		uint32_t m = l ? (l->n < WALK ? l->n : WALK) : 0;
		uint32_t mask = l ? list_room(l->n) - 1 : 0;

		for (uint32_t w = 0; w < m; w++) {
			uint32_t j = list_at(l, mask, w);

			struct mark *mk = mark_of(c, j);

			if (mk->gen == c->gen) {
				cand[mk->slot].hits++;
				continue;
			}
			/* a story's facts only when first met */
			if (j == si || tl->facts[j].event == EVENT_NONE)
				continue;
			if (n < MAX_CANDS) {
				*mk = (struct mark){ j, c->gen, (uint32_t)n };
				cand[n].story = j;
				cand[n].at = tl->facts[j].pub == NO_TIME ?
					INT64_MAX : tl->facts[j].pub;
				cand[n++].hits = 1;
			}
		}
	}
	*np = n;
}

static size_t
collect(struct cluster *c, struct timeline *tl, uint32_t si,
	struct cand *cand)
{
	const struct story_facts *f = &tl->facts[si];
	uint32_t keys[MAX_WORDS];
	size_t nk = query_words(c, f, keys), n = 0, na;
	int64_t lo[2], hi[2];

	if (++c->gen == 0) {
		memset(c->seen, 0, sizeof c->seen);
		c->gen = 1;
	}
	na = anchors(f, lo, hi);
	for (size_t a = 0; a < (na ? na : 1); a++) {
		int64_t first = UNKNOWN_BUCKET, last = UNKNOWN_BUCKET;

		if (na) {
			first = bucket_of(lo[a] - WINDOW);
			last = bucket_of(hi[a] + WINDOW);
			if (last - first >= MAX_BUCKETS)
				last = first + MAX_BUCKETS - 1;
		}
		walk_keys(c, tl, si, keys, nk, first, last, cand, &n);
	}
	return n;
}


size_t
cluster_candidates(struct timeline *tl, uint32_t si, uint32_t *out,
		   size_t max)
{
	struct cluster *c = tl->cluster;
	size_t n;

	if (si >= tl->nstories)
		return 0;
	cluster_drain(c, tl, SIZE_MAX);
	c->df_of = NULL;
	worded(c, tl, si);
	n = collect(c, tl, si, c->cand);
	for (size_t i = 0; i < n && i < max; i++)
		out[i] = c->cand[i].story;
	return n < max ? n : max;
}

/* Whether story si may join the event of candidate story j: close to j,
 * and not far from the event's first story either, so that events do not
 * grow by chains of each-a-bit-like-the-last. */
/* A story's norm, recomputed once rarity has moved enough since. */
static double
norm_of(const struct cluster *c, struct story_facts *g)
{
	struct story_words *w = g->words;

	if (!w)
		return 0;
	if (w->norm_docs == 0 || c->ndocs > (size_t)w->norm_docs * 5 / 4 + 8) {
		w->norm = (float)norm(c, g);
		w->norm_docs = (uint32_t)c->ndocs;
	}
	return (double)w->norm;
}

/* Is the story of facts f another happening than event e, however alike:
 * its own feed told e more than APART before or after it (a wire does
 * not write one happening up twice a day apart: "strikes Kharkiv
 * overnight" on two mornings -- but it corrects a story days after), or
 * dates to another day than one of its own in e, or
 * its title tells a repeat more than
 * APART after e was first reported? */
static bool
apart(const struct timeline *tl, const struct story_facts *f, uint32_t e)
{
	const struct event *ev = &tl->events[e];
	uint32_t si = (uint32_t)(f - tl->facts);
	size_t feed = tl->stories[si].feed;

	if (f->pub == NO_TIME)
		return false;
	if ((f->flags & FACT_REPEAT) && ev->reported != NO_TIME &&
	    f->pub - ev->reported > APART)
		return true;
	/* the times first: a story's facts are fetched anyway, its record
	 * only for those far apart */
	for (size_t k = 0; k < ev->nstories; k++) {
		uint32_t o = ev->stories[k];
		int64_t t = tl->facts[o].pub;

		if (t != NO_TIME && (t - f->pub > APART || f->pub - t > APART) &&
		    o != si && tl->stories[o].feed == feed &&
		    !((f->flags | tl->facts[o].flags) & FACT_CORRECTION))
			return true;
		/* nor one its own feed dates to another day */
		if (o != si && tl->stories[o].feed == feed &&
		    !((f->flags | tl->facts[o].flags) & FACT_CORRECTION) &&
		    other_days(f, &tl->facts[o]))
			return true;
	}
	return false;
}

static bool
joins(struct cluster *c, struct timeline *tl, const struct probe *p,
      uint32_t j, double *out)
{
	struct story_facts *g = worded(c, tl, j);
	uint32_t seed = tl->events[g->event].stories[0];
	double s;

	if (!similar(p, g, norm_of(c, g), out) || apart(tl, p->f, g->event))
		return false;
	if (seed == j)
		return true;
	g = worded(c, tl, seed);
	similar(p, g, norm_of(c, g), &s);
	return s >= SEED_SAME;
}

static uint32_t
near_match(struct cluster *c, struct timeline *tl, uint32_t si)
{
	struct cand *cand = c->cand;
	size_t n = collect(c, tl, si, cand);
	double best = 0;
	uint32_t ev = EVENT_NONE;
	struct probe p;

	if (!n)
		return EVENT_NONE;
	probe_init(c, &tl->facts[si], &p);
	if (n > SCORED)
		n = best_cands(cand, n);
	/* the word and actor lists about to be compared, fetched ahead */
	for (size_t i = 0; i < n; i++) {
		const struct story_facts *g = &tl->facts[cand[i].story];

		__builtin_prefetch(g->words);
		__builtin_prefetch(g->actors);
	}
	for (size_t i = 0; i < n; i++) {
		double s;

		if (joins(c, tl, &p, cand[i].story, &s) && s > best) {
			best = s;
			ev = tl->facts[cand[i].story].event;
		}
	}
	return ev;
}

static uint32_t
place(struct cluster *c, struct timeline *tl, uint32_t si, bool ready)
{
	uint32_t ev;

	struct story_facts *f = &tl->facts[si];
	uint32_t j;

	cluster_drain(c, tl, SIZE_MAX);
	if (!ready)
		cluster_words(c, &tl->stories[si], f);
	j = exact_story(c, tl, si);
	/* another feed's copy of an article placed before joins it and
	 * changes nothing else: what is merged does not hang on how many
	 * section feeds of one wire carry a story */
	f->copy = j != EVENT_NONE && same_article(tl, si, j);
	if (f->copy) {
		ev = tl->facts[j].event;
	} else {
		features(c, tl, si);
		ev = j != EVENT_NONE ? tl->facts[j].event :
			near_match(c, tl, si);
		index_story(c, tl, si);
		c->df_of = NULL;
	}
	hold(c, tl, si);
	return timeline_join(tl, si, ev);
}

uint32_t
cluster_place(struct cluster *c, struct timeline *tl, uint32_t si)
{
	return place(c, tl, si, false);
}

uint32_t
cluster_place_ready(struct cluster *c, struct timeline *tl, uint32_t si)
{
	return place(c, tl, si, true);
}

/* Restored stories in the order READ_BY_TIME reads them: oldest first,
 * the undated last, then as they came. */
struct when {
	int64_t at;		/* undated: INT64_MAX */
	uint32_t story;
};

static struct when
when_of(const struct timeline *tl, uint32_t si)
{
	int64_t pub = tl->facts[si].pub;

	return (struct when){ pub == NO_TIME ? INT64_MAX : pub, si };
}

static int
cmp_when(const void *a, const void *b)
{
	const struct when *x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return (x->story > y->story) - (x->story < y->story);
}

static void
sort_pending(struct cluster *c, const struct timeline *tl)
{
	size_t n = c->npending - c->pending_done;
	uint32_t *p = c->pending + c->pending_done;
	struct when *w = xreallocarray(NULL, n + 1, sizeof *w);

	for (size_t i = 0; i < n; i++)
		w[i] = when_of(tl, p[i]);
	qsort(w, n, sizeof *w, cmp_when);
	for (size_t i = 0; i < n; i++)
		p[i] = w[i].story;
	free(w);
	c->pending_unsorted = false;
}

void
cluster_restore(struct cluster *c, struct timeline *tl, uint32_t si)
{
	if (c->npending > c->pending_done) {
		struct when a = when_of(tl, c->pending[c->npending - 1]),
			    b = when_of(tl, si);

		if (cmp_when(&b, &a) < 0)
			c->pending_unsorted = true;
	}
	if (c->npending == c->pending_cap) {
		c->pending_cap = c->pending_cap ? c->pending_cap * 2 : 1024;
		c->pending = xreallocarray(c->pending, c->pending_cap,
					   sizeof *c->pending);
	}
	c->pending[c->npending++] = si;
}

/* The words of the restored stories about to be counted, by several
 * threads (each story's alone). */
struct drain_words {
	const struct cluster *c;
	struct timeline *tl;
	const uint32_t *si;
};

static void
drain_words(void *ud, size_t i)
{
	struct drain_words *d = ud;
	uint32_t si = d->si[i];

	if (si < d->tl->nstories)
		cluster_words(d->c, &d->tl->stories[si], &d->tl->facts[si]);
}

size_t
cluster_drain(struct cluster *c, struct timeline *tl, size_t max)
{
	size_t k = c->npending - c->pending_done;

	/* counted in time order whatever the order read in, so that the
	 * state a new story meets does not hang on it */
	if (c->pending_unsorted && max)
		sort_pending(c, tl);
	if (max < k)
		k = max;
	/* a slice at a time, so that the words found at once for many are
	 * let go as they age, not all held first */
	while (k) {
		size_t n = k < DRAIN_SLICE ? k : DRAIN_SLICE;
		bool ready = n >= DRAIN_SHARED;

		if (ready) {
			struct drain_words d = { c, tl,
						 c->pending + c->pending_done };

			workers_for(n, DRAIN_SHARED, drain_words, &d);
		}
		k -= n;
		while (n--) {
			uint32_t si = c->pending[c->pending_done++];

			if (si >= tl->nstories)
				continue;
			struct story_facts *f = &tl->facts[si];
			uint32_t j;

			if (!ready)
				cluster_words(c, &tl->stories[si], f);
			/* known by its id, link and title as when it was
			 * placed, and a copy then as now */
			j = exact_story(c, tl, si);
			f->copy = j != EVENT_NONE && same_article(tl, si, j);
			if (!f->copy) {
				features(c, tl, si);
				index_story(c, tl, si);
				c->df_of = NULL;
			}
			hold(c, tl, si);
		}
	}
	if (c->pending_done == c->npending)
		c->pending_done = c->npending = 0;
	return c->npending - c->pending_done;
}

/* Story si, counted, leaves (it is about to be replaced by its update, or
 * dropped): a copy of it on another feed, in its event, stands for the
 * article from now on, counted, indexed and known by its keys as si was;
 * si placed again is then that copy's copy, in its event. */
static void
promote_copy(struct cluster *c, struct timeline *tl, uint32_t si)
{
	const struct event *ev = &tl->events[tl->facts[si].event];

	for (uint32_t i = 0; i < ev->nstories; i++) {
		uint32_t k = ev->stories[i];

		if (k == si || k >= tl->nstories || !tl->facts[k].copy ||
		    !same_article(tl, si, k))
			continue;
		tl->facts[k].copy = false;
		worded(c, tl, k);
		features(c, tl, k);
		index_story(c, tl, k);
		c->df_of = NULL;
		ex_register(c, tl, k);
		return;
	}
}

void
cluster_remove(struct cluster *c, struct timeline *tl, uint32_t si)
{
	struct story_facts *f = &tl->facts[si];

	cluster_drain(c, tl, SIZE_MAX);	/* si may be waiting there */
	if (!f->copy)			/* a copy's were never counted */
		worded(c, tl, si);
	for (size_t i = 0; i < nwords(f) && !f->copy; i++) {
		uint32_t *n = df_slot(c, f->words->w[i], false);

		if (n && *n)
			--*n;
	}
	if (c->ndocs && !f->copy) {
		c->ndocs--;
		c->ln_docs = ln(c, c->ndocs + 10);
	}
	if (!f->copy && f->event < tl->nevents)
		promote_copy(c, tl, si);
	f->copy = false;
	free(f->words);
	f->words = NULL;
	if (f->event != EVENT_NONE)
		timeline_leave(tl, si);
}
