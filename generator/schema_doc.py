"""The data model as a Markdown reference for staff, generated from the models
themselves so that the documentation cannot drift from what is validated."""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.model.annotations import AnnotationSet
from generator.model.base import Model
from generator.model.coverage import Coverage
from generator.model.document import Document
from generator.model.glossary import Glossary
from generator.model.library import Library
from generator.model.rule_cases import RuleCases
from generator.model.rules import ProgressTable, RuleSet
from generator.model.synonyms import Synonyms
from generator.model.training import Course, QuestionBank
from generator.model.units import UnitTable
from generator.model.vocabulary import Vocabulary

FILES: list[tuple[str, type[Model]]] = [
    ("content/documents/<编号>/document.yaml", Document),
    ("content/documents/<编号>/annotations.yaml", AnnotationSet),
    ("content/glossary.yaml", Glossary),
    ("content/vocabularies.yaml", Vocabulary),
    ("content/synonyms.yaml", Synonyms),
    ("content/library.yaml", Library),
    ("content/training/course.yaml", Course),
    ("content/training/questions.yaml", QuestionBank),
    ("content/documents/<编号>/rules.yaml", RuleSet),
    ("content/documents/<编号>/coverage.yaml", Coverage),
    ("content/documents/<编号>/rule-cases.yaml", RuleCases),
    ("data/**/*.yaml、*.xlsx、*.csv", UnitTable),
    ("data/progress/*.yaml、*.xlsx、*.csv", ProgressTable),
]


HEADINGS = {
    "Document": "政策文件（原文，逐字照录）", "Cover": "印发通知（逐行原文）", "Sentence": "句子（原文）",
    "Section": "节", "Article": "条", "Paragraph": "段（条中为款）", "Item": "项", "Chapter": "章",
    "Preface": "总纲、序言或多段引言", "FrontLine": "文头的一行", "Attachment": "附件", "Status": "效力状态（我们的记录）", "AnnotationSet": "标注文件（我们的解读，非原文）",
    "ArticleAnnotations": "一条的标注", "DocumentRef": "引用的文件", "TopicNote": "主题",
    "UnitTypeNote": "涉及的组织类型", "BodyNote": "责任主体", "Timing": "期限与周期",
    "Target": "量化指标", "Money": "金额", "ArticleRef": "相关条款", "Glossary": "术语表",
    "Term": "术语", "Library": "知识库（未收录的文件和文件之间的关系，我们的记录）", "KnownDocument": "未收录的文件",
    "Relation": "文件之间的关系", "Occurrence": "出现位置", "Sense": "在某份文件中的含义", "Vocabulary": "受控词表", "UnitType": "组织类型",
    "UnitTable": "单位数据文件", "Unit": "单位", "Secretary": "党组织书记",
    "Envoy": "派驻人员（第一书记、党建工作指导员）", "Venue": "活动场所", "Counts": "下辖数量",
    "Synonyms": "同义词表（检索用，非原文）", "SynonymGroup": "同义词组",
    "RuleSet": "规则文件", "Rule": "规则（一项职责）", "Condition": "条件", "ValueSpec": "计算值",
    "Reading": "共同的理解（本手册的理解）", "Constraint": "对单位数据的限定", "PartyLevel": "党组织类别",
    "Coverage": "逐句对照（我们的判断）", "SentenceCoverage": "一句的对照",
    "RuleCases": "规则样例（测试数据）", "RuleCase": "样例", "ExpectedItem": "期望的事项",
    "ProgressTable": "进度文件", "ProgressEntry": "进度记录",
    "Course": "培训课程（我们撰写）", "Module": "课程模块", "KeyPoint": "要点", "QuestionBank": "情景题库（我们撰写）", "Question": "题目",
}


def schema_markdown() -> str:
    lines = [
        "# 数据模型",
        "",
        "本文件由 `handbook schema` 根据代码中的模型生成，请勿手改。未列出的字段一律报错（schema-unknown-key）。",
        "标【个人信息】的字段只出现在内部版本中。",
    ]
    seen: set[type] = set()
    for path, model in FILES:
        lines += ["", f"## `{path}`", ""]
        lines += _model_section(model, seen)
    lines += _facts_section()
    return "\n".join(lines) + "\n"


def _facts_section() -> list[str]:
    from generator.compute.facts import FACTS

    lines = ["## 规则条件可用的事实", "", "条件写作 `{fact: 名称, op: 比较, value: 值}`，可用 `all`、`any`、`not` 组合。",
             "比较：`==` `!=` `>=` `>` `<=` `<` `in` `not-in` `exists` `missing`。数据缺失（未填报）时条件结果为“待核实”，",
             "不当作“没有”；连续年数数到未填报的年份为止，只知道“至少几年”。",
             "“来自其他单位”的事实由下辖单位或所属区县的数据统计。", "",
             "| 事实 | 含义 | 单位 | 个人信息 | 来自其他单位 |", "|---|---|---|---|---|"]
    lines += [f"| `{name}` | {fact.label} | {fact.unit} | {'是' if fact.personal else ''} | {'是' if fact.aggregate else ''} |"
              for name, fact in FACTS.items()]
    return lines


def _model_section(model: type[BaseModel], seen: set[type]) -> list[str]:
    queue, out = [model], []
    while queue:
        current = queue.pop(0)
        if current in seen:
            continue
        seen.add(current)
        out += [f"### {HEADINGS.get(current.__name__, current.__name__)}（{current.__name__}）", ""]
        out += ["| 字段 | 类型 | 必填 | 含义 |", "|---|---|---|---|"]
        for name, info in current.model_fields.items():
            out.append(_row(name, info))
            queue += [m for m in _models_in(info.annotation) if m not in seen]
        out.append("")
    return out


def _row(name: str, info: FieldInfo) -> str:
    title = info.title or ""
    if (info.json_schema_extra or {}).get("personal"):
        title += "【个人信息】"
    if info.description:
        title += f"。{info.description}"
    required = "是" if info.is_required() else "否"
    return f"| `{name}` | {_type_name(info.annotation)} | {required} | {title} |"


def _type_name(annotation: Any) -> str:
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return _type_name(args[0])
    if origin is typing.Literal:
        return " / ".join(str(a) for a in args)
    if origin in (list, tuple):
        return f"列表[{_type_name(args[0])}]"
    if origin is dict:
        return f"映射[{_type_name(args[0])} → {_type_name(args[1])}]"
    if args:  # unions
        names = [_type_name(a) for a in args if a is not type(None)]
        return " 或 ".join(names) + ("（可空）" if type(None) in args else "")
    names = {"str": "文字", "int": "整数", "float": "数字", "bool": "是/否", "date": "日期"}
    return names.get(getattr(annotation, "__name__", ""), getattr(annotation, "__name__", str(annotation)))


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]


def codes_markdown(examples: dict[str, str]) -> str:
    """docs/error-codes.md: every finding code, what it means, and its broken fixture."""
    from generator.errors import CODES

    lines = [
        "# 问题代码一览", "",
        "本文件由 `handbook codes` 生成，请勿手改。",
        "`handbook check` 报告的每个问题都以 `[代码]` 结尾。代码固定不变，可用于检索和统计。",
        "每个代码在 `tests/cases/` 下都有一个“坏样例”，其 `expected.txt` 是该样例的完整检查输出，可作为示例。", "",
        "输出格式：`文件:行:列: 错误|警告: 说明 [代码]`；Excel 文件为 `文件.xlsx:工作表!单元格`。",
        "只有“错误”会使检查失败（退出码 1）；“警告”只提示。", "",
        "| 代码 | 含义 | 示例 |", "|---|---|---|",
    ]
    for code, meaning in CODES.items():
        fallback = "tests/test_forms.py" if code.startswith("template-") else "tests/test_hostile_input.py"
        lines.append(f"| `{code}` | {meaning} | `{examples.get(code, fallback)}` |")
    return "\n".join(lines) + "\n"


def case_examples(cases_dir: Path) -> dict[str, str]:
    import yaml

    examples: dict[str, str] = {}
    for case in sorted(cases_dir.iterdir()):
        spec_file = case / "case.yaml"
        if spec_file.exists():
            for expected in yaml.safe_load(spec_file.read_text(encoding="utf-8"))["expect"]:
                examples.setdefault(expected["code"], f"tests/cases/{case.name}/")
    return examples
