/* Fetching: every download runs on one curl multi handle, polite (limits per
 * host, start jitter, conditional GET, few retries) and bounded (size cap,
 * timeouts, http and https only).  Local files are read directly. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include <curl/curl.h>

#include "config.h"
#include "dateline/buf.h"
#include "dateline/fetch.h"
#include "dateline/util.h"

#define MAX_ATTEMPTS	3	/* the first try and two retries */
#define RETRY_MIN_S	1
#define RETRY_MAX_S	30
#define HEADER_MAX	1024	/* longest validator or charset we keep */
#define LOW_SPEED_BYTES	16	/* bytes a second for opt.slow_after s, and
				 * the transfer ends */
#define CONNECT_TIMEOUT	15
/* Start delay per host, at most.  Small, because it adds to the
 * whole refresh: 10 sources of 0.5 s on one host, 2 at a time, already take
 * 2.5 s, and 60 such sources on 6 hosts must be in within 3 s. */
#define JITTER_MAX_MS	250

struct job {
	struct fetch_job pub;
	struct job *next;
	struct fetcher *f;
	CURL *easy;
	struct curl_slist *headers;
	char *sent_etag, *sent_last_modified;
	struct buf body;
	char *location;		/* Location of the last response */
	long retry_after;	/* seconds from Retry-After, or -1 */
	int64_t start;		/* not added to the multi handle before */
	size_t host;		/* in fetcher.hosts */
	int attempts;
	bool local;
	bool too_big;
	char errbuf[CURL_ERROR_SIZE];
};

/* A host as curl counts them (name and port): its transfers and delay. */
struct host {
	char *key;
	int64_t start;		/* its sources wait for this */
	int active;		/* transfers in the multi handle */
};

struct fetcher {
	struct fetch_opts opt;
	CURLM *multi;
	struct job *waiting;	/* network jobs not started yet, in order */
	struct job **waiting_tail;
	struct job *running;	/* in the multi handle */
	struct job *local;	/* files, read in the next fetch_run */
	struct host *hosts;
	size_t nhosts;
	int active;		/* transfers in the multi handle */
	size_t done, total;
	uint64_t rng;
	char *user_agent;
	char *ca_file;		/* our copy of opt.ca_file */
};

/* splitmix64's mixer, so that close seeds start far apart; never 0. */
static uint64_t
seed(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	x ^= x >> 31;
	return x ? x : 88172645463325252ull;
}

/* xorshift64*: the jitter needs no more than a spread. */
static unsigned
rnd(struct fetcher *f, unsigned below)
{
	f->rng ^= f->rng >> 12;
	f->rng ^= f->rng << 25;
	f->rng ^= f->rng >> 27;
	return below ? (unsigned)((f->rng * 2685821657736338717ull) >> 33) %
		below : 0;
}

void
fetch_opts_default(struct fetch_opts *o)
{
	o->timeout = 60;
	o->max_bytes = (size_t)16 << 20;
	o->per_host = 2;
	o->total = 16;
	o->jitter = true;
	o->ca_file = NULL;
	o->slow_after = 30;
}

bool
fetch_is_remote(const char *source)
{
	return strncasecmp(source, "http://", 7) == 0 ||
	       strncasecmp(source, "https://", 8) == 0;
}

/* "scheme://..." with a scheme of RFC 3986 characters; anything else is a
 * path. */
static size_t
scheme_len(const char *s)
{
	size_t i = 0;

	if (!isalpha((unsigned char)s[0]))
		return 0;
	while (isalnum((unsigned char)s[i]) || s[i] == '+' || s[i] == '-' ||
	       s[i] == '.')
		i++;
	return strncmp(s + i, "://", 3) == 0 ? i : 0;
}

struct fetcher *
fetch_new(const struct fetch_opts *o)
{
	static bool initialised;
	struct fetcher *f = xcalloc(1, sizeof *f);
	struct buf ua = BUF_INIT;

	if (!initialised) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
			die("cannot initialise libcurl");
		initialised = true;
	}
	if (o)
		f->opt = *o;
	else
		fetch_opts_default(&f->opt);
	if (f->opt.per_host < 1)
		f->opt.per_host = 1;
	if (f->opt.total < 1)
		f->opt.total = 1;
	if (f->opt.timeout < 1)
		f->opt.timeout = 1;
	if (f->opt.slow_after < 1)	/* unset: the default */
		f->opt.slow_after = 30;
	if (f->opt.ca_file)
		f->opt.ca_file = f->ca_file = xstrdup(f->opt.ca_file);
	f->waiting_tail = &f->waiting;
	f->multi = curl_multi_init();
	if (!f->multi)
		die("out of memory");
	curl_multi_setopt(f->multi, CURLMOPT_MAX_HOST_CONNECTIONS,
			  (long)f->opt.per_host);
	curl_multi_setopt(f->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
			  (long)f->opt.total);
	f->rng = seed(((uint64_t)time(NULL) << 20) ^ (uint64_t)getpid() ^
		      ((uint64_t)now_ms() << 32) ^ (uintptr_t)f);
	buf_printf(&ua, "dateline/%s (+%s)", DATELINE_VERSION, DATELINE_URL);
	f->user_agent = buf_steal(&ua);
	return f;
}

static void
job_reset_response(struct job *j)
{
	buf_free(&j->body);
	free(j->location);
	free(j->pub.etag);
	free(j->pub.last_modified);
	free(j->pub.charset);
	j->location = j->pub.etag = j->pub.last_modified = NULL;
	j->pub.charset = NULL;
	j->retry_after = -1;
	j->too_big = false;
	j->errbuf[0] = '\0';
}

static void
job_free(struct job *j)
{
	if (j->easy)
		curl_easy_cleanup(j->easy);
	curl_slist_free_all(j->headers);
	job_reset_response(j);
	free(j->pub.source);
	free(j->pub.body);
	free(j->pub.path);
	free(j->pub.url);
	free(j->sent_etag);
	free(j->sent_last_modified);
	free(j);
}

static void
free_list(struct fetcher *f, struct job *j, bool in_multi)
{
	while (j) {
		struct job *next = j->next;

		if (in_multi && j->easy)
			curl_multi_remove_handle(f->multi, j->easy);
		job_free(j);
		j = next;
	}
}

void
fetch_free(struct fetcher *f)
{
	if (!f)
		return;
	free_list(f, f->running, true);
	free_list(f, f->waiting, false);
	free_list(f, f->local, false);
	curl_multi_cleanup(f->multi);
	for (size_t i = 0; i < f->nhosts; i++)
		free(f->hosts[i].key);
	free(f->hosts);
	free(f->user_agent);
	free(f->ca_file);
	free(f);
}

void
fetch_progress(const struct fetcher *f, size_t *done, size_t *total)
{
	*done = f->done;
	*total = f->total;
}

/* --- Responses ------------------------------------------------------ */

/* A header value without the name, surrounding blanks and CR LF. */
static char *
header_value(const char *line, size_t n, size_t name_len)
{
	const char *s = line + name_len, *e = line + n;

	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	while (e > s && (e[-1] == '\r' || e[-1] == '\n' || e[-1] == ' ' ||
			 e[-1] == '\t'))
		e--;
	if ((size_t)(e - s) > HEADER_MAX)
		return NULL;
	for (const char *p = s; p < e; p++)
		if ((unsigned char)*p < 0x20 && *p != '\t')
			return NULL;
	return xstrndup(s, (size_t)(e - s));
}

static bool
header_is(const char *line, size_t n, const char *name)
{
	size_t len = strlen(name);

	return n > len && strncasecmp(line, name, len) == 0;
}

/* The charset parameter of a Content-Type, or NULL. */
static char *
content_charset(const char *type)
{
	const char *p = type;
	size_t n;

	while ((p = strchr(p, ';'))) {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, "charset=", 8) != 0)
			continue;
		p += 8;
		if (*p == '"')
			p++;
		n = strspn(p, "abcdefghijklmnopqrstuvwxyz"
			   "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:+");
		return n && n <= 40 ? xstrndup(p, n) : NULL;
	}
	return NULL;
}

/* Retry-After: delta seconds or an HTTP date ("Sun, 06 Nov 1994 08:49:37
 * GMT"); -1 when neither. */
static long
parse_retry_after(const char *v)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	struct tm tm = { 0 };
	char mon[4];
	const char *m;
	char *end;
	long s;
	time_t t;

	if (isdigit((unsigned char)*v)) {
		errno = 0;
		s = strtol(v, &end, 10);
		return errno || *end ? -1 : s;
	}
	if (sscanf(v, "%*3s %2d %3s %4d %2d:%2d:%2d", &tm.tm_mday, mon,
		   &tm.tm_year, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6 ||
	    strlen(mon) != 3 || !(m = strstr(months, mon)) ||
	    (m - months) % 3)
		return -1;
	tm.tm_mon = (int)(m - months) / 3;
	tm.tm_year -= 1900;
	t = timegm(&tm);
	return t == (time_t)-1 ? -1 : (long)(t - time(NULL));
}

static void
replace(char **field, char *value)
{
	free(*field);
	*field = value;
}

static size_t
on_header(char *line, size_t size, size_t nitems, void *ud)
{
	struct job *j = ud;
	size_t n = size * nitems;
	char *v;

	/* A new response (a redirect, a retry, 100 Continue) starts over. */
	if (n >= 5 && strncmp(line, "HTTP/", 5) == 0) {
		replace(&j->location, NULL);
		replace(&j->pub.etag, NULL);
		replace(&j->pub.last_modified, NULL);
		replace(&j->pub.charset, NULL);
		j->retry_after = -1;
	} else if (header_is(line, n, "etag:")) {
		replace(&j->pub.etag, header_value(line, n, 5));
	} else if (header_is(line, n, "last-modified:")) {
		replace(&j->pub.last_modified, header_value(line, n, 14));
	} else if (header_is(line, n, "location:")) {
		replace(&j->location, header_value(line, n, 9));
	} else if (header_is(line, n, "content-type:")) {
		if ((v = header_value(line, n, 13))) {
			replace(&j->pub.charset, content_charset(v));
			free(v);
		}
	} else if (header_is(line, n, "retry-after:")) {
		if ((v = header_value(line, n, 12))) {
			j->retry_after = parse_retry_after(v);
			free(v);
		}
	}
	return n;
}

/* The cap counts decompressed bytes: curl hands us what it inflated.
 * What fits is kept (a feed cut there still gives its first items), and
 * the transfer ends. */
static size_t
on_body(char *data, size_t size, size_t nitems, void *ud)
{
	struct job *j = ud;
	size_t n = size * nitems;

	if (n > j->f->opt.max_bytes - j->body.len) {
		buf_add(&j->body, data, j->f->opt.max_bytes - j->body.len);
		j->too_big = true;
		return 0;
	}
	buf_add(&j->body, data, n);
	return n;
}

/* --- Starting transfers --------------------------------------------- */

/* The host of a URL as "name:port", as curl limits connections per host. */
static char *
host_key(const char *url)
{
	CURLU *u = curl_url();
	char *host = NULL, *port = NULL;
	struct buf key = BUF_INIT;

	if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK) {
		curl_url_get(u, CURLUPART_HOST, &host, 0);
		curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT);
	}
	buf_printf(&key, "%s:%s", host ? host : "", port ? port : "");
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
	return buf_steal(&key);
}

/* Find or add the job's host and set its start time. */
static void
place(struct fetcher *f, struct job *j)
{
	char *key = host_key(j->pub.source);
	int64_t now = now_ms();
	size_t i;

	for (i = 0; i < f->nhosts; i++)
		if (strcasecmp(f->hosts[i].key, key) == 0)
			break;
	if (i == f->nhosts) {
		f->hosts = xreallocarray(f->hosts, f->nhosts + 1,
					 sizeof *f->hosts);
		f->hosts[i].key = key;
		f->hosts[i].start = 0;
		f->hosts[i].active = 0;
		f->nhosts++;
	} else {
		free(key);
	}
	/* A host's sources in one refresh share its delay; a later refresh
	 * draws a new one. */
	if (f->hosts[i].start <= now)
		f->hosts[i].start = now + (f->opt.jitter ?
					   rnd(f, JITTER_MAX_MS) : 0);
	j->host = i;
	j->start = f->hosts[i].start;
}

static void
enqueue(struct fetcher *f, struct job *j)
{
	j->next = NULL;
	*f->waiting_tail = j;
	f->waiting_tail = &j->next;
}

static void
add_header(struct job *j, const char *name, const char *value)
{
	struct buf h = BUF_INIT;

	buf_printf(&h, "%s: %s", name, value);
	j->headers = curl_slist_append(j->headers, h.data);
	buf_free(&h);
	if (!j->headers)
		die("out of memory");
}

/* Stored validators go back exactly, unless they could break the request. */
static bool
header_safe(const char *v)
{
	if (!v || !*v || strlen(v) > HEADER_MAX)
		return false;
	for (; *v; v++)
		if ((unsigned char)*v < 0x20 || *v == 0x7f)
			return false;
	return true;
}

static void
setup_easy(struct fetcher *f, struct job *j)
{
	CURL *e = curl_easy_init();

	if (!e)
		die("out of memory");
	j->easy = e;
	curl_easy_setopt(e, CURLOPT_URL, j->pub.source);
	curl_easy_setopt(e, CURLOPT_PRIVATE, j);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(e, CURLOPT_MAXREDIRS, 5L);
	curl_easy_setopt(e, CURLOPT_TIMEOUT, f->opt.timeout);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, (long)CONNECT_TIMEOUT);
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, (long)LOW_SPEED_BYTES);
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, f->opt.slow_after);
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_USERAGENT, f->user_agent);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, j);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, j);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, j->errbuf);
	if (f->opt.ca_file)
		curl_easy_setopt(e, CURLOPT_CAINFO, f->opt.ca_file);
	if (header_safe(j->sent_etag))
		add_header(j, "If-None-Match", j->sent_etag);
	if (header_safe(j->sent_last_modified))
		add_header(j, "If-Modified-Since", j->sent_last_modified);
	if (j->headers)
		curl_easy_setopt(e, CURLOPT_HTTPHEADER, j->headers);
}

void
fetch_add(struct fetcher *f, const char *source, const char *etag,
	  const char *last_modified, void *ud)
{
	struct job *j = xcalloc(1, sizeof *j);

	j->f = f;
	j->pub.source = xstrdup(source);
	j->pub.ud = ud;
	j->retry_after = -1;
	/* A new batch after the last one finished counts from zero. */
	if (f->done == f->total)
		f->done = f->total = 0;
	f->total++;
	if (!fetch_is_remote(source)) {
		j->local = true;
		j->next = f->local;
		f->local = j;
		return;
	}
	j->sent_etag = etag ? xstrdup(etag) : NULL;
	j->sent_last_modified = last_modified ? xstrdup(last_modified) : NULL;
	setup_easy(f, j);
	place(f, j);
	enqueue(f, j);
}

/* Hand curl the jobs that are due and have a free slot, in order: we keep
 * the queue ourselves, since curl wakes its own queued transfers one at a
 * time and can leave a host's slot idle.  Returns the milliseconds until
 * the next start time (-1 when no job waits for one). */
static long
start_due(struct fetcher *f)
{
	int64_t now = now_ms(), next = -1;
	struct job **p = &f->waiting;

	while (*p) {
		struct job *j = *p;
		struct host *h = &f->hosts[j->host];

		if (j->start > now) {
			if (next < 0 || j->start - now < next)
				next = j->start - now;
		} else if (h->active < f->opt.per_host &&
			   f->active < f->opt.total) {
			*p = j->next;
			if (curl_multi_add_handle(f->multi, j->easy) != CURLM_OK)
				die("cannot start a transfer");
			h->active++;
			f->active++;
			j->attempts++;
			j->next = f->running;
			f->running = j;
			continue;
		}
		p = &j->next;
	}
	f->waiting_tail = p;
	return (long)next;
}

/* --- Finishing ------------------------------------------------------ */

static void
fail(struct job *j, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
fail(struct job *j, const char *fmt, ...)
{
	va_list ap;

	j->pub.status = FETCH_FAILED;
	va_start(ap, fmt);
	vsnprintf(j->pub.error, sizeof j->pub.error, fmt, ap);
	va_end(ap);
}

static void
describe_size(char *out, size_t n, size_t bytes)
{
	if (bytes >= (1u << 20) && bytes % (1u << 20) == 0)
		snprintf(out, n, "%zu MiB", bytes >> 20);
	else if (bytes >= 1024 && bytes % 1024 == 0)
		snprintf(out, n, "%zu KiB", bytes >> 10);
	else
		snprintf(out, n, "%zu bytes", bytes);
}

static int
hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The path of a file:// URL, %XX decoded (a new string), or NULL. */
static char *
file_url_path(const char *url)
{
	const char *p = url + 7;
	struct buf b = BUF_INIT;

	if (strncasecmp(p, "localhost/", 10) == 0)
		p += 9;
	if (*p != '/')
		return NULL;
	for (; *p && *p != '?' && *p != '#'; p++) {
		int hi, lo;

		if (*p == '%' && (hi = hex_digit(p[1])) >= 0 &&
		    (lo = hex_digit(p[2])) >= 0 && (hi || lo)) {
			buf_addc(&b, (char)(hi << 4 | lo));
			p += 2;
		} else {
			buf_addc(&b, *p);
		}
	}
	return buf_steal(&b);
}

static void
read_local(struct job *j)
{
	struct buf body = BUF_INIT;
	struct stat st;
	char *path;
	size_t n;
	FILE *fp;

	if (strncasecmp(j->pub.source, "file://", 7) == 0) {
		if (!(path = file_url_path(j->pub.source))) {
			fail(j, "not a local file URL");
			return;
		}
	} else if ((n = scheme_len(j->pub.source))) {
		fail(j, "unsupported scheme: %.*s", (int)n, j->pub.source);
		return;
	} else {
		path = xstrdup(j->pub.source);
	}
	fp = fopen(path, "rb");
	if (!fp) {
		fail(j, "cannot read: %s", strerror(errno));
		free(path);
		return;
	}
	/* a file of its own is read as it is parsed, not held whole here;
	 * a pipe or a device is read now, once */
	if (fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode)) {
		j->pub.status = FETCH_OK;
		j->pub.len = (size_t)st.st_size;
		j->pub.path = path;
		fclose(fp);
		return;
	}
	free(path);
	if (!buf_add_file(&body, fp)) {
		fail(j, "cannot read: %s", strerror(errno));
		buf_free(&body);
	} else {
		j->pub.status = FETCH_OK;
		j->pub.len = body.len;
		j->pub.body = buf_steal(&body);
	}
	fclose(fp);
}

struct curl_message {
	CURLcode code;
	const char *message;
};

/* Sorted by code, for bsearch. */
static const struct curl_message curl_messages[] = {
	{ CURLE_UNSUPPORTED_PROTOCOL, "unsupported protocol" },
	{ CURLE_URL_MALFORMAT, "malformed URL" },
	{ CURLE_COULDNT_RESOLVE_PROXY, "could not resolve proxy" },
	{ CURLE_COULDNT_RESOLVE_HOST, "could not resolve host" },
	{ CURLE_COULDNT_CONNECT, "could not connect" },
	{ CURLE_WEIRD_SERVER_REPLY, "not an HTTP reply" },
	{ CURLE_HTTP2, "HTTP/2 error" },
	{ CURLE_PARTIAL_FILE, "truncated: the connection closed early" },
	{ CURLE_OPERATION_TIMEDOUT, "timed out" },
	{ CURLE_SSL_CONNECT_ERROR, "TLS: handshake failed" },
	{ CURLE_TOO_MANY_REDIRECTS, "too many redirects" },
	{ CURLE_GOT_NOTHING, "empty reply from server" },
	{ CURLE_SEND_ERROR, "connection lost while sending" },
	{ CURLE_RECV_ERROR, "connection lost while receiving" },
	{ CURLE_SSL_CERTPROBLEM, "TLS: bad client certificate" },
	{ CURLE_SSL_CIPHER, "TLS: no common cipher" },
	{ CURLE_PEER_FAILED_VERIFICATION, "TLS: certificate not trusted" },
	{ CURLE_BAD_CONTENT_ENCODING, "bad compressed data" },
	{ CURLE_SSL_CACERT_BADFILE, "TLS: cannot read the CA certificates" },
	{ CURLE_HTTP2_STREAM, "HTTP/2 stream error" },
	{ CURLE_HTTP3, "HTTP/3 error" },
};

static int
cmp_curl_message(const void *a, const void *b)
{
	const struct curl_message *x = a, *y = b;

	return (x->code > y->code) - (x->code < y->code);
}

/* The words for a TLS verification failure, from curl's own message. */
static const char *
tls_reason(const char *detail)
{
	static const struct { const char *clue, *message; } clues[] = {
		{ "expired", "TLS: certificate expired" },
		{ "not yet valid", "TLS: certificate not yet valid" },
		{ "self-signed", "TLS: self-signed certificate" },
		{ "self signed", "TLS: self-signed certificate" },
		{ "does not match", "TLS: certificate is for another host" },
		{ "no alternative", "TLS: certificate is for another host" },
		{ "revoked", "TLS: certificate revoked" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(clues); i++)
		if (strstr(detail, clues[i].clue))
			return clues[i].message;
	return "TLS: certificate not trusted";
}

static void
fail_curl(struct fetcher *f, struct job *j, CURLcode rc)
{
	struct curl_message key = { rc, NULL }, *m;
	char size[32];
	double elapsed = 0, connect = 0;
	long os_errno = 0, header_bytes = 0;
	size_t slen;

	if (j->too_big) {
		describe_size(size, sizeof size, f->opt.max_bytes);
		fail(j, "larger than %s", size);
		return;
	}
	switch (rc) {
	case CURLE_UNSUPPORTED_PROTOCOL:
		/* Only a redirect can lead there: the source was http(s). */
		if (j->location && (slen = scheme_len(j->location))) {
			char scheme[24];

			slen = slen < sizeof scheme ? slen : sizeof scheme - 1;
			for (size_t i = 0; i < slen; i++)
				scheme[i] = (char)tolower(
					(unsigned char)j->location[i]);
			scheme[slen] = '\0';
			fail(j, "redirect to %s: refused", scheme);
			return;
		}
		break;
	case CURLE_OPERATION_TIMEDOUT:
		curl_easy_getinfo(j->easy, CURLINFO_TOTAL_TIME, &elapsed);
		curl_easy_getinfo(j->easy, CURLINFO_CONNECT_TIME, &connect);
		curl_easy_getinfo(j->easy, CURLINFO_HEADER_SIZE, &header_bytes);
		if (elapsed + 0.5 >= (double)f->opt.timeout)
			fail(j, "timed out after %ld s", f->opt.timeout);
		else if (connect <= 0)
			fail(j, "could not connect within %d s",
			     CONNECT_TIMEOUT);
		else if (header_bytes == 0)
			fail(j, "no answer within %ld s", f->opt.slow_after);
		else
			fail(j, "too slow: under %d bytes a second for %ld s",
			     LOW_SPEED_BYTES, f->opt.slow_after);
		return;
	case CURLE_COULDNT_CONNECT:
		curl_easy_getinfo(j->easy, CURLINFO_OS_ERRNO, &os_errno);
		if (os_errno == ECONNREFUSED) {
			fail(j, "connection refused");
			return;
		}
		break;
	case CURLE_PEER_FAILED_VERIFICATION:
		fail(j, "%s", tls_reason(j->errbuf));
		return;
	default:
		break;
	}
	m = bsearch(&key, curl_messages, ARRAY_SIZE(curl_messages),
		    sizeof *m, cmp_curl_message);
	fail(j, "%s", m ? m->message : curl_easy_strerror(rc));
}

static bool
retryable(long code)
{
	return code == 429 || (code >= 500 && code <= 599);
}

/* Exponential backoff with jitter, or the server's Retry-After. */
static void
schedule_retry(struct fetcher *f, struct job *j)
{
	long ms = 1000L << (j->attempts - 1);

	if (j->retry_after >= 0) {
		long s = j->retry_after;

		s = s < RETRY_MIN_S ? RETRY_MIN_S : s > RETRY_MAX_S ?
			RETRY_MAX_S : s;
		ms = s * 1000;
	}
	ms += (long)rnd(f, 250);
	j->start = now_ms() + ms;
	job_reset_response(j);
	enqueue(f, j);
}

/* Sort out a finished transfer: true when it is over (retries go back to
 * waiting). */
static bool
finish(struct fetcher *f, struct job *j, CURLcode rc)
{
	long code = 0;
	char *url = NULL;

	curl_easy_getinfo(j->easy, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_getinfo(j->easy, CURLINFO_EFFECTIVE_URL, &url);
	j->pub.http_code = code;
	replace(&j->pub.url, url ? xstrdup(url) : NULL);
	/* cut by on_body: whatever curl says of the transfer it ended */
	if (j->too_big && code >= 200 && code <= 299) {
		char size[32];

		describe_size(size, sizeof size, f->opt.max_bytes);
		j->pub.status = FETCH_OK;
		j->pub.cut = true;
		snprintf(j->pub.error, sizeof j->pub.error, "larger than %s",
			 size);
		j->pub.len = j->body.len;
		j->pub.body = buf_steal(&j->body);
		return true;
	}
	if (rc != CURLE_OK) {
		fail_curl(f, j, rc);
		/* the connection ended in the middle of a feed: what came
		 * is read, as a feed cut at the cap is (its items before
		 * the cut are kept; the source still failed) */
		if ((rc == CURLE_PARTIAL_FILE || rc == CURLE_RECV_ERROR) &&
		    code >= 200 && code <= 299 && j->body.len) {
			j->pub.status = FETCH_OK;
			j->pub.cut = true;
			j->pub.len = j->body.len;
			j->pub.body = buf_steal(&j->body);
		}
		return true;
	}
	if (retryable(code) && j->attempts < MAX_ATTEMPTS) {
		schedule_retry(f, j);
		return false;
	}
	if (code == 304 && !header_safe(j->sent_etag) &&
	    !header_safe(j->sent_last_modified)) {
		/* "not modified" since nothing: a server's mistake, and no
		 * reason to show the feed as read */
		fail(j, "HTTP 304 (not modified) to a request that named no "
		     "version");
	} else if (code == 304) {
		j->pub.status = FETCH_UNCHANGED;
	} else if (code >= 200 && code <= 299) {
		j->pub.status = FETCH_OK;
		j->pub.len = j->body.len;
		j->pub.body = buf_steal(&j->body);
	} else if (retryable(code)) {
		fail(j, "HTTP %ld (after %d attempts)", code, j->attempts);
	} else {
		fail(j, "HTTP %ld", code);
	}
	return true;
}

static void
deliver(struct fetcher *f, struct job *j, fetch_done_fn done, void *ud)
{
	f->done++;
	if (done)
		done(&j->pub, ud);
	job_free(j);
}

static void
unlink_running(struct fetcher *f, struct job *j)
{
	for (struct job **p = &f->running; *p; p = &(*p)->next)
		if (*p == j) {
			*p = j->next;
			break;
		}
	j->next = NULL;
}

static void
collect(struct fetcher *f, fetch_done_fn done, void *ud)
{
	CURLMsg *msg;
	int left;

	while ((msg = curl_multi_info_read(f->multi, &left))) {
		struct job *j;
		CURLcode rc = msg->data.result;
		char *priv = NULL;

		if (msg->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &priv);
		j = (struct job *)(void *)priv;
		curl_multi_remove_handle(f->multi, j->easy);
		unlink_running(f, j);
		f->hosts[j->host].active--;
		f->active--;
		if (finish(f, j, rc))
			deliver(f, j, done, ud);
	}
}

static bool
run_local(struct fetcher *f, fetch_done_fn done, void *ud)
{
	struct job *list = NULL;

	if (!f->local)
		return false;
	/* In the order they were added (the list holds them newest first). */
	while (f->local) {
		struct job *j = f->local;

		f->local = j->next;
		j->next = list;
		list = j;
	}
	while (list) {
		struct job *j = list;

		list = j->next;
		read_local(j);
		deliver(f, j, done, ud);
	}
	return true;
}

int
fetch_run(struct fetcher *f, int extra_fd, int timeout_ms,
	  fetch_done_fn done, void *ud)
{
	struct curl_waitfd extra = { extra_fd, CURL_WAIT_POLLIN, 0 };
	long next;
	int running;

	/* Files are done at once; the network gets no wait this turn. */
	if (run_local(f, done, ud))
		timeout_ms = 0;
	if (!f->running && !f->waiting)
		return (int)(f->total - f->done);
	next = start_due(f);
	if (next >= 0 && next < timeout_ms)
		timeout_ms = (int)next;
	if (timeout_ms < 0)
		timeout_ms = 0;
	curl_multi_poll(f->multi, extra_fd >= 0 ? &extra : NULL,
			extra_fd >= 0 ? 1 : 0, timeout_ms, NULL);
	start_due(f);
	curl_multi_perform(f->multi, &running);
	collect(f, done, ud);
	/* Freed slots are taken at once: the next poll returns at once. */
	start_due(f);
	return (int)(f->total - f->done);
}
