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
from typing import Callable, Mapping

from markupsafe import Markup

from generator.compute.checklists import Checklist
from generator.model.rules import Reading
from generator.model.units import Unit
from generator.model.vocabulary import Vocabulary
from generator.output import Audience
from generator.render.county_rows import Parts, read_parts, rows_file, write_parts
from generator.render.excel import item_cells, write_county_workbook
from generator.render.shell import NAV_SCRIPT, PageShell
from generator.render.templating import environment, load_template, render
from generator.render.unit_items import item_html
from generator.views import links
from generator.views import units as unit_views
from generator.views.why import Explainer

TEMPLATES = Path(__file__).resolve().parents[2] / "site_templates" / "units"


class UnitWriter:
    """Writes unit pages (and their filled forms) and county lists, workbooks (and
    zips), a few at a time: what a build's process pool hands out. The project,
    rule index and neighbours' facts are computed once, before the pool starts."""

    def __init__(self, project, computed, shell: PageShell, site_dir: Path, stamp: dt.datetime, audience: Audience,
                 forms: bool, doc) -> None:
        from generator.compute.checklists import progress_index

        self.project, self.computed, self.shell, self.site_dir, self.stamp = project, computed, shell, site_dir, stamp
        self.forms, self.doc = forms, doc
        self.units = project.units_by_id
        self.rules = {r.id: r for r in computed.rules.rules}
        self.progress = progress_index(project.progress)
        env = environment(TEMPLATES)
        env.globals["internal"] = audience is Audience.INTERNAL  # the banner on every page of an internal output
        env.globals["forms_here"] = forms  # else the filled forms come from `handbook serve`
        self.unit_template, self.county_template = load_template(env, "unit.html.j2"), load_template(env, "county.html.j2")
        self.render_item = ItemRenderer(item_html)
        self.shared: unit_views.SharedViews = {}
        self.prepared = None
        self.written: list[Path] = []  # every file written, for the privacy guard (render/privacy.py)

    def checklist(self, unit_id: str) -> Checklist:
        from generator.compute.checklists import checklist

        c = self.computed
        return checklist(self.units[unit_id], c.index, self.progress, c.ctx)

    def unit_pages(self, ids: list[str]) -> int:
        rules = self.computed.rules
        for unit_id in ids:
            result = self.checklist(unit_id)
            page = unit_views.unit_page(result, self.units, self.computed.explainer, rules.readings, self.project.vocabulary, self.shared)
            items = {id(group): self.render_item.many(group.items) for group in (*page.sections, *page.pending)}
            content = render(self.unit_template, {"page": page, "items": lambda group: items[id(group)]})
            self._write(self.site_dir / page.path, self.shell.render(page.name, content))
            if self.forms:
                self._forms(result)
        return len(ids)

    def county(self, county_id: str, fingerprints: Mapping[str, str], previous: Path | None = None,
               halves: tuple[str, ...] = ("page", "workbook")) -> int:
        """A county's list page (with the rows file) and workbook, or one of these `halves` (two
        processes can make one half each). Each member's part of them is taken from the previous
        build's (`previous`: its output folder) where its fingerprint is unchanged."""
        county = self.units[county_id]
        members = [county_id] + sorted(u.id for u in self.project.units if u.county == county_id)  # the county first
        kept = read_parts(previous / rows_file(county_id)) if previous is not None else {}
        parts: Parts = {}
        for unit_id in members:
            part = kept.get(unit_id)
            if part is None or part[0] != fingerprints[unit_id]:
                result = self.checklist(unit_id)
                part = (fingerprints[unit_id], unit_views.unit_figures(result), item_cells(result))
            parts[unit_id] = part
        units = [self.units[i] for i in members]
        if "page" in halves:
            page = unit_views.county_list(county, [(u, parts[u.id][1]) for u in units])
            self._write(self.site_dir / page.path, self.shell.render(f"{county.name}单位清单", render(self.county_template, {"page": page})))
            write_parts(self.site_dir / rows_file(county_id), parts)
        if "workbook" in halves:
            self.written.append(write_county_workbook(self.site_dir / links.county_workbook(county_id), county.name,
                                                      [(u, parts[u.id][2]) for u in units], self.rules, self.computed.sources, self.stamp))
        return 1 if "page" in halves else 0

    def filled_forms(self, result: Checklist) -> dict[str, bytes]:
        from generator.render.forms import fill_unit_forms, prepared_forms
        from generator.views.forms import FormWarnings

        if self.prepared is None:
            self.prepared = prepared_forms()
        return fill_unit_forms(self.prepared, result, self.units, self.doc, self.computed.sources, FormWarnings())

    def _forms(self, result: Checklist) -> None:
        from generator.forms.catalog import FORMS
        from generator.views.downloads import unit_form_file

        forms = {f.name: f for f in FORMS}
        for name, data in self.filled_forms(result).items():
            target = self.site_dir / unit_form_file(result.unit, forms[name])
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            self.written.append(target)

    def _write(self, path: Path, text: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        self.written.append(path)


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
