"""Page contexts that look across the notice: home, glossary, indicators,
calendar, by unit type, by responsible body, downloads."""

from __future__ import annotations

from dataclasses import dataclass

from generator.model.annotations import AnnotationSet, Cited, Timing
from generator.model.document import Document
from generator.project import Project
from generator.views import links
from generator.views.links import Link, link
from generator.views.policy import RECURRENCES, Row, money_value, target_value, timing_text

KEY_TARGETS = (
    "party-building-instructors", "upgrade-rate-poor", "upgrade-rate-fair", "upgrade-rate-good",
    "pay-ratio", "members-developed-per-year", "village-funds", "community-funds",
)
# Entry points on the home page: who is reading, and which unit type concerns them.
ROLES = (
    ("我是村党组织书记", "村", "村级组织要做的事、经费与报酬、四议两公开等制度"),
    ("我在社区工作", "社区", "社区党组织的设置、经费和工作制度"),
    ("非公企业和社会组织", "非公企业", "单独组建、联合组建、党建工作指导员、活动经费"),
    ("机关和事业单位", "机关", "示范创建、工作制度、党员作用"),
)
ORG_DEPARTMENT = ("组织部门", "市委组织部", "各级组织部门牵头负责的事项、全部指标和时间表")


@dataclass(frozen=True)
class Highlight:
    label: str
    quote: str
    source: Link


@dataclass(frozen=True)
class Role:
    label: str
    description: str
    target: Link


@dataclass(frozen=True)
class HomePage:
    path: str
    title: str
    number: str
    issuer: str
    date: str
    highlights: tuple[Highlight, ...]
    roles: tuple[Role, ...]
    key_numbers: tuple[Row, ...]
    deadlines: tuple[Row, ...]
    sections: tuple[Link, ...]


@dataclass(frozen=True)
class TermEntry:
    id: str
    term: str
    aliases: tuple[str, ...]
    explanation: str
    sources: tuple[str, ...]
    uncertain: bool
    occurrences: tuple[Link, ...]
    related: tuple[Link, ...]


@dataclass(frozen=True)
class GlossaryPage:
    path: str
    note: str
    entries: tuple[TermEntry, ...]


@dataclass(frozen=True)
class TablePage:
    """A page that is one or more titled tables of cited rows."""

    path: str
    title: str
    intro: str
    groups: tuple[tuple[str, str, tuple[Row, ...]], ...]  # (heading, anchor, rows)


@dataclass(frozen=True)
class UnitTypeIndex:
    path: str
    types: tuple[tuple[Link, str, int], ...]  # (page link, description, article count)


def cited_row(path: str, article: int, item: Cited, *cells) -> Row:
    source = link(f"第{article}条", path, links.article_page(article), item.sentence)
    return Row(tuple(cells), source, item.quote or "")


def home_page(project: Project, doc: Document, ann: AnnotationSet) -> HomePage:
    path = links.HOME
    targets = {t.id: (a.article, t) for a in ann.articles for t in a.targets}
    highlight_source = lambda h: link(links.sentence_label(h.sentence)[0], path, links.NOTICE, h.sentence)
    roles = [Role(label, desc, link(label, path, _type_page(project, utype))) for label, utype, desc in ROLES]
    label, body, desc = ORG_DEPARTMENT
    roles.append(Role(label, desc, link(label, path, links.BODIES, _body_anchor(project, body))))
    return HomePage(
        path=path,
        title=doc.title,
        number=doc.number,
        issuer=doc.issuer,
        date=f"{doc.date.year}年{doc.date.month}月{doc.date.day}日",
        highlights=tuple(Highlight(h.label, h.quote or "", highlight_source(h)) for h in ann.highlights),
        roles=tuple(roles),
        key_numbers=tuple(
            cited_row(path, targets[i][0], targets[i][1], targets[i][1].indicator, target_value(targets[i][1]))
            for i in KEY_TARGETS if i in targets
        ),
        deadlines=timing_rows(ann, path)[0],
        sections=tuple(link(s.heading, path, links.NOTICE, f"sec-{s.number}") for s in doc.sections),
    )


def _type_page(project: Project, name: str) -> str:
    utype = project.vocabulary.unit_type(name) if project.vocabulary else None
    return links.unit_type_page(utype.code) if utype else links.UNIT_TYPES


def _body_anchor(project: Project, body: str) -> str:
    bodies = project.vocabulary.bodies if project.vocabulary else []
    return f"body-{bodies.index(body) + 1}" if body in bodies else ""


def glossary_page(project: Project, doc: Document) -> GlossaryPage:
    path = links.GLOSSARY
    names = {t.id: t.term for t in project.terms}
    entries = []
    for term in project.terms:
        occurrences = [
            links.sentence_link(path, sid)
            for occ in term.occurrences if occ.document == doc.id for sid in occ.sentences
        ]
        entries.append(TermEntry(
            term.id, term.term, tuple(term.aliases), term.explanation, tuple(term.sources), term.uncertain,
            tuple(occurrences), tuple(link(names[r], path, path, r) for r in term.related if r in names),
        ))
    return GlossaryPage(path, project.glossary.note if project.glossary else "", tuple(entries))


def indicators_page(ann: AnnotationSet) -> TablePage:
    path = links.INDICATORS
    rows = tuple(
        cited_row(path, a.article, t, t.indicator, target_value(t), t.scope, t.period)
        for a in ann.articles for t in a.targets
    )
    money = tuple(
        cited_row(path, a.article, m, m.purpose, money_value(m), m.per or "", m.payer or "")
        for a in ann.articles for m in a.money
    )
    intro = "通知中的全部量化指标和金额。指标名称、范围为我们的概括；数值均出自所引句子，可点击出处核对原文。"
    return TablePage(path, "指标与金额", intro, (("量化指标", "targets", rows), ("金额", "money", money)))


def timing_rows(ann: AnnotationSet, path: str) -> tuple[tuple[Row, ...], tuple[Row, ...], tuple[Row, ...]]:
    """Deadlines by date, recurring duties by period, event-triggered duties."""
    timed = [(a.article, t) for a in ann.articles for t in a.timings]
    deadlines = sorted((x for x in timed if x[1].kind == "deadline"), key=lambda x: (x[1].date, x[0]))
    recurring = sorted((x for x in timed if x[1].kind == "recurrence"), key=lambda x: (_recurrence_order(x[1]), x[0]))
    events = [x for x in timed if x[1].kind == "event"]
    rows = lambda items: tuple(cited_row(path, a, t, timing_text(t), t.what) for a, t in items)
    return rows(deadlines), rows(recurring), rows(events)


def calendar_page(ann: AnnotationSet) -> TablePage:
    deadlines, recurring, events = timing_rows(ann, links.CALENDAR)
    intro = "通知规定的截止期限、周期性工作和随事件触发的工作。可下载日历文件导入 Outlook、WPS 或手机日历。"
    return TablePage(links.CALENDAR, "时间表", intro, (
        ("截止期限", "deadlines", deadlines),
        ("周期性工作", "recurring", recurring),
        ("随事件触发", "events", events),
    ))


def _recurrence_order(timing: Timing) -> int:
    return list(RECURRENCES).index(timing.recurrence or "on-event")


def unit_type_pages(project: Project, ann: AnnotationSet) -> tuple[UnitTypeIndex, list[TablePage]]:
    pages, index = [], []
    for utype in project.vocabulary.unit_types if project.vocabulary else []:
        path = links.unit_type_page(utype.code)
        rows = tuple(
            cited_row(path, a.article, u, link(f"第{a.article}条", path, links.article_page(a.article)), a.summary or "")
            for a in ann.articles for u in a.unit_types if u.unit_type == utype.name
        )
        rows = tuple({r.source.md.split("#")[0]: r for r in rows}.values())  # one row per article
        intro = f"通知中涉及「{utype.name}」（{utype.description or utype.group}）的条款。要点为我们的概括，以原文为准。"
        pages.append(TablePage(path, f"{utype.name}：相关条款", intro, (("相关条款", "articles", rows),)))
        index.append((link(utype.name, links.UNIT_TYPES, path), utype.description or "", len(rows)))
    return UnitTypeIndex(links.UNIT_TYPES, tuple(index)), pages


def bodies_page(project: Project, ann: AnnotationSet) -> TablePage:
    path = links.BODIES
    groups = []
    for k, body in enumerate(project.vocabulary.bodies if project.vocabulary else [], start=1):
        rows = tuple(
            cited_row(path, a.article, b, link(f"第{a.article}条", path, links.article_page(a.article)), b.role or "")
            for a in ann.articles for b in a.responsible if b.body == body
        )
        if rows:
            groups.append((body, f"body-{k}", rows))
    intro = "按责任主体查看通知要求其承担的工作。职责为我们的概括，出处链接到原文句子。"
    return TablePage(path, "按责任主体", intro, tuple(groups))


@dataclass(frozen=True)
class DownloadItem:
    link: Link
    description: str
    generated: bool = False  # written after mkdocs runs: linked as plain HTML, checked by the tests
    served: bool = False  # made on request by the handbook service (shown only when served by it)


@dataclass(frozen=True)
class DownloadsPage:
    path: str
    items: tuple[DownloadItem, ...]


def downloads_page(doc: Document, counties: list = (), training_roles: tuple = (), booklets: bool = False) -> DownloadsPage:
    from generator.forms.catalog import FORMS
    from generator.views.training import ROLE_CODES, booklet_path

    path = links.DOWNLOADS
    blank = tuple(
        DownloadItem(link(f"{f.title}（空白）", path, links.blank_form(f.name)), f"Word 表格，依据第{f.article}条；各单位已填好的表格在单位页面下载", True)
        for f in FORMS
    )
    zips = tuple(
        DownloadItem(link(f"{c.name}全部单位的表格", path, links.county_forms_zip(c.id)),
                     "zip 压缩包，每个单位一个文件夹（下载时生成）", True, served=True)
        for c in counties
    )
    training = tuple(
        DownloadItem(link(f"培训自测题及答案（{role}）", path, f"downloads/training/quiz-{ROLE_CODES[role]}.docx"), "Word 试卷，答案与解析在最后一页", True)
        for role in training_roles
    ) + ((DownloadItem(link("培训签到表", path, "downloads/training/sign-in.docx"), "Word 表格", True),) if training_roles else ())
    training += tuple(
        DownloadItem(link(f"培训手册（{role}）", path, booklet_path(role)), "PDF，封面、目录、课程、通知全文、术语和典型事项清单，可直接打印", True)
        for role in (training_roles if booklets else ())
    )
    items = (
        DownloadItem(link(f"{doc.number}原文（纯文本）", path, links.SOURCE_TXT.format(doc=doc.id)), "由结构化数据逐字拼回的通知全文，UTF-8 编码"),
        DownloadItem(link("时间表（日历文件 .ics）", path, links.CALENDAR_ICS), "截止期限和周期性工作，可导入 Outlook、WPS、手机日历"),
        DownloadItem(link("打印版（整份通知）", path, links.PRINT), "无导航栏的整份通知，适合直接打印"),
        *blank,
        *training,
        *zips,
    )
    return DownloadsPage(path, items)
