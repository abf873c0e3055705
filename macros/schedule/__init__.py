"""The participants' schedule, derived from the validated curriculum: calendars (.ics),
programme.json, schema.org JSON-LD and the at-a-glance grid. Data shaping only: the markup lives
in the templates schedule_*.html.

Files written into the built site:
  calendar/<session-id>.ics             one event
  calendar/<module-id>.ics              a published module's sessions, in every edition
  calendar/programme.ics                every session of every edition
  calendar/<edition>/programme.ics      an edition's sessions
  calendar/<edition>/<module-id>.ics    a module's sessions in one edition
  programme.json                        everything, described by programme/programme.schema.json
All but the sessions' calendars are also offered for subscription (webcal://); the events'
SEQUENCE and LAST-MODIFIED come from the git history of the sessions' data files (ics.py).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from ..curriculum import Curriculum
from ..settings import build_time
from .glance import glance_weeks
from .ics import Calendars, Commits, session_commits
from .jsonld import JsonLd, script_json
from .programme_json import ProgrammeJson
from .urls import PROGRAMME_JSON, SiteUrls

__all__ = ["Schedule", "script_json"]


class Schedule:
    """Everything the schedule derives from one curriculum, for one site address."""

    def __init__(
        self,
        cur: Curriculum,
        urls: SiteUrls,
        stamp: datetime | None = None,
        commits: Commits | None = None,
    ):
        """`stamp`: the build time (default: settings.build_time()); `commits`: session id ->
        times of the commits of its data file (default: read from git, once, here)."""
        self.cur, self.urls = cur, urls
        commits = session_commits(cur.root) if commits is None else commits
        self.calendars = Calendars(cur, urls, stamp or build_time(), commits)
        self.json = ProgrammeJson(cur, urls)
        self.jsonld = JsonLd(cur, urls)

    @classmethod
    def from_config(cls, cur: Curriculum, config) -> Schedule:
        return cls(cur, SiteUrls.from_config(cur, config))

    def calendar_path(self, key: str) -> str:
        return self.urls.calendar_path(key)

    def subscribe_url(self, key: str) -> str | None:
        """webcal:// address of the programme's or a module's calendar; None for a session's
        (a download only) or a site that is not on http(s)."""
        return self.urls.webcal_url(key) if self.calendars.subscribable(key) else None

    def glance_weeks(self, edition_id: str):
        return glance_weeks(self.cur, edition_id)

    def outputs(self) -> dict[str, bytes]:
        """Site path -> content of every file the schedule adds to the site."""
        return {**self.calendars.files(), PROGRAMME_JSON: self.json.text().encode("utf-8")}

    def write(self, site_dir: str | Path) -> None:
        for rel, content in self.outputs().items():
            target = Path(site_dir) / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
