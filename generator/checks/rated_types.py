"""A grade recorded for a unit whose type is not graded (a township, say) is
used by no checklist item: say so, since the staff member expects otherwise."""

from __future__ import annotations

from typing import Iterator

from generator.checks import check
from generator.errors import Finding, Severity
from generator.project import Project


@check("rating-unused")
def rated_types(project: Project) -> Iterator[Finding]:
    vocab = project.vocabulary
    if vocab is None or not any(p.rated for p in vocab.party_levels):
        return
    rated = set(vocab.rated_types())
    levels = "、".join(p.name for p in vocab.party_levels if p.rated)
    for unit in project.units:
        if unit.type in rated:
            continue
        for field in ("ratings", "year_end_ratings"):
            years = getattr(unit, field)
            if years:
                yield Finding(unit.locate(field, min(years)), "rating-unused",
                              f"{unit.type}不参加分类定级（content/vocabularies.yaml 中只有{levels}参加），「{unit.name}」填写的定级不会用于任何事项",
                              Severity.WARNING)
