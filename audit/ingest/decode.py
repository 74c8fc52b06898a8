"""Decode bytes of Chinese text: declared charset, UTF-8, GB18030, then detection."""
from __future__ import annotations

import codecs

ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
           "gb_2312-80": "gb18030", "euc-cn": "gb18030", "utf8": "utf-8"}


def canonical(name: str | None) -> str | None:
    if not name:
        return None
    n = name.strip().strip("\"'").lower()
    n = ALIASES.get(n, n)
    try:
        return codecs.lookup(n).name
    except LookupError:
        return None


def cjk_ratio(text: str) -> float:
    if not text:
        return 0.0
    han = sum(1 for c in text if "\u4e00" <= c <= "\u9fff")
    return han / max(1, sum(1 for c in text if not c.isspace()))


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Return (text, encoding). Never raises: the last resort decodes with replacement."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    tried: list[str] = []
    for enc in (canonical(declared), "utf-8", "gb18030"):
        if not enc or enc in tried:
            continue
        tried.append(enc)
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        # A lying declaration can decode without error into mojibake; prefer real Chinese.
        if enc != "utf-8" and cjk_ratio(text) < 0.05 and len(data) > 200:
            continue
        return text, enc
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is not None and best.encoding:
            return str(best), best.encoding
    except Exception:  # detection is best effort
        pass
    return data.decode("gb18030", errors="replace"), "gb18030"
