"""``safetystats check FILE…``: find and check every claim in reports (.txt, .pdf, .html)."""

from __future__ import annotations

import argparse
import sys

FORMATS = ("table", "json", "markdown", "junit")
RULES = ("half_up", "half_even", "down", "up", "any")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "check",
        help="find every percentage change, sum and share in reports and check it",
        description="Read reports (.txt in UTF-8/GBK/GB18030/UTF-16, .pdf with a text layer, .html), find every "
        "percentage-change claim, part-whole sum, share and level statement in Chinese or English, and check "
        "each one: the base counts that reproduce the percentage, the verdict and the exact Poisson p-value of "
        "the change. Folders are searched for reports; many files are checked in parallel. Exit 0 when every "
        "claim is consistent, 1 when any is not, 2 when a file cannot be read.",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="report files or folders")
    p.add_argument("--format", "-f", choices=FORMATS, default="table",
                   help="output: a readable table (default), json, markdown or junit (XML for CI)")
    p.add_argument("--rounding", choices=RULES, default="half_up",
                   help="the rounding rule the report should follow (default half_up, 四舍五入)")
    p.add_argument("--alpha", type=float, default=0.05, help="significance level of the Poisson test (0.05)")
    p.add_argument("--encoding", help="force the text encoding of .txt/.html files (default: detect)")
    p.add_argument("--region", help="region of claims whose sentence names none (default: from the title)")
    p.add_argument("--period", help="period of the report, e.g. 2023 (default: from a Chinese title)")
    p.add_argument("--jobs", "-j", type=int, default=None,
                   help="worker processes for many files (default: the number of CPUs)")
    p.add_argument("--strict", action="store_true",
                   help="also fail (exit 1) on unverifiable claims and on other-rounding matches")
    p.add_argument("--against", nargs="+", action="extend", metavar="DATA",
                   help="raw counts to check the claims with: CSV/Excel/Parquet files or folders (accidents or "
                   "indicators tables, optionally with a vintage/版本 column); lists the disagreements between "
                   "the reports too")
    p.add_argument("--vintage", help="with --against: the default version of each figure (a vintage name, "
                   "'latest' (default) or 'first')")
    p.add_argument("--output", "-o", help="write the report to this file instead of the screen")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    p.set_defaults(func=run)


def _progress_bar(stream):
    def show(done: int, total: int, name: str) -> None:
        width = 24
        filled = int(width * done / total) if total else width
        tail = name if len(name) <= 40 else "…" + name[-39:]
        stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {tail:<40}")
        if done == total:
            stream.write("\r" + " " * (width + 55) + "\r")
        stream.flush()

    return show


def run(args: argparse.Namespace) -> int:
    from ..claims.check import check_files, find_reports
    from ..claims.output import exit_code, format_json, format_junit, format_markdown, format_table, summary_line
    from ..errors import ParameterError

    if args.jobs is not None and args.jobs < 1:
        raise ParameterError(f"--jobs {args.jobs}: give 1 or more worker processes")
    if not 0 < args.alpha < 1:
        raise ParameterError(f"--alpha {args.alpha}: give a level between 0 and 1, such as 0.05")
    files = find_reports(args.files)
    if not files:
        print("safetystats: error: no reports (.txt, .pdf, .html) found in "
              + ", ".join(map(str, args.files)), file=sys.stderr)
        return 2
    err = sys.stderr
    progress = _progress_bar(err) if len(files) > 1 and not args.quiet and err.isatty() else None
    facts = None
    if args.against:  # read and validate the data once (a ValidationError exits 2 before any report is read)
        from ..reconcile import data_facts, read_data

        facts = data_facts(read_data(args.against), vintage=args.vintage)
    elif args.vintage:
        raise ParameterError("--vintage needs --against DATA")
    extra = {} if facts is None else {"against": facts, "vintage": args.vintage}
    results = check_files(files, jobs=args.jobs, progress=progress, rounding=args.rounding, alpha=args.alpha,
                          encoding=args.encoding, region=args.region, period=args.period, **extra)
    for r in results:
        if r.error is not None:
            print(f"safetystats: error: {r.source}: {r.error}", file=err)
    if facts is not None:
        return _against(args, results, facts)
    if args.format == "json":
        text = format_json(results)
    elif args.format == "markdown":
        text = format_markdown(results)
    elif args.format == "junit":
        text = format_junit(results)
    else:
        text = format_table(results)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
        print(summary_line(results), file=err)
    else:
        sys.stdout.write(text + "\n")
        if args.format in ("json", "junit"):
            print(summary_line(results), file=err)
    return exit_code(results, strict=args.strict)


def _against(args: argparse.Namespace, results: list, facts) -> int:
    """Output and exit code of ``check … --against DATA``: the verdicts, the disagreements, a match summary."""
    import json
    import xml.etree.ElementTree as ET

    import pandas as pd

    from ..claims.output import exit_code, format_junit, format_markdown, format_table, records, summary_line
    from ..reconcile import is_failing, reconcile
    from ..reconcile.output import (
        disagreements_junit,
        disagreements_markdown,
        disagreements_records,
        disagreements_table,
        match_summary,
    )

    readable = [r.source for r in results if r.error is None]
    rec = reconcile(readable, against=facts, rounding=args.rounding, alpha=args.alpha, vintage=args.vintage,
                    region=args.region, period=args.period, encoding=args.encoding, check=False) if readable else None
    dis = rec.disagreements if rec is not None else pd.DataFrame()
    tables = [r.table for r in results if r.table is not None and len(r.table)]
    checks = pd.concat(tables, ignore_index=True) if tables else None
    summary = match_summary(checks, dis)
    if args.format == "json":
        text = json.dumps({"claims": records(results), "disagreements": disagreements_records(dis),
                           "summary": f"{summary_line(results)}; {summary}"},
                          ensure_ascii=False, indent=2, allow_nan=False)
    elif args.format == "markdown":
        text = f"{format_markdown(results)}\n\n{disagreements_markdown(dis)}\n\n**Reconciliation:** {summary}"
    elif args.format == "junit":
        root = ET.fromstring(format_junit(results))
        root.append(disagreements_junit(dis))
        for k in ("tests", "failures", "errors", "skipped"):
            root.set(k, str(sum(int(s.get(k, 0)) for s in root)))
        ET.indent(root)
        text = '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")
    else:
        text = f"{format_table(results)}\n\n{disagreements_table(dis)}\n{summary}"
    if args.output:
        with open(args.output, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
        print(f"{summary_line(results)}; {summary}", file=sys.stderr)
    else:
        sys.stdout.write(text + "\n")
        if args.format in ("json", "junit"):
            print(f"{summary_line(results)}; {summary}", file=sys.stderr)
    code = exit_code(results, strict=args.strict)
    if code == 0 and checks is not None:
        failing = is_failing(checks)
        if args.strict:
            failing = failing | (checks["verdict"] == "consistent_other_vintage")
        if failing.any():
            code = 1
    if code == 0 and len(dis):
        code = 1
    return code
