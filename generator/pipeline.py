"""The order of the stages, readable as a table of contents.

load → validate (collect everything, stop once) → compute → views → renderers.
Later stages (site, checklists, Word, search) plug in after `checked_project`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.checks import run_checks
from generator.errors import Finding, InvalidInput, has_errors, sort_findings
from generator.project import Project, load_project


@dataclass
class CheckResult:
    project: Project
    findings: list[Finding]

    @property
    def ok(self) -> bool:
        return not has_errors(self.findings)


def check(root: Path) -> CheckResult:
    """Load and validate all inputs, then run every cross-record check."""
    project, findings = load_project(root)
    findings += run_checks(project)
    return CheckResult(project, sort_findings(findings))


def checked_project(root: Path) -> tuple[Project, list[Finding]]:
    """The validated project for later stages; raises once if anything is wrong."""
    result = check(root)
    if not result.ok:
        raise InvalidInput(result.findings)
    return result.project, result.findings
