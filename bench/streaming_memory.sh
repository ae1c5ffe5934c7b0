#!/usr/bin/env bash
# Peak memory (/usr/bin/time -v, maximum resident set) of the commands that
# read big line files, on a 2,000,000-line seed file and a 200,000-list lists
# file, against the same commands on files 100 times smaller in the same run:
# a ratio near 1 means the file is streamed, not held (docs/robustness.md,
# "Streaming"). The files are made from real data: SNLI-train premises
# (numbered past the first 50,000 distinct ones) and the SmolLM2 study's
# lists (new ids).
#   bench/streaming_memory.sh [WORK_DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${RANKSENT_BUILD_DIR:-$root/build}"
data="${RANKSENT_DATA:-$root/../shared/data}"
R="$build/ranksent"
work="${1:-$(mktemp -d)}"
[[ -n "${1:-}" ]] || trap 'rm -rf "$work"' EXIT
mkdir -p "$work"
python3 - "$data/SNLI-train/cat/train.csv" "$root/docs/results/study-smollm2/directional.jsonl" "$work" <<'PY'
import json, sys, os
snli, lists_path, work = sys.argv[1:4]
prem, seen = [], set()
for line in open(snli, encoding="utf-8"):
    p = line.split("\t")
    if len(p) > 2 and p[2] not in seen:
        seen.add(p[2]); prem.append(p[2].strip())
    if len(prem) >= 50000: break
lists = [json.loads(l) for l in open(lists_path)]
for n_seeds, n_lists, tag in ((20000, 2000, "small"), (2000000, 200000, "big")):
    with open(os.path.join(work, f"seeds-{tag}.txt"), "w") as f:
        for i in range(n_seeds):
            f.write(prem[i % len(prem)] + (f" ({i // len(prem)})" if i >= len(prem) else "") + "\n")
    with open(os.path.join(work, f"lists-{tag}.jsonl"), "w") as f:
        for i in range(n_lists):
            r = dict(lists[i % len(lists)]); r["id"] = i + 1
            f.write(json.dumps(r) + "\n")
    # The seeds of those lists: a generate run over them resumes with nothing to do.
    with open(os.path.join(work, f"listseeds-{tag}.txt"), "w") as f:
        for i in range(n_lists):
            f.write(prem[i % len(prem)] + "\n")
PY
mkdir -p "$work/data/STSBenchmark" "$work/data/SICK"
head -20 "$data/STSBenchmark/sts-dev.csv" > "$work/data/STSBenchmark/sts-dev.csv"
head -21 "$data/SICK/SICK_trial.txt" > "$work/data/SICK/SICK_trial.txt"
peak() { # label command... -> "label kB seconds"
  local label="$1"; shift
  /usr/bin/time -v "$@" > "$work/out.log" 2> "$work/time.log" || { cat "$work/out.log" "$work/time.log" >&2; exit 1; }
  echo "$label $(awk '/Maximum resident/ { print $NF }' "$work/time.log") $(awk '/Elapsed/ { print $NF }' "$work/time.log")"
}
for tag in small big; do
  cp "$work/lists-$tag.jsonl" "$work/resume-$tag.jsonl"
  rm -rf "$work/t-$tag" "$work/t-$tag.train" "$work/o-$tag.jsonl" "$work/m-$tag.jsonl" "$work/s-$tag.jsonl"
  peak "generate-2-of-seeds $tag" "$R" generate --seeds "$work/seeds-$tag.txt" --limit 2 --steps 1 --threads 1 \
    --output "$work/o-$tag.jsonl" --quiet
  peak "generate-resume $tag" "$R" generate --seeds "$work/listseeds-$tag.txt" --steps 32 --threads 1 \
    --output "$work/resume-$tag.jsonl" --quiet
  peak "merge-lists $tag" "$R" merge-lists --output "$work/m-$tag.jsonl" "$work/lists-$tag.jsonl"
  peak "shuffle $tag" "$R" generate --strategy shuffle --lists "$work/lists-$tag.jsonl" --output "$work/s-$tag.jsonl" --quiet
  peak "train-1-step $tag" "$R" train --lists "$work/lists-$tag.jsonl" --output "$work/t-$tag" --data "$work/data" \
    --max-steps 1 --threads 1 --quiet
done > "$work/peaks.txt"
python3 - "$work/peaks.txt" <<'PY'
import sys
rows = {}
for line in open(sys.argv[1]):
    name, tag, kb, wall = line.split()
    rows.setdefault(name, {})[tag] = (int(kb), wall)
print("| command | small file: peak MB | big file (100x): peak MB | ratio | big file wall time |")
print("| --- | ---: | ---: | ---: | ---: |")
for name, r in rows.items():
    s, b = r["small"][0] / 1024, r["big"][0] / 1024
    print(f"| {name} | {s:.0f} | {b:.0f} | {b / s:.2f} | {r['big'][1]} |")
PY
