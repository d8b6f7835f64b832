"""Ecology and environment (ecology-environment/): daily air quality and surface water quality."""

from __future__ import annotations

import datetime as dt
import math
import random

from openpyxl import Workbook

from .common import CITY_LIST, SOURCES, City, fmt_date, rng_for
from .writers import add_sheet, save_xlsx, spec, write_csv

AIR_PATH = "ecology-environment/air_quality_daily_2024.csv"
WATER_PATH = "ecology-environment/surface_water_quality_2024.xlsx"

# fmt: off
AIR_HEADER = [
    "监测日期", "城市", "行政区划代码", "AQI", "空气质量级别", "首要污染物", "PM2.5(μg/m³)",
    "PM10(μg/m³)", "SO2(μg/m³)", "NO2(μg/m³)", "CO(mg/m³)", "O3_8h(μg/m³)",
]
WATER_HEADER = [
    "断面名称", "所在水体", "所属流域", "所属地市", "监测日期", "水质类别", "水质目标", "是否达标",
    "溶解氧（mg/L）", "高锰酸盐指数（mg/L）", "氨氮（mg/L）", "总磷（mg/L）", "化学需氧量（mg/L）",
]
BP = {  # HJ 633-2012 daily breakpoints, IAQI 0 50 100 150 200 300 400 500
    "SO2": [0, 50, 150, 475, 800, 1600, 2100, 2620],
    "NO2": [0, 40, 80, 180, 280, 565, 750, 940],
    "PM10": [0, 50, 150, 250, 350, 420, 500, 600],
    "CO": [0, 2, 4, 14, 24, 36, 48, 60],
    "O3": [0, 100, 160, 215, 265, 800, 1000, 1200],
    "PM2.5": [0, 35, 75, 115, 150, 250, 350, 500],
}
IAQI = [0, 50, 100, 150, 200, 300, 400, 500]
# AQI upper bounds of each level, HJ 633-2012
AQI_LEVELS = [(50, "优"), (100, "良"), (150, "轻度污染"), (200, "中度污染"), (300, "重度污染")]
# mean PM2.5 by city code, and the seasonal factor by month
PM25_BASE = {
    "230100": 36, "230200": 30, "230300": 30, "230400": 26, "230500": 28, "230600": 27,
    "230700": 20, "230800": 30, "230900": 31, "231000": 28, "231100": 20, "231200": 33,
    "232700": 17,
}
SEASON = [2.1, 1.6, 1.2, 1.0, 0.65, 0.55, 0.5, 0.5, 0.6, 1.05, 1.5, 2.0]
COAL_CITIES = ("230300", "230400", "230500", "230900")

WATER_SECTIONS = [
    # (basin, water body, city code, monitoring sections)
    ("松花江", "松花江干流", "230100", ["朱顺屯", "阿什河口下", "呼兰河口下", "大顶子山"]),
    ("松花江", "松花江干流", "230800", ["佳木斯上", "江南屯", "同江"]),
    ("嫩江", "嫩江", "230200", ["浏园", "江桥", "拉哈"]),
    ("嫩江", "嫩江", "231100", ["嫩江镇", "繁荣新村"]),
    ("黑龙江", "黑龙江", "231100", ["黑河上", "黑河下", "逊克"]),
    ("黑龙江", "黑龙江", "232700", ["漠河北极村", "呼玛"]),
    ("黑龙江", "黑龙江", "230400", ["名山"]),
    ("乌苏里江", "乌苏里江", "230300", ["虎头", "松阿察河口"]),
    ("乌苏里江", "乌苏里江", "230500", ["饶河"]),
    ("松花江", "牡丹江", "231000", ["柴河大桥", "海浪", "牡丹江口内"]),
    ("松花江", "呼兰河", "231200", ["兰西", "呼兰河口内"]),
    ("松花江", "阿什河", "230100", ["阿什河口内"]),
    ("松花江", "拉林河", "230100", ["牛头山大桥"]),
    ("松花江", "蚂蚁河", "230100", ["蚂蚁河口内"]),
    ("松花江", "汤旺河", "230700", ["伊春河口", "汤旺河口内"]),
    ("松花江", "倭肯河", "230900", ["倭肯河口内"]),
    ("乌苏里江", "穆棱河", "230300", ["鸡西上", "穆棱河口内"]),
    ("松花江", "安邦河", "230500", ["安邦河口内"]),
    ("嫩江", "讷谟尔河", "231100", ["德都"]),
    ("嫩江", "乌裕尔河", "230200", ["依安大桥"]),
    ("松花江", "安肇新河", "230600", ["古恰闸"]),
    ("绥芬河", "绥芬河", "231000", ["三岔口"]),
    ("乌苏里江", "兴凯湖", "230300", ["龙王庙", "湖心"]),
    ("松花江", "镜泊湖", "231000", ["电视塔", "老鸹砬子"]),
    ("松花江", "磨盘山水库", "230100", ["坝前"]),
]
# fmt: on
WATER_CLASSES = ["Ⅰ类", "Ⅱ类", "Ⅲ类", "Ⅳ类", "Ⅴ类", "劣Ⅴ类"]
# GB 3838-2002: (upper limit, class index) per parameter; above the last limit: 劣Ⅴ类
CLASS_LIMITS = {
    "codmn": [(2, 0), (4, 1), (6, 2), (10, 3), (15, 4)],
    "nh3": [(0.15, 0), (0.5, 1), (1.0, 2), (1.5, 3), (2.0, 4)],
    "tp": [(0.02, 0), (0.1, 1), (0.2, 2), (0.3, 3), (0.4, 4)],
    "cod": [(15, 0), (20, 2), (30, 3), (40, 4)],
}
# dissolved oxygen: (lower limit, class index); below the last limit: Ⅴ类
DO_LIMITS = [(7.5, 0), (6, 1), (5, 2), (3, 3)]
ICE_FREE_WATERS = ("黑龙江", "松花江干流", "嫩江")  # sampled through the winter


# --------------------------------------------------------------------------------------------
# air quality
# --------------------------------------------------------------------------------------------
def iaqi(pol: str, c: float) -> int:
    """Individual air quality index of pollutant ``pol`` at concentration ``c``."""
    bp = BP[pol]
    for i in range(1, len(bp)):
        if c <= bp[i]:
            return math.ceil(
                (IAQI[i] - IAQI[i - 1]) / (bp[i] - bp[i - 1]) * (c - bp[i - 1]) + IAQI[i - 1]
            )
    return 500


def _air_values(r: random.Random, city: City, m: int, state: float) -> dict[str, float]:
    """Daily concentrations in month index ``m``; ``state`` is the day's weather anomaly."""
    burn = 1.8 if (m in (3, 9) and r.random() < 0.12) else 1.0  # straw burning
    pm25 = max(3, PM25_BASE[city.code] * SEASON[m] * math.exp(state) * burn)
    pm10 = pm25 * r.uniform(1.35, 1.9) + (r.uniform(5, 40) if m in (3, 4) else 0)
    heating = m in (0, 1, 2, 9, 10, 11)
    so2 = max(
        2,
        (r.uniform(12, 35) if heating else r.uniform(4, 12))
        * (1.2 if city.code in COAL_CITIES else 1),
    )
    no2 = max(5, r.uniform(18, 42) * (1.2 if city.code == "230100" else 0.9))
    co = max(0.2, (r.uniform(0.7, 1.6) if heating else r.uniform(0.3, 0.8)))
    o3 = max(20, (r.uniform(80, 160) if m in (4, 5, 6, 7) else r.uniform(35, 95)))
    return {
        "PM2.5": round(pm25),
        "PM10": round(pm10),
        "SO2": round(so2),
        "NO2": round(no2),
        "CO": round(co, 1),
        "O3": round(o3),
    }


def _air_row(d: dt.date, city: City, vals: dict[str, float]) -> list:
    sub = {k: iaqi(k, v) for k, v in vals.items()}
    aqi = max(sub.values())
    level = next((name for top, name in AQI_LEVELS if aqi <= top), "严重污染")
    primary = (
        ""
        if aqi <= 50
        else ",".join(("O3_8h" if k == "O3" else k) for k, v in sub.items() if v == aqi)
    )
    return [
        fmt_date(d),
        city.name,
        city.code,
        str(aqi),
        level,
        primary,
        str(vals["PM2.5"]),
        str(vals["PM10"]),
        str(vals["SO2"]),
        str(vals["NO2"]),
        f"{vals['CO']:.1f}",
        str(vals["O3"]),
    ]


def gen_air_quality() -> tuple[str, int]:
    r = rng_for("air")
    spec(AIR_PATH, "csv", encoding="utf-8")
    rows = []
    for city in CITY_LIST:
        state = 0.0
        d = dt.date(2024, 1, 1)
        while d.year == 2024:
            state = 0.65 * state + r.gauss(0, 0.42)
            rows.append(_air_row(d, city, _air_values(r, city, d.month - 1, state)))
            d += dt.timedelta(days=1)
    rows.sort(key=lambda x: (x[0], x[2]))
    write_csv(SOURCES / AIR_PATH, AIR_HEADER, rows, encoding="utf-8")
    return AIR_PATH, len(rows)


# --------------------------------------------------------------------------------------------
# surface water quality
# --------------------------------------------------------------------------------------------
def _water_class(values: dict[str, float]) -> int:
    """Index into WATER_CLASSES: the worst class over the parameters."""
    worst = max(
        next((c for limit, c in limits if values[k] <= limit), 5)
        for k, limits in CLASS_LIMITS.items()
    )
    do_class = next((c for limit, c in DO_LIMITS if values["do"] >= limit), 4)
    return max(worst, do_class)


def _water_values(r: random.Random, quality: float, month: int) -> dict[str, float]:
    """One month's measurements at a section of base ``quality`` (higher = dirtier)."""
    q = quality * r.uniform(0.8, 1.25) * (1.15 if month in (7, 8) else 1.0)
    do = round(max(3.0, r.uniform(6.5, 11.5) / q**0.3), 1)
    codmn = round(2.0 * q * r.uniform(1.5, 3.2), 1)
    nh3 = round(0.25 * q**1.5 * r.uniform(0.5, 2.2), 2)
    tp = round(0.05 * q**1.4 * r.uniform(0.6, 2.0), 3)
    cod = round(codmn * r.uniform(2.6, 3.6), 1)
    return {"do": do, "codmn": codmn, "nh3": nh3, "tp": tp, "cod": cod}


def _section_rows(
    r: random.Random, basin: str, water: str, city_name: str, section: str
) -> list[list]:
    """A year of monthly samples at one section (some winter months are skipped under ice)."""
    rows = []
    target = r.choice([1, 2, 2, 2, 3, 3])  # index: Ⅱ/Ⅲ/Ⅳ
    quality = r.uniform(0.7, 1.6)  # higher = dirtier
    body = water.replace("干流", "")
    for month in range(1, 13):
        if month in (1, 2, 3, 12) and water not in ICE_FREE_WATERS and r.random() < 0.3:
            continue  # ice-covered: not sampled
        v = _water_values(r, quality, month)
        cls = _water_class(v)
        day = dt.date(2024, month, r.randint(5, 20))
        rows.append(
            [
                f"{body}{section}",
                body,
                basin,
                city_name,
                day,
                WATER_CLASSES[cls],
                WATER_CLASSES[target],
                "是" if cls <= target else "否",
                v["do"],
                v["codmn"],
                v["nh3"],
                v["tp"],
                v["cod"],
            ]
        )
    return rows


def gen_water_quality() -> tuple[str, int]:
    r = rng_for("water")
    spec(WATER_PATH, "xlsx")
    city_name = {c.code: c.name for c in CITY_LIST}
    rows = []
    for basin, water, code, sections in WATER_SECTIONS:
        for sec in sections:
            rows += _section_rows(r, basin, water, city_name[code], sec)
    wb = Workbook()
    wb.remove(wb.active)
    add_sheet(wb, "2024年监测结果", WATER_HEADER, rows, date_cols=(5,))
    save_xlsx(wb, SOURCES / WATER_PATH)
    return WATER_PATH, len(rows)
