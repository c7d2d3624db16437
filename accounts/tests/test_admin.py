from django.urls import reverse

from accounts.models import User
from tests.fixtures.accounts import verified_login


def test_it_lists_and_edits_staff_in_the_admin(client, manager_a):
    admin_user = User.objects.create_superuser(username="root@example.org", email="root@example.org", password="x" * 14)
    verified_login(client, admin_user)
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200
    page = client.get(reverse("admin:accounts_user_change", args=[manager_a.pk]))
    assert page.status_code == 200
    assert "is_network_admin" in page.content.decode()
