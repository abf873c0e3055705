"""programme.json (validated against its published JSON Schema) and the schema.org JSON-LD of
the session, module and edition overview pages.

On the fixture: the content is known, so values are checked (times on both sides of the change
to summer time, the agenda's end rules, hostile text). With a second edition copied over it
(tests/fixtures/second-edition/, another time zone; no build, the serializers run in this
process): the editions[] of programme.json and a module held in two editions. On the real site:
invariants derived from data/ only.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import jsonschema
import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURE, REPO, Workspace, page_file

from macros.curriculum import Curriculum
from macros.schedule.jsonld import JsonLd
from macros.schedule.programme_json import SCHEMA_VERSION, ProgrammeJson
from macros.schedule.urls import SiteUrls

ROME = ZoneInfo("Europe/Rome")
BASE = "https://smartctclusters.github.io/curriculum/"  # mkdocs.yml's site_url (SITE_URL unset)
ONLINE = "https://schema.org/OnlineEventAttendanceMode"
SCHEMA = "docs/programme/programme.schema.json"  # machinery: copied into every workspace
EDITION = "fixture-2021"  # the fixture's one edition
SECOND = "fixture-2022"  # the edition of tests/fixtures/second-edition/ (Europe/Kyiv)
SECOND_EDITION = FIXTURE.parent / "second-edition"


def load_schema(root: Path) -> dict:
    return json.loads((root / SCHEMA).read_text(encoding="utf-8"))


def validator(schema: dict) -> jsonschema.Draft202012Validator:
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def problems(schema: dict, data: dict) -> list[str]:
    errors = sorted(validator(schema).iter_errors(data), key=lambda e: list(e.path))
    return [f"{list(e.path)}: {e.message}" for e in errors]


def read_json(site: Path) -> dict:
    return json.loads((site / "programme.json").read_text(encoding="utf-8"))


def all_sessions(data: dict) -> list[dict]:
    """The session entries of every edition, edition by edition."""
    return [s for e in data["editions"] for s in e["sessions"]]


def session(data: dict, sid: str) -> dict:
    return next(s for s in all_sessions(data) if s["id"] == sid)


def edition(data: dict, eid: str) -> dict:
    return next(e for e in data["editions"] if e["id"] == eid)


@pytest.fixture(scope="module")
def schema(fixture_root) -> dict:
    return load_schema(fixture_root)


@pytest.fixture(scope="module")
def data(fixture_site) -> dict:
    return read_json(fixture_site)


@pytest.fixture(scope="module")
def two_editions(tmp_path_factory) -> Curriculum:
    """The fixture with its second edition (loaded, not built)."""
    ws = Workspace(tmp_path_factory.mktemp("two-editions") / "repo")
    for part in ("data", "docs"):
        shutil.copytree(SECOND_EDITION / part, ws.root / part, dirs_exist_ok=True)
    return ws.load()


@pytest.fixture(scope="module")
def two_data(two_editions) -> dict:
    """programme.json of the two editions, as the build writes it (the text, read back)."""
    return json.loads(ProgrammeJson(two_editions, SiteUrls(two_editions, BASE)).text())


# -------------------------------------------------------------------- programme.json: fixture


def test_valid_against_the_published_schema(fixture_site, data, schema):
    assert problems(schema, data) == []
    published = fixture_site / "programme" / "programme.schema.json"
    assert json.loads(published.read_text(encoding="utf-8")) == schema
    assert data["$schema"] == BASE + "programme/programme.schema.json"
    assert (
        data["schema_version"] == SCHEMA_VERSION == schema["properties"]["schema_version"]["const"]
    )
    assert SCHEMA_VERSION == "2.0"  # 2.0: the sessions are in editions[], each its own


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("editions", 0, "sessions", 0, "start"), "2021-03-22 09:30"),  # no offset
        (("editions", 0, "sessions", 0, "start_utc"), "2021-03-22T08:30:00+00:00"),  # not Z
        (("editions", 0, "sessions", 0, "agenda", 0, "kind"), "lecture"),
        (("editions", 0, "sessions", 0, "agenda", 0, "end_source"), "guess"),
        (("editions", 0, "sessions", 0, "edition"), "Fixture 2021"),  # not an id
        (("editions", 0, "sessions"), []),  # an edition has sessions
        (("editions", 0, "notes", 0, "about"), ["weather"]),
        (("editions", 0, "mode"), "hybrid"),
        (("editions", 0, "first_date"), "22 March 2021"),
        (("editions",), []),  # there is an edition
        (("modules", 0, "status"), "draft"),
        (("modules", 0, "editions"), "fixture-2021"),  # a list of ids
        (("current_edition",), "The fixture"),
        (("schema_version",), "1.0"),
    ],
)
def test_the_schema_rejects_wrong_values(data, schema, path, value):
    broken = copy.deepcopy(data)
    target = broken
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    assert problems(schema, broken)


def test_the_schema_rejects_missing_and_unknown_fields(data, schema):
    for remove in (
        lambda d: d["editions"][0]["sessions"][0].pop("end"),
        lambda d: d["editions"][0].pop("timezone"),
        lambda d: d["editions"][0]["sessions"][0].pop("edition"),
        lambda d: d.pop("current_edition"),
        lambda d: d.pop("editions"),
    ):
        missing = copy.deepcopy(data)
        remove(missing)
        assert problems(schema, missing)
    for where in (
        lambda d: d["editions"][0]["sessions"][0],
        lambda d: d["editions"][0],
        lambda d: d,
    ):
        extra = copy.deepcopy(data)
        where(extra)["room"] = "B12"
        assert problems(schema, extra)
    old = copy.deepcopy(data)  # the 1.x shape: the sessions at the top
    old["sessions"] = old["editions"][0].pop("sessions")
    assert problems(schema, old)


def test_the_edition(data, fixture_cur):
    """The fixture's one edition: its facts from edition.yml, its overview and calendar."""
    assert [e["id"] for e in data["editions"]] == [EDITION] == list(fixture_cur.editions)
    assert data["current_edition"] == EDITION
    entry = data["editions"][0]
    assert {k: entry[k] for k in ("title", "mode", "timezone", "first_date", "last_date")} == {
        "title": "Fixture Training Programme",
        "mode": "online",
        "timezone": "Europe/Rome",
        "first_date": "2021-03-22",
        "last_date": "2021-04-10",
    }
    assert entry["url"] == BASE + "programme/fixture-2021/"
    assert entry["calendar"] == BASE + "calendar/fixture-2021/programme.ics"
    assert entry["participants"] == {
        "clusters_approx": 12,
        "countries": ["Ireland", "Italy", "Ukraine"],
    }
    assert entry["module_labels"] == {"module-first": "Part A: The first topic"}
    assert data["url"] == BASE + "programme/"  # the hub of the editions
    assert data["calendar"] == BASE + "calendar/programme.ics"  # every edition's sessions
    assert data["project"]["name"] == "FixtureProject"


def test_every_session_module_and_organisation(data, fixture_cur):
    sessions = {s["id"]: s for s in all_sessions(data)}
    assert list(sessions) == list(fixture_cur.sessions)
    assert [s["number"] for s in sessions.values()] == list(range(1, 7))
    assert {s["edition"] for s in sessions.values()} == {EDITION}
    assert [m["id"] for m in data["modules"]] == ["module-first", "module-smart", "module-planned"]
    planned = data["modules"][2]
    assert planned["status"] == "planned" and planned["url"] is None
    assert planned["calendar"] is None and planned["editions"] == []
    first = data["modules"][0]
    assert first["editions"] == [EDITION]
    # a session names its module; the module lists no sessions
    assert [sid for sid, s in sessions.items() if s["module"] == "module-first"] == [
        "2021-03-24-first-topic-1",
        "2021-03-29-first-topic-2",
    ]
    assert first["url"] == BASE + "modules/module-first/"
    assert first["calendar"] == BASE + "calendar/module-first.ics"
    orgs = {o["id"]: o for o in data["organisations"]}
    assert list(orgs) == list(fixture_cur.organisations)
    assert orgs["alpha"]["short_name"] == "AC" and orgs["beta"]["short_name"] is None
    assert orgs["beta"]["name"] == "Beta <Network> & Co"  # data, not HTML: not escaped
    assert orgs["delta"]["name"] == "Delta Łódź Київ"
    assert sessions["2021-03-24-first-topic-1"]["module"] == "module-first"
    assert sessions["2021-03-24-first-topic-1"]["expert"] == "gamma"
    assert sessions["2021-04-01-between"]["module"] is None
    assert sessions["2021-03-26-second-topic-1"]["title"] == (
        "Smart <script>alert(1)</script> & *Cities* {{ not_a_macro }} | pipes"
    )
    for sid, entry in sessions.items():
        assert entry["url"] == f"{BASE}programme/fixture-2021/sessions/{sid}/"
        assert entry["calendar"] == f"{BASE}calendar/{sid}.ics"


def test_notes_and_what_they_are_about(data):
    assert [(n["id"], n["about"]) for n in data["editions"][0]["notes"]] == [
        ("year", ["dates"]),
        ("timezone", ["times"]),
        ("naming", []),
    ]


@pytest.mark.parametrize(
    ("sid", "start", "start_utc", "end_utc", "zone"),
    [
        ("2021-03-22-opening", "2021-03-22T09:30:00+01:00", "2021-03-22T08:30:00Z",
         "2021-03-22T12:00:00Z", "CET"),
        ("2021-03-26-second-topic-1", "2021-03-26T14:00:00+01:00", "2021-03-26T13:00:00Z",
         "2021-03-26T15:00:00Z", "CET"),
        ("2021-03-29-first-topic-2", "2021-03-29T09:30:00+02:00", "2021-03-29T07:30:00Z",
         "2021-03-29T11:30:00Z", "CEST"),
        ("2021-04-10-second-topic-2", "2021-04-10T09:00:00+02:00", "2021-04-10T07:00:00Z",
         "2021-04-10T09:00:00Z", "CEST"),
    ],
)  # fmt: skip
def test_times_with_offsets_and_in_utc(data, sid, start, start_utc, end_utc, zone):
    entry = session(data, sid)
    assert entry["start"] == start
    assert (entry["start_utc"], entry["end_utc"]) == (start_utc, end_utc)
    assert entry["timezone"] == "Europe/Rome" and entry["timezone_abbreviation"] == zone
    assert entry["agenda"][0]["start"] == start  # items carry the session's offset too


def test_times_agree_with_the_data(data, fixture_cur):
    for entry in all_sessions(data):
        s = fixture_cur.sessions[entry["id"]]
        start = datetime.combine(s.date, s.start, tzinfo=ROME)
        end = datetime.combine(s.date, s.end, tzinfo=ROME)
        assert datetime.fromisoformat(entry["start"]) == start
        assert datetime.fromisoformat(entry["end"]) == end
        assert datetime.fromisoformat(entry["start_utc"]) == start.astimezone(UTC)
        assert datetime.fromisoformat(entry["end_utc"]) == end.astimezone(UTC)
        assert [i["label"] for i in entry["agenda"]] == [i.label for i in s.agenda]
        assert [i["presenters"] for i in entry["agenda"]] == [i.presenters for i in s.agenda]


def agenda(data: dict, sid: str) -> list[tuple]:
    return [
        (i["start"][11:16], i["end"] and i["end"][11:16], i["end_source"], i["duration_minutes"])
        for i in session(data, sid)["agenda"]
    ]


def test_end_rules(data):
    """end (the source's end), duration, next-item (the next item's start), session-end (the
    last item runs to the session's end), none (an item that starts when the session ends)."""
    assert agenda(data, "2021-03-22-opening") == [
        ("09:30", "09:45", "duration", 15),
        ("09:45", "10:30", "end", None),
        ("10:30", "11:00", "next-item", None),
        ("11:00", "12:30", "end", None),
        ("12:30", "13:00", "session-end", None),
    ]
    assert agenda(data, "2021-03-24-first-topic-1")[-1] == ("13:30", None, None, None)
    welcome = session(data, "2021-03-29-first-topic-2")["agenda"][0]
    assert (welcome["duration_minutes"], welcome["duration_approximate"]) == (10, True)
    topics = session(data, "2021-03-24-first-topic-1")["agenda"]
    assert topics[1]["title"] is None
    assert topics[1]["topics"] == ["Topic one: approach & method", "Case on the first topic"]
    assert topics[1]["label"] == "Topic one: approach & method | Case on the first topic"
    assert topics[1]["case_studies"] == ["case-twice"]
    assert topics[3]["note"] == "A note on the item, with the term S3."


DATA_PAGE = "programme/data.md"  # {{ programme_json_fields() }}


def test_every_field_is_described_and_listed_on_the_page(fixture_site, schema):
    """The field reference on the page is generated from the schema: every field has a
    description there, and the page lists it, those of an edition and of its participants
    (an object or null) included."""
    html = page_file(fixture_site, DATA_PAGE).read_text(encoding="utf-8")

    def walk(spec: dict, where: str) -> None:
        for name, sub in spec.get("properties", {}).items():
            if name == "$schema":
                continue
            assert sub.get("description"), f"{where}.{name} has no description"
            assert f"<code>{name}</code>" in html or f".{name}</code>" in html, f"{where}.{name}"
            for inner in (sub, sub.get("items", {}), *sub.get("anyOf", ())):
                walk(inner, f"{where}.{name}")

    walk(schema, "programme")
    for name in ("edition", "session", "item", "module"):
        walk(schema["$defs"][name], name)
    for name in ("notes[].about", "participants.countries", "module_labels", "current_edition"):
        assert f"<code>{name}</code>" in html, name
    assert "session-end" in html


def test_every_field_table_has_a_caption_in_words(fixture_site):
    page = BeautifulSoup(page_file(fixture_site, DATA_PAGE).read_text(encoding="utf-8"), "lxml")
    captions = [c.get_text(strip=True) for c in page.select(".ct-fields caption")]
    assert len(captions) == 5
    assert not set(captions) & {"programme", "edition", "session", "item", "module"}, captions


# ------------------------------------------------------------ programme.json: two editions


def test_two_editions_valid_and_in_order(two_data, schema, two_editions):
    assert problems(schema, two_data) == []
    assert [e["id"] for e in two_data["editions"]] == [EDITION, SECOND]  # oldest first
    assert two_data["current_edition"] == SECOND == two_editions.current_edition()
    second = edition(two_data, SECOND)
    assert (second["title"], second["timezone"]) == ("Second Fixture Edition", "Europe/Kyiv")
    assert (second["first_date"], second["last_date"]) == ("2022-10-24", "2022-11-04")
    assert second["participants"] is None and second["module_labels"] == {}
    assert second["url"] == BASE + "programme/fixture-2022/"
    assert second["calendar"] == BASE + "calendar/fixture-2022/programme.ics"
    assert [n["title"] for n in second["notes"]] == [
        "Another year",
        "Kyiv time",
        "The second edition's names",
    ]
    # the first edition is as it was alone
    first = edition(two_data, EDITION)
    assert [s["number"] for s in first["sessions"]] == list(range(1, 7))
    assert {s["timezone"] for s in first["sessions"]} == {"Europe/Rome"}


def test_each_edition_numbers_its_own_sessions_in_its_own_zone(two_data):
    """Sessions of the second edition: numbered from 1, in Europe/Kyiv, on both sides of the
    end of summer time there (30 October 2022)."""
    second = edition(two_data, SECOND)["sessions"]
    assert [(s["id"], s["number"], s["edition"]) for s in second] == [
        ("2022-10-25-first-topic-again", 1, SECOND),
        ("2022-11-02-closing", 2, SECOND),
    ]
    times = [
        (s["start"], s["end"], s["start_utc"], s["timezone"], s["timezone_abbreviation"])
        for s in second
    ]
    assert times == [
        ("2022-10-25T10:00:00+03:00", "2022-10-25T12:00:00+03:00", "2022-10-25T07:00:00Z",
         "Europe/Kyiv", "EEST"),
        ("2022-11-02T15:00:00+02:00", "2022-11-02T16:30:00+02:00", "2022-11-02T13:00:00Z",
         "Europe/Kyiv", "EET"),
    ]  # fmt: skip
    items = second[0]["agenda"]
    assert [(i["start"], i["end"], i["end_source"]) for i in items] == [
        ("2022-10-25T10:00:00+03:00", "2022-10-25T11:00:00+03:00", "end"),
        ("2022-10-25T11:00:00+03:00", "2022-10-25T12:00:00+03:00", "session-end"),
    ]
    assert (
        second[0]["url"] == f"{BASE}programme/fixture-2022/sessions/2022-10-25-first-topic-again/"
    )


def test_a_module_lists_the_editions_that_held_it(two_data):
    modules = {m["id"]: m for m in two_data["modules"]}
    assert modules["module-first"]["editions"] == [EDITION, SECOND]
    assert modules["module-smart"]["editions"] == [EDITION]
    assert modules["module-planned"]["editions"] == []
    held = [
        (s["edition"], s["id"]) for s in all_sessions(two_data) if s["module"] == "module-first"
    ]
    assert held == [
        (EDITION, "2021-03-24-first-topic-1"),
        (EDITION, "2021-03-29-first-topic-2"),
        (SECOND, "2022-10-25-first-topic-again"),
    ]


# ---------------------------------------------------------------------------------- JSON-LD

LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def jsonld(site: Path, page: str) -> list[dict]:
    html = page_file(site, page).read_text(encoding="utf-8")
    return [json.loads(block) for block in LD.findall(html)]


def test_session_pages_carry_an_education_event(fixture_site, fixture_cur):
    for sid, s in fixture_cur.sessions.items():
        page = fixture_cur.pages["sessions"][sid]
        assert page == f"programme/fixture-2021/sessions/{sid}.md"
        (event,) = jsonld(fixture_site, page)
        url = f"{BASE}programme/fixture-2021/sessions/{sid}/"
        assert event["@context"] == "https://schema.org"
        assert event["@type"] == "EducationEvent"
        assert (event["name"], event["url"], event["@id"]) == (s.title, url, url + "#event")
        assert event["startDate"] == datetime.combine(s.date, s.start, ROME).isoformat()
        assert event["endDate"] == datetime.combine(s.date, s.end, ROME).isoformat()
        assert event["eventAttendanceMode"] == ONLINE
        assert event["location"] == {"@type": "VirtualLocation", "url": url}
        assert event["organizer"]["name"] == "FixtureProject"
        supers = (
            event["superEvent"] if isinstance(event["superEvent"], list) else [event["superEvent"]]
        )
        assert supers[-1]["@type"] == "EventSeries"
        assert supers[-1]["@id"] == BASE + "programme/fixture-2021/#programme"
        module = fixture_cur.module_of(sid)
        assert [x["@id"] for x in supers[:-1]] == (
            [f"{BASE}modules/{module.id}/#course-instance-fixture-2021"] if module else []
        )
        assert [e["name"] for e in event["subEvent"]] == [i.label for i in s.agenda]
        if s.expert:
            assert event["performer"]["name"] == fixture_cur.organisations[s.expert].name


def test_session_event_times_across_summer_time(fixture_site):
    (before,) = jsonld(fixture_site, "programme/fixture-2021/sessions/2021-03-26-second-topic-1.md")
    (after,) = jsonld(fixture_site, "programme/fixture-2021/sessions/2021-03-29-first-topic-2.md")
    assert (before["startDate"], before["endDate"]) == (
        "2021-03-26T14:00:00+01:00",
        "2021-03-26T16:00:00+01:00",
    )
    assert (after["startDate"], after["endDate"]) == (
        "2021-03-29T09:30:00+02:00",
        "2021-03-29T13:30:00+02:00",
    )
    assert after["performer"]["name"] == "Gamma Experts"
    # an item without an end has no endDate; the others do
    (first,) = jsonld(fixture_site, "programme/fixture-2021/sessions/2021-03-24-first-topic-1.md")
    assert "endDate" not in first["subEvent"][-1]
    assert first["subEvent"][0]["endDate"] == "2021-03-24T10:00:00+01:00"


def test_module_pages_carry_a_course(fixture_site, fixture_cur):
    """A module is a Course; each edition that held it a CourseInstance, with its sessions."""
    for m in fixture_cur.published_modules():
        (course,) = jsonld(fixture_site, f"modules/{m.id}.md")
        url = f"{BASE}modules/{m.id}/"
        assert course["@type"] == "Course" and course["url"] == url
        assert course["name"] == f"Module {m.number}: {m.title}"
        (instance,) = course["hasCourseInstance"]  # one edition
        assert instance["@type"] == "CourseInstance"
        assert instance["@id"] == url + "#course-instance-fixture-2021"
        assert instance["name"] == f"Fixture Training Programme: Module {m.number}"
        assert instance["superEvent"]["@id"] == BASE + "programme/fixture-2021/#programme"
        assert [e["@id"] for e in instance["subEvent"]] == [
            f"{BASE}programme/fixture-2021/sessions/{sid}/#event"
            for sid, s in fixture_cur.sessions.items()
            if s.module == m.id
        ]
    (smart,) = jsonld(fixture_site, "modules/module-smart.md")
    (instance,) = smart["hasCourseInstance"]
    assert (instance["startDate"], instance["endDate"]) == (
        "2021-03-26T14:00:00+01:00",
        "2021-04-10T11:00:00+02:00",
    )
    assert smart["name"] == "Module 2: Smart & <Cities> *with* markup"


def test_the_edition_overview_carries_the_event_series(fixture_site, fixture_cur):
    (series,) = jsonld(fixture_site, "programme/fixture-2021/index.md")
    assert series["@type"] == "EventSeries"
    assert series["@id"] == BASE + "programme/fixture-2021/#programme"
    assert series["url"] == BASE + "programme/fixture-2021/"
    assert series["name"] == "Fixture Training Programme"
    assert (series["startDate"], series["endDate"]) == ("2021-03-22", "2021-04-10")
    assert [e["@id"] for e in series["subEvent"]] == [
        f"{BASE}programme/fixture-2021/sessions/{sid}/#event" for sid in fixture_cur.sessions
    ]


def test_other_pages_have_no_jsonld(fixture_site):
    for page in (
        "index.md",
        "about.md",
        "glossary.md",
        "programme/index.md",  # the hub of the editions
        "programme/data.md",
        "programme/fixture-2021/at-a-glance.md",
    ):
        assert jsonld(fixture_site, page) == [], page


def test_hostile_titles_cannot_break_out_of_the_script(fixture_site):
    """The title holds </script>: in the page its JSON-LD is escaped (\\u003c), so the block
    ends where it should and parses to the exact title."""
    page = "programme/fixture-2021/sessions/2021-03-26-second-topic-1.md"
    html = page_file(fixture_site, page).read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html
    blocks = LD.findall(html)
    assert len(blocks) == 1 and "<" not in blocks[0] and ">" not in blocks[0]
    assert "&" not in blocks[0]
    (event,) = jsonld(fixture_site, page)
    assert event["name"] == "Smart <script>alert(1)</script> & *Cities* {{ not_a_macro }} | pipes"
    assert event["subEvent"][0]["name"] == "An item with <b>markup</b> & a Smart City"


def test_a_module_held_in_two_editions_has_two_course_instances(two_editions):
    ld = JsonLd(two_editions, SiteUrls(two_editions, BASE))
    course = ld.module("module-first")
    url = BASE + "modules/module-first/"
    instances = course["hasCourseInstance"]
    assert [i["@id"] for i in instances] == [
        url + "#course-instance-fixture-2021",
        url + "#course-instance-fixture-2022",
    ]
    assert [i["superEvent"]["@id"] for i in instances] == [
        BASE + "programme/fixture-2021/#programme",
        BASE + "programme/fixture-2022/#programme",
    ]
    assert [[e["@id"] for e in i["subEvent"]] for i in instances] == [
        [
            f"{BASE}programme/fixture-2021/sessions/2021-03-24-first-topic-1/#event",
            f"{BASE}programme/fixture-2021/sessions/2021-03-29-first-topic-2/#event",
        ],
        [f"{BASE}programme/fixture-2022/sessions/2022-10-25-first-topic-again/#event"],
    ]
    assert (instances[1]["startDate"], instances[1]["endDate"]) == (
        "2022-10-25T10:00:00+03:00",
        "2022-10-25T12:00:00+03:00",
    )
    assert instances[1]["name"] == "Second Fixture Edition: Module 1"
    # the module held in one edition only has one instance
    assert len(ld.module("module-smart")["hasCourseInstance"]) == 1
    # a session of the second edition belongs to its module there and to its edition
    event = ld.session("2022-10-25-first-topic-again")
    assert [x["@id"] for x in event["superEvent"]] == [
        url + "#course-instance-fixture-2022",
        BASE + "programme/fixture-2022/#programme",
    ]
    assert event["startDate"] == "2022-10-25T10:00:00+03:00"
    series = ld.programme(SECOND)
    assert [e["@id"] for e in series["subEvent"]] == [
        f"{BASE}programme/fixture-2022/sessions/{sid}/#event"
        for sid in ("2022-10-25-first-topic-again", "2022-11-02-closing")
    ]


# ------------------------------------------------------------------------------ the real site


def test_real_programme_json_lists_the_data(site, curriculum):
    data = read_json(site)
    assert problems(load_schema(REPO), data) == []
    assert [e["id"] for e in data["editions"]] == list(curriculum.editions)
    assert data["current_edition"] == curriculum.current_edition()
    assert sorted(s["id"] for s in all_sessions(data)) == sorted(curriculum.sessions)
    for entry in data["editions"]:
        eid = entry["id"]
        sids = curriculum.edition_sessions(eid)
        assert [s["id"] for s in entry["sessions"]] == sids, eid
        assert [s["number"] for s in entry["sessions"]] == list(range(1, len(sids) + 1)), eid
        assert {s["edition"] for s in entry["sessions"]} == {eid}
        assert {s["timezone"] for s in entry["sessions"]} == {curriculum.editions[eid].timezone}
        assert [n["id"] for n in entry["notes"]] == [n.id for n in curriculum.editions[eid].notes]
        for s in entry["sessions"]:
            assert s["module"] == curriculum.sessions[s["id"]].module, s["id"]
    assert [m["id"] for m in data["modules"]] == list(curriculum.modules)
    assert [m["editions"] for m in data["modules"]] == [
        curriculum.module_editions(mid) for mid in curriculum.modules
    ]
    assert [o["id"] for o in data["organisations"]] == list(curriculum.organisations)
