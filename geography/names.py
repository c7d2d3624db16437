"""Display names for Canada Post place names, which come in ASCII title case ("L'Ile-D'Entree", "Jonquiere").

The official municipal names carry the accents: a place name that is a municipality takes its official spelling, and
other names get their words' accents from the words of official names ("Riviere" -> "Rivière"), plus a few former
towns whose words appear in no current name.
"""

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from lib.text import fold

# Words that stay lower case inside a French place name.
_PARTICLES = {"de", "du", "des", "la", "le", "les", "aux", "au", "sur", "en", "et", "d", "l", "a", "s"}
_TOKEN = re.compile(r"([\s\-']+)")
# Former towns and districts whose accented words occur in no current municipal name.
_KNOWN_WORDS = {
    "jonquiere": "Jonquière",
    "laterriere": "Laterrière",
    "dorothee": "Dorothée",
    "redempteur": "Rédempteur",
    "nicephore": "Nicéphore",
    "etang": "Étang",
    "entree": "Entrée",
    "epee": "Épée",
    "gethsemani": "Gethsémani",
    "vendee": "Vendée",
    "chateau": "Château",
    "fevre": "Fèvre",
    "mere": "Mère",
    "a": "à",
}


def accent_words(official_names: Iterable[str]) -> dict[str, str]:
    """fold(word) -> its most frequent accented spelling, from official names."""
    seen: dict[str, Counter] = defaultdict(Counter)
    for name in official_names:
        for word in _TOKEN.split(name):
            if word and not _TOKEN.fullmatch(word) and not word.isascii():
                seen[fold(word)][word[0].upper() + word[1:]] += 1
    words = {key: counts.most_common(1)[0][0] for key, counts in seen.items() if " " not in key}
    return {**words, **_KNOWN_WORDS}


def display_name(raw: str, *, official_by_key: dict[str, str], words: dict[str, str]) -> str:
    """Best display spelling of a Canada Post place name."""
    key = fold(raw)
    if key in official_by_key:
        return official_by_key[key]
    parts = _TOKEN.split(raw.strip())
    out = []
    first_word = True
    for part in parts:
        if not part:
            continue
        if _TOKEN.fullmatch(part):
            out.append(part)
            continue
        lower = part.lower()
        if lower in {"st", "ste"}:
            word = "Saint" if lower == "st" else "Sainte"
        elif not first_word and lower in _PARTICLES:
            word = words.get(lower, lower) if lower == "a" else lower
        else:
            folded = fold(part)
            word = words.get(folded, part[:1].upper() + part[1:].lower())
        out.append(word)
        first_word = False
    return "".join(out)
