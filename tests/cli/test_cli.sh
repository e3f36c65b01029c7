# The command-line contract of the design: commands, options, exit statuses
# and messages, on the real binary.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp/home XDG_CONFIG_HOME=$tmp/config XDG_DATA_HOME=$tmp/data
mkdir -p "$HOME"
fails=0
check() {
  local what=$1; shift
  if "$@"; then echo "ok - $what"; else echo "not ok - $what"; fails=$((fails + 1)); fi
}
# run ARGS...: sets $out (stdout), $err (stderr) and $rc.
run() {
  "$DATELINE" "$@" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  out=$(cat "$tmp/out")
  err=$(cat "$tmp/err")
}
has() { grep -qF -- "$1" <<<"$2"; }

version=$(sed -n "s/^ *version: '\(.*\)',\$/\1/p" "$SRCDIR/meson.build" | head -1)
run -V
check "-V prints the project version" test "$out" = "dateline $version" -a "$rc" -eq 0
run --help
check "--help exits 0" test "$rc" -eq 0
for c in dump export fetch actors import-opml; do
  check "--help names $c" has "dateline $c" "$out"
done
check "--help and the man page name the same options" \
  bash -c 'for o in $(grep -o -- "--[a-z-]*" <<<"$1" | sort -u); do
             grep -q -- "${o//-/\\\\-}" "$2" || { echo "man page lacks $o" >&2; exit 1; }; done' _ "$out" "$SRCDIR/doc/dateline.1"

run dump --bogus
check "unknown option: exit 2" test "$rc" -eq 2
check "unknown option: named" has "unknown option: --bogus" "$err"
run dump --from 2025-13-45
check "bad --from: exit 2" test "$rc" -eq 2
check "bad --from: says what" has "--from: not a date: 2025-13-45" "$err"
run dump --from 2025-12-30 --to 2025-12-28
check "--from after --to: exit 2" test "$rc" -eq 2
run dump --offline --no-archive -q 'from:2025-12-30 to:2025-12-28' assets/sample/kestrel-wire.xml
check "-q from: after to:: exit 2, as --from after --to" test "$rc" -eq 2
check "-q from: after to:: says where" has "query: from: is after to: at column 17" "$err"
run dump --timeout soon
check "bad --timeout: exit 2" test "$rc" -eq 2
run export --json
check "--json is for dump: exit 2" test "$rc" -eq 2
run dump -o x.txt
check "-o is for export: exit 2" test "$rc" -eq 2
check "-o is for export: the option named, not its value" has "not valid for this command: -o" "$err"
run dump --format markdown
check "--format is for export: named" has "not valid for this command: --format" "$err"
run dump -xyz
check "unknown short option in a cluster: named" has "unknown option: -x" "$err"
run dump --query
check "long option without value: named" has "option needs a value: --query" "$err"
run export --format pdf
check "bad --format: exit 2" test "$rc" -eq 2
run import-opml
check "import-opml without FILE: exit 2" test "$rc" -eq 2
printf '<rss version="2.0"/>' >"$tmp/not-opml.xml"
run import-opml "$tmp/not-opml.xml"
check "import-opml of a feed: exit 1" test "$rc" -eq 1
check "import-opml of a feed: the file named" has "dateline: $tmp/not-opml.xml: not an OPML file (root element <rss>)" "$err"
run dump --from
check "option without value: exit 2" test "$rc" -eq 2 -a -n "$err"

# A full disk on standard output is an error (exit 1), not a SIGXFSZ kill.
(ulimit -f 1; "$DATELINE" export --no-archive >"$tmp/full.txt" 2>"$tmp/full.err"; echo $? >"$tmp/full.rc")
check "export to a full standard output: exit 1" test "$(cat "$tmp/full.rc")" -eq 1
check "export to a full standard output: says so" grep -q 'standard output: File too large' "$tmp/full.err"

# A web feed named on the command line and not fetched (--offline) is said,
# and counts as not read.
run dump --offline --no-archive http://127.0.0.1:9/feed.xml
check "--offline URL: named" has "dateline: http://127.0.0.1:9/feed.xml: not fetched: --offline" "$err"
check "--offline URL: exit 1" test "$rc" -eq 1

# fetch with nothing to fetch says so (a cron job would pass in silence).
run fetch --archive "$tmp/empty.db"
check "fetch without feeds: exit 2" test "$rc" -eq 2
check "fetch without feeds: says so" has "nothing to fetch: no SOURCE given and no feed in" "$err"
run fetch --archive "$tmp/empty.db" --vacuum
check "fetch --vacuum alone is upkeep: exit 0" test "$rc" -eq 0
check "fetch --vacuum says it compacted" has "compacted the archive" "$out"

# fetch --keep-days does not store what it would prune at once: a feed
# that keeps old items does not bring them back on every run.
now=$(date -u '+%a, %d %b %Y %H:%M:%S +0000')
printf '<rss version="2.0"><channel><title>K</title>
<item><title>Old story</title><link>http://k.example/old</link><pubDate>Mon, 06 Jan 2020 10:00:00 +0000</pubDate></item>
<item><title>New story</title><link>http://k.example/new</link><pubDate>%s</pubDate></item>
</channel></rss>\n' "$now" >"$tmp/keep.xml"
run fetch --archive "$tmp/keep.db" --keep-days 30 "$tmp/keep.xml"
check "keep-days: only the recent story is stored" has "$tmp/keep.xml: ok 1 new" "$out"
check "keep-days: nothing to prune after" has "pruned 0 stories older than 30 days" "$out"
run fetch --archive "$tmp/keep.db" --keep-days 30 "$tmp/keep.xml"
check "keep-days: the old story does not come back" has "$tmp/keep.xml: ok 0 new" "$out"

# Defaults of the command line from the configuration file.
mkdir -p "$XDG_CONFIG_HOME/dateline"
printf '# defaults\nkeep-days 0\ntimeout soon\n' >"$XDG_CONFIG_HOME/dateline/config"
run fetch --offline --archive "$tmp/cfg.db"
check "keep-days from the config prunes" has "pruned 0 stories older than 0 days" "$out"
check "a bad config line is named with its number" has "config:3: timeout: not a number of seconds: soon" "$err"
run fetch --offline --archive "$tmp/cfg.db" --keep-days 30
check "the command line wins over the config" has "older than 30 days" "$out"
rm "$XDG_CONFIG_HOME/dateline/config"

# A bad line of the user's dictionary is left out and named; its good
# lines are used all the same.
printf 'a line without tabs\nKestrel Testperson\tperson\tXX\tnobody\tKyiv\n' \
	>"$XDG_CONFIG_HOME/dateline/actors.tsv"
run actors --offline --no-archive "$SRCDIR/assets/sample/kestrel-wire.xml"
check "bad dictionary line: the run goes on (exit 0)" test "$rc" -eq 0
check "bad dictionary line: named with its number" \
	has "actors.tsv:1: expected name<TAB>kind[<TAB>country<TAB>role<TAB>aliases] (line ignored)" "$err"
check "bad dictionary line: the good one is used" has "Kestrel Testperson" "$out"
rm "$XDG_CONFIG_HOME/dateline/actors.tsv"
run dump --offline --no-archive --actors "$tmp/no-such-actors.tsv"
check "--actors FILE that cannot be read: exit 2" test "$rc" -eq 2

# The same sources give the same timeline whatever order they are given
# in and whichever answers first: merging depends on what was placed
# before, so a command takes its sources in the order of their names.
sample=$SRCDIR/assets/sample
run dump --offline --no-archive "$sample/kestrel-wire.xml" "$sample/meridian-atom.xml" "$sample/baltic-rdf.xml"
first=$out
run dump --offline --no-archive "$sample/meridian-atom.xml" "$sample/baltic-rdf.xml" "$sample/kestrel-wire.xml"
check "argument order does not change the timeline" test "$out" = "$first"

# A feeds file's bad lines are said once each, also when --offline reads
# the file twice (to know whether a refresh reads anything), and the run
# goes on with its good lines.
printf 'exec:/bin/echo hi\n%s\n' "$sample/kestrel-wire.xml" >"$tmp/feeds-bad"
run dump --offline --no-archive -F "$tmp/feeds-bad"
check "a feeds file's bad line: said once" \
	test "$(grep -c 'feeds-bad:1: command and query feeds are not supported' <<<"$err")" -eq 1
check "a feeds file's bad line: the good ones are read (exit 0)" \
	test "$rc" -eq 0 -a "$(wc -l <<<"$out")" -gt 10

# One wire's article on two of its section feeds (same guid and link) is
# listed under both, and changes nothing else: the same events, at the
# same times, as with one of the feeds.
sed 's#<title>Kestrel Wire — World</title>#<title>Kestrel Wire — Top News</title>#' \
	"$sample/kestrel-wire.xml" >"$tmp/kestrel-top.xml"
run dump --offline --no-archive "$sample"/*.xml
one=$(cut -f1,7 <<<"$out")
run dump --offline --no-archive "$sample"/*.xml "$tmp/kestrel-top.xml"
check "a section feed's copies change no merge" test "$(cut -f1,7 <<<"$out")" = "$one"
# (in the order of the sources' names, which here hang on where the
# sources are)
check "... and are listed under both feeds" \
	bash -c 'grep -F "Kestrel Wire — Top News" <<<"$1" | grep -qF "Kestrel Wire — World"' _ "$out"
run dump --offline --no-archive "$sample/kestrel-wire.xml"
one=$(cut -f1,7 <<<"$out")
run dump --offline --no-archive "$sample/kestrel-wire.xml" "$tmp/kestrel-top.xml"
check "a wire and its copy: the wire's own events" test "$(cut -f1,7 <<<"$out")" = "$one"
run fetch --archive "$tmp/copies.db" "$sample"/*.xml "$tmp/kestrel-top.xml"
run dump --offline --archive "$tmp/copies.db" -F /dev/null
reader1=$out
run dump --offline --archive "$tmp/copies.db" -F /dev/null
check "copies through the archive: the same events, first reader and next" \
	test "$(cut -f1,7 <<<"$reader1")" = "$(cut -f1,7 <<<"$out")" -a \
	"$(cut -f1,7 <<<"$out")" = "$(cut -f1,7 <<<"$(cd "$tmp" && "$DATELINE" dump --offline --no-archive "$sample"/*.xml)")"

# An article on two feeds (europe is read first: its story is the one that
# counts, the other the copy), updated on either: one event still.
for f in world europe; do
	cat >"$tmp/sec-$f.xml" <<EOF
<?xml version="1.0"?><rss version="2.0"><channel><title>Wire $f</title>
<item><guid isPermaLink="false">urn:wire:2025:7781</guid><title>Port of Odesa reopens to grain ships</title>
<link>https://wire.example/2025/12/29/odesa</link><pubDate>Mon, 29 Dec 2025 09:00:00 GMT</pubDate>
<description>The port reopened on Monday after three days of strikes.</description></item>
</channel></rss>
EOF
done
printf '%s\n' "$tmp/sec-world.xml" "$tmp/sec-europe.xml" >"$tmp/sec-feeds"
run fetch --archive "$tmp/sec.db" -F "$tmp/sec-feeds"
sed -i 's/three days/four days/' "$tmp/sec-europe.xml"
run dump --offline --archive "$tmp/sec.db" -F "$tmp/sec-feeds"
check "an article updated, its copy not: one event" test "$(grep -vc '^#' <<<"$out")" -eq 1
check "... from both feeds" has "Wire europe; Wire world" "$out"
sed -i 's/three days/five days/' "$tmp/sec-world.xml"
run dump --offline --archive "$tmp/sec.db" -F "$tmp/sec-feeds"
check "... and the copy updated in turn: one event" test "$(grep -vc '^#' <<<"$out")" -eq 1
sed -i 's/four days/six days/' "$tmp/sec-europe.xml"
run dump --offline --archive "$tmp/sec.db" -F "$tmp/sec-feeds"
check "... and the article again: one event" test "$(grep -vc '^#' <<<"$out")" -eq 1

# An actor discovered in the stories (a name after a title such as
# Colonel-General, not in the dictionary) is found by name like any other,
# though the filter was compiled before any story was read.  The sample
# names him in two wires' stories of one order: one event, two sources.
run dump --offline --no-archive --actor 'Mikhail Teplinsky' "$sample"/*.xml
check "--actor finds a discovered actor" test "$(grep -c Teplinsky <<<"$out")" -eq 1
run dump --offline --no-archive -q 'actor:teplinsky and sources:2' "$sample"/*.xml
check "actor: in a query finds a discovered actor" test "$(grep -c Teplinsky <<<"$out")" -eq 1
run export --offline --no-archive --actor Teplinsky "$sample"/*.xml
check "export --actor finds a discovered actor" has "Events: 1" "$out"
run actors --offline --no-archive "$sample"/*.xml
check "actors SOURCE lists the discovered ones" has "$(printf '1\tMikhail Teplinsky\t(discovered)')" "$out"
# An actor named in the filter that stands for none (a typo) is said, on
# standard error; the (empty) output and the exit status are as ever.
run export --offline --no-archive --actor 'Teplinksy' -q 'actor:Lavrov or actor:Zzyzx' "$sample"/*.xml
check "an unknown --actor is said" has "dateline: no actor is named 'Teplinksy'" "$err"
check "... and an unknown actor: of -q" has "dateline: no actor is named 'Zzyzx'" "$err"
check "... not a known one" test "$(grep -c 'no actor is named' <<<"$err")" -eq 2
check "... the export is still made: exit 0" test "$rc" -eq 0
run fetch --archive "$tmp/disc.db" "$sample"/*.xml
for pass in first second; do
	run dump --offline --archive "$tmp/disc.db" --actor Teplinsky
	check "--actor finds a discovered actor in the archive ($pass reader)" \
		test "$(grep -c Teplinsky <<<"$out")" -eq 1
done

# A server on the loopback that makes one file wait (?slow=NAME).
python3 -c '
import http.server, os, socketserver, sys, time
from urllib.parse import urlsplit, parse_qs
root = sys.argv[1]
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        u = urlsplit(self.path)
        name = os.path.basename(u.path)
        if parse_qs(u.query).get("slow", [""])[0] == name:
            time.sleep(1.0)
        body = open(os.path.join(root, name), "rb").read()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a):
        pass
s = socketserver.ThreadingTCPServer(("127.0.0.1", 0), H)
s.daemon_threads = True
print(s.server_address[1], flush=True)
s.serve_forever()' "$sample" >"$tmp/port" &
server=$!
for _ in $(seq 50); do [ -s "$tmp/port" ] && break; sleep 0.1; done
base=http://127.0.0.1:$(cat "$tmp/port")
for slow in kestrel-wire.xml meridian-atom.xml baltic-rdf.xml; do
  run dump --no-archive "$base/kestrel-wire.xml?slow=$slow" \
    "$base/meridian-atom.xml?slow=$slow" "$base/baltic-rdf.xml?slow=$slow"
  # the ids hash each story's source URL, which names the slow file
  printf '%s\n' "$out" | cut -f1-9 >"$tmp/net-$slow"
done
kill "$server" 2>/dev/null
check "the network's timing does not change the timeline" \
  cmp -s "$tmp/net-kestrel-wire.xml" "$tmp/net-meridian-atom.xml"
check "... whichever source comes last" \
  cmp -s "$tmp/net-kestrel-wire.xml" "$tmp/net-baltic-rdf.xml"
check "... and it is the timeline of the files" \
  test "$(cut -f1-9 "$tmp/net-kestrel-wire.xml")" = "$(printf '%s\n' "$first" | cut -f1-9)"

# A word of any source's headline finds its event, not only the first's.
printf '%s\n' '<rss version="2.0"><channel><title>A</title><item><title>Drone attack on Kharkiv overnight</title><guid>a1</guid><pubDate>Sat, 28 Nov 2026 06:00:00 +0000</pubDate><description>Russian drones struck Kharkiv overnight, the governor said, and two people died.</description></item></channel></rss>' >"$tmp/heads-a.xml"
printf '%s\n' '<rss version="2.0"><channel><title>B</title><item><title>Drone attack on Kharkiv kills two</title><guid>b1</guid><pubDate>Sat, 28 Nov 2026 07:00:00 +0000</pubDate><description>Russian drones struck Kharkiv overnight and two people died, the governor said.</description></item></channel></rss>' >"$tmp/heads-b.xml"
out=$("$DATELINE" dump --offline --no-archive -q kills "$tmp/heads-a.xml" "$tmp/heads-b.xml" 2>&1 | tail -n +2)
check "a word of a second source's title finds the event" \
  test "$(printf '%s\n' "$out" | cut -f5,7)" = "$(printf '2\tDrone attack on Kharkiv overnight')"

[ "$fails" -eq 0 ]
