/* A story's facts to bytes and back: little-endian integers, lengths
 * before arrays, a version byte first.  The content words that merging
 * compares are not kept: they are made again, when a new story is to be
 * compared (cluster_restore), nor the other dates the text names (an
 * older encoding held them: they are skipped).  Decoding checks every length
 * against what is left: the archive file is not trusted either. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dateline/actors.h"
#include "dateline/facts.h"
#include "dateline/timeline.h"
#include "dateline/util.h"

#define BLOB_VERSION 1
#define DISCOVERED_MARK UINT32_MAX	/* then name and role */
#define DATE_BYTES 27		/* one temporal_date encoded */
#define MAX_FACT_ACTORS 64

uint64_t
facts_key(const char *const *dicts, const size_t *lens, size_t n)
{
	uint64_t h = HASH64_INIT;
	char v[16];
	int len = snprintf(v, sizeof v, "facts %d", FACTS_VERSION);

	h = hash64(h, v, (size_t)len);
	for (size_t i = 0; i < n; i++) {
		h = hash64(h, (const char *)&lens[i], sizeof lens[i]);
		h = hash64(h, dicts[i], lens[i]);
	}
	return h;
}

/* ---- writing ---- */

static void
put_u8(struct buf *b, unsigned v)
{
	buf_addc(b, (char)(v & 0xff));
}

static void
put_u16(struct buf *b, unsigned v)
{
	put_u8(b, v);
	put_u8(b, v >> 8);
}

static void
put_u32(struct buf *b, uint32_t v)
{
	put_u16(b, v & 0xffff);
	put_u16(b, v >> 16);
}

static void
put_u64(struct buf *b, uint64_t v)
{
	put_u32(b, (uint32_t)v);
	put_u32(b, (uint32_t)(v >> 32));
}

static void
put_str(struct buf *b, const char *s)
{
	size_t n = strnlen(s, 0xffff);

	put_u16(b, (unsigned)n);
	buf_add(b, s, n);
}

void
facts_prefix(uint64_t key, unsigned char out[FACTS_PREFIX])
{
	struct buf b = BUF_INIT;

	put_u8(&b, BLOB_VERSION);
	put_u64(&b, key);
	memcpy(out, b.data, FACTS_PREFIX);
	buf_free(&b);
}

void
facts_encode(const struct story_facts *f, const struct actors *a,
	     uint64_t key, struct buf *out)
{
	size_t nactors = f->nactors < MAX_FACT_ACTORS ? f->nactors :
		MAX_FACT_ACTORS;

	put_u8(out, BLOB_VERSION);
	put_u64(out, key);
	put_u64(out, f->group);
	put_u64(out, (uint64_t)f->start);
	put_u64(out, (uint64_t)facts_end(f));
	put_u8(out, f->precision);
	put_u8(out, f->flags);
	put_u16(out, (unsigned)nactors);
	for (size_t i = 0; i < nactors; i++) {
		const struct actor *ac = a ? actors_get(a, f->actors[i]) : NULL;

		if (ac && ac->discovered) {
			put_u32(out, DISCOVERED_MARK);
			put_str(out, ac->name);
			put_str(out, ac->role);
		} else {
			put_u32(out, f->actors[i]);
		}
	}
	/* The other dates the text names: none now; they are read again
	 * from the text when shown (an older encoding's are skipped). */
	put_u8(out, 0);
	put_u64(out, f->thash);
}

/* ---- reading ---- */

struct reader {
	const unsigned char *p;
	size_t left;
	bool bad;
};

static uint64_t
get(struct reader *r, size_t bytes)
{
	uint64_t v = 0;

	if (r->bad || r->left < bytes) {
		r->bad = true;
		return 0;
	}
	for (size_t i = 0; i < bytes; i++)
		v |= (uint64_t)r->p[i] << (8 * i);
	r->p += bytes;
	r->left -= bytes;
	return v;
}

static void
skip(struct reader *r, size_t bytes)
{
	if (r->bad || r->left < bytes) {
		r->bad = true;
		return;
	}
	r->p += bytes;
	r->left -= bytes;
}

/* A string of the input (not terminated): its length in *n. */
static const char *
get_str(struct reader *r, size_t *n)
{
	const char *s;

	*n = (size_t)get(r, 2);
	if (r->bad || r->left < *n) {
		r->bad = true;
		return NULL;
	}
	s = (const char *)r->p;
	r->p += *n;
	r->left -= *n;
	return s;
}

static uint32_t
get_actor(struct reader *r, struct actors *a)
{
	uint32_t id = (uint32_t)get(r, 4);
	const char *name, *role;
	size_t nlen, rlen;
	char *n, *ro;

	if (id != DISCOVERED_MARK)
		return a && id < actors_count(a) ? id : ACTOR_NONE;
	name = get_str(r, &nlen);
	role = get_str(r, &rlen);
	if (r->bad || !a)
		return ACTOR_NONE;
	n = xstrndup(name, nlen);
	ro = xstrndup(role, rlen);
	id = actors_add_discovered(a, n, ro);
	free(n);
	free(ro);
	return id;
}

static int
cmp_u32(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;

	return (a > b) - (a < b);
}

uint64_t
facts_group(const void *p, size_t n)
{
	struct reader r = { p, n, false };
	uint64_t group;

	if (get(&r, 1) != BLOB_VERSION)
		return 0;
	get(&r, 8);
	group = get(&r, 8);
	return r.bad ? 0 : group;
}

bool
facts_decode(const void *p, size_t n, uint64_t key, struct actors *a,
	     struct story_facts *out)
{
	struct reader r = { p, n, false };
	struct story_facts f = { 0 };
	uint32_t ids[MAX_FACT_ACTORS];
	size_t nactors, ndates, nids = 0;

	if (get(&r, 1) != BLOB_VERSION || get(&r, 8) != key || r.bad)
		return false;
	f.group = get(&r, 8);
	f.start = (int64_t)get(&r, 8);
	facts_set_end(&f, (int64_t)get(&r, 8));
	f.precision = (uint8_t)get(&r, 1);
	f.flags = (uint8_t)get(&r, 1);
	nactors = (size_t)get(&r, 2);
	if (nactors > MAX_FACT_ACTORS || f.precision > PREC_RANGE)
		return false;
	for (size_t i = 0; i < nactors && !r.bad; i++) {
		uint32_t id = get_actor(&r, a);

		if (id != ACTOR_NONE)
			ids[nids++] = id;
	}
	ndates = (size_t)get(&r, 1);
	if (r.bad || ndates > TEMPORAL_MAX_DATES)
		return false;
	skip(&r, ndates * DATE_BYTES);
	f.thash = get(&r, 8);
	if (r.bad || r.left)
		return false;
	/* ids from names may come in another order, or twice */
	qsort(ids, nids, sizeof *ids, cmp_u32);
	for (size_t i = 0; i < nids; i++)
		if (!f.nactors || f.actors[f.nactors - 1] != ids[i]) {
			if (!f.actors)
				f.actors = xreallocarray(NULL, nids,
							 sizeof *f.actors);
			f.actors[f.nactors++] = ids[i];
		}
	f.event = EVENT_NONE;
	*out = f;
	return true;
}
