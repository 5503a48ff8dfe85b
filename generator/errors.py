"""Findings (located problems in user input) and the two kinds of exception.

Every problem a user can fix is a `Finding` with a location and a stable code;
the CLI prints them and maps them to exit codes. Anything else is a bug and is
allowed to raise normally.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import Enum
from typing import Iterable


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告"}[self.value]


@dataclass(frozen=True, order=True)
class Location:
    """Where a value came from: a YAML/CSV line and column, or an Excel cell."""

    path: str
    line: int | None = None
    col: int | None = None
    sheet: str | None = None
    cell: str | None = None

    def __str__(self) -> str:
        if self.cell is not None:
            return f"{self.path}:{self.sheet}!{self.cell}"
        if self.line is None:
            return self.path
        return f"{self.path}:{self.line}:{self.col or 1}"


@dataclass(frozen=True)
class Finding:
    location: Location
    code: str
    message: str
    severity: Severity = Severity.ERROR

    def format(self) -> str:
        return f"{self.location}: {self.severity.label}: {self.message} [{self.code}]"

    def to_json(self) -> dict:
        loc = self.location
        return {
            "path": loc.path,
            "line": loc.line,
            "col": loc.col,
            "sheet": loc.sheet,
            "cell": loc.cell,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
        }


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Stable, readable order: by file, then position, then code."""

    def key(f: Finding):
        loc = f.location
        return (loc.path, loc.sheet or "", loc.line or 0, _cell_order(loc.cell), loc.col or 0, f.code, f.message)

    return sorted(set(findings), key=key)


def _cell_order(cell: str | None) -> tuple[int, str]:
    if not cell:
        return (0, "")
    letters = cell.rstrip("0123456789")
    return (int(cell[len(letters):] or 0), letters.rjust(3))


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)


def format_text(findings: Iterable[Finding]) -> str:
    return "\n".join(f.format() for f in findings)


def format_json(findings: Iterable[Finding]) -> str:
    return json.dumps([f.to_json() for f in findings], ensure_ascii=False, indent=2)


class HandbookError(Exception):
    """A problem the user can fix; the CLI prints it in Chinese and exits 1."""

    exit_code = 1


@dataclass
class InvalidInput(HandbookError):
    """Raised once after validation, carrying every finding collected."""

    findings: list[Finding] = field(default_factory=list)

    def __str__(self) -> str:
        errors = sum(1 for f in self.findings if f.severity is Severity.ERROR)
        return f"输入有 {errors} 处错误，已停止。"


class UsageError(HandbookError):
    """Wrong command-line use (unknown document id, missing file...)."""

    exit_code = 2


# Every finding code, with what it means; docs/error-codes.md and the tests
# keep to this list, so a code is never renamed silently.
CODES: dict[str, str] = {
    "encoding": "文件不是 UTF-8 编码",
    "file-unknown": "content/ 或 data/ 下有无法识别的文件（或 Excel 临时文件，警告）",
    "file-missing": "缺少必需的文件",
    "file-too-large": "文件过大（或解压后过大），拒绝读取",
    "text-too-long": "文字超过长度上限（远超任何真实内容）",
    "control-char": "文字中有不可见的控制字符，已删除（警告）",
    "yaml-syntax": "YAML 语法错误",
    "yaml-tag": "不允许的 YAML 标签（可能执行代码）",
    "yaml-alias": "YAML 别名展开过大（别名炸弹）或自我引用",
    "yaml-duplicate-key": "同一层的键重复",
    "table-read": "Excel 文件无法读取",
    "table-header": "表格列名不认识或重复",
    "schema-type": "值的类型不对（如应为整数）",
    "schema-missing": "缺少必填字段",
    "schema-unknown-key": "未知字段（多为拼写错误）",
    "schema-enum": "值不在允许的范围内（如定级不是四级之一）",
    "schema-value": "值的格式或范围不对（如编号格式、负数）",
    "duplicate-id": "编号重复",
    "document-structure": "政策文件的元数据、章、节、条、项的编号与原文不一致",
    "document-number": "文号无法识别、不是规范写法，或原文有文号而没有填写",
    "document-status": "效力状态自相矛盾（如状态日期早于文件日期、现行有效却写了取代它的文件）",
    "sentence-id": "句子、段、项的编号不按顺序",
    "unknown-document": "引用了不存在的政策文件（或文件关系中的文件既没有收录，也没有列为未收录的文件）",
    "relation-quote": "文件关系的摘句没有写出所关联文件的文号或标题（只记录原文写明的关系）",
    "relation-cycle": "文件之间的关系成环（一份文件经由其他文件关联回自己）",
    "relation-date": "文件关系与日期矛盾（如落实、引用的文件晚于本文件，或状态日期早于修订它的文件）",
    "unknown-article": "引用了不存在的条款",
    "unknown-sentence": "引用了不存在的句子，或句子不属于所标注的条",
    "unknown-term": "引用了不存在的术语",
    "unknown-vocabulary": "组织类型、责任主体或主题不在词表中",
    "annotation-missing": "某条还没有标注（警告；没有 annotations.yaml 的文件只作原文收录，不检查）",
    "quote-not-in-sentence": "摘句与原文不一致",
    "figure-not-in-sentence": "标注的数字不在所引句子中",
    "rule-year-mismatch": "两份文件的规则“今年”所指年份不同（单位清单合并各文件的规则）",
    "term-not-in-sentence": "术语不出现在所列句子中",
    "term-occurrence-unlisted": "术语出现的句子没有列出（警告；只检查该术语已列出位置的文件）",
    "term-sense": "术语在某份文件中的含义写得不完整：所依据的句子没有列出，或标明含义不同却不足两份文件写明含义",
    "unknown-parent": "上级组织不存在",
    "unknown-county": "所属区县不存在或不是区县级单位",
    "parent-type": "上级组织的类型不允许",
    "county-mismatch": "所属区县与上级不一致",
    "parent-cycle": "上级关系成环",
    "sample-name": "示例单位没有标明“示例”",
    "unknown-fact": "规则用到的事实不存在",
    "unknown-unit": "进度记录中的单位不存在",
    "unknown-rule": "进度记录或规则样例中的事项编号不存在，或不适用于该单位（警告）",
    "coverage-gap": "通知中规定了职责的句子既没有规则，也没有写明原因（coverage.yaml）",
    "coverage-stale": "规则引用了标为不含职责的句子，或已有规则的句子还写着不写成规则的原因",
    "type-without-rule": "党组织类型没有得到应有的规则（句子的职责对象或词表中的党组织类型）",
    "fact-constraint": "单位数据不符合通知的限定（如试点只在武陵区、津市市）",
    "rating-unused": "不参加分类定级的单位填写了定级，不会用于任何事项（警告）",
    "template-syntax": "Word 表格模板的语法错误（handbook templates check）",
    "template-undeclared": "Word 表格模板用到了不存在的变量（handbook templates check）",
    "personal-number": "非个人信息字段中有疑似手机号码或身份证号码（检查时为警告，公开版本拒绝生成）",
    "template-metadata": "Word 表格模板中有编辑者信息或未接受的修订（警告，handbook templates check）",
    "template-split-tag": "Word 表格模板中的标签被拆分（警告，handbook templates check）",
}
