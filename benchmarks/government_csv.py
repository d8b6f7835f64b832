"""A realistic, large government CSV for the packaging benchmark: 行政许可 (licensing) decisions.

About 650 bytes a row: Chinese text, credit codes with valid check characters, dates in the
formats departments really use, amounts with thousands separators, region codes. Deterministic
for a given row count; written once and reused from the cache folder.
"""

import csv
import datetime as dt
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "sources"))

from demo.common import (  # noqa: E402  (sources/ is not a package on the import path)
    COUNTY_LIST,
    address,
    company_code,
    company_name,
    fmt_date,
    rand_date,
)

HEADERS = [
    "行政许可决定文书号",
    "项目名称",
    "审批类别",
    "许可内容",
    "行政相对人名称",
    "统一社会信用代码",
    "许可证书名称",
    "许可编号",
    "许可决定日期",
    "有效期自",
    "有效期至",
    "许可机关",
    "注册资本(万元)",
    "经营场所",
    "行政区划代码",
    "数据更新时间",
    "备注",
]
FIELDS = [
    ("decision_no", "string"),
    ("item", "string"),
    ("category", "string"),
    ("content", "string"),
    ("holder", "string"),
    ("holder_code", "string"),
    ("certificate", "string"),
    ("licence_no", "string"),
    ("decided_on", "date"),
    ("valid_from", "date"),
    ("valid_to", "date"),
    ("authority", "string"),
    ("capital", "number"),
    ("premises", "string"),
    ("region_code", "string"),
    ("updated_at", "datetime"),
    ("note", "string"),
]
ITEMS = [
    ("食品经营许可证核发", "食品经营许可证", "JY"),
    ("食品生产许可证核发", "食品生产许可证", "SC"),
    ("药品经营许可证核发", "药品经营许可证", "YJ"),
    ("医疗器械经营许可", "医疗器械经营许可证", "QX"),
    ("特种设备使用登记", "特种设备使用登记证", "TS"),
    ("工业产品生产许可证核发", "全国工业产品生产许可证", "XK"),
]
CATEGORIES = ["普通", "特许", "认可", "核准", "登记"]
ACTIVITIES = [
    "预包装食品（含冷藏冷冻食品）销售",
    "散装食品（不含冷藏冷冻食品）销售",
    "热食类食品制售",
    "冷食类食品制售",
    "保健食品销售",
    "特殊医学用途配方食品销售",
    "婴幼儿配方乳粉销售",
    "自制饮品制售",
    "糕点类食品制售（含裱花蛋糕）",
    "网络经营",
]
START, END = dt.date(2019, 1, 1), dt.date(2024, 12, 31)
NOTES = ["", "", "", "", "延续", "变更经营场所", "变更法定代表人", "补发", "注销后重新申请"]


def write_csv(path: Path, rows: int, seed: int = 20241128) -> Path:
    """Write `rows` licensing decisions to `path` (UTF-8, comma-separated) and return it."""
    r = random.Random(seed)
    seen: set[str] = set()
    holders = []
    for _ in range(20_000):
        county = r.choice(COUNTY_LIST)
        industry = r.choice(["食品", "商贸", "餐饮管理", "医药", "生物科技", "超市"])
        holders.append(
            (
                company_name(r, county, industry, seen),
                company_code(r, county),
                address(r, county),
                county,
            )
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    with partial.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(HEADERS)
        for n in range(1, rows + 1):
            out.writerow(_row(r, n, holders))
    partial.rename(path)
    return path


def _row(r: random.Random, n: int, holders: list) -> list[str]:
    name, code, premises, county = holders[n % len(holders)]
    item, certificate, prefix = r.choice(ITEMS)
    decided = rand_date(r, START, END)
    activities = "；".join(r.sample(ACTIVITIES, r.randint(2, 5)))
    content = (
        f"经审查，{name}申请的{item}事项符合法定条件和标准，准予许可。经营项目：{activities}。"
    )
    return [
        f"黑市监许〔{decided.year}〕第{n:07d}号",
        item,
        r.choice(CATEGORIES),
        content,
        name,
        code,
        certificate,
        f"{prefix}{county.code}{n:08d}",
        fmt_date(decided, r.choice(("iso", "iso", "iso", "cn", "dot", "slash"))),
        fmt_date(decided, "iso"),
        fmt_date(decided + dt.timedelta(days=5 * 365), "iso"),
        county.city.name + "市场监督管理局",
        f"{r.randint(10, 500_000) / 100:,.2f}",
        premises,
        county.code,
        f"{decided:%Y-%m-%d} {r.randint(8, 17):02d}:{r.randint(0, 59):02d}:00",
        r.choice(NOTES),
    ]


if __name__ == "__main__":
    target = Path(sys.argv[1])
    write_csv(target, int(sys.argv[2]))
    print(f"{target}: {target.stat().st_size / 1e6:.1f} MB")
