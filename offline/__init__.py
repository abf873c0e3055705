"""The offline copy: the site built with Material's offline plugin, zipped (see build.py)."""

from macros.schedule.urls import OFFLINE_ZIP as ZIP_NAME  # at the root of the published site

SWITCH = "OFFLINE_COPY"  # environment variable that turns the offline plugin on (mkdocs.yml)

__all__ = ["SWITCH", "ZIP_NAME"]
