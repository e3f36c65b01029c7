/* Commands as data: one table of key bindings drives dispatch, the help
 * screen and the configuration's `bind` lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dateline/util.h"
#include "tui_int.h"

#define CTRL(c) ((c) & 0x1f)

const struct command_info command_info[CMD_COUNT_] = {
	[CMD_NONE] = { "none", "nothing" },
	[CMD_DOWN] = { "down", "next event (a count moves that many)" },
	[CMD_UP] = { "up", "previous event" },
	[CMD_PAGE_DOWN] = { "page-down", "a screen down" },
	[CMD_PAGE_UP] = { "page-up", "a screen up" },
	[CMD_FIRST] = { "first", "first event (with a count: that event)" },
	[CMD_LAST] = { "last", "last event (with a count: that event)" },
	[CMD_PREV_DAY] = { "prev-day", "previous day" },
	[CMD_NEXT_DAY] = { "next-day", "next day" },
	[CMD_SEARCH] = { "search", "search as you type" },
	[CMD_SEARCH_NEXT] = { "search-next", "next match" },
	[CMD_SEARCH_PREV] = { "search-prev", "previous match" },
	[CMD_ACTORS] = { "actors", "actor list: type to narrow, Tab marks, "
		"Enter filters" },
	[CMD_FILTER] = { "filter", "filter in the query language" },
	[CMD_CLEAR] = { "clear-filter", "clear the filter" },
	[CMD_MARK] = { "mark-range", "start (or drop) a range at the cursor" },
	[CMD_EXPORT] = { "export", "export the range, or the filtered events "
		"(a .md name: markdown)" },
	[CMD_OPEN] = { "open-link", "open the link in $BROWSER" },
	[CMD_REFRESH] = { "refresh", "refresh the sources in the background" },
	[CMD_ERRORS] = { "errors", "the sources and their errors" },
	[CMD_DETAIL] = { "toggle-detail", "show or hide the detail pane" },
	[CMD_DETAIL_DOWN] = { "detail-down", "scroll the detail pane down" },
	[CMD_DETAIL_UP] = { "detail-up", "scroll the detail pane up" },
	[CMD_REDRAW] = { "redraw", "redraw the screen" },
	[CMD_HELP] = { "help", "this help" },
	[CMD_QUIT] = { "quit", "quit (in the help: close it)" },
	[CMD_ESCAPE] = { "close", "close the help, a picker or a prompt; "
		"drop the range" },
	[CMD_ENTER] = { "enter", "accept (in a picker or prompt)" },
	[CMD_TOGGLE] = { "toggle", "mark an actor in the picker" },
};

static const struct keybinding default_keys[] = {
	{ 'j', CMD_DOWN }, { KEY_DOWN, CMD_DOWN },
	{ 'k', CMD_UP }, { KEY_UP, CMD_UP },
	{ KEY_NPAGE, CMD_PAGE_DOWN }, { ' ', CMD_PAGE_DOWN },
	{ CTRL('f'), CMD_PAGE_DOWN },
	{ KEY_PPAGE, CMD_PAGE_UP }, { 'b', CMD_PAGE_UP },
	{ CTRL('b'), CMD_PAGE_UP },
	{ 'g', CMD_FIRST }, { KEY_HOME, CMD_FIRST },
	{ 'G', CMD_LAST }, { KEY_END, CMD_LAST },
	{ '[', CMD_PREV_DAY }, { ']', CMD_NEXT_DAY },
	{ '/', CMD_SEARCH }, { 'n', CMD_SEARCH_NEXT }, { 'N', CMD_SEARCH_PREV },
	{ 'a', CMD_ACTORS }, { 'f', CMD_FILTER }, { 'F', CMD_CLEAR },
	{ 'v', CMD_MARK }, { 'e', CMD_EXPORT }, { 'o', CMD_OPEN },
	{ 'r', CMD_REFRESH }, { 'E', CMD_ERRORS },
	{ 'd', CMD_DETAIL }, { 'J', CMD_DETAIL_DOWN }, { 'K', CMD_DETAIL_UP },
	{ CTRL('l'), CMD_REDRAW },
	{ '?', CMD_HELP }, { KEY_F(1), CMD_HELP },
	{ 'q', CMD_QUIT },
	{ 27, CMD_ESCAPE },
	{ '\n', CMD_ENTER }, { '\r', CMD_ENTER }, { KEY_ENTER, CMD_ENTER },
	{ '\t', CMD_TOGGLE },
};

static struct keybinding *keys;
static size_t nkeys;

/* Names of keys that are not themselves printable. */
static const struct {
	const char *name;
	int key;
} key_names[] = {
	{ "Backspace", KEY_BACKSPACE },
	{ "Delete", KEY_DC },
	{ "Down", KEY_DOWN },
	{ "End", KEY_END },
	{ "Enter", '\n' },
	{ "Esc", 27 },
	{ "F1", KEY_F(1) },
	{ "Home", KEY_HOME },
	{ "Left", KEY_LEFT },
	{ "PgDn", KEY_NPAGE },
	{ "PgUp", KEY_PPAGE },
	{ "Return", '\r' },
	{ "Right", KEY_RIGHT },
	{ "Space", ' ' },
	{ "Tab", '\t' },
	{ "Up", KEY_UP },
};

void
keys_init(void)
{
	nkeys = ARRAY_SIZE(default_keys);
	keys = xreallocarray(NULL, nkeys, sizeof *keys);
	memcpy(keys, default_keys, sizeof default_keys);
}

void
keys_free(void)
{
	free(keys);
	keys = NULL;
	nkeys = 0;
}

enum command
keys_command(int key)
{
	for (size_t i = 0; i < nkeys; i++)
		if (keys[i].key == key)
			return keys[i].cmd;
	return CMD_NONE;
}

const struct keybinding *
keys_table(size_t *n)
{
	*n = nkeys;
	return keys;
}

void
keys_name(int key, char *out, size_t len)
{
	for (size_t i = 0; i < ARRAY_SIZE(key_names); i++) {
		if (key_names[i].key == key) {
			snprintf(out, len, "%s", key_names[i].name);
			return;
		}
	}
	if (key >= 1 && key <= 26)
		snprintf(out, len, "C-%c", 'a' + key - 1);
	else if (key > ' ' && key < 127)
		snprintf(out, len, "%c", key);
	else if (key == KEY_RESIZE)
		snprintf(out, len, "Resize");
	else if (key == KEY_MOUSE)
		snprintf(out, len, "Mouse");
	else
		snprintf(out, len, "#%d", key);
}

/* "j", "C-u", "Down", "Space" to a key, or -1. */
static int
key_parse(const char *s)
{
	for (size_t i = 0; i < ARRAY_SIZE(key_names); i++)
		if (strcmp(key_names[i].name, s) == 0)
			return key_names[i].key;
	if (strlen(s) == 1 && s[0] > ' ' && s[0] < 127)
		return s[0];
	if (strlen(s) == 3 && s[0] == 'C' && s[1] == '-' &&
	    s[2] >= 'a' && s[2] <= 'z')
		return s[2] - 'a' + 1;
	return -1;
}

static int
command_parse(const char *s)
{
	for (int c = CMD_NONE + 1; c < CMD_COUNT_; c++)
		if (strcmp(command_info[c].name, s) == 0)
			return c;
	return -1;
}

int
keys_bind(const char *key, const char *cmd, char *err, size_t errlen)
{
	int k = key_parse(key), c = command_parse(cmd);

	if (k < 0) {
		snprintf(err, errlen, "unknown key '%s'", key);
		return -1;
	}
	if (c < 0) {
		snprintf(err, errlen, "unknown command '%s'", cmd);
		return -1;
	}
	for (size_t i = 0; i < nkeys; i++) {
		if (keys[i].key == k) {
			keys[i].cmd = (enum command)c;
			return 0;
		}
	}
	keys = xreallocarray(keys, nkeys + 1, sizeof *keys);
	keys[nkeys].key = k;
	keys[nkeys++].cmd = (enum command)c;
	return 0;
}

int
keys_unbind(const char *key, char *err, size_t errlen)
{
	int k = key_parse(key);

	if (k < 0) {
		snprintf(err, errlen, "unknown key '%s'", key);
		return -1;
	}
	for (size_t i = 0; i < nkeys; i++)
		if (keys[i].key == k)
			keys[i].cmd = CMD_NONE;
	return 0;
}
