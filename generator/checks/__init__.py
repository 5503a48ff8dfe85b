"""Cross-record checks: one module per check, each registered by its codes.

A check is a function `(project) -> Iterable[Finding]`; it never stops early and
never returns a bare bool (compare yamllint's `rules/`).
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Callable, Iterable

from generator.errors import Finding
from generator.project import Project

Check = Callable[[Project], Iterable[Finding]]
REGISTRY: dict[str, Check] = {}


def check(*codes: str) -> Callable[[Check], Check]:
    """Register a check under the finding codes it may emit."""

    def register(func: Check) -> Check:
        func.codes = codes  # type: ignore[attr-defined]
        REGISTRY[func.__module__.rsplit(".", 1)[-1]] = func
        return func

    return register


def all_checks() -> dict[str, Check]:
    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")
    return dict(sorted(REGISTRY.items()))


def run_checks(project: Project) -> list[Finding]:
    findings: list[Finding] = []
    for func in all_checks().values():
        findings.extend(func(project))
    return findings
