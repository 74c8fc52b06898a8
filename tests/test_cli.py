"""The command line: formats, exit codes, default output, errors that never stop the other files."""
from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

from click.testing import CliRunner

from audit.cli import main

from . import fixturegen

FIELDS = {"rule", "category", "severity", "section", "start", "end", "text", "suggestion", "message", "confidence"}


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args))


def test_json_lines_in_argument_order_with_schema(gen_dir: Path) -> None:
    files = [str(gen_dir / n) for n in ("report.pdf", "report.docx", "report.html", "report-gbk.txt")]
    res = run("check", "--format", "json", *files)
    assert res.exit_code == 0, res.output
    objs = [json.loads(line) for line in res.stdout.splitlines() if line.strip()]
    assert [o["source"] for o in objs] == files
    for o in objs:
        assert {"schema", "tool", "rules", "source", "text", "sections", "findings"} <= set(o)
        assert [s["id"] for s in o["sections"]] == list("一二三四五六")
        for s in o["sections"]:
            assert o["text"][s["start"]:s["end"]].startswith(s["title"][:2])
        for f in o["findings"]:
            assert FIELDS <= set(f)
            assert o["text"][f["start"]:f["end"]] == f["text"]


def test_findings_exit_code_and_fail_on(tmp_path: Path) -> None:
    p = fixturegen.write_txt(tmp_path / "draft.txt", extra={"一": ["依申请公开信息XX件。"]})
    res = run("check", "--format", "json", str(p))
    assert res.exit_code == 1
    f = [x for x in json.loads(res.stdout)["findings"] if x["rule"] == "FMT-09"]
    assert f and f[0]["text"] == "XX" and f[0]["section"] == "一"
    assert run("check", "--format", "json", "--fail-on", "never", str(p)).exit_code == 0
    assert run("check", "--format", "json", "--exit-zero", str(p)).exit_code == 0
    assert run("check", "--format", "json", "--ignore", "FMT-09", str(p)).exit_code == 0


def test_warning_threshold(tmp_path: Path) -> None:
    p = fixturegen.write_txt(tmp_path / "nofee.txt", extra={})
    text = p.read_text(encoding="utf-8").replace("2023年，本机关未收取政府信息公开信息处理费。", "无。")
    p.write_text(text, encoding="utf-8")
    assert run("check", "--format", "text", str(p)).exit_code == 0
    res = run("check", "--format", "text", "--fail-on", "warning", str(p))
    assert res.exit_code == 1 and "N6-01" in res.stdout


def test_default_html_written_to_reports(gen_dir: Path, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    if True:
        res = CliRunner().invoke(main, ["check", str(gen_dir / "report.docx")])
        assert res.exit_code == 0, res.output
        out = Path("reports/report.html")
        assert out.exists()
        assert "reports/report.html" in res.stdout and "findings" in res.stdout
        html = out.read_text(encoding="utf-8")
        assert "<script" not in html.lower() and "http://" not in html and "https://" not in html


def test_bad_file_does_not_stop_the_others(gen_dir: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    res = run("check", "--format", "json", str(tmp_path / "nope.pdf"), str(gen_dir / "report.docx"), str(empty))
    assert res.exit_code == 2
    assert len([x for x in res.stdout.splitlines() if x.strip()]) == 1
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 2
    assert "nope.pdf: file not found" in lines[0] and "empty.txt: empty file" in lines[1]
    assert "Traceback" not in res.stderr


def test_same_names_do_not_overwrite(gen_dir: Path, tmp_path: Path) -> None:
    a = tmp_path / "a"
    a.mkdir()
    fixturegen.write_txt(a / "report.txt")
    out = tmp_path / "out"
    res = run("check", "--out", str(out), str(gen_dir / "report.docx"), str(a / "report.txt"))
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in out.iterdir()) == ["report-2.html", "report.html"]


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.data: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:  # type: ignore[type-arg]
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.data.append(data)


def test_script_in_text_and_name_is_escaped(tmp_path: Path) -> None:
    name = tmp_path / "<script>alert(2)<script>.txt"
    fixturegen.write_txt(name, extra={"一": ["<script>alert(1)</script>依申请公开信息XX件。"]})
    out = tmp_path / "out"
    res = run("check", "--out", str(out), "--exit-zero", str(name))
    assert res.exit_code == 0, res.output
    files = list(out.iterdir())
    assert len(files) == 1 and files[0].parent == out
    p = _Collect()
    p.feed(files[0].read_text(encoding="utf-8"))
    assert "script" not in p.tags
    assert any("<script>alert(1)</script>" in d for d in p.data)


def test_rules_commands() -> None:
    res = run("rules", "list")
    assert res.exit_code == 0 and "FMT-01" in res.stdout and "N6-01" in res.stdout
    res = run("rules", "show", "N6-01")
    assert res.exit_code == 0 and "信息处理费" in res.stdout and "fail examples" in res.stdout
    assert run("rules", "show", "NOPE-1").exit_code == 2
    res = run("rules", "test")
    assert res.exit_code == 0 and " 0 failed" in res.stdout


def test_python_dash_m_entry_point(gen_dir: Path) -> None:
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-m", "audit", "check", "--format", "text", str(gen_dir / "report-utf8.txt")],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "sections 一二三四五六" in r.stdout


def test_pdf_engine_option_gives_the_same_json(gen_dir: Path) -> None:
    pdf = str(gen_dir / "report.pdf")
    outs = [run("check", "--format", "json", "--pdf-engine", engine, pdf) for engine in ("hybrid", "pdfplumber")]
    assert [o.exit_code for o in outs] == [0, 0]
    assert outs[0].stdout == outs[1].stdout and '"findings"' in outs[0].stdout
    assert run("check", "--pdf-engine", "fitz", pdf).exit_code == 2


def test_sarif_log_for_all_reports(tmp_path: Path, gen_dir: Path) -> None:
    draft = fixturegen.write_txt(tmp_path / "draft.txt", extra={"一": ["我局在在推进攻务公开。"]})
    files = [str(draft), str(gen_dir / "report.docx")]
    res = run("check", "--format", "sarif", "--fail-on", "warning", *files)
    assert res.exit_code == 1, res.output                  # warnings at --fail-on warning: exit codes are unchanged
    log = json.loads(res.stdout)
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1
    run0 = log["runs"][0]
    ids = [r["id"] for r in run0["tool"]["driver"]["rules"]]
    assert len(ids) == len(set(ids)) and "TXT-01" in ids
    assert [a["location"]["uri"] for a in run0["artifacts"]] == [Path(f).as_posix() for f in files]
    results = run0["results"]
    assert results and all(r["level"] in ("error", "warning", "note") for r in results)
    for r in results:
        assert ids[r["ruleIndex"]] == r["ruleId"]
        assert r["partialFingerprints"]["auditFingerprint/v1"]
        region = r["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["snippet"]["text"]
    dup = next(r for r in results if r["ruleId"] == "TXT-01")
    assert dup["locations"][0]["physicalLocation"]["artifactLocation"]["index"] == 0
    assert dup["properties"]["suggestion"] == "在" and "在在" in dup["locations"][0]["physicalLocation"]["region"]["snippet"]["text"]
    out = tmp_path / "out"
    res = run("check", "--format", "sarif", "--out", str(out), "--exit-zero", *files)
    assert res.exit_code == 0 and json.loads((out / "audit.sarif").read_text(encoding="utf-8"))["runs"][0]["results"]
