"""Page contexts that look across the notice: home, indicators,
calendar, by unit type, by responsible body, downloads."""

from __future__ import annotations

from dataclasses import dataclass

from generator.model.annotations import AnnotationSet, Cited, Timing
from generator.model.document import Document
from generator.project import Project
from generator.views import links
from generator.views.links import Link, link
from generator.views.policy import RECURRENCES, Row, article_title, money_value, target_value, timing_text
from generator.views.wording import ADMIN

KEY_TARGETS = (
    "party-building-instructors", "upgrade-rate-poor", "upgrade-rate-fair", "upgrade-rate-good",
    "pay-ratio", "members-developed-per-year", "village-funds", "community-funds",
)
# A way in for each reader: (anchor, who, training role, unit type of the type page, what to find
# there, what "my unit" is called). The course module, the articles its key points rest on, the
# type page and, where units have pages, a box that finds the reader's own unit by name.
ROLES = (
    ("village", "新任村党组织书记", "村", "村", "村级组织要做的事、经费与报酬、四议两公开等制度", "本村"),
    ("community", "社区党组织书记", "社区", "社区", "社区党组织的设置、经费待遇和工作制度", "本社区"),
    ("enterprise", "非公企业和社会组织", "非公企业", "非公企业", "单独组建、联合组建、党建工作指导员、活动经费", "本单位"),
    ("office", "机关事业单位", "机关", "机关", "示范创建、帮扶整顿、工作制度、党员作用", "本单位"),
    ("department", "组织部门", "组织部门", None, "各级组织部门牵头负责的事项、全部指标、各区县看板", None),
)
ORG_DEPARTMENT_BODY = "市委组织部"  # the 组织部门 path's "all articles": this body's duties on the 按责任主体 page
FIRST_ARTICLES = 5  # articles on a role's path: the first the course's key points rest on


@dataclass(frozen=True)
class Highlight:
    label: str
    quote: str
    source: Link


@dataclass(frozen=True)
class Role:
    """A reader's short path from the home page."""

    id: str  # anchor on the home page
    label: str
    description: str
    course: Link | None  # the training module for this reader
    articles: tuple[Link, ...]  # "第17条 落实村干部报酬…", the ones that matter first
    everything: Link  # all the articles that concern this reader
    find: str  # "本村": a box finds the reader's unit by name ("" where units have no pages)
    dashboards: tuple[Link, ...] = ()  # the city's and each county's, for 组织部门
    units_index: Link | None = None


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
    admin: str = ""
    library: Link | None = None  # the 文件库, when the knowledge base holds other documents
    other_documents: tuple[tuple[Link, str], ...] = ()  # (its contents page, its state) for each of them


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


def home_page(project: Project, doc: Document, ann: AnnotationSet, library=None) -> HomePage:
    """`library`: the 文件库 page (views/library.py), for a knowledge base of several documents."""
    path = links.HOME
    targets = {t.id: (a.article, t) for a in ann.articles for t in a.targets}
    highlight_source = lambda h: link(links.sentence_label(h.sentence)[0], path, links.NOTICE, h.sentence)
    return HomePage(
        path=path,
        title=doc.title,
        number=doc.number,
        issuer=doc.issuer,
        date=f"{doc.date.year}年{doc.date.month}月{doc.date.day}日",
        highlights=tuple(Highlight(h.label, h.quote or "", highlight_source(h)) for h in ann.highlights),
        roles=role_paths(project, doc, path),
        key_numbers=tuple(
            cited_row(path, targets[i][0], targets[i][1], targets[i][1].indicator, target_value(targets[i][1]))
            for i in KEY_TARGETS if i in targets
        ),
        deadlines=timing_rows(ann, path)[0],
        sections=tuple(link(s.heading, path, links.NOTICE, f"sec-{s.number}") for s in doc.sections),
        admin=ADMIN,
        library=link("文件库", path, library.path) if library else None,
        other_documents=tuple((link(r.title, path, links.library_page(r.id, "index")), r.status.state)
                              for r in library.rows if r.included and r.id != doc.id) if library else (),
    )


def role_paths(project: Project, doc: Document, path: str) -> tuple[Role, ...]:
    from generator.views.training import module_path

    modules = {m.role: m for c in project.courses if c.document == doc.id for m in c.modules}
    unit_pages = project.rules_for(doc.id) is not None and bool(project.units)  # units get pages and dashboards
    counties = [u for u in project.units if u.type == "区县"] if unit_pages else []
    roles = []
    for anchor, label, role, utype, description, find in ROLES:
        module = modules.get(role)
        course = link(f"课程：{module.title}", path, module_path(role)) if module else None
        articles = tuple(link(f"第{n}条 {article_title(doc.article(n))}", path, links.article_page(n))
                         for n in _first_articles(module, doc))
        if utype is None:
            everything = link("组织部门牵头负责的全部事项", path, links.BODIES, _body_anchor(project, ORG_DEPARTMENT_BODY))
            dashboards = (link("全市看板", path, links.CITY_DASHBOARD),
                          *(link(c.name, path, links.county_dashboard(c.id)) for c in counties)) if unit_pages else ()
            roles.append(Role(anchor, label, description, course, articles, everything, "", dashboards,
                              link("单位清单与看板", path, links.UNITS_INDEX) if unit_pages else None))
        else:
            page = _type_page(project, utype)
            everything = link(f"与{utype}有关的全部条款" if page != links.UNIT_TYPES else "按组织类型查看条款", path, page)
            roles.append(Role(anchor, label, description, course, articles, everything, find if unit_pages else ""))
    return tuple(roles)


def _first_articles(module, doc: Document) -> list[int]:
    """The articles the module's key points cite, in the course's order: what to read first."""
    numbers: list[int] = []
    for point in module.key_points if module else ():
        part = point.sentence.rsplit(".s", 1)[0]
        if part.startswith("art-") and int(part[4:]) not in numbers and doc.article(int(part[4:])):
            numbers.append(int(part[4:]))
    return numbers[:FIRST_ARTICLES]


def _type_page(project: Project, name: str) -> str:
    utype = project.vocabulary.unit_type(name) if project.vocabulary else None
    return links.unit_type_page(utype.code) if utype else links.UNIT_TYPES


def _body_anchor(project: Project, body: str) -> str:
    bodies = project.vocabulary.bodies if project.vocabulary else []
    return f"body-{bodies.index(body) + 1}" if body in bodies else ""


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


@dataclass(frozen=True)
class Ask:
    """One thing an article asks of a unit type: our summary of a rule, or the sentence itself."""

    text: str
    ours: bool  # True: our summary (概括); False: the notice's own words
    kind: str  # "" for a task, else "目标", "条件与资格"
    source: Link


@dataclass(frozen=True)
class TypeArticle:
    article: Link  # "第17条 建立村(社区)干部经济待遇增长机制"
    asks: tuple[Ask, ...]


@dataclass(frozen=True)
class UnitTypePage:
    path: str
    title: str
    name: str
    intro: str
    articles: tuple[TypeArticle, ...]


def unit_type_pages(project: Project, ann: AnnotationSet, doc: Document | None = None) -> tuple[UnitTypeIndex, list[UnitTypePage]]:
    """Per unit type: every article that concerns it, with its title and what it asks of that type
    (the rules' duties for the type; where there is no rule, the sentence that names the type)."""
    from generator.model.rules import KINDS

    rules = project.rules_for(doc.id) if doc is not None else None
    sentences = {s.id: s.text for s in doc.sentences()} if doc is not None else {}
    pages, index = [], []
    for utype in project.vocabulary.unit_types if project.vocabulary else []:
        path = links.unit_type_page(utype.code)
        asks: dict[int, list[Ask]] = {}
        for rule in rules.rules if rules else ():
            if utype.name in rule.unit_types:
                ask = Ask(rule.duty, True, "" if rule.kind == "task" else KINDS[rule.kind], links.sentence_link(path, rule.sentence))
                if ask.text not in {a.text for a in asks.get(rule.article, [])}:
                    asks.setdefault(rule.article, []).append(ask)
        for a in ann.articles:
            for note in a.unit_types:
                if note.unit_type == utype.name and a.article not in asks:
                    text = sentences.get(note.sentence) or note.quote or ""
                    asks.setdefault(a.article, [])
                    if text and text not in {x.text for x in asks[a.article]}:
                        asks[a.article].append(Ask(text, False, "", links.sentence_link(path, note.sentence)))
        articles = tuple(
            TypeArticle(link(_article_label(doc, n), path, links.article_page(n)), tuple(asks[n]))
            for n in sorted(asks) if doc is None or doc.article(n)
        )
        intro = (f"通知中涉及「{utype.name}」（{utype.description or utype.group}）的条款，以及每条对{utype.name}的要求。"
                 "标“概括”的是编写组对要求的概括，其余是通知原文；均以原文为准，点出处可看原句。")
        pages.append(UnitTypePage(path, f"{utype.name}：相关条款", utype.name, intro, articles))
        index.append((link(utype.name, links.UNIT_TYPES, path), utype.description or "", len(articles)))
    return UnitTypeIndex(links.UNIT_TYPES, tuple(index)), pages


def _article_label(doc: Document | None, number: int) -> str:
    article = doc.article(number) if doc is not None else None
    return f"第{number}条 {article_title(article)}" if article else f"第{number}条"


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
