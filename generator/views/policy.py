"""Page contexts for the notice itself: the full text, one page per article, print."""

from __future__ import annotations

from dataclasses import dataclass

from generator.model.annotations import ArticleAnnotations, AnnotationSet
from generator.model.document import Article, Document
from generator.model.glossary import Term
from generator.numbers import format_number
from generator.project import Project
from generator.views import links
from generator.views.links import Link, link
from generator.views.text import SentenceView, TermMarker

COMPARATORS = {">=": "不低于", ">": "高于", "<=": "不超过", "<": "低于", "=": "", "~": "约"}
RECURRENCES = {
    "once": "一次", "weekly": "每周", "monthly": "每月", "quarterly": "每季度",
    "yearly": "每年", "every-3-years": "每三年", "on-event": "随事件",
}


@dataclass(frozen=True)
class ArticleText:
    number: int
    label: str
    anchor: str
    sentences: tuple[SentenceView, ...]
    page: Link


@dataclass(frozen=True)
class SectionText:
    heading: str
    anchor: str
    articles: tuple[ArticleText, ...]


@dataclass(frozen=True)
class Row:
    """One annotation shown in a table: its cells and the sentence it cites."""

    cells: tuple  # of str or Link
    source: Link
    quote: str


@dataclass(frozen=True)
class ArticlePage:
    path: str
    number: int
    title: str
    section: str
    text: ArticleText
    citation: str
    summary: str
    topics: tuple[str, ...]
    responsible: tuple[Row, ...]
    implied: tuple[Row, ...]  # no body named: whom each sentence addresses, as we read it (coverage.yaml)
    unit_types: tuple[Row, ...]
    timings: tuple[Row, ...]
    targets: tuple[Row, ...]
    money: tuple[Row, ...]
    documents: tuple[Row, ...]
    related: tuple[Row, ...]
    terms: tuple[Link, ...]
    keywords: tuple[str, ...]
    previous: Link | None
    next: Link | None


@dataclass(frozen=True)
class NoticePage:
    path: str
    cover_title: str
    cover_lines: tuple[str, ...]
    signature: tuple[str, ...]
    opinion_title: tuple[str, ...]
    preamble: tuple[SentenceView, ...]
    sections: tuple[SectionText, ...]
    closing: tuple[str, ...]
    number: str
    source_txt: Link
    relations: tuple = ()  # RelationView (views/library.py): what the notice implements and cites, as it says


def article_title(article: Article) -> str:
    return article.lead.text.rstrip("。")


def citation(doc: Document, number: int) -> str:
    return f"{doc.number}《{doc.title}》第{number}条"


def figure(value) -> str:
    values = value if isinstance(value, list) else [value]
    return ":".join(format_number(float(v)) for v in values)


def notice_page(doc: Document, terms: list[Term], path: str = links.NOTICE, relations: tuple = ()) -> NoticePage:
    marker = TermMarker(terms, path, doc.id)
    cover = doc.cover
    return NoticePage(
        path=path,
        cover_title=cover.title,
        cover_lines=(cover.number, cover.addressees, cover.body),
        signature=(cover.signature, cover.date, cover.distribution),
        opinion_title=tuple(doc.opinion_title),
        preamble=tuple(marker.sentence(s) for s in doc.preamble),
        sections=tuple(
            SectionText(s.heading, f"sec-{s.number}", tuple(_article_text(a, marker, path) for a in s.articles))
            for s in doc.sections
        ),
        closing=tuple(doc.closing),
        number=doc.number,
        source_txt=link("原文纯文本", path, links.SOURCE_TXT.format(doc=doc.id)),
        relations=relations,
    )


def _article_text(article: Article, marker: TermMarker, page: str) -> ArticleText:
    sentences = (marker.sentence(article.lead, lead=True), *(marker.sentence(s) for s in article.body))
    target = link(f"第{article.number}条", page, links.article_page(article.number))
    return ArticleText(article.number, article.label, article.anchor, sentences, target)


def article_pages(project: Project, doc: Document) -> list[ArticlePage]:
    ann = project.annotations_for(doc.id)
    by_number = {a.article: a for a in ann.articles} if ann else {}
    articles = doc.articles
    section_of = {a.number: s.heading for s in doc.sections for a in s.articles}
    pages = []
    for i, article in enumerate(articles):
        notes = by_number.get(article.number) or ArticleAnnotations(article=article.number)
        path = links.article_page(article.number)
        prev_a = articles[i - 1] if i else None
        next_a = articles[i + 1] if i + 1 < len(articles) else None
        pages.append(_article_page(project, doc, article, notes, path, section_of[article.number], prev_a, next_a))
    return pages


def _article_page(project, doc, article, notes, path, section, prev_a, next_a) -> ArticlePage:
    marker = TermMarker(project.terms, path, doc.id)
    text = _article_text(article, marker, path)

    def src(item) -> Link:
        return link(f"第{item.sentence.rsplit('.s', 1)[1]}句", path, path, item.sentence)

    def row(item, *cells: str) -> Row:
        return Row(tuple(cells), src(item), item.quote or "")

    return ArticlePage(
        path=path,
        number=article.number,
        title=f"第{article.number}条 {article_title(article)}",
        section=section,
        text=text,
        citation=citation(doc, article.number),
        summary=notes.summary or "",
        topics=tuple(dict.fromkeys(t.topic for t in notes.topics)),
        responsible=tuple(row(b, b.body, b.role or "") for b in notes.responsible),
        implied=() if notes.responsible else _implied(project, doc, article, src),
        unit_types=tuple(row(u, u.unit_type) for u in notes.unit_types),
        timings=tuple(row(t, timing_text(t), t.what) for t in notes.timings),
        targets=tuple(row(t, t.indicator, target_value(t), t.scope, t.period) for t in notes.targets),
        money=tuple(row(m, money_value(m), m.per or "", m.payer or "", m.purpose) for m in notes.money),
        documents=tuple(row(d, d.number, d.title or "") for d in notes.documents),
        related=tuple(
            Row((link(f"第{r.article}条", path, links.article_page(r.article)), r.relation), src(r), r.quote or "")
            for r in notes.articles
        ),
        terms=tuple(link(t.term, path, links.GLOSSARY, t.id) for t in _article_terms(project, doc, article)),
        keywords=_keywords(project, article),
        previous=link(f"← 第{prev_a.number}条", path, links.article_page(prev_a.number)) if prev_a else None,
        next=link(f"第{next_a.number}条 →", path, links.article_page(next_a.number)) if next_a else None,
    )


def _implied(project: Project, doc: Document, article: Article, src) -> tuple[Row, ...]:
    """Whom the article's sentences address where the notice names no one: our reading, from the
    sentence-by-sentence map (coverage.yaml). None where the map names no one either."""
    coverage = project.coverage_for(doc.id)
    ids = {s.id for s in article.sentences}
    return tuple(Row(("、".join(c.addresses),), src(c), "") for c in coverage.sentences
                 if c.sentence in ids and c.addresses) if coverage else ()


def timing_text(timing) -> str:
    if timing.kind == "deadline":
        return f"{timing.date.isoformat()} 前"
    if timing.kind == "recurrence":
        return RECURRENCES[timing.recurrence]
    return timing.event or ""


def target_value(target) -> str:
    return f"{COMPARATORS[target.comparator]}{figure(target.value)}{'' if target.unit in ('比例',) else target.unit}"


def money_value(money) -> str:
    return f"{COMPARATORS[money.comparator]}{format_number(money.amount)}{money.unit}"


def _article_terms(project: Project, doc: Document, article: Article) -> list[Term]:
    ids = {s.id for s in article.sentences}
    return [t for t in project.terms if any(o.document == doc.id and ids & set(o.sentences) for o in t.occurrences)]


def _keywords(project: Project, article: Article) -> tuple[str, ...]:
    """Everyday words for terms used in the article, so the site search finds it."""
    text = "".join(s.text for s in article.sentences)
    words: list[str] = []
    for group in project.synonyms.groups:
        if any(w in text for w in group.words):
            words += [w for w in group.words if w not in text and w not in words]
    return tuple(words)


def annotations_or_empty(project: Project, doc: Document) -> AnnotationSet:
    return project.annotations_for(doc.id) or AnnotationSet(document=doc.id, articles=[])
