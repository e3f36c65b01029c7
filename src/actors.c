/* The actor dictionary: TSV loading, lookup by name, and finding the actors
 * a story names (whole words, folded, the longest alias first). */
#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "dateline/actors.h"
#include "dateline/buf.h"
#include "dateline/text.h"
#include "dateline/util.h"

#define NONE UINT32_MAX
/* Hostile feeds could otherwise grow the dictionary without end. */
#define MAX_DISCOVERED 4096
#define MAX_NAME_BYTES 256
/* A discovered name has 2..4 capitalised words. */
#define MIN_RUN 2
#define MAX_RUN 4

/* What lies between two words decides whether they can form one name. */
enum gap {
	GAP_SPACE,	/* spaces or hyphens: "Colonel-General", "Kim Jong-un" */
	GAP_DOT,	/* a period or apostrophe too: "U.S.", "O'Brien" */
	GAP_BREAK,	/* anything else: a comma, a quote, a new line */
};

struct tok {
	size_t start, end;	/* bytes of the word in the original text */
	size_t fold;		/* offset of the folded word in toks.fold */
	uint32_t flen;
	uint32_t hash;		/* of the folded word (hash_word) */
	uint8_t gap;		/* enum gap, before this word */
	bool caps;		/* starts with a capital letter */
	bool covered;		/* part of a dictionary match */
};

struct toks {
	struct tok *v;
	size_t n, cap;
	struct buf fold;	/* folded words, back to back */
};

struct alias {
	char *key;		/* folded words joined by one space; NULL if dead */
	uint32_t actor;
	uint32_t next;		/* next alias in the same hash bucket */
	uint16_t ntok;
	uint16_t first;		/* bytes of the first word of key */
	bool caps;		/* matches only where every word is capitalised */
	bool canonical;		/* the actor's own name */
	bool surname;		/* a discovered person's: not where a longer
				   name goes on ("North Macedonia") */
};

struct actors {
	struct actor *v;
	size_t n, cap;
	struct alias *al;
	size_t nal, alcap;
	uint32_t *bucket;	/* heads of chains, longest alias first */
	size_t nbucket;		/* a power of two */
	size_t ndiscovered;
	struct toks text, key;	/* scratch, reused between calls */
	/* A view (actors_view_new): the names it would discover go here
	 * instead of into its tables, which are copies. */
	struct actors_found *record;
	/* Since actors_freeze: the first two words of each alias added (a
	 * set of pair hashes), and whether one had a single word. */
	bool frozen, late_single;
	uint32_t *late;
	size_t nlate, late_cap;
};

/* One-word aliases that are also ordinary English words: they match only
 * where the text capitalises them ("Trump said", not "a trump card").
 * Folded, sorted for bsearch. */
static const char *const common_words[] = {
	"bill", "black", "brown", "bush", "case", "chad", "china", "cook",
	"cooper", "fox", "frank", "grant", "green", "guard", "hope", "hunt",
	"king", "lane", "little", "long", "mark", "may", "moon", "park",
	"pope", "price", "rice", "rich", "rose", "sharp", "short", "stone",
	"summer", "swift", "trump", "turkey", "tusk", "waltz", "ward",
	"white", "will", "wood", "young",
};

/* Words of a title after which capitalised words are taken for a name
 * ("Colonel-General Mikhail Teplinsky").  Folded, sorted. */
static const char *const title_words[] = {
	"admiral", "adviser", "advisor", "aide", "ambassador", "brigadier",
	"captain", "chairman", "chairwoman", "chancellor", "chief",
	"colonel", "commander", "defence", "defense", "deputy", "director",
	"envoy", "foreign", "general", "governor", "interior", "leader",
	"lieutenant", "major", "marshal", "mayor", "minister", "negotiator",
	"premier", "president", "prime", "prosecutor", "secretary",
	"senator", "speaker", "spokesman", "spokesperson", "spokeswoman",
	"staff", "vice",
};

/* A portfolio before a title word is part of the role ("Finance
 * Minister"); alone it is no title ("Transport Strike Hits London").
 * Folded, sorted. */
static const char *const portfolios[] = {
	"economy", "education", "energy", "finance", "health", "justice",
	"labour", "trade", "transport", "treasury",
};

/* Words that are no one's surname alone, though names end in them
 * ("Anna May", "Tom North"): months, weekdays, compass points, and
 * common nouns a headline starts with.  Folded, sorted. */
static const char *const not_surnames[] = {
	"april", "august", "bank", "bishop", "church", "court", "december",
	"east", "february", "field", "friday", "hill", "house", "january",
	"july", "june", "king", "lord", "march", "may", "monday", "north",
	"november", "october", "power", "prince", "saturday", "september",
	"south", "street", "sunday", "thursday", "tuesday", "wednesday",
	"west",
};

/* Lower-case words that join the parts of a name.  Folded, sorted. */
static const char *const particles[] = {
	"al", "bin", "da", "das", "de", "del", "der", "di", "dos", "du",
	"el", "ibn", "la", "le", "van", "von",
};

/* Capitalised words that end a name rather than belong to it (and the
 * commonest verbs of Title Case headlines).  Folded, sorted. */
static const char *const stop_words[] = {
	"a", "after", "again", "ahead", "amid", "an", "and", "announces",
	"as", "at", "backs", "but", "by", "calls", "denies", "faces", "for",
	"from", "has", "he", "in", "is", "it", "meets", "new", "no", "not",
	"of", "on", "orders", "over", "plan", "rejects", "resigns", "said",
	"says", "she", "signs", "talks", "tells", "the", "to", "told",
	"under", "urges", "visit", "visits", "vows", "warns", "was", "who",
	"will", "wins", "with",
};

static int
cmp_word(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

static bool
in_list(const char *const *list, size_t n, const char *w, size_t len)
{
	char tmp[32];

	if (len == 0 || len >= sizeof(tmp))
		return false;
	memcpy(tmp, w, len);
	tmp[len] = '\0';
	return bsearch(tmp, list, n, sizeof(*list), cmp_word) != NULL;
}

/* ---- words ---- */

static bool
is_word_cp(utf8proc_int32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		    (cp >= '0' && cp <= '9');
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return true;
	default:
		return false;
	}
}

static bool
is_ascii_word(unsigned char c)
{
	return text_ascii_word[c] != 0;
}

static bool
is_upper_cp(utf8proc_int32_t cp)
{
	int c;

	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z';
	c = utf8proc_category(cp);
	return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

/* Decode one character; an invalid byte counts as one non-word byte. */
static size_t
next_cp(const char *s, size_t len, utf8proc_int32_t *cp)
{
	utf8proc_ssize_t n;

	if ((unsigned char)*s < 0x80) {
		*cp = (unsigned char)*s;
		return 1;
	}
	n = utf8proc_iterate((const utf8proc_uint8_t *)s,
	    len > 4 ? 4 : (utf8proc_ssize_t)len, cp);
	if (n <= 0) {
		*cp = -1;
		return 1;
	}
	return (size_t)n;
}

/* How a run of non-word characters joins the words on either side.  A
 * period joins only after a single letter ("U.S.", "Donald J. Trump"):
 * elsewhere it ends a sentence. */
static enum gap
gap_kind(const char *s, size_t len, bool after_letter)
{
	enum gap g = GAP_SPACE;
	size_t i = 0, chars = 0;
	utf8proc_int32_t cp;

	while (i < len) {
		i += next_cp(s + i, len - i, &cp);
		if (++chars > 3)
			return GAP_BREAK;
		if (cp == ' ' || cp == 0xA0 || cp == '-' || cp == 0x2010 ||
		    cp == 0x2011)
			continue;
		if (cp == '\'' || cp == 0x2019 || (cp == '.' && after_letter))
			g = GAP_DOT;
		else
			return GAP_BREAK;
	}
	return g;
}

/* gap_kind for the gap before a word: one space, by far the most common,
 * without a call. */
static inline enum gap
gap_before(const char *s, size_t len, bool after_letter)
{
	if (len == 1 && *s == ' ')
		return GAP_SPACE;
	return gap_kind(s, len, after_letter);
}

static uint32_t
hash_word(const char *s, size_t len)
{
	uint32_t h = 2166136261u;

	while (len--) {
		h ^= (unsigned char)*s++;
		h *= 16777619u;
	}
	return h;
}

/* Fold one word onto out and return its hash (hash_word of what was
 * added): ASCII by hand, both in one pass (most words), the rest by
 * text_fold.  ASCII letters are lowered after text_fold too, so the
 * result is lower case even where text_fold leaves case alone. */
static uint32_t
fold_word(struct buf *out, const char *s, size_t len)
{
	size_t i, from = out->len;
	uint32_t h = 2166136261u;
	char *d;

	if (out->len + len >= out->cap)	/* tokenize made room already */
		buf_grow(out, len);
	d = out->data + from;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80)
			break;
		c = (unsigned char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
		d[i] = (char)c;
		h = (h ^ c) * 16777619u;
	}
	if (i == len) {
		out->len += len;
		out->data[out->len] = '\0';
		return h;
	}
	char *f = text_fold(s, len);
	buf_adds(out, f);
	free(f);
	for (i = from; i < out->len; i++)
		if (out->data[i] >= 'A' && out->data[i] <= 'Z')
			out->data[i] = (char)(out->data[i] - 'A' + 'a');
	return hash_word(out->data + from, out->len - from);
}

/* The word of bytes start..end, folded at offset at of t->fold (up to
 * its end) with hash h. */
static void
toks_add(struct toks *t, size_t start, size_t end, size_t at, uint32_t h,
	 enum gap gap, bool caps)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->v = xreallocarray(t->v, t->cap, sizeof(*t->v));
	}
	t->v[t->n++] = (struct tok){ .start = start, .end = end, .fold = at,
	    .flen = (uint32_t)(t->fold.len - at), .hash = h,
	    .gap = (uint8_t)gap, .caps = caps };
}

static void
toks_push(struct toks *t, const char *s, size_t start, size_t end,
	  enum gap gap)
{
	utf8proc_int32_t cp;
	size_t at = t->fold.len;
	uint32_t h = fold_word(&t->fold, s + start, end - start);

	if (t->fold.len == at)
		return;		/* only marks, folded away */
	if ((unsigned char)s[start] < 0x80)
		cp = (unsigned char)s[start];
	else
		next_cp(s + start, end - start, &cp);
	toks_add(t, start, end, at, h, gap, is_upper_cp(cp));
}

/* An ASCII word at i (s[i] is a letter or digit), folded and hashed as
 * it is read, the way toks_push would: its end, or 0 when a character
 * past ASCII goes on with it (then nothing was added). */
static size_t
toks_ascii(struct toks *t, const char *s, size_t len, size_t i,
	   enum gap gap)
{
	size_t j = i, at = t->fold.len;
	uint32_t h = 2166136261u;
	unsigned char c = (unsigned char)s[i], lc;
	char *d;

	if (at + (len - i) >= t->fold.cap)
		buf_grow(&t->fold, len - i);
	d = t->fold.data + at;
	while ((lc = text_ascii_word[c])) {
		*d++ = (char)lc;
		h = (h ^ lc) * 16777619u;
		if (++j == len)
			break;
		c = (unsigned char)s[j];
	}
	if (j < len && c >= 0x80)
		return 0;
	t->fold.len += j - i;
	t->fold.data[t->fold.len] = '\0';
	toks_add(t, i, j, at, h, gap, s[i] >= 'A' && s[i] <= 'Z');
	return j;
}

/* Scripts written without spaces between words (Han, kana): each
 * character is a word of its own, so that "习近平" is found in "习近平说". */
static bool
is_solo_cp(utf8proc_int32_t cp)
{
	return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
	    (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	    (cp >= 0xFF66 && cp <= 0xFF9F) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

static bool
is_mark_cp(utf8proc_int32_t cp)
{
	int c = utf8proc_category(cp);

	return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC ||
	    c == UTF8PROC_CATEGORY_ME;
}

/* Split s into words (letters, marks and digits of any script). */
static void
tokenize(struct toks *t, const char *s, size_t len)
{
	size_t i = 0, start = 0, prev_end = 0, chars = 0;
	bool in_word = false, first = true, single = false, solo = false;
	utf8proc_int32_t cp;

	t->n = 0;
	buf_reset(&t->fold);
	buf_grow(&t->fold, len);
	while (i < len) {
		unsigned char b = (unsigned char)s[i];
		size_t n = 1;
		bool w, cut;

		/* an ASCII word, most words: in one pass (at a word's start
		 * solo is false: a character that is no word came before) */
		if (!in_word && text_ascii_word[b]) {
			size_t j = toks_ascii(t, s, len, i, first ? GAP_BREAK :
			    gap_before(s + prev_end, i - prev_end, single));

			if (j) {
				prev_end = j;
				single = j - i == 1;
				first = false;
				i = j;
				continue;
			}
		}
		if (b < 0x80) {
			/* ASCII, most text: no decoding, never a mark or solo */
			cp = b;
			w = is_ascii_word(b);
			cut = w ? solo : true;
			solo = false;
			if (w && in_word && !cut) {
				/* the rest of an ASCII word at once */
				size_t j = i + 1;

				while (j < len && is_ascii_word((unsigned char)s[j]))
					j++;
				chars += j - i;
				i = j;
				continue;
			}
		} else {
			n = next_cp(s + i, len - i, &cp);
			w = cp >= 0 && is_word_cp(cp);
			cut = !w;
			/* A mark stays with its base; a solo character stands
			 * alone. */
			if (w && (cp < 0x300 || !is_mark_cp(cp))) {
				bool s2 = cp >= 0x3000 && is_solo_cp(cp);
				cut = s2 || solo;
				solo = s2;
			}
		}
		if (in_word && cut) {
			toks_push(t, s, start, i, first ? GAP_BREAK :
			    gap_before(s + prev_end, start - prev_end, single));
			prev_end = i;
			single = chars == 1;
			first = false;
			in_word = false;
		}
		if (w && !in_word) {
			start = i;
			chars = 0;
			in_word = true;
		}
		if (!w)
			solo = false;
		chars += w;
		i += n;
	}
	if (in_word)
		toks_push(t, s, start, len, first ? GAP_BREAK :
		    gap_before(s + prev_end, start - prev_end, single));
}

static const char *
tok_word(const struct toks *t, size_t i)
{
	return t->fold.data + t->v[i].fold;
}

/* The folded words of s joined by one space, in out; returns the count. */
static size_t
make_key(struct toks *t, const char *s, size_t len, struct buf *out)
{
	size_t i;

	tokenize(t, s, len);
	buf_reset(out);
	for (i = 0; i < t->n; i++) {
		if (i)
			buf_addc(out, ' ');
		buf_add(out, tok_word(t, i), t->v[i].flen);
	}
	return t->n;
}

/* ---- the alias table ---- */


/* Two words in a row, as one number: what a view notes of a text and an
 * alias added since the freeze is looked up by. */
static uint32_t
hash_pair(uint32_t h1, uint32_t h2)
{
	uint32_t h = h1 * 0x9e3779b1u ^ h2;

	return h ? h : 1;
}

static bool
late_has(const struct actors *a, uint32_t h)
{
	for (size_t j = h & (a->late_cap - 1); a->late[j];
	     j = (j + 1) & (a->late_cap - 1))
		if (a->late[j] == h)
			return true;
	return false;
}

static void
late_put(struct actors *a, uint32_t h)
{
	if ((a->nlate + 1) * 2 > a->late_cap) {
		uint32_t *old = a->late;
		size_t ocap = a->late_cap;

		a->late_cap = ocap ? ocap * 2 : 64;
		a->late = xcalloc(a->late_cap, sizeof *a->late);
		a->nlate = 0;
		for (size_t i = 0; i < ocap; i++)
			if (old[i])
				late_put(a, old[i]);
		free(old);
	}
	if (late_has(a, h))
		return;
	for (size_t j = h & (a->late_cap - 1);; j = (j + 1) & (a->late_cap - 1))
		if (!a->late[j]) {
			a->late[j] = h;
			a->nlate++;
			return;
		}
}

/* Note a new alias's first two words when frozen. */
static void
late_note(struct actors *a, const struct alias *al)
{
	const char *k2;

	if (!a->frozen)
		return;
	if (al->ntok < 2) {
		a->late_single = true;
		return;
	}
	k2 = al->key + al->first + 1;
	late_put(a, hash_pair(hash_word(al->key, al->first),
			      hash_word(k2, strcspn(k2, " "))));
}

static void
chain_insert(struct actors *a, uint32_t idx)
{
	struct alias *al = &a->al[idx];
	size_t first = strcspn(al->key, " ");
	uint32_t *p = &a->bucket[hash_word(al->key, first) &
	    (a->nbucket - 1)];

	/* Longest first; among equals the later entry first, so that it
	 * wins. */
	while (*p != NONE && a->al[*p].ntok > al->ntok)
		p = &a->al[*p].next;
	al->next = *p;
	*p = idx;
}

static void
rehash(struct actors *a)
{
	size_t i;

	a->nbucket = a->nbucket ? a->nbucket * 2 : 256;
	free(a->bucket);
	a->bucket = xreallocarray(NULL, a->nbucket, sizeof(*a->bucket));
	for (i = 0; i < a->nbucket; i++)
		a->bucket[i] = NONE;
	for (i = 0; i < a->nal; i++)
		if (a->al[i].key)
			chain_insert(a, (uint32_t)i);
}

/* An alias is caps-only when marked with '!', when it is an acronym (no
 * lower-case letter), or when it is one common word. */
static bool
infer_caps(const char *s, size_t len, const char *key, size_t ntok)
{
	size_t i = 0;
	bool upper = false;
	utf8proc_int32_t cp;

	while (i < len) {
		i += next_cp(s + i, len - i, &cp);
		if (cp < 0)
			continue;
		if (utf8proc_category(cp) == UTF8PROC_CATEGORY_LL)
			return ntok == 1 && in_list(common_words,
			    ARRAY_SIZE(common_words), key, strlen(key));
		if (is_upper_cp(cp))
			upper = true;
	}
	return upper;
}

/* Add an alias of actor id, as written; false when it holds no word. */
static bool
alias_put(struct actors *a, uint32_t id, const char *s, size_t len,
	  bool canonical)
{
	struct buf key = BUF_INIT;
	struct alias *al;
	bool bang = len > 0 && s[0] == '!';
	size_t ntok;

	if (bang) {
		s++;
		len--;
	}
	ntok = make_key(&a->key, s, len, &key);
	if (ntok == 0 || key.len > UINT16_MAX) {	/* bounds ntok, first */
		buf_free(&key);
		return false;
	}
	if (a->nal == a->alcap) {
		a->alcap = a->alcap ? a->alcap * 2 : 256;
		a->al = xreallocarray(a->al, a->alcap, sizeof(*a->al));
	}
	al = &a->al[a->nal];
	*al = (struct alias){ .key = buf_steal(&key), .actor = id,
	    .ntok = (uint16_t)ntok, .canonical = canonical };
	al->caps = bang || infer_caps(s, len, al->key, ntok);
	al->first = (uint16_t)strcspn(al->key, " ");
	late_note(a, al);
	a->nal++;
	if (a->nal * 2 > a->nbucket)
		rehash(a);
	else
		chain_insert(a, (uint32_t)(a->nal - 1));
	return true;
}

static uint32_t alias_find(const struct actors *a, const char *key,
			   bool canonical);

/* Russian and Ukrainian names change their ending with their case
 * ("Путина", "Трампом", "Зеленського", "Кремля"), and the dictionaries
 * list the nominative: a one-word Cyrillic alias (its folded key, five
 * letters or more) is also added in the commonest case forms, unless a
 * form is an alias already; a form is found only with its capital.  A
 * man's surname in -ов, -ев, -ин gives the woman's too (the genitive
 * "Медведева" is also Evgenia Medvedeva).  After a consonant: -а -у -ом -ым -им -е
 * -ові; for -а: -ы -и -е -у -ой -ою -і; for -ь: -я -ю -ем -е -і; for -ий
 * and -ій (folded "ии", "іи"): -ого -ому -им -ім -ом.  Names that change
 * more than their ending ("Київ", "Києва") are not found so. */
static void
alias_inflect(struct actors *a, uint32_t id, const char *key)
{
	static const char consonants[] =
		"бвгґджзклмнпрстфхцчшщ";
	static const char *const after_consonant[] = {
		"а", "у", "ом", "ым", "им", "е", "ові", NULL,
	};
	static const char *const after_a[] = {
		"ы", "и", "е", "у", "ой", "ою", "і", NULL,
	};
	static const char *const after_soft[] = {
		"я", "ю", "ем", "е", "і", NULL,
	};
	static const char *const after_ii[] = {
		"ого", "ому", "им", "ім", "ом", NULL,
	};
	const char *const *endings;
	size_t n = strlen(key), stem;
	char last[3];

	/* two bytes a letter: U+0400 to U+04FF; five letters or more
	 * ("Рада" would give "рады", glad) */
	if (n < 10 || strchr(key, ' '))
		return;
	for (size_t i = 0; i < n; i += 2)
		if ((unsigned char)key[i] < 0xd0 ||
		    (unsigned char)key[i] > 0xd3)
			return;
	memcpy(last, key + n - 2, 2);
	last[2] = '\0';
	stem = n - 2;
	if (!strcmp(last, "и") && (!strncmp(key + n - 4, "и", 2) ||
				    !strncmp(key + n - 4, "і", 2))) {
		endings = after_ii;
		stem = n - 4;
	} else if (!strcmp(last, "а")) {
		endings = after_a;
	} else if (!strcmp(last, "ь")) {
		endings = after_soft;
	} else if (strstr(consonants, last)) {
		endings = after_consonant;
		stem = n;
	} else {
		return;
	}
	for (size_t i = 0; endings[i]; i++) {
		struct buf form = BUF_INIT;

		buf_add(&form, key, stem);
		buf_adds(&form, endings[i]);
		/* written with its capital only, as a name is ("вены",
		 * veins, is no Вена) */
		if (alias_find(a, form.data, false) == NONE &&
		    alias_put(a, id, form.data, form.len, false))
			a->al[a->nal - 1].caps = true;
		buf_free(&form);
	}
}

/* Add an alias of actor id, and its case forms (alias_inflect); false
 * when it holds no word. */
static bool
alias_add(struct actors *a, uint32_t id, const char *s, size_t len,
	  bool canonical)
{
	if (!alias_put(a, id, s, len, canonical))
		return false;
	if (!a->al[a->nal - 1].caps)
		alias_inflect(a, id, a->al[a->nal - 1].key);
	return true;
}

/* The alias with this folded key (canonical ones only if asked). */
static uint32_t
alias_find(const struct actors *a, const char *key, bool canonical)
{
	uint32_t i;

	if (!a->nbucket)
		return NONE;
	i = a->bucket[hash_word(key, strcspn(key, " ")) & (a->nbucket - 1)];
	for (; i != NONE; i = a->al[i].next) {
		const struct alias *al = &a->al[i];
		if (al->key && (!canonical || al->canonical) &&
		    strcmp(al->key, key) == 0)
			return i;
	}
	return NONE;
}

/* Forget an actor's aliases (its entry is being replaced).  Dead aliases
 * stay in their chains until the next rehash, skipped. */
static void
aliases_kill(struct actors *a, uint32_t id)
{
	size_t i;

	/* views share the alias keys: none is freed while they exist
	 * (adding discovered names never replaces an entry) */
	assert(!a->frozen);
	for (i = 0; i < a->nal; i++)
		if (a->al[i].actor == id && a->al[i].key) {
			free(a->al[i].key);
			a->al[i].key = NULL;
		}
}

/* ---- the dictionary ---- */

struct actors *
actors_new(void)
{
	return xcalloc(1, sizeof(struct actors));
}

static void
actor_clear(struct actor *ac)
{
	free(ac->name);
	free(ac->country);
	free(ac->role);
}

void
actors_free(struct actors *a)
{
	size_t i;

	if (!a)
		return;
	for (i = 0; i < a->n; i++)
		actor_clear(&a->v[i]);
	for (i = 0; i < a->nal; i++)
		free(a->al[i].key);
	free(a->v);
	free(a->al);
	free(a->bucket);
	free(a->text.v);
	buf_free(&a->text.fold);
	free(a->key.v);
	buf_free(&a->key.fold);
	free(a->late);
	free(a);
}

size_t
actors_count(const struct actors *a)
{
	return a->n;
}

const struct actor *
actors_get(const struct actors *a, uint32_t id)
{
	return id < a->n ? &a->v[id] : NULL;
}

/* A new actor, or the old slot of one with the same canonical name (its
 * id stays, its aliases go). */
static uint32_t
actor_slot(struct actors *a, const char *name, size_t len)
{
	struct buf key = BUF_INIT;
	uint32_t al, id;

	make_key(&a->key, name, len, &key);
	al = alias_find(a, key.data ? key.data : "", true);
	buf_free(&key);
	if (al != NONE) {
		id = a->al[al].actor;
		aliases_kill(a, id);
		if (a->v[id].discovered && a->ndiscovered)
			a->ndiscovered--;
		actor_clear(&a->v[id]);
		return id;
	}
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 128;
		a->v = xreallocarray(a->v, a->cap, sizeof(*a->v));
	}
	return (uint32_t)a->n++;
}

static uint32_t
actor_add(struct actors *a, const char *name, size_t len, uint8_t kind,
	  const char *country, size_t clen, const char *role, size_t rlen)
{
	uint32_t id = actor_slot(a, name, len);

	a->v[id] = (struct actor){ .name = xstrndup(name, len),
	    .country = xstrndup(country, clen), .role = xstrndup(role, rlen),
	    .kind = kind };
	alias_add(a, id, name, len, true);
	return id;
}

/* ---- TSV ---- */

struct field {
	const char *s;
	size_t len;
};

static struct field
trim(const char *s, size_t len)
{
	while (len && (*s == ' ' || *s == '\r'))
		s++, len--;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\r'))
		len--;
	return (struct field){ s, len };
}

static int
parse_kind(struct field f)
{
	static const struct { const char *name; uint8_t kind; } kinds[] = {
		{ "organisation", ACTOR_ORGANISATION },
		{ "organization", ACTOR_ORGANISATION },
		{ "person", ACTOR_PERSON },
		{ "place", ACTOR_PLACE },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(kinds); i++)
		if (strlen(kinds[i].name) == f.len &&
		    memcmp(kinds[i].name, f.s, f.len) == 0)
			return kinds[i].kind;
	return -1;
}

/* True when s holds at least one word character. */
static bool
has_word(const char *s, size_t len)
{
	size_t i = 0;
	utf8proc_int32_t cp;

	while (i < len) {
		i += next_cp(s + i, len - i, &cp);
		if (cp >= 0 && is_word_cp(cp))
			return true;
	}
	return false;
}

/* Check one line (apply false) or add it (apply true).  Returns NULL or
 * what is wrong with it. */
static const char *
tsv_line(struct actors *a, const char *s, size_t len, bool apply)
{
	struct field f[5];
	size_t nf = 0, i = 0, start = 0;
	int kind;
	uint32_t id;

	for (i = 0; i <= len; i++) {
		if (i < len && s[i] != '\t')
			continue;
		if (nf == ARRAY_SIZE(f))
			return "more than 5 fields";
		f[nf++] = trim(s + start, i - start);
		start = i + 1;
	}
	if (memchr(s, '\0', len))
		return "NUL byte";
	if (nf < 2)
		return "expected name<TAB>kind[<TAB>country<TAB>role"
		    "<TAB>aliases]";
	if (!has_word(f[0].s, f[0].len) || f[0].len > MAX_NAME_BYTES)
		return "bad name";
	if ((kind = parse_kind(f[1])) < 0)
		return "kind must be person, organisation or place";
	for (; nf < 5; nf++)
		f[nf] = (struct field){ "", 0 };
	if (!apply)
		return NULL;
	id = actor_add(a, f[0].s, f[0].len, (uint8_t)kind, f[2].s, f[2].len,
	    f[3].s, f[3].len);
	for (start = 0, i = 0; i <= f[4].len; i++) {
		if (i < f[4].len && f[4].s[i] != '|')
			continue;
		struct field al = trim(f[4].s + start, i - start);
		if (al.len)
			alias_add(a, id, al.s, al.len, false);
		start = i + 1;
	}
	return NULL;
}

/* Every good line is loaded; a bad one is left out, as a bad line of the
 * configuration is, so that one typo does not cost the other entries.
 * err names the first bad line, and how many more there were. */
int
actors_load_mem(struct actors *a, const char *data, size_t len,
		const char *name, char *err, size_t errlen)
{
	size_t pos = 0, line = 0, bad = 0, first = 0;
	const char *first_why = NULL;

	while (pos < len) {
		const char *nl = memchr(data + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - data) : len;
		struct field l = trim(data + pos, end - pos);
		const char *why = NULL;

		line++;
		if (l.len && l.s[0] != '#')
			why = tsv_line(a, l.s, l.len, false);
		if (why && !bad++) {
			first = line;
			first_why = why;
		} else if (!why && l.len && l.s[0] != '#') {
			tsv_line(a, l.s, l.len, true);
		}
		pos = end + 1;
	}
	if (!bad)
		return 0;
	if (err && errlen) {
		if (bad == 1)
			snprintf(err, errlen, "%s:%zu: %s (line ignored)",
				 name, first, first_why);
		else
			snprintf(err, errlen, "%s:%zu: %s (line ignored, and "
				 "%zu more bad line%s)", name, first, first_why,
				 bad - 1, bad == 2 ? "" : "s");
	}
	return 1;
}

int
actors_load_file(struct actors *a, const char *path, char *err,
		 size_t errlen)
{
	struct buf b = BUF_INIT;
	int rc;
	FILE *fp = fopen(path, "rb");

	if (!fp) {
		if (err && errlen)
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (!buf_add_file(&b, fp)) {
		if (err && errlen)
			snprintf(err, errlen, "%s: read error", path);
		fclose(fp);
		buf_free(&b);
		return -1;
	}
	fclose(fp);
	rc = actors_load_mem(a, b.data ? b.data : "", b.len, path, err,
	    errlen);
	buf_free(&b);
	return rc;
}

void
actors_each_alias(const struct actors *a,
		  void (*fn)(uint32_t actor, const char *folded, void *ud),
		  void *ud)
{
	for (size_t i = 0; i < a->nal; i++)
		if (a->al[i].key)
			fn(a->al[i].actor, a->al[i].key, ud);
}

uint32_t
actors_lookup(const struct actors *a, const char *name)
{
	struct actors *m = (struct actors *)a;	/* scratch only */
	struct buf key = BUF_INIT;
	uint32_t al;

	if (!name || !make_key(&m->key, name, strlen(name), &key)) {
		buf_free(&key);
		return ACTOR_NONE;
	}
	al = alias_find(a, key.data, false);
	buf_free(&key);
	return al == NONE ? ACTOR_NONE : a->al[al].actor;
}

uint32_t
actors_add_discovered(struct actors *a, const char *name, const char *role)
{
	uint32_t id = actors_lookup(a, name);

	if (id != ACTOR_NONE)
		return id;
	if (a->ndiscovered >= MAX_DISCOVERED || !has_word(name, strlen(name)))
		return ACTOR_NONE;
	id = actor_add(a, name, strlen(name), ACTOR_PERSON, "", 0, role,
		       strlen(role));
	a->v[id].discovered = true;
	a->ndiscovered++;
	actors_add_surnames(a, id);
	return id;
}

/* The surname in a discovered person's name: its last word with the
 * particles before it ("O'Neill", "de la Cruz", "al-Sharaa"), never the
 * first word; 0 when the name is one word. */
static size_t
surname_of(const char *name, const char **out)
{
	const char *end = name + strlen(name), *s = end;

	while (s > name && s[-1] != ' ')
		s--;
	if (s == name)
		return 0;
	for (;;) {
		const char *q = s - 1;

		while (q > name && q[-1] != ' ')
			q--;
		if (q == name || !in_list(particles, ARRAY_SIZE(particles), q,
					  (size_t)(s - 1 - q)))
			break;
		s = q;
	}
	*out = s;
	return (size_t)(end - s);
}

void
actors_add_surnames(struct actors *a, uint32_t from)
{
	struct buf key = BUF_INIT, alias = BUF_INIT;

	for (uint32_t id = from; id < a->n; id++) {
		const char *s;
		size_t n, ntok;

		if (!a->v[id].discovered || a->v[id].kind != ACTOR_PERSON ||
		    (n = surname_of(a->v[id].name, &s)) < 3)
			continue;
		ntok = make_key(&a->key, s, n, &key);
		/* taken (another's name or surname), or no name at all */
		if (!ntok || alias_find(a, key.data, false) != NONE ||
		    (ntok == 1 &&
		     (in_list(title_words, ARRAY_SIZE(title_words), key.data,
			      key.len) ||
		      in_list(stop_words, ARRAY_SIZE(stop_words), key.data,
			      key.len) ||
		      in_list(not_surnames, ARRAY_SIZE(not_surnames),
			      key.data, key.len) ||
		      in_list(common_words, ARRAY_SIZE(common_words),
			      key.data, key.len))))
			continue;
		/* one word is a surname only written with its capital
		 * ("Kowal", not "kowal"); "de la Cruz" is one anyway */
		buf_reset(&alias);
		if (ntok == 1)
			buf_addc(&alias, '!');
		buf_add(&alias, s, n);
		if (alias_add(a, id, alias.data, alias.len, false))
			a->al[a->nal - 1].surname = true;
	}
	buf_free(&key);
	buf_free(&alias);
}

/* ---- matching ---- */

/* Does alias al stand at word i of the text? */
static bool
alias_at(const struct actors *a, const struct alias *al, size_t i)
{
	const struct toks *t = &a->text;
	const char *k = al->key;
	size_t w;

	if (al->ntok > t->n - i || al->first != t->v[i].flen)
		return false;
	for (w = 0; w < al->ntok; w++) {
		const struct tok *tk = &t->v[i + w];
		size_t kl = w ? strcspn(k, " ") : al->first;

		if ((w && tk->gap == GAP_BREAK) || (al->caps && !tk->caps))
			return false;
		if (kl != tk->flen || memcmp(k, tok_word(t, i + w), kl))
			return false;
		k += kl + (k[kl] == ' ');
	}
	/* "Thomas" of Mark Thomas is not the start of "Thomas Weber" */
	if (al->surname && i + al->ntok < t->n &&
	    t->v[i + al->ntok].caps && t->v[i + al->ntok].gap == GAP_SPACE)
		return false;
	return true;
}

/* The longest alias at word i, or NONE. */
static uint32_t
match_at(const struct actors *a, size_t i)
{
	const struct tok *tk = &a->text.v[i];
	uint32_t j;

	j = a->bucket[tk->hash & (a->nbucket - 1)];
	for (; j != NONE; j = a->al[j].next)
		if (a->al[j].key && alias_at(a, &a->al[j], i))
			return j;
	return NONE;
}

struct idset {
	uint32_t *v;
	size_t n, cap;
};

static void
idset_add(struct idset *s, uint32_t id)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->v[i] == id)
			return;
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->v = xreallocarray(s->v, s->cap, sizeof(*s->v));
	}
	s->v[s->n++] = id;
}

/* The lists word_in asks of the words of every text, by the words' hash
 * (hash_word, as the tokens carry it): one table, each word with the
 * lists that hold it. */
enum {
	IN_TITLE = 1, IN_PORTFOLIO = 2, IN_PARTICLE = 4, IN_STOP = 8,
};
#define LIST_SLOTS 512		/* a power of two, over twice the words */
static struct {
	uint32_t hash;
	uint8_t lists;		/* IN_* */
	const char *word;	/* NULL: empty */
} list_table[LIST_SLOTS];
static pthread_once_t list_once = PTHREAD_ONCE_INIT;

static void
list_add(const char *const *list, size_t n, uint8_t which)
{
	for (size_t i = 0; i < n; i++) {
		uint32_t h = hash_word(list[i], strlen(list[i]));
		size_t j = h & (LIST_SLOTS - 1);

		while (list_table[j].word && strcmp(list_table[j].word, list[i]))
			j = (j + 1) & (LIST_SLOTS - 1);
		list_table[j].hash = h;
		list_table[j].word = list[i];
		list_table[j].lists |= which;
	}
}

static void
list_build(void)
{
	list_add(title_words, ARRAY_SIZE(title_words), IN_TITLE);
	list_add(portfolios, ARRAY_SIZE(portfolios), IN_PORTFOLIO);
	list_add(particles, ARRAY_SIZE(particles), IN_PARTICLE);
	list_add(stop_words, ARRAY_SIZE(stop_words), IN_STOP);
}

/* Whether word i of the text is in one of the lists (IN_*). */
static bool
word_in(const struct toks *t, size_t i, unsigned lists)
{
	const struct tok *tk = &t->v[i];

	for (size_t j = tk->hash & (LIST_SLOTS - 1); list_table[j].word;
	     j = (j + 1) & (LIST_SLOTS - 1))
		if (list_table[j].hash == tk->hash &&
		    !strncmp(list_table[j].word, tok_word(t, i), tk->flen) &&
		    !list_table[j].word[tk->flen])
			return list_table[j].lists & lists;
	return false;
}

/* Words i.. that can make a discovered name: capitalised, joined by
 * spaces or hyphens, not yet matched, not title or stop words. */
static size_t
name_run(const struct actors *a, const char *text, size_t i)
{
	const struct toks *t = &a->text;
	size_t n = 0, words = 0;

	while (i + n < t->n && words <= MAX_RUN) {
		const struct tok *tk = &t->v[i + n];
		size_t p = 0;

		/* "Faisal bin Farhan", "Maria de la Cruz", "Ahmed al-Sharaa":
		 * particles between two words of the name */
		while (n && i + n + p < t->n && !t->v[i + n + p].caps &&
		       t->v[i + n + p].gap == GAP_SPACE &&
		       word_in(t, i + n + p, IN_PARTICLE))
			p++;
		if (p) {
			if (i + n + p >= t->n ||
			    t->v[i + n + p].gap != GAP_SPACE)
				break;
			tk = &t->v[i + n + p];
		}
		/* "O'Neill" and "John F. Kennedy" are one name; "Kowal
		 * 'Deeply Concerned'" is not */
		if (!tk->caps || tk->covered ||
		    !(tk->gap == GAP_SPACE ||
		      (n && !p && tk->gap == GAP_DOT &&
		       (t->v[i + n - 1].flen == 1 ||
			!memchr(text + t->v[i + n - 1].end, ' ',
				tk->start - t->v[i + n - 1].end)))) ||
		    word_in(t, i + n + p, IN_TITLE | IN_STOP))
			break;
		n += p + 1;
		words++;
	}
	/* a name does not end on an initial ("Minister Jean-Pierre O"), nor
	 * on the particles before it */
	if (n && t->v[i + n - 1].flen == 1) {
		n--, words--;
		while (n && !t->v[i + n - 1].caps)
			n--;
	}
	return words >= MIN_RUN && words <= MAX_RUN ? n : 0;
}

/* The discovered actor one person's other name is: a discovered name
 * that is key's last words ("pirc musar" of "natasa pirc musar"), or
 * whose last words key is; NONE if none.  Only whole names: "zayed al
 * nahyan" joins neither Mohamed's nor Abdullah's. */
static uint32_t
same_person(const struct actors *a, const char *key)
{
	size_t n = strlen(key);

	for (const char *s = strchr(key, ' '); s && strchr(s + 1, ' ');
	     s = strchr(s + 1, ' ')) {
		uint32_t al = alias_find(a, s + 1, true);

		if (al != NONE && a->v[a->al[al].actor].discovered)
			return a->al[al].actor;
	}
	for (size_t i = 0; i < a->nal; i++) {
		const struct alias *al = &a->al[i];
		size_t m = al->key ? strlen(al->key) : 0;

		if (al->canonical && a->v[al->actor].discovered && m > n &&
		    al->key[m - n - 1] == ' ' && !strcmp(al->key + m - n, key))
			return al->actor;
	}
	return NONE;
}

/* A discovered actor: added, or NONE past the cap.  One person written
 * with and without a first name ("President Pirc Musar", "President
 * Nataša Pirc Musar") is one actor, under the name met first. */
static uint32_t
add_name(struct actors *a, const char *name, size_t nlen, const char *role,
	 size_t rlen)
{
	struct buf key = BUF_INIT;
	uint32_t id;

	if (a->ndiscovered >= MAX_DISCOVERED)
		return NONE;
	make_key(&a->key, name, nlen, &key);
	id = same_person(a, key.data);
	buf_free(&key);
	if (id != NONE) {
		alias_add(a, id, name, nlen, false);
		return id;
	}
	id = actor_add(a, name, nlen, ACTOR_PERSON, "", 0, role, rlen);
	a->v[id].discovered = true;
	a->ndiscovered++;
	return id;
}

/* A view's note of a name it would have resolved or added. */
static void
found_name(struct actors_found *f, const char *key, const char *name,
	   size_t nlen, const char *role, size_t rlen)
{
	struct actors_name *x;

	f->names = xreallocarray(f->names, f->nnames + 1, sizeof *f->names);
	x = &f->names[f->nnames++];
	x->key = xstrdup(key);
	x->name = xstrndup(name, nlen);
	x->role = xstrndup(role, rlen);
}

/* The discovered actor for words first..first+n-1 after the title words
 * from title on: known already, or added now; NONE past the cap. */
static uint32_t
discovered(struct actors *a, const char *text, size_t title, size_t first,
	   size_t n)
{
	const struct toks *t = &a->text;
	size_t s = t->v[first].start, e = t->v[first + n - 1].end;
	size_t ts = t->v[title].start, te = t->v[first - 1].end;

	/* "Finance Minister": the portfolio before the title is its */
	if (title > 0 && t->v[title].gap == GAP_SPACE &&
	    word_in(t, title - 1, IN_PORTFOLIO))
		ts = t->v[title - 1].start;
	struct buf key = BUF_INIT;
	uint32_t al;
	size_t w;

	if (e - s > MAX_NAME_BYTES || te - ts > MAX_NAME_BYTES)
		return NONE;
	for (w = first; w < first + n; w++) {
		if (w > first)
			buf_addc(&key, ' ');
		buf_add(&key, tok_word(t, w), t->v[w].flen);
	}
	al = alias_find(a, key.data, false);
	if (al != NONE) {
		buf_free(&key);
		return a->al[al].actor;
	}
	if (a->record) {
		found_name(a->record, key.data, text + s, e - s, text + ts,
			   te - ts);
		buf_free(&key);
		return NONE;
	}
	buf_free(&key);
	return add_name(a, text + s, e - s, text + ts, te - ts);
}

/* "Colonel-General Mikhail Teplinsky": title words, then a name that the
 * dictionary does not know; it joins the dictionary as discovered. */
static void
discover(struct actors *a, const char *text, struct idset *ids)
{
	struct toks *t = &a->text;
	size_t i, j, k, n, w;
	uint32_t id;

	for (i = 0; i + 1 < t->n; i++) {
		/* Cheap test first: a title is followed by a capital. */
		if (!t->v[i + 1].caps || t->v[i + 1].gap != GAP_SPACE ||
		    !word_in(t, i, IN_TITLE))
			continue;
		for (j = i + 1; j < t->n && t->v[j].gap == GAP_SPACE &&
		    word_in(t, j, IN_TITLE); j++)
			;
		if (j >= t->n || !(n = name_run(a, text, j))) {
			i = j - 1;
			continue;
		}
		/* "prime minister Janez Janša": the title words before
		 * the one the name follows are the role's too */
		for (k = i; k > 0 && i - k < 3 && t->v[k].gap == GAP_SPACE &&
		     word_in(t, k - 1, IN_TITLE);
		     k--)
			;
		if ((id = discovered(a, text, k, j, n)) != NONE)
			idset_add(ids, id);
		for (w = j; w < j + n; w++)
			t->v[w].covered = true;
		i = j + n - 1;
	}
}

static int
cmp_id(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;

	return (a > b) - (a < b);
}

/* Every two words in a row of the text just matched that an alias could
 * span, into f. */
static void
note_pairs(const struct actors *a, struct actors_found *f)
{
	const struct toks *t = &a->text;
	uint32_t prev = 0;

	if (t->n > f->pairs_cap) {
		f->pairs_cap = t->n;
		free(f->pairs);
		f->pairs = xreallocarray(NULL, t->n, sizeof *f->pairs);
	}
	f->npairs = 0;
	for (size_t i = 0; i < t->n; i++) {
		uint32_t h = t->v[i].hash;

		if (i && t->v[i].gap != GAP_BREAK)
			f->pairs[f->npairs++] = hash_pair(prev, h);
		prev = h;
	}
}

/* The smallest max ids of the set, sorted, into out; the set is freed. */
static size_t
idset_out(struct idset *ids, uint32_t *out, size_t max)
{
	size_t n;

	if (ids->n > 1)
		qsort(ids->v, ids->n, sizeof(*ids->v), cmp_id);
	n = ids->n < max ? ids->n : max;
	if (n)
		memcpy(out, ids->v, n * sizeof(*out));
	free(ids->v);
	return n;
}

/* A common word that starts a phrase of its own ("Trump card" at the
 * start of a sentence, "TRUMP CARDS" in a headline).  Folded. */
static const struct {
	const char *word, *next;
} phrases[] = {
	{ "trump", "card" }, { "trump", "cards" }, { "trump", "carded" },
};

/* Is the match of alias al at word i no name after all: one of the
 * phrases above, or the user part of an e-mail address
 * ("putin@example.org")? */
static bool
false_friend(const struct actors *a, const char *text, size_t len,
	     const struct alias *al, size_t i)
{
	const struct toks *t = &a->text;
	size_t last = i + al->ntok - 1, end = t->v[last].end;

	if (end < len && text[end] == '@')
		return true;
	if (al->ntok != 1 || last + 1 >= t->n || t->v[last + 1].gap != GAP_SPACE)
		return false;
	for (size_t k = 0; k < ARRAY_SIZE(phrases); k++)
		if (!strcmp(al->key, phrases[k].word) &&
		    t->v[last + 1].flen == strlen(phrases[k].next) &&
		    !memcmp(tok_word(t, last + 1), phrases[k].next,
			    t->v[last + 1].flen))
			return true;
	return false;
}

size_t
actors_match(struct actors *a, const char *text, size_t len,
	     uint32_t *out, size_t max, bool discover_names)
{
	struct idset ids = { 0 };
	size_t i, n;

	pthread_once(&list_once, list_build);
	tokenize(&a->text, text, len);
	if (a->record)
		note_pairs(a, a->record);
	for (i = 0; a->nbucket && i < a->text.n; i++) {
		uint32_t al = match_at(a, i);
		if (al == NONE || false_friend(a, text, len, &a->al[al], i))
			continue;
		idset_add(&ids, a->al[al].actor);
		for (n = 0; n < a->al[al].ntok; n++)
			a->text.v[i + n].covered = true;
		i += a->al[al].ntok - 1;
	}
	if (discover_names)
		discover(a, text, &ids);
	return idset_out(&ids, out, max);
}

/* ---- matching in other threads ---- */

void
actors_freeze(struct actors *a)
{
	a->frozen = true;
	a->late_single = false;
	if (a->late)
		memset(a->late, 0, a->late_cap * sizeof *a->late);
	a->nlate = 0;
}

void
actors_thaw(struct actors *a)
{
	a->frozen = false;
}

struct actors *
actors_view_new(const struct actors *a)
{
	struct actors *v = xcalloc(1, sizeof *v);

	/* the alias keys are shared: a frees none while frozen (only a
	 * dictionary's entry replacing another does, aliases_kill) */
	v->nal = v->alcap = a->nal;
	v->al = xreallocarray(NULL, a->nal ? a->nal : 1, sizeof *v->al);
	if (a->nal)
		memcpy(v->al, a->al, a->nal * sizeof *v->al);
	v->nbucket = a->nbucket;
	v->bucket = xreallocarray(NULL, a->nbucket ? a->nbucket : 1,
				  sizeof *v->bucket);
	if (a->nbucket)
		memcpy(v->bucket, a->bucket, a->nbucket * sizeof *v->bucket);
	v->ndiscovered = a->ndiscovered;
	return v;
}

void
actors_view_free(struct actors *v)
{
	if (!v)
		return;
	free(v->al);
	free(v->bucket);
	free(v->text.v);
	buf_free(&v->text.fold);
	free(v->key.v);
	buf_free(&v->key.fold);
	free(v);
}

void
actors_view_match(struct actors *v, const char *text, size_t len,
		  struct actors_found *f)
{
	uint32_t out[ACTORS_FOUND_MAX];

	v->record = f;
	f->nids = actors_match(v, text, len, out, ACTORS_FOUND_MAX, true);
	v->record = NULL;
	if (f->nids > f->ids_cap || !f->ids) {
		f->ids_cap = f->nids > 8 ? f->nids : 8;
		free(f->ids);
		f->ids = xreallocarray(NULL, f->ids_cap, sizeof *f->ids);
	}
	memcpy(f->ids, out, f->nids * sizeof *out);
}

bool
actors_found_stale(const struct actors *a, const struct actors_found *f)
{
	if (a->late_single)
		return true;
	if (!a->nlate)
		return false;
	for (size_t i = 0; i < f->npairs; i++)
		if (late_has(a, f->pairs[i]))
			return true;
	return false;
}

size_t
actors_found_finish(struct actors *a, const struct actors_found *f,
		    uint32_t *out, size_t max)
{
	struct idset ids = { 0 };

	for (size_t i = 0; i < f->nids; i++)
		idset_add(&ids, f->ids[i]);
	for (size_t i = 0; i < f->nnames; i++) {
		const struct actors_name *x = &f->names[i];
		uint32_t al = alias_find(a, x->key, false), id;

		id = al != NONE ? a->al[al].actor :
			add_name(a, x->name, strlen(x->name), x->role,
				 strlen(x->role));
		if (id != NONE)
			idset_add(&ids, id);
	}
	return idset_out(&ids, out, max);
}

void
actors_found_clear(struct actors_found *f)
{
	for (size_t i = 0; i < f->nnames; i++) {
		free(f->names[i].key);
		free(f->names[i].name);
		free(f->names[i].role);
	}
	free(f->names);
	f->names = NULL;
	f->nnames = f->nids = f->npairs = 0;
}

void
actors_found_free(struct actors_found *f)
{
	actors_found_clear(f);
	free(f->ids);
	free(f->pairs);
	memset(f, 0, sizeof *f);
}
