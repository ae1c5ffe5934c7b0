"""ranksent.run_study plans a study as `ranksent run` does (a dry run runs
nothing and writes no stage), and a bad study file is an InputError naming it."""
import pytest

import ranksent
from conftest import ROOT


def test_dry_run_writes_no_stage(cli, data_dir, tmp_path, capfd):
    ranksent.run_study(ROOT / "examples/demo.toml", output=tmp_path / "demo", program=cli, dry_run=True)
    out = capfd.readouterr()
    assert "generate-directional" in out.out + out.err
    assert not (tmp_path / "demo" / "seeds" / "stage.json").exists()


def test_bad_study_file(cli, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\n[[lists]]\nstrategy = "greedy"\n', encoding="utf-8")
    with pytest.raises(ranksent.InputError) as e:
        ranksent.run_study(bad, output=tmp_path / "o", program=cli, dry_run=True)
    assert str(bad) in str(e.value)
