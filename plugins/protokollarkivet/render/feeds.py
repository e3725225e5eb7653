"""Atom feeds of approved protocols (all bodies, and one per body) and an iCalendar file of the meetings."""

from __future__ import annotations

import datetime as dt
import functools
import re
import xml.etree.ElementTree as ET
from typing import TextIO

from ..format.model import Protocol
from ..format.spec import Status
from ..index import Index
from ..strings import Strings
from . import urls
from .output import DataFile, Feed
from .urls import CALENDAR, FEED, UrlScheme, body_feed

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


class FeedWriter:
    """Writes the Atom feeds and the iCalendar file of approved protocols."""

    def __init__(self, index: Index, strings: Strings, scheme: UrlScheme, site_name: str) -> None:
        self.index = index
        self.strings = strings
        self.urls = scheme
        self.site_name = site_name

    def approved(self, body_slug: str | None = None) -> list[Protocol]:
        """Approved protocols, newest first."""
        chosen = [p for p in self.index.protocols if p.status is Status.APPROVED and (body_slug is None or p.body == body_slug)]
        return sorted(chosen, key=lambda p: (p.date, p.body), reverse=True)

    def feeds(self) -> list[Feed]:
        """The feeds and the calendar, to advertise in every page's head."""
        ui = self.strings.section("ui")
        feeds = [Feed(FEED, ui["feed_title"].format(site=self.site_name))]
        for slug, body in self.index.archive.registers.bodies.items():
            if self.index.by_body.get(slug):
                feeds.append(Feed(body_feed(slug), ui["feed_body_title"].format(body=body.name)))
        feeds.append(Feed(CALENDAR, ui["calendar_title"].format(site=self.site_name), "text/calendar"))
        return feeds

    def files(self) -> list[DataFile]:
        """The feed and calendar files, written when the site is."""
        title = self.strings("ui.feed_title", site=self.site_name)
        files = [DataFile(FEED, functools.partial(self._write_atom, None, title, FEED))]
        for slug, body in self.index.archive.registers.bodies.items():
            if self.index.by_body.get(slug):
                body_title = self.strings("ui.feed_body_title", body=body.name)
                files.append(DataFile(body_feed(slug), functools.partial(self._write_atom, slug, body_title, body_feed(slug))))
        files.append(DataFile(CALENDAR, lambda out: out.write(self.icalendar())))
        return files

    def _write_atom(self, body_slug: str | None, title: str, self_src: str, out: TextIO) -> None:
        out.write(self.atom(body_slug, title, self_src))

    # --- Atom ---------------------------------------------------------------------------------

    def _url(self, src_uri: str, anchor: str = "") -> str:
        return self.urls.absolute(src_uri, anchor)

    def _id(self, src_uri: str) -> str:
        # An Atom id must be an absolute IRI; without a site_url a URN stands in.
        return self._url(src_uri) if self.urls.site_url else "urn:protokollarkivet:" + src_uri.removesuffix(".md")

    def summary(self, protocol: Protocol) -> str:
        """A protocol's decisions as the text of its feed entry."""
        decisions = self.index.decisions_by_protocol.get(protocol.id, [])
        if not decisions:
            return self.strings("ui.no_decisions")
        return "\n".join(f"§ {d.item.number}:{d.decision.ordinal} {d.decision.text}" for d in decisions)

    def atom(self, body_slug: str | None, title: str, self_src: str) -> str:
        """An Atom feed of approved protocols, of one body or all."""
        ET.register_namespace("", ATOM)
        feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": self.strings("ui.language_code")})
        protocols = self.approved(body_slug)
        _text(feed, "id", self._id(self_src))
        _text(feed, "title", title)
        _text(feed, "updated", _timestamp(max((p.updated for p in protocols), default=dt.date(2000, 1, 1))))
        author = ET.SubElement(feed, f"{{{ATOM}}}author")
        _text(author, "name", self.site_name)
        ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "type": "application/atom+xml", "href": self._url(self_src)})
        home = urls.body(body_slug) if body_slug else urls.START
        ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": self._url(home)})
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
            _text(entry, "summary", self.summary(protocol), type="text")
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
