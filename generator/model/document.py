"""The verbatim policy text: cover, titles, preambles, chapters, sections,
articles, paragraphs, items and sentences.

Nothing in these models is ours except the metadata at the top (issuer, kind,
order, status): every string below `cover` is copied from the source, and
`generator.source` reassembles the original text from them byte for byte.
Explanations and derived facts live in `annotations` and `glossary`.

Two layouts share the model. A notice such as 常委〔2012〕5号 has a seven-line
cover, a one-paragraph 引言 (`preamble`: preamble.sK) and articles 「1.」 whose
sentences are numbered directly (`lead` + `body`: art-N.sK). Legal texts such
as the 党章 have 第X条 articles made of paragraphs (款) and items (项):
art-N.pM, art-N.pM.iK, art-N.pM.iK.sJ. Any container with more than one
paragraph uses the paragraph form. `generator.model.provisions` walks every
provision and gives its citation.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Iterator, Literal

from pydantic import Field, model_validator

from generator.model.base import Model, PartId, SentenceId, Slug, Text
from generator.model.metadata import KINDS

Kind = Literal[KINDS]  # type: ignore[valid-type]
State = Literal["现行有效", "已修订", "已废止", "未知"]
FrontRole = Literal[
    "版头", "份号", "密级", "紧急程度", "发文字号", "签发人", "标题", "主送机关", "正文", "落款", "成文日期", "印发范围", "其他",
]


class Sentence(Model):
    id: SentenceId
    text: Annotated[Text, Field(title="原文")]


class Item(Model):
    """一项：（一）… on a line of its own, within a paragraph."""

    id: Annotated[PartId, Field(title="项编号", description="如 art-32.p1.i6")]
    label: Annotated[Text, Field(title="项号写法", description="原文中项号的写法，如「（六）」「第一，」")]
    sentences: Annotated[list[Sentence], Field(title="各句", min_length=1)]


class Paragraph(Model):
    """一段（条中为一款）: its own sentences, then the items that follow it."""

    id: Annotated[PartId, Field(title="段编号", description="如 art-5.p2、preamble.p3")]
    sentences: Annotated[list[Sentence], Field(title="各句")] = []
    items: Annotated[list[Item], Field(title="各项")] = []

    @model_validator(mode="after")
    def _not_empty(self) -> "Paragraph":
        if not self.sentences and not self.items:
            raise ValueError(f"段「{self.id}」既没有句子也没有项")
        return self

    @property
    def all_sentences(self) -> list[Sentence]:
        return [*self.sentences, *(s for item in self.items for s in item.sentences)]


class Article(Model):
    number: Annotated[int, Field(ge=1, title="条号")]
    label: Annotated[str, Field(title="条号写法", description="原文中条号的写法，含其后的空格，如「1.」「第三条　」")]
    lead: Annotated[Sentence | None, Field(title="首句（本条主旨）", description="通知式的条：各句直接编号")] = None
    body: Annotated[list[Sentence], Field(title="其余各句")] = []
    paragraphs: Annotated[list[Paragraph], Field(title="各款", description="第X条式的条，或有多段、有项的条")] = []

    @model_validator(mode="after")
    def _one_form(self) -> "Article":
        if (self.lead is None) == (not self.paragraphs) or (self.body and self.lead is None):
            raise ValueError(f"第 {self.number} 条应写 lead/body（各句）或 paragraphs（各款）之一")
        return self

    @property
    def sentences(self) -> list[Sentence]:
        if self.lead is not None:
            return [self.lead, *self.body]
        return [s for p in self.paragraphs for s in p.all_sentences]

    @property
    def anchor(self) -> str:
        return f"art-{self.number}"


class Section(Model):
    """一节: 「一、目标要求」 in a notice, 「第一节　…」 in a chapter; without heading for
    articles that stand outside any section."""

    number: Annotated[int, Field(ge=1, title="节号")]
    heading: Annotated[Text | None, Field(title="节标题原文", description="如「一、目标要求」「第一节　总则」")] = None
    numeral: Annotated[Text | None, Field(title="节序号", description="如「一」")] = None
    title: Annotated[Text | None, Field(title="节标题", description="如「目标要求」")] = None
    paragraphs: Annotated[list[Paragraph], Field(title="节首各段", description="标题之后、第一条之前的段落")] = []
    articles: Annotated[list[Article], Field(title="本节各条")] = []

    @model_validator(mode="after")
    def _headed_or_not(self) -> "Section":
        if (self.heading is None) != (self.numeral is None) or (self.heading is None) != (self.title is None):
            raise ValueError(f"第 {self.number} 节的 heading、numeral、title 应同时填写（或同时省略）")
        return self


class Chapter(Model):
    """一章: 「第五章　党的基层组织」."""

    number: Annotated[int, Field(ge=1, title="章号")]
    heading: Annotated[Text, Field(title="章标题原文", description="如「第五章　党的基层组织」")]
    numeral: Annotated[Text, Field(title="章序号", description="如「五」")]
    title: Annotated[Text | None, Field(title="章标题", description="如「党的基层组织」；章名另起一行时省略（该行为章首第一段）")] = None
    paragraphs: Annotated[list[Paragraph], Field(title="章首各段")] = []
    articles: Annotated[list[Article], Field(title="本章各条")] = []
    sections: Annotated[list[Section], Field(title="本章各节")] = []


class Preface(Model):
    """A preamble of several paragraphs: 总纲 (党章), 序言, or a long 引言."""

    kind: Annotated[Literal["总纲", "序言", "引言"], Field(title="种类")]
    heading: Annotated[Text | None, Field(title="标题行原文", description="如「总纲」；没有标题行时省略")] = None
    paragraphs: Annotated[list[Paragraph], Field(title="各段", min_length=1)]


class FrontLine(Model):
    """A line of the 红头 or of the cover notice, with what it is."""

    role: Annotated[FrontRole, Field(title="作用")]
    text: Annotated[Text, Field(title="原文")]


class Cover(Model):
    """The 印发通知 that carries the opinion, line by line as printed."""

    title: Annotated[Text, Field(title="通知标题")]
    number: Annotated[Text, Field(title="文号行")]
    addressees: Annotated[Text, Field(title="主送行")]
    body: Annotated[Text, Field(title="通知正文")]
    signature: Annotated[Text, Field(title="落款")]
    date: Annotated[Text, Field(title="落款日期")]
    distribution: Annotated[Text, Field(title="印发范围行")]


class Attachment(Model):
    number: Annotated[int, Field(ge=1, title="附件序号")]
    label: Annotated[Text, Field(title="附件标识行原文", description="如「附件」「附件1」")]
    title: Annotated[list[Text], Field(title="附件标题（原文分行）")] = []
    paragraphs: Annotated[list[Paragraph], Field(title="各段")] = []


class Status(Model):
    """Whether the text is in force, as far as the texts we hold say (ours, not verbatim)."""

    state: Annotated[State, Field(title="状态")]
    as_of: Annotated[dt.date | None, Field(title="状态日期", description="状态成立的日期；依据中没有写明时省略")] = None
    replaced_by: Annotated[Text | None, Field(title="修订或取代它的文件", description="按依据中的写法；未收录的文件也写")] = None
    basis: Annotated[Text, Field(title="依据", description="哪份文本或说明这样写")]


class Document(Model):
    id: Slug
    order: Annotated[int | None, Field(ge=1, title="排列顺序", description="知识库中的顺序；最小的文件是网站和各命令缺省使用的文件")] = None
    kind: Annotated[Kind, Field(title="文种")]
    issuer: Annotated[Text | None, Field(title="发文机关")] = None
    number: Annotated[Text | None, Field(title="文号", description="规范写法，如「常委〔2012〕5号」；原文的写法见 cover/front")] = None
    date: Annotated[dt.date | None, Field(title="成文日期", description="或通过、发布日期；原文没有日期时省略")] = None
    title: Annotated[Text, Field(title="标题")]
    short_title: Annotated[Text | None, Field(
        title="简称（我们的记录）", description="如「党章」：表格等窄处引用本文件时用；没有时用标题或文号")] = None
    addressees: Annotated[list[Text], Field(title="主送机关")] = []
    distribution: Annotated[Text | None, Field(title="印发范围")] = None
    status: Annotated[Status | None, Field(title="效力状态（我们的记录）")] = None
    cover: Annotated[Cover | None, Field(title="印发通知（逐行原文）")] = None
    front: Annotated[list[FrontLine], Field(title="文头各行（版头、发文字号、印发通知等）")] = []
    opinion_title: Annotated[list[Text], Field(title="正文标题（原文分行）", min_length=1)]
    caption: Annotated[list[Text], Field(title="题注", description="如「（2017年10月24日通过）」")] = []
    preamble: Annotated[list[Sentence], Field(title="引言（一段，逐句）")] = []
    preface: Annotated[Preface | None, Field(title="总纲、序言或多段引言")] = None
    sections: Annotated[list[Section], Field(title="各节")] = []
    chapters: Annotated[list[Chapter], Field(title="各章")] = []
    closing: Annotated[list[Text], Field(title="文末行", description="如「供稿:市委办秘书科」")] = []
    attachments: Annotated[list[Attachment], Field(title="附件")] = []

    @model_validator(mode="after")
    def _one_cover_one_preamble(self) -> "Document":
        if self.cover is not None and self.front:
            raise ValueError("cover（七行印发通知）和 front（文头各行）只能有一个")
        if self.preamble and self.preface is not None:
            raise ValueError("preamble（一段引言）和 preface（多段序言）只能有一个")
        return self

    @property
    def articles(self) -> list[Article]:
        found = [a for s in self.sections for a in s.articles]
        for chapter in self.chapters:
            found += chapter.articles
            found += [a for s in chapter.sections for a in s.articles]
        return found

    @property
    def has_notice_layout(self) -> bool:
        """Shaped like 常委〔2012〕5号: what the single-document site can show today."""
        return (
            self.cover is not None and self.number is not None and not self.front and self.preface is None
            and not self.chapters and not self.attachments
            and all(s.heading is not None and not s.paragraphs for s in self.sections)
            and all(a.lead is not None for a in self.articles)
        )

    def sentences(self) -> Iterator[Sentence]:
        """Every sentence, in the order of the text."""
        from generator.model.provisions import provisions

        for provision in provisions(self):
            if provision.kind == "sentence":
                yield provision.node  # type: ignore[misc]

    def sentence_index(self) -> dict[str, Sentence]:
        return {s.id: s for s in self.sentences()}

    def article(self, number: int) -> Article | None:
        return next((a for a in self.articles if a.number == number), None)
