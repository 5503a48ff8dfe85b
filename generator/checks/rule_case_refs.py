"""Rule test cases (rule-cases.yaml) name real rules and describe valid units."""

from __future__ import annotations

from typing import Iterator

from generator.checks import check
from generator.checks.annotation_refs import document_of, folder_matches
from generator.errors import Finding
from generator.compute.rule_cases import CASE_UNIT
from generator.model.units import Unit
from generator.project import Project
from generator.validate import validate_at


@check("unknown-rule", "unknown-document")
def rule_case_refs(project: Project) -> Iterator[Finding]:
    for cases in project.rule_case_sets:
        doc, missing = document_of(project, cases)
        yield from missing
        if doc is None:
            continue
        yield from folder_matches(cases, cases.document)
        rules = project.rules_for(cases.document)
        ids = {r.id for r in rules.rules} if rules else set()
        for case in cases.cases:
            named = [("expect", rid) for rid in case.expect] + [("absent", rid) for rid in case.absent]
            named += [("only", rid) for rid in case.only or []]
            for field, rid in named:
                if rid not in ids:
                    yield Finding(case.locate(field), "unknown-rule", f"样例「{case.name}」中的规则「{rid}」不存在")
            record = case._record
            if record is None:
                continue
            _, problems = validate_at(Unit, record, {**CASE_UNIT, **case.unit}, case._path + ("unit",))
            yield from problems
            for i, other in enumerate(case.others):
                _, problems = validate_at(Unit, record, other, case._path + ("others", i))
                yield from problems
