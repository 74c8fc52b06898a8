"""Kind `crossref`: figures and zero statements in the narrative against the cells of tables 三 and 四."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Iterator

from ..tables import Tables, parse_tables
from ..types import Document, Finding, Span
from . import register
from .base import Check

NUM = r"(\d[\d,]*)\s*(?:件|宗|份|起)"
SUBSET = re.compile(r"其中|转办|转交|转来|通过|网上|网络|信函|当面|传真|邮件|邮寄|自然人|法人|企业|占|比例|同比|较上年|增长|下降|%|％|平均")
OTHER_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
INCLUSIVE = re.compile(r"含上一?年度?结转|包括上一?年度?结转|共计办理|共办理|合计办理|累计办理|受理.{0,8}(?:含|包括)")
CLAUSE = re.compile(r"[^，,；;。！？]+")


def _parts_sum(tabs: Tables, key: str) -> Decimal | None:
    """The sum of a table-三 row's six applicant cells when it disagrees with the row's 总计 (T3-03)."""
    if tabs.t3 is None or key not in tabs.t3.rows:
        return None
    cells = tabs.t3.rows[key].cells
    if len(cells) < 7 or not all(c.is_num for c in cells[:7]):
        return None
    parts = sum((c.value for c in cells[:6]), Decimal(0))  # type: ignore[misc]
    return parts if parts != cells[6].value else None


@dataclass(frozen=True)
class Claim:
    name: str
    pattern: re.Pattern[str]
    table: str                                   # what is compared, in words
    value: Callable[[Tables], Decimal | None]    # the table side
    key: str = ""                                # the table-三 row compared, if any
    alt: Callable[[Tables], Decimal | None] | None = None   # an accepted alternative reading
    skip_subset: bool = True


def _t3(key: str) -> Callable[[Tables], Decimal | None]:
    return lambda t: t.t3.total(key) if t.t3 else None


def _sum(*fs: Callable[[Tables], Decimal | None]) -> Callable[[Tables], Decimal | None]:
    def f(t: Tables) -> Decimal | None:
        vals = [g(t) for g in fs]
        return None if any(v is None for v in vals) else sum(vals, Decimal(0))  # type: ignore[arg-type]
    return f


def _t4(block: str, col: int = 4) -> Callable[[Tables], Decimal | None]:
    return lambda t: t.t4.value(block, col) if t.t4 else None


LITIGATION = _sum(_t4("ld"), _t4("lr"))
CLAIMS = {
    "received": Claim("received", re.compile(
        r"(?:收到|新收|受理|接收到?|接到)[^，,；;。\d]{0,16}?申请[^，,；;。\d]{0,8}?" + NUM),
        "表三「一、本年新收政府信息公开申请数量」总计", _t3("r1"), "r1", _sum(_t3("r1"), _t3("r2"))),
    "closed": Claim("closed", re.compile(r"(?:办结|答复|办理完毕|处理完毕)[^，,；;。\d]{0,12}?" + NUM),
                    "表三「（七）总计」总计", _t3("r3_7"), "r3_7"),
    "carried_in": Claim("carried_in", re.compile(r"上一?年度?结转[^，,；;。\d]{0,12}?" + NUM),
                        "表三「二、上年结转政府信息公开申请数量」总计", _t3("r2"), "r2", skip_subset=False),
    "carried_out": Claim("carried_out", re.compile(
        r"(?:(?:结转|顺延)(?:到|至)?下一?年度?[^，,；;。\d]{0,10}?" + NUM + r"|" + r"(\d[\d,]*)\s*件[^，,；;。\d]{0,6}?(?:结转|顺延)(?:到|至)?下一?年)"),
        "表三「四、结转下年度继续办理」总计", _t3("r4"), "r4", skip_subset=False),
    "review": Claim("review", re.compile(r"行政复议(?:案件|申请)?[^，,；;。\d诉]{0,6}?" + NUM),
                    "表四行政复议总计", _t4("rv")),
    "litigation": Claim("litigation", re.compile(r"行政诉讼(?:案件)?[^，,；;。\d复]{0,6}?" + NUM),
                        "表四行政诉讼总计（未经复议直接起诉+复议后起诉）", LITIGATION),
}
RE_ZERO_RECEIVED = re.compile(r"(?:未|没有|无)(?:收到|接到|受理|接收到?|发生)[^，,；;。]{0,12}?申请|无(?:依申请公开|政府信息公开申请)(?!的)")
RE_ZERO_CASES = re.compile(r"(?:未|没有|无)(?:发生|出现|收到)?[^，,；;。]{0,14}?(?:行政复议|行政诉讼)")
RE_ALL_CLOSED = re.compile(r"(?:全部|均已|均|全部按时)(?:办结|办理完毕|按要求办理完成|答复完毕)")
RE_UPHELD = re.compile(r"均(?:获|被|予)?维持|零败诉|无败诉|未被纠错|未出现被纠错")


def _num(s: str) -> Decimal:
    return Decimal(s.replace(",", ""))


def _fmt(v: Decimal) -> str:
    return format(v.normalize(), "f") if v == v.to_integral_value() else str(v)


@register("crossref")
class CrossRef(Check):
    """XS rules: the narrative's figures and zero statements must agree with tables 三 and 四."""

    def __init__(self, rule):  # type: ignore[no-untyped-def]
        super().__init__(rule)
        self.claims = [CLAIMS[c] for c in rule.params.get("claims", []) if c in CLAIMS]
        self.checks = set(rule.params.get("checks", []))
        self.sections = tuple(rule.sections or ("一", "二", "三", "四"))

    def run(self, doc: Document) -> Iterator[Finding]:
        tabs = parse_tables(doc)
        for sent in doc.sentences:
            if sent.section_id not in self.sections:
                continue
            s = doc.text[sent.span.start:sent.span.end]
            years = [int(y) for y in OTHER_YEAR.findall(s)]
            if doc.year and any(y != doc.year for y in years):
                continue   # about another year: not comparable with this year's tables
            yield from self._figures(doc, tabs, sent.span, s)
            yield from self._statements(doc, tabs, sent.span, s)

    def _figures(self, doc: Document, tabs: Tables, span: Span, s: str) -> Iterator[Finding]:
        for claim in self.claims:
            for cm in CLAUSE.finditer(s):
                clause = cm.group(0)
                m = claim.pattern.search(clause)
                if not m:
                    continue
                if claim.skip_subset and SUBSET.search(clause):
                    continue
                if claim.name == "received" and re.search(r"结转|复议|诉讼", clause):
                    continue
                if claim.name in ("review", "litigation") and "复议" in clause and "诉讼" in clause:
                    continue
                raw = next(g for g in m.groups() if g)
                n = _num(raw)
                want = claim.value(tabs)
                if want is None or n == want:
                    continue
                if claim.key and _parts_sum(tabs, claim.key) == n:
                    continue   # agrees with the row's cells; the wrong 总计 is reported by T3-03
                if claim.alt is not None and claim.alt(tabs) == n and INCLUSIVE.search(clause + s):
                    continue
                yield self.finding(doc, span, claimed=f"{_fmt(n)}件", table=claim.table, value=_fmt(want))
                break

    def _statements(self, doc: Document, tabs: Tables, span: Span, s: str) -> Iterator[Finding]:
        if "zero_received" in self.checks and RE_ZERO_RECEIVED.search(s) and not re.search(r"复议|诉讼|结转", s):
            r1 = tabs.t3.total("r1") if tabs.t3 else None
            if r1 is not None and r1 > 0 and _parts_sum(tabs, "r1") != 0:
                yield self.finding(doc, span, claimed="未收到政府信息公开申请",
                                   table="表三「一、本年新收政府信息公开申请数量」总计", value=_fmt(r1))
        if "zero_cases" in self.checks and RE_ZERO_CASES.search(s) and re.search(r"复议|诉讼", s) \
                and not re.search(r"\d", s):
            total = _sum(_t4("rv"), _t4("ld"), _t4("lr"))(tabs)
            if total is not None and total > 0:
                yield self.finding(doc, span, claimed="未发生行政复议、行政诉讼",
                                   table="表四复议与诉讼总计之和", value=_fmt(total))
        if "all_closed" in self.checks and RE_ALL_CLOSED.search(s) and "申请" in s:
            r4 = tabs.t3.total("r4") if tabs.t3 else None
            if r4 is not None and r4 > 0:
                yield self.finding(doc, span, claimed="申请已全部办结",
                                   table="表三「四、结转下年度继续办理」总计", value=_fmt(r4))
        if "upheld" in self.checks and RE_UPHELD.search(s) and tabs.t4 and tabs.t4.cells:
            corrected = _sum(_t4("rv", 1), _t4("ld", 1), _t4("lr", 1))(tabs)
            if corrected is not None and corrected > 0:
                yield self.finding(doc, span, claimed="复议诉讼均获维持",
                                   table="表四「结果纠正」之和", value=_fmt(corrected))
