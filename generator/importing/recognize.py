"""Recognize the structure of an official text and build its document.yaml data.

The text is read in four parts. Attachments start at the first line that is
only 「附件」 or 「附件1」. Before them, the closing lines (落款, 日期, 抄送, 印发,
供稿 …) are taken from the end. What remains is the head — 红头 or cover notice,
title, 题注, 引言 — up to the first line that opens the body (总纲/序言,
第X章, 第X节, 「一、」, 第X条, 「1.」), then the body. Every line ends up in
exactly one place of the result; a line whose role is unclear is kept where it
stands, as a paragraph or a 「其他」 line, and reported with its location.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.importing import patterns as P
from generator.importing.extracted import ImportFailed, ImportWarning, SourceLine
from generator.importing.sentences import split_sentences
from generator.model.metadata import date_line, find_dates, find_doc_number, kind_from_title, parse_doc_number
from generator.numbers import int_to_chinese


@dataclass
class _Item:
    label: str
    text: str
    where: str


@dataclass
class _Para:
    text: str | None
    where: str
    items: list[_Item] = field(default_factory=list)


@dataclass
class _Article:
    label: str
    legal: bool
    where: str
    paragraphs: list[_Para] = field(default_factory=list)


@dataclass
class _Section:
    heading: str | None
    numeral: str | None
    title: str | None
    where: str
    paragraphs: list[_Para] = field(default_factory=list)
    articles: list[_Article] = field(default_factory=list)


@dataclass
class _Chapter:
    heading: str
    numeral: str
    title: str | None
    where: str
    paragraphs: list[_Para] = field(default_factory=list)
    articles: list[_Article] = field(default_factory=list)
    sections: list[_Section] = field(default_factory=list)


@dataclass
class _Attachment:
    label: str
    where: str
    title: list[str] = field(default_factory=list)
    paragraphs: list[_Para] = field(default_factory=list)


@dataclass
class Recognized:
    document: dict
    wheres: dict[str, str]  # provision id → where its first line stood in the source
    warnings: list[ImportWarning]
    metadata_notes: list[str]  # how each metadata value was found


def recognize(lines: list[SourceLine], doc_id: str) -> Recognized:
    if not lines:
        raise ImportFailed("文件中没有文字")
    return _Recognizer(lines, doc_id).run()


class _Recognizer:
    def __init__(self, lines: list[SourceLine], doc_id: str) -> None:
        self.lines = lines
        self.doc_id = doc_id
        self.warnings: list[ImportWarning] = []
        self.notes: list[str] = []
        self.wheres: dict[str, str] = {}
        # head
        self.cover: list[SourceLine] | None = None
        self.front: list[tuple[str, SourceLine]] = []
        self.title: list[SourceLine] = []
        self.caption: list[SourceLine] = []
        self.preface_heading: SourceLine | None = None
        self.preface: list[_Para] = []
        # body
        self.sections: list[_Section] = []
        self.chapters: list[_Chapter] = []
        self.article_count = 0
        self.legal_seen = False
        self.article: _Article | None = None
        self.numbered = 0  # articles given their number in the result, in document order
        self.closing: list[SourceLine] = []
        self.attachments: list[_Attachment] = []

    def warn(self, line: SourceLine | None, code: str, message: str) -> None:
        self.warnings.append(ImportWarning(line.where if line else None, code, message))

    # --- the four parts -------------------------------------------------------------------

    def run(self) -> Recognized:
        lines = self.lines
        attach = next((i for i in range(1, len(lines)) if P.ATTACHMENT.match(lines[i].text)), len(lines))
        closing = self._closing_start(lines[:attach])
        main = lines[:closing]
        start = next((i for i, line in enumerate(main) if _opens_body(line.text)), len(main))
        self._head(main[:start])
        self._body(main[start:])
        self.closing = lines[closing:attach]
        self._attachments(lines[attach:])
        if not (self.preface or self.preface_heading or self.sections or self.chapters or self.attachments):
            raise ImportFailed(f"只找到标题「{''.join(line.text for line in self.title)}」，没有正文（序言、章、节、条或段落）")
        document = self._document()
        return Recognized(document, self.wheres, self.warnings, self.notes)

    def _closing_start(self, lines: list[SourceLine]) -> int:
        """Closing lines are read from the end: dates, 落款 above a date, 抄送, 印发, 供稿, （此件…）."""
        j = len(lines)
        while j > 1:
            text = lines[j - 1].text
            below = lines[j].text if j < len(lines) else None
            if P.is_closing(text) or P.is_distribution(text) or P.is_signature(text, below):
                j -= 1
            else:
                break
        return j

    # --- head -----------------------------------------------------------------------------

    def _head(self, head: list[SourceLine]) -> None:
        i = 0
        if _is_notice_cover(head):
            self.cover = head[:7]
            i = 7
        else:
            while i < len(head) and P.front_role(head[i].text):
                self.front.append((P.front_role(head[i].text), head[i]))
                i += 1
            end = _cover_notice_end(head, i)
            if end is not None:
                self.front += _cover_roles(head[i:end])
                i = end
        while i < len(head) and P.is_title_like(head[i].text) and len(self.title) < 4:
            self.title.append(head[i])
            i += 1
        if not self.title:
            where = head[i].where if i < len(head) else self.lines[0].where
            raise ImportFailed(f"{where}：找不到标题（应为一行或几行不带句号的文字，在正文之前）")
        while i < len(head) and P.is_caption(head[i].text):
            self.caption.append(head[i])
            i += 1
        for line in head[i:]:
            self._place_line(line, self.preface)
        for role, line in self.front:
            if role == "其他":
                self.warn(line, "unplaced", f"文头中的「{_clip(line.text)}」作用不明，按原样保留")

    # --- body -----------------------------------------------------------------------------

    def _body(self, body: list[SourceLine]) -> None:
        in_preface = False
        for line in body:
            text = line.text
            if P.preface_kind(text) and not self.sections and not self.chapters and self.article is None:
                if self.preface:
                    raise ImportFailed(f"{line.where}：「{text}」之前还有 {len(self.preface)} 段正文，暂不支持这种结构")
                self.preface_heading = line
                in_preface = True
                continue
            if self._structure(line):
                in_preface = False
                continue
            container = None if in_preface else self._container()
            self._place_line(line, self.preface if container is None else container)

    def _structure(self, line: SourceLine) -> bool:
        """Open a chapter, section or article if the line is one; True when it did."""
        text = line.text
        if m := P.CHAPTER.match(text):
            self._chapter(line, m)
            return True
        if (m := P.SUBSECTION.match(text)) and m["title"]:
            self._subsection(line, m)
            return True
        if (m := P.SECTION.match(text)) and not P.has_sentence_end(text) and not self.chapters:
            self._section(line, m["numeral"], m["title"], line.text)
            return True
        if m := P.LEGAL_ARTICLE.match(text):
            return self._legal_article(line, m)
        if (m := P.NOTICE_ARTICLE.match(text)) and not self.legal_seen:
            return self._notice_article(line, m)
        return False

    def _chapter(self, line: SourceLine, m: re.Match) -> None:
        expected = len(self.chapters) + 1
        if P.numeral_value(m["numeral"]) != expected:
            self.warn(line, "numbering", f"章号应为「第{int_to_chinese(expected)}章」，实际为「第{m['numeral']}章」")
        title = m["title"] or None
        if title is None:
            self.warn(line, "unplaced", f"「{line.text}」没有章名（章名可能在下一行，已作为本章第一段）")
        self.chapters.append(_Chapter(line.text, m["numeral"], title, line.where))
        self.article = None

    def _subsection(self, line: SourceLine, m: re.Match) -> None:
        siblings = self.chapters[-1].sections if self.chapters else self.sections
        expected = len(siblings) + 1
        if P.numeral_value(m["numeral"]) != expected:
            self.warn(line, "numbering", f"节号应为「第{int_to_chinese(expected)}节」，实际为「第{m['numeral']}节」")
        siblings.append(_Section(line.text, m["numeral"], m["title"], line.where))
        self.article = None

    def _section(self, line: SourceLine, numeral: str, title: str, heading: str) -> None:
        expected = len(self.sections) + 1
        if P.numeral_value(numeral) != expected:
            self.warn(line, "numbering", f"节号应为「{int_to_chinese(expected)}、」，实际为「{numeral}、」")
        self.sections.append(_Section(heading, numeral, title, line.where))
        self.article = None

    def _legal_article(self, line: SourceLine, m: re.Match) -> bool:
        number = P.numeral_value(m["numeral"])
        expected = self.article_count + 1
        if number != expected and not m["sep"]:
            self.warn(line, "unplaced", f"以「第{m['numeral']}条」开头，但不是接续的条号（应为第{int_to_chinese(expected)}条），按段落处理")
            return False
        if number != expected:
            self.warn(line, "numbering", f"条号应为「第{int_to_chinese(expected)}条」，实际为「第{m['numeral']}条」")
        self._open_article(line, m.end(), legal=True)
        return True

    def _notice_article(self, line: SourceLine, m: re.Match) -> bool:
        expected = self.article_count + 1
        if int(m["number"]) != expected:
            self.warn(line, "unplaced", f"以「{m['number']}{m['dot']}」开头，但条号应为 {expected}，按段落处理")
            return False
        self._open_article(line, m.end(), legal=False)
        return True

    def _open_article(self, line: SourceLine, label_end: int, legal: bool) -> None:
        rest = line.text[label_end:]
        if not rest:
            raise ImportFailed(f"{line.where}：条号「{line.text}」单独成一行，暂不支持（请把条文接在条号之后再导入）")
        self.article_count += 1
        self.legal_seen = self.legal_seen or legal
        article = _Article(line.text[:label_end], legal, line.where, [_Para(rest, line.where)])
        self._articles_here(line).append(article)
        self.article = article

    def _articles_here(self, line: SourceLine) -> list[_Article]:
        """The chapter's articles, or its current section's; outside chapters, the current section's."""
        if self.chapters:
            chapter = self.chapters[-1]
            return chapter.sections[-1].articles if chapter.sections else chapter.articles
        if not self.sections:
            self.sections.append(_Section(None, None, None, line.where))  # articles outside any section
        return self.sections[-1].articles

    def _container(self) -> list[_Para] | None:
        if self.article is not None:
            return self.article.paragraphs
        if self.chapters:
            chapter = self.chapters[-1]
            return chapter.sections[-1].paragraphs if chapter.sections else chapter.paragraphs
        if self.sections:
            return self.sections[-1].paragraphs
        return None

    # --- paragraphs and items -------------------------------------------------------------

    def _place_line(self, line: SourceLine, paragraphs: list[_Para]) -> None:
        text = line.text
        last = paragraphs[-1] if paragraphs else None
        item = P.ITEM.match(text)
        ordinal = P.ORDINAL_ITEM.match(text)
        if item and item.end() < len(text):
            self._item(line, item, paragraphs)
            return
        if ordinal and ordinal.end() < len(text) and _ordinal_follows(last, ordinal):
            self._item(line, ordinal, paragraphs)
            return
        if (P.NOTICE_ARTICLE.match(text) and self.legal_seen) or (P.SECTION.match(text) and P.has_sentence_end(text)):
            self.warn(line, "unplaced", f"编号行「{_clip(text)}」不是条、项或节，按段落处理")
        paragraphs.append(_Para(text, line.where))

    def _item(self, line: SourceLine, m: re.Match, paragraphs: list[_Para]) -> None:
        if not paragraphs:
            paragraphs.append(_Para(None, line.where))  # items right under a heading
        items = paragraphs[-1].items
        expected = len(items) + 1
        if P.numeral_value(m["numeral"]) != expected:
            self.warn(line, "numbering", f"项号应为第 {expected} 项，实际为「{m['label']}」")
        items.append(_Item(m["label"], line.text[m.end():], line.where))

    # --- attachments ------------------------------------------------------------------------

    def _attachments(self, lines: list[SourceLine]) -> None:
        for line in lines:
            if P.ATTACHMENT.match(line.text):
                expected = len(self.attachments) + 1
                number = P.ATTACHMENT.match(line.text)["number"]
                if number and P.numeral_value(_half(number)) != expected:
                    self.warn(line, "numbering", f"附件序号应为 {expected}，实际为「{line.text}」")
                self.attachments.append(_Attachment(line.text, line.where))
                continue
            attachment = self.attachments[-1]
            if not attachment.paragraphs and len(attachment.title) < 3 and P.is_title_like(line.text):
                attachment.title.append(line.text)
            else:
                self._place_line(line, attachment.paragraphs)
        for attachment in self.attachments:
            if not attachment.title and not attachment.paragraphs:
                self.warnings.append(ImportWarning(attachment.where, "unplaced", f"附件「{attachment.label}」后面没有内容"))
        if self.attachments:
            self.notes.append("附件的正文按段落和项导入（其中的章、节、条不再细分）")

    # --- the result -------------------------------------------------------------------------

    def _document(self) -> dict:
        meta = self._metadata()
        doc: dict = {"id": self.doc_id, **meta}
        if self.cover is not None:
            doc["cover"] = dict(zip(("title", "number", "addressees", "body", "signature", "date", "distribution"),
                                    (line.text for line in self.cover)))
        if self.front:
            doc["front"] = [{"role": role, "text": line.text} for role, line in self.front]
        doc["opinion_title"] = [line.text for line in self.title]
        if self.caption:
            doc["caption"] = [line.text for line in self.caption]
        self._preamble(doc)
        if self.sections:
            doc["sections"] = [self._section_dict(k, s, f"sec-{k}") for k, s in enumerate(self.sections, start=1)]
        if self.chapters:
            doc["chapters"] = [self._chapter_dict(k, c) for k, c in enumerate(self.chapters, start=1)]
        if self.closing or self.cover is not None:
            doc["closing"] = [line.text for line in self.closing]
        if self.attachments:
            doc["attachments"] = [self._attachment_dict(k, a) for k, a in enumerate(self.attachments, start=1)]
        return doc

    def _preamble(self, doc: dict) -> None:
        paragraphs = self.preface
        if self.preface_heading is None and len(paragraphs) == 1 and not paragraphs[0].items and paragraphs[0].text:
            doc["preamble"] = _sentences("preamble", paragraphs[0].text)
            self.wheres["preamble"] = paragraphs[0].where
        elif self.preface_heading is not None or paragraphs:
            kind = P.preface_kind(self.preface_heading.text) if self.preface_heading else "引言"
            preface: dict = {"kind": kind}
            if self.preface_heading is not None:
                preface["heading"] = self.preface_heading.text
            if not paragraphs:
                raise ImportFailed(f"{self.preface_heading.where}：「{self.preface_heading.text}」之后没有正文")
            preface["paragraphs"] = self._paragraph_dicts("preamble", paragraphs)
            doc["preface"] = preface
            self.wheres["preamble"] = (self.preface_heading or paragraphs[0]).where

    def _paragraph_dicts(self, prefix: str, paragraphs: list[_Para]) -> list[dict]:
        out = []
        for m, para in enumerate(paragraphs, start=1):
            pid = f"{prefix}.p{m}"
            self.wheres[pid] = para.where
            entry: dict = {"id": pid}
            if para.text is not None:
                entry["sentences"] = _sentences(pid, para.text)
            if para.items:
                entry["items"] = []
                for k, item in enumerate(para.items, start=1):
                    iid = f"{pid}.i{k}"
                    self.wheres[iid] = item.where
                    entry["items"].append({"id": iid, "label": item.label, "sentences": _sentences(iid, item.text)})
            out.append(entry)
        return out

    def _article_dicts(self, articles: list[_Article]) -> list[dict]:
        out = []
        for article in articles:
            number = self._next_article_number()
            aid = f"art-{number}"
            self.wheres[aid] = article.where
            entry: dict = {"number": number, "label": article.label}
            single = article.paragraphs[0]
            if not article.legal and len(article.paragraphs) == 1 and not single.items:
                sentences = _sentences(aid, single.text or "")
                entry["lead"] = sentences[0]
                entry["body"] = sentences[1:]
            else:
                entry["paragraphs"] = self._paragraph_dicts(aid, article.paragraphs)
            out.append(entry)
        return out

    def _next_article_number(self) -> int:
        self.numbered += 1
        return self.numbered

    def _section_dict(self, number: int, section: _Section, sid: str) -> dict:
        self.wheres[sid] = section.where
        entry: dict = {"number": number}
        if section.heading is not None:
            entry.update(heading=section.heading, numeral=section.numeral, title=section.title)
        if section.paragraphs:
            entry["paragraphs"] = self._paragraph_dicts(sid, section.paragraphs)
        entry["articles"] = self._article_dicts(section.articles)
        return entry

    def _chapter_dict(self, number: int, chapter: _Chapter) -> dict:
        cid = f"chap-{number}"
        self.wheres[cid] = chapter.where
        entry: dict = {"number": number, "heading": chapter.heading, "numeral": chapter.numeral}
        if chapter.title is not None:
            entry["title"] = chapter.title
        if chapter.paragraphs:
            entry["paragraphs"] = self._paragraph_dicts(cid, chapter.paragraphs)
        if chapter.articles:
            entry["articles"] = self._article_dicts(chapter.articles)
        if chapter.sections:
            entry["sections"] = [self._section_dict(k, s, f"{cid}.sec-{k}") for k, s in enumerate(chapter.sections, start=1)]
        return entry

    def _attachment_dict(self, number: int, attachment: _Attachment) -> dict:
        aid = f"att-{number}"
        self.wheres[aid] = attachment.where
        entry: dict = {"number": number, "label": attachment.label}
        if attachment.title:
            entry["title"] = attachment.title
        if attachment.paragraphs:
            entry["paragraphs"] = self._paragraph_dicts(aid, attachment.paragraphs)
        return entry

    # --- metadata ---------------------------------------------------------------------------

    def _metadata(self) -> dict:
        if self.cover is not None:
            return self._cover_metadata()
        roles = {role: line for role, line in reversed(self.front)}  # the first line of each role
        title = "".join(line.text for line in self.title)
        meta: dict = {"kind": self._kind(roles.get("标题"), title)}
        issuer = self._issuer(roles)
        if issuer:
            meta["issuer"] = issuer
        number_line = roles.get("发文字号")
        if number_line is not None:
            meta["number"] = str(find_doc_number(number_line.text))
            self.notes.append(f"文号：{meta['number']}（{number_line.where}「{number_line.text}」）")
        else:
            self.notes.append("文号：无（原文没有发文字号）")
        date = self._date(roles)
        if date:
            meta["date"] = date
        meta["title"] = title
        self.notes.insert(0, f"标题：{title}")
        addressees = roles.get("主送机关")
        if addressees is not None:
            meta["addressees"] = _addressees(addressees.text)
        distribution = roles.get("印发范围")
        if distribution is not None:
            meta["distribution"] = distribution.text.strip("()（）")
        return meta

    def _cover_metadata(self) -> dict:
        cover = [line.text for line in self.cover or []]
        title = "".join(line.text for line in self.title)
        self.notes.append(f"标题：{title}")
        kind = self._kind(self.cover[0], title)
        number = parse_doc_number(cover[1])
        date = date_line(cover[5])
        self.notes.append(f"文号、发文机关、日期取自印发通知（{self.cover[0].where}起的 7 段）：{cover[1]}、{cover[4]}、{cover[5]}")
        return {
            "kind": kind,
            "issuer": cover[4],
            "number": str(number),
            "date": date.isoformat() if date else None,
            "title": title,
            "addressees": _addressees(cover[2]),
            "distribution": cover[6].strip("()（）"),
        }

    def _kind(self, cover_title: SourceLine | None, title: str) -> str:
        source = cover_title.text if cover_title is not None else title
        kind = kind_from_title(source)
        if kind is None:
            self.warn(self.title[0], "metadata", f"无法从标题「{_clip(source)}」推断文种，已填「其他」，请在 document.yaml 中改正 kind")
            return "其他"
        self.notes.append(f"文种：{kind}（由{'印发通知的标题' if cover_title is not None else '标题'}推断）")
        return kind

    def _issuer(self, roles: dict[str, SourceLine]) -> str | None:
        signature = roles.get("落款")
        if signature is not None:
            self.notes.append(f"发文机关：{signature.text}（落款，{signature.where}）")
            return signature.text
        closing = next((a.text for a, b in zip(self.closing, self.closing[1:]) if P.is_signature(a.text, b.text)), None)
        if closing:
            self.notes.append(f"发文机关：{closing}（文末落款）")
            return closing
        masthead = roles.get("版头")
        if masthead is not None:
            issuer = masthead.text.removesuffix("文件").strip()
            self.notes.append(f"发文机关：{issuer}（由版头「{masthead.text}」推断）")
            return issuer
        for line in self.caption:
            body = _caption_body(line.text)
            if body:
                self.notes.append(f"发文机关：{body}（由题注「{line.text}」推断）")
                return body
        self.notes.append("发文机关：原文没有写明（可在 document.yaml 中补写 issuer）")
        return None

    def _date(self, roles: dict[str, SourceLine]) -> str | None:
        candidates = [(roles["成文日期"], "成文日期")] if "成文日期" in roles else []
        candidates += [(line, "题注") for line in self.caption]
        candidates += [(line, "文末") for line in self.closing if date_line(line.text) or line.text.endswith("印发")]
        for line, what in candidates:
            dates = find_dates(line.text)
            if dates:
                self.notes.append(f"日期：{dates[-1]}（{what}，{line.where}）")
                return dates[-1].isoformat()
        anchor = roles.get("落款") or roles.get("发文字号") or self.title[0]
        self.warn(anchor, "metadata", "原文中找不到成文日期（文头、题注、文末都没有），date 已省略")
        return None


# --- helpers --------------------------------------------------------------------------------


def _opens_body(text: str) -> bool:
    return bool(
        P.preface_kind(text) or P.CHAPTER.match(text) or P.SUBSECTION.match(text) or P.LEGAL_ARTICLE.match(text)
        or (P.SECTION.match(text) and not P.has_sentence_end(text)) or P.NOTICE_ARTICLE.match(text)
    )


def _is_notice_cover(head: list[SourceLine]) -> bool:
    """The seven lines of a 印发通知 as our notice prints them: title, 文号, 主送, 正文,
    落款, 日期, （此件…）; then at least the opinion's title and its 引言."""
    if len(head) < 9:
        return False
    t = [line.text for line in head[:8]]
    return (
        P.is_title_like(t[0]) and parse_doc_number(t[1]) is not None and P.is_addressee(t[2])
        and P.has_sentence_end(t[3]) and P.is_signature(t[4], t[5]) and P.is_distribution(t[6])
        and P.is_title_like(t[7])
    )


def _cover_notice_end(head: list[SourceLine], i: int) -> int | None:
    """Where a cover notice ends: a 通知 title, its body (a line with a full stop), and
    then the title of the document it carries (the title-like lines right above that
    document's first paragraph, 题注 or body). None when the head has no such notice."""
    j = i
    while j < len(head) and P.is_title_like(head[j].text):
        j += 1
    if j == i or kind_from_title("".join(line.text for line in head[i:j])) != "通知":
        return None
    body = next((k for k in range(j, len(head)) if P.has_sentence_end(head[k].text)), None)
    if body is None:
        return None
    stop = next((k for k in range(body + 1, len(head)) if P.has_sentence_end(head[k].text) or P.is_caption(head[k].text)), len(head))
    title = stop
    while title > body + 1 and P.is_title_like(head[title - 1].text):
        title -= 1
    return title if title < stop else None


def _cover_roles(lines: list[SourceLine]) -> list[tuple[str, SourceLine]]:
    """What each line of a cover notice is; a short line after the body is its 落款."""
    roles: list[tuple[str, SourceLine]] = []
    after_body = False
    for k, line in enumerate(lines):
        text = line.text
        below = lines[k + 1].text if k + 1 < len(lines) else None
        if not after_body and (k == 0 or roles[-1][0] == "标题") and P.is_title_like(text):
            role = "标题"
        elif find_doc_number(text) and len(text) <= 40:
            role = "发文字号"
        elif P.is_addressee(text):
            role = "主送机关"
        elif date_line(text):
            role = "成文日期"
        elif P.is_distribution(text):
            role = "印发范围"
        elif P.has_sentence_end(text):
            role = "正文"
        elif after_body and P.is_title_like(text) and (below is None or date_line(below) or P.is_distribution(below)):
            role = "落款"
        else:
            role = "其他"
        after_body = after_body or role == "正文"
        roles.append((role, line))
    return roles


def _ordinal_follows(last: _Para | None, m: re.Match) -> bool:
    """第一，第二， are items only after a paragraph ending in a colon, in order."""
    if last is None:
        return False
    value = P.numeral_value(m["numeral"])
    if not last.items:
        return value == 1 and (last.text or "").endswith(("：", ":"))
    return last.items[-1].label.startswith("第") and value == len(last.items) + 1


def _sentences(prefix: str, text: str) -> list[dict]:
    return [{"id": f"{prefix}.s{k}", "text": s} for k, s in enumerate(split_sentences(text), start=1)]


def _addressees(line: str) -> list[str]:
    return [a for a in re.split(r"[,，]", line.rstrip(":：")) if a]


def _caption_body(caption: str) -> str | None:
    """The body that adopted or issued the text, as the 题注 names it:
    （中国共产党第十九次全国代表大会部分修改，2017年10月24日通过） → 中国共产党第十九次全国代表大会."""
    inner = caption.strip("（）()")
    for part in re.split(r"[，,；;\s]+", inner):
        part = re.sub(r"^.*?\d{4}年\d{1,2}月\d{1,2}日", "", part)
        m = re.match(r"^(?P<body>.+?)(?:第[一二三四五六七八九十百]+次(?:全体)?会议)?(?:部分修改|修订|审议通过|通过|批准|发布|印发)$", part)
        if m and not find_dates(m["body"]):
            return m["body"]
    return None


def _half(text: str) -> str:
    return text.translate({ord(c): ord("0") + i for i, c in enumerate("０１２３４５６７８９")})


def _clip(text: str, width: int = 24) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
