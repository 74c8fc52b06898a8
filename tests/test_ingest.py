"""Every input format reads into the same canonical report: six sections, title, year, no furniture."""
from __future__ import annotations

from pathlib import Path

import pytest

from audit.errors import InputError
from audit.ingest import read
from audit.pipeline import audit_path, build_document

from . import fixturegen

FILES = ["report-utf8.txt", "report-gbk.txt", "report.docx", "report.html", "report.pdf"]


@pytest.mark.parametrize("name", FILES)
def test_each_format_gives_six_sections(gen_dir: Path, name: str) -> None:
    doc = build_document(read(gen_dir / name))
    assert [s.id for s in doc.sections] == ["一", "二", "三", "四", "五", "六"]
    assert doc.year == 2023
    assert doc.agency == fixturegen.AGENCY
    assert "统计期限自2023年1月1日起至2023年12月31日止" in doc.text
    # the narrative survives intact, joined across PDF line wraps
    assert "在“青石审计”微信公众号发布信息86条" in doc.text
    assert doc.layout == "2021"


def test_pdf_furniture_and_spaces_removed(gen_dir: Path) -> None:
    doc = build_document(read(gen_dir / "report.pdf"))
    assert "- 1 -" not in doc.text and "- 2 -" not in doc.text
    assert "2023 年" not in doc.text
    assert doc.pages and doc.pages >= 2


def test_html_keeps_article_only(gen_dir: Path) -> None:
    doc = build_document(read(gen_dir / "report.html"))
    for junk in ("网站导航", "分享到", "版权所有", "备案号"):
        assert junk not in doc.text
    assert len(doc.tables) == 3


def test_docx_and_html_tables_kept_as_tables(gen_dir: Path) -> None:
    for name in ("report.docx", "report.html"):
        doc = build_document(read(gen_dir / name))
        t3 = [t for t in doc.tables if t.section_id == "三"]
        assert t3 and t3[0].rows[1][0] == "一、本年新收政府信息公开申请数量"
        assert t3[0].rows[1][-1] == "5"


def test_html_rowspan_colspan_grid(tmp_path: Path) -> None:
    html = ("<html><body><div><h1>甲县乙局2022年政府信息公开工作年度报告</h1><p>一、总体情况</p><p>正文。</p>"
            "<table><tr><td rowspan='2'>三、本年度办理结果</td><td colspan='2'>（一）予以公开</td></tr>"
            "<tr><td>1</td><td>2</td></tr></table></div></body></html>")
    p = tmp_path / "t.html"
    p.write_text(html, encoding="utf-8")
    rows = build_document(read(p)).tables[0].rows
    assert rows[0] == ("三、本年度办理结果", "（一）予以公开", None)
    assert rows[1] == (None, "1", "2")


def test_html_lying_charset_falls_back(tmp_path: Path) -> None:
    body = "<html><head><meta charset='utf-8'></head><body><p>甲县乙局2022年政府信息公开工作年度报告</p><p>一、总体情况</p></body></html>"
    p = tmp_path / "lie.html"
    p.write_bytes(body.encode("gbk"))
    doc = build_document(read(p))
    assert "总体情况" in doc.text


@pytest.mark.parametrize("make,reason", [
    (lambda d: d / "missing.pdf", "file not found"),
    (lambda d: _write(d / "empty.txt", b""), "empty file"),
    (lambda d: _write(d / "blank.txt", b"   \n\n "), "empty file"),
    (lambda d: _write(d / "report.xls", b"\xd0\xcf\x11\xe0binary"), "unsupported file type"),
    (lambda d: _write(d / "old.doc", b"\xd0\xcf\x11\xe0binary"), ".doc"),
    (lambda d: _write(d / "bad.pdf", b"%PDF-1.4\nthis is not a pdf"), "corrupt or unreadable PDF"),
    (lambda d: _write(d / "fake.pdf", b"hello world"), "not a valid PDF"),
    (lambda d: _write(d / "bad.docx", b"PK\x03\x04broken zip"), "corrupt DOCX"),
    (lambda d: fixturegen.write_scanned_pdf(d / "scan.pdf"), "no text layer"),
    (lambda d: fixturegen.write_encrypted_pdf(d / "locked.pdf"), "encrypted PDF"),
])
def test_bad_inputs_raise_one_line_errors(tmp_path: Path, make, reason: str) -> None:  # type: ignore[no-untyped-def]
    path = make(tmp_path)
    with pytest.raises(InputError) as exc:
        audit_path(path)
    msg = str(exc.value)
    assert reason in msg and str(path) in msg and "\n" not in msg


def test_truncated_pdf_is_an_input_error(tmp_path: Path, gen_dir: Path) -> None:
    data = (gen_dir / "report.pdf").read_bytes()
    p = _write(tmp_path / "trunc.pdf", data[: len(data) // 3])
    with pytest.raises(InputError):
        audit_path(p)


def _write(p: Path, data: bytes) -> Path:
    p.write_bytes(data)
    return p
