/* The actor picker: actors with their event counts, narrowed as one types
 * (folded: "erdogan" finds Erdoğan), Tab marks several, Enter filters. */
#include <stdlib.h>
#include <string.h>

#include "dateline/actors.h"
#include "dateline/app.h"
#include "dateline/buf.h"
#include "dateline/query.h"
#include "dateline/text.h"
#include "dateline/timeline.h"
#include "dateline/util.h"
#include "tui_int.h"

struct picker {
	uint32_t *all;		/* actors with events, most first */
	size_t nall;
	char **folded;		/* folded name and aliases, one a line,
				   parallel to all */
	size_t *counts;		/* by actor id */
	uint32_t *shown;	/* the narrowed list */
	bool *marked;		/* by actor id */
	size_t nactors;
};

static const struct picker *sort_picker;

static int
by_count(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	const struct picker *p = sort_picker;

	if (p->counts[x] != p->counts[y])
		return p->counts[x] < p->counts[y] ? 1 : -1;
	return x < y ? -1 : x > y;
}

static void
narrow(struct tui *t, struct view *v)
{
	struct picker *p = v->data;
	const char *typed = t->prompt.text.data ? t->prompt.text.data : "";
	char *needle = text_fold(typed, strlen(typed));
	size_t n = 0;

	for (size_t i = 0; i < p->nall; i++)
		if (!*needle || strstr(p->folded[i], needle))
			p->shown[n++] = p->all[i];
	free(needle);
	v->list.n = n;
	list_goto(t, v, 0, 1);
}

static void
pk_draw(struct tui *t, struct view *v, size_t row, int y, int x, int cols,
	bool cursor)
{
	struct picker *p = v->data;
	uint32_t id = p->shown[row];
	const struct actor *a = actors_get(t->app->actors, id);
	attr_t attr = draw_attr(cursor ? PART_CURSOR : PART_NORMAL);
	char count[32];
	const char *needle = NULL;
	int used;

	if (cursor)
		draw_fill(y, 0, cols, attr);
	draw_str(y, 1, p->marked[id] ? "[x]" : "[ ]", 3, attr);
	snprintf(count, sizeof count, "%zu", p->counts[id]);
	if (t->prompt.text.len)
		needle = text_fold(t->prompt.text.data, t->prompt.text.len);
	used = draw_matched(y, 5, a->name, cols - 14, attr, needle);
	free((char *)needle);
	if (a->role && *a->role && cols > 60)
		draw_str(y, 5 + used + 2, a->role, cols - 14 - used - 2,
			 cursor ? attr : draw_attr(PART_DIM));
	draw_str(y, cols - 1 - (int)strlen(count), count, 8, attr);
}

static void
pk_title(struct tui *t, struct view *v, struct buf *out)
{
	struct picker *p = v->data;

	buf_printf(out, "Actors: %zu of %zu \xc2\xb7 type to narrow, Tab "
		   "marks, Enter filters, Esc closes", v->list.n, p->nall);
}

/* Enter: the marked actors (or the one under the cursor) become part of
 * the filter, as alternatives. */
static void
apply(struct tui *t, struct view *v)
{
	struct picker *p = v->data;
	struct buf expr = BUF_INIT, alts = BUF_INIT;
	size_t n = 0;

	for (size_t i = 0; i < p->nall; i++) {
		if (!p->marked[p->all[i]])
			continue;
		char *q = query_quote(actors_get(t->app->actors,
						 p->all[i])->name);

		buf_printf(&alts, "%sactor:%s", n++ ? " or " : "", q);
		free(q);
	}
	if (n == 0 && v->list.n) {
		char *q = query_quote(actors_get(t->app->actors,
			p->shown[v->list.cur])->name);

		buf_printf(&alts, "actor:%s", q);
		free(q);
		n = 1;
	}
	if (n == 0) {
		buf_free(&alts);
		return;
	}
	if (t->user_filter && *t->user_filter)
		buf_printf(&expr, "%s ", t->user_filter);
	buf_printf(&expr, n > 1 ? "(%s)" : "%s", alts.data);
	overlay_close(t);
	action_filter_apply(t, expr.data);
	buf_free(&expr);
	buf_free(&alts);
}

static bool
pk_request(struct tui *t, struct view *v, enum command cmd)
{
	struct picker *p = v->data;

	switch (cmd) {
	case CMD_TOGGLE:
		if (v->list.n) {
			uint32_t id = p->shown[v->list.cur];

			p->marked[id] = !p->marked[id];
			list_move(t, v, 1);
		}
		return true;
	case CMD_ENTER:
		apply(t, v);
		return true;
	default:
		return false;
	}
}

static bool
pk_type(struct tui *t, struct view *v, int key, bool is_char)
{
	enum prompt_result r;

	if (!is_char && key != KEY_BACKSPACE && key != KEY_DC)
		return false;
	if (is_char && (key == '\n' || key == '\r' || key == '\t' ||
			key == 27))
		return false;
	r = prompt_key(&t->prompt, key, is_char);
	if (r == PROMPT_EDITED)
		narrow(t, v);
	return r == PROMPT_EDITED || r == PROMPT_UNCHANGED;
}

static void
pk_done(struct tui *t, struct view *v)
{
	struct picker *p = v->data;

	for (size_t i = 0; i < p->nall; i++)
		free(p->folded[i]);
	free(p->folded);
	free(p->all);
	free(p->shown);
	free(p->counts);
	free(p->marked);
	free(p);
}

static const struct view_ops picker_ops = {
	.name = "actors",
	.draw = pk_draw,
	.request = pk_request,
	.type = pk_type,
	.title = pk_title,
	.done = pk_done,
};

struct alias_ctx {
	struct buf *extra;	/* by actor id */
};

static void
add_alias(uint32_t actor, const char *folded, void *ud)
{
	struct alias_ctx *c = ud;

	buf_printf(&c->extra[actor], "\n%s", folded);
}

/* Each listed actor's aliases after its name: "зелен" finds Zelensky
 * by Зеленський, as the filter's actor: does by the whole alias. */
static void
add_aliases(struct tui *t, struct picker *p)
{
	struct alias_ctx c;

	c.extra = xcalloc(p->nactors + 1, sizeof *c.extra);
	actors_each_alias(t->app->actors, add_alias, &c);
	for (size_t i = 0; i < p->nall; i++) {
		struct buf *x = &c.extra[p->all[i]];

		if (x->len) {
			struct buf b = BUF_INIT;

			buf_printf(&b, "%s%s", p->folded[i], x->data);
			free(p->folded[i]);
			p->folded[i] = buf_steal(&b);
		}
	}
	for (size_t a = 0; a < p->nactors; a++)
		buf_free(&c.extra[a]);
	free(c.extra);
}

struct view *
actors_open(struct tui *t)
{
	struct picker *p = xcalloc(1, sizeof *p);
	struct view *v = xcalloc(1, sizeof *v);
	size_t total = actors_count(t->app->actors);

	p->nactors = total;
	p->counts = xcalloc(total + 1, sizeof *p->counts);
	p->marked = xcalloc(total + 1, sizeof *p->marked);
	p->all = xcalloc(total + 1, sizeof *p->all);
	p->shown = xcalloc(total + 1, sizeof *p->shown);
	timeline_actor_counts(t->app->tl, p->counts);
	for (uint32_t a = 0; a < total; a++)
		if (p->counts[a])
			p->all[p->nall++] = a;
	sort_picker = p;
	qsort(p->all, p->nall, sizeof *p->all, by_count);
	p->folded = xcalloc(p->nall + 1, sizeof *p->folded);
	for (size_t i = 0; i < p->nall; i++) {
		const char *name = actors_get(t->app->actors, p->all[i])->name;

		p->folded[i] = text_fold(name, strlen(name));
	}
	add_aliases(t, p);
	v->ops = &picker_ops;
	v->data = p;
	prompt_open(&t->prompt, PROMPT_NONE, "actor: ", "");
	narrow(t, v);
	return v;
}

/* The picker's typed text, drawn where a prompt goes. */
bool
picker_active(const struct tui *t)
{
	return t->overlay && t->overlay->ops == &picker_ops;
}
