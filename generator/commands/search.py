"""`handbook search`: the full-text index from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import click

from generator import pipeline
from generator.cli import ROOT_OPTION, _echo_json, cli
from generator.errors import UsageError


@cli.command("search", options_metavar="[选项]")
@click.argument("query", metavar="查询", required=False)
@ROOT_OPTION
@click.option("--type", "unit_type", metavar="组织类型", help="只看涉及该类组织的结果，如 村、社区、非公企业")
@click.option("--kind", type=click.Choice(["article", "term", "template", "training", "unit"]), help="只看某一类结果")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 50), help="最多返回几条")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
@click.option("--batch", metavar="文件", type=click.Path(dir_okay=False, exists=True, path_type=Path), help="逐行读取查询，每行输出一个 JSON 列表")
@click.option("--index", "index_dir", metavar="目录", type=click.Path(file_okay=False, path_type=Path), help="检索索引目录，缺省为 index/")
def search_command(query, root, unit_type, kind, limit, as_json, batch, index_dir) -> None:
    """全文检索通知条文、术语和单位（中文分词，支持常用说法）。"""
    from generator.search.engine import MAX_QUERY_CHARS

    searcher = _searcher(root, index_dir)
    options = {"kind": kind, "unit_type": unit_type, "limit": limit}
    if batch:
        for line in batch.read_text(encoding="utf-8-sig").splitlines():
            click.echo(json.dumps([h.to_json() for h in searcher.search(line, **options)], ensure_ascii=False))
        return
    if not query or not query.strip():
        raise UsageError("请输入要查找的内容，例如：handbook search 村支书工资怎么定")
    if len(query) > MAX_QUERY_CHARS:
        click.echo(f"提示：查询过长，只使用前 {MAX_QUERY_CHARS} 个字。", err=True)
    hits = searcher.search(query, **options)
    if as_json:
        _echo_json([h.to_json() for h in hits])
    elif not hits:
        click.echo("没有找到相关内容。可以换个说法，或少用几个词再试。")
    for n, hit in enumerate([] if as_json else hits, start=1):
        click.echo(f"{n}. {hit.title}  〔{hit.citation}〕\n   {hit.snippet}\n   {hit.url}")


def _searcher(root: Path, index_dir: Path | None):
    """Open the index, building it first if this project has none yet."""
    from generator.search.engine import SearchUnavailable, Searcher

    folder = index_dir or root / "index"
    try:
        return Searcher(folder)
    except SearchUnavailable:
        project, _ = pipeline.checked_project(root)
        click.echo(pipeline.update_search_index(project, folder).summary(), err=True)
        return Searcher(folder)
