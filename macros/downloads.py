"""The macros of downloads (calendars, PDFs, the offline copy, programme.json) and the editors'
"Edit the facts" buttons; they render through PageMacros (macros/pages.py)."""

from __future__ import annotations

import json
from pathlib import Path

from markupsafe import Markup

from .curriculum import PAGE_KEYS
from .pdf.plan import HANDBOOK, containers, pdf_path
from .schedule.programme_json import schema_fields
from .schedule.urls import OFFLINE_ZIP, PROGRAMME_JSON, PROGRAMME_KEY, SCHEMA_DOC
from .settings import pdf_export


class DownloadMacros:
    NAMES = (
        "schedule_downloads", "programme_json_fields", "module_pdf", "pdf_downloads",
        "offline_download",
    )  # fmt: skip

    def __init__(self, pages, offline: bool):
        self.pages, self.cur, self.env = pages, pages.cur, pages.env
        self.offline = offline  # building the offline copy (Material's offline plugin is on)
        self.pdf_of = containers(self.cur)  # docs path -> the module PDF that holds the page

    def data_files(self) -> list[dict]:
        """The data files that hold the facts of the page being rendered, for the "Edit the
        facts" buttons (overrides/partials/actions.html): those its front matter's session,
        module, lesson or case study come from, and those it names under `data:`."""
        meta = self.pages.page.meta
        files = [
            self.cur.source_file(kind, str(meta[key]))
            for key, kind in PAGE_KEYS.items()
            if key in meta
        ]
        files += [str(f) for f in meta.get("data", ())]
        base = edit_base(self.env.conf, self.pages.page)
        if not base:
            return []
        tree = base.replace("/edit/", "/tree/", 1)  # a folder cannot be edited: its listing
        return [
            {"file": f, "href": (tree if f.endswith("/") else base) + f}
            for f in dict.fromkeys(files)
        ]

    def schedule_downloads(self, edition_id: str | None = None) -> Markup:
        """The calendars to subscribe to or download: the edition's named in the call, else the
        page's (an edition's page), else those of every edition and each edition's."""
        eid = self.pages.edition_id(edition_id) if edition_id else self.pages.page_edition()
        editions = [eid] if eid else list(self.cur.editions)
        return self.pages.render(
            "schedule_downloads.html", editions=editions, every=eid is None, key=PROGRAMME_KEY
        )

    def programme_json_fields(self) -> Markup:
        schema = json.loads((Path(self.env.conf.docs_dir) / SCHEMA_DOC).read_text("utf-8"))
        groups = schema_fields(schema)
        return self.pages.render(
            "schedule_fields.html", groups=groups, json_path=PROGRAMME_JSON, schema_path=SCHEMA_DOC
        )

    def pdf_links(self, keys: list[str], compact: bool) -> Markup:
        # hooks/pdf.py writes the sizes in after the build
        self.pages.page.meta["ct_pdf_sizes"] = True
        links = []
        for key in keys:
            if key == HANDBOOK:
                title, what = "Handbook of the whole curriculum", self.cur.project.full_name
            else:
                mod = self.cur.modules[key]
                title, what = f"Module {mod.number}: {mod.title}", mod.summary
            href = self.pages.site_link(pdf_path(key))
            links.append({"href": href, "path": pdf_path(key), "title": title, "what": what})
        return self.pages.render(
            "pdf_download.html", links=links, available=pdf_export(), compact=compact
        )

    def module_pdf(self, module_id: str | None = None) -> Markup:
        """A download link to the module's PDF, with its size (for the module page)."""
        mid, _ = self.pages.own("modules", module_id, "module_pdf")
        return self.pdf_links([mid], compact=True)

    def pdf_downloads(self) -> Markup:
        """Every PDF of the site: the published modules and the handbook (Downloads page)."""
        keys = [m.id for m in self.cur.published_modules()] + [HANDBOOK]
        return self.pdf_links(keys, compact=False)

    def page_pdf(self) -> dict | None:
        """The PDF of the page's download button: its module's, else the handbook's."""
        if not pdf_export() or self.pages.page.meta.get("pdf") is False:
            return None
        key = self.pdf_of.get(self.pages.page.file.src_path, HANDBOOK)
        mod = self.cur.modules.get(key)
        title = f"Download Module {mod.number} (PDF)" if mod else "Download the handbook (PDF)"
        return {"href": self.pages.site_link(pdf_path(key)), "title": title}

    def offline_download(self) -> Markup:
        """The Downloads page's link to the offline copy (a ZIP of the whole site)."""
        if self.offline:  # the copy does not hold itself: point at the published one
            href = self.pages.sched.urls.absolute(OFFLINE_ZIP)
        else:
            href = self.pages.site_link(OFFLINE_ZIP)
        return self.pages.render(
            "offline_download.html", href=href, name=OFFLINE_ZIP, inside=self.offline
        )


def edit_base(config, page) -> str:
    """The address that opens a file of the repository in the web editor (…/edit/main/), from
    the page's own edit link (mkdocs.yml repo_url and edit_uri), or "" without one."""
    docs = Path(config.docs_dir).name + "/"
    edit = page.edit_url or ""
    at = edit.rfind(docs + page.file.src_uri)
    return edit[:at] if at >= 0 else ""
