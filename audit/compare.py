"""Copy detection across reports: near-duplicate sentences between different agencies (跨区域抄袭) and
between one agency's reports of different years (照搬往年), with MinHash LSH so cost grows near-linearly."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .boilerplate import band_keys, minhash, normalize_sentence
from .checks.base import make_finding
from .rulebook import Rule
from .section5 import PROBLEM_CUE
from .types import Document, Finding

MIN_CHARS = 15
SHINGLE = 3


@dataclass(frozen=True)
class Match:
    doc: int
    sent: int
    other_doc: int
    other_sent: int
    similarity: float


def _shingles(s: str) -> set[str]:
    return {s[i:i + SHINGLE] for i in range(max(1, len(s) - SHINGLE + 1))}


def agency_key(doc: Document) -> str:
    a = re.sub(r"\s", "", doc.agency or "")
    return re.sub(r"(人民政府)?(办公室)?$", "", a)


def _common_sentence_test():  # type: ignore[no-untyped-def]
    """A sentence found in three or more reference reports is standard wording, not evidence of copying."""
    from .errors import AuditError

    try:
        from .checks.boilerplate_score import _model

        m = _model("latest")
        return lambda text: m.ref_reports(text) >= 3
    except AuditError:
        return lambda text: False


def find_matches(docs: list[Document], min_similarity: float = 0.8) -> list[Match]:
    """Sentence pairs from different documents with character-shingle Jaccard ≥ min_similarity."""
    index: dict[int, list[tuple[int, int]]] = {}
    shingles: dict[tuple[int, int], set[str]] = {}
    common = _common_sentence_test()
    for d, doc in enumerate(docs):
        for i, s in enumerate(doc.sentences):
            if not s.section_id:
                continue          # title and preamble: the same in every report by design
            raw = doc.text[s.span.start:s.span.end]
            norm = normalize_sentence(raw)
            if len(norm) < MIN_CHARS or common(raw):
                continue
            shingles[(d, i)] = _shingles(norm)
            for k in band_keys(minhash(norm)):
                index.setdefault(k, []).append((d, i))
    seen: set[tuple[int, int, int, int]] = set()
    out = []
    for bucket in index.values():
        if len(bucket) < 2 or len({d for d, _ in bucket}) < 2:
            continue
        for x in range(len(bucket)):
            for y in range(x + 1, len(bucket)):
                (d1, i1), (d2, i2) = bucket[x], bucket[y]
                if d1 == d2:
                    continue
                key = (d1, i1, d2, i2) if d1 < d2 else (d2, i2, d1, i1)
                if key in seen:
                    continue
                seen.add(key)
                a, b = shingles[(d1, i1)], shingles[(d2, i2)]
                sim = len(a & b) / len(a | b)
                if sim >= min_similarity:
                    out.append(Match(key[0], key[1], key[2], key[3], sim))
    return sorted(out, key=lambda m: (m.doc, m.sent, m.other_doc, m.other_sent))


def compare(docs: list[Document], rules: dict[str, Rule], min_similarity: float = 0.8) -> dict[int, list[Finding]]:
    """Findings per document index: CP-01 (another agency), CP-02 / N5-06 / N5-07 (the same agency, another year)."""
    out: dict[int, list[Finding]] = {i: [] for i in range(len(docs))}
    for m in find_matches(docs, min_similarity):
        for (d, i), (od, oi) in (((m.doc, m.sent), (m.other_doc, m.other_sent)),
                                 ((m.other_doc, m.other_sent), (m.doc, m.sent))):
            doc, other = docs[d], docs[od]
            s, o = doc.sentences[i], other.sentences[oi]
            text = doc.text[s.span.start:s.span.end]
            same = agency_key(doc) and agency_key(doc) == agency_key(other)
            if same and doc.year == other.year:
                continue     # the same report twice (e.g. its PDF and its web page)
            if same:
                if s.section_id == "五":
                    rid = "N5-07" if PROBLEM_CUE.search(text) else "N5-06"
                else:
                    rid = "CP-02"
            else:
                rid = "CP-01"
            rule = rules.get(rid)
            if rule is None:
                continue
            name = Path(other.source).name
            label = f"{other.title or name}（{name}）" if other.title else name
            out[d].append(make_finding(
                rule, doc, s.span, confidence=round(m.similarity, 3), other=label,
                other_year=other.year or "", other_section=o.section_id or "前言",
                other_text=other.text[o.span.start:o.span.end].strip()[:80], similarity=f"{m.similarity:.0%}"))
    return out
