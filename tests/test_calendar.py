"""The calendar files (.ics): for every edition together and for each edition (the
programme's and each published module's), and one per session.

Keys and files (macros/schedule/ics.py): `programme` and each published module over every
edition (calendar/programme.ics, calendar/<module>.ics), `<edition>/programme` and
`<edition>/<module>` for each edition (calendar/<edition>/….ics; a module only where the
edition held it), and each session (calendar/<session>.ics).

On the fixture (its content is known): every file is read back by two independent parsers,
icalendar and vobject (which builds its time zone from the file's own VTIMEZONE, not from
zoneinfo), and compared with the fixture's sessions: instants on both sides of the change to
summer time, UIDs, texts, the subscription properties, line ends and folding, the links on the
pages. With a second edition copied over the fixture (tests/fixtures/second-edition/, in
Europe/Kyiv; no build, the serializer runs in this process): which calendars each edition
gets, the instants in each edition's own zone, a VTIMEZONE per zone. On the real site:
data-derived invariants only (which files, which events).

How events update in a subscribed client across builds: tests/test_calendar_updates.py.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from conftest import EPOCH, FIXTURE, REPO, Workspace, page_file, soup

from macros.curriculum import Curriculum
from macros.schedule import Schedule
from macros.schedule.urls import SiteUrls

ROME = ZoneInfo("Europe/Rome")
KYIV = ZoneInfo("Europe/Kyiv")
SUMMER_TIME = date(2021, 3, 28)  # Europe/Rome moves to CEST (+02:00) on this day of the fixture
EDITION = "fixture-2021"  # the fixture's one edition
SECOND = "fixture-2022"  # the edition of tests/fixtures/second-edition/
BASE = "https://smartctclusters.github.io/curriculum/"  # mkdocs.yml's site_url
STAMP = datetime.fromtimestamp(int(EPOCH), UTC)


def site_url(site: Path) -> str:
    """The site_url of a build, read from the home page's canonical link."""
    home = (site / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<link rel="canonical" href="([^"]+)"', home)
    assert found, "the home page has no canonical link"
    return found.group(1)


def expected_calendars(cur: Curriculum) -> dict[str, list[str]]:
    """calendar path -> the session ids it holds, in date order, from the data: every
    edition's, each published module's (every edition's sessions that name it), then the same
    for each edition (a module only where the edition held it), then each session's."""
    published = [m.id for m in cur.published_modules()]
    sessions = cur.sessions
    files = {"calendar/programme.ics": list(sessions)}
    for mid in published:
        files[f"calendar/{mid}.ics"] = [sid for sid, s in sessions.items() if s.module == mid]
    for eid in cur.editions:
        held = [sid for sid, s in sessions.items() if s.edition_id == eid]
        files[f"calendar/{eid}/programme.ics"] = held
        for mid in published:
            if in_module := [sid for sid in held if sessions[sid].module == mid]:
                files[f"calendar/{eid}/{mid}.ics"] = in_module
    for sid in sessions:
        files[f"calendar/{sid}.ics"] = [sid]
    return files


def written_calendars(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in (site / "calendar").rglob("*.ics")}


def read_ical(site: Path, rel: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical((site / rel).read_bytes())


def read_vobject(site: Path, rel: str):
    return vobject.readOne((site / rel).read_bytes().decode("utf-8"))


def uid_of(sid: str, site: Path) -> str:
    return f"{sid}@{SiteUrls(None, site_url(site)).host}"


@pytest.fixture(scope="module")
def two_editions(tmp_path_factory) -> Curriculum:
    """The fixture with its second edition (tests/fixtures/second-edition/), loaded."""
    ws = Workspace(tmp_path_factory.mktemp("calendars-two-editions") / "repo")
    for part in ("data", "docs"):
        shutil.copytree(
            FIXTURE.parent / "second-edition" / part, ws.root / part, dirs_exist_ok=True
        )
    return ws.load()


@pytest.fixture(scope="module")
def two_outputs(two_editions) -> dict[str, bytes]:
    """What the build writes for the two editions: site path -> content."""
    urls = SiteUrls(two_editions, BASE)
    return Schedule(two_editions, urls, stamp=STAMP, commits={}).outputs()


def parse(raw: bytes) -> tuple[icalendar.Calendar, object]:
    return icalendar.Calendar.from_ical(raw), vobject.readOne(raw.decode("utf-8"))


# ------------------------------------------------------------------------------ the fixture


def test_the_calendars_of_every_edition_each_edition_and_each_session(fixture_site, fixture_cur):
    written = written_calendars(fixture_site)
    assert written == set(expected_calendars(fixture_cur))
    assert {
        "calendar/programme.ics",
        "calendar/module-first.ics",
        "calendar/module-smart.ics",
        "calendar/fixture-2021/programme.ics",
        "calendar/fixture-2021/module-first.ics",
        "calendar/fixture-2021/module-smart.ics",
    } <= written
    # a planned module has no calendar, in no edition
    assert not {p for p in written if p.endswith("/module-planned.ics")}
    assert len(written) == 3 + 3 + 6
    # the fixture has one edition: its calendars hold what the every-edition ones hold
    for key in ("programme", "module-first", "module-smart"):
        assert (fixture_site / f"calendar/{key}.ics").read_bytes().count(b"BEGIN:VEVENT") == (
            fixture_site / f"calendar/fixture-2021/{key}.ics"
        ).read_bytes().count(b"BEGIN:VEVENT")


def test_both_parsers_read_the_sessions_of_each_calendar(fixture_site, fixture_cur):
    """Each event: UID, start and end as zone-aware instants (icalendar with zoneinfo, vobject
    with the file's VTIMEZONE), SUMMARY, URL, LOCATION; in the data's order."""
    base = site_url(fixture_site)
    for rel, sids in expected_calendars(fixture_cur).items():
        ical_events = read_ical(fixture_site, rel).walk("VEVENT")
        vobj_events = read_vobject(fixture_site, rel).vevent_list
        assert len(ical_events) == len(vobj_events) == len(sids), rel
        for sid, ie, ve in zip(sids, ical_events, vobj_events, strict=True):
            s = fixture_cur.sessions[sid]
            start = datetime.combine(s.date, s.start, tzinfo=ROME)
            end = datetime.combine(s.date, s.end, tzinfo=ROME)
            assert str(ie["UID"]) == ve.uid.value == uid_of(sid, fixture_site)
            assert ie["DTSTART"].params["TZID"] == "Europe/Rome"
            for got_start, got_end in ((ie.start, ie.end), (ve.dtstart.value, ve.dtend.value)):
                assert got_start.tzinfo is not None and got_end.tzinfo is not None
                assert got_start == start and got_end == end, f"{rel}: {sid}"
                assert got_start.utcoffset() == start.utcoffset()
            assert "zoneinfo" not in type(ve.dtstart.value.tzinfo).__module__
            summary = f"FixtureProject: {s.title}"
            assert str(ie["SUMMARY"]) == ve.summary.value == summary
            url = f"{base}programme/fixture-2021/sessions/{sid}/"
            assert str(ie["URL"]) == ve.url.value == url
            assert str(ie["LOCATION"]) == ve.location.value == "Online"


@pytest.mark.parametrize(
    ("sid", "utc_start", "offset", "zone"),
    [
        ("2021-03-22-opening", "2021-03-22 08:30", 1, "CET"),
        ("2021-03-26-second-topic-1", "2021-03-26 13:00", 1, "CET"),  # the last before
        ("2021-03-29-first-topic-2", "2021-03-29 07:30", 2, "CEST"),  # the first after
        ("2021-04-10-second-topic-2", "2021-04-10 07:00", 2, "CEST"),  # the Saturday
    ],
)
def test_instants_on_both_sides_of_the_change_to_summer_time(
    fixture_site, sid, utc_start, offset, zone
):
    raw = (fixture_site / "calendar" / f"{sid}.ics").read_bytes()
    ical_start = icalendar.Calendar.from_ical(raw).walk("VEVENT")[0].start
    vobj_start = vobject.readOne(raw.decode("utf-8")).vevent.dtstart.value
    for start in (ical_start, vobj_start):
        assert start.astimezone(UTC).strftime("%Y-%m-%d %H:%M") == utc_start
        assert start.utcoffset() == timedelta(hours=offset)
        assert start.tzname() == zone
    assert (ical_start.date() >= SUMMER_TIME) == (offset == 2)


def test_vtimezone_present_and_covering_the_events_years(fixture_site, fixture_cur):
    for rel, sids in expected_calendars(fixture_cur).items():
        cal = read_ical(fixture_site, rel)
        (tz,) = cal.walk("VTIMEZONE")
        assert str(tz["TZID"]) == "Europe/Rome"
        assert cal.get_missing_tzids() == set()
        onsets = [sub.DTSTART for sub in tz.subcomponents]
        years = {fixture_cur.sessions[sid].date.year for sid in sids}
        assert min(onsets).date() <= date(min(years), 1, 1), rel
        assert years <= {o.year for o in onsets}, rel
        # both kinds of time the fixture's events fall in are described
        kinds = {(sub.name, str(sub["TZNAME"])) for sub in tz.subcomponents}
        assert {("STANDARD", "CET"), ("DAYLIGHT", "CEST")} <= kinds
        assert read_vobject(fixture_site, rel).vtimezone.tzid.value == "Europe/Rome"


def test_uids_are_stable_and_unique(fixture_site, fixture_cur):
    """Each session has one UID, `<session id>@<site host>`, the same in every calendar that
    holds it; no two sessions share one."""
    uids: dict[str, set[str]] = {}
    for rel in expected_calendars(fixture_cur):
        events = read_ical(fixture_site, rel).walk("VEVENT")
        in_file = [str(e["UID"]) for e in events]
        assert len(set(in_file)) == len(in_file), rel
        for e in events:
            sid = str(e["URL"]).rstrip("/").rsplit("/", 1)[-1]
            uids.setdefault(sid, set()).add(str(e["UID"]))
    assert set(uids) == set(fixture_cur.sessions)
    assert all(v == {uid_of(sid, fixture_site)} for sid, v in uids.items())
    assert uid_of("x", fixture_site) == "x@smartctclusters.github.io"  # mkdocs.yml's site_url


def description(site: Path, sid: str) -> str:
    (event,) = read_ical(site, f"calendar/{sid}.ics").walk("VEVENT")
    text = str(event["DESCRIPTION"])
    vobj = read_vobject(site, f"calendar/{sid}.ics").vevent.description.value
    assert vobj == text
    return text


def test_description_of_the_opening(fixture_site):
    """The agenda as text with each end rule: duration, end, next item, session end; the
    presenters by name (raw text: an .ics is not HTML)."""
    text = description(fixture_site, "2021-03-22-opening")
    lines = text.split("\n")
    assert lines[:2] == [
        "Opening: Opening of the fixture programme",
        "Session 1 of 6 of the Fixture Training Programme.",
    ]
    assert "Agenda (times in CET, Europe/Rome):" in lines
    assert (
        "9:30–9:45 (15 min)  Welcome to the FXT programme [Welcome], presented by Alpha Cluster"
        in lines
    )
    assert (
        "9:45–10:30  Two presenters at once [Presentation], presented by Alpha Cluster, "
        "Beta <Network> & Co"
    ) in lines
    assert "10:30–11:00  Break until the next item [Break]" in lines  # ends at the next item
    assert "11:00–12:30  A roundtable without presenters [Roundtable]" in lines
    assert "12:30–13:00  Wrap-up until the end of the session [Wrap-up]" in lines  # session end
    assert "Thematic module" not in text and "Expert:" not in text
    assert lines[-1] == (
        "Session page: https://smartctclusters.github.io/curriculum/programme/fixture-2021/"
        "sessions/2021-03-22-opening/"
    )


def test_description_of_module_sessions(fixture_site):
    text = description(fixture_site, "2021-03-24-first-topic-1")
    assert "Thematic module 1: The first topic." in text
    assert "Expert: Gamma Experts." in text
    assert "10:00–11:30  Topic one: approach & method | Case on the first topic [Training]" in text
    # an item listed at the session's end, without a length: its start only
    assert "\n13:30  Wrap up, listed at the session's end without a length [Wrap-up]\n" in text
    summer = description(fixture_site, "2021-03-29-first-topic-2")
    assert "Agenda (times in CEST, Europe/Rome):" in summer
    assert "9:30–9:40 (circa 10 min)  Summer time has begun [Welcome]" in summer
    smart = description(fixture_site, "2021-03-26-second-topic-1")
    assert "Thematic module 2: Smart & <Cities> *with* markup." in smart
    assert "An item with <b>markup</b> & a Smart City [Presentation], presented by Beta" in smart


def test_descriptions_carry_the_notes_on_dates_and_times(fixture_site, fixture_cur):
    """The edition's notes `about` dates or times travel into every event; the others
    don't, and no sentence about the source is written by the code."""
    about = [n for n in fixture_cur.editions["fixture-2021"].notes if n.about]
    others = [n for n in fixture_cur.editions["fixture-2021"].notes if not n.about]
    assert {n.id for n in about} == {"year", "timezone"} and [n.id for n in others] == ["naming"]
    for sid in fixture_cur.sessions:
        text = description(fixture_site, sid)
        for note in about:
            assert f"\n{note.title}: {note.text}\n" in text, (sid, note.id)
        for note in others:
            assert note.text not in text and note.title not in text
        assert "inferred" not in text and "2020" not in text


def test_crlf_line_ends_and_folding(fixture_site, fixture_cur):
    for rel in expected_calendars(fixture_cur):
        raw = (fixture_site / rel).read_bytes()
        assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n"), rel
        assert b"\n" not in raw.replace(b"\r\n", b""), f"{rel}: a bare LF"
        assert b"\r" not in raw.replace(b"\r\n", b""), f"{rel}: a bare CR"
        lines = raw.split(b"\r\n")
        for line in lines:
            assert len(line) <= 75, f"{rel}: a line of {len(line)} octets: {line[:40]!r}"
            line.decode("utf-8")  # folding never splits a multi-octet character
        assert any(line.startswith(b" ") for line in lines), f"{rel}: nothing folded"


def test_dtstamp_is_the_build_time(fixture_site, fixture_cur):
    for rel in expected_calendars(fixture_cur):
        for event in read_ical(fixture_site, rel).walk("VEVENT"):
            assert event["DTSTAMP"].dt == STAMP, rel
        for event in read_vobject(fixture_site, rel).vevent_list:
            assert event.dtstamp.value == STAMP


def test_a_copy_without_git_has_sequence_0_and_the_build_time(fixture_site, fixture_cur):
    """The fixture is built in a copy of the project without .git: no history, so SEQUENCE 0
    and LAST-MODIFIED the build time (SOURCE_DATE_EPOCH)."""
    root = fixture_site.parent
    assert not any((folder / ".git").exists() for folder in (root, *root.parents))
    for rel in expected_calendars(fixture_cur):
        for event in read_ical(fixture_site, rel).walk("VEVENT"):
            assert event.sequence == 0 and event["LAST-MODIFIED"].dt == STAMP, rel
        for event in read_vobject(fixture_site, rel).vevent_list:
            assert event.sequence.value == "0" and event.last_modified.value == STAMP


def test_subscription_properties(fixture_site, fixture_cur):
    """The programme's and modules' calendars, over every edition and for each, tell a
    subscribed client how often to look for changes (REFRESH-INTERVAL, RFC 7986;
    X-PUBLISHED-TTL for Outlook and Apple), their name and their own address; a session's
    calendar (a download) does not."""
    base = site_url(fixture_site)
    feeds = [
        "programme",
        "module-first",
        "module-smart",
        "fixture-2021/programme",
        "fixture-2021/module-first",
        "fixture-2021/module-smart",
    ]
    for key in feeds:
        rel = f"calendar/{key}.ics"
        cal = read_ical(fixture_site, rel)
        assert cal["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
        assert cal.refresh_interval == timedelta(hours=12)
        assert str(cal["X-PUBLISHED-TTL"]) == "PT12H"
        assert str(cal["NAME"]) == str(cal["X-WR-CALNAME"]) == cal.calendar_name
        assert str(cal["SOURCE"]) == str(cal["URL"]) == base + rel
        assert str(cal["METHOD"]) == "PUBLISH"
        assert str(cal["UID"]) == f"calendar-{key}@smartctclusters.github.io"
        vcal = read_vobject(fixture_site, rel)
        assert vcal.contents["refresh-interval"][0].value == "PT12H"
        assert vcal.contents["x-published-ttl"][0].value == "PT12H"
        assert vcal.contents["source"][0].value == base + rel
    names = {key: read_ical(fixture_site, f"calendar/{key}.ics").calendar_name for key in feeds}
    assert names == {
        "programme": "FixtureProject: the programme",
        "module-first": "FixtureProject: Module 1, The first topic",
        "module-smart": "FixtureProject: Module 2, Smart & <Cities> *with* markup",
        "fixture-2021/programme": "FixtureProject: Fixture Training Programme",
        "fixture-2021/module-first": (
            "FixtureProject: Module 1, The first topic, Fixture Training Programme"
        ),
        "fixture-2021/module-smart": (
            "FixtureProject: Module 2, Smart & <Cities> *with* markup, Fixture Training Programme"
        ),
    }
    for sid in fixture_cur.sessions:
        cal = read_ical(fixture_site, f"calendar/{sid}.ics")
        assert "REFRESH-INTERVAL" not in cal and "SOURCE" not in cal, sid
        assert cal.calendar_name == f"FixtureProject: {fixture_cur.sessions[sid].title}"


def test_events_outside_modules_have_no_empty_categories(fixture_site):
    raw = (fixture_site / "calendar" / "programme.ics").read_bytes()
    assert b"CATEGORIES:\r\n" not in raw
    events = {
        str(e["UID"]).split("@")[0]: e
        for e in read_ical(fixture_site, "calendar/programme.ics").walk("VEVENT")
    }
    assert events["2021-03-24-first-topic-1"].categories == ["Module 1"]
    assert events["2021-04-01-between"].categories == []


def test_the_build_writes_what_the_schedule_makes(fixture_site, fixture_cur):
    """The calendars and programme.json of the build are, byte for byte, what the one
    serializer makes in this process for the same data, time and history (none): nothing
    else writes them, and nothing in them depends on the process."""
    urls = SiteUrls(fixture_cur, site_url(fixture_site))
    outputs = Schedule(fixture_cur, urls, stamp=STAMP, commits={}).outputs()
    assert set(outputs) == {*expected_calendars(fixture_cur), "programme.json"}
    for rel, made in outputs.items():
        assert (fixture_site / rel).read_bytes() == made, rel


# ------------------------------------------------------------------------- links on the pages

EVERY = [  # every calendar to subscribe to: every edition's, then the edition's
    "programme",
    "module-first",
    "module-smart",
    "fixture-2021/programme",
    "fixture-2021/module-first",
    "fixture-2021/module-smart",
]
PAGES_WITH_FEEDS = {  # docs page -> the calendars it offers to download and to subscribe to
    "programme/fixture-2021/index.md": ["fixture-2021/programme"],
    "modules/module-first.md": ["fixture-2021/module-first"],  # where each edition held it
    "modules/module-smart.md": ["fixture-2021/module-smart"],
    "programme/fixture-2021/at-a-glance.md": EVERY[3:],  # the edition's own
    "downloads.md": EVERY,
}


def calendar_links(site: Path, page: str) -> tuple[list, list]:
    html = soup(site, page)
    return html.select("a.ct-ics"), html.select("a.ct-webcal")


@pytest.mark.parametrize("page", sorted(PAGES_WITH_FEEDS))
def test_a_subscribe_link_next_to_each_feed_download(fixture_site, page):
    base = site_url(fixture_site)
    downloads, subscribes = calendar_links(fixture_site, page)
    keys = PAGES_WITH_FEEDS[page]
    here, site = page_file(fixture_site, page).parent, fixture_site.resolve()
    targets = [(here / a["href"]).resolve() for a in downloads]
    assert [t.relative_to(site).as_posix() for t in targets] == [f"calendar/{k}.ics" for k in keys]
    assert all(t.is_file() for t in targets), page
    assert [a["href"] for a in subscribes] == [
        base.replace("https://", "webcal://", 1) + f"calendar/{k}.ics" for k in keys
    ]
    for download, subscribe in zip(downloads, subscribes, strict=True):
        assert subscribe.get_text() == "Subscribe"
        assert subscribe.find_previous_sibling("a") is download  # right after its download


def test_downloads_list_labels(fixture_site):
    downloads, _ = calendar_links(fixture_site, "downloads.md")
    assert [a.get_text() for a in downloads] == ["Download .ics"] * 6
    items = soup(fixture_site, "downloads.md").select("ul.ct-downloads > li")
    assert [" ".join(li.get_text(" ").split()) for li in items] == [
        "Every session of every edition (6): Download .ics · Subscribe",
        "Module 1: The first topic, every edition (2 sessions): Download .ics · Subscribe",
        "Module 2: Smart & <Cities> *with* markup, every edition (2 sessions): Download .ics · "
        "Subscribe",
        "Fixture Training Programme (6 sessions): Download .ics · Subscribe",
        "Fixture Training Programme, Module 1: The first topic (2 sessions): Download .ics · "
        "Subscribe",
        "Fixture Training Programme, Module 2: Smart & <Cities> *with* markup (2 sessions): "
        "Download .ics · Subscribe",
    ]


def test_session_calendars_are_downloads_only(fixture_site, fixture_cur):
    for sid in fixture_cur.sessions:
        page = f"programme/fixture-2021/sessions/{sid}.md"
        downloads, subscribes = calendar_links(fixture_site, page)
        assert [a["href"] for a in downloads] == [f"../../../../calendar/{sid}.ics"]
        assert (page_file(fixture_site, page).parent / downloads[0]["href"]).is_file()
        assert subscribes == []


@pytest.mark.parametrize(
    ("address", "webcal"),
    [
        ("https://example.org/curriculum/", "webcal://example.org/curriculum/calendar/x.ics"),
        ("http://127.0.0.1:8000/", "webcal://127.0.0.1:8000/calendar/x.ics"),
        ("file:///srv/site/", None),
    ],
)
def test_webcal_address(fixture_cur, address, webcal):
    assert SiteUrls(fixture_cur, address).webcal_url("x") == webcal


# -------------------------------------------------------------- two editions (no build)


def test_two_editions_each_get_their_calendars(two_outputs, two_editions):
    """Each edition its programme's calendar and one per module it held (the second held
    module-first only); the every-edition calendars hold both editions' sessions."""
    calendars = {rel for rel in two_outputs if rel.endswith(".ics")}
    assert calendars == set(expected_calendars(two_editions))
    assert {rel for rel in calendars if rel.startswith("calendar/fixture-2022/")} == {
        "calendar/fixture-2022/programme.ics",
        "calendar/fixture-2022/module-first.ics",
    }
    for rel, sids in expected_calendars(two_editions).items():
        ical, vcal = parse(two_outputs[rel])
        uids = [str(e["UID"]) for e in ical.walk("VEVENT")]
        assert uids == [f"{sid}@smartctclusters.github.io" for sid in sids], rel
        assert [e.uid.value for e in vcal.vevent_list] == uids, rel
    assert expected_calendars(two_editions)["calendar/module-first.ics"] == [
        "2021-03-24-first-topic-1",
        "2021-03-29-first-topic-2",
        "2022-10-25-first-topic-again",
    ]
    assert expected_calendars(two_editions)["calendar/fixture-2022/programme.ics"] == [
        "2022-10-25-first-topic-again",
        "2022-11-02-closing",
    ]
    names = {
        key: parse(two_outputs[f"calendar/{key}.ics"])[0].calendar_name
        for key in ("programme", "fixture-2022/programme", "fixture-2022/module-first")
    }
    assert names == {
        "programme": "FixtureProject: the programme",
        "fixture-2022/programme": "FixtureProject: Second Fixture Edition",
        "fixture-2022/module-first": "FixtureProject: Module 1, The first topic, Second Fixture "
        "Edition",
    }


@pytest.mark.parametrize(
    ("sid", "zone", "local", "utc_start", "abbreviation"),
    [
        ("2021-03-26-second-topic-1", ROME, datetime(2021, 3, 26, 14), "2021-03-26 13:00", "CET"),
        ("2022-10-25-first-topic-again", KYIV, datetime(2022, 10, 25, 10), "2022-10-25 07:00",
         "EEST"),
        ("2022-11-02-closing", KYIV, datetime(2022, 11, 2, 15), "2022-11-02 13:00", "EET"),
    ],
)  # fmt: skip
def test_times_in_the_edition_zone(two_outputs, sid, zone, local, utc_start, abbreviation):
    """Each event in its own edition's zone (its TZID), read the same by both parsers, in the
    every-edition calendar as in its own; the second edition's on both sides of the end of
    summer time in Kyiv (30 October 2022)."""
    for rel in (f"calendar/{sid}.ics", "calendar/programme.ics"):
        ical, vcal = parse(two_outputs[rel])
        (ie,) = [e for e in ical.walk("VEVENT") if str(e["UID"]).startswith(f"{sid}@")]
        (ve,) = [e for e in vcal.vevent_list if e.uid.value.startswith(f"{sid}@")]
        assert ie["DTSTART"].params["TZID"] == ie["DTEND"].params["TZID"] == zone.key, rel
        for start in (ie.start, ve.dtstart.value):
            assert start == local.replace(tzinfo=zone), rel
            assert start.astimezone(UTC).strftime("%Y-%m-%d %H:%M") == utc_start, rel
            assert start.tzname() == abbreviation, rel
        assert "zoneinfo" not in type(ve.dtstart.value.tzinfo).__module__


def transitions(tz: icalendar.Timezone) -> list[date]:
    """The days a VTIMEZONE's observances begin: their DTSTART and RDATEs."""
    days = []
    for sub in tz.subcomponents:
        days.append(sub.DTSTART.date())
        rdates = sub.get("RDATE", [])
        for rdate in rdates if isinstance(rdates, list) else [rdates]:
            days += [when.dt.date() for when in rdate.dts]
    return days


def test_one_vtimezone_per_zone_covering_the_years(two_outputs):
    """The every-edition calendar describes both zones, for 2021 and 2022; an edition's
    calendars describe its own zone only."""
    zones = {
        rel: {str(tz["TZID"]): tz for tz in parse(two_outputs[rel])[0].walk("VTIMEZONE")}
        for rel in ("calendar/programme.ics", "calendar/module-first.ics")
    }
    for rel, found in zones.items():
        assert sorted(found) == ["Europe/Kyiv", "Europe/Rome"], rel
        kinds = {(sub.name, str(sub["TZNAME"])) for sub in found["Europe/Kyiv"].subcomponents}
        assert {("STANDARD", "EET"), ("DAYLIGHT", "EEST")} <= kinds
        for tz in found.values():
            onsets = transitions(tz)
            assert min(onsets) <= date(2021, 1, 1), rel
            assert {2021, 2022} <= {d.year for d in onsets}, rel
        assert date(2022, 10, 30) in transitions(found["Europe/Kyiv"])  # inside the edition
    for rel in ("calendar/fixture-2022/programme.ics", "calendar/2022-11-02-closing.ics"):
        tzids = [str(tz["TZID"]) for tz in parse(two_outputs[rel])[0].walk("VTIMEZONE")]
        assert tzids == ["Europe/Kyiv"], rel
    for rel in ("calendar/fixture-2021/module-first.ics", "calendar/module-smart.ics"):
        tzids = [str(tz["TZID"]) for tz in parse(two_outputs[rel])[0].walk("VTIMEZONE")]
        assert tzids == ["Europe/Rome"], rel


def test_the_descriptions_name_the_session_edition(two_outputs, two_editions):
    """A session of the second edition: its number there, its edition's title, zone and notes
    on dates and times (not the first edition's)."""
    (event,) = parse(two_outputs["calendar/2022-10-25-first-topic-again.ics"])[0].walk("VEVENT")
    text = str(event["DESCRIPTION"])
    lines = text.split("\n")
    assert lines[:4] == [
        "The first topic, once more",
        "Session 1 of 2 of the Second Fixture Edition.",
        "Thematic module 1: The first topic.",
        "Expert: Gamma Experts.",
    ]
    assert "Agenda (times in EEST, Europe/Kyiv):" in lines
    assert (
        "10:00–11:00  The first topic in the second edition [Training], presented by Alpha "
        "Cluster" in lines
    )
    assert "11:00–12:00  Questions until the end [Roundtable]" in lines
    for note in two_editions.editions[SECOND].notes:
        assert (f"{note.title}: {note.text}" in lines) == bool(note.about), note.id
    for note in two_editions.editions[EDITION].notes:
        assert note.text not in text, note.id
    assert lines[-1] == (
        f"Session page: {BASE}programme/fixture-2022/sessions/2022-10-25-first-topic-again/"
    )
    (closing,) = parse(two_outputs["calendar/2022-11-02-closing.ics"])[0].walk("VEVENT")
    assert "Session 2 of 2 of the Second Fixture Edition." in str(closing["DESCRIPTION"])
    assert "Agenda (times in EET, Europe/Kyiv):" in str(closing["DESCRIPTION"])
    # the first edition's sessions keep their numbers and theirs
    (opening,) = parse(two_outputs["calendar/2021-03-22-opening.ics"])[0].walk("VEVENT")
    assert "Session 1 of 6 of the Fixture Training Programme." in str(opening["DESCRIPTION"])


SAME_OUTPUTS = """
import hashlib, sys
from datetime import datetime, UTC
from macros.loader import load
from macros.schedule import Schedule
from macros.schedule.urls import SiteUrls
cur = load(sys.argv[1])
outputs = Schedule(cur, SiteUrls(cur, sys.argv[2]), stamp=datetime(2021, 1, 1, tzinfo=UTC),
                   commits={}).outputs()
for rel in sorted(outputs):
    print(rel, hashlib.sha256(outputs[rel]).hexdigest())
"""


def test_calendars_with_two_zones_are_the_same_in_every_process(two_editions):
    """Two zones in one calendar: its VTIMEZONEs come in the order of their names, not in
    that of a set of names, which changes with each process's hash seed (two builds of the
    same data would differ)."""
    hashes = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        proc = subprocess.run(
            [sys.executable, "-c", SAME_OUTPUTS, str(two_editions.root), BASE],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        hashes.add(proc.stdout)
    assert len(hashes) == 1
    assert "calendar/programme.ics" in hashes.pop()


# ------------------------------------------------------------------------ the real site


def test_real_site_a_calendar_for_every_edition_module_and_session(site, curriculum):
    expected = expected_calendars(curriculum)
    assert written_calendars(site) == set(expected)
    for rel, sids in expected.items():
        events = read_ical(site, rel).walk("VEVENT")
        assert [str(e["UID"]) for e in events] == [uid_of(sid, site) for sid in sids], rel
        for sid, event in zip(sids, events, strict=True):  # each in its edition's zone
            s = curriculum.sessions[sid]
            assert event["DTSTART"].params["TZID"] == s.edition.timezone, (rel, sid)
            assert event.start == datetime.combine(s.date, s.start, ZoneInfo(s.edition.timezone))
        assert len(read_vobject(site, rel).vevent_list) == len(sids), rel
        assert read_ical(site, rel).get_missing_tzids() == set(), rel


def test_real_site_pages_link_to_their_calendars(site, curriculum):
    """Each session page offers its calendar (a download); each published module page, for
    each edition that held it, the module's calendar of that edition, with a subscribe link;
    each edition's overview its programme's calendar, with a subscribe link."""
    feed = site_url(site).replace("https://", "webcal://", 1)
    pages = {curriculum.pages["sessions"][sid]: [(sid, False)] for sid in curriculum.sessions}
    for m in curriculum.published_modules():
        held = curriculum.module_editions(m.id)
        assert held, m.id  # a published module is held in an edition
        pages[curriculum.pages["modules"][m.id]] = [(f"{eid}/{m.id}", True) for eid in held]
    for eid in curriculum.editions:
        pages[curriculum.pages["editions"][eid]] = [(f"{eid}/programme", True)]
    for page, offered in pages.items():
        downloads, subscribes = calendar_links(site, page)
        targets = [(page_file(site, page).parent / a["href"]).resolve() for a in downloads]
        for key, _ in offered:
            assert (site / "calendar" / f"{key}.ics").resolve() in targets, (page, key)
        assert all(t.is_file() for t in targets), page
        want = [f"{feed}calendar/{key}.ics" for key, subscribable in offered if subscribable]
        assert [a["href"] for a in subscribes] == want, page
