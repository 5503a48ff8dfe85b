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
    findings = list(_split_tags(name, raw)) + _metadata(name, path)
    try:
        prepared = prepare(path)
    except FormFailed:
        return findings + _syntax(name, path)
    env = xml_environment()
    unknown = meta.find_undeclared_variables(env.parse(prepared.source)) - CONTEXT_KEYS
    if not unknown:
        findings += _trial_fill(name, prepared)
    for variable in sorted(unknown):
        line = _paragraph_of(prepared.source, variable)
        findings.append(Finding(Location(name, line), "template-undeclared",
                                f"第 {line} 段用到了不存在的变量「{variable}」（可用：{'、'.join(sorted(CONTEXT_KEYS))}）"))
    return findings


def _metadata(name: str, path: Path) -> list[Finding]:
    """Editors' names are reset in every form; tracked changes would show in every form."""
    from generator.render.office_metadata import personal_metadata, tracked_changes

    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist() if n.endswith((".xml", ".rels"))}
    findings = []
    found = personal_metadata(parts)
    if found:
        findings.append(Finding(Location(name), "template-metadata",
                                f"模板记录了编辑者信息：{'；'.join(found)}。生成的表格中这些信息会被替换为「党建工作手册」，"
                                "如不希望保留在模板中，可在 Word 的“文件→信息→检查文档”中删除", Severity.WARNING))
    if tracked_changes(parts.get(DOCUMENT, b"")):
        findings.append(Finding(Location(name), "template-metadata",
                                "模板中有未接受的修订：生成的每份表格都会带着修订标记。请在 Word 中“接受所有修订”后保存", Severity.WARNING))
    return findings


def _trial_fill(name: str, prepared) -> list[Finding]:
    """Fill once with sample values: runtime errors and the sandbox's bounds show here, located."""
    from generator.views.forms import sample_context

    try:
        prepared.fill(sample_context())
    except FormFailed as exc:
        line = re.search(r"第 (\d+) 段", str(exc))
        return [Finding(Location(name, int(line.group(1)) if line else None), "template-syntax", str(exc))]
    return []


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
    except RecursionError:  # the parser recursed too deep: point at the most nested paragraph
        lines = source.splitlines()
        depth = [line.count("(") + line.count("[") + line.count("{%") for line in lines]
        line = depth.index(max(depth)) + 1 if depth else None
        return [Finding(Location(name, line), "template-syntax", f"第 {line} 段模板嵌套过深（括号或标签嵌套太多层），无法编译")]
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
