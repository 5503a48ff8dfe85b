"""A document's own consistency: metadata vs. its verbatim lines, numbering of
chapters, sections, articles and items, provision ids, status."""

from __future__ import annotations

import re
from typing import Iterator

from generator.checks import check
from generator.errors import Finding
from generator.model.document import Article, Chapter, Document, Paragraph, Section
from generator.model.metadata import date_line, find_dates, find_doc_number, parse_doc_number
from generator.numbers import chinese_to_int, int_to_chinese
from generator.project import Project

_ITEM_NUMERAL = re.compile(r"^(?:[（(](?P<paren>[一二三四五六七八九十百]+|\d+)[）)]|第(?P<ordinal>[一二三四五六七八九十百]+)[，,])$")


@check("document-structure", "sentence-id", "document-number", "document-status")
def document_structure(project: Project) -> Iterator[Finding]:
    for doc in project.documents:
        yield from _folder(doc)
        yield from _number(doc)
        yield from _metadata(doc)
        yield from _status(doc)
        yield from _numbering(doc)
        yield from _provision_ids(doc)


def _folder(doc: Document) -> Iterator[Finding]:
    folder = doc.locate().path.split("/")[-2]
    if folder != doc.id:
        yield Finding(doc.locate("id"), "document-structure", f"文件编号「{doc.id}」应与所在文件夹名「{folder}」一致")


def _verbatim_number(doc: Document) -> tuple[str, object] | None:
    """The 发文字号 line as printed and where it stands (cover or front)."""
    if doc.cover is not None:
        return doc.cover.number, doc.cover.locate("number")
    for i, line in enumerate(doc.front):
        if line.role == "发文字号":
            return line.text, doc.locate("front", i, "text")
    return None


def _number(doc: Document) -> Iterator[Finding]:
    verbatim = _verbatim_number(doc)
    if doc.number is None:
        if verbatim is not None and find_doc_number(verbatim[0]):
            yield Finding(verbatim[1], "document-number", f"原文有文号「{verbatim[0]}」，但没有填写 number")
        return
    parts = parse_doc_number(doc.number)
    if parts is None:
        yield Finding(doc.locate("number"), "document-number",
                      f"文号「{doc.number}」无法识别：应由机关代字、四位年份和序号组成，如「常委〔2012〕5号」")
        return
    if str(parts) != doc.number:
        yield Finding(doc.locate("number"), "document-number", f"文号「{doc.number}」应写作规范形式「{parts}」（六角括号、半角数字）")
    if verbatim is not None and find_doc_number(verbatim[0]) != parts:
        yield Finding(doc.locate("number"), "document-structure", f"文号「{doc.number}」与原文「{verbatim[0]}」不一致")


def _metadata(doc: Document) -> Iterator[Finding]:
    signature = doc.cover.signature if doc.cover is not None else next((f.text for f in doc.front if f.role == "落款"), None)
    if signature is not None and doc.issuer != signature:
        yield Finding(doc.locate("issuer"), "document-structure", f"发文机关（落款）「{doc.issuer}」与原文「{signature}」不一致")
    if doc.title != "".join(doc.opinion_title):
        yield Finding(doc.locate("title"), "document-structure", f"标题（正文标题各行相连）「{doc.title}」与原文「{''.join(doc.opinion_title)}」不一致")
    yield from _date(doc)


def _date(doc: Document) -> Iterator[Finding]:
    if doc.cover is not None:
        printed = date_line(doc.cover.date)
        if doc.date is None or printed != doc.date:
            yield Finding(doc.locate("date"), "document-structure", f"成文日期 {doc.date} 与原文落款日期「{doc.cover.date}」不一致")
        return
    dated = [*(f.text for f in doc.front), *doc.caption, *doc.closing]
    printed = [d for line in dated for d in find_dates(line)]
    if doc.date is not None and printed and doc.date not in printed:
        shown = "、".join(str(d) for d in printed)
        yield Finding(doc.locate("date"), "document-structure", f"成文日期 {doc.date} 与原文中的日期（{shown}）都不一致")


def _status(doc: Document) -> Iterator[Finding]:
    status = doc.status
    if status is None:
        return
    if status.as_of is not None and doc.date is not None and status.as_of < doc.date:
        yield Finding(status.locate("as_of"), "document-status", f"状态日期 {status.as_of} 早于文件日期 {doc.date}")
    if status.state == "现行有效" and status.replaced_by is not None:
        yield Finding(status.locate("replaced_by"), "document-status", f"状态为「现行有效」，却写了修订或取代它的文件「{status.replaced_by}」")
    if status.state == "已修订" and status.replaced_by is None:
        yield Finding(status.locate("state"), "document-status", "状态为「已修订」，应写明修订它的文件（replaced_by）")


# --- numbering ---------------------------------------------------------------------------------


def _numbering(doc: Document) -> Iterator[Finding]:
    for k, section in enumerate(doc.sections, start=1):
        if section.heading is None and len(doc.sections) > 1:
            yield Finding(section.locate("number"), "document-structure", "没有标题的节只用于不分节的文件，应是唯一的一节")
        yield from _section_numbering(section, k, inside_chapter=False)
    for k, chapter in enumerate(doc.chapters, start=1):
        yield from _chapter_numbering(chapter, k)
    expected = 1
    for article in doc.articles:
        if article.number != expected:
            yield Finding(article.locate("number"), "document-structure", f"条号应为 {expected}（条号跨节连续编排），实际为 {article.number}")
        expected = article.number + 1
        if not _label_fits(article):
            yield Finding(article.locate("label"), "document-structure", f"条号写法「{article.label}」与条号 {article.number} 不符")
    for paragraph in _all_paragraphs(doc):
        yield from _item_numbering(paragraph)
    for k, attachment in enumerate(doc.attachments, start=1):
        if attachment.number != k:
            yield Finding(attachment.locate("number"), "document-structure", f"附件序号应为 {k}，实际为 {attachment.number}")


def _numeral_value(numeral: str | None) -> int | None:
    if not numeral:
        return None
    try:
        return int(numeral) if numeral.isdigit() else chinese_to_int(numeral)
    except KeyError:
        return None


def _section_numbering(section: Section, k: int, inside_chapter: bool) -> Iterator[Finding]:
    if section.heading is None:
        if section.number != k or inside_chapter:
            yield Finding(section.locate("number"), "document-structure", f"第 {k} 节缺少标题（heading、numeral、title）")
        return
    label = section.heading[: len(section.heading) - len(section.title or "")]
    forms = [f"第{section.numeral}节"] if inside_chapter else [f"{section.numeral}、", f"第{section.numeral}节"]
    fits = section.heading.endswith(section.title or "") and any(re.fullmatch(re.escape(f) + r"[\s　]*", label) for f in forms)
    if section.number != k or _numeral_value(section.numeral) != k or not fits:
        yield Finding(section.locate("heading"), "document-structure", f"第 {k} 节的序号或标题「{section.heading}」与 number/numeral/title 不一致")


def _chapter_numbering(chapter: Chapter, k: int) -> Iterator[Finding]:
    title = chapter.title or ""
    label = chapter.heading[: len(chapter.heading) - len(title)]
    fits = chapter.heading.endswith(title) and re.fullmatch(rf"第{re.escape(chapter.numeral)}章[\s　]*", label)
    if chapter.number != k or _numeral_value(chapter.numeral) != k or not fits:
        yield Finding(chapter.locate("heading"), "document-structure", f"第 {k} 章的序号或标题「{chapter.heading}」与 number/numeral/title 不一致")
    for j, section in enumerate(chapter.sections, start=1):
        yield from _section_numbering(section, j, inside_chapter=True)


def _label_fits(article: Article) -> bool:
    n = article.number
    return bool(
        re.fullmatch(rf"{n}[.．、]", article.label)
        or re.fullmatch(rf"第(?:{int_to_chinese(n)}|{n})条[\s　]*", article.label)
    )


def _item_numbering(paragraph: Paragraph) -> Iterator[Finding]:
    for k, item in enumerate(paragraph.items, start=1):
        match = _ITEM_NUMERAL.match(item.label.strip())
        value = _numeral_value(match["paren"] or match["ordinal"]) if match else None
        if value != k:
            yield Finding(item.locate("label"), "document-structure", f"项号写法「{item.label}」与它的位置（第 {k} 项）不符")


def _all_paragraphs(doc: Document) -> Iterator[Paragraph]:
    if doc.preface is not None:
        yield from doc.preface.paragraphs
    sections = [*doc.sections, *(s for c in doc.chapters for s in c.sections)]
    for section in sections:
        yield from section.paragraphs
    for chapter in doc.chapters:
        yield from chapter.paragraphs
    for article in doc.articles:
        yield from article.paragraphs
    for attachment in doc.attachments:
        yield from attachment.paragraphs


# --- ids ---------------------------------------------------------------------------------------


def _provision_ids(doc: Document) -> Iterator[Finding]:
    yield from _sentence_ids("preamble", doc.preamble)
    if doc.preface is not None:
        yield from _paragraph_ids("preamble", doc.preface.paragraphs)
    for section in doc.sections:
        yield from _paragraph_ids(f"sec-{section.number}", section.paragraphs)
    for chapter in doc.chapters:
        yield from _paragraph_ids(f"chap-{chapter.number}", chapter.paragraphs)
        for section in chapter.sections:
            yield from _paragraph_ids(f"chap-{chapter.number}.sec-{section.number}", section.paragraphs)
    for article in doc.articles:
        if article.lead is not None:
            yield from _sentence_ids(article.anchor, article.sentences)
        else:
            yield from _paragraph_ids(article.anchor, article.paragraphs)
    for attachment in doc.attachments:
        yield from _paragraph_ids(f"att-{attachment.number}", attachment.paragraphs)


def _sentence_ids(prefix: str, sentences) -> Iterator[Finding]:
    for k, sentence in enumerate(sentences, start=1):
        if sentence.id != f"{prefix}.s{k}":
            yield Finding(sentence.locate("id"), "sentence-id", f"句子编号应为「{prefix}.s{k}」（按顺序从 s1 起编号），实际为「{sentence.id}」")


def _paragraph_ids(prefix: str, paragraphs: list[Paragraph]) -> Iterator[Finding]:
    for m, paragraph in enumerate(paragraphs, start=1):
        pid = f"{prefix}.p{m}"
        if paragraph.id != pid:
            yield Finding(paragraph.locate("id"), "sentence-id", f"段编号应为「{pid}」（按顺序从 p1 起编号），实际为「{paragraph.id}」")
        yield from _sentence_ids(pid, paragraph.sentences)
        for k, item in enumerate(paragraph.items, start=1):
            iid = f"{pid}.i{k}"
            if item.id != iid:
                yield Finding(item.locate("id"), "sentence-id", f"项编号应为「{iid}」（按顺序从 i1 起编号），实际为「{item.id}」")
            yield from _sentence_ids(iid, item.sentences)
