"""The handbook site: Markdown pages from templates, then mkdocs-material.

`write_pages` turns view data into Markdown (plus downloads and assets) in a
staging folder; `build_site` runs `mkdocs build --strict` on it, then writes
the data of the site's own search box (site_search.py) and checks that every
page has the box.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import shutil
from pathlib import Path

import yaml

from generator.errors import HandbookError
from generator.model.site_config import SiteConfig
from generator.output import write_text
from generator.project import Project
from generator.render.calendar import calendar_bytes
from generator.render.overview import overview_paths
from generator.render.shell import SHELL_PAGE
from generator.render.site_search import SCRIPT as SEARCH_SCRIPT, STYLESHEET as SEARCH_STYLESHEET

# shows what only `handbook serve` can give (filled forms made on request) when the page comes from it
SERVED_SCRIPT = "assets/javascripts/served.js"
from generator.render.templating import environment, html_text, refuse_links, render_template
from generator.source import document_text
from generator.views import links
from generator.views.policy import annotations_or_empty
from generator.views.site import SiteViews

TEMPLATES = Path(__file__).resolve().parents[2] / "site_templates"


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
    if views.overview is not None:  # the units index, dashboards and unit pages are set in this frame (render/shell.py)
        pages.append((SHELL_PAGE, "unit_shell.md.j2", {}))
    pages += [(p.path, "unit_type.md.j2", {"page": p}) for p in views.unit_types]
    if views.coverage is not None:
        pages.append((views.coverage.path, "coverage.md.j2", {"page": views.coverage}))
    if views.library is not None:
        pages.append((views.library.page.path, "library.md.j2", {"page": views.library.page}))
        for d in views.library.documents:
            pages += [(d.contents.path, "library_contents.md.j2", {"page": d.contents}),
                      (d.text.path, "library_text.md.j2", {"page": d.text}),
                      (d.printable.path, "library_text.md.j2", {"page": d.printable})]
    written = [write_text(docs_dir / path, render_template(env, template, **ctx)) for path, template, ctx in pages]
    doc = views.document
    written.append(write_text(docs_dir / links.SOURCE_TXT.format(doc=doc.id), document_text(doc) + "\n"))
    for d in views.library.documents if views.library else ():
        written.append(write_text(docs_dir / d.source_path, document_text(d.document) + "\n"))
    ics = docs_dir / links.CALENDAR_ICS
    ics.write_bytes(calendar_bytes(doc, annotations_or_empty(project, doc)))
    written.append(ics)
    refuse_links(TEMPLATES)
    shutil.copytree(TEMPLATES / "assets", docs_dir / "assets", dirs_exist_ok=True)
    return written


def build_site(project: Project, views: SiteViews, staging: Path, out_dir: Path) -> None:
    """Write the pages under `staging` and build the site into `out_dir` with mkdocs. The pages
    written without mkdocs (units index and dashboards: render/overview.py; unit pages:
    render/units.py) and the search data (site_search.py) are stages of their own."""
    docs_dir = staging / "pages"
    write_pages(project, views, docs_dir)
    written_later = overview_paths(views.overview) if views.overview else []
    _run_mkdocs(site_config(project), docs_dir, out_dir, html_nav(views.nav()), views.document, written_later)
    check_search_box(out_dir)


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


def _run_mkdocs(settings: dict, docs_dir: Path, site_dir: Path, nav: list, doc, written_later: list[str] = ()) -> None:
    """`written_later`: pages the nav links to that are written after mkdocs (render/overview.py)."""
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
        _nav_links_written_later(config, nav, written_later)
        use_handbook_search(config)
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


def _nav_links_written_later(config, nav: list, written_later: list[str]) -> None:
    """mkdocs takes a nav entry that is not one of its pages for a link and, strictly, for a mistake.
    The nav is made by the build, never by staff: its only such entries are the pages written
    after mkdocs; that is checked here, and the warning is then only information."""
    def targets(items: list) -> list[str]:
        return [t for item in items for value in item.values() for t in (targets(value) if isinstance(value, list) else [value])]

    others = [t for t in targets(nav) if not t.endswith(".md") and t not in written_later]
    if others:
        raise SiteBuildFailed(f"网站目录中有不存在的页面：{'、'.join(others[:5])}")
    if written_later:
        config.validation.nav.not_found = logging.INFO


def use_handbook_search(config) -> None:
    """Every page gets the handbook's search box (a script and a stylesheet; like the
    nav, part of the build rather than of the editable config). The search and
    offline plugins an older mkdocs.yml may still list only serve mkdocs-material's
    own, weaker box (offline would even fetch a script from a CDN): they are switched off."""
    for name, plugin in config.plugins.items():
        if name.endswith(("search", "offline")):
            if not hasattr(plugin.config, "enabled"):
                raise SiteBuildFailed(f"mkdocs.yml 中的 {name} 插件无法关闭：手册网站使用自己的检索，请从 plugins 中删除它")
            plugin.config.enabled = False
    for script in (SEARCH_SCRIPT, SERVED_SCRIPT):
        if script not in [str(s) for s in config.extra_javascript]:
            config.extra_javascript.append(script)
    if SEARCH_STYLESHEET not in [str(s) for s in config.extra_css]:
        config.extra_css.append(SEARCH_STYLESHEET)


class _WarningCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def check_search_box(site_dir: Path) -> None:
    """Fail the build if the pages would show no working search box."""
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    missing = [p for p in (SEARCH_SCRIPT, SEARCH_STYLESHEET) if p not in home or not (site_dir / p).is_file()]
    if missing:
        raise SiteBuildFailed(f"网站检索不完整，缺少：{'、'.join(missing)}（请检查 site_templates/assets 和 mkdocs.yml 的主题设置）")
