"""A second edition of the training on a copy of the real repository (issue 17).

The copy follows CONTRIBUTING.md, "Add an edition": the folder of the first edition is copied,
given other dates and another time zone, and keeps the sessions of the first module it delivers;
its pages are copied the same way. Both editions' pages, calendars and JSON must be right, the
module page must list both, and the first edition's URLs and calendar UIDs must not move. What
the copy holds is derived from data/, so an editor's change to the real curriculum keeps it valid.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import EPOCH, REPO, Workspace, content, soup, text
from icalendar import Calendar

from macros.curriculum import Curriculum
from macros.render import doc_url

NEW = "2nd-online-2027"
NEW_TITLE = "2nd Online Training Programme (test edition)"
NEW_ZONE = "America/New_York"
NEW_START = date(2027, 3, 1)  # the US change to summer time (14 March 2027) may fall inside


@pytest.fixture(scope="module")
def first(curriculum: Curriculum) -> str:
    """The real site's current edition: the one the copy is made from."""
    return curriculum.current_edition()


@pytest.fixture(scope="module")
def module_id(curriculum: Curriculum, first: str) -> str:
    """The first published module the edition delivers (today: Module 4)."""
    delivered = [
        m.id for m in curriculum.published_modules() if first in curriculum.module_editions(m.id)
    ]
    assert delivered, "the real edition delivers no published module: nothing to reuse"
    return delivered[0]


@pytest.fixture(scope="module")
def renamed(curriculum: Curriculum, first: str, module_id: str) -> dict[str, str]:
    """Old session id -> new one, for the module's sessions, moved to the new dates."""
    shift = NEW_START - curriculum.editions[first].first_date
    return {
        sid: f"{curriculum.sessions[sid].date + shift}{sid[10:]}"
        for sid in curriculum.module_sessions(module_id, first)
    }


@pytest.fixture(scope="module")
def two(tmp_path_factory, curriculum, first, renamed) -> Workspace:
    """A copy of the repository with the second edition added as CONTRIBUTING.md says."""
    ws = Workspace(tmp_path_factory.mktemp("two-editions") / "repo", REPO)
    old = curriculum.editions[first]
    shift = NEW_START - old.first_date
    data, pages = f"data/editions/{NEW}", f"docs/programme/{NEW}"
    shutil.copytree(ws.path(f"data/editions/{first}"), ws.path(data))
    shutil.copytree(ws.path(f"docs/programme/{first}"), ws.path(pages))
    # 2. edition.yml: title, dates, time zone; the notes of the first edition do not hold
    edition = ws.read(f"{data}/edition.yml")
    edition = re.sub(r"(?m)^title: .*$", f"title: {NEW_TITLE}", edition)
    edition = re.sub(r"(?m)^timezone: .*$", f"timezone: {NEW_ZONE}", edition)
    edition = re.sub(r"(?m)^first_date: .*$", f"first_date: {NEW_START}", edition)
    edition = re.sub(r"(?m)^last_date: .*$", f"last_date: {old.last_date + shift}", edition)
    ws.write(f"{data}/edition.yml", edition.split("\nnotes:")[0] + "\n")
    # 3. its sessions: those of the module, renamed after their new dates
    for path in ws.path(f"{data}/sessions").glob("*.yml"):
        new_id = renamed.get(path.stem)
        if new_id is not None:
            session = curriculum.sessions[path.stem]
            moved = path.read_text(encoding="utf-8").replace(
                f"date: {session.date}", f"date: {session.date + shift}"
            )
            ws.write(f"{data}/sessions/{new_id}.yml", moved)
        path.unlink()
    # 4. the pages: session pages renamed, their `session:` changed; notes dropped from the text
    for path in ws.path(f"{pages}/sessions").glob("*.md"):
        new_id = renamed.get(path.stem)
        if new_id is not None:
            page = path.read_text(encoding="utf-8").replace(
                f"session: {path.stem}", f"session: {new_id}"
            )
            ws.write(f"{pages}/sessions/{new_id}.md", without_notes(page))
        path.unlink()
    for name in ("index.md", "at-a-glance.md"):
        page = ws.read(f"{pages}/{name}").replace(f"editions/{first}/", f"editions/{NEW}/")
        ws.write(f"{pages}/{name}", without_notes(page).replace(f'"{first}"', f'"{NEW}"'))
    return ws


def without_notes(page: str) -> str:
    """The page without its calls of the first edition's notes (the new edition has none)."""
    return re.sub(r'\{\{ source_note\("[^"]+"\) \}\}\n?', "", page)


@pytest.fixture(scope="module")
def two_site(two: Workspace) -> Path:
    result = two.build(two.root / "site", SOURCE_DATE_EPOCH=EPOCH)
    assert result.code == 0, str(result)
    return result.site_dir


@pytest.fixture(scope="module")
def two_cur(two: Workspace) -> Curriculum:
    return two.load()


def page(cur: Curriculum, kind: str, item_id: str) -> str:
    return cur.pages[kind][item_id]


def calendar_events(site_dir: Path, key: str) -> dict[str, object]:
    cal = Calendar.from_ical((site_dir / "calendar" / f"{key}.ics").read_bytes())
    return {str(ev["UID"]): ev for ev in cal.walk("VEVENT")}


# ------------------------------------------------------------------------------ the data


def test_the_copy_loads_as_two_editions(two_cur, first, module_id, renamed):
    assert set(two_cur.editions) >= {first, NEW}
    assert two_cur.current_edition() == NEW, "the upcoming edition is met first"
    assert two_cur.edition_sessions(NEW) == sorted(renamed.values())
    assert two_cur.module_editions(module_id)[:2] in ([NEW, first], [first, NEW])
    assert set(two_cur.module_sessions(module_id)) >= set(renamed) | set(renamed.values())
    for sid in renamed.values():
        assert two_cur.sessions[sid].starts_at().tzinfo == ZoneInfo(NEW_ZONE)


# ------------------------------------------------------------------------------ pages


def test_each_session_page_shows_its_edition(two_site, two_cur, renamed):
    for old, new in renamed.items():
        for sid in (old, new):
            session = two_cur.sessions[sid]
            body = text(content(two_site, page(two_cur, "sessions", sid)))
            assert f"{session.date.day} {session.date.strftime('%B')}" in body, sid
            abbreviation = session.starts_at().tzname()
            assert abbreviation in body, f"{sid}: its zone ({abbreviation}) is not named"


def test_the_module_page_lists_both_editions(two_site, two_cur, first, module_id):
    body = text(content(two_site, page(two_cur, "modules", module_id)))
    for eid in (first, NEW):
        assert two_cur.editions[eid].title in body, f"the module page omits {eid}"


def test_the_hub_and_the_menu_put_the_new_edition_first(two_site, two_cur, first):
    hub = text(content(two_site, "programme/index.md"))
    new_title, old_title = two_cur.editions[NEW].title, two_cur.editions[first].title
    assert new_title in hub and old_title in hub
    assert hub.index(new_title) < hub.index(old_title)
    menu = soup(two_site, "programme/index.md").select("nav.md-nav--primary a.md-nav__link")
    labels = [text(a) for a in menu]
    assert new_title in labels and old_title in labels, labels
    assert labels.index(new_title) < labels.index(old_title), labels


def test_each_edition_has_its_overview_and_glance(two_site, two_cur):
    for eid in two_cur.editions:
        for name in ("index.md", "at-a-glance.md"):
            body = text(content(two_site, f"programme/{eid}/{name}"))
            sessions = two_cur.edition_sessions(eid)
            for sid in sessions:
                assert two_cur.sessions[sid].title in body, f"{eid}/{name} omits {sid}"
            others = set(two_cur.sessions) - set(sessions)
            html = str(content(two_site, f"programme/{eid}/{name}"))
            strays = [sid for sid in others if f"/{sid}/" in html]
            assert not strays, f"{eid}/{name} links sessions of another edition: {strays}"


# ------------------------------------------------------------------------------ calendars


def test_the_new_edition_has_its_calendars(two_site, two_cur, module_id, renamed):
    for key in (f"{NEW}/programme", f"{NEW}/{module_id}"):
        events = calendar_events(two_site, key)
        assert len(events) == len(renamed), key
        for ev in events.values():
            start = ev["DTSTART"].dt
            assert str(start.tzinfo) == NEW_ZONE, f"{key}: {start!r} is not in {NEW_ZONE}"
    for sid in renamed.values():
        (ev,) = calendar_events(two_site, sid).values()
        assert ev["DTSTART"].dt == two_cur.sessions[sid].starts_at()


def test_the_all_editions_calendars_hold_both(two_site, two_cur, module_id, first, renamed):
    module = calendar_events(two_site, module_id)
    assert len(module) == len(two_cur.module_sessions(module_id))
    programme = calendar_events(two_site, "programme")
    assert len(programme) == len(two_cur.sessions)
    assert len(calendar_events(two_site, f"{first}/programme")) == len(
        two_cur.edition_sessions(first)
    )


# ------------------------------------------------------------------------------ JSON


def test_programme_json_holds_both_editions(two_site, two_cur):
    data = json.loads((two_site / "programme.json").read_text(encoding="utf-8"))
    by_id = {e["id"]: e for e in data["editions"]}
    assert set(by_id) == set(two_cur.editions)
    new = by_id[NEW]
    assert new["timezone"] == NEW_ZONE
    starts = {s["id"]: s["start"] for s in new["sessions"]}
    assert set(starts) == set(two_cur.edition_sessions(NEW))
    for sid, start in starts.items():
        assert datetime.fromisoformat(start) == two_cur.sessions[sid].starts_at(), sid


# ------------------------------------------------------------------------------ nothing moved


def test_the_first_editions_pages_keep_their_addresses(site, two_site, curriculum, first):
    for sid in curriculum.edition_sessions(first):
        url = doc_url(page(curriculum, "sessions", sid), True)
        assert (site / url / "index.html").is_file()
        assert (two_site / url / "index.html").is_file(), f"{url} moved with a second edition"
    for name in ("index.md", "at-a-glance.md"):
        assert (two_site / doc_url(f"programme/{first}/{name}", True) / "index.html").is_file()


def test_the_first_editions_calendar_uids_do_not_change(
    site, two_site, curriculum, first, module_id
):
    for key in (f"{first}/programme", f"{first}/{module_id}", *curriculum.edition_sessions(first)):
        before, after = calendar_events(site, key), calendar_events(two_site, key)
        assert set(after) == set(before), f"calendar/{key}.ics: UIDs changed"
        for uid, ev in before.items():
            assert after[uid]["DTSTART"].dt == ev["DTSTART"].dt, f"{key} {uid}: moved"


def test_the_copy_has_no_date_outside_its_edition(two_cur):
    for eid, edition in two_cur.editions.items():
        for sid in two_cur.edition_sessions(eid):
            assert edition.first_date <= two_cur.sessions[sid].date <= edition.last_date
    assert max(
        two_cur.sessions[s].date for s in two_cur.edition_sessions(NEW)
    ) - NEW_START < timedelta(days=60)
