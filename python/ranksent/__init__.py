"""ranksent: refine sentence encoders with LLM-written ranking sentences.

A binding of ranksent's C++ API (include/ranksent/api.h); every call runs in
C++ with the GIL released. Example::

    import ranksent
    lists = ranksent.generate(["A man is playing a guitar."], steps=8)
    enc = ranksent.Encoder("all-minilm-l6-v2")
    emb = enc.encode(["A man plays guitar.", "Someone is cooking."])  # (2, 384) float32
"""
import os as _os
import shutil as _shutil
import sysconfig as _sysconfig

# The C++ core links the LibTorch of this torch wheel: loading torch first
# makes both use one copy of it in this process.
import torch as _torch  # noqa: F401

from ._core import (  # noqa: F401
    Encoder,
    InputError,
    OptionError,
    UsageError,
    __version__,
    evaluate,
    generate,
    generate_iter,
    read_lists,
    select,
    train,
)
from ._core import run_study as _run_study

__all__ = [
    "Encoder",
    "InputError",
    "OptionError",
    "UsageError",
    "evaluate",
    "generate",
    "generate_iter",
    "read_lists",
    "run_study",
    "select",
    "train",
]


def run_study(
    file: "str | _os.PathLike[str]",
    output: "str | _os.PathLike[str] | None" = None,
    program: "str | None" = None,
    dry_run: bool = False,
) -> None:
    """Runs a study file (docs/study.md) stage by stage into `output`
    (default: out/NAME); each stage is a child `ranksent` program: `program`,
    else $RANKSENT_BIN, else the `ranksent` that `pip install` put beside this
    interpreter (or on PATH).
    Finished stages are skipped; a failed stage raises RuntimeError."""
    beside = _os.path.join(_sysconfig.get_path("scripts"), "ranksent")
    program = (program or _os.environ.get("RANKSENT_BIN") or (beside if _os.access(beside, _os.X_OK) else None)
               or _shutil.which("ranksent"))
    if not program:
        raise UsageError("run_study: no `ranksent` program found (pass program= or set RANKSENT_BIN)")
    _run_study(str(file), None if output is None else str(output), str(program), dry_run)
