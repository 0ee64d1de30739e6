"""Curly-quoted phrases: scare quotes become ``soCalled``, words named as words ``mentioned``, real quotations ``q``.

The editorial file says which is which::

    [quotes]
    so_called = ["teacher", "teachers", "president", "comrade", "expert"]
    mentioned = ["basically"]

Without lists, a quoted single word is taken for a scare quote and a longer phrase for a quotation.
The quotation marks stay inside the element, as received (typography is never changed).
"""

from __future__ import annotations

import re

from ..errors import ConfigError
from .textnodes import DATE_TAGS, MEASURE_TAGS, NAME_TAGS, containers, make, plain_text, slots, wrap

_QUOTED = re.compile(r"“(?P<inner>[^“”\n]{1,400})”")
_BLOCKED = frozenset(NAME_TAGS | DATE_TAGS | MEASURE_TAGS | {"choice", "q", "quote", "soCalled", "mentioned"})


def _key(text: str) -> str:
    return text.strip().strip(".,;:!?…").strip().casefold()


def tag_quotes(root, editorial: dict, *, editorial_path: str | None = None) -> list[dict]:
    settings = editorial.get("quotes", {})
    if not isinstance(settings, dict):
        raise ConfigError("[quotes] must be a table", path=editorial_path)
    lists = {}
    for key in ("so_called", "mentioned"):
        value = settings.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"[quotes] {key} must be a list of strings", path=editorial_path)
        lists[key] = {_key(v) for v in value}
    explicit = bool(lists["so_called"] or lists["mentioned"])
    counts = {"soCalled": 0, "mentioned": 0, "q": 0}
    for container in containers(root):
        if "“" not in plain_text(container):
            continue
        for slot in list(slots(container, _BLOCKED)):
            spans = []
            for match in _QUOTED.finditer(slot.value):
                key = _key(match.group("inner"))
                if key in lists["so_called"]:
                    name = "soCalled"
                elif key in lists["mentioned"]:
                    name = "mentioned"
                elif not explicit and len(key.split()) == 1:
                    name = "soCalled"
                else:
                    name = "q"
                counts[name] += 1
                spans.append((match.start(), match.end(), make(name)))
            wrap(slot, spans)
    return [{"kind": "quotes", "line": None,
             "message": f"{counts['soCalled']} soCalled, {counts['mentioned']} mentioned, {counts['q']} q"}]
