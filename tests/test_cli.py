"""The command line: validate and demo (exit codes, no tracebacks)."""

import subprocess
import sys

import pytest

from safetystats.cli import main


def test_validate_valid_gbk_file(corpus, capsys):
    code = main(["validate", str(corpus / "io" / "valid_gbk_chinese_headers.csv"), "--kind", "accidents"])
    out = capsys.readouterr().out
    assert code == 0
    assert "valid accidents data (4 rows)" in out
    assert "gb18030" in out and "accidents: total 4,267" in out


def test_validate_negative_count_exits_2_naming_the_row(corpus, capsys):
    code = main(["validate", str(corpus / "io" / "bad_negative.csv"), "--kind", "accidents"])
    err = capsys.readouterr().err
    assert code == 2
    assert "row 3, column 'deaths'" in err and "Traceback" not in err


@pytest.mark.parametrize("name", ["bad_empty.csv", "bad_binary.csv", "bad_header_only.csv", "nope.csv"])
def test_validate_unreadable_exits_2(corpus, capsys, name):
    assert main(["validate", str(corpus / "io" / name)]) == 2
    assert "error" in capsys.readouterr().err


def test_validate_reports_skipped_rows(corpus, capsys):
    assert main(["validate", str(corpus / "io" / "valid_excel.xlsx")]) == 0
    out = capsys.readouterr().out
    assert "skipped row 1: title line" in out and "skipped row 6: total row" in out


def test_usage_error_exits_2(capsys):
    assert main(["validate"]) == 2
    assert main(["no-such-command"]) == 2


def test_demo_prints_validated_summary_and_cross_check(capsys):
    assert main(["demo", "--no-chartpack"]) == 0
    out = capsys.readouterr().out
    assert "accidents 71, deaths 50" in out and "examined 124,036" in out
    assert "exactly 80 accidents and 56 deaths" in out
    assert "consistent_other_rounding" in out and "round(11.25, 1) gives 11.2" in out
    assert "p = 0.52" in out and "p = 0.63" in out  # R: poisson.test(71, 80) p = 0.5152; (50, 56) p = 0.6274


def test_demo_chartpack(tmp_path, capsys):
    assert main(["demo", "--out", str(tmp_path / "pack"), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Chart pack (en)" in out and (tmp_path / "pack" / "index.html").exists()


def test_console_script_no_traceback(corpus):
    proc = subprocess.run([sys.executable, "-m", "safetystats", "validate", str(corpus / "io" / "bad_nan.csv")],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "row 3" in proc.stderr
