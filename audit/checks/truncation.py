"""TXT-05: a word cut short before punctuation: …水平的路， (路径) and 信息260余 (260余条).

Both are low-confidence `info` findings: they ask the reader to look, they do not claim an error.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Iterator

from ..ml.artifact import latest, load_manifest, models_dir, read_json
from ..rulebook import Rule
from ..types import Document, Finding, Span
from . import register
from .base import Check, inside_any, table_spans

CLAUSE_END = "，。；、：！？,;:!?"
# a count with 余/多 and nothing after it: 主动公开政府信息260余，
RE_COUNT = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?(?:万|亿)?[余多])(?=[" + CLAUSE_END + r"]|\s*\n|\s*$)")
# 的 + one character + clause punctuation: 提升政府信息公开水平的路，
RE_DE_CHAR = re.compile(r"(?<=[\u4e00-\u9fff])的([\u4e00-\u9fff])(?=[" + CLAUSE_END + "])")


@lru_cache(maxsize=2)
def _stats(version: str) -> dict[str, dict[str, Any]]:
    folder = latest("truncation") if version in ("", "latest") else models_dir() / "truncation" / version
    load_manifest(folder)      # verifies the sha256 of the file before it is read
    return dict(read_json(folder, "clause_final.json.gz")["chars"])


@register("typo-truncation")
class TypoTruncation(Check):
    """A character after 的 that the laws and reports never leave at the end of a clause but often
    begin a longer word with; or a count ending in 余/多 with no measure word."""

    def __init__(self, rule: Rule) -> None:
        super().__init__(rule)
        p = rule.params
        self.version = str(p.get("model", "latest"))
        self.min_cont = int(p.get("min_continuations", 20))
        self.standalone = set(p.get("standalone", []))
        self.measures: dict[str, str] = {str(k): str(v) for k, v in (p.get("measures") or {}).items()}
        self.lookback = int(p.get("measure_lookback", 12))

    def run(self, doc: Document) -> Iterator[Finding]:
        tables = table_spans(doc)
        for m in RE_COUNT.finditer(doc.text):
            a, b = m.span(1)
            if inside_any(tables, a) or not self.in_scope(doc, doc.section_at(a)):
                continue
            unit = self._measure(doc.text[max(0, a - self.lookback):a])
            fix = m.group(1) + unit if unit else ""
            yield self.finding(doc, Span(a, b), suggestion=fix, confidence=0.5 if unit else 0.4,
                               fix=fix or m.group(1) + "（量词）", why="数量后缺少量词")
        stats = _stats(self.version)
        for m in RE_DE_CHAR.finditer(doc.text):
            c = m.group(1)
            a = m.start(1)
            if c in self.standalone or inside_any(tables, a) or not self.in_scope(doc, doc.section_at(a)):
                continue
            st = stats.get(c)
            if not st or st["end"] > 0 or st["cont"] < self.min_cont or not st["words"]:
                continue
            if not self._de_is_a_word(doc.text, m.start()):
                continue
            words = [w for w, _ in st["words"] if len(w) == 2][:3]
            if not words:
                continue
            yield self.finding(doc, Span(a, a + 1), suggestion=words[0], confidence=0.3,
                               fix="、".join(words), why="词语疑不完整")

    def _measure(self, before: str) -> str:
        """The measure word for the nearest noun before the count (信息 → 条, 申请 → 件)."""
        best, where = "", -1
        for noun, unit in self.measures.items():
            k = before.rfind(noun)
            if k > where:
                best, where = unit, k
        return best

    @staticmethod
    def _de_is_a_word(text: str, pos: int) -> bool:
        """True when this 的 is a token of its own (not the end of 目的, 有的 …)."""
        from ..tokens import token_at

        hit = token_at(text, pos, 8, 3)
        return hit is not None and hit[0] == "的"
