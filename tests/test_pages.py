"""The pages the macros make (macros/pages.py, macros/templates/), on the fixture's site.

The fixture (tests/fixtures/curriculum/) never changes with the real curriculum: its dates,
times, titles and names are asserted as literals. Text is compared as a reader sees it
(`shown`: whitespace collapsed, no space added between inline elements).
"""

from __future__ import annotations

from pathlib import Path

from bs4 import Tag
from conftest import content, soup
from markupsafe import Markup

from macros.render import abbreviations

S = "programme/sessions/"
OPENING = S + "2021-03-22-opening.md"
FIRST_1 = S + "2021-03-24-first-topic-1.md"
SMART_1 = S + "2021-03-26-second-topic-1.md"
FIRST_2 = S + "2021-03-29-first-topic-2.md"
BETWEEN = S + "2021-04-01-between.md"
SMART_2 = S + "2021-04-10-second-topic-2.md"
HOSTILE = "Smart <script>alert(1)</script> & *Cities* {{ not_a_macro }} | pipes"
SMART = "Module 2: Smart & <Cities> *with* markup"
BETA = "Beta <Network> & Co"
ZONE = "Europe/Rome; the source does not state the time zone"


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
        "../../../case-studies/case-twice/",
    )
    assert shown(rows[3].select_one("p.ct-note")) == "A note on the item, with the term S3."


def test_presenters_link_to_their_organisation(fixture_site: Path):
    row = agenda(fixture_site, OPENING).select("tbody tr")[1]
    links = row.find_all("td")[3].find_all("a")
    assert [(shown(a), a["href"]) for a in links] == [
        ("Alpha Cluster", "../../../organisations/#alpha"),
        (BETA, "../../../organisations/#beta"),
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
        "Date": "Wednesday 24 March 2021 (year inferred)",
        "Time": "9:30–13:30 CET",
        "Where": "Online",
        "Session": "2 of 6 in the Fixture Training Programme",
        "Programme label": "Part A: The first topic, part 1",
        "Thematic module": "Module 1: The first topic (session 1 of 2)",
        "Expert": "Gamma Experts",
    }
    dl = content(fixture_site, FIRST_1).select_one("dl.ct-facts")
    assert [a["href"] for a in dl.find_all("a")] == [
        "../../../calendar/2021-03-24-first-topic-1.ics",
        "../../../modules/module-first/",
        "../../../organisations/#gamma",
    ]
    assert dl.find("time")["datetime"] == "2021-03-24"
    assert dl.select_one("dd.ct-time abbr")["title"] == ZONE


def test_session_facts_without_module_expert_or_label(fixture_site: Path):
    got = facts(fixture_site, OPENING)
    assert got["Thematic module"] == (
        "None: this session belongs to the programme, not to a thematic module"
    )
    assert "Expert" not in got
    assert got["Programme label"] == "Opening: Opening of the fixture programme"
    smart = facts(fixture_site, SMART_2)
    assert "Programme label" not in smart and "Expert" not in smart
    assert smart["Date"] == "Saturday 10 April 2021 (year inferred)"
    assert smart["Time"] == "9:00–11:00 CEST"
    assert smart["Session"] == "6 of 6 in the Fixture Training Programme"
    assert smart["Thematic module"] == f"{SMART} (session 2 of 2)"


def test_headings_come_from_data(fixture_site: Path, fixture_cur):
    for kind, pages in fixture_cur.pages.items():
        for item_id, docs_path in pages.items():
            item = getattr(fixture_cur, kind)[item_id]
            title = f"Module {item.number}: {item.title}" if kind == "modules" else item.title
            assert shown(content(fixture_site, docs_path).h1) == title


# ----------------------------------------------------------------------------- lists


def test_programme_overview(fixture_site: Path):
    table = content(fixture_site, "programme/fixture-2021/index.md").select_one(".ct-overview table")
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
    modules = [tr.find_all("td")[4].find("a") for tr in table.select("tbody tr")]
    assert [a["href"] if a else None for a in modules] == [
        None, "../modules/module-first/", "../modules/module-smart/",
        "../modules/module-first/", None, "../modules/module-smart/",
    ]  # fmt: skip


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
    assert shown(calendar) == "The module's 2 sessions in your calendar: Download .ics · Subscribe"
    assert calendar.a["href"] == "../../calendar/module-first.ics"
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
    assert " ".join(items[0].get_text().split()) == (
        "The whole programme (6 sessions): Download .ics · Subscribe"
    )


def test_modules_index(fixture_site: Path):
    cards = content(fixture_site, "modules/index.md").select(".ct-modules li")
    assert [shown(li) for li in cards] == [
        "Module 1 Published The first topic The first published module. 2 sessions",
        f"Module 2 Published {SMART.removeprefix('Module 2: ')} The second published module, "
        "with a title that must be escaped. 2 sessions",
        "Module 3 Not yet published A planned module Named by the fixture, with no material.",
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
    dl = content(fixture_site, "glossary.md").select_one("dl.ct-glossary")
    terms = [(dt["id"], shown(dt), shown(dt.find_next_sibling("dd"))) for dt in dl.find_all("dt")]
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
    assert "Around 12 clusters from 3 countries took part:" in shown(about)
    assert [shown(li) for li in about.select("ul.ct-countries li")] == [
        "Ireland",
        "Italy",
        "Ukraine",
    ]


def test_at_a_glance_places_each_session_on_its_day(fixture_site: Path):
    glance = content(fixture_site, "programme/fixture-2021/at-a-glance.md")
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
        "programme/fixture-2021/index.md",
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
    opening = agenda(fixture_site, "programme/fixture-2021/sessions/2021-03-22-opening.md")
    assert shown(opening.select("thead th")[-1]) == "Presented by"
    assert cells(opening.select("tbody tr")[3])[-1] == "—"
