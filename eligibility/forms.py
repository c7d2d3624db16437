"""The short questionnaire: seven questions, each skippable, ranges rather than exact figures."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .engine import Answers, validate_answers
from .profile import YES_NO
from .texts import engine_texts

DONT_KNOW = ("", _("I don't know / I'd rather not say"))
AGE_CHOICES = [
    DONT_KNOW,
    ("under_16", _("Under 16")),
    ("16_17", _("16 or 17")),
    ("18_24", _("18 to 24")),
    ("25_35", _("25 to 35")),
    ("36_44", _("36 to 44")),
    ("45_49", _("45 to 49")),
    ("50_64", _("50 to 64")),
    ("65_plus", _("65 or older")),
]
EMPLOYMENT_CHOICES = [
    ("no_job", _("I have no job")),
    ("employed", _("I have a job")),
    ("precarious", _("I have a precarious or part-time job")),
    ("self_employed", _("I am self-employed")),
    ("student", _("I am a student")),
]
INCOME_SUPPORT_CHOICES = [
    ("employment_insurance", _("Employment insurance")),
    ("social_assistance", _("Social assistance or social solidarity")),
    ("none", _("No public income support")),
]
STATUS_CHOICES = [
    DONT_KNOW,
    ("citizen_pr", _("Canadian citizen or permanent resident")),
    ("temporary_resident", _("Temporary resident (work or study permit)")),
    ("refugee_claimant", _("Refugee claimant")),
    ("other", _("Another status")),
]
YES_NO_CHOICES = [DONT_KNOW, ("yes", _("Yes")), ("no", _("No"))]
SKIP_HINT = _("Tick all that apply, or none if you don't know or would rather not say.")


class ProfileForm(forms.Form):
    """GET or POST; every field optional. ``answers()`` gives the engine's Answers once the form is valid."""

    age_range = forms.ChoiceField(label=_("Your age"), choices=AGE_CHOICES, required=False, widget=forms.RadioSelect)
    employment = forms.MultipleChoiceField(
        label=_("Your work situation"),
        choices=EMPLOYMENT_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=SKIP_HINT,
    )
    income_support = forms.MultipleChoiceField(
        label=_("Public income support you receive"),
        choices=INCOME_SUPPORT_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=SKIP_HINT,
    )
    immigration_status = forms.ChoiceField(
        label=_("Your status in Canada"), choices=STATUS_CHOICES, required=False, widget=forms.RadioSelect
    )
    career_change = forms.ChoiceField(
        label=_("Do you want to change careers or find a different job?"),
        choices=YES_NO_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )
    disability = forms.ChoiceField(
        label=_("Do you have a disability or a health condition that affects your work?"),
        choices=YES_NO_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            for error in validate_answers(self.answers(), engine_texts()):
                field = error.field if error.field in self.fields else None
                self.add_error(field, error.message)
        return cleaned

    def answers(self) -> Answers:
        data = self.cleaned_data
        return Answers(
            age_range=data.get("age_range") or None,
            employment=tuple(data.get("employment") or ()),
            income_support=tuple(data.get("income_support") or ()),
            status=data.get("immigration_status") or None,
            career_change=YES_NO.get(data.get("career_change") or ""),
            disability=YES_NO.get(data.get("disability") or ""),
        )

    @classmethod
    def initial_from(cls, answers: Answers | None) -> dict:
        if answers is None:
            return {}

        def yes_no(value):
            return "" if value is None else ("yes" if value else "no")

        return {
            "age_range": answers.age_range or "",
            "employment": list(answers.employment),
            "income_support": list(answers.income_support),
            "immigration_status": answers.status or "",
            "career_change": yes_no(answers.career_change),
            "disability": yes_no(answers.disability),
        }


def profile_summary(answers: Answers | None) -> list[str]:
    """The answers given, in words (for "Your answers: …" beside the finder's results). [] when none."""
    if answers is None:
        return []
    labels = {
        "age_range": dict(AGE_CHOICES),
        "employment": dict(EMPLOYMENT_CHOICES),
        "income_support": dict(INCOME_SUPPORT_CHOICES),
        "status": dict(STATUS_CHOICES),
    }
    words = [str(labels["age_range"][answers.age_range])] if answers.age_range in labels["age_range"] else []
    words += [str(labels["employment"][v]) for v in answers.employment if v in labels["employment"]]
    words += [str(labels["income_support"][v]) for v in answers.income_support if v in labels["income_support"]]
    words += [str(labels["status"][answers.status])] if answers.status in labels["status"] else []
    if answers.career_change is not None:
        words.append(str(_("Wants to change careers") if answers.career_change else _("No career change")))
    if answers.disability is not None:
        words.append(str(_("Disability or health condition") if answers.disability else _("No disability")))
    return words
