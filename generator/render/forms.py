"""Every form, blank and filled for every unit, plus one zip per county."""

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
from generator.views.downloads import form_file_name, unit_form_file, zip_folders
from generator.views.forms import FormWarnings, blank_context, unit_context

ZIP_DATE = (2012, 6, 20, 0, 0, 0)


def prepared_forms() -> dict[str, PreparedTemplate]:
    return {f.name: prepare(f.path) for f in FORMS}


def fill_unit_forms(prepared: dict[str, PreparedTemplate], result: Checklist, units: dict[str, Unit], doc: Document,
                    sentences: dict[str, str], warnings: FormWarnings) -> dict[str, bytes]:
    return {f.name: prepared[f.name].fill(unit_context(result, units, doc, sentences, f.sentence, warnings))
            for f in FORMS}


def write_forms(results: list[Checklist], units: dict[str, Unit], doc: Document, sentences: dict[str, str],
                site_dir: Path, by_county) -> FormWarnings:
    prepared = prepared_forms()
    warnings = FormWarnings()
    for f in FORMS:
        blank = site_dir / links.blank_form(f.name)
        blank.parent.mkdir(parents=True, exist_ok=True)
        blank.write_bytes(prepared[f.name].fill(blank_context(doc, sentences, f.sentence)))
    forms = {f.name: f for f in FORMS}
    for county_id, group in by_county(results, units):
        buffer = io.BytesIO()
        folders = zip_folders([r.unit for r in group])
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:  # the .docx files are compressed already
            for result in group:
                unit = result.unit
                for name, data in fill_unit_forms(prepared, result, units, doc, sentences, warnings).items():
                    target = site_dir / unit_form_file(unit, forms[name])
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(data)
                    archive.writestr(zipfile.ZipInfo(f"{folders[unit.id]}/{form_file_name(unit, forms[name])}", ZIP_DATE), data)
        target = site_dir / links.county_forms_zip(county_id)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(buffer.getvalue())
    return warnings
