"""Write the report files used by tests/test_claims_reading.py and tests/test_cli_check.py.

Run from the repository root: ``.venv/bin/python tests/corpus/claims/make_files.py``.  The output is
committed; running it again gives the same files (the PDFs carry no creation date).

* suzhou_2023_report.pdf - the seed report typeset on A4 pages with lines wrapped at a fixed width,
  so that (as in the bureau's own PDF) sentences and numbers break across lines and pages;
* bls_2023.pdf - an English release paragraph, wrapped;
* scanned.pdf - a page that is only an image (no text layer);
* broken.pdf - a file that starts like a PDF and is not one;
* suzhou_2023_report.html - the seed report as a web page (scripts, styles, entities, <br>);
* encodings: the key paragraph in GBK, UTF-8 with BOM, UTF-16, Big5 (unreadable without
  --encoding) and an English paragraph in Windows-1252;
* empty.txt, binary.txt (NUL bytes), report.docx (a ZIP container, as Word writes).
"""

from __future__ import annotations

import textwrap
import unicodedata
from pathlib import Path

HERE = Path(__file__).parent
SEED = HERE / "suzhou_2023_report.txt"
KEY = "全年共发生生产安全事故 71 起、死亡 50 人，分别下降 11.3%和 10.7%。完成三项岗位人员考试 124036 人，其中特种作业人员 110523 人，主要负责人和安管人员 13513 人。\n"
BLS = ("There were 5,283 fatal work injuries recorded in the United States in 2023, a 3.7-percent decrease "
       "from 5,486 in 2022, the U.S. Bureau of Labor Statistics reported today. The fatal work injury rate was "
       "3.5 fatalities per 100,000 full-time equivalent (FTE) workers, down from 3.7 in 2022. Transportation "
       "incidents remained the most frequent fatal event, accounting for 36.8% (1,942) of all 5,283 fatalities.")


def _width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def wrap(text: str, width: int) -> list[str]:
    """Wrap at a fixed display width, breaking anywhere (as PDF text extraction sees a page)."""
    lines: list[str] = []
    for para in text.splitlines():
        line, w = "", 0
        for ch in para:
            if w + _width(ch) > width:
                lines.append(line)
                line, w = "", 0
            line += ch
            w += _width(ch)
        lines.append(line)
    return lines


def write_pdf(path: Path, lines: list[str], *, per_page: int = 48, family: str | None = None) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    matplotlib.rcParams["pdf.fonttype"] = 42
    with PdfPages(path, metadata={"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None}) as pdf:
        for start in range(0, len(lines), per_page):
            fig = plt.figure(figsize=(8.27, 11.69))
            for i, line in enumerate(lines[start:start + per_page]):
                if line:
                    fig.text(0.08, 0.95 - i * 0.0185, line, fontsize=10, family=family)
            pdf.savefig(fig)
            plt.close(fig)


def write_scanned_pdf(path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    fig = plt.figure(figsize=(8.27, 11.69))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.imshow(np.random.default_rng(4).integers(0, 255, size=(60, 40)), cmap="gray")
    ax.axis("off")
    fig.savefig(path, metadata={"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None})
    plt.close(fig)


def write_html(path: Path) -> None:
    paras = [p for p in SEED.read_text(encoding="utf-8").splitlines() if p.strip()]
    body = "\n".join(f"<p>{p.replace('&', '&amp;').replace('<', '&lt;')}</p>" for p in paras[2:])
    html = (
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>苏州市应急管理局</title>\n"
        "<style>p { margin: 0 }</style><script>var hits = 123456; // 71 起 下降 99.9%</script></head>\n"
        f"<body><h1>苏州市应急管理局&nbsp;2023&nbsp;年法治政府建设工作报告</h1>\n{body}\n"
        "<div class=\"footer\">联系电话：0512-65223456<br>苏ICP备05012345号</div></body></html>\n"
    )
    path.write_text(html, encoding="utf-8")


def main() -> None:
    seed = SEED.read_text(encoding="utf-8")
    from safetystats.fonts import register_cjk_font

    family = register_cjk_font()
    write_pdf(HERE / "suzhou_2023_report.pdf", wrap(seed, 84), family=family)
    write_pdf(HERE / "bls_2023.pdf", textwrap.wrap(BLS, 90))  # English lines break between words
    write_scanned_pdf(HERE / "scanned.pdf")
    (HERE / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n"
                                      b"<< /Root 1 0 R >>\n%%EOF\n")
    write_html(HERE / "suzhou_2023_report.html")
    (HERE / "key_gbk.txt").write_bytes(KEY.encode("gbk"))
    (HERE / "key_utf8_bom.txt").write_bytes(KEY.encode("utf-8-sig"))
    (HERE / "key_utf16.txt").write_bytes(KEY.encode("utf-16"))
    (HERE / "key_big5.txt").write_bytes("全年共發生生產安全事故 71 起、死亡 50 人，分別下降 11.3%和 10.7%。\n".encode("big5"))
    (HERE / "bls_cp1252.txt").write_bytes((BLS.replace("-percent", "–percent") + " (café)\n").encode("cp1252"))
    (HERE / "empty.txt").write_bytes(b"")
    (HERE / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (HERE / "report.docx").write_bytes(b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 64)
    (HERE / "no_claims.txt").write_text("苏州市应急管理局\n\n一、全面履行法治政府建设工作责任\n\nThe report has no figures.\n",
                                        encoding="utf-8")


if __name__ == "__main__":
    main()
