"""Test data builders: catalogues, source files and personal data that passes its checksums."""

import csv
import io
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml
from werkzeug.serving import make_server

REPO = Path(__file__).resolve().parents[1]
PORTAL_BIN = Path(sys.executable).parent / "portal"
FRICTIONLESS_BIN = Path(sys.executable).parent / "frictionless"
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def resident_id(first17: str) -> str:
    """Append the GB 11643 check character to 17 digits (written here independently of the code)."""
    remainder = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True)) % 11
    return first17 + "10X98765432"[remainder]


def luhn_ok(number: str) -> bool:
    digits = [int(d) for d in reversed(number)]
    return (
        sum(d if i % 2 == 0 else (d * 2 - 9 if d > 4 else d * 2) for i, d in enumerate(digits)) % 10
        == 0
    )


BASE_AREAS = [
    {"id": "livelihood", "name": "民生保障", "priority": True},
    {"id": "public-services", "name": "公共服务", "priority": True},
    {"id": "market-regulation", "name": "市场监管", "priority": True},
    {"id": "transport", "name": "交通运输"},
]
BASE_DEPARTMENTS = [
    {"id": "health", "name": "黑龙江省卫生健康委员会"},
    {"id": "market", "name": "黑龙江省市场监督管理局"},
]


# The source headers of hospital_rows(), in order.
HOSPITAL_HEADER = ["机构代码", "机构名称", "所在城市", "床位数", "开业日期"]


def hospital_fields(**extra) -> list[dict]:
    fields = [
        {"name": "org_code", "title": "机构代码", "type": "string", "required": True},
        {"name": "name", "title": "机构名称", "type": "string"},
        {"name": "city", "title": "所在城市", "type": "string"},
        {"name": "beds", "title": "床位数", "type": "integer"},
        {"name": "opened", "title": "开业日期", "type": "date"},
    ]
    return fields + extra.get("more", [])


def hospital_rows(count: int = 30) -> list[list[str]]:
    cities = ["哈尔滨市", "齐齐哈尔市", "牡丹江市", "佳木斯市", "大庆市"]
    return [
        [
            f"H{i:04d}",
            f"{cities[i % 5]}第{i}人民医院",
            cities[i % 5],
            str(100 + i * 7),
            f"2019年{i % 12 + 1}月{i % 27 + 1}日",
        ]
        for i in range(1, count + 1)
    ]


def write_csv(
    path: Path,
    header: list[str],
    rows: list[list[str]],
    encoding: str = "utf-8",
    delimiter: str = ",",
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows([header, *rows])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def dataset_entry(dataset_id: str, path: str, **overrides) -> dict:
    entry = {
        "id": dataset_id,
        "title": "全省医院名录",
        "department": "health",
        "area": "public-services",
        "summary": "全省各级医院的名称、所在城市和床位数。",
        "keywords": ["医院", "医疗机构"],
        "open": "open",
        "update": "monthly",
        "primary_key": ["org_code"],
        "fields": hospital_fields(),
        "source": {"kind": "file", "path": path},
    }
    entry.update(overrides)
    return entry


def build_entry(tmp_path: Path, entry: dict, store, vectorised: bool = True):
    """Write a one-entry catalogue, harvest its file source and build the package into `store`."""
    from datapackages import build_package
    from directory import load_directory
    from harvesters import harvest

    directory = load_directory(write_catalogue(tmp_path, [entry]))
    dataset = directory.dataset(entry["id"])
    return build_package(dataset, directory, harvest(dataset), store, vectorised=vectorised)


def write_catalogue(folder: Path, datasets: list[dict], areas=None, departments=None) -> Path:
    doc = {
        "areas": areas or BASE_AREAS,
        "departments": departments or BASE_DEPARTMENTS,
        "datasets": datasets,
    }
    path = folder / "catalogue.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def portal_env(catalogue: Path, data_dir: Path, **extra: str) -> dict:
    import os

    env = dict(os.environ)
    env.update(PORTAL_CATALOGUE=str(catalogue), PORTAL_DATA_DIR=str(data_dir), **extra)
    env.pop("DATABASE_URL", None) if "DATABASE_URL" not in extra else None
    return env


def run_portal(args: list[str], env: dict, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(PORTAL_BIN), *args], env=env, capture_output=True, text=True, timeout=timeout
    )


@contextmanager
def serve(app) -> Iterator[str]:
    """Serve a WSGI app on a free loopback port in a thread; yield its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
