"""Word and PDF versions of the two real texts, made here from the same text:
python-docx writes a GB/T 9704 style .docx (title, headings, indented paragraphs,
«— N —» page numbers), LibreOffice turns it into a PDF, and the importer must
recognize the same structure and give back the same text."""

from __future__ import annotations

import re
import shutil

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from conftest import TESTS
from generator.forms import layout
from generator.importing import ImportFailed, import_file, import_text
from generator.importing.report import format_report
from generator.model.document import Document
from generator.model.provisions import citation
from generator.source import document_text

NOTICE = (TESTS / "data" / "seed-changde-2012-5.txt").read_text(encoding="utf-8")
DANGZHANG = (TESTS / "data" / "library-zhongguo-gongchandang-zhangcheng-2017.txt").read_text(encoding="utf-8")
HEADING = re.compile(r"^(第[一二三四五六七八九十]+章|总纲$|[一二三四五六七]、)")


def official_docx(text: str, path, title_lines: int, centred: tuple[str, ...] = (), running_header: str | None = None,
                  justify: bool = False) -> None:
    """One paragraph per line: titles, headings (黑体), body paragraphs indented two characters."""
    document = layout.new_document()
    for k, line in enumerate(text.split("\n")):
        if k < title_lines:
            layout.title(document, line)
        elif line in centred:
            layout.paragraph(document, line, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
        elif HEADING.match(line):
            layout.heading(document, line)
        else:
            layout.paragraph(document, line, align=WD_ALIGN_PARAGRAPH.JUSTIFY if justify else None)
    if running_header:
        for header in (document.sections[0].header, document.sections[0].even_page_header):
            header.paragraphs[0].text = running_header
            header.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.save(path)


def notice_docx(path) -> None:
    lines = NOTICE.split("\n")
    official_docx(NOTICE, path, title_lines=1, centred=tuple(lines[7:9]))


def dangzhang_docx(path) -> None:
    lines = DANGZHANG.split("\n")
    official_docx(DANGZHANG, path, title_lines=1, centred=(lines[1],), running_header="中国共产党章程", justify=True)


# --- Word ----------------------------------------------------------------------------------


def test_docx_of_the_notice_imports_as_the_text(tmp_path):
    notice_docx(tmp_path / "notice.docx")
    result = import_file(tmp_path / "notice.docx", "changde-2012-5")
    assert result.document == import_text(NOTICE, "changde-2012-5").document
    report = result.report
    assert report.format == "docx" and report.description == "Word 文档（46 段）"
    assert {e.id: e.where for e in report.elements}["art-9"] == "第 22 段"
    assert [(d.where, d.reason) for d in report.dropped] == [("第 1 节页脚", "页脚（不属于正文）")]
    assert "— 1 —" in report.dropped[0].text


def test_docx_of_the_dangzhang_imports_as_the_text(tmp_path):
    dangzhang_docx(tmp_path / "dz.docx")
    result = import_file(tmp_path / "dz.docx", "dangzhang-2017")
    assert result.document == import_text(DANGZHANG, "dangzhang-2017").document
    assert result.report.unplaced == [] and result.report.warnings == []
    assert "提取的文本" in format_report(result.report)


def _numbered_docx(path, fmt: str = "chineseCounting", item_fmt: str = "chineseCounting", bullet_line: int | None = None) -> list[str]:
    """Chapter one of the 党章 with 第X条 and （X） kept as Word list numbering, not text."""
    lines = DANGZHANG.split("\n")[:72]
    document = layout.new_document()
    numbering = document.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), "90")
    for ilvl, (text, level_fmt) in enumerate((("第%1条", fmt), ("（%2）", item_fmt))):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(ilvl))
        for tag, value in (("w:start", "1"), ("w:numFmt", level_fmt), ("w:suff", "nothing"), ("w:lvlText", text)):
            el = OxmlElement(tag)
            el.set(qn("w:val"), value)
            lvl.append(el)
        abstract.append(lvl)
    numbering.insert(0, abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), "90")
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), "90")
    num.append(ref)
    numbering.append(num)
    for k, line in enumerate(lines):
        article = re.match(r"^第[一二三四五六七八九十]+条", line)
        item = re.match(r"^（[一二三四五六七八九十]+）", line)
        p = document.add_paragraph(line[article.end():] if article else line[item.end():] if item else line)
        if article or item or k == bullet_line:
            pr = p._p.get_or_add_pPr()
            num_pr = OxmlElement("w:numPr")
            for tag, value in (("w:ilvl", "0" if article or k == bullet_line else "1"), ("w:numId", "90")):
                el = OxmlElement(tag)
                el.set(qn("w:val"), value)
                num_pr.append(el)
            pr.append(num_pr)
    document.save(path)
    return lines


def test_docx_list_numbering_is_recovered(tmp_path):
    lines = _numbered_docx(tmp_path / "numbered.docx")
    result = import_file(tmp_path / "numbered.docx", "dz")
    assert result.report.text == "\n".join(lines)  # 第一条　… and （一）… as printed
    assert result.report.warnings == []
    assert any("由 Word 自动编号还原了 25 个编号（如「第一条」）" in n for n in result.report.notes)
    doc = Document.model_validate(result.document)
    assert len(doc.articles) == 9 and citation(doc, "art-4.p1.i8") == "《中国共产党章程》第四条第一款第（八）项"


def test_docx_numbering_that_cannot_be_recovered_is_reported_with_its_paragraph(tmp_path):
    _numbered_docx(tmp_path / "odd.docx", item_fmt="chineseLegalSimplified")
    result = import_file(tmp_path / "odd.docx", "dz")
    odd = [w for w in result.report.warnings if w.code == "docx-numbering"]
    assert len(odd) == 16 and odd[0].where == "第 40 段"
    assert "无法还原 Word 自动编号（格式 chineseLegalSimplified）" in odd[0].message
    third = result.document["chapters"][0]["articles"][2]["paragraphs"]
    assert len(third) == 9 and third[1]["sentences"][0]["text"].startswith("认真学习")  # kept, as paragraphs without 项号


def test_docx_text_boxes_tables_and_bullets_are_reported(tmp_path):
    lines = _numbered_docx(tmp_path / "boxed.docx", bullet_line=None)
    import docx

    document = docx.Document(tmp_path / "boxed.docx")
    body = document.paragraphs[3]
    box = OxmlElement("w:txbxContent")
    inner = OxmlElement("w:p")
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "中共中央文件"
    run.append(t)
    inner.append(run)
    box.append(inner)
    body._p.append(box)
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "抄送：中央各部门"
    table.cell(0, 1).text = "2017年10月24日印发"
    document.save(tmp_path / "boxed.docx")
    result = import_file(tmp_path / "boxed.docx", "dz")
    assert ("第 4 段", "文本框中的文字（不属于正文段落）", "中共中央文件") in [(d.where, d.reason, d.text) for d in result.report.dropped]
    assert result.report.description == "Word 文档（72 段，1 个表格）"
    assert result.document["closing"] == ["抄送：中央各部门", "2017年10月24日印发"]
    assert result.report.lines[-1] == ("2017年10月24日印发", "表格 1 第 1 行第 2 列")
    assert result.report.text.split("\n")[:72] == lines


# --- PDF (LibreOffice) -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        pytest.skip("LibreOffice 不在 PATH 中（apt-get install libreoffice-writer-nogui），无法由 .docx 生成 PDF")
    from generator.render.pdf import docx_to_pdf

    folder = tmp_path_factory.mktemp("pdf")
    notice_docx(folder / "notice.docx")
    dangzhang_docx(folder / "dangzhang.docx")
    notice, dangzhang = docx_to_pdf([folder / "notice.docx", folder / "dangzhang.docx"], folder)
    return {"notice": notice, "dangzhang": dangzhang}


def test_pdf_of_the_dangzhang_gives_back_the_text(pdfs):
    result = import_file(pdfs["dangzhang"], "dangzhang-2017")
    report = result.report
    assert report.text == DANGZHANG
    assert result.document == import_text(DANGZHANG, "dangzhang-2017").document
    assert report.unplaced == [] and report.warnings == []
    pages = int(re.search(r"（(\d+) 页", report.description)[1])
    assert pages > 10
    reasons = [d.reason for d in report.dropped]
    assert reasons.count("页码") == pages and reasons.count("页眉或页脚（各页重复）") == pages
    assert all(re.fullmatch(r"— \d+ —", d.text) for d in report.dropped if d.reason == "页码")
    assert any("重新接成段落" in n for n in report.notes)
    element = {e.id: e for e in report.elements}
    assert re.fullmatch(r"第 \d+ 页第 \d+(–\d+)? 行", element["art-32.p1.i6"].where)
    assert "提取的文本" in format_report(report)


def test_pdf_of_the_notice_gives_back_the_text(pdfs):
    result = import_file(pdfs["notice"], "changde-2012-5")
    assert result.report.text == NOTICE
    assert result.document == import_text(NOTICE, "changde-2012-5").document
    assert [d.reason for d in result.report.dropped] == ["页码"] * len(result.report.dropped)
    assert document_text(Document.model_validate(result.document)) == NOTICE


def test_pdf_without_text_layer_is_refused(tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with open(tmp_path / "scan.pdf", "wb") as out:
        writer.write(out)
    with pytest.raises(ImportFailed, match="没有文字层"):
        import_file(tmp_path / "scan.pdf", "x")


def test_pdf_reader_falls_back_on_pypdfs_public_api(pdfs, monkeypatch):
    """Should pypdf's layout internals move, the text still comes in, with positions
    estimated and the report saying so."""
    from generator.importing import pdf_reader

    monkeypatch.setattr(pdf_reader, "_runs", lambda page: (pdf_reader._runs_by_visitor(page), True))
    result = import_file(pdfs["dangzhang"], "dangzhang-2017")
    counts = result.report.counts
    assert (counts["章"], counts["条"], counts["项"]) == (11, 55, 51)
    assert any("文字位置只能估算" in n for n in result.report.notes)


def test_pdf_lines_read_spaces_from_the_distance_they_take():
    """A fallback font maps U+3000 to a space glyph, or leaves only the distance: an em is
    a full-width space, a third of an em a plain one, justification gaps nothing."""
    from generator.importing.pdf_reader import Run, _line, _first_unit_width, PdfLine

    runs = [Run(0, 0, 48, 16, "第一条"), Run(48, 0, 53, 16, " "), Run(64, 0, 96, 16, "党员"),
            Run(96, 0, 112, 16, "按"), Run(118, 0, 122, 16, "1"), Run(124, 0, 156, 16, "比例")]
    assert _line(runs, 1, 1).text == "第一条\u3000党员按 1比例"
    assert _line([Run(0, 0, 48, 16, "第一章"), Run(64, 0, 96, 16, "党员")], 1, 1).text == "第一章\u3000党员"
    widths = {t: _first_unit_width(PdfLine(1, 1, 0, 0, 0, 1.0, t)) for t in ("般”、“较差", "1:0.9 :0.8:0.7比例", "中国", "（一）宣传")}
    assert widths == {"般”、“较差": 5.0, "1:0.9 :0.8:0.7比例": 7.0, "中国": 1.0, "（一）宣传": 3.0}
