"""Shared pieces: paths, the seeded random source, geography objects and value makers.

Every generator takes its own ``random.Random`` from :func:`rng_for`, so the files do not depend
on each other's random draws; within one generator the order of the draws fixes every byte.
"""

from __future__ import annotations

import datetime as dt
import random
import zlib
from pathlib import Path

from .tables import BRANDS, CITIES, GIVEN, MOBILE_PREFIXES, PLACES, STREETS, SURNAMES

SOURCES = Path(__file__).resolve().parent.parent  # the sources/ folder the files are written to
REPO = SOURCES.parent
SEED = 20240601
FIXED_TS = dt.datetime(2024, 7, 1, 8, 0, 0)

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


class City:
    """A prefecture-level division with its county-level divisions."""

    def __init__(self, code, name, abbr, tel, tel_len, lonlat, counties):
        self.code, self.name, self.abbr, self.tel, self.tel_len = code, name, abbr, tel, tel_len
        self.lon, self.lat = lonlat
        self.counties = [County(self, c, n) for c, n in counties]


class County:
    """A county-level division (district, county or county-level city)."""

    def __init__(self, city: City, code: str, name: str):
        self.city, self.code, self.name = city, code, name
        self.is_district = name.endswith("区")

    @property
    def short(self) -> str:  # 道里区 -> 道里, 宾县 -> 宾县, 尚志市 -> 尚志
        n = self.name
        if len(n) <= 2:
            return n
        for suf in ("达斡尔族区", "蒙古族自治县", "区", "县", "市"):
            if n.endswith(suf) and len(n) - len(suf) >= 2:
                return n[: -len(suf)]
        return n


CITY_LIST = [City(*c) for c in CITIES]
COUNTY_LIST = [c for city in CITY_LIST for c in city.counties]


def rng_for(name: str) -> random.Random:
    """The seeded random source of one generator."""
    return random.Random(SEED * 1000003 + zlib.crc32(name.encode("utf-8")))


# --------------------------------------------------------------------------------------------
# People and codes
# --------------------------------------------------------------------------------------------
def person_name(r: random.Random) -> str:
    s = r.choice(SURNAMES[:30]) if r.random() < 0.7 else r.choice(SURNAMES)
    n = 2 if r.random() < 0.72 else 1
    return s + "".join(r.choice(GIVEN) for _ in range(n))


def mobile(r: random.Random) -> str:
    return r.choice(MOBILE_PREFIXES) + "".join(r.choice("0123456789") for _ in range(8))


def id_check_char(first17: str) -> str:
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def id_number(
    r: random.Random, region: str | None = None, born_from: int = 1945, born_to: int = 2002
) -> str:
    """An 18-digit resident ID number with a valid region, birth date and check digit."""
    region = region or r.choice(COUNTY_LIST).code
    birth = dt.date(born_from, 1, 1) + dt.timedelta(
        days=r.randrange((dt.date(born_to, 12, 31) - dt.date(born_from, 1, 1)).days)
    )
    first17 = f"{region}{birth:%Y%m%d}{r.randrange(1, 1000):03d}"
    return first17 + id_check_char(first17)


def landline(r: random.Random, city: City) -> str:
    first = r.choice("5678") if city.tel_len == 8 else r.choice("2345678")
    rest = "".join(r.choice("0123456789") for _ in range(city.tel_len - 1))
    return f"{city.tel}-{first}{rest}"


def uscc(r: random.Random, prefix: str, region: str, org_prefix: str) -> str:
    """Unified social credit code (GB 32100) with a letter-bearing organisation part."""
    body = (
        prefix
        + region
        + org_prefix
        + "".join(r.choice(USCC_CHARS) for _ in range(9 - len(org_prefix)))
    )
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(body, USCC_WEIGHTS, strict=True))
    return body + USCC_CHARS[(31 - total % 31) % 31]


# kind of organisation -> (registration authority and type, organisation-code prefix)
USCC_KINDS = {
    "enterprise": ("91", "MA"),
    "individual": ("92", "MA"),
    "institution": ("12", "MB"),
    "nonprofit": ("52", "MJ"),
    "association": ("51", "MJ"),
}


def company_code(r: random.Random, county: County | str, kind: str = "enterprise") -> str:
    """A credit code for an organisation of ``kind`` registered in ``county`` (or a code)."""
    region = county.code if isinstance(county, County) else county
    if kind not in USCC_KINDS:
        raise ValueError(kind)
    prefix, org_prefix = USCC_KINDS[kind]
    return uscc(r, prefix, region, org_prefix)


# --------------------------------------------------------------------------------------------
# Places, dates and numbers
# --------------------------------------------------------------------------------------------
def address(r: random.Random, county: County, num_max: int = 399) -> str:
    city = county.city
    prefix = city.name + ("" if county.name == city.name else county.name)
    return f"{prefix}{r.choice(STREETS)}{r.randint(1, num_max)}号"


def fmt_date(d: dt.date, style: str = "iso") -> str:
    """2024-03-05 (iso), 2024/3/5 (slash), 2024年3月5日 (cn) or 2024.03.05 (dot)."""
    if style == "iso":
        return f"{d:%Y-%m-%d}"
    if style == "slash":
        return f"{d.year}/{d.month}/{d.day}"
    if style == "cn":
        return f"{d.year}年{d.month}月{d.day}日"
    if style == "dot":
        return f"{d:%Y.%m.%d}"
    raise ValueError(style)


def rand_date(r: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=r.randrange((end - start).days + 1))


def thousands(n: float, decimals: int = 0) -> str:
    return f"{n:,.{decimals}f}"


def maybe_thousands(r: random.Random, n: float, p: float = 0.5, decimals: int = 0) -> str:
    """``n`` with thousands separators with probability ``p``, plain otherwise."""
    return (
        thousands(n, decimals) if r.random() < p else (f"{n:.{decimals}f}" if decimals else str(n))
    )


def company_name(r: random.Random, county: County, industry: str, seen: set[str]) -> str:
    """A company name not yet in ``seen`` (and added to it)."""
    for _ in range(200):
        style = r.random()
        brand = r.choice(BRANDS)
        if style < 0.45:
            name = f"{county.city.name}{brand}{industry}有限公司"
        elif style < 0.75:
            short = county.city.name.removesuffix("市")
            name = f"{short}{brand}{industry}有限责任公司"
        elif style < 0.9:
            name = f"黑龙江{brand}{industry}有限公司"
        else:
            prefix = county.city.name + county.name if county.is_district else county.name
            name = f"{prefix}{brand}{industry}有限公司"
        if name not in seen:
            seen.add(name)
            return name
    raise RuntimeError("could not make a unique company name")


def county_full(county: County) -> str:
    """道里区 -> 哈尔滨市道里区 (districts are named with their city), 宾县 -> 宾县."""
    return county.city.name + county.name if county.is_district else county.name


def towns(r: random.Random, county: County, k: int) -> list[str]:
    """``k`` township names: 街道 in a district, 镇 or 乡 elsewhere."""
    picks = r.sample(PLACES, k)
    if county.is_district:
        return [p + "街道" for p in picks]
    return [p + ("镇" if r.random() < 0.75 else "乡") for p in picks]
