"""``-s NAME=VALUE`` checked before a crawl starts: a typo is a usage error, not a traceback.

Scrapy reads a setting's type only when a component asks for it (``getfloat``), deep
inside the started crawl; ``-s DOWNLOAD_DELAY=abc`` then ended in a traceback and
exit 0. Here a value for a setting whose default is a number or a boolean must read as
one, and is passed on as that number or boolean.
"""

from __future__ import annotations

from typing import Any

from crawler import settings as ours

_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


def _defaults() -> dict[str, Any]:
    from scrapy.settings import default_settings

    values = {k: v for k, v in vars(default_settings).items() if k.isupper()}
    values.update({k: v for k, v in vars(ours).items() if k.isupper()})
    return values


def typed_override(name: str, value: str) -> Any:
    """``value`` as the type of ``name``'s default; ValueError with a readable reason."""
    default = _defaults().get(name)
    if isinstance(default, bool):
        if value.strip().lower() in _TRUE:
            return True
        if value.strip().lower() in _FALSE:
            return False
        raise ValueError(f"-s {name}={value!r}: {name} takes true or false")
    if isinstance(default, int | float):
        try:
            number = float(value)
        except ValueError:
            raise ValueError(f"-s {name}={value!r}: {name} takes a number") from None
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueError(f"-s {name}={value!r}: {name} takes a finite number")
        return int(number) if number.is_integer() and "." not in value else number
    return value
