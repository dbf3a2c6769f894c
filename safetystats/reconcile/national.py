"""Reconciliation tables for the bundled national data sets (real cases).

Every row of :func:`~safetystats.datasets.load_china_national`,
:func:`~safetystats.datasets.load_us_cfoi` and
:func:`~safetystats.datasets.load_uk_hse` is one figure as one publication
printed it, often with the change it reported.  Read as claims (one document
per publication), they reconcile like a folder of reports:

* China 2004 deaths: 136,092 (SAWS, 中新网 2005-01-04) and 136,755 (SAWS via
  China Daily) - ``restated``; the 2005 headline "126,760, −7.3%" fits only
  136,755 (``consistent_other_vintage`` against the default);
* China 2020 deaths: −7.14% (a secondary computation from NBS's 27,412 and
  −2,107) against MEM's −8.3% - ``change_differs``;
* China 2023 deaths: NBS's 21,242 and −4.7% imply a 2022 count of
  22,278-22,301 (no 2022 count is stored);
* US: each preliminary count's change against the previous year's *revised*
  count, preliminary vs final counts (``restated``), a secondary page's 5.3%
  against BLS's 5.7% for 2022;
* GB: provisional vs finalised counts, and each provisional count's change
  against the finalised previous year.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..errors import DataWarning, ParameterError
from .check import check_against
from .documents import Reconciliation, claim_figures, find_disagreements
from .facts import metric_key_of

__all__ = ["national_claims", "national_reconciliation", "NATIONAL_DATASETS"]

#: name -> (loader, short title)
NATIONAL_DATASETS: dict[str, tuple[str, str]] = {
    "china": ("load_china_national", "China national production safety (NBS, SAWS/MEM)"),
    "us": ("load_us_cfoi", "US fatal work injuries (BLS CFOI)"),
    "uk": ("load_uk_hse", "GB workers killed (HSE)"),
}
_ALIASES = {"china_national": "china", "cn": "china", "us_bls_cfoi": "us", "us_cfoi": "us", "usa": "us",
            "uk_hse": "uk", "gb": "uk", "great_britain": "uk"}


def _load(dataset: str) -> tuple[str, pd.DataFrame]:
    key = _ALIASES.get(str(dataset).lower(), str(dataset).lower())
    if key not in NATIONAL_DATASETS:
        raise ParameterError(f"dataset={dataset!r} is not a bundled national data set; choose one of "
                             f"{', '.join(NATIONAL_DATASETS)}")
    from .. import datasets

    loader = getattr(datasets, NATIONAL_DATASETS[key][0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        frame = loader(kind="all")
    return key, frame


def _published_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows a publication printed (derived rows dropped), with their CSV line numbers."""
    keep = frame["confidence"].astype(str) != "derived" if "confidence" in frame.columns else \
        pd.Series(True, index=frame.index)
    out = frame[keep.to_numpy()].copy()
    out.attrs = dict(frame.attrs)
    out.attrs["source"] = frame.attrs.get("source")
    out.attrs["source_rows"] = [int(i) + 2 for i in out.index]  # header is line 1 of the CSV
    return out


def national_claims(frame: pd.DataFrame, *, dataset: str = "data") -> pd.DataFrame:
    """Read a national data set's rows as claims, one document per publication (``vintage``).

    A row with a reported change (``reported_change_pct`` or
    ``reported_change_abs``) is a ``change`` claim, any other row with a value
    a ``level`` claim.  The base the publication compared with becomes
    ``base_value`` (BLS ``compared_with``; HSE ``compared_with_value`` when it
    is the previous year); a comparison on a re-based scope (China 2016,
    按照可比口径) or with a five-year average (HSE to 2015/16) becomes
    ``basis``, so it is not checked against the published previous figure.
    Derived rows (``confidence = derived``) are not claims.

    Parameters
    ----------
    frame : pandas.DataFrame
        A frame from ``load_china_national()``, ``load_us_cfoi()`` or
        ``load_uk_hse()`` (``kind="all"``).
    dataset : str
        A short name used in the claim ids.

    Returns
    -------
    pandas.DataFrame
        A claims frame (``source`` = the publication, ``line`` = the CSV line).

    Examples
    --------
    >>> from safetystats.datasets import load_uk_hse
    >>> c = national_claims(load_uk_hse(), dataset="uk")
    >>> row = c[(c["period"] == "2023/24") & (c["kind"] == "change")].iloc[0]
    >>> [float(row[k]) for k in ("value", "abs_change", "base_value", "reported_pct")], row["source"]
    ([138.0, 2.0, 136.0, 1.5], 'HSE 2024-07-03 (2023/24 provisional)')
    """
    rows = _published_rows(frame)
    n = len(rows)
    if n == 0:
        raise ParameterError("the frame holds no published rows")

    def get(c: str) -> pd.Series:
        return rows[c] if c in rows.columns else pd.Series([None] * n, index=rows.index, dtype=object)

    pct = pd.to_numeric(get("reported_change_pct"), errors="coerce").to_numpy(dtype=np.float64)
    ab = pd.to_numeric(get("reported_change_abs"), errors="coerce").to_numpy(dtype=np.float64)
    value = pd.to_numeric(rows["value"], errors="coerce").to_numpy(dtype=np.float64)
    is_change = np.isfinite(pct) | np.isfinite(ab)
    keep = is_change | np.isfinite(value)
    sign = np.where(np.isfinite(pct), np.sign(pct), np.sign(np.nan_to_num(ab)))
    direction = np.where(sign < 0, "decrease", np.where(sign > 0, "increase", "flat"))
    compared = get("compared_with")
    cw_num = pd.to_numeric(compared, errors="coerce").to_numpy(dtype=np.float64)
    cw_val = pd.to_numeric(get("compared_with_value"), errors="coerce").to_numpy(dtype=np.float64)
    cw_text = compared.astype(object).where(compared.notna(), "").astype(str).str.lower().to_numpy()
    basis_text = get("change_basis").astype(object).where(get("change_basis").notna(), "").astype(str).to_numpy()
    base = np.where(np.isfinite(cw_num), cw_num, np.where(cw_text == "previous year", cw_val, np.nan))
    basis = np.full(n, None, dtype=object)
    basis[np.char.find(basis_text.astype(str), "comparable") >= 0] = "comparable scope (按照可比口径)"
    basis[np.char.find(cw_text.astype(str), "average") >= 0] = "five-year average"
    approx = get("approximate").astype("boolean").fillna(False).to_numpy(dtype=bool)
    dec = pd.array(get("decimals"), dtype="Int64")
    whole = np.isfinite(value) & (value == np.floor(np.nan_to_num(value)))
    vdec = np.where(approx & whole, 0, dec.fillna(0).to_numpy(dtype=np.int64))
    lines = np.asarray(rows.attrs["source_rows"], dtype=np.int64)
    vint = rows["vintage"].astype(object).where(rows["vintage"].notna(), "").astype(str).to_numpy()
    out = pd.DataFrame({
        "claim_id": [f"{dataset}:{ln}" for ln in lines],
        "kind": np.where(is_change, "change", "level"),
        "metric": rows["indicator"].astype(str).to_numpy(),
        "metric_key": [metric_key_of(i) for i in rows["indicator"]],
        "region": rows["region"].to_numpy(),
        "period": rows["period"].astype(str).to_numpy(),
        "value": value,
        "value_decimals": pd.array(np.where(np.isfinite(value), vdec, 0), dtype="Int64"),
        "value_approximate": approx,
        "base_value": base,
        "reported_pct": np.abs(pct),
        "pct_decimals": pd.array(get("reported_change_decimals"), dtype="Int64"),
        "pct_unit": np.where(np.isfinite(pct), "percent", None),
        "direction": np.where(is_change, direction, None),
        "abs_change": np.abs(ab),
        "abs_change_decimals": pd.array(np.where(np.isfinite(ab), 0, 0), dtype="Int64"),
        "unit": get("unit").to_numpy(),
        "source": vint,
        "line": pd.array(lines, dtype="Int64"),
        "source_text": get("source_text").to_numpy(),
        "basis": basis,
        "publisher": get("publisher").to_numpy(),
        "published": get("published").to_numpy(),
    })
    out = out[keep].reset_index(drop=True)
    out.index = rows.index[keep]
    return out


def national_reconciliation(
    dataset: str = "china",
    *,
    metrics: Sequence[str] | None = None,
    rounding: str = "half_up",
    vintage: str | Sequence[str] | None = None,
) -> Reconciliation:
    """The reconciliation table of a bundled national data set: real published disagreements.

    Parameters
    ----------
    dataset : {"china", "us", "uk"}
        ``load_china_national``, ``load_us_cfoi`` or ``load_uk_hse``.
    metrics : list of str, optional
        Keep only these metric keys (``["deaths"]``); all by default.
    rounding : {"half_up", "half_even", "down", "up", "any"}
        The rule the percentages were rounded with.
    vintage : str or list of str, optional
        The default version of each figure for the checks (``None`` = the
        latest publication; see :func:`~safetystats.reconcile.data_facts`).

    Returns
    -------
    Reconciliation
        ``figures`` (every stated and implied figure, one document per
        publication), ``disagreements``, ``checks`` (every published change
        checked against the other publications' figures of the base period:
        :func:`~safetystats.reconcile.check_against`), ``claims``.

    Examples
    --------
    >>> rec = national_reconciliation("china", metrics=["deaths"])
    >>> d = rec.disagreements
    >>> d.loc[(d["period"] == "2020") & (d["kind"] == "change_differs"), ["shown_a", "shown_b"]].iloc[0].tolist()
    ['-7.14% (2020 vs 2019)', '-8.3% (2020 vs 2019)']
    >>> c = rec.checks.set_index("period")
    >>> r = c.loc["2005"].query("reported_pct == -7.3").iloc[0]
    >>> r.verdict, float(r.base_value), r.base_vintage
    ('consistent_other_vintage', 136755.0, 'SAWS 2005-01 (China Daily)')
    """
    name, frame = _load(dataset)
    data = _published_rows(frame)
    claims = national_claims(frame, dataset=name)
    if metrics is not None:
        wanted = [str(m) for m in metrics]
        unknown = sorted(set(wanted) - set(claims["metric_key"]))
        if unknown:
            raise ParameterError(f"metrics {unknown} are not in the {name} data set; it holds "
                                 f"{', '.join(sorted(set(claims['metric_key'])))}")
        claims = claims[claims["metric_key"].isin(wanted)]
        keep = data["indicator"].map(metric_key_of).isin(wanted).to_numpy()
        rows = [r for r, k in zip(data.attrs["source_rows"], keep, strict=True) if k]
        attrs = dict(data.attrs)
        data = data[keep].copy()
        data.attrs = attrs
        data.attrs["source_rows"] = rows
    figures = claim_figures(claims, rounding=rounding)
    changes = claims[claims["kind"] == "change"].reset_index(drop=True)
    checks = check_against(changes, data, rounding=rounding, vintage=vintage)
    checks.insert(checks.columns.get_loc("claim_id") + 1, "document", changes["source"].to_numpy())
    return Reconciliation(figures=figures, disagreements=find_disagreements(figures), checks=checks,
                          claims=claims.reset_index(drop=True), documents=tuple(dict.fromkeys(claims["source"])))
