# kill -9 during large writes, at several moments: the file stays sound and
# every batch reported committed is there whole.
. "$(dirname "$0")/lib.sh"
db=$tmp/archive.db
round=0
for pause in 0.05 0.3 0.7 1.2 2.0; do
  round=$((round + 1))
  "$ARCHIVE_WRITER" "$db" "feed$round" 5000 400 >"$tmp/log$round" 2>&1 &
  pid=$!
  sleep "$pause"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  check "round $round: integrity_check after kill at ${pause}s" \
    eq "$(sql "$db" 'PRAGMA integrity_check')" ok
  # Every round so far: each committed batch complete, nothing partial.
  for r in $(seq 1 "$round"); do
    committed=$(grep -c '^committed' "$tmp/log$r")
    stored=$(sql "$db" "SELECT count(*) FROM stories s JOIN feeds f ON f.id = s.feed WHERE f.source = 'feed$r'" 2>/dev/null)
    stored=${stored:-0}	# killed before the schema was written
    # The kill may land between COMMIT and the line that reports it.
    check "round $r: $committed committed batches stored whole (stored $stored)" \
      test "$stored" -eq $((committed * 400)) -o "$stored" -eq $(((committed + 1) * 400))
  done
done
for r in $(seq 1 "$round"); do
  check "round $r was interrupted mid-run" test "$(grep -c '^committed' "$tmp/log$r")" -lt 5000
done

# kill -9 while the first reader stores every story's facts: the file stays
# sound, the facts stored are whole batches, and the next reader gives the
# timeline an uninterrupted reader gives: the stories restored are counted
# for merging as if they had been compared again, all but the moments at
# which a story's weight is brought up to date (it is when the story is
# compared with another), so a merge at the threshold may go the other way.
fdb=$tmp/facts.db
python3 "$SRCDIR/bench/gen.py" --items 60000 --out "$tmp/wire.xml"
"$DATELINE" fetch --archive "$fdb" "$tmp/wire.xml" >/dev/null
cp "$fdb" "$tmp/untouched.db"
"$DATELINE" dump --offline --archive "$tmp/untouched.db" -F /dev/null >"$tmp/want"
# Each kill lands just after the reader has stored one more batch, while
# it makes the next: however fast the machine.
kill_after() {	# kill_after N: kill a first reader once N facts are stored
  local pid n i
  "$DATELINE" dump --offline --archive "$fdb" -F /dev/null >/dev/null 2>&1 &
  pid=$!
  for i in $(seq 1 3000); do
    n=$(sql "$fdb" 'SELECT count(*) FROM facts' 2>/dev/null)
    [ "${n:-0}" -ge "$1" ] && break
    sleep 0.02
  done
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  check "facts: integrity_check after a kill past $1 stored" \
    eq "$(sql "$fdb" 'PRAGMA integrity_check')" ok
}
kill_after 4096
kill_after $(($(sql "$fdb" 'SELECT count(*) FROM facts') + 4096))
stored=$(sql "$fdb" 'SELECT count(*) FROM facts')
check "facts: stored in whole batches ($stored of 60000)" test $((stored % 4096)) -eq 0
check "facts: the kills came before the end" test "$stored" -lt 60000
"$DATELINE" dump --offline --archive "$fdb" -F /dev/null >"$tmp/got"
differ=$(diff "$tmp/want" "$tmp/got" | grep -c '^>')
check "facts: the next reader gives the uninterrupted reader's timeline ($differ of $(wc -l <"$tmp/want") lines differ)" \
  test "$differ" -le $(($(wc -l <"$tmp/want") / 1000))
check "facts: every story on the timeline once" \
  eq "$(awk -F'\t' 'NR > 1 { n += $5 } END { print n }' "$tmp/got")" 60000
check "facts: all stored in the end" eq "$(sql "$fdb" 'SELECT count(*) FROM facts')" 60000
"$DATELINE" dump --offline --archive "$fdb" -F /dev/null >"$tmp/again"
check "facts: then the same timeline at every start" cmp -s "$tmp/got" "$tmp/again"
finish
