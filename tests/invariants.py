"""What a built site must agree with in its data, whatever the data says.

`site_problems(site_dir, cur)` lists, in words an editor understands, every way a site built
without PDFs disagrees with the curriculum it was built from. It holds for any valid data: tests
call it on the real site, on the fixture's, and on copies of the repository that editors' edits
changed (sessions added, removed or moved, items renamed, case studies, organisations and
editions added). Each edition is checked on its own pages. `pdf_problems(site_dir, cur)` does the
same for the PDFs of a site built with them: the notes on dates and times they must print.

Each check is a small function of a `BuiltSite` that returns its problems; CHECKS names them, so
a test can run one family at a time. Expected values are derived here from the data and formatted
as the pages show them (9:30, Monday 1 March 2021), not through the templates under test.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime, time
from functools import cached_property
from pathlib import Path
from zoneinfo import ZoneInfo

from bs4 import BeautifulSoup, NavigableString, Tag
from pdf_reading import bare, parts, read

from macros.curriculum import EDITIONS_DOCS, Curriculum

ORGANISATIONS_PAGE = "organisations.md"
# The contributors' guide explains the data with made-up examples ("two modules or more", a
# session "on 16 December"): its numbers and dates are not statements about the curriculum.
EXAMPLE_PAGES = {"contributing.md"}


# ----------------------------------------------------------------------------- formatting


def clock(t: time) -> str:
    return f"{t.hour}:{t.minute:02d}"


def long_date(d: date) -> str:
    return f"{d:%A} {d.day} {d:%B} {d.year}"


def words(node: Tag | None) -> str:
    """The visible text of a node, whitespace collapsed, without the headings' ¶ links."""
    if node is None:
        return ""
    parts = [
        str(s)
        for s in node.find_all(string=True)
        if not any(p.name == "a" and "headerlink" in (p.get("class") or []) for p in s.parents)
    ]
    return " ".join("".join(parts).split())


def built_file(site: Path, docs_path: str) -> Path:
    """The HTML file MkDocs writes for a page of docs/ (directory URLs)."""
    stem = docs_path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return site / stem.removesuffix("index") / "index.html"
    return site / stem / "index.html"


# ----------------------------------------------------------------------------- the site


class BuiltSite:
    """A built site and the curriculum it was built from: pages parsed once, links resolved
    to the docs pages they point at."""

    def __init__(self, root: Path, cur: Curriculum):
        self.root, self.cur = root, cur
        self._soups: dict[str, BeautifulSoup | None] = {}

    @cached_property
    def docs_pages(self) -> list[str]:
        docs = self.cur.root / "docs"
        return sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))

    @cached_property
    def _by_file(self) -> dict[Path, str]:
        return {built_file(self.root, d).resolve(): d for d in self.docs_pages}

    @cached_property
    def presents(self) -> dict[str, tuple[str, str]]:
        """docs path -> (kind, id) of the data item the page presents."""
        return {page: (kind, i) for kind, ids in self.cur.pages.items() for i, page in ids.items()}

    def soup(self, docs_path: str) -> BeautifulSoup | None:
        if docs_path not in self._soups:
            path = built_file(self.root, docs_path)
            html = path.read_text(encoding="utf-8") if path.is_file() else None
            self._soups[docs_path] = BeautifulSoup(html, "lxml") if html else None
        return self._soups[docs_path]

    def article(self, docs_path: str) -> Tag | None:
        page = self.soup(docs_path)
        return page.find("article") if page else None

    def target(self, docs_path: str, href: str | None) -> str | None:
        """The docs page a link on a page points at (None: not a page of the site)."""
        if not href or re.match(r"^[a-z][a-z0-9+.-]*:|^//", href, re.I):
            return None
        path = href.split("#")[0].split("?")[0]
        if path.startswith("/"):
            return None
        here = built_file(self.root, docs_path).parent
        dest = (here / path).resolve() if path else built_file(self.root, docs_path).resolve()
        if dest.is_dir():
            dest = dest / "index.html"
        return self._by_file.get(dest)

    def targets(self, docs_path: str, links) -> list[str | None]:
        return [self.target(docs_path, a.get("href")) for a in links]

    # -- what a page is about ------------------------------------------------------------------
    def session_of(self, docs_path: str, node: Tag) -> str | None:
        """The session the first session link in `node` points at."""
        for a in node.find_all("a", href=True):
            found = self.presents.get(self.target(docs_path, a["href"]) or "")
            if found and found[0] == "sessions":
                return found[1]
        return None

    def stamp(self, sid: str, t: time) -> str:
        s = self.cur.sessions[sid]
        return datetime.combine(s.date, t, tzinfo=ZoneInfo(s.edition.timezone)).isoformat()

    def glance_page(self, eid: str) -> str | None:
        """An edition's at-a-glance page, when it has one."""
        page = f"programme/{eid}/at-a-glance.md"
        return page if page in self.docs_pages else None

    def source(self, kind: str, item_id: str) -> str:
        return self.cur.source_file(kind, item_id)


def _ids(items) -> str:
    return ", ".join(str(i) for i in items) or "none"


# ----------------------------------------------------------------------------- checks


ITEM_NAMES = {
    "sessions": "session",
    "modules": "module",
    "lessons": "lesson",
    "case_studies": "case study",
}


def missing_pages(site: BuiltSite) -> list[str]:
    """Every session, published module, lesson and case study has its page built."""
    cur, out = site.cur, []
    wanted = {
        "sessions": list(cur.sessions),
        "modules": [m.id for m in cur.published_modules()],
        "lessons": list(cur.lessons),
        "case_studies": list(cur.case_studies),
    }
    for kind, ids in wanted.items():
        what = ITEM_NAMES[kind]
        for item_id in ids:
            page = cur.pages[kind].get(item_id)
            if page is None:
                out.append(f"{what} '{item_id}' ({site.source(kind, item_id)}) has no page")
            elif not built_file(site.root, page).is_file():
                out.append(f"{what} '{item_id}': its page docs/{page} was not built")
    return out


def headings(site: BuiltSite) -> list[str]:
    """The page of each session, module, lesson and case study is headed by its title in the
    data ("Module 4: title" for a module): a rename in data/ reaches the page."""
    cur, out = site.cur, []
    for kind, pages in cur.pages.items():
        for item_id, page in pages.items():
            article = site.article(page)
            if article is None:
                continue  # missing_pages reports it
            item = getattr(cur, kind)[item_id]
            title = f"Module {item.number}: {item.title}" if kind == "modules" else item.title
            shown = words(article.find("h1"))
            if shown != title:
                out.append(
                    f"docs/{page} is headed {shown!r}; {site.source(kind, item_id)} names it "
                    f"{title!r} (write {{{{ heading() }}}} as its heading)"
                )
    return out


def programme_overview(site: BuiltSite) -> list[str]:
    """Each edition's overview lists exactly its sessions, in date order, each linked."""
    return [p for eid in site.cur.editions for p in _edition_overview(site, eid)]


def _edition_overview(site: BuiltSite, eid: str) -> list[str]:
    cur = site.cur
    page = cur.pages["editions"][eid]
    article = site.article(page)
    table = article.select_one(".ct-overview table") if article else None
    if table is None:
        return [f"docs/{page} shows no overview of its sessions ({{{{ programme_overview() }}}})"]
    rows = table.select("tbody > tr")
    shown = [site.session_of(page, row) for row in rows]
    expected = cur.edition_sessions(eid)
    out = []
    if shown != expected:
        out.append(
            f"the overview of edition {eid} (docs/{page}) lists the sessions {_ids(shown)}; "
            f"data/editions/{eid}/sessions/ has, in date order, {_ids(expected)}"
        )
    for row, sid in zip(rows, shown, strict=True):
        if sid in cur.sessions:
            when = row.find("time")
            if when is None or when.get("datetime") != cur.sessions[sid].date.isoformat():
                out.append(
                    f"the overview of edition {eid} shows session {sid} on "
                    f"{words(when) or 'no date'}; {site.source('sessions', sid)} says "
                    f"{long_date(cur.sessions[sid].date)}"
                )
    return out


def module_pages(site: BuiltSite) -> list[str]:
    """Each published module's page lists exactly its sessions (every edition's, in date order)
    and its lessons (in the order of data/lessons.yml)."""
    cur, out = site.cur, []
    for m in cur.published_modules():
        page = cur.pages["modules"].get(m.id)
        article = site.article(page) if page else None
        if article is None:
            continue  # missing_pages reports it
        listed = {
            "sessions": (".ct-session-list", cur.module_sessions(m.id), "module_sessions()"),
            "lessons": (".ct-lesson-list", cur.module_lessons(m.id), "module_lessons()"),
        }
        for kind, (selector, expected, macro) in listed.items():
            lists = article.select(selector)
            if not lists:
                if expected:
                    out.append(f"docs/{page} does not list the module's {kind} ({macro})")
                continue
            items = [li for ul in lists for li in ul.find_all("li", recursive=False)]
            links = [li.find("a", href=True) for li in items]
            shown = [site.presents.get(t or "", ("", None))[1] for t in site.targets(page, links)]
            if shown != expected:
                out.append(
                    f"docs/{page} lists the {kind} {_ids(shown)}; the data of Module "
                    f"{m.number} has {_ids(expected)}"
                )
    return out


def at_a_glance(site: BuiltSite) -> list[str]:
    """An edition's at-a-glance page shows each of its sessions once, on its day."""
    out = []
    for eid in site.cur.editions:
        page = site.glance_page(eid)
        if page is not None:
            out += _glance(site, eid, page)
    return out


def _glance(site: BuiltSite, eid: str, page: str) -> list[str]:
    cur = site.cur
    article = site.article(page)
    if article is None:
        return [f"docs/{page} was not built"]
    seen: Counter[str] = Counter()
    out = []
    for box in article.select(".ct-glance-session"):
        sid = site.session_of(page, box)
        if sid is None:
            out.append(f"docs/{page} shows a session that links to no session page")
            continue
        seen[sid] += 1
        cell = box.find_parent("td")
        day = cell.select_one(".ct-glance-date time") if cell else None
        if day is None or day.get("datetime") != cur.sessions[sid].date.isoformat():
            out.append(
                f"docs/{page} shows session {sid} on {words(day) or 'no day'}; "
                f"{site.source('sessions', sid)} says {long_date(cur.sessions[sid].date)}"
            )
    for sid in cur.edition_sessions(eid):
        if seen[sid] != 1:
            out.append(f"docs/{page} shows session {sid} {seen[sid]} times, not once")
    for sid in set(seen) - set(cur.edition_sessions(eid)):
        out.append(f"docs/{page} shows session {sid} of another edition")
    return out


def session_pages(site: BuiltSite) -> list[str]:
    """Each session page shows the date, start and end of its data, and one agenda row per
    agenda item, starting at the item's time."""
    cur, out = site.cur, []
    for sid in cur.sessions:
        page = cur.pages["sessions"].get(sid)
        article = site.article(page) if page else None
        if article is None:
            continue  # missing_pages reports it
        out += _session_facts(site, sid, page, article) + _agenda_rows(site, sid, page, article)
    return out


def _session_facts(site: BuiltSite, sid: str, page: str, article: Tag) -> list[str]:
    s, src = site.cur.sessions[sid], site.source("sessions", sid)
    facts = article.select_one("dl.ct-facts")
    if facts is None:
        return [f"docs/{page} shows no date and time of the session ({{{{ session_facts() }}}})"]
    out = []
    day = facts.find("time", attrs={"datetime": s.date.isoformat()})
    if day is None or words(day) != long_date(s.date):
        out.append(f"docs/{page} does not show the date of {src}: {long_date(s.date)}")
    times = facts.select("dd.ct-time time")
    shown = [(words(t), t.get("datetime")) for t in times]
    wanted = [(clock(t), site.stamp(sid, t)) for t in (s.start, s.end)]
    if shown != wanted:
        out.append(
            f"docs/{page} shows the time {'–'.join(t for t, _ in shown) or 'nothing'}; {src} "
            f"says {clock(s.start)}–{clock(s.end)}"
        )
    return out


def _agenda_rows(site: BuiltSite, sid: str, page: str, article: Tag) -> list[str]:
    s, src = site.cur.sessions[sid], site.source("sessions", sid)
    agenda = article.find(id=f"agenda-{sid}")
    rows = agenda.select("tbody > tr") if agenda else []
    if len(rows) != len(s.agenda):
        return [
            f"docs/{page} shows {len(rows)} agenda rows; {src} has {len(s.agenda)} agenda items"
        ]
    out = []
    for i, (row, item) in enumerate(zip(rows, s.agenda, strict=True)):
        start = row.find("time")
        if words(start) != clock(item.start):
            out.append(
                f"docs/{page}: agenda row {i + 1} starts at {words(start) or '?'}; {src} says "
                f"{clock(item.start)} ({item.label})"
            )
    return out


def organisations_page(site: BuiltSite) -> list[str]:
    """The organisations page has a section for every organisation, with the sessions it is
    the expert of and the agenda items it presents."""
    cur, page, out = site.cur, ORGANISATIONS_PAGE, []
    article = site.article(page)
    if article is None:
        return [f"docs/{page} was not built"]
    for oid, org in cur.organisations.items():
        heading = article.find(["h2", "h3"], id=oid)
        if heading is None or org.name not in words(heading):
            out.append(f"docs/{page} has no section '{org.name}' (#{oid}, data/organisations.yml)")
            continue
        lists = _labelled_lists(heading)
        expected = {
            "Expert of:": cur.expert_in(oid),
            "Presents in the agenda:": [sid for sid, _ in cur.presented_by(oid)],
        }
        for label, sessions in expected.items():
            items = lists.get(label, [])
            shown = [site.session_of(page, li) for li in items]
            if shown != sessions:
                out.append(
                    f"docs/{page}, {org.name}: '{label}' lists the sessions {_ids(shown)}; the "
                    f"agendas of the sessions give {_ids(sessions)}"
                )
    return out


def _labelled_lists(heading: Tag) -> dict[str, list[Tag]]:
    """The lists of a section, by the paragraph that introduces them ("Expert of:")."""
    found: dict[str, list[Tag]] = {}
    label = None
    for node in heading.find_next_siblings():
        if node.name in ("h1", "h2", "h3"):
            break
        if node.name == "p":
            label = words(node)
        elif node.name == "ul" and label:
            found[label] = node.find_all("li", recursive=False)
    return found


# -- the navigation ---------------------------------------------------------------------------


def nav_entries(site: BuiltSite, page: str) -> list[tuple[tuple[str, ...], str | None]]:
    """(section labels, docs page) of every page link a page's primary navigation shows, in
    order. Sections folded by navigation.prune (a link standing for the section) are left out:
    they show no page of their own."""
    soup = site.soup(page)
    nav = soup.select_one("nav.md-nav--primary > ul.md-nav__list") if soup else None
    out: list[tuple[tuple[str, ...], str | None]] = []

    def walk(ul: Tag, path: tuple[str, ...]) -> None:
        for li in ul.find_all("li", recursive=False):
            classes = li.get("class") or []
            if "md-nav__item--pruned" in classes:
                continue
            if "md-nav__item--nested" in classes:
                head = li.find(["label", "div"], class_="md-nav__link", recursive=False)
                label = words(head.find("span", class_="md-ellipsis") or head) if head else ""
                index = head.find("a", href=True) if head and head.name == "div" else None
                if index is not None:
                    out.append(((*path, label), site.target(page, index["href"])))
                sub = li.find("nav", recursive=False)
                inner = sub.find("ul", recursive=False) if sub else None
                if inner is not None:
                    walk(inner, (*path, label))
                continue
            link = li.find("a", class_="md-nav__link", href=True, recursive=False)
            if link is not None and not link["href"].startswith("#"):
                out.append((path, site.target(page, link["href"])))

    if nav is not None:
        walk(nav, ())
    return out


def navigation(site: BuiltSite) -> list[str]:
    """Every session, lesson, case study and published module page is in the navigation
    exactly once: its own page's navigation shows it once, no navigation shows it twice, and
    all pages agree on where it stands."""
    cur = site.cur
    wanted = {
        cur.pages[kind][i]
        for kind, ids in (
            ("sessions", cur.sessions),
            ("lessons", cur.lessons),
            ("case_studies", cur.case_studies),
            ("modules", [m.id for m in cur.published_modules()]),
        )
        for i in ids
        if i in cur.pages[kind]
    }
    places: dict[str, set[tuple[str, ...]]] = {p: set() for p in wanted}
    navs = {page: nav_entries(site, page) for page in site.docs_pages}
    out = []
    for page, entries in navs.items():
        counts = Counter(target for _, target in entries)
        for target, n in counts.items():
            if target in wanted and n > 1:
                out.append(f"the navigation of docs/{page} lists docs/{target} {n} times")
        for path, target in entries:
            if target in wanted:
                places[target].add(path)
    for target in sorted(wanted):
        own = sum(1 for _, t in navs.get(target, ()) if t == target)
        if own == 0:
            out.append(f"docs/{target} is not in the navigation (of its own page)")
        if len(places[target]) > 1:
            where = " and ".join(" > ".join(p) or "the top level" for p in sorted(places[target]))
            out.append(f"docs/{target} stands in the navigation under {where}")
    return out


# -- numbers stated in the prose ----------------------------------------------------------------

NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
}  # fmt: skip
# "6 sessions", "three half-day sessions", "4 thematic modules"; not "Module 4 sessions" (a
# name), not "module-4 sessions", not a year ("the 2020 sessions").
STATED_COUNT = re.compile(
    r"(?<![\w.,:/-])(?<!Module )(?<!module )(?P<n>\d{1,3}|" + "|".join(NUMBER_WORDS) + r")"
    r"\s+(?:(?:half-day|full-day|online|thematic|training|published|planned)\s+)?"
    r"(?P<noun>sessions|modules|case studies|lessons)\b",
    re.I,
)
MODULE_NAMED = re.compile(r"\bModule (\d+)\b")
BLOCKS = {"p", "li", "td", "th", "dt", "dd", "caption", "figcaption", "blockquote", "div"}
BLOCKS |= {f"h{i}" for i in range(1, 7)}
NOT_PROSE = {"code", "pre", "script", "style", "svg"}
SCOPES = ["li", "tr"]


def prose_blocks(article: Tag) -> list[tuple[str, Tag]]:
    """(text, scope) of each block of a page (paragraph, list item, cell, heading): its text
    without the blocks inside it, code or the headings' ¶ links; its scope is the list item or
    table row it stands in (a card, a row of the overview), else the block itself."""
    texts: dict[int, tuple[Tag, list[str]]] = {}

    def walk(node: Tag, block: Tag, scope: Tag) -> None:
        for child in node.children:
            if isinstance(child, Tag):
                if child.name in NOT_PROSE or "headerlink" in (child.get("class") or []):
                    continue
                inner = child if child.name in BLOCKS else block
                walk(child, inner, child if child.name in SCOPES else scope)
            elif type(child) is NavigableString:  # not a comment or a CDATA section
                texts.setdefault(id(block), (scope if scope is not article else block, []))
                texts[id(block)][1].append(str(child))

    walk(article, article, article)
    return [(" ".join("".join(parts).split()), scope) for scope, parts in texts.values()]


def page_module(site: BuiltSite, page: str) -> str | None:
    """The module a page belongs to: its own, its session's, its lesson's, its case study's."""
    cur = site.cur
    kind, item_id = site.presents.get(page, ("", ""))
    if kind == "modules":
        return item_id
    if kind == "sessions":
        module = cur.module_of(item_id)
        return module.id if module else None
    if kind == "lessons":
        return cur.lessons[item_id].module
    if kind == "case_studies":
        return cur.case_study_module(item_id)
    return None


def true_counts(site: BuiltSite, page: str, scope: Tag) -> dict[str, list[tuple[int, str]]]:
    """noun -> (number, what it counts) that a number stated on `page` may mean: the
    programme's, or those of an item in scope: the page's own module and item, a module the
    scope names ("the 3 sessions of Module 4"), an item it links to (a module's card)."""
    cur = site.cur
    counts: dict[str, list[tuple[int, str]]] = {
        "sessions": [(len(cur.sessions), "the editions have")]
        + [(len(cur.edition_sessions(e)), f"edition {e} has") for e in cur.editions],
        "modules": [
            (len(cur.modules), "data/modules.yml has"),
            (len(cur.published_modules()), "published:"),
        ],
        "lessons": [(len(cur.lessons), "data/lessons.yml has")],
        "case studies": [(len(cur.case_studies), "data/case-studies.yml has")],
    }
    linked = [site.presents.get(t or "") for t in site.targets(page, scope.find_all("a"))]
    items = {site.presents.get(page), *linked} - {None}
    modules = {mid for kind, mid in items if kind == "modules"} | {page_module(site, page)}
    named = {int(n) for n in MODULE_NAMED.findall(words(scope))}
    for m in cur.modules.values():
        if m.id in modules or m.number in named:
            name = f"Module {m.number} has"
            counts["sessions"].append((len(cur.module_sessions(m.id)), name))
            counts["sessions"] += [
                (len(cur.module_sessions(m.id, e)), f"Module {m.number} has in edition {e}")
                for e in cur.module_editions(m.id)
            ]
            counts["lessons"].append((len(cur.module_lessons(m.id)), name))
            counts["case studies"].append((len(cur.module_case_studies(m.id)), name))
    for kind, item_id in sorted(items):
        if kind == "lessons":
            lesson = cur.lessons[item_id]
            counts["sessions"].append((len(lesson.sessions), f"lesson {item_id} names"))
            counts["case studies"].append((len(lesson.case_studies), f"lesson {item_id} names"))
        if kind == "case_studies":
            used = {sid for sid, _ in cur.items_with_case_study(item_id)}
            counts["sessions"].append((len(used), f"agenda items name {item_id} in"))
            lessons = cur.lessons_with_case_study(item_id)
            counts["lessons"].append((len(lessons), f"{item_id} is used by"))
    return counts


def titles(cur: Curriculum) -> list[str]:
    """The names the data gives (titles, labels, topics, organisations): a name such as
    "Wrap-up of the 3 modules" is no statement about the curriculum's size. Summaries,
    descriptions and notes are prose, and are checked."""
    names = [
        *(e.title for e in cur.editions.values()),
        *(o.name for o in cur.organisations.values()),
    ]
    for s in cur.sessions.values():
        names += [s.title, s.programme_label or ""]
        names += [t for item in s.agenda for t in (item.title or "", *item.topics)]
    for m in cur.modules.values():
        names += [m.title]
    names += [x.title for x in (*cur.lessons.values(), *cur.case_studies.values())]
    return sorted({n for n in names if STATED_COUNT.search(n)}, key=len, reverse=True)


def stated_counts(site: BuiltSite) -> list[str]:
    """No page states a number of sessions, modules, lessons or case studies that the data
    contradicts (prose left stale by an edit of data/). The data's names are left out."""
    out = []
    names = titles(site.cur)
    for page in site.docs_pages:
        article = site.article(page)
        if article is None or page in EXAMPLE_PAGES:
            continue
        for text, scope in prose_blocks(article):
            for name in names:
                text = text.replace(name, " ")
            for m in STATED_COUNT.finditer(text):
                raw = m.group("n").lower()
                n = int(raw) if raw.isdigit() else NUMBER_WORDS[raw]
                noun = m.group("noun").lower()
                counts = true_counts(site, page, scope)[noun]
                if all(n != value for value, _ in counts):
                    truth = "; ".join(f"{what} {value}" for value, what in counts)
                    out.append(f'docs/{page} says "{m.group(0)}", but {truth} ({noun})')
    return out


# -- notes on what the source leaves open about dates and times ---------------------------------

MONTHS = "January February March April May June July August September October November December"
# A day and month as the pages write them: "1 December", "1 Dec", "Tuesday 1 December 2020".
DAY_MONTH = re.compile(
    r"(?<![\d.:/-])(?P<day>\d{1,2}) (?P<month>"
    + "|".join(m for name in MONTHS.split() for m in dict.fromkeys((name, name[:3])))
    + r")\b(?: (?P<year>\d{4})\b)?"
)
YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
MONTH_NUMBER = {name[:3]: n for n, name in enumerate(MONTHS.split(), 1)}
TOPICS = ("dates", "times")


def outside_notes(node: Tag, article: Tag) -> bool:
    """The node is the page's own text: not in a note on the source, code or a script."""
    for parent in node.parents:
        if parent is article:
            return True
        if parent.name in NOT_PROSE or "ct-source-note" in (parent.get("class") or []):
            return False
    return True


def editions_on(cur: Curriculum, day: date) -> set[str]:
    """The editions whose dates (first_date to last_date) include a day."""
    return {eid for eid, e in cur.editions.items() if e.first_date <= day <= e.last_date}


def written_dates(cur: Curriculum, text: str, eids=None, year_after: bool = False) -> set[date]:
    """The days a text writes as the pages do ("1 Dec", "27 November", "Tuesday 1 December
    2020"). A day without its year is read in the year written after it when `year_after` (a
    cover: "1 December and 4 December 2020"), else in each year of the editions `eids` (of
    every edition by default)."""
    editions = [cur.editions[e] for e in eids] if eids else list(cur.editions.values())
    years = sorted({y for e in editions for y in range(e.first_date.year, e.last_date.year + 1)})
    found = set()
    for m in DAY_MONTH.finditer(text):
        later = YEAR.search(text, m.end()) if year_after and not m["year"] else None
        for year in [int(m["year"] or later[0])] if m["year"] or later else years:
            try:
                found.add(date(year, MONTH_NUMBER[m["month"][:3]], int(m["day"])))
            except ValueError:
                continue  # 31 April
    return found


def page_edition(site: BuiltSite, page: str) -> str | None:
    """The edition a page belongs to: the folder of its pages, or its session's."""
    cur, steps = site.cur, page.split("/")
    if len(steps) > 2 and steps[0] == EDITIONS_DOCS and steps[1] in cur.editions:
        return steps[1]
    kind, item_id = site.presents.get(page, ("", ""))
    return cur.sessions[item_id].edition_id if kind == "sessions" else None


def text_editions(site: BuiltSite, page: str, node) -> list[str] | None:
    """The editions a day written without its year may belong to: the session's of the link
    the text stands in, else the page's edition, else (None) any."""
    for parent in node.parents:
        if parent.name == "a" and parent.get("href"):
            kind, item_id = site.presents.get(site.target(page, parent["href"]) or "", ("", ""))
            if kind == "sessions":
                return [site.cur.sessions[item_id].edition_id]
            break
    own = page_edition(site, page)
    return [own] if own else None


def shown_editions(site: BuiltSite, page: str) -> dict[str, set[str]]:
    """ "dates" / "times" -> the editions whose session dates / clock times a page shows: its
    <time> elements (a day, or a clock time on a session's day) and the days its text writes,
    outside the notes themselves."""
    cur, article = site.cur, site.article(page)
    shown: dict[str, set[str]] = {topic: set() for topic in TOPICS}
    for t in article.find_all("time", attrs={"datetime": True}):
        if not outside_notes(t, article):
            continue
        stamp = t["datetime"]
        if "T" in stamp:
            when = datetime.fromisoformat(stamp)
            shown["times"] |= {
                s.edition_id
                for s in cur.sessions.values()
                if s.date == when.date() and s.starts_at().utcoffset() == when.utcoffset()
            } or editions_on(cur, when.date())
        else:
            shown["dates"] |= editions_on(cur, date.fromisoformat(stamp))
    for text in article.find_all(string=True):
        if type(text) is not NavigableString or not outside_notes(text, article):
            continue
        if text.find_parent("time") is not None:
            continue  # its datetime says which day
        eids = text_editions(site, page, text)  # None: a page of no edition, read the year after
        for day in written_dates(cur, " ".join(text.split()), eids, year_after=eids is None):
            shown["dates"] |= editions_on(cur, day)
    return shown


def notes_shown(node: Tag) -> list[str]:
    """The title and text of each note on the source a page (or part of it) shows."""
    return [words(n) for n in node.select(".ct-source-note")]


def has_note(shown: list[str], note) -> bool:
    title, body = " ".join(note.title.split()), " ".join(note.text.split())
    return any(n.startswith(title) and body in n for n in shown)


def source_notes(site: BuiltSite) -> list[str]:
    """Wherever a page shows the dates of an edition's sessions, it shows the edition's notes
    `about: [dates]` (edition.yml `notes`), and wherever it shows their clock times, the notes
    `about: [times]`: what the source leaves open (the year, the time zone) is in sight."""
    cur, out = site.cur, []
    for page in site.docs_pages:
        article = site.article(page)
        if article is None or page in EXAMPLE_PAGES:
            continue
        notes = notes_shown(article)
        for topic, eids in shown_editions(site, page).items():
            for eid in sorted(eids):
                for note in cur.editions[eid].notes_about(topic):
                    if not has_note(notes, note):
                        out.append(
                            f"docs/{page} shows the {topic} of edition {eid} without its note "
                            f"'{note.title}' (data/editions/{eid}/edition.yml, about: [{topic}])"
                        )
    return out


def pdf_problems(site_dir: Path, cur: Curriculum) -> list[str]:
    """The same of the PDFs (a site built with PDF_EXPORT=1): a PDF that holds a page showing
    the dates (clock times) of an edition's sessions, or whose cover names them, prints the
    edition's notes about dates (times) somewhere in the document (each note once: on the first
    page that shows it)."""
    site = BuiltSite(Path(site_dir), cur)
    pages = {}  # the page title, as the PDF's bookmarks give it -> the docs page
    for page in site.docs_pages:
        article = site.article(page)
        if article is not None and article.find("h1") is not None:
            pages.setdefault(bare(words(article.find("h1"))), page)
    out = []
    for path in sorted((site.root / "pdf").glob("*.pdf")):
        pdf = read(path)
        shown: dict[str, set[str]] = {topic: set() for topic in TOPICS}
        for mark in pdf.bookmarks:
            page = pages.get(bare(mark.title))
            if page is not None and pdf.sheets[mark.page - 1].starts_with(mark.title):
                for topic, eids in shown_editions(site, page).items():
                    shown[topic] |= eids
        covers = {1, *parts(path).values()}  # the document's, and its parts' (the handbook's)
        cover_text = " ".join(pdf.sheets[n - 1].text for n in sorted(covers))
        for day in written_dates(cur, cover_text, year_after=True):
            shown["dates"] |= editions_on(cur, day)
        printed = bare(pdf.text)
        for topic, eids in shown.items():
            for eid in sorted(eids):
                for note in cur.editions[eid].notes_about(topic):
                    if bare(note.title) not in printed or bare(note.text) not in printed:
                        out.append(
                            f"pdf/{path.name} shows the {topic} of edition {eid} without its "
                            f"note '{note.title}' (data/editions/{eid}/edition.yml)"
                        )
    return out


# ----------------------------------------------------------------------------- all of them

CHECKS = {
    "pages": missing_pages,
    "headings": headings,
    "overview": programme_overview,
    "modules": module_pages,
    "glance": at_a_glance,
    "sessions": session_pages,
    "organisations": organisations_page,
    "navigation": navigation,
    "counts": stated_counts,
    "notes": source_notes,
}


def site_problems(site_dir: Path, cur: Curriculum, checks=CHECKS) -> list[str]:
    """Every way the built site (without PDFs) disagrees with its data; [] when it agrees."""
    site = BuiltSite(Path(site_dir), cur)
    return [problem for check in checks.values() for problem in check(site)]
