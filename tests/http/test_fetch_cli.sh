# `dateline fetch` against the misbehaving server (server.py): the status
# line of each source, the exit status, and what the archive kept.
# Usage: test_fetch_cli.sh PYTHON SERVER.PY CERT.PEM
set -u
python=$1 server=$2 cert=$3
tmp=$(mktemp -d)
export HOME=$tmp/home XDG_CONFIG_HOME=$tmp/config XDG_DATA_HOME=$tmp/data
mkdir -p "$HOME"
fails=0
check() {
  local what=$1; shift
  if "$@"; then echo "ok - $what"; else echo "not ok - $what"; fails=$((fails + 1)); fi
}
# fetch ARGS...: sets $out (stdout: how each source went), $err (stderr:
# the sources that failed, "dateline: SOURCE: reason") and $rc.  The archive is
# $db: a new one for each case unless the case sets it.
n=0
fetch() {
  n=$((n + 1))
  "$DATELINE" fetch --archive "${db:-$tmp/a$n.db}" "$@" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  out=$(cat "$tmp/out")
  err=$(cat "$tmp/err")
}
has() { grep -qF -- "$1" <<<"$2"; }

# The server stops when its standard input (our coprocess pipe) closes.
coproc SRV { exec "$python" "$server" "$cert"; }
trap 'kill "$SRV_PID" 2>/dev/null; rm -rf "$tmp"' EXIT
read -r line <&"${SRV[0]}"
port=$(awk '{ print $2 }' <<<"$line")
base=http://127.0.0.1:$port
ask() { "$python" -c 'import sys, urllib.request
print(urllib.request.urlopen(sys.argv[1]).read().decode(), end="")' "$base$1"; }

# Until the modules the program needs have landed, there is nothing to run.
printf '<?xml version="1.0"?><rss version="2.0"><channel><title>L</title></channel></rss>\n' >"$tmp/probe.xml"
fetch "$tmp/probe.xml"
if test "$rc" -eq 2 && has "not implemented" "$err"; then
  echo "# the program cannot run yet: $err"
  exit 77
fi
# The rest needs the whole pipeline (parser, timeline, archive): a local
# feed read twice into one archive tells whether it is there yet.
printf '<?xml version="1.0"?><rss version="2.0"><channel><title>L</title><item><title>T</title><link>http://l.example/1</link></item></channel></rss>\n' >"$tmp/probe1.xml"
parser=yes
db=$tmp/probe.db fetch "$tmp/probe1.xml"
has "ok 1 new" "$out" || parser=no
db=$tmp/probe.db fetch "$tmp/probe1.xml"
test "$rc" -eq 0 || parser=no

# Failures the fetcher names by itself.
fetch "$base/404"
check "404: exit 1" test "$rc" -eq 1
check "404: named on standard error" test "$err" = "dateline: $base/404: HTTP 404"
check "404: not on standard output (cron's fetch >/dev/null)" test -z "$out"
fetch "$base/503"
check "503: retried, then named" test "$err" = "dateline: $base/503: HTTP 503 (after 3 attempts)"
fetch --timeout 3 "$base/hang" "$base/drip"
check "hang: timed out" has "$base/hang: timed out after 3 s" "$err"
check "drip: timed out" has "$base/drip: timed out after 3 s" "$err"
check "timeouts: exit 1" test "$rc" -eq 1
fetch "$base/endless"
check "endless body: capped" test "$err" = "dateline: $base/endless: larger than 16 MiB"
fetch "$base/loop" "$base/to-file"
check "redirect loop" has "$base/loop: too many redirects" "$err"
check "redirect to file" has "$base/to-file: redirect to file: refused" "$err"
fetch "$base/always-304"
check "304 to a request naming no version: named" \
  test "$err" = "dateline: $base/always-304: HTTP 304 (not modified) to a request that named no version"
check "304 to a request naming no version: exit 1" test "$rc" -eq 1
fetch "$tmp/none.xml"
check "missing file" test "$err" = "dateline: $tmp/none.xml: cannot read: No such file or directory"
check "missing file: exit 1" test "$rc" -eq 1

# What needs the feed parser too.
if test "$parser" = no; then
  echo "# the pipeline cannot read a local feed yet: skipping the rest"
else
  ask /reset >/dev/null
  db=$tmp/a.db
  fetch "$base/feed.xml"
  check "feed: ok 1 new" test "$out" = "$base/feed.xml: ok 1 new"
  check "feed: exit 0" test "$rc" -eq 0
  fetch "$base/feed.xml"
  check "again: unchanged (304)" test "$out" = "$base/feed.xml: unchanged"
  check "again: exit 0" test "$rc" -eq 0
  check "the stored ETag went back" has 'If-None-Match: "v1-abc"' "$(ask '/headers?p=/feed.xml')"
  check "the stored date went back" has 'If-Modified-Since: Sun, 28 Dec 2025 10:00:00 GMT' "$(ask '/headers?p=/feed.xml')"
  # A damaged feed keeps no validators: the next run reads it again and
  # says again what is wrong, not "unchanged".
  db=$tmp/dmg.db
  fetch "$base/damaged.xml"
  check "damaged: named, its first item kept" has "$base/damaged.xml: XML error" "$err"
  check "damaged: exit 1" test "$rc" -eq 1
  fetch "$base/damaged.xml"
  check "damaged again: still named" has "$base/damaged.xml: XML error" "$err"
  check "damaged again: exit 1" test "$rc" -eq 1
  check "damaged again: no ETag sent" bash -c '! grep -q "If-None-Match" <<<"$1"' _ "$(ask '/headers?p=/damaged.xml')"
  # A feed larger than the cap: the items before the cut are kept, the
  # source is named as failed, and no validators are kept, so that the
  # next run reads it again instead of hearing "unchanged".
  db=$tmp/big.db
  big="$base/big-feed?items=80000"
  fetch "$big"
  kept=$(sed -nE 's/.*: larger than 16 MiB: cut there, ([0-9]+) stories kept$/\1/p' <<<"$err")
  check "cut feed: named, with what was kept" test "$err" = "dateline: $big: larger than 16 MiB: cut there, $kept stories kept"
  check "cut feed: most of it kept" test "${kept:-0}" -gt 60000 -a "${kept:-0}" -lt 80000
  check "cut feed: exit 1" test "$rc" -eq 1
  check "cut feed: the archive holds them" test "$(sqlite3 -batch "$db" 'SELECT count(*) FROM stories')" = "$kept"
  check "cut feed: the newest item is there" test "$(sqlite3 -batch "$db" "SELECT count(*) FROM stories WHERE id = 'big-0'")" = 1
  fetch "$big"
  check "cut feed again: read again" test "$err" = "dateline: $big: larger than 16 MiB: cut there, $kept stories kept"
  check "cut feed again: its request seen" has "User-Agent: dateline" "$(ask '/headers?p=/big-feed')"
  check "cut feed again: no ETag sent" bash -c '! grep -q "If-None-Match" <<<"$1"' _ "$(ask '/headers?p=/big-feed')"
  # A connection closed in the middle of the feed: what came is read
  # (its first item), as from a file cut there, and the source failed.
  db=$tmp/trunc.db
  fetch "$base/truncated-late"
  check "truncated: named, with what was kept" \
    has "dateline: $base/truncated-late: truncated: the connection closed early: cut there, 1 story kept" "$err"
  check "truncated: exit 1" test "$rc" -eq 1
  check "truncated: the archive holds it" test "$(sqlite3 -batch "$db" 'SELECT count(*) FROM stories')" = 1
  db=$tmp/a.db
  fetch "$base/html" "$base/gzip.xml" "$base/404"
  check "html page: not a feed" has "$base/html: not a feed (HTML page)" "$err"
  check "gzip: read" has "$base/gzip.xml: ok" "$out"
  check "one failed: exit 1" test "$rc" -eq 1
  "$DATELINE" dump --archive "$db" >"$tmp/dump" 2>/dev/null
  check "the archive kept the story" grep -qF "Ceasefire talks resume in Cairo" "$tmp/dump"
  fetch "$base/charset.xml" "$base/deflate.xml" "$base/moved"
  check "charset header vs declaration: read" has "$base/charset.xml: ok" "$out"
  check "deflate: read" has "$base/deflate.xml: ok" "$out"
  check "redirect: read" has "$base/moved: ok" "$out"

  # The feeds file: a query line is named and skipped, the rest fetched.
  db=$tmp/b.db
  printf '# mine\n%s world "~A Wire"\n"query:Unread:unread = \\"yes\\""\n%s\n' \
    "$base/feed.xml" "$base/410" >"$tmp/feeds"
  fetch -F "$tmp/feeds"
  check "feeds file: query line named" has "$tmp/feeds:3: command and query feeds are not supported" "$err"
  check "feeds file: feed read" has "$base/feed.xml: ok 1 new" "$out"
  check "feeds file: 410 named" has "$base/410: HTTP 410" "$err"
  check "feeds file: exit 1" test "$rc" -eq 1

  # import-opml into the default feeds file, then a fetch without sources.
  cat >"$tmp/subs.opml" <<EOF
<?xml version="1.0"?><opml version="2.0"><head/><body>
<outline type="rss" text="Test wire" xmlUrl="$base/gzip.xml"/>
<outline type="rss" text="Script" xmlUrl="exec:$tmp/evil.sh"/>
</body></opml>
EOF
  "$DATELINE" import-opml "$tmp/subs.opml" >"$tmp/out" 2>&1
  rc=$?
  check "import-opml: exit 0" test "$rc" -eq 0
  check "import-opml: one added, the command said left out" \
    has "added 1 feed to $XDG_CONFIG_HOME/dateline/feeds (1 outline left out: not an http or https feed)" "$(cat "$tmp/out")"
  check "import-opml: the feed with its title" grep -qxF "$base/gzip.xml \"~Test wire\"" "$XDG_CONFIG_HOME/dateline/feeds"
  check "import-opml: never a command" test "$(grep -c exec: "$XDG_CONFIG_HOME/dateline/feeds")" -eq 0
  db=$tmp/c.db
  fetch
  check "default feeds file: fetched" test "$out" = "$base/gzip.xml: ok 1 new"
  check "default feeds file: exit 0" test "$rc" -eq 0
fi

eval "exec ${SRV[1]}>&-"
wait "$SRV_PID" 2>/dev/null
echo "$fails failed"
test "$fails" -eq 0
