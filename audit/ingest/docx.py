"""Word .docx drafts with python-docx: paragraphs and tables in document order."""
from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..types import Block, RawDocument

MAX_RATIO = 100          # uncompressed / compressed size beyond this is a zip bomb
MAX_UNCOMPRESSED = 200 * 1024 * 1024


def _check_zip(path: Path, max_unzipped: int = MAX_UNCOMPRESSED) -> None:
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
    if total > max_unzipped or (total / packed > MAX_RATIO and total > min(10 * 1024 * 1024, max_unzipped)):
        raise InputError(name, f"refused: uncompressed size {total} bytes is out of proportion (zip bomb?)")


def _table_rows(table: Any) -> tuple[tuple[str | None, ...], ...]:
    """The table as a grid of cell texts; a merged cell's continuation (across or down) is None."""
    grid = [list(row.cells) for row in table.rows]       # each row's cells read once (python-docx is slow)
    out: list[list[str | None]] = []
    for ri, cells in enumerate(grid):
        row: list[str | None] = []
        for ci, cell in enumerate(cells):
            tc = cell._tc
            if ci > 0 and cells[ci - 1]._tc is tc:
                row.append(None)                              # horizontally merged continuation
            elif ri > 0 and ci < len(grid[ri - 1]) and grid[ri - 1][ci]._tc is tc:
                row.append(None)                              # vertically merged continuation
            else:
                row.append("".join(cell.text.split()))
        out.append(row)
    return tuple(tuple(r) for r in out)


def read_docx(path: Path, limits: Any) -> RawDocument:
    _check_zip(path, getattr(limits, "max_unzipped", MAX_UNCOMPRESSED))
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
            style = (p._p.style or "").lower()          # the style id, without resolving the style part
            kind = "heading" if style.startswith(("heading", "title", "标题")) or style in ("1", "2", "3") else "paragraph"
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
