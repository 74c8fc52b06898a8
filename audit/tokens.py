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


def token_at(text: str, pos: int, before: int, after: int) -> tuple[str, int, int] | None:
    """The jieba token that covers text[pos], segmenting only the window text[pos-before:pos+after];
    (word, start, end) in offsets of text."""
    a = max(0, pos - before)
    for w, s, e in token_spans(text[a:pos + after]):
        if s <= pos - a < e:
            return w, a + s, a + e
    return None


_pos: Any = None


@lru_cache(maxsize=4096)
def pos_tags(text: str) -> tuple[tuple[str, str], ...]:
    """jieba part-of-speech tags (HMM on, so unseen names get nr/ns), over the domain dictionary."""
    global _pos
    with _lock:
        if _pos is None:
            import jieba.posseg

            # the module's own tagger has read the word → tag table of jieba's dictionary at import;
            # share that table instead of reading the dictionary a second time (our user words are untagged)
            _pos = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
            _pos.tokenizer = tokenizer()
            _pos.word_tag_tab = jieba.posseg.dt.word_tag_tab
        return tuple((p.word, p.flag) for p in _pos.cut(text, HMM=True))
