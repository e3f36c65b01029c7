/* Fuzz target for the text cleaner: whatever the bytes, text_clean() and
 * text_from_html() give valid UTF-8 without controls, bidi or zero-width
 * characters, within their cap; folding and widths never crash. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dateline/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(char *r, size_t cap, bool newline)
{
	size_t len = strlen(r);

	if (len > cap || !text_is_safe(r, len, newline))
		abort();
	/* Nothing to trim, and no blank line beyond one. */
	if (len && (r[0] == ' ' || r[0] == '\n' || r[len - 1] == ' ' ||
		    r[len - 1] == '\n'))
		abort();
	if (strstr(r, "\n\n\n") || strstr(r, "  "))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	/* A small cap from the first byte exercises the cut at a boundary. */
	size_t cap = size ? data[0] % 64 : 0;
	char *r, *f;
	int w;

	r = text_clean(s, size, TEXT_BODY_CAP);
	check(r, TEXT_BODY_CAP, false);
	/* Clean text is its own cleaning. */
	f = text_clean(r, strlen(r), TEXT_BODY_CAP);
	if (strcmp(f, r) != 0)
		abort();
	free(f);
	f = text_fold(r, strlen(r));
	free(f);
	/* All of it fits in its own width. */
	w = text_width(r, strlen(r));
	if (text_fit(r, strlen(r), w, NULL) != strlen(r))
		abort();
	free(r);
	r = text_clean(s, size, cap);
	check(r, cap, false);
	free(r);
	r = text_from_html(s, size, TEXT_BODY_CAP);
	check(r, TEXT_BODY_CAP, true);
	if (text_fit(r, strlen(r), 20, &w) > strlen(r) || w > 20 ||
	    text_width(r, strlen(r)) < 0)
		abort();
	free(r);
	r = text_from_html(s, size, cap);
	check(r, cap, true);
	free(r);
	f = text_fold(s, size);
	free(f);
	(void)text_width(s, size);
	return 0;
}
