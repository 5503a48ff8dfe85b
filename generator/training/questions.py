"""Question bank: items generated from the structured annotations, plus the
hand-written scenario items from content/training/questions.yaml.

A generated item's answer is a figure, a deadline phrase, a body or a term
that stands in its cited sentence (the tests check it); its explanation
quotes that sentence. Distractors come from the same kind of fact elsewhere
in the notice, so they are plausible but wrong.
"""

from __future__ import annotations

import hashlib

from generator.model.annotations import AnnotationSet
from generator.model.document import Document
from generator.model.training import ROLES, Question
from generator.numbers import format_number
from generator.project import Project

ROLE_OF_TYPE = {"村": "村", "农民专业合作社": "村", "社区": "社区", "非公企业": "非公企业", "社会组织": "非公企业",
                "机关": "机关", "事业单位": "机关", "国有企业": "机关"}
RECURRENCE_WORDS = {"yearly": "每年", "quarterly": "每季度", "every-3-years": "每三年"}


def question_bank(project: Project, doc_id: str, role: str | None = None) -> list[Question]:
    doc = project.document(doc_id)
    ann = project.annotations_for(doc_id)
    generated = generate(doc, ann, project) if doc and ann else []
    written = [_shuffled(q) for bank in project.question_banks if bank.document == doc_id for q in bank.questions]
    items = [*written, *generated]
    return [q for q in items if role is None or role in q.roles]


def _shuffled(question: Question) -> Question:
    """Authors tend to write the right answer first; present options in a fixed mixed order."""
    if not question.choices:
        return question
    order = sorted(question.choices, key=lambda c: hashlib.sha256(f"{question.id}|{c}".encode()).hexdigest())
    return question.model_copy(update={"choices": order})


def generate(doc: Document, ann: AnnotationSet, project: Project) -> list[Question]:
    sentences = doc.sentence_index()
    items: list[Question] = []
    for entry in ann.articles:
        roles = _roles(entry)
        items += _target_items(entry, roles, ann, sentences, doc)
        items += _timing_items(entry, roles, sentences, doc)
        items += _body_items(entry, roles, ann, sentences, doc)
    items += _term_items(project, doc, sentences)
    return items


def _roles(entry) -> list[str]:
    roles = {ROLE_OF_TYPE[u.unit_type] for u in entry.unit_types if u.unit_type in ROLE_OF_TYPE}
    return [r for r in ROLES if r in roles or r == "组织部门"]


def _cite(doc: Document, sentence_id: str, sentences) -> str:
    part, k = sentence_id.rsplit(".s", 1)
    return f"{doc.number}第{part[4:]}条第{k}句：“{sentences[sentence_id].text}”"


def _choices(answer: str, pool: list[str], seed: str) -> list[str]:
    """The answer and three distinct distractors, in an order fixed by the seed."""
    others = sorted({p for p in pool if p != answer}, key=lambda p: hashlib.sha256((seed + p).encode()).hexdigest())[:3]
    return sorted([answer, *others], key=lambda p: hashlib.sha256((seed + "|" + p).encode()).hexdigest())


def _target_items(entry, roles, ann, sentences, doc) -> list[Question]:
    items = []
    for t in entry.targets:
        if isinstance(t.value, list) or t.unit in ("比例",):
            continue
        answer = f"{format_number(float(t.value))}{t.unit}"
        pool = [f"{format_number(float(o.value))}{o.unit}" for a in ann.articles for o in a.targets
                if not isinstance(o.value, list) and o.unit == t.unit]
        pool += [f"{format_number(float(t.value) * k)}{t.unit}" for k in (0.5, 2, 3)]
        choices = _choices(answer, pool, t.id)
        if len(choices) < 4:
            continue
        items.append(Question(
            id=f"gen-target-{t.id}", roles=roles, type="choice",
            question=f"按照{doc.number}第{entry.article}条，{t.indicator}（{t.scope}）的要求是多少？",
            choices=choices, answer=answer, sentence=t.sentence, support=t.quote or answer,
            explanation=f"要求为{'约' if t.comparator == '~' else ''}{answer}{'以上' if t.comparator == '>=' else ''}。见{_cite(doc, t.sentence, sentences)}",
        ))
    return items


def _timing_items(entry, roles, sentences, doc) -> list[Question]:
    items = []
    for k, t in enumerate(entry.timings, start=1):
        quote = t.quote or ""
        if t.kind == "deadline" and quote:
            phrase = next((w for w in ("今年年底前", "年底前", "年底", "今年") if w in quote), None)
            if phrase:
                items.append(Question(
                    id=f"gen-deadline-{entry.article}-{k}", roles=roles, type="fill",
                    question=f"按照{doc.number}第{entry.article}条，“{t.what}”应在什么时候完成？",
                    answer=phrase, sentence=t.sentence, support=quote,
                    explanation=f"原文为“{quote}”，即{t.date.year}年{t.date.month}月{t.date.day}日前。见{_cite(doc, t.sentence, sentences)}",
                ))
        word = RECURRENCE_WORDS.get(t.recurrence or "")
        if t.kind == "recurrence" and word and word in quote:
            items.append(Question(
                id=f"gen-recurrence-{entry.article}-{k}", roles=roles, type="choice",
                question=f"按照{doc.number}第{entry.article}条，“{t.what}”多长时间一次？",
                choices=_choices(word, ["每年", "每季度", "每三年", "每月", "每半年"], f"{entry.article}-{k}"),
                answer=word, sentence=t.sentence, support=quote,
                explanation=f"原文为“{quote}”。见{_cite(doc, t.sentence, sentences)}",
            ))
    return items


def _body_items(entry, roles, ann, sentences, doc) -> list[Question]:
    items = []
    pool = sorted({b.body for a in ann.articles for b in a.responsible})
    for k, b in enumerate(entry.responsible, start=1):
        if not b.role or b.body not in sentences[b.sentence].text:
            continue
        items.append(Question(
            id=f"gen-body-{entry.article}-{k}", roles=roles, type="choice",
            question=f"按照{doc.number}第{entry.article}条，由谁负责：{b.role}？",
            choices=_choices(b.body, pool, f"body-{entry.article}-{k}"), answer=b.body, sentence=b.sentence, support=b.body,
            explanation=f"由{b.body}负责。见{_cite(doc, b.sentence, sentences)}",
        ))
    return items


def _term_items(project: Project, doc: Document, sentences) -> list[Question]:
    items = []
    for term in project.terms:
        found = [s for o in term.occurrences if o.document == doc.id for s in o.sentences if s.startswith("art-")]
        articles = sorted({int(s.split(".")[0][4:]) for s in found})
        if len(articles) != 1:
            continue  # a term used in several articles makes no clear question
        answer = f"第{articles[0]}条"
        pool = [f"第{n}条" for n in range(1, 29)]
        items.append(Question(
            id=f"gen-term-{term.id}", roles=list(ROLES), type="choice",
            question=f"“{term.term}”是{doc.number}哪一条提出的要求？",
            choices=_choices(answer, pool, term.id), answer=answer, sentence=found[0],
            support=next(s for s in term.spellings if s in sentences[found[0]].text),
            explanation=f"“{term.term}”见{_cite(doc, found[0], sentences)}（解释：{term.explanation_for(doc.id)[:60]}…）",
        ))
    return items


def question_json(q: Question) -> dict:
    part = q.sentence.split(".")[0]
    return {"id": q.id, "type": q.type, "question": q.question, "choices": q.choices, "answer": q.answer_text,
            "answers": q.correct if q.type == "multi" else None,
            "explanation": q.explanation, "article": int(part[4:]) if part.startswith("art-") else None,
            "sentence": q.sentence, "roles": q.roles}
