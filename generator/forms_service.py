"""Filled forms made on request by `handbook serve`, so that no output stores them.

Nine forms for each of 20,000 units would be 180,000 files (2.3 GB) that
nobody downloads all of. The service fills a unit's form when it is asked for,
at the address the unit page links to (`forms/units/<id>/<单位>-<表格>.docx`),
and a county's zip of all its units' forms (`downloads/forms/forms-<id>.zip`).
It uses the project as the served output was built from: loaded through the
output's own load cache (fast), for the output's audience (a public site gets
the public projection), and loaded again after each build. Only ids of known
units and the exact file names the unit page links to are answered.
"""

from __future__ import annotations

import posixpath
import re
import threading
from pathlib import Path
from urllib.parse import unquote

from generator.output import Audience, output_audience

_UNIT_FORM = re.compile(r"/forms/units/([a-z0-9][a-z0-9-]*)/([^/]+\.docx)")
_COUNTY_ZIP = re.compile(r"/downloads/forms/forms-([a-z0-9][a-z0-9-]*)\.zip")


class FormsOnRequest:
    def __init__(self, site_dir: Path, root: Path | None) -> None:
        self.site_dir, self.root = site_dir, root
        self.lock = threading.Lock()
        self.loaded_for: tuple | None = None
        self.writer = None

    def answer(self, path: str) -> tuple[str, bytes] | None:
        """(file name, bytes) for a form or zip address, or None (not one of ours, or unknown)."""
        path = posixpath.normpath(unquote(path))  # as the file server resolves it ("units/../forms/…")
        unit_form, county_zip = _UNIT_FORM.fullmatch(path), _COUNTY_ZIP.fullmatch(path)
        if self.root is None or not (unit_form or county_zip):
            return None
        with self.lock:
            writer = self._writer()
            if writer is None:
                return None
            if unit_form:
                return self._unit_form(writer, *unit_form.groups())
            return self._county_zip(writer, county_zip.group(1))

    @staticmethod
    def _unit_form(writer, unit_id: str, file_name: str) -> tuple[str, bytes] | None:
        from generator.forms.catalog import FORMS
        from generator.views.downloads import form_file_name

        unit = writer.units.get(unit_id)
        if unit is None:
            return None
        chosen = next((f for f in FORMS if form_file_name(unit, f) == file_name), None)
        if chosen is None:
            return None
        return file_name, writer.filled_forms(writer.checklist(unit_id))[chosen.name]

    @staticmethod
    def _county_zip(writer, county_id: str) -> tuple[str, bytes] | None:
        from generator.render.forms import county_zip

        county = writer.units.get(county_id)
        if county is None or county.type != "区县":
            return None
        members = sorted(u.id for u in writer.project.units if u.county == county_id)
        results = [writer.checklist(i) for i in [county_id, *members]]
        return f"{county.name}全部单位的表格.zip", county_zip(results, writer.filled_forms)

    def _writer(self):
        """The project as the served output was built from; loaded again after a build."""
        from generator.incremental import MANIFEST

        try:
            stamp = (self.site_dir / MANIFEST).stat()
        except OSError:
            return None
        identity = (stamp.st_ino, stamp.st_mtime_ns)
        if identity != self.loaded_for:
            self.writer, self.loaded_for = self._load(), identity
        return self.writer

    def _load(self):
        import datetime as dt

        from generator import pipeline
        from generator.incremental import CACHE_DIR, project_key
        from generator.loading.cache import LoadCache
        from generator.render.units import UnitWriter
        from generator.views.checklists import compute_checklists, rule_set

        audience = output_audience(self.site_dir) or Audience.PUBLIC
        cache = LoadCache(self.site_dir / CACHE_DIR, None, public=audience is Audience.PUBLIC,
                          secret=project_key(self.root, make=False))
        project = pipeline.project_for(self.root, audience, cache)
        rules = rule_set(project)
        doc = project.document(rules.document)
        computed = compute_checklists(project, rules, only=[])
        date = max(doc.date, dt.date(1980, 1, 1))
        return UnitWriter(project, computed, None, self.site_dir, dt.datetime(date.year, date.month, date.day), audience,
                          False, doc)
