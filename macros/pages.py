"""The macros pages call ({{ agenda() }}, {{ module_sessions() }}, …).

Each macro picks data from the curriculum, for the page being rendered, and hands it to a
template in macros/templates/; no markup is built here. A macro that cannot do what the page asks
raises PageError with what is wrong and how to fix it (macros/page_render.py adds where).
"""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup
from mkdocs.utils import get_relative_url

from .curriculum import EDITIONS_DOCS, PAGE_KEYS, Curriculum
from .errors import PageError, did_you_mean
from .render import doc_url
from .schedule import Schedule

KINDS = {kind: key for key, kind in PAGE_KEYS.items()}  # "sessions" -> "session"


class PageMacros:
    """The macros, bound to one build: the curriculum, its schedule and the templates."""

    NAMES = (
        "heading", "session_facts", "agenda", "session_link", "module_sessions",
        "module_lessons", "lesson_uses", "case_study_uses", "source_note", "editions_index",
        "programme_overview", "programme_at_a_glance", "participants", "modules_index",
        "lessons_index", "case_studies_index", "organisations", "glossary_list",
    )  # fmt: skip

    def __init__(self, env, cur: Curriculum, sched: Schedule, templates):
        self.env, self.cur, self.sched, self.templates = env, cur, sched, templates
        self.shown: tuple[str, set[tuple[str, str]]] = ("", set())  # the page, notes it shows
        # what every template may use, whatever it renders
        helpers = (self.link, self.url_to, self.site_link, self.notes_about, self.session_notes)
        templates.globals.update({h.__name__: h for h in helpers}, cur=cur, sched=sched)

    @property
    def page(self):
        return self.env.page

    def url_to(self, src_path: str) -> str:
        """Relative URL from the page being rendered to another page (by docs path)."""
        return get_relative_url(doc_url(src_path, self.env.conf.use_directory_urls), self.page.url)

    def site_link(self, path: str) -> str:
        """Relative URL from the page being rendered to a site path (e.g. calendar/x.ics)."""
        return get_relative_url(path, self.page.url)

    def link(self, kind: str, item_id: str) -> str:
        return self.url_to(self.cur.pages[kind][item_id])

    def pick(self, kind: str, item_id, macro: str):
        """The data item a page names in a macro call, or an error an editor can act on."""
        items = getattr(self.cur, kind)
        if item_id not in items:
            what = KINDS[kind].replace("_", " ")
            raise PageError(
                f"{macro}() names {what} '{item_id}', which is not in data/",
                did_you_mean(item_id, items) + f"use the id of a {what}: {', '.join(items)}",
            )
        return items[item_id]

    def own(self, kind: str, item_id: str | None, macro: str):
        """(id, item): the one named in the call, else the one the page's front matter names."""
        key = KINDS[kind]
        if item_id is None:
            if key not in self.page.meta:
                raise PageError(
                    f"{macro}() needs to know which {key.replace('_', ' ')}: the page's front "
                    f"matter has no '{key}:'",
                    f"add '{key}: <id>' to the front matter, or name it: {macro}(\"<id>\")",
                )
            item_id = str(self.page.meta[key])
        return item_id, self.pick(kind, item_id, macro)

    def edition_id(self, edition_id: str | None = None, macro: str = "") -> str:
        """The edition named in a call, else the page's (page_edition), else the current one."""
        editions = self.cur.editions
        if edition_id is not None:
            if edition_id not in editions:
                raise PageError(
                    f"{macro}() names edition '{edition_id}', which is not in data/editions/",
                    did_you_mean(edition_id, editions) + f"use one of: {', '.join(editions)}",
                )
            return edition_id
        return self.page_edition() or self.cur.current_edition()

    def page_edition(self) -> str | None:
        """The edition the page belongs to: the one whose folder holds it, else the edition of
        the session it presents; None for a page of no edition (home, modules, …)."""
        parts = self.page.file.src_path.split("/")
        if len(parts) > 2 and parts[0] == EDITIONS_DOCS and parts[1] in self.cur.editions:
            return parts[1]
        session = self.cur.sessions.get(str(self.page.meta.get("session")))
        return session.edition_id if session else None

    def render(self, template_name: str, **context) -> Markup:
        eid = context.pop("eid", None) or self.edition_id()
        template = self.templates.get_template(template_name)
        return Markup(template.render(eid=eid, edition=self.cur.editions[eid], **context))

    # -- one data item: the page's own, or the one named ---------------------------------------
    def heading(self) -> Markup:
        """The page's H1, from the data of the session/module/lesson/case study it presents."""
        for key, kind in PAGE_KEYS.items():
            if key in self.page.meta:
                _, item = self.own(kind, None, "heading")
                title = f"Module {item.number}: {item.title}" if kind == "modules" else item.title
                return self.render("heading.md", title=title)
        raise PageError(
            "heading() needs to know what the page presents: its front matter names no "
            "session, module, lesson or case study",
            "add 'session: <id>' (or module:, lesson:, case_study:) to the front matter, or "
            "write the heading yourself: # Title",
        )

    def session_facts(self, session_id: str | None = None) -> Markup:
        sid, s = self.own("sessions", session_id, "session_facts")
        return self.render("session_facts.html", sid=sid, s=s)

    def agenda(self, session_id: str | None = None) -> Markup:
        sid, s = self.own("sessions", session_id, "agenda")
        return self.render("agenda.html", sid=sid, s=s)

    def session_link(self, session_id: str) -> Markup:
        s = self.pick("sessions", session_id, "session_link")
        return self.render("session_link.html", sid=session_id, s=s)

    def module_sessions(self, module_id: str | None = None) -> Markup:
        """The module's sessions, edition by edition ("Held in …")."""
        mid, mod = self.own("modules", module_id, "module_sessions")
        return self.render("module_sessions.html", mod=mod, editions=self.cur.module_editions(mid))

    def module_lessons(self, module_id: str | None = None) -> Markup:
        _, mod = self.own("modules", module_id, "module_lessons")
        return self.render("module_lessons.html", mod=mod)

    def lesson_uses(self, lesson_id: str | None = None) -> Markup:
        _, lesson = self.own("lessons", lesson_id, "lesson_uses")
        return self.render("lesson_uses.html", lesson=lesson)

    def case_study_uses(self, case_study_id: str | None = None) -> Markup:
        cid, cs = self.own("case_studies", case_study_id, "case_study_uses")
        return self.render("case_study_uses.html", cid=cid, cs=cs)

    def source_note(self, note_id: str, edition_id: str | None = None) -> Markup:
        """Say on the page what the source leaves open (year, time zone, naming), as the
        page's edition notes it (edition.yml `notes`); once a page. A page of no edition (home,
        about, a module) shows the note of the latest edition that has one of that id: a new
        edition without the first one's notes leaves those pages as they were."""
        eid = self.edition_id(edition_id, "source_note")
        searched = [eid]
        if edition_id is None and self.page_edition() is None:
            searched = list(reversed(self.cur.editions))  # the latest first
            eid = next((e for e in searched if self._notes(e).get(note_id)), eid)
        notes = self._notes(eid)
        if note_id not in notes:
            known = [n for e in searched for n in self._notes(e)]
            listed = f"use one of: {', '.join(notes)}" if notes else "the edition has no notes"
            raise PageError(
                f"source_note() names the note '{note_id}', which the notes of edition "
                f"'{eid}' (data/editions/{eid}/edition.yml) do not have",
                did_you_mean(note_id, known)
                + f"{listed}; or name the edition whose notes have it: "
                f'source_note("{note_id}", "<edition id>")',
            )
        if (eid, note_id) in self.shown_notes():
            return Markup("")
        self.shown_notes().add((eid, note_id))
        return self.render("note.html", note=notes[note_id], eid=eid)

    def _notes(self, eid: str) -> dict:
        return {n.id: n for n in self.cur.editions[eid].notes}

    def notes_about(self, eid: str, *topics: str) -> Markup:
        """The notes of an edition about dates or times (edition.yml `about`) that the page
        does not show yet: templates that show dates or times end with them."""
        shown = self.shown_notes()
        notes = [n for n in self.cur.editions[eid].notes_about(*topics) if (eid, n.id) not in shown]
        shown.update((eid, n.id) for n in notes)
        return self.render("notes_about.html", notes=notes, eid=eid) if notes else Markup("")

    def session_notes(self, sids, *topics: str) -> Markup:
        """notes_about() for the editions of the sessions a template lists (edition order)."""
        held = {self.cur.sessions[sid].edition_id for sid in sids}
        return Markup("").join(self.notes_about(e, *topics) for e in self.cur.editions if e in held)

    def shown_notes(self) -> set[tuple[str, str]]:
        """The notes the page being rendered shows so far."""
        if self.shown[0] != self.page.file.src_path:
            self.shown = (self.page.file.src_path, set())
        return self.shown[1]

    # -- an edition, and lists of the whole curriculum -----------------------------------------
    def editions_index(self) -> Markup:
        """Every edition, the current one first."""
        current = self.cur.current_edition()
        order = [current, *(e for e in reversed(self.cur.editions) if e != current)]
        return self.render("editions_index.html", order=order, current=current)

    def programme_overview(self, edition_id: str | None = None) -> Markup:
        eid = self.edition_id(edition_id, "programme_overview")
        glance: str | None = f"{EDITIONS_DOCS}/{eid}/at-a-glance.md"
        if not (Path(self.env.conf.docs_dir) / glance).is_file():
            glance = None
        sids = self.cur.edition_sessions(eid)
        return self.render("overview.html", eid=eid, sids=sids, glance=glance)

    def programme_at_a_glance(self, edition_id: str | None = None) -> Markup:
        eid = self.edition_id(edition_id, "programme_at_a_glance")
        weekdays, weeks = self.sched.glance_weeks(eid)
        return self.render("schedule_glance.html", eid=eid, weekdays=weekdays, weeks=weeks)

    def modules_index(self) -> Markup:
        return self.render("modules_index.html")

    def lessons_index(self) -> Markup:
        return self.render("lessons_index.html")

    def case_studies_index(self) -> Markup:
        return self.render("case_studies_index.html")

    def organisations(self) -> Markup:
        return self.render("organisations.html")

    def glossary_list(self) -> Markup:
        return self.render("glossary.html")

    def participants(self, edition_id: str | None = None) -> Markup:
        return self.render("participants.html", eid=self.edition_id(edition_id, "participants"))
