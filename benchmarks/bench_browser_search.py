"""The site's search box in Chromium: time from the last keystroke to the first results
on screen, served and from file://, and the sizes of what it loads.

Usage: .venv/bin/python benchmarks/bench_browser_search.py [--units 20000] [--rounds 2] [--site DIR]

Builds the repository's site (or uses --site), then types every question of
tests/search_queries.yaml into the search box, one key at a time as a person
would (60 ms apart), and measures in the page, from the last `input` event to the
box's `hb-search:results` event (answer rendered) and to the next frame (painted).
"cold" is the first question on a freshly opened page: the index loads when the
box gets the focus, while the question is being typed. With --units it also
writes the name index of a synthetic Changde-scale unit set and times name
look-ups (each first one loads a shard). Prints numbers; not a test.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import threading
from pathlib import Path
from types import SimpleNamespace

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync", "--disable-quic"]
PROBE = """
window.__latency = [];
let last = 0;
document.addEventListener("input", () => { last = performance.now(); }, true);
document.addEventListener("hb-search:results", (event) => {
  const rendered = performance.now() - last;
  const input = document.querySelector(".hb-search__input");
  if (event.detail.query !== input.value) { return; }
  requestAnimationFrame(() => setTimeout(() => {
    window.__latency.push({query: event.detail.query, rendered, painted: performance.now() - last,
                           units: document.querySelectorAll(".hb-hit--unit").length});
  }, 0));
});
"""


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def type_and_wait(page, query: str) -> dict:
    page.fill(".hb-search__input", "")
    page.evaluate("window.__latency = []")
    page.keyboard.type(query, delay=60)
    page.wait_for_function("q => window.__latency.some(l => l.query === q)", arg=query, timeout=15_000)
    return page.evaluate("q => window.__latency.find(l => l.query === q)", query)


def measure(browser, base: str, label: str, queries: list[str], rounds: int) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    cold, pasted, warm = [], [], []
    for n in range(rounds):
        page = context.new_page()
        page.add_init_script(PROBE)
        page.goto(base + "index.html")
        page.click(".hb-search__input")
        page.keyboard.insert_text(queries[n])  # the index is not here yet
        page.wait_for_function("q => window.__latency.some(l => l.query === q)", arg=queries[n], timeout=15_000)
        pasted.append(page.evaluate("q => window.__latency.find(l => l.query === q)", queries[n]))
        page.close()
        page = context.new_page()
        page.add_init_script(PROBE)
        page.goto(base + "index.html")
        page.click(".hb-search__input")
        cold.append(type_and_wait(page, queries[n]))
        for query in queries:
            warm.append(type_and_wait(page, query))
        page.close()
    context.close()
    for name, rows in (("cold (index loads on focus, while typing)", cold), ("cold (pasted at once)", pasted), ("warm", warm)):
        rendered = [r["rendered"] for r in rows]
        painted = [r["painted"] for r in rows]
        print(f"{label} {name}: {len(rows)} queries, rendered median {statistics.median(rendered):.1f} ms, "
              f"p95 {percentile(rendered, .95):.1f} ms, max {max(rendered):.1f} ms; "
              f"on screen median {statistics.median(painted):.1f} ms, p95 {percentile(painted, .95):.1f} ms, max {max(painted):.1f} ms")
        slow = sorted(rows, key=lambda r: -r["painted"])[:3]
        print("   slowest on screen: " + ", ".join(f"{r['query']} {r['painted']:.0f} ms" for r in slow))


def unit_lookups(browser, site: Path, units: list, rounds: int) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.add_init_script(PROBE)
    page.goto(site.as_uri() + "/index.html")
    page.click(".hb-search__input")
    picks = units[137::997][:12 * rounds]
    first, found = [], []
    for unit in picks:
        part = unit.name[2:]  # without the 示例 every demo name starts with
        page.fill(".hb-search__input", "")
        page.evaluate("window.__latency = []")
        page.keyboard.type(part, delay=60)
        page.wait_for_function("q => window.__latency.some(l => l.query === q && l.units)", arg=part, timeout=15_000)
        rows = page.evaluate("q => window.__latency.filter(l => l.query === q)", part)
        first.append(rows[0]["painted"])
        found.append(next(r["painted"] for r in rows if r["units"]))
    context.close()
    print(f"unit names typed, file://: {len(picks)} names, first results on screen median {statistics.median(first):.1f} ms "
          f"(max {max(first):.1f}); the unit on screen median {statistics.median(found):.1f} ms (max {max(found):.1f})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=0)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--site", type=Path)
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from generator import pipeline
    from generator.render.site_search import SCRIPT, STYLESHEET, write_search_data
    from generator.serve import SiteHandler, make_server

    SiteHandler.log_message = lambda *args: None  # quiet: this prints numbers

    queries = [q["q"] for q in yaml.safe_load((REPO / "tests" / "search_queries.yaml").read_text(encoding="utf-8"))["queries"]]
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            pipeline.build(REPO, site)
        index = site / "search" / "index.js"
        shards = sorted((site / "search" / "units").glob("*.js"))
        library = sorted((site / "search" / "library").glob("*.js"))
        print(f"handbook index {index.stat().st_size / 1e3:.0f} KB; other documents' indexes: "
              f"{', '.join(f'{p.stem} {p.stat().st_size / 1e3:.0f} KB' for p in library) or 'none'}; "
              f"unit names {len(shards)} shard(s), {sum(p.stat().st_size for p in shards) / 1e3:.0f} KB")
        usb = Path(tmp) / "党建工作手册"
        shutil.copytree(site, usb)
        server = make_server(site, 0)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            measure(browser, f"http://127.0.0.1:{server.server_port}/", "served", queries, args.rounds)
            measure(browser, usb.as_uri() + "/", "file://", queries, args.rounds)
            if args.units:
                from generator.demo_data import write_demo_data

                data = Path(tmp) / "demo"
                write_demo_data(args.units, 1, data)
                units = [SimpleNamespace(id=r["id"], name=r["name"], type=r["type"], parent=r.get("parent"), county=r.get("county"))
                         for path in sorted(data.glob("*.yaml"))
                         for r in yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)["units"]]
                names = Path(tmp) / "单位名称"
                for asset in (SCRIPT, STYLESHEET):
                    (names / asset).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy(REPO / "site_templates" / asset, names / asset)
                project, _ = pipeline.checked_project(REPO)
                written = write_search_data(project, names, units)
                (names / "index.html").write_text(
                    f'<!doctype html><meta charset="utf-8"><link rel="stylesheet" href="{STYLESHEET}">'
                    f'<div data-hb-search="inline"></div><script src="{SCRIPT}"></script>', encoding="utf-8")
                sizes = sorted(written.unit_shard_bytes)
                print(f"{len(units)} units: handbook index {written.index_bytes / 1e3:.0f} KB; {written.unit_shards} name shards, "
                      f"{sum(sizes) / 1e6:.1f} MB in all, median {statistics.median(sizes) / 1e3:.0f} KB, "
                      f"max {sizes[-1] / 1e3:.0f} KB")
                unit_lookups(browser, names, units, args.rounds)
            browser.close()
        server.shutdown()
        server.server_close()


if __name__ == "__main__":
    main()
