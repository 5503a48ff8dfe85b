"""The order of the stages, readable as a table of contents.

load → validate (collect everything, stop once) → compute → views → renderers.
Later stages (site, checklists, Word, search) plug in after `checked_project`.
"""

from __future__ import annotations

import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from generator.checks import run_checks
from generator.errors import Finding, InvalidInput, UsageError, has_errors, sort_findings
from generator.project import Project, load_project


@dataclass
class CheckResult:
    project: Project
    findings: list[Finding]

    @property
    def ok(self) -> bool:
        return not has_errors(self.findings)


def check(root: Path) -> CheckResult:
    """Load and validate all inputs, then run every cross-record check."""
    project, findings = load_project(root)
    findings += run_checks(project)
    return CheckResult(project, sort_findings(findings))


def checked_project(root: Path) -> tuple[Project, list[Finding]]:
    """The validated project for later stages; raises once if anything is wrong."""
    result = check(root)
    if not result.ok:
        raise InvalidInput(result.findings)
    return result.project, result.findings


@dataclass
class BuildReport:
    out_dir: Path
    seconds: float
    files: int
    bytes: int
    search_index_bytes: int
    search: str = ""

    def summary(self) -> str:
        site = (f"网站已生成：{self.out_dir}（{self.files} 个文件，{self.bytes / 1e6:.1f} MB，"
                f"网页检索索引 {self.search_index_bytes / 1e3:.0f} KB，用时 {self.seconds:.1f} 秒）")
        return f"{site}\n{self.search}" if self.search else site


def update_search_index(project: Project, folder: Path):
    """Index articles, terms and units for `handbook search` and the service."""
    from generator.search.corpus import corpus, dictionary_words, synonym_groups
    from generator.search.engine import update_index

    return update_index(folder, corpus(project), dictionary_words(project), synonym_groups(project))


def build(root: Path, out_dir: Path | None = None, doc_id: str | None = None, internal: bool = False,
          progress=None, index_dir: Path | None = None) -> BuildReport:
    """check → compute → views → site, unit pages, workbooks → privacy guard.

    The previous output stays in place if any stage fails. An internal build
    (personal data included) goes to site-internal/ unless told otherwise.
    """
    from generator.output import atomic_directory
    from generator.render.privacy import assert_public
    from generator.render.site import build_site
    from generator.views.site import site_views

    started = time.perf_counter()
    project, _ = checked_project(root)
    if not project.documents:
        raise UsageError("content/documents/ 下还没有政策文件，无法生成网站")
    views = site_views(project, doc_id or project.documents[0].id)
    out = (out_dir or root / ("site-internal" if internal else "site")).resolve()
    with atomic_directory(out, root) as site_dir, tempfile.TemporaryDirectory(prefix="handbook-") as staging:
        build_site(project, views, root, Path(staging), site_dir)
        write_units(project, views.document.id, site_dir, internal, progress)
        write_training(project, views.document.id, site_dir)
        if not internal:
            assert_public(site_dir)
    search = update_search_index(project, index_dir or out.parent / "index")  # beside the site, not in it
    return _report(out, time.perf_counter() - started, search.summary())


def write_training(project: Project, doc_id: str, site_dir: Path) -> None:
    """The Word training material: a quiz paper per role and the sign-in sheet."""
    from generator.render.training_docs import quiz_paper, sign_in_sheet
    from generator.views.training import ROLE_CODES

    course = next((c for c in project.courses if c.document == doc_id), None)
    if course is None:
        return
    folder = site_dir / "downloads" / "training"
    for module in course.modules:
        quiz_paper(project, doc_id, module.role, folder / f"quiz-{ROLE_CODES[module.role]}.docx")
    sign_in_sheet(folder / "sign-in.docx")


def write_units(project: Project, doc_id: str, site_dir: Path, internal: bool, progress=None) -> int:
    """Checklists for every unit, then their pages and the county workbooks."""
    import datetime as dt

    from generator.render.units import write_unit_outputs
    from generator.views.checklists import all_checklists, sentence_texts

    rules = project.rules_for(doc_id)
    if rules is None:
        return 0
    doc = project.document(doc_id)
    date = max(doc.date, dt.date(1980, 1, 1))  # the earliest date a zip entry can carry
    stamp = dt.datetime(date.year, date.month, date.day)
    from generator.render.forms import write_forms
    from generator.render.units import by_county

    results = all_checklists(project, rules, internal)
    sentences = sentence_texts(project, doc_id)
    written = write_unit_outputs(results, project.units_by_id, sentences, site_dir, internal, stamp, progress)
    warnings = write_forms(results, project.units_by_id, doc, sentences, site_dir, internal, by_county)
    for message in warnings.messages[:20]:
        print(f"警告：{message}", file=sys.stderr)
    return written


def _report(out: Path, seconds: float, search: str = "") -> BuildReport:
    files = [p for p in out.rglob("*") if p.is_file()]
    index = out / "search" / "search_index.json"
    size = index.stat().st_size if index.exists() else 0
    return BuildReport(out, seconds, len(files), sum(p.stat().st_size for p in files), size, search)
