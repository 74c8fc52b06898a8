"""SARIF 2.1.0: one log for a run over many reports, for tools that collect static-analysis results
(code-scanning dashboards, CI annotations). Renderers compute nothing new: every field comes from the
reports and the active rules."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable

from ..rulebook import Rule
from ..types import Report

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def sarif_log(reports: Iterable[tuple[str, Report]], rules: tuple[Rule, ...], version: str) -> str:
    """One SARIF log: a run whose driver lists the active rules, one artifact per input report and one
    result per finding (line, snippet, fingerprint; the canonical offsets and the suggestion as properties)."""
    index = {r.id: k for k, r in enumerate(rules)}
    driver = {
        "name": "audit",
        "version": version,
        "rules": [{
            "id": r.id,
            "name": r.name,
            "shortDescription": {"text": r.name},
            "fullDescription": {"text": " ".join(r.description.split())},
            "defaultConfiguration": {"level": LEVEL.get(r.severity, "warning")},
            "properties": {"category": r.category, "stability": r.stability},
        } for r in rules],
    }
    artifacts: list[dict[str, Any]] = []
    results: list[dict[str, Any]] = []
    for source, report in reports:
        k = len(artifacts)
        artifacts.append({"location": {"uri": Path(source).as_posix()},
                          "properties": {"agency": report.document.agency, "year": report.document.year}})
        for f in report.findings:
            result: dict[str, Any] = {
                "ruleId": f.rule_id,
                "level": LEVEL.get(f.severity, "warning"),
                "message": {"text": f.message + (f"（建议：{f.suggestion}）" if f.suggestion else "")},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": Path(source).as_posix(), "index": k},
                    "region": {"startLine": f.line, "snippet": {"text": f.text}},
                }}],
                "partialFingerprints": {"auditFingerprint/v1": f.fingerprint},
                "properties": {"category": f.category, "section": f.section, "start": f.span.start,
                               "end": f.span.end, "suggestion": f.suggestion, "confidence": f.confidence,
                               "page": f.page},
            }
            if f.rule_id in index:
                result["ruleIndex"] = index[f.rule_id]
            results.append(result)
    log = {"$schema": SCHEMA, "version": "2.1.0",
           "runs": [{"tool": {"driver": driver}, "artifacts": artifacts, "results": results,
                     "columnKind": "unicodeCodePoints"}]}
    return json.dumps(log, ensure_ascii=False, indent=1, sort_keys=False)
