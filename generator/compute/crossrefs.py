"""Citations in the text that point at a provision or a document of the knowledge base (pure).

Two forms are recognized, and only when what they point at exists:

- within a document: 本章程第三条, 本条例第十二条第二款, 本办法第五条第（三）项 — the word
  after 本 must be the document's own 文种 (a 章程 says 本章程);
- across documents: 《中国共产党章程》第三十二条, 《…》（常发〔2009〕7号）第5条, or the title or
  number alone for the whole document, when that document is held.

A citation of something the knowledge base does not hold (湘办〔2012〕31号) is not a
cross-reference: content/library.yaml records it as a relation instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.model.document import Document
from generator.model.metadata import KINDS, find_doc_number, half_width, parse_doc_number
from generator.model.provisions import provision_index
from generator.numbers import chinese_to_int

_NUM = r"[一二三四五六七八九十百零〇\d]{1,5}"
_TAIL = rf"第(?P<art>{_NUM})条(?:第(?P<para>{_NUM})款)?(?:第(?P<item>[（(]{_NUM}[）)])项)?"
_SAME = re.compile(rf"本(?P<kind>{'|'.join(k for k in KINDS if k != '其他')}){_TAIL}")
_TITLED = re.compile(rf"《(?P<title>[^《》]{{2,80}})》(?:[（(](?P<number>[^（）()]{{2,24}}号)[）)])?(?:{_TAIL})?")


@dataclass(frozen=True)
class CrossRef:
    doc: str  # the citing document
    sentence: str  # the sentence the citation stands in
    start: int  # the citation's place in the sentence's text
    end: int
    target_doc: str
    target: str | None  # the provision cited (art-3, art-4.p2, art-32.p1.i6), or None: the whole document


def cross_references(documents: list[Document]) -> list[CrossRef]:
    """Every resolvable citation in every sentence, in the order of the texts."""
    by_title = {d.title: d for d in documents}
    by_number = {parse_doc_number(d.number): d for d in documents if d.number and parse_doc_number(d.number)}
    indexes = {d.id: provision_index(d) for d in documents}
    found: list[CrossRef] = []
    for doc in documents:
        for sentence in doc.sentences():
            found += _in_sentence(doc, sentence, by_title, by_number, indexes)
    return found


def _in_sentence(doc: Document, sentence, by_title, by_number, indexes) -> list[CrossRef]:
    found = []
    text = sentence.text
    for match in _SAME.finditer(text):
        if match["kind"] != doc.kind:
            continue
        target = _provision(doc, indexes[doc.id], match)
        if target is not None:
            found.append(CrossRef(doc.id, sentence.id, match.start(), match.end(), doc.id, target))
    for match in _TITLED.finditer(text):
        target_doc = by_title.get(match["title"]) or by_title.get(half_width(match["title"]))
        if target_doc is None and match["number"]:
            target_doc = by_number.get(find_doc_number(match["number"]))
        if target_doc is None or target_doc.id == doc.id:
            continue
        target = _provision(target_doc, indexes[target_doc.id], match) if match["art"] else None
        if match["art"] and target is None:
            continue  # 《…》第九十条 where there is none: not linked
        found.append(CrossRef(doc.id, sentence.id, match.start(), match.end(), target_doc.id, target))
    return sorted(found, key=lambda r: r.start)


def _provision(doc: Document, index, match) -> str | None:
    """The id of 第X条(第Y款)(第（Z）项) in `doc`, or None when it has no such provision."""
    article = doc.article(_number(match["art"]))
    if article is None:
        return None
    found = article.anchor
    paragraphs = article.paragraphs
    if match["para"]:
        k = _number(match["para"])
        if not 1 <= k <= len(paragraphs):
            return None
        found = paragraphs[k - 1].id
        paragraphs = [paragraphs[k - 1]]
    if match["item"]:
        wanted = half_width(match["item"]).strip("()")
        items = [i for p in paragraphs for i in p.items if half_width(i.label).strip().strip("()、.，,") == wanted]
        if len(items) != 1:
            return None
        found = items[0].id
    return found if found in index else None


def _number(text: str) -> int:
    text = half_width(text)
    return int(text) if text.isdigit() else chinese_to_int(text)
