# Writing export files safely, through the real program: a file is written
# whole or not at all, an existing one is kept unless --force, every failure
# names the path and the reason and leaves the old file byte-identical and
# no temporary file behind; a closed pipe ends quietly.
. "$(dirname "$0")/lib.sh"

dl() { "$DATELINE" export --no-archive "${samples[@]}" "$@"; }
# run ARGS...: $rc and $err of an export
run() { dl "$@" >"$tmp/stdout" 2>"$tmp/err"; rc=$?; err=$(cat "$tmp/err"); }

d=$tmp/dir
mkdir -p "$d"
dl >"$tmp/expected" 2>/dev/null
check "the export to standard output is not empty" test -s "$tmp/expected"
run -o -
check "-o - writes standard output" cmp -s "$tmp/stdout" "$tmp/expected"

# a new file
run -o "$d/out.txt"
check "new file: exit 0" eq "$rc" 0
check "new file: quiet" eq "$err" ""
check "new file: the export" cmp -s "$d/out.txt" "$tmp/expected"
check "new file: nothing else in the directory" eq "$(entries "$d")" "out.txt "

# an existing file is kept without --force
printf 'the old file\n' >"$d/out.txt"
cp "$d/out.txt" "$tmp/old"
run -o "$d/out.txt"
check "existing file: exit 1" eq "$rc" 1
check "existing file: says so" eq "$err" "dateline: $d/out.txt: file exists (use --force)"
check "existing file: byte-identical" cmp -s "$d/out.txt" "$tmp/old"
check "existing file: no stray files" eq "$(entries "$d")" "out.txt "

# --force replaces it
run -o "$d/out.txt" --force
check "--force: exit 0" eq "$rc" 0
check "--force: the export" cmp -s "$d/out.txt" "$tmp/expected"
check "--force: no stray files" eq "$(entries "$d")" "out.txt "
printf 'the old file\n' >"$d/out.txt"

# a missing directory
run -o "$d/missing/out.txt"
check "missing directory: exit 1" eq "$rc" 1
check "missing directory: path and reason" \
  eq "$err" "dateline: $d/missing/out.txt: No such file or directory"
check "missing directory: nothing created" eq "$(entries "$d")" "out.txt "

# a file where a directory should be
run -o "$d/out.txt/inner.txt" --force
check "file as directory: exit 1" eq "$rc" 1
check "file as directory: path and reason" \
  eq "$err" "dateline: $d/out.txt/inner.txt: Not a directory"
check "file as directory: old file byte-identical" cmp -s "$d/out.txt" "$tmp/old"

# a directory where the file should be, even with --force
mkdir "$d/sub"
run -o "$d/sub" --force
check "directory as target: exit 1" eq "$rc" 1
check "directory as target: names it" has "dateline: $d/sub: " "$err"
check "directory as target: left alone" eq "$(entries "$d/sub")" ""
rmdir "$d/sub"

# a full disk, as the program sees it: a file-size limit (EFBIG).  The
# limit must not kill the program half-way (SIGXFSZ) with a temporary file
# left behind.
(ulimit -f 1; dl -o "$d/out.txt" --force >"$tmp/stdout" 2>"$tmp/err"); rc=$?
err=$(cat "$tmp/err")
check "full disk: exit 1" eq "$rc" 1
check "full disk: path and reason" eq "$err" "dateline: $d/out.txt: File too large"
check "full disk: old file byte-identical" cmp -s "$d/out.txt" "$tmp/old"
check "full disk: no stray files" eq "$(entries "$d")" "out.txt "

# a read-only directory.  Root writes through chmod, so the directory is
# bind-mounted read-only in a private mount namespace when that is
# allowed; otherwise chmod does it for other users.
ro=$tmp/ro
mkdir "$ro"
cp "$tmp/old" "$ro/out.txt"
ro_run() {
  unshare -m sh -c 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" &&
    shift && exec "$@"' _ "$ro" "$@"
}
if [ "$(id -u)" != 0 ]; then
  chmod 555 "$ro"
  dl -o "$ro/out.txt" --force >"$tmp/stdout" 2>"$tmp/err"; rc=$?
  chmod 755 "$ro"
  reason="Permission denied"
elif ro_run sh -c '! touch "$1/probe" 2>/dev/null' _ "$ro" 2>/dev/null; then
  ro_run "$DATELINE" export --no-archive "${samples[@]}" -o "$ro/out.txt" \
    --force >"$tmp/stdout" 2>"$tmp/err"; rc=$?
  reason="Read-only file system"
else
  rc=skip
fi
if [ "$rc" = skip ]; then
  echo "ok - read-only directory # SKIP no unprivileged way to make one here"
else
  err=$(cat "$tmp/err")
  check "read-only directory: exit 1" eq "$rc" 1
  check "read-only directory: path and reason" eq "$err" "dateline: $ro/out.txt: $reason"
  check "read-only directory: old file byte-identical" cmp -s "$ro/out.txt" "$tmp/old"
  check "read-only directory: no stray files" eq "$(entries "$ro")" "out.txt "
fi

# a closed pipe ends quietly, with status 0
dl 2>"$tmp/err" | head -1 >"$tmp/head"
rc=${PIPESTATUS[0]}
check "| head -1: exit 0" eq "$rc" 0
check "| head -1: quiet" eq "$(cat "$tmp/err")" ""
check "| head -1: the first line" eq "$(cat "$tmp/head")" "$(head -1 "$tmp/expected")"
# ... and when the reader is gone before the first write (no race: the
# read end is closed before the program starts)
closed_pipe() {
  python3 - "$@" <<'PY'
import os, subprocess, sys
r, w = os.pipe()
os.close(r)
p = subprocess.run(sys.argv[1:], stdout=w, stderr=subprocess.PIPE)
sys.stderr.write(p.stderr.decode())
sys.exit(p.returncode)
PY
}
for cmd in export dump "dump --json"; do
  closed_pipe "$DATELINE" $cmd --no-archive "${samples[@]}" 2>"$tmp/err"; rc=$?
  check "$cmd to a closed pipe: exit 0" eq "$rc" 0
  check "$cmd to a closed pipe: quiet" eq "$(cat "$tmp/err")" ""
done

finish
