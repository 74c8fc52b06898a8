"""Waivers: known findings an office or auditor has accepted, written by `audit baseline`.

We cannot edit the reports we audit, so a finding is waived by its rule id and fingerprint
(the rule id plus a hash of the section title and the evidence sentence, never a line or a
page), kept in a JSON file with the evidence and a reason. A waiver may expire (`until`).
Waivers that match nothing are reported, so the file does not rot.
"""
from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from .errors import AuditError

SCHEMA = "audit-waivers/1"


class ConfigError(AuditError):
    """The configuration or a waiver file is invalid."""


@dataclass(frozen=True)
class Waiver:
    rule: str
    fingerprint: str
    evidence: str = ""
    reason: str = ""
    until: str | None = None        # ISO date; the waiver no longer applies after it
    source: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.rule, self.fingerprint)

    def expired(self, today: _dt.date | None = None) -> bool:
        if not self.until:
            return False
        return _dt.date.fromisoformat(self.until) < (today or _dt.date.today())


def load_waivers(path: str | Path) -> tuple[Waiver, ...]:
    p = Path(path)
    name = str(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(name, "waiver file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(name, f"cannot read waiver file ({exc})") from None
    except json.JSONDecodeError as exc:
        raise ConfigError(name, f"invalid JSON (line {exc.lineno}: {exc.msg})") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA or not isinstance(data.get("waivers"), list):
        raise ConfigError(name, f'not a waiver file (expected {{"schema": "{SCHEMA}", "waivers": [...]}})')
    out = []
    for k, w in enumerate(data["waivers"], start=1):
        if not isinstance(w, dict) or not isinstance(w.get("rule"), str) or not isinstance(w.get("fingerprint"), str):
            raise ConfigError(name, f"waiver {k}: needs string fields rule and fingerprint")
        until = w.get("until")
        if until is not None:
            try:
                _dt.date.fromisoformat(str(until))
            except ValueError:
                raise ConfigError(name, f"waiver {k}: until must be a date YYYY-MM-DD, not {until!r}") from None
        out.append(Waiver(w["rule"], w["fingerprint"], str(w.get("evidence", "")), str(w.get("reason", "")),
                          str(until) if until is not None else None, str(w.get("source", ""))))
    return tuple(out)


def waivers_json(waivers: Iterable[Waiver]) -> str:
    items: list[dict[str, Any]] = []
    for w in sorted(waivers, key=lambda w: (w.source, w.rule, w.fingerprint)):
        d: dict[str, Any] = {"rule": w.rule, "fingerprint": w.fingerprint, "evidence": w.evidence,
                             "reason": w.reason, "source": w.source}
        if w.until:
            d["until"] = w.until
        items.append(d)
    return json.dumps({"schema": SCHEMA, "waivers": items}, ensure_ascii=False, indent=1) + "\n"


def baseline(reports: Iterable[tuple[str, Any]], reason: str, until: str | None,
             keep: Iterable[Waiver] = ()) -> list[Waiver]:
    """One waiver per (rule, fingerprint) of the reports' findings; existing waivers keep their reason."""
    known = {w.key: w for w in keep}
    out = dict(known)
    for source, report in reports:
        for f in report.findings:
            key = (f.rule_id, f.fingerprint)
            if key in out:
                continue
            evidence = f.text if len(f.text) >= 6 else _sentence(report, f)
            out[key] = Waiver(f.rule_id, f.fingerprint, evidence[:200], reason, until, Path(source).name)
    return list(out.values())


def _sentence(report: Any, f: Any) -> str:
    from .checks.base import _sentence_around

    return _sentence_around(report.document, f.span).strip()
