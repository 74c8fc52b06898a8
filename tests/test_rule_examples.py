"""The example contract: every rule's fail/pass examples, through the real normalize and segment code."""
from __future__ import annotations

import pytest

from audit.examples import run_examples
from audit.rulebook import load_rules

RULES = load_rules()


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_examples(rule):  # type: ignore[no-untyped-def]
    results = run_examples(rule)
    assert results, f"{rule.id} has no examples"
    bad = [f"{r.kind}: {r.detail} | {r.text.strip()[:80]}" for r in results if not r.ok]
    assert not bad, "\n".join(bad)
