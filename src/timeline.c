/* STUB: replaced by the timeline module. */
#include <stdlib.h>
#include <string.h>
#include "dateline/timeline.h"
#include "dateline/util.h"
struct timeline *timeline_new(struct actors *actors) { struct timeline *tl = xcalloc(1, sizeof *tl); tl->actors = actors; return tl; }
void timeline_free(struct timeline *tl) { free(tl); }
uint32_t timeline_feed(struct timeline *tl, const char *source) { return 0; }
uint32_t timeline_add(struct timeline *tl, struct story *s) { story_free(s); return 0; }
void timeline_finish(struct timeline *tl) {}
const char *timeline_feed_name(const struct timeline *tl, uint32_t feed) { return ""; }
const char *timeline_event_title(const struct timeline *tl, const struct event *ev) { return ""; }
const uint32_t *timeline_actor_events(const struct timeline *tl, uint32_t actor, size_t *n) { *n = 0; return NULL; }
void timeline_actor_counts(const struct timeline *tl, size_t *counts) {}
size_t timeline_seek(const struct timeline *tl, int64_t t) { return tl->nevents; }
