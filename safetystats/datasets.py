"""Bundled data sets.

The data ship inside the package (the repository's top-level ``data/`` folder
is installed as ``safetystats/_data``), so the loaders work offline after a
plain ``pip install``.  Each data set folder has a README giving the source of
every figure.

Examples
--------
>>> sz = load_suzhou_2023()
>>> sz.accidents[["region", "period", "accidents", "deaths"]]
  region period  accidents  deaths
0    苏州市   2023         71      50
>>> int(sz.training["examined"].sum())
124036
"""

from __future__ import annotations

import html
import warnings
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pandas as pd

from .errors import DataWarning, InputError, ParameterError
from .schemas import validate

__all__ = ["data_path", "load_suzhou_2023", "SuzhouDataset", "list_datasets", "load_china_national", "load_us_cfoi",
           "load_uk_hse"]


def _data_root() -> Path:
    installed = resources.files("safetystats") / "_data"
    if installed.is_dir():
        return Path(str(installed))
    checkout = Path(__file__).resolve().parents[1] / "data"
    if checkout.is_dir():
        return checkout
    raise InputError(  # pragma: no cover - only when the package was built without its data
        "the bundled data are missing from this installation; reinstall safetystats"
    )


def data_path(name: str = "") -> Path:
    """Path of a bundled data file or folder.

    Parameters
    ----------
    name : str
        Path relative to the data folder, e.g. ``"suzhou_2023/accidents.csv"``.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    InputError
        When there is no such file; the message lists the data sets.

    Examples
    --------
    >>> data_path("suzhou_2023/accidents.csv").name
    'accidents.csv'
    """
    root = _data_root()
    path = root / name
    if not path.exists():
        sets = ", ".join(sorted(p.name for p in root.iterdir() if p.is_dir()))
        raise InputError(f"no bundled data file {name!r}; data sets: {sets}")
    return path


def list_datasets() -> pd.DataFrame:
    """The bundled data sets: name, files and the first line of each README.

    Examples
    --------
    >>> "suzhou_2023" in list_datasets()["name"].tolist()
    True
    """
    rows = []
    for folder in sorted(p for p in _data_root().iterdir() if p.is_dir() and not p.name.startswith("_")):
        readme = folder / "README.md"
        title = ""
        if readme.exists():
            title = next((ln.lstrip("# ").strip() for ln in readme.read_text(encoding="utf-8").splitlines()
                          if ln.strip()), "")
        files = ", ".join(sorted(p.name for p in folder.glob("*.csv")))
        rows.append({"name": folder.name, "title": title, "files": files})
    return pd.DataFrame(rows, columns=["name", "title", "files"])


def _read_bundled(name: str, kind: str) -> pd.DataFrame:
    from .io import read_csv

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        return read_csv(data_path(name), kind=kind)


def _read_claims(name: str) -> pd.DataFrame:
    raw = pd.read_csv(data_path(name), dtype=str, keep_default_na=False, encoding="utf-8")
    frame = raw.replace({"": None})
    for col in ("value_approximate", "parts_approximate"):
        if col in frame.columns:
            frame[col] = frame[col].map({"true": True, "false": False, None: None})
    return validate(frame, kind="claims", file=str(data_path(name)))


@dataclass(frozen=True)
class SuzhouDataset:
    """Every figure of the Suzhou Emergency Management Bureau's 2023 report.

    Source: 苏州市应急管理局 2023 年法治政府建设工作报告 (the text is
    ``report_text``).  Each row keeps the sentence it came from in
    ``source_text``.

    Attributes
    ----------
    accidents : pandas.DataFrame
        ``AccidentCounts``: 71 accidents and 50 deaths in 2023.
    training : pandas.DataFrame
        ``TrainingThroughput``: people examined by category.
    standardization : pandas.DataFrame
        ``StandardizationCounts``: enterprises certified at level 1/2/3 and
        the number audited.
    indicators : pandas.DataFrame
        ``Indicators``: every other figure (shelters, rescue teams, reserves,
        publicity, credit, …) with unit, decimals and approximate flag.
    claims : pandas.DataFrame
        ``Claims``: the report's checkable statements (the two declines, two
        part-whole sums, three level statements).
    report_text : str
        The report as extracted from its PDF.
    """

    accidents: pd.DataFrame
    training: pd.DataFrame
    standardization: pd.DataFrame
    indicators: pd.DataFrame
    claims: pd.DataFrame
    report_text: str = field(repr=False)

    def summary(self) -> pd.DataFrame:
        """One row per frame: rows and the headline figures (a tidy table).

        Examples
        --------
        >>> load_suzhou_2023().summary()[["frame", "rows"]]
                     frame  rows
        0        accidents     1
        1         training     2
        2  standardization     4
        3       indicators    33
        4           claims     7
        """
        acc = self.accidents.iloc[0]
        tr = self.training
        st = self.standardization
        levels = st.dropna(subset=["level"])
        audited = st["audited"].dropna()
        kinds = self.claims["kind"].value_counts()
        claim_text = ", ".join(f"{int(kinds.get(k, 0))} {k}" for k in ("change", "sum", "share", "level")
                               if kinds.get(k, 0))
        rows = [
            ("accidents", len(self.accidents), f"accidents {int(acc['accidents'])}, deaths {int(acc['deaths'])}"),
            ("training", len(tr), f"examined {int(tr['examined'].sum()):,} in {len(tr)} categories: "
             + "; ".join(f"{c} {int(v):,}" for c, v in zip(tr["category"], tr["examined"], strict=True))),
            ("standardization", len(st), "certified "
             + ", ".join(f"level {int(lv)}: {int(c):,}" for lv, c in zip(levels["level"], levels["certified"],
                                                                        strict=True))
             + (f"; audited {int(audited.sum()):,}" if len(audited) else "")),
            ("indicators", len(self.indicators),
             f"{int(self.indicators['approximate'].sum())} approximate (万/余), units: "
             + " ".join(sorted(self.indicators["unit"].dropna().unique()))),
            ("claims", len(self.claims), claim_text),
        ]
        return pd.DataFrame(rows, columns=["frame", "rows", "figures"])

    def _repr_html_(self) -> str:
        table = self.summary().to_html(index=False, escape=True)
        return f"<p><b>{html.escape('苏州市应急管理局 2023 年法治政府建设工作报告')}</b> (validated)</p>{table}"


def load_suzhou_2023() -> SuzhouDataset:
    """Load the Suzhou 2023 data set, validated by the schemas.

    Returns
    -------
    SuzhouDataset
        Frames ``accidents``, ``training``, ``standardization``,
        ``indicators`` and ``claims``, and the report text.

    Examples
    --------
    >>> sz = load_suzhou_2023()
    >>> sz.standardization[["level", "certified"]].dropna().astype(int).values.tolist()
    [[1, 15], [2, 458], [3, 1407]]
    >>> sz.claims.loc[sz.claims["kind"] == "change", ["metric_key", "value", "reported_pct"]]
      metric_key  value  reported_pct
    0  accidents   71.0          11.3
    1     deaths   50.0          10.7
    """
    folder = "suzhou_2023"
    return SuzhouDataset(
        accidents=_read_bundled(f"{folder}/accidents.csv", "accidents"),
        training=_read_bundled(f"{folder}/training.csv", "training"),
        standardization=_read_bundled(f"{folder}/standardization.csv", "standardization"),
        indicators=_read_bundled(f"{folder}/indicators.csv", "indicators"),
        claims=_read_claims(f"{folder}/claims.csv"),
        report_text=data_path(f"{folder}/report.txt").read_text(encoding="utf-8"),
    )


# ---------------------------------------------------------------------------
# National multi-year series: China (SAWS/MEM/NBS), US BLS CFOI, GB HSE.
# One CSV row per figure per publication; the loaders can also pick one value
# per year by a documented vintage policy (never interpolating).
# ---------------------------------------------------------------------------
_NUMERIC_EXTRA = ("reported_change_pct", "reported_change_decimals", "reported_change_abs", "compared_with",
                  "compared_with_value")
_BOOL_COLUMNS = ("approximate", "reported_change_approximate")
_CONFIDENCE_RANK = {"seen": 0, "seen_secondary": 1}
_STATUS_RANK = {"final": 0, "finalised": 0, "revised": 0, "preliminary": 1, "provisional": 1}
_PUBLISHER_RANK = {"statistics_bureau": 0, "regulator": 1, "news_secondary": 2}


@dataclass(frozen=True)
class _NationalSpec:
    folder: str
    loader: str
    first_year: int
    last_year: int
    split_year: bool
    counts: tuple[tuple[str, str], ...]  # (indicator, column name in the counts frame)
    extra: tuple[str, ...]  # data-set specific columns kept in the series frame
    policies: dict[str, str]  # vintage policy -> description


_CHINA = _NationalSpec(
    folder="china_national", loader="load_china_national", first_year=2005, last_year=2024, split_year=False,
    counts=(("deaths", "deaths"), ("accidents", "accidents")), extra=("scope",),
    policies={
        "preferred": "exact figures before rounded (万) ones, then statistics bureau (NBS) before regulator "
                     "(SAWS/MEM) before secondary pages, then the later publication",
        "nbs": "NBS figures only (statistical communiqués and figures quoted from NBS data)",
        "regulator": "regulator (SAWS/MEM/coal-mine safety administration) figures only, exact before rounded, "
                     "later publication first",
    },
)
_US = _NationalSpec(
    folder="us_bls_cfoi", loader="load_us_cfoi", first_year=2003, last_year=2024, split_year=False,
    counts=(("fatal_work_injuries", "deaths"),), extra=("status", "rate_basis"),
    policies={
        "latest": "final counts before preliminary ones, then the later publication (BLS pages before secondary pages)",
        "final": "final counts only (the revised count published a year later; from data year 2015 the one count)",
        "preliminary": "first-published counts only (preliminary through data year 2014; the one count from 2015)",
    },
)
_UK = _NationalSpec(
    folder="uk_hse", loader="load_uk_hse", first_year=2004, last_year=2024, split_year=True,
    counts=(("workers_killed", "deaths"),), extra=("status",),
    policies={
        "latest": "finalised (or revised) figures before provisional ones, then the later publication "
                  "(HSE statements before secondary pages)",
        "finalised": "finalised or revised figures only",
        "provisional": "first-published (provisional) figures only",
    },
)


def _read_national(spec: _NationalSpec) -> pd.DataFrame:
    name = f"{spec.folder}/indicators.csv"
    raw = pd.read_csv(data_path(name), dtype=str, keep_default_na=False, encoding="utf-8")
    frame = raw.replace({"": None})
    for col in _BOOL_COLUMNS:
        if col in frame.columns:
            frame[col] = frame[col].map({"true": True, "false": False, None: None}).astype("boolean")
    for col in _NUMERIC_EXTRA:  # numbers where every filled cell is a number ("compared_with" is text for GB)
        if col in frame.columns:
            num = pd.to_numeric(frame[col], errors="coerce")
            if num.notna().equals(frame[col].notna()):
                frame[col] = num
    if "reported_change_decimals" in frame.columns:
        frame["reported_change_decimals"] = frame["reported_change_decimals"].astype("Int64")
    checked = validate(frame, kind="indicators", file=str(data_path(name)), row_numbers=pd.RangeIndex(2, len(frame) + 2))
    checked.attrs["source"] = name
    return checked


def _annual_periods(spec: _NationalSpec) -> list[str]:
    years = range(spec.first_year, spec.last_year + 1)
    return [f"{y}/{(y + 1) % 100:02d}" if spec.split_year else str(y) for y in years]


def _pick(spec: _NationalSpec, frame: pd.DataFrame, vintage: str) -> pd.DataFrame:
    """One row per (indicator, period) by the vintage policy; rows sorted best first."""
    periods = _annual_periods(spec)
    cand = frame[frame["period"].isin(periods) & frame["value"].notna()
                 & frame["confidence"].isin(list(_CONFIDENCE_RANK))].copy()
    if vintage in set(frame["vintage"]):
        cand = cand[cand["vintage"] == vintage]
    elif vintage in ("nbs", "regulator"):
        cand = cand[cand["publisher_type"] == ("statistics_bureau" if vintage == "nbs" else "regulator")]
    elif vintage in ("final", "finalised"):
        cand = cand[cand["status"].map(_STATUS_RANK) == 0]
    cand["_conf"] = cand["confidence"].map(_CONFIDENCE_RANK)
    if vintage == "preliminary":  # the first-published figure (BLS publishes one count from data year 2015)
        cand = cand.sort_values(["_conf", "published", "vintage"], kind="mergesort").drop_duplicates(
            ["indicator", "period"], keep="first")
    elif vintage == "provisional":
        cand = cand[cand["status"] == "provisional"]
    cand["_status"] = cand["status"].map(_STATUS_RANK) if "status" in cand.columns else 0
    cand["_approx"] = cand["approximate"].fillna(False).astype(bool).astype(int)
    cand["_pub"] = cand["publisher_type"].map(_PUBLISHER_RANK)
    keys = ["_conf", "_status", "_approx", "_pub"] if spec is not _CHINA else ["_conf", "_approx", "_pub"]
    cand = cand.sort_values(keys + ["published", "vintage"], ascending=[True] * len(keys) + [False, True],
                            kind="mergesort")
    return cand.drop_duplicates(["indicator", "period"], keep="first").drop(
        columns=["_conf", "_status", "_approx", "_pub"])


def _national(spec: _NationalSpec, *, kind: str, vintage: str, on_missing: str) -> pd.DataFrame:
    kinds = ("all", "series", "counts")
    if kind not in kinds:
        raise ParameterError(f"{spec.loader}: kind={kind!r} is not known; choose one of {kinds}")
    if on_missing not in ("warn", "ignore", "raise"):
        raise ParameterError(f"{spec.loader}: on_missing={on_missing!r}; choose 'warn', 'ignore' or 'raise'")
    frame = _read_national(spec)
    if kind == "all":
        return frame
    known = set(frame["vintage"])
    if vintage not in spec.policies and vintage not in known:
        raise ParameterError(
            f"{spec.loader}: vintage={vintage!r} is not a policy ({', '.join(spec.policies)}) nor a vintage in the "
            f"data; list the vintages with {spec.loader}()['vintage'].unique()")
    picked = _pick(spec, frame, vintage)
    indicators = list(dict.fromkeys(frame.loc[frame["period"].isin(_annual_periods(spec)), "indicator"]))
    indicators = [i for i in indicators if i != "deaths_and_missing"]
    grid = pd.MultiIndex.from_product([indicators, _annual_periods(spec)], names=["indicator", "period"])
    columns = ["region", "period", "indicator", "value", "value_as_written", "unit", "decimals", "approximate",
               *spec.extra, "vintage", "publisher", "published", "confidence", "source_url"]
    series = (picked.set_index(["indicator", "period"]).reindex(grid).reset_index())
    series["region"] = frame["region"].iloc[0]
    if "scope" in spec.extra:
        series["scope"] = [("pre-2016" if int(p[:4]) < 2016 else "2016+") for p in series["period"]]
    units = frame.drop_duplicates("indicator").set_index("indicator")["unit"]
    if "rate_basis" not in spec.extra:
        series["unit"] = series["unit"].fillna(series["indicator"].map(units))
    series = series[columns]
    missing = {ind: series.loc[(series["indicator"] == ind) & series["value"].isna(), "period"].tolist()
               for ind in indicators}
    series = validate(series, kind="indicators")
    policy = spec.policies.get(vintage, f"the single publication {vintage!r}")
    count_names = [ind for ind, _ in spec.counts]
    gaps = {k: v for k, v in missing.items() if v and (kind == "series" or k in count_names)}
    if gaps and on_missing != "ignore":
        text = "; ".join(f"{k}: {len(v)} of {len(_annual_periods(spec))} years ({', '.join(v)})"
                         for k, v in gaps.items())
        message = (f"{spec.loader}(kind={kind!r}, vintage={vintage!r}): no verified figure for {text}. These stay "
                   f"missing (never interpolated); .attrs['missing'] lists them")
        if on_missing == "raise":
            raise InputError(message)
        warnings.warn(message, DataWarning, stacklevel=3)
    if kind == "series":
        out = series
    else:
        parts = []
        for indicator, name in spec.counts:
            part = series.loc[series["indicator"] == indicator, ["period", "value", "approximate", "vintage"]]
            part = part.rename(columns={"value": name, "approximate": f"{name}_approximate",
                                        "vintage": f"{name}_vintage"}).set_index("period")
            part[name] = part[name].round().astype("Int64")
            parts.append(part)
        out = pd.concat(parts, axis=1).reset_index()
        out.insert(0, "region", series["region"].iloc[0])
        if "scope" in spec.extra:
            out["scope"] = [("pre-2016" if int(p[:4]) < 2016 else "2016+") for p in out["period"]]
        validate(out.dropna(subset=["deaths"])[["region", "period", "deaths"]], kind="accidents")
    out.attrs["missing"] = {k: v for k, v in missing.items() if kind == "series" or k in count_names}
    out.attrs["vintage_policy"] = policy
    out.attrs["source"] = f"{spec.folder}/indicators.csv"
    return out


def load_china_national(*, kind: str = "all", vintage: str = "preferred", on_missing: str = "warn") -> pd.DataFrame:
    """China's national production-safety figures, 2005-2024, as published.

    Deaths and accidents from all production-safety accidents, deaths per
    100 million yuan GDP, per 100,000 workers in industry, mining and
    commerce, coal-mine deaths per million tonnes and road deaths per 10,000
    vehicles, from the statistics bureau's communiqués (NBS) and the safety
    regulator's year-end releases (SAWS, from 2018 MEM).  Every published
    version is its own row, with the value as written, its decimals, the
    reported change, the publisher, the page it was read from and the
    sentence.  China changed the scope of these statistics in 2016: the
    ``scope`` column is ``"pre-2016"`` or ``"2016+"``; do not read the 2016
    drop as a safety effect.  See ``data/china_national/README.md``.

    Parameters
    ----------
    kind : {"all", "series", "counts"}
        ``"all"``: every row (``Indicators`` schema).  ``"series"``: one row
        per indicator and year 2005-2024 chosen by ``vintage``, with an empty
        value where no figure was verified.  ``"counts"``: one row per year
        with ``deaths`` and ``accidents`` (nullable integers), their
        ``*_approximate`` flags (figures given in 万) and ``*_vintage``.
    vintage : str
        How one value per year is chosen for ``"series"``/``"counts"``:
        ``"preferred"`` (exact before rounded, then NBS before regulator
        before secondary pages, then the later publication), ``"nbs"``,
        ``"regulator"``, or the name of one publication (a value of the
        ``vintage`` column).  Derived rows are never chosen.
    on_missing : {"warn", "ignore", "raise"}
        What to do when years have no verified figure (they are listed in
        ``.attrs["missing"]`` in every case).

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    ParameterError
        For an unknown ``kind``, ``vintage`` or ``on_missing``.
    InputError
        With ``on_missing="raise"`` when a year has no verified figure.

    Examples
    --------
    >>> df = load_china_national()
    >>> df.loc[(df["period"] == "2020") & (df["indicator"] == "deaths"),
    ...        ["publisher_type", "value", "reported_change_pct"]]
          publisher_type    value  reported_change_pct
    100  statistics_bureau  27412.0                -7.14
    104          regulator      NaN                -8.30
    >>> c = load_china_national(kind="counts", on_missing="ignore")
    >>> c.loc[c["period"].isin(["2015", "2016"]), ["period", "deaths", "deaths_approximate", "scope"]]
      period  deaths  deaths_approximate     scope
    10  2015   66182               False  pre-2016
    11  2016   41000                True     2016+
    >>> c.attrs["missing"]["deaths"]
    ['2009', '2012', '2014', '2019', '2021', '2022']
    """
    return _national(_CHINA, kind=kind, vintage=vintage, on_missing=on_missing)


def load_us_cfoi(*, kind: str = "all", vintage: str = "latest", on_missing: str = "warn") -> pd.DataFrame:
    """US fatal work injuries (BLS Census of Fatal Occupational Injuries), 2003-2024.

    Counts and the fatal injury rate per 100,000 workers, one row per figure
    per publication.  Through data year 2014 BLS published a preliminary count
    and a final count a year later (``status``); from 2015 one count.  Rates
    were per 100,000 employed workers through the 2007 data and per 100,000
    full-time-equivalent workers (hours-based) from the 2008 data, when 2007 was
    restated (``rate_basis``).  See ``data/us_bls_cfoi/README.md``.

    Parameters
    ----------
    kind : {"all", "series", "counts"}
        ``"all"``: every row.  ``"series"``: one row per indicator and year
        by ``vintage``.  ``"counts"``: one row per year with ``deaths``.
    vintage : str
        ``"latest"`` (final before preliminary, then the later publication),
        ``"final"``, ``"preliminary"``, or the name of one publication.
    on_missing : {"warn", "ignore", "raise"}
        What to do when years have no verified figure (``.attrs["missing"]``).

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> us = load_us_cfoi(kind="counts")
    >>> us.loc[us["period"].isin(["2007", "2020", "2024"]), ["period", "deaths", "deaths_vintage"]]
       period  deaths                  deaths_vintage
    4    2007    5657       USDL 09-0979 (2009-08-20)
    17   2020    4764               TED 2023-12 table
    21   2024    5070      BLS release 2026-02 (2024)
    >>> pre = load_us_cfoi(kind="counts", vintage="preliminary")
    >>> int(pre.loc[pre["period"] == "2007", "deaths"].iloc[0])
    5488
    """
    return _national(_US, kind=kind, vintage=vintage, on_missing=on_missing)


def load_uk_hse(*, kind: str = "all", vintage: str = "latest", on_missing: str = "warn") -> pd.DataFrame:
    """Great Britain: workers killed in work-related accidents (HSE, RIDDOR), 2004/05-2024/25.

    Counts and the rate per 100,000 workers per April-March year, one row per
    figure per statement: provisional each July, finalised a year later
    (``status``), with HSE's comparison (previous year or five-year average).
    See ``data/uk_hse/README.md``.

    Parameters
    ----------
    kind : {"all", "series", "counts"}
        ``"all"``: every row.  ``"series"``: one row per indicator and year
        by ``vintage``.  ``"counts"``: one row per year with ``deaths``.
    vintage : str
        ``"latest"`` (finalised before provisional, then the later
        publication), ``"finalised"``, ``"provisional"``, or the name of one
        publication.
    on_missing : {"warn", "ignore", "raise"}
        What to do when years have no verified figure (``.attrs["missing"]``).

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> gb = load_uk_hse(kind="counts", on_missing="ignore")
    >>> gb.loc[gb["period"].isin(["2019/20", "2024/25"]), ["period", "deaths"]]
         period  deaths
    15  2019/20     113
    20  2024/25     124
    >>> gb.attrs["missing"]["workers_killed"]
    ['2007/08']
    """
    return _national(_UK, kind=kind, vintage=vintage, on_missing=on_missing)
