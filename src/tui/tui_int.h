/* The interface's insides, shared by the files of src/tui: the state, the
 * list widget, views as tables of functions and commands as data. */
#ifndef DATELINE_TUI_INT_H
#define DATELINE_TUI_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include <curses.h>

#include "dateline/buf.h"

struct app;
struct tui;
struct view;

/* Every command a key can run; names and help are in keys.c. */
enum command {
	CMD_NONE,
	CMD_DOWN,
	CMD_UP,
	CMD_PAGE_DOWN,
	CMD_PAGE_UP,
	CMD_FIRST,
	CMD_LAST,
	CMD_PREV_DAY,
	CMD_NEXT_DAY,
	CMD_SEARCH,
	CMD_SEARCH_NEXT,
	CMD_SEARCH_PREV,
	CMD_ACTORS,
	CMD_FILTER,
	CMD_CLEAR,
	CMD_MARK,
	CMD_EXPORT,
	CMD_OPEN,
	CMD_REFRESH,
	CMD_ERRORS,
	CMD_DETAIL,
	CMD_DETAIL_DOWN,
	CMD_DETAIL_UP,
	CMD_REDRAW,
	CMD_HELP,
	CMD_QUIT,
	CMD_ESCAPE,
	CMD_ENTER,
	CMD_TOGGLE,
	CMD_COUNT_
};

/* One binding: the table drives dispatch, the help and the config. */
struct keybinding {
	int key;		/* a character or a KEY_* code */
	enum command cmd;
};

struct command_info {
	const char *name;	/* for the config file */
	const char *help;	/* one line in the help screen */
};

extern const struct command_info command_info[CMD_COUNT_];

/* Keys: the table in use (defaults, then the config's binds). */
void keys_init(void);
void keys_free(void);
enum command keys_command(int key);
const struct keybinding *keys_table(size_t *n);
int keys_bind(const char *key, const char *cmd, char *err, size_t errlen);
int keys_unbind(const char *key, char *err, size_t errlen);
/* A key's name ("j", "Down", "C-u") into out (at least 16 bytes). */
void keys_name(int key, char *out, size_t len);

/* Colours and attributes of the parts of the screen. */
enum part {
	PART_NORMAL,
	PART_HEADER,
	PART_HEADING,
	PART_CURSOR,
	PART_RANGE,
	PART_MATCH,
	PART_STRIP,
	PART_STRIP_VIEW,
	PART_STRIP_RANGE,
	PART_ERROR,
	PART_MARK,
	PART_DIM,
	PART_TITLE,
	PART_COUNT_
};

void draw_colours_init(bool colour);
attr_t draw_attr(enum part p);
int draw_part_by_name(const char *name);
int draw_set_colour(enum part p, const char *fg, const char *bg,
		    char *err, size_t errlen);
/* Draw at most cols columns of s at (y, x) with attr, never a control
 * character; returns the columns used. */
int draw_text(int y, int x, const char *s, size_t len, int cols, attr_t attr);
int draw_str(int y, int x, const char *s, int cols, attr_t attr);
/* Blank cols columns at (y, x). */
void draw_fill(int y, int x, int cols, attr_t attr);
/* s with the parts that match the folded needle drawn as PART_MATCH. */
int draw_matched(int y, int x, const char *s, int cols, attr_t attr,
		 const char *needle);

void tui_tm(time_t t, bool local, struct tm *out);

/* The generic list: a cursor and a window of visible rows. */
struct list {
	size_t n;		/* rows */
	size_t cur;		/* the cursor's row */
	size_t top;		/* the first row on screen */
	int height;		/* rows on screen */
};

struct view_ops {
	const char *name;
	/* Draw row at (y, x), cols wide. */
	void (*draw)(struct tui *t, struct view *v, size_t row, int y, int x,
		     int cols, bool cursor);
	/* May the cursor rest on row?  NULL: every row. */
	bool (*selectable)(struct tui *t, struct view *v, size_t row);
	/* Does row match the folded needle?  NULL: no search. */
	bool (*grep)(struct tui *t, struct view *v, size_t row,
		     const char *needle);
	/* A command the view handles itself; true when done. */
	bool (*request)(struct tui *t, struct view *v, enum command cmd);
	/* A key typed while the view takes text (pickers); true when used. */
	bool (*type)(struct tui *t, struct view *v, int key, bool is_char);
	/* The title drawn above the view's rows, or NULL. */
	void (*title)(struct tui *t, struct view *v, struct buf *out);
	void (*done)(struct tui *t, struct view *v);
};

struct view {
	const struct view_ops *ops;
	struct list list;
	void *data;
};

void list_move(struct tui *t, struct view *v, long delta);
void list_goto(struct tui *t, struct view *v, size_t row, int dir);
void list_page(struct tui *t, struct view *v, int dir);
void list_scroll(struct tui *t, struct view *v, long delta);
void list_fix(struct tui *t, struct view *v);
void list_draw(struct tui *t, struct view *v, int y, int height, int cols);
bool list_search(struct tui *t, struct view *v, const char *needle,
		 size_t from, int dir, bool skip_from);
bool list_command(struct tui *t, struct view *v, enum command cmd, long count);

/* The one-line editor of prompts (readline keys). */
enum prompt_kind {
	PROMPT_NONE,
	PROMPT_SEARCH,
	PROMPT_FILTER,
	PROMPT_EXPORT,
	PROMPT_CONFIRM,
};

struct prompt {
	enum prompt_kind kind;
	const char *label;
	struct buf text;
	size_t pos;		/* cursor, a byte offset in text */
	bool offered;		/* the text is a suggestion (a file name):
				   a character typed first replaces it */
	char error[512];
};

enum prompt_result {
	PROMPT_EDITED,
	PROMPT_UNCHANGED,
	PROMPT_ACCEPT,
	PROMPT_CANCEL,
};

void prompt_open(struct prompt *p, enum prompt_kind kind, const char *label,
		 const char *value);
void prompt_close(struct prompt *p);
/* key as read (is_char: a character, not a KEY_ code), or PROMPT_META | c
 * for Escape and c read at once (Alt-c): readline's keys. */
#define PROMPT_META 0x10000
enum prompt_result prompt_key(struct prompt *p, int key, bool is_char);
/* Draw at (y, 0), cols wide; leaves the terminal cursor at the edit point. */
void prompt_draw(struct prompt *p, int y, int cols);
/* Encode a code point as UTF-8 into out[4]; returns the length. */
size_t prompt_utf8(int cp, char *out);

/* A row of the timeline: an event (a position in sel) or a day heading
 * (the flag, and the position of its day's first event). */
#define ROW_HEADING 0x80000000u

struct day {
	int64_t start;		/* local midnight, or NO_TIME for undated */
	size_t row;		/* its heading's row */
	size_t count;		/* events under it */
	long index;		/* days since the first day (the strip) */
};

struct tui {
	struct app *app;
	struct view timeline;	/* always at the bottom */
	struct view *overlay;	/* help, actors, errors: over the timeline */
	struct prompt prompt;

	uint32_t *sel;		/* filtered events (indices in tl->events),
				   in the order listed (see shown) */
	int64_t *shown;		/* parallel: where each is listed in time */
	size_t nsel;
	uint32_t *rows;
	size_t nrows, rows_cap;
	struct day *days;
	size_t ndays;

	char *user_filter;	/* what the user typed (or picked) */
	char *search;		/* the folded search pattern */
	char *search_saved;	/* the pattern before an incremental search */
	size_t search_origin;
	size_t search_hit;	/* the last incremental match, SIZE_MAX: none */

	bool have_cursor;	/* the event under the cursor at the last draw */
	uint64_t cursor_id;
	int64_t cursor_start;	/* its shown time */

	bool range;		/* v: a range from range_anchor to the cursor */
	size_t range_anchor;	/* a row */
	uint64_t range_anchor_id;	/* its event, across new selections */

	bool detail_on;
	int detail_size;	/* lines, or a percentage when detail_pct */
	bool detail_pct;
	int detail_scroll;
	int detail_rows;	/* lines of text the pane showed last */
	int detail_cols;	/* the width the lines were wrapped to */
	uint64_t detail_event;	/* the event the lines describe */
	bool detail_valid;
	struct buf detail_text;	/* lines separated by '\n' */

	int list_y;		/* the screen line of the list's first row */
	bool refreshing;
	bool loading;		/* the archive is still being read */
	bool refresh_waits;	/* a refresh to begin once it is read */
	bool refresh_asked;	/* the refresh running was asked for (r) */
	size_t load_shown;	/* stories read when the events were sorted */
	size_t load_pct;	/* the progress on the status line */
	bool load_moved;	/* ... which has changed */
	bool data_changed;
	bool quit;
	char status[512];
	bool status_error;
	long count;		/* a count typed before a command */
	char *export_path;	/* waiting for confirmation */
	FILE *keylog;
	bool colour;
};

/* The timeline view (timeline_view.c). */
extern const struct view_ops timeline_view_ops;
void tv_select(struct tui *t);
void tv_remember(struct tui *t);
void tv_draw_header(struct tui *t, int y, int cols);
void tv_draw_strip(struct tui *t, int y, int cols);
bool tv_is_heading(const struct tui *t, size_t row);
/* The event under the cursor (index in tl->events), or -1. */
long tv_current(const struct tui *t);
/* The rows of the range (or the cursor when none), as positions in sel. */
void tv_range(const struct tui *t, size_t *first, size_t *last);
void tv_day_jump(struct tui *t, int dir, long count);
void tv_format_when(const struct tui *t, uint32_t ev, bool full, char *out,
		    size_t len);

/* The detail pane (detail.c). */
void detail_draw(struct tui *t, int y, int height, int cols);
int detail_lines(const struct tui *t);

/* Overlays. */
struct view *help_open(struct tui *t);
struct view *errors_open(struct tui *t);
struct view *actors_open(struct tui *t);
void overlay_close(struct tui *t);
bool picker_active(const struct tui *t);

/* Actions (actions.c). */
void action_export_begin(struct tui *t);
void action_export_accept(struct tui *t, bool force);
void action_open_link(struct tui *t);
/* The terminal lent to another program (a browser that runs in it) and
 * taken back, repainted whole. */
void tui_screen_lend(void);
void tui_screen_take_back(void);
void action_filter_apply(struct tui *t, const char *expr);
void tui_set_status(struct tui *t, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The configuration file (config.c). */
void config_load(struct tui *t);

#endif
