"""Multiple-testing adjustment against statsmodels.stats.multitest.multipletests."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.multitest import multipletests

from safetystats.errors import ParameterError
from safetystats.trend import adjust_pvalues

METHODS = ["bonferroni", "holm", "fdr_bh", "fdr_by"]


@pytest.mark.parametrize("method", METHODS)
def test_matches_statsmodels(rng, method):
    for size in (1, 2, 7, 300):
        p = rng.uniform(0, 1, size) ** 3
        p[: size // 10] = p[0]  # ties
        np.testing.assert_allclose(adjust_pvalues(p, method=method), multipletests(p, method=method)[1], rtol=1e-12)


@pytest.mark.parametrize("method", METHODS)
def test_nan_is_not_a_test(rng, method):
    p = rng.uniform(0, 0.2, 20)
    with_nan = np.insert(p, [3, 10], np.nan)
    out = adjust_pvalues(with_nan, method=method)
    assert np.isnan(out[3]) and np.isnan(out[11])
    np.testing.assert_allclose(out[~np.isnan(out)], multipletests(p, method=method)[1], rtol=1e-12)


def test_bad_method_and_values():
    with pytest.raises(ParameterError, match="fdr_bh"):
        adjust_pvalues([0.1], method="BH")
    with pytest.raises(ParameterError, match="between 0 and 1"):
        adjust_pvalues([1.2])


@settings(max_examples=60)
@given(st.lists(st.floats(min_value=0, max_value=1), min_size=1, max_size=40), st.sampled_from(METHODS))
def test_property_adjusted_at_least_raw_and_order_kept(p, method):
    p = np.array(p)
    adj = adjust_pvalues(p, method=method)
    assert np.all(adj >= p - 1e-15) and np.all(adj <= 1)
    order = np.argsort(p, kind="mergesort")
    assert np.all(np.diff(adj[order]) >= -1e-15)  # adjustment keeps the ranking
