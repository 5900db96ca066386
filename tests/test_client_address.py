"""The client's address behind the proxies in front: the feedback limit and the login lockout
count per client, never per proxy, and believe X-Forwarded-For only from a trusted proxy."""

import threading
import urllib.error

import pytest
import redis
from django.conf import settings

from feedback.models import Feedback
from kela_portal.proxies import client_address
from tests.conftest import redis_url
from tests.servers import HAS_NGINX, Visitor, exchange, gunicorn, nginx

LIMIT = 5


@pytest.mark.parametrize(
    ("trusted", "peer", "forwarded", "client"),
    [
        ("", "10.0.0.5", "203.0.113.1", "10.0.0.5"),  # no proxies: the header is not read
        ("1", "10.0.0.5", "203.0.113.1", "203.0.113.1"),
        ("1", "10.0.0.5", "198.51.100.9, 203.0.113.1", "203.0.113.1"),  # the client forged one
        ("2", "10.0.0.5", "198.51.100.9, 203.0.113.1, 10.0.0.7", "203.0.113.1"),
        ("2", "10.0.0.5", "", "10.0.0.5"),
        ("10.0.0.0/8", "10.0.0.5", "198.51.100.9, 203.0.113.1, 10.0.0.7", "203.0.113.1"),
        ("10.0.0.0/8", "192.0.2.66", "203.0.113.1", "192.0.2.66"),  # an untrusted peer
        # A trusted proxy that names something not an address: the proxy is the client.
        ("10.0.0.0/8,127.0.0.1", "127.0.0.1", "not-an-address, 10.0.0.7", "10.0.0.7"),
        ("127.0.0.1", "127.0.0.1", "203.0.113.1:4711", "127.0.0.1"),
        ("1", "10.0.0.5", "198.51.100.9, not-an-address", "10.0.0.5"),
    ],
)
def test_the_client_is_read_through_the_trusted_proxies_only(
    rf, settings, trusted, peer, forwarded, client
):
    settings.TRUSTED_PROXIES = trusted
    request = rf.get("/", REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == client


FORGED = {
    # The proxy (trusted) passes on what the client forged, and adds the client's address.
    "through a trusted proxy": ("127.0.0.1", "127.0.0.1", "198.51.100.{n}, 203.0.113.66"),
    # The client itself (not a proxy) sends the header.
    "from an untrusted address": ("10.0.0.0/8", "203.0.113.66", "198.51.100.{n}"),
    # A trusted proxy passes on something that is no address.
    "no address": ("127.0.0.1", "127.0.0.1", "not-an-address-{n}"),
}


@pytest.mark.parametrize("case", FORGED)
def test_a_forged_forwarded_address_does_not_change_the_login_lockout(
    client, db, django_user_model, settings, case
):
    """An attacker who writes another address into X-Forwarded-For at every wrong password is
    locked out all the same, and then even with the right password."""
    trusted, peer, forwarded = FORGED[case]
    settings.TRUSTED_PROXIES = trusted
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed
    django_user_model.objects.create_user("editor", password="a-long-password", is_staff=True)
    login = f"/{settings.ADMIN_PATH}login/"

    def attempt(n, password):
        headers = {"REMOTE_ADDR": peer, "HTTP_X_FORWARDED_FOR": forwarded.format(n=n)}
        data = {"username": "editor", "password": password}
        return client.post(login, data, **headers).status_code

    limit = settings.AXES_FAILURE_LIMIT
    statuses = [attempt(n, "wrong-guess-123") for n in range(limit)]
    assert statuses == [200] * (limit - 1) + [429]
    assert attempt(limit, "a-long-password") == 429


@pytest.fixture
def behind_a_proxy(loaded, transactional_db):
    """A gunicorn that trusts 127.0.0.1 (the test, acting as the proxy) with its own Redis."""
    servers = []

    def serve(trusted="127.0.0.1", **env):
        server = gunicorn(DJANGO_TRUSTED_PROXIES=trusted, REDIS_URL=redis_url(1), **env)
        servers.append(server)
        return server.__enter__()

    yield serve
    for server in servers:
        server.__exit__(None, None, None)
    redis.Redis.from_url(redis_url(1)).flushdb()


def from_client(base, address):
    """A visitor whose requests arrive through the proxy, which names it in X-Forwarded-For."""
    return Visitor(base, headers=[("X-Forwarded-For", address)])


def send_feedback(visitor, message="Palautetta."):
    """The status the feedback form answers with: 200 (thanked) or 429."""
    try:
        final_url, _body = visitor.submit("/fi/palaute/", "feedback-form", message=message)
    except urllib.error.HTTPError as error:
        return error.code
    assert final_url.endswith("/fi/palaute/kiitos/")
    return 200


def test_two_clients_behind_the_proxy_have_limits_of_their_own(behind_a_proxy):
    base = behind_a_proxy()
    first, second = from_client(base, "203.0.113.1"), from_client(base, "203.0.113.2")
    assert [send_feedback(first) for _ in range(LIMIT + 1)] == [200] * LIMIT + [429]
    assert send_feedback(second) == 200
    assert Feedback.objects.count() == LIMIT + 1


def test_a_forwarded_address_from_an_untrusted_peer_is_ignored(behind_a_proxy):
    base = behind_a_proxy(trusted="10.0.0.0/8")  # the test's 127.0.0.1 is not a proxy
    statuses = [send_feedback(from_client(base, f"203.0.113.{n}")) for n in range(LIMIT + 1)]
    assert statuses == [200] * LIMIT + [429]


def test_thirty_parallel_posts_store_at_most_the_limit(behind_a_proxy):
    base = behind_a_proxy(GUNICORN_WORKERS="3", GUNICORN_THREADS="4")
    visitors = [from_client(base, "203.0.113.1") for _ in range(30)]
    forms = [visitor.open("/fi/palaute/") for visitor in visitors]  # each has its CSRF cookie
    assert len(forms) == 30
    start = threading.Barrier(30)
    statuses = []

    def post(visitor):
        start.wait()
        statuses.append(send_feedback(visitor))

    threads = [threading.Thread(target=post, args=(visitor,)) for visitor in visitors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] * LIMIT + [429] * (30 - LIMIT)
    assert Feedback.objects.count() == LIMIT


def test_wrong_passwords_from_one_address_do_not_lock_the_editor_out_from_another(
    behind_a_proxy, django_user_model
):
    django_user_model.objects.create_user("editor", password="a-long-password", is_staff=True)
    base = behind_a_proxy()
    login = f"/{settings.ADMIN_PATH}login/"
    attacker = from_client(base, "198.51.100.66")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        try:
            attacker.submit(login, "login-form", username="editor", password="wrong-guess-123")
        except urllib.error.HTTPError as error:
            assert error.code == 429
    try:
        attacker.submit(login, "login-form", username="editor", password="a-long-password")
    except urllib.error.HTTPError as error:
        assert error.code == 429, "the attacker's address is locked out"
    else:
        pytest.fail("the attacker's address is locked out even with the right password")

    editor = from_client(base, "203.0.113.7")
    final_url, _body = editor.submit(
        login, "login-form", username="editor", password="a-long-password"
    )
    assert final_url.endswith(f"/{settings.ADMIN_PATH}"), "the editor logs in from elsewhere"


needs_nginx = pytest.mark.skipif(not HAS_NGINX, reason="nginx is installed by .ci/system-deps")


@needs_nginx
@pytest.mark.parametrize("load_balancer", [False, True])
def test_nginx_believes_the_scheme_only_from_the_load_balancer(
    behind_a_proxy, tmp_path, load_balancer
):
    """A visitor who claims to have come over HTTPS (X-Forwarded-Proto) while reaching nginx
    over plain HTTP is sent to HTTPS all the same; the load balancer in front, which ends TLS,
    is believed."""
    base = behind_a_proxy(trusted="1", DJANGO_SECURE_SSL_REDIRECT="1")
    trusted = "127.0.0.1" if load_balancer else ""
    with nginx(base.removeprefix("http://"), tmp_path, trusted_proxies=trusted) as proxied:
        status, headers, _body = exchange(
            proxied, "/fi/", {"Host": "127.0.0.1", "X-Forwarded-Proto": "https"}
        )
    if load_balancer:
        assert status == 200
    else:
        assert status == 301
        assert headers["Location"] == "https://127.0.0.1/fi/"


@needs_nginx
def test_behind_nginx_and_the_load_balancer_each_client_has_its_own_limit(behind_a_proxy, tmp_path):
    """The production shape: the load balancer names the client to nginx, nginx to the portal
    (which trusts one hop, nginx). What a client forged before the load balancer's address
    changes nothing; two clients have limits of their own."""
    base = behind_a_proxy(trusted="1")
    with nginx(base.removeprefix("http://"), tmp_path, trusted_proxies="127.0.0.1") as proxied:
        first = [from_client(proxied, f"198.51.100.{n}, 203.0.113.1") for n in range(LIMIT + 1)]
        assert [send_feedback(visitor) for visitor in first] == [200] * LIMIT + [429]
        assert send_feedback(from_client(proxied, "203.0.113.2")) == 200
