"""Dropped words that a pattern, not a language model, reveals.

TXT-07: a year with no 年 after it (2023,海事处高度重视 → 2023年).
TXT-09: an item of 一是…二是… that begins with a bare 是 (→ 三是).
TXT-08: 我 with no unit after it (我通过政府门户网站 → 我处通过; 结合我实际 → 结合我委实际); the unit is
taken from the reporting agency's name (…海事处 → 处, …委员会 → 委, …局 → 局).
"""
from __future__ import annotations

import re
from typing import Iterator

from ..rulebook import Rule
from ..types import Document, Finding, Span
from . import register
from .base import Check, inside_any, table_spans

QUOTED = re.compile(r"《[^》]{0,60}》|“[^”]{0,60}”|\"[^\"]{0,60}\"|「[^」]{0,60}」|〔[^〕]{0,12}〕|\[[^\]]{0,12}\]")


def _quoted(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in QUOTED.finditer(text)]


def _in_word(text: str, pos: int) -> bool:
    """The character at pos belongs to a longer jieba token that does not start with it."""
    from ..tokens import token_at

    hit = token_at(text, pos, 4, 4)
    return hit is not None and len(hit[0]) > 1 and hit[1] < pos


@register("typo-year-nian")
class YearWithoutNian(Check):
    """TXT-07: a four-digit year followed by punctuation or by a word, not by 年 (or 年度)."""

    def __init__(self, rule: Rule) -> None:
        super().__init__(rule)
        p = rule.params
        after = "".join(str(m) for m in p.get("measures", []) if len(str(m)) == 1)   # 2045项: a count, not a year
        lo, hi = int(p.get("from", 1990)), int(p.get("to", 2050))
        self.range = (lo, hi)
        # 2021至2023年, 2022、2023年: a range or list of years shares the 年 of its last one
        self.pattern = re.compile(r"(?<![\d.\-/~～—至到])(?:19|20)\d\d(?![\d年.\-/~～—%％" + re.escape(after) +
                                  r"])(?![至到和与、及]\s*(?:19|20)\d\d)(?=[，,。；;、]|[\u4e00-\u9fff])")

    def run(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        skip = _quoted(text) + table_spans(doc)
        for m in self.pattern.finditer(text):
            year = int(m.group())
            if not self.range[0] <= year <= self.range[1] or inside_any(skip, m.start()):
                continue
            if not self.in_scope(doc, doc.section_at(m.start())):
                continue
            fix = m.group() + "年"
            yield self.finding(doc, Span(m.start(), m.end()), suggestion=fix, confidence=0.8, fix=fix)


@register("typo-bare-wo")
class BareWo(Check):
    """TXT-08: 我 followed by neither a unit (局, 委, 处, 县 …) nor 们/国/省 …: the agency word was dropped."""

    def __init__(self, rule: Rule) -> None:
        super().__init__(rule)
        p = rule.params
        self.allowed = set("".join(p.get("allowed_after", [])))
        self.units: list[tuple[str, str]] = [(str(k), str(v)) for k, v in (p.get("units") or {}).items()]
        self.fallback = str(p.get("fallback_unit", "单位"))
        self.not_after = set("".join(p.get("not_after", [])))
        self.slogans = tuple(str(x) for x in p.get("slogans", []))

    def _unit(self, agency: str) -> str:
        for ending, unit in self.units:
            if agency.endswith(ending):
                return unit
        return self.fallback

    def run(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        skip = _quoted(text) + table_spans(doc)
        unit = self._unit(doc.agency or "")
        for m in re.finditer(r"我(?=[\u4e00-\u9fff])", text):
            a = m.start()
            nxt = text[a + 1]
            if nxt in self.allowed or inside_any(skip, a) or not self.in_scope(doc, doc.section_at(a)):
                continue
            if text.startswith(self.slogans, a + 1):
                continue      # 我为群众办实事, 我陪群众走流程: campaign names, quoted or not
            if (a > 0 and text[a - 1] in self.not_after) or _in_word(text, a):
                continue      # 自我, 忘我, 你我: 我 inside a word
            fix = "我" + unit
            yield self.finding(doc, Span(a, a + 1), suggestion=fix, confidence=0.7, fix=fix)


ORDINALS = "一二三四五六七八九十"


@register("typo-missing-ordinal")
class MissingOrdinal(Check):
    """TXT-09: in an enumeration 一是…二是…, an item that begins with a bare 是 lost its ordinal."""

    def __init__(self, rule: Rule) -> None:
        super().__init__(rule)
        self.lookback = int(rule.params.get("lookback", 400))

    def run(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        for m in re.finditer(r"(?:^|(?<=[。；;\n]))[ \t]*(是)(?![是否非])(?=[\u4e00-\u9fff])", text):
            a = m.start(1)
            if not self.in_scope(doc, doc.section_at(a)):
                continue
            sec = doc.section_at(a)
            before = text[max(0, a - self.lookback):a]
            seen = re.findall(r"([一二三四五六七八九十])是", before)
            if not seen:
                continue
            last = ORDINALS.find(seen[-1])
            if last < 0 or last + 1 >= len(ORDINALS) or doc.section_at(a - len(before) + before.rfind(seen[-1] + "是")) != sec:
                continue
            fix = ORDINALS[last + 1] + "是"
            yield self.finding(doc, Span(a, a + 1), suggestion=fix, confidence=0.8, fix=fix, prev=seen[-1] + "是")
