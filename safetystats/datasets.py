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

from .errors import DataWarning, InputError
from .schemas import validate

__all__ = ["data_path", "load_suzhou_2023", "SuzhouDataset", "list_datasets"]


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
