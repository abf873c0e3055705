"""The macros pages call ({{ agenda() }}, {{ module_sessions() }}, …).

Each macro picks data from the curriculum, for the page being rendered, and hands it to a
template in macros/templates/; no markup is built here. A macro that cannot do what the page asks
raises PageError with what is wrong and how to fix it (macros/page_render.py adds where).
"""

from __future__ import annotations

import json
from pathlib import Path

from markupsafe import Markup
from mkdocs.utils import get_relative_url

from .curriculum import PAGE_KEYS, Curriculum
from .errors import PageError, did_you_mean
from .pdf.plan import HANDBOOK, containers, pdf_path
from .render import doc_url
from .schedule import Schedule
from .schedule.programme_json import schema_fields
from .schedule.urls import OFFLINE_ZIP, PROGRAMME_JSON, SCHEMA_DOC
from .settings import pdf_export

KINDS = {kind: key for key, kind in PAGE_KEYS.items()}  # "sessions" -> "session"


class PageMacros:
    """The macros, bound to one build: the curriculum, its schedule and the templates."""

    NAMES = (
        "heading", "session_facts", "agenda", "programme_overview", "modules_index",
        "module_sessions", "module_lessons", "lesson_uses", "case_study_uses",
        "case_studies_index", "lessons_index", "organisations", "glossary_list", "participants",
        "source_note", "session_link", "programme_at_a_glance",
        "schedule_downloads", "programme_json_fields", "module_pdf", "pdf_downloads",
        "offline_download",
    )  # fmt: skip

    def __init__(self, env, cur: Curriculum, sched: Schedule, templates, offline: bool):
        self.env, self.cur, self.sched, self.templates = env, cur, sched, templates
        self.offline = offline  # building the offline copy (Material's offline plugin is on)
        self.pdf_of = containers(cur)  # docs path -> the module PDF that holds the page
        self.shown: tuple[str, set[str]] = ("", set())  # the page, the notes it shows already

    def register(self) -> None:
        for name in self.NAMES:
            self.env.macro(getattr(self, name), name)

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

    def render(self, template_name: str, **context) -> Markup:
        template = self.templates.get_template(template_name)
        return Markup(
            template.render(
                cur=self.cur,
                tz=self.sched.tz,
                sched=self.sched,
                link=self.link,
                url_to=self.url_to,
                site_link=self.site_link,
                notes_about=self.notes_about,
                **context,
            )
        )

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
        _, mod = self.own("modules", module_id, "module_sessions")
        return self.render("module_sessions.html", mod=mod)

    def module_lessons(self, module_id: str | None = None) -> Markup:
        _, mod = self.own("modules", module_id, "module_lessons")
        return self.render("module_lessons.html", mod=mod)

    def lesson_uses(self, lesson_id: str | None = None) -> Markup:
        _, lesson = self.own("lessons", lesson_id, "lesson_uses")
        return self.render("lesson_uses.html", lesson=lesson)

    def case_study_uses(self, case_study_id: str | None = None) -> Markup:
        cid, cs = self.own("case_studies", case_study_id, "case_study_uses")
        return self.render("case_study_uses.html", cid=cid, cs=cs)

    def source_note(self, note_id: str) -> Markup:
        """Say on the page what the source leaves open (year, time zone, naming); once a page."""
        notes = {n.id: n for n in self.cur.programme.notes}
        if note_id not in notes:
            raise PageError(
                f"source_note() names the note '{note_id}', which data/programme.yml does not have",
                did_you_mean(note_id, notes) + f"use one of: {', '.join(notes)}",
            )
        if note_id in self.shown_notes():
            return Markup("")
        self.shown_notes().add(note_id)
        return self.render("note.html", note=notes[note_id])

    def notes_about(self, *topics: str) -> Markup:
        """The notes about dates or times (data/programme.yml `about`) that the page does not
        show yet: templates that show dates or times end with them."""
        shown = self.shown_notes()
        notes = [
            n for n in self.cur.programme.notes if set(n.about) & set(topics) and n.id not in shown
        ]
        shown.update(n.id for n in notes)
        return self.render("notes_about.html", notes=notes) if notes else Markup("")

    def shown_notes(self) -> set[str]:
        """The notes the page being rendered shows so far."""
        if self.shown[0] != self.page.file.src_path:
            self.shown = (self.page.file.src_path, set())
        return self.shown[1]

    # -- lists of the whole curriculum ---------------------------------------------------------
    def programme_overview(self) -> Markup:
        return self.render("overview.html")

    def programme_at_a_glance(self) -> Markup:
        weekdays, weeks = self.sched.glance_weeks()
        return self.render("schedule_glance.html", weekdays=weekdays, weeks=weeks)

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

    def participants(self) -> Markup:
        return self.render("participants.html")

    def data_files(self) -> list[dict]:
        """The data files that hold the facts of the page being rendered, for the "Edit the
        facts" buttons (overrides/partials/actions.html): those its front matter's session,
        module, lesson or case study come from, and those it names under `data:`."""
        meta = self.page.meta
        files = [
            self.cur.source_file(kind, str(meta[key]))
            for key, kind in PAGE_KEYS.items()
            if key in meta
        ]
        files += [str(f) for f in meta.get("data", ())]
        base = edit_base(self.env.conf, self.page)
        if not base:
            return []
        return [
            {"file": f, "href": base + f if not f.endswith("/") else tree_url(base + f)}
            for f in dict.fromkeys(files)
        ]

    # -- downloads -----------------------------------------------------------------------------
    def schedule_downloads(self) -> Markup:
        return self.render("schedule_downloads.html")

    def programme_json_fields(self) -> Markup:
        schema_file = Path(self.env.conf.docs_dir) / SCHEMA_DOC
        schema = json.loads(schema_file.read_text(encoding="utf-8"))
        return self.render(
            "schedule_fields.html",
            groups=schema_fields(schema),
            json_path=PROGRAMME_JSON,
            schema_path=SCHEMA_DOC,
        )

    def pdf_links(self, keys: list[str]) -> list[dict]:
        self.page.meta["ct_pdf_sizes"] = True  # hooks/pdf.py writes the sizes in after the build
        out = []
        for key in keys:
            if key == HANDBOOK:
                title, what = "Handbook of the whole curriculum", self.cur.programme.title
            else:
                mod = self.cur.modules[key]
                title, what = f"Module {mod.number}: {mod.title}", mod.summary
            href = self.site_link(pdf_path(key))
            out.append({"href": href, "path": pdf_path(key), "title": title, "what": what})
        return out

    def module_pdf(self, module_id: str | None = None) -> Markup:
        """A download link to the module's PDF, with its size (for the module page)."""
        mid, _ = self.own("modules", module_id, "module_pdf")
        links = self.pdf_links([mid])
        return self.render("pdf_download.html", links=links, available=pdf_export(), compact=True)

    def pdf_downloads(self) -> Markup:
        """Every PDF of the site: the published modules and the handbook (Downloads page)."""
        keys = [m.id for m in self.cur.published_modules()] + [HANDBOOK]
        links = self.pdf_links(keys)
        return self.render("pdf_download.html", links=links, available=pdf_export(), compact=False)

    def page_pdf(self) -> dict | None:
        """The PDF of the page's download button: its module's, else the handbook's."""
        if not pdf_export() or self.page.meta.get("pdf") is False:
            return None
        key = self.pdf_of.get(self.page.file.src_path, HANDBOOK)
        mod = self.cur.modules.get(key)
        title = f"Download Module {mod.number} (PDF)" if mod else "Download the handbook (PDF)"
        return {"href": self.site_link(pdf_path(key)), "title": title}

    def offline_download(self) -> Markup:
        """The Downloads page's link to the offline copy (a ZIP of the whole site)."""
        if self.offline:  # the copy does not hold itself: point at the published one
            href = self.sched.urls.absolute(OFFLINE_ZIP)
        else:
            href = self.site_link(OFFLINE_ZIP)
        return self.render(
            "offline_download.html", href=href, name=OFFLINE_ZIP, inside=self.offline
        )


def edit_base(config, page) -> str:
    """The address that opens a file of the repository in the web editor (…/edit/main/), from
    the page's own edit link (mkdocs.yml repo_url and edit_uri), or "" without one."""
    docs = Path(config.docs_dir).name + "/"
    edit = page.edit_url or ""
    at = edit.rfind(docs + page.file.src_uri)
    return edit[:at] if at >= 0 else ""


def tree_url(edit_url: str) -> str:
    """A folder cannot be edited: its listing (GitHub's /tree/ for /edit/)."""
    return edit_url.replace("/edit/", "/tree/", 1)
