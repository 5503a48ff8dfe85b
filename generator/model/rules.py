"""Rules as data: which units a duty applies to, read from one sentence.

A rule's condition is data (all / any / not over fact comparisons) evaluated by
`generator.compute.conditions`, never `eval`. Facts are named in
`generator.compute.facts.FACTS`. Duty texts and titles are ours (explanatory);
the cited sentence is the authority. Where the rule rests on a reading of the
sentence that is ours (who carries a duty the sentence leaves open, what an
undefined word means), `reading` says so and the pages show it as 本手册的理解.

`unit_types` names unit types or party-organization levels from the
vocabulary ("基层党组织" stands for every type of that level).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, Optional, Union

from pydantic import Field, PrivateAttr, model_validator

from generator.model.annotations import Recurrence
from generator.model.base import Model, Note, SentenceId, Slug, Text

Op = Literal["==", "!=", ">=", ">", "<=", "<", "in", "not-in", "exists", "missing"]
# task: something to do (with a date, a recurrence, an event, or none set by the notice);
# target: a figure the unit counts toward (an average, a rate); condition: a consequence,
# an eligibility or an entitlement that follows from the unit's situation.
Kind = Literal["task", "target", "condition"]
KINDS: dict[str, str] = {"task": "任务", "target": "目标", "condition": "条件与资格"}
# 党组织: the duty is the party organization's (it applies only where one exists);
# 单位: the duty concerns the enterprise or organization whether or not it has one.
Subject = Literal["党组织", "单位"]
# Figures in rules come from the notice: bounded so that a product with a unit's
# count can never overflow to "inf".
Scalar = Union[bool, Annotated[int, Field(ge=-10**9, le=10**9)], Annotated[float, Field(ge=-1e9, le=1e9)], Annotated[str, Field(max_length=200)]]


class Condition(Model):
    """Exactly one of: all, any, not, or a comparison (fact, op, value)."""

    all: Optional[list["Condition"]] = None
    any: Optional[list["Condition"]] = None
    not_: Annotated[Optional["Condition"], Field(alias="not")] = None
    fact: Annotated[str | None, Field(title="事实（见 docs/data-model.md 末尾）")] = None
    op: Op | None = None
    value: Scalar | list[Scalar] | None = None

    model_config = {**Model.model_config, "populate_by_name": True}

    @model_validator(mode="after")
    def _one_form(self) -> "Condition":
        forms = [self.all is not None, self.any is not None, self.not_ is not None, self.fact is not None]
        if sum(forms) != 1:
            raise ValueError("条件必须且只能是 all、any、not 或 fact/op/value 比较之一")
        if self.fact is not None:
            if self.op is None:
                raise ValueError(f"比较「{self.fact}」缺少 op")
            if self.op not in ("exists", "missing") and self.value is None:
                raise ValueError(f"比较「{self.fact} {self.op}」缺少 value")
        return self


class ValueSpec(Model):
    """A computed value shown with the duty."""

    name: Annotated[Text, Field(title="名称")]
    fact: Annotated[str | None, Field(title="取自事实")] = None
    lookup: Annotated[dict[str, Scalar] | None, Field(title="对照表（事实值 → 显示值）")] = None
    constant: Annotated[Scalar | None, Field(title="固定值（出自所引句子）")] = None
    per_fact: Annotated[str | None, Field(title="乘以事实", description="如：每名党员100元 × 党员数")] = None
    gap_to: Annotated[float | None, Field(ge=-1e9, le=1e9, title="与标准的差额", description="标准 − 事实值（不足时）；不要用于通知规定的平均数")] = None
    count_applies: Annotated[Slug | None, Field(
        title="统计下辖单位中适用某规则的个数", description="规则编号；用于区县、乡镇(街道)的事项")] = None
    count_done: Annotated[Slug | None, Field(
        title="统计下辖单位中某规则据数据已完成的个数", description="规则编号")] = None
    unit: Annotated[str | None, Field(title="单位")] = None

    @model_validator(mode="after")
    def _one_kind(self) -> "ValueSpec":
        if (self.lookup is not None or self.gap_to is not None) and self.fact is None:
            raise ValueError(f"计算值「{self.name}」的 lookup/gap_to 需要同时写 fact")
        if self.per_fact is not None and self.constant is None:
            raise ValueError(f"计算值「{self.name}」的 per_fact 需要同时写 constant")
        kinds = [self.fact is not None or self.constant is not None, self.count_applies is not None, self.count_done is not None]
        if sum(kinds) != 1:
            raise ValueError(f"计算值「{self.name}」需要且只能有 fact/constant、count_applies、count_done 之一")
        return self


class Rule(Model):
    id: Annotated[Slug, Field(title="规则编号")]
    article: Annotated[int, Field(ge=1, title="条号")]
    sentence: Annotated[SentenceId, Field(title="出处句子")]
    title: Annotated[Text, Field(title="事项（简称，我们的概括）")]
    duty: Annotated[Text, Field(title="要做什么（我们的概括）")]
    unit_types: Annotated[list[Text], Field(min_length=1, title="适用的组织类型或党组织类别")]
    subject: Annotated[Subject, Field(
        title="职责归属", description="党组织：只在有党组织的单位适用；单位：不论有无党组织都适用（如第2条组建党组织）")] = "党组织"
    kind: Annotated[Kind, Field(title="类别", description="task 任务、target 目标、condition 条件与资格")] = "task"
    when: Annotated[Condition | None, Field(title="适用条件")] = None
    due: Annotated[dt.date | None, Field(title="截止日期")] = None
    recurrence: Annotated[Recurrence | None, Field(title="周期")] = None
    event: Annotated[str | None, Field(title="触发事件")] = None
    values: Annotated[list[ValueSpec], Field(title="计算值")] = []
    done_when: Annotated[Condition | None, Field(title="据数据视为已完成的条件")] = None
    reading: Annotated[str | None, Field(title="本手册的理解", description="规则依据的、不是原文明说的理解")] = None
    attention_when: Annotated[Condition | None, Field(
        title="列入“先办”的数据条件", description="如本单位经费低于通知要求的平均数时，在单位页面的“先办”中列出")] = None

    _types: frozenset[str] | None = PrivateAttr(default=None)
    _document: str = PrivateAttr(default="")

    def bind_document(self, doc_id: str) -> None:
        """Set when the rule set is loaded or merged: the document whose sentence the rule cites
        (a unit's checklist merges the rules of every document)."""
        self._document = doc_id

    @property
    def document(self) -> str:
        return self._document

    def resolve_types(self, types: frozenset[str]) -> None:
        """Set once the vocabulary is known (generator.project): the unit types a level name stands for."""
        self._types = types

    def types(self) -> frozenset[str]:
        """The unit types this rule reaches: levels expanded (if resolved), type names as written."""
        return self._types if self._types is not None else frozenset(self.unit_types)


class Reading(Model):
    """A reading of the notice that several rules share, stated once on the pages it concerns."""

    id: Annotated[Slug, Field(title="编号")]
    title: Annotated[Text, Field(title="标题")]
    text: Annotated[Text, Field(title="本手册的理解")]
    sentences: Annotated[list[SentenceId], Field(min_length=1, title="所涉句子")]
    unit_types: Annotated[list[Text], Field(min_length=1, title="适用的组织类型或党组织类别")]

    _document: str = PrivateAttr(default="")

    @property
    def document(self) -> str:
        """The document whose sentences it reads (set with its rule set's: see `Rule.bind_document`)."""
        return self._document


class Constraint(Model):
    """What the notice allows unit data to say: where `when` holds, `require` must too."""

    id: Annotated[Slug, Field(title="编号")]
    sentence: Annotated[SentenceId, Field(title="出处句子")]
    when: Annotated[Condition | None, Field(title="检查哪些单位")] = None
    require: Annotated[Condition, Field(title="必须满足")]
    message: Annotated[Text, Field(title="不满足时的说明")]


class RuleSet(Model):
    document: Annotated[Slug, Field(title="政策文件编号")]
    reference_year: Annotated[int, Field(ge=1949, le=2100, title="“今年”所指年份")]
    readings: Annotated[list[Reading], Field(title="共同的理解")] = []
    constraints: Annotated[list[Constraint], Field(title="对单位数据的限定")] = []
    rules: Annotated[list[Rule], Field(title="规则")]

    @model_validator(mode="after")
    def _bind(self) -> "RuleSet":
        for rule in self.rules:
            rule.bind_document(self.document)
        for reading in self.readings:
            reading._document = self.document
        return self


Status = Literal["未开始", "进行中", "已完成"]


class ProgressEntry(Model):
    unit: Annotated[Slug, Field(title="单位编号")]
    rule: Annotated[Slug, Field(title="规则编号")]
    status: Annotated[Status, Field(title="状态")]
    date: Annotated[dt.date | None, Field(title="日期")] = None
    evidence: Annotated[Note | None, Field(title="佐证材料")] = None


class ProgressTable(Model):
    progress: Annotated[list[ProgressEntry], Field(title="进度记录")]


def _rebuild() -> None:
    Condition.model_rebuild()


_rebuild()
