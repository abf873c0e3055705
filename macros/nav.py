"""The navigation's @slots (mkdocs.yml `nav:`) filled with pages derived from data.

@editions holds each edition of the programme, the latest first: its overview, its other pages
(at a glance, …) and its sessions. With one edition its pages stand directly in the tab; with
several, each edition is a section of the tab.

Sessions, lessons and case studies are listed under their module ("Module 4: …") once they
belong to two modules or more, so a page's navigation holds its own module's pages and one
entry per other module, not every page of the programme. With a single module they stay one flat
list: a level holding one group adds a tap on phones and splits nothing.

A skeleton section holding nothing but a slot (`Sessions: ["@sessions"]`) is where the groups go:
it is kept when the slot groups and dissolves into its parent when it does not. That puts the
groups on the third level, which Material folds, and which navigation.prune renders as one link
when the group is closed. Entries keep the order of the data (sessions by date): a group stands
where its first entry would, and items of no module stand between the groups at their own place.

Titles are escaped here: the theme prints nav titles as HTML.
"""

from __future__ import annotations

from pathlib import Path

from markupsafe import escape

from .curriculum import EDITIONS_DOCS, Curriculum

SLOTS = ("@editions", "@modules", "@lessons", "@case_studies")
Entry = tuple[str, str, str | None]  # (title, docs path, module id or None)


def module_title(cur: Curriculum, module_id: str) -> str:
    m = cur.modules[module_id]
    return f"Module {m.number}: {m.title}"


def slot_entries(cur: Curriculum, slot: str, edition_id: str = "") -> list[Entry]:
    """The pages of a slot, in the order of the data (@sessions: one edition's)."""
    pages = cur.pages
    if slot == "@sessions":
        sessions = [(sid, cur.sessions[sid]) for sid in cur.edition_sessions(edition_id)]
        return [
            (f"{s.date.day} {s.date:%b}: {s.title}", pages["sessions"][sid], s.module)
            for sid, s in sessions
        ]
    if slot == "@modules":
        return [
            (module_title(cur, m.id), pages["modules"][m.id], None) for m in cur.published_modules()
        ]
    if slot == "@lessons":
        return [(lsn.title, pages["lessons"][lid], lsn.module) for lid, lsn in cur.lessons.items()]
    return [
        (c.title, pages["case_studies"][cid], cur.case_study_module(cid))
        for cid, c in cur.case_studies.items()
    ]


def fill_slot(cur: Curriculum, slot: str, edition_id: str = "") -> tuple[list, bool]:
    """The slot's nav entries, and whether they are grouped by module."""
    entries = slot_entries(cur, slot, edition_id)
    if len({mid for _, _, mid in entries if mid is not None}) < 2:
        return [{str(escape(title)): page} for title, page, _ in entries], False
    out: list = []
    groups: dict[str, list] = {}
    for title, page, mid in entries:
        if mid is None:
            out.append({str(escape(title)): page})
            continue
        if mid not in groups:
            groups[mid] = []
            out.append({str(escape(module_title(cur, mid))): groups[mid]})
        groups[mid].append({str(escape(title)): page})
    return out, True


def edition_entries(cur: Curriculum, eid: str, docs: Path) -> list:
    """An edition's pages: its overview, its other pages (at a glance first), its sessions (in
    a section of their own, grouped by module when they deliver two or more)."""
    folder = docs / EDITIONS_DOCS / eid
    others = sorted(
        (p for p in folder.glob("*.md") if p.name != "index.md"),
        key=lambda p: (p.name != "at-a-glance.md", p.name),
    )
    sessions, _ = fill_slot(cur, "@sessions", eid)
    return [
        {str(escape(cur.editions[eid].title)): cur.pages["editions"][eid]},
        *(p.relative_to(docs).as_posix() for p in others),
        {"Sessions": sessions},
    ]


def editions(cur: Curriculum, docs: Path) -> list:
    """The @editions slot: one edition's pages, or a section per edition, the latest first."""
    if len(cur.editions) == 1:
        return edition_entries(cur, next(iter(cur.editions)), docs)
    return [
        {str(escape(cur.editions[eid].title)): edition_entries(cur, eid, docs)}
        for eid in reversed(cur.editions)
    ]


def derive_nav(nav: list, cur: Curriculum, docs: Path) -> list:
    """The skeleton of mkdocs.yml with every @slot replaced by its pages."""
    out: list = []
    for item in nav:
        if item == "@editions":
            out.extend(editions(cur, docs))
        elif isinstance(item, str) and item in SLOTS:
            out.extend(fill_slot(cur, item)[0])
        elif isinstance(item, dict):
            for key, value in item.items():
                if isinstance(value, list) and len(value) == 1 and str(value[0]) in SLOTS:
                    entries, grouped = fill_slot(cur, value[0])  # the slot's own section
                    out.extend([{key: entries}] if grouped else entries)
                else:
                    out.append(
                        {key: derive_nav(value, cur, docs) if isinstance(value, list) else value}
                    )
        else:
            out.append(item)
    return out
