"""Kind `existence`: a phrase or regex present in a sentence, unless an antipattern is too."""
from __future__ import annotations

from typing import Iterator

from ..rulebook import Rule
from ..types import Document, Finding, Span
from . import register
from .base import Check, compile_pattern


@register("existence")
class Existence(Check):
    def __init__(self, rule: Rule) -> None:
        super().__init__(rule)
        self.patterns = [compile_pattern(p) for p in rule.patterns]
        self.unless = [compile_pattern(p) for p in rule.unless]

    def run(self, doc: Document) -> Iterator[Finding]:
        for sent in doc.sentences:
            if not self.in_scope(doc, sent.section_id):
                continue
            s = doc.text[sent.span.start:sent.span.end]
            if any(u.search(s) for u in self.unless):
                continue
            taken: list[tuple[int, int]] = []
            for pat in self.patterns:
                for m in pat.finditer(s):
                    if m.end() == m.start() or any(a < m.end() and m.start() < b for a, b in taken):
                        continue
                    taken.append((m.start(), m.end()))
                    yield self.finding(doc, Span(sent.span.start + m.start(), sent.span.start + m.end()),
                                       suggestion=self.rule.suggestion)
