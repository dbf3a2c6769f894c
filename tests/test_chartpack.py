"""The chart pack: complete, reproducible, atomic, careful with existing folders; the CLI."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from safetystats.chartpack import build_chartpack, is_chartpack
from safetystats.cli import main
from safetystats.errors import InputError, InsufficientDataError, ParameterError, SafetyStatsError


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def pack_zh(tmp_path_factory) -> Path:
    return build_chartpack(tmp_path_factory.mktemp("zh") / "pack", lang="zh", dpi=50, progress=False, forecast_model="drift")


def test_bundled_pack_is_complete_and_the_manifest_is_true(pack_zh):
    files = _files(pack_zh)
    manifest = json.loads(files.pop("manifest.json"))
    assert manifest["generator"] == "safetystats chartpack" and manifest["lang"] == "zh" and manifest["dpi"] == 50
    listed = {f["path"]: f for f in manifest["files"]}
    assert set(listed) == set(files)  # every file listed, nothing listed that is not there
    for path, data in files.items():
        assert listed[path]["sha256"] == hashlib.sha256(data).hexdigest(), path
    figures = [p for p in files if p.startswith("figures/")]
    assert len(figures) >= 5 and all(p.endswith(".png") for p in figures)
    for needed in ("suzhou_training", "suzhou_standardization", "china_deaths", "us_deaths", "gb_deaths",
                   "us_deaths_yoy", "gb_deaths_control", "suzhou_yoy", "suzhou_claims"):
        assert any(needed in p for p in figures), needed
    for f in manifest["files"]:
        assert f["title"] and (f["kind"] == "index" or f["source"])
    tables = {p.rsplit(".", 1)[0] for p in files if p.startswith("tables/")}
    for stem in tables:
        assert {f"{stem}.{ext}" for ext in ("csv", "md", "html", "xlsx")} <= set(files)
    assert all(files[p].startswith(b"\xef\xbb\xbf") for p in files if p.endswith(".csv"))
    for src in manifest["inputs"]:
        assert len(src["sha256"]) == 64
    index = files["index.html"].decode("utf-8")
    assert '<html lang="zh-CN">' in index
    for p in figures:
        assert f'src="{p}"' in index
    assert "2016年起统计口径调整" in index  # the China scope change is stated


def test_two_runs_give_identical_bytes(pack_zh, tmp_path):
    again = build_chartpack(tmp_path / "again", lang="zh", dpi=50, progress=False, forecast_model="drift")
    assert _files(again) == _files(pack_zh)


def test_english_pack(tmp_path):
    out = build_chartpack(tmp_path / "en", lang="en", dpi=50, progress=False, forecast_model="drift")
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in index and "Figure 1" in index
    md = (out / "tables" / "02_suzhou_training.md").read_text(encoding="utf-8")
    assert "special operations workers" in md


def test_existing_folders(tmp_path):
    out = tmp_path / "pack"
    (out / "old").mkdir(parents=True)
    (out / "old" / "notes.txt").write_text("mine")
    with pytest.raises(InputError, match="not a safetystats chart pack"):
        build_chartpack(out, lang="en", data=[_training_csv(tmp_path)], dpi=50, progress=False, forecast_model="drift")
    assert (out / "old" / "notes.txt").read_text() == "mine"  # untouched
    build_chartpack(out, lang="en", data=[_training_csv(tmp_path)], dpi=50, progress=False, force=True,
                    forecast_model="drift")
    assert is_chartpack(out) and not (out / "old").exists()
    # a previous chart pack is replaced without force
    build_chartpack(out, lang="zh", data=[_training_csv(tmp_path)], dpi=50, progress=False, forecast_model="drift")
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["lang"] == "zh"
    empty = tmp_path / "empty"
    empty.mkdir()
    build_chartpack(empty, lang="en", data=[_training_csv(tmp_path)], dpi=50, progress=False, forecast_model="drift")
    assert is_chartpack(empty)
    afile = tmp_path / "afile"
    afile.write_text("x")
    with pytest.raises(InputError, match="is a file"):
        build_chartpack(afile, lang="en", dpi=50, progress=False, force=True,
                    forecast_model="drift")
    assert [p.name for p in tmp_path.iterdir() if ".tmp-" in p.name or ".old-" in p.name] == []


def test_a_failure_leaves_no_partial_pack(tmp_path, monkeypatch):
    import safetystats.plots as plots

    out = tmp_path / "pack"
    build_chartpack(out, lang="en", data=[_training_csv(tmp_path)], dpi=50, progress=False, forecast_model="drift")
    before = _files(out)

    def boom(*args, **kwargs):
        raise RuntimeError("drawing failed")

    monkeypatch.setattr(plots, "plot_training", boom)
    with pytest.raises(RuntimeError, match="drawing failed"):
        build_chartpack(out, lang="zh", data=[_training_csv(tmp_path)], dpi=50, progress=False, forecast_model="drift")
    assert _files(out) == before  # the previous pack is intact
    with pytest.raises(RuntimeError):
        build_chartpack(tmp_path / "new", lang="zh", data=[_training_csv(tmp_path)], dpi=50, progress=False, forecast_model="drift")
    assert not (tmp_path / "new").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pack", "training.csv"]


def test_no_permission_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "access", lambda *a, **k: False)
    with pytest.raises(InputError, match="no permission to write"):
        build_chartpack(tmp_path / "pack", lang="en", dpi=50, progress=False, forecast_model="drift")
    assert not (tmp_path / "pack").exists()


def _training_csv(folder: Path) -> Path:
    path = folder / "training.csv"
    pd.DataFrame({"年份": ["2023", "2023"], "类别": ["特种作业人员", "主要负责人和安管人员"],
                  "考试人数": [110523, 13513]}).to_csv(path, index=False, encoding="utf-8-sig")
    return path


def _accidents_csv(folder: Path, deaths=None, periods=None) -> Path:
    periods = periods or [str(y) for y in range(2014, 2024)]
    deaths = deaths if deaths is not None else [96, 90, 85, 83, 76, 71, 69, 62, 56, 50]
    acc = [2 * d for d in deaths]
    path = folder / "acc.csv"
    pd.DataFrame({"地区": ["甲市"] * len(periods), "年份": periods, "事故起数": acc, "死亡人数": deaths}).to_csv(
        path, index=False, encoding="utf-8-sig")
    return path


def test_pack_from_a_users_file(tmp_path):
    out = build_chartpack(tmp_path / "pack", lang="zh", data=[_accidents_csv(tmp_path)], dpi=50, progress=False, forecast_model="drift")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    figs = [f["path"] for f in manifest["files"] if f["kind"] == "figure"]
    assert {"figures/01_00_accidents.png", "figures/01_00_deaths.png", "figures/01_00_deaths_control.png"} <= set(figs)
    assert manifest["inputs"][0]["name"] == "acc.csv"
    assert manifest["inputs"][0]["sha256"] == hashlib.sha256((tmp_path / "acc.csv").read_bytes()).hexdigest()
    caption = next(f["caption"] for f in manifest["files"] if f["path"] == "figures/01_00_deaths.png")
    assert "年均变化" in caption and "预测依据 2014–2023" in caption


@pytest.mark.parametrize(("deaths", "periods", "error", "match"), [
    ([50], ["2023"], InsufficientDataError, "a single year"),
    ([0, 0, 0, 0], ["2020", "2021", "2022", "2023"], InputError, "every accidents value in acc.csv is 0"),
])
def test_bad_data_gives_a_clear_error_and_no_pack(tmp_path, deaths, periods, error, match):
    with pytest.raises(error, match=match):
        build_chartpack(tmp_path / "pack", lang="zh", data=[_accidents_csv(tmp_path, deaths, periods)], dpi=50,
                        progress=False)
    assert not (tmp_path / "pack").exists()


def test_empty_and_nan_files(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("年份,死亡人数\n", encoding="utf-8")
    with pytest.raises(SafetyStatsError):
        build_chartpack(tmp_path / "p1", data=[empty], dpi=50, progress=False, forecast_model="drift")
    nan = tmp_path / "nan.csv"
    nan.write_text("年份,死亡人数\n2021,5\n2022,\n2023,4\n", encoding="utf-8")
    with pytest.raises(SafetyStatsError):
        build_chartpack(tmp_path / "p2", data=[nan], dpi=50, progress=False, forecast_model="drift")
    assert not (tmp_path / "p1").exists() and not (tmp_path / "p2").exists()


def test_arguments_are_checked(tmp_path):
    with pytest.raises(ParameterError, match="dpi"):
        build_chartpack(tmp_path / "p", dpi=10)
    with pytest.raises(ParameterError, match="lang"):
        build_chartpack(tmp_path / "p", lang="fr")
    with pytest.raises(ParameterError, match="forecast_model='magic'"):
        build_chartpack(tmp_path / "p", forecast_model="magic")
    with pytest.raises(InputError, match="no such file"):
        build_chartpack(tmp_path / "p", data=[tmp_path / "missing.csv"])
    with pytest.raises(InputError, match="no data given"):
        build_chartpack(tmp_path / "p", data=[])


def test_progress_bar_only_when_asked_or_on_a_terminal(tmp_path):
    import io

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    quiet, tty = io.StringIO(), Tty()
    build_chartpack(tmp_path / "a", lang="en", data=[_training_csv(tmp_path)], dpi=50, stream=quiet, forecast_model="drift")
    build_chartpack(tmp_path / "b", lang="en", data=[_training_csv(tmp_path)], dpi=50, stream=tty, forecast_model="drift")
    assert quiet.getvalue() == ""
    assert "[" in tty.getvalue() and tty.getvalue().endswith("\n")


def test_cli(tmp_path, capsys):
    csv = _accidents_csv(tmp_path)
    assert main(["chartpack", str(csv), "--out", str(tmp_path / "pack"), "--lang", "en", "--dpi", "50",
                 "--forecast-model", "drift"]) == 0
    out = capsys.readouterr()
    assert "chart pack written to" in out.out and out.err == ""  # not a terminal: no progress bar
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "a.txt").write_text("x")
    assert main(["chartpack", str(csv), "--out", str(tmp_path / "mine")]) == 2
    err = capsys.readouterr().err
    assert "not a safetystats chart pack" in err and "Traceback" not in err
    assert main(["chartpack", str(csv), "--out", str(tmp_path / "mine"), "--force", "--dpi", "50",
                 "--forecast-model", "naive"]) == 0
    one = _accidents_csv(tmp_path, [50], ["2023"])
    assert main(["chartpack", str(one), "--out", str(tmp_path / "x")]) == 2
    assert "single year" in capsys.readouterr().err
    assert np.isfinite(1.0)
