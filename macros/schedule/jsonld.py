"""schema.org JSON-LD of the editions' overviews, session and module pages (for <head>): an
edition is an EventSeries, a module held in an edition a CourseInstance of the module's Course."""

from __future__ import annotations

import json

from ..curriculum import Curriculum
from .urls import SiteUrls

ONLINE = "https://schema.org/OnlineEventAttendanceMode"


def _event(kind: str, url: str, anchor: str, name: str, start, end) -> dict:
    """What an edition's and a session's events share, in this order."""
    out = {"@type": kind, "@id": url + anchor, "name": name, "url": url}
    return out | {"startDate": start.isoformat(), "endDate": end.isoformat()}


def script_json(data: dict) -> str:
    """JSON safe to place inside <script type="application/ld+json"> (no '</' or '<!--')."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class JsonLd:
    def __init__(self, cur: Curriculum, urls: SiteUrls):
        self.cur, self.urls = cur, urls
        self.overviews = {page: eid for eid, page in cur.pages.get("editions", {}).items()}

    def for_page(self, meta: dict, src_path: str) -> dict | None:
        """The JSON-LD of a page, from its front matter (session: or module:); an edition
        overview's from its path. None for other pages."""
        description = meta.get("description")
        data = None
        if src_path in self.overviews:
            data = self.programme(self.overviews[src_path])
        elif str(meta.get("session")) in self.cur.sessions:
            data = self.session(str(meta["session"]))
        elif str(meta.get("module")) in self.cur.modules:
            data = self.module(str(meta["module"]))
        if data is not None and description:
            data["description"] = description
        return data

    def organizer(self) -> dict:
        project = self.cur.project
        return {
            "@type": "Organization",
            "name": project.name,
            "alternateName": project.full_name,
            "email": project.email,
        }

    def programme_ref(self, eid: str) -> dict:
        p, url = self.cur.editions[eid], self.urls.page_url("editions", eid)
        return _event("EventSeries", url, "#programme", p.title, p.first_date, p.last_date) | {
            "eventAttendanceMode": ONLINE,
            "organizer": self.organizer(),
        }

    def module_ref(self, mid: str, eid: str) -> dict:
        m, url = self.cur.modules[mid], self.urls.page_url("modules", mid)
        ref = {"@type": "CourseInstance", "@id": url + f"#course-instance-{eid}"}
        return ref | {"name": f"Module {m.number}: {m.title}", "url": url}

    def session_ref(self, sid: str) -> dict:
        s, url = self.cur.sessions[sid], self.urls.page_url("sessions", sid)
        return _event("EducationEvent", url, "#event", s.title, s.starts_at(), s.ends_at())

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
            expert = self.cur.organisations[s.expert].name
            event["performer"] = {"@type": "Organization", "name": expert}
        supers = [self.module_ref(module.id, s.edition_id)] if module else []
        supers.append(self.programme_ref(s.edition_id))
        event["superEvent"] = supers if len(supers) > 1 else supers[0]
        event["subEvent"] = [self.item(sid, i) for i in range(len(s.agenda))]
        return {"@context": "https://schema.org", **event}

    def item(self, sid: str, i: int) -> dict:
        s = self.cur.sessions[sid]
        item, end = s.agenda[i], s.item_end(i)
        start = s.starts_at(item.start).isoformat()
        out = {"@type": "Event", "name": item.label, "startDate": start}
        if end:
            out["endDate"] = s.starts_at(end).isoformat()
        return out

    def module(self, mid: str) -> dict:
        m, url = self.cur.modules[mid], self.urls.page_url("modules", mid)
        return {
            "@context": "https://schema.org",
            "@type": "Course",
            "@id": url + "#course",
            "name": f"Module {m.number}: {m.title}",
            "description": m.summary,
            "url": url,
            "provider": self.organizer(),
            "hasCourseInstance": [self.instance(mid, eid) for eid in self.cur.module_editions(mid)],
        }

    def instance(self, mid: str, eid: str) -> dict:
        """The module as one edition held it: its sessions there."""
        m, url = self.cur.modules[mid], self.urls.page_url("modules", mid)
        sids = self.cur.module_sessions(mid, eid)
        sessions = [self.cur.sessions[sid] for sid in sids]
        return {
            "@type": "CourseInstance",
            "@id": url + f"#course-instance-{eid}",
            "name": f"{self.cur.editions[eid].title}: Module {m.number}",
            "courseMode": "online",
            "eventAttendanceMode": ONLINE,
            "location": {"@type": "VirtualLocation", "url": url},
            "organizer": self.organizer(),
            "superEvent": self.programme_ref(eid),
            "subEvent": [self.session_ref(sid) for sid in sids],
            "startDate": min(s.starts_at() for s in sessions).isoformat(),
            "endDate": max(s.ends_at() for s in sessions).isoformat(),
        }

    def programme(self, eid: str) -> dict:
        """An edition overview's EventSeries, its sessions as sub-events."""
        url = self.urls.page_url("editions", eid)
        return {
            "@context": "https://schema.org",
            **self.programme_ref(eid),
            "location": {"@type": "VirtualLocation", "url": url},
            "inLanguage": "en",
            "subEvent": [self.session_ref(sid) for sid in self.cur.edition_sessions(eid)],
        }
