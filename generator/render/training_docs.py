"""Printed training material: a quiz paper with its answer key, a sign-in sheet
(Word, GB/T 9704 layout), and a booklet per role (PDF via LibreOffice).

The booklet is a printed course: a cover (title, role, document number, date),
a contents page with page numbers, each part on a new page, a running header.
Word cannot be asked to update a contents field during a headless conversion,
so the booklet is laid out twice: the first PDF says on which page each heading
landed (its bookmarks), the second carries those numbers (they take no more room
than the placeholders, so nothing moves).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from generator.forms import layout as L
from generator.model.training import Module, Question
from generator.output import normalize_zip
from generator.project import Project
from generator.training.questions import question_bank
from generator.views.policy import article_title

STAMP = dt.datetime(2012, 6, 20)
PAPER_SIZE = 30
# Items a paper takes of each type, in the order the sections are printed; a type
# with fewer items leaves its places to the others.
PAPER_MIX = (("choice", 12), ("multi", 6), ("judge", 6), ("fill", 6))
SECTION_TITLES = {
    "choice": "单项选择题（每题只有一个正确答案）",
    "multi": "多项选择题（每题有两个以上正确答案）",
    "judge": "判断题（正确的填“√”，错误的填“×”）",
    "fill": "填空题",
}
ROLE_TITLE = {"村": "村党组织书记", "社区": "社区党组织书记", "非公企业": "非公企业和社会组织党组织书记",
              "机关": "机关事业单位党组织书记", "组织部门": "组织部门工作人员"}
NUMERALS = "一二三四五六七八九十"
LETTERS = "ABCDEFGH"
# The answer bracket and the blank never break over two lines. The bracket is "（）" with
# the room to write made by character spacing: nothing may break between "（" and "）",
# whereas LibreOffice breaks after "（" before any kind of space. Word joiners hold the blank.
BRACKET = "（）"
BRACKET_ROOM_PT = 28
FILL_BLANK = "\u2060".join("＿" * 6)
OPTION_INDENT_EM = 2
PAPER_PT, PAPER_LINE_PT = 14, 24  # 四号: a test paper is not an official document
PAPER_LINE_EM = int(L.TEXT_WIDTH_MM / (PAPER_PT * 25.4 / 72))


def _save(document, path: Path) -> Path:
    props = document.core_properties
    props.author = props.last_modified_by = "党建工作手册"
    props.created = props.modified = STAMP
    props.revision = 1
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)
    normalize_zip(path, STAMP)
    return path


def role_title(role: str) -> str:
    return ROLE_TITLE.get(role, role)


# ---- quiz paper ----------------------------------------------------------------------------------

def paper_items(project: Project, doc_id: str, role: str) -> list[tuple[str, list[Question]]]:
    """The paper's questions grouped by type: hand-written scenarios before generated items."""
    bank = question_bank(project, doc_id, role)
    by_type = {kind: sorted((q for q in bank if q.type == kind), key=lambda q: q.id.startswith("gen-")) for kind, _ in PAPER_MIX}
    wanted = {kind: min(n, len(by_type[kind])) for kind, n in PAPER_MIX}
    spare = PAPER_SIZE - sum(wanted.values())
    for kind, _ in PAPER_MIX:  # fill the places a short type leaves
        extra = min(spare, len(by_type[kind]) - wanted[kind])
        wanted[kind] += extra
        spare -= extra
    return [(kind, by_type[kind][:wanted[kind]]) for kind, _ in PAPER_MIX if wanted[kind]]


def quiz_paper(project: Project, doc_id: str, role: str, path: Path) -> Path:
    """Sections by question type with （　　） brackets; each stem kept with its options;
    the answer key on a page of its own."""
    groups = paper_items(project, doc_id, role)
    doc = project.document(doc_id)
    document = L.new_document()
    L.body_type(document, PAPER_PT, PAPER_LINE_PT)
    L.title(document, "新任基层党组织书记培训自测题")
    L.centred(document, f"（{role_title(role)}适用）", font=L.HEADING2_FONT)
    info = "姓名：＿＿＿＿＿　单位：＿＿＿＿＿＿＿　得分：＿＿＿"
    assert L.em_width(info) <= PAPER_LINE_EM, info
    L.paragraph(document, info, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    total = sum(len(items) for _, items in groups)
    L.note(document, f"说明：本卷共{total}题，依据{doc.number}编写。选择题将正确答案的字母填入括号内，答案与解析附在最后。")
    n = 0
    numbered: list[tuple[str, list[tuple[int, Question]]]] = []
    for k, (kind, items) in enumerate(groups):
        L.heading(document, f"{NUMERALS[k]}、{SECTION_TITLES[kind]}")
        rows = []
        for q in items:
            n += 1
            rows.append((n, q))
            _question(document, n, q)
        numbered.append((kind, rows))
    L.heading(document, "答案与解析", new_page=True)
    for k, (kind, rows) in enumerate(numbered):
        L.heading(document, f"{NUMERALS[k]}、{SECTION_TITLES[kind].split('（')[0]}", level=2)
        for number, q in rows:
            L.paragraph(document, f"{number}. {_key(q)}。{q.explanation}", indent=False)
    return _save(document, path)


def _stem(n: int, q: Question) -> str:
    if q.type == "fill":
        text = re.sub(r"[_＿]{2,}", FILL_BLANK, q.question)
        return f"{n}. {text}" if FILL_BLANK in text else f"{n}. {text}{FILL_BLANK}"
    return f"{n}. {q.question}"


def _question(document, n: int, q: Question) -> None:
    stem = L.paragraph(document, _stem(n, q), indent=False)
    if q.type != "fill":
        L.spaced_run(stem, BRACKET[0], BRACKET_ROOM_PT)
        stem.add_run(BRACKET[1])
    stem.paragraph_format.keep_with_next = bool(q.choices)
    stem.paragraph_format.keep_together = True
    lines = option_lines(q.choices or [])
    for k, (texts, columns) in enumerate(lines):
        p = L.paragraph(document, "\t".join(texts), indent=False)
        fmt = p.paragraph_format
        fmt.left_indent = Pt(PAPER_PT * OPTION_INDENT_EM)
        if columns == 1:  # a long option wraps under its own text, not under the letter
            fmt.first_line_indent = Pt(-PAPER_PT * 1.5)
            fmt.left_indent = Pt(PAPER_PT * (OPTION_INDENT_EM + 1.5))
        step = (PAPER_LINE_EM - OPTION_INDENT_EM) / columns
        for c in range(1, columns):
            fmt.tab_stops.add_tab_stop(Pt(PAPER_PT * (OPTION_INDENT_EM + step * c)))
        fmt.keep_with_next = k < len(lines) - 1
        fmt.keep_together = True


def option_lines(choices: list[str]) -> list[tuple[list[str], int]]:
    """Options four to a line, two to a line, or one to a line: the most per line
    that lets every option stand whole in its column."""
    labelled = [f"{LETTERS[k]}. {c}" for k, c in enumerate(choices)]
    room = PAPER_LINE_EM - OPTION_INDENT_EM
    for columns in (4, 2):
        if all(L.em_width(t) <= room / columns - 1 for t in labelled):
            return [(labelled[i:i + columns], columns) for i in range(0, len(labelled), columns)]
    return [([t], 1) for t in labelled]


def _key(q: Question) -> str:
    if q.type == "judge":
        return "√" if q.answer == "对" else "×"
    if q.choices:
        letters = "".join(LETTERS[q.choices.index(a)] for a in sorted(q.correct, key=q.choices.index))
        return f"{letters}（{q.answer_text}）"
    return q.answer_text


def sign_in_sheet(path: Path, title: str = "新任基层党组织书记培训签到表") -> Path:
    document = L.new_document()
    L.title(document, title)
    L.paragraph(document, "培训时间：＿＿＿＿年＿＿月＿＿日　地点：＿＿＿＿＿＿＿", indent=False)
    L.table(document, ["序号", "姓名", "单位", "职务", "签到", "备注"], [[str(n), "", "", "", "", ""] for n in range(1, 21)],
            [14, 26, 44, 26, 24, 22], align=["center"] * 6, row_height_mm=9)
    return _save(document, path)


# ---- booklet -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Entry:
    """A line of the contents page: a heading and the page it starts on."""

    title: str
    level: int


def booklet_docx(project: Project, doc_id: str, module: Module, path: Path,
                 pages: dict[str, int] | None = None) -> tuple[Path, list[Entry]]:
    """Cover, contents, then the course, the notice, the glossary and the role's typical
    checklist, each part on a new page. `pages` numbers the contents (None: placeholders)."""
    doc = project.document(doc_id)
    document = L.new_document()
    title = f"新任基层党组织书记培训手册（{module.role}）"
    _cover(document, doc, module)
    entries = _contents_entries(doc, module)
    _contents(document, entries, pages)
    body = document.add_section(WD_SECTION.NEW_PAGE)
    _body_section(document, body, f"{doc.number}　{title}")
    _course(document, module)
    _notice(document, doc)
    _terms(document, project, doc_id, module)
    L.heading(document, "第四部分　典型事项清单", new_page=True)
    _checklist(document, project, doc_id, module.role)
    return _save(document, path), entries


def _cover(document, doc, module: Module) -> None:
    for _ in range(4):
        L.paragraph(document, "", indent=False)
    p = L.centred(document, "新任基层党组织书记培训手册", font=L.TITLE_FONT)
    for run in p.runs:
        L.set_font(run._r, L.TITLE_FONT, 26)
    p.paragraph_format.line_spacing = Pt(44)
    L.centred(document, f"（{role_title(module.role)}适用）", font=L.HEADING2_FONT)
    for _ in range(6):
        L.paragraph(document, "", indent=False)
    L.centred(document, f"依据{doc.issuer}{doc.number}")
    L.centred(document, f"《{doc.title}》")
    for _ in range(6):
        L.paragraph(document, "", indent=False)
    L.centred(document, "党建工作手册编写组")
    L.centred(document, f"{doc.date.year}年{doc.date.month}月")


def _contents_entries(doc, module: Module) -> list[Entry]:
    return [
        Entry("第一部分　课程", 1), Entry("学习目标", 2), Entry("要点", 2),
        Entry("第二部分　通知全文", 1), Entry("印发通知", 2), *(Entry(s.heading, 2) for s in doc.sections),
        Entry("第三部分　术语", 1), Entry("第四部分　典型事项清单", 1),
    ]


def _contents(document, entries: list[Entry], pages: dict[str, int] | None) -> None:
    L.title(document, "目　录")
    document.paragraphs[-1].paragraph_format.page_break_before = True
    for entry in entries:
        page = str(pages.get(entry.title, "")) if pages else "00"
        L.contents_line(document, entry.title, page, entry.level)


def _body_section(document, body, header: str) -> None:
    """Page numbers restart at 1 after the cover and contents, which carry none."""
    cover = document.sections[0]
    for footer in (cover.footer, cover.even_page_footer):
        for p in footer.paragraphs:
            p._p.clear_content()
    for footer in (body.footer, body.even_page_footer):
        footer.is_linked_to_previous = False
    L.page_numbers(body)
    L.running_header(body, header)
    start = OxmlElement("w:pgNumType")
    start.set(qn("w:start"), "1")
    body._sectPr.insert_element_before(start, "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg",
                                       "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings")


def _course(document, module: Module) -> None:
    L.heading(document, "第一部分　课程")
    L.centred(document, module.title, font=L.HEADING2_FONT)
    L.paragraph(document, module.introduction)
    L.heading(document, "学习目标", 2)
    for goal in module.goals:
        L.paragraph(document, f"· {goal}", indent=False)
    L.heading(document, "要点", 2)
    for point in module.key_points:
        L.paragraph(document, f"· {point.text}（{_where(point.sentence)}）", indent=False)
    L.note(document, "导读和要点为编写组撰写，以通知原文为准。")


def _notice(document, doc) -> None:
    """The notice word for word: the covering notice, then the opinion by section and article."""
    L.heading(document, "第二部分　通知全文", new_page=True)
    L.heading(document, "印发通知", 2)
    cover = doc.cover
    L.paragraph(document, cover.number, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    L.paragraph(document, cover.title, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    L.paragraph(document, cover.addressees, indent=False)
    L.paragraph(document, cover.body)
    L.signature(document, cover.signature, cover.date)
    L.paragraph(document, cover.distribution)
    for line in doc.opinion_title:
        L.paragraph(document, line, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    L.paragraph(document, "".join(s.text for s in doc.preamble))
    for section in doc.sections:
        L.heading(document, section.heading, 2)
        for article in section.articles:
            L.heading(document, f"第{article.number}条　{article_title(article)}", 3)
            L.paragraph(document, article.label + "".join(s.text for s in article.sentences))
    for line in doc.closing:
        L.paragraph(document, line, indent=False)


def _terms(document, project: Project, doc_id: str, module: Module) -> None:
    L.heading(document, "第三部分　术语", new_page=True)
    L.note(document, "以下解释为编写组撰写，不是通知原文；括号内为术语出现的条款。")
    used = {f"art-{n}" for n in module.articles}
    for term in project.terms:
        # the notice's articles only: the same term in the 党章 has articles of its own numbering
        sentences = [s for o in term.occurrences if o.document == doc_id for s in o.sentences]
        articles = sorted({int(s.split(".")[0][4:]) for s in sentences if s.startswith("art-")})
        if any(f"art-{n}" in used for n in articles):
            L.paragraph(document, f"{term.term}：{term.explanation_for(doc_id)}（第{'、'.join(map(str, articles))}条）")


def _where(sentence_id: str) -> str:
    part, k = sentence_id.rsplit(".s", 1)
    return f"第{part[4:]}条第{k}句"


UNIT_TYPE_OF_ROLE = {"村": "村", "社区": "社区", "非公企业": "非公企业", "机关": "机关", "组织部门": "区县"}


def _checklist(document, project: Project, doc_id: str, role: str) -> None:
    """The duties of every document with rules (views/checklists.py `merged_rules`): the notice's cited
    by sentence as before (the booklet follows the notice), another document's by name and article; a
    document not in force says so in the 出处 cell and once below the table."""
    from generator.views.checklists import merged_rules
    from generator.views.sources import RuleSources

    rules = merged_rules(project, doc_id) if project.rules_for(doc_id) is not None else None
    sources = RuleSources(project, rules) if rules else None
    unit_type = UNIT_TYPE_OF_ROLE[role]
    chosen = [r for r in (rules.rules if rules else []) if unit_type in r.types()]  # levels (基层党组织) expanded
    rows = [[r.title, r.duty, r.due.isoformat() + " 前" if r.due else (r.event or {"yearly": "每年", "quarterly": "每季度"}.get(r.recurrence or "", "—")),
             sources.of(r).marked_cell] for r in chosen]
    L.paragraph(document, f"以下为{unit_type}类组织通常适用的事项；具体到每个单位，以其单位页面的清单为准。")
    L.table(document, ["事项", "要做什么", "期限", "出处"], rows, [30, 64, 30, 32], align=["left", "left", "center", "center"])
    for caution in dict.fromkeys(sources.of(r).caution for r in chosen if sources.of(r).caution):
        L.note(document, caution)


# ---- booklet PDF ---------------------------------------------------------------------------------

def booklet_pdf(project: Project, doc_id: str, module: Module, target: Path, say: Callable[[str], None] | None = None) -> Path:
    return booklet_pdfs(project, doc_id, [(module, target)], say)[0]


def booklet_pdfs(project: Project, doc_id: str, jobs: list[tuple[Module, Path]], say: Callable[[str], None] | None = None) -> list[Path]:
    """Every role's booklet in two LibreOffice runs (contents numbered in the second)."""
    from pypdf import PdfReader, PdfWriter

    from generator.render.pdf import write_pdf

    doc = project.document(doc_id)
    with tempfile.TemporaryDirectory(prefix="handbook-booklet-") as tmp:
        folder = Path(tmp)
        drafts = [booklet_docx(project, doc_id, m, folder / "draft" / f"booklet-{k}.docx") for k, (m, _) in enumerate(jobs)]
        if say:
            say(f"培训手册 PDF：排版 {len(jobs)} 份（第 1 遍，共 2 遍）……")
        first = cached_pdfs([d for d, _ in drafts], folder / "draft-pdf")
        finals = []
        for k, ((module, _), (_, entries), pdf) in enumerate(zip(jobs, drafts, first)):
            pages = heading_pages(PdfReader(str(pdf)), entries)
            finals.append(booklet_docx(project, doc_id, module, folder / "final" / f"booklet-{k}.docx", pages)[0])
        if say:
            say("培训手册 PDF：填写目录页码（第 2 遍，共 2 遍）……")
        for (module, target), pdf in zip(jobs, cached_pdfs(finals, folder / "final-pdf")):
            writer = PdfWriter(clone_from=PdfReader(str(pdf)))
            write_pdf(writer, target, f"新任基层党组织书记培训手册（{module.role}）", doc.number)
    return [target for _, target in jobs]


def heading_pages(reader, entries: list[Entry]) -> dict[str, int]:
    """The printed page number of each contents entry: the body is numbered from 1
    on the page where the first part starts (its bookmark says which)."""
    found: dict[str, int] = {}

    def walk(outline):
        for item in outline:
            if isinstance(item, list):
                walk(item)
            elif item.title not in found:
                found[item.title] = reader.get_destination_page_number(item)

    walk(reader.outline)
    first = found.get(entries[0].title, 0)
    return {e.title: found[e.title] - first + 1 for e in entries if e.title in found}


def installed_fonts() -> bytes:
    """Which font files the official names resolve to now (a font installed or removed
    since a conversion makes a new one)."""
    import subprocess

    from generator.render.pdf import FONTS_CONF

    found = []
    for name in (L.BODY_FONT, L.TITLE_FONT, L.HEADING1_FONT, L.HEADING2_FONT, L.NUMBER_FONT):
        try:
            found.append(subprocess.run(["fc-match", "-f", "%{file}:%{style}", name], capture_output=True, timeout=30,
                                        env={**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF)}).stdout)
        except (OSError, subprocess.SubprocessError):
            found.append(b"?")
    return b"|".join(found)


def cached_pdfs(sources: list[Path], out_dir: Path) -> list[Path]:
    """LibreOffice output for these bytes. A build writes nothing outside its output, so
    conversions are not kept between builds (an unchanged course keeps its booklets by the
    incremental build instead); HANDBOOK_PDF_CACHE names a folder to keep them in, which the
    test suite uses (the key covers the file, our font mapping and the LibreOffice installed)."""
    from generator.render.pdf import FONTS_CONF, docx_to_pdf, soffice

    if not os.environ.get("HANDBOOK_PDF_CACHE"):
        return docx_to_pdf(sources, out_dir / "converted")
    cache = Path(os.environ["HANDBOOK_PDF_CACHE"])
    engine = os.path.realpath(soffice())
    salt = FONTS_CONF.read_bytes() + engine.encode() + str(os.stat(engine).st_mtime_ns).encode() + installed_fonts()
    keys = [hashlib.sha256(salt + s.read_bytes()).hexdigest() for s in sources]
    out_dir.mkdir(parents=True, exist_ok=True)
    missing = [(s, k) for s, k in zip(sources, keys) if not (cache / f"{k}.pdf").exists()]
    if missing:
        converted = docx_to_pdf([s for s, _ in missing], out_dir / "converted")
        try:
            cache.mkdir(parents=True, exist_ok=True)
            for pdf, (_, key) in zip(converted, missing):
                shutil.copyfile(pdf, cache / f".{key}.tmp")
                os.replace(cache / f".{key}.tmp", cache / f"{key}.pdf")
        except OSError:  # no writable cache: use the fresh conversions directly
            return [out_dir / "converted" / f"{s.stem}.pdf" if (s, k) in missing else cache / f"{k}.pdf"
                    for s, k in zip(sources, keys)]
    return [cache / f"{k}.pdf" for k in keys]
