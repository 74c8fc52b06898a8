"""audit_document(): ingest → normalize → segment → checks → postprocess."""
from __future__ import annotations

import platform
from dataclasses import dataclass, field
from pathlib import Path

from .checks import KINDS
from .ingest import DEFAULT_LIMITS, Limits, read
from .normalize import normalize
from .postprocess import postprocess
from .rulebook import Rule, load_rules, rules_version, select
from .segment import segment
from .types import Block, Document, Finding, RawDocument, Report


@dataclass(frozen=True)
class AuditConfig:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    preview: bool = False
    limits: Limits = field(default_factory=lambda: DEFAULT_LIMITS)


def active_rules(config: AuditConfig) -> tuple[Rule, ...]:
    return select(load_rules(), config.select, config.ignore, config.preview)


def build_document(raw: RawDocument) -> Document:
    text, offsets, tables = normalize(raw)
    return segment(raw, text, offsets, tables)


def run_rules(doc: Document, rules: tuple[Rule, ...]) -> list[Finding]:
    found: list[Finding] = []
    for rule in rules:
        check = KINDS[rule.kind](rule)
        found.extend(check.run(doc))
    return found


def versions(rules: tuple[Rule, ...]) -> dict[str, str]:
    from . import __version__

    return {"tool": __version__, "rules": rules_version(rules), "python": platform.python_version()}


def audit_document(doc: Document, config: AuditConfig | None = None) -> Report:
    config = config or AuditConfig()
    rules = active_rules(config)
    findings = postprocess(run_rules(doc, rules))
    stats = {"characters": len(doc.text), "sentences": len(doc.sentences), "tables": len(doc.tables),
             "rules": len(rules)}
    return Report(doc, tuple(findings), versions(rules), stats)


def audit_path(path: str | Path, config: AuditConfig | None = None) -> Report:
    """Audit one file. Raises InputError (one-line reason) for unreadable input."""
    config = config or AuditConfig()
    raw = read(path, config.limits)
    return audit_document(build_document(raw), config)


def audit_text(text: str, source: str = "<text>", config: AuditConfig | None = None) -> Report:
    raw = RawDocument(source=source, format="txt", blocks=(Block("page", text),))
    return audit_document(build_document(raw), config)
