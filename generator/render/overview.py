"""The units index and the indicator dashboards, set in the site's frame without mkdocs.

These pages depend on unit data; written with Jinja directly (like the unit
pages, render/units.py), a change in the data never needs the mkdocs build.
`write_overview` runs on its own once the site holds the frame
(units/_shell.html, see shell.py): the full build calls it right after
mkdocs, an incremental build may call it alone. Their menu entries stay in
mkdocs' nav (which needs only the counties' names).
"""

from __future__ import annotations

from pathlib import Path

from generator.render.shell import NAV_SCRIPT, PageShell
from generator.render.templating import environment, load_template, render
from generator.views.dashboards import Overview

TEMPLATES = Path(__file__).resolve().parents[2] / "site_templates" / "units"
UNITS_INDEX_TITLE = "单位清单与指标看板"


def write_overview(overview: Overview, site_dir: Path, shell: PageShell | None = None) -> list[Path]:
    """The units index and every dashboard into `site_dir`; returns the files written."""
    shell = shell or PageShell.from_site(site_dir)
    written = [_write(site_dir / NAV_SCRIPT, shell.nav_script())]  # the menu these pages load (same bytes as render/units.py's)
    for path, title, content in overview_pages(overview):
        written.append(_write(site_dir / path, shell.moved(path).render(title, content)))
    return written


def overview_pages(overview: Overview) -> list[tuple[str, str, str]]:
    """(path, title, content HTML) of each page, before the frame."""
    env = environment(TEMPLATES)
    env.globals["internal"] = False  # no personal data on these pages, whatever the audience
    index, board = load_template(env, "units_index.html.j2"), load_template(env, "dashboard.html.j2")
    pages = [(overview.units_index.path, UNITS_INDEX_TITLE, render(index, {"page": overview.units_index}))]
    pages += [(d.path, d.title, render(board, {"page": d})) for d in overview.dashboards]
    return pages


def overview_paths(overview: Overview) -> list[str]:
    return [overview.units_index.path, *(d.path for d in overview.dashboards)]


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path
