"""Turn what people really type in a spreadsheet into the import format: phone numbers, opening hours, websites,
yes/no and lists. Pure: each function returns the normalised value, or raises `UnreadableError` with a message for
staff.
"""

import re
import unicodedata
from datetime import time

from django.utils.translation import gettext as _

from lib.text import fold

from . import checks

DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
# Folded (lower case, no accents) day names and abbreviations in French and English.
_DAY_NAMES = {
    "MO": ("lundi", "lun", "lu", "monday", "mon", "mo"),
    "TU": ("mardi", "mar", "ma", "tuesday", "tue", "tues", "tu"),
    "WE": ("mercredi", "mer", "me", "wednesday", "wed", "we"),
    "TH": ("jeudi", "jeu", "je", "thursday", "thu", "thur", "thurs", "th"),
    "FR": ("vendredi", "ven", "ve", "friday", "fri", "fr"),
    "SA": ("samedi", "sam", "sa", "saturday", "sat"),
    "SU": ("dimanche", "dim", "di", "sunday", "sun", "su"),
}
_DAY = {name: code for code, names in _DAY_NAMES.items() for name in names}
_DAY_WORD = "|".join(sorted(_DAY, key=len, reverse=True))
# 8h30, 8 h 30, 8h, 08:30, 8.30, 8:30 am, 5 pm, 17 h
_TIME = r"\d{1,2}(?:\s*(?:h|:|\.)\s*(?:\d{2})?)?(?:\s*(?:am|pm|a\.m\.|p\.m\.))?"
_RANGE_SEP = r"\s*(?:-|–|—|\ba\b|\bau\b|\bto\b|\buntil\b|\btill\b)\s*"
_TIME_RANGE = re.compile(rf"(?P<opens>{_TIME}){_RANGE_SEP}(?P<closes>{_TIME})")
_DAY_RANGE = re.compile(rf"^(?P<first>{_DAY_WORD})\.?{_RANGE_SEP}(?P<last>{_DAY_WORD})\.?$")
_DAY_LIST_SEP = re.compile(r"\s*(?:,|/|&|\bet\b|\band\b)\s*")
_SEGMENT_SEP = re.compile(r"\s*(?:;|\n|\|)\s*")
_CLOSED = re.compile(r"\b(?:ferme|closed)\b")
_YES = {"oui", "o", "yes", "y", "vrai", "true", "1", "x"}
_NO = {"non", "n", "no", "faux", "false", "0", ""}
_LIST_SEP = re.compile(r"\s*[,;\n|]\s*")
_LOOSE_URL = re.compile(
    r"^(?:www\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+(?:[/?#].*)?$"
)
_EXTENSION = re.compile(r"\s*(?:#|x|ext\.?|poste|p\.)\s*(\d{1,6})\s*$", re.IGNORECASE)


class UnreadableError(ValueError):
    """A cell that cannot be read; the message (in the active language) says what was expected."""


def phone(value: str) -> tuple[str, str]:
    """ "418 555-0123 poste 12", "(418) 555.0123", "1-418-555-0123 #12" -> ("+14185550123", "12")."""
    text = value.strip()
    extension = ""
    match = _EXTENSION.search(text)
    if match:
        extension, text = match.group(1), text[: match.start()]
    number = checks.phone_normalise(text)
    if number is None:
        raise UnreadableError(
            _("“%(value)s” is not a North American phone number (e.g. 418 555-0123, poste 12)")
            % {"value": checks.shorten(value)}
        )
    return number, extension


def website(value: str) -> str:
    """ "www.exemple.org", "exemple.org/emploi", "HTTP://Exemple.org" -> an http(s) address."""
    text = value.strip()
    if not text:
        return ""
    if "://" not in text:
        if not _LOOSE_URL.match(text.lower()):
            raise UnreadableError(_("“%(value)s” is not a web address") % {"value": checks.shorten(value)})
        text = "https://" + text
    scheme, rest = text.split("://", 1)
    text = f"{scheme.lower()}://{rest}"
    if not checks.is_valid_url(text):
        raise UnreadableError(_("“%(value)s” is not a web address") % {"value": checks.shorten(value)})
    return text


def yes_no(value: str) -> bool:
    folded = fold(value.strip())
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    raise UnreadableError(_("“%(value)s” is neither yes nor no (oui / non)") % {"value": checks.shorten(value)})


def items(value: str) -> list[str]:
    """ "jeunes, immigrants; femmes" -> ["jeunes", "immigrants", "femmes"] (empty cells give [])."""
    return [item for item in _LIST_SEP.split(value.strip()) if item]


def _plain(text: str) -> str:
    """Lower case without accents, punctuation kept ("Lundi à 9 h" -> "lundi a 9 h")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _time(text: str) -> time | None:
    folded = text.replace(" ", "").replace(".", ":").lower().replace("a:m:", "am").replace("p:m:", "pm")
    suffix = ""
    if folded.endswith(("am", "pm")):
        folded, suffix = folded[:-2], folded[-2:]
    hours, _sep, minutes = folded.replace("h", ":").partition(":")
    try:
        hour, minute = int(hours), int(minutes or 0)
    except ValueError:
        return None
    if suffix:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour == 24 and minute == 0:
        hour, minute = 23, 59
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return time(hour, minute)


def _days(text: str) -> list[str] | None:
    """ "lun-ven" -> MO..FR; "lun, mer et ven" -> [MO, WE, FR]; "" -> Monday to Friday; None when unreadable."""
    text = text.strip(" :,.")
    if not text:
        return DAYS[:5]
    match = _DAY_RANGE.match(text)
    if match:
        first, last = DAYS.index(_DAY[match["first"]]), DAYS.index(_DAY[match["last"]])
        return DAYS[first : last + 1] if first <= last else None
    days = []
    for part in _DAY_LIST_SEP.split(text):
        code = _DAY.get(part.strip(" ."))
        if code is None:
            sub = _DAY_RANGE.match(part.strip())
            if not sub:
                return None
            days.extend(_days(part) or [])
            continue
        days.append(code)
    return days or None


def hours(value: str) -> list[dict[str, str]]:
    """Opening hours as people write them, as import-format schedules.

    "lun-ven 8h30-16h30", "9:00–17:00" (no day: Monday to Friday), "lun-jeu 8h30-12h, 13h-16h30; ven 8h30-12h",
    "Mon-Fri 9am-5pm", "sam fermé". Returns [{"byday": "MO,TU", "opens_at": "08:30", "closes_at": "16:30"}, …].
    """
    text = re.sub(r"\bde\b|\bfrom\b", " ", _plain(value.strip()))
    text = re.sub(r"[ \t]+", " ", text)
    if not text:
        return []
    schedules: list[dict[str, str]] = []
    for segment in _SEGMENT_SEP.split(text):
        if not segment:
            continue
        ranges = list(_TIME_RANGE.finditer(segment))
        if not ranges:
            if _CLOSED.search(segment) and _days(_CLOSED.sub("", segment)) is not None:
                continue  # "dim fermé": nothing to add
            raise _hours_error(value)
        days = _days(segment[: ranges[0].start()])
        leftover = _TIME_RANGE.sub(" ", segment[ranges[0].start() :]).strip(" ,et&and")
        if days is None or leftover:
            raise _hours_error(value)
        for found in ranges:
            opens, closes = _time(found["opens"]), _time(found["closes"])
            if opens is None or closes is None:
                raise _hours_error(value)
            if closes <= opens:
                raise UnreadableError(
                    _("in “%(value)s”, %(closes)s is not after %(opens)s")
                    % {"value": checks.shorten(value), "opens": f"{opens:%H:%M}", "closes": f"{closes:%H:%M}"}
                )
            schedules.append({"byday": ",".join(days), "opens_at": f"{opens:%H:%M}", "closes_at": f"{closes:%H:%M}"})
    return schedules


def _hours_error(value: str) -> UnreadableError:
    return UnreadableError(
        _(
            "cannot read the hours “%(value)s” (write e.g. “lun-ven 8h30-16h30” or "
            "“lun-jeu 9h-12h, 13h-16h; ven 9h-12h”)"
        )
        % {"value": checks.shorten(value)}
    )
