"""Site build figures: wall time, file count, size, search index size.

Usage: .venv/bin/python benchmarks/bench_site.py [--repeat 3]
Each build runs in a fresh process, as `handbook build` does.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "site"
        for _ in range(args.repeat):
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "generator", "build", "--root", str(REPO), "--out", str(out)],
                           check=True, capture_output=True)
            runs.append(time.perf_counter() - started)
        files = [p for p in out.rglob("*") if p.is_file()]
        html = [p for p in files if p.suffix == ".html"]
        size = sum(p.stat().st_size for p in files)
        index = out / "search" / "index.js"
        print(f"site build (process, incl. check): median {statistics.median(runs):.2f} s, min {min(runs):.2f} s over {len(runs)} runs")
        print(f"files: {len(files)} ({len(html)} HTML pages), total {size / 1e6:.2f} MB")
        library = sorted((out / "search" / "library").glob("*.js"))
        print(f"search box index: {index.stat().st_size / 1e3:.0f} KB (search/index.js; unit names in search/units/); "
              f"other documents: {', '.join(f'{p.stem} {p.stat().st_size / 1e3:.0f} KB' for p in library) or 'none'}")
        theme = sum(p.stat().st_size for p in files if "/assets/" in p.as_posix())
        print(f"  of which theme assets: {theme / 1e6:.2f} MB; pages: {sum(p.stat().st_size for p in html) / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
