"""Batch audits: many reports, worker processes with per-file timeouts, resumable results, an index."""
from __future__ import annotations

import glob
import hashlib
import json
import multiprocessing as mp
import os
import queue
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .ingest import SUPPORTED

RESULTS = "results"
PAGES = "reports"


@dataclass
class Outcome:
    path: str
    name: str
    status: str                  # ok | failed | skipped
    reason: str = ""
    summary: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0


def expand_inputs(items: tuple[str, ...] | list[str]) -> list[str]:
    """Files, folders (recursive: supported types and .doc) and glob patterns, in a stable order."""
    out: list[str] = []
    seen: set[str] = set()

    def add(p: str) -> None:
        key = os.path.abspath(p)
        if key not in seen:
            seen.add(key)
            out.append(p)

    for item in items:
        if any(ch in item for ch in "*?[") and not os.path.exists(item):
            for p in sorted(glob.glob(item, recursive=True)):
                if os.path.isfile(p):
                    add(p)
            continue
        if os.path.isdir(item):
            for root, dirs, files in os.walk(item):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in sorted(files):
                    if not f.startswith(".") and f.lower().endswith(SUPPORTED + (".doc",)):
                        add(os.path.join(root, f))
            continue
        add(item)   # a missing or unsupported file becomes a failure row, not a crash
    return out


def file_sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def stable_name(path: str) -> str:
    """A file name for an input's outputs: its stem plus a hash of its absolute path (stable across runs)."""
    import re

    stem = re.sub(r"\.(pdf|docx|html?|txt|text|doc)$", "", Path(path).name, flags=re.I)
    stem = re.sub(r"[\\/:*?\"<>|\x00-\x1f]", "_", stem).strip(". ")[:80] or "report"
    return f"{stem}-{hashlib.sha1(os.path.abspath(path).encode('utf-8', 'surrogateescape')).hexdigest()[:8]}"


def settings_key(config: Any) -> str:
    """What, besides the rule files, changes a report: severity overrides and the active waivers.
    Stored with each result so that --resume redoes a report when they change ("" when unused)."""
    if config is None or (not config.severity and not config.waivers):
        return ""
    blob = json.dumps({"severity": sorted(config.severity),
                       "waivers": sorted(f"{w.rule}:{w.fingerprint}" for w in config.waivers if not w.expired())})
    return hashlib.sha256(blob.encode()).hexdigest()[:12]


def audit_to_files(path: str, out_dir: str, name: str, sha: str, config: Any = None) -> dict[str, Any]:
    """Audit one file and write its HTML page and JSON result atomically; returns the summary."""
    from .cli import atomic_write
    from .pipeline import audit_path
    from .render import render
    from .render.json import report_dict

    report = audit_path(path, config)
    out = Path(out_dir)
    atomic_write(out / PAGES / f"{name}.html", render(report, "html"))
    data = report_dict(report)
    data["batch"] = {"sha256": sha, "name": name, "settings": settings_key(config)}
    atomic_write(out / RESULTS / f"{name}.json", json.dumps(data, ensure_ascii=False) + "\n")
    return summary_from_result(data, path)


def _worker(tasks: Any, results: Any, out_dir: str, config: Any = None) -> None:
    """A long-lived worker: audits tasks until it receives None."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from .errors import AuditError

    while True:
        task = tasks.get()
        if task is None:
            return
        idx, path, name, sha = task
        t0 = time.time()
        try:
            summary = audit_to_files(path, out_dir, name, sha, config)
            results.put((idx, "ok", "", summary, time.time() - t0))
        except AuditError as exc:
            results.put((idx, "failed", exc.reason, {}, time.time() - t0))
        except MemoryError:
            results.put((idx, "failed", "out of memory", {}, time.time() - t0))
        except Exception as exc:  # one bad file never stops the batch
            results.put((idx, "failed", f"internal error ({type(exc).__name__}: {str(exc)[:120]})", {},
                         time.time() - t0))


def previous_result(out_dir: Path, name: str, sha: str, tool: str, rules_version: str,
                    settings: str = "") -> dict[str, Any] | None:
    """The summary of an earlier run for this input, if its sha256, tool and rule versions all match."""
    p = out_dir / RESULTS / f"{name}.json"
    if not p.exists() or not (out_dir / PAGES / f"{name}.html").exists():
        return None
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None
    if data.get("batch", {}).get("sha256") != sha or data.get("tool") != tool or data.get("rules") != rules_version:
        return None
    if data["batch"].get("settings", "") != settings:
        return None
    return data


def summary_from_result(data: dict[str, Any], path: str) -> dict[str, Any]:
    cats = {c: 0 for c in ("typo", "boilerplate", "contradiction", "table", "structure")}
    sev = {s: 0 for s in ("error", "warning", "info")}
    rules: dict[str, int] = {}
    for f in data.get("findings", []):
        cats[f["category"]] = cats.get(f["category"], 0) + 1
        sev[f["severity"]] = sev.get(f["severity"], 0) + 1
        rules[f["rule"]] = rules.get(f["rule"], 0) + 1
    return {"source": path, "sha256": data["batch"]["sha256"], "agency": data.get("agency"), "year": data.get("year"),
            "title": data.get("title"), "format": data.get("format"), "pages": data.get("pages"),
            "layout": data.get("layout"), "characters": len(data.get("text", "")),
            "sections": "".join(s["id"] for s in data.get("sections", [])), "findings": len(data.get("findings", [])),
            **{f"cat_{k}": v for k, v in cats.items()}, **{f"sev_{k}": v for k, v in sev.items()},
            "boilerplate_score": (data.get("stats") or {}).get("boilerplate_score"), "rules": rules,
            "waived": list((data.get("stats") or {}).get("waived", [])),
            "tool": data.get("tool"), "rules_version": data.get("rules")}


class Progress:
    """count, rate and ETA on stderr: one updating line on a terminal, a line every 5% otherwise."""

    def __init__(self, total: int, stream: Any = None) -> None:
        self.total = total
        self.done = 0
        self.failed = 0
        self.skipped = 0
        self.t0 = time.time()
        self.stream = stream or sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.last_pct = -1

    def update(self, status: str) -> None:
        self.done += 1
        self.failed += status == "failed"
        self.skipped += status == "skipped"
        elapsed = max(time.time() - self.t0, 1e-6)
        rate = self.done / elapsed
        eta = (self.total - self.done) / rate if rate > 0 else 0
        line = (f"[{self.done}/{self.total}] {rate:.1f} files/s, ETA {int(eta) // 60:02d}:{int(eta) % 60:02d}, "
                f"{self.failed} failed, {self.skipped} resumed")
        pct = int(100 * self.done / max(self.total, 1))
        if self.tty:
            width = 24
            fill = int(width * self.done / max(self.total, 1))
            self.stream.write("\r" + "█" * fill + "░" * (width - fill) + " " + line)
            if self.done == self.total:
                self.stream.write("\n")
            self.stream.flush()
        elif pct // 5 != self.last_pct // 5 or self.done == self.total:
            self.last_pct = pct
            self.stream.write(line + "\n")
            self.stream.flush()


def run_batch(inputs: list[str], out_dir: Path, jobs: int = 1, resume: bool = False, timeout: float = 120.0,
              progress: Progress | None = None, on_outcome: Callable[[Outcome], None] | None = None,
              config: Any = None) -> list[Outcome]:
    """Audit every input with `jobs` worker processes; never raises for a bad input."""
    from . import __version__
    from .pipeline import AuditConfig, active_rules, versions

    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / RESULTS).mkdir(exist_ok=True)
    (out_dir / PAGES).mkdir(exist_ok=True)
    rv = versions(active_rules(config or AuditConfig()))["rules"]
    skey = settings_key(config)
    outcomes: list[Outcome | None] = [None] * len(inputs)
    todo: list[tuple[int, str, str, str]] = []
    names = [stable_name(p) for p in inputs]
    for i, p in enumerate(inputs):
        try:
            sha = file_sha256(p) if os.path.isfile(p) else ""
        except OSError:
            sha = ""
        if resume and sha:
            prev = previous_result(out_dir, names[i], sha, __version__, rv, skey)
            if prev is not None:
                outcomes[i] = Outcome(p, names[i], "skipped", "unchanged since the last run",
                                      summary_from_result(prev, p))
                if progress:
                    progress.update("skipped")
                continue
        todo.append((i, p, names[i], sha))
    jobs = max(1, min(jobs, len(todo) or 1))
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    results: Any = ctx.Queue()
    workers: dict[int, tuple[Any, Any]] = {}
    current: dict[int, tuple[int, float]] = {}     # worker id → (task index, start time)
    pending = list(reversed(todo))

    def start(wid: int) -> None:
        tq = ctx.Queue()
        proc = ctx.Process(target=_worker, args=(tq, results, str(out_dir), config), daemon=True)
        proc.start()
        workers[wid] = (proc, tq)

    def feed(wid: int) -> None:
        if pending:
            t = pending.pop()
            workers[wid][1].put(t)
            current[wid] = (t[0], time.time())
        else:
            current.pop(wid, None)

    def record(idx: int, status: str, reason: str, summary: dict[str, Any], secs: float) -> None:
        p = inputs[idx]
        o = Outcome(p, names[idx], status, reason, summary, secs)
        outcomes[idx] = o
        if progress:
            progress.update(status)
        if on_outcome:
            on_outcome(o)

    try:
        for wid in range(jobs):
            start(wid)
            feed(wid)
        while current:
            try:
                idx, status, reason, summary, secs = results.get(timeout=0.5)
                wid = next((w for w, (i, _) in current.items() if i == idx), None)
                if wid is not None:          # a late answer from a worker already timed out is ignored
                    record(idx, status, reason, summary, secs)
                    feed(wid)
            except queue.Empty:
                pass
            now = time.time()
            for wid, (idx, t0) in list(current.items()):
                proc = workers[wid][0]
                if now - t0 > timeout or not proc.is_alive():
                    reason = (f"timed out after {timeout:.0f} s" if proc.is_alive()
                              else f"worker crashed (exit code {proc.exitcode})")
                    proc.terminate()
                    proc.join(5)
                    record(idx, "failed", reason, {}, now - t0)
                    start(wid)
                    feed(wid)
    finally:
        for proc, tq in workers.values():
            if proc.is_alive():
                tq.put(None)
        for proc, _ in workers.values():
            proc.join(10)
            if proc.is_alive():
                proc.terminate()
    return [o for o in outcomes if o is not None]


def section_clusters(out_dir: Path, outcomes: list[Outcome], threshold: float = 0.8,
                     sections: tuple[str, ...] = ("一", "五", "六"), min_chars: int = 60) -> list[dict[str, Any]]:
    """Groups of near-duplicate sections across reports (MinHash LSH over character 5-shingles)."""
    import re

    from datasketch import MinHash

    items: list[dict[str, Any]] = []
    for o in outcomes:
        if o.status == "failed":
            continue
        try:
            data = json.loads((out_dir / RESULTS / f"{o.name}.json").read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue
        text = data.get("text", "")
        for s in data.get("sections", []):
            if s["id"] not in sections:
                continue
            body = text[s["start"]:s["end"]]
            han = re.sub(r"[^\u4e00-\u9fff]", "", body[len(s["title"]):])
            if len(han) < min_chars:
                continue
            sh = {han[i:i + 5] for i in range(len(han) - 4)}
            m = MinHash(num_perm=128, seed=11)
            m.update_batch([x.encode("utf-8") for x in sh])
            items.append({"o": o, "section": s["id"], "sh": sh, "m": m, "agency": data.get("agency") or "",
                          "year": data.get("year"), "snippet": body[len(s["title"]):].strip()[:120]})
    # LSH by hand: 16 bands of 8 rows; each bucket is checked against its first member (and the previous
    # one), so the cost is the sum of the bucket sizes, near-linear even when thousands of sections coincide
    buckets: dict[tuple[int, bytes], list[int]] = {}
    for k, it in enumerate(items):
        hv = it["m"].hashvalues
        for b in range(16):
            buckets.setdefault((b, hv[b * 8:(b + 1) * 8].tobytes()), []).append(k)
    parent = list(range(len(items)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def similar(x: int, y: int) -> bool:
        a, b = items[x]["sh"], items[y]["sh"]
        return len(a & b) / max(1, len(a | b)) >= threshold

    for members in buckets.values():
        for pos in range(1, len(members)):
            k = members[pos]
            for j in (members[0], members[pos - 1]):
                if j == k or items[j]["section"] != items[k]["section"] or items[j]["o"] is items[k]["o"]:
                    continue
                if find(k) == find(j):
                    break      # already in one group: nothing to compare
                if similar(k, j):
                    parent[find(k)] = find(j)
                    break
    groups: dict[int, list[int]] = {}
    for k in range(len(items)):
        groups.setdefault(find(k), []).append(k)
    clusters = []
    for members in groups.values():
        reports = {id(items[k]["o"]) for k in members}
        if len(reports) < 2:
            continue
        rep = items[members[0]]
        agencies = {items[k]["agency"] for k in members}
        kind = "照搬往年（同一机关）" if len(agencies) == 1 and rep["agency"] else \
            ("跨区域抄袭（不同机关）" if len(agencies) == len(members) else "同一机关沿用且与其他机关雷同")
        clusters.append({
            "section": rep["section"], "snippet": rep["snippet"], "kind": kind,
            "members": [{"source": items[k]["o"].path, "agency": items[k]["agency"], "year": items[k]["year"],
                         "page": f"{PAGES}/{items[k]['o'].name}.html",
                         "similarity": len(items[k]["sh"] & rep["sh"]) / max(1, len(items[k]["sh"] | rep["sh"]))}
                        for k in members],
        })
    clusters.sort(key=lambda c: (-len(c["members"]), c["section"], c["members"][0]["source"]))
    return clusters


def _dask_task(path: str, out_dir: str, name: str, sha: str,
               config: Any = None) -> tuple[str, str, dict[str, Any], float]:
    """The per-file audit as a dask task: (status, reason, summary, seconds); never raises for bad input."""
    from .errors import AuditError

    t0 = time.time()
    try:
        return "ok", "", audit_to_files(path, out_dir, name, sha, config), time.time() - t0
    except AuditError as exc:
        return "failed", exc.reason, {}, time.time() - t0
    except Exception as exc:
        return "failed", f"internal error ({type(exc).__name__}: {str(exc)[:120]})", {}, time.time() - t0


def run_batch_dask(inputs: list[str], out_dir: Path, scheduler: str | Any, resume: bool = False,
                   timeout: float = 120.0, progress: Progress | None = None, config: Any = None) -> list[Outcome]:
    """The same per-file audit on a dask.distributed cluster (workers need the same package and a shared
    --out folder); a task that exceeds `timeout` is recorded as failed and the batch goes on."""
    from dask.distributed import Client, as_completed

    from . import __version__
    from .pipeline import AuditConfig, active_rules, versions

    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / RESULTS).mkdir(exist_ok=True)
    (out_dir / PAGES).mkdir(exist_ok=True)
    rv = versions(active_rules(config or AuditConfig()))["rules"]
    skey = settings_key(config)
    names = [stable_name(p) for p in inputs]
    outcomes: list[Outcome | None] = [None] * len(inputs)
    client = scheduler if isinstance(scheduler, Client) else Client(scheduler)
    try:
        futures = {}
        for i, p in enumerate(inputs):
            try:
                sha = file_sha256(p) if os.path.isfile(p) else ""
            except OSError:
                sha = ""
            prev = previous_result(out_dir, names[i], sha, __version__, rv, skey) if resume and sha else None
            if prev is not None:
                outcomes[i] = Outcome(p, names[i], "skipped", "unchanged since the last run", summary_from_result(prev, p))
                if progress:
                    progress.update("skipped")
                continue
            futures[client.submit(_dask_task, p, str(out_dir), names[i], sha, config, pure=False)] = i
        started = time.time()
        try:
            for fut in as_completed(list(futures), timeout=timeout * max(1, len(futures))):
                i = futures[fut]
                try:
                    status, reason, summary, secs = fut.result()
                except Exception as exc:      # a worker died
                    status, reason, summary, secs = "failed", f"worker failed ({type(exc).__name__})", {}, 0.0
                outcomes[i] = Outcome(inputs[i], names[i], status, reason, summary, secs)
                if progress:
                    progress.update(status)
        except TimeoutError:
            pass        # the overall deadline passed: whatever has not finished is recorded below
        for fut, i in futures.items():
            if outcomes[i] is None:
                fut.cancel()
                outcomes[i] = Outcome(inputs[i], names[i], "failed", f"timed out ({time.time() - started:.0f} s)")
                if progress:
                    progress.update("failed")
    finally:
        if not isinstance(scheduler, Client):
            client.close()
    return [o for o in outcomes if o is not None]
