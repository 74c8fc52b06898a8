"""Lazy jieba tokenizer with the domain user dictionary in rules/dict/; per-text cache."""
from __future__ import annotations

import logging
import threading
from functools import lru_cache
from typing import Any

from .rulebook import rules_dir

_lock = threading.RLock()
_tok: Any = None


def tokenizer() -> Any:
    """A jieba Tokenizer loaded once, with rules/dict/user_dict.txt added."""
    global _tok
    with _lock:
        if _tok is None:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            t = jieba.Tokenizer()
            t.initialize()
            path = rules_dir() / "dict" / "user_dict.txt"
            if path.exists():
                t.load_userdict(str(path))
            _tok = t
    return _tok


@lru_cache(maxsize=20000)
def tokens(text: str) -> tuple[str, ...]:
    """jieba tokens of text (HMM off, so unknown strings split into single characters)."""
    return tuple(tokenizer().cut(text, HMM=False))


@lru_cache(maxsize=20000)
def token_spans(text: str) -> tuple[tuple[str, int, int], ...]:
    return tuple(tokenizer().tokenize(text, HMM=False))
