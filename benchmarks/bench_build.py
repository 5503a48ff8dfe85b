"""Whole builds at Changde scale, the way a county organization department rebuilds all year.

Usage: .venv/bin/python benchmarks/bench_build.py [--units 20000] [--seed 1] [--skip-serial]

Makes a temporary project (the repository's content/ and counties plus a
synthetic data set of --units units), then times, each as its own
`handbook build` process: a full build with every core, the same with one
worker, a rebuild with no change, a one-unit change (in three counties' files,
and in the largest county's), a county's filled-in workbook dropped into
data/progress/, a template change, and one county's site for a USB stick. Prints wall time, peak memory of the build process (and
of its largest worker), files and bytes. Prints numbers; not a test.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# as on a user's machine: Python keeps the compiled modules (some sandboxes turn that off, and
# every build then compiles the generator again: 0.2 s of a one-unit change)
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run(root: Path, *args: str) -> tuple[float, float, str]:
    """(seconds, peak RSS in MiB of this build and its workers, first line of its output)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([sys.executable, "-m", "generator", "build", "--root", str(root), *args],
                                stdout=subprocess.DEVNULL, stderr=err, env=ENV)
        _, status, usage = os.wait4(proc.pid, 0)  # this process's own peak (with the workers it waited for)
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        err.seek(0)
        said = err.read().decode("utf-8", "replace").strip()
    if proc.returncode != 0:
        sys.exit(f"build failed:\n{said[-3000:]}")
    return seconds, usage.ru_maxrss / 1024, said.splitlines()[0] if said else ""


def size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-serial", action="store_true", help="do not time the one-worker full build")
    args = parser.parse_args()
    from generator.demo_data import write_demo_data

    cores = len(os.sched_getaffinity(0))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        shutil.copytree(REPO / "content", root / "content")
        (root / "data").mkdir(parents=True)
        shutil.copy(REPO / "data" / "counties.yaml", root / "data")
        write_demo_data(args.units, args.seed, root / "data" / "demo")
        site = root / "site"
        print(f"{args.units} demo units, {cores} cores; each line is one `handbook build` process")

        def line(label: str, result: tuple[float, float, str], folder: Path = site) -> None:
            seconds, peak, said = result
            files, total = size(folder)
            print(f"{label:<44} {seconds:7.1f} s  peak RSS {peak:6.0f} MiB  {files:7d} files {total / 1e6:8.1f} MB")
            if said:
                print(f"    {said[:160]}")

        if not args.skip_serial:
            line("full build, 1 worker", run(root, "--workers", "1", "--full"))
        line(f"full build, {cores} workers", run(root, "--full"))
        line("rebuild, nothing changed", run(root))
        # one unit's figure, three times in three counties' files: one change is a few seconds, so
        # the machine's noise shows; the median is the figure to quote
        one_unit = []
        for village in sorted((root / "data" / "demo").glob("*.yaml"))[:3]:
            text = village.read_text(encoding="utf-8")
            village.write_text(text.replace("members: ", "members: 1", 1), encoding="utf-8")
            result = run(root)
            one_unit.append(result[0])
            line(f"one unit's member count changed ({village.stem})", result)
        print(f"{'    one unit changed, median of 3':<44} {sorted(one_unit)[1]:7.1f} s")
        # and in the largest county's file, the slowest case (its list and workbook are the longest)
        largest = max((root / "data" / "demo").glob("*.yaml"), key=lambda f: f.stat().st_size)
        text = largest.read_text(encoding="utf-8")
        largest.write_text(text.replace("members: ", "members: 1", 1), encoding="utf-8")
        line(f"one unit changed, largest county ({largest.stem})", run(root))
        workbook = next(sorted((site / "downloads" / "units").glob("*.xlsx")).__iter__())
        (root / "data" / "progress").mkdir(exist_ok=True)
        fill_workbook(workbook, root / "data" / "progress" / workbook.name, 200)
        line("a county's workbook back in data/progress/", run(root))
        line("rebuild, nothing changed", run(root))
        template = REPO / "site_templates" / "units" / "county.html.j2"
        original = template.read_bytes()
        try:
            template.write_bytes(original + b"\n")
            line("a unit-page template changed (county.html.j2)", run(root))
        finally:
            template.write_bytes(original)
        county = workbook.stem.removeprefix("units-")
        stick = root / f"site-{county}"
        line(f"one county's site for a USB stick ({county})", run(root, "--county", county), stick)


def fill_workbook(source: Path, target: Path, rows: int) -> None:
    """What a county sends back: status, date and evidence filled in on the first rows."""
    import openpyxl

    book = openpyxl.load_workbook(source)
    sheet = book["清单"]
    header = [c.value for c in sheet[1]]
    status, date, evidence = header.index("状态") + 1, header.index("日期") + 1, header.index("佐证") + 1
    for row in range(2, min(sheet.max_row, rows + 1) + 1):
        sheet.cell(row, status).value = "进行中"
        sheet.cell(row, date).value = "2012-10-15"
        sheet.cell(row, evidence).value = "会议记录"
    book.save(target)


if __name__ == "__main__":
    main()
