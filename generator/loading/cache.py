"""Input files loaded once: read, cleaned, validated, and remembered by their bytes.

Reading YAML is most of the time of a check at Changde scale (about 25 s for
20,000 units). A file's result (its validated models and its findings) depends
only on its bytes and the code, so it is kept in the output's build folder
under a key made of both, and reused by the next build while the file is
unchanged. Files that must be read are read in parallel (one process per file,
up to the number of cores). Each unit and progress row also gets a
fingerprint of its data and of the location of every value in it, which the
incremental build uses: a unit's page (which cites `file:line`) changes when
either changes.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import Finding
from generator.fingerprint import code_version, digest
from generator.loading.discover import parse_input, read_input
from generator.loading.record import Record
from generator.model.base import without_personal
from generator.validate import validate_record

ROW_KINDS = {"units": "units", "progress": "progress"}
POOL_FROM = 300_000  # bytes to parse: less is read here, faster than starting worker processes


@dataclass
class LoadedFile:
    rel: str
    kind: str | None
    models: list = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    parsed: bool = False  # a record was read (it may still have failed validation)
    raw_ids: set[str] = field(default_factory=set)  # unit ids written in the file, valid or not
    rows: list[tuple[str, str]] = field(default_factory=list)  # (unit id, fingerprint) per valid row, in file order
    personal_rows: list[tuple[str, str]] = field(default_factory=list)  # the same, of the personal fields only
    personal_numbers: list[Finding] = field(default_factory=list)  # in non-personal text (generator.projection)


def load_file(rel: str, raw: bytes) -> LoadedFile:
    kind, record, findings = parse_input(rel, raw)
    result = LoadedFile(rel, kind, findings=list(findings))
    if record is None:
        return result
    result.parsed = True
    models, problems = validate_record(kind, record)
    result.models, result.findings = models, result.findings + problems
    derive(result, record)
    return result


def derive(result: LoadedFile, record: Record) -> None:
    """What a loaded file's models give beyond themselves: numbers that look personal, and for a
    row file its raw ids and each row's fingerprints."""
    kind = result.kind
    if kind != "site":
        from generator.projection import numbers_in

        result.personal_numbers = list(numbers_in(result.models))
    if kind in ROW_KINDS:
        result.raw_ids = _raw_ids(record, ROW_KINDS[kind])
        result.rows, result.personal_rows = _row_fingerprints(record, ROW_KINDS[kind], result.models, kind)


def _raw_ids(record: Record, key: str) -> set[str]:
    rows = record.data.get(key) if isinstance(record.data, dict) else None
    if not isinstance(rows, list):
        return set()
    return {str(r["id"]) for r in rows if isinstance(r, dict) and "id" in r}


def _row_fingerprints(record: Record, key: str, models: list, kind: str) -> tuple[list, list]:
    """Each valid row's values and their locations, hashed: the public fields (what a
    public output may depend on) apart from the personal ones (which only an internal
    output shows), so that no public output holds a hash of personal data."""
    locations: dict[int, list] = defaultdict(list)
    for path, *place in record.positions():
        if len(path) >= 2 and path[0] == key and isinstance(path[1], int):
            locations[path[1]].append((path[2:], *place))
    public, personal = [], []
    for model in models:
        unit_id = model.id if kind == "units" else model.unit
        stripped = without_personal(model)
        places = locations[model._path[1]]  # in the file's order: the same bytes give the same list
        public.append((unit_id, digest(record.path, stripped.model_dump_json(), repr(places))))
        personal.append((unit_id, digest(record.path, model.model_dump_json())))
    return public, personal


class LoadCache:
    """Loaded files by (path, bytes, code): read from one folder, written to another
    (a build reads its previous output's cache and writes the new output's)."""

    def __init__(self, read_from: Path | None = None, write_to: Path | None = None, copy_hits: bool = False,
                 public: bool = False) -> None:
        """`copy_hits`: entries found are written too (a build from scratch stages the whole cache).
        `public`: the cache sits in a public output, so it keeps no personal data at all:
        models are stored without their personal fields (generator.projection makes the
        same public projection of them), without the fingerprints of those fields."""
        self.read_from, self.write_to, self.copy_hits, self.public = read_from, write_to, copy_hits, public
        self.used: list[str] = []  # cache entries of this load, to keep

    @staticmethod
    def key(rel: str, raw: bytes) -> str:
        return digest(code_version(), rel, raw)

    def has(self, key: str) -> bool:
        return self.read_from is not None and (self.read_from / f"{key}.pickle").is_file()

    def get(self, key: str) -> LoadedFile | None:
        if self.read_from is None:
            return None
        try:
            with open(self.read_from / f"{key}.pickle", "rb") as handle:
                found = pickle.load(handle)  # written by this program, in its own output
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None
        self.used.append(key)
        return found

    def put(self, key: str, loaded: LoadedFile) -> None:
        self.used.append(key)
        if self.write_to is None:
            return
        if self.public:
            loaded = dataclasses.replace(loaded, models=[without_personal(m) for m in loaded.models], personal_rows=[])
        self.write_to.mkdir(parents=True, exist_ok=True)
        (self.write_to / f"{key}.pickle").write_bytes(pickle.dumps(loaded, protocol=pickle.HIGHEST_PROTOCOL))


def load_files(root: Path, cache: LoadCache | None = None, workers: int = 1,
               progress=None) -> tuple[list[LoadedFile], list[Finding], dict[str, str]]:
    """Every input file, loaded; findings about files that are not read; and each file's hash.

    The files the cache does not hold are parsed in worker processes while this one
    reads the cached ones (after a one-file change, both take about a second at 20,000 units)."""
    from generator.loading.discover import input_paths

    cache = cache or LoadCache()
    loaded: dict[str, LoadedFile] = {}
    findings: list[Finding] = []
    hashes: dict[str, str] = {}
    cached: list[tuple[str, str]] = []
    missing: list[tuple[str, bytes, str]] = []
    for rel in input_paths(root):
        raw, problem = read_input(root, rel)
        if problem:
            findings.append(problem)
        if raw is None:
            continue
        key = cache.key(rel, raw)
        hashes[rel] = key
        if cache.has(key):
            cached.append((rel, key))
        else:
            missing.append((rel, raw, key))
    if progress is not None and missing:
        progress.phase("读取数据文件", len(missing))
    with _Loader([(rel, raw) for rel, raw, _ in missing], workers, progress) as parsing:
        for rel, key in cached:
            found = cache.get(key)
            if found is None:  # unreadable after all: parse it here
                found = load_file(rel, read_input(root, rel)[0])
                cache.put(key, found)
            elif cache.copy_hits:
                cache.put(key, found)
            loaded[rel] = found
        for (rel, _, key), result in zip(missing, parsing.results()):
            loaded[rel] = result
            cache.put(key, result)
    if progress is not None:
        progress.finish()
    return [loaded[rel] for rel in sorted(loaded)], findings, hashes


class _Loader:
    """Parses files in forked workers, started at once; `results` waits for them (file order).
    With fewer files than workers (after one unit changed), a large file of rows is read in
    pieces, one per worker (generator/loading/pieces.py)."""

    def __init__(self, files: list[tuple[str, bytes]], workers: int, progress=None) -> None:
        self.files, self.progress = files, progress
        big = sum(len(raw) for _, raw in files) > POOL_FROM
        self.pool = None
        if workers > 1 and files and big:
            from generator.loading.pieces import cut
            from generator.workers import fork_pool

            # fork: the workers start with the loaded code; largest files first, so the cores finish together
            self.jobs: list[tuple[int, object]] = []  # (file, the file itself or one of its pieces)
            for i in sorted(range(len(files)), key=lambda i: -len(files[i][1])):
                pieces = cut(*files[i], workers) if len(files) < workers else None
                self.jobs += [(i, piece) for piece in pieces] if pieces else [(i, files[i])]
            self.pool = fork_pool(min(workers, len(self.jobs)))
            self.pending = self.pool.imap(_load_job, [job for _, job in self.jobs])

    def __enter__(self) -> "_Loader":
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()

    def results(self) -> list[LoadedFile]:
        advance = self.progress.advance if self.progress is not None else (lambda n=1: None)
        if self.pool is None:
            found = []
            for rel, raw in self.files:
                found.append(load_file(rel, raw))
                advance()
            return found
        from generator.loading.pieces import joined

        jobs = [i for i, _ in self.jobs]
        parts: dict[int, list] = {}
        ordered: list[LoadedFile | None] = [None] * len(self.files)
        for i, result in zip(jobs, self.pending):
            parts.setdefault(i, []).append(result)
            if len(parts[i]) < jobs.count(i):
                continue
            if len(parts[i]) == 1:
                ordered[i] = parts[i][0]
            elif all(part is not None for part in parts[i]):
                ordered[i] = joined(parts[i])
            else:  # a piece could not stand alone: the file is read whole, and reports what it must
                ordered[i] = load_file(*self.files[i])
            advance()
        return ordered  # type: ignore[return-value]


def _load_job(job) -> LoadedFile | None:
    from generator.loading.pieces import Piece, read_piece

    return read_piece(job) if isinstance(job, Piece) else load_file(*job)


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
