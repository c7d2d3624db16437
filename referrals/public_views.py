"""Public pages: the contact request form and its acknowledgement, and the person's own data requests."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from accounts.access import is_staff_member
from directory.models import ServiceAtLocation
from finder.cards import format_phone
from insights.record import tracking_refused
from ratelimits.limits import client_ip, ratelimit_hit
from referrals.contact import request_create
from referrals.eligibility_hook import eligibility_answers_from_session
from referrals.forms import ContactRequestForm, PersonRequestForm
from referrals.models import ContactRequest
from referrals.privacy import deletion_token_request, max_age_months, person_delete, person_request, retention_days


def _within_limit(request: HttpRequest, scope: str) -> bool:
    limit = getattr(settings, "CONTACT_REQUEST_RATE_LIMIT", 10)
    window = getattr(settings, "CONTACT_REQUEST_RATE_WINDOW", 3600)
    return ratelimit_hit(scope=scope, identity=client_ip(request), limit=limit, seconds=window)


def too_many(request: HttpRequest) -> HttpResponse:
    response = render(request, "referrals/too_many.html", status=429)
    response["Retry-After"] = str(getattr(settings, "CONTACT_REQUEST_RATE_WINDOW", 3600))
    return response


def _referring(request: HttpRequest) -> bool:
    user = request.user
    return user.is_authenticated and user.is_verified() and is_staff_member(user)


@never_cache
@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest, sal_id: int) -> HttpResponse:
    sal = get_object_or_404(
        ServiceAtLocation.objects.select_related("service__organization", "location"), pk=sal_id, is_active=True
    )
    answers = eligibility_answers_from_session(request)
    referring = _referring(request)
    form = ContactRequestForm(
        request.POST or None,
        has_eligibility=bool(answers),
        referring=referring,
        # The language the person is reading the site in is the best first guess.
        initial={"preferred_language": "en" if (get_language() or "fr").startswith("en") else "fr"},
    )
    if request.method == "POST":
        if form.is_spam:
            return render(request, "referrals/request_form.html", _form_context(sal, form, spam=True), status=400)
        # Only a request that would be accepted spends the quota; staff referring people all day from one office
        # address are not limited.
        if form.is_valid():
            if not referring and not _within_limit(request, "contact_request"):
                return _too_many_with_form(request, sal, form)
            data = form.cleaned_data
            contact_request, _created = request_create(
                service_at_location=sal,
                idempotency_key=data["token"],
                name=data["name"],
                phone=data["phone"],
                email=data["email"],
                preferred_language=data["preferred_language"],
                availability=data["availability"],
                message=data["message"],
                eligibility_answers=answers if data.get("share_eligibility") and answers else None,
                referred_by=request.user if referring else None,
                record_event=not tracking_refused(request),
            )
            return redirect("referrals:request_sent", reference=contact_request.reference)
    return render(request, "referrals/request_form.html", _form_context(sal, form, referring=referring))


def _centre_phones(sal: ServiceAtLocation) -> list:
    """The service point's phone numbers (location, then service, then organisation), as people write them."""
    for phones in (sal.location.phones.all(), sal.service.phones.all(), sal.service.organization.phones.all()):
        lines = [line for phone in phones if (line := format_phone(phone.number, phone.extension))]
        if lines:
            return lines
    return []


def _too_many_with_form(request: HttpRequest, sal: ServiceAtLocation, form: ContactRequestForm) -> HttpResponse:
    """429, but the person keeps what they typed (the same form, filled in) and gets the centre's phone."""
    context = _form_context(sal, form) | {"too_many": True, "centre_phones": _centre_phones(sal)}
    response = render(request, "referrals/request_form.html", context, status=429)
    response["Retry-After"] = str(getattr(settings, "CONTACT_REQUEST_RATE_WINDOW", 3600))
    return response


def _form_context(sal: ServiceAtLocation, form: ContactRequestForm, *, spam=False, referring=False) -> dict:
    return {
        "sal": sal,
        "organization": sal.service.organization,
        "form": form,
        "spam": spam,
        "referring": referring,
        "retention_days": retention_days(),
        "max_age_months": max_age_months(),
    }


@never_cache
@require_safe
def request_sent(request: HttpRequest, reference: str) -> HttpResponse:
    """The acknowledgement: only the reference and the centre's name, nothing the person typed."""
    contact_request = ContactRequest.objects.select_related("organization").filter(reference=reference).first()
    if contact_request is None:
        raise Http404
    return render(
        request,
        "referrals/request_sent.html",
        {"reference": contact_request.reference, "organization": contact_request.organization},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def privacy_request(request: HttpRequest) -> HttpResponse:
    form = PersonRequestForm(request.POST or None)
    if request.method == "POST":
        if not _within_limit(request, "person_request"):
            return too_many(request)
        if form.is_valid() and not form.is_spam:
            person_request(
                reference=form.cleaned_data["reference"],
                contact=form.cleaned_data["contact"],
                wants=form.cleaned_data["wants"],
            )
            return render(request, "referrals/privacy_request_done.html")
    return render(request, "referrals/privacy_request.html", {"form": form, "retention_days": retention_days()})


@never_cache
@require_http_methods(["GET", "POST"])
def privacy_delete(request: HttpRequest, token: str) -> HttpResponse:
    contact_request = deletion_token_request(token)
    if contact_request is None:
        return render(request, "referrals/privacy_delete.html", {"invalid": True}, status=404)
    if request.method == "POST":
        person_delete(contact_request=contact_request)
        return render(request, "referrals/privacy_delete.html", {"done": True})
    return render(request, "referrals/privacy_delete.html", {"reference": contact_request.reference})
