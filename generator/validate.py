"""Records → validated models, every schema error turned into a located finding.

Validation collects every problem before stopping: unit tables are validated
row by row so that one bad unit does not hide the problems of the others.
"""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.errors import Finding
from generator.loading.record import DataPath, Record
from generator.model.annotations import AnnotationSet
from generator.model.base import Model, attach_sources
from generator.model.coverage import Coverage
from generator.model.document import Document
from generator.model.glossary import Glossary
from generator.model.library import Library
from generator.model.rule_cases import RuleCases
from generator.model.rules import ProgressEntry, RuleSet
from generator.model.site_config import SiteConfig
from generator.model.synonyms import Synonyms
from generator.model.training import Course, QuestionBank
from generator.model.units import Unit
from generator.model.vocabulary import Vocabulary

MODELS: dict[str, type[Model]] = {
    "vocabulary": Vocabulary,
    "glossary": Glossary,
    "document": Document,
    "annotations": AnnotationSet,
    "synonyms": Synonyms,
    "rules": RuleSet,
    "coverage": Coverage,
    "rule-cases": RuleCases,
    "course": Course,
    "questions": QuestionBank,
    "site": SiteConfig,
    "library": Library,
}

_TYPE_MESSAGES = {
    "int": "应为整数",
    "float": "应为数字",
    "bool": "应为 是/否（true/false）",
    "string": "应为文字",
    "list": "应为列表（每项以「- 」开头）",
    "dict": "应为映射（「键: 值」形式）",
    "model": "应为映射（「键: 值」形式）",
    "date": "应为日期，如 2012-12-31",
    "none": "应为空",
}


# files that are a list of rows under one key, validated row by row: kind → (key, model, the shape they must have)
ROW_FILES: dict[str, tuple[str, type[Model], str]] = {
    "units": ("units", Unit, "单位数据文件的顶层应只有一个键「units:」，下面是单位列表"),
    "progress": ("progress", ProgressEntry, "进度文件的顶层应只有一个键「progress:」，下面是进度记录列表"),
}


def validate_record(kind: str, record: Record) -> tuple[list[Model], list[Finding]]:
    """Validate one file; units and progress records are validated one by one."""
    if kind in ROW_FILES:
        key, model, shape = ROW_FILES[kind]
        data = record.data
        if not isinstance(data, dict) or set(data) != {key} or not isinstance(data[key], list):
            return [], [Finding(record.locate(()), "schema-type", shape)]
        return validate_rows(record, kind)
    model, findings = validate_at(MODELS[kind], record, record.data, ())
    return ([model] if model else []), findings


def validate_rows(record: Record, kind: str, start: int = 0) -> tuple[list[Model], list[Finding]]:
    """The rows of a row file's list from `start` on (generator/loading/pieces.py reads a file in pieces)."""
    key, model, _ = ROW_FILES[kind]
    rows: list[Model] = []
    findings: list[Finding] = []
    items = record.data[key]
    for i in range(start, len(items)):
        row, problems = validate_at(model, record, items[i], (key, i))
        findings.extend(problems)
        if row:
            rows.append(row)
    return rows, findings


def validate_at(model: type[Model], record: Record, data: Any, at: DataPath) -> tuple[Model | None, list[Finding]]:
    try:
        obj = model.model_validate(data)
    except ValidationError as exc:
        return None, [_finding(model, record, data, at, err) for err in _dedupe(exc.errors(), data)]
    attach_sources(obj, record, at)
    return obj, []


def _dedupe(errors: list[dict], data: Any) -> list[dict]:
    """A union yields one error per member; keep the first per data location."""
    seen: set[tuple] = set()
    kept = []
    for err in errors:
        key = data_loc(data, err)
        if key not in seen:
            seen.add(key)
            kept.append({**err, "loc": key})
    return kept


def data_loc(data: Any, err: dict) -> tuple:
    """The part of pydantic's `loc` that points into the data.

    pydantic also names union members and validators in `loc` ("int",
    "list[...]", "function-after[...]"); those do not index the data and are
    dropped. A missing or unknown key is kept as the last component.
    """
    kept, node = [], data
    for i, component in enumerate(err["loc"]):
        if isinstance(node, dict) and component in node:
            kept.append(component)
            node = node[component]
        elif isinstance(node, list) and isinstance(component, int) and 0 <= component < len(node):
            kept.append(component)
            node = node[component]
        elif i == len(err["loc"]) - 1 and err["type"] in ("missing", "extra_forbidden") and isinstance(component, str):
            kept.append(component)
    return tuple(kept)


def _finding(model: type[Model], record: Record, data: Any, at: DataPath, err: dict) -> Finding:
    loc = err["loc"]
    field = ".".join(str(c) for c in loc if isinstance(c, str)) or "（整体）"
    title = _title(model, loc)
    label = f"字段「{field}」" + (f"（{title}）" if title else "")
    code, text = _translate(err, loc)
    return Finding(record.locate(at + loc), code, f"{label}{text}")


def _translate(err: dict, loc: tuple) -> tuple[str, str]:
    kind, ctx, value = err["type"], err.get("ctx") or {}, err.get("input")
    shown = _show(value)
    if kind == "missing":
        return "schema-missing", "是必填项，但没有填写"
    if kind == "extra_forbidden":
        return "schema-unknown-key", "是未知字段：请检查拼写，或删除此字段"
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", "")).replace("'", "").replace(" or ", "、").replace(", ", "、")
        return "schema-enum", f"的值「{shown}」不是允许的值，应为：{expected}"
    if kind == "string_pattern_mismatch":
        return "schema-value", f"的值「{shown}」格式不对：{_pattern_hint(str(ctx.get('pattern', '')))}"
    for prefix, message in _TYPE_MESSAGES.items():
        if kind.startswith(prefix + "_") and kind.endswith(("_type", "_parsing", "_from_float", "_from_datetime_parsing")):
            return "schema-type", f"{message}，实际为「{shown}」"
    if kind in ("greater_than_equal", "greater_than"):
        return "schema-value", f"的值「{shown}」不能小于 {ctx.get('ge', ctx.get('gt'))}"
    if kind in ("less_than_equal", "less_than"):
        return "schema-value", f"的值「{shown}」不能大于 {ctx.get('le', ctx.get('lt'))}"
    if kind == "value_error":
        return "schema-value", f"无效：{ctx.get('error', err.get('msg'))}"
    if kind in ("too_short", "string_too_short"):
        return "schema-value", "不能为空"
    if kind == "string_too_long":
        return "schema-value", f"太长：最多 {ctx.get('max_length')} 个字，实际 {len(str(value))} 个字"
    return "schema-value", f"的值「{shown}」无效（{err.get('msg', kind)}）"


def _pattern_hint(pattern: str) -> str:
    if "art-" in pattern and pattern.endswith("\\.s[1-9][0-9]*$"):
        return "句子编号应为 art-条号.s句号（如 art-9.s2）、preamble.s1，或含段、项号（如 art-32.p1.i6.s1）"
    if "art-" in pattern:
        return "段或项的编号应为 art-条号.p段号（如 art-5.p2）或再加项号（如 art-32.p1.i6）"
    return "编号只能由小写英文字母、数字和连字符组成（如 sample-jinshi-v1）"


def _show(value: Any) -> str:
    if value is None:
        return "空"
    if isinstance(value, (dict, list)):
        return "映射" if isinstance(value, dict) else "列表"
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _title(model: type[BaseModel], loc: tuple) -> str | None:
    """The Chinese title of the field a loc points at, walking nested models."""
    current: Any = model
    title = None
    for component in loc:
        if not isinstance(component, str):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or component not in fields:
            return title
        info = fields[component]
        title = info.title
        current = _inner_model(info.annotation)
    return title


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found:
            return found
    return None
