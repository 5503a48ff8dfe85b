"""Training pages: the course by role, and the self-test quiz."""

from __future__ import annotations

from dataclasses import dataclass

from generator.model.training import ROLES, Course
from generator.project import Project
from generator.training.questions import question_bank, question_json
from generator.views.links import Link, link, sentence_label, sentence_link
from generator.views.policy import article_title

INDEX, QUIZ = "training/index.md", "training/quiz.md"
ROLE_CODES = {"村": "village", "社区": "community", "非公企业": "enterprise", "机关": "office", "组织部门": "department"}


@dataclass(frozen=True)
class Point:
    text: str
    quote: str
    source: Link


@dataclass(frozen=True)
class ModulePage:
    path: str
    title: str
    audience: str
    introduction: str
    goals: tuple[str, ...]
    articles: tuple[Link, ...]
    points: tuple[Point, ...]
    questions: int


@dataclass(frozen=True)
class TrainingIndex:
    path: str
    title: str
    note: str
    modules: tuple[tuple[Link, str, int], ...]
    quiz: Link


@dataclass(frozen=True)
class QuizPage:
    path: str
    roles: tuple[str, ...]
    questions: tuple[dict, ...]  # the page's script reads them as JSON (written by the template's tojson)


def module_path(role: str) -> str:
    return f"training/{ROLE_CODES[role]}.md"


def booklet_path(role: str) -> str:
    """Where a role's booklet (PDF) lies in the site."""
    return f"downloads/training/booklet-{ROLE_CODES[role]}.pdf"


def training_views(project: Project, course: Course) -> tuple[TrainingIndex, list[ModulePage], QuizPage]:
    doc = project.document(course.document)
    pages = []
    for module in course.modules:
        path = module_path(module.role)
        pages.append(ModulePage(
            path=path, title=module.title, audience=module.audience, introduction=module.introduction,
            goals=tuple(module.goals),
            articles=tuple(link(f"第{n}条 {article_title(doc.article(n))}", path, f"articles/art-{n}.md") for n in module.articles if doc.article(n)),
            points=tuple(Point(p.text, p.quote or "", sentence_link(path, p.sentence)) for p in module.key_points),
            questions=len(question_bank(project, doc.id, module.role)),
        ))
    index = TrainingIndex(INDEX, course.title, course.note,
                          tuple((link(m.title, INDEX, module_path(m.role)), m.audience, p.questions) for m, p in zip(course.modules, pages)),
                          link("自测题", INDEX, QUIZ))
    return index, pages, quiz_page(project, doc.id)


def quiz_page(project: Project, doc_id: str) -> QuizPage:
    items = []
    for q in question_bank(project, doc_id):
        item = question_json(q)
        item["url"] = f"../articles/art-{item['article']}.html#{q.sentence}" if item["article"] else f"../notice.html#{q.sentence}"
        item["cite"] = sentence_label(q.sentence)[1]
        items.append(item)
    return QuizPage(QUIZ, ROLES, tuple(items))
