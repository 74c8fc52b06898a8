"""Catalogue checks: ids unique and match file names, kinds registered, invalid rules refused."""
from __future__ import annotations

from pathlib import Path

import pytest

from audit.checks import KINDS
from audit.errors import RuleError
from audit.rulebook import load_rule, load_rules, rules_dir, select

VALID = """id: X-01
name: demo
category: structure
severity: warning
kind: existence
scope: sentence
message: "「{match}」"
description: demo
patterns: [占位]
examples:
  fail: ["这是<<占位>>。"]
  pass: ["这是正文。"]
"""


def test_catalogue_is_consistent() -> None:
    rules = load_rules()
    ids = [r.id for r in rules]
    assert len(ids) == len(set(ids))
    for r in rules:
        assert Path(r.source).stem == r.id
        assert r.kind in KINDS
        assert r.examples["fail"] and r.examples["pass"]
    assert {"FMT-01", "FMT-02", "META-02", "META-03", "N6-01"} <= set(ids)


def test_rules_dir_holds_yaml() -> None:
    assert any(rules_dir().rglob("*.yaml"))


@pytest.mark.parametrize("change,problem", [
    (("id: X-01", "id: X-02"), "does not match the file name"),
    (("category: structure", "category: style"), "category"),
    (("severity: warning", "severity: fatal"), "severity"),
    (("kind: existence", "kind: nonesuch"), "not a registered kind"),
    (('  pass: ["这是正文。"]\n', ""), "examples"),
    (("patterns: [占位]", "patterns: ['re:\\\\b占位']"), "never use"),
])
def test_invalid_rules_are_refused(tmp_path: Path, change: tuple[str, str], problem: str) -> None:
    p = tmp_path / "X-01.yaml"
    p.write_text(VALID.replace(*change), encoding="utf-8")
    with pytest.raises(RuleError) as exc:
        load_rule(p, set(KINDS))
    assert problem in str(exc.value)


def test_valid_rule_loads(tmp_path: Path) -> None:
    p = tmp_path / "X-01.yaml"
    p.write_text(VALID, encoding="utf-8")
    assert load_rule(p, set(KINDS)).patterns == ("占位",)


def test_select_by_prefix_and_ignore() -> None:
    rules = load_rules()
    only = select(rules, ("META",))
    assert only and all(r.id.startswith("META") for r in only)
    assert all(not r.id.startswith("FMT") for r in select(rules, (), ("FMT",)))
