"""Registry of check kinds: kind name → Check class. Modules are imported explicitly."""
from __future__ import annotations

from typing import Callable, TypeVar

from .base import Check

KINDS: dict[str, type[Check]] = {}
T = TypeVar("T", bound=type[Check])


def register(kind: str) -> Callable[[T], T]:
    def deco(cls: T) -> T:
        if kind in KINDS:
            raise ValueError(f"kind {kind!r} registered twice")
        cls.kind = kind
        KINDS[kind] = cls
        return cls
    return deco


from . import (  # noqa: E402,F401  (explicit, no scanning)
    boilerplate_score, confusion, crossref, existence, missing_word, paired, problem_remedy, structure, table_sum,
    truncation,
)
