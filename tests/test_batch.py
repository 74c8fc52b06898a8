"""audit batch: bad files become failure rows, outputs are complete, --resume audits only the rest."""
from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from audit.cli import main

from . import fixturegen


def _corpus(d: Path, n: int) -> list[Path]:
    d.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        out.append(fixturegen.write_txt(d / f"r{i:03d}.txt", year=2019 + i % 5, agency=f"第{i}县审计局"))
    return out


def test_batch_with_bad_files(tmp_path: Path, gen_dir: Path) -> None:
    src = tmp_path / "in"
    _corpus(src, 3)
    (src / "broken.pdf").write_bytes(b"%PDF-1.4 nothing here")
    (src / "empty.txt").write_bytes(b"")
    odd = tmp_path / "notes.xyz"
    odd.write_text("x")
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["batch", str(src), str(gen_dir / "report.docx"), str(odd), "--out", str(out), "--jobs", "2"])
    assert res.exit_code == 2, res.output
    with open(out / "failures.csv", encoding="utf-8") as fh:
        fails = {Path(r["source"]).name: r["reason"] for r in csv.DictReader(fh)}
    assert set(fails) == {"broken.pdf", "empty.txt", "notes.xyz"}
    assert "unsupported file type" in fails["notes.xyz"] and "empty file" in fails["empty.txt"]
    for name in ("index.html", "copied.html", "summary.csv", "summary.xlsx", "findings.jsonl"):
        assert (out / name).exists(), name
    with open(out / "summary.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 4 and all(r["sections"] == "一二三四五六" for r in rows)
    assert len(list((out / "reports").glob("*.html"))) == 4
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "<svg" in index and "src=\"http" not in index and "href=\"http" not in index and "@import" not in index
    from openpyxl import load_workbook

    wb = load_workbook(out / "summary.xlsx")
    assert wb["summary"].max_row == 5 and wb["failures"].max_row == 4


def test_batch_gives_the_same_findings_as_check(tmp_path: Path, gen_dir: Path) -> None:
    out = tmp_path / "out"
    files = [str(gen_dir / n) for n in ("report.pdf", "report.html", "report-gbk.txt")]
    assert CliRunner().invoke(main, ["batch", *files, "--out", str(out), "--jobs", "2"]).exit_code == 0
    res = CliRunner().invoke(main, ["check", "--format", "json", "--exit-zero", *files])
    by_source = {json.loads(x)["source"]: json.loads(x) for x in res.stdout.splitlines() if x.strip()}
    for p in (out / "results").glob("*.json"):
        data = json.loads(p.read_text(encoding="utf-8"))
        want = by_source[data["source"]]
        assert [(f["rule"], f["start"], f["end"]) for f in data["findings"]] == \
               [(f["rule"], f["start"], f["end"]) for f in want["findings"]]


def test_resume_after_kill_audits_only_the_rest(tmp_path: Path) -> None:
    src = tmp_path / "in"
    _corpus(src, 40)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "audit", "batch", str(src), "--out", str(out), "--jobs", "1"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 120
    while time.time() < deadline:
        done = list((out / "results").glob("*.json")) if (out / "results").exists() else []
        if len(done) >= 5:
            break
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    done_before = len(list((out / "results").glob("*.json")))
    assert 5 <= done_before < 40
    assert not list(out.rglob(".tmp-*")), "an interrupted run left a half-written file"
    r = subprocess.run(cmd + ["--resume"], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert f"{40 - done_before} audited, {done_before} unchanged (resumed)" in r.stdout
    assert len(list((out / "results").glob("*.json"))) == 40


def test_dask_engine_on_a_local_cluster(tmp_path: Path, gen_dir: Path) -> None:
    import pytest

    distributed = pytest.importorskip("dask.distributed")
    from audit.batch import run_batch, run_batch_dask

    files = [str(gen_dir / "report.docx"), str(gen_dir / "report-utf8.txt"), str(tmp_path / "missing.pdf")]
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cl, \
            distributed.Client(cl) as client:
        got = run_batch_dask(files, tmp_path / "dask", client)
    want = run_batch(files, tmp_path / "local", jobs=1)
    assert [(o.status, o.reason) for o in got] == [(o.status, o.reason) for o in want]
    for o in got:
        if o.status == "ok":
            a = json.loads((tmp_path / "dask" / "results" / f"{o.name}.json").read_text(encoding="utf-8"))
            b = json.loads((tmp_path / "local" / "results" / f"{o.name}.json").read_text(encoding="utf-8"))
            assert a["findings"] == b["findings"]
