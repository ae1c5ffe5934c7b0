#!/usr/bin/env bash
# kill -9 at random moments of `generate` or `train`, each time resumed by
# the same command, against one uninterrupted run:
#   - the moments are drawn uniformly over the uninterrupted run's wall time
#     T (so they fall in loading, decoding or training, writing lines,
#     evaluating and swapping checkpoints in), from a fixed seed;
#   - after a kill the same command runs again and is killed at the next
#     moment, until a run ends by itself; then a fresh round starts from
#     nothing, until KILLS kills have landed on a live process;
#   - every round's result must equal the uninterrupted run's: for generate
#     the lists file (the same records, each id once, every line whole), for
#     train the best and the last checkpoints' weights bit for bit and
#     log.csv byte for byte.
#   tests/faults/kill_resume.sh generate|train CLI SOURCE_DIR DATA_DIR [KILLS] [SEED]
# Exit 77 (ctest: skipped) when the model or the data is missing.
set -euo pipefail
mode="${1:?generate|train}" cli="${2:?ranksent program}" src="${3:?source dir}" data="${4:?data dir}"
kills="${5:-20}" seed="${6:-1}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
RANDOM="$seed"

case "$mode" in
  generate)
    llm="$("$cli" models --no-hash 2>/dev/null | awk '$1 == "llm" && / \(default\)/ { getline; getline; getline; print $2 }')"
    [[ -f "$llm" ]] || { echo "skipped: needs the default LLM (scripts/bootstrap.sh)"; exit 77; }
    printf '%s\n' "A man is playing a guitar on stage." "Two dogs run through a field of snow." \
      "A woman is slicing tomatoes in a kitchen." > "$work/seeds.txt"
    cmd() { echo "$cli generate --model smollm2-135m --seeds $work/seeds.txt --steps 2 --parallel 3 --threads 1 --max-new-tokens 24 --quiet --output $1/lists.jsonl"; }
    result() { sort "$1/lists.jsonl"; }
    ;;
  train)
    [[ -f "$data/STSBenchmark/sts-dev.csv" && -f "$data/SICK/SICK_trial.txt" ]] ||
      { echo "skipped: needs $data/STSBenchmark and $data/SICK"; exit 77; }
    enc="$("$cli" models --no-hash 2>/dev/null | awk '$1 == "encoder" && / \(default\)/ { getline; getline; getline; print $2 }')"
    [[ -f "$enc/model.safetensors" ]] || { echo "skipped: needs the default encoder (scripts/bootstrap.sh)"; exit 77; }
    mkdir -p "$work/data/STSBenchmark" "$work/data/SICK"
    head -40 "$data/STSBenchmark/sts-dev.csv" > "$work/data/STSBenchmark/sts-dev.csv"
    head -40 "$data/SICK/SICK_trial.txt" > "$work/data/SICK/SICK_trial.txt"
    head -4 "$src/docs/results/study-qwen/directional.jsonl" > "$work/lists.jsonl"
    # A checkpoint swap every step: the kills land in them too (and in the
    # teacher cache's writes, shared by all rounds).
    cmd() { echo "$cli train --lists $work/lists.jsonl --data $work/data --threads 1 --max-steps 4 --eval-every 1 --quiet --resume --teacher-cache $work/teacher-sims --output $1/model"; }
    result() {
      sha256sum "$1/model/model.safetensors" "$1/model.train/last/model/model.safetensors" "$1/model.train/log.csv" |
        cut -d' ' -f1
    }
    ;;
  *) fail "unknown mode $mode" ;;
esac

mkdir -p "$work/ref"
t0="$(date +%s%N)"
$(cmd "$work/ref") > "$work/ref.log" 2>&1 || { cat "$work/ref.log" >&2; fail "the uninterrupted run failed"; }
span_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
result "$work/ref" > "$work/expected"
[[ -s "$work/expected" ]] || fail "the uninterrupted run wrote nothing"

landed=0 rounds=0 runs=0
while (( landed < kills )); do
  rounds=$((rounds + 1))
  out="$work/round$rounds"
  mkdir -p "$out"
  while :; do
    runs=$((runs + 1))
    (( runs < 40 * kills )) || fail "no progress after $runs runs"
    at_ms=$(( (RANDOM * 32768 + RANDOM) % span_ms ))
    $(cmd "$out") > "$out/run$runs.log" 2>&1 &
    pid=$!
    sleep "$(printf '%d.%03d' $((at_ms / 1000)) $((at_ms % 1000)))"
    if kill -9 "$pid" 2>/dev/null; then
      wait "$pid" 2>/dev/null || true
      landed=$((landed + 1))
      echo "kill $landed: round $rounds, ${at_ms} ms into run $runs"
      (( landed < kills )) || break
    else
      wait "$pid" || { cat "$out/run$runs.log" >&2; fail "run $runs failed after an earlier kill"; }
      break
    fi
  done
  # Finish the round (the last kill may have left it unfinished).
  $(cmd "$out") > "$out/final.log" 2>&1 || { cat "$out/final.log" >&2; fail "the run after kill $landed failed"; }
  result "$out" > "$out/got"
  cmp -s "$work/expected" "$out/got" || { diff "$work/expected" "$out/got" | head -20 >&2; fail "round $rounds differs from the uninterrupted run"; }
  if [[ $mode == generate ]]; then
    ids="$(python3 -c 'import json,sys; ids=[json.loads(l)["id"] for l in open(sys.argv[1])]; print(len(ids), len(set(ids)))' "$out/lists.jsonl")"
    [[ "${ids% *}" == "${ids#* }" ]] || fail "round $rounds: duplicate ids ($ids)"
  fi
done
echo "$mode: $landed kills -9 over $rounds rounds ($runs runs, uninterrupted run ${span_ms} ms): every round equals the uninterrupted run"
