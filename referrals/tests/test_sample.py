import pytest
from django.core.management import CommandError, call_command

from referrals.models import ContactRequest


def test_it_creates_sample_requests_once(make_point):
    from directory.models import Organization

    Organization.objects.filter(is_sample=True).update(is_sample=False)  # the session's sample directory, if loaded
    make_point(46.0, -71.0, is_sample=True)
    make_point(46.1, -71.0, is_sample=False)
    call_command("generate_sample_requests", verbosity=0)
    call_command("generate_sample_requests", verbosity=0)
    assert ContactRequest.objects.count() == 4
    assert not ContactRequest.objects.exclude(organization__is_sample=True).exists()


def test_it_refuses_sample_requests_in_production(settings, db):
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("generate_sample_requests", verbosity=0)
