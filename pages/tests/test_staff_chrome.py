"""Staff navigation only after the second factor, no "Staff login" once logged in, the admin's own branding and
French section titles, and dates nobody can misread."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from accounts.sample import DEMO_PASSWORD
from tests.fixtures.accounts import make_staff

pytestmark = pytest.mark.django_db


def test_the_staff_menu_waits_for_the_second_factor(client, reference_data):
    user = make_staff(email="nav@example.org", password=DEMO_PASSWORD)
    anonymous = client.get("/fr/").text
    assert "Connexion du personnel" in anonymous and "/fr/portal/" not in anonymous
    response = client.post("/fr/accounts/login/", {"username": user.email, "password": DEMO_PASSWORD}, follow=True)
    assert "/accounts/two-factor/" in response.redirect_chain[-1][0]
    half_way = response.text
    assert 'href="/fr/portal/"' not in half_way, "the staff menu shows before the code is entered"


def test_a_verified_staff_member_sees_the_menu_and_no_staff_login(client, reference_data, staff_client):
    staff_client(make_staff(email="nav2@example.org"))
    html = client.get("/fr/").text
    assert 'href="/fr/portal/"' in html
    assert "Connexion du personnel" not in html


def test_the_admin_has_the_sites_branding_and_french_section_titles(client, reference_data, staff_client):
    staff_client(make_staff(email="admin.nav@example.org", is_network_admin=True))
    from accounts.models import User

    User.objects.filter(email="admin.nav@example.org").update(is_staff=True, is_superuser=True)
    html = client.get("/fr/admin/").text
    assert "Trouve ton X" in html and "Django administration" not in html and "Administration de Django" not in html
    for title in ("Répertoire des centres", "Règles d’admissibilité", "Géographie", "Comptes du personnel"):
        assert title in html.replace("'", "’"), title


@pytest.mark.parametrize(
    ("lang", "expected"), [("fr", "6 déc. 2026 07\u00a0h\u00a037"), ("en", "Dec 6, 2026, 7:37 a.m.")]
)
def test_dates_are_unambiguous(lang, expected):
    moment = datetime.datetime(2026, 12, 6, 7, 37)
    with translation.override(lang):
        rendered = Template('{{ moment|date:"SHORT_DATETIME_FORMAT" }}').render(Context({"moment": moment}))
    assert rendered == expected
    assert "12/06" not in rendered and "06/12" not in rendered
