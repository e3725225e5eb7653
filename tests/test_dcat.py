"""The DCAT-AP-SE catalogue (api/dcat.rdf), read back with rdflib as dataportal.se's harvester would:
the mandatory properties of the catalogue, each dataset and each distribution, absolute IRIs only (no
blank nodes), and every file it lists present in the site."""

from __future__ import annotations

import datetime as dt

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef, namespace

from conftest import Build
from helpers import parse

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SITE_URL = "https://example.org/protokollarkivet/"
PRODUCTS = {"protokoll", "beslut", "personer", "kommuner", "projekt", "uppdrag", "narvaro", "oparl", "floden"}


@pytest.fixture(scope="module")
def catalogue(site: Build) -> Graph:
    graph = Graph()
    graph.parse(site.site / "api" / "dcat.rdf", format="xml")
    return graph


def _one(graph: Graph, subject: URIRef, predicate: URIRef) -> object:
    values = list(graph.objects(subject, predicate))
    assert values, f"{subject} has no {predicate}"
    return values[0]


def _swedish_text(graph: Graph, subject: URIRef, predicate: URIRef) -> str:
    value = _one(graph, subject, predicate)
    assert isinstance(value, Literal) and value.language == "sv" and str(value).strip(), (subject, predicate)
    return str(value)


def test_every_node_is_an_absolute_iri(catalogue: Graph) -> None:
    nodes = {node for triple in catalogue for node in triple if not isinstance(node, Literal)}
    assert not [node for node in nodes if isinstance(node, BNode)]
    assert all(str(node).startswith(("https://", "http://", "mailto:")) for node in nodes)


def test_the_catalogue_has_its_mandatory_properties(catalogue: Graph, registers) -> None:
    catalogues = list(catalogue.subjects(namespace.RDF.type, namespace.DCAT.Catalog))
    assert len(catalogues) == 1
    root = catalogues[0]
    _swedish_text(catalogue, root, namespace.DCTERMS.title)
    _swedish_text(catalogue, root, namespace.DCTERMS.description)
    publisher = _one(catalogue, root, namespace.DCTERMS.publisher)
    assert isinstance(publisher, URIRef)
    assert _swedish_text(catalogue, publisher, namespace.FOAF.name) == registers.publisher.name
    assert (publisher, namespace.RDF.type, namespace.FOAF.Agent) in catalogue and _one(catalogue, publisher, namespace.DCTERMS.type)
    assert str(_one(catalogue, root, namespace.DCTERMS.license)) == registers.publisher.licence_url
    assert str(_one(catalogue, root, namespace.FOAF.homepage)) == SITE_URL
    datasets = set(catalogue.objects(root, namespace.DCAT.dataset))
    assert {str(d).rsplit("#datamangd-", 1)[1] for d in datasets} == PRODUCTS


def test_every_dataset_and_distribution_has_what_dcat_ap_se_requires(catalogue: Graph, site: Build, registers) -> None:
    approved = [p for p in site.json("protocols.json")["protocols"] if p["status"] == "justerat"]
    first, last = min(p["date"] for p in approved), max(p["date"] for p in approved)
    for dataset in catalogue.subjects(namespace.RDF.type, namespace.DCAT.Dataset):
        _swedish_text(catalogue, dataset, namespace.DCTERMS.title)
        _swedish_text(catalogue, dataset, namespace.DCTERMS.description)
        assert isinstance(_one(catalogue, dataset, namespace.DCTERMS.publisher), URIRef)
        contact = _one(catalogue, dataset, namespace.DCAT.contactPoint)
        assert _swedish_text(catalogue, contact, VCARD.fn) == registers.publisher.name
        assert str(_one(catalogue, contact, VCARD.hasEmail)) == f"mailto:{registers.publisher.email}"
        assert len(list(catalogue.objects(dataset, namespace.DCAT.keyword))) >= 4
        assert _one(catalogue, dataset, namespace.DCAT.theme)
        period = _one(catalogue, dataset, namespace.DCTERMS.temporal)
        assert _one(catalogue, period, namespace.DCAT.startDate).toPython() == dt.date.fromisoformat(first)
        assert _one(catalogue, period, namespace.DCAT.endDate).toPython() == dt.date.fromisoformat(last)
        distributions = list(catalogue.objects(dataset, namespace.DCAT.distribution))
        assert distributions, dataset
        for distribution in distributions:
            access = str(_one(catalogue, distribution, namespace.DCAT.accessURL))
            assert access.startswith(SITE_URL) and (site.site / access[len(SITE_URL) :]).is_file(), access
            assert str(_one(catalogue, distribution, namespace.DCAT.mediaType)).startswith("https://www.iana.org/assignments/media-types/")
            assert str(_one(catalogue, distribution, namespace.DCTERMS.license)) == registers.publisher.licence_url
            assert _one(catalogue, distribution, namespace.DCTERMS["format"])


def test_the_catalogue_is_linked_from_every_head_and_the_open_data_page(site: Build) -> None:
    for url in ("", "kommundirektorsgruppen/2019-11-22/", "om/oppna-data/"):
        links = [link for link in parse(site.html(url)).find_all("link") if link.attrs.get("type") == "application/rdf+xml"]
        assert links and links[0].attrs["rel"] == "describedby", url
    hrefs = [a.attrs.get("href", "") for a in parse(site.html("om/oppna-data/")).find("article").find_all("a")]
    assert any(href.endswith("api/dcat.rdf") for href in hrefs)
    assert any(href.endswith("oparl/v1/system.json") for href in hrefs)
