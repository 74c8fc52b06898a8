"""One line per finding (file:p12:§五 RULE severity message) plus a summary line."""
from __future__ import annotations

from ..types import Report
from . import _register
from .json import summary


def one_line_summary(r: Report) -> str:
    s = summary(r)
    sev = s["by_severity"]
    parts = [f"{sev.get(k, 0)} {k}" for k in ("error", "warning", "info")]
    secs = "".join(x.id for x in r.document.sections) or "无"
    return f"{s['findings']} findings ({', '.join(parts)}); sections {secs}"


@_register("text")
def render_text(r: Report) -> str:
    lines = []
    src = r.document.source
    for f in r.findings:
        loc = f"{src}:"
        if f.page:
            loc += f"p{f.page}:"
        loc += f"L{f.line}:"
        if f.section:
            loc += f"§{f.section}"
        sug = f" → {f.suggestion}" if f.suggestion else ""
        lines.append(f"{loc} {f.rule_id} {f.severity} {f.message}{sug}")
    lines.append(f"{src}: {one_line_summary(r)}")
    return "\n".join(lines)
