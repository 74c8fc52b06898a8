"""Batch outputs: index.html (sortable, filterable, inline SVG charts), copied.html, findings.jsonl,
summary.csv, summary.xlsx and failures.csv."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

COLUMNS = ["source", "agency", "year", "format", "pages", "layout", "sections", "findings", "sev_error",
           "sev_warning", "sev_info", "cat_typo", "cat_boilerplate", "cat_contradiction", "cat_table",
           "cat_structure", "boilerplate_score", "status", "page"]


def _env() -> Environment:
    return Environment(loader=FileSystemLoader(str(Path(__file__).parent / "templates")),
                       autoescape=select_autoescape(default=True, default_for_string=True),
                       trim_blocks=True, lstrip_blocks=True)


def rows(outcomes: list[Any]) -> list[dict[str, Any]]:
    out = []
    for o in outcomes:
        if o.status == "failed":
            continue
        r = {k: o.summary.get(k) for k in COLUMNS if k in o.summary}
        r["status"] = o.status
        r["page"] = f"reports/{o.name}.html"
        out.append(r)
    return out


def histogram_svg(values: list[float], bins: int = 10, width: int = 320, height: int = 120) -> str:
    """An inline SVG histogram of scores in [0, 1]."""
    counts = [0] * bins
    for v in values:
        counts[min(bins - 1, max(0, int(v * bins)))] += 1
    top = max(counts) or 1
    bw = width / bins
    bars = []
    for i, c in enumerate(counts):
        h = (height - 30) * c / top
        bars.append(f'<rect x="{i * bw + 1:.1f}" y="{height - 15 - h:.1f}" width="{bw - 2:.1f}" height="{h:.1f}" fill="#5d6d7e"><title>{i / bins:.1f}–{(i + 1) / bins:.1f}: {c}</title></rect>')
        if c:
            bars.append(f'<text x="{i * bw + bw / 2:.1f}" y="{height - 17 - h:.1f}" font-size="9" text-anchor="middle">{c}</text>')
    axis = f'<text x="0" y="{height - 2}" font-size="10">0</text><text x="{width - 8}" y="{height - 2}" font-size="10">1</text>'
    return f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img">{"".join(bars)}{axis}</svg>'


def bars_svg(items: list[tuple[str, int]], width: int = 360) -> str:
    """An inline SVG horizontal bar chart (most frequent rules)."""
    from html import escape

    if not items:
        return ""
    top = max(v for _, v in items) or 1
    h = 16
    parts = []
    for i, (k, v) in enumerate(items):
        w = (width - 110) * v / top
        parts.append(f'<text x="0" y="{i * h + 12}" font-size="11">{escape(k)}</text>'
                     f'<rect x="70" y="{i * h + 3}" width="{w:.1f}" height="{h - 5}" fill="#1f3a5f"/>'
                     f'<text x="{74 + w:.1f}" y="{i * h + 12}" font-size="10">{v}</text>')
    return f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{len(items) * h + 4}" role="img">{"".join(parts)}</svg>'


def write_outputs(out_dir: Path, outcomes: list[Any], clusters: list[dict[str, Any]], seconds: float) -> None:
    from ..cli import atomic_write

    table = rows(outcomes)
    failures = [o for o in outcomes if o.status == "failed"]
    # failures.csv
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["source", "reason", "seconds"])
    for o in failures:
        w.writerow([o.path, o.reason, f"{o.seconds:.2f}"])
    atomic_write(out_dir / "failures.csv", buf.getvalue())
    # summary.csv
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(COLUMNS)
    for r in table:
        w.writerow([r.get(c, "") if r.get(c) is not None else "" for c in COLUMNS])
    atomic_write(out_dir / "summary.csv", buf.getvalue())
    # summary.xlsx
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "summary"
    ws.append(COLUMNS)
    for r in table:
        ws.append([r.get(c) for c in COLUMNS])
    ws2 = wb.create_sheet("failures")
    ws2.append(["source", "reason"])
    for o in failures:
        ws2.append([o.path, o.reason])
    tmp = out_dir / ".summary.xlsx.tmp"
    wb.save(tmp)
    tmp.replace(out_dir / "summary.xlsx")
    # findings.jsonl, in input order
    lines = []
    for o in outcomes:
        if o.status == "failed":
            continue
        p = out_dir / "results" / f"{o.name}.json"
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue
        for f in data.get("findings", []):
            lines.append(json.dumps({"source": o.path, "agency": data.get("agency"), "year": data.get("year"), **f},
                                    ensure_ascii=False))
    atomic_write(out_dir / "findings.jsonl", "\n".join(lines) + ("\n" if lines else ""))
    # charts
    rule_counts: dict[str, int] = {}
    for o in outcomes:
        for k, v in (o.summary.get("rules") or {}).items():
            rule_counts[k] = rule_counts.get(k, 0) + v
    top_rules = sorted(rule_counts.items(), key=lambda kv: (-kv[1], kv[0]))[:12]
    scores = [r["boilerplate_score"] for r in table if isinstance(r.get("boilerplate_score"), (int, float))]
    env = _env()
    atomic_write(out_dir / "index.html", env.get_template("batch_index.html.j2").render(
        rows=table, failures=failures, total=len(outcomes), seconds=seconds,
        hist=histogram_svg(scores), bars=bars_svg(top_rules), clusters=len(clusters)))
    atomic_write(out_dir / "copied.html", env.get_template("batch_copied.html.j2").render(clusters=clusters))
