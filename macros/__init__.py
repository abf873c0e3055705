"""mkdocs-macros module: load and validate data/, derive the navigation, expose thin macros.

Pages call macros such as {{ agenda() }}; each macro picks data and hands it to a template in
macros/templates/. No markup is built in Python.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from markupsafe import Markup, escape
from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

from . import background, compile_ahead
from .compile_ahead import Plan, loader_items, page_items
from .errors import DataError
from .loader import Curriculum, load, prefetch
from .render import doc_url, finalize, make_environment
from .schedule import Schedule, define_schedule_macros, schedule_post_build, schedule_post_page
from .template_cache import TemplateCache, cache_from_string, save_caches

log = logging.getLogger("mkdocs.plugins.curriculum")

NAV_SLOTS = {"@sessions", "@modules", "@lessons", "@case_studies"}


def derive_nav(nav: list, cur: Curriculum) -> list:
    """Replace the @slots of the nav skeleton in mkdocs.yml with pages derived from data.

    Sessions, lessons and case studies are listed under their module ("Module 4: …", in the
    order of the data) once they belong to two modules or more, so a page's navigation holds
    its own module's pages and one entry per other module, not every page of the programme.
    With a single module they stay one flat list: a level holding one group adds a tap on
    phones and splits nothing. A skeleton section holding nothing but a slot
    (`Sessions: ["@sessions"]`) is where the groups go: it is kept when the slot groups and
    dissolves into its parent when it does not. That puts the groups on the third level, which
    Material folds (with navigation.tabs and navigation.sections the second level is always
    open) and which navigation.prune renders as one link when the group is closed.
    Items of no module sit between the groups, at their place in the list.

    Titles are escaped here: the theme prints nav titles as HTML."""
    # a case study belongs to the first module (in module order) whose lessons or sessions use it
    case_module: dict[str, str] = {}
    for mid in cur.modules:
        for cid in cur.module_case_studies(mid):
            case_module.setdefault(cid, mid)

    def items(name: str) -> list[tuple[str, str, str | None]]:
        """(title, page, module id or None) of a slot, in order."""
        if name == "@sessions":
            return [
                (
                    f"{s.date.day} {s.date:%b}: {s.title}",
                    cur.pages["sessions"][sid],
                    m.id if (m := cur.module_of(sid)) else None,
                )
                for sid, s in cur.sessions.items()
            ]
        if name == "@modules":
            return [
                (f"Module {m.number}: {m.title}", cur.pages["modules"][mid], None)
                for mid, m in cur.modules.items()
                if m.status == "published"
            ]
        if name == "@lessons":
            return [
                (lsn.title, cur.pages["lessons"][lid], lsn.module)
                for lid, lsn in cur.lessons.items()
            ]
        return [
            (c.title, cur.pages["case_studies"][cid], case_module.get(cid))
            for cid, c in cur.case_studies.items()
        ]

    def slot(name: str) -> tuple[list, bool]:
        """The slot's nav entries, and whether they are grouped by module."""
        entries = items(name)
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
                m = cur.modules[mid]
                out.append({str(escape(f"Module {m.number}: {m.title}")): groups[mid]})
            groups[mid].append({str(escape(title)): page})
        return out, True

    def walk(skeleton: list) -> list:
        out: list = []
        for item in skeleton:
            if isinstance(item, str) and item in NAV_SLOTS:
                out.extend(slot(item)[0])
            elif isinstance(item, dict):
                for key, value in item.items():
                    if isinstance(value, list) and len(value) == 1 and str(value[0]) in NAV_SLOTS:
                        entries, grouped = slot(value[0])  # the slot's own section
                        out.extend([{key: entries}] if grouped else entries)
                    else:
                        out.append({key: walk(value) if isinstance(value, list) else value})
            else:
                out.append(item)
        return out

    return walk(nav)


# The validation started ahead by hooks/curriculum.py (on_startup), by project root; and the
# data-dependent part of the last define_env, which the same hook runs at on_files.
_PREFETCH: dict[Path, Callable[[], None]] = {}
_setup: Callable[[], None] | None = None
HOOK = "hooks/curriculum.py"


def start_prefetch(root: Path) -> None:
    """Start validating data/ on another core if the kept data is stale (loader.prefetch)."""
    waiter = prefetch(root)
    if waiter is not None:
        _PREFETCH[root] = waiter


def _await_prefetch(root: Path) -> None:
    waiter = _PREFETCH.pop(root, None)
    if waiter is not None:  # on failure, load() validates here and reports the problems
        background.result_or(waiter, None, "validating data/")


def setup_data(files) -> None:
    """Load the curriculum and finish define_env (from hooks/curriculum.py, at on_files)."""
    global _setup
    step, _setup = _setup, None
    if step is not None:
        step(files)


def pages_environment(env, root: Path) -> TemplateCache:
    """mkdocs-macros' environment, which compiles the pages: data strings a page prints with
    {{ … }} escaped (macro output is Markup and passes), no constant folding (as the templates',
    render.make_environment), and the compiled pages kept in .cache/jinja/."""
    env.env.finalize = finalize
    env.env.optimized = False
    return cache_from_string(env.env, root, "pages", lambda: env.page.file.src_path)


def define_env(env) -> None:
    """Register the macros. The data they show is loaded at on_files (`setup` below, run by
    hooks/curriculum.py), before MkDocs builds the navigation: until then MkDocs loads its
    plugins and theme and lists the site's files, while data/ is validated on another core
    when it changed (start_prefetch)."""
    config = env.conf
    root = Path(config.config_file_path).resolve().parent
    docs_dir = Path(config.docs_dir).relative_to(root).as_posix()
    cur = templates = sched = tz = None  # set by setup()

    def setup(files) -> None:
        nonlocal cur, templates, sched, tz
        _await_prefetch(root)
        try:
            cur = load(root, docs_dir, cache=True)  # validated again only when data/ changed
        except DataError as err:
            raise PluginError(err.report()) from None
        if config.nav:
            config.nav = derive_nav(config.nav, cur)

        # hover definitions on every page, from data/glossary.yml: Python-Markdown's abbr
        # glossary in the Markdown, the templates' `abbr` filter in the HTML the macros write
        glossary = {t.term: t.expansion or t.definition for t in cur.terms}
        config.mdx_configs.setdefault("abbr", {})["glossary"] = glossary
        templates = make_environment(root, glossary)

        env.variables["programme"] = cur.programme
        env.variables["project"] = cur.programme.project
        env.variables["curriculum"] = cur
        sched = Schedule.from_config(cur, config)  # calendars, programme.json, JSON-LD
        sched.start_outputs()  # on another core while the pages build; written in on_post_build
        env.variables["schedule"] = sched
        tz = sched.tz  # the programme's zone, built once

        # a first build: the templates and pages compiled on another core (compile_ahead.py)
        pages = pages_environment(env, root)
        compile_ahead.start(
            [
                Plan(templates, templates.bytecode_cache, loader_items(templates)),
                Plan(env.env, pages, page_items(files)),
            ]
        )

    global _setup
    _setup = setup

    # ------------------------------------------------------------------ helpers for templates
    def url_to(src_path: str) -> str:
        """Relative URL from the page being rendered to another page (by docs path)."""
        return get_relative_url(doc_url(src_path, config.use_directory_urls), env.page.url)

    def site_link(path: str) -> str:
        """Relative URL from the page being rendered to a site path (e.g. calendar/x.ics)."""
        return get_relative_url(path, env.page.url)

    def link(kind: str, item_id: str) -> str:
        return url_to(cur.pages[kind][item_id])

    def pick(kind: str, item_id: str):
        """The data item a page names in a macro call, or an error an editor can act on."""
        items = getattr(cur, kind)
        if item_id not in items:
            raise ValueError(
                f"{env.page.file.src_path}: a macro names {kind.rstrip('s').replace('_', ' ')} "
                f"'{item_id}', which is not in data/. Known ids: {', '.join(items)}"
            )
        return items[item_id]

    def page_entity(kind_key: str):
        meta = env.page.meta
        if kind_key not in meta:
            raise PluginError(
                f"{env.page.file.src_path}: this macro needs '{kind_key}:' in the front matter"
            )
        return str(meta[kind_key])

    def render(name: str, **context) -> Markup:
        return Markup(
            templates.get_template(name).render(
                cur=cur,
                tz=tz,
                link=link,
                url_to=url_to,
                site_link=site_link,
                sched=sched,
                page_src=env.page.file.src_path,
                **context,
            )
        )

    def at(session, t):
        return session.starts_at(tz, t)

    # -------------------------------------------------------------------------------- macros
    @env.macro
    def heading() -> Markup:
        """The page's H1, from the data of the session/module/lesson/case study it presents."""
        meta = env.page.meta
        if "session" in meta:
            sid = page_entity("session")
            return render("heading.md", title=cur.sessions[sid].title)
        if "module" in meta:
            m = cur.modules[page_entity("module")]
            return render("heading.md", title=f"Module {m.number}: {m.title}")
        if "lesson" in meta:
            return render("heading.md", title=cur.lessons[page_entity("lesson")].title)
        if "case_study" in meta:
            return render("heading.md", title=cur.case_studies[page_entity("case_study")].title)
        raise PluginError(f"{env.page.file.src_path}: heading() needs a data id in front matter")

    @env.macro
    def session_facts() -> Markup:
        sid = page_entity("session")
        return render("session_facts.html", sid=sid, s=cur.sessions[sid], at=at)

    @env.macro
    def agenda(session_id: str | None = None) -> Markup:
        sid = session_id or page_entity("session")
        return render("agenda.html", sid=sid, s=pick("sessions", sid), at=at)

    @env.macro
    def programme_overview() -> Markup:
        return render("overview.html", at=at)

    @env.macro
    def modules_index() -> Markup:
        return render("modules_index.html")

    @env.macro
    def module_sessions(module_id: str | None = None) -> Markup:
        mid = module_id or page_entity("module")
        return render("module_sessions.html", mod=pick("modules", mid), at=at)

    @env.macro
    def module_lessons(module_id: str | None = None) -> Markup:
        mid = module_id or page_entity("module")
        return render("module_lessons.html", mod=pick("modules", mid))

    @env.macro
    def lesson_uses() -> Markup:
        lid = page_entity("lesson")
        return render("lesson_uses.html", lesson=cur.lessons[lid])

    @env.macro
    def case_study_uses() -> Markup:
        cid = page_entity("case_study")
        return render("case_study_uses.html", cid=cid, cs=cur.case_studies[cid])

    @env.macro
    def case_studies_index() -> Markup:
        return render("case_studies_index.html")

    @env.macro
    def lessons_index() -> Markup:
        return render("lessons_index.html")

    @env.macro
    def organisations() -> Markup:
        return render("organisations.html")

    @env.macro
    def glossary_list() -> Markup:
        return render("glossary.html")

    @env.macro
    def participants() -> Markup:
        return render("participants.html")

    @env.macro
    def source_note(note_id: str) -> Markup:
        """Say on the page what the source leaves open (year, time zone, naming)."""
        notes = {n.id: n for n in cur.programme.notes}
        if note_id not in notes:
            raise ValueError(
                f"{env.page.file.src_path}: source_note('{note_id}') names no note of "
                f"data/programme.yml. Known notes: {', '.join(notes)}"
            )
        return render("note.html", note=notes[note_id])

    @env.macro
    def data_source(*named: str) -> Markup:
        """Which YAML files hold the facts of this page (editors fix facts there): those the
        page's front matter points to, plus any named in the call (e.g. "data/glossary.yml")."""
        meta = env.page.meta
        files = []
        for name in named:
            if not (root / name).exists():
                raise ValueError(
                    f"{env.page.file.src_path}: data_source() names {name}, which does not exist"
                )
            files.append(name)
        for key, kind in (
            ("session", "sessions"),
            ("module", "modules"),
            ("lesson", "lessons"),
            ("case_study", "case_studies"),
        ):
            if key in meta:
                files.append(cur.source_file(kind, str(meta[key])))
        return render("data_source.html", files=files)

    @env.macro
    def session_link(session_id: str) -> Markup:
        return render("session_link.html", sid=session_id, s=pick("sessions", session_id))

    define_schedule_macros(env, render)


def on_pre_page_macros(env) -> None:
    """Before each page: the curriculum is loaded; "Edit this page" points at the file that
    holds the text."""
    if _setup is not None:
        raise PluginError(
            f"mkdocs.yml: the curriculum was not loaded; '{HOOK}' must be listed under 'hooks:'"
        )
    # A page that publishes another file (docs/contributing.md shows CONTRIBUTING.md) says so
    # with `edit_source:`, so "Edit this page" opens the file that holds the text.
    page = env.page
    source = page.meta.get("edit_source")
    if source and page.edit_url:
        docs_path = f"{Path(env.conf.docs_dir).name}/{page.file.src_uri}"
        if page.edit_url.endswith(docs_path):
            page.edit_url = page.edit_url[: -len(docs_path)] + str(source)


def on_post_page_macros(env) -> None:
    """Schema.org JSON-LD of session and module pages, for <head> (overrides/main.html)."""
    schedule_post_page(env)


def on_post_build(env) -> None:
    """Keep the templates compiled in this build; write the calendars (.ics) and programme.json
    into the built site."""
    compile_ahead.finish()
    save_caches()
    schedule_post_build(env)
