/* STUB: replaced by the fetch module. */
#include <stdlib.h>
#include <string.h>
#include "dateline/fetch.h"
#include "dateline/util.h"
struct fetcher { int unused; };
void fetch_opts_default(struct fetch_opts *o) { o->timeout = 60; o->max_bytes = 16u << 20; o->per_host = 2; o->total = 16; o->jitter = true; }
struct fetcher *fetch_new(const struct fetch_opts *o) { return xcalloc(1, sizeof(struct fetcher)); }
void fetch_free(struct fetcher *f) { free(f); }
void fetch_add(struct fetcher *f, const char *source, const char *etag, const char *last_modified, void *ud) {}
int fetch_run(struct fetcher *f, int extra_fd, int timeout_ms, fetch_done_fn done, void *ud) { return 0; }
void fetch_progress(const struct fetcher *f, size_t *done, size_t *total) { *done = *total = 0; }
bool fetch_is_remote(const char *source) { return strncmp(source, "http://", 7) == 0 || strncmp(source, "https://", 8) == 0; }
