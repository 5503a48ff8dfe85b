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
from generator.model.library import RELATION_WORDS, name_of, when
from generator.model.metadata import kind_from_title
from generator.model.provisions import citation, legal_style, provision_index
from generator.project import Project
from generator.views import links
from generator.views.links import Link, link
from generator.views.text import Segment, SentenceView, TermMarker

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
    successor_held: bool = False  # what amends or replaces it is in the knowledge base


def status_view(doc: Document, successor_held: bool = False) -> StatusView:
    """`successor_held`: a document of the knowledge base amends or replaces this one
    (content/library.yaml), so its text is on the site."""
    status = doc.status
    if status is None:
        return StatusView("未记录", "unknown", "", "", "",
                          "本站没有记录本文件的效力状态；以下原文仅供查考，引用前请核实本文件是否现行有效。")
    year = f"{doc.date.year}年版" if doc.date is not None else "本版本"
    as_of = chinese_date(status.as_of)
    replaced = status.replaced_by or ""
    elsewhere = "修订后的文本见本站文件库" if successor_held else "本站未收录修订后的文本"
    if status.state == "现行有效":
        notice = ""
    elif status.state == "已修订":
        notice = f"本文件已被{replaced}修订，{elsewhere}；以下为{year}原文，仅供查考。"
    elif status.state == "已废止":
        since = f"（{as_of}起）" if as_of else ""
        by = f"，由{replaced}取代" if replaced else ""
        notice = f"本文件已废止{since}{by}；以下为原文，仅供查考，不再适用。"
    else:
        notice = "本文件目前是否有效不明；以下原文仅供查考，引用前请核实本文件是否现行有效。"
    return StatusView(status.state, TONES[status.state], as_of, replaced, status.basis, notice, successor_held)


# --- relations ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class RelationView:
    """One relation as a page shows it: from `this` document's side, in words."""

    subject: str  # the document that implements (cites, amends, replaces)
    subject_link: Link | None
    verb: str  # 贯彻落实, 引用, 修订, 取代
    object: str  # the document implemented (cited…)
    object_link: Link | None
    subject_missing: bool  # not in the knowledge base (未收录)
    object_missing: bool
    quote: str  # the words that state it ("" when it rests on a note)
    source: Link | None  # the sentence that states it
    basis: str  # the note it rests on instead


@dataclass(frozen=True)
class SideView:
    """One relation on a document's own page: what this document does to another, or another to it."""

    words: str  # 本文件贯彻落实, 本文件引用, 修订本文件, 取代本文件
    other: str
    other_link: Link
    other_missing: bool  # 未收录
    quote: str
    source: Link | None
    basis: str


SIDE_WORDS = {
    "implements": ("本文件贯彻落实", "贯彻落实本文件"), "cites": ("本文件引用", "引用本文件"),
    "amends": ("本文件修订", "修订本文件"), "replaces": ("本文件取代", "取代本文件"),
}


class Knowledge:
    """Every document, held or only named (未收录), with where its pages are and how it is called."""

    def __init__(self, project: Project, site_doc: Document) -> None:
        self.project, self.site_doc = project, site_doc
        self.held = {d.id: d for d in project.documents}
        self.known = {d.id: d for d in project.library.documents if d.id not in self.held}
        self.relations = [r for r in project.library.relations
                          if {r.source, r.target} <= set(self.held) | set(self.known)]

    def page(self, doc_id: str) -> str:
        """The page of a document: the notice's full text, a library contents page, or its row of the 文件库."""
        if doc_id == self.site_doc.id:
            return links.NOTICE
        return links.library_page(doc_id, "index") if doc_id in self.held else links.LIBRARY

    def name(self, doc_id: str) -> str:
        doc = self.held.get(doc_id)
        if doc is not None:
            return f"《{doc.title}》（{doc.number}）" if doc.number else edition(doc)
        return name_of(self.known[doc_id])

    def link(self, doc_id: str, from_page: str) -> Link:
        anchor = None if doc_id in self.held else f"doc-{doc_id}"
        return link(self.name(doc_id), from_page, self.page(doc_id), anchor)

    def successor_held(self, doc_id: str) -> bool:
        return any(r.target == doc_id and r.type in ("amends", "replaces") and r.source in self.held for r in self.relations)

    def about(self, doc_id: str | None, path: str) -> tuple[RelationView, ...]:
        """The relations of one document (both ways), or of all (`doc_id` None), seen from `path`."""
        return tuple(self.view(r, path) for r in self.relations if doc_id is None or doc_id in (r.source, r.target))

    def around(self, doc_id: str, path: str) -> tuple[SideView, ...]:
        """A document's relations from its own side: what it implements, cites, amends or
        replaces first, then what does so to it."""
        found = []
        for outgoing in (True, False):
            for r in self.relations:
                if (r.source if outgoing else r.target) != doc_id:
                    continue
                other = r.target if outgoing else r.source
                whole = self.view(r, path)
                found.append(SideView(SIDE_WORDS[r.type][0 if outgoing else 1], self.name(other), self.link(other, path),
                                      other not in self.held, whole.quote, whole.source, whole.basis))
        return tuple(found)

    def view(self, relation, path: str) -> RelationView:
        source = None
        if relation.sentence is not None and relation.source in self.held:
            source = self.sentence_link(relation.source, relation.sentence, path)
        return RelationView(
            self.name(relation.source), self.link(relation.source, path), RELATION_WORDS[relation.type][0],
            self.name(relation.target), self.link(relation.target, path),
            relation.source not in self.held, relation.target not in self.held,
            relation.quote or "", source, relation.basis or "",
        )

    def sentence_link(self, doc_id: str, sentence_id: str, path: str) -> Link:
        doc = self.held[doc_id]
        if doc_id == self.site_doc.id and doc.has_notice_layout:
            found = links.sentence_link(path, sentence_id)
            return Link(f"{doc.number or doc.title}{found.text}", found.md, found.html)
        from generator.search.corpus import hit_citation

        return link(hit_citation(doc, sentence_id, provision_index(doc)), path, links.library_page(doc_id, "text"), sentence_id)


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
    cited_by: tuple[Link, ...] = ()  # the provisions whose text cites this one
    kind: str = field(default="line", init=False)


@dataclass(frozen=True)
class Block:
    """A provision of several lines (an article, a paragraph with items): one anchor around them."""

    id: str
    role: str  # article | paragraph | preface | attachment
    tools: Tools | None
    parts: tuple  # of Line and Block
    cited_by: tuple[Link, ...] = ()
    kind: str = field(default="block", init=False)


@dataclass(frozen=True)
class Heading:
    """总纲, 第五章　党的基层组织, 第一节…, 附件: a Markdown heading, so the page has a table of contents."""

    id: str
    level: int
    text: str
    kind: str = field(default="heading", init=False)


class _Text:
    """The parts of a document's text page, in the order of the original (see generator/source.py).
    `refs`: where its citations point (linked in the text) and what cites its provisions."""

    def __init__(self, doc: Document, page: str, tools: bool, refs: "References | None" = None,
                 terms: tuple = ()) -> None:
        self.doc, self.page, self.with_tools = doc, page, tools
        self.index = provision_index(doc)
        self.refs = refs if tools else None  # the print view links nothing
        # this document's glossary terms, marked as on the notice's pages (the print view links nothing)
        self.marker = TermMarker(list(terms) if tools else [], page, doc.id)

    def tools(self, provision_id: str) -> Tools | None:
        if not self.with_tools:
            return None
        level = self.index[provision_id].label[-1:]
        return Tools(provision_id, citation(self.doc, provision_id, self.index), f"本{level if level in '条款项段' else '段'}")

    def cited_by(self, provision_id: str) -> tuple[Link, ...]:
        return self.refs.cited_by(self.doc.id, provision_id, self.page) if self.refs else ()

    def sentences(self, sentences, lead: bool = False) -> tuple[SentenceView, ...]:
        views = []
        for k, s in enumerate(sentences):
            view = SentenceView(s.id, lead and k == 0, (Segment(s.text),))
            if self.refs is not None:
                view = self.refs.linked(self.doc.id, view, self.page)
            views.append(self.marker.view(view))  # terms in what cross-references leave unlinked
        return tuple(views)

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
        tools, cited_by = self.tools(article.anchor), self.cited_by(article.anchor)
        if article.lead is not None:
            return Line(article.anchor, "article", article.label, self.sentences(article.sentences, lead=True), tools=tools,
                        cited_by=cited_by)
        several = len(article.paragraphs) > 1  # a single paragraph (款) is never cited apart from its article
        paragraphs = tuple(self.paragraph(p, article.label if k == 0 else "", cited=several)
                           for k, p in enumerate(article.paragraphs))
        return Block(article.anchor, "article", tools, paragraphs, cited_by)

    def paragraph(self, paragraph: Paragraph, label: str = "", cited: bool = True) -> Line | Block:
        tools = self.tools(paragraph.id) if cited else None
        cited_by = self.cited_by(paragraph.id)
        if not paragraph.items:
            return Line(paragraph.id, "paragraph", label, self.sentences(paragraph.sentences), tools=tools, cited_by=cited_by)
        lines = [Line("", "paragraph", label, self.sentences(paragraph.sentences))] if paragraph.sentences or label else []
        lines += [Line(i.id, "item", i.label, self.sentences(i.sentences), tools=self.tools(i.id), cited_by=self.cited_by(i.id))
                  for i in paragraph.items]
        return Block(paragraph.id, "paragraph", tools, tuple(lines), cited_by)


class References:
    """Cross-references (compute/crossrefs.py) as links: a citation in the text links to what it
    cites; a provision lists the provisions that cite it."""

    def __init__(self, project: Project, site_doc: Document) -> None:
        from generator.compute.crossrefs import cross_references

        self.held = {d.id: d for d in project.documents}
        self.site_doc = site_doc
        self.indexes = {d.id: provision_index(d) for d in project.documents}
        self.refs = cross_references(project.documents)

    def where(self, doc_id: str, provision_id: str | None, path: str, text: str) -> Link:
        """A link to a provision (or a whole document) wherever its page is."""
        doc = self.held[doc_id]
        if doc_id == self.site_doc.id and doc.has_notice_layout:
            if provision_id is None:
                return link(text, path, links.NOTICE)
            root = provision_id.split(".")[0]
            page = links.article_page(int(root[4:])) if root.startswith("art-") else links.NOTICE
            return link(text, path, page, provision_id)
        target = links.library_page(doc_id, "text" if provision_id else "index")
        return link(text, path, target, provision_id)

    def linked(self, doc_id: str, view: SentenceView, path: str) -> SentenceView:
        mine = [r for r in self.refs if r.doc == doc_id and r.sentence == view.id]
        if not mine:
            return view
        text, segments, at = view.text, [], 0
        for ref in mine:
            if ref.start < at:
                continue  # overlapping citations: the first one links
            if ref.start > at:
                segments.append(Segment(text[at:ref.start]))
            target = self.held[ref.target_doc]
            cited = citation(target, ref.target, self.indexes[ref.target_doc]) if ref.target else edition(target)
            segments.append(Segment(text[ref.start:ref.end], self.where(ref.target_doc, ref.target, path, cited), f"见{cited}", "xref"))
            at = ref.end
        if at < len(text):
            segments.append(Segment(text[at:]))
        return SentenceView(view.id, view.lead, tuple(segments))

    def cited_by(self, doc_id: str, provision_id: str, path: str) -> tuple[Link, ...]:
        found: list[Link] = []
        for ref in self.refs:
            if ref.target_doc != doc_id or ref.target != provision_id:
                continue
            citing = self.held[ref.doc]
            from generator.search.corpus import hit_citation

            name = hit_citation(citing, ref.sentence, self.indexes[ref.doc])
            if ref.doc == doc_id and name.startswith(f"《{citing.title}》"):
                name = name[len(citing.title) + 2:]  # the same document: 第三十六条
            found.append(self.where(ref.doc, ref.sentence, path, name))
        return tuple(dict.fromkeys(found))


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
    relations: tuple[SideView, ...] = ()


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
    status: StatusView | None  # None: not in the knowledge base, so its state is not known here
    included: bool = True
    note: str = ""  # what is known of a document not in the knowledge base, and from where (ours)


@dataclass(frozen=True)
class LibraryPage:
    path: str
    rows: tuple[LibraryRow, ...]
    site_document: str  # the notice the handbook is about
    relations: tuple[RelationView, ...] = ()


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
    notice_relations: tuple[SideView, ...] = ()  # shown on the notice's full text

    def nav(self) -> dict:
        return {"文件库": [
            {"全部文件": links.LIBRARY},
            *({d.contents.menu_label: [{"目录": d.contents.path}, {"全文": d.text.path}]} for d in self.documents),
        ]}


def library_views(project: Project, site_doc: Document) -> LibraryViews | None:
    """None for a project of one document and no relations: its site stays as it was."""
    others = [d for d in project.documents if d.id != site_doc.id]
    if not others and not project.library.documents and not project.library.relations:
        return None
    knowledge = Knowledge(project, site_doc)
    refs = References(project, site_doc)
    return LibraryViews(
        page=library_page(knowledge),
        documents=tuple(document_pages(doc, knowledge, refs) for doc in others),
        notice_relations=knowledge.around(site_doc.id, links.NOTICE),
    )


def library_page(knowledge: Knowledge) -> LibraryPage:
    path = links.LIBRARY
    rows = []
    for doc in knowledge.project.documents:
        rows.append(LibraryRow(doc.id, edition(doc), link(edition(doc), path, knowledge.page(doc.id)), doc.number or doc.issuer or "",
                               chinese_date(doc.date), doc.kind, status_view(doc, knowledge.successor_held(doc.id))))
    for doc in knowledge.known.values():
        rows.append(LibraryRow(doc.id, doc.title if doc.number else name_of(doc), None, doc.number or doc.issuer or "", when(doc),
                               doc.kind or kind_from_title(doc.title) or "", None, included=False, note=doc.note or ""))
    return LibraryPage(path, tuple(rows), edition(knowledge.site_doc), knowledge.about(None, path))


def document_pages(doc: Document, knowledge: Knowledge, refs: References | None = None) -> DocumentPages:
    paths = {name: links.library_page(doc.id, name) for name in ("index", "text", "print")}
    source = links.library_source(doc.id)
    status = status_view(doc, knowledge.successor_held(doc.id))

    def header(path: str) -> DocumentHeader:
        names = (("目录", paths["index"]), ("全文", paths["text"]), ("打印版", paths["print"]), ("原文纯文本", source))
        return DocumentHeader(menu_label(doc), _facts(doc), status,
                              tuple(link(n, path, p) for n, p in names if p != path), link("文件库", path, links.LIBRARY))

    text_path, print_path = paths["text"], paths["print"]
    contents = ContentsPage(paths["index"], header(paths["index"]), _contents(doc, paths["index"], text_path),
                            link("全文", paths["index"], text_path), menu_label(doc), knowledge.around(doc.id, paths["index"]))
    text = TextPage(text_path, header(text_path), tuple(_Text(doc, text_path, tools=True, refs=refs, terms=tuple(knowledge.project.terms)).parts()), False,
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
