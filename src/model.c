/* Stories: freeing, and the fallbacks for what a feed left out. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dateline/model.h"
#include "dateline/slab.h"
#include "dateline/util.h"

/* The strings of s in story_pack's order. */
static void
fields(struct story *s, char **f[STORY_STRINGS])
{
	f[0] = &s->id;
	f[1] = &s->link;
	f[2] = &s->title;
	f[3] = &s->summary;
	f[4] = &s->content;
	f[5] = &s->authors;
	f[6] = &s->categories;
}

void
story_pack(struct story *s, const char *const v[STORY_STRINGS],
	   const size_t len[STORY_STRINGS])
{
	char **f[STORY_STRINGS];
	size_t total = 0;
	char *p;

	for (int i = 0; i < STORY_STRINGS; i++)
		total += (v[i] ? len[i] : 0) + 1;
	p = slab_alloc(total);
	s->slab = p != NULL;
	if (!p)
		p = xmalloc(total);
	fields(s, f);
	for (int i = 0; i < STORY_STRINGS; i++) {
		size_t n = v[i] ? len[i] : 0;

		if (n)
			memcpy(p, v[i], n);
		p[n] = '\0';
		*f[i] = p;
		p += n + 1;
	}
	s->packed = true;
}

static void
block_free(struct story *s)
{
	if (s->slab)
		slab_free(s->id);
	else
		free(s->id);
	s->packed = s->slab = false;
}

/* Each string its own allocation again, so that one can be replaced. */
static void
unpack(struct story *s)
{
	char **f[STORY_STRINGS];
	struct story block = *s;

	fields(s, f);
	for (int i = 0; i < STORY_STRINGS; i++)
		*f[i] = xstrdup(*f[i]);
	block_free(&block);
	s->packed = s->slab = false;
}

/* s with its summary and content of slen and clen bytes, in one block. */
static void
repack(struct story *s, const char *summary, size_t slen,
       const char *content, size_t clen)
{
	struct story t = { 0 };
	const char *v[STORY_STRINGS] = {
		s->id, s->link, s->title, summary, content, s->authors,
		s->categories,
	};
	size_t len[STORY_STRINGS];

	for (int i = 0; i < STORY_STRINGS; i++)
		len[i] = v[i] ? strlen(v[i]) : 0;
	len[3] = slen;
	len[4] = clen;
	story_pack(&t, v, len);
	t.feed = s->feed;
	t.published = s->published;
	story_free(s);
	*s = t;
}

void
story_set_text(struct story *s, const char *summary, size_t slen,
	       const char *content, size_t clen)
{
	repack(s, summary, slen, content, clen);
}

void
story_compact(struct story *s)
{
	if (s->packed)
		return;
	repack(s, s->summary, s->summary ? strlen(s->summary) : 0,
	       s->content, s->content ? strlen(s->content) : 0);
}

void
story_free(struct story *s)
{
	if (s->packed) {
		block_free(s);
		s->id = s->link = s->title = s->summary = s->content = NULL;
		s->authors = s->categories = NULL;
		return;
	}
	free(s->id);
	free(s->link);
	free(s->title);
	free(s->summary);
	free(s->content);
	free(s->authors);
	free(s->categories);
	s->id = s->link = s->title = s->summary = s->content = NULL;
	s->authors = s->categories = NULL;
}

static void
fill(char **field)
{
	if (!*field)
		*field = xstrdup("");
}

void
story_normalise(struct story *s)
{
	fill(&s->link);
	fill(&s->title);
	fill(&s->summary);
	fill(&s->content);
	fill(&s->authors);
	fill(&s->categories);
	if (s->id && *s->id)
		return;
	if (s->packed)
		unpack(s);
	free(s->id);
	if (*s->link) {
		s->id = xstrdup(s->link);
	} else {
		char date[32], id[40];
		uint64_t h = HASH64_INIT;

		date_format_utc(s->published.known ? s->published.utc : 0, date);
		h = hash64(h, s->title, strlen(s->title));
		h = hash64(h, date, strlen(date));
		snprintf(id, sizeof id, "hash:%016llx", (unsigned long long)h);
		s->id = xstrdup(id);
	}
}
