"""Plain-text reports in UTF-8 or GB18030 (GBK)."""
from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..types import Block, RawDocument
from .decode import decode


def read_txt(path: Path, limits: object) -> RawDocument:
    data = path.read_bytes()
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(str(path), "binary content, not a text file")
    text, _enc = decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(str(path), "empty file (only whitespace)")
    return RawDocument(source=str(path), format="txt", blocks=(Block("page", text, None),))
