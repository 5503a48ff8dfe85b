"""Verbatim sentences split into segments, with glossary terms marked.

Marking never changes the text: joining the segments gives the sentence back.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.model.document import Sentence
from generator.model.glossary import Term
from generator.views.links import GLOSSARY, Link, link


@dataclass(frozen=True)
class Segment:
    text: str
    term: Link | None = None  # a term link (or, kind "xref", a cross-reference); `title` carries the explanation
    title: str = ""
    kind: str = "term"  # term | xref


@dataclass(frozen=True)
class SentenceView:
    id: str
    lead: bool
    segments: tuple[Segment, ...]

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.segments)


class TermMarker:
    """Marks the first use of each term on a page. `document`: the page shows that document's
    text, so only the terms explained for it are marked (Term.applies_to), each with what that
    document means by it when the glossary says (its sense); None marks every term."""

    def __init__(self, terms: list[Term], page: str, document: str | None = None) -> None:
        self.page = page
        self.document = document
        self.terms = [t for t in terms if document is None or t.applies_to(document)]
        self.seen: set[str] = set()

    def sentence(self, sentence: Sentence, lead: bool = False) -> SentenceView:
        return SentenceView(sentence.id, lead, tuple(self._segments(sentence.text)))

    def view(self, view: SentenceView) -> SentenceView:
        """Marks terms in the parts of a sentence that link nowhere yet (cross-references stay)."""
        segments: list[Segment] = []
        for segment in view.segments:
            segments += [segment] if segment.term is not None else self._segments(segment.text)
        return SentenceView(view.id, view.lead, tuple(segments))

    def _segments(self, text: str) -> list[Segment]:
        hit = self._first_hit(text)
        if hit is None:
            return [Segment(text)] if text else []
        start, spelling, term = hit
        self.seen.add(term.id)
        target = link(spelling, self.page, GLOSSARY, term.id)
        marked = Segment(spelling, target, short_explanation(term, document=self.document))
        return [*([Segment(text[:start])] if start else []), marked, *self._segments(text[start + len(spelling):])]

    def _first_hit(self, text: str) -> tuple[int, str, Term] | None:
        best: tuple[int, str, Term] | None = None
        for term in self.terms:
            if term.id in self.seen:
                continue
            found = term.first_use(text)
            if found is None:
                continue
            pos, spelling = found
            if best is None or pos < best[0] or (pos == best[0] and len(spelling) > len(best[1])):
                best = (pos, spelling, term)
        return best


def short_explanation(term: Term, limit: int = 80, document: str | None = None) -> str:
    """The hover text of a marked term: what this document means by it when the glossary says."""
    text = term.explanation_for(document).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"
