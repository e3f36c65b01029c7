/* STUB: replaced by the feeds module. */
#include <stdio.h>
#include "dateline/feeds.h"
#include "dateline/util.h"
char *feeds_default_path(void) { return xstrdup("feeds"); }
int feeds_load(const char *path, struct feed_list *out, char *err, size_t errlen) { out->v = NULL; out->n = 0; return 1; }
void feeds_free(struct feed_list *l) {}
int feeds_import_opml(const char *opml, const char *feeds_path, size_t *added, char *err, size_t errlen) { snprintf(err, errlen, "import-opml is not implemented yet"); return -1; }
