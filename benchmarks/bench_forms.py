"""Filling Word forms: documents per second on one and two cores, against plain
docxtpl on the same templates and data, and the median size of a filled form.

Usage: .venv/bin/python benchmarks/bench_forms.py [--units 300]
Prints numbers; not a test. Checks first that both engines produce the same text.
"""

from __future__ import annotations

import argparse
import io
import multiprocessing
import shutil
import statistics
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def contexts(units: int) -> list[tuple[str, dict]]:
    from generator import pipeline
    from generator.demo_data import write_demo_data
    from generator.forms.catalog import FORMS
    from generator.views.checklists import all_checklists, rule_set
    from generator.views.sources import RuleSources
    from generator.views.forms import FormWarnings, unit_context

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(REPO / "content", root / "content")
        (root / "data").mkdir()
        shutil.copy(REPO / "data" / "counties.yaml", root / "data")
        write_demo_data(max(units, 100), 7, root / "data" / "demo")
        project, _ = pipeline.checked_project(root)
    rules = rule_set(project)
    doc = project.document(rules.document)
    sentences = RuleSources(project, rules)
    results = [r for r in all_checklists(project, rules) if r.unit.type != "区县"][:units]
    warnings = FormWarnings()
    return [(f.name, unit_context(r, project.units_by_id, doc, sentences, f.sentence, warnings)) for r in results for f in FORMS]


def ours(jobs: list[tuple[str, dict]]) -> list[int]:
    from generator.render.forms import prepared_forms

    prepared = prepared_forms()
    return [len(prepared[name].fill(ctx)) for name, ctx in jobs]


def theirs(jobs: list[tuple[str, dict]]) -> None:
    from docxtpl import DocxTemplate

    from generator.forms.catalog import form

    for name, ctx in jobs:
        template = DocxTemplate(str(form(name).path))
        template.render(ctx, autoescape=True)
        template.save(io.BytesIO())


def same_text(name: str, ctx: dict) -> bool:
    import docx
    from docxtpl import DocxTemplate

    from generator.forms.catalog import form
    from generator.render.forms import prepared_forms

    def text(data: bytes) -> str:
        d = docx.Document(io.BytesIO(data))
        return "\n".join([p.text for p in d.paragraphs] + [c.text for t in d.tables for r in t.rows for c in r.cells])

    template = DocxTemplate(str(form(name).path))
    template.render(ctx, autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    return text(prepared_forms()[name].fill(ctx)) == text(buffer.getvalue())


def timed(func, *args) -> float:
    started = time.perf_counter()
    func(*args)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=300)
    args = parser.parse_args()
    jobs = contexts(args.units)
    assert all(same_text(name, ctx) for name, ctx in jobs[:9]), "the two engines disagree on the text"
    sizes = ours(jobs)
    one = timed(ours, jobs)
    with multiprocessing.Pool(2) as pool:
        halves = [jobs[0::2], jobs[1::2]]
        pool.map(ours, [halves[0][:9], halves[1][:9]])  # start-up outside the timing
        two = timed(pool.map, ours, halves)
    sample = jobs[: min(len(jobs), 270)]
    plain = timed(theirs, sample) / len(sample)
    per_doc = one / len(jobs)
    print(f"{len(jobs)} filled forms ({args.units} units x 9 templates), same text as docxtpl")
    print(f"ours, 1 core: {len(jobs) / one:.0f} docs/s ({per_doc * 1000:.2f} ms/doc)")
    print(f"ours, 2 cores: {len(jobs) / two:.0f} docs/s")
    print(f"docxtpl, 1 core: {1 / plain:.0f} docs/s ({plain * 1000:.1f} ms/doc) -> ours is {plain / per_doc:.0f}x faster")
    print(f"median filled form: {statistics.median(sizes) / 1024:.1f} KiB (largest {max(sizes) / 1024:.1f} KiB)")


if __name__ == "__main__":
    main()
