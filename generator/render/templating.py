"""The Jinja environment for staff-editable templates: sandboxed, strict, escaped."""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import FileSystemLoader, StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from generator.errors import HandbookError

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#])")


class TemplateFailed(HandbookError):
    pass


def md_escape(value: object) -> str:
    """Escape characters that Markdown would read as formatting in inline text."""
    return _MD_SPECIAL.sub(r"\\\1", str(value))


def environment(folder: Path) -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=FileSystemLoader(str(folder)),
        undefined=StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Markdown heading ids are written {#id}; Jinja comments are {## ... ##}
        comment_start_string="{##",
        comment_end_string="##}",
    )
    env.filters["md"] = md_escape
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": True}
    return env


def render_template(env: SandboxedEnvironment, name: str, **context) -> str:
    try:
        return env.get_template(name).render(**context)
    except TemplateError as exc:
        where = getattr(exc, "filename", None) or name
        line = getattr(exc, "lineno", None)
        raise TemplateFailed(f"模板 {where}{f':{line}' if line else ''} 出错：{exc}") from None
