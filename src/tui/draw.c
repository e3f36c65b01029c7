/* Drawing text on the screen: colours of the parts, and the one way text
 * reaches ncurses — measured in columns, never a control character. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dateline/buf.h"
#include "dateline/text.h"
#include "dateline/util.h"
#include "tui_int.h"

struct part_style {
	const char *name;	/* for `color NAME FG BG` */
	short fg, bg;
	attr_t colour_attr;	/* added when in colour */
	attr_t mono_attr;	/* alone without colour (NO_COLOR) */
};

static struct part_style parts[PART_COUNT_] = {
	[PART_NORMAL] = { "normal", -1, -1, 0, 0 },
	[PART_HEADER] = { "header", COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE },
	[PART_HEADING] = { "heading", COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	[PART_CURSOR] = { "cursor", COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE },
	[PART_RANGE] = { "range", COLOR_WHITE, COLOR_MAGENTA, 0, A_UNDERLINE },
	[PART_MATCH] = { "match", COLOR_BLACK, COLOR_YELLOW, 0,
		A_BOLD | A_UNDERLINE },
	[PART_STRIP] = { "strip", COLOR_GREEN, -1, 0, 0 },
	[PART_STRIP_VIEW] = { "strip-view", COLOR_BLACK, COLOR_GREEN, 0,
		A_REVERSE },
	[PART_STRIP_RANGE] = { "strip-range", COLOR_WHITE, COLOR_MAGENTA, 0,
		A_UNDERLINE | A_REVERSE },
	[PART_ERROR] = { "error", COLOR_RED, -1, A_BOLD, A_BOLD },
	[PART_MARK] = { "mark", COLOR_CYAN, -1, 0, 0 },
	[PART_DIM] = { "dim", COLOR_BLUE, -1, A_BOLD, A_DIM },
	[PART_TITLE] = { "title", -1, -1, A_BOLD, A_BOLD },
};

static bool use_colour;

static const struct {
	const char *name;
	short colour;
} colour_names[] = {
	{ "black", COLOR_BLACK }, { "blue", COLOR_BLUE },
	{ "cyan", COLOR_CYAN }, { "default", -1 },
	{ "green", COLOR_GREEN }, { "magenta", COLOR_MAGENTA },
	{ "red", COLOR_RED }, { "white", COLOR_WHITE },
	{ "yellow", COLOR_YELLOW },
};

void
draw_colours_init(bool colour)
{
	use_colour = colour;
	if (!use_colour)
		return;
	use_default_colors();
	for (int p = 1; p < PART_COUNT_; p++)
		init_pair((short)p, parts[p].fg, parts[p].bg);
}

attr_t
draw_attr(enum part p)
{
	if (!use_colour)
		return parts[p].mono_attr;
	if (p == PART_NORMAL)
		return A_NORMAL;
	return (attr_t)COLOR_PAIR(p) | parts[p].colour_attr;
}

int
draw_part_by_name(const char *name)
{
	for (int p = 0; p < PART_COUNT_; p++)
		if (strcmp(parts[p].name, name) == 0)
			return p;
	return -1;
}

static int
colour_parse(const char *s)
{
	for (size_t i = 0; i < ARRAY_SIZE(colour_names); i++)
		if (strcmp(colour_names[i].name, s) == 0)
			return colour_names[i].colour;
	return -2;
}

int
draw_set_colour(enum part p, const char *fg, const char *bg, char *err,
		size_t errlen)
{
	int f = colour_parse(fg), b = colour_parse(bg);

	if (f == -2 || b == -2) {
		snprintf(err, errlen, "unknown colour '%s'", f == -2 ? fg : bg);
		return -1;
	}
	parts[p].fg = (short)f;
	parts[p].bg = (short)b;
	return 0;
}

/* Characters that must never reach the terminal, even from clean text. */
static bool
is_control(int cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) ||
		(cp >= 0x200b && cp <= 0x200f) ||
		(cp >= 0x202a && cp <= 0x202e) ||
		(cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff;
}

/* Draw one character of s (or its replacement); returns its columns, or
 * -1 when it does not fit in room. */
static int
put_char(const char *s, size_t len, size_t *used, int room)
{
	int cp, w;
	size_t n = text_decode(s, len, &cp);

	*used = n;
	if (cp == '\t' || cp == '\n') {
		if (room < 1)
			return -1;
		addch(' ');
		return 1;
	}
	if (is_control(cp))
		return 0;
	if (cp == 0xfffd && n == 1) {
		s = "\xef\xbf\xbd";
		n = 3;
	}
	w = text_width(s, n);
	if (w < 0)
		return 0;
	if (w > room)
		return -1;
	addnstr(s, (int)n);
	return w;
}

int
draw_text(int y, int x, const char *s, size_t len, int cols, attr_t attr)
{
	int used = 0;
	size_t i = 0;

	if (cols <= 0 || y < 0 || y >= LINES || x >= COLS)
		return 0;
	if (x + cols > COLS)
		cols = COLS - x;
	attrset(attr);
	move(y, x);
	while (i < len && s[i]) {
		size_t n;
		int w = put_char(s + i, len - i, &n, cols - used);

		if (w < 0)
			break;
		used += w;
		i += n;
	}
	/* Where ncurses measured a character differently, put it back. */
	move(y, x + used);
	attrset(A_NORMAL);
	return used;
}

int
draw_str(int y, int x, const char *s, int cols, attr_t attr)
{
	return draw_text(y, x, s, strlen(s), cols, attr);
}

void
draw_fill(int y, int x, int cols, attr_t attr)
{
	if (y < 0 || y >= LINES || x >= COLS || cols <= 0)
		return;
	if (x + cols > COLS)
		cols = COLS - x;
	attrset(attr);
	mvhline(y, x, ' ', cols);
	attrset(A_NORMAL);
}

/* Which characters of s take part in a match of the folded needle: each
 * character is folded alone, and the folded text remembers its origin. */
static unsigned char *
match_marks(const char *s, size_t len, const char *needle)
{
	struct buf folded = BUF_INIT;
	size_t *origin = NULL, cap = 0, nl = strlen(needle);
	unsigned char *marks = xcalloc(len + 1, 1);
	const char *p;

	for (size_t i = 0; i < len;) {
		int cp;
		size_t n = text_decode(s + i, len - i, &cp);
		char *f = text_fold(s + i, n);
		size_t fl = strlen(f);

		if (folded.len + fl >= cap) {
			cap = (folded.len + fl + 1) * 2;
			origin = xreallocarray(origin, cap, sizeof *origin);
		}
		for (size_t k = 0; k < fl; k++)
			origin[folded.len + k] = i;
		buf_add(&folded, f, fl);
		free(f);
		i += n;
	}
	for (p = folded.data; p && nl && (p = strstr(p, needle)); p++) {
		size_t at = (size_t)(p - folded.data);
		size_t from = origin[at], to = origin[at + nl - 1];

		memset(marks + from, 1, to - from + 1);
	}
	free(origin);
	buf_free(&folded);
	return marks;
}

int
draw_matched(int y, int x, const char *s, int cols, attr_t attr,
	     const char *needle)
{
	size_t len = strlen(s), i = 0;
	unsigned char *marks;
	int used = 0;

	if (!needle || !*needle)
		return draw_text(y, x, s, len, cols, attr);
	if (cols <= 0 || y < 0 || y >= LINES || x >= COLS)
		return 0;
	if (x + cols > COLS)
		cols = COLS - x;
	marks = match_marks(s, len, needle);
	move(y, x);
	while (i < len) {
		size_t n;
		int w;

		attrset(marks[i] ? draw_attr(PART_MATCH) : attr);
		w = put_char(s + i, len - i, &n, cols - used);
		if (w < 0)
			break;
		used += w;
		i += n;
	}
	free(marks);
	move(y, x + used);
	attrset(A_NORMAL);
	return used;
}

/* Broken-down time that is always filled: a time the C library cannot
 * represent shows as the epoch rather than as garbage. */
void
tui_tm(time_t t, bool local, struct tm *out)
{
	if (!(local ? localtime_r(&t, out) : gmtime_r(&t, out))) {
		time_t zero = 0;

		gmtime_r(&zero, out);
	}
}
