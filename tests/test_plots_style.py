"""Palette (colour-blind and greyscale checks), labels and number formats."""

from __future__ import annotations

import re

import matplotlib
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from safetystats.errors import ParameterError
from safetystats.plots import style
from safetystats.plots.style import format_count, format_pct, label

# --- colour science written out (sRGB -> linear -> XYZ D65 -> CIELAB), IEC 61966-2-1 and CIE 15 --------------
_M_XYZ = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
_WHITE = np.array([0.95047, 1.0, 1.08883])
# Machado, Oliveira & Fernandes (2009), "A physiologically-based model for simulation of color vision
# deficiency", IEEE TVCG 15(6); matrices for severity 1.0, applied to linear RGB.
MACHADO = {
    "protanopia": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}


def _linear(hex_colour: str) -> np.ndarray:
    c = np.array([int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)])
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab(linear_rgb: np.ndarray) -> np.ndarray:
    xyz = _M_XYZ @ np.clip(linear_rgb, 0, 1) / _WHITE
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def test_lab_formula_matches_known_values():
    # CIE L* of sRGB mid grey #777777 is 50.03 and of pure white 100 (published sRGB/Lab conversion tables).
    assert _lab(_linear("#777777"))[0] == pytest.approx(50.03, abs=0.05)
    assert _lab(_linear("#FFFFFF"))[0] == pytest.approx(100.0, abs=1e-6)


def test_high_contrast_scheme_is_tol_and_prints_in_greyscale():
    assert style.HIGH_CONTRAST == ("#004488", "#DDAA33", "#BB5566")  # Tol, SRON/EPS/TN/09-002, "high-contrast"
    lightness = sorted(_lab(_linear(c))[0] for c in style.HIGH_CONTRAST)
    assert min(np.diff(lightness)) > 15  # three clearly different greys


@pytest.mark.parametrize("deficiency", sorted(MACHADO))
def test_series_colours_stay_apart_for_colour_blind_readers(deficiency):
    for n in (2, 3):
        colours = [c for c, _ in style.series_colours(n)]
        labs = [_lab(MACHADO[deficiency] @ _linear(c)) for c in colours]
        dists = [np.linalg.norm(a - b) for i, a in enumerate(labs) for b in labs[i + 1:]]
        assert min(dists) > 20, (deficiency, n, dists)


def test_medium_contrast_pairs_differ_in_lightness_and_more_series_get_hatches():
    light = {c: _lab(_linear(c))[0] for c in style.MEDIUM_CONTRAST}
    # the scheme is three light/dark pairs: each dark member is at least 20 L* darker than its light partner
    for dark, pale in (("#004488", "#6699CC"), ("#997700", "#EECC66"), ("#994455", "#EE99AA")):
        assert light[pale] - light[dark] > 20
    pairs = style.series_colours(8)
    assert len(set(pairs)) == 8 and pairs[6][1] != ""


def test_verdicts_differ_by_marker_not_only_colour():
    markers = [m for _, m, _, _ in style.VERDICT_STYLE.values()]
    assert len(set(markers)) == len(markers)


def test_every_label_has_both_languages():
    for key, (zh, en) in style.LABELS.items():
        assert zh and en, key
        assert set(re.findall(r"{(\w+)}", zh)) == set(re.findall(r"{(\w+)}", en)), key
    with pytest.raises(ParameterError, match="lang='zh'"):
        label("deaths", "fr")


# --- number formats: hand-worked expectations ---------------------------------------------------------------
@pytest.mark.parametrize(("value", "lang", "kwargs", "expected"), [
    (124036, "zh", {"unit": "人", "compact": True}, "12.4万人"),  # 12.4036万 -> 12.40 -> trailing zero dropped
    (12350, "zh", {"compact": True}, "1.24万"),  # 1.235万, half-up -> 1.24 (half-even would give 1.24 too)
    (12345, "zh", {"compact": True}, "1.23万"),
    (20000, "zh", {"compact": True}, "2万"),
    (150_000_000, "zh", {"compact": True}, "1.5亿"),
    (9999, "zh", {"compact": True}, "9999"),
    (1407, "zh", {"unit": "家"}, "1407家"),
    (124036, "en", {}, "124,036"),
    (124036, "en", {"unit": "people"}, "124,036 people"),
    (1_250_000, "en", {"compact": True}, "1.25M"),
    (2.5, "en", {}, "3"),  # half-up, where Python's round(2.5) gives 2
    (0.125, "en", {"decimals": 2}, "0.13"),  # decimal half-up on the written value; float round gives 0.12
    (-3.25, "zh", {"decimals": 1}, "−3.3"),
    (float("nan"), "zh", {}, "—"),
])
def test_format_count(value, lang, kwargs, expected):
    assert format_count(value, lang=lang, **kwargs) == expected


def test_format_pct_rounds_half_up_like_the_report():
    # 71 vs 80: 9/80 = 11.25% exactly; 四舍五入 gives 11.3 while Python's round(11.25, 1) gives 11.2
    assert round(11.25, 1) == 11.2
    assert format_pct(100 * 9 / 80) == "11.3%"
    assert format_pct(-100 * 6 / 56, decimals=2) == "−10.71%"  # 10.714285…
    assert format_pct(0.0, signed=True) == "0.0%"
    assert format_pct(float("nan")) == "—"


@given(st.integers(min_value=0, max_value=10**12))
def test_plain_formats_keep_every_digit(n):
    assert format_count(n, lang="en").replace(",", "") == str(n)
    assert format_count(n, lang="zh") == str(n)


@given(st.integers(min_value=10_000, max_value=10**11))
def test_compact_chinese_is_within_half_a_display_unit(n):
    text = format_count(n, lang="zh", compact=True)
    m = re.fullmatch(r"(\d+(?:\.\d{1,2})?)(万|亿)", text)
    assert m, text
    scale = 10**4 if m.group(2) == "万" else 10**8
    assert abs(float(m.group(1)) * scale - n) <= 0.005 * scale + 1e-6 * scale


def test_tick_formatters():
    assert style.count_formatter("zh")(60000, 0) == "6万"
    assert style.count_formatter("zh")(5000, 0) == "5000"
    assert style.count_formatter("en")(60000, 0) == "60,000"
    assert style.pct_formatter()(-12, 0) == "−12%"


def test_plot_context_restores_the_users_settings():
    before = dict(matplotlib.rcParams)
    with style.plot_context("zh"):
        assert matplotlib.rcParams["font.sans-serif"][0] == "Noto Sans CJK SC"
    assert dict(matplotlib.rcParams) == before
