"""``safetystats validate FILE --kind …``: check a data file against its schema."""

from __future__ import annotations

import argparse
import sys
import warnings

KINDS = ("accidents", "training", "standardization", "indicators")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "validate",
        help="check a CSV/Excel/Parquet data file against its schema",
        description="Read a data file (CSV in UTF-8/GBK/GB18030, Excel, Parquet), map its headers and check "
        "every cell. Prints a summary when the file is valid (exit 0), or every problem with its row and "
        "column (exit 2).",
    )
    p.add_argument("file", help="the data file")
    p.add_argument("--kind", choices=KINDS, help="what the file holds (guessed from the headers if omitted)")
    p.add_argument("--sheet", default=0, help="Excel sheet name or number (default: the first)")
    p.add_argument("--encoding", help="force a text encoding (default: detect UTF-8, UTF-8-BOM, UTF-16, GB18030)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..errors import DataWarning
    from ..io import read
    from ..schemas import ALIASES

    options: dict[str, object] = {}
    if args.encoding:
        options["encoding"] = args.encoding
    if str(args.file).lower().endswith((".xlsx", ".xlsm", ".xls")):
        options["sheet"] = int(args.sheet) if str(args.sheet).isdigit() else args.sheet
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DataWarning)
        frame = read(args.file, kind=args.kind, **options)
    out = sys.stdout
    kind = frame.attrs.get("kind")
    print(f"{args.file}: valid {kind} data ({len(frame)} rows)", file=out)
    if frame.attrs.get("encoding"):
        print(f"  encoding: {frame.attrs['encoding']}", file=out)
    periods = frame["period"].tolist()
    if periods:
        print(f"  periods: {periods[0]} … {periods[-1]} ({len(set(periods))} distinct)", file=out)
    regions = frame["region"].dropna().unique().tolist() if "region" in frame.columns else []
    if regions:
        shown = ", ".join(map(str, regions[:5])) + (" …" if len(regions) > 5 else "")
        print(f"  regions: {shown} ({len(regions)})", file=out)
    numeric = [c for c in frame.columns if c in ALIASES and c not in ("region", "period", "level", "decimals")
               and str(frame[c].dtype) in ("Int64", "float64")]
    for col in numeric:
        total = frame[col].sum(skipna=True)
        approx = int(frame[f"{col}_approximate"].sum()) if f"{col}_approximate" in frame.columns else 0
        note = f" ({approx} approximate)" if approx else ""
        text = f"{int(total):,}" if str(frame[col].dtype) == "Int64" else f"{total:,.6g}"
        print(f"  {col}: total {text}, missing {int(frame[col].isna().sum())}{note}", file=out)
    unmapped = frame.attrs.get("unmapped_columns") or []
    if unmapped:
        print(f"  kept as extra columns: {', '.join(unmapped)}", file=out)
    for s in frame.attrs.get("skipped_rows") or []:
        print(f"  skipped row {s['row']}: {s['reason']}", file=out)
    for w in caught:
        if issubclass(w.category, DataWarning) and "skipped" not in str(w.message):
            print(f"  warning: {w.message}", file=out)
    return 0
