"""Civil affairs (civil-affairs/): elderly care institutions and social organisations.

The 低保 (minimum living allowance) files of the same department are in :mod:`.dibao`.
"""

from __future__ import annotations

import datetime as dt
import random

from openpyxl import Workbook

from .common import (
    CITY_LIST,
    COUNTY_LIST,
    SOURCES,
    City,
    County,
    address,
    company_code,
    county_full,
    fmt_date,
    landline,
    mobile,
    person_name,
    rand_date,
    rng_for,
)
from .tables import BRANDS, PLACES
from .writers import add_sheet, save_xlsx, spec, write_csv

ELDERLY_PATH = "civil-affairs/elderly_care_institutions.xlsx"
SOCIAL_ORGS_PATH = "civil-affairs/social_organizations.csv"

# fmt: off
ELDERLY_HEADER = [
    "机构名称", "统一社会信用代码", "机构类型", "运营方式", "所属地市", "所在区县", "地址",
    "床位总数", "护理型床位数", "收费标准下限（元/月）", "收费标准上限（元/月）", "负责人",
    "负责人手机", "机构电话", "备案日期", "是否医养结合",
]
SOCIAL_ORGS_HEADER = [
    "社会组织名称", "统一社会信用代码", "组织类型", "登记管理机关", "业务主管单位", "住所",
    "成立登记日期", "注册资金（万元）", "业务范围", "登记状态",
]
# fmt: on
ELDERLY_NOTES = [
    "黑龙江省养老机构备案信息（截至2024年6月30日）",
    "1. 本表由各市（地）民政局汇总，省民政厅养老服务处审核。",
    "2. 收费标准为每人每月床位费、护理费、伙食费合计的区间。",
    "3. 负责人手机仅供民政部门联系使用，不对外公开。",
    "4. 数据见“机构名录”工作表。",
]
# social associations: (name suffix, domain, business scope)
TRADES = [
    ("餐饮行业协会", "行业协会", "搭建交流平台，开展行业培训、标准宣贯和诚信建设"),
    ("个体劳动者私营企业协会", "行业协会", "维护会员合法权益，提供政策咨询和培训服务"),
    ("老年人体育协会", "体育", "组织开展老年人健身活动和赛事"),
    ("书法家协会", "文化", "组织书法创作、展览和交流活动"),
    ("志愿者协会", "公益", "组织开展志愿服务，培训志愿者"),
    ("慈善总会", "公益", "募集慈善款物，开展扶贫济困、助医助学活动"),
    ("冰雪运动协会", "体育", "推广冰雪运动，组织冰雪赛事和培训"),
    ("农民专业合作社联合会", "农业", "提供农业技术推广、信息咨询服务"),
    ("物业管理协会", "行业协会", "开展物业服务行业自律和从业人员培训"),
    ("家庭服务业协会", "行业协会", "推进家政服务规范化，开展家政人员培训"),
]
# private non-enterprise units: (name suffix, business scope)
NONPROFITS = [
    ("社会工作服务中心", "开展社区社会工作服务、困难群体帮扶"),
    ("养老服务中心", "为老年人提供日间照料、助餐、文化娱乐服务"),
    ("培训学校", "开展职业技能培训"),
    ("康复中心", "为残疾儿童提供康复训练服务"),
    ("调解服务中心", "开展人民调解和法律咨询服务"),
]


def _elderly_identity(r: random.Random, county: County, base: str) -> tuple[str, str, str]:
    """(name, type, operating mode) of an elderly care institution."""
    x = r.random()
    if x < 0.25 and not county.is_district:
        t = r.choice(PLACES)
        return f"{county.name}{t}镇敬老院", "敬老院", r.choice(["公办公营", "公建民营"])
    if x < 0.4:
        return f"{base}社会福利中心", "养老院", "公办公营"
    if x < 0.6:
        return (
            f"{base}{r.choice(PLACES)}街道社区养老服务中心"
            if county.is_district
            else f"{county.name}{r.choice(PLACES)}社区养老服务中心",
            "社区养老服务中心",
            r.choice(["公建民营", "民办"]),
        )
    typ = r.choice(["养老院", "老年公寓", "护理院", "颐养中心"])
    name = f"{base}{r.choice(BRANDS)}{typ}"
    typ = "养老院" if typ == "颐养中心" else typ
    return name, typ, "民办"


def _elderly_row(r: random.Random, county: County, name: str, typ: str, op: str) -> list:
    beds = r.randint(20, 120) if typ in ("敬老院", "社区养老服务中心") else r.randint(40, 480)
    nursing = int(beds * r.uniform(0.2, 0.8))
    lo = r.choice([1200, 1500, 1800, 2000, 2200, 2500])
    hi = lo + r.choice([800, 1200, 1500, 2000, 3000])
    kind = (
        "institution"
        if op == "公办公营"
        else "nonprofit"
        if op == "公建民营"
        else r.choice(["nonprofit", "enterprise"])
    )
    return [
        name,
        company_code(r, county, kind),
        typ,
        op,
        county.city.name,
        county.name,
        address(r, county),
        beds,
        nursing,
        lo,
        hi,
        person_name(r),
        mobile(r),
        landline(r, county.city),
        rand_date(r, dt.date(2016, 1, 1), dt.date(2024, 6, 30)),
        "是" if (typ == "护理院" or r.random() < 0.35) else "否",
    ]


def _elderly_workbook(rows: list[list]) -> Workbook:
    """Notes on the first sheet, the list on the second, a summary per city on the third."""
    wb = Workbook()
    notes = wb.active
    notes.title = "填报说明"
    for line in ELDERLY_NOTES:
        notes.append([line])
    notes.column_dimensions["A"].width = 80
    add_sheet(wb, "机构名录", ELDERLY_HEADER, rows, date_cols=(15,))
    stats = wb.create_sheet("分市汇总")
    stats.append(["所属地市", "机构数", "床位总数"])
    for city in CITY_LIST:
        cr = [x for x in rows if x[4] == city.name]
        stats.append([city.name, len(cr), sum(x[7] for x in cr)])
    return wb


def gen_elderly_care() -> tuple[str, int]:
    r = rng_for("elderly")
    personal = {"负责人": "name", "负责人手机": "mobile"}
    spec(ELDERLY_PATH, "xlsx", sheet="机构名录", personal=personal)
    rows, seen = [], set()
    for county in COUNTY_LIST:
        base = county_full(county)
        for _ in range(r.randint(3, 9)):
            name, typ, op = _elderly_identity(r, county, base)
            if name in seen:
                continue
            seen.add(name)
            rows.append(_elderly_row(r, county, name, typ, op))
    save_xlsx(_elderly_workbook(rows), SOURCES / ELDERLY_PATH)
    return ELDERLY_PATH, len(rows)


def _social_org(r: random.Random, level_name: str) -> tuple[str, str, str, int, str]:
    """(name, type, credit-code kind, registered capital, scope) of a social organisation."""
    if r.random() < 0.6:
        suffix, _domain, scope = r.choice(TRADES)
        name = f"{level_name}{suffix}"
        typ, kind, capital = "社会团体", "association", r.choice([3, 5, 10, 20, 30])
    else:
        suffix, scope = r.choice(NONPROFITS)
        name = f"{level_name}{r.choice(BRANDS)}{suffix}"
        typ, kind, capital = "民办非企业单位", "nonprofit", r.choice([3, 5, 10, 50])
    return name, typ, kind, capital, scope


def _social_org_row(
    r: random.Random, city: City, county: County | None, level_name: str, org: tuple
) -> list:
    name, typ, kind, capital, scope = org
    region = city.code if county is None else county.code
    founded = rand_date(r, dt.date(1995, 1, 1), dt.date(2024, 5, 31))
    status = r.choices(["正常", "正常", "正常", "正常", "撤销", "注销"], [50, 20, 10, 10, 3, 4])[0]
    return [
        name,
        company_code(r, region, kind),
        typ,
        f"{level_name}民政局",
        r.choice(
            [
                f"{level_name}民政局",
                "无",
                f"{level_name}文化广电和旅游局",
                f"{level_name}体育局",
            ]
        )
        if typ == "社会团体"
        else "无",
        address(r, county or city.counties[0]),
        fmt_date(founded, "slash"),
        str(capital),
        scope,
        status,
    ]


def gen_social_organizations() -> tuple[str, int]:
    r = rng_for("social-orgs")
    spec(SOCIAL_ORGS_PATH, "csv", encoding="utf-8")
    rows, seen = [], set()
    for city in CITY_LIST:
        for county in [None] + city.counties:
            level_name = city.name if county is None else county_full(county)
            for _ in range(r.randint(2, 5) if county else r.randint(6, 12)):
                org = _social_org(r, level_name)
                if org[0] in seen:
                    continue
                seen.add(org[0])
                rows.append(_social_org_row(r, city, county, level_name, org))
    write_csv(SOURCES / SOCIAL_ORGS_PATH, SOCIAL_ORGS_HEADER, rows, encoding="utf-8")
    return SOCIAL_ORGS_PATH, len(rows)
