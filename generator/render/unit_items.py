"""One checklist item as HTML: status, title, our summary, the sentence, its
values and why it applies.

Written here rather than as a template macro because a build renders about
300,000 of them (20,000 unit pages): a sandboxed macro call costs ten times
more. Every value goes through `escape`; the page around the items stays a
template (site_templates/units/unit.html.j2).
"""

from __future__ import annotations

from markupsafe import Markup, escape

from generator.views.units import ItemView
from generator.views.why import Test, Why


def item_html(view: ItemView) -> Markup:
    e = escape
    classes = f"u-item u-kind-{view.kind}"
    if view.pending:
        classes += " u-pending"
    elif view.has_status:
        classes += f" u-status-{view.status}"
    status = f'<span class="u-status">{e(view.status)}</span> ' if view.has_status else ""
    timing = view.when or (view.no_deadline if view.kind == "task" else "")
    when = f' <span class="u-when">{e(timing)}</span>' if timing else ""
    parts = [
        f'<li class="{e(classes)}" id="{e(view.rule)}">',
        f'<div class="u-head">{status}<strong>{e(view.title)}</strong>{when}</div>',
        f'<p class="u-duty"><span class="u-ours">概括</span>{e(view.duty)}</p>',
        f'<blockquote class="u-quote"><a href="../{e(view.source.href)}">{e(view.source.text)}</a>　{e(view.quote)}</blockquote>',
    ]
    if view.caution:
        # the whole caution is said once at the top of the page; each item is marked where it is cited
        parts.append(f'<p class="u-pending-note u-caution" role="note"><strong>{e(view.state)}</strong>：依据的文件{e(view.state)}，请以现行版本为准（见本页开头的说明）。</p>')
    if view.values:
        spans = "".join(f"<span>{e(name)}：<b>{e(value)}</b></span>" for name, value in view.values)
        parts.append(f'<p class="u-values">{spans}</p>')
    if view.pending:
        parts.append(f'<p class="u-pending-note">待核实：{e(view.pending)}</p>')
    if view.status_note:
        parts.append(f'<p class="u-note">{e(view.status_note)}</p>')
    if view.why is not None:
        parts.append(why_html(view.why))
    parts.append("</li>")
    return Markup("\n".join(parts))


def why_html(why: Why) -> str:
    e = escape
    rows = [f"<dt>适用对象</dt><dd>{e(why.scope)}</dd>"]
    if why.tests:
        rows.append(f"<dt>条件</dt><dd><ul>{''.join(_test(t) for t in why.tests)}</ul></dd>")
    if why.data:
        lines = "".join(f'<li>{e(f.label)}：<b>{e(f.value)}</b><span class="u-src">（{e(f.shown_source)}）</span></li>' for f in why.data)
        rows.append(f"<dt>所用数据</dt><dd><ul>{lines}</ul></dd>")
    rows.append(f"<dt>依据</dt><dd>{e(why.sentence_label)}（原文见上）</dd>")
    if why.reading:
        rows.append(f"<dt>本手册的理解</dt><dd>{e(why.reading)}</dd>")
    return f'<details class="u-why"><summary>为什么</summary>\n<dl>{"".join(rows)}</dl>\n</details>'


def _test(test: Test) -> str:
    e = escape
    note = f'<br><span class="u-src">{e(test.fact.note)}</span>' if test.fact.note else ""
    return (f'<li>{e(test.text)}：本单位 <b>{e(test.fact.value)}</b><span class="u-src">（{e(test.fact.shown_source)}）</span>'
            f' → <span class="u-r u-r-{e(test.result_text)}">{e(test.result_text)}</span>{note}</li>')
