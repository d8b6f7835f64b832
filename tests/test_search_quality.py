"""Search quality: every citizen query in search_quality.yaml finds what it means in its top 5."""

import ckanapi
import pytest
from search_quality import evaluate, load_cases, summary


@pytest.fixture(scope="module")
def outcomes(demo_site):
    with ckanapi.RemoteCKAN(demo_site.url) as ckan:

        def search(q: str) -> list[str]:
            found = ckan.action.package_search(q=q, rows=1000)
            return [p["name"] for p in found["results"]]

        yield evaluate(search)


def test_search_quality_set_is_large_and_names_real_datasets(demo_site):
    cases = load_cases()
    assert len(cases) >= 40
    published = {d.id for d in demo_site.directory.datasets if d.open != "closed"}
    for case in cases:
        assert case.expect and set(case.expect + case.also) <= published, case.q


def test_search_quality_every_query_finds_its_datasets_in_the_top_5(outcomes):
    figures = summary(outcomes)
    print("\nsearch quality:", {k: round(v, 3) for k, v in figures.items()})
    failures = {o.case.q: (o.missing_from_top, o.top) for o in outcomes if o.missing_from_top}
    assert failures == {}
    assert figures["recall"] == 1.0


def test_search_ranks_title_above_keywords_above_field_titles(demo_site):
    # Read from catalogue.yaml: 许可 is in two titles, in the pharmacies' keywords (药品经营许可)
    # and only in a field title of the employment agencies (人力资源服务许可证编号).
    with ckanapi.RemoteCKAN(demo_site.url) as ckan:
        names = [p["name"] for p in ckan.action.package_search(q="许可", rows=100)["results"]]
    assert set(names[:2]) == {"licensing-decisions", "construction-permits"}
    assert names.index("pharmacies") < names.index("employment-service-agencies")


def test_search_snippet_marks_the_source_text_of_a_traditional_query(demo_site):
    with ckanapi.RemoteCKAN(demo_site.url) as ckan:
        found = ckan.action.package_search(q="醫院", rows=5)["results"]
    hospitals = next(p for p in found if p["name"] == "hospitals")
    shown = hospitals["search_snippet"]
    assert shown["field"] == "summary" and shown["text"] in hospitals["notes"]
    assert [shown["text"][s:e] for s, e in shown["matches"]] == ["医院", "医院"]
    assert shown["html"].count("<mark>医院</mark>") == 2
    assert "search_snippet" not in ckan_without_q(demo_site)[0]


def ckan_without_q(site) -> list[dict]:
    with ckanapi.RemoteCKAN(site.url) as ckan:
        return ckan.action.package_search(rows=1)["results"]


def test_search_refuses_a_query_of_too_many_words(demo_site):
    with ckanapi.RemoteCKAN(demo_site.url) as ckan:
        assert ckan.action.package_search(q=" ".join(["医院"] * 30))["count"] >= 1
        with pytest.raises(ckanapi.SearchQueryError):
            ckan.action.package_search(q=" ".join(str(n) for n in range(40)))


def test_search_page_marks_what_a_traditional_query_found(demo_site):
    import requests

    page = requests.get(f"{demo_site.url}/dataset", params={"q": "醫院"}, timeout=10).text
    assert "<mark>医院</mark>" in page and "全省医疗机构名录" in page
