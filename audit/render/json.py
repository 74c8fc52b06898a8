"""JSON Lines: one versioned object per input (the contract for other tools)."""
from __future__ import annotations

import json as _json
from typing import Any

from ..types import Finding, Report
from . import _register


def finding_dict(f: Finding) -> dict[str, Any]:
    return {
        "rule": f.rule_id, "name": f.rule_name, "category": f.category, "severity": f.severity,
        "section": f.section, "start": f.span.start, "end": f.span.end, "text": f.text,
        "suggestion": f.suggestion, "message": f.message, "confidence": f.confidence,
        "page": f.page, "line": f.line, "fingerprint": f.fingerprint,
    }


def report_dict(r: Report) -> dict[str, Any]:
    from .. import SCHEMA_VERSION

    d = r.document
    return {
        "schema": SCHEMA_VERSION,
        "tool": r.versions.get("tool"),
        "rules": r.versions.get("rules"),
        "models": r.versions.get("models", {}),
        "source": d.source,
        "format": d.format,
        "title": d.title,
        "agency": d.agency,
        "year": d.year,
        "layout": d.layout,
        "pages": d.pages,
        "text": d.original,
        "sections": [{"id": s.id, "title": s.title, "start": s.span.start, "end": s.span.end}
                     for s in d.sections],
        "findings": [finding_dict(f) for f in r.findings],
        "summary": summary(r),
        "stats": r.stats,
    }


def summary(r: Report) -> dict[str, Any]:
    by_cat: dict[str, int] = {}
    by_sev: dict[str, int] = {}
    for f in r.findings:
        by_cat[f.category] = by_cat.get(f.category, 0) + 1
        by_sev[f.severity] = by_sev.get(f.severity, 0) + 1
    return {"findings": len(r.findings), "by_category": dict(sorted(by_cat.items())),
            "by_severity": dict(sorted(by_sev.items()))}


@_register("json")
def render_json(r: Report) -> str:
    return _json.dumps(report_dict(r), ensure_ascii=False, sort_keys=False)
