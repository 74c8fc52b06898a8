"""Kinds `boilerplate-sentence` and `boilerplate-section`: how generic each sentence and section is."""
from __future__ import annotations

from functools import lru_cache
from typing import Iterator

from ..boilerplate import BoilerplateModel, load_boilerplate
from ..memo import per_document
from ..ml.artifact import latest, models_dir
from ..types import Document, Finding
from . import register
from .base import Check


@lru_cache(maxsize=2)
def _model(version: str) -> BoilerplateModel:
    folder = latest("boilerplate") if version in ("", "latest") else models_dir() / "boilerplate" / version
    return load_boilerplate(folder)


def sentence_scores(doc: Document, version: str = "latest", sections: tuple[str, ...] = ()) -> list[tuple[int, float, dict]]:  # type: ignore[type-arg]
    """(sentence index, score, reasons) for the narrative sentences, memoised per document."""
    return _sentence_scores(doc, version, sections)


@per_document()
def _sentence_scores(doc: Document, version: str, sections: tuple[str, ...]) -> list[tuple[int, float, dict]]:  # type: ignore[type-arg]
    m = _model(version)
    out = []
    for i, s in enumerate(doc.sentences):
        if sections and s.section_id not in sections:
            continue
        text = doc.text[s.span.start:s.span.end]
        if len(text.strip()) < 8 or _heading(text):
            continue
        score, why = m.score(text)
        out.append((i, score, why))
    return out


def _heading(text: str) -> bool:
    """A heading line (一、总体情况 / （一）主动公开情况), not a sentence to score."""
    import re

    t = text.strip()
    return bool(re.match(r"^(?:[一二三四五六七八九十]{1,2}[、.．]|[（(][一二三四五六七八九十\d]{1,2}[)）])", t)) \
        and len(t) <= 30 and not re.search(r"[。；]$", t)



def _reason(why: dict) -> str:  # type: ignore[type-arg]
    parts = []
    if why["phrases"]:
        parts.append("套话「" + "」「".join(why["phrases"][:3]) + "」")
    if not why["has_figure"]:
        parts.append("无数字、时间、平台等具体内容")
    if why["ref_reports"]:
        parts.append(f"参考语料中{why['ref_reports']}份报告有相同或近似的句子")
    return "；".join(parts) or "措辞泛泛，任何单位都可照写"


@register("boilerplate-sentence")
class BoilerplateSentence(Check):
    """BP-01: a sentence any agency could have written."""

    def run(self, doc: Document) -> Iterator[Finding]:
        thr = float(self.rule.params.get("threshold", 0.5))
        version = str(self.rule.params.get("model", "latest"))
        for i, score, why in sentence_scores(doc, version, tuple(self.rule.sections)):
            if score >= thr:
                yield self.finding(doc, doc.sentences[i].span, confidence=round(score, 3), reason=_reason(why),
                                   score=f"{score:.2f}")


@register("boilerplate-section")
class BoilerplateSection(Check):
    """BP-02: a section that is mostly boilerplate (N5-05 for section 五)."""

    def run(self, doc: Document) -> Iterator[Finding]:
        thr = float(self.rule.params.get("threshold", 0.5))
        share_min = float(self.rule.params.get("share", 0.6))
        version = str(self.rule.params.get("model", "latest"))
        scores = sentence_scores(doc, version, ())
        for sec in doc.sections:
            if sec.id not in (self.rule.sections or ("一", "五", "六")):
                continue
            mine = [sc for i, sc, _ in scores if doc.sentences[i].section_id == sec.id]
            if len(mine) < 3:
                continue
            share = sum(1 for x in mine if x >= thr) / len(mine)
            if share >= share_min:
                yield self.finding(doc, sec.heading, confidence=round(share, 3), share=f"{share:.0%}",
                                   n=len(mine), section=sec.id,
                                   spec="（FORMAT_SPEC N5-05 套话密度）" if sec.id == "五" else "")


@register("cross-report")
class CrossReport(Check):
    """CP-01, CP-02, N5-06, N5-07: found by audit.compare over several reports, not within one."""

    def run(self, doc: Document) -> Iterator[Finding]:
        return iter(())
