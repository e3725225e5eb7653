"""Issue 5: the Atom feeds and the meeting calendar, read from a real build."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from conftest import Build
from helpers import parse

ATOM = "{http://www.w3.org/2005/Atom}"


def _feed(site: Build, path: str) -> ET.Element:
    root = ET.fromstring((site.site / path).read_bytes())
    assert root.tag == f"{ATOM}feed"
    return root


def _assert_valid_atom(feed: ET.Element) -> None:
    """The RFC 4287 requirements: feed and entries each have one id, title and updated; an author; links."""
    for element in (feed, *feed.findall(f"{ATOM}entry")):
        for required in ("id", "title", "updated"):
            assert len(element.findall(f"{ATOM}{required}")) == 1, required
            assert element.find(f"{ATOM}{required}").text
        assert element.find(f"{ATOM}updated").text.endswith("Z")
        assert element.find(f"{ATOM}id").text.startswith(("https://", "urn:"))
    assert feed.find(f"{ATOM}author/{ATOM}name").text
    assert feed.find(f"{ATOM}link[@rel='self']") is not None
    for entry in feed.findall(f"{ATOM}entry"):
        assert entry.find(f"{ATOM}link[@rel='alternate']") is not None
        assert entry.find(f"{ATOM}summary") is not None


def test_feed_is_valid_atom_with_one_entry_per_approved_protocol_newest_first(site: Build) -> None:
    feed = _feed(site, "feed.xml")
    _assert_valid_atom(feed)
    approved = [p for p in site.json("protocols.json")["protocols"] if p["status"] == "justerat"]
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == len(approved) == 2
    links = [e.find(f"{ATOM}link").get("href") for e in entries]
    assert links == [
        "https://example.org/protokollarkivet/kommundirektorsgruppen/2022-08-26/",
        "https://example.org/protokollarkivet/kommundirektorsgruppen/2019-11-22/",
    ]
    newest = entries[0]
    assert newest.find(f"{ATOM}published").text.startswith("2022-08-26")
    assert newest.find(f"{ATOM}category").get("label") == "Kommundirektörsgruppen"
    summary = newest.find(f"{ATOM}summary").text
    assert "att projektplanen är godkänd för utskick till styrelsen" in summary
    assert summary.count("§ ") == 4  # the four decisions of 2022-08-26


def test_one_feed_per_body_and_all_are_advertised_in_the_head(site: Build) -> None:
    body_feed = _feed(site, "kommundirektorsgruppen/feed.xml")
    _assert_valid_atom(body_feed)
    assert len(body_feed.findall(f"{ATOM}entry")) == 2
    head = parse(site.html("kommuner/angelholm/")).find("head")
    advertised = {link.attrs["href"]: link.attrs["type"] for link in head.find_all("link", rel="alternate")}
    assert advertised == {
        "../../feed.xml": "application/atom+xml",
        "../../kommundirektorsgruppen/feed.xml": "application/atom+xml",
        "../../kalender.ics": "text/calendar",
    }


def test_icalendar_has_one_event_per_meeting_in_swedish_time(site: Build) -> None:
    raw = (site.site / "kalender.ics").read_bytes()
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    text = raw.decode("utf-8").replace("\r\n ", "")  # unfold
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    assert text.count("BEGIN:VEVENT") == text.count("END:VEVENT") == 2
    assert "DTSTART;TZID=Europe/Stockholm:20191122T083500" in lines
    assert "DTEND;TZID=Europe/Stockholm:20191122T114000" in lines
    assert "LOCATION:Mindpark\\, Penthouse E7" in lines
    assert "BEGIN:VTIMEZONE" in lines
