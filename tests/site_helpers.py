"""Helpers shared by the site tests: build once per session, read HTML."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class LinkCollector(HTMLParser):
    """Every id, href and src in a page; links only the handbook service answers
    (inside an element marked data-hb-served) apart, in `served_refs`."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.refs: list[str] = []
        self.served_refs: list[str] = []
        self.open: list[bool] = []  # per open element: inside a served-only region

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        served = "data-hb-served" in attrs or (bool(self.open) and self.open[-1])
        if tag not in VOID:
            self.open.append(served)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for key in ("href", "src"):
            if attrs.get(key):
                (self.served_refs if served else self.refs).append(attrs[key])

    def handle_endtag(self, tag):
        if tag not in VOID and self.open:
            self.open.pop()


def parse(path: Path) -> LinkCollector:
    collector = LinkCollector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", html, flags=re.S)
    text = re.sub(r"<[^>]+>", "", html)
    from html import unescape

    return unescape(text)


def tree_digest(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
