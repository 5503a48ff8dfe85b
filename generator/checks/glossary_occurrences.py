"""Glossary occurrences: listed sentences contain the term; every use is listed."""

from __future__ import annotations

from typing import Iterator

from generator.checks import check
from generator.errors import Finding, Severity
from generator.model.glossary import Term
from generator.project import Project


@check("term-not-in-sentence", "term-occurrence-unlisted", "term-sense", "unknown-sentence", "unknown-term")
def glossary_occurrences(project: Project) -> Iterator[Finding]:
    term_ids = {t.id for t in project.terms}
    for term in project.terms:
        yield from _listed(project, term)
        yield from _unlisted(project, term)
        yield from _senses(term)
        for related in term.related:
            if related not in term_ids:
                yield Finding(term.locate("related"), "unknown-term", f"相关术语「{related}」不在术语表中")


def _listed(project: Project, term: Term) -> Iterator[Finding]:
    for occ in term.occurrences:
        if project.document(occ.document) is None:
            yield Finding(occ.locate("document"), "unknown-document", f"找不到编号为「{occ.document}」的政策文件")
            continue
        for i, sid in enumerate(occ.sentences):
            sentence = project.sentences.get((occ.document, sid))
            if sentence is None:
                yield Finding(occ.locate("sentences", i), "unknown-sentence", f"句子「{sid}」不存在")
            elif not term.occurs_in(sentence.text):
                yield Finding(occ.locate("sentences", i), "term-not-in-sentence", f"术语「{term.term}」不出现在句子 {sid} 中")


def _unlisted(project: Project, term: Term) -> Iterator[Finding]:
    """Every use within the documents the term is explained for (all documents when it
    lists none): an explanation written for the notice says nothing about the 党章."""
    listed = {(o.document, s) for o in term.occurrences for s in o.sentences}
    documents = {o.document for o in term.occurrences}
    for (doc_id, sid), sentence in project.sentences.items():
        if documents and doc_id not in documents:
            continue
        if (doc_id, sid) not in listed and term.occurs_in(sentence.text):
            yield Finding(
                term.locate("occurrences"),
                "term-occurrence-unlisted",
                f"术语「{term.term}」出现在 {doc_id} 的 {sid}，但未列入 occurrences",
                Severity.WARNING,
            )


def _senses(term: Term) -> Iterator[Finding]:
    """A document's sense is shown with its sentence quoted, so the sentence must be one
    the term occurs in there; a term whose meanings differ shows at least two senses."""
    for occ in term.occurrences:
        if occ.sense is not None and occ.sense.sentence not in occ.sentences:
            yield Finding(occ.sense.locate("sentence"), "term-sense",
                          f"术语「{term.term}」在 {occ.document} 中的含义所依据的句子 {occ.sense.sentence} 不在该文件的 sentences 中")
    senses = [o for o in term.occurrences if o.sense is not None]
    if term.meanings_differ and len({o.document for o in senses}) < 2:
        yield Finding(term.locate("meanings_differ"), "term-sense",
                      f"术语「{term.term}」标明在各文件中含义不同，但写明含义（sense）的文件少于两份")
