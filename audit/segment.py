"""Segment canonical text: title, agency, year, the six sections, sentences, layout version."""
from __future__ import annotations

import re

from .normalize import is_tabular
from .types import Document, Item, OffsetMap, RawDocument, Section, Sentence, Span, TableRef

ORDINALS = "一二三四五六七八九十"
SECTION_IDS = ("一", "二", "三", "四", "五", "六")
CANONICAL_TITLES = {
    "一": "总体情况",
    "二": "主动公开政府信息情况",
    "三": "收到和处理政府信息公开申请情况",
    "四": "政府信息公开行政复议、行政诉讼情况",
    "五": "存在的主要问题及改进情况",
    "六": "其他需要报告的事项",
}
# keyword patterns per section id; first match in this order wins
SECTION_KEYWORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("六", re.compile(r"其[他它]需要报告|其[他它]事项|需要报告的")),
    ("四", re.compile(r"行政复议|行政诉讼|复议.{0,3}诉讼")),
    ("五", re.compile(r"存在的?(主要)?问题|主要问题|问题[和及与]改进|改进(情况|措施)|不足")),
    ("三", re.compile(r"收到和处理|收到[和及]处理|依申请公开|处理政府信息公开申请|申请[的]?情况|受理.{0,6}申请")),
    ("二", re.compile(r"主动公开")),
    ("一", re.compile(r"总体情况|总体工作|概述|基本情况|工作概况")),
)
RE_TOP_HEADING = re.compile(rf"^[ \t\u3000]*([{ORDINALS}]{{1,2}})[ \t\u3000]*[、.．,，][ \t\u3000]*(.*)$")
RE_TITLE = re.compile(r"((?:19|20)\d{2})\s*年\s*度?.{0,12}?(?:政府)?(?:信息|政务)公开.{0,10}?(?:年度)?报告")
RE_PERIOD = re.compile(
    r"统计(?:期限|时限|时间|区间|期间|周期|范围)[^。；]{0,20}?"
    r"((?:19|20)\d{2})\s*年\s*(?:度\s*)?1\s*月\s*1\s*日[^。；]{0,12}?((?:19|20)\d{2})?\s*年?\s*12\s*月\s*31\s*日")
RE_SENT_END = re.compile(r"[。！？；!?;]+[”’」』）)]*")
LAYOUT_2019 = ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减",
               "第二十条第（九）项", "第二十条第(九)项", "其他对外管理服务事项", "政府集中采购")
LAYOUT_2021 = ("本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额", "本年处理决定数量")


def section_for_heading(rest: str) -> str | None:
    """Which of the six sections a top-level heading's words name, if any."""
    words = re.sub(r"\s+", "", rest)[:40]
    for sid, pat in SECTION_KEYWORDS:
        if pat.search(words):
            return sid
    return None


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for part in text.split("\n"):
        out.append((pos, pos + len(part)))
        pos += len(part) + 1
    return out


def find_sections(text: str, tables: tuple[TableRef, ...]) -> list[Section]:
    """Top-level headings 一…六 identified by their words (ordinals may be wrong)."""
    lines = _lines(text)
    in_table = [False] * len(lines)
    for i, (a, b) in enumerate(lines):
        for t in tables:
            if t.span.start <= a < t.span.end + 1:
                in_table[i] = True
    found: dict[str, Section] = {}
    for i, (a, b) in enumerate(lines):
        if in_table[i]:
            continue
        line = text[a:b]
        m = RE_TOP_HEADING.match(line)
        if not m:
            continue
        rest = m.group(2)
        heading_end = b
        # a heading split over two lines ("五、存在的主要问题及改进" / "情况"), or bare "五、"
        if len(rest.strip()) < 4 and i + 1 < len(lines):
            nxt = text[lines[i + 1][0]:lines[i + 1][1]]
            rest = rest + nxt
            heading_end = lines[i + 1][1]
        if len(re.sub(r"\s", "", rest)) > 60 and "。" in rest[:30]:
            continue  # a numbered sentence, not a heading
        sid = section_for_heading(rest)
        if sid is None or sid in found:
            continue
        if re.match(r"\s*(本年|上年|结转|本年度办理)", rest):
            continue  # table 三 row labels
        start = a + (len(line) - len(line.lstrip()))
        title = text[start:heading_end].strip()
        found[sid] = Section(sid, title, Span(start, len(text)), Span(start, heading_end), m.group(1))
    ordered = sorted(found.values(), key=lambda s: s.span.start)
    out = []
    for k, s in enumerate(ordered):
        end = ordered[k + 1].span.start if k + 1 < len(ordered) else len(text)
        out.append(Section(s.id, s.title, Span(s.span.start, end), s.heading, s.ordinal))
    return out


def find_title(text: str, hint: str = "") -> tuple[str, str, int | None, Span | None]:
    """(title, agency, year, span) from the first lines, else from the file's own title."""
    lines = _lines(text)
    for i, (a, b) in enumerate(lines[:12]):
        line = text[a:b].strip()
        m = RE_TITLE.search(line)
        if not m or len(line) > 80 or "。" in line:
            continue
        agency = line[:m.start()].strip()
        start = a + (len(text[a:b]) - len(text[a:b].lstrip()))
        if not agency and i > 0:
            pa, pb = lines[i - 1]
            prev = text[pa:pb].strip()
            if prev and len(prev) <= 30 and not re.search(r"[。，、：]", prev) and not RE_TOP_HEADING.match(prev):
                agency = prev
                start = pa + (len(text[pa:pb]) - len(text[pa:pb].lstrip()))
        title = text[start:b].strip().replace("\n", "")
        return title, agency, int(m.group(1)), Span(start, b)
    m = RE_TITLE.search(hint or "")
    if m:
        return hint.strip(), hint[:m.start()].strip(), int(m.group(1)), None
    return "", "", None, None


def period_years(text: str) -> list[tuple[int, int | None, Span]]:
    """Every statistics-period statement: (start year, end year or None, span)."""
    out = []
    for m in RE_PERIOD.finditer(text):
        y2 = int(m.group(2)) if m.group(2) else None
        out.append((int(m.group(1)), y2, Span(m.start(1), m.end())))
    return out


def layout_version(text: str) -> tuple[str, list[tuple[str, Span]]]:
    """"2019" or "2021" from table fingerprints; also the 2019 evidence spans."""
    squeezed = text
    ev19 = []
    for tok in LAYOUT_2019:
        i = squeezed.find(tok)
        if i >= 0:
            ev19.append((tok, Span(i, i + len(tok))))
    n21 = sum(1 for tok in LAYOUT_2021 if tok in squeezed)
    if len(ev19) >= 2 and len(ev19) > n21:
        return "2019", ev19
    if n21 >= 2:
        return "2021", ev19
    return "", ev19


def split_sentences(text: str, sections: list[Section], tables: tuple[TableRef, ...]) -> list[Sentence]:
    out = []
    table_spans = [t.span for t in tables]
    sec_bounds = [(s.span.start, s.span.end, s.id) for s in sections]

    def sec_of(pos: int) -> str:
        for a, b, sid in sec_bounds:
            if a <= pos < b:
                return sid
        return ""

    for a, b in _lines(text):
        if a == b or any(t.start <= a <= t.end for t in table_spans):
            continue
        line = text[a:b]
        if is_tabular(line):
            continue
        cur = 0
        for m in RE_SENT_END.finditer(line):
            seg_a, seg_b = cur, m.end()
            if line[seg_a:seg_b].strip():
                lead = len(line[seg_a:seg_b]) - len(line[seg_a:seg_b].lstrip())
                out.append(Sentence(Span(a + seg_a + lead, a + seg_b), sec_of(a + seg_a)))
            cur = m.end()
        if line[cur:].strip():
            lead = len(line[cur:]) - len(line[cur:].lstrip())
            out.append(Sentence(Span(a + cur + lead, b), sec_of(a + cur)))
    return out


RE_SUBHEAD = re.compile(r"^[ \t\u3000]*([（(][一二三四五六七八九十]{1,3}[)）])")
RE_ENUM = re.compile(r"(?:^|(?<=[。；;：:！？\n]))[ \t\u3000]*(([一二三四五六七八九十]{1,3})是|\d{1,2}[、.．](?!\d)|[（(]\d{1,2}[)）])")


def find_items(text: str, sections: list[Section], tables: tuple[TableRef, ...]) -> list[Item]:
    """Sub-headings （一）… at line starts and enumerations 一是/1./（1） at clause starts, per section."""
    out: list[Item] = []
    table_spans = [t.span for t in tables]
    for sec in sections:
        body_start = sec.heading.end
        subs: list[tuple[int, str]] = []
        enums: list[tuple[int, str]] = []
        for a, b in _lines(text[body_start:sec.span.end]):
            a += body_start
            b += body_start
            line = text[a:b]
            if not line.strip() or is_tabular(line) or any(t.start <= a <= t.end for t in table_spans):
                continue
            m = RE_SUBHEAD.match(line)
            if m:
                subs.append((a + m.start(1), m.group(1)))
            for e in RE_ENUM.finditer(line):
                enums.append((a + e.start(1), e.group(1)))
        for kind, marks in (("subheading", subs), ("enum", enums)):
            for k, (pos, label) in enumerate(marks):
                end = marks[k + 1][0] if k + 1 < len(marks) else sec.span.end
                if kind == "enum":
                    # an enumerated point ends at the next point, a sub-heading or a blank line
                    nxt_sub = [p for p, _ in subs if pos < p < end]
                    if nxt_sub:
                        end = nxt_sub[0]
                while end > pos and text[end - 1] in "\n \t":
                    end -= 1
                out.append(Item(kind, label, Span(pos, end), sec.id))  # type: ignore[arg-type]
    return sorted(out, key=lambda i: (i.span.start, i.kind))


def segment(raw: RawDocument, text: str, offsets: OffsetMap, tables: tuple[TableRef, ...]) -> Document:
    sections = find_sections(text, tables)
    title, agency, year, _ = find_title(text, raw.title_hint)
    placed = []
    for t in tables:
        sid = ""
        for s in sections:
            if s.span.start <= t.span.start < s.span.end:
                sid = s.id
        placed.append(TableRef(t.index, t.span, t.page, t.rows, sid))
    layout, _ = layout_version(text)
    return Document(
        source=raw.source, format=raw.format, text=text, offsets=offsets,
        sections=tuple(sections), sentences=tuple(split_sentences(text, sections, tables)),
        tables=tuple(placed), items=tuple(find_items(text, sections, tables)), title=title, agency=agency, year=year, pages=raw.pages, layout=layout,
    )
