"""The validated project: every document with its annotations, the glossary,
the vocabularies and the units, plus the look-ups the later stages need."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from generator.errors import Finding, Location
from generator.model.annotations import AnnotationSet
from generator.model.coverage import Coverage
from generator.model.document import Document, Sentence
from generator.model.glossary import Glossary, Term
from generator.model.library import Library
from generator.model.rule_cases import RuleCases
from generator.model.rules import ProgressEntry, RuleSet
from generator.model.site_config import SiteConfig
from generator.model.synonyms import Synonyms
from generator.model.training import Course, QuestionBank
from generator.model.units import Unit
from generator.model.vocabulary import Vocabulary

if TYPE_CHECKING:
    from generator.loading.cache import LoadCache

REQUIRED = {"vocabulary": "content/vocabularies.yaml", "glossary": "content/glossary.yaml"}


@dataclass
class Project:
    root: Path
    documents: list[Document] = field(default_factory=list)
    annotations: list[AnnotationSet] = field(default_factory=list)
    glossaries: list[Glossary] = field(default_factory=list)
    vocabularies: list[Vocabulary] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    synonym_sets: list[Synonyms] = field(default_factory=list)
    rule_sets: list[RuleSet] = field(default_factory=list)
    coverages: list[Coverage] = field(default_factory=list)
    rule_case_sets: list[RuleCases] = field(default_factory=list)
    progress: list[ProgressEntry] = field(default_factory=list)
    courses: list[Course] = field(default_factory=list)
    question_banks: list[QuestionBank] = field(default_factory=list)
    site_configs: list[SiteConfig] = field(default_factory=list)
    libraries: list[Library] = field(default_factory=list)  # content/library.yaml: 未收录 documents, relations
    # ids of units that exist in the files but failed validation: references to
    # them are not reported again as "unknown".
    invalid_unit_ids: set[str] = field(default_factory=set)
    # paths of files that failed validation as a whole, so that checks do not
    # report their contents as "missing" on top of the schema errors
    invalid_paths: set[str] = field(default_factory=set)
    # what the incremental build compares: each content file's hash (not data/, whose raw
    # text holds personal fields), each unit row's and each unit's progress rows' fingerprints
    input_hashes: dict[str, str] = field(default_factory=dict)
    row_fingerprints: dict[str, str] = field(default_factory=dict)
    progress_fingerprints: dict[str, list[str]] = field(default_factory=dict)
    personal_fingerprints: dict[str, str] = field(default_factory=dict)  # of personal fields: internal outputs only
    # mobile and ID numbers in non-personal text, found file by file when loading
    personal_numbers: list[Finding] | None = None

    @property
    def vocabulary(self) -> Vocabulary | None:
        return self.vocabularies[0] if self.vocabularies else None

    @property
    def glossary(self) -> Glossary | None:
        return self.glossaries[0] if self.glossaries else None

    @property
    def library(self) -> Library:
        return self.libraries[0] if self.libraries else Library()

    @property
    def synonyms(self) -> Synonyms:
        return self.synonym_sets[0] if self.synonym_sets else Synonyms(groups=[])

    @property
    def terms(self) -> list[Term]:
        return self.glossary.terms if self.glossary else []

    def document(self, doc_id: str) -> Document | None:
        return next((d for d in self.documents if d.id == doc_id), None)

    def rules_for(self, doc_id: str) -> RuleSet | None:
        return next((r for r in self.rule_sets if r.document == doc_id), None)

    def coverage_for(self, doc_id: str) -> Coverage | None:
        return next((c for c in self.coverages if c.document == doc_id), None)

    def annotations_for(self, doc_id: str) -> AnnotationSet | None:
        return next((a for a in self.annotations if a.document == doc_id), None)

    @cached_property
    def sentences(self) -> dict[tuple[str, str], Sentence]:
        """(document id, sentence id) → sentence, over all documents."""
        return {(d.id, s.id): s for d in self.documents for s in d.sentences()}

    @cached_property
    def units_by_id(self) -> dict[str, Unit]:
        index: dict[str, Unit] = {}
        for unit in self.units:
            index.setdefault(unit.id, unit)
        return index


_SLOTS = {
    "document": "documents",
    "annotations": "annotations",
    "glossary": "glossaries",
    "vocabulary": "vocabularies",
    "units": "units",
    "synonyms": "synonym_sets",
    "rules": "rule_sets",
    "coverage": "coverages",
    "rule-cases": "rule_case_sets",
    "progress": "progress",
    "course": "courses",
    "questions": "question_banks",
    "site": "site_configs",
    "library": "libraries",
}


def load_project(root: Path, cache: "LoadCache | None" = None, workers: int = 1, progress=None) -> tuple[Project, list[Finding]]:
    """Load and validate every input file; return what is valid and all findings."""
    from generator.loading.cache import load_files

    files, findings, hashes = load_files(root, cache, workers, progress)
    project = Project(root=root, input_hashes=hashes, personal_numbers=[])
    present = {f.kind for f in files if f.parsed}
    for loaded in files:
        findings.extend(loaded.findings)
        if not loaded.parsed:
            continue
        getattr(project, _SLOTS[loaded.kind]).extend(loaded.models)
        project.personal_numbers.extend(loaded.personal_numbers)
        if not loaded.models and loaded.findings:
            project.invalid_paths.add(loaded.rel)
        if loaded.kind == "units":
            project.invalid_unit_ids |= loaded.raw_ids - {u.id for u in loaded.models}
            project.row_fingerprints.update(loaded.rows)
            project.personal_fingerprints.update(loaded.personal_rows)
        elif loaded.kind == "progress":
            for unit_id, fingerprint in loaded.rows:
                project.progress_fingerprints.setdefault(unit_id, []).append(fingerprint)
    # The library's order: the first document is what the site and commands use by default.
    project.documents.sort(key=lambda d: d.order if d.order is not None else float("inf"))
    for kind, path in REQUIRED.items():
        if kind not in present and not (root / path).exists():
            findings.append(Finding(Location(path), "file-missing", "缺少必需的文件"))
    if project.vocabulary is not None:  # "基层党组织" in a rule stands for the types of that level
        for rules in project.rule_sets:
            for rule in rules.rules:
                rule.resolve_types(project.vocabulary.expand(rule.unit_types))
    return project, findings
