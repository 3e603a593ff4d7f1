"""``tuyengiao browse``: Datasette over the SQLite store, configured, not programmed.

``metadata.json`` holds the configuration (full-text search on the ``articles_browse``
view with facets by province, site and year, a ranked ``search`` canned query, an
article page); ``plugins/vn_search.py`` gives SQLite the same word folding and query
syntax as ``tuyengiao search``; ``templates/row.html`` renders an article as a page.
Datasette names a database after its file, so the metadata is written per store.
"""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any


def metadata_for(database: str) -> dict[str, Any]:
    """The packaged metadata with its database entry renamed to ``database``."""
    data = json.loads(files(__package__).joinpath("metadata.json").read_text(encoding="utf-8"))
    data["databases"] = {database: data["databases"].pop("corpus")}
    return data
