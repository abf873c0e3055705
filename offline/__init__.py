"""The offline copy: the site built with Material's offline plugin, zipped (see build.py)."""
