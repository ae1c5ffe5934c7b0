"""The bad-input table of docs/robustness.md through Python: wrong types, an
empty list, bytes that are not UTF-8, a missing or half-installed model, a
bad option value: a clear exception naming the field or file, nothing
half-written."""
import json
import math
import shutil

import pytest

import ranksent
from conftest import ROOT, model_path


def test_wrong_types(minilm):
    with pytest.raises(TypeError, match=r"sentences: expected a sequence of str, got int"):
        minilm.encode(123)
    with pytest.raises(TypeError, match=r"sentences\[1\]: expected str or UTF-8 bytes, got int"):
        minilm.encode(["fine", 7])


def test_empty_list(minilm):
    with pytest.raises(ranksent.OptionError, match=r"sentences: no sentences") as e:
        minilm.encode([])
    assert e.value.field == "sentences"
    assert isinstance(e.value, ValueError)


def test_bytes_that_are_not_utf8(minilm):
    with pytest.raises(ranksent.OptionError, match=r"sentences\[1\]: bytes that are not UTF-8 \(byte 2\)"):
        minilm.encode(["ok", b"ab\xff"])
    # UTF-8 bytes are sentences like str.
    assert (minilm.encode([b"caf\xc3\xa9"]) == minilm.encode(["café"])).all()


def test_lone_surrogate(minilm):
    with pytest.raises(ranksent.OptionError, match=r"sentences\[0\]: a str that is not valid Unicode"):
        minilm.encode([b"ab\xff".decode("utf-8", "surrogateescape")])


def test_bad_option_values(minilm):
    with pytest.raises(ranksent.OptionError, match=r"dtype: unknown value 'fp8' \(auto \| float32 \| bfloat16 \| float16\)"):
        ranksent.Encoder("all-minilm-l6-v2", dtype="fp8")
    with pytest.raises(ranksent.OptionError, match=r"pooling: unknown value 'max'"):
        minilm.encode(["x"], pooling="max")
    with pytest.raises(ranksent.OptionError, match=r"batch_size: must be >= 1"):
        minilm.encode(["x"], batch_size=0)
    with pytest.raises(ranksent.OptionError, match=r"decoding.lambda: must be a number >= 0") as e:
        ranksent.generate(["A dog runs."], model="smollm2-135m", lam=-1.0)
    assert e.value.field == "decoding.lambda"
    with pytest.raises(ranksent.OptionError, match=r"strategy: unknown value 'greedy'"):
        ranksent.generate(["A dog runs."], strategy="greedy")


def test_missing_model(tmp_path):
    with pytest.raises(ranksent.InputError, match=str(tmp_path / "nowhere")):
        ranksent.Encoder(str(tmp_path / "nowhere"))


def test_half_installed_model(tmp_path):
    src = model_path("all-minilm-l6-v2")
    half = tmp_path / "half"
    shutil.copytree(src, half)
    (half / "model.safetensors").unlink()
    with pytest.raises(ranksent.InputError) as e:
        ranksent.Encoder(str(half))
    assert str(half) in str(e.value)


def test_train_numbers_and_nothing_half_written(tmp_path):
    lists = tmp_path / "lists.jsonl"
    out = tmp_path / "model"
    with pytest.raises(ranksent.OptionError, match=r"loss.omega: must be a number >= 0"):
        ranksent.train(str(ROOT / "docs/results/order-study/directional.jsonl"), str(out), omega=math.nan)
    lists.write_text('{"id": 1, "seed": "x", "sentences": ["x", "y"]\n', encoding="utf-8")  # torn JSON
    with pytest.raises(ranksent.InputError, match=r"lists.jsonl"):
        ranksent.train(str(lists), str(out), progress=False)
    assert not out.exists()


def test_generate_empty_seeds():
    with pytest.raises(ranksent.OptionError, match=r"seeds: no sentences"):
        ranksent.generate([])


def test_read_lists_names_file_and_line(tmp_path):
    f = tmp_path / "l.jsonl"
    f.write_text(json.dumps({"id": 1, "seed": "a", "sentences": ["a", "b"], "strategy": "directional"}) + "\nnot json\n")
    with pytest.raises(ranksent.InputError) as e:
        ranksent.read_lists(str(f))
    assert e.value.file == str(f) and e.value.line == 2


def test_nul_in_a_seed():
    # The prompt reaches llama.cpp as a C string, which a NUL would cut short.
    with pytest.raises(ranksent.OptionError, match=r"seeds\[1\]: NUL byte at byte 5"):
        ranksent.generate(["fine", "A man\0is playing."], model="smollm2-135m")
