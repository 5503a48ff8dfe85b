"""Unit pages and county unit lists, written with Jinja directly.

Thousands of pages must not go through mkdocs one by one (nor into the
browser's search index): each is a small standalone HTML file that links back
into the handbook, and works from file:// like the rest of the site.
"""

from __future__ import annotations

import datetime as dt
import sys
from itertools import groupby
from pathlib import Path
from typing import Callable

from generator.compute.checklists import Checklist
from generator.model.units import Unit
from generator.output import Audience
from generator.render.excel import write_county_workbook
from generator.render.templating import environment, load_template, render
from generator.views import links
from generator.views import units as unit_views

TEMPLATES = Path(__file__).resolve().parents[2] / "site_templates" / "units"
Progress = Callable[[int, int], None]


def stderr_progress(every: int = 2000) -> Progress:
    """Long builds say how far they are."""

    def report(done: int, total: int) -> None:
        if total >= every and (done % every == 0 or done == total):
            print(f"  单位页面 {done}/{total}", file=sys.stderr, flush=True)

    return report


def write_unit_outputs(
    results: list[Checklist], units: dict[str, Unit], sentences: dict[str, str], site_dir: Path,
    stamp: dt.datetime, audience: Audience, progress: Progress | None = None,
) -> int:
    """Every unit page, every county list and workbook; returns files written."""
    env = environment(TEMPLATES)
    env.globals["internal"] = audience is Audience.INTERNAL  # the banner on every page of an internal output
    unit_template, county_template = load_template(env, "unit.html.j2"), load_template(env, "county.html.j2")
    for page in (links.unit_page("x"), links.county_list_page("x")):
        (site_dir / page).parent.mkdir(parents=True, exist_ok=True)
    written = 0
    for n, result in enumerate(results, start=1):
        page = unit_views.unit_page(result, units, sentences)
        _write(site_dir / page.path, render(unit_template, {"page": page, "title": page.name, "root": "../"}))
        written += 1
        if progress:
            progress(n, len(results))
    for county_id, group in by_county(results, units):
        county = units[county_id]
        page = unit_views.county_list(county, group)
        _write(site_dir / page.path, render(county_template, {"page": page, "title": county.name, "root": "../"}))
        write_county_workbook(site_dir / links.county_workbook(county_id), county.name, group, sentences, stamp)
        written += 2
    return written


def by_county(results: list[Checklist], units: dict[str, Unit]) -> list[tuple[str, list[Checklist]]]:
    """Checklists grouped by county (a county's own checklist first), in id order."""
    def county_of(result: Checklist) -> str:
        return result.unit.county or result.unit.id

    ordered = sorted(results, key=lambda r: (county_of(r), r.unit.county is not None, r.unit.id))
    return [(cid, list(group)) for cid, group in groupby(ordered, key=county_of) if cid in units]


def _write(path: Path, text: str) -> None:
    path.write_bytes(text.encode("utf-8"))
