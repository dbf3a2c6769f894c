"""Look and words of every safetystats figure: palette, zh/en labels, number formats, fonts.

Colours come from Paul Tol's schemes (*Colour Schemes*, SRON/EPS/TN/09-002),
which are built to stay distinct for colour-blind readers **and** when
printed in greyscale: the high-contrast scheme (dark blue, yellow, red) for
up to three series, the medium-contrast scheme (three light/dark pairs) for
up to six.  Roles that must be told apart are also told apart by marker or
line style, never by colour alone.

Numbers follow the language: Chinese axes group by 万 / 亿 (``12万``) and
labels carry the unit (起, 人, 家); English uses thousands separators
(``120,000``).  Rounding for display is exact decimal half-up (四舍五入),
never float ``round()``.

Examples
--------
>>> format_count(124036, lang="zh", unit="人", compact=True)
'12.4万人'
>>> format_count(124036, lang="en")
'124,036'
>>> label("deaths", "zh"), label("deaths", "en")
('死亡人数', 'Deaths')
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from ..errors import ParameterError

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.ticker import Formatter

__all__ = [
    "LANGS",
    "HIGH_CONTRAST",
    "MEDIUM_CONTRAST",
    "ROLE_COLOURS",
    "VERDICT_STYLE",
    "LABELS",
    "UNITS",
    "check_lang",
    "label",
    "unit",
    "series_colours",
    "format_count",
    "format_pct",
    "count_formatter",
    "pct_formatter",
    "rc_params",
    "plot_context",
    "prepare_axes",
    "finish_axes",
]

LANGS = ("zh", "en")

#: Paul Tol's high-contrast scheme (colour-blind safe, readable in greyscale).
HIGH_CONTRAST: tuple[str, ...] = ("#004488", "#DDAA33", "#BB5566")
#: Paul Tol's medium-contrast scheme: light/dark pairs of blue, yellow and red.
MEDIUM_CONTRAST: tuple[str, ...] = ("#004488", "#EECC66", "#994455", "#6699CC", "#997700", "#EE99AA")
#: Hatches that keep bars apart in greyscale when more than three series are drawn.
HATCHES: tuple[str, ...] = ("", "//", "..", "xx", "\\\\", "oo")

#: Colours by role in a figure.
ROLE_COLOURS: dict[str, str] = {
    "observed": "#222222",  # the data: near-black, round markers
    "trend": "#004488",  # fitted trend: dark blue, solid
    "segments": "#BB5566",  # joinpoint segments: red, dashed
    "forecast": "#997700",  # forecast mean: dark yellow, dashed; bands in light yellow
    "band95": "#F3DEA4",
    "band80": "#E4C067",
    "limits": "#BB5566",  # control limits: red, dashed
    "center": "#004488",  # centre line: dark blue, solid
    "break": "#777777",  # breaks / scope changes: grey, dotted
    "reported": "#DDAA33",  # reported percentage: yellow bar
    "recomputed": "#004488",  # recomputed percentage: dark blue bar
    "band": "#BBBBBB",  # rounding band: light grey
    "grid": "#DDDDDD",
    "muted": "#777777",
}

#: verdict -> (colour, marker, zh word, en word).  Markers differ so greyscale prints keep them apart.
VERDICT_STYLE: dict[str, tuple[str, str, str, str]] = {
    "consistent": ("#004488", "o", "一致", "consistent"),
    "consistent_other_rounding": ("#DDAA33", "D", "换一种舍入规则才一致", "consistent under another rounding rule"),
    "inconsistent": ("#BB5566", "X", "不一致", "inconsistent"),
    "wrong_direction": ("#994455", "v", "方向相反", "wrong direction"),
    "percentage_points": ("#6699CC", "s", "应为百分点", "percentage points, not percent"),
    "unverifiable": ("#888888", "P", "无法核对", "unverifiable"),
}

#: People-facing words: key -> (zh, en).
LABELS: dict[str, tuple[str, str]] = {
    # metrics
    "accidents": ("生产安全事故起数", "Accidents"),
    "deaths": ("死亡人数", "Deaths"),
    "injuries": ("受伤人数", "Injuries"),
    "examined": ("考试人数", "People examined"),
    "passed": ("合格人数", "People passed"),
    "certified": ("达标企业数", "Enterprises certified"),
    "audited": ("审计企业数", "Enterprises audited"),
    "value": ("数值", "Value"),
    # axes and legend entries
    "period": ("时期", "Period"),
    "year": ("年份", "Year"),
    "category": ("人员类别", "Category"),
    "level": ("标准化等级", "Standardization level"),
    "level_1": ("一级", "Level 1"),
    "level_2": ("二级", "Level 2"),
    "level_3": ("三级", "Level 3"),
    "observed": ("实际数", "Observed"),
    "missing_years": ("无数据的年份", "No figure for"),
    "trend": ("对数线性趋势", "Log-linear trend"),
    "trend_ci": ("趋势95%置信区间", "Trend 95% CI"),
    "segments": ("连接点分段趋势", "Joinpoint segments"),
    "joinpoint": ("连接点", "Joinpoint"),
    "break": ("口径或政策变化", "Break"),
    "forecast": ("预测值", "Forecast"),
    "band80": ("80%预测区间", "80% prediction interval"),
    "band95": ("95%预测区间", "95% prediction interval"),
    "reported_pct": ("报告的变化率", "Reported change"),
    "recomputed_pct": ("重新计算的变化率", "Recomputed change"),
    "rounding_band": ("四舍五入范围", "Rounding interval"),
    "change_pct": ("同比变化（%）", "Change on previous period (%)"),
    "verdict": ("核对结论", "Verdict"),
    "claim": ("报告中的表述", "Claim"),
    "pct_axis": ("变化率（%）", "Change (%)"),
    "difference": ("与重新计算值之差", "Reported minus recomputed"),
    "sum_claim": ("合计与分项之和", "Total vs sum of parts"),
    "implied_base": ("推算的上年数", "Implied previous value"),
    "center": ("中心线", "Centre line"),
    "limits": ("控制限", "Control limits"),
    "signal": ("异常信号", "Signal"),
    "rate_per": ("每{per}{unit}", "per {per} {unit}"),
    "source": ("资料来源", "Source"),
    "decrease": ("下降", "down"),
    "increase": ("上升", "up"),
    "flat": ("持平", "flat"),
    "total": ("合计", "Total"),
    "parts_sum": ("分项之和", "Sum of parts"),
    "p_value": ("p值", "p-value"),
    # control charts
    "chart_c": ("c 控制图（事故数）", "c chart (counts)"),
    "chart_u": ("u 控制图（率）", "u chart (rates)"),
    "chart_laney_u": ("Laney u′ 控制图", "Laney u′ chart"),
    "chart_g": ("g 控制图（事件间隔）", "g chart (gaps between events)"),
    "gap": ("间隔", "Gap"),
    # figure titles
    "title_counts": ("{metric}变化趋势", "{metric} over time"),
    "title_yoy": ("同比变化：报告值与重新计算值", "Change on previous period: reported vs recomputed"),
    "title_claims": ("报告数字核对一览", "Every claim in the report, checked"),
    "title_training": ("三项岗位人员考试人数（按类别）", "People examined, by category"),
    "title_standardization": ("安全生产标准化达标企业数（按等级）", "Enterprises certified, by standardization level"),
    "title_control": ("{metric}控制图", "Control chart: {metric}"),
}

#: metric -> (zh unit, en unit)
UNITS: dict[str, tuple[str, str]] = {
    "accidents": ("起", "accidents"),
    "deaths": ("人", "deaths"),
    "injuries": ("人", "people"),
    "examined": ("人", "people"),
    "passed": ("人", "people"),
    "certified": ("家", "enterprises"),
    "audited": ("家", "enterprises"),
}


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is ``"zh"`` or ``"en"``, else raise :class:`ParameterError`.

    Examples
    --------
    >>> check_lang("en")
    'en'
    """
    if lang not in LANGS:
        raise ParameterError(f"lang={lang!r} is not supported; use lang='zh' (Chinese) or lang='en' (English)")
    return lang


def label(key: str, lang: str = "zh", **fields: Any) -> str:
    """The people-facing words for ``key`` in ``lang`` (unknown keys are returned as they are).

    Parameters
    ----------
    key : str
        A key of :data:`LABELS` (a metric, axis or title name).
    lang : {"zh", "en"}
        Language.
    **fields
        Values for ``{placeholders}`` in the text.

    Returns
    -------
    str

    Examples
    --------
    >>> label("title_counts", "zh", metric=label("deaths", "zh"))
    '死亡人数变化趋势'
    >>> label("workers_killed", "en")
    'workers_killed'
    """
    check_lang(lang)
    pair = LABELS.get(key)
    text = key if pair is None else pair[0 if lang == "zh" else 1]
    return text.format(**fields) if fields else text


def unit(metric: str, lang: str = "zh") -> str:
    """Unit word for a metric (``起``/``人``/``家`` in Chinese), or ``""`` when unknown.

    Examples
    --------
    >>> unit("accidents", "zh"), unit("accidents", "en")
    ('起', 'accidents')
    """
    check_lang(lang)
    pair = UNITS.get(metric)
    return "" if pair is None else pair[0 if lang == "zh" else 1]


def series_colours(n: int) -> list[tuple[str, str]]:
    """``n`` (colour, hatch) pairs for bars or lines: greyscale- and colour-blind-safe.

    Up to 3 series get Tol's high-contrast scheme, up to 6 the
    medium-contrast scheme; beyond that the six colours repeat with hatches.

    Examples
    --------
    >>> series_colours(2)
    [('#004488', ''), ('#DDAA33', '')]
    """
    if n < 0:
        raise ParameterError(f"n={n} must be 0 or more")
    base = HIGH_CONTRAST if n <= len(HIGH_CONTRAST) else MEDIUM_CONTRAST
    return [(base[i % len(base)], HATCHES[(i // len(base)) % len(HATCHES)]) for i in range(n)]


# ---------------------------------------------------------------------------
# Number formats
# ---------------------------------------------------------------------------
def _decimal(value: float | int | Decimal) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(repr(float(value))) if isinstance(value, float) \
        else Decimal(int(value))


def _fixed(value: Decimal, decimals: int) -> str:
    """Exact half-up rounding to ``decimals`` places, formatted without exponent."""
    q = Decimal(1).scaleb(-decimals)
    return format(value.quantize(q, rounding=ROUND_HALF_UP), "f")


def _trim(text: str) -> str:
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_count(
    value: float | int | Decimal,
    *,
    lang: str = "zh",
    unit: str = "",
    compact: bool = False,
    decimals: int = 0,
) -> str:
    """Format a count (or any number) for people, in Chinese or English.

    Chinese: plain digits (``1407家``); with ``compact=True`` values of 1万 or
    more are written in 万 (10⁴) or 亿 (10⁸) with at most two decimals
    (``12.4万人``).  English: thousands separators (``124,036``); with
    ``compact=True`` thousands and millions become ``k``/``M``
    (``124k``).  The unit is appended in Chinese and separated by a space in
    English.  Rounding is exact decimal half-up.

    Parameters
    ----------
    value : number
        The number.  NaN is written as an em dash.
    lang : {"zh", "en"}
        Language.
    unit : str
        Unit appended to the number.
    compact : bool
        Write large numbers in 万/亿 (zh) or k/M (en).
    decimals : int
        Decimals of a non-compact number.

    Returns
    -------
    str

    Examples
    --------
    >>> format_count(20000, lang="zh", compact=True), format_count(15, lang="zh", unit="家")
    ('2万', '15家')
    >>> format_count(1250000, lang="en", compact=True), format_count(-3.25, lang="en", decimals=1)
    ('1.25M', '−3.3')
    """
    check_lang(lang)
    if value is None or (not isinstance(value, Decimal) and isinstance(value, float) and math.isnan(value)):
        return "—"
    d = _decimal(value)
    sign = "−" if d < 0 else ""
    d = abs(d)
    if compact:
        steps = ((Decimal(10) ** 8, "亿"), (Decimal(10) ** 4, "万")) if lang == "zh" else \
            ((Decimal(10) ** 6, "M"), (Decimal(10) ** 3, "k"))
        for size, word in steps:
            if d >= size:
                text = _trim(_fixed(d / size, 2)) + word
                break
        else:
            text = _trim(_fixed(d, 2))
    else:
        text = _fixed(d, decimals)
        if lang == "en":
            whole, _, frac = text.partition(".")
            text = f"{int(whole):,}" + (f".{frac}" if frac else "")
    if text in ("0", "0万", "0k"):
        sign = ""
    if not unit:
        return sign + text
    return f"{sign}{text}{unit}" if lang == "zh" else f"{sign}{text} {unit}"


def format_pct(value: float | Decimal | None, *, decimals: int = 1, signed: bool = False) -> str:
    """A percentage with exact half-up rounding (``11.25`` -> ``11.3%``).

    Parameters
    ----------
    value : float
        The percentage (11.25 means 11.25%).  NaN gives an em dash.
    decimals : int
        Decimals shown.
    signed : bool
        Show ``+`` for positive values (negative values always get ``−``).

    Returns
    -------
    str

    Examples
    --------
    >>> format_pct(11.25), format_pct(-10.714, decimals=2), format_pct(3, signed=True)
    ('11.3%', '−10.71%', '+3.0%')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    d = _decimal(value)
    text = _fixed(abs(d), decimals)
    zero = Decimal(text) == 0
    sign = "" if zero else ("−" if d < 0 else ("+" if signed else ""))
    return f"{sign}{text}%"


def count_formatter(lang: str = "zh") -> Formatter:
    """A matplotlib tick formatter for counts: ``2万`` (zh) or ``20,000`` (en).

    Examples
    --------
    >>> f = count_formatter("zh")
    >>> f(120000, 0), count_formatter("en")(120000, 0)
    ('12万', '120,000')
    """
    from matplotlib.ticker import FuncFormatter

    check_lang(lang)

    def fmt(x: float, pos: int | None = None) -> str:
        if lang == "zh":
            return format_count(x, lang="zh", compact=abs(x) >= 10_000)
        return format_count(x, lang="en", decimals=0 if float(x).is_integer() else 1)

    return FuncFormatter(fmt)


def pct_formatter(decimals: int = 0) -> Formatter:
    """A matplotlib tick formatter for percentages (``−10%``).

    Examples
    --------
    >>> pct_formatter()(-10, 0)
    '−10%'
    """
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda x, pos=None: format_pct(x, decimals=decimals))


# ---------------------------------------------------------------------------
# matplotlib style
# ---------------------------------------------------------------------------
#: Width of a figure that fills a report column (inches) and the default height.
FIGSIZE = (7.0, 4.2)


def rc_params(lang: str = "zh") -> dict[str, Any]:
    """The rcParams our figures are drawn with (fonts for ``lang``, clean axes).

    Examples
    --------
    >>> rc_params("zh")["font.sans-serif"][0]
    'Noto Sans CJK SC'
    """
    from ..fonts import font_families

    check_lang(lang)
    return {
        "font.family": ["sans-serif"],
        "font.sans-serif": font_families(lang),
        "font.size": 10.0,
        "axes.titlesize": 12.5,
        "axes.titleweight": "normal",  # the CJK font ships one weight
        "axes.titlelocation": "left",
        "axes.labelsize": 10.0,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "axes.grid.axis": "y",
        "axes.axisbelow": True,
        "axes.unicode_minus": True,
        "grid.color": ROLE_COLOURS["grid"],
        "grid.linewidth": 0.8,
        "legend.frameon": False,
        "legend.fontsize": 9.0,
        "xtick.labelsize": 9.0,
        "ytick.labelsize": 9.0,
        "figure.figsize": FIGSIZE,
        "figure.dpi": 100.0,
        "savefig.dpi": 150.0,
        "svg.hashsalt": "safetystats",
        "image.cmap": "cividis",
    }


@contextlib.contextmanager
def plot_context(lang: str = "zh") -> Iterator[None]:
    """Draw with our style for ``lang``; the user's rcParams are restored on exit.

    Examples
    --------
    >>> import matplotlib
    >>> before = list(matplotlib.rcParams["font.sans-serif"])
    >>> with plot_context("zh"):
    ...     matplotlib.rcParams["font.sans-serif"][0]
    'Noto Sans CJK SC'
    >>> matplotlib.rcParams["font.sans-serif"] == before
    True
    """
    import matplotlib

    with matplotlib.rc_context(rc_params(lang)):
        yield


def prepare_axes(ax: Axes | None, *, figsize: Sequence[float] | None = None) -> Axes:
    """Return ``ax``, or a new figure's axes (constrained layout) when it is ``None``."""
    import matplotlib.pyplot as plt

    if ax is not None:
        return ax
    fig = plt.figure(figsize=tuple(figsize) if figsize is not None else FIGSIZE, layout="constrained")
    return fig.add_subplot()


def finish_axes(ax: Axes, *, lang: str, legend: bool = False, ncol: int | None = None) -> Axes:
    """Give every text on ``ax`` the font list of ``lang``; optionally add the legend below the axis.

    Setting the fonts on every text (ticks, labels, title, notes) makes
    Chinese render also on axes the user created before calling us, whose
    tick labels were made with their own font settings.  The legend, when
    asked for, goes below the x axis, outside the data area.
    """
    from matplotlib.text import Text

    from ..fonts import font_families
    from ._common import legend_below

    families = font_families(lang)
    for text in ax.findobj(Text):
        text.set_fontfamily(families)
    if legend:
        legend_below(ax, ncol=ncol)
        leg = ax.get_legend()
        if leg is not None:
            for text in [*leg.get_texts(), leg.get_title()]:
                text.set_fontfamily(families)
    return ax
