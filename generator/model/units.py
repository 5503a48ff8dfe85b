"""Party organizations and the county-level units above them.

Fields marked `personal=True` (names, birth years, phone numbers) are personal
data: only an internal build may show them.

A field left out (an empty cell, a missing block) means "not reported", never
"no": yes/no fields default to None, and the checklists show what depends on
them as 待核实.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StrictBool

from generator.model.base import Model, Name, Note, Slug, Text

Rating = Literal["好", "较好", "一般", "较差"]
RATINGS: tuple[str, ...] = ("好", "较好", "一般", "较差")
Appraisal = Literal["优秀", "称职", "基本称职", "不称职"]
Education = Literal["初中及以下", "高中", "中专", "大专", "本科", "研究生"]
Organization = Literal["单独组建", "联合组建", "未建立"]
ORGANIZATIONS: tuple[str, ...] = ("单独组建", "联合组建", "未建立")
Pilot = Literal["大工委制", "兼职委员制"]
Year = Annotated[int, Field(ge=1949, le=2100)]
Count = Annotated[int, Field(ge=0, le=10_000_000)]
BirthYear = Annotated[int, Field(ge=1900, le=2100)]


def personal(title: str, **kwargs):
    return Field(title=title, json_schema_extra={"personal": True}, **kwargs)


class Secretary(Model):
    name: Annotated[Name | None, personal("书记姓名")] = None
    birth_year: Annotated[BirthYear | None, personal("书记出生年份")] = None
    phone: Annotated[Name | None, personal("书记联系电话")] = None
    education: Annotated[Education | None, personal("书记学历")] = None
    in_post_since: Annotated[Year | None, Field(title="任书记起始年份")] = None
    college_graduate_official: Annotated[StrictBool | None, Field(title="是否大学生村官")] = None
    # an appraisal of a named village's secretary is a judgement about one person
    appraisals: Annotated[dict[Year, Appraisal], personal("述职评议结果（按年）")] = {}


class Envoy(Model):
    """A 第一书记 or 党建工作指导员 sent to the unit."""

    name: Annotated[Name | None, personal("姓名")] = None
    from_org: Annotated[Name | None, Field(title="派出单位")] = None
    since: Annotated[Year | None, Field(title="派驻起始年份")] = None


class Venue(Model):
    status: Annotated[Literal["有", "无", "在建"], Field(title="活动场所状况")]
    area_m2: Annotated[float | None, Field(ge=0, le=1_000_000, title="面积（平方米）")] = None


class Counts(Model):
    """Sub-unit counts of a county-level unit, with their source."""

    townships: Annotated[Count, Field(title="乡镇数")]
    streets: Annotated[Count, Field(title="街道数")]
    villages: Annotated[Count, Field(title="村数")]
    communities: Annotated[Count, Field(title="社区数")]
    source: Annotated[Text, Field(title="数据来源")]


class Unit(Model):
    id: Annotated[Slug, Field(title="编号")]
    name: Annotated[Name, Field(title="名称")]
    type: Annotated[Name, Field(title="组织类型")]
    parent: Annotated[Slug | None, Field(title="上级组织编号")] = None
    county: Annotated[Slug | None, Field(title="所属区县编号")] = None
    sample: Annotated[StrictBool, Field(title="示例数据")] = False
    ratings: Annotated[dict[Year, Rating], Field(title="分类定级（按年）", description="该年按第7条分类定级的结果")] = {}
    year_end_ratings: Annotated[dict[Year, Rating], Field(
        title="年底定级（按年）", description="该年年底晋位升级考核后的等次（第9条第5、6句）")] = {}
    organization: Annotated[Organization | None, Field(
        title="党组织建立情况", description="单独组建、联合组建或未建立；村、社区、机关等本身就是党组织的不用填")] = None
    members: Annotated[Count | None, Field(title="党员数")] = None
    employees: Annotated[Count | None, Field(title="职工数")] = None
    developed: Annotated[dict[Year, Count], Field(title="发展党员数（按年）")] = {}
    developed_under_35: Annotated[dict[Year, Count], Field(title="其中35岁以下（按年）")] = {}
    developed_high_school: Annotated[dict[Year, Count], Field(title="其中高中以上文化程度（按年）")] = {}
    secretary: Annotated[Secretary | None, Field(title="党组织书记")] = None
    first_secretary: Annotated[Envoy | Literal["无"] | None, Field(title="第一书记", description="没有派驻的写「无」；不填表示未填报")] = None
    instructor: Annotated[Envoy | Literal["无"] | None, Field(title="党建工作指导员", description="没有的写「无」；不填表示未填报")] = None
    work_group: Annotated[StrictBool | None, Field(title="工作组进驻")] = None
    trade_union: Annotated[StrictBool | None, Field(title="已建工会")] = None
    pilots: Annotated[list[Pilot] | None, Field(title="试点", description="参加的第5条试点；不参加任何试点的填空列表 []")] = None
    demonstration: Annotated[StrictBool | None, Field(title="示范点")] = None
    # 10万 万元 is a billion yuan for one organization in one year: far above any real figure
    funds: Annotated[dict[Year, Annotated[float, Field(ge=0, le=100_000)]], Field(title="运转保障经费（万元，按年）")] = {}
    venue: Annotated[Venue | None, Field(title="活动场所")] = None
    counts: Annotated[Counts | None, Field(title="下辖数量")] = None
    note: Annotated[Note | None, Field(title="备注")] = None

    def envoy(self, field: str) -> Envoy | None:
        """The 第一书记 / 党建工作指导员 sent to the unit, if one is reported ("无" is not an envoy)."""
        value = getattr(self, field)
        return value if isinstance(value, Envoy) else None


class UnitTable(Model):
    units: Annotated[list[Unit], Field(title="单位列表")]
