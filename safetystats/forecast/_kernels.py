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
ETS_SPECS: dict[str, tuple[bool, bool]] = {"ANN": (False, False), "AAN": (True, False), "AAdN": (True, True)}
#: number of estimated parameters (smoothing + initial states), without sigma^2
ETS_NPAR = {"ANN": 2, "AAN": 4, "AAdN": 5}


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


def ets_fit(Y: np.ndarray, spec: str, *, refine_iter: int = 30) -> dict[str, np.ndarray]:
    """Maximum-likelihood ETS fit for many series at once.

    A shared grid over the smoothing parameters (initial states profiled out
    exactly by least squares) followed by a per-series bounded pattern search.

    Returns a dict of (N,) arrays: alpha, beta, phi, l0, b0, lT, bT, sse,
    sigma2, llf, aicc, k (parameters counted as statsmodels does: smoothing
    parameters + initial states + 1 for the variance).
    """
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
        cand = []
        for d in free:
            for sgn in (-1.0, 1.0):
                P = best.copy()
                P[:, d] = np.clip(P[:, d] + sgn * steps[:, d], lo[d], hi[d])
                cand.append(P)
        C = np.stack(cand, axis=1)
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


def _finish(Y, spec, a, beta, phi, sse, l0, b0, lT, bT) -> dict[str, np.ndarray]:
    N, T = Y.shape
    scale = np.maximum(1.0, np.mean(Y**2, axis=1))
    sigma2 = np.maximum(sse / T, 1e-12 * scale)
    llf = -T / 2.0 * (np.log(2 * np.pi * sigma2) + 1.0)
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
    sse = np.sum((Y - fitted) ** 2, axis=1)
    out = _finish(Y, spec, a, bt, f, sse, np.asarray(l0, float), np.asarray(b0 if trend else 0.0, float),
                  level, slope)
    out["fitted"] = fitted
    return out


def ets_forecast(fit: dict[str, np.ndarray], spec: str, h: int) -> tuple[np.ndarray, np.ndarray]:
    """Point forecasts and forecast-error variances (Hyndman et al. 2008, class 1)."""
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


def count_ppf(q: float, m: np.ndarray, v: np.ndarray, is_nb: np.ndarray, n_nb: np.ndarray,
              p_nb: np.ndarray) -> np.ndarray:
    """Vectorised quantile (smallest k with CDF(k) >= q) of Poisson(m) or NB(n, p).

    Starts from the quantile of the gamma distribution with the same mean and
    variance and steps to the exact integer with the regularised incomplete
    beta / gamma CDFs; an element still unresolved after 8 steps goes to
    scipy's ppf.  Equals ``scipy.stats`` ppf (tested).
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
