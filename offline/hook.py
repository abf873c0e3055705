"""MkDocs hook for the offline copy of the site (`make offline`, offline/build.py).

When Material's offline plugin is on (OFFLINE_COPY=true), the plugin adds the iframe-worker shim
(search from file://) from unpkg.com; nothing may be fetched at page-load time, so the shim is
served from the copy itself (vendored from npm, iframe-worker 1.0.4, MIT, in
offline/iframe-worker/).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from mkdocs.plugins import event_priority

VENDORED = Path(__file__).resolve().parent / "iframe-worker"
SHIM = "assets/javascripts/iframe-worker-shim.js"  # in the built copy


def _offline_on(config) -> bool:
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin and plugin.config.enabled)


@event_priority(-100)  # after the offline plugin's on_config
def on_config(config):
    if _offline_on(config):
        polyfills = config.extra.get("polyfills", [])
        config.extra["polyfills"] = [SHIM if "iframe-worker" in p else p for p in polyfills]
    return config


def on_post_build(config):
    if _offline_on(config):
        target = Path(config.site_dir) / SHIM
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(VENDORED / "shim.js", target)
        shutil.copyfile(VENDORED / "LICENSE", target.with_name("iframe-worker-LICENSE.txt"))
