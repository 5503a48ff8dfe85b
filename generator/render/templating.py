"""The Jinja environment for staff-editable templates: sandboxed, strict, escaped, bounded.

Page templates (site_templates/pages, units) and the Word templates are edited
by staff, so they are untrusted code. Jinja's sandbox stops attribute escapes;
this module also bounds what a template can cost:

* time: a deadline per render, checked on every call, operator, filter and
  loop over `range` (so a loop nest or a recursive macro stops);
* size: operators and filters that build big values (`**`, `*`, `+`, `%`,
  `center`, `indent`, `format`, …) refuse results beyond MAX_VALUE_CHARS or
  numbers beyond 10^MAX_DIGITS, *before* computing them; a namespace cannot
  hold a bigger value; the whole output is capped at MAX_OUTPUT_CHARS;
* compile time: Jinja folds constant expressions while compiling
  (`{{ 7**999999999 }}` would hang `templates check`); intercepted operators
  and context-passing filters are never folded;
* mutation: lists and dicts of the view data cannot be changed (Jinja's
  immutable sandbox), `lipsum` is gone, `range` is bounded.

Errors, the sandbox's included, become `TemplateFailed` naming the template
and line. Real templates stay far from every limit: the largest page renders
in milliseconds to about 200 KB.
"""

from __future__ import annotations

import json
import math
import re
import signal
import threading
import time
import traceback
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from jinja2 import FileSystemLoader, StrictUndefined, TemplateError, TemplateNotFound, pass_context
from jinja2.compiler import CodeGenerator
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Namespace
from markupsafe import Markup, escape

from generator.errors import HandbookError

SECONDS_PER_RENDER = 10.0
MAX_OUTPUT_CHARS = 20_000_000
MAX_VALUE_CHARS = 1_000_000
MAX_DIGITS = 400
MAX_RANGE = 100_000
RANGE_BUDGET = 2_000_000  # items all `range` calls of one render may produce
MAX_SIZE_ARGUMENT = 10_000  # widths, counts and indents given to filters and string methods
_FORMAT_WIDTH = re.compile(r"%[#0\- +]*(\d+|\*)|\{[^{}]*:[^{}]*?(\d{5,})")

# Everything Markdown (with attr_list and admonitions) could read as syntax.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#!(){}~<>&])")
# every character Python-Markdown (or a browser) may take as the end of a line
_LINE_BREAKS = re.compile("\r\n|[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


class TemplateFailed(HandbookError):
    pass


class TemplateLimit(Exception):
    """A template went beyond a bound; reported as a TemplateFailed with its line."""


def md_escape(value: object) -> Markup:
    """Text for a Markdown context: Markdown syntax escaped, then HTML escaped.

    Backslash escapes are what Python-Markdown undoes; `<`, `>`, `&` are also
    HTML-escaped so nothing a staff member types becomes a tag or a link. Line
    breaks become spaces: at the start of a line Markdown reads `===`, `-`,
    `1.` or four spaces as a heading, a list or code, so a value stays inline.
    """
    text = _LINE_BREAKS.sub(" ", str(value))
    text = _MD_SPECIAL.sub(lambda m: m.group(1) if m.group(1) in "<>&" else "\\" + m.group(1), text)
    return Markup(escape(text))


def html_text(value: object) -> str:
    """The one escaping of text for HTML: what every other path builds on."""
    return str(escape(str(value)))


def front_matter_text(value: object) -> Markup:
    """A page title for the Markdown front matter: mkdocs-material prints
    `page.meta.title` into <title> and the header without escaping, so the
    value is HTML-escaped first, then quoted as a YAML (JSON) string."""
    return Markup(json.dumps(html_text(value), ensure_ascii=False))


def one_line(value: Any) -> Any:
    """Every plain value a page template prints stays on one line: in Markdown a line
    break can end a raw-HTML block or a table row and start a heading or code.
    (Values that are already Markup, from `md` or the macros, were made line-safe there.)"""
    if isinstance(value, str) and not isinstance(value, Markup):
        return _LINE_BREAKS.sub(" ", value)
    return value


def code_block(value: object) -> Markup:
    """Text for inside a fenced code block, where Markdown escapes by itself."""
    return Markup(_LINE_BREAKS.sub(" ", str(value)).replace("`", "'"))


class _Budget(threading.local):
    deadline: float = math.inf
    range_left: int = RANGE_BUDGET


_budget = _Budget()


def _tick() -> None:
    if time.monotonic() > _budget.deadline:
        raise TemplateLimit(f"模板运行超过 {SECONDS_PER_RENDER:.0f} 秒（可能是循环过多或宏无限递归）")


def _size(value: Any) -> int:
    return len(value) if isinstance(value, (str, list, tuple, dict)) else 0


def _digits(number: Any) -> float:
    if isinstance(number, bool) or not isinstance(number, (int, float)) or number == 0:
        return 0.0
    return math.log10(abs(number)) if math.isfinite(number) else math.inf


def _check_value(value: Any) -> Any:
    if _size(value) > MAX_VALUE_CHARS:
        raise TemplateLimit(f"模板生成的值过大（超过 {MAX_VALUE_CHARS} 个字符或项）")
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > MAX_DIGITS * 3.33:
        raise TemplateLimit(f"模板中的数字过大（超过 {MAX_DIGITS} 位）")
    return value


# Filters and string methods whose result grows with an argument: checked before they run.
_WIDTH_TAKING = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs", "indent", "wordwrap", "truncate",
                           "batch", "slice", "do_center", "do_indent", "do_wordwrap", "do_truncate", "do_batch", "do_slice"})


def _check_growth(name: str, value: Any, args: tuple, kwargs: dict) -> None:
    """Refuse, before running it, an operation whose result would be too big."""
    name = name.removeprefix("sync_")
    if name in _WIDTH_TAKING:
        for arg in (*args, *kwargs.values()):
            if isinstance(arg, int) and not isinstance(arg, bool) and abs(arg) > MAX_SIZE_ARGUMENT:
                raise TemplateLimit(f"模板中的宽度或次数 {arg} 过大（最多 {MAX_SIZE_ARGUMENT}）")
    if name in ("format", "format_map", "do_format") and isinstance(value, str):
        _check_formatting(value, args, kwargs)
    if name in ("replace", "do_replace") and isinstance(value, str) and len(args) >= 2:
        old, new = str(args[0]), str(args[1])
        if (value.count(old) if old else len(value) + 1) * len(new) > MAX_VALUE_CHARS:
            raise TemplateLimit(f"模板中替换后的文字过长（超过 {MAX_VALUE_CHARS} 个字符）")
    if name in ("join", "do_join", "sync_do_join"):
        separator, items = (value, args[0]) if isinstance(value, str) and args else (args[0] if args else "", value)
        if isinstance(items, (list, tuple, str)):
            total = sum(len(str(item)) for item in items) + len(str(separator)) * max(len(items) - 1, 0)
            if total > MAX_VALUE_CHARS:
                raise TemplateLimit(f"模板中连接后的文字过长（超过 {MAX_VALUE_CHARS} 个字符）")


def _check_formatting(template: str, args: tuple, kwargs: dict) -> None:
    """`%`, `format` and `str.format` make text as long as the widths and values they
    are given, as often as the template names them: estimate before running."""
    if _format_too_wide(template):
        raise TemplateLimit("模板中的格式宽度过大")
    values = [*args, *kwargs.values()]
    for inner in list(values):
        if isinstance(inner, dict):
            values += list(inner.values())
        elif isinstance(inner, (list, tuple)):
            values += list(inner)
    dynamic_width = "*" in template or re.search(r"\{[^{}]*:[^{}]*\{", template)
    if dynamic_width and any(isinstance(v, int) and not isinstance(v, bool) and abs(v) > MAX_SIZE_ARGUMENT for v in values):
        raise TemplateLimit("模板中的格式宽度过大")
    longest = max((len(str(v)) for v in values), default=0)
    if len(template) + (template.count("%") + template.count("{")) * longest > MAX_VALUE_CHARS:
        raise TemplateLimit(f"模板中格式化后的文字过长（超过 {MAX_VALUE_CHARS} 个字符）")


def _format_too_wide(text: str) -> bool:
    return any(int(m.group(1) if m.group(1) and m.group(1) != "*" else m.group(2) or 0) > MAX_SIZE_ARGUMENT
               for m in _FORMAT_WIDTH.finditer(text))


class BoundedNamespace(Namespace):
    """`namespace()` whose attributes cannot be made to grow without bound."""

    def __setitem__(self, name: str, value: Any) -> None:
        _tick()
        super().__setitem__(name, _check_value(value))


def _bounded_range(*args: int) -> Iterator[int]:
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise TemplateLimit(f"range 最多 {MAX_RANGE} 项")
    if len(numbers) > _budget.range_left:
        raise TemplateLimit(f"模板中的循环总次数过多（超过 {RANGE_BUDGET}）")
    _budget.range_left -= len(numbers)
    return _ticking(numbers)


def _ticking(numbers: range) -> Iterator[int]:
    for i, n in enumerate(numbers):
        if i % 1000 == 0:
            _tick()
        yield n


def _bounded_filter(func):
    """A filter that checks its arguments and result, and is never run at compile time."""

    @pass_context
    def bounded(context, value, *args, **kwargs):
        _tick()
        _check_growth(func.__name__, value, args, kwargs)
        inner = getattr(func, "jinja_pass_arg", None)
        if inner is not None and inner.name == "context":
            result = func(context, value, *args, **kwargs)
        elif inner is not None and inner.name == "eval_context":
            result = func(context.eval_ctx, value, *args, **kwargs)
        elif inner is not None and inner.name == "environment":
            result = func(context.environment, value, *args, **kwargs)
        else:
            result = func(value, *args, **kwargs)
        return _check_value(result)

    bounded.__name__ = func.__name__
    return bounded


class _BoundedCodeGenerator(CodeGenerator):
    """`a ~ b` compiles to a plain join that no sandbox hook sees: check its result."""

    def visit_Concat(self, node, frame) -> None:
        self.write("environment.checked_value(")
        super().visit_Concat(node, frame)
        self.write(")")


class HandbookSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with bounds, and its per-access safety decision remembered.

    The base decision depends only on the object's type and the attribute name
    (`_`-prefixed names and interpreter internals are refused), so caching it
    by (type, name) changes nothing but the cost: a third of the time of
    rendering 20,000 unit pages.
    """

    intercepted_binops = frozenset({"**", "*", "+", "%", "//", "/"})
    code_generator_class = _BoundedCodeGenerator
    checked_value = staticmethod(lambda value: _check_value(value))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._decisions: dict[tuple[type, str], bool] = {}
        self.globals.pop("lipsum", None)
        self.globals["range"] = _bounded_range
        self.globals["namespace"] = BoundedNamespace
        self.filters = {name: _bounded_filter(func) for name, func in self.filters.items()}

    def is_safe_attribute(self, obj, attr, value) -> bool:
        key = (type(obj), attr)
        decision = self._decisions.get(key)
        if decision is None:
            decision = self._decisions[key] = super().is_safe_attribute(obj, attr, value)
        return decision

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        _tick()
        if operator == "**" and _digits(left) * (right if isinstance(right, (int, float)) and not isinstance(right, bool) else 0) > MAX_DIGITS:
            raise TemplateLimit(f"模板中的幂运算结果过大（超过 {MAX_DIGITS} 位）")
        if operator == "*":
            count = right if _size(left) else left if _size(right) else None
            if isinstance(count, int) and count * max(_size(left), _size(right)) > MAX_VALUE_CHARS:
                raise TemplateLimit(f"模板中重复的文字过长（超过 {MAX_VALUE_CHARS} 个字符）")
            if _digits(left) + _digits(right) > MAX_DIGITS:
                raise TemplateLimit(f"模板中的数字过大（超过 {MAX_DIGITS} 位）")
        if operator == "+" and _size(left) + _size(right) > MAX_VALUE_CHARS:
            raise TemplateLimit(f"模板生成的值过大（超过 {MAX_VALUE_CHARS} 个字符或项）")
        if operator == "%" and isinstance(left, str):
            _check_formatting(left, right if isinstance(right, tuple) else (right,), {})
        return _check_value(super().call_binop(context, operator, left, right))

    def wrap_str_format(self, value):
        """`"{:>99999999}".format(x)` reaches Jinja's own formatter: check the widths first."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        template = str(value.__self__)

        def checked(*args, **kwargs):
            _check_formatting(template, args, kwargs)
            return wrapped(*args, **kwargs)

        return checked

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's signature)
        _tick()
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, (str, list, tuple)):
            _check_growth(getattr(__obj, "__name__", ""), owner, args, kwargs)
        return _check_value(super().call(__context, __obj, *args, **kwargs))


class TemplateFolder(FileSystemLoader):
    """Templates (*.j2) inside one folder, never through a link: a template or
    an include cannot read another file of the machine into a page."""

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder), followlinks=False)
        self.folder = folder.resolve()

    def get_source(self, environment, template):
        path = self.folder / template
        if not template.endswith(".j2") or _through_link(self.folder, path):
            raise TemplateNotFound(f"{template}（只能使用模板目录中的 .j2 文件，不能是链接）")
        return super().get_source(environment, template)


def _through_link(folder: Path, path: Path) -> bool:
    current = path
    while current != folder and folder in current.parents:
        if current.is_symlink():
            return True
        current = current.parent
    return not path.resolve().is_relative_to(folder)


def refuse_links(folder: Path) -> None:
    """Templates and assets are published: a link among them would publish whatever
    it points to on the build machine."""
    links = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_symlink())
    if links:
        raise TemplateFailed(f"{folder.name}/ 中有链接（快捷方式），已拒绝生成：{'、'.join(links[:5])}。请换成文件本身")


def environment(folder: Path | None = None, **options) -> HandbookSandbox:
    """The sandbox for page templates (`folder`) or for Word XML (no folder, no includes)."""
    settings = dict(
        finalize=one_line,
        undefined=StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Markdown heading ids are written {#id}; Jinja comments are {## ... ##}
        comment_start_string="{##",
        comment_end_string="##}",
    )
    settings.update(options)
    env = HandbookSandbox(loader=TemplateFolder(folder) if folder else None, **settings)
    env.filters["md"] = md_escape
    env.filters["meta_title"] = front_matter_text
    env.filters["code"] = code_block
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": True}
    return env


def render(template, context: dict, name: str | None = None, line_label: str = "行") -> str:
    """Render within the time, size and output bounds; every failure located."""
    name = name or template.name or "模板"
    _budget.deadline = time.monotonic() + SECONDS_PER_RENDER
    _budget.range_left = RANGE_BUDGET
    parts: list[str] = []
    size = 0
    try:
        with _alarm(SECONDS_PER_RENDER + 1):
            for part in template.generate(context):
                size += len(part)
                if size > MAX_OUTPUT_CHARS:
                    raise TemplateLimit(f"模板输出过长（超过 {MAX_OUTPUT_CHARS} 个字符）")
                parts.append(part)
    except (TemplateError, TemplateLimit, ArithmeticError, ValueError, TypeError, LookupError, RecursionError, MemoryError) as exc:
        raise TemplateFailed(f"模板 {name}{_line(exc, template, line_label)} 出错：{_reason(exc)}") from None
    finally:
        _budget.deadline = math.inf
    return "".join(parts)


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """The deadline for what calls no hook: a loop over a long string or list.

    A signal interrupts pure-Python loops; only the main thread receives it,
    which is where builds render (the service renders nothing)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum, frame):
        raise TemplateLimit(f"模板运行超过 {SECONDS_PER_RENDER:.0f} 秒（可能是循环过多或宏无限递归）")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def compile_template(env: HandbookSandbox, source: str, name: str, line_label: str = "行"):
    try:
        return env.from_string(source)
    except (TemplateError, RecursionError) as exc:  # deep nesting overflows Jinja's parser
        raise TemplateFailed(f"模板 {name}{_line(exc, None, line_label)} 有语法错误：{_reason(exc)}") from None


def load_template(env: HandbookSandbox, name: str):
    try:
        return env.get_template(name)
    except (TemplateError, RecursionError) as exc:
        raise TemplateFailed(f"模板 {getattr(exc, 'filename', None) or name}{_line(exc, None)} 出错：{_reason(exc)}") from None


def _line(exc: BaseException, template, label: str = "行") -> str:
    line = getattr(exc, "lineno", None)
    if line is None and template is not None:
        # Jinja rewrites tracebacks so that template frames carry the template's lines
        wanted = {template.filename or "<template>", "<template>"}
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename in wanted]
        line = frames[-1].lineno if frames else None
    return f" 第 {line} {label}" if line else ""


def _reason(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "嵌套过深（可能是无限递归，或括号、标签嵌套太多层）"
    if isinstance(exc, MemoryError):
        return "内存不足（模板生成的内容过大）"
    return str(getattr(exc, "message", None) or exc)


def render_template(env: HandbookSandbox, name: str, **context) -> str:
    return render(load_template(env, name), context, name)
