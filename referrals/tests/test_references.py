import re

from hypothesis import given
from hypothesis import strategies as st

from referrals.references import ALPHABET, reference_generate, reference_normalise

PATTERN = re.compile(r"^TTX-[A-Z2-9]{4}-[A-Z2-9]{4}$")


def test_it_generates_readable_unambiguous_references():
    references = {reference_generate() for _ in range(500)}
    assert len(references) == 500
    for reference in references:
        assert PATTERN.match(reference)
        assert not set(reference[4:].replace("-", "")) & set("01OILU")


def test_it_accepts_what_a_person_types_back():
    reference = reference_generate()
    assert reference_normalise(reference.lower()) == reference
    assert reference_normalise(reference.replace("-", " ")) == reference
    assert reference_normalise(reference[4:].replace("-", "")) == reference


@given(st.text(max_size=40))
def test_it_never_crashes_and_returns_a_valid_reference_or_nothing(raw):
    result = reference_normalise(raw)
    assert result == "" or (PATTERN.match(result) and set(result[4:].replace("-", "")) <= set(ALPHABET))
