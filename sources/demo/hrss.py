"""Human resources and social security (hrss/): employment agencies and job fairs."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from .common import (
    CITY_LIST,
    SOURCES,
    City,
    County,
    address,
    company_code,
    company_name,
    county_full,
    fmt_date,
    landline,
    mobile,
    person_name,
    rand_date,
    rng_for,
)
from .writers import spec, write_csv, write_json

AGENCIES_PATH = "hrss/employment_service_agencies.csv"
JOB_FAIRS_PATH = "hrss/job_fairs_2024.json"

# fmt: off
AGENCIES_HEADER = [
    "机构名称", "机构性质", "人力资源服务许可证编号", "统一社会信用代码", "所属地市", "所在区县",
    "服务地址", "咨询电话", "服务项目", "发证日期",
]
# fmt: on
SERVICES = [
    "职业介绍",
    "职业指导",
    "人力资源供求信息发布",
    "现场招聘会",
    "网络招聘",
    "劳务派遣",
    "人力资源外包",
    "高级人才寻访",
    "人才测评",
    "人力资源培训",
    "就业创业指导",
]
FAIR_THEMES = [
    "春风行动",
    "民营企业招聘月",
    "百日千万网络招聘专项行动",
    "高校毕业生就业服务周",
    "金秋招聘月",
    "就业援助月",
    "退役军人专场",
    "农民工返乡就业专场",
    "残疾人就业专场",
    "冰雪旅游季节性用工专场",
    "重点企业用工专场",
]
FAIR_VENUES = ["人力资源市场", "人才市场", "会展中心", "体育馆", "文化广场", "公共就业服务中心"]


def _public_agency_row(r: random.Random, city: City, county: County) -> list:
    """The public employment service centre of a county."""
    level = f"{city.name}{county.name}" if county.is_district else county.name
    name = (
        f"{level}公共就业服务中心"
        if not county.is_district
        else f"{level}人力资源和社会保障局就业服务中心"
    )
    return [
        name,
        "公共就业服务机构",
        "",
        company_code(r, county, "institution"),
        city.name,
        county.name,
        address(r, county),
        landline(r, city),
        "、".join(r.sample(SERVICES[:5] + ["就业创业指导"], 4)),
        "",
    ]


def _private_agency_row(r: random.Random, city: City, county: County, seen_co: set[str]) -> list:
    """A licensed commercial human resources service company."""
    industry = r.choice(["人力资源", "人力资源服务", "劳务派遣", "企业管理咨询"])
    name = company_name(r, county, industry, seen_co)
    issued = rand_date(r, dt.date(2018, 1, 1), dt.date(2024, 6, 30))
    return [
        name,
        "经营性人力资源服务机构",
        f"黑人社服证字〔{issued.year}〕第{r.randint(1, 999):04d}号",
        company_code(r, county, "enterprise"),
        city.name,
        county.name,
        address(r, county),
        landline(r, city),
        "、".join(r.sample(SERVICES, r.randint(2, 5))),
        fmt_date(issued, "dot"),
    ]


def gen_employment_agencies() -> tuple[str, int]:
    r = rng_for("employment")
    spec(AGENCIES_PATH, "csv", encoding="utf-8-sig", delimiter="\t")
    rows, seen_co = [], set()
    for city in CITY_LIST:
        for county in city.counties:
            rows.append(_public_agency_row(r, city, county))
            for _ in range(r.randint(0, 5 if county.is_district else 2)):
                rows.append(_private_agency_row(r, city, county, seen_co))
    write_csv(SOURCES / AGENCIES_PATH, AGENCIES_HEADER, rows, encoding="utf-8-sig", delimiter="\t")
    return AGENCIES_PATH, len(rows)


def _job_fair(r: random.Random, city: City, n: int) -> dict[str, Any]:
    d = rand_date(r, dt.date(2024, 1, 2), dt.date(2024, 12, 20))
    online = r.random() < 0.25
    county = r.choice(city.counties)
    theme = r.choice(FAIR_THEMES)
    start = dt.datetime(d.year, d.month, d.day, r.choice([8, 9, 9, 10]), r.choice([0, 0, 30]))
    end = start + dt.timedelta(
        hours=r.choice([3, 4, 6]) if not online else 24 * r.choice([3, 7, 15])
    )
    companies = r.randint(15, 180) if not online else r.randint(40, 600)
    posts = companies * r.randint(3, 12)
    return {
        "招聘会编号": f"ZPH-2024-{n:04d}",
        "招聘会名称": f"{city.name}2024年{theme}{'网络' if online else '现场'}招聘会",
        "举办形式": "网络" if online else r.choice(["现场", "现场", "直播带岗"]),
        "开始时间": start.strftime("%Y-%m-%d %H:%M:%S"),
        "结束时间": end.strftime("%Y-%m-%d %H:%M:%S"),
        "举办地市": city.name,
        "举办地点": "线上（黑龙江省就业服务平台）"
        if online
        else f"{county_full(county)}{r.choice(FAIR_VENUES)}",
        "主办单位": f"{city.name}人力资源和社会保障局",
        "参会企业数": companies,
        "提供岗位数": posts,
        "需求人数": posts * r.randint(2, 5),
        "联系人": person_name(r),
        "联系手机": mobile(r),
    }


def gen_job_fairs() -> tuple[str, int]:
    r = rng_for("job-fairs")
    personal = {"联系人": "name", "联系手机": "mobile"}
    spec(JOB_FAIRS_PATH, "json", records="data.items", personal=personal)
    items = []
    for city in CITY_LIST:
        for _ in range(r.randint(25, 60) if city.code != "230100" else 120):
            items.append(_job_fair(r, city, len(items) + 1))
    items.sort(key=lambda x: (x["开始时间"], x["招聘会编号"]))
    for i, it in enumerate(items):
        it["招聘会编号"] = f"ZPH-2024-{i + 1:04d}"
    data = {"total": len(items), "pageNo": 1, "pageSize": len(items), "items": items}
    write_json(
        SOURCES / JOB_FAIRS_PATH,
        {"code": 200, "message": "操作成功", "data": data},
        records="data.items",
    )
    return JOB_FAIRS_PATH, len(items)
