"""``safetystats chartpack [DATA…] --out DIR --lang zh|en --dpi 150``: PNG charts, tables and an index page."""

from __future__ import annotations

import argparse
import sys
import time


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "chartpack",
        help="write a folder of PNG charts, tables (CSV/Markdown/HTML/Excel), index.html and manifest.json",
        description="Draw every chart the data allow, in Chinese or English, with summary tables, an index.html "
        "gallery and a manifest.json (title, source data and sha256 of every file). With no DATA the bundled "
        "data sets are used (Suzhou 2023 and the national series). The pack is built in a temporary folder and "
        "moved into place at the end; a folder that is not a previous chart pack is never overwritten without "
        "--force.",
    )
    p.add_argument("data", nargs="*", help="data files (CSV, Excel, Parquet): accidents, training, standardization "
                   "or indicators; default: the bundled data")
    p.add_argument("--out", required=True, help="folder to write the pack into")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the charts and tables "
                   "(default: zh)")
    p.add_argument("--dpi", type=int, default=150, help="resolution of the PNGs (default: 150)")
    p.add_argument("--forecast-model", default="auto", help="model of the forecast fans (default: auto; e.g. "
                   "drift, naive, loglinear, ets_auto)")
    p.add_argument("--force", action="store_true", help="replace --out even if it is not a previous chart pack")
    bar = p.add_mutually_exclusive_group()
    bar.add_argument("--progress", dest="progress", action="store_true", default=None,
                     help="always show the progress bar (default: only on a terminal)")
    bar.add_argument("--quiet", dest="progress", action="store_false", help="no progress bar")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import json

    from ..chartpack import build_chartpack

    start = time.perf_counter()
    out = build_chartpack(args.out, lang=args.lang, data=args.data or None, dpi=args.dpi, force=args.force,
                          progress=args.progress, stream=sys.stderr, forecast_model=args.forecast_model)
    seconds = time.perf_counter() - start
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    n_fig = sum(f["kind"] == "figure" for f in manifest["files"])
    n_tab = len({f["path"].rsplit(".", 1)[0] for f in manifest["files"] if f["kind"] == "table"})
    print(f"chart pack written to {out} ({n_fig} figures, {n_tab} tables, index.html) in {seconds:.1f} s")
    print(f"open {out / 'index.html'}")
    return 0
