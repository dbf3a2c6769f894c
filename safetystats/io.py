"""Readers for the CSV, Excel and Parquet files people really make.

The readers

* detect the encoding: UTF-8, UTF-8 with BOM, UTF-16 with BOM (Excel's
  "Unicode text") and GB18030 (a superset of GBK and GB2312);
* find the header row (a title line above it is skipped and reported);
* map Chinese and English headers to canonical names (``年份`` -> ``period``,
  ``事故起数`` -> ``accidents``, ``死亡人数（人）`` -> ``deaths`` …) with the aliases
  kept in :mod:`safetystats.schemas`;
* read numbers as written: ``124,036``, full-width digits, ``1.07万`` (10,700,
  marked approximate in a ``<column>_approximate`` column), ``约 50``;
* turn a table with one column per year (as in statistical yearbooks) and a
  wide standardization table (一级 / 二级 / 三级 columns) into tidy rows;
* skip fully blank rows and 合计 / total rows, and report every skipped row
  (a :class:`~safetystats.errors.DataWarning` and ``frame.attrs["skipped_rows"]``);
* validate the result lazily: one :class:`~safetystats.errors.ValidationError`
  lists every failing cell with its row number as it is in the file.

Examples
--------
>>> import io as _io
>>> text = "年份,事故起数,死亡人数（人）\\n2022,80,56\\n2023,71,50\\n"
>>> df = read_csv(_io.StringIO(text), kind="accidents")
>>> df[["period", "accidents", "deaths"]]
  period  accidents  deaths
0   2022         80      56
1   2023         71      50
"""

from __future__ import annotations

import csv
import io as _io
import os
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd

from .errors import DataWarning, InputError, ParameterError
from .numbers import normalize_text, parse_number
from .periods import _parse_one
from .schemas import LEVEL_HEADERS, SCHEMAS, canonical_column, normalize_header, validate

__all__ = ["read", "read_csv", "read_excel", "read_parquet", "decode_bytes", "infer_kind", "tidy_table"]

PathOrBuffer = str | os.PathLike[str] | IO[str] | IO[bytes]

#: Cells that mean "no value" in hand-made tables.
MISSING_MARKERS = frozenset({"", "-", "--", "—", "——", "–", "/", "na", "n/a", "nan", "null", "none", "无", "暂无", "…"})
#: Row labels of total rows (合计) that are skipped, and checked against the column sums.
TOTAL_LABELS = frozenset({"合计", "总计", "小计", "共计", "总数", "合 计", "总 计", "total", "totals", "sum", "all"})

_BOOLEANS = {"true": True, "false": False, "1": True, "0": False, "yes": True, "no": False, "是": True, "否": False,
             "y": True, "n": False}
_NUMERIC_COLUMNS = {
    "accidents", "deaths", "injuries", "direct_economic_loss", "workers", "gdp", "hours", "vehicles",
    "exposure", "examined", "passed", "certified", "audited", "value", "decimals", "level",
    "reported_change_pct",
}


# ---------------------------------------------------------------------------
# Encodings
# ---------------------------------------------------------------------------
def decode_bytes(data: bytes, *, file: str | None = None, encoding: str | None = None) -> tuple[str, str]:
    """Decode file content, detecting UTF-8 (with or without BOM), UTF-16 and GB18030.

    Parameters
    ----------
    data : bytes
        The raw file content.
    file : str, optional
        File name for error messages.
    encoding : str, optional
        Force an encoding instead of detecting it.

    Returns
    -------
    text, encoding : str, str

    Raises
    ------
    InputError
        For binary content or an encoding that is none of these.

    Examples
    --------
    >>> decode_bytes("年份".encode("gbk"))
    ('年份', 'gb18030')
    >>> decode_bytes(b"\\xef\\xbb\\xbfyear")
    ('year', 'utf-8-sig')
    """
    if encoding is not None:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as exc:
            raise InputError(f"cannot be decoded as {encoding}: {exc}", file=file) from None
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    else:
        if b"\x00" in data[:8192]:
            raise InputError(
                "looks like a binary file, not text (it contains NUL bytes). "
                "Export the table as CSV (UTF-8) or pass an .xlsx/.parquet file.",
                file=file,
            )
        candidates = ["utf-8", "gb18030"]
    for enc in candidates:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if enc == "gb18030" and _looks_like_mojibake(text):
            break
        return text, enc
    raise InputError(
        "is in an unknown text encoding (not UTF-8, UTF-16 or GB18030/GBK). "
        "Save it as UTF-8 (Excel: 'CSV UTF-8'), or pass encoding=... ",
        file=file,
    )


def _looks_like_mojibake(text: str) -> bool:
    # GB18030 decodes almost any byte string; real Chinese text is mostly CJK + ASCII.
    if not text:
        return False
    odd = sum(1 for ch in text if ord(ch) > 0x7F and not ("\u4e00" <= ch <= "\u9fff") and not
              ("\u3000" <= ch <= "\u303f") and not ("\uff00" <= ch <= "\uffef") and ch not in "“”‘’…—·《》、")
    return odd > max(3, len(text) // 20)


def _read_source(source: PathOrBuffer, *, encoding: str | None) -> tuple[str, str | None, str | None]:
    """Return (text, display name, encoding)."""
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        name = str(source)
        if not path.exists():
            raise InputError("file not found; check the path", file=name)
        if path.is_dir():
            raise InputError("is a folder, not a file", file=name)
        data = path.read_bytes()
        text, enc = decode_bytes(data, file=name, encoding=encoding)
        return text, name, enc
    name = getattr(source, "name", None)
    name = str(name) if isinstance(name, (str, os.PathLike)) else None
    content = source.read()
    if isinstance(content, bytes):
        text, enc = decode_bytes(content, file=name, encoding=encoding)
        return text, name, enc
    return content, name, None


# ---------------------------------------------------------------------------
# From raw cells to a tidy frame
# ---------------------------------------------------------------------------
def _is_blank(row: Sequence[Any]) -> bool:
    for cell in row:
        if cell is None:
            continue
        if isinstance(cell, float) and np.isnan(cell):
            continue
        if str(cell).strip() != "":
            return False
    return True


def _cell_text(cell: Any) -> str:
    if cell is None or (isinstance(cell, float) and np.isnan(cell)):
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()  # text stays as written; numbers and headers are normalised where they are read


def _is_period(text: str) -> bool:
    try:
        _parse_one(text)
    except ValueError:
        return False
    return True


def tidy_table(
    rows: list[list[Any]],
    line_numbers: list[int],
    *,
    kind: str | None = None,
    file: str | None = None,
    validate_frame: bool = True,
) -> pd.DataFrame:
    """Turn raw rows (header row first somewhere) into a validated, canonical frame.

    This is the shared back end of :func:`read_csv`, :func:`read_excel` and
    :func:`read_parquet`; it is public so that other sources (a clipboard, a
    database cursor) can use the same header mapping and checks.

    Parameters
    ----------
    rows : list of list
        The cells, as read.
    line_numbers : list of int
        The row number in the source of each entry of ``rows``.
    kind : str, optional
        Schema to validate against; inferred from the headers when omitted.
    file : str, optional
        Name used in messages.
    validate_frame : bool, default True
        Validate with the schema of ``kind``.

    Returns
    -------
    pandas.DataFrame
        With ``attrs`` ``source``, ``kind``, ``skipped_rows`` (list of dicts
        with ``row`` and ``reason``) and ``unmapped_columns``.

    Examples
    --------
    >>> tidy_table([["年份", "事故", "死亡"], ["2023", "71", "50"]], [1, 2])[["period", "accidents", "deaths"]]
      period  accidents  deaths
    0   2023         71      50
    """
    skipped: list[dict[str, Any]] = []
    body = [(n, r) for n, r in zip(line_numbers, rows, strict=True)]
    # blank rows anywhere are skipped (and reported)
    kept = []
    for n, r in body:
        if _is_blank(r):
            skipped.append({"row": n, "reason": "blank row"})
        else:
            kept.append((n, [_cell_text(c) for c in r]))
    if not kept:
        raise InputError("is empty: no header and no data rows", file=file)
    # a title line above the header: one filled cell, while the next row has more
    while len(kept) > 1:
        filled = sum(1 for c in kept[0][1] if c)
        if filled == 1 and sum(1 for c in kept[1][1] if c) > 1 and canonical_column(
            next(c for c in kept[0][1] if c)
        ) is None:
            skipped.append({"row": kept[0][0], "reason": f"title line {next(c for c in kept[0][1] if c)!r}"})
            kept = kept[1:]
        else:
            break
    header_line, header = kept[0]
    data = kept[1:]
    width = max(len(header), *(len(r) for _, r in data)) if data else len(header)
    header = header + [""] * (width - len(header))
    data = [(n, r + [""] * (width - len(r))) for n, r in data]
    # drop trailing all-empty header columns that carry no data
    keep_cols = [j for j in range(width) if header[j] or any(r[j] for _, r in data)]
    header = [header[j] for j in keep_cols]
    data = [(n, [r[j] for j in keep_cols]) for n, r in data]
    for j, h in enumerate(header):
        if not h:
            raise InputError(f"column {j + 1} has values but no header; add one", file=file, row=header_line)
    if not data:
        raise InputError("has a header but no data rows", file=file, row=header_line)

    # a yearbook layout: one column per period, indicators down the first column
    if len(header) >= 2 and all(_is_period(h) for h in header[1:]) and not _is_period(header[0]):
        labels = [r[0] for _, r in data]
        if any(canonical_column(lab) not in (None, "period") for lab in labels):
            new_header = ["period", *labels]
            new_rows = [[header[j], *(r[j] for _, r in data)] for j in range(1, len(header))]
            data = [(header_line, row) for row in new_rows]
            header = new_header
            skipped.append({"row": header_line, "reason": "table transposed: one column per period"})

    names: list[str] = []
    unmapped: list[str] = []
    seen: dict[str, str] = {}
    wide_levels: dict[int, int] = {}
    for j, h in enumerate(header):
        canon = canonical_column(h)
        if canon is None and normalize_header(h) in LEVEL_HEADERS:
            wide_levels[j] = LEVEL_HEADERS[normalize_header(h)]
            names.append(f"__level_{LEVEL_HEADERS[normalize_header(h)]}")
            continue
        if canon is None:
            canon = h
            unmapped.append(h)
        if canon in seen:
            raise InputError(
                f"headers {seen[canon]!r} and {h!r} both mean {canon!r}; keep one or rename the other",
                file=file,
                row=header_line,
            )
        seen[canon] = h
        names.append(canon)

    rows_out = [r for _, r in data]
    numbers = [n for n, _ in data]
    frame = pd.DataFrame(rows_out, columns=names, dtype=object)
    frame.index = pd.Index(numbers)

    if wide_levels:
        frame, numbers = _melt_levels(frame, wide_levels)

    # total rows (合计) are not data: skip them, report them, and check their sums
    label_col = "period" if "period" in frame.columns else None
    if label_col is not None:
        labels = frame[label_col].map(lambda s: normalize_text(str(s)).strip().lower())
        is_total = labels.isin(TOTAL_LABELS).to_numpy()
        if is_total.any():
            totals = frame[is_total]
            frame = frame[~is_total]
            for n in totals.index:
                skipped.append({"row": int(n), "reason": "total row (合计)"})
            _check_total_rows(totals, frame, file=file)

    approx_cols: dict[str, pd.Series] = {}
    for col in frame.columns:
        if col in _NUMERIC_COLUMNS or col.startswith("__"):
            values, approx = _parse_numeric_column(frame[col])
            frame[col] = values
            if approx.any():
                approx_cols[col] = approx
    for col, approx in approx_cols.items():
        # an indicator's flag is the schema's ``approximate`` column; counts get ``<column>_approximate``
        name = "approximate" if col == "value" and "approximate" not in frame.columns else f"{col}_approximate"
        frame[name] = approx.astype(bool)
    for col in frame.columns:
        if frame[col].dtype == object and col not in _NUMERIC_COLUMNS:
            frame[col] = frame[col].map(lambda v: None if isinstance(v, str) and v.lower() in MISSING_MARKERS else v)
        if col == "approximate" or (col.endswith("_approximate") and col not in approx_cols):
            frame[col] = frame[col].map(lambda v: _BOOLEANS.get(str(v).strip().lower(), v) if v is not None else None)

    for col in unmapped:  # extra columns: numeric when every filled cell is a plain number
        if col in frame.columns and not pd.api.types.is_numeric_dtype(frame[col]):
            filled = frame[col].dropna()
            converted = pd.to_numeric(filled, errors="coerce")
            if len(filled) and converted.notna().all():
                frame[col] = pd.to_numeric(frame[col], errors="coerce")

    if kind is None:
        kind = infer_kind(frame.columns)
    elif kind not in SCHEMAS:
        raise ParameterError(f"kind={kind!r} is not a schema; choose one of {sorted(SCHEMAS)}")
    rows_index = frame.index
    frame = frame.reset_index(drop=True)
    if validate_frame:
        frame = validate(frame, kind=kind, file=file, row_numbers=rows_index)
    frame.attrs.update(
        {
            "source": file,
            "kind": kind,
            "skipped_rows": skipped,
            "unmapped_columns": unmapped,
            "source_rows": [int(x) for x in rows_index],
        }
    )
    if skipped:
        shown = "; ".join(f"row {s['row']}: {s['reason']}" for s in skipped[:10])
        more = f" (+{len(skipped) - 10} more)" if len(skipped) > 10 else ""
        warnings.warn(f"{file or 'input'}: skipped {len(skipped)} row(s): {shown}{more}", DataWarning, stacklevel=3)
    return frame


def _melt_levels(frame: pd.DataFrame, wide_levels: dict[int, int]) -> tuple[pd.DataFrame, list[int]]:
    level_cols = [c for c in frame.columns if c.startswith("__level_")]
    id_cols = [c for c in frame.columns if c not in level_cols]
    parts = []
    for c in level_cols:
        part = frame[id_cols].copy()
        part["level"] = int(c.rsplit("_", 1)[1])
        part["certified"] = frame[c]
        part["__row"] = frame.index
        parts.append(part)
    long = pd.concat(parts, ignore_index=True)
    long = long.sort_values(["__row", "level"], kind="stable")
    long.index = pd.Index(long.pop("__row").tolist())
    return long, list(long.index)


def _parse_numeric_column(col: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Numbers as written -> float values (bad cells kept as text for the schema to report)."""
    text = col.astype(str).str.strip()
    missing = text.str.lower().isin(MISSING_MARKERS) | col.isna()
    fast = pd.to_numeric(text.str.replace(",", "", regex=False), errors="coerce")
    values = pd.Series(fast.to_numpy(dtype="float64"), index=col.index, dtype=object)
    approx = pd.Series(False, index=col.index)
    slow = (~missing & fast.isna()).to_numpy()
    for i in np.flatnonzero(slow):
        raw = text.iloc[i]
        try:
            parsed = parse_number(raw)
        except ValueError:
            values.iloc[i] = raw  # left as text: validation names row, column and value
            continue
        if parsed.percent:
            values.iloc[i] = raw
            continue
        values.iloc[i] = float(parsed.value)
        approx.iloc[i] = parsed.approximate
    values[missing.to_numpy()] = np.nan
    return values, approx


def _check_total_rows(totals: pd.DataFrame, data: pd.DataFrame, *, file: str | None) -> None:
    for n, row in totals.iterrows():
        for col in data.columns:
            if col not in _NUMERIC_COLUMNS or col in ("level", "decimals", "value", "reported_change_pct"):
                continue
            try:
                total = float(parse_number(row[col]).value)
                parts = pd.to_numeric(data[col].astype(str).str.replace(",", "", regex=False), errors="coerce")
            except (ValueError, TypeError):
                continue
            if parts.notna().all() and abs(parts.sum() - total) > 1e-9 * max(1.0, abs(total)):
                warnings.warn(
                    f"{file or 'input'}: row {n}, column {col!r}: the total row says {total:g} but the rows "
                    f"above sum to {parts.sum():g}",
                    DataWarning,
                    stacklevel=4,
                )


def infer_kind(columns: Sequence[str]) -> str:
    """Guess the schema from canonical column names.

    Examples
    --------
    >>> infer_kind(["period", "accidents", "deaths"])
    'accidents'
    >>> infer_kind(["period", "category", "examined"])
    'training'
    """
    cols = set(columns)
    if {"accidents", "deaths"} & cols:
        return "accidents"
    if {"category", "examined"} <= cols or "examined" in cols:
        return "training"
    if "level" in cols or "certified" in cols:
        return "standardization"
    if {"indicator", "value"} <= cols:
        return "indicators"
    raise InputError(
        "cannot tell what the table holds from its headers "
        f"{sorted(str(c) for c in cols)}; pass kind='accidents'|'training'|'standardization'|'indicators' "
        "or rename the headers (e.g. 年份, 事故起数, 死亡人数)"
    )


# ---------------------------------------------------------------------------
# Public readers
# ---------------------------------------------------------------------------
def read_csv(
    source: PathOrBuffer,
    *,
    kind: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    validate: bool = True,
) -> pd.DataFrame:
    """Read a CSV (or TSV) file into a validated canonical frame.

    Parameters
    ----------
    source : path or file-like
        The file; text or binary buffers are accepted too.
    kind : {"accidents", "training", "standardization", "indicators"}, optional
        The schema; inferred from the headers when omitted.
    encoding : str, optional
        Force an encoding (otherwise UTF-8, UTF-8-BOM, UTF-16 and GB18030 are detected).
    delimiter : str, optional
        Force a delimiter (otherwise detected among ``, \\t ; |``).
    validate : bool, default True
        Check the frame with the schema (errors list every failing cell).

    Returns
    -------
    pandas.DataFrame
        Canonical columns; ``attrs`` holds ``source``, ``encoding``,
        ``skipped_rows`` and ``unmapped_columns``.

    Raises
    ------
    InputError
        Unreadable file (missing, binary, unknown encoding, empty, no data rows).
    ValidationError
        Listing every bad cell with its line number in the file.

    Examples
    --------
    >>> import io as _io
    >>> raw = "年份,事故起数,死亡人数\\n2023,\\"1,071\\",50\\n".encode("gbk")
    >>> read_csv(_io.BytesIO(raw))["accidents"].tolist()
    [1071]
    """
    text, name, enc = _read_source(source, encoding=encoding)
    if not text.strip():
        raise InputError("is empty: no header and no data rows", file=name)
    if delimiter is None:
        sample = "\n".join(text.splitlines()[:20])
        try:
            delimiter = csv.Sniffer().sniff(sample, delimiters=",\t;|").delimiter
        except csv.Error:
            delimiter = ","
    reader = csv.reader(_io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[str]] = []
    lines: list[int] = []
    start = 1
    try:
        for row in reader:
            rows.append(row)
            lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(f"is not valid CSV: {exc}", file=name, row=reader.line_num) from None
    frame = tidy_table(rows, lines, kind=kind, file=name, validate_frame=validate)
    frame.attrs["encoding"] = enc
    return frame


def read_excel(
    source: PathOrBuffer,
    *,
    kind: str | None = None,
    sheet: str | int = 0,
    validate: bool = True,
) -> pd.DataFrame:
    """Read one sheet of an Excel workbook (.xlsx) into a validated canonical frame.

    Row numbers in messages are Excel's (the header is usually row 1).

    Parameters
    ----------
    source : path or file-like
        The workbook.
    kind : str, optional
        The schema; inferred from the headers when omitted.
    sheet : str or int, default 0
        Sheet name or position.
    validate : bool, default True
        Check the frame with the schema.

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> import io as _io, pandas as pd
    >>> buf = _io.BytesIO()
    >>> pd.DataFrame({"年份": [2022, 2023], "事故": [80, 71], "死亡": [56, 50]}).to_excel(buf, index=False)
    >>> read_excel(buf)["deaths"].tolist()
    [56, 50]
    """
    name = str(source) if isinstance(source, (str, os.PathLike)) else getattr(source, "name", None)
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if not path.exists():
            raise InputError("file not found; check the path", file=name)
        if path.is_dir():
            raise InputError("is a folder, not a file", file=name)
        if path.stat().st_size == 0:
            raise InputError("is empty", file=name)
    try:
        raw = pd.read_excel(source, sheet_name=sheet, header=None, dtype=object)
    except ValueError as exc:
        raise InputError(f"cannot read sheet {sheet!r}: {exc}", file=name) from None
    except Exception as exc:  # zip/xml errors from openpyxl for files that are not workbooks
        raise InputError(f"is not a readable Excel workbook ({type(exc).__name__}: {exc})", file=name) from None
    rows = raw.to_numpy(dtype=object).tolist()
    lines = [int(i) + 1 for i in raw.index]
    frame = tidy_table(rows, lines, kind=kind, file=name, validate_frame=validate)
    frame.attrs["sheet"] = sheet
    return frame


def read_parquet(source: PathOrBuffer, *, kind: str | None = None, validate: bool = True) -> pd.DataFrame:
    """Read a Parquet file (needs ``pyarrow``) into a validated canonical frame.

    Row numbers in messages count data rows from 1.

    Parameters
    ----------
    source : path or file-like
        The file.
    kind : str, optional
        The schema; inferred from the column names when omitted.
    validate : bool, default True
        Check the frame with the schema.

    Returns
    -------
    pandas.DataFrame
    """
    name = str(source) if isinstance(source, (str, os.PathLike)) else getattr(source, "name", None)
    try:
        raw = pd.read_parquet(source)
    except ImportError as exc:
        raise InputError(f"reading Parquet needs pyarrow: pip install 'safetystats[parquet]' ({exc})",
                         file=name) from None
    except (OSError, ValueError) as exc:
        if isinstance(exc, FileNotFoundError):
            raise InputError("file not found; check the path", file=name) from None
        raise InputError(f"is not a readable Parquet file ({exc})", file=name) from None
    rows = [list(map(str, raw.columns))] + raw.astype(object).to_numpy().tolist()
    lines = list(range(0, len(raw) + 1))
    return tidy_table(rows, lines, kind=kind, file=name, validate_frame=validate)


def read(source: PathOrBuffer, *, kind: str | None = None, **options: Any) -> pd.DataFrame:
    """Read a CSV, TSV, Excel or Parquet file, chosen by its extension.

    Parameters
    ----------
    source : path
        ``.csv``, ``.tsv``, ``.txt``, ``.xlsx``, ``.xlsm`` or ``.parquet``.
    kind : str, optional
        The schema; inferred from the headers when omitted.
    **options
        Passed to the reader (``encoding``, ``sheet``, ``validate`` …).

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> from safetystats.datasets import data_path
    >>> read(data_path("suzhou_2023/accidents.csv"))[["period", "accidents", "deaths"]]
      period  accidents  deaths
    0   2023         71      50
    """
    suffix = Path(str(getattr(source, "name", source))).suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".xls"):
        return read_excel(source, kind=kind, **options)
    if suffix in (".parquet", ".pq"):
        return read_parquet(source, kind=kind, **options)
    if suffix in (".csv", ".tsv", ".txt", ""):
        return read_csv(source, kind=kind, **options)
    raise InputError(
        f"unknown file type {suffix!r}; use .csv, .tsv, .xlsx or .parquet",
        file=str(getattr(source, "name", source)),
    )


