/* What commands do beyond moving: filter, export a range to a file, open
 * a link in the browser, and the status line that reports them. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "dateline/app.h"
#include "dateline/buf.h"
#include "dateline/date.h"
#include "dateline/export.h"
#include "dateline/model.h"
#include "dateline/timeline.h"
#include "dateline/util.h"
#include "tui_int.h"

void
tui_set_status(struct tui *t, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t->status, sizeof t->status, fmt, ap);
	va_end(ap);
	t->status_error = error;
}

void
action_filter_apply(struct tui *t, const char *expr)
{
	const char *match;
	bool range = t->range;
	char err[512];

	if (app_set_filter(t->app, expr, err, sizeof err) != 0) {
		prompt_open(&t->prompt, PROMPT_FILTER, "filter: ", expr);
		snprintf(t->prompt.error, sizeof t->prompt.error, "%s", err);
		return;
	}
	free(t->user_filter);
	t->user_filter = expr && *expr ? xstrdup(expr) : NULL;
	tv_select(t);
	match = t->nsel == 1 ? "event matches" : "events match";
	/* a range the new selection dropped is said too */
	if (range && !t->range)
		tui_set_status(t, false, "%zu %s; range dropped: its first "
			       "event is no longer listed", t->nsel, match);
	else if (t->user_filter)
		tui_set_status(t, false, "%zu %s", t->nsel, match);
	else
		tui_set_status(t, false, "filter cleared");
}

/* What an export writes: a slice of the selection. */
struct export_job {
	struct tui *t;
	size_t first, n;
	int64_t from, to;
	bool part;			/* events of the range left out */
	enum export_format format;	/* by the file's name */
};

static struct export_job pending;

static int
write_events(FILE *f, void *ud)
{
	struct export_job *job = ud;
	struct export_header h = { job->from, job->to, job->t->app->filter,
				   job->part };

	return export_text(f, job->t->app->tl, job->t->sel + job->first,
			   job->n, &h, job->format);
}

/* Where a range starting (or ending) with e starts (ends), for the
 * export's header: the instant of a timed event; for one dated to the day,
 * that calendar day on the reader's clock. */
static int64_t
range_edge(const struct event *e, bool end)
{
	int64_t t = end && e->end != NO_TIME ? e->end : e->start, out;
	int y, m, d;
	char day[16];

	if (t == NO_TIME || (e->precision != PREC_DAY &&
			     e->precision != PREC_RANGE))
		return t;
	date_to_civil(t / 86400 - (t % 86400 < 0), &y, &m, &d);
	snprintf(day, sizeof day, "%04d-%02d-%02d", y, m, d);
	return date_parse_arg(day, end, &out) ? out : t;
}

/* Whether event e starts within from..to (as range_edge sees it). */
static bool
edge_in(const struct event *e, int64_t from, int64_t to)
{
	int64_t at = range_edge(e, false);

	return at != NO_TIME && from != NO_TIME && to != NO_TIME &&
	       at >= from && at <= to;
}

static void
job_for_range(struct tui *t, struct export_job *job)
{
	const struct event *evs = t->app->tl->events;
	size_t first, last;

	job->t = t;
	if (t->range) {
		tv_range(t, &first, &last);
		job->first = first;
		job->n = t->nsel ? last - first + 1 : 0;
		job->from = range_edge(&evs[t->sel[first]], false);
		job->to = range_edge(&evs[t->sel[last]], true);
		/* a range of part of a day leaves events of that day out:
		 * the header says so (an event listed under the last day
		 * starts on it; an undated one is in no range) */
		job->part = t->nsel &&
			((first > 0 && edge_in(&evs[t->sel[first - 1]],
					       job->from, job->to)) ||
			 (last + 1 < t->nsel &&
			  edge_in(&evs[t->sel[last + 1]], job->from,
				  job->to)));
	} else {
		job->first = 0;
		job->n = t->nsel;
		job->part = false;
		job->from = t->app->opt.from;
		job->to = t->app->opt.to;
	}
}

void
action_export_begin(struct tui *t)
{
	char name[64];
	struct tm tm;
	time_t when = time(NULL);

	job_for_range(t, &pending);
	if (pending.n == 0) {
		tui_set_status(t, true, "nothing to export");
		return;
	}
	if (t->range && pending.from != NO_TIME)
		when = (time_t)pending.from;
	tui_tm(when, true, &tm);
	strftime(name, sizeof name, "dateline-%Y-%m-%d.txt", &tm);
	prompt_open(&t->prompt, PROMPT_EXPORT, "export to: ", name);
}

static bool
exists(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0;
}

/* "~/x" is x in the home directory, as a shell would have it. */
static char *
expand_home(const char *path)
{
	const char *home = getenv("HOME");
	struct buf b = BUF_INIT;

	if (path[0] == '~' && (path[1] == '/' || !path[1]) && home && *home)
		buf_printf(&b, "%s%s", home, path + 1);
	else
		buf_adds(&b, path);
	return buf_steal(&b);
}

void
action_export_accept(struct tui *t, bool force)
{
	char err[1024];
	const char *typed = t->prompt.text.data;
	char *path;

	if (!typed || !*typed) {
		prompt_close(&t->prompt);
		tui_set_status(t, true, "export: no file name");
		return;
	}
	path = expand_home(typed);
	pending.format = export_format_of(path);
	if (!force && exists(path)) {
		free(t->export_path);
		t->export_path = xstrdup(typed);
		prompt_open(&t->prompt, PROMPT_CONFIRM,
			    "file exists, overwrite? (y/n) ", "");
	} else if (export_file(path, force, write_events, &pending, err,
			       sizeof err) != 0) {
		prompt_close(&t->prompt);
		tui_set_status(t, true, "%s", err);
	} else {
		tui_set_status(t, false, "exported %zu event%s to %s",
			       pending.n, pending.n == 1 ? "" : "s", path);
		prompt_close(&t->prompt);
		t->range = false;
	}
	free(path);
}

/* $BROWSER may hold arguments ("firefox --new-window"): split on blanks,
 * never through a shell. */
static char **
browser_argv(const char *browser, const char *link)
{
	char *copy = xstrdup(browser), *save = NULL, *w;
	char **argv = NULL;
	size_t n = 0;

	for (w = strtok_r(copy, " \t", &save); w;
	     w = strtok_r(NULL, " \t", &save)) {
		argv = xreallocarray(argv, n + 3, sizeof *argv);
		argv[n++] = xstrdup(w);
	}
	free(copy);
	if (!argv)
		return NULL;
	argv[n++] = xstrdup(link);
	argv[n] = NULL;
	return argv;
}

/* Run the browser in the foreground, on the terminal, and wait for it,
 * as a mail or feed reader runs its pager: a browser in the terminal
 * (w3m, lynx) needs it; a graphical one, or its launcher, returns at once.
 * Its exit status, or -1 with errno when it could not be started. */
static int
run_browser(char **argv)
{
	struct sigaction ign, old_int, old_quit;
	int fds[2], status = -1, e = 0;
	ssize_t got;
	pid_t pid;

	if (pipe(fds) != 0)
		return -1;
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	fcntl(fds[1], F_SETFD, FD_CLOEXEC);
	tui_screen_lend();
	pid = fork();
	if (pid == 0) {
		/* the exec's failure comes back through the pipe, which
		 * a successful exec closes */
		close(fds[0]);
		signal(SIGINT, SIG_DFL);
		execvp(argv[0], argv);
		e = errno;
		(void)!write(fds[1], &e, sizeof e);
		_exit(127);
	}
	close(fds[1]);
	/* Ctrl-C in the browser is the browser's */
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	if (pid > 0) {
		while ((got = read(fds[0], &e, sizeof e)) < 0 && errno == EINTR)
			;
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		if (got == (ssize_t)sizeof e)
			status = -1;
		else
			status = WIFEXITED(status) ? WEXITSTATUS(status) :
				 128 + WTERMSIG(status);
	} else {
		e = errno;
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	close(fds[0]);
	tui_screen_take_back();
	errno = e;
	return status;
}

void
action_open_link(struct tui *t)
{
	long ev = tv_current(t);
	const struct timeline *tl = t->app->tl;
	const char *browser = getenv("BROWSER"), *link;
	char **argv;
	int rc;

	if (ev < 0 || tl->events[ev].nstories == 0) {
		tui_set_status(t, true, "no event here");
		return;
	}
	link = tl->stories[tl->events[ev].stories[0]].link;
	if (!link || (strncmp(link, "http://", 7) != 0 &&
		      strncmp(link, "https://", 8) != 0)) {
		tui_set_status(t, true, "no http or https link to open");
		return;
	}
	if (!browser || !*browser || !(argv = browser_argv(browser, link))) {
		tui_set_status(t, true, "$BROWSER is not set");
		return;
	}
	rc = run_browser(argv);
	if (rc < 0)
		tui_set_status(t, true, "cannot run %s: %s", argv[0],
			       strerror(errno));
	else if (rc > 0)
		tui_set_status(t, true, "%s ended with status %d", argv[0], rc);
	else
		tui_set_status(t, false, "opened %s", link);
	for (size_t i = 0; argv[i]; i++)
		free(argv[i]);
	free(argv);
}
