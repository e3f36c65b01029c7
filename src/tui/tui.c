/* The interactive timeline: the screen's layout, the event loop that reads
 * keys and drives the fetch together, and the dispatch of keys through the
 * key table.  The terminal is restored however the program ends. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dateline/app.h"
#include "dateline/buf.h"
#include "dateline/text.h"
#include "dateline/timeline.h"
#include "dateline/tui.h"
#include "dateline/util.h"
#include "tui_int.h"

#define LOAD_BUDGET_MS 8	/* archive reading between looks at the keys */

static volatile sig_atomic_t got_signal;
static bool screen_up;

static void
restore_terminal(void)
{
	if (screen_up) {
		endwin();
		screen_up = false;
	}
}

void
tui_screen_lend(void)
{
	def_prog_mode();
	endwin();
}

void
tui_screen_take_back(void)
{
	reset_prog_mode();
	clearok(curscr, TRUE);	/* what the other program drew goes */
	refresh();
}

/* The loop sees the flag and restores the terminal; a second signal
 * while the first is not handled yet means the program is stuck: end it
 * the ordinary way. */
static void
on_signal(int sig)
{
	if (got_signal) {
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	got_signal = sig;
}

static void
on_changed(struct app *app, void *ud)
{
	struct tui *t = ud;

	t->data_changed = true;
}

static void
install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

static bool
screen_init(struct tui *t)
{
	const char *no_colour = getenv("NO_COLOR");

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		warn("the interactive timeline needs a terminal "
		     "(try 'dateline dump')");
		return false;
	}
	if (!newterm(NULL, stdout, stdin)) {
		warn("cannot use this terminal (TERM=%s)",
		     getenv("TERM") ? getenv("TERM") : "");
		return false;
	}
	screen_up = true;
	util_set_die_hook(restore_terminal);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED |
		  BUTTON5_PRESSED, NULL);
	mouseinterval(0);
	t->colour = !(no_colour && *no_colour) && has_colors();
	if (t->colour)
		start_color();
	draw_colours_init(t->colour);
	curs_set(0);
	return true;
}

/* The layout, from the top: header, strip, list (or an overlay), detail,
 * status line. */
struct layout {
	int strip, list, list_h, detail, detail_h, status;
};

static void
layout(struct tui *t, struct layout *l)
{
	int lines = LINES, area, dh = 0;

	l->strip = lines >= 6 ? 1 : -1;
	l->list = l->strip >= 0 ? 2 : 1;
	l->status = lines - 1;
	area = l->status - l->list;
	if (area < 0)
		area = 0;
	if (t->detail_on && !t->overlay) {
		dh = t->detail_pct ? area * t->detail_size / 100 :
			t->detail_size;
		if (dh > area - 3)
			dh = area - 3;
		if (dh < 3)
			dh = 0;
	}
	l->list_h = area - dh;
	l->detail = l->list + l->list_h;
	l->detail_h = dh;
}

/* "? help  q quit ...": the first key bound to each of the commands a
 * newcomer looks for, as the configuration left them. */
static void
footer_hint(struct buf *out)
{
	static const struct {
		enum command cmd;
		const char *label;
	} hints[] = {
		{ CMD_HELP, "help" }, { CMD_QUIT, "quit" },
		{ CMD_SEARCH, "search" }, { CMD_ACTORS, "actors" },
		{ CMD_FILTER, "filter" }, { CMD_MARK, "range" },
		{ CMD_EXPORT, "export" },
	};
	size_t n;
	const struct keybinding *k = keys_table(&n);

	for (size_t h = 0; h < ARRAY_SIZE(hints); h++) {
		for (size_t i = 0; i < n; i++) {
			char name[16];

			if (k[i].cmd != hints[h].cmd)
				continue;
			keys_name(k[i].key, name, sizeof name);
			buf_printf(out, "%s%s %s", out->len ? "  " : "", name,
				   hints[h].label);
			break;
		}
	}
}

static void
draw_status(struct tui *t, int y, int cols)
{
	size_t done, total;
	char progress[64] = "";
	int pw = 0;

	draw_fill(y, 0, cols, draw_attr(PART_NORMAL));
	if (t->loading) {
		app_loading(t->app, &done, &total);
		snprintf(progress, sizeof progress, "loading archive %zu%%",
			 total ? done * 100 / total : 0);
	}
	if (t->refreshing) {
		size_t len = strlen(progress);

		app_progress(t->app, &done, &total);
		snprintf(progress + len, sizeof progress - len,
			 "%sfetching %zu/%zu", len ? "  " : "", done, total);
	}
	if (progress[0]) {
		pw = (int)strlen(progress);
		draw_str(y, cols - pw - 1, progress, pw, draw_attr(PART_DIM));
		progress[0] = '\0';
	}
	if (t->count) {
		snprintf(progress, sizeof progress, "%ld", t->count);
		draw_str(y, 1, progress, cols - pw - 3, draw_attr(PART_NORMAL));
	} else if (t->status[0]) {
		draw_str(y, 1, t->status, cols - pw - 3, draw_attr(
			 t->status_error ? PART_ERROR : PART_NORMAL));
	} else {
		struct buf hint = BUF_INIT;

		footer_hint(&hint);
		draw_str(y, 1, hint.data ? hint.data : "", cols - pw - 3,
			 draw_attr(PART_DIM));
		buf_free(&hint);
	}
}

static void
draw_overlay(struct tui *t, const struct layout *l, int cols)
{
	struct view *v = t->overlay;
	struct buf title = BUF_INIT;

	if (v->ops->title)
		v->ops->title(t, v, &title);
	draw_fill(l->list, 0, cols, draw_attr(PART_HEADING));
	if (title.len)
		draw_text(l->list, 1, title.data, title.len, cols - 2,
			  draw_attr(PART_HEADING));
	buf_free(&title);
	list_draw(t, v, l->list + 1, l->list_h - 1, cols);
}

/* The error of a prompt on the line above it, with a caret under the
 * column it names ("... at column 12") when that is on screen. */
static void
draw_prompt_error(struct tui *t, int y, int cols)
{
	const char *at = strstr(t->prompt.error, "column ");
	const char *text = t->prompt.text.data ? t->prompt.text.data : "";
	int col = at ? atoi(at + 7) : 0, x = -1, msg;
	attr_t attr = draw_attr(PART_ERROR);

	draw_fill(y, 0, cols, attr);
	if (col > 0) {
		/* the column counts characters: the caret goes past col - 1
		 * of them, which may be wide or several bytes long */
		size_t i = 0;
		int c = 1;

		for (; c < col && text[i]; c++)
			while (text[++i] && ((unsigned char)text[i] & 0xc0) ==
			       0x80)
				;
		if (c == col)
			x = text_width(t->prompt.label,
				       strlen(t->prompt.label)) +
			    text_width(text, i);
	}
	msg = text_width(t->prompt.error, strlen(t->prompt.error));
	if (x < 0 || x >= cols - 1) {
		draw_str(y, 1, t->prompt.error, cols - 2, attr);
	} else if (x + 2 + msg <= cols) {
		draw_str(y, x, "^", 1, attr);
		draw_str(y, x + 2, t->prompt.error, cols - x - 2, attr);
	} else {
		draw_str(y, 1, t->prompt.error, x - 2, attr);
		draw_str(y, x, "^", 1, attr);
	}
}

static void
draw(struct tui *t)
{
	struct layout l;
	int cols = COLS;
	bool cursor = false;

	erase();
	if (LINES < 1 || cols < 1) {
		refresh();
		return;
	}
	layout(t, &l);
	tv_draw_header(t, 0, cols);
	if (t->overlay) {
		draw_overlay(t, &l, cols);
		if (l.strip >= 0)
			tv_draw_strip(t, l.strip, cols);
	} else {
		list_draw(t, &t->timeline, l.list, l.list_h, cols);
		if (l.strip >= 0)
			tv_draw_strip(t, l.strip, cols);
		if (l.detail_h)
			detail_draw(t, l.detail, l.detail_h, cols);
		if (t->nsel == 0 && l.list_h > 1)
			draw_str(l.list + 1, 2, t->loading ? "loading..." :
				 t->refreshing ? "fetching..." :
				 t->user_filter ? "no event matches the filter"
				 : "no events", cols - 3, draw_attr(PART_DIM));
	}
	if (t->prompt.kind != PROMPT_NONE && t->prompt.error[0] &&
	    l.status > 0)
		draw_prompt_error(t, l.status - 1, cols);
	if (l.status > 0 || LINES == 1) {
		if (t->prompt.kind != PROMPT_NONE || picker_active(t)) {
			prompt_draw(&t->prompt, l.status, cols);
			cursor = true;
		} else {
			draw_status(t, l.status, cols);
		}
	}
	t->list_y = l.list + (t->overlay ? 1 : 0);
	tv_remember(t);
	curs_set(cursor ? 1 : 0);
	refresh();
}

/* --- Commands ----------------------------------------------------------- */

static void
search_step(struct tui *t, int dir)
{
	struct view *v = &t->timeline;
	size_t from = v->list.cur;
	long n = t->count > 0 ? t->count : 1;

	if (!t->search || !*t->search) {
		tui_set_status(t, true, "no search yet: / searches");
		return;
	}
	for (long i = 0; i < n; i++) {
		if (!list_search(t, v, t->search, v->list.cur, dir, true)) {
			tui_set_status(t, true, "no match");
			return;
		}
	}
	if ((dir > 0 && v->list.cur <= from) || (dir < 0 && v->list.cur >= from))
		tui_set_status(t, false, "search wrapped");
	else
		t->status[0] = '\0';
}

static void
refresh_begin(struct tui *t)
{
	size_t n;

	if (t->refreshing) {
		tui_set_status(t, false, "already refreshing");
		return;
	}
	/* new stories are compared with the whole archive, so they wait
	 * until it is read */
	if (t->loading) {
		t->refresh_waits = t->refresh_asked = true;
		tui_set_status(t, false, "refreshing once the archive is read");
		return;
	}
	n = app_refresh_begin(t->app);
	t->refreshing = t->refresh_asked = n > 0;
	t->data_changed = true;
	if (n)
		tui_set_status(t, false, "refreshing %zu source%s", n,
			       n == 1 ? "" : "s");
	else
		tui_set_status(t, false, "nothing to refresh%s",
			       t->app->opt.offline ? " (offline)" : "");
}

static void
detail_scroll(struct tui *t, int dir)
{
	int n = (int)(t->count > 0 ? t->count : 1) * dir;
	/* as a pager: down to where the last line is at the bottom */
	int max = detail_lines(t) - (t->detail_rows > 0 ? t->detail_rows : 1);

	t->detail_scroll += n;
	if (t->detail_scroll > max)
		t->detail_scroll = max;
	if (t->detail_scroll < 0)
		t->detail_scroll = 0;
}

static void
timeline_command(struct tui *t, enum command cmd)
{
	struct view *v = &t->timeline;

	switch (cmd) {
	case CMD_SEARCH:
		free(t->search_saved);
		t->search_saved = t->search;
		t->search = NULL;
		t->search_origin = v->list.cur;
		t->search_hit = v->list.cur;
		prompt_open(&t->prompt, PROMPT_SEARCH, "/", "");
		break;
	case CMD_SEARCH_NEXT: search_step(t, 1); break;
	case CMD_SEARCH_PREV: search_step(t, -1); break;
	case CMD_ACTORS: t->overlay = actors_open(t); break;
	case CMD_FILTER:
		prompt_open(&t->prompt, PROMPT_FILTER, "filter: ",
			    t->user_filter);
		break;
	case CMD_CLEAR: action_filter_apply(t, NULL); break;
	case CMD_MARK:
		t->range = !t->range && tv_current(t) >= 0;
		t->range_anchor = v->list.cur;
		if (t->range)
			t->range_anchor_id =
				t->app->tl->events[tv_current(t)].id;
		tui_set_status(t, false, t->range ? "range: move to extend, "
			       "e exports, Esc drops" : "range dropped");
		break;
	case CMD_EXPORT: action_export_begin(t); break;
	case CMD_OPEN: action_open_link(t); break;
	case CMD_REFRESH: refresh_begin(t); break;
	case CMD_ERRORS: t->overlay = errors_open(t); break;
	case CMD_DETAIL: case CMD_ENTER:
		t->detail_on = cmd == CMD_ENTER ? true : !t->detail_on;
		break;
	case CMD_DETAIL_DOWN: detail_scroll(t, 1); break;
	case CMD_DETAIL_UP: detail_scroll(t, -1); break;
	case CMD_REDRAW: clearok(curscr, TRUE); break;
	case CMD_HELP: t->overlay = help_open(t); break;
	case CMD_QUIT: t->quit = true; break;
	case CMD_ESCAPE:
		/* a range dropped says so, as v does: an Esc too many (one
		 * closing a prompt, the next the range) is not silent */
		if (t->range)
			tui_set_status(t, false, "range dropped");
		else
			t->status[0] = '\0';
		t->range = false;
		break;
	default:
		break;
	}
}

static void
overlay_command(struct tui *t, enum command cmd)
{
	struct view *v = t->overlay;

	if (cmd == CMD_QUIT || cmd == CMD_ESCAPE ||
	    (cmd == CMD_HELP && !picker_active(t))) {
		overlay_close(t);
		return;
	}
	if (v->ops->request && v->ops->request(t, v, cmd))
		return;
	list_command(t, v, cmd, t->count);
}

/* --- Prompts ------------------------------------------------------------ */

static void
search_prompt(struct tui *t, enum prompt_result r)
{
	struct view *v = &t->timeline;
	const char *text = t->prompt.text.data ? t->prompt.text.data : "";

	if (r == PROMPT_EDITED) {
		char *folded = *text ? text_fold(text, strlen(text)) : NULL;
		/* A longer pattern cannot match before the shorter one did:
		 * typing on continues from the last hit, or knows at once. */
		bool longer = folded && t->search &&
			strncmp(folded, t->search, strlen(t->search)) == 0;
		size_t from = longer ? t->search_hit : t->search_origin;

		free(t->search);
		t->search = folded;
		v->list.cur = t->search_origin;
		list_fix(t, v);
		t->prompt.error[0] = '\0';
		if (!folded)
			return;
		if (from != SIZE_MAX &&
		    list_search(t, v, folded, from, 1, false)) {
			t->search_hit = v->list.cur;
		} else {
			t->search_hit = SIZE_MAX;
			snprintf(t->prompt.error, sizeof t->prompt.error,
				 "no match for %s", text);
		}
	} else if (r == PROMPT_ACCEPT) {
		prompt_close(&t->prompt);
		if (!t->search) {
			t->search = t->search_saved;
			t->search_saved = NULL;
		} else if (t->search_hit == SIZE_MAX) {
			/* said while typing; said again once the prompt is
			 * gone, or the miss would pass in silence */
			tui_set_status(t, true, "no match for %s", text);
		}
	} else if (r == PROMPT_CANCEL) {
		prompt_close(&t->prompt);
		free(t->search);
		t->search = t->search_saved;
		t->search_saved = NULL;
		v->list.cur = t->search_origin;
		list_fix(t, v);
		t->status[0] = '\0';
	}
}

static void
prompt_input(struct tui *t, int key, bool is_char)
{
	struct prompt *p = &t->prompt;
	enum prompt_result r;

	if (p->kind == PROMPT_CONFIRM) {
		if (is_char && (key == 'y' || key == 'Y')) {
			prompt_open(p, PROMPT_EXPORT, "export to: ",
				    t->export_path);
			action_export_accept(t, true);
		} else {
			prompt_close(p);
			tui_set_status(t, false, "not overwritten");
		}
		return;
	}
	r = prompt_key(p, key, is_char);
	switch (p->kind) {
	case PROMPT_SEARCH:
		search_prompt(t, r);
		break;
	case PROMPT_FILTER:
		if (r == PROMPT_ACCEPT) {
			char *expr = xstrdup(p->text.data ? p->text.data : "");

			prompt_close(p);
			action_filter_apply(t, expr);
			free(expr);
		} else if (r == PROMPT_CANCEL) {
			prompt_close(p);
		} else if (r == PROMPT_EDITED) {
			p->error[0] = '\0';
		}
		break;
	case PROMPT_EXPORT:
		if (r == PROMPT_ACCEPT)
			action_export_accept(t, false);
		else if (r == PROMPT_CANCEL) {
			prompt_close(p);
			tui_set_status(t, false, "export cancelled");
		}
		break;
	default:
		prompt_close(p);
		break;
	}
}

/* --- Keys and the mouse ------------------------------------------------- */

static void
mouse_input(struct tui *t)
{
	struct view *v = t->overlay ? t->overlay : &t->timeline;
	MEVENT me;

	if (getmouse(&me) != OK)
		return;
	if (me.bstate & BUTTON4_PRESSED) {
		list_scroll(t, v, -3);
	} else if (me.bstate & BUTTON5_PRESSED) {
		list_scroll(t, v, 3);
	} else if (me.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)) {
		long row = (long)v->list.top + (me.y - t->list_y);

		if (me.y >= t->list_y && me.y < t->list_y + v->list.height &&
		    row >= 0 && (size_t)row < v->list.n &&
		    (!v->ops->selectable || v->ops->selectable(t, v,
							       (size_t)row)))
			v->list.cur = (size_t)row;
		list_fix(t, v);
	}
}

static void
handle_key(struct tui *t, int key, bool is_char)
{
	struct view *v = t->overlay;
	enum command cmd;

	if (key == KEY_RESIZE)
		return;
	if (key == KEY_MOUSE && !is_char) {
		mouse_input(t);
		return;
	}
	if (t->prompt.kind != PROMPT_NONE) {
		prompt_input(t, key, is_char);
		return;
	}
	if (v && v->ops->type && v->ops->type(t, v, key, is_char))
		return;
	if (is_char && key >= '0' && key <= '9' && (t->count || key != '0')) {
		if (t->count < 1000000)
			t->count = t->count * 10 + (key - '0');
		return;
	}
	cmd = is_char && key > 127 ? CMD_NONE : keys_command(key);
	if (v)
		overlay_command(t, cmd);
	else if (!(t->timeline.ops->request &&
		   t->timeline.ops->request(t, &t->timeline, cmd)) &&
		 !list_command(t, &t->timeline, cmd, t->count))
		timeline_command(t, cmd);
	t->count = 0;
}

static void
keylog_write(struct tui *t, int key, const struct timespec *start)
{
	struct timespec end;
	char name[16];
	long us;

	if (!t->keylog)
		return;
	clock_gettime(CLOCK_MONOTONIC, &end);
	us = (long)(end.tv_sec - start->tv_sec) * 1000000L +
		(end.tv_nsec - start->tv_nsec) / 1000;
	keys_name(key, name, sizeof name);
	fprintf(t->keylog, "%s %ld\n", name, us);
	fflush(t->keylog);
}

static bool
key_clears_status(wint_t wc, int r)
{
	return !(r == KEY_CODE_YES && (wc == KEY_RESIZE || wc == KEY_MOUSE));
}

/* Read and handle every key waiting; returns false when none was. */
static bool
read_keys(struct tui *t)
{
	bool any = false, is_char;
	wint_t wc;
	int r, key;

	while (!t->quit && !got_signal && (r = get_wch(&wc)) != ERR) {
		struct timespec start;

		clock_gettime(CLOCK_MONOTONIC, &start);
		any = true;
		if (t->prompt.kind == PROMPT_NONE && key_clears_status(wc, r)) {
			t->status_error = false;
			t->status[0] = '\0';
		}
		key = (int)wc;
		is_char = r == OK;
		/* in a prompt, Escape with a key read at once is Alt and that
		 * key (readline's word keys); Escape alone cancels */
		if (t->prompt.kind != PROMPT_NONE && is_char && wc == 27 &&
		    get_wch(&wc) != ERR) {
			key = PROMPT_META | (int)wc;
			is_char = false;
		}
		handle_key(t, key, is_char);
		if (t->data_changed) {
			t->data_changed = false;
			tv_select(t);
		}
		draw(t);
		keylog_write(t, key, &start);
	}
	return any;
}

/* One turn of the fetch loop, waiting at most timeout_ms for the network
 * or a key. */
static void
fetch_turn(struct tui *t, int timeout_ms)
{
	size_t failed = 0, n, total;
	char fresh[64];

	if (app_refresh_step(t->app, STDIN_FILENO, timeout_ms) != 0)
		return;
	/* counted once the step has taken the last source in; a story
	 * changed in place (a correction) is news too */
	if (t->app->refresh_updated)
		snprintf(fresh, sizeof fresh, "%zu new, %zu updated",
			 t->app->refresh_new, t->app->refresh_updated);
	else
		snprintf(fresh, sizeof fresh, "%zu new", t->app->refresh_new);
	t->refreshing = false;
	t->data_changed = true;
	app_progress(t->app, &n, &total);
	for (size_t i = 0; i < t->app->nstatus; i++)
		failed += t->app->status[i].failed;
	/* the end of a refresh asked for is said, or its "refreshing"
	 * would stay; the one at start needs no word unless it failed */
	if (failed)
		tui_set_status(t, true, "%zu source%s failed, %s: E lists "
			       "them", failed, failed == 1 ? "" : "s", fresh);
	else if (t->refresh_asked && t->app->feeds_bad.nbad)
		tui_set_status(t, true, "%zu source%s refreshed, %s; %zu "
			       "line%s of the feeds file skipped: E lists them",
			       total, total == 1 ? "" : "s", fresh,
			       t->app->feeds_bad.nbad,
			       t->app->feeds_bad.nbad == 1 ? "" : "s");
	else if (t->app->feeds_bad.nbad)
		tui_set_status(t, true, "%zu line%s of the feeds file skipped: "
			       "E lists them", t->app->feeds_bad.nbad,
			       t->app->feeds_bad.nbad == 1 ? "" : "s");
	else if (t->refresh_asked)
		tui_set_status(t, false, "%zu source%s refreshed, %s",
			       total, total == 1 ? "" : "s", fresh);
	t->refresh_asked = false;
}

/* Read more of the archive while no key waits.  The events are sorted
 * again (for the screen) each time the stories read have doubled, and
 * once at the end: a few sorts in all, however large the archive. */
static void
load_more(struct tui *t)
{
	size_t done, total, pct;

	t->loading = app_load_step(t->app, LOAD_BUDGET_MS);
	app_loading(t->app, &done, &total);
	pct = total ? done * 100 / total : 0;
	t->load_moved = pct != t->load_pct;
	t->load_pct = pct;
	if (!t->loading || done >= 2 * t->load_shown) {
		t->load_shown = done;
		t->data_changed = true;
	}
	if (!t->loading && t->refresh_waits) {
		t->refresh_waits = false;
		t->refreshing = app_refresh_begin(t->app) > 0;
	}
}

static void
wait_input(struct tui *t)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };

	if (t->loading) {
		if (t->refreshing)
			fetch_turn(t, 0);
		if (poll(&p, 1, 0) <= 0)
			load_more(t);
		return;
	}
	if (t->refreshing) {
		fetch_turn(t, 100);
		return;
	}
	poll(&p, 1, 1000);
}

static void
tui_init(struct tui *t, struct app *app)
{
	const char *keylog = getenv("DATELINE_KEYLOG");

	memset(t, 0, sizeof *t);
	t->app = app;
	t->timeline.ops = &timeline_view_ops;
	t->detail_on = true;
	t->detail_size = 40;
	t->detail_pct = true;
	app->quiet = true;
	app->changed = on_changed;
	app->changed_ud = t;
	keys_init();
	if (app->notice)
		tui_set_status(t, true, "%s", app->notice);
	config_load(t);
	if (keylog && *keylog)
		t->keylog = fopen(keylog, "a");
}

static void
tui_free(struct tui *t)
{
	overlay_close(t);
	if (t->keylog)
		fclose(t->keylog);
	free(t->sel);
	free(t->shown);
	free(t->rows);
	free(t->days);
	free(t->user_filter);
	free(t->search);
	free(t->search_saved);
	free(t->export_path);
	buf_free(&t->prompt.text);
	buf_free(&t->detail_text);
	keys_free();
	t->app->changed = NULL;
}

int
tui_run(struct app *app)
{
	struct tui t;
	int sig;

	tui_init(&t, app);
	if (!screen_init(&t)) {
		tui_free(&t);
		return 2;
	}
	install_signals();
	t.loading = app_loading(app, &t.load_shown, NULL);
	tv_select(&t);
	draw(&t);
	/* The archive is on screen; now the refresh, once all of it is read
	 * (new stories are compared with all of it). */
	if (t.loading)
		t.refresh_waits = true;
	else
		t.refreshing = app_refresh_begin(app) > 0;
	tv_select(&t);
	draw(&t);
	while (!t.quit && !got_signal) {
		if (!read_keys(&t))
			wait_input(&t);
		if (t.data_changed) {
			t.data_changed = false;
			tv_select(&t);
			draw(&t);
		} else if (t.refreshing || t.load_moved) {
			t.load_moved = false;
			draw(&t);
		}
	}
	restore_terminal();
	sig = got_signal;
	tui_free(&t);
	if (sig)
		return 128 + sig;
	/* As a command would have: the sources the last refresh could not
	 * read, named once the screen is the shell's again, and status 1. */
	for (size_t i = 0; i < app->nstatus; i++)
		if (app->status[i].failed)
			warn("%s: %s", app->status[i].source,
			     app->status[i].message);
	return app_failed(app) ? 1 : 0;
}
