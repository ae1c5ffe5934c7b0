#!/usr/bin/env bash
# `ranksent run` and `ranksent report` end to end on a small real study (the
# default LLM and encoder, SNLI-train premises, STS-B):
#   1. every stage runs, each folder holds its command, record and outputs;
#   2. the same command again skips every stage (and takes under a minute);
#   3. a changed training arm reruns only its training, evaluation and report
#      (checked in --dry-run's plan and in the run's own lines);
#   4. report.html, rendered in headless Chromium, loads without errors,
#      every image decodes, and the paper's tables are there.
#   tests/scripts/test_study_run.sh CLI DATA_DIR
# Exit 77 (ctest: skipped) when a model or the data is missing.
set -euo pipefail
cli="${1:?ranksent program}" data="${2:?data dir}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
[[ -f "$data/SNLI-train/cat/test.csv" && -f "$data/STSBenchmark/sts-dev.csv" ]] ||
  { echo "skipped: needs $data (SNLI-train, STSBenchmark)"; exit 77; }
models="$("$cli" models --no-hash 2>/dev/null || true)"
grep -q "not installed" <<<"$(grep -A3 ' (default)' <<<"$models")" && { echo "skipped: needs the default models"; exit 77; }

write_study() { # max-steps of the training arm
  cat > "$work/study.toml" <<EOF
name = "small"
data = "$data"
threads = 2
[seeds]
input = ["SNLI-train/cat/test.csv"]
column = 3
clusters = 3
per_cluster = 1
[[generate]]
name = "directional"
steps = 4
options = ["--max-new-tokens", "40"]
[[train]]
name = "directional"
lists = "directional"
options = ["--max-steps", "$1", "--eval-every", "1"]
[evaluate]
tasks = "STSBenchmark"
EOF
}
out="$work/out"
run() { "$cli" run "$work/study.toml" --output "$out" > "$work/run.out" 2> "$work/run.err" ||
  { cat "$work/run.err" >&2; fail "ranksent run exited $?"; }; }

# 1. Everything runs.
write_study 2
run
for stage in seeds generate-directional analyze eval-base train-directional-seed42 eval-directional-seed42 report; do
  [[ -f "$out/$stage/stage.json" && -f "$out/$stage/command.sh" && -f "$out/$stage/log.txt" ]] || fail "$stage: record missing"
  grep -q '"status": "done"' "$out/$stage/stage.json" || fail "$stage not done"
done
[[ -s "$out/generate-directional/directional.jsonl" && -s "$out/train-directional-seed42/model.train/log.csv" ]] ||
  fail "stage outputs missing"
grep -q "Before and after post-training (Table 4)" "$work/run.out" || fail "run does not print Table 4"
grep -q "report: $out/report/report.html" "$work/run.out" || fail "run does not print the report's path"
# The recorded command is the one to rerun by hand.
grep -q "ranksent generate --output generate-directional/directional.jsonl" "$out/generate-directional/command.sh" ||
  fail "command.sh: $(cat "$out/generate-directional/command.sh")"

# 2. Nothing changed: every stage skipped.
start=$SECONDS
run
(( SECONDS - start < 60 )) || fail "a rerun with nothing changed took $((SECONDS - start)) s"
[[ "$(grep -c 'done before, skipped' "$work/run.err")" == 7 ]] || { cat "$work/run.err" >&2; fail "not every stage skipped"; }

# 3. A changed training arm: only its training, evaluation and the report.
write_study 3
"$cli" run "$work/study.toml" --output "$out" --dry-run > "$work/plan.txt"
again="$(awk '$1 ~ /^[0-9]+\.$/ && $3 != "skip" { print $2 }' "$work/plan.txt" | tr '\n' ' ')"
[[ "$again" == "train-directional-seed42 eval-directional-seed42 report " ]] || { cat "$work/plan.txt" >&2; fail "plan reruns: $again"; }
run
[[ "$(grep -c 'done before, skipped' "$work/run.err")" == 4 ]] || { cat "$work/run.err" >&2; fail "reran more than the arm"; }
grep -q "train-directional-seed42: rerun, its command changed" "$work/run.err" || fail "no rerun line for the arm"
[[ "$(tail -n1 "$out/train-directional-seed42/model.train/log.csv" | cut -d, -f1)" == 3 ]] || fail "training did not rerun"

# 4. The page in a browser.
chromium="$(command -v chromium-headless-shell || command -v chromium || true)"
[[ -n "$chromium" ]] || fail "headless Chromium is missing (scripts/bootstrap.sh --test installs it)"
page="$out/report/check.html"
# A probe runs in the page itself: script errors, images that fail to
# decode, and the tables and headings the report must have.
probe='<script>
window.__errors = [];
window.addEventListener("error", e => window.__errors.push(e.message || ("failed: " + (e.target && e.target.tagName))), true);
window.addEventListener("load", () => {
  const imgs = Array.from(document.images);
  const r = {images: imgs.length, broken: imgs.filter(i => !i.complete || i.naturalWidth === 0).length,
             tables: document.querySelectorAll("table").length, errors: window.__errors,
             headings: Array.from(document.querySelectorAll("h2")).map(h => h.textContent)};
  const p = document.createElement("pre"); p.id = "probe"; p.textContent = "PROBE " + JSON.stringify(r);
  document.body.appendChild(p);
});
</script>'
python3 - "$out/report/report.html" "$page" "$probe" <<'EOF'
import sys
html = open(sys.argv[1], encoding="utf-8").read()
open(sys.argv[2], "w", encoding="utf-8").write(html.replace("<head>", "<head>\n" + sys.argv[3], 1))
EOF
timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --virtual-time-budget=10000 --dump-dom "file://$page" \
  > "$work/dom.html" 2> "$work/chromium.err" || { tail -5 "$work/chromium.err" >&2; fail "chromium exited $?"; }
python3 - "$work/dom.html" <<'EOF'
import html, json, re, sys
m = re.search(r"PROBE (\{.*?\})</pre>", open(sys.argv[1], encoding="utf-8").read(), re.S)
if not m:
    sys.exit("FAIL: the page did not finish loading (no probe result)")
r = json.loads(html.unescape(m.group(1)))
print("report.html in Chromium:", json.dumps(r))
want = ["Before and after post-training (Table 4)", "STS (Table 1): Spearman x 100",
        "Ablations (Table 3): one row per training arm", "Ranking lists (Fig. 1, Table 5)",
        "Training curves", "Environment"]
missing = [w for w in want if w not in r["headings"]]
if r["errors"] or r["broken"] or r["images"] < 3 or r["tables"] < 6 or missing:
    sys.exit(f"FAIL: errors {r['errors']}, broken images {r['broken']} of {r['images']}, "
             f"tables {r['tables']}, missing sections {missing}")
EOF
echo "ok: study run, skip, partial rerun and report checked"
