"""Character n-gram language model (stupid backoff) and confusion sets, from a typo model folder."""
from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .artifact import load_manifest, read_json, read_tsv_counts

BOS = "^"
ORDER = 4
BACKOFF = 0.4


@dataclass
class CharLM:
    counts: dict[str, int]       # n-grams of order 1..4 (order 1 = single characters)
    total: int                   # number of characters counted
    vocab: int

    def count(self, gram: str) -> int:
        return self.counts.get(gram, 0)

    def logp(self, hist: str, ch: str) -> float:
        """log P(ch | hist) with stupid backoff; hist is at most ORDER-1 characters."""
        penalty = 0.0
        for k in range(min(len(hist), ORDER - 1), 0, -1):
            h = hist[-k:]
            c = self.counts.get(h + ch, 0)
            if c:
                hc = self.counts.get(h, 0)
                if hc:
                    return penalty + math.log(c / hc)
            penalty += math.log(BACKOFF)
        return penalty + math.log((self.counts.get(ch, 0) + 0.5) / (self.total + 0.5 * self.vocab))

    def window(self, s: str, lo: int, hi: int) -> float:
        """Sum of log P(s[j] | s[j-3:j]) for j in [lo, hi)."""
        total = 0.0
        for j in range(max(lo, 0), min(hi, len(s))):
            total += self.logp(s[max(0, j - ORDER + 1):j], s[j])
        return total


@dataclass
class TypoModel:
    folder: Path
    manifest: dict[str, Any]
    lm: CharLM
    sound: dict[str, str]          # char → string of same-pinyin candidates
    shape: dict[str, str]          # char → string of same-four-corner candidates
    deletions: dict[str, dict[str, str]]   # short word → {right context word: full word}
    weights: dict[str, Any]        # classifier: feature names, coef, intercept, threshold
    version: str

    def score(self, feats: list[float]) -> float:
        w = self.weights
        z = w["intercept"] + sum(c * f for c, f in zip(w["coef"], feats))
        return 1.0 / (1.0 + math.exp(-z))


_lock = threading.Lock()
_cache: dict[str, TypoModel] = {}


def load_typo_model(folder: Path) -> TypoModel:
    key = str(folder)
    with _lock:
        if key in _cache:
            return _cache[key]
        manifest = load_manifest(folder)
        counts = read_tsv_counts(folder, "ngrams.tsv.gz")
        conf = read_json(folder, "confusions.json.gz")
        weights = read_json(folder, "classifier.json")
        total = int(manifest["lm"]["total_chars"])
        vocab = int(manifest["lm"]["vocab"])
        model = TypoModel(folder, manifest, CharLM(counts, total, vocab), conf["sound"], conf["shape"],
                          conf["deletions"], weights, manifest["version"])
        _cache[key] = model
        return model
