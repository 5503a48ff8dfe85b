"""Rule tests as data: a unit's facts in, the expected checklist items out.

Kept next to the rules (`content/documents/<id>/rule-cases.yaml`), checked by
`handbook check` (the rules and types they name exist) and run by the test
suite, which reports a failing case by its file and line.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from generator.model.base import Model, Slug, Text
from generator.model.rules import Kind

Scalar = bool | int | float | str


class ExpectedItem(Model):
    """What one rule's item must look like; fields left out are not checked."""

    applies: Annotated[Literal[True, "待核实"] | None, Field(title="适用", description="true 或 待核实")] = None
    kind: Annotated[Kind | None, Field(title="类别")] = None
    status: Annotated[str | None, Field(title="状态")] = None
    missing: Annotated[list[str] | None, Field(title="缺少的事实")] = None
    values: Annotated[dict[str, Scalar | None] | None, Field(title="计算值（名称 → 值）")] = None


class RuleCase(Model):
    name: Annotated[Text, Field(title="样例说明")]
    unit: Annotated[dict[str, Any], Field(title="被测单位（写法同 data/ 中的单位；编号、名称、区县可省略）")]
    others: Annotated[list[dict[str, Any]], Field(title="其他单位（上级、下辖单位等）")] = []
    internal: Annotated[bool, Field(title="内部版本（含依据个人信息的事项）")] = False
    expect: Annotated[dict[Slug, ExpectedItem], Field(title="应有的事项（规则编号 → 期望）")] = {}
    absent: Annotated[list[Slug], Field(title="不应有的事项（规则编号）")] = []
    only: Annotated[list[Slug] | None, Field(title="在给定条款中只应有这些事项", description="与 articles 一起使用")] = None
    articles: Annotated[list[int] | None, Field(title="only 所限的条款")] = None


class RuleCases(Model):
    document: Annotated[Slug, Field(title="政策文件编号")]
    cases: Annotated[list[RuleCase], Field(title="样例")]
