"""Sample units must be visibly fictional, so nobody mistakes them for real ones."""

from __future__ import annotations

from typing import Iterator

from generator.checks import check
from generator.errors import Finding
from generator.project import Project

MARK = "示例"


@check("sample-name")
def sample_marking(project: Project) -> Iterator[Finding]:
    for unit in project.units:
        if unit.sample and MARK not in unit.name:
            yield Finding(unit.locate("name"), "sample-name", f"示例单位的名称必须含「{MARK}」，以免被误认为真实单位")
        if not unit.sample and MARK in unit.name:
            yield Finding(unit.locate("sample"), "sample-name", f"名称含「{MARK}」的单位应标注 sample: true")
