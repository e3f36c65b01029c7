/* Text cleaning, HTML to text, entities, folding and widths. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dateline/buf.h"
#include "dateline/text.h"

struct text_case {
	const char *in;
	const char *out;
};

static int
check_cases(char *(*fn)(const char *, size_t, size_t),
	    const struct text_case *cases, size_t n, bool newline)
{
	int failures = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		char *r = fn(cases[i].in, strlen(cases[i].in), 4096);

		if (strcmp(r, cases[i].out) != 0) {
			print_error("case %zu \"%s\": got \"%s\", want \"%s\"\n",
				    i, cases[i].in, r, cases[i].out);
			failures++;
		}
		if (!text_is_safe(r, strlen(r), newline)) {
			print_error("case %zu: unsafe result\n", i);
			failures++;
		}
		free(r);
	}
	return failures;
}

static const struct text_case clean_cases[] = {
	{ "plain words", "plain words" },
	{ "  lead and trail  ", "lead and trail" },
	{ "many   spaces\t\tand\ttabs", "many spaces and tabs" },
	{ "line\nbreaks\r\nbecome\rspaces", "line breaks become spaces" },
	{ "nul\x01" "bell\x07" "bs\b" "del\x7f", "nulbellbsdel" },
	{ "esc\x1b[31mred\x1b[0m", "escred" },
	{ "esc\x1b]0;title\x07x", "escx" },
	{ "esc\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "esclink" },
	{ "osc\xc2\x9d" "0;t\x07!", "osc!" },
	{ "open\x1b]never ends", "open]never ends" },
	{ "esc\x1b" "c reset \x1b(B", "escc reset (B" },
	{ "cr\rover\bwrite", "cr overwrite" },
	{ "c1 \xc2\x85next \xc2\x9b" "31mcsi \xc2\x80x", "c1 next csi x" },
	{ "bidi \xe2\x80\xae" "evil\xe2\x80\xac ok", "bidi evil ok" },
	{ "iso \xe2\x81\xa6x\xe2\x81\xa9 \xe2\x81\xa7y\xe2\x81\xa8", "iso x y" },
	{ "marks \xe2\x80\x8e" "a\xe2\x80\x8f \xd8\x9c" "b", "marks a b" },
	{ "zw\xe2\x80\x8bsp\xe2\x80\x8c" "a\xe2\x80\x8d" "b\xe2\x81\xa0" "c\xef\xbb\xbf" "d",
	  "zwspabcd" },
	{ "soft\xc2\xad" "hyphen", "softhyphen" },
	{ "tag\xf3\xa0\x80\x81x", "tagx" },
	{ "fill\xe3\x85\xa4" "er\xe1\x85\x9f" "s", "fillers" },
	{ "heart\xe2\x9d\xa4\xef\xb8\x8f", "heart\xe2\x9d\xa4" },
	{ "ann\xef\xbf\xb9x\xef\xbf\xbay\xef\xbf\xbb", "annxy" },
	{ "ar\xd8\x80" "1", "ar1" },
	{ "nbsp\xc2\xa0here\xe3\x80\x80wide\xe2\x80\xa8ls", "nbsp here wide ls" },
	{ "bad \xff byte", "bad \xef\xbf\xbd byte" },
	{ "overlong \xc0\xaf", "overlong \xef\xbf\xbd\xef\xbf\xbd" },
	{ "surrogate \xed\xa0\x80", "surrogate \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
	{ "cut \xe2\x82", "cut \xef\xbf\xbd\xef\xbf\xbd" },
	{ "big \xf4\x90\x80\x80", "big \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
	{ "&amp; stays", "&amp; stays" },
	{ "<b>tags stay</b>", "<b>tags stay</b>" },
	{ "Erdo\xc4\x9f" "an \xd0\x9f\xd1\x83\xd1\x82\xd0\xb8\xd0\xbd \xe6\x97\xa5\xe6\x9c\xac",
	  "Erdo\xc4\x9f" "an \xd0\x9f\xd1\x83\xd1\x82\xd0\xb8\xd0\xbd \xe6\x97\xa5\xe6\x9c\xac" },
	{ "", "" },
	{ "\x01\x02 \x03", "" },
};

static void
test_clean(void **state)
{
	(void)state;
	assert_int_equal(check_cases(text_clean, clean_cases,
				     sizeof clean_cases / sizeof clean_cases[0],
				     false), 0);
}

static const struct text_case html_cases[] = {
	{ "<p>One</p><p>Two</p>", "One\n\nTwo" },
	{ "a<br>b<br/>c<BR />d", "a\nb\nc\nd" },
	{ "a<br><br><br><br>b", "a\nb" },
	{ "<p>a</p>\n\n<p></p><p></p><div>b</div>", "a\n\nb" },
	{ "<ul><li>x</li><li>y</li></ul>", "x\ny" },
	{ "<h1>Title</h1>text", "Title\n\ntext" },
	{ "<blockquote>q</blockquote>after", "q\n\nafter" },
	{ "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>",
	  "a b\nc" },
	{ "<b>bold</b> and <i>it</i>alic", "bold and italic" },
	{ "x<script>alert('<p>')</script>y", "xy" },
	{ "x<SCRIPT type=\"t\">var a = 1 < 2;</ScRiPt >y", "xy" },
	{ "x<style>p { color: red }</style>y", "xy" },
	{ "x<noscript>enable js</noscript>y<template><p>t</p></template>z",
	  "xyz" },
	{ "x<scripts>kept</scripts>y", "xkepty" },
	{ "x<script>never closed", "x" },
	{ "a<!-- comment <p> -->b", "ab" },
	{ "a<![CDATA[<kept> &amp;]]>b", "a<kept> &amp;b" },
	{ "<!DOCTYPE html><?xml version=\"1.0\"?>t", "t" },
	{ "<a href=\"x>y\" title='a>b'>link</a>", "link" },
	{ "<a href = \"x>y\">l</a>", "l" },
	{ "<img alt=Don't>after it's", "after it's" },
	{ "<p class=\"a\" 'odd\">t</p>", "t" },
	{ "1 < 2 and 3 > 2", "1 < 2 and 3 > 2" },
	{ "a <3 b", "a <3 b" },
	{ "&lt;b&gt; &amp; &quot;q&quot; &apos;", "<b> & \"q\" '" },
	{ "&nbsp;x&nbsp;", "x" },
	{ "caf&eacute; &Eacute;T&Eacute;", "caf\xc3\xa9 \xc3\x89T\xc3\x89" },
	{ "&hellip;&mdash;&ndash;&rsquo;&euro;",
	  "\xe2\x80\xa6\xe2\x80\x94\xe2\x80\x93\xe2\x80\x99\xe2\x82\xac" },
	{ "&NotEqualTilde; &acE; &fjlig;",
	  "\xe2\x89\x82\xcc\xb8 \xe2\x88\xbe\xcc\xb3 fj" },
	{ "&CounterClockwiseContourIntegral;", "\xe2\x88\xb3" },
	{ "&amp &lt &copy 2025", "& < \xc2\xa9 2025" },
	{ "&notit; &copycat", "\xc2\xacit; \xc2\xa9" "cat" },
	{ "&bogus; &amp;amp; & alone &", "&bogus; &amp; & alone &" },
	{ "&#65;&#x42;&#X43;&#x1F600;", "ABC\xf0\x9f\x98\x80" },
	{ "&#65&#x42 z", "AB z" },
	{ "&#0;&#xD800;&#x110000;&#99999999999;",
	  "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
	/* an escape sequence by reference goes whole, as a raw one does */
	{ "&#27;[31m&#x9b;&#7;x", "\xe2\x80\xbax" },
	{ "a &#x1b;[1;31mred&#27;[0m b", "a red b" },
	{ "&#128;&#150;", "\xe2\x82\xac\xe2\x80\x93" },
	{ "&#x202E;evil&#8203;&#xFEFF;", "evil" },
	{ "&#10;&#13;a&#9;b", "a b" },
	{ "&#;&#x;", "&#;&#x;" },
	{ "line\none", "line one" },
	{ "<p>  spaced   \n  out  </p>", "spaced out" },
	{ "\x1b[2Jclear<p>\xc2\x9b" "1mx</p>", "clear\n\nx" },
	{ "bad \xff<br>\xe2\x80\xae", "bad \xef\xbf\xbd" },
	{ "<unclosed", "" },
	{ "text</p>", "text" },
	{ "", "" },
};

static void
test_html(void **state)
{
	(void)state;
	assert_int_equal(check_cases(text_from_html, html_cases,
				     sizeof html_cases / sizeof html_cases[0],
				     true), 0);
}

static void
test_entity(void **state)
{
	char out[8];

	(void)state;
	assert_int_equal(text_entity("nbsp", 4, out), 2);
	assert_memory_equal(out, "\xc2\xa0", 2);
	assert_int_equal(text_entity("amp", 3, out), 1);
	assert_int_equal(out[0], '&');
	assert_int_equal(text_entity("zwnj", 4, out), 3);
	assert_int_equal(text_entity("Aacute", 6, out), 2);
	assert_memory_equal(out, "\xc3\x81", 2);
	assert_int_equal(text_entity("aacute", 6, out), 2);
	assert_memory_equal(out, "\xc3\xa1", 2);
	assert_int_equal(text_entity("nosuch", 6, out), 0);
	assert_int_equal(text_entity("", 0, out), 0);
	assert_int_equal(text_entity("ampx", 3, out), 1);
}

/* Names at the ends of the table and of each letter's range. */
static void
test_entity_table_edges(void **state)
{
	static const struct {
		const char *name, *utf8;
	} cases[] = {
		{ "AElig", "\xc3\x86" }, { "zwnj", "\xe2\x80\x8c" },
		{ "Zopf", "\xe2\x84\xa4" }, { "xvee", "\xe2\x8b\x81" },
		{ "angst", "\xc3\x85" }, { "Yuml", "\xc5\xb8" },
		{ "yuml", "\xc3\xbf" }, { "GT", ">" }, { "QUOT", "\"" },
		{ "bNot", "\xe2\xab\xad" }, { "nvlt", "<\xe2\x83\x92" },
	};
	static const char *const unknown[] = {
		"", "AEli", "zwnjx", "[", "_x", "~", "0", "AMPx", "Amp",
	};
	char out[8];
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		n = text_entity(cases[i].name, strlen(cases[i].name), out);
		assert_int_equal(n, strlen(cases[i].utf8));
		assert_memory_equal(out, cases[i].utf8, n);
	}
	for (i = 0; i < sizeof unknown / sizeof unknown[0]; i++)
		assert_int_equal(text_entity(unknown[i], strlen(unknown[i]), out), 0);
}

static void
test_caps(void **state)
{
	char *r;
	size_t i;
	/* 10 × "é" (2 bytes): a cap of 5 keeps two characters. */
	const char *e = "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
			"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9";
	char *big;

	(void)state;
	r = text_clean(e, strlen(e), 5);
	assert_string_equal(r, "\xc3\xa9\xc3\xa9");
	free(r);
	r = text_from_html(e, strlen(e), 5);
	assert_string_equal(r, "\xc3\xa9\xc3\xa9");
	free(r);
	r = text_clean("abc def", 7, 4);
	assert_string_equal(r, "abc");
	free(r);
	r = text_from_html("<p>abc</p><p>def</p>", 20, 4);
	assert_string_equal(r, "abc");
	free(r);
	r = text_clean("\xf0\x9f\x98\x80x", 5, 3);
	assert_string_equal(r, "");
	free(r);
	r = text_clean("abc", 3, 0);
	assert_string_equal(r, "");
	free(r);
	big = malloc(3 * TEXT_TITLE_CAP + 1);
	for (i = 0; i < TEXT_TITLE_CAP; i++)
		memcpy(big + 3 * i, "\xe2\x82\xac", 3);
	big[3 * TEXT_TITLE_CAP] = '\0';
	r = text_clean(big, strlen(big), TEXT_TITLE_CAP);
	assert_true(strlen(r) <= TEXT_TITLE_CAP);
	assert_int_equal(strlen(r) % 3, 0);
	assert_true(text_is_safe(r, strlen(r), false));
	free(r);
	free(big);
}

/* Fill n bytes with copies of a pattern. */
static char *
repeat(const char *pat, size_t n)
{
	char *s = malloc(n + 1);
	size_t i, pl = strlen(pat);

	assert_non_null(s);
	for (i = 0; i < n; i++)
		s[i] = pat[i % pl];
	s[n] = '\0';
	return s;
}

static void
test_hostile_sizes(void **state)
{
	size_t n = 5u << 20;
	char *s, *r;

	(void)state;
	/* A 5 MB title is cut at the title cap. */
	s = repeat("title ", n);
	r = text_clean(s, n, TEXT_TITLE_CAP);
	assert_true(strlen(r) <= TEXT_TITLE_CAP);
	assert_true(strlen(r) > TEXT_TITLE_CAP - 6);
	assert_memory_equal(r, "title title", 11);
	free(r);
	free(s);
	/* 20,000-deep nesting of inline and block elements. */
	s = repeat("<b><div>", 8 * 20000);
	r = text_from_html(s, strlen(s), TEXT_BODY_CAP);
	assert_string_equal(r, "");
	free(r);
	free(s);
	/* References all the way: decoded up to the body cap. */
	s = repeat("&amp;&#x41;", 2 * n);
	r = text_from_html(s, 2 * n, TEXT_BODY_CAP);
	assert_int_equal(strlen(r), TEXT_BODY_CAP);
	assert_memory_equal(r, "&A&A", 4);
	free(r);
	free(s);
	/* Unterminated comment, tag, quote and script swallow the rest. */
	s = repeat("x", n);
	memcpy(s + 1, "<!--", 4);
	r = text_from_html(s, n, TEXT_BODY_CAP);
	assert_string_equal(r, "x");
	free(r);
	memcpy(s + 1, "<a '", 4);
	r = text_from_html(s, n, TEXT_BODY_CAP);
	assert_string_equal(r, "x");
	free(r);
	memcpy(s + 1, "<script>", 8);
	r = text_from_html(s, n, TEXT_BODY_CAP);
	assert_string_equal(r, "x");
	free(r);
	free(s);
	/* Invalid bytes grow threefold as U+FFFD: the cap still holds. */
	s = repeat("\xff", n);
	r = text_clean(s, n, TEXT_BODY_CAP);
	assert_true(strlen(r) <= TEXT_BODY_CAP);
	assert_int_equal(strlen(r) % 3, 0);
	assert_true(text_is_safe(r, strlen(r), false));
	free(r);
	free(s);
}

static void
test_is_safe(void **state)
{
	(void)state;
	assert_true(text_is_safe("", 0, false));
	assert_true(text_is_safe("hello", 5, false));
	assert_true(text_is_safe("\xc3\xa9\xe6\x97\xa5\xf0\x9f\x98\x80", 9, false));
	assert_false(text_is_safe("a\nb", 3, false));
	assert_true(text_is_safe("a\nb", 3, true));
	assert_false(text_is_safe("a\tb", 3, true));
	assert_false(text_is_safe("a\rb", 3, true));
	assert_false(text_is_safe("a\x1b" "b", 3, true));
	assert_false(text_is_safe("a\x7f", 2, true));
	assert_false(text_is_safe("\xc2\x9b", 2, true));
	assert_false(text_is_safe("\xc2\x85", 2, true));
	assert_false(text_is_safe("\xe2\x80\xae", 3, true));
	assert_false(text_is_safe("\xe2\x81\xa6", 3, true));
	assert_false(text_is_safe("\xe2\x80\x8f", 3, true));
	assert_false(text_is_safe("\xd8\x9c", 2, true));
	assert_false(text_is_safe("\xe2\x80\x8b", 3, true));
	assert_false(text_is_safe("\xef\xbb\xbf", 3, true));
	assert_false(text_is_safe("\xff", 1, true));
	assert_false(text_is_safe("\xc3", 1, true));
	assert_false(text_is_safe("\xed\xa0\x80", 3, true));
	assert_false(text_is_safe("a\0b", 3, true));
	/* U+FFFD itself is fine. */
	assert_true(text_is_safe("\xef\xbf\xbd", 3, false));
}

static void
check_fold(const char *in, const char *want)
{
	char *r = text_fold(in, strlen(in));

	if (strcmp(r, want) != 0)
		print_error("fold \"%s\": got \"%s\", want \"%s\"\n", in, r, want);
	assert_string_equal(r, want);
	free(r);
	/* in two parts, cut at every character boundary, the same */
	for (size_t cut = 0; cut <= strlen(in); cut++) {
		struct buf b = BUF_INIT;

		if (((unsigned char)in[cut] & 0xc0) == 0x80)
			continue;
		text_fold_append(&b, in, cut);
		text_fold_append(&b, in + cut, strlen(in) - cut);
		if (strcmp(b.data, want) != 0)
			print_error("fold \"%s\" cut at %zu: got \"%s\"\n", in,
				    cut, b.data);
		assert_string_equal(b.data, want);
		buf_free(&b);
	}
}

static void
test_fold(void **state)
{
	(void)state;
	check_fold("Erdo\xc4\x9f" "an", "erdogan");
	check_fold("ERDOGAN", "erdogan");
	check_fold("ERDO\xc4\x9e" "AN", "erdogan");
	check_fold("\xd0\x9f\xd0\xa3\xd0\xa2\xd0\x98\xd0\x9d",
		   "\xd0\xbf\xd1\x83\xd1\x82\xd0\xb8\xd0\xbd");
	check_fold("\xd0\x9f\xd1\x83\xd1\x82\xd0\xb8\xd0\xbd",
		   "\xd0\xbf\xd1\x83\xd1\x82\xd0\xb8\xd0\xbd");
	check_fold("Zelensk\xc3\xbd\xc3\xad", "zelenskyi");
	check_fold("Stra\xc3\x9f" "e", "strasse");
	check_fold("O\xe2\x80\x99" "Brien", "o'brien");
	check_fold("O'Brien", "o'brien");
	check_fold("\xef\xbc\xa1\xef\xbc\xa2", "ab");		/* fullwidth */
	check_fold("\xef\xac\x81nance", "finance");		/* ligature */
	check_fold("Ren\xc3\xa9", "rene");
	check_fold("Rene\xcc\x81", "rene");
	check_fold("\xce\x91\xce\xb8\xce\xae\xce\xbd\xce\xb1",
		   "\xce\xb1\xce\xb8\xce\xb7\xce\xbd\xce\xb1");
	check_fold("bad\xff", "bad\xef\xbf\xbd");
	check_fold("Wa\xc5\x82\xc4\x99sa", "walesa");			/* Wałęsa */
	check_fold("WA\xc5\x81\xc4\x98SA", "walesa");			/* WAŁĘSA */
	check_fold("K\xc4\xb1l\xc4\xb1\xc3\xa7" "daro\xc4\x9f" "lu", "kilicdaroglu");
	check_fold("\xc4\xb0stanbul", "istanbul");			/* İstanbul */
	check_fold("S\xc3\xb8ren \xc3\x86r\xc3\xb8", "soren aero");
	check_fold("\xc4\x90or\xc4\x91" "e", "dorde");			/* Đorđe */
	check_fold("\xd0\x81\xd0\xbb\xd0\xba\xd0\xb0", "\xd0\xb5\xd0\xbb\xd0\xba\xd0\xb0"); /* Ёлка */
	check_fold("a\xc2\xad" "b", "ab");					/* soft hyphen */
	check_fold("", "");
}

static void
test_width(void **state)
{
	int w;

	(void)state;
	assert_int_equal(text_width("abc", 3), 3);
	assert_int_equal(text_width("", 0), 0);
	assert_int_equal(text_width("\xe6\x97\xa5\xe6\x9c\xac", 6), 4);
	assert_int_equal(text_width("\xf0\x9f\x98\x80", 4), 2);
	assert_int_equal(text_width("e\xcc\x81", 3), 1);
	assert_int_equal(text_width("\xc3\xa9", 2), 1);
	assert_int_equal(text_width("a\x1b" "b", 3), 2);
	assert_int_equal(text_width("a\xe2\x80\x8b" "b", 5), 2);
	assert_int_equal(text_width("\xff", 1), 1);
	assert_int_equal(text_width("\xef\xbc\xa1", 3), 2);

	/* 日本語 is 6 columns: 5 hold two characters. */
	assert_int_equal(text_fit("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 9, 5, &w), 6);
	assert_int_equal(w, 4);
	assert_int_equal(text_fit("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 9, 6, &w), 9);
	assert_int_equal(w, 6);
	assert_int_equal(text_fit("abcdef", 6, 3, NULL), 3);
	assert_int_equal(text_fit("abc", 3, 10, &w), 3);
	assert_int_equal(w, 3);
	assert_int_equal(text_fit("abc", 3, 0, &w), 0);
	assert_int_equal(w, 0);
	/* A combining accent stays with its letter. */
	assert_int_equal(text_fit("e\xcc\x81x", 4, 1, &w), 3);
	assert_int_equal(w, 1);
}

static void
test_decode(void **state)
{
	int cp;

	(void)state;
	assert_int_equal(text_decode("A", 1, &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(text_decode("\xc3\xa9", 2, &cp), 2);
	assert_int_equal(cp, 0xE9);
	assert_int_equal(text_decode("\xe2\x82\xac", 3, &cp), 3);
	assert_int_equal(cp, 0x20AC);
	assert_int_equal(text_decode("\xf0\x9f\x98\x80", 4, &cp), 4);
	assert_int_equal(cp, 0x1F600);
	assert_int_equal(text_decode("\xe2\x82\xac", 2, &cp), 1);
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(text_decode("\x80", 1, &cp), 1);
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(text_decode("\xc1\xbf", 2, &cp), 1);
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(text_decode("\xe0\x80\x80", 3, &cp), 1);
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(text_decode("\xf5\x80\x80\x80", 4, &cp), 1);
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(text_decode("\xc3(", 2, &cp), 1);
	assert_int_equal(cp, 0xFFFD);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_entity),
		cmocka_unit_test(test_entity_table_edges),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_hostile_sizes),
		cmocka_unit_test(test_is_safe),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_decode),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
