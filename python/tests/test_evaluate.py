"""ranksent.evaluate returns what `ranksent eval --json` writes."""
import json

import pytest

import ranksent
from conftest import model_path, run_cli


def test_same_scores_as_the_cli(cli, data_dir, tmp_path):
    model_path("all-minilm-l6-v2")
    py = ranksent.evaluate("all-minilm-l6-v2", tasks="STSBenchmark,SICKRelatedness", data=str(data_dir), dtype="float32")
    out = tmp_path / "r.json"
    run_cli(cli, "eval", "--model", "all-minilm-l6-v2", "--tasks", "STSBenchmark,SICKRelatedness", "--data",
            str(data_dir), "--dtype", "float32", "--output", str(out), "--quiet")
    ref = json.loads(out.read_text())
    for task in ("STSBenchmark", "SICKRelatedness"):
        assert py["sts"][task]["spearman"] == ref["sts"][task]["spearman"]
    # all-MiniLM-L6-v2 on STS-B test: 82.03 (sentence-transformers' model card).
    assert 81.5 < py["sts"]["STSBenchmark"]["spearman"] < 82.5
