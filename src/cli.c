/* The command line: options, and the commands of the design, dispatched
 * through one table. */
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "cli.h"
#include "dateline/actors.h"
#include "dateline/app.h"
#include "dateline/archive.h"
#include "dateline/date.h"
#include "dateline/export.h"
#include "dateline/feeds.h"
#include "dateline/model.h"
#include "dateline/query.h"
#include "dateline/timeline.h"
#include "dateline/tui.h"
#include "dateline/util.h"

static int cmd_tui(struct app *app);
static int cmd_dump(struct app *app);
static int cmd_export(struct app *app);
static int cmd_fetch(struct app *app);
static int cmd_actors(struct app *app);

struct command {
	const char *name;
	int (*run)(struct app *app);
	const char *help;
};

static const struct command commands[] = {
	{ NULL, cmd_tui, "the interactive timeline" },
	{ "dump", cmd_dump, "events, one a line: TSV, or JSON Lines with --json" },
	{ "export", cmd_export, "events as plain text, to -o FILE or standard output" },
	{ "fetch", cmd_fetch, "refresh sources into the archive, a status line each" },
	{ "actors", cmd_actors, "actors with their event counts" },
	{ "import-opml", NULL, "add an OPML file's feeds to the feeds file" },
};

static const char usage_text[] =
"usage: dateline [OPTIONS] [SOURCE...]         the interactive timeline\n"
"       dateline dump [OPTIONS] [SOURCE...]    events as TSV, or JSON Lines with --json\n"
"       dateline export [OPTIONS] [SOURCE...]  events as plain text\n"
"       dateline fetch [OPTIONS] [SOURCE...]   refresh sources into the archive\n"
"       dateline actors [OPTIONS] [SOURCE...]  actors with their event counts\n"
"       dateline import-opml FILE              add an OPML file's feeds to the feeds file\n"
"\n"
"SOURCE is an http://, https:// or file:// URL, or a path to a feed file.\n"
"Without one: the archive, refreshed from the feeds file (or the bundled\n"
"sample wires when nothing is configured).\n"
"\n"
"options:\n"
"  --from DATE        events from this day (YYYY-MM-DD, local) or instant (RFC 3339)\n"
"  --to DATE          events up to this day, inclusive\n"
"  --actor NAME       events naming this actor (repeatable)\n"
"  -q EXPR            events matching a query (man ./doc/dateline.1)\n"
"  --actors FILE      an extra actor dictionary (TSV)\n"
"  -F FILE            the feeds file (default $XDG_CONFIG_HOME/dateline/feeds)\n"
"  --offline          no network: the archive and local files only\n"
"  --no-archive       neither read nor write the archive\n"
"  --archive FILE     the archive (default $XDG_DATA_HOME/dateline/archive.db)\n"
"  --timeout SECONDS  per source (default 60)\n"
"  --json             dump and actors: JSON Lines instead of TSV\n"
"  -o FILE            export: write FILE (- for standard output)\n"
"  --force            export: replace an existing file\n"
"  --format FORMAT    export: text or markdown (default: by the -o name)\n"
"  --keep-days N      fetch: remove stories older than N days\n"
"  --vacuum           fetch: compact the archive\n"
"  -h, --help         this help\n"
"  -V, --version      the version\n"
"\n"
"exit status: 0 all sources read, 1 some source failed, 2 bad usage.\n";

enum {
	OPT_FROM = 256, OPT_TO, OPT_ACTOR, OPT_ACTORS, OPT_OFFLINE,
	OPT_NO_ARCHIVE, OPT_ARCHIVE, OPT_TIMEOUT, OPT_JSON, OPT_FORCE,
	OPT_FORMAT, OPT_KEEP_DAYS, OPT_VACUUM,
};

static const struct option long_options[] = {
	{ "from", required_argument, NULL, OPT_FROM },
	{ "to", required_argument, NULL, OPT_TO },
	{ "actor", required_argument, NULL, OPT_ACTOR },
	{ "query", required_argument, NULL, 'q' },
	{ "actors", required_argument, NULL, OPT_ACTORS },
	{ "feeds", required_argument, NULL, 'F' },
	{ "offline", no_argument, NULL, OPT_OFFLINE },
	{ "no-archive", no_argument, NULL, OPT_NO_ARCHIVE },
	{ "archive", required_argument, NULL, OPT_ARCHIVE },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "output", required_argument, NULL, 'o' },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "keep-days", required_argument, NULL, OPT_KEEP_DAYS },
	{ "vacuum", no_argument, NULL, OPT_VACUUM },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static int
usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int
usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("dateline: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'dateline --help'.\n", stderr);
	return 2;
}

/* Options whose value the command has no use for are refused, so that a
 * typo does not pass silently. */
static bool
option_allowed(int c, const char *command)
{
	const char *cmd = command ? command : "";

	switch (c) {
	case OPT_JSON:
		return strcmp(cmd, "dump") == 0 || strcmp(cmd, "actors") == 0;
	case 'o': case OPT_FORCE: case OPT_FORMAT:
		return strcmp(cmd, "export") == 0;
	case OPT_KEEP_DAYS: case OPT_VACUUM:
		return strcmp(cmd, "fetch") == 0;
	default:
		return true;
	}
}

/* The option as it was written: "--name", or "-c" (a short one may
 * stand in a cluster, or before its value, where argv cannot name it). */
static const char *
option_name(int c, int li, char *out, size_t n)
{
	if (li >= 0)
		snprintf(out, n, "--%s", long_options[li].name);
	else
		snprintf(out, n, "-%c", c > 0 && c < 128 ? c : '?');
	return out;
}

static int
parse_options(int argc, char **argv, struct options *o, bool *done)
{
	char name[64];
	long v;
	int c, li = -1;

	opterr = 0;	/* our own messages, in our own words */
	while ((c = getopt_long(argc, argv, ":q:F:o:hV", long_options,
				&li)) != -1) {
		/* an unknown long option is the argument just passed */
		if (c == '?')
			return usage_error("unknown option: %s", optopt ?
				option_name(optopt, -1, name, sizeof name) :
				argv[optind - 1]);
		/* a value is missing only at the end: the option is last */
		if (c == ':')
			return usage_error("option needs a value: %s",
				strncmp(argv[optind - 1], "--", 2) == 0 ?
				argv[optind - 1] :
				option_name(optopt, -1, name, sizeof name));
		if (!option_allowed(c, o->command))
			return usage_error("option not valid for this command: %s",
				option_name(c, li, name, sizeof name));
		li = -1;
		switch (c) {
		case OPT_FROM:
			if (!date_parse_arg(optarg, false, &o->from))
				return usage_error("--from: not a date: %s", optarg);
			o->from_arg = optarg;
			break;
		case OPT_TO:
			if (!date_parse_arg(optarg, true, &o->to))
				return usage_error("--to: not a date: %s", optarg);
			o->to_arg = optarg;
			break;
		case OPT_ACTOR:
			o->actor_names = xreallocarray(o->actor_names,
				o->nactor_names + 1, sizeof *o->actor_names);
			o->actor_names[o->nactor_names++] = optarg;
			break;
		case 'q': o->query = optarg; break;
		case OPT_ACTORS: o->actors_file = optarg; break;
		case 'F': o->feeds_file = optarg; break;
		case OPT_OFFLINE: o->offline = true; break;
		case OPT_NO_ARCHIVE: o->no_archive = true; break;
		case OPT_ARCHIVE: o->archive_file = optarg; break;
		case OPT_TIMEOUT:
			if (!parse_long(optarg, 1, TIMEOUT_MAX, &v))
				return usage_error("--timeout: not a number of seconds: %s", optarg);
			o->fetch.timeout = v;
			break;
		case OPT_JSON: o->json = true; break;
		case 'o': o->output = optarg; break;
		case OPT_FORCE: o->force = true; break;
		case OPT_FORMAT:
			if (strcmp(optarg, "text") && strcmp(optarg, "markdown"))
				return usage_error("--format: text or markdown, not %s", optarg);
			o->format = optarg;
			break;
		case OPT_KEEP_DAYS:
			if (!parse_long(optarg, 0, KEEP_DAYS_MAX, &v))
				return usage_error("--keep-days: not a number of days: %s", optarg);
			o->keep_days = v;
			break;
		case OPT_VACUUM: o->vacuum = true; break;
		case 'h': fputs(usage_text, stdout); *done = true; return 0;
		case 'V':
			printf("dateline %s\n", DATELINE_VERSION);
			*done = true;
			return 0;
		default:
			return usage_error("unknown option: %s",
				option_name(c, li, name, sizeof name));
		}
	}
	if (o->from != NO_TIME && o->to != NO_TIME && o->from > o->to)
		return usage_error("--from is after --to");
	o->sources = argv + optind;
	o->nsources = (size_t)(argc - optind);
	return 0;
}

/* Defaults of the command line from the configuration file ("keep-days N",
 * "timeout SECONDS"); options given on the command line win, since they
 * are parsed afterwards.  The interface reads the rest of the file. */
static void
config_defaults(struct options *o)
{
	char *path = config_file("config");
	char line[512], key[32], value[64];
	unsigned lineno = 0;
	long v;
	FILE *f;

	f = fopen(path, "r");
	if (!f) {
		free(path);
		return;
	}
	/* a bad value is said here by a command; the interface says it on
	 * its status line with the file's other bad lines (tui/config.c) */
	while (fgets(line, sizeof line, f)) {
		lineno++;
		if (sscanf(line, "%31s %63s", key, value) != 2)
			continue;
		if (strcmp(key, "keep-days") == 0) {
			if (parse_long(value, 0, KEEP_DAYS_MAX, &v))
				o->keep_days = v;
			else if (o->command)
				warn("%s:%u: keep-days: not a number of days: "
				     "%s (line ignored)", path, lineno, value);
		} else if (strcmp(key, "timeout") == 0) {
			if (parse_long(value, 1, TIMEOUT_MAX, &v))
				o->fetch.timeout = v;
			else if (o->command)
				warn("%s:%u: timeout: not a number of seconds: "
				     "%s (line ignored)", path, lineno, value);
		}
	}
	fclose(f);
	free(path);
}

static int
cmd_tui(struct app *app)
{
	return tui_run(app);
}

/* Events of the filter; an actor named in it that stands for none is
 * said (a typo gives no events, and should not pass for a quiet day). */
static uint32_t *
select_events(struct app *app, size_t *n)
{
	uint32_t *ev = app_select(app, n);
	const char *names[8];
	size_t k = query_unknown_actors(app->query, names, 8);

	for (size_t i = 0; i < k; i++)
		warn("no actor is named '%s' (dateline actors lists them)",
		     names[i]);
	return ev;
}

static int
write_dump(FILE *f, void *ud)
{
	struct app *app = ud;
	size_t n;
	uint32_t *ev = select_events(app, &n);
	int rc = app->opt.json ? export_jsonl(f, app->tl, ev, n) :
		export_tsv(f, app->tl, ev, n);

	free(ev);
	return rc;
}

static int
finish_stdout(int rc, const char *what)
{
	if (fflush(stdout) != 0 || rc != 0) {
		if (errno == EPIPE)
			return 0;
		warn("%s: %s", what, strerror(errno));
		return 1;
	}
	return 0;
}

static int
cmd_dump(struct app *app)
{
	int status = app_refresh(app);

	if (finish_stdout(write_dump(stdout, app), "standard output"))
		return 1;
	return status;
}

static int
write_export(FILE *f, void *ud)
{
	struct app *app = ud;
	struct export_header h = { app->opt.from, app->opt.to, app->filter,
				   false };
	size_t n;
	uint32_t *ev = select_events(app, &n);
	enum export_format fmt = !app->opt.format ?
		export_format_of(app->opt.output) :
		strcmp(app->opt.format, "markdown") == 0 ?
		EXPORT_MARKDOWN : EXPORT_TEXT;
	int rc = export_text(f, app->tl, ev, n, &h, fmt);

	free(ev);
	return rc;
}

static int
cmd_export(struct app *app)
{
	int status = app_refresh(app);
	char err[1024];

	if (!app->opt.output || strcmp(app->opt.output, "-") == 0) {
		if (finish_stdout(write_export(stdout, app), "standard output"))
			return 1;
		return status;
	}
	if (export_file(app->opt.output, app->opt.force, write_export, app,
			err, sizeof err) != 0) {
		warn("%s", err);
		return 1;
	}
	return status;
}

static int
cmd_fetch(struct app *app)
{
	size_t done, total;
	char err[512];
	int status;

	if (!app->archive) {
		warn("fetch: there is no archive to fetch into (--no-archive)");
		return 2;
	}
	status = app_refresh(app);
	app_progress(app, &done, &total);
	/* a cron job with no feeds should not pass for one that fetched */
	if (total == 0 && !app->opt.offline && app->opt.keep_days < 0 &&
	    !app->opt.vacuum) {
		char *path = app->opt.feeds_file ?
			xstrdup(app->opt.feeds_file) : feeds_default_path();

		warn("fetch: nothing to fetch: no SOURCE given and no feed in "
		     "%s (add some, or import-opml FILE)", path);
		free(path);
		return 2;
	}
	if (app->opt.keep_days >= 0) {
		size_t removed;
		int64_t before = (int64_t)time(NULL) -
			(int64_t)app->opt.keep_days * 86400;

		if (archive_prune(app->archive, before, &removed, err,
				  sizeof err) != 0) {
			warn("%s", err);
			status = 1;
		} else {
			printf("pruned %zu stories older than %ld days\n",
			       removed, app->opt.keep_days);
		}
	}
	if (app->opt.vacuum) {
		if (archive_vacuum(app->archive, err, sizeof err) != 0) {
			warn("%s", err);
			status = 1;
		} else {
			printf("compacted the archive\n");
		}
	}
	return finish_stdout(0, "standard output") ? 1 : status;
}

static int
cmd_actors(struct app *app)
{
	size_t total, n;
	size_t *counts;
	uint32_t *order;
	uint32_t *ev;
	size_t nshown = 0;
	int status = app_refresh(app);

	/* Counted over the filtered events, among the actors known once the
	 * stories are read: those discovered in them too. */
	ev = select_events(app, &n);
	total = actors_count(app->actors);
	counts = xcalloc(total + 1, sizeof *counts);
	order = xcalloc(total + 1, sizeof *order);
	for (size_t i = 0; i < n; i++) {
		const struct event *e = &app->tl->events[ev[i]];

		for (size_t k = 0; k < e->nactors; k++)
			if (e->actors[k] < total)
				counts[e->actors[k]]++;
	}
	free(ev);
	for (uint32_t a = 0; a < total; a++)
		if (counts[a])
			order[nshown++] = a;
	for (size_t i = 1; i < nshown; i++) {	/* most first, then by name */
		uint32_t x = order[i];
		size_t j = i;

		while (j > 0 && (counts[order[j - 1]] < counts[x] ||
		       (counts[order[j - 1]] == counts[x] &&
			strcmp(actors_get(app->actors, order[j - 1])->name,
			       actors_get(app->actors, x)->name) > 0))) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = x;
	}
	for (size_t i = 0; i < nshown; i++) {
		const struct actor *a = actors_get(app->actors, order[i]);

		if (app->opt.json) {
			printf("{\"name\":\"%s\",\"events\":%zu,\"discovered\":%s}\n",
			       a->name, counts[order[i]],
			       a->discovered ? "true" : "false");
		} else {
			printf("%zu\t%s%s\n", counts[order[i]], a->name,
			       a->discovered ? "\t(discovered)" : "");
		}
	}
	free(counts);
	free(order);
	return finish_stdout(0, "standard output") ? 1 : status;
}

static int
cmd_import_opml(int argc, char **argv)
{
	char err[512];
	size_t added, listed, skipped;
	char *path;
	int rc;

	if (argc != 2)
		return usage_error("usage: dateline import-opml FILE");
	path = feeds_default_path();
	rc = feeds_import_opml(argv[1], path, &added, &listed, &skipped, err,
			       sizeof err);
	if (rc != 0) {
		warn("%s", err);
		free(path);
		return 1;
	}
	printf("added %zu feed%s to %s", added, added == 1 ? "" : "s", path);
	if (listed)
		printf(" (%zu already listed)", listed);
	if (skipped)
		printf(" (%zu outline%s left out: not an http or https feed)",
		       skipped, skipped == 1 ? "" : "s");
	printf("\n");
	free(path);
	return 0;
}

int
cli_main(int argc, char **argv)
{
	const struct command *cmd = &commands[0];
	struct options opt = { 0 };
	struct app app;
	bool done = false;
	int rc;

	setlocale(LC_ALL, "");
	signal(SIGPIPE, SIG_IGN);
	signal(SIGXFSZ, SIG_IGN);	/* a full file is an error, not a kill */
	if (argc > 1 && argv[1][0] != '-') {
		for (size_t i = 1; i < ARRAY_SIZE(commands); i++)
			if (strcmp(argv[1], commands[i].name) == 0)
				cmd = &commands[i];
	}
	if (cmd->name && strcmp(cmd->name, "import-opml") == 0)
		return cmd_import_opml(argc - 1, argv + 1);
	if (cmd->name) {
		argc--;
		argv++;
	}
	opt.command = cmd->name;
	opt.from = opt.to = NO_TIME;
	opt.keep_days = -1;
	fetch_opts_default(&opt.fetch);
	config_defaults(&opt);
	rc = parse_options(argc, argv, &opt, &done);
	if (rc != 0 || done) {
		free(opt.actor_names);
		return rc;
	}
	rc = app_open(&app, &opt);
	if (rc == 0)
		rc = cmd->run(&app);
	app_close_at_exit(&app);
	free(opt.actor_names);
	return rc;
}
