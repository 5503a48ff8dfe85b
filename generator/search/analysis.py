"""Chinese word segmentation for indexing and queries (jieba), shared by both.

The index stores its user dictionary (glossary terms, synonyms, vocabulary)
beside itself, and queries are segmented with the same dictionary, so a term
such as 四议两公开 is one word on both sides.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from typing import Iterator

from whoosh.analysis import Token, Tokenizer

_lock = threading.Lock()
_state: dict = {"words": (), "segmenter": None}
_WORD = re.compile(r"[\w\u4e00-\u9fff]", re.UNICODE)
# Words of a question that say nothing about the subject.
STOP_WORDS = frozenset(
    "的 了 吗 呢 吧 啊 是 在 和 与 及 或 也 都 就 要 会 能 可 有 没有 怎么 怎样 如何 什么 哪些 哪个 哪 多少 几 为什么 "
    "应该 应当 需要 必须 可以 是否 要求 规定 关于 对于 我们 我 你 他 她 它 这 那 这个 那个 一个 请问 请 问 时候 什么样 "
    "怎么办 哪里 哪儿 干什么 做什么 多久 什么时候 谁".split()
)


def configure(words: tuple[str, ...]) -> None:
    """Use this user dictionary from now on (a no-op when unchanged)."""
    with _lock:
        if _state["segmenter"] is not None and _state["words"] == words:
            return
        import logging

        import jieba

        logging.getLogger("jieba").setLevel(logging.WARNING)
        segmenter = jieba.Tokenizer()
        segmenter.initialize()
        logging.getLogger("jieba").setLevel(logging.WARNING)
        for word in words:
            segmenter.add_word(word, freq=100000)
        _state.update(words=words, segmenter=segmenter)


def _segmenter():
    if _state["segmenter"] is None:
        configure(())
    return _state["segmenter"]


def words(text: str) -> list[str]:
    """The searchable words of a text, in order (search mode: long words also in parts)."""
    return [w.lower() for w, _, _ in _segmenter().tokenize(text, mode="search") if _WORD.search(w)]


def query_words(text: str) -> list[str]:
    """The words of a query that carry meaning, without repeats. Full-width letters and
    digits (a phone keyboard's ３５) count as the ordinary ones, as in the browser."""
    seen: list[str] = []
    for word, _, _ in _segmenter().tokenize(unicodedata.normalize("NFKC", text), mode="default"):
        word = word.strip().lower()
        if word and _WORD.search(word) and word not in STOP_WORDS and word not in seen:
            seen.append(word)
    return seen


class JiebaTokenizer(Tokenizer):
    """whoosh tokenizer over jieba; stateless, so the pickled schema stays small."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, mode="", **kwargs) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        pos = start_pos
        for word, start, end in _segmenter().tokenize(value, mode="search"):
            if not _WORD.search(word):
                continue
            token.original = token.text = word.lower()
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = pos
                pos += 1
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + end
            yield token


def analyzer():
    return JiebaTokenizer()


def word_frequencies() -> tuple[dict[str, int], int]:
    """jieba's word counts (with the user dictionary) and their total."""
    segmenter = _segmenter()
    segmenter.check_initialized()
    return segmenter.FREQ, segmenter.total
