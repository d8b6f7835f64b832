#!/usr/bin/env python3
"""Generate the demo source files under sources/.

These files stand in for the departmental systems of Heilongjiang province (黑龙江省) that the
portal harvests. Everything is fictitious but realistic: real place names and division codes,
random (seeded, so deterministic) institutions, companies, people and figures.

    .venv/bin/python sources/generate_demo.py     # write every file, then self-check them

Only the standard library and openpyxl are needed. If PyYAML is importable and catalogue.yaml
exists next to sources/, the self-check also checks the directory entries against the files
(headers, sensitive declarations, value types, required values, primary keys).

Personal data (resident ID numbers, mobile numbers, names of private persons) appears only in the
columns listed in ``personal`` of each file spec below; the self-check asserts that no other column
holds anything that looks like a mobile number or a checksum-valid ID number, and that no other
column holds a run of 11 or more digits at all.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import random
import re
import sys
import zipfile
import zlib
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.writer.excel import ExcelWriter

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SEED = 20240601
FIXED_TS = dt.datetime(2024, 7, 1, 8, 0, 0)

# --------------------------------------------------------------------------------------------
# Geography: the 13 prefecture-level divisions and their county-level divisions
# --------------------------------------------------------------------------------------------
# fmt: off
CITIES = [
    ("230100", "哈尔滨市", "哈", "0451", 8, (126.63, 45.75), [
        ("230102", "道里区"), ("230103", "南岗区"), ("230104", "道外区"), ("230108", "平房区"),
        ("230109", "松北区"), ("230110", "香坊区"), ("230111", "呼兰区"), ("230112", "阿城区"),
        ("230113", "双城区"), ("230123", "依兰县"), ("230124", "方正县"), ("230125", "宾县"),
        ("230126", "巴彦县"), ("230127", "木兰县"), ("230128", "通河县"), ("230129", "延寿县"),
        ("230183", "尚志市"), ("230184", "五常市")]),
    ("230200", "齐齐哈尔市", "齐", "0452", 7, (123.92, 47.35), [
        ("230202", "龙沙区"), ("230203", "建华区"), ("230204", "铁锋区"), ("230205", "昂昂溪区"),
        ("230206", "富拉尔基区"), ("230207", "碾子山区"), ("230208", "梅里斯达斡尔族区"),
        ("230221", "龙江县"), ("230223", "依安县"), ("230224", "泰来县"), ("230225", "甘南县"),
        ("230227", "富裕县"), ("230229", "克山县"), ("230230", "克东县"), ("230231", "拜泉县"),
        ("230281", "讷河市")]),
    ("230300", "鸡西市", "鸡", "0467", 7, (130.97, 45.3), [
        ("230302", "鸡冠区"), ("230303", "恒山区"), ("230304", "滴道区"), ("230305", "梨树区"),
        ("230306", "城子河区"), ("230307", "麻山区"), ("230321", "鸡东县"), ("230381", "虎林市"),
        ("230382", "密山市")]),
    ("230400", "鹤岗市", "鹤", "0468", 7, (130.3, 47.35), [
        ("230402", "向阳区"), ("230403", "工农区"), ("230404", "南山区"), ("230405", "兴安区"),
        ("230406", "东山区"), ("230407", "兴山区"), ("230421", "萝北县"), ("230422", "绥滨县")]),
    ("230500", "双鸭山市", "双", "0469", 7, (131.16, 46.65), [
        ("230502", "尖山区"), ("230503", "岭东区"), ("230505", "四方台区"), ("230506", "宝山区"),
        ("230521", "集贤县"), ("230522", "友谊县"), ("230523", "宝清县"), ("230524", "饶河县")]),
    ("230600", "大庆市", "庆", "0459", 7, (125.1, 46.59), [
        ("230602", "萨尔图区"), ("230603", "龙凤区"), ("230604", "让胡路区"), ("230605", "红岗区"),
        ("230606", "大同区"), ("230621", "肇州县"), ("230622", "肇源县"), ("230623", "林甸县"),
        ("230624", "杜尔伯特蒙古族自治县")]),
    ("230700", "伊春市", "伊", "0458", 7, (128.84, 47.73), [
        ("230717", "伊美区"), ("230718", "乌翠区"), ("230719", "友好区"), ("230751", "金林区"),
        ("230722", "嘉荫县"), ("230723", "汤旺县"), ("230724", "丰林县"), ("230725", "大箐山县"),
        ("230726", "南岔县"), ("230781", "铁力市")]),
    ("230800", "佳木斯市", "佳", "0454", 7, (130.32, 46.8), [
        ("230803", "向阳区"), ("230804", "前进区"), ("230805", "东风区"), ("230811", "郊区"),
        ("230822", "桦南县"), ("230826", "桦川县"), ("230828", "汤原县"), ("230881", "同江市"),
        ("230882", "富锦市"), ("230883", "抚远市")]),
    ("230900", "七台河市", "七", "0464", 7, (131.0, 45.77), [
        ("230902", "新兴区"), ("230903", "桃山区"), ("230904", "茄子河区"), ("230921", "勃利县")]),
    ("231000", "牡丹江市", "牡", "0453", 7, (129.63, 44.55), [
        ("231002", "东安区"), ("231003", "阳明区"), ("231004", "爱民区"), ("231005", "西安区"),
        ("231025", "林口县"), ("231081", "绥芬河市"), ("231083", "海林市"), ("231084", "宁安市"),
        ("231085", "穆棱市"), ("231086", "东宁市")]),
    ("231100", "黑河市", "黑", "0456", 7, (127.53, 50.25), [
        ("231102", "爱辉区"), ("231123", "逊克县"), ("231124", "孙吴县"), ("231181", "北安市"),
        ("231182", "五大连池市"), ("231183", "嫩江市")]),
    ("231200", "绥化市", "绥", "0455", 7, (126.97, 46.65), [
        ("231202", "北林区"), ("231221", "望奎县"), ("231222", "兰西县"), ("231223", "青冈县"),
        ("231224", "庆安县"), ("231225", "明水县"), ("231226", "绥棱县"), ("231281", "安达市"),
        ("231282", "肇东市"), ("231283", "海伦市")]),
    ("232700", "大兴安岭地区", "大兴安岭", "0457", 7, (124.12, 50.42), [
        ("232761", "加格达奇区"), ("232701", "漠河市"), ("232721", "呼玛县"),
        ("232722", "塔河县")]),
]
# fmt: on


class City:
    def __init__(self, code, name, abbr, tel, tel_len, lonlat, counties):
        self.code, self.name, self.abbr, self.tel, self.tel_len = code, name, abbr, tel, tel_len
        self.lon, self.lat = lonlat
        self.counties = [County(self, c, n) for c, n in counties]


class County:
    def __init__(self, city, code, name):
        self.city, self.code, self.name = city, code, name
        self.is_district = name.endswith("区")

    @property
    def short(self):  # 道里区 -> 道里, 宾县 -> 宾县, 尚志市 -> 尚志
        n = self.name
        if len(n) <= 2:
            return n
        for suf in ("达斡尔族区", "蒙古族自治县", "区", "县", "市"):
            if n.endswith(suf) and len(n) - len(suf) >= 2:
                return n[: -len(suf)]
        return n


CITY_LIST = [City(*c) for c in CITIES]
COUNTY_LIST = [c for city in CITY_LIST for c in city.counties]

# fmt: off
STREETS = [
    "中山路", "红旗大街", "人民路", "建设街", "新华路", "和平路", "解放路", "胜利路", "友谊路",
    "文化街", "学府路", "长江路", "黄河路", "民主街", "光明街", "东风街", "西大街", "北京路",
    "跃进路", "团结路", "站前路", "新兴大街", "繁荣路", "振兴路", "龙江路", "松花江路", "兴安路",
    "林业街", "铁路街", "工农路", "向阳路", "前进路", "春华路", "幸福街", "太平路", "安顺路",
    "宏伟路", "通江路", "滨江路", "世纪大道", "北山路", "南环路", "东环路", "西环路", "康安路",
    "花园街", "青年路", "卫生街", "教育路", "建国路", "先锋路", "红星街", "永安街", "富民路",
]
# fmt: on
# fmt: off
PLACES = [
    "新华", "永安", "兴隆", "太平", "红星", "胜利", "长安", "民乐", "双河", "三合", "东兴", "西岗",
    "前进", "富强", "平山", "柳河", "兰河", "青山", "北兴", "宝泉", "大兴", "庆丰", "永丰", "和平",
    "新立", "建国", "友好", "团山", "向阳", "五星", "长发", "联合", "红光", "东升", "富民", "安乐",
    "兴华", "德胜", "四合", "福兴", "保安", "新民", "光明", "靠山", "石头", "莲花", "双山", "林源",
]
# fmt: on
# fmt: off
BRANDS = [
    "鑫源", "恒达", "金穗", "瑞丰", "宏远", "天成", "百盛", "冰城", "松江", "兴安", "雪原", "丰泽",
    "禾田", "润泽", "佳禾", "福瑞", "嘉和", "盛世", "东极", "万家", "惠民", "永和", "德顺", "祥瑞",
    "福源", "康泰", "益民", "顺发", "金达", "龙腾", "北辰", "华信", "泰和", "安康", "昌隆", "广源",
    "信达", "宇通", "众合", "鼎盛", "和润", "裕丰", "聚丰", "稻花香", "黑土", "寒地", "龙兴",
    "江桥",
]
# fmt: on
SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙于马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚"
    "邵万钱严覃武戴莫孔向汤关佟隋常"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚华红梅玲斌鹏宇浩凯鑫婷雪琳晶妍博昊然欣悦佳怡子涵"
    "文轩泽宁慧颖鹤岩峰松林波辉健春秋冬玉兰凤英桂淑秀珍丹阳晨旭东国庆志海成德福荣长永金宝"
)

# fmt: off
MOBILE_PREFIXES = [
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152",
    "153", "155", "156", "157", "158", "159", "166", "176", "177", "178", "180", "181", "182",
    "183", "185", "186", "187", "188", "189", "191", "198", "199",
]
# fmt: on
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def rng_for(name: str) -> random.Random:
    return random.Random(SEED * 1000003 + zlib.crc32(name.encode("utf-8")))


# --------------------------------------------------------------------------------------------
# Value helpers
# --------------------------------------------------------------------------------------------
def person_name(r):
    s = r.choice(SURNAMES[:30]) if r.random() < 0.7 else r.choice(SURNAMES)
    n = 2 if r.random() < 0.72 else 1
    return s + "".join(r.choice(GIVEN) for _ in range(n))


def mobile(r):
    return r.choice(MOBILE_PREFIXES) + "".join(r.choice("0123456789") for _ in range(8))


def id_check_char(first17: str) -> str:
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def id_number(r, region=None, born_from=1945, born_to=2002):
    region = region or r.choice(COUNTY_LIST).code
    birth = dt.date(born_from, 1, 1) + dt.timedelta(
        days=r.randrange((dt.date(born_to, 12, 31) - dt.date(born_from, 1, 1)).days)
    )
    first17 = f"{region}{birth:%Y%m%d}{r.randrange(1, 1000):03d}"
    return first17 + id_check_char(first17)


def landline(r, city):
    first = r.choice("5678") if city.tel_len == 8 else r.choice("2345678")
    rest = "".join(r.choice("0123456789") for _ in range(city.tel_len - 1))
    return f"{city.tel}-{first}{rest}"


def uscc(r, prefix, region, org_prefix):
    """Unified social credit code (GB 32100) with a letter-bearing organisation part."""
    body = (
        prefix
        + region
        + org_prefix
        + "".join(r.choice(USCC_CHARS) for _ in range(9 - len(org_prefix)))
    )
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(body, USCC_WEIGHTS, strict=True))
    return body + USCC_CHARS[(31 - total % 31) % 31]


def company_code(r, county, kind="enterprise"):
    region = county.code if isinstance(county, County) else county
    if kind == "enterprise":
        return uscc(r, "91", region, "MA")
    if kind == "individual":
        return uscc(r, "92", region, "MA")
    if kind == "institution":
        return uscc(r, "12", region, "MB")
    if kind == "nonprofit":
        return uscc(r, "52", region, "MJ")
    if kind == "association":
        return uscc(r, "51", region, "MJ")
    raise ValueError(kind)


def address(r, county, num_max=399):
    city = county.city
    prefix = city.name + ("" if county.name == city.name else county.name)
    return f"{prefix}{r.choice(STREETS)}{r.randint(1, num_max)}号"


def fmt_date(d, style="iso"):
    if style == "iso":
        return f"{d:%Y-%m-%d}"
    if style == "slash":
        return f"{d.year}/{d.month}/{d.day}"
    if style == "cn":
        return f"{d.year}年{d.month}月{d.day}日"
    if style == "dot":
        return f"{d:%Y.%m.%d}"
    raise ValueError(style)


def rand_date(r, start, end):
    return start + dt.timedelta(days=r.randrange((end - start).days + 1))


def thousands(n, decimals=0):
    return f"{n:,.{decimals}f}"


def maybe_thousands(r, n, p=0.5, decimals=0):
    return (
        thousands(n, decimals) if r.random() < p else (f"{n:.{decimals}f}" if decimals else str(n))
    )


def company_name(r, county, industry, seen):
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


def county_full(county):
    """道里区 -> 哈尔滨市道里区 (districts are named with their city), 宾县 -> 宾县."""
    return county.city.name + county.name if county.is_district else county.name


def towns(r, county, k):
    picks = r.sample(PLACES, k)
    if county.is_district:
        return [p + "街道" for p in picks]
    return [p + ("镇" if r.random() < 0.75 else "乡") for p in picks]


# --------------------------------------------------------------------------------------------
# Writers (deterministic)
# --------------------------------------------------------------------------------------------
def write_csv(path, header, rows, encoding="utf-8", delimiter=",", newline="\n"):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator=newline)
    w.writerow(header)
    for row in rows:
        assert len(row) == len(header), (path, row)
        w.writerow(["" if v is None else v for v in row])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue().encode(encoding))  # strict: a non-GBK character fails here


def write_json(path, obj, records=None):
    """Write JSON with one record per line (compact like an API export, but diff-friendly)."""
    marker = "\u0000RECORDS\u0000"
    if records is None:
        recs, outer = obj, marker
    else:
        outer = json.loads(json.dumps(obj))
        parent = outer
        *parents, last = records.split(".")
        for part in parents:
            parent = parent[part]
        recs, parent[last] = parent[last], marker
        outer = json.dumps(outer, ensure_ascii=False, separators=(",", ":"))
    body = (
        "[\n"
        + ",\n".join(json.dumps(rec, ensure_ascii=False, separators=(",", ":")) for rec in recs)
        + "\n]"
    )
    text = body if records is None else outer.replace(json.dumps(marker), body)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "\n", encoding="utf-8")


def save_xlsx(wb, path):
    """Save a workbook with fixed document properties and fixed zip entry timestamps."""
    wb.properties.creator = "黑龙江省政务数据共享交换平台"
    wb.properties.lastModifiedBy = "黑龙江省政务数据共享交换平台"
    wb.properties.created = FIXED_TS
    wb.properties.modified = FIXED_TS
    raw = io.BytesIO()
    ExcelWriter(wb, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED)).save()
    src = zipfile.ZipFile(io.BytesIO(raw.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_TS.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            zi.create_system = 3
            z.writestr(zi, src.read(info.filename))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())


def add_sheet(wb, title, header, rows, title_row=None, date_cols=(), widths=None):
    ws = wb.create_sheet(title)
    if title_row:
        ws.append([title_row])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
        ws.cell(1, 1).font = Font(bold=True, size=14)
        ws.cell(1, 1).alignment = Alignment(horizontal="center")
    ws.append(header)
    hdr_row = 2 if title_row else 1
    for c in range(1, len(header) + 1):
        ws.cell(hdr_row, c).font = Font(bold=True)
    for row in rows:
        ws.append(list(row))
    for col_idx in date_cols:
        for (cell,) in ws.iter_rows(min_row=hdr_row + 1, min_col=col_idx, max_col=col_idx):
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    for i, h in enumerate(header):
        letter = ws.cell(hdr_row, i + 1).column_letter
        ws.column_dimensions[letter].width = (widths or {}).get(h, max(10, min(40, len(h) * 2 + 4)))
    ws.freeze_panes = ws.cell(hdr_row + 1, 1)
    return ws


# --------------------------------------------------------------------------------------------
# File specs: how each file is laid out and which columns hold personal data.
# personal: column header -> "id" | "mobile" | "name"
# --------------------------------------------------------------------------------------------
SPECS = {}


def spec(
    path,
    fmt,
    encoding="utf-8",
    delimiter=",",
    sheet=None,
    header_row=1,
    records=None,
    personal=None,
):
    SPECS[path] = dict(
        path=path,
        format=fmt,
        encoding=encoding,
        delimiter=delimiter,
        sheet=sheet,
        header_row=header_row,
        records=records,
        personal=personal or {},
    )


# ============================================================================================
# health
# ============================================================================================
HOSPITALS = []  # filled by gen_hospitals, reused by gen_vaccination


def gen_hospitals():
    r = rng_for("hospitals")
    path = "health/hospitals.csv"
    spec(path, "csv", encoding="utf-8-sig")
    header = [
        "机构代码",
        "机构名称",
        "机构类别",
        "医院等级",
        "经营性质",
        "所属地市",
        "行政区划代码",
        "所在区县",
        "详细地址",
        "联系电话",
        "核定床位数",
        "执业许可证有效期至",
        "内部编号",
    ]
    rows, seen = [], set()

    def add(county, name, cat, level, public, beds):
        if name in seen:
            return
        seen.add(name)
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

    for city in CITY_LIST:
        cn = city.name[:-1] if city.name.endswith("市") else city.name
        n_city = 5 if city.code == "230100" else 3
        for i, ordn in enumerate("第一第二第三第四第五".replace("第", " 第").split()[:n_city]):
            county = city.counties[i % len(city.counties)]
            add(
                county,
                f"{city.name}{ordn}医院",
                "综合医院",
                r.choice(["三级甲等", "三级乙等"]),
                True,
                r.randint(600, 2200),
            )
        for spec_name, cat in [
            ("中医医院", "中医医院"),
            ("妇幼保健院", "妇幼保健院"),
            ("传染病医院", "专科医院"),
            ("精神卫生中心", "专科医院"),
            ("肿瘤医院", "专科医院"),
            ("儿童医院", "专科医院"),
            ("口腔医院", "专科医院"),
            ("眼科医院", "专科医院"),
        ]:
            if r.random() < (0.95 if cat != "专科医院" else 0.55):
                add(
                    r.choice(city.counties[:3]),
                    f"{cn}市{spec_name}" if city.name.endswith("市") else f"{city.name}{spec_name}",
                    cat,
                    r.choice(["三级甲等", "三级乙等", "二级甲等"]),
                    True,
                    r.randint(150, 900),
                )
        for county in city.counties:
            if county.is_district:
                if r.random() < 0.6:
                    add(
                        county,
                        f"{city.name}{county.name}人民医院",
                        "综合医院",
                        r.choice(["二级甲等", "二级乙等"]),
                        True,
                        r.randint(100, 500),
                    )
                for street in r.sample(PLACES, r.randint(2, 7)):
                    add(
                        county,
                        f"{city.name}{county.name}{street}街道社区卫生服务中心",
                        "社区卫生服务中心",
                        r.choice(["一级甲等", "一级", "未定级"]),
                        True,
                        r.randint(0, 60),
                    )
            else:
                add(
                    county,
                    f"{county.name}人民医院",
                    "综合医院",
                    r.choice(["二级甲等", "二级甲等", "三级乙等", "二级乙等"]),
                    True,
                    r.randint(180, 900),
                )
                add(
                    county,
                    f"{county.name}中医医院",
                    "中医医院",
                    r.choice(["二级甲等", "二级乙等"]),
                    True,
                    r.randint(80, 400),
                )
                add(
                    county,
                    f"{county.name}妇幼保健院",
                    "妇幼保健院",
                    r.choice(["二级乙等", "二级甲等", "未定级"]),
                    True,
                    r.randint(20, 150),
                )
                for town in towns(r, county, r.randint(4, 11)):
                    add(
                        county,
                        f"{county.name}{town}卫生院",
                        "乡镇卫生院",
                        r.choice(["一级甲等", "一级", "未定级"]),
                        True,
                        r.randint(10, 80),
                    )
            for _ in range(r.randint(1, 4 if county.is_district else 2)):
                brand = r.choice(BRANDS)
                kind = r.choice(
                    [
                        "医院",
                        "综合医院",
                        "骨科医院",
                        "康复医院",
                        "中西医结合医院",
                        "眼科医院",
                        "口腔医院",
                        "妇产医院",
                    ]
                )
                cat = {
                    "医院": "综合医院",
                    "综合医院": "综合医院",
                    "康复医院": "康复医院",
                    "中西医结合医院": "中西医结合医院",
                }.get(kind, "专科医院")
                add(
                    county,
                    f"{county.short}{brand}{kind}",
                    cat,
                    r.choice(["二级乙等", "一级甲等", "一级", "未定级", "未定级"]),
                    False,
                    r.randint(20, 300),
                )
    write_csv(HERE / path, header, rows, encoding="utf-8-sig")
    return path, len(rows)


def gen_vaccination():
    r = rng_for("vaccination")
    path = "health/vaccination_clinics.json"
    spec(path, "json")
    out = []
    for h in HOSPITALS:
        cat = h["cat"]
        if (
            cat in ("社区卫生服务中心", "乡镇卫生院")
            and r.random() < 0.45
            or cat == "妇幼保健院"
            or (cat == "综合医院" and "人民医院" in h["name"])
        ):
            if cat == "妇幼保健院":
                kinds = ["产科接种室", "常规接种门诊"]
            elif cat == "综合医院":
                kinds = ["狂犬病暴露预防处置门诊", "产科接种室"]
            else:
                kinds = ["常规接种门诊"] + (["成人接种门诊"] if r.random() < 0.3 else [])
            for k in kinds:
                weekday_sets = [
                    "周一至周五 8:00-11:30，13:30-16:00",
                    "周二、周四 8:30-11:30",
                    "周一、周三、周五 8:00-11:00",
                    "每日 8:00-16:30（节假日照常）",
                ]
                out.append(
                    {
                        "门诊名称": f"{h['name']}{k}",
                        "所属医疗机构": h["name"],
                        "所属地市": h["county"].city.name,
                        "所在区县": h["county"].name,
                        "地址": h["addr"],
                        "咨询电话": landline(r, h["county"].city),
                        "门诊类型": k,
                        "接种时间": weekday_sets[3]
                        if k.startswith("狂犬")
                        else r.choice(weekday_sets[:3]),
                        "提供狂犬疫苗": k.startswith("狂犬")
                        or (k == "常规接种门诊" and r.random() < 0.1),
                    }
                )
    write_json(HERE / path, out)
    return path, len(out)


# ============================================================================================
# education
# ============================================================================================
def gen_schools():
    r = rng_for("schools")
    path = "education/schools.csv"
    spec(path, "csv", encoding="gbk")
    header = [
        "学校标识码",
        "学校名称",
        "办学类型",
        "办学性质",
        "所属地市",
        "所在区县",
        "行政区划代码",
        "学校地址",
        "联系电话",
        "在校学生数",
        "教职工数",
        "建校年份",
    ]
    rows, seen = [], set()
    for county in COUNTY_LIST:
        seq = 0
        items = []
        base = county.city.name + county.name if county.is_district else county.name
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
            items.append(
                (f"{base}第{['一', '二', '三'][i]}高级中学", "普通高中", "公办", (900, 3800))
            )
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
        for name, typ, nature, (lo, hi) in items:
            if name in seen:
                continue
            seen.add(name)
            seq += 1
            students = r.randint(lo, hi)
            teachers = max(12, int(students / r.uniform(11, 16)))
            rows.append(
                [
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
                    str(
                        r.choice(
                            [r.randint(1905, 1960), r.randint(1950, 1995), r.randint(1980, 2020)]
                        )
                        if nature == "公办"
                        else r.randint(1998, 2021)
                    ),
                ]
            )
    write_csv(HERE / path, header, rows, encoding="gbk", newline="\r\n")
    return path, len(rows)


def gen_kindergartens():
    r = rng_for("kindergartens")
    path = "education/kindergartens.csv"
    spec(path, "csv", encoding="utf-8")
    header = [
        "幼儿园名称",
        "办园性质",
        "是否普惠性",
        "所属地市",
        "所在区县",
        "地址",
        "联系电话",
        "班级数",
        "核定学位数",
        "在园幼儿数",
        "保育教育费（元/月）",
    ]
    rows, seen = [], set()
    for county in COUNTY_LIST:
        base = county.city.name + county.name if county.is_district else county.name
        for _ in range(r.randint(4, 12)):
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
            if name in seen:
                continue
            seen.add(name)
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
            rows.append(
                [
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
            )
    write_csv(HERE / path, header, rows, encoding="utf-8")
    return path, len(rows)


# ============================================================================================
# civil affairs
# ============================================================================================
def gen_elderly_care():
    r = rng_for("elderly")
    path = "civil-affairs/elderly_care_institutions.xlsx"
    spec(path, "xlsx", sheet="机构名录", personal={"负责人": "name", "负责人手机": "mobile"})
    header = [
        "机构名称",
        "统一社会信用代码",
        "机构类型",
        "运营方式",
        "所属地市",
        "所在区县",
        "地址",
        "床位总数",
        "护理型床位数",
        "收费标准下限（元/月）",
        "收费标准上限（元/月）",
        "负责人",
        "负责人手机",
        "机构电话",
        "备案日期",
        "是否医养结合",
    ]
    rows, seen = [], set()
    for county in COUNTY_LIST:
        base = county.city.name + county.name if county.is_district else county.name
        n = r.randint(3, 9)
        for _ in range(n):
            x = r.random()
            if x < 0.25 and not county.is_district:
                t = r.choice(PLACES)
                name, typ, op = (
                    f"{county.name}{t}镇敬老院",
                    "敬老院",
                    r.choice(["公办公营", "公建民营"]),
                )
            elif x < 0.4:
                name, typ, op = f"{base}社会福利中心", "养老院", "公办公营"
            elif x < 0.6:
                name, typ, op = (
                    f"{base}{r.choice(PLACES)}街道社区养老服务中心"
                    if county.is_district
                    else f"{county.name}{r.choice(PLACES)}社区养老服务中心",
                    "社区养老服务中心",
                    r.choice(["公建民营", "民办"]),
                )
            else:
                typ = r.choice(["养老院", "老年公寓", "护理院", "颐养中心"])
                name = f"{base}{r.choice(BRANDS)}{typ}"
                typ = "养老院" if typ == "颐养中心" else typ
                op = "民办"
            if name in seen:
                continue
            seen.add(name)
            beds = (
                r.randint(20, 120) if typ in ("敬老院", "社区养老服务中心") else r.randint(40, 480)
            )
            nursing = int(beds * r.uniform(0.2, 0.8))
            lo = r.choice([1200, 1500, 1800, 2000, 2200, 2500])
            hi = lo + r.choice([800, 1200, 1500, 2000, 3000])
            kind = (
                "institution"
                if op == "公办公营"
                else "nonprofit"
                if op == "公建民营"
                else r.choice(["nonprofit", "enterprise"])
            )
            rows.append(
                [
                    name,
                    company_code(r, county, kind),
                    typ,
                    op,
                    county.city.name,
                    county.name,
                    address(r, county),
                    beds,
                    nursing,
                    lo,
                    hi,
                    person_name(r),
                    mobile(r),
                    landline(r, county.city),
                    rand_date(r, dt.date(2016, 1, 1), dt.date(2024, 6, 30)),
                    "是" if (typ == "护理院" or r.random() < 0.35) else "否",
                ]
            )
    wb = Workbook()
    notes = wb.active
    notes.title = "填报说明"
    for line in [
        "黑龙江省养老机构备案信息（截至2024年6月30日）",
        "1. 本表由各市（地）民政局汇总，省民政厅养老服务处审核。",
        "2. 收费标准为每人每月床位费、护理费、伙食费合计的区间。",
        "3. 负责人手机仅供民政部门联系使用，不对外公开。",
        "4. 数据见“机构名录”工作表。",
    ]:
        notes.append([line])
    notes.column_dimensions["A"].width = 80
    add_sheet(wb, "机构名录", header, rows, date_cols=(15,))
    stats = wb.create_sheet("分市汇总")
    stats.append(["所属地市", "机构数", "床位总数"])
    for city in CITY_LIST:
        cr = [x for x in rows if x[4] == city.name]
        stats.append([city.name, len(cr), sum(x[7] for x in cr)])
    save_xlsx(wb, HERE / path)
    return path, len(rows)


def gen_dibao_statistics():
    r = rng_for("dibao-stats")
    path = "civil-affairs/dibao_statistics.csv"
    spec(path, "csv", encoding="gbk")
    header = [
        "统计期",
        "统计截止日期",
        "所属地市",
        "县（市、区）",
        "行政区划代码",
        "城市低保户数",
        "城市低保人数",
        "城市低保标准（元/人·月）",
        "城市低保资金支出（万元）",
        "农村低保户数",
        "农村低保人数",
        "农村低保标准（元/人·年）",
        "农村低保资金支出（万元）",
        "填报单位",
    ]
    rows = []
    city_std = {
        c.code: (
            r.randint(700, 760) if c.code == "230100" else r.randint(640, 700),
            r.randint(5900, 6300) if c.code == "230100" else r.randint(5300, 5800),
        )
        for c in CITY_LIST
    }
    base = {}
    for county in COUNTY_LIST:
        if county.is_district:
            urban, rural = (
                r.randint(1800, 14000),
                (
                    r.randint(2500, 16000)
                    if county.name
                    in (
                        "呼兰区",
                        "阿城区",
                        "双城区",
                        "梅里斯达斡尔族区",
                        "郊区",
                        "爱辉区",
                        "北林区",
                        "茄子河区",
                        "加格达奇区",
                    )
                    else r.randint(0, 1200)
                ),
            )
        else:
            urban, rural = r.randint(1500, 9000), r.randint(4000, 26000)
        base[county.code] = (urban, rural)
    quarters = [(y, q) for y in (2023, 2024) for q in (1, 2, 3, 4)]
    for y, q in quarters:
        end = {
            1: dt.date(y, 3, 31),
            2: dt.date(y, 6, 30),
            3: dt.date(y, 9, 30),
            4: dt.date(y, 12, 31),
        }[q]
        k = (y - 2023) * 4 + q - 1
        for county in COUNTY_LIST:
            u0, r0 = base[county.code]
            urban = int(u0 * (1 - 0.012 * k) * r.uniform(0.985, 1.015))
            rural = int(r0 * (1 - 0.008 * k) * r.uniform(0.985, 1.015))
            us, rs = city_std[county.city.code]
            raise_ = 1.0 + 0.035 * (y - 2023) + (0.03 if (y, q) >= (2024, 3) else 0)
            us, rs = int(us * raise_), int(rs * raise_ / 10) * 10
            u_exp = urban * us * 3 * r.uniform(0.52, 0.62) / 10000
            r_exp = rural * rs / 4 * r.uniform(0.5, 0.6) / 10000
            rows.append(
                [
                    f"{y}年第{q}季度",
                    fmt_date(end, "iso"),
                    county.city.name,
                    county.name,
                    county.code,
                    maybe_thousands(r, int(urban / r.uniform(1.45, 1.75)), 0.7),
                    maybe_thousands(r, urban, 0.7),
                    str(us),
                    thousands(u_exp, 2),
                    maybe_thousands(r, int(rural / r.uniform(1.6, 2.1)), 0.7) if rural else "0",
                    maybe_thousands(r, rural, 0.7),
                    str(rs),
                    thousands(r_exp, 2),
                    f"{county.name}民政局",
                ]
            )
    write_csv(HERE / path, header, rows, encoding="gbk", newline="\r\n")
    return path, len(rows)


def gen_dibao_recipients():
    r = rng_for("dibao-recipients")
    path = "civil-affairs/dibao_recipients_2024.csv"
    spec(path, "csv", encoding="utf-8-sig", personal={"户主姓名": "name", "户主身份证号码": "id"})
    header = [
        "公示批次",
        "所属地市",
        "县（市、区）",
        "乡镇（街道）",
        "村（社区）",
        "户主姓名",
        "户主身份证号码",
        "保障类别",
        "保障人口",
        "月保障金额（元）",
        "批准日期",
    ]
    rows = []
    picks = [c for c in COUNTY_LIST if c.name in ("巴彦县", "龙江县", "宝清县", "北林区", "海林市")]
    for county in picks:
        ts = towns(r, county, 6)
        for month in (3, 6, 9, 12):
            batch = f"{county.name}2024年第{month // 3}批"
            for _ in range(r.randint(25, 45)):
                town = r.choice(ts)
                rural = not county.is_district and r.random() < 0.75
                village = (r.choice(PLACES) + "村") if rural else (r.choice(PLACES) + "社区")
                size = r.choices([1, 2, 3, 4, 5], [35, 30, 20, 10, 5])[0]
                amount = size * (r.randint(180, 480) if rural else r.randint(300, 720))
                approve = rand_date(r, dt.date(2024, month, 1), dt.date(2024, month, 25))
                rows.append(
                    [
                        batch,
                        county.city.name,
                        county.name,
                        town,
                        village,
                        person_name(r),
                        id_number(r, county.code, 1940, 1995),
                        "农村低保" if rural else "城市低保",
                        str(size),
                        str(amount),
                        fmt_date(approve, "cn"),
                    ]
                )
    write_csv(HERE / path, header, rows, encoding="utf-8-sig")
    return path, len(rows)


def gen_social_organizations():
    r = rng_for("social-orgs")
    path = "civil-affairs/social_organizations.csv"
    spec(path, "csv", encoding="utf-8")
    header = [
        "社会组织名称",
        "统一社会信用代码",
        "组织类型",
        "登记管理机关",
        "业务主管单位",
        "住所",
        "成立登记日期",
        "注册资金（万元）",
        "业务范围",
        "登记状态",
    ]
    rows, seen = [], set()
    trades = [
        ("餐饮行业协会", "行业协会", "搭建交流平台，开展行业培训、标准宣贯和诚信建设"),
        ("个体劳动者私营企业协会", "行业协会", "维护会员合法权益，提供政策咨询和培训服务"),
        ("老年人体育协会", "体育", "组织开展老年人健身活动和赛事"),
        ("书法家协会", "文化", "组织书法创作、展览和交流活动"),
        ("志愿者协会", "公益", "组织开展志愿服务，培训志愿者"),
        ("慈善总会", "公益", "募集慈善款物，开展扶贫济困、助医助学活动"),
        ("冰雪运动协会", "体育", "推广冰雪运动，组织冰雪赛事和培训"),
        ("农民专业合作社联合会", "农业", "提供农业技术推广、信息咨询服务"),
        ("物业管理协会", "行业协会", "开展物业服务行业自律和从业人员培训"),
        ("家庭服务业协会", "行业协会", "推进家政服务规范化，开展家政人员培训"),
    ]
    nonprofits = [
        ("社会工作服务中心", "开展社区社会工作服务、困难群体帮扶"),
        ("养老服务中心", "为老年人提供日间照料、助餐、文化娱乐服务"),
        ("培训学校", "开展职业技能培训"),
        ("康复中心", "为残疾儿童提供康复训练服务"),
        ("调解服务中心", "开展人民调解和法律咨询服务"),
    ]
    for city in CITY_LIST:
        for county in [None] + city.counties:
            level_name = (
                city.name
                if county is None
                else (city.name + county.name if county.is_district else county.name)
            )
            region = city.code if county is None else county.code
            registrar = f"{level_name}民政局"
            for _ in range(r.randint(2, 5) if county else r.randint(6, 12)):
                if r.random() < 0.6:
                    suffix, domain, scope = r.choice(trades)
                    name = f"{level_name}{suffix}"
                    typ, kind, capital = "社会团体", "association", r.choice([3, 5, 10, 20, 30])
                else:
                    suffix, scope = r.choice(nonprofits)
                    name = f"{level_name}{r.choice(BRANDS)}{suffix}"
                    typ, kind, capital = "民办非企业单位", "nonprofit", r.choice([3, 5, 10, 50])
                if name in seen:
                    continue
                seen.add(name)
                founded = rand_date(r, dt.date(1995, 1, 1), dt.date(2024, 5, 31))
                status = r.choices(
                    ["正常", "正常", "正常", "正常", "撤销", "注销"], [50, 20, 10, 10, 3, 4]
                )[0]
                rows.append(
                    [
                        name,
                        company_code(r, region, kind),
                        typ,
                        registrar,
                        r.choice(
                            [
                                f"{level_name}民政局",
                                "无",
                                f"{level_name}文化广电和旅游局",
                                f"{level_name}体育局",
                            ]
                        )
                        if typ == "社会团体"
                        else "无",
                        address(r, county or city.counties[0]),
                        fmt_date(founded, "slash"),
                        str(capital),
                        scope,
                        status,
                    ]
                )
    write_csv(HERE / path, header, rows, encoding="utf-8")
    return path, len(rows)


# ============================================================================================
# human resources and social security
# ============================================================================================
def gen_employment_agencies():
    r = rng_for("employment")
    path = "hrss/employment_service_agencies.csv"
    spec(path, "csv", encoding="utf-8-sig", delimiter="\t")
    header = [
        "机构名称",
        "机构性质",
        "人力资源服务许可证编号",
        "统一社会信用代码",
        "所属地市",
        "所在区县",
        "服务地址",
        "咨询电话",
        "服务项目",
        "发证日期",
    ]
    rows, seen, seen_co = [], set(), set()
    services = [
        "职业介绍",
        "职业指导",
        "人力资源供求信息发布",
        "现场招聘会",
        "网络招聘",
        "劳务派遣",
        "人力资源外包",
        "高级人才寻访",
        "人才测评",
        "人力资源培训",
        "就业创业指导",
    ]
    for city in CITY_LIST:
        for county in city.counties:
            level = f"{city.name}{county.name}" if county.is_district else county.name
            name = (
                f"{level}公共就业服务中心"
                if not county.is_district
                else f"{level}人力资源和社会保障局就业服务中心"
            )
            seen.add(name)
            rows.append(
                [
                    name,
                    "公共就业服务机构",
                    "",
                    company_code(r, county, "institution"),
                    city.name,
                    county.name,
                    address(r, county),
                    landline(r, city),
                    "、".join(r.sample(services[:5] + ["就业创业指导"], 4)),
                    "",
                ]
            )
            for _ in range(r.randint(0, 5 if county.is_district else 2)):
                name = company_name(
                    r,
                    county,
                    r.choice(["人力资源", "人力资源服务", "劳务派遣", "企业管理咨询"]),
                    seen_co,
                )
                issued = rand_date(r, dt.date(2018, 1, 1), dt.date(2024, 6, 30))
                rows.append(
                    [
                        name,
                        "经营性人力资源服务机构",
                        f"黑人社服证字〔{issued.year}〕第{r.randint(1, 999):04d}号",
                        company_code(r, county, "enterprise"),
                        city.name,
                        county.name,
                        address(r, county),
                        landline(r, city),
                        "、".join(r.sample(services, r.randint(2, 5))),
                        fmt_date(issued, "dot"),
                    ]
                )
    write_csv(HERE / path, header, rows, encoding="utf-8-sig", delimiter="\t")
    return path, len(rows)


def gen_job_fairs():
    r = rng_for("job-fairs")
    path = "hrss/job_fairs_2024.json"
    spec(path, "json", records="data.items", personal={"联系人": "name", "联系手机": "mobile"})
    themes = [
        "春风行动",
        "民营企业招聘月",
        "百日千万网络招聘专项行动",
        "高校毕业生就业服务周",
        "金秋招聘月",
        "就业援助月",
        "退役军人专场",
        "农民工返乡就业专场",
        "残疾人就业专场",
        "冰雪旅游季节性用工专场",
        "重点企业用工专场",
    ]
    venues = ["人力资源市场", "人才市场", "会展中心", "体育馆", "文化广场", "公共就业服务中心"]
    items = []
    n = 0
    for city in CITY_LIST:
        for _ in range(r.randint(25, 60) if city.code != "230100" else 120):
            n += 1
            d = rand_date(r, dt.date(2024, 1, 2), dt.date(2024, 12, 20))
            online = r.random() < 0.25
            county = r.choice(city.counties)
            theme = r.choice(themes)
            start = dt.datetime(
                d.year, d.month, d.day, r.choice([8, 9, 9, 10]), r.choice([0, 0, 30])
            )
            end = start + dt.timedelta(
                hours=r.choice([3, 4, 6]) if not online else 24 * r.choice([3, 7, 15])
            )
            companies = r.randint(15, 180) if not online else r.randint(40, 600)
            posts = companies * r.randint(3, 12)
            items.append(
                {
                    "招聘会编号": f"ZPH-2024-{n:04d}",
                    "招聘会名称": f"{city.name}2024年{theme}{'网络' if online else '现场'}招聘会",
                    "举办形式": "网络" if online else r.choice(["现场", "现场", "直播带岗"]),
                    "开始时间": start.strftime("%Y-%m-%d %H:%M:%S"),
                    "结束时间": end.strftime("%Y-%m-%d %H:%M:%S"),
                    "举办地市": city.name,
                    "举办地点": "线上（黑龙江省就业服务平台）"
                    if online
                    else f"{county_full(county)}{r.choice(venues)}",
                    "主办单位": f"{city.name}人力资源和社会保障局",
                    "参会企业数": companies,
                    "提供岗位数": posts,
                    "需求人数": posts * r.randint(2, 5),
                    "联系人": person_name(r),
                    "联系手机": mobile(r),
                }
            )
    items.sort(key=lambda x: (x["开始时间"], x["招聘会编号"]))
    for i, it in enumerate(items):
        it["招聘会编号"] = f"ZPH-2024-{i + 1:04d}"
    write_json(
        HERE / path,
        {
            "code": 200,
            "message": "操作成功",
            "data": {"total": len(items), "pageNo": 1, "pageSize": len(items), "items": items},
        },
        records="data.items",
    )
    return path, len(items)


# ============================================================================================
# market regulation
# ============================================================================================
def gen_pharmacies():
    r = rng_for("pharmacies")
    path = "market-regulation/pharmacies.xlsx"
    spec(path, "xlsx", header_row=2, personal={"质量负责人": "name"})
    header = [
        "许可证编号",
        "企业名称",
        "统一社会信用代码",
        "经营方式",
        "所属地市",
        "所在区县",
        "注册地址",
        "质量负责人",
        "发证日期",
        "有效期至",
    ]
    rows, seen = [], set()
    chains = [f"黑龙江{b}大药房连锁有限公司" for b in r.sample(BRANDS, 8)]
    seq = {}
    for county in COUNTY_LIST:
        for _ in range(r.randint(3, 11) if county.is_district else r.randint(2, 6)):
            if r.random() < 0.45:
                chain = r.choice(chains)
                name = f"{chain}{county.short}{r.choice(STREETS)[:-1]}店"
                mode = "零售（连锁）"
            else:
                kind = r.choice(["大药房", "药店", "医药商店", "堂大药房"])
                name = f"{county.short}{r.choice(BRANDS)}{kind}"
                mode = "零售"
            if name in seen:
                continue
            seen.add(name)
            seq[county.city.code] = seq.get(county.city.code, 0) + 1
            issued = rand_date(r, dt.date(2020, 1, 1), dt.date(2024, 6, 30))
            kind = "enterprise" if mode != "零售" or r.random() < 0.6 else "individual"
            rows.append(
                [
                    f"黑{'DA' if mode == '零售' else 'DB'}{county.city.code[:4]}"
                    f"{seq[county.city.code]:04d}",
                    name,
                    company_code(r, county, kind),
                    mode,
                    county.city.name,
                    county.name,
                    address(r, county),
                    person_name(r),
                    issued,
                    dt.date(issued.year + 5, issued.month, min(issued.day, 28))
                    - dt.timedelta(days=1),
                ]
            )
    wb = Workbook()
    wb.remove(wb.active)
    add_sheet(
        wb,
        "药品零售企业",
        header,
        rows,
        title_row="黑龙江省药品零售企业许可信息（截至2024年6月30日）",
        date_cols=(9, 10),
    )
    save_xlsx(wb, HERE / path)
    return path, len(rows)


LICENCE_KINDS = [
    # (许可事项, 证书, 行业, 主体类型权重, 内容模板)
    ("食品经营许可", "食品经营许可证", "餐饮管理", "county"),
    ("食品经营许可", "食品经营许可证", "商贸", "county"),
    ("食品生产许可", "食品生产许可证", "食品", "city"),
    ("工业产品生产许可", "全国工业产品生产许可证", "化工", "province"),
    ("特种设备生产许可", "中华人民共和国特种设备生产许可证", "机电设备安装工程", "province"),
]
FOOD_BIZ_ITEMS = [
    "预包装食品（含冷藏冷冻食品）销售",
    "散装食品（含冷藏冷冻食品）销售",
    "热食类食品制售",
    "冷食类食品制售",
    "自制饮品制售",
    "糕点类食品（含裱花蛋糕）制售",
    "特殊食品销售（保健食品）",
]
FOOD_PROD_ITEMS = [
    "粮食加工品（大米）",
    "粮食加工品（小麦粉）",
    "食用油、油脂及其制品（食用植物油）",
    "肉制品（熏煮香肠火腿制品）",
    "乳制品（液体乳）",
    "饮料（包装饮用水）",
    "酒类（白酒）",
    "酒类（啤酒）",
    "糕点（烘烤类糕点）",
    "调味品（酱类）",
    "淀粉及淀粉制品（粉条）",
    "速冻食品（速冻面米生制品）",
    "豆制品（非发酵性豆制品）",
]
INDUSTRIAL_ITEMS = [
    "危险化学品（工业硫酸）",
    "危险化学品（液氯）",
    "建筑用钢筋",
    "水泥",
    "化肥（复混肥料）",
    "电线电缆",
    "人民币鉴别仪",
    "防爆电气",
]
SE_ITEMS = [
    "起重机械安装、修理（A级）",
    "电梯安装、修理（B级）",
    "压力管道安装（GC2）",
    "锅炉安装、修理（B级）",
    "承压类特种设备安装、修理、改造",
]


def county_abbr(county):
    """虎林市 -> 虎林, 庆安县 -> 庆安县, 宾县 -> 宾县 (as used in document numbers)."""
    return county.short if county.name.endswith("市") else county.name


def market_organ(county, level):
    if level == "province":
        return "黑龙江省市场监督管理局", "黑市监许"
    city = county.city
    if level == "city" or county.is_district:
        return f"{city.name}市场监督管理局", f"{city.abbr}市监许"
    return f"{county.name}市场监督管理局", f"{county_abbr(county)}市监许"


def gen_licensing():
    r = rng_for("licensing")
    path = "market-regulation/licensing_decisions.csv"
    spec(path, "csv", encoding="gbk", personal={"法定代表人": "name", "法定代表人身份证号": "id"})
    header = [
        "行政许可决定文书号",
        "许可事项",
        "申请类型",
        "行政相对人名称",
        "统一社会信用代码",
        "法定代表人",
        "法定代表人身份证号",
        "许可证书名称",
        "许可内容",
        "许可决定日期",
        "有效期自",
        "有效期至",
        "许可机关",
        "所属地市",
        "系统流水号",
    ]
    rows, seen_co, numbers = [], set(), {}
    styles = ["iso", "iso", "iso", "slash", "cn", "dot"]
    for i in range(1900):
        item, cert, industry, level = r.choices(LICENCE_KINDS, [45, 30, 14, 5, 6])[0]
        county = r.choice(COUNTY_LIST)
        organ, prefix = market_organ(county, level)
        decided = rand_date(r, dt.date(2024, 1, 2), dt.date(2024, 12, 27))
        apply = r.choices(["新办", "延续", "变更"], [70, 18, 12])[0]
        individual = item == "食品经营许可" and r.random() < 0.4
        if individual:
            rep = person_name(r)
            shop = r.choice(
                ["饭店", "小吃部", "超市", "食杂店", "烧烤店", "饺子馆", "面馆", "熟食店"]
            )
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
        if item == "食品经营许可":
            if not catering:
                subject = r.choice(
                    [
                        "食品销售经营者（超市）",
                        "食品销售经营者（便利店）",
                        "食品销售经营者（食杂店）",
                    ]
                )
                its = r.sample(FOOD_BIZ_ITEMS[:2] + FOOD_BIZ_ITEMS[-1:], r.randint(1, 3))
            elif individual:
                subject = "餐饮服务经营者（小型餐馆）"
                its = ["预包装食品（含冷藏冷冻食品）销售"] + r.sample(
                    FOOD_BIZ_ITEMS[2:4], r.randint(1, 2)
                )
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
            content = f"主体业态：{subject}；经营项目：{'；'.join(its)}"
        elif item == "食品生产许可":
            content = f"食品类别：{'、'.join(r.sample(FOOD_PROD_ITEMS, r.randint(1, 2)))}"
        elif item == "工业产品生产许可":
            content = f"产品名称：{r.choice(INDUSTRIAL_ITEMS)}"
        else:
            content = f"许可项目：{r.choice(SE_ITEMS)}"
        years = 4 if item == "特种设备生产许可" else 5
        valid_to = dt.date(
            decided.year + years, decided.month, min(decided.day, 28)
        ) - dt.timedelta(days=1)
        style = r.choice(styles)
        rows.append(
            [
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
        )
    rows.sort(key=lambda x: (x[0][0], x[-1]))
    for row in rows:  # number the decisions in date order within each organ and year
        decided, prefix = row[0]
        key = (prefix, decided.year)
        numbers[key] = numbers.get(key, 0) + r.randint(1, 6)
        row[0] = f"{prefix}〔{decided.year}〕{numbers[key]}号"
    write_csv(HERE / path, header, rows, encoding="gbk", newline="\r\n")
    return path, len(rows)


PENALTY_CASES = [
    (
        "食品安全",
        "当事人经营超过保质期的{p}，货值金额{v}元，违法所得{g}元。",
        "《中华人民共和国食品安全法》第一百二十四条第一款",
        ["熟食", "乳制品", "饮料", "糕点", "调味品"],
    ),
    (
        "食品安全",
        "当事人未按规定查验供货者许可证和食品出厂检验合格证，采购并经营{p}。",
        "《中华人民共和国食品安全法》第一百二十六条第一款",
        ["冷冻肉品", "豆制品", "散装白酒"],
    ),
    (
        "食品安全",
        "当事人未取得食品经营许可从事{p}经营活动，违法所得{g}元。",
        "《中华人民共和国食品安全法》第一百二十二条第一款",
        ["餐饮服务", "食品销售", "自制饮品"],
    ),
    (
        "价格",
        "当事人销售{p}未按规定明码标价。",
        "《明码标价和禁止价格欺诈规定》第二十一条",
        ["蔬菜", "粮油", "药品", "停车服务"],
    ),
    (
        "广告",
        "当事人在其经营场所发布含有“最佳”“国家级”等用语的{p}广告。",
        "《中华人民共和国广告法》第五十七条",
        ["保健食品", "白酒", "房地产", "教育培训"],
    ),
    (
        "不正当竞争",
        "当事人对其{p}的功能作虚假的商业宣传，欺骗、误导消费者。",
        "《中华人民共和国反不正当竞争法》第二十条第一款",
        ["净水器", "保健器材", "护肤品"],
    ),
    (
        "产品质量",
        "当事人销售经抽样检验不合格的{p}，货值金额{v}元。",
        "《中华人民共和国产品质量法》第四十九条",
        ["电线电缆", "复混肥料", "儿童服装", "电动自行车"],
    ),
    (
        "计量",
        "当事人使用未经检定的{p}进行贸易结算。",
        "《中华人民共和国计量法实施细则》第四十三条",
        ["电子计价秤", "燃油加油机", "出租车计价器"],
    ),
    (
        "特种设备",
        "当事人使用未经定期检验的{p}。",
        "《中华人民共和国特种设备安全法》第八十四条第一项",
        ["电梯", "叉车", "锅炉", "压力容器"],
    ),
    (
        "药品医疗器械",
        "当事人从无资质渠道购进{p}并销售，货值金额{v}元。",
        "《中华人民共和国药品管理法》第一百二十九条",
        ["中药饮片", "感冒药", "一次性使用医用口罩"],
    ),
]


def gen_penalties():
    r = rng_for("penalties")
    path = "market-regulation/penalty_decisions.csv"
    spec(path, "csv", encoding="utf-8", personal={"法定代表人（负责人）": "name"})
    header = [
        "行政处罚决定书文号",
        "当事人名称",
        "统一社会信用代码",
        "法定代表人（负责人）",
        "违法行为类型",
        "违法事实",
        "处罚依据",
        "处罚类别",
        "罚款金额（元）",
        "没收违法所得金额（元）",
        "处罚决定日期",
        "处罚机关",
        "公示截止期",
    ]
    rows, seen_co, numbers = [], set(), {}
    for _ in range(860):
        county = r.choice(COUNTY_LIST)
        typ, fact, basis, products = r.choice(PENALTY_CASES)
        city = county.city
        if county.is_district or r.random() < 0.3:
            organ, prefix = f"{city.name}市场监督管理局", f"{city.abbr}市监罚"
        else:
            organ, prefix = f"{county.name}市场监督管理局", f"{county_abbr(county)}市监罚"
        if r.random() < 0.05:
            organ, prefix = "黑龙江省市场监督管理局", "黑市监罚"
        decided = rand_date(r, dt.date(2023, 7, 1), dt.date(2024, 12, 27))
        v = r.randint(80, 30000)
        g = r.randint(0, min(v, 8000))
        fact = fact.format(
            p=r.choice(products),
            v=thousands(v) if v >= 1000 else v,
            g=thousands(g) if g >= 1000 else g,
        )
        if r.random() < 0.12:
            kinds, fine, conf = "警告", 0, 0
        else:
            fine = r.choice(
                [2000, 3000, 5000, 5000, 10000, 10000, 20000, 30000, 50000, 100000, 150000]
            )
            conf = g if "违法所得" in fact else 0
            kinds = "罚款" if not conf else "没收违法所得、罚款"
            if r.random() < 0.15:
                kinds = "警告、" + kinds
        industry = r.choice(
            {
                "食品安全": ["商贸", "食品", "餐饮管理", "超市"],
                "价格": ["商贸", "超市", "医药"],
                "广告": ["广告传媒", "房地产开发", "酒业", "教育咨询"],
                "不正当竞争": ["商贸", "电器", "科技"],
                "产品质量": ["建材", "商贸", "电器"],
                "计量": ["超市", "石油销售", "商贸"],
                "特种设备": ["物业管理", "商贸", "热电"],
                "药品医疗器械": ["医药", "大药房"],
            }[typ]
        )
        name = company_name(r, county, industry, seen_co)
        style = "iso" if r.random() < 0.8 else "slash"
        rows.append(
            [
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
        )
    rows.sort(key=lambda x: (x[0][0], x[2]))
    for row in rows:  # number the decisions in date order within each organ and year
        decided, prefix = row[0]
        key = (prefix, decided.year)
        numbers[key] = numbers.get(key, 0) + r.randint(1, 9)
        row[0] = f"{prefix}〔{decided.year}〕{numbers[key]}号"
    write_csv(HERE / path, header, rows, encoding="utf-8")
    return path, len(rows)


FOODS = [
    # 分类, 名称, 规格, 农产品?, [(不合格项目, 检验值, 标准值)]
    ("粮食加工品", "大米", "5kg/袋", False, [("镉(以Cd计)", "0.32mg/kg", "≤0.2mg/kg")]),
    ("粮食加工品", "小麦粉", "2.5kg/袋", False, [("玉米赤霉烯酮", "88.6μg/kg", "≤60μg/kg")]),
    (
        "食用油、油脂及其制品",
        "大豆油",
        "5L/桶",
        False,
        [("酸值(KOH)", "0.72mg/g", "≤0.5mg/g"), ("溶剂残留量", "36mg/kg", "≤20mg/kg")],
    ),
    ("乳制品", "纯牛奶", "250mL/盒", False, [("蛋白质", "2.6g/100g", "≥2.9g/100g")]),
    (
        "肉制品",
        "红肠",
        "500g/袋",
        False,
        [
            ("亚硝酸盐(以亚硝酸钠计)", "52mg/kg", "≤30mg/kg"),
            ("菌落总数", "2.1×10⁵CFU/g", "≤8×10⁴CFU/g"),
        ],
    ),
    ("饮料", "饮用纯净水", "550mL/瓶", False, [("铜绿假单胞菌", "检出", "不得检出")]),
    (
        "酒类",
        "白酒",
        "500mL/瓶",
        False,
        [
            ("酒精度", "47.3%vol", "52.0±1.0%vol"),
            ("甜蜜素(以环己基氨基磺酸计)", "0.031g/kg", "不得使用"),
        ],
    ),
    ("酒类", "啤酒", "500mL/听", False, []),
    ("糕点", "月饼", "100g/枚", False, [("过氧化值(以脂肪计)", "0.42g/100g", "≤0.25g/100g")]),
    ("糕点", "面包", "400g/袋", False, [("霉菌", "320CFU/g", "≤150CFU/g")]),
    ("调味品", "大酱", "1kg/袋", False, []),
    ("调味品", "酱油", "500mL/瓶", False, [("氨基酸态氮", "0.31g/100mL", "≥0.4g/100mL")]),
    (
        "淀粉及淀粉制品",
        "粉条",
        "500g/袋",
        False,
        [("铝的残留量(干样品,以Al计)", "386mg/kg", "≤200mg/kg")],
    ),
    (
        "速冻食品",
        "速冻水饺",
        "1kg/袋",
        False,
        [("过氧化值(以脂肪计)", "0.39g/100g", "≤0.25g/100g")],
    ),
    ("豆制品", "豆腐", "散装", True, [("苯甲酸及其钠盐(以苯甲酸计)", "0.152g/kg", "不得使用")]),
    (
        "炒货食品及坚果制品",
        "葵花籽",
        "500g/袋",
        False,
        [("过氧化值(以脂肪计)", "0.96g/100g", "≤0.80g/100g")],
    ),
    (
        "食用农产品",
        "韭菜",
        "散装",
        True,
        [("腐霉利", "0.68mg/kg", "≤0.2mg/kg"), ("毒死蜱", "0.12mg/kg", "≤0.02mg/kg")],
    ),
    ("食用农产品", "芹菜", "散装", True, [("毒死蜱", "0.31mg/kg", "≤0.05mg/kg")]),
    (
        "食用农产品",
        "豆芽",
        "散装",
        True,
        [("4-氯苯氧乙酸钠(以4-氯苯氧乙酸计)", "0.046mg/kg", "不得检出")],
    ),
    ("食用农产品", "鲤鱼", "散装", True, [("恩诺沙星", "268μg/kg", "≤100μg/kg")]),
    ("食用农产品", "猪肉", "散装", True, []),
    ("食用农产品", "鸡蛋", "散装", True, [("氟苯尼考", "5.6μg/kg", "不得检出")]),
    ("食用农产品", "香蕉", "散装", True, [("吡虫啉", "0.11mg/kg", "≤0.05mg/kg")]),
    (
        "餐饮食品",
        "复用餐饮具",
        "/",
        True,
        [
            ("大肠菌群", "检出", "不得检出"),
            ("阴离子合成洗涤剂(以十二烷基苯磺酸钠计)", "0.18mg/100cm²", "不得检出"),
        ],
    ),
]
LABS = [
    "黑龙江省食品检验检测所",
    "黑龙江省产品质量检验检测研究院",
    "哈尔滨市食品检验检测中心",
    "齐齐哈尔市食品检验检测中心",
    "牡丹江市综合检验检测中心",
    "佳木斯市综合检验检测中心",
    "大庆市食品检验检测中心",
    "黑龙江谱尼测试科技有限公司",
]


def gen_food_sampling():
    r = rng_for("food-sampling")
    path = "market-regulation/food_sampling_2024.xlsx"
    spec(path, "xlsx", personal={"抽样人员": "name", "抽样人员联系电话": "mobile"})
    header = [
        "抽样编号",
        "食品名称",
        "食品分类",
        "规格型号",
        "商标",
        "生产日期/批号",
        "标称生产企业名称",
        "标称生产企业地址",
        "被抽样单位名称",
        "被抽样单位所在地市",
        "被抽样单位地址",
        "检验结果",
        "不合格项目",
        "检验值",
        "标准值",
        "检验机构",
        "公告号",
        "公告日期",
        "抽样人员",
        "抽样人员联系电话",
    ]
    rows, seen_co, seq = [], set(), {}
    industries = {
        "粮食加工品": ["米业", "粮油", "面业"],
        "食用油、油脂及其制品": ["粮油", "油脂"],
        "乳制品": ["乳业"],
        "肉制品": ["肉制品", "食品"],
        "饮料": ["饮品", "矿泉水"],
        "酒类": ["酒业", "酿酒"],
        "糕点": ["食品", "糕点"],
        "调味品": ["酿造", "调味品"],
        "淀粉及淀粉制品": ["食品", "淀粉制品"],
        "速冻食品": ["食品", "速冻食品"],
        "炒货食品及坚果制品": ["食品", "炒货"],
    }
    producers = {}
    for cat, inds in industries.items():
        producers[cat] = []
        for _ in range(8):
            county = r.choice(COUNTY_LIST)
            producers[cat].append(
                (company_name(r, county, r.choice(inds), seen_co), address(r, county))
            )
    shelf = {"肉制品": 60, "乳制品": 30, "糕点": 20, "速冻食品": 120, "饮料": 180}
    markets = []
    for county in COUNTY_LIST:
        for _ in range(r.randint(2, 5)):
            x = r.random()
            if x < 0.35:
                kind = r.choice(["超市", "购物中心", "生鲜超市"])
                nm = f"{county.short}{r.choice(BRANDS)}{kind}"
            elif x < 0.6:
                market = f"{county.city.name}{county.name}{r.choice(PLACES)}农贸市场"
                nm = f"{market}{person_name(r)[0]}记摊位"
            elif x < 0.8:
                kind = r.choice(["饭店", "酒楼", "饺子馆", "烧烤店"])
                nm = f"{county.short}{r.choice(BRANDS)}{kind}"
            else:
                kind = r.choice(["学校食堂", "中心小学食堂", "幼儿园食堂"])
                nm = f"{county.short}{r.choice(PLACES)}{kind}"
            markets.append((nm, county, address(r, county)))
    issues = [(i, dt.date(2024, 1, 1) + dt.timedelta(days=14 * i + 10)) for i in range(1, 26)]
    for _ in range(1650):
        cat, food, size, farm, bad = r.choice(FOODS)
        mname, county, maddr = r.choice(markets)
        if food == "复用餐饮具" and not any(
            k in mname for k in ("饭店", "酒楼", "馆", "烧烤", "食堂")
        ):
            continue
        issue_no, issue_date = r.choice(issues)
        sampled = issue_date - dt.timedelta(days=r.randint(20, 45))
        made = sampled - dt.timedelta(
            days=r.randint(0, 3) if farm else r.randint(2, shelf.get(cat, 240))
        )
        seq[county.city.code] = seq.get(county.city.code, 0) + 1
        fail = bad and r.random() < 0.045
        item, val, std = r.choice(bad) if fail else ("", "", "")
        prod, paddr = ("/", "/") if farm else r.choice(producers[cat])
        rows.append(
            [
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
        )
    rows.sort(key=lambda x: (x[17], x[0]))
    wb = Workbook()
    wb.remove(wb.active)
    add_sheet(wb, "抽检结果", header, rows, date_cols=(6, 18))
    save_xlsx(wb, HERE / path)
    return path, len(rows)


# ============================================================================================
# transport
# ============================================================================================
STOP_SUFFIXES = [
    "站",
    "广场",
    "小区",
    "公园",
    "医院",
    "学校",
    "市场",
    "路口",
    "大桥",
    "家园",
    "花园",
    "客运站",
]


def stop_name(r, county):
    x = r.random()
    if x < 0.3:
        return r.choice(STREETS) + r.choice(["口", "站", ""])
    if x < 0.6:
        return r.choice(PLACES) + r.choice(STOP_SUFFIXES)
    if x < 0.75:
        return f"{county.short}火车站" if r.random() < 0.5 else f"{county.short}汽车站"
    return r.choice(BRANDS) + r.choice(["家园", "花园", "小区", "购物中心", "商城"])


def gen_bus_routes():
    r = rng_for("bus")
    path = "transport/bus_routes.csv"
    spec(path, "csv", encoding="utf-8-sig")
    header = [
        "线路编号",
        "线路名称",
        "所属地市",
        "起点站",
        "终点站",
        "首班时间",
        "末班时间",
        "票价（元）",
        "线路长度（公里）",
        "站点数",
        "运营单位",
        "是否空调车",
        "车辆类型",
    ]
    rows = []
    n_routes = {"230100": 260, "230200": 70, "230600": 95, "231000": 60, "230800": 50}
    for city in CITY_LIST:
        n = n_routes.get(city.code, r.randint(18, 40))
        operators = [
            f"{city.name}公共交通集团有限公司"
            if city.code in n_routes
            else f"{city.name}公共交通有限公司",
            f"{city.name.removesuffix('市')}{r.choice(BRANDS)}公交客运有限公司",
        ]
        used = set()
        for i in range(n):
            num = i + 1 if i < n * 0.8 else r.randint(100, 399)
            while num in used:
                num += 1
            used.add(num)
            label = f"{num}路"
            if num >= 100 and r.random() < 0.12:
                label = f"{num}路（夜班）"
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
            rows.append(
                [
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
            )
    write_csv(HERE / path, header, rows, encoding="utf-8-sig")
    return path, len(rows)


def gen_passenger_stations():
    r = rng_for("stations")
    path = "transport/passenger_stations.csv"
    spec(path, "csv", encoding="utf-8", delimiter=";")
    header = [
        "客运站名称",
        "站场等级",
        "所属地市",
        "所在区县",
        "地址",
        "咨询电话",
        "经营单位",
        "日均发送旅客（人次）",
        "班线数",
        "经度",
        "纬度",
    ]
    rows, seen = [], set()
    for city in CITY_LIST:
        cn = city.name[:-1] if city.name.endswith("市") else city.name
        for county in city.counties:
            n = 0 if county.is_district and r.random() < 0.5 else (1 if r.random() < 0.6 else 2)
            if county is city.counties[0]:
                n = 3 if city.code == "230100" else 2
            for k in range(n):
                if county.is_district:
                    name = [
                        f"{cn}公路客运总站",
                        f"{cn}{r.choice(['南', '北', '东', '西'])}站客运站",
                        f"{cn}{county.short}客运站",
                    ][k % 3]
                    level = "一级" if k == 0 else "二级"
                else:
                    name = (
                        f"{county.name}客运站"
                        if k == 0
                        else f"{county.name}{r.choice(PLACES)}镇客运站"
                    )
                    level = "二级" if k == 0 else r.choice(["三级", "五级", "简易车站"])
                if name in seen:
                    continue
                seen.add(name)
                daily = (
                    r.randint(2500, 9000)
                    if level == "一级"
                    else r.randint(400, 2600)
                    if level == "二级"
                    else r.randint(30, 400)
                )
                lon = city.lon + r.uniform(-0.9, 0.9) * (0.05 if county.is_district else 1)
                lat = city.lat + r.uniform(-0.7, 0.7) * (0.05 if county.is_district else 1)
                rows.append(
                    [
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
                )
    write_csv(HERE / path, header, rows, encoding="utf-8", delimiter=";")
    return path, len(rows)


# ============================================================================================
# ecology and environment
# ============================================================================================
BP = {  # HJ 633-2012 daily breakpoints, IAQI 0 50 100 150 200 300 400 500
    "SO2": [0, 50, 150, 475, 800, 1600, 2100, 2620],
    "NO2": [0, 40, 80, 180, 280, 565, 750, 940],
    "PM10": [0, 50, 150, 250, 350, 420, 500, 600],
    "CO": [0, 2, 4, 14, 24, 36, 48, 60],
    "O3": [0, 100, 160, 215, 265, 800, 1000, 1200],
    "PM2.5": [0, 35, 75, 115, 150, 250, 350, 500],
}
IAQI = [0, 50, 100, 150, 200, 300, 400, 500]


def iaqi(pol, c):
    bp = BP[pol]
    for i in range(1, len(bp)):
        if c <= bp[i]:
            return math.ceil(
                (IAQI[i] - IAQI[i - 1]) / (bp[i] - bp[i - 1]) * (c - bp[i - 1]) + IAQI[i - 1]
            )
    return 500


def gen_air_quality():
    r = rng_for("air")
    path = "ecology-environment/air_quality_daily_2024.csv"
    spec(path, "csv", encoding="utf-8")
    header = [
        "监测日期",
        "城市",
        "行政区划代码",
        "AQI",
        "空气质量级别",
        "首要污染物",
        "PM2.5(μg/m³)",
        "PM10(μg/m³)",
        "SO2(μg/m³)",
        "NO2(μg/m³)",
        "CO(mg/m³)",
        "O3_8h(μg/m³)",
    ]
    base = {
        "230100": 36,
        "230200": 30,
        "230300": 30,
        "230400": 26,
        "230500": 28,
        "230600": 27,
        "230700": 20,
        "230800": 30,
        "230900": 31,
        "231000": 28,
        "231100": 20,
        "231200": 33,
        "232700": 17,
    }
    season = [2.1, 1.6, 1.2, 1.0, 0.65, 0.55, 0.5, 0.5, 0.6, 1.05, 1.5, 2.0]
    rows = []
    for city in CITY_LIST:
        state = 0.0
        d = dt.date(2024, 1, 1)
        while d.year == 2024:
            state = 0.65 * state + r.gauss(0, 0.42)
            m = d.month - 1
            burn = 1.8 if (m in (3, 9) and r.random() < 0.12) else 1.0
            pm25 = max(3, base[city.code] * season[m] * math.exp(state) * burn)
            pm10 = pm25 * r.uniform(1.35, 1.9) + (r.uniform(5, 40) if m in (3, 4) else 0)
            heating = m in (0, 1, 2, 9, 10, 11)
            so2 = max(
                2,
                (r.uniform(12, 35) if heating else r.uniform(4, 12))
                * (1.2 if city.code in ("230300", "230400", "230500", "230900") else 1),
            )
            no2 = max(5, r.uniform(18, 42) * (1.2 if city.code == "230100" else 0.9))
            co = max(0.2, (r.uniform(0.7, 1.6) if heating else r.uniform(0.3, 0.8)))
            o3 = max(20, (r.uniform(80, 160) if m in (4, 5, 6, 7) else r.uniform(35, 95)))
            vals = {
                "PM2.5": round(pm25),
                "PM10": round(pm10),
                "SO2": round(so2),
                "NO2": round(no2),
                "CO": round(co, 1),
                "O3": round(o3),
            }
            sub = {k: iaqi(k, v) for k, v in vals.items()}
            aqi = max(sub.values())
            level = (
                "优"
                if aqi <= 50
                else "良"
                if aqi <= 100
                else "轻度污染"
                if aqi <= 150
                else "中度污染"
                if aqi <= 200
                else "重度污染"
                if aqi <= 300
                else "严重污染"
            )
            primary = (
                ""
                if aqi <= 50
                else ",".join(("O3_8h" if k == "O3" else k) for k, v in sub.items() if v == aqi)
            )
            rows.append(
                [
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
            )
            d += dt.timedelta(days=1)
    rows.sort(key=lambda x: (x[0], x[2]))
    write_csv(HERE / path, header, rows, encoding="utf-8")
    return path, len(rows)


WATER_SECTIONS = [
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
WATER_CLASSES = ["Ⅰ类", "Ⅱ类", "Ⅲ类", "Ⅳ类", "Ⅴ类", "劣Ⅴ类"]


def gen_water_quality():
    r = rng_for("water")
    path = "ecology-environment/surface_water_quality_2024.xlsx"
    spec(path, "xlsx")
    header = [
        "断面名称",
        "所在水体",
        "所属流域",
        "所属地市",
        "监测日期",
        "水质类别",
        "水质目标",
        "是否达标",
        "溶解氧（mg/L）",
        "高锰酸盐指数（mg/L）",
        "氨氮（mg/L）",
        "总磷（mg/L）",
        "化学需氧量（mg/L）",
    ]
    city_name = {c.code: c.name for c in CITY_LIST}
    rows = []
    for basin, water, code, sections in WATER_SECTIONS:
        for sec in sections:
            target = r.choice([1, 2, 2, 2, 3, 3])  # index: Ⅱ/Ⅲ/Ⅳ
            quality = r.uniform(0.7, 1.6)  # higher = dirtier
            for month in range(1, 13):
                if (
                    month in (1, 2, 3, 12)
                    and water not in ("黑龙江", "松花江干流", "嫩江")
                    and r.random() < 0.3
                ):
                    continue  # ice-covered: not sampled
                q = quality * r.uniform(0.8, 1.25) * (1.15 if month in (7, 8) else 1.0)
                do = round(max(3.0, r.uniform(6.5, 11.5) / q**0.3), 1)
                codmn = round(2.0 * q * r.uniform(1.5, 3.2), 1)
                nh3 = round(0.25 * q**1.5 * r.uniform(0.5, 2.2), 2)
                tp = round(0.05 * q**1.4 * r.uniform(0.6, 2.0), 3)
                cod = round(codmn * r.uniform(2.6, 3.6), 1)
                cls = max(
                    0
                    if codmn <= 2
                    else 1
                    if codmn <= 4
                    else 2
                    if codmn <= 6
                    else 3
                    if codmn <= 10
                    else 4
                    if codmn <= 15
                    else 5,
                    0
                    if nh3 <= 0.15
                    else 1
                    if nh3 <= 0.5
                    else 2
                    if nh3 <= 1.0
                    else 3
                    if nh3 <= 1.5
                    else 4
                    if nh3 <= 2.0
                    else 5,
                    0
                    if tp <= 0.02
                    else 1
                    if tp <= 0.1
                    else 2
                    if tp <= 0.2
                    else 3
                    if tp <= 0.3
                    else 4
                    if tp <= 0.4
                    else 5,
                    0
                    if cod <= 15
                    else 2
                    if cod <= 20
                    else 3
                    if cod <= 30
                    else 4
                    if cod <= 40
                    else 5,
                    0 if do >= 7.5 else 1 if do >= 6 else 2 if do >= 5 else 3 if do >= 3 else 4,
                )
                day = dt.date(2024, month, r.randint(5, 20))
                rows.append(
                    [
                        f"{water.replace('干流', '')}{sec}",
                        water.replace("干流", ""),
                        basin,
                        city_name[code],
                        day,
                        WATER_CLASSES[cls],
                        WATER_CLASSES[target],
                        "是" if cls <= target else "否",
                        do,
                        codmn,
                        nh3,
                        tp,
                        cod,
                    ]
                )
    wb = Workbook()
    wb.remove(wb.active)
    add_sheet(wb, "2024年监测结果", header, rows, date_cols=(5,))
    save_xlsx(wb, HERE / path)
    return path, len(rows)


# ============================================================================================
# development and reform (price monitoring)
# ============================================================================================
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


def gen_price_monitoring():
    r = rng_for("prices")
    path = "development-reform/price_monitoring_2024.csv"
    spec(path, "csv", encoding="gbk")
    header = [
        "监测日期",
        "所属地市",
        "监测点",
        "商品类别",
        "商品名称",
        "规格等级",
        "计量单位",
        "零售价格（元）",
        "上期价格（元）",
        "环比（%）",
    ]
    dates = [dt.date(2024, m, d) for m in range(1, 13) for d in (5, 20)]
    rows = []
    for city in CITY_LIST:
        point = f"{city.name}{r.choice(PLACES)}农贸市场"
        cf = r.uniform(0.94, 1.07) * (1.05 if city.code in ("232700", "231100") else 1.0)
        for cat, item, grade, unit, base, seasonal in PRICE_ITEMS:
            walk = 0.0
            prev = None
            for i, d in enumerate([dt.date(2023, 12, 20)] + dates):
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
                            item,
                            grade,
                            unit,
                            f"{p:.2f}",
                            f"{prev:.2f}",
                            f"{change:+.2f}",
                        ]
                    )
                prev = p
    rows.sort(key=lambda x: (x[0], x[1]))
    write_csv(HERE / path, header, rows, encoding="gbk", newline="\r\n")
    return path, len(rows)


# ============================================================================================
# housing and urban-rural development
# ============================================================================================
def gen_construction_permits():
    r = rng_for("permits")
    path = "housing/construction_permits.csv"
    spec(path, "csv", encoding="utf-8-sig")
    header = [
        "施工许可证编号",
        "项目名称",
        "建设单位",
        "建设单位统一社会信用代码",
        "建设地址",
        "所属地市",
        "所在区县",
        "施工总承包单位",
        "监理单位",
        "合同价格（万元）",
        "建筑面积（平方米）",
        "合同开工日期",
        "合同竣工日期",
        "发证日期",
        "发证机关",
    ]
    rows, seen_co, seq = [], set(), {}
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
    for _ in range(720):
        county = r.choice(
            COUNTY_LIST + [c for c in COUNTY_LIST if c.city.code in ("230100", "230600")]
        )
        cn = county.city.name
        x = r.random()
        if x < 0.4:
            owner = company_name(r, county, "房地产开发", seen_co)
            project = (
                f"{r.choice(BRANDS)}·{r.choice(['华府', '嘉园', '壹号院', '悦府', '名苑', '江畔'])}"
                f"（{r.choice(['一', '二', '三'])}期）{r.randint(1, 18)}#-{r.randint(19, 40)}#楼"
            )
            area = r.randint(8000, 160000)
            price_per = r.uniform(0.18, 0.32)
        elif x < 0.6:
            owner = f"{cn if county.is_district else county.name}住房和城乡建设局"
            zone = f"{r.choice(PLACES)}{r.choice(['小区', '片区', '街区'])}"
            project = f"{county.name}{zone}老旧小区改造工程"
            area = r.randint(20000, 300000)
            price_per = r.uniform(0.02, 0.05)
        elif x < 0.8:
            owner = f"{cn if county.is_district else county.name}教育局"
            building = r.choice(["教学楼", "综合楼", "风雨操场", "学生宿舍楼"])
            project = f"{county.name}第{r.choice('一二三四五六')}中学{building}建设项目"
            area = r.randint(3000, 22000)
            price_per = r.uniform(0.25, 0.45)
        else:
            owner = company_name(
                r, county, r.choice(["食品", "农业发展", "新材料", "物流", "热电"]), seen_co
            )
            short = owner.replace("有限责任公司", "").replace("有限公司", "")
            building = r.choice(["生产车间", "仓储物流中心", "综合办公楼", "厂房及配套设施"])
            project = f"{short}{building}项目"
            area = r.randint(2000, 60000)
            price_per = r.uniform(0.15, 0.3)
        start = rand_date(r, dt.date(2023, 4, 1), dt.date(2024, 10, 31))
        if start.month in (11, 12, 1, 2, 3):  # little construction in the cold season
            start = dt.date(start.year, r.randint(4, 10), r.randint(1, 28))
        issued = start - dt.timedelta(days=r.randint(2, 25))
        finish = start + dt.timedelta(days=r.randint(150, 900))
        key = (county.code, issued.year)
        seq[key] = seq.get(key, 0) + 1
        organ = f"{cn}住房和城乡建设局" if county.is_district else f"{county.name}住房和城乡建设局"
        rows.append(
            [
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
        )
    rows.sort(key=lambda x: x[0])
    write_csv(HERE / path, header, rows, encoding="utf-8-sig")
    return path, len(rows)


PUBLIC_RENTAL = []


def gen_public_rental_projects():
    r = rng_for("public-rental")
    path = "housing/public_rental_projects.csv"
    spec(path, "csv", encoding="utf-8")
    header = [
        "项目名称",
        "所属地市",
        "所在区县",
        "项目地址",
        "房源总套数",
        "已分配套数",
        "户型面积（平方米）",
        "租金标准（元/平方米·月）",
        "竣工年份",
        "管理单位",
        "咨询电话",
    ]
    rows, seen = [], set()
    for county in COUNTY_LIST:
        for _ in range(r.randint(1, 3) if county.is_district else r.randint(1, 2)):
            kind = r.choice(["公租房小区", "公共租赁住房项目", "保障性住房小区"])
            name = f"{county.short}{r.choice(PLACES)}{kind}"
            if name in seen:
                continue
            seen.add(name)
            total = r.randint(80, 1600)
            allocated = int(total * r.uniform(0.7, 1.0))
            lo = r.choice([35, 38, 40, 45])
            PUBLIC_RENTAL.append((name, county))
            manager = (
                f"{county.city.name if county.is_district else county.name}住房保障中心"
                if r.random() < 0.6
                else company_name(r, county, "物业管理", set())
            )
            rows.append(
                [
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
            )
    write_csv(HERE / path, header, rows, encoding="utf-8")
    return path, len(rows)


def gen_public_rental_allocation():
    r = rng_for("public-rental-allocation")
    path = "housing/public_rental_allocation_2024.csv"
    spec(
        path,
        "csv",
        encoding="utf-8-sig",
        personal={"申请人姓名": "name", "申请人身份证号": "id", "联系电话": "mobile"},
    )
    header = [
        "公示批次",
        "所属地市",
        "项目名称",
        "申请人姓名",
        "申请人身份证号",
        "联系电话",
        "家庭人口",
        "保障类型",
        "配租房号",
        "分配方式",
        "公示日期",
    ]
    rows = []
    projects = [p for p in PUBLIC_RENTAL if p[1].city.code in ("230100", "231000", "230600")]
    for i, (name, county) in enumerate(projects):
        batch_date = dt.date(2024, 3 + (i % 8), r.randint(5, 25))
        batch = f"{county.city.name}2024年第{i % 8 + 1}批公租房配租"
        rooms = set()
        for _ in range(r.randint(6, 24)):
            kind = r.choices(["实物配租", "租赁补贴"], [75, 25])[0]
            room = ""
            if kind == "实物配租":
                while True:
                    building, entrance = r.randint(1, 12), r.randint(1, 4)
                    room = f"{building}号楼{entrance}单元{r.randint(1, 18)}{r.randint(1, 4):02d}"
                    if room not in rooms:
                        rooms.add(room)
                        break
            rows.append(
                [
                    batch,
                    county.city.name,
                    name,
                    person_name(r),
                    id_number(r, county.code, 1955, 2001),
                    mobile(r),
                    str(r.choices([1, 2, 3, 4, 5], [25, 30, 30, 10, 5])[0]),
                    kind,
                    room,
                    r.choice(["摇号", "轮候"]),
                    fmt_date(batch_date, "iso"),
                ]
            )
    write_csv(HERE / path, header, rows, encoding="utf-8-sig")
    return path, len(rows)


# ============================================================================================
# culture and tourism
# ============================================================================================
def gen_cultural_venues():
    r = rng_for("culture")
    path = "culture-tourism/cultural_venues.json"
    spec(path, "json", records="records")
    recs = []

    def add(name, typ, grade, county, area, books, opened, free=True):
        recs.append(
            {
                "场馆名称": name,
                "场馆类型": typ,
                "评估等级": grade,
                "所属地市": county.city.name,
                "所在区县": county.name,
                "地址": address(r, county),
                "开放时间": r.choice(
                    [
                        "周二至周日 9:00-17:00（周一闭馆）",
                        "周一至周日 8:30-17:30",
                        "周二至周日 9:00-16:30，法定节假日正常开放",
                        "周三至周日 9:00-16:00",
                    ]
                ),
                "联系电话": landline(r, county.city),
                "免费开放": free,
                "建筑面积（平方米）": area,
                "藏书量（万册）": books,
                "开馆年份": opened,
            }
        )

    hrb = CITY_LIST[0].counties[1]
    add("黑龙江省图书馆", "公共图书馆", "一级馆", hrb, 48000, 489.6, 1958)
    add("黑龙江省博物馆", "博物馆", "一级馆", hrb, 25000, None, 1906)
    add("黑龙江省美术馆", "美术馆", "一级馆", CITY_LIST[0].counties[0], 12000, None, 1983)
    add("黑龙江省群众艺术馆", "文化馆", "一级馆", hrb, 15000, None, 1955)
    for city in CITY_LIST:
        seat = city.counties[0]
        cn = city.name
        add(
            f"{cn}图书馆",
            "公共图书馆",
            r.choice(["一级馆", "一级馆", "二级馆"]),
            seat,
            r.randint(8000, 30000),
            round(r.uniform(40, 180), 1),
            r.randint(1950, 1990),
        )
        add(
            f"{cn}群众艺术馆",
            "文化馆",
            r.choice(["一级馆", "二级馆"]),
            seat,
            r.randint(3000, 12000),
            None,
            r.randint(1953, 1985),
        )
        add(
            f"{cn}博物馆",
            "博物馆",
            r.choice(["二级馆", "三级馆", "一级馆"]),
            seat,
            r.randint(4000, 20000),
            None,
            r.randint(1960, 2015),
        )
        if r.random() < 0.5:
            add(
                f"{cn}美术馆",
                "美术馆",
                "未定级",
                seat,
                r.randint(1500, 8000),
                None,
                r.randint(1990, 2018),
            )
        for county in city.counties:
            if county.is_district and r.random() < 0.5:
                continue
            base = city.name + county.name if county.is_district else county.name
            add(
                f"{base}图书馆",
                "公共图书馆",
                r.choice(["一级馆", "二级馆", "三级馆", "未定级"]),
                county,
                r.randint(1200, 8000),
                round(r.uniform(6, 40), 1),
                r.randint(1956, 2012),
            )
            add(
                f"{base}文化馆",
                "文化馆",
                r.choice(["一级馆", "二级馆", "三级馆", "未定级"]),
                county,
                r.randint(800, 6000),
                None,
                r.randint(1950, 2010),
            )
            if not county.is_district:
                for t in towns(r, county, r.randint(1, 3)):
                    add(
                        f"{county.name}{t}综合文化站",
                        "乡镇综合文化站",
                        "未定级",
                        county,
                        r.randint(300, 1200),
                        round(r.uniform(0.3, 1.5), 1),
                        r.randint(2008, 2020),
                    )
            if r.random() < 0.15:
                add(
                    f"{base}{r.choice(BRANDS)}民俗博物馆",
                    "博物馆",
                    "未定级",
                    county,
                    r.randint(500, 3000),
                    None,
                    r.randint(2005, 2022),
                    free=r.random() < 0.5,
                )
    write_json(
        HERE / path,
        {"total": len(recs), "updateTime": "2024-06-30 18:00:00", "records": recs},
        records="records",
    )
    return path, len(recs)


GENERATORS = [
    gen_hospitals,
    gen_vaccination,
    gen_schools,
    gen_kindergartens,
    gen_elderly_care,
    gen_dibao_statistics,
    gen_dibao_recipients,
    gen_social_organizations,
    gen_employment_agencies,
    gen_job_fairs,
    gen_pharmacies,
    gen_licensing,
    gen_penalties,
    gen_food_sampling,
    gen_bus_routes,
    gen_passenger_stations,
    gen_air_quality,
    gen_water_quality,
    gen_price_monitoring,
    gen_construction_permits,
    gen_public_rental_projects,
    gen_public_rental_allocation,
    gen_cultural_venues,
]


# ============================================================================================
# Self-check
# ============================================================================================
MOBILE_RE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
ID_RE = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
ID_ANY_RE = re.compile(r"\d{17}[\dXx]")
LONG_DIGITS_RE = re.compile(r"\d{11,}")
ASCII_DIGITS = str.maketrans("０１２３４５６７８９Ｘｘ", "0123456789Xx")


def id_valid(s):
    s = s.upper()
    if not re.fullmatch(r"\d{17}[\dX]", s):
        return False
    try:
        dt.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        return False
    return id_check_char(s[:17]) == s[17]


def looks_personal(text):
    """What a screen could find in a value: mobile numbers, valid ID numbers, long digit runs."""
    t = text.translate(ASCII_DIGITS)
    found = []
    if MOBILE_RE.search(t):
        found.append("mobile")
    # any 18-character window, adjacent digits or not, that is a checksum-valid ID number
    for i in range(len(t) - 17):
        if ID_ANY_RE.fullmatch(t[i : i + 18]) and id_valid(t[i : i + 18]):
            found.append("id")
            break
    if LONG_DIGITS_RE.search(t):
        found.append("long-digits")
    return found


def cell_text(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, (dt.datetime, dt.date)):
        return v.isoformat()
    return str(v)


def decode_auto(raw):
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8"), "utf-8-sig"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("gb18030"), "gb18030"


def read_table(path, fmt, delimiter=None, sheet=None, header_row=1, records=None):
    """Return (header, rows as lists of raw values, detected encoding)."""
    path = Path(path)
    if fmt == "csv":
        text, enc = decode_auto(path.read_bytes())
        lines = text.splitlines()
        sample = "\n".join(lines[header_row - 1 : header_row + 20])
        delim = delimiter or csv.Sniffer().sniff(sample, delimiters=",\t;").delimiter
        data = list(csv.reader(io.StringIO(text), delimiter=delim))[header_row - 1 :]
        return data[0], [row for row in data[1:] if any(c.strip() for c in row)], enc
    if fmt == "xlsx":
        wb = load_workbook(path, read_only=True, data_only=True)
        ws = wb[sheet] if sheet else next(s for s in wb.worksheets if s.sheet_state == "visible")
        data = [list(row) for row in ws.iter_rows(min_row=header_row, values_only=True)]
        wb.close()
        header = [cell_text(h) for h in data[0]]
        return header, [row for row in data[1:] if any(c not in (None, "") for c in row)], "xlsx"
    if fmt == "json":
        obj = json.loads(path.read_text(encoding="utf-8"))
        for part in records.split(".") if records else []:
            obj = obj[part]
        header = []
        for rec in obj:
            for k in rec:
                if k not in header:
                    header.append(k)
        return header, [[rec.get(k) for k in header] for rec in obj], "utf-8"
    raise ValueError(fmt)


DATE_RES = [
    re.compile(p)
    for p in (
        r"(\d{4})-(\d{1,2})-(\d{1,2})",
        r"(\d{4})/(\d{1,2})/(\d{1,2})",
        r"(\d{4})\.(\d{1,2})\.(\d{1,2})",
        r"(\d{4})年(\d{1,2})月(\d{1,2})日",
    )
]
BOOLEANS = {"是", "否", "true", "false", "True", "False", "1", "0", "Y", "N", "有", "无"}


def value_ok(v, typ):
    if v is None or (isinstance(v, str) and not v.strip()):
        return True
    if typ == "string":
        return True
    if typ == "boolean":
        return isinstance(v, bool) or str(v).strip() in BOOLEANS
    if typ in ("integer", "number", "year"):
        if isinstance(v, bool):
            return False
        if isinstance(v, (int, float)):
            return typ != "integer" or float(v).is_integer()
        s = str(v).strip().translate(ASCII_DIGITS).replace(",", "")
        if typ == "year":
            return bool(re.fullmatch(r"\d{4}", s))
        return bool(
            re.fullmatch(r"[+-]?\d+" if typ == "integer" else r"[+-]?(\d+(\.\d*)?|\.\d+)", s)
        )
    if typ == "date":
        if isinstance(v, (dt.date, dt.datetime)):
            return True
        s = str(v).strip()
        for rx in DATE_RES:
            m = rx.fullmatch(s)
            if m:
                try:
                    dt.date(*map(int, m.groups()))
                    return True
                except ValueError:
                    return False
        return False
    if typ == "datetime":
        if isinstance(v, dt.datetime):
            return True
        return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?", str(v).strip()))
    return False


def check_files():
    """Re-read every written file and assert the personal-data rules on it."""
    problems = []
    for rel, sp in SPECS.items():
        header, rows, enc = read_table(
            HERE / rel, sp["format"], sp["delimiter"], sp["sheet"], sp["header_row"], sp["records"]
        )
        if sp["format"] == "csv":
            want = {"utf-8-sig": "utf-8-sig", "utf-8": "utf-8", "gbk": "gb18030"}[sp["encoding"]]
            if enc != want:
                problems.append(f"{rel}: read as {enc}, expected {want}")
        if len(set(header)) != len(header):
            problems.append(f"{rel}: duplicate column headers")
        for col in sp["personal"]:
            if col not in header:
                problems.append(f"{rel}: personal column {col!r} missing")
        for j, col in enumerate(header):
            kind = sp["personal"].get(col)
            for row in rows:
                text = cell_text(row[j] if j < len(row) else None)
                if kind is None:
                    found = looks_personal(text)
                    if found:
                        problems.append(
                            f"{rel}: column {col!r} holds {found} (row {rows.index(row) + 2})"
                        )
                        break
                elif text and kind == "id" and not id_valid(text):
                    problems.append(f"{rel}: column {col!r}: invalid ID number")
                    break
                elif text and kind == "mobile" and not MOBILE_RE.fullmatch(text):
                    problems.append(f"{rel}: column {col!r}: invalid mobile number")
                    break
    return problems


def check_catalogue():
    """Check catalogue.yaml's entries against the files (needs PyYAML; skipped without it)."""
    try:
        import yaml
    except ImportError:
        return None
    cat_path = REPO / "catalogue.yaml"
    if not cat_path.exists():
        return None
    cat = yaml.safe_load(cat_path.read_text(encoding="utf-8"))
    problems = []
    id_re, field_re = (
        re.compile(r"^[a-z0-9][a-z0-9_-]{1,99}$"),
        re.compile(r"^[a-z][a-z0-9_]{0,62}$"),
    )
    areas = {a["id"] for a in cat["areas"]}
    depts = {d["id"] for d in cat["departments"]}
    for a in cat["areas"] + cat["departments"]:
        if not id_re.match(a["id"]) or not a.get("name"):
            problems.append(f"bad area/department {a}")
    seen_ids, used_paths = set(), set()
    for ds in cat["datasets"]:
        did = ds["id"]
        where = f"datasets[{did}]"
        if not id_re.match(did) or did in seen_ids:
            problems.append(f"{where}: bad or duplicate id")
        seen_ids.add(did)
        for key in ("title", "department", "area", "open", "update"):
            if not ds.get(key):
                problems.append(f"{where}: missing {key}")
        if ds.get("department") not in depts:
            problems.append(f"{where}: unknown department {ds.get('department')}")
        if ds.get("area") not in areas:
            problems.append(f"{where}: unknown area {ds.get('area')}")
        if ds["open"] not in ("open", "conditional", "closed"):
            problems.append(f"{where}: bad open")
        if ds["open"] != "open" and not ds.get("reason"):
            problems.append(f"{where}: {ds['open']} needs a reason")
        if ds["update"] not in (
            "realtime",
            "daily",
            "weekly",
            "monthly",
            "quarterly",
            "half-yearly",
            "yearly",
            "irregular",
        ):
            problems.append(f"{where}: bad update")
        if ds.get("license", "cc-by-4.0") not in (
            "cc-by-4.0",
            "cc-by-sa-4.0",
            "cc0-1.0",
            "odc-by",
            "odc-pddl",
            "gov-open",
        ):
            problems.append(f"{where}: bad license")
        if ds["open"] == "closed":
            continue
        src = ds["source"]
        rel = Path(src["path"]).relative_to("sources").as_posix()
        used_paths.add(rel)
        if rel not in SPECS:
            problems.append(f"{where}: source {src['path']} is not generated")
            continue
        sp = SPECS[rel]
        fmt = src.get("format") or Path(rel).suffix.lstrip(".")
        header, rows, _ = read_table(
            HERE / rel,
            fmt,
            src.get("delimiter"),
            src.get("sheet"),
            src.get("header_row", 1),
            src.get("records"),
        )
        declared = set()
        names = set()
        for k, f in enumerate(ds["fields"]):
            fw = f"{where}.fields[{k}]"
            if not field_re.match(f["name"]) or f["name"] in names:
                problems.append(f"{fw}: bad or duplicate name {f['name']}")
            names.add(f["name"])
            if f["type"] not in (
                "string",
                "integer",
                "number",
                "date",
                "datetime",
                "boolean",
                "year",
            ):
                problems.append(f"{fw}: bad type {f['type']}")
            col = f.get("source") or (f["title"] if f["title"] in header else f["name"])
            if col not in header:
                problems.append(f"{fw}: column {col!r} not in {rel}")
                continue
            declared.add(col)
            j = header.index(col)
            values = [row[j] if j < len(row) else None for row in rows]
            if col in sp["personal"] and f.get("sensitive") not in ("drop", "mask"):
                problems.append(f"{fw}: personal column {col!r} must be sensitive")
            if f.get("sensitive") not in ("drop", "mask"):
                bad = sum(1 for v in values if looks_personal(cell_text(v)))
                if bad:
                    problems.append(f"{fw}: {bad} rows look like personal data")
            bad = sum(1 for v in values if not value_ok(v, f["type"]))
            if bad:
                problems.append(f"{fw}: {bad} values not valid as {f['type']}")
            if f.get("required") and any(cell_text(v).strip() == "" for v in values):
                problems.append(f"{fw}: required but has empty values")
        pk = ds.get("primary_key")
        if pk:
            cols = []
            for p in pk:
                f = next((f for f in ds["fields"] if f["name"] == p), None)
                if f is None:
                    problems.append(f"{where}: primary key field {p} not declared")
                    break
                cols.append(
                    header.index(
                        f.get("source") or (f["title"] if f["title"] in header else f["name"])
                    )
                )
            else:
                keys = [tuple(cell_text(row[j]) for j in cols) for row in rows]
                if len(set(keys)) != len(keys):
                    problems.append(f"{where}: primary key {pk} not unique")
    for rel in SPECS:
        if rel not in used_paths:
            problems.append(f"sources/{rel} is not used by any dataset")
    return problems


def main(argv):
    for gen in GENERATORS:
        path, n = gen()
        size = (HERE / path).stat().st_size
        print(f"  wrote sources/{path:<50} {n:>6} rows {size / 1024:>7.1f} KiB")
    problems = check_files()
    cat_problems = check_catalogue()
    if cat_problems is None:
        print("self-check: catalogue check skipped (no PyYAML or no catalogue.yaml)")
    else:
        problems += cat_problems
    if problems:
        print("self-check FAILED:")
        for p in problems:
            print("  -", p)
        return 1
    total = sum((HERE / p).stat().st_size for p in SPECS)
    print(
        f"self-check passed: {len(SPECS)} files, {total / 1024 / 1024:.2f} MiB, personal data only "
        f"in declared personal columns"
        + ("" if cat_problems is None else "; catalogue.yaml consistent")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
