"""The glossary page: every term, where it occurs in each document, and what each document
means by it where the glossary says.

A project of one document gets the page it always had (no document names, no filter). With
several documents, each entry names the documents it occurs in, with its sentences under each,
and the page lists every document's terms (a grouping that needs no script) above a filter
(assets/javascripts/handbook-glossary.js) that shows one document's terms.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.model.document import Document
from generator.model.glossary import Term
from generator.model.provisions import provision_index
from generator.project import Project
from generator.views import links
from generator.views.links import Link, link

FILTER_SCRIPT = "assets/javascripts/handbook-glossary.js"
COUNT_WORDS = {2: "两", 3: "三", 4: "四", 5: "五"}


@dataclass(frozen=True)
class SenseView:
    """What one document means by the term (ours), with its sentence quoted."""

    document: str  # the document's name
    explanation: str
    quote: str  # the sentence, verbatim
    source: Link  # to the sentence


@dataclass(frozen=True)
class TermUses:
    """Where a term occurs in one document."""

    document: str  # id
    label: str  # the document's name, as search hits name it
    occurrences: tuple[Link, ...]


@dataclass(frozen=True)
class TermEntry:
    id: str
    term: str
    aliases: tuple[str, ...]
    explanation: str
    sources: tuple[str, ...]
    uncertain: bool
    occurrences: tuple[Link, ...]  # in the site's document (the page of a project of one document)
    related: tuple[Link, ...]
    documents: tuple[str, ...] = ()  # ids of the documents it occurs in
    uses: tuple[TermUses, ...] = ()  # per document, when the project has several
    senses: tuple[SenseView, ...] = ()
    differs: str = ""  # 在两份文件中的含义不同, when the glossary says the meanings differ


@dataclass(frozen=True)
class DocumentTerms:
    """One document's terms: a filter button and a list of links."""

    document: str
    label: str
    terms: tuple[Link, ...]


@dataclass(frozen=True)
class GlossaryPage:
    path: str
    note: str
    entries: tuple[TermEntry, ...]
    by_document: tuple[DocumentTerms, ...] = ()  # empty for a project of one document
    script: Link | None = None


class _Places:
    """Links to sentences wherever their page is: the notice's article pages, a library text page."""

    def __init__(self, project: Project, site_doc: Document, path: str) -> None:
        self.project, self.site_doc, self.path = project, site_doc, path
        self.indexes: dict[str, dict] = {}

    def link(self, doc_id: str, sentence_id: str) -> Link:
        if doc_id == self.site_doc.id:
            return links.sentence_link(self.path, sentence_id)
        from generator.search.corpus import hit_citation

        doc = self.project.document(doc_id)
        index = self.indexes.setdefault(doc_id, provision_index(doc))
        name = hit_citation(doc, sentence_id, index)
        prefix = f"《{doc.title}》"
        return link(name[len(prefix):] if name.startswith(prefix) else name, self.path,
                    links.library_page(doc_id, "text"), sentence_id)

    def links(self, doc_id: str, sentence_ids: list[str]) -> tuple[Link, ...]:
        """One link per place: sentences of one item are cited as that item once."""
        found: dict[str, Link] = {}
        for sid in sentence_ids:
            place = self.link(doc_id, sid)
            found.setdefault(place.text, place)
        return tuple(found.values())


def glossary_page(project: Project, doc: Document) -> GlossaryPage:
    path = links.GLOSSARY
    names = {t.id: t.term for t in project.terms}
    several = len(project.documents) > 1
    places = _Places(project, doc, path)
    from generator.search.corpus import document_labels

    labels = document_labels(project)
    entries = []
    for term in project.terms:
        occurrences = [
            links.sentence_link(path, sid)
            for occ in term.occurrences if occ.document == doc.id for sid in occ.sentences
        ]
        entries.append(TermEntry(
            term.id, term.term, tuple(term.aliases), term.explanation, tuple(term.sources), term.uncertain,
            tuple(occurrences), tuple(link(names[r], path, path, r) for r in term.related if r in names),
            documents=tuple(d for d in term.documents if d in labels),
            uses=_uses(term, labels, places) if several else (),
            senses=_senses(project, term, labels, places),
            differs=_differs(term),
        ))
    by_document = ()
    if several:
        by_document = tuple(
            DocumentTerms(d.id, labels[d.id], tuple(link(t.term, path, path, t.id) for t in project.terms if d.id in t.documents))
            for d in project.documents
        )
    note = project.glossary.note if project.glossary else ""
    return GlossaryPage(path, note, tuple(entries), by_document, link("", path, FILTER_SCRIPT) if several else None)


def _uses(term: Term, labels: dict[str, str], places: _Places) -> tuple[TermUses, ...]:
    return tuple(TermUses(o.document, labels[o.document], places.links(o.document, o.sentences))
                 for o in term.occurrences if o.document in labels)


def _senses(project: Project, term: Term, labels: dict[str, str], places: _Places) -> tuple[SenseView, ...]:
    found = []
    for o in term.occurrences:
        sentence = project.sentences.get((o.document, o.sense.sentence)) if o.sense else None
        if sentence is not None:
            found.append(SenseView(labels[o.document], o.sense.explanation, sentence.text, places.link(o.document, sentence.id)))
    return tuple(found)


def _differs(term: Term) -> str:
    if not term.meanings_differ:
        return ""
    count = len({o.document for o in term.occurrences if o.sense is not None})
    return f"在{COUNT_WORDS.get(count, str(count))}份文件中的含义不同"
