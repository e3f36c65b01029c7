# Helpers for the interface tests: run the real program in a detached tmux
# session of a fixed size, send keys, and look at the screen as a person
# would.  Every wait is bounded; the session and the temporary directory go
# away on exit.
#
#   start [VAR=value ...] [--] [dateline arguments]   (100x30, offline)
#   keys KEY...          tmux key names (j, Enter, Escape, C-u ...)
#   type_text TEXT       literal text
#   wait_for TEXT [SECS] until the screen shows TEXT (fails after SECS)
#   wait_gone TEXT [SECS]
#   screen               the screen as text;  screen_e: with attributes
#   expect TEXT / expect_not TEXT   on the current screen
#   line N               line N of the screen (0 is the top)
#   wait_exit [SECS]     until the program has ended; prints its status

set -u

: "${DATELINE:?DATELINE names the program}"
SRCDIR=${SRCDIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
FEEDS=$SRCDIR/tests/tui/feeds
T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/dateline-tui.XXXXXX")
T_SOCK=dateline-tui-$$-$RANDOM
T_PIDS=()
mkdir -p "$T_TMP/home" "$T_TMP/config/dateline" "$T_TMP/data" \
	"$T_TMP/cache" "$T_TMP/work"
# The actors the scenarios name, as a user's own dictionary.
cp "$FEEDS/actors.tsv" "$T_TMP/config/dateline/actors.tsv"

t_tmux() { tmux -L "$T_SOCK" -f /dev/null "$@"; }

t_cleanup() {
	local kids
	# The programs under the panes, so that one that hangs is not left
	# running when its terminal goes away.
	kids=$(for p in $(t_tmux list-panes -a -F '#{pane_pid}' 2>/dev/null); do
		pgrep -P "$p"; done)
	t_tmux kill-server 2>/dev/null
	if [[ -n $kids ]]; then
		sleep 0.2
		kill -KILL $kids 2>/dev/null
	fi
	for p in "${T_PIDS[@]+"${T_PIDS[@]}"}"; do
		kill "$p" 2>/dev/null
	done
	# tmux leaves its socket behind when its server is killed
	rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$T_SOCK"*
	rm -rf "$T_TMP"
}
trap t_cleanup EXIT

T_SESS=t
screen() { t_tmux capture-pane -p -t "$T_SESS" 2>/dev/null; }
screen_e() { t_tmux capture-pane -p -e -t "$T_SESS" 2>/dev/null; }
line() { screen | sed -n "$(($1 + 1))p"; }

fail() {
	echo "FAIL: $*" >&2
	echo "--- screen ---" >&2
	screen >&2
	echo "--------------" >&2
	exit 1
}

# start [VAR=value ...] [--] ARGS: the program with a private home, no
# user configuration, offline and without the archive unless asked.
start() {
	local envs=() cmd q
	T_COLS=${T_COLS:-100}
	T_LINES=${T_LINES:-30}
	while (($#)) && [[ $1 == *=* && $1 != -* ]]; do
		envs+=("$1")
		shift
	done
	[[ ${1-} == -- ]] && shift
	# Sanitizer builds report through these.
	for q in ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS; do
		[[ -n ${!q-} ]] && envs+=("$q=${!q}")
	done
	cmd="cd $(printf %q "$T_TMP/work") && env -i"
	for q in PATH=/usr/bin:/bin "HOME=$T_TMP/home" \
		 "XDG_CONFIG_HOME=$T_TMP/config" "XDG_DATA_HOME=$T_TMP/data" \
		 "XDG_CACHE_HOME=$T_TMP/cache" TERM=tmux-256color \
		 LC_ALL=C.UTF-8 TZ=UTC ${envs[@]+"${envs[@]}"}; do
		cmd+=" $(printf %q "$q")"
	done
	cmd+=" $(printf %q "$DATELINE")"
	for q in "$@"; do
		cmd+=" $(printf %q "$q")"
	done
	t_tmux new-session -d -s "$T_SESS" -x "$T_COLS" -y "$T_LINES" \
		"sh -c $(printf %q "trap : INT; $cmd"'; echo "[exited $?]"; sleep 600')" ||
		fail "tmux could not start"
	t_tmux set-option -t "$T_SESS" status off >/dev/null
	t_tmux set-option -g escape-time 10 >/dev/null
}

# The usual start: the test wire, offline, no archive; waits for it.
start_wire() {
	start "$@" -- --no-archive --offline "$FEEDS/wire.xml"
	wait_for "18 events"
}

keys() { t_tmux send-keys -t "$T_SESS" "$@"; }
type_text() { t_tmux send-keys -t "$T_SESS" -l -- "$1"; }
stop() { t_tmux kill-session -t "$T_SESS" 2>/dev/null; sleep 0.1; }

wait_for() {
	local text=$1 secs=${2:-5} i
	for ((i = 0; i < secs * 20; i++)); do
		screen | grep -qF -- "$text" && return 0
		sleep 0.05
	done
	fail "waited ${secs}s for: $text"
}

wait_gone() {
	local text=$1 secs=${2:-5} i
	for ((i = 0; i < secs * 20; i++)); do
		screen | grep -qF -- "$text" || return 0
		sleep 0.05
	done
	fail "waited ${secs}s for this to go: $text"
}

# Let the program handle what was sent: until the screen holds still for
# a tenth of a second (at most two seconds).
settle() {
	local a b i
	a=$(screen)
	for ((i = 0; i < 20; i++)); do
		sleep 0.1
		b=$(screen)
		[[ $a == "$b" ]] && return 0
		a=$b
	done
}

# A screen may be caught half drawn: what is expected gets a moment.
expect() {
	local i
	for ((i = 0; i < 40; i++)); do
		screen | grep -qF -- "$1" && return 0
		sleep 0.05
	done
	fail "expected on screen: $1"
}
expect_not() { ! screen | grep -qF -- "$1" || fail "not expected on screen: $1"; }

wait_exit() {
	local secs=${1:-5} i s
	for ((i = 0; i < secs * 20; i++)); do
		s=$(screen | grep -o '\[exited [0-9]*\]' | head -1)
		if [[ -n $s ]]; then
			s=${s#\[exited }
			echo "${s%\]}"
			return 0
		fi
		sleep 0.05
	done
	fail "the program did not end within ${secs}s"
}

# The title of the event under the cursor, as the detail pane shows it
# (the line after "Detail").
current_title() {
	screen | awk 'found { sub(/^ +/, ""); sub(/ +$/, ""); print; exit }
		/^ Detail/ { found = 1 }'
}

expect_current() {
	local want=$1 got
	settle
	got=$(current_title)
	[[ $got == "$want" ]] || fail "cursor on '$got', expected '$want'"
}

# The same program, not interactive, to know what the screen should show
# whatever the clustering and date extraction decide.
dump() {
	env -i PATH=/usr/bin:/bin HOME="$T_TMP/home" \
		XDG_CONFIG_HOME="$T_TMP/config" XDG_DATA_HOME="$T_TMP/data" \
		LC_ALL=C.UTF-8 TZ=UTC "$DATELINE" dump --no-archive --offline "$@" |
		tail -n +2
}
dump_titles() { dump "$@" | cut -f7; }

# The SGR parameters in force where TEXT first starts on the screen
# ("" when plain), to see highlights: attrs_at "envoy".
attrs_at() {
	screen_e | python3 -c '
import re, sys
want, text = sys.argv[1], sys.stdin.read()
state, out, i = [], [], 0
plain = ""
attrs = []
for m in re.finditer(r"\x1b\[([0-9;]*)m|(.)", text, re.S):
    if m.group(2) is None:
        p = [x for x in m.group(1).split(";") if x] or ["0"]
        if "0" in p:
            state = [x for x in p[p.index("0") + 1:]]
        else:
            state = state + p
    else:
        plain += m.group(2)
        attrs.append(";".join(state))
k = plain.find(want)
print(attrs[k] if k >= 0 else "none")' "$1"
}

# Display width of text (wide characters count 2), for alignment checks.
width_of() {
	python3 -c 'import sys, unicodedata as u
s = sys.argv[1]
print(sum(0 if u.combining(c) else 2 if u.east_asian_width(c) in "WF" else 1 for c in s))' "$1"
}
