"""The finder's search form: where the person is, a few optional questions about them, and filters.

Every question is optional. Answers map to clientèle slugs (see data/directory/taxonomy.json); nothing is stored.
"""

from urllib.parse import parse_qsl

from django import forms
from django.utils.translation import gettext_lazy as _

from geography.resolve import MAX_LENGTH as PLACE_MAX_LENGTH

RADIUS_CHOICES = [
    ("10", _("10 km")),
    ("25", _("25 km")),
    ("50", _("50 km")),
    ("100", _("100 km")),
    ("200", _("200 km")),
]
DEFAULT_RADIUS_KM = 50
PAGE_SIZE = 20
MAX_PAGE = 500

AGE_CHOICES = [
    ("16-35", _("16 to 35")),
    ("36-49", _("36 to 49")),
    ("50+", _("50 or over")),
    ("undisclosed", _("I prefer not to say")),
]
AGE_CLIENTELES = {"16-35": "youth", "50+": "experienced-workers"}

# (value, label, clientèle slug): plain words for the person, the taxonomy's slug for the search.
SITUATIONS = [
    ("newcomer", _("I am new to Québec"), "immigrants"),
    ("disability", _("I live with a disability"), "disability"),
    ("social-assistance", _("I receive social assistance"), "social-assistance"),
    ("career-change", _("I have a job and want to change careers"), "career-change"),
    ("precarious", _("My job is precarious (temporary, on call, few hours)"), "precarious-workers"),
    ("english", _("I prefer to be served in English"), "english-speaking"),
    ("indigenous", _("I am First Nations or Inuk"), "indigenous"),
    ("woman", _("I am a woman"), "women"),
    ("justice", _("I have a criminal record or I am leaving detention"), "justice-involved"),
    ("mental-health", _("I live with a mental health condition"), "mental-health"),
]
SITUATION_CLIENTELES = {value: slug for value, _label, slug in SITUATIONS}

LANGUAGE_CHOICES = [("fr", _("French")), ("en", _("English"))]


class SharedChoices:
    """A choice field whose copies share its choices: a form copies its fields for each instance (a deep copy), which
    copied every lazy label of every choice, a tenth of a search's CPU (bench/reports/2026-12-06-cheap-misses.md).
    Choices are only ever replaced (``field.choices = …``, as ``SearchForm`` does for the kinds), never changed in
    place, so sharing them is safe; telling the copy that they are already copied (its memo) changes nothing else."""

    def __deepcopy__(self, memo):
        memo[id(self._choices)] = self._choices
        memo[id(self.widget.choices)] = self.widget.choices
        return super().__deepcopy__(memo)


class ChoiceField(SharedChoices, forms.ChoiceField):
    pass


class TypedChoiceField(SharedChoices, forms.TypedChoiceField):
    pass


class MultipleChoiceField(SharedChoices, forms.MultipleChoiceField):
    pass


class SearchForm(forms.Form):
    where = forms.CharField(
        label=_("Where are you?"),
        help_text=_("A postal code (for example H2X 1Y4) or a municipality."),
        max_length=PLACE_MAX_LENGTH,
        required=False,
        widget=forms.TextInput(
            attrs={"autocomplete": "postal-code", "list": "place-suggestions", "spellcheck": "false"}
        ),
    )
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)
    age = ChoiceField(label=_("Your age"), choices=AGE_CHOICES, required=False, widget=forms.RadioSelect)
    situation = MultipleChoiceField(
        label=_("Does any of this describe you?"),
        help_text=_("Tick all that apply, or none."),
        choices=[(value, label) for value, label, _slug in SITUATIONS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    radius = TypedChoiceField(
        label=_("How far can you travel?"),
        choices=RADIUS_CHOICES,
        coerce=int,
        required=False,
        empty_value=DEFAULT_RADIUS_KM,
        initial=str(DEFAULT_RADIUS_KM),
    )
    kind = MultipleChoiceField(label=_("Kind of help"), required=False, widget=forms.CheckboxSelectMultiple, choices=[])
    language = MultipleChoiceField(
        label=_("Language of service"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    served = ChoiceField(
        label=_("Which centres?"),
        choices=[("all", _("Show all centres")), ("served", _("Only where I can be served"))],
        required=False,
        initial="all",
        widget=forms.RadioSelect,
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE, widget=forms.HiddenInput)

    def __init__(self, *args, kind_choices: list[tuple[str, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = list(kind_choices)
        if not kind_choices:
            del self.fields["kind"]

    def clean(self):
        data = super().clean()
        has_point = data.get("lat") is not None and data.get("lon") is not None
        if not (data.get("where") or "").strip() and not has_point and not self.errors:
            raise forms.ValidationError(_("Enter a postal code or the name of a municipality."), code="empty")
        return data

    def clienteles(self) -> tuple[str, ...]:
        """The clientèle slugs the answers point to (empty: no filter, every centre is shown)."""
        data = self.cleaned_data
        slugs = [AGE_CLIENTELES[data["age"]]] if data.get("age") in AGE_CLIENTELES else []
        slugs += [SITUATION_CLIENTELES[value] for value in data.get("situation", [])]
        return tuple(dict.fromkeys(slugs))

    def has_answers(self) -> bool:
        data = getattr(self, "cleaned_data", None) or {}
        return bool(data.get("age") or data.get("situation"))

    def filter_count(self) -> int:
        """How many answers and filters narrow the search (for the results' one-line summary)."""
        data = getattr(self, "cleaned_data", None) or {}
        count = len(self.clienteles()) + len(data.get("kind") or ()) + len(data.get("language") or ())
        return count + (1 if data.get("served") == "served" else 0)

    def has_filters(self) -> bool:
        data = getattr(self, "cleaned_data", None) or {}
        return bool(data.get("kind") or data.get("language"))


# The clientèle a link presets (a guide's "find a centre", the "Where do I start?" answers): taxonomy slugs said as the
# form's own questions, so the results page shows them answered and keeps them when the person searches again.
CLIENTELE_PARAMS = {slug: ("age", value) for value, slug in AGE_CLIENTELES.items()} | {
    slug: ("situation", value) for value, _label, slug in SITUATIONS
}
SEARCH_PARAMS = frozenset(SearchForm.base_fields) | {"kind"}


def search_params(query: str) -> list[tuple[str, str]]:
    """A finder query string as the form understands it: ``clientele=<slug>`` becomes the matching question's answer,
    parameters the form does not know are dropped (an unknown one would otherwise be ignored silently)."""
    params: list[tuple[str, str]] = []
    for key, value in parse_qsl(query, keep_blank_values=False):
        if key == "clientele" and value in CLIENTELE_PARAMS:
            key, value = CLIENTELE_PARAMS[value]
        if key in SEARCH_PARAMS and value in _CHOICES.get(key, {value}) and (key, value) not in params:
            params.append((key, value))
    return params


# Values a preset may give where the form's question has fixed choices (others are checked when the form is bound).
_CHOICES = {
    name: {str(value) for value, _label in field.choices}
    for name, field in SearchForm.base_fields.items()
    if getattr(field, "choices", None)
}
