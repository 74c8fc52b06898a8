"""audit.toml: the settings an office or an auditor keeps with their reports.

Precedence: rule YAML < audit.toml < command line. The file is `--config PATH`, else the first
audit.toml in the current folder or one of its parents. `audit config show` prints the result.

    select = ["TXT", "T3", "N5"]        # rule id prefixes or names (default: every stable rule)
    ignore = ["BP-01"]
    preview = false
    fail-on = "warning"                 # error | warning | info | never
    severity = { "TXT-05" = "warning", "BP" = "info" }   # by id prefix; the longest prefix wins
    waivers = "waivers.json"            # relative to this file
    timeout = 300
    pdf-engine = "hybrid"               # hybrid | pdfplumber
    [limits]
    max-bytes = 52428800
    max-pages = 500
    max-chars = 2000000
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from .waivers import ConfigError

FILE_NAME = "audit.toml"
SEVERITIES = ("error", "warning", "info")
TOP_KEYS = {"select", "ignore", "preview", "fail-on", "severity", "waivers", "timeout", "pdf-engine", "limits"}
LIMIT_KEYS = {"max-bytes", "max-pages", "max-chars"}


def find_config(start: Path | None = None) -> Path | None:
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        cand = folder / FILE_NAME
        if cand.is_file():
            return cand
    return None


def _toml(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(str(path), f"cannot read ({exc.strerror or exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), f"invalid TOML ({exc})") from None


def _strings(path: Path, key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(str(path), f"{key} must be a list of rule id prefixes or names")
    return tuple(value)


def load_config(path: Path) -> dict[str, Any]:
    """The settings in an audit.toml, validated, with kebab-case keys as written in the file."""
    raw = _toml(path)
    unknown = sorted(set(raw) - TOP_KEYS)
    if unknown:
        raise ConfigError(str(path), f"unknown key {unknown[0]!r} (known: {', '.join(sorted(TOP_KEYS))})")
    out: dict[str, Any] = {}
    for key in ("select", "ignore"):
        if key in raw:
            out[key] = _strings(path, key, raw[key])
    if "preview" in raw:
        if not isinstance(raw["preview"], bool):
            raise ConfigError(str(path), "preview must be true or false")
        out["preview"] = raw["preview"]
    if "fail-on" in raw:
        if raw["fail-on"] not in (*SEVERITIES, "never"):
            raise ConfigError(str(path), "fail-on must be error, warning, info or never")
        out["fail-on"] = raw["fail-on"]
    if "severity" in raw:
        sev = raw["severity"]
        if not isinstance(sev, dict) or not all(isinstance(v, str) for v in sev.values()):
            raise ConfigError(str(path), 'severity must be a table such as { "TXT-05" = "warning" }')
        bad = [f"{k} = {v!r}" for k, v in sev.items() if v not in SEVERITIES]
        if bad:
            raise ConfigError(str(path), f"severity {bad[0]}: must be error, warning or info")
        out["severity"] = dict(sev)
    if "waivers" in raw:
        if not isinstance(raw["waivers"], str) or not raw["waivers"]:
            raise ConfigError(str(path), "waivers must be a file path")
        out["waivers"] = str((path.parent / raw["waivers"]).resolve())
    if "timeout" in raw:
        if not isinstance(raw["timeout"], (int, float)) or isinstance(raw["timeout"], bool) or raw["timeout"] <= 0:
            raise ConfigError(str(path), "timeout must be a positive number of seconds")
        out["timeout"] = float(raw["timeout"])
    if "pdf-engine" in raw:
        if raw["pdf-engine"] not in ("hybrid", "pdfplumber"):
            raise ConfigError(str(path), "pdf-engine must be hybrid or pdfplumber")
        out["pdf-engine"] = raw["pdf-engine"]
    if "limits" in raw:
        lim = raw["limits"]
        if not isinstance(lim, dict):
            raise ConfigError(str(path), "[limits] must be a table")
        for k, v in lim.items():
            if k not in LIMIT_KEYS:
                raise ConfigError(str(path), f"unknown key limits.{k} (known: {', '.join(sorted(LIMIT_KEYS))})")
            if not isinstance(v, int) or isinstance(v, bool) or v <= 0:
                raise ConfigError(str(path), f"limits.{k} must be a positive integer")
            out[k] = v
    return out


def check_rule_keys(path: str, settings: dict[str, Any], rule_ids: list[str], rule_names: list[str]) -> None:
    """Every prefix in select, ignore and severity must match some rule (a typo must not silently do nothing)."""
    def matches(key: str) -> bool:
        return any(i.startswith(key) for i in rule_ids) or key in rule_names

    for field in ("select", "ignore"):
        for key in settings.get(field, ()):
            if not matches(key):
                raise ConfigError(path, f"{field}: {key!r} matches no rule")
    for key in settings.get("severity", {}):
        if not matches(key):
            raise ConfigError(path, f"severity: {key!r} matches no rule")


def severity_for(rule_id: str, overrides: tuple[tuple[str, str], ...]) -> str | None:
    """The overriding severity for a rule: the longest matching id prefix wins."""
    best, found = -1, None
    for prefix, sev in overrides:
        if rule_id.startswith(prefix) and len(prefix) > best:
            best, found = len(prefix), sev
    return found
