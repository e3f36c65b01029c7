/* STUB: replaced by the archive module. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dateline/archive.h"
#include "dateline/util.h"
struct archive *archive_open(const char *path, char *err, size_t errlen) { snprintf(err, errlen, "%s: the archive is not implemented yet", path); return NULL; }
void archive_close(struct archive *a) {}
char *archive_default_path(void) { return xstrdup("archive.db"); }
bool archive_empty(struct archive *a) { return true; }
int archive_load(struct archive *a, struct timeline *tl, char *err, size_t errlen) { return 0; }
int archive_feed_state(struct archive *a, const char *source, struct feed_state *st) { memset(st, 0, sizeof *st); return 0; }
void feed_state_free(struct feed_state *st) {}
int archive_store(struct archive *a, const char *source, const struct feed_state *st, const struct story *stories, size_t n, size_t *added, char *err, size_t errlen) { *added = 0; return 0; }
int archive_store_state(struct archive *a, const char *source, const struct feed_state *st, char *err, size_t errlen) { return 0; }
int archive_prune(struct archive *a, int64_t before, size_t *removed, char *err, size_t errlen) { *removed = 0; return 0; }
int archive_vacuum(struct archive *a, char *err, size_t errlen) { return 0; }
