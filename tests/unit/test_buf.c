/* The growable string and the allocation helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dateline/buf.h"
#include "dateline/embedded.h"
#include "dateline/model.h"
#include "dateline/util.h"

static void
test_add_and_grow(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	for (int i = 0; i < 1000; i++)
		buf_adds(&b, "abc");
	assert_int_equal(b.len, 3000);
	assert_int_equal(strlen(b.data), 3000);
	assert_true(b.cap > b.len);
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	buf_printf(&b, "%d-%s", 42, "x");
	buf_addc(&b, '!');
	assert_string_equal(b.data, "42-x!");
	buf_free(&b);
	assert_null(b.data);
}

static void
test_steal_empty(void **state)
{
	struct buf b = BUF_INIT;
	char *s = buf_steal(&b);

	(void)state;
	assert_string_equal(s, "");
	free(s);
	buf_add(&b, "xy", 2);
	s = buf_steal(&b);
	assert_string_equal(s, "xy");
	assert_null(b.data);
	free(s);
}

static void
test_long_printf(void **state)
{
	struct buf b = BUF_INIT;
	char big[5000];

	(void)state;
	memset(big, 'z', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	buf_printf(&b, "[%s]", big);
	assert_int_equal(b.len, sizeof big + 1);
	assert_int_equal(b.data[0], '[');
	assert_int_equal(b.data[b.len - 1], ']');
	buf_free(&b);
}

static void
test_story_id_fallbacks(void **state)
{
	struct story a = { 0 }, b = { 0 }, c = { 0 };

	(void)state;
	a.link = xstrdup("https://example.org/a");
	story_normalise(&a);
	assert_string_equal(a.id, "https://example.org/a");
	assert_string_equal(a.title, "");

	b.title = xstrdup("Same title");
	c.title = xstrdup("Same title");
	story_normalise(&b);
	story_normalise(&c);
	assert_memory_equal(b.id, "hash:", 5);
	assert_string_equal(b.id, c.id);	/* stable */
	story_free(&a);
	story_free(&b);
	story_free(&c);
}

static void
test_embedded_assets(void **state)
{
	const struct embedded_file *f = embedded_find("actors.tsv");

	(void)state;
	assert_non_null(f);
	assert_true(f->len > 0);
	assert_int_equal(f->data[f->len], '\0');
	assert_non_null(embedded_find("sample/kestrel-wire.xml"));
	assert_null(embedded_find("no/such/file"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_and_grow),
		cmocka_unit_test(test_steal_empty),
		cmocka_unit_test(test_long_printf),
		cmocka_unit_test(test_story_id_fallbacks),
		cmocka_unit_test(test_embedded_assets),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
