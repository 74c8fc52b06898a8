"""Dedupe and sort findings deterministically."""
from __future__ import annotations

from .types import Finding


def _dedupe_typos(findings: list[Finding]) -> list[Finding]:
    """Overlapping typo findings from different layers: keep the most confident (the curated list wins)."""
    layer = {"TXT-03": 0, "TXT-01": 1, "TXT-06": 2, "TXT-02": 3, "TXT-05": 4}     # the curated list wins a tie
    typos = sorted((f for f in findings if f.category == "typo"),
                   key=lambda f: (-(f.confidence if f.confidence is not None else 1.0), layer.get(f.rule_id, 9),
                                  f.span.start, f.rule_id))
    import bisect

    kept: list[Finding] = []
    starts: list[int] = []          # kept spans, sorted by start (they never overlap each other)
    ends: list[int] = []
    for f in typos:
        i = bisect.bisect_left(starts, f.span.start)
        if i > 0 and ends[i - 1] > f.span.start:
            continue
        if i < len(starts) and starts[i] < f.span.end:
            continue
        starts.insert(i, f.span.start)
        ends.insert(i, f.span.end)
        kept.append(f)
    return [f for f in findings if f.category != "typo"] + kept


def postprocess(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, int, int]] = set()
    out = []
    for f in sorted(_dedupe_typos(findings), key=lambda f: f.sort_key()):
        key = (f.rule_id, f.span.start, f.span.end)
        if key in seen:
            continue
        seen.add(key)
        out.append(f)
    return out
