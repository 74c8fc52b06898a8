"""Structure kinds: the six sections, layout version, statistics period, years, 信息处理费, residue."""
from __future__ import annotations

import re
from typing import Iterator

from ..segment import CANONICAL_TITLES, SECTION_IDS, find_title, layout_version, period_years
from ..types import Document, Finding, Span
from . import register
from .base import Check


def _anchor(doc: Document) -> Span:
    """Where a document-level finding is shown: the title, else the first line."""
    _, _, _, span = find_title(doc.text)
    if span is not None:
        return span
    end = doc.text.find("\n")
    return Span(0, end if end > 0 else min(len(doc.text), 1))


@register("section-outline")
class SectionOutline(Check):
    """FMT-01: the six statutory sections present and in order."""

    def run(self, doc: Document) -> Iterator[Finding]:
        present = {s.id: s for s in doc.sections}
        for i, sid in enumerate(SECTION_IDS):
            if sid in present:
                continue
            after = [present[x] for x in SECTION_IDS[i + 1:] if x in present]
            before = [present[x] for x in SECTION_IDS[:i] if x in present]
            anchor = after[0].heading if after else (before[-1].heading if before else _anchor(doc))
            yield self.finding(doc, anchor, problem=f"缺少第{sid}部分「{sid}、{CANONICAL_TITLES[sid]}」",
                               suggestion=f"{sid}、{CANONICAL_TITLES[sid]}")
        order = [s.id for s in doc.sections]
        expected = [x for x in SECTION_IDS if x in present]
        if order != expected:
            for k, s in enumerate(doc.sections):
                if k > 0 and SECTION_IDS.index(s.id) < SECTION_IDS.index(doc.sections[k - 1].id):
                    yield self.finding(doc, s.heading, problem=f"第{s.id}部分出现在第{doc.sections[k - 1].id}部分之后，顺序不符合规定格式",
                                       severity="warning")
        for s in doc.sections:
            if s.ordinal and s.ordinal != s.id and order == expected:
                yield self.finding(doc, s.heading, severity="warning",
                                   problem=f"标题序号为「{s.ordinal}」，按规定格式应为第{s.id}部分「{s.id}、{CANONICAL_TITLES[s.id]}」",
                                   suggestion=f"{s.id}、{CANONICAL_TITLES[s.id]}")


@register("layout-version")
class LayoutVersion(Check):
    """FMT-02: a report for 2021 or later still uses the 2019 (试行) table layout."""

    def run(self, doc: Document) -> Iterator[Finding]:
        since = int(self.rule.params.get("since_year", 2021))
        if doc.year is None or doc.year < since:
            return
        layout, evidence = layout_version(doc.text)
        if layout == "2019" and evidence:
            toks = "、".join(t for t, _ in evidence[:4])
            yield self.finding(doc, evidence[0][1], year=doc.year, evidence=toks,
                               suggestion="按国办公开办函〔2021〕30号格式填报")


@register("stat-period")
class StatPeriod(Check):
    """META-02: the statistics period sentence is present and names the report year."""

    def run(self, doc: Document) -> Iterator[Finding]:
        if doc.year is None:
            return
        periods = period_years(doc.text)
        if not periods:
            if re.search(r"统计(期限|时限|时间|区间|期间)", doc.text):
                return  # stated in another wording; a placeholder rule catches unfilled ones
            yield self.finding(doc, _anchor(doc), severity="warning",
                               problem="未见统计期限说明（应为报告年度1月1日至12月31日）",
                               suggestion=f"本报告所列数据的统计期限自{doc.year}年1月1日起至{doc.year}年12月31日止。")
            return
        for y1, y2, span in periods[:1]:
            wrong = [y for y in (y1, y2) if y is not None and y != doc.year]
            if wrong:
                yield self.finding(doc, span, problem=f"统计期限年份为{wrong[0]}年，与标题年份{doc.year}年不一致",
                                   suggestion=f"统计期限自{doc.year}年1月1日起至{doc.year}年12月31日止")


RE_YEAR_CLAUSE = re.compile(r"(?:^|(?<=[。；，,：:\n]))\s*((?:19|20)\d{2})\s*年度?(?=[，,]?\s*(?:全年|[我本全共该]|市|县|区|镇|乡|街道))")
RE_COMPARE = re.compile(r"(较|比|与|同比|自|从|截至|截止|以来|相比|对比|上年|去年|前)")


@register("year-mention")
class YearMention(Check):
    """META-03: a clause opening with a year other than the report year, in sections 一–四."""

    def run(self, doc: Document) -> Iterator[Finding]:
        if doc.year is None:
            return
        for sent in doc.sentences:
            if sent.section_id not in (self.rule.sections or ("一", "二", "三", "四")):
                continue
            s = doc.text[sent.span.start:sent.span.end]
            for m in RE_YEAR_CLAUSE.finditer(s):
                y = int(m.group(1))
                if y == doc.year:
                    continue
                tail = s[m.end(1):m.end(1) + 8]
                if RE_COMPARE.search(s[max(0, m.start(1) - 4):m.start(1)]) or "以来" in tail:
                    continue
                span = Span(sent.span.start + m.start(1), sent.span.start + m.end(1) + 1)
                yield self.finding(doc, span, year=y, report_year=doc.year, suggestion=f"{doc.year}年")


@register("fee-statement")
class FeeStatement(Check):
    """N6-01: a report for 2021 or later says nothing in 六 about 信息处理费."""

    def run(self, doc: Document) -> Iterator[Finding]:
        since = int(self.rule.params.get("since_year", 2021))
        if doc.year is None or doc.year < since:
            return
        sec = doc.section("六")
        if sec is None:
            return
        body = doc.text[sec.span.start:sec.span.end]
        words = self.rule.params.get("words", ["信息处理费", "处理费", "收费"])
        if any(w in body for w in words):
            return
        yield self.finding(doc, sec.heading, year=doc.year,
                           suggestion=f"{doc.year}年，本机关未收取（或收取X元）政府信息公开信息处理费。")


RE_PLACE = re.compile(r"([\u4e00-\u9fff]{2,4}?)(镇人民政府|乡人民政府|街道办事处|镇党委|乡党委|街道党工委)")
FUNCTION_CHARS = set("的了在由和与及对我本年月日各全该等是为将从向把被所其此这那于以按据经")
WE_SUGGEST = {"街道办事处": "我街道", "街道": "我街道", "镇": "我镇", "乡": "我乡", "局": "我局",
              "委员会": "我委", "委": "我委"}
RE_WE = re.compile(r"我(镇|乡|局|委|街道)")


def _we(agency: str, level: str) -> str:
    """How the agency refers to itself: 我局, 我镇, 我街道, 我市 …"""
    m = re.search(r"(市|县|区|州|旗)人民政府(办公室)?$", agency)
    if m and not m.group(2):
        return "我" + m.group(1)
    return WE_SUGGEST.get(level, "本机关")


@register("foreign-agency")
class ForeignAgency(Check):
    """META-06: another agency's name, or a 我镇/我局 that does not fit, left from a copied report."""

    def run(self, doc: Document) -> Iterator[Finding]:
        agency = doc.agency or ""
        if not agency:
            return
        level = ""
        for suf in ("街道办事处", "街道", "镇", "乡", "局", "委员会", "委", "办公室", "政府"):
            if re.search(suf + r"(人民政府)?$", agency) or agency.endswith(suf):
                level = suf
                break
        seen: set[str] = set()
        title_end = 0
        _, _, _, tspan = find_title(doc.text)
        if tspan is not None:
            title_end = tspan.end
        town_level = level in ("镇", "乡", "街道", "街道办事处") or re.search(r"(镇|乡|街道)", agency)
        for m in RE_PLACE.finditer(doc.text, title_end):
            base = m.group(1)
            name = base + m.group(2)[0] if m.group(2)[0] in "镇乡" else base + "街道"
            if any(base[k:] in agency for k in range(len(base) - 1)) or name in seen or not town_level or FUNCTION_CHARS & set(base):
                continue
            if re.match(r"^(各|本|我|全|该|乡|镇|村|城|街道|市|县|区|省|两|多|每|所属|下辖|辖区)", base):
                continue
            own = re.search(r"([\u4e00-\u9fff]{2,5}?)(镇|乡|街道)", agency)
            if own is None:
                continue
            seen.add(name)
            yield self.finding(doc, Span(m.start(1), m.start(1) + len(name)), other=name, agency=agency,
                               suggestion=own.group(0))
        for m in RE_WE.finditer(doc.text, title_end):
            we = m.group(1)
            mismatch = (we in ("镇", "乡") and not re.search(r"[镇乡]", agency)) or \
                       (we in ("局", "委") and re.search(r"(镇|乡|街道)", agency) and not re.search(r"[局委]", agency))
            if mismatch and m.group(0) not in seen:
                seen.add(m.group(0))
                yield self.finding(doc, Span(m.start(), m.end()), other=m.group(0), agency=agency,
                                   severity="warning", suggestion=_we(agency, level))
