"""MkDocs hook: the build's long-lived objects are left out of the garbage collector's walks.

Once the configuration is loaded, the site's files listed and the curriculum loaded (on_files,
hooks/curriculum.py), nearly everything alive stays alive until the build ends: the imported
modules, the theme, the list of files, the validated data. CPython's cyclic
collector would still walk all of them in each full collection it runs while the pages build.
`gc.freeze()` moves them to a generation the collector ignores; what the build creates after
that is collected as before. On this site it saves about a tenth of a build
(BENCHMARKS.md, "Where the time goes").

`mkdocs serve` rebuilds in the same process: each rebuild first returns the previous build's
objects to the collector and collects, so what that build left behind is freed, not kept frozen.
"""

from __future__ import annotations

import gc

from mkdocs.plugins import event_priority


@event_priority(-100)  # after every other on_files (hooks/curriculum.py loads the data there)
def on_files(files, config):
    if gc.get_freeze_count():  # a rebuild of `mkdocs serve`: free the previous build's garbage
        gc.unfreeze()
        gc.collect()
    gc.freeze()
    return files
