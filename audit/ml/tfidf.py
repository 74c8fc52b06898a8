"""Numpy TF-IDF + linear scorer rebuilt from exported weights (no sklearn, no pickle at run time)."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .artifact import load_manifest, read_json


def analyzer(text: str) -> list[str]:
    """The features: jieba words (HMM off) and character bigrams, as used in training."""
    from ..tokens import tokens

    words = [f"w:{t}" for t in tokens(text) if re.search(r"[\u4e00-\u9fff]", t)]
    han = re.sub(r"[^\u4e00-\u9fff]", "", text)
    bigrams = [f"c:{han[i:i + 2]}" for i in range(len(han) - 1)]
    return words + bigrams


@dataclass
class LinearTfidf:
    vocab: dict[str, int]
    idf: np.ndarray
    coef: np.ndarray          # classes × features
    intercept: np.ndarray
    classes: list[str]
    sublinear: bool = True

    def vector(self, text: str) -> dict[int, float]:
        counts: dict[int, int] = {}
        for f in analyzer(text):
            j = self.vocab.get(f)
            if j is not None:
                counts[j] = counts.get(j, 0) + 1
        vec = {j: ((1.0 + math.log(c)) if self.sublinear else float(c)) * float(self.idf[j]) for j, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values()))
        return {j: v / norm for j, v in vec.items()} if norm else {}

    def proba(self, text: str) -> dict[str, float]:
        vec = self.vector(text)
        z = self.intercept.astype(np.float64).copy()
        for j, v in vec.items():
            z += self.coef[:, j] * v
        if self.coef.shape[0] == 1 and len(self.classes) == 2:
            p1 = 1.0 / (1.0 + math.exp(-float(z[0])))      # binary: the row is the second class's
            return {self.classes[0]: 1.0 - p1, self.classes[1]: p1}
        z = z - z.max()
        e = np.exp(z)
        p = e / e.sum()
        return {c: float(x) for c, x in zip(self.classes, p)}


_cache: dict[str, LinearTfidf] = {}


def load_linear(folder: Path) -> LinearTfidf:
    key = str(folder)
    if key not in _cache:
        manifest = load_manifest(folder)
        vocab = read_json(folder, "vocab.json")
        with np.load(folder / "weights.npz", allow_pickle=False) as w:
            model = LinearTfidf(vocab, w["idf"], w["coef"], w["intercept"], list(manifest["classes"]))
        _cache[key] = model
    return _cache[key]


def export_linear(folder: Path, vectorizer: Any, clf: Any) -> None:
    """Write vocab.json and weights.npz from a fitted TfidfVectorizer and LogisticRegression."""
    import json

    vocab = {k: int(v) for k, v in vectorizer.vocabulary_.items()}
    (folder / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    coef = np.asarray(clf.coef_, dtype=np.float64)
    intercept = np.asarray(clf.intercept_, dtype=np.float64)
    np.savez(folder / "weights.npz", idf=np.asarray(vectorizer.idf_, dtype=np.float64), coef=coef, intercept=intercept)
