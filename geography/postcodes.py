"""Canadian postal codes as text: normalisation and the rules of their shape (pure, no database)."""

import re

# Canada Post never uses D, F, I, O, Q or U; W and Z never open a code.
_FIRST = "ABCEGHJKLMNPRSTVXY"
_OTHER = "ABCEGHJKLMNPRSTVWXYZ"
_FSA = f"[{_FIRST}][0-9][{_OTHER}]"
_LDU = f"[0-9][{_OTHER}][0-9]"
_VALID = re.compile(f"{_FSA}(?:{_LDU})?")
# Something a person meant as a postal code: letter-digit-letter, then up to a few more letters/digits.
_LOOKS_LIKE = re.compile(r"[A-Z][0-9][A-Z](?:[0-9][A-Z]?[0-9]?[A-Z0-9]{0,2})?|[A-Z][0-9][A-Z]?[0-9]?[A-Z]?[0-9]?")
_SEPARATORS = re.compile(r"[\s\-_.]+")
# A full code inside longer text, e.g. a pasted address: "1234 rue Saint-Denis, Montréal (Québec) H2X 1Y4".
_EMBEDDED = re.compile(r"(?<![A-Za-z0-9])([A-Za-z][0-9][A-Za-z])[ \-]?([0-9][A-Za-z][0-9])(?![A-Za-z0-9])")

QUEBEC_FIRST_LETTERS = frozenset("GHJ")
SANTA_CLAUS_FSA = "H0H"


def _compact(text: str) -> str:
    return _SEPARATORS.sub("", text.strip()).upper()


def normalize_postal_code(text: str) -> str | None:
    """ "h2x1y4", "H2X 1Y4", " h2x-1y4 " -> "H2X1Y4"; "h2x" -> "H2X"; anything else -> None."""
    if not isinstance(text, str) or len(text) > 20:
        return None
    compact = _compact(text)
    if not compact.isascii():
        return None
    return compact if _VALID.fullmatch(compact) else None


def looks_like_postal_code(text: str) -> bool:
    """True for text shaped like a (maybe mistyped) postal code: "H2X 1Y", "D2X", "H2X1Y45"; False for words."""
    if not isinstance(text, str) or len(text) > 20:
        return False
    compact = _compact(text)
    return compact.isascii() and len(compact) >= 2 and bool(_LOOKS_LIKE.fullmatch(compact))


def find_postal_code(text: str) -> str | None:
    """The last valid full postal code written inside longer text (an address ends with it), else None."""
    if not isinstance(text, str):
        return None
    for fsa, ldu in reversed(_EMBEDDED.findall(text)):
        code = normalize_postal_code(fsa + ldu)
        if code:
            return code
    return None


def is_quebec(code: str) -> bool:
    return code[:1] in QUEBEC_FIRST_LETTERS


def is_rural_fsa(code: str) -> bool:
    """A rural FSA (second character 0) covers a wide area: its centroid can be 200 km from the person."""
    return len(code) >= 2 and code[1] == "0"


def format_postal_code(code: str) -> str:
    """ "H2X1Y4" -> "H2X 1Y4"; an FSA stays as is."""
    return f"{code[:3]} {code[3:]}" if len(code) == 6 else code
