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
