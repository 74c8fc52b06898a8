"""Formats registry: render(report, fmt) -> str. Renderers compute nothing new."""
from __future__ import annotations

from typing import Callable

from ..types import Report

FORMATS: dict[str, Callable[[Report], str]] = {}


def render(report: Report, fmt: str) -> str:
    if not FORMATS:
        from . import html, json, text  # noqa: F401
    return FORMATS[fmt](report)


def _register(name: str) -> Callable[[Callable[[Report], str]], Callable[[Report], str]]:
    def deco(fn: Callable[[Report], str]) -> Callable[[Report], str]:
        FORMATS[name] = fn
        return fn
    return deco


from . import html, json, text  # noqa: E402,F401
