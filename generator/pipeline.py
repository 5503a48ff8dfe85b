"""The order of the stages, readable as a table of contents.

load → validate (collect everything, stop once) → compute → views → renderers.
Later stages (site, checklists, Word, search) plug in after `checked_project`.
"""

from __future__ import annotations

import gc
import shutil
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator
from pathlib import Path

from generator.checks import run_checks
from generator.errors import Finding, InvalidInput, UsageError, has_errors, sort_findings
from generator.output import INDEX_DIR, Audience, build_output, output_folder
from generator.progress import Progress, Quiet
from generator.project import Project, load_project

if TYPE_CHECKING:
    from generator.loading.cache import LoadCache


@dataclass
class CheckResult:
    project: Project
    findings: list[Finding]

    @property
    def ok(self) -> bool:
        return not has_errors(self.findings)


def check(root: Path, cache: "LoadCache | None" = None, workers: int = 1, progress=None) -> CheckResult:
    """Load and validate all inputs, then run every cross-record check."""
    project, findings = load_project(root, cache, workers, progress)
    findings += run_checks(project)
    return CheckResult(project, sort_findings(findings))


def checked_project(root: Path, cache: "LoadCache | None" = None, workers: int = 1, progress=None) -> tuple[Project, list[Finding]]:
    """The validated project for later stages; raises once if anything is wrong."""
    result = check(root, cache, workers, progress)
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
    made: str = ""  # what was made again, what was kept
    unchanged: bool = False

    def summary(self) -> str:
        if self.unchanged:
            return f"没有变化：{self.out_dir} 保持不变（{self.files} 个文件，用时 {self.seconds:.1f} 秒）"
        site = (f"网站已生成：{self.out_dir}（{self.files} 个文件，{self.bytes / 1e6:.1f} MB，"
                f"网页检索索引 {self.search_index_bytes / 1e3:.0f} KB，用时 {self.seconds:.1f} 秒）")
        return "\n".join(part for part in (site, self.made, self.search) if part)


def project_for(root: Path, audience: Audience = Audience.PUBLIC, cache: "LoadCache | None" = None,
                workers: int = 1, progress=None) -> Project:
    """The validated project as `audience` may see it (see generator.projection)."""
    from generator.projection import for_audience

    project, _ = checked_project(root, cache, workers, progress)
    return for_audience(project, audience)


@dataclass
class SearchInputs:
    """What the service's index is made of: its documents and the analyser's words."""

    docs: list
    words: tuple[str, ...]
    synonyms: list[list[str]]
    labels: dict[str, str]

    @property
    def fingerprint(self) -> str:
        from generator.fingerprint import digest

        return digest(*(d.fingerprint for d in self.docs), repr(self.words), repr(self.synonyms), repr(sorted(self.labels.items())))


def search_inputs(project: Project) -> SearchInputs:
    from generator.search.corpus import corpus, dictionary_words, document_labels, synonym_groups

    return SearchInputs(corpus(project), dictionary_words(project), synonym_groups(project), document_labels(project))


def update_search_index(project: Project, folder: Path, audience: Audience = Audience.PUBLIC,
                        inputs: SearchInputs | None = None):
    """Index articles, terms and units for `handbook search` and the service.

    A public index: what is about to be written is scanned for personal numbers first.
    """
    from generator.render.privacy import PersonalDataLeak, scan_text
    from generator.search.engine import update_index

    def vet(docs) -> None:  # what is about to be written (the rest was scanned when it was written)
        hits = [h for d in docs for h in scan_text(f"检索索引「{d.title}」", " ".join((d.title, d.content, d.context)))]
        if hits:
            raise PersonalDataLeak(f"公开版本的检索索引中发现个人信息，已停止（原网站保持不变）：{'；'.join(hits[:5])}")

    inputs = inputs or search_inputs(project)
    return update_index(folder, inputs.docs, inputs.words, inputs.synonyms,
                        vet if audience is Audience.PUBLIC else None, inputs.labels)


def build(root: Path, out_dir: Path | None = None, doc_id: str | None = None,
          audience: Audience = Audience.PUBLIC, progress: Progress | None = None, *, county: str | None = None,
          forms: bool = False, workers: int | None = None, full: bool = False) -> BuildReport:
    """check → public projection → handbook (mkdocs) → the units index, dashboards and search
    index (in a forked process), unit pages, forms, county lists and workbooks (in worker
    processes), while this one makes the search data, blank forms and training → privacy
    guard → commit.

    Only what changed is made again (see generator/incremental.py), unless `full`.
    Everything is written into a staging folder that is committed only if every
    stage succeeded: a failed build leaves the previous output whole.
    `county`: a county's own site for its USB stick (its units, with their filled
    forms). `forms`: store every unit's filled forms (for a plain web server;
    otherwise `handbook serve` makes them on request).
    """
    from generator import stages
    from generator.incremental import CACHE_DIR, Manifest, Plan, build_settings
    from generator.loading.cache import LoadCache, default_workers
    from generator.render.pdf import available as pdf_available

    started = time.perf_counter()
    progress = progress or Quiet()
    workers = workers or default_workers()
    forms = forms or county is not None  # a county's stick is used from file://: its forms must be there
    booklets = pdf_available()  # the training booklets are PDFs: made where LibreOffice is
    out = output_folder(root, out_dir, audience, county)
    settings = build_settings(audience.value, doc=doc_id, county=county, forms=forms, booklets=booklets)
    with _gc_given_back(), build_output(out, root, audience, settings, full) as tx:
        inputs = input_state(root, tx.key)
        if tx.previous is not None and tx.previous.inputs == inputs:
            tx.unchanged = True
            return _report(out, tx.previous, time.perf_counter() - started, unchanged=True)
        cache = LoadCache(out / CACHE_DIR if tx.previous else None, tx.site / CACHE_DIR,
                          public=audience is Audience.PUBLIC, secret=tx.key)
        with _frozen_after_loading():
            project = project_for(root, audience, cache, workers, progress)
        document = check_site_options(project, doc_id, county)
        b = stages.Build(project, audience, lambda: site_views_for(project, document, booklets, county), document,
                         tx.site, tx.work, out, Plan(tx.previous), progress, workers, forms, county, booklets)
        stages.handbook(b)  # first: every unit page is set in its page frame
        # in worker processes, while this one goes on: the dashboards and the service's index (they
        # need only the project), then unit pages and county lists (after the checklists' shared parts)
        pooled = ("overview", "search_index") if county is None else ("overview",)
        with stages.start_stages(b, pooled) as background, stages.start_unit_outputs(b) as workers:
            stages.search_data(b)
            stages.blank_forms(b)
            stages.training(b)
            workers.finish()
            search = background.finish().get("search_index", "")
        stages.load_cache(b, cache.used)
        if audience is Audience.PUBLIC:
            from generator.render.privacy import assert_public

            # everything this build wrote (the rest was checked when it was written); the workers
            # scanned their own files as they wrote them
            assert_public(tx.site, progress, frozenset(workers.scanned), workers.found)
        tx.plan = b.plan
        tx.manifest = Manifest(settings, inputs, dict(b.plan.groups), {}, {"doc": doc_id, "county": county, "forms": forms})
        tx.manifest.files, tx.manifest.sizes = _files_after(tx, b.plan)
    return _report(out, tx.manifest, time.perf_counter() - started, made=progress.summary(), search=search)


@contextmanager
def _frozen_after_loading() -> Iterator[None]:
    """Loading 20,000 units makes millions of objects and no garbage: the cyclic collector
    would scan them again and again (half the time of a load from the cache). It pauses while
    they are made; then they are frozen out of its view for the rest of the build (here and in
    the forked workers, which also keeps their pages shared), and given back when it ends."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


@contextmanager
def _gc_given_back() -> Iterator[None]:
    """What `_frozen_after_loading` froze is given back at the end of the build (after the
    commit: given back, the whole project is scanned again at the next collection), failed or not:
    this process may build again (`serve --watch`, tests), and the old project must be able to go."""
    try:
        yield
    finally:
        gc.unfreeze()


def check_site_options(project: Project, doc_id: str | None, county: str | None) -> str:
    """The document the site is about (the first unless named), once the county asked for is known."""
    if not project.documents:
        raise UsageError("content/documents/ 下还没有政策文件，无法生成网站")
    if county is not None and (project.units_by_id.get(county) is None or project.units_by_id[county].type != "区县"):
        known = "、".join(f"{u.id}（{u.name}）" for u in project.units if u.type == "区县") or "（无）"
        raise UsageError(f"没有编号为「{county}」的区县。可选：{known}")
    return doc_id or project.documents[0].id


def site_views_for(project: Project, doc_id: str | None, booklets: bool, county: str | None):
    from generator.views.site import site_views

    return site_views(project, check_site_options(project, doc_id, county), booklets=booklets, county=county)


def input_state(root: Path, key: bytes) -> dict[str, str]:
    """Every input file's hash (with the code version, keyed with the project's secret) and
    every template folder's: if none changed since the last build, there is nothing to do."""
    from generator.fingerprint import template_version
    from generator.loading.cache import LoadCache
    from generator.loading.discover import input_paths, read_input

    keyed = LoadCache(secret=key)
    state = {}
    for rel in input_paths(root):
        raw, problem = read_input(root, rel)
        state[rel] = keyed.key(rel, raw) if raw is not None else f"unread:{problem.message if problem else ''}"
    for folder in ("pages", "assets", "units", "docx"):
        state[f"site_templates/{folder}"] = template_version(folder)
    return state


def _files_after(tx, plan) -> tuple[dict[str, list[str]], dict[str, int]]:
    """Each group's files and their bytes: those just made, and the kept groups' from the previous manifest."""
    from generator.incremental import Manifest, files_by_group

    staged = files_by_group(tx.site)
    previous = tx.previous or Manifest("")
    files, sizes = {}, {}
    for group in plan.groups:
        if plan.stale(group):
            files[group] = staged.get(group, [])
            sizes[group] = sum((tx.site / f).stat().st_size for f in files[group])
        else:
            files[group], sizes[group] = previous.files.get(group, []), previous.sizes.get(group, 0)
    return files, sizes


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


def _report(out: Path, manifest, seconds: float, unchanged: bool = False, made: str = "", search: str = "") -> BuildReport:
    """The summary, from the manifest (a stat of every file costs a second at Changde scale)."""
    from generator.render.site_search import DATA_DIR

    files = sum(len(group) for group in manifest.files.values())
    index = out / DATA_DIR / "index.js"
    return BuildReport(out, seconds, files, sum(manifest.sizes.values()), index.stat().st_size if index.exists() else 0,
                       search, made, unchanged)
