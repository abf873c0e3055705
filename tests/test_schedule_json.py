"""programme.json (validated against its published JSON Schema) and the schema.org JSON-LD of
the session, module and programme pages.

On the fixture: the content is known, so values are checked (times on both sides of the change
to summer time, the agenda's end rules, hostile text). On the real site: invariants derived
from data/ only.
"""

from __future__ import annotations

import copy
import json
import re
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import jsonschema
import pytest
from conftest import REPO, page_file

from macros.schedule.programme_json import SCHEMA_VERSION

ROME = ZoneInfo("Europe/Rome")
BASE = "https://smartctclusters.github.io/curriculum/"  # mkdocs.yml's site_url (SITE_URL unset)
ONLINE = "https://schema.org/OnlineEventAttendanceMode"
SCHEMA = "docs/programme/programme.schema.json"  # machinery: copied into every workspace


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


@pytest.fixture(scope="module")
def schema(fixture_root) -> dict:
    return load_schema(fixture_root)


@pytest.fixture(scope="module")
def data(fixture_site) -> dict:
    return read_json(fixture_site)


# -------------------------------------------------------------------- programme.json: fixture


def test_valid_against_the_published_schema(fixture_site, data, schema):
    assert problems(schema, data) == []
    published = fixture_site / "programme" / "programme.schema.json"
    assert json.loads(published.read_text(encoding="utf-8")) == schema
    assert data["$schema"] == BASE + "programme/programme.schema.json"
    assert (
        data["schema_version"] == SCHEMA_VERSION == schema["properties"]["schema_version"]["const"]
    )


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("sessions", 0, "start"), "2021-03-22 09:30"),  # no offset
        (("sessions", 0, "start_utc"), "2021-03-22T08:30:00+00:00"),  # not Z
        (("sessions", 0, "agenda", 0, "kind"), "lecture"),
        (("sessions", 0, "agenda", 0, "end_source"), "guess"),
        (("modules", 0, "status"), "draft"),
        (("notes", 0, "about"), ["weather"]),
        (("mode",), "hybrid"),
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
    missing = copy.deepcopy(data)
    del missing["sessions"][0]["end"]
    assert problems(schema, missing)
    extra = copy.deepcopy(data)
    extra["sessions"][0]["room"] = "B12"
    assert problems(schema, extra)


def test_every_session_module_and_organisation(data, fixture_cur):
    assert [s["id"] for s in data["sessions"]] == list(fixture_cur.sessions)
    assert [s["number"] for s in data["sessions"]] == list(range(1, 7))
    assert [m["id"] for m in data["modules"]] == ["module-first", "module-smart", "module-planned"]
    planned = data["modules"][2]
    assert planned["status"] == "planned" and planned["url"] is None
    assert planned["calendar"] is None
    first = data["modules"][0]
    assert first["sessions"] == ["2021-03-24-first-topic-1", "2021-03-29-first-topic-2"]
    assert first["url"] == BASE + "modules/module-first/"
    assert first["calendar"] == BASE + "calendar/module-first.ics"
    orgs = {o["id"]: o for o in data["organisations"]}
    assert list(orgs) == list(fixture_cur.organisations)
    assert orgs["alpha"]["short_name"] == "AC" and orgs["beta"]["short_name"] is None
    assert orgs["beta"]["name"] == "Beta <Network> & Co"  # data, not HTML: not escaped
    assert orgs["delta"]["name"] == "Delta Łódź Київ"
    sessions = {s["id"]: s for s in data["sessions"]}
    assert sessions["2021-03-24-first-topic-1"]["module"] == "module-first"
    assert sessions["2021-03-24-first-topic-1"]["expert"] == "gamma"
    assert sessions["2021-04-01-between"]["module"] is None
    assert sessions["2021-03-26-second-topic-1"]["title"] == (
        "Smart <script>alert(1)</script> & *Cities* {{ not_a_macro }} | pipes"
    )
    assert data["calendar"] == BASE + "calendar/programme.ics"
    for sid, entry in sessions.items():
        assert entry["url"] == f"{BASE}programme/sessions/{sid}/"
        assert entry["calendar"] == f"{BASE}calendar/{sid}.ics"


def test_notes_and_what_they_are_about(data):
    assert [(n["id"], n["about"]) for n in data["notes"]] == [
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
    entry = next(s for s in data["sessions"] if s["id"] == sid)
    assert entry["start"] == start
    assert (entry["start_utc"], entry["end_utc"]) == (start_utc, end_utc)
    assert entry["timezone"] == "Europe/Rome" and entry["timezone_abbreviation"] == zone
    assert entry["agenda"][0]["start"] == start  # items carry the session's offset too


def test_times_agree_with_the_data(data, fixture_cur):
    for entry in data["sessions"]:
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
    entry = next(s for s in data["sessions"] if s["id"] == sid)
    return [
        (i["start"][11:16], i["end"] and i["end"][11:16], i["end_source"], i["duration_minutes"])
        for i in entry["agenda"]
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
    summer = next(s for s in data["sessions"] if s["id"] == "2021-03-29-first-topic-2")
    welcome = summer["agenda"][0]
    assert (welcome["duration_minutes"], welcome["duration_approximate"]) == (10, True)
    topics = next(s for s in data["sessions"] if s["id"] == "2021-03-24-first-topic-1")["agenda"]
    assert topics[1]["title"] is None
    assert topics[1]["topics"] == ["Topic one: approach & method", "Case on the first topic"]
    assert topics[1]["label"] == "Topic one: approach & method | Case on the first topic"
    assert topics[1]["case_studies"] == ["case-twice"]
    assert topics[3]["note"] == "A note on the item, with the term S3."


def test_every_field_is_described_and_listed_on_the_page(fixture_site, schema):
    """The field reference on the page is generated from the schema: every field has a
    description there, and the page lists it (e.g. notes[].about, added in 1.1)."""
    html = page_file(fixture_site, "programme/fixture-2021/at-a-glance.md").read_text(encoding="utf-8")

    def walk(spec: dict, where: str) -> None:
        for name, sub in spec.get("properties", {}).items():
            if name == "$schema":
                continue
            assert sub.get("description"), f"{where}.{name} has no description"
            assert f"<code>{name}</code>" in html or f".{name}</code>" in html, name
            walk(sub, f"{where}.{name}")
            walk(sub.get("items", {}), f"{where}.{name}[]")

    walk(schema, "programme")
    for name in ("session", "item", "module"):
        walk(schema["$defs"][name], name)
    assert "<code>notes[].about</code>" in html
    assert "session-end" in html


# ---------------------------------------------------------------------------------- JSON-LD

LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def jsonld(site: Path, page: str) -> list[dict]:
    html = page_file(site, page).read_text(encoding="utf-8")
    return [json.loads(block) for block in LD.findall(html)]


def test_session_pages_carry_an_education_event(fixture_site, fixture_cur):
    for sid, s in fixture_cur.sessions.items():
        (event,) = jsonld(fixture_site, f"programme/sessions/{sid}.md")
        url = f"{BASE}programme/sessions/{sid}/"
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
        assert supers[-1]["@id"] == BASE + "programme/#programme"
        module = fixture_cur.module_of(sid)
        assert [x["@id"] for x in supers[:-1]] == (
            [f"{BASE}modules/{module.id}/#course-instance"] if module else []
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
    for m in fixture_cur.published_modules():
        (course,) = jsonld(fixture_site, f"modules/{m.id}.md")
        url = f"{BASE}modules/{m.id}/"
        assert course["@type"] == "Course" and course["url"] == url
        assert course["name"] == f"Module {m.number}: {m.title}"
        instance = course["hasCourseInstance"]
        assert instance["@type"] == "CourseInstance"
        assert instance["@id"] == url + "#course-instance"
        assert instance["superEvent"]["@id"] == BASE + "programme/#programme"
        assert [e["@id"] for e in instance["subEvent"]] == [
            f"{BASE}programme/sessions/{sid}/#event" for sid in m.sessions
        ]
    (smart,) = jsonld(fixture_site, "modules/module-smart.md")
    instance = smart["hasCourseInstance"]
    assert (instance["startDate"], instance["endDate"]) == (
        "2021-03-26T14:00:00+01:00",
        "2021-04-10T11:00:00+02:00",
    )
    assert smart["name"] == "Module 2: Smart & <Cities> *with* markup"


def test_the_programme_page_carries_the_event_series(fixture_site, fixture_cur):
    (series,) = jsonld(fixture_site, "programme/fixture-2021/index.md")
    assert series["@type"] == "EventSeries"
    assert series["@id"] == BASE + "programme/#programme"
    assert series["name"] == "Fixture Training Programme"
    assert (series["startDate"], series["endDate"]) == ("2021-03-22", "2021-04-10")
    assert [e["@id"] for e in series["subEvent"]] == [
        f"{BASE}programme/sessions/{sid}/#event" for sid in fixture_cur.sessions
    ]


def test_other_pages_have_no_jsonld(fixture_site):
    for page in ("index.md", "about.md", "glossary.md", "programme/fixture-2021/at-a-glance.md"):
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


# ------------------------------------------------------------------------------ the real site


def test_real_programme_json_lists_the_data(site, curriculum):
    data = read_json(site)
    assert problems(load_schema(REPO), data) == []
    assert [s["id"] for s in data["sessions"]] == list(curriculum.sessions)
    assert [m["id"] for m in data["modules"]] == list(curriculum.modules)
    assert [o["id"] for o in data["organisations"]] == list(curriculum.organisations)
    assert [n["id"] for n in data["notes"]] == [n.id for n in curriculum.programme.notes]
