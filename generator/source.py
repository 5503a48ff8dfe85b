"""Reassemble a document's original text from the verbatim parts of the model.

The inverse of `generator.importing`: `handbook source ID` prints this, and the
fidelity tests compare it with the source texts byte for byte. One line per
paragraph of the original: headings, each paragraph of an article (the first
one after the article's label), each item.
"""

from __future__ import annotations

from generator.model.document import Article, Attachment, Chapter, Document, Paragraph, Preface, Section


def _joined(sentences) -> str:
    return "".join(s.text for s in sentences)


def paragraph_lines(paragraph: Paragraph, label: str = "") -> list[str]:
    lines = [label + _joined(paragraph.sentences)] if paragraph.sentences or label else []
    return lines + [item.label + _joined(item.sentences) for item in paragraph.items]


def article_lines(article: Article) -> list[str]:
    if article.lead is not None:
        return [article.label + _joined(article.sentences)]
    first, *rest = article.paragraphs
    return paragraph_lines(first, article.label) + [line for p in rest for line in paragraph_lines(p)]


def _paragraphs(paragraphs: list[Paragraph]) -> list[str]:
    return [line for p in paragraphs for line in paragraph_lines(p)]


def section_lines(section: Section) -> list[str]:
    heading = [section.heading] if section.heading is not None else []
    return heading + _paragraphs(section.paragraphs) + [line for a in section.articles for line in article_lines(a)]


def chapter_lines(chapter: Chapter) -> list[str]:
    lines = [chapter.heading, *_paragraphs(chapter.paragraphs)]
    lines += [line for a in chapter.articles for line in article_lines(a)]
    return lines + [line for s in chapter.sections for line in section_lines(s)]


def preface_lines(preface: Preface) -> list[str]:
    return ([preface.heading] if preface.heading is not None else []) + _paragraphs(preface.paragraphs)


def attachment_lines(attachment: Attachment) -> list[str]:
    return [attachment.label, *attachment.title, *_paragraphs(attachment.paragraphs)]


def document_lines(doc: Document) -> list[str]:
    lines: list[str] = []
    if doc.cover is not None:
        cover = doc.cover
        lines += [cover.title, cover.number, cover.addressees, cover.body, cover.signature, cover.date, cover.distribution]
    lines += [line.text for line in doc.front]
    lines += [*doc.opinion_title, *doc.caption]
    if doc.preamble:
        lines.append(_joined(doc.preamble))
    if doc.preface is not None:
        lines += preface_lines(doc.preface)
    for section in doc.sections:
        lines += section_lines(section)
    for chapter in doc.chapters:
        lines += chapter_lines(chapter)
    lines += doc.closing
    for attachment in doc.attachments:
        lines += attachment_lines(attachment)
    return lines


def document_text(doc: Document) -> str:
    """The document as printed, one line per paragraph, without a final newline."""
    return "\n".join(document_lines(doc))
