"""One memo for work derived from a Document (tables, 五 analysis, sentence scores), shared by the checks."""
from __future__ import annotations

import functools
import threading
from typing import Any, Callable, TypeVar

F = TypeVar("F", bound=Callable[..., Any])
_lock = threading.Lock()


def per_document(maxsize: int = 32) -> Callable[[F], F]:
    """Memoise fn(doc, *args) by the document's identity and the other arguments.

    The document itself is kept in the entry and compared with `is`, so a recycled id() never returns
    another document's result; the memo is emptied when it grows past maxsize documents."""
    def deco(fn: F) -> F:
        memo: dict[tuple[Any, ...], tuple[Any, Any]] = {}

        @functools.wraps(fn)
        def wrapper(doc: Any, *args: Any) -> Any:
            key = (id(doc), *args)
            hit = memo.get(key)
            if hit is not None and hit[0] is doc:
                return hit[1]
            value = fn(doc, *args)
            with _lock:
                if len(memo) > maxsize:
                    memo.clear()
                memo[key] = (doc, value)
            return value
        return wrapper  # type: ignore[return-value]
    return deco
