# The hostile feed corpus through every writer: text, markdown, TSV and
# JSON Lines stay valid UTF-8 without control characters (JSON parses),
# and nothing crashes (the sanitizer build reports on standard error).
. "$(dirname "$0")/lib.sh"

for f in tests/hostile/*.xml; do
  name=${f##*/}
  for args in "export" "export --format markdown" "dump" "dump --json"; do
    # shellcheck disable=SC2086 # the arguments are words
    "$DATELINE" $args --no-archive "$f" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    what="$name, $args"
    check "$what: exit 0 or 1" test "$rc" -le 1
    check "$what: no sanitizer report" \
      bash -c '! grep -qE "ERROR: AddressSanitizer|runtime error" "$1"' _ "$tmp/err"
    check "$what: valid UTF-8" iconv -f UTF-8 -t UTF-8 -o /dev/null "$tmp/out"
    case $args in
    dump) ctl='[\x00-\x08\x0a-\x1f]' ;;	# tabs separate the fields
    *) ctl='[\x00-\x09\x0b-\x1f]' ;;
    esac
    check "$what: no control characters" \
      bash -c '! LC_ALL=C grep -qP "$1|\x7f|\xc2[\x80-\x9f]" "$2"' _ "$ctl" "$tmp/out"
  done
  "$DATELINE" dump --json --no-archive "$f" 2>/dev/null >"$tmp/json"
  check "$name: every JSON line parses" \
    python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$tmp/json"
done

finish
