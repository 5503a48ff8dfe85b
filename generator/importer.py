"""Turn the plain text of a notice into the verbatim part of a document YAML.

Used once per new document; the result is then reviewed and annotated by hand.
The layout it understands is the common one for a 印发通知 with an attached
opinion: cover lines, the opinion's title lines, a preamble, sections headed
「一、」 and articles numbered 「1.」 continuously, then closing lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.errors import HandbookError

SECTION_RE = re.compile(r"^(?P<numeral>[一二三四五六七八九十]+)、(?P<title>.+)$")
ARTICLE_RE = re.compile(r"^(?P<number>[1-9][0-9]*)(?P<dot>[.．、])")
DATE_RE = re.compile(r"^(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日$")
# A sentence ends at a full stop or semicolon; a closing quote stays with it.
SENTENCE_END_RE = re.compile(r"(?<=[。；;！？!?])(?![”’」』）)])|(?<=[。；;！？!?][”’」』）)])")
NUMERALS = "一二三四五六七八九十"


class ImportFailed(HandbookError):
    pass


@dataclass
class _Cursor:
    lines: list[str]
    pos: int = 0

    def take(self, what: str) -> str:
        if self.pos >= len(self.lines):
            raise ImportFailed(f"第 {self.pos + 1} 行：缺少{what}")
        line = self.lines[self.pos]
        self.pos += 1
        return line


def split_sentences(text: str) -> list[str]:
    parts = [p for p in SENTENCE_END_RE.split(text) if p]
    assert "".join(parts) == text
    return parts


def import_notice(text: str, doc_id: str, kind: str = "通知") -> dict:
    """Parse the text into the dict that `document.yaml` stores."""
    lines = text.rstrip("\r\n").splitlines()
    cur = _Cursor(lines)
    cover = {
        "title": cur.take("通知标题"),
        "number": cur.take("文号"),
        "addressees": cur.take("主送机关"),
        "body": cur.take("通知正文"),
        "signature": cur.take("落款"),
        "date": cur.take("成文日期"),
        "distribution": cur.take("印发范围"),
    }
    date = DATE_RE.match(cover["date"])
    if not date:
        raise ImportFailed(f"第 6 行应为成文日期（如 2012年6月20日），实际为「{cover['date']}」")
    first_section = next((i for i, l in enumerate(lines) if SECTION_RE.match(l)), None)
    if first_section is None or first_section < cur.pos + 2:
        raise ImportFailed("找不到正文标题、引言和「一、」开头的第一节")
    opinion_title = lines[cur.pos : first_section - 1]
    preamble = lines[first_section - 1]
    sections, closing = _sections(lines[first_section:], first_section + 1)
    return {
        "id": doc_id,
        "kind": kind,
        "issuer": cover["signature"],
        "number": cover["number"],
        "date": f"{int(date['y']):04d}-{int(date['m']):02d}-{int(date['d']):02d}",
        "title": "".join(opinion_title),
        "addressees": [a for a in re.split(r"[,，]", cover["addressees"].rstrip(":：")) if a],
        "distribution": cover["distribution"].strip("()（）"),
        "cover": cover,
        "opinion_title": opinion_title,
        "preamble": _sentences("preamble", preamble),
        "sections": sections,
        "closing": closing,
    }


def _sections(lines: list[str], first_line_no: int) -> tuple[list[dict], list[str]]:
    sections: list[dict] = []
    expected_article = 1
    for offset, line in enumerate(lines):
        heading = SECTION_RE.match(line)
        article = ARTICLE_RE.match(line)
        if heading and not article:
            sections.append(_section(len(sections) + 1, line, heading))
        elif article and sections:
            number = int(article["number"])
            if number != expected_article:
                raise ImportFailed(f"第 {first_line_no + offset} 行：条号应为 {expected_article}，实际为 {number}")
            sections[-1]["articles"].append(_article(number, line, article.end()))
            expected_article += 1
        else:
            return sections, lines[offset:]
    return sections, []


def _section(number: int, line: str, match: re.Match) -> dict:
    return {
        "number": number,
        "heading": line,
        "numeral": match["numeral"],
        "title": match["title"],
        "articles": [],
    }


def _article(number: int, line: str, label_end: int) -> dict:
    sentences = _sentences(f"art-{number}", line[label_end:])
    return {
        "number": number,
        "label": line[:label_end],
        "lead": sentences[0],
        "body": sentences[1:],
    }


def _sentences(prefix: str, text: str) -> list[dict]:
    return [{"id": f"{prefix}.s{k}", "text": s} for k, s in enumerate(split_sentences(text), start=1)]


def dump_yaml(data: dict) -> str:
    """YAML as staff will read it: Chinese unescaped, keys in model order."""
    import yaml

    header = (
        "# 原文（逐字照录，不得改动）。由 `handbook import` 生成；\n"
        "# 解释和标注请写在 annotations.yaml 与 content/glossary.yaml 中。\n"
    )
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)
