"""CMS families: one small module each, found by name.

Adding a family is adding a module in this package that defines ``FAMILY``;
nothing else needs to change. ``generic`` is the fallback for unknown markup.
"""

from __future__ import annotations

import importlib
import pkgutil

from crawler.cms.base import Family

_SKIP = {"base", "engine", "detect"}


def _load() -> dict[str, Family]:
    found: dict[str, Family] = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name in _SKIP or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        family = getattr(module, "FAMILY", None)
        if isinstance(family, Family):
            found[family.name] = family
    return found


FAMILIES: dict[str, Family] = _load()
# "auto" in a registry entry: detect the family from each page.
AUTO = "auto"


def get_family(name: str) -> Family:
    """The family called ``name``; ``auto`` and unknown names raise KeyError."""
    if name == AUTO:
        raise KeyError("'auto' is resolved per page by crawler.cms.detect")
    try:
        return FAMILIES[name]
    except KeyError:
        raise KeyError(
            f"unknown CMS family {name!r}; known: {', '.join(sorted(FAMILIES))}"
        ) from None
