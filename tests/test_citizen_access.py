"""Conditional datasets: apply with the form, the department approves with the CLI, and the token
unlocks that dataset's downloads only."""

import re

import requests
from citizen_site import Browser
from helpers import run_portal


def conditional(site) -> list[str]:
    return [d.id for d in site.directory.datasets if d.open == "conditional"]


def apply(site, name: str) -> int:
    browser = Browser(site.url)
    token = browser.csrf_from(f"/dataset/{name}/apply")
    sent = browser.post(
        f"/dataset/{name}/apply",
        {
            "applicant": "某某大学社会保障研究中心 025-1234",
            "purpose": "研究全省低保覆盖率的区域差异。",
            "csrf_token": token,
        },
    )
    assert sent.status_code == 200, sent.text[-500:]
    return int(re.search(r"编号 (\d+)", sent.text).group(1))


def test_citizen_access_token_unlocks_one_conditional_dataset(demo_site):
    name, other = conditional(demo_site)[:2]
    page = requests.get(f"{demo_site.url}/dataset/{name}", timeout=20).text
    assert f'href="/dataset/{name}/apply"' in page and "完整数据包 ZIP" not in page
    csv_url = f"{demo_site.url}/dataset/{name}/download/{name}.csv"
    assert requests.get(csv_url, timeout=20).status_code == 403
    number = apply(demo_site, name)
    approved = run_portal(["access", "approve", str(number)], demo_site.env)
    assert approved.returncode == 0, approved.stderr
    token = approved.stdout.strip().splitlines()[-1]
    by_header = requests.get(csv_url, headers={"Authorization": token}, timeout=20)
    assert by_header.status_code == 200 and by_header.content.startswith(b"\xef\xbb\xbf")
    assert requests.get(f"{csv_url}?token={token}", timeout=20).status_code == 200
    unlocked = requests.get(f"{demo_site.url}/dataset/{name}?token={token}", timeout=20).text
    assert "完整数据包 ZIP" in unlocked and f"token={token}" in unlocked
    other_url = f"{demo_site.url}/dataset/{other}/download/{other}.csv"
    assert requests.get(other_url, headers={"Authorization": token}, timeout=20).status_code == 403
    wrong = requests.get(csv_url, headers={"Authorization": token[:-2] + "xx"}, timeout=20)
    assert wrong.status_code == 403
    again = run_portal(["access", "approve", str(number)], demo_site.env)
    assert again.returncode == 1 and "already approved" in again.stderr


def test_citizen_access_refused_application_gives_no_token(demo_site):
    name = conditional(demo_site)[0]
    number = apply(demo_site, name)
    refused = run_portal(
        ["access", "refuse", str(number), "--reason", "用途与开放条件不符"], demo_site.env
    )
    assert refused.returncode == 0 and "refused" in refused.stdout
    listed = run_portal(["access", "list"], demo_site.env).stdout
    assert re.search(rf"#{number}\s+refused\s+{name}", listed)
    assert run_portal(["access", "approve", str(number)], demo_site.env).returncode == 1


def test_citizen_access_form_only_for_conditional_datasets(demo_site):
    opened = next(d.id for d in demo_site.directory.datasets if d.open == "open")
    assert requests.get(f"{demo_site.url}/dataset/{opened}/apply", timeout=20).status_code == 404
