"""Characters per second of the typo pass (TXT rules) on at least 200,000 characters of report text.

Usage: python bench/typo.py [--chars 200000]
Text: the report passages in ../shared/data/corpus/passages.jsonl and the .txt reports of ../shared/data/dev
(read in place, never copied), topped up with generated reports from tests/fixturegen.py.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from audit.pipeline import AuditConfig, active_rules, build_document, run_rules  # noqa: E402
from audit.types import Block, RawDocument  # noqa: E402
from tests import fixturegen  # noqa: E402


def corpus(n_chars: int) -> list[str]:
    import json

    texts = []
    shared = Path(__file__).resolve().parents[2] / "shared" / "data"
    if (shared / "corpus" / "passages.jsonl").exists():
        for line in (shared / "corpus" / "passages.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["excerpt"])
    if (shared / "dev" / "docs").is_dir():
        texts += [p.read_text(encoding="utf-8", errors="replace") for p in sorted((shared / "dev" / "docs").glob("*.txt"))]
    k = 0
    while sum(len(t) for t in texts) < n_chars:
        texts.append(fixturegen.plain_text(year=2019 + k % 6, agency=f"第{k}县审计局"))
        k += 1
    out, total = [], 0
    for t in texts:
        out.append(t)
        total += len(t)
        if total >= n_chars * 1.05:
            break
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--chars", type=int, default=200_000)
    a = ap.parse_args()
    texts = corpus(a.chars)
    docs = [build_document(RawDocument(f"b{i}", "txt", (Block("page", t),))) for i, t in enumerate(texts)]
    rules = active_rules(AuditConfig(select=("TXT",)))
    # load the models and the part-of-speech tagger once, outside the timing
    warm = "由吴伟生局长任组长，瀍西街道主动公开政府信息260余，提升水平的路，在在推进攻务公开。"
    run_rules(build_document(RawDocument("warm", "txt", (Block("page", warm),))), rules)
    chars = sum(len(d.text) for d in docs)
    t0 = time.process_time()
    n = sum(len(run_rules(d, rules)) for d in docs)
    cpu = time.process_time() - t0
    print(f"typo pass: {chars} characters in {cpu:.2f} s CPU = {chars / cpu:,.0f} characters/s per core; {n} findings")


if __name__ == "__main__":
    main()
