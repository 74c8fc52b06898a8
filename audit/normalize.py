"""Canonical text with an offset map: furniture removed, soft line breaks joined, PDF spaces dropped."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .types import Block, OffsetMap, Piece, RawDocument, Span, TableRef

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_PUNCT = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2018-\u201f\u2026\u2014"
TERMINAL = set("。！？；：:;!?…")
RE_URL_LINE = re.compile(r"^\s*(?:https?://|file://|www\.)\S+(?:\s+\d+\s*/\s*\d+)?\s*$", re.I)
# a browser's print header: the date and time, then the page title (2022/1/27 下午3:04 标题, 2022-01-27 15:04 标题,
# and the en-US form 11/28/26, 8:42 AM 标题)
RE_PRINT_HEADER = re.compile(
    r"^\s*(?:\d{4}/\d{1,2}/\d{1,2}(?:\s+(?:上午|下午)?\d{1,2}:\d{2}(?::\d{2})?)?"
    r"|\d{4}-\d{1,2}-\d{1,2}\s+(?:上午|下午)?\d{1,2}:\d{2}(?::\d{2})?"
    r"|\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:AM|PM|am|pm))\s+\S.*$")
# a web page's breadcrumb, kept by a browser's print: 首页 > 政府信息公开 > 年度报告, 当前位置：首页 » 年报
RE_BREADCRUMB = re.compile(r"^\s*(?:(?:当前位置|您的位置|你的位置|您现在的位置)\s*[:：]?\s*)?(?:网站)?(?:首页|主页)\s*[>＞›»→]")
RE_PAGE_NO = re.compile(
    r"^\s*(?:[-—–－]\s*\d{1,4}\s*[-—–－]"
    r"|第\s*\d{1,4}\s*页(?:\s*[/，,]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*of\s*\d{1,4})?)\s*$", re.I)
RE_TRAILING_PAGE = re.compile(r"^.{2,60}?\s*第\s*\d{1,4}\s*页(?:\s*[/，,]?\s*共\s*\d{1,4}\s*页)?\s*$")
RE_HEADING_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]"
    r"|[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]"
    r"|\d{1,2}\s*[、．]"
    r"|\d{1,2}\.(?!\d)"
    r"|[一二三四五六七八九十]是"
    r"|第[一二三四五六七八九十]+[部分章节条])")
RE_NUM_TOKEN = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?%?$|^[/—\-－无]$")
RE_SPACE_CJK = re.compile(rf"(?<=[{HAN}{CJK_PUNCT}])[ \t\u3000\xa0]+(?=[{HAN}{CJK_PUNCT}0-9A-Za-z%])"
                          rf"|(?<=[0-9A-Za-z%])[ \t\u3000\xa0]+(?=[{HAN}{CJK_PUNCT}])")


def display_width(s: str) -> float:
    return sum(1.0 if ord(c) > 0x2E80 else 0.5 for c in s)


def is_tabular(line: str) -> bool:
    """A table row printed as text: a label and numbers, or several space-separated labels."""
    toks = line.split()
    if len(toks) < 2 or "。" in line:
        return False
    if re.search(r"[，；]", re.sub(r"[（(][^）)]*[）)]", "", line)):
        return False
    nums = sum(1 for t in toks if RE_NUM_TOKEN.match(t))
    if RE_NUM_TOKEN.match(toks[-1]) or re.fullmatch(r"\d[\d,]*(?:\.\d+)?(?:件|万元|元)", toks[-1]):
        return True
    if nums >= 2 and not re.search(r"[，；：]", line):
        return True
    return len(toks) >= 3 and not re.search(rf"[{CJK_PUNCT}]", line)


def is_section_heading(line: str) -> bool:
    """A top-level heading that names one of the six sections (never joined with the next line)."""
    from .segment import RE_TOP_HEADING, section_for_heading

    m = RE_TOP_HEADING.match(line)
    return bool(m) and len(line.strip()) <= 40 and section_for_heading(m.group(2)) is not None


def is_heading_like(line: str) -> bool:
    s = line.strip()
    if "。" in s[:-1] or len(s) > 40:
        return False
    if RE_HEADING_START.match(s):
        return True
    return bool(re.search(r"(年度报告|工作报告)\s*$", s)) and len(s) <= 60


@dataclass
class _Line:
    text: str          # verbatim line text
    block: int
    offset: int        # offset of text in block.text
    page: int | None
    furniture: bool = False


def _split_lines(block: Block, bi: int) -> list[_Line]:
    out = []
    pos = 0
    for part in block.text.split("\n"):
        out.append(_Line(part, bi, pos, block.page))
        pos += len(part) + 1
    return out


def _mark_furniture(lines: list[_Line], paged: bool) -> None:
    """Print headers, URL lines, page numbers and running headers/footers repeated on pages."""
    for ln in lines:
        s = ln.text.strip()
        if not s:
            continue
        if (RE_URL_LINE.match(s) or RE_PRINT_HEADER.match(s) or RE_PAGE_NO.match(s) or RE_TRAILING_PAGE.match(s)
                or RE_BREADCRUMB.match(s)):
            ln.furniture = True
    if not paged:
        return
    # running headers/footers: first/last two lines of each page recurring on two or more pages
    by_page: dict[int | None, list[_Line]] = {}
    for ln in lines:
        if ln.text.strip() and not ln.furniture:
            by_page.setdefault(ln.page, []).append(ln)
    if len(by_page) < 2:
        return
    edge: Counter[str] = Counter()
    for plines in by_page.values():
        seen = set()
        for ln in plines[:2] + plines[-2:]:
            key = re.sub(r"\d+", "#", ln.text.strip())
            if len(key) >= 4 and key not in seen:
                seen.add(key)
                edge[key] += 1
    for plines in by_page.values():
        for ln in plines[:2] + plines[-2:]:
            key = re.sub(r"\d+", "#", ln.text.strip())
            if edge.get(key, 0) >= 2 and key.count("#") <= 2 and not ln.text.strip().endswith(("。", "；")):
                ln.furniture = True


class _Builder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pieces: list[Piece] = []
        self.pos = 0

    def copy(self, text: str, block: int, offset: int, page: int | None) -> None:
        if not text:
            return
        self.parts.append(text)
        self.pieces.append(Piece(self.pos, self.pos + len(text), block, offset, page))
        self.pos += len(text)

    def synth(self, text: str) -> None:
        self.parts.append(text)
        self.pos += len(text)

    def ends_with_newline(self) -> bool:
        return not self.parts or self.parts[-1].endswith("\n")


def _copy_line(b: _Builder, ln: _Line, squeeze: bool) -> None:
    """Copy a line; in prose drop the spaces PDF extraction puts around Chinese text."""
    text = ln.text
    start = len(text) - len(text.lstrip())
    end = len(text.rstrip())
    if start >= end:
        return
    if not squeeze:
        b.copy(text[start:end], ln.block, ln.offset + start, ln.page)
        return
    seg = text[start:end]
    cur = 0
    for m in RE_SPACE_CJK.finditer(seg):
        b.copy(seg[cur:m.start()], ln.block, ln.offset + start + cur, ln.page)
        cur = m.end()
    b.copy(seg[cur:], ln.block, ln.offset + start + cur, ln.page)


def _should_join(prev: _Line, nxt: _Line, width: float) -> bool:
    p = prev.text.strip()
    n = nxt.text.strip()
    if not p or not n:
        return False
    if p[-1] in TERMINAL or p[-1] in "」』》":
        return False
    if is_tabular(p) or is_tabular(n) or RE_HEADING_START.match(n):
        return False
    if re.search(r"(年度报告|工作报告)$", p):
        return False
    if not re.match(rf"[{HAN}0-9A-Za-z%“”‘’（）()、，,《》—\-]", n[0]):
        return False
    full = width >= 20 and display_width(p) >= 0.8 * width
    if is_heading_like(p) and (not full or is_section_heading(p)):
        return False
    if full:
        return True
    # a short line that is clearly inside a sentence (has a comma, ends without a stop)
    return bool(re.search(r"[，、,。；“”]", p[:-1])) and len(p) >= 6


def normalize(raw: RawDocument) -> tuple[str, OffsetMap, tuple[TableRef, ...]]:
    """Build the canonical text. Returns (text, offset map, tables placed in the text)."""
    b = _Builder()
    tables: list[TableRef] = []
    paged = raw.format == "pdf"
    # gather all flowing lines (txt/pdf pages) so joins can cross blank lines and pages
    flow: list[tuple[int, Block]] = list(enumerate(raw.blocks))
    i = 0
    while i < len(flow):
        bi, block = flow[i]
        if block.kind == "table":
            if not b.ends_with_newline():
                b.synth("\n")
            start = b.pos
            for ln in _split_lines(block, bi):
                if ln.text.strip():
                    b.copy(ln.text.strip(), ln.block, ln.offset + (len(ln.text) - len(ln.text.lstrip())), ln.page)
                    b.synth("\n")
            tables.append(TableRef(len(tables), Span(start, max(start, b.pos - 1)), block.page, block.rows))
            i += 1
            continue
        if block.kind in ("heading", "paragraph"):
            if not b.ends_with_newline():
                b.synth("\n")
            for ln in _split_lines(block, bi):
                if ln.text.strip():
                    _copy_line(b, ln, squeeze=not is_tabular(ln.text))
                    b.synth("\n")
            i += 1
            continue
        # a run of page/txt blocks: one flow of lines
        run: list[_Line] = []
        while i < len(flow) and flow[i][1].kind == "page":
            run.extend(_split_lines(flow[i][1], flow[i][0]))
            i += 1
        _mark_furniture(run, paged)
        body = [ln for ln in run if not ln.furniture]
        widths = sorted(display_width(ln.text.strip()) for ln in body if ln.text.strip())
        width = widths[int(0.9 * (len(widths) - 1))] if widths else 0.0
        if not b.ends_with_newline():
            b.synth("\n")
        prev: _Line | None = None
        for ln in body:
            if not ln.text.strip():
                continue
            if prev is not None:
                if not _should_join(prev, ln, width):
                    b.synth("\n")
            _copy_line(b, ln, squeeze=not is_tabular(ln.text))
            prev = ln
        b.synth("\n")
    text = "".join(b.parts)
    return text, OffsetMap(tuple(b.pieces)), tuple(tables)
