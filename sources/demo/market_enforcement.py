"""Market regulation (market-regulation/): penalty decisions and food sampling results."""

from __future__ import annotations

import datetime as dt
import random

from openpyxl import Workbook

from .common import (
    COUNTY_LIST,
    SOURCES,
    County,
    address,
    company_code,
    company_name,
    fmt_date,
    mobile,
    person_name,
    rand_date,
    rng_for,
    thousands,
)
from .market_licences import county_abbr, number_decisions
from .market_tables import (
    FOODS,
    LABS,
    PENALTY_CASES,
    PENALTY_INDUSTRIES,
    PRODUCER_INDUSTRIES,
    SHELF_DAYS,
)
from .tables import BRANDS, PLACES
from .writers import add_sheet, save_xlsx, spec, write_csv

PENALTIES_PATH = "market-regulation/penalty_decisions.csv"
SAMPLING_PATH = "market-regulation/food_sampling_2024.xlsx"

# fmt: off
PENALTIES_HEADER = [
    "行政处罚决定书文号", "当事人名称", "统一社会信用代码", "法定代表人（负责人）",
    "违法行为类型", "违法事实", "处罚依据", "处罚类别", "罚款金额（元）",
    "没收违法所得金额（元）", "处罚决定日期", "处罚机关", "公示截止期",
]
SAMPLING_HEADER = [
    "抽样编号", "食品名称", "食品分类", "规格型号", "商标", "生产日期/批号", "标称生产企业名称",
    "标称生产企业地址", "被抽样单位名称", "被抽样单位所在地市", "被抽样单位地址", "检验结果",
    "不合格项目", "检验值", "标准值", "检验机构", "公告号", "公告日期", "抽样人员",
    "抽样人员联系电话",
]
# fmt: on
FINES = [2000, 3000, 5000, 5000, 10000, 10000, 20000, 30000, 50000, 100000, 150000]
# the fortnightly sampling announcements of 2024: (issue number, date)
ISSUES = [(i, dt.date(2024, 1, 1) + dt.timedelta(days=14 * i + 10)) for i in range(1, 26)]
CATERING_WORDS = ("饭店", "酒楼", "馆", "烧烤", "食堂")


# --------------------------------------------------------------------------------------------
# penalty decisions
# --------------------------------------------------------------------------------------------
def _penalty_organ(r: random.Random, county: County) -> tuple[str, str]:
    """(deciding organ, document number prefix)."""
    city = county.city
    if county.is_district or r.random() < 0.3:
        organ, prefix = f"{city.name}市场监督管理局", f"{city.abbr}市监罚"
    else:
        organ, prefix = f"{county.name}市场监督管理局", f"{county_abbr(county)}市监罚"
    if r.random() < 0.05:
        organ, prefix = "黑龙江省市场监督管理局", "黑市监罚"
    return organ, prefix


def _penalty_fact(r: random.Random, fact: str, products: list[str]) -> tuple[str, int]:
    """(statement of facts, illegal gains) with a product, goods value and gains filled in."""
    v = r.randint(80, 30000)
    g = r.randint(0, min(v, 8000))
    fact = fact.format(
        p=r.choice(products),
        v=thousands(v) if v >= 1000 else v,
        g=thousands(g) if g >= 1000 else g,
    )
    return fact, g


def _penalty_sanction(r: random.Random, fact: str, g: int) -> tuple[str, int, int]:
    """(kinds of penalty, fine, confiscated gains)."""
    if r.random() < 0.12:
        return "警告", 0, 0
    fine = r.choice(FINES)
    conf = g if "违法所得" in fact else 0
    kinds = "罚款" if not conf else "没收违法所得、罚款"
    if r.random() < 0.15:
        kinds = "警告、" + kinds
    return kinds, fine, conf


def _penalty_row(r: random.Random, seen_co: set[str]) -> list:
    """A penalty decision, numbered later: its first cell is (date, number prefix)."""
    county = r.choice(COUNTY_LIST)
    typ, fact, basis, products = r.choice(PENALTY_CASES)
    organ, prefix = _penalty_organ(r, county)
    decided = rand_date(r, dt.date(2023, 7, 1), dt.date(2024, 12, 27))
    fact, g = _penalty_fact(r, fact, products)
    kinds, fine, conf = _penalty_sanction(r, fact, g)
    name = company_name(r, county, r.choice(PENALTY_INDUSTRIES[typ]), seen_co)
    style = "iso" if r.random() < 0.8 else "slash"
    return [
        (decided, prefix),
        name,
        company_code(r, county),
        person_name(r),
        typ,
        fact,
        basis,
        kinds,
        thousands(fine, 2) if r.random() < 0.6 else f"{fine:.2f}",
        thousands(conf, 2) if conf else "0",
        fmt_date(decided, style),
        organ,
        fmt_date(decided + dt.timedelta(days=3 * 365), style),
    ]


def gen_penalties() -> tuple[str, int]:
    r = rng_for("penalties")
    spec(PENALTIES_PATH, "csv", encoding="utf-8", personal={"法定代表人（负责人）": "name"})
    seen_co = set()
    rows = [_penalty_row(r, seen_co) for _ in range(860)]
    rows.sort(key=lambda x: (x[0][0], x[2]))
    number_decisions(r, rows, 9)
    write_csv(SOURCES / PENALTIES_PATH, PENALTIES_HEADER, rows, encoding="utf-8")
    return PENALTIES_PATH, len(rows)


# --------------------------------------------------------------------------------------------
# food sampling
# --------------------------------------------------------------------------------------------
def _producers(r: random.Random, seen_co: set[str]) -> dict[str, list[tuple[str, str]]]:
    """Category -> eight (producer name, address)."""
    producers = {}
    for cat, inds in PRODUCER_INDUSTRIES.items():
        producers[cat] = []
        for _ in range(8):
            county = r.choice(COUNTY_LIST)
            producers[cat].append(
                (company_name(r, county, r.choice(inds), seen_co), address(r, county))
            )
    return producers


def _outlet_name(r: random.Random, county: County) -> str:
    """A supermarket, a market stall, a restaurant or a canteen."""
    x = r.random()
    if x < 0.35:
        kind = r.choice(["超市", "购物中心", "生鲜超市"])
        return f"{county.short}{r.choice(BRANDS)}{kind}"
    if x < 0.6:
        market = f"{county.city.name}{county.name}{r.choice(PLACES)}农贸市场"
        return f"{market}{person_name(r)[0]}记摊位"
    if x < 0.8:
        kind = r.choice(["饭店", "酒楼", "饺子馆", "烧烤店"])
        return f"{county.short}{r.choice(BRANDS)}{kind}"
    kind = r.choice(["学校食堂", "中心小学食堂", "幼儿园食堂"])
    return f"{county.short}{r.choice(PLACES)}{kind}"


def _outlets(r: random.Random) -> list[tuple[str, County, str]]:
    """The sampled outlets: (name, county, address)."""
    outlets = []
    for county in COUNTY_LIST:
        for _ in range(r.randint(2, 5)):
            name = _outlet_name(r, county)
            outlets.append((name, county, address(r, county)))
    return outlets


def _sample_row(r: random.Random, outlets: list, producers: dict, seq: dict) -> list | None:
    """One sample and its result, or None when the food is not sold at the drawn outlet."""
    cat, food, size, farm, bad = r.choice(FOODS)
    mname, county, maddr = r.choice(outlets)
    if food == "复用餐饮具" and not any(k in mname for k in CATERING_WORDS):
        return None
    issue_no, issue_date = r.choice(ISSUES)
    sampled = issue_date - dt.timedelta(days=r.randint(20, 45))
    made = sampled - dt.timedelta(
        days=r.randint(0, 3) if farm else r.randint(2, SHELF_DAYS.get(cat, 240))
    )
    seq[county.city.code] = seq.get(county.city.code, 0) + 1
    fail = bad and r.random() < 0.045
    item, val, std = r.choice(bad) if fail else ("", "", "")
    prod, paddr = ("/", "/") if farm else r.choice(producers[cat])
    return [
        f"DC24-{county.city.code[:4]}-{seq[county.city.code]:05d}",
        food,
        cat,
        size,
        "/" if farm else r.choice(BRANDS),
        made,
        prod,
        paddr,
        mname,
        county.city.name,
        maddr,
        "不合格" if fail else "合格",
        item,
        val,
        std,
        r.choice(LABS),
        f"2024年第{issue_no}期",
        issue_date,
        person_name(r),
        mobile(r),
    ]


def gen_food_sampling() -> tuple[str, int]:
    r = rng_for("food-sampling")
    personal = {"抽样人员": "name", "抽样人员联系电话": "mobile"}
    spec(SAMPLING_PATH, "xlsx", personal=personal)
    seen_co, seq = set(), {}
    producers = _producers(r, seen_co)
    outlets = _outlets(r)
    rows = [row for _ in range(1650) if (row := _sample_row(r, outlets, producers, seq))]
    rows.sort(key=lambda x: (x[17], x[0]))
    wb = Workbook()
    wb.remove(wb.active)
    add_sheet(wb, "抽检结果", SAMPLING_HEADER, rows, date_cols=(6, 18))
    save_xlsx(wb, SOURCES / SAMPLING_PATH)
    return SAMPLING_PATH, len(rows)
