#!/usr/bin/env bash
# The house style (.clang-format): every C++ file of the repository as
# clang-format writes it. `--fix` rewrites the files instead of checking.
# Exit 0 when the tree is formatted, 1 when a file is not (its name and the
# first differences are printed), 77 (skip) without clang-format.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
cf="${CLANG_FORMAT:-}"
if [ -z "$cf" ]; then
  for c in "${RANKSENT_CACHE:-$HOME/.cache/ranksent}/venv/bin/clang-format" clang-format; do
    if command -v "$c" > /dev/null 2>&1; then cf="$c"; break; fi
  done
fi
if [ -z "$cf" ]; then
  echo "check_format: no clang-format (scripts/bootstrap.sh --test installs it into the cache's venv)"
  exit 77
fi
want="$(sed -n 's/^clang-format==\([0-9.]*\).*/\1/p' scripts/requirements-test.txt)"
have="$("$cf" --version | grep -o '[0-9][0-9.]*' | head -1)"
if [ -n "$want" ] && [ "$have" != "$want" ]; then
  echo "check_format: clang-format $have, the style is checked with $want (scripts/requirements-test.txt)"
  exit 77
fi
if ! git rev-parse --is-inside-work-tree > /dev/null 2>&1; then
  echo "check_format: not a git checkout (the files checked are git's)"
  exit 77
fi
mapfile -t files < <(git ls-files '*.cpp' '*.h' '*.hpp' '*.cc')
if [ "${1:-}" = "--fix" ]; then
  "$cf" -i "${files[@]}"
  exit 0
fi
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! "$cf" --dry-run --Werror "${files[@]}" 2> "$log"; then
  grep -m20 'error:' "$log" || true
  echo "check_format: $(grep -c 'error:' "$log") lines differ in $(grep 'error:' "$log" | cut -d: -f1 | sort -u | wc -l) files; scripts/check_format.sh --fix rewrites them"
  exit 1
fi
echo "check_format: ${#files[@]} files follow .clang-format (clang-format $have)"
