"""The calendar files (.ics) written into the built site: one per session, per published module
and for the whole programme. Each is read back by two independent parsers (icalendar and
vobject, which builds its time zone from the file's own VTIMEZONE) and compared with data/."""

from __future__ import annotations

import os
import re
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from browser.browser_support import serve
from conftest import REPO, run_build

from macros.schedule import PROGRAMME_KEY, Schedule, build_stamp

SITE_URL = "https://smartctclusters.github.io/curriculum/"  # mkdocs.yml default (SITE_URL unset)


@pytest.fixture(scope="module")
def sched(curriculum, site) -> Schedule:
    return Schedule(curriculum, os.environ.get("SITE_URL", SITE_URL), "docs")


def expected_files(curriculum) -> dict[str, list[str]]:
    """calendar path -> the session ids it must hold, straight from data/."""
    files = {"calendar/programme.ics": list(curriculum.sessions)}
    for mid, m in curriculum.modules.items():
        if m.status == "published":
            files[f"calendar/{mid}.ics"] = list(m.sessions)
    for sid in curriculum.sessions:
        files[f"calendar/{sid}.ics"] = [sid]
    return files


def test_a_calendar_for_every_session_module_and_the_programme(site, curriculum):
    expected = expected_files(curriculum)
    assert len(expected) == 1 + 1 + 6  # programme, Module 4, six sessions
    written = {p.relative_to(site).as_posix() for p in (site / "calendar").glob("*.ics")}
    assert written == set(expected)


def test_ics_lines_end_in_crlf_and_are_folded(site, curriculum):
    for rel in expected_files(curriculum):
        raw = (site / rel).read_bytes()
        assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n"), rel
        assert b"\n" not in raw.replace(b"\r\n", b""), f"{rel}: bare LF"
        for line in raw.split(b"\r\n"):
            assert len(line) <= 75, f"{rel}: unfolded line of {len(line)} octets: {line[:40]!r}"


def _check_event(
    sched: Schedule, sid: str, *, uid, start, end, summary, location, url, stamp, desc
):
    s = sched.cur.sessions[sid]
    tz = ZoneInfo(sched.cur.programme.timezone)
    assert uid == sched.uid(sid) == f"{sid}@{sched.host}"
    assert start.tzinfo is not None and end.tzinfo is not None
    assert start == datetime.combine(s.date, s.start, tzinfo=tz)
    assert end == datetime.combine(s.date, s.end, tzinfo=tz)
    assert summary.endswith(s.title)
    assert location == "Online"
    assert url == sched.page_url("sessions", sid)
    assert url.startswith(sched.site_url) and url.endswith(f"/{sid}/")
    assert stamp == sched.stamp
    for item in s.agenda:
        assert item.label in desc, f"{sid}: agenda item missing from DESCRIPTION: {item.label}"
    assert f"{s.start.hour}:{s.start.minute:02d}" in desc


def test_icalendar_reads_the_events_of_the_data(site, curriculum, sched):
    for rel, sids in expected_files(curriculum).items():
        cal = icalendar.Calendar.from_ical((site / rel).read_bytes())
        assert str(cal["VERSION"]) == "2.0"
        assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == [curriculum.programme.timezone]
        assert cal.get_missing_tzids() == set()
        events = cal.walk("VEVENT")
        assert [str(e["UID"]) for e in events] == [sched.uid(sid) for sid in sids], rel
        for sid, e in zip(sids, events, strict=True):
            _check_event(
                sched,
                sid,
                uid=str(e["UID"]),
                start=e.start,
                end=e.end,
                summary=str(e["SUMMARY"]),
                location=str(e["LOCATION"]),
                url=str(e["URL"]),
                stamp=e.DTSTAMP,
                desc=str(e["DESCRIPTION"]),
            )
            assert e["DTSTART"].params["TZID"] == curriculum.programme.timezone


def test_vobject_reads_the_same_events_through_the_files_vtimezone(site, curriculum, sched):
    for rel, sids in expected_files(curriculum).items():
        text = (site / rel).read_bytes().decode("utf-8")
        cal = vobject.readOne(text)
        assert cal.vtimezone.tzid.value == curriculum.programme.timezone
        events = cal.vevent_list
        assert len(events) == len(sids)
        for sid, e in zip(sids, events, strict=True):
            # vobject's tzinfo is built from the VTIMEZONE inside the file, not from zoneinfo
            assert "zoneinfo" not in type(e.dtstart.value.tzinfo).__module__
            _check_event(
                sched,
                sid,
                uid=e.uid.value,
                start=e.dtstart.value,
                end=e.dtend.value,
                summary=e.summary.value,
                location=e.location.value,
                url=e.url.value,
                stamp=e.dtstamp.value,
                desc=e.description.value,
            )


@pytest.mark.parametrize(
    ("zone", "clock"),
    [
        ("UTC", "08:30"),
        ("Europe/Kyiv", "10:30"),
        ("Europe/Dublin", "08:30"),
        ("Europe/Rome", "09:30"),
    ],
)
def test_the_instant_of_9_30_cet_on_1_december_2020(site, zone, clock):
    """The session of 1 December starts at 9:30 CET = 08:30 UTC = 10:30 in Kyiv, in both parsers."""
    raw = (site / "calendar" / "2020-12-01-cluster-strategy-1.ics").read_bytes()
    ical_start = icalendar.Calendar.from_ical(raw).walk("VEVENT")[0].start
    vobj_start = vobject.readOne(raw.decode("utf-8")).vevent.dtstart.value
    for start in (ical_start, vobj_start):
        assert start.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M") == f"2020-12-01 {clock}"
    assert ical_start.astimezone(UTC) == datetime(2020, 12, 1, 8, 30, tzinfo=UTC)


def test_a_summer_time_instant_comes_from_zoneinfo_not_a_fixed_offset(curriculum):
    """Move a session into summer time: the offset must follow the zone's rules (+02:00)."""
    s = curriculum.sessions["2020-12-01-cluster-strategy-1"].replace(
        date=datetime(2020, 7, 1).date()
    )
    tz = ZoneInfo(curriculum.programme.timezone)
    assert s.starts_at(tz).isoformat() == "2020-07-01T09:30:00+02:00"
    assert s.starts_at(tz).astimezone(UTC).hour == 7


def test_dtstamp_is_deterministic(monkeypatch, curriculum):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = curriculum.programme.first_date
    assert build_stamp(first) == datetime(first.year, first.month, first.day, tzinfo=UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1606780800")
    assert build_stamp(first) == datetime(2020, 12, 1, tzinfo=UTC)
    cal = Schedule(curriculum, SITE_URL, "docs").calendar(PROGRAMME_KEY).to_ical()
    assert cal.count(b"DTSTAMP:20201201T000000Z") == len(curriculum.sessions)


def test_calendars_are_what_icalendar_writes_for_each_calendar(curriculum, tmp_path):
    """calendars() serializes each event once and splices the bytes into every calendar that
    holds it: the result must be byte for byte icalendar's own serialization of each calendar,
    here and on a curriculum with more modules and years (generated sessions are in 2021, so
    the programme's VTIMEZONE spans other years than a generated module's)."""
    from macros.loader import load
    from tools.synth import generate

    sched = Schedule(curriculum, SITE_URL, "docs")
    assert sched.calendars() == {
        sched.calendar_path(key): sched.calendar(key).to_ical() for key in sched.calendar_keys()
    }
    project = tmp_path / "synth"
    generate(project, modules=3, sessions=8)
    bigger = Schedule(load(project), SITE_URL, "docs")
    files = bigger.calendars()
    assert len(files) == 1 + 4 + len(bigger.cur.sessions)
    for key in bigger.calendar_keys():
        assert files[bigger.calendar_path(key)] == bigger.calendar(key).to_ical(), key


def test_two_builds_give_identical_calendars_and_json(site, tmp_path):
    """UIDs, DTSTAMP and everything else stay the same from one build to the next."""
    again = run_build(REPO, tmp_path / "again")
    assert again.code == 0, str(again)
    for rel in [
        *sorted(p.relative_to(site) for p in (site / "calendar").glob("*.ics")),
        Path("programme.json"),
    ]:
        assert (site / rel).read_bytes() == (tmp_path / "again" / rel).read_bytes(), rel


def test_pages_link_to_their_calendars(site, curriculum):
    """Session, module and overview pages have an "Add to calendar" link to an existing file."""
    pages = {f"programme/sessions/{sid}/index.html": f"{sid}.ics" for sid in curriculum.sessions}
    pages["modules/module-4/index.html"] = "module-4.ics"
    pages["programme/index.html"] = "programme.ics"
    pages["programme/at-a-glance/index.html"] = "programme.ics"
    for page, ics in pages.items():
        html = (site / page).read_text(encoding="utf-8")
        hrefs = re.findall(r'<a class="ct-ics" href="([^"]+)" type="text/calendar">', html)
        assert any(h.endswith(f"calendar/{ics}") for h in hrefs), f"{page}: no link to {ics}"
        for href in hrefs:
            assert ((site / page).parent / href).resolve().is_file(), f"{page}: {href} is broken"


@pytest.fixture(scope="module")
def served(site):
    with serve(site) as server:
        yield server.url()


def test_served_as_text_calendar(served):
    """Python's http.server (like `mkdocs serve`, both via mimetypes) and GitHub Pages map .ics
    to text/calendar; programme.json is served as application/json."""
    with urllib.request.urlopen(served + "calendar/programme.ics", timeout=10) as resp:
        assert resp.headers.get_content_type() == "text/calendar"
    with urllib.request.urlopen(served + "programme.json", timeout=10) as resp:
        assert resp.headers.get_content_type() == "application/json"
