"""Typo kinds: confusable characters and dropped characters (model-ranked), doubled characters,
mined deletion confusions, and the curated wrong → right list."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from ..ml.artifact import latest, models_dir
from ..ml.charlm import TypoModel, load_typo_model
from ..rulebook import Rule, rules_dir
from ..types import Document, Finding, Span
from . import register
from .base import Check

PROTECT = re.compile(r"《[^》]{0,40}》|“[^”]{0,30}”|[A-Za-z0-9_.:/@%-]+")
SENT_SPLIT = re.compile(r"[^，,；;。！？!?：:、（）()\s“”《》]+")


@lru_cache(maxsize=2)
def _model(version: str) -> TypoModel:
    folder = latest("typo") if version in ("", "latest") else models_dir() / "typo" / version
    return load_typo_model(folder)


@lru_cache(maxsize=2)
def _followers(version: str) -> dict[str, str]:
    from ..typo_detect import followers_index

    return followers_index(_model(version))


@lru_cache(maxsize=1)
def _protect_words() -> frozenset[str]:
    p = rules_dir() / "dict" / "protect_words.txt"
    if not p.exists():
        return frozenset()
    return frozenset(w.strip() for w in p.read_text(encoding="utf-8").splitlines() if w.strip() and not w.startswith("#"))


TITLES = ("同志|局长|主任|书记|组长|科长|部长|镇长|乡长|县长|市长|区长|主席|处长|所长|站长|队长|副局长|副主任|副组长|"
          "副书记|担任|任组长|任副组长")
RE_NAME = re.compile(r"([\u4e00-\u9fff]{2,3})(?=" + TITLES + ")")
RE_TITLE_AFTER = re.compile(r"(?:" + TITLES + ")")
PLACE_SUFFIX = ("省", "市", "县", "区", "镇", "乡", "村", "街道", "社区", "办事处", "开发区", "新区", "管委会")
RE_PLACE_TRIGGER = re.compile("|".join(PLACE_SUFFIX))


def _names(text: str) -> list[tuple[int, int]]:
    """Spans of person and place names, which a typo check must not "correct" (the cheap part).

    Person names: the two or three characters before a title (局长, 主任, 同志, 任组长 …);
    `_tagged_name` asks jieba's part-of-speech tagger for the exact name when a candidate sits
    just outside that span. Place names: jieba's ns words (洛阳市) are dictionary words and
    protected as such; the tagger misses most local names (瀍西街道, 钵池山街道), so the two
    characters before an administrative unit (镇, 街道, 社区 …) that is a word of its own are kept.
    """
    spans = [(m.start(1), m.end(1)) for m in RE_NAME.finditer(text)]
    places = list(RE_PLACE_TRIGGER.finditer(text))
    if places:
        from ..tokens import token_spans

        starts = {x: y for _, x, y in token_spans(text)}
        for m in places:
            a = m.start()
            if starts.get(a, a) > m.end():
                continue      # 市 of 市政府, 区 of 区域: the unit begins a longer word, no name before it
            if a >= 2 and all("\u4e00" <= ch <= "\u9fff" for ch in text[a - 2:a]):
                spans.append((a - 2, a))
    return spans


def _tagged_name(text: str, a: int) -> bool:
    """Is position a inside a person name that jieba's tagger (posseg, HMM on, so unseen names are
    tagged nr) finds right before a title? The HMM also tags typos as names (卫升 for 卫生), so a
    tag is believed only when a title follows. Loaded only for a candidate within four characters
    of a title (the tagger costs about 0.4 s to load)."""
    if not RE_TITLE_AFTER.search(text, a + 1, a + 6):
        return False
    pos = 0
    for word, flag in _tagged(text):
        start, end = pos, pos + len(word)
        pos = end
        if start <= a < end:
            return len(word) >= 2 and flag.startswith("nr") and bool(RE_TITLE_AFTER.match(text, end))
    return False


def _tagged(text: str) -> list[tuple[str, str]]:
    from ..tokens import pos_tags

    return list(pos_tags(text))


def _protected(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in PROTECT.finditer(text)]


def _inside(spans: list[tuple[int, int]], a: int, b: int) -> bool:
    return any(x <= a and b <= y for x, y in spans)


@register("typo-confusion")
class TypoConfusion(Check):
    """TXT-02: a character that breaks the domain's n-grams and a confusable one (same pinyin or four-corner
    code) or a dropped one repairs them; the decision is a classifier trained on injected typos."""

    def __init__(self, rule: Rule) -> None:
        super().__init__(rule)
        self.version = str(rule.params.get("model", "latest"))
        self.threshold = rule.params.get("threshold")
        self.insertions = bool(rule.params.get("insertions", False))
        self.function_chars = set("".join(rule.params.get("function_chars", [])))
        self.min_insert_freq = int(rule.params.get("min_insert_freq", 20))
        self.min_word_freq = int(rule.params.get("min_word_freq", 3))

    def run(self, doc: Document) -> Iterator[Finding]:
        from ..typo_detect import best_per_position, substitution_candidates

        from ..tokens import token_spans, tokenizer

        m = _model(self.version)
        fol = _followers(self.version) if self.insertions else None
        thr = float(self.threshold if self.threshold is not None else m.weights["threshold"])
        protect = _protect_words()
        freq = tokenizer().FREQ
        for sent in doc.sentences:
            s = _fold(doc.text[sent.span.start:sent.span.end])
            prot = _protected(s) + _names(s)
            found = best_per_position(substitution_candidates(m, s, fol), m)
            if not found:
                continue
            words = [(w, a, b) for w, a, b in token_spans(s) if b - a >= 2 and freq.get(w, 0) >= self.min_word_freq]
            for cand, p in found:
                if p < thr:
                    continue
                a = cand.pos
                b = a + cand.length
                if _inside(prot, a, max(b, a + 1)) or (cand.length == 1 and _tagged_name(s, a)):
                    continue
                tri = cand.feats[-1] == 1.0
                if cand.length == 1 and (any(x <= a and a + 1 <= y for _, x, y in words)
                                         or (not tri and _dict_word_around(freq, s, a))):
                    continue   # the character sits inside a dictionary word: 网格化, 其它, 不熟, 接收
                    # (a candidate found by its unseen trigrams, 政复信息, is judged by the segmentation:
                    # 复信 is a word, but jieba does not cut it there)
                if any(w in s[max(0, a - 3):b + 3] and s.find(w, max(0, a - 3)) <= a < s.find(w, max(0, a - 3)) + len(w)
                       for w in protect):
                    continue
                if cand.length == 0:
                    # a dropped character: only a content character that makes the two around the gap one
                    # dictionary word again (门户站 → 门户网站, 完性 → 完整性); 的/和/了 between words are style
                    word = _word_through(s, a, cand.cand, self.min_insert_freq)
                    if cand.cand in self.function_chars or not word:
                        continue
                    span = Span(sent.span.start + a - 1, sent.span.start + a + 1)
                    fix = word
                    kind = "漏字"
                else:
                    span = Span(sent.span.start + a, sent.span.start + b)
                    lo = max(0, a - 4)
                    fix = corrected_word(s[lo:a] + cand.cand + s[b:b + 4], a - lo, a - lo + len(cand.cand), cand.cand)
                    kind = "音近字" if cand.kind == "sound" else "形近字"
                yield self.finding(doc, span, suggestion=fix, confidence=round(p, 3), kind=kind, fix=fix)


def best_word(t: str, a: int, b: int, lengths: tuple[int, ...], min_freq: int = 1, han_only: bool = True) -> str:
    """The most frequent dictionary word, of one of `lengths` and seen at least min_freq times, in t that
    covers t[a:b]; "" when there is none."""
    from ..tokens import tokenizer

    freq = tokenizer().FREQ
    best, best_f = "", 0
    for length in lengths:
        for x in range(max(0, b - length), a + 1):
            w = t[x:x + length]
            if len(w) == length and x + length >= b:
                f = freq.get(w, 0)
                if f >= min_freq and f > best_f and (not han_only or all("\u4e00" <= ch <= "\u9fff" for ch in w)):
                    best, best_f = w, f
    return best


def _word_through(s: str, a: int, ch: str, min_freq: int) -> str:
    """The dictionary word of 3–4 characters that inserting ch at a (between s[a-1] and s[a]) completes,
    covering both neighbours (户站 + 网 → 门户网站); "" when there is none."""
    lo = max(0, a - 4)
    return best_word(s[lo:a] + ch + s[a:a + 4], a - 1 - lo, a + 2 - lo, (3, 4), min_freq, han_only=False)


def corrected_word(t: str, a: int, b: int, fallback: str) -> str:
    """The word a correction makes: the most frequent dictionary word of 2–4 characters in the
    corrected text t that covers the corrected characters t[a:b] (攻务 → 政务, 行改审批 → 行政)."""
    return best_word(t, a, b, (2, 3, 4)) or fallback


def _is_word(freq: dict[str, int], w: str, m: TypoModel | None = None) -> bool:
    if len(w) < 2:
        return False
    return freq.get(w, 0) >= 3


RE_COMPAT = re.compile("[\uf900-\ufaff]")


def _fold(text: str) -> str:
    """CJK compatibility ideographs (U+F900–U+FAFF) as the unified ones, one for one. Kangxi radicals and
    radical supplements (⼯ ⾼ ⼒) are already read as ideographs in every document (pipeline.build_document)."""
    if not RE_COMPAT.search(text):
        return text
    import unicodedata

    def unify(m: re.Match[str]) -> str:
        n = unicodedata.normalize("NFKC", m.group())
        return n if len(n) == 1 else m.group()

    return RE_COMPAT.sub(unify, text)


def _dict_word_around(freq: dict[str, int], s: str, a: int) -> bool:
    """Some dictionary word of 2–4 characters covers position a (网格化, 不熟, 其它, 接收)."""
    for L in (2, 3, 4):
        for x in range(max(0, a - L + 1), a + 1):
            if x + L <= len(s) and freq.get(s[x:x + L], 0) >= 1:
                return True
    return False


@register("typo-duplicate")
class TypoDuplicate(Check):
    """TXT-01: a doubled character or word (在在, 是是, 工作工作) that the language model rejects."""

    def __init__(self, rule: Rule) -> None:
        super().__init__(rule)
        self.version = str(rule.params.get("model", "latest"))
        self.min_gain = float(rule.params.get("min_gain", 2.0))
        self.whitelist = set(rule.params.get("whitelist", []))

    def run(self, doc: Document) -> Iterator[Finding]:
        from ..tokens import tokenizer
        from ..typo_detect import duplicate_candidates

        m = _model(self.version)
        freq = tokenizer().FREQ
        for sent in doc.sentences:
            s = _fold(doc.text[sent.span.start:sent.span.end])
            if not re.search(r"([\u4e00-\u9fff]{1,2})\1", s):
                continue
            words = {s[i:i + 2] for i in range(len(s) - 1) if freq.get(s[i:i + 2], 0) >= 20}
            prot = _protected(s)
            for a, b, fix, gain in duplicate_candidates(m, s, self.whitelist, words):
                if gain < self.min_gain or _inside(prot, a, b):
                    continue
                half = (b - a) // 2
                if half == 1 and a > 0 and _is_word(freq, s[a - 1:a + 1], m) and _is_word(freq, s[a + 1:a + 3], m):
                    continue   # 工作|作风, 通信|信息: a word ends at the first and another starts at the second
                conf = round(min(0.99, 0.5 + gain / 20), 3)
                yield self.finding(doc, Span(sent.span.start + a, sent.span.start + b), suggestion=fix,
                                   confidence=conf, fix=fix)


@register("typo-deletion")
class TypoDeletion(Check):
    """TXT-06: a word that is a frequent domain word with one character dropped (进步增强 → 进一步增强)."""

    def __init__(self, rule: Rule) -> None:
        super().__init__(rule)
        self.version = str(rule.params.get("model", "latest"))
        self.min_gain = float(rule.params.get("min_gain", 3.0))

    def run(self, doc: Document) -> Iterator[Finding]:
        from ..tokens import token_spans

        m = _model(self.version)
        rules = m.deletions
        for sent in doc.sentences:
            s = doc.text[sent.span.start:sent.span.end]
            toks = token_spans(s)
            for k, (w, a, b) in enumerate(toks):
                full = rules.get(w)
                if not full or k + 1 >= len(toks):
                    continue
                nxt = toks[k + 1][0]
                if len(nxt) < 2 or not re.fullmatch(r"[\u4e00-\u9fff]+", nxt):
                    continue
                t = s[:a] + full + s[b:]
                gain = m.lm.window(t, a, a + len(full) + 3) - m.lm.window(s, a, b + 3)
                if gain >= self.min_gain:
                    yield self.finding(doc, Span(sent.span.start + a, sent.span.start + b), suggestion=full,
                                       confidence=round(min(0.99, 0.5 + gain / 20), 3), fix=full)


@register("substitution")
class Substitution(Check):
    """TXT-03: a curated wrong → right list (rules/typo/*.tsv or `swap:`), with an optional context regex."""

    def __init__(self, rule: Rule) -> None:
        super().__init__(rule)
        pairs: list[tuple[str, str, str, str]] = []
        for wrong, right in (rule.params.get("swap") or {}).items():
            pairs.append((str(wrong), str(right), "", ""))
        tsv = rule.params.get("tsv")
        if tsv:
            path = rules_dir() / rule.category / str(tsv)
            for line in path.read_text(encoding="utf-8").splitlines():
                if not line.strip() or line.startswith("#"):
                    continue
                cols = line.split("\t")
                wrong, right = cols[0], cols[1]
                ctx = cols[2] if len(cols) > 2 else ""
                mark = cols[3] if len(cols) > 3 else ""
                pairs.append((wrong, right, ctx, mark))
        self.pairs = [(w, r, re.compile(c) if c else None, m) for w, r, c, m in pairs]

    def run(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        for sent in doc.sentences:
            s = text[sent.span.start:sent.span.end]
            for wrong, right, ctx, mark in self.pairs:
                start = 0
                while True:
                    i = s.find(wrong, start)
                    if i < 0:
                        break
                    start = i + 1
                    if ctx is not None and not ctx.search(s[max(0, i - 8):i + len(wrong) + 8]):
                        continue
                    # span only the wrong characters: where wrong and right differ
                    a, b = i, i + len(wrong)
                    if mark:
                        k = wrong.find(mark)
                        if k >= 0:
                            a, b = i + k, i + k + len(mark)
                    fix = right if not mark else right[wrong.find(mark):wrong.find(mark) + len(right) - len(wrong) + len(mark)]
                    if mark and len(right) == len(wrong):
                        # suggest the corrected word, not a lone character: 攻 → 政务, 改 → 行政
                        k = wrong.find(mark)
                        fix = corrected_word(right, k, k + len(mark), fix)
                    yield self.finding(doc, Span(sent.span.start + a, sent.span.start + b), suggestion=fix,
                                       confidence=1.0, fix=fix, wrong=wrong, right=right)

