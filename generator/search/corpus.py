"""What the search engine indexes, shaped from the validated project (pure).

One document per sentence of every article (hits are collapsed to the best
sentence of each article), one per glossary term, one per unit. Every
document carries its link and citation so the engine never looks them up.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from generator.project import Project
from generator.views import links
from generator.views.policy import article_title

KINDS = ("article", "term", "template", "training", "unit")
_WHOLE_WORD = re.compile(r"^[\u4e00-\u9fff0-9A-Za-z]+$")


@dataclass(frozen=True)
class SearchDoc:
    key: str
    kind: str
    doc: str
    article: int | None
    sentence: str | None
    title: str
    content: str
    context: str
    unit_types: tuple[str, ...]
    section: str
    url: str
    citation: str
    part: str = ""  # what hits collapse into when it is not an article: a paragraph of a 总纲 (preamble.p3)
    collection: str = ""  # "" for the handbook's own index; a 文件库 document's id for that document's own index

    @property
    def group(self) -> str:
        """Hits are collapsed per group: an article (or paragraph outside articles) of a document, or the item itself."""
        if self.kind != "article":
            return self.key
        return f"{self.doc}#{self.part}" if self.part else f"{self.doc}#art-{self.article}"

    @property
    def fingerprint(self) -> str:
        """Changes whenever anything indexed about the document changes."""
        parts = (self.kind, self.doc, str(self.article), str(self.sentence), self.title, self.content,
                 self.context, ",".join(self.unit_types), self.section, self.url, self.citation, self.part)
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:24]


def dictionary_words(project: Project) -> tuple[str, ...]:
    """Whole words for the segmenter: glossary terms, synonyms, vocabulary."""
    found: list[str] = []
    for term in project.terms:
        found += term.spellings
    for group in project.synonyms.groups:
        found += group.words
    if project.vocabulary:
        vocab = project.vocabulary
        found += [t.name for t in vocab.unit_types] + vocab.bodies + vocab.topics
    return tuple(sorted({w for w in found if _WHOLE_WORD.match(w)}))


def synonym_groups(project: Project) -> list[list[str]]:
    return [list(g.words) for g in project.synonyms.groups]


def corpus(project: Project) -> list[SearchDoc]:
    return [*_articles(project), *_terms(project), *_templates(project), *_training(project), *_units(project)]


def document_labels(project: Project) -> dict[str, str]:
    """How a hit names the document it is from: the notice by its number, a legal text by its
    revision, and never without its state when that is not 现行有效 (常发〔2009〕7号（已废止）,
    中国共产党章程（2017年版，已修订））."""
    from generator.views.library import edition

    labels = {}
    for doc in project.documents:
        label = doc.number or edition(doc)
        state = doc.status.state if doc.status else None
        if state not in (None, "现行有效"):
            label = f"{label[:-1]}，{state}）" if label.endswith("）") else f"{label}（{state}）"
        labels[doc.id] = label
    return labels


def _templates(project: Project) -> list[SearchDoc]:
    from generator.forms.catalog import FORMS

    doc = project.documents[0] if project.documents else None
    return [
        SearchDoc(
            key=f"template:{f.name}", kind="template", doc=doc.id if doc else "", article=f.article, sentence=None,
            title=f.title, content=f"{f.title} Word 表格", context=f"表格 模板 下载 第{f.article}条",
            unit_types=(), section="表格", url=links.blank_form(f.name), citation=f"表格：{f.title}",
        )
        for f in FORMS
    ] if doc else []


def _training(project: Project) -> list[SearchDoc]:
    from generator.views.training import ROLE_CODES

    return [
        SearchDoc(
            key=f"training:{m.id}", kind="training", doc=course.document, article=None, sentence=None, title=m.title,
            content=" ".join([m.introduction, *(p.text for p in m.key_points)]), context=" ".join([m.audience, *m.goals]),
            unit_types=(), section="培训", url=f"training/{ROLE_CODES[m.role]}.html", citation=f"培训：{m.title}",
        )
        for course in project.courses for m in course.modules
    ]


def _articles(project: Project) -> list[SearchDoc]:
    """Every sentence of every document: the site's own (the first) links to its article
    pages, the others to their text pages in the 文件库 (views/library.py)."""
    docs: list[SearchDoc] = []
    for n, doc in enumerate(project.documents):
        if n or not doc.has_notice_layout:
            docs += _library_sentences(project, doc)
            continue
        ann = project.annotations_for(doc.id)
        notes = {a.article: a for a in ann.articles} if ann else {}
        for section in doc.sections:
            for article in section.articles:
                note = notes.get(article.number)
                title = f"第{article.number}条 {article_title(article)}"
                context = _article_context(project, article, note)
                types = tuple(dict.fromkeys(u.unit_type for u in note.unit_types)) if note else ()
                for k, sentence in enumerate(article.sentences, start=1):
                    docs.append(SearchDoc(
                        key=f"{doc.id}#{sentence.id}", kind="article", doc=doc.id, article=article.number,
                        sentence=sentence.id, title=title, content=sentence.text, context=context,
                        unit_types=types, section=section.heading,
                        url=f"articles/art-{article.number}.html#{sentence.id}",
                        citation=f"{doc.number}第{article.number}条第{k}句",
                    ))
    return docs


def _library_sentences(project: Project, doc) -> list[SearchDoc]:
    """A document of the 文件库: one passage per sentence, collapsed per article (or per
    paragraph of a 总纲, 序言 or attachment), cited in the document's own style."""
    from generator.model.provisions import provisions, provision_index

    index = provision_index(doc)
    text_page = links.library_page(doc.id, "text")[:-3] + ".html"
    found: list[SearchDoc] = []
    for provision in provisions(doc):
        if provision.kind != "sentence":
            continue
        article, part, section = _place(index, provision.id)
        unit = index[article or part]
        words = "".join(s.text for s in _sentences_of(unit.node))
        related = [w for g in project.synonyms.groups if any(x in words for x in g.words) for w in g.words if w not in words]
        found.append(SearchDoc(
            key=f"{doc.id}#{provision.id}", kind="article", doc=doc.id,
            article=int(article[4:]) if article else None, sentence=provision.id,
            title=_unit_title(doc, index, article or part), content=provision.text, context=" ".join(dict.fromkeys(related)),
            unit_types=(), section=section, url=f"{text_page}#{provision.id}",
            citation=hit_citation(doc, provision.id, index), part="" if article else part, collection=doc.id,
        ))
    return found


def library_sections(doc) -> tuple[str, ...]:
    """The `section` values of a 文件库 document's hits, in the order of the text (总纲, 第一章　党员…)."""
    from generator.model.provisions import provision_index

    index = provision_index(doc)
    return tuple(dict.fromkeys(_place(index, p.id)[2] for p in index.values() if p.kind == "sentence"))


def hit_citation(doc, sentence_id: str, index) -> str:
    """A sentence's official citation; a sentence alone in its item or paragraph is cited
    as that (《中国共产党章程》第三十二条第（六）项, not …第（六）项第一句)."""
    from generator.model.provisions import citation

    target = sentence_id
    parent = index[sentence_id].parent
    if parent is not None and len(_sentences_of(index[parent].node, direct=True)) == 1:
        target = parent
        while not index[target].label and index[target].parent is not None:  # a paragraph its article does not name
            target = index[target].parent
    return citation(doc, target, index)


def _place(index, provision_id: str) -> tuple[str | None, str, str]:
    """(its article, the paragraph it belongs to outside articles, the heading of its chapter or part)."""
    chain = []
    current = provision_id
    while current is not None:
        chain.append(index[current])
        current = index[current].parent
    article = next((p.id for p in chain if p.kind == "article"), None)
    top = chain[-1]
    part = next((p.id for p in reversed(chain) if p.kind == "paragraph"), top.id)
    if article is not None:
        section = _heading_of(index, article)
    else:
        section = top.label if top.kind == "preamble" else top.text
    return article, part, section


def _heading_of(index, article_id: str) -> str:
    """The chapter (or section) an article stands in: the heading before it in the text."""
    heading = ""
    for provision in index.values():
        if provision.kind in ("chapter", "section") and provision.text and provision.parent is None:
            heading = provision.text
        if provision.id == article_id:
            return heading
    return heading


def _sentences_of(node, direct: bool = False):
    from generator.model.document import Article, Item, Paragraph, Sentence

    if isinstance(node, Sentence):
        return [node]
    if isinstance(node, Item):
        return node.sentences
    if isinstance(node, Paragraph):
        return node.sentences if direct else node.all_sentences
    if isinstance(node, Article):
        return node.sentences
    if isinstance(node, list):
        return node
    return []


def _unit_title(doc, index, unit_id: str) -> str:
    """第三十二条, 总纲第三段: what a hit is, without the document (shown beside it)."""
    from generator.model.provisions import citation

    cited = citation(doc, unit_id, index)
    return cited.split("》", 1)[1] if cited.startswith("《") else cited[len(doc.number or ""):]


def _article_context(project: Project, article, note) -> str:
    """Words that find the article although its text says them differently."""
    text = "".join(s.text for s in article.sentences)
    related = [w for g in project.synonyms.groups if any(x in text for x in g.words) for w in g.words if w not in text]
    ours = [note.summary or "", *(t.topic for t in note.topics), *(b.body for b in note.responsible)] if note else []
    return " ".join(dict.fromkeys([*ours, *related]))


def _terms(project: Project) -> list[SearchDoc]:
    """A term of the handbook's own document is in the handbook's index; a term only another
    document uses (the 党章's 民主集中制) is in that document's index, so the search box's own
    index and the notice's ranking stay as they were."""
    site = project.documents[0].id if project.documents else ""
    held = {d.id for d in project.documents}
    docs = []
    for t in project.terms:
        if t.documents and not held & set(t.documents):
            continue  # explained for documents this knowledge base does not hold
        home = "" if not t.documents or site in t.documents else next(d for d in t.documents if d in held)
        docs.append(SearchDoc(
            key=f"term:{t.id}", kind="term", doc=home, article=None, sentence=None, title=t.term,
            content=" ".join([t.explanation, *(o.sense.explanation for o in t.occurrences if o.sense)]),
            context=" ".join([*t.aliases, *project.synonyms.related(t.term)]),
            unit_types=(), section="术语", url=f"glossary.html#{t.id}", citation=f"术语：{t.term}", collection=home,
        ))
    return docs


def _units(project: Project) -> list[SearchDoc]:
    names = {u.id: u.name for u in project.units}
    return [
        SearchDoc(
            key=f"unit:{u.id}", kind="unit", doc="", article=None, sentence=None, title=u.name,
            content="", context=" ".join(filter(None, [u.type, names.get(u.county or ""), names.get(u.parent or "")])),
            unit_types=(u.type,), section="单位", url=links.unit_page(u.id), citation=f"单位：{u.name}",
        )
        for u in project.units
    ]
