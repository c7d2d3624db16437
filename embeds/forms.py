"""The staff page's form: what the snippet's frame shows. Network administrators choose any preset; a centre's
manager only their own organisation's listing."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from directory.models import Clientele, Organization
from geography.models import Region
from insights.visits import clean_host

from .options import DEFAULT_THEME, PRESETS, THEMES, EmbedOptions


class SnippetForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the finder"), choices=[("fr", _("French")), ("en", _("English"))],
                                 initial="fr")  # fmt: skip
    clientele = forms.ChoiceField(
        label=_("Clientèle (optional)"), required=False,
        help_text=_("The finder then shows the centres that serve this group first."),
    )  # fmt: skip
    region = forms.ChoiceField(label=_("Only the centres of a region (optional)"), required=False)
    organization = forms.ChoiceField(label=_("Only the points of service of an organisation"), required=False)
    theme = forms.ChoiceField(label=_("Colours"), choices=list(THEMES.items()), initial=DEFAULT_THEME)
    host = forms.CharField(
        label=_("Address of the partner's website (optional)"), required=False, max_length=200,
        help_text=_("For example www.ville.example. Only the site's name is kept, to count the searches it brings."),
    )  # fmt: skip

    def __init__(self, data=None, *, organizations: list[tuple[str, str]] | None = None):
        """``organizations``: the (slug, name) a manager may choose from; None for a network administrator."""
        super().__init__(data)
        self.restricted = organizations is not None
        names = dict(Clientele.objects.filter(slug__in=PRESETS).values_list("slug", "name"))
        self.fields["clientele"].choices = [("", _("Everyone")), *((s, names[s]) for s in PRESETS if s in names)]
        if self.restricted:
            del self.fields["region"]
            self.fields["organization"].choices = organizations
            self.fields["organization"].required = True
        else:
            self.fields["region"].choices = [("", _("All regions")), *Region.objects.order_by("code").values_list(
                "code", "name")]  # fmt: skip
            self.fields["organization"].choices = [("", _("All organisations")), *Organization.objects.order_by(
                "name").values_list("slug", "name")]  # fmt: skip

    def clean_host(self) -> str:
        raw = self.cleaned_data.get("host", "").strip()
        host = clean_host(raw)
        if raw and not host:
            raise forms.ValidationError(_("Enter a website's name, for example www.ville.example."), code="host")
        return host

    def clean(self):
        data = super().clean()
        if data.get("region") and data.get("organization"):
            raise forms.ValidationError(_("Choose a region or an organisation, not both."), code="both")
        return data

    def options(self) -> EmbedOptions:
        data = self.cleaned_data
        return EmbedOptions(host=data.get("host", ""), clientele=data.get("clientele", ""),
                            region=data.get("region", ""), organization=data.get("organization", ""),
                            theme=data.get("theme") or DEFAULT_THEME)  # fmt: skip
