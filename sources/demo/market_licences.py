"""Market regulation (market-regulation/): pharmacy licences and licensing decisions."""

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
    id_number,
    person_name,
    rand_date,
    rng_for,
)
from .market_tables import (
    FOOD_BIZ_ITEMS,
    FOOD_PROD_ITEMS,
    INDUSTRIAL_ITEMS,
    LICENCE_KINDS,
    SE_ITEMS,
)
from .tables import BRANDS, PLACES, STREETS
from .writers import add_sheet, save_xlsx, spec, write_csv

PHARMACIES_PATH = "market-regulation/pharmacies.xlsx"
LICENSING_PATH = "market-regulation/licensing_decisions.csv"

# fmt: off
PHARMACIES_HEADER = [
    "许可证编号", "企业名称", "统一社会信用代码", "经营方式", "所属地市", "所在区县", "注册地址",
    "质量负责人", "发证日期", "有效期至",
]
LICENSING_HEADER = [
    "行政许可决定文书号", "许可事项", "申请类型", "行政相对人名称", "统一社会信用代码",
    "法定代表人", "法定代表人身份证号", "许可证书名称", "许可内容", "许可决定日期", "有效期自",
    "有效期至", "许可机关", "所属地市", "系统流水号",
]
# fmt: on
DATE_STYLES = ["iso", "iso", "iso", "slash", "cn", "dot"]
SMALL_SHOPS = ["饭店", "小吃部", "超市", "食杂店", "烧烤店", "饺子馆", "面馆", "熟食店"]


def county_abbr(county: County) -> str:
    """虎林市 -> 虎林, 庆安县 -> 庆安县, 宾县 -> 宾县 (as used in document numbers)."""
    return county.short if county.name.endswith("市") else county.name


def market_organ(county: County, level: str) -> tuple[str, str]:
    """(issuing organ, document number prefix) of a licence issued at ``level``."""
    if level == "province":
        return "黑龙江省市场监督管理局", "黑市监许"
    city = county.city
    if level == "city" or county.is_district:
        return f"{city.name}市场监督管理局", f"{city.abbr}市监许"
    return f"{county.name}市场监督管理局", f"{county_abbr(county)}市监许"


def number_decisions(r: random.Random, rows: list[list], max_step: int) -> None:
    """Replace each row's (date, prefix) by a document number, in date order per organ and year.

    ``rows`` must already be sorted by date.
    """
    numbers = {}
    for row in rows:
        decided, prefix = row[0]
        key = (prefix, decided.year)
        numbers[key] = numbers.get(key, 0) + r.randint(1, max_step)
        row[0] = f"{prefix}〔{decided.year}〕{numbers[key]}号"


def expiry(issued: dt.date, years: int) -> dt.date:
    """The day before the same date ``years`` later (the 29th-31st count as the 28th)."""
    return dt.date(issued.year + years, issued.month, min(issued.day, 28)) - dt.timedelta(days=1)


# --------------------------------------------------------------------------------------------
# pharmacies
# --------------------------------------------------------------------------------------------
def _pharmacy_name(r: random.Random, county: County, chains: list[str]) -> tuple[str, str]:
    """(name, mode of business) of a chain store or an independent pharmacy."""
    if r.random() < 0.45:
        chain = r.choice(chains)
        return f"{chain}{county.short}{r.choice(STREETS)[:-1]}店", "零售（连锁）"
    kind = r.choice(["大药房", "药店", "医药商店", "堂大药房"])
    return f"{county.short}{r.choice(BRANDS)}{kind}", "零售"


def _pharmacy_row(r: random.Random, county: County, name: str, mode: str, seq: int) -> list:
    issued = rand_date(r, dt.date(2020, 1, 1), dt.date(2024, 6, 30))
    kind = "enterprise" if mode != "零售" or r.random() < 0.6 else "individual"
    return [
        f"黑{'DA' if mode == '零售' else 'DB'}{county.city.code[:4]}{seq:04d}",
        name,
        company_code(r, county, kind),
        mode,
        county.city.name,
        county.name,
        address(r, county),
        person_name(r),
        issued,
        expiry(issued, 5),
    ]


def gen_pharmacies() -> tuple[str, int]:
    r = rng_for("pharmacies")
    spec(PHARMACIES_PATH, "xlsx", header_row=2, personal={"质量负责人": "name"})
    rows, seen = [], set()
    chains = [f"黑龙江{b}大药房连锁有限公司" for b in r.sample(BRANDS, 8)]
    seq = {}
    for county in COUNTY_LIST:
        for _ in range(r.randint(3, 11) if county.is_district else r.randint(2, 6)):
            name, mode = _pharmacy_name(r, county, chains)
            if name in seen:
                continue
            seen.add(name)
            seq[county.city.code] = seq.get(county.city.code, 0) + 1
            rows.append(_pharmacy_row(r, county, name, mode, seq[county.city.code]))
    wb = Workbook()
    wb.remove(wb.active)
    title = "黑龙江省药品零售企业许可信息（截至2024年6月30日）"
    add_sheet(wb, "药品零售企业", PHARMACIES_HEADER, rows, title_row=title, date_cols=(9, 10))
    save_xlsx(wb, SOURCES / PHARMACIES_PATH)
    return PHARMACIES_PATH, len(rows)


# --------------------------------------------------------------------------------------------
# licensing decisions
# --------------------------------------------------------------------------------------------
def _licence_holder(
    r: random.Random, county: County, item: str, industry: str, seen_co: set[str]
) -> tuple[str, str, str, bool, bool]:
    """(legal representative, holder name, credit code, individual business?, catering?)."""
    individual = item == "食品经营许可" and r.random() < 0.4
    if individual:
        rep = person_name(r)
        shop = r.choice(SMALL_SHOPS)
        catering = shop not in ("超市", "食杂店", "熟食店")
        name = f"{county.short}{rep[0]}记{shop}"
        if name in seen_co:
            name = f"{county.short}{r.choice(PLACES)}{rep}{shop}"
        seen_co.add(name)
        code = company_code(r, county, "individual")
    else:
        rep = person_name(r)
        name = company_name(r, county, industry, seen_co)
        code = company_code(r, county, "enterprise")
        catering = industry == "餐饮管理"
    return rep, name, code, individual, catering


def _food_business_content(r: random.Random, individual: bool, catering: bool) -> str:
    if not catering:
        subject = r.choice(
            ["食品销售经营者（超市）", "食品销售经营者（便利店）", "食品销售经营者（食杂店）"]
        )
        its = r.sample(FOOD_BIZ_ITEMS[:2] + FOOD_BIZ_ITEMS[-1:], r.randint(1, 3))
    elif individual:
        subject = "餐饮服务经营者（小型餐馆）"
        its = ["预包装食品（含冷藏冷冻食品）销售"] + r.sample(FOOD_BIZ_ITEMS[2:4], r.randint(1, 2))
    else:
        subject = r.choice(
            [
                "餐饮服务经营者（中型餐馆）",
                "餐饮服务经营者（小型餐馆）",
                "单位食堂（学校食堂）",
                "单位食堂（机关食堂）",
                "餐饮服务经营者（饮品店）",
            ]
        )
        its = r.sample(FOOD_BIZ_ITEMS[:6], r.randint(1, 4))
    return f"主体业态：{subject}；经营项目：{'；'.join(its)}"


def _licence_content(r: random.Random, item: str, individual: bool, catering: bool) -> str:
    if item == "食品经营许可":
        return _food_business_content(r, individual, catering)
    if item == "食品生产许可":
        return f"食品类别：{'、'.join(r.sample(FOOD_PROD_ITEMS, r.randint(1, 2)))}"
    if item == "工业产品生产许可":
        return f"产品名称：{r.choice(INDUSTRIAL_ITEMS)}"
    return f"许可项目：{r.choice(SE_ITEMS)}"


def _licence_row(r: random.Random, i: int, seen_co: set[str]) -> list:
    """Licensing decision ``i``, numbered later: its first cell is (date, number prefix)."""
    item, cert, industry, level = r.choices(LICENCE_KINDS, [45, 30, 14, 5, 6])[0]
    county = r.choice(COUNTY_LIST)
    organ, prefix = market_organ(county, level)
    decided = rand_date(r, dt.date(2024, 1, 2), dt.date(2024, 12, 27))
    apply = r.choices(["新办", "延续", "变更"], [70, 18, 12])[0]
    rep, name, code, individual, catering = _licence_holder(r, county, item, industry, seen_co)
    content = _licence_content(r, item, individual, catering)
    valid_to = expiry(decided, 4 if item == "特种设备生产许可" else 5)
    style = r.choice(DATE_STYLES)
    return [
        (decided, prefix),
        item,
        apply,
        name,
        code,
        rep,
        id_number(r, county.code, 1955, 2000),
        cert,
        content,
        fmt_date(decided, style),
        fmt_date(decided, style),
        fmt_date(valid_to, style),
        organ,
        county.city.name,
        f"XK{decided:%Y%m}-{i + 1:05d}",
    ]


def gen_licensing() -> tuple[str, int]:
    r = rng_for("licensing")
    personal = {"法定代表人": "name", "法定代表人身份证号": "id"}
    spec(LICENSING_PATH, "csv", encoding="gbk", personal=personal)
    seen_co = set()
    rows = [_licence_row(r, i, seen_co) for i in range(1900)]
    rows.sort(key=lambda x: (x[0][0], x[-1]))
    number_decisions(r, rows, 6)
    write_csv(SOURCES / LICENSING_PATH, LICENSING_HEADER, rows, encoding="gbk", newline="\r\n")
    return LICENSING_PATH, len(rows)
