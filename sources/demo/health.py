"""Health commission (health/): hospitals and the vaccination clinics inside them."""

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
    fmt_date,
    landline,
    maybe_thousands,
    rand_date,
    rng_for,
    towns,
)
from .tables import BRANDS, PLACES
from .writers import spec, write_csv, write_json

HOSPITALS_PATH = "health/hospitals.csv"
VACCINATION_PATH = "health/vaccination_clinics.json"

# fmt: off
HOSPITALS_HEADER = [
    "机构代码", "机构名称", "机构类别", "医院等级", "经营性质", "所属地市", "行政区划代码",
    "所在区县", "详细地址", "联系电话", "核定床位数", "执业许可证有效期至", "内部编号",
]
# fmt: on
# city-level specialist hospitals: (name suffix, category)
SPECIALTIES = [
    ("中医医院", "中医医院"),
    ("妇幼保健院", "妇幼保健院"),
    ("传染病医院", "专科医院"),
    ("精神卫生中心", "专科医院"),
    ("肿瘤医院", "专科医院"),
    ("儿童医院", "专科医院"),
    ("口腔医院", "专科医院"),
    ("眼科医院", "专科医院"),
]
PRIVATE_KINDS = [
    "医院",
    "综合医院",
    "骨科医院",
    "康复医院",
    "中西医结合医院",
    "眼科医院",
    "口腔医院",
    "妇产医院",
]
PRIVATE_CATEGORY = {  # any other kind is a 专科医院
    "医院": "综合医院",
    "综合医院": "综合医院",
    "康复医院": "康复医院",
    "中西医结合医院": "中西医结合医院",
}
CLINIC_HOURS = [
    "周一至周五 8:00-11:30，13:30-16:00",
    "周二、周四 8:30-11:30",
    "周一、周三、周五 8:00-11:00",
    "每日 8:00-16:30（节假日照常）",
]

HOSPITALS: list[dict[str, Any]] = []  # filled by gen_hospitals, reused by gen_vaccination


class _Hospitals:
    """The hospital rows being built, with the names already used."""

    def __init__(self, r: random.Random):
        self.r, self.rows, self.seen = r, [], set()

    def add(self, county: County, name: str, cat: str, level: str, public: bool, beds: int):
        r, rows = self.r, self.rows
        if name in self.seen:
            return
        self.seen.add(name)
        kind = "institution" if public else r.choice(["enterprise", "nonprofit"])
        code = company_code(r, county, kind)
        valid_to = rand_date(r, dt.date(2025, 1, 1), dt.date(2029, 12, 31))
        addr = address(r, county)
        HOSPITALS.append(dict(code=code, name=name, cat=cat, level=level, county=county, addr=addr))
        rows.append(
            [
                code,
                name,
                cat,
                level,
                "公立" if public else "民营",
                county.city.name,
                county.code,
                county.name,
                addr,
                landline(r, county.city),
                maybe_thousands(r, beds, 0.6) if beds >= 1000 else str(beds),
                fmt_date(valid_to, "slash"),
                f"HLJWJ-{len(rows) + 1:06d}",
            ]
        )


def _add_city_hospitals(h: _Hospitals, r: random.Random, city: City) -> None:
    """The numbered general hospitals and the specialist hospitals of a city."""
    cn = city.name[:-1] if city.name.endswith("市") else city.name
    n_city = 5 if city.code == "230100" else 3
    for i, ordn in enumerate("第一第二第三第四第五".replace("第", " 第").split()[:n_city]):
        county = city.counties[i % len(city.counties)]
        level = r.choice(["三级甲等", "三级乙等"])
        h.add(county, f"{city.name}{ordn}医院", "综合医院", level, True, r.randint(600, 2200))
    for spec_name, cat in SPECIALTIES:
        if r.random() < (0.95 if cat != "专科医院" else 0.55):
            h.add(
                r.choice(city.counties[:3]),
                f"{cn}市{spec_name}" if city.name.endswith("市") else f"{city.name}{spec_name}",
                cat,
                r.choice(["三级甲等", "三级乙等", "二级甲等"]),
                True,
                r.randint(150, 900),
            )


def _add_district_hospitals(h: _Hospitals, r: random.Random, county: County) -> None:
    """A district: maybe a people's hospital, and community health centres per street."""
    prefix = f"{county.city.name}{county.name}"
    if r.random() < 0.6:
        level = r.choice(["二级甲等", "二级乙等"])
        h.add(county, f"{prefix}人民医院", "综合医院", level, True, r.randint(100, 500))
    for street in r.sample(PLACES, r.randint(2, 7)):
        h.add(
            county,
            f"{prefix}{street}街道社区卫生服务中心",
            "社区卫生服务中心",
            r.choice(["一级甲等", "一级", "未定级"]),
            True,
            r.randint(0, 60),
        )


def _add_county_hospitals(h: _Hospitals, r: random.Random, county: County) -> None:
    """A county: people's, TCM and maternal hospitals, and township health centres."""
    name = county.name
    level = r.choice(["二级甲等", "二级甲等", "三级乙等", "二级乙等"])
    h.add(county, f"{name}人民医院", "综合医院", level, True, r.randint(180, 900))
    level = r.choice(["二级甲等", "二级乙等"])
    h.add(county, f"{name}中医医院", "中医医院", level, True, r.randint(80, 400))
    level = r.choice(["二级乙等", "二级甲等", "未定级"])
    h.add(county, f"{name}妇幼保健院", "妇幼保健院", level, True, r.randint(20, 150))
    for town in towns(r, county, r.randint(4, 11)):
        level = r.choice(["一级甲等", "一级", "未定级"])
        h.add(county, f"{name}{town}卫生院", "乡镇卫生院", level, True, r.randint(10, 80))


def _add_private_hospitals(h: _Hospitals, r: random.Random, county: County) -> None:
    for _ in range(r.randint(1, 4 if county.is_district else 2)):
        brand = r.choice(BRANDS)
        kind = r.choice(PRIVATE_KINDS)
        cat = PRIVATE_CATEGORY.get(kind, "专科医院")
        h.add(
            county,
            f"{county.short}{brand}{kind}",
            cat,
            r.choice(["二级乙等", "一级甲等", "一级", "未定级", "未定级"]),
            False,
            r.randint(20, 300),
        )


def gen_hospitals() -> tuple[str, int]:
    r = rng_for("hospitals")
    spec(HOSPITALS_PATH, "csv", encoding="utf-8-sig")
    h = _Hospitals(r)
    for city in CITY_LIST:
        _add_city_hospitals(h, r, city)
        for county in city.counties:
            if county.is_district:
                _add_district_hospitals(h, r, county)
            else:
                _add_county_hospitals(h, r, county)
            _add_private_hospitals(h, r, county)
    write_csv(SOURCES / HOSPITALS_PATH, HOSPITALS_HEADER, h.rows, encoding="utf-8-sig")
    return HOSPITALS_PATH, len(h.rows)


def _clinic_kinds(r: random.Random, hospital: dict[str, Any]) -> list[str]:
    """The vaccination clinics a hospital runs (none for most)."""
    cat = hospital["cat"]
    if (
        cat in ("社区卫生服务中心", "乡镇卫生院")
        and r.random() < 0.45
        or cat == "妇幼保健院"
        or (cat == "综合医院" and "人民医院" in hospital["name"])
    ):
        if cat == "妇幼保健院":
            return ["产科接种室", "常规接种门诊"]
        if cat == "综合医院":
            return ["狂犬病暴露预防处置门诊", "产科接种室"]
        return ["常规接种门诊"] + (["成人接种门诊"] if r.random() < 0.3 else [])
    return []


def _clinic(r: random.Random, h: dict[str, Any], k: str) -> dict[str, Any]:
    return {
        "门诊名称": f"{h['name']}{k}",
        "所属医疗机构": h["name"],
        "所属地市": h["county"].city.name,
        "所在区县": h["county"].name,
        "地址": h["addr"],
        "咨询电话": landline(r, h["county"].city),
        "门诊类型": k,
        "接种时间": CLINIC_HOURS[3] if k.startswith("狂犬") else r.choice(CLINIC_HOURS[:3]),
        "提供狂犬疫苗": k.startswith("狂犬") or (k == "常规接种门诊" and r.random() < 0.1),
    }


def gen_vaccination() -> tuple[str, int]:
    r = rng_for("vaccination")
    spec(VACCINATION_PATH, "json")
    out = [_clinic(r, h, k) for h in HOSPITALS for k in _clinic_kinds(r, h)]
    write_json(SOURCES / VACCINATION_PATH, out)
    return VACCINATION_PATH, len(out)
