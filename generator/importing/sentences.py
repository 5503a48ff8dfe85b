"""Sentences as the handbook numbers them: a sentence ends at a full stop,
semicolon, question or exclamation mark, and keeps a closing quote or bracket
that follows. Changing this changes every sentence id, so it stays as the
notice's ids were made."""

from __future__ import annotations

import re

SENTENCE_END_RE = re.compile(r"(?<=[。；;！？!?])(?![”’」』）)])|(?<=[。；;！？!?][”’」』）)])")


def split_sentences(text: str) -> list[str]:
    parts = [p for p in SENTENCE_END_RE.split(text) if p]
    assert "".join(parts) == text
    return parts
