"""Checks of the documentation sources and the example notebooks that need no Sphinx build.

The build itself (``make docs``: warnings are errors, the notebooks are executed) is the real test;
these catch the usual slips in a second: a public name missing from the API reference, a notebook
committed with its outputs, a notebook or a guide page that the site does not show.
"""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path

import pytest

import safetystats

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _autosummary_entries(text: str) -> list[tuple[str, str]]:
    """(current module, entry) for every entry of every autosummary block in an API page."""
    entries = []
    module = "safetystats"
    in_block = False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith(".. currentmodule::"):
            module = stripped.split("::", 1)[1].strip()
            in_block = False
        elif stripped.startswith(".. autosummary::"):
            in_block = True
        elif in_block:
            if not stripped or stripped.startswith(":"):
                continue
            if line.startswith("   ") and re.fullmatch(r"[A-Za-z_][\w.]*", stripped):
                entries.append((module, stripped))
            else:
                in_block = False
    return entries


API_ENTRIES = _autosummary_entries((DOCS / "api.md").read_text(encoding="utf-8"))


def test_autosummary_parser_reads_the_page():
    assert ("safetystats", "check_claims") in API_ENTRIES
    assert ("safetystats", "forecast.Naive") in API_ENTRIES


def test_api_reference_covers_every_export():
    documented = {entry.rsplit(".", 1)[-1] for _, entry in API_ENTRIES}
    missing = sorted(set(safetystats._EXPORTS) - documented)
    assert not missing, f"add these public names (safetystats._EXPORTS) to docs/api.md: {missing}"


def test_api_reference_has_no_duplicates():
    names = [f"{m}.{e}" for m, e in API_ENTRIES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize(("module", "entry"), API_ENTRIES, ids=[e for _, e in API_ENTRIES])
def test_api_reference_entries_exist(module, entry):
    # As autosummary does: the longest importable module prefix, then attributes.
    parts = entry.split(".")
    for i in range(len(parts) - 1, -1, -1):
        try:
            obj = importlib.import_module(".".join([module, *parts[:i]]))
        except ImportError:
            continue
        for part in parts[i:]:
            obj = getattr(obj, part)
        break
    assert obj.__doc__, f"{module}.{entry} has no docstring"


def test_there_are_three_notebooks():
    assert [p.name for p in NOTEBOOKS] == [
        "01_suzhou_2023_crosscheck.ipynb",
        "02_national_trends.ipynb",
        "03_forecast_and_chartpack.ipynb",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_stored_without_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb["nbformat"] == 4
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code
    dirty = [i for i, c in enumerate(code) if c.get("outputs") or c.get("execution_count") is not None]
    assert not dirty, f"{path.name}: code cells {dirty} have outputs; clear them before committing"
    # The docs build executes every cell, so a cell may not be skipped silently.
    for cell in code:
        assert "skip-execution" not in cell.get("metadata", {}).get("tags", [])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_in_the_docs(path):
    link = DOCS / "notebooks"
    assert link.is_symlink() and link.resolve() == (ROOT / "notebooks").resolve()
    assert f"notebooks/{path.stem}" in (DOCS / "index.md").read_text(encoding="utf-8")


GUIDES = sorted((DOCS / "guide").glob("*.md"))


@pytest.mark.parametrize("path", GUIDES, ids=[p.stem for p in GUIDES])
def test_guide_page_has_a_formula_and_a_reference(path):
    text = path.read_text(encoding="utf-8")
    assert re.search(r"\$[^$\n]+\$", text), f"{path.name}: no formula ($...$)"
    cites = re.search(r"^#+ References|References:|\b[A-Z][\w-]+( et al\.| & [A-Z][\w-]+)? \(?(19|20)\d\d", text,
                      flags=re.MULTILINE)
    assert cites, f"{path.name}: no reference (a References section or an author-year citation)"


def test_every_guide_page_is_in_the_toctree():
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    assert ":glob:" in index and "guide/*" in index


def test_readme_examples_print_what_the_readme_says():
    """The ``>>>`` lines of README.md's quick tour, run as a doctest against the installed package."""
    import doctest

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^```.*$", "", text)  # a fence ends an example's expected output
    parser = doctest.DocTestParser()
    test = parser.get_doctest(text, {"ss": safetystats}, "README.md", str(ROOT / "README.md"), 0)
    assert len(test.examples) >= 4
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0


def test_readme_demo_output_is_what_the_demo_prints(capsys):
    """The summary and cross-check shown under ``make demo`` in README.md are the demo's real output."""
    from safetystats.cli import main

    assert main(["demo", "--no-chartpack"]) == 0
    out = capsys.readouterr().out
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for line in out.splitlines():
        if line.strip() and not line.startswith("3."):
            assert line.rstrip() in readme, line
