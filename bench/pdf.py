"""PDF reading speed: the hybrid reader (pypdfium2 text on pages without a ruled table,
pdfplumber on the others) against pdfplumber alone, on one core, with the output compared.

Usage: python bench/pdf.py [--repeat 3] [--shared ../shared]
Inputs: generated text-only reports (tests/fixturegen.write_pdf), generated pages with a
ruled table and other edge cases (write_pdf_varied), and, when ../shared is present, the
dev-set PDFs and the real city report. Prints one row per group: pages, pages read by
pypdfium2, pages/s for each reader, and whether every document came out identical.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from audit.ingest import Limits  # noqa: E402
from audit.ingest.pdf import read_pdf_counted  # noqa: E402
from tests import fixturegen  # noqa: E402


def measure(paths: list[Path], repeat: int) -> dict[str, float]:
    same = True
    best = {"hybrid": float("inf"), "pdfplumber": float("inf")}
    for _ in range(repeat):
        for engine in best:
            t0 = time.perf_counter()
            docs = [read_pdf_counted(p, Limits(pdf_engine=engine)) for p in paths]
            best[engine] = min(best[engine], time.perf_counter() - t0)
            if engine == "hybrid":
                hybrid = docs
            else:
                same = same and all(a[0] == b[0] for a, b in zip(hybrid, docs))
    pages = sum(d.pages or 0 for d, _ in hybrid)
    fast = sum(n for _, n in hybrid)
    return {"pages": pages, "fast": fast, "hybrid": pages / best["hybrid"],
            "pdfplumber": pages / best["pdfplumber"], "same": same}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--n", type=int, default=40, help="generated reports per group")
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    args = ap.parse_args()
    groups: dict[str, list[Path]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        groups["generated, text only"] = [
            fixturegen.write_pdf(folder / f"t{i}.pdf", year=2019 + i % 6,
                                 extra={"一": [f"全年主动公开政府信息{100 + i}条。" * (1 + i % 5)]})
            for i in range(args.n)]
        groups["generated, ruled table / rotated / mixed"] = [
            fixturegen.write_pdf_varied(folder / f"v{i}.pdf") for i in range(args.n // 4)]
        shared = Path(args.shared)
        if (shared / "data").is_dir():
            groups["dev set PDFs (../shared)"] = sorted((shared / "data" / "dev" / "docs").glob("*.pdf"))
            groups["huaian city report (../shared)"] = [shared / "data" / "real" / "huaian-2024-city.pdf"]
        print("| PDFs | pages | pages via pypdfium2 | hybrid pages/s | pdfplumber pages/s | speed-up | identical |")
        print("|---|---:|---:|---:|---:|---:|---|")
        for name, paths in groups.items():
            r = measure(paths, args.repeat)
            print(f"| {name} | {r['pages']} | {r['fast']} | {r['hybrid']:.1f} | {r['pdfplumber']:.1f} | "
                  f"{r['hybrid'] / r['pdfplumber']:.2f}× | {'yes' if r['same'] else 'NO'} |")


if __name__ == "__main__":
    main()
