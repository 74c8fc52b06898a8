"""audit serve: routes with Flask's test client, and the page driven in headless Chromium."""
from __future__ import annotations

import io
import shutil
import threading
from pathlib import Path

import pytest

from audit.serve import create_app

from . import fixturegen

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def client():  # type: ignore[no-untyped-def]
    app = create_app()
    app.config["TESTING"] = True
    return app.test_client()


def _draft(tmp_path: Path, typo: bool = True) -> Path:
    para = "我局认真做好攻务信息的审核发布，全年主动公开信息86条。" if typo else "我局认真做好政务信息的审核发布，全年主动公开信息86条。"
    return fixturegen.write_docx(tmp_path / ("draft.docx"), extra={"一": [para]})


def test_index_page_is_self_contained(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/")
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and 'type="file"' in html and "textarea" in html
    assert "src=\"http" not in html and "href=\"http" not in html
    assert "default-src 'self'" in r.headers["Content-Security-Policy"]


def test_upload_docx_shows_findings_and_downloads(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    p = _draft(tmp_path)
    r = client.post("/check", data={"file": (io.BytesIO(p.read_bytes()), "draft.docx")},
                    content_type="multipart/form-data")
    assert r.status_code == 303
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "TXT-03" in page and "攻" in page and "<mark" in page
    cid = r.headers["Location"].rsplit("/", 1)[-1]
    j = client.get(f"/result/{cid}/report.json")
    assert j.status_code == 200 and j.is_json and any(f["rule"] == "TXT-03" for f in j.get_json()["findings"])
    h = client.get(f"/result/{cid}/report.html")
    assert "attachment" in h.headers["Content-Disposition"]


def test_settings_apply_to_every_check(tmp_path: Path) -> None:
    from audit.pipeline import AuditConfig

    app = create_app(AuditConfig(select=("TXT",), severity=(("TXT-03", "error"),)))
    app.config["TESTING"] = True
    client = app.test_client()
    p = _draft(tmp_path)
    r = client.post("/check", data={"file": (io.BytesIO(p.read_bytes()), "draft.docx")},
                    content_type="multipart/form-data")
    cid = r.headers["Location"].rsplit("/", 1)[-1]
    findings = client.get(f"/result/{cid}/report.json").get_json()["findings"]
    assert findings and all(f["rule"].startswith("TXT") for f in findings)
    assert [f["severity"] for f in findings if f["rule"] == "TXT-03"] == ["error"]


def test_recheck_shows_fixed_and_new(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = _draft(tmp_path, typo=True).read_bytes()
    second = _draft(tmp_path, typo=False).read_bytes()
    client.post("/check", data={"file": (io.BytesIO(first), "draft.docx")}, content_type="multipart/form-data")
    r = client.post("/check", data={"file": (io.BytesIO(second), "draft.docx")}, content_type="multipart/form-data")
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "已改正 1 项" in page and "TXT-03" in page.split("已改正：")[1]
    index = client.get("/").get_data(as_text=True)
    assert "已改正 1" in index


def test_paste_text(client) -> None:  # type: ignore[no-untyped-def]
    r = client.post("/check", data={"text": fixturegen.plain_text()})
    assert r.status_code == 303


def test_bad_inputs_get_one_clear_message(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    r = client.post("/check", data={"file": (io.BytesIO(b"%PDF-1.4 broken"), "x.pdf")}, content_type="multipart/form-data")
    assert r.status_code == 422 and "x.pdf" in r.get_data(as_text=True) and "PDF" in r.get_data(as_text=True)
    r = client.post("/check", data={"file": (io.BytesIO(b"abc"), "x.exe")}, content_type="multipart/form-data")
    assert r.status_code == 400 and "不支持的文件类型" in r.get_data(as_text=True)
    r = client.post("/check", data={})
    assert r.status_code == 400
    r = client.post("/check", data={"file": (io.BytesIO(b"a" * (21 * 1024 * 1024)), "big.txt")},
                    content_type="multipart/form-data")
    assert r.status_code == 413 and "文件太大" in r.get_data(as_text=True)


def test_uploads_are_not_kept(client, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    client.post("/check", data={"text": fixturegen.plain_text()})
    assert not list(tmp_path.glob("audit-serve-*"))


def _chrome():  # type: ignore[no-untyped-def]
    if not shutil.which("chromedriver") or not (shutil.which("chromium") or shutil.which("chromium-browser")):
        pytest.skip("chromium and chromium-driver are not installed (.ci/run installs them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = shutil.which("chromium") or shutil.which("chromium-browser") or ""
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
              "--disable-background-networking", "--disable-component-update", "--disable-sync",
              "--window-size=1280,1600"):
        opts.add_argument(a)
    return webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=opts)


def test_end_to_end_in_chromium(tmp_path: Path) -> None:
    driver = _chrome()
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, create_app(), threaded=True)
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    try:
        driver.get(f"http://127.0.0.1:{server.server_port}/")
        driver.find_element(By.ID, "file").send_keys(str(_draft(tmp_path)))
        driver.find_element(By.ID, "submit").click()
        WebDriverWait(driver, 60).until(EC.presence_of_element_located((By.CSS_SELECTOR, "mark")))
        marks = [m.text for m in driver.find_elements(By.CSS_SELECTOR, "mark")]
        assert any(m.startswith("攻") for m in marks), marks
        assert "TXT-03" in driver.page_source
        shot = ROOT / "reports" / "serve-screenshot.png"
        driver.save_screenshot(str(shot))
        assert shot.stat().st_size > 10_000
    finally:
        driver.quit()
        server.shutdown()
