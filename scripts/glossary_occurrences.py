"""List every sentence each glossary term occurs in, by string matching (never by hand).

    .venv/bin/python scripts/glossary_occurrences.py            # report what differs from content/glossary.yaml
    .venv/bin/python scripts/glossary_occurrences.py --write    # rewrite the occurrences in place

Matching is Term.spans (generator/model/glossary.py), the same as the glossary check and the
marking of terms on the site: the term and its aliases, not inside one of its `not_within` words.
Every document of content/documents is searched, so a term gets its occurrences in each document
it is used in. --write changes only the `sentences:` lines of content/glossary.yaml and adds an
occurrence item for a document not listed yet; comments, explanations and senses stay as written.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.project import load_project  # noqa: E402


def found_occurrences(project) -> dict[str, dict[str, list[str]]]:
    """term id → document id → sentence ids, in the order of the documents and their text."""
    found: dict[str, dict[str, list[str]]] = {}
    for term in project.terms:
        per_doc = {}
        for doc in project.documents:
            ids = [s.id for s in doc.sentences() if term.occurs_in(s.text)]
            if ids:
                per_doc[doc.id] = ids
        found[term.id] = per_doc
    return found


def listed_occurrences(project) -> dict[str, dict[str, list[str]]]:
    return {t.id: {o.document: list(o.sentences) for o in t.occurrences} for t in project.terms}


def rewrite(text: str, term_id: str, per_doc: dict[str, list[str]]) -> str:
    start = text.index(f"  - id: {term_id}\n")
    following = text.find("\n  - id: ", start + 1)
    end = len(text) if following < 0 else following + 1
    block = text[start:end]
    for doc_id, ids in per_doc.items():
        line = f"        sentences: [{', '.join(ids)}]"
        item = re.compile(rf"(      - document: {re.escape(doc_id)}\n)        sentences: \[[^\]]*\]")
        if item.search(block):
            block = item.sub(lambda m: m.group(1) + line, block, count=1)
            continue
        if "    occurrences: []" in block:
            block = block.replace("    occurrences: []", "    occurrences:", 1)
        lines = block.split("\n")
        at = lines.index("    occurrences:") + 1
        while at < len(lines) and lines[at].startswith("      "):
            at += 1
        lines[at:at] = [f"      - document: {doc_id}", line]
        block = "\n".join(lines)
    return text[:start] + block + text[end:]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="rewrite content/glossary.yaml")
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args()
    project, _ = load_project(args.root)
    found, listed = found_occurrences(project), listed_occurrences(project)
    changed = {t: f for t, f in found.items() if f != listed.get(t)}
    for term_id, per_doc in changed.items():
        for doc_id, ids in per_doc.items():
            before = listed[term_id].get(doc_id, [])
            if ids != before:
                print(f"{term_id}\t{doc_id}\t{len(before)} → {len(ids)}\t{', '.join(ids)}")
        for doc_id in set(listed[term_id]) - set(per_doc):
            print(f"{term_id}\t{doc_id}\t不再出现（请手工删除该项）")
    if args.write and changed:
        path = args.root / "content" / "glossary.yaml"
        text = path.read_text(encoding="utf-8")
        for term_id, per_doc in changed.items():
            text = rewrite(text, term_id, per_doc)
        path.write_text(text, encoding="utf-8")
    print(f"{len(changed)} 个术语的出现位置与 glossary.yaml 不同" + ("（已改写）" if args.write and changed else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
