"""Which sentences of a notice place a duty or a target on anyone, and for each
such sentence either the rules that encode it or why none does.

Together with the rules this is a two-way map: `handbook check` fails when a
duty-bearing sentence has neither a rule nor a reason, when a rule cites a
sentence said to carry no duty, and when a sentence addresses a group of
party organizations (e.g. every 基层党组织) and one of its types gets no rule
from it. `handbook coverage` prints the map; the site shows it sentence by
sentence.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StrictBool, model_validator

from generator.model.base import Model, SentenceId, Slug, Text


class SentenceCoverage(Model):
    sentence: Annotated[SentenceId, Field(title="句子")]
    duty: Annotated[StrictBool, Field(title="给谁规定了职责或目标")]
    addresses: Annotated[list[Text], Field(
        title="句中职责的对象", description="组织类型或党组织类别；其中每个组织类型都必须从本句得到至少一条规则")] = []
    not_encoded: Annotated[str | None, Field(title="没有写成规则的原因", description="如：市级职责，清单中没有对应的单位")] = None
    note: Annotated[str | None, Field(title="说明", description="不含职责的句子是什么（条旨、目的……）")] = None

    @model_validator(mode="after")
    def _consistent(self) -> "SentenceCoverage":
        if not self.duty and (self.addresses or self.not_encoded):
            raise ValueError(f"句子「{self.sentence}」标为不含职责（duty: false），不能再写 addresses 或 not_encoded")
        if not self.duty and not self.note:
            raise ValueError(f"句子「{self.sentence}」不含职责，请在 note 中说明它是什么")
        return self


class Coverage(Model):
    document: Annotated[Slug, Field(title="政策文件编号")]
    sentences: Annotated[list[SentenceCoverage], Field(title="逐句说明")]
