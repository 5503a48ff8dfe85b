"""Findings (located problems in user input) and the two kinds of exception.

Every problem a user can fix is a `Finding` with a location and a stable code;
the CLI prints them and maps them to exit codes. Anything else is a bug and is
allowed to raise normally.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import Enum
from typing import Iterable


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告"}[self.value]


@dataclass(frozen=True, order=True)
class Location:
    """Where a value came from: a YAML/CSV line and column, or an Excel cell."""

    path: str
    line: int | None = None
    col: int | None = None
    sheet: str | None = None
    cell: str | None = None

    def __str__(self) -> str:
        if self.cell is not None:
            return f"{self.path}:{self.sheet}!{self.cell}"
        if self.line is None:
            return self.path
        return f"{self.path}:{self.line}:{self.col or 1}"


@dataclass(frozen=True)
class Finding:
    location: Location
    code: str
    message: str
    severity: Severity = Severity.ERROR

    def format(self) -> str:
        return f"{self.location}: {self.severity.label}: {self.message} [{self.code}]"

    def to_json(self) -> dict:
        loc = self.location
        return {
            "path": loc.path,
            "line": loc.line,
            "col": loc.col,
            "sheet": loc.sheet,
            "cell": loc.cell,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
        }


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Stable, readable order: by file, then position, then code."""

    def key(f: Finding):
        loc = f.location
        return (loc.path, loc.sheet or "", loc.line or 0, _cell_order(loc.cell), loc.col or 0, f.code, f.message)

    return sorted(set(findings), key=key)


def _cell_order(cell: str | None) -> tuple[int, str]:
    if not cell:
        return (0, "")
    letters = cell.rstrip("0123456789")
    return (int(cell[len(letters):] or 0), letters.rjust(3))


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)


def format_text(findings: Iterable[Finding]) -> str:
    return "\n".join(f.format() for f in findings)


def format_json(findings: Iterable[Finding]) -> str:
    return json.dumps([f.to_json() for f in findings], ensure_ascii=False, indent=2)


class HandbookError(Exception):
    """A problem the user can fix; the CLI prints it in Chinese and exits 1."""

    exit_code = 1


@dataclass
class InvalidInput(HandbookError):
    """Raised once after validation, carrying every finding collected."""

    findings: list[Finding] = field(default_factory=list)

    def __str__(self) -> str:
        errors = sum(1 for f in self.findings if f.severity is Severity.ERROR)
        return f"输入有 {errors} 处错误，已停止。"


class UsageError(HandbookError):
    """Wrong command-line use (unknown document id, missing file...)."""

    exit_code = 2
