"""Load and validate rules/**/*.yaml (yaml.safe_load) into Rule objects."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .errors import RuleError
from .types import CATEGORIES, SEVERITIES

REQUIRED = ("id", "name", "category", "severity", "kind", "scope", "message", "description", "examples")
SCOPES = ("sentence", "section", "document", "table")
RE_PLACEHOLDER = re.compile(r"{(\w+)}")


def rules_dir() -> Path:
    """The rules folder: $AUDIT_RULES, else the repository's rules/ next to the package."""
    env = os.environ.get("AUDIT_RULES")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent
    for cand in (here.parent / "rules", here / "rules"):
        if cand.is_dir():
            return cand
    raise RuleError(str(here.parent / "rules"), "rules folder not found (set AUDIT_RULES)")


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    category: str
    severity: str
    kind: str
    scope: str
    message: str
    description: str
    stability: str = "stable"
    params: dict[str, Any] = field(default_factory=dict)
    patterns: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    suggestion: str = ""
    examples: dict[str, list[Any]] = field(default_factory=dict)
    source: str = ""
    version: str = "1"

    def format(self, **values: Any) -> str:
        def sub(m: re.Match[str]) -> str:
            return str(values.get(m.group(1), m.group(0)))
        return RE_PLACEHOLDER.sub(sub, self.message)


def _as_tuple(v: Any) -> tuple[str, ...]:
    if v is None:
        return ()
    if isinstance(v, str):
        return (v,)
    return tuple(str(x) for x in v)


def load_rule(path: Path, known_kinds: set[str] | None = None) -> Rule:
    name = str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise RuleError(name, f"invalid YAML ({str(exc).splitlines()[0]})") from None
    if not isinstance(data, dict):
        raise RuleError(name, "a rule file must hold a mapping")
    for key in REQUIRED:
        if key not in data:
            raise RuleError(name, f"{key}: missing")
    if data["id"] != path.stem:
        raise RuleError(name, f"id: '{data['id']}' does not match the file name")
    if data["category"] not in CATEGORIES:
        raise RuleError(name, f"category: '{data['category']}' is not one of {', '.join(CATEGORIES)}")
    if data["severity"] not in SEVERITIES:
        raise RuleError(name, f"severity: '{data['severity']}' is not one of {', '.join(SEVERITIES)}")
    if data["scope"] not in SCOPES:
        raise RuleError(name, f"scope: '{data['scope']}' is not one of {', '.join(SCOPES)}")
    if known_kinds is not None and data["kind"] not in known_kinds:
        raise RuleError(name, f"kind: '{data['kind']}' is not a registered kind")
    ex = data["examples"] or {}
    if not isinstance(ex, dict) or not ex.get("fail") or not ex.get("pass"):
        raise RuleError(name, "examples: needs at least one fail and one pass example")
    for pat in _as_tuple(data.get("patterns")) + _as_tuple(data.get("unless")):
        if pat.startswith("re:"):
            if "\\b" in pat:
                raise RuleError(name, f"patterns: never use \\b ({pat})")
            try:
                re.compile(pat[3:])
            except re.error as exc:
                raise RuleError(name, f"patterns: bad regex {pat!r} ({exc})") from None
    return Rule(
        id=data["id"], name=data["name"], category=data["category"], severity=data["severity"],
        kind=data["kind"], scope=data["scope"], message=data["message"],
        description=str(data["description"]).strip(), stability=data.get("stability", "stable"),
        params=dict(data.get("params") or {}), patterns=_as_tuple(data.get("patterns")),
        unless=_as_tuple(data.get("unless")), sections=_as_tuple(data.get("sections")),
        suggestion=str(data.get("suggestion") or ""), examples=ex, source=name,
        version=str(data.get("version", "1")),
    )


@lru_cache(maxsize=4)
def _load_all(root: str) -> tuple[Rule, ...]:
    from .checks import KINDS

    rules = []
    seen: dict[str, str] = {}
    for path in sorted(Path(root).rglob("*.yaml")):
        rule = load_rule(path, set(KINDS))
        if rule.id in seen:
            raise RuleError(str(path), f"id: duplicate of {seen[rule.id]}")
        seen[rule.id] = str(path)
        rules.append(rule)
    return tuple(rules)


def load_rules(root: Path | None = None) -> tuple[Rule, ...]:
    return _load_all(str(root or rules_dir()))


def select(rules: tuple[Rule, ...], select: tuple[str, ...] = (), ignore: tuple[str, ...] = (),
           preview: bool = False) -> tuple[Rule, ...]:
    """Ruff-style selection by id prefix or name."""
    def hit(rule: Rule, keys: tuple[str, ...]) -> bool:
        return any(rule.id.startswith(k) or rule.name == k for k in keys)
    out = []
    for r in rules:
        if select and not hit(r, select):
            continue
        if ignore and hit(r, ignore):
            continue
        if r.stability == "preview" and not preview and not (select and any(r.id == k for k in select)):
            continue
        out.append(r)
    return tuple(out)


def rules_version(rules: tuple[Rule, ...]) -> str:
    """A hash of the active rules' ids, versions and files (computed once per rule set, not per report)."""
    return _rules_version(tuple(sorted((r.id, r.version, r.source) for r in rules)))


@lru_cache(maxsize=8)
def _rules_version(keys: tuple[tuple[str, str, str], ...]) -> str:
    import hashlib

    h = hashlib.sha256()
    for rid, version, source in keys:
        h.update(f"{rid}@{version};".encode())
        h.update(Path(source).read_bytes() if source and Path(source).exists() else b"")
    return h.hexdigest()[:12]
