"""schema.org JSON-LD of the programme overview, session and module pages (for <head>)."""

from __future__ import annotations

import json

from ..curriculum import Curriculum
from .urls import PROGRAMME_PAGE, SiteUrls

ONLINE = "https://schema.org/OnlineEventAttendanceMode"


def script_json(data: dict) -> str:
    """JSON safe to place inside <script type="application/ld+json"> (no '</' or '<!--')."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class JsonLd:
    def __init__(self, cur: Curriculum, urls: SiteUrls, tz):
        self.cur, self.urls, self.tz = cur, urls, tz

    def for_page(self, meta: dict, src_path: str) -> dict | None:
        """The JSON-LD of a page, from its front matter (session: or module:); the programme
        overview's from its path. None for other pages."""
        description = meta.get("description")
        data = None
        if src_path == PROGRAMME_PAGE:
            data = self.programme()
        elif str(meta.get("session")) in self.cur.sessions:
            data = self.session(str(meta["session"]))
        elif str(meta.get("module")) in self.cur.modules:
            data = self.module(str(meta["module"]))
        if data is not None and description:
            data["description"] = description
        return data

    def organizer(self) -> dict:
        project = self.cur.programme.project
        return {
            "@type": "Organization",
            "name": project.name,
            "alternateName": project.full_name,
            "email": project.email,
        }

    def programme_ref(self) -> dict:
        p, url = self.cur.programme, self.urls.programme_url()
        return {
            "@type": "EventSeries",
            "@id": url + "#programme",
            "name": p.title,
            "url": url,
            "startDate": p.first_date.isoformat(),
            "endDate": p.last_date.isoformat(),
            "eventAttendanceMode": ONLINE,
            "organizer": self.organizer(),
        }

    def module_ref(self, mid: str) -> dict:
        m = self.cur.modules[mid]
        return {
            "@type": "CourseInstance",
            "@id": self.urls.page_url("modules", mid) + "#course-instance",
            "name": f"Module {m.number}: {m.title}",
            "url": self.urls.page_url("modules", mid),
        }

    def session_ref(self, sid: str) -> dict:
        s, url = self.cur.sessions[sid], self.urls.page_url("sessions", sid)
        return {
            "@type": "EducationEvent",
            "@id": url + "#event",
            "name": s.title,
            "url": url,
            "startDate": s.starts_at(self.tz).isoformat(),
            "endDate": s.ends_at(self.tz).isoformat(),
        }

    def session(self, sid: str) -> dict:
        s, url = self.cur.sessions[sid], self.urls.page_url("sessions", sid)
        module = self.cur.module_of(sid)
        event = self.session_ref(sid) | {
            "eventAttendanceMode": ONLINE,
            "eventStatus": "https://schema.org/EventScheduled",
            "location": {"@type": "VirtualLocation", "url": url},
            "organizer": self.organizer(),
            "inLanguage": "en",
        }
        if s.programme_label:
            event["alternateName"] = s.heading
        if s.expert:
            event["performer"] = {
                "@type": "Organization",
                "name": self.cur.organisations[s.expert].name,
            }
        supers = [self.module_ref(module.id)] if module else []
        supers.append(self.programme_ref())
        event["superEvent"] = supers if len(supers) > 1 else supers[0]
        event["subEvent"] = [self.item(sid, i) for i in range(len(s.agenda))]
        return {"@context": "https://schema.org", **event}

    def item(self, sid: str, i: int) -> dict:
        s = self.cur.sessions[sid]
        item, end = s.agenda[i], s.item_end(i)
        out = {
            "@type": "Event",
            "name": item.label,
            "startDate": s.starts_at(self.tz, item.start).isoformat(),
        }
        if end:
            out["endDate"] = s.starts_at(self.tz, end).isoformat()
        return out

    def module(self, mid: str) -> dict:
        m, url = self.cur.modules[mid], self.urls.page_url("modules", mid)
        instance: dict = {
            "@type": "CourseInstance",
            "@id": url + "#course-instance",
            "name": f"{self.cur.programme.title}: Module {m.number}",
            "courseMode": "online",
            "eventAttendanceMode": ONLINE,
            "location": {"@type": "VirtualLocation", "url": url},
            "organizer": self.organizer(),
            "superEvent": self.programme_ref(),
            "subEvent": [self.session_ref(sid) for sid in m.sessions],
        }
        if m.sessions:
            sessions = [self.cur.sessions[sid] for sid in m.sessions]
            instance["startDate"] = min(s.starts_at(self.tz) for s in sessions).isoformat()
            instance["endDate"] = max(s.ends_at(self.tz) for s in sessions).isoformat()
        return {
            "@context": "https://schema.org",
            "@type": "Course",
            "@id": url + "#course",
            "name": f"Module {m.number}: {m.title}",
            "description": m.summary,
            "url": url,
            "provider": self.organizer(),
            "hasCourseInstance": instance,
        }

    def programme(self) -> dict:
        """The programme overview's EventSeries, its sessions as sub-events."""
        url = self.urls.programme_url()
        return {
            "@context": "https://schema.org",
            **self.programme_ref(),
            "location": {"@type": "VirtualLocation", "url": url},
            "inLanguage": "en",
            "subEvent": [self.session_ref(sid) for sid in self.cur.sessions],
        }
