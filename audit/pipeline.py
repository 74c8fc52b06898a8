"""audit_document(): ingest → normalize → segment → checks → postprocess."""
from __future__ import annotations

import platform
from dataclasses import dataclass, field, replace
from pathlib import Path

from .checks import KINDS
from .checks.base import Check
from .ingest import DEFAULT_LIMITS, Limits, read
from .normalize import normalize
from .postprocess import postprocess
from .rulebook import Rule, load_rules, rules_version, select
from .segment import segment
from .types import Block, Document, Finding, RawDocument, Report
from .waivers import Waiver


@dataclass(frozen=True)
class AuditConfig:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    preview: bool = False
    limits: Limits = field(default_factory=lambda: DEFAULT_LIMITS)
    severity: tuple[tuple[str, str], ...] = ()     # (rule id prefix, severity): the longest prefix wins
    waivers: tuple[Waiver, ...] = ()


def apply_overrides(findings: list[Finding], config: AuditConfig) -> tuple[list[Finding], list[str]]:
    """Severity overrides, then waivers (expired ones do not apply). Returns the findings kept and
    the keys ("rule:fingerprint") of the waivers that matched."""
    from .config import severity_for

    if config.severity:
        findings = [replace(f, severity=sev) if (sev := severity_for(f.rule_id, config.severity)) else f
                    for f in findings]
    if not config.waivers:
        return findings, []
    active = {w.key for w in config.waivers if not w.expired()}
    kept, used = [], set()
    for f in findings:
        key = (f.rule_id, f.fingerprint)
        if key in active:
            used.add(f"{f.rule_id}:{f.fingerprint}")
        else:
            kept.append(f)
    return kept, sorted(used)


def active_rules(config: AuditConfig) -> tuple[Rule, ...]:
    return select(load_rules(), config.select, config.ignore, config.preview)


def build_document(raw: RawDocument) -> Document:
    """Normalize and segment. Radicals (⼀ ⺠ ⻢) are read as ideographs; the document keeps the source's
    characters too, for the output."""
    from .ingest import fold_radicals

    folded = fold_radicals(raw)
    text, offsets, tables = normalize(folded)
    doc = segment(folded, text, offsets, tables)
    if folded is raw:
        return doc
    chars = list(text)
    for piece in offsets.pieces:
        src = raw.blocks[piece.block].text
        chars[piece.start:piece.end] = src[piece.offset:piece.offset + piece.end - piece.start]
    return replace(doc, source_text="".join(chars))


_checks: dict[int, tuple[Rule, Check]] = {}


def check_for(rule: Rule) -> Check:
    """The rule's Check, built once (patterns compiled, TSV lists read) and reused for every document."""
    hit = _checks.get(id(rule))
    if hit is not None and hit[0] is rule:
        return hit[1]
    check = KINDS[rule.kind](rule)
    _checks[id(rule)] = (rule, check)
    return check


def run_rules(doc: Document, rules: tuple[Rule, ...]) -> list[Finding]:
    found: list[Finding] = []
    for rule in rules:
        found.extend(check_for(rule).run(doc))
    return found


def versions(rules: tuple[Rule, ...]) -> dict[str, str]:
    from . import __version__

    return {"tool": __version__, "rules": rules_version(rules), "python": platform.python_version()}


def audit_document(doc: Document, config: AuditConfig | None = None) -> Report:
    config = config or AuditConfig()
    rules = active_rules(config)
    findings, waived = apply_overrides(postprocess(run_rules(doc, rules)), config)
    stats: dict[str, object] = {"characters": len(doc.text), "sentences": len(doc.sentences),
                                "tables": len(doc.tables), "rules": len(rules)}
    if config.waivers:
        stats["waived"] = waived
    if any(r.kind.startswith("boilerplate") for r in rules):
        stats.update(boilerplate_stats(doc))
    if any(r.kind == "problem-remedy" for r in rules):
        five = five_stats(doc, rules)
        if five:
            stats["five"] = five
    return Report(doc, tuple(findings), versions(rules), stats)


def five_stats(doc: Document, rules: tuple[Rule, ...]) -> dict[str, object] | None:
    """Section 五 as problems and measures with their alignment (for the two-column HTML view)."""
    from .section5 import analyse

    five = analyse(doc)
    if five is None or (not five.problems and not five.measures):
        return None
    thr = next((float(r.params.get("threshold", 0.3)) for r in rules if r.id == "N5-03"), 0.3)
    matched: dict[int, list[int]] = {}
    problems = []
    for k, p in enumerate(five.problems):
        best, j = five.scores[k]
        ok = best >= thr and j >= 0
        if ok:
            matched.setdefault(j, []).append(k)
        problems.append({"n": k + 1, "text": p.text, "start": p.span.start, "end": p.span.end,
                         "measure": j + 1 if ok else None, "score": round(best, 2)})
    measures = [{"n": j + 1, "text": m.text, "start": m.span.start, "end": m.span.end,
                 "problems": [k + 1 for k in matched.get(j, [])], "misplaced": m.role == "misplaced"}
                for j, m in enumerate(five.measures)]
    return {"problems": problems, "measures": measures, "threshold": thr}


def boilerplate_stats(doc: Document) -> dict[str, object]:
    """Mean boilerplate score of the narrative sentences, per section and for the whole report."""
    from .checks.boilerplate_score import sentence_scores

    per: dict[str, list[float]] = {}
    for i, score, _ in sentence_scores(doc):
        per.setdefault(doc.sentences[i].section_id or "", []).append(score)
    allv = [x for v in per.values() for x in v]
    return {"boilerplate_score": round(sum(allv) / len(allv), 3) if allv else None,
            "section_boilerplate": {k: round(sum(v) / len(v), 3) for k, v in sorted(per.items()) if k}}


def audit_path(path: str | Path, config: AuditConfig | None = None, timeout: float | None = None) -> Report:
    """Audit one file. Raises InputError (one-line reason) for unreadable input or when it takes longer
    than `timeout` seconds (enforced with a timer signal when called from the main thread)."""
    config = config or AuditConfig()
    with time_limit(str(path), timeout):
        raw = read(path, config.limits)
        return audit_document(build_document(raw), config)


class time_limit:
    """Raise InputError after `seconds` (main thread, POSIX); a no-op elsewhere or without a limit."""

    def __init__(self, name: str, seconds: float | None) -> None:
        self.name, self.seconds, self.active = name, seconds, False

    def __enter__(self) -> "time_limit":
        import signal
        import threading

        if self.seconds and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
            def fire(signum: int, frame: object) -> None:
                from .errors import InputError

                raise InputError(self.name, f"timed out after {self.seconds:g} s")
            self.old = signal.signal(signal.SIGALRM, fire)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
            self.active = True
        return self

    def __exit__(self, *exc: object) -> None:
        if self.active:
            import signal

            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.old)


def audit_text(text: str, source: str = "<text>", config: AuditConfig | None = None) -> Report:
    raw = RawDocument(source=source, format="txt", blocks=(Block("page", text),))
    return audit_document(build_document(raw), config)


def add_comparisons(reports: list[Report], config: AuditConfig | None = None) -> list[Report]:
    """Reports with the cross-report findings (CP-01, CP-02, N5-06, N5-07) added."""
    from .compare import compare

    config = config or AuditConfig()
    rules = {r.id: r for r in active_rules(config) if r.kind == "cross-report"}
    if not rules or len(reports) < 2:
        return reports
    extra = compare([r.document for r in reports], rules)
    out = []
    for i, r in enumerate(reports):
        added, waived = apply_overrides(extra.get(i, []), config)
        stats = r.stats
        if waived:
            stats = {**stats, "waived": sorted(set(stats.get("waived", [])) | set(waived))}
        out.append(replace(r, findings=tuple(postprocess(list(r.findings) + added)), stats=stats))
    return out
