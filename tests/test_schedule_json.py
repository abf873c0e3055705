"""programme.json (validated against its published JSON Schema) and the schema.org JSON-LD of
session and module pages: both parse and say what data/ says."""

from __future__ import annotations

import copy
import json
import os
import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import jsonschema
import pytest
from conftest import REPO

from macros.schedule import Schedule

SITE_URL = os.environ.get("SITE_URL", "https://smartctclusters.github.io/curriculum/")
SCHEMA_SRC = REPO / "docs" / "programme" / "programme.schema.json"
ONLINE = "https://schema.org/OnlineEventAttendanceMode"


@pytest.fixture(scope="module")
def schema() -> dict:
    return json.loads(SCHEMA_SRC.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def programme(site) -> dict:
    return json.loads((site / "programme.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sched(curriculum) -> Schedule:
    return Schedule(curriculum, SITE_URL, "docs")


def validator(schema: dict) -> jsonschema.Draft202012Validator:
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


# ------------------------------------------------------------------------------ programme.json


def test_programme_json_validates_against_its_schema(programme, schema):
    errors = sorted(validator(schema).iter_errors(programme), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def test_the_schema_is_published_and_referenced(site, programme, schema):
    published = site / "programme" / "programme.schema.json"
    assert json.loads(published.read_text(encoding="utf-8")) == schema
    assert programme["$schema"] == SITE_URL + "programme/programme.schema.json"
    glance = (site / "programme" / "at-a-glance" / "index.html").read_text(encoding="utf-8")
    assert 'href="../programme.schema.json"' in glance
    assert 'href="../../programme.json"' in glance


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("sessions", 0, "start"), "2020-12-01 09:30"),  # no offset
        (("sessions", 0, "start_utc"), "2020-12-01T08:30:00+00:00"),  # not Z
        (("sessions", 0, "agenda", 0, "kind"), "lecture"),
        (("modules", 0, "status"), "draft"),
        (("mode",), "hybrid"),
    ],
)
def test_the_schema_rejects_wrong_values(programme, schema, path, value):
    broken = copy.deepcopy(programme)
    target = broken
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    assert list(validator(schema).iter_errors(broken))


def test_the_schema_rejects_missing_and_unknown_fields(programme, schema):
    missing = copy.deepcopy(programme)
    del missing["sessions"][0]["end"]
    assert list(validator(schema).iter_errors(missing))
    extra = copy.deepcopy(programme)
    extra["sessions"][0]["room"] = "B12"
    assert list(validator(schema).iter_errors(extra))


def test_programme_json_says_what_the_data_says(programme, curriculum, sched):
    tz = ZoneInfo(curriculum.programme.timezone)
    assert programme["title"] == curriculum.programme.title
    assert programme["timezone"] == curriculum.programme.timezone
    assert [s["id"] for s in programme["sessions"]] == list(curriculum.sessions)
    for entry in programme["sessions"]:
        s = curriculum.sessions[entry["id"]]
        start = datetime.combine(s.date, s.start, tzinfo=tz)
        assert datetime.fromisoformat(entry["start"]) == start
        assert entry["start"] == start.isoformat()
        assert datetime.fromisoformat(entry["end"]) == datetime.combine(s.date, s.end, tzinfo=tz)
        assert datetime.fromisoformat(entry["start_utc"]) == start.astimezone(UTC)
        assert entry["title"] == s.title
        assert entry["expert"] == s.expert
        module = curriculum.module_of(entry["id"])
        assert entry["module"] == (module.id if module else None)
        assert entry["url"] == sched.page_url("sessions", entry["id"])
        assert [i["label"] for i in entry["agenda"]] == [i.label for i in s.agenda]
        assert [i["presenters"] for i in entry["agenda"]] == [i.presenters for i in s.agenda]
    first = programme["sessions"][1]
    assert first["start_utc"] == "2020-12-01T08:30:00Z"
    assert first["start"] == "2020-12-01T09:30:00+01:00"
    ids = {o["id"] for o in programme["organisations"]}
    for entry in programme["sessions"]:
        refs = {p for i in entry["agenda"] for p in i["presenters"]} | {entry["expert"]}
        assert refs - {None} <= ids
    assert [m["id"] for m in programme["modules"]] == list(curriculum.modules)


def test_fields_are_documented_on_the_page(site, schema):
    """Every field of the schema has a description, and the docs page lists them all."""
    html = (site / "programme" / "at-a-glance" / "index.html").read_text(encoding="utf-8")

    def walk(spec: dict, where: str):
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


# ------------------------------------------------------------------------------------ JSON-LD


class _LdParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.blocks: list[str] = []
        self._in = False

    def handle_starttag(self, tag, attrs):
        self._in = tag == "script" and ("type", "application/ld+json") in attrs
        if self._in:
            self.blocks.append("")

    def handle_endtag(self, tag):
        self._in = False

    def handle_data(self, data):
        if self._in:
            self.blocks[-1] += data


def jsonld(site, page: str) -> list[dict]:
    parser = _LdParser()
    parser.feed((site / page / "index.html").read_text(encoding="utf-8"))
    return [json.loads(block) for block in parser.blocks]


def test_session_pages_carry_an_education_event(site, curriculum, sched):
    tz = ZoneInfo(curriculum.programme.timezone)
    for sid, s in curriculum.sessions.items():
        blocks = jsonld(site, f"programme/sessions/{sid}")
        assert len(blocks) == 1, sid
        ev = blocks[0]
        url = sched.page_url("sessions", sid)
        assert ev["@context"] == "https://schema.org"
        assert ev["@type"] == "EducationEvent"
        assert ev["name"] == s.title
        assert ev["url"] == url
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", ev["startDate"])
        assert datetime.fromisoformat(ev["startDate"]) == datetime.combine(s.date, s.start, tz)
        assert datetime.fromisoformat(ev["endDate"]) == datetime.combine(s.date, s.end, tz)
        assert ev["eventAttendanceMode"] == ONLINE
        assert ev["location"] == {"@type": "VirtualLocation", "url": url}
        assert ev["organizer"]["name"] == curriculum.programme.project.name
        supers = ev["superEvent"] if isinstance(ev["superEvent"], list) else [ev["superEvent"]]
        programme = [x for x in supers if x["@type"] == "EventSeries"]
        assert programme and programme[0]["name"] == curriculum.programme.title
        module = curriculum.module_of(sid)
        courses = [x for x in supers if x["@type"] == "CourseInstance"]
        assert [c["url"] for c in courses] == (
            [sched.page_url("modules", module.id)] if module else []
        )
        if s.expert:
            assert ev["performer"]["name"] == curriculum.organisations[s.expert].name
        assert [e["name"] for e in ev["subEvent"]] == [i.label for i in s.agenda]


def test_module_pages_carry_a_course_with_its_sessions(site, curriculum, sched):
    for mid, m in curriculum.modules.items():
        if m.status != "published":
            continue
        (course,) = jsonld(site, f"modules/{mid}")
        assert course["@type"] == "Course"
        assert course["name"] == f"Module {m.number}: {m.title}"
        instance = course["hasCourseInstance"]
        assert instance["@type"] == "CourseInstance"
        assert instance["courseMode"] == "online"
        assert instance["eventAttendanceMode"] == ONLINE
        assert instance["superEvent"]["name"] == curriculum.programme.title
        subs = instance["subEvent"]
        assert [e["url"] for e in subs] == [sched.page_url("sessions", sid) for sid in m.sessions]
        first, last = curriculum.sessions[m.sessions[0]], curriculum.sessions[m.sessions[-1]]
        assert instance["startDate"] == sched.start(m.sessions[0]).isoformat()
        assert instance["endDate"] == sched.end(m.sessions[-1]).isoformat()
        assert first.date <= last.date


def test_the_programme_overview_carries_the_event_series(site, curriculum, sched):
    (series,) = jsonld(site, "programme")
    p = curriculum.programme
    assert series["@type"] == "EventSeries" and series["name"] == p.title
    assert series["url"] == sched.absolute("programme/")
    assert (series["startDate"], series["endDate"]) == (
        p.first_date.isoformat(),
        p.last_date.isoformat(),
    )
    assert series["eventAttendanceMode"] == ONLINE
    assert [e["url"] for e in series["subEvent"]] == [
        sched.page_url("sessions", sid) for sid in curriculum.sessions
    ]
    assert [e["name"] for e in series["subEvent"]] == [
        s.title for s in curriculum.sessions.values()
    ]
    # the same @id as the superEvent of every session page: one node in a search engine's graph
    (event,) = jsonld(site, f"programme/sessions/{next(iter(curriculum.sessions))}")
    supers = event["superEvent"] if isinstance(event["superEvent"], list) else [event["superEvent"]]
    assert series["@id"] in {x["@id"] for x in supers}


def test_pages_without_a_session_or_module_have_no_event(site):
    for page in ("", "about", "glossary", "programme/at-a-glance"):
        assert jsonld(site, page) == [], page


def test_jsonld_cannot_break_out_of_its_script(curriculum):
    from macros.schedule import script_json

    text = script_json({"name": "</script><script>alert(1)</script> & <!--"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["name"].startswith("</script>")
