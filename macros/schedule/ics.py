"""The calendars (iCalendar, .ics): the whole programme and each published module (every
edition's sessions), the same for each edition (calendar/<edition>/…), and one per session.

Every instant is built with zoneinfo from the time zone of the session's edition; each calendar
carries the VTIMEZONE of the years its events fall in.

The programme's and the modules' calendars can be subscribed to (webcal://), so a client
re-reads them and applies what changed. What it needs for that:
- a stable UID per event: `<session id>@<site host>`, never changed once published;
- SEQUENCE and LAST-MODIFIED that change when, and only when, the session changes. Both
  come from the git history of the session's data file (…/sessions/<id>.yml under data/,
  wherever it lived), read with ONE `git log` per build: SEQUENCE is the number of commits
  that changed the file minus one, LAST-MODIFIED the time of the newest of them. Without
  history (no git, a copy without .git, a shallow clone, a file not committed yet) SEQUENCE
  is 0 and LAST-MODIFIED the build time;
- how often to re-read the feed: REFRESH-INTERVAL (RFC 7986) and X-PUBLISHED-TTL (Outlook,
  Apple), with the feed's own address as SOURCE and URL.
DTSTAMP is the build time (SOURCE_DATE_EPOCH), as for every file of a reproducible build.
"""

from __future__ import annotations

import logging
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from icalendar import Calendar, Event, Timezone, vDuration

from ..curriculum import Curriculum
from ..models import hm
from .urls import CALENDAR_DIR, PROGRAMME_KEY, SiteUrls

PRODID = "-//SmartCTClusters//Training Curriculum//EN"
DATA = "data"
REFRESH = timedelta(hours=12)  # how often subscribed clients should look for changes
log = logging.getLogger("mkdocs.plugins.curriculum.calendars")
NO_HISTORY = "calendars: %s, so every event has SEQUENCE 0 and LAST-MODIFIED the build time"
Commits = dict[str, list[datetime]]  # session id -> times of its data file's commits, newest first


def session_commits(root: Path) -> Commits:
    """The commits of each session's data file, from one `git log`. Empty when there is no
    usable history: git missing, `root` not in a repository, or a shallow clone (its oldest
    commit seems to add every file)."""
    # --format: \x01 starts each commit, then its time and its decorations; --relative: paths
    # relative to `root`, even if the repository is a folder above
    command = ["git", "-c", "log.showSignature=false", "log", "--format=%x01%ct %D"]
    command += ["--name-only", "--relative", "--", DATA]
    try:
        output = subprocess.run(
            command, cwd=root, capture_output=True, text=True, check=True, timeout=60
        ).stdout
    except (OSError, subprocess.SubprocessError):
        log.info(NO_HISTORY, f"no git history of {DATA}/")
        return {}
    commits: Commits = {}
    for entry in output.split("\x01")[1:]:
        head, _, names = entry.partition("\n")
        seconds, _, decorations = head.partition(" ")
        if "grafted" in decorations.split(", "):
            log.info(NO_HISTORY, "the repository is a shallow clone (fetch its whole history)")
            return {}
        when = datetime.fromtimestamp(int(seconds), UTC)
        # a commit counts once for a session, though it names two of its paths (a file moved
        # to another edition's folder and rewritten shows as removed there and added here)
        changed = set()
        for name in names.splitlines():
            folder, _, file = name.strip().rpartition("/")
            if folder.endswith("sessions") and file.endswith((".yml", ".yaml")):
                changed.add(file.rsplit(".", 1)[0])
        for sid in changed:
            commits.setdefault(sid, []).append(when)
    return commits


class Calendars:
    def __init__(self, cur: Curriculum, urls: SiteUrls, stamp: datetime, commits: Commits):
        self.cur, self.urls, self.stamp, self.commits = cur, urls, stamp, commits

    def contents(self) -> dict[str, tuple[str, list[str]]]:
        """Key -> (name, session ids) of each calendar: the programme's and each published
        module's, over every edition and for each edition (<edition>/programme,
        <edition>/<module>), then each session's."""
        cur, modules = self.cur, self.cur.published_modules()
        out = {PROGRAMME_KEY: ("the programme", list(cur.sessions))}
        out |= {m.id: (f"Module {m.number}, {m.title}", cur.module_sessions(m.id)) for m in modules}
        for eid, e in cur.editions.items():
            out[f"{eid}/{PROGRAMME_KEY}"] = (e.title, cur.edition_sessions(eid))
            for m in modules:
                if sids := cur.module_sessions(m.id, eid):
                    out[f"{eid}/{m.id}"] = (f"Module {m.number}, {m.title}, {e.title}", sids)
        out |= {sid: (s.title, [sid]) for sid, s in cur.sessions.items()}
        return {key: (f"{cur.project.name}: {name}", sids) for key, (name, sids) in out.items()}

    def subscribable(self, key: str) -> bool:
        """The programme's and the modules' calendars are feeds; a session's is a download."""
        return key not in self.cur.sessions

    def files(self) -> dict[str, bytes]:
        """Site path -> .ics content (CRLF line ends and folding by icalendar)."""
        return {
            self.urls.calendar_path(key): self.calendar(key, name, sids).to_ical()
            for key, (name, sids) in self.contents().items()
        }

    def calendar(self, key: str, name: str, sids: list[str]) -> Calendar:
        feed = self.urls.calendar_url(key)
        cal = Calendar.new(
            prodid=PRODID,
            name=name,
            uid=f"{CALENDAR_DIR}-{key}@{self.urls.host}",
            method="PUBLISH",
            url=feed,
        )
        if self.subscribable(key):
            cal.source = feed
            cal.add("REFRESH-INTERVAL", REFRESH, parameters={"VALUE": "DURATION"})
            cal.add("X-PUBLISHED-TTL", vDuration(REFRESH))
        for sid in sids:
            cal.add_component(self.event(sid))
        dates = [self.cur.sessions[sid].date for sid in sids]
        first, last = date(min(dates).year, 1, 1), date(max(dates).year + 1, 1, 1)
        # One VTIMEZONE per zone, before the events, in the order of the zones' names:
        # icalendar's add_missing_timezones() follows the order of a set, which changes from
        # one process to the next, and the file would differ between two builds.
        for n, tzid in enumerate(sorted(cal.get_missing_tzids())):
            cal.subcomponents.insert(n, Timezone.from_tzid(tzid, first_date=first, last_date=last))
        return cal

    def event(self, sid: str) -> Event:
        s = self.cur.sessions[sid]
        module = self.cur.module_of(sid)
        times = self.commits.get(sid, [])  # its data file's, newest first (session_commits)
        return Event.new(
            uid=f"{sid}@{self.urls.host}",
            stamp=self.stamp,
            sequence=max(len(times) - 1, 0),
            last_modified=max(times, default=self.stamp),
            start=s.starts_at(),
            end=s.ends_at(),
            summary=f"{self.cur.project.name}: {s.title}",
            description=self.description(sid),
            location="Online",
            url=self.urls.page_url("sessions", sid),
            categories=(f"Module {module.number}",) if module else (),  # [] writes CATEGORIES:
        )

    def description(self, sid: str) -> str:
        """DESCRIPTION of a session's event: what it is, its agenda in plain text, then what
        the programme's notes say about its dates and times."""
        s, cur = self.cur.sessions[sid], self.cur
        module = cur.module_of(sid)
        zone = s.starts_at().tzname() or s.edition.timezone
        lines = [
            s.heading,
            f"Session {cur.session_number(sid)} of {len(cur.edition_sessions(s.edition_id))} "
            f"of the {s.edition.title}.",
        ]
        if module:
            lines.append(f"Thematic module {module.number}: {module.title}.")
        if s.expert:
            lines.append(f"Expert: {cur.organisations[s.expert].name}.")
        lines += ["", f"Agenda (times in {zone}, {s.edition.timezone}):"]
        lines += [self.item_line(sid, i) for i in range(len(s.agenda))]
        notes = s.edition.notes_about("dates", "times")
        if notes:
            lines += ["", *(f"{n.title}: {n.text}" for n in notes)]
        lines += ["", f"Session page: {self.urls.page_url('sessions', sid)}"]
        return "\n".join(lines)

    def item_line(self, sid: str, index: int) -> str:
        s = self.cur.sessions[sid]
        item, end = s.agenda[index], s.item_end(index)
        when = f"{hm(item.start)}–{hm(end)}" if end else hm(item.start)
        if item.duration:
            when += f" ({item.duration})"
        line = f"{when}  {item.label} [{item.kind.label}]"
        if item.presenters:
            line += ", presented by " + ", ".join(
                self.cur.organisations[o].name for o in item.presenters
            )
        return line
