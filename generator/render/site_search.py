"""The site's search data, written as scripts beside the pages.

The search box (site_templates/assets/javascripts/handbook-search.js) loads
these with <script> tags: from file:// a browser refuses to fetch JSON, but
runs a script that assigns a global. Nothing here is fetched from elsewhere.

- search/index.js     the handbook's own index (client.py), loaded once a page is idle
- search/library/ID.js each other document's own index (the 文件库), loaded with it
- search/units/N.js    unit names by character pair (names.py), a shard loaded when a query needs it
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from generator.model.units import Unit
from generator.output import write_text
from generator.project import Project

DATA_DIR = "search"
GLOBAL = "handbookSearchData"
SCRIPT = "assets/javascripts/handbook-search.js"
STYLESHEET = "assets/stylesheets/handbook-search.css"


@dataclass(frozen=True)
class SearchData:
    index_bytes: int
    unit_shards: int
    unit_shard_bytes: tuple[int, ...]
    library_bytes: dict[str, int] = None  # document id → bytes of its index


def data_script(name: str, data) -> str:
    """A script that files `data` under `name` for the search box."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    # JSON is JavaScript except for these two line separators in old engines
    body = body.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f'(self.{GLOBAL}=self.{GLOBAL}||{{}})["{name}"]={body};\n'


def write_search_data(project: Project, site_dir: Path, units: Iterable[Unit] = (), advanced_page: str | None = None) -> SearchData:
    """The handbook index, and name shards for `units` (those with a page on this site);
    `advanced_page` is where the box sends "more" (the 高级检索 page), from the site root."""
    from generator.search.client import browser_indexes
    from generator.search.names import name_index
    from generator.views.links import unit_page

    index, library = browser_indexes(project)
    if advanced_page:
        index["advancedPage"] = advanced_page
    shards: list[list] = []
    units = list(units)
    if units:
        manifest, shards = name_index(units, unit_page)
        index["units"] = manifest
    folder = site_dir / DATA_DIR
    written = write_text(folder / "index.js", data_script("index", index))
    library_bytes = {name: write_text(folder / "library" / f"{name}.js", data_script(f"library/{name}", data)).stat().st_size
                     for name, data in library.items()}
    sizes = tuple(
        write_text(folder / "units" / f"{n}.js", data_script(f"units/{n}", shard)).stat().st_size
        for n, shard in enumerate(shards)
    )
    return SearchData(written.stat().st_size, len(shards), sizes, library_bytes)
