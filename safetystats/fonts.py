"""The CJK font that Chinese labels are drawn with, and how matplotlib finds it.

safetystats draws Chinese text with a font that ships inside a Python package,
so nothing is downloaded at run time:

1. ``noto-cjk-sans-otc`` (a dependency of safetystats; OFL-1.1) carries
   ``NotoSansCJK-Regular.ttc``, whose simplified-Chinese face is
   ``Noto Sans CJK SC``;
2. if that package is missing, ``pylopdf-fonts-zh-cn`` (OFL-1.1) with
   ``Noto Sans SC`` is used instead;
3. with neither, :class:`FontNotFoundError` names both packages.

:func:`register_cjk_font` adds the font file to matplotlib's font manager
(it never touches ``rcParams``).  Our plot functions use
:func:`font_families` inside their own style context; a user who wants the
font in *their* figures opts in with :func:`use_chinese_font`.

Examples
--------
>>> cjk_font().family
'Noto Sans CJK SC'
>>> font_families("en")[0]
'DejaVu Sans'
"""

from __future__ import annotations

import functools
import importlib
from dataclasses import dataclass
from pathlib import Path

from .errors import SafetyStatsError

__all__ = ["CJKFont", "FontNotFoundError", "cjk_font", "register_cjk_font", "font_families", "use_chinese_font",
           "FONT_PACKAGES"]

#: (distribution name, import name, how to get the font file, family name of the simplified-Chinese face)
FONT_PACKAGES: tuple[tuple[str, str, str, str], ...] = (
    ("noto-cjk-sans-otc", "noto_cjk_sans_otc", "FONT_PATH", "Noto Sans CJK SC"),
    ("pylopdf-fonts-zh-cn", "pylopdf_fonts_zh_cn", "sans_path()", "Noto Sans SC"),
)

#: matplotlib's bundled sans-serif face, used for Latin text in English figures.
LATIN_FAMILY = "DejaVu Sans"


class FontNotFoundError(SafetyStatsError, RuntimeError):
    """No package providing a simplified-Chinese font is installed."""


@dataclass(frozen=True)
class CJKFont:
    """A simplified-Chinese font file and the family name matplotlib knows it by.

    Attributes
    ----------
    path : pathlib.Path
        The font file (``.ttc`` or ``.otf``).
    family : str
        The family name of its simplified-Chinese face.
    package : str
        The PyPI distribution the file comes from.
    """

    path: Path
    family: str
    package: str


def _locate(packages: tuple[tuple[str, str, str, str], ...] = FONT_PACKAGES) -> CJKFont:
    """Find the first installed font package (no caching; used by tests with a fake list)."""
    for dist, module_name, getter, family in packages:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        if getter.endswith("()"):
            path = Path(str(getattr(module, getter[:-2])()))
        else:
            path = Path(str(getattr(module, getter)))
        if path.is_file():
            return CJKFont(path=path, family=family, package=dist)
    names = " or ".join(f"'{dist}'" for dist, *_ in packages)
    raise FontNotFoundError(
        f"no Chinese font found: safetystats draws Chinese labels with a font from the package {names}, and "
        f"neither is installed (or its font file is missing). Install one, e.g. `pip install {packages[0][0]}`, "
        "or draw with lang='en'."
    )


@functools.cache
def cjk_font() -> CJKFont:
    """The simplified-Chinese font safetystats uses (looked up once).

    Returns
    -------
    CJKFont
        Path, family name and the package it came from.

    Raises
    ------
    FontNotFoundError
        When neither ``noto-cjk-sans-otc`` nor ``pylopdf-fonts-zh-cn`` is
        installed.

    Examples
    --------
    >>> cjk_font().package
    'noto-cjk-sans-otc'
    """
    return _locate()


@functools.cache
def register_cjk_font() -> str:
    """Add the CJK font to matplotlib's font manager; returns its family name.

    Only the font list is extended: ``rcParams`` are left alone, so a user's
    own figures look exactly as before.  Safe to call many times.

    Returns
    -------
    str
        The family name to ask matplotlib for (e.g. ``"Noto Sans CJK SC"``).

    Examples
    --------
    >>> register_cjk_font()
    'Noto Sans CJK SC'
    """
    from matplotlib import font_manager

    font = cjk_font()
    known = {entry.name for entry in font_manager.fontManager.ttflist}
    if font.family not in known:
        font_manager.fontManager.addfont(str(font.path))
    return font.family


def font_families(lang: str = "zh") -> list[str]:
    """The font family list our figures use for ``lang`` (first choice first).

    Chinese figures draw every character with the CJK font (its Latin digits
    match the Chinese text); English figures use matplotlib's DejaVu Sans and
    fall back to the CJK font for any Chinese text in the data (a region name,
    say), so nothing is drawn as an empty box.

    Parameters
    ----------
    lang : {"zh", "en"}
        Language of the figure.

    Returns
    -------
    list of str

    Examples
    --------
    >>> font_families("zh")
    ['Noto Sans CJK SC', 'DejaVu Sans']
    """
    cjk = register_cjk_font()
    return [cjk, LATIN_FAMILY] if lang == "zh" else [LATIN_FAMILY, cjk]


def use_chinese_font() -> str:
    """Opt in: make matplotlib's defaults draw Chinese text (changes ``rcParams``).

    Puts the CJK font first in ``font.sans-serif`` and selects the
    ``sans-serif`` family, so every figure made afterwards in this session
    renders Chinese.  Call ``matplotlib.rcdefaults()`` to undo.

    Returns
    -------
    str
        The family name now first in ``font.sans-serif``.

    Examples
    --------
    >>> import matplotlib
    >>> with matplotlib.rc_context():
    ...     use_chinese_font()
    ...     matplotlib.rcParams["font.sans-serif"][0]
    'Noto Sans CJK SC'
    'Noto Sans CJK SC'
    """
    import matplotlib

    family = register_cjk_font()
    rest = [f for f in matplotlib.rcParams["font.sans-serif"] if f != family]
    matplotlib.rcParams["font.sans-serif"] = [family, *rest]
    matplotlib.rcParams["font.family"] = ["sans-serif"]
    return family
