"""Vectorised numpy kernels: every function works on many series at once.

A kernel takes ``Y`` of shape ``(n_series, n_periods)`` (all series of one
length; the callers group series by length) and returns the point forecast
``mean`` and the Gaussian forecast-error variance ``var``, both of shape
``(n_series, h)``.  Intervals are made from ``(mean, var)`` by
:func:`intervals` (normal, Poisson or negative binomial).

Loops here run over time steps, grid points or horizons, never over series.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "naive",
    "mean_model",
    "drift",
    "seasonal_naive",
    "ets_fit",
    "ets_filter",
    "ets_forecast",
    "theta",
    "intervals",
    "censored_normal_moments",
]


# ---------------------------------------------------------------------------
# Benchmark models (Hyndman & Athanasopoulos, FPP3 section 5.2 and 5.5)
# ---------------------------------------------------------------------------
def naive(Y: np.ndarray, h: int) -> tuple[np.ndarray, np.ndarray, dict]:
    """Random walk: mean y_T, variance sigma^2 h with sigma^2 = mean squared difference."""
    d = np.diff(Y, axis=1)
    sigma2 = np.mean(d**2, axis=1)
    steps = np.arange(1, h + 1, dtype=float)
    mean = np.repeat(Y[:, -1:], h, axis=1).astype(float)
    var = sigma2[:, None] * steps[None, :]
    return mean, var, {"sigma2": sigma2}


def mean_model(Y: np.ndarray, h: int) -> tuple[np.ndarray, np.ndarray, dict]:
    """Historical mean: mean y-bar, variance s^2 (1 + 1/T) with the sample variance s^2."""
    T = Y.shape[1]
    ybar = Y.mean(axis=1)
    sigma2 = np.sum((Y - ybar[:, None]) ** 2, axis=1) / (T - 1)
    mean = np.repeat(ybar[:, None], h, axis=1)
    var = np.repeat((sigma2 * (1.0 + 1.0 / T))[:, None], h, axis=1)
    return mean, var, {"sigma2": sigma2}


def drift(Y: np.ndarray, h: int) -> tuple[np.ndarray, np.ndarray, dict]:
    """Random walk with drift: y_T + h b, variance sigma^2 h (1 + h/(T-1)), sigma^2 = SS/(T-1)."""
    T = Y.shape[1]
    b = (Y[:, -1] - Y[:, 0]) / (T - 1)
    e = np.diff(Y, axis=1) - b[:, None]
    sigma2 = np.sum(e**2, axis=1) / (T - 1)
    steps = np.arange(1, h + 1, dtype=float)
    mean = Y[:, -1:] + b[:, None] * steps[None, :]
    var = sigma2[:, None] * (steps * (1.0 + steps / (T - 1)))[None, :]
    return mean, var, {"sigma2": sigma2, "drift": b}


def seasonal_naive(Y: np.ndarray, h: int, m: int) -> tuple[np.ndarray, np.ndarray, dict]:
    """Seasonal naive: the value of the same season last cycle; variance sigma^2 (k + 1)."""
    T = Y.shape[1]
    steps = np.arange(1, h + 1)
    idx = T - m + (steps - 1) % m
    mean = Y[:, idx].astype(float)
    e = Y[:, m:] - Y[:, :-m]
    sigma2 = np.mean(e**2, axis=1)
    k = (steps - 1) // m
    var = sigma2[:, None] * (k + 1.0)[None, :]
    return mean, var, {"sigma2": sigma2}


# ---------------------------------------------------------------------------
# ETS with additive errors: (A,N,N), (A,A,N), (A,Ad,N)
# ---------------------------------------------------------------------------
# Parameter space and likelihood as statsmodels' ETSModel: 1e-4 <= alpha <= 1-1e-4,
# beta = beta_star * alpha with 1e-4 <= beta_star <= 1-1e-4, 0.8 <= phi <= 0.98,
# initial states estimated, log-likelihood -n/2 (log(2 pi SSE/n) + 1).
LO, HI = 1e-4, 1 - 1e-4
PHI_LO, PHI_HI = 0.8, 0.98
#: spec -> (trend, damped); the first letter is the error type (A additive, M multiplicative)
ETS_SPECS: dict[str, tuple[bool, bool]] = {
    "ANN": (False, False), "AAN": (True, False), "AAdN": (True, True),
    "MNN": (False, False), "MAN": (True, False), "MAdN": (True, True),
}
#: number of estimated parameters (smoothing + initial states), without sigma^2
ETS_NPAR = {"ANN": 2, "AAN": 4, "AAdN": 5, "MNN": 2, "MAN": 4, "MAdN": 5}


def _is_mul(spec: str) -> bool:
    return spec[0] == "M"


def _profile(Y: np.ndarray, alpha: np.ndarray, beta: np.ndarray, phi: np.ndarray, trend: bool):
    """SSE minimised over the initial states, for each series and parameter column.

    The states are affine in the initial states (l0, b0), so for fixed smoothing
    parameters the one-step errors are ``e = e_y + l0 e_u + b0 e_v`` and the
    least-squares initial states solve a 2x2 (1x1 without trend) system.

    ``Y`` is (N, T); ``alpha``, ``beta``, ``phi`` broadcast to (N, G).
    Returns ``sse, l0, b0, lT, bT`` each (N, G).
    """
    N, T = Y.shape
    shape = np.broadcast_shapes((N, 1), np.shape(alpha), np.shape(beta), np.shape(phi))
    a = np.broadcast_to(alpha, shape)
    pshape = np.broadcast_shapes(np.shape(alpha), np.shape(beta), np.shape(phi))
    a_p = np.broadcast_to(alpha, pshape)
    b_p = np.broadcast_to(beta, pshape)
    f_p = np.broadcast_to(phi, pshape)
    ly = np.zeros(shape)
    lu = np.ones(pshape)
    syy = np.zeros(shape)
    suy = np.zeros(shape)
    suu = np.zeros(pshape)
    if trend:
        by = np.zeros(shape)
        lv = np.zeros(pshape)
        bu = np.zeros(pshape)
        bv = np.ones(pshape)
        svy = np.zeros(shape)
        suv = np.zeros(pshape)
        svv = np.zeros(pshape)
        f = np.broadcast_to(phi, shape)
        bb = np.broadcast_to(beta, shape)
    for t in range(T):
        yt = Y[:, t : t + 1]
        if trend:
            fy = ly + f * by
            fu = lu + f_p * bu
            fv = lv + f_p * bv
        else:
            fy, fu = ly, lu
        ey = yt - fy
        eu = -fu
        syy += ey * ey
        suy += eu * ey
        suu += eu * eu
        ly = fy + a * ey
        lu = fu + a_p * eu
        if trend:
            ev = -fv
            svy += ev * ey
            suv += eu * ev
            svv += ev * ev
            by = f * by + bb * ey
            bu = f_p * bu + b_p * eu
            bv = f_p * bv + b_p * ev
            lv = fv + a_p * ev
    if not trend:
        with np.errstate(divide="ignore", invalid="ignore"):
            l0 = np.where(suu > 0, -suy / suu, 0.0)
        sse = syy + l0 * suy
        lT = ly + l0 * lu
        zero = np.zeros(shape)
        return np.maximum(sse, 0.0), l0, zero, lT, zero
    det = suu * svv - suv * suv
    with np.errstate(divide="ignore", invalid="ignore"):
        l0 = np.where(det > 0, -(svv * suy - suv * svy) / det, 0.0)
        b0 = np.where(det > 0, -(suu * svy - suv * suy) / det, 0.0)
    sse = syy + l0 * suy + b0 * svy
    lT = ly + l0 * lu + b0 * lv
    bT = by + l0 * bu + b0 * bv
    return np.maximum(sse, 0.0), l0, b0, lT, bT


def _grid(spec: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if _is_mul(spec) and spec != "MNN":  # coarser: the M search refines the initial states as well
        alphas = np.array([0.02, 0.1, 0.25, 0.45, 0.7, 0.9, HI])
        bstars = np.array([LO, 0.1, 0.35, 0.7])
        phis = np.ones(1) if spec == "MAN" else np.array([0.82, 0.9, 0.97])
        A, B, F = np.meshgrid(alphas, bstars, phis, indexing="ij")
        return A.ravel(), B.ravel(), F.ravel()
    spec = "A" + spec[1:]
    alphas = np.array([LO, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.97, HI])
    if spec == "ANN":
        alphas = np.concatenate([alphas, [0.01, 0.035, 0.075, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 0.94]])
        return alphas, np.zeros_like(alphas), np.ones_like(alphas)
    bstars = np.array([LO, 0.05, 0.15, 0.3, 0.5, 0.7, 0.9, HI])
    phis = np.ones(1) if spec == "AAN" else np.array([PHI_LO, 0.88, 0.94, PHI_HI])
    A, B, F = np.meshgrid(alphas, bstars, phis, indexing="ij")
    return A.ravel(), B.ravel(), F.ravel()


def _chunks(N: int, G: int, budget: int = 1_500_000):
    size = max(1, budget // max(G, 1))
    for start in range(0, N, size):
        yield slice(start, min(N, start + size))


def _coordinate_moves(best: np.ndarray, steps: np.ndarray, free, lo, hi) -> np.ndarray:
    """Pattern-search candidates (N, 2 * len(free), 3): each free parameter one step down and up, within bounds."""
    cand = []
    for d in free:
        for sgn in (-1.0, 1.0):
            P = best.copy()
            P[:, d] = np.clip(P[:, d] + sgn * steps[:, d], lo[d], hi[d])
            cand.append(P)
    return np.stack(cand, axis=1)


def ets_fit(Y: np.ndarray, spec: str, *, refine_iter: int = 30) -> dict[str, np.ndarray]:
    """Maximum-likelihood ETS fit for many series at once.

    Additive errors: a shared grid over the smoothing parameters (initial
    states profiled out exactly by least squares) followed by a per-series
    bounded pattern search.  Multiplicative errors (``M..``, strictly positive
    series only; other rows get ``aicc = inf``): the same grid, the M
    likelihood evaluated at the least-squares initial states, then a pattern
    search over smoothing parameters and initial states together.

    Returns a dict of (N,) arrays: alpha, beta, phi, l0, b0, lT, bT, sse,
    sigma2, llf, aicc, k (parameters counted as statsmodels does: smoothing
    parameters + initial states + 1 for the variance).
    """
    if _is_mul(spec):
        return _ets_fit_mul(np.asarray(Y, dtype=float), spec)
    trend, damped = ETS_SPECS[spec]
    Y = np.asarray(Y, dtype=float)
    N, T = Y.shape
    ga, gb, gf = _grid(spec)
    G = ga.size
    best = np.empty((N, 3))
    for sl in _chunks(N, G):
        sse, *_ = _profile(Y[sl], ga[None, :], (gb * ga)[None, :], gf[None, :], trend)
        j = np.argmin(sse, axis=1)
        best[sl, 0], best[sl, 1], best[sl, 2] = ga[j], gb[j], gf[j]
    # bounded pattern search in (alpha, beta_star, phi)
    free = [0] + ([1] if trend else []) + ([2] if damped else [])
    lo = np.array([LO, LO, PHI_LO])
    hi = np.array([HI, HI, PHI_HI])
    step = np.array([0.05, 0.1, 0.03])
    steps = np.tile(step, (N, 1))

    def evaluate(P: np.ndarray) -> np.ndarray:  # P (N, K, 3)
        a, bs, f = P[..., 0], P[..., 1], P[..., 2]
        beta = bs * a if trend else np.zeros_like(a)
        phi = f if damped else np.ones_like(a)
        return _profile(Y, a, beta, phi, trend)[0]

    cur = evaluate(best[:, None, :])[:, 0]
    for _ in range(refine_iter):
        C = _coordinate_moves(best, steps, free, lo, hi)
        vals = evaluate(C)
        j = np.argmin(vals, axis=1)
        v = vals[np.arange(N), j]
        better = v < cur - 1e-12 * np.maximum(1.0, np.abs(cur))
        best[better] = C[better, j[better]]
        cur = np.where(better, v, cur)
        steps[~better] *= 0.5
    a = best[:, 0]
    beta = best[:, 1] * a if trend else np.zeros(N)
    phi = best[:, 2] if damped else np.ones(N)
    sse, l0, b0, lT, bT = (x[:, 0] for x in _profile(Y, a[:, None], beta[:, None], phi[:, None], trend))
    return _finish(Y, spec, a, beta, phi, sse, l0, b0, lT, bT)


def _finish(Y, spec, a, beta, phi, sse, l0, b0, lT, bT, log_fitted=None) -> dict[str, np.ndarray]:
    """Collect a fit; ``sse`` is the sum of squared (relative, for M errors) one-step errors."""
    N, T = Y.shape
    scale = 1.0 if _is_mul(spec) else np.maximum(1.0, np.mean(Y**2, axis=1))
    sigma2 = np.maximum(sse / T, 1e-12 * scale)
    llf = -T / 2.0 * (np.log(2 * np.pi * sigma2) + 1.0)
    if log_fitted is not None:
        llf = llf - log_fitted
    k = ETS_NPAR[spec] + 1
    with np.errstate(divide="ignore"):
        aicc = -2 * llf + 2 * k + (2.0 * k * (k + 1) / (T - k - 1) if T - k - 1 > 0 else np.inf)
    return {
        "alpha": a, "beta": beta, "phi": phi, "l0": l0, "b0": b0, "lT": lT, "bT": bT,
        "sse": sse, "sigma2": sigma2, "llf": llf, "aicc": np.broadcast_to(aicc, (N,)).astype(float),
        "k": np.full(N, k),
    }


def ets_filter(Y: np.ndarray, spec: str, *, alpha, beta, phi, l0, b0) -> dict[str, np.ndarray]:
    """Run the ETS recursion with given parameters and initial states (no estimation).

    Returns the same dict as :func:`ets_fit` plus ``fitted`` (N, T).
    """
    trend, damped = ETS_SPECS[spec]
    Y = np.asarray(Y, dtype=float)
    N, T = Y.shape
    a = np.broadcast_to(np.asarray(alpha, float), (N,))
    bt = np.broadcast_to(np.asarray(beta if trend else 0.0, float), (N,))
    f = np.broadcast_to(np.asarray(phi if damped else 1.0, float), (N,))
    level = np.broadcast_to(np.asarray(l0, float), (N,)).copy()
    slope = np.broadcast_to(np.asarray(b0 if trend else 0.0, float), (N,)).copy()
    fitted = np.empty((N, T))
    for t in range(T):
        yhat = level + f * slope
        e = Y[:, t] - yhat
        fitted[:, t] = yhat
        level = yhat + a * e
        slope = f * slope + bt * e
    if _is_mul(spec):
        with np.errstate(divide="ignore", invalid="ignore"):
            sse = np.sum(((Y - fitted) / fitted) ** 2, axis=1)
            logf = np.sum(np.log(np.abs(fitted)), axis=1)
    else:
        sse, logf = np.sum((Y - fitted) ** 2, axis=1), None
    out = _finish(Y, spec, a, bt, f, sse, np.asarray(l0, float), np.asarray(b0 if trend else 0.0, float),
                  level, slope, logf)
    out["fitted"] = fitted
    return out


def ets_forecast(fit: dict[str, np.ndarray], spec: str, h: int) -> tuple[np.ndarray, np.ndarray]:
    """Point forecasts and forecast-error variances.

    Additive errors: class 1 of Hyndman et al. (2008, Table 6.1), as
    statsmodels.  Multiplicative errors with additive or no trend: class 2
    (Hyndman, Koehler, Ord & Snyder 2005): ``v_h = (1 + s2) theta_h - mu_h^2``
    with ``theta_1 = mu_1^2``, ``theta_h = mu_h^2 + s2 sum_j c_j^2 theta_{h-j}``
    and ``c_j = alpha + beta (phi + ... + phi^j)``.
    """
    if _is_mul(spec):
        return _mul_forecast(fit, spec, h)
    steps = np.arange(1, h + 1, dtype=float)[None, :]
    a = fit["alpha"][:, None]
    b = fit["beta"][:, None]
    f = fit["phi"][:, None]
    if spec == "ANN":
        mean = np.repeat(fit["lT"][:, None], h, axis=1)
        rel = 1 + a**2 * (steps - 1)
    elif spec == "AAN":
        mean = fit["lT"][:, None] + steps * fit["bT"][:, None]
        rel = 1 + (steps - 1) * (a**2 + a * b * steps + b**2 * steps / 6 * (2 * steps - 1))
    else:
        cum = np.cumsum(f ** np.arange(1, h + 1)[None, :], axis=1)
        mean = fit["lT"][:, None] + cum * fit["bT"][:, None]
        rel = (
            1
            + a**2 * (steps - 1)
            + (b * f * steps) / (1 - f) ** 2 * (2 * a * (1 - f) + b * f)
            - (b * f * (1 - f**steps)) / ((1 - f) ** 2 * (1 - f**2)) * (2 * a * (1 - f**2) + b * f * (1 + 2 * f - f**steps))
        )
    return mean, fit["sigma2"][:, None] * rel


def _mul_nll(Y: np.ndarray, a, beta, phi, l0, b0):
    """Concentrated negative log-likelihood of an M-error model (+ end states), params broadcast (N, K).

    The state recursion is the additive one (``l_t = yhat + alpha e``,
    ``b_t = phi b + beta e``); the likelihood is statsmodels':
    ``T/2 (log(2 pi mean(r^2)) + 1) + sum log|yhat|`` with ``r = e / yhat``.
    A fitted value at or below zero makes the model inadmissible (``inf``).
    """
    N, T = Y.shape
    level = np.array(l0, dtype=float, copy=True)
    slope = np.array(b0, dtype=float, copy=True)
    shape = np.broadcast_shapes(level.shape, slope.shape, np.shape(a), np.shape(beta), np.shape(phi))
    level, slope = np.broadcast_to(level, shape).copy(), np.broadcast_to(slope, shape).copy()
    s_r2 = np.zeros(shape)
    s_log = np.zeros(shape)
    bad = np.zeros(shape, dtype=bool)
    for t in range(T):
        yhat = level + phi * slope
        bad |= ~(yhat > 0)
        safe = np.where(yhat > 0, yhat, 1.0)
        e = Y[:, t : t + 1] - yhat if level.ndim == 2 else Y[:, t] - yhat
        s_r2 += (e / safe) ** 2
        s_log += np.log(safe)
        level = yhat + a * e
        slope = phi * slope + beta * e
    with np.errstate(divide="ignore"):
        nll = T / 2.0 * (np.log(2 * np.pi * np.maximum(s_r2, 1e-300) / T) + 1.0) + s_log
    return np.where(bad, np.inf, nll), level, slope, s_r2, s_log


def _components(Y: np.ndarray, a, beta, phi, trend: bool):
    """Fitted values as affine functions of the initial states: yhat_t = c_t + l0 u_t + b0 v_t.

    Params broadcast to (N, K); returns c, u, v of shape (N, K, T) (u, v may be
    (1, K, T) when the params are shared) and the end-state components.
    """
    N, T = Y.shape
    shape = np.broadcast_shapes((N, 1), np.shape(a), np.shape(beta), np.shape(phi))
    pshape = np.broadcast_shapes(np.shape(a), np.shape(beta), np.shape(phi))
    ly, by = np.zeros(shape), np.zeros(shape)
    lu, bu = np.ones(pshape), np.zeros(pshape)
    lv, bv = np.zeros(pshape), np.ones(pshape)
    C = np.empty((*shape, T))
    U = np.empty((*pshape, T))
    V = np.empty((*pshape, T))
    for t in range(T):
        fy = ly + phi * by
        fu = lu + phi * bu
        fv = lv + phi * bv
        C[..., t], U[..., t], V[..., t] = fy, fu, fv
        ey = Y[:, t : t + 1] - fy
        ly, lu, lv = fy + a * ey, fu - a * fu, fv - a * fv
        if trend:
            by, bu, bv = phi * by + beta * ey, phi * bu - beta * fu, phi * bv - beta * fv
    return C, U, V, (ly, lu, lv, by, bu, bv)


def _mul_profile(Y: np.ndarray, a, beta, phi, trend: bool, *, newton: int = 6, start=None, repair: bool = True):
    """M-error negative log-likelihood minimised over the initial states (Newton, exact).

    Starts from the least-squares initial states, then Newton steps with
    step halving on ``T/2 log(sum r^2) + sum log yhat`` (``r = y/yhat - 1``),
    which is smooth in (l0, b0) because yhat is affine in them.
    Returns ``nll, l0, b0, lT, bT`` (N, K); ``inf`` where no admissible
    initial states (every fitted value above 0) were found.
    """
    C, U, V, (ly, lu, lv, by, bu, bv) = _components(Y, a, beta, phi, trend)
    Yt = Y[:, None, :]
    # least-squares start (the additive-error profile)
    ey = Yt - C
    suu, suy = np.sum(U * U, -1), np.sum(U * ey, -1)
    if trend:
        svv, suv, svy = np.sum(V * V, -1), np.sum(U * V, -1), np.sum(V * ey, -1)
        det = suu * svv - suv * suv
        with np.errstate(divide="ignore", invalid="ignore"):
            l0 = np.where(det > 0, (svv * suy - suv * svy) / det, 0.0)
            b0 = np.where(det > 0, (suu * svy - suv * suy) / det, 0.0)
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            l0 = np.where(suu > 0, suy / suu, 0.0)
        b0 = np.zeros_like(l0)
    T = Y.shape[1]
    if start is not None:  # warm start (a neighbouring point of the search)
        l0 = np.broadcast_to(start[0], l0.shape).copy()
        b0 = np.broadcast_to(start[1], b0.shape).copy() if trend else b0

    def nll_at(l0, b0):
        yh = C + l0[..., None] * U + b0[..., None] * V
        ok = np.all(yh > 0, axis=-1)
        safe = np.where(yh > 0, yh, 1.0)
        r = Yt / safe - 1.0
        S = np.sum(r * r, -1)
        with np.errstate(divide="ignore"):
            val = T / 2.0 * (np.log(2 * np.pi * np.maximum(S, 1e-300) / T) + 1.0) + np.sum(np.log(safe), -1)
        return np.where(ok, val, np.inf), safe, r, S

    cur, yh, r, S = nll_at(l0, b0)
    # an inadmissible least-squares start: shift the level up until every fitted value is positive
    for _ in range(4 if repair else 0):
        badm = ~np.isfinite(cur)
        if not badm.any():
            break
        shift = np.where(badm, np.maximum(np.abs(l0), 1.0) * 0.5 + np.mean(Yt, -1) * 0.1, 0.0)
        l0 = l0 + shift
        cur2, yh2, r2, S2 = nll_at(l0, b0)
        cur = np.where(badm, cur2, cur)
        yh = np.where(badm[..., None], yh2, yh)
        r = np.where(badm[..., None], r2, r)
        S = np.where(badm, S2, S)
    for _ in range(newton):
        w = Yt / yh**2  # -dr/dyhat; dr/dl0 = -w u, dr/db0 = -w v
        terms = [U] + ([V] if trend else [])
        grad = [T / S * (-np.sum(r * w * G, -1)) + np.sum(G / yh, -1) for G in terms]
        d2 = 2 * Yt / yh**3
        H = [[None] * len(terms) for _ in terms]
        for i, Gi in enumerate(terms):
            for j, Gj in enumerate(terms):
                if j < i:
                    H[i][j] = H[j][i]
                    continue
                srd = np.sum((w * Gi) * (w * Gj) + r * d2 * Gi * Gj, -1)
                sr_i = -np.sum(r * w * Gi, -1)
                sr_j = -np.sum(r * w * Gj, -1)
                H[i][j] = T / S * srd - 2 * T / S**2 * sr_i * sr_j - np.sum(Gi * Gj / yh**2, -1)
        if trend:
            h11, h12, h22 = H[0][0], H[0][1], H[1][1]
            det = h11 * h22 - h12 * h12
            pd_ = (h11 > 0) & (det > 0)
            with np.errstate(divide="ignore", invalid="ignore"):
                d0 = np.where(pd_, -(h22 * grad[0] - h12 * grad[1]) / det, -grad[0] / np.maximum(np.abs(h11), 1e-12))
                d1 = np.where(pd_, -(h11 * grad[1] - h12 * grad[0]) / det, -grad[1] / np.maximum(np.abs(h22), 1e-12))
        else:
            h11 = H[0][0]
            with np.errstate(divide="ignore", invalid="ignore"):
                d0 = np.where(h11 > 0, -grad[0] / h11, -grad[0] / np.maximum(np.abs(h11), 1e-12))
            d1 = np.zeros_like(d0)
        d0 = np.nan_to_num(d0)
        d1 = np.nan_to_num(d1)
        best = cur.copy()
        nl0, nb0 = l0.copy(), b0.copy()
        for step in (1.0, 0.3):
            c_l0, c_b0 = l0 + step * d0, b0 + step * d1
            val = nll_at(c_l0, c_b0)[0]
            take = val < best
            best = np.where(take, val, best)
            nl0 = np.where(take, c_l0, nl0)
            nb0 = np.where(take, c_b0, nb0)
        moved = np.any(best < cur)
        l0, b0 = nl0, nb0
        cur, yh, r, S = nll_at(l0, b0)
        if not moved:
            break
    lT = ly + l0 * lu + b0 * lv
    bT = by + l0 * bu + b0 * bv if trend else np.zeros_like(lT)
    return cur, l0, b0, lT, bT


def _ets_fit_mul(Y: np.ndarray, spec: str, *, refine_iter: int = 24) -> dict[str, np.ndarray]:
    """M-error ETS fit for many series at once.

    A shared grid then a per-series pattern search over the smoothing
    parameters; at every point the initial states are profiled out exactly by
    Newton's method (:func:`_mul_profile`).
    """
    trend, damped = ETS_SPECS[spec]
    N, T = Y.shape
    ok = np.all(Y > 0, axis=1)
    out_rows = np.flatnonzero(ok)
    Yp = Y[ok]
    n = Yp.shape[0]
    best = np.empty((n, 3))
    cur = np.full(n, np.inf)
    if n:
        ga, gb, gf = _grid(spec)
        for sl in _chunks(n, ga.size * T, budget=4_000_000):
            nll = _mul_profile(Yp[sl], ga[None, :], (gb * ga)[None, :], gf[None, :], trend, newton=0, repair=False)[0]
            j = np.argmin(nll, axis=1)
            best[sl] = np.stack([ga[j], gb[j], gf[j]], axis=1)
            cur[sl] = nll[np.arange(nll.shape[0]), j]
        free = [0] + ([1] if trend else []) + ([2] if damped else [])
        lo = np.array([LO, LO, PHI_LO])
        hi = np.array([HI, HI, PHI_HI])
        steps = np.tile(np.array([0.05, 0.1, 0.03]), (n, 1))

        def evaluate(P: np.ndarray, newton: int, start=None):
            a, bs, f = P[..., 0], P[..., 1], P[..., 2]
            beta = bs * a if trend else np.zeros_like(a)
            phi = f if damped else np.ones_like(a)
            return _mul_profile(Yp, a, beta, phi, trend, newton=newton, start=start)

        cur, l0b, b0b = (x[:, 0] for x in evaluate(best[:, None, :], 10)[:3])
        for _ in range(refine_iter):
            C = _coordinate_moves(best, steps, free, lo, hi)
            vals, l0c, b0c = evaluate(C, 1, (l0b[:, None], b0b[:, None]))[:3]
            j = np.argmin(vals, axis=1)
            rows = np.arange(n)
            v = vals[rows, j]
            better = v < cur - 1e-12 * np.maximum(1.0, np.abs(np.where(np.isfinite(cur), cur, 0.0)))
            best[better] = C[better, j[better]]
            l0b = np.where(better, l0c[rows, j], l0b)
            b0b = np.where(better, b0c[rows, j], b0b)
            cur = np.where(better, v, cur)
            steps[~better] *= 0.5
    a = np.full(N, 0.5)
    beta = np.zeros(N)
    phi = np.ones(N)
    l0 = Y[:, 0].astype(float).copy()
    b0 = np.zeros(N)
    if n:
        a[out_rows] = best[:, 0]
        beta[out_rows] = best[:, 1] * best[:, 0] if trend else 0.0
        phi[out_rows] = best[:, 2] if damped else 1.0
        _, l0p, b0p, _, _ = (x[:, 0] for x in _mul_profile(Yp, a[out_rows, None], beta[out_rows, None],
                                                             phi[out_rows, None], trend, newton=10,
                                                             start=(l0b[:, None], b0b[:, None])))
        l0[out_rows], b0[out_rows] = l0p, b0p
    fit = ets_filter(Y, spec, alpha=a, beta=beta, phi=phi, l0=l0, b0=b0)
    good = ok & np.isfinite(fit["llf"]) & np.all(fit["fitted"] > 0, axis=1)
    fit["aicc"] = np.where(good, fit["aicc"], np.inf)
    fit["llf"] = np.where(good, fit["llf"], -np.inf)
    fit["lT"] = np.where(good, fit["lT"], Y[:, -1])  # finite states for rows never chosen
    fit["bT"] = np.where(good, fit["bT"], 0.0)
    fit.pop("fitted")
    return fit


def _mul_forecast(fit: dict[str, np.ndarray], spec: str, h: int) -> tuple[np.ndarray, np.ndarray]:
    a = fit["alpha"][:, None]
    b = fit["beta"][:, None]
    f = fit["phi"][:, None]
    j = np.arange(1, h + 1, dtype=float)[None, :]
    cum = np.cumsum(f ** j, axis=1)  # phi + ... + phi^j (= j when phi = 1)
    mean = fit["lT"][:, None] + cum * fit["bT"][:, None]
    c = a + b * cum  # c_j, j = 1..h
    s2 = fit["sigma2"][:, None]
    theta = np.empty_like(mean)
    for k in range(h):
        acc = mean[:, k] ** 2
        if k:
            acc = acc + s2[:, 0] * np.sum(c[:, :k] ** 2 * theta[:, k - 1 :: -1][:, :k], axis=1)
        theta[:, k] = acc
    var = (1 + s2) * theta - mean**2
    return mean, var


# ---------------------------------------------------------------------------
# Theta (Hyndman & Billah 2003; R forecast::thetaf)
# ---------------------------------------------------------------------------
def theta(Y: np.ndarray, h: int, *, ses: dict[str, np.ndarray] | None = None):
    """Standard theta method: SES plus half the linear-trend slope.

    mean_h = SES_h + (b/2) (h - 1 + (1 - (1-alpha)^T)/alpha); the interval is
    the SES interval moved with the mean (as R's ``thetaf``), so the point
    forecast is always inside its own interval.
    """
    Y = np.asarray(Y, dtype=float)
    N, T = Y.shape
    if ses is None:
        ses = ets_fit(Y, "ANN")
    t = np.arange(T, dtype=float)
    tc = t - t.mean()
    b = (Y - Y.mean(axis=1, keepdims=True)) @ tc / np.sum(tc**2)
    a = np.maximum(ses["alpha"], 1e-10)[:, None]
    steps = np.arange(h, dtype=float)[None, :]
    mean = ses["lT"][:, None] + (b[:, None] / 2.0) * (steps + (1 - (1 - a) ** T) / a)
    var = ses["sigma2"][:, None] * (1 + steps * a**2)
    return mean, var, {"alpha": ses["alpha"], "slope": b, "sigma2": ses["sigma2"]}


# ---------------------------------------------------------------------------
# Intervals
# ---------------------------------------------------------------------------
def censored_normal_moments(mu: np.ndarray, var: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean and variance of max(X, 0) for X ~ N(mu, var)."""
    from scipy.special import ndtr

    s = np.sqrt(np.maximum(var, 0.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(s > 0, mu / s, np.sign(mu) * np.inf)
    Phi = ndtr(z)
    phi = np.where(np.isfinite(z), np.exp(-0.5 * np.where(np.isfinite(z), z, 0.0) ** 2) / np.sqrt(2 * np.pi), 0.0)
    m1 = np.where(s > 0, mu * Phi + s * phi, np.maximum(mu, 0.0))
    m2 = np.where(s > 0, (mu**2 + var) * Phi + mu * s * phi, np.maximum(mu, 0.0) ** 2)
    return m1, np.maximum(m2 - m1**2, 0.0)


def intervals(
    mean: np.ndarray,
    var: np.ndarray,
    levels: tuple[float, ...],
    kind: str,
    *,
    clip: bool = False,
    count_moments: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[np.ndarray, dict[float, tuple[np.ndarray, np.ndarray]], np.ndarray]:
    """Prediction intervals from a point forecast and a forecast variance.

    kind ``"normal"``: mean +/- z sqrt(var) (clipped at 0 when ``clip``).
    kind ``"count"``: quantiles of a count distribution with the moments of the
    normal predictive censored at zero; Poisson when that variance is at most
    the mean (variance floored at the mean), else negative binomial. Bounds are
    integers and always enclose the (zero-clipped) point forecast.

    ``count_moments`` gives the mean and variance of the count distribution
    directly (a count model such as the log-linear GLM knows them), instead of
    the censored-normal moments.

    Returns ``(point, {level: (lo, hi)}, distribution)``.
    """
    from scipy.special import ndtri

    out: dict[float, tuple[np.ndarray, np.ndarray]] = {}
    if kind == "normal":
        sd = np.sqrt(np.maximum(var, 0.0))
        for lev in levels:
            z = ndtri(0.5 + lev / 200.0)
            lo, hi = mean - z * sd, mean + z * sd
            if clip:
                lo, hi = np.maximum(lo, 0.0), np.maximum(hi, 0.0)
            out[lev] = (lo, hi)
        return (np.maximum(mean, 0.0) if clip else mean), out, np.full(mean.shape, "normal", dtype=object)
    point = np.maximum(mean, 0.0)
    m, v = censored_normal_moments(mean, var) if count_moments is None else count_moments
    m = np.maximum(m, 1e-12)
    v = np.maximum(v, m)
    is_nb = v > m * (1 + 1e-9)
    with np.errstate(divide="ignore", invalid="ignore"):
        n_nb = np.where(is_nb, m**2 / (v - m), 1.0)
        p_nb = np.where(is_nb, m / v, 0.5)
    for lev in levels:
        q = (0.5 - lev / 200.0, 0.5 + lev / 200.0)
        bounds = [count_ppf(qq, m, v, is_nb, n_nb, p_nb) for qq in q]
        lo = np.minimum(np.maximum(bounds[0], 0.0), np.floor(point))
        hi = np.maximum(bounds[1], np.ceil(point))
        out[lev] = (lo, hi)
    dist = np.where(is_nb, "negbin", "poisson").astype(object)
    return point, out, dist


def _count_guess(q: float, m: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Starting integer: the gamma distribution with the same mean and variance (continuity-corrected).

    Wilson-Hilferty cube-root approximation of the gamma quantile; the exact
    inverse where the shape is small.
    """
    from scipy.special import gammaincinv, ndtri

    shape = m * m / v
    c = 1.0 / (9.0 * shape)
    with np.errstate(all="ignore"):
        x = shape * np.maximum(1.0 - c + ndtri(q) * np.sqrt(c), 0.0) ** 3
        small = shape < 2.0
        if small.any():
            x[small] = gammaincinv(shape[small], q)
        guess = np.floor(x * (v / m) - 0.5)
    return np.where(np.isfinite(guess), np.clip(guess, 0.0, None), 0.0)


#: Above this NB size ``n`` the probability-mass formula loses digits to ``n log p``: exact CDFs only.
_PMF_N_MAX = 1e8


def count_ppf(q: float, m: np.ndarray, v: np.ndarray, is_nb: np.ndarray, n_nb: np.ndarray,
              p_nb: np.ndarray) -> np.ndarray:
    """Vectorised quantile (smallest k with CDF(k) >= q) of Poisson(m) or NB(n, p).

    Starts from the quantile of the gamma distribution with the same mean and
    variance, evaluates the exact CDF there once (regularised incomplete beta /
    gamma) together with the probability mass, and walks to the quantile with
    the mass recurrences ``P(k+1) = P(k) (k+n)(1-p)/(k+1)`` (NB) and ``P(k+1) =
    P(k) m/(k+1)`` (Poisson): ``CDF(k-1) = CDF(k) - P(k)``, ``CDF(k+1) =
    CDF(k) + P(k+1)``.  That is one incomplete-beta evaluation per element
    instead of two or more.  An element whose derived CDF values come within
    ``1e-6 P(k)`` of ``q`` (where the mass formula's rounding could decide),
    that is still unresolved after 8 steps, or that has an NB size above
    ``1e8`` is redone with exact CDFs at every step (:func:`_count_ppf_exact`).
    Equals ``scipy.stats`` ppf (tested).
    """
    from scipy.special import betainc, betaln, gammaincc, gammaln, xlogy

    shape_in = np.shape(m)
    m, v, is_nb, n_nb, p_nb = (np.ravel(x) for x in (m, v, is_nb, n_nb, p_nb))
    k = _count_guess(q, m, v)
    nb = is_nb
    c = np.empty(k.shape)
    logp = np.empty(k.shape)
    inb, ipo = np.nonzero(nb)[0], np.nonzero(~nb)[0]
    with np.errstate(all="ignore"):
        n_, p_, kn = n_nb[inb], p_nb[inb], k[inb]
        c[inb] = betainc(n_, kn + 1.0, p_)
        logp[inb] = n_ * np.log(p_) + kn * np.log1p(-p_) - np.log(n_ + kn) - betaln(n_, kn + 1.0)
        m_, kp = m[ipo], k[ipo]
        c[ipo] = gammaincc(kp + 1.0, m_)
        logp[ipo] = xlogy(kp, m_) - m_ - gammaln(kp + 1.0)
        pk = np.exp(logp)
        q1 = np.where(nb, 1.0 - p_nb, 0.0)  # NB: P(j+1)/P(j) = (j + n)(1 - p)/(j + 1); Poisson: m/(j + 1)
        for _ in range(8):
            up = c < q
            down = (c - pk >= q) & (k > 0)
            if not (up.any() or down.any()):
                break
            iu = np.nonzero(up)[0]
            if iu.size:
                j = k[iu]
                ratio = np.where(nb[iu], (j + n_nb[iu]) * q1[iu], m[iu]) / (j + 1.0)
                pk[iu] *= ratio
                c[iu] += pk[iu]
                k[iu] = j + 1.0
            idn = np.nonzero(down)[0]
            if idn.size:
                j = k[idn] - 1.0
                ratio = np.where(nb[idn], (j + n_nb[idn]) * q1[idn], m[idn]) / (j + 1.0)
                c[idn] -= pk[idn]
                pk[idn] /= ratio
                k[idn] = j
        margin = 1e-6 * pk + 1e-14
        unsure = (
            (c < q) | ((c - pk >= q) & (k > 0))  # not resolved in 8 steps
            | (np.abs(c - q) <= margin) | (np.abs(c - pk - q) <= margin)  # too close to call on derived values
            | ~np.isfinite(c) | ~np.isfinite(pk) | (pk <= 0) | (nb & (n_nb > _PMF_N_MAX))
        )
    if unsure.any():
        idx = np.nonzero(unsure)[0]
        k[idx] = _count_ppf_exact(q, m[idx], v[idx], is_nb[idx], n_nb[idx], p_nb[idx])
    return k.reshape(shape_in)


def _count_ppf_exact(q: float, m: np.ndarray, v: np.ndarray, is_nb: np.ndarray, n_nb: np.ndarray,
                     p_nb: np.ndarray) -> np.ndarray:
    """Quantile by exact CDFs only (the fallback of :func:`count_ppf`; its original algorithm).

    Starts from the quantile of the gamma distribution with the same mean and
    variance and steps to the exact integer with the regularised incomplete
    beta / gamma CDFs; an element still unresolved after 8 steps goes to
    scipy's ppf.
    """
    from scipy.special import betainc, gammaincc, gammaincinv, ndtri

    shape_in = np.shape(m)
    m, v, is_nb, n_nb, p_nb = (np.ravel(x) for x in (m, v, is_nb, n_nb, p_nb))

    def cdf(k: np.ndarray, sel: np.ndarray) -> np.ndarray:
        kk = np.floor(k)
        nb = is_nb[sel]
        out = np.empty(kk.shape)
        with np.errstate(all="ignore"):
            out[nb] = betainc(n_nb[sel][nb], kk[nb] + 1.0, p_nb[sel][nb])
            out[~nb] = gammaincc(kk[~nb] + 1.0, m[sel][~nb])
        return np.where(kk < 0, 0.0, out)

    # starting guess: the gamma distribution with the same mean and variance (continuity-corrected)
    # (Wilson-Hilferty cube-root approximation of the gamma quantile; exact inverse where the shape is small)
    shape = m * m / v
    c = 1.0 / (9.0 * shape)
    with np.errstate(all="ignore"):
        x = shape * np.maximum(1.0 - c + ndtri(q) * np.sqrt(c), 0.0) ** 3
        small = shape < 2.0
        if small.any():
            x[small] = gammaincinv(shape[small], q)
        guess = np.floor(x * (v / m) - 0.5)
    k = np.where(np.isfinite(guess), np.clip(guess, 0.0, None), 0.0)
    # walk to the smallest k with CDF(k) >= q: up while CDF(k) < q, else down while CDF(k-1) >= q
    c0 = cdf(k, np.nonzero(np.ones(m.shape, dtype=bool)))
    up = c0 < q
    down = ~up & (k > 0)
    for direction, todo in ((1.0, up), (-1.0, down)):
        for _ in range(8):
            if not todo.any():
                break
            idx = np.nonzero(todo)
            probe = k[idx] + (1.0 if direction > 0 else -1.0)
            cp = cdf(probe, idx)
            move = cp < q if direction > 0 else cp >= q
            if direction > 0:
                k[idx] = probe  # moved up one; stop where CDF reached q
                still = move
            else:
                k[idx] = np.where(move, probe, k[idx])
                still = move & (probe > 0)
            t = todo[idx]
            t[~still] = False
            todo[idx] = t  # updates ``up`` / ``down`` in place
    todo = up | down  # still unresolved after the walk
    if todo.any():
        from scipy.stats import nbinom, poisson

        idx = np.nonzero(todo)
        k[idx] = np.where(is_nb[idx], nbinom.ppf(q, n_nb[idx], p_nb[idx]), poisson.ppf(q, m[idx]))
    return k.reshape(shape_in)
