"""Check protocol, the kind registry's base class, and Rule → Finding construction."""
from __future__ import annotations

import hashlib
import re
from typing import ClassVar, Iterator

from ..memo import per_document
from ..rulebook import Rule
from ..types import Document, Finding, Span


class Check:
    """One rule kind. Subclasses compile their rule once and yield findings for a document."""

    kind: ClassVar[str] = ""

    def __init__(self, rule: Rule) -> None:
        self.rule = rule

    def run(self, doc: Document) -> Iterator[Finding]:
        raise NotImplementedError

    def in_scope(self, doc: Document, section_id: str) -> bool:
        return not self.rule.sections or section_id in self.rule.sections

    def finding(self, doc: Document, span: Span, *, suggestion: str = "", severity: str | None = None,
                confidence: float | None = None, related: tuple[Span, ...] = (), **values: object) -> Finding:
        return make_finding(self.rule, doc, span, suggestion=suggestion, severity=severity,
                            confidence=confidence, related=related, **values)


def make_finding(rule: Rule, doc: Document, span: Span, *, suggestion: str = "", severity: str | None = None,
                 confidence: float | None = None, related: tuple[Span, ...] = (), **values: object) -> Finding:
    """Fill id, severity, message, section, page and fingerprint from the rule and the span."""
    span = Span(max(0, min(span.start, len(doc.text))), max(0, min(span.end, len(doc.text))))
    text = doc.original[span.start:span.end]
    values.setdefault("match", text)
    sid = doc.section_at(span.start)
    sec = doc.section(sid)
    evidence = _sentence_around(doc, span)
    squeezed = re.sub(r"\s+", "", evidence)
    fp_src = f"{rule.id}|{sec.title if sec else ''}|{squeezed}"
    return Finding(
        rule_id=rule.id, rule_name=rule.name, category=rule.category,
        severity=severity or rule.severity, span=span, section=sid,
        message=rule.format(**values), text=text, suggestion=suggestion or "",
        confidence=confidence, page=doc.offsets.page_of(span.start), line=doc.line_of(span.start),
        related=related, fingerprint=hashlib.sha256(fp_src.encode()).hexdigest()[:16],
    )


def _sentence_around(doc: Document, span: Span) -> str:
    import bisect

    starts = _sentence_starts(doc)
    i = bisect.bisect_right(starts, span.start) - 1
    if i >= 0:
        s = doc.sentences[i]
        if s.span.start <= span.start < s.span.end or s.span.contains(span):
            return doc.text[s.span.start:s.span.end]
    a = doc.text.rfind("\n", 0, span.start) + 1
    b = doc.text.find("\n", span.end)
    return doc.text[a:b if b >= 0 else len(doc.text)]


@per_document()
def _sentence_starts(doc: Document) -> list[int]:
    return [s.span.start for s in doc.sentences]


def table_spans(doc: Document) -> list[tuple[int, int]]:
    """(start, end) of every table placed in the canonical text."""
    return [(t.span.start, t.span.end) for t in doc.tables]


def inside_any(spans: list[tuple[int, int]], pos: int) -> bool:
    return any(a <= pos < b for a, b in spans)


def compile_pattern(pat: str) -> re.Pattern[str]:
    """A literal substring unless prefixed 're:'."""
    if pat.startswith("re:"):
        return re.compile(pat[3:])
    return re.compile(re.escape(pat))
