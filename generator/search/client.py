"""The browser's search index: the engine's documents, words and weights, precomputed (pure).

The site's search box cannot run jieba, so everything that needs it happens at
build time, with the engine's analyzer and user dictionary:

- every text is segmented exactly as the engine indexes it, and every (word,
  field, document) gets the engine's score for it: BM25F with the engine's
  field boosts, against statistics over the same documents;
- the query side ships the index's own vocabulary with jieba's word
  frequencies (a word the index does not contain cannot match, so nothing
  else is needed), the synonym groups and the stop words, so the browser
  splits and expands a query as `analysis.query_words` and the engine do.

Documents are grouped as the engine collapses them: one entry per article
(its sentences are the passages a hit can show), term, form and course module.
Title and context belong to the group (every sentence of an article has the
same ones); content belongs to the passage. Units are not here: their names
go into a separate, lazily loaded index (`names.py`).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from generator.project import Project
from generator.search import analysis
from generator.search.corpus import SearchDoc, corpus, dictionary_words, document_labels, synonym_groups
from generator.search.engine import FIELD_BOOSTS, MAX_QUERY_CHARS, stored_length

FORMAT = 1
FIELDS = ("title", "content", "context")
B, K1 = 0.75, 1.2  # whoosh's BM25F defaults, which the engine uses
MAX_QUERY_WORDS = 20  # as the engine
COMMON_MIN = 100  # jieba's count above which a word is common enough to ship (see _query_dictionary)
HMM_JOIN = 0.5
WEIGHT_SCALE = 1000  # weights travel as whole thousandths  # how much more likely a word jieba's HMM found is than its characters apart
_HAN = re.compile(r"^[\u4e00-\u9fd5]+$")  # jieba's Chinese characters: the runs a query split sees


@dataclass
class _Group:
    """What the engine collapses hits into: an article, or any other single document."""

    kind: str
    title: str
    url: str
    section: str
    unit_types: tuple[str, ...]
    doc: str
    passages: list[SearchDoc]


def browser_index(project: Project) -> dict:
    """The handbook's own index (search/index.js), as plain JSON-able data."""
    return browser_indexes(project)[0]


def browser_indexes(project: Project) -> tuple[dict, dict[str, dict]]:
    """Everything the search box needs: the handbook's own index, and each 文件库 document's
    (search/library/<id>.js), scored against its own statistics as the engine's indexes are
    (engine.update_index). The query side (dictionary, synonyms, stop words) is shared."""
    everything = corpus(project)
    analysis.configure(dictionary_words(project))
    tokens = _Tokens()
    labels = document_labels(project)
    order = list(labels)
    main = [d for d in everything if not d.collection]
    collections: dict[str, list[SearchDoc]] = {}
    for doc in everything:
        if doc.collection:
            collections.setdefault(doc.collection, []).append(doc)
    # the engine's statistics cover every document an index holds, units included
    index = _collection([d for d in main if d.kind != "unit"], _Statistics(main, tokens), tokens, order)
    library = {name: {"format": FORMAT, "id": name, **_collection(docs, _Statistics(docs, tokens), tokens, order)}
               for name, docs in sorted(collections.items())}
    own = _query_dictionary(project, set(index["postings"]))
    for data in library.values():  # the words only this document holds, added to the query side when it loads
        data["dictionary"] = _dictionary_beyond(_query_dictionary(project, set(index["postings"]) | set(data["postings"])), own)
    index.update({
        "format": FORMAT,
        "fields": list(FIELDS),
        "maxQueryChars": MAX_QUERY_CHARS,
        "maxQueryWords": MAX_QUERY_WORDS,
        "weightScale": WEIGHT_SCALE,
        "dictionary": own,
        "synonyms": synonym_groups(project),
        "stopWords": sorted(analysis.STOP_WORDS),
        "unitTypes": [t.name for t in project.vocabulary.unit_types] if project.vocabulary else [],
        "documents": [[doc_id, labels[doc_id]] for doc_id in order],
        "library": [f"library/{name}" for name in library],
    })
    return index, library


def _collection(docs: list[SearchDoc], stats: "_Statistics", tokens: "_Tokens", order: list[str]) -> dict:
    """Groups, passages and postings of one index."""
    groups = _groups(docs)
    group_of = {d.key: n for n, g in enumerate(groups) for d in g.passages}
    passage_of = {d.key: n for n, d in enumerate(docs)}
    postings = _postings(_weights(docs, stats, tokens), group_of, passage_of)
    return {
        "groups": [[g.kind, g.title, g.url, g.section, list(g.unit_types), order.index(g.doc) if g.doc in order else -1]
                   for g in groups],
        "passages": [[group_of[d.key], d.content, d.url, d.citation] for d in docs],
        "postings": {word: [letters(n for pair in pairs for n in (pair[0], round(pair[1] * WEIGHT_SCALE))) for pairs in fields]
                     for word, fields in postings.items()},
        "sections": list(dict.fromkeys(g.section for g in groups)),
    }


def _postings(weights: dict, group_of: dict[str, int], passage_of: dict[str, int]) -> dict[str, list[list]]:
    """word → [title, content, context], each a list of (target, weight): content targets
    are passages; title and context, the same for every passage of a group, are kept
    once per group."""
    postings: dict[str, list[list]] = {}
    for (field, word), entries in sorted(weights.items(), key=lambda item: (item[0][1], FIELDS.index(item[0][0]))):
        pairs = postings.setdefault(word, [[], [], []])[FIELDS.index(field)]
        seen: set[int] = set()
        for key, weight in entries:
            target = passage_of[key] if field == "content" else group_of[key]
            if target not in seen:
                seen.add(target)
                pairs.append((target, weight))
    return postings


def letters(numbers) -> str:
    """Whole numbers ≥ 0 written in letters: base 26, the last letter of each number
    upper case. Shorter than JSON numbers, and never a run of digits: the public
    output is scanned for phone numbers, which a list like 130,12.345,131 would be."""
    out = []
    for number in numbers:
        digits = []
        while True:
            number, digit = divmod(number, 26)
            digits.append(digit)
            if not number:
                break
        out += [chr(97 + d) for d in reversed(digits[1:])] + [chr(65 + digits[0])]
    return "".join(out)


def from_letters(text: str) -> list[int]:
    numbers, value = [], 0
    for char in text:
        if char.isupper():
            numbers.append(value * 26 + ord(char) - 65)
            value = 0
        else:
            value = value * 26 + ord(char) - 97
    return numbers


class _Tokens:
    """Segment each distinct text once (an article's title and context repeat per sentence)."""

    def __init__(self) -> None:
        self.cache: dict[str, list[str]] = {}

    def __call__(self, text: str) -> list[str]:
        if text not in self.cache:
            self.cache[text] = analysis.words(text)
        return self.cache[text]


def _groups(docs: list[SearchDoc]) -> list[_Group]:
    groups: dict[str, _Group] = {}
    for doc in docs:
        if doc.group not in groups:
            groups[doc.group] = _Group(doc.kind, doc.title, doc.url.split("#")[0], doc.section, doc.unit_types, doc.doc, [])
        groups[doc.group].passages.append(doc)
    return list(groups.values())


class _Statistics:
    """Document count, average field lengths and document frequencies, as the engine has them."""

    def __init__(self, docs: list[SearchDoc], tokens: _Tokens) -> None:
        self.count = len(docs)
        self.average = {f: (sum(len(tokens(getattr(d, f))) for d in docs) / self.count or 1.0) for f in FIELDS}
        self.frequency: Counter = Counter()
        for doc in docs:
            for field in FIELDS:
                self.frequency.update((field, w) for w in set(tokens(getattr(doc, field))))

    def idf(self, field: str, word: str) -> float:
        return math.log(self.count / (self.frequency[field, word] + 1)) + 1


def _weights(docs: list[SearchDoc], stats: _Statistics, tokens: _Tokens) -> dict[tuple[str, str], list[tuple[str, float]]]:
    """(field, word) → [(document key, BM25 weight times the field's boost)]."""
    weights: dict[tuple[str, str], list[tuple[str, float]]] = {}
    for doc in docs:
        for field in FIELDS:
            words = tokens(getattr(doc, field))
            norm = K1 * ((1 - B) + B * stored_length(len(words)) / stats.average[field])
            for word, tf in Counter(words).items():
                weight = FIELD_BOOSTS[field] * stats.idf(field, word) * tf * (K1 + 1) / (tf + norm)
                weights.setdefault((field, word), []).append((doc.key, weight))
    return weights


def _dictionary_beyond(wider: dict, own: dict) -> dict:
    """What `wider` holds that `own` does not: words, and common words by length and value."""
    words = {w: v for w, v in wider["words"].items() if w not in own["words"]}
    common: dict[str, dict[str, str]] = {}
    for length, by_value in wider["common"].items():
        size, known = int(length), own["common"].get(length, {})
        for value, run in by_value.items():
            have = set(known.get(value, "")[i:i + size] for i in range(0, len(known.get(value, "")), size))
            extra = "".join(run[i:i + size] for i in range(0, len(run), size) if run[i:i + size] not in have)
            if extra:
                common.setdefault(length, {})[value] = extra
    return {"words": words, "common": common}


def _query_dictionary(project: Project, postings) -> dict:
    """How the browser splits a query as jieba does (the split that maximizes the product
    of word probabilities), as log-probabilities:

    - words: every word a query can match (the index's vocabulary, the user dictionary,
      synonyms) and the stop words. A word of the index that jieba does not know was
      joined by its HMM from single characters: it scores just above its characters,
      so the browser joins them too;
    - common: jieba's frequent words that contain a character the index holds as a word
      by itself, so 一年 stays one word (matching nothing) instead of matching 年;
    - chars: every character jieba knows.

    `common` and `chars` are grouped by value (and length) into strings to stay small."""
    frequency, total = analysis.word_frequencies()
    unseen = math.log(1 / total)

    def known(word: str) -> float | None:
        return math.log(frequency[word] / total) if frequency.get(word) else None

    candidates = set(postings) | set(analysis.STOP_WORDS)
    candidates |= {w.lower() for w in dictionary_words(project)}
    candidates |= {w.lower() for group in synonym_groups(project) for w in group}
    words = {}
    for word in sorted(w for w in candidates if len(w) > 1 and _HAN.match(w)):
        value = known(word)
        words[word] = round(value if value is not None else sum(known(c) or unseen for c in word) + HMM_JOIN, 2)
    alone = {w for w in postings if len(w) == 1}
    chars: dict[str, str] = {}
    common: dict[str, dict[str, str]] = {}
    for word in sorted(w for w in frequency if frequency[w] and _HAN.match(w)):
        key = f"{known(word):.1f}"
        if len(word) == 1:
            chars[key] = chars.get(key, "") + word
        elif word not in words and len(word) <= 4 and frequency[word] >= COMMON_MIN and alone.intersection(word):
            group = common.setdefault(str(len(word)), {})
            group[key] = group.get(key, "") + word
    return {"unseen": round(unseen, 2), "words": words, "common": common, "chars": chars}
