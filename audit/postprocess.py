"""Dedupe and sort findings deterministically."""
from __future__ import annotations

from .types import Finding


def postprocess(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, int, int]] = set()
    out = []
    for f in sorted(findings, key=lambda f: f.sort_key()):
        key = (f.rule_id, f.span.start, f.span.end)
        if key in seen:
            continue
        seen.add(key)
        out.append(f)
    return out
