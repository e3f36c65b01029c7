/* The actor dictionary and the matching of actors in text. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "dateline/actors.h"
#include "dateline/embedded.h"
#include "dateline/text.h"

#define MAXIDS 32

/* The bundled dictionary, loaded once per test. */
static int
setup_bundled(void **state)
{
	const struct embedded_file *f = embedded_find("actors.tsv");
	struct actors *a = actors_new();
	char err[256] = "";

	assert_non_null(f);
	assert_int_equal(actors_load_mem(a, f->data, f->len, "actors.tsv",
	    err, sizeof(err)), 0);
	*state = a;
	return 0;
}

static int
teardown(void **state)
{
	actors_free(*state);
	return 0;
}

/* The ids named in text, as canonical names joined by "; ". */
static char *
names(struct actors *a, const char *text, bool discover)
{
	uint32_t ids[MAXIDS];
	size_t n = actors_match(a, text, strlen(text), ids, MAXIDS, discover);
	static char out[1024];
	size_t i;

	out[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i)
			strcat(out, "; ");
		strcat(out, actors_get(a, ids[i])->name);
	}
	return out;
}

static uint32_t
id_of(struct actors *a, const char *name)
{
	uint32_t id = actors_lookup(a, name);

	assert_int_not_equal(id, ACTOR_NONE);
	return id;
}

/* Does matching text find exactly the actor called name (alone)? */
static void
finds(struct actors *a, const char *text, const char *name)
{
	uint32_t ids[MAXIDS];
	size_t n = actors_match(a, text, strlen(text), ids, MAXIDS, false);

	if (n != 1 || strcmp(actors_get(a, ids[0])->name, name) != 0)
		fail_msg("\"%s\": expected [%s], got [%s]", text, name,
		    names(a, text, false));
}

static void
finds_none(struct actors *a, const char *text)
{
	uint32_t ids[MAXIDS];

	if (actors_match(a, text, strlen(text), ids, MAXIDS, false))
		fail_msg("\"%s\": expected nothing, got [%s]", text,
		    names(a, text, false));
}

/* Whether text_fold is the real one yet (it is a stub on some branches). */
static bool
fold_is_real(void)
{
	char *f = text_fold("\xC3\x89", 2);	/* É */
	bool real = strcmp(f, "e") == 0;

	free(f);
	return real;
}

static void
test_bundled(void **state)
{
	struct actors *a = *state;
	const struct actor *p;

	assert_true(actors_count(a) >= 80);
	p = actors_get(a, id_of(a, "Vladimir Putin"));
	assert_string_equal(p->name, "Vladimir Putin");
	assert_string_equal(p->country, "RU");
	assert_int_equal(p->kind, ACTOR_PERSON);
	assert_false(p->discovered);
	assert_int_equal(actors_get(a, id_of(a, "NATO"))->kind,
	    ACTOR_ORGANISATION);
	assert_int_equal(actors_get(a, id_of(a, "Kyiv"))->kind, ACTOR_PLACE);
	assert_int_equal(actors_lookup(a, "putin"), id_of(a, "Путин"));
	assert_int_equal(actors_lookup(a, "  Sergei   Lavrov "),
	    id_of(a, "Lavrov"));
	assert_int_equal(actors_lookup(a, "Nobody Atall"), ACTOR_NONE);
	assert_int_equal(actors_lookup(a, ""), ACTOR_NONE);
	assert_null(actors_get(a, (uint32_t)actors_count(a)));
}

/* Every alias of the bundled dictionary leads to its own actor: no alias
 * is shared by two entries, none is lost. */
static void
test_bundled_aliases(void **state)
{
	struct actors *a = *state;
	const struct embedded_file *f = embedded_find("actors.tsv");
	char *copy = strndup(f->data, f->len), *line, *save = NULL;
	size_t checked = 0;

	for (line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *field[5] = { 0 }, *p = line, *al, *s2 = NULL;
		int nf = 0;
		uint32_t id;

		if (*line == '#')
			continue;
		while (nf < 5 && (field[nf++] = strsep(&p, "\t")))
			;
		id = actors_lookup(a, field[0]);
		if (id == ACTOR_NONE ||
		    strcmp(actors_get(a, id)->name, field[0]) != 0)
			fail_msg("%s: not found by its name", field[0]);
		if (!field[4])
			continue;
		for (al = strtok_r(field[4], "|", &s2); al;
		     al = strtok_r(NULL, "|", &s2)) {
			uint32_t got = actors_lookup(a, al + (*al == '!'));
			if (got != id)
				fail_msg("alias %s of %s leads to %s", al,
				    field[0], got == ACTOR_NONE ? "nothing" :
				    actors_get(a, got)->name);
			checked++;
		}
	}
	assert_true(checked > 150);
	free(copy);
}

static void
test_variants(void **state)
{
	struct actors *a = *state;
	static const char *const zelensky[] = {
		"Zelensky said", "Zelenskyy said", "Zelenskiy said",
		"President Volodymyr Zelenskyy said", "Vladimir Zelensky",
		"a post by Зеленський on Telegram", "Зеленский заявил",
	};
	size_t i;

	for (i = 0; i < sizeof(zelensky) / sizeof(*zelensky); i++)
		finds(a, zelensky[i], "Volodymyr Zelensky");
	finds(a, "Путин поручил продолжить наступление", "Vladimir Putin");
	/* Russian and Ukrainian case forms of a one-word alias */
	finds(a, "Указ Путина подписан", "Vladimir Putin");
	finds(a, "разговор с Трампом", "Donald Trump");
	finds(a, "Офіс Зеленського спростував", "Volodymyr Zelensky");
	finds(a, "Зеленскому позвонили", "Volodymyr Zelensky");
	finds(a, "Путіну відповіли", "Vladimir Putin");
	finds(a, "в Кремле заявили", "the Kremlin");
	finds(a, "зустріч у Москві", "Moscow");
	finds_none(a, "путинизм и трампизм");
	/* a case form only with its capital, as names are written */
	finds_none(a, "в кремле и в москве");
	assert_int_equal(actors_lookup(a, "Путина"),
	    id_of(a, "Vladimir Putin"));
	finds(a, "Лавров заявил", "Sergei Lavrov");
	finds(a, "Sergey Lavrov", "Sergei Lavrov");
	finds(a, "talks in Kiev", "Kyiv");
	finds(a, "Recep Tayyip Erdoğan spoke", "Recep Tayyip Erdoğan");
	finds(a, "Erdogan spoke", "Recep Tayyip Erdoğan");
	finds(a, "Viktor Orban", "Viktor Orbán");
	finds(a, "the U.S. State Department", "State Department");
	finds(a, "the U.S. President said", "Donald Trump");
	finds(a, "Donald J. Trump", "Donald Trump");
	finds(a, "Kim Jong-un", "Kim Jong Un");
	finds(a, "Kim Jong Un", "Kim Jong Un");
	finds(a, "J.D. Vance", "JD Vance");
	/* scripts without spaces between words */
	finds(a, "习近平说", "Xi Jinping");
	assert_string_equal(names(a, "普京与特朗普通电话", false),
	    "Vladimir Putin; Donald Trump");
	finds(a, "プーチン大統領は", "Vladimir Putin");
	finds_none(a, "普");
	/* lookups (the query's actor:NAME) ignore the capitalisation rule */
	assert_int_equal(actors_lookup(a, "trump"), id_of(a, "Donald Trump"));
	assert_int_equal(actors_lookup(a, "u.s. president"),
	    id_of(a, "Donald Trump"));
}

/* Case and diacritics across Unicode: needs the real text_fold. */
static void
test_folding(void **state)
{
	struct actors *a = *state;

	if (!fold_is_real())
		skip();
	finds(a, "erdogan", "Recep Tayyip Erdoğan");
	finds(a, "ERDOĞAN", "Recep Tayyip Erdoğan");
	finds(a, "Erdoğan’s party", "Recep Tayyip Erdoğan");
	finds(a, "ПУТИН", "Vladimir Putin");
	finds(a, "путин", "Vladimir Putin");
	finds(a, "ЗЕЛЕНСЬКИЙ", "Volodymyr Zelensky");
	finds(a, "Radoslaw Sikorski", "Radosław Sikorski");
	finds(a, "RADOSŁAW SIKORSKI", "Radosław Sikorski");
	finds(a, "jean-noel barrot", "Jean-Noël Barrot");
	assert_int_equal(actors_lookup(a, "erdogan"),
	    actors_lookup(a, "Erdoğan"));
}

static void
test_whole_words(void **state)
{
	struct actors *a = *state;

	finds_none(a, "Putinism and Putinist views");
	finds_none(a, "Kyivstar, the operator");
	finds_none(a, "the Lavrovs");
	finds(a, "a NATO-led mission", "NATO");
	finds(a, "(Lavrov)", "Sergei Lavrov");
	finds(a, "\"Lavrov\"", "Sergei Lavrov");
	finds(a, "Lavrov.", "Sergei Lavrov");
	assert_string_equal(names(a, "Lavrov-Rubio talks", false),
	    "Sergei Lavrov; Marco Rubio");
}

static void
test_possessives(void **state)
{
	struct actors *a = *state;

	finds(a, "Putin's residence", "Vladimir Putin");
	finds(a, "Putin’s residence", "Vladimir Putin");
	finds(a, "PUTIN'S RESIDENCE", "Vladimir Putin");
	finds(a, "Zelenskyy’s office", "Volodymyr Zelensky");
	finds(a, "NATO's chief", "NATO");
}

static void
test_false_friends(void **state)
{
	struct actors *a = *state;

	finds_none(a, "he played his trump card");
	finds_none(a, "Trump card or not, he waits");
	finds_none(a, "HIS TRUMP CARD");
	finds_none(a, "Trump cards on the table");
	finds_none(a, "write to putin@example.org");
	finds(a, "Trump, card in hand, spoke", "Donald Trump");
	finds(a, "Trump: cards are dealt", "Donald Trump");
	finds(a, "mail Putin @ home", "Vladimir Putin");
	finds_none(a, "a cooper and a long bush");
	finds_none(a, "an elephant tusk");
	finds_none(a, "un accord, the eu-lex");
	finds(a, "Trump said on Monday", "Donald Trump");
	finds(a, "TRUMP SAYS", "Donald Trump");
	finds(a, "president trump spoke", "Donald Trump");
	finds(a, "donald trump spoke", "Donald Trump");
	finds(a, "Tusk doubts the claim", "Donald Tusk");
	finds(a, "the UN said", "United Nations");
	finds(a, "the EU said", "European Union");
}

/* Input that is lower case already (folded by the caller) still works,
 * except for names that are also common words. */
static void
test_lower_case_input(void **state)
{
	struct actors *a = *state;

	assert_string_equal(names(a, "lavrov and zelensky met in kyiv",
	    false), "Sergei Lavrov; Volodymyr Zelensky; Kyiv");
	finds_none(a, "trump");
}

static void
test_longest_alias(void **state)
{
	struct actors *a = actors_new();
	char err[128];
	const char dict[] =
	    "Sergei Lavrov\tperson\tRU\t\tLavrov\n"
	    "Lavrov Street\tplace\n"
	    "United Nations\torganisation\t\t\tUN\n"
	    "IAEA\torganisation\t\t\tUN nuclear watchdog\n"
	    "UN Security Council\torganisation\n";

	(void)state;
	assert_int_equal(actors_load_mem(a, dict, strlen(dict), "t", err,
	    sizeof(err)), 0);
	assert_string_equal(names(a, "Sergei Lavrov spoke", false),
	    "Sergei Lavrov");
	assert_string_equal(names(a, "a shop on Lavrov Street", false),
	    "Lavrov Street");
	assert_string_equal(names(a, "the UN nuclear watchdog said", false),
	    "IAEA");
	assert_string_equal(names(a, "the UN Security Council met", false),
	    "UN Security Council");
	/* Words of a name must not be split by punctuation. */
	assert_string_equal(names(a, "the UN, Security Council", false),
	    "United Nations");
	assert_string_equal(names(a, "Lavrov. Street", false),
	    "Sergei Lavrov");
	actors_free(a);
}

static void
test_each_once_sorted(void **state)
{
	struct actors *a = *state;
	const char *text = "Zelensky met Trump. Putin called Trump; "
	    "Vladimir Putin's aide Ushakov and Putin's spokesman Peskov "
	    "spoke in Moscow, Zelensky in Kyiv.";
	uint32_t ids[MAXIDS];
	size_t n, i;

	n = actors_match(a, text, strlen(text), ids, MAXIDS, false);
	assert_int_equal(n, 7);
	for (i = 1; i < n; i++)
		assert_true(ids[i - 1] < ids[i]);
	/* max bounds the output */
	assert_int_equal(actors_match(a, text, strlen(text), ids, 3, false),
	    3);
	assert_int_equal(actors_match(a, text, strlen(text), ids, 0, false),
	    0);
	/* len bounds the input: no NUL needed */
	assert_int_equal(actors_match(a, "Putin and Lavrov", 5, ids, MAXIDS,
	    false), 1);
	assert_int_equal(ids[0], id_of(a, "Putin"));
}

static void
test_user_overrides(void **state)
{
	struct actors *a = *state;
	size_t count = actors_count(a);
	uint32_t putin = id_of(a, "Vladimir Putin");
	char err[128];
	const char user[] =
	    "# my own entries\n"
	    "\n"
	    "vladimir putin\tperson\tRU\tKremlin chief\tVVP\n"
	    "Mikhail Teplinsky\tperson\tRU\tCommander of the airborne "
	    "forces\tTeplinsky\n";

	assert_int_equal(actors_load_mem(a, user, strlen(user), "user.tsv",
	    err, sizeof(err)), 0);
	assert_int_equal(actors_count(a), count + 1);
	assert_int_equal(id_of(a, "VVP"), putin);
	assert_string_equal(actors_get(a, putin)->role, "Kremlin chief");
	assert_string_equal(actors_get(a, putin)->name, "vladimir putin");
	/* the replaced entry's aliases are gone */
	assert_int_equal(actors_lookup(a, "Путин"), ACTOR_NONE);
	finds_none(a, "Путин");
	finds(a, "VVP said", "vladimir putin");
	finds(a, "Teplinsky said", "Mikhail Teplinsky");
}

static void
test_discovery(void **state)
{
	struct actors *a = *state;
	const char *text = "Colonel-General Mikhail Teplinsky told Putin "
	    "that troops were 15 km from the city.";
	size_t count = actors_count(a);
	uint32_t ids[MAXIDS], t;
	const struct actor *ac;
	size_t n;

	/* without discover, nothing is added */
	assert_string_equal(names(a, text, false), "Vladimir Putin");
	assert_int_equal(actors_count(a), count);

	n = actors_match(a, text, strlen(text), ids, MAXIDS, true);
	assert_int_equal(n, 2);
	assert_int_equal(actors_count(a), count + 1);
	t = id_of(a, "Mikhail Teplinsky");
	ac = actors_get(a, t);
	assert_true(ac->discovered);
	assert_string_equal(ac->name, "Mikhail Teplinsky");
	assert_string_equal(ac->role, "Colonel-General");
	assert_int_equal(ac->kind, ACTOR_PERSON);
	assert_true(ids[0] == t || ids[1] == t);

	/* found again, not added twice; matched like any actor now */
	assert_int_equal(actors_match(a, text, strlen(text), ids, MAXIDS,
	    true), 2);
	assert_int_equal(actors_count(a), count + 1);
	finds(a, "Teplinsky's forces, said Mikhail Teplinsky",
	    "Mikhail Teplinsky");

	/* other titles */
	assert_string_equal(names(a, "Ukraine's Prime Minister Ostap Kovalenko "
	    "and spokeswoman Iryna Bondar said", true),
	    "Ostap Kovalenko; Iryna Bondar");
	assert_int_equal(actors_count(a), count + 3);
	assert_string_equal(actors_get(a, id_of(a, "Ostap Kovalenko"))->role,
	    "Prime Minister");
	assert_string_equal(names(a, "the Chief of the General Staff Oleh "
	    "Ivanenko-Hrytsenko spoke", true), "Oleh Ivanenko-Hrytsenko");
	assert_string_equal(actors_get(a, id_of(a, "oleh ivanenko "
	    "hrytsenko"))->role, "General Staff");
	assert_string_equal(names(a, "Secretary General Jana Dvořáková",
	    true), "Jana Dvořáková");
	/* a portfolio is part of the role */
	assert_string_equal(names(a, "Finance Minister Anna Kowal claims lead",
	    true), "Anna Kowal");
	assert_string_equal(actors_get(a, id_of(a, "Anna Kowal"))->role,
	    "Finance Minister");
	names(a, "Finance Ministry said", true);
	assert_int_equal(actors_lookup(a, "Ministry"), ACTOR_NONE);
	/* title words written lower-case before the one the name follows
	 * are the role's too (it was "minister") */
	assert_string_equal(names(a, "Former prime minister Janez Janša said",
	    true), "Janez Janša");
	assert_string_equal(actors_get(a, id_of(a, "Janez Janša"))->role,
	    "prime minister");
}

static void
test_discovery_negatives(void **state)
{
	struct actors *a = *state;
	size_t count = actors_count(a);

	/* known names, one word, stop words, lower case, punctuation */
	assert_string_equal(names(a, "President Donald Trump said", true),
	    "Donald Trump");
	assert_string_equal(names(a, "Foreign Minister Sergei Lavrov", true),
	    "Sergei Lavrov");
	assert_string_equal(names(a, "President Macron said", true),
	    "Emmanuel Macron");
	names(a, "the president said, Minister Says Talks Will Resume", true);
	names(a, "a general view; General. Ivan Petrov", true);
	names(a, "the minister ivan petrov", true);
	names(a, "President Putin Trump Zelensky Macron Merz met", true);
	names(a, "Spokesman On Monday Said", true);
	names(a, "Minister Announces New Plan", true);
	names(a, "President Urges Calm After Vote", true);
	names(a, "President Alpha Beta Gamma Delta Epsilon", true);
	assert_int_equal(actors_count(a), count);
}

/* Names with particles or an apostrophe are whole ("Jean-Pierre O'Neill"
 * was "Jean-Pierre O"); a name does not end on an initial or a particle. */
static void
test_discovery_particles(void **state)
{
	struct actors *a = *state;
	size_t count = actors_count(a);

	assert_string_equal(names(a, "Saudi Foreign Minister Faisal bin Farhan "
	    "hosted the talks", true), "Faisal bin Farhan");
	assert_string_equal(names(a, "Government spokeswoman Maria de la Cruz "
	    "said", true), "Maria de la Cruz");
	assert_string_equal(names(a, "Foreign Minister Ahmed al-Sharaa met",
	    true), "Ahmed al-Sharaa");
	assert_string_equal(names(a, "Defence Minister Jean-Pierre O'Neill "
	    "visited", true), "Jean-Pierre O'Neill");
	assert_string_equal(names(a, "Senator John F. Kennedy spoke", true),
	    "John F. Kennedy");
	assert_int_equal(actors_count(a), count + 5);
	/* a possessive is no part of the name */
	assert_string_equal(names(a, "Minister Anna Kowal's plan", true),
	    "Anna Kowal");
	/* particles that join nothing, a lone name and an initial */
	names(a, "President Lee de la said nothing", true);
	names(a, "Minister Tom de and then", true);
	names(a, "Minister Ivo O. said", true);
	assert_int_equal(actors_count(a), count + 6);
	/* a quote after the name is not part of it; nor the particle
	 * before a final initial; a portfolio alone is no title */
	assert_string_equal(names(a, "Minister Olga Brant 'Deeply Concerned' "
	    "over cuts", true), "Olga Brant");
	assert_string_equal(names(a, "Minister Maria da Silva de J said",
	    true), "Maria da Silva");
	names(a, "Transport Strike Hits London Commuters", true);
	names(a, "Health Ministry Data Shows Rise In Flu", true);
	assert_int_equal(actors_count(a), count + 8);
}

/* A discovered person's surname finds them once added (the timeline adds
 * them when it finishes): written with its capital, with its particles,
 * and not when it stands for someone else already. */
static void
test_surnames(void **state)
{
	struct actors *a = *state;

	names(a, "Finance Minister Anna Kowal and spokeswoman Maria de la Cruz "
	    "spoke; General Ivan Putin too", true);
	finds_none(a, "Kowal named a cabinet");
	actors_add_surnames(a, 0);
	finds(a, "Kowal named a cabinet", "Anna Kowal");
	finds(a, "the alliance of de la Cruz", "Maria de la Cruz");
	finds_none(a, "the kowal tree");
	/* "Putin" was Vladimir Putin's before */
	finds(a, "Putin said", "Vladimir Putin");
	/* read back from the archive: the surname at once */
	actors_add_discovered(a, "Olek Varnavsky", "Minister");
	finds(a, "Varnavsky flew home", "Olek Varnavsky");
	/* no surname that is a month, a compass point or a headline's
	 * common noun; none where a longer name goes on, which is then
	 * discovered itself */
	names(a, "Minister John Church, Secretary Anna May, Spokesman Tom "
	    "North and Spokesman Mark Thomas spoke", true);
	actors_add_surnames(a, 0);
	finds_none(a, "Church leaders condemn attack");
	finds_none(a, "Talks set for May 5 in Geneva");
	finds_none(a, "North Macedonia votes");
	finds(a, "Thomas said it", "Mark Thomas");
	assert_string_equal(names(a, "Minister Thomas Weber resigns", true),
	    "Thomas Weber");
}

/* One person named with and without a first name is one discovered
 * actor, under the name found first, in either order; two people who
 * share their last words are not, nor is a headline's run of capitals
 * after a name found again in other headlines. */
static void
test_name_forms(void **state)
{
	struct actors *a = *state;
	size_t count;

	assert_string_equal(names(a, "President Ruml Kadar arrived", true),
	    "Ruml Kadar");
	count = actors_count(a);
	assert_string_equal(names(a, "President Zofia Ruml Kadar spoke",
	    true), "Ruml Kadar");
	assert_int_equal(actors_count(a), count);
	assert_string_equal(names(a, "Minister Petra Lind Oster said", true),
	    "Petra Lind Oster");
	assert_string_equal(names(a, "Minister Lind Oster said", true),
	    "Petra Lind Oster");
	assert_int_equal(actors_count(a), count + 1);
	names(a, "President Mohamed bin Zayed Al Nahyan and Foreign Minister "
	    "Abdullah bin Zayed Al Nahyan met", true);
	assert_int_equal(actors_count(a), count + 3);
	names(a, "Finance Minister Rachel Reeves Unveils Budget Plan", true);
	finds_none(a, "Japan Unveils Budget Plan");
}

static void
test_bad_lines(void **state)
{
	struct actors *a = actors_new();
	char err[128];
	const char ok[] = "Good One\tperson\n";
	const char no_tab[] = "Good One\tperson\n# fine\nBad line\n";
	const char kind[] = "\n\nThing\tanimal\tXX\n";
	const char many[] = "A\tperson\t\t\t\textra\n";
	const char noname[] = "  \tperson\n";
	const char two[] = "B\nOther One\tperson\nC\tx\n";

	(void)state;
	assert_int_equal(actors_load_mem(a, no_tab, strlen(no_tab), "u.tsv",
	    err, sizeof(err)), 1);
	assert_string_equal(err, "u.tsv:3: expected name<TAB>kind"
	    "[<TAB>country<TAB>role<TAB>aliases] (line ignored)");
	/* a bad line is left out, the good ones are loaded */
	assert_int_equal(actors_count(a), 1);
	assert_int_not_equal(actors_lookup(a, "Good One"), ACTOR_NONE);
	assert_int_equal(actors_load_mem(a, kind, strlen(kind), "k.tsv", err,
	    sizeof(err)), 1);
	assert_string_equal(err, "k.tsv:3: kind must be person, organisation "
	    "or place (line ignored)");
	assert_int_equal(actors_load_mem(a, many, strlen(many), "m", err,
	    sizeof(err)), 1);
	assert_string_equal(err, "m:1: more than 5 fields (line ignored)");
	assert_int_equal(actors_load_mem(a, noname, strlen(noname), "n", err,
	    sizeof(err)), 1);
	assert_string_equal(err, "n:1: bad name (line ignored)");
	assert_int_equal(actors_load_mem(a, "X\tperson\0", 9, "z", err,
	    sizeof(err)), 1);
	assert_string_equal(err, "z:1: NUL byte (line ignored)");
	assert_int_equal(actors_count(a), 1);
	assert_int_equal(actors_load_mem(a, two, strlen(two), "two", err,
	    sizeof(err)), 1);
	assert_string_equal(err, "two:1: expected name<TAB>kind[<TAB>country"
	    "<TAB>role<TAB>aliases] (line ignored, and 1 more bad line)");
	assert_int_equal(actors_count(a), 2);
	assert_int_equal(actors_load_mem(a, ok, strlen(ok), "ok", err,
	    sizeof(err)), 0);
	assert_int_equal(actors_count(a), 2);
	assert_int_equal(actors_load_file(a, "/nonexistent/actors.tsv", err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "/nonexistent/actors.tsv"));
	actors_free(a);
}

static void
test_load_file(void **state)
{
	struct actors *a = actors_new();
	char path[] = "/tmp/dateline-actors-XXXXXX", err[128];
	const char dict[] = "Alice Example\tperson\tXX\tTester\tAlice|"
	    "!Example\r\n";
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, dict, strlen(dict)), (ssize_t)strlen(dict));
	close(fd);
	assert_int_equal(actors_load_file(a, path, err, sizeof(err)), 0);
	unlink(path);
	assert_int_equal(actors_count(a), 1);
	assert_string_equal(actors_get(a, 0)->role, "Tester");
	finds(a, "Example said", "Alice Example");
	finds_none(a, "for example");
	finds(a, "alice", "Alice Example");
	actors_free(a);
}

/* What a view finds, finished in the dictionary, is what matching there
 * finds; a name discovered after the freeze makes a text that holds it
 * stale, and only such a text. */
static void
test_view(void **state)
{
	struct actors *a = actors_new(), *v;
	struct actors_found f1 = { 0 }, f2 = { 0 }, f3 = { 0 };
	const char dict[] = "Sergei Lavrov\tperson\tRU\t\tLavrov\n";
	const char t1[] = "Minister Olek Varnavsky met Lavrov";
	const char t2[] = "Olek Varnavsky flew home";
	const char t3[] = "Lavrov flew home";
	uint32_t ids[MAXIDS];
	char err[128];
	size_t n;

	(void)state;
	assert_int_equal(actors_load_mem(a, dict, strlen(dict), "t", err,
					 sizeof err), 0);
	actors_freeze(a);
	v = actors_view_new(a);
	actors_view_match(v, t1, strlen(t1), &f1);
	actors_view_match(v, t2, strlen(t2), &f2);
	actors_view_match(v, t3, strlen(t3), &f3);
	actors_view_free(v);
	/* the view added nothing: the name is left to the finish */
	assert_int_equal(actors_count(a), 1);
	assert_int_equal(f1.nids, 1);
	assert_int_equal(f1.nnames, 1);
	assert_string_equal(f1.names[0].name, "Olek Varnavsky");
	assert_string_equal(f1.names[0].role, "Minister");
	assert_false(actors_found_stale(a, &f1));
	n = actors_found_finish(a, &f1, ids, MAXIDS);
	assert_int_equal(n, 2);
	assert_int_equal(actors_count(a), 2);
	assert_true(actors_get(a, ids[1])->discovered);
	/* t2 names him bare: the view could not know him */
	assert_int_equal(f2.nids, 0);
	assert_true(actors_found_stale(a, &f2));
	assert_false(actors_found_stale(a, &f3));
	n = actors_found_finish(a, &f3, ids, MAXIDS);
	assert_int_equal(n, 1);
	assert_string_equal(actors_get(a, ids[0])->name, "Sergei Lavrov");
	actors_thaw(a);
	assert_string_equal(names(a, t2, true), "Olek Varnavsky");
	actors_found_free(&f1);
	actors_found_free(&f2);
	actors_found_free(&f3);
	actors_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup_bundled, teardown)
		T(test_bundled),
		T(test_bundled_aliases),
		T(test_variants),
		T(test_folding),
		T(test_whole_words),
		T(test_possessives),
		T(test_false_friends),
		T(test_lower_case_input),
		T(test_each_once_sorted),
		T(test_user_overrides),
		T(test_discovery),
		T(test_discovery_negatives),
		T(test_discovery_particles),
		T(test_surnames),
		T(test_name_forms),
#undef T
		cmocka_unit_test(test_longest_alias),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_load_file),
		cmocka_unit_test(test_view),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
