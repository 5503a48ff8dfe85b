"""Search figures: index build time and size, warm query latency (median, p95).

Usage: .venv/bin/python benchmarks/bench_search.py [--units 20000] [--rounds 5]
Measures the handbook index (articles, terms, sample units) and an index that
also holds a synthetic Changde-scale unit set. Prints numbers; not a test.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent


def size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def latency(folder: Path, queries: list[str], rounds: int) -> tuple[float, float]:
    from generator.search.engine import Searcher

    searcher = Searcher(folder)
    for q in queries:  # warm up: caches, segmenter
        searcher.search(q)
    times = []
    for _ in range(rounds):
        for q in queries:
            started = time.perf_counter()
            searcher.search(q)
            times.append((time.perf_counter() - started) * 1000)
    searcher.close()
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def measure(label: str, root: Path, queries: list[str], rounds: int) -> None:
    from generator import pipeline

    project, _ = pipeline.checked_project(root)
    folder = root / "bench-index"
    report = pipeline.update_search_index(project, folder)
    again = pipeline.update_search_index(project, folder)
    median, p95 = latency(folder, queries, rounds)
    print(f"{label}: {report.added} documents indexed in {report.seconds:.1f} s ({size_mb(folder):.1f} MB); "
          f"no-change update {again.seconds:.2f} s; query median {median:.1f} ms, p95 {p95:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    queries = [q["q"] for q in yaml.safe_load((REPO / "tests" / "search_queries.yaml").read_text(encoding="utf-8"))["queries"]]
    queries += ["示例联合村", "示例第123村", "津市市"]  # name look-ups
    from generator.demo_data import write_demo_data

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "handbook"
        shutil.copytree(REPO / "content", root / "content")
        shutil.copytree(REPO / "data", root / "data")
        measure("handbook index", root, queries, args.rounds)
        big = Path(tmp) / "changde"
        shutil.copytree(REPO / "content", big / "content")
        (big / "data").mkdir(parents=True)
        shutil.copy(REPO / "data" / "counties.yaml", big / "data")
        write_demo_data(args.units, 1, big / "data" / "demo")
        measure(f"with {args.units} demo units", big, queries, args.rounds)


if __name__ == "__main__":
    main()
