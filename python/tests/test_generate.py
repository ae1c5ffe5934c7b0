"""ranksent.generate writes the lists `ranksent generate` writes, record for
record; Ctrl-C stops it cleanly and a rerun resumes without losing or
duplicating a list."""
import json
import os
import signal
import subprocess
import sys
import time

import pytest

import ranksent
from conftest import model_path, run_cli

SEEDS = [
    "A man is playing a guitar on the street.",
    "Two dogs run through the snow.",
    "A woman is reading a book in the park.",
]
ARGS = dict(model="smollm2-135m", steps=4, parallel=2, threads=1)
# The paper's decoder (no re-decoding) is 10x faster on the 135M model, whose
# steps often break a rule: the tests of the plumbing use it.
EXACT = dict(ARGS, paper_exact=True)


@pytest.fixture(scope="module")
def exact_lists():
    model_path("smollm2-135m")
    return ranksent.generate(SEEDS, progress=False, **EXACT)


def cli_lists(cli, tmp_path, *extra):
    seeds = tmp_path / "seeds.txt"
    seeds.write_text("\n".join(SEEDS) + "\n", encoding="utf-8")
    out = tmp_path / "cli.jsonl"
    run_cli(cli, "generate", "--seeds", str(seeds), "--output", str(out), "--model", "smollm2-135m", "--steps", "4",
            "--parallel", "2", "--threads", "1", "--quiet", *extra)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]
    return sorted(records, key=lambda r: r["id"])  # the file is in the order lists finished


def test_same_lists_as_the_cli(cli, tmp_path):
    model_path("smollm2-135m")
    py = ranksent.generate(SEEDS, progress=False, **ARGS)
    assert [r["id"] for r in py] == [1, 2, 3]
    assert py == cli_lists(cli, tmp_path)
    for r in py:
        assert r["sentences"][0] == r["seed"] and r["strategy"] == "directional"


def test_paper_exact_same_as_the_cli(cli, tmp_path, exact_lists):
    assert exact_lists == cli_lists(cli, tmp_path, "--paper-exact")
    assert all(r["escape"] == "none" for r in exact_lists)


def test_output_file_and_read_lists(tmp_path, exact_lists):
    out = tmp_path / "lists.jsonl"
    first = ranksent.generate(SEEDS[:2], output=str(out), progress=False, **EXACT)
    in_file = ranksent.read_lists(str(out))  # in the order the lists finished
    assert sorted(in_file, key=lambda r: r["id"]) == first == exact_lists[:2]
    # A rerun with more seeds resumes: the first two are not decoded again.
    again = ranksent.generate(SEEDS, output=str(out), progress=False, **EXACT)
    assert again[:2] == first and len(again) == 3
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3


CHILD = """
import sys, ranksent
seeds = [f"A person number {i} walks a dog along the river." for i in range(24)]
try:
    ranksent.generate(seeds, output=sys.argv[1], model="smollm2-135m", steps=4, parallel=1, threads=1,
                       paper_exact=True, progress=False)
    print("finished")
except KeyboardInterrupt:
    print("interrupted")
"""


def test_ctrl_c_stops_cleanly_and_a_rerun_resumes(tmp_path):
    model_path("smollm2-135m")
    out = tmp_path / "lists.jsonl"
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(out)], stdout=subprocess.PIPE, text=True,
                             env=os.environ.copy())
    deadline = time.time() + 300
    while time.time() < deadline and (not out.exists() or out.stat().st_size == 0):
        time.sleep(0.2)
    child.send_signal(signal.SIGINT)
    stdout, _ = child.communicate(timeout=300)
    assert child.returncode == 0 and stdout.strip() == "interrupted"
    done = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert 1 <= len(done) < 24
    rerun = subprocess.run([sys.executable, "-c", CHILD, str(out)], capture_output=True, text=True, timeout=900)
    assert rerun.stdout.strip() == "finished"
    ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(ids) == list(range(1, 25))  # none lost, none twice


def test_generate_iter_yields_the_same_lists_as_they_finish(tmp_path, exact_lists):
    streamed = list(ranksent.generate_iter(SEEDS, progress=False, **EXACT))
    assert sorted(r["id"] for r in streamed) == [1, 2, 3]
    assert sorted(streamed, key=lambda r: r["id"]) == exact_lists
    # Closed after the first list: the run stops, the file holds whole lists only.
    out = tmp_path / "early.jsonl"
    with ranksent.generate_iter(SEEDS * 4, output=str(out), progress=False, **EXACT) as it:
        first = next(it)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert 1 <= len(lines) < 12 and json.loads(lines[0])["id"] == first["id"]
    assert all(json.loads(line)["sentences"][0] for line in lines)
