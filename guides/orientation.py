""" "Where do I start?": three questions that point a person to the right guide, or straight to the finder.

The recommendation is a pure function of the three answers (testable without the database).
"""

from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext_lazy as _

from finder.forms import search_params

SITUATIONS = [
    ("employed", _("I have a job")),
    ("unemployed", _("I don't have a job")),
    ("returning", _("I have been away from work for a long time (illness, family, studies…)")),
]
GOALS = [
    ("understand", _("Understand what free help exists")),
    ("change", _("Change jobs or careers")),
    ("search", _("Look for a job: CV, interview")),
    ("keep", _("Keep my job or settle into a new one")),
    ("rights", _("Know my rights at work")),
    ("meet", _("Talk to a counsellor near me now")),
]
PROFILES = [
    ("none", _("None of these, or I prefer not to say")),
    ("youth", _("I am 16 to 35 years old")),
    ("experienced-workers", _("I am 50 or older")),
    ("immigrants", _("I am new to Québec")),
    ("disability", _("I have a disability or a lasting health condition")),
]

GOAL_GUIDES = {
    "understand": ["services-publics-emploi", "premiere-rencontre-conseiller"],
    "change": ["changer-emploi-ou-carriere", "premiere-rencontre-conseiller"],
    "search": ["premier-cv-lettre", "preparer-entrevue"],
    "keep": ["garder-nouvel-emploi", "droits-au-travail"],
    "rights": ["droits-au-travail"],
    "meet": ["premiere-rencontre-conseiller"],
}
# Guides written for one age group: never suggested to a person who said they belong to another one.
AGE_GROUP_GUIDES = {"premier-cv-lettre": "youth"}  # "a first CV… even without much experience"
AGE_GROUPS = {"youth", "experienced-workers"}
PROFILE_GUIDES = {
    "immigrants": "nouvel-arrivant-recherche-emploi",
    "disability": "travailler-avec-handicap",
}


class WhereToStartForm(forms.Form):
    situation = forms.ChoiceField(
        label=_("1. What is your situation today?"), choices=SITUATIONS, widget=forms.RadioSelect
    )
    goal = forms.ChoiceField(label=_("2. What do you want to do first?"), choices=GOALS, widget=forms.RadioSelect)
    profile = forms.ChoiceField(
        label=_("3. Does one of these describe you?"),
        choices=PROFILES,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Optional. It helps find a centre that specialises in people like you."),
    )

    # Own ids: the home page may also hold the finder's form, whose questions could share these field names.
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "start_%s")
        super().__init__(*args, **kwargs)


@dataclass(frozen=True)
class Recommendation:
    guide_slugs: list[str] = field(default_factory=list)
    finder_params: dict[str, str] = field(default_factory=dict)
    go_to_finder: bool = False


def recommend(*, situation: str, goal: str, profile: str = "") -> Recommendation:
    """The guides to read first (most relevant first) and the finder search that fits the answers."""
    slugs: list[str] = []
    if situation == "returning" and goal in ("search", "understand", "change"):
        slugs.append("retour-au-travail")
    if profile in PROFILE_GUIDES and goal in ("search", "understand", "change", "keep"):
        slugs.append(PROFILE_GUIDES[profile])
    slugs += GOAL_GUIDES.get(goal, ["services-publics-emploi"])
    if situation == "employed" and goal == "search" and "changer-emploi-ou-carriere" not in slugs:
        slugs.append("changer-emploi-ou-carriere")
    if profile in AGE_GROUPS:
        slugs = [slug for slug in slugs if AGE_GROUP_GUIDES.get(slug, profile) == profile]
        if profile == "experienced-workers" and goal == "search":
            slugs.append("preparer-entrevue")  # instead of the first-CV guide written for young people
        slugs = slugs or ["premiere-rencontre-conseiller"]

    # The finder asks about clientèles, not about having a job: only the clientèle travels to it.
    clientele = profile if profile and profile != "none" else ("career-change" if goal == "change" else "")
    params = dict(search_params(f"clientele={clientele}")) if clientele else {}
    return Recommendation(guide_slugs=list(dict.fromkeys(slugs)), finder_params=params, go_to_finder=goal == "meet")
