"""Sphinx configuration for the safetystats documentation.

``make docs`` builds it with warnings as errors.  The example notebooks (``notebooks/*.ipynb``, stored
without outputs) are reached through the ``docs/notebooks`` symlink and executed by myst-nb during
the build, so the rendered pages show real outputs and a failing cell fails the build: the docs build
is the notebooks' CI run.
"""

from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(DOCS / "_ext"))

import matplotlib.font_manager  # noqa: E402,F401  (see below)

import safetystats  # noqa: E402

# matplotlib.font_manager above builds matplotlib's font cache in this process if a fresh environment has none:
# otherwise the first notebook kernel would print "Matplotlib is building the font cache" on stderr, which
# nb_output_stderr = "warn" (below) turns into a build error.

project = "safetystats"
author = "safetystats developers"
copyright = "2026, safetystats developers"
release = safetystats.__version__
version = release

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "sphinx.ext.intersphinx",
    "numpydoc",
    "safetystats_docs",
]
source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
# notebooks/*/** : anything a notebook run leaves beside the notebooks (e.g. a chart pack with .md tables)
exclude_patterns = ["_build", "**.ipynb_checkpoints", "jupyter_execute", "notebooks/*/**", "_ext"]
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3
# Only quotes are made typographic: "--force" and "[DATA ...]" in the CLI reference must stay as typed.
smartquotes_action = "q"

# Notebooks: executed on every build (never from a cache that could hide a broken notebook), in a
# temporary folder (the chart pack notebook writes files), and any error or stray stderr output
# (a warning, a missing glyph) is a build error under -W.
nb_execution_mode = "force"
nb_execution_in_temp = True
nb_execution_timeout = 180
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_output_stderr = "warn"
nb_merge_streams = True

autosummary_generate = True
autodoc_typehints = "none"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_validation_checks: set[str] = set()
intersphinx_mapping: dict[str, tuple[str, None]] = {}
suppress_warnings = ["mystnb.unknown_mime_type"]

html_theme = "pydata_sphinx_theme"
html_title = "safetystats"
html_theme_options = {"navigation_with_keys": False, "show_toc_level": 2}
