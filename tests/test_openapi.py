import requests
from openapi_spec_validator import validate

from portal.ckan.actions import ACTIONS


def test_openapi_document_is_valid_and_covers_every_action(demo_site):
    document = requests.get(f"{demo_site.url}/api/openapi.json", timeout=10).json()
    validate(document)
    assert {
        p.rsplit("/", 1)[-1] for p in document["paths"] if p.startswith("/api/3/action/")
    } == set(ACTIONS)


def valid_required_values(site) -> dict[str, dict[str, str]]:
    listed = requests.get(
        f"{site.url}/api/3/action/current_package_list_with_resources?limit=1000", timeout=10
    ).json()["result"]
    package = next(p for p in listed if p["resources"])
    resource_id = package["resources"][0]["id"]
    return {
        "package_show": {"id": package["name"]},
        "organization_show": {"id": site.directory.departments[0].id},
        "group_show": {"id": site.directory.areas[0].id},
        "resource_show": {"id": resource_id},
        "datastore_search": {"resource_id": resource_id},
        "help_show": {"name": "package_show"},
    }


def test_openapi_documented_parameters_are_accepted(demo_site):
    """Every integer or boolean parameter the description names is one the server reads: a wrong
    value is refused with a 409 that names it."""
    document = requests.get(f"{demo_site.url}/api/openapi.json", timeout=10).json()
    required = valid_required_values(demo_site)
    for path, item in document["paths"].items():
        if not path.startswith("/api/3/action/"):
            continue
        action = path.rsplit("/", 1)[-1]
        for param in item["get"]["parameters"]:
            if param["schema"]["type"] not in ("integer", "boolean"):
                continue
            query = {**required.get(action, {}), param["name"]: "not-a-value"}
            response = requests.get(f"{demo_site.url}{path}", params=query, timeout=10)
            assert response.status_code == 409, (action, param["name"], response.status_code)
            assert param["name"] in response.json()["error"], (action, param["name"])


def test_openapi_help_show_reads_the_same_specs(demo_site):
    text = requests.get(
        f"{demo_site.url}/api/3/action/help_show?name=datastore_search", timeout=10
    ).json()
    assert "resource_id (string, required)" in text["result"]
