"""The import report: what was recognized (counts, every element with its id, place
and first words), what was left out, what could not be placed, and for Word and
PDF files the extracted text that `handbook source` will reproduce."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from generator.importing.extracted import Dropped, Extracted, ImportWarning
from generator.model.document import Document
from generator.model.provisions import provisions

_KINDS = {"preamble": "序言", "chapter": "章", "section": "节", "article": "条", "paragraph": "段", "item": "项", "attachment": "附件"}
# Warnings about a line whose role was not recognized (kept where it stands).
UNPLACED = {"unplaced"}


@dataclass(frozen=True)
class Element:
    id: str
    kind: str
    label: str
    where: str
    words: str


@dataclass
class ImportReport:
    source: str
    doc_id: str
    format: str
    description: str
    counts: dict[str, int]
    metadata: list[str]
    elements: list[Element]
    warnings: list[ImportWarning]
    dropped: list[Dropped]
    notes: list[str]
    lines: list[tuple[str, str]]  # the extracted text, line by line, with where each line stood
    layout: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(line for line, _ in self.lines)

    @property
    def unplaced(self) -> list[ImportWarning]:
        return [w for w in self.warnings if w.code in UNPLACED]

    def to_json(self) -> dict:
        data = asdict(self)
        data["unplaced"] = [asdict(w) for w in self.unplaced]
        return data


def build_report(source: str, doc_id: str, extracted: Extracted, doc: Document, wheres: dict[str, str],
                 warnings: list[ImportWarning], metadata: list[str]) -> ImportReport:
    elements = [
        Element(p.id, _kind(p), _label(p), wheres.get(p.id, ""), _words(p.text))
        for p in provisions(doc) if p.kind != "sentence"
    ]
    return ImportReport(
        source=source, doc_id=doc_id, format=extracted.format, description=extracted.description,
        counts=_counts(doc), metadata=metadata, elements=elements,
        warnings=[*extracted.warnings, *warnings], dropped=list(extracted.dropped), notes=list(extracted.notes),
        lines=[(line.text, line.where) for line in extracted.lines], layout=_layout(doc),
    )


def _kind(p) -> str:
    if p.kind == "preamble":
        return getattr(p.node, "kind", "引言")  # 总纲, 序言; the one-paragraph preamble is a list
    if p.kind == "paragraph" and p.parent and p.parent.startswith("art-") and "." not in p.parent:
        return "款"
    return _KINDS[p.kind]


def _label(p) -> str:
    heading = getattr(p.node, "heading", None)
    if p.kind in ("chapter", "section") and heading:
        return heading
    if p.kind == "article":
        return p.node.label.strip()
    if p.kind == "item":
        return p.node.label
    if p.kind == "attachment":
        return p.node.label
    return p.label


def _words(text: str, width: int = 20) -> str:
    return text if len(text) <= width else text[:width] + "…"


def _counts(doc: Document) -> dict[str, int]:
    found = list(provisions(doc))

    def count(kind: str) -> int:
        return sum(1 for p in found if p.kind == kind)

    article_paragraphs = sum(len(a.paragraphs) for a in doc.articles)
    counts = {
        "文头行": len(doc.front) + (7 if doc.cover is not None else 0),
        "标题行": len(doc.opinion_title),
        "题注": len(doc.caption),
        f"{doc.preface.kind if doc.preface else '引言'}段": (len(doc.preface.paragraphs) if doc.preface else 0) + (1 if doc.preamble else 0),
        "章": len(doc.chapters),
        "节": len(doc.sections) - sum(1 for s in doc.sections if s.heading is None) + sum(len(c.sections) for c in doc.chapters),
        "条": len(doc.articles),
        "款": article_paragraphs,
        "项": count("item"),
        "句": count("sentence"),
        "附件": len(doc.attachments),
        "文末行": len(doc.closing),
    }
    return counts


def _layout(doc: Document) -> list[str]:
    lines = []
    if doc.cover is not None:
        lines.append(f"印发通知（7 行）：{doc.cover.title}")
    for line in doc.front:
        lines.append(f"文头·{line.role}：{line.text}")
    lines.append(f"标题：{' / '.join(doc.opinion_title)}")
    lines += [f"题注：{c}" for c in doc.caption]
    lines += [f"文末：{c}" for c in doc.closing]
    return lines


def format_summary(report: ImportReport, saved_to=None) -> str:
    """What `handbook import` prints: everything but the element list and the text."""
    out = _findings(report)
    if saved_to is not None:
        out.append(f"完整报告已写入 {saved_to}")
    else:
        out.append("完整报告（逐项编号、位置和开头文字" + ("，以及提取的文本" if report.format != "txt" else "") + "）可用 --report 文件 保存")
    return "\n".join(out) + "\n"


def _findings(report: ImportReport) -> list[str]:
    out = [f"导入报告：{report.source} → {report.doc_id}", f"来源：{report.description}", ""]
    out += ["元数据："] + [f"  {m}" for m in report.metadata] + [""]
    out.append("识别结果：" + "、".join(f"{k} {v}" for k, v in report.counts.items() if v))
    out += [f"  {line}" for line in report.layout] + [""]
    unplaced = report.unplaced
    out.append(f"未能归位的行：{len(unplaced) if unplaced else '无'}")
    out += [f"  {_place(w.where)}{w.message}" for w in unplaced]
    others = [w for w in report.warnings if w.code not in UNPLACED]
    out.append(f"警告：{len(others) if others else '无'}")
    out += [f"  {_place(w.where)}{w.message} [{w.code}]" for w in others]
    out.append(f"未导入（不属于正文）：{len(report.dropped) if report.dropped else '无'}")
    out += [f"  {d.where}：{d.reason}" + (f"「{_words(d.text, 30)}」" if d.text.strip() else "") for d in report.dropped]
    if report.notes:
        out.append("处理说明：")
        out += [f"  {note}" for note in report.notes]
    return out


def format_report(report: ImportReport, with_text: bool | None = None) -> str:
    """The report as staff read it. The extracted text is included for Word and PDF
    files (for plain text it is the file itself) unless told otherwise."""
    with_text = report.format != "txt" if with_text is None else with_text
    out = _findings(report)
    out += ["", "逐项（编号、位置、开头文字）："]
    width = max((len(e.id) for e in report.elements), default=10)
    for e in report.elements:
        out.append(f"  {e.id.ljust(width)}  {e.kind}  {e.label or '—'}  〔{e.where}〕  {e.words}")
    if with_text:
        out += ["", "提取的文本（handbook source 将逐字输出以下各行；〔〕中是它在原文件中的位置）："]
        out += [f"{k:5d}  〔{where}〕 {line}" for k, (line, where) in enumerate(report.lines, start=1)]
    return "\n".join(out) + "\n"


def report_json(report: ImportReport) -> str:
    return json.dumps(report.to_json(), ensure_ascii=False, indent=2)


def _place(where: str | None) -> str:
    return f"{where}：" if where else ""
