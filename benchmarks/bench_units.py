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
    from generator.output import Audience
    from generator.render.site import build_site
    from generator.render.shell import SHELL_HTML, PageShell
    from generator.render.units import UnitWriter
    from generator.views.checklists import compute_checklists, rule_set
    from generator.render.overview import write_overview
    from generator.views.dashboards import overview
    from generator.views.site import site_views

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(REPO / "content", root / "content")
        (root / "data").mkdir()
        shutil.copy(REPO / "data" / "counties.yaml", root / "data")
        write_demo_data(args.units, args.seed, root / "data" / "demo")
        clock = time.perf_counter()
        project = pipeline.project_for(root)  # the public projection, as a public build sees it
        t_check = time.perf_counter() - clock
        rules = rule_set(project)
        site = root / "site"
        clock = time.perf_counter()
        build_site(project, site_views(project, rules.document), root / "staging", site)  # the frame unit pages wear
        t_site = time.perf_counter() - clock
        clock = time.perf_counter()
        boards = overview(project, rules.document)  # what an incremental build redoes when unit data change
        t_overview_views = time.perf_counter() - clock
        clock = time.perf_counter()
        overview_files = write_overview(boards, site)
        t_overview_write = time.perf_counter() - clock
        clock = time.perf_counter()
        computed = compute_checklists(project, rules)
        t_compute = time.perf_counter() - clock
        results = computed.results
        items = sum(len(r.items) for r in results)
        pending = sum(1 for r in results for i in r.items if i.applies is None)
        stamp = dt.datetime(2012, 6, 20)
        clock = time.perf_counter()
        # what a build's workers do, in one process: every unit's page, then every county's list and workbook
        shell = PageShell.parse((site / SHELL_HTML).read_text(encoding="utf-8"))
        writer = UnitWriter(project, computed, shell, site, stamp, Audience.PUBLIC, False, project.document(rules.document))
        files = writer.unit_pages([u.id for u in project.units])
        every = {u.id: "" for u in project.units}  # no previous build: every member computed
        files += sum(writer.county(u.id, every) for u in project.units if u.type == "区县")
        t_write = time.perf_counter() - clock
        pages = sum(1 for _ in (site / "units").glob("*.html"))
        size = sum(p.stat().st_size for p in (site / "units").rglob("*") if p.is_file())
        print(f"units: {len(project.units)} (demo {args.units} + counties), checklist items: {items} (待核实 {pending})")
        print(f"load + validate + checks: {t_check:.1f} s")
        print(f"handbook site (mkdocs, gives the unit pages their frame): {t_site:.1f} s")
        print(f"units index and dashboards alone, no mkdocs: views {t_overview_views:.2f} s + write {t_overview_write:.2f} s "
              f"({len(overview_files)} files)")
        print(f"compute all checklists:   {t_compute:.1f} s")
        print(f"write unit pages, county lists and workbooks: {t_write:.1f} s ({pages} pages, {files} files, {size / 1e6:.0f} MB in units/)")
        print(f"checklists + pages (the issue's budget): {t_compute + t_write:.1f} s; with loading: {t_check + t_compute + t_write:.1f} s")
        print(f"peak RSS: {peak_mib():.0f} MiB")
        if args.full_build:
            clock = time.perf_counter()
            report = pipeline.build(root, root / "full-site")
            print(f"full handbook build: {time.perf_counter() - clock:.1f} s, {report.files} files, {report.bytes / 1e6:.0f} MB; peak RSS {peak_mib():.0f} MiB")


if __name__ == "__main__":
    main()
