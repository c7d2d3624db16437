import re
import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from directory.models import Organization
from referrals.models import ContactRequest

HONEYPOT_FIELD = "homepage"


class ContactRequestForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    name = forms.CharField(label=_("Your name"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    phone = forms.CharField(
        label=_("Phone number"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    preferred_language = forms.ChoiceField(
        label=_("Language you prefer"),
        choices=ContactRequest.Language.choices,
        initial=ContactRequest.Language.FR,
        widget=forms.RadioSelect,
    )
    availability = forms.CharField(
        label=_("When can the centre reach you?"),
        help_text=_("For example: weekday mornings, after 4 p.m., any time."),
        max_length=300,
        required=False,
    )
    message = forms.CharField(
        label=_("Message (optional)"),
        help_text=_("What would you like help with? Do not write health or financial details here."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    consent = forms.BooleanField(
        label=_("I agree that the staff of this centre see the details above to contact me."),
        error_messages={"required": _("We need your agreement to send your request.")},
    )
    share_eligibility = forms.BooleanField(
        label=_("Also share the answers I gave to the “who can be served” questions."),
        required=False,
    )
    on_behalf = forms.BooleanField(
        label=_("The person agreed that I send this request on their behalf."),
        required=False,
    )
    homepage = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args, has_eligibility: bool = False, referring: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4().hex)
        if not has_eligibility:
            del self.fields["share_eligibility"]
        if referring:
            self.fields["on_behalf"].required = True
            self.fields["on_behalf"].error_messages["required"] = _("Confirm that the person agreed.")
            self.fields["name"].label = _("Name of the person")
            self.fields["consent"].label = _("The person agrees that the staff of this centre see these details.")
        else:
            del self.fields["on_behalf"]

    def clean_token(self) -> str:
        token = self.cleaned_data["token"]
        if not re.fullmatch(r"[0-9a-f]{32}", token):
            raise forms.ValidationError(_("The form has expired. Reload the page and try again."))
        return token

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and not 10 <= len(re.sub(r"\D", "", phone)) <= 15:
            raise forms.ValidationError(_("Enter a phone number with its area code, for example 418 555-0123."))
        return phone

    def clean(self):
        data = super().clean()
        if (
            not data.get("phone")
            and not data.get("email")
            and "phone" not in self.errors
            and "email" not in self.errors
        ):
            raise forms.ValidationError(
                _("Give a phone number or an e-mail address (or both) so the centre can reach you.")
            )
        return data

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ContactRequest.Status.choices)
    reason = forms.CharField(label=_("Reason (required for not reached or refused)"), required=False, max_length=300)

    def clean(self):
        data = super().clean()
        if data.get("status") in ContactRequest.STATUSES_WITH_REASON and not data.get("reason", "").strip():
            self.add_error("reason", _("Give a reason for this status."))
        return data


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.email


class AssignForm(forms.Form):
    assignee = StaffChoiceField(
        label=_("Assigned to"), required=False, empty_label=_("Nobody"), queryset=User.objects.none()
    )

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = users


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Internal note"),
        help_text=_("Seen only by your centre's staff. Deleted with the request's personal data."),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TransferForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Transfer to"), queryset=Organization.objects.none())
    person_agreed = forms.BooleanField(
        label=_("The person agreed to be referred to this centre."),
        error_messages={"required": _("A request is transferred only with the person's agreement.")},
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations


class PersonRequestForm(forms.Form):
    reference = forms.CharField(label=_("Reference number"), help_text=_("For example: TTX-7K3M-Q9PD"), max_length=20)
    contact = forms.CharField(label=_("The e-mail address or phone number you gave"), max_length=120)
    wants = forms.ChoiceField(
        label=_("What do you want?"),
        choices=[("access", _("Receive a copy of my data")), ("delete", _("Delete my data"))],
        widget=forms.RadioSelect,
    )
    homepage = forms.CharField(label=_("Leave this field empty"), required=False)

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())
