"""Development and reform commission (development-reform/): retail price monitoring (GBK)."""

from __future__ import annotations

import datetime as dt
import math
import random

from .common import CITY_LIST, SOURCES, City, fmt_date, rng_for
from .tables import PLACES
from .writers import spec, write_csv

PRICES_PATH = "development-reform/price_monitoring_2024.csv"

# fmt: off
PRICES_HEADER = [
    "监测日期", "所属地市", "监测点", "商品类别", "商品名称", "规格等级", "计量单位",
    "零售价格（元）", "上期价格（元）", "环比（%）",
]
# fmt: on
# (category, item, grade, unit, base price, seasonal amplitude)
PRICE_ITEMS = [
    ("粮油", "粳米", "一级散装", "元/500克", 3.05, 0.0),
    ("粮油", "面粉", "富强粉", "元/500克", 2.75, 0.0),
    ("粮油", "大豆油", "5L桶装", "元/桶", 69.0, 0.0),
    ("肉禽蛋", "猪肉", "精瘦肉", "元/500克", 15.5, 0.0),
    ("肉禽蛋", "牛肉", "鲜牛腿肉", "元/500克", 39.0, 0.0),
    ("肉禽蛋", "羊肉", "鲜羊腿肉", "元/500克", 38.0, 0.0),
    ("肉禽蛋", "鸡蛋", "鲜鸡蛋", "元/500克", 5.1, 0.1),
    ("肉禽蛋", "白条鸡", "新鲜", "元/500克", 11.5, 0.0),
    ("蔬菜", "大白菜", "新鲜", "元/500克", 1.2, 0.45),
    ("蔬菜", "土豆", "新鲜", "元/500克", 1.5, 0.2),
    ("蔬菜", "白萝卜", "新鲜", "元/500克", 1.3, 0.35),
    ("蔬菜", "黄瓜", "新鲜", "元/500克", 3.6, 0.5),
    ("蔬菜", "西红柿", "新鲜", "元/500克", 4.0, 0.5),
    ("蔬菜", "青椒", "新鲜", "元/500克", 4.5, 0.45),
    ("蔬菜", "芹菜", "新鲜", "元/500克", 3.0, 0.45),
    ("蔬菜", "豆角", "新鲜", "元/500克", 5.5, 0.55),
    ("水果", "苹果", "富士一级", "元/500克", 5.8, 0.1),
    ("水果", "香蕉", "一级", "元/500克", 4.3, 0.1),
]


# twice-monthly monitoring dates; the series starts one period earlier, on 2023-12-20
DATES = [dt.date(2024, m, d) for m in range(1, 13) for d in (5, 20)]


def _price_rows(r: random.Random, city: City, point: str, cf: float, item: tuple) -> list[list]:
    """The 2024 series of one item at one city's monitoring point (``cf``: city price factor)."""
    cat, name, grade, unit, base, seasonal = item
    rows = []
    walk = 0.0
    prev = None
    for i, d in enumerate([dt.date(2023, 12, 20)] + DATES):
        walk = 0.8 * walk + r.gauss(0, 0.025 if seasonal < 0.2 else 0.05)
        s = 1 + seasonal * math.cos((d.timetuple().tm_yday - 20) / 366 * 2 * math.pi)
        p = base * cf * s * math.exp(walk)
        p = round(p, 0 if unit == "元/桶" else 2)
        if i > 0:
            change = (p / prev - 1) * 100
            rows.append(
                [
                    fmt_date(d, "dot"),
                    city.name,
                    point,
                    cat,
                    name,
                    grade,
                    unit,
                    f"{p:.2f}",
                    f"{prev:.2f}",
                    f"{change:+.2f}",
                ]
            )
        prev = p
    return rows


def gen_price_monitoring() -> tuple[str, int]:
    r = rng_for("prices")
    spec(PRICES_PATH, "csv", encoding="gbk")
    rows = []
    for city in CITY_LIST:
        point = f"{city.name}{r.choice(PLACES)}农贸市场"
        cf = r.uniform(0.94, 1.07) * (1.05 if city.code in ("232700", "231100") else 1.0)
        for item in PRICE_ITEMS:
            rows += _price_rows(r, city, point, cf, item)
    rows.sort(key=lambda x: (x[0], x[1]))
    write_csv(SOURCES / PRICES_PATH, PRICES_HEADER, rows, encoding="gbk", newline="\r\n")
    return PRICES_PATH, len(rows)
