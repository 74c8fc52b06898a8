"""Self-contained HTML (Jinja2, autoescape on): findings highlighted in place, prints well."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..segment import CANONICAL_TITLES
from ..types import SEVERITY_RANK, Finding, Report, TableRef
from . import _register
from .json import summary

SHADED = {"BP-01"}   # shown as shading with the reason on hover, not as a list entry

CATEGORY_LABELS = {"typo": "错别字", "boilerplate": "套话与雷同", "contradiction": "矛盾",
                   "table": "表格勾稽", "structure": "结构与格式"}
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}

_env: Environment | None = None


def env() -> Environment:
    global _env
    if _env is None:
        _env = Environment(
            loader=FileSystemLoader(str(Path(__file__).parent / "templates")),
            autoescape=select_autoescape(default=True, default_for_string=True),
            trim_blocks=True, lstrip_blocks=True,
        )
    return _env


def _runs(text: str, start: int, end: int, marks: list[tuple[int, Finding]]) -> list[dict[str, Any]]:
    """Split text[start:end] into runs; each run lists the findings covering it."""
    cuts = {start, end}
    for _, f in marks:
        if f.span.start < end and f.span.end > start:
            cuts.add(max(start, f.span.start))
            cuts.add(min(end, f.span.end))
    pts = sorted(cuts)
    runs = []
    for a, b in zip(pts, pts[1:]):
        if a >= b:
            continue
        cover = [(n, f) for n, f in marks if f.span.start < b and f.span.end > a]
        shade = [f for _, f in cover if f.rule_id in SHADED]
        cover = [(n, f) for n, f in cover if f.rule_id not in SHADED]
        bp = {"bp": max((f.confidence or 0.0) for f in shade), "bp_tip": shade[0].message} if shade else {}
        if cover:
            worst = max(cover, key=lambda x: SEVERITY_RANK[x[1].severity])[1]
            ends_here = [n for n, f in cover if min(end, f.span.end) == b]
            runs.append({"text": text[a:b], "ids": [n for n, _ in cover], "severity": worst.severity,
                         "category": worst.category, "tips": " | ".join(f.message for _, f in cover),
                         "sup": ends_here, **bp})
        else:
            runs.append({"text": text[a:b], "ids": [], "sup": [], **bp})
    return runs


def _table_cells(text: str, t: TableRef, numbered: list[tuple[int, Finding]]) -> list[list[dict[str, Any]]]:
    """Grid rows with each cell's findings: cells map in order onto the row's rendered line."""
    import re

    out: list[list[dict[str, Any]]] = []
    pos = t.span.start
    for grid_row in t.rows:
        if not any(grid_row):
            continue
        nl = text.find("\n", pos)
        line_end = nl if nl >= 0 else len(text)
        toks = [(m.start() + pos, m.end() + pos) for m in re.finditer(r"\S+", text[pos:line_end])]
        ti = 0
        row: list[dict[str, Any]] = []
        for c in grid_row:
            if c is None:
                if row:
                    row[-1]["colspan"] += 1
                continue
            cell: dict[str, Any] = {"text": c, "colspan": 1, "ids": [], "severity": ""}
            if c and ti < len(toks):
                a, b = toks[ti]
                ti += 1
                hits = [(n, f) for n, f in numbered if f.span.start < b and f.span.end > a and f.span.end - f.span.start <= b - a + 2]
                if hits:
                    cell["ids"] = [n for n, _ in hits]
                    cell["severity"] = max(hits, key=lambda x: SEVERITY_RANK[x[1].severity])[1].severity
            row.append(cell)
        out.append(row)
        pos = line_end + 1
    return out


def _parts(report: Report, start: int, end: int, numbered: list[tuple[int, Finding]]) -> list[dict[str, Any]]:
    doc = report.document
    text = doc.text
    tables = [t for t in doc.tables if start <= t.span.start < end]
    parts: list[dict[str, Any]] = []
    pos = start
    while pos < end:
        t = next((t for t in tables if t.span.start <= pos <= t.span.end), None)
        if t is not None:
            rows = _table_cells(text, t, numbered)
            ids = [n for n, f in numbered if f.span.start < t.span.end + 1 and f.span.end > t.span.start]
            notes = [{"n": n, "rule": f.rule_id, "message": f.message, "severity": f.severity}
                     for n, f in numbered if n in ids]
            parts.append({"type": "table", "rows": rows, "ids": ids, "notes": notes})
            nl = text.find("\n", t.span.end)
            pos = (nl + 1) if nl >= 0 else end
            continue
        nl = text.find("\n", pos, end)
        line_end = nl if nl >= 0 else end
        if text[pos:line_end].strip():
            parts.append({"type": "line", "runs": _runs(text, pos, line_end, numbered)})
        pos = line_end + 1
    return parts


def view_model(report: Report) -> dict[str, Any]:
    doc = report.document
    numbered = list(enumerate(report.findings, start=1))
    bounds = []
    first = doc.sections[0].span.start if doc.sections else len(doc.text)
    if first > 0:
        bounds.append(("", "标题与前言", 0, first))
    for s in doc.sections:
        bounds.append((s.id, s.title, s.span.start, s.span.end))
    sections = []
    sec_scores = report.stats.get("section_boilerplate", {}) or {}
    for sid, title, a, b in bounds:
        mine = [(n, f) for n, f in numbered if a <= f.span.start < b or (f.span.start == b == len(doc.text))]
        sections.append({
            "id": sid, "title": title, "parts": _parts(report, a, b, mine),
            "findings": [{"n": n, "f": f} for n, f in mine if f.rule_id not in SHADED],
            "shaded": sum(1 for _, f in mine if f.rule_id in SHADED),
            "bp": sec_scores.get(sid),
            "five": report.stats.get("five") if sid == "五" else None,
            "counts": {sev: sum(1 for _, f in mine if f.severity == sev) for sev in ("error", "warning", "info")},
        })
    s = summary(report)
    matrix = []
    for cat, label in CATEGORY_LABELS.items():
        row = {"label": label, "cat": cat,
               "cells": [sum(1 for f in report.findings if f.category == cat and f.severity == sev)
                         for sev in ("error", "warning", "info")]}
        row["total"] = sum(row["cells"])
        matrix.append(row)
    present = {x.id for x in doc.sections}
    outline = [{"id": k, "title": v, "present": k in present} for k, v in CANONICAL_TITLES.items()]
    return {"doc": doc, "report": report, "sections": sections, "summary": s, "matrix": matrix,
            "bp_doc": report.stats.get("boilerplate_score"),
            "waived": len(report.stats.get("waived", []) or []),
            "outline": outline, "severity_labels": SEVERITY_LABELS, "category_labels": CATEGORY_LABELS,
            "name": Path(doc.source).name, "versions": report.versions}


@_register("html")
def render_html(report: Report) -> str:
    return env().get_template("report.html.j2").render(**view_model(report))
