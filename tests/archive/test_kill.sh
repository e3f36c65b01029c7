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
finish
