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
    term: Link | None = None  # a term link; `title` carries the explanation
    title: str = ""


@dataclass(frozen=True)
class SentenceView:
    id: str
    lead: bool
    segments: tuple[Segment, ...]

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.segments)


class TermMarker:
    """Marks the first use of each term on a page, longest spelling first."""

    def __init__(self, terms: list[Term], page: str) -> None:
        self.page = page
        self.spellings = sorted(((sp, t) for t in terms for sp in t.spellings), key=lambda p: -len(p[0]))
        self.seen: set[str] = set()

    def sentence(self, sentence: Sentence, lead: bool = False) -> SentenceView:
        return SentenceView(sentence.id, lead, tuple(self._segments(sentence.text)))

    def _segments(self, text: str) -> list[Segment]:
        hit = self._first_hit(text)
        if hit is None:
            return [Segment(text)] if text else []
        start, spelling, term = hit
        self.seen.add(term.id)
        target = link(spelling, self.page, GLOSSARY, term.id)
        marked = Segment(spelling, target, short_explanation(term))
        return [*([Segment(text[:start])] if start else []), marked, *self._segments(text[start + len(spelling):])]

    def _first_hit(self, text: str) -> tuple[int, str, Term] | None:
        best: tuple[int, str, Term] | None = None
        for spelling, term in self.spellings:
            if term.id in self.seen:
                continue
            pos = text.find(spelling)
            if pos >= 0 and (best is None or pos < best[0] or (pos == best[0] and len(spelling) > len(best[1]))):
                best = (pos, spelling, term)
        return best


def short_explanation(term: Term, limit: int = 80) -> str:
    text = term.explanation.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"
