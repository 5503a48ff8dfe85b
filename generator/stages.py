"""The stages of a build, each making its groups of outputs again only when stale.

Every stage registers the fingerprint of each of its output groups with the
build's plan (generator/incremental.py), then makes the stale ones into the
staging folder. The order is the table of contents of `pipeline.build`:
handbook (mkdocs, whose page frame the unit pages use) → in a forked process:
the units index and dashboards, the service's search index → in a pool of
worker processes, once the checklists' shared parts are computed: county lists
and workbooks, unit pages and filled forms (each job scanning what it wrote for
personal numbers) → meanwhile here: the browser's search data → blank forms →
training material → then the workers are waited for, and what the forked
stages registered is replayed here → the load cache.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import multiprocessing
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from generator.errors import HandbookError
from generator.fingerprint import digest, template_version
from generator.incremental import Plan
from generator.output import INDEX_DIR, Audience
from generator.progress import Progress
from generator.project import Project
from generator.views import links
from generator.workers import WorkerLost, answers, fork_pool, stop


_NOT_YET = object()


@dataclass
class Build:
    """What every stage needs: the project, where to write, what to keep."""

    project: Project
    audience: Audience
    make_views: Callable[[], object]  # the SiteViews, made when a stage first needs them
    doc_id: str  # the document the handbook is about
    site: Path  # the staging folder: the new output, or (incremental) only what changes
    work: Path  # intermediates, removed after the build
    current: Path  # the output as it is now (the files of kept groups)
    plan: Plan
    progress: Progress
    workers: int = 1
    forms: bool = False  # the filled forms are stored in the output (else `handbook serve` makes them on request)
    county: str | None = None  # only this county's units get pages (a county's USB stick)
    booklets: bool = False
    made: dict[str, int] = field(default_factory=dict)
    _views: object = field(default=None, repr=False)
    _overview: object = field(default=_NOT_YET, repr=False)  # None is a value: no units index

    @property
    def views(self):
        """All the site's views, made on first use: only when the handbook pages are made again."""
        if self._views is None:
            self._views = self.make_views()
        return self._views

    @property
    def overview(self):
        """The units index and dashboards (what a change of unit data remakes): taken from the
        views if they are made, else made alone."""
        if self._overview is _NOT_YET:
            if self._views is not None:
                self._overview = self._views.overview
            else:
                from generator.views.dashboards import overview

                self._overview = overview(self.project, self.doc_id, self.county)
        return self._overview

    @property
    def has_overview(self) -> bool:
        """Whether there is a units index (what `overview` would say, without making it)."""
        return self.project.rules_for(self.doc_id) is not None and self.project.document(self.doc_id) is not None

    @property
    def search_page(self):
        """The advanced search page's view (the browser's search data links to it)."""
        if self._views is not None:
            return self._views.search
        from generator.views.site import search_page

        return search_page(self.project, self.project.document(self.doc_id))

    @property
    def content(self) -> str:
        """Every content/ input and the site configuration (not data/: loading hashes only those)."""
        hashes = self.project.input_hashes
        return digest(*(f"{p}={h}" for p, h in sorted(hashes.items()) if not p.startswith("data/")))

    @property
    def units_with_pages(self) -> list:
        units = self.project.units
        return units if self.county is None else [u for u in units if u.id == self.county or u.county == self.county]

    def where(self, path: str) -> Path:
        """A file of the output: staged if this build made it, else the current one."""
        staged = self.site / path
        return staged if staged.exists() else self.current / path


# --- the handbook: mkdocs ------------------------------------------------------------------------

def handbook(b: Build) -> None:
    """The pages mkdocs builds: they depend on content/ and on which counties there are (the
    menu), never on the other unit data (those pages are written apart: `overview`, `unit_outputs`)."""
    counties = [(u.id, u.name) for u in b.project.units if u.type == "区县"]
    fingerprint = digest("handbook", b.content, template_version("pages", "assets"), repr(counties), str(bool(b.project.units)),
                         str(b.booklets), str(b.county), str(b.forms))
    if not b.plan.add("handbook", fingerprint):
        return b.progress.count("手册网页", 0, 1)
    from generator.render.site import build_site  # imports mkdocs: only when the pages are made

    built = b.work / "handbook"
    b.progress.note("生成手册网页（mkdocs）……")
    build_site(b.project, b.views, b.work, built)
    for path in sorted(p for p in built.rglob("*") if p.is_file()):  # mkdocs empties its folder: built apart
        target = b.site / path.relative_to(built)
        target.parent.mkdir(parents=True, exist_ok=True)
        path.replace(target)
    b.progress.count("手册网页", 1, 0)


def overview(b: Build) -> None:
    """The units index and the dashboards, in the site's frame (render/overview.py)."""
    from generator.render.overview import write_overview
    from generator.render.shell import SHELL_HTML, PageShell

    found = b.overview
    if found is None:
        return
    shell_file = b.where(SHELL_HTML)
    fingerprint = digest("overview", b.content, template_version("units/units_index.html.j2", "units/dashboard.html.j2"),
                         shell_file.read_bytes(), repr(found))
    if not b.plan.add("overview", fingerprint):
        return b.progress.count("单位清单与指标看板", 0, 1)
    # also writes the menu script, the same bytes as the units:frame group's (an identical staged file is not moved in)
    write_overview(found, b.site, PageShell.parse(shell_file.read_text(encoding="utf-8")))
    b.progress.count("单位清单与指标看板", 1, 0)


def search_data(b: Build) -> None:
    from generator.render.site_search import write_search_data

    units = b.units_with_pages if b.has_overview else []
    names = digest(*(f"{u.id}|{u.name}|{u.type}|{u.county}|{u.parent}" for u in units))
    search = b.search_page
    advanced = links.link("", links.HOME, search.path).html if search else None
    if b.plan.add("search:data", digest("search-data", b.content, names, str(advanced))):
        write_search_data(b.project, b.site, units, advanced)


# --- in worker processes: the dashboards and the service's index; unit pages, forms, county lists ---

def start_stages(b: Build, names: tuple[str, ...]) -> "Background":
    """The named stages of this module (POOLED), which need only the project: made in a forked
    process (when there are several cores) while this one computes the checklists and goes on;
    `Background.finish` waits. Runs after `handbook`, whose page frame the dashboards are set in."""
    return Background(b, names)


def start_unit_outputs(b: Build) -> "Workers":
    """Unit pages, filled forms, county lists and workbooks: handed to a pool of worker
    processes, which work while this process makes the other stages; `Workers.finish` waits."""
    state, jobs = _unit_jobs(b)
    return Workers(state, jobs, b.workers, b.progress)


SPLIT_UP_TO = 200  # members made again: up to this many, a county's page and workbook are two jobs


def _unit_jobs(b: Build) -> tuple["_UnitState | None", list[tuple[str, list[str]]]]:
    """The stale unit pages (in chunks) and county lists, and what the workers need to make them."""
    from generator.render.shell import NAV_SCRIPT, SHELL_HTML, PageShell
    from generator.views.checklists import compute_checklists, merged_rules

    if b.project.rules_for(b.doc_id) is None:
        return None, []
    rules = merged_rules(b.project, b.doc_id)  # a unit's checklist: the duties of every document with rules
    shell_file = b.where(SHELL_HTML)
    shell = PageShell.parse(shell_file.read_text(encoding="utf-8"))
    if b.plan.add("units:frame", digest("frame", shell_file.read_bytes())):
        (b.site / NAV_SCRIPT).parent.mkdir(parents=True, exist_ok=True)
        (b.site / NAV_SCRIPT).write_text(shell.nav_script(), encoding="utf-8")
    computed = compute_checklists(b.project, rules, only=[])  # the shared parts: rule index, neighbours' facts
    # what every unit's outputs share; the page and the county list each have their template
    common = digest("unit", b.content, shell_file.read_bytes(), b.audience.value, str(b.forms))
    page = digest(common, template_version("units/unit.html.j2", *(("docx",) if b.forms else ())))
    units = b.units_with_pages
    unit_data = {u.id: unit_fingerprint(u, b.project, computed.ctx, common) for u in units}
    stale_units = [u.id for u in units if b.plan.add(f"unit:{u.id}", digest(page, unit_data[u.id]))]
    members = _by_county(units)
    county_list = template_version("units/county.html.j2")
    stale_counties = [c for c, ids in members.items()
                      if b.plan.add(f"county:{c}", digest("county", county_list, unit_data.get(c, ""), *(unit_data[i] for i in ids)))]
    b.progress.count("单位页面", len(stale_units), len(units) - len(stale_units))
    b.progress.count("区县清单和工作簿", len(stale_counties), len(members) - len(stale_counties))
    # the longest jobs first: a county's list and workbook take as long as hundreds of unit pages. With
    # its other members' rows kept from the last build (render/county_rows.py), a county's two halves
    # go to two processes; else one job makes both (each half would compute every member's checklist).
    remade = set(stale_units)
    halves = [c for c in stale_counties if b.plan.previous is not None and sum(i in remade for i in [c, *members[c]]) <= SPLIT_UP_TO]
    jobs = ([("county-workbook", [c]) for c in halves] + [("county", [c]) for c in stale_counties if c not in halves]
            + [("county-page", [c]) for c in halves] + [("unit", ids) for ids in _chunks(stale_units, 200)])
    return _UnitState(b, computed, shell, unit_data), jobs


def unit_fingerprint(unit, project: Project, ctx, common: str) -> str:
    """What a unit's page and forms are made from, besides the shared parts in `common`."""
    by_id = project.units_by_id
    county = by_id.get(unit.county) if unit.county else None
    parent = by_id.get(unit.parent) if unit.parent else None
    basis = _basis_by_unit(ctx).get(unit.id, ())
    return digest(common, project.row_fingerprints.get(unit.id, ""), project.personal_fingerprints.get(unit.id, ""),
                  *project.progress_fingerprints.get(unit.id, []),
                  county.name if county else "", parent.name if parent else "", repr(ctx.aggregates.get(unit.id)), repr(basis))


_BASIS: dict[int, dict] = {}


def _basis_by_unit(ctx) -> dict:
    found = _BASIS.get(id(ctx))
    if found is None:
        found = {}
        for (unit_id, fact), text in sorted(ctx.basis.items()):
            found.setdefault(unit_id, []).append((fact, text))
        _BASIS.clear()
        _BASIS[id(ctx)] = found
    return found


def _by_county(units) -> dict[str, list[str]]:
    members: dict[str, list[str]] = {u.id: [] for u in units if u.type == "区县"}
    for unit in units:
        if unit.county in members:
            members[unit.county].append(unit.id)
    return members


def _chunks(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


@dataclass(frozen=True)
class Done:
    """What a job made: how many pages (for the progress line), and, in a public output, the
    files it wrote and scanned for personal numbers (render/privacy.py), with what it found."""

    count: int
    scanned: tuple[str, ...] = ()
    found: tuple[str, ...] = ()


class _UnitState:
    """Everything a worker needs, inherited at fork; templates are prepared in each worker."""

    def __init__(self, b: Build, computed, shell, fingerprints: dict[str, str]) -> None:
        self.b, self.computed, self.shell, self.fingerprints = b, computed, shell, fingerprints
        self.writer = None

    def run(self, kind: str, ids: list[str]) -> Done:
        from generator.render.units import UnitWriter

        b = self.b
        if self.writer is None:
            rules = self.computed.rules
            doc = b.project.document(rules.document)
            date = max(doc.date, dt.date(1980, 1, 1))  # the earliest date a zip entry can carry
            self.writer = UnitWriter(b.project, self.computed, self.shell, b.site, dt.datetime(date.year, date.month, date.day),
                                     b.audience, b.forms, doc)
        self.writer.written = []
        if kind == "unit":
            count = self.writer.unit_pages(ids)
        else:
            kept = b.current if b.plan.previous is not None else None  # a build from scratch reuses nothing
            halves = {"county": ("page", "workbook"), "county-page": ("page",), "county-workbook": ("workbook",)}[kind]
            count = self.writer.county(ids[0], self.fingerprints, kept, halves)
        if b.audience is not Audience.PUBLIC:
            return Done(count)
        from generator.render.privacy import scan_files

        # scanned here as written, on every core, instead of after all jobs in one process
        written = self.writer.written
        return Done(count, tuple(p.relative_to(b.site).as_posix() for p in written), tuple(scan_files(b.site, written)))


_STATE: _UnitState | None = None


def _run(job: tuple[str, list[str]]) -> Done:
    return _STATE.run(*job)


class Workers:
    """Jobs running in a pool of forked processes (each starts with the loaded project); with
    one worker, they run here when `finish` is called. Deterministic: every job writes its own
    files. `scanned` and `found`: the files the jobs wrote and scanned, and what they found."""

    def __init__(self, state: "_UnitState | None", jobs: list, workers: int = 1, progress: Progress | None = None) -> None:
        global _STATE
        self.state, self.jobs, self.progress = state, jobs, progress
        self.pool = self.pending = None
        self.scanned: set[str] = set()
        self.found: list[str] = []
        if self.jobs and workers > 1:
            _STATE = state  # inherited by the workers at fork
            try:
                self.pool = fork_pool(min(workers, len(self.jobs)))
            finally:
                _STATE = None
            self.pending = self.pool.imap_unordered(_run, self.jobs)

    def finish(self) -> None:
        """Waits for every job."""
        global _STATE
        if not self.jobs:
            return
        self.progress.phase("单位页面、表格和区县清单", sum(len(ids) for kind, ids in self.jobs if kind != "county-workbook"))
        try:
            if self.pool is None:
                _STATE = self.state
                done = (_run(job) for job in self.jobs)
            else:
                done = answers(self.pool, self.pending, "生成单位页面、表格和区县清单")
            for result in done:
                self.progress.advance(result.count)
                self.scanned.update(result.scanned)
                self.found += result.found
            if self.pool is not None:
                self.pool.close()
                self.pool.join()
        finally:
            _STATE = None
            self.state = None  # with one worker, its writer's caches: not kept through the stages after
            self.close()
        self.progress.finish()

    def close(self) -> None:
        """Stop the workers (a stage failed, or they are done)."""
        if self.pool is not None:
            stop(self.pool)
            self.pool = None

    def __enter__(self) -> "Workers":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


POOLED = ("overview", "search_index")  # the stages a forked process can make (they read the project, write their groups)
STAGE_NAMES = {"overview": "单位清单与指标看板", "search_index": "检索索引"}


class Background:
    """Stages made in one forked process (started at once) while this one goes on; with one
    worker, here when `finish` is called. A forked process's plan and progress are copies: what
    its stages register and say is recorded, and replayed here in the order of `names`."""

    def __init__(self, b: Build, names: tuple[str, ...]) -> None:
        if any(name not in POOLED for name in names):
            raise ValueError(names)
        self.b, self.names = b, names
        self.process = self.receive = None
        if names and b.workers > 1:
            context = multiprocessing.get_context("fork")  # (a process, not a pool: no thread here when the unit pool forks)
            self.receive, send = context.Pipe(duplex=False)
            self.process = context.Process(target=_in_background, args=(b, names, send, os.getpid()), daemon=True)
            self.process.start()
            send.close()

    def finish(self) -> dict[str, object]:
        """Waits for the stages; what each returned, by name."""
        if self.process is None:
            made = [_Recorded.run(self.b, name) for name in self.names]
        else:
            try:
                outcome, made = self.receive.recv()
            except (EOFError, OSError):
                raise WorkerLost("生成" + "、".join(STAGE_NAMES[name] for name in self.names)) from None
            finally:
                self.close()
            if outcome != "made":
                raise made
        results = {}
        for name, groups, calls, result in made:
            for group, fingerprint in groups:
                self.b.plan.add(group, fingerprint)
            for method, args in calls:
                getattr(self.b.progress, method)(*args)
            results[name] = result
        return results

    def close(self) -> None:
        if self.process is not None:
            if self.process.is_alive():
                self.process.kill()
            self.process.join()
            self.receive.close()
            self.process = None

    def __enter__(self) -> "Background":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _in_background(b: Build, names: tuple[str, ...], send, parent: int) -> None:
    from generator.workers import bind_to_parent

    bind_to_parent(parent)
    try:
        send.send(("made", [_Recorded.run(b, name) for name in names]))
    except BaseException as error:  # noqa: BLE001 - handed to the build, which stops as it would here
        try:
            send.send(("failed", error))
        except Exception:  # noqa: BLE001 - an error that cannot be pickled: its words
            send.send(("failed", (HandbookError if isinstance(error, HandbookError) else RuntimeError)(f"{type(error).__name__}: {error}")))
    finally:
        send.close()


class _Recorded(Progress):
    """A stage run in a forked process: what it registers with the plan and says, to be
    replayed by the build's process (the forked process's plan and progress are copies)."""

    def __init__(self) -> None:
        super().__init__(live=False)
        self.calls: list[tuple[str, tuple]] = []

    def note(self, text: str) -> None:
        self.calls.append(("note", (text,)))

    def count(self, kind: str, made: int, kept: int) -> None:
        self.calls.append(("count", (kind, made, kept)))

    @staticmethod
    def run(b: Build, name: str) -> tuple[str, list[tuple[str, str]], list[tuple[str, tuple]], object]:
        recorded = _Recorded()
        plan = Plan(b.plan.previous)
        result = globals()[name](dataclasses.replace(b, plan=plan, progress=recorded))
        return name, list(plan.groups.items()), recorded.calls, result


# --- the rest ----------------------------------------------------------------------------------

def blank_forms(b: Build) -> None:
    from generator.render.forms import write_blank_forms

    if b.project.rules_for(b.doc_id) is not None and b.plan.add("forms:blank", digest("blank", b.content, template_version("docx"))):
        write_blank_forms(b.project, b.views.document, b.site)


def training(b: Build) -> None:
    from generator.pipeline import write_training

    if b.plan.add("training", digest("training", b.content, template_version("docx"), str(b.booklets))):
        write_training(b.project, b.doc_id, b.site, b.booklets, b.progress.note)
        b.progress.count("培训材料", 1, 0)
    else:
        b.progress.count("培训材料", 0, 1)


def search_index(b: Build) -> str:
    """The service's index: the current one, updated in place (only what changed is re-indexed);
    kept as it is when nothing it indexes changed (most unit data is not in it)."""
    from generator.pipeline import search_inputs, update_search_index

    inputs = search_inputs(b.project)
    if not b.plan.add("search:index", digest("index", inputs.fingerprint, str(b.county))):
        return f"检索索引没有变化（{len(inputs.docs)} 条）"
    folder, previous = b.site / INDEX_DIR, b.current / INDEX_DIR
    b.progress.note("更新检索索引……")
    if previous.is_dir():
        shutil.copytree(previous, folder)
    return update_search_index(b.project, folder, b.audience, inputs).summary()


def load_cache(b: Build, keys: list[str]) -> None:
    for key in keys:
        b.plan.add(f"cache:{key}", key)
