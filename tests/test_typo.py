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
    got = {(f.text, f.suggestion) for f in r.findings if f.severity == "warning"}
    # the suggestion is the corrected word, as the issue lists them: 政务, 行政, 大幅度, 进一步, 在, 是;
    # the seventh is real too: 依托瀍河区政府门户站公开政务信息 lost the 网 of 门户网站
    assert got == {("攻", "政务"), ("改", "行政"), ("大度", "大幅度"), ("进步", "进一步"), ("在在", "在"), ("是是", "是"),
                   ("户站", "门户网站")}
    # the only other typo finding is the real truncated word …水平的路，(路径), as a low-confidence hint
    hints = [f for f in r.findings if f.severity != "warning"]
    assert [(f.rule_id, f.severity, f.text) for f in hints] == [("TXT-05", "info", "路")]
    assert "水平的路，" in r.document.text[hints[0].span.start - 4:hints[0].span.end + 1]
    assert hints[0].confidence is not None and hints[0].confidence < 0.5
    # the span is the wrong characters only; the message quotes the word
    gong = next(f for f in r.findings if f.text == "攻")
    assert "攻务" in gong.message and "政务" in gong.message


@pytest.mark.parametrize("text,wrong,fix", [
    ("全年主动公开政府信息1200多，政策解读45篇。", "1200多", "1200多条"),
    ("我局高度重视政府信系公开工作，明确专人负责。", "系", "信息"),      # common bigrams, unseen trigrams
    ("确保公开信息的完性和准确性。", "完性", "完整性"),                  # a dropped character
    ("全年共受理政府信息公开申请30余。", "30余", "30余件"),
    ("政府信息公开工作存在的主要阁题及改进情况。", "阁", "问题"),
    ("确保公开信息的完整性和准码性。", "码", "准确"),
    ("本单位政务公开工昨由办公室牵头。", "昨", "工作"),
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
    "切实办好群众身边的事，打造世界知名旅游目的地，设区的市、县级人民政府予以公开。",
    "在推进政务公开的同时，全年接待群众来访200余人次，增长了1倍多。",
    "采用线上线下相结合的方式便于群众查询，我办开办的专栏运行良好。",   # no 的/公 inserted
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


def test_truncation_statistics_are_a_verified_model() -> None:
    from audit.ml.artifact import read_json

    folder = latest("truncation")
    m = load_manifest(folder)
    assert m["training_command"].startswith("audit model train truncation")
    chars = read_json(folder, "clause_final.json.gz")["chars"]
    # 路 never closes a clause after 的 in the laws and reports; 人 and 市 do (…的人，设区的市，)
    assert chars["路"]["end"] == 0 and chars["路"]["cont"] >= 20
    assert chars["人"]["end"] > 0 and chars["市"]["end"] > 0


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


def test_names_are_protected_but_a_typo_tagged_as_a_name_is_not() -> None:
    from audit.checks.confusion import _names

    text = "由吴伟生局长任组长，瀍西街道、王家营镇设立查阅点，围绕市千市政府中心工作。"
    found = {text[a:b] for a, b in _names(text)}
    assert {"吴伟生", "瀍西", "家营"} <= found
    assert not any("千" in w for w in found)          # 市 of 市政府 is not a place suffix
    from audit.checks.confusion import _tagged_name

    assert _tagged_name("由吴伟生局长任组长", 1)        # jieba posseg: 吴伟生/nr, then a title
    assert not _tagged_name("全面推进卫升健康工作", 4)    # 卫升 is tagged nr too, but no title follows
    # jieba's HMM tags 卫升 as a person name; without a title after it, it is still a typo
    assert typos("由吴伟生局长任组长，王卫升同志任副组长。") == []
    assert ("升", "卫生") in typos("全面推进卫升健康信息公开工作。")
