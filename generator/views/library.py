"""Page contexts for the knowledge base (文件库).

The site is built for one document, the notice: its pages stay where they are.
Every other document of content/documents gets pages of its own under
library/<id>/ (generator/views/links.py): a contents page, the full text with
an anchor, a permanent link and a citation to copy on every provision (ids and
citations from generator/model/provisions.py), and a print view. A document
that is not known to be in force says so at the top of each of its pages, and
the 文件库 page lists every document with its status.

The text is verbatim: each line of the original is one element whose words
(class hb-v) are the line, so joining them gives `handbook source` back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from generator.model.document import Article, Chapter, Document, Paragraph, Section
from generator.model.provisions import citation, legal_style, provision_index
from generator.project import Project
from generator.views import links
from generator.views.links import Link, link
from generator.views.text import SentenceView, TermMarker

TONES = {"现行有效": "current", "已修订": "amended", "已废止": "repealed", "未知": "unknown"}
CITE_SCRIPT = "assets/javascripts/handbook-cite.js"


def chinese_date(date: dt.date | None) -> str:
    return f"{date.year}年{date.month}月{date.day}日" if date else ""


def edition(doc: Document) -> str:
    """中国共产党章程（2017年版）: a legal text is known by its revision; a notice by its title."""
    return f"{doc.title}（{doc.date.year}年版）" if doc.date is not None and legal_style(doc) else doc.title


def menu_label(doc: Document) -> str:
    """The document's name in the menu and on its pages: never without its state when it is
    not known to be in force."""
    state = doc.status.state if doc.status else "未记录"
    if state == "现行有效":
        return edition(doc)
    base = edition(doc)
    return f"{base[:-1]}，{state}）" if base.endswith("）") else f"{base}（{state}）"


# --- status ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class StatusView:
    state: str  # 现行有效 / 已修订 / 已废止 / 未知, or 未记录 when the document has no status
    tone: str  # current | amended | repealed | unknown: the notice's colour
    as_of: str  # 状态日期, "" when the basis gives none
    replaced_by: str
    basis: str  # where the state is written ("" when nothing is recorded)
    notice: str  # what each page of a document not in force says first; "" when in force


def status_view(doc: Document) -> StatusView:
    status = doc.status
    if status is None:
        return StatusView("未记录", "unknown", "", "", "",
                          "本站没有记录本文件的效力状态；以下原文仅供查考，引用前请核实本文件是否现行有效。")
    year = f"{doc.date.year}年版" if doc.date is not None else "本版本"
    as_of = chinese_date(status.as_of)
    replaced = status.replaced_by or ""
    if status.state == "现行有效":
        notice = ""
    elif status.state == "已修订":
        notice = f"本文件已被{replaced}修订，本站未收录修订后的文本；以下为{year}原文，仅供查考。"
    elif status.state == "已废止":
        since = f"（{as_of}起）" if as_of else ""
        by = f"，由{replaced}取代" if replaced else ""
        notice = f"本文件已废止{since}{by}；以下为原文，仅供查考，不再适用。"
    else:
        notice = "本文件目前是否有效不明；以下原文仅供查考，引用前请核实本文件是否现行有效。"
    return StatusView(status.state, TONES[status.state], as_of, replaced, status.basis, notice)


# --- the text ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Tools:
    """A provision's permanent link (its anchor on the text page) and its citation to copy."""

    anchor: str
    citation: str
    what: str  # 本条, 本款, 本项, 本段: what the button copies


@dataclass(frozen=True)
class Line:
    """One line of the original: `label` and `sentences` (or `text`, for lines that are not
    sentences: titles, 题注, cover, closing), verbatim. `id` is the provision the line is
    ("" when it is part of one, such as an article's first paragraph before its items)."""

    id: str
    role: str  # cover | front | title | caption | article | paragraph | item | closing
    label: str = ""
    sentences: tuple[SentenceView, ...] = ()
    text: str = ""
    tools: Tools | None = None
    kind: str = field(default="line", init=False)


@dataclass(frozen=True)
class Block:
    """A provision of several lines (an article, a paragraph with items): one anchor around them."""

    id: str
    role: str  # article | paragraph | preface | attachment
    tools: Tools | None
    parts: tuple  # of Line and Block
    kind: str = field(default="block", init=False)


@dataclass(frozen=True)
class Heading:
    """总纲, 第五章　党的基层组织, 第一节…, 附件: a Markdown heading, so the page has a table of contents."""

    id: str
    level: int
    text: str
    kind: str = field(default="heading", init=False)


class _Text:
    """The parts of a document's text page, in the order of the original (see generator/source.py)."""

    def __init__(self, doc: Document, page: str, tools: bool) -> None:
        self.doc, self.with_tools = doc, tools
        self.index = provision_index(doc)
        self.marker = TermMarker([], page)  # the glossary explains the notice's words, not this document's

    def tools(self, provision_id: str) -> Tools | None:
        if not self.with_tools:
            return None
        level = self.index[provision_id].label[-1:]
        return Tools(provision_id, citation(self.doc, provision_id, self.index), f"本{level if level in '条款项段' else '段'}")

    def sentences(self, sentences, lead: bool = False) -> tuple[SentenceView, ...]:
        return tuple(self.marker.sentence(s, lead=lead and k == 0) for k, s in enumerate(sentences))

    def parts(self) -> list:
        doc = self.doc
        parts: list = []
        if doc.cover is not None:
            c = doc.cover
            parts += [Line("", "cover", text=t) for t in (c.title, c.number, c.addressees, c.body, c.signature, c.date, c.distribution)]
        parts += [Line("", "front", text=f.text) for f in doc.front]
        parts += [Line("", "title", text=t) for t in doc.opinion_title]
        parts += [Line("", "caption", text=t) for t in doc.caption]
        if doc.preamble:
            parts.append(Line("preamble", "paragraph", sentences=self.sentences(doc.preamble), tools=self.tools("preamble")))
        if doc.preface is not None:
            paragraphs = tuple(self.paragraph(p) for p in doc.preface.paragraphs)
            if doc.preface.heading is not None:
                parts += [Heading("preamble", 2, doc.preface.heading), *paragraphs]
            else:
                parts.append(Block("preamble", "preface", None, paragraphs))
        for section in doc.sections:
            parts += self.section(f"sec-{section.number}", section, 2)
        for chapter in doc.chapters:
            parts += self.chapter(chapter)
        parts += [Line("", "closing", text=t) for t in doc.closing]
        for attachment in doc.attachments:
            aid = f"att-{attachment.number}"
            parts.append(Heading(aid, 2, attachment.label))
            parts += [Line("", "title", text=t) for t in attachment.title]
            parts += [self.paragraph(p) for p in attachment.paragraphs]
        return parts

    def chapter(self, chapter: Chapter) -> list:
        cid = f"chap-{chapter.number}"
        parts: list = [Heading(cid, 2, chapter.heading)]
        parts += [self.paragraph(p) for p in chapter.paragraphs]
        parts += [self.article(a) for a in chapter.articles]
        for section in chapter.sections:
            parts += self.section(f"{cid}.sec-{section.number}", section, 3)
        return parts

    def section(self, sid: str, section: Section, level: int) -> list:
        parts: list = [Heading(sid, level, section.heading)] if section.heading is not None else []
        parts += [self.paragraph(p) for p in section.paragraphs]
        return parts + [self.article(a) for a in section.articles]

    def article(self, article: Article) -> Line | Block:
        tools = self.tools(article.anchor)
        if article.lead is not None:
            return Line(article.anchor, "article", article.label, self.sentences(article.sentences, lead=True), tools=tools)
        several = len(article.paragraphs) > 1  # a single paragraph (款) is never cited apart from its article
        paragraphs = tuple(self.paragraph(p, article.label if k == 0 else "", cited=several)
                           for k, p in enumerate(article.paragraphs))
        return Block(article.anchor, "article", tools, paragraphs)

    def paragraph(self, paragraph: Paragraph, label: str = "", cited: bool = True) -> Line | Block:
        tools = self.tools(paragraph.id) if cited else None
        if not paragraph.items:
            return Line(paragraph.id, "paragraph", label, self.sentences(paragraph.sentences), tools=tools)
        lines = [Line("", "paragraph", label, self.sentences(paragraph.sentences))] if paragraph.sentences or label else []
        lines += [Line(i.id, "item", i.label, self.sentences(i.sentences), tools=self.tools(i.id)) for i in paragraph.items]
        return Block(paragraph.id, "paragraph", tools, tuple(lines))


# --- pages -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DocumentHeader:
    """The top of each of a document's pages: its name, facts, status and other pages."""

    title: str
    facts: tuple[tuple[str, str], ...]  # (what, value): 文种, 发文机关, 文号, 日期
    status: StatusView
    pages: tuple[Link, ...]  # 目录, 全文, 打印版, 原文纯文本 (those other than this page)
    library: Link  # back to the 文件库


@dataclass(frozen=True)
class ContentsEntry:
    """A heading of the contents: 总纲, a chapter or a section, with the articles under it."""

    link: Link
    articles: tuple[Link, ...] = ()
    children: tuple["ContentsEntry", ...] = ()


@dataclass(frozen=True)
class ContentsPage:
    path: str
    header: DocumentHeader
    entries: tuple[ContentsEntry, ...]
    text: Link
    menu_label: str


@dataclass(frozen=True)
class TextPage:
    path: str
    header: DocumentHeader
    parts: tuple
    printable: bool  # the print view: no tools, no menu
    script: Link | None  # the citation buttons' script (the text page only)


@dataclass(frozen=True)
class LibraryRow:
    """One document of the 文件库."""

    id: str
    title: str
    page: Link | None  # its pages (the notice: the 通知全文); None when it is not in the knowledge base
    number: str  # 发文字号, or the issuer when the document has none
    date: str
    kind: str
    status: StatusView
    included: bool = True


@dataclass(frozen=True)
class LibraryPage:
    path: str
    rows: tuple[LibraryRow, ...]
    site_document: str  # the notice the handbook is about


@dataclass(frozen=True)
class DocumentPages:
    document: Document
    contents: ContentsPage
    text: TextPage
    printable: TextPage
    source_path: str


@dataclass(frozen=True)
class LibraryViews:
    page: LibraryPage
    documents: tuple[DocumentPages, ...]

    def nav(self) -> dict:
        return {"文件库": [
            {"全部文件": links.LIBRARY},
            *({d.contents.menu_label: [{"目录": d.contents.path}, {"全文": d.text.path}]} for d in self.documents),
        ]}


def library_views(project: Project, site_doc: Document) -> LibraryViews | None:
    """None for a project of one document: its site stays as it was."""
    others = [d for d in project.documents if d.id != site_doc.id]
    if not others:
        return None
    return LibraryViews(
        page=library_page(project, site_doc),
        documents=tuple(document_pages(doc) for doc in others),
    )


def library_page(project: Project, site_doc: Document) -> LibraryPage:
    path = links.LIBRARY
    rows = []
    for doc in project.documents:
        target = links.NOTICE if doc.id == site_doc.id else links.library_page(doc.id, "index")
        rows.append(LibraryRow(doc.id, edition(doc), link(edition(doc), path, target), doc.number or doc.issuer or "",
                               chinese_date(doc.date), doc.kind, status_view(doc)))
    return LibraryPage(path, tuple(rows), edition(site_doc))


def document_pages(doc: Document) -> DocumentPages:
    paths = {name: links.library_page(doc.id, name) for name in ("index", "text", "print")}
    source = links.library_source(doc.id)

    def header(path: str) -> DocumentHeader:
        names = (("目录", paths["index"]), ("全文", paths["text"]), ("打印版", paths["print"]), ("原文纯文本", source))
        return DocumentHeader(menu_label(doc), _facts(doc), status_view(doc),
                              tuple(link(n, path, p) for n, p in names if p != path), link("文件库", path, links.LIBRARY))

    text_path, print_path = paths["text"], paths["print"]
    contents = ContentsPage(paths["index"], header(paths["index"]), _contents(doc, paths["index"], text_path),
                            link("全文", paths["index"], text_path), menu_label(doc))
    text = TextPage(text_path, header(text_path), tuple(_Text(doc, text_path, tools=True).parts()), False,
                    link("", text_path, CITE_SCRIPT))
    printable = TextPage(print_path, header(print_path), tuple(_Text(doc, print_path, tools=False).parts()), True, None)
    return DocumentPages(doc, contents, text, printable, source)


def _facts(doc: Document) -> tuple[tuple[str, str], ...]:
    facts = [("文种", doc.kind), ("发文机关" if doc.number else "制定机关", doc.issuer or ""), ("发文字号", doc.number or ""),
             ("日期", chinese_date(doc.date))]
    return tuple((what, value) for what, value in facts if value)


def _contents(doc: Document, path: str, text: str) -> tuple[ContentsEntry, ...]:
    def to(anchor: str, name: str) -> Link:
        return link(name, path, text, anchor)

    def articles(items: list[Article]) -> tuple[Link, ...]:
        return tuple(to(a.anchor, _article_name(doc, a)) for a in items)

    entries: list[ContentsEntry] = []
    if doc.preamble:
        entries.append(ContentsEntry(to("preamble", "引言")))
    if doc.preface is not None:
        entries.append(ContentsEntry(to("preamble", doc.preface.heading or doc.preface.kind)))
    for s in doc.sections:
        name = s.heading or f"第{s.number}部分"
        entries.append(ContentsEntry(to(f"sec-{s.number}", name), articles(s.articles)))
    for c in doc.chapters:
        sections = tuple(ContentsEntry(to(f"chap-{c.number}.sec-{s.number}", s.heading or f"第{s.number}节"), articles(s.articles))
                         for s in c.sections)
        entries.append(ContentsEntry(to(f"chap-{c.number}", c.heading), articles(c.articles), sections))
    for a in doc.attachments:
        entries.append(ContentsEntry(to(f"att-{a.number}", "".join([a.label, *(["：", *a.title] if a.title else [])]))))
    return tuple(entries)


def _article_name(doc: Document, article: Article) -> str:
    return article.label.strip() if article.label.startswith("第") else f"第{article.number}条"
