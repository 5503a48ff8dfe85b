"""Training for newly selected secretaries: course modules by role and
hand-written scenario questions. All of it is ours (explanatory); every
point and every answer rests on a cited sentence of the notice."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from generator.model.base import Model, SentenceId, Slug, Text

Role = Literal["村", "社区", "非公企业", "机关", "组织部门"]
ROLES: tuple[str, ...] = ("村", "社区", "非公企业", "机关", "组织部门")


class KeyPoint(Model):
    text: Annotated[Text, Field(title="要点（我们的解释）")]
    sentence: Annotated[SentenceId, Field(title="出处句子")]
    quote: Annotated[str | None, Field(title="原文摘句")] = None


class Module(Model):
    id: Annotated[Slug, Field(title="模块编号")]
    role: Annotated[Role, Field(title="对象")]
    title: Annotated[Text, Field(title="模块名称")]
    audience: Annotated[Text, Field(title="适用对象说明")]
    goals: Annotated[list[Text], Field(min_length=1, title="学习目标")]
    articles: Annotated[list[int], Field(min_length=1, title="需要学习的条款")]
    introduction: Annotated[Text, Field(title="导读（我们的解释）")]
    key_points: Annotated[list[KeyPoint], Field(min_length=1, title="要点")]


class Course(Model):
    document: Annotated[Slug, Field(title="政策文件编号")]
    title: Annotated[Text, Field(title="课程名称")]
    note: Annotated[Text, Field(title="说明")]
    modules: Annotated[list[Module], Field(title="模块")]


class Question(Model):
    id: Annotated[Slug, Field(title="题目编号")]
    roles: Annotated[list[Role], Field(min_length=1, title="适用对象")]
    type: Annotated[Literal["choice", "multi", "judge", "fill"],
                    Field(title="题型", description="choice 单选、multi 多选、judge 判断、fill 填空")]
    question: Annotated[Text, Field(title="题干")]
    choices: Annotated[list[Text] | None, Field(title="选项（选择题）")] = None
    answer: Annotated[Text | None, Field(title="答案", description="多选题不写，改写 answers")] = None
    answers: Annotated[list[Text] | None, Field(title="答案（多选题，两个以上选项）")] = None
    explanation: Annotated[Text, Field(title="解析（我们的解释）")]
    sentence: Annotated[SentenceId, Field(title="出处句子")]
    support: Annotated[Text, Field(title="支持答案的原文摘句", description="必须逐字出现在出处句子中")]

    @model_validator(mode="after")
    def _answer_fits(self) -> "Question":
        if self.type == "multi":
            if not self.choices or not self.answers or len(set(self.answers)) < 2 or not set(self.answers) <= set(self.choices):
                raise ValueError("多选题必须有选项，answers 至少列出两个选项，且都必须是其中之一")
            if self.answer is not None:
                raise ValueError("多选题的答案写在 answers 中，不写 answer")
            return self
        if self.answer is None:
            raise ValueError("缺少答案 answer")
        if self.type == "choice" and (not self.choices or self.answer not in self.choices):
            raise ValueError("选择题必须有选项，且答案必须是其中之一")
        if self.type == "judge" and self.answer not in ("对", "错"):
            raise ValueError("判断题的答案只能是“对”或“错”")
        return self

    @property
    def correct(self) -> list[str]:
        """The right answers: the options of a multiple-choice item, else the one answer."""
        return list(self.answers) if self.type == "multi" else [self.answer]

    @property
    def answer_text(self) -> str:
        return "；".join(self.correct)


class QuestionBank(Model):
    document: Annotated[Slug, Field(title="政策文件编号")]
    questions: Annotated[list[Question], Field(title="题目")]
