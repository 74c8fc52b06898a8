"""Fast PDF text with pypdfium2, for the pages that hold no table.

pdfplumber (pdfminer) spends most of its time parsing every page into character
objects. pypdfium2 parses a page about three times faster. For a page that cannot
hold a ruled table we take pdfium's characters, give them the coordinates pdfminer
would give (x0 at the origin, x1 from the font's advance width, top/bottom from
the baseline, the font's descent and the font size, as pdfminer computes an LTChar
box), and hand them to pdfplumber's own word and line clustering. The lines are therefore built
by the same code with the same tolerances; tests/test_pdf_fast.py checks that the
result equals the pdfplumber path on every PDF we have.

A page goes to pdfplumber instead (`None` in the result) when anything is outside
what this reproduction covers: ruled lines in both directions (a table is
possible), rotation, a crop box different from the media box, a char that is not
upright, a control character (pdfium's mark for a hyphen or an unmapped glyph),
a surrogate pair, a glyph without a width.
"""
from __future__ import annotations

import ctypes
from pathlib import Path
from typing import Any

# pdfplumber finds tables from edges of at least this length (TableSettings.edge_min_length)
_EDGE_MIN = 3.0


def _may_hold_table(page: Any, raw: Any) -> bool:
    """True when the page has a path at least 3 pt wide and one at least 3 pt tall.

    pdfplumber's default table strategy ("lines") builds cells from horizontal and
    vertical edges of at least 3 pt, and every edge comes from a path object (line,
    rect or curve). A page lacking either kind cannot produce a table.
    """
    wide = tall = False
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=15):
        left, bottom, right, top = obj.get_bounds()
        wide = wide or right - left >= _EDGE_MIN
        tall = tall or top - bottom >= _EDGE_MIN
        if wide and tall:
            return True
    return False


def _pdfminer_descent(font: Any, raw: Any, pdfium_descent: float, size: float) -> float:
    """The descent pdfminer uses: the AFM value for a standard-14 name, else the
    descriptor's, forced negative (pdfminer corrects positive descents)."""
    from pdfminer.fontmetrics import FONT_METRICS

    buf = ctypes.create_string_buffer(256)
    n = raw.FPDFFont_GetBaseFontName(font, buf, 256)
    name = buf.value.decode("latin-1", "replace") if n else ""
    if name in FONT_METRICS:
        return float(FONT_METRICS[name][0].get("Descent", 0)) * 0.001 * size
    return -abs(pdfium_descent)


def _object_geometry(textpage: Any, i: int, obj: Any, raw: Any, matrix: Any, desc: Any,
                     standard: set[int]) -> tuple[float, float, float, Any, ctypes.c_float, int] | None:
    """(size, descent, horizontal scale, font, font size, font key) of char i's text object;
    None when the text is not upright or the font cannot be measured."""
    raw.FPDFText_GetMatrix(textpage, i, matrix)
    if not (matrix.b == 0 and matrix.c == 0 and matrix.a > 0 and matrix.d > 0):
        return None
    fs = raw.FPDFText_GetFontSize(textpage, i)
    font = raw.FPDFTextObj_GetFont(obj)
    if not font or not raw.FPDFFont_GetDescent(font, ctypes.c_float(fs), desc):
        return None
    fkey = ctypes.c_void_p.from_buffer(font).value or 0
    flags = raw.FPDFFont_GetFlags(font)
    if flags & _NONSYMBOLIC and not flags & _SYMBOLIC:
        standard.add(fkey)
    descent = _pdfminer_descent(font, raw, desc.value, fs)
    return fs * matrix.d, descent * matrix.d, matrix.a, font, ctypes.c_float(fs), fkey


def _page_chars(page: Any, height: float, raw: Any) -> list[dict[str, Any]] | None:
    """pdfminer-equivalent char dicts for one page, or None when the page is out of scope."""
    tp = page.get_textpage()
    try:
        n = tp.count_chars()
        textpage = tp.raw
        ox, oy = ctypes.c_double(), ctypes.c_double()
        matrix = raw.FS_MATRIX()
        desc = ctypes.c_float()
        width = ctypes.c_float()
        per_object: dict[int, tuple[float, float, float, Any, ctypes.c_float, int] | None] = {}
        chars: list[dict[str, Any]] = []
        runs: dict[int, list[tuple[float, float, bool]]] = {}
        fonts: dict[int, int] = {}
        standard: set[int] = set()
        units = (ctypes.c_ushort * (n + 1))()
        if n and raw.FPDFText_GetText(textpage, 0, n, units) != n + 1:
            return None
        widths: dict[tuple[int, float, float, int], float] = {}
        address = ctypes.c_void_p.from_buffer
        for i in range(n):
            code = units[i]
            if code in (32, 10, 13) and raw.FPDFText_IsGenerated(textpage, i):
                continue     # pdfium's own spaces and line breaks
            if code < 32 or 0xD800 <= code <= 0xDFFF or code in (0xFFFD, 0xFFFE, 0xFFFF):
                return None  # pdfium's hyphen marks and unmapped glyphs; pdfminer writes these differently
            if raw.FPDFText_HasUnicodeMapError(textpage, i):
                return None
            obj = raw.FPDFText_GetTextObject(textpage, i)
            key = address(obj).value or 0
            geom = per_object.get(key, False)
            if geom is False:
                geom = _object_geometry(textpage, i, obj, raw, matrix, desc, standard)
                per_object[key] = geom
            if geom is None:
                return None
            size, descent, scale, font, fsize, fkey = geom
            # the advance width from the font's /Widths, as pdfminer's LTChar uses (the loose
            # char box is the glyph's outline, narrower for '.', wider for some CJK glyphs)
            wkey = (fkey, fsize.value, scale, code)
            adv = widths.get(wkey)
            if adv is None:
                if not raw.FPDFFont_GetGlyphWidth(font, code, fsize, width):
                    return None
                adv = widths[wkey] = width.value * scale
            raw.FPDFText_GetCharOrigin(textpage, i, ox, oy)
            base = oy.value + descent
            top = height - (base + size)
            x0 = ox.value
            runs.setdefault(key, []).append((x0, adv, code == 32))
            fonts[key] = fkey
            chars.append({"text": chr(code), "x0": x0, "x1": x0 + adv, "top": top,
                          "bottom": height - base, "doctop": top, "size": size, "upright": True})
        return chars if _widths_verified(runs, fonts, standard) else None
    finally:
        tp.close()


_STEP_TOLERANCE = 0.01
_SYMBOLIC, _NONSYMBOLIC = 1 << 2, 1 << 5     # font descriptor flags (PDF 32000 table 123)


def _widths_verified(runs: dict[int, list[tuple[float, float, bool]]], fonts: dict[int, int],
                     standard: set[int]) -> bool:
    """Are the advance widths right?

    pdfium gives no char codes, so the width is looked up by Unicode. That is right
    for a font with a standard encoding (the descriptor's Nonsymbolic flag) but not
    necessarily for a symbolic font (a custom encoding, as TeX's fonts have). A
    symbolic font is accepted when pdfium's own layout confirms its widths: within one
    text object the step from a char's origin to the next one's is its advance plus
    the constant character spacing, so the steps minus the widths must be one constant
    in every object of that font (kerned text fails this and goes to pdfplumber), and
    at least one object must have such a pair.
    """
    confirmed: set[int] = set()
    refuted: set[int] = set()
    for key, run in runs.items():
        font = fonts[key]
        if font in standard:
            continue
        residuals = [b[0] - a[0] - a[1] for a, b in zip(run, run[1:]) if not a[2] and not b[2]]
        if not residuals:
            continue
        if max(residuals) - min(residuals) > _STEP_TOLERANCE:
            refuted.add(font)
        else:
            confirmed.add(font)
    return all(font in standard or (font in confirmed and font not in refuted) for font in fonts.values())


def fast_page_lines(path: Path) -> list[list[dict[str, Any]] | None] | None:
    """Per page: the text lines (dicts with `text` and `top`, as pdfplumber's
    extract_text_lines gives them) for a page read by pdfium, or None for a page
    that pdfplumber must read. None overall when pdfium cannot read the file."""
    try:
        import pypdfium2 as pdfium
        import pypdfium2.raw as raw
        from pdfplumber.utils import chars_to_textmap
    except ImportError:  # pragma: no cover - both are dependencies
        return None
    try:
        doc = pdfium.PdfDocument(str(path))
    except Exception:
        return None
    out: list[list[dict[str, Any]] | None] = []
    try:
        for index in range(len(doc)):
            page = doc[index]
            try:
                out.append(_page_lines(page, raw, chars_to_textmap))
            finally:
                page.close()
    except Exception:
        return None
    finally:
        doc.close()
    return out


def _page_lines(page: Any, raw: Any, chars_to_textmap: Any) -> list[dict[str, Any]] | None:
    if page.get_rotation() % 360:
        return None
    media = tuple(round(v, 3) for v in page.get_mediabox())
    crop = tuple(round(v, 3) for v in page.get_cropbox())
    if media != crop or media[0] != 0 or media[1] != 0:
        return None
    if _may_hold_table(page, raw):
        return None
    width, height = media[2], media[3]
    chars = _page_chars(page, height, raw)
    if chars is None:
        return None
    if not chars:
        return []
    textmap = chars_to_textmap(chars, layout=False, layout_bbox=(0, 0, width, height),
                               layout_width=width, layout_height=height)
    return [{"text": ln["text"], "top": ln["top"]}
            for ln in textmap.extract_text_lines(strip=True, return_chars=False)]
