# Two writers on one archive at once: both finish, nothing lost or doubled.
. "$(dirname "$0")/lib.sh"
db=$tmp/archive.db
"$ARCHIVE_WRITER" "$db" one 30 300 >"$tmp/one" 2>"$tmp/one.err" &
a=$!
"$ARCHIVE_WRITER" "$db" two 30 300 >"$tmp/two" 2>"$tmp/two.err" &
b=$!
wait $a; ra=$?
wait $b; rb=$?
check "first writer finished" eq "$ra" 0
check "second writer finished" eq "$rb" 0
check "all 18000 stories stored" eq "$(sql "$db" 'SELECT count(*) FROM stories')" 18000
check "integrity" eq "$(sql "$db" 'PRAGMA integrity_check')" ok
# Writing the same batches again adds nothing.
"$ARCHIVE_WRITER" "$db" one 30 300 >"$tmp/again"
check "rewriting adds nothing" eq "$(awk '{s += $3} END {print s}' "$tmp/again")" 0
check "still 18000" eq "$(sql "$db" 'SELECT count(*) FROM stories')" 18000
# Two programs creating the same new archive at once: neither may fail
# (switching a new file to WAL takes a lock SQLite does not wait for).
failed=0
for i in $(seq 1 40); do
  fresh=$tmp/fresh-$i.db
  "$ARCHIVE_WRITER" "$fresh" one 2 20 >/dev/null 2>>"$tmp/fresh.err" &
  a=$!
  "$ARCHIVE_WRITER" "$fresh" two 2 20 >/dev/null 2>>"$tmp/fresh.err" || failed=$((failed + 1))
  wait $a || failed=$((failed + 1))
done
check "40 times two writers creating one archive: none failed" eq "$failed" 0
finish
