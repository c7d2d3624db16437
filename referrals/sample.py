"""A few fictional contact requests for the sample organisations, so the demo portal is not empty."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from directory.models import ServiceAtLocation
from referrals.models import ContactRequest
from referrals.references import reference_generate

SAMPLE_PEOPLE = [
    ("Alexis Exemple", "418 555-0101", "alexis@example.net", "fr", "Le matin", "Je veux changer de métier.", "new"),
    ("Sam Sample", "", "sam@example.net", "en", "Afternoons", "Looking for my first job in Québec.", "new"),
    ("Dominique Fictif", "819 555-0102", "", "fr", "En soirée", "", "contacted"),
    (
        "Charlie Démo",
        "514 555-0103",
        "charlie@example.net",
        "fr",
        "N'importe quand",
        "Retour au travail.",
        "in_service",
    ),
]


def sample_requests_create() -> int:
    """Create the sample requests once (idempotent through fixed idempotency keys). Returns how many are new."""
    points = list(
        ServiceAtLocation.objects.filter(service__organization__is_sample=True, is_active=True)
        .select_related("service__organization")
        .order_by("service__organization__slug", "pk")[:3]
    )
    if not points:
        return 0
    created = 0
    now = timezone.now()
    with transaction.atomic():
        for index, (name, phone, email, language, availability, message, status) in enumerate(SAMPLE_PEOPLE):
            point = points[index % len(points)]
            _request, was_created = ContactRequest.objects.get_or_create(
                idempotency_key=f"sample-request-{index + 1}",
                defaults={
                    "reference": reference_generate(),
                    "organization": point.service.organization,
                    "service_at_location": point,
                    "name": name,
                    "phone": phone,
                    "email": email,
                    "preferred_language": language,
                    "availability": availability,
                    "message": message,
                    "status": status,
                },
            )
            if was_created:
                ContactRequest.objects.filter(pk=_request.pk).update(
                    created_at=now - timedelta(days=index + 1), last_activity_at=now - timedelta(days=index + 1)
                )
                created += 1
    return created
