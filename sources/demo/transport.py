"""Transport department (transport/): bus routes and passenger stations."""

from __future__ import annotations

import random

from .common import (
    CITY_LIST,
    SOURCES,
    City,
    County,
    address,
    landline,
    maybe_thousands,
    rng_for,
)
from .tables import BRANDS, PLACES, STREETS
from .writers import spec, write_csv

BUS_ROUTES_PATH = "transport/bus_routes.csv"
STATIONS_PATH = "transport/passenger_stations.csv"

# fmt: off
BUS_ROUTES_HEADER = [
    "线路编号", "线路名称", "所属地市", "起点站", "终点站", "首班时间", "末班时间", "票价（元）",
    "线路长度（公里）", "站点数", "运营单位", "是否空调车", "车辆类型",
]
STATIONS_HEADER = [
    "客运站名称", "站场等级", "所属地市", "所在区县", "地址", "咨询电话", "经营单位",
    "日均发送旅客（人次）", "班线数", "经度", "纬度",
]
STOP_SUFFIXES = [
    "站", "广场", "小区", "公园", "医院", "学校", "市场", "路口", "大桥", "家园", "花园", "客运站",
]
# fmt: on
# cities with a bus group and a fixed number of routes; the others have 18-40
ROUTE_COUNTS = {"230100": 260, "230200": 70, "230600": 95, "231000": 60, "230800": 50}


def stop_name(r: random.Random, county: County) -> str:
    x = r.random()
    if x < 0.3:
        return r.choice(STREETS) + r.choice(["口", "站", ""])
    if x < 0.6:
        return r.choice(PLACES) + r.choice(STOP_SUFFIXES)
    if x < 0.75:
        return f"{county.short}火车站" if r.random() < 0.5 else f"{county.short}汽车站"
    return r.choice(BRANDS) + r.choice(["家园", "花园", "小区", "购物中心", "商城"])


def _route_number(r: random.Random, i: int, n: int, used: set[int]) -> tuple[int, str]:
    """(number, label) of route ``i`` of ``n``: numbered 1.. first, then 100-399."""
    num = i + 1 if i < n * 0.8 else r.randint(100, 399)
    while num in used:
        num += 1
    used.add(num)
    label = f"{num}路"
    if num >= 100 and r.random() < 0.12:
        label = f"{num}路（夜班）"
    return num, label


def _route_row(r: random.Random, city: City, num: int, label: str, operators: list[str]) -> list:
    county = r.choice(city.counties[: max(3, len(city.counties) // 2)])
    a, b = stop_name(r, county), stop_name(r, county)
    while b == a:
        b = stop_name(r, county)
    length = round(r.uniform(5, 32), 1)
    stops = max(6, int(length * r.uniform(1.2, 1.8)))
    first = f"{r.choice([5, 5, 6, 6, 7])}:{r.choice(['00', '10', '20', '30', '40'])}"
    last = f"{r.choice([18, 19, 20, 21, 22])}:{r.choice(['00', '15', '30', '45'])}"
    if "夜班" in label:
        first, last = "21:30", "4:30"
    fare = (
        r.choice(["1", "1", "2", "2", "1.5"])
        if city.code != "230100"
        else r.choice(["2", "2", "1"])
    )
    return [
        f"{city.code}-{num:04d}",
        label,
        city.name,
        a,
        b,
        first,
        last,
        fare,
        f"{length:.1f}",
        str(stops),
        operators[0] if r.random() < 0.8 else operators[1],
        "是" if r.random() < 0.55 else "否",
        r.choices(["纯电动", "天然气", "混合动力", "柴油"], [45, 30, 15, 10])[0],
    ]


def gen_bus_routes() -> tuple[str, int]:
    r = rng_for("bus")
    spec(BUS_ROUTES_PATH, "csv", encoding="utf-8-sig")
    rows = []
    for city in CITY_LIST:
        n = ROUTE_COUNTS.get(city.code, r.randint(18, 40))  # draws even when not needed
        operators = [
            f"{city.name}公共交通集团有限公司"
            if city.code in ROUTE_COUNTS
            else f"{city.name}公共交通有限公司",
            f"{city.name.removesuffix('市')}{r.choice(BRANDS)}公交客运有限公司",
        ]
        used = set()
        for i in range(n):
            num, label = _route_number(r, i, n, used)
            rows.append(_route_row(r, city, num, label, operators))
    write_csv(SOURCES / BUS_ROUTES_PATH, BUS_ROUTES_HEADER, rows, encoding="utf-8-sig")
    return BUS_ROUTES_PATH, len(rows)


def _station_count(r: random.Random, city: City, county: County) -> int:
    n = 0 if county.is_district and r.random() < 0.5 else (1 if r.random() < 0.6 else 2)
    if county is city.counties[0]:
        n = 3 if city.code == "230100" else 2
    return n


def _station_identity(r: random.Random, cn: str, county: County, k: int) -> tuple[str, str]:
    """(name, grade) of the ``k``-th station of a county; ``cn`` is the short city name."""
    if county.is_district:
        name = [
            f"{cn}公路客运总站",
            f"{cn}{r.choice(['南', '北', '东', '西'])}站客运站",
            f"{cn}{county.short}客运站",
        ][k % 3]
        return name, "一级" if k == 0 else "二级"
    name = f"{county.name}客运站" if k == 0 else f"{county.name}{r.choice(PLACES)}镇客运站"
    return name, "二级" if k == 0 else r.choice(["三级", "五级", "简易车站"])


def _station_row(
    r: random.Random, city: City, county: County, cn: str, name: str, level: str
) -> list:
    daily = (
        r.randint(2500, 9000)
        if level == "一级"
        else r.randint(400, 2600)
        if level == "二级"
        else r.randint(30, 400)
    )
    lon = city.lon + r.uniform(-0.9, 0.9) * (0.05 if county.is_district else 1)
    lat = city.lat + r.uniform(-0.7, 0.7) * (0.05 if county.is_district else 1)
    return [
        name,
        level,
        city.name,
        county.name,
        address(r, county),
        landline(r, city),
        f"{cn}{r.choice(BRANDS)}客运有限公司",
        maybe_thousands(r, daily, 0.6),
        str(max(2, daily // r.randint(25, 60))),
        f"{lon:.6f}",
        f"{lat:.6f}",
    ]


def gen_passenger_stations() -> tuple[str, int]:
    r = rng_for("stations")
    spec(STATIONS_PATH, "csv", encoding="utf-8", delimiter=";")
    rows, seen = [], set()
    for city in CITY_LIST:
        cn = city.name[:-1] if city.name.endswith("市") else city.name
        for county in city.counties:
            for k in range(_station_count(r, city, county)):
                name, level = _station_identity(r, cn, county, k)
                if name in seen:
                    continue
                seen.add(name)
                rows.append(_station_row(r, city, county, cn, name, level))
    write_csv(SOURCES / STATIONS_PATH, STATIONS_HEADER, rows, encoding="utf-8", delimiter=";")
    return STATIONS_PATH, len(rows)
