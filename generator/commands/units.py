"""`handbook units`, `checklist`, `demo-data`: per-unit duties."""

from __future__ import annotations

from pathlib import Path

import click

from generator import pipeline
from generator.commands.common import ROOT_OPTION, audience, cli, echo_json, echo_rows
from generator.errors import InvalidInput, Severity, UsageError

COVERAGE_CODES = {"coverage-gap", "coverage-stale", "type-without-rule"}


@cli.command("units", options_metavar="[选项]")
@ROOT_OPTION
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
def units_command(root: Path, as_json: bool) -> None:
    """列出全部单位（编号、名称、类型、区县、定级）。"""
    from generator.views.checklists import rule_set, unit_json

    project, _ = pipeline.checked_project(root)
    year = rule_set(project).reference_year
    echo_rows([unit_json(u, year) for u in project.units], as_json, ["id", "name", "type", "county", "rating"])


@cli.command("checklist", options_metavar="[选项]")
@click.argument("unit_id", metavar="单位编号", required=False)
@ROOT_OPTION
@click.option("--all", "everything", is_flag=True, help="全部单位")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
@click.option("--internal", is_flag=True, help="内部使用：包含依据个人信息判断的事项")
def checklist_command(unit_id: str | None, root: Path, everything: bool, as_json: bool, internal: bool) -> None:
    """某个单位（或 --all 全部单位）应落实的事项清单。"""
    from generator.views.checklists import checklist_json, compute_checklists, rule_set

    if bool(unit_id) == everything:
        raise UsageError("请给出一个单位编号，或使用 --all")
    project = pipeline.project_for(root, audience(internal))
    rules = rule_set(project)
    only = None
    if not everything:
        unit = project.units_by_id.get(unit_id)
        if unit is None:
            raise UsageError(f"找不到单位「{unit_id}」：可用 handbook units 查看全部单位编号")
        only = [unit]
    computed = compute_checklists(project, rules, only)
    payload = [checklist_json(r, computed.explainer) for r in computed.results]
    if as_json:
        echo_json(payload if everything else payload[0])
        return
    for result in payload:
        _print_checklist(result)


KIND_LABELS = {"task": "任务", "target": "目标", "condition": "条件"}


def _print_checklist(result: dict) -> None:
    unit = result["unit"]
    click.echo(f"{unit['name']}（{unit['type']}，{unit['id']}）{result['year']}年应落实事项 {len(result['items'])} 项")
    for item in result["items"]:
        when = item["due"] or item["recurrence"] or item["event"] or ""
        flag = "（待核实：缺少" + "、".join(item["why"]["missing"]) + "）" if item["applies"] is None else ""
        status = item["status"] or KIND_LABELS[item["kind"]]
        # one document's rules: "第9条" as before; several: the citation names the document
        cited = f"第{item['article']}条" if item["citation"].startswith("第") else item["citation"]
        caution = f"（{item['document_status']}，请以现行版本为准）" if item["caution"] else ""
        click.echo(f"  [{status}] {cited}{caution} {item['title']}{flag} {when}".rstrip())


@cli.command("demo-data", options_metavar="[选项]")
@click.option("--units", "count", default=20000, show_default=True, type=int, help="单位数")
@click.option("--seed", default=1, show_default=True, type=int, help="随机种子（相同种子生成相同数据）")
@click.option("--out", "out_dir", required=True, metavar="目录", type=click.Path(file_okay=False, path_type=Path), help="输出目录（须为空或不存在）")
def demo_data_command(count: int, seed: int, out_dir: Path) -> None:
    """生成常德规模的合成示例数据（名称均带“示例”），用于性能测试。"""
    from generator.demo_data import write_demo_data

    written = write_demo_data(count, seed, out_dir)
    click.echo(f"已写入 {len(written)} 个文件、{count} 个示例单位到 {out_dir}", err=True)


@cli.command("coverage", options_metavar="[选项]")
@ROOT_OPTION
@click.option("--doc", "doc_id", default=None, metavar="编号", help="政策文件编号（默认第一个）")
@click.option("--gaps", "gaps_only", is_flag=True, help="只列出缺口")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
def coverage_command(root: Path, doc_id: str | None, gaps_only: bool, as_json: bool) -> None:
    """逐句对照：通知中规定职责的每一句，写成了哪些事项，或为什么没有写成事项；有缺口时退出码为 1。"""
    from generator.views.checklists import rule_set
    from generator.views.coverage import coverage_page

    result = pipeline.check(root)
    others = [f for f in result.findings if f.severity is Severity.ERROR and f.code not in COVERAGE_CODES]
    if others:  # coverage problems are what this command shows; anything else stops it like any command
        raise InvalidInput(result.findings)
    project = result.project
    rules = rule_set(project, doc_id)
    page = coverage_page(project, rules.document)
    if project.coverage_for(rules.document) is None:
        raise UsageError(f"政策文件「{rules.document}」还没有逐句对照（content/documents/{rules.document}/coverage.yaml）")
    rows = [r for r in page.rows if r.status == "gap"] if gaps_only else list(page.rows)
    if as_json:
        echo_json({"document": rules.document, "gaps": len(page.gaps), "stale": list(page.stale), "sentences": [
            {"sentence": r.id, "status": r.status, "text": r.text, "rules": [{"rule": e.id, "title": e.title, "unit_types": e.types}
                                                                              for e in r.rules],
             "reason": r.reason or None, "addresses": r.addresses or None} for r in rows]})
    else:
        click.echo(f"{page.document}逐句对照：共 {len(page.rows)} 句；已写成事项 {page.count('encoded')} 句，"
                   f"未写成事项（有原因）{page.count('not-encoded')} 句，不含职责 {page.count('no-duty')} 句，缺口 {len(page.gaps)} 句")
        for r in rows:
            detail = "；".join(f"{e.title}（{e.types}）" for e in r.rules) or r.reason
            click.echo(f"  {r.label}\t{r.status_text}\t{detail}")
        for stale in page.stale:
            click.echo(f"  规则 {stale} 引用了不含职责的句子", err=True)
    if page.gaps or page.stale:
        raise SystemExit(1)
