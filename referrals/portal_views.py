"""The centre's inbox. Every view reaches a request through _get_request_for_user, which 404s outside the centre."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.access import staff_required
from directory.models import Organization
from referrals.contact import (
    WorkflowError,
    access_log,
    assignable_users,
    request_add_note,
    request_assign,
    request_set_status,
    request_transfer,
    requests_visible_to,
)
from referrals.eligibility_hook import eligibility_answers_display
from referrals.forms import AssignForm, NoteForm, StatusForm, TransferForm
from referrals.models import ContactRequest, RequestAccessLog


def _get_request_for_user(request: HttpRequest, pk: int) -> ContactRequest:
    """The one door to a request: it must belong to one of the user's centres, else 404."""
    return get_object_or_404(
        requests_visible_to(request.user).select_related(
            "organization",
            "service_at_location__service",
            "service_at_location__location",
            "assigned_to",
            "referred_by",
        ),
        pk=pk,
    )


@require_safe
@staff_required
def inbox(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_network_admin and not user.memberships.exists():
        return redirect("referrals:network")
    status = request.GET.get("status", "open")
    requests = requests_visible_to(user).select_related("organization", "assigned_to", "service_at_location__service")
    if status == "open":
        requests = requests.exclude(status__in=ContactRequest.FINAL_STATUSES)
    elif status in ContactRequest.Status.values:
        requests = requests.filter(status=status)
    else:
        status = "all"
    if request.GET.get("mine") == "1":
        requests = requests.filter(assigned_to=user)
    page = Paginator(requests.order_by("-created_at"), 50).get_page(request.GET.get("page"))
    statuses = [("open", _("Open")), *ContactRequest.Status.choices, ("all", _("All"))]
    return render(
        request,
        "referrals/inbox.html",
        {"page": page, "status": status, "statuses": statuses, "mine": request.GET.get("mine") == "1"},
    )


@require_safe
@staff_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    contact_request = _get_request_for_user(request, pk)
    return _render_detail(request, contact_request)


def _render_detail(
    request: HttpRequest, contact_request: ContactRequest, *, status: int = 200, **forms
) -> HttpResponse:
    """The one place that shows a request's personal data: every render is in the access log, whatever the status."""
    access_log(contact_request=contact_request, user=request.user, action=RequestAccessLog.Action.VIEW)
    return render(request, "referrals/detail.html", _detail_context(request, contact_request, **forms), status=status)


def _detail_context(request: HttpRequest, contact_request: ContactRequest, **forms) -> dict:
    users = assignable_users(contact_request.organization)
    others = Organization.objects.exclude(pk=contact_request.organization_id).order_by("name")
    return {
        "req": contact_request,
        "notes": contact_request.notes.select_related("author"),
        "eligibility_lines": eligibility_answers_display(contact_request.eligibility_answers),
        "transfers": contact_request.transfers.select_related("from_organization", "to_organization"),
        "status_form": forms.get("status_form")
        or StatusForm(initial={"status": contact_request.status, "reason": contact_request.status_reason}),
        "assign_form": forms.get("assign_form")
        or AssignForm(users=users, initial={"assignee": contact_request.assigned_to_id or ""}),
        "note_form": forms.get("note_form") or NoteForm(),
        "transfer_form": forms.get("transfer_form") or TransferForm(organizations=others),
    }


def _invalid(request: HttpRequest, contact_request: ContactRequest, **forms) -> HttpResponse:
    return _render_detail(request, contact_request, status=400, **forms)


def _apply(request: HttpRequest, pk: int, change, success: str) -> HttpResponse:
    """Run one workflow change and come back to the request with a message either way."""
    try:
        change()
    except WorkflowError:
        messages.error(request, _("This request can no longer be changed."))
    else:
        messages.success(request, success)
    return redirect("referrals:detail", pk=pk)


@require_POST
@staff_required
def change_status(request: HttpRequest, pk: int) -> HttpResponse:
    contact_request = _get_request_for_user(request, pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        return _invalid(request, contact_request, status_form=form)
    data = form.cleaned_data
    return _apply(
        request,
        pk,
        lambda: request_set_status(
            contact_request=contact_request, status=data["status"], reason=data["reason"], by=request.user
        ),
        _("Status saved."),
    )


@require_POST
@staff_required
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    contact_request = _get_request_for_user(request, pk)
    form = AssignForm(request.POST, users=assignable_users(contact_request.organization))
    if not form.is_valid():
        return _invalid(request, contact_request, assign_form=form)
    assignee = form.cleaned_data["assignee"]
    return _apply(
        request,
        pk,
        lambda: request_assign(contact_request=contact_request, assignee=assignee, by=request.user),
        _("Assignment saved."),
    )


@require_POST
@staff_required
def add_note(request: HttpRequest, pk: int) -> HttpResponse:
    contact_request = _get_request_for_user(request, pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _invalid(request, contact_request, note_form=form)
    text = form.cleaned_data["text"]
    return _apply(
        request,
        pk,
        lambda: request_add_note(contact_request=contact_request, text=text, by=request.user),
        _("Note added."),
    )


@require_POST
@staff_required
def transfer(request: HttpRequest, pk: int) -> HttpResponse:
    contact_request = _get_request_for_user(request, pk)
    others = Organization.objects.exclude(pk=contact_request.organization_id).order_by("name")
    form = TransferForm(request.POST, organizations=others)
    if not form.is_valid():
        return _invalid(request, contact_request, transfer_form=form)
    try:
        request_transfer(
            contact_request=contact_request,
            to_organization=form.cleaned_data["organization"],
            person_agreed=form.cleaned_data["person_agreed"],
            by=request.user,
        )
    except WorkflowError:
        messages.error(request, _("A closed request cannot be transferred."))
        return redirect("referrals:detail", pk=pk)
    messages.success(request, _("The request was transferred. It is no longer in your inbox."))
    return redirect("referrals:inbox")


@require_safe
@staff_required
def network(request: HttpRequest) -> HttpResponse:
    """Network administrators see counts per centre and status, never people."""
    if not request.user.is_network_admin:
        raise PermissionDenied
    rows = (
        ContactRequest.objects.values("organization__name", "status")
        .annotate(count=Count("id"))
        .order_by("organization__name", "status")
    )
    table: dict[str, dict[str, int]] = {}
    for row in rows:
        table.setdefault(row["organization__name"], {})[row["status"]] = row["count"]
    statuses = ContactRequest.Status.choices
    lines = [
        {
            "organization": name,
            "counts": [counts.get(value, 0) for value, _label in statuses],
            "total": sum(counts.values()),
        }
        for name, counts in table.items()
    ]
    return render(request, "referrals/network.html", {"lines": lines, "statuses": statuses})
