"""Unit pages and county unit lists, written with Jinja directly.

Thousands of pages must not go through mkdocs one by one (nor into the
browser's search index): each page's content is rendered here and set in the
handbook's own frame (header, search box, colours, menu; see `shell.py`), so
it looks and works like the rest of the site, from file:// too.
"""

from __future__ import annotations

import datetime as dt
import sys
from itertools import groupby
from pathlib import Path
from typing import Callable

from markupsafe import Markup

from generator.compute.checklists import Checklist
from generator.model.rules import Reading
from generator.model.units import Unit
from generator.model.vocabulary import Vocabulary
from generator.output import Audience
from generator.render.excel import write_county_workbook
from generator.render.shell import NAV_SCRIPT, PageShell
from generator.render.templating import environment, load_template, render
from generator.render.unit_items import item_html
from generator.views import links
from generator.views import units as unit_views
from generator.views.why import Explainer

TEMPLATES = Path(__file__).resolve().parents[2] / "site_templates" / "units"
Progress = Callable[[int, int], None]


def stderr_progress(every: int = 2000) -> Progress:
    """Long builds say how far they are."""

    def report(done: int, total: int) -> None:
        if total >= every and (done % every == 0 or done == total):
            print(f"  单位页面 {done}/{total}", file=sys.stderr, flush=True)

    return report


def write_unit_outputs(
    results: list[Checklist], units: dict[str, Unit], explainer: Explainer, site_dir: Path,
    stamp: dt.datetime, audience: Audience, progress: Progress | None = None,
    readings: list[Reading] = (), vocabulary: Vocabulary | None = None,
) -> int:
    """Every unit page, every county list and workbook; returns files written."""
    env = environment(TEMPLATES)
    env.globals["internal"] = audience is Audience.INTERNAL  # the banner on every page of an internal output
    unit_template, county_template = load_template(env, "unit.html.j2"), load_template(env, "county.html.j2")
    for page in (links.unit_page("x"), links.county_list_page("x")):
        (site_dir / page).parent.mkdir(parents=True, exist_ok=True)
    render_item = ItemRenderer(item_html)
    shared: unit_views.SharedViews = {}
    shell = PageShell.from_site(site_dir)
    _write(site_dir / NAV_SCRIPT, shell.nav_script())
    written = 1
    for n, result in enumerate(results, start=1):
        page = unit_views.unit_page(result, units, explainer, readings, vocabulary, shared)
        items = {id(group): render_item.many(group.items) for group in (*page.sections, *page.pending)}
        content = render(unit_template, {"page": page, "items": lambda group: items[id(group)]})
        _write(site_dir / page.path, shell.render(page.name, content))
        written += 1
        if progress:
            progress(n, len(results))
    for county_id, group in by_county(results, units):
        county = units[county_id]
        page = unit_views.county_list(county, group)
        _write(site_dir / page.path, shell.render(f"{county.name}单位清单", render(county_template, {"page": page})))
        write_county_workbook(site_dir / links.county_workbook(county_id), county.name, group, explainer.sentences, stamp)
        written += 2
    return written


class ItemRenderer:
    """One item's HTML; an item view shared by many units is rendered once."""

    def __init__(self, macro) -> None:
        self.macro = macro
        self.done: dict[int, str] = {}
        self.keep: list = []  # the shared views, so that their ids stay theirs

    def __call__(self, view) -> str:
        html = self.done.get(id(view))
        if html is None:
            html = self.macro(view)
            if view.shared:
                self.done[id(view)] = html
                self.keep.append(view)
        return html

    def many(self, views) -> Markup:
        return Markup("\n".join(self(v) for v in views))


def by_county(results: list[Checklist], units: dict[str, Unit]) -> list[tuple[str, list[Checklist]]]:
    """Checklists grouped by county (a county's own checklist first), in id order."""
    def county_of(result: Checklist) -> str:
        return result.unit.county or result.unit.id

    ordered = sorted(results, key=lambda r: (county_of(r), r.unit.county is not None, r.unit.id))
    return [(cid, list(group)) for cid, group in groupby(ordered, key=county_of) if cid in units]


def _write(path: Path, text: str) -> None:
    path.write_bytes(text.encode("utf-8"))
