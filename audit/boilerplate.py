"""Sentence boilerplate score: stock phrases, specificity deficit, text model, and how many reference
reports hold the same or a near-identical sentence (MinHash over character shingles)."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from .rulebook import rules_dir

NUM_PERM = 64
BANDS = 16
ROWS = NUM_PERM // BANDS
SHINGLE = 3
RE_SPECIFIC = re.compile(r"\d|[〇零一二三四五六七八九十百千万]{1,8}(?:条|件|次|篇|期|个|项|场|人次|名|家)|《[^》]{1,60}》|“[^”]{2,60}”|"
                         r"微信公众号|政务微博|门户网站|政务服务网|热线|平台|系统|专栏|[\u4e00-\u9fff]{2,6}(?:局|委|办|中心|镇|乡|街道)")
RE_NUMBER = re.compile(r"\d{1,15}(?:\.\d{1,6})?\s*(?:条|件|次|篇|期|个|项|场|人次|名|家|%|％|万|元|天|日|小时)|\d{4}年")


@lru_cache(maxsize=1)
def stock_phrases() -> tuple[tuple[str, re.Pattern[str]], ...]:
    out = []
    path = rules_dir() / "boilerplate" / "stock_phrases.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("re:"):
            out.append((line[3:], re.compile(line[3:])))
        else:
            out.append((line, re.compile(re.escape(line))))
    return tuple(out)


def phrases_in(text: str) -> list[str]:
    hits = []
    for label, pat in stock_phrases():
        m = pat.search(text)
        if m:
            hits.append(m.group(0))
    return hits


def normalize_sentence(text: str) -> str:
    """Only the Han characters: copying survives changes of punctuation, spaces and numbers."""
    return re.sub(r"[^\u4e00-\u9fff]", "", text)


def minhash(text: str) -> np.ndarray:
    from datasketch import MinHash

    s = normalize_sentence(text)
    m = MinHash(num_perm=NUM_PERM, seed=7)
    m.update_batch([s[i:i + SHINGLE].encode("utf-8") for i in range(max(1, len(s) - SHINGLE + 1))])
    return np.asarray(m.hashvalues, dtype=np.uint64)


def band_keys(hv: np.ndarray) -> list[int]:
    """One 64-bit key per band (band index mixed in), for the LSH index."""
    keys = []
    for b in range(BANDS):
        chunk = hv[b * ROWS:(b + 1) * ROWS]
        h = 1469598103934665603 ^ b
        for v in chunk.tolist():
            h = ((h ^ int(v)) * 1099511628211) & 0xFFFFFFFFFFFFFFFF
        keys.append(h)
    return keys


def features(text: str, ref_reports: int) -> list[float]:
    han = normalize_sentence(text)
    hits = phrases_in(text)
    return [float(len(hits)), 1.0 if RE_NUMBER.search(text) else 0.0, 1.0 if RE_SPECIFIC.search(text) else 0.0,
            math.log1p(len(han)), math.log1p(ref_reports)]


FEATURES = ("stock_phrases", "has_figure", "has_named_thing", "log_length", "log_ref_reports")


@dataclass
class BoilerplateModel:
    text_model: Any             # LinearTfidf (classes: boilerplate, specific)
    keys: np.ndarray            # sorted band keys
    offsets: np.ndarray         # offsets into ids for each key
    ids: np.ndarray             # reference report ids
    stage2: dict[str, Any]      # weights over [logit(p_text)] + FEATURES
    manifest: dict[str, Any]

    def ref_reports(self, text: str) -> int:
        """How many distinct reference reports hold a near-identical sentence (LSH candidates)."""
        if len(normalize_sentence(text)) < 8:
            return 0
        found: set[int] = set()
        for k in band_keys(minhash(text)):
            i = int(np.searchsorted(self.keys, np.uint64(k)))
            if i < len(self.keys) and int(self.keys[i]) == k:
                found.update(self.ids[self.offsets[i]:self.offsets[i + 1]].tolist())
        return len(found)

    def score(self, text: str) -> tuple[float, dict[str, Any]]:
        p = self.text_model.proba(text).get("boilerplate", 0.5)
        p = min(max(p, 1e-6), 1 - 1e-6)
        refs = self.ref_reports(text)
        f = [math.log(p / (1 - p))] + features(text, refs)
        z = self.stage2["intercept"] + sum(c * x for c, x in zip(self.stage2["coef"], f))
        s = 1.0 / (1.0 + math.exp(-z))
        return s, {"phrases": phrases_in(text), "ref_reports": refs, "has_figure": bool(f[2]), "p_text": p}


_cache: dict[str, BoilerplateModel] = {}


def load_boilerplate(folder: Path) -> BoilerplateModel:
    from .ml.artifact import load_manifest, read_json
    from .ml.tfidf import load_linear

    key = str(folder)
    if key not in _cache:
        manifest = load_manifest(folder)
        text_model = load_linear(folder)
        with np.load(folder / "reference.npz", allow_pickle=False) as r:
            keys, offsets, ids = r["keys"], r["offsets"], r["ids"]
        _cache[key] = BoilerplateModel(text_model, keys, offsets, ids, read_json(folder, "stage2.json"), manifest)
    return _cache[key]


def build_reference(sentences_by_report: list[list[str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Band key → report ids, as sorted arrays (no text is kept)."""
    index: dict[int, set[int]] = {}
    for rid, sents in enumerate(sentences_by_report):
        for s in sents:
            if len(normalize_sentence(s)) < 8:
                continue
            for k in band_keys(minhash(s)):
                index.setdefault(k, set()).add(rid)
    keys = np.array(sorted(index), dtype=np.uint64)
    offsets = [0]
    ids: list[int] = []
    for k in keys.tolist():
        ids.extend(sorted(index[k]))
        offsets.append(len(ids))
    return keys, np.array(offsets, dtype=np.int64), np.array(ids, dtype=np.int32)
