"""Typo candidates and their features from the character LM and confusion sets (no I/O, no sklearn)."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .ml.charlm import TypoModel

HAN = re.compile(r"[\u4e00-\u9fff]")
FEATURES = ("gain", "orig_bi", "cand_bi", "orig_tri", "cand_tri", "sound", "shape", "insert",
            "orig_freq", "cand_freq", "orig_zero_both", "tri_trigger")


@dataclass(frozen=True)
class Candidate:
    pos: int            # index in the sentence of the wrong character (or the insertion point)
    length: int         # characters replaced (1 for substitution, 0 for insertion)
    cand: str           # replacement text
    kind: str           # "sound" | "shape" | "insert"
    feats: tuple[float, ...]


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _l(x: int) -> float:
    return math.log1p(x)


GARBLED_SHARE = 0.3


def _trigger_positions(s: str, han: list[bool], cnt: dict[str, int]) -> list[tuple[int, int, int, list[int]]]:
    """(position, left bigram count, right bigram count, trigram starts) of every character whose
    bigrams are unseen, or whose bigrams are seen but every trigram through it is unseen
    (政复信息 for 政府信息, 信系公开 for 信息公开). A count of -1 means no Han neighbour on that side."""
    out = []
    n = len(s)
    for i in range(n):
        if not han[i]:
            continue
        c = s[i]
        prev = s[i - 1] if i > 0 and han[i - 1] else ""
        nxt = s[i + 1] if i + 1 < n and han[i + 1] else ""
        if not prev and not nxt:
            continue
        lb = cnt.get(prev + c, 0) if prev else -1
        rb = cnt.get(c + nxt, 0) if nxt else -1
        tris: list[int] = []
        if lb != 0 and rb != 0:
            if prev and nxt and cnt.get(s[i - 1:i + 2], 0):
                continue       # the middle trigram is seen
            tris = [j for j in (i - 2, i - 1, i) if j >= 0 and j + 3 <= n and han[j] and han[j + 1] and han[j + 2]]
            if len(tris) < 2 or any(cnt.get(s[j:j + 3], 0) for j in tris):
                continue
        out.append((i, lb, rb, tris))
    return out


def substitution_candidates(m: TypoModel, s: str, followers: dict[str, str] | None = None) -> list[Candidate]:
    """Positions whose bigrams (or trigrams) are unseen in clean text, with confusable replacements that
    repair them. A sentence where more than GARBLED_SHARE of the characters trigger gives none."""
    lm = m.lm
    cnt = lm.counts
    out: list[Candidate] = []
    han = [_is_han(ch) for ch in s]
    triggers = _trigger_positions(s, han, cnt)
    if len(triggers) > GARBLED_SHARE * sum(han) + 5:
        return out       # most of the text breaks the n-grams: garbled or not prose, not a typo to correct
    for i, lb, rb, tris in triggers:
        c = s[i]
        prev = s[i - 1] if lb != -1 else ""
        nxt = s[i + 1] if rb != -1 else ""
        base = lm.window(s, i, i + 4)
        orig_tri = _l(cnt.get(s[max(0, i - 1):i + 2], 0)) if prev and nxt else 0.0
        cands: dict[str, str] = {}
        for ch in m.sound.get(c, ""):
            cands.setdefault(ch, "sound")
        for ch in m.shape.get(c, ""):
            cands.setdefault(ch, "shape")
        for ch, kind in cands.items():
            lc = cnt.get(prev + ch, 0) if prev else -1
            rc = cnt.get(ch + nxt, 0) if nxt else -1
            if lc == 0 and rc == 0 or (lc == 0 and not nxt) or (rc == 0 and not prev):
                continue
            if (lc == 0 and lb != 0) or (rc == 0 and rb != 0):
                continue   # the replacement must not break a bigram that was fine
            # the changed text around i only (a full copy per candidate is quadratic on long lines)
            lo = max(0, i - 3)
            t = s[lo:i] + ch + s[i + 1:i + 4]
            k = i - lo
            if tris and not all(cnt.get(t[j - lo:j - lo + 3], 0) for j in tris):
                continue
            gain = lm.window(t, k, k + 4) - base
            if gain <= 0:
                continue
            cand_tri = _l(cnt.get(t[max(0, k - 1):k + 2], 0)) if prev and nxt else 0.0
            feats = (gain, _l(max(lb, 0)) + _l(max(rb, 0)),
                     _l(cnt.get(prev + ch, 0)) + _l(cnt.get(ch + nxt, 0)), orig_tri, cand_tri,
                     1.0 if kind == "sound" else 0.0, 1.0 if kind == "shape" else 0.0, 0.0,
                     _l(cnt.get(c, 0)), _l(cnt.get(ch, 0)), 1.0 if lb == 0 and rb == 0 else 0.0,
                     1.0 if tris else 0.0)
            out.append(Candidate(i, 1, ch, kind, feats))
        # a dropped character between c and nxt
        if followers is not None and nxt and rb == 0 and not tris:
            base2 = lm.window(s, i + 1, i + 4)
            for ch in followers.get(c, ""):
                if not cnt.get(ch + nxt):
                    continue
                lo = max(0, i - 2)
                t = s[lo:i + 1] + ch + s[i + 1:i + 4]
                gain = lm.window(t, i + 1 - lo, i + 5 - lo) - base2
                if gain <= 0:
                    continue
                feats = (gain, _l(max(lb, 0)) + 0.0, _l(cnt.get(c + ch, 0)) + _l(cnt.get(ch + nxt, 0)),
                         orig_tri, _l(cnt.get(c + ch + nxt, 0)), 0.0, 0.0, 1.0,
                         _l(cnt.get(c, 0)), _l(cnt.get(ch, 0)), 1.0 if lb == 0 else 0.0, 0.0)
                out.append(Candidate(i + 1, 0, ch, "insert", feats))
    return out


def best_per_position(cands: list[Candidate], model: TypoModel) -> list[tuple[Candidate, float]]:
    """The highest-scoring candidate at each position, with its probability."""
    best: dict[int, tuple[Candidate, float]] = {}
    for c in cands:
        p = model.score(list(c.feats))
        key = c.pos
        if key not in best or p > best[key][1]:
            best[key] = (c, p)
    return [best[k] for k in sorted(best)]


def followers_index(m: TypoModel, top: int = 40) -> dict[str, str]:
    """For each character, the characters that most often follow it (insertion candidates)."""
    per: dict[str, list[tuple[int, str]]] = {}
    for g, c in m.lm.counts.items():
        if len(g) == 2 and _is_han(g[0]) and _is_han(g[1]) and c >= 3:
            per.setdefault(g[0], []).append((c, g[1]))
    return {a: "".join(ch for _, ch in sorted(v, reverse=True)[:top]) for a, v in per.items()}


def duplicate_candidates(m: TypoModel, s: str, whitelist: set[str], words: set[str]) -> list[tuple[int, int, str, float]]:
    """Doubled characters or words (在在, 工作工作) whose removal the LM strongly prefers: (start, end, fix, gain)."""
    out = []
    lm = m.lm
    n = len(s)
    for i in range(n - 1):
        for L in (1, 2):
            if i + 2 * L > n:
                continue
            a, b = s[i:i + L], s[i + L:i + 2 * L]
            if a != b or not all(_is_han(ch) for ch in a):
                continue
            if a + b in whitelist or (L == 1 and a + b in words):
                continue
            if i >= L and s[i - L:i] == a or s[i + 2 * L:i + 3 * L] == a:
                continue   # a run of three or more is not a slip of the keyboard
            lo = max(0, i - 3)
            t = s[lo:i + L] + s[i + 2 * L:i + 2 * L + 4]      # the text around the repeat, without it
            gain = lm.window(t, i - lo, i - lo + L + 4) - lm.window(s, i, i + 2 * L + 4)
            out.append((i, i + 2 * L, a, gain))
    return out
