"""Hostile input everywhere: generated paths, query strings and headers never give a 500."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.conftest import LANGUAGES
from tests.pages import public_pages

segment = st.one_of(
    st.text(max_size=40),
    st.text(alphabet="%0123456789abcdefABCDEF/.", max_size=30),
    st.sampled_from(["..", "../..", "%2e%2e", "%00", "\x00", "%ff%fe", "~", "//", "%c0%af"]),
    st.text(min_size=500, max_size=3000, alphabet="aä€𝄞/"),
)
header_text = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=300)


def answer(call):
    """The response, and how many SQL queries it took (hostile input must stay cheap)."""
    with CaptureQueriesContext(connection) as queries:
        response = call()
    return response, len(queries)


@pytest.fixture
def paths(loaded):
    """Every public page in every language, and the paths outside the language prefix."""
    pages = [path for lang in LANGUAGES for _label, path in public_pages(lang)]
    return pages + ["/", "/healthz", "/robots.txt", f"/{settings.ADMIN_PATH}login/"]


# As many examples as the Hypothesis profile gives (tests/conftest.py): 2,000 in CI.
@hypothesis_settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    data=st.data(),
    extra=st.lists(segment, max_size=3),
    query=st.dictionaries(st.text(max_size=20), st.text(max_size=300), max_size=4),
    accept_language=header_text,
    cookie_size=st.integers(min_value=0, max_value=8000),
    post=st.booleans(),
)
def test_no_request_gives_a_server_error(
    client, paths, data, extra, query, accept_language, cookie_size, post
):
    path = data.draw(st.sampled_from(paths))
    path = path.rstrip("/") + "/" + "/".join(extra) if extra else path
    headers = {"Accept-Language": accept_language, "Cookie": "x=" + "a" * cookie_size}
    if post:
        response, count = answer(lambda: client.post(path, query, headers=headers))
    else:
        response, count = answer(lambda: client.get(path, query, headers=headers))
    assert response.status_code < 500, (path, query, response.status_code)
    assert count <= 12, (path, count)
