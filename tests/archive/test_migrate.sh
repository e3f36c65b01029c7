# An archive of the first schema is migrated in place, keeping its stories.
. "$(dirname "$0")/lib.sh"
db=$tmp/old.db
sqlite3 -batch "$db" <"$SRCDIR/tests/data/archive/schema-v1.sql" >/dev/null
check "saved schema is version 1" eq "$(sql "$db" 'PRAGMA user_version')" 1
"$ARCHIVE_WRITER" "$db" new 1 5 >/dev/null
check "migrated to version 2" eq "$(sql "$db" 'PRAGMA user_version')" 2
check "old stories kept" eq "$(sql "$db" "SELECT count(*) FROM stories WHERE id LIKE 'old-%'")" 2
check "old validators kept" eq "$(sql "$db" "SELECT etag FROM feeds WHERE source = 'https://old.example/feed'")" '"v1-etag"'
check "new column filled" eq "$(sql "$db" "SELECT count(*) FROM stories WHERE seen > 0")" 7
check "new stories added" eq "$(sql "$db" "SELECT count(*) FROM stories WHERE id LIKE 'new-%'")" 5
# A schema newer than this program is refused, not damaged.
sql "$db" 'PRAGMA user_version = 99'
out=$("$ARCHIVE_WRITER" "$db" x 1 1 2>&1)
check "newer schema refused with a message" grep -q 'newer than this dateline knows' <<<"$out"
check "nothing written to the newer archive" eq "$(sql "$db" "SELECT count(*) FROM stories WHERE id LIKE 'x-%'")" 0
finish
