# The archive through the real program: where it lives, and clear errors.
. "$(dirname "$0")/lib.sh"
touch "$tmp/plainfile"
out=$("$DATELINE" dump --offline --archive "$tmp/plainfile/archive.db" 2>&1)
rc=$?
check "archive under a file: exit 2" eq "$rc" 2
check "archive under a file: message names the path" \
  grep -q "plainfile/archive.db: .*not a directory" <<<"$out"
# A place the archive cannot be made in: root writes anywhere but where
# nothing can be created at all, as in /proc.
if [ "$(id -u)" -ne 0 ]; then
  mkdir "$tmp/ro" && chmod 555 "$tmp/ro"
  ro=$tmp/ro/sub/archive.db
else
  ro=/proc/dateline-test-$$/archive.db
fi
out=$("$DATELINE" dump --offline --archive "$ro" 2>&1)
rc=$?
check "archive in a read-only place: exit 2" eq "$rc" 2
check "... the message names the path" grep -q "^dateline: $ro: cannot create directory $(dirname "$ro")" <<<"$out"
out=$("$DATELINE" dump --offline --archive /proc/archive.db 2>&1)
rc=$?
check "archive file that cannot be made: exit 2" eq "$rc" 2
check "... the message names the file" grep -q "^dateline: /proc/archive.db: cannot open the archive" <<<"$out"
"$DATELINE" dump --offline --archive "$tmp/not/yet/there/archive.db" >/dev/null 2>&1
check "a missing directory is made" test -f "$tmp/not/yet/there/archive.db"
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
check "second fetch: nothing new, the changed item said" grep -q ': ok 0 new, 1 updated$' "$tmp/f2"
check "three stories stored, none doubled" eq "$(sql "$db" 'SELECT count(*) FROM stories')" 3
"$DATELINE" dump --offline --archive "$db" -F /dev/null >"$tmp/d2"
check "a dropped item stays on the timeline" grep -q 'Ceasefire talks open in Geneva' "$tmp/d2"
check "a changed item is updated in place" grep -q 'reopens at Odesa after a week' "$tmp/d2"
check "the old title is gone" test "$(grep -c 'reopens at Odesa	' "$tmp/d2")" -eq 0
"$DATELINE" dump --offline --archive "$db" -F /dev/null >"$tmp/d3"
check "events rebuilt the same after a restart (same ids)" \
  eq "$(cut -f10 "$tmp/d2" | sort)" "$(cut -f10 "$tmp/d3" | sort)"
check "ids kept across the change" eq "$(cut -f10 "$tmp/d1" | sort)" "$(cut -f10 "$tmp/d2" | sort)"
# What was found in each story is kept: the second start rebuilds the
# same events from it, a changed story's facts are made again, and a new
# actors dictionary is not answered from facts made with the old one.
check "facts kept for every story read" eq "$(sql "$db" 'SELECT count(*) FROM facts')" 3
fdb=$tmp/facts.db
{
  echo '<?xml version="1.0"?><rss version="2.0"><channel><title>Facts Wire</title>'
  item f1 "Colonel-General Arkady Velmoren orders a retreat from Odesa" "Mon, 29 Dec 2025 08:00:00 GMT"
  item f2 "Ceasefire talks open in Geneva on Dec. 28" "Mon, 29 Dec 2025 09:00:00 GMT"
  echo '</channel></rss>'
} >"$tmp/facts.xml"
"$DATELINE" fetch --archive "$fdb" "$tmp/facts.xml" >/dev/null
check "fetch stores no facts" eq "$(sql "$fdb" 'SELECT count(*) FROM facts')" 0
"$DATELINE" dump --offline --archive "$fdb" -F /dev/null >"$tmp/f1"
check "the first reader stores them" eq "$(sql "$fdb" 'SELECT count(*) FROM facts')" 2
"$DATELINE" dump --offline --archive "$fdb" -F /dev/null >"$tmp/f2"
check "restored: the same dump" cmp -s "$tmp/f1" "$tmp/f2"
check "restored: the discovered actor" grep -q 'Arkady Velmoren' "$tmp/f2"
check "restored: the date from the text" grep -q '^2025-12-28' "$tmp/f2"
printf 'Odesa\tplace\tUA\t\tOdessa\n' >"$tmp/odesa.tsv"
"$DATELINE" dump --offline --archive "$fdb" -F /dev/null --actors "$tmp/odesa.tsv" >"$tmp/f3"
check "another dictionary: facts made again" grep -q 'Odesa' <<<"$(cut -f6 "$tmp/f3")"
"$DATELINE" dump --offline --archive "$fdb" -F /dev/null >"$tmp/f4"
check "back to the first dictionary: as before" cmp -s "$tmp/f1" "$tmp/f4"
sed -i 's/orders a retreat from Odesa/orders a retreat from Kherson/' "$tmp/facts.xml"
"$DATELINE" fetch --archive "$fdb" "$tmp/facts.xml" >/dev/null
check "a changed story loses its facts" eq "$(sql "$fdb" 'SELECT count(*) FROM facts')" 1
"$DATELINE" dump --offline --archive "$fdb" -F /dev/null >"$tmp/f5"
check "... and the reader makes them again" eq "$(sql "$fdb" 'SELECT count(*) FROM facts')" 2
check "... from the new text" grep -q 'retreat from Kherson' "$tmp/f5"
# A name discovered after stories that name it bare ("Warsaw Mayor Rafal
# Trzaskowski" the day after "Rafal Trzaskowski leads") is found in them
# too, and their facts are stored again: a reader that restores them (and
# one that reads no text) finds it as well.  Then across runs: a story
# stored and given its facts in one run, the title that discovers the
# name in the next.
ddb=$tmp/discover.db
vistula() {	# vistula ITEM...
  echo '<?xml version="1.0"?><rss version="2.0"><channel><title>Vistula Wire</title>'
  for i in "$@"; do
    case $i in
    a) echo '<item><guid>a</guid><title>Rafal Trzaskowski leads in polls</title><pubDate>Tue, 02 Jun 2026 08:00:00 GMT</pubDate><description>Rafal Trzaskowski leads the race, a new poll shows.</description></item>' ;;
    b) echo '<item><guid>b</guid><title>Mayor pledges new tram lines</title><pubDate>Wed, 03 Jun 2026 08:00:00 GMT</pubDate><description>Warsaw Mayor Rafal Trzaskowski promised three tram lines.</description></item>' ;;
    esac
  done
  echo '</channel></rss>'
}
vistula a b >"$tmp/vistula.xml"
"$DATELINE" fetch --archive "$ddb" "$tmp/vistula.xml" >/dev/null
for run in first restored; do
  check "a name found late, $run reader: both stories" eq \
    "$("$DATELINE" dump --offline --archive "$ddb" -F /dev/null --actor trzaskowski | tail -n +2 | wc -l)" 2
done
check "... and counted twice" grep -q '^2	Rafal Trzaskowski	(discovered)' \
  <("$DATELINE" actors --offline --archive "$ddb" -F /dev/null)
ddb=$tmp/discover2.db
vistula a >"$tmp/vistula.xml"
"$DATELINE" fetch --archive "$ddb" "$tmp/vistula.xml" >/dev/null
"$DATELINE" dump --offline --archive "$ddb" -F /dev/null >/dev/null
vistula a b >"$tmp/vistula.xml"
"$DATELINE" fetch --archive "$ddb" "$tmp/vistula.xml" >/dev/null
"$DATELINE" dump --offline --archive "$ddb" -F /dev/null >/dev/null
check "a name found in a later run: the earlier story's facts stored again" eq \
  "$("$DATELINE" dump --offline --archive "$ddb" -F /dev/null --actor trzaskowski | tail -n +2 | wc -l)" 2
# A command reads the archive front to back, and without the stories'
# text when it shows none and searches no words.  What it shows is the
# same; a word found only in a text is still found; and a story whose
# facts cannot be read is compared with the others by their text, as the
# first reader compared it.  Two wires report one signing in other words:
# only their texts have the words in common.
tdb=$tmp/text.db
{
  echo '<?xml version="1.0"?><rss version="2.0"><channel><title>Alder Wire</title>'
  echo '<item><guid>x1</guid><title>Officials meet in Geneva</title><pubDate>Mon, 29 Dec 2025 08:00:00 GMT</pubDate><description>The zucchetto accord on grain corridors and prisoner exchanges was signed by negotiators from both delegations after nine hours of talks.</description></item>'
  echo '<item><guid>x2</guid><title>Harbour cranes return to Constanta</title><pubDate>Mon, 29 Dec 2025 07:00:00 GMT</pubDate><description>Port workers reopened the northern quay.</description></item>'
  echo '</channel></rss>'
} >"$tmp/alder.xml"
{
  echo '<?xml version="1.0"?><rss version="2.0"><channel><title>Birch Wire</title>'
  echo '<item><guid>y1</guid><title>Late session ends with a signature</title><pubDate>Mon, 29 Dec 2025 09:00:00 GMT</pubDate><description>Negotiators from both delegations signed the zucchetto accord on grain corridors and prisoner exchanges after nine hours of talks.</description></item>'
  echo '</channel></rss>'
} >"$tmp/birch.xml"
"$DATELINE" fetch --archive "$tdb" "$tmp/alder.xml" "$tmp/birch.xml" >/dev/null
"$DATELINE" dump --offline --archive "$tdb" -F /dev/null >"$tmp/t1"
check "text: the two reports are one event" \
  grep -q 'Officials meet in Geneva	.*Alder Wire; Birch Wire' "$tmp/t1"
"$DATELINE" dump --offline --archive "$tdb" -F /dev/null >"$tmp/t2"
check "text: restored without it, the same dump" cmp -s "$tmp/t1" "$tmp/t2"
check "text: a word of the text alone is found" eq \
  "$("$DATELINE" dump --offline --archive "$tdb" -F /dev/null -q zucchetto | cut -f7 | tail -n +2)" \
  "Officials meet in Geneva"
check "text: --json shows the summary" \
  grep -q '"summary":"The zucchetto accord' \
  <("$DATELINE" dump --offline --json --archive "$tdb" -F /dev/null)
check "text: export shows the summary" grep -q 'zucchetto accord' \
  <("$DATELINE" export --offline --archive "$tdb" -F /dev/null)
sql "$tdb" "UPDATE facts SET facts = x'00' WHERE story = (SELECT rowid FROM stories WHERE id = 'y1')"
"$DATELINE" dump --offline --archive "$tdb" -F /dev/null >"$tmp/t3"
check "text: facts unreadable, compared by the others' text again" \
  cmp -s "$tmp/t1" "$tmp/t3"
sql "$tdb" "DELETE FROM facts WHERE story = (SELECT rowid FROM stories WHERE id = 'y1')"
"$DATELINE" dump --offline --archive "$tdb" -F /dev/null >"$tmp/t4"
check "text: facts missing, the same" cmp -s "$tmp/t1" "$tmp/t4"
# A report fetched late, older than one whose facts were made already,
# joins its event as it would had it been fetched while the interface was
# open: the next reader compares it with every story, not only the older.
ldb=$tmp/late.db
"$DATELINE" fetch --archive "$ldb" "$tmp/birch.xml" >/dev/null
"$DATELINE" dump --offline --archive "$ldb" -F /dev/null >/dev/null
"$DATELINE" fetch --archive "$ldb" "$tmp/alder.xml" >/dev/null
"$DATELINE" dump --offline --archive "$ldb" -F /dev/null >"$tmp/l1"
check "late and older: one event with both wires" \
  grep -q 'Officials meet in Geneva	.*Alder Wire; Birch Wire' "$tmp/l1"
check "late and older: the same as read in one go" cmp -s "$tmp/t1" "$tmp/l1"
"$DATELINE" dump --offline --archive "$ldb" -F /dev/null >"$tmp/l2"
check "late and older: the same once its facts are kept" cmp -s "$tmp/l1" "$tmp/l2"
# Retention: --keep-days forgets stories older than N days and keeps the
# rest; --vacuum gives the space back, the archive whole.
kdb=$tmp/keep.db
recent=$(date -u -d '-2 days' '+%a, %d %b %Y %H:%M:%S GMT')
{
  echo '<?xml version="1.0"?><rss version="2.0"><channel><title>Keep Wire</title>'
  for i in $(seq 1 1500); do
    printf '<item><guid>old%d</guid><title>Old report %d</title><pubDate>Mon, 29 Dec 2025 08:00:00 GMT</pubDate><description>%s</description></item>\n' \
      "$i" "$i" "$(printf 'filler words for the archive page %.0s' $(seq 1 20))"
  done
  echo "<item><guid>new1</guid><title>Recent report</title><pubDate>$recent</pubDate></item>"
  echo '</channel></rss>'
} >"$tmp/keep.xml"
"$DATELINE" fetch --archive "$kdb" "$tmp/keep.xml" >/dev/null
before=$(stat -c %s "$kdb")
out=$("$DATELINE" fetch --offline --archive "$kdb" --keep-days 30 2>&1)
check "keep-days: says what it pruned" grep -q 'pruned 1500 stories older than 30 days' <<<"$out"
check "keep-days: the recent story stays" eq "$(sql "$kdb" 'SELECT id FROM stories')" new1
"$DATELINE" fetch --offline --archive "$kdb" --vacuum >/dev/null 2>&1
check "vacuum: exit 0" eq "$?" 0
check "vacuum: the file is smaller" test "$(stat -c %s "$kdb")" -lt "$((before / 4))"
check "vacuum: the archive is whole" eq "$(sql "$kdb" 'PRAGMA integrity_check')" ok
check "vacuum: the story is still there" eq "$(sql "$kdb" 'SELECT title FROM stories')" "Recent report"
# The story whose label an event carries changes and starts an event of
# its own: the event it left keeps its label through its other story, and
# the new one gets another, so that the next reader does not join them.
lab=$tmp/label.xml
lab_feed() {	# TITLE1 TEXT1: story s, then a second ferry report t
  {
    echo '<?xml version="1.0"?><rss version="2.0"><channel><title>G</title>'
    printf '<item><title>%s</title><link>http://g.example/s</link><guid>s</guid><pubDate>Sat, 06 Dec 2025 10:00:00 GMT</pubDate><description>%s</description></item>\n' "$1" "$2"
    echo '<item><title>Ferry carrying 300 sinks off Crete, dozens missing</title><link>http://g.example/t</link><guid>t</guid><pubDate>Sat, 06 Dec 2025 11:00:00 GMT</pubDate><description>A ferry carrying 300 people sank off Crete on Saturday and dozens are missing, the coast guard said.</description></item>'
    echo '</channel></rss>'
  } >"$lab"
}
lab_feed "Ferry with 300 aboard sinks off Crete" "A ferry with 300 people aboard sank off Crete on Saturday, the coast guard said; dozens are missing."
echo "$lab" >"$tmp/label.feeds"
ldb2=$tmp/label.db
"$DATELINE" dump --archive "$ldb2" -F "$tmp/label.feeds" >"$tmp/lab1" 2>&1
check "label: the two ferry reports are one event" eq "$(grep -vc '^#' "$tmp/lab1")" 1
lab_feed "Central bank raises interest rates to fight inflation" "The central bank raised its key interest rate by half a point to curb inflation."
"$DATELINE" dump --archive "$ldb2" -F "$tmp/label.feeds" >"$tmp/lab2" 2>&1
check "label: changed, two events" eq "$(grep -vc '^#' "$tmp/lab2")" 2
"$DATELINE" dump --offline --archive "$ldb2" -F /dev/null >"$tmp/lab3" 2>&1
check "label: the next reader keeps them apart" eq "$(grep -vc '^#' "$tmp/lab3")" 2
# keep-days in the config holds for every command that stores what it
# reads: a reader refreshing from the feeds file (here its local file,
# offline) does not put back what fetch pruned.
mkdir -p "$XDG_CONFIG_HOME/dateline"
echo 'keep-days 30' >"$XDG_CONFIG_HOME/dateline/config"
echo "$tmp/keep.xml" >"$tmp/keep.feeds"
"$DATELINE" dump --offline --archive "$kdb" -F "$tmp/keep.feeds" >"$tmp/k1" 2>&1
check "keep-days in the config: a reader stores nothing older" \
  eq "$(sql "$kdb" 'SELECT count(*) FROM stories')" 1
check "... and shows no older story" eq "$(grep -c 'Old report' "$tmp/k1")" 0
rm "$XDG_CONFIG_HOME/dateline/config"
"$DATELINE" dump --offline --archive "$kdb" -F "$tmp/keep.feeds" >/dev/null 2>&1
check "without it, the reader stores them all" \
  eq "$(sql "$kdb" 'SELECT count(*) FROM stories')" 1501
"$DATELINE" dump --offline --archive "$db" >"$tmp/d4"
check "with an archive, the sample wires are not mixed in" \
  test "$(grep -c 'Kestrel' "$tmp/d4")" -eq 0 -a "$(wc -l <"$tmp/d4")" -eq 4
"$DATELINE" dump --offline --archive "$tmp/empty.db" >"$tmp/d5"
check "with nothing configured, the sample wires" grep -q 'Kestrel' "$tmp/d5"
# The first reader after a change makes the facts of the changed stories
# and stores them with their events' labels: every later reader must find
# the events it showed.  Here the first story of an event of five close
# reports is retitled, leaves the event when it is placed again, and
# starts one of its own, whose label must not be the old event's (that
# one's label came from this story, and a later reader joined the two).
close_feed() {	# FILE SUFFIX: five near-identical reports a day apart
  {
    echo '<?xml version="1.0"?><rss version="2.0"><channel><title>Close</title>'
    for i in 0 1 2 3 4; do
      t="Story $i Zelensky meets Macron in Kyiv"
      [ "$i" = 0 ] && t="$t$2"
      item "c$i" "$t" "Mon, 0$((i + 1)) Dec 2025 1$i:00:00 GMT"
    done
    echo '</channel></rss>'
  } >"$1"
}
cdb=$tmp/close.db
close_feed "$tmp/c1.xml" ""
cp "$tmp/c1.xml" "$tmp/c2.xml"
"$DATELINE" fetch --archive "$cdb" "$tmp/c1.xml" "$tmp/c2.xml" >/dev/null 2>&1
"$DATELINE" dump --offline --archive "$cdb" >/dev/null 2>&1
close_feed "$tmp/c1.xml" " UPDATED"
cp "$tmp/c1.xml" "$tmp/c2.xml"
"$DATELINE" fetch --archive "$cdb" "$tmp/c1.xml" "$tmp/c2.xml" >/dev/null 2>&1
"$DATELINE" dump --offline --archive "$cdb" >"$tmp/r1" 2>&1
"$DATELINE" dump --offline --archive "$cdb" >"$tmp/r2" 2>&1
"$DATELINE" dump --offline --archive "$cdb" >"$tmp/r3" 2>&1
check "the first reader after a change and the next ones: one timeline" \
  cmp -s "$tmp/r1" "$tmp/r2"
check "... and the one after" cmp -s "$tmp/r2" "$tmp/r3"
# The same feed straight or through the archive gives the same events:
# both place the stories oldest first (a feed lists them in any order;
# this one, like the benchmark's, in none).
python3 "$SRCDIR/bench/gen.py" --items 3000 --out "$tmp/mixed.xml" >/dev/null
"$DATELINE" dump --offline --no-archive "$tmp/mixed.xml" >"$tmp/straight"
"$DATELINE" fetch --archive "$tmp/mixed.db" "$tmp/mixed.xml" >/dev/null 2>&1
"$DATELINE" dump --offline --archive "$tmp/mixed.db" >"$tmp/first"
"$DATELINE" dump --offline --archive "$tmp/mixed.db" >"$tmp/again"
check "a feed straight and through the archive: one timeline" \
  cmp -s "$tmp/straight" "$tmp/first"
check "... and the archive read again" cmp -s "$tmp/first" "$tmp/again"
# Several wires whose reports merge: the first reader after fetch (no
# facts at all: it reads by time at once) and the next one (facts
# restored) give the dump of the feeds themselves.
sdb=$tmp/sample.db
"$DATELINE" dump --offline --no-archive "$SRCDIR"/assets/sample/*.xml >"$tmp/s0"
"$DATELINE" fetch --archive "$sdb" "$SRCDIR"/assets/sample/*.xml >/dev/null
check "several wires: fetch stores no facts" eq "$(sql "$sdb" 'SELECT count(*) FROM facts')" 0
"$DATELINE" dump --offline --archive "$sdb" -F /dev/null >"$tmp/s1"
check "several wires: some reports merged" test "$(cut -f5 "$tmp/s0" | sort -n | tail -1)" -gt 1
check "several wires: the first reader gives the feeds' dump" cmp -s "$tmp/s0" "$tmp/s1"
"$DATELINE" dump --offline --archive "$sdb" -F /dev/null >"$tmp/s2"
check "several wires: and so does the next" cmp -s "$tmp/s0" "$tmp/s2"
# An archive that is there but cannot be read (not a database) is a source
# that failed: named, exit 1, the feeds still read and shown, the file
# left as it was; fetch, which only stores, stores nothing.
bad=$tmp/bad.db
head -c 8192 /dev/urandom >"$bad"
sum=$(md5sum <"$bad")
printf '%s\n' "$SRCDIR/assets/sample/kestrel-wire.xml" >"$tmp/feeds-one"
"$DATELINE" dump --archive "$bad" -F "$tmp/feeds-one" >"$tmp/bad.out" 2>"$tmp/bad.err"
rc=$?
check "unreadable archive: exit 1" eq "$rc" 1
check "unreadable archive: named" grep -q "^dateline: $bad: .*not a database" "$tmp/bad.err"
check "unreadable archive: the feeds still shown" test "$(wc -l <"$tmp/bad.out")" -gt 10
"$DATELINE" fetch --archive "$bad" "$SRCDIR/assets/sample/kestrel-wire.xml" >"$tmp/bad.out" 2>&1
rc=$?
check "unreadable archive, fetch: exit 1" eq "$rc" 1
check "unreadable archive, fetch: named" grep -q "$bad: .*not a database" "$tmp/bad.out"
check "unreadable archive: left as it was" eq "$(md5sum <"$bad")" "$sum"
finish
