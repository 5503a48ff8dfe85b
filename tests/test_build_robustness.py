"""What goes wrong in a build and must not: found by an adversarial review of the pieces cache,
the background process and the workers' scans. Each test states what a user would see.
(The review's finding that a one-row piece's cache entry let a guess of a personal value be
confirmed is `test_pieces.py::test_no_piece_holds_fewer_rows_than_a_piece_should`.)"""

from __future__ import annotations

import os
import signal

import pytest

from conftest import MINIMAL
from generator import pipeline, stages
from generator.errors import HandbookError
from generator.incremental import Manifest
from test_incremental import copy_project, edit, site_files


def _pieces_everywhere(monkeypatch):
    from generator.loading import cache, pieces

    monkeypatch.setattr(pieces, "SMALLEST", 0)
    monkeypatch.setattr(pieces, "PIECE_ROWS", 1)
    monkeypatch.setattr(cache, "POOL_FROM", 0)


def test_a_file_read_whole_after_its_pieces_were_kept_leaves_the_output_as_from_scratch(tmp_path, monkeypatch):
    """A value gets an invisible character (a warning: the build goes on, the file is read whole).
    From scratch the output's load cache holds the file's entry; incrementally it also keeps the
    entries of the pieces that were found in the cache (get_piece added them to `used`) although
    nothing refers to them: .build/cache and the manifest differ from a build from scratch."""
    _pieces_everywhere(monkeypatch)
    incremental, scratch = copy_project(tmp_path, "a"), copy_project(tmp_path, "b")
    pipeline.build(incremental)
    for root in (incremental, scratch):
        edit(root, "data/units.yaml", "name: 示例村", "name: \"示例\\v村\"")
    pipeline.build(incremental)
    pipeline.build(scratch)
    assert site_files(incremental / "site") == site_files(scratch / "site")
    cached = lambda root: sorted(p.name for p in (root / "site" / ".build" / "cache").iterdir())
    assert len(cached(incremental)) == len(cached(scratch))
    assert Manifest.load(incremental / "site").files == Manifest.load(scratch / "site").files | {
        "search:index": Manifest.load(incremental / "site").files["search:index"]}


def test_a_background_process_that_dies_is_a_clear_error(minimal_project, monkeypatch):
    """The forked process making the dashboards and the search index is killed (the kernel's
    out-of-memory killer, say): the build stops with RuntimeError, which the CLI does not catch
    (a traceback) and which ends `handbook serve --watch` (watch.py catches HandbookError only)."""
    monkeypatch.setattr(stages, "overview", lambda b: os.kill(os.getpid(), signal.SIGKILL))
    with pytest.raises(HandbookError):
        pipeline.build(minimal_project, workers=2)


def _corrupt_entry(root, rel: str, how: str) -> None:
    """The load-cache entry of `rel` in the output, replaced by a damaged one that still unpickles
    (or nearly): what a bad copy of the output folder (a USB stick) can leave."""
    import pickle

    from generator.incremental import CACHE_DIR, project_key
    from generator.loading.cache import LoadCache
    from generator.loading.record import Record

    folder = root / "site" / CACHE_DIR
    cache = LoadCache(folder, secret=project_key(root, make=False))
    key = cache.key(rel, (root / rel).read_bytes())
    entry = cache._read(key)
    record = entry.models[0]._record
    if how == "locations":
        record._packed = b"\xff not marshal"  # the locations, decoded on first use
        data = pickle.dumps(entry)
    else:
        real = Record.__getstate__
        Record.__getstate__ = lambda self: {"path": self.path}  # a state without its locations
        try:
            data = pickle.dumps(entry)
        finally:
            Record.__getstate__ = real
    (folder / f"{key}.pickle").write_bytes(data)


@pytest.mark.parametrize("how", ["locations", "state"])
def test_a_damaged_load_cache_entry_is_read_again_not_a_traceback(minimal_project, how):
    """cache.py: an unreadable entry makes the file be read again. `_read` catches a list of
    exceptions, but a damaged entry may raise KeyError/OverflowError/MemoryError while unpickling
    (fuzzing real entries: 47 of 4,000 damaged copies), or unpickle and fail later, when a unit's
    page asks a location (ValueError: bad marshal data; 570 of 4,000): the build stops with a
    traceback instead of reading the file again."""
    pipeline.build(minimal_project, workers=1)
    _corrupt_entry(minimal_project, "data/units.yaml", how)
    # a rule's text: every unit's page is made again, from the units file's cache entry
    edit(minimal_project, "content/documents/demo-1/rules.yaml", "全面落实“四议两公开”制度。", "落实“四议两公开”制度。")
    pipeline.build(minimal_project, workers=1)


_KILLED_WORKER = """
import os, signal, sys
from pathlib import Path
from generator import pipeline
from generator.errors import HandbookError
from generator.render import units
main, real = os.getpid(), units.UnitWriter.unit_pages
def dying(self, ids):
    if os.getpid() != main:
        os.kill(os.getpid(), signal.SIGKILL)  # the out-of-memory killer picks a worker
    return real(self, ids)
units.UnitWriter.unit_pages = dying
try:
    pipeline.build(Path(sys.argv[1]), workers=2)
except HandbookError as error:
    print("错误：", error)
    sys.exit(1)
"""


def test_a_unit_worker_that_dies_stops_the_build_instead_of_hanging(minimal_project):
    """(Not new in these commits: Workers has used Pool.imap_unordered before.) A pool worker
    killed while it makes unit pages: Pool gives its job no answer and starts a new worker, and
    `Workers.finish` waits for ever (the Background process, by contrast, is seen to end)."""
    import subprocess
    import sys

    process = subprocess.Popen([sys.executable, "-c", _KILLED_WORKER, str(minimal_project)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        process.wait(timeout=120)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        pytest.fail("the build still waited after 120 s for a worker that had been killed")
    assert process.returncode == 1
