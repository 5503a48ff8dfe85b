"""`handbook templates check`: a staff-edited .docx template, checked before use.

Reports, with the template and the paragraph: Jinja syntax errors, variables
no form context provides, and tags Word split across several runs of text
(they still work, but the next edit may break them: retype them in one go).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from jinja2 import TemplateSyntaxError, meta

from generator.errors import Finding, Location, Severity
from generator.render.docx import DOCUMENT, FormFailed, prepare, xml_environment
from generator.views.forms import CONTEXT_KEYS

_TAG = re.compile(r"\{[{%](?:(?![}%]\}).)*[}%]\}", re.DOTALL)
_TEXT = re.compile(r"<[^>]+>")


def check_template(path: Path) -> list[Finding]:
    name = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            raw = archive.read(DOCUMENT).decode("utf-8")
    except (zipfile.BadZipFile, KeyError, OSError, UnicodeDecodeError):
        return [Finding(Location(name), "template-syntax", "不是有效的 Word 文件（.docx）：请在 Word 或 WPS 中另存为 .docx")]
    findings = list(_split_tags(name, raw))
    try:
        prepared = prepare(path)
    except FormFailed:
        return findings + _syntax(name, path)
    env = xml_environment()
    unknown = meta.find_undeclared_variables(env.parse(prepared.source)) - CONTEXT_KEYS
    for variable in sorted(unknown):
        line = _paragraph_of(prepared.source, variable)
        findings.append(Finding(Location(name, line), "template-undeclared",
                                f"第 {line} 段用到了不存在的变量「{variable}」（可用：{'、'.join(sorted(CONTEXT_KEYS))}）"))
    return findings


def _split_tags(name: str, raw: str):
    paragraphs = re.split(r"(?=<w:p[ >])", raw)
    for number, paragraph in enumerate(paragraphs, start=0):
        for tag in _TAG.findall(paragraph):
            if "<w:t" in tag or "</w:t>" in tag:
                text = _TEXT.sub("", tag)
                yield Finding(Location(name, number), "template-split-tag",
                              f"第 {number} 段的标签「{text}」被 Word 拆成了几段文字：请删除后一次性重新输入", Severity.WARNING)


def _syntax(name: str, path: Path) -> list[Finding]:
    from docxtpl import DocxTemplate

    with zipfile.ZipFile(path) as archive:
        cleaned = DocxTemplate(str(path)).patch_xml(archive.read(DOCUMENT).decode("utf-8"))
    source = re.sub(r"<w:p([ >])", r"\n<w:p\1", cleaned)
    try:
        xml_environment().parse(source)
    except TemplateSyntaxError as exc:
        line = exc.lineno or 0
        near = _TEXT.sub("", source.splitlines()[line - 1])[:40] if 0 < line <= len(source.splitlines()) else ""
        return [Finding(Location(name, line), "template-syntax", f"第 {line} 段模板语法错误：{exc.message}（附近文字：「{near}」）")]
    return [Finding(Location(name), "template-syntax", "模板无法编译")]


def _paragraph_of(source: str, variable: str) -> int:
    for number, line in enumerate(source.splitlines(), start=1):
        if re.search(rf"[{{%][^}}%]*\b{re.escape(variable)}\b", _TEXT.sub("", line)):
            return number
    return 0


def check_templates(folder: Path) -> list[Finding]:
    return [f for path in sorted(folder.glob("*.docx")) if not path.name.startswith("~$") for f in check_template(path)]
