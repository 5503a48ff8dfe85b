"""Mobile and ID-card numbers typed into fields that are not personal.

A warning here (an internal build may carry them); the public build refuses
the same findings as errors, see `generator.projection`.
"""

from __future__ import annotations

from typing import Iterator

from generator.checks import check
from generator.errors import Finding, Severity
from generator.project import Project


@check("personal-number")
def personal_numbers(project: Project) -> Iterator[Finding]:
    from generator.projection import personal_number_findings

    yield from personal_number_findings(project, Severity.WARNING)
