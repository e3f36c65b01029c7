/* The generic list widget: a cursor over rows, the window of rows on
 * screen, movement and search.  A view only says how to draw and match a
 * row, and which rows the cursor may rest on. */
#include "tui_int.h"

static bool
selectable(struct tui *t, struct view *v, size_t row)
{
	return !v->ops->selectable || v->ops->selectable(t, v, row);
}

/* The nearest row the cursor may rest on, looking in dir first. */
static size_t
snap(struct tui *t, struct view *v, size_t row, int dir)
{
	size_t r;

	if (v->list.n == 0)
		return 0;
	if (row >= v->list.n)
		row = v->list.n - 1;
	for (int pass = 0; pass < 2; pass++, dir = -dir) {
		r = row;
		for (;;) {
			if (selectable(t, v, r))
				return r;
			if (dir > 0 ? r + 1 >= v->list.n : r == 0)
				break;
			r = dir > 0 ? r + 1 : r - 1;
		}
	}
	return row;
}

void
list_fix(struct tui *t, struct view *v)
{
	struct list *l = &v->list;
	size_t h = l->height > 0 ? (size_t)l->height : 1;

	if (l->n == 0) {
		l->cur = l->top = 0;
		return;
	}
	if (l->cur >= l->n)
		l->cur = l->n - 1;
	/* The cursor at the top shows the heading just above it too (after
	 * a resize it may sit there with its heading out of sight). */
	if (l->cur <= l->top) {
		l->top = l->cur;
		if (l->top > 0 && !selectable(t, v, l->top - 1) && h > 1)
			l->top--;
	}
	/* Before the first draw the height is unknown: keep the top. */
	if (l->height <= 0)
		return;
	if (l->cur >= l->top + h)
		l->top = l->cur - h + 1;
	if (l->top + h > l->n)
		l->top = l->n > h ? l->n - h : 0;
}

void
list_goto(struct tui *t, struct view *v, size_t row, int dir)
{
	v->list.cur = snap(t, v, row, dir);
	list_fix(t, v);
}

void
list_move(struct tui *t, struct view *v, long delta)
{
	struct list *l = &v->list;
	size_t r = l->cur;
	int dir = delta < 0 ? -1 : 1;

	if (l->n == 0)
		return;
	for (long i = 0; i < (delta < 0 ? -delta : delta); i++) {
		size_t s = r;

		do {
			if (dir > 0 ? s + 1 >= l->n : s == 0) {
				s = (size_t)-1;
				break;
			}
			s = dir > 0 ? s + 1 : s - 1;
		} while (!selectable(t, v, s));
		if (s == (size_t)-1)
			break;
		r = s;
	}
	l->cur = r;
	list_fix(t, v);
}

void
list_page(struct tui *t, struct view *v, int dir)
{
	struct list *l = &v->list;
	size_t h = l->height > 1 ? (size_t)l->height - 1 : 1;

	if (l->n == 0)
		return;
	if (dir > 0) {
		l->top = l->top + h < l->n ? l->top + h : l->top;
		l->cur = l->cur + h < l->n ? l->cur + h : l->n - 1;
	} else {
		l->top = l->top > h ? l->top - h : 0;
		l->cur = l->cur > h ? l->cur - h : 0;
	}
	l->cur = snap(t, v, l->cur, dir);
	list_fix(t, v);
}

void
list_scroll(struct tui *t, struct view *v, long delta)
{
	struct list *l = &v->list;
	size_t h = l->height > 0 ? (size_t)l->height : 1;
	size_t max = l->n > h ? l->n - h : 0;
	long top = (long)l->top + delta;

	l->top = top < 0 ? 0 : (size_t)top > max ? max : (size_t)top;
	if (l->cur < l->top)
		l->cur = snap(t, v, l->top, 1);
	else if (l->cur >= l->top + h)
		l->cur = snap(t, v, l->top + h - 1, -1);
}

bool
list_search(struct tui *t, struct view *v, const char *needle, size_t from,
	    int dir, bool skip_from)
{
	struct list *l = &v->list;
	size_t r = from;

	if (!v->ops->grep || l->n == 0 || !needle || !*needle)
		return false;
	if (r >= l->n)
		r = l->n - 1;
	for (size_t i = 0; i < l->n; i++) {
		if (i > 0 || skip_from)
			r = dir > 0 ? (r + 1) % l->n : (r + l->n - 1) % l->n;
		if (selectable(t, v, r) && v->ops->grep(t, v, r, needle)) {
			l->cur = r;
			list_fix(t, v);
			return true;
		}
	}
	return false;
}

bool
list_command(struct tui *t, struct view *v, enum command cmd, long count)
{
	long n = count > 0 ? count : 1;

	switch (cmd) {
	case CMD_DOWN:
		list_move(t, v, n);
		return true;
	case CMD_UP:
		list_move(t, v, -n);
		return true;
	case CMD_PAGE_DOWN:
		for (long i = 0; i < n; i++)
			list_page(t, v, 1);
		return true;
	case CMD_PAGE_UP:
		for (long i = 0; i < n; i++)
			list_page(t, v, -1);
		return true;
	case CMD_FIRST:
		list_goto(t, v, 0, 1);
		if (count > 0)
			list_move(t, v, count - 1);
		return true;
	case CMD_LAST:
		if (count > 0) {
			list_goto(t, v, 0, 1);
			list_move(t, v, count - 1);
		} else {
			list_goto(t, v, v->list.n ? v->list.n - 1 : 0, -1);
		}
		return true;
	default:
		return false;
	}
}

void
list_draw(struct tui *t, struct view *v, int y, int height, int cols)
{
	struct list *l = &v->list;

	l->height = height > 0 ? height : 0;
	list_fix(t, v);
	for (int i = 0; i < height; i++) {
		size_t row = l->top + (size_t)i;

		draw_fill(y + i, 0, cols, draw_attr(PART_NORMAL));
		if (row < l->n)
			v->ops->draw(t, v, row, y + i, 0, cols, row == l->cur);
	}
}
