"""Shared fixtures: a seeded ``rng``, the Agg backend, and closing figures after each test."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import settings

os.environ.setdefault("MPLBACKEND", "Agg")

settings.register_profile("ci", deadline=None, max_examples=200, derandomize=True)
settings.register_profile("dev", deadline=None, max_examples=100)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

TESTS = Path(__file__).parent
CORPUS = TESTS / "corpus"


@pytest.fixture
def rng() -> np.random.Generator:
    """A seeded random generator: the same numbers in every run."""
    return np.random.default_rng(20231231)


@pytest.fixture
def corpus() -> Path:
    """The folder of test input files (real-looking CSV, Excel, text)."""
    return CORPUS


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
