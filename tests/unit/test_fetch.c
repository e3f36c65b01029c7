/* The fetcher without a network: local sources, progress, bookkeeping.
 * (Downloads are tested in tests/http against a local server.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "dateline/buf.h"
#include "dateline/fetch.h"
#include "dateline/util.h"

struct seen {
	int calls;
	int order[8];
	enum fetch_status status[8];
	char error[8][256];
	size_t len[8];
	bool had_body[8];	/* read by the fetcher, not left as a path */
};

static void
on_done(struct fetch_job *job, void *ud)
{
	struct seen *s = ud;
	int i = (int)(intptr_t)job->ud;

	assert_true(i >= 0 && i < 8);
	s->order[i] = ++s->calls;
	s->status[i] = job->status;
	s->len[i] = job->len;
	s->had_body[i] = job->body != NULL;
	snprintf(s->error[i], sizeof s->error[i], "%s", job->error);
	if (job->status == FETCH_OK && job->path) {
		/* a file of its own: left to be read as it is parsed */
		struct stat st;

		assert_null(job->body);
		assert_int_equal(stat(job->path, &st), 0);
		assert_int_equal((size_t)st.st_size, job->len);
	} else if (job->status == FETCH_OK) {
		assert_non_null(job->body);
		assert_int_equal(job->body[job->len], '\0');
	}
}

static void
test_is_remote(void **state)
{
	(void)state;
	assert_true(fetch_is_remote("http://a.example/"));
	assert_true(fetch_is_remote("HTTPS://a.example/"));
	assert_false(fetch_is_remote("file:///tmp/x"));
	assert_false(fetch_is_remote("/tmp/x"));
	assert_false(fetch_is_remote("ftp://a.example/"));
	assert_false(fetch_is_remote("httpx://a.example/"));
}

static void
test_defaults(void **state)
{
	struct fetch_opts o;

	(void)state;
	fetch_opts_default(&o);
	assert_int_equal(o.timeout, 60);
	assert_int_equal(o.max_bytes, 16u << 20);
	assert_int_equal(o.per_host, 2);
	assert_int_equal(o.total, 16);
	assert_true(o.jitter);
	assert_null(o.ca_file);
	assert_int_equal(o.slow_after, 30);
}

static void
test_local_sources(void **state)
{
	char path[] = "/tmp/dateline-fetch-XXXXXX";
	int fd = mkstemp(path);
	struct buf url = BUF_INIT, lh = BUF_INIT;
	struct fetcher *f = fetch_new(NULL);
	struct seen s = { 0 };
	size_t done, total;

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "<rss>\0</rss>", 12), 12);
	close(fd);
	buf_printf(&url, "file://%s", path);
	/* "/tmp/dateline-fetch-XXXXXX" with its 'd' as %64. */
	buf_printf(&lh, "file://localhost/tmp/%%64%s", path + 6);
	fetch_add(f, path, NULL, NULL, (void *)0);
	fetch_add(f, url.data, "\"etag\"", NULL, (void *)1);
	fetch_add(f, lh.data, NULL, NULL, (void *)2);
	fetch_add(f, "/nonexistent/feed.xml", NULL, NULL, (void *)3);
	fetch_add(f, "/tmp", NULL, NULL, (void *)4);
	fetch_add(f, "gopher://a.example/", NULL, NULL, (void *)5);
	fetch_add(f, "file://host/x.xml", NULL, NULL, (void *)6);
	fetch_progress(f, &done, &total);
	assert_int_equal(done, 0);
	assert_int_equal(total, 7);
	/* Nothing happens before the loop turns; then all at once. */
	assert_int_equal(s.calls, 0);
	assert_int_equal(fetch_run(f, -1, 5000, on_done, &s), 0);
	assert_int_equal(s.calls, 7);
	fetch_progress(f, &done, &total);
	assert_int_equal(done, 7);
	for (int i = 0; i < 7; i++)
		assert_int_equal(s.order[i], i + 1);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(s.status[i], FETCH_OK);
		/* the file's size, the NUL inside counted */
		assert_int_equal(s.len[i], 12);
	}
	assert_int_equal(s.status[3], FETCH_FAILED);
	assert_string_equal(s.error[3],
			    "cannot read: No such file or directory");
	assert_string_equal(s.error[4], "cannot read: Is a directory");
	assert_string_equal(s.error[5], "unsupported scheme: gopher");
	assert_string_equal(s.error[6], "not a local file URL");
	/* The next refresh counts on its own; a device is read at once,
	 * whole (nothing, here). */
	fetch_add(f, "/dev/null", NULL, NULL, (void *)7);
	fetch_progress(f, &done, &total);
	assert_int_equal(done, 0);
	assert_int_equal(total, 1);
	assert_int_equal(fetch_run(f, -1, 5000, on_done, &s), 0);
	fetch_progress(f, &done, &total);
	assert_int_equal(done, 1);
	assert_int_equal(s.status[7], FETCH_OK);
	assert_int_equal(s.len[7], 0);
	assert_true(s.had_body[7]);
	fetch_free(f);
	unlink(path);
	buf_free(&url);
	buf_free(&lh);
}

static void
test_idle_and_free_pending(void **state)
{
	struct fetch_opts o;
	struct fetcher *f;
	struct seen s = { 0 };

	(void)state;
	fetch_opts_default(&o);
	f = fetch_new(&o);
	assert_int_equal(fetch_run(f, -1, 10, on_done, &s), 0);
	/* Freed with work queued: nothing leaks, nothing is called. */
	fetch_add(f, "http://127.0.0.1:9/feed.xml", "\"e\"", "Sun, 28 Dec "
		  "2025 10:00:00 GMT", NULL);
	fetch_add(f, "/nonexistent", NULL, NULL, NULL);
	fetch_free(f);
	assert_int_equal(s.calls, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_is_remote),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_local_sources),
		cmocka_unit_test(test_idle_and_free_pending),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
