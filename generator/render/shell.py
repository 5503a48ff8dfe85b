"""The handbook's own page frame (header, search box, colours, menu) around
pages written without mkdocs.

Unit pages are far too many to go through mkdocs one by one, yet they must
look and work like the rest of the site. mkdocs renders one small hidden page,
`units/_shell.md`, in the site's theme; its HTML is cut here into the frame
around the content. The navigation menu, the same on every page and the
largest part of the frame, goes once into `units/_nav.js`, which each page
loads (a plain script, so it works from file:// too).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from markupsafe import escape

from generator.errors import HandbookError

SHELL_PAGE = "units/_shell.md"  # "_" cannot start a unit id, so no unit page can take its place
SHELL_HTML = "units/_shell.html"
SHELL_TITLE = "单位页面"
NAV_SCRIPT = "units/_nav.js"  # beside the frame; "_" cannot start a unit id
EXTRA_CSS = "../assets/stylesheets/units.css"
_CONTENT_OPEN = '<article class="md-content__inner md-typeset">'
_NAV_OPEN = '<nav class="md-nav md-nav--primary"'
_TITLE, _CONTENT = "\x00title\x00", "\x00content\x00"


class ShellMissing(HandbookError):
    pass


@dataclass(frozen=True)
class PageShell:
    parts: tuple[str, ...]  # text, with _TITLE and _CONTENT markers as their own parts
    nav: str  # the menu's HTML

    @classmethod
    def from_site(cls, site_dir: Path) -> "PageShell":
        path = site_dir / SHELL_HTML
        if not path.exists():
            raise ShellMissing(f"网站中缺少单位页面的版式 {SHELL_HTML}：请先生成网站（handbook build）")
        return cls.parse(path.read_text(encoding="utf-8"))

    @classmethod
    def parse(cls, html: str) -> "PageShell":
        main = html.find("<main")
        start = html.find(_CONTENT_OPEN)
        if main < 0 or start < 0:
            raise ShellMissing("单位页面的版式与预期不同（找不到正文区域）：请核对 generator/render/shell.py")
        head = html[:main].replace(SHELL_TITLE, _TITLE).replace("</head>", f'<link rel="stylesheet" href="{EXTRA_CSS}">\n</head>', 1)
        body = html[main:]
        nav, body = _cut_nav(body)
        inner = body.find(_CONTENT_OPEN) + len(_CONTENT_OPEN)
        close = body.find("</article>", inner)
        frame = _compact(head + body[:inner]) + _CONTENT + _compact(body[close:])
        return cls(tuple(p for p in re.split(f"({_TITLE}|{_CONTENT})", frame) if p), nav)

    def render(self, title: str, content: str) -> str:
        safe_title = str(escape(title))
        return "".join(safe_title if p == _TITLE else content if p == _CONTENT else p for p in self.parts)

    def nav_script(self) -> str:
        """units/_nav.js: puts the menu where its <script> tag stands, before the theme's script runs."""
        return ("// 手册的导航菜单（由 handbook build 生成）：各单位页面共用，插在本脚本所在位置。\n"
                f"document.currentScript.insertAdjacentHTML(\"beforebegin\", {json.dumps(self.nav, ensure_ascii=False)});\n")


def _cut_nav(body: str) -> tuple[str, str]:
    """The primary navigation (matched <nav> tags), and the body with a script tag in its place."""
    start = body.find(_NAV_OPEN)
    if start < 0:
        raise ShellMissing("单位页面的版式与预期不同（找不到导航菜单）：请核对 generator/render/shell.py")
    depth, at = 0, start
    for match in re.finditer(r"<nav\b|</nav>", body[start:]):
        depth += 1 if match.group(0) == "<nav" else -1
        if depth == 0:
            at = start + match.end()
            break
    else:
        raise ShellMissing("单位页面的版式与预期不同（导航菜单不完整）")
    # every page set in the frame sits one folder deep (units/, counties/), like the frame itself
    return _compact(body[start:at]), body[:start] + f'<script src="../{NAV_SCRIPT}"></script>' + body[at:]


def _compact(html: str) -> str:
    """Indentation and blank lines out: the frame is repeated on every unit page (no <pre> in it)."""
    return "\n".join(line.strip() for line in html.splitlines() if line.strip())
