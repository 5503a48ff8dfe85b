"""The handbook's own page frame (header, search box, colours, menu) around
pages written without mkdocs.

Unit pages are far too many to go through mkdocs one by one, and the pages
that depend on unit data (units index, dashboards) must not need the mkdocs
build; yet they must look and work like the rest of the site. mkdocs renders
one small hidden page, `units/_shell.md`, in the site's theme; its HTML is cut
here into the frame around the content. A page in another folder gets the
frame with its links re-based (`PageShell.moved`). The navigation menu, the
same on every page and the largest part of the frame, goes once into
`units/_nav.js`, which each page loads (a plain script, so it works from
file:// too): it resolves the menu's links against its own address, so one
script serves pages at any depth, and marks the page the reader is on.
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from markupsafe import escape

from generator.errors import HandbookError

SHELL_PAGE = "units/_shell.md"  # "_" cannot start a unit id, so no unit page can take its place
SHELL_HTML = "units/_shell.html"
SHELL_FOLDER = "units"
SHELL_TITLE = "单位页面"
NAV_SCRIPT = "units/_nav.js"  # beside the frame; "_" cannot start a unit id
EXTRA_CSS = "../assets/stylesheets/units.css"
_CONTENT_OPEN = '<article class="md-content__inner md-typeset">'
_NAV_OPEN = '<nav class="md-nav md-nav--primary"'
_TITLE, _CONTENT = "\x00title\x00", "\x00content\x00"
_URL_ATTRIBUTE = re.compile(r'(\s(?:href|src)=")([^"]*)(")')


class ShellMissing(HandbookError):
    pass


@dataclass(frozen=True)
class PageShell:
    parts: tuple[str, ...]  # text, with _TITLE and _CONTENT markers as their own parts
    nav: str  # the menu's HTML
    folder: str = SHELL_FOLDER  # the folder the frame's relative links start from

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

    def moved(self, page: str) -> "PageShell":
        """The frame for the page at `page` (a path in the site): its relative links re-based."""
        folder = posixpath.dirname(page)
        if folder == self.folder:
            return self
        parts = tuple(p if p in (_TITLE, _CONTENT) else _rebase(p, self.folder, folder) for p in self.parts)
        return PageShell(parts, self.nav, folder)

    def render(self, title: str, content: str) -> str:
        safe_title = str(escape(title))
        return "".join(safe_title if p == _TITLE else content if p == _CONTENT else p for p in self.parts)

    def nav_script(self) -> str:
        """units/_nav.js: puts the menu where its <script> tag stands, before the theme's script runs.

        The menu's links are relative to units/; they are resolved against the
        script's own address, so pages in any folder share the one script. The
        link to the page the reader is on is marked, and its branch opened."""
        return ("// 手册的导航菜单：不经 mkdocs 生成的各页共用，插在本脚本所在位置。\n"
                "(function (script) {\n"
                "  var here = location.href.split(\"#\")[0];\n"
                "  var menu = document.createElement(\"template\");\n"
                f"  menu.innerHTML = {json.dumps(self.nav, ensure_ascii=False)};\n"
                "  menu.content.querySelectorAll(\"a[href]\").forEach(function (a) {\n"
                "    var url = new URL(a.getAttribute(\"href\"), script.src).href;\n"
                "    a.setAttribute(\"href\", url);\n"
                "    if (url.split(\"#\")[0] !== here) { return; }\n"
                "    a.classList.add(\"md-nav__link--active\");\n"
                "    for (var item = a.closest(\"li\"); item; item = item.parentElement.closest(\"li\")) {\n"
                "      item.classList.add(\"md-nav__item--active\");\n"
                "      var toggle = item.querySelector(\":scope > input.md-nav__toggle\");\n"
                "      if (toggle) { toggle.checked = true; }\n"
                "    }\n"
                "  });\n"
                "  script.parentNode.insertBefore(menu.content, script);\n"
                "})(document.currentScript);\n")


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


def _rebase(html: str, old: str, new: str) -> str:
    """Relative href/src values written for a page in folder `old`, rewritten for one in `new`."""
    def move(match: re.Match) -> str:
        url = match.group(2)
        if not url or url.startswith(("#", "/", "data:", "mailto:")) or re.match(r"^[a-z][a-z0-9+.-]*:", url):
            return match.group(0)
        path, tail = re.match(r"([^?#]*)(.*)", url, re.S).groups()
        if not path:
            return match.group(0)
        moved = posixpath.relpath(posixpath.normpath(posixpath.join(old, path)), new or ".")
        moved += "/" if path.endswith("/") and not moved.endswith("/") else ""
        return f"{match.group(1)}{moved}{tail}{match.group(3)}"

    return _URL_ATTRIBUTE.sub(move, html)


def _compact(html: str) -> str:
    """Indentation and blank lines out: the frame is repeated on every unit page (no <pre> in it)."""
    return "\n".join(line.strip() for line in html.splitlines() if line.strip())
