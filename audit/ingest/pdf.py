"""PDF reports: prose lines per page in reading order, tables kept apart.

Pages that may hold a ruled table are read by pdfplumber (tables and the prose
around them); the other pages get their text from pypdfium2 through the same
line clustering (pdf_fast.py), which is several times faster and gives the same
lines. `Limits(pdf_engine="pdfplumber")` reads every page with pdfplumber.
"""
from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..types import Block, RawDocument
from .pdf_fast import fast_page_lines

# pdfminer logs a warning for every character of a font whose descriptor lacks a FontBBox (browser-
# printed PDFs do this): hundreds of stderr lines for one report. The text is read all the same.
logging.getLogger("pdfminer").setLevel(logging.ERROR)

_WS = re.compile(r"\s+")


def clean_cell(value: Any) -> str | None:
    """Cell text with PDF line breaks and stray spaces removed; None for a merged continuation."""
    if value is None:
        return None
    return _WS.sub("", str(value))


def is_real_table(rows: list[list[Any]]) -> bool:
    """A boxed paragraph is not a table: require two or more filled columns in two or more rows."""
    multi = 0
    for r in rows:
        filled = sum(1 for c in r if c not in (None, "") and str(c).strip())
        if filled >= 2:
            multi += 1
    return multi >= 2


def _page_blocks(page: Any, pno: int) -> list[Block]:
    try:
        found = page.find_tables()
    except Exception:
        found = []
    tables = []
    for t in found:
        try:
            rows = t.extract()
        except Exception:
            continue
        if rows and is_real_table(rows):
            tables.append((t.bbox, rows))
    prose = page
    for bbox, _ in tables:
        try:
            prose = prose.outside_bbox(bbox)
        except ValueError:
            pass
    lines = prose.extract_text_lines(layout=False, strip=True, return_chars=False)
    return _assemble(lines, tables, pno)


def _assemble(lines: list[dict[str, Any]], tables: list[tuple[Any, list[list[Any]]]], pno: int) -> list[Block]:
    """Prose lines and tables of one page in reading order (by their top edge)."""
    items: list[tuple[float, int, Block]] = []
    for ln in lines:
        text = ln["text"]
        if text.strip():
            items.append((float(ln["top"]), 0, Block("page", text, pno)))
    for bbox, rows in tables:
        cells = tuple(tuple(clean_cell(c) or "" if c is not None else None for c in r) for r in rows)  # type: ignore[misc]
        text = "\n".join(" ".join(c for c in r if c) for r in cells)
        items.append((float(bbox[1]), 1, Block("table", text, pno, rows=cells)))  # type: ignore[arg-type]
    items.sort(key=lambda x: (x[0], x[1]))
    # merge consecutive prose lines into one page-text block (lines joined by \n)
    out: list[Block] = []
    buf: list[str] = []
    for _, _, b in items:
        if b.kind == "page":
            buf.append(b.text)
            continue
        if buf:
            out.append(Block("page", "\n".join(buf), pno))
            buf = []
        out.append(b)
    if buf:
        out.append(Block("page", "\n".join(buf), pno))
    return out


def _inner(exc: BaseException) -> BaseException:
    """pdfplumber wraps pdfminer's errors in PdfminerException(original)."""
    if exc.args and isinstance(exc.args[0], BaseException):
        return exc.args[0]
    return exc


def _cause(exc: BaseException) -> str:
    inner = _inner(exc)
    text = str(inner).strip().splitlines()[0][:80] if str(inner).strip() else ""
    return f"{type(inner).__name__}: {text}" if text else type(inner).__name__


def _is_encryption(exc: BaseException, password_exc: type) -> bool:
    inner = _inner(exc)
    if isinstance(inner, password_exc):
        return True
    msg = f"{type(inner).__name__} {inner}".lower()
    return "password" in msg or "encrypt" in msg


def read_pdf(path: Path, limits: Any) -> RawDocument:
    return read_pdf_counted(path, limits)[0]


def read_pdf_counted(path: Path, limits: Any) -> tuple[RawDocument, int]:
    """The document and how many of its pages came from the pypdfium2 fast path."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    name = str(path)
    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:
        if _is_encryption(exc, PDFPasswordIncorrect):
            raise InputError(name, "encrypted PDF (password protected)") from None
        raise InputError(name, f"corrupt or unreadable PDF ({_cause(exc)})") from None
    blocks: list[Block] = []
    title = ""
    fast_count = 0
    try:
        with pdf:
            try:
                npages = len(pdf.pages)
            except Exception as exc:
                raise InputError(name, f"corrupt or unreadable PDF ({type(exc).__name__})") from None
            if npages == 0:
                raise InputError(name, "PDF has no pages")
            if npages > limits.max_pages:
                raise InputError(name, f"too many pages ({npages} > limit {limits.max_pages})")
            try:
                title = str((pdf.metadata or {}).get("Title", "") or "")
            except Exception:
                title = ""
            fast = fast_page_lines(path) if limits.pdf_engine == "hybrid" else None
            if fast is not None and len(fast) != npages:
                fast = None
            for i, page in enumerate(pdf.pages, start=1):
                try:
                    lines = fast[i - 1] if fast is not None else None
                    if lines is not None:
                        blocks.extend(_assemble(lines, [], i))
                        fast_count += 1
                    else:
                        blocks.extend(_page_blocks(page, i))
                except InputError:
                    raise
                except Exception as exc:
                    raise InputError(name, f"corrupt PDF: page {i} cannot be read ({type(exc).__name__})") from None
    except InputError:
        raise
    except Exception as exc:
        if _is_encryption(exc, PDFPasswordIncorrect):
            raise InputError(name, "encrypted PDF (password protected)") from None
        raise InputError(name, f"corrupt or unreadable PDF ({_cause(exc)})") from None
    if not any(b.text.strip() for b in blocks):
        raise InputError(name, "PDF has no text layer (scanned image?); run OCR first")
    doc = RawDocument(source=name, format="pdf", blocks=tuple(blocks), pages=npages, title_hint=title)
    return doc, fast_count
