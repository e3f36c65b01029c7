/* STUB: replaced by the feed module. */
#include <stdio.h>
#include <string.h>
#include "dateline/feed.h"
#include "dateline/util.h"
int feed_parse(const char *data, size_t len, const char *base_url, const char *http_charset, feed_story_fn fn, void *ud, struct feed_result *res)
{ memset(res, 0, sizeof *res); snprintf(res->error, sizeof res->error, "feed parsing is not implemented yet"); return -1; }
struct feed_parser *feed_parser_new(const char *base_url, const char *http_charset, feed_story_fn fn, void *ud) { return NULL; }
int feed_parser_push(struct feed_parser *p, const char *data, size_t len) { return -1; }
int feed_parser_finish(struct feed_parser *p, struct feed_result *res) { memset(res, 0, sizeof *res); return -1; }
void feed_result_free(struct feed_result *res) {}
int feed_opml(const char *data, size_t len, feed_opml_fn fn, void *ud, char *err, size_t errlen) { snprintf(err, errlen, "OPML is not implemented yet"); return -1; }
void feed_init(void) {}
