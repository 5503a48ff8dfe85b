"""Text-layer PDF: lines rebuilt from glyph positions, wrapped lines rejoined into
paragraphs, running headers and page numbers («— 3 —») dropped and reported.

pypdf's own text output puts a run drawn in another font (quotes and digits set
in a Western font) out of place and adds spaces between runs, so lines are
rebuilt here from the position of every text run: runs on one baseline, in x
order, joined without invented spaces. A line continues the one above when
that one reaches the right margin and it starts at the left margin, close
below, without starting a heading, article or item: paragraph starts in
official documents are indented (GB/T 9704) or set apart by space.
"""

from __future__ import annotations

import io
import re
import statistics
from dataclasses import dataclass

from generator.importing.extracted import Dropped, Extracted, ImportFailed, add_lines
from generator.importing.patterns import starts_structure

FULL_WIDTH_SPACE = "\u3000"
_PAGE_NUMBER = re.compile(
    r"^[-—–－~～\s]*\d{1,4}[-—–－~～\s]*$|^第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?$|^\d{1,4}\s*/\s*\d{1,4}$"
)


@dataclass(frozen=True)
class Run:
    x: float
    y: float
    end: float  # x after the last glyph
    size: float
    text: str


@dataclass
class PdfLine:
    page: int
    number: int  # line number on its page, from the top
    y: float
    x0: float
    x1: float
    size: float
    text: str
    spaces_read: int = 0  # full-width spaces read from a distance rather than from a glyph

    @property
    def where(self) -> str:
        return f"第 {self.page} 页第 {self.number} 行"


def read_pdf(raw: bytes, name: str) -> Extracted:
    pages, estimated = _pages(raw, name)
    count = len(pages)
    if not any(pages):
        raise ImportFailed(f"{name}: PDF 没有文字层（可能是扫描件或图片），无法导入；请先用 OCR 软件转成文字，或改用 Word/纯文本")
    extracted = Extracted("pdf", f"PDF（{count} 页，文字层）")
    body = _drop_page_furniture(pages, extracted)
    paragraphs, joins = _paragraphs(body)
    if joins:
        extracted.notes.append(f"把因排版折行断开的 {joins} 处重新接成段落（每段的位置写作「第 N 页第 M–K 行」）")
    widened = sum(line.spaces_read for lines in body for line in lines)
    if widened:
        extracted.notes.append(f"{widened} 处宽一个汉字的空白按全角空格（U+3000）读出（PDF 中写作普通空格或只留了空位）")
    if estimated:
        extracted.notes.append("此 PDF 的文字位置只能估算（pypdf 内部接口不可用），段落接续可能不准，请对照原件核对")
    add_lines(extracted, [(text, where) for text, where in paragraphs])
    return extracted


def _pages(raw: bytes, name: str) -> tuple[list[list[PdfLine]], bool]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ImportFailed(f"{name}: PDF 已加密，无法读取文字；请先解除密码保护")
        pages = list(reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ImportFailed(f"{name}: 不是有效的 PDF 文件（{type(exc).__name__}）") from None
    result, estimated = [], False
    for number, page in enumerate(pages, start=1):
        runs, rough = _runs(page)
        estimated = estimated or rough
        result.append(_lines(runs, number))
    return result, estimated


def _runs(page) -> tuple[list[Run], bool]:
    """(runs, estimated): exact positions from pypdf's layout machinery when available."""
    try:
        from pypdf._text_extraction._layout_mode._fixed_width_page import recurse_to_target_op, set_font_operation
        from pypdf._text_extraction._layout_mode._text_state_manager import TextStateManager
        from pypdf.generic import ContentStream

        fonts = page._layout_mode_fonts()
    except (ImportError, AttributeError):
        return _runs_by_visitor(page), True
    contents = page.get_contents()
    if contents is None:
        return [], False
    ops = iter(ContentStream(contents, page.pdf, "bytes").operations)
    state = TextStateManager()
    found = []
    for operands, op in ops:
        if op in (b"BT", b"q"):
            _, shown = recurse_to_target_op(ops, state, b"ET" if op == b"BT" else b"Q", fonts, True)
            found += shown
        elif op == b"Tf":
            set_font_operation(state, fonts, operands)
        else:
            state.set_state_param(op, operands)
    runs = [
        Run(t.tx, t.ty, t.displaced_tx, abs(t.font_height) or t.font_size, t.text)
        for t in found if t.text and not t.rotated and t.font.interpretable
    ]
    return runs, False


def _runs_by_visitor(page) -> list[Run]:
    """Fallback on pypdf's public API: run starts are exact, their ends estimated
    (an em for CJK and full-width characters, half an em otherwise)."""
    runs: list[Run] = []

    def visit(text, cm, tm, font_dict, font_size) -> None:
        if not text.strip():
            return
        scale = (tm[0] * cm[0]) or 1
        size = abs(font_size * scale)
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        width = sum(1 if ord(c) > 0x2E80 else 0.5 for c in text) * size
        runs.append(Run(x, y, x + width, size, text.replace("\n", "")))

    page.extract_text(visitor_text=visit)
    return runs


def _lines(runs: list[Run], page: int) -> list[PdfLine]:
    """Runs on one baseline, in x order, as one line; duplicates (fake bold) once."""
    lines: list[list[Run]] = []
    for run in sorted(runs, key=lambda r: (-r.y, r.x)):
        if lines and abs(lines[-1][0].y - run.y) <= 0.35 * max(run.size, 1):
            lines[-1].append(run)
        else:
            lines.append([run])
    return [_line(sorted(group, key=lambda r: r.x), page, number) for number, group in enumerate(lines, start=1)]


def _line(group: list[Run], page: int, number: int) -> PdfLine:
    """Runs joined in x order. A space is read from the distance it takes: a gap of an
    em, or a space glyph an em wide (a fallback font often maps U+3000 to U+0020),
    is the full-width space of Chinese text; a shorter gap a plain space."""
    text, spaces_read = "", 0
    kept = [r for k, r in enumerate(group) if not (k and abs(r.x - group[k - 1].x) < 0.5 and r.text == group[k - 1].text)]
    for k, run in enumerate(kept):  # (the same run drawn twice is fake bold: kept once)
        after = kept[k + 1].x if k + 1 < len(kept) else run.end
        piece = run.text
        if run.text == " " and after - run.x >= 0.85 * run.size:
            piece, spaces_read = FULL_WIDTH_SPACE, spaces_read + 1
        if k and not text[-1:].isspace() and not piece[:1].isspace():
            gap = run.x - kept[k - 1].end
            if gap >= 0.85 * run.size:
                text, spaces_read = text + FULL_WIDTH_SPACE, spaces_read + 1
            elif gap > 0.3 * run.size:
                text += " "
        text += piece
    size = statistics.median(r.size for r in group)
    return PdfLine(page, number, group[0].y, group[0].x, max(r.end for r in group), size, text, spaces_read)


def _drop_page_furniture(pages: list[list[PdfLine]], extracted: Extracted) -> list[list[PdfLine]]:
    """Page numbers at the top or bottom of a page, and running headers or footers
    (the same words at the same height on several pages), are not the text."""
    edge_texts: dict[str, list[tuple[int, float]]] = {}
    for lines in pages:
        for line in {id(x): x for x in (lines[:1] + lines[-1:])}.values():
            key = re.sub(r"\d+", "#", line.text.strip())
            edge_texts.setdefault(key, []).append((line.page, line.y))
    repeated = {k for k, seen in edge_texts.items() if len({p for p, _ in seen}) >= 2 and max(y for _, y in seen) - min(y for _, y in seen) < 3}
    body = []
    for lines in pages:
        kept = []
        for i, line in enumerate(lines):
            edge = i == 0 or i == len(lines) - 1
            reason = None
            if edge and _PAGE_NUMBER.match(line.text.strip()):
                reason = "页码"
            elif edge and re.sub(r"\d+", "#", line.text.strip()) in repeated and len(pages) > 1:
                reason = "页眉或页脚（各页重复）"
            if reason:
                extracted.dropped.append(Dropped(line.where, line.text, reason))
            else:
                kept.append(line)
        body.append(kept)
    return body


def _paragraphs(pages: list[list[PdfLine]]) -> tuple[list[tuple[str, str]], int]:
    """Rejoin wrapped lines; each paragraph keeps where its first and last line were."""
    margins = [_margins(lines) for lines in pages]
    paragraphs: list[list[PdfLine]] = []
    joins = 0
    previous: PdfLine | None = None
    for lines, (left, right, pitch) in zip(pages, margins):
        for line in lines:
            if previous is not None and _continues(previous, line, left, right, pitch, margins[previous.page - 1]):
                paragraphs[-1].append(line)
                joins += 1
            else:
                paragraphs.append([line])
            previous = line
    return [("".join(line.text for line in p), _span(p)) for p in paragraphs], joins


def _margins(lines: list[PdfLine]) -> tuple[float, float, float]:
    if not lines:
        return 0.0, 0.0, 0.0
    left = min(line.x0 for line in lines)
    right = max(line.x1 for line in lines)
    gaps = [a.y - b.y for a, b in zip(lines, lines[1:]) if a.y - b.y >= 0.8 * b.size]
    pitch = min(gaps) if gaps else 0.0
    return left, right, pitch


def _continues(above: PdfLine, line: PdfLine, left: float, right: float, pitch: float, above_margins) -> bool:
    """A wrapped line: the one above fills the measure, this one starts at the left
    margin (or is centred under it, for a long title), in the same size, close below."""
    above_left, above_right, _ = above_margins
    full = above_right - above.x1 < _first_unit_width(line) + above.size and above.x0 <= above_left + 3.0 * above.size
    at_margin = line.x0 <= left + 0.5 * line.size
    middle = (left + right) / 2
    centred = (abs((line.x0 + line.x1) / 2 - middle) <= line.size and line.x1 < right - line.size
               and abs((above.x0 + above.x1) / 2 - middle) <= above.size)
    same_size = abs(above.size - line.size) <= 0.1 * above.size
    if above.page == line.page:
        close = pitch > 0 and above.y - line.y <= 1.5 * pitch
    else:
        close = line.page == above.page + 1
    return full and (at_margin or centred) and same_size and close and not starts_structure(line.text)


_CLOSING = set("」』）)》〉】〕，。、；：！？,.;:!?%")  # never starts a line
_OPENING = set("「『（(《〈【〔")  # never ends a line
_QUOTES = set("“”‘’")  # ambiguous quotation marks: no break on either side (UAX #14, LB19)


def _first_unit_width(line: PdfLine) -> float:
    """The width of what could not be broken at the start of a line: a run of Latin
    words and figures (1:0.9 :0.8:0.7), or a character held by the punctuation rules
    (no line starts with a closing mark or ends with an opening one, and quotation
    marks hold on to both neighbours: 「般”、“较」).
    The line above was wrapped if this did not fit at its end."""
    text = line.text
    end = 1
    while end < len(text):
        before, after = text[end - 1], text[end]
        latin = before.isascii() and after.isascii() and not (before == " " and after != " ")
        if after in _CLOSING or before in _OPENING or after in _QUOTES or before in _QUOTES or latin:
            end += 1
        else:
            break
    return sum(0.5 if c.isascii() else 1.0 for c in text[:end]) * line.size


def _span(lines: list[PdfLine]) -> str:
    first, last = lines[0], lines[-1]
    if first is last:
        return first.where
    if first.page == last.page:
        return f"第 {first.page} 页第 {first.number}–{last.number} 行"
    return f"第 {first.page} 页第 {first.number} 行–第 {last.page} 页第 {last.number} 行"

