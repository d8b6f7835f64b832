"""DCAT feeds and schema.org markup, read back with a real RDF parser."""

import json
import re

import ckanapi
import pytest
import requests
from rdflib import Graph, URIRef, namespace


def fetch_graph(url: str, fmt: str) -> Graph:
    response = requests.get(url, timeout=30)
    assert response.status_code == 200, url
    graph = Graph()
    graph.parse(
        data=response.content, format={"ttl": "turtle", "jsonld": "json-ld", "rdf": "xml"}[fmt]
    )
    return graph


@pytest.mark.parametrize("fmt", ["ttl", "jsonld", "rdf"])
def test_feeds_catalog_lists_every_published_dataset_and_no_closed_one(demo_site, fmt):
    graph = fetch_graph(f"{demo_site.url}/catalog.{fmt}", fmt)
    datasets = {
        str(s).rsplit("/", 1)[-1]
        for s in graph.subjects(namespace.RDF.type, namespace.DCAT.Dataset)
    }
    assert datasets == {d.id for d in demo_site.directory.datasets if d.open != "closed"}
    catalog = next(graph.subjects(namespace.RDF.type, namespace.DCAT.Catalog))
    assert len(list(graph.objects(catalog, namespace.DCAT.dataset))) == len(datasets)


def test_feeds_dataset_distribution_is_the_ckan_resource(demo_site):
    entry = next(d for d in demo_site.directory.datasets if d.open == "open")
    with ckanapi.RemoteCKAN(demo_site.url) as ckan:
        package = ckan.action.package_show(id=entry.id)
    graph = fetch_graph(f"{demo_site.url}/dataset/{entry.id}.ttl", "ttl")
    node = URIRef(f"{demo_site.url}/dataset/{entry.id}")
    assert str(graph.value(node, namespace.DCTERMS.identifier)) == package["id"]
    titles = {str(t) for t in graph.objects(node, namespace.DCTERMS.title)}
    assert entry.title in titles
    downloads = {
        str(graph.value(d, namespace.DCAT.downloadURL))
        for d in graph.objects(node, namespace.DCAT.distribution)
    }
    assert downloads == {r["url"] for r in package["resources"]}
    publisher = graph.value(node, namespace.DCTERMS.publisher)
    assert str(publisher).endswith(f"/organization/{entry.department}")


def test_feeds_modified_since_and_paging(demo_site):
    future = fetch_graph(f"{demo_site.url}/catalog.ttl?modified_since=2999-01-01T00:00:00Z", "ttl")
    assert list(future.subjects(namespace.RDF.type, namespace.DCAT.Dataset)) == []
    assert (
        requests.get(
            f"{demo_site.url}/catalog.ttl?modified_since=yesterday", timeout=10
        ).status_code
        == 400
    )
    assert requests.get(f"{demo_site.url}/catalog.ttl?page=0", timeout=10).status_code == 400
    beyond = fetch_graph(f"{demo_site.url}/catalog.ttl?page=2", "ttl")
    assert list(beyond.subjects(namespace.RDF.type, namespace.DCAT.Dataset)) == [], (
        "the demo fits on one page of 100"
    )


def test_feeds_conditional_dataset_has_access_rights_and_no_download(demo_site):
    entry = next(d for d in demo_site.directory.datasets if d.open == "conditional")
    graph = fetch_graph(f"{demo_site.url}/dataset/{entry.id}.jsonld", "jsonld")
    node = URIRef(f"{demo_site.url}/dataset/{entry.id}")
    assert entry.reason in str(graph.value(node, namespace.DCTERMS.accessRights))
    assert list(graph.objects(node, namespace.DCAT.distribution)) == []


def test_feeds_dataset_page_carries_schema_org_markup(demo_site):
    entry = next(d for d in demo_site.directory.datasets if d.open == "open")
    html = requests.get(f"{demo_site.url}/dataset/{entry.id}", timeout=10).text
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    markup = json.loads(block)
    assert markup["@type"] == "Dataset" and markup["name"] == entry.title
    assert markup["distribution"][0]["contentUrl"].endswith(".csv")
    assert f'href="/dataset/{entry.id}.ttl"' in html
