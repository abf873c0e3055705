"""The programme at a glance: the calendar weeks from the programme's first to its last day,
Monday to Friday, or the whole week when a session falls on a weekend (the fixture has a
Saturday); each session once, on its day."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from conftest import content

from macros.schedule.glance import WEEKDAYS, glance_weeks

PAGE = "programme/fixture-2021/at-a-glance.md"


def test_weeks_from_the_first_to_the_last_day(fixture_cur):
    weekdays, weeks = glance_weeks(fixture_cur)
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
    weekdays, weeks = glance_weeks(cur)
    assert weekdays == list(WEEKDAYS[:5])
    assert all(len(w.days) == 5 for w in weeks)
    # the programme's dates still bound the grid, though no session is on its last day
    assert weeks[-1].monday == date(2021, 4, 5)


def test_the_page_shows_the_grid(fixture_site, fixture_cur):
    table = content(fixture_site, PAGE).select_one(".ct-glance table")
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
    saturday = rows[2].select("td")[5]
    assert saturday.select_one("time")["datetime"] == "2021-04-10"
    assert "2021-04-10-second-topic-2" in saturday.select_one("a")["href"]


def test_real_site_grid_places_every_session_once(site, curriculum):
    table = content(site, PAGE).select_one(".ct-glance table")
    links = [a["href"] for a in table.select(".ct-glance-session a")]
    assert sorted(h.rstrip("/").rsplit("/", 1)[-1] for h in links) == sorted(curriculum.sessions)
