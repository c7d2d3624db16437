from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from lib.links import CAMPAIGN_PATTERN


class CampaignForm(forms.Form):
    campaign = forms.CharField(
        label=_("Campaign tag (optional)"),
        required=False,
        max_length=40,
        help_text=_(
            "Lower-case letters, digits and hyphens, e.g. library-rimouski-2027. The network's figures count the "
            "visits that come from these posters under this tag."
        ),
        validators=[
            RegexValidator(
                CAMPAIGN_PATTERN,
                message=_("Use only lower-case letters, digits and hyphens (at most 40), e.g. food-bank-spring."),
            )
        ],
    )

    def clean_campaign(self) -> str:
        value = self.cleaned_data["campaign"].strip()
        if value and not CAMPAIGN_PATTERN.fullmatch(value):
            raise forms.ValidationError(
                _("Use only lower-case letters, digits and hyphens (at most 40), e.g. food-bank-spring."),
                code="invalid",
            )
        return value
