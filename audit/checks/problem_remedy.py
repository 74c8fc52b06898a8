"""Kind `problem-remedy`: section 五's stated problems against its improvements."""
from __future__ import annotations

from typing import Iterator

import re

from ..section5 import ACHIEVE_CUE, analyse, vague
from ..types import Document, Finding
from . import register
from .base import Check


@register("problem-remedy")
class ProblemRemedy(Check):
    """N5-03 (a problem no measure answers), N5-10 (a measure or achievement listed as a problem),
    N5-02 (五 without problems or without measures), N5-11 (a measure that answers no problem)."""

    def run(self, doc: Document) -> Iterator[Finding]:
        what = self.rule.params.get("report", "unaddressed")
        five = analyse(doc)
        if five is None:
            return
        threshold = float(self.rule.params.get("threshold", 0.5))
        sec = doc.section("五")
        assert sec is not None
        if what == "unaddressed":
            for k, p in enumerate(five.problems):
                best, j = five.scores[k]
                if best >= threshold or (five.measures and vague(p.text)):
                    continue
                other = (f"最接近的措施「{five.measures[j].text[:30]}」只部分对应" if j >= 0 and best > 0
                         else ("第五部分没有写任何改进措施" if not five.measures else "没有一条改进措施与之对应"))
                yield self.finding(doc, p.span, problem=p.text, other=other,
                                   confidence=round(1.0 - best, 3))
        elif what == "misplaced":
            for it in five.misplaced:
                yield self.finding(doc, it.span, problem=it.text)
        elif what == "halves":
            # (no measures at all is reported on each problem by N5-03)
            if not five.problems and not five.misplaced:
                yield self.finding(doc, sec.heading, missing="存在的问题", other="只写了成绩或措施，或为空")
        elif what == "last-year":
            body = doc.text[sec.span.start:sec.span.end]
            if not re.search(r"(上一?年度?|去年|上年|往年|\d{4}年度?)[^。；]{0,20}(问题|不足)?[^。；]{0,20}(整改|已?改进|落实情况|解决|完成)", body):
                yield self.finding(doc, sec.heading)
        elif what == "praise":
            body = doc.text[sec.span.start:sec.span.end]
            praise = len(ACHIEVE_CUE.findall(body))
            if praise >= 2 and praise > len(five.problems):
                yield self.finding(doc, sec.heading, n=praise, m=len(five.problems))
        elif what == "orphan-measures":
            used = {j for best, j in five.scores.values() if best >= threshold}
            for j, m in enumerate(five.measures):
                if j not in used and five.problems and m.role == "measure" and len(m.text) >= 8:
                    yield self.finding(doc, m.span, problem=m.text)
