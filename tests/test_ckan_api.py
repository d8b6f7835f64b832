"""The CKAN Action API, driven by the real ckanapi client and plain HTTP against a live server."""

import json
import os
import subprocess
import sys
from pathlib import Path

import ckanapi
import pytest
import requests
from helpers import FRICTIONLESS_BIN

ACTIONS = [
    "site_read",
    "status_show",
    "package_list",
    "package_search",
    "current_package_list_with_resources",
    "organization_list",
    "group_list",
    "tag_list",
    "license_list",
]


@pytest.fixture(scope="module")
def ckan(demo_site):
    with ckanapi.RemoteCKAN(demo_site.url) as remote:
        yield remote


def published_ids(site) -> set[str]:
    return {d.id for d in site.directory.datasets if d.open != "closed"}


def test_ckan_package_list_is_every_published_dataset(demo_site, ckan):
    assert set(ckan.action.package_list()) == published_ids(demo_site)


def test_ckan_package_list_pages_partition_the_list(ckan):
    everything = ckan.action.package_list()
    pages = [ckan.action.package_list(limit=7, offset=o) for o in range(0, len(everything), 7)]
    assert [n for page in pages for n in page] == everything


def test_ckan_package_search_pages_partition_results(ckan):
    total = ckan.action.package_search(rows=0)["count"]
    seen = []
    for start in range(0, total, 6):
        seen += [
            p["name"]
            for p in ckan.action.package_search(rows=6, start=start, sort="name asc")["results"]
        ]
    assert len(seen) == total == len(set(seen))


def test_ckan_organization_facets_add_up_and_match_package_count(ckan):
    found = ckan.action.package_search(**{"facet.field": ["organization", "groups"], "rows": 0})
    assert sum(found["facets"]["organization"].values()) == found["count"]
    assert sum(found["facets"]["groups"].values()) == found["count"]
    for org in ckan.action.organization_list(all_fields=True):
        filtered = ckan.action.package_search(fq=f"organization:{org['name']}", rows=1000)
        assert (
            filtered["count"]
            == org["package_count"]
            == found["facets"]["organization"].get(org["name"], 0)
        )
        assert {p["organization"]["name"] for p in filtered["results"]} <= {org["name"]}
        assert (
            ckan.action.organization_show(id=org["name"])["package_count"] == org["package_count"]
        )
    items = found["search_facets"]["organization"]["items"]
    assert all(i["display_name"] != i["name"] for i in items), (
        "departments are shown by their Chinese names"
    )


def test_ckan_group_show_lists_its_datasets(demo_site, ckan):
    for area in demo_site.directory.areas:
        group = ckan.action.group_show(id=area.id, include_datasets=True)
        expected = {
            d.id for d in demo_site.directory.datasets if d.area == area.id and d.open != "closed"
        }
        assert {p["name"] for p in group["packages"]} == expected
        assert group["package_count"] == len(expected)


@pytest.mark.parametrize("word", ["医院", "许可", "处罚", "养老", "公交"])
def test_ckan_chinese_two_character_search(demo_site, ckan, word):
    expected = {
        d.id
        for d in demo_site.directory.datasets
        if d.open != "closed"
        and (word in d.title or word in d.summary or word in " ".join(d.keywords))
    }
    assert expected, f"the demo directory has a dataset about {word}"
    found = ckan.action.package_search(q=word, rows=100)
    names = [p["name"] for p in found["results"]]
    assert expected <= set(names)
    titled = [d.id for d in demo_site.directory.datasets if d.id in names and word in d.title]
    assert set(names[: len(titled)]) == set(titled), "title matches rank first"


def test_ckan_fq_filters_by_tags_and_res_format(ckan):
    tag = ckan.action.tag_list()[0]
    tagged = ckan.action.package_search(fq=f'tags:"{tag}"', rows=100)
    assert tagged["count"] >= 1
    assert all(tag in [t["name"] for t in p["tags"]] for p in tagged["results"])
    csv_count = ckan.action.package_search(fq="res_format:CSV", rows=0)["count"]
    with_resources = [
        p for p in ckan.action.current_package_list_with_resources(limit=1000) if p["resources"]
    ]
    assert csv_count == len(with_resources)


def test_ckan_package_show_by_name_and_id_with_resources(demo_site, ckan):
    name = sorted(d.id for d in demo_site.directory.datasets if d.open == "open")[0]
    by_name = ckan.action.package_show(id=name)
    by_id = ckan.action.package_show(id=by_name["id"])
    assert by_name == by_id
    resource = by_name["resources"][0]
    assert resource["datastore_active"] is True
    assert ckan.action.resource_show(id=resource["id"])["url"] == resource["url"]
    body = requests.get(resource["url"], timeout=10)
    assert body.status_code == 200 and len(body.content) == resource["size"]
    assert body.headers["X-Content-Type-Options"] == "nosniff"


def test_ckan_datastore_search_filters_sort_fields_and_total(demo_site, ckan):
    name = sorted(d.id for d in demo_site.directory.datasets if d.open == "open")[0]
    resource = ckan.action.package_show(id=name)["resources"][0]
    everything = ckan.action.datastore_search(resource_id=resource["id"], limit=32000)
    assert everything["total"] == len(everything["records"]) > 0
    first_text = next(f["id"] for f in everything["fields"] if f["type"] == "text")
    value = everything["records"][0][first_text]
    filtered = ckan.action.datastore_search(resource_id=resource["id"], filters={first_text: value})
    assert filtered["total"] == sum(1 for r in everything["records"] if r[first_text] == value)
    page = ckan.action.datastore_search(
        resource_id=resource["id"],
        limit=3,
        offset=2,
        fields=[first_text],
        sort=f"{first_text} desc",
    )
    assert [list(r) for r in page["records"]] == [[first_text]] * 3
    ordered = sorted((r[first_text] or "" for r in everything["records"]), reverse=True)
    assert [r[first_text] for r in page["records"]] == ordered[2:5]
    assert everything["fields"][1]["info"]["label"], "the data dictionary carries Chinese titles"


def test_ckan_datastore_q_finds_chinese_words_in_rows(demo_site, ckan):
    name = sorted(d.id for d in demo_site.directory.datasets if d.open == "open")[0]
    resource = ckan.action.package_show(id=name)["resources"][0]
    everything = ckan.action.datastore_search(resource_id=resource["id"], limit=32000)
    text_fields = [f["id"] for f in everything["fields"] if f["type"] == "text"]
    records = everything["records"]
    word = next(records[0][f][:2] for f in text_fields if records[0][f] and len(records[0][f]) >= 2)
    found = ckan.action.datastore_search(resource_id=resource["id"], q=word, limit=32000)
    expected = [r["_id"] for r in records if any(word in (r[f] or "") for f in text_fields)]
    assert 0 < len(expected) < len(records) or len(expected) == len(records)
    assert sorted(r["_id"] for r in found["records"]) == expected


def test_ckan_datastore_q_in_traditional_characters_finds_simplified_rows(demo_site, ckan):
    import zhconv

    name = sorted(d.id for d in demo_site.directory.datasets if d.open == "open")[0]
    resource = ckan.action.package_show(id=name)["resources"][0]
    records = ckan.action.datastore_search(resource_id=resource["id"], limit=32000)["records"]
    texts = [v for r in records for v in r.values() if isinstance(v, str)]
    word = next(
        t[i : i + 2]
        for t in texts
        for i in range(len(t) - 1)
        if zhconv.convert(t[i : i + 2], "zh-hant") != t[i : i + 2]
    )
    simplified = ckan.action.datastore_search(resource_id=resource["id"], q=word, limit=32000)
    traditional = ckan.action.datastore_search(
        resource_id=resource["id"], q=zhconv.convert(word, "zh-hant"), limit=32000
    )
    assert simplified["total"] > 0
    assert [r["_id"] for r in traditional["records"]] == [r["_id"] for r in simplified["records"]]


def test_ckan_errors_map_to_ckanapi_exceptions(ckan):
    with pytest.raises(ckanapi.NotFound):
        ckan.action.package_show(id="no-such-dataset")
    with pytest.raises(ckanapi.NotFound):
        ckan.action.organization_show(id="no-such-department")
    with pytest.raises(ckanapi.ValidationError) as caught:
        ckan.action.package_search(rows="many")
    assert caught.value.error_dict["rows"] == ["Invalid integer"]
    with pytest.raises(ckanapi.ValidationError):
        ckan.action.package_show()
    total = ckan.action.package_search(rows=0)["count"]
    assert len(ckan.action.package_search(rows=5000)["results"]) == min(total, 1000), "CKAN clamps"


@pytest.mark.parametrize(
    "query",
    [
        "package_list?limit=-1",
        "package_search?start=x",
        "package_search?sort=evil%20desc",
        "package_search?facet.field=notjson",
        "datastore_search?resource_id=nope",
        "datastore_search",
        "package_search?fq=owner:%22x%22",
        "organization_list?sort=drop%20table",
        "package_show?id=%00",
        "package_search?q=%25%27%22%3B--",
        "group_show?id=",
        "current_package_list_with_resources?limit=1e9",
        "package_search?start=100000000000000000000",
        "package_list?offset=99999999999999999999",
        "datastore_search?resource_id=nope&offset=1e20",
        "package_search?q=http://x",
    ],
)
def test_ckan_bad_parameters_never_answer_500(demo_site, query):
    response = requests.get(f"{demo_site.url}/api/3/action/{query}", timeout=10)
    assert response.status_code in (200, 404, 409), response.text
    body = response.json()
    assert body["success"] is (response.status_code == 200)
    if not body["success"]:
        assert body["error"]["__type"] in (
            "Validation Error",
            "Not Found Error",
            "Search Query Error",
        )


def test_ckan_unknown_action_is_400_and_both_paths_answer(demo_site):
    response = requests.get(f"{demo_site.url}/api/3/action/package_delete_everything", timeout=10)
    assert response.status_code == 400 and response.json()["success"] is False
    for prefix in ("/api/3/action", "/api/action"):
        for action in ACTIONS:
            got = requests.get(f"{demo_site.url}{prefix}/{action}", timeout=10)
            posted = requests.post(f"{demo_site.url}{prefix}/{action}", json={}, timeout=10)
            assert got.status_code == posted.status_code == 200, action
            assert got.json()["result"] == posted.json()["result"]
            assert got.json()["help"].endswith(f"help_show?name={action}")


def test_ckan_bad_json_body_is_a_clear_400(demo_site):
    response = requests.post(
        f"{demo_site.url}/api/3/action/package_search",
        data=b"{not json",
        headers={"Content-Type": "application/json"},
        timeout=10,
    )
    assert response.status_code == 400
    assert "JSON" in response.json()["error"]["message"]


def test_ckan_closed_entries_never_appear_in_the_api(demo_site, ckan):
    closed = [d for d in demo_site.directory.datasets if d.open == "closed"]
    everything = json.dumps(
        [
            ckan.action.package_list(),
            ckan.action.package_search(rows=1000),
            ckan.action.current_package_list_with_resources(limit=1000),
            [
                ckan.action.group_show(id=a.id, include_datasets=True)
                for a in demo_site.directory.areas
            ],
        ],
        ensure_ascii=False,
    )
    for entry in closed:
        assert entry.id not in everything and entry.title not in everything
        with pytest.raises(ckanapi.NotFound):
            ckan.action.package_show(id=entry.id)


def test_ckan_conditional_datasets_list_metadata_but_no_data(demo_site, ckan):
    conditional = [d for d in demo_site.directory.datasets if d.open == "conditional"]
    for entry in conditional:
        shown = ckan.action.package_show(id=entry.id)
        assert shown["resources"] == [] and shown["open_attribute"] == "conditional"
        assert shown["open_condition"] == entry.reason
        for path in ("datapackage.json", "package.zip", f"download/{entry.id}.csv"):
            assert (
                requests.get(f"{demo_site.url}/dataset/{entry.id}/{path}", timeout=10).status_code
                == 403
            )


def test_ckan_status_and_licenses(ckan):
    status = ckan.action.status_show()
    assert status["ckan_version"].startswith("2.") and status["locale_default"] == "zh_Hans_CN"
    assert ckan.action.site_read() is True
    assert "cc-by-4.0" in [lic["id"] for lic in ckan.action.license_list()]


def test_ckan_dump_datapackages_then_frictionless_validates(demo_site, tmp_path):
    """`ckanapi dump datasets --all --datapackages DIR` works unchanged; what it writes is valid."""
    out = tmp_path / "dump"
    bin_dir = Path(sys.executable).parent
    env = {**demo_site.env, "PATH": f"{bin_dir}{os.pathsep}{demo_site.env.get('PATH', '')}"}
    result = subprocess.run(
        [
            str(bin_dir / "ckanapi"),
            "dump",
            "datasets",
            "--all",
            "--datapackages",
            str(out),
            "-r",
            demo_site.url,
            "-p",
            "2",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    open_ids = {d.id for d in demo_site.directory.datasets if d.open == "open"}
    dumped = {p.name for p in out.iterdir()}
    assert open_ids <= dumped
    for name in sorted(open_ids):
        check = subprocess.run(
            [str(FRICTIONLESS_BIN), "validate", "datapackage.json"],
            cwd=out / name,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert check.returncode == 0, f"{name}: {check.stdout[-2000:]}"


def test_ckan_error_envelope_shape_is_pinned(demo_site):
    """CKAN's envelope, exactly: ckanapi and other clients parse these keys."""
    base = f"{demo_site.url}/api/3/action"
    missing = requests.get(f"{base}/package_show?id=nope", timeout=10)
    assert missing.status_code == 404
    assert missing.json() == {
        "help": f"{base}/help_show?name=package_show",
        "success": False,
        "error": {"__type": "Not Found Error", "message": "Not found"},
    }
    invalid = requests.get(f"{base}/package_list?limit=x", timeout=10)
    assert invalid.status_code == 409
    assert invalid.json()["error"] == {"__type": "Validation Error", "limit": ["Invalid integer"]}
    unknown = requests.get(f"{base}/no_such_action", timeout=10)
    assert unknown.json()["error"] == {
        "message": "Bad request - Action name not known: no_such_action"
    }
    fine = requests.get(f"{base}/site_read", timeout=10).json()
    assert list(fine) == ["help", "success", "result"] and fine["result"] is True


def test_ckan_help_show_describes_each_action(ckan):
    assert "rows (integer): results per page (default 10, max 1000)" in ckan.action.help_show(
        name="package_search"
    )
    with pytest.raises(ckanapi.NotFound):
        ckan.action.help_show(name="package_purge")


def test_ckan_harvester_style_incremental_search(ckan):
    """Another portal's CKAN harvester pages by `id asc` and asks for changes since a time."""
    everything = ckan.action.package_search(rows=1000, sort="id asc")["results"]
    assert [p["id"] for p in everything] == sorted(p["id"] for p in everything)
    newest = max(p["metadata_modified"] for p in everything)
    since = ckan.action.package_search(
        fq=f"+dataset_type:dataset metadata_modified:[{newest}Z TO *]", rows=1000
    )
    expected = {p["name"] for p in everything if p["metadata_modified"] >= newest}
    assert {p["name"] for p in since["results"]} == expected and expected
    future = ckan.action.package_search(fq="metadata_modified:[2999-01-01T00:00:00Z TO *]")
    assert future["count"] == 0
    with pytest.raises(ckanapi.SearchQueryError):
        ckan.action.package_search(fq="metadata_modified:[yesterday TO *]")


def first_resource_with(ckan, site, ckan_type: str) -> tuple[dict, str]:
    for entry in sorted(site.directory.datasets, key=lambda d: d.id):
        if entry.open != "open":
            continue
        resource = ckan.action.package_show(id=entry.id)["resources"][0]
        fields = ckan.action.datastore_search(resource_id=resource["id"], limit=0)["fields"]
        for field in fields:
            if field["type"] == ckan_type:
                return resource, field["id"]
    raise AssertionError(f"no demo resource has a {ckan_type} field")


def test_ckan_datastore_filters_on_booleans_lists_and_nulls(demo_site, ckan):
    resource, field = first_resource_with(ckan, demo_site, "bool")
    rows = ckan.action.datastore_search(resource_id=resource["id"], limit=32000)["records"]
    for value in (True, False, "true", "false"):
        wanted = value if isinstance(value, bool) else value == "true"
        found = ckan.action.datastore_search(
            resource_id=resource["id"], filters={field: value}, limit=0
        )
        assert found["total"] == sum(1 for r in rows if r[field] is wanted), value
    for odd in ("是", "maybe", 3, {"a": 1}):
        with pytest.raises(ckanapi.ValidationError):
            ckan.action.datastore_search(resource_id=resource["id"], filters={field: odd})
    nothing = ckan.action.datastore_search(resource_id=resource["id"], filters={field: []})
    assert nothing["total"] == 0
    both = ckan.action.datastore_search(
        resource_id=resource["id"], filters={field: [True, False]}, limit=0
    )
    assert both["total"] == sum(1 for r in rows if r[field] is not None)


def test_ckan_datastore_filters_on_integers_reject_out_of_range(demo_site, ckan):
    resource, field = first_resource_with(ckan, demo_site, "int")
    first = ckan.action.datastore_search(resource_id=resource["id"], limit=1)["records"][0]
    same = ckan.action.datastore_search(
        resource_id=resource["id"], filters={field: str(first[field])}
    )
    assert same["total"] >= 1
    for odd in (10**20, "1e20", "x"):
        with pytest.raises(ckanapi.ValidationError):
            ckan.action.datastore_search(resource_id=resource["id"], filters={field: odd})
    with pytest.raises(ckanapi.ValidationError):
        ckan.action.datastore_search(resource_id=resource["id"], filters={"_id": 10**20})


def test_ckan_datastore_formats_distinct_and_links(demo_site, ckan):
    resource, field = first_resource_with(ckan, demo_site, "text")
    rid = resource["id"]
    rows = ckan.action.datastore_search(resource_id=rid, limit=32000)["records"]
    csv_page = ckan.action.datastore_search(
        resource_id=rid, limit=3, records_format="csv", fields=[field]
    )
    assert csv_page["records"].splitlines() == [r[field] for r in rows[:3]]
    distinct = ckan.action.datastore_search(
        resource_id=rid, fields=[field], distinct=True, limit=32000
    )
    assert sorted(r[field] or "" for r in distinct["records"]) == sorted(
        {r[field] or "" for r in rows}
    )
    with pytest.raises(ckanapi.ValidationError):
        ckan.action.datastore_search(
            resource_id=rid, fields=[field], distinct=True, sort="_id desc"
        )
    word = next(r[field][:2] for r in rows if r[field] and len(r[field]) >= 2)
    scoped = ckan.action.datastore_search(resource_id=rid, q={field: word}, limit=32000)
    assert scoped["total"] == sum(1 for r in rows if word in (r[field] or ""))
    page = requests.get(
        f"{demo_site.url}/api/3/action/datastore_search",
        params={"resource_id": rid, "limit": 2, "q": json.dumps({field: word})},
        timeout=10,
    )
    assert page.json()["result"]["total"] == scoped["total"]
    follow = requests.get(
        demo_site.url + page.json()["result"]["_links"]["next"], timeout=10
    ).json()["result"]
    assert [r["_id"] for r in follow["records"]] == [r["_id"] for r in scoped["records"][2:4]]
    assert ckan.action.datastore_search(resource_id=rid, fields=f"{field},{field}", limit=1)[
        "fields"
    ] == [
        {
            "id": field,
            "type": "text",
            "info": scoped["fields"][[f["id"] for f in scoped["fields"]].index(field)]["info"],
        }
    ]


def test_ckan_q_understands_and_or_and_plain_text_with_colons(demo_site, ckan):
    def names(**kw):
        return {p["name"] for p in ckan.action.package_search(rows=1000, **kw)["results"]}

    assert names(q="医院 AND 名录") == names(q="医院 名录")
    either = names(q="医院 OR 公交")
    assert either == names(q="医院") | names(q="公交") and names(q="医院") and names(q="公交")
    assert names(q="http://example.org") == set()
    assert names(q="organization:health") == names(fq="organization:health")


def _raw_get(base_url: str, target: bytes) -> tuple[int, bytes]:
    """GET with the request target's bytes exactly as given (curl sends UTF-8 unencoded)."""
    import socket
    from urllib.parse import urlsplit

    where = urlsplit(base_url)
    with socket.create_connection((where.hostname, where.port), timeout=30) as sock:
        sock.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


def test_ckan_raw_utf8_query_means_the_same_as_percent_encoded(demo_site):
    word = "医院"
    encoded = requests.get(
        f"{demo_site.url}/api/3/action/package_search", params={"q": word}, timeout=30
    ).json()["result"]["count"]
    assert encoded > 0
    status, body = _raw_get(
        demo_site.url, b"/api/3/action/package_search?q=" + word.encode("utf-8")
    )
    assert status == 200
    assert json.loads(body)["result"]["count"] == encoded
    status, page = _raw_get(demo_site.url, b"/dataset?q=" + word.encode("utf-8"))
    assert status == 200 and word.encode("utf-8") in page
