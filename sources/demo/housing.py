"""Housing and urban-rural development (housing/): construction permits, public rental housing."""

from __future__ import annotations

import datetime as dt
import random

from .common import (
    COUNTY_LIST,
    SOURCES,
    County,
    address,
    company_code,
    company_name,
    fmt_date,
    id_number,
    landline,
    maybe_thousands,
    mobile,
    person_name,
    rand_date,
    rng_for,
    thousands,
)
from .tables import BRANDS, PLACES
from .writers import spec, write_csv

PERMITS_PATH = "housing/construction_permits.csv"
RENTAL_PROJECTS_PATH = "housing/public_rental_projects.csv"
ALLOCATION_PATH = "housing/public_rental_allocation_2024.csv"

# fmt: off
PERMITS_HEADER = [
    "施工许可证编号", "项目名称", "建设单位", "建设单位统一社会信用代码", "建设地址", "所属地市",
    "所在区县", "施工总承包单位", "监理单位", "合同价格（万元）", "建筑面积（平方米）",
    "合同开工日期", "合同竣工日期", "发证日期", "发证机关",
]
RENTAL_PROJECTS_HEADER = [
    "项目名称", "所属地市", "所在区县", "项目地址", "房源总套数", "已分配套数",
    "户型面积（平方米）", "租金标准（元/平方米·月）", "竣工年份", "管理单位", "咨询电话",
]
ALLOCATION_HEADER = [
    "公示批次", "所属地市", "项目名称", "申请人姓名", "申请人身份证号", "联系电话", "家庭人口",
    "保障类型", "配租房号", "分配方式", "公示日期",
]
# fmt: on
# permits are drawn from every county, with Harbin's and Daqing's counties twice as likely
PERMIT_COUNTIES = COUNTY_LIST + [c for c in COUNTY_LIST if c.city.code in ("230100", "230600")]

PUBLIC_RENTAL: list[tuple[str, County]] = []  # filled by gen_public_rental_projects


# --------------------------------------------------------------------------------------------
# construction permits
# --------------------------------------------------------------------------------------------
def _contractors(r: random.Random, seen_co: set[str]) -> tuple[list[str], list[str]]:
    """(60 building contractors, 25 supervising engineers)."""
    builders = [
        company_name(
            r,
            r.choice(COUNTY_LIST),
            r.choice(["建筑工程", "建工集团", "建设工程", "路桥建设"]),
            seen_co,
        )
        for _ in range(60)
    ]
    supervisors = [
        company_name(
            r, r.choice(COUNTY_LIST), r.choice(["工程监理", "工程项目管理", "建设监理"]), seen_co
        )
        for _ in range(25)
    ]
    return builders, supervisors


def _permit_project(
    r: random.Random, county: County, seen_co: set[str]
) -> tuple[str, str, int, float]:
    """(owner, project name, floor area, price in 10,000 yuan per m²)."""
    local = county.city.name if county.is_district else county.name
    x = r.random()
    if x < 0.4:
        owner = company_name(r, county, "房地产开发", seen_co)
        project = (
            f"{r.choice(BRANDS)}·{r.choice(['华府', '嘉园', '壹号院', '悦府', '名苑', '江畔'])}"
            f"（{r.choice(['一', '二', '三'])}期）{r.randint(1, 18)}#-{r.randint(19, 40)}#楼"
        )
        return owner, project, r.randint(8000, 160000), r.uniform(0.18, 0.32)
    if x < 0.6:
        owner = f"{local}住房和城乡建设局"
        zone = f"{r.choice(PLACES)}{r.choice(['小区', '片区', '街区'])}"
        project = f"{county.name}{zone}老旧小区改造工程"
        return owner, project, r.randint(20000, 300000), r.uniform(0.02, 0.05)
    if x < 0.8:
        owner = f"{local}教育局"
        building = r.choice(["教学楼", "综合楼", "风雨操场", "学生宿舍楼"])
        project = f"{county.name}第{r.choice('一二三四五六')}中学{building}建设项目"
        return owner, project, r.randint(3000, 22000), r.uniform(0.25, 0.45)
    owner = company_name(
        r, county, r.choice(["食品", "农业发展", "新材料", "物流", "热电"]), seen_co
    )
    short = owner.replace("有限责任公司", "").replace("有限公司", "")
    building = r.choice(["生产车间", "仓储物流中心", "综合办公楼", "厂房及配套设施"])
    return owner, f"{short}{building}项目", r.randint(2000, 60000), r.uniform(0.15, 0.3)


def _permit_dates(r: random.Random) -> tuple[dt.date, dt.date, dt.date]:
    """(start, permit issued, completion)."""
    start = rand_date(r, dt.date(2023, 4, 1), dt.date(2024, 10, 31))
    if start.month in (11, 12, 1, 2, 3):  # little construction in the cold season
        start = dt.date(start.year, r.randint(4, 10), r.randint(1, 28))
    issued = start - dt.timedelta(days=r.randint(2, 25))
    finish = start + dt.timedelta(days=r.randint(150, 900))
    return start, issued, finish


def _permit_row(
    r: random.Random, county: County, seq: dict, contractors: tuple, seen_co: set[str]
) -> list:
    cn = county.city.name
    owner, project, area, price_per = _permit_project(r, county, seen_co)
    start, issued, finish = _permit_dates(r)
    key = (county.code, issued.year)
    seq[key] = seq.get(key, 0) + 1
    organ = f"{cn}住房和城乡建设局" if county.is_district else f"{county.name}住房和城乡建设局"
    builders, supervisors = contractors
    return [
        f"HLJ-{county.code}-{issued.year}-{seq[key]:04d}",
        project,
        owner,
        company_code(r, county, "institution" if owner.endswith("局") else "enterprise"),
        address(r, county, 999),
        cn,
        county.name,
        r.choice(builders),
        r.choice(supervisors),
        thousands(area * price_per, 2),
        maybe_thousands(r, area, 0.6, 2),
        fmt_date(start, "cn"),
        fmt_date(finish, "cn"),
        fmt_date(issued, "cn"),
        organ,
    ]


def gen_construction_permits() -> tuple[str, int]:
    r = rng_for("permits")
    spec(PERMITS_PATH, "csv", encoding="utf-8-sig")
    seen_co, seq = set(), {}
    contractors = _contractors(r, seen_co)
    rows = [
        _permit_row(r, r.choice(PERMIT_COUNTIES), seq, contractors, seen_co) for _ in range(720)
    ]
    rows.sort(key=lambda x: x[0])
    write_csv(SOURCES / PERMITS_PATH, PERMITS_HEADER, rows, encoding="utf-8-sig")
    return PERMITS_PATH, len(rows)


# --------------------------------------------------------------------------------------------
# public rental housing
# --------------------------------------------------------------------------------------------
def _rental_project_row(r: random.Random, county: County, name: str) -> list:
    total = r.randint(80, 1600)
    allocated = int(total * r.uniform(0.7, 1.0))
    lo = r.choice([35, 38, 40, 45])
    PUBLIC_RENTAL.append((name, county))
    manager = (
        f"{county.city.name if county.is_district else county.name}住房保障中心"
        if r.random() < 0.6
        else company_name(r, county, "物业管理", set())
    )
    return [
        name,
        county.city.name,
        county.name,
        address(r, county),
        maybe_thousands(r, total),
        maybe_thousands(r, allocated),
        f"{lo}-{lo + r.choice([10, 15, 20, 25])}",
        f"{r.uniform(3.5, 9.0):.1f}",
        str(r.randint(2009, 2022)),
        manager,
        landline(r, county.city),
    ]


def gen_public_rental_projects() -> tuple[str, int]:
    r = rng_for("public-rental")
    spec(RENTAL_PROJECTS_PATH, "csv", encoding="utf-8")
    rows, seen = [], set()
    for county in COUNTY_LIST:
        for _ in range(r.randint(1, 3) if county.is_district else r.randint(1, 2)):
            kind = r.choice(["公租房小区", "公共租赁住房项目", "保障性住房小区"])
            name = f"{county.short}{r.choice(PLACES)}{kind}"
            if name in seen:
                continue
            seen.add(name)
            rows.append(_rental_project_row(r, county, name))
    write_csv(SOURCES / RENTAL_PROJECTS_PATH, RENTAL_PROJECTS_HEADER, rows, encoding="utf-8")
    return RENTAL_PROJECTS_PATH, len(rows)


def _free_room(r: random.Random, rooms: set[str]) -> str:
    """A room number not yet in ``rooms`` (and added to it)."""
    while True:
        building, entrance = r.randint(1, 12), r.randint(1, 4)
        room = f"{building}号楼{entrance}单元{r.randint(1, 18)}{r.randint(1, 4):02d}"
        if room not in rooms:
            rooms.add(room)
            return room


def _allocation_row(
    r: random.Random, county: County, project: str, batch: str, batch_date: dt.date, rooms: set
) -> list:
    kind = r.choices(["实物配租", "租赁补贴"], [75, 25])[0]
    room = _free_room(r, rooms) if kind == "实物配租" else ""
    return [
        batch,
        county.city.name,
        project,
        person_name(r),
        id_number(r, county.code, 1955, 2001),
        mobile(r),
        str(r.choices([1, 2, 3, 4, 5], [25, 30, 30, 10, 5])[0]),
        kind,
        room,
        r.choice(["摇号", "轮候"]),
        fmt_date(batch_date, "iso"),
    ]


def gen_public_rental_allocation() -> tuple[str, int]:
    r = rng_for("public-rental-allocation")
    personal = {"申请人姓名": "name", "申请人身份证号": "id", "联系电话": "mobile"}
    spec(ALLOCATION_PATH, "csv", encoding="utf-8-sig", personal=personal)
    rows = []
    projects = [p for p in PUBLIC_RENTAL if p[1].city.code in ("230100", "231000", "230600")]
    for i, (name, county) in enumerate(projects):
        batch_date = dt.date(2024, 3 + (i % 8), r.randint(5, 25))
        batch = f"{county.city.name}2024年第{i % 8 + 1}批公租房配租"
        rooms = set()
        for _ in range(r.randint(6, 24)):
            rows.append(_allocation_row(r, county, name, batch, batch_date, rooms))
    write_csv(SOURCES / ALLOCATION_PATH, ALLOCATION_HEADER, rows, encoding="utf-8-sig")
    return ALLOCATION_PATH, len(rows)
