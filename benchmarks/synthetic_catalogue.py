"""A synthetic provincial catalogue of any size with realistic Chinese metadata, written straight
into the catalogue tables (no source files): 13 cities x 18 bureaus, 30 topics over 7 areas,
titles like 哈尔滨市2023年养老机构名录, summaries, keywords, field titles, 1-3 resources each.
About a third of the datasets mention 医院 (health topics, and other data that covers
hospitals). Deterministic for a given size.
"""

import random
from datetime import datetime, timedelta

from sqlalchemy import insert
from sqlalchemy.orm import Session

from portal.identifiers import dataset_uuid, resource_uuid
from portal.models import AreaRow, DatasetRow, DepartmentRow, ResourceRow, TagRow
from portal.search_documents import SearchDocument
from portal.search_keys import key_of
from portal.search_text import fold, pinyin

CITIES = ["哈尔滨", "齐齐哈尔", "牡丹江", "佳木斯", "大庆", "鸡西", "双鸭山"]
CITIES += ["伊春", "七台河", "鹤岗", "黑河", "绥化", "大兴安岭"]
BUREAUS = [
    ("health", "卫生健康委员会"),
    ("education", "教育局"),
    ("civil", "民政局"),
    ("hrss", "人力资源和社会保障局"),
    ("market", "市场监督管理局"),
    ("transport", "交通运输局"),
    ("ecology", "生态环境局"),
    ("housing", "住房和城乡建设局"),
    ("reform", "发展和改革委员会"),
    ("culture", "文化广电和旅游局"),
    ("tax", "税务局"),
    ("water", "水务局"),
    ("medical-insurance", "医疗保障局"),
    ("agriculture", "农业农村局"),
    ("resources", "自然资源局"),
    ("emergency", "应急管理局"),
    ("statistics", "统计局"),
    ("public-security", "公安局"),
]
AREAS = [
    ("livelihood", "民生保障"),
    ("public-services", "公共服务"),
    ("market-regulation", "市场监管"),
    ("transport", "交通运输"),
    ("environment", "生态环境"),
    ("urban-housing", "城建住房"),
    ("education-culture", "教育文化"),
]
# topic, bureau, area, keywords, field titles; health topics always mention 医院
TOPICS = [
    ("医疗机构", "health", 1, "医院 医疗机构 卫生院 床位", "机构名称 医院等级 床位数 联系电话"),
    ("预防接种门诊", "health", 1, "疫苗 接种 狂犬疫苗", "门诊名称 所属医院 接种时间"),
    ("医保定点医药机构", "medical-insurance", 0, "医保 定点医院 定点药店", "机构名称 定点类型"),
    ("二级以上医院专科能力", "health", 1, "医院 专科 医疗服务", "医院名称 专科名称 床位数"),
    ("中小学校", "education", 6, "学校 小学 中学 教育", "学校名称 办学性质 在校学生数"),
    ("幼儿园", "education", 6, "幼儿园 学前教育 普惠性", "幼儿园名称 学位数 保育教育费"),
    ("养老机构", "civil", 0, "养老 养老院 敬老院 床位", "机构名称 床位总数 收费标准"),
    ("城乡低保", "civil", 0, "低保 最低生活保障 社会救助", "统计期 低保户数 低保标准"),
    ("社会组织登记", "civil", 1, "社会组织 协会 社会团体", "组织名称 登记状态 业务范围"),
    ("招聘会", "hrss", 0, "招聘会 就业 岗位", "招聘会名称 举办地点 岗位数"),
    ("就业服务机构", "hrss", 0, "就业 找工作 职业介绍", "机构名称 服务项目 咨询电话"),
    ("重要民生商品价格", "reform", 0, "价格 物价 菜价 粮油", "商品名称 零售价格 环比"),
    ("公租房房源", "housing", 5, "公租房 保障性住房 租金", "项目名称 房源套数 租金标准"),
    ("建筑工程施工许可", "housing", 5, "施工许可 建筑工程 楼盘", "项目名称 建设单位 发证日期"),
    ("行政许可决定", "market", 2, "许可 行政许可 双公示", "许可事项 行政相对人 许可决定日期"),
    ("行政处罚决定", "market", 2, "处罚 行政处罚 罚款 双公示", "当事人名称 违法事实 罚款金额"),
    ("食品安全监督抽检", "market", 2, "食品安全 抽检 不合格食品", "食品名称 检验结果 不合格项目"),
    ("药品零售企业", "market", 2, "药店 药房 药品经营许可", "企业名称 许可证编号 有效期至"),
    ("城市公交线路", "transport", 3, "公交 公交线路 首末班", "线路名称 起点站 终点站 票价"),
    ("道路客运站", "transport", 3, "客运站 汽车站 长途客运", "客运站名称 站场等级 班线数"),
    ("城市空气质量", "ecology", 4, "空气质量 AQI PM2.5", "监测日期 AQI 首要污染物"),
    ("地表水水质", "ecology", 4, "水质 地表水 河流", "断面名称 水质类别 是否达标"),
    ("公共文化场馆", "culture", 6, "图书馆 文化馆 博物馆", "场馆名称 开放时间 免费开放"),
    ("A级旅游景区", "culture", 6, "旅游 景区 门票", "景区名称 景区等级 门票价格"),
    ("纳税信用A级纳税人", "tax", 2, "纳税信用 税务 纳税人", "纳税人名称 评价年度"),
    ("城镇供水企业", "water", 5, "供水 水价 自来水", "企业名称 供水能力 水价"),
    ("农产品质量安全检测", "agriculture", 2, "农产品 检测 农药残留", "产品名称 检测结果"),
    ("地质灾害隐患点", "resources", 4, "地质灾害 隐患点 防治", "隐患点名称 威胁人数"),
    ("应急避难场所", "emergency", 1, "应急 避难场所 疏散", "场所名称 容纳人数 地址"),
    ("国民经济主要指标", "statistics", 0, "统计 经济指标 GDP", "指标名称 本期值 同比"),
]
SUFFIXES = ["名录", "信息", "统计", "公示", "清单", "数据", "目录", "查询"]
FORMATS = ["CSV", "XLSX", "JSON"]
HOSPITAL_MENTION = "数据涉及辖区内医院、学校等重点单位。"


def departments() -> list[tuple[str, str]]:
    return [(f"{c}-{b}", f"{c}市{name}") for c in CITIES for b, name in BUREAUS]


def write_owners(session: Session) -> None:
    session.execute(
        insert(AreaRow), [{"id": a, "name": n, "position": i} for i, (a, n) in enumerate(AREAS)]
    )
    session.execute(
        insert(DepartmentRow),
        [{"id": d, "name": n, "position": i} for i, (d, n) in enumerate(departments())],
    )


def dataset(number: int, rng: random.Random) -> dict:
    """One synthetic dataset: its row values, tags, resources and search document."""
    topic, bureau, area, keywords, fields = rng.choice(TOPICS)
    city = rng.choice(CITIES)
    year = rng.randint(2016, 2025)
    title = f"{city}市{year}年{topic}{rng.choice(SUFFIXES)}"
    summary = (
        f"{city}市{topic}相关数据，{year}年按{rng.choice(['月', '季度', '年'])}更新，"
        f"包括{'、'.join(fields.split()[:3])}等信息，供群众查询和社会监督。"
    )
    if bureau != "health" and rng.random() < 0.2:
        summary += HOSPITAL_MENTION
    department = f"{city}-{bureau}"
    name = f"ds-{number:06d}"
    field_list = [
        {"name": f"f{i}", "title": t, "type": "string"} for i, t in enumerate(fields.split())
    ]
    return {
        "name": name,
        "title": title,
        "summary": summary,
        "keywords": keywords.split(),
        "department": department,
        "department_name": f"{city}市{dict(BUREAUS)[bureau]}",
        "area": AREAS[area][0],
        "area_name": AREAS[area][1],
        "city": f"{city}市",
        "year": str(year),
        "fields": field_list,
        "formats": rng.sample(FORMATS, rng.randint(1, 3)),
        "modified": datetime(2019, 1, 1) + timedelta(minutes=rng.randint(0, 3_500_000)),
    }


def descriptor(d: dict) -> dict:
    return {
        "name": d["name"],
        "title": d["title"],
        "description": d["summary"],
        "keywords": d["keywords"],
        "resources": [{"name": d["name"], "path": "data.csv", "schema": {"fields": d["fields"]}}],
        "portal": {"code": d["name"], "published": d["year"], "update": "monthly"},
    }


def rows_for(d: dict) -> tuple[dict, list[dict], list[dict]]:
    dataset_row = {
        "name": d["name"],
        "id": dataset_uuid(d["name"]),
        "title": d["title"],
        "department_id": d["department"],
        "area_id": d["area"],
        "open": "open",
        "license_id": "cc-by-4.0",
        "version": 1,
        "rows": 100,
        "metadata_created": d["modified"],
        "metadata_modified": d["modified"],
        "descriptor": descriptor(d),
        "search_title": fold(f"{d['title']} {d['name']}"),
        "search_body": fold(" ".join([d["summary"], *d["keywords"], d["department_name"]])),
    }
    tags = [{"dataset_name": d["name"], "tag": k} for k in d["keywords"]]
    resources = [
        {
            "id": resource_uuid(d["name"], fmt),
            "dataset_name": d["name"],
            "position": i,
            "name": f"{d['name']}-{fmt.lower()}",
            "format": fmt,
            "path": f"data/{d['name']}.{fmt.lower()}",
            "created": d["modified"],
            "last_modified": d["modified"],
            "fields": [],
        }
        for i, fmt in enumerate(d["formats"])
    ]
    return dataset_row, tags, resources


def key_row(d: dict) -> dict:
    return {
        "key": key_of(d["name"]),
        "name": d["name"],
        "id": dataset_uuid(d["name"]),
        "title": d["title"],
        "search_title": fold(f"{d['title']} {d['name']}"),
        "department_id": d["department"],
        "area_id": d["area"],
        "license_id": "cc-by-4.0",
        "open": "open",
        "metadata_created": d["modified"],
        "metadata_modified": d["modified"],
        "formats": " " + " ".join(sorted(d["formats"])) + " ",
    }


def document_for(d: dict) -> SearchDocument:
    return SearchDocument(
        name=d["name"],
        title=f"{d['title']} {d['name']}",
        keywords=" ".join([*d["keywords"], pinyin(" ".join([d["title"], *d["keywords"]]))]),
        summary=d["summary"],
        coverage=" ".join([d["department_name"], d["area_name"], d["city"], d["year"]]),
        fields=" ".join(f"{f['title']} {f['name']}" for f in d["fields"]),
    )


def write_catalogue(
    session: Session, size: int, batch: int = 2000
) -> list[tuple[dict, SearchDocument]]:
    """Write `size` datasets into the catalogue tables; return their search key rows and
    documents, for the caller to index."""
    rng = random.Random(size)
    write_owners(session)
    documents = []
    for start in range(0, size, batch):
        items = [dataset(n, rng) for n in range(start, min(size, start + batch))]
        rows = [rows_for(d) for d in items]
        session.execute(insert(DatasetRow), [r[0] for r in rows])
        session.execute(insert(TagRow), [t for r in rows for t in r[1]])
        session.execute(insert(ResourceRow), [x for r in rows for x in r[2]])
        documents += [(key_row(d), document_for(d)) for d in items]
    return documents
