"""Shared fixtures of the Python package's tests: the `ranksent` program
(RANKSENT_BIN, set by ctest), the evaluation data (RANKSENT_DATA, else
../shared/data beside the checkout) and the models of the cache; a test whose
needs are absent skips and says which."""
import os
import pathlib
import subprocess

import pytest

import ranksent

ROOT = pathlib.Path(__file__).resolve().parents[2]


def cache_dir() -> pathlib.Path:
    return pathlib.Path(os.environ.get("RANKSENT_CACHE") or pathlib.Path.home() / ".cache" / "ranksent")


@pytest.fixture(scope="session")
def cli() -> str:
    program = os.environ.get("RANKSENT_BIN")
    if not program or not os.access(program, os.X_OK):
        pytest.skip("skipped: needs the ranksent program (RANKSENT_BIN)")
    return program


@pytest.fixture(scope="session")
def data_dir() -> pathlib.Path:
    d = pathlib.Path(os.environ.get("RANKSENT_DATA") or ROOT.parent / "shared" / "data")
    if not (d / "STSBenchmark").is_dir():
        pytest.skip(f"skipped: needs the evaluation data ({d})")
    return d


def model_path(tier: str) -> pathlib.Path:
    """An installed model's path, else the test skips naming the tier."""
    names = {
        "all-minilm-l6-v2": "all-MiniLM-L6-v2",
        "all-mpnet-base-v2": "all-mpnet-base-v2",
        "smollm2-135m": "SmolLM2-135M-Instruct.Q4_1.gguf",
    }
    p = cache_dir() / "models" / names[tier]
    if not p.exists():
        pytest.skip(f"skipped: needs the model {tier} ({p})")
    return p


def run_cli(cli: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([cli, *args], capture_output=True, text=True, check=True)


@pytest.fixture(scope="session")
def minilm() -> "ranksent.Encoder":
    model_path("all-minilm-l6-v2")
    return ranksent.Encoder("all-minilm-l6-v2", dtype="float32")
