"""Our structured reading of the policy, kept apart from the verbatim text.

Every item cites the sentence it rests on (`sentence`), and may quote the exact
words (`quote`) it was read from; `checks/` verifies that each quote and each
figure really stands in the cited sentence.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, Union

from pydantic import Field, model_validator

from generator.model.base import Model, SentenceId, Slug, Text

Comparator = Literal[">=", ">", "<=", "<", "=", "~"]
Recurrence = Literal["once", "weekly", "monthly", "quarterly", "yearly", "every-3-years", "on-event"]
# Strict: `true` is not 1; bounded: a figure in a policy is never astronomically large.
Number = Union[Annotated[int, Field(strict=True, ge=-10**12, le=10**12)], Annotated[float, Field(strict=True, ge=-1e12, le=1e12, allow_inf_nan=False)]]


class Cited(Model):
    sentence: Annotated[SentenceId, Field(title="出处句子")]
    quote: Annotated[str | None, Field(title="原文摘句", description="出处句子中的原话，必须逐字出现")] = None


class TopicNote(Cited):
    topic: Annotated[Text, Field(title="主题")]


class UnitTypeNote(Cited):
    unit_type: Annotated[Text, Field(title="涉及的组织类型")]


class BodyNote(Cited):
    body: Annotated[Text, Field(title="责任主体")]
    role: Annotated[str | None, Field(title="职责（我们的概括）")] = None


class Timing(Cited):
    """A deadline (date), a recurrence, or a trigger event, read from the text."""

    kind: Annotated[Literal["deadline", "recurrence", "event"], Field(title="类别")]
    what: Annotated[Text, Field(title="事项（我们的概括）")]
    date: Annotated[dt.date | None, Field(title="截止日期")] = None
    recurrence: Annotated[Recurrence | None, Field(title="周期")] = None
    event: Annotated[str | None, Field(title="触发事件")] = None

    @model_validator(mode="after")
    def _kind_has_its_field(self) -> "Timing":
        needed = {"deadline": ("date", "截止日期 date"), "recurrence": ("recurrence", "周期 recurrence"), "event": ("event", "触发事件 event")}
        field, label = needed[self.kind]
        if getattr(self, field) is None:
            raise ValueError(f"类别为 {self.kind} 的期限必须填写{label}")
        return self


class Target(Cited):
    """A quantitative target: indicator, comparator, value, unit, scope, period."""

    id: Annotated[Slug, Field(title="指标编号")]
    indicator: Annotated[Text, Field(title="指标")]
    comparator: Annotated[Comparator, Field(title="比较")]
    value: Annotated[Number | Annotated[list[Number], Field(min_length=1)], Field(title="数值")]
    unit: Annotated[Text, Field(title="单位")]
    scope: Annotated[Text, Field(title="范围")]
    period: Annotated[Text, Field(title="期限")]


class Money(Cited):
    amount: Annotated[Number, Field(title="金额", ge=0)]
    unit: Annotated[Literal["元", "万元"], Field(title="金额单位")]
    comparator: Annotated[Comparator, Field(title="比较")] = "="
    per: Annotated[str | None, Field(title="计算口径", description="如：每年、每月、每名党员每年")] = None
    payer: Annotated[str | None, Field(title="出资方")] = None
    purpose: Annotated[Text, Field(title="用途")]


class DocumentRef(Cited):
    number: Annotated[Text, Field(title="文号")]
    title: Annotated[str | None, Field(title="文件名称")] = None


class ArticleRef(Cited):
    article: Annotated[int, Field(ge=1, title="相关条款")]
    relation: Annotated[Text, Field(title="关系（我们的说明）")]


class Highlight(Cited):
    """A phrase quoted on the home page (the theme, the four requirements...)."""

    label: Annotated[Text, Field(title="名称（我们的标签）")]


class ArticleAnnotations(Model):
    article: Annotated[int, Field(ge=1, title="条号")]
    summary: Annotated[str | None, Field(title="要点（解释性文字，非原文）")] = None
    topics: Annotated[list[TopicNote], Field(title="主题")] = []
    unit_types: Annotated[list[UnitTypeNote], Field(title="涉及的组织类型")] = []
    responsible: Annotated[list[BodyNote], Field(title="责任主体")] = []
    timings: Annotated[list[Timing], Field(title="期限与周期")] = []
    targets: Annotated[list[Target], Field(title="量化指标")] = []
    money: Annotated[list[Money], Field(title="金额")] = []
    documents: Annotated[list[DocumentRef], Field(title="引用的文件")] = []
    articles: Annotated[list[ArticleRef], Field(title="相关条款")] = []

    def cited(self) -> list[Cited]:
        return [
            *self.topics, *self.unit_types, *self.responsible, *self.timings,
            *self.targets, *self.money, *self.documents, *self.articles,
        ]


class AnnotationSet(Model):
    document: Annotated[Slug, Field(title="所标注的政策文件编号")]
    preamble: Annotated[list[DocumentRef], Field(title="引言中引用的文件")] = []
    highlights: Annotated[list[Highlight], Field(title="首页摘要（原文摘句）")] = []
    articles: Annotated[list[ArticleAnnotations], Field(title="各条标注")]
