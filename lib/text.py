"""Text helpers shared by several apps."""

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_SAINT = re.compile(r"\b(st|ste)\b")


def fold(text: str) -> str:
    """Accent-, case- and punctuation-insensitive key: "Saint-Jérôme" -> "saint jerome".

    "St-" and "Ste-" abbreviations become "saint"/"sainte", so Canada Post spellings match official names.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    ascii_only = ascii_only.replace("œ", "oe").replace("æ", "ae")
    spaced = _NON_ALNUM.sub(" ", ascii_only).strip()
    return _SAINT.sub(lambda m: "saint" if m.group(1) == "st" else "sainte", spaced)


def translated(language: str | None):
    """Pick from a (French, English) pair of columns read without the ORM: the reader's language, else the other.

    The same fallback as django-modeltranslation's (French first), for hot paths that read plain rows.
    """
    if (language or "fr").startswith("en"):
        return lambda french, english: english or french or ""
    return lambda french, english: french or english or ""
