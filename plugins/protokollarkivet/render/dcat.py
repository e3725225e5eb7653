"""The open data described as a DCAT-AP-SE catalogue (`api/dcat.rdf`, RDF/XML), which dataportal.se
harvests: the catalogue, one dataset per data product, each with its distributions.

Every resource has an absolute IRI under the site's address (the publisher and the contact point too,
never a blank node), every text is tagged Swedish, and dates come from the protocols' history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TextIO

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from ..format.spec import Status
from ..index import Index
from ..strings import Strings
from . import oparl, urls
from .output import DataFile, Feed
from .urls import UrlScheme

CATALOGUE = urls.CATALOGUE
EU = "http://publications.europa.eu/resource/authority/"
IANA = "https://www.iana.org/assignments/media-types/"
ADMS_PUBLISHER_TYPE = Namespace("http://purl.org/adms/publishertype/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
THEME = URIRef(EU + "data-theme/GOVE")  # government and public sector
LANGUAGE = URIRef(EU + "language/SWE")
PUBLIC = URIRef(EU + "access-right/PUBLIC")
IRREGULAR = URIRef(EU + "frequency/IRREG")
FILE_TYPES = {  # media type -> EU file type
    "application/json": "JSON",
    "text/csv": "CSV",
    "application/atom+xml": "ATOM",
    "text/calendar": "ICS",
    "text/markdown": "MD",
}


@dataclass(frozen=True)
class _Distribution:
    path: str  # site-relative file
    media_type: str
    conforms_to: str = ""  # a schema or standard the file follows


class CatalogueWriter:
    """Builds the catalogue graph for one build."""

    def __init__(self, index: Index, strings: Strings, scheme: UrlScheme, feeds: list[Feed]) -> None:
        self.index = index
        self.texts = strings.section("dcat")
        self.scheme = scheme
        self.feeds = feeds
        self.base = scheme.file(CATALOGUE) + "#"
        self.publisher = index.archive.registers.publisher
        approved = [p for p in index.protocols if p.status is Status.APPROVED]
        self.first = min((p.date for p in approved), default=None)
        self.last = max((p.date for p in approved), default=None)
        self.modified = max((p.updated for p in approved), default=None)
        self.issued = min((p.created for p in approved), default=None)

    def file(self) -> DataFile:
        """api/dcat.rdf, written when the site is."""
        return DataFile(CATALOGUE, self.write)

    def write(self, out: TextIO) -> None:
        """The catalogue as RDF/XML."""
        out.write(self.graph().serialize(format="pretty-xml"))

    def _iri(self, name: str) -> URIRef:
        return URIRef(self.base + name)

    def _text(self, value: str) -> Literal:
        return Literal(value, lang="sv")

    def graph(self) -> Graph:
        """The catalogue, its publisher and contact point, and one dataset per data product."""
        graph = Graph()
        for prefix, namespace in (("dcat", DCAT), ("dcterms", DCTERMS), ("foaf", FOAF), ("vcard", VCARD)):
            graph.bind(prefix, namespace)
        catalogue = self._iri("katalog")
        graph.add((catalogue, RDF.type, DCAT.Catalog))
        graph.add((catalogue, DCTERMS.title, self._text(str(self.texts["catalogue_title"]))))
        graph.add((catalogue, DCTERMS.description, self._text(str(self.texts["catalogue_description"]))))
        graph.add((catalogue, FOAF.homepage, URIRef(self.scheme.absolute(urls.START))))
        graph.add((catalogue, DCTERMS.language, LANGUAGE))
        graph.add((catalogue, DCAT.themeTaxonomy, URIRef(EU + "data-theme")))
        self._common(graph, catalogue)
        for name, distributions in self._products().items():
            graph.add((catalogue, DCAT.dataset, self._dataset(graph, name, distributions)))
        return graph

    def _common(self, graph: Graph, resource: URIRef) -> None:
        """Publisher, licence and dates, which the catalogue and each dataset carry."""
        graph.add((resource, DCTERMS.publisher, self._agent(graph)))
        graph.add((resource, DCTERMS.license, URIRef(self._licence())))
        if self.issued:
            graph.add((resource, DCTERMS.issued, Literal(self.issued.isoformat(), datatype=XSD.date)))
        if self.modified:
            graph.add((resource, DCTERMS.modified, Literal(self.modified.isoformat(), datatype=XSD.date)))

    def _licence(self) -> str:
        return self.publisher.licence_url if self.publisher else "https://creativecommons.org/publicdomain/zero/1.0/"

    def _agent(self, graph: Graph) -> URIRef:
        agent = self._iri("utgivare")
        if (agent, RDF.type, FOAF.Agent) in graph:
            return agent
        graph.add((agent, RDF.type, FOAF.Agent))
        graph.add((agent, RDF.type, FOAF.Organization))
        graph.add((agent, DCTERMS.type, ADMS_PUBLISHER_TYPE.LocalAuthority))
        if self.publisher:
            graph.add((agent, FOAF.name, self._text(self.publisher.name)))
            graph.add((agent, FOAF.mbox, URIRef(f"mailto:{self.publisher.email}")))
            if self.publisher.organisation_number:
                graph.add((agent, DCTERMS.identifier, Literal(self.publisher.organisation_number)))
        return agent

    def _contact(self, graph: Graph) -> URIRef:
        contact = self._iri("kontakt")
        if (contact, RDF.type, VCARD.Organization) in graph:
            return contact
        graph.add((contact, RDF.type, VCARD.Organization))
        if self.publisher:
            graph.add((contact, VCARD.fn, self._text(self.publisher.name)))
            graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{self.publisher.email}")))
        return contact

    def _products(self) -> dict[str, list[_Distribution]]:
        """The data products and their files."""
        api = urls.API_DIR
        schema = f"{api}/{{}}.schema.json"
        return {
            "protokoll": [
                _Distribution(f"{api}/protocols.json", "application/json", self.scheme.file(schema.format("protocols"))),
            ],
            "beslut": [
                _Distribution(f"{api}/decisions.json", "application/json", self.scheme.file(schema.format("decisions"))),
                _Distribution(f"{urls.DOWNLOADS_DIR}/beslut.csv", "text/csv"),
            ],
            "personer": [_Distribution(f"{api}/people.json", "application/json", self.scheme.file(schema.format("people")))],
            "kommuner": [
                _Distribution(f"{api}/municipalities.json", "application/json", self.scheme.file(schema.format("municipalities"))),
                _Distribution(f"{urls.DOWNLOADS_DIR}/narvaro.csv", "text/csv"),
            ],
            "projekt": [_Distribution(f"{api}/projects.json", "application/json", self.scheme.file(schema.format("projects")))],
            "uppdrag": [
                _Distribution(f"{api}/uppdrag.json", "application/json", self.scheme.file(schema.format("uppdrag"))),
                _Distribution(f"{urls.DOWNLOADS_DIR}/uppdrag.csv", "text/csv"),
            ],
            "narvaro": [
                _Distribution(f"{api}/narvaro.json", "application/json", self.scheme.file(schema.format("narvaro"))),
                _Distribution(f"{urls.DOWNLOADS_DIR}/narvaro-mandatperioder.csv", "text/csv"),
            ],
            "oparl": [_Distribution(oparl.system_path(), "application/json", oparl.SCHEMA)],
            "floden": [_Distribution(feed.src_uri, feed.media_type) for feed in self.feeds],
        }

    def _dataset(self, graph: Graph, name: str, distributions: list[_Distribution]) -> URIRef:
        dataset = self._iri(f"datamangd-{name}")
        graph.add((dataset, RDF.type, DCAT.Dataset))
        graph.add((dataset, DCTERMS.title, self._text(str(self.texts[f"{name}_title"]))))
        graph.add((dataset, DCTERMS.description, self._text(str(self.texts[f"{name}_description"]))))
        graph.add((dataset, DCAT.contactPoint, self._contact(graph)))
        graph.add((dataset, DCAT.theme, THEME))
        graph.add((dataset, DCAT.landingPage, URIRef(self.scheme.absolute(urls.OPEN_DATA))))
        graph.add((dataset, DCTERMS.accessRights, PUBLIC))
        graph.add((dataset, DCTERMS.accrualPeriodicity, IRREGULAR))
        graph.add((dataset, DCTERMS.language, LANGUAGE))
        for keyword in [*self.texts["keywords"], *self.texts.get(f"{name}_keywords", [])]:
            graph.add((dataset, DCAT.keyword, self._text(str(keyword))))
        self._common(graph, dataset)
        if self.first and self.last:
            graph.add((dataset, DCTERMS.temporal, self._period(graph, name, self.first, self.last)))
        for position, distribution in enumerate(distributions, start=1):
            graph.add((dataset, DCAT.distribution, self._distribution(graph, f"{name}-{position}", distribution)))
        return dataset

    def _period(self, graph: Graph, name: str, first: dt.date, last: dt.date) -> URIRef:
        period = self._iri(f"period-{name}")
        graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
        graph.add((period, DCAT.startDate, Literal(first.isoformat(), datatype=XSD.date)))
        graph.add((period, DCAT.endDate, Literal(last.isoformat(), datatype=XSD.date)))
        return period

    def _distribution(self, graph: Graph, name: str, distribution: _Distribution) -> URIRef:
        resource = self._iri(f"distribution-{name}")
        address = URIRef(self.scheme.file(distribution.path))
        graph.add((resource, RDF.type, DCAT.Distribution))
        graph.add((resource, DCTERMS.title, self._text(distribution.path.rsplit("/", 1)[-1])))
        graph.add((resource, DCAT.accessURL, address))
        graph.add((resource, DCAT.downloadURL, address))
        graph.add((resource, DCAT.mediaType, URIRef(IANA + distribution.media_type)))
        if distribution.media_type in FILE_TYPES:
            graph.add((resource, DCTERMS["format"], URIRef(EU + "file-type/" + FILE_TYPES[distribution.media_type])))
        graph.add((resource, DCTERMS.license, URIRef(self._licence())))
        if distribution.conforms_to:
            graph.add((resource, DCTERMS.conformsTo, URIRef(distribution.conforms_to)))
        return resource
