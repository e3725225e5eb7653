"""Rendering, called directly on the real archive in memory: URLs, protocol text, pages and escaping."""

from __future__ import annotations

import re

import pytest

from conftest import REPO
from protokollarkivet.format import load_archive
from protokollarkivet.index import build_index
from protokollarkivet.render import HeadingPermalink, Renderer, UrlScheme, urls
from protokollarkivet.render.markup import ProseRenderer, link_names

SOURCES = ["index.md", "beslut/index.md", "personer/herman-crespin.md", "kommundirektorsgruppen/2019-11-22.md",
           "kommundirektorsgruppen/2019.md", "kommundirektorsgruppen/index.md", "om/justering.md"]  # fmt: skip


@pytest.mark.parametrize("use_directory_urls", [True, False])
def test_urls_are_the_ones_mkdocs_gives_and_links_are_relative_as_mkdocs_makes_them(tmp_path, use_directory_urls: bool) -> None:
    from urllib.parse import urljoin

    from mkdocs.structure.files import File
    from mkdocs.utils import get_relative_url

    scheme = UrlScheme.create("https://example.org/arkiv", use_directory_urls)
    mkdocs_url = {src: File(src, str(tmp_path), str(tmp_path / "site"), use_directory_urls).url for src in SOURCES}
    for src in SOURCES:
        assert scheme.url(src) == mkdocs_url[src], src
        expected_absolute = "https://example.org/arkiv/" + mkdocs_url[src].removeprefix("./")
        assert scheme.absolute(src) == expected_absolute
        here = "http://host/arkiv/" + mkdocs_url[src].removeprefix("./")
        for target in SOURCES:
            expected = get_relative_url(mkdocs_url[target], mkdocs_url[src])
            # links go by the site's root ("../../x/" where MkDocs writes "../x/"), so a decision's HTML
            # is the same on every page at one depth; they must lead to the same place
            assert urljoin(here, scheme.href(src, target)) == urljoin(here, expected), (src, target)
    assert scheme.href("index.md", "api/v1/protocols.json") == "api/v1/protocols.json"
    assert scheme.href("kommundirektorsgruppen/2019-11-22.md", "kommundirektorsgruppen/2019-11-22.md", "beslut-4-1") == "#beslut-4-1"
    assert scheme.site_path() == "/arkiv/"


def test_plain_text_takes_a_shortcut_past_markdown_that_gives_the_same_html() -> None:
    renderer = ProseRenderer()
    texts = [
        "att tacka för informationen.",
        "rad ett\nrad två\n\nstycke två",
        'att projekten "Offentliga Mikrotjänster" prioriteras. Kontaktpersoner är Dinah Åbinger..',
        "2020-2023, 13.15 och 8/2019 – kl. 09.20 (§ 4) o.s.v.?",
        "Texten, med; skiljetecken: och 'citat' – och ”typografiska” citat.",
    ]
    for text in texts:
        fast = renderer._plain(text)
        assert fast is not None, text
        renderer._markdown.reset()
        assert fast == renderer._cleaner.clean(renderer._markdown.convert(text)), text


def test_protocol_text_is_sanitised_whatever_markdown_makes_of_it() -> None:
    renderer = ProseRenderer()
    payloads = [
        "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>", "<div onclick=alert(1)>x</div>",
        "<iframe src=\"javascript:alert(1)\"></iframe>", "[x](javascript:alert(1))", "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "![x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))", "<a href=\"&#106;avascript:alert(1)\">x</a>",
        "<style>body{display:none}</style>", "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
    ]  # fmt: skip
    for payload in payloads:
        html = renderer.html(f"Text före.\n\n{payload}\n\nText efter.")
        assert not re.search(r"<(script|iframe|svg|style|math|div)\b|\son\w+=|javascript:|data:", html, re.IGNORECASE), (payload, html)
        assert "Text efter." in html


def test_names_are_linked_in_text_but_not_inside_links_or_code(strings) -> None:
    index = build_index(load_archive(REPO / "protocols", strings))
    html = '<p>Pia Radil och <a href="x">Pia Radil</a> och <code>Pia Radil</code> &amp; Smarta lokaler.</p>'
    linked = link_names(html, index, lambda match: f"/{match.slug}?a=1&b=2")
    assert linked == (
        '<p><a href="/pia-radil?a=1&amp;b=2">Pia Radil</a> och <a href="x">Pia Radil</a> och <code>Pia Radil</code> '
        '&amp; <a href="/smarta-lokaler?a=1&amp;b=2">Smarta lokaler</a>.</p>'
    )


def test_every_page_renders_and_hostile_register_values_stay_text(tmp_path, strings) -> None:
    import shutil

    root = tmp_path / "protocols"
    shutil.copytree(REPO / "protocols", root)
    people = root / "personer.yml"
    hostile = 'Pia "><svg onload=alert(1)>'
    archive = load_archive(root, strings)
    index = build_index(archive)
    person = next(p for p in index.people.values() if p.person.name == "Pia Radil")
    object.__setattr__(person.person, "name", hostile)  # as if the register let it through
    assert people.exists()
    renderer = Renderer(
        index, strings, UrlScheme.create("https://example.org/", True), permalink=HeadingPermalink.from_toc_options({"permalink": True})
    )
    site = renderer.render_site()
    assert len(site.pages) == len({page.src_uri for page in site.pages})
    for page in site.pages:
        rendered = page.render()
        assert "<svg onload" not in rendered.html and "onload=alert" not in rendered.html.replace("onload=alert(1)&gt;", ""), page.src_uri
        assert all(entry.anchor for entry in rendered.toc)
    person_page = next(p for p in site.pages if p.src_uri == urls.person(person.person.slug)).render()
    assert 'Pia "&gt;&lt;svg onload=alert(1)&gt;' in person_page.html


def test_the_protocol_page_hands_over_its_table_of_contents_and_anchors(strings) -> None:
    index = build_index(load_archive(REPO / "protocols", strings))
    renderer = Renderer(index, strings, UrlScheme.create("", True), permalink=HeadingPermalink.from_toc_options({"permalink": True}))
    page = next(p for p in renderer.render_site().pages if p.src_uri == "kommundirektorsgruppen/2019-11-22.md").render()
    (top,) = page.toc
    assert top.anchor == "protokoll"
    assert [entry.anchor for entry in top.children] == ["narvaro", *[f"punkt-{n}" for n in range(1, 9)], "underskrifter", "hanvisningar"]
    item4 = top.children[4]
    assert [(d.anchor, d.title) for d in item4.children] == [
        ("beslut-4-1", "Beslut 4:1"),
        ("beslut-4-2", "Beslut 4:2"),
        ("beslut-4-3", "Beslut 4:3"),
    ]
    assert {"beslut-4-1", "punkt-8", "narvaro"} <= page.anchors


def test_gaps_between_meetings_are_named(strings) -> None:
    index = build_index(load_archive(REPO / "protocols", strings))
    renderer = Renderer(index, strings, UrlScheme())
    older, newer = index.protocols
    assert renderer.gap_note(older, newer) == "Arkivet har inga protokoll från de 2 år och 9 månader som ligger mellan mötena."
    assert strings.plural("meeting_count", 1) == "1 möte" and strings.plural("meeting_count", 2) == "2 möten"


def test_a_matcher_kept_between_rebuilds_finds_what_a_fresh_one_finds(strings) -> None:
    """Serving keeps one matcher while the registers stay; it remembers what it found in each text."""
    from protokollarkivet.index import Matcher

    archive = load_archive(REPO / "protocols", strings)
    kept = Matcher(archive.registers, remember=True)
    texts = [p.preamble for p in archive.protocols] + [item.text for p in archive.protocols for item in p.items]
    texts += [decision.text for p in archive.protocols for _, decision in p.decisions]
    for _ in range(2):  # the second time from memory
        for text in texts:
            assert list(kept.find(text)) == list(Matcher(archive.registers).find(text))
    fresh, again = build_index(archive), build_index(archive, kept)
    assert [(d.id, d.people, d.projects, d.municipalities) for d in fresh.decisions] == [
        (d.id, d.people, d.projects, d.municipalities) for d in again.decisions
    ]
    assert {k: [(r.text, r.line) for r in v] for k, v in fresh.references.items()} == {
        k: [(r.text, r.line) for r in v] for k, v in again.references.items()
    }
    # what was compared is there: the seeds name projects and people in decisions, and other meetings
    assert any(d.projects for d in fresh.decisions) and any(d.people for d in fresh.decisions)
    assert sum(len(v) for v in fresh.references.values()) >= 1


def test_compiled_templates_are_kept_apart_by_the_settings_they_were_compiled_with(tmp_path) -> None:
    import jinja2

    from protokollarkivet.render.pages import CompiledTemplates

    (tmp_path / "t.html").write_text("{% if true %}\n<p>{{ x }}</p>\n{% endif %}\n", "utf-8")
    cache = CompiledTemplates()

    def render(**settings: bool) -> str:
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(tmp_path), bytecode_cache=cache, **settings)
        return env.get_template("t.html").render(x="<b>")

    assert render() == "\n<p><b></p>\n"
    # the theme's environment and ours load templates of the same name under other settings
    assert render(trim_blocks=True, autoescape=True) == "<p>&lt;b&gt;</p>\n"
    assert render() == "\n<p><b></p>\n"
    (tmp_path / "t.html").write_text("<p>{{ x }}!</p>", "utf-8")  # an edited template is compiled again
    assert render() == "<p><b>!</p>"


def test_an_image_that_reached_the_renderer_is_dropped_not_fetched() -> None:
    # the checker refuses images in protocol text; the sanitiser is the second wall
    rendered = ProseRenderer().html("Se ![karta](https://spårare.example/pixel.png) och [sidan](https://example.org/).")
    assert "<img" not in rendered and "spårare" not in rendered and '<a href="https://example.org/"' in rendered
