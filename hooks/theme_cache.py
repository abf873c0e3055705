"""MkDocs hook: Material's templates compiled once and kept in .cache/jinja/, and compiled on
another core on a first build (macros/theme_cache.py).

- on_config: reads the kept templates; if there are none for this setup, a forked child compiles
  the theme's templates while MkDocs lists the files and converts the pages.
- on_env (after every other on_env, when the theme's environment is final): the environment
  gets the cache, with what the child compiled.
- on_post_build: writes the cache (macros.template_cache.save_caches, which the macros also
  call: whichever runs first writes it).

Self-contained, so that the benchmark's plain Material reference can use it too.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mkdocs.plugins import event_priority  # noqa: E402

from macros import theme_cache  # noqa: E402
from macros.template_cache import save_caches  # noqa: E402


def on_config(config):
    theme_cache.start(config)
    return config


@event_priority(-100)  # after every other on_env: the environment the pages are rendered with
def on_env(env, config, files):
    return theme_cache.attach(env, config)


def on_post_build(config):
    save_caches()
