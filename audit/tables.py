"""Parse statistical tables 二/三/四 into typed cells from any format (table blocks or text rows)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from .memo import per_document
from .normalize import RE_NUM_TOKEN
from .types import Document, Span

BLANK_MARKS = {"", "/", "／", "-", "－", "—", "——", "--", "无", "空", "不适用", "N/A", "n/a"}
T3_COLS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
T4_BLOCKS = ("rv", "ld", "lr")
T4_BLOCK_NAMES = {"rv": "行政复议", "ld": "行政诉讼（未经复议直接起诉）", "lr": "行政诉讼（复议后起诉）"}
T4_COLS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")

# Row keys of table 三 (FORMAT_SPEC §1.3.3) with the printed labels.
T3_LABELS = {
    "r1": "一、本年新收政府信息公开申请数量", "r2": "二、上年结转政府信息公开申请数量",
    "r3_1": "（一）予以公开", "r3_2": "（二）部分公开",
    "r3_3_1": "（三）不予公开 1.属于国家秘密", "r3_3_2": "（三）不予公开 2.其他法律行政法规禁止公开",
    "r3_3_3": "（三）不予公开 3.危及“三安全一稳定”", "r3_3_4": "（三）不予公开 4.保护第三方合法权益",
    "r3_3_5": "（三）不予公开 5.属于三类内部事务信息", "r3_3_6": "（三）不予公开 6.属于四类过程性信息",
    "r3_3_7": "（三）不予公开 7.属于行政执法案卷", "r3_3_8": "（三）不予公开 8.属于行政查询事项",
    "r3_4_1": "（四）无法提供 1.本机关不掌握相关政府信息", "r3_4_2": "（四）无法提供 2.没有现成信息需要另行制作",
    "r3_4_3": "（四）无法提供 3.补正后申请内容仍不明确",
    "r3_5_1": "（五）不予处理 1.信访举报投诉类申请", "r3_5_2": "（五）不予处理 2.重复申请",
    "r3_5_3": "（五）不予处理 3.要求提供公开出版物", "r3_5_4": "（五）不予处理 4.无正当理由大量反复申请",
    "r3_5_5": "（五）不予处理 5.要求行政机关确认或重新出具已获取信息",
    "r3_6_1": "（六）其他处理 1.申请人无正当理由逾期不补正", "r3_6_2": "（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用",
    "r3_6_3": "（六）其他处理 3.其他", "r3_6": "（六）其他处理",
    "r3_7": "（七）总计", "r4": "四、结转下年度继续办理",
}
LEAVES_2021 = ("r3_1", "r3_2") + tuple(f"r3_3_{i}" for i in range(1, 9)) + tuple(f"r3_4_{i}" for i in range(1, 4)) \
    + tuple(f"r3_5_{i}" for i in range(1, 6)) + ("r3_6_1", "r3_6_2", "r3_6_3")
LEAVES_2019 = LEAVES_2021[:-3] + ("r3_6",)
CATEGORY_OF = {k: k[:4] for k in LEAVES_2021}   # r3_3_1 → r3_3

# (key, pattern) in priority order; the label is matched with all whitespace removed
T3_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((k, re.compile(p)) for k, p in (
    ("r3_3_1", r"国家秘密"), ("r3_3_2", r"法律行政法规禁止"), ("r3_3_3", r"三安全一稳定|危及"),
    ("r3_3_4", r"第三方合法权益"), ("r3_3_5", r"内部事务"), ("r3_3_6", r"过程性信息"),
    ("r3_3_7", r"行政执法案卷"), ("r3_3_8", r"行政查询事项"),
    ("r3_4_1", r"不掌握"), ("r3_4_2", r"现成信息|另行制作"), ("r3_4_3", r"仍不明确"),
    ("r3_5_1", r"信访|举报投诉"), ("r3_5_4", r"大量反复"), ("r3_5_2", r"重复申请"),
    ("r3_5_3", r"公开出版物"), ("r3_5_5", r"确认或重新出具|重新出具"),
    ("r3_6_1", r"逾期不补正"), ("r3_6_2", r"收费通知|缴纳费用"),
    ("r4", r"结转下年度|下年度继续办理"), ("r2", r"上年结转|上年度结转"), ("r1", r"本年新收|新收政府信息"),
    ("r3_2", r"部分公开"), ("r3_1", r"予以公开"),
    ("r3_6_3", r"^(?:（六）其他处理)?3[.、．]?其他$|^其他$"),
    ("r3_6", r"其他处理$"),
    ("r3_7", r"（七）总计|^总计$|^七、?总计$"),
))

T2_ROWS_2021 = {"规章": 3, "行政规范性文件": 3, "行政许可": 1, "行政处罚": 1, "行政强制": 1, "行政事业性收费": 1}
T2_ROWS_2019 = {"规章": 3, "规范性文件": 3, "行政许可": 3, "其他对外管理服务事项": 3, "行政处罚": 3,
                "行政强制": 3, "行政事业性收费": 2, "政府集中采购": 2}
T2_COLS_2021 = {"规章": ("本年制发件数", "本年废止件数", "现行有效件数"),
                "行政规范性文件": ("本年制发件数", "本年废止件数", "现行有效件数"),
                "行政许可": ("本年处理决定数量",), "行政处罚": ("本年处理决定数量",), "行政强制": ("本年处理决定数量",),
                "行政事业性收费": ("本年收费金额（万元）",)}


@dataclass(frozen=True)
class Cell:
    raw: str
    value: Decimal | None        # None when blank or not a number
    kind: str                    # "num" | "blank" | "text"
    span: Span | None = None     # where the cell stands in the canonical text

    @property
    def is_num(self) -> bool:
        return self.kind == "num" and self.value is not None


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[Cell, ...]
    span: Span                   # the row's line in the canonical text


@dataclass
class Table3:
    rows: dict[str, Row] = field(default_factory=dict)
    layout: str = "2021"
    span: Span | None = None
    extra_cols: bool = False

    def cell(self, key: str, col: int) -> Cell | None:
        r = self.rows.get(key)
        if r is None or col >= len(r.cells):
            return None
        return r.cells[col]

    def total(self, key: str) -> Decimal | None:
        c = self.cell(key, 6)
        return c.value if c is not None and c.is_num else None

    def leaves(self) -> tuple[str, ...]:
        return LEAVES_2019 if self.layout == "2019" else LEAVES_2021


@dataclass
class Table4:
    cells: dict[tuple[str, int], Cell] = field(default_factory=dict)
    span: Span | None = None
    count: int = 0               # how many values were found (15 expected)

    def value(self, block: str, col: int) -> Decimal | None:
        c = self.cells.get((block, col))
        return c.value if c is not None and c.is_num else None


@dataclass
class Table2:
    rows: dict[str, Row] = field(default_factory=dict)
    layout: str = ""
    span: Span | None = None


@dataclass
class Tables:
    t2: Table2 | None = None
    t3: Table3 | None = None
    t4: Table4 | None = None


def parse_cell(raw: str, span: Span | None = None) -> Cell:
    s = "".join(raw.split())
    if s in BLANK_MARKS:
        return Cell(raw, None, "blank", span)
    s2 = s.replace(",", "").replace("，", "")
    m = re.fullmatch(r"([-+]?\d+(?:\.\d+)?)(件|个|条|项|万元|元)?", s2)
    if m:
        try:
            return Cell(raw, Decimal(m.group(1)), "num", span)
        except InvalidOperation:
            pass
    return Cell(raw, None, "text", span)


def _is_value(tok: str) -> bool:
    t = "".join(tok.split())
    return bool(RE_NUM_TOKEN.match(t)) or t in BLANK_MARKS or bool(re.fullmatch(r"\d+(?:\.\d+)?(件|万元|元)", t))


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        e = nl if nl >= 0 else end
        out.append((pos, e))
        pos = e + 1
    return out


def _token_spans(text: str, a: int, b: int) -> list[tuple[str, Span]]:
    return [(m.group(0), Span(a + m.start(), a + m.end())) for m in re.finditer(r"\S+", text[a:b])]


def logical_rows(doc: Document, sid: str) -> list[Row]:
    """Rows of the section's tables: label plus value cells, from table blocks or text lines."""
    sec = doc.section(sid)
    if sec is None:
        return []
    rows: list[Row] = []
    text = doc.text
    tables = [t for t in doc.tables if sec.span.start <= t.span.start < sec.span.end]
    covered: list[Span] = []
    for t in tables:
        covered.append(t.span)
        lines = _lines(text, t.span.start, t.span.end + 1)
        li = 0
        for grid_row in t.rows:
            present = [c for c in grid_row if c]
            if not present:
                continue
            a, b = lines[li] if li < len(lines) else (t.span.start, t.span.end)
            li += 1
            toks = _token_spans(text, a, b)
            cells = [c for c in grid_row if c is not None]
            # label = leading cells up to the last text cell; values follow (blanks kept)
            last_text = -1
            for i, c in enumerate(cells):
                if c and not _is_value(c):
                    last_text = i
            label = "".join(c for c in cells[:last_text + 1] if c)
            vals = cells[last_text + 1:]
            # locate value cells in the rendered line (non-empty cells appear in order)
            val_toks = toks[len(toks) - sum(1 for v in vals if v):] if vals else []
            vi = 0
            out_cells = []
            for v in vals:
                span = None
                if v and vi < len(val_toks):
                    span = val_toks[vi][1]
                    vi += 1
                out_cells.append(parse_cell(v, span))
            rows.append(Row(label, tuple(out_cells), Span(a, b)))
    pending: list[str] = []
    body_start = sec.heading.end
    for a, b in _lines(text, body_start, sec.span.end):
        if any(c.start <= a <= c.end for c in covered):
            continue
        toks = _token_spans(text, a, b)
        if not toks:
            continue
        k = len(toks)
        while k > 0 and _is_value(toks[k - 1][0]) and toks[k - 1][0] not in ("无", "空", "-", "—"):
            k -= 1
        # a trailing "无" alone (e.g. 六、… 无) is text, not a blank cell
        values = toks[k:]
        label = "".join(t for t, _ in toks[:k])
        if values and ("。" not in label or len(values) >= 3):
            full_label = "".join(pending[-2:]) + label
            rows.append(Row(full_label, tuple(parse_cell(t, s) for t, s in values), Span(a, b)))
            pending = []
        else:
            pending.append(label)
    rows.sort(key=lambda r: r.span.start)
    return rows


def _t3_key(label: str, seen: set[str]) -> str | None:
    s = "".join(label.split())
    if not s:
        return None
    for key, pat in T3_PATTERNS:
        if pat.search(s):
            if key == "r3_6_3" and "r3_6_2" not in seen and "r3_6_1" not in seen:
                continue
            if key == "r3_6" and ("逾期" in s or "收费" in s):
                continue
            if key == "r3_1" and ("部分" in s):
                continue
            return key
    return None


def parse_t3(doc: Document) -> Table3 | None:
    rows = logical_rows(doc, "三")
    t = Table3()
    seen: set[str] = set()
    for r in rows:
        if not any(c.kind != "text" for c in r.cells) or len(r.cells) < 2:
            continue
        key = _t3_key(r.label, seen)
        if key is None or key in seen:
            continue
        cells = r.cells
        if len(cells) == 8:
            t.extra_cols = True
            cells = cells[:6] + cells[7:]   # drop a 法人或其他组织小计 column
        seen.add(key)
        t.rows[key] = Row(r.label, cells, r.span)
        t.span = r.span if t.span is None else Span(min(t.span.start, r.span.start), max(t.span.end, r.span.end))
    if not t.rows:
        return None
    if "r3_6" in t.rows and not any(k in t.rows for k in ("r3_6_1", "r3_6_2", "r3_6_3")):
        t.layout = "2019"
    return t


def parse_t4(doc: Document) -> Table4 | None:
    rows = logical_rows(doc, "四")
    vals: list[Cell] = []
    span = None
    for r in rows:
        cells = list(r.cells)
        nums = sum(1 for c in cells if c.kind == "num")
        if nums < 5 and not (vals and nums >= 1):
            continue
        if len(cells) == 16 and cells[0].kind == "blank":
            cells = cells[1:]
        vals.extend(cells)
        span = r.span if span is None else Span(span.start, r.span.end)
        if len(vals) >= 15:
            break
    if not vals:
        return None
    t = Table4(span=span, count=len(vals))
    if len(vals) == 15:
        for i, c in enumerate(vals):
            t.cells[(T4_BLOCKS[i // 5], i % 5)] = c
    return t


def parse_t2(doc: Document) -> Table2 | None:
    rows = logical_rows(doc, "二")
    layout = doc.layout or "2021"
    spec = T2_ROWS_2019 if layout == "2019" else T2_ROWS_2021
    t = Table2(layout=layout)
    for r in rows:
        s = "".join(r.label.split())
        for name in sorted(spec, key=len, reverse=True):
            if s.endswith(name) and name not in t.rows:
                if name == "规范性文件" and s.endswith("行政规范性文件") and "行政规范性文件" in spec:
                    continue
                t.rows[name] = Row(r.label, r.cells[:spec[name]], r.span)
                t.span = r.span if t.span is None else Span(min(t.span.start, r.span.start), max(t.span.end, r.span.end))
                break
    return t if t.rows else None


@per_document()
def parse_tables(doc: Document) -> Tables:
    """All three tables of a document (memoised per document object)."""
    return Tables(parse_t2(doc), parse_t3(doc), parse_t4(doc))
