"""A page's `{{ … }}` rendered with mistakes reported like data mistakes.

mkdocs-macros renders each page with its Jinja environment. A mistake there (a misspelt macro or
variable, a wrong argument, an unclosed brace) would come out as the plugin's Markdown error
report and a Python traceback, without the line. Here the page is rendered before the plugin
does it (its `on_pre_page_macros` step, with the same environment and variables), and a mistake
stops the build with one message:

    docs/programme/index.md:15: 'agendaa' is not a macro or variable pages can use
        How to fix: did you mean 'agenda'? …

The page is then marked `render_macros: false` for the plugin, which leaves the rendered text as
it is. CURRICULUM_DEBUG=1 adds the Python traceback under the message.
"""

from __future__ import annotations

import re
import traceback
from pathlib import Path
from typing import Any

from jinja2 import TemplateSyntaxError, UndefinedError
from mkdocs.exceptions import PluginError

from .errors import PageError, did_you_mean
from .pages_meta import front_matter
from .render import finalize
from .settings import debug

GUIDE = "see 'Macros pages can use' in CONTRIBUTING.md"
UNDEFINED = re.compile(r"^'([^']+)' is undefined$")
UNCLOSED = re.compile(r"innermost block that needs to be closed is '(\w+)'")
ARGUMENTS = re.compile(
    r"PageMacros\.(\w+)\(\) takes (\d+) positional arguments? but (\d+) (?:was|were)"
)
NO_MEMBER = re.compile(r"has no (?:attribute|element) '([^']+)'$")


def render_page(env) -> None:
    """Render the page being built (mkdocs-macros `env`), or raise a PluginError that says
    where and what is wrong."""
    page = env.page
    if page.meta.get("render_macros") is False:
        return
    env.env.finalize = finalize
    markdown = env.markdown
    context = {**env.variables, **page.meta}
    try:
        env.markdown = env.env.from_string(markdown).render(**context)
        first = next((line.strip() for line in markdown.splitlines() if line.strip()), "")
        if first == f"# {page.title}" and "{{" in page.title:
            # a heading the page writes as a macro (`# {{ edition.title }}`), not a menu title
            # from data: its text, as is, for <title> and the menu
            plain = env.env.overlay(finalize=None)
            page.title = plain.from_string(page.title).render(**context)
    except Exception as err:
        raise page_error(env, err, markdown, context) from (err if debug() else None)
    page.meta["render_macros"] = False  # rendered: the plugin leaves the text as it is


def page_error(env, err: Exception, markdown: str, context: dict) -> PluginError:
    line = _template_line(err, markdown)
    text = markdown.splitlines()[line - 1] if 0 < line <= len(markdown.splitlines()) else ""
    what, fix = explain(err, text, env, context)
    rel = f"{docs_folder(env.conf)}/{env.page.file.src_path}"
    where = f"{rel}:{line + _body_offset(env)}" if line else rel
    message = f"{where}: {what}\n    How to fix: {fix}"
    if debug():
        message += "\n" + "".join(traceback.format_exception(err))
    return PluginError(message)


def docs_folder(config) -> str:
    """docs_dir as the editor sees it: relative to mkdocs.yml ("docs")."""
    root = Path(config.config_file_path).resolve().parent
    return Path(config.docs_dir).resolve().relative_to(root).as_posix()


def _template_line(err: Exception, markdown: str) -> int:
    """The line of the page's Markdown where the mistake is (0 when unknown). A block left open
    is reported where it opens, not at the end of the page where Jinja notices it."""
    if isinstance(err, TemplateSyntaxError):
        block = UNCLOSED.search(err.message or "")
        if block:
            opening = re.compile(r"\{%-?\s*" + block.group(1) + r"\b")
            opened = [n for n, text in enumerate(markdown.splitlines(), 1) if opening.search(text)]
            return opened[-1] if opened else err.lineno or 0
        return err.lineno or 0
    frames = [f for f in traceback.extract_tb(err.__traceback__) if f.filename == "<template>"]
    return frames[-1].lineno if frames else 0


def _body_offset(env) -> int:
    """Lines before the Markdown body in the page's file: its front matter."""
    try:
        text = env.page.file.content_string
        _, lines = front_matter(text.removeprefix("\ufeff"), env.page.file.src_path)
    except Exception:
        return 0
    return lines


def explain(err: Exception, line: str, env, context: dict) -> tuple[str, str]:
    """(what is wrong, how to fix it) in an editor's words."""
    if isinstance(err, PageError):
        return err.what, err.fix
    if isinstance(err, TemplateSyntaxError):
        return _syntax(err, env)
    if isinstance(err, UndefinedError):
        return _undefined(str(err), line, env, context)
    if isinstance(err, TypeError) and "argument" in str(err):
        return _arguments(str(err))
    return (
        f"the macro or expression on this line failed: {err}",
        f"check the names and ids on this line; {GUIDE}",
    )


def _arguments(message: str) -> tuple[str, str]:
    counts = ARGUMENTS.search(message)
    if counts:  # the macros are methods: Python counts `self` among the arguments
        name, takes, given = counts.group(1), int(counts.group(2)) - 1, int(counts.group(3)) - 1
        what = f"{name}() takes {takes or 'no'} argument{'s' if takes != 1 else ''}"
        fix = f"write the call as {GUIDE.removeprefix('see ')} shows it"
        return f"{what}, and the page gives it {given}", fix
    message = message.replace("PageMacros.", "")
    return f"a macro on this line is called with the wrong arguments ({message})", (
        f"compare the call with the list of macros and their arguments; {GUIDE}"
    )


def _syntax(err: TemplateSyntaxError, env) -> tuple[str, str]:
    filters = re.match(r"No filter named '([^']+)'", err.message or "")
    if filters:
        name = filters.group(1)
        return (
            f"'{name}' is not a filter pages can use",
            did_you_mean(name, env.env.filters) + f"remove '|{name}' or use a known filter",
        )
    block = UNCLOSED.search(err.message or "")
    if block:
        return (
            f"the {{% {block.group(1)} %}} that starts here is never closed",
            f"add {{% end{block.group(1)} %}} where it should end",
        )
    return (
        f"the {{{{ … }}}} or {{% … %}} on this line cannot be read: {err.message}",
        "close every '{{' with '}}' and every '{%' with '%}'; to show braces as text, "
        "write {{ '{{' }}",
    )


def _undefined(message: str, line: str, env, context: dict) -> tuple[str, str]:
    name = UNDEFINED.match(message)
    if name:
        known = [*context, *env.env.globals]
        return (
            f"'{name.group(1)}' is not a macro or variable pages can use",
            did_you_mean(name.group(1), known) + f"check the spelling; {GUIDE}",
        )
    member = NO_MEMBER.search(message)
    if member:
        owner, known = _owner(member.group(1), line, context)
        return (
            f"{owner or 'a value on this line'} has no '{member.group(1)}'",
            did_you_mean(member.group(1), known)
            + (f"it has: {', '.join(sorted(known)[:30])}" if known else GUIDE),
        )
    return message, GUIDE


def _owner(name: str, line: str, context: dict) -> tuple[str, list[str]]:
    """The dotted name on `line` that `name` was asked of (programme.last_datee ->
    'programme'), and the names it does have."""
    found = re.search(r"([A-Za-z_]\w*(?:\.\w+)*)\s*(?:\.\s*" + re.escape(name) + r"\b|\[)", line)
    if not found:
        return "", []
    value: Any = context.get(found.group(1).split(".")[0])
    for part in found.group(1).split(".")[1:]:
        value = getattr(value, part, None)
    if isinstance(value, dict):
        return f"'{found.group(1)}'", [str(k) for k in value]
    fields = getattr(type(value), "model_fields", None)
    names = list(fields) if fields else [n for n in dir(value) if not n.startswith("_")]
    return f"'{found.group(1)}'", names
