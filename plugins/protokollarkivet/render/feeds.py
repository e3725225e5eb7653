"""Atom feeds of approved protocols (the archive, each body, project, person and municipality) and an
iCalendar file of the meetings."""

from __future__ import annotations

import datetime as dt
import functools
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import TextIO

from ..format.model import Protocol
from ..format.spec import Status
from ..index import DecisionEntry, Index
from ..strings import Strings
from . import changes, urls
from .output import DataFile, Feed
from .urls import CALENDAR, FEED, UrlScheme, body_feed, entity_feed

ATOM = "http://www.w3.org/2005/Atom"
TIMEZONE = "Europe/Stockholm"

# The rules of Swedish time since 1996 (EU summer time), so the calendar needs no timezone database.
_VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    f"TZID:{TIMEZONE}",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)


@dataclass(frozen=True)
class Subject:
    """What a feed follows: the whole archive, a body, a project, a person or a municipality."""

    src: str  # the feed file
    title: str
    page: str  # the page it follows (the feed's alternate link)
    kind: str  # "site", "body", "project", "person", "municipality"
    protocols: tuple[Protocol, ...]  # newest first, at most the feed's length
    # protocol id -> the decisions that concern the subject (all of the protocol's when it is the archive
    # or a body)
    decisions: dict[str, tuple[DecisionEntry, ...]] = field(default_factory=dict)
    name: str = ""  # the project's, person's or municipality's name


SITE_FEED_ENTRIES = 50  # a feed holds the latest entries; the whole archive is in the open data
ENTITY_FEED_ENTRIES = 20


class FeedWriter:
    """Writes the Atom feeds and the iCalendar file of approved protocols."""

    def __init__(self, index: Index, strings: Strings, scheme: UrlScheme, site_name: str) -> None:
        self.index = index
        self.strings = strings
        self.urls = scheme
        self.site_name = site_name
        self.ui = strings.section("ui")

    def approved(self, body_slug: str | None = None) -> list[Protocol]:
        """Approved protocols, newest first."""
        chosen = [p for p in self.index.protocols if p.status is Status.APPROVED and (body_slug is None or p.body == body_slug)]
        return sorted(chosen, key=lambda p: (p.date, p.body), reverse=True)

    def feeds(self) -> list[Feed]:
        """The archive's and each body's feed and the calendar, advertised in every page's head."""
        feeds = [Feed(subject.src, subject.title) for subject in self.subjects() if subject.kind in ("site", "body")]
        feeds.append(Feed(CALENDAR, self.ui["calendar_title"].format(site=self.site_name), "text/calendar"))
        return feeds

    def page_feeds(self) -> dict[str, Feed]:
        """The feed of each project's, person's and municipality's page, advertised on that page."""
        return {subject.page: Feed(subject.src, subject.title) for subject in self.subjects() if subject.kind not in ("site", "body")}

    def followed(self) -> dict[str, list[Feed]]:
        """The feeds of projects, people and municipalities by kind, for the page that lists them."""
        grouped: dict[str, list[Feed]] = {"project": [], "person": [], "municipality": []}
        for subject in self.subjects():
            if subject.kind in grouped:
                grouped[subject.kind].append(Feed(subject.src, subject.title))
        return grouped

    def subjects(self) -> list[Subject]:
        """Everything one can follow, each with the latest protocols that concern it."""
        return self._subjects

    @functools.cached_property
    def _subjects(self) -> list[Subject]:
        ui = self.ui
        subjects = [
            Subject(FEED, ui["feed_title"].format(site=self.site_name), urls.START, "site", tuple(self.approved()[:SITE_FEED_ENTRIES]))
        ]
        for slug, body in self.index.archive.registers.bodies.items():
            if self.index.by_body.get(slug):
                protocols = tuple(self.approved(slug)[:SITE_FEED_ENTRIES])
                subjects.append(Subject(body_feed(slug), ui["feed_body_title"].format(body=body.name), urls.body(slug), "body", protocols))
        index = self.index
        for slug, project in index.projects.items():
            meetings = [protocol for protocol, _ in project.items]
            name = project.project.name
            subject = self._subject(entity_feed("projekt", slug), name, urls.project(slug), "project", meetings, project.decisions)
            subjects.append(subject)
        for slug, person in index.people.items():
            meetings = [p for p, _ in (*person.present, *person.absent, *person.guest)] + [r.protocol for r in person.roles if r.protocol]
            meetings += [protocol for protocol, _ in person.mentions]
            name = person.person.name
            subjects.append(self._subject(entity_feed("person", slug), name, urls.person(slug), "person", meetings, person.decisions))
        for slug, municipality in index.municipalities.items():
            meetings = [m.protocol for m in municipality.meetings if m.present or m.absent]
            name = municipality.municipality.name
            subjects.append(
                self._subject(entity_feed("kommun", slug), name, urls.municipality(slug), "municipality", meetings, municipality.decisions)
            )
        return subjects

    def _subject(self, src: str, name: str, page: str, kind: str, meetings: list[Protocol], decisions: list[DecisionEntry]) -> Subject:
        """A project's, person's or municipality's feed: the latest approved meetings that concern it, each
        with the decisions that do."""
        title = self.ui["feed_followed_title"].format(name=name)
        approved = {p.id: p for p in meetings if p.status is Status.APPROVED}
        latest = sorted(approved.values(), key=lambda p: (p.date, p.body), reverse=True)[:ENTITY_FEED_ENTRIES]
        chosen = {p.id for p in latest}
        concerning: dict[str, list[DecisionEntry]] = {}
        for decision in decisions:
            if decision.protocol.id in chosen:
                concerning.setdefault(decision.protocol.id, []).append(decision)
        return Subject(src, title, page, kind, tuple(latest), {key: tuple(value) for key, value in concerning.items()}, name)

    def files(self) -> list[DataFile]:
        """The feed and calendar files, written when the site is."""
        files = [
            DataFile(subject.src, functools.partial(self._write_atom, subject), changes.shown(subject.protocols))
            for subject in self.subjects()
        ]
        files.append(DataFile(CALENDAR, lambda out: out.write(self.icalendar())))
        return files

    def _write_atom(self, subject: Subject, out: TextIO) -> None:
        out.write(self.atom(subject))

    # --- Atom ---------------------------------------------------------------------------------

    def _url(self, src_uri: str, anchor: str = "") -> str:
        return self.urls.absolute(src_uri, anchor)

    def _id(self, src_uri: str) -> str:
        # An Atom id must be an absolute IRI; without a site_url a URN stands in.
        return self._url(src_uri) if self.urls.site_url else "urn:protokollarkivet:" + src_uri.removesuffix(".md")

    def summary(self, protocol: Protocol, decisions: tuple[DecisionEntry, ...] | None = None, name: str = "") -> str:
        """The decisions (all of the protocol's, or those about `name`) as the text of a feed entry."""
        chosen = self.index.decisions_by_protocol.get(protocol.id, []) if decisions is None else decisions
        if not chosen:
            return self.strings("ui.feed_no_decisions_about", name=name) if name else self.strings("ui.no_decisions")
        return "\n".join(f"§ {d.item.number}:{d.decision.ordinal} {d.decision.text}" for d in chosen)

    def atom(self, subject: Subject) -> str:
        """An Atom feed of the subject's latest approved protocols."""
        ET.register_namespace("", ATOM)
        feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": self.strings("ui.language_code")})
        protocols = subject.protocols
        _text(feed, "id", self._id(subject.src))
        _text(feed, "title", subject.title)
        _text(feed, "updated", _timestamp(max((p.updated for p in protocols), default=dt.date(2000, 1, 1))))
        author = ET.SubElement(feed, f"{{{ATOM}}}author")
        _text(author, "name", self.site_name)
        ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "type": "application/atom+xml", "href": self._url(subject.src)})
        ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": self._url(subject.page)})
        everything = subject.kind in ("site", "body")
        for protocol in protocols:
            body = self.index.body(protocol.body)
            src = urls.protocol(protocol.body, protocol.date)
            entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
            _text(entry, "id", self._id(src))
            heading = "ui.protocol_heading_number" if protocol.number else "ui.protocol_heading"
            _text(entry, "title", self.strings(heading, name=body.name, number=protocol.number, date=protocol.date.isoformat()))
            _text(entry, "updated", _timestamp(protocol.updated))
            _text(entry, "published", _timestamp(protocol.date))
            ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": self._url(src)})
            ET.SubElement(entry, f"{{{ATOM}}}category", {"term": protocol.body, "label": body.name})
            concerning = None if everything else subject.decisions.get(protocol.id, ())
            _text(entry, "summary", self.summary(protocol, concerning, subject.name), type="text")
        ET.indent(feed)
        return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"

    # --- iCalendar ----------------------------------------------------------------------------

    def icalendar(self) -> str:
        """The approved meetings as an iCalendar file, in Swedish time."""
        host = self.urls.host() or "protokollarkivet"
        lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Protokollarkivet//protokoll//SV",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            f"X-WR-CALNAME:{_ics_text(self.strings('ui.calendar_title', site=self.site_name))}",
            f"X-WR-TIMEZONE:{TIMEZONE}",
            *_VTIMEZONE,
        ]
        for protocol in self.approved():
            body = self.index.body(protocol.body)
            day = protocol.date.strftime("%Y%m%d")
            lines += ["BEGIN:VEVENT", f"UID:{protocol.id}@{host}", f"DTSTAMP:{protocol.updated.strftime('%Y%m%d')}T000000Z"]
            if protocol.start and protocol.end:
                lines.append(f"DTSTART;TZID={TIMEZONE}:{day}T{protocol.start.replace(':', '')}00")
                lines.append(f"DTEND;TZID={TIMEZONE}:{day}T{protocol.end.replace(':', '')}00")
            else:
                lines.append(f"DTSTART;VALUE=DATE:{day}")
            lines.append(f"SUMMARY:{_ics_text(self.strings('ui.calendar_event', body=body.name))}")
            if protocol.place:
                lines.append(f"LOCATION:{_ics_text(protocol.place)}")
            lines.append(f"URL:{self._url(urls.protocol(protocol.body, protocol.date))}")
            lines.append(f"DESCRIPTION:{_ics_text(self.summary(protocol))}")
            lines.append("END:VEVENT")
        lines.append("END:VCALENDAR")
        return "".join(_fold(line) + "\r\n" for line in lines)


# Characters XML 1.0 does not allow, and control characters iCalendar's TEXT does not: protocol text
# is not YAML, which rejects them, so they can reach a feed.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def _text(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    element.text = _NOT_XML.sub("", text)
    return element


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _ics_text(text: str) -> str:
    text = _NOT_XML.sub("", text).replace("\t", " ")
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """RFC 5545: lines longer than 75 octets continue on the next line after a space."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts: list[bytes] = []
    start, limit = 0, 75
    while start < len(encoded):
        end = min(start + limit, len(encoded))
        while end < len(encoded) and (encoded[end] & 0xC0) == 0x80:  # not inside a UTF-8 character
            end -= 1
        parts.append(encoded[start:end])
        start, limit = end, 74  # continuation lines begin with a space
    return "\r\n ".join(part.decode("utf-8") for part in parts)
