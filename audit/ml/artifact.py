"""Load model files listed in a manifest after checking every sha256; never pickle."""
from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

from ..errors import AuditError


class ModelError(AuditError):
    """A model folder is missing, altered or malformed."""


def models_dir() -> Path:
    import os

    env = os.environ.get("AUDIT_MODELS")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parents[1]
    for cand in (here.parent / "models", here / "models"):
        if cand.is_dir():
            return cand
    raise ModelError(str(here.parent / "models"), "models folder not found (set AUDIT_MODELS)")


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def load_manifest(folder: Path) -> dict[str, Any]:
    """The manifest, after verifying that every listed file exists and matches its sha256."""
    mpath = folder / "manifest.json"
    if not mpath.exists():
        raise ModelError(str(folder), "no manifest.json")
    try:
        manifest = json.loads(mpath.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ModelError(str(mpath), f"invalid JSON ({exc.msg})") from None
    files = manifest.get("files")
    if not isinstance(files, dict) or not files:
        raise ModelError(str(mpath), "files: missing")
    for name, digest in files.items():
        p = folder / name
        if "/" in name or "\\" in name or name.startswith("."):
            raise ModelError(str(mpath), f"files: bad name {name!r}")
        if not p.exists():
            raise ModelError(str(p), "listed in the manifest but missing")
        if sha256(p) != digest:
            raise ModelError(str(p), "sha256 does not match the manifest (file altered or corrupt)")
    return manifest


def read_json(folder: Path, name: str) -> Any:
    p = folder / name
    if name.endswith(".gz"):
        with gzip.open(p, "rt", encoding="utf-8") as fh:
            return json.load(fh)
    return json.loads(p.read_text(encoding="utf-8"))


def read_tsv_counts(folder: Path, name: str) -> dict[str, int]:
    """key<TAB>count lines. Parsed by one split over the whole file (keys hold no tab or newline),
    which is a third faster than a loop over lines for the 585k n-grams of the typo model."""
    with gzip.open(folder / name, "rt", encoding="utf-8") as fh:
        text = fh.read()
    parts = text.replace("\n", "\t").split("\t")
    if parts and parts[-1] == "":
        parts.pop()
    if len(parts) % 2 == 0:
        try:
            return dict(zip(parts[0::2], map(int, parts[1::2])))
        except ValueError:
            pass
    out: dict[str, int] = {}
    for line in text.splitlines():
        k, _, v = line.rpartition("\t")
        if k:
            out[k] = int(v)
    return out


def latest(name: str) -> Path:
    """The highest version folder of models/<name>/."""
    root = models_dir() / name
    if not root.is_dir():
        raise ModelError(str(root), "model not found")
    versions = sorted((p for p in root.iterdir() if p.is_dir()),
                      key=lambda p: tuple(int(x) if x.isdigit() else 0 for x in p.name.split(".")))
    if not versions:
        raise ModelError(str(root), "no version folder")
    return versions[-1]
