"""Section 五: split into problems and improvements, extract items, align problems with measures."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .memo import per_document
from .rulebook import rules_dir
from .types import Document, Span

PROBLEM_HEAD = re.compile(r"存在的?(主要)?问题|主要问题|问题和困难|不足之处|存在.{0,6}(不足|差距|问题)|主要表现[在为]?|薄弱环节")
MEASURE_HEAD = re.compile(r"(?<![及和与])改进(措施|情况|方向|计划|办法)|整改措施|下[一以]?步|针对(上述|以上|存在的?|这些|前述)?(问题|不足|情况|短板)|"
                          r"将?(从|在)以下几?个?方面|落实整改|加以改进|进一步改进|"
                          r"(?P<weak>今后|为此|对此|新的一年|明年|(?:20\d\d)年[，,]?\s*(?:我|本)[^。，,；]{0,8}将|我们将|我[局委办镇乡街区县市署处]将|将进一步|拟)")
PROBLEM_CUE = re.compile(r"不足|不够|需要|还需|仍需|需(?!求)|不熟|缺乏|缺少|欠缺|不深|不强|不高|不大|有待|还需|仍需|尚需|亟需|亟待|需要进一步|需进一步|"
                         r"差距|薄弱|滞后|不及时|不到位|不规范|不完善|不全面|不平衡|不稳定|不连续|不统一|不健全|不明确|不均衡|"
                         r"较少|偏少|较低|偏低|单一|较窄|比较窄|落后|尚未|没有|困难|短板|问题|紧缺|不多|较弱|偏弱|欠佳|一般化|不理想|不充分|较慢|不畅")
MEASURE_CUE = re.compile(r"^(?:[一二三四五六七八九十]是|\d+[、.．]|[（(][一二三四五六七八九十\d]+[)）])?\s*"
                         r"(?:进一步|持续|切实|不断|着力|继续|认真|全面|积极|努力)?\s*"
                         r"(?:加强|强化|提升|提高|完善|健全|建立|加大|拓展|拓宽|丰富|规范|推进|深化|优化|创新|落实|做好|抓好|坚持|增强|扩大|明确|畅通)")
ACHIEVE_CUE = re.compile(r"取得了?.{0,6}(成效|成绩|进展)|显著提升|明显提高|稳步提升|圆满完成|得到.{0,4}(提升|提高|加强)")
ENUM = re.compile(r"(?:^|(?<=[。；;：:\n]))\s*(?:[一二三四五六七八九十]是|\d{1,2}\s*[、.．是]|[（(][一二三四五六七八九十\d]{1,2}[)）])"
                  r"|(?:^|(?<=\n))\d(?=[\u4e00-\u9fff])(?![\d年月日个件条项次])")
ENUM_START = re.compile(r"\s*(?:[一二三四五六七八九十]是|\d{1,2}\s*[、.．是]|[（(][一二三四五六七八九十\d]{1,2}[)）]|\d(?=[\u4e00-\u9fff]))")
STOP = set("的 了 和 与 及 等 在 对 将 是 为 把 以 中 上 下 有 不 还 也 并 从 向 于 其 各 方面 工作 政府 信息 公开 政府信息 "
           "政府信息公开 政务 政务公开 进一步 加强 提高 提升 有待 需要 存在 问题 一是 二是 三是 四是 五是 我局 我们 做好 "
           "不够 不足 进行 开展 相关 一些 一定 方面 部分 个别 推进 推动 切实 持续 继续 不断 水平 全面 积极 认真 "
           "工作人员 人员 干部 职工 干部职工 群众 公众 人民群众 社会公众".split())


@dataclass(frozen=True)
class Item:
    span: Span
    role: str            # problem | measure | misplaced
    text: str


@lru_cache(maxsize=1)
def synonyms() -> dict[str, frozenset[int]]:
    """word → the concept ids it belongs to, from rules/dict/synonyms.tsv (one concept per line)."""
    out: dict[str, set[int]] = {}
    path = rules_dir() / "dict" / "synonyms.tsv"
    if path.exists():
        k = 0
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            for w in line.split("\t"):
                if w.strip():
                    out.setdefault(w.strip(), set()).add(k)
            k += 1
    return {w: frozenset(v) for w, v in out.items()}


@lru_cache(maxsize=8192)
def concepts(text: str) -> frozenset[str]:
    """Content words and synonym concepts of a phrase (jieba tokens, stopwords removed)."""
    from .tokens import tokens

    syn = synonyms()
    out: set[str] = set()
    for t in tokens(text):
        if len(t) < 2 and t not in ("岗", "人"):
            continue
        if t in STOP or not re.search(r"[\u4e00-\u9fff]", t):
            continue
        out.add(t)
        for k in syn.get(t, ()):
            out.add(f"#{k}")
    # table words the tokenizer did not cut out, except one that sits inside a longer table word
    # (技术 of 技术人员 is the staffing concept, not the infrastructure one)
    spans = [(m.start(), m.start() + len(w), w) for w in syn if len(w) >= 2 for m in re.finditer(re.escape(w), text)]
    for a, b, w in spans:
        if any(x <= a and b <= y and (y - x) > (b - a) for x, y, _ in spans):
            continue
        out.update(f"#{k}" for k in syn[w])
    return frozenset(out)


def similarity(problem: str, measure: str) -> float:
    """How much of the problem the measure speaks to: shared words and synonym concepts, over at most
    three of the problem's (a long problem is answered by a measure that takes up its main topic)."""
    a, b = concepts(problem), concepts(measure)
    if not a or not b:
        return 0.0
    shared = a & b
    return min(1.0, len(shared) / min(len(a), 3))


def split_five(doc: Document) -> tuple[Span, Span] | None:
    """(problem part, measure part) of section 五; the measure part may be empty."""
    sec = doc.section("五")
    if sec is None:
        return None
    text = doc.text
    start, end = sec.heading.end, sec.span.end
    body = text[start:end]
    # the measure part starts at the first measure heading that follows some problem text
    first_problem = PROBLEM_CUE.search(body)
    cut = None
    for m in MEASURE_HEAD.finditer(body):
        if first_problem and m.start() <= first_problem.start():
            continue
        sent_start = max(body.rfind(x, 0, m.start()) for x in "。；;\n") + 1
        if m.group("weak") and PROBLEM_CUE.search(body[sent_start:m.start()]):
            continue   # 今后 inside a problem sentence (均有待今后予以重视) is not the start of the measures
        # go back to the start of the clause or item the marker sits in
        k = max(body.rfind(x, 0, m.start()) for x in "。；;\n") + 1
        sub = re.search(r"[（(][一二三四五六七八九十]+[)）]", body[k:m.start()])
        cut = k + (sub.start() if sub else 0)
        break
    if cut is None:
        return Span(start, end), Span(end, end)
    return Span(start, start + cut), Span(start + cut, end)


def _items(text: str, base: int, with_item: bool = False) -> list:  # type: ignore[type-arg]
    """Sentences of a part, split at enumerated items: spans relative to the document
    (with the index of the enumerated item each sentence belongs to, when asked)."""
    cuts = sorted({m.start() for m in ENUM.finditer(text)} | {0})
    spans = []
    for k, a in enumerate(cuts):
        b = cuts[k + 1] if k + 1 < len(cuts) else len(text)
        seg = text[a:b]
        for m in re.finditer(r"[^。！？\n]+[。！？]?", seg):
            if m.group(0).strip():
                sp = (base + a + m.start(), base + a + m.end())
                spans.append((sp[0], sp[1], k) if with_item else sp)
    return spans


def _clean(a: int, b: int, text: str) -> tuple[int, int]:
    """Trim enumerators, heading words and punctuation from a phrase span."""
    s = text[a:b]
    m = re.match(r"\s*(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]是|\d{1,2}\s*[、.．是])?\s*"
                 r"(?:(?:存在的?)?主要问题[是有为：:]*|主要(?:表现|体现)[在为]?[：:]?|存在(?:以下|如下)?问题[：:]?|"
                 r"(?:但是?|然而)?(?:同时)?(?:还|仍|也)*存在(?:一些|一定的?|诸多)?|如)?\s*", s)
    if m:
        a += m.end()
    while b > a and text[b - 1] in "。；;，,：: \n等":
        b -= 1
    return a, b


def problem_items(doc: Document, part: Span) -> list[Item]:
    """Problem phrases: enumerated items kept whole, other sentences split at commas into cue clauses."""
    text = doc.text
    body = text[part.start:part.end]
    out: list[Item] = []
    enumerated = bool(ENUM.search(body))
    item_concepts: dict[int, set[str]] = {}
    for a, b, item in _items(body, part.start, with_item=True):
        s = text[a:b]
        if MEASURE_HEAD.search(s) and not PROBLEM_CUE.search(s):
            continue
        is_enum = bool(ENUM_START.match(s))
        head = re.match(r"\s*[（(][一二三四五六七八九十]+[)）]\s*(?:目前)?(?:存在的?)?(?:主要)?(?:问题|不足)[^：:。]{0,8}[：:]", s)
        if head:
            a += head.end()     # "(一)存在的主要问题：…" is a sub-heading, the problems follow it
            s = text[a:b]
            is_enum = False
        seen = item_concepts.setdefault(item, set())
        if is_enum and enumerated:
            # the problem is the item's first clause(s) up to the first sentence end or semicolon
            semi = re.search(r"[；;。]", s)
            e = a + (semi.start() if semi else len(s))
            ca, cb = _clean(a, e, text)
            phrase = text[ca:cb]
            if cb - ca >= 4 and not _generic(phrase):
                seen |= {c for c in concepts(phrase) if c.startswith("#")}
                out.extend(_first_clause(ca, cb, phrase))
            if not (semi and semi.group() in "；;"):
                continue
            # 二是信息更新不够及时；部分工作人员的意识有待提高。 : what follows the semicolon is read like any
            # other clause (a second problem, or an explanation of the first)
            a = a + semi.end()
            s = text[a:b]
        # after a colon (主要表现在：…) the list follows; before it is the preamble
        colon = max(s.rfind("："), s.rfind(":"))
        listed = False
        if colon >= 0 and colon < len(s) - 4:
            listed = bool(re.search(r"(表现[在为]?|主要有|主要是|如下|以下几个方面|以下问题|问题[是有])\s*[：:]$", s[:colon + 1]))
            a = a + colon + 1
            s = text[a:b]
        pieces: list[tuple[int, int]] = []
        for m in re.finditer(r"[^，,；;。]+", s):
            x, y = a + m.start(), a + m.end()
            # "A有待加大、B有待规范": two problems joined by 、
            sub = [(x + k.start(), x + k.end()) for k in re.finditer(r"[^、]+", text[x:y])]
            if len(sub) > 1 and all(PROBLEM_CUE.search(text[p:q]) for p, q in sub):
                pieces.extend(sub)
            elif pieces and re.match(r"\s*(需|需要|还需|仍需|有待|亟需|亟待)", text[x:y]) and pieces[-1][1] + 1 >= x:
                pieces[-1] = (pieces[-1][0], y)    # "内容不够全面,需进一步改善…" is one problem
            else:
                pieces.append((x, y))
        for x, y in pieces:
            ca, cb = _clean(x, y, text)
            phrase = text[ca:cb]
            if cb - ca < 4 or not (PROBLEM_CUE.search(phrase) or
                                   (listed and cb - ca >= 5 and role_proba(phrase).get("problem", 0.0) >= 0.25)):
                continue
            if re.search(r"虽然|取得了?|成效|但是?$|^但", phrase) and not re.search(r"(不足|不够|有待|差距|缺乏)", phrase):
                continue
            if re.search(r"^(但|但是|然而)?(?:还|仍|也)?存在(?:一些|一定的?|诸多|以下|如下)?(?:的)?(?:问题|不足|差距)", phrase.strip()):
                continue
            if re.search(r"(?:还|仍|也)?存在(?:一些|一定|诸多|以下)?的?(?:问题|不足|差距)(?:和不足)?$", phrase):
                continue
            if _generic(phrase):
                continue
            mine = {c for c in concepts(phrase) if c.startswith("#")}
            if enumerated and item > 0 and seen and mine and mine <= seen:
                continue   # an explanation of the item's problem (人员紧缺 after 力量薄弱), not a new one
            seen |= mine
            out.append(Item(Span(ca, cb), "problem", phrase))
    return out


def _first_clause(ca: int, cb: int, phrase: str) -> list[Item]:
    """The first clause of an enumerated item under the problems: a problem, or a measure/achievement
    listed as a problem (misplaced)."""
    if PROBLEM_CUE.search(phrase):
        return [Item(Span(ca, cb), "problem", phrase)]
    roles = role_proba(phrase)
    if MEASURE_CUE.search(phrase) or ACHIEVE_CUE.search(phrase):
        return [Item(Span(ca, cb), "misplaced", phrase)]
    if roles.get("problem", 0.0) >= 0.25 and len(phrase) >= 6:
        return [Item(Span(ca, cb), "problem", phrase)]   # listed under the problems: a problem
    if roles and max(roles, key=roles.get) in ("measure", "achievement"):
        return [Item(Span(ca, cb), "misplaced", phrase)]
    return []


GENERIC = re.compile(r"问题|不足|差距|之处|和|与|及|存在|一些|一定|诸多|的|主要|以下|如下|方面|工作|还|仍|也|但是?|虽然|"
                     r"有|政府信息公开|政务公开|信息公开|政府|我[局委办镇乡街区县市署处]|上级|要求|公众|群众|需求|期待|期望|部门|有关|还有|需要|加强|改进|地方|提高|"
                     r"相比|对照|距离|新|些|等|薄弱环节|环节|困难|目前|主要是|当前|[一二三四五六七八九十]、.*")


def _generic(phrase: str) -> bool:
    """A preamble that names no concrete problem: 问题和不足, 仍有不足之处, 与上级要求还存在差距."""
    if re.search(r"[一二三四五六七八九十]、", phrase):
        return True   # section headings glued into the text
    rest = GENERIC.sub("", phrase)
    return len(re.sub(r"[^\u4e00-\u9fff]", "", rest)) < 3


def role_proba(text: str) -> dict[str, float]:
    """Role probabilities (problem / measure / achievement / other) from models/role; {} if unavailable."""
    from .errors import AuditError
    from .ml.artifact import latest
    from .ml.tfidf import load_linear

    try:
        return load_linear(latest("role")).proba(text)
    except AuditError:
        return {}


def vague(problem: str) -> bool:
    """A problem with no topic of its own (工作有待加强，与上级要求还有差距): no remedy can be checked against it."""
    rest = concepts(problem)
    rest = {c for c in rest if c.startswith("#") or not GENERIC.fullmatch(c)}
    return len(rest) == 0


MEASURE_PART_HEADING = re.compile(r"(?:存在的?主要问题及)?(?:改进|整改)(?:情况|措施|方向|计划|举措)|下一步(?:工作)?(?:打算|计划|安排|措施|思路)?|"
                                  r"今后(?:工作)?(?:打算|计划|安排)|工作(?:打算|计划|安排)")
INTRO = re.compile(r"以下|如下|几个?方面|几点|几项")


def _is_heading_or_intro(raw: str, cleaned: str) -> bool:
    """（二）改进情况 / 下一步工作打算 (a heading), or 下一步，我们将重点做好以下几方面工作：(an introduction)."""
    if MEASURE_PART_HEADING.fullmatch(cleaned.strip(" ：:。")):
        return True
    return raw.rstrip().endswith(("：", ":")) and bool(INTRO.search(raw))


def measure_items(doc: Document, part: Span) -> list[Item]:
    """Improvement items: an enumerated item (1. / （一） / 一是) is one measure however many sentences
    it has, its sub-heading included (（二）拓展公开形式。进一步完善…); sentences outside an enumeration
    are measures of their own. The part's heading and its introduction (下一步，重点做好以下几方面工作：)
    are not measures."""
    text = doc.text
    body = text[part.start:part.end]
    units: list[list[tuple[int, int]]] = []
    unit_of_item: dict[int, int] = {}
    for a, b, k in _items(body, part.start, with_item=True):
        ca, cb = _clean(a, b, text)
        if cb - ca < 2 or _is_heading_or_intro(text[a:b], text[ca:cb]):
            continue
        if k in unit_of_item:
            last = units[unit_of_item[k]][-1][1]
            if "\n" not in text[last:ca]:       # an item ends with its paragraph
                units[unit_of_item[k]].append((ca, cb))
                continue
            del unit_of_item[k]
        if ENUM_START.match(text, a):
            unit_of_item[k] = len(units)
        units.append([(ca, cb)])
    out: list[Item] = []
    for spans in units:
        ca, cb = spans[0][0], spans[-1][1]
        if cb - ca >= 4:
            out.append(Item(Span(ca, cb), "measure", text[ca:cb]))
    return out


@dataclass
class Five:
    problems: list[Item]
    measures: list[Item]
    misplaced: list[Item]
    problem_part: Span
    measure_part: Span
    scores: dict[int, tuple[float, int]]     # problem index → (best similarity, measure index)


@per_document()
def analyse(doc: Document) -> Five | None:
    parts = split_five(doc)
    if parts is None:
        return None
    pp, mp = parts
    items = problem_items(doc, pp)
    problems = [i for i in items if i.role == "problem"]
    misplaced = [i for i in items if i.role == "misplaced"]
    measures = measure_items(doc, mp) if mp.end > mp.start else []
    measures += misplaced   # a measure written under the problems still counts as a remedy
    scores = {}
    for k, p in enumerate(problems):
        best, arg = 0.0, -1
        for j, m in enumerate(measures):
            s = similarity(p.text, m.text)
            if s > best:
                best, arg = s, j
        scores[k] = (best, arg)
    return Five(problems, measures, misplaced, pp, mp, scores)
