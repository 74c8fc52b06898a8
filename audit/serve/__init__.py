"""audit serve: a local page where an office drops in its draft and reads the findings (Flask, loopback)."""
from __future__ import annotations

import datetime as _dt
import tempfile
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask, Response, abort, redirect, render_template, request, url_for
from markupsafe import Markup

from ..errors import AuditError
from ..ingest import SUPPORTED

MAX_UPLOAD = 20 * 1024 * 1024
KEEP = 12


@dataclass
class Check:
    id: str
    name: str
    when: str
    counts: dict[str, int]
    html: str
    json: str
    fingerprints: dict[str, str] = field(default_factory=dict)   # fingerprint → one-line description
    fixed: list[str] = field(default_factory=list)
    new: list[str] = field(default_factory=list)
    previous: str = ""


class History:
    """The last few checks of this session, in memory only."""

    def __init__(self) -> None:
        self.items: list[Check] = []
        self.lock = threading.Lock()

    def add(self, c: Check) -> None:
        with self.lock:
            prev = next((x for x in reversed(self.items) if x.name == c.name), None)
            if prev is not None:
                c.previous = prev.id
                c.fixed = [prev.fingerprints[k] for k in prev.fingerprints if k not in c.fingerprints]
                c.new = [c.fingerprints[k] for k in c.fingerprints if k not in prev.fingerprints]
            self.items.append(c)
            del self.items[:-KEEP]

    def get(self, cid: str) -> Check | None:
        with self.lock:
            return next((x for x in self.items if x.id == cid), None)

    def recent(self) -> list[Check]:
        with self.lock:
            return list(reversed(self.items))


def run_check(path: Path, name: str, config: Any = None) -> Check:
    from ..pipeline import audit_path
    from ..render import render

    report = audit_path(path, config, timeout=120)
    counts = {s: sum(1 for f in report.findings if f.severity == s) for s in ("error", "warning", "info")}
    fps = {f.fingerprint + f.rule_id: f"{f.rule_id} {f.message}" for f in report.findings}
    return Check(uuid.uuid4().hex[:12], name, _dt.datetime.now().strftime("%H:%M:%S"), counts,
                 render(report, "html"), render(report, "json"), fps)


def create_app(config: Any = None) -> Flask:
    """The page; `config` (an AuditConfig: selection, severity, waivers) applies to every check."""
    app = Flask(__name__, template_folder=str(Path(__file__).parent / "templates"))
    app.config["MAX_CONTENT_LENGTH"] = MAX_UPLOAD
    app.config["AUDIT_CONFIG"] = config
    history = History()
    app.config["HISTORY"] = history

    def page(error: str = "", status: int = 200) -> Response:
        body = render_template("index.html.j2", recent=history.recent(), error=error,
                               types=", ".join(SUPPORTED), limit=MAX_UPLOAD // (1024 * 1024))
        return Response(body, status=status, mimetype="text/html")

    @app.get("/")
    def index() -> Response:
        return page()

    @app.post("/check")
    def check() -> Any:
        upload = request.files.get("file")
        text = (request.form.get("text") or "").strip()
        with tempfile.TemporaryDirectory(prefix="audit-serve-") as tmp:
            if upload is not None and upload.filename:
                name = Path(upload.filename).name or "upload"
                suffix = Path(name).suffix.lower()
                if suffix not in SUPPORTED:
                    return page(f"{name}：不支持的文件类型（{suffix or '无扩展名'}），请上传 {', '.join(SUPPORTED)}。", 400)
                from ..cli import safe_name

                path = Path(tmp) / safe_name(name, set(), suffix)    # the user's file name, made safe
                upload.save(path)
            elif text:
                name = "粘贴的文本"
                path = Path(tmp) / "pasted.txt"
                path.write_text(text, encoding="utf-8")
            else:
                return page("请选择一个文件，或粘贴报告全文。", 400)
            try:
                c = run_check(path, name, app.config["AUDIT_CONFIG"])
            except AuditError as exc:
                return page(f"{name}：{_reason_zh(exc.reason)}", 422)
        history.add(c)
        return redirect(url_for("result", cid=c.id), code=303)

    @app.get("/result/<cid>")
    def result(cid: str) -> Response:
        c = history.get(cid) or abort(404)
        body = render_template("result.html.j2", c=c, report=Markup(_body_of(c.html)), head=Markup(_style_of(c.html)),
                               recent=history.recent())
        return Response(body, mimetype="text/html")

    @app.get("/result/<cid>/report.html")
    def download_html(cid: str) -> Response:
        c = history.get(cid) or abort(404)
        return Response(c.html, mimetype="text/html",
                        headers={"Content-Disposition": f"attachment; filename=audit-{cid}.html"})

    @app.get("/result/<cid>/report.json")
    def download_json(cid: str) -> Response:
        c = history.get(cid) or abort(404)
        return Response(c.json, mimetype="application/json",
                        headers={"Content-Disposition": f"attachment; filename=audit-{cid}.json"})

    @app.errorhandler(413)
    def too_large(e: Any) -> Response:
        return page(f"文件太大：上限为 {MAX_UPLOAD // (1024 * 1024)} MB。", 413)

    @app.after_request
    def headers(resp: Response) -> Response:
        resp.headers["Content-Security-Policy"] = ("default-src 'self'; style-src 'self' 'unsafe-inline'; "
                                                   "script-src 'self' 'unsafe-inline'; img-src 'self' data:")
        resp.headers["X-Content-Type-Options"] = "nosniff"
        return resp

    return app


def _reason_zh(reason: str) -> str:
    table = {"empty file": "文件是空的", "file not found": "找不到文件",
             "encrypted PDF (password protected)": "PDF 已加密（有密码保护）",
             "PDF has no text layer (scanned image?); run OCR first": "PDF 没有文字层（扫描件？），请先做文字识别"}
    return table.get(reason, reason)


def _body_of(html: str) -> str:
    a = html.find("<body>")
    b = html.rfind("</body>")
    return html[a + 6:b] if a >= 0 and b > a else html


def _style_of(html: str) -> str:
    a = html.find("<style>")
    b = html.find("</style>")
    return html[a:b + 8] if a >= 0 and b > a else ""


def serve(host: str = "127.0.0.1", port: int = 8765, config: Any = None) -> None:
    from werkzeug.serving import make_server

    server = make_server(host, port, create_app(config), threaded=True)
    server.serve_forever()
