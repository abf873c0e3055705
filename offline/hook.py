"""MkDocs hook (mkdocs.yml `hooks:`) for the offline copy of the site.

- Registers the macro `offline_download()`: the link to the offline copy's ZIP on the Downloads
  page (relative on the site; in the offline copy itself, to the published site's ZIP).
- When Material's offline plugin is on (OFFLINE_COPY=true, as `python -m offline.build` sets
  it): the plugin adds the iframe-worker shim (search from file://) from unpkg.com; nothing may
  be fetched at page-load time, so the shim is served from the copy itself (vendored from npm,
  iframe-worker 1.0.4, MIT, in offline/iframe-worker/).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from jinja2 import Environment, FileSystemLoader  # noqa: E402
from markupsafe import Markup  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.utils import get_relative_url  # noqa: E402

from offline import ZIP_NAME  # noqa: E402

HERE = Path(__file__).resolve().parent
SHIM = "assets/javascripts/iframe-worker-shim.js"  # in the built copy
TEMPLATES = Environment(loader=FileSystemLoader(HERE), autoescape=True, trim_blocks=True)
STATE: dict = {"offline": False, "macros": None, "site_url": ""}


def _offline_on(config) -> bool:
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin and plugin.config.enabled)


@event_priority(-100)  # after the offline plugin's on_config
def on_config(config):
    STATE["offline"] = _offline_on(config)
    STATE["site_url"] = config.site_url or ""
    STATE["macros"] = config.plugins.get("macros")
    if STATE["macros"] is not None:
        STATE["macros"].register_macros({"offline_download": offline_download})
    if STATE["offline"]:
        polyfills = config.extra.get("polyfills", [])
        config.extra["polyfills"] = [SHIM if "iframe-worker" in p else p for p in polyfills]
    return config


def on_post_build(config):
    if STATE["offline"]:
        target = Path(config.site_dir) / SHIM
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(HERE / "iframe-worker" / "shim.js", target)
        shutil.copyfile(
            HERE / "iframe-worker" / "LICENSE", target.with_name("iframe-worker-LICENSE.txt")
        )


def offline_download() -> Markup:
    """The Downloads page's link to the offline copy (a ZIP of the whole site)."""
    if STATE["offline"]:  # the copy does not hold itself: point at the published one
        href = STATE["site_url"].rstrip("/") + "/" + ZIP_NAME
    else:
        href = get_relative_url(ZIP_NAME, STATE["macros"].page.url)
    return Markup(
        TEMPLATES.get_template("download.html").render(
            href=href, name=ZIP_NAME, inside=STATE["offline"]
        )
    )
