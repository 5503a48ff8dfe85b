"""Atomic output: a build writes into a fresh folder beside the target and only
replaces the target once everything succeeded, so a failed build leaves the
previous output intact."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import zipfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from generator.errors import HandbookError


MARKER = ".handbook-output"


class UnsafeOutput(HandbookError):
    pass


def check_output_target(target: Path, project_root: Path) -> None:
    """Refuse to replace anything that is not a previous build's output."""
    target, root = target.resolve(), project_root.resolve()
    if target == root or target in root.parents or target.is_relative_to(root / "content") or target.is_relative_to(root / "data"):
        raise UnsafeOutput(f"不能把输出写到 {target}：它是项目目录或其中的 content/、data/")
    if target.exists() and (not target.is_dir() or (any(target.iterdir()) and not (target / MARKER).exists())):
        raise UnsafeOutput(f"{target} 已存在且不是手册生成的输出目录：为免覆盖，请换一个目录或先手动删除它")


@contextmanager
def atomic_directory(target: Path, project_root: Path) -> Iterator[Path]:
    check_output_target(target, project_root)
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.parent / f".{target.name}.building-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        yield staging
        (staging / MARKER).write_text("由 handbook build 生成；重新生成时整个目录会被替换。\n", encoding="utf-8")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    retired = target.parent / f".{target.name}.old-{os.getpid()}"
    if target.exists():
        target.rename(retired)
    staging.rename(target)
    shutil.rmtree(retired, ignore_errors=True)


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
    import re

    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    for tag in (b"dcterms:created", b"dcterms:modified"):
        xml = re.sub(rb"(<" + tag + rb"[^>]*>)[^<]*(</" + tag + rb">)", rb"\g<1>" + iso + rb"\g<2>", xml)
    return xml
