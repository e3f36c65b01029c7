/* STUB: replaced by the text module. */
#include <string.h>
#include "dateline/text.h"
#include "dateline/util.h"
char *text_clean(const char *s, size_t len, size_t cap) { return xstrndup(s, len < cap ? len : cap); }
char *text_from_html(const char *s, size_t len, size_t cap) { return xstrndup(s, len < cap ? len : cap); }
size_t text_entity(const char *name, size_t len, char *out) { return 0; }
bool text_is_safe(const char *s, size_t len, bool allow_newline) { return false; }
char *text_fold(const char *s, size_t len) { return xstrndup(s, len); }
int text_width(const char *s, size_t len) { return (int)len; }
size_t text_fit(const char *s, size_t len, int cols, int *width) { size_t n = len < (size_t)cols ? len : (size_t)cols; if (width) *width = (int)n; return n; }
size_t text_decode(const char *s, size_t len, int *cp) { *cp = (unsigned char)*s; return 1; }
