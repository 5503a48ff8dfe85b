"""The forms: blank, filled for a unit, and a county's zip of them."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from generator.compute.checklists import Checklist
from generator.forms.catalog import FORMS
from generator.model.document import Document
from generator.model.units import Unit
from generator.render.docx import PreparedTemplate, prepare
from generator.views import links
from generator.views.downloads import form_file_name, zip_folders
from generator.views.sources import RuleSources
from generator.views.forms import FormWarnings, blank_context, unit_context

ZIP_DATE = (2012, 6, 20, 0, 0, 0)


def prepared_forms() -> dict[str, PreparedTemplate]:
    return {f.name: prepare(f.path) for f in FORMS}


def fill_unit_forms(prepared: dict[str, PreparedTemplate], result: Checklist, units: dict[str, Unit], doc: Document,
                    sources: RuleSources, warnings: FormWarnings) -> dict[str, bytes]:
    """`sources`: where each duty comes from (views/sources.py); its `texts` are `doc`'s sentences (each form's basis)."""
    return {f.name: prepared[f.name].fill(unit_context(result, units, doc, sources, f.sentence, warnings))
            for f in FORMS}


def write_blank_forms(project, doc: Document, site_dir: Path) -> None:
    """The nine forms, blank, for the downloads page."""
    from generator.views.checklists import sentence_texts

    prepared, sentences = prepared_forms(), sentence_texts(project, doc.id)
    for f in FORMS:
        blank = site_dir / links.blank_form(f.name)
        blank.parent.mkdir(parents=True, exist_ok=True)
        blank.write_bytes(prepared[f.name].fill(blank_context(doc, sentences, f.sentence)))


def county_zip(results: list[Checklist], fill) -> bytes:
    """All filled forms of a county's units, one folder per unit (named after it).
    `fill(result)` gives a unit's forms by name. Made on request by `handbook serve`."""
    buffer = io.BytesIO()
    forms = {f.name: f for f in FORMS}
    folders = zip_folders([r.unit for r in results])
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:  # the .docx files are compressed already
        for result in results:
            unit = result.unit
            for name, data in fill(result).items():
                archive.writestr(zipfile.ZipInfo(f"{folders[unit.id]}/{form_file_name(unit, forms[name])}", ZIP_DATE), data)
    return buffer.getvalue()
