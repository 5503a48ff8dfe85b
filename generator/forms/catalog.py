"""The forms: what each one is for, and how its pristine .docx template is laid out.

The .docx files in site_templates/docx/ are what staff edit in Word or WPS;
the builders here only create them (and restore one with
`handbook templates reset NAME`). Placeholders use docxtpl's syntax.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from docx.enum.text import WD_ALIGN_PARAGRAPH

from generator.forms import layout as L

FOLDER = Path(__file__).resolve().parents[2] / "site_templates" / "docx"
CHECK = "☐"


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


def _header(doc, title: str, *lines: str) -> None:
    L.title(doc, title)
    for line in lines:
        centred = line.startswith("（")  # the year under the title
        L.paragraph(doc, line, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER if centred else None)


def _basis(doc) -> None:
    L.paragraph(doc, "依据：{{ basis.citation }}：“{{ basis.text }}”", indent=False)


UNIT_LINE = "单位：{{ unit.name }}　　类型：{{ unit.type }}　　所属：{{ unit.county }}"
ITEM_LOOP = "{%tr for item in items %}"
ITEM_END = "{%tr endfor %}"


def report(doc) -> None:
    _header(doc, "基层党组织书记抓党建工作述职报告", "（{{ year }}年度）", UNIT_LINE,
            "述职人：{{ secretary.name }}　　任职起始年份：{{ secretary.in_post_since }}", "分类定级：{{ ratings }}")
    L.heading(doc, "一、履职情况和工作亮点")
    L.paragraph(doc, "{{ blank }}")
    L.paragraph(doc, "本年度应落实事项及完成情况：", indent=False)
    L.table(doc, ["事项", "出处", "期限", "落实情况"],
            [[ITEM_LOOP, "", "", ""], ["{{ item.title }}", "{{ item.source }}", "{{ item.when }}", "{{ item.status }}"], [ITEM_END, "", "", ""]],
            [66, 32, 32, 26])
    for heading in ("二、存在的问题及原因", "三、下一步工作措施", "四、上年度问题整改和公开承诺落实情况"):
        L.heading(doc, heading)
        L.paragraph(doc, "{{ blank }}")
    _basis(doc)


def appraisal(doc) -> None:
    _header(doc, "基层党组织书记抓党建工作述职评议测评表", "（{{ year }}年度）", UNIT_LINE, "被评议人：{{ secretary.name }}")
    rows = [[item, CHECK, CHECK, CHECK, CHECK] for item in
            ("抓党建工作思路", "落实党建工作责任", "推进基层组织建设年各项任务", "解决基层党建突出问题", "党员群众满意程度", "总体评价")]
    L.table(doc, ["评议项目", "好", "较好", "一般", "差"], rows, [70, 22, 22, 22, 22])
    L.paragraph(doc, "说明：请在相应栏内打“√”，每项只选一格；测评采用无记名方式，当场收回、汇总。", indent=False)
    _basis(doc)


def rating(doc) -> None:
    _header(doc, "基层党组织分类定级评定表", "（{{ year }}年度）", UNIT_LINE, "党员数：{{ unit.members }}　　上年定级：{{ previous_rating }}")
    indicators = ("党组织带头人", "工作思路", "工作制度", "活动阵地", "保障机制", "工作业绩", "群众评价", "合计")
    L.table(doc, ["评定指标", "自评得分", "党员群众测评得分", "上级评定得分"], [[i, "", "", ""] for i in indicators], [50, 35, 40, 35])
    L.paragraph(doc, f"评定等级：{CHECK}好　{CHECK}较好　{CHECK}一般　{CHECK}较差", indent=False)
    L.paragraph(doc, "村党组织书记报酬系数（好1、较好0.9、一般0.8、较差0.7）：{{ pay_coefficient }}", indent=False)
    L.paragraph(doc, "评定程序：党组织自评 → 党员群众测评 → 上级评定 → 核准定级。", indent=False)
    _basis(doc)


def ledger(doc) -> None:
    _header(doc, "晋位升级整顿工作台账", UNIT_LINE, "本年定级：{{ rating }}　　工作组进驻：{{ unit.work_group }}　　第一书记：{{ unit.first_secretary }}")
    L.table(doc, ["序号", "存在问题", "整改措施", "责任人", "完成时限", "驻点干部", "销号情况"],
            [[str(n), "", "", "", "", "", ""] for n in range(1, 7)], [12, 30, 30, 18, 20, 18, 18])
    L.paragraph(doc, "说明：问题逐项整改，完成并经验收后在“销号情况”栏注明验收日期和验收人。", indent=False)
    _basis(doc)


def member_appraisal(doc) -> None:
    _header(doc, "民主评议党员测评表", "（{{ year }}年度）", UNIT_LINE)
    L.table(doc, ["序号", "党员姓名", "优秀", "合格", "基本合格", "不合格"],
            [[str(n), "", CHECK, CHECK, CHECK, CHECK] for n in range(1, 13)], [14, 40, 24, 24, 24, 24])
    L.paragraph(doc, "程序：个人自评 → 党员互评 → 民主测评 → 组织评定，评定结果告知本人。请在相应栏内打“√”。", indent=False)
    _basis(doc)


def assessment(doc) -> None:
    _header(doc, "基层组织建设年考评表", "（{{ year }}年度）", UNIT_LINE)
    L.table(doc, ["事项", "出处", "期限", "完成情况", "评分"],
            [[ITEM_LOOP, "", "", "", ""], ["{{ item.title }}", "{{ item.source }}", "{{ item.when }}", "{{ item.status }}", ""], [ITEM_END, "", "", "", ""]],
            [58, 30, 30, 22, 16])
    L.paragraph(doc, "总分：＿＿＿＿　　考评等次：＿＿＿＿", indent=False)
    L.paragraph(doc, "考评意见：{{ blank }}", indent=False)
    _basis(doc)


def inquiry(doc) -> None:
    _header(doc, "党代表询问基层党建工作记录")
    fields = ("询问时间", "询问地点", "询问人（党代表）", "被询问单位", "询问事项", "答复情况", "整改措施及时限", "记录人")
    rows = [[f, "{{ unit.name }}" if f == "被询问单位" else ""] for f in fields]
    L.table(doc, ["项目", "内容"], rows, [45, 111])
    _basis(doc)


def four_two(doc) -> None:
    _header(doc, "“四议两公开”工作记录", UNIT_LINE, "议题：＿＿＿＿＿＿＿＿＿＿　　议题来源：" + "　".join(f"{CHECK}{s}" for s in ("党员群众建议", "村干部提议", "上级安排")))
    steps = ("村党组织提议", "村“两委”会议商议", "党员大会审议", "村民会议或村民代表会议决议", "决议公开", "实施结果公开")
    L.table(doc, ["环节", "时间", "形式", "应到", "实到", "到会比例", "主要内容"], [[s, "", "", "", "", "", ""] for s in steps],
            [36, 18, 18, 14, 14, 18, 38])
    L.paragraph(doc, "说明：党员大会须有三分之二以上党员到会，决议须经应到会党员半数以上同意。乡镇（街道）参会人员、监督意见请附后。", indent=False)
    _basis(doc)


def checklist(doc) -> None:
    _header(doc, "应落实事项清单", UNIT_LINE, "年度：{{ year }}　　共 {{ items | length }} 项，已完成 {{ done }} 项")
    L.table(doc, ["完成", "事项", "要做什么", "期限", "出处"],
            [[ITEM_LOOP, "", "", "", ""], ["{{ item.box }}", "{{ item.title }}", "{{ item.duty }}", "{{ item.when }}", "{{ item.source }}"], [ITEM_END, "", "", "", ""]],
            [14, 32, 60, 25, 25])
    L.paragraph(doc, "说明：“要做什么”为编写组概括，以通知原文为准；已完成的事项打“☑”。", indent=False)
    _basis(doc)


FORMS: tuple[Form, ...] = (
    Form("shuzhi-baogao", "基层党组织书记抓党建工作述职报告", 28, "art-28.s4", report),
    Form("shuzhi-pingyi", "述职评议测评表", 28, "art-28.s5", appraisal),
    Form("fenlei-dingji", "基层党组织分类定级评定表", 7, "art-7.s3", rating),
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

