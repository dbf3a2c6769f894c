"""read_report: text in any common encoding, PDF and HTML; every unreadable file is a clear InputError.

The files are made by tests/corpus/claims/make_files.py.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from safetystats.claims import extract_claims, read_report
from safetystats.claims.reading import html_to_text
from safetystats.errors import InputError, ParameterError

CORPUS = Path(__file__).parent / "corpus" / "claims"
KEY = "全年共发生生产安全事故 71 起、死亡 50 人，分别下降 11.3%和 10.7%。"


@pytest.mark.parametrize(("name", "encoding"), [
    ("key_gbk.txt", "gb18030"), ("key_utf8_bom.txt", "utf-8-sig"), ("key_utf16.txt", "utf-16"),
    ("suzhou_2023_report.txt", "utf-8"),
])
def test_text_encodings(name, encoding):
    r = read_report(CORPUS / name)
    assert (r.encoding, r.format, r.source) == (encoding, "text", str(CORPUS / name))
    assert KEY in r.text


def test_big5_needs_its_encoding_named():
    with pytest.raises(InputError, match="unknown text encoding.*--encoding"):
        read_report(CORPUS / "key_big5.txt")
    r = read_report(CORPUS / "key_big5.txt", encoding="big5")
    claims = extract_claims(r.text)
    assert claims["value"].tolist() == [71, 50]


def test_windows_1252_english():
    r = read_report(CORPUS / "bls_cp1252.txt")
    assert r.encoding == "cp1252" and "café" in r.text and "3.7–percent" in r.text
    assert extract_claims(r.text)["reported_pct"].tolist()[0] == 3.7


def test_pdf_of_the_seed_gives_the_seed_claims():
    pdf = read_report(CORPUS / "suzhou_2023_report.pdf")
    assert pdf.format == "pdf" and pdf.pages == 5 and pdf.encoding is None
    txt = extract_claims(read_report(CORPUS / "suzhou_2023_report.txt").text)
    got = extract_claims(pdf.text)
    cols = ["kind", "metric", "value", "reported_pct", "parts", "direction", "period", "base_period"]
    assert got[cols].astype(object).fillna("").values.tolist() == txt[cols].astype(object).fillna("").values.tolist()
    # the PDF wraps lines: numbers and sentences are broken, the line numbers differ
    assert "124036" not in pdf.text.replace("\n", "X") or got["line"].tolist() != txt["line"].tolist()


def test_english_pdf():
    r = read_report(CORPUS / "bls_2023.pdf")
    c = extract_claims(r.text)
    assert c["kind"].tolist() == ["change", "change", "share"]
    assert c["value"].tolist() == [5283, 3.5, 1942]


def test_html_page():
    r = read_report(CORPUS / "suzhou_2023_report.html")
    assert r.format == "html" and "hits" not in r.text and "p { margin" not in r.text
    c = extract_claims(r.text)
    assert c["kind"].tolist() == ["level", "level", "change", "change", "level", "sum", "sum"]
    assert "苏州市应急管理局 2023 年法治政府建设工作报告" in r.text  # &nbsp; became a space


def test_html_without_suffix_is_sniffed():
    r = read_report(io.BytesIO(b"<html><body><p>Deaths fell <b>3.7%</b> to 5,283.</p></body></html>"))
    assert r.format == "html" and r.text == "Deaths fell 3.7% to 5,283."
    assert html_to_text("<p>a</p><script>1</script><p>b<br>c</p>") == "a\nb\nc"


def test_file_objects_and_strings():
    assert read_report(io.BytesIO(KEY.encode("gbk"))).text == KEY
    assert read_report(io.StringIO(KEY)).text == KEY
    assert read_report(KEY.encode("utf-8")).encoding == "utf-8"
    pdf = read_report(io.BytesIO((CORPUS / "bls_2023.pdf").read_bytes()))
    assert pdf.format == "pdf"


@pytest.mark.parametrize(("name", "message"), [
    ("empty.txt", "is empty"),
    ("binary.txt", "binary file"),
    ("report.docx", "ZIP container"),
    ("scanned.pdf", "no text layer.*OCR"),
    ("broken.pdf", "not a readable PDF"),
    ("no-such-file.txt", "file not found"),
])
def test_unreadable_files_name_the_file_and_the_fix(name, message):
    with pytest.raises(InputError, match=message) as info:
        read_report(CORPUS / name)
    assert str(CORPUS / name) in str(info.value)


def test_folder_and_bad_arguments():
    with pytest.raises(InputError, match="folder"):
        read_report(CORPUS)
    with pytest.raises(ParameterError, match="format"):
        read_report(CORPUS / "key_gbk.txt", format="docx")
    with pytest.raises(ParameterError):
        read_report(12)  # type: ignore[arg-type]


def test_forced_format():
    r = read_report(b"<p>71 \xe8\xb5\xb7</p>", format="text")
    assert r.format == "text" and r.text.startswith("<p>")
