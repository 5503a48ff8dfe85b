"""Per-unit outputs at Changde scale: checklists for every unit and all unit pages.

Usage: .venv/bin/python benchmarks/bench_units.py [--units 20000] [--seed 1]
Builds a temporary project (the repository's content/ and counties plus a
synthetic demo data set), then times each stage. Prints numbers; not a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import shutil
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--full-build", action="store_true", help="also time a whole `handbook build`")
    args = parser.parse_args()

    from generator import pipeline
    from generator.demo_data import write_demo_data
    from generator.render.units import write_unit_outputs
    from generator.views.checklists import all_checklists, rule_set, sentence_texts

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(REPO / "content", root / "content")
        (root / "data").mkdir()
        shutil.copy(REPO / "data" / "counties.yaml", root / "data")
        write_demo_data(args.units, args.seed, root / "data" / "demo")
        clock = time.perf_counter()
        project, _ = pipeline.checked_project(root)
        t_check = time.perf_counter() - clock
        rules = rule_set(project)
        clock = time.perf_counter()
        results = all_checklists(project, rules)
        t_compute = time.perf_counter() - clock
        items = sum(len(r.items) for r in results)
        site = root / "site"
        stamp = dt.datetime(2012, 6, 20)
        clock = time.perf_counter()
        files = write_unit_outputs(results, project.units_by_id, sentence_texts(project, rules.document), site, False, stamp)
        t_write = time.perf_counter() - clock
        pages = sum(1 for _ in (site / "units").glob("*.html"))
        size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
        print(f"units: {len(project.units)} (demo {args.units} + counties), checklist items: {items}")
        print(f"load + validate + checks: {t_check:.1f} s")
        print(f"compute all checklists:   {t_compute:.1f} s")
        print(f"write unit pages, county lists and workbooks: {t_write:.1f} s ({pages} pages, {files} files, {size / 1e6:.0f} MB)")
        print(f"checklists + pages (the issue's budget): {t_compute + t_write:.1f} s; with loading: {t_check + t_compute + t_write:.1f} s")
        print(f"peak RSS: {peak_mib():.0f} MiB")
        if args.full_build:
            clock = time.perf_counter()
            report = pipeline.build(root, root / "full-site")
            print(f"full handbook build: {time.perf_counter() - clock:.1f} s, {report.files} files, {report.bytes / 1e6:.0f} MB; peak RSS {peak_mib():.0f} MiB")


if __name__ == "__main__":
    main()
