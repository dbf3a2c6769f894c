"""Reference implementations for tests/test_control.py.

Plain, one-series-at-a-time Python transcriptions of the R code that the
control-chart module is checked against.  They are written from the R sources,
not from safetystats, and use loops on purpose (clarity over speed):

* qcc 3.0, ``R/rules.R`` (Luca Scrucca): ``qccRulesViolatingWER1`` … ``WER4``.
  WER2/WER3 use ``embed(statistics, run.length)``: only full windows, and the
  most recent point of the window must itself be beyond the zone limit.
  WER4 = ``qccRulesViolatingNEL2(run.length = 8)``: a run of points strictly
  above (or strictly below) the centre line flags every point from the 8th on.
* qicharts2 (Jacob Anhøj), ``R/helper.functions.R``: ``qic.c``, ``qic.u``,
  ``qic.up`` (Laney u′: ``z_i = (y - cl) / sqrt(cl / n)`` on the baseline,
  ``sigma_z = mean(abs(diff(z_i))) / 1.128``, optionally screening moving
  ranges above 3.267 × their mean), ``qic.g`` (limits from the mean gap,
  centre line the median of the baseline gaps) and ``runs.analysis``.
* Poisson and geometric quantiles by summing the probability mass function
  with ``math`` (no scipy), for the exact probability limits.

Run this file to print the reference values quoted in the tests.
"""

from __future__ import annotations

import math
from statistics import median

# --------------------------------------------------------------------------------------------
# qcc R/rules.R
# --------------------------------------------------------------------------------------------


def qcc_wer1(stat, lcl, ucl):
    return [s > u or s < lo for s, lo, u in zip(stat, lcl, ucl, strict=True)]


def qcc_wer_zone(stat, center, sigma, k, points, width):
    """WER2 (k=2, 2 of 3) and WER3 (k=1, 4 of 5) with qcc's embed() windows."""
    n = len(stat)
    above = [stat[i] > center[i] + k * sigma[i] for i in range(n)]
    below = [stat[i] < max(center[i] - k * sigma[i], 0.0) for i in range(n)]
    out = [False] * n
    for i in range(width - 1, n):
        win_a = above[i - width + 1 : i + 1]
        win_b = below[i - width + 1 : i + 1]
        if (sum(win_a) >= points and above[i]) or (sum(win_b) >= points and below[i]):
            out[i] = True
    return out


def qcc_wer4(stat, center, run_length=8):
    """qccRulesViolatingRun(diffs > 0) and (diffs < 0): flag from the run_length-th point of a run."""
    n = len(stat)
    out = [False] * n
    for cond in ([s > c for s, c in zip(stat, center, strict=True)], [s < c for s, c in zip(stat, center, strict=True)]):
        i = 0
        while i < n:
            if not cond[i]:
                i += 1
                continue
            j = i
            while j < n and cond[j]:
                j += 1
            if j - i >= run_length:
                for t in range(i + run_length - 1, j):
                    out[t] = True
            i = j
    return out


# --------------------------------------------------------------------------------------------
# qicharts2 R/helper.functions.R
# --------------------------------------------------------------------------------------------


def qic_c(y, base):
    cl = sum(v for v, b in zip(y, base, strict=True) if b) / sum(base)
    sd = math.sqrt(cl)
    return cl, [max(cl - 3 * sd, 0.0)] * len(y), [cl + 3 * sd] * len(y)


def qic_u(y, n, base):
    cl = sum(v for v, b in zip(y, base, strict=True) if b) / sum(m for m, b in zip(n, base, strict=True) if b)
    sd = [math.sqrt(cl / m) for m in n]
    return cl, [max(cl - 3 * s, 0.0) for s in sd], [cl + 3 * s for s in sd]


def qic_up(y, n, base, screened=False):
    """Laney u′: y are counts, n exposures; returns (cl, sigma_z, lcl, ucl)."""
    cl = sum(v for v, b in zip(y, base, strict=True) if b) / sum(m for m, b in zip(n, base, strict=True) if b)
    sd = [math.sqrt(cl / m) for m in n]
    z = [(y[i] / n[i] - cl) / sd[i] for i in range(len(y)) if base[i]]
    mr = [abs(z[i] - z[i - 1]) for i in range(1, len(z))]
    amr = sum(mr) / len(mr)
    if screened:
        mr = [m for m in mr if m < 3.267 * amr]
        amr = sum(mr) / len(mr)
    sigma_z = amr / 1.128
    sd = [s * sigma_z for s in sd]
    return cl, sigma_z, [max(cl - 3 * s, 0.0) for s in sd], [cl + 3 * s for s in sd]


def qic_g(y, base):
    yb = [v for v, b in zip(y, base, strict=True) if b]
    mean = sum(yb) / len(yb)
    sd = math.sqrt(mean * (mean + 1))
    return median(yb), mean, max(mean - 3 * sd, 0.0), mean + 3 * sd


def runs_analysis(y, cl):
    """qicharts2 runs.analysis for one part (method = 'anhoej')."""
    runs = []
    for v, c in zip(y, cl, strict=True):
        s = int(v > c) - int(v < c)
        if s != 0:
            runs.append(s)
    n_useful = len(runs)
    if not n_useful:
        return {"n_useful": 0, "longest_run": None, "longest_run_max": None, "crossings": None,
                "crossings_min": None, "runs_signal": False}
    lengths = []
    for s in runs:
        if lengths and lengths[-1][0] == s:
            lengths[-1][1] += 1
        else:
            lengths.append([s, 1])
    longest = max(length for _, length in lengths)
    longest_max = round(math.log2(n_useful)) + 3
    crossings = max(len(lengths) - 1, 0)
    crossings_min = qbinom_half(0.05, max(n_useful - 1, 0))
    return {"n_useful": n_useful, "longest_run": longest, "longest_run_max": longest_max,
            "crossings": crossings, "crossings_min": crossings_min,
            "runs_signal": longest > longest_max or crossings < crossings_min}


def qbinom_half(p, size):
    """R's qbinom(p, size, 0.5): the smallest x with P(X <= x) >= p (exact integer arithmetic)."""
    total = 2**size
    acc = 0
    for x in range(size + 1):
        acc += math.comb(size, x)
        if acc / total >= p:
            return x
    return size


# --------------------------------------------------------------------------------------------
# probability limits by summing the pmf
# --------------------------------------------------------------------------------------------


def poisson_quantile(q, lam):
    """Smallest k with P(X <= k) >= q for X ~ Poisson(lam)."""
    if lam == 0:
        return 0
    term = math.exp(-lam)
    cdf = term
    k = 0
    while cdf < q:
        k += 1
        term *= lam / k
        cdf += term
    return k


def geometric_quantile(q, mean):
    """Smallest k >= 0 with P(X <= k) >= q, X geometric on {0, 1, ...} with the given mean."""
    p = 1.0 / (mean + 1.0)
    k, cdf, term = 0, p, p
    while cdf < q:
        k += 1
        term *= 1 - p
        cdf += term
    return k


if __name__ == "__main__":
    circuit = [21, 24, 16, 12, 15, 5, 28, 20, 31, 25, 20, 24, 16, 19, 10, 17, 13, 22, 18, 39, 30, 24, 16, 19, 17, 15]
    print("circuit c chart (qicharts2 formulas):", qic_c(circuit, [True] * 26)[0])
    print("Poisson(2.5) 0.99865 quantile:", poisson_quantile(0.99865, 2.5))
    print("geometric(mean 1000) 0.00135 / 0.99865 quantiles:",
          geometric_quantile(0.00135, 1000.0), geometric_quantile(0.99865, 1000.0))
    print("Anhøj limits n=10..30:", [(n, round(math.log2(n)) + 3, qbinom_half(0.05, n - 1)) for n in range(10, 31)])
