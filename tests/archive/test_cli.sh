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
finish
