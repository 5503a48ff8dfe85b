"""Find every input file under content/ and data/ and read it by kind.

Each file is either routed to a reader (and so validated) or reported: nothing
under these folders is silently ignored, except hidden files and documentation.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
import re
from pathlib import Path

from generator.errors import Finding, Location, Severity
from generator.loading.record import Record
from generator.loading.sanitize import sanitize_record
from generator.loading.tables import PROGRESS, read_csv, read_xlsx
from generator.loading.yamlfile import read_yaml

MAX_FILE_BYTES = 20 * 1024 * 1024
INPUT_DIRS = ("content", "data")

# (pattern relative to the project root, record kind). First match wins;
# unit tables may sit in sub-folders of data/ (one per county, say).
ROUTES: tuple[tuple[str, str], ...] = (
    ("content/vocabularies.yaml", "vocabulary"),
    ("content/glossary.yaml", "glossary"),
    ("content/synonyms.yaml", "synonyms"),
    ("content/library.yaml", "library"),
    ("content/training/course.yaml", "course"),
    ("content/training/questions.yaml", "questions"),
    ("content/documents/*/document.yaml", "document"),
    ("content/documents/*/annotations.yaml", "annotations"),
    ("content/documents/*/rules.yaml", "rules"),
    ("content/documents/*/coverage.yaml", "coverage"),
    ("content/documents/*/rule-cases.yaml", "rule-cases"),
    ("data/progress/**.yaml", "progress"),
    ("data/progress/**.yml", "progress"),
    ("data/progress/**.csv", "progress"),
    ("data/progress/**.xlsx", "progress"),
    ("data/**.yaml", "units"),
    ("data/**.yml", "units"),
    ("data/**.csv", "units"),
    ("data/**.xlsx", "units"),
)
DOC_SUFFIXES = (".md", ".txt")
READERS = {".yaml": read_yaml, ".yml": read_yaml, ".csv": read_csv, ".xlsx": read_xlsx}


@dataclass
class Loaded:
    records: list[tuple[str, Record]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def input_files(root: Path) -> list[str]:
    """All files under the input folders, as sorted POSIX paths relative to root."""
    found: list[str] = []
    for top in INPUT_DIRS:
        for dirpath, dirnames, filenames in os.walk(root / top):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            rel = Path(dirpath).relative_to(root).as_posix()
            found.extend(f"{rel}/{name}" for name in filenames if not name.startswith("."))
    return sorted(found)


def route(rel: str) -> str | None:
    if rel == SITE_CONFIG:
        return "site"
    if Path(rel).name.startswith("~$"):
        return None  # Excel/WPS lock file, reported by _unrouted
    return next((kind for pattern, kind in ROUTES if _matches(rel, pattern)), None)


def _matches(rel: str, pattern: str) -> bool:
    """`*` stays within one folder; `**` crosses folders; suffixes ignore case."""
    regex = re.escape(pattern).replace(r"\*\*", ".+").replace(r"\*", "[^/]+")
    stem, dot, suffix = rel.rpartition(".")
    return re.fullmatch(regex, f"{stem}{dot}{suffix.lower()}" if dot else rel) is not None


SITE_CONFIG = "mkdocs.yml"


def input_paths(root: Path) -> list[str]:
    """Every file a build reads: content/, data/ and the site configuration."""
    return [*input_files(root), *([SITE_CONFIG] if (root / SITE_CONFIG).exists() else [])]


def read_input(root: Path, rel: str) -> tuple[bytes | None, Finding | None]:
    """The bytes of one input file, or why it is not read (unknown kind, link, too large…)."""
    kind = route(rel)
    if kind is None:
        problems = _unrouted(rel)
        return None, problems[0] if problems else None
    raw, problem = _read(root / rel, rel)
    return (None, problem) if problem else (raw, None)


def parse_input(rel: str, raw: bytes) -> tuple[str, Record | None, list[Finding]]:
    """One file's record (its data with a location for every value), cleaned once."""
    kind = route(rel)
    reader = READERS[Path(rel).suffix.lower()]
    if kind == "progress" and reader in (read_csv, read_xlsx):
        record, findings = reader(rel, raw, PROGRESS)
    else:
        record, findings = reader(rel, raw)
    if record is not None:
        findings = findings + sanitize_record(record)
    return kind, record, findings


def load_inputs(root: Path) -> Loaded:
    loaded = Loaded()
    for rel in input_paths(root):
        raw, problem = read_input(root, rel)
        if problem:
            loaded.findings.append(problem)
        if raw is None:
            continue
        kind, record, findings = parse_input(rel, raw)
        loaded.findings.extend(findings)
        if record is not None:
            loaded.records.append((kind, record))
    return loaded


def _read(path: Path, rel: str) -> tuple[bytes, Finding | None]:
    """Only regular files are read, and only after their size is known."""
    try:
        info = path.lstat()  # a link is not followed: it could point anywhere on the machine
        if stat.S_ISLNK(info.st_mode):
            return b"", Finding(Location(rel), "file-unknown", "是链接（快捷方式），已跳过：请把文件本身放在这里")
        if not stat.S_ISREG(info.st_mode):
            return b"", Finding(Location(rel), "file-unknown", "不是普通文件（可能是管道或设备），已跳过")
        too_large = Finding(Location(rel), "file-too-large", f"文件超过 {MAX_FILE_BYTES // 1024 // 1024} MB，拒绝读取")
        if info.st_size > MAX_FILE_BYTES:
            return b"", too_large
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)  # a size of 0 can hide content (/proc files)
        return (b"", too_large) if len(raw) > MAX_FILE_BYTES else (raw, None)
    except OSError as exc:
        return b"", Finding(Location(rel), "file-unknown", f"无法读取文件（{exc.strerror or exc}），可能是失效的链接或没有权限")


def _unrouted(rel: str) -> list[Finding]:
    name = Path(rel).name
    if name.endswith(DOC_SUFFIXES):
        return []
    if name.startswith("~$"):
        return [Finding(Location(rel), "file-unknown", "Excel/WPS 打开文件时留下的临时文件，已跳过（关闭表格后会自动消失）", Severity.WARNING)]
    suffix = Path(rel).suffix.lower()
    if suffix in (".xls", ".xlsm", ".et"):
        hint = "请在 Excel/WPS 中另存为 .xlsx"
    elif suffix in READERS:
        hint = "这个位置不应放此类文件：单位数据放在 data/ 下，政策文件放在 content/documents/<编号>/ 下"
    else:
        hint = "content/ 和 data/ 下只能放 YAML、CSV、XLSX 和说明文档（.md）"
    return [Finding(Location(rel), "file-unknown", f"无法识别的文件「{name}」：{hint}")]
