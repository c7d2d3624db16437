from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from directory.models import ServiceAtLocation


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    return render(request, "referrals/inbox.html")


def request_new(request: HttpRequest, sal_id: int) -> HttpResponse:
    sal = get_object_or_404(ServiceAtLocation.objects.select_related("service__organization", "location"), pk=sal_id)
    return render(request, "referrals/request_form.html", {"sal": sal})
