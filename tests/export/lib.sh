# Shared by the export tests: a scratch home, the sample wires as explicit
# sources (no archive, no network), and assertions.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp/home XDG_CONFIG_HOME=$tmp/config XDG_DATA_HOME=$tmp/data
mkdir -p "$HOME"
fails=0
# Relative paths: a feed's source is part of its events' ids, and the
# golden files must not depend on where the tree is checked out.
cd "$SRCDIR" || exit 1
samples=(assets/sample/*.xml)

check() {	# check DESCRIPTION COMMAND...
  local what=$1; shift
  if "$@"; then echo "ok - $what"; else echo "not ok - $what"; fails=$((fails + 1)); fi
}

eq() { [ "$1" = "$2" ] || { echo "  expected [$2], got [$1]" >&2; return 1; }; }
has() { grep -qF -- "$1" <<<"$2" || { echo "  [$2] lacks [$1]" >&2; return 1; }; }

# The names in a directory, hidden ones too, on one line.
entries() { (cd "$1" && ls -A | tr '\n' ' '); }

finish() { [ "$fails" -eq 0 ]; exit $?; }
