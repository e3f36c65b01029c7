/* The query language: a recursive-descent parser that compiles an
 * expression once into a small tree of terms (folded needles, actor id
 * sets, local days), and an evaluator that runs it over events. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "dateline/actors.h"
#include "dateline/buf.h"
#include "dateline/date.h"
#include "dateline/query.h"
#include "dateline/text.h"
#include "dateline/timeline.h"
#include "dateline/util.h"

#define MAX_DEPTH 64		/* nesting of parentheses and negations */
#define DAY 86400

enum node_kind {
	N_ALL,			/* the empty query */
	N_TEXT,			/* word or phrase */
	N_ACTOR,
	N_FEED,
	N_FROM,
	N_TO,
	N_SOURCES,
	N_NOT,
	N_AND,
	N_OR,
};

struct node {
	uint8_t kind;
	uint8_t cost;		/* AND evaluates cheap children first */
	uint32_t at;		/* N_FROM, N_TO: byte offset of the term */
	uint32_t *kids;		/* NOT: one; AND, OR: several */
	size_t nkids;
	char *needle;		/* N_TEXT, N_FEED: folded; N_ACTOR naming
				   none: the name as given */
	uint32_t *ids;		/* N_ACTOR: sorted actor ids */
	size_t nids;
	int64_t t;		/* N_FROM, N_TO: the instant */
	int64_t day;		/* its local calendar day, days since epoch */
	uint32_t n;		/* N_SOURCES; N_FEED: its slot for masks */
};

struct query {
	struct node *nodes;
	size_t nnodes, cap;
	uint32_t root;
	uint32_t nfeeds;	/* feed: terms, each with a slot */
};

enum tok {
	T_END, T_LPAREN, T_RPAREN, T_AND, T_OR, T_NOT, T_MINUS, T_TERM,
};

enum field { F_TEXT, F_ACTOR, F_FEED, F_FROM, F_TO, F_SOURCES };

/* Sorted for bsearch. */
static const struct field_name {
	const char *name;
	enum field field;
} fields[] = {
	{ "actor", F_ACTOR }, { "feed", F_FEED }, { "from", F_FROM },
	{ "sources", F_SOURCES }, { "to", F_TO },
};

struct parser {
	const char *s;
	size_t pos;		/* after the current token */
	const struct actors *actors;
	struct query *q;
	char *err;
	size_t errlen;
	bool failed;
	int depth;
	/* The current token. */
	enum tok tok;
	size_t tok_at;		/* its first byte */
	enum field field;
	size_t value_at;	/* the value's first byte (a quote included) */
	struct buf value;	/* unquoted */
};

/* 1-based column in characters of byte offset off. */
static size_t
column(const char *s, size_t off)
{
	size_t col = 1;

	for (size_t i = 0; i < off && s[i]; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			col++;
	return col;
}

static void __attribute__((format(printf, 3, 4)))
fail(struct parser *p, size_t off, const char *fmt, ...)
{
	struct buf msg = BUF_INIT;
	va_list ap;

	if (p->failed)
		return;
	p->failed = true;
	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	if (p->errlen)
		snprintf(p->err, p->errlen, "query: %s at column %zu",
			 msg.data, column(p->s, off));
	buf_free(&msg);
}

/* How much of a value an error message shows: at most SHOWN bytes, cut at
 * a character boundary. */
#define SHOWN 40

static int
shown(const char *s, size_t n)
{
	if (n <= SHOWN)
		return (int)n;
	n = SHOWN;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return (int)n;
}

static const char *
ellipsis(size_t n)
{
	return n > SHOWN ? "..." : "";
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	       c == '\f' || c == '\v';
}

/* A quoted string at p->pos (on the quote) into p->value. */
static bool
lex_quoted(struct parser *p)
{
	const char *s = p->s;
	size_t i = p->pos + 1;

	buf_reset(&p->value);
	buf_add(&p->value, "", 0);
	for (; s[i] && s[i] != '"'; i++) {
		if (s[i] == '\\' && (s[i + 1] == '"' || s[i + 1] == '\\'))
			i++;
		buf_addc(&p->value, s[i]);
	}
	if (!s[i]) {
		fail(p, p->pos, "missing closing quote");
		return false;
	}
	p->pos = i + 1;
	return true;
}

/* A bare word at p->pos: up to white space or a parenthesis. */
static void
lex_bare(struct parser *p)
{
	size_t i = p->pos;

	while (p->s[i] && !is_space(p->s[i]) && p->s[i] != '(' &&
	       p->s[i] != ')' && p->s[i] != '"')
		i++;
	if (p->s[i] == '"') {
		fail(p, i, "'\"' inside a word");
		return;
	}
	buf_reset(&p->value);
	buf_add(&p->value, p->s + p->pos, i - p->pos);
	p->pos = i;
}

static int
cmp_field(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

/* "name:" at p->pos: which field, or -1 when the word is no field. */
static int
lex_field(struct parser *p)
{
	const char *s = p->s + p->pos;
	char name[16];
	size_t n = 0;

	while (isalpha((unsigned char)s[n]))
		n++;
	if (!n || s[n] != ':')
		return -1;
	if (n < sizeof name) {
		for (size_t i = 0; i < n; i++)
			name[i] = (char)tolower((unsigned char)s[i]);
		name[n] = '\0';
		const struct field_name *f = bsearch(name, fields,
			ARRAY_SIZE(fields), sizeof fields[0], cmp_field);

		if (f) {
			p->pos += n + 1;
			return (int)(f - fields);
		}
	}
	fail(p, p->pos, "unknown field '%.*s%s:'", shown(s, n), s,
	     ellipsis(n));
	return -2;
}

static bool
keyword_is(const struct buf *b, const char *kw)
{
	return b->len == strlen(kw) && !strcasecmp(b->data, kw);
}

/* Read the next token. */
static void
next(struct parser *p)
{
	const char *s = p->s;
	int f;

	while (is_space(s[p->pos]))
		p->pos++;
	p->tok_at = p->pos;
	if (p->failed || !s[p->pos]) {
		p->tok = T_END;
		return;
	}
	if (s[p->pos] == '(' || s[p->pos] == ')') {
		p->tok = s[p->pos] == '(' ? T_LPAREN : T_RPAREN;
		p->pos++;
		return;
	}
	/* a '-' that begins a token is "not", spaced ("- putin") or not;
	 * alone at the end it asks for its term */
	if (s[p->pos] == '-') {
		p->tok = T_MINUS;
		p->pos++;
		return;
	}
	p->tok = T_TERM;
	p->field = F_TEXT;
	if ((f = lex_field(p)) == -2) {
		p->tok = T_END;
		return;
	}
	if (f >= 0)
		p->field = fields[f].field;
	p->value_at = p->pos;
	if (s[p->pos] == '"') {
		if (!lex_quoted(p))
			p->tok = T_END;
		return;
	}
	lex_bare(p);
	if (p->failed) {
		p->tok = T_END;
		return;
	}
	if (f >= 0)
		return;
	if (keyword_is(&p->value, "or"))
		p->tok = T_OR;
	else if (keyword_is(&p->value, "and"))
		p->tok = T_AND;
	else if (keyword_is(&p->value, "not"))
		p->tok = T_NOT;
}

static uint32_t
new_node(struct query *q, enum node_kind kind)
{
	if (q->nnodes == q->cap) {
		q->cap = q->cap ? q->cap * 2 : 16;
		q->nodes = xreallocarray(q->nodes, q->cap, sizeof *q->nodes);
	}
	memset(&q->nodes[q->nnodes], 0, sizeof q->nodes[0]);
	q->nodes[q->nnodes].kind = (uint8_t)kind;
	return (uint32_t)q->nnodes++;
}

static bool
starts_term(enum tok t)
{
	return t == T_TERM || t == T_LPAREN || t == T_NOT || t == T_MINUS;
}

static const char *
tok_name(const struct parser *p)
{
	switch (p->tok) {
	case T_AND: return "and";
	case T_OR: return "or";
	case T_NOT: return "not";
	case T_MINUS: return "-";
	default: return "";
	}
}

/* The local calendar day (TZ) that holds t, as days since the epoch: the
 * day a "from:" or "to:" names, compared with the calendar days of
 * day-precision events. */
static int64_t
local_day(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!localtime_r(&tt, &tm))
		tm.tm_gmtoff = 0;
	t += tm.tm_gmtoff;
	return t / DAY - (t % DAY < 0);
}

/* Actor ids for actor:NAME: the exact actor, else every actor whose
 * canonical name has a word starting with NAME (folded). */
static void
resolve_actor(const struct actors *a, const char *name, struct node *nd)
{
	uint32_t id;
	char *needle;
	size_t n, cap = 0;

	if (!a)
		return;
	if ((id = actors_lookup(a, name)) != ACTOR_NONE) {
		nd->ids = xmalloc(sizeof *nd->ids);
		nd->ids[0] = id;
		nd->nids = 1;
		return;
	}
	needle = text_fold(name, strlen(name));
	n = actors_count(a);
	for (uint32_t i = 0; *needle && i < n; i++) {
		const struct actor *act = actors_get(a, i);
		char *folded, *hit;
		bool found = false;

		if (!act || !act->name)
			continue;
		folded = text_fold(act->name, strlen(act->name));
		for (hit = strstr(folded, needle); hit && !found;
		     hit = strstr(hit + 1, needle)) {
			unsigned char prev = hit > folded ? (unsigned char)
					     hit[-1] : ' ';

			found = !isalnum(prev) && prev < 0x80;
		}
		free(folded);
		if (!found)
			continue;
		if (nd->nids == cap) {
			cap = cap ? cap * 2 : 4;
			nd->ids = xreallocarray(nd->ids, cap, sizeof *nd->ids);
		}
		nd->ids[nd->nids++] = i;	/* ascending: sorted */
	}
	free(needle);
}
/* White space in a phrase as the search text has it: one space between
 * words ("drone   claim" finds "drone claim"), none at the ends. */
static char *
squeeze(char *s)
{
	char *w = s;
	bool space = false;

	for (const char *r = s; *r; r++) {
		if (*r == ' ' || *r == '\t' || *r == '\n') {
			space = w != s;
			continue;
		}
		if (space)
			*w++ = ' ';
		space = false;
		*w++ = *r;
	}
	*w = '\0';
	return s;
}


/* The term in the current token. */
static uint32_t
parse_term(struct parser *p)
{
	const char *v = p->value.data ? p->value.data : "";
	uint32_t id = 0;
	struct node *nd;
	int64_t t;
	char *end, *needle;
	unsigned long n;

	switch (p->field) {
	case F_TEXT:
	case F_FEED:
		needle = squeeze(text_fold(v, strlen(v)));
		if (!*needle) {
			free(needle);
			fail(p, p->value_at, p->field == F_TEXT ?
			     "empty phrase" : "missing feed name");
			return 0;
		}
		id = new_node(p->q, p->field == F_TEXT ? N_TEXT : N_FEED);
		nd = &p->q->nodes[id];
		nd->needle = needle;
		nd->cost = p->field == F_TEXT ? 3 : 2;
		if (p->field == F_FEED)
			nd->n = p->q->nfeeds++;
		break;
	case F_ACTOR:
		if (!*v) {
			fail(p, p->value_at, "missing actor name");
			return 0;
		}
		id = new_node(p->q, N_ACTOR);
		resolve_actor(p->actors, v, &p->q->nodes[id]);
		if (!p->q->nodes[id].nids)
			p->q->nodes[id].needle = xstrdup(v);
		p->q->nodes[id].cost = 1;
		break;
	case F_FROM:
	case F_TO:
		if (!date_parse_arg(v, p->field == F_TO, &t)) {
			fail(p, p->value_at, "not a date '%.*s%s'",
			     shown(v, strlen(v)), v, ellipsis(strlen(v)));
			return 0;
		}
		id = new_node(p->q, p->field == F_FROM ? N_FROM : N_TO);
		p->q->nodes[id].at = (uint32_t)p->tok_at;
		p->q->nodes[id].t = t;
		p->q->nodes[id].day = local_day(t);
		break;
	case F_SOURCES:
		n = strtoul(v, &end, 10);
		if (!isdigit((unsigned char)*v) || *end || n > UINT32_MAX) {
			fail(p, p->value_at, "not a number '%.*s%s'",
			     shown(v, strlen(v)), v, ellipsis(strlen(v)));
			return 0;
		}
		id = new_node(p->q, N_SOURCES);
		p->q->nodes[id].n = (uint32_t)n;
		break;
	}
	next(p);
	return id;
}

static uint32_t parse_or(struct parser *p);

static uint32_t
parse_unary(struct parser *p)
{
	uint32_t id, kid;
	size_t open;

	if (p->failed)
		return 0;
	if (++p->depth > MAX_DEPTH) {
		fail(p, p->tok_at, "too deeply nested");
		return 0;
	}
	switch (p->tok) {
	case T_NOT:
	case T_MINUS:
		open = p->tok_at;
		next(p);
		if (!starts_term(p->tok)) {
			fail(p, p->tok_at, "expected a term after '%s'",
			     p->s[open] == '-' ? "-" : "not");
			return 0;
		}
		kid = parse_unary(p);
		id = new_node(p->q, N_NOT);
		p->q->nodes[id].kids = xmalloc(sizeof(uint32_t));
		p->q->nodes[id].kids[0] = kid;
		p->q->nodes[id].nkids = 1;
		p->q->nodes[id].cost = p->q->nodes[kid].cost;
		break;
	case T_LPAREN:
		open = p->tok_at;
		next(p);
		if (p->tok == T_RPAREN || (p->tok == T_END && !p->failed)) {
			if (p->tok == T_RPAREN)
				fail(p, open, "empty query in parentheses");
			else
				fail(p, p->tok_at, "expected ')'");
			return 0;
		}
		id = parse_or(p);
		if (!p->failed && p->tok != T_RPAREN) {
			fail(p, p->tok_at, "expected ')'");
			return 0;
		}
		next(p);
		break;
	case T_TERM:
		id = parse_term(p);
		break;
	case T_RPAREN:
		fail(p, p->tok_at, "unexpected ')'");
		return 0;
	default:
		fail(p, p->tok_at, "expected a term before '%s'", tok_name(p));
		return 0;
	}
	p->depth--;
	return id;
}

static void
add_kid(struct query *q, uint32_t parent, uint32_t kid, size_t *cap)
{
	struct node *nd = &q->nodes[parent];

	if (nd->nkids == *cap) {
		*cap = *cap ? *cap * 2 : 4;
		nd->kids = xreallocarray(nd->kids, *cap, sizeof *nd->kids);
	}
	nd->kids[nd->nkids++] = kid;
	if (q->nodes[kid].cost > nd->cost)
		nd->cost = q->nodes[kid].cost;
}

/* Operands joined by 'and' or by juxtaposition. */
static uint32_t
parse_and(struct parser *p)
{
	uint32_t first = parse_unary(p), id = 0, kid;
	size_t cap = 0;

	while (!p->failed && (p->tok == T_AND || starts_term(p->tok))) {
		if (p->tok == T_AND) {
			next(p);
			if (!starts_term(p->tok)) {
				fail(p, p->tok_at, "expected a term after "
				     "'and'");
				return 0;
			}
		}
		kid = parse_unary(p);
		if (p->failed)
			return 0;
		if (!id) {
			id = new_node(p->q, N_AND);
			add_kid(p->q, id, first, &cap);
		}
		add_kid(p->q, id, kid, &cap);
	}
	return id ? id : first;
}

static uint32_t
parse_or(struct parser *p)
{
	uint32_t first = parse_and(p), id = 0, kid;
	size_t cap = 0;

	while (!p->failed && p->tok == T_OR) {
		next(p);
		if (!starts_term(p->tok)) {
			if (!p->failed)
				fail(p, p->tok_at, "expected a term after "
				     "'or'");
			return 0;
		}
		kid = parse_and(p);
		if (p->failed)
			return 0;
		if (!id) {
			id = new_node(p->q, N_OR);
			add_kid(p->q, id, first, &cap);
		}
		add_kid(p->q, id, kid, &cap);
	}
	return id ? id : first;
}

/* Cheap tests first in every AND (a stable insertion sort by cost). */
static void
order_kids(struct query *q)
{
	for (size_t i = 0; i < q->nnodes; i++) {
		struct node *nd = &q->nodes[i];

		if (nd->kind != N_AND)
			continue;
		for (size_t j = 1; j < nd->nkids; j++) {
			uint32_t k = nd->kids[j];
			size_t m = j;

			while (m > 0 && q->nodes[nd->kids[m - 1]].cost >
			       q->nodes[k].cost) {
				nd->kids[m] = nd->kids[m - 1];
				m--;
			}
			nd->kids[m] = k;
		}
	}
}

static size_t musts(const struct query *q, const struct node **out,
		    size_t max);

/* A from: after a to: that every match must satisfy leaves nothing: an
 * error, as "--from" after "--to" is (a from: and a to: under "or" or
 * "not" may well be crossed). */
static void
check_window(struct parser *p)
{
	const struct node *must[32], *from = NULL, *to = NULL;
	size_t n = musts(p->q, must, ARRAY_SIZE(must));

	for (size_t k = 0; k < n; k++) {
		if (must[k]->kind == N_FROM && (!from || must[k]->t > from->t))
			from = must[k];
		if (must[k]->kind == N_TO && (!to || must[k]->t < to->t))
			to = must[k];
	}
	if (from && to && from->t > to->t)
		fail(p, from->at > to->at ? from->at : to->at,
		     "from: is after to:");
}

struct query *
query_compile(const char *expr, const struct actors *actors, char *err,
	      size_t errlen)
{
	struct query *q = xcalloc(1, sizeof *q);
	struct parser p = { 0 };

	if (err && errlen)
		err[0] = '\0';
	p.s = expr ? expr : "";
	p.actors = actors;
	p.q = q;
	p.err = err;
	p.errlen = err ? errlen : 0;
	/* Node 0 matches everything: the empty query, and a placeholder
	 * that parse functions return on error. */
	new_node(q, N_ALL);
	next(&p);
	if (p.tok != T_END) {
		q->root = parse_or(&p);
		if (!p.failed && p.tok != T_END)
			fail(&p, p.tok_at, "unexpected ')'");
		if (!p.failed)
			check_window(&p);
	}
	buf_free(&p.value);
	if (p.failed) {
		query_free(q);
		return NULL;
	}
	order_kids(q);
	return q;
}

bool
query_uses_text(const struct query *q)
{
	for (size_t i = 0; q && i < q->nnodes; i++)
		if (q->nodes[i].kind == N_TEXT)
			return true;
	return false;
}

size_t
query_unknown_actors(const struct query *q, const char **names, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; q && i < q->nnodes; i++)
		if (q->nodes[i].kind == N_ACTOR && q->nodes[i].needle &&
		    n < max)
			names[n++] = q->nodes[i].needle;
	return n;
}

void
query_free(struct query *q)
{
	if (!q)
		return;
	for (size_t i = 0; i < q->nnodes; i++) {
		free(q->nodes[i].kids);
		free(q->nodes[i].needle);
		free(q->nodes[i].ids);
	}
	free(q->nodes);
	free(q);
}

/* What evaluation may precompute for a whole run. */
struct ctx {
	const struct timeline *tl;
	uint8_t **feed_masks;	/* per feed: term, per feed: 0 no, 1 yes */
};

static bool
feed_matches(const struct feed_info *f, const char *needle)
{
	const char *fields_of[] = { f->name, f->title, f->source };
	bool hit = false;

	for (size_t i = 0; i < ARRAY_SIZE(fields_of) && !hit; i++) {
		char *folded;

		if (!fields_of[i] || !*fields_of[i])
			continue;
		folded = text_fold(fields_of[i], strlen(fields_of[i]));
		hit = strstr(folded, needle) != NULL;
		free(folded);
	}
	return hit;
}

static bool
match_feed(const struct ctx *c, const struct node *nd, const struct event *ev)
{
	const struct timeline *tl = c->tl;

	for (uint32_t k = 0; k < ev->nstories; k++) {
		uint32_t s = ev->stories[k], f;

		if (s >= tl->nstories || (f = tl->stories[s].feed) >= tl->nfeeds)
			continue;
		if (c->feed_masks ? c->feed_masks[nd->n][f] :
		    feed_matches(&tl->feeds[f], nd->needle))
			return true;
	}
	return false;
}

static int
cmp_id(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Does the event name one of the term's actors?  Both lists are sorted:
 * look the shorter up in the longer. */
static bool
match_actor(const struct node *nd, const struct event *ev)
{
	const uint32_t *small = nd->ids, *big = ev->actors;
	size_t ns = nd->nids, nb = ev->nactors;

	if (!ns || !nb)
		return false;
	if (ns == 1 && nb <= 16) {
		/* The usual case: one actor, a few on the event. */
		for (size_t i = 0; i < nb && big[i] <= small[0]; i++)
			if (big[i] == small[0])
				return true;
		return false;
	}
	if (ns > nb) {
		small = ev->actors;
		big = nd->ids;
		ns = ev->nactors;
		nb = nd->nids;
	}
	for (size_t i = 0; i < ns; i++)
		if (bsearch(&small[i], big, nb, sizeof *big, cmp_id))
			return true;
	return false;
}

static int64_t
floor_day(int64_t t)
{
	return t / DAY - (t % DAY < 0);
}

/* from: and to: bound local days; a day or range event names calendar
 * days (00:00Z of each), compared as days; a timed event as instants. */
static bool
match_time(const struct node *nd, const struct event *ev)
{
	bool days = ev->precision == PREC_DAY || ev->precision == PREC_RANGE;
	int64_t last = ev->end != NO_TIME && ev->end > ev->start ? ev->end :
		       ev->start;

	if (ev->start == NO_TIME)
		return false;
	if (nd->kind == N_FROM)
		return days ? floor_day(last) >= nd->day : last >= nd->t;
	return days ? floor_day(ev->start) <= nd->day : ev->start <= nd->t;
}

static bool
eval(const struct query *q, const struct ctx *c, uint32_t id, size_t i)
{
	const struct node *nd = &q->nodes[id];
	const struct event *ev = &c->tl->events[i];

	switch (nd->kind) {
	case N_ALL:
		return true;
	case N_TEXT:
		return c->tl->folded && c->tl->folded[i] &&
		       strstr(c->tl->folded[i], nd->needle);
	case N_ACTOR:
		return match_actor(nd, ev);
	case N_FEED:
		return match_feed(c, nd, ev);
	case N_FROM:
	case N_TO:
		return match_time(nd, ev);
	case N_SOURCES:
		return ev->nstories >= nd->n;
	case N_NOT:
		return !eval(q, c, nd->kids[0], i);
	case N_AND:
		for (size_t k = 0; k < nd->nkids; k++)
			if (!eval(q, c, nd->kids[k], i))
				return false;
		return true;
	case N_OR:
		for (size_t k = 0; k < nd->nkids; k++)
			if (eval(q, c, nd->kids[k], i))
				return true;
		return false;
	default:
		return false;
	}
}

bool
query_match(const struct query *q, const struct timeline *tl, size_t i)
{
	struct ctx c = { tl, NULL };

	if (!tl || i >= tl->nevents)
		return false;
	return !q || eval(q, &c, q->root, i);
}

/* The terms every match must satisfy: the root, or the children of a
 * root AND.  Returns how many (at most max). */
static size_t
musts(const struct query *q, const struct node **out, size_t max)
{
	const struct node *root = &q->nodes[q->root];
	size_t n = 0;

	if (root->kind != N_AND) {
		out[0] = root;
		return 1;
	}
	for (size_t k = 0; k < root->nkids && n < max; k++)
		out[n++] = &q->nodes[root->kids[k]];
	return n;
}

/* The indexes exist only in a timeline from timeline_new() (it has
 * merging state) that is finished; one filled by hand is scanned. */
static bool
has_index(const struct timeline *tl)
{
	return tl->cluster && !tl->dirty;
}

/* Where matches can lie, from the from: and to: terms every match must
 * satisfy: events are sorted by start, and one that starts before a
 * from: reaches it only within the longest span. */
static void
time_window(const struct timeline *tl, const struct node **must, size_t n,
	    size_t *lo, size_t *hi)
{
	*lo = 0;
	*hi = tl->nevents;
	for (size_t k = 0; k < n; k++) {
		const struct node *nd = must[k];
		int64_t t;
		size_t i;

		if (nd->kind == N_FROM) {
			t = nd->day * DAY < nd->t ? nd->day * DAY : nd->t;
			i = timeline_seek(tl, t - timeline_max_span(tl) - DAY);
			if (i > *lo)
				*lo = i;
		} else if (nd->kind == N_TO) {
			t = (nd->day + 1) * DAY > nd->t ? (nd->day + 1) * DAY :
				nd->t + 1;
			i = timeline_seek(tl, t);
			if (i < *hi)
				*hi = i;
		}
	}
}

static void
mark(uint64_t *set, const uint32_t *list, size_t len, size_t nevents)
{
	for (size_t i = 0; list && i < len; i++)
		if (list[i] < nevents)
			set[list[i] / 64] |= UINT64_C(1) << list[i] % 64;
}

/* The events an actor: or feed: term every match must satisfy lists,
 * from the per-actor or per-feed index: a set of event indices, or NULL
 * when no such term. */
static uint64_t *
candidates(const struct ctx *c, const struct node **must, size_t n)
{
	const struct timeline *tl = c->tl;
	size_t words = tl->nevents / 64 + 1, len;
	const struct node *anchor = NULL;
	const uint32_t *list;
	uint64_t *set;

	for (size_t k = 0; k < n && !anchor; k++)
		if (must[k]->kind == N_ACTOR)
			anchor = must[k];
	for (size_t k = 0; k < n && !anchor; k++)
		if (must[k]->kind == N_FEED && c->feed_masks)
			anchor = must[k];
	if (!anchor)
		return NULL;
	set = xcalloc(words, sizeof *set);
	if (anchor->kind == N_ACTOR) {
		for (size_t k = 0; k < anchor->nids; k++) {
			list = timeline_actor_events(tl, anchor->ids[k], &len);
			mark(set, list, len, tl->nevents);
		}
		return set;
	}
	for (uint32_t f = 0; f < tl->nfeeds; f++) {
		if (!c->feed_masks[anchor->n][f])
			continue;
		list = timeline_feed_events(tl, f, &len);
		mark(set, list, len, tl->nevents);
	}
	return set;
}

/* Only the events the indexes leave are looked at: those within the
 * time window, and of those, the ones an anchoring term's list holds. */
static size_t
run_indexed(const struct query *q, const struct ctx *c, uint32_t *out)
{
	const struct node *must[32];
	size_t nm = musts(q, must, ARRAY_SIZE(must)), lo, hi, n = 0;
	uint64_t *set;

	time_window(c->tl, must, nm, &lo, &hi);
	set = candidates(c, must, nm);
	if (!set) {
		for (size_t i = lo; i < hi; i++)
			if (eval(q, c, q->root, i))
				out[n++] = (uint32_t)i;
		return n;
	}
	for (size_t w = lo / 64; w < c->tl->nevents / 64 + 1; w++) {
		for (uint64_t bits = set[w]; bits; bits &= bits - 1) {
			size_t i = w * 64 + (size_t)__builtin_ctzll(bits);

			if (i >= lo && i < hi && eval(q, c, q->root, i))
				out[n++] = (uint32_t)i;
		}
		if (w * 64 >= hi)
			break;
	}
	free(set);
	return n;
}

size_t
query_run(const struct query *q, const struct timeline *tl, uint32_t *out)
{
	struct ctx c = { tl, NULL };
	size_t n = 0;

	if (!tl)
		return 0;
	if (!q || q->nodes[q->root].kind == N_ALL) {
		for (size_t i = 0; i < tl->nevents; i++)
			out[i] = (uint32_t)i;
		return tl->nevents;
	}
	/* Each feed: term against each feed once, not per event. */
	if (q->nfeeds) {
		c.feed_masks = xcalloc(q->nfeeds, sizeof *c.feed_masks);
		for (size_t i = 0; i < q->nnodes; i++) {
			const struct node *nd = &q->nodes[i];

			if (nd->kind != N_FEED)
				continue;
			c.feed_masks[nd->n] = xcalloc(tl->nfeeds + 1, 1);
			for (size_t f = 0; f < tl->nfeeds; f++)
				c.feed_masks[nd->n][f] = feed_matches(
					&tl->feeds[f], nd->needle);
		}
	}
	if (has_index(tl)) {
		n = run_indexed(q, &c, out);
	} else {
		for (size_t i = 0; i < tl->nevents; i++)
			if (eval(q, &c, q->root, i))
				out[n++] = (uint32_t)i;
	}
	if (c.feed_masks) {
		for (size_t k = 0; k < q->nfeeds; k++)
			free(c.feed_masks[k]);
		free(c.feed_masks);
	}
	return n;
}

/* Bare when it reads back as one plain word; else in quotes, with '"' and
 * '\\' escaped ("a:b" would read as a field). */
char *
query_quote(const char *s)
{
	struct buf b = BUF_INIT;
	bool plain = *s && *s != '-' && strcasecmp(s, "or") &&
		     strcasecmp(s, "and") && strcasecmp(s, "not");

	for (const char *c = s; *c && plain; c++)
		if (is_space(*c) || *c == '"' || *c == '(' || *c == ')' ||
		    *c == '\\' || *c == ':')
			plain = false;
	if (plain)
		return xstrdup(s);
	buf_addc(&b, '"');
	for (const char *c = s; *c; c++) {
		if (*c == '"' || *c == '\\')
			buf_addc(&b, '\\');
		buf_addc(&b, *c);
	}
	buf_addc(&b, '"');
	return buf_steal(&b);
}
