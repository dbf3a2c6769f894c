"""The CJK font lookup, registration without touching rcParams, and the tofu guard."""

from __future__ import annotations

import io
import sys
import tomllib
import types
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import pytest

from safetystats import fonts
from safetystats.fonts import (
    FONT_PACKAGES,
    FontNotFoundError,
    cjk_font,
    font_families,
    register_cjk_font,
    use_chinese_font,
)

ROOT = Path(__file__).resolve().parents[1]


def test_bundled_font_is_found():
    font = cjk_font()
    assert font.package == "noto-cjk-sans-otc"
    assert font.path.is_file() and font.path.suffix == ".ttc"
    assert font.family == "Noto Sans CJK SC"


def test_fallback_package_is_used_when_the_first_is_missing(monkeypatch, tmp_path):
    otf = tmp_path / "NotoSansSC-Regular.otf"
    otf.write_bytes(b"not really a font, only its path is looked up")
    fake = types.ModuleType("pylopdf_fonts_zh_cn")
    fake.sans_path = lambda: otf
    monkeypatch.setitem(sys.modules, "pylopdf_fonts_zh_cn", fake)
    packages = (("noto-cjk-sans-otc", "safetystats_no_such_module_xyz", "FONT_PATH", "Noto Sans CJK SC"),
                FONT_PACKAGES[1])
    font = fonts._locate(packages)
    assert font.package == "pylopdf-fonts-zh-cn"
    assert font.path == otf and font.family == "Noto Sans SC"


def test_no_font_package_gives_an_error_naming_both():
    packages = (("noto-cjk-sans-otc", "safetystats_missing_a", "FONT_PATH", "Noto Sans CJK SC"),
                ("pylopdf-fonts-zh-cn", "safetystats_missing_b", "sans_path()", "Noto Sans SC"))
    with pytest.raises(FontNotFoundError) as err:
        fonts._locate(packages)
    text = str(err.value)
    assert "noto-cjk-sans-otc" in text and "pylopdf-fonts-zh-cn" in text and "pip install" in text


def test_registering_and_plotting_leave_rcparams_alone():
    from safetystats.plots import plot_training

    before = dict(matplotlib.rcParams)
    register_cjk_font()
    import pandas as pd

    plot_training(pd.DataFrame({"period": ["2023"], "category": ["特种作业人员"], "examined": [5]}), lang="zh")
    after = dict(matplotlib.rcParams)
    assert after == before


def test_use_chinese_font_is_an_opt_in_that_changes_defaults():
    with matplotlib.rc_context():
        family = use_chinese_font()
        assert matplotlib.rcParams["font.sans-serif"][0] == family
        fig, ax = plt.subplots()
        ax.set_title("生产安全事故")  # no font given: the defaults must now render it
        fig.savefig(io.BytesIO(), format="png")


def test_pytest_config_turns_missing_glyphs_into_errors():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    filters = config["tool"]["pytest"]["ini_options"]["filterwarnings"]
    assert "error:Glyph .* missing from font:UserWarning" in filters
    fig, ax = plt.subplots()
    ax.set_title("\ue000", fontfamily=font_families("zh"))  # a private-use code point no font has
    with pytest.raises(UserWarning, match="Glyph .* missing from font"):
        fig.savefig(io.BytesIO(), format="png")


def _package_chinese_strings() -> list[str]:
    from safetystats import tables
    from safetystats.plots import style

    texts = [zh for zh, _ in style.LABELS.values()]
    texts += [v[2] for v in style.VERDICT_STYLE.values()]
    texts += [zh for zh, _ in style.UNITS.values()]
    texts += [zh for zh, _ in tables.COLUMN_LABELS.values()]
    texts += [zh for words in tables._WORDS.values() for zh, _ in words.values()]
    texts += ["万", "亿", "年", "合计", "另", "：", "，", "；", "（", "）", "、", "−"]
    for mod in ("safetystats.chartpack",):
        try:
            m = __import__(mod, fromlist=["_"])
        except ImportError:
            continue
        texts += list(getattr(m, "CHINESE_TEXT", ()))
    return [t for t in texts if any(ord(ch) > 0x2E80 for ch in t)]


def test_every_chinese_label_is_in_the_font_cmap():
    from fontTools.ttLib import TTCollection

    font = cjk_font()
    faces = TTCollection(str(font.path)).fonts
    face = next(f for f in faces if any(r.string.decode("utf-16-be", "ignore") == font.family
                                        for r in f["name"].names if r.nameID in (1, 16) and r.platformID == 3))
    cmap = face.getBestCmap()
    chars = {ch for text in _package_chinese_strings() for ch in text if not ch.isspace()}
    missing = sorted(ch for ch in chars if ord(ch) not in cmap)
    assert not missing, f"not in {font.family}: {missing}"


def test_every_chinese_label_renders_without_tofu():
    texts = _package_chinese_strings()
    assert len(texts) > 100
    fig, ax = plt.subplots(figsize=(8, 40))
    for i, text in enumerate(texts):
        ax.text(0, i, text.replace("{", "").replace("}", ""), fontfamily=font_families("zh"))
        ax.text(0.5, i, text.replace("{", "").replace("}", ""), fontfamily=font_families("en"))
    ax.set_ylim(-1, len(texts))
    fig.savefig(io.BytesIO(), format="png", dpi=40)  # a missing glyph raises here (pytest filterwarnings)


def _chinese_literals() -> list[str]:
    """Every string literal with Chinese characters in the presentation modules (read from their source)."""
    import ast

    pkg = ROOT / "safetystats"
    files = [*sorted((pkg / "plots").glob("*.py")), pkg / "chartpack.py", pkg / "tables.py"]
    found = []
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and any("\u4e00" <= ch <= "\u9fff" for ch in node.value):
                found.append(node.value)
    return found


def test_every_chinese_string_in_the_presentation_code_renders():
    texts = sorted(set(_chinese_literals()))
    assert len(texts) > 150
    fig, ax = plt.subplots(figsize=(10, 60))
    for i, text in enumerate(texts):
        ax.text(0, i, text, fontfamily=font_families("zh"))
    ax.set_ylim(-1, len(texts))
    fig.savefig(io.BytesIO(), format="png", dpi=30)  # a missing glyph raises here (pytest filterwarnings)
