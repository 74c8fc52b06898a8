"""Table kinds: the arithmetic of tables 二/三/四 (勾稽关系), their domain, presence and blank cells."""
from __future__ import annotations

from decimal import Decimal
from typing import Iterator

from ..tables import (T2_COLS_2021, T3_COLS, T3_LABELS, T4_BLOCK_NAMES, T4_BLOCKS, T4_COLS, Cell, Table3,
                      parse_tables)
from ..types import Document, Finding, Span
from . import register
from .base import Check


def fmt(v: Decimal | None) -> str:
    if v is None:
        return "空"
    s = format(v, "f")
    return s.rstrip("0").rstrip(".") if "." in s else s


def _short(key: str) -> str:
    return T3_LABELS[key].split(" ")[-1].split("（区分")[0]


def _cell_span(t3: Table3, key: str, col: int) -> Span:
    c = t3.cell(key, col)
    if c is not None and c.span is not None:
        return c.span
    return t3.rows[key].span


def _nums(cells: list[Cell | None]) -> list[Decimal] | None:
    """All values, or None when a cell is missing, blank or not a number (not assessable)."""
    out = []
    for c in cells:
        if c is None or not c.is_num or c.value is None:
            return None
        out.append(c.value)
    return out


@register("t3-balance")
class T3Balance(Check):
    """T3-01: for every column, 一 + 二 = 三（七）总计 + 四."""

    def run(self, doc: Document) -> Iterator[Finding]:
        t3 = parse_tables(doc).t3
        if t3 is None or not all(k in t3.rows for k in ("r1", "r2", "r3_7", "r4")):
            return
        for col, name in enumerate(T3_COLS):
            v = _nums([t3.cell("r1", col), t3.cell("r2", col), t3.cell("r3_7", col), t3.cell("r4", col)])
            if v is None:
                continue
            left, right = v[0] + v[1], v[2] + v[3]
            if left != right:
                yield self.finding(doc, _cell_span(t3, "r3_7", col), col=name,
                                   detail=f"一+二={fmt(v[0])}+{fmt(v[1])}={fmt(left)}，（七）总计+四={fmt(v[2])}+{fmt(v[3])}={fmt(right)}")


@register("t3-result-total")
class T3ResultTotal(Check):
    """T3-02: for every column, （七）总计 = the sum of all result rows."""

    def run(self, doc: Document) -> Iterator[Finding]:
        t3 = parse_tables(doc).t3
        if t3 is None or "r3_7" not in t3.rows:
            return
        leaves = t3.leaves()
        if not all(k in t3.rows for k in leaves):
            return
        for col, name in enumerate(T3_COLS):
            v = _nums([t3.cell(k, col) for k in leaves])
            total = _nums([t3.cell("r3_7", col)])
            if v is None or total is None:
                continue
            s = sum(v, Decimal(0))
            if s != total[0]:
                yield self.finding(doc, _cell_span(t3, "r3_7", col), col=name,
                                   detail=f"（一）至（六）各项之和={fmt(s)}，（七）总计={fmt(total[0])}")


@register("t3-row-total")
class T3RowTotal(Check):
    """T3-03: for every row, 总计 = 自然人 + 五类法人或其他组织."""

    def run(self, doc: Document) -> Iterator[Finding]:
        t3 = parse_tables(doc).t3
        if t3 is None:
            return
        for key, row in t3.rows.items():
            v = _nums(list(row.cells[:7])) if len(row.cells) >= 7 else None
            if v is None:
                continue
            s = sum(v[:6], Decimal(0))
            if s != v[6]:
                parts = "+".join(fmt(x) for x in v[:6])
                yield self.finding(doc, _cell_span(t3, key, 6), row=_short(key),
                                   detail=f"各类申请人之和={parts}={fmt(s)}，总计={fmt(v[6])}")


@register("t4-total")
class T4Total(Check):
    """T4-01: for 复议 and both kinds of 诉讼, 维持 + 纠正 + 其他 + 尚未审结 = 总计."""

    def run(self, doc: Document) -> Iterator[Finding]:
        t4 = parse_tables(doc).t4
        if t4 is None or not t4.cells:
            return
        for block in T4_BLOCKS:
            v = _nums([t4.cells.get((block, i)) for i in range(5)])
            if v is None:
                continue
            s = sum(v[:4], Decimal(0))
            if s != v[4]:
                c = t4.cells[(block, 4)]
                span = c.span or t4.span or Span(0, 1)
                yield self.finding(doc, span, block=T4_BLOCK_NAMES[block],
                                   detail=f"{'+'.join(fmt(x) for x in v[:4])}={fmt(s)}，总计={fmt(v[4])}")


@register("table-domain")
class TableDomain(Check):
    """T3-04 / T4-02 / T2-01: counts are non-negative integers (表二（八） may be fractional 万元)."""

    def run(self, doc: Document) -> Iterator[Finding]:
        which = self.rule.params.get("table", "三")
        tabs = parse_tables(doc)
        cells: list[tuple[str, Cell, bool]] = []
        if which == "三" and tabs.t3:
            for key, row in tabs.t3.rows.items():
                cells += [(f"{_short(key)}/{T3_COLS[i]}", c, False) for i, c in enumerate(row.cells[:7])]
        elif which == "四" and tabs.t4:
            cells += [(f"{T4_BLOCK_NAMES[b]}/{T4_COLS[i]}", c, False) for (b, i), c in tabs.t4.cells.items()]
        elif which == "二" and tabs.t2:
            for name, row in tabs.t2.rows.items():
                cols = T2_COLS_2021.get(name, ())
                for i, c in enumerate(row.cells):
                    label = f"{name}/{cols[i] if i < len(cols) else i + 1}"
                    cells.append((label, c, name == "行政事业性收费"))
        for label, c, fractional in cells:
            if c.kind == "text":
                problem = f"「{c.raw}」不是数字"
            elif c.is_num and c.value is not None and c.value < 0:
                problem = f"{fmt(c.value)}为负数"
            elif c.is_num and c.value is not None and not fractional and c.value != c.value.to_integral_value():
                problem = f"{fmt(c.value)}不是整数（件数应为整数）"
            else:
                continue
            if c.span is None:
                continue
            yield self.finding(doc, c.span, cell=label, problem=problem)


@register("t2-fee-unit")
class T2FeeUnit(Check):
    """T2-04: 表二（八）行政事业性收费 is in 万元: a 元 token or more than 4 decimals looks wrong."""

    def run(self, doc: Document) -> Iterator[Finding]:
        t2 = parse_tables(doc).t2
        if t2 is None or "行政事业性收费" not in t2.rows or t2.layout == "2019":
            return
        for c in t2.rows["行政事业性收费"].cells[:1]:
            raw = "".join(c.raw.split())
            decimals = len(raw.split(".")[1]) if "." in raw and c.is_num else 0
            if ("元" in raw and "万元" not in raw) or "亿" in raw or decimals > 4:
                if c.span is not None:
                    yield self.finding(doc, c.span, value=raw)


@register("t2-issued-vs-valid")
class T2IssuedVsValid(Check):
    """T2-02: 本年制发件数 greater than 现行有效件数 (only if documents were repealed the same year)."""

    def run(self, doc: Document) -> Iterator[Finding]:
        t2 = parse_tables(doc).t2
        if t2 is None or t2.layout == "2019":
            return
        for name in ("规章", "行政规范性文件"):
            row = t2.rows.get(name)
            if row is None or len(row.cells) < 3:
                continue
            made, valid = row.cells[0], row.cells[2]
            if made.is_num and valid.is_num and made.value is not None and valid.value is not None \
                    and made.value > valid.value and made.span is not None:
                yield self.finding(doc, made.span, name=name, made=fmt(made.value), valid=fmt(valid.value))


@register("t2-rule-competence")
class T2RuleCompetence(Check):
    """T2-03: a county-level or lower body, or a department, reporting 规章 it cannot make."""

    def run(self, doc: Document) -> Iterator[Finding]:
        t2 = parse_tables(doc).t2
        agency = doc.agency or ""
        if t2 is None or "规章" not in t2.rows or not agency:
            return
        import re

        low = re.search(r"(县|镇|乡|街道|区)(人民政府)?$", agency) or re.search(r"(局|委员会|委|办公室|中心)$", agency)
        if not low or re.search(r"(省|自治区|直辖市)人民政府$", agency):
            return
        for i, c in enumerate(t2.rows["规章"].cells[:2]):
            if c.is_num and c.value and c.value > 0 and c.span is not None:
                yield self.finding(doc, c.span, agency=agency, value=fmt(c.value))
                break


@register("table-presence")
class TablePresence(Check):
    """FMT-03: tables 二, 三 and 四 present and readable (every row and column found)."""

    def run(self, doc: Document) -> Iterator[Finding]:
        tabs = parse_tables(doc)
        for sid, name in (("二", "表二"), ("三", "表三"), ("四", "表四")):
            sec = doc.section(sid)
            if sec is None:
                continue
            if sid == "三":
                t3 = tabs.t3
                if t3 is None:
                    yield self.finding(doc, sec.heading, problem=f"第三部分未见{name}（收到和处理政府信息公开申请情况统计表）")
                    continue
                missing = [k for k in t3.leaves() + ("r1", "r2", "r3_7", "r4") if k not in t3.rows]
                if missing:
                    names = "、".join(_short(k) for k in missing[:4]) + ("等" if len(missing) > 4 else "")
                    yield self.finding(doc, sec.heading, severity="warning",
                                       problem=f"{name}缺少或无法识别以下行：{names}，相关勾稽关系无法核验")
                short = [k for k, r in t3.rows.items() if len(r.cells) < 7]
                if short:
                    r = t3.rows[short[0]]
                    yield self.finding(doc, r.span, severity="warning",
                                       problem=f"{name}「{_short(short[0])}」行只读到{len(r.cells)}个数（应为7个），疑有空白单元格，相关勾稽关系无法核验")
            elif sid == "四":
                t4 = tabs.t4
                if t4 is None:
                    yield self.finding(doc, sec.heading, problem=f"第四部分未见{name}（行政复议、行政诉讼情况统计表）")
                elif t4.count != 15:
                    yield self.finding(doc, t4.span or sec.heading, severity="warning",
                                       problem=f"{name}读到{t4.count}个数（应为15个），无法对应到复议、诉讼各栏，相关勾稽关系无法核验")
            elif tabs.t2 is None:
                yield self.finding(doc, sec.heading, problem=f"第二部分未见{name}（主动公开政府信息情况统计表）")


@register("blank-cells")
class BlankCells(Check):
    """FMT-06: blank, "/", "—" or "无" cells are not zero; each one blocks the relations that use it."""

    def run(self, doc: Document) -> Iterator[Finding]:
        tabs = parse_tables(doc)
        groups: list[tuple[str, list[Cell], Span]] = []
        if tabs.t3:
            for key, row in tabs.t3.rows.items():
                blanks = [c for c in row.cells if c.kind == "blank"]
                if blanks:
                    groups.append((f"表三「{_short(key)}」行", blanks, row.span))
        if tabs.t4 and tabs.t4.cells:
            blanks = [c for c in tabs.t4.cells.values() if c.kind == "blank"]
            if blanks:
                groups.append(("表四", blanks, tabs.t4.span or Span(0, 1)))
        if tabs.t2:
            for name, row in tabs.t2.rows.items():
                blanks = [c for c in row.cells if c.kind == "blank"]
                if blanks:
                    groups.append((f"表二「{name}」行", blanks, row.span))
        for where, blanks, span in groups:
            shown = "、".join(f"「{c.raw.strip() or '空白'}」" for c in blanks[:3])
            yield self.finding(doc, span, where=where, n=len(blanks), shown=shown)
