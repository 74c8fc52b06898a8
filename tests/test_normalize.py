"""Canonical text: offset map round trip, furniture removal, line joins, PDF space removal."""
from __future__ import annotations

from pathlib import Path

from audit.ingest import read
from audit.normalize import is_tabular, normalize
from audit.pipeline import build_document
from audit.types import Block, RawDocument


def _raw(text: str, fmt: str = "txt") -> RawDocument:
    return RawDocument("x", fmt, (Block("page", text, 1 if fmt == "pdf" else None),))  # type: ignore[arg-type]


def test_offset_map_round_trip(gen_dir: Path) -> None:
    for name in ("report.pdf", "report.docx", "report.html", "report-utf8.txt"):
        raw = read(gen_dir / name)
        text, offsets, _ = normalize(raw)
        assert offsets.pieces
        for p in offsets.pieces:
            src = raw.blocks[p.block].text
            assert text[p.start:p.end] == src[p.offset:p.offset + (p.end - p.start)]
        # every non-newline character of the canonical text comes from the source
        mapped = sum(p.end - p.start for p in offsets.pieces)
        assert mapped == len(text) - text.count("\n")


def test_pdf_pages_are_mapped(gen_dir: Path) -> None:
    doc = build_document(read(gen_dir / "report.pdf"))
    pos = doc.text.index("六、其他需要报告的事项")
    assert doc.offsets.page_of(pos) == doc.pages
    assert doc.offsets.page_of(0) == 1


def test_print_furniture_removed_and_words_rejoined() -> None:
    text = ("2022/1/27 某某街道办事处2021年政府信息公开工作年度报告\n"
            "一、总体情况\n"
            "本年度报告根据《中华人民共和国政府信息公开条例》和上级政府办公室的有关规定，由某某区某某街道办事处编" + "\n"
            "制。报告全文由六部分组成，本年报所列数据的统计期限为2021年1月1日至2021年12月31日，现予公布如下。\n"
            "https://nb.example.gov.cn/zw/public-report/view/18170 2/3\n"
            "- 2 -\n"
            "第 3 页 共 5 页\n")
    out, _, _ = normalize(_raw(text))
    assert "2022/1/27" not in out and "https://" not in out and "- 2 -" not in out and "第 3 页" not in out
    assert "办事处编制。" in out


def test_browser_print_headers_in_other_locales_are_furniture() -> None:
    text = ("11/28/26, 8:42 AM 某某街道办事处2021年政府信息公开工作年度报告\n"
            "某某街道办事处2021年政府信息公开工作年度报告\n"
            "一、总体情况\n"
            "2024-01-27 15:04 某某街道办事处2021年政府信息公开工作年度报告\n"
            "本年度共主动公开政府信息120条。\n"
            "file:///C:/Users/office/Desktop/report.html 1/3\n"
            "首页 > 政府信息公开 > 年度报告\n"
            "当前位置：首页 » 政务公开 » 年报\n"
            "2024-01-15 前完成平台迁移。\n")
    out, _, _ = normalize(_raw(text))
    assert "AM" not in out and "15:04" not in out and "file://" not in out and "首页" not in out
    assert "本年度共主动公开政府信息120条。" in out
    assert "2024-01-15 前完成平台迁移。" in out or "2024-01-15前完成平台迁移。" in out   # a date without a time is text


def test_blank_line_inside_a_broken_sentence_is_joined() -> None:
    long = "不断强化“决策公开、执行公开、管理公开、服务公开、结果公开”要求，优化政府信息公开平台载体，强化服务公"
    text = "一、总体情况\n" + long + "\n\n开工作，推动政府信息公开工作稳步提升。\n" + ("正文句子很长很长很长很长很长很长很长很长很长很长很长很长很长很长。\n" * 3)
    out, _, _ = normalize(_raw(text))
    assert "强化服务公开工作" in out


def test_spaces_between_chinese_and_digits_dropped_but_table_rows_kept() -> None:
    text = "2024 年，全市共受理政府信息公开申请 3119 件，答复 3050 件。\n规章 1 0 11\n"
    out, _, _ = normalize(_raw(text, "pdf"))
    assert "2024年，全市共受理政府信息公开申请3119件，答复3050件。" in out
    assert "规章 1 0 11" in out


def test_running_headers_on_every_page_removed() -> None:
    blocks = tuple(Block("page", f"某某镇人民政府政务公开专栏\n正文第{i}页的内容。\n正文第{i}页的内容。\n某某镇人民政府2021年报 {i}", i)
                   for i in (1, 2, 3))
    out, _, _ = normalize(RawDocument("x", "pdf", blocks))
    assert "专栏" not in out and "年报 3" not in out
    assert "正文第2页的内容。" in out


def test_is_tabular() -> None:
    assert is_tabular("一、本年新收政府信息公开申请数量 0 0 0 0 0 0 0")
    assert is_tabular("（二）部分公开（区分处理的，只计这一情形，不计其他情形） 447 7 0 0 0 0 454")
    assert is_tabular("信息内容 本年制发件数 本年废止件数 现行有效件数")
    assert not is_tabular("未审结 37 件；政府信息公开行政诉讼 46 件，其中结果维持 25")
    assert not is_tabular("2024 年政府信息公开工作年度报告")


def test_radicals_are_read_as_ideographs_and_quoted_as_written(tmp_path: Path) -> None:
    """Browser-printed PDFs (and text copied from them) carry Kangxi radicals and radical supplements
    for ordinary characters: ⼀、总体情况 must be section 一, ⼯作 must be 工作. The output still quotes
    the source's own characters, at the same offsets."""
    import json

    from click.testing import CliRunner

    from audit.cli import main

    from . import fixturegen

    plain = fixturegen.plain_text()
    table = str.maketrans({"一": "⼀", "二": "⼆", "人": "⼈", "民": "⺠", "工": "⼯", "大": "⼤"})
    radical = plain.translate(table)
    assert radical != plain and "⼀、总体情况" in radical
    p = tmp_path / "printed.txt"
    p.write_text(radical + "\n我局在在推进⼯作。\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["check", "--format", "json", "--exit-zero", str(p)])
    out = json.loads(res.stdout.splitlines()[0])
    assert [s["id"] for s in out["sections"]] == list("一二三四五六")
    assert "⼀、总体情况" in out["text"] and "一、总体情况" not in out["text"]
    for f in out["findings"]:
        assert out["text"][f["start"]:f["end"]] == f["text"]
    assert not any(f["rule"] == "FMT-01" for f in out["findings"])
    assert any(f["rule"] == "TXT-01" and f["text"] == "在在" for f in out["findings"])
    doc = build_document(read(p))
    assert doc.text.translate(table) == doc.original and "⼀" not in doc.text
