"""Addresses on the published site: pages, calendars, programme.json (absolute and relative)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from ..curriculum import Curriculum
from ..render import doc_url

CALENDAR_DIR = "calendar"
PROGRAMME_KEY = "programme"  # calendar/programme.ics
PROGRAMME_JSON = "programme.json"
SCHEMA_DOC = "programme/programme.schema.json"  # a static file in docs/, published as is
PROGRAMME_PAGE = "programme/index.md"  # the programme overview
OFFLINE_ZIP = "curriculum-offline.zip"  # the offline copy, at the root of the site


@dataclass(frozen=True)
class SiteUrls:
    cur: Curriculum
    site_url: str  # absolute, ends with "/"
    use_directory_urls: bool = True

    @classmethod
    def from_config(cls, cur: Curriculum, config) -> SiteUrls:
        site_url = config.site_url or "http://127.0.0.1:8000/"
        return cls(cur, site_url.rstrip("/") + "/", bool(config.use_directory_urls))

    @property
    def host(self) -> str:
        return urlsplit(self.site_url).hostname or "localhost"

    def doc_path(self, src_path: str) -> str:
        """Site-relative URL of a page of docs/ (programme/index.md -> programme/)."""
        return doc_url(src_path, self.use_directory_urls)

    def absolute(self, path: str) -> str:
        return urljoin(self.site_url, path)

    def page_url(self, kind: str, item_id: str) -> str:
        return self.absolute(self.doc_path(self.cur.pages[kind][item_id]))

    def programme_url(self) -> str:
        return self.absolute(self.doc_path(PROGRAMME_PAGE))

    @staticmethod
    def calendar_path(key: str) -> str:
        """calendar/<session-id>.ics, calendar/<module-id>.ics or calendar/programme.ics."""
        return f"{CALENDAR_DIR}/{key}.ics"

    def calendar_url(self, key: str) -> str:
        return self.absolute(self.calendar_path(key))

    def webcal_url(self, key: str) -> str | None:
        """The calendar's address for subscribing (webcal://host/…/x.ics): a calendar client
        opens it and re-reads the file from time to time. None unless the site is on http(s)."""
        scheme, _, rest = self.calendar_url(key).partition(":")
        return f"webcal:{rest}" if scheme in ("http", "https") else None
