"""Section finding across heading variants, split headings, 2019 layout and shifted numbering."""
from __future__ import annotations

from audit.pipeline import build_document
from audit.segment import find_title, section_for_heading
from audit.types import Block, RawDocument


def doc(text: str):  # type: ignore[no-untyped-def]
    return build_document(RawDocument("x", "txt", (Block("page", text),)))


def test_variant_titles_2019_and_statute_wording() -> None:
    d = doc("某某市人民政府办公厅2019年政府信息公开工作年度报告\n"
            "一、概述\n正文。\n二、行政机关主动公开政府信息情况\n正文。\n"
            "三、行政机关收到和处理政府信息公开申请情况\n正文。\n"
            "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况\n正文。\n"
            "五、政府信息公开工作存在的主要问题及改进情况\n正文。\n六、其他需要报告的事项\n无。\n")
    assert [s.id for s in d.sections] == list("一二三四五六")
    assert d.year == 2019


def test_split_and_spaced_headings() -> None:
    d = doc("甲县乙局2022年政府信息公开工作年度报告\n一 、总 体 情 况\n正文。\n二、主动公开政府信息情况\n表。\n"
            "三、收到和处理政府信息公开申请情况\n表。\n四、政府信息公开行政复议、行政诉讼情况\n表。\n"
            "五、\n存在的主要问题及改进情况\n问题。\n六、其他需要报告的事项\n无。\n")
    assert [s.id for s in d.sections] == list("一二三四五六")
    assert "存在的主要问题" in d.section("五").title


def test_table_row_labels_are_not_sections() -> None:
    d = doc("甲县乙局2022年政府信息公开工作年度报告\n一、总体情况\n正文。\n三、收到和处理政府信息公开申请情况\n"
            "一、本年新收政府信息公开申请数量 0 0 0 0 0 0 0\n二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0\n"
            "三、本年度办理结果\n四、结转下年度继续办理 0 0 0 0 0 0 0\n")
    assert [s.id for s in d.sections] == ["一", "三"]


def test_shifted_numbering_is_recognised_by_words() -> None:
    d = doc("甲县乙局2022年政府信息公开工作年度报告\n一、总体情况\n正文。\n二、主动公开政府信息情况\n正文。\n"
            "三、收到和处理政府信息公开申请情况\n正文。\n四、存在的主要问题及改进情况\n正文。\n五、其他需要报告的事项\n无。\n")
    assert [(s.id, s.ordinal) for s in d.sections] == [("一", "一"), ("二", "二"), ("三", "三"), ("五", "四"), ("六", "五")]


def test_title_on_two_lines() -> None:
    title, agency, year, _ = find_title("淮河市人民政府\n2024年政府信息公开工作年度报告\n本报告由……编制。")
    assert (agency, year) == ("淮河市人民政府", 2024)
    assert title == "淮河市人民政府2024年政府信息公开工作年度报告"


def test_heading_keywords() -> None:
    assert section_for_heading("政府信息公开行政复议及行政诉讼情况") == "四"
    assert section_for_heading("本年度办理结果") is None


def test_sentences_skip_table_rows() -> None:
    d = doc("一、总体情况\n第一句。第二句；第三句！\n规章 0 0 0\n")
    texts = [d.text[s.span.start:s.span.end] for s in d.sentences]
    assert texts[-3:] == ["第一句。", "第二句；", "第三句！"]


def test_subheadings_and_enumerations() -> None:
    d = doc("甲县乙局2022年政府信息公开工作年度报告\n五、存在的主要问题及改进情况\n（一）存在问题\n"
            "一是解读形式单一。二是队伍力量不足；三是更新不及时。\n（二）改进情况\n1.每季度开展培训。2.建立月通报制度。\n")
    subs = [i.label for i in d.items_in("五", "subheading")]
    enums = [(i.label, d.text[i.span.start:i.span.end]) for i in d.items_in("五", "enum")]
    assert subs == ["（一）", "（二）"]
    assert enums == [("一是", "一是解读形式单一。"), ("二是", "二是队伍力量不足；"), ("三是", "三是更新不及时。"),
                     ("1.", "1.每季度开展培训。"), ("2.", "2.建立月通报制度。")]


def test_jieba_tokens_use_domain_dictionary() -> None:
    from audit.tokens import tokens

    toks = tokens("依申请公开和政务新媒体")
    assert "依申请公开" in toks and "政务新媒体" in toks
