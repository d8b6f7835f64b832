"""DCAT (W3C Data Catalog Vocabulary) for the catalogue and each dataset; the one module on rdflib.

URIs follow the portal's pages: a dataset is `<base>/dataset/<name>`, its distribution the CKAN
resource URL, its publisher `<base>/organization/<id>`, its theme `<base>/group/<id>`.
"""

from collections.abc import Iterable
from datetime import datetime

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS, XSD

from portal.ckan.dicts import resource_url

SPDX = Namespace("http://spdx.org/rdf/terms#")
FREQUENCY = Namespace("http://publications.europa.eu/resource/authority/frequency/")
FREQUENCIES = {
    "realtime": "CONT",
    "daily": "DAILY",
    "weekly": "WEEKLY",
    "monthly": "MONTHLY",
    "quarterly": "QUARTERLY",
    "half-yearly": "ANNUAL_2",
    "yearly": "ANNUAL",
    "irregular": "IRREG",
}
PREFIXES = {"dcat": DCAT, "dct": DCTERMS, "foaf": FOAF, "skos": SKOS, "spdx": SPDX, "xsd": XSD}
FORMATS = {
    "ttl": ("turtle", "text/turtle; charset=utf-8"),
    "jsonld": ("json-ld", "application/ld+json"),
    "rdf": ("xml", "application/rdf+xml"),
    "xml": ("xml", "application/rdf+xml"),
}


def dataset_graph(base_url: str, detail: dict) -> Graph:
    graph = _graph()
    _add_dataset(graph, base_url, detail)
    return graph


def catalog_graph(base_url: str, title: str, details: Iterable[dict], page_info: dict) -> Graph:
    graph = _graph()
    catalog = URIRef(f"{base_url}/catalog")
    graph.add((catalog, RDF.type, DCAT.Catalog))
    graph.add((catalog, DCTERMS.title, Literal(title, lang="zh")))
    graph.add(
        (catalog, DCTERMS.description, Literal("政务数据共享开放目录中的开放数据", lang="zh"))
    )
    graph.add((catalog, FOAF.homepage, URIRef(f"{base_url}/")))
    graph.add((catalog, DCTERMS.language, URIRef("http://id.loc.gov/vocabulary/iso639-1/zh")))
    for detail in details:
        graph.add((catalog, DCAT.dataset, _add_dataset(graph, base_url, detail)))
    for key, value in page_info.items():  # next/previous pages of a long catalogue
        graph.add((catalog, URIRef(f"http://www.w3.org/ns/hydra/core#{key}"), URIRef(value)))
    return graph


def serialize(graph: Graph, fmt: str) -> tuple[bytes, str]:
    rdflib_format, mimetype = FORMATS[fmt]
    options = {}
    if rdflib_format == "json-ld":  # compact keys (dct:title) instead of full URIs
        options["context"] = {
            prefix: str(ns) for prefix, ns in graph.namespaces() if prefix in PREFIXES
        }
    data = graph.serialize(format=rdflib_format, encoding="utf-8", **options)
    return data, mimetype


def _graph() -> Graph:
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


def _add_dataset(graph: Graph, base_url: str, d: dict) -> URIRef:
    node = URIRef(f"{base_url}/dataset/{d['name']}")
    add = graph.add
    add((node, RDF.type, DCAT.Dataset))
    add((node, DCTERMS.identifier, Literal(d["id"])))
    add((node, DCTERMS.title, Literal(d["title"], lang="zh")))
    if d["title_en"]:
        add((node, DCTERMS.title, Literal(d["title_en"], lang="en")))
    if d["summary"]:
        add((node, DCTERMS.description, Literal(d["summary"], lang="zh")))
    for keyword in d["keywords"]:
        add((node, DCAT.keyword, Literal(keyword, lang="zh")))
    add((node, DCTERMS.issued, _time(d["created"])))
    add((node, DCTERMS.modified, _time(d["modified"])))
    add((node, DCAT.landingPage, node))
    add((node, DCTERMS.accrualPeriodicity, FREQUENCY[FREQUENCIES.get(d["update"], "UNKNOWN")]))
    add((node, DCTERMS.publisher, _agent(graph, base_url, d["department"])))
    add((node, DCAT.theme, _theme(graph, base_url, d["area"])))
    if d["open"] != "open":
        add((node, DCTERMS.accessRights, Literal(f"{d['open_label']}：{d['reason']}", lang="zh")))
    for resource in d["resources"]:
        add((node, DCAT.distribution, _distribution(graph, base_url, d, resource)))
    return node


def _distribution(graph: Graph, base_url: str, d: dict, resource: dict) -> URIRef:
    url = URIRef(resource_url(base_url, resource))
    node = URIRef(f"{base_url}/dataset/{d['name']}/resource/{resource['id']}")
    graph.add((node, RDF.type, DCAT.Distribution))
    graph.add((node, DCTERMS.title, Literal(d["title"], lang="zh")))
    graph.add((node, DCAT.accessURL, url))
    graph.add((node, DCAT.downloadURL, url))
    graph.add(
        (node, DCAT.mediaType, URIRef("https://www.iana.org/assignments/media-types/text/csv"))
    )
    graph.add((node, DCTERMS["format"], Literal(resource["format"])))
    graph.add((node, DCAT.byteSize, Literal(resource["size"], datatype=XSD.nonNegativeInteger)))
    graph.add((node, DCTERMS.modified, _time(resource["last_modified"])))
    if d["license"]["url"]:
        graph.add((node, DCTERMS.license, URIRef(d["license"]["url"])))
    graph.add(
        (node, DCTERMS.conformsTo, URIRef(f"{base_url}/dataset/{d['name']}/datapackage.json"))
    )
    if resource["hash"].startswith("sha256:"):
        checksum = BNode()
        graph.add((node, SPDX.checksum, checksum))
        graph.add((checksum, RDF.type, SPDX.Checksum))
        graph.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        graph.add((checksum, SPDX.checksumValue, Literal(resource["hash"].removeprefix("sha256:"))))
    return node


def _agent(graph: Graph, base_url: str, department: dict) -> URIRef:
    node = URIRef(f"{base_url}/organization/{department['id']}")
    graph.add((node, RDF.type, FOAF.Organization))
    graph.add((node, FOAF.name, Literal(department["name"], lang="zh")))
    return node


def _theme(graph: Graph, base_url: str, area: dict) -> URIRef:
    node = URIRef(f"{base_url}/group/{area['id']}")
    graph.add((node, RDF.type, SKOS.Concept))
    graph.add((node, SKOS.prefLabel, Literal(area["name"], lang="zh")))
    return node


def _time(value: datetime) -> Literal:
    return Literal(value.replace(microsecond=0).isoformat(), datatype=XSD.dateTime)
