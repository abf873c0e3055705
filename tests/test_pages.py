"""The pages the macros make (macros/pages.py, macros/templates/), on the fixture's site.

The fixture (tests/fixtures/curriculum/) never changes with the real curriculum: its dates,
times, titles and names are asserted as literals. Text is compared as a reader sees it
(`shown`: whitespace collapsed, no space added between inline elements).

Its one edition, fixture-2021, has its pages in programme/fixture-2021/ (overview, at a glance,
sessions/); programme/ is the hub listing the editions; the sessions' old addresses
(programme/sessions/<id>/) redirect. What several editions change (the hub's order, "Held in"
on module pages, each session page in its edition's zone with its edition's notes, years in
references, an edition of one session) is tested on a copy with two more editions, built once.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from conftest import (
    BETWEEN,
    EPOCH,
    FIRST_1,
    FIRST_2,
    OPENING,
    SMART_1,
    SMART_2,
    E,
    S,
    Workspace,
    content,
    page_file,
    soup,
    text,
)
from invariants import BuiltSite, nav_entries
from markupsafe import Markup

from macros.loader import load
from macros.render import abbreviations

HOSTILE = "Smart <script>alert(1)</script> & *Cities* {{ not_a_macro }} | pipes"
SMART = "Module 2: Smart & <Cities> *with* markup"
BETA = "Beta <Network> & Co"
ZONE = "Europe/Rome; The time zone is a fixture"  # the edition's zone and its note on times


def shown(node: Tag | None) -> str:
    """Text as a reader sees it: <br> a space, whitespace collapsed, no ¶ links."""
    assert node is not None
    for link in node.select("a.headerlink"):
        link.decompose()
    for br in node.find_all("br"):
        br.replace_with(" ")
    return " ".join(node.get_text().split())


def cells(row: Tag) -> list[str]:
    return [shown(td) for td in row.find_all(["td", "th"], recursive=False)]


def agenda(site: Path, docs_path: str) -> Tag:
    table = content(site, docs_path).select_one(".ct-agenda table")
    assert table is not None, f"{docs_path}: no agenda"
    return table


def facts(site: Path, docs_path: str) -> dict[str, str]:
    dl = content(site, docs_path).select_one("dl.ct-facts")
    return {shown(dt): shown(dt.find_next_sibling("dd")) for dt in dl.find_all("dt")}


def box(site: Path, docs_path: str) -> list[str]:
    """The "where used" box: its paragraphs and list items, in order."""
    uses = content(site, docs_path).select_one(".ct-uses")
    assert uses is not None, f"{docs_path}: no 'where used' box"
    return [shown(el) for el in uses.find_all(["p", "li"])]


# ----------------------------------------------------------------------------- agenda


def test_agenda_rows_times_durations_kinds_and_presenters(fixture_site: Path):
    rows = [cells(tr) for tr in agenda(fixture_site, OPENING).select("tbody tr")]
    assert rows == [
        ["9:30–9:45 (15 min)", "Welcome to the FXT programme", "Welcome", "Alpha Cluster"],
        ["9:45–10:30", "Two presenters at once", "Presentation", f"Alpha Cluster, {BETA}"],
        # no end: runs to the next item's start
        ["10:30–11:00", "Break until the next item", "Break", "—"],
        ["11:00–12:30", "A roundtable without presenters", "Roundtable", "—"],
        # the last item without end runs to the end of the session
        ["12:30–13:00", "Wrap-up until the end of the session", "Wrap-up", "—"],
    ]
    assert "The source lists the last item" not in shown(content(fixture_site, OPENING))


def test_agenda_times_are_machine_readable_in_the_zone_of_the_day(fixture_site: Path):
    before = agenda(fixture_site, OPENING).select("tbody tr")[0].find_all("time")
    assert [t["datetime"] for t in before] == [
        "2021-03-22T09:30:00+01:00",
        "2021-03-22T09:45:00+01:00",
    ]
    after = agenda(fixture_site, FIRST_2).select("tbody tr")[0].find_all("time")
    assert [t["datetime"] for t in after] == [
        "2021-03-29T09:30:00+02:00",
        "2021-03-29T09:40:00+02:00",
    ]


def test_agenda_caption_names_the_zone_of_the_date(fixture_site: Path):
    """Europe/Rome changes to summer time on 28 March 2021: CET before, CEST after."""
    for docs_path, caption in [
        (OPENING, "Agenda of Monday 22 March 2021, times in CET"),
        (SMART_1, "Agenda of Friday 26 March 2021, times in CET"),
        (FIRST_2, "Agenda of Monday 29 March 2021, times in CEST"),
        (SMART_2, "Agenda of Saturday 10 April 2021, times in CEST"),
    ]:
        table = agenda(fixture_site, docs_path)
        assert shown(table.caption) == caption
        assert table.caption.abbr["title"] == ZONE


def test_an_item_at_the_session_end_has_no_end_and_a_sentence_says_so(fixture_site: Path):
    rows = agenda(fixture_site, FIRST_1).select("tbody tr")
    assert cells(rows[-1]) == [
        "13:30",
        "Wrap up, listed at the session's end without a length",
        "Wrap-up",
    ]
    assert len(rows[-1].find_all("time")) == 1
    sentence = "The source lists the last item at 13:30, when the session ends, without a length."
    assert sentence in shown(content(fixture_site, FIRST_1))


def test_approximate_durations_topics_notes_and_case_study_links(fixture_site: Path):
    first = agenda(fixture_site, FIRST_2).select("tbody tr")
    assert cells(first[0])[0] == "9:30–9:40 (circa 10 min)"
    assert shown(first[1].select_one(".ct-item-title")) == "The case, used a second time"
    assert (
        shown(first[1].select_one("p.ct-note")) == "Case study: A case used twice: in two sessions"
    )
    assert cells(first[1])[2] == "Case study"
    rows = agenda(fixture_site, FIRST_1).select("tbody tr")
    assert [shown(li) for li in rows[1].select("ul.ct-topics li")] == [
        "Topic one: approach & method",
        "Case on the first topic",
    ]
    link = rows[1].select_one("p.ct-note a")
    assert (shown(link), link["href"]) == (
        "A case used twice: in two sessions",
        "../../../../case-studies/case-twice/",
    )
    assert shown(rows[3].select_one("p.ct-note")) == "A note on the item, with the term S3."


def test_presenters_link_to_their_organisation(fixture_site: Path):
    row = agenda(fixture_site, OPENING).select("tbody tr")[1]
    links = row.find_all("td")[3].find_all("a")
    assert [(shown(a), a["href"]) for a in links] == [
        ("Alpha Cluster", "../../../../organisations/#alpha"),
        (BETA, "../../../../organisations/#beta"),
    ]


def test_every_kind_has_its_label_and_class(fixture_site: Path, fixture_cur):
    seen = {}
    for docs_path in fixture_cur.pages["sessions"].values():
        for tr in agenda(fixture_site, docs_path).select("tbody tr"):
            seen[tr["class"][0]] = cells(tr)[2]
    assert seen == {
        "ct-kind-welcome": "Welcome",
        "ct-kind-presentation": "Presentation",
        "ct-kind-training": "Training",
        "ct-kind-case-study": "Case study",
        "ct-kind-roundtable": "Roundtable",
        "ct-kind-break": "Break",
        "ct-kind-open-mic": "Open mic",
        "ct-kind-wrap-up": "Wrap-up",
    }


# ----------------------------------------------------------------------------- session facts


def test_session_facts_of_a_module_session(fixture_site: Path):
    got = facts(fixture_site, FIRST_1)
    got.pop("Calendar")
    assert got == {
        "Date": "Wednesday 24 March 2021",
        "Time": "9:30–13:30 CET",
        "Where": "Online",
        "Session": "2 of 6 in the Fixture Training Programme",
        "Programme label": "Part A: The first topic, part 1",
        "Thematic module": "Module 1: The first topic (session 1 of 2 in this edition)",
        "Expert": "Gamma Experts",
    }
    dl = content(fixture_site, FIRST_1).select_one("dl.ct-facts")
    assert [a["href"] for a in dl.find_all("a")] == [
        "../../../../calendar/2021-03-24-first-topic-1.ics",
        "../../",  # the edition's overview
        "../../../../modules/module-first/",
        "../../../../organisations/#gamma",
    ]
    assert dl.find("time")["datetime"] == "2021-03-24"
    assert dl.select_one("dd.ct-time abbr")["title"] == ZONE


def notes(article: Tag) -> list[tuple[str, str]]:
    """(id, title) of the source notes a page shows, in order: folded ones (the notes about
    dates and times, after what shows them) and open ones (source_note())."""
    return [
        (box["id"], shown(box.find(["summary", "p"]))) for box in article.select(".ct-source-note")
    ]


def test_session_pages_show_their_editions_notes_on_dates_and_times(fixture_site: Path):
    """The year and the time zone are the edition's to state (edition.yml `notes` with
    `about`): each session page shows them below its facts, once; the page's own
    source_note("naming") comes last."""
    for docs_path in [OPENING, FIRST_1, SMART_2]:
        article = content(fixture_site, docs_path)
        assert notes(article) == [
            ("note-fixture-2021-year", "The year is a fixture"),
            ("note-fixture-2021-timezone", "The time zone is a fixture"),
            ("note-fixture-2021-naming", "Two names in the fixture"),
        ], docs_path
        first = article.select_one("details.ct-source-note")
        assert first.find_previous_sibling() is article.select_one("dl.ct-facts")
        assert "crosses the change to summer time" in shown(
            article.select_one("#note-fixture-2021-timezone")
        )


def test_session_facts_without_module_expert_or_label(fixture_site: Path):
    got = facts(fixture_site, OPENING)
    assert got["Thematic module"] == (
        "None named: the source does not assign this session to a thematic module"
    )
    assert "Expert" not in got
    assert got["Programme label"] == "Opening: Opening of the fixture programme"
    smart = facts(fixture_site, SMART_2)
    assert "Programme label" not in smart and "Expert" not in smart
    assert smart["Date"] == "Saturday 10 April 2021"
    assert smart["Time"] == "9:00–11:00 CEST"
    assert smart["Session"] == "6 of 6 in the Fixture Training Programme"
    assert smart["Thematic module"] == f"{SMART} (session 2 of 2 in this edition)"


def test_headings_come_from_data(fixture_site: Path, fixture_cur):
    for kind, pages in fixture_cur.pages.items():
        for item_id, docs_path in pages.items():
            item = getattr(fixture_cur, kind)[item_id]
            title = f"Module {item.number}: {item.title}" if kind == "modules" else item.title
            assert shown(content(fixture_site, docs_path).h1) == title


# ----------------------------------------------------------------------------- lists


def test_programme_overview(fixture_site: Path):
    table = content(fixture_site, E + "index.md").select_one(".ct-overview table")
    assert shown(table.caption) == "The 6 sessions of the Fixture Training Programme"
    P = "Programme label:"
    assert [cells(tr) for tr in table.select("tbody tr")] == [
        ["1", "Mon 22 Mar", "9:30–13:00 CET", f"Opening of the fixture programme {P} Opening", "—",
         f"Alpha Cluster, {BETA}"],
        ["2", "Wed 24 Mar", "9:30–13:30 CET", f"The first topic, part 1 {P} Part A", "Module 1",
         "Expert: Gamma Experts"],
        ["3", "Fri 26 Mar", "14:00–16:00 CET", HOSTILE, "Module 2", BETA],
        ["4", "Mon 29 Mar", "9:30–13:30 CEST", f"The first topic, part 2 {P} Part A", "Module 1",
         "Expert: Gamma Experts"],
        ["5", "Thu 1 Apr", "10:00–12:00 CEST", "Between the modules, from Łódź to Київ", "—", BETA],
        ["6", "Sat 10 Apr", "9:00–11:00 CEST", "The second topic on a Saturday", "Module 2", "—"],
    ]  # fmt: skip
    rows = table.select("tbody tr")
    assert [tr.find_all("td")[3].a["href"] for tr in rows] == [
        f"sessions/{page.removeprefix(S).removesuffix('.md')}/"
        for page in [OPENING, FIRST_1, SMART_1, FIRST_2, BETWEEN, SMART_2]
    ]
    modules = [tr.find_all("td")[4].find("a") for tr in rows]
    assert [a["href"] if a else None for a in modules] == [
        None, "../../modules/module-first/", "../../modules/module-smart/",
        "../../modules/module-first/", None, "../../modules/module-smart/",
    ]  # fmt: skip
    overview = content(fixture_site, E + "index.md")
    assert notes(overview) == [
        ("note-fixture-2021-year", "The year is a fixture"),
        ("note-fixture-2021-timezone", "The time zone is a fixture"),
    ]  # its source_note("timezone") is not shown twice
    calendar = overview.select_one(".ct-calendar-links")
    assert shown(calendar) == (
        "All 6 sessions in your calendar: Download .ics · Subscribe · The programme at a glance, "
        "week by week"
    )
    assert [a["href"] for a in calendar.find_all("a")] == [
        "../../calendar/fixture-2021/programme.ics",
        "webcal://smartctclusters.github.io/curriculum/calendar/fixture-2021/programme.ics",
        "at-a-glance/",
    ]


def test_module_pages_list_their_sessions_and_lessons(fixture_site: Path):
    first = content(fixture_site, "modules/module-first.md")
    assert [shown(li) for li in first.select("ol.ct-session-list > li")] == [
        "The first topic, part 1 — Wednesday 24 March 2021, 9:30–13:30 CET, expert: Gamma Experts",
        "The first topic, part 2 — Monday 29 March 2021, 9:30–13:30 CEST, expert: Gamma Experts",
    ]
    assert [shown(li) for li in first.select("ol.ct-lesson-list > li")] == [
        "The first lesson: First lesson of the first module, with a figure and a case study.",
        "The second lesson: Second lesson of the first module.",
    ]
    calendar = first.select_one(".ct-calendar-links")
    assert shown(calendar) == (
        "The module's 2 sessions in this edition, in your calendar: Download .ics · Subscribe"
    )
    assert calendar.a["href"] == "../../calendar/fixture-2021/module-first.ics"
    smart = content(fixture_site, "modules/module-smart.md")
    assert [shown(li) for li in smart.select("ol.ct-session-list > li")] == [
        f"{HOSTILE} — Friday 26 March 2021, 14:00–16:00 CET",
        "The second topic on a Saturday — Saturday 10 April 2021, 9:00–11:00 CEST",
    ]
    assert [a["href"] for a in smart.select("ol.ct-session-list > li > a")] == [
        "../../programme/fixture-2021/sessions/2021-03-26-second-topic-1/",
        "../../programme/fixture-2021/sessions/2021-04-10-second-topic-2/",
    ]
    assert [shown(li) for li in smart.select("ol.ct-lesson-list > li")] == [
        "A lesson of the second module: The only lesson of the second module."
    ]


def test_an_inline_session_link_is_followed_by_the_text_as_typed(fixture_site: Path):
    para = next(
        p for p in content(fixture_site, "modules/module-first.md").find_all("p")
        if "first session is" in p.get_text()
    )  # fmt: skip
    assert para.a["href"] == "../../programme/fixture-2021/sessions/2021-03-24-first-topic-1/"
    assert (
        " ".join(para.get_text().split()) == "The first session is 24 Mar: The first topic, part 1."
    )


def test_calendar_downloads_read_as_typed(fixture_site: Path):
    items = content(fixture_site, "downloads.md").select("ul.ct-downloads > li")
    got = [(shown(li), li.a["href"]) for li in items]
    ics = "Download .ics · Subscribe"
    assert got == [
        (f"Every session of every edition (6): {ics}", "../calendar/programme.ics"),
        (f"Module 1: The first topic, every edition (2 sessions): {ics}",
         "../calendar/module-first.ics"),
        (f"{SMART}, every edition (2 sessions): {ics}", "../calendar/module-smart.ics"),
        (f"Fixture Training Programme (6 sessions): {ics}",
         "../calendar/fixture-2021/programme.ics"),
        (f"Fixture Training Programme, Module 1: The first topic (2 sessions): {ics}",
         "../calendar/fixture-2021/module-first.ics"),
        (f"Fixture Training Programme, {SMART} (2 sessions): {ics}",
         "../calendar/fixture-2021/module-smart.ics"),
    ]  # fmt: skip


def test_modules_index(fixture_site: Path):
    cards = content(fixture_site, "modules/index.md").select(".ct-modules li")
    assert [shown(li) for li in cards] == [
        "Module 1 Published The first topic The first published module. 2 sessions in 1 "
        "edition of the programme",
        f"Module 2 Published {SMART.removeprefix('Module 2: ')} The second published module, "
        "with a title that must be escaped. 2 sessions in 1 edition of the programme",
        "Module 3 Title only A planned module Named by the fixture, with no material.",
    ]
    assert cards[2].find("a") is None  # a planned module has no page


def test_lesson_boxes_say_where_the_material_is_used(fixture_site: Path):
    assert box(fixture_site, "material/lesson-one.md") == [
        "Where this material is used",
        "Part of Module 1: The first topic.",
        "Slides of the sessions:",
        "24 Mar: The first topic, part 1",
        "29 Mar: The first topic, part 2",
        "The source does not say on which of these days each slide was shown.",
        "Case studies:",
        "A case of a lesson only",
    ]
    assert box(fixture_site, "material/lesson-two.md") == [
        "Where this material is used",
        "Part of Module 1: The first topic.",
        "Slides of the sessions:",
        "29 Mar: The first topic, part 2",
    ]
    assert box(fixture_site, "material/lesson-smart.md") == [
        "Where this material is used",
        f"Part of {SMART}.",
        "Case studies:",
        "A case used twice: in two sessions",
    ]
    links = content(fixture_site, "material/lesson-one.md").select(".ct-uses a")
    assert [a["href"] for a in links] == [
        "../../modules/module-first/",
        "../../programme/fixture-2021/sessions/2021-03-24-first-topic-1/",
        "../../programme/fixture-2021/sessions/2021-03-29-first-topic-2/",
        "../../case-studies/case-lesson/",
    ]


def test_case_study_boxes_say_where_the_case_is_used(fixture_site: Path):
    assert box(fixture_site, "case-studies/case-twice.md") == [
        "Where this case study is used",
        "In the agenda:",
        "24 Mar: The first topic, part 1, 10:00–11:30 CET: Topic one: approach & method | "
        "Case on the first topic",
        "29 Mar: The first topic, part 2, 9:40–12:00 CEST: The case, used a second time",
        "In the lesson material:",
        "A lesson of the second module",
    ]
    assert box(fixture_site, "case-studies/case-lesson.md") == [
        "Where this case study is used",
        "No agenda item names this case study.",
        "In the lesson material:",
        "The first lesson",
    ]
    assert box(fixture_site, "case-studies/case-unused.md") == [
        "Where this case study is used",
        "No agenda item names this case study.",
    ]


def test_case_studies_and_lessons_indexes(fixture_site: Path):
    cases = content(fixture_site, "case-studies/index.md").select("ul.ct-case-list > li")
    assert [shown(li) for li in cases] == [
        "A case used twice: in two sessions: Used by agenda items of two sessions and by a "
        "lesson of the second module.",
        "A case of a lesson only: Used by a lesson of the first module only.",
        "An unused case: No session or lesson uses it.",
    ]
    lessons = content(fixture_site, "material/index.md")
    assert [shown(h) for h in lessons.find_all("h2")] == ["Module 1: The first topic", SMART]
    assert [len(ol.find_all("li")) for ol in lessons.select("ol.ct-lesson-list")] == [2, 1]


def test_organisations_page(fixture_site: Path):
    article = content(fixture_site, "organisations.md")
    sections = {}
    for h2 in article.find_all("h2"):
        body = []
        for el in h2.find_next_siblings():
            if el.name == "h2":
                break
            body += [shown(li) for li in el.find_all("li")] if el.name == "ul" else [shown(el)]
        sections[(h2["id"], shown(h2))] = body
    opening = "22 Mar: Opening of the fixture programme"
    assert sections == {
        ("alpha", "Alpha Cluster (AC)"): [
            "Presents in the opening, with Beta.",
            "Website named in the source: www.alpha.example",
            "Presents in the agenda:",
            f"{opening}, 9:30–9:45 CET: Welcome to the FXT programme",
            f"{opening}, 9:45–10:30 CET: Two presenters at once",
        ],
        ("beta", BETA): [
            "A name that must be escaped; presents twice.",
            "Presents in the agenda:",
            f"{opening}, 9:45–10:30 CET: Two presenters at once",
            f"26 Mar: {HOSTILE}, 14:00–15:00 CET: An item with <b>markup</b> & a Smart City",
            "1 Apr: Between the modules, from Łódź to Київ, 10:00–11:00 CEST: A session of no "
            "module",
        ],
        ("gamma", "Gamma Experts"): [
            "The expert of the first module.",
            "Expert of:",
            "24 Mar: The first topic, part 1",
            "29 Mar: The first topic, part 2",
        ],
        ("delta", "Delta Łódź Київ"): [
            "Named, presents nothing.",
            "Named in the source; presents no agenda item.",
        ],
    }


def test_glossary_terms_in_order_with_ids_and_the_general_label(fixture_site: Path):
    glossary = content(fixture_site, "glossary.md").select_one("div.ct-glossary")
    terms = [(h["id"], shown(h), shown(h.find_next_sibling("p"))) for h in glossary.find_all("h2")]
    general = "(General definition, not from the source document.)"
    assert terms == [
        ("fxt", "FXT (Fixture Term)", "An abbreviation the fixture defines."),
        ("s3", "S3 (Smart Specialisation Strategy)",
         "A short term that must not match inside longer words such as S3X."),
        ("smart-city", "Smart City",
         f"A term of two words, defined as general knowledge. {general}"),
    ]  # fmt: skip


def test_participants(fixture_site: Path):
    about = content(fixture_site, "about.md")
    took_part = "Around 12 clusters from 3 countries took part in the Fixture Training Programme:"
    assert took_part in shown(about)
    assert [shown(li) for li in about.select("ul.ct-countries li")] == [
        "Ireland",
        "Italy",
        "Ukraine",
    ]


def test_at_a_glance_places_each_session_on_its_day(fixture_site: Path):
    glance = content(fixture_site, E + "at-a-glance.md")
    found = [
        (
            box.find_parent("td").select_one(".ct-glance-date time")["datetime"],
            shown(box.select_one(".ct-glance-tag")),
            shown(box.select_one(".ct-glance-number")),
        )
        for box in glance.select(".ct-glance-session")
    ]
    assert found == [
        ("2021-03-22", "Programme", "Session 1 of 6"),
        ("2021-03-24", "Module 1", "Session 2 of 6"),
        ("2021-03-26", "Module 2", "Session 3 of 6"),
        ("2021-03-29", "Module 1", "Session 4 of 6"),
        ("2021-04-01", "Programme", "Session 5 of 6"),
        ("2021-04-10", "Module 2", "Session 6 of 6"),
    ]
    legend = [shown(li) for li in glance.select("ul.ct-glance-legend li")]
    assert legend[:2] == [
        "Module 1 Module 1: The first topic (2 sessions)",
        f"Module 2 {SMART} (2 sessions)",
    ]


# ----------------------------------------------------------------------------- abbreviations


def test_glossary_terms_become_abbreviations_as_whole_words(fixture_site: Path):
    about = content(fixture_site, "about.md")
    assert [(a.get_text(), a["title"]) for a in about.find_all("abbr")] == [
        ("FXT", "Fixture Term"),
        ("S3", "Smart Specialisation Strategy"),
    ]
    assert "S3X is not one" in shown(about)
    # in the HTML the macros write (the templates' abbr filter): agenda titles and notes
    smart = agenda(fixture_site, SMART_1).select("tbody tr")[0].find("abbr")
    assert (smart.get_text(), smart["title"]) == (
        "Smart City",
        "A term of two words, defined as general knowledge.",
    )
    note = agenda(fixture_site, FIRST_1).select_one("p.ct-note abbr")
    assert (note.get_text(), note["title"]) == ("S3", "Smart Specialisation Strategy")


def test_the_first_abbreviation_of_each_term_is_focusable(fixture_site: Path, fixture_cur):
    """hooks/html_fixes.py: the first <abbr> of each term in a page's content (outside links,
    buttons, summaries and labels) takes keyboard focus, the others do not."""
    pages = [
        *(p for kind in fixture_cur.pages.values() for p in kind.values()),
        "about.md",
        E + "index.md",
        "organisations.md",
    ]
    checked = 0
    for docs_path in pages:
        seen: set[str] = set()
        for abbr in content(fixture_site, docs_path).find_all("abbr"):
            inside = abbr.find_parent(["a", "button", "summary", "label"]) is not None
            first = not inside and abbr["title"] not in seen
            assert abbr.get("tabindex") == ("0" if first else None), f"{docs_path}: {abbr}"
            if not inside:
                seen.add(abbr["title"])
            checked += first
    assert checked > 10


def test_the_abbr_filter_escapes_and_marks_whole_terms_longest_first():
    abbr = abbreviations({"S3": "Smart Specialisation Strategy", "RIS3": 'R&I "S3"'})
    assert abbr("RIS3 & S3 <script>x</script> S3x") == Markup(
        '<abbr title="R&amp;I &#34;S3&#34;">RIS3</abbr> &amp; '
        '<abbr title="Smart Specialisation Strategy">S3</abbr> '
        "&lt;script&gt;x&lt;/script&gt; S3x"
    )
    assert abbr(Markup("<b>S3</b>")) == Markup("<b>S3</b>")  # markup from a macro passes
    assert abbreviations({})("<S3>") == Markup("&lt;S3&gt;")


# ----------------------------------------------------------------------------- head


def test_edit_links_open_the_file_that_holds_the_text(fixture_site: Path):
    """docs/contributing.md includes CONTRIBUTING.md (edit_source:): its edit button opens it."""
    edit = soup(fixture_site, "contributing.md").find("a", rel="edit")
    assert edit["href"].endswith("/edit/main/CONTRIBUTING.md")
    other = soup(fixture_site, "glossary.md").find("a", rel="edit")
    assert other["href"].endswith("/edit/main/docs/glossary.md")


def test_presented_by_only_where_the_source_names_presenters(fixture_site: Path):
    """The expert's session names no presenter per item: no "Presented by" column (its expert
    is in the facts); a session where some items name presenters shows it, with "—" elsewhere."""
    expert = agenda(fixture_site, FIRST_1)
    assert [shown(th) for th in expert.select("thead th")] == ["Time", "Item", "Kind"]
    opening = agenda(fixture_site, OPENING)
    assert shown(opening.select("thead th")[-1]) == "Presented by"
    assert cells(opening.select("tbody tr")[3])[-1] == "—"


# ----------------------------------------------------------------------------- editions


def test_the_programme_hub_lists_the_editions(fixture_site: Path):
    """docs/programme/index.md: each edition with its dates, mode, sessions and modules."""
    items = content(fixture_site, "programme/index.md").select("ul.ct-editions > li")
    assert [shown(li) for li in items] == [
        "Fixture Training Programme Latest 22 Mar–10 Apr 2021, online, 6 sessions; "
        "Module 1, Module 2"
    ]
    assert [a["href"] for a in items[0].find_all("a")] == [
        "fixture-2021/",
        "../modules/module-first/",
        "../modules/module-smart/",
    ]
    assert [t["datetime"] for t in items[0].find_all("time")] == ["2021-03-22", "2021-04-10"]


def held_in(article: Tag) -> list[tuple[str, str, list[str], list[str], str]]:
    """A module page's editions: (the "Held in" line, its link, the links of the sessions
    listed under it, the ids of the notes shown with them, the edition's calendar of the
    module)."""
    out = []
    for line in article.select("p.ct-held-in"):
        sessions, note_ids, calendar = [], [], ""
        for el in line.find_next_siblings():
            if "ct-held-in" in el.get("class", []):
                break
            if el.name == "ol":
                sessions = [li.a["href"] for li in el.find_all("li", recursive=False)]
            elif "ct-source-note" in el.get("class", []):
                note_ids.append(el["id"])
            elif "ct-calendar-links" in el.get("class", []):
                calendar = el.a["href"]
                break
        out.append((shown(line), line.a["href"], sessions, note_ids, calendar))
    return out


def test_module_pages_say_in_which_edition_their_sessions_are_held(fixture_site: Path):
    """Each edition that held the module: its dates, how its agenda names the module
    (edition.yml `module_labels`), its sessions, its notes on dates and times, its calendar."""
    notes_2021 = ["note-fixture-2021-year", "note-fixture-2021-timezone"]
    assert held_in(content(fixture_site, "modules/module-first.md")) == [
        (
            "Held in: Fixture Training Programme, 24–29 Mar 2021 (in its agenda: “Part A: "
            "The first topic”)",
            "../../programme/fixture-2021/",
            [
                "../../programme/fixture-2021/sessions/2021-03-24-first-topic-1/",
                "../../programme/fixture-2021/sessions/2021-03-29-first-topic-2/",
            ],
            notes_2021,
            "../../calendar/fixture-2021/module-first.ics",
        )
    ]
    smart = held_in(content(fixture_site, "modules/module-smart.md"))
    assert [(line, notes) for line, _, _, notes, _ in smart] == [
        ("Held in: Fixture Training Programme, 26 Mar–10 Apr 2021", notes_2021)
    ]


# ----------------------------------------------------------------------------- old addresses


def redirect_target(site: Path, old: str) -> Path:
    """The page file the redirect page at an old address (e.g. programme/sessions/x/) sends
    the browser to (mkdocs-redirects: a meta refresh, a script and a link, which agree)."""
    path = site / old / "index.html"
    assert path.is_file(), f"nothing at the old address {old}"
    page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    assert page.find("article") is None, f"{old} is a page, not a redirect"
    url = page.find("meta", attrs={"http-equiv": "refresh"})["content"].split("url=", 1)[1]
    assert page.find("link", rel="canonical")["href"] == url
    assert page.body.a["href"] == url
    assert f'location.href="{url}"' in page.script.string
    return (path.parent / url / "index.html").resolve()


def test_old_session_addresses_redirect_to_the_new_pages(fixture_site: Path, fixture_cur):
    """Session pages lived at programme/sessions/<id>/ before editions: those addresses send
    the reader to the session's page in its edition's folder."""
    assert fixture_cur.sessions
    for sid, docs_path in fixture_cur.pages["sessions"].items():
        new = page_file(fixture_site, docs_path).resolve()
        assert new.is_relative_to(fixture_site / E)
        assert redirect_target(fixture_site, f"programme/sessions/{sid}/") == new, sid


def test_the_old_at_a_glance_address_redirects_to_the_editions_page(fixture_site: Path):
    new = page_file(fixture_site, E + "at-a-glance.md").resolve()
    assert redirect_target(fixture_site, "programme/at-a-glance/") == new


# ----------------------------------------------------------------------------- several editions

SECOND, THIRD = "fixture-2022", "fixture-2024"
SECOND_TITLE = "Second Run <of> the Fixture & Co"
SESSION_PAGE = """---
session: SID
---
{{ heading() }}

{{ session_facts() }}

## Agenda

{{ agenda() }}
"""


def session_yml(day: str, title: str, module: str, expert: str = "", start: str = "9:00") -> str:
    expert_line = f"expert: {expert}\n" if expert else ""
    item = "" if expert else "    presenters: [delta]\n"
    return (
        f"date: {day}\nstart: {start}\nend: 12:00\nmodule: {module}\ntitle: {title}\n"
        f"{expert_line}agenda:\n  - start: {start}\n    title: Training\n    kind: training\n"
        f"{item}"
    )


def add_edition(ws: Workspace, eid: str, edition: str, sessions: dict[str, str], glance=False):
    """An edition as the guide adds one: its data folder and its pages."""
    ws.write(f"data/editions/{eid}/edition.yml", edition)
    for sid, data in sessions.items():
        ws.write(f"data/editions/{eid}/sessions/{sid}.yml", data)
        ws.write(f"docs/programme/{eid}/sessions/{sid}.md", SESSION_PAGE.replace("SID", sid))
    ws.write(
        f"docs/programme/{eid}/index.md", "# {{ edition.title }}\n\n{{ programme_overview() }}\n"
    )
    if glance:
        ws.write(
            f"docs/programme/{eid}/at-a-glance.md",
            "# At a glance\n\n{{ programme_at_a_glance() }}\n",
        )


@pytest.fixture(scope="module")
def editions_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture with two more editions: one across a new year in New York, without notes,
    that holds module-first again; one of a single day in Kyiv, with a note of the same id as
    one of the first edition's, that holds module-smart under another label."""
    ws = Workspace(tmp_path_factory.mktemp("editions") / "repo")
    add_edition(
        ws,
        SECOND,
        f"title: {SECOND_TITLE}\nmode: online\ntimezone: America/New_York\n"
        "first_date: 2022-12-30\nlast_date: 2023-01-03\n",
        {
            "2022-12-30-first-again": session_yml(
                "2022-12-30", "The first topic before the new year", "module-first", "gamma"
            ),
            "2023-01-03-first-again": session_yml(
                "2023-01-03", "The first topic after the new year", "module-first", "gamma"
            ),
        },
    )
    add_edition(
        ws,
        THIRD,
        "title: Third Fixture Run\nmode: online\ntimezone: Europe/Kyiv\n"
        "first_date: 2024-06-05\nlast_date: 2024-06-05\n"
        'module_labels:\n  module-smart: "Part S"\n'
        "notes:\n  - id: timezone\n    about: [times]\n    title: Kyiv time is assumed\n"
        "    text: The third run's source gives no time zone either.\n",
        {
            "2024-06-05-smart-again": session_yml(
                "2024-06-05", "Smart in Kyiv", "module-smart", start="10:00"
            )
        },
        glance=True,
    )
    result = ws.build(ws.root / "site", SOURCE_DATE_EPOCH=EPOCH)
    assert result.code == 0, str(result)
    return result.site_dir


def test_the_hub_lists_every_edition_the_latest_first(editions_site: Path):
    hub = content(editions_site, "programme/index.md")
    items = hub.select("ul.ct-editions > li")
    assert [shown(li) for li in items] == [
        "Third Fixture Run Latest 5 Jun 2024, online, 1 session; Module 2",
        f"{SECOND_TITLE} 30 Dec 2022–3 Jan 2023, online, 2 sessions; Module 1",
        "Fixture Training Programme 22 Mar–10 Apr 2021, online, 6 sessions; Module 1, Module 2",
    ]
    assert [li.a["href"] for li in items] == [f"{THIRD}/", f"{SECOND}/", "fixture-2021/"]
    assert len(hub.select(".ct-badge")) == 1
    assert hub.find("of") is None  # the title is text


def test_a_module_page_lists_each_edition_that_held_it(editions_site: Path):
    """Oldest first, each with its own dates (a new year inside them), label, sessions, notes
    and calendar; notes of the same id in two editions stay two notes with ids of their own."""
    sessions = "../../programme/{}/sessions/{}/".format
    notes_2021 = ["note-fixture-2021-year", "note-fixture-2021-timezone"]
    first = held_in(content(editions_site, "modules/module-first.md"))
    assert first[1:] == [
        (
            f"Held in: {SECOND_TITLE}, 30 Dec 2022–3 Jan 2023",
            f"../../programme/{SECOND}/",
            [
                sessions(SECOND, "2022-12-30-first-again"),
                sessions(SECOND, "2023-01-03-first-again"),
            ],
            [],  # the edition has no notes
            f"../../calendar/{SECOND}/module-first.ics",
        )
    ]
    assert first[0][0].startswith("Held in: Fixture Training Programme, 24–29 Mar 2021")
    assert first[0][3] == notes_2021
    smart = content(editions_site, "modules/module-smart.md")
    assert held_in(smart)[1:] == [
        (
            "Held in: Third Fixture Run, 5 Jun 2024 (in its agenda: “Part S”)",
            f"../../programme/{THIRD}/",
            [sessions(THIRD, "2024-06-05-smart-again")],
            [f"note-{THIRD}-timezone"],
            f"../../calendar/{THIRD}/module-smart.ics",
        )
    ]
    assert held_in(smart)[0][3] == notes_2021
    assert [shown(p) for p in smart.select(".ct-calendar-links")][1] == (
        "The module's 1 session in this edition, in your calendar: Download .ics · Subscribe"
    )
    ids = [el["id"] for el in soup(editions_site, "modules/module-smart.md").find_all(id=True)]
    assert len(ids) == len(set(ids))


def test_a_session_page_shows_its_editions_zone_notes_and_numbers(editions_site: Path):
    kyiv = f"programme/{THIRD}/sessions/2024-06-05-smart-again.md"
    got = facts(editions_site, kyiv)
    assert (got["Time"], got["Session"], got["Thematic module"]) == (
        "10:00–12:00 EEST",
        "1 of 1 in the Third Fixture Run",
        f"{SMART} (session 1 of 1 in this edition)",
    )
    article = content(editions_site, kyiv)
    assert article.select_one("dd.ct-time abbr")["title"] == "Europe/Kyiv; Kyiv time is assumed"
    assert article.select_one("dd.ct-time time")["datetime"] == "2024-06-05T10:00:00+03:00"
    assert notes(article) == [(f"note-{THIRD}-timezone", "Kyiv time is assumed")]
    new_york = f"programme/{SECOND}/sessions/2022-12-30-first-again.md"
    got = facts(editions_site, new_york)
    assert (got["Time"], got["Session"], got["Thematic module"]) == (
        "9:00–12:00 EST",
        f"1 of 2 in the {SECOND_TITLE}",
        "Module 1: The first topic (session 1 of 2 in this edition)",
    )
    article = content(editions_site, new_york)
    assert article.select_one("dd.ct-time abbr")["title"] == "America/New_York"  # no note
    assert article.select_one(".ct-agenda caption abbr")["title"] == "America/New_York"
    assert notes(article) == []  # not the other editions' notes
    assert article.select_one("dl.ct-facts a[href='../../']") is not None
    # the first edition's pages are numbered within their edition, as before
    assert facts(editions_site, FIRST_1)["Session"] == "2 of 6 in the Fixture Training Programme"


def test_an_edition_of_one_session_says_so(editions_site: Path):
    overview = content(editions_site, f"programme/{THIRD}/index.md")
    assert shown(overview.select_one(".ct-overview caption")) == (
        "The 1 session of the Third Fixture Run"
    )
    assert shown(overview.select_one(".ct-calendar-links")) == (
        "The session in your calendar: Download .ics · Subscribe · The programme at a glance, "
        "week by week"
    )
    glance = content(editions_site, f"programme/{THIRD}/at-a-glance.md")
    assert shown(glance.select_one(".ct-glance caption")) == (
        "The 1 session of the Third Fixture Run, week by week"
    )
    assert [shown(el) for el in glance.select(".ct-glance-number")] == ["Session 1 of 1"]
    assert shown(glance.select_one(".ct-glance-legend li")) == f"Module 2 {SMART} (1 session)"
    # an edition without an at-a-glance page offers none
    second = content(editions_site, f"programme/{SECOND}/index.md")
    assert shown(second.select_one(".ct-calendar-links")) == (
        "All 2 sessions in your calendar: Download .ics · Subscribe"
    )


def test_references_to_sessions_give_the_year_once_there_are_several_editions(
    editions_site: Path,
):
    article = content(editions_site, "organisations.md")
    expert = article.select_one("#gamma").find_next_sibling("ul")
    assert [shown(li) for li in expert.find_all("li")] == [
        "24 Mar 2021: The first topic, part 1",
        "29 Mar 2021: The first topic, part 2",
        "30 Dec 2022: The first topic before the new year",
        "3 Jan 2023: The first topic after the new year",
    ]
    para = next(
        p for p in content(editions_site, "modules/module-first.md").find_all("p")
        if "first session is" in p.get_text()
    )  # fmt: skip
    assert shown(para) == "The first session is 24 Mar 2021: The first topic, part 1."
    assert (
        box(editions_site, "material/lesson-two.md")[-1] == "29 Mar 2021: The first topic, part 2"
    )


def test_pages_of_no_edition_keep_the_notes_of_the_edition_that_has_them(editions_site: Path):
    """docs/index.md and module-first.md call source_note("year"), source_note("naming"):
    the latest edition has no such notes, the first edition's are shown (the build does not
    fail when a new edition drops notes, as the guide tells editors to do)."""
    assert notes(content(editions_site, "index.md")) == [
        ("note-fixture-2021-year", "The year is a fixture")
    ]
    assert (
        "note-fixture-2021-naming",
        "Two names in the fixture",
    ) in notes(content(editions_site, "modules/module-first.md"))


def test_a_session_page_navigation_holds_each_edition_the_latest_first(editions_site: Path):
    """Each edition is a section of the Programme tab; a session page opens its own."""
    cur = load(editions_site.parent)
    page = f"programme/{SECOND}/sessions/2023-01-03-first-again.md"
    programme = [
        (path[1:], target)
        for path, target in nav_entries(BuiltSite(editions_site, cur), page)
        if path[:1] == ("Programme",)
    ]
    assert programme == [
        ((), "programme/index.md"),
        (("Third Fixture Run",), f"programme/{THIRD}/index.md"),
        (("Third Fixture Run",), f"programme/{THIRD}/at-a-glance.md"),
        ((SECOND_TITLE,), f"programme/{SECOND}/index.md"),
        ((SECOND_TITLE, "Sessions"), f"programme/{SECOND}/sessions/2022-12-30-first-again.md"),
        ((SECOND_TITLE, "Sessions"), page),
        (("Fixture Training Programme",), E + "index.md"),
        (("Fixture Training Programme",), E + "at-a-glance.md"),
    ]


def test_a_planned_modules_page_is_built_outside_the_menu_and_search(workspace):
    """CONTRIBUTING, "Add a module": a planned module's page may be written ahead. It builds
    strictly, but participants meet it neither in the menu nor in search until it is published."""
    workspace.write(
        "docs/modules/module-planned.md",
        "---\nmodule: module-planned\n---\n# {{ curriculum.modules['module-planned'].title }}"
        "\n\nWritten ahead.\n",
    )
    result = workspace.build()
    assert result.code == 0, str(result)
    site = result.site_dir
    assert "Written ahead." in text(content(site, "modules/module-planned.md"))
    # its title, written as a macro, is rendered for <title> too (outside the menu's titles)
    assert text(soup(site, "modules/module-planned.md").title).startswith("A planned module - ")
    menu = soup(site, "modules/index.md").select_one("nav.md-nav--primary")
    assert menu.find("a", href=re.compile("module-planned")) is None
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    assert not [d for d in index["docs"] if d["location"].startswith("modules/module-planned")]
