"""ranksent.Encoder against sentence-transformers (the reference) and against
`ranksent encode` (the same C++ arithmetic, so bit for bit)."""
import numpy as np
import pytest

import ranksent
from conftest import model_path, run_cli

SENTENCES = [
    "A man is playing a guitar.",
    "Someone plays an instrument on a stage.",
    "A woman is slicing an onion in the kitchen.",
    "The cat sleeps.",
    "Three children run across a wide, sunny field while their dog chases a red ball.",
    "",
]


@pytest.mark.parametrize("tier", ["all-minilm-l6-v2", "all-mpnet-base-v2"])
def test_matches_sentence_transformers(tier):
    path = model_path(tier)
    st = pytest.importorskip("sentence_transformers")
    ref = st.SentenceTransformer(str(path), device="cpu").encode(SENTENCES, batch_size=32)
    got = ranksent.Encoder(tier, dtype="float32").encode(SENTENCES, batch_size=32)
    assert got.dtype == np.float32 and got.shape == ref.shape
    assert np.abs(got - ref).max() <= 1e-5


def test_one_string_gives_one_vector(minilm):
    batch = minilm.encode(SENTENCES)
    one = minilm.encode(SENTENCES[2])
    assert one.shape == (minilm.dim,) and batch.shape == (len(SENTENCES), minilm.dim)
    # Batches are formed from length-sorted sentences: padding differs, values barely.
    assert np.abs(one - batch[2]).max() <= 1e-5


def test_result_owns_no_copy_and_is_c_contiguous(minilm):
    e = minilm.encode(SENTENCES)
    assert e.flags.c_contiguous and e.flags.writeable
    assert not e.flags.owndata  # the C++ vector is the array's memory (held by a capsule)


@pytest.mark.parametrize("dtype", ["float32", "auto"])
def test_equals_the_cli_bit_for_bit(cli, tmp_path, dtype):
    model_path("all-minilm-l6-v2")
    text = tmp_path / "s.txt"
    text.write_text("\n".join(SENTENCES) + "\n", encoding="utf-8")
    run_cli(cli, "encode", "--model", "all-minilm-l6-v2", "--input", str(text), "--output", str(tmp_path / "e.npy"),
            "--dtype", dtype, "--batch-size", "4")
    cli_e = np.load(tmp_path / "e.npy")
    py_e = ranksent.Encoder("all-minilm-l6-v2", dtype=dtype).encode(SENTENCES, batch_size=4)
    assert np.array_equal(cli_e, py_e)


def test_normalize(minilm):
    e = minilm.encode(SENTENCES[:3], normalize=True)
    assert np.allclose(np.linalg.norm(e, axis=1), 1.0, atol=1e-6)


def test_properties(minilm):
    assert minilm.dim == 384
    assert minilm.dtype == "float32"
    assert minilm.device == "cpu"
    assert minilm.pooling == "mean"
    assert "all-MiniLM-L6-v2" in repr(minilm)
