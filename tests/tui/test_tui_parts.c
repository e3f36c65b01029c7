/* The parts of the interface that need no terminal: the key table and its
 * configuration, the prompt's readline editing, the list widget's
 * movement over rows the cursor may not rest on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../src/tui/tui_int.h"

#define CTRL(c) ((c) & 0x1f)

static void
test_keys_defaults(void **state)
{
	char name[16];

	keys_init();
	assert_int_equal(keys_command('j'), CMD_DOWN);
	assert_int_equal(keys_command(KEY_DOWN), CMD_DOWN);
	assert_int_equal(keys_command('?'), CMD_HELP);
	assert_int_equal(keys_command('q'), CMD_QUIT);
	assert_int_equal(keys_command(27), CMD_ESCAPE);
	assert_int_equal(keys_command('Z'), CMD_NONE);
	keys_name(KEY_NPAGE, name, sizeof name);
	assert_string_equal(name, "PgDn");
	keys_name(CTRL('u'), name, sizeof name);
	assert_string_equal(name, "C-u");
	keys_name('[', name, sizeof name);
	assert_string_equal(name, "[");
	keys_free();
}

static void
test_keys_bind(void **state)
{
	char err[128];

	keys_init();
	assert_int_equal(keys_bind("x", "down", err, sizeof err), 0);
	assert_int_equal(keys_command('x'), CMD_DOWN);
	assert_int_equal(keys_bind("j", "quit", err, sizeof err), 0);
	assert_int_equal(keys_command('j'), CMD_QUIT);
	assert_int_equal(keys_bind("C-n", "next-day", err, sizeof err), 0);
	assert_int_equal(keys_command(CTRL('n')), CMD_NEXT_DAY);
	assert_int_equal(keys_bind("Space", "page-up", err, sizeof err), 0);
	assert_int_equal(keys_command(' '), CMD_PAGE_UP);
	assert_int_equal(keys_bind("x", "fly", err, sizeof err), -1);
	assert_non_null(strstr(err, "unknown command 'fly'"));
	assert_int_equal(keys_bind("Hyper-x", "down", err, sizeof err), -1);
	assert_non_null(strstr(err, "unknown key"));
	assert_int_equal(keys_unbind("k", err, sizeof err), 0);
	assert_int_equal(keys_command('k'), CMD_NONE);
	keys_free();
}

static void
type_str(struct prompt *p, const char *s)
{
	while (*s) {
		int cp;
		size_t n;

		/* Decode by hand: the prompt receives code points. */
		unsigned char c = (unsigned char)*s;
		if (c < 0x80) {
			cp = c;
			n = 1;
		} else if (c < 0xe0) {
			cp = ((c & 0x1f) << 6) | (s[1] & 0x3f);
			n = 2;
		} else {
			cp = ((c & 0x0f) << 12) | ((s[1] & 0x3f) << 6) |
				(s[2] & 0x3f);
			n = 3;
		}
		assert_int_equal(prompt_key(p, cp, true), PROMPT_EDITED);
		s += n;
	}
}

static void
test_prompt_editing(void **state)
{
	struct prompt p = { 0 };

	prompt_open(&p, PROMPT_FILTER, "filter: ", "abc");
	assert_string_equal(p.text.data, "abc");
	assert_int_equal(p.pos, 3);
	prompt_key(&p, CTRL('a'), false);
	type_str(&p, "x");
	prompt_key(&p, CTRL('e'), false);
	type_str(&p, "y");
	assert_string_equal(p.text.data, "xabcy");
	prompt_key(&p, KEY_BACKSPACE, false);
	assert_string_equal(p.text.data, "xabc");
	type_str(&p, " путин");
	prompt_key(&p, 127, false);
	assert_string_equal(p.text.data, "xabc пути");
	prompt_key(&p, CTRL('w'), false);
	assert_string_equal(p.text.data, "xabc ");
	prompt_key(&p, KEY_LEFT, false);
	prompt_key(&p, CTRL('k'), false);
	assert_string_equal(p.text.data, "xabc");
	prompt_key(&p, CTRL('u'), false);
	assert_string_equal(p.text.data, "");
	assert_int_equal(prompt_key(&p, '\r', false), PROMPT_ACCEPT);
	assert_int_equal(prompt_key(&p, 27, false), PROMPT_CANCEL);
	buf_free(&p.text);
}

/* A view of ten rows where rows 0, 4 and 5 are headings. */
static bool
not_heading(struct tui *t, struct view *v, size_t row)
{
	return row != 0 && row != 4 && row != 5;
}

static bool
grep_even(struct tui *t, struct view *v, size_t row, const char *needle)
{
	return row % 2 == 0;
}

static const struct view_ops rows_ops = {
	.name = "rows",
	.selectable = not_heading,
	.grep = grep_even,
};

static void
test_list_movement(void **state)
{
	struct view v = { .ops = &rows_ops };

	v.list.n = 10;
	v.list.height = 4;
	list_goto(NULL, &v, 0, 1);
	assert_int_equal(v.list.cur, 1);
	list_move(NULL, &v, 2);
	assert_int_equal(v.list.cur, 3);
	list_move(NULL, &v, 1);		/* over two headings */
	assert_int_equal(v.list.cur, 6);
	assert_true(v.list.cur < v.list.top + 4);
	list_move(NULL, &v, -1);
	assert_int_equal(v.list.cur, 3);
	/* Its heading above stays in view when the cursor goes up. */
	list_move(NULL, &v, -5);
	assert_int_equal(v.list.cur, 1);
	assert_int_equal(v.list.top, 0);
	list_command(NULL, &v, CMD_LAST, 0);
	assert_int_equal(v.list.cur, 9);
	assert_int_equal(v.list.top, 6);
	list_command(NULL, &v, CMD_FIRST, 3);	/* 3g: the third event */
	assert_int_equal(v.list.cur, 3);
	list_page(NULL, &v, 1);
	assert_true(not_heading(NULL, &v, v.list.cur));
	assert_true(v.list.cur > 3);
	assert_true(list_search(NULL, &v, "x", 9, 1, true));
	assert_int_equal(v.list.cur, 2);	/* wrapped past 0, a heading */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys_defaults),
		cmocka_unit_test(test_keys_bind),
		cmocka_unit_test(test_prompt_editing),
		cmocka_unit_test(test_list_movement),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
