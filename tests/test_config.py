"""audit.toml, audit config show, severity overrides, audit baseline and waivers."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from audit.cli import main

from . import fixturegen

TYPO_TEXT = {"一": ["全年主动公开政府信息120条，我局在在信息公开工作中坚持依法依规。"]}


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args))


def findings(res) -> list[dict]:  # type: ignore[no-untyped-def]
    return [f for line in res.stdout.splitlines() if line.strip().startswith("{")
            for f in json.loads(line)["findings"]]


@pytest.fixture()
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_config_shown_is_the_config_that_runs(here: Path) -> None:
    report = fixturegen.write_txt(here / "draft.txt", extra=TYPO_TEXT)
    base = run("check", "--format", "json", str(report))
    assert any(f["rule"].startswith("BP") for f in findings(base))
    dup = [f for f in findings(base) if f["rule"] == "TXT-01"]
    assert dup and dup[0]["severity"] == "warning"

    (here / "audit.toml").write_text('ignore = ["BP"]\nfail-on = "warning"\nseverity = { "TXT-01" = "error" }\n'
                                     '[limits]\nmax-pages = 40\n', encoding="utf-8")
    shown = run("config", "show")
    assert shown.exit_code == 0, shown.output
    assert f"# config file: {here / 'audit.toml'}" in shown.output
    assert 'fail-on = "warning"    # ' + str(here / "audit.toml") in shown.output
    assert "max-pages = 40" in shown.output
    assert "TXT-01   error" in shown.output and "(rule file: warning)" in shown.output
    assert "\nBP-01" not in shown.output

    res = run("check", "--format", "json", str(report))
    got = findings(res)
    assert not any(f["rule"].startswith("BP") for f in got)
    assert [f["severity"] for f in got if f["rule"] == "TXT-01"] == ["error"]
    assert res.exit_code == 1

    # the command line wins over the file
    res = run("check", "--format", "json", "--fail-on", "never", "--severity", "TXT-01=info", str(report))
    assert res.exit_code == 0
    assert [f["severity"] for f in findings(res) if f["rule"] == "TXT-01"] == ["info"]
    shown = run("config", "show", "--fail-on", "never")
    assert 'fail-on = "never"    # command line' in shown.output


@pytest.mark.parametrize("content,needle", [
    ('selekt = ["TXT"]\n', "unknown key 'selekt'"),
    ('select = ["TXX"]\n', "select: 'TXX' matches no rule"),
    ('severity = { "TXT-01" = "fatal" }\n', "must be error, warning or info"),
    ("select = [\n", "invalid TOML"),
    ("[limits]\nmax-pages = -1\n", "limits.max-pages must be a positive integer"),
])
def test_a_bad_config_is_one_line_naming_the_file(here: Path, content: str, needle: str) -> None:
    (here / "audit.toml").write_text(content, encoding="utf-8")
    report = fixturegen.write_txt(here / "draft.txt")
    for args in (("config", "show"), ("check", "--format", "json", str(report))):
        res = run(*args)
        assert res.exit_code == 2
        lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
        assert len(lines) == 1 and "audit.toml" in lines[0] and needle in lines[0], res.stderr


def test_baseline_then_only_new_findings(here: Path) -> None:
    draft = fixturegen.write_txt(here / "draft.txt", extra=TYPO_TEXT)
    res = run("baseline", str(draft), "--reason", "reviewed 2026-11", "--until", "2099-12-31")
    assert res.exit_code == 0, res.output
    data = json.loads((here / "waivers.json").read_text(encoding="utf-8"))
    assert data["schema"] == "audit-waivers/1"
    w = next(x for x in data["waivers"] if x["rule"] == "TXT-01")
    assert w["reason"] == "reviewed 2026-11" and w["until"] == "2099-12-31" and "在在" in w["evidence"]
    assert w["source"] == "draft.txt"

    res = run("check", "--format", "json", "--waivers", "waivers.json", str(draft))
    assert res.exit_code == 0 and findings(res) == []
    assert "waived by waivers.json" in res.stderr
    res = run("check", "--out", "html", "--waivers", "waivers.json", str(draft))
    page = (here / "html" / "draft.html").read_text(encoding="utf-8")
    assert res.exit_code == 0 and "项已按豁免清单略去" in page

    # a new typo is reported; the fixed doubled 在 leaves its waiver stale, which is said
    fixed = fixturegen.write_txt(here / "draft.txt", extra={"一": ["全年主动公开政府信息120条，我局在信息公开工作中"
                                                                  "坚持依法依规，攻务公开不断深化。"]})
    res = run("check", "--format", "json", "--waivers", "waivers.json", str(fixed))
    got = findings(res)
    # only what the edited sentence brings: the new typo, and that sentence's own boilerplate shading
    assert [f["text"] for f in got if f["rule"] == "TXT-03"] == ["攻"]
    assert {f["rule"] for f in got} <= {"TXT-03", "BP-01"}
    assert "(TXT-01 「" in res.stderr and "matched nothing" in res.stderr


def test_an_expired_waiver_no_longer_applies(here: Path) -> None:
    draft = fixturegen.write_txt(here / "draft.txt", extra=TYPO_TEXT)
    assert run("baseline", str(draft), "--select", "TXT", "--until", "2020-01-01").exit_code == 0
    res = run("check", "--format", "json", "--select", "TXT", "--waivers", "waivers.json", str(draft))
    assert [f["rule"] for f in findings(res)] == ["TXT-01"]
    assert "expired on 2020-01-01" in res.stderr


def test_waivers_from_audit_toml_are_relative_to_it(here: Path) -> None:
    sub = here / "office"
    sub.mkdir()
    draft = fixturegen.write_txt(sub / "draft.txt", extra=TYPO_TEXT)
    assert run("baseline", str(draft), "--out", str(sub / "known.json")).exit_code == 0
    (here / "audit.toml").write_text('waivers = "office/known.json"\n', encoding="utf-8")
    res = run("check", "--format", "json", str(draft))
    assert res.exit_code == 0 and findings(res) == []


@pytest.mark.parametrize("content,needle", [
    ("{not json", "invalid JSON"),
    ('{"waivers": []}', "not a waiver file"),
    ('{"schema": "audit-waivers/1", "waivers": [{"rule": "TXT-01", "fingerprint": "x", "until": "soon"}]}',
     "until must be a date"),
])
def test_a_bad_waiver_file_is_one_line(here: Path, content: str, needle: str) -> None:
    (here / "w.json").write_text(content, encoding="utf-8")
    draft = fixturegen.write_txt(here / "draft.txt")
    res = run("check", "--format", "json", "--waivers", "w.json", str(draft))
    assert res.exit_code == 2
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "w.json" in lines[0] and needle in lines[0]


def test_batch_uses_audit_toml_and_waivers_and_resumes_by_settings(here: Path) -> None:
    src = here / "in"
    src.mkdir()
    known = fixturegen.write_txt(src / "a.txt", extra=TYPO_TEXT)
    fixturegen.write_txt(src / "b.txt", agency="青石县民政局",
                         extra={"一": ["全年主动公开政府信息80条，攻务公开不断深化。"]})
    assert run("baseline", str(known), "--select", "TXT", "--out", "w.json").exit_code == 0
    (here / "audit.toml").write_text('select = ["TXT"]\nwaivers = "w.json"\n', encoding="utf-8")

    res = run("batch", "in", "--out", "out", "--jobs", "1")
    assert res.exit_code == 0, res.output
    results = {p.name.split("-")[0]: json.loads(p.read_text(encoding="utf-8"))
               for p in (here / "out" / "results").glob("*.json")}
    assert results["a"]["findings"] == [] and results["a"]["stats"]["waived"]
    assert [(f["rule"], f["text"]) for f in results["b"]["findings"]] == [("TXT-03", "攻")]
    assert "waived by" in res.stderr and "matched nothing" not in res.stderr

    res = run("batch", "in", "--out", "out", "--jobs", "1", "--resume")
    assert "0 audited, 2 unchanged" in res.stdout
    # a different severity changes the reports, so --resume audits them again
    (here / "audit.toml").write_text('select = ["TXT"]\nwaivers = "w.json"\nseverity = { "TXT" = "error" }\n',
                                     encoding="utf-8")
    res = run("batch", "in", "--out", "out", "--jobs", "1", "--resume")
    assert "2 audited, 0 unchanged" in res.stdout
    b = next(json.loads(p.read_text(encoding="utf-8")) for p in (here / "out" / "results").glob("b-*.json"))
    assert [f["severity"] for f in b["findings"]] == ["error"]


def test_first_baseline_writes_the_waiver_file_audit_toml_names(here: Path) -> None:
    """The README's flow: audit.toml names a waiver file that does not exist yet; config show says so,
    baseline writes it there, check uses it."""
    draft = fixturegen.write_txt(here / "draft.txt", extra=TYPO_TEXT)
    (here / "audit.toml").write_text('waivers = "known/waivers.json"\nselect = ["TXT"]\n', encoding="utf-8")
    (here / "known").mkdir()
    shown = run("config", "show")
    assert shown.exit_code == 0 and "does not exist yet" in shown.output
    assert run("check", "--format", "json", str(draft)).exit_code == 2       # check needs the file
    res = run("baseline", str(draft))
    assert res.exit_code == 0 and (here / "known" / "waivers.json").exists()
    res = run("check", "--format", "json", str(draft))
    assert res.exit_code == 0 and findings(res) == []
