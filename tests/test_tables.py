"""Table parsing from every format, and the arithmetic rules on realistic tables."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from audit.ingest import read
from audit.pipeline import AuditConfig, audit_document, audit_path, build_document
from audit.tables import LEAVES_2021, parse_tables
from audit.types import Block, RawDocument

from . import fixturegen

HUAIAN_T3 = {
    "r1": [3001, 53, 0, 0, 61, 4, 3119], "r2": [34, 0, 0, 0, 0, 0, 34],
    "r3_1": [1288, 21, 0, 0, 50, 3, 1362], "r3_2": [447, 7, 0, 0, 0, 0, 454],
    "r3_3_1": [2, 0, 0, 0, 0, 0, 2], "r3_3_2": [30, 1, 0, 0, 0, 0, 31], "r3_3_3": [5, 0, 0, 0, 0, 0, 5],
    "r3_3_4": [6, 0, 0, 0, 0, 0, 6], "r3_3_5": [7, 1, 0, 0, 0, 0, 8], "r3_3_6": [12, 0, 0, 0, 0, 0, 12],
    "r3_3_7": [9, 0, 0, 0, 0, 0, 9], "r3_3_8": [105, 0, 0, 0, 0, 0, 105],
    "r3_4_1": [746, 12, 0, 0, 10, 1, 769], "r3_4_2": [11, 0, 0, 0, 0, 0, 11], "r3_4_3": [1, 0, 0, 0, 0, 0, 1],
    "r3_5_1": [56, 6, 0, 0, 0, 0, 62], "r3_5_2": [25, 0, 0, 0, 0, 0, 25], "r3_5_3": [0] * 7, "r3_5_4": [0] * 7,
    "r3_5_5": [1, 0, 0, 0, 0, 0, 1], "r3_6_1": [67, 3, 0, 0, 1, 0, 71], "r3_6_2": [6, 0, 0, 0, 0, 0, 6],
    "r3_6_3": [108, 2, 0, 0, 0, 0, 110], "r3_7": [2932, 53, 0, 0, 61, 4, 3050], "r4": [103, 0, 0, 0, 0, 0, 103],
}
HUAIAN_T4 = [72, 64, 178, 37, 351, 13, 4, 8, 1, 26, 12, 1, 1, 6, 20]


def test_huaian_cells_equal_printed_values(shared: Path) -> None:
    doc = build_document(read(shared / "data/real/huaian-2024-city.pdf"))
    tabs = parse_tables(doc)
    assert tabs.t3 is not None and tabs.t4 is not None and tabs.t2 is not None
    got = {k: [int(c.value) for c in r.cells] for k, r in tabs.t3.rows.items()}  # type: ignore[arg-type]
    assert got == HUAIAN_T3
    assert [int(tabs.t4.cells[(b, i)].value) for b in ("rv", "ld", "lr") for i in range(5)] == HUAIAN_T4  # type: ignore[arg-type]
    t2 = {k: [str(c.value) for c in r.cells] for k, r in tabs.t2.rows.items()}
    assert t2 == {"规章": ["1", "0", "11"], "行政规范性文件": ["8", "26", "66"], "行政许可": ["447228"],
                  "行政处罚": ["3985758"], "行政强制": ["88283"], "行政事业性收费": ["96171.6"]}
    # every parsed cell points at its printed text
    for r in tabs.t3.rows.values():
        for c in r.cells:
            assert c.span is not None and doc.text[c.span.start:c.span.end] == c.raw


def test_huaian_has_no_table_finding(shared: Path) -> None:
    r = audit_path(shared / "data/real/huaian-2024-city.pdf")
    assert not [f for f in r.findings if f.category in ("table", "contradiction")]


def test_chanxi_text_rows_with_labels_broken_over_lines(shared: Path) -> None:
    doc = build_document(read(shared / "data/real/chanxi-2021-seed.txt"))
    t3 = parse_tables(doc).t3
    assert t3 is not None and set(LEAVES_2021) <= set(t3.rows)
    assert all(c.value == 0 for r in t3.rows.values() for c in r.cells)
    assert parse_tables(doc).t4.count == 15  # type: ignore[union-attr]


@pytest.mark.parametrize("name", ["report.docx", "report.html", "report.pdf", "report-utf8.txt"])
def test_generated_tables_parse_in_every_format(gen_dir: Path, name: str) -> None:
    tabs = parse_tables(build_document(read(gen_dir / name)))
    assert tabs.t3 is not None and len(tabs.t3.rows) == 25
    assert [int(c.value) for c in tabs.t3.rows["r1"].cells] == [4, 1, 0, 0, 0, 0, 5]  # type: ignore[arg-type]
    assert tabs.t4 is not None and tabs.t4.count == 15
    assert tabs.t2 is not None and [int(c.value) for c in tabs.t2.rows["行政规范性文件"].cells] == [2, 1, 9]  # type: ignore[arg-type]


def _with_t3_change(tmp_path: Path, fmt: str, old: str, new: str) -> Path:
    rows = fixturegen.t3_rows()
    for r in rows:
        if " ".join(r) == old:
            r[:] = new.split(" ")
    original = fixturegen.t3_rows
    fixturegen.t3_rows = lambda: rows  # type: ignore[assignment]
    try:
        writer = {"docx": fixturegen.write_docx, "html": fixturegen.write_html, "pdf": fixturegen.write_pdf,
                  "txt": fixturegen.write_txt}[fmt]
        return writer(tmp_path / f"bad.{fmt}")  # type: ignore[operator]
    finally:
        fixturegen.t3_rows = original  # type: ignore[assignment]


@pytest.mark.parametrize("fmt", ["docx", "html", "pdf", "txt"])
def test_a_wrong_total_is_found_in_every_format(tmp_path: Path, fmt: str) -> None:
    p = _with_t3_change(tmp_path, fmt, "（七）总计 4 1 0 0 0 0 5", "（七）总计 4 1 0 0 0 0 6")
    r = audit_path(p)
    rules = sorted({f.rule_id for f in r.findings if f.category == "table"})
    assert rules == ["T3-01", "T3-02", "T3-03"]
    f = next(f for f in r.findings if f.rule_id == "T3-01")
    assert f.section == "三" and f.text == "6"
    assert "总计列" in f.message and "一+二=5+0=5" in f.message and "（七）总计+四=6+0=6" in f.message


def test_blank_cells_are_not_zero(tmp_path: Path) -> None:
    p = _with_t3_change(tmp_path, "html", "（七）总计 4 1 0 0 0 0 5", "（七）总计 4 1 0 0 0 0 /")
    r = audit_path(p)
    assert not [f for f in r.findings if f.category == "table" and "总计列" in f.message]
    blank = [f for f in r.findings if f.rule_id == "FMT-06"]
    assert blank and "（七）总计" in blank[0].message


def test_2019_layout_single_other_row() -> None:
    lines = ["某市某局2019年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况"]
    for r in fixturegen.t3_rows()[1:]:
        label = r[0]
        if label.startswith("（六）其他处理 1."):
            lines.append("（六）其他处理 0 0 0 0 0 0 0")
            continue
        if label.startswith(("2.申请人逾期", "3.其他")):
            continue
        lines.append(" ".join(r))
    lines.append("四、政府信息公开行政复议、行政诉讼情况")
    doc = build_document(RawDocument("x", "txt", (Block("page", "\n".join(lines)),)))
    t3 = parse_tables(doc).t3
    assert t3 is not None and t3.layout == "2019" and "r3_6" in t3.rows
    assert not [f for f in audit_document(doc, AuditConfig()).findings if f.category == "table"]


def test_t4_flattened_and_wrong_count() -> None:
    text = ("某县某局2022年政府信息公开工作年度报告\n四、政府信息公开行政复议、行政诉讼情况\n行政复议 行政诉讼\n"
            "1 0 0 0 1 0 0 0 0 0 0 0\n五、存在的主要问题及改进情况\n无。\n")
    doc = build_document(RawDocument("x", "txt", (Block("page", text),)))
    t4 = parse_tables(doc).t4
    assert t4 is not None and t4.count == 12 and not t4.cells
    fs = audit_document(doc).findings
    assert any(f.rule_id == "FMT-03" and "12个数" in f.message for f in fs)
    assert Decimal(1) == Decimal("1")
