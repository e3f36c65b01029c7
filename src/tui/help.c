/* Pages of text over the timeline: the help, made from the key table, and
 * the list of sources with their errors. */
#include <stdlib.h>
#include <string.h>

#include "dateline/app.h"
#include "dateline/timeline.h"
#include "dateline/util.h"
#include "tui_int.h"

struct page {
	const char *title;
	char **lines;		/* the first byte of each is its part */
	size_t n;
};

static void
page_add(struct page *pg, enum part part, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
page_add(struct page *pg, enum part part, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	buf_addc(&b, (char)('A' + part));
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	pg->lines = xreallocarray(pg->lines, pg->n + 1, sizeof *pg->lines);
	pg->lines[pg->n++] = buf_steal(&b);
}

static void
page_draw(struct tui *t, struct view *v, size_t row, int y, int x, int cols,
	  bool cursor)
{
	struct page *pg = v->data;
	const char *s = pg->lines[row];

	draw_str(y, 1, s + 1, cols - 2, draw_attr((enum part)(s[0] - 'A')));
}

static void
page_title(struct tui *t, struct view *v, struct buf *out)
{
	struct page *pg = v->data;

	buf_printf(out, "%s \xc2\xb7 q or Esc closes", pg->title);
}

static bool
page_request(struct tui *t, struct view *v, enum command cmd)
{
	/* A page has no cursor: movement scrolls it. */
	switch (cmd) {
	case CMD_DOWN:
		list_scroll(t, v, t->count > 0 ? t->count : 1);
		return true;
	case CMD_UP:
		list_scroll(t, v, -(t->count > 0 ? t->count : 1));
		return true;
	case CMD_PAGE_DOWN:
		list_scroll(t, v, v->list.height > 1 ? v->list.height - 1 : 1);
		return true;
	case CMD_PAGE_UP:
		list_scroll(t, v, -(v->list.height > 1 ? v->list.height - 1 : 1));
		return true;
	default:
		return false;
	}
}

static void
page_done(struct tui *t, struct view *v)
{
	struct page *pg = v->data;

	for (size_t i = 0; i < pg->n; i++)
		free(pg->lines[i]);
	free(pg->lines);
	free(pg);
}

static const struct view_ops page_ops = {
	.name = "page",
	.draw = page_draw,
	.request = page_request,
	.title = page_title,
	.done = page_done,
};

static struct view *
page_view(struct page *pg)
{
	struct view *v = xcalloc(1, sizeof *v);

	v->ops = &page_ops;
	v->data = pg;
	v->list.n = pg->n;
	return v;
}

/* The keys bound to cmd, as "j Down". */
static void
keys_of(enum command cmd, struct buf *out)
{
	size_t n;
	const struct keybinding *k = keys_table(&n);

	for (size_t i = 0; i < n; i++) {
		char name[16];

		if (k[i].cmd != cmd || k[i].key == '\r' || k[i].key == KEY_ENTER)
			continue;
		keys_name(k[i].key, name, sizeof name);
		buf_printf(out, "%s%s", out->len ? " " : "", name);
	}
}

struct view *
help_open(struct tui *t)
{
	struct page *pg = xcalloc(1, sizeof *pg);

	pg->title = "Help";
	page_add(pg, PART_HEADING, "Keys (a count before a key repeats it: 5j)");
	for (int c = CMD_NONE + 1; c < CMD_COUNT_; c++) {
		struct buf keys = BUF_INIT;

		keys_of((enum command)c, &keys);
		if (keys.len)
			page_add(pg, PART_NORMAL, "  %-14s %-14s %s", keys.data,
				 command_info[c].name, command_info[c].help);
		buf_free(&keys);
	}
	page_add(pg, PART_NORMAL, "%s", "");
	page_add(pg, PART_HEADING, "In prompts and pickers");
	page_add(pg, PART_NORMAL, "  keys type; C-a C-e start and end, C-u C-k "
		 "cut to either, C-w a word, Backspace, Enter accepts, Esc cancels");
	page_add(pg, PART_NORMAL, "  in prompts, M-b M-f a word back and "
		 "forward, M-d and M-Backspace cut one");
	page_add(pg, PART_NORMAL, "  the export's file name offered: Enter "
		 "takes it, typing replaces it, an editing key keeps it");
	page_add(pg, PART_NORMAL, "%s", "");
	page_add(pg, PART_HEADING, "Marks");
	page_add(pg, PART_NORMAL, "  =  a range of days            >   "
		 "announced, ahead of its report");
	page_add(pg, PART_NORMAL, "  ~  date read from the text    \xc3\x97N  "
		 "reported by N sources");
	page_add(pg, PART_NORMAL, "  day: known to the day, not the hour;  "
		 "?: time unknown");
	page_add(pg, PART_NORMAL, "%s", "");
	page_add(pg, PART_HEADING, "Filter (f): the query language");
	page_add(pg, PART_NORMAL, "  words \"a phrase\" actor:NAME feed:NAME "
		 "from:DATE to:DATE sources:N");
	page_add(pg, PART_NORMAL, "  and or not - ( )     e.g. actor:putin "
		 "-drone from:2025-12-28");
	page_add(pg, PART_NORMAL, "%s", "");
	page_add(pg, PART_HEADING, "Configuration");
	page_add(pg, PART_NORMAL, "  $XDG_CONFIG_HOME/dateline/config: bind KEY "
		 "COMMAND, unbind KEY,");
	page_add(pg, PART_NORMAL, "  color PART FG BG, detail on|off, "
		 "detail-size LINES|N%%");
	page_add(pg, PART_NORMAL, "  keep-days N, timeout SECONDS (defaults "
		 "of the command line)");
	return page_view(pg);
}

/* The name the feeds file gives a source ("~Title"), or NULL. */
static const char *
feed_name(const struct timeline *tl, const char *source)
{
	for (size_t i = 0; i < tl->nfeeds; i++)
		if (strcmp(tl->feeds[i].source, source) == 0)
			return tl->feeds[i].name;
	return NULL;
}

struct view *
errors_open(struct tui *t)
{
	struct page *pg = xcalloc(1, sizeof *pg);
	struct app *app = t->app;
	size_t failed = 0;

	pg->title = "Sources";
	for (size_t i = 0; i < app->nstatus; i++)
		failed += app->status[i].failed;
	page_add(pg, PART_HEADING, "%zu source%s, %zu failed", app->nstatus,
		 app->nstatus == 1 ? "" : "s", failed);
	/* Failures first: they are why one opens this page. */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < app->nstatus; i++) {
			const struct source_status *st = &app->status[i];

			const char *name = feed_name(app->tl, st->source);

			if (st->failed != (pass == 0))
				continue;
			page_add(pg, st->failed ? PART_ERROR : PART_NORMAL,
				 "%s %s%s%s%s: %s",
				 st->failed ? "\xe2\x9c\x97" : " ",
				 name ? name : "", name ? " (" : "", st->source,
				 name ? ")" : "",
				 st->message ? st->message : "");
		}
	}
	if (app->nstatus == 0)
		page_add(pg, PART_DIM, "  no source was read yet%s",
			 app->sample ? " (showing the sample wires)" : "");
	if (app->feeds_bad.nbad) {
		page_add(pg, PART_NORMAL, "%s", "");
		page_add(pg, PART_HEADING, "Feeds file: %zu line%s skipped",
			 app->feeds_bad.nbad, app->feeds_bad.nbad == 1 ? "" : "s");
		for (size_t i = 0; i < app->feeds_bad.nbad; i++)
			page_add(pg, PART_ERROR, "\xe2\x9c\x97 %s",
				 app->feeds_bad.bad[i]);
	}
	return page_view(pg);
}

void
overlay_close(struct tui *t)
{
	struct view *v = t->overlay;

	if (!v)
		return;
	if (v->ops->done)
		v->ops->done(t, v);
	free(v);
	t->overlay = NULL;
	prompt_close(&t->prompt);
}
