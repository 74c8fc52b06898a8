"""Core frozen data types shared by every stage of the pipeline."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Category = Literal["typo", "boilerplate", "contradiction", "table", "structure"]
Severity = Literal["error", "warning", "info"]
CATEGORIES: tuple[str, ...] = ("typo", "boilerplate", "contradiction", "table", "structure")
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open character range [start, end) into Document.text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad span {self.start}..{self.end}")

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: "Span") -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True, slots=True)
class Block:
    """One unit read from a source file: a paragraph, a heading, a page's text, or a table."""

    kind: Literal["heading", "paragraph", "page", "table"]
    text: str
    page: int | None = None
    rows: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class RawDocument:
    """What ingest read: the blocks in reading order plus file facts."""

    source: str
    format: Literal["pdf", "docx", "html", "txt"]
    blocks: tuple[Block, ...]
    pages: int | None = None
    title_hint: str = ""


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of canonical text copied verbatim from block `block` at `offset`."""

    start: int
    end: int
    block: int
    offset: int
    page: int | None


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Maps canonical offsets back to (block, offset, page) in the source."""

    pieces: tuple[Piece, ...]

    def source_of(self, pos: int) -> tuple[int, int, int | None] | None:
        lo, hi = 0, len(self.pieces) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            p = self.pieces[mid]
            if pos < p.start:
                hi = mid - 1
            elif pos >= p.end:
                lo = mid + 1
            else:
                return p.block, p.offset + (pos - p.start), p.page
        return None

    def page_of(self, pos: int) -> int | None:
        """Page of the character at pos, or of the nearest preceding mapped character."""
        hit = self.source_of(pos)
        if hit is not None:
            return hit[2]
        lo, hi = 0, len(self.pieces)          # the last piece starting at or before pos
        while lo < hi:
            mid = (lo + hi) // 2
            if self.pieces[mid].start <= pos:
                lo = mid + 1
            else:
                hi = mid
        return self.pieces[lo - 1].page if lo > 0 else None


@dataclass(frozen=True, slots=True)
class Sentence:
    span: Span
    section_id: str


@dataclass(frozen=True, slots=True)
class TableRef:
    """A table placed in the canonical text (its rows rendered as lines)."""

    index: int
    span: Span
    page: int | None
    rows: tuple[tuple[str, ...], ...]
    section_id: str = ""


@dataclass(frozen=True, slots=True)
class Item:
    """A sub-heading （一）… or an enumerated point 一是…/1. inside a section."""

    kind: Literal["subheading", "enum"]
    label: str                   # "（一）", "一是", "1."
    span: Span                   # from the label to the end of the item
    section_id: str


@dataclass(frozen=True, slots=True)
class Section:
    id: str                      # "一".."六"
    title: str                   # heading text as printed
    span: Span                   # heading start .. next section start
    heading: Span                # the heading line itself
    ordinal: str = ""            # ordinal as printed ("五" even when the section is 四)


@dataclass(frozen=True, slots=True)
class Document:
    source: str
    format: str
    text: str
    offsets: OffsetMap
    sections: tuple[Section, ...]
    sentences: tuple[Sentence, ...]
    tables: tuple[TableRef, ...]
    items: tuple[Item, ...] = ()
    title: str = ""
    agency: str = ""
    year: int | None = None
    pages: int | None = None
    layout: str = ""             # "2021" | "2019" | ""
    source_text: str = ""        # text with the source's own characters where the checks read folded ones
                                 # (⼀ for 一); same length and offsets; "" when they are the same

    @property
    def original(self) -> str:
        """The canonical text as the source writes it (what output quotes)."""
        return self.source_text or self.text

    def section(self, sid: str) -> Section | None:
        for s in self.sections:
            if s.id == sid:
                return s
        return None

    def section_at(self, pos: int) -> str:
        found = ""
        for s in self.sections:
            if s.span.start <= pos < s.span.end:
                found = s.id
        return found

    def items_in(self, sid: str, kind: str | None = None) -> list[Item]:
        return [i for i in self.items if i.section_id == sid and (kind is None or i.kind == kind)]

    def section_text(self, sid: str) -> str:
        s = self.section(sid)
        return self.text[s.span.start:s.span.end] if s else ""

    def line_of(self, pos: int) -> int:
        return self.text.count("\n", 0, pos) + 1

    def excerpt(self, span: Span, width: int = 30) -> tuple[str, str, str]:
        a = max(0, span.start - width)
        b = min(len(self.text), span.end + width)
        return self.text[a:span.start], self.text[span.start:span.end], self.text[span.end:b]


@dataclass(frozen=True, slots=True)
class Finding:
    rule_id: str
    rule_name: str
    category: str
    severity: str
    span: Span
    section: str
    message: str
    text: str
    suggestion: str = ""
    confidence: float | None = None
    page: int | None = None
    line: int = 0
    related: tuple[Span, ...] = ()
    fingerprint: str = ""

    def sort_key(self) -> tuple[int, int, str]:
        return (self.span.start, self.span.end, self.rule_id)


@dataclass(frozen=True, slots=True)
class Report:
    document: Document
    findings: tuple[Finding, ...]
    versions: dict[str, Any] = field(default_factory=dict)
    stats: dict[str, Any] = field(default_factory=dict)
