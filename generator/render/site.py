"""The handbook site: Markdown pages from templates, then mkdocs-material.

`write_pages` turns view data into Markdown (plus downloads and assets) in a
staging folder; `build_site` runs `mkdocs build --strict` on it and checks
that the search index really is segmented into Chinese words.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import os
import re
import shutil
from pathlib import Path

import yaml

from generator.errors import HandbookError
from generator.model.site_config import SiteConfig
from generator.output import write_text
from generator.project import Project
from generator.render.calendar import calendar_bytes
from generator.render.templating import environment, html_text, refuse_links, render_template
from generator.source import document_text
from generator.views import links
from generator.numbers import format_number
from generator.views.policy import COMPARATORS, annotations_or_empty, figure
from generator.views.site import SiteViews

TEMPLATES = Path(__file__).resolve().parents[2] / "site_templates"
_HAN_WORD = re.compile(r"^[\u4e00-\u9fff0-9A-Za-z]+$")


class SiteBuildFailed(HandbookError):
    pass


def write_pages(project: Project, views: SiteViews, docs_dir: Path) -> list[Path]:
    """Render every page and download into `docs_dir`; return the files written."""
    env = environment(TEMPLATES / "pages")
    pages: list[tuple[str, str, dict]] = [
        (links.HOME, "home.md.j2", {"page": views.home}),
        (links.NOTICE, "notice.md.j2", {"page": views.notice}),
        (links.PRINT, "print.md.j2", {"page": views.printable}),
        (links.GLOSSARY, "glossary.md.j2", {"page": views.glossary}),
        (links.INDICATORS, "table_page.md.j2", {"page": views.indicators, "headers": ["指标/用途", "要求/金额", "范围/口径", "期限/出资方"], "extra_link": None}),
        (links.CALENDAR, "table_page.md.j2", {"page": views.calendar, "headers": ["时间", "事项（概括）"], "extra_link": links.link("下载日历文件（.ics）", links.CALENDAR, links.CALENDAR_ICS)}),
        (links.BODIES, "table_page.md.j2", {"page": views.bodies, "headers": ["条款", "职责（概括）"], "extra_link": None}),
        (links.UNIT_TYPES, "unit_types.md.j2", {"page": views.unit_type_index}),
        (links.DOWNLOADS, "downloads.md.j2", {"page": views.downloads}),
        (views.search.path, "advanced_search.md.j2", {"page": views.search}),
    ]
    pages += [(p.path, "article.md.j2", {"page": p}) for p in views.articles]
    if views.training:
        index, modules, quiz = views.training
        pages.append((index.path, "training_index.md.j2", {"page": index}))
        pages += [(m.path, "training_module.md.j2", {"page": m}) for m in modules]
        pages.append((quiz.path, "training_quiz.md.j2", {"page": quiz}))
    if views.units_index is not None:
        pages.append((views.units_index.path, "units_index.md.j2", {"page": views.units_index}))
        pages += [(d.path, "dashboard.md.j2", dashboard_context(d)) for d in views.dashboards]
    pages += [(p.path, "table_page.md.j2", {"page": p, "headers": ["条款", "要点（概括）"], "extra_link": None}) for p in views.unit_types]
    written = [write_text(docs_dir / path, render_template(env, template, **ctx)) for path, template, ctx in pages]
    doc = views.document
    written.append(write_text(docs_dir / links.SOURCE_TXT.format(doc=doc.id), document_text(doc) + "\n"))
    ics = docs_dir / links.CALENDAR_ICS
    ics.write_bytes(calendar_bytes(doc, annotations_or_empty(project, doc)))
    written.append(ics)
    refuse_links(TEMPLATES)
    shutil.copytree(TEMPLATES / "assets", docs_dir / "assets", dirs_exist_ok=True)
    return written


GROUP_ANCHORS = {"晋位升级": "upgrade", "发展党员": "members", "经费保障": "funds", "示范创建": "demonstration", "书记队伍": "secretaries"}


def dashboard_context(page) -> dict:
    from markupsafe import Markup

    from generator.render.charts import bar_chart

    def value(i) -> str:
        return "无数据" if i.value is None else f"{format_number(i.value)}{i.unit}"

    def goal(i) -> str:
        if i.target is None:
            return "—"
        return f"{COMPARATORS[i.target.comparator]}{figure(i.target.value)}{i.unit}"

    def basis(i) -> str:
        article = i.target_article
        return links.link(f"第{article}条", page.path, links.article_page(article), i.target.sentence).md

    charts = {group: Markup(bar_chart(group, list(rows))) for group, rows in page.groups}
    return {"page": page, "charts": charts, "anchors": GROUP_ANCHORS, "value": value, "goal": goal, "basis": basis}


def jieba_user_dictionary(project: Project) -> str:
    """The search engine's dictionary, in jieba's file format, for the site's index."""
    from generator.search.corpus import dictionary_words

    return "".join(f"{w} 100000\n" for w in dictionary_words(project))


def build_site(project: Project, views: SiteViews, staging: Path, out_dir: Path) -> None:
    """Write the pages under `staging` and build the site into `out_dir`."""
    docs_dir = staging / "pages"
    write_pages(project, views, docs_dir)
    user_dict = write_text(staging / "jieba_user_dict.txt", jieba_user_dictionary(project))
    _run_mkdocs(site_config(project), docs_dir, out_dir, user_dict, html_nav(views.nav()), views.document)
    patch_search_worker(out_dir)
    check_search_index(out_dir, project)


def html_nav(nav: list) -> list:
    """mkdocs-material prints navigation titles as raw HTML (menu, header,
    footer, search results): every title is escaped here, once."""
    def entry(item: dict) -> dict:
        return {html_text(title): html_nav(target) if isinstance(target, list) else target for title, target in item.items()}

    return [entry(item) for item in nav]


def site_config(project: Project) -> dict:
    """The validated mkdocs.yml of the project (see generator.model.site_config),
    or the repository's own when the project has none, as plain data."""
    if project.site_configs:
        config = project.site_configs[0]
    else:
        from generator.loading.yamlfile import read_yaml
        from generator.validate import validate_at

        path = TEMPLATES.parent / "mkdocs.yml"
        record, problems = read_yaml("mkdocs.yml", path.read_bytes())
        config, invalid = validate_at(SiteConfig, record, record.data, ()) if record else (None, [])
        if config is None:
            raise SiteBuildFailed(f"仓库自带的 mkdocs.yml 无效：{'；'.join(f.format() for f in problems + invalid)}")
    settings = config.model_dump(mode="json", exclude_none=True)
    for key in ("site_name", "site_description", "site_author", "copyright"):  # printed raw by the theme
        if key in settings:
            settings[key] = html_text(settings[key])
    return settings
    patch_search_worker(out_dir)
    check_search_index(out_dir, project)


# mkdocs-material's search worker splits a Chinese query into words it knows
# from the index, but its loop stops one character short (`o<t.length`), so the
# last word of every query is never matched: "四议两公开" is searched as "四*".
# One character fixes it; if the pinned worker ever changes, the build says so.
SEARCH_WORKER_BUG = "for(let o=s+1;o<t.length;o++)t.slice(s,o)in e"
SEARCH_WORKER_FIX = "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e"


def patch_search_worker(site_dir: Path) -> None:
    workers = sorted((site_dir / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    for worker in workers:
        code = worker.read_text(encoding="utf-8")
        if SEARCH_WORKER_FIX in code:
            continue
        if SEARCH_WORKER_BUG not in code:
            raise SiteBuildFailed(
                f"mkdocs-material 的检索脚本 {worker.name} 与预期不同，无法修补中文查询切分问题："
                "请核对 generator/render/site.py 中的 SEARCH_WORKER_BUG"
            )
        worker.write_text(code.replace(SEARCH_WORKER_BUG, SEARCH_WORKER_FIX, 1), encoding="utf-8")
    if not workers:
        raise SiteBuildFailed("没有找到 mkdocs-material 的检索脚本")


def _run_mkdocs(settings: dict, docs_dir: Path, site_dir: Path, user_dict: Path, nav: list, doc) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    # sitemap dates and gzip headers come from here: same input, same bytes
    # zip and gzip headers cannot hold dates before 1980
    date = max(doc.date, dt.date(1980, 1, 1))
    epoch = dt.datetime(date.year, date.month, date.day, tzinfo=dt.timezone.utc).timestamp()
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(epoch))
    warnings = _WarningCollector()
    logging.getLogger("mkdocs").addHandler(warnings)
    try:
        # mkdocs gets the validated data, never the file: nothing in it is read as YAML tags or includes
        source = io.StringIO(yaml.safe_dump(settings, allow_unicode=True))
        config = load_config(source, docs_dir=str(docs_dir), site_dir=str(site_dir), strict=True)
        config.nav = nav
        logging.getLogger("jieba").setLevel(logging.WARNING)  # jieba sets DEBUG on import
        _search_plugin(config).config.jieba_dict_user = str(user_dict)
        _fresh_jieba()
        build(config)
    except (MkDocsException, SystemExit) as exc:
        detail = "；".join(warnings.messages[:5]) or str(exc)
        raise SiteBuildFailed(f"网站生成失败（mkdocs --strict）：{detail}") from None
    finally:
        logging.getLogger("mkdocs").removeHandler(warnings)
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def _fresh_jieba() -> None:
    """Start from jieba's own dictionary: loading a user dictionary adds to the
    word totals, so a second build in the same process would segment differently."""
    import jieba

    jieba.dt.initialized = False
    jieba.dt.FREQ, jieba.dt.total, jieba.dt.user_word_tag_tab = {}, 0, {}


def _search_plugin(config):
    for name, plugin in config.plugins.items():
        if name.endswith("search"):
            return plugin
    raise SiteBuildFailed("mkdocs.yml 中没有 search 插件：网站将无法检索")


class _WarningCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def check_search_index(site_dir: Path, project: Project) -> dict:
    """Fail the build if jieba did not segment the index (it is silently optional)."""
    path = site_dir / "search" / "search_index.json"
    if not path.exists():
        raise SiteBuildFailed("没有生成检索索引 search/search_index.json")
    index = json.loads(path.read_text(encoding="utf-8"))
    text = " ".join(doc.get("text", "") + " " + doc.get("title", "") for doc in index["docs"])
    tokens = set(re.split(r"[\s\u200b]+", text))
    expected = [t.term for t in project.terms if _HAN_WORD.match(t.term) and t.term in text][:20]
    whole = [t for t in expected if t in tokens]
    if "\u200b" not in text or (expected and len(whole) < len(expected) * 0.8):
        raise SiteBuildFailed(
            "检索索引没有按中文词语切分（需要安装 jieba，并加载术语词典）：网站检索将找不到中文词语。"
            f"术语完整保留 {len(whole)}/{len(expected)} 个"
        )
    return {"documents": len(index["docs"]), "terms_kept_whole": len(whole), "terms_checked": len(expected)}
