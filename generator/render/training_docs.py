"""Printed training material: a quiz paper with its answer key, a sign-in sheet
(Word, GB/T 9704 layout), and a booklet per role (PDF via LibreOffice)."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from docx.enum.text import WD_BREAK

from generator.forms import layout as L
from generator.model.training import Module
from generator.output import normalize_zip
from generator.project import Project
from generator.training.questions import question_bank
from generator.views.policy import article_title

STAMP = dt.datetime(2012, 6, 20)
PAPER_SIZE = 30


def _save(document, path: Path) -> Path:
    props = document.core_properties
    props.author = props.last_modified_by = "党建工作手册"
    props.created = props.modified = STAMP
    props.revision = 1
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)
    normalize_zip(path, STAMP)
    return path


def quiz_paper(project: Project, doc_id: str, role: str, path: Path) -> Path:
    """Scenario items first, then generated ones; the answer key on a new page."""
    items = sorted(question_bank(project, doc_id, role), key=lambda q: q.id.startswith("gen-"))[:PAPER_SIZE]
    document = L.new_document()
    L.title(document, f"新任基层党组织书记培训自测题（{role}）")
    L.paragraph(document, "姓名：＿＿＿＿＿＿　单位：＿＿＿＿＿＿＿＿＿＿　得分：＿＿＿＿", indent=False)
    for n, q in enumerate(items, start=1):
        L.paragraph(document, f"{n}. {q.question}" + ("（对/错）" if q.type == "judge" else "＿＿＿＿" if q.type == "fill" else ""), indent=False)
        if q.choices and max(map(len, q.choices)) > 8:  # long options read better one per line
            for k, choice in enumerate(q.choices):
                L.paragraph(document, f"{'ABCD'[k]}. {choice}", indent=True)
        elif q.choices:
            L.paragraph(document, "　".join(f"{'ABCD'[k]}. {c}" for k, c in enumerate(q.choices)), indent=True)
    document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
    L.heading(document, "答案与解析")
    for n, q in enumerate(items, start=1):
        letter = f"{'ABCD'[q.choices.index(q.answer)]}. " if q.choices else ""
        L.paragraph(document, f"{n}. {letter}{q.answer}。{q.explanation}", indent=False)
    return _save(document, path)


def sign_in_sheet(path: Path, title: str = "新任基层党组织书记培训签到表") -> Path:
    document = L.new_document()
    L.title(document, title)
    L.paragraph(document, "培训时间：＿＿＿＿年＿＿月＿＿日　　地点：＿＿＿＿＿＿＿＿", indent=False)
    L.table(document, ["序号", "姓名", "单位", "职务", "签到", "备注"], [[str(n), "", "", "", "", ""] for n in range(1, 21)],
            [14, 26, 44, 26, 24, 22])
    return _save(document, path)


def booklet_docx(project: Project, doc_id: str, module: Module, path: Path) -> Path:
    """Course, the notice, the glossary, the role's typical checklist; headings become PDF bookmarks."""
    doc = project.document(doc_id)
    document = L.new_document()
    L.title(document, f"新任基层党组织书记培训手册（{module.role}）")
    L.paragraph(document, f"依据：{doc.number}《{doc.title}》。课程、要点和术语解释为编写组撰写，以通知原文为准。", indent=False)
    L.heading(document, f"第一部分　{module.title}")
    L.paragraph(document, module.introduction)
    L.heading(document, "学习目标", 2)
    for goal in module.goals:
        L.paragraph(document, f"· {goal}", indent=False)
    L.heading(document, "要点", 2)
    for point in module.key_points:
        L.paragraph(document, f"· {point.text}（{_where(point.sentence)}）", indent=False)
    L.heading(document, "第二部分　通知全文")
    for section in doc.sections:
        for article in section.articles:
            L.heading(document, f"第{article.number}条　{article_title(article)}", 2)
            L.paragraph(document, article.label + "".join(s.text for s in article.sentences))
    L.heading(document, "第三部分　术语")
    used = {f"art-{n}" for n in module.articles}
    for term in project.terms:
        if any(s.split(".")[0] in used for o in term.occurrences for s in o.sentences):
            L.paragraph(document, f"{term.term}：{term.explanation}", indent=False)
    L.heading(document, "第四部分　典型事项清单")
    _checklist(document, project, doc_id, module.role)
    return _save(document, path)


def _where(sentence_id: str) -> str:
    part, k = sentence_id.rsplit(".s", 1)
    return f"第{part[4:]}条第{k}句"


UNIT_TYPE_OF_ROLE = {"村": "村", "社区": "社区", "非公企业": "非公企业", "机关": "机关", "组织部门": "区县"}


def _checklist(document, project: Project, doc_id: str, role: str) -> None:
    rules = project.rules_for(doc_id)
    unit_type = UNIT_TYPE_OF_ROLE[role]
    rows = [[r.title, r.duty, r.due.isoformat() + "前" if r.due else (r.event or {"yearly": "每年", "quarterly": "每季度"}.get(r.recurrence or "", "—")), _where(r.sentence)]
            for r in (rules.rules if rules else []) if unit_type in r.unit_types]
    L.paragraph(document, f"以下为{unit_type}类组织通常适用的事项；具体到每个单位，以其单位页面的清单为准。", indent=False)
    L.table(document, ["事项", "要做什么", "期限", "出处"], rows, [30, 74, 26, 26])


def booklet_pdf(project: Project, doc_id: str, module: Module, target: Path) -> Path:
    from pypdf import PdfReader, PdfWriter

    from generator.render.pdf import docx_to_pdf

    with tempfile.TemporaryDirectory(prefix="handbook-booklet-") as tmp:
        source = booklet_docx(project, doc_id, module, Path(tmp) / "booklet.docx")
        pdf = docx_to_pdf([source], Path(tmp) / "pdf")[0]
        writer = PdfWriter(clone_from=PdfReader(str(pdf)))
        writer.add_metadata({"/Title": f"新任基层党组织书记培训手册（{module.role}）", "/Author": "党建工作手册",
                             "/Subject": project.document(doc_id).number, "/Creator": "党建工作手册生成器"})
        writer.page_mode = "/UseOutlines"
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "wb") as handle:
            writer.write(handle)
    return target

