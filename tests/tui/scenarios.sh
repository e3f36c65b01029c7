#!/usr/bin/env bash
# The interface as a person sees it: the real program in tmux, keys sent,
# the screen read back.  `scenarios.sh NAME` runs one scenario; what the
# screen should show is taken from `dateline dump` of the same feed, so that
# the tests hold whatever the clustering decides.
set -u
. "$(dirname "$0")/lib.sh"

mapfile -t T < <(dump_titles "$FEEDS/wire.xml")
N=${#T[@]}
(( N > 10 )) || { echo "FAIL: dump of the test wire gave $N events" >&2; exit 1; }

# The index of the first event of each day, from dump's start column.
mapfile -t DAYSTART < <(dump "$FEEDS/wire.xml" | cut -c1-10 |
	awk '$0 != prev { print NR - 1 } { prev = $0 }')

# Titles matching a pattern (case-insensitive), in timeline order.
titles_like() { printf '%s\n' "${T[@]}" | grep -i -- "$1"; }

scn_first_screen() {
	start_wire
	[[ $(line 0) == " dateline  $N events"* ]] || fail "header: $(line 0)"
	expect "Friday 26 December 2025"
	expect "${T[0]}"
	expect "${T[1]}"
	expect "Detail"
	expect "Sources"
	expect "https://news.example/wire/1"
	expect "? help"
	line 1 | grep -q '[▁▂▃▄▅▆▇█]' || fail "no strip of days: $(line 1)"
	expect_current "${T[0]}"
}

scn_sample_wires() {
	start -- --no-archive --offline
	wait_for "sample wires"
	[[ $(line 0) == " dateline"* ]] || fail "header: $(line 0)"
	# The list starts with its first day's heading.
	line 2 | grep -qE '^ (Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day [0-9]' ||
		fail "no day heading first: $(line 2)"
	expect "Detail"
}

scn_movement() {
	start_wire
	keys j j
	expect_current "${T[2]}"
	keys k
	expect_current "${T[1]}"
	keys 5 j
	expect_current "${T[6]}"
	keys Down
	expect_current "${T[7]}"
	keys Up Up
	expect_current "${T[5]}"
	keys G
	expect_current "${T[N - 1]}"
	keys g
	expect_current "${T[0]}"
	keys 3 G
	expect_current "${T[2]}"
	keys k k k k
	expect_current "${T[0]}"
}

scn_paging() {
	start_wire
	keys NPage
	settle
	expect_not "Friday 26 December 2025"
	[[ $(current_title) != "${T[0]}" ]] || fail "PgDn did not move"
	keys PPage
	settle
	expect "Friday 26 December 2025"
	keys End
	expect_current "${T[N - 1]}"
	keys Home
	expect_current "${T[0]}"
}

scn_day_jumps() {
	start_wire
	keys ']'
	expect_current "${T[DAYSTART[1]]}"
	keys ']'
	expect_current "${T[DAYSTART[2]]}"
	keys 2 ']'
	expect_current "${T[DAYSTART[4]]}"
	keys '['
	expect_current "${T[DAYSTART[3]]}"
	# From inside a day, [ goes to the top of that day first.
	keys j '['
	expect_current "${T[DAYSTART[3]]}"
	keys '['
	expect_current "${T[DAYSTART[2]]}"
}

scn_search() {
	local -a hits
	mapfile -t hits < <(titles_like envoy)
	(( ${#hits[@]} >= 2 )) || fail "the wire needs two envoy titles"
	start_wire
	keys /
	wait_for "/"
	type_text "env"
	expect_current "${hits[0]}"
	type_text "oy"
	keys Enter
	expect_current "${hits[0]}"
	keys n
	expect_current "${hits[1]}"
	keys n
	expect_current "${hits[0]}"
	wait_for "search wrapped"
	keys N
	expect_current "${hits[1]}"
	# No match: the cursor stays, and Esc leaves it where it was.
	keys /
	type_text "zzzq"
	wait_for "no match for zzzq"
	expect_current "${hits[1]}"
	keys Escape
	expect_current "${hits[1]}"
	keys n
	expect_current "${hits[0]}"
	# Enter on a search that matches nothing says so once the prompt
	# is gone too.
	keys /
	type_text "qqzz"
	wait_for "no match for qqzz"
	keys Enter
	wait_gone "/qqzz"
	wait_for "no match for qqzz"
	expect_current "${hits[0]}"
}

scn_search_highlight() {
	start_wire
	keys / && type_text "envoy" && keys Enter
	settle
	screen_e | grep -qP '\e\[[0-9;]*m[Ee]nvoy' ||
		fail "the match is not highlighted"
}

scn_actor_cyrillic() {
	local want
	want=$(dump "$FEEDS/wire.xml" | cut -f6 | grep -c "Putin")
	(( want > 0 )) || fail "no event names Putin"
	start_wire
	keys a
	wait_for "Actors:"
	expect "Vladimir Putin"
	type_text "путин"
	wait_for "actor: путин"
	settle
	expect "Vladimir Putin"
	expect_not "Zelensky"
	# part of an alias narrows too: Зеленський is Zelensky's
	keys C-u
	type_text "Зелен"
	wait_for "actor: Зелен"
	settle
	expect "Volodymyr Zelensky"
	expect_not "Vladimir Putin"
	keys C-u
	type_text "путин"
	wait_for "actor: путин"
	settle
	keys Enter
	wait_for "filter: actor:"
	[[ $(line 0) == " dateline  $want of $N events"* ]] ||
		fail "header after the actor filter: $(line 0)"
	expect_not "Actors:"
}

scn_actor_folding() {
	start_wire
	keys a
	wait_for "Actors:"
	type_text "erdogan"
	wait_for "Erdoğan"
	expect_not "Vladimir Putin"
	keys C-u
	type_text "zel"
	wait_for "Zelensky"
	expect_not "Erdoğan"
	keys Escape
	wait_gone "Actors:"
	[[ $(line 0) == " dateline  $N events"* ]] || fail "a filter was set"
}

scn_actor_several() {
	local want
	want=$(dump "$FEEDS/wire.xml" | cut -f6 | grep -c -e Putin -e Zelensky)
	start_wire
	keys a
	wait_for "Actors:"
	type_text "putin"
	settle
	keys Tab
	keys C-u
	type_text "zel"
	settle
	keys Tab Enter
	wait_for "filter: (actor:"
	expect " or actor:"
	[[ $(line 0) == " dateline  $want of $N events"* ]] ||
		fail "header after two actors: $(line 0)"
}

scn_filter() {
	local want
	want=$(dump -q Kremlin "$FEEDS/wire.xml" | wc -l)
	start_wire
	keys f
	wait_for "filter:"
	type_text "Kremlin"
	keys Enter
	wait_for "filter: Kremlin"
	[[ $(line 0) == " dateline  $want of $N events"* ]] ||
		fail "header: $(line 0)"
	expect "$(titles_like kremlin | head -1)"
	expect_not "Power cuts hit three regions"
}

# A filter that drops the event a range starts from says so.
scn_range_dropped() {
	local want
	want=$(dump -q Kremlin "$FEEDS/wire.xml" | wc -l)
	[[ $(titles_like kremlin | head -1) != "${T[0]}" ]] ||
		fail "the test needs a first event without Kremlin"
	start_wire
	keys v j j
	settle
	keys f
	wait_for "filter:"
	type_text "Kremlin"
	keys Enter
	wait_for "$want events match; range dropped: its first event is no longer listed"
}

scn_filter_error() {
	start_wire
	keys f
	type_text "(Kremlin or"
	keys Enter
	wait_for "query:"
	expect "filter: (Kremlin or"
	[[ $(line 0) == " dateline  $N events"* ]] || fail "filter applied"
	# Still editing: fix it in place.
	keys C-u
	type_text "Kremlin"
	wait_gone "query:"
	keys Enter
	wait_for "filter: Kremlin"
	# the caret under the column named, counted in characters, past
	# letters of two bytes each
	keys f C-u
	type_text "Зеленський or )"
	keys Enter
	wait_for "at column 15"
	screen | python3 -c '
import sys
lines = sys.stdin.read().split("\n")
at = [n for n, l in enumerate(lines) if "filter: Зеленський" in l][-1]
sys.exit(lines[at - 1].find("^") != lines[at].find(")"))' ||
		fail "the caret is not under the column named"
}

scn_clear() {
	start_wire
	keys f && type_text "Kremlin" && keys Enter
	wait_for "filter: Kremlin"
	keys F
	wait_for "filter cleared"
	[[ $(line 0) == " dateline  $N events"* ]] || fail "header: $(line 0)"
	expect_not "filter: Kremlin"
	expect "Power cuts hit three regions"
}

scn_prompt_editing() {
	start_wire
	keys f
	type_text "abc"
	keys C-a
	type_text "x"
	keys C-e
	type_text "y"
	wait_for "filter: xabcy"
	keys BSpace
	wait_for "filter: xabc"
	keys C-u
	settle
	expect_not "xabc"
	# Alt-b, Alt-f, Alt-d, Alt-Backspace move and cut by words, as in
	# readline, and keep the prompt open
	type_text "alpha beta gamma"
	keys M-b
	type_text "X"
	wait_for "filter: alpha beta Xgamma"
	keys M-b M-b M-d
	wait_for "filter: alpha  Xgamma"
	keys M-f
	type_text "!"
	wait_for "filter: alpha  Xgamma!"
	keys M-BSpace
	wait_gone "Xgamma"
	expect "filter: alpha"
	keys Escape
	wait_gone "filter:"
	expect "? help"
}

scn_export_range() {
	local out=$T_TMP/range.txt
	start_wire
	keys v j j e
	wait_for "export to: dateline-2025-12-26.txt"
	keys C-u
	type_text "$out"
	keys Enter
	wait_for "exported 3 events"
	[[ -f $out ]] || fail "no file written"
	grep -qF "${T[0]}" "$out" || fail "first event missing"
	grep -qF "${T[2]}" "$out" || fail "third event missing"
	! grep -qF "${T[3]}" "$out" || fail "fourth event exported"
	# The header names the range on the reader's clock, not as instants.
	[[ $(sed -n 2p "$out") == "Range:  2025-12-26 09:15 UTC to 2025-12-27 08:05 UTC" ]] ||
		fail "range header: $(sed -n 2p "$out")"
	# "~/" is the home directory, as in a shell; the name offered is
	# replaced by what is typed
	keys e
	wait_for "export to: dateline-"
	type_text "~/brief.txt"
	keys Enter
	wait_for "exported $N events to $T_TMP/home/brief.txt"
	[[ -s $T_TMP/home/brief.txt ]] || fail "nothing in ~/brief.txt"
	[[ $(head -1 "$T_TMP/home/brief.txt") == "Timeline export" ]] ||
		fail "brief.txt is not text: $(head -1 "$T_TMP/home/brief.txt")"
	# a .md name asks for markdown
	keys e
	wait_for "export to:"
	keys C-u
	type_text "~/brief.md"
	keys Enter
	wait_for "exported $N events to $T_TMP/home/brief.md"
	[[ $(head -1 "$T_TMP/home/brief.md") == "# Timeline export" ]] ||
		fail "brief.md is not markdown: $(head -1 "$T_TMP/home/brief.md")"
	# an editing key first keeps the name offered, to edit
	keys e
	wait_for "export to: dateline-"
	keys End
	type_text ".bak"
	keys Enter
	wait_for ".txt.bak"
	ls "$T_TMP"/work/dateline-*.txt.bak >/dev/null 2>&1 ||
		fail "the name offered was not kept: $(ls "$T_TMP/work")"
}

# A range marked while a refresh runs outlives the new events it brings.
scn_range_kept() {
	local out=$T_TMP/range.txt port total
	total=$(( N + $(dump "$FEEDS/wide.xml" | wc -l) ))
	slow_server "$FEEDS/wide.xml" 2
	start -- --no-archive "$FEEDS/wire.xml" "http://127.0.0.1:$port/wide.xml"
	wait_for "$N events"
	keys v j j
	wait_for "$total events" 10
	wait_gone "fetching"
	expect_current "${T[2]}"
	keys e
	wait_for "export to:"
	keys C-u
	type_text "$out"
	keys Enter
	wait_for "exported 3 events"
	grep -qF "${T[0]}" "$out" || fail "first event missing"
	! grep -qF "${T[3]}" "$out" || fail "fourth event exported"
}

scn_export_overwrite() {
	local out=$T_TMP/all.txt
	echo old > "$out"
	start_wire
	keys e
	wait_for "export to:"
	keys C-u && type_text "$out" && keys Enter
	wait_for "overwrite? (y/n)"
	keys n
	wait_for "not overwritten"
	[[ $(cat "$out") == old ]] || fail "file changed"
	keys e
	wait_for "export to:"
	keys C-u && type_text "$out" && keys Enter
	wait_for "overwrite? (y/n)"
	keys y
	wait_for "exported $N events"
	grep -qF "${T[N - 1]}" "$out" || fail "last event missing"
}

scn_export_filter() {
	local out=$T_TMP/kremlin.txt
	start_wire
	keys f && type_text "Kremlin" && keys Enter
	wait_for "filter: Kremlin"
	keys e
	wait_for "export to:"
	keys C-u && type_text "$out" && keys Enter
	wait_for "exported"
	grep -qF "$(titles_like kremlin | head -1)" "$out" ||
		fail "filtered event missing"
	! grep -qF "Power cuts hit three regions" "$out" ||
		fail "an event outside the filter was exported"
	# Esc cancels a prompt without writing.
	keys e
	wait_for "export to:"
	keys C-u && type_text "$T_TMP/never.txt" && keys Escape
	wait_for "export cancelled"
	[[ ! -e $T_TMP/never.txt ]] || fail "cancelled export wrote a file"
}

scn_resize() {
	local big small fresh
	start_wire
	keys j j
	settle
	big=$(screen)
	[[ $big == *Detail* ]] || fail "no detail pane at 100x30"
	# settle alone may see the old screen, still, before the program has
	# heard of the new size (a slow build): the detail pane tells
	t_tmux resize-window -t t -x 40 -y 10
	wait_gone "Detail"
	settle
	small=$(screen)
	[[ $(line 0) == " dateline"* ]] || fail "no header at 40x10"
	expect "? help"
	# The same state drawn from scratch at that size must look the same:
	# drawn by a tmux server of its own, gone before the first resizes
	# back (a CI run once saw the first window shrink to 40x10 again
	# while a session of that size ran beside it on the same server)
	local fsock=$T_SOCK-fresh
	T_SOCK=$fsock T_SESS=fresh T_COLS=40 T_LINES=10 start -- --no-archive \
		--offline "$FEEDS/wire.xml"
	T_SOCK=$fsock T_SESS=fresh wait_for "events"
	T_SOCK=$fsock T_SESS=fresh keys j j
	T_SOCK=$fsock T_SESS=fresh settle
	fresh=$(T_SOCK=$fsock T_SESS=fresh screen)
	T_SOCK=$fsock t_tmux kill-server
	[[ $small == "$fresh" ]] ||
		fail "garbage after resize:"$'\n'"$small"$'\n--- fresh ---\n'"$fresh"
	t_tmux resize-window -t t -x 100 -y 30
	wait_for "Detail"
	settle
	[[ $(screen) == "$big" ]] ||
		fail "not the same screen after resizing back"
	# On the first event, down to a list of one line (the cursor alone,
	# no heading) and back: the event comes with its day's heading again.
	keys g
	settle
	t_tmux resize-window -t t -x 100 -y 3
	wait_gone "Detail"
	settle
	t_tmux resize-window -t t -x 100 -y 30
	wait_for "Detail"
	keys g
	settle
	[[ $(line 2) == " Friday 26 December 2025"* ]] ||
		fail "no heading above the first event after resizing: $(line 2)"
}

# An event that names no actor gives the title the actors' column.
scn_title_takes_empty_actors() {
	local l w col="" full="Ceasefire framework talks resume in Geneva"
	T_COLS=70 start_wire
	titles_like "^$full\$" >/dev/null || fail "the wire lost: $full"
	expect "$full"
	# on its line of the list, not only in the detail pane
	screen | grep '×[0-9]' | grep -qF "$full" ||
		fail "title cut short:"$'\n'"$(screen)"
	while IFS= read -r l; do
		w=$(width_of "${l%%×*}")
		[[ -z $col ]] && col=$w
		[[ $w == "$col" ]] || fail "misaligned ($w, not $col): $l"
	done < <(screen | grep '×[0-9]')
	# an event with actors still shows them
	screen | grep '×[0-9]' | grep -q 'Zelensky\|Putin\|Trump' ||
		fail "no actors column left:"$'\n'"$(screen)"
}

# The actors' column shows whole names and "+N" for the names left out,
# never a name cut after its comma.
scn_actors_whole_names() {
	local l
	start -- --no-archive --offline
	wait_for "sample wires"
	screen | grep -qE '[a-z] \+[0-9]+ +×[0-9]' ||
		fail "no '+N' for actors left out:"$'\n'"$(screen)"
	while IFS= read -r l; do
		[[ $l == *", "*( )"×"* || $l == *","*( )"×"* ]] &&
			fail "a name cut after its comma: $l"
	done < <(screen | grep '×[0-9]')
	return 0
}

# Export from the interface to FILE (the range marked, or the selection),
# and wait for "exported WHAT".
export_to() {
	keys e
	wait_for "export to:"
	keys C-u
	type_text "$1"
	keys Enter
	wait_for "exported $2"
}

# A marked range of events dated to the day names the day, and says when
# it leaves some of that day's events out.
scn_export_range_part() {
	local out=$T_TMP/part.txt
	start -- --no-archive --offline
	wait_for "sample wires"
	keys / && type_text "Putin tells commanders" && keys Enter
	keys v j
	export_to "$out" "2 events"
	[[ $(sed -n 2p "$out") == "Range:  2025-12-29 (the events marked, not all of it)" ]] ||
		fail "range header: $(sed -n 2p "$out")"
	stop
	# a date range starting on the marked day is left out too; an
	# undated event after the range is in none
	printf '%s\n' '<rss version="2.0"><channel><title>Wire</title>' \
		'<item><title>Dockers block Koper port</title><guid>g0</guid><pubDate>Fri, 27 Nov 2026 08:00:00 +0000</pubDate><description>Dockers blocked the port of Koper on Tuesday over pay.</description></item>' \
		'<item><title>Farmers protest fuel prices</title><guid>g1</guid><pubDate>Fri, 27 Nov 2026 09:00:00 +0000</pubDate><description>Farmers protested in Maribor from November 24 to November 26.</description></item>' \
		'<item><title>Photo essay of the Alps</title><guid>g2</guid><description>Pictures.</description></item>' \
		'</channel></rss>' >"$T_TMP/part.xml"
	start -- --no-archive --offline "$T_TMP/part.xml"
	wait_for "3 events"
	keys / && type_text "Dockers" && keys Enter
	keys v
	export_to "$T_TMP/one.txt" "1 event"
	[[ $(sed -n 2p "$T_TMP/one.txt") == "Range:  2026-11-24 (the events marked, not all of it)" ]] ||
		fail "range header before a date range: $(sed -n 2p "$T_TMP/one.txt")"
	keys / && type_text "Farmers" && keys Enter
	keys v
	export_to "$T_TMP/two.txt" "1 event"
	[[ $(sed -n 2p "$T_TMP/two.txt") == "Range:  2026-11-24 to 2026-11-26 (the events marked, not all of it)" ]] ||
		fail "range header of the date range: $(sed -n 2p "$T_TMP/two.txt")"
	stop
	printf '%s\n' '<rss version="2.0"><channel><title>Wire</title>' \
		'<item><title>Rail line closed by floods</title><guid>u0</guid><pubDate>Mon, 23 Nov 2026 09:10:00 +0000</pubDate></item>' \
		'<item><title>Parliament passes budget</title><guid>u1</guid><pubDate>Tue, 24 Nov 2026 09:10:00 +0000</pubDate></item>' \
		'<item><title>Photo essay of the Alps</title><guid>u2</guid></item>' \
		'</channel></rss>' >"$T_TMP/undated.xml"
	start -- --no-archive --offline "$T_TMP/undated.xml"
	wait_for "3 events"
	keys / && type_text "Rail line" && keys Enter
	keys v j
	export_to "$T_TMP/three.txt" "2 events"
	[[ $(sed -n 2p "$T_TMP/three.txt") == "Range:  2026-11-23 09:10 UTC to 2026-11-24 09:10 UTC" ]] ||
		fail "range header before an undated event: $(sed -n 2p "$T_TMP/three.txt")"
}

# Sources given on the command line that arrive together are placed
# together, in time order, as dump places them: the same events (placed
# one source after the other, these two gave one event fewer).
scn_files_as_dump() {
	local n
	n=$(dump "$FEEDS/order-atlas.xml" "$FEEDS/order-lumen.xml" | grep -vc '^#')
	start -- --no-archive --offline "$FEEDS/order-atlas.xml" \
		"$FEEDS/order-lumen.xml"
	wait_for " dateline  $n events"
}

# A range across months that does not fit the time column is cut whole
# ("30/11-6/1" read as the 6th of January).
scn_range_label() {
	printf '%s\n' '<rss version="2.0"><channel><title>W</title>' \
		'<item><title>Geneva talks to run for a week</title><guid>x1</guid><pubDate>Sat, 28 Nov 2026 10:00:00 +0000</pubDate><description>Talks will run from November 30 to December 6, officials said.</description></item>' \
		'<item><title>Year-end drills</title><guid>x2</guid><pubDate>Sat, 28 Nov 2026 10:00:00 +0000</pubDate><description>Drills will run from December 30 to January 2.</description></item>' \
		'</channel></rss>' >"$T_TMP/ranges.xml"
	start -- --no-archive --offline "$T_TMP/ranges.xml"
	wait_for "2 events"
	expect "30/11–…"
	expect_not "30/11–6/1"
	expect "30/12–2/1"
}

# A long filter is cut in the header, not the count of failed sources
# after it.
scn_header_long_filter() {
	T_COLS=80 start -- --no-archive --offline "$FEEDS/wire.xml" \
		"$T_TMP/missing.xml" -q 'actor:Zelensky or actor:Putin or actor:Trump or actor:Lavrov or actor:Peskov'
	wait_for "2 sources, 1 failed"
	expect "…"
}

# On a narrow terminal the actor column keeps its "+N": a name too long
# for it gives its surname, not its first letters.
scn_actors_narrow() {
	T_COLS=60 start -- --no-archive --offline
	wait_for "sample wires"
	expect "Putin +3"
	expect "Peskov +2"
	expect_not "Vladimir Pu"
	stop
	# an organisation has no surname: "Ukraine" would read as the place
	printf '%s\n' '<rss version="2.0"><channel><title>Org wire</title>' \
		'<item><title>Data pact signed</title><guid>o1</guid><pubDate>Tue, 24 Nov 2026 10:00:00 +0000</pubDate><description>The Security Service of Ukraine and the European Commission signed a data pact.</description></item>' \
		'</channel></rss>' >"$T_TMP/org.xml"
	T_COLS=60 start -- --no-archive --offline "$T_TMP/org.xml"
	wait_for "1 event"
	expect "European… +1"
	expect_not "Ukraine +1"
}

# Each source of an event is listed with its own title where it tells the
# happening otherwise (the event's title is its first source's).
scn_source_titles() {
	local -a titles
	mapfile -t titles < <(dump --json "$SRCDIR"/assets/sample/*.xml |
		grep -F 'Moscow accuses Kyiv' |
		python3 -c 'import json, sys
for s in json.loads(sys.stdin.read())["stories"]: print(s["title"])')
	(( ${#titles[@]} >= 2 )) || fail "the sample's drone claim has one source"
	T_LINES=40 start -- --no-archive --offline
	wait_for "sample wires"
	keys / && type_text "Moscow accuses" && keys Enter
	expect_current "${titles[0]}"
	expect "Sources   ${#titles[@]}"
	expect "    ${titles[1]}"
	# the first source's title is the event's: not said again, its
	# link comes right after its line
	screen | grep -A2 -F "Sources   ${#titles[@]}" | tail -1 |
		grep -qF "https://" ||
		fail "the event's title is repeated:"$'\n'"$(screen)"
}

scn_wide_chars() {
	local l w col=""
	start -- --no-archive --offline "$FEEDS/wide.xml"
	wait_for "events"
	expect "東京で首脳会談が開かれる"
	expect "서울에서"
	# The source count ends every event line at the same column.
	while IFS= read -r l; do
		w=$(width_of "${l%%×*}")
		[[ -z $col ]] && col=$w
		[[ $w == "$col" ]] || fail "misaligned ($w, not $col): $l"
	done < <(screen | grep '×[0-9]')
	[[ -n $col ]] || fail "no event lines"
}

scn_hostile_titles() {
	local l w col="" n
	start -- --no-archive --offline "$FEEDS/hostile.xml"
	wait_for "events"
	settle
	[[ $(line 0) == " dateline"* ]] || fail "header moved: $(line 0)"
	[[ $(screen | wc -l) == 30 ]] || fail "not 30 lines"
	expect "Calm headline after the storm"
	expect "? help"
	n=0
	while IFS= read -r l; do
		w=$(width_of "${l%%×*}")
		[[ -z $col ]] && col=$w
		[[ $w == "$col" ]] || fail "misaligned ($w, not $col): $l"
		n=$((n + 1))
	done < <(screen | grep '×[0-9]')
	(( n >= 3 )) || fail "only $n event lines"
	[[ $(t_tmux display -p -t t '#{pane_title}') != *wned* ]] ||
		fail "a feed changed the terminal's title"
	keys G
	settle
	[[ $(line 0) == " dateline"* ]] || fail "header moved after G"
}

# A feed that hangs: the keys are still answered at once.
scn_help_while_hanging() {
	local port
	python3 -c '
import http.server, socketserver, sys, time
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        time.sleep(30)
    def log_message(self, *a):
        pass
s = socketserver.ThreadingTCPServer(("127.0.0.1", 0), H)
s.daemon_threads = True
print(s.server_address[1], flush=True)
s.serve_forever()' > "$T_TMP/port" &
	T_PIDS+=($!)
	for _ in $(seq 50); do [[ -s $T_TMP/port ]] && break; sleep 0.1; done
	port=$(cat "$T_TMP/port")
	[[ -n $port ]] || fail "no test server"
	start -- --no-archive "http://127.0.0.1:$port/feed.xml"
	wait_for "fetching 0/1"
	keys '?'
	wait_for "Help" 2
	expect "fetching 0/1"
	keys q
	wait_gone "Help" 2
	keys q
	[[ $(wait_exit 3) == 0 ]] || fail "exit status"
}

# A loopback HTTP server whose handler class H has the methods given (as
# Python, indented four spaces), run on the arguments after them: its
# port in $port.
serve_py() {
	local methods=$1
	shift
	python3 -c "
import hashlib, http.server, socketserver, sys, time
class H(http.server.BaseHTTPRequestHandler):
$methods
    def log_message(self, *a):
        pass
s = socketserver.ThreadingTCPServer(('127.0.0.1', 0), H)
s.daemon_threads = True
print(s.server_address[1], flush=True)
s.serve_forever()" "$@" > "$T_TMP/port" &
	T_PIDS+=($!)
	for _ in $(seq 50); do [[ -s $T_TMP/port ]] && break; sleep 0.1; done
	port=$(cat "$T_TMP/port")
	[[ -n $port ]] || fail "no test server"
}

# Every request answered with FILE after SECONDS.
slow_server() {
	serve_py '    def do_GET(self):
        body = open(sys.argv[1], "rb").read()
        time.sleep(float(sys.argv[2]))
        self.send_response(200)
        self.send_header("Content-Type", "application/atom+xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)' "$1" "$2"
}

# A feed that answers late: the screen refreshes when it lands and the
# cursor stays on the event it was on.
scn_refresh_keeps_cursor() {
	local port total
	total=$(( N + $(dump "$FEEDS/wide.xml" | wc -l) ))
	slow_server "$FEEDS/wide.xml" 2
	start -- --no-archive "$FEEDS/wire.xml" "http://127.0.0.1:$port/wide.xml"
	wait_for "$N events"
	keys 5 j
	expect_current "${T[5]}"
	wait_for "fetching 1/2"
	wait_for "$total events" 10
	wait_gone "fetching"
	expect_current "${T[5]}"
	keys j
	settle
	[[ $(current_title) != "${T[5]}" ]] || fail "keys stopped working"
}

# The header counts the sources still being fetched: "1 source" while the
# other of two hung read as if it had been left out.
scn_header_sources_in_flight() {
	local port
	slow_server "$FEEDS/wide.xml" 4
	start -- --no-archive "$FEEDS/wire.xml" "http://127.0.0.1:$port/wide.xml"
	wait_for "fetching 1/2"
	expect "2 sources"
	wait_gone "fetching" 10
	expect "2 sources"
}

# A refresh asked for says when it is over, and what it brought.
scn_refresh_done() {
	start_wire
	keys r
	wait_for "1 source refreshed, 0 new"
	expect_not "refreshing"
	expect_current "${T[0]}"
}

scn_help() {
	start_wire
	keys '?'
	wait_for "Help · q or Esc closes"
	expect "search as you type"
	expect "j Down"
	keys q
	wait_gone "Help ·"
	expect "${T[0]}"
	keys '?'
	wait_for "Help ·"
	keys Escape
	wait_gone "Help ·"
	keys '?'
	wait_for "Help ·"
	keys '?'
	wait_gone "Help ·"
}

scn_quit_modes() {
	local mode
	for mode in normal help actors filter search errors export; do
		start_wire
		case $mode in
		help) keys '?'; wait_for "Help ·"; keys q; wait_gone "Help ·" ;;
		actors) keys a; wait_for "Actors:"; keys q
			wait_for "actor: q"; keys Escape; wait_gone "Actors:" ;;
		filter) keys f; type_text "q"; wait_for "filter: q"
			keys Escape; wait_gone "filter: q" ;;
		search) keys /; type_text "q"; settle; keys Escape
			settle ;;
		errors) keys E; wait_for "Sources ·"; keys q
			wait_gone "Sources ·" ;;
		export) keys e; wait_for "export to:"; type_text "q"
			keys Escape; wait_gone "export to:" ;;
		esac
		keys q
		[[ $(wait_exit 3) == 0 ]] || fail "exit status after $mode"
		stop
	done
}

scn_ctrl_c() {
	start_wire
	keys C-c
	[[ $(wait_exit 3) == 130 ]] || fail "exit status after Ctrl-C"
	# The terminal is back: the timeline's screen is gone.
	expect_not "$N events"
}

scn_no_color() {
	start_wire NO_COLOR=1
	settle
	! screen_e | grep -qP '\e\[[0-9;]*(3[0-7]|4[0-7]|38;5|48;5)[;m]' ||
		fail "colours with NO_COLOR"
	screen_e | grep -qP '\e\[[0-9;]*7m' || fail "no reverse cursor"
	stop
	start_wire
	settle
	screen_e | grep -qP '\e\[[0-9;]*(3[0-7]|4[0-7]|38;5|48;5)[;m]' ||
		fail "no colours without NO_COLOR"
}

scn_open_link() {
	printf '#!/bin/sh\nprintf "%%s\\n" "$@" > "%s/opened"\n' "$T_TMP" \
		> "$T_TMP/browser"
	chmod +x "$T_TMP/browser"
	start_wire "BROWSER=$T_TMP/browser"
	keys o
	wait_for "opened https://news.example/wire/1"
	for _ in $(seq 50); do [[ -s $T_TMP/opened ]] && break; sleep 0.1; done
	[[ $(cat "$T_TMP/opened") == "https://news.example/wire/1" ]] ||
		fail "browser got: $(cat "$T_TMP/opened" 2>/dev/null)"
}

# A browser that runs in the terminal gets it (and the keys) until it
# ends; then the timeline is back, whole.  One that cannot run, or fails,
# is said to.
scn_open_link_terminal() {
	printf '#!/bin/sh\nprintf "IN THE BROWSER on %%s: %%s\\n" "$(tty)" "$1"\nread answer\nprintf "%%s\\n" "$answer" > "%s/answer"\n' \
		"$T_TMP" > "$T_TMP/termbrowser"
	chmod +x "$T_TMP/termbrowser"
	start_wire "BROWSER=$T_TMP/termbrowser"
	keys o
	wait_for "IN THE BROWSER on /dev/"
	expect "https://news.example/wire/1"
	expect_not "${T[1]}"
	type_text "seen"
	keys Enter
	wait_for "opened https://news.example/wire/1"
	expect "${T[1]}"
	expect_not "IN THE BROWSER"
	[[ $(cat "$T_TMP/answer") == seen ]] || fail "the browser did not get the keys"
	stop
	start_wire "BROWSER=$T_TMP/no-such-browser"
	keys o
	wait_for "cannot run $T_TMP/no-such-browser: No such file or directory"
	stop
	start_wire "BROWSER=false"
	keys o
	wait_for "false ended with status 1"
	keys j
	expect_current "${T[1]}"
}

# A bad line of the user's dictionary: the interface starts all the same
# and says which line it left out; the other entries still tag events.
scn_actors_bad_line() {
	printf 'a line without tabs\n' >> "$T_TMP/config/dateline/actors.tsv"
	start_wire
	wait_for "actors.tsv:$(wc -l < "$T_TMP/config/dateline/actors.tsv"): expected name<TAB>kind"
	expect "Recep Tayyip Erdoğan"
}

scn_config() {
	printf '# keys\nbind x down\nfrobnicate 1\ndetail off\ncolor cursor red\nunbind q\nbind Q quit\n' \
		> "$T_TMP/config/dateline/config"
	start_wire
	wait_for "config:3: unknown setting 'frobnicate' (line ignored)"
	expect_not "Detail"
	keys x d
	expect_current "${T[1]}"
	# the footer names the keys as bound
	wait_for "? help  Q quit  / search"
	# a bad command-line default is counted with the other bad lines on
	# the status line, and not written to the terminal before the screen
	stop
	printf 'keep-days abc\nfrobnicate 1\ntimeout 30\n' \
		> "$T_TMP/config/dateline/config"
	T_COLS=200 start_wire
	wait_for "config:1: keep-days: not a number of days: abc (and 1 more bad line, ignored)"
	keys q
	[[ $(wait_exit 3) == 0 ]] || fail "exit status with bad config lines"
	expect_not "keep-days"
}

scn_source_errors() {
	start -- --no-archive --offline "$FEEDS/wire.xml" "$T_TMP/missing.xml"
	wait_for "$N events"
	wait_for "1 failed"
	keys E
	wait_for "Sources ·"
	expect "missing.xml"
	screen | grep -q "✗.*missing.xml" || fail "the failure is not marked"
	keys Escape
	wait_gone "Sources ·"
	# on quitting, the failure is named on standard error, status 1
	keys q
	[[ $(wait_exit 3) == 1 ]] || fail "exit status with a failed source"
	screen | grep -q "^dateline: .*/missing.xml: " ||
		fail "the failure is not named on quitting"
	[[ $(screen | grep -c "^dateline: ") == 1 ]] ||
		fail "not one line for the one failure"
	# a source the feeds file names is listed by its name
	stop
	printf '%s "~Missing Wire"\n' "$T_TMP/missing.xml" > "$T_TMP/feeds"
	start -- --no-archive --offline -F "$T_TMP/feeds"
	wait_for "1 failed"
	keys E
	wait_for "Sources ·"
	screen | grep -qF "✗ Missing Wire ($T_TMP/missing.xml): " ||
		fail "the failure is not named"
	keys Escape
	wait_gone "Sources ·"
	# once the feeds file no longer names it and a refresh is over, the
	# failure is forgotten: not counted, not named on quitting, status 0;
	# also when the feeds file names nothing (a refresh of no source)
	printf '# nothing yet\n' > "$T_TMP/feeds"
	keys r
	wait_gone "1 failed"
	expect_not "source"
	printf '%s\n' "$FEEDS/wire.xml" > "$T_TMP/feeds"
	keys r
	wait_for "$N events · 1 source"
	expect_not "failed"
	keys q
	[[ $(wait_exit 3) == 0 ]] || fail "exit status after the failure left"
	expect_not "dateline: "
}

# An archive that is there but cannot be read: the interface opens all
# the same on the feeds, counts the archive as a source that failed, lists
# it on E, and names it once on quitting, status 1.
scn_archive_unreadable() {
	head -c 8192 /dev/urandom > "$T_TMP/bad.db"
	printf '%s\n' "$FEEDS/wire.xml" > "$T_TMP/feeds"
	start -- --offline --archive "$T_TMP/bad.db" -F "$T_TMP/feeds"
	wait_for "$N events"
	wait_for "1 failed"
	expect_not "dateline: "
	keys E
	wait_for "Sources ·"
	screen | grep -q "✗ .*bad.db: .*not a database" ||
		fail "the archive is not listed as failed"
	keys Escape
	wait_gone "Sources ·"
	keys q
	[[ $(wait_exit 3) == 1 ]] || fail "exit status with an unreadable archive"
	[[ $(screen | grep -c "^dateline: .*bad.db: .*not a database") == 1 ]] ||
		fail "the archive is not named once on quitting"
}

# A feeds file such as newsboat's, with lines that are no feed: they are
# said on the status line and listed by E, never written over the screen
# (standard error is the terminal), at the first refresh nor at the next.
scn_feeds_bad_lines() {
	printf '"query:Unread:unread = \\"yes\\""\nexec:/bin/echo hi\n%s\n' \
		"$FEEDS/wire.xml" > "$T_TMP/feeds"
	start -- --no-archive --offline -F "$T_TMP/feeds"
	wait_for "$N events"
	wait_for "2 lines of the feeds file skipped: E lists them"
	expect_not "dateline: "
	line 0 | grep -q "^ dateline  $N events" || fail "the header is not intact"
	keys E
	wait_for "Feeds file: 2 lines skipped"
	expect "feeds:1: command and query feeds are not supported: query:Unread"
	expect "feeds:2: command and query feeds are not supported: exec:/bin/echo"
	keys Escape
	wait_gone "Feeds file"
	printf 'just-words\n%s\n' "$FEEDS/wire.xml" > "$T_TMP/feeds"
	keys r
	wait_for "1 source refreshed, 0 new; 1 line of the feeds file skipped"
	expect_not "dateline: "
	line 0 | grep -q "^ dateline  $N events" || fail "the header is not intact"
	keys q
	[[ $(wait_exit 3) == 0 ]] || fail "exit status with bad feeds lines"
}

# A day the text names is listed under that day whatever the zone: west
# of UTC its 00:00Z falls on the evening before, east of it in the morning.
scn_named_days() {
	local zone sample=$SRCDIR/assets/sample start prec title day want got
	for zone in America/New_York Asia/Tokyo; do
		T_SESS=$zone T_LINES=70 start "TZ=$zone" -- --no-archive \
			--offline "$sample"/*.xml
		T_SESS=$zone wait_for "events"
		T_SESS=$zone keys d
		T_SESS=$zone wait_gone "Detail"
		while IFS=$'\t' read -r start prec title; do
			[[ $prec == day || $prec == range ]] || continue
			want=$(LC_ALL=C date -u -d "${start%%T*}" '+%A %d %B %Y')
			# the nearest heading above the event's line
			got=$(T_SESS=$zone screen | awk -v t="${title:0:30}" '
				/^ [A-Z][a-z]+day [0-9][0-9] / { h = $0 }
				index($0, t) { print h; exit }')
			[[ $got == " $want"* ]] ||
				T_SESS=$zone fail "$zone: '$title' under '$got', not $want"
		done < <(dump "$sample"/*.xml | cut -f1,3,7)
	done
}

scn_detail_toggle() {
	start_wire
	expect "Detail"
	keys d
	wait_gone "Detail"
	expect "${T[N - 1]}"
	keys d
	wait_for "Detail"
}

# The detail pane lists the other dates a story's text names, read again
# from the text (they are not kept): the same from the feed, from an
# archive whose first reader places the story, and from the next reader,
# which restores it with the facts the first one stored.
scn_detail_dates() {
	local f=$T_TMP/dates.xml db=$T_TMP/dates.db run
	cat > "$f" <<-'EOF'
	<?xml version="1.0" encoding="utf-8"?>
	<rss version="2.0"><channel><title>Dates Wire</title>
	<item><title>Ceasefire holds along the river</title>
	<guid>urn:test:dates:1</guid><pubDate>Mon, 29 Dec 2025 09:00:00 GMT</pubDate>
	<description>Troops pulled back on Sunday. Talks are set for January 5, and a vote for 12 February.</description></item>
	</channel></rss>
	EOF
	"$DATELINE" fetch --archive "$db" "$f" > /dev/null 2>&1 ||
		fail "fetch into $db failed"
	for run in feed first next; do
		if [[ $run == feed ]]; then
			T_LINES=50 start -- --offline --no-archive "$f"
		else
			T_LINES=50 start -- --offline --archive "$db" -F /dev/null
		fi
		wait_for "1 event"
		wait_for "Dates     Sun 28 Dec 2025, Mon 05 Jan 2026 (announced), Thu 12 Feb 2026 (announced)"
		stop
	done
	[[ $(sqlite3 -batch "$db" "SELECT count(*) FROM facts") == 1 ]] ||
		fail "the first reader stored no facts"
}

# A title longer than the detail pane is wide goes on to more lines (it
# was cut at the edge, its end shown nowhere but in an export); so do a
# source's own title and a long list of actors.
scn_detail_long_title() {
	local f=$T_TMP/long.xml
	cat > "$f" <<-'EOF'
	<?xml version="1.0" encoding="utf-8"?>
	<rss version="2.0"><channel><title>Long Wire</title>
	<item><title>Electoral commission says count of postal and overseas ballots in the snap parliamentary election will continue until the weekend ends</title>
	<guid>urn:test:long:1</guid><pubDate>Mon, 30 Nov 2026 09:00:00 GMT</pubDate>
	<description>Vladimir Putin, Volodymyr Zelensky, Donald Trump, Emmanuel Macron, Friedrich Merz, Giorgia Meloni and Recep Tayyip Erdogan were named.</description></item>
	</channel></rss>
	EOF
	T_COLS=80 T_LINES=40 start -- --offline --no-archive "$f"
	wait_for "1 event"
	wait_for "continue until the weekend ends"
	expect "Erdogan"
}

# J scrolls the detail pane as a pager does: not past its last line.
scn_detail_scroll_end() {
	local before
	T_LINES=60 start_wire
	settle
	before=$(screen)
	keys J J J
	settle
	[[ $(screen) == "$before" ]] ||
		fail "a detail that fits scrolled:"$'\n'"$(screen)"
	# in a small pane it scrolls, and stops with the last line at the bottom
	stop
	T_LINES=16 start_wire
	keys J
	settle
	[[ $(line 11) == " When "* ]] || fail "J did not scroll: $(line 11)"
	keys 9 9 J
	settle
	[[ $(line 14) == *"Negotiators met again to discuss a framework for a truce."* ]] ||
		fail "the last line is not at the bottom of the pane: $(line 14)"
}

scn_keylog() {
	start_wire "DATELINE_KEYLOG=$T_TMP/keys.log"
	keys j j k
	settle
	keys q
	wait_exit 3 >/dev/null
	[[ $(grep -cE '^(j|k) [0-9]+$' "$T_TMP/keys.log") == 3 ]] ||
		fail "key log: $(cat "$T_TMP/keys.log")"
}

scn_range_marked() {
	start_wire
	keys v
	wait_for "range: move to extend"
	keys j j
	settle
	# The rows of the range are drawn apart from the others.
	[[ $(attrs_at "${T[0]}") == *45* ]] || fail "range not shown on row 1"
	[[ $(attrs_at "${T[1]}") == *45* ]] || fail "range not shown on row 2"
	[[ $(attrs_at "${T[3]}") != *45* ]] || fail "row 4 is in the range"
	# Esc drops the range, and says so (an Esc too many, after one
	# closing a prompt, was silent)
	keys f
	wait_for "filter:"
	keys Escape
	wait_gone "filter:"
	[[ $(attrs_at "${T[0]}") == *45* ]] || fail "closing the prompt dropped the range"
	keys Escape
	wait_for "range dropped"
	[[ $(attrs_at "${T[0]}") != *45* ]] || fail "Esc left the range"
	keys e
	wait_for "export to: dateline-"
	keys Escape
	wait_gone "export to:"
}

# X10 mouse reports, as a terminal sends them: button, column, line.
mouse() {
	keys -H 1b 5b 4d "$(printf %x $((32 + $1)))" \
		"$(printf %x $((33 + $2)))" "$(printf %x $((33 + $3)))"
}

scn_mouse() {
	local y
	start_wire
	y=$(screen | grep -nF "${T[3]}" | head -1 | cut -d: -f1)
	[[ -n $y ]] || fail "no row for ${T[3]}"
	mouse 0 20 $((y - 1))
	mouse 3 20 $((y - 1))
	expect_current "${T[3]}"
	mouse 65 20 5
	settle
	expect_not "Friday 26 December 2025"
	mouse 64 20 5
	settle
	expect "Friday 26 December 2025"
}

# An archive of 30,000 generated stories in $1; its event count in n.
large_archive() {
	python3 "$SRCDIR/bench/gen.py" --items 30000 --out "$T_TMP/large.xml" ||
		fail "no generated feed"
	env -i PATH=/usr/bin:/bin HOME="$T_TMP/home" LC_ALL=C.UTF-8 TZ=UTC \
		"$DATELINE" fetch --archive "$1" "$T_TMP/large.xml" >/dev/null ||
		fail "fetch into $1"
	n=$(env -i PATH=/usr/bin:/bin HOME="$T_TMP/home" LC_ALL=C.UTF-8 TZ=UTC \
		"$DATELINE" dump --offline --archive "$1" -F /dev/null |
		grep -vc '^#')
}

# A large archive: the start of the timeline shows while the rest is read,
# keys are answered meanwhile, and in the end every event is there.
scn_archive_loading() {
	local db=$T_TMP/large.db n
	large_archive "$db"
	start -- --offline --archive "$db" -F /dev/null
	wait_for "loading archive" 20
	[[ $(line 0) == " dateline "* ]] || fail "header: $(line 0)"
	line 2 | grep -qE '^ (Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day [0-9]' ||
		fail "no day heading first: $(line 2)"
	keys '?'
	wait_for "Help" 5
	expect "loading archive"
	keys q
	wait_gone "Help" 5
	wait_gone "loading archive" 120
	settle
	[[ $(line 0) == " dateline  $n events"* ]] ||
		fail "after loading, not the $n events of dump: $(line 0)"
}

# A server that answers 304 to the ETag of the file's current bytes.
etag_server() {
	serve_py '    def do_GET(self):
        body = open(sys.argv[1], "rb").read()
        tag = "\"%s\"" % hashlib.sha1(body).hexdigest()[:12]
        if self.headers.get("If-None-Match") == tag:
            self.send_response(304)
            self.send_header("ETag", tag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("ETag", tag)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)' "$1"
}

# The first N items of a small feed, days apart, each its own happening.
items_feed() {
	local i titles=("Parliament passes the budget" "Storm floods coastal towns"
		"Central bank raises rates" "Rail strike halts trains")
	printf '<rss version="2.0"><channel><title>Cron wire</title>\n'
	for ((i = 1; i <= $1; i++)); do
		printf '<item><title>%s</title><link>http://cron.example/%d</link><pubDate>Mon, %02d Dec 2025 10:00:00 +0000</pubDate></item>\n' \
			"${titles[i - 1]}" "$i" "$((i * 5))"
	done
	printf '</channel></rss>\n'
}

# cron's `dateline fetch` stores new stories, and the feed's new ETag, while
# the interface is open: r must still bring them in, not hear 304.
scn_refresh_after_cron() {
	local port db=$T_TMP/cron.db
	items_feed 2 > "$T_TMP/served.xml"
	etag_server "$T_TMP/served.xml"
	echo "http://127.0.0.1:$port/feed.xml" > "$T_TMP/feeds"
	cron() {
		env -i PATH=/usr/bin:/bin HOME="$T_TMP/home" \
			XDG_CONFIG_HOME="$T_TMP/config" XDG_DATA_HOME="$T_TMP/data" \
			LC_ALL=C.UTF-8 TZ=UTC "$DATELINE" fetch --archive "$db" \
			-F "$T_TMP/feeds"
	}
	[[ $(cron) == *": ok 2 new" ]] || fail "the first fetch"
	start -- --archive "$db" -F "$T_TMP/feeds"
	wait_for " dateline  2 events"
	# its own refresh at start is over (304) before the feed changes (the
	# list of sources is made when it opens: open it until it says so)
	local i
	for ((i = 0; i < 50; i++)); do
		keys E
		wait_for "Sources ·"
		screen | grep -qF "feed.xml: unchanged" && break
		keys Escape
		wait_gone "Sources ·"
		sleep 0.1
	done
	expect "feed.xml: unchanged"
	keys Escape
	wait_gone "Sources ·"
	items_feed 4 > "$T_TMP/served.xml"
	sed -i 's/Storm floods coastal towns/Storm floods coastal towns, two dead/' \
		"$T_TMP/served.xml"
	[[ $(cron) == *": ok 2 new, 1 updated" ]] || fail "cron's fetch"
	keys r
	# the two stories cron stored are new here, though not to the archive,
	# and the one it changed is changed here
	wait_for "1 source refreshed, 2 new, 1 updated"
	wait_for " dateline  4 events"
	expect "two dead"
}

# A story changed in place (a correction) is said at the end of a refresh:
# "0 new" alone read as "nothing happened".
scn_refresh_updated() {
	local port db=$T_TMP/upd.db
	items_feed 2 > "$T_TMP/served.xml"
	etag_server "$T_TMP/served.xml"
	echo "http://127.0.0.1:$port/feed.xml" > "$T_TMP/feeds"
	start -- --archive "$db" -F "$T_TMP/feeds"
	wait_for " dateline  2 events"
	sed -i 's/Storm floods coastal towns/Storm floods coastal towns, two dead/' \
		"$T_TMP/served.xml"
	keys r
	wait_for "1 source refreshed, 0 new, 1 updated"
	wait_for "two dead"
}

# The same without an archive, on a file given on the command line: the
# timeline itself tells which stories changed.
scn_refresh_updated_files() {
	items_feed 2 > "$T_TMP/wire.xml"
	start -- "$T_TMP/wire.xml"
	wait_for " dateline  2 events"
	sed -i 's/Storm floods coastal towns/Storm floods coastal towns, two dead/' \
		"$T_TMP/wire.xml"
	keys r
	wait_for "1 source refreshed, 0 new, 1 updated"
	wait_for "two dead"
	keys E
	wait_for "ok 0 new, 1 updated"
}

# A feed that lists one id twice, unchanged: nothing is "updated" at a
# refresh (its first copy differs from the one the timeline kept).
scn_refresh_dup_guid() {
	printf '%s\n' '<rss version="2.0"><channel><title>D</title>' \
		'<item><title>Ferry sinks off Crete, 12 missing</title><guid>same</guid><pubDate>Sat, 06 Dec 2025 10:00:00 GMT</pubDate></item>' \
		'<item><title>Ferry sinks off Crete, 14 missing</title><guid>same</guid><pubDate>Sat, 06 Dec 2025 10:00:00 GMT</pubDate></item>' \
		'</channel></rss>' >"$T_TMP/dup.xml"
	start -- "$T_TMP/dup.xml"
	wait_for " dateline  1 event"
	keys r
	wait_for "1 source refreshed, 0 new"
	expect_not "updated"
}

# A damaged feed keeps no validators, with no archive either: the next
# refresh reads it whole and says again what is wrong ("unchanged" hid it).
scn_refresh_damaged() {
	local port
	printf '%s\n' '<rss version="2.0"><channel><title>Broken</title>' \
		'<item><title>First story</title><guid>b1</guid></item>' \
		'<item><title>Second <b>story</title><guid>b2</guid></item>' \
		'<item><title>Third story</title><guid>b3</guid><description>a < b &nope; </x></description></item>' \
		'</channel>' >"$T_TMP/broken.xml"
	etag_server "$T_TMP/broken.xml"
	start -- "http://127.0.0.1:$port/broken.xml"
	wait_for "1 source failed, 3 new"
	keys r
	# read again and failed again, no new story (not "1 source
	# refreshed": 304, unchanged)
	wait_for "1 source failed, 0 new"
	keys E
	wait_for "Sources ·"
	expect "XML error"
	expect_not "unchanged"
}

# The feeds are fetched once the archive is read, so that new stories are
# compared with all of it; r meanwhile says it waits.
scn_refresh_after_loading() {
	local db=$T_TMP/large.db n port total
	large_archive "$db"
	total=$(( n + $(dump "$FEEDS/wide.xml" | wc -l) ))
	slow_server "$FEEDS/wide.xml" 1
	echo "http://127.0.0.1:$port/wide.xml" >"$T_TMP/feeds"
	start -- --archive "$db" -F "$T_TMP/feeds"
	wait_for "loading archive" 20
	expect_not "fetching"
	keys r
	wait_for "refreshing once the archive is read" 5
	wait_gone "loading archive" 120
	wait_for "$total events" 20
	wait_gone "fetching" 10
}

name=${1:?scenario name}
declare -F "scn_$name" >/dev/null || { echo "no scenario $name" >&2; exit 2; }
"scn_$name"
echo "ok $name"
