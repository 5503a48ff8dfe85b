"""How long `handbook check` takes: on the repository, and on synthetic unit sets.

Usage: .venv/bin/python benchmarks/bench_check.py [--units 20000] [--repeat 5]
Prints wall-clock figures; this is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
import resource
from pathlib import Path

import openpyxl
import yaml

from generator import pipeline

REPO = Path(__file__).resolve().parent.parent


def timed(root: Path, repeat: int) -> tuple[list[float], int]:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = pipeline.check(root)
        runs.append(time.perf_counter() - started)
    return runs, len(result.findings)


def synthetic_units(n: int) -> list[dict]:
    """Villages under 10 townships of one real county, with typical fields filled."""
    units = [{"id": f"bench-town-{t}", "name": f"示例{t}镇", "type": "乡镇", "parent": "jinshi", "county": "jinshi", "sample": True} for t in range(10)]
    ratings = ["好", "较好", "一般", "较差"]
    for i in range(n):
        units.append({
            "id": f"bench-v-{i}", "name": f"示例{i}村", "type": "村", "parent": f"bench-town-{i % 10}",
            "county": "jinshi", "sample": True, "ratings": {2011: ratings[i % 4], 2012: ratings[(i + 1) % 4]},
            "members": 20 + i % 70, "developed": {2011: i % 3, 2012: i % 2}, "funds": {2012: 5 + (i % 30) / 10},
            "secretary": {"education": "高中", "in_post_since": 2000 + i % 12},
        })
    return units


def write_xlsx(path: Path, units: list[dict]) -> None:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("单位")
    sheet.append(["编号", "名称", "类型", "上级", "区县", "示例", "党员数", "定级2012", "发展党员2012", "经费2012"])
    for u in units:
        sheet.append([u["id"], u["name"], u["type"], u["parent"], u["county"], "是", u.get("members"),
                      u.get("ratings", {}).get(2012), u.get("developed", {}).get(2012), u.get("funds", {}).get(2012)])
    book.save(path)


def report(label: str, runs: list[float], findings: int) -> None:
    print(f"{label}: median {statistics.median(runs):.2f} s, min {min(runs):.2f} s over {len(runs)} runs ({findings} findings)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    report("repository (content + data)", *timed(REPO, args.repeat))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(REPO / "content", root / "content")
        shutil.copytree(REPO / "data", root / "data")
        units = synthetic_units(args.units)
        (root / "data" / "bench.yaml").write_text(yaml.safe_dump({"units": units}, allow_unicode=True), encoding="utf-8")
        report(f"repository + {args.units} units in YAML", *timed(root, 1))
        print(f"  peak RSS so far {peak_rss_mib():.0f} MiB")
        (root / "data" / "bench.yaml").unlink()
        write_xlsx(root / "data" / "bench.xlsx", units)
        report(f"repository + {args.units} units in Excel", *timed(root, 1))
        print(f"  peak RSS so far {peak_rss_mib():.0f} MiB")


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    main()
