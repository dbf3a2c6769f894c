"""Packaging: lazy imports, public names, data inside the wheel."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import safetystats

ROOT = Path(__file__).resolve().parents[1]


def test_import_does_not_load_heavy_dependencies():
    code = ("import sys, safetystats; safetystats.read_csv; safetystats.load_suzhou_2023; "
            "print(','.join(m for m in ('statsmodels', 'matplotlib', 'scipy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""


def test_every_export_resolves():
    for name in safetystats.__all__:
        assert getattr(safetystats, name) is not None, name


def test_unknown_attribute():
    with pytest.raises(AttributeError):
        safetystats.no_such_function  # noqa: B018


@pytest.mark.slow
def test_wheel_contains_the_data(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path),
         str(ROOT)],
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    wheel = next(tmp_path.glob("safetystats-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for f in ("accidents.csv", "training.csv", "standardization.csv", "indicators.csv", "claims.csv", "report.txt"):
        assert f"safetystats/_data/suzhou_2023/{f}" in names
    assert not any("conftest" in n for n in names)
