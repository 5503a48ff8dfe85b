"""The two-way map between a notice's sentences and the rules: which sentence
places a duty on whom, which checklist items encode it, and why the others
are not encoded. Shaped once for `handbook coverage` and the site page."""

from __future__ import annotations

from dataclasses import dataclass

from generator.model.rules import KINDS
from generator.project import Project
from generator.views import links

COVERAGE_PAGE = "coverage.md"
STATUS_TEXT = {"encoded": "已写成事项", "not-encoded": "未写成事项", "no-duty": "不含职责", "gap": "缺口"}


@dataclass(frozen=True)
class EncodedRule:
    id: str
    title: str
    types: str
    kind: str


@dataclass(frozen=True)
class SentenceRow:
    id: str
    label: str  # 第2条第3句
    text: str
    link: links.Link
    status: str  # encoded / not-encoded / no-duty / gap
    rules: tuple[EncodedRule, ...]
    reason: str  # why not encoded, or what a duty-free sentence is
    addresses: str

    @property
    def status_text(self) -> str:
        return STATUS_TEXT[self.status]


@dataclass(frozen=True)
class CoveragePage:
    path: str
    title: str
    document: str
    groups: tuple[tuple[str, tuple[SentenceRow, ...]], ...]
    stale: tuple[str, ...]  # rules citing a sentence said to carry no duty

    @property
    def rows(self) -> tuple[SentenceRow, ...]:
        return tuple(r for _, rows in self.groups for r in rows)

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def gaps(self) -> tuple[SentenceRow, ...]:
        return tuple(r for r in self.rows if r.status == "gap")


def coverage_page(project: Project, doc_id: str) -> CoveragePage | None:
    doc, rules, coverage = project.document(doc_id), project.rules_for(doc_id), project.coverage_for(doc_id)
    if doc is None or rules is None:
        return None
    entries = {e.sentence: e for e in coverage.sentences} if coverage else {}
    by_sentence: dict[str, list[EncodedRule]] = {}
    for rule in rules.rules:
        by_sentence.setdefault(rule.sentence, []).append(EncodedRule(rule.id, rule.title, "、".join(rule.unit_types), KINDS[rule.kind]))
    groups: list[tuple[str, tuple[SentenceRow, ...]]] = [("引言", tuple(_row(s, entries, by_sentence) for s in doc.preamble))]
    for article in doc.articles:
        groups.append((f"第{article.number}条　{article.lead.text.rstrip('。')}", tuple(_row(s, entries, by_sentence) for s in article.sentences)))
    stale = tuple(f"{r.id}（{r.sentence}）" for r in rules.rules if r.sentence in entries and not entries[r.sentence].duty)
    return CoveragePage(COVERAGE_PAGE, "逐句对照：通知的要求写进了哪些事项", doc.number, tuple(groups), stale)


def _row(sentence, entries, by_sentence) -> SentenceRow:
    entry = entries.get(sentence.id)
    rules = tuple(by_sentence.get(sentence.id, ()))
    if entry is None:
        status, reason = "gap", "逐句对照中还没有说明本句"
    elif not entry.duty:
        status, reason = "no-duty", entry.note or ""
    elif rules:
        status, reason = "encoded", ""
    elif entry.not_encoded:
        status, reason = "not-encoded", entry.not_encoded
    else:
        status, reason = "gap", "规定了职责，但没有事项，也没有写明原因"
    label = links.sentence_label(sentence.id)[1]
    return SentenceRow(sentence.id, label, sentence.text, links.sentence_link(COVERAGE_PAGE, sentence.id), status, rules,
                       reason, "、".join(entry.addresses) if entry else "")
