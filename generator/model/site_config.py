"""mkdocs.yml as the handbook allows it: an allow-list, not a deny-list.

mkdocs can run code from its configuration in many ways: `hooks:` (Python
files), `INHERIT:` (another file, unchecked), plugins and Markdown extensions
(any importable module), the theme's `custom_dir` (Jinja templates outside
our sandbox), YAML tags (`!!python/…`, `!ENV`, `%TAG` directives). The file is
read with the project's safe YAML reader (no tags at all) and must fit this
model exactly: only the built-in plugins and extensions the site uses, local
assets only, nothing that makes the browser request another site. mkdocs then
receives the validated data, never the file.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, Union

from pydantic import AfterValidator, Field, StrictBool

from generator.model.base import Model, Name, Note

FEATURES = Literal[
    "announce.dismiss", "content.code.annotate", "content.code.copy", "content.code.select", "content.footnote.tooltips",
    "content.lazy", "content.tabs.link", "content.tooltips", "header.autohide", "navigation.expand",
    "navigation.footer", "navigation.indexes", "navigation.instant", "navigation.instant.prefetch",
    "navigation.instant.preview", "navigation.instant.progress", "navigation.path", "navigation.prune",
    "navigation.sections", "navigation.tabs", "navigation.tabs.sticky", "navigation.top", "navigation.tracking",
    "search.highlight", "search.share", "search.suggest", "toc.follow", "toc.integrate",
]
# Built-in Python-Markdown and pymdownx extensions that read no file and run no user code.
EXTENSIONS = frozenset({
    "abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables", "toc", "sane_lists",
    "pymdownx.betterem", "pymdownx.caret", "pymdownx.critic", "pymdownx.details", "pymdownx.inlinehilite",
    "pymdownx.keys", "pymdownx.mark", "pymdownx.smartsymbols", "pymdownx.superfences", "pymdownx.tabbed",
    "pymdownx.tasklist", "pymdownx.tilde",
})
# Scripts, styles and images the site loads come from site_templates/assets/ only: a
# generated file (the notice's text in downloads/, a page) must never be loaded as code.
_ASSET_PATH = re.compile(r"^assets/(?!.*(?:^|/)\.\.?(?:/|$))[\w./-]{1,200}$")
_OPTION_VALUE = Union[StrictBool, int, float, Annotated[str, Field(max_length=200)]]


def _asset(*suffixes: str):
    def check(value: str) -> str:
        if not _ASSET_PATH.match(value) or not value.endswith(suffixes):
            raise ValueError(f"「{value}」应为 assets/ 下的{'、'.join(suffixes)}文件（如 assets/javascripts/x.js）：不能是网址、"
                             "绝对路径、含 .. 的路径或生成的文件")
        return value

    return AfterValidator(check)


Script = Annotated[str, _asset(".js")]
Style = Annotated[str, _asset(".css")]
Image = Annotated[str, _asset(".png", ".svg", ".ico", ".jpg")]


class Palette(Model):
    scheme: Literal["default", "slate"] | None = None
    primary: Annotated[str, Field(pattern=r"^[a-z -]{1,30}$")] | None = None
    accent: Annotated[str, Field(pattern=r"^[a-z -]{1,30}$")] | None = None


class Theme(Model):
    name: Annotated[Literal["material"], Field(title="主题（只能是 material）")]
    language: Literal["zh"] = "zh"
    font: Annotated[Literal[False], Field(title="字体（必须为 false：不从外网加载字体）")] = False
    features: list[FEATURES] = []
    palette: Palette | list[Palette] | None = None
    logo: Image | None = None
    favicon: Image | None = None


class SearchOptions(Model):
    lang: Literal["zh"] = "zh"
    separator: Annotated[str, Field(max_length=300)] | None = None
    pipeline: list[Literal["stemmer", "stopWordFilter", "trimmer"]] | None = None


class Extra(Model):
    polyfills: list[Script] = []
    generator: StrictBool = False


def _plugin(value: Any) -> Any:
    allowed = {"search", "offline"}
    name = value if isinstance(value, str) else next(iter(value), None) if isinstance(value, dict) and len(value) == 1 else None
    if name not in allowed:
        raise ValueError(f"只允许内置插件 {'、'.join(sorted(allowed))}（插件可执行任意代码），不允许「{name or value}」")
    if isinstance(value, dict) and name == "search" and value["search"] is not None:
        SearchOptions.model_validate(value["search"])
    elif isinstance(value, dict) and value[name] not in (None, {}):
        raise ValueError(f"插件「{name}」不接受选项")
    return value


def _extension(value: Any) -> Any:
    name = value if isinstance(value, str) else next(iter(value), None) if isinstance(value, dict) and len(value) == 1 else None
    if name not in EXTENSIONS:
        raise ValueError(f"不允许的 Markdown 扩展「{name or value}」：只允许 {'、'.join(sorted(EXTENSIONS))}")
    if isinstance(value, dict) and value[name] is not None:
        options = value[name]
        if not isinstance(options, dict) or not all(isinstance(v, (bool, int, float, str)) and len(str(v)) <= 200
                                                    and not re.search(r"[<>&]", str(v)) for v in options.values()):
            raise ValueError(f"Markdown 扩展「{name}」的选项只能是简单的文字、数字或是/否（不能含 < > &：有些选项原样写进网页）")
    return value


class SiteConfig(Model):
    """Keys mkdocs knows but the handbook refuses are simply absent (extra="forbid"):
    hooks, INHERIT, theme.custom_dir, repo_url, edit_uri, extra_templates, watch…"""

    site_name: Name
    site_description: Note | None = None
    site_author: Name | None = None
    copyright: Note | None = None
    docs_dir: str | None = None  # replaced by the build's staging folder
    site_dir: str | None = None  # replaced by the output folder
    use_directory_urls: Annotated[Literal[False], Field(title="必须为 false：网站要能从 file:// 打开")] = False
    theme: Theme
    # none is needed (the build adds the site's own search box); search and offline,
    # from older files, are accepted and switched off (render/site.py::use_handbook_search)
    plugins: list[Annotated[Any, AfterValidator(_plugin)]] = []
    extra: Extra = Extra()
    extra_css: list[Style] = []
    extra_javascript: list[Script] = []
    markdown_extensions: list[Annotated[Any, AfterValidator(_extension)]] = []
