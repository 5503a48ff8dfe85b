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

    @property
    def fingerprint(self) -> str:
        """Changes whenever anything indexed about the document changes."""
        parts = (self.kind, self.doc, str(self.article), str(self.sentence), self.title, self.content,
                 self.context, ",".join(self.unit_types), self.section, self.url, self.citation)
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
    """The site's document only: its links point at the site's article pages (other
    documents have no pages yet, see issue 15)."""
    docs: list[SearchDoc] = []
    for doc in project.documents[:1]:
        if not doc.has_notice_layout:
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


def _article_context(project: Project, article, note) -> str:
    """Words that find the article although its text says them differently."""
    text = "".join(s.text for s in article.sentences)
    related = [w for g in project.synonyms.groups if any(x in text for x in g.words) for w in g.words if w not in text]
    ours = [note.summary or "", *(t.topic for t in note.topics), *(b.body for b in note.responsible)] if note else []
    return " ".join(dict.fromkeys([*ours, *related]))


def _terms(project: Project) -> list[SearchDoc]:
    return [
        SearchDoc(
            key=f"term:{t.id}", kind="term", doc="", article=None, sentence=None, title=t.term,
            content=t.explanation, context=" ".join([*t.aliases, *project.synonyms.related(t.term)]),
            unit_types=(), section="术语", url=f"glossary.html#{t.id}", citation=f"术语：{t.term}",
        )
        for t in project.terms
    ]


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
