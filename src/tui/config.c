/* The configuration file, $XDG_CONFIG_HOME/dateline/config: colours, key
 * bindings (the key table's names) and the layout.  A bad line is reported
 * with its number and skipped, never fatal.  One setting a line, '#'
 * starts a comment:
 *
 *   bind KEY COMMAND      KEY: a character, C-x, Up Down Left Right PgUp
 *                         PgDn Home End Enter Esc Tab Space Backspace
 *                         Delete F1; COMMAND: a name from the help (?)
 *   unbind KEY
 *   color PART FG [BG]    PART: normal header heading cursor range match
 *                         strip strip-view strip-range error mark dim
 *                         title; colours: default black red green yellow
 *                         blue magenta cyan white
 *   detail on|off         the detail pane
 *   detail-size N|N%      its height in lines, or a share of the screen
 *   keep-days N           defaults of the command line (read by cli.c)
 *   timeout SECONDS
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "dateline/app.h"
#include "dateline/util.h"
#include "tui_int.h"

#define MAX_WORDS 4

typedef int (*config_fn)(struct tui *t, char **w, int n, char *err,
			 size_t errlen);

static int
cf_bind(struct tui *t, char **w, int n, char *err, size_t errlen)
{
	if (n != 3) {
		snprintf(err, errlen, "usage: bind KEY COMMAND");
		return -1;
	}
	return keys_bind(w[1], w[2], err, errlen);
}

static int
cf_unbind(struct tui *t, char **w, int n, char *err, size_t errlen)
{
	if (n != 2) {
		snprintf(err, errlen, "usage: unbind KEY");
		return -1;
	}
	return keys_unbind(w[1], err, errlen);
}

static int
cf_color(struct tui *t, char **w, int n, char *err, size_t errlen)
{
	int part;

	if (n != 3 && n != 4) {
		snprintf(err, errlen, "usage: color PART FG [BG]");
		return -1;
	}
	if ((part = draw_part_by_name(w[1])) < 0) {
		snprintf(err, errlen, "unknown part '%s'", w[1]);
		return -1;
	}
	return draw_set_colour((enum part)part, w[2], n == 4 ? w[3] : "default",
			       err, errlen);
}

static int
cf_detail(struct tui *t, char **w, int n, char *err, size_t errlen)
{
	if (n == 2 && strcmp(w[1], "on") == 0)
		t->detail_on = true;
	else if (n == 2 && strcmp(w[1], "off") == 0)
		t->detail_on = false;
	else {
		snprintf(err, errlen, "usage: detail on|off");
		return -1;
	}
	return 0;
}

static int
cf_detail_size(struct tui *t, char **w, int n, char *err, size_t errlen)
{
	char *end;
	long v;

	if (n != 2) {
		snprintf(err, errlen, "usage: detail-size LINES or N%%");
		return -1;
	}
	errno = 0;
	v = strtol(w[1], &end, 10);
	if (errno || end == w[1] || (*end && strcmp(end, "%") != 0) ||
	    v < 1 || v > (*end ? 90 : 500)) {
		snprintf(err, errlen, "not a size: '%s'", w[1]);
		return -1;
	}
	t->detail_size = (int)v;
	t->detail_pct = *end == '%';
	return 0;
}

/* Command-line defaults (keep-days, timeout) are the command line's to read
 * (cli.c); here they are checked as it checks them, so that a bad one is
 * said with the others on the status line. */
static int
cf_cli_default(struct tui *t, char **w, int n, char *err, size_t errlen)
{
	bool days = strcmp(w[0], "keep-days") == 0;
	long v;

	(void)t;
	if (n >= 2 && parse_long(w[1], days ? 0 : 1,
				 days ? KEEP_DAYS_MAX : TIMEOUT_MAX, &v))
		return 0;
	snprintf(err, errlen, "%s: not a number of %s: %s", w[0],
		 days ? "days" : "seconds", n >= 2 ? w[1] : "");
	return -1;
}

struct directive {
	const char *name;
	config_fn fn;
};

/* Sorted by name, for bsearch. */
static const struct directive directives[] = {
	{ "bind", cf_bind },
	{ "color", cf_color },
	{ "colour", cf_color },
	{ "detail", cf_detail },
	{ "detail-size", cf_detail_size },
	{ "keep-days", cf_cli_default },
	{ "timeout", cf_cli_default },
	{ "unbind", cf_unbind },
};

static int
directive_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct directive *)elem)->name);
}

static int
split(char *line, char **w)
{
	int n = 0;
	char *save = NULL;

	for (char *p = strtok_r(line, " \t\r\n", &save); p;
	     p = strtok_r(NULL, " \t\r\n", &save)) {
		if (n == MAX_WORDS)
			return MAX_WORDS + 1;
		w[n++] = p;
	}
	return n;
}

void
config_load(struct tui *t)
{
	char *path = config_file("config"), *line = NULL, *w[MAX_WORDS + 1];
	char err[256], first[600] = "";
	size_t cap = 0, lineno = 0, bad = 0;
	FILE *f;

	if (!path || !(f = fopen(path, "r"))) {
		free(path);
		return;
	}
	while (getline(&line, &cap, f) >= 0) {
		int n = split(line, w);
		const struct directive *d;

		lineno++;
		if (n == 0 || w[0][0] == '#')
			continue;
		d = bsearch(w[0], directives, ARRAY_SIZE(directives),
			    sizeof directives[0], directive_cmp);
		if (n > MAX_WORDS)
			snprintf(err, sizeof err, "too many words");
		else if (!d)
			snprintf(err, sizeof err, "unknown setting '%s'", w[0]);
		else if (d->fn(t, w, n, err, sizeof err) == 0)
			continue;
		if (bad++ == 0)
			snprintf(first, sizeof first, "%s:%zu: %s", path,
				 lineno, err);
	}
	if (bad == 1)
		tui_set_status(t, true, "%s (line ignored)", first);
	else if (bad > 1)
		tui_set_status(t, true, "%s (and %zu more bad line%s, "
			       "ignored)", first, bad - 1, bad == 2 ? "" : "s");
	free(line);
	fclose(f);
	free(path);
}
