"""A document's own consistency: numbering, sentence ids, metadata vs. cover."""

from __future__ import annotations

import re
from typing import Iterator

from generator.checks import check
from generator.errors import Finding
from generator.importer import DATE_RE, NUMERALS
from generator.model.document import Document
from generator.project import Project


@check("document-structure", "sentence-id")
def document_structure(project: Project) -> Iterator[Finding]:
    for doc in project.documents:
        yield from _folder(doc)
        yield from _metadata(doc)
        yield from _numbering(doc)
        yield from _sentence_ids(doc)


def _folder(doc: Document) -> Iterator[Finding]:
    folder = doc.locate().path.split("/")[-2]
    if folder != doc.id:
        yield Finding(doc.locate("id"), "document-structure", f"文件编号「{doc.id}」应与所在文件夹名「{folder}」一致")


def _metadata(doc: Document) -> Iterator[Finding]:
    pairs = [
        ("number", doc.number, doc.cover.number, "文号"),
        ("issuer", doc.issuer, doc.cover.signature, "发文机关（落款）"),
        ("title", doc.title, "".join(doc.opinion_title), "标题（正文标题各行相连）"),
    ]
    for field, value, verbatim, label in pairs:
        if value != verbatim:
            yield Finding(doc.locate(field), "document-structure", f"{label}「{value}」与原文「{verbatim}」不一致")
    match = DATE_RE.match(doc.cover.date)
    if not match or (int(match["y"]), int(match["m"]), int(match["d"])) != (doc.date.year, doc.date.month, doc.date.day):
        yield Finding(doc.locate("date"), "document-structure", f"成文日期 {doc.date} 与原文落款日期「{doc.cover.date}」不一致")


def _numbering(doc: Document) -> Iterator[Finding]:
    expected = 1
    for k, section in enumerate(doc.sections, start=1):
        if section.number != k or section.numeral != NUMERALS[k - 1 : k] or section.heading != f"{section.numeral}、{section.title}":
            yield Finding(section.locate("heading"), "document-structure", f"第 {k} 节的序号或标题「{section.heading}」与 number/numeral/title 不一致")
        for article in section.articles:
            if article.number != expected:
                yield Finding(article.locate("number"), "document-structure", f"条号应为 {expected}（条号跨节连续编排），实际为 {article.number}")
            expected = article.number + 1
            if not re.fullmatch(rf"{article.number}[.．、]", article.label):
                yield Finding(article.locate("label"), "document-structure", f"条号写法「{article.label}」与条号 {article.number} 不符")


def _sentence_ids(doc: Document) -> Iterator[Finding]:
    groups = [("preamble", doc.preamble)] + [(a.anchor, a.sentences) for a in doc.articles]
    for prefix, sentences in groups:
        for k, sentence in enumerate(sentences, start=1):
            if sentence.id != f"{prefix}.s{k}":
                yield Finding(
                    sentence.locate("id"),
                    "sentence-id",
                    f"句子编号应为「{prefix}.s{k}」（按顺序从 s1 起编号），实际为「{sentence.id}」",
                )
