# An archive of the first schema is migrated in place, keeping its stories.
. "$(dirname "$0")/lib.sh"
db=$tmp/old.db
sqlite3 -batch "$db" <"$SRCDIR/tests/data/archive/schema-v1.sql" >/dev/null
check "saved schema is version 1" eq "$(sql "$db" 'PRAGMA user_version')" 1
"$ARCHIVE_WRITER" "$db" new 1 5 >/dev/null
check "migrated from version 1 to the current 3" eq "$(sql "$db" 'PRAGMA user_version')" 3
check "old stories kept" eq "$(sql "$db" "SELECT count(*) FROM stories WHERE id LIKE 'old-%'")" 2
check "old validators kept" eq "$(sql "$db" "SELECT etag FROM feeds WHERE source = 'https://old.example/feed'")" '"v1-etag"'
check "new column filled" eq "$(sql "$db" "SELECT count(*) FROM stories WHERE seen > 0")" 7
check "new stories added" eq "$(sql "$db" "SELECT count(*) FROM stories WHERE id LIKE 'new-%'")" 5
# An archive of the second schema: stories and feed state kept, their
# facts made and stored by the first program that reads them.
db2=$tmp/v2.db
sqlite3 -batch "$db2" <"$SRCDIR/tests/data/archive/schema-v2.sql" >/dev/null
check "saved schema is version 2" eq "$(sql "$db2" 'PRAGMA user_version')" 2
"$DATELINE" dump --offline --archive "$db2" -F /dev/null >"$tmp/v2.dump"
check "migrated from version 2 to 3" eq "$(sql "$db2" 'PRAGMA user_version')" 3
check "version 2 stories on the timeline" grep -q 'Vladimir Putin orders the army' "$tmp/v2.dump"
check "their actors found" grep -q 'Vladimir Putin' <<<"$(cut -f6 "$tmp/v2.dump")"
check "version 2 feed state kept" eq "$(sql "$db2" "SELECT etag || ' ' || last_status FROM feeds")" '"v2-etag" ok 2 new'
check "facts stored by the first reader" eq "$(sql "$db2" "SELECT count(*) FROM facts")" 2
"$DATELINE" dump --offline --archive "$db2" -F /dev/null >"$tmp/v2.again"
check "the second reader rebuilds the same timeline" cmp -s "$tmp/v2.dump" "$tmp/v2.again"
# A schema newer than this program is refused, not damaged.
sql "$db" 'PRAGMA user_version = 99'
out=$("$ARCHIVE_WRITER" "$db" x 1 1 2>&1)
check "newer schema refused with a message" grep -q 'newer than this dateline knows' <<<"$out"
check "nothing written to the newer archive" eq "$(sql "$db" "SELECT count(*) FROM stories WHERE id LIKE 'x-%'")" 0
finish
