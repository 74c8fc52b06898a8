"""Run a rule's YAML examples through the real normalize and segment code (the example contract)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .pipeline import build_document, run_rules
from .rulebook import Rule
from .types import Block, RawDocument

MARK = re.compile(r"<<(.+?)>>", re.S)


@dataclass
class ExampleResult:
    rule: str
    kind: str          # fail | pass
    text: str
    ok: bool
    detail: str


def _parse(example: Any) -> tuple[str, str | None, tuple[int, int] | None]:
    if isinstance(example, dict):
        raw, fix = str(example.get("text", "")), example.get("fix")
    else:
        raw, fix = str(example), None
    m = MARK.search(raw)
    if not m:
        return raw, fix, None
    clean = raw[:m.start()] + m.group(1) + raw[m.end():]
    if MARK.search(clean):
        raise ValueError("an example may mark one span only")
    return clean, fix, (m.start(), m.start() + len(m.group(1)))


def _doc(text: str):  # type: ignore[no-untyped-def]
    raw = RawDocument(source="<example>", format="txt", blocks=(Block("page", text),))
    return build_document(raw)


def _findings(rule: Rule, doc, ex: Any) -> list:  # type: ignore[no-untyped-def,type-arg]
    """The rule's findings on an example; a cross-report rule compares it with the example's `other`."""
    if rule.kind == "cross-report":
        from .compare import compare

        other = _doc(str(ex.get("other", ""))) if isinstance(ex, dict) else None
        if other is None:
            return []
        return [f for f in compare([doc, other], {rule.id: rule})[0] if f.rule_id == rule.id]
    return [f for f in run_rules(doc, (rule,)) if f.rule_id == rule.id]


def run_examples(rule: Rule) -> list[ExampleResult]:
    results = []
    for kind in ("fail", "pass"):
        for ex in rule.examples.get(kind, []) or []:
            text, fix, mark = _parse(ex)
            doc = _doc(text)
            found = _findings(rule, doc, ex)
            if kind == "pass":
                ok = not found
                detail = "" if ok else f"unexpected finding(s): {[f.text for f in found]}"
            else:
                ok, detail = _check_fail(doc.text, text, found, mark, fix, rule)
            results.append(ExampleResult(rule.id, kind, text, ok, detail))
    return results


def _check_fail(canon: str, text: str, found: list, mark: tuple[int, int] | None,  # type: ignore[type-arg]
                fix: str | None, rule: Rule) -> tuple[bool, str]:
    if len(found) != 1:
        return False, f"expected exactly one finding, got {len(found)}: {[f.text for f in found]}"
    f = found[0]
    if mark is not None:
        want = text[mark[0]:mark[1]]
        if f.text.strip() != want.strip():
            return False, f"finding spans {f.text!r}, the marker spans {want!r}"
    if fix is not None:
        if f.suggestion != fix:
            return False, f"suggestion {f.suggestion!r} != fix {fix!r}"
        fixed = canon[:f.span.start] + fix + canon[f.span.end:]
        again = [g for g in run_rules(_doc(fixed), (rule,)) if g.rule_id == rule.id]
        if again:
            return False, f"the fixed text still gives {len(again)} finding(s)"
    return True, ""
