"""Saved web pages: the article body only (no navigation, share bar or footer), tables as tables."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..types import Block, RawDocument
from .decode import decode

VOID = {"br", "hr", "img", "meta", "link", "input", "col", "area", "base", "wbr", "source"}
DROP = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button",
        "select", "option", "iframe", "svg", "template", "head", "object", "embed"}
BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "section", "article",
         "blockquote", "pre", "center", "dd", "dt", "ul", "ol", "table", "td", "th", "body"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
JUNK_ATTR = re.compile(r"(^|[\s_-])(nav|navbar|menu|footer|foot|share|bdshare|breadcrumb|crumb|position|"
                       r"location|header|sidebar|side|toolbar|copyright|login|search|related|print|"
                       r"pagination|fenxiang|dqwz|bottom|top-bar)([\s_-]|$)", re.I)
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


class Node:
    __slots__ = ("tag", "attrs", "children", "parent")

    def __init__(self, tag: str, attrs: dict[str, str], parent: "Node | None") -> None:
        self.tag = tag
        self.attrs = attrs
        self.children: list["Node | str"] = []
        self.parent = parent


class _TreeBuilder(HTMLParser):
    """Tolerant tree builder: unknown end tags are ignored, unclosed tags closed by their parent."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, None)
        self.cur = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        if tag in ("p", "li", "tr", "td", "th") and self.cur.tag == tag and tag in ("p", "li"):
            self.cur = self.cur.parent or self.root
        if tag in ("tr",):
            self._close_to({"tr"}, stop={"table"})
        if tag in ("td", "th"):
            self._close_to({"td", "th"}, stop={"tr", "table"})
        node = Node(tag, {k.lower(): (v or "") for k, v in attrs}, self.cur)
        self.cur.children.append(node)
        if tag not in VOID:
            self.cur = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag.lower(), {k.lower(): (v or "") for k, v in attrs}, self.cur)
        self.cur.children.append(node)

    def _close_to(self, tags: set[str], stop: set[str]) -> None:
        n: Node | None = self.cur
        while n is not None and n.tag not in stop:
            if n.tag in tags:
                self.cur = n.parent or self.root
                return
            n = n.parent

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        n: Node | None = self.cur
        while n is not None and n is not self.root:
            if n.tag == tag:
                self.cur = n.parent or self.root
                return
            n = n.parent

    def handle_data(self, data: str) -> None:
        self.cur.children.append(data)


def _is_junk(node: Node) -> bool:
    if node.tag in DROP:
        return True
    attrs = " ".join(node.attrs.get(k, "") for k in ("class", "id", "role"))
    if attrs and JUNK_ATTR.search(attrs):
        return True
    style = node.attrs.get("style", "").replace(" ", "").lower()
    return "display:none" in style


def _han_count(node: Node | str, cache: dict[int, int]) -> int:
    if isinstance(node, str):
        return sum(1 for c in node if "\u4e00" <= c <= "\u9fff")
    key = id(node)
    if key in cache:
        return cache[key]
    total = 0 if _is_junk(node) else sum(_han_count(c, cache) for c in node.children)
    cache[key] = total
    return total


def _content_root(root: Node) -> Node:
    """Descend while one child holds nearly all of the Chinese text: that child is the article."""
    cache: dict[int, int] = {}
    node = root
    while True:
        total = _han_count(node, cache)
        kids = [c for c in node.children if isinstance(c, Node) and not _is_junk(c)]
        if not kids or total == 0:
            return node
        best = max(kids, key=lambda c: _han_count(c, cache))
        if _han_count(best, cache) >= 0.85 * total and best.tag not in ("p", "table", "tr", "td", "th"):
            node = best
            continue
        return node


def _text_of(node: Node | str) -> str:
    if isinstance(node, str):
        return node
    if _is_junk(node):
        return ""
    if node.tag == "br":
        return "\n"
    return "".join(_text_of(c) for c in node.children)


def _table_rows(table: Node) -> tuple[tuple[str | None, ...], ...]:
    """Expand rowspan/colspan into a grid; covered cells are None."""
    rows: list[Node] = []

    def collect(n: Node) -> None:
        for c in n.children:
            if isinstance(c, Node):
                if c.tag == "tr":
                    rows.append(c)
                elif c.tag != "table":
                    collect(c)
    collect(table)
    grid: dict[tuple[int, int], str | None] = {}
    width = 0
    for ri, tr in enumerate(rows):
        ci = 0
        for cell in (c for c in tr.children if isinstance(c, Node) and c.tag in ("td", "th")):
            while (ri, ci) in grid:
                ci += 1
            try:
                rs = max(1, min(100, int(cell.attrs.get("rowspan", "1") or 1)))
            except ValueError:
                rs = 1
            try:
                cs = max(1, min(100, int(cell.attrs.get("colspan", "1") or 1)))
            except ValueError:
                cs = 1
            text = "".join(_text_of(cell).split())
            for dr in range(rs):
                for dc in range(cs):
                    grid[(ri + dr, ci + dc)] = text if dr == 0 and dc == 0 else None
            ci += cs
            width = max(width, ci)
    out = []
    for ri in range(len(rows)):
        out.append(tuple(grid.get((ri, ci), "") for ci in range(width)))
    return tuple(out)


def _walk(node: Node, blocks: list[Block], buf: list[str], in_heading: bool = False) -> None:
    def flush(kind: str = "paragraph") -> None:
        text = "".join(buf)
        buf.clear()
        for part in text.split("\n"):
            if part.strip():
                blocks.append(Block(kind, part.strip()))  # type: ignore[arg-type]

    for c in node.children:
        if isinstance(c, str):
            buf.append(c.replace("\n", " ").replace("\r", " ").replace("\xa0", " "))
            continue
        if _is_junk(c):
            continue
        if c.tag == "br":
            buf.append("\n")
        elif c.tag == "table":
            flush()
            rows = _table_rows(c)
            if rows:
                text = "\n".join(" ".join(x for x in r if x) for r in rows)
                blocks.append(Block("table", text, rows=rows))  # type: ignore[arg-type]
        elif c.tag in HEADINGS:
            flush()
            _walk(c, blocks, buf, True)
            flush("heading")
        elif c.tag in BLOCK:
            flush()
            _walk(c, blocks, buf, in_heading)
            flush()
        else:
            _walk(c, blocks, buf, in_heading)


def read_html(path: Path, limits: Any) -> RawDocument:
    data = path.read_bytes()
    m = META_CHARSET.search(data[:4096])
    text, _enc = decode(data, m.group(1).decode("ascii", "replace") if m else None)
    parser = _TreeBuilder()
    try:
        parser.feed(text)
        parser.close()
    except Exception as exc:
        raise InputError(str(path), f"unreadable HTML ({type(exc).__name__})") from None
    title = ""
    for n in _iter(parser.root):
        if n.tag == "title":
            title = "".join(_text_of(c) for c in n.children if isinstance(c, str)).strip()
            break
    body = _content_root(parser.root)
    blocks: list[Block] = []
    buf: list[str] = []
    _walk(body, blocks, buf)
    if buf:
        rest = "".join(buf).strip()
        if rest:
            blocks.append(Block("paragraph", rest))
    return RawDocument(source=str(path), format="html", blocks=tuple(blocks), title_hint=title)


def _iter(node: Node) -> Any:
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(c for c in reversed(n.children) if isinstance(c, Node))
