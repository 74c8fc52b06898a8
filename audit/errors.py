"""Error family: each becomes one line on stderr and exit code 2."""
from __future__ import annotations


class AuditError(Exception):
    """Base class: a problem with an input, a rule or the configuration."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class InputError(AuditError):
    """The input file cannot be read as a report (missing, unsupported, corrupt, empty …)."""


class RuleError(AuditError):
    """A rule file is invalid."""
