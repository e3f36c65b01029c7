# The archive through the real program: where it lives, and clear errors.
. "$(dirname "$0")/lib.sh"
touch "$tmp/plainfile"
out=$("$DATELINE" dump --offline --archive "$tmp/plainfile/archive.db" 2>&1)
rc=$?
check "archive under a file: exit 2" eq "$rc" 2
check "archive under a file: message names the path" \
  grep -q "plainfile/archive.db: .*not a directory" <<<"$out"
"$DATELINE" fetch --offline >/dev/null 2>&1
check "default archive created under XDG_DATA_HOME" test -f "$XDG_DATA_HOME/dateline/archive.db"
check "default archive is WAL" eq "$(sql "$XDG_DATA_HOME/dateline/archive.db" 'PRAGMA journal_mode')" wal

# A feed that drops an item and changes another, fetched twice.
feed=$tmp/wire.xml
db=$tmp/a.db
item() {	# item ID TITLE DATE
  printf '<item><guid>%s</guid><title>%s</title><link>https://wire.example/%s</link><pubDate>%s</pubDate><description>Story %s about the ceasefire talks.</description></item>\n' "$1" "$2" "$1" "$3" "$1"
}
{
  echo '<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title>'
  item a1 "Ceasefire talks open in Geneva" "Mon, 29 Dec 2025 08:00:00 GMT"
  item a2 "Grain corridor reopens at Odesa" "Mon, 29 Dec 2025 09:00:00 GMT"
  item a3 "Prisoner exchange completed near Sumy" "Mon, 29 Dec 2025 10:00:00 GMT"
  echo '</channel></rss>'
} >"$feed"
"$DATELINE" fetch --archive "$db" "$feed" >"$tmp/f1"
check "first fetch: 3 new" grep -q ': ok 3 new$' "$tmp/f1"
"$DATELINE" dump --offline --archive "$db" -F /dev/null >"$tmp/d1"
{
  echo '<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title>'
  item a2 "Grain corridor reopens at Odesa after a week" "Mon, 29 Dec 2025 09:00:00 GMT"
  item a3 "Prisoner exchange completed near Sumy" "Mon, 29 Dec 2025 10:00:00 GMT"
  echo '</channel></rss>'
} >"$feed"
"$DATELINE" fetch --archive "$db" "$feed" >"$tmp/f2"
check "second fetch: nothing new" grep -q ': ok 0 new$' "$tmp/f2"
check "three stories stored, none doubled" eq "$(sql "$db" 'SELECT count(*) FROM stories')" 3
"$DATELINE" dump --offline --archive "$db" -F /dev/null >"$tmp/d2"
check "a dropped item stays on the timeline" grep -q 'Ceasefire talks open in Geneva' "$tmp/d2"
check "a changed item is updated in place" grep -q 'reopens at Odesa after a week' "$tmp/d2"
check "the old title is gone" test "$(grep -c 'reopens at Odesa	' "$tmp/d2")" -eq 0
"$DATELINE" dump --offline --archive "$db" -F /dev/null >"$tmp/d3"
check "events rebuilt the same after a restart (same ids)" \
  eq "$(cut -f10 "$tmp/d2" | sort)" "$(cut -f10 "$tmp/d3" | sort)"
check "ids kept across the change" eq "$(cut -f10 "$tmp/d1" | sort)" "$(cut -f10 "$tmp/d2" | sort)"
"$DATELINE" dump --offline --archive "$db" >"$tmp/d4"
check "with an archive, the sample wires are not mixed in" \
  test "$(grep -c 'Kestrel' "$tmp/d4")" -eq 0 -a "$(wc -l <"$tmp/d4")" -eq 4
"$DATELINE" dump --offline --archive "$tmp/empty.db" >"$tmp/d5"
check "with nothing configured, the sample wires" grep -q 'Kestrel' "$tmp/d5"
finish
