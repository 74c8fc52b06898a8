"""Kind `paired-pattern`: a statement in one section that another section's statement contradicts."""
from __future__ import annotations

import re
from typing import Iterator

from ..rulebook import Rule
from ..types import Document, Finding
from . import register
from .base import Check


@register("paired-pattern")
class PairedPattern(Check):
    """N5-08: 五 says X (答复不及时, 未开展培训, 无政务新媒体) while 一–四 say not-X."""

    def __init__(self, rule: Rule) -> None:
        super().__init__(rule)
        self.pairs = []
        for p in rule.params.get("pairs", []):
            self.pairs.append((re.compile(p["here"]), re.compile(p["there"]), tuple(p.get("there_sections", ["一", "二", "三", "四"])),
                               p.get("name", "")))
        self.here_sections = tuple(rule.sections or ("五",))

    def run(self, doc: Document) -> Iterator[Finding]:
        sents = [(s, doc.text[s.span.start:s.span.end]) for s in doc.sentences]
        for here, there, there_secs, name in self.pairs:
            for s, text in sents:
                if s.section_id not in self.here_sections or not here.search(text):
                    continue
                other = next(((o, t) for o, t in sents if o.section_id in there_secs and there.search(t)), None)
                if other is None:
                    continue
                o, t = other
                yield self.finding(doc, s.span, topic=name, other=t.strip()[:60], other_section=o.section_id,
                                   related=(o.span,))
