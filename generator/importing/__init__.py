"""`handbook import`: a .txt, .docx or text-layer .pdf file → a document.yaml draft
and a report of what was recognized.

readers (txt, docx_reader, pdf_reader) → Extracted lines with their places →
recognize → the document data → validated as a Document and reassembled: the
result must give back the extracted text exactly, or the import stops (that
would be a bug, never a silent change of the text).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.importing.extracted import Extracted, ImportFailed, add_lines
from generator.importing.recognize import recognize
from generator.importing.report import ImportReport, build_report

MAX_IMPORT_BYTES = 50 * 1024 * 1024
READERS = {".txt": "txt", ".docx": "docx", ".pdf": "pdf"}


@dataclass
class ImportResult:
    document: dict
    report: ImportReport

    @property
    def yaml(self) -> str:
        from generator.importing.draft import dump_yaml

        return dump_yaml(self.document)


def read_source(name: str, raw: bytes) -> Extracted:
    """The text of a file, by its suffix."""
    suffix = Path(name).suffix.lower()
    if suffix in (".doc", ".wps", ".rtf"):
        raise ImportFailed(f"{name}: 不支持 {suffix} 文件，请在 Word/WPS 中另存为 .docx（或纯文本 .txt）后再导入")
    if suffix not in READERS:
        raise ImportFailed(f"{name}: 只能导入 .txt、.docx 和带文字层的 .pdf 文件")
    if READERS[suffix] == "txt":
        from generator.importing.txt import read_txt

        return read_txt(raw, name)
    if READERS[suffix] == "docx":
        from generator.importing.docx_reader import read_docx

        return read_docx(raw, name)
    from generator.importing.pdf_reader import read_pdf

    return read_pdf(raw, name)


def import_file(path: Path, doc_id: str) -> ImportResult:
    try:
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise ImportFailed(f"{path.name}: 文件超过 {MAX_IMPORT_BYTES // 1024 // 1024} MB，拒绝导入")
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportFailed(f"{path}: 无法读取（{exc.strerror or exc}）") from None
    return import_extracted(read_source(path.name, raw), doc_id, path.name)


def import_text(text: str, doc_id: str, name: str = "<文本>") -> ImportResult:
    """Import text already in memory (one paragraph per line)."""
    from generator.importing.txt import text_lines

    extracted = Extracted("txt", "纯文本")
    add_lines(extracted, [(line, f"第 {i} 行") for i, line in enumerate(text_lines(text), start=1)])
    return import_extracted(extracted, doc_id, name)


def import_extracted(extracted: Extracted, doc_id: str, name: str) -> ImportResult:
    from pydantic import ValidationError

    from generator.model.document import Document
    from generator.source import document_lines

    recognized = recognize(extracted.lines, doc_id)
    try:
        doc = Document.model_validate(recognized.document)
    except ValidationError as exc:
        raise ImportFailed(f"{name}: 导入结果不是有效的文件数据（程序错误，请报告）：{exc.errors()[0]['msg']}") from None
    rebuilt = document_lines(doc)
    if rebuilt != [line.text for line in extracted.lines]:
        first = next((k for k, (a, b) in enumerate(zip(rebuilt, extracted.lines)) if a != b.text), min(len(rebuilt), len(extracted.lines)))
        where = extracted.lines[first].where if first < len(extracted.lines) else "文末"
        raise ImportFailed(f"{name}:{where}：导入结果不能逐字还原原文（程序错误，请报告）")
    report = build_report(name, doc_id, extracted, doc, recognized.wheres, recognized.warnings, recognized.metadata_notes)
    return ImportResult(recognized.document, report)


def import_notice(text: str, doc_id: str) -> dict:
    """The document data of a text (the importer's first interface, kept for its callers)."""
    return import_text(text, doc_id).document
