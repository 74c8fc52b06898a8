"""Word .docx drafts with python-docx: paragraphs and tables in document order."""
from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..types import Block, RawDocument

MAX_RATIO = 100          # uncompressed / compressed size beyond this is a zip bomb
MAX_UNCOMPRESSED = 200 * 1024 * 1024


def _check_zip(path: Path) -> None:
    name = str(path)
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            total = sum(i.file_size for i in infos)
            packed = max(1, sum(i.compress_size for i in infos))
            if "word/document.xml" not in {i.filename for i in infos}:
                raise InputError(name, "not a Word document (no word/document.xml inside)")
    except zipfile.BadZipFile:
        raise InputError(name, "corrupt DOCX (not a valid zip archive)") from None
    except InputError:
        raise
    except Exception as exc:
        raise InputError(name, f"corrupt DOCX ({type(exc).__name__})") from None
    if total > MAX_UNCOMPRESSED or total / packed > MAX_RATIO and total > 10 * 1024 * 1024:
        raise InputError(name, f"refused: uncompressed size {total} bytes is out of proportion (zip bomb?)")


def _table_rows(table: Any) -> tuple[tuple[str | None, ...], ...]:
    rows = []
    for row in table.rows:
        cells: list[str | None] = []
        prev = None
        for cell in row.cells:
            tc = cell._tc
            if tc is prev:
                cells.append(None)   # horizontally merged continuation
            else:
                cells.append("".join(cell.text.split()))
            prev = tc
        rows.append(tuple(cells))
    # vertical merges: python-docx repeats the top cell's text; mark continuations as None
    out = [list(r) for r in rows]
    for ri in range(1, len(table.rows)):
        for ci, cell in enumerate(table.rows[ri].cells):
            try:
                above = table.rows[ri - 1].cells[ci]
            except IndexError:
                continue
            if cell._tc is above._tc and ci < len(out[ri]):
                out[ri][ci] = None
    return tuple(tuple(r) for r in out)


def read_docx(path: Path, limits: Any) -> RawDocument:
    _check_zip(path)
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    name = str(path)
    try:
        d = docx.Document(str(path))
    except Exception as exc:
        raise InputError(name, f"corrupt DOCX ({type(exc).__name__})") from None
    blocks: list[Block] = []
    for child in d.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            p = Paragraph(child, d)
            text = p.text
            if not text.strip():
                continue
            style = ""
            try:
                style = (p.style.name or "") if p.style is not None else ""
            except Exception:
                style = ""
            kind = "heading" if style.lower().startswith(("heading", "title", "标题")) else "paragraph"
            blocks.append(Block(kind, text))
        elif tag == "tbl":
            t = Table(child, d)
            rows = _table_rows(t)
            text = "\n".join(" ".join(c for c in r if c) for r in rows)
            blocks.append(Block("table", text, rows=rows))  # type: ignore[arg-type]
    title = ""
    try:
        title = d.core_properties.title or ""
    except Exception:
        pass
    return RawDocument(source=name, format="docx", blocks=tuple(blocks), title_hint=title)
