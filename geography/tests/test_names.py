"""Display names for the ASCII place names of the postal-code file."""

import pytest

from geography.names import accent_words, display_name
from lib.text import fold

OFFICIAL = ["Montréal", "Québec", "Rivière-du-Loup", "L'Île-Perrot", "Saint-Léonard-d'Aston", "Sacré-Cœur"]
NAMING = {
    "official_by_key": {fold(name): name for name in OFFICIAL},
    "words": accent_words(OFFICIAL),
}


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("Montreal", "Montréal"),
        ("Quebec", "Québec"),
        ("Jonquiere", "Jonquière"),
        ("Saint-Leonard", "Saint-Léonard"),
        ("L'Ile-D'Entree", "L'Île-d'Entrée"),
        ("Riviere-Trois-Pistoles", "Rivière-Trois-Pistoles"),
        ("Athlete'S Village", "Athlete's Village"),
        ("St-Octave", "Saint-Octave"),
        ("Lac-A-La-Tortue", "Lac-à-la-Tortue"),
        ("Sacre-Coeur-Saguenay", "Sacré-Cœur-Saguenay"),
        ("La Baie", "La Baie"),
    ],
)
def test_it_restores_accents_and_french_capitalisation(raw, shown):
    assert display_name(raw, **NAMING) == shown
