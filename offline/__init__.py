"""The offline copy: the site built with Material's offline plugin, zipped (see build.py)."""

ZIP_NAME = "curriculum-offline.zip"  # at the root of the published site
SWITCH = "OFFLINE_COPY"  # environment variable that turns the offline plugin on (mkdocs.yml)
