/* The fetcher against a local server that misbehaves on purpose
 * (tests/http/server.py): statuses, messages, bounds, politeness.
 * Usage: test_http PYTHON SERVER.PY CERT.PEM */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <cmocka.h>

#include "config.h"
#include "dateline/buf.h"
#include "dateline/fetch.h"
#include "dateline/util.h"

#define NPORTS 6
#define CAP ((size_t)1 << 20)

static const char *python, *server_py, *cert_pem;
static pid_t server_pid;
static int server_stdin = -1;
static int ports[NPORTS], tls_port;

/* What a finished job said, kept after the fetcher freed it. */
struct result {
	enum fetch_status status;
	long http_code;
	char *body;
	size_t len;
	char *charset, *etag, *last_modified, *url;
	bool cut;
	char error[256];
	int order;		/* 1 for the first to finish */
	bool done;
};

struct run {
	struct result *r;
	int finished;
};

static void
result_free(struct result *r)
{
	free(r->body);
	free(r->charset);
	free(r->etag);
	free(r->last_modified);
	free(r->url);
	memset(r, 0, sizeof *r);
}

static char *
dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* A local file's bytes: the fetcher leaves them to be read. */
static char *
file_text(const char *path)
{
	struct buf b = BUF_INIT;
	FILE *f = fopen(path, "rb");

	assert_non_null(f);
	assert_true(buf_add_file(&b, f));
	fclose(f);
	return buf_steal(&b);
}

static void
on_done(struct fetch_job *job, void *ud)
{
	struct run *run = ud;
	struct result *r = &run->r[(intptr_t)job->ud];

	assert_false(r->done);
	r->done = true;
	r->order = ++run->finished;
	r->status = job->status;
	r->http_code = job->http_code;
	r->len = job->len;
	r->body = job->body ? xstrndup(job->body, job->len) :
		  job->path ? file_text(job->path) : NULL;
	r->charset = dup_or_null(job->charset);
	r->etag = dup_or_null(job->etag);
	r->last_modified = dup_or_null(job->last_modified);
	r->url = dup_or_null(job->url);
	r->cut = job->cut;
	snprintf(r->error, sizeof r->error, "%s", job->error);
}

static char *
url_on(int port, const char *path)
{
	struct buf b = BUF_INIT;

	buf_printf(&b, "http://127.0.0.1:%d%s", port, path);
	return buf_steal(&b);
}

static void
test_opts(struct fetch_opts *o)
{
	fetch_opts_default(o);
	o->timeout = 3;
	o->max_bytes = CAP;
	o->jitter = false;
}

/* Fetch n sources at once; sources without "://" and not starting with '/'
 * are paths on the first server port. */
static void
fetch_many(const struct fetch_opts *o, const char **src, size_t n,
	   const char *etag, const char *lm, struct result *out)
{
	struct fetcher *f = fetch_new(o);
	struct run run = { out, 0 };
	size_t done, total;

	memset(out, 0, n * sizeof *out);
	for (size_t i = 0; i < n; i++) {
		char *u = src[i][0] == '/' && src[i][1] != '/' &&
			strncmp(src[i], "/tmp", 4) != 0 &&
			strncmp(src[i], "/nonexistent", 12) != 0 ?
			url_on(ports[0], src[i]) : xstrdup(src[i]);

		fetch_add(f, u, etag, lm, (void *)(intptr_t)i);
		free(u);
	}
	while (fetch_run(f, -1, 1000, on_done, &run) > 0)
		;
	fetch_progress(f, &done, &total);
	assert_int_equal(done, n);
	assert_int_equal(total, n);
	for (size_t i = 0; i < n; i++)
		assert_true(out[i].done);
	fetch_free(f);
}

static void
fetch_one(const char *src, struct result *r)
{
	struct fetch_opts o;

	test_opts(&o);
	fetch_many(&o, &src, 1, NULL, NULL, r);
}

/* A bookkeeping answer from the server, as a string. */
static char *
ask(const char *path)
{
	struct result r;
	char *s;

	fetch_one(path, &r);
	assert_int_equal(r.status, FETCH_OK);
	s = r.body;
	r.body = NULL;
	result_free(&r);
	return s;
}

static int
hits(const char *path)
{
	struct buf q = BUF_INIT;
	char *s;
	int n;

	buf_printf(&q, "/hits?p=%s", path);
	s = ask(q.data);
	n = atoi(s);
	free(s);
	buf_free(&q);
	return n;
}

static void
reset_server(void)
{
	free(ask("/reset"));
}

static void
expect_failure(const char *path, const char *message, long code)
{
	struct result r;

	fetch_one(path, &r);
	assert_int_equal(r.status, FETCH_FAILED);
	assert_string_equal(r.error, message);
	if (code >= 0)
		assert_int_equal(r.http_code, code);
	assert_null(r.body);
	result_free(&r);
}

/* A 2xx body larger than the cap: its first CAP bytes, marked cut, the
 * error saying why; *r keeps it for more checks when r is not NULL. */
static void
expect_cut(const char *path, struct result *r)
{
	struct result own;

	if (!r)
		r = &own;
	fetch_one(path, r);
	assert_int_equal(r->status, FETCH_OK);
	assert_true(r->cut);
	assert_string_equal(r->error, "larger than 1 MiB");
	assert_int_equal(r->len, CAP);
	assert_non_null(r->body);
	if (r == &own)
		result_free(r);
}

/* --- Well-behaved --------------------------------------------------- */

static char *feed;

/* The plain feed, to compare others with; fetching it is a request too. */
static const char *
feed_text(void)
{
	struct result r;

	fetch_one("/feed.xml", &r);
	assert_int_equal(r.status, FETCH_OK);
	free(feed);
	feed = r.body;
	r.body = NULL;
	result_free(&r);
	return feed;
}

static void
test_plain_feed(void **state)
{
	struct result r;

	(void)state;
	reset_server();
	fetch_one("/feed.xml", &r);
	assert_int_equal(r.status, FETCH_OK);
	assert_int_equal(r.http_code, 200);
	assert_non_null(strstr(r.body, "Ceasefire talks"));
	assert_int_equal(r.len, strlen(r.body));
	assert_string_equal(r.etag, "\"v1-abc\"");
	assert_string_equal(r.last_modified, "Sun, 28 Dec 2025 10:00:00 GMT");
	assert_null(r.charset);
	assert_non_null(strstr(r.url, "/feed.xml"));
	assert_string_equal(r.error, "");
	assert_int_equal(hits("/feed.xml"), 1);
	result_free(&r);
}

static void
test_user_agent(void **state)
{
	char *h;

	(void)state;
	(void)feed_text();
	h = ask("/headers?p=/feed.xml");
	assert_non_null(strstr(h, "User-Agent: dateline/" DATELINE_VERSION
			       " (+" DATELINE_URL ")\n"));
	/* Compressed answers are welcome. */
	assert_non_null(strstr(h, "Accept-Encoding: "));
	assert_null(strstr(h, "If-None-Match"));
	free(h);
}

static void
conditional(const char *etag, const char *lm, const char *sent)
{
	const char *src = "/feed.xml";
	struct fetch_opts o;
	struct result r;
	char *h;

	test_opts(&o);
	reset_server();
	fetch_many(&o, &src, 1, etag, lm, &r);
	assert_int_equal(r.status, FETCH_UNCHANGED);
	assert_int_equal(r.http_code, 304);
	assert_null(r.body);
	/* Never retried. */
	assert_int_equal(hits("/feed.xml"), 1);
	h = ask("/headers?p=/feed.xml");
	assert_non_null(strstr(h, sent));
	free(h);
	result_free(&r);
}

static void
test_conditional_etag(void **state)
{
	(void)state;
	conditional("\"v1-abc\"", NULL, "If-None-Match: \"v1-abc\"\n");
}

static void
test_conditional_last_modified(void **state)
{
	(void)state;
	conditional(NULL, "Sun, 28 Dec 2025 10:00:00 GMT",
		    "If-Modified-Since: Sun, 28 Dec 2025 10:00:00 GMT\n");
}

static void
test_stale_validator_gets_body(void **state)
{
	const char *src = "/feed.xml";
	struct fetch_opts o;
	struct result r;

	(void)state;
	test_opts(&o);
	fetch_many(&o, &src, 1, "\"v0-old\"", NULL, &r);
	assert_int_equal(r.status, FETCH_OK);
	assert_string_equal(r.etag, "\"v1-abc\"");
	result_free(&r);
}

static void
test_compressed(void **state)
{
	const char *src[] = { "/gzip.xml", "/deflate.xml" };
	struct fetch_opts o;
	struct result r[2];

	(void)state;
	test_opts(&o);
	fetch_many(&o, src, 2, NULL, NULL, r);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(r[i].status, FETCH_OK);
		assert_string_equal(r[i].body, feed_text());
		result_free(&r[i]);
	}
}

static void
test_html_is_fetched(void **state)
{
	struct result r;

	(void)state;
	/* Telling a page from a feed is the parser's work. */
	fetch_one("/html", &r);
	assert_int_equal(r.status, FETCH_OK);
	assert_memory_equal(r.body, "<!DOCTYPE html>", 15);
	assert_string_equal(r.charset, "utf-8");
	result_free(&r);
}

static void
test_charset_header(void **state)
{
	struct result r;

	(void)state;
	fetch_one("/charset.xml", &r);
	assert_int_equal(r.status, FETCH_OK);
	assert_string_equal(r.charset, "ISO-8859-1");
	assert_non_null(strstr(r.body, "encoding=\"utf-8\""));
	result_free(&r);
}

static void
test_redirect_followed(void **state)
{
	struct result r;

	(void)state;
	fetch_one("/moved", &r);
	assert_int_equal(r.status, FETCH_OK);
	assert_string_equal(r.body, feed_text());
	assert_non_null(strstr(r.url, "/feed.xml"));
	assert_string_equal(r.etag, "\"v1-abc\"");
	result_free(&r);
}

static void
test_no_length(void **state)
{
	struct result r;

	(void)state;
	fetch_one("/no-length", &r);
	assert_int_equal(r.status, FETCH_OK);
	assert_string_equal(r.body, feed_text());
	result_free(&r);
	/* Exactly the cap is allowed; one byte more is not. */
	fetch_one("/no-length?n=1048576", &r);
	assert_int_equal(r.status, FETCH_OK);
	assert_int_equal(r.len, CAP);
	assert_false(r.cut);
	assert_string_equal(r.error, "");
	result_free(&r);
	expect_cut("/no-length?n=1048577", NULL);
}

/* --- Retries -------------------------------------------------------- */

static void
test_not_found_not_retried(void **state)
{
	(void)state;
	reset_server();
	expect_failure("/404", "HTTP 404", 404);
	expect_failure("/410", "HTTP 410", 410);
	assert_int_equal(hits("/404"), 1);
	assert_int_equal(hits("/410"), 1);
}

static void
test_server_errors_retried(void **state)
{
	const char *src[] = { "/500", "/503", "/429", "/retry-date" };
	const char *want[] = {
		"HTTP 500 (after 3 attempts)", "HTTP 503 (after 3 attempts)",
		"HTTP 429 (after 3 attempts)", "HTTP 503 (after 3 attempts)",
	};
	struct fetch_opts o;
	struct result r[4];

	(void)state;
	reset_server();
	test_opts(&o);
	fetch_many(&o, src, 4, NULL, NULL, r);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(r[i].status, FETCH_FAILED);
		assert_string_equal(r[i].error, want[i]);
		assert_int_equal(hits(src[i]), 3);
		result_free(&r[i]);
	}
}

static void
test_retry_then_success(void **state)
{
	struct result r;

	(void)state;
	reset_server();
	fetch_one("/flaky", &r);
	assert_int_equal(r.status, FETCH_OK);
	assert_int_equal(r.http_code, 200);
	assert_string_equal(r.body, feed_text());
	assert_int_equal(hits("/flaky"), 3);
	result_free(&r);
}

/* --- Hostile -------------------------------------------------------- */

static long
max_rss_kib(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static void
test_size_cap(void **state)
{
	struct result r;

	(void)state;
	expect_cut("/bomb", NULL);
	expect_cut("/big-length", NULL);
	expect_cut("/endless", NULL);
	/* The endless body would have taken gigabytes. */
	assert_true(max_rss_kib() < 128 * 1024);
	/* a feed cut at the cap is its first CAP bytes as sent */
	expect_cut("/big-feed?items=8000", &r);
	assert_memory_equal(r.body, "<?xml version=\"1.0\"", 19);
	assert_non_null(strstr(r.body, "<guid>big-0</guid>"));
	assert_null(memchr(r.body, '\0', r.len));
	result_free(&r);
	/* the same feed under the cap is whole, not cut */
	fetch_one("/big-feed?items=100", &r);
	assert_int_equal(r.status, FETCH_OK);
	assert_false(r.cut);
	assert_non_null(strstr(r.body, "</rss>"));
	result_free(&r);
}

static void
test_timeouts(void **state)
{
	const char *src[] = { "/drip", "/hang" };
	struct fetch_opts o;
	struct result r[2];

	(void)state;
	test_opts(&o);
	fetch_many(&o, src, 2, NULL, NULL, r);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(r[i].status, FETCH_FAILED);
		assert_string_equal(r[i].error, "timed out after 3 s");
		result_free(&r[i]);
	}
}

static void
test_too_slow(void **state)
{
	const char *src[] = { "/drip", "/hang" };
	struct fetch_opts o;
	struct result r[2];

	(void)state;
	/* The low-speed limit ends them before the timeout does. */
	test_opts(&o);
	o.timeout = 20;
	o.slow_after = 2;
	fetch_many(&o, src, 2, NULL, NULL, r);
	assert_int_equal(r[0].status, FETCH_FAILED);
	assert_string_equal(r[0].error,
			    "too slow: under 16 bytes a second for 2 s");
	assert_int_equal(r[1].status, FETCH_FAILED);
	assert_string_equal(r[1].error, "no answer within 2 s");
	for (int i = 0; i < 2; i++)
		result_free(&r[i]);
}

static void
test_redirects_refused(void **state)
{
	(void)state;
	reset_server();
	expect_failure("/loop", "too many redirects", -1);
	/* The first request and five redirects. */
	assert_int_equal(hits("/loop"), 6);
	expect_failure("/to-file", "redirect to file: refused", -1);
}

static void
test_truncated(void **state)
{
	(void)state;
	struct result r;

	/* what came before the connection closed is given, marked cut */
	fetch_one("/truncated", &r);
	assert_int_equal(r.status, FETCH_OK);
	assert_true(r.cut);
	assert_string_equal(r.error, "truncated: the connection closed early");
	assert_non_null(r.body);
	assert_true(r.len > 0);
	result_free(&r);
	expect_failure("/bad-gzip", "bad compressed data", 200);
	expect_failure("/nothing", "empty reply from server", 0);
}

static void
test_connection_refused(void **state)
{
	struct sockaddr_in sa = { 0 };
	socklen_t len = sizeof sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	char *u;

	(void)state;
	/* A port that was free a moment ago. */
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	close(fd);
	u = url_on(ntohs(sa.sin_port), "/feed.xml");
	expect_failure(u, "connection refused", 0);
	free(u);
}

static void
test_tls_verified(void **state)
{
	struct buf u = BUF_INIT;
	struct fetch_opts o;
	struct result r;
	const char *src;

	(void)state;
	buf_printf(&u, "https://127.0.0.1:%d/feed.xml", tls_port);
	src = u.data;
	/* Nobody vouches for the server's certificate ... */
	expect_failure(src, "TLS: self-signed certificate", 0);
	/* ... and when the test trusts it, it has expired all the same. */
	test_opts(&o);
	o.ca_file = cert_pem;
	fetch_many(&o, &src, 1, NULL, NULL, &r);
	assert_int_equal(r.status, FETCH_FAILED);
	assert_string_equal(r.error, "TLS: certificate expired");
	result_free(&r);
	buf_free(&u);
}

static void
test_unknown_host(void **state)
{
	(void)state;
	/* .invalid never resolves (RFC 2606). */
	expect_failure("http://nonexistent.invalid/feed.xml",
		       "could not resolve host", 0);
}

static void
test_other_schemes(void **state)
{
	(void)state;
	expect_failure("ftp://127.0.0.1/feed.xml", "unsupported scheme: ftp",
		       0);
	expect_failure("gopher://127.0.0.1/", "unsupported scheme: gopher",
		       0);
}

static void
test_local_files(void **state)
{
	char path[] = "/tmp/dateline-fetch-XXXXXX";
	int fd = mkstemp(path);
	struct buf u = BUF_INIT;
	struct result r;

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "<rss/>\n", 7), 7);
	close(fd);
	fetch_one(path, &r);
	assert_int_equal(r.status, FETCH_OK);
	assert_string_equal(r.body, "<rss/>\n");
	result_free(&r);
	buf_printf(&u, "file://%s", path);
	fetch_one(u.data, &r);
	assert_int_equal(r.status, FETCH_OK);
	assert_int_equal(r.len, 7);
	result_free(&r);
	unlink(path);
	expect_failure(path, "cannot read: No such file or directory", 0);
	expect_failure(u.data, "cannot read: No such file or directory", 0);
	buf_free(&u);
}

/* --- Many at once --------------------------------------------------- */

static void
stats(int *all, int *per_port)
{
	char *s = ask("/stats");

	assert_int_equal(sscanf(s, "all %d\nport %d", all, per_port), 2);
	free(s);
}

static void
parallel(int n, int total, int *all, int *per_port)
{
	struct fetch_opts o;
	struct result *r = xcalloc((size_t)n, sizeof *r);
	char **src = xcalloc((size_t)n, sizeof *src);

	fetch_opts_default(&o);
	o.timeout = 20;
	o.total = total;
	for (int i = 0; i < n; i++) {
		struct buf b = BUF_INIT;

		buf_printf(&b, "http://127.0.0.1:%d/slow/%d?s=0.3",
			   ports[i % NPORTS], i);
		src[i] = buf_steal(&b);
	}
	reset_server();
	fetch_many(&o, (const char **)src, (size_t)n, NULL, NULL, r);
	for (int i = 0; i < n; i++) {
		assert_int_equal(r[i].status, FETCH_OK);
		result_free(&r[i]);
		free(src[i]);
	}
	free(r);
	free(src);
	stats(all, per_port);
}

static void
test_parallel_and_polite(void **state)
{
	int all, per_port;

	(void)state;
	/* Default limits: 2 per host (a port is a host), 16 in all. */
	parallel(60, 16, &all, &per_port);
	assert_true(all > 2);
	assert_true(all <= 16);
	assert_true(per_port <= 2);
	/* A lower total is obeyed too. */
	parallel(24, 3, &all, &per_port);
	assert_true(all <= 3);
	assert_true(per_port <= 2);
}

static void
test_slow_among_fast(void **state)
{
	const char *src[] = { "/slow/x?s=2", "/feed.xml", "/gzip.xml",
			      "/deflate.xml", "/html", "/hang" };
	struct fetch_opts o;
	struct result r[6];

	(void)state;
	test_opts(&o);
	o.per_host = 6;
	fetch_many(&o, src, 6, NULL, NULL, r);
	assert_int_equal(r[0].status, FETCH_OK);
	assert_int_equal(r[0].order, 5);
	for (int i = 1; i < 5; i++) {
		assert_int_equal(r[i].status, FETCH_OK);
		assert_true(r[i].order < r[0].order);
	}
	assert_int_equal(r[5].status, FETCH_FAILED);
	assert_int_equal(r[5].order, 6);
	for (int i = 0; i < 6; i++)
		result_free(&r[i]);
}

static int64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
test_extra_fd_wakes(void **state)
{
	struct fetch_opts o;
	struct fetcher *f;
	struct result r = { 0 };
	struct run run = { &r, 0 };
	char *u = url_on(ports[0], "/hang");
	int fds[2];
	int64_t t0;

	(void)state;
	test_opts(&o);
	o.timeout = 30;
	f = fetch_new(&o);
	fetch_add(f, u, NULL, NULL, (void *)(intptr_t)0);
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], "k", 1), 1);
	t0 = mono_ms();
	/* A key press ends the wait long before the 20 s asked for. */
	assert_int_equal(fetch_run(f, fds[0], 20000, on_done, &run), 1);
	assert_true(mono_ms() - t0 < 10000);
	assert_false(r.done);
	fetch_free(f);
	close(fds[0]);
	close(fds[1]);
	free(u);
}

/* --- The server ----------------------------------------------------- */

static int
start_server(void **state)
{
	int in[2], out[2];
	char line[256];
	FILE *fp;
	int n;

	(void)state;
	if (pipe(in) || pipe(out))
		return -1;
	server_pid = fork();
	if (server_pid < 0)
		return -1;
	if (server_pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[0]);
		close(in[1]);
		close(out[0]);
		close(out[1]);
		execl(python, python, server_py, cert_pem, (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	server_stdin = in[1];
	fp = fdopen(out[0], "r");
	if (!fp || !fgets(line, sizeof line, fp)) {
		fprintf(stderr, "test server did not start\n");
		return -1;
	}
	fclose(fp);
	n = sscanf(line, "PORTS %d %d %d %d %d %d TLS %d", &ports[0],
		   &ports[1], &ports[2], &ports[3], &ports[4], &ports[5],
		   &tls_port);
	return n == NPORTS + 1 ? 0 : -1;
}

static int
stop_server(void **state)
{
	(void)state;
	/* Closing its standard input stops it; the signal makes sure. */
	if (server_stdin >= 0)
		close(server_stdin);
	if (server_pid > 0) {
		kill(server_pid, SIGTERM);
		waitpid(server_pid, NULL, 0);
	}
	free(feed);
	return 0;
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_feed),
		cmocka_unit_test(test_user_agent),
		cmocka_unit_test(test_conditional_etag),
		cmocka_unit_test(test_conditional_last_modified),
		cmocka_unit_test(test_stale_validator_gets_body),
		cmocka_unit_test(test_compressed),
		cmocka_unit_test(test_html_is_fetched),
		cmocka_unit_test(test_charset_header),
		cmocka_unit_test(test_redirect_followed),
		cmocka_unit_test(test_no_length),
		cmocka_unit_test(test_not_found_not_retried),
		cmocka_unit_test(test_server_errors_retried),
		cmocka_unit_test(test_retry_then_success),
		cmocka_unit_test(test_size_cap),
		cmocka_unit_test(test_timeouts),
		cmocka_unit_test(test_too_slow),
		cmocka_unit_test(test_redirects_refused),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_connection_refused),
		cmocka_unit_test(test_unknown_host),
		cmocka_unit_test(test_other_schemes),
		cmocka_unit_test(test_tls_verified),
		cmocka_unit_test(test_local_files),
		cmocka_unit_test(test_parallel_and_polite),
		cmocka_unit_test(test_slow_among_fast),
		cmocka_unit_test(test_extra_fd_wakes),
	};

	if (argc != 4) {
		fprintf(stderr, "usage: test_http PYTHON SERVER.PY CERT.PEM\n");
		return 2;
	}
	python = argv[1];
	server_py = argv[2];
	cert_pem = argv[3];
	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, start_server, stop_server);
}
