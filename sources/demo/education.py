"""Education department (education/): schools (GBK, CRLF) and kindergartens."""

from __future__ import annotations

import random

from .common import (
    COUNTY_LIST,
    FULLWIDTH,
    SOURCES,
    County,
    address,
    county_full,
    landline,
    maybe_thousands,
    rng_for,
    towns,
)
from .tables import BRANDS, PLACES, STREETS
from .writers import spec, write_csv

SCHOOLS_PATH = "education/schools.csv"
KINDERGARTENS_PATH = "education/kindergartens.csv"

# fmt: off
SCHOOLS_HEADER = [
    "学校标识码", "学校名称", "办学类型", "办学性质", "所属地市", "所在区县", "行政区划代码",
    "学校地址", "联系电话", "在校学生数", "教职工数", "建校年份",
]
KINDERGARTENS_HEADER = [
    "幼儿园名称", "办园性质", "是否普惠性", "所属地市", "所在区县", "地址", "联系电话", "班级数",
    "核定学位数", "在园幼儿数", "保育教育费（元/月）",
]
# fmt: on

# a school to be: (name, type, public/private, (min students, max students))
School = tuple[str, str, str, tuple[int, int]]


def _primary_schools(r: random.Random, county: County, base: str) -> list[School]:
    """Numbered and street-named primary schools, then one school per township."""
    items = []
    n_pri = r.randint(6, 16)
    for i in range(n_pri):
        items.append(
            (
                f"{base}第{'一二三四五六七八九十'[i % 10]}小学"
                if i < 10
                else f"{base}{r.choice(STREETS)[:-1]}小学",
                "小学",
                "公办",
                (200, 2400),
            )
        )
    for t in towns(r, county, r.randint(2, 6)):
        if not county.is_district:
            items.append((f"{county.name}{t}中心学校", "九年一贯制学校", "公办", (150, 900)))
        else:
            items.append((f"{base}{t[:-2]}小学", "小学", "公办", (300, 1800)))
    return items


def _secondary_schools(r: random.Random, county: County, base: str) -> list[School]:
    """Middle and high schools, a vocational school in counties, and private schools."""
    items = []
    for i in range(r.randint(2, 6)):
        items.append(
            (
                f"{base}第{['一', '二', '三', '四', '五', '六'][i]}中学",
                "初级中学",
                "公办",
                (400, 2200),
            )
        )
    for i in range(r.randint(1, 3) if county.is_district else r.randint(1, 2)):
        items.append((f"{base}第{['一', '二', '三'][i]}高级中学", "普通高中", "公办", (900, 3800)))
    if not county.is_district:
        items.append((f"{county.name}职业教育中心学校", "中等职业学校", "公办", (300, 1500)))
    for _ in range(r.randint(0, 2)):
        items.append(
            (
                f"{base}{r.choice(BRANDS)}{r.choice(['实验学校', '外国语学校', '双语学校'])}",
                r.choice(["九年一贯制学校", "完全中学", "小学"]),
                "民办",
                (200, 1600),
            )
        )
    return items


def _school_row(r: random.Random, county: County, seq: int, school: School) -> list:
    name, typ, nature, (lo, hi) = school
    students = r.randint(lo, hi)
    teachers = max(12, int(students / r.uniform(11, 16)))
    return [
        f"21{county.code[2:]}{seq:04d}",
        name,
        typ,
        nature,
        county.city.name,
        county.name,
        county.code,
        address(r, county),
        landline(r, county.city),
        maybe_thousands(r, students, 0.5),
        str(teachers),
        str(  # year founded, drawn last
            r.choice([r.randint(1905, 1960), r.randint(1950, 1995), r.randint(1980, 2020)])
            if nature == "公办"
            else r.randint(1998, 2021)
        ),
    ]


def gen_schools() -> tuple[str, int]:
    r = rng_for("schools")
    spec(SCHOOLS_PATH, "csv", encoding="gbk")
    rows, seen = [], set()
    for county in COUNTY_LIST:
        seq = 0
        base = county_full(county)
        items = _primary_schools(r, county, base)
        items += _secondary_schools(r, county, base)
        for school in items:
            if school[0] in seen:
                continue
            seen.add(school[0])
            seq += 1
            rows.append(_school_row(r, county, seq, school))
    write_csv(SOURCES / SCHOOLS_PATH, SCHOOLS_HEADER, rows, encoding="gbk", newline="\r\n")
    return SCHOOLS_PATH, len(rows)


def _kindergarten_name(r: random.Random, base: str) -> tuple[bool, str]:
    """(public?, name) of a kindergarten in the county named ``base``."""
    public = r.random() < 0.45
    if public:
        name = r.choice(
            [
                f"{base}第{r.choice('一二三四五六七八')}幼儿园",
                f"{base}{r.choice(PLACES)}幼儿园",
                f"{base}机关幼儿园",
                f"{base}实验幼儿园",
            ]
        )
    else:
        kind = r.choice(["幼儿园", "双语幼儿园", "艺术幼儿园", "蒙氏幼儿园"])
        name = f"{base}{r.choice(BRANDS)}{kind}"
    return public, name


def _kindergarten_row(r: random.Random, county: County, name: str, public: bool) -> list:
    classes = r.randint(3, 18)
    places = classes * r.choice([25, 30, 30, 35])
    enrolled = int(places * r.uniform(0.55, 1.0))
    puhui = public or r.random() < 0.55
    fee = (
        r.choice([180, 220, 260, 300, 350])
        if public
        else r.choice([450, 500, 600, 680, 800])
        if puhui
        else r.choice([1200, 1500, 1800, 2200, 2800, 3500])
    )
    cls = str(classes)
    if r.random() < 0.06:
        cls = cls.translate(FULLWIDTH)  # hand-typed on a Chinese IME
    return [
        name,
        "公办" if public else "民办",
        "是" if puhui else "否",
        county.city.name,
        county.name,
        address(r, county),
        landline(r, county.city),
        cls,
        str(places),
        str(enrolled),
        maybe_thousands(r, fee, 0.5),
    ]


def gen_kindergartens() -> tuple[str, int]:
    r = rng_for("kindergartens")
    spec(KINDERGARTENS_PATH, "csv", encoding="utf-8")
    rows, seen = [], set()
    for county in COUNTY_LIST:
        base = county_full(county)
        for _ in range(r.randint(4, 12)):
            public, name = _kindergarten_name(r, base)
            if name in seen:
                continue
            seen.add(name)
            rows.append(_kindergarten_row(r, county, name, public))
    write_csv(SOURCES / KINDERGARTENS_PATH, KINDERGARTENS_HEADER, rows, encoding="utf-8")
    return KINDERGARTENS_PATH, len(rows)
