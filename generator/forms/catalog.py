"""The forms: what each one is for, and how its pristine .docx template is laid out.

The .docx files in site_templates/docx/ are what staff edit in Word or WPS;
the builders here only create them (and restore one with
`handbook templates reset NAME`). Placeholders use docxtpl's syntax.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from generator.forms import layout as L

FOLDER = Path(__file__).resolve().parents[2] / "site_templates" / "docx"
CHECK = "□"  # in GB 2312, so every Chinese font has it


@dataclass(frozen=True)
class Form:
    name: str
    title: str
    article: int
    sentence: str  # the sentence the form serves, quoted on the form
    build: Callable

    @property
    def path(self) -> Path:
        return FOLDER / f"{self.name}.docx"


def _head(doc, title: str, year: bool = True) -> None:
    L.title(doc, title)
    if year:
        L.centred(doc, f"（{YEAR}年度）", font=L.HEADING2_FONT)


def _or_line(variable: str, width: int) -> str:
    """A value, or a line of `width` characters to write it on (blank forms, missing data)."""
    return "{{ %s or '%s' }}" % (variable, "＿" * width)


YEAR = _or_line("year", 4)
NAME = _or_line("unit.name", 12)
SECRETARY = _or_line("secretary.name", 6)


def _basis(doc) -> None:
    L.note(doc, "依据：{{ basis.citation }}：“{{ basis.text }}”")


ITEM_LOOP = "{%tr for item in items %}"
ITEM_END = "{%tr endfor %}"
SIGN_DATE = "年　　月　　日"
REPORT_PARTS = (
    ("二、履职情况", "（写明本年度履行抓党建工作责任的主要做法：附件所列事项的落实情况，上年度述职评议反馈问题的整改情况和公开承诺的兑现情况。）"),
    ("三、主要成效", "（写明取得的实际成效，能用数字说明的用数字说明。）"),
    ("四、存在问题及原因", "（实事求是写明抓党建工作中存在的主要问题，分析主观和客观原因。）"),
    ("五、下步打算", "（针对存在的问题，写明下一年度的工作思路、整改措施和完成时限。）"),
)


def _loop(columns: int, *cells: str) -> list[list[str]]:
    """A docxtpl row loop over `items`: the opening row, the repeated row, the closing row."""
    return [[ITEM_LOOP] + [""] * (columns - 1), list(cells), [ITEM_END] + [""] * (columns - 1)]


def _grid(doc, widths: list[float], *rows: L.Row) -> None:
    L.table(doc, None, list(rows), widths)


def _label(text: str, span: int = 1) -> L.Cell:
    return L.Cell(text, label=True, span=span)


def _room(label: str, signer: str, height: float, span: int = 1) -> L.Row:
    """A tall cell for an opinion, with the signature and date at its foot."""
    return L.Row((_label(label), L.Cell(f"{signer}　　　　　　{SIGN_DATE}", span=span, align="right", bottom=True)), height)


def report(doc) -> None:
    """述职报告: a narrative with room under each heading; the duty table is its attachment."""
    _head(doc, "基层党组织书记抓党建工作述职报告")
    L.fields(doc, ("单位", NAME), align=L.CENTER)
    L.fields(doc, ("述职人", SECRETARY), align=L.CENTER)
    L.paragraph(doc, f"根据{{{{ doc.number }}}}关于各级党组织书记向上一级党委进行专项述职的要求，现将本人{YEAR}年度抓基层党建工作情况报告如下。")
    L.heading(doc, "一、基本情况")
    L.paragraph(doc, "{%p if basics %}", indent=False)
    L.paragraph(doc, "{{ basics }}")
    L.paragraph(doc, "{%p else %}", indent=False)
    L.writing_room(doc, "（写明本单位党员人数、分类定级、班子和阵地等基本情况。）", 3)
    L.paragraph(doc, "{%p endif %}", indent=False)
    for heading, hint in REPORT_PARTS:
        L.heading(doc, heading)
        L.writing_room(doc, hint, 5)
    L.signature(doc, f"述职人：{SECRETARY}", YEAR + SIGN_DATE)
    L.attachment(doc)
    L.title(doc, f"{YEAR}年度应落实事项及完成情况")
    L.table(doc, ["序号", "事项", "期限", "完成情况", "出处"],
            _loop(5, "{{ item.no }}", "{{ item.title }}", "{{ item.when }}", "{{ item.status }}", "{{ item.source }}"),
            [12, 62, 30, 20, 32], align=["center", "left", "center", "center", "center"])
    L.note(doc, "注：事项和期限按{{ doc.number }}和本单位数据列出；“完成情况”只写已填报的进度（或单位数据表明已完成的），未填报的留空，由述职人填写。")
    _basis(doc)


def appraisal(doc) -> None:
    _head(doc, "基层党组织书记抓党建工作述职评议测评表")
    L.fields(doc, ("单位", NAME))
    L.fields(doc, ("被评议人", SECRETARY))
    rows = [[str(n), item, CHECK, CHECK, CHECK, CHECK] for n, item in enumerate(
        ("抓党建工作思路和措施", "落实党建工作责任", "推进基层组织建设年各项任务", "解决基层党建突出问题", "党员群众满意程度", "总体评价"), start=1)]
    L.table(doc, ["序号", "评议内容", "好", "较好", "一般", "差"], rows, [12, 80, 16, 16, 16, 16],
            align=["center", "left", "center", "center", "center", "center"], row_height_mm=10)
    _grid(doc, [30, 126],
          L.Row((_label("评议人身份"), L.Cell(f"{CHECK}下级党组织书记代表　{CHECK}党代表　{CHECK}党员群众代表")), 10),
          L.Row((_label("意见和建议"), L.Cell("")), 40))
    L.note(doc, "说明：请在相应栏内打“√”，每项只选一格。本表不记名，当场填写、当场收回、当场汇总。")
    _basis(doc)


def rating(doc) -> None:
    _head(doc, "基层党组织分类定级评定表")
    _grid(doc, [30, 48, 30, 48],
          L.Row((_label("党组织名称"), L.Cell("{{ unit.name }}"), _label("党员数"), L.Cell("{{ unit.members }}")), 8),
          L.Row((_label("上年度定级"), L.Cell("{{ previous_rating }}"), _label("第一书记"), L.Cell("{{ unit.first_secretary }}")), 8))
    indicators = ("党组织带头人", "工作思路", "工作制度", "活动阵地", "保障机制", "工作业绩", "群众评价")
    rows = [[str(n), name, "", "", ""] for n, name in enumerate(indicators, start=1)] + [["", "合计", "", "", ""]]
    L.table(doc, ["序号", "评定内容", "自评", "党员群众测评", "上级评定"], rows, [12, 56, 28, 32, 28],
            align=["center", "left", "center", "center", "center"], row_height_mm=7)
    _grid(doc, [34, 122],
          L.Row((_label("评定等级"), L.Cell(f"{CHECK}好　　{CHECK}较好　　{CHECK}一般　　{CHECK}较差")), 8),
          _room("党组织自评意见", "负责人（签字）：", 17),
          _room("上级党组织评定意见", "（盖章）", 17),
          _room("区县（市）委组织部核准意见", "（盖章）", 17))
    L.paragraph(doc, "{%p if pay_coefficient %}", indent=False)
    L.note(doc, "村党组织书记报酬比例系数：{{ pay_coefficient }}。报酬与定级挂钩，依所定四级依次按1:0.9:0.8:0.7比例确定（{{ doc.number }}第7条第3句）。")
    L.paragraph(doc, "{%p endif %}", indent=False)
    L.note(doc, "说明：评定程序为党组织自评、党员群众测评、上级评定、核准定级；评定内容为常用参考项目，可按本地办法调整。")
    _basis(doc)


def ledger(doc) -> None:
    _head(doc, "晋位升级整顿工作台账")
    _grid(doc, [30, 48, 30, 48],
          L.Row((_label("党组织名称"), L.Cell("{{ unit.name }}", span=3)), 10),
          L.Row((_label("本年定级"), L.Cell("{{ rating }}"), _label("上年定级"), L.Cell("{{ previous_rating }}")), 10),
          L.Row((_label("工作组进驻"), L.Cell("{{ unit.work_group }}"), _label("第一书记"), L.Cell("{{ unit.first_secretary }}")), 10))
    kinds = ("班子建设", "发展思路", "组织覆盖", "工作机制", "活动阵地", "保障机制", "民生实事")
    rows = [[str(n), kind, "", "", "", "", ""] for n, kind in enumerate(kinds, start=1)]
    L.table(doc, ["序号", "类别", "存在问题", "整改措施", "责任人", "完成时限", "验收销号"], rows,
            [12, 20, 32, 30, 18, 20, 24], align=["center", "center", "left", "left", "center", "center", "left"], row_height_mm=16)
    L.note(doc, "说明：逐项列出存在问题和整改措施；整改完成并经验收后，在“验收销号”栏注明验收日期和验收人。类别为常用整顿内容，可按实际增减。")
    _basis(doc)


def member_appraisal(doc) -> None:
    _head(doc, "民主评议党员测评表")
    L.fields(doc, ("党组织", NAME))
    rows = [[str(n), "", CHECK, CHECK, CHECK, CHECK] for n in range(1, 16)]
    L.table(doc, ["序号", "党员姓名", "优秀", "合格", "基本合格", "不合格"], rows, [12, 48, 24, 24, 24, 24],
            align=["center", "center", "center", "center", "center", "center"], row_height_mm=9)
    L.note(doc, "说明：本表不记名。请对每名党员在相应栏内打“√”，每人只选一格。评议程序为个人自评、党员互评、民主测评、组织评定，评定结果告知本人。")
    _basis(doc)


def assessment(doc) -> None:
    _head(doc, "基层组织建设年考评表")
    L.fields(doc, ("被考评单位", NAME))
    rows = _loop(6, "{{ item.no }}", "{{ item.title }}", "{{ item.when }}", "{{ item.status }}", "{{ item.source }}", "")
    rows.append(["", "合计", "", "", "", ""])
    L.table(doc, ["序号", "考评事项", "期限", "完成情况", "出处", "得分"], rows, [12, 46, 30, 20, 32, 16],
            align=["center", "left", "center", "center", "center", "center"])
    _grid(doc, [30, 126],
          L.Row((_label("考评等次"), L.Cell("")), 10),
          _room("考评意见", "考评组负责人（签字）：", 36))
    L.note(doc, "说明：“完成情况”只写已填报的进度（或单位数据表明已完成的），未填报的留空；得分按本地考评办法填写。")
    _basis(doc)


def inquiry(doc) -> None:
    _head(doc, "党代表询问基层党建工作记录")
    _grid(doc, [30, 48, 30, 48],
          L.Row((_label("询问时间"), L.Cell(SIGN_DATE, align="right"), _label("询问地点"), L.Cell("")), 10),
          L.Row((_label("询问人"), L.Cell(""), _label("代表类别"), L.Cell(f"{CHECK}市　{CHECK}区县（市）")), 10),
          L.Row((_label("被询问单位"), L.Cell("{{ unit.name }}", span=3)), 10),
          L.Row((_label("询问事项"), L.Cell("", span=3)), 40),
          L.Row((_label("答复情况"), L.Cell("", span=3)), 40),
          L.Row((_label("整改措施及时限"), L.Cell("", span=3)), 30),
          L.Row((_label("被询问单位负责人（签字）"), L.Cell(""), _label("记录人"), L.Cell("")), 14))
    _basis(doc)


def four_two(doc) -> None:
    _head(doc, "“四议两公开”工作记录", year=False)
    L.fields(doc, ("村名", NAME))
    _grid(doc, [30, 126],
          L.Row((_label("议题"), L.Cell("")), 12),
          L.Row((_label("议题来源"), L.Cell(f"{CHECK}党员群众建议　{CHECK}村干部提议　{CHECK}上级安排")), 10))
    steps = ("村党组织提议", "村“两委”会议商议", "党员大会审议", "村民会议或村民代表会议决议")
    L.table(doc, ["环节", "时间", "应到", "实到", "到会比例", "主要内容和表决结果"], [[s, "", "", "", "", ""] for s in steps],
            [40, 22, 14, 14, 20, 46], align=["left", "center", "center", "center", "center", "left"], row_height_mm=13)
    L.table(doc, ["公开事项", "公开时间", "公开形式", "群众意见和反映"], [[s, "", "", ""] for s in ("决议公开", "实施结果公开")],
            [40, 22, 40, 54], align=["left", "center", "left", "left"], row_height_mm=12)
    _grid(doc, [30, 48, 30, 48],
          L.Row((_label("乡镇（街道）参会人员"), L.Cell("", span=3)), 10),
          L.Row((_label("监督意见"), L.Cell("", span=3)), 16),
          L.Row((_label("记录人"), L.Cell(""), _label("村党组织书记（签字）"), L.Cell("")), 12))
    L.note(doc, "说明：党员大会审议一般须有三分之二以上党员到会（以本地“四议两公开”实施办法为准）。各环节的会议记录、表决情况和公开的照片等材料附后。")
    _basis(doc)


def checklist(doc) -> None:
    _head(doc, "应落实事项清单")
    L.fields(doc, ("单位", NAME))
    L.fields(doc, ("事项", f"共{_or_line('total', 2)}项，已完成{_or_line('done', 2)}项"))
    L.table(doc, ["序号", "事项及要求", "期限", "完成情况", "出处"],
            _loop(5, "{{ item.no }}", "{{ item.title }}\n{{ item.duty }}", "{{ item.when }}", "{{ item.status }}", "{{ item.source }}"),
            [12, 62, 30, 20, 32], align=["center", "left", "center", "center", "center"])
    L.note(doc, "说明：“事项及要求”为编写组概括，以“出处”所指的原文为准；“完成情况”只写已填报的进度（或单位数据表明已完成的），未填报的留空。")
    _basis(doc)


FORMS: tuple[Form, ...] = (
    Form("shuzhi-baogao", "基层党组织书记抓党建工作述职报告", 28, "art-28.s4", report),
    Form("shuzhi-pingyi", "述职评议测评表", 28, "art-28.s5", appraisal),
    Form("fenlei-dingji", "基层党组织分类定级评定表", 7, "art-7.s2", rating),
    Form("zhengdun-taizhang", "晋位升级整顿工作台账", 9, "art-9.s2", ledger),
    Form("minzhu-pingyi", "民主评议党员测评表", 14, "art-14.s2", member_appraisal),
    Form("kaoping", "基层组织建设年考评表", 27, "art-27.s2", assessment),
    Form("xunwen-jilu", "党代表询问基层党建工作记录", 26, "art-26.s2", inquiry),
    Form("siyi-lianggongkai", "“四议两公开”工作记录", 24, "art-24.s4", four_two),
    Form("qingdan", "应落实事项清单", 27, "art-27.s2", checklist),
)


def form(name: str) -> Form | None:
    return next((f for f in FORMS if f.name == name), None)


def write_template(f: Form, path: Path | None = None) -> Path:
    """Create the pristine template for one form (deterministic bytes)."""
    import datetime as dt

    from generator.output import normalize_zip

    document = L.new_document()
    f.build(document)
    _prune_styles(document)
    props = document.core_properties
    props.title, props.author, props.comments = f.title, "党建工作手册", f"常委〔2012〕5号第{f.article}条"
    stamp = dt.datetime(2012, 6, 20)
    props.created = props.modified = stamp
    props.last_modified_by, props.revision = "党建工作手册", 1
    target = path or f.path
    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(target)
    _drop_parts(target, ("word/stylesWithEffects.xml", "docProps/thumbnail.jpeg"))
    normalize_zip(target, stamp)
    return target


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _prune_styles(document) -> None:
    """Keep the styles the form uses (and what they build on): python-docx's
    default template carries ~270 others, a third of a megabyte of XML."""
    parts = [document.element] + [s.footer._element for s in document.sections] + [s.even_page_footer._element for s in document.sections]
    used = {el.get(f"{W}val") for part in parts for tag in ("pStyle", "rStyle", "tblStyle") for el in part.iter(f"{W}{tag}")}
    styles = document.styles.element
    by_id = {s.get(f"{W}styleId"): s for s in styles.findall(f"{W}style")}
    keep = {sid for sid, s in by_id.items() if s.get(f"{W}default") == "1"} | {"Normal", "Title", "Heading1", "Heading2", "TableGrid", "Footer"}
    keep |= used
    pending = list(keep)
    while pending:
        style = by_id.get(pending.pop())
        for tag in ("basedOn", "link", "next"):
            ref = style.find(f"{W}{tag}") if style is not None else None
            if ref is not None and ref.get(f"{W}val") not in keep:
                keep.add(ref.get(f"{W}val"))
                pending.append(ref.get(f"{W}val"))
    for sid, style in by_id.items():
        if sid not in keep:
            styles.remove(style)
    latent = styles.find(f"{W}latentStyles")
    if latent is not None:
        styles.remove(latent)


def _drop_parts(path: Path, names: tuple[str, ...]) -> None:
    """Remove parts python-docx's default template carries but a form never needs."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as source:
        entries = {i.filename: source.read(i) for i in source.infolist() if i.filename not in names}
    for name in names:
        target = name.split("/", 1)[1] if name.startswith("word/") else name
        for rels in ("word/_rels/document.xml.rels", "_rels/.rels"):
            entries[rels] = re.sub(rb"<Relationship [^>]*Target=\"/?" + re.escape(target).encode() + rb"\"[^>]*/>", b"", entries[rels])
        entries["[Content_Types].xml"] = re.sub(rb"<Override PartName=\"/" + re.escape(name).encode() + rb"\"[^>]*/>", b"", entries["[Content_Types].xml"])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target_zip:
        for name, data in entries.items():
            target_zip.writestr(name, data)

