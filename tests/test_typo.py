"""Typo layers: curated list, doubled characters, confusable characters; the model loads only if intact."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from audit.errors import AuditError
from audit.ml.artifact import latest, load_manifest
from audit.pipeline import AuditConfig, audit_path, audit_text

TYPO = AuditConfig(select=("TXT",))


def typos(text: str) -> list[tuple[str, str]]:
    return [(f.text, f.suggestion) for f in audit_text(text, config=TYPO).findings]


def test_seed_report_six_typos(shared: Path) -> None:
    r = audit_path(shared / "data/real/chanxi-2021-seed.txt", TYPO)
    got = {(f.text, f.suggestion) for f in r.findings}
    assert got == {("攻", "政"), ("改", "政"), ("大度", "大幅度"), ("进步", "进一步"), ("在在", "在"), ("是是", "是")}
    # the span is the wrong characters only; the message quotes the word
    gong = next(f for f in r.findings if f.text == "攻")
    assert "攻务" in gong.message and "政务" in gong.message


@pytest.mark.parametrize("text,wrong,fix", [
    ("政府信息公开工作存在的主要阁题及改进情况。", "阁", "问"),
    ("确保公开信息的完整性和准码性。", "码", "确"),
    ("本单位政务公开工昨由办公室牵头。", "昨", "作"),
    ("一是对相关规章章制度的培训学习还不够。", "章章", "章"),
    ("我局共收到依申公开事项7件。", "申公", "申请公"),
])
def test_planted_typos_are_found(text: str, wrong: str, fix: str) -> None:
    assert (wrong, fix) in typos(text)


@pytest.mark.parametrize("text", [
    "利用网格化管理优势，设立群众服务站，通过其它方式公开信息8项。",
    "把政府信息公开工作作为政府机关的一项重要工作，提高微信信息发布的实效。",
    "我们常常深入基层，层层压实责任，人人参与。",
    "具体工作人员业务不熟，由吴伟生局长任组长。",
    "全年共接收咨询电话3000余起，均得到顺利答复。",
    "按照《中华人民共和国政府信息公开条例》要求，我局主动公开政府信息120条。",
])
def test_clean_sentences_give_no_typo(text: str) -> None:
    assert typos(text) == []


def test_model_refuses_an_altered_file(tmp_path: Path) -> None:
    src = latest("typo")
    dst = tmp_path / "typo" / src.name
    shutil.copytree(src, dst)
    load_manifest(dst)
    p = dst / "classifier.json"
    data = bytearray(p.read_bytes())
    data[10] ^= 0x01
    p.write_bytes(bytes(data))
    with pytest.raises(AuditError) as exc:
        load_manifest(dst)
    assert "sha256" in str(exc.value)


def test_manifest_records_training() -> None:
    m = load_manifest(latest("typo"))
    assert m["training_command"].startswith("audit model train typo")
    assert m["metrics"]["synthetic_heldout"]["precision"] >= 0.9
    assert set(m["files"]) == {"ngrams.tsv.gz", "confusions.json.gz", "classifier.json"}


def test_no_pickle_in_the_package() -> None:
    root = Path(__file__).resolve().parents[1] / "audit"
    for p in root.rglob("*.py"):
        text = p.read_text(encoding="utf-8")
        assert "import pickle" not in text and "joblib" not in text and "allow_pickle=True" not in text, p
