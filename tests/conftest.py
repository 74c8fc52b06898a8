"""Shared fixtures: generated reports in every format, and the optional ../shared data."""
from __future__ import annotations

from pathlib import Path

import pytest

from . import fixturegen

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def gen_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("gen")
    fixturegen.write_txt(d / "report-utf8.txt")
    fixturegen.write_txt(d / "report-gbk.txt", encoding="gb18030")
    fixturegen.write_docx(d / "report.docx")
    fixturegen.write_html(d / "report.html")
    fixturegen.write_pdf(d / "report.pdf")
    return d


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "data").is_dir():
        pytest.skip("../shared is not present")
    return SHARED
