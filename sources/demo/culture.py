"""Culture and tourism (culture-tourism/): public cultural venues."""

from __future__ import annotations

import random
from typing import Any

from .common import (
    CITY_LIST,
    SOURCES,
    City,
    County,
    address,
    county_full,
    landline,
    rng_for,
    towns,
)
from .tables import BRANDS
from .writers import spec, write_json

VENUES_PATH = "culture-tourism/cultural_venues.json"

OPENING_HOURS = [
    "周二至周日 9:00-17:00（周一闭馆）",
    "周一至周日 8:30-17:30",
    "周二至周日 9:00-16:30，法定节假日正常开放",
    "周三至周日 9:00-16:00",
]
ANY_GRADE = ["一级馆", "二级馆", "三级馆", "未定级"]


class _Venues:
    """The venue records being built."""

    def __init__(self, r: random.Random):
        self.r, self.recs = r, []

    def add(
        self,
        name: str,
        typ: str,
        grade: str,
        county: County,
        area: int,
        books: float | None,
        opened: int,
        free: bool = True,
    ) -> None:
        r = self.r
        rec: dict[str, Any] = {
            "场馆名称": name,
            "场馆类型": typ,
            "评估等级": grade,
            "所属地市": county.city.name,
            "所在区县": county.name,
            "地址": address(r, county),
            "开放时间": r.choice(OPENING_HOURS),
            "联系电话": landline(r, county.city),
            "免费开放": free,
            "建筑面积（平方米）": area,
            "藏书量（万册）": books,
            "开馆年份": opened,
        }
        self.recs.append(rec)


def _add_provincial(v: _Venues) -> None:
    hrb = CITY_LIST[0].counties[1]
    v.add("黑龙江省图书馆", "公共图书馆", "一级馆", hrb, 48000, 489.6, 1958)
    v.add("黑龙江省博物馆", "博物馆", "一级馆", hrb, 25000, None, 1906)
    v.add("黑龙江省美术馆", "美术馆", "一级馆", CITY_LIST[0].counties[0], 12000, None, 1983)
    v.add("黑龙江省群众艺术馆", "文化馆", "一级馆", hrb, 15000, None, 1955)


def _add_city_venues(v: _Venues, r: random.Random, city: City) -> None:
    """Library, art centre, museum and maybe a gallery in the city seat."""
    seat = city.counties[0]
    cn = city.name
    grade = r.choice(["一级馆", "一级馆", "二级馆"])
    v.add(
        f"{cn}图书馆",
        "公共图书馆",
        grade,
        seat,
        r.randint(8000, 30000),
        round(r.uniform(40, 180), 1),
        r.randint(1950, 1990),
    )
    grade = r.choice(["一级馆", "二级馆"])
    v.add(
        f"{cn}群众艺术馆",
        "文化馆",
        grade,
        seat,
        r.randint(3000, 12000),
        None,
        r.randint(1953, 1985),
    )
    grade = r.choice(["二级馆", "三级馆", "一级馆"])
    v.add(f"{cn}博物馆", "博物馆", grade, seat, r.randint(4000, 20000), None, r.randint(1960, 2015))
    if r.random() < 0.5:
        area = r.randint(1500, 8000)
        v.add(f"{cn}美术馆", "美术馆", "未定级", seat, area, None, r.randint(1990, 2018))


def _add_township_stations(v: _Venues, r: random.Random, county: County) -> None:
    for t in towns(r, county, r.randint(1, 3)):
        v.add(
            f"{county.name}{t}综合文化站",
            "乡镇综合文化站",
            "未定级",
            county,
            r.randint(300, 1200),
            round(r.uniform(0.3, 1.5), 1),
            r.randint(2008, 2020),
        )


def _add_county_venues(v: _Venues, r: random.Random, county: County) -> None:
    """Library and cultural centre (half the districts), township stations, folk museums."""
    if county.is_district and r.random() < 0.5:
        return
    base = county_full(county)
    grade = r.choice(ANY_GRADE)
    v.add(
        f"{base}图书馆",
        "公共图书馆",
        grade,
        county,
        r.randint(1200, 8000),
        round(r.uniform(6, 40), 1),
        r.randint(1956, 2012),
    )
    grade = r.choice(ANY_GRADE)
    v.add(
        f"{base}文化馆", "文化馆", grade, county, r.randint(800, 6000), None, r.randint(1950, 2010)
    )
    if not county.is_district:
        _add_township_stations(v, r, county)
    if r.random() < 0.15:
        v.add(
            f"{base}{r.choice(BRANDS)}民俗博物馆",
            "博物馆",
            "未定级",
            county,
            r.randint(500, 3000),
            None,
            r.randint(2005, 2022),
            free=r.random() < 0.5,
        )


def gen_cultural_venues() -> tuple[str, int]:
    r = rng_for("culture")
    spec(VENUES_PATH, "json", records="records")
    v = _Venues(r)
    _add_provincial(v)
    for city in CITY_LIST:
        _add_city_venues(v, r, city)
        for county in city.counties:
            _add_county_venues(v, r, county)
    write_json(
        SOURCES / VENUES_PATH,
        {"total": len(v.recs), "updateTime": "2024-06-30 18:00:00", "records": v.recs},
        records="records",
    )
    return VENUES_PATH, len(v.recs)
