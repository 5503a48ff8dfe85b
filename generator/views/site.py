"""Every page of the handbook site, with the navigation, for one document."""

from __future__ import annotations

from dataclasses import dataclass

from generator.errors import UsageError
from generator.model.document import Document
from generator.project import Project
from generator.views import links
from generator.views.coverage import CoveragePage, coverage_page
from generator.views.policy import ArticlePage, NoticePage, annotations_or_empty, article_pages, notice_page
from generator.views.dashboards import Overview, overview
from generator.views.glossary import GlossaryPage, glossary_page
from generator.views.library import LibraryViews, library_views
from generator.views.reference import (
    DownloadsPage, HomePage, TablePage, UnitTypeIndex, UnitTypePage, bodies_page, calendar_page,
    downloads_page, home_page, indicators_page, unit_type_pages,
)

@dataclass(frozen=True)
class SiteViews:
    document: Document
    home: HomePage
    notice: NoticePage
    articles: tuple[ArticlePage, ...]
    glossary: GlossaryPage
    indicators: TablePage
    calendar: TablePage
    unit_type_index: UnitTypeIndex
    unit_types: tuple[UnitTypePage, ...]
    bodies: TablePage
    downloads: DownloadsPage
    printable: NoticePage
    search: "SearchPage | None" = None
    training: tuple = ()  # (TrainingIndex, [ModulePage], QuizPage) when there is a course
    overview: Overview | None = None  # written without mkdocs (render/overview.py); only its paths are in the nav
    coverage: "CoveragePage | None" = None
    library: LibraryViews | None = None  # the other documents of the knowledge base (none: a one-document site)

    def nav(self) -> list[dict]:
        """mkdocs `nav`: sections in the notice's own order, articles by number. What readers come
        for (their type, their unit, the course, terms, downloads) before the reference tables, so
        that it stays on screen in the left column even with a section of articles open."""
        by_section: dict[str, list[dict]] = {}
        for page in self.articles:
            by_section.setdefault(page.section, []).append({page.title: page.path})
        return [
            {"首页": links.HOME},
            {"通知全文": links.NOTICE},
            {"逐条详解": [{heading: items} for heading, items in by_section.items()]},
            *([self.library.nav()] if self.library else []),
            {"按组织类型": [{"全部类型": links.UNIT_TYPES}, *({p.name: p.path} for p in self.unit_types)]},
            *self._units_nav(),
            *self._training_nav(),
            {"术语": links.GLOSSARY},
            {"下载": links.DOWNLOADS},
            {"按责任主体": links.BODIES},
            {"指标与金额": links.INDICATORS},
            {"时间表": links.CALENDAR},
            *([{"逐句对照": self.coverage.path}] if self.coverage else []),
            {"高级检索": SEARCH_PAGE},
            {"打印版": links.PRINT},
        ]


    def _training_nav(self) -> list[dict]:
        if not self.training:
            return []
        index, modules, quiz = self.training
        return [{"培训": [{"课程总览": index.path}, *({m.title: m.path} for m in modules), {"自测题": quiz.path}]}]

    def _units_nav(self) -> list[dict]:
        """Built ".html" paths: these pages are written after mkdocs (see render/site.py::_run_mkdocs)."""
        if self.overview is None:
            return []
        return [{"单位清单与看板": [
            {"单位清单": self.overview.units_index.path},
            {"全市看板": self.overview.city.path},
            {"各区县看板": [{d.scope: d.path} for d in self.overview.counties]},
        ]}]


SEARCH_PAGE = "search.md"


@dataclass(frozen=True)
class SearchPage:
    path: str
    unit_types: tuple[str, ...]
    sections: tuple[str, ...] = ()
    documents: tuple[tuple[str, str], ...] = ()  # (id, name) when the knowledge base holds several: a filter
    other_sections: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (document name, its chapters or parts)


def search_page(project: Project, doc: Document) -> SearchPage:
    from generator.search.corpus import document_labels, library_sections

    types = tuple(t.name for t in project.vocabulary.unit_types) if project.vocabulary else ()
    sections = tuple(s.heading for s in doc.sections)
    if len(project.documents) < 2:
        return SearchPage(SEARCH_PAGE, types, sections)
    labels = document_labels(project)
    return SearchPage(SEARCH_PAGE, types, sections, tuple(labels.items()),
                      tuple((labels[d.id], library_sections(d)) for d in project.documents if d.id != doc.id))


def _training(project: Project, doc_id: str) -> tuple:
    from generator.views.training import training_views

    course = next((c for c in project.courses if c.document == doc_id), None)
    return training_views(project, course) if course else ()


def site_views(project: Project, doc_id: str, booklets: bool = False, county: str | None = None) -> SiteViews:
    """`booklets`: the build makes the training booklets (PDF), so the downloads page lists them.
    `county`: the site is one county's (its units get pages, the others do not)."""
    doc = project.document(doc_id)
    if doc is None:
        raise UsageError(f"找不到政策文件「{doc_id}」")
    if not doc.has_notice_layout:
        raise UsageError(f"政策文件「{doc_id}」（{doc.title}）还不能单独生成网站：目前手册围绕的文件只能是带印发通知、"
                         "按「一、」分节、「1.」编条的文件（如常委〔2012〕5号）；它的全文、目录和打印版在网站的“文件库”中，"
                         "原文也可用 handbook source 查看")
    ann = annotations_or_empty(project, doc)
    index, type_pages = unit_type_pages(project, ann, doc)
    rules = project.rules_for(doc.id)
    library = library_views(project, doc)
    return SiteViews(
        document=doc,
        home=home_page(project, doc, ann, library.page if library else None),
        notice=notice_page(doc, project.terms, relations=library.notice_relations if library else ()),
        articles=tuple(article_pages(project, doc)),
        glossary=glossary_page(project, doc),
        indicators=indicators_page(ann),
        calendar=calendar_page(ann),
        unit_type_index=index,
        unit_types=tuple(type_pages),
        bodies=bodies_page(project, ann),
        downloads=downloads_page(doc, [u for u in project.units if u.type == "区县" and county in (None, u.id)] if rules else [],
                                 tuple(m.role for c in project.courses if c.document == doc.id for m in c.modules), booklets),
        printable=notice_page(doc, [], links.PRINT),
        search=search_page(project, doc),
        training=_training(project, doc.id),
        overview=overview(project, doc.id, county),
        coverage=coverage_page(project, doc.id) if project.coverage_for(doc.id) else None,
        library=library,
    )
