"""The programme at a glance, per edition: the calendar weeks from the edition's first to its
last day, Monday to Friday, or the whole week when a session falls on a weekend (the fixture
has a Saturday); each of the edition's sessions once, on its day, and no other edition's."""

from __future__ import annotations

import dataclasses
import shutil
from datetime import date, timedelta

import pytest
from conftest import FIXTURE, REPO, Workspace, content, page_file

from macros.curriculum import Curriculum
from macros.schedule.glance import WEEKDAYS, glance_weeks

EDITION = "fixture-2021"
PAGE = "programme/fixture-2021/at-a-glance.md"


@pytest.fixture(scope="module")
def two_editions(tmp_path_factory) -> Curriculum:
    """The fixture with its second edition (tests/fixtures/second-edition/), loaded."""
    ws = Workspace(tmp_path_factory.mktemp("glance-two-editions") / "repo")
    for part in ("data", "docs"):
        shutil.copytree(
            FIXTURE.parent / "second-edition" / part, ws.root / part, dirs_exist_ok=True
        )
    return ws.load()


def test_weeks_from_the_first_to_the_last_day(fixture_cur):
    weekdays, weeks = glance_weeks(fixture_cur, EDITION)
    assert weekdays == list(WEEKDAYS)  # a Saturday session: 7 columns
    assert [w.monday for w in weeks] == [date(2021, 3, 22), date(2021, 3, 29), date(2021, 4, 5)]
    for week in weeks:
        assert [d.day for d in week.days] == [week.monday + timedelta(days=i) for i in range(7)]
    days = [d for w in weeks for d in w.days]
    placed = [sid for d in days for sid in d.sessions]
    assert sorted(placed) == sorted(fixture_cur.sessions)  # each session once
    for d in days:
        assert all(fixture_cur.sessions[sid].date == d.day for sid in d.sessions)
        assert d.in_programme == (date(2021, 3, 22) <= d.day <= date(2021, 4, 10))


def test_five_columns_without_weekend_sessions(fixture_cur):
    weekdays_only = {sid: s for sid, s in fixture_cur.sessions.items() if s.date.weekday() < 5}
    cur = dataclasses.replace(fixture_cur, sessions=weekdays_only)
    weekdays, weeks = glance_weeks(cur, EDITION)
    assert weekdays == list(WEEKDAYS[:5])
    assert all(len(w.days) == 5 for w in weeks)
    # the edition's dates still bound the grid, though no session is on its last day
    assert weeks[-1].monday == date(2021, 4, 5)


def test_each_edition_has_its_own_grid(two_editions):
    """The second edition's grid: its own weeks (another year), its two sessions only, five
    columns (no weekend session in it, though the first edition has one)."""
    weekdays, weeks = glance_weeks(two_editions, "fixture-2022")
    assert weekdays == list(WEEKDAYS[:5])
    assert [w.monday for w in weeks] == [date(2022, 10, 24), date(2022, 10, 31)]
    placed = {d.day: d.sessions for w in weeks for d in w.days if d.sessions}
    assert placed == {
        date(2022, 10, 25): ("2022-10-25-first-topic-again",),
        date(2022, 11, 2): ("2022-11-02-closing",),
    }
    assert all(d.in_programme for w in weeks for d in w.days)  # 24 Oct to 4 Nov: every weekday
    # the first edition's grid is as it was alone
    weekdays, weeks = glance_weeks(two_editions, EDITION)
    assert weekdays == list(WEEKDAYS)
    placed = sorted(sid for w in weeks for d in w.days for sid in d.sessions)
    assert placed == sorted(two_editions.edition_sessions(EDITION))


def test_the_page_shows_the_grid(fixture_site, fixture_cur):
    table = content(fixture_site, PAGE).select_one(".ct-glance table")
    caption = " ".join(table.select_one("caption").get_text().split())
    assert caption == "The 6 sessions of the Fixture Training Programme, week by week"
    header = [th.get_text(strip=True) for th in table.select("thead th")]
    assert header == ["Week", *WEEKDAYS]
    rows = table.select("tbody tr")
    assert [r.select_one("th time")["datetime"] for r in rows] == [
        "2021-03-22",
        "2021-03-29",
        "2021-04-05",
    ]
    assert all(len(r.select("td")) == 7 for r in rows)
    links = [a["href"] for a in table.select(".ct-glance-session a")]
    assert sorted(h.rstrip("/").rsplit("/", 1)[-1] for h in links) == sorted(fixture_cur.sessions)
    here = page_file(fixture_site, PAGE).parent
    for h in links:  # the session pages of the edition, built
        target = (here / h / "index.html").resolve()
        assert target.is_file(), h
        assert target.parent.parent == (fixture_site / "programme" / EDITION / "sessions").resolve()
    saturday = rows[2].select("td")[5]
    assert saturday.select_one("time")["datetime"] == "2021-04-10"
    assert saturday.select_one("a")["href"] == "../sessions/2021-04-10-second-topic-2/"
    numbers = [" ".join(n.get_text().split()) for n in table.select(".ct-glance-number")]
    assert numbers == [f"Session {n} of 6" for n in range(1, 7)]


def test_real_site_each_edition_grid_places_its_sessions_once(site, curriculum):
    """Every edition with an at-a-glance page: each of its sessions once, none of another."""
    checked = 0
    for eid in curriculum.editions:
        page = f"programme/{eid}/at-a-glance.md"
        if not (REPO / "docs" / page).is_file():
            continue
        table = content(site, page).select_one(".ct-glance table")
        links = [a["href"] for a in table.select(".ct-glance-session a")]
        placed = sorted(h.rstrip("/").rsplit("/", 1)[-1] for h in links)
        assert placed == sorted(curriculum.edition_sessions(eid)), eid
        checked += 1
    assert checked >= 1  # the current edition has its page, at least
