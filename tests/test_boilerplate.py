"""Boilerplate scores and copy detection across reports."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from audit.cli import main
from audit.pipeline import AuditConfig, audit_text

from . import fixturegen


def score_of(text: str) -> float:
    r = audit_text("甲县乙局2022年政府信息公开工作年度报告\n一、总体情况\n" + text + "\n", config=AuditConfig(select=("BP-01",)))
    return max([f.confidence or 0.0 for f in r.findings] or [0.0])


def test_generic_sentences_score_higher_than_specific_ones() -> None:
    generic = ["我局高度重视政府信息公开工作，切实加强组织领导，不断提升政务公开工作水平。",
               "下一步，我局将进一步提高认识，加大工作力度，确保各项工作落到实处。"]
    specific = ["2023年，我局通过县政府门户网站主动公开审计结果公告12篇，在“青石审计”微信公众号发布信息86条。",
                "全年组织政务公开专题培训3次，参训人员45人次，依法办理政府信息公开申请5件。"]
    assert min(score_of(s) for s in generic) > max(score_of(s) for s in specific)
    assert min(score_of(s) for s in generic) >= 0.5


def test_finding_gives_reasons() -> None:
    r = audit_text("甲县乙局2022年政府信息公开工作年度报告\n一、总体情况\n我局高度重视政府信息公开工作，切实加强组织领导，不断提升政务公开工作水平。\n",
                   config=AuditConfig(select=("BP-01",)))
    assert r.findings and "高度重视" in r.findings[0].message


def _five(measures: str, problems: str) -> dict[str, list[str]]:
    return {"五": [problems, measures]}


def test_copied_improvements_across_years_name_the_other_report(tmp_path: Path) -> None:
    measures = "下一步，我局将每季度组织一次政务公开业务培训，并建立信息发布月度通报制度，确保栏目内容及时更新。"
    a = fixturegen.write_txt(tmp_path / "shiji-2022.txt", year=2022, agency="白石县审计局",
                             extra={"五": ["二是政府信息公开专栏更新频次偏低，部分栏目长期空白。", measures]})
    b = fixturegen.write_txt(tmp_path / "shiji-2023.txt", year=2023, agency="白石县审计局",
                             extra={"五": ["二是依申请公开答复文书的救济途径告知不够完整。", measures]})
    res = CliRunner().invoke(main, ["check", "--compare", "--format", "json", "--exit-zero", str(a), str(b)])
    assert res.exit_code == 0, res.output
    r22, r23 = (json.loads(x) for x in res.stdout.splitlines() if x.strip())
    copied = [f for f in r23["findings"] if f["rule"] == "N5-06"]
    texts = {f["text"] for f in copied}
    assert measures in texts
    assert all("shiji-2022.txt" in f["message"] and "2022" in f["message"] for f in copied)
    assert any(f["rule"] == "N5-06" and "shiji-2023.txt" in f["message"] for f in r22["findings"])
    # the problem that changed is not reported as copied
    assert not any("救济途径" in f["text"] for f in r23["findings"] if f["rule"] in ("N5-06", "N5-07"))


def test_without_compare_no_cross_report_findings(tmp_path: Path) -> None:
    a = fixturegen.write_txt(tmp_path / "a.txt", year=2022)
    b = fixturegen.write_txt(tmp_path / "b.txt", year=2023)
    res = CliRunner().invoke(main, ["check", "--format", "json", "--exit-zero", str(a), str(b)])
    for line in res.stdout.splitlines():
        assert not [f for f in json.loads(line)["findings"] if f["rule"] in ("CP-01", "CP-02", "N5-06", "N5-07")]
