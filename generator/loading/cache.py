"""Input files loaded once: read, cleaned, validated, and remembered by their bytes.

Reading YAML is most of the time of a check at Changde scale (about 25 s for
20,000 units). A file's result (its validated models and its findings) depends
only on its bytes and the code, so it is kept in the output's build folder
under a key made of both, and reused by the next build while the file is
unchanged. A large file of rows is kept in pieces of a hundred rows
(generator/loading/pieces.py): after one row changed, only its piece is read
again. What must be read is read in worker processes when there is much of it.
Each unit and progress row also gets a
fingerprint of its data and of the location of every value in it, which the
incremental build uses: a unit's page (which cites `file:line`) changes when
either changes.
"""

from __future__ import annotations

import copyreg
import dataclasses
import functools
import hashlib
import io
import marshal
import os
import pickle
import typing
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from generator.errors import Finding
from generator.fingerprint import code_version, digest, keyed_digest
from generator.loading.discover import parse_input, read_input
from generator.loading.record import Record
from generator.model.base import Model, is_personal, without_personal
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
    output shows), so that no public output holds a hash of personal data. The public
    fingerprint takes the line (or cell) of each public value, not its column: outputs cite
    lines and cells only, and in a line such as `{name: 王五, education: 高中, in_post_since:
    2006}` the columns after a personal value give its length."""
    locations: dict[int, list] = defaultdict(list)
    for path, *place in record.positions():
        if len(path) >= 2 and path[0] == key and isinstance(path[1], int):
            locations[path[1]].append((path[2:], *place))
    public, personal = [], []
    for model in models:
        unit_id = model.id if kind == "units" else model.unit
        stripped = without_personal(model)
        every = locations[model._path[1]]  # in the file's order: the same bytes give the same list
        places = [(at, line, sheet, cell) for at, line, _, sheet, cell in every if not personal_path(model, at)]
        public.append((unit_id, digest(record.path, stripped.model_dump_json(), repr(places))))
        # an internal page cites the lines of personal values too
        personal.append((unit_id, digest(record.path, model.model_dump_json(), repr(every))))
    return public, personal


_PERSONAL_PATHS: dict[tuple[type, tuple], bool] = {}


def personal_path(model: Model, at: tuple) -> bool:
    """Whether a data path inside `model` goes through a personal field (`secretary.name`,
    `secretary.appraisals.2011`); worked out once per kind of model and path (a build asks
    this of every value of 20,000 units: most are under a field that holds nothing personal)."""
    if not at or at[0] not in _personal_heads(type(model)):
        return False
    memo = (type(model), at)
    found = _PERSONAL_PATHS.get(memo)
    if found is None:
        found = _PERSONAL_PATHS[memo] = _through_personal(model, at)
    return found


@functools.cache
def _personal_heads(cls: type) -> frozenset[str]:
    """The fields of a model class that are personal or may hold a model with a personal field."""
    return frozenset(name for name, info in cls.model_fields.items()
                     if is_personal(info) or any(_personal_heads(inner) for inner in _models_in(info.annotation)))


def _models_in(annotation) -> Iterator[type]:
    if isinstance(annotation, type) and issubclass(annotation, Model):
        yield annotation
    for arg in typing.get_args(annotation):
        yield from _models_in(arg)


def _through_personal(value: object, at: tuple) -> bool:
    for step in at:
        if isinstance(value, Model):
            info = type(value).model_fields.get(step) if isinstance(step, str) else None
            if info is None:
                return False
            if is_personal(info):
                return True
            value = getattr(value, step)
        elif isinstance(value, dict):
            value = value.get(step)
        elif isinstance(value, (list, tuple)) and isinstance(step, int) and 0 <= step < len(value):
            value = value[step]
        else:
            return False
    return False


def _public_records(loaded: LoadedFile) -> dict[int, tuple]:
    """For a public cache: the records of locations of a row file's models (by id), as pickled
    without the personal values' locations, and without the columns of values that follow a
    personal value on its line (those give the personal value's length: 不称职 and 基本称职,
    初中及以下 and 研究生 are the only ones of theirs). Lines and cells stay: outputs cite them."""
    key = ROW_KINDS.get(loaded.kind or "")
    if key is None or not loaded.models:
        return {}
    rows = {model._path[1]: model for model in loaded.models}
    found: dict[int, tuple] = {}
    for model in loaded.models:
        record = model._record
        if record is not None and id(record) not in found:
            found[id(record)] = (copyreg.__newobj__, (Record,), {"path": record.path, "packed": _public_positions(record, key, rows)})
    return found


def _public_positions(record: Record, key: str, rows: dict) -> bytes:
    heads = _personal_heads(type(next(iter(rows.values()))))
    positions = list(record.positions())  # in the file's order
    # a few values of a unit are under a field that may be personal; an invalid row's (no model) are not shown
    maybe = [i for i, p in enumerate(positions)
             if len(at := p[0]) > 2 and at[0] == key and (at[2] in heads or at[1] not in rows)]
    personal = {i for i in maybe if (model := rows.get(positions[i][0][1])) is None or personal_path(model, positions[i][0][2:])}
    lines_done = set()
    for i in sorted(personal):
        line, col = positions[i][1], positions[i][2]
        if col is None or line in lines_done:
            continue
        lines_done.add(line)
        j = i + 1  # the values after it on its line
        while j < len(positions) and positions[j][1] == line:
            at, _, later, sheet, cell = positions[j]
            if later is not None and later > col:
                positions[j] = (at, line, None, sheet, cell)
            j += 1
    return marshal.dumps([p for i, p in enumerate(positions) if i not in personal] if personal else positions)


def joined(parts: list[LoadedFile]) -> LoadedFile:
    """The pieces of a file as one loaded file (generator/loading/pieces.py; each piece's models
    keep its own record of locations, which covers their rows)."""
    head = parts[0]
    return LoadedFile(
        head.rel, head.kind, models=[m for p in parts for m in p.models], parsed=True,
        raw_ids=set().union(*(p.raw_ids for p in parts)),
        rows=[r for p in parts for r in p.rows], personal_rows=[r for p in parts for r in p.personal_rows],
        personal_numbers=[n for p in parts for n in p.personal_numbers],
    )


_CHECK = 16  # bytes of checksum before an entry


def _checksum(body: bytes) -> bytes:
    return hashlib.blake2b(body, digest_size=_CHECK).digest()


@dataclass(frozen=True)
class _InPieces:
    """The cache entry of a file read in pieces: the keys of its pieces' entries, in order."""

    keys: tuple[str, ...]


class LoadCache:
    """Loaded files by (path, bytes, code), and the pieces of large row files by (path, text,
    code): read from one folder, written to another (a build reads its previous output's
    cache and writes the new output's)."""

    def __init__(self, read_from: Path | None = None, write_to: Path | None = None, public: bool = False,
                 secret: bytes = b"") -> None:
        """`public`: the cache sits in a public output, so it keeps no personal data at all:
        models are stored without their personal fields (generator.projection makes the
        same public projection of them), without the fingerprints of those fields.
        `secret`: the project's key (generator/incremental.py::project_key): an entry is named
        by a hash of its file's raw text, which must not confirm a guess of what it says."""
        self.read_from, self.write_to, self.public, self.secret = read_from, write_to, public, secret
        self.used: list[str] = []  # cache entries of this load, to keep

    def key(self, rel: str, raw: bytes) -> str:
        return keyed_digest(self.secret, code_version(), rel, raw)

    def piece_key(self, piece) -> str:
        return keyed_digest(self.secret, code_version(), "piece", piece.rel, str(piece.first), str(piece.rows),
                            piece.text)

    def has(self, key: str) -> bool:
        return self.read_from is not None and (self.read_from / f"{key}.pickle").is_file()

    def get(self, key: str) -> LoadedFile | None:
        """A file's entry; a file read in pieces is joined from its pieces' entries."""
        found = self._read(key)
        if isinstance(found, _InPieces):
            parts = [self._read(k) for k in found.keys]
            if not all(isinstance(part, LoadedFile) for part in parts):
                return None  # a piece's entry is gone or unreadable: the file is read again
            self.used += [key, *found.keys]
            return joined(parts)
        if not isinstance(found, LoadedFile):
            return None
        self.used.append(key)
        return found

    def get_piece(self, key: str) -> LoadedFile | None:
        """A piece's entry (kept by this build only if its file is joined from it: `keep`)."""
        found = self._read(key)
        return found if isinstance(found, LoadedFile) else None

    def keep(self, keys: list[str]) -> None:
        self.used += keys

    def _read(self, key: str) -> object:
        """An entry, or None if there is none or it is damaged (then the file is read again). Each
        entry starts with a checksum of the rest: a bad copy of the output folder may leave bytes
        that still unpickle, or whose locations fail later (they are decoded when first asked)."""
        if self.read_from is None:
            return None
        try:
            data = (self.read_from / f"{key}.pickle").read_bytes()
        except OSError:
            return None
        check, body = data[:_CHECK], data[_CHECK:]
        if check != _checksum(body):
            return None
        try:
            return pickle.loads(body)  # written by this program, in its own output
        except Exception:  # noqa: BLE001 - whatever it raises, the file is read again
            return None

    def put(self, key: str, loaded: LoadedFile) -> None:
        records: dict[int, tuple] = {}
        if self.public:
            records = _public_records(loaded)
            loaded = dataclasses.replace(loaded, models=[without_personal(m) for m in loaded.models], personal_rows=[])
        self._write(key, loaded, records)

    def put_pieces(self, key: str, keys: list[str]) -> None:
        self._write(key, _InPieces(tuple(keys)))

    def _write(self, key: str, entry: object, records: dict[int, tuple] | None = None) -> None:
        """`records`: how to pickle some records of locations (by id), instead of as they are."""
        self.used.append(key)
        if self.write_to is None:
            return
        self.write_to.mkdir(parents=True, exist_ok=True)
        if records:
            buffer = io.BytesIO()
            pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
            pickler.dispatch_table = {**copyreg.dispatch_table,
                                      Record: lambda record: records.get(id(record)) or record.__reduce_ex__(pickle.HIGHEST_PROTOCOL)}
            pickler.dump(entry)
            body = buffer.getvalue()
        else:
            body = pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
        (self.write_to / f"{key}.pickle").write_bytes(_checksum(body) + body)


def load_files(root: Path, cache: LoadCache | None = None, workers: int = 1,
               progress=None) -> tuple[list[LoadedFile], list[Finding], dict[str, str]]:
    """Every input file, loaded; findings about files that are not read; and each content file's hash.

    The files the cache does not hold are read (a large file of rows: only its pieces the cache
    does not hold), in worker processes when there is much to read, while this process reads
    the cached ones."""
    from generator.loading.discover import input_paths

    cache = cache or LoadCache()
    loaded: dict[str, LoadedFile] = {}
    findings: list[Finding] = []
    hashes: dict[str, str] = {}
    cached: list[tuple[str, str]] = []
    changed: list[_Changed] = []
    for rel in input_paths(root):
        raw, problem = read_input(root, rel)
        if problem:
            findings.append(problem)
        if raw is None:
            continue
        key = cache.key(rel, raw)
        if not rel.startswith("data/"):  # public text: a plain hash, the same whatever the project's key
            hashes[rel] = digest(code_version(), rel, raw)
        if cache.has(key):
            cached.append((rel, key))
        else:
            changed.append(_Changed.of(rel, raw, key, cache))
    if progress is not None and changed:
        progress.phase("读取数据文件", len(changed))
    with _Loader([job for file in changed for job in file.jobs], workers) as parsing:
        for rel, key in cached:
            found = cache.get(key)
            if found is None:  # unreadable after all: read here
                found = load_file(rel, read_input(root, rel)[0])
                cache.put(key, found)
            loaded[rel] = found
        results = parsing.results()
        for file in changed:
            loaded[file.rel] = file.finish(results, cache)
            if progress is not None:
                progress.advance()
    if progress is not None:
        progress.finish()
    return [loaded[rel] for rel in sorted(loaded)], findings, hashes


@dataclass
class _Changed:
    """A file the cache does not hold: read whole, or (a large file of rows) in pieces, of
    which only those the cache does not hold are read."""

    rel: str
    raw: bytes
    key: str
    pieces: list | None = None  # generator.loading.pieces.Piece
    keys: list[str] = field(default_factory=list)  # each piece's cache key
    known: list[bool] = field(default_factory=list)  # whether the cache holds it

    @classmethod
    def of(cls, rel: str, raw: bytes, key: str, cache: LoadCache) -> "_Changed":
        from generator.loading.pieces import cut

        pieces = cut(rel, raw)
        if pieces is None:
            return cls(rel, raw, key)
        keys = [cache.piece_key(piece) for piece in pieces]
        return cls(rel, raw, key, pieces, keys, [cache.has(k) for k in keys])

    @property
    def jobs(self) -> list:
        """What a worker reads: the file, or its pieces the cache does not hold."""
        if self.pieces is None:
            return [(self.rel, self.raw)]
        return [piece for piece, known in zip(self.pieces, self.known) if not known]

    def finish(self, results, cache: LoadCache) -> LoadedFile:
        """The file, from the results of its jobs (taken from `results` in order) and the cache."""
        from generator.loading.pieces import read_piece

        if self.pieces is None:
            found = next(results)
            cache.put(self.key, found)
            return found
        parts, new = [], []
        for piece, key, known in zip(self.pieces, self.keys, self.known):
            part = cache.get_piece(key) if known else None
            if part is None:
                part = next(results) if not known else read_piece(piece)  # (unreadable after all: read here)
                new.append((key, part))
            parts.append(part)
        if not all(parts):  # a piece could not stand alone: the file is read whole, and reports what it must
            found = load_file(self.rel, self.raw)
            cache.put(self.key, found)
            return found
        new_keys = {key for key, _ in new}
        cache.keep([key for key in self.keys if key not in new_keys])
        for key, part in new:
            cache.put(key, part)
        cache.put_pieces(self.key, self.keys)
        return joined(parts)


class _Loader:
    """Reads files and pieces of files in forked workers, started at once, when there is
    much to read; `results` gives what each job gave, in the order of the jobs."""

    def __init__(self, jobs: list, workers: int) -> None:
        self.jobs = jobs
        self.pool = None
        if workers > 1 and jobs and sum(_size(job) for job in jobs) > POOL_FROM:
            from generator.workers import fork_pool

            # fork: the workers start with the loaded code; largest first, so the cores finish together
            self.order = sorted(range(len(jobs)), key=lambda i: -_size(jobs[i]))
            self.pool = fork_pool(min(workers, len(jobs)))
            self.pending = self.pool.imap(_load_job, [jobs[i] for i in self.order])

    def __enter__(self) -> "_Loader":
        return self

    def __exit__(self, kind, *exc) -> None:
        if self.pool is not None:
            from generator.workers import stop

            if kind is None:  # every job answered: the workers are idle, and end when told
                self.pool.close()
                self.pool.join()
            stop(self.pool)

    def results(self) -> Iterator[LoadedFile | None]:
        if self.pool is None:
            yield from (_load_job(job) for job in self.jobs)
            return
        from generator.workers import answers

        done: dict[int, LoadedFile | None] = {}
        arrived = zip(self.order, answers(self.pool, self.pending, "读取数据文件"))
        for i in range(len(self.jobs)):
            while i not in done:
                j, result = next(arrived)
                done[j] = result
            yield done.pop(i)


def _size(job) -> int:
    return len(job[1]) if isinstance(job, tuple) else len(job.text)


def _load_job(job) -> LoadedFile | None:
    from generator.loading.pieces import read_piece

    return load_file(*job) if isinstance(job, tuple) else read_piece(job)


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
