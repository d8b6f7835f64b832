"""`portal serve --workers 2`: gunicorn with two worker processes answers the same as one app."""

import subprocess
import time
from pathlib import Path

import requests
from helpers import PORTAL_BIN
from postgres import free_port


def worker_pids(master: int) -> set[int]:
    children = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            children.add(int(stat.parent.name))
    return children


def wait_until_up(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read().decode(errors="replace")[-2000:]
        try:
            if requests.get(f"{url}/api/3/action/site_read", timeout=2).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):  # not up yet, or slow to start
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within 60 s")


def test_serve_with_two_gunicorn_workers(demo_site):
    port = free_port()
    process = subprocess.Popen(
        [str(PORTAL_BIN), "serve", "--workers", "2", "--port", str(port)],
        env=demo_site.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, process)
        assert len(worker_pids(process.pid)) == 2
        expected = requests.get(
            f"{demo_site.url}/api/3/action/package_search", params={"q": "医院"}, timeout=10
        ).json()["result"]
        for _ in range(12):
            got = requests.get(
                f"{url}/api/3/action/package_search", params={"q": "医院"}, timeout=10
            ).json()["result"]
            assert [p["name"] for p in got["results"]] == [p["name"] for p in expected["results"]]
            assert got["count"] == expected["count"] > 0
        page = requests.get(f"{url}/dataset?q=醫院", timeout=10)
        assert page.status_code == 200 and "医疗机构" in page.text
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert process.returncode == 0, "gunicorn stops gracefully on SIGTERM"


def test_serve_one_worker_with_threads_answers_concurrent_requests(demo_site):
    from concurrent.futures import ThreadPoolExecutor

    port = free_port()
    process = subprocess.Popen(
        [str(PORTAL_BIN), "serve", "--workers", "1", "--threads", "4", "--port", str(port)],
        env=demo_site.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    queries = [{"q": q} for q in ("医院", "醫院", "学校", "公交")] * 4

    def search(params: dict) -> tuple[int, list[str]]:
        answer = requests.get(f"{url}/api/3/action/package_search", params=params, timeout=20)
        return answer.json()["result"]["count"], [
            p["name"] for p in answer.json()["result"]["results"]
        ]

    try:
        wait_until_up(url, process)
        (worker,) = worker_pids(process.pid)
        expected = [search(p) for p in queries[:4]]
        with ThreadPoolExecutor(max_workers=8) as pool:
            answers = list(pool.map(search, queries))
        assert answers == expected * 4
        assert expected[0][0] > 0 and expected[0] == expected[1]  # 醫院 folds to 医院
        threads = len(list(Path(f"/proc/{worker}/task").iterdir()))
        assert threads >= 4, f"the worker answers with its thread pool ({threads} threads)"
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert process.returncode == 0
