"""Where a build may write, and how it replaces what was there.

An output folder is one build product: the site, its search index (in
`.search-index/`, never beside the folder where it could belong to anything)
and a marker that says who may read it (public or internal). A build writes
into a fresh folder beside the target and only replaces the target once
everything succeeded, so a failed or killed build leaves the previous output
whole. Every scratch folder carries the name of its output (or the process
that made it), so the next build removes what an interrupted one left behind.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import re
import shutil
import tempfile
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from generator.errors import HandbookError
from generator.workers import hold_lock, release_lock

if TYPE_CHECKING:
    from generator.incremental import Manifest, Plan

MARKER = ".handbook-output"
INDEX_DIR = ".search-index"  # inside the output: built, swapped and guarded with the site
SCRATCH_PREFIX = "handbook-"


class Audience(str, Enum):
    """Who may read an output: decided once, recorded in the output's marker."""

    PUBLIC = "public"
    INTERNAL = "internal"

    @property
    def label(self) -> str:
        return {"public": "公开版本", "internal": "内部版本"}[self.value]

    @property
    def default_folder(self) -> str:
        return {"public": "site", "internal": "site-internal"}[self.value]


class UnsafeOutput(HandbookError):
    pass


def output_folder(root: Path, out_dir: Path | None, audience: Audience, county: str | None = None) -> Path:
    """site/ (site-internal/), or for one county's stick site-<county>/ (site-internal-<county>/)."""
    default = audience.default_folder + (f"-{county}" if county else "")
    return (out_dir or root / default).resolve()


def output_audience(folder: Path) -> Audience | None:
    """The audience a previous build recorded in `folder`, if it is an output at all."""
    try:
        text = (folder / MARKER).read_text(encoding="utf-8")
    except OSError:
        return None
    match = re.search(r'"audience":\s*"(\w+)"', text)
    # markers written before audiences were recorded belong to public builds
    return Audience(match.group(1)) if match and match.group(1) in Audience._value2member_map_ else Audience.PUBLIC


def check_output_target(target: Path, project_root: Path, audience: Audience = Audience.PUBLIC) -> None:
    """Refuse anything but a previous output of the same audience, or a new folder."""
    target, root = target.resolve(), project_root.resolve()
    if target == root or target in root.parents or any(target.is_relative_to(root / d) for d in ("content", "data", "site_templates", "generator", "tests", ".git")):
        raise UnsafeOutput(f"不能把输出写到 {target}：它是项目目录或其中的源文件目录")
    other = Audience.INTERNAL if audience is Audience.PUBLIC else Audience.PUBLIC
    other_default = (root / other.default_folder).resolve()
    if target == other_default or target.is_relative_to(other_default) or other_default.is_relative_to(target):
        raise UnsafeOutput(f"不能把{audience.label}写到 {target}：该位置属于{other.label}（{other_default.name}/）")
    enclosing = enclosing_output(target.parent)
    if enclosing is not None:
        raise UnsafeOutput(f"不能把{audience.label}写到 {target}：它在另一个输出目录 {enclosing} 里面（输出目录不能嵌套）")
    if not target.exists():
        return
    if not target.is_dir():
        raise UnsafeOutput(f"{target} 已存在且不是目录：为免覆盖，请换一个目录")
    found = output_audience(target)
    if found is None and any(target.iterdir()):
        raise UnsafeOutput(f"{target} 已存在且不是手册生成的输出目录：为免覆盖，请换一个目录或先手动删除它")
    if found is not None and found is not audience:
        raise UnsafeOutput(f"{target} 是{found.label}的输出目录，不能写入{audience.label}：请换一个目录")


def enclosing_output(path: Path) -> Path | None:
    """The build output `path` lies in (itself or a parent), if any."""
    for folder in (path.resolve(), *path.resolve().parents):
        if (folder / MARKER).is_file():
            return folder
    return None


def refuse_inside_output(path: Path) -> None:
    """A file a command writes (-o) never goes into a build output: the output's
    audience would no longer say what is in it, and the next build replaces it."""
    enclosing = enclosing_output(path.parent)
    if enclosing is not None:
        raise UnsafeOutput(f"不能把文件写到 {path}：它在手册生成的输出目录 {enclosing} 里面，请写到别处")


@dataclass
class Transaction:
    """One build of one output. `previous` is the output's manifest when this build
    may keep what did not change (then `site` holds only what it makes again);
    None for a build from scratch (then `site` becomes the whole new output)."""

    target: Path
    site: Path
    work: Path
    previous: "Manifest | None"
    plan: "Plan | None" = None
    manifest: "Manifest | None" = None
    unchanged: bool = False  # nothing to make: the output stays as it is
    key: bytes = b""  # keys the hashes of raw input text kept in the output (incremental.project_key)


@contextmanager
def build_output(target: Path, project_root: Path, audience: Audience = Audience.PUBLIC, settings: str = "",
                 full: bool = False) -> Iterator[Transaction]:
    """Build into staging folders; put the result in place only if the block succeeds.

    From scratch, the staging folder replaces the output in one step. When the
    previous output was made with the same code and options, only the groups of
    files that changed are staged and committed with a journal
    (generator.incremental.commit); a build killed during that commit is undone
    by the next one (`recover`).
    """
    from generator.incremental import Manifest, commit, project_key, recover

    check_output_target(target, project_root, audience)
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    with _lock(target):
        recover(target)
        remove_leftovers(target)
        previous = None if full or not target.exists() else Manifest.load(target)
        if previous is not None and previous.settings != settings:
            previous = None
        staging = _sibling(target, "building")
        work = _sibling(target, "work")
        for folder in (staging, work):
            # an internal output is readable by its owner only, whatever the umask
            folder.mkdir(mode=0o700 if audience is Audience.INTERNAL else 0o777)
        tx = Transaction(target, staging, work, previous, key=project_key(project_root))
        try:
            yield tx
            if tx.unchanged:
                shutil.rmtree(staging, ignore_errors=True)
            elif tx.previous is not None:
                commit(target, staging, tx.plan, tx.manifest)
                shutil.rmtree(staging, ignore_errors=True)
            else:
                _write_marker(staging, audience)
                _write_manifest(staging, tx.manifest)
                _swap_in(staging, target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        finally:
            shutil.rmtree(work, ignore_errors=True)


def _write_manifest(folder: Path, manifest) -> None:
    from generator.incremental import MANIFEST

    if manifest is not None:
        (folder / MANIFEST).parent.mkdir(parents=True, exist_ok=True)
        (folder / MANIFEST).write_text(manifest.dump(), encoding="utf-8")


def _swap_in(staging: Path, target: Path) -> None:
    if target.exists() and exchange(staging, target):
        shutil.rmtree(staging, ignore_errors=True)  # now holds the previous output
        return
    retired = _sibling(target, "old")
    if target.exists():
        target.rename(retired)
    staging.rename(target)
    shutil.rmtree(retired, ignore_errors=True)


def exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2 RENAME_EXCHANGE), so there is
    no moment without an output; False where the system cannot."""
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def _sibling(target: Path, role: str) -> Path:
    return target.parent / f".{target.name}.{role}-{os.getpid()}"


def remove_leftovers(target: Path) -> list[Path]:
    """Staging, work and retired folders of builds that were killed (we hold the lock).
    A build killed between its two renames left no output but a retired one: that
    one is put back first."""
    pattern = re.compile(re.escape(f".{target.name}.") + r"(building|work|old)-\d+(\.undo)?")
    retired = sorted(p for p in target.parent.iterdir() if p.name.startswith(f".{target.name}.old-") and p.is_dir())
    if not target.exists() and retired and (retired[-1] / MARKER).is_file():
        retired[-1].rename(target)
    removed = [p for p in target.parent.iterdir() if pattern.fullmatch(p.name) and p.is_dir()]
    for path in removed:
        shutil.rmtree(path, ignore_errors=True)
    remove_stale_scratch()
    return removed


@contextmanager
def _lock(target: Path) -> Iterator[None]:
    """One build per output at a time; a second one waits rather than mixing files."""
    path = target.parent / f".{target.name}.lock"
    with open(path, "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UnsafeOutput(f"另一个 handbook build 正在生成 {target}：请等它结束后再试") from None
        hold_lock(handle.fileno())  # not inherited by the build's workers (generator/workers.py)
        try:
            yield
        finally:
            release_lock(handle.fileno())
            fcntl.flock(handle, fcntl.LOCK_UN)


def _write_marker(folder: Path, audience: Audience) -> None:
    note = "由 handbook build 生成；重新生成时整个目录会被替换。"
    if audience is Audience.INTERNAL:
        note += "内部版本：含个人信息，仅限组织部门内部使用，请勿公开或外传。"
    text = json.dumps({"audience": audience.value, "note": note}, ensure_ascii=False)
    (folder / MARKER).write_text(text + "\n", encoding="utf-8")


@contextmanager
def scratch_directory(purpose: str) -> Iterator[Path]:
    """A temporary folder named after this process, so a later run can tell it is stale."""
    folder = Path(tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-{purpose}-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def remove_stale_scratch() -> None:
    """Scratch folders of processes that no longer run (killed conversions, builds)."""
    pattern = re.compile(re.escape(SCRATCH_PREFIX) + r"(\d+)-")
    for path in Path(tempfile.gettempdir()).glob(f"{SCRATCH_PREFIX}*"):
        match = pattern.match(path.name)
        if match and path.is_dir() and not _running(int(match.group(1))):
            shutil.rmtree(path, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def write_text(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


def normalize_zip(path: Path, stamp: dt.datetime) -> None:
    """Rewrite a zip (xlsx, docx) with fixed entry times, so builds are byte-identical."""
    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info)) for info in source.infolist()]
    date_time = (stamp.year, stamp.month, stamp.day, 0, 0, 0)
    entries = [(info, _fixed_core_dates(data, stamp) if info.filename == "docProps/core.xml" else data) for info, data in entries]
    tmp = path.with_suffix(path.suffix + ".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in entries:
            fixed = zipfile.ZipInfo(info.filename, date_time)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, data)
    tmp.replace(path)


def _fixed_core_dates(xml: bytes, stamp: dt.datetime) -> bytes:
    """openpyxl and python-docx write the save time into core.xml; use the stamp."""
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    for tag in (b"dcterms:created", b"dcterms:modified"):
        xml = re.sub(rb"(<" + tag + rb"[^>]*>)[^<]*(</" + tag + rb">)", rb"\g<1>" + iso + rb"\g<2>", xml)
    return xml
