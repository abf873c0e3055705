"""The environment variables the build reads, each read here and nowhere else.

- SOURCE_DATE_EPOCH: the build's time (reproducible builds): PDF metadata, calendar stamps, the
  offline ZIP's file times. `make site` sets it to the last commit's time; unset, it is now.
- PDF_EXPORT: PDFs are built when it is 1 (mkdocs-pdf-export-plugin's own `enabled_if_env`
  reads it too; the Makefile sets it for `make site` and `make serve`).
- CURRICULUM_DEBUG: 1 shows the Python traceback under a page's error message.
(SITE_URL, REPO_URL and OFFLINE_COPY are read by mkdocs.yml itself.)
"""

from __future__ import annotations

import os
from datetime import UTC, datetime


def build_time() -> datetime:
    """SOURCE_DATE_EPOCH when set (whole seconds, UTC), else the current time."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now(UTC).replace(microsecond=0)


def pdf_export() -> bool:
    """The rule of the plugin's `enabled_if_env`: on when the variable is exactly 1."""
    return os.environ.get("PDF_EXPORT") == "1"


def debug() -> bool:
    value = os.environ.get("CURRICULUM_DEBUG", "").strip().lower()
    return value not in ("", "0", "false", "no", "off")
