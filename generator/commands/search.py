"""`handbook search`: the full-text index from the command line."""

from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path

import click

from generator import pipeline
from generator.commands.common import ROOT_OPTION, echo_json, cli
from generator.errors import UsageError


@cli.command("search", options_metavar="[选项]")
@click.argument("query", metavar="查询", required=False)
@ROOT_OPTION
@click.option("--type", "unit_type", metavar="组织类型", help="只看涉及该类组织的结果，如 村、社区、非公企业")
@click.option("--kind", type=click.Choice(["article", "term", "template", "training", "unit"]), help="只看某一类结果")
@click.option("--doc", "doc_id", metavar="文件编号", help="只看某一份文件的结果，如 dangzhang-2017（编号见 content/documents/）")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 50), help="最多返回几条")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
@click.option("--batch", metavar="文件", type=click.Path(dir_okay=False, exists=True, path_type=Path), help="逐行读取查询，每行输出一个 JSON 列表")
@click.option("--index", "index_dir", metavar="目录", type=click.Path(file_okay=False, path_type=Path), help="检索索引目录，缺省为 site/ 中的索引")
def search_command(query, root, unit_type, kind, doc_id, limit, as_json, batch, index_dir) -> None:
    """全文检索各文件的条文、术语和单位（中文分词，支持常用说法）。"""
    from generator.search.engine import MAX_QUERY_CHARS

    options = {"kind": kind, "unit_type": unit_type, "limit": limit, "doc": doc_id}
    if batch:
        lines = _batch_lines(batch)
        with _searcher(root, index_dir) as searcher:
            _known_document(searcher, doc_id)
            for line in lines:
                click.echo(json.dumps([h.to_json() for h in searcher.search(line, **options)], ensure_ascii=False))
        return
    if not query or not query.strip():
        raise UsageError("请输入要查找的内容，例如：handbook search 村支书工资怎么定")
    if len(query) > MAX_QUERY_CHARS:
        click.echo(f"提示：查询过长，只使用前 {MAX_QUERY_CHARS} 个字。", err=True)
    with _searcher(root, index_dir) as searcher:
        _known_document(searcher, doc_id)
        hits = searcher.search(query, **options)
        several = len(searcher.documents) > 1
    if as_json:
        echo_json([h.to_json() for h in hits])
    elif not hits:
        click.echo("没有找到相关内容。可以换个说法，或少用几个词再试。")
    for n, hit in enumerate([] if as_json else hits, start=1):
        source = f"\n   出自：{hit.document}" if several and hit.document else ""
        click.echo(f"{n}. {hit.title}  〔{hit.citation}〕{source}\n   {hit.snippet}\n   {hit.url}")


def _known_document(searcher, doc_id: str | None) -> None:
    if doc_id is not None and doc_id not in searcher.documents:
        known = "、".join(f"{d}（{label}）" for d, label in searcher.documents.items()) or "（无）"
        raise UsageError(f"没有编号为「{doc_id}」的文件。可选：{known}")


def _batch_lines(path: Path) -> list[str]:
    from generator.loading.text import decode_utf8

    text, problems = decode_utf8(str(path), path.read_bytes())
    if text is None:
        raise UsageError(problems[0].format())
    return text.splitlines()


@contextmanager
def _searcher(root: Path, index_dir: Path | None):
    """The public site's index; without a built site, a temporary one from the public projection."""
    from generator.output import INDEX_DIR, scratch_directory
    from generator.search.engine import SearchUnavailable, Searcher

    folder = index_dir or root / "site" / INDEX_DIR
    try:
        searcher = Searcher(folder)
    except SearchUnavailable:
        if index_dir is not None:
            raise
        searcher = None
    if searcher is not None:
        yield searcher
        return
    project = pipeline.project_for(root)
    with scratch_directory("search") as scratch:
        click.echo("还没有生成网站（handbook build），先临时建立检索索引……", err=True)
        pipeline.update_search_index(project, scratch / "index")
        temporary = Searcher(scratch / "index")
        try:
            yield temporary
        finally:
            temporary.close()
