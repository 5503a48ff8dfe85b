"""The order of the stages, readable as a table of contents.

load → validate (collect everything, stop once) → compute → views → renderers.
Later stages (site, checklists, Word, search) plug in after `checked_project`.
"""

from __future__ import annotations

import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from generator.checks import run_checks
from generator.errors import Finding, InvalidInput, UsageError, has_errors, sort_findings
from generator.output import INDEX_DIR, Audience, atomic_output, output_folder
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


def project_for(root: Path, audience: Audience = Audience.PUBLIC) -> Project:
    """The validated project as `audience` may see it (see generator.projection)."""
    from generator.projection import for_audience

    project, _ = checked_project(root)
    return for_audience(project, audience)


def update_search_index(project: Project, folder: Path, audience: Audience = Audience.PUBLIC):
    """Index articles, terms and units for `handbook search` and the service.

    A public index is scanned for personal numbers before anything is written.
    """
    from generator.render.privacy import PersonalDataLeak, scan_text
    from generator.search.corpus import corpus, dictionary_words, synonym_groups
    from generator.search.engine import update_index

    docs = corpus(project)
    if audience is Audience.PUBLIC:
        hits = [h for d in docs for h in scan_text(f"检索索引「{d.title}」", " ".join((d.title, d.content, d.context)))]
        if hits:
            raise PersonalDataLeak(f"公开版本的检索索引中发现个人信息，已停止（原网站保持不变）：{'；'.join(hits[:5])}")
    return update_index(folder, docs, dictionary_words(project), synonym_groups(project))


def build(root: Path, out_dir: Path | None = None, doc_id: str | None = None,
          audience: Audience = Audience.PUBLIC, progress=None) -> BuildReport:
    """check → public projection → views → site, unit pages, forms, training, search index → privacy guard.

    Everything, the search index included, is written into a staging folder that
    replaces the output only if every stage succeeded; a failed build leaves the
    previous output (and its index) whole.
    """
    from generator.render.pdf import available as pdf_available
    from generator.render.site import build_site
    from generator.views.site import site_views

    started = time.perf_counter()
    project = project_for(root, audience)
    if not project.documents:
        raise UsageError("content/documents/ 下还没有政策文件，无法生成网站")
    booklets = pdf_available()  # the training booklets are PDFs: made where LibreOffice is
    views = site_views(project, doc_id or project.documents[0].id, booklets=booklets)
    out = output_folder(root, out_dir, audience)
    with atomic_output(out, root, audience) as staging:
        search_data = build_site(project, views, staging.work, staging.site)
        write_units(project, views.document.id, staging.site, audience, progress)
        write_training(project, views.document.id, staging.site, booklets, _say if progress else None)
        search = write_search_index(project, staging.site / INDEX_DIR, out / INDEX_DIR, audience)
        if audience is Audience.PUBLIC:
            from generator.render.privacy import assert_public

            assert_public(staging.site)
    return _report(out, time.perf_counter() - started, search_data.index_bytes, search.summary())


def write_search_index(project: Project, folder: Path, previous: Path, audience: Audience):
    """The output's own search index: the previous one, brought up to date.

    It lives inside the output, so it is swapped with the site and always
    belongs to the same audience: an internal build can never feed the public
    service. The public index is scanned for personal numbers before writing.
    """
    if previous.is_dir():
        shutil.copytree(previous, folder)  # updated in place below, only what changed
    return update_search_index(project, folder, audience)


def write_training(project: Project, doc_id: str, site_dir: Path, booklets: bool = False, say=None) -> None:
    """The training material: a quiz paper per role and the sign-in sheet (Word), and
    with LibreOffice at hand a booklet per role (PDF)."""
    from generator.render.training_docs import booklet_pdfs, quiz_paper, sign_in_sheet
    from generator.views.training import ROLE_CODES, booklet_path

    course = next((c for c in project.courses if c.document == doc_id), None)
    if course is None:
        return
    folder = site_dir / "downloads" / "training"
    for module in course.modules:
        quiz_paper(project, doc_id, module.role, folder / f"quiz-{ROLE_CODES[module.role]}.docx")
    sign_in_sheet(folder / "sign-in.docx")
    if booklets:
        booklet_pdfs(project, doc_id, [(m, site_dir / booklet_path(m.role)) for m in course.modules], say)


def _say(message: str) -> None:
    print(f"  {message}", file=sys.stderr, flush=True)


def write_units(project: Project, doc_id: str, site_dir: Path, audience: Audience, progress=None) -> int:
    """Checklists for every unit, then their pages and the county workbooks."""
    import datetime as dt

    from generator.render.forms import write_forms
    from generator.render.units import by_county, write_unit_outputs
    from generator.views.checklists import compute_checklists

    rules = project.rules_for(doc_id)
    if rules is None:
        return 0
    doc = project.document(doc_id)
    date = max(doc.date, dt.date(1980, 1, 1))  # the earliest date a zip entry can carry
    stamp = dt.datetime(date.year, date.month, date.day)
    computed = compute_checklists(project, rules)
    results = computed.results
    written = write_unit_outputs(results, project.units_by_id, computed.explainer, site_dir, stamp, audience, progress,
                                 rules.readings, project.vocabulary)
    warnings = write_forms(results, project.units_by_id, doc, computed.explainer.sentences, site_dir, by_county)
    for message in warnings.messages[:20]:
        print(f"警告：{message}", file=sys.stderr)
    return written


def _report(out: Path, seconds: float, search_index_bytes: int, search: str = "") -> BuildReport:
    files = [p for p in out.rglob("*") if p.is_file()]
    return BuildReport(out, seconds, len(files), sum(p.stat().st_size for p in files), search_index_bytes, search)
