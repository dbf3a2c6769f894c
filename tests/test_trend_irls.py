"""The batched GLM kernels behind the log-linear trend (safetystats/trend/_irls.py).

References: scipy (trigamma, linear solves), statsmodels' GLM and its discrete NB2
maximum-likelihood fit (``NegativeBinomial(loglike_method="nb2")``), and a score
computed exactly term by term for integer counts (hand formula below).
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special

from safetystats.errors import InputError
from safetystats.trend import loglinear_trend
from safetystats.trend._irls import THETA_MAX, _nb_alternate, _solve, irls, nb_fit, theta_ml, trigamma
from safetystats.trend._prep import prepare_panel
from safetystats.trend.loglinear import fit_loglinear_panel


def _design(T: int) -> np.ndarray:
    return np.column_stack([np.ones(T), np.arange(T, dtype=float)])


def _nb_series(rng, S: int, T: int, *, size=(2.0, 12.0), level=(5.0, 300.0)) -> np.ndarray:
    t = np.arange(T)
    mu = rng.uniform(*level, (S, 1)) * np.exp(rng.normal(-0.03, 0.03, (S, 1)) * t)
    k = rng.uniform(*size, (S, 1))
    return rng.negative_binomial(k, k / (k + mu)).astype(float)


# ---------------------------------------------------------------------------
# numeric building blocks
# ---------------------------------------------------------------------------
def test_trigamma_matches_scipy_polygamma():
    x = np.concatenate([np.geomspace(1e-8, 1e9, 20_001), np.arange(0, 500) + 0.5, np.arange(1, 500.0)])
    np.testing.assert_allclose(trigamma(x), special.polygamma(1, x), rtol=5e-15)


@settings(max_examples=200)
@given(st.floats(min_value=1e-6, max_value=1e8, allow_nan=False), st.integers(min_value=0, max_value=5000))
def test_trigamma_difference_matches_scipy(theta, y):
    # the Hessian of the NB likelihood uses psi'(y + theta) - psi'(theta)
    ours = trigamma(np.array([y + theta]))[0] - trigamma(np.array([theta]))[0]
    ref = special.polygamma(1, y + theta) - special.polygamma(1, theta)
    assert ours == pytest.approx(ref, rel=1e-12, abs=1e-15 * special.polygamma(1, theta))


def test_two_parameter_solve_matches_numpy_and_flags_singular(rng):
    A = rng.normal(size=(500, 2, 2))
    A = A @ np.swapaxes(A, 1, 2) + 0.1 * np.eye(2)
    b = rng.normal(size=(500, 2))
    np.testing.assert_allclose(_solve(A, b), np.linalg.solve(A, b[..., None])[..., 0], rtol=1e-10, atol=1e-12)
    B = rng.normal(size=(500, 2, 3))
    np.testing.assert_allclose(_solve(A, B), np.linalg.solve(A, B), rtol=1e-10, atol=1e-12)
    A[7] = [[1.0, 2.0], [2.0, 4.0]]  # singular
    out = _solve(A, b)
    assert np.isnan(out[7]).all() and np.isfinite(np.delete(out, 7, axis=0)).all()


# ---------------------------------------------------------------------------
# Poisson IRLS: only the unconverged series iterate, and a series' result does not depend on its batch
# ---------------------------------------------------------------------------
def test_poisson_batch_matches_statsmodels_and_single_fits(rng):
    T = 15
    X = _design(T)
    Y = rng.poisson(rng.uniform(2, 500, (40, 1)) * np.exp(-0.05 * np.arange(T))).astype(float)
    Y[3] = 0.0
    Y[3, -1] = 4.0  # an estimate at -infinity: never converges, must not hold the others back
    E = rng.uniform(1e3, 1e5, Y.shape)
    fit = irls(Y, X, offset=np.log(E))
    assert not fit.converged[3] and fit.boundary[3]
    for i in [0, 1, 2, 4, 17, 39]:
        ref = sm.GLM(Y[i], X, family=sm.families.Poisson(), offset=np.log(E[i])).fit(tol=1e-13)
        np.testing.assert_allclose(fit.beta[i], ref.params, rtol=1e-8, atol=1e-8)
        np.testing.assert_allclose(np.sqrt(np.diag(fit.cov_unscaled[i])), ref.bse, rtol=1e-8)
        assert fit.deviance[i] == pytest.approx(ref.deviance, rel=1e-8)
        assert fit.pearson[i] == pytest.approx(ref.pearson_chi2, rel=1e-8)
        assert fit.loglik[i] == pytest.approx(ref.llf, rel=1e-10)
        one = irls(Y[i: i + 1], X, offset=np.log(E[i: i + 1]))
        np.testing.assert_allclose(fit.beta[i], one.beta[0], rtol=1e-12, atol=1e-13)
        assert fit.converged[i]


def test_per_series_design_with_mask_matches_statsmodels(rng):
    # the (S, T, p) design path (joinpoint grids use it), with missing cells
    T, S = 12, 6
    t = np.arange(T, dtype=float)
    kinks = rng.integers(3, 9, S)
    X = np.stack([np.column_stack([np.ones(T), t, np.maximum(t - k, 0.0)]) for k in kinks])
    Y = rng.poisson(30 * np.exp(-0.04 * t), (S, T)).astype(float)
    mask = rng.random((S, T)) > 0.15
    fit = irls(Y, X, mask=mask)
    for i in range(S):
        m = mask[i]
        ref = sm.GLM(Y[i, m], X[i, m], family=sm.families.Poisson()).fit(tol=1e-15, maxiter=500)
        np.testing.assert_allclose(fit.beta[i], ref.params, rtol=1e-8, atol=1e-8)
        np.testing.assert_allclose(np.sqrt(np.diag(fit.cov_unscaled[i])), ref.bse, rtol=1e-8)


# ---------------------------------------------------------------------------
# Negative binomial: joint Newton on (beta, log theta)
# ---------------------------------------------------------------------------
def _exact_theta_score(y: np.ndarray, mu: np.ndarray, theta: float) -> float:
    """d loglik / d theta for integer counts, summed exactly (math.fsum).

    psi(y + theta) - psi(theta) = sum_{k<y} 1/(theta + k), and
    log(theta) + 1 - log(theta + mu) - (y + theta)/(theta + mu) = -log1p(mu/theta) + (mu - y)/(theta + mu).
    """
    terms = []
    for yi, mi in zip(y, mu, strict=True):
        terms += [1.0 / (theta + k) for k in range(int(yi))]
        terms += [-math.log1p(mi / theta), (mi - yi) / (theta + mi)]
    return math.fsum(terms)


def test_nb_fit_many_series_matches_statsmodels_ml(rng):
    T, S = 20, 25
    X = _design(T)
    Y = _nb_series(rng, S, T)
    fit = nb_fit(Y, X)
    assert fit.converged.all() and (fit.alpha > 0).all()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for i in range(S):
            ml = sm.NegativeBinomial(Y[i], X, loglike_method="nb2").fit(disp=0, method="newton", maxiter=200,
                                                                         tol=1e-12)
            assert fit.alpha[i] == pytest.approx(ml.params[-1], rel=1e-5)
            ref = sm.GLM(Y[i], X, family=sm.families.NegativeBinomial(alpha=fit.alpha[i])).fit(tol=1e-13)
            np.testing.assert_allclose(fit.beta[i], ref.params, rtol=1e-8, atol=1e-8)
            np.testing.assert_allclose(np.sqrt(np.diag(fit.cov_unscaled[i])), ref.bse, rtol=1e-8)
            assert fit.deviance[i] == pytest.approx(ref.deviance, rel=1e-8)
            # the dispersion is at the maximum: the exact score in theta changes sign within 1e-6 of it
            theta = 1.0 / fit.alpha[i]
            assert _exact_theta_score(Y[i], fit.mu[i], theta * (1 - 1e-6)) > 0
            assert _exact_theta_score(Y[i], fit.mu[i], theta * (1 + 1e-6)) < 0


def test_nb_newton_reaches_the_glm_nb_alternation_maximum(rng):
    # two algorithms, one maximum: MASS::glm.nb's alternation (kept as the fallback) and the joint Newton
    T, S = 16, 60
    X = _design(T)
    Y = _nb_series(rng, S, T, size=(1.0, 8.0))
    pois = irls(Y, X)
    joint = nb_fit(Y, X, start=pois)
    b_alt, th_alt = _nb_alternate(Y, X, np.zeros(Y.shape), np.ones(Y.shape, bool), pois.beta, pois.mu, 200)
    fin = th_alt < THETA_MAX
    assert fin.sum() > 50
    np.testing.assert_allclose(1.0 / joint.alpha[fin], th_alt[fin], rtol=1e-6)
    np.testing.assert_allclose(joint.beta[fin], b_alt[fin], rtol=1e-7, atol=1e-9)


def test_nb_fit_batch_equals_single_fits(rng):
    T = 18
    X = _design(T)
    Y = _nb_series(rng, 30, T)
    Y[5] = 9.0  # no overdispersion at all: the Poisson limit (alpha = 0)
    E = rng.uniform(1e4, 1e6, Y.shape)
    off = np.log(E)
    off[5] = 0.0  # a constant count and no exposure: the Poisson fit is exact, nothing is overdispersed
    fit = nb_fit(Y, X, offset=off)
    assert fit.alpha[5] == 0.0
    for i in [0, 5, 11, 29]:
        one = nb_fit(Y[i: i + 1], X, offset=off[i: i + 1])
        assert one.alpha[0] == pytest.approx(fit.alpha[i], rel=1e-9)
        np.testing.assert_allclose(one.beta[0], fit.beta[i], rtol=1e-9, atol=1e-11)


def test_nb_fit_poisson_limit_for_underdispersed_counts():
    # sum((y - mu)^2) < sum(y) at the Poisson fit: the NB likelihood rises all the way to theta = infinity
    y = np.array([[20, 21, 19, 20, 22, 18, 20, 21, 19, 20, 20, 19]], dtype=float)
    X = _design(12)
    pois = irls(y, X)
    assert ((y - pois.mu) ** 2).sum() < y.sum()
    assert _exact_theta_score(y[0], pois.mu[0], 1e6) > 0
    fit = nb_fit(y, X)
    assert fit.alpha[0] == 0.0
    np.testing.assert_allclose(fit.beta, pois.beta, rtol=1e-12, atol=1e-14)
    assert theta_ml(y, pois.mu, np.ones(y.shape, bool))[0] >= THETA_MAX


def test_forced_negbin_at_the_poisson_limit_says_so():
    # the same counts through the public function: the NB has no finite dispersion, and the message says so
    df = pd.DataFrame({"period": [str(2010 + i) for i in range(12)],
                       "deaths": [20, 21, 19, 20, 22, 18, 20, 21, 19, 20, 20, 19]})
    with pytest.raises(InputError, match="no finite dispersion"):
        loglinear_trend(df, family="negbin")
    assert loglinear_trend(df, family="auto").family == "poisson"


def test_poisson_limit_decided_by_the_sign_of_the_overdispersion_score(rng):
    # near theta = infinity the NB score is -sum((y - mu)^2 - y) / (2 theta^2): series whose Newton run passes
    # theta = 1e6 get alpha = 0 exactly when that sum is <= 0 (checked here against the exact score at 1e6-1e7)
    T = 12
    X = _design(T)
    Y = rng.poisson(40 * np.exp(-0.03 * np.arange(T)), (300, T)).astype(float)
    pois = irls(Y, X)
    fit = nb_fit(Y, X, start=pois)
    limit = fit.alpha == 0
    assert 50 < limit.sum() < 300
    for i in np.flatnonzero(limit)[:20]:
        assert ((Y[i] - pois.mu[i]) ** 2 - Y[i]).sum() <= 0
        for theta in (1e6, 1e7):
            g = irls(Y[i: i + 1], X, alpha=np.array([1.0 / theta]))
            assert _exact_theta_score(Y[i], g.mu[0], theta) > 0


def test_nb_fit_with_missing_cells_matches_statsmodels(rng):
    T = 20
    X = _design(T)
    Y = _nb_series(rng, 8, T, size=(2.0, 5.0))
    mask = rng.random(Y.shape) > 0.1
    fit = nb_fit(Y, X, mask=mask)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for i in range(8):
            m = mask[i]
            model = sm.NegativeBinomial(Y[i, m], X[m], loglike_method="nb2")
            # statsmodels' Newton from its own start can step to a negative alpha here: BFGS first, then Newton
            start = model.fit(disp=0, method="bfgs", maxiter=2000, gtol=1e-10).params
            ml = model.fit(disp=0, method="newton", start_params=start, maxiter=200, tol=1e-12)
            assert ml.mle_retvals["converged"] and np.isfinite(ml.params).all()
            assert fit.alpha[i] == pytest.approx(ml.params[-1], rel=1e-5)
            np.testing.assert_allclose(fit.beta[i], ml.params[:2], rtol=1e-6, atol=1e-7)


# ---------------------------------------------------------------------------
# The explanation text is built on demand, row by row the same as one series at a time
# ---------------------------------------------------------------------------
def test_why_text_of_a_batch_equals_single_series_and_is_lazy(rng):
    T = 14
    Y = np.vstack([
        rng.poisson(60 * np.exp(-0.05 * np.arange(T)), (3, T)),
        _nb_series(rng, 3, T, size=(1.5, 3.0)),
        np.array([[10, 30, 10, 30, 10, 30, 10, 30, 10, 30, 10, 30, 10, 30]]),
    ]).astype(float)
    df = pd.DataFrame({
        "region": np.repeat([f"r{i}" for i in range(len(Y))], T),
        "period": np.tile([str(2010 + k) for k in range(T)], len(Y)),
        "deaths": Y.ravel(),
    })
    for family in ("auto", "negbin", "quasipoisson", "poisson"):
        table = loglinear_trend(df, value="deaths", by="region", family=family)
        for i, (_, row) in enumerate(table.iterrows()):
            if pd.isna(row["family"]):
                assert row["why"] == ""
                continue
            one = loglinear_trend(df[df["region"] == f"r{i}"], value="deaths", family=family)
            assert row["why"] == one.why
            assert row["family"] == one.family
    panel = prepare_panel(df, value="deaths", by="region", method="t")
    fit = fit_loglinear_panel(panel, family="auto", break_ordinals=[], break_labels=[], method="t")
    assert "why" not in vars(fit)  # nothing built yet
    assert fit.why[0].startswith("Pearson X² = ")
