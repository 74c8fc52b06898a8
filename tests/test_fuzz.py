"""Fuzzing: truncated and bit-flipped PDF/DOCX, broken HTML, lying charsets, random bytes, long lines,
empty tables. Every input gives a report or one clear InputError line: never a traceback, never a hang."""
from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.errors import AuditError
from audit.pipeline import audit_path

from . import fixturegen

EXAMPLES = int(os.environ.get("AUDIT_FUZZ_EXAMPLES", "250"))   # per strategy; 4 strategies ≥ 1,000 inputs
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _check(path: Path) -> None:
    """The contract: a report, or an AuditError whose message is one line naming the file."""
    try:
        report = audit_path(path)
    except AuditError as exc:
        msg = str(exc)
        assert "\n" not in msg and str(path) in msg and exc.reason
        return
    assert isinstance(report.document.text, str)
    for f in report.findings:
        assert 0 <= f.span.start <= f.span.end <= len(report.document.text)


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    d = tmp_path_factory.mktemp("seeds")
    return {"pdf": fixturegen.write_pdf(d / "s.pdf").read_bytes(),
            "docx": fixturegen.write_docx(d / "s.docx").read_bytes(),
            "html": fixturegen.write_html(d / "s.html").read_bytes()}


def _mutate(data: bytes, rnd: random.Random, mode: int) -> bytes:
    b = bytearray(data)
    if mode == 0 and len(b) > 10:                       # truncate
        return bytes(b[: rnd.randrange(1, len(b))])
    if mode == 1:                                         # flip bits
        for _ in range(rnd.randrange(1, 20)):
            i = rnd.randrange(len(b))
            b[i] ^= 1 << rnd.randrange(8)
        return bytes(b)
    if mode == 2:                                         # overwrite a run with random bytes
        i = rnd.randrange(len(b))
        n = rnd.randrange(1, 200)
        b[i:i + n] = bytes(rnd.randrange(256) for _ in range(n))
        return bytes(b)
    i = rnd.randrange(len(b))                             # duplicate a chunk
    return bytes(b[:i] + b[i:i + 500] + b[i:])


@pytest.mark.parametrize("kind", ["pdf", "docx"])
@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), mode=st.integers(0, 3))
def test_damaged_pdf_and_docx(tmp_path_factory: pytest.TempPathFactory, seeds: dict[str, bytes], kind: str,
                              seed: int, mode: int) -> None:
    p = tmp_path_factory.mktemp("f") / f"x.{kind}"
    p.write_bytes(_mutate(seeds[kind], random.Random(seed), mode))
    _check(p)


html_piece = st.sampled_from([
    "<p>", "</p>", "<table>", "<tr>", "<td rowspan='9999'>", "<td colspan='-3'>", "</td>", "</table>", "<div class='nav'>",
    "</div>", "<script>alert(1)</script>", "<!--", "-->", "&#x0;", "&#99999999;", "&nbsp;", "&bogus;", "<meta charset='gbk'>",
    "<meta charset='nonsense'>", "一、总体情况", "五、存在的主要问题及改进情况", "全年收到申请5件。", "<br>", "<h1>", "\x00", "\ufeff",
])


@SETTINGS
@given(parts=st.lists(st.one_of(html_piece, st.text(max_size=40)), max_size=60),
       enc=st.sampled_from(["utf-8", "gb18030", "utf-16", "latin-1"]))
def test_broken_html(tmp_path_factory: pytest.TempPathFactory, parts: list[str], enc: str) -> None:
    p = tmp_path_factory.mktemp("f") / "x.html"
    p.write_bytes("<html><body>".join(["", "".join(parts)]).encode(enc, errors="replace"))
    _check(p)


@SETTINGS
@given(data=st.one_of(st.binary(max_size=3000),
                      st.text(max_size=3000).map(lambda t: t.encode("utf-8", "surrogatepass")),
                      st.integers(1000, 200_000).map(lambda n: ("一" * n).encode("utf-8")),
                      st.just("三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\n（七）总计\n".encode())),
       suffix=st.sampled_from([".txt", ".html", ".pdf", ".docx", ".bin"]))
def test_random_bytes_and_long_lines(tmp_path_factory: pytest.TempPathFactory, data: bytes, suffix: str) -> None:
    p = tmp_path_factory.mktemp("f") / f"x{suffix}"
    p.write_bytes(data)
    _check(p)
