"""``safetystats check``: formats, rounding, exit codes 0/1/2, folders in parallel, progress only on a TTY."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from safetystats.cli import main

CORPUS = Path(__file__).parent / "corpus" / "claims"
SEED = CORPUS / "suzhou_2023_report.txt"


def test_seed_report_table_exit_0(capsys):
    assert main(["check", str(SEED)]) == 0
    out = capsys.readouterr().out
    assert "suzhou_2023_report.txt: 7 claims" in out
    assert "L39-1 change 生产安全事故" in out and "71起, -11.3%" in out and "0.515" in out
    assert "全年共发生生产安全事故 71 起、死亡 50 人，分别下降 11.3%和 10.7%。" in out
    assert out.rstrip().endswith("1 file, 7 claims: 7 consistent")


def test_json_objects_have_the_check_columns_and_location(capsys):
    assert main(["check", str(SEED), "--format", "json"]) == 0
    captured = capsys.readouterr()
    objs = json.loads(captured.out)
    assert [o["kind"] for o in objs] == ["level", "level", "change", "change", "level", "sum", "sum"]
    acc = objs[2]
    assert (acc["line"], acc["implied_base_min"], acc["verdict"], acc["base_period"]) == (39, 80.0, "consistent", "2022")
    assert acc["text"] == "全年共发生生产安全事故 71 起、死亡 50 人，分别下降 11.3%和 10.7%。"
    assert {"claim_id", "recomputed_pct", "implied_base_max", "likely_cause", "p_value", "note"} <= set(acc)
    assert "7 consistent" in captured.err  # the summary goes to stderr, stdout stays JSON


def test_markdown_and_junit(capsys, tmp_path):
    assert main(["check", str(SEED), "-f", "markdown"]) == 0
    md = capsys.readouterr().out
    assert md.startswith("### ") and "| 39 | L39-1 change 生产安全事故 |" in md
    out = tmp_path / "junit.xml"
    assert main(["check", str(SEED), "-f", "junit", "-o", str(out)]) == 0
    root = ET.parse(out).getroot()
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("7", "0", "0")
    assert "7 consistent" in capsys.readouterr().err


def test_a_wrong_claim_exits_1(tmp_path, capsys):
    f = tmp_path / "wrong.txt"
    f.write_text("全年共发生生产安全事故 71 起、死亡 50 人，分别下降 10.7%和 11.3%。\n", encoding="utf-8")
    assert main(["check", str(f)]) == 1
    out = capsys.readouterr().out
    assert out.count("inconsistent") >= 2 and "2 inconsistent" in out
    assert main(["check", str(f), "-f", "junit"]) == 1
    root = ET.fromstring(capsys.readouterr().out)
    assert root.get("failures") == "2"


def test_rounding_option(tmp_path, capsys):
    f = tmp_path / "r.txt"
    f.write_text("全年共发生生产安全事故 71 起，同比下降 11.3%。", encoding="utf-8")
    assert main(["check", str(f), "--rounding", "half_even"]) == 0
    assert "consistent_other_rounding" in capsys.readouterr().out
    assert main(["check", str(f), "--rounding", "half_even", "--strict"]) == 1
    capsys.readouterr()
    assert main(["check", str(f), "--rounding", "nearest"]) == 2  # not a rule: a usage error


def test_folder_many_files_in_parallel(tmp_path, capsys):
    for i in range(4):
        shutil.copy(SEED, tmp_path / f"r{i}.txt")
    shutil.copy(CORPUS / "suzhou_2023_report.pdf", tmp_path / "r.pdf")
    shutil.copy(CORPUS / "suzhou_2023_report.html", tmp_path / "r.html")
    (tmp_path / "data.csv").write_text("x\n1\n", encoding="utf-8")
    assert main(["check", str(tmp_path), "--jobs", "2", "-f", "json"]) == 0
    captured = capsys.readouterr()
    objs = json.loads(captured.out)
    assert len(objs) == 6 * 7
    assert [Path(o["source"]).name for o in objs[::7]] == ["r.html", "r.pdf", "r0.txt", "r1.txt", "r2.txt", "r3.txt"]
    assert "6 files, 42 claims: 42 consistent" in captured.err
    assert "\r" not in captured.err  # not a terminal: no progress bar


def test_progress_bar_only_on_a_terminal(tmp_path, monkeypatch, capsys):
    for i in range(3):
        (tmp_path / f"r{i}.txt").write_text("全年共发生生产安全事故 71 起，同比下降 11.3%。", encoding="utf-8")

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    fake = Tty()
    monkeypatch.setattr(sys, "stderr", fake)
    assert main(["check", str(tmp_path), "--jobs", "1"]) == 0
    assert "\r[" in fake.getvalue() and "3/3" in fake.getvalue()
    fake2 = Tty()
    monkeypatch.setattr(sys, "stderr", fake2)
    assert main(["check", str(tmp_path), "--jobs", "1", "--quiet"]) == 0
    assert "\r[" not in fake2.getvalue()


@pytest.mark.parametrize(("name", "message"), [
    ("empty.txt", "is empty"),
    ("binary.txt", "binary file"),
    ("key_big5.txt", "unknown text encoding"),
    ("scanned.pdf", "no text layer"),
    ("broken.pdf", "not a readable PDF"),
    ("report.docx", "ZIP container"),
    ("no-such-file.txt", "file not found"),
])
def test_unreadable_input_exits_2_without_traceback(name, message, capsys):
    assert main(["check", str(CORPUS / name)]) == 2
    err = capsys.readouterr().err
    assert message in err and str(CORPUS / name) in err and "Traceback" not in err


def test_one_bad_file_among_good_ones_still_reports_the_rest(tmp_path, capsys):
    shutil.copy(SEED, tmp_path / "good.txt")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02")
    assert main(["check", str(tmp_path), "--jobs", "1"]) == 2
    captured = capsys.readouterr()
    assert "good.txt: 7 claims" in captured.out and "bad.txt: cannot be read" in captured.out
    assert "binary file" in captured.err


def test_forced_encoding_reads_big5(capsys):
    assert main(["check", str(CORPUS / "key_big5.txt"), "--encoding", "big5"]) == 0
    assert "2 consistent" in capsys.readouterr().out


def test_no_claims_and_empty_folder(tmp_path, capsys):
    assert main(["check", str(CORPUS / "no_claims.txt")]) == 0
    assert "0 claims found" in capsys.readouterr().out
    assert main(["check", str(tmp_path)]) == 2
    assert "no reports" in capsys.readouterr().err


def test_bad_options(capsys):
    assert main(["check", str(SEED), "--jobs", "0"]) == 2
    assert "--jobs" in capsys.readouterr().err
    assert main(["check", str(SEED), "--alpha", "2"]) == 2
    assert main(["check"]) == 2


def test_period_and_region_options(capsys):
    text_file = CORPUS / "key_gbk.txt"
    assert main(["check", str(text_file), "-f", "json", "--period", "2024", "--region", "苏州市"]) == 0
    objs = json.loads(capsys.readouterr().out)
    assert {o["base_period"] for o in objs if o["kind"] == "change"} == {"2023"}
    assert {o["region"] for o in objs} == {"苏州市"}


def test_console_script_end_to_end(tmp_path):
    f = tmp_path / "wrong.txt"
    f.write_text("There were 5,283 fatal work injuries recorded in 2023, a 3.7-percent increase from 5,486 in 2022.",
                 encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "safetystats", "check", str(f), "-f", "json"],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 1, run.stderr
    assert json.loads(run.stdout)[0]["verdict"] == "wrong_direction"
    assert "Traceback" not in run.stderr
