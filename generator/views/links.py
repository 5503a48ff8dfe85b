"""Page paths and the relative links between them.

Every page is addressed by its Markdown source path ("articles/art-9.md").
Markdown links use that path (mkdocs checks them in --strict mode); raw HTML
links need the built ".html" path, relative to the page they sit on.

Names made from ids (units, counties, unit types) live in folders of their
own, where no fixed page lives: an id can never name the same file as a fixed
page or as an id of another kind (a unit `county-jinshi`, a 区县 `city`).
Fixed anchors on pages that also carry id anchors start with "_", which no id
can (ids are [a-z0-9-]).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

HOME = "index.md"
NOTICE = "notice.md"
GLOSSARY = "glossary.md"
INDICATORS = "indicators.md"
CALENDAR = "calendar.md"
CALENDAR_ICS = "downloads/calendar.ics"
UNIT_TYPES = "unit-types.md"  # the overview; each type's page is in unit-types/
BODIES = "bodies.md"
DOWNLOADS = "downloads.md"
PRINT = "print.md"
SOURCE_TXT = "downloads/{doc}.txt"
LIBRARY = "library.md"  # the 文件库: every document of the knowledge base


def article_page(number: int) -> str:
    return f"articles/art-{number}.md"


def library_page(doc_id: str, name: str) -> str:
    """A page of a document other than the site's own: `index` (contents), `text`, `print`.
    Under library/<document id>/, which no unit, county or type id can reach."""
    return f"library/{doc_id}/{name}.md"


def library_source(doc_id: str) -> str:
    return f"library/{doc_id}/source.txt"


def unit_type_page(code: str) -> str:
    return f"unit-types/{code}.md"


def unit_page(unit_id: str) -> str:
    return f"units/{unit_id}.html"


def county_list_page(county_id: str) -> str:
    return f"counties/{county_id}.html"


def county_workbook(county_id: str) -> str:
    return f"downloads/units/units-{county_id}.xlsx"


def county_forms_zip(county_id: str) -> str:
    return f"downloads/forms/forms-{county_id}.zip"


def unit_form(unit_id: str, form_name: str) -> str:
    return f"forms/units/{unit_id}/{form_name}.docx"


def blank_form(form_name: str) -> str:
    return f"forms/blank/{form_name}.docx"


# Pages that depend on unit data are written without mkdocs (render/overview.py):
# their paths are the built ".html" files, linked as raw HTML.
UNITS_INDEX = "units.html"
CITY_DASHBOARD = "dashboards/city.html"


def county_dashboard(county_id: str) -> str:
    return f"dashboards/counties/{county_id}.html"


def sentence_label(sentence_id: str) -> tuple[str, str]:
    """("第9条", "第9条第2句") for art-9.s2; ("引言", "引言第1句") for preamble.s1."""
    part, k = sentence_id.rsplit(".s", 1)
    head = f"第{part[4:]}条" if part.startswith("art-") else "引言"
    return head, f"{head}第{k}句"


def sentence_link(from_page: str, sentence_id: str) -> "Link":
    """A link to the sentence on its article page (the preamble lives on the notice page)."""
    part = sentence_id.rsplit(".s", 1)[0]
    page = article_page(int(part[4:])) if part.startswith("art-") else NOTICE
    return link(sentence_label(sentence_id)[1], from_page, page, sentence_id)


@dataclass(frozen=True)
class Link:
    """A link as seen from one page: `md` for Markdown, `html` for raw HTML."""

    text: str
    md: str
    html: str


def link(text: str, from_page: str, to_page: str, anchor: str | None = None) -> Link:
    rel = posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
    suffix = f"#{anchor}" if anchor else ""
    html = rel[:-3] + ".html" if rel.endswith(".md") else rel
    return Link(text, rel + suffix, html + suffix)
