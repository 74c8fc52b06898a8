"""Section 五: problems against improvements; the role model's export matches scikit-learn."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from audit.pipeline import AuditConfig, audit_path, audit_text, build_document
from audit.section5 import analyse, similarity
from audit.types import Block, RawDocument

FIVE = AuditConfig(select=("N5",))


def doc(body: str):  # type: ignore[no-untyped-def]
    text = "甲县乙局2022年政府信息公开工作年度报告\n五、存在的主要问题及改进情况\n" + body + "\n六、其他需要报告的事项\n无。\n"
    return build_document(RawDocument("x", "txt", (Block("page", text),)))


def test_seed_misplaced_items_and_matched_problem(shared: Path) -> None:
    r = audit_path(shared / "data/real/chanxi-2021-seed.txt", FIVE)
    mis = [f.text for f in r.findings if f.rule_id == "N5-10"]
    assert len(mis) == 2 and mis[0] == "提升公开意识" and mis[1].startswith("强化公开力度")
    assert not [f for f in r.findings if f.rule_id == "N5-03"]
    five = analyse(r.document)
    assert five is not None
    k = next(i for i, p in enumerate(five.problems) if "队伍建设不够完善" in p.text)
    best, j = five.scores[k]
    assert best >= 0.3 and five.measures[j].text.startswith("加大培训力度")


def test_unaddressed_problem_is_flagged_with_its_phrase() -> None:
    d = doc("存在的主要问题：一是政策解读形式单一；二是信息公开专业人员配备不足，多为兼职。\n"
            "下一步，我局将每季度制作1期图解解读，丰富解读形式。")
    r = audit_text(d.text, config=FIVE)
    n503 = [f for f in r.findings if f.rule_id == "N5-03"]
    assert [f.text for f in n503] == ["信息公开专业人员配备不足，多为兼职"]
    assert "没有一条改进措施与之对应" in n503[0].message or "只部分对应" in n503[0].message


def test_measures_are_whole_items_without_heading_or_introduction() -> None:
    d = doc("（一）存在的主要问题\n一是政策解读形式单一。二是信息公开专业人员配备不足。\n"
            "（二）改进情况\n下一步，我局将重点做好以下几方面工作：\n"
            "1.丰富解读形式。每季度制作1期图解解读，邀请专家参与解读。\n"
            "2.配齐专业人员。年内配备专职信息公开人员2名。\n"
            "同时，将定期开展业务培训。")
    five = analyse(d)
    assert five is not None
    assert [m.text for m in five.measures] == [
        "丰富解读形式。每季度制作1期图解解读，邀请专家参与解读",
        "配齐专业人员。年内配备专职信息公开人员2名",
        "同时，将定期开展业务培训",
    ]


def test_a_second_problem_after_a_semicolon_in_an_item() -> None:
    d = doc("（一）存在问题\n一是公开内容时效较慢。二是信息更新还不够及时；部分工作人员的公开意识有待进一步提高。"
            "三是政务公开工作力量薄弱，队伍建设还需加强。\n（二）改进措施\n一是及时更新，定期维护。"
            "二是不断提高工作人员的综合素质，增强业务能力。")
    five = analyse(d)
    assert five is not None
    texts = [p.text for p in five.problems]
    assert "部分工作人员的公开意识有待进一步提高" in texts and "信息更新还不够及时" in texts
    # 队伍建设 is answered by raising the staff's 素质 and 能力 (the training concept)
    k = texts.index("政务公开工作力量薄弱，队伍建设还需加强")
    assert five.scores[k][0] >= 0.3


def test_no_measures_at_all() -> None:
    d = doc("主要表现在：信息更新不够及时，公开内容不够全面。")
    fs = [f for f in audit_text(d.text, config=FIVE).findings if f.rule_id == "N5-03"]
    assert [f.text for f in fs] == ["信息更新不够及时", "公开内容不够全面"]
    assert all("没有写任何改进措施" in f.message for f in fs)


def test_preamble_is_not_a_problem() -> None:
    d = doc("虽然取得了一定成效，但仍存在一些问题和不足，主要表现在：一是解读形式单一。\n下一步，我局将丰富解读形式，制作图解。")
    five = analyse(d)
    assert five is not None and [p.text for p in five.problems] == ["解读形式单一"]


def test_synonyms_link_problem_and_remedy() -> None:
    assert similarity("政务公开队伍力量薄弱", "配齐配强专职人员，充实工作力量") >= 0.3
    assert similarity("政策解读形式单一", "建立保密审查制度") == 0.0


def test_paired_contradiction_names_the_other_side() -> None:
    text = ("甲县乙局2022年政府信息公开工作年度报告\n一、总体情况\n全年组织政务公开专题培训3次。\n"
            "五、存在的主要问题及改进情况\n一是未开展业务培训，人员能力不足。下一步将组织培训。\n")
    fs = [f for f in audit_text(text, config=FIVE).findings if f.rule_id == "N5-08"]
    assert len(fs) == 1 and "组织政务公开专题培训3次" in fs[0].message and fs[0].section == "五"


def test_exported_linear_model_matches_sklearn(tmp_path: Path) -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    from audit.ml.tfidf import LinearTfidf, analyzer, export_linear

    texts = ["政策解读形式单一", "每季度制作图解解读", "全年主动公开信息120条", "人员配备不足", "配齐专职人员",
             "主动公开政府信息86条", "更新不够及时", "建立月通报制度", "发布政策解读21篇"]
    labels = ["problem", "measure", "achievement", "problem", "measure", "achievement", "problem", "measure",
              "achievement"]
    vec = TfidfVectorizer(analyzer=analyzer, sublinear_tf=True)
    X = vec.fit_transform(texts)
    clf = LogisticRegression(max_iter=1000).fit(X, labels)
    export_linear(tmp_path, vec, clf)
    import json

    w = np.load(tmp_path / "weights.npz", allow_pickle=False)
    model = LinearTfidf(json.loads((tmp_path / "vocab.json").read_text(encoding="utf-8")), w["idf"], w["coef"],
                        w["intercept"], [str(c) for c in clf.classes_])
    for t in texts + ["解读不够通俗，人员不足"]:
        ours = model.proba(t)
        theirs = clf.predict_proba(vec.transform([t]))[0]
        for c, p in zip(clf.classes_, theirs):
            assert abs(ours[str(c)] - p) < 1e-9
