"""The real documents in ../shared (skipped when it is absent)."""
from __future__ import annotations

import re
from pathlib import Path

from audit.pipeline import audit_path


def test_huaian_pdf_sections_and_clean_text(shared: Path) -> None:
    r = audit_path(shared / "data/real/huaian-2024-city.pdf")
    d = r.document
    assert [s.id for s in d.sections] == list("一二三四五六")
    assert not re.search(r"-\s*\d+\s*-", d.text)
    assert "2024 年" not in d.text
    assert d.agency == "淮安市人民政府" and d.year == 2024
    assert "全市共受理政府信息公开申请3119件，答复3050件（含上年度结转申请34件，另有103件顺延到下年度答复）" in d.text
    assert [f.rule_id for f in r.findings if f.category == "structure"] == ["N5-04"]


def test_chanxi_seed_text(shared: Path) -> None:
    r = audit_path(shared / "data/real/chanxi-2021-seed.txt")
    d = r.document
    assert [s.id for s in d.sections] == list("一二三四五六")
    assert "2022/1/27" not in d.text and "https://" not in d.text
    assert "瀍河回族区人民政府办公室" in d.text and "结果公开”" in d.text
    assert d.agency == "瀍西街道办事处" and d.year == 2021
    assert sorted(f.rule_id for f in r.findings if f.category == "structure") == ["N5-04", "N6-01"]


def test_official_template_flags_its_residue(shared: Path) -> None:
    r = audit_path(shared / "data/real/format-template-2021.docx")
    assert [s.id for s in r.document.sections] == list("一二三四五六")
    assert any(f.rule_id == "FMT-10" and "文字描述" in f.text for f in r.findings)
