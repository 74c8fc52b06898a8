"""The pypdfium2 fast path gives exactly what pdfplumber gives, page for page."""
from __future__ import annotations

from pathlib import Path

import pytest

from audit.ingest import Limits, read
from audit.ingest.pdf import read_pdf_counted
from audit.ingest.pdf_fast import fast_page_lines
from audit.pipeline import AuditConfig, audit_path
from audit.render.json import render_json as report_json

from . import fixturegen
from .conftest import SHARED

PLUMBER = Limits(pdf_engine="pdfplumber")


def both(path: Path) -> tuple[object, int, object]:
    hybrid, fast = read_pdf_counted(path, Limits())
    reference, none = read_pdf_counted(path, PLUMBER)
    assert none == 0
    return hybrid, fast, reference


def test_text_only_report_is_read_by_pdfium_and_unchanged(tmp_path: Path) -> None:
    pdf = fixturegen.write_pdf(tmp_path / "r.pdf")
    hybrid, fast, reference = both(pdf)
    assert hybrid == reference
    assert fast == hybrid.pages and fast >= 2          # no ruled table: every page took the fast path


def test_each_edge_case_page_is_routed_and_unchanged(tmp_path: Path) -> None:
    pdf = fixturegen.write_pdf_varied(tmp_path / "v.pdf")
    lines = fast_page_lines(pdf)
    assert lines is not None and len(lines) == 4
    # page 1 (mixed fonts and sizes, spacing, a rule under the heading) is fast;
    # the ruled table, the rotated watermark and the page whose only path is 3 pt tall are not
    assert lines[0] is not None and lines[1] is None and lines[2] is None and lines[3] is None
    texts = [ln["text"] for ln in lines[0]]
    assert "本机关共收到政府信息公开申请 37 件（注） ，办结率100%。" in texts
    hybrid, fast, reference = both(pdf)
    assert fast == 1
    assert hybrid == reference
    assert any(b.kind == "table" for b in hybrid.blocks)


def test_the_whole_audit_is_unchanged(tmp_path: Path) -> None:
    pdf = fixturegen.write_pdf(tmp_path / "r.pdf", extra={"五": ["一是在在信息公开工作中攻务公开不够及时。"]})
    hybrid = report_json(audit_path(str(pdf), AuditConfig()))
    reference = report_json(audit_path(str(pdf), AuditConfig(limits=PLUMBER)))
    assert hybrid == reference
    assert "TXT-01" in hybrid


def test_bad_pdfs_keep_their_messages(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF")
    enc = fixturegen.write_encrypted_pdf(tmp_path / "enc.pdf")
    for path in (broken, enc):
        messages = []
        for limits in (Limits(), PLUMBER):
            with pytest.raises(Exception) as info:
                read(path, limits)
            messages.append(str(info.value))
        assert messages[0] == messages[1]
    assert "encrypted" in messages[0]


@pytest.mark.skipif(not SHARED.exists(), reason="../shared is not present")
def test_real_and_dev_pdfs_are_unchanged() -> None:
    paths = sorted((SHARED / "data" / "dev" / "docs").glob("*.pdf")) + [SHARED / "data" / "real" / "huaian-2024-city.pdf"]
    fast_total = 0
    for path in paths:
        hybrid, fast, reference = both(path)
        assert hybrid == reference, path.name
        fast_total += fast
    assert fast_total >= 6     # the chanxi PDF (4 pages) and two of huaian's pages have no ruled table


def test_pdfminer_warnings_do_not_reach_the_user(tmp_path: Path) -> None:
    """A font descriptor without FontBBox (browser-printed PDFs) makes pdfminer log a warning per font;
    the user sees findings, not log noise. A real process: pytest's own log capture would hide it."""
    import subprocess
    import sys

    pdf = fixturegen.write_pdf_without_fontbbox(tmp_path / "nobbox.pdf")
    res = subprocess.run([sys.executable, "-m", "audit", "check", "--format", "text", "--pdf-engine", "pdfplumber",
                          str(pdf)], capture_output=True, text=True, timeout=120)
    assert res.returncode == 1 and "FMT-01" in res.stdout
    assert res.stderr == ""


def _chromium() -> str | None:
    import shutil
    import subprocess

    exe = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not exe or not shutil.which("fc-list"):
        return None
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout
    return exe if fonts.strip() else None


@pytest.mark.skipif(_chromium() is None, reason="needs chromium and a Chinese font")
def test_a_browser_printed_report_reads_like_its_web_page(tmp_path: Path) -> None:
    """Print the generated web page with headless Chromium, as offices do, and audit the PDF: its text
    layer writes radicals (⼀ for 一), yet the sections and the typo are those of the page."""
    import subprocess

    from audit.pipeline import audit_path

    html = fixturegen.write_html(tmp_path / "page.html", encoding="utf-8",
                                 extra={"一": ["我局在在推进政务公开工作。"]})
    pdf = tmp_path / "printed.pdf"
    subprocess.run([str(_chromium()), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    f"--user-data-dir={tmp_path / 'profile'}", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", html.as_uri()], capture_output=True, timeout=120)
    if not pdf.exists():
        pytest.skip("chromium did not print")
    page = audit_path(html)
    printed = audit_path(pdf)
    assert [s.id for s in printed.document.sections] == [s.id for s in page.document.sections] == list("一二三四五六")
    assert ("TXT-01", "在在") in {(f.rule_id, f.text) for f in printed.findings}
    assert not any(f.rule_id == "FMT-01" for f in printed.findings)
