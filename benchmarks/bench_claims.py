"""Claims from reports (#4): extraction speed, where the time goes, and the parallel speed-up of many files.

There is no other tool that reads these claims, so the ratios are measured in this run against the
simplest alternatives: the whole pipeline against the extraction alone (the cost of the pandera
validation and of the checking engine), and ``check_files`` with N worker processes against one.

Run: .venv/bin/python benchmarks/bench_claims.py [copies]
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from safetystats.checks import check_claims  # noqa: E402
from safetystats.claims import check_text, extract_claims  # noqa: E402
from safetystats.claims.check import check_files  # noqa: E402
from safetystats.claims.extract import _records  # noqa: E402

SEED = (ROOT / "tests" / "corpus" / "claims" / "suzhou_2023_report.txt").read_text(encoding="utf-8")
ENGLISH = ("There were 5,283 fatal work injuries recorded in the United States in 2023, a 3.7-percent decrease "
           "from 5,486 in 2022. The fatal work injury rate was 3.5 fatalities per 100,000 full-time equivalent "
           "(FTE) workers, down from 3.7 in 2022. Transportation incidents remained the most frequent fatal event, "
           "accounting for 36.8% (1,942) of all 5,283 fatalities.\n")


def best(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    copies = int(sys.argv[1]) if len(sys.argv) > 1 else 16
    big = SEED * 20  # a 130,000-character report
    t_records = best(lambda: _records(big, source=None, region=None, period=None), 3)
    n_claims = len(_records(big, source=None, region=None, period=None))
    print(f"extraction alone: {len(big) / t_records / 1e6:.2f} M characters/s, "
          f"{n_claims / t_records:,.0f} claims/s ({len(big):,} characters, {n_claims} claims)")
    eng = ENGLISH * 400
    t_en = best(lambda: _records(eng, source=None, region=None, period=None), 3)
    print(f"English extraction: {len(eng) / t_en / 1e6:.2f} M characters/s")

    t_extract = best(lambda: extract_claims(SEED))
    t_raw = best(lambda: _records(SEED, source=None, region=None, period=None))
    claims = extract_claims(SEED)
    t_check = best(lambda: check_claims(claims))
    t_all = best(lambda: check_text(SEED))
    print(f"seed report ({len(SEED):,} characters, {len(claims)} claims): check_text {t_all * 1e3:.0f} ms = "
          f"extraction {t_raw * 1e3:.0f} ms + frame and schema validation {(t_extract - t_raw) * 1e3:.0f} ms + "
          f"check_claims {t_check * 1e3:.0f} ms")
    print(f"ratio check_text / extraction alone: {t_all / t_raw:.1f}")

    with tempfile.TemporaryDirectory() as tmp:
        for i in range(copies):
            shutil.copy(ROOT / "tests" / "corpus" / "claims" / "suzhou_2023_report.txt", Path(tmp) / f"r{i:03d}.txt")
        jobs = max(2, os.cpu_count() or 2)
        t1 = best(lambda: check_files([tmp], jobs=1), 2)
        tn = best(lambda: check_files([tmp], jobs=jobs), 2)
        print(f"{copies} files: 1 process {t1:.2f} s, {jobs} processes {tn:.2f} s; speed-up {t1 / tn:.2f}x "
              f"on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
