"""Finding 2 of the production probe: behind a proxy every visitor had the proxy's address, so the whole public
shared one contact-form bucket and one login lockout. X-Forwarded-For is trusted only from TRUSTED_PROXIES, and the
client is the right-most hop that is not one of them (hops further left are whatever the client claimed)."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from lib.clientaddr import client_address


def _request(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_it_ignores_x_forwarded_for_without_trusted_proxies(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(_request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_it_ignores_x_forwarded_for_from_an_untrusted_peer(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_address(_request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_it_takes_the_right_most_untrusted_hop(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "127.0.0.1"]
    # The client forged "1.2.3.4"; our proxies appended the real address, then each other's.
    request = _request("127.0.0.1", "1.2.3.4, 198.51.100.7, 10.1.2.3")
    assert client_address(request) == "198.51.100.7"


def test_it_normalises_ipv6_and_survives_garbage(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "::1"]
    assert client_address(_request("::1", "2001:DB8::0001")) == "2001:db8::1"
    assert client_address(_request("127.0.0.1", "not-an-address")) == "not-an-address"
    assert client_address(_request("127.0.0.1", "")) == "127.0.0.1"
    assert client_address(_request("127.0.0.1", " , ,")) == "127.0.0.1"


def test_it_refuses_a_bad_trusted_proxies_setting():
    from lib.clientaddr import parse_networks

    with pytest.raises(ValueError):
        parse_networks(["not-a-network"])


def test_it_gives_each_client_behind_the_proxy_its_own_contact_quota(client, centre_a, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    settings.CONTACT_REQUEST_RATE_LIMIT = 2
    url = reverse("referrals:request_new", args=[centre_a.pk])

    def post(forwarded):
        token = client.get(url).context["form"].initial["token"]
        data = {"token": token, "name": "Léa", "phone": "418 555-0101", "preferred_language": "fr", "consent": "on"}
        return client.post(url, data, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)

    assert post("198.51.100.1").status_code == 302
    assert post("198.51.100.1").status_code == 302
    assert post("198.51.100.1").status_code == 429
    # Another person behind the same proxy is not blocked by the first one.
    assert post("198.51.100.2").status_code == 302
    # And a client cannot pick a fresh bucket by forging the header: the proxy appends the real address.
    assert post("5.6.7.8, 198.51.100.1").status_code == 429


def test_it_locks_logins_per_real_client_address(client, centre_a, settings):
    from axes.helpers import get_client_ip_address

    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    request = _request("127.0.0.1", "198.51.100.3")
    assert get_client_ip_address(request) == "198.51.100.3"


def test_it_gives_axes_only_valid_addresses(settings):
    """django-axes stores addresses in an IP column (inet on PostgreSQL): never "unknown" or a malformed hop."""
    from lib.clientaddr import client_ip

    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    assert client_ip(_request("127.0.0.1", "not-an-address")) is None
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR="")) is None
    assert client_ip(_request("127.0.0.1", "198.51.100.4")) == "198.51.100.4"
