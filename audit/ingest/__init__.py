"""Read a report file into a RawDocument; dispatch on file type, enforce limits."""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from ..errors import InputError
from ..types import RawDocument

SUPPORTED = (".pdf", ".docx", ".html", ".htm", ".txt", ".text")


@dataclass(frozen=True)
class Limits:
    """Input limits (a file beyond them is refused with an InputError) and the PDF reader to use."""

    max_bytes: int = 50 * 1024 * 1024
    max_pages: int = 500
    max_chars: int = 2_000_000
    max_unzipped: int = 200 * 1024 * 1024     # a DOCX expanding beyond this (or 100× its size) is refused
    pdf_engine: str = "hybrid"                # hybrid: pypdfium2 text on pages without tables; or pdfplumber


DEFAULT_LIMITS = Limits()


@lru_cache(maxsize=1)
def _radical_table() -> dict[int, str]:
    from ..rulebook import rules_dir

    table: dict[int, str] = {}
    path = rules_dir() / "dict" / "radicals.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            radical, ideograph = line.split("\t")[:2]
            table[ord(radical)] = ideograph
    return table


def fold_radicals(raw: RawDocument) -> RawDocument:
    """Kangxi radicals and CJK radical supplements as the ideographs they stand for (⼀ → 一, ⺠ → 民,
    ⻢ → 马): browser-printed PDFs and text copied from them carry these code points for ordinary
    characters, and a heading ⼀、总体情况 must still be section 一. One character for one, so every
    offset stays valid: the checks read the folded text, the output quotes the original (see
    pipeline.build_document). The table, rules/dict/radicals.tsv, is made by scripts/make_radicals.py."""
    table = _radical_table()
    if not any(0x2E80 <= ord(ch) <= 0x2FDF for b in raw.blocks for ch in b.text):
        return raw
    blocks = []
    for b in raw.blocks:
        rows = b.rows
        if rows is not None:
            rows = tuple(tuple(c.translate(table) if c is not None else None for c in r) for r in rows)
        blocks.append(replace(b, text=b.text.translate(table), rows=rows))
    return replace(raw, blocks=tuple(blocks))


def sniff(head: bytes) -> str | None:
    """Guess the format from the first bytes, independent of the file name."""
    h = head.lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    low = h[:512].lower()
    if low.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in low or b"<body" in low:
        return "html"
    return None


def detect_format(path: Path, head: bytes) -> str:
    suffix = path.suffix.lower()
    by_name = {".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html",
               ".txt": "txt", ".text": "txt"}.get(suffix)
    by_magic = sniff(head)
    if by_name in ("pdf", "docx") and by_magic != by_name:
        kind = "PDF" if by_name == "pdf" else "DOCX"
        raise InputError(str(path), f"not a valid {kind} file (content does not match the {suffix} extension)")
    if by_name:
        return by_name
    if by_magic:
        return by_magic
    if suffix == ".doc":
        raise InputError(str(path), "unsupported file type .doc (old Word format); save it as .docx")
    raise InputError(str(path), f"unsupported file type '{suffix or '(none)'}'; expected one of "
                     + ", ".join(SUPPORTED))


def read(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> RawDocument:
    """Read one input file. Raises InputError with a one-line reason on any failure."""
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise InputError(name, "file not found")
    if p.is_dir():
        raise InputError(name, "is a directory, not a report file")
    try:
        size = p.stat().st_size
        with p.open("rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise InputError(name, f"cannot read file ({exc.strerror or exc})") from None
    if size == 0:
        raise InputError(name, "empty file")
    if size > limits.max_bytes:
        raise InputError(name, f"file too large ({size} bytes > limit {limits.max_bytes})")
    fmt = detect_format(p, head)
    if fmt == "pdf":
        from .pdf import read_pdf
        raw = read_pdf(p, limits)
    elif fmt == "docx":
        from .docx import read_docx
        raw = read_docx(p, limits)
    elif fmt == "html":
        from .html import read_html
        raw = read_html(p, limits)
    else:
        from .txt import read_txt
        raw = read_txt(p, limits)
    chars = sum(len(b.text) for b in raw.blocks)
    if chars > limits.max_chars:
        raise InputError(name, f"too much text ({chars} characters > limit {limits.max_chars})")
    if not any(b.text.strip() for b in raw.blocks):
        raise InputError(name, "no text found in the document")
    return raw
