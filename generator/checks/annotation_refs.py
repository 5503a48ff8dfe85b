"""Annotations must point at a real document, article and sentence of that article."""

from __future__ import annotations

from typing import Iterator

from generator.checks import check
from generator.errors import Finding, Severity
from generator.model.annotations import AnnotationSet, Cited
from generator.model.document import Document
from generator.project import Project


@check("unknown-document", "unknown-article", "unknown-sentence", "annotation-missing")
def annotation_refs(project: Project) -> Iterator[Finding]:
    for ann in project.annotations:
        doc, missing = document_of(project, ann)
        yield from missing
        if doc is None:
            continue
        yield from folder_matches(ann, ann.document)
        yield from _article_refs(ann, doc)
        yield from _sentence_refs(ann, doc)
    for doc in project.documents:
        ann = project.annotations_for(doc.id)
        beside = doc.locate().path.replace("document.yaml", "annotations.yaml")
        if ann is None and (beside in project.invalid_paths or not (project.root / beside).exists()):
            # Reported already, or a document kept as text only (the 党章 beside the notice):
            # once its folder has annotations.yaml, every article is expected in it.
            continue
        annotated = {a.article for a in ann.articles} if ann else set()
        for article in doc.articles:
            if article.number not in annotated:
                yield Finding(article.locate("number"), "annotation-missing", f"第 {article.number} 条还没有标注（annotations.yaml）", Severity.WARNING)


def document_of(project: Project, model) -> tuple[Document | None, list[Finding]]:
    """The document a content file names in its `document:` field, or the finding saying it is unknown."""
    doc = project.document(model.document)
    if doc is None:
        return None, [Finding(model.locate("document"), "unknown-document", f"找不到编号为「{model.document}」的政策文件")]
    return doc, []


def folder_matches(model, doc_id: str) -> Iterator[Finding]:
    """annotations.yaml and rules.yaml belong in their document's own folder."""
    folder = model.locate().path.split("/")[-2]
    if folder != doc_id:
        yield Finding(model.locate("document"), "unknown-document",
                      f"此文件属于「{doc_id}」，但放在 content/documents/{folder}/ 中：请移到 content/documents/{doc_id}/")


def _article_refs(ann: AnnotationSet, doc: Document) -> Iterator[Finding]:
    numbers = {a.number for a in doc.articles}
    for entry in ann.articles:
        if entry.article not in numbers:
            yield Finding(entry.locate("article"), "unknown-article", f"{doc.number}没有第 {entry.article} 条")
        for ref in entry.articles:
            if ref.article not in numbers:
                yield Finding(ref.locate("article"), "unknown-article", f"引用的第 {ref.article} 条不存在")


def _sentence_refs(ann: AnnotationSet, doc: Document) -> Iterator[Finding]:
    sentences = doc.sentence_index()
    for item in ann.preamble:
        yield from _sentence_ref(item, sentences, "preamble.")
    for item in ann.highlights:
        yield from _sentence_ref(item, sentences, "")
    for entry in ann.articles:
        for item in entry.cited():
            yield from _sentence_ref(item, sentences, f"art-{entry.article}.")


def _sentence_ref(item: Cited, sentences: dict, prefix: str) -> Iterator[Finding]:
    if item.sentence not in sentences:
        yield Finding(item.locate("sentence"), "unknown-sentence", f"句子「{item.sentence}」不存在")
    elif not item.sentence.startswith(prefix):
        yield Finding(item.locate("sentence"), "unknown-sentence", f"句子「{item.sentence}」不属于本条（应以「{prefix}」开头）")
