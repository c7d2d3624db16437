"""Pages kept with holes: a template rendered once per shape, then only the request's own values written in.

A page-cache miss on the results page used to render its whole template: the layout, the headings, the search
summary, the guides, the map section, about 3.4 ms of the 6 ms a miss cost. Most of that output is the same for
every search of the same *shape* (language, data version, which branches the template takes); what a search changes
is a handful of values: the place, the radius, the counts, the links, the cards.

``render_shelled(request, template, context, holes, shape)`` renders ``template`` once per (language, data version,
template, shape) with each hole replaced by a marker, splits the output at the markers, and keeps the pieces
(speed/fragments.py: same store, same data version, so an edit retires them at once on every server). Every later
request of that shape joins the pieces with its own values, escaped exactly as ``{{ value }}`` would be (values marked
safe are written as they are). Numbers stay numbers while the shell is rendered (plural forms are chosen with the
real count; the shape says which plural form), only their text is a marker.

The holes must carry everything a request changes within a shape; the shape everything a branch of the template
depends on. Two checks keep a mistake from reaching anyone:

- when a shell is made, the page is also rendered in full and the two must be identical, or the shape is marked
  "always render in full" (kept as None);
- the first time a shell serves another request, that request's page is rendered in full too and compared: a value
  the holes missed (anything read from the request that a test did not catch) differs between two requests, and the
  shell is dropped for good under this data version (logged as an error).

Only requests that the page cache could store are shelled (no session, no user, no flash message, no CSRF token):
what such a page shows depends on the URL, the language, the data version and the time, nothing else.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import threading
from collections.abc import Callable, Mapping

from django.core.signals import setting_changed
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from .fragments import fragments, version_for

logger = logging.getLogger(__name__)

_TOKEN = secrets.token_hex(8)  # per process: no page content can contain a marker by chance
_OPEN, _CLOSE = f"\ue000{_TOKEN}:", "\ue001"


def _marker(name: str) -> str:
    return f"{_OPEN}{name}{_CLOSE}"


class _IntMarker(int):
    """A number that chooses plural forms by its value and prints as its marker."""

    marker: str

    def __new__(cls, value: int, marker: str):
        made = super().__new__(cls, value)
        made.marker = marker
        return made

    def __str__(self) -> str:
        return self.marker

    __html__ = __str__


def _markers(holes: Mapping[str, object]) -> dict[str, object]:
    marked: dict[str, object] = {}
    for name, value in holes.items():
        marker = _marker(name)
        if value is None or value == "":
            marked[name] = value  # an empty value is part of the shape (a branch not taken), not a hole
        elif isinstance(value, int) and not isinstance(value, bool):
            marked[name] = _IntMarker(value, marker)
        else:
            marked[name] = SafeString(marker) if isinstance(value, SafeString) else marker
    return marked


def split(text: str) -> tuple[str, ...] | None:
    """("static", "hole name", "static", …, "static") of a marked page; None if a marker came out mangled."""
    pieces = text.split(_OPEN)
    parts = [pieces[0]]
    for piece in pieces[1:]:
        name, closed, rest = piece.partition(_CLOSE)
        if not closed:
            return None
        parts.extend((name, rest))
    if any(_CLOSE in part for part in parts[::2]):
        return None
    return tuple(parts)


def fill(parts: tuple[str, ...], holes: Mapping[str, object]) -> str:
    out = [parts[0]]
    for index in range(1, len(parts), 2):
        out.append(str(conditional_escape(holes[parts[index]])))
        out.append(parts[index + 1])
    return "".join(out)


MAX_CHECKED = 10_000
_verified: set[tuple] = set()  # (version, key) of the shells already compared with a second request
_dropped: set[tuple] = set()
_lock = threading.Lock()


def _clear(**_kwargs) -> None:
    with _lock:
        _verified.clear()
        _dropped.clear()


setting_changed.connect(_clear)


def render_shelled(
    request,
    template_name: str,
    context: dict,
    holes: Mapping[str, object],
    shape: tuple,
    *,
    build: Callable[[object, Mapping[str, object]], dict] | None = None,
    with_request: bool = True,
) -> str:
    """The page ``template_name`` renders with ``context`` and ``holes`` (which the template prints as variables),
    from the pieces kept for ``shape`` when there are some; see the module's docstring. ``build(request, values)``
    makes the context entries that hold holes deeper than the top level (a list of links), from the holes' values
    or from their markers. ``with_request=False`` renders without the request's context processors (a fragment
    that reads nothing of the request, such as a result card); the request still gives the data version."""
    rendering_request = request if with_request else None

    def context_with(values: Mapping[str, object]) -> dict:
        return {**context, **values, **(build(request, values) if build else {})}

    def in_full() -> str:  # the context (the layout's links and preview built) only when a render happens
        return render_to_string(template_name, context_with(holes), rendering_request)

    token = version_for(request)
    if token is None:
        return in_full()
    language = get_language() or "fr"
    key = template_name + "|" + hashlib.blake2b(repr(shape).encode(), digest_size=10).hexdigest()
    rendered: dict[str, str] = {}

    def make(_keys: list[str]) -> dict[str, tuple[str, ...] | None]:
        marked = render_to_string(template_name, context_with(_markers(holes)), rendering_request)
        parts = split(marked)
        rendered["page"] = in_full()
        if parts is None or set(parts[1::2]) - set(holes) or fill(parts, holes) != rendered["page"]:
            logger.warning("page shell not kept for %s: the marked and full renders differ", key)
            return {key: None}
        return {key: parts}

    parts = fragments(request, "page-shell", language, [key], make)[key]
    if "page" in rendered:
        return rendered["page"]
    if parts is None:
        return in_full()
    page = fill(parts, holes)
    checked = (token, language, key)
    if checked not in _verified:
        expected = in_full()
        with _lock:
            if len(_verified) > MAX_CHECKED:  # entries of retired data versions: checking again is only a render
                _verified.clear()
                _dropped.clear()
            _verified.add(checked)
            if expected != page:
                _dropped.add(checked)
                logger.error("page shell dropped for %s: it differs from the full render of another request", key)
        if expected != page:
            return expected
    elif checked in _dropped:
        return in_full()
    return page
