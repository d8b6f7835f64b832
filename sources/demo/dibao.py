"""Civil affairs (civil-affairs/): 低保 (minimum living allowance) statistics and recipients."""

from __future__ import annotations

import datetime as dt
import random

from .common import (
    CITY_LIST,
    COUNTY_LIST,
    SOURCES,
    County,
    fmt_date,
    id_number,
    maybe_thousands,
    person_name,
    rand_date,
    rng_for,
    thousands,
    towns,
)
from .tables import PLACES
from .writers import spec, write_csv

STATISTICS_PATH = "civil-affairs/dibao_statistics.csv"
RECIPIENTS_PATH = "civil-affairs/dibao_recipients_2024.csv"

# fmt: off
STATISTICS_HEADER = [
    "统计期", "统计截止日期", "所属地市", "县（市、区）", "行政区划代码", "城市低保户数",
    "城市低保人数", "城市低保标准（元/人·月）", "城市低保资金支出（万元）", "农村低保户数",
    "农村低保人数", "农村低保标准（元/人·年）", "农村低保资金支出（万元）", "填报单位",
]
RECIPIENTS_HEADER = [
    "公示批次", "所属地市", "县（市、区）", "乡镇（街道）", "村（社区）", "户主姓名",
    "户主身份证号码", "保障类别", "保障人口", "月保障金额（元）", "批准日期",
]
# fmt: on
# districts with a sizeable rural population
RURAL_DISTRICTS = (
    "呼兰区",
    "阿城区",
    "双城区",
    "梅里斯达斡尔族区",
    "郊区",
    "爱辉区",
    "北林区",
    "茄子河区",
    "加格达奇区",
)
RECIPIENT_COUNTIES = ("巴彦县", "龙江县", "宝清县", "北林区", "海林市")
QUARTER_ENDS = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}


def _city_standards(r: random.Random) -> dict[str, tuple[int, int]]:
    """City code -> (urban standard per month, rural standard per year) in 2023."""
    return {
        c.code: (
            r.randint(700, 760) if c.code == "230100" else r.randint(640, 700),
            r.randint(5900, 6300) if c.code == "230100" else r.randint(5300, 5800),
        )
        for c in CITY_LIST
    }


def _base_caseloads(r: random.Random) -> dict[str, tuple[int, int]]:
    """County code -> (urban recipients, rural recipients) at the start of 2023."""
    base = {}
    for county in COUNTY_LIST:
        if county.is_district:
            urban = r.randint(1800, 14000)
            rural = r.randint(2500, 16000) if county.name in RURAL_DISTRICTS else r.randint(0, 1200)
        else:
            urban, rural = r.randint(1500, 9000), r.randint(4000, 26000)
        base[county.code] = (urban, rural)
    return base


def _statistics_row(
    r: random.Random, county: County, y: int, q: int, base: tuple[int, int], std: tuple[int, int]
) -> list:
    """One county's figures for quarter ``q`` of year ``y``."""
    k = (y - 2023) * 4 + q - 1
    u0, r0 = base
    urban = int(u0 * (1 - 0.012 * k) * r.uniform(0.985, 1.015))
    rural = int(r0 * (1 - 0.008 * k) * r.uniform(0.985, 1.015))
    raise_ = 1.0 + 0.035 * (y - 2023) + (0.03 if (y, q) >= (2024, 3) else 0)
    us, rs = int(std[0] * raise_), int(std[1] * raise_ / 10) * 10
    u_exp = urban * us * 3 * r.uniform(0.52, 0.62) / 10000
    r_exp = rural * rs / 4 * r.uniform(0.5, 0.6) / 10000
    return [
        f"{y}年第{q}季度",
        fmt_date(dt.date(y, *QUARTER_ENDS[q]), "iso"),
        county.city.name,
        county.name,
        county.code,
        maybe_thousands(r, int(urban / r.uniform(1.45, 1.75)), 0.7),
        maybe_thousands(r, urban, 0.7),
        str(us),
        thousands(u_exp, 2),
        maybe_thousands(r, int(rural / r.uniform(1.6, 2.1)), 0.7) if rural else "0",
        maybe_thousands(r, rural, 0.7),
        str(rs),
        thousands(r_exp, 2),
        f"{county.name}民政局",
    ]


def gen_dibao_statistics() -> tuple[str, int]:
    r = rng_for("dibao-stats")
    spec(STATISTICS_PATH, "csv", encoding="gbk")
    city_std = _city_standards(r)
    base = _base_caseloads(r)
    rows = [
        _statistics_row(r, county, y, q, base[county.code], city_std[county.city.code])
        for y in (2023, 2024)
        for q in (1, 2, 3, 4)
        for county in COUNTY_LIST
    ]
    write_csv(SOURCES / STATISTICS_PATH, STATISTICS_HEADER, rows, encoding="gbk", newline="\r\n")
    return STATISTICS_PATH, len(rows)


def _recipient_row(
    r: random.Random, county: County, batch: str, month: int, township_names: list[str]
) -> list:
    town = r.choice(township_names)
    rural = not county.is_district and r.random() < 0.75
    village = (r.choice(PLACES) + "村") if rural else (r.choice(PLACES) + "社区")
    size = r.choices([1, 2, 3, 4, 5], [35, 30, 20, 10, 5])[0]
    amount = size * (r.randint(180, 480) if rural else r.randint(300, 720))
    approve = rand_date(r, dt.date(2024, month, 1), dt.date(2024, month, 25))
    return [
        batch,
        county.city.name,
        county.name,
        town,
        village,
        person_name(r),
        id_number(r, county.code, 1940, 1995),
        "农村低保" if rural else "城市低保",
        str(size),
        str(amount),
        fmt_date(approve, "cn"),
    ]


def gen_dibao_recipients() -> tuple[str, int]:
    r = rng_for("dibao-recipients")
    personal = {"户主姓名": "name", "户主身份证号码": "id"}
    spec(RECIPIENTS_PATH, "csv", encoding="utf-8-sig", personal=personal)
    rows = []
    for county in [c for c in COUNTY_LIST if c.name in RECIPIENT_COUNTIES]:
        township_names = towns(r, county, 6)
        for month in (3, 6, 9, 12):
            batch = f"{county.name}2024年第{month // 3}批"
            for _ in range(r.randint(25, 45)):
                rows.append(_recipient_row(r, county, batch, month, township_names))
    write_csv(SOURCES / RECIPIENTS_PATH, RECIPIENTS_HEADER, rows, encoding="utf-8-sig")
    return RECIPIENTS_PATH, len(rows)
