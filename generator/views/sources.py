"""Where each checklist item comes from: its document, the citation shown, the link to
the sentence, the sentence's words, and whether that document is still in force.

A unit's checklist merges the rules of every document that has rules
(views/checklists.py `merged_rules`). This is the one place that turns a rule
into its citation, so every output (unit pages, CLI JSON, workbooks, forms,
training) cites the same way:

- the site's own document (the notice) keeps its article pages and anchors
  (`articles/art-9.html#art-9.s2`); while it is the only document with rules its
  citation stays "第9条第2句", as before; once several documents give rules, every
  citation names its document ("常委〔2012〕5号第9条第2句");
- any other document links to its provision on its library page
  (`library/<id>/text.html#<sentence>`) with the official citation
  (《中国共产党章程》（2017年版）第三十条第一款);
- a document recorded as amended, repealed or of unknown status (or with no status)
  is never presented as current: its items carry `caution`, said here once and shown
  by every output next to the citation.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.model.document import Document
from generator.model.provisions import legal_style, provision_index
from generator.model.rules import Reading, Rule, RuleSet
from generator.project import Project
from generator.views import links


@dataclass(frozen=True)
class Source:
    document: str  # document id
    document_name: str  # 常委〔2012〕5号, 《中国共产党章程》（2017年版）
    label: str  # the citation shown: 第9条第2句 / 常委〔2012〕5号第9条第2句 / 《中国共产党章程》（2017年版）第三十条第一款
    short: str  # the article alone, for narrow table cells: 第9条 / 《中国共产党章程》（2017年版）第三十条
    href: str  # from the site's root: articles/art-9.html#art-9.s2, library/<id>/text.html#<sentence>
    quote: str  # the sentence's words
    state: str  # 现行有效 / 已修订 / 已废止 / 未知 / 未记录
    caution: str | None  # what the user must know when the document is not in force; None when it is
    own: bool = True  # the site's own document (the notice), cited on its article pages
    cell: str = ""  # for a form's narrow 出处 cell: the notice's sentence (the form names the notice), another document's article

    @property
    def marked_cell(self) -> str:
        """The cell with the document's state when it is not in force: a form never presents it as current."""
        return f"{self.cell}（{self.state}）" if self.caution else self.cell


class RuleSources:
    """Built once per build from the project and the (merged) rule set; `of(rule)` for each item."""

    def __init__(self, project: Project, rules: RuleSet) -> None:
        self.site_doc = project.document(rules.document)
        self.texts: dict[str, str] = {s.id: s.text for s in self.site_doc.sentences()} if self.site_doc else {}
        docs = {r.document or rules.document for r in rules.rules}
        self.named = len(docs) > 1  # several documents give rules: every citation names its document
        self._docs = {d: project.document(d) for d in docs}
        self._texts = {d: ({s.id: s.text for s in doc.sentences()} if doc else {}) for d, doc in self._docs.items()}
        self._indexes: dict[str, dict] = {}
        self._by_rule: dict[str, Source] = {}
        self._default = rules.document
        held = {d.id for d in project.documents}
        self._successor_held = {r.target for r in project.library.relations
                                if r.type in ("amends", "replaces") and r.source in held}

    def other_documents(self, result) -> tuple[str, ...]:
        """The names of the documents other than the site's that a checklist's items come from,
        each with its state when it is not in force: 《中国共产党章程》（2017年版，已修订）."""
        found = []
        for item in result.items:
            source = self.of(item.rule)
            if not source.own:
                name = f"{source.document_name[:-1]}，{source.state}）" if source.caution and source.document_name.endswith("）") \
                    else source.document_name + (f"（{source.state}）" if source.caution else "")
                found.append(name)
        return tuple(dict.fromkeys(found))

    def readings_label(self, reading: Reading) -> str:
        """Where a shared reading's sentences are: "第9条第2—6句" in the site's own document (as
        before), the official citations in another ("《中国共产党章程》（2017年版）第三十三条第一款")."""
        from generator.views.units import sentences_label

        doc_id = reading.document or self._default
        doc = self._docs.get(doc_id)
        if doc is None or (doc.id == self._default and doc.has_notice_layout):
            return sentences_label(reading.sentences)
        from generator.search.corpus import hit_citation

        index = self._indexes.setdefault(doc_id, provision_index(doc))
        return "、".join(_with_edition(hit_citation(doc, s, index), doc) for s in reading.sentences if s in index)

    def of(self, rule: Rule) -> Source:
        found = self._by_rule.get(rule.id)
        if found is None:
            found = self._by_rule[rule.id] = self._source(rule)
        return found

    def _source(self, rule: Rule) -> Source:
        doc_id = rule.document or self._default
        doc = self._docs.get(doc_id)
        quote = self._texts.get(doc_id, {}).get(rule.sentence, "")
        state, caution = document_state(doc, doc_id in self._successor_held)
        if doc is None or (doc.id == self._default and doc.has_notice_layout):
            head, label = links.sentence_label(rule.sentence)
            name = (doc.number or doc.title) if doc is not None else doc_id
            prefix = name if self.named else ""
            part = rule.sentence.rsplit(".s", 1)[0]
            page = f"articles/art-{rule.article}.html" if part.startswith("art-") else "notice.html"
            return Source(doc_id, name, prefix + label, prefix + head, f"{page}#{rule.sentence}", quote, state, caution,
                          cell=label)
        from generator.search.corpus import hit_citation

        index = self._indexes.setdefault(doc_id, provision_index(doc))
        name = document_name(doc)
        label = _with_edition(hit_citation(doc, rule.sentence, index), doc)
        article = f"art-{rule.article}"
        short = _with_edition(hit_citation(doc, article, index), doc) if article in index else label
        cell = _cell(doc, index[article].label if article in index else "") or short
        return Source(doc_id, name, label, short, links.library_page(doc_id, "text")[:-3] + f".html#{rule.sentence}",
                      quote, state, caution, own=False, cell=cell)


def document_name(doc: Document) -> str:
    """A document as a citation names it: its 文号, or its title with the edition for a legal text."""
    if legal_style(doc) and doc.date is not None:
        return f"《{doc.title}》（{doc.date.year}年版）"
    return doc.number or f"《{doc.title}》"


def _with_edition(citation: str, doc: Document) -> str:
    """《中国共产党章程》第三十条 → 《中国共产党章程》（2017年版）第三十条: a legal text is cited with its revision."""
    plain = f"《{doc.title}》"
    if legal_style(doc) and doc.date is not None and citation.startswith(plain):
        return document_name(doc) + citation[len(plain):]
    return citation


def _cell(doc: Document, article_label: str) -> str:
    """党章（2017年版）第三十二条: the short title where the document records one, for narrow cells."""
    if not doc.short_title or not article_label:
        return ""
    edition = f"（{doc.date.year}年版）" if legal_style(doc) and doc.date is not None else ""
    return f"{doc.short_title}{edition}{article_label}"


def document_state(doc: Document | None, successor_held: bool = False) -> tuple[str, str | None]:
    """The document's state and, when it is recorded as not in force, what every item citing it
    says. A document without a recorded status (a single-document project's notice) is cited as
    before: its 文件库 page says that its status is not recorded."""
    if doc is None or doc.status is None:
        return "未记录", None
    status = doc.status
    name = document_name(doc)
    if status.state == "现行有效":
        return status.state, None
    if status.state == "已修订":
        by = f"已被{status.replaced_by}修订" if status.replaced_by else "已被修订"
        where = "修订后的文本见本站文件库" if successor_held else "修订后的文本本手册未收录"
        return status.state, f"依据的{name}{by}，{where}，请以现行版本为准。"
    if status.state == "已废止":
        by = f"，由{status.replaced_by}取代" if status.replaced_by else ""
        return status.state, f"依据的{name}已废止{by}，本事项仅供查考，不再作为现行要求。"
    return status.state, f"依据的{name}目前是否有效不明，请核实后再据此办理。"
