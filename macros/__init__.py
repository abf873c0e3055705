"""The mkdocs-macros module of the curriculum (mkdocs.yml: `module_name: macros`).

define_env loads and validates data/ (macros/loader.py; a mistake stops the build with the file,
line and field), fills the navigation's @slots from the data (nav.py), feeds the glossary to the
abbreviations, and registers the macros pages call (pages.py). Each page is rendered with its
mistakes reported by line (page_render.py); after the pages, the calendars and programme.json
are written into the site (schedule/).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from pathspec.gitignore import GitIgnoreSpec

from .curriculum import EDITIONS_DOCS, PAGE_KEYS
from .downloads import DownloadMacros
from .errors import DataError
from .loader import load
from .nav import derive_nav
from .page_render import docs_folder, render_page
from .pages import PageMacros
from .render import make_environment
from .schedule import Schedule, script_json


def define_env(env) -> None:
    config = env.conf
    root = Path(config.config_file_path).resolve().parent
    try:
        cur = load(root, docs_folder(config))
    except DataError as err:
        raise PluginError(err.report()) from None
    if config.nav:
        config.nav = derive_nav(config.nav, cur, Path(config.docs_dir))
    redirect_old_session_pages(config, cur)
    config.not_in_nav = unlisted(config.not_in_nav, planned_module_pages(cur))
    # hover definitions on every page, from data/glossary.yml: Python-Markdown's abbr glossary
    # in the Markdown, the templates' `abbr` filter in the HTML the macros write
    glossary = {t.term: t.expansion or t.definition for t in cur.terms}
    config.mdx_configs.setdefault("abbr", {})["glossary"] = glossary
    sched = Schedule.from_config(cur, config)
    offline = config.plugins.get("material/offline") or config.plugins.get("offline")
    macros = PageMacros(env, cur, sched, make_environment(glossary))
    downloads = DownloadMacros(macros, bool(offline and offline.config.enabled))
    for group in (macros, downloads):
        for name in group.NAMES:
            env.macro(getattr(group, name), name)
    env.variables["curriculum"] = cur
    env.variables["project"] = cur.project
    env.variables["editions"] = cur.editions
    env.variables["schedule"] = sched
    env.variables["page_macros"] = macros
    env.variables["downloads"] = downloads


def planned_module_pages(cur) -> list[str]:
    """The pages of planned modules: written ahead, built, but not yet in the menu or search."""
    pages = cur.pages["modules"]
    return [pages[m.id] for m in cur.modules.values() if m.status != "published" and m.id in pages]


def unlisted(not_in_nav: GitIgnoreSpec | None, pages: list[str]) -> GitIgnoreSpec | None:
    """mkdocs.yml `not_in_nav` with these pages added (MkDocs then builds them without a
    warning that they are missing from the navigation)."""
    if not pages:
        return not_in_nav
    more = GitIgnoreSpec.from_lines([f"/{page}" for page in pages])
    return not_in_nav + more if not_in_nav else more


def redirect_old_session_pages(config, cur) -> None:
    """Before editions, the programme's pages lived in programme/ (programme/at-a-glance/,
    programme/sessions/<id>/): those addresses, all of the earliest edition, keep working
    (mkdocs-redirects sends each to its page in the edition's folder)."""
    plugin = config.plugins.get("redirects")
    if plugin is None or not cur.editions:
        return
    first = next(iter(cur.editions))  # editions are in date order
    maps = plugin.config.setdefault("redirect_maps", {})
    glance = f"{EDITIONS_DOCS}/{first}/at-a-glance.md"
    if (Path(config.docs_dir) / glance).is_file():
        maps.setdefault(f"{EDITIONS_DOCS}/at-a-glance.md", glance)
    for sid in cur.edition_sessions(first):
        maps.setdefault(f"{EDITIONS_DOCS}/sessions/{sid}.md", cur.pages["sessions"][sid])


def on_pre_page_macros(env) -> None:
    """Before each page: its description and edit link, then its macros rendered."""
    page = env.page
    cur = env.variables["curriculum"]
    if not page.meta.get("description"):
        page.meta["description"] = described(cur, page.meta)
    if page.file.src_uri in planned_module_pages(cur):
        page.meta["search"] = {"exclude": True}
    # A page that publishes another file (docs/contributing.md shows CONTRIBUTING.md) says so
    # with `edit_source:`, so "Edit this page" opens the file that holds the text.
    source = page.meta.get("edit_source")
    docs_path = f"{docs_folder(env.conf)}/{page.file.src_uri}"
    if source and page.edit_url and page.edit_url.endswith(docs_path):
        page.edit_url = page.edit_url[: -len(docs_path)] + str(source)
    # `edition`: the page's edition (its folder docs/programme/<edition>/, its session's), else
    # the current one
    env.variables["edition"] = cur.editions[env.variables["page_macros"].edition_id()]
    render_page(env)


def described(cur, meta: dict) -> str | None:
    """A page's description from the data it presents: its summary, else its title."""
    for key, kind in PAGE_KEYS.items():
        item = getattr(cur, kind).get(str(meta.get(key)))
        if item is not None:
            text = getattr(item, "summary", None) or item.title
            return " ".join(str(text).split())
    return None


def on_post_page_macros(env) -> None:
    """The page's schema.org JSON-LD (session, module and programme pages), the PDF its
    download button offers and the data files of its "Edit the facts" buttons, in page.meta
    keys that overrides/main.html and overrides/partials/actions.html read."""
    meta, downloads = env.page.meta, env.variables["downloads"]
    data = env.variables["schedule"].jsonld.for_page(meta, env.page.file.src_path)
    if data is not None:
        meta["ct_jsonld"] = script_json(data)
    meta["ct_pdf"] = downloads.page_pdf()
    meta["ct_data"] = downloads.data_files()


def on_post_build(env) -> None:
    """The calendars (.ics) and programme.json, written into the built site."""
    env.variables["schedule"].write(env.conf.site_dir)
