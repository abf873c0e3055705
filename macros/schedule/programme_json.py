"""programme.json: the whole programme as data (schema: docs/programme/programme.schema.json)."""

from __future__ import annotations

import json
from datetime import UTC

from ..curriculum import Curriculum
from .urls import PROGRAMME_KEY, SCHEMA_DOC, SiteUrls

SCHEMA_VERSION = "2.0"  # 2.0: the editions of the programme, each with its sessions


def _utc(moment) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


class ProgrammeJson:
    def __init__(self, cur: Curriculum, urls: SiteUrls):
        self.cur, self.urls = cur, urls

    def text(self) -> str:
        return json.dumps(self.data(), ensure_ascii=False, indent=2) + "\n"

    def data(self) -> dict:
        project = self.cur.project
        return {
            "$schema": self.urls.absolute(SCHEMA_DOC),
            "schema_version": SCHEMA_VERSION,
            "url": self.urls.programme_url(),
            "calendar": self.urls.calendar_url(PROGRAMME_KEY),
            "current_edition": self.cur.current_edition(),
            "project": {
                key: getattr(project, key)
                for key in ("name", "full_name", "website", "email", "funding")
            },
            "modules": [self.module(mid) for mid in self.cur.modules],
            "organisations": [
                {"id": oid, "name": o.name, "short_name": o.short_name}
                for oid, o in self.cur.organisations.items()
            ],
            "editions": [self.edition(eid) for eid in self.cur.editions],
        }

    def edition(self, eid: str) -> dict:
        e = self.cur.editions[eid]
        participants = e.participants
        return {
            "id": eid,
            "title": e.title,
            "mode": e.mode,
            "timezone": e.timezone,
            "first_date": e.first_date.isoformat(),
            "last_date": e.last_date.isoformat(),
            "url": self.urls.page_url("editions", eid),
            "calendar": self.urls.calendar_url(f"{eid}/{PROGRAMME_KEY}"),
            "participants": {
                "clusters_approx": participants.clusters_approx,
                "countries": list(participants.countries),
            }
            if participants
            else None,
            "notes": [
                {"id": n.id, "title": n.title, "text": n.text, "about": list(n.about)}
                for n in e.notes
            ],
            "module_labels": dict(e.module_labels),
            "sessions": [self.session(sid) for sid in self.cur.edition_sessions(eid)],
        }

    def module(self, mid: str) -> dict:
        m = self.cur.modules[mid]
        published = m.status == "published"
        return {
            "id": mid,
            "number": m.number,
            "title": m.title,
            "status": m.status,
            "editions": self.cur.module_editions(mid),
            "url": self.urls.page_url("modules", mid) if published else None,
            "calendar": self.urls.calendar_url(mid) if published else None,
        }

    def session(self, sid: str) -> dict:
        s = self.cur.sessions[sid]
        module = self.cur.module_of(sid)
        start, end = s.starts_at(), s.ends_at()
        return {
            "id": sid,
            "number": self.cur.session_number(sid),
            "date": s.date.isoformat(),
            "start": start.isoformat(),
            "end": end.isoformat(),
            "start_utc": _utc(start),
            "end_utc": _utc(end),
            "edition": s.edition_id,
            "timezone": s.edition.timezone,
            "timezone_abbreviation": start.tzname() or s.edition.timezone,
            "title": s.title,
            "programme_label": s.programme_label,
            "heading": s.heading,
            "module": module.id if module else None,
            "expert": s.expert,
            "url": self.urls.page_url("sessions", sid),
            "calendar": self.urls.calendar_url(sid),
            "agenda": [self.item(sid, i) for i in range(len(s.agenda))],
        }

    def item(self, sid: str, i: int) -> dict:
        s = self.cur.sessions[sid]
        item, end = s.agenda[i], s.item_end(i)
        return {
            "start": s.starts_at(item.start).isoformat(),
            "end": s.starts_at(end).isoformat() if end else None,
            "end_source": self.end_source(sid, i),
            "duration_minutes": item.duration.minutes if item.duration else None,
            "duration_approximate": item.duration.approximate if item.duration else None,
            "title": item.title,
            "topics": list(item.topics),
            "label": item.label,
            "kind": item.kind.value,
            "kind_label": item.kind.label,
            "presenters": list(item.presenters),
            "case_studies": list(item.case_studies),
            "note": item.note,
        }

    def end_source(self, sid: str, i: int) -> str | None:
        """Which rule gives the item's end (Session.item_end): None when it has none."""
        s = self.cur.sessions[sid]
        item = s.agenda[i]
        if s.item_end(i) is None:
            return None
        if item.end:
            return "end"
        if item.duration:
            return "duration"
        return "next-item" if i + 1 < len(s.agenda) else "session-end"


# ---------------------------------------------------------------- the field reference, for docs


def _type_text(spec: dict) -> str:
    if "const" in spec:
        return f"always {json.dumps(spec['const'])}"
    if "enum" in spec:
        return "one of " + ", ".join(json.dumps(v) for v in spec["enum"])
    if "$ref" in spec:
        name = spec["$ref"].rsplit("/", 1)[-1]
        return {"datetime": "date-time with offset", "utc": "date-time in UTC"}.get(name, name)
    if "anyOf" in spec:
        return " or ".join(_type_text(s) for s in spec["anyOf"])
    kinds = spec.get("type", "any")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    text = " or ".join(kinds)
    if spec.get("format") and "string" in kinds:
        text = text.replace("string", f"string ({spec['format']})")
    if "array" in kinds and "items" in spec:
        text = f"array of {_type_text(spec['items'])}"
    return text


def _rows(spec: dict, prefix: str = "") -> list[dict]:
    out = []
    for name, sub in spec.get("properties", {}).items():
        if name == "$schema":
            continue
        desc = sub.get("description", "")
        out.append({"name": prefix + name, "type": _type_text(sub), "description": desc})
        for inner, mark in _objects(sub):
            out += _rows(inner, f"{prefix}{name}{mark}.")
    return out


def _objects(spec: dict) -> list[tuple[dict, str]]:
    """The objects written inline in a field, whose fields are listed under its name: the
    field's own, its items' ("[]"), those among its alternatives (an object or null)."""
    if spec.get("type") == "object":
        return [(spec, "")]
    if spec.get("type") == "array" and spec.get("items", {}).get("type") == "object":
        return [(spec["items"], "[]")]
    return [found for alt in spec.get("anyOf", ()) for found in _objects(alt)]


def schema_fields(schema: dict) -> list[tuple[str, list[dict]]]:
    """The fields of programme.json, grouped as the schema defines them, for the docs."""
    defs = schema.get("$defs", {})
    groups = [("programme", _rows(schema))]
    return groups + [
        (name, _rows(defs[name]))
        for name in ("edition", "session", "item", "module")
        if name in defs
    ]
