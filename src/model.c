/* Stories: freeing, and the fallbacks for what a feed left out. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dateline/model.h"
#include "dateline/util.h"

void
story_free(struct story *s)
{
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
