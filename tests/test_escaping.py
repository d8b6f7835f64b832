"""Values from a source are shown as text, never as markup."""

import requests
from helpers import (
    HOSPITAL_HEADER,
    dataset_entry,
    hospital_rows,
    portal_env,
    run_portal,
    serve,
    write_catalogue,
    write_csv,
)

from portal import create_app

HEADER = HOSPITAL_HEADER
SCRIPT = "<script>alert('x')</script>"


def test_escaping_titles_and_cells_from_sources(tmp_path):
    rows = hospital_rows(5)
    rows[0][1] = f'<img src=x onerror="alert(1)">{SCRIPT}'
    write_csv(tmp_path / "h.csv", HEADER, rows)
    entry = dataset_entry("hospitals", "h.csv", title=f"医院{SCRIPT}", summary=f"摘要{SCRIPT}")
    catalogue = write_catalogue(tmp_path, [entry])
    env = portal_env(catalogue, tmp_path / "var")
    assert run_portal(["harvest", "--all"], env).returncode == 0
    app = create_app(
        {"CATALOGUE": str(catalogue), "DATA_DIR": str(tmp_path / "var"), "DATABASE_URL": ""}
    )
    with serve(app) as url:
        for path in ("/", "/dataset", "/dataset/hospitals", "/dataset?q=医院", "/directory"):
            html = requests.get(f"{url}{path}", timeout=10).text
            assert "<script>alert" not in html and "<img src=x" not in html, path
        page = requests.get(f"{url}/dataset/hospitals", timeout=10).text
        assert "&lt;script&gt;alert(" in page and "&lt;img src=x" in page
