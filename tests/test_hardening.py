"""Limits, safe outputs, no network, determinism."""
from __future__ import annotations

import io
import json
import socket
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from audit.cli import main, safe_name
from audit.errors import InputError
from audit.ingest import Limits
from audit.pipeline import AuditConfig, audit_path



def test_zip_bomb_docx_is_refused(tmp_path: Path, gen_dir: Path) -> None:
    src = zipfile.ZipFile(gen_dir / "report.docx")
    p = tmp_path / "bomb.docx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            z.writestr(item, src.read(item.filename))
        z.writestr("word/media/padding.bin", b"\0" * (3 * 1024 * 1024))
    with pytest.raises(InputError) as exc:
        audit_path(p, AuditConfig(limits=Limits(max_unzipped=2 * 1024 * 1024)))
    assert "zip bomb" in str(exc.value)


def test_size_pages_and_chars_limits(tmp_path: Path, gen_dir: Path) -> None:
    with pytest.raises(InputError, match="file too large"):
        audit_path(gen_dir / "report.pdf", AuditConfig(limits=Limits(max_bytes=1000)))
    with pytest.raises(InputError, match="too many pages"):
        audit_path(gen_dir / "report.pdf", AuditConfig(limits=Limits(max_pages=1)))
    with pytest.raises(InputError, match="too much text"):
        audit_path(gen_dir / "report-utf8.txt", AuditConfig(limits=Limits(max_chars=500)))
    res = CliRunner().invoke(main, ["check", "--format", "json", "--max-pages", "1", str(gen_dir / "report.pdf")])
    assert res.exit_code == 2 and "too many pages" in res.stderr


def test_per_file_time_limit(gen_dir: Path) -> None:
    import time

    from audit import pipeline

    def slow(raw):  # type: ignore[no-untyped-def]
        time.sleep(5)

    real = pipeline.build_document
    pipeline.build_document = slow  # type: ignore[assignment]
    try:
        t0 = time.time()
        with pytest.raises(InputError, match="timed out after 0.5 s"):
            audit_path(gen_dir / "report-utf8.txt", timeout=0.5)
        assert time.time() - t0 < 3
    finally:
        pipeline.build_document = real  # type: ignore[assignment]


@pytest.mark.parametrize("name", ["../../etc/passwd.txt", "/abs/path/x.pdf", "..", "a/../../b.html", "", "con<>:|?*.txt"])
def test_output_names_stay_inside_out(name: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    target = (out / safe_name(name, set(), ".html")).resolve()
    assert target.parent == out.resolve()


def test_nothing_touches_the_network(monkeypatch: pytest.MonkeyPatch, gen_dir: Path) -> None:
    def refuse(*a, **k):  # type: ignore[no-untyped-def]
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    for name in ("report.pdf", "report.docx", "report.html", "report-gbk.txt"):
        audit_path(gen_dir / name)


def test_same_input_gives_byte_identical_json(gen_dir: Path) -> None:
    args = ["check", "--format", "json", "--exit-zero", str(gen_dir / "report.pdf"), str(gen_dir / "report.html")]
    a = CliRunner().invoke(main, args).stdout
    b = CliRunner().invoke(main, args).stdout
    assert a == b and json.loads(a.splitlines()[0])["findings"] is not None


def test_failed_write_leaves_no_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from audit import cli

    target = tmp_path / "out" / "r.html"

    class Boom(io.StringIO):
        def write(self, s: str) -> int:
            raise OSError("disk full")

    real_fdopen = cli.os.fdopen
    monkeypatch.setattr(cli.os, "fdopen", lambda fd, *a, **k: (real_fdopen(fd, *a, **k).close(), Boom())[1])
    with pytest.raises(OSError):
        cli.atomic_write(target, "<html>")
    assert not target.exists() and not list((tmp_path / "out").glob(".tmp-*"))
