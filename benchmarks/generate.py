"""A deterministic synthetic archive in the real protocol format, for benchmarks.

    python benchmarks/generate.py 1000 /tmp/archive      # writes /tmp/archive/protocols/ (and a site to build)

N protocols of two bodies over about twenty years (at N = 1,000), as heavy as real minutes get: 3–15
items, a median of about 11 and up to 32 decisions ("att" clauses, some with "Medskick") per protocol,
1.5–11 KB of text, about 260 registered people (members rotate every two years), realistic attendance
(partial presence, absences, guests), projects with aliases, and references between meetings, some to
meetings the archive holds and some not.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MUNICIPALITIES = [
    "Bjuv", "Båstad", "Helsingborg", "Höganäs", "Klippan", "Landskrona",
    "Perstorp", "Svalöv", "Åstorp", "Ängelholm", "Örkelljunga",
]  # fmt: skip
BODIES = [
    ("kommundirektorsgruppen", "Kommundirektörsgruppen", "KDG", ["kommundirektörmöte", "kommundirektörsmötet"]),
    ("styrelsen", "Styrelsen för Familjen Helsingborg", "STY", ["styrelsemöte", "styrelsemötet"]),
]
PEOPLE = 260  # registered people in all, as in the heavy archive the benchmarks measure against
FIRST = ["Anna", "Erik", "Karin", "Lars", "Maria", "Johan", "Eva", "Per", "Lena", "Anders", "Sara", "Mikael",
         "Ingrid", "Jonas", "Helena", "Peter", "Frida", "Magnus", "Sofia", "Ola", "Emma", "Henrik", "Åsa", "Örjan"]  # fmt: skip
LAST = ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson",
        "Gustafsson", "Pettersson", "Jönsson", "Jansson", "Hansson", "Bengtsson", "Lindberg", "Åberg", "Öhman",
        "Lindqvist", "Mattsson", "Berglund", "Fransson", "Håkansson", "Lundgren", "Sjöberg", "Ek"]  # fmt: skip
WORDS = ["kommunerna", "samverkan", "utveckling", "digitalisering", "förslag", "arbetsgrupp", "uppdrag", "budget", "region", "planering", "medborgare", "service", "effektivisering", "rapport", "underlag", "beslut", "projekt", "finansiering", "kompetens", "skola", "omsorg", "trafik", "bostäder", "näringsliv", "turism", "miljö", "klimat", "energi", "upphandling", "personal", "rekrytering", "ledarskap", "uppföljning", "statistik", "kvalitet", "dialog", "remiss", "yttrande", "strategi", "handlingsplan"]  # fmt: skip
ITEM_TITLES = ["Incheckningsrunda", "Föregående protokoll", "Lägesrapport", "Ekonomisk uppföljning",
               "Remiss", "Information från regionen", "Workshop", "Kompetensförsörjning", "Övrigt",
               "Digitalisering", "Upphandling", "Inför styrelsemöte", "Omvärldsbevakning"]  # fmt: skip


@dataclass
class Member:
    name: str
    municipality: str


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _people(rng: random.Random, count: int) -> list[Member]:
    names: set[str] = set()
    people = []
    while len(people) < count:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if name in names:
            name = f"{name}-{rng.choice(LAST)}"
            if name in names:
                continue
        names.add(name)
        people.append(Member(name, rng.choice(MUNICIPALITIES)))
    return people


def _meeting_dates(rng: random.Random, count: int, start_year: int) -> list[dt.date]:
    """`count` distinct dates, about two a month, from `start_year` on."""
    dates = []
    day = dt.date(start_year, 1, 15)
    for _ in range(count):
        day += dt.timedelta(days=rng.randint(12, 19))
        dates.append(day)
    return dates


SEED_PROJECTS = [
    ("Naturturism Rönneå", "Naturturism längs Rönneå"),
    ("Smarta lokaler", "Lokalprojektet"),
    ("Offentliga Mikrotjänster", "Mikrotjänstprojektet"),
    ("Kommunalt Acceleratorprogram", "acceleratorprogrammet"),
    ("Vägledningswebb", "Utbildningsplattform"),
    ("Familjen means Business", "Fika med Familjen"),
]


def generate(target: Path, count: int, seed: int = 1) -> Path:
    """Write a site project with `count` protocols to `target`; return its `protocols/` directory."""
    rng = random.Random(seed)
    _USED.clear()
    _CONTACTS.clear()
    archive = target / "protocols"
    if archive.exists():
        shutil.rmtree(archive)
    archive.mkdir(parents=True)

    people_per_body = (PEOPLE - 40) // len(BODIES)
    pool = _people(rng, people_per_body * len(BODIES) + 40)
    secretary = Member("Johan Lindberg", "")
    guests = pool[-40:]
    # The seed archive's projects among the generated ones, so that a reader's query ("Naturturism") finds
    # what it finds in the real archive, spread over every year.
    projects = [
        *SEED_PROJECTS,
        *((f"Projekt {word.capitalize()} {n}", f"{word.capitalize()}initiativet {n}") for n, word in enumerate(WORDS[:60])),
    ]

    lines = ["# Synthetic registers for benchmarks."]
    (archive / "utgivare.yml").write_text("namn: Familjen Helsingborg, sekretariatet\ne-post: sekretariatet@example.se\n", "utf-8")
    (archive / "kommuner.yml").write_text("\n".join(f"- {m}" for m in MUNICIPALITIES) + "\n", "utf-8")
    (archive / "organisationer.yml").write_text("- namn: Sekretariatet, Familjen Helsingborg\n  alias: [sekretariatet]\n", "utf-8")
    bodies_yaml = []
    for slug, name, short, words in BODIES:
        bodies_yaml += [f"{slug}:", f"  namn: {name}", f"  förkortning: {short}", "  referensord:"]
        bodies_yaml += [f"    - {word}" for word in [*words, "protokoll"]]
    (archive / "organ.yml").write_text("\n".join(bodies_yaml) + "\n", "utf-8")
    statuses = ["idé", "prioriterad", "planerad", "pågående", "avslutad"]
    project_lines = []
    for n, (name, alias) in enumerate(projects):
        contact = pool[n % len(pool)].name
        _CONTACTS.add(contact)
        project_lines += [f"- namn: {name}", f"  alias: [{alias}]", f"  kontaktpersoner: [{contact}]", f"  status: {statuses[n % 5]}"]
    (archive / "projekt.yml").write_text("\n".join(project_lines) + "\n", "utf-8")

    per_body = [count // len(BODIES) + (1 if i < count % len(BODIES) else 0) for i in range(len(BODIES))]
    for body_index, (slug, _, _, words) in enumerate(BODIES):
        folder = archive / slug
        folder.mkdir()
        members_pool = pool[body_index * people_per_body : (body_index + 1) * people_per_body]
        dates = _meeting_dates(rng, per_body[body_index], 2026 - max(1, round(per_body[body_index] * 15.5 / 365)))
        all_dates = set(dates)
        numbers: dict[int, int] = {}
        for meeting, date in enumerate(dates):
            term = meeting // 16  # members change several times a year: every seat has had many holders
            members = [members_pool[(term * 3 + k) % len(members_pool)] for k in range(11)]
            numbers[date.year] = numbers.get(date.year, 0) + 1
            text = _protocol(rng, slug, date, numbers[date.year], members, secretary, guests, projects, words, dates, all_dates, meeting)
            (folder / f"{date.isoformat()}.md").write_text(text, "utf-8")
    # Only people who appear are registered, as in a real archive.
    used = set(_USED)
    lines = ["- namn: Johan Lindberg", "  organisation: Sekretariatet, Familjen Helsingborg", "  titel: sekretariatschef"]
    lines += [f"- {p.name}, {p.municipality}" for p in pool if p.name in used]
    lines += [f"- {p.name}, {p.municipality}" for p in pool if p.name not in used and p.name in _CONTACTS]
    (archive / "personer.yml").write_text("\n".join(lines) + "\n", "utf-8")
    return archive


_USED: set[str] = set()
_CONTACTS: set[str] = set()


def _protocol(rng, slug, date, number, members, secretary, guests, projects, words, dates, all_dates, meeting) -> str:
    start_hour = rng.choice([8, 9, 10, 13])
    start, end = f"{start_hour:02d}.{rng.choice(['00', '15', '30'])}", f"{start_hour + 2:02d}.{rng.choice(['00', '30', '45'])}"
    present, absent = [], []
    for k, member in enumerate(members):
        if rng.random() < 0.12 and k > 0:
            absent.append(f"  - {member.name}, {member.municipality}")
            continue
        extra = ""
        if rng.random() < 0.08:
            extra = f", från {start_hour + 1:02d}.{rng.choice(['20', '40'])}"
        elif rng.random() < 0.08:
            extra = f", till {start_hour + 1:02d}.{rng.choice(['10', '50'])}"
        present.append(f"  - {member.name}, {member.municipality}{extra}")
    present.append(f"  - {secretary.name}, sekretariatet")
    _USED.update(member.name for member in members)
    item_count = max(3, min(15, round(rng.triangular(3, 15, 11))))
    chosen_guests = rng.sample(guests, rng.randint(0, 2))
    _USED.update(g.name for g in chosen_guests)
    guest_lines = [f"  - {g.name}, {g.municipality}, punkt {rng.randint(1, item_count)}" for g in chosen_guests]
    chair = members[0].name
    head = [
        "---",
        f"organ: {slug}",
        f"nummer: {number}/{date.year}",
        f"datum: {date.isoformat()}",
        f'tid: "{start}–{end}"',
        f"plats: {rng.choice(['Mindpark', 'Stadshuset', 'Digitalt möte', 'Rusthållargården i Arild'])}",
        "status: justerat",
        "justering:",
        f"  datum: {(date + dt.timedelta(days=rng.randint(0, 7))).isoformat()}",
        f"  justerare: [{chair}]",
        f"ordförande: {chair}",
        "sekreterare: Johan Lindberg",
        "närvarande:",
        *present,
    ]
    if absent:
        head += ["frånvarande:", *absent]
    if guest_lines:
        head += ["gäster:", *guest_lines]
    head += ["underskrifter:", f"  - {chair}, ordförande", "  - Johan Lindberg, sekretariatschef", "---", ""]
    body = [f"{secretary.name} hälsade välkommen.", ""]
    decided = 0  # clauses so far: at most 32 a protocol
    for item in range(1, item_count + 1):
        title = rng.choice(ITEM_TITLES)
        project_name, alias = rng.choice(projects)
        if rng.random() < 0.3:
            title = f"{title} {project_name}"
        body += [f"## {item}. {title}", ""]
        paragraph = " ".join(_sentence(rng, rng.randint(6, 20)) for _ in range(rng.randint(1, 4)))
        if rng.random() < 0.3:
            paragraph += f" {rng.choice(guest_lines or present)[4:].split(',')[0]} redogjorde för {alias}."
        if rng.random() < 0.15:
            other = dates[max(0, meeting - rng.randint(1, 5))]
            if rng.random() < 0.3:
                other = other + dt.timedelta(days=1)  # a meeting the archive does not have
            paragraph += f" Frågan behandlades på {words[0]} {other.strftime('%y%m%d')}."
        body += [paragraph, ""]
        clauses = min(rng.choices((0, 1, 2, 3, 4), weights=(25, 40, 20, 10, 5))[0], 32 - decided)
        if clauses:
            body += ["Beslut", ""]
            decided += clauses
            for _ in range(clauses):
                body += [f"att {_sentence(rng, rng.randint(8, 25)).lower()}", ""]
            if rng.random() < 0.2:
                body += [f"Medskick att {_sentence(rng, 10).lower()}", ""]
    return "\n".join(head + body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("count", type=int)
    parser.add_argument("target", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    archive = generate(arguments.target, arguments.count, arguments.seed)
    print(f"{arguments.count} protokoll i {archive}")


if __name__ == "__main__":
    main()
