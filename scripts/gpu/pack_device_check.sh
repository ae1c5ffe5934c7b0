#!/usr/bin/env bash
# Makes the bundle that scripts/gpu/device_check.sh needs on a GPU machine with no network (issue #25), here,
# from the cache that scripts/bootstrap.sh fills and the shared data:
#
#   scripts/gpu/pack_device_check.sh DEST [--build DIR]     DEST/{repo,llama.cpp.tar.xz,prefix.tar.xz,encoder,inputs}
#   scripts/gpu/pack_device_check.sh --inputs-only DIR [--small] [--build DIR]   only the inputs (the dry run's)
#
#   repo/             this checkout's files (tracked and untracked-not-ignored), as they are now
#   llama.cpp.tar.xz  the pinned llama.cpp source, sources and CMake files only (no tests, docs, examples, tools,
#                     models but the two tokenizers make_models.py copies; no other GPU backend), and gguf-py
#   prefix.tar.xz     Debian 12's -dev packages of our dependencies and the runtime libraries they link (cairo's
#                     too), unpacked (dpkg -x, never into /); the machine's newer glibc runs them
#   encoder/          all-MiniLM-L6-v2's configuration, tokenizer and pooling files (not its weights)
#   inputs/           1,000 STS-B test sentences, a 33-sentence SNLI dev list, 512 SNLI-train premises as seeds,
#                     SNLI lists (`ranksent snli-lists`, for `train`), STS-B and SICK-R dev (train's model selection)
# The bundle stays small (16 MB): the models are made on the machine (make_models.py). There, with DEST carried:
#   cd DEST/repo && bash scripts/gpu/device_check.sh --out DIR        (about 9 minutes on one H200, build included)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$root/scripts/pins.env"
source "$root/scripts/env.sh"
data="${RANKSENT_DATA:-$root/../shared/data}"

dest="" inputs_only="" build="$root/build" small=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --inputs-only) inputs_only="$2"; shift 2 ;;
    --build) build="$2"; shift 2 ;;
    --small) small=1; shift ;;
    -*) echo "pack_device_check.sh: unknown option '$1'" >&2; exit 2 ;;
    *) dest="$1"; shift ;;
  esac
done
say() { printf '[pack %s] %s\n' "$(date +%T)" "$*" >&2; }

dev_set() { # FILE LINES: data/FILE into $dir/data, its first LINES lines with --small
  if ((small)); then head -"$2" "$data/$1"; else cat "$data/$1"; fi > "$dir/data/$1"
}

make_inputs() { # DIR
  local dir="$1"
  mkdir -p "$dir/data/STSBenchmark" "$dir/data/SICK"
  # The figures of docs/scaling.md's CPU tables use the same texts.
  # (head reads the file itself: a reader stopped early would end the pipe with SIGPIPE under pipefail)
  head -1000 "$data/STSBenchmark/sts-test.csv" | cut -f6 > "$dir/sentences.txt"
  # The dev sets of train's default selection, mean(STS-B dev, SICK-R dev: its trial split); --small (the dry
  # run) keeps 40 pairs of each (SICK's first line is its header), so that train's evaluation takes seconds.
  dev_set STSBenchmark/sts-dev.csv 40
  dev_set SICK/SICK_trial.txt 41
  awk '!seen[$0]++ { print; if (++k == 33) exit }' "$data/SNLI/s1.dev" |
    python3 -c 'import json, sys; json.dump([l.strip() for l in sys.stdin], sys.stdout)' > "$dir/list.json"
  # Seeds for 2 x 256 lists (generate at --parallel 256).
  awk -F'\t' '!seen[$3]++ { print $3; if (++k == 512) exit }' "$data/SNLI-train/cat/train.csv" > "$dir/seeds.txt"
  "$build/ranksent" snli-lists --data "$data" --output "$dir/lists.jsonl" --count 64 --length 8 > /dev/null
  say "inputs: $(wc -l < "$dir/sentences.txt") sentences, $(wc -l < "$dir/seeds.txt") seeds, $(wc -l < "$dir/lists.jsonl") lists -> $dir"
}

if [[ -n "$inputs_only" ]]; then
  make_inputs "$inputs_only"
  exit 0
fi
[[ -n "$dest" ]] || { echo "usage: pack_device_check.sh DEST [--build DIR]" >&2; exit 2; }
mkdir -p "$dest"
dest="$(cd "$dest" && pwd)"

say "repo: this checkout's files"
rm -rf "$dest/repo"
mkdir -p "$dest/repo"
# Files deleted in the checkout but still in the index are left out.
(cd "$root" && git ls-files -z -co --exclude-standard | while IFS= read -r -d '' f; do if [[ -e "$f" ]]; then printf '%s\0' "$f"; fi; done |
  tar --null -T - -cf -) | tar -xf - -C "$dest/repo"

say "llama.cpp source, trimmed"
llama_src="$RANKSENT_CACHE/src/llama.cpp-$LLAMA_CPP_COMMIT"
other_backends=(blas cann et hexagon metal musa opencl openvino rpc sycl virtgpu vulkan webgpu zdnn zendnn kompute hip)
excludes=()
for b in "${other_backends[@]}"; do excludes+=(--exclude="llama.cpp/ggml/src/ggml-$b"); done
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
ln -s "$llama_src" "$tmp/llama.cpp"
tar -C "$tmp" -chf - "${excludes[@]}" --exclude='*/vendor/cpp-httplib' --exclude='*/gguf-py/tests' \
  --exclude='__pycache__' \
  llama.cpp/CMakeLists.txt llama.cpp/LICENSE llama.cpp/cmake llama.cpp/include llama.cpp/src llama.cpp/ggml \
  llama.cpp/vendor llama.cpp/gguf-py llama.cpp/models/ggml-vocab-qwen2.gguf llama.cpp/models/ggml-vocab-llama-bpe.gguf |
  xz -T2 -6 > "$dest/llama.cpp.tar.xz"

say "Debian packages, unpacked into a prefix"
debs=(nlohmann-json3-dev libcli11-dev libutf8proc-dev libutf8proc2 libfmt-dev libfmt9 libtomlplusplus-dev libtomlplusplus3
  libcairo2-dev libcairo2 libpixman-1-0 libfontconfig1 libfreetype6 libpng16-16 libbrotli1 libexpat1 libx11-6 libxau6
  libxdmcp6 libbsd0 libmd0 libxcb1 libxcb-render0 libxcb-shm0 libxext6 libxrender1 libgloo-dev libbenchmark-dev
  libbenchmark1debian zlib1g zlib1g-dev pkgconf pkgconf-bin libpkgconf3)
mkdir -p "$tmp/debs" "$tmp/prefix"
(cd "$tmp/debs" && apt-get download "${debs[@]}" > /dev/null 2>&1)
for f in "$tmp"/debs/*.deb; do dpkg -x "$f" "$tmp/prefix"; done
p="$tmp/prefix"
rm -rf "${p:?}"/usr/share/{doc,man,lintian,gtk-doc,X11,bug} "${p:?}/etc" "$p/usr/lib/libgloo.so" \
  "$p"/usr/lib/x86_64-linux-gnu/libcairo-{script-interpreter,gobject}.so
# Absolute links would point into the machine's own /.
ln -sfn ../../../lib/x86_64-linux-gnu/libz.so.1 "$p/usr/lib/x86_64-linux-gnu/libz.so"
# cairo: our two modules without the private requirements (whose .pc files would need ten more -dev packages);
# the shared library brings its own dependencies.
pcdir="$p/usr/lib/x86_64-linux-gnu/pkgconfig"
rm -f "$pcdir"/cairo*.pc
cat > "$pcdir/cairo.pc" << 'PC'
prefix=/usr
libdir=${prefix}/lib/x86_64-linux-gnu
includedir=${prefix}/include
Name: cairo
Description: Multi-platform 2D graphics library (Debian 12's, carried)
Version: 1.16.0
Libs: -L${libdir} -lcairo
Cflags: -I${includedir}/cairo
PC
# shellcheck disable=SC2016  # ${prefix} is pkg-config's
printf 'prefix=/usr\nName: cairo-svg\nDescription: SVG surface backend for cairo graphics library\nVersion: 1.16.0\nRequires: cairo\nCflags: -I${prefix}/include/cairo\n' > "$pcdir/cairo-svg.pc"
if find "$p" -type l -lname '/*' | grep -q .; then
  say "absolute links left: $(find "$p" -type l -lname '/*' | paste -sd' ')"
fi
tar -C "$p" -cf - . | xz -T2 -6 > "$dest/prefix.tar.xz"

say "encoder files (no weights)"
rm -rf "$dest/encoder"
mkdir -p "$dest/encoder"
enc="$RANKSENT_CACHE/models/all-MiniLM-L6-v2"
(cd "$enc" && find . -type f ! -name model.safetensors ! -name README.md ! -name '.gitattributes' -print0 |
  tar --null -T - -cf -) | tar -xf - -C "$dest/encoder"

say "inputs"
rm -rf "$dest/inputs"
make_inputs "$dest/inputs"
say "bundle $dest: $(du -sh "$dest" | cut -f1) ($(cd "$dest" && du -sh -- * | awk '{print $2, $1}' | paste -sd',' | sed 's/,/, /g'))"
