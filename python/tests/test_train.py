"""A model that ranksent.train writes loads in sentence-transformers as it is,
and embeds there as ranksent.Encoder embeds it (MiniLM; MPNet when its tier
is installed); training moves the weights."""
import numpy as np
import pytest

import ranksent
from conftest import ROOT, model_path

LISTS = ROOT / "docs/results/order-study/directional.jsonl"
PROBE = ["A man is playing a guitar.", "A chef cooks pasta.", "The stock market fell sharply today."]


@pytest.mark.parametrize("tier", ["all-minilm-l6-v2", "all-mpnet-base-v2"])
def test_trained_model_loads_in_sentence_transformers(tier, data_dir, tmp_path):
    model_path(tier)
    st = pytest.importorskip("sentence_transformers")
    out = ranksent.train(str(LISTS), str(tmp_path / "model"), student=tier, max_steps=2, eval_every=0,
                         data=str(data_dir), progress=False, lr=1e-4)
    assert out == str(tmp_path / "model")
    ours = ranksent.Encoder(out, dtype="float32").encode(PROBE)
    theirs = st.SentenceTransformer(out, device="cpu").encode(PROBE)
    assert np.abs(ours - theirs).max() <= 1e-5
    before = ranksent.Encoder(tier, dtype="float32").encode(PROBE)
    assert np.abs(ours - before).max() > 1e-4  # two steps at lr 1e-4 move the embeddings
