"""Guide search that behaves the same on SQLite and PostgreSQL.

Each guide stores, per language, the normalised and stemmed words of its text as " w1 w2 … " (computed in Python).
A query is normalised the same way and every remaining word must be found as a whole token, with a plain
``LIKE '% word %'`` that both databases run identically. Normalising = lib.text.fold (case, accents, punctuation)
then the Snowball stemmer of the language: "Entrevues" -> "entrevu" = "entrevue" -> "entrevu";
"réorientation" and "reorientation" give the same token; "CV" -> "cv".
"""

from functools import cache

import snowballstemmer
from django.db.models import Q, QuerySet

from lib.text import fold

# Words too common to narrow a search (after folding). A query made only of these searches nothing.
STOP_WORDS = {
    "fr": set(
        "a au aux avec ce ces comment dans de des du elle en est et il je la le les leur lui ma mais me mes moi mon "
        "ne nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous y "
        "l d j m n s t c qu quoi quel quelle est suis".split()
    ),
    "en": set(
        "a an and are as at be by can do for from how i in is it me my of on or that the this to was what when "
        "where who why will with you your".split()
    ),
}
STEMMER_NAMES = {"fr": "french", "en": "english"}
MAX_QUERY_WORDS = 8


@cache
def _stemmer(language: str):
    return snowballstemmer.stemmer(STEMMER_NAMES.get(language, "french"))


def tokens(text: str, language: str, *, drop_stop_words: bool = False) -> list[str]:
    """Folded, stemmed words of ``text`` in the order they appear (duplicates kept)."""
    words = fold(text).split()
    if drop_stop_words:
        stop = STOP_WORDS.get(language, set())
        words = [w for w in words if w not in stop]
    stemmed = _stemmer(language).stemWords(words)
    if language == "fr":
        # Snowball keeps a plural "s" after a vowel ("emplois"); drop it on both sides so plurals meet singulars.
        stemmed = [w[:-1] if len(w) > 3 and w[-1] in "sx" else w for w in stemmed]
    return stemmed


def index_text(language: str, *parts: str) -> str:
    """The stored search column: unique tokens, space-padded so that a token matches only as a whole word."""
    unique = dict.fromkeys(tokens(" ".join(parts), language))
    return " " + " ".join(unique) + " " if unique else ""


def query_tokens(query: str, language: str) -> list[str]:
    return list(dict.fromkeys(tokens(query[:500], language, drop_stop_words=True)))[:MAX_QUERY_WORDS]


def guides_matching(queryset: QuerySet, query: str, language: str) -> QuerySet:
    """Guides whose ``language`` text holds every meaningful word of ``query`` (none if there is no such word)."""
    words = query_tokens(query, language)
    if not words:
        return queryset.none()
    column = f"search_{'en' if language == 'en' else 'fr'}__contains"
    condition = Q()
    for word in words:
        condition &= Q(**{column: f" {word} "})
    return queryset.filter(condition)


def rank(guides: list, query: str, language: str) -> list:
    """Guides whose title holds more of the query words first; stable otherwise (keeps the editorial order)."""
    words = set(query_tokens(query, language))
    return sorted(guides, key=lambda guide: -len(words & set(tokens(guide.title, language))))
