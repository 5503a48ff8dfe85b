"""Reassemble a document's original text from the verbatim parts of the model.

The inverse of `generator.importer`: `handbook source ID` prints this, and the
fidelity test compares it with the seed byte for byte.
"""

from __future__ import annotations

from generator.model.document import Article, Document


def article_line(article: Article) -> str:
    return article.label + "".join(s.text for s in article.sentences)


def document_lines(doc: Document) -> list[str]:
    cover = doc.cover
    lines = [
        cover.title,
        cover.number,
        cover.addressees,
        cover.body,
        cover.signature,
        cover.date,
        cover.distribution,
        *doc.opinion_title,
    ]
    if doc.preamble:
        lines.append("".join(s.text for s in doc.preamble))
    for section in doc.sections:
        lines.append(section.heading)
        lines.extend(article_line(a) for a in section.articles)
    lines.extend(doc.closing)
    return lines


def document_text(doc: Document) -> str:
    """The notice as printed, one line per paragraph, without a final newline."""
    return "\n".join(document_lines(doc))
