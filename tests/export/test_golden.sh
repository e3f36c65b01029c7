# Golden files: the whole export and dump of the sample wires, byte for
# byte.  UPDATE_GOLDEN=1 rewrites them (then review the diff before
# committing).
. "$(dirname "$0")/lib.sh"

golden=$SRCDIR/tests/export/golden

# name | TZ | arguments
cases=(
  "day-2025-12-29.txt|UTC|export --from 2025-12-29 --to 2025-12-29"
  "day-2025-12-29.md|UTC|export --from 2025-12-29 --to 2025-12-29 --format markdown"
  "zelensky-week.txt|UTC|export --actor Zelensky --from 2025-12-26 --to 2026-01-01"
  "zelensky-week.md|UTC|export --actor Zelensky --from 2025-12-26 --to 2026-01-01 --format markdown"
  "range-28-29.txt|UTC|export --from 2025-12-28 --to 2025-12-29"
  "range-28-29.md|UTC|export --from 2025-12-28 --to 2025-12-29 --format markdown"
  "query-honolulu.txt|Pacific/Honolulu|export -q drone --from 2025-12-28"
  "day-2025-12-29-auckland.txt|Pacific/Auckland|export --from 2025-12-29 --to 2025-12-29"
  "all.tsv|UTC|dump"
  "all.jsonl|UTC|dump --json"
)

for c in "${cases[@]}"; do
  IFS='|' read -r name zone args <<<"$c"
  # shellcheck disable=SC2086 # the arguments are words
  TZ=$zone "$DATELINE" $args --no-archive "${samples[@]}" >"$tmp/$name" 2>"$tmp/err"
  rc=$?
  if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
    mkdir -p "$golden"
    cp "$tmp/$name" "$golden/$name"
  fi
  check "$name: exit 0" eq "$rc" 0
  check "$name: quiet" eq "$(cat "$tmp/err")" ""
  check "$name: as the golden file" diff -u "$golden/$name" "$tmp/$name"
done

# What the goldens must show, so that a wrong one cannot be approved by
# accident: the date-range event is in a range that only overlaps it.
check "the Dec 28-29 event is in the export of the 29th" \
  grep -q "^Dec 28–29  Moscow accuses Kyiv" "$golden/day-2025-12-29.txt"
hangs() { grep -A1 "^Dec 28–29  Moscow accuses Kyiv" "$1" | grep -qx "$2"; }
check "a wrapped title goes on under its start, past a wide time column" \
  hangs "$golden/day-2025-12-29.txt" "           residence"
# East of UTC too, the days the text names are listed at the start of the
# day, before its timed events, as the interface lists them.
check "east of UTC: the named days before the day's timed events" \
  awk '/^Monday/ { on = 1; next } on && /^[0-9][0-9]:/ { timed = 1 }
       on && /^\(day\)/ && timed { late = 1 }
       END { exit late || !on }' "$golden/day-2025-12-29-auckland.txt"
check "every golden line is valid UTF-8" \
  iconv -f UTF-8 -t UTF-8 -o /dev/null "$golden"/*
# (C0 and DEL bytes, and C1 characters as UTF-8)
nocontrols() { ! LC_ALL=C grep -qP "$1|\x7f|\xc2[\x80-\x9f]" "${@:2}"; }
check "text and markdown: no control characters" \
  nocontrols '[\x00-\x1f]' "$golden"/*.txt "$golden"/*.md
check "TSV: no control characters but tabs" \
  nocontrols '[\x00-\x08\x0a-\x1f]' "$golden/all.tsv"
check "JSON: no control characters" nocontrols '[\x00-\x1f]' "$golden/all.jsonl"
check "the TSV has ten fields a line" \
  awk -F'\t' 'NF != 10 { exit 1 }' "$golden/all.tsv"
check "each JSON line parses" \
  python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$golden/all.jsonl"

# Without --format, the file's name chooses: markdown for .md and
# .markdown, text for anything else.
range=(--from 2025-12-29 --to 2025-12-29 --no-archive)
for name in brief.md BRIEF.Markdown brief.txt brief; do
  TZ=UTC "$DATELINE" export "${range[@]}" -o "$tmp/$name" "${samples[@]}" 2>"$tmp/err"
  case $name in
    *.md|*.Markdown) want=day-2025-12-29.md ;;
    *) want=day-2025-12-29.txt ;;
  esac
  check "-o $name without --format: as $want" cmp "$golden/$want" "$tmp/$name"
done
TZ=UTC "$DATELINE" export "${range[@]}" --format text -o "$tmp/forced.md" "${samples[@]}" 2>"$tmp/err"
check "--format text wins over a .md name" cmp "$golden/day-2025-12-29.txt" "$tmp/forced.md"

[ "$fails" -eq 0 ] || echo "# when the pipeline changed on purpose: UPDATE_GOLDEN=1 meson test" \
  "-C build export-golden, then review 'git diff tests/export/golden'" >&2
finish
