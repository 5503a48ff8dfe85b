"""Every provision of a document with its id, and the official citation of each.

Ids are stable and readable, at the granularity each structure has:
preamble.s1 / preamble.p3.s2 (引言, 总纲, 序言), sec-2 (「二、」), chap-5 and
chap-5.sec-1 (第五章第一节), art-32 (第三十二条), art-32.p1 (款), art-32.p1.i6
(项), art-32.p1.i6.s1 (句), att-1.p2.s1 (附件). Articles are numbered through the
whole document, so an article's id does not depend on its chapter.

Citations follow the document's own style. A notice with a 发文字号 and 「1.」
articles is cited by number with Arabic figures, as the handbook always has:
常委〔2012〕5号第9条第2句. A legal text (第X条, or no 发文字号) is cited by title
with Chinese numerals: 《中国共产党章程》第三十二条第（六）项; a paragraph (款) is
named only when its article has more than one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from generator.model.document import Article, Attachment, Chapter, Document, Paragraph, Section
from generator.numbers import int_to_chinese


@dataclass(frozen=True)
class Provision:
    id: str
    kind: str  # preamble | chapter | section | article | paragraph | item | sentence | attachment
    label: str  # how a citation names this level (第三十二条, 第（六）项); "" when it is left unsaid
    parent: str | None
    node: object  # the model object (Sentence, Article, …)

    @property
    def text(self) -> str:
        """The provision's verbatim words (headings for chapters and sections)."""
        return _text_of(self.node)


class UnknownProvision(KeyError):
    pass


def legal_style(doc: Document) -> bool:
    """Cited by 《title》 with Chinese numerals rather than by 发文字号 and figures."""
    return doc.number is None or bool(doc.chapters) or any(a.label.startswith("第") for a in doc.articles)


def provisions(doc: Document) -> Iterator[Provision]:
    """Every provision in the order of the text, parents before their children."""
    legal = legal_style(doc)
    count = _counter(legal)
    if doc.preamble:
        yield Provision("preamble", "preamble", "引言", None, doc.preamble)
        for k, sentence in enumerate(doc.preamble, start=1):
            yield Provision(sentence.id, "sentence", f"第{count(k)}句", "preamble", sentence)
    if doc.preface is not None:
        yield Provision("preamble", "preamble", doc.preface.kind, None, doc.preface)
        yield from _paragraphs("preamble", doc.preface.paragraphs, count, name="段")
    for section in doc.sections:
        yield from _section(f"sec-{section.number}", section, None, count, legal)
    for chapter in doc.chapters:
        yield from _chapter(chapter, count, legal)
    several = len(doc.attachments) > 1
    for attachment in doc.attachments:
        yield from _attachment(attachment, several, count)


def provision_index(doc: Document) -> dict[str, Provision]:
    return {p.id: p for p in provisions(doc)}


def citation(doc: Document, provision_id: str, index: dict[str, Provision] | None = None) -> str:
    """The official citation of a provision, e.g. 《中国共产党章程》第三十二条第（六）项."""
    index = index if index is not None else provision_index(doc)
    if provision_id not in index:
        raise UnknownProvision(provision_id)
    labels: list[str] = []
    current: str | None = provision_id
    while current is not None:
        provision = index[current]
        labels.append(provision.label)
        current = provision.parent
    prefix = f"《{doc.title}》" if legal_style(doc) else (doc.number or f"《{doc.title}》")
    return prefix + "".join(reversed(labels))


def _counter(legal: bool):
    return int_to_chinese if legal else str


def _section(sid: str, section: Section, parent: str | None, count, legal: bool) -> Iterator[Provision]:
    if section.heading is None:
        label = ""
    elif parent is None and not section.heading.startswith("第"):
        label = f"第{int_to_chinese(section.number)}部分"  # 「二、组织覆盖」 is the second part
    else:
        label = f"第{section.numeral}节"
    yield Provision(sid, "section", label, parent, section)
    yield from _paragraphs(sid, section.paragraphs, count, name="段")
    for article in section.articles:
        yield from _article(article, count, legal)


def _chapter(chapter: Chapter, count, legal: bool) -> Iterator[Provision]:
    cid = f"chap-{chapter.number}"
    yield Provision(cid, "chapter", f"第{chapter.numeral}章", None, chapter)
    yield from _paragraphs(cid, chapter.paragraphs, count, name="段")
    for article in chapter.articles:
        yield from _article(article, count, legal)
    for section in chapter.sections:
        yield from _section(f"{cid}.sec-{section.number}", section, cid, count, legal)


def _article(article: Article, count, legal: bool) -> Iterator[Provision]:
    aid = article.anchor
    label = f"第{int_to_chinese(article.number)}条" if legal else f"第{article.number}条"
    yield Provision(aid, "article", label, None, article)
    if article.lead is not None:
        for k, sentence in enumerate(article.sentences, start=1):
            yield Provision(sentence.id, "sentence", f"第{count(k)}句", aid, sentence)
        return
    name = "款" if legal else "段"
    single = len(article.paragraphs) == 1
    yield from _paragraphs(aid, article.paragraphs, count, name=name, unsaid=single)


def _attachment(attachment: Attachment, several: bool, count) -> Iterator[Provision]:
    aid = f"att-{attachment.number}"
    yield Provision(aid, "attachment", f"附件{attachment.number}" if several else "附件", None, attachment)
    yield from _paragraphs(aid, attachment.paragraphs, count, name="段")


def _paragraphs(parent: str, paragraphs: list[Paragraph], count, name: str, unsaid: bool = False) -> Iterator[Provision]:
    for m, paragraph in enumerate(paragraphs, start=1):
        label = "" if unsaid else f"第{count(m)}{name}"
        yield Provision(paragraph.id, "paragraph", label, parent, paragraph)
        for k, sentence in enumerate(paragraph.sentences, start=1):
            yield Provision(sentence.id, "sentence", f"第{count(k)}句", paragraph.id, sentence)
        for item in paragraph.items:
            yield Provision(item.id, "item", _item_label(item.label, count, item.id), paragraph.id, item)
            for k, sentence in enumerate(item.sentences, start=1):
                yield Provision(sentence.id, "sentence", f"第{count(k)}句", item.id, sentence)


def _item_label(printed: str, count, item_id: str) -> str:
    """（六） → 第（六）项, as cited officially; 第一， → 第一项; otherwise by position."""
    bare = printed.strip().rstrip("，,、.．")
    if bare.startswith(("（", "(")):
        return f"第{bare}项"
    if bare.startswith("第"):
        return f"{bare}项"
    return f"第{count(int(item_id.rsplit('.i', 1)[1]))}项"


def _text_of(node: object) -> str:
    from generator.model.document import Item, Preface, Sentence

    if isinstance(node, Sentence):
        return node.text
    if isinstance(node, list):  # the one-paragraph preamble
        return "".join(s.text for s in node)
    if isinstance(node, Item):
        return "".join(s.text for s in node.sentences)
    if isinstance(node, Paragraph):
        return "".join(s.text for s in node.all_sentences)
    if isinstance(node, Article):
        return "".join(s.text for s in node.sentences)
    if isinstance(node, (Chapter, Section)):
        return node.heading or ""
    if isinstance(node, Preface):
        return "".join(s.text for p in node.paragraphs for s in p.all_sentences)
    if isinstance(node, Attachment):
        return "".join(node.title)
    raise TypeError(type(node))
