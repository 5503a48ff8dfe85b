"""The search engine behind one small interface: `update_index` and `Searcher`.

whoosh (the whoosh-reloaded release) with the jieba analyzer. Queries are
built as query objects from segmented words, never parsed as whoosh syntax,
so `AND OR (`, `*` or quotes in a query are just characters.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from whoosh import highlight, index, scoring
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.query import And, Or, Term

from generator.errors import HandbookError
from generator.search import analysis
from generator.search.corpus import SearchDoc

SCHEMA_VERSION = 2
META = "handbook-index.json"
# each document's fingerprint, beside the index: reading 20,000 stored documents to learn
# that nothing changed takes a second, this file a few milliseconds
FINGERPRINTS = "handbook-fingerprints.json"
LIBRARY_DIR = "library"  # inside the index folder: each 文件库 document's own index, library/<id>/
MAX_QUERY_CHARS = 200
MAX_LIMIT = 50
FIELD_BOOSTS = {"title": 2.5, "content": 1.5, "context": 0.6}


class SearchUnavailable(HandbookError):
    pass


def stored_length(length: int) -> int:
    """A field length as the index keeps it (one byte, rounded up from about 40 on):
    the browser's index scores with the same lengths so both rank alike."""
    from whoosh.util.numeric import byte_to_length, length_to_byte

    return byte_to_length(length_to_byte(length))


def schema() -> Schema:
    text = analysis.analyzer()
    return Schema(
        key=ID(stored=True, unique=True),
        kind=ID(stored=True),
        doc=ID(stored=True),
        article=NUMERIC(int, stored=True),
        sentence=ID(stored=True),
        group=ID(stored=True),
        title=TEXT(analyzer=text, stored=True),
        content=TEXT(analyzer=text, stored=True),
        context=TEXT(analyzer=text),
        unit_types=KEYWORD(commas=True, stored=True),
        section=ID(stored=True),
        url=STORED,
        citation=STORED,
        fingerprint=ID(stored=True),
    )


@dataclass
class UpdateReport:
    added: int
    updated: int
    removed: int
    unchanged: int
    full: bool
    seconds: float

    def __add__(self, other: "UpdateReport") -> "UpdateReport":
        return UpdateReport(self.added + other.added, self.updated + other.updated, self.removed + other.removed,
                            self.unchanged + other.unchanged, self.full and other.full, self.seconds + other.seconds)

    def summary(self) -> str:
        how = "重建" if self.full else "增量更新"
        return (f"检索索引已{how}：新增 {self.added}、更新 {self.updated}、删除 {self.removed}、"
                f"未变 {self.unchanged}（用时 {self.seconds:.1f} 秒）")


def update_index(folder: Path, docs: list[SearchDoc], words: tuple[str, ...], synonyms: list[list[str]],
                 vet: Callable[[list[SearchDoc]], None] | None = None, documents: dict[str, str] | None = None) -> UpdateReport:
    """Bring the index in `folder` up to date, re-indexing only what changed.
    `vet` sees the documents about to be written (all, or the changed ones) and may refuse them by raising.

    The handbook's own documents (its notice, terms, forms, courses, units) are one index;
    every other document of the 文件库 has its own, in library/<id>/ (SearchDoc.collection):
    a document's statistics (how rare a word is, how long its sentences are) never change how
    another's hits rank, so adding a document leaves the notice's ranking as it was.
    `documents`: each document's name for its hits (corpus.document_labels)."""
    started = time.perf_counter()
    collections: dict[str, list[SearchDoc]] = {}
    for doc in docs:
        if doc.collection:
            collections.setdefault(doc.collection, []).append(doc)
    main = [d for d in docs if not d.collection]
    extra = {"collections": sorted(collections), "documents": documents or {}}
    report = _update_one(folder, main, words, synonyms, vet, extra)
    library = folder / LIBRARY_DIR
    for name in sorted(collections):
        report = report + _update_one(library / name, collections[name], words, synonyms, vet, {})
    if library.is_dir():
        for gone in sorted(p for p in library.iterdir() if p.name not in collections):
            report.removed += 1
            shutil.rmtree(gone)
        if not collections:
            library.rmdir()
    report.seconds = time.perf_counter() - started
    return report


def _update_one(folder: Path, docs: list[SearchDoc], words: tuple[str, ...], synonyms: list[list[str]],
                vet: Callable[[list[SearchDoc]], None] | None, extra: dict) -> UpdateReport:
    started = time.perf_counter()
    meta = {"version": SCHEMA_VERSION, "words": list(words), "synonyms": synonyms, **extra}
    if _meta(folder) != meta or not index.exists_in(str(folder)):
        if vet:
            vet(docs)
        analysis.configure(words)
        _rebuild(folder, docs, meta)
        return UpdateReport(len(docs), 0, 0, 0, True, time.perf_counter() - started)
    stored = _fingerprints(folder)
    wanted = {d.key: d for d in docs}
    changed = [d for d in docs if stored.get(d.key) != d.fingerprint]
    removed = [k for k in stored if k not in wanted]
    if changed or removed:
        ix = index.open_dir(str(folder))
        if vet:
            vet(changed)
        analysis.configure(words)  # the dictionary takes a second to load: only when there is something to index
        with reproducible_names(ix.latest_generation(), [d.fingerprint for d in changed], removed):
            writer = ix.writer(compound=False)
            for key in removed:
                writer.delete_by_term("key", key)
            for doc in changed:
                writer.update_document(**_fields(doc))
            # whoosh only marks replaced and deleted documents; their stored text stays in the
            # segment files (which travel with copies of the output) until the segments are
            # rewritten: a unit removed or renamed for privacy reasons must really be gone
            writer.commit(optimize=any(d.key in stored for d in changed) or bool(removed))
        _write_fingerprints(folder, docs)
    added = sum(1 for d in changed if d.key not in stored)
    return UpdateReport(added, len(changed) - added, len(removed), len(docs) - len(changed), False, time.perf_counter() - started)


def _fingerprints(folder: Path) -> dict[str, str]:
    try:
        found = json.loads((folder / FINGERPRINTS).read_text(encoding="utf-8"))
        if isinstance(found, dict):
            return found
    except (OSError, ValueError):
        pass
    with index.open_dir(str(folder)).searcher() as searcher:  # an index from before the file existed
        return {f["key"]: f["fingerprint"] for f in searcher.all_stored_fields()}


def _write_fingerprints(folder: Path, docs: list[SearchDoc]) -> None:
    text = json.dumps({d.key: d.fingerprint for d in docs}, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    (folder / FINGERPRINTS).write_text(text, encoding="utf-8")


def _meta(folder: Path) -> dict | None:
    try:
        return json.loads((folder / META).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _rebuild(folder: Path, docs: list[SearchDoc], meta: dict) -> None:
    """A fresh index beside the old one, swapped in when complete."""
    staging = folder.parent / f".{folder.name}.building-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    with reproducible_names(0, [d.fingerprint for d in docs], []):
        ix = index.create_in(str(staging), schema())
        writer = ix.writer(limitmb=256, compound=False)
        for doc in docs:
            writer.add_document(**_fields(doc))
        writer.commit()
    (staging / META).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    _write_fingerprints(staging, docs)
    if (folder / LIBRARY_DIR).is_dir():  # the other documents' indexes stay (they are updated on their own)
        (folder / LIBRARY_DIR).rename(staging / LIBRARY_DIR)
    retired = folder.parent / f".{folder.name}.old-{os.getpid()}"
    if folder.exists():
        folder.rename(retired)
    staging.rename(folder)
    shutil.rmtree(retired, ignore_errors=True)


@contextmanager
def reproducible_names(generation: int, written: list[str], removed: list[str]):
    """whoosh names segment files at random; the same input must give the same
    bytes (builds are byte-identical), so the names are drawn from a generator
    seeded by what is written. Different writes get different seeds, so a new
    segment never takes an existing segment's name."""
    import whoosh.util

    seed = hashlib.sha256("\x1f".join([str(generation), *sorted(written), "", *sorted(removed)]).encode()).hexdigest()
    previous = whoosh.util.random
    whoosh.util.random = random.Random(seed)
    try:
        yield
    finally:
        whoosh.util.random = previous


def _fields(doc: SearchDoc) -> dict:
    group = doc.group
    return {
        "key": doc.key, "kind": doc.kind, "doc": doc.doc, "article": doc.article or 0,
        "sentence": doc.sentence or "", "group": group, "title": doc.title, "content": doc.content,
        "context": doc.context, "unit_types": ",".join(doc.unit_types), "section": doc.section,
        "url": doc.url, "citation": doc.citation, "fingerprint": doc.fingerprint,
    }


@dataclass(frozen=True)
class Hit:
    kind: str
    doc: str
    article: int | None
    sentence: str | None
    title: str
    url: str
    score: float
    snippet: str
    citation: str
    document: str | None = None  # the name of the document it is from (corpus.document_labels)

    def to_json(self) -> dict:
        return {"kind": self.kind, "doc": self.doc or None, "document": self.document, "article": self.article,
                "sentence": self.sentence, "title": self.title, "url": self.url, "score": round(self.score, 4),
                "snippet": self.snippet, "citation": self.citation}


class _Brackets(highlight.Formatter):
    """Matched words in 【】: readable in a terminal, easy to turn into <mark>."""

    def format_token(self, text, token, replace=False):
        return f"【{highlight.get_text(text, token, replace)}】"


class Searcher:
    """An open index (with the 文件库 documents' own); cheap to query many times (the service keeps one)."""

    def __init__(self, folder: Path) -> None:
        meta = _meta(folder)
        if meta is None or meta.get("version") != SCHEMA_VERSION or not index.exists_in(str(folder)):
            raise SearchUnavailable(f"{folder} 中没有检索索引：请先运行 handbook build")
        analysis.configure(tuple(meta["words"]))
        self.synonyms = [set(group) for group in meta["synonyms"]]
        self.documents: dict[str, str] = meta.get("documents", {})
        self.parts: list[tuple[str, object]] = [("", index.open_dir(str(folder)))]  # ("" or document id, index)
        for name in meta.get("collections", []):
            sub = folder / LIBRARY_DIR / name
            if not index.exists_in(str(sub)):
                raise SearchUnavailable(f"{folder} 中的检索索引不完整（缺少 {LIBRARY_DIR}/{name}）：请重新运行 handbook build")
            self.parts.append((name, index.open_dir(str(sub))))
        self.searchers = [(name, ix.searcher(weighting=scoring.BM25F())) for name, ix in self.parts]

    @property
    def index(self):
        return self.parts[0][1]

    @property
    def searcher(self):
        return self.searchers[0][1]

    def close(self) -> None:
        for _, searcher in self.searchers:
            searcher.close()

    def refresh(self) -> None:
        self.searchers = [(name, searcher.refresh()) for name, searcher in self.searchers]

    def search(self, text: str, kind: str | None = None, unit_type: str | None = None,
               section: str | None = None, limit: int = 10, doc: str | None = None) -> list[Hit]:
        """Hits from every index, best first; `doc`: only those from that document."""
        query = self._query(text[:MAX_QUERY_CHARS])
        if query is None:
            return []
        limit = max(1, min(limit, MAX_LIMIT))
        restriction = self._filter(kind, unit_type, section, doc)
        found: list[Hit] = []
        for name, searcher in self.searchers:
            if doc is not None and name and name != doc:
                continue
            found += self._search_one(searcher, query, restriction, limit)
        found.sort(key=lambda h: -h.score)  # stable: the handbook's own index first on equal scores
        return found[:limit]

    def _search_one(self, searcher, query, restriction, limit: int) -> list[Hit]:
        # Collapsed here, best sentence per article: whoosh's own `collapse=` loses
        # groups once the top-N heap is full (村书记能当人大代表吗 lost article 21).
        fetch = limit * 4 + 20
        while True:
            results = searcher.search(query, limit=fetch, filter=restriction, terms=True)
            best = self._collapse(results, limit)
            if len(best) >= limit or results.scored_length() < fetch:
                break
            fetch *= 4
        results.fragmenter = highlight.ContextFragmenter(maxchars=120, surround=30)
        results.formatter = _Brackets()
        return [self._hit(h) for h in best]

    @staticmethod
    def _collapse(results, limit: int) -> list:
        best, groups = [], set()
        for hit in results:
            if hit["group"] not in groups:
                groups.add(hit["group"])
                best.append(hit)
                if len(best) == limit:
                    break
        return best

    def _query(self, text: str):
        words = analysis.query_words(text)
        if not words:
            return None
        groups = []
        for word in words[:20]:
            variants = {word} | {w for g in self.synonyms if word in g for w in g}
            groups.append(Or([Term(field, w, boost=boost) for field, boost in FIELD_BOOSTS.items() for w in sorted(variants)]))
        return Or(groups, scale=0.9)  # documents matching more of the words rank higher

    @staticmethod
    def _filter(kind: str | None, unit_type: str | None, section: str | None, doc: str | None = None):
        parts = [Term("kind", kind)] if kind else []
        parts += [Term("unit_types", unit_type)] if unit_type else []
        parts += [Term("section", section)] if section else []
        parts += [Term("doc", doc)] if doc else []
        return And(parts) if parts else None

    def _hit(self, hit) -> Hit:
        snippet = hit.highlights("content", top=2) or hit["content"][:80] or hit["citation"]
        return Hit(
            kind=hit["kind"], doc=hit["doc"], article=hit["article"] or None, sentence=hit["sentence"] or None,
            title=hit["title"], url=hit["url"], score=float(hit.score), snippet=snippet, citation=hit["citation"],
            document=self.documents.get(hit["doc"]) if hit["doc"] else None,
        )
